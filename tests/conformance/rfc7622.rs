//! RFC 7622 (XMPP address format): the rules JID-1 to JID-8 of the
//! digest (underlying.md §9.1) and the 23 examples of RFC 7622 §3.5.

use sip_xmpp::address::AddressError;
use sip_xmpp::jid::{Jid, JidError, JidPart, LegacyJidError};
use sip_xmpp::xmpp::DefinedCondition;

fn jid(s: &str) -> Jid {
    Jid::parse(s).unwrap_or_else(|e| panic!("{s:?}: {e}"))
}

/// RFC 7622 §3.5 Table 1: the fifteen legal JIDs, with the parts each
/// splits into (after enforcement).
#[test]
fn s3_5_legal_examples_1_to_15() {
    type Parts<'a> = (Option<&'a str>, &'a str, Option<&'a str>);
    let table: [(u8, &str, Parts<'_>); 15] = [
        (
            1,
            "juliet@example.com",
            (Some("juliet"), "example.com", None),
        ),
        (
            2,
            "juliet@example.com/foo",
            (Some("juliet"), "example.com", Some("foo")),
        ),
        (
            3,
            "juliet@example.com/foo bar",
            (Some("juliet"), "example.com", Some("foo bar")),
        ),
        (
            4,
            "juliet@example.com/foo@bar",
            (Some("juliet"), "example.com", Some("foo@bar")),
        ),
        (
            5,
            r"foo\20bar@example.com",
            (Some(r"foo\20bar"), "example.com", None),
        ),
        (
            6,
            "fussball@example.com",
            (Some("fussball"), "example.com", None),
        ),
        (
            7,
            "fu\u{df}ball@example.com",
            (Some("fu\u{df}ball"), "example.com", None),
        ),
        (
            8,
            "\u{3c0}@example.com",
            (Some("\u{3c0}"), "example.com", None),
        ),
        (
            9,
            "\u{3a3}@example.com/foo",
            (Some("\u{3c3}"), "example.com", Some("foo")),
        ),
        (
            10,
            "\u{3c3}@example.com/foo",
            (Some("\u{3c3}"), "example.com", Some("foo")),
        ),
        (
            11,
            "\u{3c2}@example.com/foo",
            (Some("\u{3c2}"), "example.com", Some("foo")),
        ),
        (
            12,
            "king@example.com/\u{265a}",
            (Some("king"), "example.com", Some("\u{265a}")),
        ),
        (13, "example.com", (None, "example.com", None)),
        (
            14,
            "example.com/foobar",
            (None, "example.com", Some("foobar")),
        ),
        (
            15,
            "a.example.com/b@example.net",
            (None, "a.example.com", Some("b@example.net")),
        ),
    ];
    for (n, input, parts) in table {
        let j = jid(input);
        assert_eq!((j.local(), j.domain(), j.resource()), parts, "example {n}");
        assert_eq!(jid(j.as_str()), j, "example {n}: enforcement is idempotent");
    }
}

/// RFC 7622 §3.5 Table 2: the eight strings that are not JIDs, each
/// refused for the reason the RFC gives.
#[test]
fn s3_5_illegal_examples_16_to_23() {
    let local = JidPart::Local;
    let table: [(u8, &str, JidError); 8] = [
        (
            16,
            "\"juliet\"@example.com",
            JidError::ExcludedCharacter { ch: '"' },
        ),
        (
            17,
            "foo bar@example.com",
            JidError::Disallowed {
                part: local,
                ch: ' ',
            },
        ),
        (18, "juliet@example.com/ foo", JidError::LeadingSpace),
        (19, "@example.com/", JidError::EmptyPart { part: local }),
        (
            20,
            "henry\u{2163}@example.com",
            JidError::Disallowed {
                part: local,
                ch: '\u{2163}',
            },
        ),
        (
            21,
            "\u{265a}@example.com",
            JidError::Disallowed {
                part: local,
                ch: '\u{265a}',
            },
        ),
        (
            22,
            "juliet@",
            JidError::EmptyPart {
                part: JidPart::Domain,
            },
        ),
        (
            23,
            "/foobar",
            JidError::EmptyPart {
                part: JidPart::Domain,
            },
        ),
    ];
    for (n, input, want) in table {
        let got = Jid::parse(input).expect_err(input);
        // Example 19 has two faults; the localpart is checked before the
        // resourcepart.
        assert_eq!(got, want, "example {n}: {input:?}");
    }
    // Example 19's faults, one at a time.
    assert_eq!(
        Jid::parse("@example.com"),
        Err(JidError::EmptyPart { part: local })
    );
    assert_eq!(
        Jid::parse("juliet@example.com/"),
        Err(JidError::EmptyPart {
            part: JidPart::Resource
        })
    );
}

/// RFC 7622 §3.5 examples 6 and 7: `fußball` and `fussball` are different
/// localparts (PRECIS does not fold U+00DF, unlike stringprep).
#[test]
fn s3_5_examples_6_and_7_are_distinct() {
    assert_ne!(jid("fussball@example.com"), jid("fu\u{df}ball@example.com"));
}

/// RFC 7622 §3.5 examples 9 to 11: capital sigma maps to small sigma, and
/// final sigma stays distinct from both.
#[test]
fn s3_5_examples_9_10_11_sigma() {
    let (nine, ten, eleven) = (
        jid("\u{3a3}@example.com/foo"),
        jid("\u{3c3}@example.com/foo"),
        jid("\u{3c2}@example.com/foo"),
    );
    assert_eq!(nine, ten);
    assert_ne!(nine, eleven);
    assert_ne!(ten, eleven);
}

/// JID-1: the input is cut at the first `/`, then what precedes it at the
/// first `@`; separators are matched before any mapping (a fullwidth `＠`
/// is not a separator, and is refused once width-mapped).
#[test]
fn jid_1_parse_order() {
    let j = jid("room@chat.example/nick@host/x");
    assert_eq!(j.local(), Some("room"));
    assert_eq!(j.domain(), "chat.example");
    assert_eq!(j.resource(), Some("nick@host/x"));
    let m = jid("a.example.com/b@example.net");
    assert_eq!((m.local(), m.domain()), (None, "a.example.com"));
    assert_eq!(
        Jid::parse("a\u{ff20}b@example.com"),
        Err(JidError::ExcludedCharacter { ch: '@' })
    );
}

/// JID-2: every part is 1 to 1023 octets after enforcement, counted in
/// octets; empty parts are refused.
#[test]
fn jid_2_part_lengths_in_octets() {
    let ok = format!("{}@example.com", "a".repeat(1023));
    assert_eq!(jid(&ok).local().map(str::len), Some(1023));
    let long = format!("{}@example.com", "a".repeat(1024));
    assert_eq!(
        Jid::parse(&long),
        Err(JidError::PartTooLong {
            part: JidPart::Local,
            len: 1024
        })
    );
    // 512 two-octet characters: 512 characters but 1024 octets.
    let wide = format!("{}@example.com", "\u{e9}".repeat(512));
    assert!(matches!(
        Jid::parse(&wide),
        Err(JidError::PartTooLong {
            part: JidPart::Local,
            ..
        })
    ));
    let res = format!("example.com/{}", "r".repeat(1024));
    assert!(matches!(
        Jid::parse(&res),
        Err(JidError::PartTooLong {
            part: JidPart::Resource,
            ..
        })
    ));
    // Counted after enforcement: 1023 fullwidth letters (3 octets each)
    // width-map to 1023 ASCII octets.
    let fw = format!("{}@example.com", "\u{ff41}".repeat(1023));
    assert_eq!(jid(&fw).local().map(str::len), Some(1023));
    // Three parts at the limit: 3071 octets in all.
    let max = format!(
        "{}@{}.{}.{}.{}/{}",
        "l".repeat(1023),
        "a".repeat(63),
        "b".repeat(63),
        "c".repeat(63),
        "d".repeat(61),
        "r".repeat(1023)
    );
    assert_eq!(jid(&max).as_str().len(), 1023 + 1 + 253 + 1 + 1023);
}

/// JID-3: a domainpart is a domain name (qualified or not), an IPv4
/// address, or an IPv6 address in brackets; one trailing dot is stripped
/// before anything else.
#[test]
fn jid_3_domainpart_forms_and_trailing_dot() {
    assert_eq!(jid("example.com.").domain(), "example.com");
    assert_eq!(
        jid("juliet@example.com./x").as_str(),
        "juliet@example.com/x"
    );
    assert_eq!(jid("juliet@localhost").domain(), "localhost");
    assert_eq!(jid("juliet@192.0.2.4").domain(), "192.0.2.4");
    assert_eq!(jid("juliet@[2001:db8::1]").domain(), "[2001:db8::1]");
    assert_eq!(jid("[2001:DB8:0:0::1]").domain(), "[2001:db8::1]");
    for bad in ["juliet@2001:db8::1", "juliet@[2001:db8::1", "juliet@[::1]x"] {
        assert!(Jid::parse(bad).is_err(), "{bad}");
    }
    // Only one dot goes; two leave an empty label.
    assert_eq!(Jid::parse("example.com.."), Err(JidError::Idna));
    // Zone identifiers (RFC 6874) are refused: a link-local scope means
    // nothing between servers.
    assert_eq!(Jid::parse("a@[fe80::1%25eth0]"), Err(JidError::IpLiteral));
}

/// JID-4: A-labels become U-labels; IDNA2008 mapping lower-cases and
/// width-maps; domainparts compare octet for octet after enforcement.
#[test]
fn jid_4_domainpart_idna2008() {
    assert_eq!(
        jid("romeo@xn--caf-dma.example").domain(),
        "caf\u{e9}.example"
    );
    assert_eq!(
        jid("romeo@XN--CAF-DMA.Example").domain(),
        "caf\u{e9}.example"
    );
    assert_eq!(jid("romeo@CAF\u{c9}.example").domain(), "caf\u{e9}.example");
    assert_eq!(jid("romeo@\u{ff45}xample.com").domain(), "example.com");
    assert_eq!(
        jid("romeo@xn--caf-dma.example"),
        jid("romeo@caf\u{e9}.EXAMPLE.")
    );
    // Not IDNA2008: bad Punycode, LDH violations, reserved hyphens,
    // over-long labels, symbols UTS #46 would let through.
    for bad in [
        "a@xn--zz.example",
        "a@-x.example",
        "a@ab--cd.example",
        "a@under_score.example",
        "a@a..b",
    ] {
        assert_eq!(Jid::parse(bad), Err(JidError::Idna), "{bad}");
    }
    assert!(matches!(
        Jid::parse("a@\u{265a}.example"),
        Err(JidError::Disallowed {
            part: JidPart::Domain,
            ..
        })
    ));
    let long_label = format!("a@{}.example", "x".repeat(64));
    assert_eq!(Jid::parse(&long_label), Err(JidError::Idna));
}

/// JID-5: localparts follow UsernameCaseMapped (case mapping, width
/// mapping, NFC; no spaces, symbols or compatibility characters), and the
/// eight characters of RFC 7622 §3.3.1 are refused.
#[test]
fn jid_5_localpart_precis_and_excluded_characters() {
    assert_eq!(jid("JULIET@example.com").local(), Some("juliet"));
    assert_eq!(jid("\u{ff2a}uliet@example.com").local(), Some("juliet"));
    assert_eq!(jid("e\u{301}@example.com").local(), Some("\u{e9}"));
    for ch in ['"', '&', '\'', '/', ':', '<', '>', '@'] {
        let input = format!("a{ch}b@example.com");
        let got = Jid::parse(&input);
        // '/' and '@' are separators, matched before enforcement: the
        // first makes `a` the domainpart, the second leaves `b@example.com`
        // as a domainpart.
        match ch {
            '/' => assert_eq!(
                got.map(|j| j.resource().map(str::to_owned)),
                Ok(Some("b@example.com".into()))
            ),
            '@' => assert_eq!(got, Err(JidError::Idna)),
            _ => assert_eq!(got, Err(JidError::ExcludedCharacter { ch }), "{input}"),
        }
        // Through from_parts they reach the localpart check itself.
        assert_eq!(
            Jid::from_parts(Some(&format!("a{ch}b")), "example.com", None),
            Err(JidError::ExcludedCharacter { ch })
        );
    }
    assert!(Jid::parse("a\tb@example.com").is_err());
    assert!(
        Jid::parse("\u{1d400}@example.com").is_err(),
        "math bold A (compat)"
    );
}

/// JID-6: resourceparts follow OpaqueString: spaces, `@`, `/` and symbols
/// allowed, non-ASCII spaces mapped to U+0020, NFC applied, controls
/// refused, no leading space.
#[test]
fn jid_6_resourcepart_opaque_string() {
    assert_eq!(
        jid("a@example.com/x y@z/\u{265a}").resource(),
        Some("x y@z/\u{265a}")
    );
    assert_eq!(jid("a@example.com/x\u{a0}y").resource(), Some("x y"));
    assert_eq!(jid("a@example.com/e\u{301}").resource(), Some("\u{e9}"));
    assert_eq!(jid("a@example.com/Case").resource(), Some("Case"));
    assert_eq!(jid("a@example.com/trailing ").resource(), Some("trailing "));
    assert!(matches!(
        Jid::parse("a@example.com/x\u{7}"),
        Err(JidError::Disallowed {
            part: JidPart::Resource,
            ..
        })
    ));
    assert_eq!(
        Jid::parse("a@example.com/\u{2003}foo"),
        Err(JidError::LeadingSpace)
    );
}

/// JID-7: enforcement maps what it can (case, width, trailing dot,
/// A-labels) and refuses the rest; a refused address is answered with
/// `<jid-malformed/>`.
#[test]
fn jid_7_enforce_and_answer_jid_malformed() {
    assert_eq!(
        jid("Juliet@Example.COM./Balcony").as_str(),
        "juliet@example.com/Balcony"
    );
    let e = Jid::parse("\u{265a}@example.com").unwrap_err();
    assert_eq!(
        AddressError::InvalidJid(e).xmpp_condition(),
        DefinedCondition::JidMalformed
    );
}

/// JID-8: the `jid` crate keeps the RFC 6122 stringprep rules. The
/// conversion hands it only validated text and refuses to return a value
/// the `jid` crate changed or refused; it never panics.
#[test]
fn jid_8_jid_crate_is_stringprep() {
    // What the jid crate does on its own with the inputs RFC 7622 judges.
    assert_eq!(
        ::jid::Jid::new("fu\u{df}ball@example.com")
            .unwrap()
            .as_str(),
        "fussball@example.com"
    );
    assert!(::jid::Jid::new("\u{265a}@example.com").is_ok());
    assert_eq!(
        ::jid::Jid::new("a@example.com.").unwrap().as_str(),
        "a@example.com."
    );
    // Through the conversion.
    let plain = jid("juliet@example.com/balcony");
    assert_eq!(plain.to_jid_crate().unwrap().as_str(), plain.as_str());
    assert!(matches!(
        jid("fu\u{df}ball@example.com").to_jid_crate(),
        Err(LegacyJidError::Changed { .. })
    ));
    assert!(matches!(
        jid("\u{3c2}@example.com").to_jid_crate(),
        Err(LegacyJidError::Changed { .. })
    ));
    assert_eq!(
        jid("a@example.com.").to_jid_crate().unwrap().as_str(),
        "a@example.com"
    );
    // A localpart ending in a backslash is valid; its conversion is fine
    // (only the jid crate's own unescape panics on it, and is never used).
    assert_eq!(
        jid(r"c\@example.com").to_jid_crate().unwrap().as_str(),
        r"c\@example.com"
    );
}
