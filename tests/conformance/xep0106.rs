//! XEP-0106 (JID escaping): the rules ESC-1 to ESC-8 of the digest
//! (underlying.md §10.2) and the XEP's examples (§5.1, and the e-mail /
//! SIP / IMPS conversions of §5.3).
//!
//! The crate reads the backslash rule literally (V-CORE-5 reading a): a
//! `\` is escaped only where it would start one of the ten escape
//! sequences. The XEP's table escapes every backslash in examples 9 to
//! 11; both forms unescape to the same text.

use sip_xmpp::address::{AddressMapper, Role};
use sip_xmpp::jid::{EscapeError, Jid, escape_localpart, unescape_localpart};
use sip_xmpp::uri::Uri;

/// The XEP-0106 §5.1 table: user input, the escaped JID this crate writes,
/// and the XEP's own form where it differs.
const TABLE: [(u8, &str, &str, Option<&str>); 12] = [
    (1, "space cadet", r"space\20cadet", None),
    (2, "call me \"ishmael\"", r"call\20me\20\22ishmael\22", None),
    (3, "at&t guy", r"at\26t\20guy", None),
    (4, "d'artagnan", r"d\27artagnan", None),
    (5, "/.fanboy", r"\2f.fanboy", None),
    (6, "::foo::", r"\3a\3afoo\3a\3a", None),
    (7, "<foo>", r"\3cfoo\3e", None),
    (8, "user@host", r"user\40host", None),
    (9, r"c:\net", r"c\3a\net", Some(r"c\3a\5cnet")),
    (10, r"c:\\net", r"c\3a\\net", Some(r"c\3a\5c\5cnet")),
    (
        11,
        r"c:\cool stuff",
        r"c\3a\cool\20stuff",
        Some(r"c\3a\5ccool\20stuff"),
    ),
    (12, r"c:\5commas", r"c\3a\5c5commas", None),
];

/// XEP-0106 §5.1 examples 1 to 12: escaping, unescaping (of this crate's
/// form and of the XEP's), and each result a valid localpart.
#[test]
fn s5_1_table() {
    for (n, input, escaped, xep_form) in TABLE {
        assert_eq!(
            escape_localpart(input).as_deref(),
            Ok(escaped),
            "vector {n}"
        );
        assert_eq!(
            unescape_localpart(escaped).as_deref(),
            Ok(input),
            "vector {n}"
        );
        if let Some(x) = xep_form {
            assert_eq!(
                unescape_localpart(x).as_deref(),
                Ok(input),
                "vector {n} (XEP form)"
            );
        }
        let j = Jid::parse(&format!("{escaped}@example.com")).unwrap();
        assert_eq!(j.local(), Some(escaped), "vector {n}");
    }
}

/// XEP-0106 §5.3: the e-mail/SIP address `here's_a_wild_&_/cr%zy/_address`
/// and the JID `here\27s_a_wild_\26_\2fcr%zy\2f_address`; and the IMPS
/// address `\3and\2is\5cool`, escaped to `\5c3and\2is\5c5cool`.
#[test]
fn s5_3_other_examples() {
    let mail = "here's_a_wild_&_/cr%zy/_address";
    let esc = r"here\27s_a_wild_\26_\2fcr%zy\2f_address";
    assert_eq!(escape_localpart(mail).as_deref(), Ok(esc));
    assert_eq!(unescape_localpart(esc).as_deref(), Ok(mail));
    let imps = r"\3and\2is\5cool";
    let esc = r"\5c3and\2is\5c5cool";
    assert_eq!(escape_localpart(imps).as_deref(), Ok(esc));
    assert_eq!(unescape_localpart(esc).as_deref(), Ok(imps));
}

/// ESC-1: escaping concerns the localpart only. A resourcepart or a
/// domainpart is never escaped or unescaped: `\27` in a resourcepart stays
/// four characters, and a `'` there is legal as it is.
#[test]
fn esc_1_localpart_only() {
    let j = Jid::parse(r"d\27artagnan@example.com/it\27s d'Art").unwrap();
    assert_eq!(j.local_unescaped().unwrap().as_deref(), Ok("d'artagnan"));
    assert_eq!(j.resource(), Some(r"it\27s d'Art"));
    let uri = AddressMapper::default()
        .jid_to_uri(&j, Role::Sender)
        .unwrap();
    assert_eq!(
        uri.as_str(),
        "sip:d'artagnan@example.com;gr=it%5C27s%20d'Art"
    );
    assert!(Jid::parse(r"a@ex\20ample.com").is_err());
}

/// ESC-2: only the ten characters are ever escaped; every other character
/// (printable ASCII, non-ASCII) is copied as it is.
#[test]
fn esc_2_only_listed_characters() {
    let others: String = (0x21u8..=0x7e)
        .map(char::from)
        .filter(|c| !"\"&'/:<>@\\".contains(*c))
        .chain("\u{e9}\u{3c0}\u{4e2d}".chars())
        .collect();
    assert_eq!(escape_localpart(&others).as_deref(), Ok(others.as_str()));
    for (c, code) in [
        (' ', "20"),
        ('"', "22"),
        ('&', "26"),
        ('\'', "27"),
        ('/', "2f"),
        (':', "3a"),
        ('<', "3c"),
        ('>', "3e"),
        ('@', "40"),
    ] {
        assert_eq!(
            escape_localpart(&format!("a{c}b")).unwrap(),
            format!("a\\{code}b")
        );
    }
}

/// ESC-3: `\20` may not begin or end an escaped localpart: text with a
/// leading or trailing space is refused, in both directions.
#[test]
fn esc_3_no_leading_or_trailing_space() {
    assert_eq!(escape_localpart(" cadet"), Err(EscapeError::LeadingSpace));
    assert_eq!(escape_localpart("cadet "), Err(EscapeError::TrailingSpace));
    assert_eq!(
        unescape_localpart(r"\20cadet"),
        Err(EscapeError::LeadingSpace)
    );
    assert_eq!(
        unescape_localpart(r"cadet\20"),
        Err(EscapeError::TrailingSpace)
    );
    assert_eq!(escape_localpart("a b").as_deref(), Ok(r"a\20b"));
}

/// ESC-4: a backslash that would start one of the ten escapes is itself
/// escaped (`\27` → `\5c27`); other backslashes stay (reading a of
/// V-CORE-5).
#[test]
fn esc_4_backslash_before_a_code() {
    assert_eq!(escape_localpart(r"\27").as_deref(), Ok(r"\5c27"));
    assert_eq!(escape_localpart(r"\5c").as_deref(), Ok(r"\5c5c"));
    assert_eq!(escape_localpart(r"a\b").as_deref(), Ok(r"a\b"));
    assert_eq!(escape_localpart(r"a\").as_deref(), Ok(r"a\"));
    // Upper-case hex is not an escape (case is significant).
    assert_eq!(escape_localpart(r"\2F").as_deref(), Ok(r"\2F"));
}

/// ESC-5: only the ten exact sequences are unescaped; partial and unknown
/// ones stay (`\2plus\2is\4`, `foo\bar`, `foob\41r`, `\2F`).
#[test]
fn esc_5_unescape_only_the_ten() {
    for s in [
        r"\2plus\2is\4",
        r"foo\bar",
        r"foob\41r",
        r"\2F",
        r"a\",
        r"a\2",
    ] {
        assert_eq!(unescape_localpart(s).as_deref(), Ok(s), "{s}");
    }
    assert_eq!(
        unescape_localpart(r"\22\26\27\2f\3a\3c\3e\40\5c").as_deref(),
        Ok("\"&'/:<>@\\")
    );
}

/// ESC-6: a forbidden character never goes on the wire unescaped (a JID
/// holding one is refused), and JIDs compare in escaped form: two
/// spellings that unescape alike are still two JIDs.
#[test]
fn esc_6_escaped_on_the_wire_and_compared_escaped() {
    assert!(Jid::parse("d'artagnan@example.com").is_err());
    assert!(Jid::parse("at&t@example.com").is_err());
    let a = Jid::parse(r"c\3a\net@example.com").unwrap();
    let b = Jid::parse(r"c\3a\5cnet@example.com").unwrap();
    assert_eq!(a.local_unescaped(), b.local_unescaped());
    assert_ne!(a, b);
}

/// ESC-7: unescaping for systems outside XMPP happens after the localpart
/// has been enforced. Enforcement lower-cases, so `\2F` (no escape)
/// becomes `\2f` (an escape) before it is read.
#[test]
fn esc_7_unescape_after_enforcement() {
    let j = Jid::parse(r"A\2Fb@example.com").unwrap();
    assert_eq!(j.local(), Some(r"a\2fb"));
    assert_eq!(j.local_unescaped().unwrap().as_deref(), Ok("a/b"));
    assert_eq!(unescape_localpart(r"A\2Fb").as_deref(), Ok(r"A\2Fb"));
}

/// ESC-8: converting a URI address: percent-decode, drop the scheme,
/// escape backslashes per ESC-4, then the forbidden characters.
#[test]
fn esc_8_from_a_uri() {
    let m = AddressMapper::default();
    let map = |s: &str| {
        m.uri_to_jid(&Uri::parse(s).unwrap(), Role::Recipient)
            .map(|j| j.to_string())
    };
    assert_eq!(
        map("sip:c%3A%5C27@example.com").as_deref(),
        Ok(r"c\3a\5c27@example.com")
    );
    assert_eq!(
        map("im:here's_a_wild_&_/cr%25zy/_address@example.com").as_deref(),
        Ok(r"here\27s_a_wild_\26_\2fcr%zy\2f_address@example.com")
    );
    assert_eq!(
        map("sip:%5C3and%5C2is%5C5cool@example.com").as_deref(),
        Ok(r"\5c3and\2is\5c5cool@example.com")
    );
}
