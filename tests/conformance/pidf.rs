//! PIDF (RFC 3863) with the RFC 4479 person element and the RFC 4480
//! activities, as `underlying.md` §6 digests them: a test per PIDF-1 …
//! PIDF-9, the RFC 3863 example documents, the PIDF body of the RFC 3856
//! §8 NOTIFY, the RFC 8048 bodies of `presence.md` §5 (written byte for
//! byte), the RPID example of `underlying.md` §6.2, and hostile XML.
//!
//! RFC 3863 sections: §4.1.1 `<presence>`, §4.1.2 `<tuple>`, §4.1.3
//! `<status>`, §4.1.4 `<basic>`, §4.1.5 `<contact>`, §4.1.6 `<note>`,
//! §4.1.7 `<timestamp>`, §4.2 extending PIDF.

use std::time::{Duration, Instant};

use sip_xmpp::ParseLimits;
use sip_xmpp::multipart::Multipart;
use sip_xmpp::pidf::{
    Activity, Basic, Contact, Id, InputState, NS_PIDF, NS_RPID, Note, Person, Pidf, PidfError,
    PidfViolation, Priority, Timestamp, Tuple, find_in_multipart, is_pidf,
};
use sip_xmpp::sip::Framing;
use sip_xmpp::xmpp::XmlError;
use sip_xmpp::xmpp::minidom::Element;

use crate::support::{fixture, parse as parse_sip};

fn read(bytes: &[u8]) -> Result<Pidf, PidfError> {
    Pidf::parse(bytes, &ParseLimits::DEFAULT)
}

/// Reads a document that must be accepted, and checks that writing it
/// reads back to the same document.
fn accept(bytes: &[u8]) -> Pidf {
    let p = read(bytes).unwrap_or_else(|e| panic!("{e}\n{}", String::from_utf8_lossy(bytes)));
    let written = p.to_bytes();
    assert_eq!(
        read(&written).as_ref(),
        Ok(&p),
        "{}",
        String::from_utf8_lossy(&written)
    );
    p
}

fn accept_fixture(rel: &str) -> Pidf {
    accept(&fixture(rel))
}

/// A document for `pres:a@example.com` around `body`.
fn doc(body: &str) -> String {
    format!("<presence xmlns='{NS_PIDF}' entity='pres:a@example.com'>{body}</presence>")
}

/// Where `needle` starts in `haystack` (for expected error offsets).
fn at(haystack: &str, needle: &str) -> usize {
    haystack.find(needle).expect(needle)
}

/// The second occurrence of `needle`.
fn second(haystack: &str, needle: &str) -> usize {
    let first = at(haystack, needle);
    first + 1 + at(&haystack[first + 1..], needle)
}

fn id(s: &str) -> Id {
    Id::parse(s).unwrap()
}

/// PIDF-1 (RFC 3863 §4.1.2): every tuple has an `id`, of type `xs:ID`
/// (an NCName), unique among the tuples; each refusal points at the tuple.
#[test]
fn pidf_1_tuple_id_required_ncname_unique() {
    let missing = doc("<tuple><status><basic>open</basic></status></tuple>");
    assert_eq!(
        read(missing.as_bytes()),
        Err(PidfError::MissingAttribute {
            offset: at(&missing, "<tuple"),
            element: "tuple",
            attribute: "id",
        })
    );
    for bad in ["1abc", "a:b", "a b", "", "-x", "a@b"] {
        let s = doc(&format!("<tuple id='{bad}'><status/></tuple>"));
        assert_eq!(
            read(s.as_bytes()),
            Err(PidfError::InvalidId {
                offset: at(&s, "<tuple")
            }),
            "{bad:?}"
        );
    }
    let twice = doc(
        "<tuple id='x'><status/></tuple><tuple id='y'><status/></tuple><tuple id=' x '><status/></tuple>",
    );
    assert_eq!(
        read(twice.as_bytes()),
        Err(PidfError::DuplicateId {
            offset: at(&twice, "<tuple id=' x '"),
            id: id("x"),
        })
    );
    let ok = accept(
        doc("<tuple id='_a.b-c'><status/></tuple><tuple id='\u{e9}t\u{e9}'><status/></tuple>")
            .as_bytes(),
    );
    assert_eq!(ok.tuples.len(), 2);

    // A sender's document with two tuples of one id is caught before it
    // is written.
    let mut built = Pidf::new("pres:a@example.com".parse().unwrap())
        .with_tuple(Tuple::new(id("t"), Basic::Open))
        .with_tuple(Tuple::new(id("t"), Basic::Closed));
    assert_eq!(
        built.validate(),
        Err(PidfViolation::DuplicateId { id: id("t") })
    );
    built.tuples[1].id = id("u");
    assert_eq!(built.validate(), Ok(()));
}

/// PIDF-1 with RFC 8048 §6.2 note 2 (`presence.md` §6.1): a
/// resourcepart becomes `ID-` and the resourcepart with every character
/// an NCName may not hold written `_xHHHH_`; the mapping reverses.
#[test]
fn pidf_1_tuple_ids_from_resources() {
    for (resource, expected) in [
        ("yn0cl4bnw0yr3vym", "ID-yn0cl4bnw0yr3vym"),
        ("foo bar", "ID-foo_x0020_bar"),
        ("Conversations.xYz1", "ID-Conversations.xYz1"),
        ("dr4hcr0st3lup4c", "ID-dr4hcr0st3lup4c"),
        ("a_x0041_b", "ID-a_x005F_x0041_b"),
    ] {
        let made = Id::from_resource(resource);
        assert_eq!(made.as_str(), expected);
        assert_eq!(made.to_resource().as_deref(), Some(resource));
        assert_eq!(Id::parse(expected), Ok(made));
    }
}

/// PIDF-2 (RFC 3863 §4.1.3): a tuple has exactly one `<status>`, with at
/// least one child; `<basic>` is optional. Reading refuses a missing or
/// second status; an empty one is read (the schema allows it) and
/// refused by `validate`, which checks senders.
#[test]
fn pidf_2_status_mandatory_with_a_child() {
    let none = doc("<tuple id='a'><contact>sip:a@example.com</contact></tuple>");
    assert_eq!(
        read(none.as_bytes()),
        Err(PidfError::MissingStatus {
            offset: at(&none, "<tuple")
        })
    );
    let two = doc("<tuple id='a'><status/><status/></tuple>");
    assert_eq!(
        read(two.as_bytes()),
        Err(PidfError::Duplicate {
            offset: second(&two, "<status/>"),
            element: "status",
        })
    );
    let empty = accept(doc("<tuple id='a'><status/></tuple>").as_bytes());
    assert_eq!(
        empty.validate(),
        Err(PidfViolation::EmptyStatus { tuple: id("a") })
    );
    let only_extension = accept(
        doc("<tuple id='a'><status><show xmlns='jabber:client'>away</show></status></tuple>")
            .as_bytes(),
    );
    assert_eq!(only_extension.tuples[0].basic(), None);
    assert_eq!(only_extension.validate(), Ok(()));
}

/// PIDF-3 (RFC 3863 §4.1.4): `<basic>` is `open` or `closed`. Any other
/// value is not understood: the element is kept among the status
/// extensions and the tuple has no basic status (so the presence mapping
/// skips it, `presence.md` §6.2); two valid `<basic>` are refused.
#[test]
fn pidf_3_basic_open_or_closed() {
    for (value, expected) in [
        ("open", Some(Basic::Open)),
        ("closed", Some(Basic::Closed)),
        (" closed\n", Some(Basic::Closed)),
        ("Open", None),
        ("available", None),
        ("", None),
    ] {
        let p = accept(
            doc(&format!(
                "<tuple id='a'><status><basic>{value}</basic></status></tuple>"
            ))
            .as_bytes(),
        );
        let t = &p.tuples[0];
        assert_eq!(t.basic(), expected, "{value:?}");
        assert_eq!(t.status.extensions.len(), usize::from(expected.is_none()));
    }
    let two =
        doc("<tuple id='a'><status><basic>open</basic><basic>closed</basic></status></tuple>");
    assert_eq!(
        read(two.as_bytes()),
        Err(PidfError::Duplicate {
            offset: at(&two, "<basic>closed"),
            element: "basic",
        })
    );
}

/// PIDF-4 (RFC 3863 §4.1.2): a tuple with `<basic>` should have a
/// `<contact>` (not required), and tuples may conflict: both are kept,
/// in document order; `<contact>` appears at most once.
#[test]
fn pidf_4_tuples_may_conflict() {
    let p = accept(
        doc("<tuple id='a'><status><basic>open</basic></status><contact>sip:a@example.com</contact></tuple>\
             <tuple id='b'><status><basic>closed</basic></status></tuple>")
        .as_bytes(),
    );
    let basics: Vec<_> = p.tuples.iter().map(Tuple::basic).collect();
    assert_eq!(basics, [Some(Basic::Open), Some(Basic::Closed)]);
    assert!(p.tuples[0].contact.is_some());
    assert_eq!(p.tuples[1].contact, None);
    let two = doc(
        "<tuple id='a'><status/><contact>sip:a@example.com</contact><contact>sip:b@example.com</contact></tuple>",
    );
    assert_eq!(
        read(two.as_bytes()),
        Err(PidfError::Duplicate {
            offset: at(&two, "<contact>sip:b"),
            element: "contact",
        })
    );
}

/// PIDF-5 (RFC 3863 §4.1.5): `priority` is a decimal from 0 to 1 with at
/// most three decimals, higher preferred; absent means lowest; out of
/// range (or not such a decimal) is ignored as if absent.
#[test]
fn pidf_5_contact_priority() {
    for (text, expected) in [
        ("0", Some(0)),
        ("0.8", Some(800)),
        ("0.725", Some(725)),
        ("1", Some(1000)),
        ("1.0", Some(1000)),
        ("1.000", Some(1000)),
        ("1.5", None),
        ("-0.5", None),
        ("0.1234", None),
        ("2", None),
        ("high", None),
    ] {
        let p = accept(
            doc(&format!(
                "<tuple id='a'><status/><contact priority='{text}'>sip:a@example.com</contact></tuple>"
            ))
            .as_bytes(),
        );
        let c = p.tuples[0].contact.as_ref().unwrap();
        assert_eq!(
            c.priority.as_ref().map(Priority::thousandths),
            expected,
            "{text}"
        );
    }
    let absent = accept(
        doc("<tuple id='a'><status/><contact>sip:a@example.com</contact></tuple>").as_bytes(),
    );
    assert_eq!(absent.tuples[0].contact.as_ref().unwrap().priority, None);
}

/// `presence.md` §6.3 (priority table), the PIDF side: the priorities the
/// mapping writes for XMPP 0, 1, 2, 64, 126 and 127, and what reading
/// PIDF `0.5` and `1.5` gives.
#[test]
fn rfc8048_priority_table_texts() {
    for (xmpp, text) in [
        (0u32, "0.000"),
        (1, "0.007"),
        (2, "0.015"),
        (64, "0.503"),
        (126, "0.992"),
        (127, "1.000"),
    ] {
        let thousandths = u16::try_from(xmpp * 1000 / 127).unwrap();
        let p = Priority::from_thousandths(thousandths).unwrap();
        assert_eq!(p.as_str(), text);
        assert_eq!(Priority::parse(text), Ok(p));
    }
    assert_eq!(Priority::parse("0.5").unwrap().thousandths(), 500);
    assert!(Priority::parse("1.5").is_err());
}

/// PIDF-6 (RFC 3863 §4.1.6): notes carry `xml:lang`, or inherit it from
/// an ancestor; several languages side by side, non-ASCII text kept as
/// written; the language is written on each note.
#[test]
fn pidf_6_notes_per_language() {
    let s = format!(
        "<presence xmlns='{NS_PIDF}' entity='pres:a@example.com' xml:lang='en'>\
         <tuple id='a'><status/><note>Gone</note><note xml:lang='fr'>Parti \u{e0} la plage</note>\
         <note xml:lang='ja'>\u{7559}\u{5b88}</note><note xml:lang=''>?</note></tuple>\
         <note>  spaced  </note></presence>"
    );
    let p = accept(s.as_bytes());
    let notes: Vec<(Option<&str>, &str)> = p.tuples[0]
        .notes
        .iter()
        .map(|n| (n.lang.as_deref(), n.text.as_str()))
        .collect();
    assert_eq!(
        notes,
        [
            (Some("en"), "Gone"),
            (Some("fr"), "Parti \u{e0} la plage"),
            (Some("ja"), "\u{7559}\u{5b88}"),
            (None, "?"),
        ]
    );
    assert_eq!(p.notes, [Note::new(Some("en"), "  spaced  ")]);
    let written = String::from_utf8(p.to_bytes()).unwrap();
    assert!(
        written.contains("<note xml:lang='en'>Gone</note>"),
        "{written}"
    );
    assert!(!written.contains("<presence xml:lang"), "{written}");
}

/// PIDF-7 (RFC 3863 §4.1.7): `<timestamp>` is an RFC 3339 date-time with
/// upper-case `T` and `Z`. One that is not is not understood: kept among
/// the tuple's extensions, the typed timestamp empty; two valid ones are
/// refused.
#[test]
fn pidf_7_timestamp_rfc3339_upper_case() {
    for (text, valid) in [
        ("2001-10-27T16:49:29Z", true),
        ("2001-10-27T16:49:29.123-08:00", true),
        ("2001-10-27t16:49:29z", false),
        ("2001-10-27 16:49:29Z", false),
        ("2001-10-27T16:49:29", false),
        ("2001-02-30T00:00:00Z", false),
    ] {
        let p = accept(
            doc(&format!(
                "<tuple id='a'><status/><timestamp>{text}</timestamp></tuple>"
            ))
            .as_bytes(),
        );
        let t = &p.tuples[0];
        assert_eq!(
            t.timestamp.as_ref().map(Timestamp::as_str),
            valid.then_some(text),
            "{text}"
        );
        assert_eq!(t.extensions.len(), usize::from(!valid), "{text}");
    }
    let two = doc(
        "<tuple id='a'><status/><timestamp>2001-10-27T16:49:29Z</timestamp><timestamp>2001-10-27T16:49:30Z</timestamp></tuple>",
    );
    assert_eq!(
        read(two.as_bytes()),
        Err(PidfError::Duplicate {
            offset: at(&two, "<timestamp>2001-10-27T16:49:30Z"),
            element: "timestamp",
        })
    );
}

/// PIDF-8 (RFC 3863 §4.2.3): elements in unknown namespaces, and unknown
/// names in the PIDF namespace, are ignored with their content by the
/// reader of the known parts, and kept, namespaces and content included,
/// so that a relayed document still carries them.
#[test]
fn pidf_8_unknown_elements_ignored_and_kept() {
    let s = doc(
        "<tuple id='a'><status><basic>open</basic><x:mood xmlns:x='urn:x'><x:happy/>text</x:mood></status>\
         <x:deviceinfo xmlns:x='urn:x' x:kind='phone'/><future>1</future></tuple>\
         <y:top xmlns:y='urn:y'><y:deeper a='1'>t</y:deeper></y:top>",
    );
    let p = accept(s.as_bytes());
    let t = &p.tuples[0];
    assert_eq!(t.basic(), Some(Basic::Open));
    let status_ext = &t.status.extensions[0];
    assert!(status_ext.is("mood", "urn:x"));
    assert_eq!(status_ext.text(), "text");
    assert!(status_ext.children().next().unwrap().is("happy", "urn:x"));
    assert!(t.extensions[0].is("deviceinfo", "urn:x"));
    assert_eq!(t.extensions[0].attr_ns("urn:x", "kind"), Some("phone"));
    assert!(t.extensions[1].is("future", NS_PIDF));
    assert!(p.extensions[0].is("top", "urn:y"));
    assert!(p.must_understand().is_empty());
}

/// PIDF-8, the exception (RFC 3863 §4.2): the RFC's example of an
/// element marked `mustUnderstand`, inside an extension of a tuple. The
/// document reads, the marked element is reported, and a receiver that
/// does not understand it can refuse to act on the document
/// (the presence digest's open point on `mustUnderstand`).
#[test]
fn pidf_8_must_understand_example() {
    let p = accept_fixture("rfc3863/example-must-understand.xml");
    assert_eq!(p.entity.as_str(), "pres:someone@example.com");
    let t = p.tuple("tj25ds").unwrap();
    assert_eq!(t.basic(), Some(Basic::Open));
    let c = t.contact.as_ref().unwrap();
    assert_eq!(
        (
            c.uri.as_str(),
            c.priority.as_ref().map(Priority::thousandths)
        ),
        ("tel:+09012345678", Some(725))
    );
    assert!(t.extensions[0].is("complexExtension", "http://id.mycompany.com/presence/"));
    assert!(p.extensions[0].is("mytag", "http://id.mycompany.com/presence/"));
    let marked: Vec<&str> = p.must_understand().iter().map(|e| e.name()).collect();
    assert_eq!(marked, ["ex1"]);
    let written = String::from_utf8(p.to_bytes()).unwrap();
    assert!(written.contains("pidf:mustUnderstand='1'"), "{written}");
}

/// PIDF-9 (RFC 3863 §4.1.4): extensions add to `<basic>`, they never
/// change it; a status extension that says otherwise leaves `<basic>`
/// as written, and writing keeps both.
#[test]
fn pidf_9_extensions_do_not_change_basic() {
    let p = accept(
        doc(
            "<tuple id='a'><status><basic>closed</basic><show xmlns='jabber:client'>chat</show>\
             <im:im xmlns:im='urn:ietf:params:xml:ns:pidf:im'>online</im:im></status></tuple>",
        )
        .as_bytes(),
    );
    let t = &p.tuples[0];
    assert_eq!(t.basic(), Some(Basic::Closed));
    assert_eq!(t.status.extensions.len(), 2);
    let again = read(&p.to_bytes()).unwrap();
    assert_eq!(again.tuples[0].basic(), Some(Basic::Closed));
}

/// RFC 3863 §4.1.1: the root is `<presence>` in the PIDF namespace, with
/// an `entity` that is a URI; a `sip:` entity is accepted beside `pres:`.
#[test]
fn rfc3863_4_1_1_presence_and_entity() {
    let wrong_ns =
        "<presence xmlns='urn:ietf:params:xml:ns:cpim-pidf' entity='pres:a@example.com'/>";
    assert_eq!(
        read(wrong_ns.as_bytes()),
        Err(PidfError::NotPresence { offset: 0 })
    );
    let no_ns = "<?xml version='1.0'?>\n<presence entity='pres:a@example.com'/>";
    assert_eq!(
        read(no_ns.as_bytes()),
        Err(PidfError::NotPresence {
            offset: at(no_ns, "<presence")
        })
    );
    let no_entity = format!("<presence xmlns='{NS_PIDF}'/>");
    assert_eq!(
        read(no_entity.as_bytes()),
        Err(PidfError::MissingAttribute {
            offset: 0,
            element: "presence",
            attribute: "entity",
        })
    );
    assert!(matches!(
        read(format!("<presence xmlns='{NS_PIDF}' entity='a b'/>").as_bytes()),
        Err(PidfError::InvalidEntity { offset: 0, .. })
    ));
    let sip =
        accept(format!("<presence xmlns='{NS_PIDF}' entity=' sip:a@example.com '/>").as_bytes());
    assert_eq!(sip.entity.as_str(), "sip:a@example.com");
    let prefixed = accept(
        format!("<p:presence xmlns:p='{NS_PIDF}' entity='pres:a@example.com'><p:tuple id='t'><p:status><p:basic>open</p:basic></p:status></p:tuple></p:presence>")
            .as_bytes(),
    );
    assert_eq!(prefixed.tuples[0].basic(), Some(Basic::Open));
}

/// The minimal document of `underlying.md` §6.1 (RFC 3863): one open
/// tuple with a contact of priority 0.8.
#[test]
fn rfc3863_minimal_example() {
    let p = accept_fixture("rfc3863/minimal-sg89ae.xml");
    assert_eq!(p.entity.as_str(), "pres:someone@example.com");
    assert_eq!(p.tuples.len(), 1);
    let t = &p.tuples[0];
    assert_eq!(t.id.as_str(), "sg89ae");
    assert_eq!(t.basic(), Some(Basic::Open));
    let c = t.contact.as_ref().unwrap();
    assert_eq!(c.uri.as_str(), "tel:+09012345678");
    assert_eq!(c.priority.as_ref().map(Priority::as_str), Some("0.8"));
    assert!(p.notes.is_empty() && p.persons.is_empty() && p.extensions.is_empty());
    assert_eq!(p.validate(), Ok(()));
}

/// RFC 3863's example document: two open tuples, the first with two
/// status extensions (`im:im` busy, a location), an IM contact of
/// priority 0.8, notes in English and French and a timestamp; the
/// second a mail contact of priority 1.0; a note on the presentity.
#[test]
fn rfc3863_two_tuple_example() {
    let p = accept_fixture("rfc3863/example-two-tuples.xml");
    assert_eq!(p.entity.as_str(), "pres:someone@example.com");
    let ids: Vec<&str> = p.tuples.iter().map(|t| t.id.as_str()).collect();
    assert_eq!(ids, ["bs35r9", "eg92n8"]);

    let first = &p.tuples[0];
    assert_eq!(first.basic(), Some(Basic::Open));
    let ext: Vec<(String, &str)> = first
        .status
        .extensions
        .iter()
        .map(|e| (e.ns(), e.name()))
        .collect();
    assert_eq!(
        ext,
        [
            ("urn:ietf:params:xml:ns:pidf:im".to_owned(), "im"),
            ("http://id.example.com/presence/".to_owned(), "location")
        ]
    );
    assert_eq!(first.status.extensions[0].text(), "busy");
    let c = first.contact.as_ref().unwrap();
    assert_eq!(c.uri.as_str(), "im:someone@mobilecarrier.net");
    assert_eq!(c.priority.as_ref().unwrap().thousandths(), 800);
    assert_eq!(
        first.notes,
        [
            Note::new(Some("en"), "Don't Disturb Please!"),
            Note::new(Some("fr"), "Ne derangez pas, s'il vous plait"),
        ]
    );
    assert_eq!(
        first.timestamp.as_ref().map(Timestamp::as_str),
        Some("2001-10-27T16:49:29Z")
    );

    let second = &p.tuples[1];
    assert_eq!(second.basic(), Some(Basic::Open));
    let c = second.contact.as_ref().unwrap();
    assert_eq!(c.uri.as_str(), "mailto:someone@example.com");
    assert_eq!(c.priority.as_ref().unwrap().thousandths(), 1000);
    assert_eq!(p.notes, [Note::new(None, "I'll be in Tokyo next week")]);
}

/// RFC 3863 §4.2.4: a status extension in its own namespace (a
/// location) beside `<basic>`, and a contact without priority.
#[test]
fn rfc3863_4_2_4_location_extension() {
    let p = accept_fixture("rfc3863/4.2.4-location-extension.xml");
    let t = p.tuple("ub93s3").unwrap();
    assert_eq!(t.basic(), Some(Basic::Open));
    let loc = &t.status.extensions[0];
    assert!(loc.is("location", "urn:example-com:pidf-status-type"));
    assert_eq!(loc.text(), "home");
    let c = t.contact.as_ref().unwrap();
    assert_eq!(
        (c.uri.as_str(), &c.priority),
        ("im:someone@example.com", &None)
    );
}

/// RFC 3856 §8, F3: the NOTIFY carries an `application/pidf+xml` body
/// (here the RFC 3863 §4.2.4 document), which reads as an open tuple.
#[test]
fn rfc3856_8_f3_notify_body() {
    let m = parse_sip("rfc3856/8-f3-notify.sip", Framing::Stream);
    let ct = m.content_type().unwrap().unwrap();
    assert!(is_pidf(&ct));
    let p = accept(m.body());
    assert_eq!(p.entity.as_str(), "pres:resource@example.com");
    assert_eq!(p.tuples[0].basic(), Some(Basic::Open));
    assert_eq!(
        p.tuples[0].contact.as_ref().map(|c| c.uri.as_str()),
        Some("im:resource@example.com")
    );
}

/// `presence.md` §5: the PIDF bodies of RFC 8048 Examples 4, 19 and 20
/// and the full-mapping body of §5.7, exact bytes with CRLF; each reads
/// as the digest says and is written back byte for byte, so the
/// Content-Length of the NOTIFYs that carry them stays as given. (The
/// gateway flows around them are the presence mapping's to test.)
#[test]
fn rfc8048_pidf_bodies_written_byte_for_byte() {
    for (file, len, entity, tuple, basic, show) in [
        (
            "pidf-r-open-away",
            292,
            "pres:romeo@example.net",
            "ID-dr4hcr0st3lup4c",
            Basic::Open,
            Some("away"),
        ),
        (
            "pidf-r-closed",
            247,
            "pres:romeo@example.net",
            "ID-dr4hcr0st3lup4c",
            Basic::Closed,
            None,
        ),
        (
            "pidf-j-open-away",
            294,
            "pres:juliet@example.com",
            "ID-yn0cl4bnw0yr3vym",
            Basic::Open,
            Some("away"),
        ),
        (
            "pidf-j-closed",
            249,
            "pres:juliet@example.com",
            "ID-yn0cl4bnw0yr3vym",
            Basic::Closed,
            None,
        ),
        (
            "tv-pres-32",
            422,
            "pres:juliet@example.com",
            "ID-yn0cl4bnw0yr3vym",
            Basic::Open,
            Some("dnd"),
        ),
    ] {
        let bytes = fixture(&format!("rfc8048/{file}.xml"));
        assert_eq!(bytes.len(), len, "{file}");
        let p = accept(&bytes);
        assert_eq!(p.entity.as_str(), entity);
        let t = &p.tuples[0];
        assert_eq!(t.id.as_str(), tuple);
        assert_eq!(t.basic(), Some(basic));
        let shows: Vec<String> = t
            .status
            .extensions
            .iter()
            .filter(|e| e.is("show", "jabber:client"))
            .map(Element::text)
            .collect();
        assert_eq!(
            shows,
            show.into_iter().map(str::to_owned).collect::<Vec<_>>()
        );
        assert_eq!(p.to_bytes(), bytes, "{file}");
    }
}

/// `presence.md` §5.7 (full mapping): the document the mapping builds for
/// juliet's `dnd` presence with a status in English and priority 1 is the
/// digest's body, 422 bytes.
#[test]
fn rfc8048_full_mapping_body_built() {
    let mut show = Element::bare("show", "jabber:client");
    show.append_text_node("dnd");
    let p = Pidf::new("pres:juliet@example.com".parse().unwrap()).with_tuple(
        Tuple::new(Id::from_resource("yn0cl4bnw0yr3vym"), Basic::Open)
            .with_status_extension(show)
            .with_contact(
                Contact::new(
                    "sip:juliet@example.com;gr=yn0cl4bnw0yr3vym"
                        .parse()
                        .unwrap(),
                )
                .with_priority(Priority::from_thousandths(1000 / 127).unwrap()),
            )
            .with_note(Note::new(Some("en"), "Wooing Romeo")),
    );
    assert_eq!(p.validate(), Ok(()));
    assert_eq!(p.to_bytes(), fixture("rfc8048/tv-pres-32.xml"));
    let c = p.tuples[0].contact.as_ref().unwrap();
    assert_eq!(c.gruu().as_deref(), Some("yn0cl4bnw0yr3vym"));
    assert_eq!(
        p.tuples[0].id.to_resource().as_deref(),
        Some("yn0cl4bnw0yr3vym")
    );
}

/// `underlying.md` §6.2 (RFC 4479 §3.1, RFC 4480 §3.2): a person-level
/// activity beside a tuple, as many SIP clients send it.
#[test]
fn rfc4480_person_busy_example() {
    let p = accept_fixture("rfc4480/person-busy.xml");
    assert_eq!(p.tuples[0].basic(), Some(Basic::Open));
    let person = &p.persons[0];
    assert_eq!(person.id.as_str(), "p1");
    assert_eq!(
        person.all_activities().collect::<Vec<_>>(),
        [&Activity::Busy]
    );
    assert_eq!(person.notes, [Note::new(None, "In a meeting")]);
    let built = Pidf::new("pres:romeo@example.net".parse().unwrap())
        .with_tuple(Tuple::new(id("t1"), Basic::Open))
        .with_person(
            Person::new(id("p1"))
                .with_activities([Activity::Busy])
                .with_note(Note::new(None, "In a meeting")),
        );
    assert_eq!(built, p);
    let written = String::from_utf8(built.to_bytes()).unwrap();
    assert!(written.contains("xmlns:dm='urn:ietf:params:xml:ns:pidf:data-model'"));
    assert!(written.contains("xmlns:rpid='urn:ietf:params:xml:ns:pidf:rpid'"));
    assert!(written.contains("<rpid:activities>\r\n      <rpid:busy/>\r\n    </rpid:activities>"));
}

/// `presence.md` §7: every activity of the RPID profile's table is read
/// as a typed activity (RFC 4480 §3.2), and the `xa` option's
/// `<rpid:user-input>idle</rpid:user-input>` (§3.15) as typed input.
#[test]
fn rpid_profile_activities_are_typed() {
    let names = [
        "away",
        "vacation",
        "holiday",
        "permanent-absence",
        "sleeping",
        "busy",
        "on-the-phone",
        "meeting",
        "appointment",
        "presentation",
        "performance",
        "breakfast",
        "lunch",
        "dinner",
        "meal",
        "in-transit",
        "travel",
        "steering",
        "shopping",
        "playing",
        "spectator",
        "tv",
        "worship",
        "working",
        "looking-for-work",
        "unknown",
    ];
    let mut inner = String::new();
    for n in names.iter().filter(|n| **n != "lunch") {
        inner.push_str(&format!("<rpid:{n}/>"));
    }
    let s = format!(
        "<presence xmlns='{NS_PIDF}' xmlns:dm='urn:ietf:params:xml:ns:pidf:data-model' \
         xmlns:rpid='{NS_RPID}' entity='pres:a@example.com'><dm:person id='p'>\
         <rpid:activities>{inner}<rpid:other>lunch</rpid:other></rpid:activities>\
         <rpid:user-input>idle</rpid:user-input></dm:person></presence>"
    );
    let p = accept(s.as_bytes());
    let person = &p.persons[0];
    let read: Vec<Option<&str>> = person.all_activities().map(Activity::name).collect();
    let mut expected: Vec<Option<&str>> = names
        .iter()
        .filter(|n| **n != "lunch")
        .map(|n| Some(*n))
        .collect();
    expected.push(None);
    assert_eq!(read, expected);
    assert_eq!(
        person.all_activities().last(),
        Some(&Activity::Other(Note::new(None, "lunch")))
    );
    assert_eq!(person.user_input[0].state, InputState::Idle);
}

/// RFC 5621 §4 (a SIP body with several parts): the PIDF part of a
/// `multipart/mixed` beside SDP, and inside a nested `multipart/related`.
#[test]
fn rfc5621_pidf_part_in_multipart() {
    let body = b"--b1\r\n\
Content-Type: application/sdp\r\n\
\r\n\
v=0\r\n\
--b1\r\n\
Content-Type: multipart/related;boundary=b2\r\n\
\r\n\
--b2\r\n\
Content-Type: application/pidf+xml\r\n\
\r\n\
<presence xmlns='urn:ietf:params:xml:ns:pidf' entity='pres:a@example.com'/>\r\n\
--b2--\r\n\
--b1--\r\n";
    let ct = sip_xmpp::MediaType::parse("multipart/mixed;boundary=b1").unwrap();
    let m = Multipart::parse(body, &ct, &ParseLimits::DEFAULT).unwrap();
    let found = find_in_multipart(&m).unwrap();
    assert_eq!(accept(found).entity.as_str(), "pres:a@example.com");
    let without = Multipart::parse(
        b"--b\r\nContent-Type: application/sdp\r\n\r\nv=0\r\n--b--\r\n",
        &sip_xmpp::MediaType::parse("multipart/mixed;boundary=b").unwrap(),
        &ParseLimits::DEFAULT,
    )
    .unwrap();
    assert_eq!(find_in_multipart(&without), None);
}

/// Hostile XML: the billion laughs needs a DTD, which is refused where it
/// begins, before any entity is declared or expanded; an entity used
/// without a declaration is refused too.
#[test]
fn hostile_billion_laughs_refused() {
    let mut dtd =
        String::from("<?xml version='1.0'?>\n<!DOCTYPE presence [\n<!ENTITY lol0 'lol'>\n");
    for i in 1..10 {
        let refs = format!("&lol{};", i - 1).repeat(10);
        dtd.push_str(&format!("<!ENTITY lol{i} '{refs}'>\n"));
    }
    dtd.push_str("]>\n");
    let s = format!("{dtd}{}", doc("<note>&lol9;</note>"));
    assert_eq!(
        read(s.as_bytes()),
        Err(PidfError::Xml(XmlError::Doctype {
            offset: at(&s, "<!DOCTYPE")
        }))
    );
    let undeclared = doc("<note>&lol9;</note>");
    assert_eq!(
        read(undeclared.as_bytes()),
        Err(PidfError::Xml(XmlError::EntityReference {
            offset: at(&undeclared, "&lol9;")
        }))
    );
}

/// Hostile XML: an external entity (XXE) is refused with the DTD that
/// declares it, and a reference to it alone as an undeclared entity.
#[test]
fn hostile_external_entity_refused() {
    let s = format!(
        "<?xml version='1.0'?><!DOCTYPE presence [<!ENTITY xxe SYSTEM 'file:///etc/passwd'>]>{}",
        doc("<note>&xxe;</note>")
    );
    assert!(matches!(
        read(s.as_bytes()),
        Err(PidfError::Xml(XmlError::Doctype { .. }))
    ));
    let param = "<!DOCTYPE presence SYSTEM 'http://attacker.example/pidf.dtd'><presence/>";
    assert_eq!(
        read(param.as_bytes()),
        Err(PidfError::Xml(XmlError::Doctype { offset: 0 }))
    );
    let bare = doc("<tuple id='a'><status/><contact>&xxe;</contact></tuple>");
    assert_eq!(
        read(bare.as_bytes()),
        Err(PidfError::Xml(XmlError::EntityReference {
            offset: at(&bare, "&xxe;")
        }))
    );
}

/// Hostile XML: nesting 200,000 deep (within the size limit, raised for
/// the test) is refused at depth `max_xml_depth + 1`, after reading only
/// that far, and quickly.
#[test]
fn hostile_deep_nesting_refused_quickly() {
    let open = "<x>".repeat(200_000);
    let s = doc(&format!("<tuple id='a'><status>{open}</status></tuple>"));
    let limits = ParseLimits {
        max_body_bytes: usize::MAX,
        ..ParseLimits::DEFAULT
    };
    let start = Instant::now();
    let err = Pidf::parse(s.as_bytes(), &limits).unwrap_err();
    assert_eq!(
        err,
        PidfError::Xml(XmlError::TooDeep {
            offset: at(&s, "<x>") + 3 * 29,
            max: 32
        })
    );
    assert!(
        start.elapsed() < Duration::from_secs(1),
        "{:?}",
        start.elapsed()
    );
    // The same under the default body limit is refused for its size first.
    assert!(matches!(
        read(s.as_bytes()),
        Err(PidfError::TooLarge { .. })
    ));
}

/// Hostile XML: a huge attribute value (an `entity` of 100,000 bytes),
/// many attributes on one element, and many elements are refused by the
/// XML limits, before the value or the tree is built.
#[test]
fn hostile_huge_attribute_and_counts_refused() {
    let limits = ParseLimits {
        max_body_bytes: 1 << 20,
        ..ParseLimits::DEFAULT
    };
    let huge = format!(
        "<presence xmlns='{NS_PIDF}' entity='pres:{}@example.com'/>",
        "a".repeat(100_000)
    );
    assert!(matches!(
        Pidf::parse(huge.as_bytes(), &limits),
        Err(PidfError::Xml(XmlError::TokenTooLong { .. }))
    ));
    let attrs: String = (0..300).map(|i| format!(" a{i}='x'")).collect();
    let many_attrs = doc(&format!("<x xmlns='urn:x'{attrs}/>"));
    assert!(matches!(
        read(many_attrs.as_bytes()),
        Err(PidfError::Xml(XmlError::TooManyAttributes { max: 256, .. }))
    ));
    let many = doc(&"<x xmlns='urn:x'/>".repeat(2_000));
    assert!(matches!(
        read(many.as_bytes()),
        Err(PidfError::Xml(XmlError::TooManyElements { max: 1000, .. }))
    ));
}

/// Hostile input: a document over `max_body_bytes` is refused before it
/// is read; bytes that are not UTF-8 are refused where they are.
#[test]
fn hostile_oversize_and_encoding_refused() {
    let big = doc(&" ".repeat(70_000));
    assert_eq!(
        read(big.as_bytes()),
        Err(PidfError::TooLarge {
            len: big.len(),
            max: 65_536
        })
    );
    let latin1 = b"<presence xmlns='urn:ietf:params:xml:ns:pidf' entity='pres:a@example.com'><note>caf\xe9</note></presence>";
    let bad = latin1.iter().position(|&b| b == 0xe9).unwrap();
    assert_eq!(
        read(latin1),
        Err(PidfError::Xml(XmlError::Utf8 { offset: bad }))
    );
    let declared = "<?xml version='1.0' encoding='ISO-8859-1'?><presence/>";
    assert_eq!(
        read(declared.as_bytes()),
        Err(PidfError::Xml(XmlError::XmlDeclaration { offset: 0 }))
    );
}
