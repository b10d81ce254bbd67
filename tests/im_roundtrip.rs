//! Property: a text MESSAGE translated SIP → XMPP (RFC 7572 Table 2), put
//! on the wire, and translated back XMPP → SIP (Table 1) keeps its body,
//! language, subject, addresses and Call-ID (through `<thread/>`).

use proptest::prelude::*;
use sip_xmpp::im::ImConfig;
use sip_xmpp::im::map::{S2xHints, SipIds, map_message_to_xmpp, message_to_sip, message_to_xmpp};
use sip_xmpp::sip::{Framing, SipMessage};
use sip_xmpp::xmpp::{Message, Stanza, StanzaConfig};

/// SIP user parts: unreserved characters and the user-unreserved ones of
/// RFC 3261 §25, some of which XEP-0106 must escape in a JID localpart.
fn user() -> impl Strategy<Value = String> {
    proptest::string::string_regex("[a-z0-9][a-z0-9._'&/=+-]{0,15}")
        .expect("regex")
        .prop_filter("no trailing dot", |u| !u.ends_with('.'))
}

/// Text an XML body can carry, with LF line ends (CRLF becomes LF on the
/// way to XMPP, IM-S-6, so it is not generated here).
fn body() -> impl Strategy<Value = String> {
    proptest::collection::vec(
        prop_oneof![
            8 => proptest::char::range(' ', '~'),
            2 => proptest::char::range('\u{a0}', '\u{2fff}'),
            1 => Just('\n'),
            1 => Just('\t'),
            1 => Just('😀'),
        ],
        1..200,
    )
    .prop_map(|cs| cs.into_iter().collect())
}

/// A `Subject` value: TEXT-UTF8-TRIM (no line break, no space at either
/// end; IM-D-12).
fn subject() -> impl Strategy<Value = Option<String>> {
    proptest::option::of(
        proptest::collection::vec("[A-Za-z0-9äöü,.!?]{1,8}", 1..6).prop_map(|w| w.join(" ")),
    )
}

fn lang() -> impl Strategy<Value = Option<&'static str>> {
    proptest::option::of(proptest::sample::select(
        &["en", "cs", "de-CH", "zh-Hant-TW", "i-klingon", "es-419"][..],
    ))
}

/// RFC 3261 `word`s: a Call-ID that `<thread/>` carries unchanged.
fn call_id() -> impl Strategy<Value = String> {
    proptest::string::string_regex("[A-Za-z0-9.!%*_+`'~()<>:\\\\\"/?{}-]{1,40}(@[a-z0-9.]{1,20})?")
        .expect("regex")
}

fn message_bytes(
    from: &str,
    to: &str,
    body: &str,
    subject: Option<&str>,
    lang: Option<&str>,
    call_id: &str,
) -> Vec<u8> {
    let mut m = format!(
        "MESSAGE sip:{to}@example.com SIP/2.0\r\n\
         Via: SIP/2.0/TCP s2x.example.net;branch=z9hG4bKeskdgs677\r\n\
         Max-Forwards: 70\r\n\
         To: <sip:{to}@example.com>\r\n\
         From: <sip:{from}@example.net>;tag=12345\r\n\
         Call-ID: {call_id}\r\n\
         CSeq: 1 MESSAGE\r\n\
         Content-Type: text/plain;charset=UTF-8\r\n"
    );
    if let Some(s) = subject {
        m.push_str(&format!("Subject: {s}\r\n"));
    }
    if let Some(l) = lang {
        m.push_str(&format!("Content-Language: {l}\r\n"));
    }
    m.push_str(&format!("Content-Length: {}\r\n\r\n{body}", body.len()));
    m.into_bytes()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn sip_to_xmpp_to_sip_keeps_the_message(
        from in user(),
        to in user(),
        body in body(),
        subject in subject(),
        lang in lang(),
        call_id in call_id(),
    ) {
        let wire = message_bytes(&from, &to, &body, subject.as_deref(), lang, &call_id);
        let req = SipMessage::parse(&wire, Framing::Stream).expect("generated MESSAGE parses");
        let s2x = ImConfig::new("s2x.example.net", "TCP");
        let m = message_to_xmpp(&req, &s2x, &S2xHints::default())
            .expect("translated")
            .expect("a message");
        // Over the XMPP wire and back.
        let stanza = Stanza::parse(&m.to_bytes(), &StanzaConfig::default()).expect("stanza");
        let m = Message::try_from(stanza).expect("message");
        prop_assert_eq!(m.body(), Some(body.as_str()));
        prop_assert_eq!(m.subject(), subject.as_deref());
        prop_assert_eq!(m.lang(), lang);

        let x2s = ImConfig::new("x2s.example.com", "TCP");
        let thread = m.thread().expect("thread from Call-ID").id.to_owned();
        let ids = SipIds { call_id: &thread, from_tag: "abc", branch: "z9hG4bK1", cseq: 1 };
        let back = message_to_sip(&m, &ids, &x2s)
            .expect("translated back")
            .expect("a request");
        let back = SipMessage::parse(&back.to_bytes(), Framing::Stream).expect("written MESSAGE parses");

        prop_assert_eq!(back.body(), body.as_bytes());
        prop_assert_eq!(back.header("Subject"), subject.as_deref());
        prop_assert_eq!(back.header("Content-Language"), lang);
        prop_assert_eq!(back.call_id().ok(), Some(call_id.as_str()));
        let from_uri = back.from_header().expect("From").uri.clone();
        let to_uri = back.to_header().expect("To").uri.clone();
        prop_assert!(
            from_uri.equivalent(&req.from_header().expect("From").uri),
            "From {} against {}", from_uri, from
        );
        prop_assert!(to_uri.equivalent(&req.to_header().expect("To").uri), "To {}", to_uri);
        prop_assert!(back.request_uri().expect("R-URI").equivalent(req.request_uri().expect("R-URI")));
    }
}

/// Text with everything XML escapes, CR alone, and characters XML cannot
/// carry (refused, or removed under `strip_invalid_xml_chars`).
fn raw_body() -> impl Strategy<Value = String> {
    proptest::collection::vec(
        prop_oneof![
            6 => proptest::char::range(' ', '~'),
            2 => proptest::sample::select(vec!['&', '<', '>', '\'', '"', '\r', '\n', '\t']),
            1 => proptest::char::range('\u{a0}', '\u{2fff}'),
            1 => proptest::sample::select(vec!['\u{1}', '\u{1f}', '\u{fffe}', '\u{ffff}']),
        ],
        0..120,
    )
    .prop_map(|cs| cs.into_iter().collect())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    /// The mapped stanza writes itself (without an element tree) exactly
    /// as the `Message` built from the same MESSAGE writes, and both paths
    /// refuse the same requests with the same fault.
    #[test]
    fn direct_writing_matches_the_built_stanza(
        from in user(),
        to in user(),
        body in raw_body(),
        subject in proptest::option::of("[ -~&<>'\"]{0,20}"),
        lang in lang(),
        call_id in call_id(),
        instance in proptest::option::of("[a-z0-9&'<>]{1,12}"),
        strip in any::<bool>(),
        complete in any::<bool>(),
        ns in 0..3usize,
    ) {
        let wire = message_bytes(&from, &to, &body, subject.as_deref(), lang, &call_id);
        let Ok(req) = SipMessage::parse(&wire, Framing::Stream) else {
            return Ok(());
        };
        let mut cfg = ImConfig::new("s2x.example.net", "TCP");
        cfg.strip_invalid_xml_chars = strip;
        cfg.table_complete = complete;
        cfg.namespace = [
            sip_xmpp::xmpp::StanzaNamespace::Client,
            sip_xmpp::xmpp::StanzaNamespace::Server,
            sip_xmpp::xmpp::StanzaNamespace::Component,
        ][ns];
        let hints = S2xHints { instance: instance.as_deref(), thread: None };
        let mapped = map_message_to_xmpp(&req, &cfg, &hints);
        let built = message_to_xmpp(&req, &cfg, &hints);
        match (mapped, built) {
            (Ok(Some(m)), Ok(Some(b))) => {
                let (direct, tree) = (m.to_bytes(), b.to_bytes());
                prop_assert_eq!(String::from_utf8_lossy(&direct), String::from_utf8_lossy(&tree));
                let again = Stanza::parse(&direct, &StanzaConfig::new(cfg.namespace)).expect("reads back");
                prop_assert_eq!(again, Stanza::Message(b));
            }
            (Ok(None), Ok(None)) => {}
            (Err(a), Err(b)) => prop_assert_eq!(a, b),
            (a, b) => prop_assert!(false, "direct {:?} against built {:?}", a, b),
        }
    }
}
