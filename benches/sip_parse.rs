//! SIP parsing, side by side with the Rust SIP parsers a user would
//! otherwise pick (rsip 0.4, sipx-sip, ezk-sip-types) and with httparse on
//! an HTTP/1.1 twin of each message (same header rows and size, only the
//! start line differs) as the floor.
//!
//! Per message, three jobs:
//! * `parse`: bytes to a message value;
//! * `typed`: parse, then read From, To, Call-ID, CSeq, Content-Type and
//!   the body through each crate's typed API;
//! * `write`: parse, then serialise.

use std::hint::black_box;

use bytes::Bytes;
use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use sip_xmpp::sip::{Framing, SipMessage};

const MESSAGES: [(&str, &[u8]); 4] = [
    ("invite", include_bytes!("messages/invite.sip")),
    ("message", include_bytes!("messages/message.sip")),
    ("ok200", include_bytes!("messages/ok200.sip")),
    ("notify", include_bytes!("messages/notify.sip")),
];

/// The HTTP twin: the same bytes with the SIP start line replaced by an
/// HTTP/1.1 request line of the same length.
fn http_twin(sip: &[u8]) -> Vec<u8> {
    let eol = sip
        .windows(2)
        .position(|w| w == b"\r\n")
        .expect("start line");
    let mut line = b"POST /".to_vec();
    while line.len() + b" HTTP/1.1".len() < eol {
        line.push(b'x');
    }
    line.extend_from_slice(b" HTTP/1.1");
    line.extend_from_slice(&sip[eol..]);
    line
}

fn ours_typed(m: &SipMessage) -> usize {
    let from = m.from_header().expect("from");
    let to = m.to_header().expect("to");
    let call_id = m.call_id().expect("call-id");
    let cseq = m.cseq().expect("cseq");
    let ct = m.content_type().expect("content-type");
    black_box((&from, &to, call_id, &cseq, &ct));
    m.body().len()
}

fn rsip_typed(m: &rsip::SipMessage) -> usize {
    use rsip::prelude::*;
    let from = m.from_header().expect("from").typed().expect("from");
    let to = m.to_header().expect("to").typed().expect("to");
    let call_id = m.call_id_header().expect("call-id").value().to_owned();
    let cseq = m.cseq_header().expect("cseq").typed().expect("cseq");
    let ct = m.headers().iter().find_map(|h| match h {
        rsip::Header::ContentType(c) => Some(c.typed()),
        _ => None,
    });
    black_box((&from, &to, &call_id, &cseq, &ct));
    m.body().len()
}

fn sipx_parse(b: &Bytes) -> sipx_sip::message::Message {
    sipx_sip::parser::parse_datagram(b.clone(), &sipx_sip::parser::Limits::default())
        .expect("sipx parse")
}

fn sipx_typed(m: &sipx_sip::message::Message) -> usize {
    use sipx_sip::headers::{CSeq, CallId, ContentType, From, To};
    let h = m.headers();
    let from = h.typed::<From>().expect("from").expect("from");
    let to = h.typed::<To>().expect("to").expect("to");
    let call_id = h.typed::<CallId>().expect("call-id").expect("call-id");
    let cseq = h.typed::<CSeq>().expect("cseq").expect("cseq");
    let ct = h.typed::<ContentType>().map(|c| c.expect("ct"));
    black_box((&from, &to, &call_id, &cseq, &ct));
    m.body().len()
}

/// ezk-sip-types has no whole-message parser of its own; this is the
/// assembly its transport layer performs: line puller, start line, one
/// `Line` per header into `Headers`, Content-Length, body slice.
fn ezk_parse(
    b: &Bytes,
) -> (
    ezk_sip_types::msg::MessageLine,
    ezk_sip_types::Headers,
    Bytes,
) {
    use ezk_sip_types::header::typed::ContentLength;
    use ezk_sip_types::msg::{Line, MessageLine, PullParser};
    use ezk_sip_types::parse::Parse;
    let mut parser = PullParser::new(b, 0);
    let first = parser.next().expect("line").expect("complete");
    let first = std::str::from_utf8(first).expect("utf8");
    let (_, line) = MessageLine::parse(b)(first).expect("start line");
    let mut headers = ezk_sip_types::Headers::new();
    for l in &mut parser {
        let l = std::str::from_utf8(l.expect("complete")).expect("utf8");
        let (_, Line { name, value }) = Line::parse(b, l).expect("header");
        headers.insert(name, value);
    }
    let head_end = parser.head_end();
    let len = headers
        .get_named::<ContentLength>()
        .map(|c| c.0)
        .unwrap_or(0);
    (line, headers, b.slice(head_end..head_end + len))
}

fn ezk_typed(
    m: &(
        ezk_sip_types::msg::MessageLine,
        ezk_sip_types::Headers,
        Bytes,
    ),
) -> usize {
    use ezk_sip_types::Name;
    use ezk_sip_types::header::typed::{CSeq, CallID, ContentType, FromTo};
    let h = &m.1;
    let from: FromTo = h.get(Name::FROM).expect("from");
    let to: FromTo = h.get(Name::TO).expect("to");
    let call_id: CallID = h.get_named().expect("call-id");
    let cseq: CSeq = h.get_named().expect("cseq");
    let ct: Option<ContentType> = h.get_named().ok();
    black_box((&from, &to, &call_id, &cseq, &ct));
    m.2.len()
}

fn bench(c: &mut Criterion) {
    for (name, bytes) in MESSAGES {
        let mut g = c.benchmark_group(format!("sip/{name}"));
        g.throughput(Throughput::Bytes(bytes.len() as u64));
        let shared = Bytes::from_static(bytes);
        let twin = http_twin(bytes);

        g.bench_function(BenchmarkId::new("parse", "sip-xmpp"), |b| {
            b.iter(|| SipMessage::parse(black_box(bytes), Framing::Datagram).expect("parse"))
        });
        g.bench_function(BenchmarkId::new("parse", "rsip"), |b| {
            b.iter(|| rsip::SipMessage::try_from(black_box(bytes)).expect("rsip parse"))
        });
        g.bench_function(BenchmarkId::new("parse", "sipx-sip"), |b| {
            b.iter(|| sipx_parse(black_box(&shared)))
        });
        g.bench_function(BenchmarkId::new("parse", "ezk-sip-types"), |b| {
            b.iter(|| ezk_parse(black_box(&shared)))
        });
        g.bench_function(BenchmarkId::new("parse", "httparse-twin"), |b| {
            b.iter(|| {
                let mut headers = [httparse::EMPTY_HEADER; 32];
                let mut req = httparse::Request::new(&mut headers);
                let status = req.parse(black_box(&twin)).expect("httparse");
                black_box(status.is_complete());
                req.headers.len()
            })
        });

        g.bench_function(BenchmarkId::new("typed", "sip-xmpp"), |b| {
            b.iter(|| {
                ours_typed(&SipMessage::parse(black_box(bytes), Framing::Datagram).expect("parse"))
            })
        });
        g.bench_function(BenchmarkId::new("typed", "rsip"), |b| {
            b.iter(|| {
                rsip_typed(&rsip::SipMessage::try_from(black_box(bytes)).expect("rsip parse"))
            })
        });
        g.bench_function(BenchmarkId::new("typed", "sipx-sip"), |b| {
            b.iter(|| sipx_typed(&sipx_parse(black_box(&shared))))
        });
        g.bench_function(BenchmarkId::new("typed", "ezk-sip-types"), |b| {
            b.iter(|| ezk_typed(&ezk_parse(black_box(&shared))))
        });

        g.bench_function(BenchmarkId::new("write", "sip-xmpp"), |b| {
            b.iter(|| {
                SipMessage::parse(black_box(bytes), Framing::Datagram)
                    .expect("parse")
                    .to_bytes()
            })
        });
        g.bench_function(BenchmarkId::new("write", "rsip"), |b| {
            b.iter(|| {
                rsip::SipMessage::try_from(black_box(bytes))
                    .expect("rsip parse")
                    .to_string()
            })
        });
        g.bench_function(BenchmarkId::new("write", "sipx-sip"), |b| {
            b.iter(|| sipx_parse(black_box(&shared)).to_bytes())
        });
        g.finish();
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
