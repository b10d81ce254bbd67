//! A read-only view of a `<message/>` stanza, read straight from bytes.
//!
//! The view's reader is the stanza reader's driver with another sink
//! (see `super::reader`): the same XML checks and limits, in the same
//! order, so the same [`XmlError`](super::XmlError) for the same bytes.
//! Instead of an element tree, the sink keeps what a message is read for
//! (addresses, id, type, language, bodies, subjects, thread), borrowed
//! from the input where no decoding was needed, and what the message rules
//! look at; the rules are the ones [`Stanza::parse`] applies.

use std::borrow::Cow;

use super::error::{BuildError, Child, XmlError, XmppError};
use super::message::{Message, MessageParts, MessageType, Thread, check_message};
use super::reader::{Attr, AttrNs, Sink, StartTag, read_stanza};
use super::stanza::{
    Stanza, StanzaConfig, StanzaHead, StanzaKind, StanzaNamespace, check_addresses, lang_attr,
    leaf_text, pick_for_lang, resolve_lang,
};
use super::stanza_error::StanzaError;

/// A `<body/>` or `<subject/>`: its own `xml:lang` as written and its
/// text.
#[derive(Debug, Clone, PartialEq, Eq)]
struct LangText<'a> {
    /// `xml:lang` as written (empty allowed), `None` when absent.
    lang: Option<Cow<'a, str>>,
    /// The character data.
    text: Cow<'a, str>,
    /// Whether it holds child elements (refused by the rules).
    nested: bool,
}

/// Bodies or subjects: the first one inline, so that a usual message
/// needs no allocation (a plain struct rather than a small-vector type,
/// so that the view stays covariant in its lifetime).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct Texts<'a> {
    first: Option<LangText<'a>>,
    rest: Vec<LangText<'a>>,
}

impl<'a> Texts<'a> {
    fn push(&mut self, t: LangText<'a>) {
        match self.first {
            None => self.first = Some(t),
            Some(_) => self.rest.push(t),
        }
    }

    fn iter(&self) -> impl Iterator<Item = &LangText<'a>> + Clone {
        self.first.iter().chain(self.rest.iter())
    }

    fn last_mut(&mut self) -> Option<&mut LangText<'a>> {
        match self.rest.last_mut() {
            Some(t) => Some(t),
            None => self.first.as_mut(),
        }
    }
}

impl<'a> FromIterator<LangText<'a>> for Texts<'a> {
    fn from_iter<I: IntoIterator<Item = LangText<'a>>>(iter: I) -> Self {
        let mut texts = Texts::default();
        for t in iter {
            texts.push(t);
        }
        texts
    }
}

/// The `<thread/>`.
#[derive(Debug, Clone, PartialEq, Eq)]
struct ThreadText<'a> {
    id: Cow<'a, str>,
    parent: Option<Cow<'a, str>>,
}

/// A borrowed, read-only view of a `<message/>` stanza (RFC 6121 §5.2).
///
/// [`MessageView::parse`] reads the bytes of one stanza under exactly the
/// rules of [`Stanza::parse`]: it accepts what `Stanza::parse` reads as a
/// message, and refuses everything else with the error `Stanza::parse`
/// gives ([`XmppError::WrongKind`] for a valid presence or IQ). It builds
/// no element tree: names, addresses and texts are borrowed from the input
/// unless they needed decoding (references, CDATA sections next to text,
/// line ends), so a usual message with one body, no subject and one thread
/// is read without allocating. [`Message::view`] gives the same view of a
/// message already read or built.
///
/// The accessors mean what [`Message`]'s mean. Extension elements are only
/// counted ([`payload_count`](Self::payload_count)); the `<error/>` of an
/// error message is checked but not kept: read the stanza with
/// [`Stanza::parse`] to see them.
///
/// ```
/// use sip_xmpp::xmpp::{MessageType, MessageView, StanzaConfig};
/// let bytes = b"<message xmlns='jabber:client' from='juliet@example.com/yn0cl4bnw0yr3vym' \
///     to='romeo@example.net'><body>Art thou not Romeo, and a Montague?</body></message>";
/// let m = MessageView::parse(bytes, &StanzaConfig::default()).unwrap();
/// assert_eq!(m.from(), Some("juliet@example.com/yn0cl4bnw0yr3vym"));
/// assert_eq!(m.to(), Some("romeo@example.net"));
/// assert_eq!(m.message_type(), MessageType::Normal);
/// assert_eq!(m.body(), Some("Art thou not Romeo, and a Montague?"));
/// assert!(m.thread().is_none() && !m.has_payloads());
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MessageView<'a> {
    namespace: StanzaNamespace,
    to: Option<Cow<'a, str>>,
    from: Option<Cow<'a, str>>,
    id: Option<Cow<'a, str>>,
    type_attr: Option<Cow<'a, str>>,
    message_type: MessageType,
    /// `xml:lang` of the stanza as written.
    lang_attr: Option<Cow<'a, str>>,
    /// The language inherited when the stanza has no `xml:lang`.
    inherited: Option<Cow<'a, str>>,
    bodies: Texts<'a>,
    subjects: Texts<'a>,
    thread: Option<ThreadText<'a>>,
    payloads: usize,
}

impl<'a> MessageView<'a> {
    /// A view with nothing read yet.
    fn empty() -> Self {
        MessageView {
            namespace: StanzaNamespace::Client,
            to: None,
            from: None,
            id: None,
            type_attr: None,
            message_type: MessageType::Normal,
            lang_attr: None,
            inherited: None,
            bodies: Texts::default(),
            subjects: Texts::default(),
            thread: None,
            payloads: 0,
        }
    }

    /// Reads one `<message/>` stanza from bytes, exactly as
    /// [`Stanza::parse`] would: XML under the limits of `cfg`, then the
    /// stanza rules. `Ok` exactly when `Stanza::parse` gives a
    /// [`Stanza::Message`]; otherwise the same error, or
    /// [`XmppError::WrongKind`] for a valid presence or IQ.
    ///
    /// ```
    /// use sip_xmpp::xmpp::{MessageView, StanzaConfig, StanzaKind, XmppError};
    /// let cfg = StanzaConfig::default();
    /// let m = MessageView::parse(
    ///     b"<message xml:lang='en'><body>hi</body><body xml:lang='de'>hallo</body>\
    ///       <thread parent='p'>t&amp;1</thread></message>",
    ///     &cfg,
    /// ).unwrap();
    /// assert_eq!(m.bodies().collect::<Vec<_>>(), [(Some("en"), "hi"), (Some("de"), "hallo")]);
    /// assert_eq!(m.thread().map(|t| (t.id, t.parent)), Some(("t&1", Some("p"))));
    /// assert!(matches!(
    ///     MessageView::parse(b"<presence/>", &cfg),
    ///     Err(XmppError::WrongKind { found: StanzaKind::Presence, .. })
    /// ));
    /// ```
    pub fn parse(input: &'a [u8], cfg: &StanzaConfig) -> Result<Self, XmppError> {
        let mut view = MessageView::empty();
        let mut sink = ViewSink::new(&mut view);
        read_stanza(
            input,
            cfg.default_namespace.as_str(),
            &cfg.limits,
            &mut sink,
        )?;
        match std::mem::replace(&mut sink.root, Root::None) {
            Root::Message => {}
            Root::Other(found) => {
                // A presence or IQ: its own rules decide the error.
                return Err(match Stanza::parse(input, cfg) {
                    Ok(_) => XmppError::WrongKind {
                        expected: StanzaKind::Message,
                        found,
                    },
                    Err(e) => e,
                });
            }
            Root::NotStanza { name, namespace } => {
                return Err(XmppError::NotAStanza { name, namespace });
            }
            Root::None => return Err(XmlError::NoElement.into()),
        }
        let read = Read {
            view: sink.view,
            default_lang: cfg.default_lang.as_deref(),
            threads: sink.threads,
            thread_nested: sink.thread_nested,
            errors: sink.errors,
            error_by: sink.error_by.as_deref(),
        };
        let checked =
            check_addresses(read.view.to(), read.view.from()).and_then(|()| check_message(&read));
        if let Err(fault) = checked {
            return Err(XmppError::Invalid {
                head: Box::new(read.head()),
                fault,
            });
        }
        if view.lang_attr.is_none() {
            view.inherited = cfg.default_lang.clone().map(Cow::Owned);
        }
        Ok(view)
    }

    /// `to`.
    pub fn to(&self) -> Option<&str> {
        self.to.as_deref()
    }

    /// `from`.
    pub fn from(&self) -> Option<&str> {
        self.from.as_deref()
    }

    /// `id`.
    pub fn id(&self) -> Option<&str> {
        self.id.as_deref()
    }

    /// The type; `normal` when absent or unknown.
    pub fn message_type(&self) -> MessageType {
        self.message_type
    }

    /// `type` as written.
    pub fn type_attr(&self) -> Option<&str> {
        self.type_attr.as_deref()
    }

    /// Whether `type='error'` (the `<error/>` child is then present).
    pub fn is_error(&self) -> bool {
        self.message_type == MessageType::Error
    }

    /// The namespace of the stanza element.
    pub fn namespace(&self) -> StanzaNamespace {
        self.namespace
    }

    /// The language in force: `xml:lang`, else the default it was read
    /// with; `None` for none (an empty `xml:lang` included).
    pub fn lang(&self) -> Option<&str> {
        resolve_lang(self.lang_attr.as_deref(), self.inherited.as_deref())
    }

    /// The stanza's own `xml:lang` as written, empty included; `None` when
    /// it has none.
    pub fn lang_attr(&self) -> Option<&str> {
        self.lang_attr.as_deref()
    }

    /// Every `<body/>` as `(language, text)`, the language inherited when
    /// the body has no `xml:lang` of its own (as [`Message::bodies`]).
    pub fn bodies(&self) -> impl Iterator<Item = (Option<&str>, &str)> + '_ {
        lang_texts(&self.bodies, self.lang())
    }

    /// Every `<body/>` as `(own xml:lang as written, text)`: the language
    /// attribute of the body itself (empty included), `None` when it has
    /// none.
    pub fn bodies_with_own_lang(&self) -> impl Iterator<Item = (Option<&str>, &str)> + '_ {
        own_lang_texts(&self.bodies)
    }

    /// The body in the stanza's language, else the first one (as
    /// [`Message::body`]).
    pub fn body(&self) -> Option<&str> {
        pick_for_lang(self.bodies(), self.lang())
    }

    /// Every `<subject/>` as `(language, text)` (as [`Message::subjects`]).
    pub fn subjects(&self) -> impl Iterator<Item = (Option<&str>, &str)> + '_ {
        lang_texts(&self.subjects, self.lang())
    }

    /// Every `<subject/>` as `(own xml:lang as written, text)`.
    pub fn subjects_with_own_lang(&self) -> impl Iterator<Item = (Option<&str>, &str)> + '_ {
        own_lang_texts(&self.subjects)
    }

    /// The subject in the stanza's language, else the first one (as
    /// [`Message::subject`]).
    pub fn subject(&self) -> Option<&str> {
        pick_for_lang(self.subjects(), self.lang())
    }

    /// The `<thread/>`.
    pub fn thread(&self) -> Option<Thread<'_>> {
        self.thread.as_ref().map(|t| Thread {
            id: &t.id,
            parent: t.parent.as_deref(),
        })
    }

    /// Whether the message has children other than `<body/>`,
    /// `<subject/>`, `<thread/>` and `<error/>` of the stanza's namespace
    /// (what [`Message::payloads`] yields).
    pub fn has_payloads(&self) -> bool {
        self.payloads > 0
    }

    /// How many such children ([`Message::payloads`]) there are.
    pub fn payload_count(&self) -> usize {
        self.payloads
    }

    /// The error reply to this message; see [`StanzaHead::error_reply`].
    pub fn error_reply(&self, error: &StanzaError) -> Result<Stanza, BuildError> {
        self.head().error_reply(error)
    }

    /// The kind, addresses, id, type and language, to answer the message
    /// with an error ([`StanzaHead::error_reply`]).
    pub fn head(&self) -> StanzaHead {
        let own = |v: &Option<Cow<'_, str>>| v.as_deref().map(str::to_owned);
        StanzaHead {
            kind: StanzaKind::Message,
            namespace: self.namespace,
            to: own(&self.to),
            from: own(&self.from),
            id: own(&self.id),
            type_attr: own(&self.type_attr),
            lang: self.lang().map(str::to_owned),
        }
    }
}

fn borrowed(v: Option<&str>) -> Option<Cow<'_, str>> {
    v.map(Cow::Borrowed)
}

fn lang_texts<'s>(
    texts: &'s Texts<'_>,
    inherited: Option<&'s str>,
) -> impl Iterator<Item = (Option<&'s str>, &'s str)> + 's {
    texts
        .iter()
        .map(move |t| (resolve_lang(t.lang.as_deref(), inherited), &*t.text))
}

fn own_lang_texts<'s>(
    texts: &'s Texts<'_>,
) -> impl Iterator<Item = (Option<&'s str>, &'s str)> + 's {
    texts.iter().map(|t| (t.lang.as_deref(), &*t.text))
}

impl Message {
    /// The [`MessageView`] of this message, borrowing from its element.
    ///
    /// ```
    /// use sip_xmpp::xmpp::{MessageBuilder, MessageView, StanzaConfig};
    /// let m = MessageBuilder::new().to("romeo@example.net").body(None, "hi").build().unwrap();
    /// let bytes = m.to_bytes();
    /// assert_eq!(m.view(), MessageView::parse(&bytes, &StanzaConfig::default()).unwrap());
    /// ```
    pub fn view(&self) -> MessageView<'_> {
        let el = self.as_element();
        let texts = |name: &'static str| {
            self.core
                .children_named(name)
                .map(|c| LangText {
                    lang: borrowed(lang_attr(c)),
                    text: Cow::Borrowed(leaf_text(c)),
                    nested: false,
                })
                .collect()
        };
        let own_lang = lang_attr(el);
        MessageView {
            namespace: self.namespace(),
            to: borrowed(el.attr("to")),
            from: borrowed(el.attr("from")),
            id: borrowed(el.attr("id")),
            type_attr: borrowed(el.attr("type")),
            message_type: self.message_type(),
            lang_attr: borrowed(own_lang),
            inherited: match own_lang {
                Some(_) => None,
                None => borrowed(self.lang()),
            },
            bodies: texts("body"),
            subjects: texts("subject"),
            thread: self.thread().map(|t| ThreadText {
                id: Cow::Borrowed(t.id),
                parent: borrowed(t.parent),
            }),
            payloads: self.payloads().count(),
        }
    }
}

/// What the root element turned out to be.
enum Root {
    /// Not read yet.
    None,
    /// A message: the sink's view is being filled.
    Message,
    /// A presence or an IQ.
    Other(StanzaKind),
    /// Not a stanza.
    NotStanza { name: String, namespace: String },
}

/// The child of the message being read.
#[derive(Clone, Copy)]
enum Open {
    /// None, or one the view does not keep.
    Other,
    /// The last `<body/>` or `<subject/>` read.
    Text(Child),
    /// The first `<thread/>`.
    Thread,
}

/// The sink that fills the view, and keeps for the rules what the view
/// does not: element content in bodies, subjects and the first thread, the
/// number of threads, the `<error/>` children.
struct ViewSink<'v, 'a> {
    root: Root,
    /// The message, once the root is one.
    view: &'v mut MessageView<'a>,
    /// Open elements.
    depth: usize,
    /// The open child of the message.
    open: Option<Open>,
    /// `<thread/>` children.
    threads: usize,
    /// Whether the first `<thread/>` holds elements.
    thread_nested: bool,
    /// `<error/>` children.
    errors: usize,
    /// `by` of the first `<error/>`.
    error_by: Option<Cow<'a, str>>,
}

impl<'v, 'a> ViewSink<'v, 'a> {
    fn new(view: &'v mut MessageView<'a>) -> Self {
        ViewSink {
            root: Root::None,
            view,
            depth: 0,
            open: None,
            threads: 0,
            thread_nested: false,
            errors: 0,
            error_by: None,
        }
    }

    fn message_start(view: &mut MessageView<'a>, attrs: &mut [Attr<'a>]) {
        for attr in attrs.iter_mut().filter(|a| !a.decl) {
            let slot = match (attr.ns, attr.local) {
                (AttrNs::Xml, "lang") => &mut view.lang_attr,
                (AttrNs::None, "to") => &mut view.to,
                (AttrNs::None, "from") => &mut view.from,
                (AttrNs::None, "id") => &mut view.id,
                (AttrNs::None, "type") => &mut view.type_attr,
                _ => continue,
            };
            *slot = Some(attr.take_value());
        }
        view.message_type = MessageType::from_attr(view.type_attr.as_deref());
    }

    fn child_start(&mut self, tag: StartTag<'_, 'a>) {
        if !matches!(self.root, Root::Message) {
            return;
        }
        let view = &mut self.view;
        let known = tag.ns == view.namespace.as_str();
        let take = |attrs: &mut [Attr<'a>], want: fn(&Attr<'a>) -> bool| {
            attrs.iter_mut().find(|a| want(a)).map(Attr::take_value)
        };
        self.open = Some(match tag.local {
            "body" | "subject" if known => {
                let (child, list) = if tag.local == "body" {
                    (Child::Body, &mut view.bodies)
                } else {
                    (Child::Subject, &mut view.subjects)
                };
                list.push(LangText {
                    lang: take(tag.attrs, Attr::is_xml_lang),
                    text: Cow::Borrowed(""),
                    nested: false,
                });
                Open::Text(child)
            }
            "thread" if known => {
                self.threads += 1;
                if self.threads == 1 {
                    view.thread = Some(ThreadText {
                        id: Cow::Borrowed(""),
                        parent: take(tag.attrs, |a| a.is("parent")),
                    });
                    Open::Thread
                } else {
                    Open::Other
                }
            }
            "error" if known => {
                self.errors += 1;
                if self.errors == 1 {
                    self.error_by = take(tag.attrs, |a| a.is("by"));
                }
                Open::Other
            }
            _ => {
                view.payloads += 1;
                Open::Other
            }
        });
    }
}

impl<'a> Sink<'a> for ViewSink<'_, 'a> {
    fn start(&mut self, tag: StartTag<'_, 'a>) {
        match self.depth {
            0 => {
                let ns = StanzaNamespace::from_name(tag.ns);
                self.root = match (ns, tag.local) {
                    (Some(namespace), "message") => {
                        self.view.namespace = namespace;
                        Self::message_start(self.view, tag.attrs);
                        Root::Message
                    }
                    (Some(_), "presence") => Root::Other(StanzaKind::Presence),
                    (Some(_), "iq") => Root::Other(StanzaKind::Iq),
                    _ => Root::NotStanza {
                        name: tag.local.to_owned(),
                        namespace: tag.ns.to_owned(),
                    },
                };
            }
            1 => self.child_start(tag),
            2 => match self.open {
                Some(Open::Text(child)) => {
                    let list = match child {
                        Child::Body => &mut self.view.bodies,
                        _ => &mut self.view.subjects,
                    };
                    if let Some(t) = list.last_mut() {
                        t.nested = true;
                    }
                }
                Some(Open::Thread) => self.thread_nested = true,
                _ => {}
            },
            _ => {}
        }
        self.depth += 1;
    }

    fn text(&mut self, text: Cow<'a, str>) {
        // Only the character data of the message's children counts: the
        // first run of each, as the tree's accessors read it.
        if self.depth != 2 {
            return;
        }
        let view = &mut self.view;
        let slot = match self.open {
            Some(Open::Text(Child::Body)) => view.bodies.last_mut().map(|t| &mut t.text),
            Some(Open::Text(_)) => view.subjects.last_mut().map(|t| &mut t.text),
            Some(Open::Thread) => view.thread.as_mut().map(|t| &mut t.id),
            _ => None,
        };
        if let Some(slot) = slot.filter(|s| s.is_empty()) {
            *slot = text;
        }
    }

    fn reset(&mut self) {
        *self.view = MessageView::empty();
        self.root = Root::None;
        self.depth = 0;
        self.open = None;
        self.threads = 0;
        self.thread_nested = false;
        self.errors = 0;
        self.error_by = None;
    }

    fn end(&mut self) {
        self.depth = self.depth.saturating_sub(1);
        if self.depth == 1 {
            self.open = None;
        }
    }
}

/// A message read by the view's sink, with what the rules need besides
/// the view.
struct Read<'r, 'a> {
    view: &'r MessageView<'a>,
    /// The language a stanza without `xml:lang` inherits.
    default_lang: Option<&'r str>,
    threads: usize,
    thread_nested: bool,
    errors: usize,
    error_by: Option<&'r str>,
}

impl Read<'_, '_> {
    /// The language in force on the stanza.
    fn lang(&self) -> Option<&str> {
        resolve_lang(self.view.lang_attr.as_deref(), self.default_lang)
    }

    fn head(&self) -> StanzaHead {
        StanzaHead {
            lang: self.lang().map(str::to_owned),
            ..self.view.head()
        }
    }
}

impl MessageParts for Read<'_, '_> {
    fn type_attr(&self) -> Option<&str> {
        self.view.type_attr.as_deref()
    }

    fn lang_children(&self, child: Child) -> impl Iterator<Item = (bool, Option<&str>)> + Clone {
        let texts = match child {
            Child::Body => &self.view.bodies,
            _ => &self.view.subjects,
        };
        let inherited = self.lang();
        texts
            .iter()
            .map(move |t| (t.nested, resolve_lang(t.lang.as_deref(), inherited)))
    }

    fn threads(&self) -> impl Iterator<Item = bool> {
        // Only the first thread's content matters: a second one is refused
        // as such before its content is looked at.
        (0..self.threads).map(|i| i == 0 && self.thread_nested)
    }

    fn first_thread(&self) -> Option<(&str, Option<&str>)> {
        self.view
            .thread
            .as_ref()
            .map(|t| (&*t.id, t.parent.as_deref()))
    }

    fn error_bys(&self) -> impl Iterator<Item = Option<&str>> {
        // Only the first one's `by` matters: a second one is refused as
        // such first.
        (0..self.errors).map(|i| if i == 0 { self.error_by } else { None })
    }
}
