//! The example CLI, driven as a user drives it: its commands, output and
//! exit codes (0 done, 1 bad input, 2 usage error) are stable.
//!
//! `cargo test` builds the examples; the binary sits next to the test
//! executables' directory.

use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Stdio};

fn cli() -> PathBuf {
    let mut p = std::env::current_exe().unwrap();
    p.pop(); // the test executable
    if p.ends_with("deps") {
        p.pop();
    }
    p.join("examples")
        .join(format!("sip-xmpp{}", std::env::consts::EXE_SUFFIX))
}

/// Runs the CLI with `args` and `stdin`; returns (exit code, stdout, stderr).
fn run(args: &[&str], stdin: &[u8]) -> (i32, String, String) {
    let mut child = Command::new(cli())
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("{}: {e} (build the examples first)", cli().display()));
    child.stdin.take().unwrap().write_all(stdin).unwrap();
    let out = child.wait_with_output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

const MESSAGE: &[u8] = include_bytes!("../examples/messages/rfc3428-message.sip");

#[test]
fn parse_sip_prints_canonical_form_and_summary() {
    let (code, out, err) = run(&["parse", "sip"], MESSAGE);
    assert_eq!(code, 0, "{err}");
    assert!(out.starts_with("MESSAGE sip:user2@domain.com SIP/2.0\r\n"));
    assert!(out.contains("\r\n\r\nWatson, come here.\n--- summary\n"));
    assert!(out.contains("cseq: 1 MESSAGE\n"));
    assert!(out.contains("body: 18 bytes\n"));
}

#[test]
fn parse_sip_rejects_with_exit_1() {
    let (code, out, err) = run(&["parse", "sip"], b"INVITE sip:a@b SIP/7.0\r\nl: 0\r\n\r\n");
    assert_eq!(code, 1);
    assert!(out.is_empty());
    assert!(
        err.contains("unsupported SIP version") && err.contains("505"),
        "{err}"
    );
    // A message the RFC 3261 §8.2 checks refuse (no From, To, Call-ID).
    let (code, _, err) = run(&["parse", "sip"], b"OPTIONS sip:a@b SIP/2.0\r\nVia: SIP/2.0/UDP h;branch=z9hG4bK1\r\nCSeq: 1 OPTIONS\r\nl: 0\r\n\r\n");
    assert_eq!(code, 1);
    assert!(err.contains("missing"), "{err}");
    // Binary garbage never crashes the CLI.
    let (code, _, _) = run(&["parse", "sip"], &[0xff, 0x00, 0x0d, 0x0a, 0x80]);
    assert_eq!(code, 1);
}

#[test]
fn parse_sip_datagram_framing() {
    // Without Content-Length: a stream needs it, a datagram does not.
    let msg = b"MESSAGE sip:a@b SIP/2.0\r\nVia: SIP/2.0/UDP h;branch=z9hG4bK1\r\nFrom: <sip:c@d>;tag=1\r\nTo: <sip:a@b>\r\nCall-ID: x\r\nCSeq: 1 MESSAGE\r\n\r\nhi";
    assert_eq!(run(&["parse", "sip"], msg).0, 1);
    let (code, out, err) = run(&["parse", "sip", "--datagram"], msg);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("Content-Length: 2\r\n\r\nhi"));
}

#[test]
fn parse_sdp() {
    let sdp = b"v=0\r\no=alice 2890844526 2890844527 IN IP4 alice.example.com\r\ns= \r\nc=IN IP4 alice.example.com\r\nt=0 0\r\nm=message 7654 TCP/MSRP *\r\na=accept-types:text/plain\r\na=path:msrp://alice.example.com:7654/jshA7weztas;tcp\r\n";
    let (code, out, err) = run(&["parse", "sdp"], sdp);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("media: message 7654 TCP/MSRP *\n"));
    assert_eq!(run(&["parse", "sdp"], b"not sdp").0, 1);
}

/// RFC 7247 §7.2 through the CLI: code → condition and type.
#[test]
fn error_from_sip_code() {
    for (arg, want) in [
        ("404", "item-not-found cancel\n"),
        ("486", "recipient-unavailable wait\n"),
        ("503", "internal-server-error cancel\n"),
        ("499", "bad-request modify\n"),
    ] {
        let (code, out, err) = run(&["error", arg], b"");
        assert_eq!(code, 0, "{arg}: {err}");
        assert_eq!(out, want, "{arg}");
    }
    let (code, out, _) = run(&["error", "301"], b"");
    assert_eq!(code, 0);
    assert!(out.starts_with("gone cancel\n"));
    for bad in ["200", "180", "700", "99", "abc"] {
        assert_eq!(run(&["error", bad], b"").0, 1, "{bad}");
    }
}

/// RFC 7247 §7.1 through the CLI: condition → code and reason phrase.
#[test]
fn error_from_condition() {
    for (args, want) in [
        (&["error", "item-not-found"][..], "404 Not Found\n"),
        (
            &["error", "item-not-found", "--bare"][..],
            "604 Does Not Exist Anywhere\n",
        ),
        (
            &["error", "feature-not-implemented"][..],
            "405 Method Not Allowed\n",
        ),
        (
            &["error", "feature-not-implemented", "--bare"][..],
            "501 Not Implemented\n",
        ),
        (
            &["error", "gone", "--address"][..],
            "301 Moved Permanently\n",
        ),
        (&["error", "gone"][..], "410 Gone\n"),
        (&["error", "service-unavailable"][..], "403 Forbidden\n"),
        (
            &["error", "remote-server-timeout"][..],
            "408 Request Timeout\n",
        ),
    ] {
        let (code, out, err) = run(args, b"");
        assert_eq!(code, 0, "{args:?}: {err}");
        assert_eq!(out, want, "{args:?}");
    }
}

#[test]
fn usage_errors_exit_2() {
    assert_eq!(run(&[], b"").0, 2);
    assert_eq!(run(&["frobnicate"], b"").0, 2);
    assert_eq!(run(&["parse", "sip", "--bogus"], b"").0, 2);
    assert_eq!(run(&["error"], b"").0, 2);
    assert_eq!(run(&["error", "404", "--bare"], b"").0, 2);
    let (code, out, _) = run(&["--help"], b"");
    assert_eq!(code, 0);
    assert!(out.contains("usage:"));
}

const PRESENCE_SUBSCRIBE: &[u8] = include_bytes!("../examples/messages/rfc8048-example1.xml");
const SIP_SUBSCRIBE: &[u8] = include_bytes!("../examples/messages/rfc8048-example11.sip");

/// The `--- to SIP` / `--- to XMPP` blocks of `translate`'s output, in
/// order: (side, wire form).
fn blocks(out: &str) -> Vec<(&str, &str)> {
    out.split("--- to ")
        .skip(1)
        .map(|b| {
            let (side, body) = b.split_once('\n').unwrap();
            (side, body)
        })
        .collect()
}

fn sip(wire: &str) -> sip_xmpp::sip::SipMessage {
    sip_xmpp::sip::SipMessage::parse(wire.as_bytes(), sip_xmpp::sip::Framing::Stream)
        .unwrap_or_else(|e| panic!("{e}: {wire}"))
}

/// RFC 8048 Example 1 (TV-PRES-1): an XMPP subscribe goes to the
/// presence gateway, which sends the SUBSCRIBE of TV-PRES-2.
#[test]
fn translate_presence_subscribe_gives_a_subscribe() {
    let (code, out, err) = run(&["translate"], PRESENCE_SUBSCRIBE);
    assert_eq!(code, 0, "{err}");
    let b = blocks(&out);
    assert_eq!(b.len(), 1, "{out}");
    assert_eq!(b[0].0, "SIP");
    let s = sip(b[0].1);
    assert!(
        b[0].1
            .starts_with("SUBSCRIBE sip:romeo@example.net SIP/2.0\r\n")
    );
    let via = s.top_via().unwrap();
    assert_eq!(via.host.as_ref(), "x2s.example.com");
    assert!(via.has_rfc3261_branch());
    assert_eq!(s.max_forwards().unwrap(), Some(70));
    assert_eq!(
        s.from_header().unwrap().uri.as_str(),
        "sip:juliet@example.com"
    );
    assert!(s.from_header().unwrap().tag().is_some());
    assert_eq!(s.to_header().unwrap().uri.as_str(), "sip:romeo@example.net");
    assert_eq!(s.to_header().unwrap().tag(), None);
    assert_eq!(s.header("Event"), Some("presence"));
    assert_eq!(s.header("Accept"), Some("application/pidf+xml"));
    assert_eq!(s.expires().unwrap(), Some(3600));
    assert_eq!(s.cseq().unwrap().to_string(), "1 SUBSCRIBE");
}

/// RFC 8048 Example 11 with the digest's corrections (TV-PRES-21): 200
/// with the gateway's Contact and Expires (TV-PRES-22), the `pending`
/// NOTIFY in the new dialog (TV-PRES-23), then the XMPP subscribe
/// (TV-PRES-24).
#[test]
fn translate_sip_subscribe_gives_200_pending_notify_and_subscribe() {
    let (code, out, err) = run(&["translate"], SIP_SUBSCRIBE);
    assert_eq!(code, 0, "{err}");
    let b = blocks(&out);
    assert_eq!(
        b.iter().map(|x| x.0).collect::<Vec<_>>(),
        ["SIP", "SIP", "XMPP"],
        "{out}"
    );
    let ok = sip(b[0].1);
    assert_eq!(ok.status().map(|c| c.as_u16()), Some(200));
    assert_eq!(ok.expires().unwrap(), Some(3600));
    assert_eq!(
        ok.header("Contact"),
        Some("<sip:juliet@s2x.example.net;transport=tcp>")
    );
    let tag = ok.to_header().unwrap().tag().unwrap().to_owned();
    let n = sip(b[1].1);
    assert!(
        b[1].1
            .starts_with("NOTIFY sip:romeo@example.net;gr=dr4hcr0st3lup4c SIP/2.0\r\n")
    );
    assert_eq!(n.top_via().unwrap().host.as_ref(), "s2x.example.net");
    assert_eq!(n.from_header().unwrap().tag(), Some(tag.as_str()));
    assert_eq!(n.to_header().unwrap().tag(), Some("xfg9"));
    assert_eq!(n.call_id().unwrap(), "AA5A8BE5-CBB7-42B9-8181-6230012B1E11");
    assert_eq!(n.cseq().unwrap().to_string(), "1 NOTIFY");
    assert_eq!(n.header("Event"), Some("presence"));
    assert_eq!(n.header("Subscription-State"), Some("pending;expires=3600"));
    assert!(n.body().is_empty());
    assert_eq!(
        b[2].1.trim_end(),
        "<presence xmlns='jabber:client' from='romeo@example.net' to='juliet@example.com' type='subscribe'/>"
    );
}

/// A NOTIFY matching no dialog (TV-PRES-5 sent to a fresh gateway):
/// 481 (PRES-D-5) on stdout, the reason on stderr, exit 1. A SUBSCRIBE
/// for another event package: 489 with Allow-Events, exit 1.
#[test]
fn translate_presence_refusals_print_the_answer_and_exit_1() {
    let notify = b"NOTIFY sip:juliet@example.com;gr=yn0cl4bnw0yr3vym SIP/2.0\r\n\
Via: SIP/2.0/TCP simple.example.net;branch=z9hG4bKactv0002\r\nMax-Forwards: 70\r\n\
From: <sip:romeo@example.net>;tag=ffd2\r\nTo: <sip:juliet@example.com>;tag=j89d\r\n\
Call-ID: 5BCF940D-793D-43F8-8972-218F7F4EAA8C\r\nCSeq: 2 NOTIFY\r\nEvent: presence\r\n\
Subscription-State: active;expires=499\r\nContent-Length: 0\r\n\r\n";
    let (code, out, err) = run(&["translate"], notify);
    assert_eq!(code, 1);
    let b = blocks(&out);
    assert_eq!(b.len(), 1, "{out}");
    let r = sip(b[0].1);
    assert_eq!(r.status().map(|c| c.as_u16()), Some(481));
    assert_eq!(r.cseq().unwrap().to_string(), "2 NOTIFY");
    assert!(
        err.contains("not translated: no such subscription"),
        "{err}"
    );

    let dialog = String::from_utf8_lossy(SIP_SUBSCRIBE).replace("Event: presence", "Event: dialog");
    let (code, out, err) = run(&["translate"], dialog.as_bytes());
    assert_eq!(code, 1);
    let r = sip(blocks(&out)[0].1);
    assert_eq!(r.status().map(|c| c.as_u16()), Some(489));
    assert_eq!(r.header("Allow-Events"), Some("presence"));
    assert!(err.contains("Event is not presence"), "{err}");

    // A response to a SUBSCRIBE a fresh gateway never sent: nothing to
    // answer, exit 1.
    let resp = b"SIP/2.0 200 OK\r\nVia: SIP/2.0/TCP x2s.example.com;branch=z9hG4bKna998sk\r\n\
From: <sip:juliet@example.com>;tag=j89d\r\nTo: <sip:romeo@example.net>;tag=ffd2\r\n\
Call-ID: 5BCF940D-793D-43F8-8972-218F7F4EAA8C\r\nCSeq: 1 SUBSCRIBE\r\nContent-Length: 0\r\n\r\n";
    let (code, out, err) = run(&["translate"], resp);
    assert_eq!(code, 1);
    assert!(out.is_empty(), "{out}");
    assert!(err.contains("no pending transaction"), "{err}");

    // A contact outside the served SIP domain: the presence error the
    // user gets, exit 1.
    let (code, out, _) = run(
        &["translate", "--sip-domain", "example.org"],
        PRESENCE_SUBSCRIBE,
    );
    assert_eq!(code, 1);
    let b = blocks(&out);
    assert_eq!(b.len(), 1, "{out}");
    assert_eq!(b[0].0, "XMPP");
    assert!(b[0].1.contains("type='error'"), "{out}");
}

/// Presence with no dialog to carry it is dropped (PRES-SEC-4): nothing
/// to send, exit 0. A probe is a poll: a SUBSCRIBE with Expires 0
/// (PRES-POLL-1), here over UDP with another seed.
#[test]
fn translate_presence_notification_and_probe() {
    let p = b"<presence xmlns='jabber:client' from='juliet@example.com/balcony' to='romeo@example.net'><show>away</show></presence>";
    let (code, out, err) = run(&["translate"], p);
    assert_eq!((code, out.as_str()), (0, "--- nothing to send\n"), "{err}");

    let probe = b"<presence xmlns='jabber:client' from='juliet@example.com' to='romeo@example.net' type='probe'/>";
    let (code, out, err) = run(&["translate", "--transport", "udp", "--seed", "7"], probe);
    assert_eq!(code, 0, "{err}");
    let s = sip(blocks(&out)[0].1);
    assert_eq!(s.expires().unwrap(), Some(0));
    assert_eq!(s.top_via().unwrap().transport.as_ref(), "UDP");
    let (_, again, _) = run(&["translate", "--transport", "udp", "--seed", "7"], probe);
    assert_eq!(out, again, "same seed, same output");
    let (_, other, _) = run(&["translate", "--transport", "udp", "--seed", "8"], probe);
    assert_ne!(out, other, "another seed, other tags");
}

/// MESSAGE keeps going to the IM gateway (RFC 7572 Example 4).
#[test]
fn translate_message_still_goes_to_the_im_gateway() {
    let msg = include_bytes!("../examples/messages/rfc7572-example4.sip");
    let (code, out, err) = run(&["translate"], msg);
    assert_eq!(code, 0, "{err}");
    let b = blocks(&out);
    assert_eq!(b.iter().map(|x| x.0).collect::<Vec<_>>(), ["XMPP", "SIP"]);
    assert!(b[0].1.starts_with("<message "), "{out}");
    assert_eq!(sip(b[1].1).cseq().unwrap().to_string(), "1 MESSAGE");
}
