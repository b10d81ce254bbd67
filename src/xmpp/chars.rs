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
    let mut from = 0;
    loop {
        let i = from + next_suspect(bytes.get(from..)?)?;
        if let Some(&[0xEF, 0xBF, last @ (0xBE | 0xBF)]) = bytes.get(i..i + 3) {
            return Some((i, 0xFFC0 | u32::from(last & 0x3F)));
        }
        if let Some(&b) = bytes.get(i) {
            if b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r') {
                return Some((i, u32::from(b)));
            }
        }
        from = i + 1;
    }
}

/// The first byte below 0x20 or equal to 0xEF: eight bytes at a time,
/// skipping words that hold neither.
fn next_suspect(bytes: &[u8]) -> Option<usize> {
    const ONES: u64 = u64::from_ne_bytes([0x01; 8]);
    const HIGH: u64 = u64::from_ne_bytes([0x80; 8]);
    let mut chunks = bytes.chunks_exact(8);
    let mut base = 0;
    for chunk in &mut chunks {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        let x = u64::from_ne_bytes(word);
        // A byte below 0x20, or a zero byte after XOR with 0xEF.
        let below = x.wrapping_sub(ONES * 0x20) & !x & HIGH;
        let e = x ^ (ONES * 0xEF);
        let is_ef = e.wrapping_sub(ONES) & !e & HIGH;
        if below | is_ef != 0 {
            break;
        }
        base += 8;
    }
    bytes
        .get(base..)?
        .iter()
        .position(|&b| b < 0x20 || b == 0xEF)
        .map(|p| base + p)
}

/// Byte classes, for the loops over names and tags.
pub(crate) mod class {
    /// ASCII `NameChar` without `:`.
    pub(crate) const NAME: u8 = 1;
    /// ASCII `NameStartChar` without `:`.
    pub(crate) const NAME_START: u8 = 2;
    /// What ends a name in a plain tag: whitespace, `/`, `>`, `=`, quotes.
    pub(crate) const STOP: u8 = 4;
    /// `S`.
    pub(crate) const SPACE: u8 = 8;
    /// What an attribute value needs a second look for: below 0x20, 0xEF,
    /// `&`, `<`.
    pub(crate) const ATTR_SUSPECT: u8 = 16;

    const fn of(b: u8) -> u8 {
        let mut c = 0;
        if b.is_ascii_alphanumeric() || b == b'_' || b == b'-' || b == b'.' {
            c |= NAME;
        }
        if b.is_ascii_alphabetic() || b == b'_' {
            c |= NAME_START;
        }
        if matches!(b, b' ' | b'\t' | b'\n' | b'\r') {
            c |= SPACE | STOP;
        }
        if matches!(b, b'/' | b'>' | b'=' | b'\'' | b'"') {
            c |= STOP;
        }
        if b < 0x20 || matches!(b, 0xEF | b'&' | b'<') {
            c |= ATTR_SUSPECT;
        }
        c
    }

    const fn table() -> [u8; 256] {
        let mut t = [0; 256];
        let mut i = 0;
        while i < 256 {
            t[i] = of(i as u8);
            i += 1;
        }
        t
    }

    /// The class of every byte.
    static TABLE: [u8; 256] = table();

    /// Whether `b` is of class `c`.
    #[inline]
    pub(crate) fn is(b: u8, c: u8) -> bool {
        TABLE.get(usize::from(b)).is_some_and(|t| t & c != 0)
    }
}

/// Where the value that begins at `from` ends (the first `quote`), and
/// whether it holds no byte that needs a second look
/// ([`class::ATTR_SUSPECT`]); eight bytes at a time while there is
/// neither.
pub(crate) fn scan_value(bytes: &[u8], from: usize, quote: u8) -> Option<(usize, bool)> {
    let mut i = from;
    while let Some(x) = word(bytes, i) {
        let q = has_byte(x, quote);
        let hit = q | has_control(x) | has_byte(x, 0xEF) | has_byte(x, b'&') | has_byte(x, b'<');
        if hit != 0 {
            // The lowest flagged byte is exact (a false flag only ever
            // sits above a true one).
            let low = hit & hit.wrapping_neg();
            let at = i + (low.trailing_zeros() / 8) as usize;
            return if q & low != 0 {
                Some((at, true))
            } else {
                find1(bytes, at, quote).map(|end| (end, false))
            };
        }
        i += 8;
    }
    let mut clean = true;
    while let Some(&b) = bytes.get(i) {
        if b == quote {
            return Some((i, clean));
        }
        if class::is(b, class::ATTR_SUSPECT) {
            clean = false;
        }
        i += 1;
    }
    None
}

/// Eight bytes of `bytes` from `at`, if there are eight.
#[inline]
pub(crate) fn word(bytes: &[u8], at: usize) -> Option<u64> {
    let chunk: [u8; 8] = bytes.get(at..at.checked_add(8)?)?.try_into().ok()?;
    Some(u64::from_le_bytes(chunk))
}

const ONES: u64 = u64::from_ne_bytes([0x01; 8]);
const HIGH: u64 = u64::from_ne_bytes([0x80; 8]);

/// Non-zero if a byte of `x` is `b` (the lowest flagged byte is exact).
#[inline]
pub(crate) const fn has_byte(x: u64, b: u8) -> u64 {
    let y = x ^ (ONES * b as u64);
    y.wrapping_sub(ONES) & !y & HIGH
}

/// Non-zero if a byte of `x` is below 0x20.
#[inline]
pub(crate) const fn has_control(x: u64) -> u64 {
    x.wrapping_sub(ONES * 0x20) & !x & HIGH
}

/// Where `a` is in `bytes` from `from`: eight bytes at a time, without
/// the set-up cost of a vectorised search, for the short runs of a tag.
pub(crate) fn find1(bytes: &[u8], from: usize, a: u8) -> Option<usize> {
    let mut i = from;
    while let Some(x) = word(bytes, i) {
        if has_byte(x, a) != 0 {
            break;
        }
        i += 8;
    }
    let p = bytes.get(i..)?.iter().position(|&y| y == a)?;
    Some(i + p)
}

/// Whether `bytes` holds a byte below 0x20 (a control, TAB, LF or CR),
/// 0xEF (the lead byte of U+FFFE and U+FFFF, among others) or one of
/// `a`, `b`: text with none needs neither a character check nor
/// decoding.
pub(crate) fn has_suspect(bytes: &[u8], a: u8, b: u8) -> bool {
    let mut i = 0;
    while let Some(x) = word(bytes, i) {
        if has_control(x) | has_byte(x, 0xEF) | has_byte(x, a) | has_byte(x, b) != 0 {
            return true;
        }
        i += 8;
    }
    bytes
        .get(i..)
        .unwrap_or_default()
        .iter()
        .any(|&y| y < 0x20 || y == 0xEF || y == a || y == b)
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
pub(crate) const fn is_name_char(c: char) -> bool {
    is_name_start(c)
        || matches!(c, '-' | '.' | '0'..='9' | '\u{B7}' | '\u{300}'..='\u{36F}' | '\u{203F}'..='\u{2040}')
}

/// `NCName` (Namespaces in XML 1.0 §3): a non-empty `Name` without colons.
pub(crate) fn is_ncname(s: &str) -> bool {
    if s.is_ascii() {
        let b = s.as_bytes();
        return b
            .first()
            .is_some_and(|c| c.is_ascii_alphabetic() || *c == b'_')
            && b.iter()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, b'_' | b'-' | b'.'));
    }
    let mut chars = s.chars();
    match chars.next() {
        Some(c) if is_name_start(c) => chars.all(is_name_char),
        _ => false,
    }
}

/// Splits a `QName` into prefix and local part; `None` if it is not one
/// (empty parts, two colons, characters outside `NameChar`).
pub(crate) fn split_qname(s: &str) -> Option<(Option<&str>, &str)> {
    // ASCII names, the usual ones, in one pass.
    let b = s.as_bytes();
    let mut colon = None;
    let mut ascii = true;
    for (i, &c) in b.iter().enumerate() {
        if class::is(c, class::NAME) {
            continue;
        }
        if c == b':' {
            if colon.is_some() {
                return None;
            }
            colon = Some(i);
        } else if c < 0x80 {
            return None;
        } else {
            ascii = false;
            break;
        }
    }
    if ascii {
        let starts = |i: usize| b.get(i).is_some_and(|&c| class::is(c, class::NAME_START));
        return match colon {
            None => starts(0).then_some((None, s)),
            Some(p) => match (s.get(..p), s.get(p + 1..)) {
                (Some(prefix), Some(local)) if starts(0) && starts(p + 1) => {
                    Some((Some(prefix), local))
                }
                _ => None,
            },
        };
    }
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
    fn invalid_chars_found_at_every_alignment() {
        for at in 0..40 {
            for (bad, code) in [
                ("\u{0}", 0),
                ("\u{1F}", 0x1F),
                ("\u{FFFE}", 0xFFFE),
                ("\u{FFFF}", 0xFFFF),
            ] {
                let s = format!("{}{bad}{}", "a".repeat(at), "b".repeat(17));
                assert_eq!(find_invalid_char(&s), Some((at, code)), "{at} {code:X}");
            }
            // Valid characters with the same lead byte, and allowed controls.
            let s = format!(
                "{}\u{F000}\u{FFFD}\t\r\n{}",
                "a".repeat(at),
                "\u{EFBF}".repeat(5)
            );
            assert_eq!(find_invalid_char(&s), None, "{at}");
        }
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
