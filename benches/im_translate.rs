//! RFC 7572 translation, bytes in to bytes out, in both directions, beside
//! the composition a user would write today from general-purpose crates
//! (rsip for SIP, jid for addresses, minidom for stanzas), and beside the
//! floor of this crate's own parse and write alone (the mapping itself
//! must cost little).
//!
//! * `s2x`: RFC 7572 Example 4 (SIP MESSAGE) → the XMPP message bytes,
//!   through `map_message_to_xmpp` (fields borrowed from the request,
//!   written directly); `sip-xmpp (tree)` builds the `Message` element
//!   tree instead (`message_to_xmpp`).
//! * `x2s`: RFC 7572 Example 1 (XMPP message) → the SIP MESSAGE bytes,
//!   through `MessageView::parse` (no element tree) and
//!   `map_message_to_sip` (written directly, no `SipMessage`);
//!   `sip-xmpp (tree)` reads a `Stanza` and builds the `SipMessage`
//!   (`message_to_sip`).
//!
//! Allocation counts per translation are pinned in `tests/allocations.rs`.

use std::hint::black_box;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use sip_xmpp::im::ImConfig;
use sip_xmpp::im::map::{
    S2xHints, SipIds, map_message_to_sip, map_message_to_xmpp, message_to_sip, message_to_xmpp,
};
use sip_xmpp::sip::{Framing, SipMessage};
use sip_xmpp::xmpp::{Message, MessageView, Stanza, StanzaConfig};

const SIP: &[u8] = include_bytes!("im/example4.sip");
const XML: &[u8] = include_bytes!("im/example1.xml");
/// RFC 7572 Example 2's identifiers.
const IDS: SipIds<'static> = SipIds {
    call_id: "D9AA95FD-2BD5-46E2-AF0F-6CFAA96BDDFA",
    from_tag: "12345",
    branch: "z9hG4bK776sgdkse",
    cseq: 1,
};

fn ours_s2x(cfg: &ImConfig) -> Vec<u8> {
    let req = SipMessage::parse(black_box(SIP), Framing::Stream).expect("parse");
    let m = map_message_to_xmpp(&req, cfg, &S2xHints::default())
        .expect("map")
        .expect("message");
    m.to_bytes()
}

fn ours_x2s(cfg: &ImConfig) -> Vec<u8> {
    let m = MessageView::parse(black_box(XML), &StanzaConfig::default()).expect("parse");
    map_message_to_sip(&m, &IDS, cfg)
        .expect("map")
        .expect("request")
        .to_bytes()
}

fn tree_s2x(cfg: &ImConfig) -> Vec<u8> {
    let req = SipMessage::parse(black_box(SIP), Framing::Stream).expect("parse");
    let m = message_to_xmpp(&req, cfg, &S2xHints::default())
        .expect("map")
        .expect("message");
    m.to_bytes()
}

fn tree_x2s(cfg: &ImConfig) -> Vec<u8> {
    let s = Stanza::parse(black_box(XML), &StanzaConfig::default()).expect("parse");
    let m = Message::try_from(s).expect("message");
    message_to_sip(&m, &IDS, cfg)
        .expect("map")
        .expect("request")
        .to_bytes()
}

/// rsip + jid + minidom: parse the MESSAGE, read the fields, map the
/// addresses by hand (user@host), build and write the stanza.
fn composed_s2x() -> Vec<u8> {
    use rsip::prelude::*;
    let msg = rsip::SipMessage::try_from(black_box(SIP)).expect("rsip");
    let rsip::SipMessage::Request(req) = msg else {
        unreachable!()
    };
    let from = req.from_header().expect("from").typed().expect("from");
    let to = req.to_header().expect("to").typed().expect("to");
    let call_id = req.call_id_header().expect("call-id").value().to_owned();
    let branch = req
        .via_header()
        .expect("via")
        .typed()
        .expect("via")
        .branch()
        .map(|b| b.to_string());
    let jid = |u: &rsip::Uri| {
        let user = u.user().unwrap_or_default();
        jid::Jid::new(&format!("{user}@{}", u.host_with_port.host)).expect("jid")
    };
    let (from, to) = (jid(&from.uri), jid(&to.uri));
    let body = String::from_utf8(req.body().clone()).expect("utf-8");
    let name = |n: &str| minidom::rxml::NcName::try_from(n).expect("name");
    let mut b = minidom::Element::builder("message", "jabber:client")
        .attr(name("from"), from.as_str())
        .attr(name("to"), to.as_str());
    if let Some(branch) = branch {
        b = b.attr(name("id"), branch);
    }
    let el = b
        .append(
            minidom::Element::builder("body", "jabber:client")
                .append(body)
                .build(),
        )
        .append(
            minidom::Element::builder("thread", "jabber:client")
                .append(call_id)
                .build(),
        )
        .build();
    let mut out = Vec::new();
    el.write_to(&mut out).expect("write");
    out
}

/// minidom + jid + rsip: parse the stanza, read the fields, map the
/// addresses by hand, build and write the MESSAGE.
fn composed_x2s() -> String {
    use rsip::headers::UntypedHeader;
    let text = std::str::from_utf8(black_box(XML)).expect("utf-8");
    let el: minidom::Element = text.parse().expect("minidom");
    let from = jid::Jid::new(el.attr("from").expect("from")).expect("jid");
    let to = jid::Jid::new(el.attr("to").expect("to")).expect("jid");
    let body = el
        .get_child("body", "jabber:client")
        .map(|b| b.text())
        .unwrap_or_default();
    let uri = |j: &jid::Jid| match j.node() {
        Some(n) => format!("sip:{}@{}", n.as_str(), j.domain().as_str()),
        None => format!("sip:{}", j.domain().as_str()),
    };
    let mut from_uri = uri(&from);
    if let Some(r) = from.resource() {
        from_uri = format!("<{from_uri};gr={}>", r.as_str());
    }
    let headers: Vec<rsip::Header> = vec![
        rsip::headers::Via::new("SIP/2.0/TCP x2s.example.com;branch=z9hG4bK776sgdkse").into(),
        rsip::headers::MaxForwards::new("70").into(),
        rsip::headers::To::new(uri(&to)).into(),
        rsip::headers::From::new(format!("{from_uri};tag=12345")).into(),
        rsip::headers::CallId::new("D9AA95FD-2BD5-46E2-AF0F-6CFAA96BDDFA").into(),
        rsip::headers::CSeq::new("1 MESSAGE").into(),
        rsip::headers::ContentType::new("text/plain").into(),
        rsip::headers::ContentLength::new(body.len().to_string()).into(),
    ];
    let req = rsip::Request {
        method: rsip::Method::Message,
        uri: rsip::Uri::try_from(uri(&to).as_str()).expect("uri"),
        version: rsip::Version::V2,
        headers: headers.into(),
        body: body.into_bytes(),
    };
    req.to_string()
}

fn bench(c: &mut Criterion) {
    let cfg = ImConfig::new("x2s.example.com", "TCP");
    // Floors: this crate's parse of the input and write of a prepared
    // output (with the writer the translation uses), without the mapping.
    let prepared_req = SipMessage::parse(SIP, Framing::Stream).expect("parse");
    let stanza_out = map_message_to_xmpp(&prepared_req, &cfg, &S2xHints::default())
        .expect("map")
        .expect("message");
    let view = MessageView::parse(XML, &StanzaConfig::default()).expect("parse");
    let sip_out = map_message_to_sip(&view, &IDS, &cfg)
        .expect("map")
        .expect("request");

    let mut g = c.benchmark_group("im/s2x");
    g.throughput(Throughput::Bytes(SIP.len() as u64));
    g.bench_function(BenchmarkId::new("translate", "sip-xmpp"), |b| {
        b.iter(|| ours_s2x(&cfg))
    });
    g.bench_function(BenchmarkId::new("translate", "sip-xmpp (tree)"), |b| {
        b.iter(|| tree_s2x(&cfg))
    });
    g.bench_function(BenchmarkId::new("translate", "rsip+jid+minidom"), |b| {
        b.iter(composed_s2x)
    });
    g.bench_function(BenchmarkId::new("translate", "floor: parse+write"), |b| {
        b.iter(|| {
            let req = SipMessage::parse(black_box(SIP), Framing::Stream).expect("parse");
            (req.header_count(), stanza_out.to_bytes())
        })
    });
    g.finish();

    let mut g = c.benchmark_group("im/x2s");
    g.throughput(Throughput::Bytes(XML.len() as u64));
    g.bench_function(BenchmarkId::new("translate", "sip-xmpp"), |b| {
        b.iter(|| ours_x2s(&cfg))
    });
    g.bench_function(BenchmarkId::new("translate", "sip-xmpp (tree)"), |b| {
        b.iter(|| tree_x2s(&cfg))
    });
    g.bench_function(BenchmarkId::new("translate", "rsip+jid+minidom"), |b| {
        b.iter(composed_x2s)
    });
    g.bench_function(BenchmarkId::new("translate", "floor: parse+write"), |b| {
        b.iter(|| {
            let m = MessageView::parse(black_box(XML), &StanzaConfig::default()).expect("parse");
            (m.id().is_some(), sip_out.to_bytes())
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
