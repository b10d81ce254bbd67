//! Table-driven tests of reading and writing.

use minidom::Element;

use super::*;
use crate::limits::ParseLimits;
use crate::xmpp::XmlError;

fn parse(s: &str) -> Result<Pidf, PidfError> {
    Pidf::parse(s.as_bytes(), &ParseLimits::DEFAULT)
}

fn ok(s: &str) -> Pidf {
    parse(s).unwrap_or_else(|e| panic!("{s}: {e}"))
}

fn write(p: &Pidf) -> String {
    String::from_utf8(p.to_bytes()).unwrap()
}

/// Reads a document, and checks that writing it reads back the same and
/// writes the same again.
fn round_trip(s: &str) -> Pidf {
    let p = ok(s);
    let once = write(&p);
    let again = ok(&once);
    assert_eq!(again, p, "{once}");
    assert_eq!(write(&again), once);
    p
}

const P: &str = "xmlns='urn:ietf:params:xml:ns:pidf'";

fn doc(body: &str) -> String {
    format!("<presence {P} entity='pres:a@example.com'>{body}</presence>")
}

/// The RFC 8048 bodies of `presence.md` §5, with CRLF line ends.
fn crlf(s: &str) -> String {
    s.replace('\n', "\r\n")
}

const R_OPEN_AWAY: &str = "<?xml version='1.0' encoding='UTF-8'?>
<presence xmlns='urn:ietf:params:xml:ns:pidf'
          entity='pres:romeo@example.net'>
  <tuple id='ID-dr4hcr0st3lup4c'>
    <status>
      <basic>open</basic>
      <show xmlns='jabber:client'>away</show>
    </status>
  </tuple>
</presence>";

#[test]
fn rfc8048_bodies_are_written_byte_for_byte() {
    let body = crlf(R_OPEN_AWAY);
    assert_eq!(body.len(), 292);
    let p = ok(&body);
    assert_eq!(write(&p), body);

    let mut show = Element::bare("show", "jabber:client");
    show.append_text_node("away");
    let built = Pidf::new("pres:romeo@example.net".parse().unwrap()).with_tuple(
        Tuple::new(Id::from_resource("dr4hcr0st3lup4c"), Basic::Open).with_status_extension(show),
    );
    assert_eq!(built, p);

    let closed = Pidf::new("pres:romeo@example.net".parse().unwrap()).with_tuple(Tuple::new(
        Id::from_resource("dr4hcr0st3lup4c"),
        Basic::Closed,
    ));
    assert_eq!(closed.to_bytes().len(), 247);
}

#[test]
fn empty_documents() {
    let p = round_trip(&format!("<presence {P} entity='pres:a@example.com'/>"));
    assert_eq!(
        write(&p),
        "<?xml version='1.0' encoding='UTF-8'?>\r\n<presence xmlns='urn:ietf:params:xml:ns:pidf'\r\n          entity='pres:a@example.com'/>"
    );
}

#[test]
fn refusals() {
    use PidfError::*;
    let table: Vec<(String, PidfError)> = vec![
        (
            "<presence entity='pres:a@b'/>".into(),
            NotPresence { offset: 0 },
        ),
        (
            format!("<?xml version='1.0'?><tuple {P} id='a'/>"),
            NotPresence { offset: 21 },
        ),
        (
            format!("<presence {P}/>"),
            MissingAttribute {
                offset: 0,
                element: "presence",
                attribute: "entity",
            },
        ),
        (
            doc("<tuple><status/></tuple>"),
            MissingAttribute {
                offset: 74,
                element: "tuple",
                attribute: "id",
            },
        ),
        (
            doc("<tuple id='1a'><status/></tuple>"),
            InvalidId { offset: 74 },
        ),
        (
            doc("<tuple id='a'><status/></tuple><tuple id='a'><status/></tuple>"),
            DuplicateId {
                offset: 105,
                id: Id::parse("a").unwrap(),
            },
        ),
        (doc("<tuple id='a'/>"), MissingStatus { offset: 74 }),
        (
            doc("<tuple id='a'><status/><status/></tuple>"),
            Duplicate {
                offset: 97,
                element: "status",
            },
        ),
        (
            doc("<tuple id='a'><status><basic>open</basic><basic>closed</basic></status></tuple>"),
            Duplicate {
                offset: 115,
                element: "basic",
            },
        ),
        (
            doc(
                "<tuple id='a'><status/><contact>sip:a@b</contact><contact>sip:c@d</contact></tuple>",
            ),
            Duplicate {
                offset: 123,
                element: "contact",
            },
        ),
        (
            doc(
                "<tuple id='a'><status/><timestamp>2001-10-27T16:49:29Z</timestamp><timestamp>2001-10-27T16:49:30Z</timestamp></tuple>",
            ),
            Duplicate {
                offset: 140,
                element: "timestamp",
            },
        ),
        (
            doc("x"),
            UnexpectedText {
                offset: 0,
                element: "presence",
            },
        ),
        (
            doc("<tuple id='a'>x<status/></tuple>"),
            UnexpectedText {
                offset: 74,
                element: "tuple",
            },
        ),
        (
            doc("<tuple id='a'><status>open</status></tuple>"),
            UnexpectedText {
                offset: 88,
                element: "status",
            },
        ),
        (
            "<!DOCTYPE presence><presence/>".into(),
            Xml(XmlError::Doctype { offset: 0 }),
        ),
        (doc("&lol;"), Xml(XmlError::EntityReference { offset: 74 })),
        (
            format!("<?pi?>{}", doc("")),
            Xml(XmlError::ProcessingInstruction { offset: 0 }),
        ),
        (
            doc("<!-- a -- b -->"),
            Xml(XmlError::Comment { offset: 81 }),
        ),
        (
            "\u{FEFF}<presence/>".into(),
            Xml(XmlError::TextOutsideRoot { offset: 0 }),
        ),
    ];
    for (input, expected) in table {
        assert_eq!(parse(&input).as_ref().err(), Some(&expected), "{input}");
    }
    assert!(matches!(
        parse(&format!("<presence {P} entity='not a uri'/>")),
        Err(InvalidEntity { offset: 0, .. })
    ));
}

#[test]
fn limits() {
    let tight = ParseLimits {
        max_body_bytes: 100,
        ..ParseLimits::DEFAULT
    };
    let long = doc(&" ".repeat(100));
    assert_eq!(
        Pidf::parse(long.as_bytes(), &tight),
        Err(PidfError::TooLarge {
            len: long.len(),
            max: 100
        })
    );
    let deep = doc(&format!("{}{}", "<x>".repeat(40), "</x>".repeat(40)));
    assert!(matches!(
        parse(&deep),
        Err(PidfError::Xml(XmlError::TooDeep { max: 32, .. }))
    ));
}

#[test]
fn comments_are_skipped() {
    let p = ok(&doc(
        "<!-- c --><tuple id='a'><status><basic>op<!-- x -->en</basic></status></tuple>",
    ));
    assert_eq!(p.tuples[0].basic(), Some(Basic::Open));
}

#[test]
fn kept_rather_than_refused() {
    let p = round_trip(&doc(
        "<tuple id='a'><status><basic>available</basic></status>\
         <contact priority='1.5'>not a uri</contact><timestamp>yesterday</timestamp>\
         <note>a<b xmlns='urn:x'/></note></tuple><note><i xmlns='urn:x'/></note>",
    ));
    let t = &p.tuples[0];
    assert_eq!(t.basic(), None);
    assert_eq!(t.status.extensions.len(), 1);
    assert!(t.status.extensions[0].is("basic", NS_PIDF));
    assert_eq!(t.contact, None);
    assert_eq!(t.timestamp, None);
    assert!(t.notes.is_empty());
    let names: Vec<&str> = t.extensions.iter().map(Element::name).collect();
    assert_eq!(names, ["contact", "timestamp", "note"]);
    assert!(p.notes.is_empty());
    assert_eq!(p.extensions.len(), 1);
}

#[test]
fn invalid_priority_is_ignored() {
    for (text, expected) in [
        ("0.5", Some(500)),
        (" 1.0 ", Some(1000)),
        ("1.5", None),
        ("-0.1", None),
        ("0.1234", None),
        ("high", None),
    ] {
        let p = ok(&doc(&format!(
            "<tuple id='a'><status/><contact priority='{text}'>sip:a@b</contact></tuple>"
        )));
        let c = p.tuples[0].contact.as_ref().unwrap();
        assert_eq!(
            c.priority.as_ref().map(Priority::thousandths),
            expected,
            "{text}"
        );
    }
}

#[test]
fn languages_are_inherited_and_written_on_the_note() {
    let p = round_trip(&format!(
        "<presence {P} entity='pres:a@example.com' xml:lang='fr'>\
         <tuple id='a' xml:lang='de'><status><x xmlns='urn:x'>Hallo</x></status>\
         <note>Hallo</note><note xml:lang='en'>Hello</note><note xml:lang=''>?</note></tuple>\
         <note>Bonjour</note><y xmlns='urn:x'/></presence>"
    ));
    let t = &p.tuples[0];
    let langs: Vec<Option<&str>> = t.notes.iter().map(|n| n.lang.as_deref()).collect();
    assert_eq!(langs, [Some("de"), Some("en"), None]);
    assert_eq!(p.notes[0].lang.as_deref(), Some("fr"));
    assert_eq!(t.status.extensions[0].attr_ns(NS_XML, "lang"), Some("de"));
    assert_eq!(p.extensions[0].attr_ns(NS_XML, "lang"), Some("fr"));
}

#[test]
fn order_of_children_is_free_on_input() {
    let p = round_trip(&doc(
        "<dm:person xmlns:dm='urn:ietf:params:xml:ns:pidf:data-model' id='p'/>\
         <x xmlns='urn:x'/><note>n</note>\
         <tuple id='a'><note>t</note><contact>sip:a@b</contact><status><y xmlns='urn:y'/><basic>closed</basic></status></tuple>",
    ));
    assert_eq!(p.persons.len(), 1);
    assert_eq!(p.tuples[0].basic(), Some(Basic::Closed));
    assert_eq!(p.notes.len(), 1);
    assert_eq!(p.extensions.len(), 1);
}

#[test]
fn rpid_profile() {
    let s = "<presence xmlns='urn:ietf:params:xml:ns:pidf' \
        xmlns:dm='urn:ietf:params:xml:ns:pidf:data-model' \
        xmlns:rpid='urn:ietf:params:xml:ns:pidf:rpid' entity='pres:romeo@example.net'>\
        <tuple id='t1'><status><basic>open</basic></status></tuple>\
        <dm:person id='p1' xml:lang='en'>\
          <rpid:activities from='2005-05-30T12:00:00+05:00'><rpid:note>Lunch</rpid:note>\
            <rpid:busy/><rpid:on-the-phone></rpid:on-the-phone><rpid:other xml:lang='de'>Mittag</rpid:other>\
          </rpid:activities>\
          <rpid:user-input idle-threshold='600' last-input='2004-10-21T13:20:00.000-05:00'>idle</rpid:user-input>\
          <rpid:mood><rpid:happy/></rpid:mood>\
          <dm:note>In a meeting</dm:note>\
          <dm:timestamp>2005-05-30T12:00:00Z</dm:timestamp>\
        </dm:person></presence>";
    let p = round_trip(s);
    let person = &p.persons[0];
    assert_eq!(person.id.as_str(), "p1");
    let a = &person.activities[0];
    assert_eq!(
        a.from.as_ref().map(Timestamp::as_str),
        Some("2005-05-30T12:00:00+05:00")
    );
    assert_eq!(a.notes, [Note::new(Some("en"), "Lunch")]);
    assert_eq!(
        a.activities,
        [
            Activity::Busy,
            Activity::OnThePhone,
            Activity::Other(Note::new(Some("de"), "Mittag"))
        ]
    );
    let u = &person.user_input[0];
    assert_eq!((u.state, u.idle_threshold), (InputState::Idle, Some(600)));
    assert!(person.extensions[0].is("mood", NS_RPID));
    assert_eq!(person.notes, [Note::new(Some("en"), "In a meeting")]);
    assert!(person.timestamp.is_some());
    let out = write(&p);
    assert!(
        out.contains("<rpid:mood xml:lang='en'><rpid:happy/></rpid:mood>"),
        "{out}"
    );
}

#[test]
fn rpid_elements_that_do_not_fit_are_kept_whole() {
    let pre = "<presence xmlns='urn:ietf:params:xml:ns:pidf' \
        xmlns:dm='urn:ietf:params:xml:ns:pidf:data-model' \
        xmlns:rpid='urn:ietf:params:xml:ns:pidf:rpid' entity='pres:a@example.com'>";
    for inner in [
        "<rpid:activities foo='1'><rpid:busy/></rpid:activities>",
        "<rpid:activities><rpid:busy>x</rpid:busy></rpid:activities>",
        "<rpid:activities><rpid:busy a='1'/></rpid:activities>",
        "<rpid:activities><rpid:dancing/></rpid:activities>",
        "<rpid:activities><x xmlns='urn:x'/></rpid:activities>",
        "<rpid:activities from='yesterday'><rpid:busy/></rpid:activities>",
        "<rpid:activities>x<rpid:busy/></rpid:activities>",
        "<rpid:user-input>sleepy</rpid:user-input>",
        "<rpid:user-input idle-threshold='0'>idle</rpid:user-input>",
        "<rpid:user-input><x xmlns='urn:x'/>idle</rpid:user-input>",
    ] {
        let p = round_trip(&format!(
            "{pre}<dm:person id='p'>{inner}</dm:person></presence>"
        ));
        let person = &p.persons[0];
        assert!(
            person.activities.is_empty() && person.user_input.is_empty(),
            "{inner}"
        );
        assert_eq!(person.extensions.len(), 1, "{inner}");
    }
    for person in [
        "<dm:person/>",
        "<dm:person id='1'/>",
        "<dm:person id='p' foo='x'/>",
        "<dm:person id='p'>text</dm:person>",
        "<dm:person id='p'><dm:timestamp>2005-05-30T12:00:00Z</dm:timestamp><dm:timestamp>2005-05-30T12:00:01Z</dm:timestamp></dm:person>",
    ] {
        let p = round_trip(&format!("{pre}{person}</presence>"));
        assert!(p.persons.is_empty(), "{person}");
        assert_eq!(p.extensions.len(), 1, "{person}");
    }
}

#[test]
fn must_understand() {
    let p = ok(&doc("<tuple id='a'><status><basic>open</basic></status>\
         <e:complex xmlns:e='urn:e'><e:ex1 xmlns:pidf='urn:ietf:params:xml:ns:pidf' pidf:mustUnderstand='1'>v</e:ex1></e:complex></tuple>\
         <f xmlns='urn:f' mustUnderstand=' true '/><g xmlns='urn:g' mustUnderstand='false'/>"));
    let names: Vec<&str> = p.must_understand().iter().map(|e| e.name()).collect();
    assert_eq!(names, ["ex1", "f"]);
    let out = write(&p);
    assert!(
        out.contains("xmlns:pidf='urn:ietf:params:xml:ns:pidf'"),
        "{out}"
    );
    assert!(
        out.contains("<e:ex1") || out.contains("<ex1 pidf:mustUnderstand='1'>v</ex1>"),
        "{out}"
    );
    assert_eq!(ok(&out), p);
}

#[test]
fn kept_elements_keep_their_namespaces() {
    let p = round_trip(&doc("<tuple id='a'><status><basic>open</basic>\
         <im:im xmlns:im='urn:ietf:params:xml:ns:pidf:im'>busy</im:im></status>\
         <a:x xmlns:a='urn:a' xmlns:b='urn:b' b:attr='1'><inner/><b:y a:z='2'/>t&amp;&lt;</a:x>\
         <none xmlns=''><deeper/></none>\
         <dmx xmlns='urn:ietf:params:xml:ns:pidf:data-model'/></tuple>"));
    let out = write(&p);
    assert!(
        out.contains("<im xmlns='urn:ietf:params:xml:ns:pidf:im'>busy</im>"),
        "{out}"
    );
    assert!(
        out.contains("<x xmlns='urn:a' xmlns:ns0='urn:b' ns0:attr='1'><inner xmlns='urn:ietf:params:xml:ns:pidf'/><y xmlns='urn:b' xmlns:ns0='urn:a' ns0:z='2'/>t&amp;&lt;</x>"),
        "{out}"
    );
    assert!(out.contains("<none xmlns=''><deeper/></none>"), "{out}");
    assert!(out.contains("xmlns:dm="), "{out}");
    assert!(out.contains("<dm:dmx/>"), "{out}");
}

#[test]
fn text_is_escaped() {
    let tricky = "a < b & c > d ' \" \r\n\t ]]> \u{10FFFF} é";
    let entity: crate::uri::Uri = "sip:o'neil@example.com".parse().unwrap();
    let p = Pidf::new(entity)
        .with_tuple(
            Tuple::new(Id::parse("t").unwrap(), Basic::Open)
                .with_note(Note::new(Some("x-'<&"), tricky)),
        )
        .with_note(Note::new(None, tricky));
    let bytes = p.to_bytes();
    assert_eq!(Pidf::parse(&bytes, &ParseLimits::DEFAULT).unwrap(), p);
    let s = String::from_utf8(bytes).unwrap();
    assert!(s.contains("entity='sip:o&apos;neil@example.com'"), "{s}");
}

#[test]
fn validate() {
    let id = Id::parse("a").unwrap();
    let mut p = Pidf::new("pres:a@example.com".parse().unwrap())
        .with_tuple(Tuple::new(id.clone(), Basic::Open));
    assert_eq!(p.validate(), Ok(()));
    p.tuples.push(Tuple::new(id.clone(), Basic::Closed));
    assert_eq!(
        p.validate(),
        Err(PidfViolation::DuplicateId { id: id.clone() })
    );
    p.tuples.pop();
    p.tuples[0].status.basic = None;
    assert_eq!(p.validate(), Err(PidfViolation::EmptyStatus { tuple: id }));
    let read = ok(&doc("<tuple id='a'><status/></tuple>"));
    assert!(matches!(
        read.validate(),
        Err(PidfViolation::EmptyStatus { .. })
    ));
}

#[test]
fn contact_gruu() {
    let p = ok(&doc(
        "<tuple id='a'><status/><contact>sip:juliet@example.com;gr=yn0cl4bnw0yr3vym</contact></tuple>",
    ));
    let c = p.tuples[0].contact.as_ref().unwrap();
    assert_eq!(c.gruu().as_deref(), Some("yn0cl4bnw0yr3vym"));
    assert_eq!(Contact::new("im:a@b".parse().unwrap()).gruu(), None);
}

#[test]
fn activity_names() {
    assert_eq!(super::model::ACTIVITY_NAMES.len(), 25);
    for (name, activity) in super::model::ACTIVITY_NAMES {
        assert_eq!(Activity::from_name(name).as_ref(), Some(activity));
        assert_eq!(activity.name(), Some(*name));
    }
    assert_eq!(Activity::Other(Note::new(None, "x")).name(), None);
    assert_eq!(Activity::from_name("other"), None);
}
