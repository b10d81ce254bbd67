//! Error mapping between SIP response codes and XMPP stanza error
//! conditions (RFC 7247 §7).
//!
//! [`ErrorMap`] holds both tables with the RFC's values as defaults and
//! lets an embedder change single entries (RFC 7247 §7 calls the tables
//! suggestions). Where the RFC leaves a choice, or where its code would
//! need headers a gateway cannot honestly produce, the default is
//! documented on the entry:
//!
//! | XMPP condition | SIP | choice |
//! |---|---|---|
//! | `feature-not-implemented` | 405 to a full JID, 501 to a bare JID | 405 carries `Allow` (RFC 3261 §21.4.6) |
//! | `forbidden`, `item-not-found`, `not-acceptable`, `recipient-unavailable` | 4xx to a full JID, 6xx to a bare JID | RFC 7247 §7.1 note 2 |
//! | `gone` | 301 with an address (in `Contact`), 410 without | §7.1 note 3 (MUST) |
//! | `not-authorized`, `registration-required` | 403 | 401/407 need a challenge (RFC 3261 §21.4.2, §21.4.8); [`ErrorMapOptions::challenges`] restores them |
//! | `redirect` | 302 with an address (in `Contact`), 480 without | a 302 without Contact says nothing |
//! | `remote-server-not-found` | 404 | 408 only when resolution failed, which the stanza does not say |
//! | `service-unavailable` | 403 | 503 is NOT RECOMMENDED (§7.1 note 5) |
//! | `unexpected-request` | 491 inside a dialog, 400 otherwise | the RFC gives "491 or 400" |

use crate::sip::{BuildError, HeaderName, Method, NameAddr, SipMessage, StatusCode};
use crate::uri::Uri;
use crate::xmpp::{DefinedCondition, ErrorType, Stanza, StanzaError, StanzaHead};

/// The XMPP address a failed stanza was sent to: RFC 7247 §7.1 notes 1 and
/// 2 pick a different SIP code for a full JID (one device) and a bare JID
/// (the user everywhere). Decided from the error stanza's `from`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Addressee {
    /// A full JID (`user@domain/resource`): 4xx, 405.
    FullJid,
    /// A bare JID (`user@domain`) or a domain: 6xx, 501.
    BareJid,
}

impl Addressee {
    /// The addressee of a failed stanza as the error reply names it: the
    /// reply's `from` (V-CORE-12: when a server answers a full-JID request
    /// from the bare JID, the bare JID is what failed). A `from` with a
    /// resourcepart is a full JID; none, or an unparseable one, counts as
    /// bare.
    ///
    /// ```
    /// use sip_xmpp::errors::Addressee;
    /// use sip_xmpp::xmpp::{Stanza, StanzaConfig};
    /// let e = Stanza::parse(b"<message xmlns='jabber:client' type='error' from='juliet@example.com/balcony' to='romeo@example.net'>\
    ///   <error type='cancel'><item-not-found xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></message>",
    ///   &StanzaConfig::default()).unwrap();
    /// assert_eq!(Addressee::of_error_reply(&e), Addressee::FullJid);
    /// ```
    pub fn of_error_reply(reply: &Stanza) -> Addressee {
        match reply.from().map(crate::jid::Jid::parse) {
            Some(Ok(j)) if j.is_full() => Addressee::FullJid,
            _ => Addressee::BareJid,
        }
    }
}

/// What the XMPP → SIP direction needs to know besides the condition.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct XmppErrorContext {
    /// Full or bare JID of the failed stanza's addressee.
    pub addressee: Addressee,
    /// Whether the `<gone/>` or `<redirect/>` carries a new address.
    pub has_address: bool,
    /// Whether the SIP request being answered is inside a dialog (for
    /// `unexpected-request`).
    pub in_dialog: bool,
}

impl XmppErrorContext {
    /// A full-JID addressee, no address, outside a dialog.
    pub const FULL: XmppErrorContext = XmppErrorContext {
        addressee: Addressee::FullJid,
        has_address: false,
        in_dialog: false,
    };
    /// A bare-JID addressee, no address, outside a dialog.
    pub const BARE: XmppErrorContext = XmppErrorContext {
        addressee: Addressee::BareJid,
        has_address: false,
        in_dialog: false,
    };
}

/// What a SIP status code maps to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ConditionMapping {
    /// The defined condition.
    pub condition: DefinedCondition,
    /// The error type (RFC 6120 §8.3.3's recommendation for the condition,
    /// unless overridden).
    pub error_type: ErrorType,
    /// Whether the condition must carry the new address from the
    /// response's Contact (301 → `<gone/>`, 3xx → `<redirect/>`).
    pub with_address: bool,
}

/// Switches for the choices the RFC leaves open.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct ErrorMapOptions {
    /// The gateway can send authentication challenges: map
    /// `not-authorized` to 401 and `registration-required` to 407 as RFC
    /// 7247 Table A says (the caller must then add WWW-Authenticate /
    /// Proxy-Authenticate). Off by default: both map to 403.
    pub challenges: bool,
}

/// Both RFC 7247 §7 tables, with single-entry overrides.
///
/// ```
/// use sip_xmpp::errors::{ErrorMap, XmppErrorContext};
/// use sip_xmpp::sip::StatusCode;
/// use sip_xmpp::xmpp::{DefinedCondition, ErrorType};
/// let map = ErrorMap::new();
/// // XMPP -> SIP (Table A)
/// assert_eq!(map.to_sip(DefinedCondition::ItemNotFound, &XmppErrorContext::FULL).as_u16(), 404);
/// assert_eq!(map.to_sip(DefinedCondition::ItemNotFound, &XmppErrorContext::BARE).as_u16(), 604);
/// // SIP -> XMPP (Table B), class default for unknown codes
/// let e = map.to_xmpp(StatusCode::new(486).unwrap()).unwrap();
/// assert_eq!((e.condition, e.error_type), (DefinedCondition::RecipientUnavailable, ErrorType::Wait));
/// assert_eq!(map.to_xmpp(StatusCode::new(499).unwrap()).unwrap().condition, DefinedCondition::BadRequest);
/// assert!(map.to_xmpp(StatusCode::OK).is_none());
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ErrorMap {
    options: ErrorMapOptions,
    to_sip: Vec<(DefinedCondition, Option<Addressee>, StatusCode)>,
    to_xmpp: Vec<(u16, ConditionMapping)>,
}

impl ErrorMap {
    /// The RFC 7247 tables with the crate's defaults.
    pub fn new() -> Self {
        Self::default()
    }

    /// The tables with the given options.
    pub fn with_options(options: ErrorMapOptions) -> Self {
        ErrorMap {
            options,
            ..Self::default()
        }
    }

    /// Changes the SIP code for `condition` (for one kind of addressee, or
    /// for both with `None`). A later override wins.
    pub fn override_to_sip(
        &mut self,
        condition: DefinedCondition,
        addressee: Option<Addressee>,
        code: StatusCode,
    ) -> &mut Self {
        self.to_sip.push((condition, addressee, code));
        self
    }

    /// Changes the XMPP error for one SIP code. A later override wins.
    pub fn override_to_xmpp(&mut self, code: StatusCode, error: ConditionMapping) -> &mut Self {
        self.to_xmpp.push((code.as_u16(), error));
        self
    }

    /// RFC 7247 Table A: the SIP status code for an XMPP condition.
    pub fn to_sip(&self, condition: DefinedCondition, ctx: &XmppErrorContext) -> StatusCode {
        if let Some(&(_, _, code)) = self
            .to_sip
            .iter()
            .rev()
            .find(|(c, a, _)| *c == condition && a.is_none_or(|a| a == ctx.addressee))
        {
            return code;
        }
        StatusCode::new(table_a(condition, ctx, &self.options)).unwrap_or(StatusCode::BAD_REQUEST)
    }

    /// RFC 7247 Table B: the XMPP error for a SIP status code; `None` for
    /// 1xx and 2xx, which are not errors (RFC 7247 §7).
    pub fn to_xmpp(&self, code: StatusCode) -> Option<ConditionMapping> {
        if code.as_u16() < 300 {
            return None;
        }
        if let Some(&(_, e)) = self.to_xmpp.iter().rev().find(|(c, _)| *c == code.as_u16()) {
            return Some(e);
        }
        Some(table_b(code.as_u16()))
    }
}

/// What building a SIP error response needs besides the request and the
/// stanza error.
#[derive(Debug, Clone, Copy)]
pub struct SipReplyContext<'a> {
    /// Full or bare JID of the failed stanza's addressee (the error
    /// stanza's `from`).
    pub addressee: Addressee,
    /// Whether the request is inside a dialog.
    pub in_dialog: bool,
    /// The To tag for the response (RFC 3261 §8.2.6.2), added when the
    /// request's To has none.
    pub to_tag: &'a str,
    /// The methods the gateway accepts, for the `Allow` header a 405 must
    /// carry (RFC 3261 §21.4.6).
    pub allow: &'a [Method],
    /// The SIP form of the new address a `<gone/>` or `<redirect/>` carries,
    /// for the `Contact` of a 301 or 302 (the caller maps an XMPP address
    /// with the address mapper). Without it, `<gone/>` and `<redirect/>`
    /// are answered as if they carried no address (410, 480).
    pub contact: Option<&'a Uri>,
}

/// Why an error could not be translated.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum TranslateError {
    /// The SIP response is not an error (1xx, 2xx): RFC 7247 §7 maps only
    /// 3xx-6xx.
    #[error("SIP {0} is not an error response")]
    NotAnError(u16),
    /// The message given as a response is a request.
    #[error("not a SIP response")]
    NotAResponse,
    /// The SIP side could not be built.
    #[error(transparent)]
    Sip(#[from] BuildError),
    /// The XMPP side could not be built (for example: the original stanza
    /// is itself an error, which is never answered with an error, RFC 6120
    /// §8.3.1).
    #[error(transparent)]
    Xmpp(#[from] crate::xmpp::BuildError),
}

/// Text for a SIP reason phrase: no control characters, whitespace runs
/// collapsed, at most 128 characters.
fn reason_text(t: &str) -> String {
    let mut out = String::with_capacity(t.len().min(128));
    for w in t
        .split(|c: char| c.is_whitespace() || c.is_control())
        .filter(|w| !w.is_empty())
    {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(w);
    }
    out.chars().take(128).collect()
}

impl ErrorMap {
    /// The SIP response (S2X) answering `request` for an XMPP stanza error
    /// (RFC 7247 §7.1): the code from Table A, the error's `<text/>` as
    /// reason phrase when present (CORE-ERR-3), `Allow` on a 405, `Contact`
    /// on a 301 or 302 (RFC 3261 §21.3.2, §21.3.3).
    ///
    /// ```
    /// use sip_xmpp::errors::{Addressee, ErrorMap, SipReplyContext};
    /// use sip_xmpp::sip::{Framing, Method, SipMessage};
    /// use sip_xmpp::xmpp::{DefinedCondition, StanzaError};
    /// let req = SipMessage::parse(b"MESSAGE sip:ghost@example.com SIP/2.0\r\n\
    /// Via: SIP/2.0/TCP s2x.example.net;branch=z9hG4bK1\r\nFrom: <sip:romeo@example.net>;tag=a\r\n\
    /// To: <sip:ghost@example.com>\r\nCall-ID: c\r\nCSeq: 1 MESSAGE\r\nContent-Length: 0\r\n\r\n",
    ///     Framing::Stream).unwrap();
    /// let err = StanzaError::new(DefinedCondition::ServiceUnavailable);
    /// let ctx = SipReplyContext { addressee: Addressee::BareJid, in_dialog: false, to_tag: "gw1", allow: &[Method::Message], contact: None };
    /// let resp = ErrorMap::new().sip_response(&req, &err, &ctx).unwrap();
    /// assert_eq!(resp.status().unwrap().as_u16(), 403);
    /// assert_eq!(resp.to_header().unwrap().tag(), Some("gw1"));
    /// ```
    pub fn sip_response(
        &self,
        request: &SipMessage,
        error: &StanzaError,
        ctx: &SipReplyContext<'_>,
    ) -> Result<SipMessage, TranslateError> {
        let xctx = XmppErrorContext {
            addressee: ctx.addressee,
            has_address: ctx.contact.is_some(),
            in_dialog: ctx.in_dialog,
        };
        let code = self.to_sip(error.condition, &xctx);
        let mut resp = request.make_response(code, ctx.to_tag)?;
        if let Some(text) = error.text().map(reason_text).filter(|t| !t.is_empty()) {
            resp.set_reason_phrase(&text);
        }
        match code.as_u16() {
            405 => {
                let list: Vec<&str> = ctx.allow.iter().map(Method::as_str).collect();
                resp.push(HeaderName::Allow, list.join(", "))
                    .map_err(BuildError::from)?;
            }
            300..=399 => {
                if let Some(uri) = ctx.contact {
                    resp.push(HeaderName::Contact, NameAddr::new(uri.clone()))
                        .map_err(BuildError::from)?;
                }
            }
            _ => {}
        }
        Ok(resp)
    }

    /// The XMPP error stanza (X2S) answering `original` for a SIP error
    /// response (RFC 7247 §7.2): the condition and type from Table B; for
    /// 301 and 3xx the first Contact URI as the new address
    /// (CORE-ERR-11); the reason phrase, a Retry-After and the Warning
    /// texts in `<text/>` (CORE-ERR-3); `by` naming the gateway when given.
    ///
    /// ```
    /// use sip_xmpp::errors::ErrorMap;
    /// use sip_xmpp::sip::{Framing, SipMessage};
    /// use sip_xmpp::xmpp::{DefinedCondition, Stanza, StanzaConfig};
    /// let original = Stanza::parse(b"<message xmlns='jabber:client' id='ktx72v49' \
    ///     from='juliet@example.com/balcony' to='nobody@example.net'><body>Hello?</body></message>",
    ///     &StanzaConfig::default()).unwrap();
    /// let resp = SipMessage::parse(b"SIP/2.0 404 Not Found\r\nVia: SIP/2.0/TCP x2s.example.com;branch=z9hG4bK1\r\n\
    /// From: <sip:juliet@example.com;gr=balcony>;tag=1\r\nTo: <sip:nobody@example.net>;tag=2\r\n\
    /// Call-ID: c\r\nCSeq: 1 MESSAGE\r\nContent-Length: 0\r\n\r\n", Framing::Stream).unwrap();
    /// let err = ErrorMap::new().xmpp_error(&original.head(), &resp, None).unwrap();
    /// assert_eq!(err.to(), Some("juliet@example.com/balcony"));
    /// assert_eq!(err.id(), Some("ktx72v49"));
    /// assert_eq!(err.error().unwrap().condition, DefinedCondition::ItemNotFound);
    /// ```
    pub fn xmpp_error(
        &self,
        original: &StanzaHead,
        response: &SipMessage,
        by: Option<&str>,
    ) -> Result<Stanza, TranslateError> {
        let code = response.status().ok_or(TranslateError::NotAResponse)?;
        let mapping = self
            .to_xmpp(code)
            .ok_or(TranslateError::NotAnError(code.as_u16()))?;
        let mut error = StanzaError::new(mapping.condition).with_type(mapping.error_type);
        if mapping.with_address {
            if let Some(Ok(crate::sip::Contact::Address(a))) = response.contacts().next() {
                error = error.with_condition_text(a.uri.as_str());
            }
        }
        let mut text = response
            .reason_phrase()
            .map(reason_text)
            .unwrap_or_default();
        if let Ok(Some(r)) = response.retry_after() {
            text.push_str(&format!(" (retry after {} s)", r.seconds));
        }
        for w in response.warnings().flatten() {
            text.push_str(&format!("; {}", reason_text(&w.text)));
        }
        let text = text.trim_start_matches("; ").trim().to_owned();
        if !text.is_empty() {
            // The canonical phrase is English; another one's language is
            // unknown.
            let lang = (response.reason_phrase() == Some(code.canonical_reason())).then_some("en");
            error = error.with_text(lang, text);
        }
        if let Some(by) = by {
            error = error.with_by(by);
        }
        Ok(original.error_reply(&error)?)
    }
}

/// Table A with the crate's defaults (see the module table).
fn table_a(condition: DefinedCondition, ctx: &XmppErrorContext, options: &ErrorMapOptions) -> u16 {
    use DefinedCondition::*;
    let full = ctx.addressee == Addressee::FullJid;
    let pick = |full_code, bare_code| if full { full_code } else { bare_code };
    match condition {
        BadRequest | Conflict | JidMalformed | SubscriptionRequired | UndefinedCondition => 400,
        FeatureNotImplemented => pick(405, 501),
        Forbidden => pick(403, 603),
        Gone => {
            if ctx.has_address {
                301
            } else {
                410
            }
        }
        InternalServerError | ResourceConstraint => 500,
        ItemNotFound => pick(404, 604),
        NotAcceptable => pick(406, 606),
        NotAllowed | PolicyViolation | ServiceUnavailable => 403,
        NotAuthorized => {
            if options.challenges {
                401
            } else {
                403
            }
        }
        RecipientUnavailable => pick(480, 600),
        Redirect => {
            if ctx.has_address {
                302
            } else {
                480
            }
        }
        RegistrationRequired => {
            if options.challenges {
                407
            } else {
                403
            }
        }
        RemoteServerNotFound => 404,
        RemoteServerTimeout => 408,
        UnexpectedRequest => {
            if ctx.in_dialog {
                491
            } else {
                400
            }
        }
    }
}

/// Table B, with the class defaults of RFC 7247 §7.2 for other codes.
fn table_b(code: u16) -> ConditionMapping {
    use DefinedCondition::*;
    let condition = match code {
        300 | 302 | 305 => Redirect,
        301 | 410 => Gone,
        380 | 406 | 415 | 416 | 421 | 482 | 483 | 488 | 505 | 606 => NotAcceptable,
        400 | 402 | 493 => BadRequest,
        401 => NotAuthorized,
        403 => Forbidden,
        404 | 481 | 484 | 485 | 604 => ItemNotFound,
        405 | 420 | 439 | 501 => FeatureNotImplemented,
        407 => RegistrationRequired,
        408 | 504 => RemoteServerTimeout,
        413 | 414 | 440 | 489 | 513 => PolicyViolation,
        423 => ResourceConstraint,
        430 | 480 | 486 | 487 | 600 | 603 => RecipientUnavailable,
        491 => UnexpectedRequest,
        500 | 503 => InternalServerError,
        502 => RemoteServerNotFound,
        300..=399 => Redirect,
        400..=499 => BadRequest,
        500..=599 => InternalServerError,
        _ => RecipientUnavailable,
    };
    ConditionMapping {
        condition,
        error_type: condition.default_type(),
        // 301 carries the new address (RFC 7247 §7.2 note 1); a redirect
        // carries the Contact (RFC 6120 §8.3.3.14 SHOULD); 410 never does.
        with_address: code == 301 || condition == Redirect,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_maps_or_is_not_an_error() {
        let map = ErrorMap::new();
        for code in 100..=699 {
            let c = StatusCode::new(code).unwrap();
            assert_eq!(map.to_xmpp(c).is_some(), code >= 300, "{code}");
        }
    }

    #[test]
    fn overrides_win() {
        let mut map = ErrorMap::new();
        map.override_to_sip(
            DefinedCondition::ServiceUnavailable,
            None,
            StatusCode::new(405).unwrap(),
        );
        map.override_to_sip(
            DefinedCondition::Forbidden,
            Some(Addressee::BareJid),
            StatusCode::new(403).unwrap(),
        );
        assert_eq!(
            map.to_sip(
                DefinedCondition::ServiceUnavailable,
                &XmppErrorContext::BARE
            )
            .as_u16(),
            405
        );
        assert_eq!(
            map.to_sip(DefinedCondition::Forbidden, &XmppErrorContext::BARE)
                .as_u16(),
            403
        );
        assert_eq!(
            map.to_sip(DefinedCondition::Forbidden, &XmppErrorContext::FULL)
                .as_u16(),
            403
        );
        let e = ConditionMapping {
            condition: DefinedCondition::ServiceUnavailable,
            error_type: ErrorType::Cancel,
            with_address: false,
        };
        map.override_to_xmpp(StatusCode::new(503).unwrap(), e);
        assert_eq!(map.to_xmpp(StatusCode::new(503).unwrap()), Some(e));
    }
}
