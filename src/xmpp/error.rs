//! Errors of the XMPP stanza layer.

use super::condition::DefinedCondition;
use super::stanza::{StanzaHead, StanzaKind};

/// Why bytes are not one well-formed, namespace-well-formed stanza element
/// within the configured limits. Offsets count bytes from the start of the
/// input (for [`Stanza::from_element`](super::Stanza::from_element), of
/// the element as written).
///
/// None of these can be answered with a stanza error: the receiving side
/// of an XMPP stream closes the stream (RFC 6120 §4.9.3: `not-well-formed`,
/// `restricted-xml` for comments, processing instructions, DTDs and entity
/// references, `policy-violation` for the limits).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum XmlError {
    /// The input exceeds
    /// [`max_stanza_bytes`](crate::ParseLimits::max_stanza_bytes).
    #[error("stanza of {len} bytes exceeds the limit of {max}")]
    TooLarge {
        /// Input length.
        len: usize,
        /// The limit in force.
        max: usize,
    },
    /// An element nested deeper than
    /// [`max_xml_depth`](crate::ParseLimits::max_xml_depth).
    #[error("element at byte {offset} nests deeper than {max} levels")]
    TooDeep {
        /// Where the element's start tag begins.
        offset: usize,
        /// The limit in force.
        max: usize,
    },
    /// More elements than
    /// [`max_xml_elements`](crate::ParseLimits::max_xml_elements).
    #[error("element at byte {offset} exceeds the limit of {max} elements")]
    TooManyElements {
        /// Where the first element over the limit begins.
        offset: usize,
        /// The limit in force.
        max: usize,
    },
    /// More attributes on one element than
    /// [`max_xml_attributes`](crate::ParseLimits::max_xml_attributes).
    #[error("attribute at byte {offset} exceeds the limit of {max} attributes on one element")]
    TooManyAttributes {
        /// Where the first attribute over the limit begins.
        offset: usize,
        /// The limit in force.
        max: usize,
    },
    /// A name, attribute value or run of character data longer than
    /// [`max_xml_token_bytes`](crate::ParseLimits::max_xml_token_bytes).
    #[error("{token} at byte {offset} exceeds the limit of {max} bytes")]
    TokenTooLong {
        /// Where the token begins.
        offset: usize,
        /// What kind of token.
        token: Token,
        /// The limit in force.
        max: usize,
    },
    /// The input is not UTF-8 (RFC 6120 §11.6).
    #[error("invalid UTF-8 at byte {offset}")]
    Utf8 {
        /// First byte of the invalid sequence.
        offset: usize,
    },
    /// A character outside XML 1.0 `Char`, literal or by character
    /// reference (RFC 6120 §11.1, XML 1.0 §2.2).
    #[error("U+{code:04X} at byte {offset} is not an XML 1.0 character")]
    InvalidChar {
        /// Where the character or reference is.
        offset: usize,
        /// The code point.
        code: u32,
    },
    /// A document type declaration (RFC 6120 §11.1).
    #[error("document type declaration at byte {offset}")]
    Doctype {
        /// Where `<!DOCTYPE` begins.
        offset: usize,
    },
    /// A comment (RFC 6120 §11.1).
    #[error("comment at byte {offset}")]
    Comment {
        /// Where `<!--` begins.
        offset: usize,
    },
    /// A processing instruction (RFC 6120 §11.1).
    #[error("processing instruction at byte {offset}")]
    ProcessingInstruction {
        /// Where `<?` begins.
        offset: usize,
    },
    /// An XML declaration that is not at byte 0, or that names a version
    /// other than 1.0 or an encoding other than UTF-8.
    #[error("unacceptable XML declaration at byte {offset}")]
    XmlDeclaration {
        /// Where `<?xml` begins.
        offset: usize,
    },
    /// A reference to an entity other than `lt`, `gt`, `amp`, `apos` and
    /// `quot` (RFC 6120 §11.1).
    #[error("reference to an undeclared entity at byte {offset}")]
    EntityReference {
        /// Where `&` is.
        offset: usize,
    },
    /// A character reference that is not `&#digits;` or `&#xhex;`.
    #[error("malformed character reference at byte {offset}")]
    CharReference {
        /// Where `&` is.
        offset: usize,
    },
    /// A `&` that does not start a reference, or `]]>` in character data.
    #[error("misplaced '&' or ']]>' at byte {offset}")]
    Markup {
        /// Where it is.
        offset: usize,
    },
    /// An element or attribute name that is not a QName (XML 1.0 §2.3,
    /// Namespaces in XML 1.0 §4), or `<` followed by something other than
    /// a name.
    #[error("invalid name at byte {offset}")]
    InvalidName {
        /// Where the name (or the `<`) is.
        offset: usize,
    },
    /// Missing `=`, quotes or whitespace around an attribute, or `<` in an
    /// attribute value.
    #[error("malformed attribute at byte {offset}")]
    AttributeSyntax {
        /// Where the fault is.
        offset: usize,
    },
    /// The same attribute twice on one element, by name or by namespace
    /// and local name (Namespaces in XML 1.0 §6.3). Never merged.
    #[error("duplicate attribute at byte {offset}")]
    DuplicateAttribute {
        /// Where the second one begins.
        offset: usize,
    },
    /// A prefix with no namespace declaration in scope.
    #[error("unbound namespace prefix at byte {offset}")]
    UnboundPrefix {
        /// Where the prefixed name begins.
        offset: usize,
    },
    /// A misuse of the reserved `xml` and `xmlns` prefixes or namespaces, or
    /// an empty namespace bound to a prefix (Namespaces in XML 1.0 §3).
    #[error("reserved prefix or namespace misused at byte {offset}")]
    ReservedNamespace {
        /// Where the declaration or name begins.
        offset: usize,
    },
    /// An end tag that does not close the open element.
    #[error("end tag at byte {offset} does not match the open element")]
    MismatchedEndTag {
        /// Where `</` is.
        offset: usize,
    },
    /// Character data or a reference before the stanza element (a byte
    /// order mark included).
    #[error("content before the stanza element at byte {offset}")]
    TextOutsideRoot {
        /// Where it begins.
        offset: usize,
    },
    /// A second element after the stanza element.
    #[error("second top-level element at byte {offset}")]
    SecondRoot {
        /// Where it begins.
        offset: usize,
    },
    /// Anything but whitespace after the stanza element.
    #[error("content after the stanza element at byte {offset}")]
    TrailingContent {
        /// Where it begins.
        offset: usize,
    },
    /// The input ends inside markup or before the stanza element closes.
    #[error("input ends at byte {offset} before the stanza is complete")]
    Truncated {
        /// Where the unfinished construct begins, or the input length.
        offset: usize,
    },
    /// No element at all (empty or whitespace-only input).
    #[error("no element in the input")]
    NoElement,
}

/// The kinds of token [`XmlError::TokenTooLong`] reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Token {
    /// An element or attribute name.
    Name,
    /// An attribute value (a namespace declaration included).
    AttributeValue,
    /// A run of character data between two tags.
    Text,
}

impl std::fmt::Display for Token {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Token::Name => "name",
            Token::AttributeValue => "attribute value",
            Token::Text => "character data",
        })
    }
}

impl XmlError {
    /// The byte offset the error points at, if it has one.
    pub fn offset(&self) -> Option<usize> {
        use XmlError::*;
        match *self {
            TooLarge { .. } | NoElement => None,
            TooDeep { offset, .. }
            | TooManyElements { offset, .. }
            | TooManyAttributes { offset, .. }
            | TokenTooLong { offset, .. }
            | Utf8 { offset }
            | InvalidChar { offset, .. }
            | Doctype { offset }
            | Comment { offset }
            | ProcessingInstruction { offset }
            | XmlDeclaration { offset }
            | EntityReference { offset }
            | CharReference { offset }
            | Markup { offset }
            | InvalidName { offset }
            | AttributeSyntax { offset }
            | DuplicateAttribute { offset }
            | UnboundPrefix { offset }
            | ReservedNamespace { offset }
            | MismatchedEndTag { offset }
            | TextOutsideRoot { offset }
            | SecondRoot { offset }
            | TrailingContent { offset }
            | Truncated { offset } => Some(offset),
        }
    }
}

/// Why a well-formed element is not an acceptable stanza.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum XmppError {
    /// The bytes are not a well-formed element within the limits.
    #[error("{0}")]
    Xml(#[from] XmlError),
    /// The element is not `<message/>`, `<presence/>` or `<iq/>` in
    /// `jabber:client`, `jabber:server` or `jabber:component:accept`. A
    /// stream answers this with the `unsupported-stanza-type` stream error
    /// (RFC 6120 §4.9.3.22).
    #[error("<{name}/> in namespace '{namespace}' is not a stanza")]
    NotAStanza {
        /// The element's local name.
        name: String,
        /// The element's namespace.
        namespace: String,
    },
    /// A stanza that breaks a rule of RFC 6120 §8 or RFC 6121 §4.7/§5.2.
    /// The head keeps what is needed to answer it
    /// ([`StanzaHead::error_reply`]).
    #[error("{} stanza: {fault}", .head.kind)]
    Invalid {
        /// The stanza's kind, addresses, id and type.
        head: Box<StanzaHead>,
        /// The rule broken.
        fault: StanzaFault,
    },
    /// A valid stanza of another kind than the one asked for: a presence
    /// or an IQ given to
    /// [`MessageView::parse`](super::MessageView::parse).
    #[error("<{found}/> stanza where a <{expected}/> was expected")]
    WrongKind {
        /// The kind the caller reads.
        expected: StanzaKind,
        /// The kind the stanza is.
        found: StanzaKind,
    },
}

impl XmppError {
    /// The stanza error condition to answer with: `bad-request` for an
    /// invalid stanza (RFC 6120 §8.3.3.1; RFC 6121 §4.7.1 for an unknown
    /// presence type), `None` where no stanza answer is possible (not XML,
    /// not a stanza: stream errors).
    pub fn reply_condition(&self) -> Option<DefinedCondition> {
        match self {
            XmppError::Invalid { .. } => Some(DefinedCondition::BadRequest),
            _ => None,
        }
    }

    /// The head of the stanza, when it was read far enough.
    pub fn head(&self) -> Option<&StanzaHead> {
        match self {
            XmppError::Invalid { head, .. } => Some(head),
            _ => None,
        }
    }

    /// The rule broken, for an invalid stanza.
    pub fn fault(&self) -> Option<&StanzaFault> {
        match self {
            XmppError::Invalid { fault, .. } => Some(fault),
            _ => None,
        }
    }

    /// The XML fault, if the bytes were not a well-formed element.
    pub fn xml(&self) -> Option<&XmlError> {
        match self {
            XmppError::Xml(e) => Some(e),
            _ => None,
        }
    }
}

/// A rule of RFC 6120 §8 or RFC 6121 a stanza breaks.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum StanzaFault {
    /// An empty `to`, `from` or `by` (a JID has at least a domainpart).
    #[error("empty '{attribute}' attribute")]
    EmptyAddress {
        /// Which attribute.
        attribute: AddressAttribute,
    },
    /// An IQ without `id` (RFC 6120 §8.2.3).
    #[error("no 'id' attribute")]
    MissingId,
    /// An IQ without `type` (RFC 6120 §8.2.3).
    #[error("no 'type' attribute")]
    MissingType,
    /// A presence or IQ type the RFCs do not define (RFC 6121 §4.7.1:
    /// answer `bad-request`; RFC 6120 §8.2.3).
    #[error("unknown type '{value}'")]
    UnknownType {
        /// The attribute value.
        value: String,
    },
    /// `type='error'` without an `<error/>` child (RFC 6120 §8.3.1).
    #[error("error stanza without <error/>")]
    MissingError,
    /// An `<error/>` child in a stanza whose type is not `error` (RFC 6120
    /// §8.3.1).
    #[error("<error/> in a stanza that is not of type 'error'")]
    UnexpectedError,
    /// A child that may appear at most once appears twice.
    #[error("more than one <{child}/>")]
    Duplicate {
        /// Which child.
        child: Child,
    },
    /// Two children of a kind that may repeat only with distinct `xml:lang`
    /// share a language (RFC 6121 §4.7.2.2, §5.2.3, §5.2.4).
    #[error("two <{child}/> elements for language {}", .lang.as_deref().unwrap_or("(none)"))]
    DuplicateLanguage {
        /// Which child.
        child: Child,
        /// The shared language (after inheritance), `None` for none.
        lang: Option<String>,
    },
    /// A child element inside `<body/>`, `<subject/>`, `<thread/>`,
    /// `<show/>`, `<status/>` or `<priority/>` (no mixed content).
    #[error("<{child}/> contains an element")]
    NotText {
        /// Which child.
        child: Child,
    },
    /// A `<show/>` value other than `away`, `chat`, `dnd`, `xa` (RFC 6121
    /// §4.7.2.1).
    #[error("unknown <show/> value '{value}'")]
    InvalidShow {
        /// The character data.
        value: String,
    },
    /// A `<priority/>` that is not an integer (RFC 6121 §4.7.2.3).
    #[error("<priority/> '{value}' is not an integer")]
    InvalidPriority {
        /// The character data.
        value: String,
    },
    /// A `<priority/>` outside -128..=127 (RFC 6121 §4.7.2.3).
    #[error("<priority/> '{value}' is outside -128..=127")]
    PriorityOutOfRange {
        /// The character data.
        value: String,
    },
    /// A `<thread/>` whose `parent` equals its own value (RFC 6121 §5.2.5).
    #[error("<thread/> names itself as parent")]
    ThreadParentIsSelf,
    /// An IQ with the wrong number of payload children: `get` and `set`
    /// have exactly one, `result` at most one, `error` at most one besides
    /// `<error/>` (RFC 6120 §8.2.3).
    #[error("{count} payload elements")]
    IqPayload {
        /// Payload children found.
        count: usize,
    },
}

/// The attributes that carry an address.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum AddressAttribute {
    /// `to` on the stanza.
    To,
    /// `from` on the stanza.
    From,
    /// `by` on `<error/>`.
    By,
}

impl std::fmt::Display for AddressAttribute {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            AddressAttribute::To => "to",
            AddressAttribute::From => "from",
            AddressAttribute::By => "by",
        })
    }
}

/// The stanza children the crate reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Child {
    /// `<body/>` of a message.
    Body,
    /// `<subject/>` of a message.
    Subject,
    /// `<thread/>` of a message.
    Thread,
    /// `<show/>` of a presence.
    Show,
    /// `<status/>` of a presence.
    Status,
    /// `<priority/>` of a presence.
    Priority,
    /// `<error/>` of any stanza.
    Error,
}

impl Child {
    /// The element name.
    pub const fn as_str(self) -> &'static str {
        match self {
            Child::Body => "body",
            Child::Subject => "subject",
            Child::Thread => "thread",
            Child::Show => "show",
            Child::Status => "status",
            Child::Priority => "priority",
            Child::Error => "error",
        }
    }
}

impl std::fmt::Display for Child {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Why a stanza could not be built. Caller mistakes, distinct from what a
/// peer sends ([`XmppError`]).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum BuildError {
    /// The assembled stanza breaks a rule the parser enforces (the parser
    /// would refuse the bytes it would be written as).
    #[error("built stanza is invalid: {0}")]
    Invalid(#[from] XmppError),
    /// An error reply to an error stanza (RFC 6120 §8.3.1 rule 8, XERR-7).
    #[error("an error stanza is never answered with an error")]
    ReplyToError,
    /// An error reply to an IQ result (RFC 6120 §8.2.3: a result is not
    /// answered).
    #[error("an IQ result is never answered")]
    ReplyToResult,
    /// Condition character data on a condition other than `gone` and
    /// `redirect`, or empty character data.
    #[error("<{condition}/> cannot carry the character data given")]
    ConditionText {
        /// The condition.
        condition: DefinedCondition,
    },
}

impl std::fmt::Display for StanzaKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}
