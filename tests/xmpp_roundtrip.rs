//! Round trips of stanzas: generated messages, presences and IQs, with
//! arbitrary XML text, languages, extension elements and stanza errors,
//! are built, written and read back: `parse(write(x)) == x`, writing is a
//! fixed point, and every typed value reads back as given (RFC 6120 §8,
//! RFC 6121 §4.7 and §5.2).

use proptest::prelude::*;
use sip_xmpp::xmpp::minidom::rxml::{Namespace, NcName};
use sip_xmpp::xmpp::minidom::{Element, Node};
use sip_xmpp::xmpp::{
    DefinedCondition, ErrorType, IqBuilder, IqType, MessageBuilder, MessageType, PresenceBuilder,
    PresenceType, Show, Stanza, StanzaConfig, StanzaError, StanzaNamespace, Thread,
};

/// Characters that need escaping or normalising somewhere, to make them
/// frequent among arbitrary ones.
const SPECIAL: &[char] = &[
    '&',
    '<',
    '>',
    '\'',
    '"',
    '\r',
    '\n',
    '\t',
    ' ',
    ']',
    ';',
    '#',
    '=',
    '/',
    ':',
    'é',
    '€',
    '\u{10FFFF}',
    '\u{FFFD}',
    '\u{E000}',
    '\u{D7FF}',
    '\u{1F600}',
    '\u{85}',
    '\u{2028}',
];

fn is_xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
}

/// Arbitrary text of XML characters.
fn text(min: usize, max: usize) -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop_oneof![
            any::<char>().prop_filter("XML Char", |c| is_xml_char(*c)),
            prop::sample::select(SPECIAL),
        ],
        min..=max,
    )
    .prop_map(|v| v.into_iter().collect())
}

fn address() -> impl Strategy<Value = Option<String>> {
    prop::option::of(text(1, 16))
}

const LANGS: &[&str] = &["en", "de", "cs", "fr-CA", "i-klingon"];

fn stanza_lang() -> impl Strategy<Value = Option<&'static str>> {
    prop::option::of(prop::sample::select(LANGS))
}

/// Language-tagged texts with distinct effective languages: `(effective
/// language, text)`.
fn lang_texts() -> impl Strategy<Value = Vec<(Option<&'static str>, String)>> {
    prop::collection::vec(
        (prop::option::of(prop::sample::select(LANGS)), text(0, 12)),
        0..4,
    )
    .prop_map(|mut v| {
        let mut seen = Vec::new();
        v.retain(|(l, _)| {
            let fresh = !seen.contains(l);
            seen.push(*l);
            fresh
        });
        v
    })
}

/// The `xml:lang` to write so that a child's effective language is `eff`
/// under a stanza language of `stanza`.
fn own_lang(eff: Option<&'static str>, stanza: Option<&'static str>) -> Option<&'static str> {
    if eff == stanza {
        None
    } else {
        Some(eff.unwrap_or(""))
    }
}

const NAMES: &[&str] = &["x", "data", "item", "query", "ü-name", "a.b", "_q"];
const ELEMENT_NS: &[&str] = &[
    "urn:x",
    "urn:example:y",
    "http://jabber.org/protocol/chatstates",
    "",
];
const ATTR_NS: &[&str] = &["", "urn:a", "urn:x", "http://www.w3.org/XML/1998/namespace"];
const ATTR_NAMES: &[&str] = &["a", "b", "type", "id", "lang", "jid"];

/// An extension element: a small tree in namespaces other than the
/// stanza's, with attributes (some namespaced) and text, adjacent texts
/// merged as reading them would.
fn extension() -> impl Strategy<Value = Element> {
    let leaf = (
        prop::sample::select(NAMES),
        prop::sample::select(ELEMENT_NS),
        prop::collection::vec(
            (
                prop::sample::select(ATTR_NS),
                prop::sample::select(ATTR_NAMES),
                text(0, 8),
            ),
            0..3,
        ),
        prop::option::of(text(1, 10)),
    )
        .prop_map(|(name, ns, attrs, txt)| {
            let mut e = Element::bare(name, ns);
            for (ans, aname, value) in attrs {
                let ns = if ans.is_empty() {
                    Namespace::NONE
                } else {
                    Namespace::from(ans.to_owned())
                };
                e.set_attr(ns, NcName::try_from(aname).unwrap(), value);
            }
            if let Some(t) = txt {
                e.append_text_node(t);
            }
            e
        });
    leaf.prop_recursive(3, 12, 3, |inner| {
        (
            prop::sample::select(NAMES),
            prop::sample::select(ELEMENT_NS),
            prop::collection::vec(
                prop_oneof![
                    inner.prop_map(Node::Element),
                    text(1, 6).prop_map(Node::Text)
                ],
                0..4,
            ),
        )
            .prop_map(|(name, ns, nodes)| {
                let mut e = Element::bare(name, ns);
                for node in nodes {
                    match node {
                        Node::Text(t) => e.append_text(t),
                        other => e.append_node(other),
                    }
                }
                e
            })
    })
}

fn stanza_error(with_condition_text: bool) -> impl Strategy<Value = StanzaError> {
    (
        prop::sample::select(DefinedCondition::ALL.to_vec()),
        prop::sample::select(vec![
            ErrorType::Auth,
            ErrorType::Cancel,
            ErrorType::Continue,
            ErrorType::Modify,
            ErrorType::Wait,
        ]),
        text(1, 12),
        prop::collection::vec(
            (prop::option::of(prop::sample::select(LANGS)), text(0, 10)),
            0..3,
        ),
        address(),
        prop::option::of(
            extension().prop_filter("not in the stanzas namespace", |e| !e.ns().is_empty()),
        ),
    )
        .prop_map(move |(condition, error_type, ctext, texts, by, app)| {
            let trimmed = ctext.trim_matches([' ', '\t', '\r', '\n']).to_owned();
            StanzaError {
                error_type,
                condition,
                condition_text: (with_condition_text
                    && condition.carries_address()
                    && !trimmed.is_empty())
                .then_some(trimmed),
                texts: texts
                    .into_iter()
                    .map(|(l, t)| (l.map(str::to_owned), t))
                    .collect(),
                by,
                app_specific: app,
            }
        })
}

/// What the error reads back as: texts without a language inherit the
/// stanza's.
fn expected_error(e: &StanzaError, stanza_lang: Option<&str>) -> StanzaError {
    let mut e = e.clone();
    for (l, _) in &mut e.texts {
        if l.is_none() {
            *l = stanza_lang.map(str::to_owned);
        }
    }
    e
}

fn namespace() -> impl Strategy<Value = StanzaNamespace> {
    prop::sample::select(vec![
        StanzaNamespace::Client,
        StanzaNamespace::Server,
        StanzaNamespace::Component,
    ])
}

#[derive(Debug, Clone)]
struct GenMessage {
    ns: StanzaNamespace,
    to: Option<String>,
    from: Option<String>,
    id: Option<String>,
    message_type: MessageType,
    lang: Option<&'static str>,
    subjects: Vec<(Option<&'static str>, String)>,
    bodies: Vec<(Option<&'static str>, String)>,
    thread: Option<(String, Option<String>)>,
    payloads: Vec<Element>,
    error: Option<StanzaError>,
}

fn gen_message() -> impl Strategy<Value = GenMessage> {
    (
        (
            namespace(),
            address(),
            address(),
            prop::option::of(text(0, 10)),
        ),
        prop::sample::select(vec![
            MessageType::Normal,
            MessageType::Chat,
            MessageType::Groupchat,
            MessageType::Headline,
            MessageType::Error,
        ]),
        stanza_lang(),
        lang_texts(),
        lang_texts(),
        prop::option::of((text(0, 12), prop::option::of(text(0, 12)))),
        prop::collection::vec(extension(), 0..3),
        stanza_error(true),
    )
        .prop_map(
            |(
                (ns, to, from, id),
                message_type,
                lang,
                subjects,
                bodies,
                thread,
                payloads,
                error,
            )| {
                let thread = thread.map(|(t, p)| {
                    let p = p.filter(|p| *p != t);
                    (t, p)
                });
                GenMessage {
                    ns,
                    to,
                    from,
                    id,
                    message_type,
                    lang,
                    subjects,
                    bodies,
                    thread,
                    payloads,
                    error: (message_type == MessageType::Error).then_some(error),
                }
            },
        )
}

#[derive(Debug, Clone)]
struct GenPresence {
    ns: StanzaNamespace,
    to: Option<String>,
    from: Option<String>,
    id: Option<String>,
    presence_type: PresenceType,
    lang: Option<&'static str>,
    show: Option<Show>,
    statuses: Vec<(Option<&'static str>, String)>,
    priority: Option<i8>,
    payloads: Vec<Element>,
    error: Option<StanzaError>,
}

fn gen_presence() -> impl Strategy<Value = GenPresence> {
    (
        (
            namespace(),
            address(),
            address(),
            prop::option::of(text(0, 10)),
        ),
        prop::sample::select(vec![
            PresenceType::Available,
            PresenceType::Unavailable,
            PresenceType::Subscribe,
            PresenceType::Subscribed,
            PresenceType::Unsubscribe,
            PresenceType::Unsubscribed,
            PresenceType::Probe,
            PresenceType::Error,
        ]),
        stanza_lang(),
        prop::option::of(prop::sample::select(vec![
            Show::Away,
            Show::Chat,
            Show::Dnd,
            Show::Xa,
        ])),
        lang_texts(),
        prop::option::of(any::<i8>()),
        prop::collection::vec(extension(), 0..3),
        stanza_error(true),
    )
        .prop_map(
            |(
                (ns, to, from, id),
                presence_type,
                lang,
                show,
                statuses,
                priority,
                payloads,
                error,
            )| GenPresence {
                ns,
                to,
                from,
                id,
                presence_type,
                lang,
                show,
                statuses,
                priority,
                payloads,
                error: (presence_type == PresenceType::Error).then_some(error),
            },
        )
}

#[derive(Debug, Clone)]
struct GenIq {
    ns: StanzaNamespace,
    to: Option<String>,
    from: Option<String>,
    id: String,
    iq_type: IqType,
    lang: Option<&'static str>,
    payload: Option<Element>,
    error: Option<StanzaError>,
}

fn gen_iq() -> impl Strategy<Value = GenIq> {
    (
        (namespace(), address(), address(), text(0, 10)),
        prop::sample::select(vec![
            IqType::Get,
            IqType::Set,
            IqType::Result,
            IqType::Error,
        ]),
        stanza_lang(),
        extension(),
        any::<bool>(),
        stanza_error(true),
    )
        .prop_map(
            |((ns, to, from, id), iq_type, lang, payload, with_payload, error)| GenIq {
                ns,
                to,
                from,
                id,
                iq_type,
                lang,
                payload: (matches!(iq_type, IqType::Get | IqType::Set) || with_payload)
                    .then_some(payload),
                error: (iq_type == IqType::Error).then_some(error),
            },
        )
}

fn owned<'a>(v: &'a [(Option<&'static str>, String)]) -> Vec<(Option<&'a str>, &'a str)> {
    v.iter().map(|(l, t)| (*l, t.as_str())).collect()
}

/// Written, read back equal, written again identically.
fn round_trip(s: &Stanza) -> Stanza {
    let bytes = s.to_bytes();
    let cfg = StanzaConfig::default();
    let again = Stanza::parse(&bytes, &cfg)
        .unwrap_or_else(|e| panic!("{e}\n{}", String::from_utf8_lossy(&bytes)));
    assert_eq!(&again, s, "{}", String::from_utf8_lossy(&bytes));
    assert_eq!(again.to_bytes(), bytes);
    // In a stream with the same default namespace, `xmlns` can go.
    let mut in_stream = Vec::new();
    s.write_in_stream(s.namespace(), &mut in_stream);
    let stream_cfg = StanzaConfig::new(s.namespace());
    assert_eq!(&Stanza::parse(&in_stream, &stream_cfg).unwrap(), s);
    again
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    /// RFC 6121 §5.2: messages.
    #[test]
    fn message_round_trip(g in gen_message()) {
        let mut b = MessageBuilder::new().namespace(g.ns).message_type(g.message_type);
        if let Some(v) = &g.to { b = b.to(v); }
        if let Some(v) = &g.from { b = b.from(v); }
        if let Some(v) = &g.id { b = b.id(v); }
        if let Some(l) = g.lang { b = b.lang(l); }
        for (l, t) in &g.subjects { b = b.subject(own_lang(*l, g.lang), t); }
        for (l, t) in &g.bodies { b = b.body(own_lang(*l, g.lang), t); }
        if let Some((t, p)) = &g.thread { b = b.thread(t, p.as_deref()); }
        for p in &g.payloads { b = b.payload(p.clone()); }
        if let Some(e) = &g.error { b = b.error(e.clone()); }
        let m = b.build().unwrap_or_else(|e| panic!("{e}"));
        let Stanza::Message(m) = round_trip(&Stanza::Message(m)) else { unreachable!() };
        prop_assert_eq!(m.namespace(), g.ns);
        prop_assert_eq!(m.to(), g.to.as_deref());
        prop_assert_eq!(m.from(), g.from.as_deref());
        prop_assert_eq!(m.id(), g.id.as_deref());
        prop_assert_eq!(m.message_type(), g.message_type);
        prop_assert_eq!(m.lang(), g.lang);
        prop_assert_eq!(m.subjects().collect::<Vec<_>>(), owned(&g.subjects));
        prop_assert_eq!(m.bodies().collect::<Vec<_>>(), owned(&g.bodies));
        prop_assert_eq!(
            m.thread(),
            g.thread.as_ref().map(|(t, p)| Thread { id: t, parent: p.as_deref() })
        );
        prop_assert_eq!(m.payloads().cloned().collect::<Vec<_>>(), g.payloads);
        prop_assert_eq!(m.error().cloned(), g.error.as_ref().map(|e| expected_error(e, g.lang)));
    }

    /// RFC 6121 §4.7: presences.
    #[test]
    fn presence_round_trip(g in gen_presence()) {
        let mut b = PresenceBuilder::new().namespace(g.ns).presence_type(g.presence_type);
        if let Some(v) = &g.to { b = b.to(v); }
        if let Some(v) = &g.from { b = b.from(v); }
        if let Some(v) = &g.id { b = b.id(v); }
        if let Some(l) = g.lang { b = b.lang(l); }
        if let Some(s) = g.show { b = b.show(s); }
        for (l, t) in &g.statuses { b = b.status(own_lang(*l, g.lang), t); }
        if let Some(p) = g.priority { b = b.priority(p); }
        for p in &g.payloads { b = b.payload(p.clone()); }
        if let Some(e) = &g.error { b = b.error(e.clone()); }
        let p = b.build().unwrap_or_else(|e| panic!("{e}"));
        let Stanza::Presence(p) = round_trip(&Stanza::Presence(p)) else { unreachable!() };
        prop_assert_eq!(p.presence_type(), g.presence_type);
        prop_assert_eq!(p.to(), g.to.as_deref());
        prop_assert_eq!(p.from(), g.from.as_deref());
        prop_assert_eq!(p.id(), g.id.as_deref());
        prop_assert_eq!(p.lang(), g.lang);
        prop_assert_eq!(p.show(), g.show);
        prop_assert_eq!(p.statuses().collect::<Vec<_>>(), owned(&g.statuses));
        prop_assert_eq!(p.priority(), g.priority.unwrap_or(0));
        prop_assert_eq!(p.payloads().cloned().collect::<Vec<_>>(), g.payloads);
        prop_assert_eq!(p.error().cloned(), g.error.as_ref().map(|e| expected_error(e, g.lang)));
    }

    /// RFC 6120 §8.2.3: IQs.
    #[test]
    fn iq_round_trip(g in gen_iq()) {
        let mut b = IqBuilder::new(g.iq_type, &g.id).namespace(g.ns);
        if let Some(v) = &g.to { b = b.to(v); }
        if let Some(v) = &g.from { b = b.from(v); }
        if let Some(l) = g.lang { b = b.lang(l); }
        if let Some(p) = &g.payload { b = b.payload(p.clone()); }
        if let Some(e) = &g.error { b = b.error(e.clone()); }
        let iq = b.build().unwrap_or_else(|e| panic!("{e}"));
        let Stanza::Iq(iq) = round_trip(&Stanza::Iq(iq)) else { unreachable!() };
        prop_assert_eq!(iq.iq_type(), g.iq_type);
        prop_assert_eq!(iq.id(), Some(g.id.as_str()));
        prop_assert_eq!(iq.to(), g.to.as_deref());
        prop_assert_eq!(iq.from(), g.from.as_deref());
        prop_assert_eq!(iq.lang(), g.lang);
        prop_assert_eq!(iq.payload(), g.payload.as_ref());
        prop_assert_eq!(iq.error().cloned(), g.error.as_ref().map(|e| expected_error(e, g.lang)));
    }

    /// RFC 6120 §8.3.1: the error reply to any generated non-error
    /// stanza is an error of the same kind, addresses swapped, id
    /// mirrored, and survives the round trip.
    #[test]
    fn error_reply_round_trip(g in gen_message(), e in stanza_error(true)) {
        let mut b = MessageBuilder::new().namespace(g.ns);
        if let Some(v) = &g.to { b = b.to(v); }
        if let Some(v) = &g.from { b = b.from(v); }
        if let Some(v) = &g.id { b = b.id(v); }
        let original = Stanza::Message(b.build().unwrap());
        let reply = original.error_reply(&e).unwrap();
        round_trip(&reply);
        prop_assert_eq!(reply.to(), original.from());
        prop_assert_eq!(reply.from(), original.to());
        prop_assert_eq!(reply.id(), original.id());
        prop_assert_eq!(reply.error(), Some(&e));
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    /// A built tree is taken as it is only when writing and reading it back
    /// would give the same stanza; with loose and with tight limits, and
    /// with text nodes the reader would merge or drop, both paths agree.
    #[test]
    fn from_element_shortcut_agrees_with_the_exact_path(
        payloads in prop::collection::vec(extension(), 0..3),
        texts in prop::collection::vec(prop_oneof![Just(String::new()), text(0, 6)], 0..3),
        id in text(0, 12),
        tight in any::<bool>(),
    ) {
        let mut el = Element::bare("message", "jabber:client");
        el.set_attr(Namespace::NONE, NcName::try_from("id").unwrap(), id);
        for t in texts {
            el.append_node(Node::Text(t));
        }
        for p in payloads {
            el.append_child(p);
        }
        let mut cfg = StanzaConfig::default();
        if tight {
            cfg.limits.max_xml_depth = 3;
            cfg.limits.max_xml_elements = 6;
            cfg.limits.max_xml_attributes = 4;
            cfg.limits.max_xml_token_bytes = 24;
            cfg.limits.max_stanza_bytes = 300;
        }
        sip_xmpp::fuzzing::assert_from_element_exact(&el, &cfg);
    }
}
