//! Replays every input under `tests/regressions/<target>/` through the
//! check its fuzz target runs (`sip_xmpp::fuzzing`), on stable Rust. Inputs
//! that once crashed a target are kept here under a name saying what they
//! broke; the seed corpora of the fuzz targets are replayed too.

use std::path::Path;

fn replay(target: &str, check: fn(&[u8])) -> usize {
    let mut n = 0;
    for dir in [
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/regressions")
            .join(target),
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("fuzz/corpus")
            .join(target),
    ] {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        let mut paths: Vec<_> = entries
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.is_file())
            .collect();
        paths.sort();
        for p in paths {
            let data = std::fs::read(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
            let name = p.display().to_string();
            if let Err(e) = std::panic::catch_unwind(|| check(&data)) {
                panic!(
                    "{name}: {:?}",
                    e.downcast_ref::<String>()
                        .map(String::as_str)
                        .or(e.downcast_ref::<&str>().copied())
                );
            }
            n += 1;
        }
    }
    n
}

#[test]
fn sip_message_inputs() {
    assert!(replay("sip_message", sip_xmpp::fuzzing::sip_message) > 0);
}

#[test]
fn uri_inputs() {
    assert!(replay("uri", sip_xmpp::fuzzing::uri) > 0);
}

#[test]
fn multipart_inputs() {
    assert!(replay("multipart", sip_xmpp::fuzzing::multipart) > 0);
}

#[test]
fn sdp_inputs() {
    assert!(replay("sdp", sip_xmpp::fuzzing::sdp) > 0);
}

#[test]
fn stanza_inputs() {
    assert!(replay("stanza", sip_xmpp::fuzzing::stanza) > 0);
}

/// Found by the `sip_message` fuzz target: a datagram with two equal
/// Content-Length rows fails validation (single-valued header repeated),
/// but writing it used to drop the second row, so the written message
/// validated. Writing now keeps every row.
#[test]
fn duplicate_content_length_survives_writing() {
    use sip_xmpp::sip::{Framing, SipMessage};
    let data = std::fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/regressions/sip_message/duplicate-content-length-hidden-by-writing.sip"),
    )
    .unwrap();
    let m = SipMessage::parse(&data, Framing::Datagram).unwrap();
    assert!(m.validate().is_err());
    let again = SipMessage::parse(&m.to_bytes(), Framing::Stream).unwrap();
    assert!(again.validate().is_err());
    assert_eq!(
        again.rows(sip_xmpp::sip::HeaderName::ContentLength).count(),
        2
    );
}

#[test]
fn cpim_inputs() {
    assert!(replay("cpim", sip_xmpp::fuzzing::cpim) > 0);
}

/// Found by the `cpim` fuzz target: a HTAB inside an encapsulated MIME
/// header value was accepted by the parser but escaped by the writer, so
/// writing changed the object. HTAB is now written as it is.
#[test]
fn cpim_tab_in_content_header_survives_writing() {
    let data = std::fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/regressions/cpim/tab-in-content-header-escaped-by-writing"),
    )
    .unwrap();
    let m = sip_xmpp::cpim::Cpim::parse_default(&data).unwrap();
    assert_eq!(
        m.content_header("Content-ID"),
        Some("<123456\t7890@foo.com>")
    );
    assert_eq!(
        sip_xmpp::cpim::Cpim::parse_default(&m.to_bytes()).unwrap(),
        m
    );
}

#[test]
fn html_inputs() {
    assert!(replay("html", sip_xmpp::fuzzing::html) > 0);
}
