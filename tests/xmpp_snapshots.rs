//! Snapshots of example stanzas: the canonical serialisation followed by
//! the typed values read from it.
//!
//! Inputs, under `tests/fixtures/` (sources in `EXAMPLES.md`):
//! * `rfc6120/`: RFC 6120 §8.1.1 (a message), §8.2.3 (an IQ get and its
//!   result), §8.3.2 (an error with text and an application-specific
//!   condition), §8.3.3.5 (`gone` with a new address), §8.3.3.14
//!   (`redirect`);
//! * `rfc6121/`: RFC 6121 §3.1.1 (subscribe), §4.5.1 (unavailable),
//!   §4.7.2 (show, statuses, priority), §5.1 (chat), §5.2.4 (subjects and
//!   bodies in two languages), §5.2.5 (thread with parent);
//! * `rfc7247/`: the stanzas of the RFC 7247 §7 error flows as
//!   `rfc7247-core.md` §5.3 shows them.

use std::fmt::Write as _;

use sip_xmpp::xmpp::{Stanza, StanzaConfig};

#[derive(Debug)]
#[allow(dead_code)] // Read through Debug.
struct Typed {
    kind: &'static str,
    namespace: &'static str,
    stanza_type: String,
    to: Option<String>,
    from: Option<String>,
    id: Option<String>,
    lang: Option<String>,
    subjects: Vec<(Option<String>, String)>,
    bodies: Vec<(Option<String>, String)>,
    thread: Option<(String, Option<String>)>,
    show: Option<&'static str>,
    statuses: Vec<(Option<String>, String)>,
    priority: Option<i8>,
    payloads: Vec<String>,
    error: Option<Error>,
}

#[derive(Debug)]
#[allow(dead_code)]
struct Error {
    error_type: String,
    condition: String,
    condition_text: Option<String>,
    texts: Vec<(Option<String>, String)>,
    by: Option<String>,
    app_specific: Option<String>,
}

fn owned<'a>(
    it: impl Iterator<Item = (Option<&'a str>, &'a str)>,
) -> Vec<(Option<String>, String)> {
    it.map(|(l, t)| (l.map(str::to_owned), t.to_owned()))
        .collect()
}

fn qualified(e: &sip_xmpp::xmpp::minidom::Element) -> String {
    format!("{{{}}}{}", e.ns(), e.name())
}

fn typed(s: &Stanza) -> Typed {
    let mut t = Typed {
        kind: s.kind().as_str(),
        namespace: s.namespace().as_str(),
        stanza_type: String::new(),
        to: s.to().map(str::to_owned),
        from: s.from().map(str::to_owned),
        id: s.id().map(str::to_owned),
        lang: s.lang().map(str::to_owned),
        subjects: Vec::new(),
        bodies: Vec::new(),
        thread: None,
        show: None,
        statuses: Vec::new(),
        priority: None,
        payloads: Vec::new(),
        error: s.error().map(|e| Error {
            error_type: e.error_type.to_string(),
            condition: e.condition.to_string(),
            condition_text: e.condition_text.clone(),
            texts: e.texts.clone(),
            by: e.by.clone(),
            app_specific: e.app_specific.as_ref().map(qualified),
        }),
    };
    match s {
        Stanza::Message(m) => {
            t.stanza_type = m.message_type().as_str().to_owned();
            t.subjects = owned(m.subjects());
            t.bodies = owned(m.bodies());
            t.thread = m
                .thread()
                .map(|th| (th.id.to_owned(), th.parent.map(str::to_owned)));
            t.payloads = m.payloads().map(qualified).collect();
        }
        Stanza::Presence(p) => {
            t.stanza_type = p
                .presence_type()
                .as_attr()
                .unwrap_or("(available)")
                .to_owned();
            t.show = p.show().map(|s| s.as_str());
            t.statuses = owned(p.statuses());
            t.priority = Some(p.priority());
            t.payloads = p.payloads().map(qualified).collect();
        }
        Stanza::Iq(i) => {
            t.stanza_type = i.iq_type().as_str().to_owned();
            t.payloads = i.payload().map(qualified).into_iter().collect();
        }
    }
    t
}

/// The canonical text, then the typed values.
fn render(s: &Stanza) -> String {
    let mut out = String::from_utf8(s.to_bytes()).unwrap();
    let _ = write!(out, "\n---\n{:#?}", typed(s));
    out
}

/// RFC 6120 §8, RFC 6121 §4.7 and §5.2, RFC 7247 §7: each example stanza
/// parses, writes canonically and parses back equal, and writing is a
/// fixed point.
#[test]
fn canonical() {
    insta::glob!("fixtures/{rfc6120,rfc6121,rfc7247}/*.xml", |path| {
        let bytes = std::fs::read(path).unwrap();
        let cfg = StanzaConfig::default();
        let s = Stanza::parse(&bytes, &cfg).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let out = s.to_bytes();
        let again = Stanza::parse(&out, &cfg).unwrap();
        assert_eq!(again, s);
        assert_eq!(again.to_bytes(), out);
        insta::assert_snapshot!(render(&s));
    });
}
