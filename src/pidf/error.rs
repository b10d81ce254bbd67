//! Errors of PIDF reading and validation.

use super::value::Id;
use crate::uri::UriError;
use crate::xmpp::XmlError;

/// Why bytes are not a PIDF document this crate can read. Offsets count
/// bytes from the start of the input and point at the start tag (`<`) of
/// the element at fault.
///
/// Only the core of RFC 3863 can fail: what the crate does not
/// understand, or understands but finds malformed inside an extension, is
/// kept rather than refused (see the module documentation).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum PidfError {
    /// The input exceeds
    /// [`max_body_bytes`](crate::ParseLimits::max_body_bytes).
    #[error("PIDF document of {len} bytes exceeds the limit of {max}")]
    TooLarge {
        /// Input length.
        len: usize,
        /// The limit in force.
        max: usize,
    },
    /// Not well-formed, namespace-well-formed XML within the XML limits,
    /// or XML the crate refuses (a DTD, an entity other than the five
    /// predefined ones, a processing instruction).
    #[error("malformed XML: {0}")]
    Xml(#[from] XmlError),
    /// The root element is not `<presence>` in the PIDF namespace
    /// `urn:ietf:params:xml:ns:pidf` (RFC 3863 §4.1, §4.1.1).
    #[error("root element at byte {offset} is not <presence/> in urn:ietf:params:xml:ns:pidf")]
    NotPresence {
        /// Where the root element begins.
        offset: usize,
    },
    /// A required attribute is missing: `entity` on `<presence>`, `id` on
    /// `<tuple>`.
    #[error("<{element}/> at byte {offset} has no {attribute} attribute")]
    MissingAttribute {
        /// Where the element begins.
        offset: usize,
        /// The element's name.
        element: &'static str,
        /// The attribute's name.
        attribute: &'static str,
    },
    /// The `entity` of `<presence>` is not a URI (RFC 3863 §4.1.1).
    #[error("entity of <presence/> at byte {offset} is not a URI: {source}")]
    InvalidEntity {
        /// Where `<presence>` begins.
        offset: usize,
        /// Why the URI parser refused it.
        source: UriError,
    },
    /// A tuple `id` that is not an `xs:ID` (PIDF-1).
    #[error("id of <tuple/> at byte {offset} is not an xs:ID")]
    InvalidId {
        /// Where the tuple begins.
        offset: usize,
    },
    /// Two tuples with the same `id` (PIDF-1).
    #[error("<tuple/> at byte {offset} repeats the id {id}")]
    DuplicateId {
        /// Where the second tuple begins.
        offset: usize,
        /// The id.
        id: Id,
    },
    /// A tuple without `<status>` (RFC 3863 §4.1.3).
    #[error("<tuple/> at byte {offset} has no <status/>")]
    MissingStatus {
        /// Where the tuple begins.
        offset: usize,
    },
    /// A second `<status>`, `<basic>`, `<contact>` or `<timestamp>` where
    /// the RFC 3863 schema allows one.
    #[error("second <{element}/> at byte {offset}")]
    Duplicate {
        /// Where the second element begins.
        offset: usize,
        /// Its name.
        element: &'static str,
    },
    /// Character data other than whitespace directly inside `<presence>`,
    /// `<tuple>` or `<status>`, which hold elements only.
    #[error("text inside <{element}/> at byte {offset}, which holds elements only")]
    UnexpectedText {
        /// Where the element holding the text begins.
        offset: usize,
        /// Its name.
        element: &'static str,
    },
}

/// A rule of RFC 3863 that a document built in memory breaks, found by
/// [`Pidf::validate`](super::Pidf::validate).
#[derive(Debug, Clone, PartialEq, Eq, Hash, thiserror::Error)]
#[non_exhaustive]
pub enum PidfViolation {
    /// Two tuples share an id (PIDF-1).
    #[error("two tuples have the id {id}")]
    DuplicateId {
        /// The id.
        id: Id,
    },
    /// A `<status>` with no child element (PIDF-2).
    #[error("the status of tuple {tuple} is empty")]
    EmptyStatus {
        /// The tuple's id.
        tuple: Id,
    },
}
