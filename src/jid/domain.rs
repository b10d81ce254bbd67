//! Domainpart enforcement (RFC 7622 §3.2): IP literals, and IDNA2008
//! domain names through UTS #46.

use std::borrow::Cow;
use std::net::{Ipv4Addr, Ipv6Addr};
use std::str::FromStr;

use idna::uts46::{AsciiDenyList, DnsLength, Hyphens, Uts46};
use unicode_properties::{GeneralCategory, UnicodeGeneralCategory};

use super::precis::check_len;
use super::{JidError, JidPart, MAX_RAW_PART_BYTES};

/// Whether a code point left by UTS #46 mapping may stay in a U-label.
/// ASCII has already been limited to letters, digits and hyphens by the
/// STD3 rules. Of the rest, IDNA2008 (RFC 5892) allows letters, marks and
/// decimal digits that mapping leaves unchanged; UTS #46 also lets through
/// symbols and punctuation that IDNA2003 allowed, which are refused here.
/// The two joiners and the CONTEXTO punctuation of RFC 5892 Appendix A
/// are kept (UTS #46 checks the joiners' context).
fn allowed_in_label(c: char) -> bool {
    if c.is_ascii() {
        return true;
    }
    matches!(
        c,
        '\u{200c}' | '\u{200d}' | '\u{b7}' | '\u{375}' | '\u{5f3}' | '\u{5f4}' | '\u{30fb}'
    ) || matches!(
        c.general_category(),
        GeneralCategory::LowercaseLetter
            | GeneralCategory::OtherLetter
            | GeneralCategory::ModifierLetter
            | GeneralCategory::NonspacingMark
            | GeneralCategory::SpacingMark
            | GeneralCategory::DecimalNumber
    )
}

/// The UTS #46 result for a name of ASCII letters, digits and hyphens
/// with no A-label, checked in one pass: lower-cased, each label 1 to 63
/// octets with no hyphen first, last or in both the third and fourth
/// positions, the whole at most 253 octets. `None` sends the name through
/// UTS #46 (which also decides every refusal).
fn plain_ldh(d: &str) -> Option<Cow<'_, str>> {
    let b = d.as_bytes();
    if b.len() > 63 {
        return plain_ldh_by_label(d);
    }
    // A name of at most 63 octets holds no label that is too long: one
    // table lookup per pair of neighbouring octets finds a refused octet,
    // a label starting with `-` or `.`, one ending with `-`, a `--` (then
    // the labels are looked at one by one) and upper case.
    let (mut acc, mut prev) = (0u8, usize::from(L_DOT));
    for &c in b {
        let k = usize::from(LDH_CLASS[usize::from(c)]);
        acc |= LDH_PAIR[(prev << 3 | k) & 63];
        prev = k;
    }
    if acc & PAIR_BAD != 0 || prev == usize::from(L_HYPHEN) || prev == usize::from(L_DOT) {
        return None;
    }
    if acc & PAIR_DOUBLE_HYPHEN != 0 {
        return plain_ldh_by_label(d);
    }
    Some(if acc & PAIR_UPPER != 0 {
        Cow::Owned(d.to_ascii_lowercase())
    } else {
        Cow::Borrowed(d)
    })
}

/// Whether `d` is a domain name that enforcement leaves as it is and that
/// a SIP URI reads as a host name (RFC 3261 §25 `hostname`: the top label
/// starts with a letter): lower-case LDH labels of 1 to 63 octets, none
/// starting or ending with `-` and none with `--` third and fourth, at
/// most 253 octets, no final dot.
pub(crate) fn is_plain_host_name(d: &str) -> bool {
    // (The top label is short: a loop from the end beats `memrchr`.)
    let top = d.bytes().rposition(|c| c == b'.').map_or(0, |p| p + 1);
    d.as_bytes().get(top).is_some_and(u8::is_ascii_lowercase)
        && matches!(plain_ldh(d), Some(Cow::Borrowed(_)))
}

/// Classes of the octets of a plain name.
const L_BAD: u8 = 0;
const L_LOWER: u8 = 1;
const L_UPPER: u8 = 2;
const L_HYPHEN: u8 = 3;
const L_DOT: u8 = 4;

const LDH_CLASS: [u8; 256] = {
    let mut t = [L_BAD; 256];
    let mut i = 0;
    while i < 256 {
        t[i] = match i as u8 {
            b'a'..=b'z' | b'0'..=b'9' => L_LOWER,
            b'A'..=b'Z' => L_UPPER,
            b'-' => L_HYPHEN,
            b'.' => L_DOT,
            _ => L_BAD,
        };
        i += 1;
    }
    t
};

const PAIR_BAD: u8 = 1;
const PAIR_DOUBLE_HYPHEN: u8 = 2;
const PAIR_UPPER: u8 = 4;

/// What a pair of neighbouring classes (`prev << 3 | next`) says.
const LDH_PAIR: [u8; 64] = {
    let mut t = [0u8; 64];
    let mut prev = 0;
    while prev < 8 {
        let mut next = 0;
        while next < 8 {
            let (p, n) = (prev as u8, next as u8);
            let mut v = 0;
            if n == L_BAD
                || n > L_DOT
                || (p == L_DOT && (n == L_DOT || n == L_HYPHEN))
                || (p == L_HYPHEN && n == L_DOT)
            {
                v |= PAIR_BAD;
            }
            if p == L_HYPHEN && n == L_HYPHEN {
                v |= PAIR_DOUBLE_HYPHEN;
            }
            if n == L_UPPER {
                v |= PAIR_UPPER;
            }
            t[prev << 3 | next] = v;
            next += 1;
        }
        prev += 1;
    }
    t
};

/// [`plain_ldh`] label by label, for long names and names with `--`.
fn plain_ldh_by_label(d: &str) -> Option<Cow<'_, str>> {
    let b = d.as_bytes();
    if b.len() > 253 {
        return None;
    }
    // Octets in the current label; the octet before; whether any octet is
    // upper case; whether the label has hyphens third and fourth.
    let (mut label, mut prev, mut upper, mut reserved) = (0usize, 0u8, false, false);
    for &c in b {
        if c == b'.' {
            if label == 0 || label > 63 || prev == b'-' || reserved {
                return None;
            }
            label = 0;
            continue;
        }
        if !(c.is_ascii_alphanumeric() || c == b'-') || (label == 0 && c == b'-') {
            return None;
        }
        reserved |= label == 3 && c == b'-' && prev == b'-';
        upper |= c.is_ascii_uppercase();
        label += 1;
        prev = c;
    }
    if label == 0 || label > 63 || prev == b'-' || reserved {
        return None;
    }
    Some(if upper {
        Cow::Owned(d.to_ascii_lowercase())
    } else {
        Cow::Borrowed(d)
    })
}

/// Whether `d` holds only ASCII digits and dots: the only names the
/// dotted-quad reading of `Ipv4Addr` can accept.
fn digits_and_dots(d: &str) -> bool {
    d.bytes().all(|c| c.is_ascii_digit() || c == b'.')
}

/// Enforces a domainpart; the result is an IPv4 address, a bracketed IPv6
/// address in RFC 5952 form, or a name in lower-case U-labels.
pub(crate) fn enforce_domain(d: &str) -> Result<Cow<'_, str>, JidError> {
    let part = JidPart::Domain;
    if d.is_empty() {
        return Err(JidError::EmptyPart { part });
    }
    if d.len() > MAX_RAW_PART_BYTES {
        return Err(JidError::PartTooLong { part, len: d.len() });
    }
    if let Some(inner) = d.strip_prefix('[') {
        let addr = inner
            .strip_suffix(']')
            .and_then(|a| Ipv6Addr::from_str(a).ok())
            .ok_or(JidError::IpLiteral)?;
        return Ok(Cow::Owned(format!("[{addr}]")));
    }
    // RFC 7622 §3.2: one final dot is stripped before anything else.
    let d = d.strip_suffix('.').unwrap_or(d);
    if d.is_empty() {
        return Err(JidError::EmptyPart { part });
    }
    // Only a name of digits and dots can be a dotted quad.
    if digits_and_dots(d) {
        if let Ok(a) = Ipv4Addr::from_str(d) {
            return Ok(Cow::Owned(a.to_string()));
        }
    }
    if let Some(plain) = plain_ldh(d) {
        return Ok(plain);
    }
    let uts46 = Uts46::new();
    let (unicode, result) = uts46.to_unicode(d.as_bytes(), AsciiDenyList::STD3, Hyphens::Check);
    result.map_err(|_| JidError::Idna)?;
    if let Some(ch) = unicode.chars().find(|&c| !allowed_in_label(c)) {
        return Err(JidError::Disallowed { part, ch });
    }
    // Label and name lengths, and empty labels, are checked on the A-label
    // form (RFC 5890 §2.3.2.1, RFC 1034 §3.1).
    uts46
        .to_ascii(
            unicode.as_bytes(),
            AsciiDenyList::STD3,
            Hyphens::Check,
            DnsLength::Verify,
        )
        .map_err(|_| JidError::Idna)?;
    check_len(&unicode, part)?;
    Ok(Cow::Owned(unicode.into_owned()))
}

/// The A-label (ASCII) form of an enforced domainpart, for a SIP host (RFC
/// 3261 §25 `hostname` is ASCII); IP literals are returned as they are.
pub(crate) fn domain_to_ascii(d: &str) -> Result<Cow<'_, str>, JidError> {
    if d.starts_with('[') || d.is_ascii() {
        return Ok(Cow::Borrowed(d));
    }
    Uts46::new()
        .to_ascii(
            d.as_bytes(),
            AsciiDenyList::STD3,
            Hyphens::Check,
            DnsLength::Verify,
        )
        .map(|c| Cow::Owned(c.into_owned()))
        .map_err(|_| JidError::Idna)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names() {
        for (input, out) in [
            ("example.com", "example.com"),
            ("EXAMPLE.com.", "example.com"),
            ("xn--caf-dma.example", "caf\u{e9}.example"),
            ("XN--CAF-DMA.example", "caf\u{e9}.example"),
            ("CAF\u{c9}.example", "caf\u{e9}.example"),
            ("ｅｘａｍｐｌｅ.com", "example.com"),
            ("localhost", "localhost"),
            ("192.0.2.4", "192.0.2.4"),
            ("[::FFFF:192.0.2.1]", "[::ffff:192.0.2.1]"),
            ("col\u{b7}legi.cat", "col\u{b7}legi.cat"),
        ] {
            assert_eq!(enforce_domain(input).as_deref(), Ok(out), "{input}");
        }
        for input in [
            "a..b",
            "-a.example",
            "ab--cd.example",
            "xn--zz.example",
            "under_score.example",
            "sp ace.example",
            "a@b",
            "a/b",
            &format!("{}.example", "a".repeat(64)),
            &format!("{}a", "a.".repeat(127)),
        ] {
            assert_eq!(enforce_domain(input), Err(JidError::Idna), "{input}");
        }
        assert!(matches!(
            enforce_domain("\u{265a}.example"),
            Err(JidError::Disallowed { ch: '\u{265a}', .. })
        ));
        assert!(matches!(
            enforce_domain("i\u{2764}.ws"),
            Err(JidError::Disallowed { .. })
        ));
    }

    /// UTS #46 with the options enforcement uses, on its own.
    fn uts46_only(d: &str) -> Option<String> {
        let (unicode, result) =
            Uts46::new().to_unicode(d.as_bytes(), AsciiDenyList::STD3, Hyphens::Check);
        result.ok()?;
        Uts46::new()
            .to_ascii(
                unicode.as_bytes(),
                AsciiDenyList::STD3,
                Hyphens::Check,
                DnsLength::Verify,
            )
            .ok()?;
        Some(unicode.into_owned())
    }

    /// The label-by-label check this module used before the one-pass
    /// [`plain_ldh`], kept as the reference.
    fn plain_ldh_reference(d: &str) -> Option<Cow<'_, str>> {
        let b = d.as_bytes();
        if b.len() > 253 {
            return None;
        }
        for label in b.split(|&c| c == b'.') {
            let ok = (1..=63).contains(&label.len())
                && label
                    .iter()
                    .all(|c| c.is_ascii_alphanumeric() || *c == b'-')
                && label.first() != Some(&b'-')
                && label.last() != Some(&b'-')
                && label.get(2..4) != Some(b"--");
            if !ok {
                return None;
            }
        }
        Some(if b.iter().any(u8::is_ascii_uppercase) {
            Cow::Owned(d.to_ascii_lowercase())
        } else {
            Cow::Borrowed(d)
        })
    }

    proptest::proptest! {
        /// The one-pass check agrees with the label-by-label one.
        #[test]
        fn plain_ldh_is_reference(d in "([a-zA-Z0-9-]{0,66}\\.?){1,6}|[a-z-]{0,6}(\\.[a-z-]{0,6}){0,3}|[aA-]{0,8}(\\.[aA-]{0,8}){0,2}|.{0,8}") {
            proptest::prop_assert_eq!(plain_ldh(&d), plain_ldh_reference(&d));
        }

        /// Enforcing an enforced domainpart gives it back unchanged.
        #[test]
        fn enforcement_is_idempotent(d in "([a-zA-Z0-9-]{1,10}\\.){0,3}[a-zA-Z0-9-]{1,10}\\.?|[0-9.]{1,15}|\\[[0-9a-fA-F:.]{2,20}\\]|\\PC{1,12}|(xn--[a-z0-9-]{1,12}\\.)?[a-zé]{1,8}") {
            if let Ok(e) = enforce_domain(&d) {
                proptest::prop_assert_eq!(enforce_domain(&e), Ok(e.clone()));
            }
        }

        /// The one-pass check for plain names gives what UTS #46 gives,
        /// whenever it answers.
        #[test]
        fn plain_ldh_is_uts46(d in "([a-zA-Z0-9-]{0,66}\\.?){1,6}") {
            if let Some(fast) = plain_ldh(&d) {
                proptest::prop_assert_eq!(Some(fast.into_owned()), uts46_only(&d));
            }
        }
    }

    /// The one-pass check for plain names agrees with UTS #46.
    #[test]
    fn plain_names_agree_with_uts46() {
        let long = format!(
            "{}.{}.{}.{}",
            "a".repeat(63),
            "b".repeat(63),
            "c".repeat(63),
            "d".repeat(61)
        );
        for d in [
            "example.com",
            "EXAMPLE.com",
            "a-b.c0",
            "0.0",
            "ab--cd.example",
            "xn--caf-dma.example",
            "-a.b",
            "a-.b",
            "a..b",
            long.as_str(),
            &format!("{long}x"),
        ] {
            let uts46 = uts46_only(d);
            if let Some(fast) = plain_ldh(d) {
                assert_eq!(Some(fast.into_owned()), uts46, "{d}");
            }
            assert_eq!(enforce_domain(d).ok().map(Cow::into_owned), uts46, "{d}");
        }
    }

    /// The forms an address mapping writes for IP hosts are enforced
    /// already.
    #[test]
    fn address_forms_are_fixed_points() {
        for a in ["192.0.2.4", "0.0.0.0", "255.255.255.255"] {
            let v4: Ipv4Addr = a.parse().unwrap();
            assert_eq!(enforce_domain(&v4.to_string()).unwrap(), v4.to_string());
        }
        for a in ["2001:db8::1", "::ffff:192.0.2.1", "::", "fe80::1:2:3:4"] {
            let v6: Ipv6Addr = a.parse().unwrap();
            let text = format!("[{v6}]");
            assert_eq!(enforce_domain(&text).unwrap(), text);
        }
    }

    #[test]
    fn ascii_form() {
        assert_eq!(
            domain_to_ascii("caf\u{e9}.example").as_deref(),
            Ok("xn--caf-dma.example")
        );
        assert_eq!(
            domain_to_ascii("[2001:db8::1]").as_deref(),
            Ok("[2001:db8::1]")
        );
        assert_eq!(domain_to_ascii("example.com").as_deref(), Ok("example.com"));
    }
}
