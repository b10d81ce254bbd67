//! Writing a PIDF document.

use minidom::{Element, Node};

use super::model::{Activities, Activity, Note, Person, Pidf, Tuple, UserInput};
use super::{NS_DATA_MODEL, NS_PIDF, NS_RPID, NS_XML};
use crate::xmpp::{NS_XMLNS, NsName, escape, size_hint, text_element};

/// The XML declaration every document starts with (RFC 3863 asks for it).
const DECLARATION: &[u8] = b"<?xml version='1.0' encoding='UTF-8'?>";

/// Continuation lines of the `<presence>` start tag line up after
/// `<presence `.
const ROOT_ATTR_INDENT: &[u8] = b"\r\n          ";

/// Which prefixes the root element declares.
#[derive(Default)]
struct Prefixes {
    /// `dm` for the data model namespace.
    dm: bool,
    /// `rpid` for the RPID namespace.
    rpid: bool,
    /// `pidf` for the PIDF namespace, for attributes in it (such as
    /// `pidf:mustUnderstand`); elements in it use the default namespace.
    pidf: bool,
}

impl Pidf {
    /// Writes the document: the XML declaration, then `<presence>` with
    /// the PIDF namespace as default and `xmlns:dm`, `xmlns:rpid` (and
    /// `xmlns:pidf` for attributes in the PIDF namespace) only when
    /// something uses them; children indented by two spaces per level,
    /// lines ended by CRLF, no line end after `</presence>` (the layout of
    /// the PIDF bodies of RFC 8048 §6). Attribute values are in single
    /// quotes; text and attribute values are escaped so that reading the
    /// output gives back the same characters. Kept elements are written on
    /// one line, their own whitespace kept and none added inside them;
    /// their attribute prefixes other than `xml`, `dm`, `rpid` and `pidf`
    /// are renamed `ns0`, `ns1`, ….
    ///
    /// The model is written as it is: text must be made of XML characters
    /// and kept elements must have valid names, as [`parse`](Self::parse)
    /// guarantees, or the output will not read back.
    pub fn write_to(&self, out: &mut Vec<u8>) {
        let prefixes = self.prefixes();
        out.extend_from_slice(DECLARATION);
        out.extend_from_slice(b"\r\n<presence xmlns='");
        out.extend_from_slice(NS_PIDF.as_bytes());
        out.push(b'\'');
        for (used, prefix, ns) in [
            (prefixes.dm, "dm", NS_DATA_MODEL),
            (prefixes.rpid, "rpid", NS_RPID),
            (prefixes.pidf, "pidf", NS_PIDF),
        ] {
            if used {
                out.extend_from_slice(ROOT_ATTR_INDENT);
                out.extend_from_slice(b"xmlns:");
                out.extend_from_slice(prefix.as_bytes());
                out.extend_from_slice(b"='");
                out.extend_from_slice(ns.as_bytes());
                out.push(b'\'');
            }
        }
        out.extend_from_slice(ROOT_ATTR_INDENT);
        attr(out, "entity", self.entity.as_str());
        if self.tuples.is_empty()
            && self.notes.is_empty()
            && self.persons.is_empty()
            && self.extensions.is_empty()
        {
            out.extend_from_slice(b"/>");
            return;
        }
        out.push(b'>');
        for t in &self.tuples {
            write_tuple(out, t, &prefixes);
        }
        for n in &self.notes {
            line(out, 1);
            write_note(out, "note", n);
        }
        for p in &self.persons {
            write_person(out, p, &prefixes);
        }
        for e in &self.extensions {
            line(out, 1);
            write_fragment(out, e, &prefixes);
        }
        out.extend_from_slice(b"\r\n</presence>");
    }

    /// The document as bytes; see [`write_to`](Self::write_to).
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(self.size_hint());
        self.write_to(&mut out);
        out
    }

    /// A guess at the written size, a little above it for the usual
    /// document, so that the output buffer is sized once.
    fn size_hint(&self) -> usize {
        let notes = |notes: &[Note]| -> usize {
            notes
                .iter()
                .map(|n| 40 + n.text.len() + n.lang.as_ref().map_or(0, String::len))
                .sum()
        };
        let kept = |els: &[Element]| -> usize { els.iter().map(|e| 16 + size_hint(e)).sum() };
        let tuples: usize = self
            .tuples
            .iter()
            .map(|t| {
                192 + t.id.as_str().len()
                    + t.contact.as_ref().map_or(0, |c| 48 + c.uri.as_str().len())
                    + notes(&t.notes)
                    + kept(&t.status.extensions)
                    + kept(&t.extensions)
            })
            .sum();
        256 + self.entity.as_str().len()
            + tuples
            + 256 * self.persons.len()
            + notes(&self.notes)
            + kept(&self.extensions)
    }

    /// The prefixes the document uses: `dm` for persons, `rpid` for their
    /// typed RPID elements, and any of the three for kept elements and
    /// attributes in those namespaces.
    fn prefixes(&self) -> Prefixes {
        let mut p = Prefixes {
            dm: !self.persons.is_empty(),
            rpid: self
                .persons
                .iter()
                .any(|x| !x.activities.is_empty() || !x.user_input.is_empty()),
            pidf: false,
        };
        let kept = self
            .tuples
            .iter()
            .flat_map(|t| t.status.extensions.iter().chain(&t.extensions))
            .chain(&self.extensions)
            .chain(self.persons.iter().flat_map(|x| x.extensions.iter()));
        // One stack for every kept element, grown only below the first
        // level.
        let mut stack = Vec::new();
        for root in kept {
            let mut next = Some(root);
            while let Some(el) = next.take().or_else(|| stack.pop()) {
                p.dm |= el.has_ns(NS_DATA_MODEL);
                p.rpid |= el.has_ns(NS_RPID);
                for ((ns, _), _) in el.attrs().iter() {
                    p.dm |= **ns == *NS_DATA_MODEL;
                    p.rpid |= **ns == *NS_RPID;
                    p.pidf |= **ns == *NS_PIDF;
                }
                stack.extend(el.children());
            }
        }
        p
    }
}

/// A line end and the indentation of `depth`.
fn line(out: &mut Vec<u8>, depth: usize) {
    out.extend_from_slice(b"\r\n");
    for _ in 0..depth {
        out.extend_from_slice(b"  ");
    }
}

/// `name='value'`, escaped.
fn attr(out: &mut Vec<u8>, name: &str, value: &str) {
    out.extend_from_slice(name.as_bytes());
    out.extend_from_slice(b"='");
    escape(out, value, true);
    out.push(b'\'');
}

/// ` name='value'`, when there is a value.
fn opt_attr(out: &mut Vec<u8>, name: &str, value: Option<&str>) {
    if let Some(v) = value {
        out.push(b' ');
        attr(out, name, v);
    }
}

/// `<name xml:lang='…'>text</name>`.
fn write_note(out: &mut Vec<u8>, name: &str, note: &Note) {
    out.push(b'<');
    out.extend_from_slice(name.as_bytes());
    opt_attr(out, "xml:lang", note.lang.as_deref());
    out.push(b'>');
    escape(out, &note.text, false);
    out.extend_from_slice(b"</");
    out.extend_from_slice(name.as_bytes());
    out.push(b'>');
}

fn write_tuple(out: &mut Vec<u8>, t: &Tuple, prefixes: &Prefixes) {
    line(out, 1);
    out.extend_from_slice(b"<tuple ");
    attr(out, "id", t.id.as_str());
    out.push(b'>');
    line(out, 2);
    if t.status.basic.is_none() && t.status.extensions.is_empty() {
        out.extend_from_slice(b"<status/>");
    } else {
        out.extend_from_slice(b"<status>");
        if let Some(b) = t.status.basic {
            line(out, 3);
            text_element(out, "basic", b.as_str());
        }
        for e in &t.status.extensions {
            line(out, 3);
            write_fragment(out, e, prefixes);
        }
        line(out, 2);
        out.extend_from_slice(b"</status>");
    }
    for e in &t.extensions {
        line(out, 2);
        write_fragment(out, e, prefixes);
    }
    if let Some(c) = &t.contact {
        line(out, 2);
        out.extend_from_slice(b"<contact");
        opt_attr(out, "priority", c.priority.as_ref().map(|p| p.as_str()));
        out.push(b'>');
        escape(out, c.uri.as_str(), false);
        out.extend_from_slice(b"</contact>");
    }
    for n in &t.notes {
        line(out, 2);
        write_note(out, "note", n);
    }
    if let Some(ts) = &t.timestamp {
        line(out, 2);
        text_element(out, "timestamp", ts.as_str());
    }
    line(out, 1);
    out.extend_from_slice(b"</tuple>");
}

fn write_person(out: &mut Vec<u8>, p: &Person, prefixes: &Prefixes) {
    line(out, 1);
    out.extend_from_slice(b"<dm:person ");
    attr(out, "id", p.id.as_str());
    if p.activities.is_empty()
        && p.user_input.is_empty()
        && p.extensions.is_empty()
        && p.notes.is_empty()
        && p.timestamp.is_none()
    {
        out.extend_from_slice(b"/>");
        return;
    }
    out.push(b'>');
    for a in &p.activities {
        write_activities(out, a);
    }
    for u in &p.user_input {
        write_user_input(out, u);
    }
    for e in &p.extensions {
        line(out, 2);
        write_fragment(out, e, prefixes);
    }
    for n in &p.notes {
        line(out, 2);
        write_note(out, "dm:note", n);
    }
    if let Some(ts) = &p.timestamp {
        line(out, 2);
        text_element(out, "dm:timestamp", ts.as_str());
    }
    line(out, 1);
    out.extend_from_slice(b"</dm:person>");
}

fn write_activities(out: &mut Vec<u8>, a: &Activities) {
    line(out, 2);
    out.extend_from_slice(b"<rpid:activities");
    opt_attr(out, "id", a.id.as_ref().map(|x| x.as_str()));
    opt_attr(out, "from", a.from.as_ref().map(|x| x.as_str()));
    opt_attr(out, "until", a.until.as_ref().map(|x| x.as_str()));
    if a.notes.is_empty() && a.activities.is_empty() {
        out.extend_from_slice(b"/>");
        return;
    }
    out.push(b'>');
    for n in &a.notes {
        line(out, 3);
        write_note(out, "rpid:note", n);
    }
    for activity in &a.activities {
        line(out, 3);
        match (activity, activity.name()) {
            (Activity::Other(n), _) => write_note(out, "rpid:other", n),
            (_, Some(name)) => {
                out.extend_from_slice(b"<rpid:");
                out.extend_from_slice(name.as_bytes());
                out.extend_from_slice(b"/>");
            }
            (_, None) => out.extend_from_slice(b"<rpid:unknown/>"),
        }
    }
    line(out, 2);
    out.extend_from_slice(b"</rpid:activities>");
}

fn write_user_input(out: &mut Vec<u8>, u: &UserInput) {
    line(out, 2);
    out.extend_from_slice(b"<rpid:user-input");
    opt_attr(out, "id", u.id.as_ref().map(|x| x.as_str()));
    let threshold = u.idle_threshold.map(|n| n.to_string());
    opt_attr(out, "idle-threshold", threshold.as_deref());
    opt_attr(out, "last-input", u.last_input.as_ref().map(|x| x.as_str()));
    out.push(b'>');
    out.extend_from_slice(u.state.as_str().as_bytes());
    out.extend_from_slice(b"</rpid:user-input>");
}

/// An element being written, with the default namespace in force inside
/// it.
struct Open<'e> {
    element: &'e Element,
    nodes: minidom::element::Nodes<'e>,
    prefix: Option<&'static str>,
    default_ns: NsName<'static>,
}

/// Writes a kept element inside the root, where the PIDF namespace is the
/// default, without recursion.
fn write_fragment(out: &mut Vec<u8>, root: &Element, prefixes: &Prefixes) {
    let pidf = NsName::Borrowed(NS_PIDF);
    let Some(mut bottom) = start_tag(out, root, &pidf, prefixes) else {
        return;
    };
    // The open elements above the root. An element holding only text is
    // written whole and never pushed, so that a usual fragment (such as
    // `<show/>`) needs none.
    let mut stack: Vec<Open<'_>> = Vec::new();
    loop {
        let top = stack.last_mut().unwrap_or(&mut bottom);
        match top.nodes.next() {
            Some(Node::Text(t)) => escape(out, t, false),
            Some(Node::Element(child)) => {
                let default_ns = top.default_ns.clone();
                if let Some(open) = start_tag(out, child, &default_ns, prefixes) {
                    if child.children().next().is_some() {
                        stack.push(open);
                    } else {
                        for t in open.nodes.clone().filter_map(Node::as_text) {
                            escape(out, t, false);
                        }
                        end_tag(out, &open);
                    }
                }
            }
            None => {
                end_tag(out, top);
                if stack.pop().is_none() {
                    return;
                }
            }
        }
    }
}

/// The end tag of an open element.
fn end_tag(out: &mut Vec<u8>, open: &Open<'_>) {
    out.extend_from_slice(b"</");
    if let Some(p) = open.prefix {
        out.extend_from_slice(p.as_bytes());
        out.push(b':');
    }
    out.extend_from_slice(open.element.name().as_bytes());
    out.push(b'>');
}

/// Writes the start tag of `el` (or its empty-element tag, returning
/// `None`); `default_ns` is the default namespace in force around it.
fn start_tag<'e>(
    out: &mut Vec<u8>,
    el: &'e Element,
    default_ns: &NsName<'static>,
    prefixes: &Prefixes,
) -> Option<Open<'e>> {
    // The element's own namespace is declared where it is not the default
    // in force and has no prefix.
    let (prefix, inner_ns, declare) = if el.has_ns(&**default_ns) {
        (None, default_ns.clone(), false)
    } else if prefixes.dm && el.has_ns(NS_DATA_MODEL) {
        (Some("dm"), default_ns.clone(), false)
    } else if prefixes.rpid && el.has_ns(NS_RPID) {
        (Some("rpid"), default_ns.clone(), false)
    } else {
        (None, NsName::of(el), true)
    };
    out.push(b'<');
    if let Some(p) = prefix {
        out.extend_from_slice(p.as_bytes());
        out.push(b':');
    }
    out.extend_from_slice(el.name().as_bytes());
    if declare {
        out.push(b' ');
        attr(out, "xmlns", &inner_ns);
    }
    // Prefixes for the other attribute namespaces, in order of first use.
    let mut generated: Vec<&str> = Vec::new();
    for ((ns, _), _) in el.attrs().iter() {
        let ns: &str = ns;
        if ns.is_empty() || known_prefix(ns, prefixes).is_some() || ns == NS_XMLNS {
            continue;
        }
        if !generated.contains(&ns) {
            out.extend_from_slice(b" xmlns:ns");
            out.extend_from_slice(generated.len().to_string().as_bytes());
            out.extend_from_slice(b"='");
            escape(out, ns, true);
            out.push(b'\'');
            generated.push(ns);
        }
    }
    for ((ns, name), value) in el.attrs().iter() {
        let ns: &str = ns;
        if ns == NS_XMLNS || (ns.is_empty() && name.as_str() == "xmlns") {
            continue;
        }
        out.push(b' ');
        if let Some(p) = known_prefix(ns, prefixes) {
            out.extend_from_slice(p.as_bytes());
            out.push(b':');
        } else if let Some(i) = generated.iter().position(|g| *g == ns) {
            out.extend_from_slice(b"ns");
            out.extend_from_slice(i.to_string().as_bytes());
            out.push(b':');
        }
        attr(out, name.as_str(), value);
    }
    if el.nodes().next().is_none() {
        out.extend_from_slice(b"/>");
        return None;
    }
    out.push(b'>');
    Some(Open {
        element: el,
        nodes: el.nodes(),
        prefix,
        default_ns: inner_ns,
    })
}

/// The prefix the root binds to an attribute namespace, if any.
fn known_prefix(ns: &str, prefixes: &Prefixes) -> Option<&'static str> {
    match ns {
        NS_XML => Some("xml"),
        NS_DATA_MODEL if prefixes.dm => Some("dm"),
        NS_RPID if prefixes.rpid => Some("rpid"),
        NS_PIDF if prefixes.pidf => Some("pidf"),
        _ => None,
    }
}
