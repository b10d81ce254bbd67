//! RFC 7247 §6 (address mapping) and §8 (security), with the digest's
//! derived rules and test vectors (rfc7247-core.md §2.2, §2.4, §2.5, §4,
//! §7): CORE-ADDR-*, CORE-SEC-*, CORE-D-1 to CORE-D-7, TV-ADDR-S*,
//! TV-ADDR-X* and the open points V-CORE-1 to V-CORE-8.

use sip_xmpp::address::{
    AddressError, AddressMapper, AddressPolicy, Domains, Role, Side, TelephoneForm, UriPart,
    UriScheme,
};
use sip_xmpp::jid::{EscapeError, Jid, JidError, JidPart};
use sip_xmpp::sip::NameAddr;
use sip_xmpp::uri::{Uri, UriError};
use sip_xmpp::xmpp::DefinedCondition;

/// A mapper that serves every domain on both sides (the RFC's vectors use
/// `sip.example`, `xmpp.example`, `example.com` and `example.net` freely).
fn any() -> AddressMapper {
    AddressMapper::default()
}

fn with_policy(f: impl FnOnce(&mut AddressPolicy)) -> AddressMapper {
    let mut p = AddressPolicy::default();
    f(&mut p);
    any().with_policy(p)
}

/// The gateway of RFC 7247 §4: SIP side `example.net`, XMPP side
/// `example.com`.
fn gateway() -> AddressMapper {
    AddressMapper::new(
        Domains::only(["example.net"]).unwrap(),
        Domains::only(["example.com"]).unwrap(),
    )
}

fn uri(s: &str) -> Uri {
    Uri::parse(s).unwrap_or_else(|e| panic!("{s}: {e}"))
}

fn jid(s: &str) -> Jid {
    Jid::parse(s).unwrap_or_else(|e| panic!("{s}: {e}"))
}

/// S2X with the any-domain mapper, as a recipient.
fn s2x(s: &str) -> Result<String, AddressError> {
    s2x_with(&any(), s)
}

fn s2x_with(m: &AddressMapper, s: &str) -> Result<String, AddressError> {
    let u = Uri::parse(s)?;
    m.uri_to_jid(&u, Role::Recipient).map(|j| j.to_string())
}

/// X2S with the any-domain mapper, as a recipient.
fn x2s(j: &str, scheme: UriScheme) -> Result<String, AddressError> {
    any()
        .jid_to_uri_as(&jid(j), Role::Recipient, scheme)
        .map(|u| u.to_string())
}

fn sip(j: &str) -> String {
    x2s(j, UriScheme::Sip).unwrap_or_else(|e| panic!("{j}: {e}"))
}

fn ok(s: &str) -> String {
    s2x(s).unwrap_or_else(|e| panic!("{s}: {e}"))
}

// ---- TV-ADDR-S: URI -> JID (RFC 7247 §6.4) ----

/// TV-ADDR-S1 (RFC 7247 §6.4): percent-decoded octets read as UTF-8.
#[test]
fn tv_addr_s1_percent_decoded_utf8() {
    assert_eq!(ok("sip:f%C3%BC@sip.example"), "f\u{fc}@sip.example");
}

/// TV-ADDR-S2 (RFC 7247 §6.4): `'` becomes `\27`.
#[test]
fn tv_addr_s2_apostrophe_escaped() {
    assert_eq!(ok("sip:o'malley@sip.example"), r"o\27malley@sip.example");
}

/// TV-ADDR-S3 (RFC 7247 §6.4): `gr` becomes the resourcepart.
#[test]
fn tv_addr_s3_gr_to_resource() {
    assert_eq!(ok("sip:foo@sip.example;gr=bar"), "foo@sip.example/bar");
}

/// TV-ADDR-S4: `%zy` is not a percent-escape (RFC 3986): refused, 400.
#[test]
fn tv_addr_s4_malformed_escape_refused() {
    let e = s2x("sip:here%27s_a_wild_%26_%2Fcr%zy%2F_address@example.com").unwrap_err();
    assert!(
        matches!(e, AddressError::Uri(UriError::Escape { .. })),
        "{e:?}"
    );
    assert_eq!(e.sip_status().as_u16(), 400);
}

/// TV-ADDR-S5 (XEP-0106 §5.3): decoding then escaping.
#[test]
fn tv_addr_s5_xep0106_address() {
    assert_eq!(
        ok("sip:here%27s_a_wild_%26_%2Fcr%25zy%2F_address@example.com"),
        r"here\27s_a_wild_\26_\2fcr%zy\2f_address@example.com"
    );
}

/// TV-ADDR-S6: a decoded `@` is escaped (generalised rule CORE-D-1).
#[test]
fn tv_addr_s6_decoded_at_sign() {
    assert_eq!(
        ok("sip:user%40host@example.com"),
        r"user\40host@example.com"
    );
}

/// TV-ADDR-S7: a decoded space is escaped.
#[test]
fn tv_addr_s7_decoded_space() {
    assert_eq!(
        ok("sip:space%20cadet@example.com"),
        r"space\20cadet@example.com"
    );
}

/// TV-ADDR-S8: a leading space cannot be escaped (XEP-0106): refused, 400.
#[test]
fn tv_addr_s8_leading_space_refused() {
    let e = s2x("sip:%20lead@example.com").unwrap_err();
    assert_eq!(e, AddressError::Escape(EscapeError::LeadingSpace));
    assert_eq!(e.sip_status().as_u16(), 400);
}

/// TV-ADDR-S9 (RFC 7247 §8): a `sips:` Request-URI is not translated.
#[test]
fn tv_addr_s9_sips_refused() {
    let e = s2x("sips:juliet@example.com").unwrap_err();
    assert_eq!(e, AddressError::Sips);
    assert_eq!(e.sip_status().as_u16(), 403);
}

/// TV-ADDR-S10: the host is lower-cased and loses its trailing dot.
#[test]
fn tv_addr_s10_host_case_and_trailing_dot() {
    assert_eq!(ok("sip:romeo@EXAMPLE.NET."), "romeo@example.net");
}

/// TV-ADDR-S11: an A-label becomes a U-label.
#[test]
fn tv_addr_s11_a_label_to_u_label() {
    assert_eq!(
        ok("sip:romeo@xn--caf-dma.example"),
        "romeo@caf\u{e9}.example"
    );
}

/// TV-ADDR-S12: an IPv6 reference keeps its brackets.
#[test]
fn tv_addr_s12_ipv6_literal() {
    assert_eq!(ok("sip:romeo@[2001:db8::1]"), "romeo@[2001:db8::1]");
}

/// TV-ADDR-S13: port and parameters are dropped.
#[test]
fn tv_addr_s13_port_and_params_dropped() {
    assert_eq!(
        ok("sip:romeo@192.0.2.4:5070;transport=tcp"),
        "romeo@192.0.2.4"
    );
}

/// TV-ADDR-S14: a public GRUU (RFC 5627) becomes a full JID.
#[test]
fn tv_addr_s14_public_gruu() {
    assert_eq!(
        ok("sip:juliet@example.com;gr=urn:uuid:f81d4fae-7dec-11d0-a765-00a0c91e6bf6"),
        "juliet@example.com/urn:uuid:f81d4fae-7dec-11d0-a765-00a0c91e6bf6"
    );
}

/// TV-ADDR-S15: the `gr` value is percent-decoded.
#[test]
fn tv_addr_s15_gr_decoded() {
    assert_eq!(
        ok("sip:romeo@example.net;gr=caf%C3%A9"),
        "romeo@example.net/caf\u{e9}"
    );
}

/// TV-ADDR-S16: `im:` URIs map like `sip:`.
#[test]
fn tv_addr_s16_im_scheme() {
    assert_eq!(ok("im:romeo@example.net"), "romeo@example.net");
}

/// TV-ADDR-S17: `pres:` URIs map like `sip:`, with escaping.
#[test]
fn tv_addr_s17_pres_scheme() {
    assert_eq!(ok("pres:o'malley@example.net"), r"o\27malley@example.net");
}

/// TV-ADDR-S18: no user part, a domain-only JID.
#[test]
fn tv_addr_s18_no_user_part() {
    assert_eq!(ok("sip:example.net"), "example.net");
}

/// TV-ADDR-S19: XEP-0106 backslash, reading a of V-CORE-5.
#[test]
fn tv_addr_s19_backslash_reading_a() {
    assert_eq!(ok("sip:c%3A%5Cnet@example.com"), r"c\3a\net@example.com");
}

// ---- TV-ADDR-X: JID -> URI (RFC 7247 §6.5) ----

/// TV-ADDR-X1 (RFC 7247 §6.5): `\26` becomes `&`, left unencoded.
#[test]
fn tv_addr_x1_unescape_ampersand() {
    assert_eq!(sip(r"m\26m@xmpp.example"), "sip:m&m@xmpp.example");
}

/// TV-ADDR-X2 (RFC 7247 §6.5): non-ASCII is percent-encoded as UTF-8.
#[test]
fn tv_addr_x2_non_ascii_encoded() {
    assert_eq!(
        sip("tsch\u{fc}ss@xmpp.example"),
        "sip:tsch%C3%BCss@xmpp.example"
    );
}

/// TV-ADDR-X3 (RFC 7247 §6.5): the resourcepart becomes `gr`.
#[test]
fn tv_addr_x3_resource_to_gr() {
    assert_eq!(sip("baz@xmpp.example/qux"), "sip:baz@xmpp.example;gr=qux");
}

/// TV-ADDR-X4: `\27` becomes `'`.
#[test]
fn tv_addr_x4_unescape_apostrophe() {
    assert_eq!(
        sip(r"d\27artagnan@example.com"),
        "sip:d'artagnan@example.com"
    );
}

/// TV-ADDR-X5: `\40` becomes `@`, which a SIP user must encode.
#[test]
fn tv_addr_x5_unescaped_at_encoded() {
    assert_eq!(
        sip(r"user\40host@example.com"),
        "sip:user%40host@example.com"
    );
}

/// TV-ADDR-X6: `#` is not allowed in a SIP user.
#[test]
fn tv_addr_x6_hash_encoded() {
    assert_eq!(sip("a#b@example.com"), "sip:a%23b@example.com");
}

/// TV-ADDR-X7: the `im:` set, for a message to an im-capable domain.
#[test]
fn tv_addr_x7_im_set() {
    assert_eq!(
        x2s("(x),y@example.com", UriScheme::Im).unwrap(),
        "im:%28x%29%2Cy@example.com"
    );
}

/// TV-ADDR-X8: presence to a SIP domain: `sip:` with `gr`.
#[test]
fn tv_addr_x8_presence_to_sip_domain() {
    assert_eq!(
        sip("juliet@example.com/balcony"),
        "sip:juliet@example.com;gr=balcony"
    );
}

/// TV-ADDR-X9: `@` in a resourcepart is encoded in `gr` (CORE-D-7).
#[test]
fn tv_addr_x9_gr_at_sign() {
    assert_eq!(
        sip("room@chat.example/nick@host"),
        "sip:room@chat.example;gr=nick%40host"
    );
}

/// TV-ADDR-X10: a U-label becomes an A-label.
#[test]
fn tv_addr_x10_u_label_to_a_label() {
    assert_eq!(
        sip("juliet@caf\u{e9}.example"),
        "sip:juliet@xn--caf-dma.example"
    );
}

/// TV-ADDR-X11: a space in `gr` is encoded.
#[test]
fn tv_addr_x11_gr_space() {
    assert_eq!(
        sip("juliet@example.com/foo bar"),
        "sip:juliet@example.com;gr=foo%20bar"
    );
}

/// TV-ADDR-X12: dots in an `im:` local part are encoded (V-CORE-4).
#[test]
fn tv_addr_x12_im_dot() {
    assert_eq!(
        x2s("a.b@example.com", UriScheme::Im).unwrap(),
        "im:a%2Eb@example.com"
    );
}

// ---- CORE-ADDR (RFC 7247 §6) ----

/// CORE-ADDR-1 (§6.2): undo the source's escaping, keep what the
/// destination allows, escape what it reserves, both ways.
#[test]
fn core_addr_1_three_step_conversion() {
    // `%2B` is undone, `+` is allowed in a JID, `&` is escaped.
    assert_eq!(ok("sip:a%2Bb&c@example.com"), r"a+b\26c@example.com");
    // `\26` is undone, `+` and `&` are allowed in a SIP user, `é` is not.
    assert_eq!(
        sip("a+b\\26c\u{e9}@example.com"),
        "sip:a+b&c%C3%A9@example.com"
    );
}

/// CORE-ADDR-2 (§6.2): a URI destination gets `%HH` escapes.
#[test]
fn core_addr_2_uri_destination_percent_encodes() {
    assert_eq!(sip("a#b@example.com"), "sip:a%23b@example.com");
    assert_eq!(
        x2s("a;b@example.com", UriScheme::Pres).unwrap(),
        "pres:a%3Bb@example.com"
    );
}

/// CORE-ADDR-3 (§6.2): a JID destination gets XEP-0106 `\hh` escapes.
#[test]
fn core_addr_3_jid_destination_xep0106_escapes() {
    assert_eq!(ok("sip:o'malley@example.com"), r"o\27malley@example.com");
    assert_eq!(ok("sip:a/b@example.com"), r"a\2fb@example.com");
}

/// CORE-ADDR-4 (§6.3): `gr` and resourcepart name the same instance, and
/// map to each other.
#[test]
fn core_addr_4_gr_is_the_resourcepart() {
    let j = ok("sip:juliet@example.com;gr=yn0cl4bnw0yr3vym");
    assert_eq!(j, "juliet@example.com/yn0cl4bnw0yr3vym");
    assert_eq!(sip(&j), "sip:juliet@example.com;gr=yn0cl4bnw0yr3vym");
}

/// CORE-ADDR-5 (§6.3): a temporary GRUU is not mapped to a resourcepart.
#[test]
fn core_addr_5_temporary_gruu_not_an_instance() {
    let t = "sip:tgruu.7hs==jd7vnzga5w7fajsc7-ajd6fabz0f8g5@example.com;gr";
    assert_eq!(s2x(t), Err(AddressError::TemporaryGruu));
}

/// CORE-ADDR-6 (§6.3): non-ASCII in a resourcepart is percent-encoded in
/// `gr`.
#[test]
fn core_addr_6_non_ascii_resource_in_gr() {
    assert_eq!(
        sip("juliet@example.com/caf\u{e9}"),
        "sip:juliet@example.com;gr=caf%C3%A9"
    );
}

/// CORE-ADDR-7 (§6.4): the whole URI → JID algorithm on one URI: scheme
/// (any case), password, port, parameters and headers dropped, user
/// decoded, escaped and case-mapped, host mapped, `gr` appended.
#[test]
fn core_addr_7_uri_to_jid_algorithm() {
    assert_eq!(
        ok("SIP:O%27Malley:secret@Example.NET.:5061;transport=tls;gr=Desk%201?subject=hi"),
        r"o\27malley@example.net/Desk 1"
    );
}

/// CORE-ADDR-8 (§6.4 step 6): the localpart is canonicalised with PRECIS
/// UsernameCaseMapped (case and width mapping; the SIP case is lost).
#[test]
fn core_addr_8_precis_canonicalisation() {
    assert_eq!(ok("sip:Romeo@example.net"), "romeo@example.net");
    assert_eq!(ok("sip:%EF%BC%B2omeo@example.net"), "romeo@example.net");
    assert_eq!(ok("sip:%CE%A3@example.net"), "\u{3c3}@example.net");
}

/// CORE-ADDR-9 (§6.5): the whole JID → URI algorithm on one JID: split,
/// unescape, percent-encode, A-labels, `gr`.
#[test]
fn core_addr_9_jid_to_uri_algorithm() {
    assert_eq!(
        sip("o\\27mall\\c3\u{e9}y@caf\u{e9}.example/r@x"),
        "sip:o'mall%5Cc3%C3%A9y@xn--caf-dma.example;gr=r%40x"
    );
}

/// CORE-ADDR-10 (§6.5 step 1): mapping the resourcepart is optional.
#[test]
fn core_addr_10_resource_mapping_optional() {
    let m = with_policy(|p| p.resource_to_gr = false);
    let u = m
        .jid_to_uri(&jid("baz@xmpp.example/qux"), Role::Recipient)
        .unwrap();
    assert_eq!(u.as_str(), "sip:baz@xmpp.example");
}

/// CORE-ADDR-11 (§6.5 step 2): the localpart is canonicalised first
/// (every `Jid` is enforced).
#[test]
fn core_addr_11_localpart_canonicalised() {
    assert_eq!(sip("JULIET@Example.com"), "sip:juliet@example.com");
}

/// CORE-ADDR-12 (§6.5 steps 4, 7): `sip` by default, `sips` by policy,
/// `im`/`pres` when the caller knows the domain supports them.
#[test]
fn core_addr_12_scheme_choice() {
    let j = jid("juliet@example.com");
    assert_eq!(
        any().jid_to_uri(&j, Role::Recipient).unwrap().as_str(),
        "sip:juliet@example.com"
    );
    let sips = with_policy(|p| p.scheme = UriScheme::Sips);
    assert_eq!(
        sips.jid_to_uri(&j, Role::Recipient).unwrap().as_str(),
        "sips:juliet@example.com"
    );
    for (scheme, want) in [
        (UriScheme::Im, "im:juliet@example.com"),
        (UriScheme::Pres, "pres:juliet@example.com"),
    ] {
        assert_eq!(
            any()
                .jid_to_uri_as(&j, Role::Recipient, scheme)
                .unwrap()
                .as_str(),
            want
        );
    }
}

/// CORE-ADDR-13 (§6.5 step 8): a resourcepart travels only in `sip`/`sips`
/// URIs; for `im`/`pres` it is dropped.
#[test]
fn core_addr_13_resource_only_for_sip() {
    assert_eq!(
        x2s("juliet@example.com/balcony", UriScheme::Im).unwrap(),
        "im:juliet@example.com"
    );
    assert_eq!(
        x2s("juliet@example.com/balcony", UriScheme::Sips).unwrap(),
        "sips:juliet@example.com;gr=balcony"
    );
}

// ---- CORE-SEC (RFC 7247 §8) ----

/// CORE-SEC-1 (§8): TLS is the transport's business; the mapper keeps the
/// security level it is asked for, writing `sips:` (TLS to the end) when
/// that is the scheme, and never downgrading a `sips:` it maps.
#[test]
fn core_sec_1_secure_scheme_kept() {
    assert!(
        x2s("juliet@example.com", UriScheme::Sips)
            .unwrap()
            .starts_with("sips:")
    );
    let allowed = with_policy(|p| p.allow_sips = true);
    assert_eq!(
        s2x_with(&allowed, "sips:juliet@example.com"),
        Ok("juliet@example.com".into())
    );
}

/// CORE-SEC-2 (§8): a `sips:` Request-URI or To is not translated, as URI
/// or as a To header.
#[test]
fn core_sec_2_sips_not_translated() {
    assert_eq!(s2x("sips:juliet@example.com"), Err(AddressError::Sips));
    let to = NameAddr::parse("<sips:juliet@example.com>;tag=x").unwrap();
    assert_eq!(
        any().name_addr_to_jid(&to, Role::Recipient),
        Err(AddressError::Sips)
    );
}

/// CORE-SEC-3 (§8): only an explicit operator agreement lets `sips:` be
/// translated: off by default, on by policy.
#[test]
fn core_sec_3_sips_only_by_agreement() {
    assert!(!AddressPolicy::default().allow_sips);
    let allowed = with_policy(|p| p.allow_sips = true);
    assert_eq!(
        s2x_with(&allowed, "sips:juliet@example.com;gr=x"),
        Ok("juliet@example.com/x".into())
    );
}

/// CORE-SEC-4 (§8): loop guard. A recipient in a domain of the source side
/// would come straight back through the gateway: refused (482 /
/// not-acceptable), in both directions.
#[test]
fn core_sec_4_loop_guard() {
    let both = AddressMapper::new(
        Domains::only(["example.net", "shared.example"]).unwrap(),
        Domains::only(["example.com", "shared.example"]).unwrap(),
    );
    let e = both
        .uri_to_jid(&uri("sip:a@shared.example"), Role::Recipient)
        .unwrap_err();
    assert_eq!(
        e,
        AddressError::Loop {
            domain: "shared.example".into()
        }
    );
    assert_eq!(e.sip_status().as_u16(), 482);
    let e = both
        .jid_to_uri(&jid("a@shared.example"), Role::Recipient)
        .unwrap_err();
    assert_eq!(e.xmpp_condition(), DefinedCondition::NotAcceptable);
    // A SIP request to one of our SIP domains, or a stanza to one of our
    // XMPP domains, is local business, not the gateway's.
    assert!(matches!(
        gateway().uri_to_jid(&uri("sip:romeo@example.net"), Role::Recipient),
        Err(AddressError::Loop { .. })
    ));
    assert!(matches!(
        gateway().jid_to_uri(&jid("juliet@example.com"), Role::Recipient),
        Err(AddressError::Loop { .. })
    ));
}

/// CORE-SEC-5 (§8): confusable characters are not folded together:
/// Cyrillic `а` is not Latin `a`, in a localpart or a domain; only width
/// and case variants are mapped by PRECIS and IDNA2008.
#[test]
fn core_sec_5_confusables_stay_distinct() {
    assert_ne!(jid("\u{430}lice@example.com"), jid("alice@example.com"));
    assert_eq!(jid("\u{ff41}lice@example.com"), jid("alice@example.com"));
    assert_ne!(
        jid("a@\u{430}pple.example").domain(),
        jid("a@apple.example").domain()
    );
    assert_eq!(sip("\u{430}lice@example.com"), "sip:%D0%B0lice@example.com");
}

// ---- CORE-D: derived rules (digest §2.5) ----

/// CORE-D-1: S2X escapes every JID-forbidden character that decoding can
/// produce, not only `& ' /`.
#[test]
fn core_d_1_all_forbidden_characters_escaped() {
    assert_eq!(
        ok("sip:a%20b%22c%26d%27e%2Ff%3Ag%3Ch%3Ei%40j@example.com"),
        r"a\20b\22c\26d\27e\2ff\3ag\3ch\3ei\40j@example.com"
    );
    assert_eq!(ok("sip:a%5C40b@example.com"), r"a\5c40b@example.com");
    assert_eq!(ok("sip:a%5Cb@example.com"), r"a\b@example.com");
}

/// CORE-D-2: X2S undoes all ten escapes, then percent-encodes what a SIP
/// user cannot hold.
#[test]
fn core_d_2_all_ten_unescaped() {
    assert_eq!(
        sip(r"a\20b\22c\26d\27e\2ff\3ag\3ch\3ei\40j\5ck@example.com"),
        "sip:a%20b%22c&d'e/f%3Ag%3Ch%3Ei%40j%5Ck@example.com"
    );
    // Not one of the ten: left as it is (and `\` encoded).
    assert_eq!(sip(r"a\41b@example.com"), "sip:a%5C41b@example.com");
}

/// CORE-D-3: A-labels in a SIP host become U-labels (a domainpart holds
/// none); bad Punycode is refused.
#[test]
fn core_d_3_a_labels_to_u_labels() {
    assert_eq!(
        ok("sip:a@xn--caf-dma.xn--bcher-kva.example"),
        "a@caf\u{e9}.b\u{fc}cher.example"
    );
    assert_eq!(
        s2x("sip:a@xn--zz.example"),
        Err(AddressError::InvalidJid(JidError::Idna))
    );
}

/// CORE-D-4: U-labels become A-labels in a SIP host.
#[test]
fn core_d_4_u_labels_to_a_labels() {
    assert_eq!(
        sip("a@caf\u{e9}.b\u{fc}cher.example"),
        "sip:a@xn--caf-dma.xn--bcher-kva.example"
    );
}

/// CORE-D-5: one trailing dot is stripped, in addresses and in the domain
/// lists the gateway is configured with.
#[test]
fn core_d_5_trailing_dot_stripped() {
    assert_eq!(ok("sip:romeo@example.net."), "romeo@example.net");
    let m = AddressMapper::new(
        Domains::only(["example.net."]).unwrap(),
        Domains::only(["example.com."]).unwrap(),
    );
    assert_eq!(
        m.uri_to_jid(&uri("sip:juliet@example.com."), Role::Recipient)
            .unwrap()
            .as_str(),
        "juliet@example.com"
    );
}

/// CORE-D-6: each JID part is 1 to 1023 octets; a decoded user part over
/// the limit is refused, not truncated.
#[test]
fn core_d_6_part_lengths() {
    let ok_len = format!("sip:{}@example.com", "a".repeat(1023));
    assert!(s2x(&ok_len).is_ok());
    let long = format!("sip:{}@example.com", "%C3%A9".repeat(512));
    assert_eq!(
        s2x(&long),
        Err(AddressError::InvalidJid(JidError::PartTooLong {
            part: JidPart::Local,
            len: 1024
        }))
    );
    let long_gr = format!("sip:a@example.com;gr={}", "r".repeat(1024));
    assert!(matches!(
        s2x(&long_gr),
        Err(AddressError::InvalidJid(JidError::PartTooLong {
            part: JidPart::Resource,
            ..
        }))
    ));
}

/// CORE-D-7: every octet outside `paramchar` is percent-encoded in `gr`.
#[test]
fn core_d_7_gr_paramchar_encoding() {
    assert_eq!(
        sip("a@example.com/x;=,?@\"<>#%\\^`{|}\u{e9}[]/:&+$"),
        "sip:a@example.com;gr=x%3B%3D%2C%3F%40%22%3C%3E%23%25%5C%5E%60%7B%7C%7D%C3%A9[]/:&+$"
    );
}

// ---- V-CORE: open points, the readings chosen ----

/// V-CORE-1: no `/` before the `gr` value (the RFC's example, not its
/// step text).
#[test]
fn v_core_1_no_slash_before_gr() {
    assert_eq!(sip("baz@xmpp.example/qux"), "sip:baz@xmpp.example;gr=qux");
}

/// V-CORE-2: a temporary GRUU is refused by default (reading a: the
/// caller falls back to From); by policy its user part maps to a bare JID
/// (reading b).
#[test]
fn v_core_2_temporary_gruu() {
    let t = "sip:tgruu.7hs==jd7vnzga5w7fajsc7-ajd6fabz0f8g5@example.com;gr";
    let e = s2x(t).unwrap_err();
    assert_eq!(e, AddressError::TemporaryGruu);
    assert_eq!(e.sip_status().as_u16(), 404);
    let b = with_policy(|p| p.map_temporary_gruu = true);
    assert_eq!(
        s2x_with(&b, t),
        Ok("tgruu.7hs==jd7vnzga5w7fajsc7-ajd6fabz0f8g5@example.com".into())
    );
}

/// V-CORE-3: `user=phone` is a telephone number, refused like `tel:`
/// (reading a, 416); the policy can map it literally (reading b).
#[test]
fn v_core_3_user_phone() {
    let u = "sip:+1-212-555-1212:1234@gateway.com;user=phone";
    let e = s2x(u).unwrap_err();
    assert_eq!(
        e,
        AddressError::TelephoneNumber {
            form: TelephoneForm::UserPhone
        }
    );
    assert_eq!(e.sip_status().as_u16(), 416);
    let b = with_policy(|p| p.user_phone_is_telephone = false);
    assert_eq!(s2x_with(&b, u), Ok("+1-212-555-1212@gateway.com".into()));
}

/// V-CORE-4: `im`/`pres` local parts encode every `.` (reading a, the
/// RFC's Table 1); the result still parses and maps back.
#[test]
fn v_core_4_im_dots_encoded() {
    let u = x2s("a.b.c@example.com", UriScheme::Pres).unwrap();
    assert_eq!(u, "pres:a%2Eb%2Ec@example.com");
    assert_eq!(ok(&u), "a.b.c@example.com");
}

/// V-CORE-5: a backslash is escaped only before one of the ten codes
/// (reading a), pinned on XEP-0106 vectors 9 to 12 through the mapper.
#[test]
fn v_core_5_backslash_reading_a() {
    for (user, want) in [
        ("c%3A%5Cnet", r"c\3a\net"),
        ("c%3A%5C%5Cnet", r"c\3a\\net"),
        ("c%3A%5Ccool%20stuff", r"c\3a\cool\20stuff"),
        ("c%3A%5C5commas", r"c\3a\5c5commas"),
    ] {
        assert_eq!(
            ok(&format!("sip:{user}@example.com")),
            format!("{want}@example.com")
        );
    }
    // The XEP's own spelling (reading b) is a different JID, which maps to
    // the same SIP user.
    assert_eq!(sip(r"c\3a\5cnet@example.com"), sip(r"c\3a\net@example.com"));
}

/// V-CORE-6: the `cr%zy` of XEP-0106's SIP example is refused (strict);
/// `%25` is the way to write a literal `%`.
#[test]
fn v_core_6_malformed_escape_strict() {
    assert!(matches!(
        s2x("sip:cr%zy@example.com"),
        Err(AddressError::Uri(UriError::Escape { .. }))
    ));
    assert_eq!(ok("sip:cr%25zy@example.com"), "cr%zy@example.com");
}

/// V-CORE-7: the `jid` crate keeps A-labels (stringprep, no IDNA2008
/// conversion), so the crate converts them itself.
#[test]
fn v_core_7_jid_crate_keeps_a_labels() {
    assert_eq!(
        ::jid::Jid::new("romeo@xn--caf-dma.example")
            .unwrap()
            .as_str(),
        "romeo@xn--caf-dma.example"
    );
    assert_eq!(
        jid("romeo@xn--caf-dma.example").as_str(),
        "romeo@caf\u{e9}.example"
    );
}

/// V-CORE-8: refusing a SIPS request is answered 403 (and `forbidden` for
/// the XMPP side).
#[test]
fn v_core_8_sips_answer() {
    assert_eq!(AddressError::Sips.sip_status().as_u16(), 403);
    assert_eq!(
        AddressError::Sips.xmpp_condition(),
        DefinedCondition::Forbidden
    );
}

// ---- Served domains, GRUU header form, failure answers (digest §4.5,
// §4.7, §4.8) ----

/// Which side must be served: S2X senders in our SIP domains, S2X
/// recipients in our XMPP domains; X2S the other way round. Refusals name
/// the role and answer 403/forbidden (sender) or 404/remote-server-not-
/// found (recipient).
#[test]
fn served_domains_per_direction_and_role() {
    let g = gateway();
    let romeo = uri("sip:romeo@example.net");
    let juliet = uri("sip:juliet@example.com");
    assert_eq!(
        g.uri_to_jid(&romeo, Role::Sender).unwrap().as_str(),
        "romeo@example.net"
    );
    assert_eq!(
        g.uri_to_jid(&juliet, Role::Recipient).unwrap().as_str(),
        "juliet@example.com"
    );
    let e = g
        .uri_to_jid(&uri("sip:eve@evil.example"), Role::Sender)
        .unwrap_err();
    assert_eq!(
        e,
        AddressError::DomainNotServed {
            role: Role::Sender,
            side: Side::Sip,
            domain: "evil.example".into()
        }
    );
    assert_eq!(e.sip_status().as_u16(), 403);
    let e = g
        .uri_to_jid(&uri("sip:x@elsewhere.example"), Role::Recipient)
        .unwrap_err();
    assert_eq!(e.sip_status().as_u16(), 404);

    assert_eq!(
        g.jid_to_uri(&jid("juliet@example.com/balcony"), Role::Sender)
            .unwrap()
            .as_str(),
        "sip:juliet@example.com;gr=balcony"
    );
    assert_eq!(
        g.jid_to_uri(&jid("romeo@example.net"), Role::Recipient)
            .unwrap()
            .as_str(),
        "sip:romeo@example.net"
    );
    let e = g
        .jid_to_uri(&jid("eve@evil.example"), Role::Sender)
        .unwrap_err();
    assert_eq!(e.xmpp_condition(), DefinedCondition::Forbidden);
    let e = g
        .jid_to_uri(&jid("x@elsewhere.example"), Role::Recipient)
        .unwrap_err();
    assert_eq!(e.xmpp_condition(), DefinedCondition::RemoteServerNotFound);
}

/// RFC 8048 writes `gr` as a header parameter outside the brackets: it is
/// honoured when the URI has none; a `gr` inside the URI wins; a header
/// `gr` without a value is a temporary GRUU.
#[test]
fn gr_header_parameter_accepted_on_input() {
    let m = any();
    let map = |s: &str| {
        m.name_addr_to_jid(&NameAddr::parse(s).unwrap(), Role::Sender)
            .map(|j| j.to_string())
    };
    assert_eq!(
        map("<sip:juliet@example.com>;gr=yn0cl4bnw0yr3vym;tag=1").as_deref(),
        Ok("juliet@example.com/yn0cl4bnw0yr3vym")
    );
    assert_eq!(
        map("\"Juliet\" <sip:juliet@example.com;gr=inside>;gr=outside").as_deref(),
        Ok("juliet@example.com/inside")
    );
    assert_eq!(
        map("<sip:juliet@example.com>;gr=caf%C3%A9").as_deref(),
        Ok("juliet@example.com/caf\u{e9}")
    );
    assert_eq!(
        map("<sip:juliet@example.com>;gr"),
        Err(AddressError::TemporaryGruu)
    );
    assert_eq!(
        map("<sip:juliet@example.com>;gr=a%zz"),
        Err(AddressError::MalformedEscape { part: UriPart::Gr })
    );
    assert_eq!(
        map("<sip:juliet@example.com>;tag=1").as_deref(),
        Ok("juliet@example.com")
    );
}

/// Schemes and URI content that are not mapped (digest §4.7): `tel:` 416,
/// other schemes 416; passwords and URI headers never reach the JID.
#[test]
fn unmapped_schemes_and_dropped_content() {
    let e = s2x("tel:+1-201-555-0123").unwrap_err();
    assert_eq!(
        e,
        AddressError::TelephoneNumber {
            form: TelephoneForm::TelUri
        }
    );
    assert_eq!(e.sip_status().as_u16(), 416);
    assert_eq!(e.xmpp_condition(), DefinedCondition::NotAcceptable);
    let e = s2x("mailto:juliet@example.com").unwrap_err();
    assert_eq!(
        e,
        AddressError::UnsupportedScheme {
            scheme: "mailto".into()
        }
    );
    assert_eq!(e.sip_status().as_u16(), 416);
    assert_eq!(
        ok("sip:alice:secretword@atlanta.com;maddr=x.example?subject=x"),
        "alice@atlanta.com"
    );
    assert_eq!(s2x("im:"), Err(AddressError::NoMailbox));
}

/// Bad input and its answer (digest §4.8): undecodable or disallowed user
/// parts 400 / jid-malformed; a JID that is not a SIP host jid-malformed.
#[test]
fn failure_answers() {
    let e = s2x("sip:%FF@example.com").unwrap_err();
    assert_eq!(
        e,
        AddressError::NotUtf8 {
            part: UriPart::User
        }
    );
    assert_eq!(e.sip_status().as_u16(), 400);
    let e = s2x("sip:a%00b@example.com").unwrap_err();
    assert!(matches!(
        e,
        AddressError::InvalidJid(JidError::Disallowed { ch: '\0', .. })
    ));
    assert_eq!(e.sip_status().as_u16(), 400);
    assert!(matches!(
        s2x("sip:%E2%99%9A@example.com"),
        Err(AddressError::InvalidJid(JidError::Disallowed { .. }))
    ));
    let e = x2s("a@host.123", UriScheme::Sip).unwrap_err();
    assert!(matches!(e, AddressError::NotRepresentable { .. }), "{e:?}");
    assert_eq!(e.xmpp_condition(), DefinedCondition::JidMalformed);
    let e = x2s("example.com", UriScheme::Im).unwrap_err();
    assert!(matches!(e, AddressError::NotRepresentable { .. }), "{e:?}");
    let e = x2s(r"\20a@example.com", UriScheme::Sip).unwrap_err();
    assert_eq!(e, AddressError::Escape(EscapeError::LeadingSpace));
    assert_eq!(e.xmpp_condition(), DefinedCondition::JidMalformed);
}

/// A `%` in an `im:`/`pres:` local part is encoded (RFC 7247 Table 1 would
/// keep it, which would change the address), and the result maps back.
#[test]
fn im_percent_encoded() {
    let u = x2s("cr%zy@example.com", UriScheme::Im).unwrap();
    assert_eq!(u, "im:cr%25zy@example.com");
    assert_eq!(ok(&u), "cr%zy@example.com");
}

// ---- CORE-ARCH: architecture (RFC 7247 §4, §5) ----

mod architecture {
    use sip_xmpp::address::{AddressError, Role};
    use sip_xmpp::errors::ErrorMap;
    use sip_xmpp::sip::{Framing, Method, NameAddr, RequestBuilder, SipMessage, StatusCode, Via};
    use sip_xmpp::uri::Uri;
    use sip_xmpp::xmpp::{DefinedCondition, Stanza, StanzaConfig};

    use super::{gateway, jid};

    /// CORE-ARCH-1 (§4): translation is a direct protocol-to-protocol
    /// mapping in one gateway, with no intermediate abstraction: an XMPP
    /// address becomes a SIP URI and back, and a SIP response becomes an
    /// XMPP error stanza, each in one call on the native types of both
    /// protocols. Both directions live in one process (X2S for
    /// `example.com`, S2X for `example.net`).
    #[test]
    fn core_arch_1_direct_mapping_in_one_gateway() {
        let m = gateway();
        // X2S: juliet (XMPP) writes to romeo (SIP).
        let to = m
            .jid_to_uri(&jid("romeo@example.net"), Role::Recipient)
            .unwrap();
        let from = m
            .jid_to_uri(&jid("juliet@example.com/balcony"), Role::Sender)
            .unwrap();
        assert_eq!(
            (to.as_str(), from.as_str()),
            ("sip:romeo@example.net", "sip:juliet@example.com;gr=balcony")
        );
        // S2X: romeo's answer maps back to the very JIDs.
        assert_eq!(
            m.uri_to_jid(&to, Role::Sender).unwrap(),
            jid("romeo@example.net")
        );
        assert_eq!(
            m.uri_to_jid(&from, Role::Recipient).unwrap(),
            jid("juliet@example.com/balcony")
        );
        // A SIP failure becomes an XMPP error stanza directly.
        let original = Stanza::parse(
            b"<message xmlns='jabber:client' id='x1' from='juliet@example.com/balcony' to='romeo@example.net'><body>hi</body></message>",
            &StanzaConfig::default(),
        )
        .unwrap();
        let resp = SipMessage::parse(
            b"SIP/2.0 480 Temporarily Unavailable\r\nVia: SIP/2.0/TCP x2s.example.com;branch=z9hG4bK1\r\n\
              From: <sip:juliet@example.com;gr=balcony>;tag=1\r\nTo: <sip:romeo@example.net>;tag=2\r\n\
              Call-ID: c\r\nCSeq: 1 MESSAGE\r\nContent-Length: 0\r\n\r\n",
            Framing::Stream,
        )
        .unwrap();
        let err = ErrorMap::new()
            .xmpp_error(&original.head(), &resp, None)
            .unwrap();
        assert_eq!(
            err.error().unwrap().condition,
            DefinedCondition::RecipientUnavailable
        );
    }

    /// CORE-ARCH-2 (§5): deciding whether a domain speaks SIP or XMPP
    /// (DNS SRV, RFC 3263) is the caller's job; the crate never resolves
    /// names. The mapper knows only the domains it is given: a recipient
    /// in a domain on neither list is refused (no lookup is attempted),
    /// one in the other protocol's list maps, one in its own protocol's
    /// list is a loop.
    #[test]
    fn core_arch_2_caller_supplied_classification() {
        let m = gateway();
        assert!(
            m.jid_to_uri(&jid("romeo@example.net"), Role::Recipient)
                .is_ok()
        );
        assert!(matches!(
            m.jid_to_uri(&jid("someone@unknown.example"), Role::Recipient),
            Err(AddressError::DomainNotServed { .. })
        ));
        assert!(matches!(
            m.jid_to_uri(&jid("juliet@example.com"), Role::Recipient),
            Err(AddressError::Loop { .. })
        ));
        let sip_only: Uri = "sip:juliet@example.com".parse().unwrap();
        assert!(m.uri_to_jid(&sip_only, Role::Recipient).is_ok());
    }

    /// CORE-ARCH-3 (§5): the X2S side may use UDP or TCP towards SIP, so
    /// generated SIP messages carry the transport the caller names in Via,
    /// and responses travel back on the Via they came with.
    #[test]
    fn core_arch_3_transport_named_by_the_caller() {
        for transport in ["UDP", "TCP", "TLS"] {
            let to: Uri = "sip:romeo@example.net".parse().unwrap();
            let mut from = NameAddr::new("sip:juliet@example.com".parse::<Uri>().unwrap());
            from.set_tag("1");
            let req = RequestBuilder::new(Method::Message, to.clone())
                .via(&Via::new(transport, "x2s.example.com", None, "z9hG4bK77"))
                .max_forwards(70)
                .from(&from)
                .to(&NameAddr::new(to))
                .call_id("c1")
                .cseq(1)
                .build()
                .unwrap();
            let text = String::from_utf8(req.to_bytes()).unwrap();
            assert!(text.contains(&format!(
                "Via: SIP/2.0/{transport} x2s.example.com;branch=z9hG4bK77\r\n"
            )));
            let resp = req.make_response(StatusCode::OK, "t").unwrap();
            assert_eq!(resp.top_via().unwrap().transport, transport);
        }
    }
}
