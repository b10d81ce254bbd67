//! `im:` (RFC 3860) and `pres:` (RFC 3859) URIs, with the mailbox reduced
//! to `local@domain` as RFC 7247 §5 assumes (`dot-atom-text` local part).

use std::fmt;
use std::str::FromStr;

use super::escape::{self, Escaped};
use super::{Span, UriError, check_chars, check_len};
use crate::limits::ParseLimits;
use crate::params::MAX_PARAMS;

/// Which abstract scheme an [`ImUri`] has.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ImScheme {
    /// `im:` (instant messaging, RFC 3860).
    Im,
    /// `pres:` (presence, RFC 3859).
    Pres,
}

/// An `im:` or `pres:` URI: an optional `local@domain` mailbox and optional
/// `?headers`.
///
/// ```
/// use sip_xmpp::uri::{ImScheme, ImUri};
/// let u: ImUri = "pres:juliet@example.com".parse().unwrap();
/// assert_eq!(u.scheme(), ImScheme::Pres);
/// assert!(u.local().unwrap().matches("juliet"));
/// assert_eq!(u.domain(), Some("example.com"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ImUri {
    raw: Box<str>,
    scheme: ImScheme,
    local: Option<Span>,
    domain: Option<Span>,
    headers: Vec<(Span, Span)>,
}

/// RFC 5322 `atext`, plus `%` for escapes.
const fn is_atext(b: u8) -> bool {
    b.is_ascii_alphanumeric()
        || matches!(
            b,
            b'!' | b'#'
                | b'$'
                | b'%'
                | b'&'
                | b'\''
                | b'*'
                | b'+'
                | b'-'
                | b'/'
                | b'='
                | b'?'
                | b'^'
                | b'_'
                | b'`'
                | b'{'
                | b'|'
                | b'}'
                | b'~'
        )
}

impl ImUri {
    /// Parses an `im:` or `pres:` URI with the default length limit.
    pub fn parse(s: &str) -> Result<ImUri, UriError> {
        Self::parse_with(s, &ParseLimits::DEFAULT)
    }

    /// Parses an `im:` or `pres:` URI with the given limits.
    pub fn parse_with(s: &str, limits: &ParseLimits) -> Result<ImUri, UriError> {
        check_len(s, limits)?;
        Self::parse_unchecked(s)
    }

    pub(crate) fn parse_unchecked(s: &str) -> Result<ImUri, UriError> {
        let mut u = Self::scan(s)?;
        u.raw = Box::from(s);
        Ok(u)
    }

    /// Parses text the caller has made, with the default limits, keeping
    /// it without a copy when it is sized exactly.
    pub(crate) fn parse_owned(s: String) -> Result<ImUri, UriError> {
        check_len(&s, &ParseLimits::DEFAULT)?;
        let mut u = Self::scan(&s)?;
        u.raw = s.into_boxed_str();
        Ok(u)
    }

    /// Reads the components of `s` (`raw` is left empty).
    fn scan(s: &str) -> Result<ImUri, UriError> {
        let b = s.as_bytes();
        let (scheme, start) = if b.len() >= 3 && b[..3].eq_ignore_ascii_case(b"im:") {
            (ImScheme::Im, 3)
        } else if b.len() >= 5 && b[..5].eq_ignore_ascii_case(b"pres:") {
            (ImScheme::Pres, 5)
        } else {
            return Err(UriError::Scheme);
        };
        check_chars(s)?;
        // The mailbox ends at the first '?' after the '@' (a '?' is atext in
        // the local part).
        let at = memchr::memchr(b'@', &b[start..]).map(|p| p + start);
        let q = memchr::memchr(b'?', &b[at.unwrap_or(start)..]).map(|p| p + at.unwrap_or(start));
        let mbox_end = q.unwrap_or(b.len());
        let (mut local, mut domain) = (None, None);
        if mbox_end > start {
            let at = at
                .filter(|&a| a < mbox_end)
                .ok_or(UriError::Mailbox { offset: start })?;
            let l = &s[start..at];
            let dot_atom = !l.is_empty()
                && l.split('.')
                    .all(|atom| !atom.is_empty() && atom.bytes().all(is_atext));
            if !dot_atom {
                return Err(UriError::Mailbox { offset: start });
            }
            let d = &s[at + 1..mbox_end];
            let domain_ok = !d.is_empty()
                && (d.starts_with('[') && d.ends_with(']')
                    || d.split('.').all(|lab| {
                        !lab.is_empty()
                            && lab
                                .bytes()
                                .all(|c| c.is_ascii_alphanumeric() || c == b'-' || c == b'%')
                    }));
            if !domain_ok {
                return Err(UriError::Mailbox { offset: at + 1 });
            }
            local = Some(Span::new(start, at));
            domain = Some(Span::new(at + 1, mbox_end));
        }
        let mut headers = Vec::new();
        if let Some(q) = q {
            let mut hs = q + 1;
            loop {
                let end = memchr::memchr(b'&', &b[hs..]).map_or(b.len(), |p| p + hs);
                let item = &s[hs..end];
                let eq = item
                    .find('=')
                    .filter(|&e| e > 0)
                    .ok_or(UriError::Header { offset: hs })?;
                if headers.len() >= MAX_PARAMS {
                    return Err(UriError::TooManyParams);
                }
                headers.push((Span::new(hs, hs + eq), Span::new(hs + eq + 1, end)));
                if end == b.len() {
                    break;
                }
                hs = end + 1;
            }
        }
        Ok(ImUri {
            raw: Box::default(),
            scheme,
            local,
            domain,
            headers,
        })
    }

    /// The URI text.
    pub fn as_str(&self) -> &str {
        &self.raw
    }

    /// `im` or `pres`.
    pub fn scheme(&self) -> ImScheme {
        self.scheme
    }

    /// The local part of the mailbox, still escaped.
    pub fn local(&self) -> Option<Escaped<'_>> {
        self.local.map(|s| Escaped(s.of(&self.raw)))
    }

    /// The domain of the mailbox.
    pub fn domain(&self) -> Option<&str> {
        self.domain.map(|s| s.of(&self.raw))
    }

    /// The `?headers`, escaped.
    pub fn headers(&self) -> impl Iterator<Item = (Escaped<'_>, Escaped<'_>)> {
        self.headers
            .iter()
            .map(|(n, v)| (Escaped(n.of(&self.raw)), Escaped(v.of(&self.raw))))
    }

    /// Same scheme, local parts equal (escapes compared by value), domains
    /// equal ignoring case, same headers.
    pub fn equivalent(&self, other: &ImUri) -> bool {
        let local_eq = match (self.local(), other.local()) {
            (None, None) => true,
            (Some(a), Some(b)) => escape::component_eq(a.as_raw(), b.as_raw()),
            _ => false,
        };
        let dom_eq = match (self.domain(), other.domain()) {
            (None, None) => true,
            (Some(a), Some(b)) => a.eq_ignore_ascii_case(b),
            _ => false,
        };
        self.scheme == other.scheme
            && local_eq
            && dom_eq
            && self.headers.len() == other.headers.len()
            && self.headers().zip(other.headers()).all(|((a, b), (c, d))| {
                escape::component_eq_ic(a.as_raw(), c.as_raw())
                    && escape::component_eq(b.as_raw(), d.as_raw())
            })
    }
}

impl FromStr for ImUri {
    type Err = UriError;
    fn from_str(s: &str) -> Result<Self, UriError> {
        ImUri::parse(s)
    }
}

impl fmt::Display for ImUri {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.raw)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forms() {
        let u = ImUri::parse("im:fred@example.com?subject=hi").unwrap();
        assert_eq!(u.scheme(), ImScheme::Im);
        assert!(u.local().unwrap().matches("fred"));
        assert_eq!(u.headers().count(), 1);
        assert!(ImUri::parse("im:").unwrap().local().is_none());
        assert!(
            ImUri::parse("IM:a.b@EXAMPLE.com")
                .unwrap()
                .equivalent(&ImUri::parse("im:a.b@example.com").unwrap())
        );
        for bad in [
            "im:fred",
            "im:@x",
            "im:a..b@x",
            "im:a@",
            "im:a@b?c",
            "im:a b@c",
            "x:a@b",
        ] {
            assert!(ImUri::parse(bad).is_err(), "{bad}");
        }
    }
}
