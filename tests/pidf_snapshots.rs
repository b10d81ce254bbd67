//! Snapshots of PIDF documents as the crate writes them, then the typed
//! values read from them.
//!
//! Inputs, under `tests/fixtures/` (sources in `EXAMPLES.md`):
//! * `rfc3863/`: the minimal document of `underlying.md` §6.1, the
//!   §4.2.4 location extension, the `mustUnderstand` example and the
//!   two-tuple example of RFC 3863;
//! * `rfc8048/`: the PIDF bodies of `presence.md` §5 (RFC 8048 Examples
//!   4, 19, 20 and the full-mapping body of §5.7), which the writer
//!   reproduces byte for byte;
//! * `rfc4480/`: the person-level activity of `underlying.md` §6.2 and a
//!   richer document with RFC 4480 elements inside and outside the typed
//!   subset.
//!
//! The written form is shown with LF line ends: the writer's own line ends
//! are CRLF; the whitespace kept inside kept elements is as the input had
//! it.

use std::fmt::Write as _;

use sip_xmpp::ParseLimits;
use sip_xmpp::pidf::{Activities, Note, Person, Pidf, Tuple};
use sip_xmpp::xmpp::minidom::Element;

/// `{namespace}name` of a kept element, with its text if it has no
/// children.
fn kept(e: &Element) -> String {
    let mut s = format!("{{{}}}{}", e.ns(), e.name());
    if e.children().next().is_none() && !e.text().is_empty() {
        let _ = write!(s, " {:?}", e.text());
    }
    s
}

fn note(n: &Note) -> String {
    match &n.lang {
        Some(lang) => format!("[{lang}] {:?}", n.text),
        None => format!("{:?}", n.text),
    }
}

fn tuple(out: &mut String, t: &Tuple) {
    let _ = writeln!(out, "tuple {}", t.id);
    if let Some(r) = t.id.to_resource() {
        let _ = writeln!(out, "  resource {r:?}");
    }
    let _ = writeln!(
        out,
        "  basic {}",
        t.basic().map_or("(none)", |b| b.as_str())
    );
    for e in &t.status.extensions {
        let _ = writeln!(out, "  status extension {}", kept(e));
    }
    for e in &t.extensions {
        let _ = writeln!(out, "  extension {}", kept(e));
    }
    if let Some(c) = &t.contact {
        let _ = write!(out, "  contact {}", c.uri);
        if let Some(p) = &c.priority {
            let _ = write!(out, " priority {p} ({}/1000)", p.thousandths());
        }
        if let Some(gr) = c.gruu() {
            let _ = write!(out, " gr {gr:?}");
        }
        out.push('\n');
    }
    for n in &t.notes {
        let _ = writeln!(out, "  note {}", note(n));
    }
    if let Some(ts) = &t.timestamp {
        let _ = writeln!(out, "  timestamp {ts}");
    }
}

fn activities(out: &mut String, a: &Activities) {
    out.push_str("  activities");
    for (name, value) in [
        ("id", a.id.as_ref().map(ToString::to_string)),
        ("from", a.from.as_ref().map(ToString::to_string)),
        ("until", a.until.as_ref().map(ToString::to_string)),
    ] {
        if let Some(v) = value {
            let _ = write!(out, " {name}={v}");
        }
    }
    out.push('\n');
    for n in &a.notes {
        let _ = writeln!(out, "    note {}", note(n));
    }
    for activity in &a.activities {
        let _ = writeln!(out, "    {activity:?}");
    }
}

fn person(out: &mut String, p: &Person) {
    let _ = writeln!(out, "person {}", p.id);
    for a in &p.activities {
        activities(out, a);
    }
    for u in &p.user_input {
        let _ = writeln!(
            out,
            "  user-input {} idle-threshold {:?} last-input {:?}",
            u.state.as_str(),
            u.idle_threshold,
            u.last_input.as_ref().map(|t| t.as_str())
        );
    }
    for e in &p.extensions {
        let _ = writeln!(out, "  extension {}", kept(e));
    }
    for n in &p.notes {
        let _ = writeln!(out, "  note {}", note(n));
    }
    if let Some(ts) = &p.timestamp {
        let _ = writeln!(out, "  timestamp {ts}");
    }
}

/// The written document, then the typed values.
fn render(p: &Pidf) -> String {
    let bytes = p.to_bytes();
    let text = String::from_utf8(bytes).unwrap();
    // The layout's line ends are CRLF; a bare LF can only be whitespace
    // kept inside a kept element (CR in text is written `&#xD;`).
    assert!(
        !text.replace("\r\n", "").contains('\r'),
        "a CR outside a CRLF"
    );
    let mut out = text.replace("\r\n", "\n");
    let _ = writeln!(out, "\n---\nentity {}", p.entity);
    for t in &p.tuples {
        tuple(&mut out, t);
    }
    for n in &p.notes {
        let _ = writeln!(out, "note {}", note(n));
    }
    for x in &p.persons {
        person(&mut out, x);
    }
    for e in &p.extensions {
        let _ = writeln!(out, "extension {}", kept(e));
    }
    for e in p.must_understand() {
        let _ = writeln!(out, "must understand {}", kept(e));
    }
    let _ = writeln!(out, "validate {:?}", p.validate());
    out
}

/// Each document reads, writes in the crate's layout, reads back equal,
/// and writing is a fixed point.
#[test]
fn written() {
    insta::glob!("fixtures/{rfc3863,rfc8048,rfc4480}/*.xml", |path| {
        let bytes = std::fs::read(path).unwrap();
        let p = Pidf::parse(&bytes, &ParseLimits::DEFAULT)
            .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let out = p.to_bytes();
        let again = Pidf::parse(&out, &ParseLimits::DEFAULT).unwrap();
        assert_eq!(again, p);
        assert_eq!(again.to_bytes(), out);
        insta::assert_snapshot!(render(&p));
    });
}
