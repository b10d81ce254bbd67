//! Configuration of the RFC 8048 notification mappings, with a named
//! switch for each choice the digest leaves open.

use crate::address::AddressMapper;
use crate::limits::ParseLimits;
use crate::xmpp::StanzaNamespace;

/// The scheme of the PIDF `entity` written for an XMPP sender (Table P1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum EntityScheme {
    /// `pres:juliet@example.com`, as RFC 8048's examples write it and RFC
    /// 3863 §4.1.2 suggests (the default).
    #[default]
    Pres,
    /// `sip:juliet@example.com`, for SIP peers that expect the AOR.
    Sip,
}

/// When a tuple gets a `<contact>` (PRES-D-12).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum ContactPolicy {
    /// Only when a priority is mapped, since `priority` needs the element
    /// (the default; RFC 8048's examples have no `<contact>`).
    #[default]
    WithPriority,
    /// Always, as RFC 3863 §4.1.2 recommends; without `priority` when the
    /// stanza has none or a negative one.
    Always,
}

/// The optional RPID profile of `presence.md` §7 (not RFC 8048): RFC 4480
/// activities inside an RFC 4479 `<dm:person>` for SIP clients that ignore
/// `<show xmlns='jabber:client'>`. It adds, never replaces.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum RpidProfile {
    /// No RPID written, none read (the default).
    #[default]
    Off,
    /// X2S: `away` and `xa` add `<rpid:away/>`, `dnd` adds `<rpid:busy/>`.
    /// S2X: a tuple without a usable `<show>` takes one from the
    /// activities.
    On {
        /// X2S: `xa` also adds `<rpid:user-input>idle</rpid:user-input>`.
        xa_user_input_idle: bool,
    },
}

impl RpidProfile {
    /// Whether the profile is on.
    pub fn is_on(self) -> bool {
        matches!(self, RpidProfile::On { .. })
    }
}

/// What the first `active` NOTIFY without a body means for the contact's
/// availability (PRES-SUB-5, V-PRES-3).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum EmptyFirstActive {
    /// Unknown: no availability stanza (the default).
    #[default]
    Unknown,
    /// Closed: an `unavailable` from the contact's bare JID.
    Closed,
}

/// The addresses of the stanzas made from a NOTIFY (Table P2, V-PRES-5).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum NotificationAddressing {
    /// `from`: the From AOR with the tuple's resource; `to`: the bare JID
    /// of To (the default, consistent with RFC 8048 Example 6).
    #[default]
    FullFromBareTo,
    /// RFC 8048 Example 21 as written: `from` the bare From AOR, `to` the
    /// Request-URI with its GRUU as resource (when the Request-URI is the
    /// To's user; otherwise the bare To).
    RfcLiteral,
}

/// What a PIDF element marked `mustUnderstand` does (RFC 3863 §4.2,
/// V-PRES-6). The crate understands no extension so marked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum MustUnderstand {
    /// The document is unusable: no stanza (the default, RFC 3863 §4.2).
    #[default]
    DropDocument,
    /// The attribute is ignored and the rest of the document mapped.
    IgnoreAttribute,
}

/// Everything the notification mappings need to know.
///
/// ```
/// use sip_xmpp::presence::{EntityScheme, PresenceMapConfig, RpidProfile};
/// let cfg = PresenceMapConfig::default();
/// assert_eq!(cfg.entity_scheme, EntityScheme::Pres);
/// assert_eq!(cfg.rpid, RpidProfile::Off);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct PresenceMapConfig {
    /// Address mapping (RFC 7247 §6) and the domains served.
    pub mapper: AddressMapper,
    /// The scheme of the PIDF `entity` (X2S). Default `pres:`.
    pub entity_scheme: EntityScheme,
    /// When a `<contact>` is written (X2S, PRES-D-12).
    pub contact: ContactPolicy,
    /// The RPID profile (§7), both directions. Default off.
    pub rpid: RpidProfile,
    /// The reading of a first `active` NOTIFY without a body (V-PRES-3).
    pub empty_first_active: EmptyFirstActive,
    /// The addresses of stanzas made from a NOTIFY (V-PRES-5).
    pub addressing: NotificationAddressing,
    /// `mustUnderstand` handling (V-PRES-6).
    pub must_understand: MustUnderstand,
    /// The namespace of the stanzas made (`jabber:server` on a server
    /// link). Default `jabber:client`.
    pub namespace: StanzaNamespace,
    /// The stream's default `xml:lang` that stanzas made without one
    /// inherit (RFC 6120 §8.1.5).
    pub default_lang: Option<String>,
    /// Parser limits for NOTIFY bodies and the stanzas made.
    pub limits: ParseLimits,
}

impl PresenceMapConfig {
    /// The defaults with this address mapper.
    pub fn new(mapper: AddressMapper) -> Self {
        PresenceMapConfig {
            mapper,
            ..PresenceMapConfig::default()
        }
    }
}
