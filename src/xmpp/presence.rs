//! `<presence/>` (RFC 6121 §4.7).

use minidom::Element;

use super::error::{BuildError, Child, StanzaFault};
use super::stanza::builder_setters;
use super::stanza::{
    Core, Stanza, StanzaConfig, StanzaKind, StanzaNamespace, built_wrong_kind, check_lang_children,
    common_accessors, finish_built, lang_texts, leaf_text, payloads, set_attr, set_lang,
    single_leaf, text_element, text_for_lang, trim_space,
};
use super::stanza_error::StanzaError;

/// The `type` of a presence (RFC 6121 §4.7.1). There is no
/// `type='available'`: availability is the absence of the attribute.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum PresenceType {
    /// No `type`: the sender is available.
    #[default]
    Available,
    /// `unavailable`.
    Unavailable,
    /// `subscribe`: the sender asks for the recipient's presence.
    Subscribe,
    /// `subscribed`: the sender allows the recipient to see its presence.
    Subscribed,
    /// `unsubscribe`.
    Unsubscribe,
    /// `unsubscribed`: a request denied or an authorisation cancelled.
    Unsubscribed,
    /// `probe`: a server asks for current presence.
    Probe,
    /// `error`: carries `<error/>`.
    Error,
}

impl PresenceType {
    /// The attribute value; `None` for available.
    pub const fn as_attr(self) -> Option<&'static str> {
        Some(match self {
            PresenceType::Available => return None,
            PresenceType::Unavailable => "unavailable",
            PresenceType::Subscribe => "subscribe",
            PresenceType::Subscribed => "subscribed",
            PresenceType::Unsubscribe => "unsubscribe",
            PresenceType::Unsubscribed => "unsubscribed",
            PresenceType::Probe => "probe",
            PresenceType::Error => "error",
        })
    }

    /// The type for an attribute value; `None` for a value RFC 6121 does
    /// not define (`available` included), which is answered with
    /// `bad-request`.
    pub fn from_attr(value: Option<&str>) -> Option<Self> {
        Some(match value {
            None => PresenceType::Available,
            Some("unavailable") => PresenceType::Unavailable,
            Some("subscribe") => PresenceType::Subscribe,
            Some("subscribed") => PresenceType::Subscribed,
            Some("unsubscribe") => PresenceType::Unsubscribe,
            Some("unsubscribed") => PresenceType::Unsubscribed,
            Some("probe") => PresenceType::Probe,
            Some("error") => PresenceType::Error,
            Some(_) => return None,
        })
    }
}

/// `<show/>` (RFC 6121 §4.7.2.1); its absence means plain available.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Show {
    /// `away`.
    Away,
    /// `chat`: free to chat.
    Chat,
    /// `dnd`: do not disturb.
    Dnd,
    /// `xa`: extended away.
    Xa,
}

impl Show {
    /// The element's character data.
    pub const fn as_str(self) -> &'static str {
        match self {
            Show::Away => "away",
            Show::Chat => "chat",
            Show::Dnd => "dnd",
            Show::Xa => "xa",
        }
    }

    fn parse(s: &str) -> Option<Show> {
        match s {
            "away" => Some(Show::Away),
            "chat" => Some(Show::Chat),
            "dnd" => Some(Show::Dnd),
            "xa" => Some(Show::Xa),
            _ => None,
        }
    }
}

const KNOWN: &[&str] = &["show", "status", "priority", "error"];

/// A `<presence/>` stanza.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Presence {
    pub(crate) core: Core,
    presence_type: PresenceType,
    show: Option<Show>,
    priority: i8,
}

impl Presence {
    common_accessors!(StanzaKind::Presence);

    /// Checks the presence rules on a freshly read stanza.
    pub(crate) fn check(core: &mut Core) -> Result<(PresenceType, Option<Show>, i8), StanzaFault> {
        let type_attr = core.element.attr("type");
        let presence_type =
            PresenceType::from_attr(type_attr).ok_or_else(|| StanzaFault::UnknownType {
                value: type_attr.unwrap_or_default().to_owned(),
            })?;
        let show = match single_leaf(core, "show", Child::Show)? {
            None => None,
            Some(el) => {
                let value = leaf_text(el);
                Some(
                    Show::parse(trim_space(value)).ok_or_else(|| StanzaFault::InvalidShow {
                        value: value.to_owned(),
                    })?,
                )
            }
        };
        let priority = match single_leaf(core, "priority", Child::Priority)? {
            None => 0,
            Some(el) => parse_priority(leaf_text(el))?,
        };
        check_lang_children(core, "status", Child::Status)?;
        core.read_error(presence_type == PresenceType::Error)?;
        Ok((presence_type, show, priority))
    }

    pub(crate) fn new(
        core: Core,
        (presence_type, show, priority): (PresenceType, Option<Show>, i8),
    ) -> Self {
        Presence {
            core,
            presence_type,
            show,
            priority,
        }
    }

    /// The type.
    pub fn presence_type(&self) -> PresenceType {
        self.presence_type
    }

    /// The `<show/>` value.
    pub fn show(&self) -> Option<Show> {
        self.show
    }

    /// The `<priority/>`, 0 when absent.
    pub fn priority(&self) -> i8 {
        self.priority
    }

    /// Every `<status/>` as `(language, text)`.
    pub fn statuses(&self) -> impl Iterator<Item = (Option<&str>, &str)> + '_ {
        lang_texts(&self.core, "status")
    }

    /// The status in the stanza's language, else the first one.
    pub fn status(&self) -> Option<&str> {
        text_for_lang(&self.core, "status")
    }

    /// Children other than `<show/>`, `<status/>`, `<priority/>` and
    /// `<error/>` of the stanza's namespace: the extensions, untouched.
    pub fn payloads(&self) -> impl Iterator<Item = &Element> + '_ {
        payloads(&self.core, KNOWN)
    }
}

/// An `xs:byte` (RFC 6121 §4.7.2.3): optional sign, digits, whitespace
/// around.
fn parse_priority(text: &str) -> Result<i8, StanzaFault> {
    let t = trim_space(text);
    let digits = t.strip_prefix(['+', '-']).unwrap_or(t);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(StanzaFault::InvalidPriority {
            value: text.to_owned(),
        });
    }
    t.parse::<i8>()
        .map_err(|_| StanzaFault::PriorityOutOfRange {
            value: text.to_owned(),
        })
}

impl TryFrom<Stanza> for Presence {
    type Error = Stanza;
    fn try_from(s: Stanza) -> Result<Self, Stanza> {
        match s {
            Stanza::Presence(p) => Ok(p),
            other => Err(other),
        }
    }
}

/// Builds a `<presence/>`.
///
/// ```
/// use sip_xmpp::xmpp::{PresenceBuilder, Show};
/// let p = PresenceBuilder::new()
///     .from("juliet@example.com/balcony")
///     .show(Show::Dnd)
///     .status(None, "busy fighting the Romans")
///     .priority(1)
///     .build()
///     .unwrap();
/// assert_eq!(p.show(), Some(Show::Dnd));
/// assert_eq!(p.priority(), 1);
/// ```
#[derive(Debug, Clone, Default)]
pub struct PresenceBuilder {
    namespace: StanzaNamespace,
    to: Option<String>,
    from: Option<String>,
    id: Option<String>,
    presence_type: PresenceType,
    lang: Option<String>,
    show: Option<Show>,
    statuses: Vec<(Option<String>, String)>,
    priority: Option<i8>,
    payloads: Vec<Element>,
    error: Option<StanzaError>,
}

impl PresenceBuilder {
    /// An available presence in `jabber:client`.
    pub fn new() -> Self {
        Self::default()
    }

    builder_setters!();

    /// `id`.
    pub fn id(mut self, id: impl Into<String>) -> Self {
        self.id = Some(id.into());
        self
    }

    /// `type`; available is written as no attribute.
    pub fn presence_type(mut self, t: PresenceType) -> Self {
        self.presence_type = t;
        self
    }

    /// `<show/>`.
    pub fn show(mut self, show: Show) -> Self {
        self.show = Some(show);
        self
    }

    /// Adds a `<status/>`, with its own `xml:lang` if given.
    pub fn status(mut self, lang: Option<&str>, text: impl Into<String>) -> Self {
        self.statuses.push((lang.map(str::to_owned), text.into()));
        self
    }

    /// `<priority/>`.
    pub fn priority(mut self, priority: i8) -> Self {
        self.priority = Some(priority);
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
    pub fn build(self) -> Result<Presence, BuildError> {
        self.build_with(&StanzaConfig::default())
    }

    /// Builds and checks the stanza with the given limits and language
    /// default.
    pub fn build_with(self, cfg: &StanzaConfig) -> Result<Presence, BuildError> {
        let ns = self.namespace;
        let mut el = Element::bare("presence", ns.as_str());
        set_attr(&mut el, "to", self.to);
        set_attr(&mut el, "from", self.from);
        set_attr(&mut el, "id", self.id);
        set_attr(&mut el, "type", self.presence_type.as_attr());
        set_lang(&mut el, self.lang.as_deref());
        if let Some(show) = self.show {
            el.append_child(text_element("show", ns, None, show.as_str()));
        }
        for (lang, text) in self.statuses {
            el.append_child(text_element("status", ns, lang.as_deref(), text));
        }
        if let Some(p) = self.priority {
            el.append_child(text_element("priority", ns, None, p.to_string()));
        }
        for p in self.payloads {
            el.append_child(p);
        }
        match finish_built(el, self.error.as_ref(), ns, cfg)? {
            Stanza::Presence(p) => Ok(p),
            other => Err(built_wrong_kind(&other, StanzaKind::Presence)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::xmpp::XmppError;

    fn parse(s: &str) -> Result<Stanza, XmppError> {
        Stanza::parse(s.as_bytes(), &StanzaConfig::default())
    }

    fn presence(s: &str) -> Presence {
        Presence::try_from(parse(s).unwrap()).unwrap()
    }

    fn fault(s: &str) -> StanzaFault {
        match parse(s) {
            Err(XmppError::Invalid { fault, .. }) => fault,
            other => panic!("{s}: {other:?}"),
        }
    }

    #[test]
    fn types() {
        for t in [
            PresenceType::Available,
            PresenceType::Unavailable,
            PresenceType::Subscribe,
            PresenceType::Subscribed,
            PresenceType::Unsubscribe,
            PresenceType::Unsubscribed,
            PresenceType::Probe,
        ] {
            let attr = t
                .as_attr()
                .map(|a| format!(" type='{a}'"))
                .unwrap_or_default();
            assert_eq!(presence(&format!("<presence{attr}/>")).presence_type(), t);
        }
        assert_eq!(
            fault("<presence type='available'/>"),
            StanzaFault::UnknownType {
                value: "available".into()
            }
        );
    }

    #[test]
    fn priority_values() {
        for (text, value) in [
            ("0", 0),
            ("-128", -128),
            ("127", 127),
            ("+5", 5),
            (" 7\n", 7),
            ("007", 7),
        ] {
            assert_eq!(
                presence(&format!("<presence><priority>{text}</priority></presence>")).priority(),
                value,
                "{text:?}"
            );
        }
        assert_eq!(presence("<presence/>").priority(), 0);
        for text in ["128", "-129", "99999999999999999999999"] {
            assert_eq!(
                fault(&format!("<presence><priority>{text}</priority></presence>")),
                StanzaFault::PriorityOutOfRange { value: text.into() }
            );
        }
        for text in ["", "one", "1.5", "--1", "+", "0x1"] {
            assert_eq!(
                fault(&format!("<presence><priority>{text}</priority></presence>")),
                StanzaFault::InvalidPriority { value: text.into() }
            );
        }
    }

    #[test]
    fn show_and_status() {
        let p = presence(
            "<presence xml:lang='en'><show>xa</show><status>gone</status><status xml:lang='fr'>parti</status></presence>",
        );
        assert_eq!(p.show(), Some(Show::Xa));
        assert_eq!(p.status(), Some("gone"));
        assert_eq!(
            p.statuses().collect::<Vec<_>>(),
            [(Some("en"), "gone"), (Some("fr"), "parti")]
        );
        assert_eq!(
            fault("<presence><show>busy</show></presence>"),
            StanzaFault::InvalidShow {
                value: "busy".into()
            }
        );
        assert_eq!(
            fault("<presence><show>xa</show><show>xa</show></presence>"),
            StanzaFault::Duplicate { child: Child::Show }
        );
        assert_eq!(
            fault("<presence><status>a</status><status>b</status></presence>"),
            StanzaFault::DuplicateLanguage {
                child: Child::Status,
                lang: None
            }
        );
    }
}
