//! PIDF parsing and writing, beside minidom on the same bytes.
//!
//! Per NOTIFY body (the RFC 8048 body of TV-PRES-32, and a SIP client's
//! body with a device id, a contact with a GRUU, a person with RPID
//! activities and user input, and a CIPID display name):
//! * `parse`: bytes to a typed [`Pidf`] (ours: limit-checked reading, the
//!   element tree, the RFC 3863 checks and the typed RPID subset) or to a
//!   `minidom::Element` (`Element::from_reader`, no limits, no checks);
//! * `write`: an already parsed document or element to bytes (ours:
//!   `Pidf::write_to`; minidom: `Element::write_to`).

use std::hint::black_box;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use sip_xmpp::ParseLimits;
use sip_xmpp::pidf::Pidf;
use sip_xmpp::xmpp::minidom::Element;

const BODIES: [(&str, &[u8]); 2] = [
    ("rfc8048", include_bytes!("pidf/rfc8048.xml")),
    ("rpid", include_bytes!("pidf/rpid.xml")),
];

fn bench(c: &mut Criterion) {
    let limits = ParseLimits::DEFAULT;
    for (name, bytes) in BODIES {
        let mut g = c.benchmark_group(format!("pidf/{name}"));
        g.throughput(Throughput::Bytes(bytes.len() as u64));
        let pidf = Pidf::parse(bytes, &limits).expect("pidf");
        let element = Element::from_reader(bytes).expect("minidom");

        g.bench_function(BenchmarkId::new("parse", "sip-xmpp"), |b| {
            b.iter(|| Pidf::parse(black_box(bytes), &limits).expect("parse"))
        });
        g.bench_function(BenchmarkId::new("parse", "minidom"), |b| {
            b.iter(|| Element::from_reader(black_box(bytes)).expect("minidom"))
        });

        g.bench_function(BenchmarkId::new("write", "sip-xmpp"), |b| {
            b.iter(|| {
                let mut out = Vec::with_capacity(bytes.len());
                black_box(&pidf).write_to(&mut out);
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
