//! Replays every input under `tests/regressions/<target>/` through the
//! check its fuzz target runs (`sip_xmpp::fuzzing`), on stable Rust. Inputs
//! that once crashed a target are kept here under a name saying what they
//! broke; the seed corpora of the fuzz targets are replayed too.

use std::path::Path;

fn replay(target: &str, check: fn(&[u8])) -> usize {
    let mut n = 0;
    for dir in [
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/regressions")
            .join(target),
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("fuzz/corpus")
            .join(target),
    ] {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        let mut paths: Vec<_> = entries
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.is_file())
            .collect();
        paths.sort();
        for p in paths {
            let data = std::fs::read(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
            let name = p.display().to_string();
            if let Err(e) = std::panic::catch_unwind(|| check(&data)) {
                panic!(
                    "{name}: {:?}",
                    e.downcast_ref::<String>()
                        .map(String::as_str)
                        .or(e.downcast_ref::<&str>().copied())
                );
            }
            n += 1;
        }
    }
    n
}

#[test]
fn sip_message_inputs() {
    assert!(replay("sip_message", sip_xmpp::fuzzing::sip_message) > 0);
}

#[test]
fn uri_inputs() {
    assert!(replay("uri", sip_xmpp::fuzzing::uri) > 0);
}

#[test]
fn multipart_inputs() {
    assert!(replay("multipart", sip_xmpp::fuzzing::multipart) > 0);
}

#[test]
fn sdp_inputs() {
    assert!(replay("sdp", sip_xmpp::fuzzing::sdp) > 0);
}

#[test]
fn stanza_inputs() {
    assert!(replay("stanza", sip_xmpp::fuzzing::stanza) > 0);
}

#[test]
fn address_uri_inputs() {
    assert!(replay("address_uri", sip_xmpp::fuzzing::address_from_uri) > 0);
}

#[test]
fn address_jid_inputs() {
    assert!(replay("address_jid", sip_xmpp::fuzzing::address_from_jid) > 0);
}

/// A 200,000-character hostile address is refused before any Unicode or
/// per-character work: by the URI length limit, or by the JID input limit
/// (RFC 7622's 3 × 1023 octets, with room for mapping).
#[test]
fn hostile_200k_address_refused_quickly() {
    use std::time::{Duration, Instant};

    use sip_xmpp::jid::{Jid, JidError};
    use sip_xmpp::uri::{Uri, UriError};

    let inputs = [
        "a".repeat(200_000),
        format!("{}@example.com", "\u{e9}".repeat(100_000)),
        format!("juliet@example.com/{}", "\u{265a}".repeat(66_666)),
        format!("sip:{}@example.com", "%C3%A9".repeat(33_333)),
        format!("sip:a@example.com;gr={}", "%20".repeat(66_666)),
        "\\27".repeat(66_666),
        format!("{}example.com", "x.".repeat(100_000)),
    ];
    let start = Instant::now();
    for s in &inputs {
        assert!(s.chars().count() >= 66_666);
        assert!(
            matches!(Jid::parse(s), Err(JidError::TooLong { .. })),
            "{}",
            &s[..20]
        );
        if let Some(rest) = s.strip_prefix("sip:") {
            assert!(rest.len() > 8192);
            assert!(matches!(Uri::parse(s), Err(UriError::TooLong { .. })));
        }
        sip_xmpp::fuzzing::address_from_uri(s.as_bytes());
        sip_xmpp::fuzzing::address_from_jid(s.as_bytes());
    }
    let spent = start.elapsed();
    assert!(spent < Duration::from_millis(250), "took {spent:?}");
}

/// Parts just under the raw limit (4 × 1023 octets) go through PRECIS in
/// bounded time and are refused for their enforced length.
#[test]
fn largest_enforced_parts_are_bounded() {
    use std::time::{Duration, Instant};

    use sip_xmpp::jid::{Jid, JidError, JidPart, MAX_RAW_PART_BYTES};

    let local = format!("a{}", "\u{301}".repeat(2045));
    let resource = "\u{265a}".repeat(1364);
    assert!(local.len() <= MAX_RAW_PART_BYTES && resource.len() <= MAX_RAW_PART_BYTES);
    let start = Instant::now();
    let l = Jid::parse(&format!("{local}@example.com"));
    let r = Jid::parse(&format!("example.com/{resource}"));
    let spent = start.elapsed();
    assert!(
        matches!(
            l,
            Err(JidError::PartTooLong {
                part: JidPart::Local,
                ..
            })
        ),
        "{l:?}"
    );
    assert!(
        matches!(
            r,
            Err(JidError::PartTooLong {
                part: JidPart::Resource,
                ..
            })
        ),
        "{r:?}"
    );
    assert!(spent < Duration::from_millis(250), "took {spent:?}");
}

/// Found by the `sip_message` fuzz target: a datagram with two equal
/// Content-Length rows fails validation (single-valued header repeated),
/// but writing it used to drop the second row, so the written message
/// validated. Writing now keeps every row.
#[test]
fn duplicate_content_length_survives_writing() {
    use sip_xmpp::sip::{Framing, SipMessage};
    let data = std::fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/regressions/sip_message/duplicate-content-length-hidden-by-writing.sip"),
    )
    .unwrap();
    let m = SipMessage::parse(&data, Framing::Datagram).unwrap();
    assert!(m.validate().is_err());
    let again = SipMessage::parse(&m.to_bytes(), Framing::Stream).unwrap();
    assert!(again.validate().is_err());
    assert_eq!(
        again.rows(sip_xmpp::sip::HeaderName::ContentLength).count(),
        2
    );
}

#[test]
fn cpim_inputs() {
    assert!(replay("cpim", sip_xmpp::fuzzing::cpim) > 0);
}

/// Found by the `cpim` fuzz target: a HTAB inside an encapsulated MIME
/// header value was accepted by the parser but escaped by the writer, so
/// writing changed the object. HTAB is now written as it is.
#[test]
fn cpim_tab_in_content_header_survives_writing() {
    let data = std::fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/regressions/cpim/tab-in-content-header-escaped-by-writing"),
    )
    .unwrap();
    let m = sip_xmpp::cpim::Cpim::parse_default(&data).unwrap();
    assert_eq!(
        m.content_header("Content-ID"),
        Some("<123456\t7890@foo.com>")
    );
    assert_eq!(
        sip_xmpp::cpim::Cpim::parse_default(&m.to_bytes()).unwrap(),
        m
    );
}

/// Found by the `cpim` fuzz target: a folded continuation line holding only
/// whitespace added a trailing space to the MIME header value, which the
/// written form then lost. A blank continuation now adds nothing.
#[test]
fn cpim_blank_folded_line_adds_nothing() {
    let data = std::fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/regressions/cpim/blank-folded-line-adds-trailing-space"),
    )
    .unwrap();
    let m = sip_xmpp::cpim::Cpim::parse_default(&data).unwrap();
    assert!(m.content_headers.iter().all(|(_, v)| !v.ends_with(' ')));
    assert_eq!(
        sip_xmpp::cpim::Cpim::parse_default(&m.to_bytes()).unwrap(),
        m
    );
}

/// Found by the `address_jid` fuzz target: `2.201.1.03` is a valid JID
/// domainpart (not an RFC 3986 IPv4 address, so a name of numeric
/// labels), but as a SIP host RFC 3261 reads it as the IPv4 address
/// 2.201.1.3: the URI named another host. Such a domainpart is now
/// refused as not representable in a `sip:` URI.
#[test]
fn numeric_domain_read_as_ipv4_by_sip() {
    use sip_xmpp::address::{AddressError, AddressMapper, Role, UriScheme};
    use sip_xmpp::jid::Jid;

    let data = std::fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/regressions/address_jid/numeric-domain-read-as-ipv4-by-sip.txt"),
    )
    .unwrap();
    let j = Jid::parse(std::str::from_utf8(&data).unwrap()).unwrap();
    assert_eq!(j.domain(), "2.201.1.03");
    let m = AddressMapper::default();
    for scheme in [UriScheme::Sip, UriScheme::Sips] {
        assert!(matches!(
            m.jid_to_uri_as(&j, Role::Recipient, scheme),
            Err(AddressError::NotRepresentable { .. })
        ));
    }
    // A real IPv4 address still maps, and an im: mailbox keeps the name.
    let v4 = Jid::parse("a@2.201.1.3").unwrap();
    assert_eq!(
        m.jid_to_uri(&v4, Role::Recipient).unwrap().as_str(),
        "sip:a@2.201.1.3"
    );
    let im = m
        .jid_to_uri_as(
            &Jid::parse("a@2.201.1.03").unwrap(),
            Role::Recipient,
            UriScheme::Im,
        )
        .unwrap();
    assert_eq!(im.as_str(), "im:a@2.201.1.03");
}

#[test]
fn html_inputs() {
    assert!(replay("html", sip_xmpp::fuzzing::html) > 0);
}

#[test]
fn translate_inputs() {
    assert!(replay("translate", sip_xmpp::fuzzing::translate) > 0);
}

#[test]
fn pidf_inputs() {
    assert!(replay("pidf", sip_xmpp::fuzzing::pidf) > 0);
}

#[test]
fn presence_inputs() {
    assert!(replay("presence", sip_xmpp::fuzzing::presence) > 0);
}

/// Found by the `presence` fuzz target: a SUBSCRIBE the SIP side never
/// answered stayed among the pending transactions after Timer N had
/// removed its watch or its poll, so that a gateway left alone piled them
/// up without bound (and a late answer could act on a later watch of the
/// same pair). A watch or poll now takes its transactions with it.
#[test]
fn presence_unanswered_subscribe_left_pending() {
    use std::time::{Duration, Instant};

    use sip_xmpp::presence::{PresenceConfig, PresenceGateway};
    use sip_xmpp::xmpp::{Stanza, StanzaConfig};

    for name in [
        "unanswered-subscribe-left-pending",
        "unanswered-probe-left-pending",
    ] {
        let data = std::fs::read(
            Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("tests/regressions/presence")
                .join(name),
        )
        .unwrap();
        sip_xmpp::fuzzing::presence(&data);
    }
    let cfg = PresenceConfig::new("x2s.example.com", "TCP", "x2s.example.com");
    let mut gw = PresenceGateway::new(cfg, [0; 32]);
    let now = Instant::now();
    for (to, kind) in [
        ("romeo@example.net", "subscribe"),
        ("mercutio@example.net", "probe"),
    ] {
        let xml = format!(
            "<presence xmlns='jabber:client' from='juliet@example.com' to='{to}' type='{kind}'/>"
        );
        let s = Stanza::parse(xml.as_bytes(), &StanzaConfig::default()).unwrap();
        gw.handle_xmpp(now, s).unwrap();
    }
    while gw.poll_output().is_some() {}
    assert_eq!((gw.subscription_count(), gw.pending_count()), (2, 2));
    gw.handle_timeout(now + Duration::from_secs(32));
    while gw.poll_output().is_some() {}
    assert_eq!((gw.subscription_count(), gw.pending_count()), (0, 0));
    assert_eq!(gw.poll_timeout(), None);
}

/// Found by the `presence` fuzz target: the stanzas of a NOTIFY took
/// their addresses from its From and To rather than from the dialog it
/// matched, so a notifier could speak to another user, or for another
/// contact (`pres_sec_4_notify_speaks_only_for_its_dialog` in
/// `tests/presence_gateway.rs` checks the behaviour).
#[test]
fn presence_notify_addresses_come_from_the_dialog() {
    for name in ["notify-from-another-contact", "notify-to-another-user"] {
        let data = std::fs::read(
            Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("tests/regressions/presence")
                .join(name),
        )
        .unwrap();
        sip_xmpp::fuzzing::presence(&data);
    }
}

/// Found by the `presence` fuzz target: an XMPP decision reached a
/// notifier dialog whose `terminated` NOTIFY was still unanswered and
/// sent another NOTIFY in it (`no_notify_after_terminated_in_the_same_dialog`
/// in `tests/presence_gateway.rs` checks the behaviour).
#[test]
fn presence_no_notify_after_terminated() {
    let data = std::fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/regressions/presence/decision-after-terminated-notify"),
    )
    .unwrap();
    sip_xmpp::fuzzing::presence(&data);
}

/// Found by the `presence` fuzz target: a watch left pending by its
/// notifier kept no expiry and no timer, so it was held for ever; and a
/// watch never authorized went dormant when its subscription ended
/// (probation, a 2xx granting 0 s), after which a repeated subscribe was
/// answered `subscribed`; a pending watch asked again after a
/// `terminated` NOTIFY kept the pending state, which Timer N ignored.
/// `pending_subscription_is_refreshed_and_runs_out`,
/// `unauthorized_watch_never_passes_for_authorized` and
/// `pending_request_asked_again_is_a_new_request` in
/// `tests/presence_gateway.rs` check the behaviour.
#[test]
fn presence_pending_and_unauthorized_watches() {
    for name in [
        "pending-watch-never-expires",
        "expired-request-answered-subscribed",
        "probation-request-answered-subscribed",
        "pending-watch-asked-again-stays-pending",
    ] {
        let data = std::fs::read(
            Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("tests/regressions/presence")
                .join(name),
        )
        .unwrap();
        sip_xmpp::fuzzing::presence(&data);
    }
}

/// Found by the `presence` fuzz target: a watch being cancelled whose
/// subscription ran out (a NOTIFY gave it an expiry) went dormant, as if
/// authorized, and the next `subscribe` was answered `subscribed`
/// (`cancelled_watch_running_out_is_over` in `tests/presence_gateway.rs`
/// checks the behaviour).
#[test]
fn presence_cancelled_watch_running_out() {
    let data = std::fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/regressions/presence/cancelled-request-expires-into-dormant"),
    )
    .unwrap();
    sip_xmpp::fuzzing::presence(&data);
}
