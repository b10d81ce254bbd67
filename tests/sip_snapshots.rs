//! Snapshots of typical messages: the canonical serialisation (CRLF shown
//! as `\r\n`) followed by the typed header values read from it.
//!
//! Inputs, under `tests/fixtures/`:
//! * `rfc3261/24.2-f1-invite.sip`, `rfc3261/24.2-f11-200-ok.sip`: RFC 3261
//!   §24.2 F1 and F11 (SDP bodies supplied; see `EXAMPLES.md`);
//! * `rfc3428/10-f1-message.sip`: RFC 3428 §10 F1;
//! * `rfc3856/8-f1-subscribe.sip`, `rfc3856/8-f3-notify.sip`: RFC 3856 §8
//!   F1 and F3 (with an RFC 3863 PIDF body).

use std::fmt::Write as _;

use sip_xmpp::Params;
use sip_xmpp::sip::{Contact, Framing, NameAddr, SipMessage, StartLine, Via};

#[derive(Debug)]
#[allow(dead_code)] // Read through Debug.
struct Addr {
    display_name: Option<String>,
    uri: String,
    params: Vec<(String, Option<String>)>,
}

#[derive(Debug)]
#[allow(dead_code)]
struct ViaValue {
    protocol: String,
    transport: String,
    host: String,
    port: Option<u16>,
    params: Vec<(String, Option<String>)>,
}

#[derive(Debug)]
#[allow(dead_code)]
struct Typed {
    start: String,
    from: Addr,
    to: Addr,
    call_id: String,
    cseq: (u32, String),
    via: Vec<ViaValue>,
    max_forwards: Option<u8>,
    contact: Vec<Addr>,
    event: Option<String>,
    subscription_state: Option<String>,
    expires: Option<u32>,
    content_type: Option<String>,
    content_length: Option<usize>,
    body_len: usize,
}

fn params(p: &Params<'_>) -> Vec<(String, Option<String>)> {
    p.iter()
        .map(|p| {
            (
                p.name.to_string(),
                p.value.as_ref().map(|v| v.as_str().to_owned()),
            )
        })
        .collect()
}

fn addr(a: &NameAddr<'_>) -> Addr {
    Addr {
        display_name: a.display_name.as_deref().map(str::to_owned),
        uri: a.uri.to_string(),
        params: params(&a.params),
    }
}

fn via(v: &Via<'_>) -> ViaValue {
    ViaValue {
        protocol: format!("{}/{}", v.protocol, v.version),
        transport: v.transport.to_string(),
        host: v.host.to_string(),
        port: v.port,
        params: params(&v.params),
    }
}

fn typed(m: &SipMessage) -> Typed {
    let cseq = m.cseq().unwrap();
    Typed {
        start: match m.start_line() {
            StartLine::Request { method, uri } => format!("request {method} {uri}"),
            StartLine::Response { code, reason } => format!("response {code} {reason:?}"),
        },
        from: addr(&m.from_header().unwrap()),
        to: addr(&m.to_header().unwrap()),
        call_id: m.call_id().unwrap().to_owned(),
        cseq: (cseq.seq, cseq.method.to_string()),
        via: m.vias().map(|v| via(&v.unwrap())).collect(),
        max_forwards: m.max_forwards().unwrap(),
        contact: m
            .contacts()
            .map(|c| match c.unwrap() {
                Contact::Address(a) => addr(&a),
                Contact::Star => panic!("Contact: *"),
            })
            .collect(),
        event: m.event().unwrap().map(|e| e.to_string()),
        subscription_state: m.subscription_state().unwrap().map(|s| s.to_string()),
        expires: m.expires().unwrap(),
        content_type: m.content_type().unwrap().map(|c| c.to_string()),
        content_length: m.content_length().unwrap(),
        body_len: m.body().len(),
    }
}

/// The canonical text with line ends made visible, then the typed values.
fn render(m: &SipMessage) -> String {
    let out = m.to_bytes();
    let mut s = String::from_utf8_lossy(&out).replace("\r\n", "\\r\\n\n");
    if !s.ends_with('\n') {
        s.push_str("<end of body, no final line end>\n");
    }
    let _ = write!(s, "---\n{:#?}", typed(m));
    s
}

/// RFC 3261 §7, §8.2: each example message parses, passes the server
/// checks, writes canonically and parses back equal.
#[test]
fn canonical() {
    insta::glob!("fixtures/{rfc3261,rfc3428,rfc3856}/*.sip", |path| {
        let bytes = std::fs::read(path).unwrap();
        let m = SipMessage::parse(&bytes, Framing::Stream)
            .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        m.validate()
            .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let out = m.to_bytes();
        assert_eq!(SipMessage::parse(&out, Framing::Stream).unwrap(), m);
        assert_eq!(SipMessage::parse(&bytes, Framing::Datagram).unwrap(), m);
        insta::assert_snapshot!(render(&m));
    });
}
