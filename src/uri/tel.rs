//! `tel:` URIs (RFC 3966), parsed far enough to recognise and compare
//! them. STOX does not map telephone numbers (RFC 7247 §6.1); the address
//! mapper refuses them with a typed error.

use std::fmt;
use std::str::FromStr;

use super::escape;
use super::{Span, UriError, check_chars, check_len};
use crate::limits::ParseLimits;
use crate::params::MAX_PARAMS;

/// A `tel:` URI: a global number (`+` and digits) or a local number with a
/// `phone-context` parameter.
///
/// ```
/// use sip_xmpp::uri::TelUri;
/// let t: TelUri = "tel:+1-201-555-0123".parse().unwrap();
/// assert!(t.is_global());
/// assert_eq!(t.digits(), "+12015550123");
/// let l: TelUri = "tel:7042;phone-context=example.com".parse().unwrap();
/// assert_eq!(l.phone_context(), Some("example.com"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct TelUri {
    raw: Box<str>,
    number: Span,
    params: Vec<(Span, Option<Span>)>,
}

const fn is_visual(b: u8) -> bool {
    matches!(b, b'-' | b'.' | b'(' | b')')
}

const fn is_tel_param_byte(b: u8) -> bool {
    escape::is_unreserved(b) || matches!(b, b'[' | b']' | b'/' | b':' | b'&' | b'+' | b'$' | b'%')
}

impl TelUri {
    /// Parses a `tel:` URI with the default length limit.
    pub fn parse(s: &str) -> Result<TelUri, UriError> {
        Self::parse_with(s, &ParseLimits::DEFAULT)
    }

    /// Parses a `tel:` URI with the given limits.
    pub fn parse_with(s: &str, limits: &ParseLimits) -> Result<TelUri, UriError> {
        check_len(s, limits)?;
        Self::parse_unchecked(s)
    }

    pub(crate) fn parse_unchecked(s: &str) -> Result<TelUri, UriError> {
        if s.len() < 4 || !s.as_bytes()[..4].eq_ignore_ascii_case(b"tel:") {
            return Err(UriError::Scheme);
        }
        check_chars(s)?;
        let b = s.as_bytes();
        let end = memchr::memchr(b';', &b[4..]).map_or(b.len(), |p| p + 4);
        let num = &s[4..end];
        let global = num.starts_with('+');
        let digits = if global { &num[1..] } else { num };
        let ok = if global {
            digits.bytes().any(|c| c.is_ascii_digit())
                && digits.bytes().all(|c| c.is_ascii_digit() || is_visual(c))
        } else {
            digits
                .bytes()
                .any(|c| c.is_ascii_hexdigit() || c == b'*' || c == b'#')
                && digits
                    .bytes()
                    .all(|c| c.is_ascii_hexdigit() || c == b'*' || c == b'#' || is_visual(c))
        };
        if !ok {
            return Err(UriError::TelNumber { offset: 4 });
        }
        let mut params: Vec<(Span, Option<Span>)> = Vec::new();
        let mut i = end;
        while i < b.len() {
            let start = i + 1;
            let pend = memchr::memchr(b';', &b[start..]).map_or(b.len(), |p| p + start);
            let item = &s[start..pend];
            let (name, value) = match item.find('=') {
                Some(eq) => (&item[..eq], Some(start + eq + 1)),
                None => (item, None),
            };
            let valid_name =
                !name.is_empty() && name.bytes().all(|c| c.is_ascii_alphanumeric() || c == b'-');
            let valid_value =
                value.is_none_or(|v| v < pend && b[v..pend].iter().all(|&c| is_tel_param_byte(c)));
            if !valid_name || !valid_value {
                return Err(UriError::Param { offset: start });
            }
            if params.len() >= MAX_PARAMS {
                return Err(UriError::TooManyParams);
            }
            if params
                .iter()
                .any(|(n, _)| n.of(s).eq_ignore_ascii_case(name))
            {
                return Err(UriError::DuplicateParam { offset: start });
            }
            params.push((
                Span::new(start, start + name.len()),
                value.map(|v| Span::new(v, pend)),
            ));
            i = pend;
        }
        let t = TelUri {
            raw: Box::from(s),
            number: Span::new(4, end),
            params,
        };
        if !global && t.phone_context().is_none() {
            return Err(UriError::TelNumber { offset: 4 });
        }
        Ok(t)
    }

    /// The URI text.
    pub fn as_str(&self) -> &str {
        &self.raw
    }

    /// The number as written, visual separators included.
    pub fn number(&self) -> &str {
        self.number.of(&self.raw)
    }

    /// Whether the number is global (starts with `+`).
    pub fn is_global(&self) -> bool {
        self.number().starts_with('+')
    }

    /// The number without visual separators.
    pub fn digits(&self) -> String {
        self.number()
            .chars()
            .filter(|&c| !is_visual(c as u8) || !c.is_ascii())
            .collect()
    }

    /// The parameters, in order.
    pub fn params(&self) -> impl Iterator<Item = (&str, Option<&str>)> {
        self.params
            .iter()
            .map(|(n, v)| (n.of(&self.raw), v.map(|v| v.of(&self.raw))))
    }

    /// The `phone-context` parameter.
    pub fn phone_context(&self) -> Option<&str> {
        self.params()
            .find(|(n, _)| n.eq_ignore_ascii_case("phone-context"))
            .and_then(|(_, v)| v)
    }

    /// Equivalence per RFC 3966 §4: numbers compared without visual
    /// separators (hex digits case-insensitively), parameters compared as
    /// a set with case-insensitive names and values.
    pub fn equivalent(&self, other: &TelUri) -> bool {
        if !self.digits().eq_ignore_ascii_case(&other.digits())
            || self.params.len() != other.params.len()
        {
            return false;
        }
        self.params().all(|(n, v)| {
            other.params().any(|(on, ov)| {
                on.eq_ignore_ascii_case(n)
                    && match (v, ov) {
                        (None, None) => true,
                        (Some(a), Some(b)) => escape::component_eq_ic(a, b),
                        _ => false,
                    }
            })
        })
    }
}

impl FromStr for TelUri {
    type Err = UriError;
    fn from_str(s: &str) -> Result<Self, UriError> {
        TelUri::parse(s)
    }
}

impl fmt::Display for TelUri {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.raw)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_and_compare() {
        let a = TelUri::parse("tel:+1-201-555-0123").unwrap();
        let b = TelUri::parse("tel:+1(201)5550123").unwrap();
        assert!(a.equivalent(&b));
        let c = TelUri::parse("tel:863-1234;phone-context=+1-914-555").unwrap();
        assert!(!c.is_global());
        for bad in [
            "tel:",
            "tel:+",
            "tel:1234",
            "tel:+12x",
            "tel:+1;=x",
            "tel:+1;a;a",
        ] {
            assert!(TelUri::parse(bad).is_err(), "{bad}");
        }
    }
}
