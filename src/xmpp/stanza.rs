//! The three stanza kinds and what they share (RFC 6120 §8.1, §8.2).

use minidom::rxml::{Namespace, NcName};
use minidom::{Element, IntoAttributeValue};

use super::error::{AddressAttribute, BuildError, StanzaFault, XmppError};
use super::iq::Iq;
use super::message::Message;
use super::presence::Presence;
use super::reader::{NS_XML, read_element};
use super::stanza_error::StanzaError;
use super::writer::{reads_back_unchanged, size_hint, write_checked, write_element};
use crate::limits::ParseLimits;

/// The namespaces a stanza may be qualified by: the content namespace of
/// the stream it travels on (RFC 6120 §4.8.2; XEP-0114 for components).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum StanzaNamespace {
    /// `jabber:client`, a client-to-server stream.
    #[default]
    Client,
    /// `jabber:server`, a server-to-server stream.
    Server,
    /// `jabber:component:accept`, an external component stream.
    Component,
}

impl StanzaNamespace {
    /// The namespace name.
    pub const fn as_str(self) -> &'static str {
        match self {
            StanzaNamespace::Client => "jabber:client",
            StanzaNamespace::Server => "jabber:server",
            StanzaNamespace::Component => "jabber:component:accept",
        }
    }

    /// The value for a namespace name, if it is one of the three.
    pub fn from_name(ns: &str) -> Option<Self> {
        match ns {
            "jabber:client" => Some(StanzaNamespace::Client),
            "jabber:server" => Some(StanzaNamespace::Server),
            "jabber:component:accept" => Some(StanzaNamespace::Component),
            _ => None,
        }
    }

    /// The value for the namespace of `el`, if it is one of the three
    /// (without copying the element's namespace name).
    pub(crate) fn of(el: &Element) -> Option<Self> {
        [
            StanzaNamespace::Client,
            StanzaNamespace::Server,
            StanzaNamespace::Component,
        ]
        .into_iter()
        .find(|ns| el.has_ns(ns.as_str()))
    }
}

/// How to read a stanza: the stream's defaults and the limits.
///
/// ```
/// use sip_xmpp::xmpp::{Stanza, StanzaConfig, StanzaNamespace};
/// let cfg = StanzaConfig {
///     default_namespace: StanzaNamespace::Component,
///     default_lang: Some("en".into()),
///     ..StanzaConfig::default()
/// };
/// let s = Stanza::parse(b"<message to='a@example.com'><body>hi</body></message>", &cfg).unwrap();
/// assert_eq!(s.namespace(), StanzaNamespace::Component);
/// assert_eq!(s.lang(), Some("en"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct StanzaConfig {
    /// The namespace of a stanza element without `xmlns`: the stream's
    /// default namespace.
    pub default_namespace: StanzaNamespace,
    /// The language a stanza without `xml:lang` inherits: the stream's
    /// `xml:lang` (RFC 6120 §8.1.5).
    pub default_lang: Option<String>,
    /// Size, depth and count limits.
    pub limits: ParseLimits,
}

impl StanzaConfig {
    /// Defaults for a stream with the given content namespace.
    pub fn new(default_namespace: StanzaNamespace) -> Self {
        StanzaConfig {
            default_namespace,
            ..StanzaConfig::default()
        }
    }
}

/// Message, presence or IQ.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum StanzaKind {
    /// `<message/>`.
    Message,
    /// `<presence/>`.
    Presence,
    /// `<iq/>`.
    Iq,
}

impl StanzaKind {
    /// The element name.
    pub const fn as_str(self) -> &'static str {
        match self {
            StanzaKind::Message => "message",
            StanzaKind::Presence => "presence",
            StanzaKind::Iq => "iq",
        }
    }
}

/// What identifies a stanza: enough to answer it with an error, even when
/// the rest of it is invalid.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StanzaHead {
    /// Message, presence or IQ.
    pub kind: StanzaKind,
    /// The namespace the stanza element is in.
    pub namespace: StanzaNamespace,
    /// `to`, as written.
    pub to: Option<String>,
    /// `from`, as written.
    pub from: Option<String>,
    /// `id`, as written.
    pub id: Option<String>,
    /// `type`, as written.
    pub type_attr: Option<String>,
    /// The language in force: `xml:lang`, else the inherited one; `None`
    /// for none (an empty `xml:lang` included).
    pub lang: Option<String>,
}

impl StanzaHead {
    fn read(
        kind: StanzaKind,
        namespace: StanzaNamespace,
        el: &Element,
        cfg: &StanzaConfig,
    ) -> Self {
        let own = |name: &str| el.attr(name).map(str::to_owned);
        StanzaHead {
            kind,
            namespace,
            to: own("to"),
            from: own("from"),
            id: own("id"),
            type_attr: own("type"),
            lang: effective_lang(el, cfg.default_lang.as_deref()).map(str::to_owned),
        }
    }

    /// Whether the stanza is itself an error (`type='error'`).
    pub fn is_error(&self) -> bool {
        self.type_attr.as_deref() == Some("error")
    }

    /// The error reply to this stanza (RFC 6120 §8.3.1): same kind,
    /// `type='error'`, `to` and `from` swapped (XERR-2), `id` mirrored
    /// (XERR-3), the `<error/>` element and nothing else: the original
    /// payload is not echoed (XERR-6 allows it; never required). Refused
    /// for an error stanza (XERR-7) and for an IQ result.
    pub fn error_reply(&self, error: &StanzaError) -> Result<Stanza, BuildError> {
        self.error_reply_with(error, &StanzaConfig::new(self.namespace))
    }

    /// [`error_reply`](Self::error_reply) checked against the given limits
    /// and language default.
    pub fn error_reply_with(
        &self,
        error: &StanzaError,
        cfg: &StanzaConfig,
    ) -> Result<Stanza, BuildError> {
        if self.is_error() {
            return Err(BuildError::ReplyToError);
        }
        if self.kind == StanzaKind::Iq && self.type_attr.as_deref() == Some("result") {
            return Err(BuildError::ReplyToResult);
        }
        error.check()?;
        let mut el = Element::bare(self.kind.as_str(), self.namespace.as_str());
        set_attr(&mut el, "to", self.from.as_deref());
        set_attr(&mut el, "from", self.to.as_deref());
        set_attr(&mut el, "id", self.id.as_deref());
        set_attr(&mut el, "type", Some("error"));
        el.append_child(error.to_element(self.namespace));
        Ok(Stanza::from_element(el, cfg)?)
    }
}

/// One stanza: a typed view over its element.
///
/// Reading keeps the element as received (extension elements and
/// attributes included) and checks the rules of RFC 6120 §8 and RFC 6121
/// §4.7, §5.2; the typed accessors read from the element. Writing
/// produces a canonical form the parser reads back to an equal value.
///
/// ```
/// use sip_xmpp::xmpp::{Stanza, StanzaConfig, MessageType};
/// let s = Stanza::parse(
///     b"<message xmlns='jabber:client' to='juliet@example.com' type='chat'>\
///       <body>Art thou not Romeo?</body><x xmlns='urn:example'/></message>",
///     &StanzaConfig::default(),
/// ).unwrap();
/// let Stanza::Message(m) = &s else { unreachable!() };
/// assert_eq!(m.message_type(), MessageType::Chat);
/// assert_eq!(m.body(), Some("Art thou not Romeo?"));
/// assert_eq!(m.payloads().count(), 1);
/// assert_eq!(Stanza::parse(&s.to_bytes(), &StanzaConfig::default()).unwrap(), s);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Stanza {
    /// `<message/>`.
    Message(Message),
    /// `<presence/>`.
    Presence(Presence),
    /// `<iq/>`.
    Iq(Iq),
}

impl Stanza {
    /// Reads one stanza from bytes: XML under the limits of `cfg`, then the
    /// stanza rules.
    pub fn parse(input: &[u8], cfg: &StanzaConfig) -> Result<Stanza, XmppError> {
        let el = read_element(input, cfg.default_namespace.as_str(), &cfg.limits)?;
        Stanza::from_read(el, cfg)
    }

    /// Makes a stanza of an element built by the caller. The element is
    /// checked exactly as if it had been received, so that what is
    /// accepted here always writes to bytes [`parse`](Self::parse)
    /// accepts: a tree that certainly reads back unchanged (names, XML
    /// characters, limits, normalised text) is taken as it is; any other is
    /// written and read back, which merges adjacent text nodes, drops
    /// empty ones, and reports the exact error. [`XmlError`](super::XmlError)
    /// offsets count bytes of the element as written.
    pub fn from_element(element: Element, cfg: &StanzaConfig) -> Result<Stanza, XmppError> {
        if StanzaNamespace::of(&element).is_none() {
            return Err(not_a_stanza(&element));
        }
        if reads_back_unchanged(&element, &cfg.limits) {
            return Stanza::from_read(element, cfg);
        }
        let mut bytes = Vec::new();
        write_checked(&element, "", &mut bytes)?;
        Stanza::parse(&bytes, cfg)
    }

    /// Applies the stanza rules to an element the reader produced.
    pub(crate) fn from_read(el: Element, cfg: &StanzaConfig) -> Result<Stanza, XmppError> {
        let Some(namespace) = StanzaNamespace::of(&el) else {
            return Err(not_a_stanza(&el));
        };
        let kind = match el.name() {
            "message" => StanzaKind::Message,
            "presence" => StanzaKind::Presence,
            "iq" => StanzaKind::Iq,
            _ => return Err(not_a_stanza(&el)),
        };
        let lang = effective_lang(&el, cfg.default_lang.as_deref()).map(str::to_owned);
        let mut core = Core {
            namespace,
            lang,
            error: None,
            element: el,
        };
        let fault = match core.check_addresses() {
            Err(fault) => fault,
            Ok(()) => match kind {
                StanzaKind::Message => match Message::check(&mut core) {
                    Ok(t) => return Ok(Stanza::Message(Message::new(core, t))),
                    Err(fault) => fault,
                },
                StanzaKind::Presence => match Presence::check(&mut core) {
                    Ok(v) => return Ok(Stanza::Presence(Presence::new(core, v))),
                    Err(fault) => fault,
                },
                StanzaKind::Iq => match Iq::check(&mut core) {
                    Ok(t) => return Ok(Stanza::Iq(Iq::new(core, t))),
                    Err(fault) => fault,
                },
            },
        };
        Err(XmppError::Invalid {
            head: Box::new(StanzaHead::read(kind, namespace, &core.element, cfg)),
            fault,
        })
    }

    /// Message, presence or IQ.
    pub fn kind(&self) -> StanzaKind {
        match self {
            Stanza::Message(_) => StanzaKind::Message,
            Stanza::Presence(_) => StanzaKind::Presence,
            Stanza::Iq(_) => StanzaKind::Iq,
        }
    }

    fn core(&self) -> &Core {
        match self {
            Stanza::Message(m) => &m.core,
            Stanza::Presence(p) => &p.core,
            Stanza::Iq(i) => &i.core,
        }
    }

    /// The kind, addresses, id, type and language.
    pub fn head(&self) -> StanzaHead {
        self.core().head(self.kind())
    }

    /// `to`.
    pub fn to(&self) -> Option<&str> {
        self.core().element.attr("to")
    }

    /// `from`.
    pub fn from(&self) -> Option<&str> {
        self.core().element.attr("from")
    }

    /// `id`.
    pub fn id(&self) -> Option<&str> {
        self.core().element.attr("id")
    }

    /// The language in force: `xml:lang`, else the default it was read
    /// with; `None` for none.
    pub fn lang(&self) -> Option<&str> {
        self.core().lang.as_deref()
    }

    /// The namespace of the stanza element.
    pub fn namespace(&self) -> StanzaNamespace {
        self.core().namespace
    }

    /// Whether `type='error'`.
    pub fn is_error(&self) -> bool {
        self.core().error.is_some()
    }

    /// The stanza error of an error stanza.
    pub fn error(&self) -> Option<&StanzaError> {
        self.core().error.as_ref()
    }

    /// The error reply to this stanza; see [`StanzaHead::error_reply`].
    pub fn error_reply(&self, error: &StanzaError) -> Result<Stanza, BuildError> {
        self.head().error_reply(error)
    }

    /// The element.
    pub fn as_element(&self) -> &Element {
        &self.core().element
    }

    /// The element, giving up the typed view.
    pub fn into_element(self) -> Element {
        match self {
            Stanza::Message(m) => m.core.element,
            Stanza::Presence(p) => p.core.element,
            Stanza::Iq(i) => i.core.element,
        }
    }

    /// The canonical bytes, with `xmlns` on the stanza element.
    pub fn to_bytes(&self) -> Vec<u8> {
        self.core().to_bytes()
    }

    /// Appends the canonical bytes to `out`.
    pub fn write_to(&self, out: &mut Vec<u8>) {
        self.core().write_to(out);
    }

    /// Appends the bytes for a stream whose default namespace is
    /// `stream_ns`: the stanza element's `xmlns` is left out when it is the
    /// same.
    pub fn write_in_stream(&self, stream_ns: StanzaNamespace, out: &mut Vec<u8>) {
        self.core().write_in_stream(stream_ns, out);
    }
}

impl From<Message> for Stanza {
    fn from(m: Message) -> Self {
        Stanza::Message(m)
    }
}

impl From<Presence> for Stanza {
    fn from(p: Presence) -> Self {
        Stanza::Presence(p)
    }
}

impl From<Iq> for Stanza {
    fn from(i: Iq) -> Self {
        Stanza::Iq(i)
    }
}

fn not_a_stanza(el: &Element) -> XmppError {
    XmppError::NotAStanza {
        name: el.name().to_owned(),
        namespace: el.ns(),
    }
}

/// What every stanza view holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Core {
    pub(crate) element: Element,
    pub(crate) namespace: StanzaNamespace,
    pub(crate) lang: Option<String>,
    pub(crate) error: Option<StanzaError>,
}

impl Core {
    pub(crate) fn head(&self, kind: StanzaKind) -> StanzaHead {
        let own = |name: &str| self.element.attr(name).map(str::to_owned);
        StanzaHead {
            kind,
            namespace: self.namespace,
            to: own("to"),
            from: own("from"),
            id: own("id"),
            type_attr: own("type"),
            lang: self.lang.clone(),
        }
    }

    /// Refuses an empty `to` or `from`.
    fn check_addresses(&self) -> Result<(), StanzaFault> {
        check_addresses(self.element.attr("to"), self.element.attr("from"))
    }

    pub(crate) fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::new();
        self.write_to(&mut out);
        out
    }

    pub(crate) fn write_to(&self, out: &mut Vec<u8>) {
        out.reserve(size_hint(&self.element));
        write_element(&self.element, "", out);
    }

    pub(crate) fn write_in_stream(&self, stream_ns: StanzaNamespace, out: &mut Vec<u8>) {
        out.reserve(size_hint(&self.element));
        write_element(&self.element, stream_ns.as_str(), out);
    }

    /// Children in the stanza's namespace with the given name.
    pub(crate) fn children_named<'s>(
        &'s self,
        name: &'s str,
    ) -> impl Iterator<Item = &'s Element> + Clone + 's {
        let ns = self.namespace.as_str();
        self.element
            .nodes()
            .filter_map(minidom::Node::as_element)
            .filter(move |c| c.is(name, ns))
    }

    /// Checks the `<error/>` children against the type (XERR-4), then
    /// reads the one there may be.
    pub(crate) fn read_error(&mut self, is_error_type: bool) -> Result<(), StanzaFault> {
        check_error_children(
            self.children_named("error").map(|e| e.attr("by")),
            is_error_type,
        )?;
        self.read_checked_error()
    }

    /// Reads the `<error/>` child, if any, once [`check_error_children`]
    /// has passed.
    pub(crate) fn read_checked_error(&mut self) -> Result<(), StanzaFault> {
        let error = match self.children_named("error").next() {
            Some(child) => Some(StanzaError::read(child, self.lang.as_deref())?),
            None => None,
        };
        self.error = error;
        Ok(())
    }
}

/// Refuses an empty `to` or `from` (a JID has at least a domainpart).
pub(crate) fn check_addresses(to: Option<&str>, from: Option<&str>) -> Result<(), StanzaFault> {
    for (value, attribute) in [(to, AddressAttribute::To), (from, AddressAttribute::From)] {
        if value == Some("") {
            return Err(StanzaFault::EmptyAddress { attribute });
        }
    }
    Ok(())
}

/// The rules on `<error/>` children, given the `by` of each in document
/// order: at most one, `by` not empty (XERR-5), and one exactly when the
/// type is `error` (XERR-4).
pub(crate) fn check_error_children<'b>(
    bys: impl Iterator<Item = Option<&'b str>>,
    is_error_type: bool,
) -> Result<(), StanzaFault> {
    let mut found = false;
    for by in bys {
        if found {
            return Err(StanzaFault::Duplicate {
                child: super::error::Child::Error,
            });
        }
        if by == Some("") {
            return Err(StanzaFault::EmptyAddress {
                attribute: AddressAttribute::By,
            });
        }
        found = true;
    }
    match (is_error_type, found) {
        (true, false) => Err(StanzaFault::MissingError),
        (false, true) => Err(StanzaFault::UnexpectedError),
        _ => Ok(()),
    }
}

/// Generates the accessors every view shares.
macro_rules! common_accessors {
    ($kind:expr) => {
        /// `to`.
        pub fn to(&self) -> Option<&str> {
            self.core.element.attr("to")
        }

        /// `from`.
        pub fn from(&self) -> Option<&str> {
            self.core.element.attr("from")
        }

        /// `id`.
        pub fn id(&self) -> Option<&str> {
            self.core.element.attr("id")
        }

        /// The language in force: `xml:lang`, else the default it was read
        /// with; `None` for none.
        pub fn lang(&self) -> Option<&str> {
            self.core.lang.as_deref()
        }

        /// The namespace of the stanza element.
        pub fn namespace(&self) -> $crate::xmpp::StanzaNamespace {
            self.core.namespace
        }

        /// The stanza error, present exactly when the type is `error`.
        pub fn error(&self) -> Option<&$crate::xmpp::StanzaError> {
            self.core.error.as_ref()
        }

        /// The kind, addresses, id, type and language.
        pub fn head(&self) -> $crate::xmpp::StanzaHead {
            self.core.head($kind)
        }

        /// The error reply to this stanza; see
        /// [`StanzaHead::error_reply`](crate::xmpp::StanzaHead::error_reply).
        pub fn error_reply(
            &self,
            error: &$crate::xmpp::StanzaError,
        ) -> Result<$crate::xmpp::Stanza, $crate::xmpp::BuildError> {
            self.head().error_reply(error)
        }

        /// The element.
        pub fn as_element(&self) -> &minidom::Element {
            &self.core.element
        }

        /// The element, giving up the typed view.
        pub fn into_element(self) -> minidom::Element {
            self.core.element
        }

        /// The canonical bytes, with `xmlns` on the stanza element.
        pub fn to_bytes(&self) -> Vec<u8> {
            self.core.to_bytes()
        }

        /// Appends the canonical bytes to `out`.
        pub fn write_to(&self, out: &mut Vec<u8>) {
            self.core.write_to(out);
        }

        /// Appends the bytes for a stream whose default namespace is
        /// `stream_ns` (the stanza's `xmlns` left out when the same).
        pub fn write_in_stream(&self, stream_ns: $crate::xmpp::StanzaNamespace, out: &mut Vec<u8>) {
            self.core.write_in_stream(stream_ns, out);
        }
    };
}
pub(crate) use common_accessors;

/// Generates the setters every stanza builder shares: namespace, `to`,
/// `from` and `xml:lang`.
macro_rules! builder_setters {
    () => {
        /// The namespace (default `jabber:client`).
        pub fn namespace(mut self, ns: $crate::xmpp::StanzaNamespace) -> Self {
            self.namespace = ns;
            self
        }

        /// `to`.
        pub fn to(mut self, jid: impl Into<String>) -> Self {
            self.to = Some(jid.into());
            self
        }

        /// `from`.
        pub fn from(mut self, jid: impl Into<String>) -> Self {
            self.from = Some(jid.into());
            self
        }

        /// `xml:lang` on the stanza.
        pub fn lang(mut self, lang: impl Into<String>) -> Self {
            self.lang = Some(lang.into());
            self
        }
    };
}
pub(crate) use builder_setters;

/// `xml:lang` as written.
pub(crate) fn lang_attr(el: &Element) -> Option<&str> {
    el.attr_ns(NS_XML, "lang")
}

/// The language in force on `el`: its own `xml:lang` (empty meaning none),
/// else `inherited`.
pub(crate) fn effective_lang<'e>(el: &'e Element, inherited: Option<&'e str>) -> Option<&'e str> {
    resolve_lang(lang_attr(el), inherited)
}

/// The language in force given an element's own `xml:lang` as written
/// (empty meaning none) and the inherited one.
pub(crate) fn resolve_lang<'e>(
    own: Option<&'e str>,
    inherited: Option<&'e str>,
) -> Option<&'e str> {
    match own {
        Some("") => None,
        Some(lang) => Some(lang),
        None => inherited,
    }
}

/// Language tags compare without regard to ASCII case (RFC 5646 §2.1.1).
pub(crate) fn same_lang(a: Option<&str>, b: Option<&str>) -> bool {
    match (a, b) {
        (None, None) => true,
        (Some(a), Some(b)) => a.eq_ignore_ascii_case(b),
        _ => false,
    }
}

/// `s` without XML whitespace around it.
pub(crate) fn trim_space(s: &str) -> &str {
    s.trim_matches(|c: char| c.is_ascii() && super::chars::is_space(c as u8))
}

/// The character data of an element that holds only text.
pub(crate) fn leaf_text(el: &Element) -> &str {
    el.nodes()
        .find_map(minidom::Node::as_text)
        .unwrap_or_default()
}

/// Whether `el` has element children.
pub(crate) fn has_child_elements(el: &Element) -> bool {
    el.children().next().is_some()
}

/// Sets an unnamespaced attribute when `value` is given.
pub(crate) fn set_attr<V: IntoAttributeValue>(el: &mut Element, name: &str, value: Option<V>) {
    if let (Some(value), Ok(name)) = (value, NcName::try_from(name)) {
        el.set_attr(Namespace::NONE, name, value);
    }
}

/// The last step of every stanza builder: the `<error/>` child when there
/// is one, then the checks a received stanza gets
/// ([`Stanza::from_element`]).
pub(crate) fn finish_built(
    mut el: Element,
    error: Option<&StanzaError>,
    ns: StanzaNamespace,
    cfg: &StanzaConfig,
) -> Result<Stanza, BuildError> {
    if let Some(e) = error {
        e.check()?;
        el.append_child(e.to_element(ns));
    }
    Ok(Stanza::from_element(el, cfg)?)
}

/// The error of a builder of `expected` stanzas whose element read back
/// as another kind of stanza (the element is always named by the
/// builder, so this is a guard, not an expected outcome).
pub(crate) fn built_wrong_kind(other: &Stanza, expected: StanzaKind) -> BuildError {
    BuildError::Invalid(XmppError::WrongKind {
        expected,
        found: other.kind(),
    })
}

/// Sets `xml:lang` when given.
pub(crate) fn set_lang(el: &mut Element, lang: Option<&str>) {
    if let (Some(value), Ok(name)) = (lang, NcName::try_from("lang")) {
        el.set_attr(Namespace::XML, name, value);
    }
}

/// An element holding one text node (none for empty text), with an
/// optional `xml:lang`.
pub(crate) fn text_element<T: AsRef<str> + Into<String>>(
    name: &str,
    ns: StanzaNamespace,
    lang: Option<&str>,
    text: T,
) -> Element {
    let mut el = Element::bare(name, ns.as_str());
    set_lang(&mut el, lang);
    if !text.as_ref().is_empty() {
        el.append_text_node(text);
    }
    el
}

/// Refuses element content and duplicate languages among the repeated
/// language-tagged children with the given name.
pub(crate) fn check_lang_children(
    core: &Core,
    name: &str,
    child: super::error::Child,
) -> Result<(), StanzaFault> {
    let inherited = core.lang.as_deref();
    check_lang_texts(
        core.children_named(name)
            .map(|el| (has_child_elements(el), effective_lang(el, inherited))),
        child,
    )
}

/// The rules on repeated language-tagged children (RFC 6121 §4.7.2.2,
/// §5.2.3, §5.2.4), given for each in document order whether it holds
/// child elements and its language in force: no element content, no two
/// for the same language (compared without regard to ASCII case).
pub(crate) fn check_lang_texts<'l, I>(
    items: I,
    child: super::error::Child,
) -> Result<(), StanzaFault>
where
    I: Iterator<Item = (bool, Option<&'l str>)> + Clone,
{
    let earlier = items.clone();
    for (k, (nested, lang)) in items.enumerate() {
        if nested {
            return Err(StanzaFault::NotText { child });
        }
        if earlier.clone().take(k).any(|(_, l)| same_lang(l, lang)) {
            return Err(StanzaFault::DuplicateLanguage {
                child,
                lang: lang.map(str::to_owned),
            });
        }
    }
    Ok(())
}

/// The rules on a child that may appear once, given for each in document
/// order whether it holds child elements: no second one, no element
/// content.
pub(crate) fn check_single(
    nested: impl Iterator<Item = bool>,
    child: super::error::Child,
) -> Result<(), StanzaFault> {
    for (k, nested) in nested.enumerate() {
        if k > 0 {
            return Err(StanzaFault::Duplicate { child });
        }
        if nested {
            return Err(StanzaFault::NotText { child });
        }
    }
    Ok(())
}

/// The single child with the given name, refusing a second one and
/// element content.
pub(crate) fn single_leaf<'c>(
    core: &'c Core,
    name: &'c str,
    child: super::error::Child,
) -> Result<Option<&'c Element>, StanzaFault> {
    check_single(core.children_named(name).map(has_child_elements), child)?;
    Ok(core.children_named(name).next())
}

/// `(lang, text)` pairs of repeated language-tagged children.
pub(crate) fn lang_texts<'s>(
    core: &'s Core,
    name: &'s str,
) -> impl Iterator<Item = (Option<&'s str>, &'s str)> + 's {
    let inherited = core.lang.as_deref();
    core.children_named(name)
        .map(move |el| (effective_lang(el, inherited), leaf_text(el)))
}

/// The text for the stanza's own language, else the first.
pub(crate) fn text_for_lang<'s>(core: &'s Core, name: &'s str) -> Option<&'s str> {
    pick_for_lang(lang_texts(core, name), core.lang.as_deref())
}

/// Of `(language, text)` pairs, the text for `lang`, else the first.
pub(crate) fn pick_for_lang<'s>(
    texts: impl Iterator<Item = (Option<&'s str>, &'s str)>,
    lang: Option<&str>,
) -> Option<&'s str> {
    let mut first = None;
    for (l, text) in texts {
        if same_lang(l, lang) {
            return Some(text);
        }
        first = first.or(Some(text));
    }
    first
}

/// Child elements other than the ones the view reads.
pub(crate) fn payloads<'s>(
    core: &'s Core,
    known: &'static [&'static str],
) -> impl Iterator<Item = &'s Element> + 's {
    let ns = core.namespace.as_str();
    core.element
        .children()
        .filter(move |c| !(c.has_ns(ns) && known.contains(&c.name())))
}
