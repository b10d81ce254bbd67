//! Percent-escapes (RFC 3261 §19.1.2, RFC 3986 §2.1).

use std::borrow::Cow;

use crate::grammar::Out;
use std::fmt;

use crate::grammar::hex_val;

/// A URI component as it appears on the wire, with its `%HH` escapes
/// intact. Decode it with [`decode`](Self::decode) or
/// [`decode_utf8`](Self::decode_utf8); compare it with
/// [`matches`](Self::matches), which decodes as it goes.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Escaped<'a>(pub(crate) &'a str);

impl<'a> Escaped<'a> {
    /// The component exactly as written, escapes included.
    pub fn as_raw(&self) -> &'a str {
        self.0
    }

    /// The decoded bytes. Borrows when the component has no escapes.
    pub fn decode(&self) -> Cow<'a, [u8]> {
        decode(self.0)
    }

    /// The decoded text; escapes that do not form UTF-8 become U+FFFD.
    pub fn decode_utf8(&self) -> Cow<'a, str> {
        match decode(self.0) {
            Cow::Borrowed(b) => String::from_utf8_lossy(b),
            Cow::Owned(v) => Cow::Owned(match String::from_utf8(v) {
                Ok(s) => s,
                Err(e) => String::from_utf8_lossy(e.as_bytes()).into_owned(),
            }),
        }
    }

    /// Whether the decoded component equals `s` byte for byte.
    pub fn matches(&self, s: &str) -> bool {
        decoded_bytes(self.0).eq(s.bytes())
    }

    /// Whether the decoded component equals `s`, ignoring ASCII case.
    pub fn matches_ignore_case(&self, s: &str) -> bool {
        decoded_bytes(self.0)
            .map(|b| b.to_ascii_lowercase())
            .eq(s.bytes().map(|b| b.to_ascii_lowercase()))
    }
}

impl fmt::Debug for Escaped<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.0, f)
    }
}

impl fmt::Display for Escaped<'_> {
    /// Writes the raw (escaped) form.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0)
    }
}

/// One unit of an escaped string: a literal byte, or the byte a `%HH`
/// escape stands for.
#[derive(Clone, Copy)]
enum Piece {
    Literal(u8),
    Escape(u8),
}

/// Splits an escaped string into pieces. Escapes are validated when a URI
/// is parsed, so a malformed one (which cannot occur in a parsed URI) is
/// passed through as literal bytes.
fn pieces(s: &str) -> impl Iterator<Item = Piece> + '_ {
    let b = s.as_bytes();
    let mut i = 0;
    std::iter::from_fn(move || {
        let c = *b.get(i)?;
        if c == b'%' {
            if let (Some(h), Some(l)) = (
                b.get(i + 1).copied().and_then(hex_val),
                b.get(i + 2).copied().and_then(hex_val),
            ) {
                i += 3;
                return Some(Piece::Escape(h << 4 | l));
            }
        }
        i += 1;
        Some(Piece::Literal(c))
    })
}

/// Iterates over the decoded bytes of an escaped string.
pub(crate) fn decoded_bytes(s: &str) -> impl Iterator<Item = u8> + '_ {
    pieces(s).map(|p| match p {
        Piece::Literal(c) | Piece::Escape(c) => c,
    })
}

/// Decodes `%HH` escapes.
pub(crate) fn decode(s: &str) -> Cow<'_, [u8]> {
    if !s.contains('%') {
        Cow::Borrowed(s.as_bytes())
    } else {
        Cow::Owned(decoded_bytes(s).collect())
    }
}

/// The length of `s` once [`escape_into`] has escaped it.
pub(crate) fn escaped_len(s: &str, keep: impl Fn(u8) -> bool) -> usize {
    s.len() + 2 * s.bytes().fold(0usize, |n, b| n + usize::from(!keep(b)))
}

/// Appends `s` to `out`, escaping every byte for which `keep` is false as
/// `%HH` (upper-case hex, RFC 3986 §2.1). `keep` is false for every byte
/// outside ASCII (each caller's class is ASCII; a test checks them all), so
/// runs of kept bytes are ASCII and start and end on character boundaries:
/// they are copied whole.
pub(crate) fn escape_into(out: &mut impl Out, s: &str, keep: impl Fn(u8) -> bool) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let b = s.as_bytes();
    let mut run = 0;
    for (i, &c) in b.iter().enumerate() {
        if keep(c) {
            continue;
        }
        if run < i {
            out.put(s.get(run..i).unwrap_or_default());
        }
        out.put_char('%');
        out.put_char(char::from(HEX[usize::from(c >> 4)]));
        out.put_char(char::from(HEX[usize::from(c & 15)]));
        run = i + 1;
    }
    if run < b.len() {
        out.put(s.get(run..).unwrap_or_default());
    }
}

crate::grammar::byte_table!(
    /// RFC 3261 `unreserved` (alphanum / mark).
    UNRESERVED = |b| b.is_ascii_alphanumeric()
        || matches!(b, b'-' | b'_' | b'.' | b'!' | b'~' | b'*' | b'\'' | b'(' | b')')
);

/// RFC 3261 `unreserved` (alphanum / mark).
#[inline]
pub(crate) const fn is_unreserved(b: u8) -> bool {
    UNRESERVED[b as usize]
}

/// RFC 3261 `reserved`: `; / ? : @ & = + $ ,`.
pub(crate) const fn is_reserved(b: u8) -> bool {
    matches!(
        b,
        b';' | b'/' | b'?' | b':' | b'@' | b'&' | b'=' | b'+' | b'$' | b','
    )
}

/// One unit of a URI component for comparison (RFC 3261 §19.1.4): an
/// escaped unreserved character equals the character itself; an escaped
/// reserved character stays distinct from the literal one.
#[derive(PartialEq, Eq, Clone, Copy)]
pub(crate) enum Unit {
    Char(u8),
    EscapedReserved(u8),
}

/// The comparison units of a component.
pub(crate) fn units(s: &str) -> impl Iterator<Item = Unit> + '_ {
    pieces(s).map(|p| match p {
        Piece::Escape(v) if is_reserved(v) => Unit::EscapedReserved(v),
        Piece::Literal(c) | Piece::Escape(c) => Unit::Char(c),
    })
}

/// Compares two components per RFC 3261 §19.1.4, case-sensitively.
pub(crate) fn component_eq(a: &str, b: &str) -> bool {
    units(a).eq(units(b))
}

/// Compares two components per RFC 3261 §19.1.4, ignoring ASCII case.
pub(crate) fn component_eq_ic(a: &str, b: &str) -> bool {
    // Without escapes every unit is a literal byte.
    if !a.contains('%') && !b.contains('%') {
        return a.eq_ignore_ascii_case(b);
    }
    let low = |u: Unit| match u {
        Unit::Char(c) => Unit::Char(c.to_ascii_lowercase()),
        e => e,
    };
    units(a).map(low).eq(units(b).map(low))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decode_and_match() {
        let e = Escaped("%61lice%20x");
        assert_eq!(&*e.decode(), b"alice x");
        assert!(e.matches("alice x"));
        assert!(Escaped("N%61me").matches_ignore_case("name"));
        assert_eq!(Escaped("null-%00-null").decode().as_ref(), b"null-\0-null");
        assert_eq!(Escaped("%FF").decode_utf8(), "\u{FFFD}");
    }

    #[test]
    fn escaping() {
        let mut s = String::new();
        escape_into(&mut s, "j@s0n é", |b| b.is_ascii_alphanumeric());
        assert_eq!(s, "j%40s0n%20%C3%A9");
    }

    #[test]
    fn comparison_units() {
        assert!(component_eq("%61lice", "alice"));
        assert!(!component_eq("a%3Bb", "a;b"));
        assert!(component_eq("a%3bb", "a%3Bb"));
        assert!(component_eq_ic("AtLanTa.CoM", "atlanta.com"));
    }
}
