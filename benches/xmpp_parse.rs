//! Stanza parsing and writing, beside minidom on its own.
//!
//! Per stanza (a chat message with a thread and two extensions, a
//! presence with show, statuses, priority and caps, a message error):
//! * `parse`: bytes to a typed stanza (ours: limit-checked reading, the
//!   element tree and the stanza rules) or to a `minidom::Element`
//!   (`Element::from_reader`, no limits, no stanza rules); for the
//!   messages, also to a `MessageView` (the same checks, no tree);
//! * `write`: an already parsed stanza or element to bytes (ours:
//!   `Stanza::write_to`; minidom: `Element::write_to`).

use std::hint::black_box;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use sip_xmpp::xmpp::minidom::Element;
use sip_xmpp::xmpp::{MessageView, Stanza, StanzaConfig};

const STANZAS: [(&str, &[u8]); 3] = [
    ("message", include_bytes!("stanzas/message.xml")),
    ("presence", include_bytes!("stanzas/presence.xml")),
    ("error", include_bytes!("stanzas/error.xml")),
];

fn bench(c: &mut Criterion) {
    let cfg = StanzaConfig::default();
    for (name, bytes) in STANZAS {
        let mut g = c.benchmark_group(format!("xmpp/{name}"));
        g.throughput(Throughput::Bytes(bytes.len() as u64));
        let stanza = Stanza::parse(bytes, &cfg).expect("stanza");
        let element = Element::from_reader(bytes).expect("minidom");

        g.bench_function(BenchmarkId::new("parse", "sip-xmpp"), |b| {
            b.iter(|| Stanza::parse(black_box(bytes), &cfg).expect("parse"))
        });
        if MessageView::parse(bytes, &cfg).is_ok() {
            g.bench_function(BenchmarkId::new("parse", "sip-xmpp view"), |b| {
                b.iter(|| MessageView::parse(black_box(bytes), &cfg).expect("view"))
            });
        }
        g.bench_function(BenchmarkId::new("parse", "minidom"), |b| {
            b.iter(|| Element::from_reader(black_box(bytes)).expect("minidom"))
        });

        g.bench_function(BenchmarkId::new("write", "sip-xmpp"), |b| {
            b.iter(|| {
                let mut out = Vec::with_capacity(bytes.len());
                black_box(&stanza).write_to(&mut out);
                out
            })
        });
        g.bench_function(BenchmarkId::new("write", "minidom"), |b| {
            b.iter(|| {
                let mut out = Vec::with_capacity(bytes.len());
                black_box(&element).write_to(&mut out).expect("write");
                out
            })
        });
        g.finish();
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
