//! PIDF (RFC 3863), the presence document of SIP NOTIFY and PUBLISH
//! bodies (`application/pidf+xml`), with the `<dm:person>` element of the
//! RFC 4479 data model and the RFC 4480 (RPID) elements that the presence
//! mapping's optional RPID profile uses (`<rpid:activities>`,
//! `<rpid:user-input>`).
//!
//! [`Pidf::parse`] reads a document into an owned [`Pidf`];
//! [`Pidf::to_bytes`] writes one. A document read and written again keeps
//! everything it said: elements the crate does not know are kept as
//! [`minidom::Element`]s with their namespaces and written back, so a
//! gateway that relays a NOTIFY loses nothing (PIDF-8).
//!
//! ```
//! use sip_xmpp::pidf::{Activity, Basic, Pidf};
//! let body = br#"<?xml version="1.0" encoding="UTF-8"?>
//! <presence xmlns="urn:ietf:params:xml:ns:pidf"
//!           xmlns:dm="urn:ietf:params:xml:ns:pidf:data-model"
//!           xmlns:rpid="urn:ietf:params:xml:ns:pidf:rpid"
//!           entity="pres:romeo@example.net">
//!   <tuple id="t1"><status><basic>open</basic></status></tuple>
//!   <dm:person id="p1">
//!     <rpid:activities><rpid:busy/></rpid:activities>
//!     <dm:note>In a meeting</dm:note>
//!   </dm:person>
//! </presence>"#;
//! let pidf = Pidf::parse(body, &Default::default())?;
//! assert_eq!(pidf.entity.as_str(), "pres:romeo@example.net");
//! assert_eq!(pidf.tuples[0].basic(), Some(Basic::Open));
//! let person = &pidf.persons[0];
//! assert_eq!(person.all_activities().collect::<Vec<_>>(), [&Activity::Busy]);
//! assert_eq!(person.notes[0].text, "In a meeting");
//! assert_eq!(Pidf::parse(&pidf.to_bytes(), &Default::default())?, pidf);
//! # Ok::<(), sip_xmpp::pidf::PidfError>(())
//! ```
//!
//! # Reading
//!
//! The XML is read with the reader of the stanza layer, under the same
//! hostile-XML rules: the size is checked against
//! [`max_body_bytes`](crate::ParseLimits::max_body_bytes) before anything
//! else; depth, element count, attributes per element and token length
//! are checked while reading, before the tree grows; a DTD, an entity
//! reference other than the five predefined ones (so no billion laughs
//! and no external entity), a processing instruction and any encoding but
//! UTF-8 are refused with an [`XmlError`](crate::xmpp::XmlError) that
//! names the byte offset. Comments, allowed by XML 1.0, are skipped.
//!
//! Then the RFC 3863 core is checked, each refusal a [`PidfError`] naming
//! the element and its offset: the root is `<presence>` in
//! `urn:ietf:params:xml:ns:pidf` with an `entity` that is a URI; each
//! `<tuple>` has an `id` that is an `xs:ID`, unique among the tuples
//! (PIDF-1), exactly one `<status>`, and at most one valid `<basic>`,
//! `<contact>` and `<timestamp>`; `<presence>`, `<tuple>` and `<status>`
//! hold no text but whitespace.
//!
//! What the crate does not understand is kept, never refused:
//!
//! - elements in other namespaces, and unknown names in the PIDF
//!   namespace, go to the `extensions` of their parent (PIDF-8);
//! - a standard element whose content does not fit its type is kept the
//!   same way and its typed field stays empty: a `<basic>` other than
//!   `open`/`closed` (so the tuple has no basic status, which the presence
//!   mapping skips, PIDF-3), a `<contact>` that is not a URI, a
//!   `<timestamp>` that is not RFC 3339 with upper-case `T` and `Z`
//!   (PIDF-7), a `<note>` with child elements;
//! - a `<dm:person>`, `<rpid:activities>` or `<rpid:user-input>` that does
//!   not fit its type exactly (see [`Person`], [`Activities`],
//!   [`UserInput`]) is kept whole, so that nothing in it is lost;
//! - a `priority` outside 0 to 1 (or not a decimal with at most three
//!   decimals) is ignored as if absent (RFC 3863 §4.1.5, PIDF-5).
//!
//! Choices where the RFCs leave room:
//!
//! - The XML declaration RFC 3863 asks senders for is optional on
//!   input; a byte order mark is refused (UTF-8 needs none).
//! - Children of `<presence>`, `<tuple>`, `<status>` and `<dm:person>`
//!   may come in any order (deployed clients put `<dm:person>` before
//!   the tuples); the model groups them by kind, and the writer puts them
//!   in schema order.
//! - Whitespace around `entity`, `id`, `priority` and the text of
//!   `<basic>`, `<contact>` and `<timestamp>` is ignored (XML Schema
//!   `collapse`); the text of a note is kept as written.
//! - A note's language is its own `xml:lang` or the nearest ancestor's;
//!   the model holds it on the note, and the writer writes it there. An
//!   ancestor's `xml:lang` is also written on every element kept below it
//!   that has none, so kept text keeps its language. Other unknown
//!   attributes of `<presence>`, `<tuple>`, `<status>`, `<basic>`,
//!   `<contact>`, `<note>` and `<timestamp>` (which the RFC 3863 schema does not
//!   allow) are dropped.
//! - `mustUnderstand`: kept elements so marked are listed by
//!   [`Pidf::must_understand`]; the decision to act on the document is
//!   the caller's (`presence.md` V-PRES-6).
//! - An empty `<status>` is read (the schema allows it) but refused by
//!   [`Pidf::validate`], which checks what senders must do (PIDF-1, PIDF-2).
//!
//! # Writing
//!
//! [`Pidf::write_to`] describes the form: the XML declaration, namespace
//! declarations only for the namespaces used, two-space indentation, CRLF
//! line ends, every text and attribute escaped. The RFC 8048 bodies of the
//! presence digest (PIDF-R-OPEN-AWAY and the others) come out byte for
//! byte.

mod error;
mod model;
mod parse;
mod print;
#[cfg(test)]
mod tests;
mod value;

pub use error::{PidfError, PidfViolation};
pub(crate) use model::text_of;
pub use model::{
    Activities, Activity, Basic, Contact, InputState, Note, Person, Pidf, Status, Tuple, UserInput,
};
pub use value::{Id, Priority, Timestamp, ValueError};

use crate::mime::MediaType;
use crate::multipart::Multipart;
pub(crate) use crate::xmpp::NS_XML;

/// The PIDF namespace (RFC 3863 §4.1).
pub const NS_PIDF: &str = "urn:ietf:params:xml:ns:pidf";
/// The namespace of the RFC 4479 data model (`dm`).
pub const NS_DATA_MODEL: &str = "urn:ietf:params:xml:ns:pidf:data-model";
/// The RPID namespace (RFC 4480, `rpid`).
pub const NS_RPID: &str = "urn:ietf:params:xml:ns:pidf:rpid";

/// Whether `media_type` is `application/pidf+xml` (RFC 3863 §3.1;
/// case-insensitive, parameters ignored).
pub fn is_pidf(media_type: &MediaType<'_>) -> bool {
    media_type.is("application", "pidf+xml")
}

/// The body of the first `application/pidf+xml` part of a multipart body,
/// searching nested multiparts depth first in document order: a PIDF
/// beside SDP in `multipart/mixed` (RFC 5621), or inside
/// `multipart/related`.
///
/// ```
/// use sip_xmpp::multipart::{Multipart, Part};
/// use sip_xmpp::{MediaType, ParseLimits};
/// use sip_xmpp::pidf::{Pidf, find_in_multipart};
///
/// let doc = "<presence xmlns='urn:ietf:params:xml:ns:pidf' entity='pres:a@example.com'/>";
/// let m = Multipart::builder("mixed")
///     .part(Part::with_content_type(&MediaType::new("application", "sdp"), "v=0\r\n")?)
///     .part(Part::with_content_type(&MediaType::new("application", "pidf+xml"), doc)?)
///     .build()?;
/// let body = find_in_multipart(&m).unwrap();
/// assert_eq!(Pidf::parse(body, &ParseLimits::default())?.entity.as_str(), "pres:a@example.com");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn find_in_multipart(body: &Multipart) -> Option<&[u8]> {
    body.find_deep("application", "pidf+xml")
        .and_then(|p| p.bytes())
}
