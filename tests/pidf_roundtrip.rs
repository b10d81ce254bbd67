//! Property tests for PIDF (RFC 3863, with RFC 4479 persons and RFC 4480
//! activities): parse(write(x)) == x for generated documents with several
//! tuples, notes in several languages and scripts, contacts, priorities,
//! timestamps, persons with activities and user input, and kept elements
//! in foreign namespaces at every level; writing is a fixed point; the
//! value types round-trip.

use proptest::prelude::*;
use sip_xmpp::ParseLimits;
use sip_xmpp::pidf::{
    Activities, Activity, Basic, Contact, Id, InputState, NS_DATA_MODEL, NS_PIDF, NS_RPID, Note,
    Person, Pidf, Priority, Status, Timestamp, Tuple, UserInput,
};
use sip_xmpp::uri::Uri;
use sip_xmpp::xmpp::minidom::Element;
use sip_xmpp::xmpp::minidom::rxml::{Namespace, NcName};

fn is_xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
}

/// Text of XML characters, any script, CR and tabs included.
fn text(max: usize) -> impl Strategy<Value = String> {
    prop_oneof![
        proptest::collection::vec(
            any::<char>().prop_filter("XML Char", |c| is_xml_char(*c)),
            0..max
        )
        .prop_map(String::from_iter),
        "[ -~]{0,12}",
        Just("Ne d\u{e9}rangez pas, s'il vous pla\u{ee}t".to_owned()),
        Just("\u{7559}\u{5b88}\u{4e2d} <&> ]]>".to_owned()),
        Just("  spaced\r\n\tout  ".to_owned()),
    ]
}

fn lang() -> impl Strategy<Value = Option<String>> {
    proptest::option::of(prop_oneof![
        Just("en".to_owned()),
        Just("fr".to_owned()),
        Just("ja".to_owned()),
        Just("zh-Hant".to_owned()),
        Just("x-klingon".to_owned()),
        "[a-z]{2}(-[A-Z]{2})?",
    ])
}

fn note() -> impl Strategy<Value = Note> {
    (lang(), text(16)).prop_map(|(lang, text)| Note { lang, text })
}

fn id() -> impl Strategy<Value = Id> {
    prop_oneof![
        "[A-Za-z_][A-Za-z0-9._-]{0,10}".prop_map(|s| Id::parse(&s).unwrap()),
        text(10)
            .prop_filter("non-empty", |s| !s.is_empty())
            .prop_map(|s| Id::from_resource(&s)),
    ]
}

fn timestamp() -> impl Strategy<Value = Timestamp> {
    (
        0u64..253_402_300_800,
        prop_oneof![
            Just(String::new()),
            "\\.[0-9]{1,6}".prop_map(|s| s.to_owned())
        ],
        prop_oneof![
            Just("Z".to_owned()),
            "[+-](0[0-9]|1[0-9]|2[0-3]):[0-5][0-9]"
        ],
    )
        .prop_map(|(secs, frac, zone)| {
            let base = Timestamp::from_unix_seconds(secs).unwrap();
            let text = format!("{}{frac}{zone}", base.as_str().trim_end_matches('Z'));
            Timestamp::parse(&text).unwrap()
        })
}

fn priority() -> impl Strategy<Value = Priority> {
    prop_oneof![
        (0u16..=1000).prop_map(|n| Priority::from_thousandths(n).unwrap()),
        "0(\\.[0-9]{0,3})?|1(\\.0{0,3})?".prop_map(|s| Priority::parse(&s).unwrap()),
    ]
}

fn uri() -> impl Strategy<Value = Uri> {
    prop_oneof![
        "sip:[a-z]{1,8}@example\\.com(;gr=[a-z0-9]{1,10})?",
        "pres:[a-z]{1,8}@example\\.net",
        "im:[a-z]{1,8}@example\\.org",
        "tel:\\+[0-9]{5,12}",
        "mailto:[a-z]{1,8}@example\\.com",
    ]
    .prop_map(|s| Uri::parse(&s).unwrap())
}

/// A kept element: a name no standard element has (they all start with a
/// letter other than `x`), a namespace among foreign ones and those of
/// the data model and RPID, attributes (some namespaced, some
/// `pidf:mustUnderstand`), and mixed content without adjacent or empty
/// text nodes.
fn element() -> impl Strategy<Value = Element> {
    let ns = prop_oneof![
        Just("urn:x"),
        Just("urn:y:\u{e9}"),
        Just("jabber:client"),
        Just(NS_RPID),
        Just(NS_DATA_MODEL),
        Just(""),
    ];
    let attr_ns = prop_oneof![
        Just(""),
        Just("urn:a"),
        Just("urn:b'&"),
        Just(NS_PIDF),
        Just(NS_RPID)
    ];
    let leaf = (
        "x[a-z0-9-]{0,6}",
        ns,
        proptest::collection::vec((attr_ns, "[a-zA-Z][a-zA-Z0-9-]{0,5}", text(8)), 0..3),
        proptest::option::of(text(10)),
    )
        .prop_map(|(name, ns, attrs, content)| {
            let mut e = Element::bare(name, ns);
            for (ans, aname, value) in attrs {
                let n = NcName::try_from(aname.as_str()).unwrap();
                let namespace = if ans.is_empty() {
                    Namespace::NONE
                } else {
                    Namespace::from(ans.to_owned())
                };
                e.attrs_mut().insert(namespace, n, value);
            }
            if let Some(t) = content.filter(|t| !t.is_empty()) {
                e.append_text_node(t);
            }
            e
        });
    leaf.prop_recursive(3, 12, 3, |inner| {
        (
            inner.clone(),
            proptest::collection::vec((inner, text(6)), 0..3),
        )
            .prop_map(|(mut parent, kids)| {
                for (kid, t) in kids {
                    parent.append_child(kid);
                    if !t.is_empty() {
                        parent.append_text_node(t);
                    }
                }
                parent
            })
    })
    .prop_map(|mut e| {
        // Merge what a reader would merge: adjacent text nodes.
        let nodes = e.take_nodes();
        let mut text = String::new();
        for node in nodes {
            match node {
                sip_xmpp::xmpp::minidom::Node::Text(t) => text.push_str(&t),
                sip_xmpp::xmpp::minidom::Node::Element(c) => {
                    if !text.is_empty() {
                        e.append_text_node(std::mem::take(&mut text));
                    }
                    e.append_child(c);
                }
            }
        }
        if !text.is_empty() {
            e.append_text_node(text);
        }
        e
    })
}

fn elements(max: usize) -> impl Strategy<Value = Vec<Element>> {
    proptest::collection::vec(element(), 0..max)
}

fn tuple() -> impl Strategy<Value = Tuple> {
    (
        id(),
        proptest::option::of(prop_oneof![Just(Basic::Open), Just(Basic::Closed)]),
        elements(3),
        elements(2),
        proptest::option::of((uri(), proptest::option::of(priority()))),
        proptest::collection::vec(note(), 0..4),
        proptest::option::of(timestamp()),
    )
        .prop_map(
            |(id, basic, status_ext, ext, contact, notes, timestamp)| Tuple {
                id,
                status: Status {
                    basic,
                    extensions: status_ext,
                },
                extensions: ext,
                contact: contact.map(|(uri, priority)| Contact { uri, priority }),
                notes,
                timestamp,
            },
        )
}

fn activity() -> impl Strategy<Value = Activity> {
    prop_oneof![
        4 => proptest::sample::select(vec![
            "appointment", "away", "breakfast", "busy", "dinner", "holiday", "in-transit",
            "looking-for-work", "meal", "meeting", "on-the-phone", "performance",
            "permanent-absence", "playing", "presentation", "shopping", "sleeping", "spectator",
            "steering", "travel", "tv", "unknown", "vacation", "working", "worship",
        ])
        .prop_map(|n| Activity::from_name(n).unwrap()),
        1 => note().prop_map(Activity::Other),
    ]
}

fn activities() -> impl Strategy<Value = Activities> {
    (
        proptest::option::of(id()),
        proptest::option::of(timestamp()),
        proptest::option::of(timestamp()),
        proptest::collection::vec(note(), 0..2),
        proptest::collection::vec(activity(), 0..4),
    )
        .prop_map(|(id, from, until, notes, activities)| Activities {
            id,
            from,
            until,
            notes,
            activities,
        })
}

fn user_input() -> impl Strategy<Value = UserInput> {
    (
        prop_oneof![Just(InputState::Active), Just(InputState::Idle)],
        proptest::option::of(1u32..),
        proptest::option::of(timestamp()),
        proptest::option::of(id()),
    )
        .prop_map(|(state, idle_threshold, last_input, id)| UserInput {
            state,
            idle_threshold,
            last_input,
            id,
        })
}

fn person() -> impl Strategy<Value = Person> {
    (
        id(),
        proptest::collection::vec(activities(), 0..2),
        proptest::collection::vec(user_input(), 0..2),
        elements(2),
        proptest::collection::vec(note(), 0..3),
        proptest::option::of(timestamp()),
    )
        .prop_map(
            |(id, activities, user_input, extensions, notes, timestamp)| Person {
                id,
                activities,
                user_input,
                extensions,
                notes,
                timestamp,
            },
        )
}

fn pidf() -> impl Strategy<Value = Pidf> {
    (
        uri(),
        proptest::collection::vec(tuple(), 0..4),
        proptest::collection::vec(note(), 0..3),
        proptest::collection::vec(person(), 0..2),
        elements(3),
    )
        .prop_map(|(entity, mut tuples, notes, persons, extensions)| {
            // Tuple ids unique (PIDF-1): suffix the position.
            for (i, t) in tuples.iter_mut().enumerate() {
                t.id = Id::parse(&format!("{}-{i}", t.id)).unwrap();
            }
            Pidf {
                entity,
                tuples,
                notes,
                persons,
                extensions,
            }
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// A written document reads back equal, and writing it again gives
    /// the same bytes.
    #[test]
    fn parse_write_round_trip(p in pidf()) {
        let bytes = p.to_bytes();
        let limits = ParseLimits { max_body_bytes: usize::MAX, ..ParseLimits::DEFAULT };
        let again = Pidf::parse(&bytes, &limits);
        prop_assert!(again.is_ok(), "{:?}\n{}", again, String::from_utf8_lossy(&bytes));
        let again = again.unwrap();
        prop_assert_eq!(&again, &p, "{}", String::from_utf8_lossy(&bytes));
        prop_assert_eq!(again.to_bytes(), bytes);
    }

    /// RFC 8048 §6.2 note 2 (`presence.md` §6.1): a resourcepart maps to
    /// an `xs:ID` and back.
    #[test]
    fn resource_ids_round_trip(resource in any::<String>().prop_filter("non-empty", |s| !s.is_empty())) {
        let id = Id::from_resource(&resource);
        prop_assert!(Id::parse(id.as_str()).is_ok());
        prop_assert_eq!(id.to_resource(), Some(resource));
    }

    /// Timestamps made from a clock reading are RFC 3339.
    #[test]
    fn unix_timestamps_are_rfc3339(secs in 0u64..253_402_300_800) {
        let t = Timestamp::from_unix_seconds(secs).unwrap();
        prop_assert_eq!(Timestamp::parse(t.as_str()), Ok(t));
    }

    /// A document damaged in one byte reads or is refused, never panics,
    /// and whatever reads is stable (the fuzz target's check).
    #[test]
    fn damaged_documents_do_not_panic(p in pidf(), at in any::<prop::sample::Index>(), byte in any::<u8>()) {
        let mut bytes = p.to_bytes();
        let i = at.index(bytes.len());
        bytes[i] = byte;
        sip_xmpp::fuzzing::pidf(&bytes);
    }
}
