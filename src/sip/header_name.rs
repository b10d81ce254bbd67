//! Header field names, long and compact (RFC 3261 §7.3.3, §20; RFC 6665 §7.3).
//! Generated from the table in this file's tests; keep both in step.

use std::fmt;

/// A header field name the crate knows, or [`HeaderName::Other`].
///
/// Lookup is case-insensitive and understands every compact form.
///
/// ```
/// use sip_xmpp::sip::HeaderName;
/// assert_eq!(HeaderName::from_name("i"), HeaderName::CallId);
/// assert_eq!(HeaderName::from_name("call-id"), HeaderName::CallId);
/// assert_eq!(HeaderName::CallId.as_str(), "Call-ID");
/// assert_eq!(HeaderName::from_name("X-Foo"), HeaderName::Other);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum HeaderName {
    /// `Accept`.
    Accept,
    /// `Accept-Contact` (compact `a`).
    AcceptContact,
    /// `Accept-Encoding`.
    AcceptEncoding,
    /// `Accept-Language`.
    AcceptLanguage,
    /// `Alert-Info`.
    AlertInfo,
    /// `Allow`.
    Allow,
    /// `Allow-Events` (compact `u`).
    AllowEvents,
    /// `Authentication-Info`.
    AuthenticationInfo,
    /// `Authorization`.
    Authorization,
    /// `Call-ID` (compact `i`).
    CallId,
    /// `Call-Info`.
    CallInfo,
    /// `Contact` (compact `m`).
    Contact,
    /// `Content-Disposition`.
    ContentDisposition,
    /// `Content-Encoding` (compact `e`).
    ContentEncoding,
    /// `Content-Language`.
    ContentLanguage,
    /// `Content-Length` (compact `l`).
    ContentLength,
    /// `Content-Type` (compact `c`).
    ContentType,
    /// `CSeq`.
    CSeq,
    /// `Date`.
    Date,
    /// `Error-Info`.
    ErrorInfo,
    /// `Event` (compact `o`).
    Event,
    /// `Expires`.
    Expires,
    /// `From` (compact `f`).
    From,
    /// `Identity` (compact `y`).
    Identity,
    /// `In-Reply-To`.
    InReplyTo,
    /// `Max-Forwards`.
    MaxForwards,
    /// `MIME-Version`.
    MimeVersion,
    /// `Min-Expires`.
    MinExpires,
    /// `Organization`.
    Organization,
    /// `Priority`.
    Priority,
    /// `Proxy-Authenticate`.
    ProxyAuthenticate,
    /// `Proxy-Authorization`.
    ProxyAuthorization,
    /// `Proxy-Require`.
    ProxyRequire,
    /// `Reason`.
    Reason,
    /// `Record-Route`.
    RecordRoute,
    /// `Refer-To` (compact `r`).
    ReferTo,
    /// `Referred-By` (compact `b`).
    ReferredBy,
    /// `Reject-Contact` (compact `j`).
    RejectContact,
    /// `Reply-To`.
    ReplyTo,
    /// `Request-Disposition` (compact `d`).
    RequestDisposition,
    /// `Require`.
    Require,
    /// `Retry-After`.
    RetryAfter,
    /// `Route`.
    Route,
    /// `Server`.
    Server,
    /// `Session-Expires` (compact `x`).
    SessionExpires,
    /// `Subject` (compact `s`).
    Subject,
    /// `Subscription-State`.
    SubscriptionState,
    /// `Supported` (compact `k`).
    Supported,
    /// `Timestamp`.
    Timestamp,
    /// `To` (compact `t`).
    To,
    /// `Unsupported`.
    Unsupported,
    /// `User-Agent`.
    UserAgent,
    /// `Via` (compact `v`).
    Via,
    /// `Warning`.
    Warning,
    /// `WWW-Authenticate`.
    WwwAuthenticate,
    /// Any other header (an extension header, kept with its own name).
    Other,
}

impl HeaderName {
    /// The long form of the name (`Other` gives an empty string).
    #[inline]
    pub const fn as_str(self) -> &'static str {
        match self {
            HeaderName::Accept => "Accept",
            HeaderName::AcceptContact => "Accept-Contact",
            HeaderName::AcceptEncoding => "Accept-Encoding",
            HeaderName::AcceptLanguage => "Accept-Language",
            HeaderName::AlertInfo => "Alert-Info",
            HeaderName::Allow => "Allow",
            HeaderName::AllowEvents => "Allow-Events",
            HeaderName::AuthenticationInfo => "Authentication-Info",
            HeaderName::Authorization => "Authorization",
            HeaderName::CallId => "Call-ID",
            HeaderName::CallInfo => "Call-Info",
            HeaderName::Contact => "Contact",
            HeaderName::ContentDisposition => "Content-Disposition",
            HeaderName::ContentEncoding => "Content-Encoding",
            HeaderName::ContentLanguage => "Content-Language",
            HeaderName::ContentLength => "Content-Length",
            HeaderName::ContentType => "Content-Type",
            HeaderName::CSeq => "CSeq",
            HeaderName::Date => "Date",
            HeaderName::ErrorInfo => "Error-Info",
            HeaderName::Event => "Event",
            HeaderName::Expires => "Expires",
            HeaderName::From => "From",
            HeaderName::Identity => "Identity",
            HeaderName::InReplyTo => "In-Reply-To",
            HeaderName::MaxForwards => "Max-Forwards",
            HeaderName::MimeVersion => "MIME-Version",
            HeaderName::MinExpires => "Min-Expires",
            HeaderName::Organization => "Organization",
            HeaderName::Priority => "Priority",
            HeaderName::ProxyAuthenticate => "Proxy-Authenticate",
            HeaderName::ProxyAuthorization => "Proxy-Authorization",
            HeaderName::ProxyRequire => "Proxy-Require",
            HeaderName::Reason => "Reason",
            HeaderName::RecordRoute => "Record-Route",
            HeaderName::ReferTo => "Refer-To",
            HeaderName::ReferredBy => "Referred-By",
            HeaderName::RejectContact => "Reject-Contact",
            HeaderName::ReplyTo => "Reply-To",
            HeaderName::RequestDisposition => "Request-Disposition",
            HeaderName::Require => "Require",
            HeaderName::RetryAfter => "Retry-After",
            HeaderName::Route => "Route",
            HeaderName::Server => "Server",
            HeaderName::SessionExpires => "Session-Expires",
            HeaderName::Subject => "Subject",
            HeaderName::SubscriptionState => "Subscription-State",
            HeaderName::Supported => "Supported",
            HeaderName::Timestamp => "Timestamp",
            HeaderName::To => "To",
            HeaderName::Unsupported => "Unsupported",
            HeaderName::UserAgent => "User-Agent",
            HeaderName::Via => "Via",
            HeaderName::Warning => "Warning",
            HeaderName::WwwAuthenticate => "WWW-Authenticate",
            HeaderName::Other => "",
        }
    }

    /// The compact form, if the header has one.
    pub const fn compact(self) -> Option<char> {
        match self {
            HeaderName::AcceptContact => Some('a'),
            HeaderName::AllowEvents => Some('u'),
            HeaderName::CallId => Some('i'),
            HeaderName::Contact => Some('m'),
            HeaderName::ContentEncoding => Some('e'),
            HeaderName::ContentLength => Some('l'),
            HeaderName::ContentType => Some('c'),
            HeaderName::Event => Some('o'),
            HeaderName::From => Some('f'),
            HeaderName::Identity => Some('y'),
            HeaderName::ReferTo => Some('r'),
            HeaderName::ReferredBy => Some('b'),
            HeaderName::RejectContact => Some('j'),
            HeaderName::RequestDisposition => Some('d'),
            HeaderName::SessionExpires => Some('x'),
            HeaderName::Subject => Some('s'),
            HeaderName::Supported => Some('k'),
            HeaderName::To => Some('t'),
            HeaderName::Via => Some('v'),
            _ => None,
        }
    }

    /// Looks a header name up, case-insensitively, in long or compact form.
    pub fn from_name(name: &str) -> HeaderName {
        if crate::grammar::is_token(name) {
            Self::from_bytes(name.as_bytes())
        } else {
            HeaderName::Other
        }
    }

    /// [`from_name`](Self::from_name) on bytes that are already known to be
    /// token characters: dispatches on the length and the first letter, then
    /// compares once.
    pub(crate) fn from_bytes(b: &[u8]) -> HeaderName {
        let Some(&first) = b.first() else {
            return HeaderName::Other;
        };
        let first = first.to_ascii_lowercase();
        if b.len() == 1 {
            return match first {
                b'a' => HeaderName::AcceptContact,
                b'u' => HeaderName::AllowEvents,
                b'i' => HeaderName::CallId,
                b'm' => HeaderName::Contact,
                b'e' => HeaderName::ContentEncoding,
                b'l' => HeaderName::ContentLength,
                b'c' => HeaderName::ContentType,
                b'o' => HeaderName::Event,
                b'f' => HeaderName::From,
                b'y' => HeaderName::Identity,
                b'r' => HeaderName::ReferTo,
                b'b' => HeaderName::ReferredBy,
                b'j' => HeaderName::RejectContact,
                b'd' => HeaderName::RequestDisposition,
                b'x' => HeaderName::SessionExpires,
                b's' => HeaderName::Subject,
                b'k' => HeaderName::Supported,
                b't' => HeaderName::To,
                b'v' => HeaderName::Via,
                _ => HeaderName::Other,
            };
        }
        let candidate = match (b.len(), first) {
            (2, b't') => HeaderName::To,
            (3, b'v') => HeaderName::Via,
            (4, b'c') => HeaderName::CSeq,
            (4, b'd') => HeaderName::Date,
            (4, b'f') => HeaderName::From,
            (5, b'a') => HeaderName::Allow,
            (5, b'e') => HeaderName::Event,
            (5, b'r') => HeaderName::Route,
            (6, b'a') => HeaderName::Accept,
            (6, b'r') => HeaderName::Reason,
            (6, b's') => HeaderName::Server,
            (7, b'c') => {
                if eq_token_ic(b, b"Call-ID") {
                    return HeaderName::CallId;
                }
                HeaderName::Contact
            }
            (7, b'e') => HeaderName::Expires,
            (7, b'r') => HeaderName::Require,
            (7, b's') => HeaderName::Subject,
            (7, b'w') => HeaderName::Warning,
            (8, b'i') => HeaderName::Identity,
            (8, b'p') => HeaderName::Priority,
            (8, b'r') => {
                if eq_token_ic(b, b"Refer-To") {
                    return HeaderName::ReferTo;
                }
                HeaderName::ReplyTo
            }
            (9, b'c') => HeaderName::CallInfo,
            (9, b's') => HeaderName::Supported,
            (9, b't') => HeaderName::Timestamp,
            (10, b'a') => HeaderName::AlertInfo,
            (10, b'e') => HeaderName::ErrorInfo,
            (10, b'u') => HeaderName::UserAgent,
            (11, b'i') => HeaderName::InReplyTo,
            (11, b'm') => HeaderName::MinExpires,
            (11, b'r') => {
                if eq_token_ic(b, b"Referred-By") {
                    return HeaderName::ReferredBy;
                }
                HeaderName::RetryAfter
            }
            (11, b'u') => HeaderName::Unsupported,
            (12, b'a') => HeaderName::AllowEvents,
            (12, b'c') => HeaderName::ContentType,
            (12, b'm') => {
                if eq_token_ic(b, b"Max-Forwards") {
                    return HeaderName::MaxForwards;
                }
                HeaderName::MimeVersion
            }
            (12, b'o') => HeaderName::Organization,
            (12, b'r') => HeaderName::RecordRoute,
            (13, b'a') => HeaderName::Authorization,
            (13, b'p') => HeaderName::ProxyRequire,
            (14, b'a') => HeaderName::AcceptContact,
            (14, b'c') => HeaderName::ContentLength,
            (14, b'r') => HeaderName::RejectContact,
            (15, b'a') => {
                if eq_token_ic(b, b"Accept-Encoding") {
                    return HeaderName::AcceptEncoding;
                }
                HeaderName::AcceptLanguage
            }
            (15, b's') => HeaderName::SessionExpires,
            (16, b'c') => {
                if eq_token_ic(b, b"Content-Encoding") {
                    return HeaderName::ContentEncoding;
                }
                HeaderName::ContentLanguage
            }
            (16, b'w') => HeaderName::WwwAuthenticate,
            (18, b'p') => HeaderName::ProxyAuthenticate,
            (18, b's') => HeaderName::SubscriptionState,
            (19, b'a') => HeaderName::AuthenticationInfo,
            (19, b'c') => HeaderName::ContentDisposition,
            (19, b'p') => HeaderName::ProxyAuthorization,
            (19, b'r') => HeaderName::RequestDisposition,
            _ => return HeaderName::Other,
        };
        if eq_token_ic(b, candidate.as_str().as_bytes()) {
            candidate
        } else {
            HeaderName::Other
        }
    }

    /// Whether several values of this header may be combined in one row
    /// separated by commas (RFC 3261 §7.3.1). The authentication headers are
    /// excluded: they must never be split or joined.
    pub const fn is_list(self) -> bool {
        matches!(
            self,
            HeaderName::Accept
                | HeaderName::AcceptContact
                | HeaderName::AcceptEncoding
                | HeaderName::AcceptLanguage
                | HeaderName::AlertInfo
                | HeaderName::Allow
                | HeaderName::AllowEvents
                | HeaderName::CallInfo
                | HeaderName::Contact
                | HeaderName::ContentEncoding
                | HeaderName::ContentLanguage
                | HeaderName::ErrorInfo
                | HeaderName::InReplyTo
                | HeaderName::ProxyRequire
                | HeaderName::Reason
                | HeaderName::RecordRoute
                | HeaderName::RejectContact
                | HeaderName::RequestDisposition
                | HeaderName::Require
                | HeaderName::Route
                | HeaderName::Supported
                | HeaderName::Unsupported
                | HeaderName::Via
                | HeaderName::Warning
        )
    }

    /// Whether the header may appear at most once (RFC 3261 §7.3.1 and
    /// §20); a second one makes the message malformed.
    pub const fn is_single(self) -> bool {
        matches!(
            self,
            HeaderName::CallId
                | HeaderName::CSeq
                | HeaderName::ContentLength
                | HeaderName::ContentType
                | HeaderName::Expires
                | HeaderName::From
                | HeaderName::MaxForwards
                | HeaderName::To
                | HeaderName::Event
                | HeaderName::SubscriptionState
                | HeaderName::MinExpires
                | HeaderName::RetryAfter
                | HeaderName::Date
        )
    }
}

/// Case-insensitive equality of a header name (token characters only)
/// with a known name (letters and `-`): OR-ing 0x20 folds case, and no
/// token character other than a letter or `-` folds onto one of those.
/// Compares eight bytes at a time (four for names of four to seven
/// bytes), the last word overlapping the one before it.
#[inline]
fn eq_token_ic(a: &[u8], known: &[u8]) -> bool {
    let n = a.len();
    if n != known.len() {
        return false;
    }
    if n >= 8 {
        const FOLD: u64 = 0x2020_2020_2020_2020;
        let word = |s: &[u8], i: usize| {
            s.get(i..i + 8)
                .and_then(|c| <[u8; 8]>::try_from(c).ok())
                .map_or(0, u64::from_le_bytes)
                | FOLD
        };
        let mut i = 0;
        while i + 8 < n {
            if word(a, i) != word(known, i) {
                return false;
            }
            i += 8;
        }
        word(a, n - 8) == word(known, n - 8)
    } else if n >= 4 {
        const FOLD: u32 = 0x2020_2020;
        let word = |s: &[u8], i: usize| {
            s.get(i..i + 4)
                .and_then(|c| <[u8; 4]>::try_from(c).ok())
                .map_or(0, u32::from_le_bytes)
                | FOLD
        };
        word(a, 0) == word(known, 0) && word(a, n - 4) == word(known, n - 4)
    } else {
        a.iter().zip(known).all(|(&x, &y)| x | 0x20 == y | 0x20)
    }
}

impl fmt::Display for HeaderName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_name_round_trips() {
        let all = [
            (HeaderName::Accept, "Accept", None),
            (HeaderName::AcceptContact, "Accept-Contact", Some('a')),
            (HeaderName::AcceptEncoding, "Accept-Encoding", None),
            (HeaderName::AcceptLanguage, "Accept-Language", None),
            (HeaderName::AlertInfo, "Alert-Info", None),
            (HeaderName::Allow, "Allow", None),
            (HeaderName::AllowEvents, "Allow-Events", Some('u')),
            (HeaderName::AuthenticationInfo, "Authentication-Info", None),
            (HeaderName::Authorization, "Authorization", None),
            (HeaderName::CallId, "Call-ID", Some('i')),
            (HeaderName::CallInfo, "Call-Info", None),
            (HeaderName::Contact, "Contact", Some('m')),
            (HeaderName::ContentDisposition, "Content-Disposition", None),
            (HeaderName::ContentEncoding, "Content-Encoding", Some('e')),
            (HeaderName::ContentLanguage, "Content-Language", None),
            (HeaderName::ContentLength, "Content-Length", Some('l')),
            (HeaderName::ContentType, "Content-Type", Some('c')),
            (HeaderName::CSeq, "CSeq", None),
            (HeaderName::Date, "Date", None),
            (HeaderName::ErrorInfo, "Error-Info", None),
            (HeaderName::Event, "Event", Some('o')),
            (HeaderName::Expires, "Expires", None),
            (HeaderName::From, "From", Some('f')),
            (HeaderName::Identity, "Identity", Some('y')),
            (HeaderName::InReplyTo, "In-Reply-To", None),
            (HeaderName::MaxForwards, "Max-Forwards", None),
            (HeaderName::MimeVersion, "MIME-Version", None),
            (HeaderName::MinExpires, "Min-Expires", None),
            (HeaderName::Organization, "Organization", None),
            (HeaderName::Priority, "Priority", None),
            (HeaderName::ProxyAuthenticate, "Proxy-Authenticate", None),
            (HeaderName::ProxyAuthorization, "Proxy-Authorization", None),
            (HeaderName::ProxyRequire, "Proxy-Require", None),
            (HeaderName::Reason, "Reason", None),
            (HeaderName::RecordRoute, "Record-Route", None),
            (HeaderName::ReferTo, "Refer-To", Some('r')),
            (HeaderName::ReferredBy, "Referred-By", Some('b')),
            (HeaderName::RejectContact, "Reject-Contact", Some('j')),
            (HeaderName::ReplyTo, "Reply-To", None),
            (
                HeaderName::RequestDisposition,
                "Request-Disposition",
                Some('d'),
            ),
            (HeaderName::Require, "Require", None),
            (HeaderName::RetryAfter, "Retry-After", None),
            (HeaderName::Route, "Route", None),
            (HeaderName::Server, "Server", None),
            (HeaderName::SessionExpires, "Session-Expires", Some('x')),
            (HeaderName::Subject, "Subject", Some('s')),
            (HeaderName::SubscriptionState, "Subscription-State", None),
            (HeaderName::Supported, "Supported", Some('k')),
            (HeaderName::Timestamp, "Timestamp", None),
            (HeaderName::To, "To", Some('t')),
            (HeaderName::Unsupported, "Unsupported", None),
            (HeaderName::UserAgent, "User-Agent", None),
            (HeaderName::Via, "Via", Some('v')),
            (HeaderName::Warning, "Warning", None),
            (HeaderName::WwwAuthenticate, "WWW-Authenticate", None),
        ];
        for (h, long, compact) in all {
            assert_eq!(h.as_str(), long);
            assert_eq!(HeaderName::from_name(long), h);
            assert_eq!(HeaderName::from_name(&long.to_ascii_uppercase()), h);
            assert_eq!(HeaderName::from_name(&long.to_ascii_lowercase()), h);
            assert_eq!(h.compact(), compact);
            if let Some(c) = compact {
                assert_eq!(HeaderName::from_name(&c.to_string()), h);
                assert_eq!(
                    HeaderName::from_name(&c.to_ascii_uppercase().to_string()),
                    h
                );
            }
        }
        assert_eq!(HeaderName::from_name("C%6Fntact"), HeaderName::Other);
        assert_eq!(HeaderName::from_name("z"), HeaderName::Other);
    }

    /// Every known name, by a slow search: the reference for
    /// `from_bytes`.
    fn reference(b: &[u8]) -> HeaderName {
        let all = [
            HeaderName::Accept,
            HeaderName::AcceptContact,
            HeaderName::AcceptEncoding,
            HeaderName::AcceptLanguage,
            HeaderName::AlertInfo,
            HeaderName::Allow,
            HeaderName::AllowEvents,
            HeaderName::AuthenticationInfo,
            HeaderName::Authorization,
            HeaderName::CallId,
            HeaderName::CallInfo,
            HeaderName::Contact,
            HeaderName::ContentDisposition,
            HeaderName::ContentEncoding,
            HeaderName::ContentLanguage,
            HeaderName::ContentLength,
            HeaderName::ContentType,
            HeaderName::CSeq,
            HeaderName::Date,
            HeaderName::ErrorInfo,
            HeaderName::Event,
            HeaderName::Expires,
            HeaderName::From,
            HeaderName::Identity,
            HeaderName::InReplyTo,
            HeaderName::MaxForwards,
            HeaderName::MimeVersion,
            HeaderName::MinExpires,
            HeaderName::Organization,
            HeaderName::Priority,
            HeaderName::ProxyAuthenticate,
            HeaderName::ProxyAuthorization,
            HeaderName::ProxyRequire,
            HeaderName::Reason,
            HeaderName::RecordRoute,
            HeaderName::ReferTo,
            HeaderName::ReferredBy,
            HeaderName::RejectContact,
            HeaderName::ReplyTo,
            HeaderName::RequestDisposition,
            HeaderName::Require,
            HeaderName::RetryAfter,
            HeaderName::Route,
            HeaderName::Server,
            HeaderName::SessionExpires,
            HeaderName::Subject,
            HeaderName::SubscriptionState,
            HeaderName::Supported,
            HeaderName::Timestamp,
            HeaderName::To,
            HeaderName::Unsupported,
            HeaderName::UserAgent,
            HeaderName::Via,
            HeaderName::Warning,
            HeaderName::WwwAuthenticate,
        ];
        all.into_iter()
            .find(|h| {
                h.as_str().as_bytes().eq_ignore_ascii_case(b)
                    || (b.len() == 1
                        && h.compact()
                            .is_some_and(|c| c.eq_ignore_ascii_case(&char::from(b[0]))))
            })
            .unwrap_or(HeaderName::Other)
    }

    proptest::proptest! {
        /// The dispatch on length and first letter, then the word compare,
        /// finds what a search of every name finds.
        #[test]
        fn from_bytes_is_reference(
            name in "[a-zA-Z-]{1,20}|[a-zA-Z0-9.!%*_+`'~-]{1,20}|(?i)(content-length|call-id|max-forwards|via|cseq|from|to|contact|refer-to|referred-by|reply-to|www-authenticate|subscription-state|content-encoding|content-language)",
        ) {
            proptest::prop_assert_eq!(HeaderName::from_bytes(name.as_bytes()), reference(name.as_bytes()));
        }
    }
}
