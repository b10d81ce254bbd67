//! Reading a PIDF document into the model.

use std::borrow::Cow;
use std::collections::BTreeSet;

use minidom::rxml::{Namespace, NcName};
use minidom::{Element, Node};

use super::error::PidfError;
use super::model::{
    Activities, Activity, Basic, Contact, InputState, Note, Person, Pidf, Status, Tuple, UserInput,
    lang_of, text_of, trim,
};
use super::value::{Id, Priority, Timestamp};
use super::{NS_DATA_MODEL, NS_PIDF, NS_RPID, NS_XML};
use crate::limits::ParseLimits;
use crate::uri::Uri;
use crate::xmpp::read_document;

impl Pidf {
    /// Reads a PIDF document (RFC 3863 §4), with the RFC 4479 person
    /// element and the RFC 4480 elements of [`Person`] typed.
    ///
    /// The input is refused before anything is read when it is longer
    /// than [`max_body_bytes`](ParseLimits::max_body_bytes); the XML
    /// limits of `limits` (depth, elements, attributes per element, token
    /// length) are enforced while reading, before the tree grows. A DTD,
    /// an entity other than the five predefined ones, a processing
    /// instruction, a byte order mark and any encoding but UTF-8 are
    /// refused; comments are skipped. URIs are checked against
    /// [`max_uri_bytes`](ParseLimits::max_uri_bytes).
    ///
    /// ```
    /// use sip_xmpp::pidf::{Basic, Pidf};
    /// let body = b"<?xml version='1.0' encoding='UTF-8'?>
    /// <presence xmlns='urn:ietf:params:xml:ns:pidf' entity='pres:someone@example.com'>
    ///   <tuple id='sg89ae'>
    ///     <status><basic>open</basic></status>
    ///     <contact priority='0.8'>tel:+09012345678</contact>
    ///   </tuple>
    /// </presence>";
    /// let pidf = Pidf::parse(body, &Default::default())?;
    /// let tuple = &pidf.tuples[0];
    /// assert_eq!(tuple.basic(), Some(Basic::Open));
    /// assert_eq!(tuple.contact.as_ref().unwrap().priority.as_ref().unwrap().thousandths(), 800);
    /// # Ok::<(), sip_xmpp::pidf::PidfError>(())
    /// ```
    pub fn parse(input: &[u8], limits: &ParseLimits) -> Result<Pidf, PidfError> {
        if input.len() > limits.max_body_bytes {
            return Err(PidfError::TooLarge {
                len: input.len(),
                max: limits.max_body_bytes,
            });
        }
        let doc = read_document(input, "", limits)?;
        let mut cur = Cursor {
            offsets: &doc.offsets,
            next: 0,
        };
        let mut root = doc.root;
        let offset = cur.enter();
        if !root.is("presence", NS_PIDF) {
            return Err(PidfError::NotPresence { offset });
        }
        let nodes = root.take_nodes();
        let lang = effective_lang(&root, None);
        let entity = root.attr("entity").ok_or(PidfError::MissingAttribute {
            offset,
            element: "presence",
            attribute: "entity",
        })?;
        let entity = Uri::parse_with(trim(entity), limits)
            .map_err(|source| PidfError::InvalidEntity { offset, source })?;
        let mut pidf = Pidf::new(entity);
        // Tuple ids seen, once there are too many to compare one by one.
        let mut ids = BTreeSet::new();
        for node in nodes {
            let el = match node {
                Node::Text(t) => {
                    check_space(&t, offset, "presence")?;
                    continue;
                }
                Node::Element(el) => el,
            };
            if el.is("tuple", NS_PIDF) {
                let at = cur.peek();
                let t = tuple(el, &mut cur, lang, limits)?;
                if is_duplicate(&pidf.tuples, &mut ids, &t.id) {
                    return Err(PidfError::DuplicateId {
                        offset: at,
                        id: t.id,
                    });
                }
                pidf.tuples.push(t);
                continue;
            }
            cur.skip(&el);
            if el.is("note", NS_PIDF) {
                if let Some(n) = note(&el, lang) {
                    pidf.notes.push(n);
                    continue;
                }
            } else if el.is("person", NS_DATA_MODEL) {
                if let Some(p) = person(&el, lang) {
                    pidf.persons.push(p);
                    continue;
                }
            }
            pidf.extensions.push(keep(el, lang));
        }
        Ok(pidf)
    }

    /// [`parse`](Self::parse) with the default limits.
    pub fn parse_default(input: &[u8]) -> Result<Pidf, PidfError> {
        Self::parse(input, &ParseLimits::DEFAULT)
    }
}

/// Walks the start tag offsets in document order, in step with a
/// pre-order walk of the tree.
struct Cursor<'o> {
    offsets: &'o [usize],
    next: usize,
}

impl Cursor<'_> {
    /// The offset of the next element in document order.
    fn peek(&self) -> usize {
        self.offsets.get(self.next).copied().unwrap_or(0)
    }

    /// Steps into the next element, returning its offset.
    fn enter(&mut self) -> usize {
        let at = self.peek();
        self.next += 1;
        at
    }

    /// Steps over the next element and everything inside it, returning its
    /// offset.
    fn skip(&mut self, el: &Element) -> usize {
        let at = self.peek();
        self.next += subtree_len(el);
        at
    }
}

/// Tuples compared one by one for a duplicate id; beyond, a set.
const FEW_TUPLES: usize = 16;

/// Whether `id` is the id of one of `tuples` (read before it): compared
/// one by one while they are few, then looked up in `ids`, which holds
/// every id read once it is in use.
fn is_duplicate(tuples: &[Tuple], ids: &mut BTreeSet<String>, id: &Id) -> bool {
    if tuples.len() < FEW_TUPLES {
        return tuples.iter().any(|t| t.id == *id);
    }
    if ids.is_empty() {
        ids.extend(tuples.iter().map(|t| t.id.as_str().to_owned()));
    }
    !ids.insert(id.as_str().to_owned())
}

/// Elements in `el`'s subtree, `el` included; without recursion (and
/// without a stack for an element without children).
fn subtree_len(el: &Element) -> usize {
    let mut n = 1;
    let mut stack: Vec<&Element> = el.children().collect();
    while let Some(e) = stack.pop() {
        n += 1;
        stack.extend(e.children());
    }
    n
}

/// The language in force on `el`: its own `xml:lang` (empty meaning
/// none), else `inherited`.
fn effective_lang<'e>(el: &'e Element, inherited: Option<&'e str>) -> Option<&'e str> {
    match lang_of(el) {
        Some("") => None,
        Some(lang) => Some(lang),
        None => inherited,
    }
}

/// Refuses character data other than whitespace in element-only content.
fn check_space(text: &str, offset: usize, element: &'static str) -> Result<(), PidfError> {
    if text
        .bytes()
        .all(|b| matches!(b, b' ' | b'\t' | b'\r' | b'\n'))
    {
        Ok(())
    } else {
        Err(PidfError::UnexpectedText { offset, element })
    }
}

/// An element kept as it is, with the language it inherits written on it
/// (its ancestors' `xml:lang` is not kept).
fn keep(mut el: Element, lang: Option<&str>) -> Element {
    if let Some(lang) = lang {
        if lang_of(&el).is_none() {
            if let Ok(name) = NcName::try_from("lang") {
                el.attrs_mut().insert(Namespace::XML, name, lang.to_owned());
            }
        }
    }
    el
}

/// The text of an element without child elements.
fn text_only(el: &Element) -> Option<Cow<'_, str>> {
    el.children().next().is_none().then(|| text_of(el))
}

/// Whether every attribute of `el` is `xml:lang` or one of `names`
/// (without a namespace).
fn only_attrs(el: &Element, names: &[&str]) -> bool {
    el.attrs().iter().all(|((ns, name), _)| {
        if ns.is_none() {
            names.contains(&name.as_str())
        } else {
            **ns == *NS_XML && name.as_str() == "lang"
        }
    })
}

fn tuple(
    mut el: Element,
    cur: &mut Cursor<'_>,
    inherited: Option<&str>,
    limits: &ParseLimits,
) -> Result<Tuple, PidfError> {
    let offset = cur.enter();
    let nodes = el.take_nodes();
    let lang = effective_lang(&el, inherited);
    let id = el.attr("id").ok_or(PidfError::MissingAttribute {
        offset,
        element: "tuple",
        attribute: "id",
    })?;
    let id = Id::parse(trim(id)).map_err(|_| PidfError::InvalidId { offset })?;
    let mut status = None;
    let mut extensions = Vec::new();
    let mut contact_el = None;
    let mut notes = Vec::new();
    let mut timestamp = None;
    for node in nodes {
        let c = match node {
            Node::Text(t) => {
                check_space(&t, offset, "tuple")?;
                continue;
            }
            Node::Element(c) => c,
        };
        if c.is("status", NS_PIDF) {
            let at = cur.peek();
            if status.is_some() {
                return Err(PidfError::Duplicate {
                    offset: at,
                    element: "status",
                });
            }
            status = Some(parse_status(c, cur, lang)?);
            continue;
        }
        let at = cur.skip(&c);
        if c.is("contact", NS_PIDF) {
            if let Some(found) = contact(&c, limits) {
                if contact_el.is_some() {
                    return Err(PidfError::Duplicate {
                        offset: at,
                        element: "contact",
                    });
                }
                contact_el = Some(found);
                continue;
            }
        } else if c.is("note", NS_PIDF) {
            if let Some(n) = note(&c, lang) {
                notes.push(n);
                continue;
            }
        } else if c.is("timestamp", NS_PIDF) {
            if let Some(t) = parse_timestamp(&c) {
                if timestamp.is_some() {
                    return Err(PidfError::Duplicate {
                        offset: at,
                        element: "timestamp",
                    });
                }
                timestamp = Some(t);
                continue;
            }
        }
        extensions.push(keep(c, lang));
    }
    Ok(Tuple {
        id,
        status: status.ok_or(PidfError::MissingStatus { offset })?,
        extensions,
        contact: contact_el,
        notes,
        timestamp,
    })
}

fn parse_status(
    mut el: Element,
    cur: &mut Cursor<'_>,
    inherited: Option<&str>,
) -> Result<Status, PidfError> {
    let offset = cur.enter();
    let nodes = el.take_nodes();
    let lang = effective_lang(&el, inherited);
    let mut status = Status::default();
    for node in nodes {
        let c = match node {
            Node::Text(t) => {
                check_space(&t, offset, "status")?;
                continue;
            }
            Node::Element(c) => c,
        };
        let at = cur.skip(&c);
        if c.is("basic", NS_PIDF) {
            if let Some(b) = text_only(&c).and_then(|t| Basic::from_name(trim(&t))) {
                if status.basic.is_some() {
                    return Err(PidfError::Duplicate {
                        offset: at,
                        element: "basic",
                    });
                }
                status.basic = Some(b);
                continue;
            }
        }
        status.extensions.push(keep(c, lang));
    }
    Ok(status)
}

/// A `<contact>` whose text is a URI; an invalid `priority` is ignored
/// (RFC 3863 §4.1.5).
fn contact(el: &Element, limits: &ParseLimits) -> Option<Contact> {
    let text = text_only(el)?;
    let uri = Uri::parse_with(trim(&text), limits).ok()?;
    let priority = el
        .attr("priority")
        .and_then(|p| Priority::parse(trim(p)).ok());
    Some(Contact { uri, priority })
}

/// A note: text only, in its effective language.
fn note(el: &Element, inherited: Option<&str>) -> Option<Note> {
    let text = text_only(el)?;
    Some(Note {
        lang: effective_lang(el, inherited).map(str::to_owned),
        text: text.into_owned(),
    })
}

fn parse_timestamp(el: &Element) -> Option<Timestamp> {
    Timestamp::parse(trim(&text_only(el)?)).ok()
}

/// A `<dm:person>` that fits [`Person`]: an `id`, no other attribute but
/// `xml:lang`, no text, at most one valid `<dm:timestamp>`.
fn person(el: &Element, inherited: Option<&str>) -> Option<Person> {
    if !only_attrs(el, &["id"]) {
        return None;
    }
    let id = Id::parse(trim(el.attr("id")?)).ok()?;
    let lang = effective_lang(el, inherited);
    let mut p = Person::new(id);
    for node in el.nodes() {
        let c = match node {
            Node::Text(t) => {
                check_space(t, 0, "person").ok()?;
                continue;
            }
            Node::Element(c) => c,
        };
        if c.is("activities", NS_RPID) {
            if let Some(a) = activities(c, lang) {
                p.activities.push(a);
                continue;
            }
        } else if c.is("user-input", NS_RPID) {
            if let Some(u) = user_input(c) {
                p.user_input.push(u);
                continue;
            }
        } else if c.is("note", NS_DATA_MODEL) {
            if let Some(n) = note(c, lang) {
                p.notes.push(n);
                continue;
            }
        } else if c.is("timestamp", NS_DATA_MODEL) {
            if let Some(t) = parse_timestamp(c) {
                if p.timestamp.is_some() {
                    return None;
                }
                p.timestamp = Some(t);
                continue;
            }
        }
        p.extensions.push(keep(c.clone(), lang));
    }
    Some(p)
}

/// An optional attribute that must parse when present: `Some(None)` when
/// absent, `None` when present and invalid.
fn optional<T>(el: &Element, name: &str, parse: impl Fn(&str) -> Option<T>) -> Option<Option<T>> {
    match el.attr(name) {
        None => Some(None),
        Some(v) => parse(trim(v)).map(Some),
    }
}

/// An `<rpid:activities>` that fits [`Activities`].
fn activities(el: &Element, inherited: Option<&str>) -> Option<Activities> {
    if !only_attrs(el, &["id", "from", "until"]) {
        return None;
    }
    let lang = effective_lang(el, inherited);
    let mut a = Activities {
        id: optional(el, "id", |v| Id::parse(v).ok())?,
        from: optional(el, "from", |v| Timestamp::parse(v).ok())?,
        until: optional(el, "until", |v| Timestamp::parse(v).ok())?,
        ..Activities::default()
    };
    for node in el.nodes() {
        let c = match node {
            Node::Text(t) => {
                check_space(t, 0, "activities").ok()?;
                continue;
            }
            Node::Element(c) => c,
        };
        if !c.has_ns(NS_RPID) || !only_attrs(c, &[]) {
            return None;
        }
        match c.name() {
            "note" => a.notes.push(note(c, lang)?),
            "other" => a.activities.push(Activity::Other(note(c, lang)?)),
            name => {
                let activity = Activity::from_name(name)?;
                if lang_of(c).is_some() || check_space(&text_only(c)?, 0, "activities").is_err() {
                    return None;
                }
                a.activities.push(activity);
            }
        }
    }
    Some(a)
}

/// An `<rpid:user-input>` that fits [`UserInput`].
fn user_input(el: &Element) -> Option<UserInput> {
    if !only_attrs(el, &["id", "idle-threshold", "last-input"]) {
        return None;
    }
    Some(UserInput {
        state: InputState::from_name(trim(&text_only(el)?))?,
        idle_threshold: optional(el, "idle-threshold", |v| {
            v.parse::<u32>().ok().filter(|&n| n > 0)
        })?,
        last_input: optional(el, "last-input", |v| Timestamp::parse(v).ok())?,
        id: optional(el, "id", |v| Id::parse(v).ok())?,
    })
}
