//! XMPP stanzas (RFC 6120 §8, RFC 6121 §4.7 and §5.2): typed views over
//! `minidom` elements, read under hostile-XML limits, stanza errors, and
//! builders.
//!
//! # Reading
//!
//! [`Stanza::parse`] takes the bytes of one stanza (as a stream framer
//! cuts them out) and a [`StanzaConfig`]: the stream's default namespace
//! (`jabber:client`, `jabber:server` or `jabber:component:accept`), its
//! `xml:lang` for inheritance, and the [`ParseLimits`](crate::ParseLimits).
//! Plain markup (tags of the simplest form, character data, references)
//! is tokenised by the reader itself and everything else by quick-xml,
//! which gives the same tokens; every limit (size, depth, elements,
//! attributes per element, token length) is enforced while reading,
//! before the element tree grows; the tree is built with an explicit
//! stack. What RFC 6120 §11.1 excludes is refused with an
//! [`XmlError`] naming the byte offset: comments, processing instructions,
//! DTDs, entity references other than the five predefined ones, and
//! characters outside XML 1.0 `Char`. So are duplicate attributes, unbound
//! prefixes, mismatched end tags, a second element and trailing content.
//!
//! Then the stanza rules, each refusal an [`XmppError::Invalid`] that
//! keeps the stanza's [`StanzaHead`] so that the caller can answer with
//! `bad-request` (XERR-1).
//!
//! [`MessageView::parse`] reads a `<message/>` the same way, with the same
//! checks and the same errors, but builds no tree: a borrowed view of the
//! values a message is read for, without allocating for a usual message.
//!
//! # Writing
//!
//! [`Stanza::to_bytes`] writes a canonical form (see the writer notes on
//! [`Stanza::write_to`]) that [`Stanza::parse`] reads back to an equal
//! value. Elements and attributes the crate does not know pass through
//! untouched; attribute prefixes are renamed (`ns0`, `ns1`, …), which
//! changes nothing in namespace terms but would break an attribute value
//! that is itself a prefixed name.
//!
//! # Choices
//!
//! - An XML declaration is accepted at byte 0 only (version 1.0, encoding
//!   UTF-8 if named) and not kept; a byte order mark is refused.
//! - Whitespace before and after the stanza element is accepted (it is
//!   stream whitespace); whitespace text inside is kept.
//! - CDATA sections are accepted and become plain text.
//! - `xml:lang=''` means "no language"; language tags compare without
//!   regard to ASCII case when checking that bodies, subjects and statuses
//!   have distinct languages.
//! - An unknown message `type` is read as `normal` and kept as written; an
//!   unknown presence or IQ `type` is refused.
//! - `<body/>`, `<subject/>`, `<thread/>`, `<show/>`, `<status/>` and
//!   `<priority/>` with element content are refused (no mixed content);
//!   unknown attributes on them are kept.
//! - Inside `<error/>` reading is lenient (see [`StanzaError`]); an empty
//!   `by` is refused like an empty `to` or `from`.
//! - An error reply carries no `xml:lang` and does not echo the original
//!   payload.

mod chars;
mod condition;
mod error;
mod iq;
mod message;
mod presence;
mod reader;
mod stanza;
mod stanza_error;
mod view;
mod writer;

/// The element crate the views are built on, for callers that build
/// payloads.
pub use minidom;

pub use condition::{DefinedCondition, ErrorType, NS_STANZAS, UnknownName};
pub use error::{AddressAttribute, BuildError, Child, StanzaFault, Token, XmlError, XmppError};
pub use iq::{Iq, IqBuilder, IqType};
pub use message::{Message, MessageBuilder, MessageType, Thread};
pub use presence::{Presence, PresenceBuilder, PresenceType, Show};
pub use stanza::{Stanza, StanzaConfig, StanzaHead, StanzaKind, StanzaNamespace};
pub(crate) use stanza::{lang_attr, same_lang};
pub use stanza_error::StanzaError;
pub use view::MessageView;

/// The element tree of `input` read with both tokenisers, for the checks
/// in [`crate::fuzzing`].
#[doc(hidden)]
pub(crate) fn read_both_ways(
    input: &[u8],
    cfg: &StanzaConfig,
) -> (
    Result<minidom::Element, XmlError>,
    Result<minidom::Element, XmlError>,
) {
    let ns = cfg.default_namespace.as_str();
    (
        reader::read_element(input, ns, &cfg.limits),
        reader::read_element_quick_xml(input, ns, &cfg.limits),
    )
}

/// The exact, write-then-read path of [`Stanza::from_element`], for the
/// checks in [`crate::fuzzing`].
#[doc(hidden)]
pub(crate) fn writer_checked(
    element: &minidom::Element,
    out: &mut Vec<u8>,
) -> Result<(), XmlError> {
    writer::write_checked(element, "", out)
}
// The XML layer, shared with the other XML formats of the crate (PIDF).
pub(crate) use chars::find_invalid_char;
pub(crate) use chars::{is_name_char, is_ncname};
pub(crate) use reader::{NS_XML, NS_XMLNS, read_document};
pub(crate) use writer::{NsName, escape, size_hint, text_element, write_element};
