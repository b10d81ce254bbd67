//! Property tests of the address mapping (rfc7247-core.md §4.4, P1 to P5)
//! and of JID enforcement and escaping.

use proptest::prelude::*;
use sip_xmpp::address::{AddressMapper, AddressPolicy, Role, UriScheme};
use sip_xmpp::jid::{Jid, escape_localpart, unescape_localpart};
use sip_xmpp::uri::{SipUri, Uri};

/// Characters for localparts: ASCII the localpart allows (no `\`: P1 is
/// stated for localparts without it), upper case to be folded, and
/// non-ASCII letters and marks, some that case-map or compose.
const LOCAL_CHARS: &[char] = &[
    'a', 'b', 'z', 'Q', '0', '9', '!', '#', '$', '%', '(', ')', '*', '+', ',', '-', '.', ';', '=',
    '?', '[', ']', '^', '_', '`', '{', '|', '}', '~', '\u{e9}', '\u{df}', '\u{3c0}', '\u{3a3}',
    '\u{3c2}', '\u{4e2d}', '\u{fc}', '\u{301}', '\u{ff41}', '\u{5d0}', '\u{130}',
];

/// Characters for resourceparts: anything OpaqueString allows, symbols
/// and the characters `gr` must encode included.
const RESOURCE_CHARS: &[char] = &[
    'a', 'Z', '0', ' ', '@', '/', ';', '=', ',', '?', '"', '<', '>', '#', '%', '\\', '^', '`', '{',
    '|', '}', '[', ']', ':', '&', '+', '$', '\'', '\u{e9}', '\u{265a}', '\u{a0}', '\u{4e2d}', '~',
];

/// Characters of an RFC 3261 `user` that PRECIS leaves as they are (lower
/// case: the optional case mapping would defeat equivalence, P2).
const SIP_USER_CHARS: &[char] = &[
    'a', 'k', 'z', '0', '7', '-', '_', '.', '!', '~', '*', '\'', '(', ')', '&', '=', '+', '$', ',',
    ';', '?', '/',
];

const DOMAINS: &[&str] = &[
    "example.com",
    "sip.example",
    "caf\u{e9}.example",
    "b\u{fc}cher.example",
    "xn--caf-dma.example",
    "a-b.c0.example",
    "localhost",
    "192.0.2.4",
    "[2001:db8::1]",
    "[::ffff:192.0.2.1]",
];

fn text(chars: &'static [char], max: usize) -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(chars), 1..max).prop_map(|v| v.into_iter().collect())
}

/// A valid JID whose localpart holds no backslash.
fn jid_strategy() -> impl Strategy<Value = Jid> {
    (
        prop::option::of(text(LOCAL_CHARS, 12)),
        prop::sample::select(DOMAINS),
        prop::option::of(text(RESOURCE_CHARS, 16)),
    )
        .prop_filter_map("not a valid JID", |(l, d, r)| {
            Jid::from_parts(l.as_deref(), d, r.as_deref()).ok()
        })
}

/// A valid JID whose localpart may hold backslashes and escapes.
fn escaped_jid_strategy() -> impl Strategy<Value = Jid> {
    (
        prop::option::of(
            prop::collection::vec(
                prop_oneof![
                    prop::sample::select(LOCAL_CHARS).prop_map(String::from),
                    prop::sample::select(&[r"\", r"\27", r"\5c", r"\2F", r"\20", r"\3a"][..])
                        .prop_map(String::from),
                ],
                1..10,
            )
            .prop_map(|v| v.concat()),
        ),
        prop::sample::select(DOMAINS),
        prop::option::of(text(RESOURCE_CHARS, 16)),
    )
        .prop_filter_map("not a valid JID", |(l, d, r)| {
            Jid::from_parts(l.as_deref(), d, r.as_deref()).ok()
        })
}

/// Octets for a percent-encoded user part: mostly printable ASCII (which
/// exercises escaping), some of anything (UTF-8 and not).
fn user_octets() -> impl Strategy<Value = Vec<u8>> {
    prop::collection::vec(prop_oneof![3 => 0x20u8..0x7f, 1 => any::<u8>()], 1..24)
}

fn mapper() -> AddressMapper {
    AddressMapper::default()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    /// P1 and P3: for a valid JID without `\` in its localpart,
    /// JID -> `sip:` URI -> JID is the identity, resourcepart and `gr`
    /// included.
    #[test]
    fn p1_p3_jid_uri_jid_identity(j in jid_strategy()) {
        let m = mapper();
        let u = m.jid_to_uri(&j, Role::Recipient).unwrap();
        let back = m.uri_to_jid(&u, Role::Recipient).unwrap();
        prop_assert_eq!(back, j);
    }

    /// P2: for a SIP user of characters a `user` allows unescaped (no `%`,
    /// already in PRECIS form), URI -> JID -> URI is equivalent to the
    /// original under RFC 3261 §19.1.4, `gr` included.
    #[test]
    fn p2_uri_jid_uri_equivalent(
        user in text(SIP_USER_CHARS, 16),
        host in "[a-z][a-z0-9]{0,8}(\\.[a-z][a-z0-9]{0,8}){0,2}",
        gr in prop::option::of("[A-Za-z0-9:._~-]{1,20}"),
    ) {
        let s = match &gr {
            Some(g) => format!("sip:{user}@{host};gr={g}"),
            None => format!("sip:{user}@{host}"),
        };
        let Ok(original) = SipUri::parse(&s) else { return Ok(()) };
        let m = mapper();
        let j = m.uri_to_jid(&Uri::Sip(original.clone()), Role::Sender).unwrap();
        let Uri::Sip(again) = m.jid_to_uri(&j, Role::Sender).unwrap() else {
            panic!("not a sip: URI");
        };
        prop_assert!(original.equivalent(&again), "{} vs {}", original, again);
    }

    /// P4: every URI the mapper writes parses with the crate's URI parser,
    /// for every scheme, whatever the localpart holds.
    #[test]
    fn p4_written_uris_parse(jid in escaped_jid_strategy()) {
        let m = mapper().with_policy(AddressPolicy { allow_sips: true, ..AddressPolicy::default() });
        for scheme in [UriScheme::Sip, UriScheme::Sips, UriScheme::Im, UriScheme::Pres] {
            if let Ok(u) = m.jid_to_uri_as(&jid, Role::Recipient, scheme) {
                let parsed = Uri::parse(u.as_str());
                prop_assert!(parsed.is_ok(), "{} -> {}", jid, u);
                // And it maps back to a JID that unescapes alike.
                let back = m.uri_to_jid(&parsed.unwrap(), Role::Recipient).unwrap();
                prop_assert_eq!(back.local_unescaped(), jid.local_unescaped());
            }
        }
    }

    /// P4: every JID the mapper writes is accepted by the `jid` crate's
    /// parser without panicking; an ASCII-only JID converts unchanged.
    #[test]
    fn p4_mapped_jids_parse_with_the_jid_crate(
        bytes in user_octets(),
        host in prop::sample::select(DOMAINS),
    ) {
        let mut user = String::new();
        for b in &bytes {
            user.push_str(&format!("%{b:02X}"));
        }
        let Ok(u) = Uri::parse(&format!("sip:{user}@{}", sip_host(host))) else { return Ok(()) };
        if let Ok(j) = mapper().uri_to_jid(&u, Role::Recipient) {
            let _ = ::jid::Jid::new(j.as_str());
            let converted = j.to_jid_crate();
            if j.as_str().is_ascii() {
                prop_assert_eq!(converted.map(|c| c.as_str().to_owned()).ok(), Some(j.to_string()));
            }
        }
    }

    /// P5: no mapped localpart holds `" & ' / : < > @` or a space, however
    /// the user part was escaped.
    #[test]
    fn p5_no_forbidden_characters_in_localparts(bytes in user_octets()) {
        let mut user = String::new();
        for b in &bytes {
            user.push_str(&format!("%{b:02X}"));
        }
        let u = Uri::parse(&format!("sip:{user}@example.com")).unwrap();
        if let Ok(j) = mapper().uri_to_jid(&u, Role::Recipient) {
            let l = j.local().unwrap();
            prop_assert!(!l.contains([' ', '"', '&', '\'', '/', ':', '<', '>', '@']), "{}", l);
            // And the escapes say what the user part said (modulo PRECIS
            // mapping, which these bytes may trigger).
            prop_assert!(unescape_localpart(l).is_ok());
        }
    }

    /// The `jid` crate conversion never panics on anything the validator
    /// accepts, and refuses rather than change the address.
    #[test]
    fn jid_crate_conversion_never_panics(j in escaped_jid_strategy(), s in "\\PC{1,40}") {
        for jid in [Some(j), Jid::parse(&s).ok()].into_iter().flatten() {
            let _ = ::jid::Jid::new(jid.as_str());
            match jid.to_jid_crate() {
                Ok(legacy) => prop_assert_eq!(legacy.as_str(), jid.as_str()),
                Err(_) => prop_assert!(!jid.as_str().is_ascii(), "{}", jid),
            }
        }
    }

    /// Enforcement is idempotent: the text of a JID parses to itself.
    #[test]
    fn enforcement_idempotent(s in "\\PC{1,40}") {
        if let Ok(j) = Jid::parse(&s) {
            prop_assert_eq!(Jid::parse(j.as_str()).unwrap(), j);
        }
    }

    /// XEP-0106: unescaping undoes escaping for any text that does not
    /// start or end with a space.
    #[test]
    fn escape_unescape_identity(s in "[a-c \\\\25cf@:/'\"&<>\\u{e9}]{1,24}") {
        if let Ok(e) = escape_localpart(&s) {
            prop_assert_eq!(unescape_localpart(&e).unwrap(), s);
        }
    }
}

/// A JID domainpart written as a SIP host (A-labels).
fn sip_host(d: &str) -> String {
    match d {
        "caf\u{e9}.example" => "xn--caf-dma.example".into(),
        "b\u{fc}cher.example" => "xn--bcher-kva.example".into(),
        other => other.into(),
    }
}

/// The RFC 7622 §3.5 vectors and the digest's JIDs convert to the `jid`
/// crate without panicking.
#[test]
fn jid_crate_conversion_on_the_vectors() {
    for s in [
        "juliet@example.com",
        "juliet@example.com/foo bar",
        "juliet@example.com/foo@bar",
        r"foo\20bar@example.com",
        "fussball@example.com",
        "fu\u{df}ball@example.com",
        "\u{3c0}@example.com",
        "\u{3a3}@example.com/foo",
        "\u{3c2}@example.com/foo",
        "king@example.com/\u{265a}",
        "example.com",
        "example.com/foobar",
        "a.example.com/b@example.net",
        r"c\@example.com",
        r"c\3a\net@example.com",
        "juliet@caf\u{e9}.example",
        "a@[2001:db8::1]",
    ] {
        let j = Jid::parse(s).unwrap();
        match j.to_jid_crate() {
            Ok(legacy) => assert_eq!(legacy.as_str(), j.as_str()),
            Err(e) => assert!(!j.as_str().is_ascii(), "{s}: {e}"),
        }
    }
}
