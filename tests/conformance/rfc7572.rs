//! RFC 7572: single ("pager-mode") instant messages between XMPP
//! `<message/>` and SIP `MESSAGE` (RFC 3428), both directions
//! (`rfc7572-im.md`: IM-*, IM-D-*, IM-X-*, IM-S-*, TV-IM-*, V-IM-*; and
//! the RFC 3428 rules MSG-1 to MSG-12 of `underlying.md` §3).
//!
//! The RFC's examples go through [`ImGateway`] as bytes; the stateless
//! mappings of [`sip_xmpp::im::map`] reproduce them to the byte when given
//! the RFC's generated values (tag, branch, Call-ID). Time is an argument:
//! the tests drive Timer F with explicit instants and never sleep.
//!
//! The XHTML-IM conversion (IM-15, IM-16, TV-IM-14, V-IM-7) is tested in
//! `rfc7572_xhtml.rs`.

use std::time::{Duration, Instant};

use sip_xmpp::address::{AddressError, AddressMapper, AddressPolicy, Domains, Role, UriScheme};
use sip_xmpp::im::map::{S2xHints, SipIds, message_to_sip, message_to_xmpp};
use sip_xmpp::im::{ImConfig, ImFault, ImGateway, Output, Rejection};
use sip_xmpp::sip::{Framing, SipMessage, StatusCode};
use sip_xmpp::xmpp::{DefinedCondition, ErrorType, Message, Stanza, StanzaConfig};

// ------------------------------------------------------------- the vectors

/// TV-IM-1: RFC 7572 Example 1 (§4), the gateway's input, as printed.
const EXAMPLE_1: &str = "<message from='juliet@example.com/yn0cl4bnw0yr3vym'
         to='romeo@example.net'>
  <body>Art thou not Romeo, and a Montague?</body>
</message>";

/// TV-IM-2: RFC 7572 Example 2 (§4), the gateway's output: 351 octets.
const EXAMPLE_2: &str = "MESSAGE sip:romeo@example.net SIP/2.0\r\n\
Via: SIP/2.0/TCP x2s.example.com;branch=z9hG4bK776sgdkse\r\n\
Max-Forwards: 70\r\n\
To: sip:romeo@example.net\r\n\
From: <sip:juliet@example.com;gr=yn0cl4bnw0yr3vym>;tag=12345\r\n\
Call-ID: D9AA95FD-2BD5-46E2-AF0F-6CFAA96BDDFA\r\n\
CSeq: 1 MESSAGE\r\n\
Content-Type: text/plain\r\n\
Content-Length: 35\r\n\
\r\n\
Art thou not Romeo, and a Montague?";

/// The generated values of Example 2.
const EXAMPLE_2_IDS: SipIds<'static> = SipIds {
    call_id: "D9AA95FD-2BD5-46E2-AF0F-6CFAA96BDDFA",
    from_tag: "12345",
    branch: "z9hG4bK776sgdkse",
    cseq: 1,
};

/// TV-IM-3: RFC 7572 Example 3 (§4) in the digest's corrected form (From
/// copied from the request, RFC 3261 §8.2.6.2).
const EXAMPLE_3: &str = "SIP/2.0 200 OK\r\n\
Via: SIP/2.0/TCP x2s.example.com;branch=z9hG4bK776sgdkse\r\n\
From: <sip:juliet@example.com;gr=yn0cl4bnw0yr3vym>;tag=12345\r\n\
To: sip:romeo@example.net;tag=vwxyz\r\n\
Call-ID: D9AA95FD-2BD5-46E2-AF0F-6CFAA96BDDFA\r\n\
CSeq: 1 MESSAGE\r\n\
Content-Length: 0\r\n\
\r\n";

/// TV-IM-3: Example 3 as the RFC prints it (From without `gr`).
const EXAMPLE_3_AS_PRINTED: &str = "SIP/2.0 200 OK\r\n\
Via: SIP/2.0/TCP x2s.example.com;branch=z9hG4bK776sgdkse\r\n\
From: sip:juliet@example.com;tag=12345\r\n\
To: sip:romeo@example.net;tag=vwxyz\r\n\
Call-ID: D9AA95FD-2BD5-46E2-AF0F-6CFAA96BDDFA\r\n\
CSeq: 1 MESSAGE\r\n\
Content-Length: 0\r\n\
\r\n";

/// TV-IM-4: RFC 7572 Example 4 (§5), the gateway's input.
const EXAMPLE_4: &str = "MESSAGE sip:juliet@example.com SIP/2.0\r\n\
Via: SIP/2.0/TCP s2x.example.net;branch=z9hG4bKeskdgs677\r\n\
Max-Forwards: 70\r\n\
To: sip:juliet@example.com\r\n\
From: sip:romeo@example.net;tag=vwxyz\r\n\
Call-ID: 9E97FB43-85F4-4A00-8751-1124FD4C7B2E\r\n\
CSeq: 1 MESSAGE\r\n\
Content-Type: text/plain\r\n\
Content-Length: 44\r\n\
\r\n\
Neither, fair saint, if either thee dislike.";

/// TV-IM-5: RFC 7572 Example 5 (§5) as printed (romeo's GRUU known).
const EXAMPLE_5: &str = "<message from='romeo@example.net/dr4hcr0st3lup4c'
         to='juliet@example.com'>
  <body>Neither, fair saint, if either thee dislike.</body>
</message>";

/// TV-IM-5: Example 5 in the table-complete form (Table 2's `<thread/>`
/// and `id`, IM-S-2, IM-S-3).
const EXAMPLE_5_TABLE_COMPLETE: &str = "<message from='romeo@example.net/dr4hcr0st3lup4c'
         to='juliet@example.com'
         id='z9hG4bKeskdgs677'>
  <body>Neither, fair saint, if either thee dislike.</body>
  <thread>9E97FB43-85F4-4A00-8751-1124FD4C7B2E</thread>
</message>";

/// TV-IM-6: the gateway's answer to Example 4 (derived; the To tag is
/// generated).
const TV_IM_6: &str = "SIP/2.0 200 OK\r\n\
Via: SIP/2.0/TCP s2x.example.net;branch=z9hG4bKeskdgs677\r\n\
From: sip:romeo@example.net;tag=vwxyz\r\n\
To: sip:juliet@example.com;tag=<generated>\r\n\
Call-ID: 9E97FB43-85F4-4A00-8751-1124FD4C7B2E\r\n\
CSeq: 1 MESSAGE\r\n\
Content-Length: 0\r\n\
\r\n";

/// The Czech body of RFC 7572 Examples 6 and 7 (§8), with the real
/// characters: the RFC's `&#xC3A9;` notation writes UTF-8 byte pairs, not
/// code points (é = U+00E9, á = U+00E1, ě = U+011B, í = U+00ED,
/// š = U+0161).
const CZECH: &str = "Nic z ob\u{e9}ho, m\u{e1} d\u{11b}vo spanil\u{e1},\r\n\
nenavid\u{ed}\u{161}-li jedno nebo druh\u{e9}.";

/// TV-IM-7: RFC 7572 Example 6 (§8) with the correct Content-Length
/// (the RFC prints 45 for a 68-octet body).
fn example_6() -> String {
    format!(
        "MESSAGE sip:juliet@example.com SIP/2.0\r\n\
Via: SIP/2.0/TCP s2x.example.net;branch=z9hG4bKeskdgs677\r\n\
Max-Forwards: 70\r\n\
To: sip:juliet@example.com\r\n\
From: sip:romeo@example.net;tag=vwxyz\r\n\
Call-ID: 5A37A65D-304B-470A-B718-3F3E6770ACAF\r\n\
CSeq: 1 MESSAGE\r\n\
Content-Type: text/plain\r\n\
Content-Length: 68\r\n\
Content-Language: cs\r\n\
\r\n\
{CZECH}"
    )
}

/// TV-IM-8: RFC 7572 Example 7 (§8) as printed; the body is Example 6's
/// with CRLF → LF.
const EXAMPLE_7: &str = "<message from='romeo@example.net'
         to='juliet@example.com'
         xml:lang='cs'>
  <body>Nic z ob\u{e9}ho, m\u{e1} d\u{11b}vo spanil\u{e1},
nenavid\u{ed}\u{161}-li jedno nebo druh\u{e9}.</body>
</message>";

// ------------------------------------------------------------------ tools

const SEED: [u8; 32] = [7; 32];

/// Timer F with RFC 3261's default T1 of 500 ms: 64 × T1.
const TIMER_F: Duration = Duration::from_secs(32);

fn x2s_config() -> ImConfig {
    ImConfig::new("x2s.example.com", "TCP")
}

fn s2x_config() -> ImConfig {
    ImConfig::new("s2x.example.com", "TCP")
}

fn gateway(cfg: ImConfig) -> (ImGateway, Instant) {
    let t0 = Instant::now();
    (ImGateway::new(cfg, SEED, t0), t0)
}

fn stanza(xml: &str) -> Stanza {
    Stanza::parse(xml.as_bytes(), &StanzaConfig::default()).unwrap_or_else(|e| panic!("{xml}: {e}"))
}

fn message(xml: &str) -> Message {
    Message::try_from(stanza(xml)).unwrap_or_else(|s| panic!("not a message: {s:?}"))
}

fn sip(text: &str) -> SipMessage {
    SipMessage::parse(text.as_bytes(), Framing::Stream).unwrap_or_else(|e| panic!("{text}: {e}"))
}

/// A MESSAGE from romeo (SIP) to juliet (XMPP) in the shape of Example 4,
/// with extra header rows and a text body.
fn s2x_request(ruri: &str, to: &str, extra: &str, body: &str) -> SipMessage {
    s2x_request_bytes(ruri, to, extra, body.as_bytes())
}

fn s2x_request_bytes(ruri: &str, to: &str, extra: &str, body: &[u8]) -> SipMessage {
    let mut bytes = format!(
        "MESSAGE {ruri} SIP/2.0\r\n\
         Via: SIP/2.0/TCP s2x.example.net;branch=z9hG4bKeskdgs677\r\n\
         Max-Forwards: 70\r\n\
         To: {to}\r\n\
         From: sip:romeo@example.net;tag=vwxyz\r\n\
         Call-ID: 9E97FB43-85F4-4A00-8751-1124FD4C7B2E\r\n\
         CSeq: 1 MESSAGE\r\n\
         {extra}Content-Length: {}\r\n\r\n",
        body.len()
    )
    .into_bytes();
    bytes.extend_from_slice(body);
    SipMessage::parse(&bytes, Framing::Stream).unwrap_or_else(|e| panic!("{e}"))
}

/// A `text/plain` MESSAGE to juliet with extra header rows.
fn plain_to_juliet(extra: &str, body: &str) -> SipMessage {
    s2x_request(
        "sip:juliet@example.com",
        "sip:juliet@example.com",
        &format!("Content-Type: text/plain\r\n{extra}"),
        body,
    )
}

fn drain(gw: &mut ImGateway) -> Vec<Output> {
    std::iter::from_fn(|| gw.poll_output()).collect()
}

fn only_sip(out: Vec<Output>) -> SipMessage {
    match <[Output; 1]>::try_from(out) {
        Ok([Output::Sip(m)]) => m,
        Ok(other) => panic!("expected one SIP message, got {other:?}"),
        Err(out) => panic!("expected one SIP message, got {out:?}"),
    }
}

fn only_xmpp(out: Vec<Output>) -> Stanza {
    match <[Output; 1]>::try_from(out) {
        Ok([Output::Xmpp(s)]) => s,
        Ok(other) => panic!("expected one stanza, got {other:?}"),
        Err(out) => panic!("expected one stanza, got {out:?}"),
    }
}

/// The S2X result: the stanza, then the SIP answer (IM-10).
fn stanza_and_answer(out: Vec<Output>) -> (Stanza, SipMessage) {
    match <[Output; 2]>::try_from(out) {
        Ok([Output::Xmpp(s), Output::Sip(r)]) => (s, r),
        Ok(other) => panic!("expected a stanza and an answer, got {other:?}"),
        Err(out) => panic!("expected a stanza and an answer, got {out:?}"),
    }
}

/// One X2S message through a fresh gateway: the MESSAGE it sends.
fn x2s(cfg: ImConfig, xml: &str) -> SipMessage {
    let (mut gw, t0) = gateway(cfg);
    gw.handle_xmpp(t0, stanza(xml))
        .unwrap_or_else(|e| panic!("{xml}: {e}"));
    only_sip(drain(&mut gw))
}

/// One X2S message refused: the fault and the error stanza sent back.
fn x2s_refused(cfg: ImConfig, xml: &str) -> (ImFault, Stanza) {
    let (mut gw, t0) = gateway(cfg);
    let Err(Rejection { fault, replied }) = gw.handle_xmpp(t0, stanza(xml)) else {
        panic!("{xml}: translated");
    };
    assert!(replied, "{xml}: no error stanza");
    (fault, only_xmpp(drain(&mut gw)))
}

/// One S2X request through a fresh gateway.
fn s2x(cfg: ImConfig, req: SipMessage) -> (Result<(), Rejection>, Vec<Output>) {
    let (mut gw, t0) = gateway(cfg);
    let r = gw.handle_sip(t0, req);
    (r, drain(&mut gw))
}

/// One S2X request translated: the stanza and the 200.
fn s2x_ok(cfg: ImConfig, req: SipMessage) -> (Stanza, SipMessage) {
    let (r, out) = s2x(cfg, req);
    r.unwrap_or_else(|e| panic!("{e}"));
    stanza_and_answer(out)
}

/// One S2X request refused: the fault and the SIP answer, with no stanza.
fn s2x_refused(cfg: ImConfig, req: SipMessage) -> (ImFault, SipMessage) {
    let (r, out) = s2x(cfg, req);
    let Err(Rejection { fault, replied }) = r else {
        panic!("translated: {out:?}");
    };
    assert!(replied);
    (fault, only_sip(out))
}

/// The answer of a SIP UA to a MESSAGE the gateway sent, through the wire.
fn answer(req: &SipMessage, code: u16) -> SipMessage {
    let code = StatusCode::new(code).unwrap();
    let resp = req.make_response(code, "vwxyz").unwrap();
    SipMessage::parse(&resp.to_bytes(), Framing::Stream).unwrap()
}

fn text(m: &SipMessage) -> String {
    String::from_utf8(m.to_bytes()).unwrap()
}

fn xml(s: &Stanza) -> String {
    String::from_utf8(s.to_bytes()).unwrap()
}

/// The canonical form of an expected stanza: XML compared as a
/// namespace-aware tree, attribute order and the whitespace-only text
/// between elements ignored, the text of `<body/>`, `<subject/>` and
/// `<thread/>` compared exactly (digest §4 conventions). The vectors have
/// no whitespace-only element content of their own.
fn canonical(expected: &str) -> String {
    let mut compact = String::with_capacity(expected.len());
    let mut rest = expected;
    while let Some(i) = rest.find('>') {
        compact.push_str(&rest[..=i]);
        rest = &rest[i + 1..];
        let blank = rest.len() - rest.trim_start().len();
        if rest[blank..].starts_with('<') {
            rest = &rest[blank..];
        }
    }
    compact.push_str(rest);
    xml(&stanza(&compact))
}

fn assert_stanza(actual: &Stanza, expected: &str) {
    assert_eq!(xml(actual), canonical(expected));
}

fn error_of(s: &Stanza) -> (DefinedCondition, ErrorType) {
    let e = s
        .error()
        .unwrap_or_else(|| panic!("not an error: {}", xml(s)));
    (e.condition, e.error_type)
}

/// The generated identifiers of a MESSAGE the gateway sent.
fn ids_of(m: &SipMessage) -> (String, String, String) {
    let branch = m.top_via().unwrap().branch().unwrap().to_owned();
    let tag = m.from_header().unwrap().tag().unwrap().to_owned();
    (branch, tag, m.call_id().unwrap().to_owned())
}

/// The MESSAGE text with its generated identifiers replaced.
fn with_ids(m: &SipMessage, branch: &str, tag: &str, call_id: &str) -> String {
    let (b, t, c) = ids_of(m);
    text(m)
        .replace(&b, branch)
        .replace(&format!("tag={t}"), &format!("tag={tag}"))
        .replace(&c, call_id)
}

/// An answer's text with its generated To tag shown as the digest shows it.
fn with_generated_tag(r: &SipMessage) -> String {
    let tag = r.to_header().unwrap().tag().unwrap().to_owned();
    text(r).replace(&format!("tag={tag}"), "tag=<generated>")
}

// ------------------------------------------------ RFC 7572 §4: XMPP to SIP

/// TV-IM-1 and TV-IM-2 (RFC 7572 §4, Examples 1 and 2): the gateway turns
/// Example 1 into Example 2. With the RFC's generated values the stateless
/// mapping writes Example 2 to the byte (351 octets); the gateway writes
/// the same message with its own tag, branch and Call-ID.
#[test]
fn tv_im_1_tv_im_2_example_1_becomes_example_2() {
    let cfg = x2s_config();
    let sent = message_to_sip(&message(EXAMPLE_1), &EXAMPLE_2_IDS, &cfg)
        .unwrap()
        .unwrap();
    assert_eq!(text(&sent), EXAMPLE_2);
    assert_eq!(sent.to_bytes().len(), 351);
    insta::assert_snapshot!("rfc7572_example_2", text(&sent));

    let via_gateway = x2s(cfg, EXAMPLE_1);
    assert_eq!(
        with_ids(
            &via_gateway,
            EXAMPLE_2_IDS.branch,
            EXAMPLE_2_IDS.from_tag,
            EXAMPLE_2_IDS.call_id
        ),
        EXAMPLE_2
    );
}

/// TV-IM-3 (RFC 7572 §4, Example 3): the SIP UA's 200 OK produces nothing
/// (IM-5, IM-D-6) and closes the transaction. The response is matched by
/// its top Via branch (RFC 3261 §17.1.3), so Example 3 as printed (From
/// without `gr`) and in the corrected form both close it.
#[test]
fn tv_im_3_example_3_closes_the_transaction_silently() {
    for example_3 in [EXAMPLE_3, EXAMPLE_3_AS_PRINTED] {
        let (mut gw, t0) = gateway(x2s_config());
        gw.handle_xmpp(t0, stanza(EXAMPLE_1)).unwrap();
        let sent = only_sip(drain(&mut gw));
        assert_eq!(gw.pending_count(), 1);
        // The example with the gateway's own branch and Call-ID.
        let (branch, _, call_id) = ids_of(&sent);
        let input = example_3
            .replace(EXAMPLE_2_IDS.branch, &branch)
            .replace(EXAMPLE_2_IDS.call_id, &call_id);
        gw.handle_sip(t0 + Duration::from_millis(40), sip(&input))
            .unwrap();
        assert!(drain(&mut gw).is_empty(), "{example_3}");
        assert_eq!(gw.pending_count(), 0);
        assert_eq!(gw.poll_timeout(), None);
    }
}

/// IM-1 (RFC 7572 §4): a single message is a `<message/>` of type
/// `normal`, the default: with `type` absent or `normal` the gateway sends
/// the same MESSAGE (same generator seed, same bytes).
#[test]
fn im_1_single_message_is_type_normal_or_absent() {
    let absent = x2s(x2s_config(), EXAMPLE_1);
    let normal = x2s(
        x2s_config(),
        "<message from='juliet@example.com/yn0cl4bnw0yr3vym' to='romeo@example.net' \
         type='normal'><body>Art thou not Romeo, and a Montague?</body></message>",
    );
    assert_eq!(text(&absent), text(&normal));
    assert_eq!(
        absent.request_uri().unwrap().as_str(),
        "sip:romeo@example.net"
    );
}

/// IM-2 (RFC 7572 §4, Table 1): every row of the XMPP → SIP table on one
/// stanza: `<body/>` → body, `<subject/>` → Subject, `<thread/>` →
/// Call-ID, `from` → From, `id` → the transaction (not written into the
/// MESSAGE), `to` → To and Request-URI, `type` → nothing, `xml:lang` →
/// Content-Language.
#[test]
fn im_2_table_1_field_mapping() {
    let m = x2s(
        x2s_config(),
        "<message from='juliet@example.com/balcony' to='romeo@example.net' id='ktx72v49' \
         type='chat' xml:lang='en'><subject>Balcony</subject><body>Hello</body>\
         <thread>th1</thread></message>",
    );
    assert_eq!(m.body(), b"Hello");
    assert_eq!(m.header("Content-Type"), Some("text/plain"));
    assert_eq!(m.subject(), Some("Balcony"));
    assert_eq!(m.call_id().unwrap(), "th1");
    assert_eq!(
        m.from_header().unwrap().uri.as_str(),
        "sip:juliet@example.com;gr=balcony"
    );
    assert_eq!(m.to_header().unwrap().uri.as_str(), "sip:romeo@example.net");
    assert_eq!(m.request_uri().unwrap().as_str(), "sip:romeo@example.net");
    assert_eq!(m.header("Content-Language"), Some("en"));
    let wire = text(&m);
    assert!(!wire.contains("ktx72v49"), "{wire}");
    assert!(!wire.contains("chat"), "{wire}");
}

/// IM-3 (RFC 7572 §4 note 1): From holds the sender's bare JID as a URI
/// and the resourcepart as the GRUU `gr` parameter inside the angle
/// brackets, with a tag outside them.
#[test]
fn im_3_from_is_bare_jid_with_resource_as_gruu() {
    let m = x2s(x2s_config(), EXAMPLE_1);
    let from = m.header("From").unwrap();
    assert!(
        from.starts_with("<sip:juliet@example.com;gr=yn0cl4bnw0yr3vym>;tag="),
        "{from}"
    );
    let na = m.from_header().unwrap();
    assert_eq!(
        na.uri.as_str(),
        "sip:juliet@example.com;gr=yn0cl4bnw0yr3vym"
    );
    assert!(na.params.get("gr").is_none(), "gr is a URI parameter");
    assert!(!from.contains("juliet@example.com/"), "{from}");
}

/// IM-4 (RFC 7572 §4 note 2): `type` has no SIP equivalent: `normal`,
/// `chat`, `headline` and an unknown type give byte-identical MESSAGEs.
#[test]
fn im_4_type_is_not_mapped() {
    let with_type = |t: &str| {
        text(&x2s(
            x2s_config(),
            &format!(
                "<message from='juliet@example.com/balcony' to='romeo@example.net' \
                 type='{t}'><body>Hi</body></message>"
            ),
        ))
    };
    let normal = with_type("normal");
    for t in ["chat", "headline", "x-unknown"] {
        assert_eq!(with_type(t), normal, "{t}");
    }
}

/// IM-5 (RFC 7572 §4): what the X2S gateway does with the 200 OK is not
/// specified; the crate sends nothing and ends the transaction. A forking
/// proxy returns one 200 only (RFC 3428 §7); a second one matches nothing.
#[test]
fn im_5_200_ok_produces_nothing() {
    let (mut gw, t0) = gateway(x2s_config());
    gw.handle_xmpp(t0, stanza(EXAMPLE_1)).unwrap();
    let sent = only_sip(drain(&mut gw));
    gw.handle_sip(t0, answer(&sent, 200)).unwrap();
    assert!(drain(&mut gw).is_empty());
    assert_eq!(gw.pending_count(), 0);
    let again = gw.handle_sip(t0, answer(&sent, 200)).unwrap_err();
    assert_eq!(again.fault, ImFault::UnmatchedResponse);
    assert!(!again.replied);
    assert!(drain(&mut gw).is_empty());
}

// ------------------------------------------------ RFC 7572 §5: SIP to XMPP

/// TV-IM-4, TV-IM-5 and TV-IM-6 (RFC 7572 §5, Examples 4 and 5): Example
/// 4 becomes Example 5 with the `<thread/>` and `id` that Table 2 requires
/// (table-complete form, the default), `from` a full JID because the
/// gateway knows romeo's GRUU (IM-7); the gateway answers 200 OK without
/// body or Contact (IM-10, IM-D-3).
#[test]
fn tv_im_4_tv_im_5_tv_im_6_example_4_becomes_example_5() {
    let (mut gw, t0) = gateway(s2x_config());
    gw.know_instance("sip:romeo@example.net", "dr4hcr0st3lup4c");
    gw.handle_sip(t0, sip(EXAMPLE_4)).unwrap();
    let (out, ok) = stanza_and_answer(drain(&mut gw));
    assert_stanza(&out, EXAMPLE_5_TABLE_COMPLETE);
    assert_eq!(with_generated_tag(&ok), TV_IM_6);
    assert!(ok.to_header().unwrap().tag().is_some());
    insta::assert_snapshot!(
        "rfc7572_example_5",
        format!("{}\n\n{}", xml(&out), with_generated_tag(&ok))
    );
}

/// TV-IM-5 (RFC 7572 §5, Example 5) in the RFC's literal form: with
/// `table_complete` off (V-IM-6) the stanza is Example 5 as printed; the
/// SIP answer is the same 200 OK (TV-IM-6).
#[test]
fn tv_im_5_example_5_literal_form() {
    let mut cfg = s2x_config();
    cfg.table_complete = false;
    let (mut gw, t0) = gateway(cfg);
    gw.know_instance("sip:romeo@example.net", "dr4hcr0st3lup4c");
    gw.handle_sip(t0, sip(EXAMPLE_4)).unwrap();
    let (out, ok) = stanza_and_answer(drain(&mut gw));
    assert_stanza(&out, EXAMPLE_5);
    assert_eq!(with_generated_tag(&ok), TV_IM_6);
    insta::assert_snapshot!("rfc7572_example_5_literal", xml(&out));
}

/// TV-IM-5 without the GRUU hint: `from` is romeo's bare JID.
#[test]
fn tv_im_5_without_gruu_from_is_bare() {
    let (out, _) = s2x_ok(s2x_config(), sip(EXAMPLE_4));
    assert_stanza(
        &out,
        "<message from='romeo@example.net' to='juliet@example.com' id='z9hG4bKeskdgs677'>\
         <body>Neither, fair saint, if either thee dislike.</body>\
         <thread>9E97FB43-85F4-4A00-8751-1124FD4C7B2E</thread></message>",
    );
}

/// IM-6 (RFC 7572 §5, Table 2): every row of the SIP → XMPP table on one
/// request: Call-ID → `<thread/>`, Content-Language → `xml:lang`, CSeq →
/// nothing, From → `from`, Subject → `<subject/>` (in the stanza's
/// language), Request-URI → `to`, body → `<body/>`, transaction → `id`,
/// and no `type`.
#[test]
fn im_6_table_2_field_mapping() {
    let req = plain_to_juliet("Content-Language: en\r\nSubject: Balcony\r\n", "Hello");
    let (s, _) = s2x_ok(s2x_config(), req);
    let m = Message::try_from(s.clone()).unwrap();
    assert_eq!(
        m.thread().unwrap().id,
        "9E97FB43-85F4-4A00-8751-1124FD4C7B2E"
    );
    assert_eq!(s.lang(), Some("en"));
    assert_eq!(s.from(), Some("romeo@example.net"));
    assert_eq!(s.to(), Some("juliet@example.com"));
    assert_eq!(m.subjects().collect::<Vec<_>>(), [(Some("en"), "Balcony")]);
    assert_eq!(m.bodies().collect::<Vec<_>>(), [(Some("en"), "Hello")]);
    assert_eq!(s.id(), Some("z9hG4bKeskdgs677"));
    assert_eq!(s.as_element().attr("type"), None);
    // CSeq has no mapping: its number appears nowhere.
    let other_cseq = SipMessage::parse(
        &text(&plain_to_juliet(
            "Content-Language: en\r\nSubject: Balcony\r\n",
            "Hello",
        ))
        .replace("CSeq: 1 MESSAGE", "CSeq: 4711 MESSAGE")
        .into_bytes(),
        Framing::Stream,
    )
    .unwrap();
    let (s2, _) = s2x_ok(s2x_config(), other_cseq);
    assert_eq!(xml(&s2), xml(&s));
}

/// IM-7 (RFC 7572 §5 note 1): when the gateway knows the GRUU of the SIP
/// sender, `from` is a full JID whose resourcepart is that instance: from
/// the From URI's `gr`, from a `gr` header parameter, or from what the
/// caller told the gateway.
#[test]
fn im_7_known_gruu_gives_full_jid() {
    for from in [
        "<sip:romeo@example.net;gr=dr4hcr0st3lup4c>;tag=vwxyz",
        "<sip:romeo@example.net>;gr=dr4hcr0st3lup4c;tag=vwxyz",
    ] {
        let req = sip(&EXAMPLE_4.replace(
            "From: sip:romeo@example.net;tag=vwxyz",
            &format!("From: {from}"),
        ));
        let (s, _) = s2x_ok(s2x_config(), req);
        assert_eq!(
            s.from(),
            Some("romeo@example.net/dr4hcr0st3lup4c"),
            "{from}"
        );
    }
    let (mut gw, t0) = gateway(s2x_config());
    gw.know_instance("sip:romeo@example.net", "orchard");
    gw.handle_sip(t0, sip(EXAMPLE_4)).unwrap();
    let (s, _) = stanza_and_answer(drain(&mut gw));
    assert_eq!(s.from(), Some("romeo@example.net/orchard"));
    // Another sender is not affected.
    let other =
        sip(&EXAMPLE_4.replace("sip:romeo@example.net;tag", "sip:benvolio@example.net;tag"));
    gw.handle_sip(t0, other).unwrap();
    let (s, _) = stanza_and_answer(drain(&mut gw));
    assert_eq!(s.from(), Some("benvolio@example.net"));
}

/// IM-8 (RFC 7572 §5): the S2X gateway writes no `type` (or `normal`):
/// never `chat`, whatever the request carries.
#[test]
fn im_8_no_type_on_translated_messages() {
    for extra in [
        "",
        "Subject: chat\r\n",
        "Content-Language: en\r\nPriority: urgent\r\n",
    ] {
        let (s, _) = s2x_ok(s2x_config(), plain_to_juliet(extra, "type='chat'"));
        let t = s.as_element().attr("type");
        assert!(t.is_none() || t == Some("normal"), "{}", xml(&s));
        assert_eq!(
            Message::try_from(s).unwrap().message_type(),
            sip_xmpp::xmpp::MessageType::Normal
        );
    }
}

/// IM-9 (RFC 7572 §5) and MSG-11 (RFC 3428 §5): Request-URIs reaching the
/// S2X gateway are `sip:` (or `sips:`), but a UA may leave an `im:` URI to
/// a downstream gateway: `sip:` and `im:` Request-URIs both reach juliet;
/// a `sips:` one is refused (IM-D-13); a scheme XMPP has no address for is
/// refused with 416 (RFC 3261 §8.2.2.1).
#[test]
fn im_9_msg_11_request_uri_schemes() {
    for ruri in ["sip:juliet@example.com", "im:juliet@example.com"] {
        let req = s2x_request(
            ruri,
            "sip:juliet@example.com",
            "Content-Type: text/plain\r\n",
            "Hi",
        );
        let (s, ok) = s2x_ok(s2x_config(), req);
        assert_eq!(s.to(), Some("juliet@example.com"), "{ruri}");
        assert_eq!(ok.status(), Some(StatusCode::OK));
    }
    // im: in To and From as well (MSG-11: From/To MAY be IM URIs).
    let req = sip(&EXAMPLE_4
        .replace("To: sip:juliet@example.com", "To: <im:juliet@example.com>")
        .replace(
            "From: sip:romeo@example.net;tag",
            "From: <im:romeo@example.net>;tag",
        ));
    let (s, _) = s2x_ok(s2x_config(), req);
    assert_eq!(
        (s.from(), s.to()),
        (Some("romeo@example.net"), Some("juliet@example.com"))
    );
    let req = s2x_request(
        "tel:+12015550123",
        "<tel:+12015550123>",
        "Content-Type: text/plain\r\n",
        "Hi",
    );
    let (_, resp) = s2x_refused(s2x_config(), req);
    assert_eq!(resp.status().unwrap().as_u16(), 416);
}

/// IM-10 (RFC 7572 §5): the S2X gateway translates the MESSAGE and returns
/// 200 OK to the SIP sender, at once, in the same call (MSG-5).
#[test]
fn im_10_translated_and_answered_200() {
    let (mut gw, t0) = gateway(s2x_config());
    gw.handle_sip(t0, sip(EXAMPLE_4)).unwrap();
    let (s, ok) = stanza_and_answer(drain(&mut gw));
    assert_eq!(s.kind(), sip_xmpp::xmpp::StanzaKind::Message);
    assert_eq!(ok.status(), Some(StatusCode::OK));
    assert_eq!(ok.reason_phrase(), Some("OK"));
    // No timer is left for the S2X side.
    assert_eq!(gw.poll_timeout(), None);
}

// ------------------------------------------------- RFC 7572 §6: size limit

/// A stanza like Example 1 with a body of `n` ASCII `a`.
fn example_1_with_body(n: usize) -> String {
    format!(
        "<message from='juliet@example.com/yn0cl4bnw0yr3vym' to='romeo@example.net'>\
         <body>{}</body></message>",
        "a".repeat(n)
    )
}

/// TV-IM-9 (RFC 7572 §6, IM-11): with exactly the headers of Example 2
/// the MESSAGE is 1300 octets for a 983-octet body, translated, and 1301
/// octets for 984, refused with `<policy-violation/>` (type `modify`);
/// the whole serialised request counts, as the crate's own serializer
/// writes it (IM-X-9).
#[test]
fn tv_im_9_1300_octets_pass_1301_are_refused() {
    let cfg = x2s_config();
    let fits = message_to_sip(&message(&example_1_with_body(983)), &EXAMPLE_2_IDS, &cfg)
        .unwrap()
        .unwrap();
    assert_eq!(fits.to_bytes().len(), 1300);
    let fault =
        message_to_sip(&message(&example_1_with_body(984)), &EXAMPLE_2_IDS, &cfg).unwrap_err();
    assert_eq!(
        fault,
        ImFault::TooLarge {
            bytes: 1301,
            max: 1300
        }
    );
    assert_eq!(fault.xmpp_condition(), DefinedCondition::PolicyViolation);

    let (fault, err) = x2s_refused(x2s_config(), &example_1_with_body(2000));
    assert!(
        matches!(fault, ImFault::TooLarge { max: 1300, .. }),
        "{fault:?}"
    );
    assert_stanza(
        &err,
        "<message type='error' from='romeo@example.net' \
         to='juliet@example.com/yn0cl4bnw0yr3vym'><error type='modify'>\
         <policy-violation xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></message>",
    );
    insta::assert_snapshot!("rfc7572_tv_im_9_policy_violation", xml(&err));
}

/// The body length at which the gateway's MESSAGE for
/// [`example_1_with_body`] is exactly `target` octets, measured on the
/// gateway's own output (its identifiers have fixed lengths).
fn body_for_size(target: usize) -> usize {
    let mut cfg = x2s_config();
    cfg.max_request_bytes = None;
    let probe = 500;
    let len = x2s(cfg, &example_1_with_body(probe)).to_bytes().len();
    assert!(target > len - probe + 99 && target < len + 500);
    target + probe - len
}

/// IM-11 (RFC 7572 §6, SHOULD) and IM-X-9: the gateway itself refuses a
/// message whose MESSAGE would exceed 1300 octets, counting start line,
/// headers, blank line and body as sent, with `<policy-violation/>`; the
/// id is mirrored; no SIP request leaves and no transaction stays open.
#[test]
fn im_11_im_x_9_gateway_size_limit_on_the_whole_request() {
    let n = body_for_size(1300);
    let sent = x2s(x2s_config(), &example_1_with_body(n));
    assert_eq!(sent.to_bytes().len(), 1300);
    assert_eq!(sent.body().len(), n);

    let (mut gw, t0) = gateway(x2s_config());
    let too_big = example_1_with_body(n + 1).replace("<message ", "<message id='big1' ");
    let r = gw.handle_xmpp(t0, stanza(&too_big)).unwrap_err();
    assert_eq!(
        r.fault,
        ImFault::TooLarge {
            bytes: 1301,
            max: 1300
        }
    );
    let err = only_xmpp(drain(&mut gw));
    assert_eq!(err.id(), Some("big1"));
    assert_eq!(
        error_of(&err),
        (DefinedCondition::PolicyViolation, ErrorType::Modify)
    );
    assert_eq!(gw.pending_count(), 0);
    assert_eq!(gw.poll_timeout(), None);
}

/// IM-D-5 and MSG-9 (RFC 3428 §8): a MESSAGE sent on its own (not along
/// established media) does not exceed 1300 bytes. The limit is on by default; the operator who
/// knows the path is congestion-controlled end to end may lift it
/// (`max_request_bytes: None`), and the large message then goes whole.
#[test]
fn im_d_5_msg_9_1300_byte_limit_is_the_default() {
    assert_eq!(x2s_config().max_request_bytes, Some(1300));
    let mut cfg = x2s_config();
    cfg.max_request_bytes = None;
    let big = x2s(cfg, &example_1_with_body(5000));
    assert_eq!(big.body().len(), 5000);
    let mut cfg = x2s_config();
    cfg.max_request_bytes = Some(500);
    let (fault, _) = x2s_refused(cfg, &example_1_with_body(200));
    assert!(matches!(fault, ImFault::TooLarge { max: 500, .. }));
}

/// IM-12 (RFC 7572 §6): moving a large message over to MSRP (RFC 4975) is
/// application-specific and not done here; nor is the message split or
/// truncated (digest §6): the one answer is the error stanza, and nothing
/// at all goes to SIP (no INVITE, no partial MESSAGE).
#[test]
fn im_12_large_message_is_not_split_truncated_or_upgraded() {
    let (mut gw, t0) = gateway(x2s_config());
    gw.handle_xmpp(t0, stanza(&example_1_with_body(4000)))
        .unwrap_err();
    let out = drain(&mut gw);
    assert!(
        out.iter().all(|o| matches!(o, Output::Xmpp(_))),
        "nothing towards SIP: {out:?}"
    );
    assert_eq!(out.len(), 1);
    assert_eq!(gw.pending_count() + gw.queued_count(), 0);
}

// --------------------------------------------- RFC 7572 §7: content types

/// IM-13 and IM-14 (RFC 7572 §7) with MSG-1 (RFC 3428 §4, text/plain in
/// both directions): a `text/plain` body becomes the character data of
/// `<body/>`, characters XML reserves escaped on the wire and read back
/// unchanged; `text/plain` is matched without regard to case and with a
/// UTF-8 charset parameter.
#[test]
fn im_13_im_14_msg_1_text_plain_becomes_body_text() {
    let body = "if a < b && c > d then \"go\" 'now'";
    for ct in ["text/plain", "TEXT/Plain", "text/plain; charset=UTF-8"] {
        let req = s2x_request(
            "sip:juliet@example.com",
            "sip:juliet@example.com",
            &format!("Content-Type: {ct}\r\n"),
            body,
        );
        let (s, _) = s2x_ok(s2x_config(), req);
        let wire = xml(&s);
        assert!(wire.contains("a &lt; b &amp;&amp; c"), "{wire}");
        let back = Message::try_from(stanza(&wire)).unwrap();
        assert_eq!(back.body(), Some(body), "{ct}");
    }
    // And the other way: the XMPP body is the text/plain body (MSG-1).
    let m = x2s(
        x2s_config(),
        "<message from='juliet@example.com/b' to='romeo@example.net'>\
         <body>if a &lt; b &amp;&amp; c &gt; d</body></message>",
    );
    assert_eq!(m.header("Content-Type"), Some("text/plain"));
    assert_eq!(m.body(), b"if a < b && c > d");
}

/// IM-17 (RFC 7572 §7, MAY): other content types, as the digest's §5
/// table decides: `message/cpim` is unwrapped to its `text/plain`;
/// `multipart/alternative` gives its `text/plain` part; an isComposing
/// indication is answered 200 and produces no stanza; anything else is
/// 415; with CPIM unwrapping switched off, CPIM is 415 as well.
#[test]
fn im_17_other_content_types() {
    let cpim = "From: <im:romeo@example.net>\r\nTo: <im:juliet@example.com>\r\n\
                DateTime: 2015-06-01T12:00:00Z\r\n\r\n\
                Content-Type: text/plain\r\n\r\nInside CPIM";
    let req = || {
        s2x_request(
            "sip:juliet@example.com",
            "sip:juliet@example.com",
            "Content-Type: message/cpim\r\n",
            cpim,
        )
    };
    let (s, _) = s2x_ok(s2x_config(), req());
    assert_eq!(Message::try_from(s).unwrap().body(), Some("Inside CPIM"));
    let mut no_cpim = s2x_config();
    no_cpim.cpim = false;
    let (fault, resp) = s2x_refused(no_cpim, req());
    assert!(matches!(fault, ImFault::UnsupportedType { .. }));
    assert_eq!(resp.status(), Some(StatusCode::UNSUPPORTED_MEDIA_TYPE));

    let multipart = "--b1\r\nContent-Type: text/html\r\n\r\n<p>Rich</p>\r\n\
                     --b1\r\nContent-Type: text/plain\r\n\r\nPlain\r\n--b1--\r\n";
    let req = s2x_request(
        "sip:juliet@example.com",
        "sip:juliet@example.com",
        "Content-Type: multipart/alternative; boundary=b1\r\n",
        multipart,
    );
    let (s, _) = s2x_ok(s2x_config(), req);
    assert_eq!(Message::try_from(s).unwrap().body(), Some("Plain"));

    let composing = "<?xml version='1.0' encoding='UTF-8'?>\
        <isComposing xmlns='urn:ietf:params:xml:ns:im-iscomposing'><state>active</state></isComposing>";
    let req = s2x_request(
        "sip:juliet@example.com",
        "sip:juliet@example.com",
        "Content-Type: application/im-iscomposing+xml\r\n",
        composing,
    );
    let (r, out) = s2x(s2x_config(), req);
    r.unwrap();
    assert_eq!(only_sip(out).status(), Some(StatusCode::OK));

    let req = s2x_request(
        "sip:juliet@example.com",
        "sip:juliet@example.com",
        "Content-Type: image/png\r\n",
        "\u{89}PNG",
    );
    let (fault, resp) = s2x_refused(s2x_config(), req);
    assert_eq!(
        fault,
        ImFault::UnsupportedType {
            content_type: "image/png".into()
        }
    );
    assert_eq!(resp.status().unwrap().as_u16(), 415);
}

/// TV-IM-13 (RFC 7572 §7, IM-S-5): Example 4 with
/// `application/octet-stream` gives no stanza and `415 Unsupported Media
/// Type` listing what the gateway accepts: the vector's `text/plain,
/// text/html` first, then the types the default configuration also
/// translates (`message/cpim`, which IM-S-5 adds when supported, and
/// `multipart/alternative`, digest §5), with Accept-Encoding and
/// Accept-Language as RFC 3428 Table 2 asks of a 415 (MSG-12).
#[test]
fn tv_im_13_unsupported_content_is_415_with_accept() {
    let req = sip(&EXAMPLE_4.replace(
        "Content-Type: text/plain",
        "Content-Type: application/octet-stream",
    ));
    let (fault, resp) = s2x_refused(s2x_config(), req);
    assert!(matches!(fault, ImFault::UnsupportedType { .. }));
    assert_eq!(resp.status().unwrap().as_u16(), 415);
    assert_eq!(resp.reason_phrase(), Some("Unsupported Media Type"));
    let accept = resp.header("Accept").unwrap();
    assert!(accept.starts_with("text/plain, text/html"), "{accept}");
    assert!(resp.body().is_empty());
    insta::assert_snapshot!("rfc7572_tv_im_13_415", with_generated_tag(&resp));
}

// ---------------------------------------- RFC 7572 §8: internationalisation

/// TV-IM-7 and TV-IM-8 (RFC 7572 §8, Examples 6 and 7): the Czech body
/// (68 octets, real characters) becomes the `<body/>` with CRLF → LF, and
/// `Content-Language: cs` becomes `xml:lang='cs'`; the table-complete form
/// adds `<thread/>` and `id`.
#[test]
fn tv_im_7_tv_im_8_example_6_becomes_example_7() {
    assert_eq!(CZECH.len(), 68);
    let input = example_6();
    let (s, ok) = s2x_ok(s2x_config(), sip(&input));
    assert_stanza(
        &s,
        &EXAMPLE_7
            .replace("xml:lang='cs'>", "xml:lang='cs' id='z9hG4bKeskdgs677'>")
            .replace(
                "</body>",
                "</body><thread>5A37A65D-304B-470A-B718-3F3E6770ACAF</thread>",
            ),
    );
    assert_eq!(ok.status(), Some(StatusCode::OK));
    insta::assert_snapshot!("rfc7572_example_7", xml(&s));

    let mut literal = s2x_config();
    literal.table_complete = false;
    let (s, _) = s2x_ok(literal, sip(&input));
    assert_stanza(&s, EXAMPLE_7);
    let m = Message::try_from(s).unwrap();
    assert_eq!(m.body(), Some(CZECH.replace("\r\n", "\n").as_str()));
    assert!(m.body().unwrap().contains('\u{11b}'));
    assert!(!m.body().unwrap().contains('\u{c49b}'));
}

/// IM-18 (RFC 7572 §8): language tags are mapped both ways when present:
/// `Content-Language` → `xml:lang`, and `xml:lang` → `Content-Language`
/// (the reverse of Example 6, derived); without a tag on either side there
/// is none on the other.
#[test]
fn im_18_language_both_ways() {
    let (s, _) = s2x_ok(s2x_config(), sip(&example_6()));
    assert_eq!(s.lang(), Some("cs"));
    let (s, _) = s2x_ok(s2x_config(), sip(EXAMPLE_4));
    assert_eq!(s.lang(), None);
    assert!(!xml(&s).contains("xml:lang"), "{}", xml(&s));

    let m = x2s(
        x2s_config(),
        "<message from='juliet@example.com/b' to='romeo@example.net' xml:lang='cs'>\
         <body>Ahoj</body></message>",
    );
    assert_eq!(m.header("Content-Language"), Some("cs"));
    let m = x2s(x2s_config(), EXAMPLE_1);
    assert_eq!(m.header("Content-Language"), None);
    // An xml:lang SIP cannot carry (RFC 3261 §20.13 language-tag) is left
    // out rather than written as a malformed header.
    for lang in ["en_US", "x y", "*"] {
        let m = x2s(
            x2s_config(),
            &format!(
                "<message from='juliet@example.com/b' to='romeo@example.net' xml:lang='{lang}'>\
                 <body>Hi</body></message>"
            ),
        );
        assert_eq!(m.header("Content-Language"), None, "{lang}");
        SipMessage::parse(&m.to_bytes(), Framing::Stream)
            .unwrap()
            .validate()
            .unwrap();
    }
}

/// IM-18 with the stream default (digest Table 1: the effective language
/// is the stanza's `xml:lang`, else the stream's default the caller
/// supplies).
#[test]
fn im_18_stream_default_language() {
    let mut cfg = x2s_config();
    cfg.default_lang = Some("en".into());
    let m = x2s(cfg.clone(), EXAMPLE_1);
    assert_eq!(m.header("Content-Language"), Some("en"));
    let m = x2s(
        cfg,
        "<message from='juliet@example.com/b' to='romeo@example.net' xml:lang='cs'>\
         <body>Ahoj</body></message>",
    );
    assert_eq!(m.header("Content-Language"), Some("cs"));
}

// ----------------------------------------------- RFC 7572 §9: security

/// IM-19 (RFC 7572 §9): the gateway meets the security requirements of
/// both protocols. The crate carries no transport and authenticates no
/// one: TLS, SIP digest and XMPP stream authentication belong to the
/// embedder. What the crate does towards it is tested here: it never
/// downgrades a protected leg it translates (a `sips:` target is not
/// translated into XMPP, RFC 7247 §8), it writes the transport the
/// embedder names into Via (`TLS` when it sends over TLS), it writes
/// `sips:` URIs when the policy asks for them, and it lets through the
/// `sips:` translation only when the operator says both sides are
/// protected (`allow_sips`).
#[test]
fn im_19_security_is_not_downgraded() {
    let sips = s2x_request(
        "sips:juliet@example.com",
        "sips:juliet@example.com",
        "Content-Type: text/plain\r\n",
        "secret",
    );
    let (r, out) = s2x(s2x_config(), sips.clone());
    assert!(r.is_err());
    assert!(
        out.iter().all(|o| matches!(o, Output::Sip(_))),
        "no stanza: {out:?}"
    );

    let mut tls = ImConfig::new("x2s.example.com", "TLS");
    tls.mapper = AddressMapper::default().with_policy(AddressPolicy {
        scheme: UriScheme::Sips,
        ..AddressPolicy::default()
    });
    let m = x2s(tls, EXAMPLE_1);
    let via = m.top_via().unwrap();
    assert_eq!(via.transport, "TLS");
    assert_eq!(m.request_uri().unwrap().as_str(), "sips:romeo@example.net");
    assert_eq!(
        m.to_header().unwrap().uri.as_str(),
        "sips:romeo@example.net"
    );
    assert!(
        m.header("From")
            .unwrap()
            .starts_with("<sips:juliet@example.com;gr=")
    );

    let mut agreed = s2x_config();
    agreed.mapper = AddressMapper::default().with_policy(AddressPolicy {
        allow_sips: true,
        ..AddressPolicy::default()
    });
    let (s, _) = s2x_ok(agreed, sips);
    assert_eq!(s.to(), Some("juliet@example.com"));
}

// ------------------------------------- base-spec rules (digest §2.2, IM-D)

/// IM-D-1 (RFC 3261 §8.1.1) and MSG-12 (RFC 3428 Tables 1 and 2): a
/// generated MESSAGE carries Via (branch with the `z9hG4bK` cookie, the
/// configured transport and host), Max-Forwards 70, To without a tag,
/// From with a fresh tag, Call-ID, CSeq with the MESSAGE method, and
/// Content-Type and Content-Length for its body; it carries no Contact
/// and no Record-Route, and passes the crate's own RFC 3261 §8.2 checks
/// after a trip through the wire.
#[test]
fn im_d_1_msg_12_mandatory_headers_of_a_generated_message() {
    let (mut gw, t0) = gateway(x2s_config());
    let mut tags = Vec::new();
    for to in ["romeo@example.net", "mercutio@example.net"] {
        gw.handle_xmpp(
            t0,
            stanza(&format!(
                "<message from='juliet@example.com/b' to='{to}'><subject>S</subject>\
                 <body>Hi</body></message>"
            )),
        )
        .unwrap();
        let m = only_sip(drain(&mut gw));
        let wire = SipMessage::parse(&m.to_bytes(), Framing::Stream).unwrap();
        wire.validate().unwrap();
        let via = wire.top_via().unwrap();
        assert!(via.has_rfc3261_branch());
        assert_eq!((&*via.transport, &*via.host), ("TCP", "x2s.example.com"));
        assert_eq!(wire.vias().count(), 1);
        assert_eq!(wire.max_forwards().unwrap(), Some(70));
        assert_eq!(wire.to_header().unwrap().tag(), None);
        let tag = wire.from_header().unwrap().tag().unwrap().to_owned();
        assert!(tag.len() >= 8, "{tag}");
        tags.push(tag);
        assert!(!wire.call_id().unwrap().is_empty());
        let cseq = wire.cseq().unwrap();
        assert_eq!((cseq.seq, cseq.method.as_str()), (1, "MESSAGE"));
        assert_eq!(wire.header("Content-Type"), Some("text/plain"));
        assert_eq!(wire.content_length().unwrap(), Some(2));
        assert_eq!(wire.header("Subject"), Some("S"));
        for absent in ["Contact", "Record-Route", "Route"] {
            assert_eq!(wire.header(absent), None, "{absent}");
        }
    }
    assert_ne!(tags[0], tags[1], "a new From tag per request");
}

/// IM-D-2 and MSG-2 (RFC 3428 §4): a MESSAGE carries no Contact and
/// creates no dialog: the To tag of the 200 is not reused, and the next
/// MESSAGE to the same user is a new out-of-dialog request (no To tag,
/// new From tag, new Call-ID, CSeq 1).
#[test]
fn im_d_2_msg_2_no_contact_no_dialog() {
    let (mut gw, t0) = gateway(x2s_config());
    gw.handle_xmpp(t0, stanza(EXAMPLE_1)).unwrap();
    let first = only_sip(drain(&mut gw));
    assert_eq!(first.contacts().count(), 0);
    assert_eq!(first.header("Contact"), None);
    gw.handle_sip(t0, answer(&first, 200)).unwrap();
    gw.handle_xmpp(t0, stanza(EXAMPLE_1)).unwrap();
    let second = only_sip(drain(&mut gw));
    assert_eq!(second.header("Contact"), None);
    assert_eq!(second.to_header().unwrap().tag(), None);
    let (b1, t1, c1) = ids_of(&first);
    let (b2, t2, c2) = ids_of(&second);
    assert_ne!(b1, b2);
    assert_ne!(t1, t2);
    assert_ne!(c1, c2);
    assert_eq!(second.cseq().unwrap().seq, 1);
}

/// IM-D-3 and MSG-5 (RFC 3428 §7): the gateway's 2xx to a MESSAGE has no
/// body and no Contact, with 200 (default) or 202 (V-IM-1), and it comes
/// in the same call as the stanza (no deferred answer).
#[test]
fn im_d_3_msg_5_2xx_without_body_or_contact() {
    for status in [StatusCode::OK, StatusCode::ACCEPTED] {
        let mut cfg = s2x_config();
        cfg.accepted_status = status;
        let (_, ok) = s2x_ok(cfg, sip(EXAMPLE_4));
        assert_eq!(ok.status(), Some(status));
        assert!(ok.body().is_empty());
        let wire = SipMessage::parse(&ok.to_bytes(), Framing::Stream).unwrap();
        assert_eq!(wire.content_length().unwrap(), Some(0));
        assert_eq!(wire.header("Contact"), None);
        assert_eq!(wire.header("Content-Type"), None);
        wire.validate().unwrap();
    }
}

/// IM-D-4, MSG-10 (RFC 3428 §8) and TV-IM-15: no second MESSAGE to a URI
/// while one to it is pending. The second message to romeo waits (no SIP
/// output) until the first has its final response, then leaves; a message
/// to another URI is not held up; a provisional response does not end the
/// transaction.
#[test]
fn im_d_4_msg_10_tv_im_15_one_transaction_per_destination() {
    let (mut gw, t0) = gateway(x2s_config());
    let to_romeo = |id: &str, body: &str| {
        stanza(&format!(
            "<message id='{id}' from='juliet@example.com/balcony' to='romeo@example.net'>\
             <body>{body}</body></message>"
        ))
    };
    gw.handle_xmpp(t0, to_romeo("a", "first")).unwrap();
    let first = only_sip(drain(&mut gw));
    gw.handle_xmpp(t0, to_romeo("b", "second")).unwrap();
    assert!(drain(&mut gw).is_empty(), "held behind the first");
    assert_eq!((gw.pending_count(), gw.queued_count()), (1, 1));

    // Another destination goes at once.
    gw.handle_xmpp(
        t0,
        stanza(
            "<message from='juliet@example.com/balcony' to='mercutio@example.net'>\
             <body>other</body></message>",
        ),
    )
    .unwrap();
    let other = only_sip(drain(&mut gw));
    assert_eq!(
        other.request_uri().unwrap().as_str(),
        "sip:mercutio@example.net"
    );

    // 180 is not final: still held.
    let t1 = t0 + Duration::from_millis(100);
    gw.handle_sip(t1, answer(&first, 180)).unwrap();
    assert!(drain(&mut gw).is_empty());
    // The 200 releases the second.
    let t2 = t0 + Duration::from_millis(200);
    gw.handle_sip(t2, answer(&first, 200)).unwrap();
    let second = only_sip(drain(&mut gw));
    assert_eq!(second.body(), b"second");
    assert_eq!(
        second.request_uri().unwrap().as_str(),
        "sip:romeo@example.net"
    );
    assert_eq!((gw.pending_count(), gw.queued_count()), (2, 0));
    // Its Timer F runs from its release, not from its arrival.
    gw.handle_sip(t2, answer(&other, 200)).unwrap();
    assert_eq!(gw.poll_timeout(), Some(t2 + TIMER_F));
}

/// IM-D-4 with a failure and with Timer F: an error final response and a
/// transaction timeout release the queue as well, and each message's
/// error goes to its own sender with its own id (IM-X-7).
#[test]
fn im_d_4_queue_released_by_failure_and_timeout() {
    let (mut gw, t0) = gateway(x2s_config());
    for id in ["m1", "m2", "m3"] {
        gw.handle_xmpp(
            t0,
            stanza(&format!(
                "<message id='{id}' from='juliet@example.com/balcony' to='romeo@example.net'>\
                 <body>{id}</body></message>"
            )),
        )
        .unwrap();
    }
    let m1 = only_sip(drain(&mut gw));
    assert_eq!(m1.body(), b"m1");
    gw.handle_sip(t0, answer(&m1, 486)).unwrap();
    let out = drain(&mut gw);
    assert_eq!(out.len(), 2, "{out:?}");
    let Output::Xmpp(e1) = &out[0] else {
        panic!("{out:?}")
    };
    assert_eq!(e1.id(), Some("m1"));
    assert_eq!(error_of(e1).0, DefinedCondition::RecipientUnavailable);
    let Output::Sip(m2) = &out[1] else {
        panic!("{out:?}")
    };
    assert_eq!(m2.body(), b"m2");
    // m2 times out: error for m2, then m3 leaves.
    let t = t0 + TIMER_F;
    gw.handle_timeout(t);
    let out = drain(&mut gw);
    assert_eq!(out.len(), 2, "{out:?}");
    let Output::Xmpp(e2) = &out[0] else {
        panic!("{out:?}")
    };
    assert_eq!(e2.id(), Some("m2"));
    let Output::Sip(m3) = &out[1] else {
        panic!("{out:?}")
    };
    assert_eq!(m3.body(), b"m3");
    assert_eq!(gw.poll_timeout(), Some(t + TIMER_F));
}

/// IM-D-4: the queue per destination is bounded; beyond the bound the
/// sender gets `<resource-constraint/>` (type `wait`) rather than an
/// unbounded backlog.
#[test]
fn im_d_4_queue_is_bounded() {
    let mut cfg = x2s_config();
    cfg.max_queued_per_destination = 2;
    let (mut gw, t0) = gateway(cfg);
    for i in 0..3 {
        gw.handle_xmpp(t0, stanza(&example_1_with_body(i + 1)))
            .unwrap();
    }
    assert_eq!(drain(&mut gw).len(), 1);
    let r = gw
        .handle_xmpp(t0, stanza(&example_1_with_body(9)))
        .unwrap_err();
    assert_eq!(r.fault, ImFault::Busy);
    let err = only_xmpp(drain(&mut gw));
    assert_eq!(
        error_of(&err),
        (DefinedCondition::ResourceConstraint, ErrorType::Wait)
    );
    assert_eq!(gw.queued_count(), 2);
}

/// Timer F (RFC 3261 §17.1.2.2, digest §8): 64 × T1 = 32 s after the
/// MESSAGE left, the transaction ends as a 408 would:
/// `<remote-server-timeout/>` of type `wait` with the stanza's id; not a
/// moment earlier; a response after that matches nothing.
#[test]
fn timer_f_ends_the_transaction_with_remote_server_timeout() {
    let (mut gw, t0) = gateway(x2s_config());
    assert_eq!(x2s_config().transaction_timeout, TIMER_F);
    gw.handle_xmpp(
        t0,
        stanza(
            "<message id='t1' from='juliet@example.com/balcony' to='romeo@example.net'>\
             <body>Hi</body></message>",
        ),
    )
    .unwrap();
    let sent = only_sip(drain(&mut gw));
    assert_eq!(gw.poll_timeout(), Some(t0 + TIMER_F));
    gw.handle_timeout(t0 + TIMER_F - Duration::from_millis(1));
    assert!(drain(&mut gw).is_empty());
    assert_eq!(gw.pending_count(), 1);
    gw.handle_timeout(t0 + TIMER_F);
    let err = only_xmpp(drain(&mut gw));
    assert_eq!(err.id(), Some("t1"));
    assert_eq!(
        (err.from(), err.to()),
        (
            Some("romeo@example.net"),
            Some("juliet@example.com/balcony")
        )
    );
    assert_eq!(
        error_of(&err),
        (DefinedCondition::RemoteServerTimeout, ErrorType::Wait)
    );
    assert_eq!(gw.poll_timeout(), None);
    let late = gw.handle_sip(t0 + TIMER_F, answer(&sent, 200)).unwrap_err();
    assert_eq!(late.fault, ImFault::UnmatchedResponse);
    assert!(drain(&mut gw).is_empty());
}

/// IM-D-6 and MSG-4 (RFC 3428 §4, §7): 200 (delivered to the UA) and 202
/// (accepted by a relay) both end the transaction and produce no stanza.
#[test]
fn im_d_6_msg_4_200_and_202_produce_no_stanza() {
    for code in [200, 202] {
        let (mut gw, t0) = gateway(x2s_config());
        gw.handle_xmpp(t0, stanza(EXAMPLE_1)).unwrap();
        let sent = only_sip(drain(&mut gw));
        gw.handle_sip(t0, answer(&sent, code)).unwrap();
        assert!(drain(&mut gw).is_empty(), "{code}");
        assert_eq!(gw.pending_count(), 0, "{code}");
    }
}

/// The error stanza the gateway sends for the SIP final response `code`
/// to [`TV_IM_10_INPUT`].
fn error_for(code: u16) -> Stanza {
    let (mut gw, t0) = gateway(x2s_config());
    gw.handle_xmpp(t0, stanza(TV_IM_10_INPUT)).unwrap();
    let sent = only_sip(drain(&mut gw));
    gw.handle_sip(t0, answer(&sent, code)).unwrap();
    assert_eq!(gw.pending_count(), 0);
    only_xmpp(drain(&mut gw))
}

/// TV-IM-10's input stanza.
const TV_IM_10_INPUT: &str = "<message id='m1' from='juliet@example.com/balcony' \
    to='nobody@example.net'><body>Hi</body></message>";

/// IM-D-7 and MSG-6 (RFC 3428 §7): 4xx/5xx (not delivered) and 6xx
/// (delivered, refused) become XMPP errors by RFC 7247 Table B; 3xx as
/// well (RFC 7247 §7.2).
#[test]
fn im_d_7_msg_6_failures_become_error_stanzas() {
    use DefinedCondition::*;
    use ErrorType::*;
    for (code, want) in [
        (302, (Redirect, Modify)),
        (403, (Forbidden, Auth)),
        (404, (ItemNotFound, Cancel)),
        (408, (RemoteServerTimeout, Wait)),
        (415, (NotAcceptable, Modify)),
        (480, (RecipientUnavailable, Wait)),
        (486, (RecipientUnavailable, Wait)),
        (499, (BadRequest, Modify)),
        (500, (InternalServerError, Cancel)),
        (503, (InternalServerError, Cancel)),
        (603, (RecipientUnavailable, Wait)),
        (604, (ItemNotFound, Cancel)),
        (699, (RecipientUnavailable, Wait)),
    ] {
        assert_eq!(error_of(&error_for(code)), want, "{code}");
    }
}

/// TV-IM-10 (RFC 7247 §7.2 applied to RFC 7572 §4): a 404 to the MESSAGE
/// becomes `<item-not-found/>` (cancel) with the id mirrored and the
/// addresses swapped; 480 → `recipient-unavailable` (wait); 603 →
/// `recipient-unavailable`; 415 → `not-acceptable`; 408 →
/// `remote-server-timeout` (wait); an unknown 4xx → `bad-request`. The
/// reason phrase travels as an English `<text/>` (RFC 7247 §7, CORE-ERR-3),
/// which the digest's vector leaves out; the structure is otherwise the
/// vector's.
#[test]
fn tv_im_10_404_becomes_item_not_found() {
    let err = error_for(404);
    assert_stanza(
        &err,
        "<message type='error' id='m1' from='nobody@example.net' \
         to='juliet@example.com/balcony'><error type='cancel'>\
         <item-not-found xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/>\
         <text xmlns='urn:ietf:params:xml:ns:xmpp-stanzas' xml:lang='en'>Not Found</text>\
         </error></message>",
    );
    insta::assert_snapshot!("rfc7572_tv_im_10_404", xml(&err));
    use DefinedCondition::*;
    assert_eq!(
        error_of(&error_for(480)),
        (RecipientUnavailable, ErrorType::Wait)
    );
    assert_eq!(error_of(&error_for(603)).0, RecipientUnavailable);
    assert_eq!(error_of(&error_for(415)).0, NotAcceptable);
    assert_eq!(
        error_of(&error_for(408)),
        (RemoteServerTimeout, ErrorType::Wait)
    );
    assert_eq!(error_of(&error_for(477)).0, BadRequest);
}

/// IM-D-8 and MSG-12 (RFC 3261 §21.4.13, RFC 3428 Table 2): a 415 names
/// what is acceptable: Accept, Accept-Encoding and Accept-Language, for
/// an unknown type, an unknown charset and an unknown content coding alike.
#[test]
fn im_d_8_msg_12_415_lists_acceptable_formats() {
    for extra in [
        "Content-Type: application/x-unknown\r\n",
        "Content-Type: text/plain; charset=KOI8-R\r\n",
        "Content-Type: text/plain\r\nContent-Encoding: gzip\r\n",
    ] {
        let req = s2x_request(
            "sip:juliet@example.com",
            "sip:juliet@example.com",
            extra,
            "x",
        );
        let (_, resp) = s2x_refused(s2x_config(), req);
        assert_eq!(resp.status().unwrap().as_u16(), 415, "{extra}");
        let accept: Vec<String> = resp.accept().map(|t| t.unwrap().to_string()).collect();
        assert!(
            accept.iter().any(|t| t == "text/plain"),
            "{extra}: {accept:?}"
        );
        assert_eq!(resp.header("Accept-Encoding"), Some("identity"), "{extra}");
        assert!(resp.header("Accept-Language").is_some(), "{extra}");
        SipMessage::parse(&resp.to_bytes(), Framing::Stream)
            .unwrap()
            .validate()
            .unwrap();
    }
}

/// IM-D-9 (RFC 6120 §8.3): the gateway's error stanzas have
/// `type='error'`, `from` and `to` swapped, the `id` mirrored and the
/// error type of the condition; a stanza without id gets an error without
/// id; an error stanza is never answered.
#[test]
fn im_d_9_error_stanzas() {
    let (_, err) = x2s_refused(
        x2s_config(),
        "<message id='g1' type='groupchat' from='juliet@example.com/balcony' \
         to='romeo@example.net'><body>Hi</body></message>",
    );
    assert_eq!(err.as_element().attr("type"), Some("error"));
    assert_eq!(err.id(), Some("g1"));
    assert_eq!(err.from(), Some("romeo@example.net"));
    assert_eq!(err.to(), Some("juliet@example.com/balcony"));
    assert_eq!(
        error_of(&err),
        (DefinedCondition::FeatureNotImplemented, ErrorType::Cancel)
    );
    let (_, err) = x2s_refused(x2s_config(), &example_1_with_body(3000));
    assert_eq!(err.id(), None);
    // An incoming error stanza gets no error back (and no MESSAGE).
    let (mut gw, t0) = gateway(x2s_config());
    gw.handle_xmpp(
        t0,
        stanza(
            "<message type='error' from='juliet@example.com/balcony' to='romeo@example.net'>\
             <body>Hi</body><error type='cancel'>\
             <item-not-found xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></message>",
        ),
    )
    .unwrap();
    assert!(drain(&mut gw).is_empty());
}

/// IM-D-10 (RFC 6121 §5.2.2): a message with an unknown `type` is treated
/// as `normal` and translated.
#[test]
fn im_d_10_unknown_type_is_normal() {
    let m = message(
        "<message from='juliet@example.com/b' to='romeo@example.net' type='urgent'>\
         <body>Hi</body></message>",
    );
    assert_eq!(m.message_type(), sip_xmpp::xmpp::MessageType::Normal);
    let sent = x2s(
        x2s_config(),
        "<message from='juliet@example.com/b' to='romeo@example.net' type='urgent'>\
         <body>Hi</body></message>",
    );
    assert_eq!(sent.body(), b"Hi");
}

/// IM-D-11 (RFC 6121 §5.2.3 to §5.2.5): several `<body/>` or `<subject/>`
/// only with distinct `xml:lang`, one `<thread/>`, no child elements: the
/// stanzas breaking those rules are refused when read (the gateway never
/// sees them), and every stanza the gateway writes has one body, at most
/// one subject and one thread, all text.
#[test]
fn im_d_11_body_subject_thread_rules() {
    for bad in [
        "<message to='romeo@example.net'><body>a</body><body>b</body></message>",
        "<message to='romeo@example.net' xml:lang='en'><body>a</body><body xml:lang='en'>b</body></message>",
        "<message to='romeo@example.net'><subject>a</subject><subject>b</subject><body>x</body></message>",
        "<message to='romeo@example.net'><body>x</body><thread>a</thread><thread>b</thread></message>",
        "<message to='romeo@example.net'><body>x<b xmlns='urn:x'>y</b></body></message>",
    ] {
        assert!(
            Stanza::parse(bad.as_bytes(), &StanzaConfig::default()).is_err(),
            "{bad}"
        );
    }
    let ok = "<message to='romeo@example.net'><body>a</body><body xml:lang='cs'>b</body></message>";
    assert!(Stanza::parse(ok.as_bytes(), &StanzaConfig::default()).is_ok());

    let (s, _) = s2x_ok(
        s2x_config(),
        plain_to_juliet("Subject: one\r\nContent-Language: en, cs\r\n", "text"),
    );
    let m = Message::try_from(s).unwrap();
    assert_eq!(m.bodies().count(), 1);
    assert_eq!(m.subjects().count(), 1);
    assert!(m.thread().is_some());
    assert_eq!(m.payloads().count(), 0);
}

/// IM-D-12 (RFC 3261 §20.36): Subject is `TEXT-UTF8-TRIM`: a subject with
/// line breaks is written on one line (IM-X-5), so the MESSAGE never
/// carries a CR or LF inside a header.
#[test]
fn im_d_12_subject_has_no_line_breaks() {
    let m = x2s(
        x2s_config(),
        "<message from='juliet@example.com/b' to='romeo@example.net'>\
         <subject>\n  Two\r\nlines &#13;\n</subject><body>x</body></message>",
    );
    let subject = m.header("Subject").unwrap();
    assert!(!subject.contains(['\r', '\n']), "{subject:?}");
    let head = text(&m);
    let head = &head[..head.find("\r\n\r\n").unwrap()];
    assert!(head.split("\r\n").all(|l| !l.contains(['\r', '\n'])));
    assert!(head.contains("\r\nSubject: "), "{head}");
}

/// IM-D-13 (RFC 7247 §8, CORE-SEC-2) and TV-IM-12: a MESSAGE whose
/// Request-URI or To is `sips:` is not translated: no stanza, and 403
/// with a reason phrase naming SIPS (V-CORE-8). This holds when only the
/// Request-URI is `sips:`, even one without a user part.
#[test]
fn im_d_13_tv_im_12_sips_is_not_translated() {
    for (ruri, to) in [
        ("sips:juliet@example.com", "sips:juliet@example.com"),
        ("sip:juliet@example.com", "<sips:juliet@example.com>"),
        ("sips:juliet@example.com", "sip:juliet@example.com"),
        ("sips:s2x.example.com", "sip:juliet@example.com"),
    ] {
        let req = sip(&EXAMPLE_4
            .replace("MESSAGE sip:juliet@example.com", &format!("MESSAGE {ruri}"))
            .replace("To: sip:juliet@example.com", &format!("To: {to}")));
        let (fault, resp) = s2x_refused(s2x_config(), req);
        assert_eq!(
            fault,
            ImFault::Address {
                role: Role::Recipient,
                error: AddressError::Sips
            },
            "{ruri} / {to}"
        );
        assert_eq!(resp.status().unwrap().as_u16(), 403, "{ruri} / {to}");
        assert!(
            resp.reason_phrase().unwrap().contains("SIPS"),
            "{:?}",
            resp.reason_phrase()
        );
    }
}

// ------------------------------------- X2S design decisions (digest IM-X)

/// IM-X-1: `<message/>` of type absent, `normal`, `chat` and `headline`
/// are translated; `groupchat` is RFC 7702's and answered
/// `<feature-not-implemented/>` (cancel); an `error` message is never
/// turned into a MESSAGE and gets no answer.
#[test]
fn im_x_1_which_types_are_translated() {
    for t in ["", " type='normal'", " type='chat'", " type='headline'"] {
        let m = x2s(
            x2s_config(),
            &format!(
                "<message from='juliet@example.com/b' to='romeo@example.net'{t}>\
                 <body>Hi</body></message>"
            ),
        );
        assert_eq!(m.method().unwrap().as_str(), "MESSAGE", "{t}");
    }
    let (fault, err) = x2s_refused(
        x2s_config(),
        "<message from='juliet@example.com/b' to='romeo@example.net' type='groupchat'>\
         <body>Hi</body></message>",
    );
    assert_eq!(fault, ImFault::GroupChat);
    assert_eq!(
        error_of(&err),
        (DefinedCondition::FeatureNotImplemented, ErrorType::Cancel)
    );
    let (mut gw, t0) = gateway(x2s_config());
    gw.handle_xmpp(
        t0,
        stanza(
            "<message type='error' from='juliet@example.com/b' to='romeo@example.net'>\
             <body>Hi</body><error type='cancel'>\
             <undefined-condition xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></message>",
        ),
    )
    .unwrap();
    assert!(drain(&mut gw).is_empty());
    assert_eq!(gw.pending_count(), 0);
}

/// IM-X-2 and TV-IM-16: a message without `<body/>` (a chat state, a
/// receipt) produces nothing and no error.
#[test]
fn im_x_2_tv_im_16_bodiless_message_produces_nothing() {
    for input in [
        "<message from='juliet@example.com/balcony' to='romeo@example.net' type='chat'>\
         <composing xmlns='http://jabber.org/protocol/chatstates'/></message>",
        "<message from='juliet@example.com/balcony' to='romeo@example.net'>\
         <received xmlns='urn:xmpp:receipts' id='abc'/></message>",
        "<message from='juliet@example.com/balcony' to='romeo@example.net'>\
         <subject>Only a subject</subject></message>",
    ] {
        let (mut gw, t0) = gateway(x2s_config());
        gw.handle_xmpp(t0, stanza(input)).unwrap();
        assert!(drain(&mut gw).is_empty(), "{input}");
        assert_eq!(gw.pending_count(), 0);
    }
}

/// IM-X-3: of several `<body/>` variants the one in the stanza's
/// (effective) language is taken, else the one without its own
/// `xml:lang`, else the first; the others are dropped, and the
/// Content-Language is the language of the body sent.
#[test]
fn im_x_3_body_variant_selection() {
    let pick = |cfg: ImConfig, attrs: &str, bodies: &str| {
        let m = x2s(
            cfg,
            &format!(
                "<message from='juliet@example.com/b' to='romeo@example.net'{attrs}>{bodies}</message>"
            ),
        );
        (
            String::from_utf8(m.body().to_vec()).unwrap(),
            m.header("Content-Language").map(str::to_owned),
        )
    };
    let en = || Some("en".to_owned());
    let cs = || Some("cs".to_owned());
    // The stanza's language.
    assert_eq!(
        pick(
            x2s_config(),
            " xml:lang='en'",
            "<body xml:lang='cs'>Ahoj</body><body xml:lang='en'>Hello</body>"
        ),
        ("Hello".into(), en())
    );
    // The one without its own xml:lang (it inherits the stanza's).
    assert_eq!(
        pick(
            x2s_config(),
            " xml:lang='en'",
            "<body xml:lang='cs'>Ahoj</body><body>Hello</body>"
        ),
        ("Hello".into(), en())
    );
    // No language at all: the untagged one.
    assert_eq!(
        pick(
            x2s_config(),
            "",
            "<body xml:lang='cs'>Ahoj</body><body>Hello</body>"
        ),
        ("Hello".into(), None)
    );
    // Else the first, labelled with its own language.
    assert_eq!(
        pick(
            x2s_config(),
            " xml:lang='en'",
            "<body xml:lang='cs'>Ahoj</body><body xml:lang='de'>Hallo</body>"
        ),
        ("Ahoj".into(), cs())
    );
    // The stream default is the effective language of an untagged stanza.
    let mut cfg = x2s_config();
    cfg.default_lang = Some("cs".into());
    assert_eq!(
        pick(
            cfg,
            "",
            "<body xml:lang='en'>Hello</body><body xml:lang='cs'>Ahoj</body>"
        ),
        ("Ahoj".into(), cs())
    );
}

/// IM-X-3, the configured alternative: bodies in several languages go as
/// `multipart/alternative`, one `text/plain; charset=UTF-8` part per body
/// in the stanza's order with its `Content-Language`, and no
/// Content-Language on the request; one body (a stanza holds at most one
/// per language), or the option off, sends the one body. Back through a
/// gateway, the request gives a message (the `text/plain` part is picked,
/// design row of `multipart/alternative`) in that part's language.
#[test]
fn im_x_3_language_alternatives() {
    let xml = "<message from='juliet@example.com/b' to='romeo@example.net' xml:lang='en'>\
        <body>Hello</body><body xml:lang='cs'>Ahoj</body><body xml:lang='de'>Hallo</body></message>";
    let mut cfg = x2s_config();
    cfg.language_alternatives = true;
    let m = x2s(cfg.clone(), xml);
    assert_eq!(m.header("Content-Language"), None);
    let ct = m.content_type().unwrap().unwrap();
    assert!(ct.is("multipart", "alternative"), "{ct}");
    let parts = sip_xmpp::multipart::Multipart::parse(m.body(), &ct, &Default::default()).unwrap();
    let got: Vec<(String, Option<String>, String)> = parts
        .parts()
        .iter()
        .map(|p| {
            (
                p.header("Content-Type").unwrap().to_owned(),
                p.header("Content-Language").map(str::to_owned),
                String::from_utf8(p.bytes().unwrap().to_vec()).unwrap(),
            )
        })
        .collect();
    let plain = "text/plain;charset=UTF-8".to_owned();
    assert_eq!(
        got,
        vec![
            (plain.clone(), Some("en".into()), "Hello".into()),
            (plain.clone(), Some("cs".into()), "Ahoj".into()),
            (plain, Some("de".into()), "Hallo".into()),
        ]
    );
    // The same request written the same way again (the boundary follows
    // the Call-ID and CSeq).
    let again = x2s(cfg.clone(), xml);
    assert_eq!(again.body(), m.body());
    // Back to XMPP: the first text/plain part.
    let req = SipMessage::parse(&m.to_bytes(), Framing::Stream).unwrap();
    let (st, ok) = s2x_ok(s2x_config(), req);
    assert_eq!(ok.status().map(|s| s.as_u16()), Some(200));
    let Stanza::Message(back) = st else {
        panic!("{st:?}")
    };
    assert_eq!(back.body(), Some("Hello"));
    assert_eq!(back.lang(), Some("en"));
    // One language only: the one body, as without the option.
    let one = x2s(
        cfg,
        "<message from='juliet@example.com/b' to='romeo@example.net' xml:lang='en'>\
         <body>Hello</body></message>",
    );
    assert_eq!(one.body(), b"Hello");
    assert_eq!(one.header("Content-Language"), Some("en"));
    // Off (the default): the body in the stanza's language.
    let off = x2s(x2s_config(), xml);
    assert_eq!(off.body(), b"Hello");
    assert_eq!(off.header("Content-Language"), Some("en"));
}

/// IM-X-4: `Content-Type: text/plain` as in the RFC's example; the option
/// adds `;charset=UTF-8` (text defaults to UTF-8 in SIP, RFC 3261
/// §7.4.1), and the body is the UTF-8 of the text either way.
#[test]
fn im_x_4_content_type() {
    let xml = "<message from='juliet@example.com/b' to='romeo@example.net'>\
               <body>Caf\u{e9}</body></message>";
    let m = x2s(x2s_config(), xml);
    assert_eq!(m.header("Content-Type"), Some("text/plain"));
    assert_eq!(m.body(), "Caf\u{e9}".as_bytes());
    let mut cfg = x2s_config();
    cfg.charset_param = true;
    let m = x2s(cfg, xml);
    let ct = m.content_type().unwrap().unwrap();
    assert!(ct.is("text", "plain"));
    assert_eq!(ct.params.value("charset"), Some("UTF-8"));
    assert_eq!(m.body(), "Caf\u{e9}".as_bytes());
}

/// IM-X-5: each CR, LF or CRLF of the subject becomes one space, and the
/// result is trimmed; an empty subject gives no Subject header.
#[test]
fn im_x_5_subject_line_breaks() {
    let subject = |s: &str| {
        x2s(
            x2s_config(),
            &format!(
                "<message from='juliet@example.com/b' to='romeo@example.net'>\
                 <subject>{s}</subject><body>x</body></message>"
            ),
        )
        .header("Subject")
        .map(str::to_owned)
    };
    assert_eq!(subject("one\ntwo").as_deref(), Some("one two"));
    assert_eq!(subject("one&#13;two").as_deref(), Some("one two"));
    assert_eq!(subject("one&#13;\ntwo").as_deref(), Some("one two"));
    assert_eq!(subject("one\n\ntwo").as_deref(), Some("one  two"));
    assert_eq!(subject("\n  padded \n").as_deref(), Some("padded"));
    assert_eq!(subject("\n \n"), None);
}

/// IM-X-6: the `<thread/>` is the Call-ID when it is a valid Call-ID of at
/// most 256 octets; otherwise a Call-ID is derived from it, the same for
/// the same thread, and a MESSAGE coming back with that Call-ID gets the
/// original thread; without a thread every MESSAGE has a fresh Call-ID.
#[test]
fn im_x_6_thread_and_call_id() {
    let with_thread = |thread: &str| {
        format!(
            "<message from='juliet@example.com/b' to='romeo@example.net'>\
             <body>x</body><thread>{thread}</thread></message>"
        )
    };
    let m = x2s(
        x2s_config(),
        &with_thread("e0ffe42b28561960c6b12b944a092794b9683a38"),
    );
    assert_eq!(
        m.call_id().unwrap(),
        "e0ffe42b28561960c6b12b944a092794b9683a38"
    );
    let m = x2s(x2s_config(), &with_thread("abc@host.example"));
    assert_eq!(m.call_id().unwrap(), "abc@host.example");
    let long = "a".repeat(257);
    for thread in ["a thread with spaces", "x@y@z", long.as_str()] {
        let (mut gw, t0) = gateway(x2s_config());
        gw.handle_xmpp(t0, stanza(&with_thread(thread))).unwrap();
        let first = only_sip(drain(&mut gw));
        let call_id = first.call_id().unwrap().to_owned();
        assert_ne!(call_id, thread);
        assert!(call_id.len() <= 256);
        gw.handle_sip(t0, answer(&first, 200)).unwrap();
        gw.handle_xmpp(t0, stanza(&with_thread(thread))).unwrap();
        let second = only_sip(drain(&mut gw));
        assert_eq!(
            second.call_id().unwrap(),
            call_id,
            "same thread, same Call-ID"
        );
        // A reply from SIP in that Call-ID carries the original thread.
        let reply = sip(&EXAMPLE_4.replace("9E97FB43-85F4-4A00-8751-1124FD4C7B2E", &call_id));
        gw.handle_sip(t0, reply).unwrap();
        let (s, _) = stanza_and_answer(drain(&mut gw));
        assert_eq!(Message::try_from(s).unwrap().thread().unwrap().id, thread);
    }
    let (mut gw, t0) = gateway(x2s_config());
    gw.handle_xmpp(t0, stanza(EXAMPLE_1)).unwrap();
    gw.handle_xmpp(
        t0,
        stanza(&EXAMPLE_1.replace("romeo@example.net", "mercutio@example.net")),
    )
    .unwrap();
    let out = drain(&mut gw);
    let ids: Vec<String> = out
        .iter()
        .map(|o| match o {
            Output::Sip(m) => m.call_id().unwrap().to_owned(),
            Output::Xmpp(s) => panic!("{}", xml(s)),
        })
        .collect();
    assert_eq!(ids.len(), 2);
    assert_ne!(ids[0], ids[1]);
}

/// IM-X-7: the stanza `id` is not carried in SIP; it stays with the
/// transaction (keyed by the Via branch) and comes back on the error
/// stanza, whichever order the responses arrive in.
#[test]
fn im_x_7_id_is_kept_with_the_transaction() {
    let (mut gw, t0) = gateway(x2s_config());
    let mut sent = Vec::new();
    for (id, to) in [("first", "romeo"), ("second", "mercutio")] {
        gw.handle_xmpp(
            t0,
            stanza(&format!(
                "<message id='{id}' from='juliet@example.com/b' to='{to}@example.net'>\
                 <body>x</body></message>"
            )),
        )
        .unwrap();
        let m = only_sip(drain(&mut gw));
        assert!(!text(&m).contains(id));
        sent.push(m);
    }
    gw.handle_sip(t0, answer(&sent[1], 404)).unwrap();
    assert_eq!(only_xmpp(drain(&mut gw)).id(), Some("second"));
    gw.handle_sip(t0, answer(&sent[0], 480)).unwrap();
    let err = only_xmpp(drain(&mut gw));
    assert_eq!(err.id(), Some("first"));
    assert_eq!(err.from(), Some("romeo@example.net"));
}

/// IM-X-8: To and the Request-URI both come from the stanza's `to`
/// (RFC 3261 §8.1.1.1); a full-JID `to` becomes a GRUU in both; To has no
/// tag.
#[test]
fn im_x_8_to_and_request_uri() {
    let m = x2s(x2s_config(), EXAMPLE_1);
    assert_eq!(m.request_uri().unwrap().as_str(), "sip:romeo@example.net");
    assert_eq!(m.to_header().unwrap().uri.as_str(), "sip:romeo@example.net");
    let m = x2s(
        x2s_config(),
        "<message from='juliet@example.com/b' to='romeo@example.net/orchard'>\
         <body>x</body></message>",
    );
    assert_eq!(
        m.request_uri().unwrap().as_str(),
        "sip:romeo@example.net;gr=orchard"
    );
    let to = m.to_header().unwrap();
    assert_eq!(to.uri.as_str(), "sip:romeo@example.net;gr=orchard");
    assert_eq!(to.tag(), None);
    assert!(
        m.header("To").unwrap().starts_with('<'),
        "gr inside the brackets"
    );
}

/// IM-X-10 and V-IM-4: body line breaks are kept as they are by default
/// (LF); the option writes CRLF, the MIME canonical form of text (RFC 2046
/// §4.1.1).
#[test]
fn im_x_10_v_im_4_line_breaks() {
    let xml = "<message from='juliet@example.com/b' to='romeo@example.net'>\
               <body>one\ntwo\nthree</body></message>";
    assert!(!x2s_config().crlf_bodies);
    assert_eq!(x2s(x2s_config(), xml).body(), b"one\ntwo\nthree");
    let mut cfg = x2s_config();
    cfg.crlf_bodies = true;
    assert_eq!(x2s(cfg, xml).body(), b"one\r\ntwo\r\nthree");
}

/// TV-IM-11 (RFC 7572 §4 Table 1, §8): subject, language and thread:
/// `Subject: I implore you!`, `Content-Language: en`, the thread as
/// Call-ID, `gr=balcony` inside the From brackets, a 26-octet body.
#[test]
fn tv_im_11_subject_language_thread() {
    let input = "<message from='juliet@example.com/balcony' to='romeo@example.net' \
                 xml:lang='en' id='s1'>\
                 <subject>I implore you!</subject>\
                 <body>Wherefore art thou, Romeo?</body>\
                 <thread>e0ffe42b28561960c6b12b944a092794b9683a38</thread></message>";
    let m = x2s(x2s_config(), input);
    assert_eq!(m.header("Subject"), Some("I implore you!"));
    assert_eq!(m.header("Content-Language"), Some("en"));
    assert_eq!(
        m.call_id().unwrap(),
        "e0ffe42b28561960c6b12b944a092794b9683a38"
    );
    assert!(
        m.header("From")
            .unwrap()
            .starts_with("<sip:juliet@example.com;gr=balcony>;tag=")
    );
    assert_eq!(m.body(), b"Wherefore art thou, Romeo?");
    assert_eq!(m.content_length().unwrap(), None);
    let wire = text(&m);
    assert!(wire.contains("\r\nContent-Length: 26\r\n"), "{wire}");
    let (branch, tag, _) = ids_of(&m);
    insta::assert_snapshot!(
        "rfc7572_tv_im_11",
        wire.replace(&branch, "z9hG4bK<generated>")
            .replace(&format!("tag={tag}"), "tag=<generated>")
    );
}

// ------------------------------------- S2X design decisions (digest IM-S)

/// IM-S-1: `to` comes from the Request-URI (the current target after
/// retargeting) when it has a user part, else from To; a `gr` in it gives
/// a full JID.
#[test]
fn im_s_1_to_from_request_uri_or_to() {
    let to_of = |ruri: &str, to: &str| {
        let req = s2x_request(ruri, to, "Content-Type: text/plain\r\n", "x");
        let (s, _) = s2x_ok(s2x_config(), req);
        s.to().unwrap().to_owned()
    };
    assert_eq!(
        to_of("sip:juliet-work@example.com", "sip:juliet@example.com"),
        "juliet-work@example.com"
    );
    assert_eq!(
        to_of("sip:s2x.example.com", "sip:juliet@example.com"),
        "juliet@example.com"
    );
    assert_eq!(
        to_of(
            "sip:juliet@example.com;gr=balcony",
            "sip:juliet@example.com"
        ),
        "juliet@example.com/balcony"
    );
}

/// IM-S-2 and V-IM-3 (decision documented on `ImConfig::table_complete`:
/// the Via branch; the digest's alternatives are not offered): the stanza
/// `id` is the top Via's branch, stable for the transaction (a
/// retransmission gives the same id) and unique per transaction.
#[test]
fn im_s_2_v_im_3_id_is_the_top_via_branch() {
    let two_vias = sip(&EXAMPLE_4.replace(
        "Via: SIP/2.0/TCP s2x.example.net;branch=z9hG4bKeskdgs677\r\n",
        "Via: SIP/2.0/TCP proxy.example.net;branch=z9hG4bKtop1\r\n\
         Via: SIP/2.0/TCP s2x.example.net;branch=z9hG4bKeskdgs677\r\n",
    ));
    let (s, ok) = s2x_ok(s2x_config(), two_vias);
    assert_eq!(s.id(), Some("z9hG4bKtop1"));
    assert_eq!(ok.vias().count(), 2);
    // The same request twice (a retransmission): the same id.
    let (mut gw, t0) = gateway(s2x_config());
    gw.handle_sip(t0, sip(EXAMPLE_4)).unwrap();
    let (first, _) = stanza_and_answer(drain(&mut gw));
    gw.handle_sip(t0, sip(EXAMPLE_4)).unwrap();
    let (repeat, _) = stanza_and_answer(drain(&mut gw));
    assert_eq!(first.id(), Some("z9hG4bKeskdgs677"));
    assert_eq!(repeat.id(), first.id());
    // Another transaction: another id.
    assert_ne!(s.id(), first.id());
}

/// IM-S-3: the Call-ID becomes the `<thread/>` (Table 2, although Example
/// 5 omits it).
#[test]
fn im_s_3_call_id_becomes_thread() {
    let (s, _) = s2x_ok(
        s2x_config(),
        sip(&EXAMPLE_4.replace(
            "Call-ID: 9E97FB43-85F4-4A00-8751-1124FD4C7B2E",
            "Call-ID: a84b4c76e66710@pc33.atlanta.example.com",
        )),
    );
    let m = Message::try_from(s).unwrap();
    assert_eq!(
        m.thread().unwrap().id,
        "a84b4c76e66710@pc33.atlanta.example.com"
    );
}

/// IM-S-4: a `text/plain` body in another charset is transcoded to UTF-8
/// (ISO-8859-1, US-ASCII); an unknown charset is 415; a body that is not
/// valid in its charset is 400; a content coding other than identity is
/// 415 with `Accept-Encoding: identity`.
#[test]
fn im_s_4_charsets_and_content_coding() {
    let with = |ct: &str, extra: &str, body: &[u8]| {
        s2x_request_bytes(
            "sip:juliet@example.com",
            "sip:juliet@example.com",
            &format!("Content-Type: {ct}\r\n{extra}"),
            body,
        )
    };
    let (s, _) = s2x_ok(
        s2x_config(),
        with("text/plain; charset=ISO-8859-1", "", b"Caf\xe9"),
    );
    assert_eq!(Message::try_from(s).unwrap().body(), Some("Caf\u{e9}"));
    let (s, _) = s2x_ok(
        s2x_config(),
        with("text/plain; charset=us-ascii", "", b"plain"),
    );
    assert_eq!(Message::try_from(s).unwrap().body(), Some("plain"));
    let (s, _) = s2x_ok(
        s2x_config(),
        with("text/plain", "Content-Encoding: identity\r\n", b"same"),
    );
    assert_eq!(Message::try_from(s).unwrap().body(), Some("same"));

    let (fault, resp) = s2x_refused(s2x_config(), with("text/plain; charset=koi8-r", "", b"x"));
    assert!(matches!(fault, ImFault::UnsupportedCharset { .. }));
    assert_eq!(resp.status().unwrap().as_u16(), 415);
    let (fault, resp) = s2x_refused(s2x_config(), with("text/plain", "", b"Caf\xe9"));
    assert_eq!(fault, ImFault::BadBody);
    assert_eq!(resp.status().unwrap().as_u16(), 400);
    let (fault, resp) = s2x_refused(
        s2x_config(),
        with("text/plain; charset=us-ascii", "", b"Caf\xe9"),
    );
    assert_eq!(fault, ImFault::BadBody);
    assert_eq!(resp.status().unwrap().as_u16(), 400);
    let (fault, resp) = s2x_refused(
        s2x_config(),
        with("text/plain", "Content-Encoding: gzip\r\n", b"\x1f\x8b"),
    );
    assert!(matches!(fault, ImFault::UnsupportedEncoding { .. }));
    assert_eq!(resp.status().unwrap().as_u16(), 415);
    assert_eq!(resp.header("Accept-Encoding"), Some("identity"));
}

/// IM-S-5: an unsupported type is 415 with `Accept: text/plain, text/html`
/// plus `message/cpim` when CPIM is unwrapped; what is switched off is not
/// offered.
#[test]
fn im_s_5_accept_lists_what_is_translated() {
    let accept = |cfg: ImConfig| {
        let req = s2x_request(
            "sip:juliet@example.com",
            "sip:juliet@example.com",
            "Content-Type: application/pdf\r\n",
            "%PDF",
        );
        let (_, resp) = s2x_refused(cfg, req);
        resp.accept()
            .map(|t| t.unwrap().to_string())
            .collect::<Vec<_>>()
    };
    let all = accept(s2x_config());
    assert_eq!(&all[..3], ["text/plain", "text/html", "message/cpim"]);
    let mut cfg = s2x_config();
    cfg.html = false;
    cfg.cpim = false;
    let plain = accept(cfg);
    assert_eq!(plain[0], "text/plain");
    assert!(
        !plain
            .iter()
            .any(|t| t == "text/html" || t == "message/cpim"),
        "{plain:?}"
    );
    // And an HTML body is then refused with 415 rather than half-translated.
    let mut cfg = s2x_config();
    cfg.html = false;
    let req = s2x_request(
        "sip:juliet@example.com",
        "sip:juliet@example.com",
        "Content-Type: text/html\r\n",
        "<p>Hi</p>",
    );
    let (_, resp) = s2x_refused(cfg, req);
    assert_eq!(resp.status().unwrap().as_u16(), 415);
}

/// IM-S-6: characters XML 1.0 cannot carry (C0 controls other than TAB, LF
/// and CR; U+FFFE; U+FFFF) make the request a 400 by default, not a
/// broken stanza; the configuration can strip them instead; CRLF becomes
/// LF; TAB is kept.
#[test]
fn im_s_6_xml_illegal_characters_and_line_ends() {
    assert!(!s2x_config().strip_invalid_xml_chars);
    let mut strip = s2x_config();
    strip.strip_invalid_xml_chars = true;
    for (bad, stripped) in [
        ("a\u{1}b", "ab"),
        ("bell\u{7}", "bell"),
        ("a\u{fffe}", "a"),
        ("a\u{ffff}", "a"),
        ("nul\u{0}", "nul"),
    ] {
        let (fault, resp) = s2x_refused(s2x_config(), plain_to_juliet("", bad));
        assert_eq!(fault, ImFault::BadBody, "{bad:?}");
        assert_eq!(resp.status().unwrap().as_u16(), 400);
        let (s, ok) = s2x_ok(strip.clone(), plain_to_juliet("", bad));
        let back = Message::try_from(stanza(&xml(&s))).unwrap();
        assert_eq!(back.body(), Some(stripped), "{bad:?}");
        assert_eq!(ok.status(), Some(StatusCode::OK));
    }
    let (s, _) = s2x_ok(s2x_config(), plain_to_juliet("", "one\r\ntwo\tcol"));
    let wire = xml(&s);
    let back = Message::try_from(stanza(&wire)).unwrap();
    assert_eq!(back.body(), Some("one\ntwo\tcol"));
}

/// IM-S-7: of several Content-Language tags the first becomes `xml:lang`;
/// a tag that is not a language tag is dropped rather than refused.
#[test]
fn im_s_7_content_language_first_valid_tag() {
    let (s, _) = s2x_ok(
        s2x_config(),
        plain_to_juliet("Content-Language: cs, en\r\n", "x"),
    );
    assert_eq!(s.lang(), Some("cs"));
    let (s, _) = s2x_ok(
        s2x_config(),
        plain_to_juliet("Content-Language: fr-CA\r\n", "x"),
    );
    assert_eq!(s.lang(), Some("fr-CA"));
    let (s, ok) = s2x_ok(
        s2x_config(),
        plain_to_juliet("Content-Language: en_US!, de\r\n", "x"),
    );
    assert_eq!(s.lang(), Some("de"));
    assert_eq!(ok.status(), Some(StatusCode::OK));
    let (s, _) = s2x_ok(
        s2x_config(),
        plain_to_juliet("Content-Language: 12345\r\n", "x"),
    );
    assert_eq!(s.lang(), None);
}

/// IM-S-8 and V-IM-1: an accepted MESSAGE is answered 200 OK by default
/// (RFC 7572 §5); the configuration can make it 202 Accepted (RFC 3428 §7
/// for a relay into a non-SIP domain, MSG-4). The stanza is the same.
#[test]
fn im_s_8_v_im_1_200_by_default_202_by_choice() {
    assert_eq!(s2x_config().accepted_status, StatusCode::OK);
    let (s200, ok) = s2x_ok(s2x_config(), sip(EXAMPLE_4));
    assert_eq!(ok.status(), Some(StatusCode::OK));
    let mut cfg = s2x_config();
    cfg.accepted_status = StatusCode::ACCEPTED;
    let (s202, accepted) = s2x_ok(cfg, sip(EXAMPLE_4));
    assert_eq!(accepted.status(), Some(StatusCode::ACCEPTED));
    assert_eq!(accepted.reason_phrase(), Some("Accepted"));
    assert_eq!(xml(&s200), xml(&s202));
}

/// IM-S-9: `Max-Forwards: 0` is answered 483 Too Many Hops and not
/// translated (loop defence, RFC 7247 §8 CORE-SEC-4); 1 still passes.
#[test]
fn im_s_9_max_forwards_zero_is_483() {
    let req = sip(&EXAMPLE_4.replace("Max-Forwards: 70", "Max-Forwards: 0"));
    let (fault, resp) = s2x_refused(s2x_config(), req);
    assert_eq!(fault, ImFault::TooManyHops);
    assert_eq!(resp.status().unwrap().as_u16(), 483);
    let req = sip(&EXAMPLE_4.replace("Max-Forwards: 70", "Max-Forwards: 1"));
    s2x_ok(s2x_config(), req);
}

/// IM-S-10 and MSG-8 (RFC 3428 §7), the default: a MESSAGE whose Expires
/// has passed (here Expires 0 with a Date long gone) is translated anyway,
/// the digest's default for a matter RFC 3428 leaves to local policy.
#[test]
fn im_s_10_msg_8_expired_message_is_translated_by_default() {
    assert!(!s2x_config().drop_expired);
    let req = plain_to_juliet(
        "Expires: 0\r\nDate: Sat, 13 Nov 2010 23:29:00 GMT\r\n",
        "stale",
    );
    let (mut gw, t0) = gateway(s2x_config());
    gw.set_wall_clock(t0, 1_700_000_000);
    gw.handle_sip(t0, req).unwrap();
    let (s, ok) = stanza_and_answer(drain(&mut gw));
    assert_eq!(Message::try_from(s).unwrap().body(), Some("stale"));
    assert_eq!(ok.status(), Some(StatusCode::OK));
}

/// IM-S-10 and MSG-8, the alternative (`drop_expired`): a MESSAGE whose
/// Date plus Expires lies before the wall clock the embedder gave is
/// answered with the accepted status and dropped; one still valid is
/// translated; without a Date, or before the gateway knows the wall
/// clock, nothing counts as expired. The wall clock advances with the
/// instants the gateway is given.
#[test]
fn im_s_10_msg_8_expired_message_dropped_by_choice() {
    // Sat, 13 Nov 2010 23:29:00 GMT.
    const SENT: i64 = 1_289_690_940;
    let mut cfg = s2x_config();
    cfg.drop_expired = true;
    let hour = "Expires: 3600\r\nDate: Sat, 13 Nov 2010 23:29:00 GMT\r\n";
    let (mut gw, t0) = gateway(cfg.clone());
    gw.set_wall_clock(t0, SENT + 3599);
    gw.handle_sip(t0, plain_to_juliet(hour, "in time")).unwrap();
    let (s, _) = stanza_and_answer(drain(&mut gw));
    assert_eq!(Message::try_from(s).unwrap().body(), Some("in time"));

    let t1 = t0 + Duration::from_secs(2);
    gw.handle_sip(t1, plain_to_juliet(hour, "too late"))
        .unwrap();
    let ok = only_sip(drain(&mut gw));
    assert_eq!(ok.status(), Some(StatusCode::OK));

    cfg.accepted_status = StatusCode::ACCEPTED;
    let (mut gw, t0) = gateway(cfg.clone());
    gw.set_wall_clock(t0, SENT + 1);
    gw.handle_sip(
        t0,
        plain_to_juliet(
            "Expires: 0\r\nDate: Sat, 13 Nov 2010 23:29:00 GMT\r\n",
            "stale",
        ),
    )
    .unwrap();
    assert_eq!(
        only_sip(drain(&mut gw)).status(),
        Some(StatusCode::ACCEPTED)
    );
    // No Date: not known to be expired.
    gw.handle_sip(t0, plain_to_juliet("Expires: 0\r\n", "undated"))
        .unwrap();
    let (s, _) = stanza_and_answer(drain(&mut gw));
    assert_eq!(Message::try_from(s).unwrap().body(), Some("undated"));
    // No wall clock: not known to be expired.
    let (r, out) = s2x(cfg, plain_to_juliet(hour, "no clock"));
    r.unwrap();
    let (s, _) = stanza_and_answer(out);
    assert_eq!(Message::try_from(s).unwrap().body(), Some("no clock"));
}

/// Digest §5 (no body): a MESSAGE without a body is answered 200 and
/// produces no stanza (an empty `<message/>` carries nothing).
#[test]
fn s2x_empty_message_is_answered_without_stanza() {
    let req = s2x_request("sip:juliet@example.com", "sip:juliet@example.com", "", "");
    let (r, out) = s2x(s2x_config(), req);
    r.unwrap();
    assert_eq!(only_sip(out).status(), Some(StatusCode::OK));
}

/// TV-IM-17 (RFC 7247 §6.4): a MESSAGE to `sip:%20bad@example.com` is 400
/// Bad Request (the localpart would start with a space); no stanza.
#[test]
fn tv_im_17_unmappable_recipient_is_400() {
    let req = s2x_request(
        "sip:%20bad@example.com",
        "sip:%20bad@example.com",
        "Content-Type: text/plain\r\n",
        "Hi",
    );
    let (fault, resp) = s2x_refused(s2x_config(), req);
    assert!(
        matches!(
            fault,
            ImFault::Address {
                role: Role::Recipient,
                ..
            }
        ),
        "{fault:?}"
    );
    assert_eq!(resp.status(), Some(StatusCode::BAD_REQUEST));
}

// ---------------------------------------------- RFC 3428 (underlying §3)

/// MSG-3 (RFC 3428 §4): a MESSAGE may come inside a dialog (To with a
/// tag); the gateway keeps no dialogs but translates it and answers with
/// that To tag; and it never creates a dialog to group messages: all it
/// sends towards SIP are out-of-dialog MESSAGE requests.
#[test]
fn msg_3_in_dialog_message_and_no_dialog_creation() {
    let req = sip(&EXAMPLE_4.replace(
        "To: sip:juliet@example.com\r\n",
        "To: sip:juliet@example.com;tag=dlg1\r\n",
    ));
    let (s, ok) = s2x_ok(s2x_config(), req);
    assert_eq!(s.to(), Some("juliet@example.com"));
    assert_eq!(ok.to_header().unwrap().tag(), Some("dlg1"));

    let (mut gw, t0) = gateway(x2s_config());
    let mut last_call_id = String::new();
    for i in 0..3 {
        gw.handle_xmpp(t0, stanza(EXAMPLE_1)).unwrap();
        let m = only_sip(drain(&mut gw));
        assert_eq!(m.method().unwrap().as_str(), "MESSAGE", "{i}");
        assert_eq!(m.to_header().unwrap().tag(), None);
        assert_ne!(m.call_id().unwrap(), last_call_id);
        last_call_id = m.call_id().unwrap().to_owned();
        gw.handle_sip(t0, answer(&m, 200)).unwrap();
    }
}

/// MSG-7 (RFC 3428 §7): a MESSAGE may fork, but the UAC sees one final
/// response: after the first final response a later one (another branch
/// of the fork, or a retransmission) changes nothing; several provisional
/// responses before it leave the transaction pending.
#[test]
fn msg_7_one_final_response_per_transaction() {
    let (mut gw, t0) = gateway(x2s_config());
    gw.handle_xmpp(t0, stanza(TV_IM_10_INPUT)).unwrap();
    let sent = only_sip(drain(&mut gw));
    for _ in 0..2 {
        gw.handle_sip(t0, answer(&sent, 180)).unwrap();
        assert_eq!(gw.pending_count(), 1);
    }
    gw.handle_sip(t0, answer(&sent, 200)).unwrap();
    assert!(drain(&mut gw).is_empty());
    for code in [200, 404, 603] {
        let r = gw.handle_sip(t0, answer(&sent, code)).unwrap_err();
        assert_eq!(r.fault, ImFault::UnmatchedResponse, "{code}");
        assert!(!r.replied);
        assert!(drain(&mut gw).is_empty(), "{code}");
    }
}

// ------------------------------------------------------- [verify] V-IM-*

/// V-IM-2, reading (a), the default (`thread_as_call_id`): a `<thread/>`
/// reused across messages gives the same Call-ID with increasing CSeq
/// numbers, so each MESSAGE is still a distinct request (RFC 3261
/// §8.1.1.5).
#[test]
fn v_im_2_thread_reuse_increments_cseq() {
    assert!(x2s_config().thread_as_call_id);
    let (mut gw, t0) = gateway(x2s_config());
    let mut seqs = Vec::new();
    for _ in 0..3 {
        gw.handle_xmpp(t0, stanza(THREAD_42)).unwrap();
        let m = only_sip(drain(&mut gw));
        assert_eq!(m.call_id().unwrap(), "th-42");
        seqs.push(m.cseq().unwrap().seq);
        gw.handle_sip(t0, answer(&m, 200)).unwrap();
    }
    assert_eq!(seqs, [1, 2, 3]);
}

/// A message of the thread `th-42`.
const THREAD_42: &str = "<message from='juliet@example.com/b' to='romeo@example.net'>\
                         <body>x</body><thread>th-42</thread></message>";

/// V-IM-2, reading (b) (`thread_as_call_id` off): every MESSAGE of the
/// thread has a fresh, globally unique Call-ID and CSeq 1 (RFC 3261
/// §8.1.1.4 for requests outside a dialog); a MESSAGE coming back in one
/// of those Call-IDs still gets the thread.
#[test]
fn v_im_2_fresh_call_id_per_message() {
    let mut cfg = x2s_config();
    cfg.thread_as_call_id = false;
    let (mut gw, t0) = gateway(cfg);
    let mut call_ids = Vec::new();
    for _ in 0..3 {
        gw.handle_xmpp(t0, stanza(THREAD_42)).unwrap();
        let m = only_sip(drain(&mut gw));
        assert_eq!(m.cseq().unwrap().seq, 1);
        let call_id = m.call_id().unwrap().to_owned();
        assert!(!call_id.contains("th-42"), "{call_id}");
        assert!(!call_ids.contains(&call_id), "{call_id}");
        call_ids.push(call_id);
        gw.handle_sip(t0, answer(&m, 200)).unwrap();
    }
    let reply = sip(&EXAMPLE_4.replace("9E97FB43-85F4-4A00-8751-1124FD4C7B2E", &call_ids[1]));
    gw.handle_sip(t0, reply).unwrap();
    let (s, _) = stanza_and_answer(drain(&mut gw));
    assert_eq!(Message::try_from(s).unwrap().thread().unwrap().id, "th-42");
}

/// V-IM-5 (decision: `chat` translated as pager mode, the default): a
/// `chat` message becomes a MESSAGE; with `translate_chat` off it is
/// refused with `<feature-not-implemented/>` (cancel) and nothing goes to
/// SIP (its place is then RFC 7573's MSRP chat).
#[test]
fn v_im_5_chat_default_and_alternative() {
    let chat = "<message id='c1' from='juliet@example.com/b' to='romeo@example.net' \
                type='chat'><body>Hi</body></message>";
    assert!(x2s_config().translate_chat);
    assert_eq!(x2s(x2s_config(), chat).body(), b"Hi");
    let mut cfg = x2s_config();
    cfg.translate_chat = false;
    let (fault, err) = x2s_refused(cfg.clone(), chat);
    assert_eq!(fault, ImFault::Chat);
    assert_eq!(err.id(), Some("c1"));
    assert_eq!(
        error_of(&err),
        (DefinedCondition::FeatureNotImplemented, ErrorType::Cancel)
    );
    // Other single messages are not affected.
    assert_eq!(
        x2s(cfg, EXAMPLE_1).body(),
        b"Art thou not Romeo, and a Montague?"
    );
}

/// V-IM-6 (decision: table-complete, the default): `table_complete` adds
/// `<thread/>` and `id` as Table 2 requires; off, the stanza is Example 5
/// as printed. Both forms are tested against the RFC in
/// `tv_im_4_tv_im_5_tv_im_6_example_4_becomes_example_5` and
/// `tv_im_5_example_5_literal_form`; here the switch alone.
#[test]
fn v_im_6_table_complete_default_and_literal() {
    assert!(s2x_config().table_complete);
    let (full, _) = s2x_ok(s2x_config(), sip(EXAMPLE_4));
    let full = Message::try_from(full).unwrap();
    assert!(full.thread().is_some() && full.id().is_some());
    let mut cfg = s2x_config();
    cfg.table_complete = false;
    let (literal, _) = s2x_ok(cfg, sip(EXAMPLE_4));
    let literal = Message::try_from(literal).unwrap();
    assert!(literal.thread().is_none() && literal.id().is_none());
    assert_eq!(literal.body(), full.body());
}

/// The stateless S2X mapping agrees with the gateway on Example 4 (the
/// gateway adds only the GRUU hint and the thread table).
#[test]
fn tv_im_5_stateless_mapping_agrees_with_the_gateway() {
    let hints = S2xHints {
        instance: Some("dr4hcr0st3lup4c"),
        thread: None,
    };
    let m = message_to_xmpp(&sip(EXAMPLE_4), &s2x_config(), &hints)
        .unwrap()
        .unwrap();
    assert_stanza(&Stanza::Message(m), EXAMPLE_5_TABLE_COMPLETE);
}

/// The configuration knows the served domains: a sender outside the SIP
/// domains is refused (403), a recipient outside the XMPP domains too
/// (404), per RFC 7247 §6 and its answers.
#[test]
fn served_domains_are_honoured() {
    let mut cfg = s2x_config();
    cfg.mapper = AddressMapper::new(
        Domains::only(["example.net"]).unwrap(),
        Domains::only(["example.com"]).unwrap(),
    );
    s2x_ok(cfg.clone(), sip(EXAMPLE_4));
    let spoofed = sip(&EXAMPLE_4.replace(
        "From: sip:romeo@example.net",
        "From: sip:romeo@evil.example",
    ));
    let (_, resp) = s2x_refused(cfg.clone(), spoofed);
    assert_eq!(resp.status().unwrap().as_u16(), 403);
    let elsewhere = sip(&EXAMPLE_4.replace("juliet@example.com", "juliet@other.example"));
    let (_, resp) = s2x_refused(cfg, elsewhere);
    assert_eq!(resp.status().unwrap().as_u16(), 404);
}
