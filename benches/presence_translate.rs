//! RFC 8048 notification translation, bytes in to bytes out, in both
//! directions, beside the composition a user would write today from
//! general-purpose crates (rsip for SIP, minidom for the PIDF document and
//! the stanza, jid for addresses), and beside the floor of this crate's
//! own parse and write alone (the mapping itself must cost little).
//!
//! * `s2x`: a NOTIFY in dialog D1 (TV-PRES-33's head) carrying
//!   PIDF-R-OPEN-AWAY → the presence stanza bytes (`notify_to_presence`,
//!   then write). The same group times the whole gateway path: that
//!   NOTIFY into a [`PresenceGateway`] holding the matching active watch,
//!   to the bytes of everything it sends (the 200 and the stanza).
//! * `x2s`: TV-PRES-32 (show, status, priority, `xml:lang`) → the PIDF
//!   NOTIFY body bytes (`presence_to_pidf`, then `notify_body`).
//!
//! Allocation counts per translation are pinned in `tests/allocations.rs`.

use std::hint::black_box;
use std::time::Instant;

use criterion::{BatchSize, BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use sip_xmpp::im::Output;
use sip_xmpp::pidf::Pidf;
use sip_xmpp::presence::map::{NotifyContent, notify_body, notify_to_presence, presence_to_pidf};
use sip_xmpp::presence::{PresenceConfig, PresenceGateway, PresenceMapConfig, WatchState};
use sip_xmpp::sip::{Framing, SipMessage, StatusCode};
use sip_xmpp::xmpp::{Presence, Stanza, StanzaConfig};

const NOTIFY: &[u8] = include_bytes!("presence/tv-pres-33.sip");
const XML: &[u8] = include_bytes!("presence/tv-pres-32.xml");

const NS_PIDF: &str = "urn:ietf:params:xml:ns:pidf";
const NS_CLIENT: &str = "jabber:client";

fn ours_s2x(cfg: &PresenceMapConfig) -> Vec<u8> {
    let req = SipMessage::parse(black_box(NOTIFY), Framing::Stream).expect("parse");
    let NotifyContent::Presence(stanzas) = notify_to_presence(&req, cfg).expect("map") else {
        unreachable!("a PIDF body")
    };
    let mut out = Vec::new();
    for p in &stanzas {
        p.write_to(&mut out);
    }
    out
}

fn ours_x2s(cfg: &PresenceMapConfig) -> Vec<u8> {
    let s = Stanza::parse(black_box(XML), &StanzaConfig::default()).expect("parse");
    let p = Presence::try_from(s).expect("presence");
    let n = presence_to_pidf(&p, cfg).expect("map");
    let body = notify_body(&n.pidf, n.content_language.as_deref());
    black_box((&n.watcher, &body.content_type, &body.content_language));
    body.bytes
}

/// The SIP user part and host of a URI as `user@host`.
fn user_at_host(u: &rsip::Uri) -> String {
    match u.user() {
        Some(user) => format!("{user}@{}", u.host_with_port.host),
        None => u.host_with_port.host.to_string(),
    }
}

/// rsip + minidom + jid: parse the NOTIFY, read From, To, Content-Type
/// and Content-Language, parse the PIDF body, read each tuple (id, basic,
/// show, contact priority, notes), map the addresses by hand (bare From
/// with the tuple id's resource, bare To), build and write the stanzas.
fn composed_s2x() -> Vec<u8> {
    use rsip::prelude::*;
    let msg = rsip::SipMessage::try_from(black_box(NOTIFY)).expect("rsip");
    let rsip::SipMessage::Request(req) = msg else {
        unreachable!()
    };
    assert_eq!(req.method, rsip::Method::Notify);
    let from = req.from_header().expect("from").typed().expect("from");
    let to = req.to_header().expect("to").typed().expect("to");
    let mut content_type = None;
    let mut lang = None;
    for h in req.headers.iter() {
        match h {
            rsip::Header::ContentType(t) => content_type = Some(t.value()),
            rsip::Header::ContentLanguage(l) => lang = Some(l.value().to_owned()),
            _ => {}
        }
    }
    assert!(content_type.is_some_and(|t| t.eq_ignore_ascii_case("application/pidf+xml")));
    let from = jid::BareJid::new(&user_at_host(&from.uri)).expect("jid");
    let to = jid::BareJid::new(&user_at_host(&to.uri)).expect("jid");
    let doc = minidom::Element::from_reader(req.body.as_slice()).expect("pidf");
    assert!(doc.is("presence", NS_PIDF));
    let name = |n: &str| minidom::rxml::NcName::try_from(n).expect("name");
    let mut out = Vec::new();
    for tuple in doc.children().filter(|c| c.is("tuple", NS_PIDF)) {
        let Some(status) = tuple.get_child("status", NS_PIDF) else {
            continue;
        };
        let basic = status.get_child("basic", NS_PIDF).map(|b| b.text());
        let open = match basic.as_deref().map(str::trim) {
            Some("open") => true,
            Some("closed") => false,
            _ => continue,
        };
        let full = tuple
            .attr("id")
            .and_then(|id| id.strip_prefix("ID-"))
            .and_then(|r| from.with_resource_str(r).ok());
        let from = full.as_ref().map_or(from.as_str(), |f| f.as_str());
        let mut b = minidom::Element::builder("presence", NS_CLIENT)
            .attr(name("from"), from)
            .attr(name("to"), to.as_str());
        if !open {
            b = b.attr(name("type"), "unavailable");
        }
        if let Some(l) = &lang {
            b = b.attr_ns(minidom::rxml::Namespace::XML, name("lang"), l.as_str());
        }
        let show = status
            .get_child("show", NS_CLIENT)
            .map(|s| s.text())
            .filter(|s| open && matches!(s.trim(), "away" | "chat" | "dnd" | "xa"));
        if let Some(show) = show {
            b = b.append(
                minidom::Element::builder("show", NS_CLIENT)
                    .append(show.trim())
                    .build(),
            );
        }
        for note in tuple.children().filter(|c| c.is("note", NS_PIDF)) {
            b = b.append(
                minidom::Element::builder("status", NS_CLIENT)
                    .append(note.text())
                    .build(),
            );
        }
        let priority = tuple
            .get_child("contact", NS_PIDF)
            .and_then(|c| c.attr("priority"))
            .and_then(|q| q.parse::<f64>().ok());
        if let Some(q) = priority {
            let p = (q * 127.0).round() as i8;
            b = b.append(
                minidom::Element::builder("priority", NS_CLIENT)
                    .append(p.to_string())
                    .build(),
            );
        }
        b.build().write_to(&mut out).expect("write");
    }
    out
}

/// minidom + jid + rsip: parse the stanza, read the addresses, the
/// language, `<show/>`, `<status/>` and `<priority/>`, map by hand (the
/// watcher URI, `pres:` entity, tuple id, contact URI with `gr`, the
/// priority), build the PIDF document and write it with its declaration,
/// and the Content-Type and Content-Language headers.
fn composed_x2s() -> (rsip::Uri, rsip::Header, Option<rsip::Header>, Vec<u8>) {
    use rsip::headers::UntypedHeader;
    let el = minidom::Element::from_reader(black_box(XML)).expect("minidom");
    assert!(el.is("presence", NS_CLIENT) && el.attr("type").is_none());
    let from = jid::Jid::new(el.attr("from").expect("from")).expect("jid");
    let to = jid::Jid::new(el.attr("to").expect("to")).expect("jid");
    let lang = el
        .attrs()
        .get(&minidom::rxml::Namespace::XML, "lang")
        .map(String::to_owned);
    let uri = |j: &jid::Jid| match j.node() {
        Some(n) => format!("sip:{}@{}", n.as_str(), j.domain().as_str()),
        None => format!("sip:{}", j.domain().as_str()),
    };
    let watcher = rsip::Uri::try_from(uri(&to).as_str()).expect("uri");
    let show = el.get_child("show", NS_CLIENT).map(|s| s.text());
    let priority = el
        .get_child("priority", NS_CLIENT)
        .and_then(|p| p.text().trim().parse::<i8>().ok());
    let resource = from.resource().map(|r| r.as_str()).unwrap_or_default();
    let name = |n: &str| minidom::rxml::NcName::try_from(n).expect("name");
    let mut status = minidom::Element::builder("status", NS_PIDF).append(
        minidom::Element::builder("basic", NS_PIDF)
            .append("open")
            .build(),
    );
    if let Some(show) = show {
        status = status.append(
            minidom::Element::builder("show", NS_CLIENT)
                .append(show)
                .build(),
        );
    }
    let mut tuple = minidom::Element::builder("tuple", NS_PIDF)
        .attr(name("id"), format!("ID-{resource}"))
        .append(status.build());
    if let Some(p) = priority.filter(|p| *p >= 0) {
        let q = u32::from(p.unsigned_abs()) * 1000 / 127;
        tuple = tuple.append(
            minidom::Element::builder("contact", NS_PIDF)
                .attr(name("priority"), format!("{}.{:03}", q / 1000, q % 1000))
                .append(format!("{};gr={resource}", uri(&from)))
                .build(),
        );
    }
    for s in el.children().filter(|c| c.is("status", NS_CLIENT)) {
        let mut note = minidom::Element::builder("note", NS_PIDF).append(s.text());
        if let Some(l) = &lang {
            note = note.attr_ns(minidom::rxml::Namespace::XML, name("lang"), l.as_str());
        }
        tuple = tuple.append(note.build());
    }
    let doc = minidom::Element::builder("presence", NS_PIDF)
        .attr(name("entity"), format!("pres:{}", from.to_bare().as_str()))
        .append(tuple.build())
        .build();
    let mut body = Vec::new();
    doc.write_to_decl(&mut body).expect("write");
    let content_type = rsip::headers::ContentType::new("application/pidf+xml").into();
    let content_language = lang.map(|l| rsip::headers::ContentLanguage::new(l).into());
    (watcher, content_type, content_language, body)
}

const JULIET: &str = "juliet@example.com";
const ROMEO: &str = "romeo@example.net";

/// A gateway holding juliet's active watch on romeo (D1 made through the
/// real flow: subscribe, SUBSCRIBE, 200, NOTIFY active), and the NOTIFY
/// of `NOTIFY` rewritten into the dialog the gateway made, its CSeq left
/// for the caller to fill in (`{cseq}`).
fn gateway_with_watch(now: Instant) -> (PresenceGateway, String) {
    let mut cfg = PresenceConfig::new("x2s.example.com", "TCP", "x2s.example.com");
    cfg.contact_host = "s2x.example.net".into();
    let mut gw = PresenceGateway::new(cfg, [3; 32]);
    let sub = Stanza::parse(
        b"<presence xmlns='jabber:client' from='juliet@example.com' to='romeo@example.net' type='subscribe'/>",
        &StanzaConfig::default(),
    )
    .expect("subscribe");
    gw.handle_xmpp(now, sub).expect("subscribe");
    let Some(Output::Sip(subscribe)) = gw.poll_output() else {
        unreachable!("a SUBSCRIBE")
    };
    let call_id = subscribe.call_id().expect("call-id").to_owned();
    let tag = subscribe
        .from_header()
        .expect("from")
        .tag()
        .expect("tag")
        .to_owned();
    let mut ok = subscribe
        .make_response(StatusCode::OK, "ffd2")
        .expect("200");
    ok.push_header("Expires", "3600").expect("expires");
    gw.handle_sip(now, ok).expect("200");
    let text = std::str::from_utf8(NOTIFY)
        .expect("utf-8")
        .replace("5BCF940D-793D-43F8-8972-218F7F4EAA8C", &call_id)
        .replace("tag=j89d", &format!("tag={tag}"))
        .replace("CSeq: 3 NOTIFY", "CSeq: {cseq} NOTIFY");
    let first = text.replace("{cseq}", "1");
    let first = SipMessage::parse(first.as_bytes(), Framing::Stream).expect("NOTIFY");
    gw.handle_sip(now, first).expect("NOTIFY");
    while gw.poll_output().is_some() {}
    assert_eq!(gw.watch_state(JULIET, ROMEO), Some(WatchState::Active));
    (gw, text)
}

fn bench(c: &mut Criterion) {
    let cfg = PresenceMapConfig::default();
    // Floors: this crate's parse of the input (the NOTIFY and its PIDF
    // body; the stanza) and write of a prepared output, without the
    // mapping.
    let stanza_out = Stanza::parse(&ours_s2x(&cfg), &StanzaConfig::default()).expect("stanza");
    let pidf_out = Pidf::parse(&ours_x2s(&cfg), &cfg.limits).expect("pidf");

    let mut g = c.benchmark_group("presence/s2x");
    g.throughput(Throughput::Bytes(NOTIFY.len() as u64));
    g.bench_function(BenchmarkId::new("translate", "sip-xmpp"), |b| {
        b.iter(|| ours_s2x(&cfg))
    });
    g.bench_function(BenchmarkId::new("translate", "rsip+jid+minidom"), |b| {
        b.iter(composed_s2x)
    });
    g.bench_function(BenchmarkId::new("translate", "floor: parse+write"), |b| {
        b.iter(|| {
            let req = SipMessage::parse(black_box(NOTIFY), Framing::Stream).expect("parse");
            let pidf = Pidf::parse(req.body(), &cfg.limits).expect("pidf");
            (pidf.tuples.len(), stanza_out.to_bytes())
        })
    });
    // The whole gateway path: the NOTIFY (each one with the next CSeq, as
    // a dialog requires) into the gateway, everything it sends written.
    let now = Instant::now();
    let (mut gw, text) = gateway_with_watch(now);
    // Ten digits, so that every NOTIFY has the same length.
    let mut cseq: u32 = 1_000_000_000;
    g.bench_function(BenchmarkId::new("translate", "sip-xmpp gateway"), |b| {
        b.iter_batched(
            || {
                cseq += 1;
                text.replace("{cseq}", &cseq.to_string()).into_bytes()
            },
            |bytes| {
                let req = SipMessage::parse(&bytes, Framing::Stream).expect("parse");
                gw.handle_sip(now, req).expect("NOTIFY");
                let mut out = Vec::new();
                while let Some(o) = gw.poll_output() {
                    match o {
                        Output::Sip(m) => out.extend_from_slice(&m.to_bytes()),
                        Output::Xmpp(s) => s.write_to(&mut out),
                    }
                }
                out
            },
            BatchSize::SmallInput,
        )
    });
    g.finish();

    let mut g = c.benchmark_group("presence/x2s");
    g.throughput(Throughput::Bytes(XML.len() as u64));
    g.bench_function(BenchmarkId::new("translate", "sip-xmpp"), |b| {
        b.iter(|| ours_x2s(&cfg))
    });
    g.bench_function(BenchmarkId::new("translate", "rsip+jid+minidom"), |b| {
        b.iter(composed_x2s)
    });
    g.bench_function(BenchmarkId::new("translate", "floor: parse+write"), |b| {
        b.iter(|| {
            let s = Stanza::parse(black_box(XML), &StanzaConfig::default()).expect("parse");
            (s.id().is_some(), pidf_out.to_bytes())
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
