//! Character classes and small grammar pieces shared by the SIP, SDP and
//! MIME parsers (RFC 3261 §25 basic rules).

use std::borrow::Cow;

/// Defines a 256-entry membership table for a byte class: lookups are one
/// load, cheaper than the comparisons a `matches!` compiles to.
macro_rules! byte_table {
    ($(#[$m:meta])* $name:ident = |$b:ident| $e:expr) => {
        $(#[$m])*
        pub(crate) const $name: [bool; 256] = {
            let mut t = [false; 256];
            let mut i = 0;
            while i < 256 {
                let $b = i as u8;
                t[i] = $e;
                i += 1;
            }
            t
        };
    };
}
pub(crate) use byte_table;

byte_table!(
    /// RFC 3261 `token` characters.
    TOKEN = |b| matches!(b,
        b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9'
        | b'-' | b'.' | b'!' | b'%' | b'*' | b'_' | b'+' | b'`' | b'\'' | b'~')
);

/// The end of the run of bytes of `class` in `b` from `i` (`i` itself when
/// there is none, or when `i` is past the end).
#[inline]
pub(crate) fn run_end(b: &[u8], i: usize, class: &[bool; 256]) -> usize {
    // Over the rest as a slice: no bounds check per byte.
    match b.get(i..) {
        Some(rest) => {
            i + rest
                .iter()
                .position(|&c| !class[usize::from(c)])
                .unwrap_or(rest.len())
        }
        None => i,
    }
}

/// [`run_end`] for runs that are usually long (a Call-ID, a body): eight
/// bytes at a time while all eight are in the class, then byte by byte.
/// The eight lookups of a step do not wait on each other (no exit between
/// them), which makes a step much cheaper than eight steps of
/// [`run_end`].
#[inline]
pub(crate) fn run_end_long(b: &[u8], mut i: usize, class: &[bool; 256]) -> usize {
    let t = |c: u8| class[usize::from(c)];
    while let Some(&[c0, c1, c2, c3, c4, c5, c6, c7]) = b.get(i..i.saturating_add(8)) {
        if !(t(c0) & t(c1) & t(c2) & t(c3) & t(c4) & t(c5) & t(c6) & t(c7)) {
            break;
        }
        i += 8;
    }
    run_end(b, i, class)
}

/// `token` characters of RFC 3261 §25: alphanumerics and `-.!%*_+`'~`.
#[inline]
pub(crate) const fn is_token_byte(b: u8) -> bool {
    TOKEN[b as usize]
}

/// True when `s` is a non-empty RFC 3261 `token`.
pub(crate) fn is_token(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(is_token_byte)
}

/// SP or HTAB.
// Used by the SIP header parser, which is not on this branch yet.
pub(crate) const fn is_wsp(b: u8) -> bool {
    b == b' ' || b == b'\t'
}

/// Trims SP and HTAB on both sides (values are unfolded before this runs,
/// so CR and LF are never present).
pub(crate) fn trim_wsp(s: &str) -> &str {
    let b = s.as_bytes();
    let (mut i, mut j) = (0, b.len());
    while i < j && is_wsp(b[i]) {
        i += 1;
    }
    while j > i && is_wsp(b[j - 1]) {
        j -= 1;
    }
    // SP and HTAB are ASCII, so i and j are character boundaries.
    s.get(i..j).unwrap_or_default()
}

/// Trims SP and HTAB at the start.
pub(crate) fn trim_wsp_start(s: &str) -> &str {
    let n = s.bytes().take_while(|&b| is_wsp(b)).count();
    s.get(n..).unwrap_or_default()
}

/// Finds the end of a quoted string that starts at `s[0] == '"'`; returns
/// the byte index just past the closing quote, or `None` when unterminated.
pub(crate) fn quoted_end(s: &[u8]) -> Option<usize> {
    debug_assert_eq!(s.first(), Some(&b'"'));
    let mut i = 1;
    while let Some(&b) = s.get(i) {
        match b {
            b'\\' => i += 2,
            b'"' => return Some(i + 1),
            _ => i += 1,
        }
    }
    None
}

/// Removes the `quoted-pair` escapes of the inside of a quoted string
/// (without its quotes). Borrows when there is nothing to unescape.
pub(crate) fn unescape_quoted(inner: &str) -> Cow<'_, str> {
    if !inner.contains('\\') {
        return Cow::Borrowed(inner);
    }
    let mut out = String::with_capacity(inner.len());
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            if let Some(n) = chars.next() {
                out.push(n);
            }
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// Where the writers of header values put text: a `String` (the head of
/// a message being built, or a value being made) or a formatter (for
/// `Display`). One writer serves both, and writing into a `String` does
/// not go through `core::fmt`.
pub(crate) trait Out {
    /// Appends text.
    fn put(&mut self, s: &str);
    /// Appends one character.
    fn put_char(&mut self, c: char);
}

impl Out for String {
    #[inline]
    fn put(&mut self, s: &str) {
        self.push_str(s);
    }
    #[inline]
    fn put_char(&mut self, c: char) {
        self.push(c);
    }
}

impl Out for Vec<u8> {
    #[inline]
    fn put(&mut self, s: &str) {
        self.extend_from_slice(s.as_bytes());
    }
    #[inline]
    fn put_char(&mut self, c: char) {
        let mut buf = [0u8; 4];
        self.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
    }
}

/// An [`Out`] that only counts the bytes written: a writer's output size
/// from the writer itself, so that the two cannot disagree.
#[derive(Debug, Default)]
pub(crate) struct Count(pub(crate) usize);

impl Out for Count {
    #[inline]
    fn put(&mut self, s: &str) {
        self.0 = self.0.saturating_add(s.len());
    }
    #[inline]
    fn put_char(&mut self, c: char) {
        self.0 = self.0.saturating_add(c.len_utf8());
    }
}

/// An [`Out`] over a formatter, keeping the first error for the end of
/// `fmt`.
pub(crate) struct FmtOut<'f, 'a> {
    f: &'f mut std::fmt::Formatter<'a>,
    result: std::fmt::Result,
}

impl<'f, 'a> FmtOut<'f, 'a> {
    pub(crate) fn new(f: &'f mut std::fmt::Formatter<'a>) -> Self {
        FmtOut { f, result: Ok(()) }
    }

    /// The result of every write.
    pub(crate) fn finish(self) -> std::fmt::Result {
        self.result
    }
}

impl Out for FmtOut<'_, '_> {
    fn put(&mut self, s: &str) {
        if self.result.is_ok() {
            self.result = self.f.write_str(s);
        }
    }
    fn put_char(&mut self, c: char) {
        if self.result.is_ok() {
            self.result = std::fmt::Write::write_char(self.f, c);
        }
    }
}

/// Writes `s` as a quoted string, escaping `"`, `\` and the control
/// characters `qdtext` does not include (all but HTAB, which is LWS) as
/// `quoted-pair`s. CR and LF cannot be represented in a quoted string (RFC
/// 3261 `quoted-pair` excludes them), so they are written as a space:
/// writing never emits a line break inside a header value. Runs of
/// characters that need nothing are copied whole.
pub(crate) fn write_quoted(out: &mut impl Out, s: &str) {
    out.put_char('"');
    let mut run = 0;
    for (i, c) in s.char_indices() {
        let escape = match c {
            '"' | '\\' | '\0'..='\x08' | '\x0b' | '\x0c' | '\x0e'..='\x1f' | '\x7f' => true,
            '\r' | '\n' => false,
            _ => continue,
        };
        out.put(s.get(run..i).unwrap_or_default());
        if escape {
            out.put_char('\\');
            out.put_char(c);
        } else {
            out.put_char(' ');
        }
        run = i + c.len_utf8();
    }
    out.put(s.get(run..).unwrap_or_default());
    out.put_char('"');
}

/// Splits a header value on the commas that separate list elements:
/// commas inside quoted strings and `<...>` are not separators (RFC 3261
/// §7.3.1). Yields each element trimmed of SP/HTAB; empty elements are
/// yielded too so that typed parsers can reject them.
// Used by the SIP header parser, which is not on this branch yet.
pub(crate) fn split_list(value: &str) -> ListIter<'_> {
    ListIter { rest: Some(value) }
}

/// Iterator returned by [`split_list`].
// Used by the SIP header parser, which is not on this branch yet.
#[derive(Debug, Clone)]
pub(crate) struct ListIter<'a> {
    rest: Option<&'a str>,
}

impl<'a> Iterator for ListIter<'a> {
    type Item = &'a str;
    /// Jumps from one `"`, `<` or `,` to the next: a quoted string is
    /// skipped whole (an unterminated one makes the rest one element, for
    /// the typed parser to refuse), and so is `<...>`, inside which quotes
    /// and commas mean nothing (an unclosed `<` makes the rest one
    /// element).
    fn next(&mut self) -> Option<&'a str> {
        let s = self.rest?;
        let b = s.as_bytes();
        let mut i = 0;
        while let Some(p) = b
            .get(i..)
            .and_then(|t| memchr::memchr3(b'"', b'<', b',', t))
        {
            i += p;
            match b.get(i) {
                Some(b'"') => match b.get(i..).and_then(quoted_end) {
                    Some(n) => i += n,
                    None => break,
                },
                Some(b'<') => match b.get(i + 1..).and_then(|t| memchr::memchr(b'>', t)) {
                    Some(gt) => i += gt + 2,
                    None => break,
                },
                _ => {
                    self.rest = s.get(i + 1..);
                    return Some(trim_wsp(s.get(..i).unwrap_or_default()));
                }
            }
        }
        self.rest = None;
        Some(trim_wsp(s))
    }
}

/// Case-insensitive ASCII comparison. Names are usually written as
/// expected (`branch`, `text/plain`): one comparison of the bytes, which
/// is much cheaper than folding each pair, decides those.
#[inline]
pub(crate) fn eq_ic(a: &str, b: &str) -> bool {
    a.len() == b.len() && (a.as_bytes() == b.as_bytes() || a.eq_ignore_ascii_case(b))
}

/// Value of one hexadecimal digit.
pub(crate) const fn hex_val(b: u8) -> Option<u8> {
    match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'a'..=b'f' => Some(b - b'a' + 10),
        b'A'..=b'F' => Some(b - b'A' + 10),
        _ => None,
    }
}

/// Parses a run of ASCII digits as `u64`, rejecting empty input, any
/// non-digit and overflow.
pub(crate) fn parse_u64(s: &str) -> Option<u64> {
    if s.is_empty() || s.len() > 20 {
        // 20 digits cover u64::MAX; more can only overflow (leading zeros
        // beyond that are not worth accepting).
        if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let t = s.trim_start_matches('0');
        if t.len() > 20 {
            return None;
        }
        return if t.is_empty() { Some(0) } else { parse_u64(t) };
    }
    let mut v: u64 = 0;
    for b in s.bytes() {
        if !b.is_ascii_digit() {
            return None;
        }
        v = v.checked_mul(10)?.checked_add(u64::from(b - b'0'))?;
    }
    Some(v)
}

/// Number of decimal digits of `n`.
#[inline]
pub(crate) const fn decimal_len(n: u64) -> usize {
    match n.checked_ilog10() {
        Some(l) => l as usize + 1,
        None => 1,
    }
}

/// Appends `n` in decimal, without going through `core::fmt`.
#[inline]
pub(crate) fn push_decimal(out: &mut String, n: u64) {
    put_decimal(out, n);
}

/// The decimal digits of `n`, written at the end of `buf`.
#[inline]
fn decimal_digits(buf: &mut [u8; 20], n: u64) -> &[u8] {
    let mut i = buf.len();
    let mut v = n;
    loop {
        i -= 1;
        if let Some(slot) = buf.get_mut(i) {
            // `v % 10` is a single digit.
            *slot = b'0' + (v % 10) as u8;
        }
        v /= 10;
        if v == 0 || i == 0 {
            break;
        }
    }
    buf.get(i..).unwrap_or_default()
}

/// Writes `n` in decimal to any [`Out`].
#[inline]
pub(crate) fn put_decimal(out: &mut impl Out, n: u64) {
    let mut buf = [0u8; 20];
    // ASCII digits only.
    out.put(std::str::from_utf8(decimal_digits(&mut buf, n)).unwrap_or_default());
}

/// [`push_decimal`] into bytes.
#[inline]
pub(crate) fn push_decimal_bytes(out: &mut Vec<u8>, n: u64) {
    let mut buf = [0u8; 20];
    out.extend_from_slice(decimal_digits(&mut buf, n));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn list_split_respects_quotes_and_angles() {
        let v: Vec<_> = split_list(r#""a, b" <sip:x@y;p=1,2>;q=1 , <sip:z@w> ,,"#).collect();
        assert_eq!(
            v,
            vec![r#""a, b" <sip:x@y;p=1,2>;q=1"#, "<sip:z@w>", "", ""]
        );
    }

    #[test]
    fn list_split_escaped_quote() {
        let v: Vec<_> = split_list(r#""a\", b", c"#).collect();
        assert_eq!(v, vec![r#""a\", b""#, "c"]);
    }

    #[test]
    fn quoted_roundtrip() {
        let mut s = String::new();
        write_quoted(&mut s, "J \"R\" \\ x\r\n");
        assert_eq!(s, r#""J \"R\" \\ x  ""#);
        let inner = &s[1..s.len() - 1];
        assert_eq!(unescape_quoted(inner), "J \"R\" \\ x  ");
    }

    #[test]
    fn numbers() {
        for (s, v) in [
            ("0", Some(0)),
            ("0068", Some(68)),
            ("18446744073709551615", Some(u64::MAX)),
            ("18446744073709551616", None),
            ("000000000000000000000000001", Some(1)),
            ("", None),
            ("-1", None),
            ("1a", None),
        ] {
            assert_eq!(parse_u64(s), v, "{s}");
        }
    }

    #[test]
    fn decimal_writer() {
        for n in [0u64, 1, 9, 10, 99, 100, 255, 65535, 1 << 31, u64::MAX] {
            let mut s = String::new();
            push_decimal(&mut s, n);
            assert_eq!(s, n.to_string());
            assert_eq!(decimal_len(n), s.len());
            let mut v = Vec::new();
            push_decimal_bytes(&mut v, n);
            assert_eq!(v, n.to_string().into_bytes());
        }
    }

    /// The byte-at-a-time splitter this module used before, kept as the
    /// reference for the one that jumps between delimiters.
    fn split_reference(value: &str) -> Vec<&str> {
        let mut out = Vec::new();
        let mut rest = Some(value);
        while let Some(s) = rest {
            let b = s.as_bytes();
            let mut i = 0;
            let mut in_angle = false;
            let mut found = None;
            while i < b.len() {
                match b[i] {
                    b'"' if !in_angle => match quoted_end(&b[i..]) {
                        Some(n) => {
                            i += n;
                            continue;
                        }
                        None => {
                            i = b.len();
                            break;
                        }
                    },
                    b'<' => in_angle = true,
                    b'>' => in_angle = false,
                    b',' if !in_angle => {
                        found = Some(i);
                        break;
                    }
                    _ => {}
                }
                i += 1;
            }
            match found {
                Some(i) => {
                    out.push(trim_wsp(&s[..i]));
                    rest = Some(&s[i + 1..]);
                }
                None => {
                    out.push(trim_wsp(&s[..i.min(s.len())]));
                    rest = None;
                }
            }
        }
        out
    }

    proptest::proptest! {
        /// The runs are those of the byte-at-a-time loop.
        #[test]
        fn runs_are_reference(
            b in proptest::collection::vec(
                proptest::prop_oneof![4 => 0x61u8..0x7b, 1 => proptest::num::u8::ANY],
                0..40,
            ),
            i in 0usize..45,
        ) {
            let reference = |class: &[bool; 256]| {
                let mut j = i;
                while j < b.len() && class[usize::from(b[j])] {
                    j += 1;
                }
                j
            };
            for class in [&TOKEN, &crate::params::VALUE] {
                proptest::prop_assert_eq!(run_end(&b, i, class), reference(class));
                proptest::prop_assert_eq!(run_end_long(&b, i, class), reference(class));
            }
        }

        /// The comparison is `eq_ignore_ascii_case`.
        #[test]
        fn eq_ic_is_reference(a in "[a-cA-C\\u{e9}\\u{c9}-]{0,4}", b in "[a-cA-C\\u{e9}\\u{c9}-]{0,4}") {
            proptest::prop_assert_eq!(eq_ic(&a, &b), a.eq_ignore_ascii_case(&b));
            proptest::prop_assert!(eq_ic(&a, &a));
        }

        #[test]
        fn split_list_is_reference(v in "[a<>\",\\ ;=]{0,24}") {
            let got: Vec<&str> = split_list(&v).collect();
            proptest::prop_assert_eq!(got, split_reference(&v));
        }
    }
}
