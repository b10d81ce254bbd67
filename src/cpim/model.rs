//! The CPIM object and its accessors.

use std::borrow::Cow;
use std::fmt::Write as _;

use crate::mime::{MediaType, MediaTypeError};

/// Why a CPIM object could not be parsed or read. Offsets count bytes from
/// the start of the object.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum CpimError {
    /// The object is larger than [`ParseLimits::max_body_bytes`](crate::ParseLimits::max_body_bytes).
    #[error("CPIM object of {len} bytes exceeds the limit of {max}")]
    TooLarge {
        /// Length of the input.
        len: usize,
        /// The limit in force.
        max: usize,
    },
    /// More header lines than [`ParseLimits::max_headers`](crate::ParseLimits::max_headers) in one block.
    #[error("more than {max} header lines in a block")]
    TooManyHeaders {
        /// The limit in force.
        max: usize,
    },
    /// A line longer than [`ParseLimits::max_line_bytes`](crate::ParseLimits::max_line_bytes).
    #[error("line at byte {offset} exceeds the limit of {max} bytes")]
    LineTooLong {
        /// Where the line starts.
        offset: usize,
        /// The limit in force.
        max: usize,
    },
    /// A header block without the blank line that ends it (RFC 3862 §2).
    #[error("header block not ended by a blank line")]
    Unterminated,
    /// A header line that is not `Name: value` (RFC 3862 §3).
    #[error("malformed header line at byte {offset}")]
    HeaderLine {
        /// Where the line starts.
        offset: usize,
    },
    /// The header block is not UTF-8, or holds a control character.
    #[error("invalid character in a header at byte {offset}")]
    Character {
        /// Where the character is.
        offset: usize,
    },
    /// A From, To or cc value that is not `[Formal-name] <URI>`.
    #[error("address header is not [name] <URI>")]
    Address,
    /// A DateTime that is not an RFC 3339 date-time (RFC 3862 §4.4).
    #[error("DateTime is not an RFC 3339 date-time")]
    DateTime,
    /// The encapsulated object has no Content-Type (RFC 3862 §2).
    #[error("encapsulated object has no Content-Type")]
    MissingContentType,
    /// The encapsulated Content-Type does not parse.
    #[error("encapsulated Content-Type: {0}")]
    ContentType(#[from] MediaTypeError),
}

/// One header line: name (with its prefix, case as written), parameters
/// and value, both as written.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct CpimHeader {
    /// `Name` or `prefix.Name`.
    pub name: String,
    /// The parameters between the colon and the value (`;lang=fr`),
    /// without the leading `;`s, in order.
    pub params: Vec<String>,
    /// The value, with its escapes (decode with
    /// [`CpimHeader::decoded_value`]).
    pub value: String,
}

impl CpimHeader {
    /// A header without parameters. Control characters in `value` are
    /// escaped (RFC 3862 §2.3) so the line stays whole.
    pub fn new(name: impl Into<String>, value: &str) -> Self {
        CpimHeader {
            name: name.into(),
            params: Vec::new(),
            value: escape(value),
        }
    }

    /// The value with its `\`-escapes decoded (RFC 3862 §2.3).
    pub fn decoded_value(&self) -> Cow<'_, str> {
        unescape(&self.value)
    }

    /// The `lang` parameter, if any.
    pub fn lang(&self) -> Option<&str> {
        self.params.iter().find_map(|p| p.strip_prefix("lang="))
    }
}

/// A From, To or cc value: an optional formal name and a URI.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct CpimAddress<'a> {
    /// The formal (display) name, unquoted and unescaped.
    pub display_name: Option<Cow<'a, str>>,
    /// The URI between the angle brackets, as written.
    pub uri: &'a str,
}

impl<'a> CpimAddress<'a> {
    /// Parses `[Formal-name] <URI>`.
    pub fn parse(v: &'a str) -> Result<Self, CpimError> {
        let lt = v.rfind('<').ok_or(CpimError::Address)?;
        let uri = v[lt + 1..].strip_suffix('>').ok_or(CpimError::Address)?;
        if uri.is_empty() || uri.contains(['<', '>', ' ']) {
            return Err(CpimError::Address);
        }
        let name = v[..lt].trim_end_matches(' ');
        let display_name = if name.is_empty() {
            None
        } else if let Some(q) = name.strip_prefix('"').and_then(|n| n.strip_suffix('"')) {
            Some(unescape(q))
        } else if name.contains('"') {
            return Err(CpimError::Address);
        } else {
            Some(Cow::Borrowed(name))
        };
        Ok(CpimAddress { display_name, uri })
    }
}

/// A CPIM object: message headers, the encapsulated object's MIME headers,
/// and its content.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct Cpim {
    /// The CPIM message headers, in order.
    pub headers: Vec<CpimHeader>,
    /// The MIME headers of the encapsulated object (`Content-Type`, ...),
    /// name and value as written.
    pub content_headers: Vec<(String, String)>,
    /// The encapsulated content.
    pub body: Vec<u8>,
}

impl Cpim {
    /// A CPIM object wrapping `body` of type `content_type`, with a From
    /// and a To.
    pub fn new(from: &str, to: &str, content_type: &MediaType<'_>, body: Vec<u8>) -> Self {
        Cpim {
            headers: vec![
                CpimHeader::new("From", &format!("<{from}>")),
                CpimHeader::new("To", &format!("<{to}>")),
            ],
            content_headers: vec![("Content-Type".to_owned(), content_type.to_string())],
            body,
        }
    }

    /// The headers called `name` (case-sensitive).
    pub fn headers_named<'s>(&'s self, name: &'s str) -> impl Iterator<Item = &'s CpimHeader> + 's {
        self.headers.iter().filter(move |h| h.name == name)
    }

    /// The From header: `None` when absent.
    pub fn from(&self) -> Option<Result<CpimAddress<'_>, CpimError>> {
        self.headers_named("From")
            .next()
            .map(|h| CpimAddress::parse(&h.value))
    }

    /// Every To header.
    pub fn to(&self) -> impl Iterator<Item = Result<CpimAddress<'_>, CpimError>> + '_ {
        self.headers_named("To")
            .map(|h| CpimAddress::parse(&h.value))
    }

    /// Every cc header.
    pub fn cc(&self) -> impl Iterator<Item = Result<CpimAddress<'_>, CpimError>> + '_ {
        self.headers_named("cc")
            .map(|h| CpimAddress::parse(&h.value))
    }

    /// The DateTime header, checked against the RFC 3339 date-time profile.
    pub fn date_time(&self) -> Option<Result<&str, CpimError>> {
        self.headers_named("DateTime").next().map(|h| {
            if is_rfc3339(&h.value) {
                Ok(h.value.as_str())
            } else {
                Err(CpimError::DateTime)
            }
        })
    }

    /// The Subject headers: (language, decoded text).
    pub fn subjects(&self) -> impl Iterator<Item = (Option<&str>, Cow<'_, str>)> + '_ {
        self.headers_named("Subject")
            .map(|h| (h.lang(), h.decoded_value()))
    }

    /// The NS declarations: (prefix, namespace URI).
    pub fn namespaces(&self) -> impl Iterator<Item = (Option<&str>, &str)> + '_ {
        self.headers_named("NS").filter_map(|h| {
            let v = h.value.as_str();
            let lt = v.rfind('<')?;
            let uri = v[lt + 1..].strip_suffix('>')?;
            let prefix = v[..lt].trim_end_matches(' ');
            Some(((!prefix.is_empty()).then_some(prefix), uri))
        })
    }

    /// The header names listed in Require.
    pub fn required(&self) -> impl Iterator<Item = &str> + '_ {
        self.headers_named("Require")
            .flat_map(|h| h.value.split(','))
            .map(str::trim)
            .filter(|s| !s.is_empty())
    }

    /// The encapsulated object's MIME header `name` (case-insensitive, as
    /// MIME header names are).
    pub fn content_header(&self, name: &str) -> Option<&str> {
        self.content_headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// The encapsulated object's Content-Type: `None` when absent.
    pub fn content_type(&self) -> Option<Result<MediaType<'_>, CpimError>> {
        self.content_header("Content-Type")
            .map(|v| MediaType::parse(v).map_err(CpimError::from))
    }

    /// Writes the object with CRLF line ends. Header text is written as
    /// stored, except that a control character other than HTAB (which the
    /// parser never lets in, but a caller may have set) is escaped, so
    /// every header stays on its line.
    pub fn write_to(&self, out: &mut Vec<u8>) {
        let mut s = String::new();
        let clean = |s: &mut String, text: &str| {
            if text.chars().any(|c| c.is_control() && c != '\t') {
                s.push_str(&escape_controls(text));
            } else {
                s.push_str(text);
            }
        };
        for h in &self.headers {
            clean(&mut s, &h.name);
            s.push(':');
            for p in &h.params {
                s.push(';');
                clean(&mut s, p);
            }
            s.push(' ');
            clean(&mut s, &h.value);
            s.push_str("\r\n");
        }
        s.push_str("\r\n");
        for (n, v) in &self.content_headers {
            clean(&mut s, n);
            s.push_str(": ");
            clean(&mut s, v);
            s.push_str("\r\n");
        }
        s.push_str("\r\n");
        out.extend_from_slice(s.as_bytes());
        out.extend_from_slice(&self.body);
    }

    /// The object as bytes (see [`write_to`](Self::write_to)).
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut v = Vec::new();
        self.write_to(&mut v);
        v
    }
}

/// Escapes only the control characters of `v`.
fn escape_controls(v: &str) -> String {
    let mut out = String::with_capacity(v.len() + 8);
    for c in v.chars() {
        if c.is_control() && c != '\t' {
            let _ = write!(out, "\\u{:04x}", c as u32);
        } else {
            out.push(c);
        }
    }
    out
}

/// Escapes control characters, as RFC 3862 §2.3 requires in header values,
/// and a space at either end (a value carries no surrounding whitespace,
/// §2.2), as `\u0020`.
pub(crate) fn escape(v: &str) -> String {
    let mut out = String::with_capacity(v.len());
    let last = v.chars().count().saturating_sub(1);
    for (i, c) in v.chars().enumerate() {
        match c {
            ' ' if i == 0 || i == last => out.push_str("\\u0020"),
            '\\' => out.push_str("\\\\"),
            '\u{8}' => out.push_str("\\b"),
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out
}

/// Decodes the escapes of RFC 3862 §2.3; an unknown escape stands for the
/// character after the backslash.
pub(crate) fn unescape(v: &str) -> Cow<'_, str> {
    if !v.contains('\\') {
        return Cow::Borrowed(v);
    }
    let mut out = String::with_capacity(v.len());
    let mut it = v.chars();
    while let Some(c) = it.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match it.next() {
            Some('b') => out.push('\u{8}'),
            Some('t') => out.push('\t'),
            Some('n') => out.push('\n'),
            Some('r') => out.push('\r'),
            Some('u') => {
                let hex: String = it.clone().take(4).collect();
                match (hex.len() == 4)
                    .then(|| u32::from_str_radix(&hex, 16).ok())
                    .flatten()
                    .and_then(char::from_u32)
                {
                    Some(ch) => {
                        out.push(ch);
                        for _ in 0..4 {
                            it.next();
                        }
                    }
                    None => out.push('u'),
                }
            }
            Some(other) => out.push(other),
            None => out.push('\\'),
        }
    }
    Cow::Owned(out)
}

/// RFC 3339 `date-time`: `YYYY-MM-DDTHH:MM:SS[.frac](Z|+HH:MM|-HH:MM)`.
fn is_rfc3339(s: &str) -> bool {
    let b = s.as_bytes();
    let digits =
        |r: std::ops::Range<usize>| b.get(r).is_some_and(|d| d.iter().all(u8::is_ascii_digit));
    let at = |i: usize, c: u8| b.get(i) == Some(&c);
    if !(digits(0..4) && at(4, b'-') && digits(5..7) && at(7, b'-') && digits(8..10)) {
        return false;
    }
    if !(matches!(b.get(10), Some(b'T' | b't'))
        && digits(11..13)
        && at(13, b':')
        && digits(14..16)
        && at(16, b':')
        && digits(17..19))
    {
        return false;
    }
    let mut i = 19;
    if at(i, b'.') {
        let n = b[i + 1..].iter().take_while(|d| d.is_ascii_digit()).count();
        if n == 0 {
            return false;
        }
        i += 1 + n;
    }
    match b.get(i) {
        Some(b'Z' | b'z') => i + 1 == b.len(),
        Some(b'+' | b'-') => {
            digits(i + 1..i + 3) && at(i + 3, b':') && digits(i + 4..i + 6) && i + 6 == b.len()
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_round_trip() {
        for s in [
            "plain",
            "a\\b",
            "tab\there",
            "line\r\nbreak",
            "bell\u{7}",
            "quote\"s",
        ] {
            assert_eq!(unescape(&escape(s)), s, "{s:?}");
            assert!(!escape(s).contains(['\r', '\n']));
        }
        assert_eq!(unescape("\\x\\\"\\'"), "x\"'");
        assert_eq!(unescape("\\u00e9"), "é");
        assert_eq!(unescape("\\uzz"), "uzz");
    }

    #[test]
    fn dates() {
        for ok in [
            "2015-06-01T10:00:00Z",
            "2000-12-13T13:40:00-08:00",
            "2000-12-13T13:40:00.25+01:00",
        ] {
            assert!(is_rfc3339(ok), "{ok}");
        }
        for bad in [
            "2015-06-01 10:00:00Z",
            "2015-06-01T10:00Z",
            "2015-06-01T10:00:00",
            "2015-06-01T10:00:00.Z",
            "x",
        ] {
            assert!(!is_rfc3339(bad), "{bad}");
        }
    }

    #[test]
    fn addresses() {
        let a = CpimAddress::parse("\"Juliet C.\" <sip:juliet@example.com>").unwrap();
        assert_eq!(a.display_name.as_deref(), Some("Juliet C."));
        assert_eq!(CpimAddress::parse("<im:a@b>").unwrap().display_name, None);
        for bad in ["sip:a@b", "<>", "Name <a b>", "\"x <sip:a@b>"] {
            assert!(CpimAddress::parse(bad).is_err(), "{bad}");
        }
    }
}
