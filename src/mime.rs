//! Media types (`type/subtype;params`, RFC 2045 §5.1 as RFC 3261 §20.15
//! uses it).

use std::borrow::Cow;
use std::fmt;

use crate::grammar::{TOKEN, eq_ic, is_token, is_token_byte, run_end, trim_wsp};
use crate::params::{ParamError, Params};

/// A media type with its parameters, e.g. `text/plain;charset=UTF-8`.
///
/// ```
/// use sip_xmpp::MediaType;
/// let m = MediaType::parse("multipart/mixed ; boundary=\"b1\"").unwrap();
/// assert!(m.is("multipart", "mixed"));
/// assert_eq!(m.params.value("boundary"), Some("b1"));
/// // A quoted value stays quoted when written back.
/// assert_eq!(m.to_string(), "multipart/mixed;boundary=\"b1\"");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct MediaType<'a> {
    /// Top-level type as written (compare case-insensitively).
    pub ty: Cow<'a, str>,
    /// Subtype as written (compare case-insensitively).
    pub subtype: Cow<'a, str>,
    /// Parameters in order.
    pub params: Params<'a>,
}

/// Why a media type could not be parsed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum MediaTypeError {
    /// Type or subtype missing or not a token.
    #[error("media type is not of the form type/subtype")]
    Shape,
    /// A parameter is malformed.
    #[error("media type parameter: {0}")]
    Param(#[from] ParamError),
}

impl<'a> MediaType<'a> {
    /// A media type without parameters. Type and subtype must be tokens.
    pub fn new(ty: impl Into<Cow<'a, str>>, subtype: impl Into<Cow<'a, str>>) -> Self {
        MediaType {
            ty: ty.into(),
            subtype: subtype.into(),
            params: Params::new(),
        }
    }

    /// Parses `type "/" subtype *( SEMI m-parameter )`; whitespace around
    /// the separators is allowed.
    pub fn parse(s: &'a str) -> Result<Self, MediaTypeError> {
        // The usual value, `type/subtype` and nothing else: two runs of
        // token characters (which hold no `/`, whitespace or `;`) around
        // the first `/`, read as the general path below reads them.
        let b = s.as_bytes();
        let slash = run_end(b, 0, &TOKEN);
        if slash > 0 && b.get(slash) == Some(&b'/') && run_end(b, slash + 1, &TOKEN) == b.len() {
            if let (Some(ty), Some(subtype)) = (s.get(..slash), s.get(slash + 1..)) {
                if !subtype.is_empty() {
                    return Ok(MediaType {
                        ty: Cow::Borrowed(ty),
                        subtype: Cow::Borrowed(subtype),
                        params: Params::new(),
                    });
                }
            }
        }
        let s = trim_wsp(s);
        let slash = s.find('/').ok_or(MediaTypeError::Shape)?;
        let ty = trim_wsp(&s[..slash]);
        let rest = crate::grammar::trim_wsp_start(&s[slash + 1..]);
        let n = rest.bytes().take_while(|&b| is_token_byte(b)).count();
        let subtype = &rest[..n];
        if !is_token(ty) || !is_token(subtype) {
            return Err(MediaTypeError::Shape);
        }
        let offset = s.len() - rest.len() + n;
        let params = Params::parse_all(&rest[n..]).map_err(|e| e.shifted(offset))?;
        Ok(MediaType {
            ty: Cow::Borrowed(ty),
            subtype: Cow::Borrowed(subtype),
            params,
        })
    }

    /// Whether this is `ty/subtype` (case-insensitive).
    pub fn is(&self, ty: &str, subtype: &str) -> bool {
        eq_ic(&self.ty, ty) && eq_ic(&self.subtype, subtype)
    }

    /// Whether the top-level type is `ty` (case-insensitive).
    pub fn is_type(&self, ty: &str) -> bool {
        eq_ic(&self.ty, ty)
    }

    /// The `charset` parameter; for `text/*` without one, `UTF-8` as RFC
    /// 3261 §7.4.1 prescribes.
    pub fn charset(&self) -> Option<&str> {
        self.params
            .value("charset")
            .or_else(|| self.is_type("text").then_some("UTF-8"))
    }

    /// Detaches the media type from the buffer it was parsed from.
    pub fn into_owned(self) -> MediaType<'static> {
        MediaType {
            ty: Cow::Owned(self.ty.into_owned()),
            subtype: Cow::Owned(self.subtype.into_owned()),
            params: self.params.into_owned(),
        }
    }
}

impl MediaType<'_> {
    /// Appends what `Display` writes to `out`, without going through
    /// `core::fmt`.
    pub fn write_to(&self, out: &mut String) {
        self.write_into(out);
    }

    fn write_into(&self, out: &mut impl crate::grammar::Out) {
        out.put(&self.ty);
        out.put("/");
        out.put(&self.subtype);
        self.params.write_into(out);
    }
}

impl fmt::Display for MediaType<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut out = crate::grammar::FmtOut::new(f);
        self.write_into(&mut out);
        out.finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// [`MediaType::parse`] without the shortcut for `type/subtype`, kept
    /// as the reference.
    fn parse_reference(s: &str) -> Result<MediaType<'_>, MediaTypeError> {
        let s = trim_wsp(s);
        let slash = s.find('/').ok_or(MediaTypeError::Shape)?;
        let ty = trim_wsp(&s[..slash]);
        let rest = crate::grammar::trim_wsp_start(&s[slash + 1..]);
        let n = rest.bytes().take_while(|&b| is_token_byte(b)).count();
        let subtype = &rest[..n];
        if !is_token(ty) || !is_token(subtype) {
            return Err(MediaTypeError::Shape);
        }
        let offset = s.len() - rest.len() + n;
        let params = Params::parse_all(&rest[n..]).map_err(|e| e.shifted(offset))?;
        Ok(MediaType {
            ty: Cow::Borrowed(ty),
            subtype: Cow::Borrowed(subtype),
            params,
        })
    }

    proptest::proptest! {
        /// Same value, same error as the reference.
        #[test]
        fn parse_is_reference(s in "[ \\t]{0,1}[a-zA-Z+.-]{0,6}[ \\t]{0,1}(/[ \\t]{0,1}[a-zA-Z+.-]{0,6})?[ \\t;=/a-z\"\\u{e9}]{0,6}|[a-z/;= ]{0,8}") {
            proptest::prop_assert_eq!(MediaType::parse(&s), parse_reference(&s));
        }
    }

    #[test]
    fn shortcut_cases() {
        for s in [
            "text/plain",
            "TEXT/Plain",
            "text/",
            "/plain",
            "text",
            "text/plain/x",
            "text/plain;",
            "text/plain ",
            " text/plain",
            "text//plain",
            "t/p",
            "text/pl\u{e9}in",
            "",
        ] {
            assert_eq!(MediaType::parse(s), parse_reference(s), "{s:?}");
        }
    }

    #[test]
    fn parse_table() {
        let m = MediaType::parse("application/sdp").unwrap();
        assert!(m.is("APPLICATION", "SDP"));
        assert!(m.params.is_empty());
        let m = MediaType::parse("text/plain; charset=\"utf-8\"").unwrap();
        assert_eq!(m.charset(), Some("utf-8"));
        assert_eq!(
            MediaType::parse("text/html").unwrap().charset(),
            Some("UTF-8")
        );
        assert_eq!(
            MediaType::parse("application/pidf+xml").unwrap().charset(),
            None
        );
        for bad in [
            "",
            "text",
            "text/",
            "/plain",
            "te xt/plain",
            "text/plain;",
            "text/plain x",
        ] {
            assert!(MediaType::parse(bad).is_err(), "{bad}");
        }
    }
}
