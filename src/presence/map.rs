//! The stateless notification mappings of RFC 8048 §6: Table P1 (XMPP
//! `<presence/>` → PIDF, X2S) and Table P2 (PIDF → XMPP `<presence/>`,
//! S2X), the PIDF processing rules and the optional RPID profile of
//! `presence.md` §6.2 and §7, and the priority conversion of §6.3.
//!
//! The functions know nothing of dialogs: the caller translates a
//! notification only inside a notification dialog whose watcher is the
//! recipient (PRES-D-13, PRES-SEC-4), and every address a result carries
//! comes from the input it was given.

use std::borrow::Cow;

use super::config::{
    ContactPolicy, EmptyFirstActive, EntityScheme, MustUnderstand, NotificationAddressing,
    PresenceMapConfig, RpidProfile,
};
use super::fault::{PresenceFault, UnusableBody};
use crate::address::{AddressError, Role, UriScheme};
use crate::jid::Jid;
use crate::mime::MediaType;
use crate::pidf::{
    Activity, Basic, Contact, Id, InputState, NS_DATA_MODEL, NS_RPID, Note, Person, Pidf, Priority,
    Tuple, is_pidf, text_of,
};
use crate::sip::{HeaderError, Method, SipMessage};
use crate::uri::Uri;
use crate::xmpp::minidom::Element;
use crate::xmpp::{Presence, PresenceBuilder, PresenceType, Show, StanzaConfig};

/// The namespace of the `<show/>` element RFC 8048 §6.2 note 7 carries
/// inside a PIDF `<status>`: `<show xmlns='jabber:client'>away</show>`.
pub const NS_SHOW: &str = "jabber:client";

// ---- Priorities (§6.3, TV-PRES-38) ----

/// The PIDF `priority` for an XMPP `<priority/>` (Table P1, PRES-NTF-8/9):
/// none for a negative priority; `floor(p × 1000 / 127) / 1000` for 0 to
/// 127, written with three decimals. That maps 0 to `0.000` and 127 to
/// `1.000`, reproduces RFC 8048's examples (1 → `0.007`, 2 → `0.015`,
/// 126 → `0.992`) and gives each of the 128 values its own priority, so
/// [`priority_to_xmpp`] gives it back.
///
/// | XMPP | PIDF |
/// |---|---|
/// | -128, -1 | none |
/// | 0 | `0.000` |
/// | 1 | `0.007` |
/// | 2 | `0.015` |
/// | 64 | `0.503` |
/// | 126 | `0.992` |
/// | 127 | `1.000` |
///
/// ```
/// use sip_xmpp::presence::map::priority_to_pidf;
/// assert_eq!(priority_to_pidf(1).unwrap().as_str(), "0.007");
/// assert_eq!(priority_to_pidf(127).unwrap().as_str(), "1.000");
/// assert_eq!(priority_to_pidf(-1), None);
/// ```
pub fn priority_to_pidf(priority: i8) -> Option<Priority> {
    let p = u32::try_from(priority).ok()?;
    Priority::from_thousandths(u16::try_from(p * 1000 / 127).ok()?)
}

/// The XMPP `<priority/>` for a PIDF `priority` (Table P2): `round(q ×
/// 127)`, halves rounded up, so 0 to 127. A priority outside 0 to 1 never
/// gets here: the PIDF reader ignores it (RFC 3863 §4.1.5).
///
/// | PIDF | XMPP |
/// |---|---|
/// | `0.000` | 0 |
/// | `0.007` | 1 |
/// | `0.015` | 2 |
/// | `0.5` | 64 |
/// | `0.503` | 64 |
/// | `0.992` | 126 |
/// | `1.000` | 127 |
///
/// ```
/// use sip_xmpp::pidf::Priority;
/// use sip_xmpp::presence::map::priority_to_xmpp;
/// assert_eq!(priority_to_xmpp(&Priority::parse("0.5").unwrap()), 64);
/// assert_eq!(priority_to_xmpp(&Priority::parse("0.992").unwrap()), 126);
/// assert!(Priority::parse("1.5").is_err());
/// ```
pub fn priority_to_xmpp(priority: &Priority) -> i8 {
    let p = (u32::from(priority.thousandths()) * 127 + 500) / 1000;
    i8::try_from(p).unwrap_or(i8::MAX)
}

// ---- X2S: Table P1 ----

/// A notification mapped from an XMPP `<presence/>` (Table P1): what the
/// NOTIFY in the watcher's notification dialog carries.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PidfNotification {
    /// The stanza's `to` as a SIP URI (Table P1 `to` → To): the watcher
    /// whose notification dialog the NOTIFY belongs in. The only
    /// recipient the notification may go to (PRES-SEC-4).
    pub watcher: Uri,
    /// The document: one tuple for the sending resource (PRES-NTF-12).
    pub pidf: Pidf,
    /// Content-Language: the stanza's `xml:lang` in force, when it is a
    /// language tag SIP can carry.
    pub content_language: Option<String>,
}

impl PidfNotification {
    /// The NOTIFY body, its Content-Type and Content-Language.
    pub fn body(&self) -> NotifyBody {
        notify_body(&self.pidf, self.content_language.as_deref())
    }
}

/// A PIDF NOTIFY body with the headers that describe it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NotifyBody {
    /// `application/pidf+xml` (RFC 3863 §7).
    pub content_type: MediaType<'static>,
    /// Content-Language, if any.
    pub content_language: Option<String>,
    /// The document, written as [`Pidf::write_to`] describes.
    pub bytes: Vec<u8>,
}

impl NotifyBody {
    /// Puts the body into a NOTIFY: Content-Type, Content-Language (an
    /// existing one is removed when there is none), the body, and
    /// Content-Length when the message has that header.
    ///
    /// ```
    /// use sip_xmpp::pidf::{Basic, Id, Pidf, Tuple};
    /// use sip_xmpp::presence::map::notify_body;
    /// use sip_xmpp::sip::{Method, RequestBuilder, Via};
    /// let mut notify = RequestBuilder::new(Method::Notify, "sip:romeo@example.net;gr=dr4hcr0st3lup4c".parse()?)
    ///     .via(&Via::new("TCP", "s2x.example.net", None, "z9hG4bKntfy0003"))
    ///     .max_forwards(70)
    ///     .header("From", "<sip:juliet@example.com>;tag=ur93")
    ///     .header("To", "<sip:romeo@example.net>;tag=xfg9")
    ///     .call_id("AA5A8BE5-CBB7-42B9-8181-6230012B1E11")
    ///     .cseq(3)
    ///     .header("Event", "presence")
    ///     .header("Subscription-State", "active;expires=599")
    ///     .build()?;
    /// let pidf = Pidf::new("pres:juliet@example.com".parse()?)
    ///     .with_tuple(Tuple::new(Id::from_resource("yn0cl4bnw0yr3vym"), Basic::Open));
    /// notify_body(&pidf, Some("en")).apply(&mut notify)?;
    /// assert_eq!(notify.header("Content-Type"), Some("application/pidf+xml"));
    /// assert_eq!(notify.header("Content-Language"), Some("en"));
    /// assert_eq!(notify.body(), pidf.to_bytes());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn apply(self, notify: &mut SipMessage) -> Result<(), HeaderError> {
        notify.remove_header("Content-Language");
        if let Some(lang) = &self.content_language {
            notify.set_header("Content-Language", lang)?;
        }
        notify.set_body(Some(&self.content_type), self.bytes)
    }
}

/// The NOTIFY body for a document: its bytes, `Content-Type:
/// application/pidf+xml` and the given Content-Language.
///
/// ```
/// use sip_xmpp::pidf::{Basic, Id, Pidf, Tuple};
/// use sip_xmpp::presence::map::notify_body;
/// let pidf = Pidf::new("pres:juliet@example.com".parse()?)
///     .with_tuple(Tuple::new(Id::from_resource("yn0cl4bnw0yr3vym"), Basic::Closed));
/// let body = notify_body(&pidf, None);
/// assert_eq!(body.content_type.to_string(), "application/pidf+xml");
/// assert_eq!(body.bytes.len(), 249); // PIDF-J-CLOSED
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn notify_body(pidf: &Pidf, content_language: Option<&str>) -> NotifyBody {
    NotifyBody {
        content_type: MediaType::new("application", "pidf+xml"),
        content_language: content_language.map(str::to_owned),
        bytes: pidf.to_bytes(),
    }
}

/// RFC 8048 Table P1 (§6.2, PRES-NTF-1): an XMPP presence notification to
/// the PIDF document of a NOTIFY.
///
/// Only a presence without `type` or with `type='unavailable'` is a
/// notification (PRES-NTF-2); any other type is
/// [`PresenceFault::NotANotification`]. The document has:
///
/// - `entity`: the sender's bare JID as a `pres:` URI (RFC 7247 §6.5; or
///   `sip:` by [`EntityScheme`]);
/// - one tuple (PRES-NTF-12), id `ID-` + the sender's resourcepart made an
///   `xs:ID` ([`Id::from_resource`], PRES-NTF-3; a bare `from` gives
///   `ID-`, which maps back to the bare JID);
/// - `<basic>open</basic>` without `type`, `closed` for `unavailable`
///   (PRES-NTF-5/6);
/// - `<show xmlns='jabber:client'>` inside `<status>` when the stanza has
///   a `<show/>` and is available (PRES-NTF-10);
/// - `<contact priority>` for a `<priority/>` of 0 or more
///   ([`priority_to_pidf`], PRES-NTF-8/9), its URI the sender mapped to
///   SIP with the resource as `gr`; by default no `<contact>` otherwise
///   ([`ContactPolicy`], PRES-D-12);
/// - one `<note xml:lang>` per `<status/>`, with the language in force;
/// - with the [`RpidProfile`] on, a `<dm:person>` with the activity for
///   `away`, `xa` or `dnd` (`presence.md` §7).
///
/// The stanza's `id` is not mapped (PRES-NTF-4). No timestamp is written:
/// the crate reads no clock; set `pidf.tuples[0].timestamp` from the
/// caller's clock if wanted.
///
/// ```
/// use sip_xmpp::presence::{PresenceMapConfig, map::presence_to_pidf};
/// use sip_xmpp::xmpp::{PresenceBuilder, Show};
/// let p = PresenceBuilder::new()
///     .from("juliet@example.com/yn0cl4bnw0yr3vym")
///     .to("romeo@example.net")
///     .show(Show::Away)
///     .build()?;
/// let n = presence_to_pidf(&p, &PresenceMapConfig::default())?;
/// assert_eq!(n.watcher.as_str(), "sip:romeo@example.net");
/// assert_eq!(n.pidf.entity.as_str(), "pres:juliet@example.com");
/// assert_eq!(n.pidf.tuples[0].id.as_str(), "ID-yn0cl4bnw0yr3vym");
/// assert_eq!(n.body().bytes.len(), 294); // PIDF-J-OPEN-AWAY, RFC 8048 Example 19
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn presence_to_pidf(
    presence: &Presence,
    cfg: &PresenceMapConfig,
) -> Result<PidfNotification, PresenceFault> {
    let basic = match presence.presence_type() {
        PresenceType::Available => Basic::Open,
        PresenceType::Unavailable => Basic::Closed,
        presence_type => return Err(PresenceFault::NotANotification { presence_type }),
    };
    let from = jid_of(presence.from(), Role::Sender)?;
    let to = jid_of(presence.to(), Role::Recipient)?;
    let watcher = cfg
        .mapper
        .jid_to_uri(&to, Role::Recipient)
        .map_err(address(Role::Recipient))?;
    let entity_scheme = match cfg.entity_scheme {
        EntityScheme::Pres => UriScheme::Pres,
        EntityScheme::Sip => UriScheme::Sip,
    };
    let entity = cfg
        .mapper
        .jid_to_uri_as(&from.bare(), Role::Sender, entity_scheme)
        .map_err(address(Role::Sender))?;

    let mut tuple = Tuple::new(
        Id::from_resource(from.resource().unwrap_or_default()),
        basic,
    );
    let show = presence.show().filter(|_| basic == Basic::Open);
    if let Some(show) = show {
        tuple = tuple.with_status_extension(show_element(show));
    }
    let priority = explicit_priority(presence).and_then(priority_to_pidf);
    if priority.is_some() || cfg.contact == ContactPolicy::Always {
        let scheme = match cfg.mapper.policy().scheme {
            UriScheme::Sips => UriScheme::Sips,
            _ => UriScheme::Sip,
        };
        let uri = cfg
            .mapper
            .jid_to_uri_as(&from, Role::Sender, scheme)
            .map_err(address(Role::Sender))?;
        tuple = tuple.with_contact(Contact { uri, priority });
    }
    for (lang, text) in presence.statuses() {
        tuple = tuple.with_note(Note::new(lang, text));
    }
    let person = match (cfg.rpid, show) {
        (RpidProfile::On { xa_user_input_idle }, Some(show)) => {
            rpid_person(&tuple.id, show, xa_user_input_idle)
        }
        _ => None,
    };
    let mut pidf = Pidf::new(entity).with_tuple(tuple);
    if let Some(person) = person {
        pidf = pidf.with_person(person);
    }
    Ok(PidfNotification {
        watcher,
        pidf,
        content_language: presence
            .lang()
            .filter(|l| is_language_tag(l))
            .map(str::to_owned),
    })
}

/// `<show xmlns='jabber:client'>value</show>`.
fn show_element(show: Show) -> Element {
    Element::builder("show", NS_SHOW)
        .append(show.as_str())
        .build()
}

/// The `<priority/>` when the stanza has the element (an absent one reads
/// as 0 but is not mapped).
fn explicit_priority(presence: &Presence) -> Option<i8> {
    let ns = presence.namespace().as_str();
    presence
        .as_element()
        .get_child("priority", ns)
        .map(|_| presence.priority())
}

/// The `<dm:person>` of the RPID profile for a `<show/>` (`presence.md`
/// §7): `away` and `xa` → `<rpid:away/>`, `dnd` → `<rpid:busy/>`, `chat` →
/// nothing. Its id is the tuple's with `P` in front, so the two differ.
fn rpid_person(tuple_id: &Id, show: Show, xa_user_input_idle: bool) -> Option<Person> {
    let activity = match show {
        Show::Away | Show::Xa => Activity::Away,
        Show::Dnd => Activity::Busy,
        Show::Chat => return None,
    };
    let id = Id::parse(&format!("P{tuple_id}")).ok()?;
    let person = Person::new(id).with_activities([activity]);
    Some(if show == Show::Xa && xa_user_input_idle {
        person.with_user_input(InputState::Idle)
    } else {
        person
    })
}

/// A language tag as RFC 3261 §20.13 writes one in Content-Language:
/// `1*8ALPHA *("-" 1*8alphanum)`.
fn is_language_tag(s: &str) -> bool {
    !s.is_empty()
        && s.split('-').enumerate().all(|(i, t)| {
            (1..=8).contains(&t.len())
                && if i == 0 {
                    t.bytes().all(|b| b.is_ascii_alphabetic())
                } else {
                    t.bytes().all(|b| b.is_ascii_alphanumeric())
                }
        })
}

fn jid_of(value: Option<&str>, role: Role) -> Result<Jid, PresenceFault> {
    let v = value.ok_or(PresenceFault::MissingAddress { role })?;
    Jid::parse(v).map_err(|e| PresenceFault::Address {
        role,
        error: AddressError::InvalidJid(e),
    })
}

fn address(role: Role) -> impl Fn(AddressError) -> PresenceFault {
    move |error| PresenceFault::Address { role, error }
}

// ---- S2X: Table P2 ----

/// The SIP side of a NOTIFY that the stanzas are made from (Table P2).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NotifyContext {
    /// From: the presentity's address of record; gives `from`.
    pub from: Uri,
    /// To: the watcher; gives `to`, the only recipient (PRES-SEC-4).
    pub to: Uri,
    /// The Request-URI, read by the RFC-literal addressing
    /// ([`NotificationAddressing::RfcLiteral`]) for its GRUU.
    pub request_uri: Option<Uri>,
    /// The first Content-Language tag; gives `xml:lang`.
    pub content_language: Option<String>,
}

impl NotifyContext {
    /// A context with From and To only.
    pub fn new(from: Uri, to: Uri) -> Self {
        NotifyContext {
            from,
            to,
            request_uri: None,
            content_language: None,
        }
    }

    /// Sets the Request-URI.
    #[must_use]
    pub fn with_request_uri(mut self, uri: Uri) -> Self {
        self.request_uri = Some(uri);
        self
    }

    /// Sets the Content-Language.
    #[must_use]
    pub fn with_content_language(mut self, lang: impl Into<String>) -> Self {
        self.content_language = Some(lang.into());
        self
    }

    /// The context of a NOTIFY: the URIs of From and To, the
    /// Request-URI, the first valid Content-Language tag.
    pub fn from_notify(notify: &SipMessage) -> Result<Self, PresenceFault> {
        Self::read(notify, true)
    }

    /// [`from_notify`](Self::from_notify), with the Request-URI only when
    /// `request_uri` (the addressing that reads it).
    fn read(notify: &SipMessage, request_uri: bool) -> Result<Self, PresenceFault> {
        Ok(NotifyContext {
            from: notify.from_header()?.uri,
            to: notify.to_header()?.uri,
            request_uri: notify.request_uri().filter(|_| request_uri).cloned(),
            content_language: notify
                .content_language()
                .find_map(Result::ok)
                .map(str::to_owned),
        })
    }
}

/// RFC 8048 Table P2 (§6.3, PRES-NTF-13): a PIDF document to XMPP
/// presence stanzas, one per usable tuple in document order.
///
/// - `from`: From mapped to a bare JID (RFC 7247 §6.4), with the tuple's
///   resource: its id without `ID-` and with the `_xHHHH_` sequences
///   decoded ([`Id::to_resource`]), else the `gr` of its `<contact>`, else
///   none. The PIDF `entity` is not used: From is trusted.
/// - `to`: the bare JID of To (or the RFC-literal form,
///   [`NotificationAddressing`]).
/// - `<basic>open</basic>` → no `type`, `closed` → `unavailable`
///   (PRES-NTF-14/15); a tuple without a valid `<basic>` is skipped.
/// - `<show xmlns='jabber:client'>` → `<show/>` for `away`, `chat`, `dnd`,
///   `xa`, anything else dropped (PRES-NTF-16); only on available stanzas.
///   With the [`RpidProfile`] on, a tuple without one takes the
///   strongest show its activities give (`dnd` over `xa` over `away`).
/// - `<contact priority>` → `<priority/>` ([`priority_to_xmpp`]).
/// - The tuple's notes, then the document's, → `<status xml:lang>`, one
///   per language (the first wins).
/// - Content-Language → `xml:lang`.
///
/// A document without tuples gives one `unavailable` from the bare JID.
/// A document with an element marked `mustUnderstand` gives
/// [`UnusableBody::MustUnderstand`] unless [`MustUnderstand`] says to
/// ignore the mark (V-PRES-6).
///
/// ```
/// use sip_xmpp::pidf::Pidf;
/// use sip_xmpp::presence::{PresenceMapConfig, map::{NotifyContext, pidf_to_presence}};
/// use sip_xmpp::xmpp::Show;
/// let body = "<?xml version='1.0' encoding='UTF-8'?>\r\n\
///   <presence xmlns='urn:ietf:params:xml:ns:pidf' entity='pres:romeo@example.net'>\
///   <tuple id='ID-dr4hcr0st3lup4c'><status><basic>open</basic>\
///   <show xmlns='jabber:client'>away</show></status></tuple></presence>";
/// let pidf = Pidf::parse(body.as_bytes(), &Default::default())?;
/// let ctx = NotifyContext::new("sip:romeo@example.net".parse()?, "sip:juliet@example.com".parse()?);
/// let stanzas = pidf_to_presence(&pidf, &ctx, &PresenceMapConfig::default())?;
/// assert_eq!(stanzas[0].from(), Some("romeo@example.net/dr4hcr0st3lup4c"));
/// assert_eq!(stanzas[0].to(), Some("juliet@example.com"));
/// assert_eq!(stanzas[0].show(), Some(Show::Away)); // RFC 8048 Example 6, with its <show/>
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn pidf_to_presence(
    pidf: &Pidf,
    ctx: &NotifyContext,
    cfg: &PresenceMapConfig,
) -> Result<Vec<Presence>, PresenceFault> {
    if cfg.must_understand == MustUnderstand::DropDocument {
        if let Some(el) = pidf.first_must_understand() {
            return Err(UnusableBody::MustUnderstand {
                name: el.name().to_owned(),
                namespace: el.ns(),
            }
            .into());
        }
    }
    let (from, to) = addresses(ctx, cfg)?;
    let lang = ctx.content_language.as_deref();
    let stanza_lang = lang.or(cfg.default_lang.as_deref());
    if pidf.tuples.is_empty() {
        let parts = Parts {
            from: &from,
            to: &to,
            presence_type: PresenceType::Unavailable,
            show: None,
            priority: None,
            statuses: statuses(&[], &pidf.notes, stanza_lang),
        };
        return Ok(vec![build(parts, lang, cfg)?]);
    }
    let rpid = if cfg.rpid.is_on() {
        rpid_show(pidf)
    } else {
        None
    };
    let mut out = Vec::with_capacity(pidf.tuples.len());
    for tuple in &pidf.tuples {
        let Some(basic) = tuple.basic() else {
            continue;
        };
        let full = match cfg.addressing {
            NotificationAddressing::FullFromBareTo => with_tuple_resource(&from, tuple),
            NotificationAddressing::RfcLiteral => from.clone(),
        };
        let (presence_type, show) = match basic {
            Basic::Open => (PresenceType::Available, tuple_show(tuple).or(rpid)),
            Basic::Closed => (PresenceType::Unavailable, None),
        };
        let parts = Parts {
            from: &full,
            to: &to,
            presence_type,
            show,
            priority: tuple
                .contact
                .as_ref()
                .and_then(|c| c.priority.as_ref())
                .map(priority_to_xmpp),
            statuses: statuses(&tuple.notes, &pidf.notes, stanza_lang),
        };
        out.push(build(parts, lang, cfg)?);
    }
    Ok(out)
}

/// The stanza for a first `active` NOTIFY without a body (PRES-SUB-5,
/// TV-PRES-8b, V-PRES-3): nothing by default (availability unknown); an
/// `unavailable` from the contact's bare JID with
/// [`EmptyFirstActive::Closed`].
///
/// ```
/// use sip_xmpp::presence::{EmptyFirstActive, PresenceMapConfig};
/// use sip_xmpp::presence::map::{NotifyContext, first_active_without_body};
/// let ctx = NotifyContext::new("sip:romeo@example.net".parse()?, "sip:juliet@example.com".parse()?);
/// let mut cfg = PresenceMapConfig::default();
/// assert!(first_active_without_body(&ctx, &cfg)?.is_none());
/// cfg.empty_first_active = EmptyFirstActive::Closed;
/// let p = first_active_without_body(&ctx, &cfg)?.unwrap();
/// assert_eq!(p.from(), Some("romeo@example.net"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn first_active_without_body(
    ctx: &NotifyContext,
    cfg: &PresenceMapConfig,
) -> Result<Option<Presence>, PresenceFault> {
    match cfg.empty_first_active {
        EmptyFirstActive::Unknown => Ok(None),
        EmptyFirstActive::Closed => {
            let (from, to) = addresses(ctx, cfg)?;
            let parts = Parts {
                from: &from,
                to: &to,
                presence_type: PresenceType::Unavailable,
                show: None,
                priority: None,
                statuses: Vec::new(),
            };
            build(parts, None, cfg).map(Some)
        }
    }
}

/// What a NOTIFY's body gives (`presence.md` §6.2). In every case the
/// NOTIFY itself is answered 200.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum NotifyContent {
    /// The stanzas to send, one per usable tuple in document order
    /// (none when no tuple has a valid `<basic>`).
    Presence(Vec<Presence>),
    /// No body: the previous document stays current (PRES-D-9). On the
    /// first `active` NOTIFY, see [`first_active_without_body`].
    Empty,
    /// A body the mapping does not use: nothing is sent.
    Unusable(UnusableBody),
}

/// A NOTIFY to the stanzas of its body: [`pidf_to_presence`] on the
/// PIDF, with From, To, the Request-URI and Content-Language read from
/// the message. An empty body is [`NotifyContent::Empty`]; a
/// Content-Type other than `application/pidf+xml`, a body that is not a
/// PIDF document and one with a `mustUnderstand` element are
/// [`NotifyContent::Unusable`]. Errors are for the message itself: not a
/// NOTIFY, From or To malformed, an address that does not map.
///
/// Whether the NOTIFY belongs to a dialog, and whether its
/// Subscription-State allows a stanza (none for `pending`, PRES-SUB-3),
/// is the caller's to check.
///
/// ```
/// use sip_xmpp::presence::{PresenceMapConfig, map::{NotifyContent, notify_to_presence}};
/// use sip_xmpp::sip::{Framing, SipMessage};
/// let body = "<?xml version='1.0' encoding='UTF-8'?>\r\n\
///   <presence xmlns='urn:ietf:params:xml:ns:pidf' entity='pres:romeo@example.net'>\
///   <tuple id='ID-dr4hcr0st3lup4c'><status><basic>closed</basic></status></tuple></presence>";
/// let msg = format!("NOTIFY sip:juliet@example.com;gr=yn0cl4bnw0yr3vym SIP/2.0\r\n\
///   Via: SIP/2.0/TCP simple.example.net;branch=z9hG4bKntfy0003\r\nMax-Forwards: 70\r\n\
///   From: <sip:romeo@example.net>;tag=ffd2\r\nTo: <sip:juliet@example.com>;tag=j89d\r\n\
///   Call-ID: 5BCF940D-793D-43F8-8972-218F7F4EAA8C\r\nCSeq: 3 NOTIFY\r\nEvent: presence\r\n\
///   Subscription-State: active;expires=499\r\nContent-Type: application/pidf+xml\r\n\
///   Content-Length: {}\r\n\r\n{body}", body.len());
/// let notify = SipMessage::parse(msg.as_bytes(), Framing::Stream)?;
/// let NotifyContent::Presence(stanzas) = notify_to_presence(&notify, &PresenceMapConfig::default())? else {
///     panic!("a PIDF body gives stanzas");
/// };
/// assert_eq!(stanzas[0].from(), Some("romeo@example.net/dr4hcr0st3lup4c"));
/// assert_eq!(stanzas[0].to(), Some("juliet@example.com"));
/// assert_eq!(stanzas[0].presence_type(), sip_xmpp::xmpp::PresenceType::Unavailable);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn notify_to_presence(
    notify: &SipMessage,
    cfg: &PresenceMapConfig,
) -> Result<NotifyContent, PresenceFault> {
    if notify.method() != Some(&Method::Notify) {
        return Err(PresenceFault::NotNotify);
    }
    // Only the RFC-literal addressing reads the Request-URI.
    let ctx = NotifyContext::read(notify, cfg.addressing == NotificationAddressing::RfcLiteral)?;
    notify_to_presence_in(notify, &ctx, cfg)
}

/// [`notify_to_presence`] with the addresses of `ctx` rather than those
/// the NOTIFY names: a subscriber that holds the notification dialog
/// passes the dialog's remote and local URIs, so that the stanzas come
/// from the presentity it subscribed to and go to the watcher that
/// subscribed, whatever From and To a notifier writes (PRES-SEC-4).
pub fn notify_to_presence_in(
    notify: &SipMessage,
    ctx: &NotifyContext,
    cfg: &PresenceMapConfig,
) -> Result<NotifyContent, PresenceFault> {
    if notify.method() != Some(&Method::Notify) {
        return Err(PresenceFault::NotNotify);
    }
    if notify.body().is_empty() {
        return Ok(NotifyContent::Empty);
    }
    let unusable_type = |content_type: Option<String>| {
        Ok(NotifyContent::Unusable(UnusableBody::ContentType {
            content_type,
        }))
    };
    match notify.content_type() {
        Ok(Some(ct)) if is_pidf(&ct) => {}
        Ok(None) => return unusable_type(None),
        Ok(Some(_)) | Err(_) => {
            return unusable_type(notify.header("Content-Type").map(str::to_owned));
        }
    }
    let pidf = match Pidf::parse(notify.body(), &cfg.limits) {
        Ok(pidf) => pidf,
        Err(e) => return Ok(NotifyContent::Unusable(UnusableBody::Malformed(e))),
    };
    match pidf_to_presence(&pidf, ctx, cfg) {
        Ok(stanzas) => Ok(NotifyContent::Presence(stanzas)),
        Err(PresenceFault::Unusable(u)) => Ok(NotifyContent::Unusable(u)),
        Err(e) => Err(e),
    }
}

/// `from` (bare) and `to` of the stanzas made from a NOTIFY.
fn addresses(ctx: &NotifyContext, cfg: &PresenceMapConfig) -> Result<(Jid, Jid), PresenceFault> {
    let from = cfg
        .mapper
        .uri_to_jid(&ctx.from, Role::Sender)
        .map_err(address(Role::Sender))?
        .into_bare();
    let to = cfg
        .mapper
        .uri_to_jid(&ctx.to, Role::Recipient)
        .map_err(address(Role::Recipient))?
        .into_bare();
    let to = match (cfg.addressing, &ctx.request_uri) {
        (NotificationAddressing::RfcLiteral, Some(target)) => {
            match cfg.mapper.uri_to_jid(target, Role::Recipient) {
                // The Request-URI names an instance of the watcher, and
                // nobody else (PRES-SEC-4).
                Ok(full) if full.bare() == to => full,
                _ => to,
            }
        }
        _ => to,
    };
    Ok((from, to))
}

/// The bare JID with the tuple's resource: from its id, else from the
/// `gr` of its contact; the bare JID when neither is a valid resourcepart.
fn with_tuple_resource(bare: &Jid, tuple: &Tuple) -> Jid {
    tuple
        .id
        .resource()
        .into_iter()
        .chain(
            tuple
                .contact
                .as_ref()
                .and_then(Contact::gruu)
                .map(Cow::Owned),
        )
        .find_map(|r| bare.with_resource(&r).ok())
        .unwrap_or_else(|| bare.clone())
}

/// The first `<show xmlns='jabber:client'>` of the tuple's status with a
/// value RFC 6121 defines.
fn tuple_show(tuple: &Tuple) -> Option<Show> {
    tuple
        .status
        .extensions
        .iter()
        .filter(|e| e.is("show", NS_SHOW))
        .find_map(|e| show_named(&text_of(e)))
}

fn show_named(s: &str) -> Option<Show> {
    match s.trim_matches([' ', '\t', '\r', '\n']) {
        "away" => Some(Show::Away),
        "chat" => Some(Show::Chat),
        "dnd" => Some(Show::Dnd),
        "xa" => Some(Show::Xa),
        _ => None,
    }
}

/// The show the RPID activities of the document give (`presence.md` §7):
/// the strongest over every activity of every person, typed or kept.
fn rpid_show(pidf: &Pidf) -> Option<Show> {
    let typed = pidf
        .persons
        .iter()
        .flat_map(|p| p.all_activities())
        .map(|a| activity_show(a.name().unwrap_or("other")));
    // Activities the typed model does not hold: an `<rpid:activities>`
    // with an element RFC 4480 does not list, or a person kept whole.
    let kept_lists = pidf
        .persons
        .iter()
        .flat_map(|p| p.extensions.iter())
        .chain(
            pidf.extensions
                .iter()
                .filter(|e| e.is("person", NS_DATA_MODEL))
                .flat_map(Element::children),
        )
        .filter(|e| e.is("activities", NS_RPID));
    let kept = kept_lists
        .flat_map(Element::children)
        .filter(|e| e.has_ns(NS_RPID) && e.name() != "note")
        .map(|e| activity_show(e.name()));
    typed.chain(kept).max_by_key(|s| show_rank(*s))
}

/// `presence.md` §7, column "RPID seen by S2X".
fn activity_show(name: &str) -> Show {
    match name {
        "away" => Show::Away,
        "vacation" | "holiday" | "permanent-absence" | "sleeping" => Show::Xa,
        "busy" | "on-the-phone" | "meeting" | "appointment" | "presentation" | "performance" => {
            Show::Dnd
        }
        _ => Show::Away,
    }
}

/// Which show wins when activities disagree: the least available.
fn show_rank(show: Show) -> u8 {
    match show {
        Show::Chat => 0,
        Show::Away => 1,
        Show::Xa => 2,
        Show::Dnd => 3,
    }
}

/// Statuses from notes, one per language in force (XMPP allows no two
/// `<status/>` in one language): the first note wins. A note in the
/// stanza's language is written without `xml:lang`.
fn statuses<'a>(
    tuple_notes: &'a [Note],
    doc_notes: &'a [Note],
    stanza_lang: Option<&'a str>,
) -> Vec<(Option<&'a str>, &'a str)> {
    let mut seen: Vec<Option<&str>> = Vec::new();
    let mut out = Vec::new();
    for note in tuple_notes.iter().chain(doc_notes) {
        let lang = note.lang.as_deref().or(stanza_lang);
        if seen.iter().any(|l| same_lang(*l, lang)) {
            continue;
        }
        seen.push(lang);
        let attr = if same_lang(lang, stanza_lang) {
            None
        } else {
            lang
        };
        out.push((attr, note.text.as_str()));
    }
    out
}

/// Language tags compare without regard to ASCII case (RFC 5646 §2.1.1).
fn same_lang(a: Option<&str>, b: Option<&str>) -> bool {
    match (a, b) {
        (None, None) => true,
        (Some(a), Some(b)) => a.eq_ignore_ascii_case(b),
        _ => false,
    }
}

/// What one stanza made from a NOTIFY holds.
struct Parts<'a> {
    from: &'a Jid,
    to: &'a Jid,
    presence_type: PresenceType,
    show: Option<Show>,
    priority: Option<i8>,
    statuses: Vec<(Option<&'a str>, &'a str)>,
}

fn build(
    parts: Parts<'_>,
    lang: Option<&str>,
    cfg: &PresenceMapConfig,
) -> Result<Presence, PresenceFault> {
    let mut b = PresenceBuilder::new()
        .namespace(cfg.namespace)
        .from(parts.from.as_str())
        .to(parts.to.as_str())
        .presence_type(parts.presence_type);
    if let Some(lang) = lang {
        b = b.lang(lang);
    }
    if let Some(show) = parts.show {
        b = b.show(show);
    }
    for (lang, text) in parts.statuses {
        b = b.status(lang, text);
    }
    if let Some(p) = parts.priority {
        b = b.priority(p);
    }
    let stanza_cfg = StanzaConfig {
        default_namespace: cfg.namespace,
        default_lang: cfg.default_lang.clone(),
        limits: cfg.limits,
    };
    Ok(b.build_with(&stanza_cfg)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn language_tags() {
        for ok in ["en", "en-US", "i-klingon", "de-1996", "zh-Hant-TW"] {
            assert!(is_language_tag(ok), "{ok}");
        }
        for bad in [
            "",
            "-",
            "en-",
            "1en",
            "en_US",
            "toolongtag",
            "en-toolongtag",
            "*",
        ] {
            assert!(!is_language_tag(bad), "{bad}");
        }
    }

    #[test]
    fn every_priority_comes_back() {
        for p in 0..=127i8 {
            let pidf = priority_to_pidf(p).unwrap();
            assert_eq!(priority_to_xmpp(&pidf), p, "{}", pidf.as_str());
        }
        for p in -128..0i8 {
            assert_eq!(priority_to_pidf(p), None);
        }
    }

    #[test]
    fn rpid_ranks() {
        assert_eq!(activity_show("lunch"), Show::Away);
        assert_eq!(activity_show("sleeping"), Show::Xa);
        assert!(show_rank(Show::Dnd) > show_rank(Show::Xa));
        assert!(show_rank(Show::Xa) > show_rank(Show::Away));
    }
}
