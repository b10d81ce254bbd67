//! XML 1.0 (Fifth Edition) character classes: `Char` (§2.2), `S` (§2.3),
//! `NameStartChar` and `NameChar` (§2.3), and the NCName of Namespaces in
//! XML 1.0 §3.

/// `Char` (XML 1.0 §2.2): TAB, LF, CR, U+0020-U+D7FF, U+E000-U+FFFD,
/// U+10000-U+10FFFF.
pub(crate) const fn is_xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
}

/// `S` (XML 1.0 §2.3).
pub(crate) const fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r')
}

/// The first byte of `text` that is not an XML `Char`, with the code point
/// found there. `text` is valid UTF-8, so only C0 controls and
/// U+FFFE/U+FFFF (EF BF BE, EF BF BF) can be wrong; surrogates cannot
/// appear in UTF-8.
pub(crate) fn find_invalid_char(text: &str) -> Option<(usize, u32)> {
    let bytes = text.as_bytes();
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        if b < 0x20 {
            if !matches!(b, b'\t' | b'\n' | b'\r') {
                return Some((i, u32::from(b)));
            }
        } else if b == 0xEF && bytes.get(i + 1) == Some(&0xBF) {
            if let Some(&last @ (0xBE | 0xBF)) = bytes.get(i + 2) {
                return Some((i, 0xFFC0 | u32::from(last & 0x3F)));
            }
        }
        i += 1;
    }
    None
}

/// `NameStartChar` without `:`.
const fn is_name_start(c: char) -> bool {
    matches!(c,
        'A'..='Z' | '_' | 'a'..='z'
        | '\u{C0}'..='\u{D6}' | '\u{D8}'..='\u{F6}' | '\u{F8}'..='\u{2FF}'
        | '\u{370}'..='\u{37D}' | '\u{37F}'..='\u{1FFF}' | '\u{200C}'..='\u{200D}'
        | '\u{2070}'..='\u{218F}' | '\u{2C00}'..='\u{2FEF}' | '\u{3001}'..='\u{D7FF}'
        | '\u{F900}'..='\u{FDCF}' | '\u{FDF0}'..='\u{FFFD}' | '\u{10000}'..='\u{EFFFF}')
}

/// `NameChar` without `:`.
const fn is_name_char(c: char) -> bool {
    is_name_start(c)
        || matches!(c, '-' | '.' | '0'..='9' | '\u{B7}' | '\u{300}'..='\u{36F}' | '\u{203F}'..='\u{2040}')
}

/// `NCName` (Namespaces in XML 1.0 §3): a non-empty `Name` without colons.
pub(crate) fn is_ncname(s: &str) -> bool {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) if is_name_start(c) => chars.all(is_name_char),
        _ => false,
    }
}

/// Splits a `QName` into prefix and local part; `None` if it is not one
/// (empty parts, two colons, characters outside `NameChar`).
pub(crate) fn split_qname(s: &str) -> Option<(Option<&str>, &str)> {
    match s.split_once(':') {
        None => is_ncname(s).then_some((None, s)),
        Some((prefix, local)) => {
            (is_ncname(prefix) && is_ncname(local)).then_some((Some(prefix), local))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chars() {
        for (c, ok) in [
            ('\t', true),
            ('\n', true),
            ('\r', true),
            ('\0', false),
            ('\u{1}', false),
            ('\u{1F}', false),
            (' ', true),
            ('\u{D7FF}', true),
            ('\u{E000}', true),
            ('\u{FFFD}', true),
            ('\u{FFFE}', false),
            ('\u{FFFF}', false),
            ('\u{10000}', true),
            ('\u{10FFFF}', true),
        ] {
            assert_eq!(is_xml_char(c), ok, "{:X}", c as u32);
            let s = format!("ab{c}");
            assert_eq!(
                find_invalid_char(&s).is_none(),
                ok,
                "find_invalid_char {:X}",
                c as u32
            );
        }
        assert_eq!(find_invalid_char("a\u{FFFE}"), Some((1, 0xFFFE)));
        assert_eq!(find_invalid_char("\u{FFFF}"), Some((0, 0xFFFF)));
        assert_eq!(find_invalid_char("x\u{7}"), Some((1, 7)));
        assert_eq!(find_invalid_char("\u{EFBF}\u{FFFD}"), None);
    }

    #[test]
    fn names() {
        for (s, ok) in [
            ("a", true),
            ("_x-1.2", true),
            ("é", true),
            ("\u{B7}a", false),
            ("a\u{B7}", true),
            ("1a", false),
            ("-a", false),
            ("", false),
            ("a:b", false),
            ("a b", false),
            ("a'", false),
        ] {
            assert_eq!(is_ncname(s), ok, "{s:?}");
        }
        assert_eq!(split_qname("a:b"), Some((Some("a"), "b")));
        assert_eq!(split_qname("b"), Some((None, "b")));
        for bad in [":b", "a:", "a:b:c", "", "a:1"] {
            assert_eq!(split_qname(bad), None, "{bad:?}");
        }
    }
}
