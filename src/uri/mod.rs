//! URIs: `sip:`/`sips:` (RFC 3261 §19.1, §25), `tel:` (RFC 3966), `im:`
//! (RFC 3860) and `pres:` (RFC 3859); any other absolute URI is kept
//! opaque.
//!
//! Every URI type keeps its text exactly as received and indexes its
//! components, so writing a parsed URI reproduces its escapes, and reading
//! a component costs nothing until it is decoded.

mod error;
mod escape;
mod im;
mod sip;
mod tel;

use std::fmt;
use std::str::FromStr;

pub use error::UriError;
pub use escape::Escaped;
pub(crate) use escape::{escape_into, escaped_len, is_unreserved};
pub use im::{ImScheme, ImUri};
pub use sip::{Host, SipUri, SipUriBuilder};
pub(crate) use sip::{PlainSipUri, SipUriRef, SipView, is_valid_host, plain_host_end};
pub use tel::TelUri;

use crate::limits::ParseLimits;

/// A byte range inside a URI's own text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub(crate) struct Span {
    start: u32,
    end: u32,
}

impl Span {
    /// `start..end`; lengths are bounded by the URI length limit, so they fit
    /// in `u32` (checked by every parser before it builds spans).
    pub(crate) fn new(start: usize, end: usize) -> Self {
        Span {
            start: u32::try_from(start).unwrap_or(u32::MAX),
            end: u32::try_from(end).unwrap_or(u32::MAX),
        }
    }

    /// `start..end` from offsets already known to fit.
    pub(crate) const fn from_u32(start: u32, end: u32) -> Self {
        Span { start, end }
    }

    /// The text this span covers in `s` (empty when out of range, which
    /// cannot happen for spans built by the parsers).
    pub(crate) fn of(self, s: &str) -> &str {
        s.get(self.start as usize..self.end as usize).unwrap_or("")
    }

    /// The length of the span.
    #[inline]
    pub(crate) fn len(self) -> usize {
        self.end.saturating_sub(self.start) as usize
    }

    /// The bytes this span covers in `s`, without the character-boundary
    /// checks of [`of`](Self::of) (for copying text out).
    #[inline]
    pub(crate) fn bytes_of(self, s: &str) -> &[u8] {
        s.as_bytes()
            .get(self.start as usize..self.end as usize)
            .unwrap_or_default()
    }
}

/// Any URI the crate understands, or an opaque absolute URI.
///
/// ```
/// use sip_xmpp::uri::Uri;
/// let u: Uri = "sip:alice@atlanta.com;transport=tcp".parse().unwrap();
/// assert!(matches!(u, Uri::Sip(_)));
/// assert!(matches!("urn:uuid:f81d4fae".parse::<Uri>().unwrap(), Uri::Other(_)));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Uri {
    /// `sip:` or `sips:`.
    Sip(SipUri),
    /// `tel:`.
    Tel(TelUri),
    /// `im:` or `pres:`.
    Im(ImUri),
    /// Any other absolute URI, kept as text.
    Other(AbsoluteUri),
}

impl Uri {
    /// Parses a URI with the default length limit.
    pub fn parse(s: &str) -> Result<Uri, UriError> {
        Self::parse_with(s, &ParseLimits::DEFAULT)
    }

    /// Parses a URI with the given limits.
    pub fn parse_with(s: &str, limits: &ParseLimits) -> Result<Uri, UriError> {
        check_len(s, limits)?;
        // `sip:` and `sips:` have a valid scheme: no need to look for its
        // end.
        if sip::sip_scheme(s.as_bytes()).is_some() {
            return SipUri::parse_unchecked(s).map(Uri::Sip);
        }
        let colon = scheme_end(s)?;
        if is_sip_scheme(&s[..colon]) {
            SipUri::parse_unchecked(s).map(Uri::Sip)
        } else {
            Self::parse_other(s, colon)
        }
    }

    /// A URI of a scheme other than `sip` and `sips`, after the checks of
    /// [`parse_with`](Self::parse_with): `colon` ends the scheme.
    fn parse_other(s: &str, colon: usize) -> Result<Uri, UriError> {
        let scheme = &s[..colon];
        if scheme.eq_ignore_ascii_case("tel") {
            TelUri::parse_unchecked(s).map(Uri::Tel)
        } else if scheme.eq_ignore_ascii_case("im") || scheme.eq_ignore_ascii_case("pres") {
            ImUri::parse_unchecked(s).map(Uri::Im)
        } else {
            AbsoluteUri::parse_unchecked(s, colon).map(Uri::Other)
        }
    }

    /// The URI text.
    pub fn as_str(&self) -> &str {
        match self {
            Uri::Sip(u) => u.as_str(),
            Uri::Tel(u) => u.as_str(),
            Uri::Im(u) => u.as_str(),
            Uri::Other(u) => u.as_str(),
        }
    }

    /// The scheme as written.
    pub fn scheme(&self) -> &str {
        let s = self.as_str();
        s.split_once(':').map_or(s, |(a, _)| a)
    }

    /// The SIP or SIPS URI, if this is one.
    pub fn as_sip(&self) -> Option<&SipUri> {
        match self {
            Uri::Sip(u) => Some(u),
            _ => None,
        }
    }

    /// Equivalence: RFC 3261 §19.1.4 for SIP/SIPS, RFC 3966 §4 for tel,
    /// case-insensitive scheme and domain for im/pres, byte equality after
    /// the scheme otherwise. URIs of different schemes are never equal.
    pub fn equivalent(&self, other: &Uri) -> bool {
        match (self, other) {
            (Uri::Sip(a), Uri::Sip(b)) => a.equivalent(b),
            (Uri::Tel(a), Uri::Tel(b)) => a.equivalent(b),
            (Uri::Im(a), Uri::Im(b)) => a.equivalent(b),
            (Uri::Other(a), Uri::Other(b)) => a.equivalent(b),
            _ => false,
        }
    }
}

/// Whether a scheme (as written) is `sip` or `sips`.
fn is_sip_scheme(scheme: &str) -> bool {
    scheme.eq_ignore_ascii_case("sip") || scheme.eq_ignore_ascii_case("sips")
}

/// A URI read from text it borrows: what [`Uri::parse_with`] reads, with a
/// SIP or SIPS URI held as its components over the text (no copy of it),
/// for a caller that maps an address and drops it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum UriRef<'a> {
    /// `sip:` or `sips:`.
    Sip(SipUriRef<'a>),
    /// A SIP or SIPS URI already read from the same text (see
    /// [`UriRef::parse_known`]).
    Known(&'a SipUri),
    /// Any other scheme, as [`Uri::parse_with`] gives it.
    Other(Uri),
}

impl<'a> UriRef<'a> {
    /// [`Uri::parse_with`], the same checks in the same order, without the
    /// copy of a SIP URI's text.
    pub(crate) fn parse_with(s: &'a str, limits: &ParseLimits) -> Result<UriRef<'a>, UriError> {
        check_len(s, limits)?;
        // As in `Uri::parse_with`.
        if sip::sip_scheme(s.as_bytes()).is_some() {
            return SipUriRef::parse_unchecked(s).map(UriRef::Sip);
        }
        let colon = scheme_end(s)?;
        if is_sip_scheme(&s[..colon]) {
            SipUriRef::parse_unchecked(s).map(UriRef::Sip)
        } else {
            Uri::parse_other(s, colon).map(UriRef::Other)
        }
    }

    /// [`parse_with`](Self::parse_with) for text that may be that of
    /// `known`, a URI already read (a request's Request-URI, which To
    /// usually repeats): when it is, `known` itself, after the one check
    /// of `parse_with` that depends on `limits`.
    ///
    /// Why this is what `parse_with` gives: a [`SipUri`] is only ever
    /// made by reading its text (or by assembling the value reading that
    /// text gives, [`SipUri::from_parts`]), so reading the same text again
    /// gives the same URI; and past the length check, reading does not
    /// depend on the limits.
    pub(crate) fn parse_known(
        s: &'a str,
        limits: &ParseLimits,
        known: Option<&'a SipUri>,
    ) -> Result<UriRef<'a>, UriError> {
        match known {
            Some(u) if u.as_str() == s => {
                check_len(s, limits)?;
                Ok(UriRef::Known(u))
            }
            _ => Self::parse_with(s, limits),
        }
    }

    /// The [`Uri`] [`Uri::parse_with`] gives for the same text.
    #[cfg(test)]
    pub(crate) fn to_uri(&self) -> Uri {
        match self {
            UriRef::Sip(u) => Uri::Sip(u.to_owned_uri()),
            UriRef::Known(u) => Uri::Sip((*u).clone()),
            UriRef::Other(u) => u.clone(),
        }
    }

    /// The SIP or SIPS URI, if this is one.
    pub(crate) fn as_sip(&self) -> Option<SipView<'_, '_>> {
        match self {
            UriRef::Sip(u) => Some(u.view()),
            UriRef::Known(u) => Some(u.view()),
            UriRef::Other(_) => None,
        }
    }
}

impl FromStr for Uri {
    type Err = UriError;
    fn from_str(s: &str) -> Result<Self, UriError> {
        Uri::parse(s)
    }
}

impl fmt::Display for Uri {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl From<SipUri> for Uri {
    fn from(u: SipUri) -> Self {
        Uri::Sip(u)
    }
}

/// An absolute URI of a scheme the crate does not interpret (RFC 3986 §4.3,
/// RFC 3261 `absoluteURI`), e.g. `urn:uuid:...` or `http://...`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct AbsoluteUri {
    raw: Box<str>,
    colon: u32,
}

impl AbsoluteUri {
    fn parse_unchecked(s: &str, colon: usize) -> Result<Self, UriError> {
        check_chars(s)?;
        if colon + 1 >= s.len() {
            return Err(UriError::Scheme);
        }
        Ok(AbsoluteUri {
            raw: Box::from(s),
            colon: u32::try_from(colon).map_err(|_| UriError::Scheme)?,
        })
    }

    /// The URI text.
    pub fn as_str(&self) -> &str {
        &self.raw
    }

    /// The scheme as written.
    pub fn scheme(&self) -> &str {
        self.raw.get(..self.colon as usize).unwrap_or("")
    }

    /// Everything after `scheme:`.
    pub fn rest(&self) -> &str {
        self.raw.get(self.colon as usize + 1..).unwrap_or("")
    }

    /// Scheme compared case-insensitively, the rest byte for byte with
    /// escapes compared by value.
    pub fn equivalent(&self, other: &AbsoluteUri) -> bool {
        self.scheme().eq_ignore_ascii_case(other.scheme())
            && escape::component_eq(self.rest(), other.rest())
    }
}

impl fmt::Display for AbsoluteUri {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.raw)
    }
}

/// Rejects inputs longer than the URI limit (or than spans can index).
pub(crate) fn check_len(s: &str, limits: &ParseLimits) -> Result<(), UriError> {
    if s.is_empty() {
        return Err(UriError::Empty);
    }
    let max = limits.max_uri_bytes.min(u32::MAX as usize - 1);
    if s.len() > max {
        return Err(UriError::TooLong { len: s.len(), max });
    }
    Ok(())
}

/// Index of the `:` ending a valid scheme (`ALPHA *( ALPHA / DIGIT / "+" /
/// "-" / "." )`).
pub(crate) fn scheme_end(s: &str) -> Result<usize, UriError> {
    let b = s.as_bytes();
    if !b.first().is_some_and(u8::is_ascii_alphabetic) {
        return Err(UriError::Scheme);
    }
    for (i, &c) in b.iter().enumerate().skip(1) {
        match c {
            b':' => return Ok(i),
            c if c.is_ascii_alphanumeric() || matches!(c, b'+' | b'-' | b'.') => {}
            _ => return Err(UriError::Scheme),
        }
    }
    Err(UriError::Scheme)
}

/// Every byte must be a visible ASCII character (spaces, controls and
/// non-ASCII must be escaped in a URI), and every `%` must start a `%HH`
/// escape. One pass over the URI.
pub(crate) fn check_chars(s: &str) -> Result<(), UriError> {
    let b = s.as_bytes();
    // Fast path: one branch-free pass over the whole URI (it vectorises)
    // for a byte that is not visible or is a '%'. Only a URI with escapes
    // or a bad byte takes the loop below, which also finds where the fault
    // is.
    let plain = b.iter().fold(true, |ok, &c| {
        ok & (c.wrapping_sub(0x21) < 0x5e) & (c != b'%')
    });
    if plain {
        return Ok(());
    }
    let mut i = 0;
    while let Some(&c) = b.get(i) {
        if !(0x21..=0x7e).contains(&c) {
            return Err(UriError::Unescaped { byte: c, offset: i });
        }
        if c == b'%' {
            let hex = |j: usize| b.get(j).is_some_and(u8::is_ascii_hexdigit);
            if !(hex(i + 1) && hex(i + 2)) {
                return Err(UriError::Escape { offset: i });
            }
            i += 3;
        } else {
            i += 1;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dispatch_by_scheme() {
        assert!(matches!(Uri::parse("SIP:a@b").unwrap(), Uri::Sip(_)));
        assert!(matches!(Uri::parse("sips:a@b").unwrap(), Uri::Sip(_)));
        assert!(matches!(
            Uri::parse("tel:+1-201-555-0123").unwrap(),
            Uri::Tel(_)
        ));
        assert!(matches!(Uri::parse("im:a@b").unwrap(), Uri::Im(_)));
        assert!(matches!(Uri::parse("pres:a@b").unwrap(), Uri::Im(_)));
        assert!(matches!(Uri::parse("mailto:a@b").unwrap(), Uri::Other(_)));
        for bad in ["", ":x", "1sip:a", "sip", "urn:", "http://a b", "x:%zz"] {
            assert!(Uri::parse(bad).is_err(), "{bad}");
        }
    }

    /// [`Uri::parse_with`] as it was before the shortcut for `sip:` and
    /// `sips:`, kept as the reference.
    fn parse_reference(s: &str, limits: &ParseLimits) -> Result<Uri, UriError> {
        check_len(s, limits)?;
        let colon = scheme_end(s)?;
        if is_sip_scheme(&s[..colon]) {
            SipUri::parse_unchecked(s).map(Uri::Sip)
        } else {
            Uri::parse_other(s, colon)
        }
    }

    proptest::proptest! {
        /// Same URI, same error as the reference, with or without a copy.
        #[test]
        fn parse_is_reference(s in "(sips?|SIP|tel|im|x-y|1a|si):[a-z@.:;=%?]{0,12}|[a-z:]{0,6}") {
            for limits in [ParseLimits::DEFAULT, ParseLimits { max_uri_bytes: 8, ..ParseLimits::DEFAULT }] {
                let want = parse_reference(&s, &limits);
                proptest::prop_assert_eq!(Uri::parse_with(&s, &limits), want.clone());
                proptest::prop_assert_eq!(UriRef::parse_with(&s, &limits).map(|u| u.to_uri()), want);
            }
        }
    }

    #[test]
    fn character_checks() {
        assert_eq!(check_chars("a%2Fb%zz"), Err(UriError::Escape { offset: 5 }));
        assert_eq!(check_chars("a%2"), Err(UriError::Escape { offset: 1 }));
        assert_eq!(check_chars("%41%42"), Ok(()));
        assert_eq!(
            check_chars("a b"),
            Err(UriError::Unescaped {
                byte: b' ',
                offset: 1
            })
        );
        assert_eq!(
            check_chars("a\u{e9}"),
            Err(UriError::Unescaped {
                byte: 0xc3,
                offset: 1
            })
        );
    }

    #[test]
    fn length_limit() {
        let long = format!("sip:{}@example.com", "a".repeat(9000));
        assert!(matches!(Uri::parse(&long), Err(UriError::TooLong { .. })));
        let limits = ParseLimits {
            max_uri_bytes: 16_384,
            ..ParseLimits::DEFAULT
        };
        assert!(Uri::parse_with(&long, &limits).is_ok());
    }
}
