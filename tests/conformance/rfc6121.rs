//! RFC 6121 (XMPP IM): presence syntax (§4.7, `underlying.md` §8.1) and
//! message syntax (§5.2, `underlying.md` §8.2), each rule read and built.

use sip_xmpp::xmpp::{
    Child, Message, MessageBuilder, MessageType, Presence, PresenceBuilder, PresenceType, Show,
    Stanza, StanzaConfig, StanzaFault, Thread, XmppError,
};

fn parse(s: &str) -> Result<Stanza, XmppError> {
    Stanza::parse(s.as_bytes(), &StanzaConfig::default())
}

fn presence(s: &str) -> Presence {
    Presence::try_from(parse(s).unwrap_or_else(|e| panic!("{s}: {e}"))).unwrap()
}

fn message(s: &str) -> Message {
    Message::try_from(parse(s).unwrap_or_else(|e| panic!("{s}: {e}"))).unwrap()
}

fn fault(s: &str) -> StanzaFault {
    match parse(s) {
        Err(XmppError::Invalid { fault, .. }) => fault,
        other => panic!("{s}: expected an invalid stanza, got {other:?}"),
    }
}

fn reparsed(s: &Stanza) -> Stanza {
    Stanza::parse(&s.to_bytes(), &StanzaConfig::default()).unwrap()
}

// ---------------------------------------------------------------- §4.7

/// RFC 6121 §4.7.1: the presence types; no type means available, and
/// there is no `type='available'`.
#[test]
fn s4_7_1_presence_types() {
    for (attr, t) in [
        (None, PresenceType::Available),
        (Some("unavailable"), PresenceType::Unavailable),
        (Some("subscribe"), PresenceType::Subscribe),
        (Some("subscribed"), PresenceType::Subscribed),
        (Some("unsubscribe"), PresenceType::Unsubscribe),
        (Some("unsubscribed"), PresenceType::Unsubscribed),
        (Some("probe"), PresenceType::Probe),
    ] {
        let input = match attr {
            Some(a) => format!("<presence type='{a}'/>"),
            None => "<presence/>".to_owned(),
        };
        assert_eq!(presence(&input).presence_type(), t);
        assert_eq!(t.as_attr(), attr);
        let built = PresenceBuilder::new().presence_type(t).build().unwrap();
        assert_eq!(built.presence_type(), t);
        assert_eq!(built.as_element().attr("type"), attr);
    }
}

/// RFC 6121 §4.7.1: an unknown presence type, `available` included, is
/// answered with `bad-request`.
#[test]
fn s4_7_1_unknown_presence_type_is_bad_request() {
    for t in ["available", "Unavailable", "invisible", ""] {
        let e = parse(&format!("<presence type='{t}'/>")).unwrap_err();
        assert_eq!(
            e.fault(),
            Some(&StanzaFault::UnknownType { value: t.into() })
        );
        assert_eq!(
            e.reply_condition(),
            Some(sip_xmpp::xmpp::DefinedCondition::BadRequest)
        );
    }
}

/// RFC 6121 §4.7.2.1: at most one `<show/>`, one of away, chat, dnd, xa;
/// absent means plain available.
#[test]
fn s4_7_2_1_show() {
    for show in [Show::Away, Show::Chat, Show::Dnd, Show::Xa] {
        let p = presence(&format!(
            "<presence><show>{}</show></presence>",
            show.as_str()
        ));
        assert_eq!(p.show(), Some(show));
        let built = PresenceBuilder::new().show(show).build().unwrap();
        assert_eq!(reparsed(&built.into()), Stanza::Presence(p));
    }
    assert_eq!(presence("<presence/>").show(), None);
    assert_eq!(
        fault("<presence><show>online</show></presence>"),
        StanzaFault::InvalidShow {
            value: "online".into()
        }
    );
    assert_eq!(
        fault("<presence><show>away</show><show>xa</show></presence>"),
        StanzaFault::Duplicate { child: Child::Show }
    );
    assert_eq!(
        fault("<presence><show><away/></show></presence>"),
        StanzaFault::NotText { child: Child::Show }
    );
}

/// RFC 6121 §4.7.2.2: `<status/>` may repeat only with distinct
/// languages; it is allowed on unavailable and subscription presence too.
#[test]
fn s4_7_2_2_status() {
    let p = presence(
        "<presence xml:lang='en'><status>Wooing Juliet</status><status xml:lang='cs'>Dvo&#x0159;&#x00ED;m se Julii</status></presence>",
    );
    assert_eq!(
        p.statuses().collect::<Vec<_>>(),
        [
            (Some("en"), "Wooing Juliet"),
            (Some("cs"), "Dvořím se Julii")
        ]
    );
    assert_eq!(p.status(), Some("Wooing Juliet"));
    assert_eq!(
        presence("<presence type='unavailable'><status>gone home</status></presence>").status(),
        Some("gone home")
    );
    assert_eq!(
        presence("<presence type='subscribe'><status>let me in</status></presence>").status(),
        Some("let me in")
    );
    assert_eq!(
        fault(
            "<presence xml:lang='en'><status>a</status><status xml:lang='en'>b</status></presence>"
        ),
        StanzaFault::DuplicateLanguage {
            child: Child::Status,
            lang: Some("en".into())
        }
    );
    assert_eq!(
        fault("<presence><status>a<b/></status></presence>"),
        StanzaFault::NotText {
            child: Child::Status
        }
    );
}

/// RFC 6121 §4.7.2.3: at most one `<priority/>`, an integer from -128 to
/// +127; absent means 0.
#[test]
fn s4_7_2_3_priority() {
    assert_eq!(presence("<presence/>").priority(), 0);
    for (text, value) in [("-128", -128i8), ("127", 127), ("0", 0), ("+1", 1)] {
        assert_eq!(
            presence(&format!("<presence><priority>{text}</priority></presence>")).priority(),
            value
        );
    }
    for p in [i8::MIN, -1, 0, 1, i8::MAX] {
        let built = PresenceBuilder::new().priority(p).build().unwrap();
        assert_eq!(built.priority(), p);
    }
    assert_eq!(
        fault("<presence><priority>128</priority></presence>"),
        StanzaFault::PriorityOutOfRange {
            value: "128".into()
        }
    );
    assert_eq!(
        fault("<presence><priority>-129</priority></presence>"),
        StanzaFault::PriorityOutOfRange {
            value: "-129".into()
        }
    );
    assert_eq!(
        fault("<presence><priority>high</priority></presence>"),
        StanzaFault::InvalidPriority {
            value: "high".into()
        }
    );
    assert_eq!(
        fault("<presence><priority>1</priority><priority>2</priority></presence>"),
        StanzaFault::Duplicate {
            child: Child::Priority
        }
    );
}

/// RFC 6121 §4.7, §8.4: extension elements of a presence (caps, vCard
/// avatars) pass through untouched.
#[test]
fn s4_7_presence_extensions_pass_through() {
    let input = "<presence><c xmlns='http://jabber.org/protocol/caps' hash='sha-1' node='n' ver='v'/><x xmlns='vcard-temp:x:update'><photo/></x></presence>";
    let p = presence(input);
    let names: Vec<_> = p.payloads().map(|e| e.ns()).collect();
    assert_eq!(
        names,
        ["http://jabber.org/protocol/caps", "vcard-temp:x:update"]
    );
    let s = Stanza::Presence(p);
    assert_eq!(reparsed(&s), s);
}

// ---------------------------------------------------------------- §5.2

/// RFC 6121 §5.2.2: the message types; absent means `normal`, and so does
/// an unknown value.
#[test]
fn s5_2_2_message_types() {
    for (attr, t) in [
        (None, MessageType::Normal),
        (Some("normal"), MessageType::Normal),
        (Some("chat"), MessageType::Chat),
        (Some("groupchat"), MessageType::Groupchat),
        (Some("headline"), MessageType::Headline),
        (Some("whisper"), MessageType::Normal),
    ] {
        let input = match attr {
            Some(a) => format!("<message type='{a}'/>"),
            None => "<message/>".to_owned(),
        };
        let m = message(&input);
        assert_eq!(m.message_type(), t, "{input}");
        // The unknown value is kept as written.
        assert_eq!(m.as_element().attr("type"), attr);
    }
    for t in [
        MessageType::Normal,
        MessageType::Chat,
        MessageType::Groupchat,
        MessageType::Headline,
    ] {
        assert_eq!(
            MessageBuilder::new()
                .message_type(t)
                .build()
                .unwrap()
                .message_type(),
            t
        );
    }
}

/// RFC 6121 §5.2.3: bodies may repeat only with distinct languages, and
/// hold text only.
#[test]
fn s5_2_3_body() {
    let m = message(
        "<message xml:lang='en'><body>Wherefore art thou, Romeo?</body><body xml:lang='cs'>Pro&#x010D;e&#x017D; jsi ty, Romeo?</body></message>",
    );
    assert_eq!(
        m.bodies().collect::<Vec<_>>(),
        [
            (Some("en"), "Wherefore art thou, Romeo?"),
            (Some("cs"), "PročeŽ jsi ty, Romeo?")
        ]
    );
    assert_eq!(m.body(), Some("Wherefore art thou, Romeo?"));
    assert_eq!(
        fault("<message><body>one</body><body>two</body></message>"),
        StanzaFault::DuplicateLanguage {
            child: Child::Body,
            lang: None
        }
    );
    assert_eq!(
        fault("<message xml:lang='en'><body>one</body><body xml:lang='En'>two</body></message>"),
        StanzaFault::DuplicateLanguage {
            child: Child::Body,
            lang: Some("En".into())
        }
    );
    assert_eq!(
        fault("<message><body>a <b>bold</b> move</body></message>"),
        StanzaFault::NotText { child: Child::Body }
    );
    // A body in another namespace is an extension, not a body.
    let m = message("<message><body>a</body><body xmlns='urn:x'>b</body></message>");
    assert_eq!(m.bodies().count(), 1);
    assert_eq!(m.payloads().count(), 1);
    let built = MessageBuilder::new()
        .lang("en")
        .body(None, "Wherefore art thou, Romeo?")
        .body(Some("cs"), "PročeŽ jsi ty, Romeo?")
        .build()
        .unwrap();
    assert_eq!(
        built.bodies().collect::<Vec<_>>(),
        [
            (Some("en"), "Wherefore art thou, Romeo?"),
            (Some("cs"), "PročeŽ jsi ty, Romeo?")
        ]
    );
}

/// RFC 6121 §5.2.4: subjects follow the body rules.
#[test]
fn s5_2_4_subject() {
    let m = message(
        "<message xml:lang='en'><subject>I implore you!</subject><subject xml:lang='cs'>&#x00DA;p&#x011B;nliv&#x011B; prosim!</subject></message>",
    );
    assert_eq!(
        m.subjects().collect::<Vec<_>>(),
        [
            (Some("en"), "I implore you!"),
            (Some("cs"), "Úpěnlivě prosim!")
        ]
    );
    assert_eq!(m.subject(), Some("I implore you!"));
    assert_eq!(
        fault("<message><subject>a</subject><subject>b</subject></message>"),
        StanzaFault::DuplicateLanguage {
            child: Child::Subject,
            lang: None
        }
    );
}

/// RFC 6121 §5.2.5: at most one `<thread/>`, opaque, with an optional
/// `parent` that differs from the thread itself.
#[test]
fn s5_2_5_thread() {
    let m = message(
        "<message><thread parent='e0ffe42b28561960c6b12b944a092794b9683a38'>7edac73ab41e45c4aafa7b2d7b749080</thread></message>",
    );
    assert_eq!(
        m.thread(),
        Some(Thread {
            id: "7edac73ab41e45c4aafa7b2d7b749080",
            parent: Some("e0ffe42b28561960c6b12b944a092794b9683a38")
        })
    );
    assert_eq!(
        message("<message><thread>T</thread></message>").thread(),
        Some(Thread {
            id: "T",
            parent: None
        })
    );
    assert_eq!(
        fault("<message><thread>a</thread><thread>b</thread></message>"),
        StanzaFault::Duplicate {
            child: Child::Thread
        }
    );
    assert_eq!(
        fault("<message><thread parent='same'>same</thread></message>"),
        StanzaFault::ThreadParentIsSelf
    );
    let built = MessageBuilder::new()
        .thread("child", Some("parent"))
        .build()
        .unwrap();
    assert_eq!(
        built.thread(),
        Some(Thread {
            id: "child",
            parent: Some("parent")
        })
    );
    assert!(
        MessageBuilder::new()
            .thread("same", Some("same"))
            .build()
            .is_err()
    );
}
