//! The stateless mappings of RFC 7572: Table 1 (XMPP → SIP, §4) and
//! Table 2 (SIP → XMPP, §5).
//!
//! Generated values (Call-ID, tags, branch) come in as arguments; the
//! [`ImGateway`](super::ImGateway) draws them from its seeded generator.

use std::borrow::Cow;

mod x2s;
pub use x2s::{MappedRequest, map_message_to_sip};

use super::config::ImConfig;
use super::fault::ImFault;
use crate::address::{AddressError, Role};
use crate::cpim::Cpim;
use crate::grammar::eq_ic;
use crate::jid::{JidRef, JidText};
use crate::limits::ParseLimits;
use crate::mime::MediaType;
use crate::multipart::Multipart;
use crate::params::ParamValue;
use crate::sip::{
    HeaderName, ImRows, Method, SipMessage, check_call_id, check_language_tag, is_plain_addr_of,
};
use crate::uri::{Uri, UriRef};
use crate::xmpp::minidom::Element;
use crate::xmpp::{
    Message, MessageBuilder, MessageView, StanzaConfig, StanzaNamespace, escape, find_invalid_char,
    same_lang, size_hint, text_element, write_element,
};

/// The identifiers an X2S MESSAGE carries (RFC 3261 §8.1.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SipIds<'a> {
    /// Call-ID (IM-X-6: the thread, or a fresh one).
    pub call_id: &'a str,
    /// The From tag: fresh and random for each request.
    pub from_tag: &'a str,
    /// The Via branch (with the `z9hG4bK` cookie): the transaction.
    pub branch: &'a str,
    /// The CSeq number.
    pub cseq: u32,
}

/// The Call-ID a `<thread/>` value gives (IM-X-6): the value itself when
/// it is a valid Call-ID (`word [ "@" word ]`) of at most 256 octets;
/// otherwise a value derived from it (32 hexadecimal digits, the same for
/// the same thread), for which the caller keeps a reverse table.
///
/// ```
/// use sip_xmpp::im::map::thread_call_id;
/// assert_eq!(thread_call_id("e0ffe42b28561960c6b12b944a092794b9683a38"), ("e0ffe42b28561960c6b12b944a092794b9683a38".into(), false));
/// let (derived, is_derived) = thread_call_id("a thread with spaces");
/// assert!(is_derived && derived.len() == 32);
/// ```
pub fn thread_call_id(thread: &str) -> (Cow<'_, str>, bool) {
    if thread.len() <= 256 && check_call_id(thread).is_ok_and(|v| v == thread) {
        return (Cow::Borrowed(thread), false);
    }
    // Two 64-bit FNV-1a hashes with different offsets: 128 bits.
    let fnv = |offset: u64| {
        thread.bytes().fold(offset, |h, b| {
            (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
        })
    };
    (
        Cow::Owned(format!(
            "{:016x}{:016x}",
            fnv(0xcbf2_9ce4_8422_2325),
            fnv(0x6c62_272e_07bb_0142)
        )),
        true,
    )
}

/// Replaces each CR, LF or CRLF by one space and trims (IM-X-5): a
/// Subject is one line (RFC 3261 §20.36).
fn subject_line(s: &str) -> Cow<'_, str> {
    if !s.contains(['\r', '\n']) {
        return Cow::Borrowed(s.trim());
    }
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\r' => {
                chars.next_if_eq(&'\n');
                out.push(' ');
            }
            '\n' => out.push(' '),
            c => out.push(c),
        }
    }
    Cow::Owned(out.trim().to_owned())
}

/// Whether `tag` may be written as a Content-Language value (RFC 3261
/// §20.13: `language-tag`; `*` is a range, not a tag).
fn is_language_tag(tag: &str) -> bool {
    tag != "*" && check_language_tag(tag).is_ok_and(|t| t == tag)
}

/// The `<body/>` to send and its language (IM-X-3, IM-18): the body in
/// the stanza's effective language (its `xml:lang`, else the language it
/// was read with, else the configured stream default), which is the one
/// without an `xml:lang` of its own when there is one; else the first.
fn select_body<'m>(
    msg: &'m MessageView<'_>,
    default_lang: Option<&'m str>,
) -> Option<(Option<&'m str>, &'m str)> {
    let stanza_lang = stanza_lang(msg, default_lang);
    let mut bodies = bodies_with_lang(msg, default_lang);
    let first = bodies.next()?;
    if same_lang(first.0, stanza_lang) {
        return Some(first);
    }
    Some(
        bodies
            .find(|(l, _)| same_lang(*l, stanza_lang))
            .unwrap_or(first),
    )
}

/// The stanza's effective language: its own `xml:lang`, else the
/// stream's (`default_lang`).
fn stanza_lang<'m>(msg: &'m MessageView<'_>, default_lang: Option<&'m str>) -> Option<&'m str> {
    match msg.lang_attr() {
        Some(_) => msg.lang(),
        None => msg.lang().or(default_lang),
    }
}

/// The `<body/>` texts in order, each with its language: its own
/// `xml:lang` (empty meaning none), else the stanza's.
fn bodies_with_lang<'m>(
    msg: &'m MessageView<'_>,
    default_lang: Option<&'m str>,
) -> impl Iterator<Item = (Option<&'m str>, &'m str)> {
    let stanza_lang = stanza_lang(msg, default_lang);
    msg.bodies_with_own_lang()
        .map(move |(own, text)| match own {
            Some(l) => (Some(l).filter(|l| !l.is_empty()), text),
            None => (stanza_lang, text),
        })
}

/// IM-X-3's alternative ([`ImConfig::language_alternatives`]): the bodies
/// with their languages when there are bodies in two languages or more.
fn language_alternatives<'m>(
    msg: &'m MessageView<'_>,
    default_lang: Option<&'m str>,
) -> Option<Vec<(Option<&'m str>, &'m str)>> {
    let bodies: Vec<_> = bodies_with_lang(msg, default_lang).collect();
    let first = bodies.first()?.0;
    bodies
        .iter()
        .any(|(l, _)| !same_lang(*l, first))
        .then_some(bodies)
}

/// RFC 7572 Table 1 (§4): an XMPP `<message/>` to a SIP MESSAGE.
///
/// `Ok(None)` when there is nothing to send: an error stanza (never
/// translated, IM-X-1) or a message without a body (chat states,
/// receipts: IM-X-2). The sender's bare JID goes into From with its
/// resource as the GRUU inside the angle brackets (IM-3); `to` gives the
/// Request-URI and To (IM-X-8); `<subject/>` → Subject (IM-X-5);
/// `<thread/>` → Call-ID (by the caller, IM-X-6); `xml:lang` →
/// Content-Language (IM-18); the body goes as `text/plain`. The whole
/// serialised request is held to `max_request_bytes` (IM-11).
///
/// The same as [`message_view_to_sip`] on [`Message::view`].
///
/// ```
/// use sip_xmpp::im::{ImConfig, map::{message_to_sip, SipIds}};
/// use sip_xmpp::xmpp::{Message, Stanza, StanzaConfig};
/// let s = Stanza::parse(b"<message xmlns='jabber:client' from='juliet@example.com/yn0cl4bnw0yr3vym' \
///     to='romeo@example.net'><body>Art thou not Romeo, and a Montague?</body></message>",
///     &StanzaConfig::default()).unwrap();
/// let msg = Message::try_from(s).unwrap();
/// let ids = SipIds { call_id: "D9AA95FD-2BD5-46E2-AF0F-6CFAA96BDDFA", from_tag: "12345",
///     branch: "z9hG4bK776sgdkse", cseq: 1 };
/// let sip = message_to_sip(&msg, &ids, &ImConfig::new("x2s.example.com", "TCP")).unwrap().unwrap();
/// assert_eq!(sip.to_bytes().len(), 351); // RFC 7572 Example 2, to the byte
/// ```
pub fn message_to_sip(
    msg: &Message,
    ids: &SipIds<'_>,
    cfg: &ImConfig,
) -> Result<Option<SipMessage>, ImFault> {
    message_view_to_sip(&msg.view(), ids, cfg)
}

/// [`message_to_sip`] on a [`MessageView`]: a message read straight from
/// bytes ([`MessageView::parse`], no element tree) or a view of a parsed
/// [`Message`].
///
/// ```
/// use sip_xmpp::im::{ImConfig, map::{message_view_to_sip, SipIds}};
/// use sip_xmpp::xmpp::{MessageView, StanzaConfig};
/// let m = MessageView::parse(b"<message xmlns='jabber:client' from='juliet@example.com/yn0cl4bnw0yr3vym' \
///     to='romeo@example.net'><body>Art thou not Romeo, and a Montague?</body></message>",
///     &StanzaConfig::default()).unwrap();
/// let ids = SipIds { call_id: "D9AA95FD-2BD5-46E2-AF0F-6CFAA96BDDFA", from_tag: "12345",
///     branch: "z9hG4bK776sgdkse", cseq: 1 };
/// let sip = message_view_to_sip(&m, &ids, &ImConfig::new("x2s.example.com", "TCP")).unwrap().unwrap();
/// assert_eq!(sip.header("From"), Some("<sip:juliet@example.com;gr=yn0cl4bnw0yr3vym>;tag=12345"));
/// assert_eq!(sip.body(), b"Art thou not Romeo, and a Montague?");
/// ```
pub fn message_view_to_sip(
    msg: &MessageView<'_>,
    ids: &SipIds<'_>,
    cfg: &ImConfig,
) -> Result<Option<SipMessage>, ImFault> {
    map_message_to_sip(msg, ids, cfg)?
        .map(MappedRequest::into_request)
        .transpose()
}

/// What [`message_to_xmpp`] needs besides the request and the
/// configuration.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct S2xHints<'a> {
    /// The GRUU instance (resource) of the SIP sender, when the gateway
    /// knows it from elsewhere (IM-7): the `from` becomes a full JID.
    pub instance: Option<&'a str>,
    /// The `<thread/>` a derived Call-ID stands for (IM-X-6 in reverse).
    pub thread: Option<&'a str>,
}

/// The text and optional XHTML-IM of a translated body. Without
/// XHTML-IM, `plain` holds only characters XML can carry (`decode_text`
/// made it so).
struct Text<'a> {
    plain: Cow<'a, str>,
    html: Option<Box<Element>>,
    /// The language of the part the text came from, when the body is a
    /// `multipart/alternative` whose part says it (its first valid
    /// Content-Language tag).
    lang: Option<String>,
}

/// The XMPP `<message/>` a SIP MESSAGE maps to (RFC 7572 Table 2),
/// borrowing from the request: what [`map_message_to_xmpp`] returns.
///
/// It writes itself as stanza bytes directly ([`write_to`](Self::write_to),
/// the same bytes as [`Message::to_bytes`] of
/// [`to_message`](Self::to_message)), so that a gateway forwarding bytes
/// never builds an element tree; [`to_message`](Self::to_message) gives
/// the [`Message`] for a caller that wants one.
#[derive(Debug, Clone, PartialEq)]
pub struct MappedMessage<'a> {
    namespace: StanzaNamespace,
    from: JidText<'a>,
    to: JidText<'a>,
    id: Option<Cow<'a, str>>,
    lang: Option<Cow<'a, str>>,
    subject: Option<&'a str>,
    body: Cow<'a, str>,
    thread: Option<&'a str>,
    html: Option<Box<Element>>,
}

impl MappedMessage<'_> {
    /// `from`: the sender (IM-7). Borrowed from the request when the
    /// JID's text is a slice of it (`sip:romeo@example.net` gives
    /// `romeo@example.net`); [`JidRef::to_jid`] makes a [`Jid`](crate::jid::Jid) of it.
    pub fn from(&self) -> JidRef<'_> {
        self.from.view()
    }

    /// `to`: the recipient (IM-S-1), borrowed as [`from`](Self::from)
    /// is.
    pub fn to(&self) -> JidRef<'_> {
        self.to.view()
    }

    /// `id`: the Via branch (IM-S-2), when the table is applied whole.
    pub fn id(&self) -> Option<&str> {
        self.id.as_deref()
    }

    /// `xml:lang`: the first valid Content-Language tag (IM-18).
    pub fn lang(&self) -> Option<&str> {
        self.lang.as_deref()
    }

    /// `<subject/>`: the Subject header.
    pub fn subject(&self) -> Option<&str> {
        self.subject
    }

    /// `<body/>`: the body as text.
    pub fn body(&self) -> &str {
        &self.body
    }

    /// `<thread/>`: the Call-ID, or the thread it was derived from
    /// (IM-S-3), when the table is applied whole.
    pub fn thread(&self) -> Option<&str> {
        self.thread
    }

    /// The XHTML-IM payload of an HTML body (IM-15).
    pub fn html(&self) -> Option<&Element> {
        self.html.as_deref()
    }

    /// The stanza as bytes.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(self.size_hint());
        self.write_to(&mut out);
        out
    }

    /// Appends the stanza's bytes to `out`, in the canonical form of
    /// [`Stanza::write_to`](crate::xmpp::Stanza::write_to): attributes in
    /// the order `from`, `id`, `to`, `xml:lang`; children `<subject/>`,
    /// `<body/>`, `<thread/>`, then the XHTML-IM payload.
    pub fn write_to(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(b"<message xmlns='");
        out.extend_from_slice(self.namespace.as_str().as_bytes());
        out.push(b'\'');
        let attrs = [
            ("from", Some(self.from.as_str())),
            ("id", self.id.as_deref()),
            ("to", Some(self.to.as_str())),
            ("xml:lang", self.lang.as_deref()),
        ];
        for (name, value) in attrs {
            if let Some(value) = value {
                out.push(b' ');
                out.extend_from_slice(name.as_bytes());
                out.extend_from_slice(b"='");
                escape(out, value, true);
                out.push(b'\'');
            }
        }
        out.push(b'>');
        let children = [
            ("subject", self.subject),
            ("body", Some(&*self.body)),
            ("thread", self.thread),
        ];
        for (name, text) in children {
            if let Some(text) = text {
                text_element(out, name, text);
            }
        }
        if let Some(html) = &self.html {
            write_element(html, self.namespace.as_str(), out);
        }
        out.extend_from_slice(b"</message>");
    }

    /// The size of the written stanza when nothing needs escaping.
    fn size_hint(&self) -> usize {
        let texts = [
            self.id.as_deref(),
            self.lang.as_deref(),
            self.subject,
            self.thread,
        ]
        .iter()
        .map(|t| t.map_or(0, |t| t.len() + 24))
        .sum::<usize>();
        let html = self.html.as_deref().map_or(0, size_hint);
        64 + self.from.as_str().len() + self.to.as_str().len() + self.body.len() + texts + html
    }

    /// Whether the stanza certainly reads back (under `limits`) as the
    /// [`Message`] it stands for: a sufficient condition, never a necessary
    /// one; when it says no, [`map_message_to_xmpp`] takes the exact path
    /// through [`to_message`](Self::to_message) for the exact error.
    ///
    /// `plain` says of `id` and `thread` that they are known to hold no
    /// character XML refuses (they were read as tokens), so that they need
    /// not be looked at for one.
    fn certainly_reads_back(&self, limits: &ParseLimits, plain: [bool; 2]) -> bool {
        if self.html.is_some()
            || limits.max_xml_elements < 4
            || limits.max_xml_attributes < 6
            || limits.xml_depth() < 2
        {
            return false;
        }
        // The addresses are RFC 7622 JIDs and the language a language
        // tag: no character XML refuses. The body went through
        // `decode_text`. The rest comes from the request or the caller
        // as it is. An absent text counts as an empty one: it adds
        // nothing, and nothing in it can be refused.
        let [from, to, body] = [self.from.as_str(), self.to.as_str(), &*self.body];
        let lang = self.lang.as_deref().unwrap_or_default();
        let unchecked = [
            self.id.as_deref().unwrap_or_default(),
            self.subject.unwrap_or_default(),
            self.thread.unwrap_or_default(),
        ];
        debug_assert!(
            [from, to, lang, body]
                .iter()
                .all(|t| find_invalid_char(t).is_none())
        );
        let [id, subject, thread] = unchecked;
        let lens = [from, to, lang, body, id, subject, thread].map(str::len);
        let longest = lens.iter().fold(0, |m, &l| m.max(l));
        // An escape is at most six bytes for one. (Saturating: the same
        // as adding each text's share in turn, saturating.)
        let total = lens.iter().fold(0usize, |a, &l| a.saturating_add(l));
        let size = total.saturating_mul(6).saturating_add(160);
        let readable = |t: &str| is_plain_text(t.as_bytes()) || find_invalid_char(t).is_none();
        longest <= limits.max_xml_token_bytes
            && size <= limits.max_stanza_bytes
            && (plain[0] || readable(id))
            && readable(subject)
            && (plain[1] || readable(thread))
    }

    /// The [`Message`], built and checked as any received stanza
    /// (the result of [`message_to_xmpp`]).
    pub fn to_message(&self, cfg: &ImConfig) -> Result<Message, ImFault> {
        let mut b = MessageBuilder::new()
            .namespace(self.namespace)
            .from(self.from.as_str())
            .to(self.to.as_str());
        if let Some(lang) = self.lang.as_deref() {
            b = b.lang(lang);
        }
        if let Some(subject) = self.subject {
            b = b.subject(None, subject);
        }
        b = b.body(None, &*self.body);
        if let Some(id) = &self.id {
            b = b.id(&**id);
        }
        if let Some(thread) = self.thread {
            b = b.thread(thread, None);
        }
        if let Some(html) = &self.html {
            b = b.payload((**html).clone());
        }
        let stanza_cfg = StanzaConfig {
            default_namespace: cfg.namespace,
            default_lang: cfg.default_lang.clone(),
            limits: cfg.limits,
        };
        b.build_with(&stanza_cfg)
            .map_err(|e| ImFault::BodySyntax(e.to_string()))
    }
}

/// RFC 7572 Table 2 (§5): a SIP MESSAGE to an XMPP `<message/>`.
///
/// `Ok(None)` when the request is accepted but carries nothing to send (no
/// body; an isComposing indication). The Request-URI (or To) gives `to`
/// (IM-S-1), From gives `from` with a GRUU or the caller's instance hint
/// as resource (IM-7), Call-ID gives `<thread/>` (IM-S-3) and the Via
/// branch the `id` (IM-S-2) when `table_complete`, Content-Language gives
/// `xml:lang` (IM-18), Subject `<subject/>`; no `type` (IM-8).
///
/// This builds the [`Message`]; [`map_message_to_xmpp`] gives the same
/// stanza without building it, for a caller that forwards bytes.
///
/// ```
/// use sip_xmpp::im::{ImConfig, map::{message_to_xmpp, S2xHints}};
/// use sip_xmpp::sip::{Framing, SipMessage};
/// let req = SipMessage::parse(b"MESSAGE sip:juliet@example.com SIP/2.0\r\n\
/// Via: SIP/2.0/TCP s2x.example.net;branch=z9hG4bKeskdgs677\r\nMax-Forwards: 70\r\n\
/// To: sip:juliet@example.com\r\nFrom: sip:romeo@example.net;tag=vwxyz\r\n\
/// Call-ID: 9E97FB43-85F4-4A00-8751-1124FD4C7B2E\r\nCSeq: 1 MESSAGE\r\n\
/// Content-Type: text/plain\r\nContent-Length: 44\r\n\r\n\
/// Neither, fair saint, if either thee dislike.", Framing::Stream).unwrap();
/// let hints = S2xHints { instance: Some("dr4hcr0st3lup4c"), thread: None };
/// let m = message_to_xmpp(&req, &ImConfig::new("s2x.example.net", "TCP"), &hints).unwrap().unwrap();
/// assert_eq!(m.from(), Some("romeo@example.net/dr4hcr0st3lup4c"));
/// assert_eq!(m.body(), Some("Neither, fair saint, if either thee dislike."));
/// assert_eq!(m.thread().unwrap().id, "9E97FB43-85F4-4A00-8751-1124FD4C7B2E");
/// ```
pub fn message_to_xmpp(
    req: &SipMessage,
    cfg: &ImConfig,
    hints: &S2xHints<'_>,
) -> Result<Option<Message>, ImFault> {
    match map_message_to_xmpp(req, cfg, hints)? {
        Some(m) => m.to_message(cfg).map(Some),
        None => Ok(None),
    }
}

/// [`message_to_xmpp`] without building the stanza: the mapped fields,
/// which write themselves as the stanza's bytes
/// ([`MappedMessage::write_to`]). Every check is made here, the limits of
/// `cfg` on the stanza to be written among them, so that what this
/// accepts writes to bytes a reader accepts.
///
/// ```
/// use sip_xmpp::im::{ImConfig, map::{map_message_to_xmpp, S2xHints}};
/// use sip_xmpp::sip::{Framing, SipMessage};
/// let req = SipMessage::parse(b"MESSAGE sip:juliet@example.com SIP/2.0\r\n\
/// Via: SIP/2.0/TCP s2x.example.net;branch=z9hG4bKeskdgs677\r\nMax-Forwards: 70\r\n\
/// To: sip:juliet@example.com\r\nFrom: sip:romeo@example.net;tag=vwxyz\r\n\
/// Call-ID: 9E97FB43-85F4-4A00-8751-1124FD4C7B2E\r\nCSeq: 1 MESSAGE\r\n\
/// Content-Type: text/plain\r\nContent-Length: 44\r\n\r\n\
/// Neither, fair saint, if either thee dislike.", Framing::Stream).unwrap();
/// let m = map_message_to_xmpp(&req, &ImConfig::new("s2x.example.net", "TCP"), &Default::default())
///     .unwrap().unwrap();
/// assert_eq!(m.to_bytes(), b"<message xmlns='jabber:client' from='romeo@example.net' \
/// id='z9hG4bKeskdgs677' to='juliet@example.com'><body>Neither, fair saint, if either thee \
/// dislike.</body><thread>9E97FB43-85F4-4A00-8751-1124FD4C7B2E</thread></message>");
/// ```
pub fn map_message_to_xmpp<'a>(
    req: &'a SipMessage,
    cfg: &ImConfig,
    hints: &S2xHints<'a>,
) -> Result<Option<MappedMessage<'a>>, ImFault> {
    match req.method() {
        Some(Method::Message) => {}
        Some(m) => return Err(ImFault::Method(m.as_str().to_owned())),
        None => return Err(ImFault::Method(String::new())),
    }
    // RFC 3261 §8.2: what every request needs; From, To, Content-Type
    // and Subject are checked below as they are read, a malformed
    // Content-Language tag is dropped (IM-S-7), and headers the
    // translation does not use are ignored.
    let core = req.validate_core_im()?;
    let rows = &core.rows;
    if core.max_forwards == Some(0) {
        return Err(ImFault::TooManyHops);
    }
    // From and To are read without a copy of their URIs (the same values
    // and errors as `to_header` and `from_header`): they are mapped to
    // JIDs and dropped.
    //
    // The usual To repeats the Request-URI with plain parameters (a tag
    // at most): read, it is the Request-URI itself (`UriRef::Known`, as
    // the general reading gives it), so it is not read again.
    let to_value = rows.to.required(req, HeaderName::To)?;
    let request_sip = match req.request_uri() {
        Some(Uri::Sip(u)) => Some(u),
        _ => None,
    };
    let to_header;
    let known;
    let to_uri = match request_sip {
        Some(r)
            if r.as_str().len() <= req.limits.max_uri_bytes && is_plain_addr_of(to_value, r) =>
        {
            // What the general reading gives for it.
            known = UriRef::Known(r);
            &known
        }
        _ => {
            // (Borrowed from the result rather than moved out of it: an
            // address is a few hundred bytes.)
            to_header = req.name_addr_ref_of(HeaderName::To, &rows.to);
            &to_header.as_ref().map_err(|e| e.clone())?.uri
        }
    };
    // RFC 7247 §8 (CORE-SEC-2): a sips To or Request-URI is not
    // translated, whether or not the Request-URI names a user.
    if !cfg.mapper.policy().allow_sips
        && (to_uri.as_sip().is_some_and(|u| u.is_sips())
            || request_sip.is_some_and(|u| u.is_sips()))
    {
        return Err(ImFault::Address {
            role: Role::Recipient,
            error: AddressError::Sips,
        });
    }
    let to = match req.request_uri() {
        Some(u @ Uri::Sip(s)) if s.user().is_some() => {
            cfg.mapper.uri_to_jid_text(u, Role::Recipient)
        }
        Some(u @ Uri::Im(i)) if i.local().is_some() => {
            cfg.mapper.uri_to_jid_text(u, Role::Recipient)
        }
        _ => cfg.mapper.uri_ref_to_jid(to_uri, Role::Recipient),
    }
    .map_err(|error| ImFault::Address {
        role: Role::Recipient,
        error,
    })?;
    // The usual From (`sip:user@host;tag=...`) is read and mapped in one
    // pass; any other goes the general way, which gives the same JID.
    let from_value = rows.from.required(req, HeaderName::From)?;
    let plain_from =
        cfg.mapper
            .plain_addr_to_jid(from_value, req.limits.max_uri_bytes, Role::Sender);
    let from_header;
    let from = match plain_from {
        Some(jid) => jid,
        None => {
            from_header = req.name_addr_ref_of(HeaderName::From, &rows.from);
            let from_header = from_header.as_ref().map_err(|e| e.clone())?;
            cfg.mapper.name_addr_ref_to_jid(from_header, Role::Sender)
        }
    };
    let mut from = from.map_err(|error| ImFault::Address {
        role: Role::Sender,
        error,
    })?;
    if let (true, Some(instance)) = (from.view().is_bare(), hints.instance) {
        from = from
            .view()
            .with_resource(instance)
            .map(JidText::from)
            .map_err(|e| ImFault::Address {
                role: Role::Sender,
                error: AddressError::InvalidJid(e),
            })?;
    }
    let Some(text) = body_text(req, rows, cfg)? else {
        return Ok(None);
    };
    // Which of the texts `certainly_reads_back` would look at cannot hold
    // a character XML refuses: a token (the branch as a token value, the
    // Call-ID's word characters) is printable ASCII.
    let (id, thread, plain) = if cfg.table_complete {
        let (branch, branch_plain) = match core.branch {
            Some(ParamValue::Token(b)) => (Some(b), true),
            Some(ParamValue::Quoted(b)) => (Some(b), false),
            None => (None, true),
        };
        let thread = hints.thread.unwrap_or(core.call_id);
        (
            Some(branch),
            Some(thread),
            [branch_plain, hints.thread.is_none()],
        )
    } else {
        (None, None, [true, true])
    };
    let id = id.flatten();
    let mapped = MappedMessage {
        namespace: cfg.namespace,
        from,
        to,
        id,
        // The request's language, else that of the part the text came
        // from.
        lang: if rows.content_language {
            content_language(req).map(Cow::Borrowed)
        } else {
            None
        }
        .or(text.lang.map(Cow::Owned)),
        subject: rows.subject.first(req).filter(|s| !s.is_empty()),
        body: text.plain,
        thread,
        html: text.html,
    };
    if !mapped.certainly_reads_back(&cfg.limits, plain) {
        // The exact checks, for the exact error.
        mapped.to_message(cfg)?;
    }
    Ok(Some(mapped))
}

/// The first valid tag of Content-Language (IM-S-7).
fn content_language(req: &SipMessage) -> Option<&str> {
    req.content_language()
        .flatten()
        .find(|t| is_language_tag(t))
}

/// The body as text, by content type (RFC 7572 §7, digest §5).
/// `rows` are the message's rows as `validate_core_im` found them.
fn body_text<'r>(
    req: &'r SipMessage,
    rows: &ImRows,
    cfg: &ImConfig,
) -> Result<Option<Text<'r>>, ImFault> {
    if req.body().is_empty() {
        return Ok(None);
    }
    if let Some(enc) = rows.content_encoding.first(req) {
        if !enc.trim().eq_ignore_ascii_case("identity") {
            return Err(ImFault::UnsupportedEncoding {
                encoding: enc.to_owned(),
            });
        }
    }
    // The usual type, `text/plain` as the whole value: what `typed_text`
    // does with it (a text body without a charset), without building it.
    let ct_row = rows.content_type.get(req, HeaderName::ContentType)?;
    if ct_row.is_some_and(|v| eq_ic(v, "text/plain")) {
        let plain = decode_text(req.body(), None, cfg.strip_invalid_xml_chars)?;
        return Ok(Some(Text {
            plain,
            html: None,
            lang: None,
        }));
    }
    let ct = rows.content_type(req)?.ok_or_else(|| {
        ImFault::BodySyntax("a body without Content-Type (RFC 3261 §20.15)".into())
    })?;
    typed_text(&ct, req.body(), cfg, 0)
}

/// Text from a body of type `ct`; `depth` bounds CPIM-in-multipart
/// unwrapping.
fn typed_text<'b>(
    ct: &MediaType<'_>,
    body: &'b [u8],
    cfg: &ImConfig,
    depth: u8,
) -> Result<Option<Text<'b>>, ImFault> {
    let unsupported = || ImFault::UnsupportedType {
        content_type: ct.to_string(),
    };
    if ct.is("text", "plain") {
        let plain = decode_text(
            body,
            ct.params.value("charset"),
            cfg.strip_invalid_xml_chars,
        )?;
        return Ok(Some(Text {
            plain,
            html: None,
            lang: None,
        }));
    }
    if ct.is("application", "im-iscomposing+xml") {
        // A typing indication is not a message (design; RFC 7573 maps it
        // to chat states inside chat sessions).
        return Ok(None);
    }
    if depth > 1 {
        return Err(unsupported());
    }
    if ct.is("message", "cpim") && cfg.cpim {
        let inner =
            Cpim::parse(body, &cfg.limits).map_err(|e| ImFault::BodySyntax(e.to_string()))?;
        let ict = match inner.content_type() {
            Some(Ok(t)) => t.into_owned(),
            _ => {
                return Err(ImFault::BodySyntax(
                    "CPIM object without a Content-Type".into(),
                ));
            }
        };
        return typed_text(&ict, &inner.body, cfg, depth + 1).map(|t| t.map(Text::into_owned));
    }
    if ct.is("multipart", "alternative") {
        let m = Multipart::parse(body, ct, &cfg.limits)
            .map_err(|e| ImFault::BodySyntax(e.to_string()))?;
        for (ty, sub) in [("text", "plain"), ("text", "html")] {
            if let Some(part) = m.find(ty, sub) {
                let pct = match part.content_type() {
                    Some(Ok(t)) => t.into_owned(),
                    _ => MediaType::new("text", "plain"),
                };
                if let Some(bytes) = part.bytes() {
                    // The part's language, for a request without one of
                    // its own (IM-X-3's alternative, the other way).
                    let lang = part
                        .header_all("Content-Language")
                        .flat_map(|v| v.split(','))
                        .map(str::trim)
                        .find(|t| is_language_tag(t))
                        .map(str::to_owned);
                    return typed_text(&pct, bytes, cfg, depth + 1).map(|t| {
                        t.map(|t| {
                            let t = t.into_owned();
                            Text {
                                lang: t.lang.or(lang),
                                ..t
                            }
                        })
                    });
                }
            }
        }
        return Err(unsupported());
    }
    if ct.is("text", "html") && cfg.html {
        let text = decode_text(
            body,
            ct.params.value("charset"),
            cfg.strip_invalid_xml_chars,
        )?;
        return html_text(&text, cfg).map(Some);
    }
    Err(unsupported())
}

impl Text<'_> {
    fn into_owned(self) -> Text<'static> {
        Text {
            plain: Cow::Owned(self.plain.into_owned()),
            html: self.html,
            lang: self.lang,
        }
    }
}

/// HTML to XHTML-IM with a plain-text body (IM-15, IM-16).
fn html_text(html: &str, cfg: &ImConfig) -> Result<Text<'static>, ImFault> {
    let x = super::xhtml::html_to_xhtml_im(html, &cfg.limits)?;
    Ok(Text {
        plain: Cow::Owned(x.plain),
        html: Some(Box::new(x.html)),
        lang: None,
    })
}

/// Whether `b` holds only TAB, LF and ASCII from SP to DEL: text that is
/// UTF-8, holds no CR and no character XML 1.0 refuses.
///
/// Eight bytes at a time: subtracting 0x20 from every byte of a word sets
/// no high bit when every byte is from 0x20 to 0x7F, and the high bit of
/// the first byte below 0x20 otherwise (it borrows); a byte of 0x80 or
/// more has its own high bit. Only a word that holds a byte outside that
/// range (a TAB or LF, or a fault) is looked at byte by byte.
fn is_plain_text(b: &[u8]) -> bool {
    const ONES: u64 = u64::from_ne_bytes([0x01; 8]);
    const HIGH: u64 = ONES * 0x80;
    let plain = |c: &u8| matches!(c, 0x20..=0x7f | b'\t' | b'\n');
    let mut chunks = b.chunks_exact(8);
    for chunk in &mut chunks {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        let x = u64::from_ne_bytes(word);
        if (x | x.wrapping_sub(ONES * 0x20)) & HIGH != 0 && !chunk.iter().all(plain) {
            return false;
        }
    }
    chunks.remainder().iter().all(plain)
}

/// Decodes a text body by its charset (IM-S-4) and makes it fit for XML
/// (IM-S-6): UTF-8 (the default), US-ASCII, ISO-8859-1; CRLF becomes LF;
/// characters XML 1.0 cannot carry are refused, or removed when `strip`.
/// A UTF-8 or US-ASCII body without CR or such characters is borrowed.
fn decode_text<'b>(
    body: &'b [u8],
    charset: Option<&str>,
    strip: bool,
) -> Result<Cow<'b, str>, ImFault> {
    let cs = charset.unwrap_or("UTF-8");
    // Without a charset the text is UTF-8 (the default above).
    let utf8 = charset.is_none() || eq_ic(cs, "utf-8") || eq_ic(cs, "utf8");
    // The usual body: printable ASCII, TAB and LF. It reads the same as
    // UTF-8 and as US-ASCII, holds no CRLF to replace and no character
    // XML refuses, so the text is the body itself.
    if (utf8 || eq_ic(cs, "us-ascii") || eq_ic(cs, "ascii")) && is_plain_text(body) {
        if let Ok(text) = std::str::from_utf8(body) {
            return Ok(Cow::Borrowed(text));
        }
    }
    let text: Cow<'b, str> = if utf8 {
        Cow::Borrowed(std::str::from_utf8(body).map_err(|_| ImFault::BadBody)?)
    } else if cs.eq_ignore_ascii_case("us-ascii") || cs.eq_ignore_ascii_case("ascii") {
        if !body.is_ascii() {
            return Err(ImFault::BadBody);
        }
        Cow::Borrowed(std::str::from_utf8(body).map_err(|_| ImFault::BadBody)?)
    } else if ["iso-8859-1", "iso8859-1", "latin1", "l1"]
        .iter()
        .any(|c| cs.eq_ignore_ascii_case(c))
    {
        Cow::Owned(body.iter().map(|&b| char::from(b)).collect())
    } else {
        return Err(ImFault::UnsupportedCharset {
            charset: cs.to_owned(),
        });
    };
    let text = if text.contains("\r\n") {
        Cow::Owned(text.replace("\r\n", "\n"))
    } else {
        text
    };
    if find_invalid_char(&text).is_none() {
        Ok(text)
    } else if strip {
        let xml_char = |c: char| matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..='\u{10FFFF}');
        Ok(Cow::Owned(text.chars().filter(|&c| xml_char(c)).collect()))
    } else {
        Err(ImFault::BadBody)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::jid::Jid;

    #[test]
    fn subjects_are_one_line() {
        assert_eq!(subject_line(" a\r\nb\nc\rd "), "a b c d");
        assert_eq!(subject_line("x\r\n\r\ny"), "x  y");
        assert_eq!(subject_line("x\n\ry"), "x  y");
    }

    /// [`decode_text`] without the shortcut for plain text, kept as the
    /// reference.
    fn decode_text_reference<'b>(
        body: &'b [u8],
        charset: Option<&str>,
        strip: bool,
    ) -> Result<Cow<'b, str>, ImFault> {
        let cs = charset.unwrap_or("UTF-8");
        let text: Cow<'b, str> =
            if cs.eq_ignore_ascii_case("utf-8") || cs.eq_ignore_ascii_case("utf8") {
                Cow::Borrowed(std::str::from_utf8(body).map_err(|_| ImFault::BadBody)?)
            } else if cs.eq_ignore_ascii_case("us-ascii") || cs.eq_ignore_ascii_case("ascii") {
                if !body.is_ascii() {
                    return Err(ImFault::BadBody);
                }
                Cow::Borrowed(std::str::from_utf8(body).map_err(|_| ImFault::BadBody)?)
            } else if ["iso-8859-1", "iso8859-1", "latin1", "l1"]
                .iter()
                .any(|c| cs.eq_ignore_ascii_case(c))
            {
                Cow::Owned(body.iter().map(|&b| char::from(b)).collect())
            } else {
                return Err(ImFault::UnsupportedCharset {
                    charset: cs.to_owned(),
                });
            };
        let text = if text.contains("\r\n") {
            Cow::Owned(text.replace("\r\n", "\n"))
        } else {
            text
        };
        if find_invalid_char(&text).is_none() {
            Ok(text)
        } else if strip {
            let xml_char = |c: char| matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..='\u{10FFFF}');
            Ok(Cow::Owned(text.chars().filter(|&c| xml_char(c)).collect()))
        } else {
            Err(ImFault::BadBody)
        }
    }

    proptest::proptest! {
        /// Same text (borrowed or not alike), same error as the reference.
        #[test]
        fn decode_text_is_reference(
            body in proptest::collection::vec(
                proptest::prop_oneof![
                    0x20u8..0x7f,
                    proptest::strategy::Just(b'\t'),
                    proptest::strategy::Just(b'\n'),
                    proptest::strategy::Just(b'\r'),
                    proptest::strategy::Just(0x7f),
                    proptest::num::u8::ANY,
                ],
                0..40,
            ),
            charset in proptest::option::of("utf-8|UTF8|us-ascii|ASCII|latin1|koi8-r|"),
            strip: bool,
        ) {
            let got = decode_text(&body, charset.as_deref(), strip);
            let want = decode_text_reference(&body, charset.as_deref(), strip);
            proptest::prop_assert_eq!(&got, &want);
            proptest::prop_assert_eq!(
                matches!(got, Ok(Cow::Borrowed(_))),
                matches!(want, Ok(Cow::Borrowed(_)))
            );
        }
    }

    /// [`MappedMessage::certainly_reads_back`] before it was written as
    /// one loop over the texts, kept as the reference.
    fn certainly_reads_back_reference(m: &MappedMessage<'_>, limits: &ParseLimits) -> bool {
        if m.html.is_some()
            || limits.max_xml_elements < 4
            || limits.max_xml_attributes < 6
            || limits.xml_depth() < 2
        {
            return false;
        }
        let checked = [
            Some(m.from.as_str()),
            Some(m.to.as_str()),
            m.lang.as_deref(),
            Some(&*m.body),
        ];
        let unchecked = [m.id.as_deref(), m.subject, m.thread];
        let mut size = 160usize;
        for t in checked.into_iter().chain(unchecked).flatten() {
            if t.len() > limits.max_xml_token_bytes {
                return false;
            }
            size = size.saturating_add(t.len().saturating_mul(6));
        }
        if unchecked
            .into_iter()
            .flatten()
            .any(|t| find_invalid_char(t).is_some())
        {
            return false;
        }
        size <= limits.max_stanza_bytes
    }

    /// [`map_message_to_xmpp`] as it was before it read the header rows
    /// in one pass and From and To without copies of their URIs: the
    /// public accessors and mappers, kept as the reference.
    fn map_message_to_xmpp_reference<'a>(
        req: &'a SipMessage,
        cfg: &ImConfig,
        hints: &S2xHints<'a>,
    ) -> Result<Option<MappedMessage<'a>>, ImFault> {
        match req.method() {
            Some(Method::Message) => {}
            Some(m) => return Err(ImFault::Method(m.as_str().to_owned())),
            None => return Err(ImFault::Method(String::new())),
        }
        // RFC 3261 §8.2: what every request needs; From, To, Content-Type
        // and Subject are checked below as they are read, a malformed
        // Content-Language tag is dropped (IM-S-7), and headers the
        // translation does not use are ignored.
        let core = req.validate_core()?;
        if core.max_forwards == Some(0) {
            return Err(ImFault::TooManyHops);
        }
        let to_header = req.to_header()?;
        // RFC 7247 §8 (CORE-SEC-2): a sips To or Request-URI is not
        // translated, whether or not the Request-URI names a user.
        let is_sips = |uri: Option<&Uri>| matches!(uri, Some(Uri::Sip(u)) if u.is_sips());
        if !cfg.mapper.policy().allow_sips
            && (is_sips(Some(&to_header.uri)) || is_sips(req.request_uri()))
        {
            return Err(ImFault::Address {
                role: Role::Recipient,
                error: AddressError::Sips,
            });
        }
        let target = match req.request_uri() {
            Some(u @ Uri::Sip(s)) if s.user().is_some() => u,
            Some(u @ Uri::Im(i)) if i.local().is_some() => u,
            _ => &to_header.uri,
        };
        let to = cfg
            .mapper
            .uri_to_jid(target, Role::Recipient)
            .map_err(|error| ImFault::Address {
                role: Role::Recipient,
                error,
            })?;
        let from_header = req.from_header()?;
        let mut from = cfg
            .mapper
            .name_addr_to_jid(&from_header, Role::Sender)
            .map_err(|error| ImFault::Address {
                role: Role::Sender,
                error,
            })?;
        if let (true, Some(instance)) = (from.is_bare(), hints.instance) {
            from = from.with_resource(instance).map_err(|e| ImFault::Address {
                role: Role::Sender,
                error: AddressError::InvalidJid(e),
            })?;
        }
        let Some(text) = body_text_reference(req, cfg)? else {
            return Ok(None);
        };
        let (id, thread) = if cfg.table_complete {
            (
                core.top_via.params.into_value("branch"),
                Some(hints.thread.unwrap_or(core.call_id)),
            )
        } else {
            (None, None)
        };
        let mapped = MappedMessage {
            namespace: cfg.namespace,
            from: from.into(),
            to: to.into(),
            id,
            lang: content_language(req)
                .map(Cow::Borrowed)
                .or(text.lang.map(Cow::Owned)),
            subject: req.subject().filter(|s| !s.is_empty()),
            body: text.plain,
            thread,
            html: text.html,
        };
        if !certainly_reads_back_reference(&mapped, &cfg.limits) {
            // The exact checks, for the exact error.
            mapped.to_message(cfg)?;
        }
        Ok(Some(mapped))
    }

    /// The body as the reference reads it: the public accessors.
    fn body_text_reference<'r>(
        req: &'r SipMessage,
        cfg: &ImConfig,
    ) -> Result<Option<Text<'r>>, ImFault> {
        if req.body().is_empty() {
            return Ok(None);
        }
        if let Some(enc) = req.rows(HeaderName::ContentEncoding).next() {
            if !enc.trim().eq_ignore_ascii_case("identity") {
                return Err(ImFault::UnsupportedEncoding {
                    encoding: enc.to_owned(),
                });
            }
        }
        let ct = req.content_type()?.ok_or_else(|| {
            ImFault::BodySyntax("a body without Content-Type (RFC 3261 §20.15)".into())
        })?;
        typed_text(&ct, req.body(), cfg, 0)
    }

    /// A MESSAGE request from fragments: each header may be missing,
    /// repeated or malformed.
    fn request_strategy() -> impl proptest::strategy::Strategy<Value = String> {
        use proptest::prelude::*;
        let uri = || {
            prop_oneof![
                12 => "sip:[a-z]{1,6}@example\\.(com|net)",
                4 => "sip:juliet@example\\.com",
                1 => "sips:juliet@example\\.com|sip:example\\.com|tel:\\+1-201-555-0123|im:juliet@example\\.com|sip:a@b@c|sip:\\%41@x\\.com|sip:juliet@example\\.com;user=phone|sip:x@y\\.com;gr|sip:x@y\\.com;gr=b%20c",
            ]
        };
        // Mostly a good row; sometimes none, two, or a bad one.
        let header = |name: &'static str, good: BoxedStrategy<String>, bad: &'static str| {
            prop_oneof![
                40 => good.clone().prop_map(move |v| format!("{name}: {v}\r\n")),
                1 => Just(String::new()),
                1 => (good.clone(), good).prop_map(move |(a, b)| format!("{name}: {a}\r\n{name}: {b}\r\n")),
                1 => Just(format!("{name}: {bad}\r\n")),
            ]
        };
        let address = |params: &'static str| {
            (
                prop_oneof![3 => Just(""), 1 => Just("\"J\" ")],
                uri(),
                params,
            )
                .prop_map(|(d, u, p)| {
                    if d.is_empty() {
                        format!("{u}{p}")
                    } else {
                        format!("{d}<{u}>{p}")
                    }
                })
                .boxed()
        };
        (
            (prop_oneof![20 => "MESSAGE", 1 => "INVITE|OPTIONS"], uri()),
            header("Via", "SIP/2\\.0/TCP s2x\\.example\\.net;branch=z9hG4bK[a-z0-9]{1,8}|SIP/2\\.0/UDP h;rport;branch=\"a\\u{1}b\"".boxed(), "SIP/2.0 x"),
            header("Max-Forwards", "70|69|1|0".boxed(), "256"),
            header("To", address("|;tag=[a-z]{1,4}|;gr=x"), "<sip:a@b"),
            header("From", address("|;tag=[a-z]{1,4}|;gr=x|;gr=%zz|;gr"), "a b"),
            header("Call-ID", "[A-F0-9-]{1,12}(@[a-z.]{1,5})?".boxed(), "a b"),
            header("CSeq", "1 MESSAGE".boxed(), "2 INVITE"),
            header("Content-Type", "text/plain|Text/PLAIN|text/plain ;charset=utf-8|text/plain;charset=(UTF-8|us-ascii|latin1|koi8-r)|application/im-iscomposing\\+xml|text/html|image/png".boxed(), "text"),
            prop_oneof![6 => Just(String::new()), 1 => "Content-Encoding: (identity|gzip)\r\n"],
            prop_oneof![4 => Just(String::new()), 1 => "Subject: [a-z ]{0,6}\r\n"],
            prop_oneof![4 => Just(String::new()), 1 => "Content-Language: (en|fr, de|en_GB|x-toolongtag)\r\n"],
            "[a-zA-Z ,.\\n]{0,20}|[\\x00\\u{e9}\\r\\n]{0,3}",
        )
            .prop_map(
                |((method, ruri), via, mf, to, from, call_id, cseq, ct, enc, subject, lang, body)| {
                    // To often repeats the Request-URI: reuse it then.
                    let to = if to.starts_with("To: sip:juliet@example.com") {
                        to.replace("sip:juliet@example.com", &ruri)
                    } else {
                        to
                    };
                    format!(
                        "{method} {ruri} SIP/2.0\r\n{via}{mf}{to}{from}{call_id}{cseq}{ct}{enc}{subject}{lang}Content-Length: {}\r\n\r\n{body}",
                        body.len()
                    )
                },
            )
    }

    proptest::proptest! {
        /// The same mapped message or the same fault as the reference.
        #[test]
        fn map_message_to_xmpp_is_reference(
            text in request_strategy(),
            complete: bool,
            instance in proptest::option::of("[a-z]{1,5}| x"),
            thread in proptest::option::of("[a-z]{1,5}"),
            sip_domains in proptest::option::of(proptest::strategy::Just(vec!["example.net"])),
        ) {
            let Ok(req) = SipMessage::parse(text.as_bytes(), crate::sip::Framing::Stream) else {
                return Ok(());
            };
            let mut cfg = ImConfig::new("s2x.example.net", "TCP");
            cfg.table_complete = complete;
            if let Some(d) = sip_domains {
                cfg.mapper = crate::address::AddressMapper::new(
                    crate::address::Domains::only(d).unwrap(),
                    crate::address::Domains::any(),
                );
            }
            let hints = S2xHints { instance: instance.as_deref(), thread: thread.as_deref() };
            proptest::prop_assert_eq!(
                map_message_to_xmpp(&req, &cfg, &hints),
                map_message_to_xmpp_reference(&req, &cfg, &hints),
                "{}",
                text
            );
        }
    }

    proptest::proptest! {
        /// The same verdict as the reference.
        #[test]
        fn certainly_reads_back_is_reference(
            lang in proptest::option::of("[a-z]{0,3}"),
            body in "[a-z ]{0,40}",
            id in proptest::option::of("[a-z\u{0}\u{1}\u{fffe}\t\r\n\u{e9}]{0,30}"),
            subject in proptest::option::of("[a-z\u{0}\u{1}\u{fffe}\u{ffff}\u{e9}]{0,30}"),
            thread in proptest::option::of("[a-z\u{0}\r\u{e9}]{0,30}"),
            token in 0usize..48,
            stanza in 0usize..900,
            elements in 2usize..6,
        ) {
            let limits = ParseLimits {
                max_xml_token_bytes: token,
                max_stanza_bytes: stanza,
                max_xml_elements: elements,
                ..ParseLimits::DEFAULT
            };
            let m = MappedMessage {
                namespace: StanzaNamespace::Client,
                from: Jid::parse("romeo@example.net").unwrap().into(),
                to: Jid::parse("juliet@example.com/balcony").unwrap().into(),
                id: id.as_deref().map(Cow::Borrowed),
                lang: lang.as_deref().map(Cow::Borrowed),
                subject: subject.as_deref(),
                body: Cow::Borrowed(&body),
                thread: thread.as_deref(),
                html: None,
            };
            proptest::prop_assert_eq!(
                m.certainly_reads_back(&limits, [false, false]),
                certainly_reads_back_reference(&m, &limits)
            );
            // Texts said to be plain are those of token characters.
            let token = |t: Option<&str>| t.is_none_or(|t| t.bytes().all(|c| (0x21..=0x7e).contains(&c)));
            proptest::prop_assert_eq!(
                m.certainly_reads_back(&limits, [token(id.as_deref()), token(thread.as_deref())]),
                certainly_reads_back_reference(&m, &limits)
            );
        }

        /// The word-at-a-time check is its definition: TAB, LF, SP to DEL.
        #[test]
        fn plain_text_is_its_definition(
            body in proptest::collection::vec(
                proptest::prop_oneof![0x1eu8..0x81, proptest::num::u8::ANY],
                0..40,
            ),
        ) {
            proptest::prop_assert_eq!(
                is_plain_text(&body),
                body.iter().all(|&c| (0x20..=0x7f).contains(&c) || c == b'\t' || c == b'\n')
            );
        }

        /// Plain text is what the shortcuts take it for.
        #[test]
        fn plain_text_needs_no_check(
            body in proptest::collection::vec(
                proptest::prop_oneof![0x1eu8..0x81, proptest::num::u8::ANY],
                0..40,
            ),
        ) {
            if is_plain_text(&body) {
                let text = std::str::from_utf8(&body);
                proptest::prop_assert!(text.is_ok());
                proptest::prop_assert!(text.is_ok_and(|t| find_invalid_char(t).is_none() && !t.contains('\r')));
            }
        }
    }

    #[test]
    fn charsets() {
        assert_eq!(
            decode_text(b"caf\xe9", Some("ISO-8859-1"), false).unwrap(),
            "café"
        );
        assert_eq!(
            decode_text("café\r\nx".as_bytes(), None, false).unwrap(),
            "café\nx"
        );
        assert_eq!(
            decode_text(b"caf\xe9", None, true).unwrap_err(),
            ImFault::BadBody
        );
        assert_eq!(
            decode_text(b"a\x01b", None, false).unwrap_err(),
            ImFault::BadBody
        );
        assert_eq!(decode_text(b"a\x01b", None, true).unwrap(), "ab");
        assert!(matches!(
            decode_text(b"x", Some("koi8-r"), false),
            Err(ImFault::UnsupportedCharset { .. })
        ));
    }
}
