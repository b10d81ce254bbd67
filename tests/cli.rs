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
