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

/// Values a caller may hand the XMPP → SIP mapping for the generated
/// identifiers and the gateway's Via: the usual ones, and ones the
/// request builder quotes, trims or refuses (spaces, quotes, line breaks,
/// an empty value, a branch without the RFC 3261 cookie).
fn ident(cookie: bool) -> impl Strategy<Value = String> {
    let prefix = if cookie { "z9hG4bK" } else { "" };
    prop_oneof![
        6 => proptest::string::string_regex("[A-Za-z0-9.!%*_+`'~-]{1,12}")
            .expect("regex")
            .prop_map(move |s| format!("{prefix}{s}")),
        1 => proptest::string::string_regex("[ -~\t\r\n]{0,12}")
            .expect("regex")
            .prop_map(move |s| format!("{prefix}{s}")),
        1 => proptest::string::string_regex("[ -~]{0,10}").expect("regex"),
        // Near misses of the cookie (and the bare cookie).
        1 => proptest::string::string_regex("z9hG4b[A-Za-z]{0,2}").expect("regex"),
    ]
}

/// Stanza addresses: plain JIDs, escaped localparts, upper case and IDN
/// domains (changed by enforcement), resources, and a few invalid ones.
fn jid() -> impl Strategy<Value = String> {
    prop_oneof![
        6 => ("[a-z0-9][a-z0-9._-]{0,10}", "(example\\.com|example\\.net|Example\\.ORG|café\\.example|192\\.0\\.2\\.1|\\[::1\\])", proptest::option::of("[A-Za-z0-9 /@.]{1,12}"))
            .prop_map(|(l, d, r)| match r {
                Some(r) => format!("{l}@{d}/{r}"),
                None => format!("{l}@{d}"),
            }),
        1 => "[a-z]{1,6}\\\\(20|27|40|5c)[a-z]{1,4}@example\\.com".prop_map(|s| s),
        1 => "[ -~]{0,16}".prop_map(|s| s),
    ]
}

fn stanza_text() -> impl Strategy<Value = String> {
    proptest::collection::vec(
        prop_oneof![
            6 => proptest::char::range(' ', '~'),
            2 => proptest::sample::select(vec!['\r', '\n', '\t']),
            1 => proptest::char::range('\u{a0}', '\u{2fff}'),
        ],
        0..80,
    )
    .prop_map(|cs| cs.into_iter().collect())
}

fn xml_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('\'', "&apos;")
        .replace('\r', "&#13;")
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(768))]

    /// XMPP → SIP: the mapped request writes itself (without a
    /// `SipMessage`) exactly as the request built from the same values
    /// writes, says its size exactly, and the mapping refuses what the
    /// builder refuses (IM-X-9's size limit included).
    #[test]
    fn direct_request_writing_matches_the_built_request(
        from in jid(),
        to in jid(),
        body in stanza_text(),
        subject in proptest::option::of(stanza_text()),
        lang in proptest::option::of(proptest::sample::select(&["en", "de-CH", "x", "*", "en_GB", ""][..])),
        (call_id, from_tag, branch) in (ident(false), ident(false), ident(true)),
        cseq in prop_oneof![1 => Just(u32::MAX), 8 => 0..100u32],
        host in prop_oneof![4 => Just("x2s.example.com".to_owned()), 1 => "[ -~]{0,12}".prop_map(|s| s)],
        port in proptest::option::of(any::<u16>()),
        transport in prop_oneof![4 => Just("TCP".to_owned()), 1 => "[ -~]{0,5}".prop_map(|s| s)],
        (charset, crlf, gr, im) in (any::<bool>(), any::<bool>(), any::<bool>(), any::<bool>()),
        max in proptest::option::of(200..700usize),
    ) {
        use sip_xmpp::address::{AddressMapper, UriScheme};
        use sip_xmpp::im::map::{map_message_to_sip, message_view_to_sip};
        use sip_xmpp::xmpp::MessageView;

        let mut xml = format!(
            "<message xmlns='jabber:client' from='{}' to='{}'",
            xml_escape(&from),
            xml_escape(&to)
        );
        if let Some(l) = lang {
            xml.push_str(&format!(" xml:lang='{l}'"));
        }
        xml.push('>');
        if let Some(s) = &subject {
            xml.push_str(&format!("<subject>{}</subject>", xml_escape(s)));
        }
        xml.push_str(&format!("<body>{}</body></message>", xml_escape(&body)));
        let Ok(view) = MessageView::parse(xml.as_bytes(), &StanzaConfig::default()) else {
            return Ok(());
        };
        let mut cfg = ImConfig::new("x2s.example.com", "TCP");
        cfg.sip.host = host;
        cfg.sip.port = port;
        cfg.sip.transport = transport;
        cfg.charset_param = charset;
        cfg.crlf_bodies = crlf;
        cfg.max_request_bytes = max;
        let mut policy = *cfg.mapper.policy();
        policy.resource_to_gr = gr;
        if im {
            policy.scheme = UriScheme::Im;
        }
        cfg.mapper = AddressMapper::default().with_policy(policy);
        let ids = SipIds { call_id: &call_id, from_tag: &from_tag, branch: &branch, cseq };

        let mapped = map_message_to_sip(&view, &ids, &cfg);
        let built = message_view_to_sip(&view, &ids, &cfg);
        match (mapped, built) {
            (Ok(Some(m)), Ok(Some(b))) => {
                let (direct, built) = (m.to_bytes(), b.to_bytes());
                prop_assert_eq!(String::from_utf8_lossy(&direct), String::from_utf8_lossy(&built));
                prop_assert_eq!(m.wire_len(), direct.len());
                prop_assert_eq!(Some(m.request_uri()), b.request_uri().map(|u| u.as_str().to_owned()));
                prop_assert_eq!(m.into_request().expect("builds"), b);
            }
            (Ok(None), Ok(None)) => {}
            (Err(a), Err(b)) => prop_assert_eq!(a, b),
            (a, b) => prop_assert!(false, "direct {:?} against built {:?}", a, b),
        }
    }
}
