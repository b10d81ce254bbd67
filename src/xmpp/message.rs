//! `<message/>` (RFC 6121 §5.2).

use minidom::Element;

use super::error::{BuildError, Child, StanzaFault};
use super::stanza::builder_setters;
use super::stanza::{
    Core, Stanza, StanzaConfig, StanzaKind, StanzaNamespace, built_wrong_kind,
    check_error_children, check_lang_texts, check_single, common_accessors, effective_lang,
    finish_built, has_child_elements, lang_texts, leaf_text, payloads, set_attr, set_lang,
    text_element, text_for_lang,
};
use super::stanza_error::StanzaError;

/// The `type` of a message (RFC 6121 §5.2.2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum MessageType {
    /// `normal`: a standalone message; the default, and what an unknown
    /// value means.
    #[default]
    Normal,
    /// `chat`: one-to-one chat.
    Chat,
    /// `groupchat`: multi-user chat.
    Groupchat,
    /// `headline`: an alert; no reply expected.
    Headline,
    /// `error`: carries `<error/>`.
    Error,
}

impl MessageType {
    /// The attribute value.
    pub const fn as_str(self) -> &'static str {
        match self {
            MessageType::Normal => "normal",
            MessageType::Chat => "chat",
            MessageType::Groupchat => "groupchat",
            MessageType::Headline => "headline",
            MessageType::Error => "error",
        }
    }

    /// The type for an attribute value: absent and unknown values are
    /// `normal` (RFC 6121 §5.2.2).
    pub fn from_attr(value: Option<&str>) -> Self {
        match value {
            Some("chat") => MessageType::Chat,
            Some("groupchat") => MessageType::Groupchat,
            Some("headline") => MessageType::Headline,
            Some("error") => MessageType::Error,
            _ => MessageType::Normal,
        }
    }
}

/// A `<thread/>` (RFC 6121 §5.2.5).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Thread<'a> {
    /// The thread identifier (opaque, compared exactly).
    pub id: &'a str,
    /// The `parent` attribute.
    pub parent: Option<&'a str>,
}

const KNOWN: &[&str] = &["body", "subject", "thread", "error"];

/// What the message rules look at, read from an element tree or collected
/// by the message view's reader: the same rules for both.
pub(crate) trait MessageParts {
    /// `type` as written.
    fn type_attr(&self) -> Option<&str>;
    /// For each `<body/>` (or `<subject/>`) in document order: whether it
    /// holds child elements, and its language in force.
    fn lang_children(&self, child: Child) -> impl Iterator<Item = (bool, Option<&str>)> + Clone;
    /// For each `<thread/>` in document order: whether it holds child
    /// elements.
    fn threads(&self) -> impl Iterator<Item = bool>;
    /// The first `<thread/>`: its text and its `parent`.
    fn first_thread(&self) -> Option<(&str, Option<&str>)>;
    /// `by` of each `<error/>` in document order.
    fn error_bys(&self) -> impl Iterator<Item = Option<&str>>;
}

/// The message rules (RFC 6121 §5.2, RFC 6120 §8.3.1) after the address
/// check: bodies and subjects text only and one per language, at most one
/// text-only `<thread/>` that is not its own parent, the `<error/>` child
/// as the type requires.
pub(crate) fn check_message(parts: &impl MessageParts) -> Result<MessageType, StanzaFault> {
    let message_type = MessageType::from_attr(parts.type_attr());
    check_lang_texts(parts.lang_children(Child::Body), Child::Body)?;
    check_lang_texts(parts.lang_children(Child::Subject), Child::Subject)?;
    check_single(parts.threads(), Child::Thread)?;
    if let Some((id, parent)) = parts.first_thread() {
        if parent == Some(id) {
            return Err(StanzaFault::ThreadParentIsSelf);
        }
    }
    check_error_children(parts.error_bys(), message_type == MessageType::Error)?;
    Ok(message_type)
}

impl MessageParts for Core {
    fn type_attr(&self) -> Option<&str> {
        self.element.attr("type")
    }

    fn lang_children(&self, child: Child) -> impl Iterator<Item = (bool, Option<&str>)> + Clone {
        let inherited = self.lang.as_deref();
        self.children_named(child.as_str())
            .map(move |el| (has_child_elements(el), effective_lang(el, inherited)))
    }

    fn threads(&self) -> impl Iterator<Item = bool> {
        self.children_named("thread").map(has_child_elements)
    }

    fn first_thread(&self) -> Option<(&str, Option<&str>)> {
        self.children_named("thread")
            .next()
            .map(|t| (leaf_text(t), t.attr("parent")))
    }

    fn error_bys(&self) -> impl Iterator<Item = Option<&str>> {
        self.children_named("error").map(|e| e.attr("by"))
    }
}

/// A `<message/>` stanza.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    pub(crate) core: Core,
    message_type: MessageType,
}

impl Message {
    common_accessors!(StanzaKind::Message);

    /// Checks the message rules on a freshly read stanza.
    pub(crate) fn check(core: &mut Core) -> Result<MessageType, StanzaFault> {
        let message_type = check_message(core)?;
        core.read_checked_error()?;
        Ok(message_type)
    }

    pub(crate) fn new(core: Core, message_type: MessageType) -> Self {
        Message { core, message_type }
    }

    /// The type; `normal` when absent or unknown.
    pub fn message_type(&self) -> MessageType {
        self.message_type
    }

    /// Every `<body/>` as `(language, text)`, the language inherited when
    /// the body has no `xml:lang` of its own.
    pub fn bodies(&self) -> impl Iterator<Item = (Option<&str>, &str)> + '_ {
        lang_texts(&self.core, "body")
    }

    /// The body in the stanza's language, else the first one.
    pub fn body(&self) -> Option<&str> {
        text_for_lang(&self.core, "body")
    }

    /// Every `<subject/>` as `(language, text)`.
    pub fn subjects(&self) -> impl Iterator<Item = (Option<&str>, &str)> + '_ {
        lang_texts(&self.core, "subject")
    }

    /// The subject in the stanza's language, else the first one.
    pub fn subject(&self) -> Option<&str> {
        text_for_lang(&self.core, "subject")
    }

    /// The `<thread/>`.
    pub fn thread(&self) -> Option<Thread<'_>> {
        self.core.children_named("thread").next().map(|t| Thread {
            id: leaf_text(t),
            parent: t.attr("parent"),
        })
    }

    /// Children other than `<body/>`, `<subject/>`, `<thread/>` and
    /// `<error/>` of the stanza's namespace: the extensions, untouched.
    pub fn payloads(&self) -> impl Iterator<Item = &Element> + '_ {
        payloads(&self.core, KNOWN)
    }
}

impl TryFrom<Stanza> for Message {
    type Error = Stanza;
    fn try_from(s: Stanza) -> Result<Self, Stanza> {
        match s {
            Stanza::Message(m) => Ok(m),
            other => Err(other),
        }
    }
}

/// Builds a `<message/>`.
///
/// ```
/// use sip_xmpp::xmpp::{MessageBuilder, MessageType, Stanza, StanzaConfig};
/// let m = MessageBuilder::new()
///     .to("juliet@example.com")
///     .from("romeo@example.net/orchard")
///     .id("ktx72v49")
///     .message_type(MessageType::Chat)
///     .lang("en")
///     .body(None, "Art thou not Romeo, and a Montague?")
///     .body(Some("cs"), "Nejsi Romeo, a Monteka?")
///     .thread("e0ffe42b28561960c6b12b944a092794b9683a38", None)
///     .build()
///     .unwrap();
/// assert_eq!(m.bodies().count(), 2);
/// let again = Stanza::parse(&m.to_bytes(), &StanzaConfig::default()).unwrap();
/// assert_eq!(again, Stanza::Message(m));
/// ```
#[derive(Debug, Clone, Default)]
pub struct MessageBuilder {
    namespace: StanzaNamespace,
    to: Option<String>,
    from: Option<String>,
    id: Option<String>,
    message_type: MessageType,
    lang: Option<String>,
    subjects: Vec<(Option<String>, String)>,
    bodies: Vec<(Option<String>, String)>,
    thread: Option<(String, Option<String>)>,
    payloads: Vec<Element>,
    error: Option<StanzaError>,
}

impl MessageBuilder {
    /// An empty `normal` message in `jabber:client`.
    pub fn new() -> Self {
        Self::default()
    }

    builder_setters!();

    /// `id`.
    pub fn id(mut self, id: impl Into<String>) -> Self {
        self.id = Some(id.into());
        self
    }

    /// `type`; `normal` is written as no attribute.
    pub fn message_type(mut self, t: MessageType) -> Self {
        self.message_type = t;
        self
    }

    /// Adds a `<body/>`, with its own `xml:lang` if given.
    pub fn body(mut self, lang: Option<&str>, text: impl Into<String>) -> Self {
        self.bodies.push((lang.map(str::to_owned), text.into()));
        self
    }

    /// Adds a `<subject/>`, with its own `xml:lang` if given.
    pub fn subject(mut self, lang: Option<&str>, text: impl Into<String>) -> Self {
        self.subjects.push((lang.map(str::to_owned), text.into()));
        self
    }

    /// Sets the `<thread/>` and its parent.
    pub fn thread(mut self, id: impl Into<String>, parent: Option<&str>) -> Self {
        self.thread = Some((id.into(), parent.map(str::to_owned)));
        self
    }

    /// Adds an extension element.
    pub fn payload(mut self, element: Element) -> Self {
        self.payloads.push(element);
        self
    }

    /// Sets the `<error/>`; the type must then be `error`.
    pub fn error(mut self, error: StanzaError) -> Self {
        self.error = Some(error);
        self
    }

    /// Builds and checks the stanza with the default limits.
    pub fn build(self) -> Result<Message, BuildError> {
        self.build_with(&StanzaConfig::default())
    }

    /// Builds and checks the stanza with the given limits and language
    /// default.
    pub fn build_with(self, cfg: &StanzaConfig) -> Result<Message, BuildError> {
        let ns = self.namespace;
        let mut el = Element::bare("message", ns.as_str());
        set_attr(&mut el, "to", self.to);
        set_attr(&mut el, "from", self.from);
        set_attr(&mut el, "id", self.id);
        if self.message_type != MessageType::Normal {
            set_attr(&mut el, "type", Some(self.message_type.as_str()));
        }
        set_lang(&mut el, self.lang.as_deref());
        for (lang, text) in self.subjects {
            el.append_child(text_element("subject", ns, lang.as_deref(), text));
        }
        for (lang, text) in self.bodies {
            el.append_child(text_element("body", ns, lang.as_deref(), text));
        }
        if let Some((id, parent)) = self.thread {
            let mut t = text_element("thread", ns, None, id);
            set_attr(&mut t, "parent", parent);
            el.append_child(t);
        }
        for p in self.payloads {
            el.append_child(p);
        }
        match finish_built(el, self.error.as_ref(), ns, cfg)? {
            Stanza::Message(m) => Ok(m),
            other => Err(built_wrong_kind(&other, StanzaKind::Message)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::xmpp::DefinedCondition;
    use crate::xmpp::XmppError;

    fn parse(s: &str) -> Result<Stanza, XmppError> {
        Stanza::parse(s.as_bytes(), &StanzaConfig::default())
    }

    fn message(s: &str) -> Message {
        Message::try_from(parse(s).unwrap()).unwrap()
    }

    fn fault(s: &str) -> StanzaFault {
        match parse(s) {
            Err(XmppError::Invalid { fault, .. }) => fault,
            other => panic!("{s}: {other:?}"),
        }
    }

    #[test]
    fn types() {
        for (attr, t) in [
            ("", MessageType::Normal),
            (" type='normal'", MessageType::Normal),
            (" type='chat'", MessageType::Chat),
            (" type='groupchat'", MessageType::Groupchat),
            (" type='headline'", MessageType::Headline),
            (" type='bogus'", MessageType::Normal),
            (" type='Chat'", MessageType::Normal),
        ] {
            assert_eq!(
                message(&format!("<message{attr}/>")).message_type(),
                t,
                "{attr}"
            );
        }
    }

    #[test]
    fn bodies_by_language() {
        let m = message(
            "<message xml:lang='en'><body>hi</body><body xml:lang='de'>hallo</body><body xml:lang=''>x</body></message>",
        );
        let b: Vec<_> = m.bodies().collect();
        assert_eq!(b, [(Some("en"), "hi"), (Some("de"), "hallo"), (None, "x")]);
        assert_eq!(m.body(), Some("hi"));
        let m = message("<message><body xml:lang='de'>hallo</body></message>");
        assert_eq!(m.body(), Some("hallo"));
        assert_eq!(message("<message/>").body(), None);
        assert_eq!(message("<message><body/></message>").body(), Some(""));
    }

    #[test]
    fn rule_breaches() {
        use StanzaFault::*;
        let table: &[(&str, StanzaFault)] = &[
            (
                "<message><body>a</body><body>b</body></message>",
                DuplicateLanguage {
                    child: Child::Body,
                    lang: None,
                },
            ),
            (
                "<message xml:lang='en'><body>a</body><body xml:lang='EN'>b</body></message>",
                DuplicateLanguage {
                    child: Child::Body,
                    lang: Some("EN".into()),
                },
            ),
            (
                "<message><subject>a</subject><subject>b</subject></message>",
                DuplicateLanguage {
                    child: Child::Subject,
                    lang: None,
                },
            ),
            (
                "<message><body>a<b/></body></message>",
                NotText { child: Child::Body },
            ),
            (
                "<message><thread>a</thread><thread>b</thread></message>",
                Duplicate {
                    child: Child::Thread,
                },
            ),
            (
                "<message><thread parent='a'>a</thread></message>",
                ThreadParentIsSelf,
            ),
            ("<message type='error'/>", MissingError),
            (
                "<message><error type='cancel'><bad-request xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></message>",
                UnexpectedError,
            ),
            (
                "<message to=''/>",
                EmptyAddress {
                    attribute: crate::xmpp::AddressAttribute::To,
                },
            ),
            (
                "<message from=''/>",
                EmptyAddress {
                    attribute: crate::xmpp::AddressAttribute::From,
                },
            ),
        ];
        for (input, expected) in table {
            assert_eq!(&fault(input), expected, "{input}");
        }
    }

    #[test]
    fn thread_and_payloads() {
        let m = message(
            "<message><thread parent='p1'>t1</thread><x xmlns='urn:x'/><body xmlns='urn:other'>not a body</body></message>",
        );
        assert_eq!(
            m.thread(),
            Some(Thread {
                id: "t1",
                parent: Some("p1")
            })
        );
        assert_eq!(m.body(), None);
        let names: Vec<_> = m.payloads().map(|e| e.name().to_owned()).collect();
        assert_eq!(names, ["x", "body"]);
    }

    #[test]
    fn builder_rules() {
        assert!(matches!(
            MessageBuilder::new()
                .message_type(MessageType::Error)
                .build(),
            Err(BuildError::Invalid(XmppError::Invalid {
                fault: StanzaFault::MissingError,
                ..
            }))
        ));
        assert!(matches!(
            MessageBuilder::new()
                .error(StanzaError::new(DefinedCondition::BadRequest))
                .build(),
            Err(BuildError::Invalid(XmppError::Invalid {
                fault: StanzaFault::UnexpectedError,
                ..
            }))
        ));
        assert!(matches!(
            MessageBuilder::new()
                .body(None, "a")
                .body(None, "b")
                .build(),
            Err(BuildError::Invalid(XmppError::Invalid {
                fault: StanzaFault::DuplicateLanguage { .. },
                ..
            }))
        ));
        assert!(matches!(
            MessageBuilder::new().body(None, "nul \u{0}").build(),
            Err(BuildError::Invalid(XmppError::Xml(
                crate::xmpp::XmlError::InvalidChar { code: 0, .. }
            )))
        ));
        let m = MessageBuilder::new()
            .message_type(MessageType::Error)
            .error(StanzaError::new(DefinedCondition::ItemNotFound))
            .build()
            .unwrap();
        assert_eq!(m.error().unwrap().condition, DefinedCondition::ItemNotFound);
    }
}
