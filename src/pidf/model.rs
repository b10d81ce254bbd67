//! The owned PIDF document model: RFC 3863 presence, tuples and status,
//! the RFC 4479 `<dm:person>` element and the RFC 4480 elements the
//! presence mapping's optional RPID profile uses.

use std::borrow::Cow;
use std::collections::BTreeSet;
use std::fmt;

use minidom::Element;

use super::error::PidfViolation;
use super::value::{Id, Priority, Timestamp};
use super::{NS_PIDF, NS_XML};
use crate::uri::Uri;

/// A PIDF document (RFC 3863 §4.1): the presentity's URI, its tuples and
/// notes, the `<dm:person>` elements of the RFC 4479 data model, and
/// every other element, kept.
///
/// Build one with [`Pidf::new`] and the `with_*` methods, or fill the
/// fields directly; read one with [`Pidf::parse`](Self::parse) and write
/// it with [`to_bytes`](Self::to_bytes).
///
/// ```
/// use sip_xmpp::pidf::{Basic, Id, Note, Pidf, Tuple};
/// let pidf = Pidf::new("pres:juliet@example.com".parse()?)
///     .with_tuple(Tuple::new(Id::from_resource("balcony"), Basic::Open)
///         .with_note(Note::new(Some("en"), "Wooing Romeo")));
/// let bytes = pidf.to_bytes();
/// assert_eq!(sip_xmpp::pidf::Pidf::parse(&bytes, &Default::default())?, pidf);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pidf {
    /// The presentity (`entity`, RFC 3863 §4.1.1): normally a `pres:` URI,
    /// often a `sip:` one in practice.
    pub entity: Uri,
    /// The tuples, in document order (RFC 3863 §4.1.2).
    pub tuples: Vec<Tuple>,
    /// Notes on the presentity as a whole (RFC 3863 §4.1.6).
    pub notes: Vec<Note>,
    /// `<dm:person>` elements (RFC 4479 §3.1) that fit [`Person`].
    pub persons: Vec<Person>,
    /// Every other child of `<presence>`, in document order: extension
    /// elements (RFC 3863 §4.2), `<dm:device>`, a `<dm:person>` that does
    /// not fit [`Person`], and standard elements whose content does not
    /// fit their type (a `<note>` with child elements). Kept so that a
    /// relayed document keeps them (PIDF-8).
    pub extensions: Vec<Element>,
}

/// A `<tuple>` (RFC 3863 §4.1.2): one service of the presentity.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tuple {
    /// `id`, unique among the document's tuples (PIDF-1).
    pub id: Id,
    /// `<status>`.
    pub status: Status,
    /// Extension elements of the tuple (between `<status>` and
    /// `<contact>` in the schema), and standard tuple children whose
    /// content does not fit their type (a `<contact>` that is not a URI,
    /// a `<timestamp>` that is not RFC 3339), in document order.
    pub extensions: Vec<Element>,
    /// `<contact>`, if any.
    pub contact: Option<Contact>,
    /// `<note>` elements (RFC 3863 §4.1.6).
    pub notes: Vec<Note>,
    /// `<timestamp>` (RFC 3863 §4.1.7).
    pub timestamp: Option<Timestamp>,
}

/// A tuple's `<status>` (RFC 3863 §4.1.3).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Status {
    /// `<basic>`, if present and `open` or `closed`.
    pub basic: Option<Basic>,
    /// The other status elements (such as RFC 8048's
    /// `<show xmlns='jabber:client'>`), and a `<basic>` whose value is
    /// neither `open` nor `closed`, in document order.
    pub extensions: Vec<Element>,
}

/// The `<basic>` status (RFC 3863 §4.1.4, PIDF-3).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Basic {
    /// `open`: the service accepts communication.
    Open,
    /// `closed`: it does not.
    Closed,
}

impl Basic {
    /// `open` or `closed`.
    pub fn as_str(self) -> &'static str {
        match self {
            Basic::Open => "open",
            Basic::Closed => "closed",
        }
    }

    /// The value for `open` or `closed` (exactly, case-sensitive).
    pub fn from_name(s: &str) -> Option<Basic> {
        match s {
            "open" => Some(Basic::Open),
            "closed" => Some(Basic::Closed),
            _ => None,
        }
    }
}

impl fmt::Display for Basic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A `<contact>` (RFC 3863 §4.1.5): the URI to reach the service at.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Contact {
    /// The contact URI.
    pub uri: Uri,
    /// `priority`, if present and valid; an out-of-range value is ignored
    /// as if absent (PIDF-5).
    pub priority: Option<Priority>,
}

impl Contact {
    /// A contact without priority.
    pub fn new(uri: Uri) -> Contact {
        Contact {
            uri,
            priority: None,
        }
    }

    /// Sets the priority.
    #[must_use]
    pub fn with_priority(mut self, priority: Priority) -> Contact {
        self.priority = Some(priority);
        self
    }

    /// The value of the `gr` parameter (RFC 5627 GRUU instance), decoded,
    /// when the contact is a SIP or SIPS URI that carries one with a value.
    pub fn gruu(&self) -> Option<String> {
        let gr = self.uri.as_sip()?.gr()??;
        Some(gr.decode_utf8().into_owned())
    }
}

/// A `<note>` (RFC 3863 §4.1.6), a `<dm:note>` (RFC 4479) or an RPID note:
/// human-readable text in a language.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Note {
    /// The language: the note's own `xml:lang`, or the nearest ancestor's
    /// when it has none (XML 1.0 §2.12); `None` when neither says (or
    /// `xml:lang=''` does). Written on the note itself.
    pub lang: Option<String>,
    /// The text, as written (whitespace kept).
    pub text: String,
}

impl Note {
    /// A note in `lang`.
    pub fn new(lang: Option<&str>, text: impl Into<String>) -> Note {
        Note {
            lang: lang.map(str::to_owned),
            text: text.into(),
        }
    }
}

/// A `<dm:person>` (RFC 4479 §3.1): the human behind the presentity, with
/// the RFC 4480 elements the RPID profile of `presence.md` §7 uses.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Person {
    /// `id`.
    pub id: Id,
    /// `<rpid:activities>` elements that fit [`Activities`].
    pub activities: Vec<Activities>,
    /// `<rpid:user-input>` elements that fit [`UserInput`].
    pub user_input: Vec<UserInput>,
    /// Every other child, in document order (`<rpid:mood>`,
    /// `<rpid:place-type>`, an `<rpid:activities>` that does not fit, …).
    pub extensions: Vec<Element>,
    /// `<dm:note>` elements.
    pub notes: Vec<Note>,
    /// `<dm:timestamp>`.
    pub timestamp: Option<Timestamp>,
}

impl Person {
    /// A person with nothing but an id.
    pub fn new(id: Id) -> Person {
        Person {
            id,
            activities: Vec::new(),
            user_input: Vec::new(),
            extensions: Vec::new(),
            notes: Vec::new(),
            timestamp: None,
        }
    }

    /// Adds an `<rpid:activities>` listing `activities`.
    #[must_use]
    pub fn with_activities(mut self, activities: impl IntoIterator<Item = Activity>) -> Person {
        self.activities.push(Activities::new(activities));
        self
    }

    /// Adds an `<rpid:user-input>`.
    #[must_use]
    pub fn with_user_input(mut self, state: InputState) -> Person {
        self.user_input.push(UserInput::new(state));
        self
    }

    /// Adds a `<dm:note>`.
    #[must_use]
    pub fn with_note(mut self, note: Note) -> Person {
        self.notes.push(note);
        self
    }

    /// Every activity of every `<rpid:activities>`, in document order.
    pub fn all_activities(&self) -> impl Iterator<Item = &Activity> {
        self.activities.iter().flat_map(|a| a.activities.iter())
    }
}

/// An `<rpid:activities>` (RFC 4480 §3.2): what the person is doing.
///
/// One fits this type when its only attributes are `id`, `from`, `until`
/// (RFC 3339 timestamps) and `xml:lang`, and its children are
/// `<rpid:note>`, the activity elements of RFC 4480 (empty) and
/// `<rpid:other>` (text); any other `<rpid:activities>` is kept whole
/// among the person's extensions.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct Activities {
    /// `id`.
    pub id: Option<Id>,
    /// `from`: when the activities began.
    pub from: Option<Timestamp>,
    /// `until`: when they are expected to end.
    pub until: Option<Timestamp>,
    /// `<rpid:note>` elements.
    pub notes: Vec<Note>,
    /// The activities, in document order.
    pub activities: Vec<Activity>,
}

impl Activities {
    /// An `<rpid:activities>` listing `activities`.
    pub fn new(activities: impl IntoIterator<Item = Activity>) -> Activities {
        Activities {
            activities: activities.into_iter().collect(),
            ..Activities::default()
        }
    }
}

/// Generates [`Activity`] with its name table.
macro_rules! activities {
    ($($variant:ident => $name:literal, $doc:literal;)*) => {
        /// One RFC 4480 §3.2 activity, or `<rpid:other>` with free text.
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum Activity {
            $(#[doc = $doc] $variant,)*
            /// `<rpid:other>`: an activity described in text.
            Other(Note),
        }

        /// Element names of the activities without content, in RFC 4480
        /// order.
        pub(super) const ACTIVITY_NAMES: &[(&str, Activity)] = &[$(($name, Activity::$variant),)*];
    };
}

activities! {
    Appointment => "appointment", "`<rpid:appointment/>`: a calendar appointment.";
    Away => "away", "`<rpid:away/>`: physically away from all devices.";
    Breakfast => "breakfast", "`<rpid:breakfast/>`.";
    Busy => "busy", "`<rpid:busy/>`: too busy to communicate.";
    Dinner => "dinner", "`<rpid:dinner/>`.";
    Holiday => "holiday", "`<rpid:holiday/>`: a scheduled national or local holiday.";
    InTransit => "in-transit", "`<rpid:in-transit/>`: riding in a vehicle.";
    LookingForWork => "looking-for-work", "`<rpid:looking-for-work/>`.";
    Meal => "meal", "`<rpid:meal/>`.";
    Meeting => "meeting", "`<rpid:meeting/>`: in an assembly or gathering.";
    OnThePhone => "on-the-phone", "`<rpid:on-the-phone/>`: in a call.";
    Performance => "performance", "`<rpid:performance/>`: performing in front of an audience.";
    PermanentAbsence => "permanent-absence", "`<rpid:permanent-absence/>`: will not return for the foreseeable future.";
    Playing => "playing", "`<rpid:playing/>`.";
    Presentation => "presentation", "`<rpid:presentation/>`: giving one.";
    Shopping => "shopping", "`<rpid:shopping/>`.";
    Sleeping => "sleeping", "`<rpid:sleeping/>`.";
    Spectator => "spectator", "`<rpid:spectator/>`: watching a performance or event.";
    Steering => "steering", "`<rpid:steering/>`: driving or piloting.";
    Travel => "travel", "`<rpid:travel/>`: on a business or personal trip.";
    Tv => "tv", "`<rpid:tv/>`: watching television.";
    Unknown => "unknown", "`<rpid:unknown/>`: the activity is not known.";
    Vacation => "vacation", "`<rpid:vacation/>`.";
    Working => "working", "`<rpid:working/>`.";
    Worship => "worship", "`<rpid:worship/>`.";
}

impl Activity {
    /// The element name of an activity without content; `None` for
    /// [`Activity::Other`].
    pub fn name(&self) -> Option<&'static str> {
        ACTIVITY_NAMES
            .iter()
            .find(|(_, a)| a == self)
            .map(|(name, _)| *name)
    }

    /// The activity an empty RPID element named `name` stands for.
    pub fn from_name(name: &str) -> Option<Activity> {
        ACTIVITY_NAMES
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, a)| a.clone())
    }
}

/// `<rpid:user-input>` (RFC 4480 §3.15): whether the user has recently
/// used the service or device.
///
/// One fits this type when its text is `active` or `idle` (surrounding
/// whitespace ignored), it has no child elements, and its attributes are
/// among `id`, `idle-threshold` (a positive integer of seconds),
/// `last-input` (an RFC 3339 timestamp) and `xml:lang`; any other is kept
/// whole among the person's extensions.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct UserInput {
    /// `active` or `idle`.
    pub state: InputState,
    /// `idle-threshold`: seconds without input after which the state
    /// becomes idle.
    pub idle_threshold: Option<u32>,
    /// `last-input`: when the last input happened.
    pub last_input: Option<Timestamp>,
    /// `id`.
    pub id: Option<Id>,
}

impl UserInput {
    /// A `<rpid:user-input>` with a state and no attributes.
    pub fn new(state: InputState) -> UserInput {
        UserInput {
            state,
            idle_threshold: None,
            last_input: None,
            id: None,
        }
    }
}

/// The value of `<rpid:user-input>`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum InputState {
    /// `active`.
    Active,
    /// `idle`.
    Idle,
}

impl InputState {
    /// `active` or `idle`.
    pub fn as_str(self) -> &'static str {
        match self {
            InputState::Active => "active",
            InputState::Idle => "idle",
        }
    }

    /// The state named `s` (exactly).
    pub fn from_name(s: &str) -> Option<InputState> {
        match s {
            "active" => Some(InputState::Active),
            "idle" => Some(InputState::Idle),
            _ => None,
        }
    }
}

impl Tuple {
    /// A tuple with a `<basic>` status and nothing else.
    pub fn new(id: Id, basic: Basic) -> Tuple {
        Tuple {
            id,
            status: Status {
                basic: Some(basic),
                extensions: Vec::new(),
            },
            extensions: Vec::new(),
            contact: None,
            notes: Vec::new(),
            timestamp: None,
        }
    }

    /// The `<basic>` status, if any.
    pub fn basic(&self) -> Option<Basic> {
        self.status.basic
    }

    /// Adds an element to `<status>` after `<basic>`, such as
    /// `<show xmlns='jabber:client'>away</show>` (RFC 8048 §6.2 note 7).
    #[must_use]
    pub fn with_status_extension(mut self, element: Element) -> Tuple {
        self.status.extensions.push(element);
        self
    }

    /// Sets the contact.
    #[must_use]
    pub fn with_contact(mut self, contact: Contact) -> Tuple {
        self.contact = Some(contact);
        self
    }

    /// Adds a note.
    #[must_use]
    pub fn with_note(mut self, note: Note) -> Tuple {
        self.notes.push(note);
        self
    }

    /// Sets the timestamp.
    #[must_use]
    pub fn with_timestamp(mut self, timestamp: Timestamp) -> Tuple {
        self.timestamp = Some(timestamp);
        self
    }
}

impl Pidf {
    /// A document for `entity` with nothing in it.
    pub fn new(entity: Uri) -> Pidf {
        Pidf {
            entity,
            tuples: Vec::new(),
            notes: Vec::new(),
            persons: Vec::new(),
            extensions: Vec::new(),
        }
    }

    /// Adds a tuple.
    #[must_use]
    pub fn with_tuple(mut self, tuple: Tuple) -> Pidf {
        self.tuples.push(tuple);
        self
    }

    /// Adds a presence-level note.
    #[must_use]
    pub fn with_note(mut self, note: Note) -> Pidf {
        self.notes.push(note);
        self
    }

    /// Adds a `<dm:person>`.
    #[must_use]
    pub fn with_person(mut self, person: Person) -> Pidf {
        self.persons.push(person);
        self
    }

    /// Adds an extension element at presence level.
    #[must_use]
    pub fn with_extension(mut self, element: Element) -> Pidf {
        self.extensions.push(element);
        self
    }

    /// The tuple with this id.
    pub fn tuple(&self, id: &str) -> Option<&Tuple> {
        self.tuples.iter().find(|t| t.id.as_str() == id)
    }

    /// Checks what a sender must get right and the types cannot hold:
    /// tuple ids unique (PIDF-1), and at least one child in every
    /// `<status>` (PIDF-2). [`parse`](Self::parse) refuses the first and
    /// accepts the second (the RFC 3863 schema allows an empty
    /// `<status>`).
    pub fn validate(&self) -> Result<(), PidfViolation> {
        let mut seen = BTreeSet::new();
        for t in &self.tuples {
            if !seen.insert(t.id.as_str()) {
                return Err(PidfViolation::DuplicateId { id: t.id.clone() });
            }
            if t.status.basic.is_none() && t.status.extensions.is_empty() {
                return Err(PidfViolation::EmptyStatus {
                    tuple: t.id.clone(),
                });
            }
        }
        Ok(())
    }

    /// The kept elements marked `mustUnderstand` `true` or `1`, at any
    /// depth inside [`extensions`](Self::extensions) and the extensions
    /// of tuples, statuses and persons, in document order of their
    /// containers. The attribute counts in the PIDF namespace (as the
    /// RFC 3863 schema declares it) and, leniently, without a namespace.
    /// The crate understands none of these elements, so a receiver that
    /// follows RFC 3863 §4.2 does not act on a document where this is not
    /// empty (`presence.md` V-PRES-6).
    pub fn must_understand(&self) -> Vec<&Element> {
        let mut found = Vec::new();
        self.walk_kept(|el| {
            if is_marked(el) {
                found.push(el);
            }
            false
        });
        found
    }

    /// The first element of [`must_understand`](Self::must_understand),
    /// found without collecting the others.
    pub(crate) fn first_must_understand(&self) -> Option<&Element> {
        let mut found = None;
        self.walk_kept(|el| {
            found = Some(el).filter(|el| is_marked(el));
            found.is_some()
        });
        found
    }

    /// Visits every kept element in document order (each tuple's status
    /// extensions, then its own; the document's; each person's), each
    /// subtree depth first, until `visit` says to stop.
    fn walk_kept<'a>(&'a self, mut visit: impl FnMut(&'a Element) -> bool) {
        let roots = self
            .tuples
            .iter()
            .flat_map(|t| t.status.extensions.iter().chain(&t.extensions))
            .chain(&self.extensions)
            .chain(self.persons.iter().flat_map(|p| p.extensions.iter()));
        // One stack for every root, grown only below the first level.
        let mut stack: Vec<&Element> = Vec::new();
        for root in roots {
            let mut next = Some(root);
            while let Some(el) = next.take().or_else(|| stack.pop()) {
                if visit(el) {
                    return;
                }
                let at = stack.len();
                stack.extend(el.children());
                stack[at..].reverse();
            }
        }
    }
}

/// Whether an element is marked `mustUnderstand` (RFC 3863 §4.3).
fn is_marked(el: &Element) -> bool {
    el.attr_ns(NS_PIDF, "mustUnderstand")
        .or_else(|| el.attr("mustUnderstand"))
        .is_some_and(|v| matches!(trim(v), "true" | "1"))
}

/// The character data of an element (its text nodes, not its
/// descendants'), borrowed when it is one text node or none.
pub(crate) fn text_of(el: &Element) -> Cow<'_, str> {
    let mut texts = el.texts();
    match (texts.next(), texts.next()) {
        (None, _) => Cow::Borrowed(""),
        (Some(t), None) => Cow::Borrowed(t),
        _ => Cow::Owned(el.text()),
    }
}

/// `s` without leading and trailing XML whitespace (XML Schema's
/// `collapse` for a single token).
pub(crate) fn trim(s: &str) -> &str {
    s.trim_matches([' ', '\t', '\r', '\n'])
}

/// The `xml:lang` of an element, as written.
pub(crate) fn lang_of(el: &Element) -> Option<&str> {
    el.attr_ns(NS_XML, "lang")
}
