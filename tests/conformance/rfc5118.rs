//! RFC 5118 (SIP torture test messages for IPv6): every message of the RFC
//! against its verdict in `tests/fixtures/torture.tsv`, then one test per
//! message asserting the hosts, ports and parameters the RFC describes.

use std::net::{Ipv4Addr, Ipv6Addr};

use sip_xmpp::sip::{
    Contact, Framing, Method, NameAddr, SipError, SipMessage, StartLineError, Via,
};
use sip_xmpp::uri::{Host, SipUri, Uri, UriError};

use crate::support::{Expect, Fault, accept, fixture, reject, run_table};

const DIR: &str = "rfc5118/";

fn path(name: &str) -> String {
    format!("{DIR}{name}.sip")
}

fn v6(s: &str) -> Ipv6Addr {
    s.parse().unwrap()
}

fn sip(u: &Uri) -> &SipUri {
    u.as_sip().unwrap_or_else(|| panic!("not a SIP URI: {u}"))
}

fn contact(m: &SipMessage) -> NameAddr<'_> {
    match m.contacts().next().expect("a Contact").unwrap() {
        Contact::Address(a) => a,
        Contact::Star => panic!("Contact: *"),
    }
}

fn vias(m: &SipMessage) -> Vec<Via<'_>> {
    m.vias().map(Result::unwrap).collect()
}

/// RFC 5118 §4: every IPv6 message is accepted except §4.2, whose
/// Request-URI has an IPv6 address without brackets (400).
#[test]
fn torture_table() {
    use Framing::Stream;
    let expect: &[(&str, Expect)] = &[
        ("4.1-ipv6-good", Expect::Accept(Stream)),
        (
            "4.2-ipv6-bad",
            Expect::Reject(Stream, |f| {
                matches!(
                    f,
                    Fault::Parse(SipError::StartLine(StartLineError::Uri(
                        UriError::Host { .. }
                    )))
                )
            }),
        ),
        ("4.3-port-ambiguous", Expect::Accept(Stream)),
        ("4.4-port-unambiguous", Expect::Accept(Stream)),
        ("4.5-via-received-param-with-delim", Expect::Accept(Stream)),
        ("4.5-via-received-param-no-delim", Expect::Accept(Stream)),
        ("4.6-ipv6-in-sdp", Expect::Accept(Stream)),
        ("4.7-mult-ip-in-header", Expect::Accept(Stream)),
        ("4.8-mult-ip-in-sdp", Expect::Accept(Stream)),
        ("4.9-ipv4-mapped-ipv6", Expect::Accept(Stream)),
        ("4.10-ipv6-bug-abnf-3-colons", Expect::Accept(Stream)),
        ("4.10-ipv6-correct-abnf-2-colons", Expect::Accept(Stream)),
    ];
    run_table(DIR, expect);
}

/// RFC 5118 §4.1: IPv6 references in the Request-URI, Via and Contact.
#[test]
fn s4_1_ipv6_good() {
    let m = accept(&path("4.1-ipv6-good"), Framing::Stream);
    let ruri = sip(m.request_uri().unwrap());
    assert_eq!(ruri.host(), Host::Ipv6(v6("2001:db8::10")));
    assert_eq!(ruri.host_str(), "[2001:db8::10]");
    assert_eq!(ruri.port(), None);
    let via = m.top_via().unwrap();
    assert_eq!(via.host, "[2001:db8::9:1]");
    assert_eq!(via.port, None);
    let c = contact(&m);
    assert_eq!(c.display_name.as_deref(), Some("Caller"));
    assert_eq!(sip(&c.uri).host(), Host::Ipv6(v6("2001:db8::1")));
}

/// RFC 5118 §4.2: an IPv6 address without `[ ]` in the Request-URI is
/// refused (400).
#[test]
fn s4_2_ipv6_bad() {
    let f = reject(&path("4.2-ipv6-bad"), Framing::Stream);
    assert!(matches!(
        f,
        Fault::Parse(SipError::StartLine(StartLineError::Uri(
            UriError::Host { .. }
        )))
    ));
    assert_eq!(f.status_code(), 400);
}

/// RFC 5118 §4.3: `sip:[2001:db8::10:5070]` is well formed; the host is the
/// address 2001:db8::10:5070 and there is no port.
#[test]
fn s4_3_port_ambiguous() {
    let m = accept(&path("4.3-port-ambiguous"), Framing::Stream);
    let ruri = sip(m.request_uri().unwrap());
    assert_eq!(ruri.host(), Host::Ipv6(v6("2001:db8::10:5070")));
    assert_eq!(ruri.port(), None);
}

/// RFC 5118 §4.4: `sip:[2001:db8::10]:5070`: host 2001:db8::10, port 5070.
#[test]
fn s4_4_port_unambiguous() {
    let m = accept(&path("4.4-port-unambiguous"), Framing::Stream);
    let ruri = sip(m.request_uri().unwrap());
    assert_eq!(ruri.host(), Host::Ipv6(v6("2001:db8::10")));
    assert_eq!(ruri.port(), Some(5070));
    // The two Request-URIs of §4.3 and §4.4 are different resources.
    let m3 = accept(&path("4.3-port-ambiguous"), Framing::Stream);
    assert!(
        !m.request_uri()
            .unwrap()
            .equivalent(m3.request_uri().unwrap())
    );
}

/// RFC 5118 §4.5: `received=[2001:db8::9:255]` with brackets is parsed
/// (liberally) and kept as written.
#[test]
fn s4_5_via_received_param_with_delim() {
    let m = accept(&path("4.5-via-received-param-with-delim"), Framing::Stream);
    assert_eq!(m.method(), Some(&Method::Bye));
    let via = m.top_via().unwrap();
    assert_eq!(via.host, "[2001:db8::9:1]");
    assert_eq!(via.received(), Some("[2001:db8::9:255]"));
    assert_eq!(via.branch(), Some("z9hG4bKas3-111"));
}

/// RFC 5118 §4.5: `received=2001:db8::9:255` without brackets is valid.
#[test]
fn s4_5_via_received_param_no_delim() {
    let m = accept(&path("4.5-via-received-param-no-delim"), Framing::Stream);
    let via = m.top_via().unwrap();
    assert_eq!(via.received(), Some("2001:db8::9:255"));
    assert_eq!(
        via.received().unwrap().parse::<Ipv6Addr>().unwrap(),
        v6("2001:db8::9:255")
    );
    assert_eq!(via.branch(), Some("z9hG4bKas3"));
}

/// RFC 5118 §4.6: IPv6 in the headers and bare IPv6 in the SDP body.
#[test]
fn s4_6_ipv6_in_sdp() {
    let m = accept(&path("4.6-ipv6-in-sdp"), Framing::Stream);
    assert_eq!(
        sip(m.request_uri().unwrap()).host(),
        Host::Ipv6(v6("2001:db8::10"))
    );
    assert_eq!(
        sip(&m.to_header().unwrap().uri).host(),
        Host::Ipv6(v6("2001:db8::10"))
    );
    assert_eq!(m.top_via().unwrap().host, "[2001:db8::20]");
    assert_eq!(m.body().len(), 251);
    assert!(m.body().windows(21).any(|w| w == b"c=IN IP6 2001:db8::20"));
}

/// RFC 5118 §4.7: a Via list mixing an IPv6 reference with a port, an IPv4
/// address, and an IPv6 reference with an IPv4 `received`.
#[test]
fn s4_7_mult_ip_in_header() {
    let m = accept(&path("4.7-mult-ip-in-header"), Framing::Stream);
    let v = vias(&m);
    let got: Vec<_> = v
        .iter()
        .map(|v| (v.transport.as_ref(), v.host.as_ref(), v.port, v.received()))
        .collect();
    assert_eq!(
        got,
        [
            ("UDP", "[2001:db8::9:1]", Some(6050), None),
            ("UDP", "192.0.2.1", None, None),
            ("TCP", "[2001:db8::9:255]", None, Some("192.0.2.200")),
        ]
    );
    assert_eq!(
        v[2].received().unwrap().parse::<Ipv4Addr>().unwrap(),
        Ipv4Addr::new(192, 0, 2, 200)
    );
}

/// RFC 5118 §4.8: per-media `c=` lines of both address families and an
/// empty `s=` line in the body.
#[test]
fn s4_8_mult_ip_in_sdp() {
    let m = accept(&path("4.8-mult-ip-in-sdp"), Framing::Stream);
    assert_eq!(m.body().len(), 189);
    assert!(m.body().windows(7).any(|w| w == b"\r\ns=\r\nt"));
    assert!(sip(&contact(&m).uri).host() == Host::Ipv6(v6("2001:db8::9:1")));
}

/// RFC 5118 §4.9: IPv4-mapped IPv6 addresses, with the port outside `]`.
#[test]
fn s4_9_ipv4_mapped_ipv6() {
    let m = accept(&path("4.9-ipv4-mapped-ipv6"), Framing::Stream);
    let v = vias(&m);
    assert_eq!(
        (v[0].host.as_ref(), v[0].port),
        ("[::ffff:192.0.2.10]", Some(19823))
    );
    assert_eq!(
        (v[1].host.as_ref(), v[1].port),
        ("[::ffff:192.0.2.2]", None)
    );
    let c = contact(&m);
    assert_eq!(c.display_name.as_deref(), Some("T. desk phone"));
    assert_eq!(
        sip(&c.uri).host(),
        Host::Ipv6(Ipv4Addr::new(192, 0, 2, 2).to_ipv6_mapped())
    );
}

/// RFC 5118 §4.10: the third colon of `[2001:db8:::192.0.2.1]` is
/// tolerated: the host is 2001:db8::192.0.2.1, the same address as in the
/// correct form (the text is kept as received).
#[test]
fn s4_10_ipv6_bug_abnf_3_colons() {
    let m = accept(&path("4.10-ipv6-bug-abnf-3-colons"), Framing::Stream);
    let want = Host::Ipv6(v6("2001:db8::192.0.2.1"));
    let ruri = m.request_uri().unwrap();
    assert_eq!(sip(ruri).host(), want);
    assert_eq!(sip(ruri).host_str(), "[2001:db8:::192.0.2.1]");
    assert_eq!(sip(&m.to_header().unwrap().uri).host(), want);
    let good = accept(&path("4.10-ipv6-correct-abnf-2-colons"), Framing::Stream);
    assert!(ruri.equivalent(good.request_uri().unwrap()));
}

/// RFC 5118 §4.10: the correct form `[2001:db8::192.0.2.1]`.
#[test]
fn s4_10_ipv6_correct_abnf_2_colons() {
    let m = accept(&path("4.10-ipv6-correct-abnf-2-colons"), Framing::Stream);
    let ruri = sip(m.request_uri().unwrap());
    assert_eq!(ruri.host(), Host::Ipv6(v6("2001:db8::192.0.2.1")));
    assert!(ruri.user().unwrap().matches("user"));
    assert_eq!(
        sip(&m.to_header().unwrap().uri).host(),
        Host::Ipv6(v6("2001:db8::192.0.2.1"))
    );
    assert_eq!(
        fixture(&path("4.10-ipv6-correct-abnf-2-colons")),
        m.to_bytes()
    );
}
