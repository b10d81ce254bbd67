//! SDP parsing and writing (RFC 8866) on an RFC 3264 §10.1 offer, an RFC
//! 4975 MSRP offer and a WebRTC-style offer with BUNDLE, ICE and DTLS.
//!
//! Per description: `parse` (bytes to `Sdp`), `typed` (parse, then decode
//! every rtpmap, fmtp and candidate), `write` (serialise a parsed value).

use std::hint::black_box;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use sip_xmpp::Sdp;

const RFC3264: &str = "v=0\r\no=alice 2890844526 2890844526 IN IP4 host.atlanta.example.com\r\ns=\r\n\
c=IN IP4 host.atlanta.example.com\r\nt=0 0\r\nm=audio 49170 RTP/AVP 0 8 97\r\n\
a=rtpmap:0 PCMU/8000\r\na=rtpmap:8 PCMA/8000\r\na=rtpmap:97 iLBC/8000\r\n\
m=video 51372 RTP/AVP 31 32\r\na=rtpmap:31 H261/90000\r\na=rtpmap:32 MPV/90000\r\n";

const MSRP: &str = "v=0\r\no=alice 2890844557 2890844559 IN IP4 alicepc.example.com\r\ns= -\r\n\
c=IN IP4 alicepc.example.com\r\nt=0 0\r\nm=message 7654 TCP/MSRP *\r\n\
a=accept-types:text/plain\r\na=path:msrp://alicepc.example.com:7654/jshA7weztas;tcp\r\n";

const WEBRTC: &str = "v=0\r\no=- 4611731400430051336 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n\
a=group:BUNDLE 0 1\r\na=msid-semantic: WMS stream1\r\na=ice-options:trickle\r\n\
m=audio 9 UDP/TLS/RTP/SAVPF 111 0 101\r\nc=IN IP4 0.0.0.0\r\na=rtcp:9 IN IP4 0.0.0.0\r\n\
a=candidate:1 1 UDP 2130706431 192.0.2.4 50000 typ host generation 0 network-id 1\r\n\
a=candidate:2 1 UDP 1694498815 203.0.113.7 50000 typ srflx raddr 192.0.2.4 rport 50000 generation 0\r\n\
a=ice-ufrag:8hhy\r\na=ice-pwd:asd88fgpdd777uzjYhagZg\r\n\
a=fingerprint:sha-256 A5:4D:CA:18:25:30:BB:1D:6D:13:2C:DE:D6:23:7B:2E:D9:1E:3F:72:1F:CB:19:71:17:44:94:D6:49:3C:9D:5C\r\n\
a=setup:actpass\r\na=mid:0\r\na=extmap:1 urn:ietf:params:rtp-hdrext:ssrc-audio-level\r\na=sendrecv\r\n\
a=rtcp-mux\r\na=rtpmap:111 opus/48000/2\r\na=rtcp-fb:111 transport-cc\r\n\
a=fmtp:111 minptime=10;useinbandfec=1\r\na=rtpmap:0 PCMU/8000\r\na=rtpmap:101 telephone-event/8000\r\n\
a=fmtp:101 0-15\r\na=ssrc:1001 cname:Yl4yWq0bMbV5KNiT\r\n\
m=video 9 UDP/TLS/RTP/SAVPF 96 97\r\nc=IN IP4 0.0.0.0\r\na=rtcp:9 IN IP4 0.0.0.0\r\n\
a=ice-ufrag:8hhy\r\na=ice-pwd:asd88fgpdd777uzjYhagZg\r\n\
a=fingerprint:sha-256 A5:4D:CA:18:25:30:BB:1D:6D:13:2C:DE:D6:23:7B:2E:D9:1E:3F:72:1F:CB:19:71:17:44:94:D6:49:3C:9D:5C\r\n\
a=setup:actpass\r\na=mid:1\r\na=sendrecv\r\na=rtcp-mux\r\na=rtpmap:96 VP8/90000\r\n\
a=rtcp-fb:96 ccm fir\r\na=rtcp-fb:96 nack\r\na=rtcp-fb:96 nack pli\r\na=rtpmap:97 rtx/90000\r\n\
a=fmtp:97 apt=96\r\na=ssrc-group:FID 2001 2002\r\na=ssrc:2001 cname:Yl4yWq0bMbV5KNiT\r\n\
a=ssrc:2002 cname:Yl4yWq0bMbV5KNiT\r\n";

const DESCRIPTIONS: [(&str, &str); 3] = [("rfc3264", RFC3264), ("msrp", MSRP), ("webrtc", WEBRTC)];

fn bench(c: &mut Criterion) {
    let mut g = c.benchmark_group("sdp");
    for (name, text) in DESCRIPTIONS {
        let bytes = text.as_bytes();
        g.throughput(Throughput::Bytes(bytes.len() as u64));
        g.bench_with_input(BenchmarkId::new("parse", name), bytes, |b, i| {
            b.iter(|| Sdp::parse_default(black_box(i)))
        });
        g.bench_with_input(BenchmarkId::new("typed", name), bytes, |b, i| {
            b.iter(|| {
                let s = Sdp::parse_default(black_box(i)).ok()?;
                let mut n = 0usize;
                for m in &s.media {
                    n += m.rtpmaps().filter(Result::is_ok).count();
                    n += m.fmtps().filter(Result::is_ok).count();
                    n += m.candidates().filter(Result::is_ok).count();
                }
                Some(n)
            })
        });
        let parsed = Sdp::parse_default(bytes).expect("bench input parses");
        g.bench_with_input(BenchmarkId::new("write", name), &parsed, |b, s| {
            b.iter(|| black_box(s).to_bytes())
        });
    }
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
