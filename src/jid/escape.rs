//! JID escaping (XEP-0106): the ten characters a localpart cannot hold,
//! written as `\` and two lower-case hex digits.
//!
//! | character | escape |
//! |---|---|
//! | space | `\20` |
//! | `"` | `\22` |
//! | `&` | `\26` |
//! | `'` | `\27` |
//! | `/` | `\2f` |
//! | `:` | `\3a` |
//! | `<` | `\3c` |
//! | `>` | `\3e` |
//! | `@` | `\40` |
//! | `\` | `\5c` |
//!
//! A backslash is escaped only where it would otherwise be read as the
//! start of one of these ten sequences (XEP-0106 §4.3, business rule 4).
//! The XEP's own example table escapes every backslash (`c:\net` →
//! `c\3a\5cnet`); both forms unescape to the same text, and this crate
//! writes the shorter one (`c\3a\net`). Unescaping reads only the ten
//! exact sequences: `\2F`, `\41` and a lone `\` stay as they are.

use std::borrow::Cow;

/// Why a string cannot be escaped into, or unescaped out of, a localpart.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum EscapeError {
    /// Nothing to escape: a localpart is at least one octet.
    #[error("empty localpart")]
    Empty,
    /// The text starts with a space: `\20` may not begin an escaped
    /// localpart (XEP-0106 §4.3).
    #[error("a localpart may not start with an escaped space")]
    LeadingSpace,
    /// The text ends with a space: `\20` may not end an escaped localpart.
    #[error("a localpart may not end with an escaped space")]
    TrailingSpace,
}

/// The escape of one of the ten characters, as its two hex digits.
const fn code_of(c: char) -> Option<&'static str> {
    Some(match c {
        ' ' => "20",
        '"' => "22",
        '&' => "26",
        '\'' => "27",
        '/' => "2f",
        ':' => "3a",
        '<' => "3c",
        '>' => "3e",
        '@' => "40",
        '\\' => "5c",
        _ => return None,
    })
}

/// The bytes of the ten characters: those [`code_of`] escapes, and `\`.
const SPECIAL: [bool; 256] = {
    let mut t = [false; 256];
    let mut i = 0;
    while i < 128 {
        t[i] = code_of(i as u8 as char).is_some();
        i += 1;
    }
    t
};

/// The character an escape's two hex digits stand for (lower case only).
fn char_of(code: &[u8]) -> Option<char> {
    Some(match code {
        b"20" => ' ',
        b"22" => '"',
        b"26" => '&',
        b"27" => '\'',
        b"2f" => '/',
        b"3a" => ':',
        b"3c" => '<',
        b"3e" => '>',
        b"40" => '@',
        b"5c" => '\\',
        _ => return None,
    })
}

/// Whether the bytes at `i` are one of the ten escape sequences.
fn escape_at(b: &[u8], i: usize) -> Option<char> {
    if b.get(i) != Some(&b'\\') {
        return None;
    }
    b.get(i + 1..i + 3).and_then(char_of)
}

fn check_spaces(s: &str) -> Result<(), EscapeError> {
    if s.is_empty() {
        Err(EscapeError::Empty)
    } else if s.starts_with(' ') {
        Err(EscapeError::LeadingSpace)
    } else if s.ends_with(' ') {
        Err(EscapeError::TrailingSpace)
    } else {
        Ok(())
    }
}

/// Escapes text for use as a localpart (XEP-0106 §4.2): the nine
/// characters a localpart cannot hold become `\hh`, and a backslash
/// becomes `\5c` where it starts one of the ten escape sequences. Text
/// starting or ending with a space is refused.
///
/// The result still has to pass localpart enforcement ([`Jid::parse`](super::Jid::parse)).
///
/// ```
/// use sip_xmpp::jid::escape_localpart;
/// assert_eq!(escape_localpart("d'artagnan").unwrap(), r"d\27artagnan");
/// assert_eq!(escape_localpart(r"c:\net").unwrap(), r"c\3a\net");
/// assert_eq!(escape_localpart(r"c:\5commas").unwrap(), r"c\3a\5c5commas");
/// ```
pub fn escape_localpart(s: &str) -> Result<String, EscapeError> {
    escape_localpart_cow(s).map(Cow::into_owned)
}

/// [`escape_localpart`], borrowed when nothing needs escaping.
pub(crate) fn escape_localpart_cow(s: &str) -> Result<Cow<'_, str>, EscapeError> {
    check_spaces(s)?;
    let b = s.as_bytes();
    // The ten characters are ASCII, and no byte of a multi-byte character
    // is ASCII: a look at each byte finds them.
    let plain = b
        .iter()
        .enumerate()
        .all(|(i, &c)| !SPECIAL[usize::from(c)] || (c == b'\\' && escape_at(b, i).is_none()));
    if plain {
        return Ok(Cow::Borrowed(s));
    }
    let mut out = String::with_capacity(s.len() + 8);
    for (i, c) in s.char_indices() {
        let escaped = match c {
            '\\' => escape_at(b, i).map(|_| "5c"),
            c => code_of(c),
        };
        match escaped {
            Some(code) => {
                out.push('\\');
                out.push_str(code);
            }
            None => out.push(c),
        }
    }
    Ok(Cow::Owned(out))
}

/// Undoes XEP-0106 escaping (§4.3): each of the ten exact sequences
/// becomes its character; anything else, including upper-case hex
/// (`\2F`), stays. A result starting or ending with a space is refused,
/// as an escaped localpart may not begin or end with `\20`.
///
/// ```
/// use sip_xmpp::jid::unescape_localpart;
/// assert_eq!(unescape_localpart(r"space\20cadet").unwrap(), "space cadet");
/// assert_eq!(unescape_localpart(r"\2plus\2is\4").unwrap(), r"\2plus\2is\4");
/// assert_eq!(unescape_localpart(r"c\3a\5cnet").unwrap(), r"c:\net");
/// ```
pub fn unescape_localpart(s: &str) -> Result<Cow<'_, str>, EscapeError> {
    let b = s.as_bytes();
    let Some(first) = memchr::memchr(b'\\', b) else {
        check_spaces(s)?;
        return Ok(Cow::Borrowed(s));
    };
    let mut out = String::with_capacity(s.len());
    out.push_str(s.get(..first).unwrap_or(""));
    let mut i = first;
    while i < b.len() {
        if let Some(c) = escape_at(b, i) {
            out.push(c);
            i += 3;
            continue;
        }
        // Copy up to the next backslash (or the end) unchanged; the
        // backslash itself is ASCII, so the cut is on a char boundary.
        let next = memchr::memchr(b'\\', b.get(i + 1..).unwrap_or_default())
            .map_or(b.len(), |p| p + i + 1);
        out.push_str(s.get(i..next).unwrap_or(""));
        i = next;
    }
    check_spaces(&out)?;
    Ok(Cow::Owned(out))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_then_unescape_is_identity() {
        for s in [
            "a",
            r"\",
            r"a\",
            r"\\27",
            r"\27",
            r"\5c",
            r"x\2Fy",
            "call me \"ishmael\"",
            "\u{e9}t\u{e9}@x/y",
        ] {
            let e = escape_localpart(s).unwrap();
            assert_eq!(unescape_localpart(&e).unwrap(), s, "{s} via {e}");
        }
    }

    #[test]
    fn refusals() {
        assert_eq!(escape_localpart(""), Err(EscapeError::Empty));
        assert_eq!(escape_localpart(" a"), Err(EscapeError::LeadingSpace));
        assert_eq!(escape_localpart("a "), Err(EscapeError::TrailingSpace));
        assert_eq!(unescape_localpart(r"\20a"), Err(EscapeError::LeadingSpace));
        assert_eq!(unescape_localpart(r"a\20"), Err(EscapeError::TrailingSpace));
        assert_eq!(unescape_localpart(""), Err(EscapeError::Empty));
    }

    #[test]
    fn partial_sequences_at_the_end() {
        assert_eq!(unescape_localpart(r"a\2").unwrap(), r"a\2");
        assert_eq!(unescape_localpart(r"a\").unwrap(), r"a\");
        assert_eq!(unescape_localpart("\\\u{e9}").unwrap(), "\\\u{e9}");
    }
}
