//! Snapshots of the SDP codec on RFC examples: the canonical output (which
//! must equal the input, the examples being canonical already) and a dump
//! of the typed view of every line and attribute.

use std::fmt::Write as _;

use sip_xmpp::sdp::{
    AcceptTypes, AcceptWrappedTypes, Attribute, Candidate, Crypto, Extmap, Fingerprint, Fmtp,
    Group, IceOptions, MaxPtime, MaxSize, Path, Ptime, Rtcp, RtcpFb, RtpMap, Sdp, Setup, Ssrc,
    SsrcGroup, TypedAttribute,
};

/// Decodes `a` with the typed form its name selects.
fn typed(a: &Attribute) -> String {
    fn d<T: TypedAttribute + std::fmt::Debug>(a: &Attribute) -> String {
        match a.decode::<T>() {
            Ok(v) => format!("{v:?}"),
            Err(e) => format!("ERROR {e}"),
        }
    }
    match a.name.to_ascii_lowercase().as_str() {
        "rtpmap" => d::<RtpMap>(a),
        "fmtp" => {
            let f = a.decode::<Fmtp>();
            match f {
                Ok(f) => format!("{f:?} params={:?}", f.parameters().collect::<Vec<_>>()),
                Err(e) => format!("ERROR {e}"),
            }
        }
        "ptime" => d::<Ptime>(a),
        "maxptime" => d::<MaxPtime>(a),
        "rtcp" => d::<Rtcp>(a),
        "group" => d::<Group>(a),
        "ssrc" => d::<Ssrc>(a),
        "ssrc-group" => d::<SsrcGroup>(a),
        "candidate" => d::<Candidate>(a),
        "ice-options" => d::<IceOptions>(a),
        "fingerprint" => match a.decode::<Fingerprint>() {
            Ok(f) => format!(
                "Fingerprint {{ hash_func: {:?}, hex: {:?} }}",
                f.hash_func,
                f.hex()
            ),
            Err(e) => format!("ERROR {e}"),
        },
        "setup" => d::<Setup>(a),
        "crypto" => d::<Crypto>(a),
        "rtcp-fb" => d::<RtcpFb>(a),
        "extmap" => d::<Extmap>(a),
        "path" => d::<Path>(a),
        "accept-types" => d::<AcceptTypes>(a),
        "accept-wrapped-types" => d::<AcceptWrappedTypes>(a),
        "max-size" => d::<MaxSize>(a),
        _ => format!("(untyped) {:?}", a.value),
    }
}

/// A readable dump of the typed view of `s`.
fn dump(s: &Sdp) -> String {
    let mut o = String::new();
    let w = &mut o;
    let _ = writeln!(w, "version: {}", s.version);
    let _ = writeln!(w, "origin: {:?}", s.origin);
    let _ = writeln!(w, "session name: {:?}", s.session_name);
    for (k, v) in [
        ("information", &s.information),
        ("uri", &s.uri),
        ("key", &s.key),
    ] {
        if let Some(v) = v {
            let _ = writeln!(w, "{k}: {v:?}");
        }
    }
    for e in &s.emails {
        let _ = writeln!(w, "email: {e:?}");
    }
    for p in &s.phones {
        let _ = writeln!(w, "phone: {p:?}");
    }
    if let Some(c) = &s.connection {
        let _ = writeln!(w, "connection: {c:?}");
    }
    for b in &s.bandwidths {
        let _ = writeln!(w, "bandwidth: {b:?}");
    }
    for t in &s.timings {
        let _ = writeln!(w, "timing: {t:?}");
    }
    for a in &s.attributes {
        let _ = writeln!(w, "a={}: {}", a.name, typed(a));
    }
    for u in &s.unknown {
        let _ = writeln!(w, "unknown: {u:?}");
    }
    let _ = writeln!(w, "session direction: {:?}", s.direction());
    let _ = writeln!(w, "validate: {:?}", s.validate());
    for (i, m) in s.media.iter().enumerate() {
        let _ = writeln!(
            w,
            "media {i}: {:?} port {} count {:?} proto {:?} formats {:?} (rtp: {}, msrp: {})",
            m.media,
            m.port,
            m.port_count,
            m.proto,
            m.formats,
            m.is_rtp(),
            m.is_msrp()
        );
        if let Some(i) = &m.information {
            let _ = writeln!(w, "  information: {i:?}");
        }
        for c in &m.connections {
            let _ = writeln!(w, "  connection: {c:?}");
        }
        for b in &m.bandwidths {
            let _ = writeln!(w, "  bandwidth: {b:?}");
        }
        for a in &m.attributes {
            let _ = writeln!(w, "  a={}: {}", a.name, typed(a));
        }
        for u in &m.unknown {
            let _ = writeln!(w, "  unknown: {u:?}");
        }
        let _ = writeln!(
            w,
            "  effective connection: {:?}",
            s.effective_connection(m).map(|c| c.host())
        );
        let _ = writeln!(w, "  effective direction: {:?}", s.effective_direction(m));
        let _ = writeln!(
            w,
            "  effective ice: ufrag {:?} pwd {:?} options {:?}",
            s.effective_ice_ufrag(m),
            s.effective_ice_pwd(m),
            s.effective_attribute(m, "ice-options")
                .and_then(|a| a.value.as_deref())
        );
        let _ = writeln!(w, "  effective setup: {:?}", s.effective_setup(m));
        let _ = writeln!(
            w,
            "  rtcp-mux {} end-of-candidates {} mid {:?}",
            m.rtcp_mux(),
            m.end_of_candidates(),
            m.mid()
        );
    }
    o
}

/// Parses `lines` joined with CRLF, checks the canonical output equals
/// the input, and returns (canonical text with plain line breaks, dump).
fn run(lines: &[&str]) -> (String, String) {
    let mut input = lines.join("\r\n");
    input.push_str("\r\n");
    let sdp = Sdp::parse_default(input.as_bytes()).expect("example parses");
    let out = sdp.to_string();
    assert_eq!(out, input, "canonical output differs from the example");
    assert!(
        !out.replace("\r\n", "").contains(['\r', '\n']),
        "bare CR or LF"
    );
    assert_eq!(Sdp::parse_default(out.as_bytes()).as_ref(), Ok(&sdp));
    (out.replace("\r\n", "\n"), dump(&sdp))
}

/// RFC 3264 §10.1: Alice's audio/video offer and Bob's answer. The
/// example's empty `s=` parses but fails `validate` (RFC 8866 §5.3).
#[test]
fn rfc3264_10_1_offer_answer() {
    let (offer, offer_dump) = run(&[
        "v=0",
        "o=alice 2890844526 2890844526 IN IP4 host.atlanta.example.com",
        "s=",
        "c=IN IP4 host.atlanta.example.com",
        "t=0 0",
        "m=audio 49170 RTP/AVP 0 8 97",
        "a=rtpmap:0 PCMU/8000",
        "a=rtpmap:8 PCMA/8000",
        "a=rtpmap:97 iLBC/8000",
        "m=video 51372 RTP/AVP 31 32",
        "a=rtpmap:31 H261/90000",
        "a=rtpmap:32 MPV/90000",
    ]);
    insta::assert_snapshot!("rfc3264_10_1_offer", offer);
    insta::assert_snapshot!("rfc3264_10_1_offer_typed", offer_dump);
    let (answer, answer_dump) = run(&[
        "v=0",
        "o=bob 2808844564 2808844564 IN IP4 host.biloxi.example.com",
        "s=",
        "c=IN IP4 host.biloxi.example.com",
        "t=0 0",
        "m=audio 49174 RTP/AVP 0",
        "a=rtpmap:0 PCMU/8000",
        "m=video 49170 RTP/AVP 32",
        "a=rtpmap:32 MPV/90000",
    ]);
    insta::assert_snapshot!("rfc3264_10_1_answer", answer);
    insta::assert_snapshot!("rfc3264_10_1_answer_typed", answer_dump);
}

/// RFC 4975 §4 (and §8): Alice's MSRP offer, `m=message 7654 TCP/MSRP *`
/// with `a=accept-types` and `a=path`.
#[test]
fn rfc4975_4_msrp_offer() {
    let (text, typed) = run(&[
        "v=0",
        "o=alice 2890844557 2890844559 IN IP4 alicepc.example.com",
        "s= -",
        "c=IN IP4 alicepc.example.com",
        "t=0 0",
        "m=message 7654 TCP/MSRP *",
        "a=accept-types:text/plain",
        "a=path:msrp://alicepc.example.com:7654/jshA7weztas;tcp",
    ]);
    insta::assert_snapshot!("rfc4975_4_msrp_offer", text);
    insta::assert_snapshot!("rfc4975_4_msrp_offer_typed", typed);
}

/// RFC 4975 §8.6 and RFC 6135 §4.2: an MSRP-over-TLS chat offer through a
/// relay path, with CPIM wrapping, max-size and COMEDIA setup.
#[test]
fn rfc4975_8_msrp_tls_relay_offer() {
    let (text, typed) = run(&[
        "v=0",
        "o=- 4028350915 1 IN IP4 192.0.2.10",
        "s=-",
        "c=IN IP4 192.0.2.10",
        "t=0 0",
        "m=message 2855 TCP/TLS/MSRP *",
        "a=accept-types:message/cpim text/plain",
        "a=accept-wrapped-types:text/plain application/im-iscomposing+xml *",
        "a=max-size:65536",
        "a=path:msrps://relay.example.net:2855/r4Lk2;tcp msrps://192.0.2.10:2855/iau39soe2843z;tcp",
        "a=setup:actpass",
        "a=sendrecv",
    ]);
    insta::assert_snapshot!("rfc4975_8_msrp_tls_relay_offer", text);
    insta::assert_snapshot!("rfc4975_8_msrp_tls_relay_offer_typed", typed);
}

/// A WebRTC-style offer (RFC 8829 §5.2.1 JSEP offer shape): BUNDLE
/// (RFC 8843), ICE candidates and end-of-candidates (RFC 8839, RFC 8840),
/// DTLS fingerprint and setup (RFC 8122, RFC 5763), rtcp-mux (RFC 5761),
/// rtcp-fb (RFC 4585), extmap (RFC 8285), ssrc and ssrc-group (RFC 5576),
/// plus an SDES crypto line (RFC 4568 §9.1) in a third section.
#[test]
fn webrtc_style_offer() {
    let fp = "sha-256 A5:4D:CA:18:25:30:BB:1D:6D:13:2C:DE:D6:23:7B:2E:D9:1E:3F:72:1F:CB:19:71:17:44:94:D6:49:3C:9D:5C";
    let fingerprint = format!("a=fingerprint:{fp}");
    let (text, typed) = run(&[
        "v=0",
        "o=- 4611731400430051336 2 IN IP4 127.0.0.1",
        "s=-",
        "t=0 0",
        "a=group:BUNDLE 0 1",
        "a=extmap-allow-mixed",
        "a=msid-semantic: WMS stream1",
        "a=ice-options:trickle ice2",
        "m=audio 9 UDP/TLS/RTP/SAVPF 111 0 101",
        "c=IN IP4 0.0.0.0",
        "a=rtcp:9 IN IP4 0.0.0.0",
        "a=candidate:1 1 UDP 2130706431 192.0.2.4 50000 typ host generation 0 network-id 1",
        "a=candidate:2 1 UDP 1694498815 203.0.113.7 50000 typ srflx raddr 192.0.2.4 rport 50000 generation 0",
        "a=candidate:3 1 TCP 1518280447 192.0.2.4 9 typ host tcptype active",
        "a=end-of-candidates",
        "a=ice-ufrag:8hhy",
        "a=ice-pwd:asd88fgpdd777uzjYhagZg",
        &fingerprint,
        "a=setup:actpass",
        "a=mid:0",
        "a=extmap:1 urn:ietf:params:rtp-hdrext:ssrc-audio-level",
        "a=extmap:2/sendonly http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time",
        "a=sendrecv",
        "a=msid:stream1 track-a",
        "a=rtcp-mux",
        "a=rtpmap:111 opus/48000/2",
        "a=rtcp-fb:111 transport-cc",
        "a=fmtp:111 minptime=10;useinbandfec=1",
        "a=rtpmap:0 PCMU/8000",
        "a=rtpmap:101 telephone-event/8000",
        "a=fmtp:101 0-15",
        "a=ptime:20",
        "a=maxptime:120",
        "a=ssrc:1001 cname:Yl4yWq0bMbV5KNiT",
        "a=ssrc:1001 msid:stream1 track-a",
        "m=video 9 UDP/TLS/RTP/SAVPF 96 97",
        "c=IN IP4 0.0.0.0",
        "b=AS:2000",
        "a=rtcp:9 IN IP4 0.0.0.0",
        "a=ice-ufrag:8hhy",
        "a=ice-pwd:asd88fgpdd777uzjYhagZg",
        &fingerprint,
        "a=setup:actpass",
        "a=mid:1",
        "a=recvonly",
        "a=rtcp-mux",
        "a=rtcp-rsize",
        "a=rtpmap:96 VP8/90000",
        "a=rtcp-fb:96 goog-remb",
        "a=rtcp-fb:96 ccm fir",
        "a=rtcp-fb:96 nack",
        "a=rtcp-fb:96 nack pli",
        "a=rtcp-fb:* trr-int 100",
        "a=rtpmap:97 rtx/90000",
        "a=fmtp:97 apt=96",
        "a=ssrc-group:FID 2001 2002",
        "a=ssrc:2001 cname:Yl4yWq0bMbV5KNiT",
        "a=ssrc:2002 cname:Yl4yWq0bMbV5KNiT",
        "m=audio 49170 RTP/SAVP 0",
        "c=IN IP4 192.0.2.4",
        "a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR|2^20|1:32 KDR=1",
        "a=inactive",
    ]);
    insta::assert_snapshot!("webrtc_style_offer", text);
    insta::assert_snapshot!("webrtc_style_offer_typed", typed);
}
