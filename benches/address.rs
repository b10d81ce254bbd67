//! Address mapping (RFC 7247 §6) in both directions, and JID parsing
//! (RFC 7622) beside the `jid` crate's own (RFC 6122 stringprep).
//!
//! `address/s2x/*`: a parsed URI to a JID; `address/s2x_parse/*`: URI text
//! to a JID, parsing included; `address/x2s/*`: a JID to a `sip:` URI.
//! `jid_parse/<input>/sip-xmpp` and `jid_parse/<input>/jid-crate`: the same
//! text through each parser (`python3 benches/report.py jid_parse` prints
//! the ratios).

use std::hint::black_box;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use sip_xmpp::address::{AddressMapper, Role};
use sip_xmpp::jid::Jid;
use sip_xmpp::uri::Uri;

const URIS: [(&str, &str); 5] = [
    ("plain", "sip:juliet@example.com"),
    (
        "gruu",
        "sip:juliet@example.com;gr=urn:uuid:f81d4fae-7dec-11d0-a765-00a0c91e6bf6",
    ),
    (
        "escaped",
        "sip:here%27s_a_wild_%26_%2Fcr%25zy%2F_address@example.com",
    ),
    ("utf8", "sip:tsch%C3%BCss@xn--caf-dma.example;gr=caf%C3%A9"),
    (
        "params",
        "sip:romeo@192.0.2.4:5070;transport=tcp;maddr=x.example",
    ),
];

const JIDS: [(&str, &str); 5] = [
    ("bare", "juliet@example.com"),
    ("full", "juliet@example.com/balcony"),
    (
        "escaped",
        r"here\27s_a_wild_\26_\2fcr%zy\2f_address@example.com",
    ),
    ("unicode", "tsch\u{fc}ss@caf\u{e9}.example/\u{265a}"),
    ("resource", "room@chat.example/nick@host with spaces"),
];

fn address(c: &mut Criterion) {
    let m = AddressMapper::default();
    let mut g = c.benchmark_group("address");
    for (name, text) in URIS {
        g.throughput(Throughput::Bytes(text.len() as u64));
        let uri = Uri::parse(text).expect("bench URI parses");
        m.uri_to_jid(&uri, Role::Recipient).expect("bench URI maps");
        g.bench_with_input(BenchmarkId::new("s2x", name), &uri, |b, u| {
            b.iter(|| m.uri_to_jid(black_box(u), Role::Recipient))
        });
        g.bench_with_input(BenchmarkId::new("s2x_parse", name), text, |b, t| {
            b.iter(|| {
                Uri::parse(black_box(t))
                    .ok()
                    .and_then(|u| m.uri_to_jid(&u, Role::Recipient).ok())
            })
        });
    }
    for (name, text) in JIDS {
        g.throughput(Throughput::Bytes(text.len() as u64));
        let jid = Jid::parse(text).expect("bench JID parses");
        m.jid_to_uri(&jid, Role::Recipient).expect("bench JID maps");
        g.bench_with_input(BenchmarkId::new("x2s", name), &jid, |b, j| {
            b.iter(|| m.jid_to_uri(black_box(j), Role::Recipient))
        });
    }
    g.finish();
}

fn jid_parse(c: &mut Criterion) {
    let mut g = c.benchmark_group("jid_parse");
    for (name, text) in JIDS {
        g.throughput(Throughput::Bytes(text.len() as u64));
        g.bench_with_input(BenchmarkId::new(name, "sip-xmpp"), text, |b, t| {
            b.iter(|| Jid::parse(black_box(t)))
        });
        g.bench_with_input(BenchmarkId::new(name, "jid-crate"), text, |b, t| {
            b.iter(|| jid::Jid::new(black_box(t)))
        });
    }
    g.finish();
}

criterion_group!(benches, address, jid_parse);
criterion_main!(benches);
