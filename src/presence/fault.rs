//! Why a notification is not translated, and the answer each side gets.

use crate::address::{AddressError, Role};
use crate::pidf::PidfError;
use crate::sip::{HeaderError, StatusCode};
use crate::xmpp::{BuildError, DefinedCondition, PresenceType};

/// Why a NOTIFY body gives no stanza although the NOTIFY itself is fine
/// (`presence.md` §6.2): the NOTIFY is answered 200 and nothing is sent.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum UnusableBody {
    /// A body that is not `application/pidf+xml`
    /// (`application/cpim-pidf+xml`, a `multipart/related` RLMI list, …),
    /// or one without a Content-Type.
    #[error("body of type {content_type:?} is not application/pidf+xml")]
    ContentType {
        /// The Content-Type as received; `None` when absent.
        content_type: Option<String>,
    },
    /// Not a PIDF document: malformed XML, a wrong root namespace, the
    /// RFC 3863 core broken.
    #[error("not a PIDF document: {0}")]
    Malformed(#[from] PidfError),
    /// An element marked `mustUnderstand`, which the crate does not
    /// understand (RFC 3863 §4.2, V-PRES-6).
    #[error("element {{{namespace}}}{name} must be understood")]
    MustUnderstand {
        /// The element's local name.
        name: String,
        /// The element's namespace.
        namespace: String,
    },
}

/// Why a notification could not be translated. Each fault names the
/// answer for the side that sent it: a SIP status
/// ([`sip_status`](Self::sip_status)) for a NOTIFY (S2X), a stanza error
/// condition ([`xmpp_condition`](Self::xmpp_condition)) for a `<presence/>`
/// (X2S).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum PresenceFault {
    /// An address could not be mapped (RFC 7247 §6; its own answer).
    #[error("{role} address: {error}")]
    Address {
        /// Which address.
        role: Role,
        /// Why.
        error: AddressError,
    },
    /// A stanza without the address the mapping needs: `from` (the
    /// presentity) or `to` (the watcher, PRES-SEC-4).
    #[error("no {role} address")]
    MissingAddress {
        /// Which address.
        role: Role,
    },
    /// Caller misuse: a presence of a type that is not a notification
    /// (PRES-NTF-2). Subscription stanzas and probes belong to the
    /// authorization and polling machines; an error stanza is never
    /// translated.
    #[error("a presence of type {presence_type:?} is not a notification")]
    NotANotification {
        /// The type.
        presence_type: PresenceType,
    },
    /// Caller misuse: a SIP message other than a NOTIFY request given to
    /// [`notify_to_presence`](super::map::notify_to_presence).
    #[error("not a NOTIFY request")]
    NotNotify,
    /// A NOTIFY header the mapping needs (From, To) is missing or
    /// malformed.
    #[error("malformed header: {0}")]
    Header(#[from] HeaderError),
    /// The body gives no stanza ([`pidf_to_presence`](super::map::pidf_to_presence)
    /// with a `mustUnderstand` element). The NOTIFY is answered 200 all
    /// the same.
    #[error("unusable body: {0}")]
    Unusable(#[from] UnusableBody),
    /// The stanza could not be built.
    #[error("building the stanza: {0}")]
    Stanza(#[from] BuildError),
}

impl PresenceFault {
    /// The SIP status answering a NOTIFY that failed this way. A body the
    /// mapping cannot use is answered 200: the notification dialog is
    /// fine (`presence.md` §6.2).
    pub fn sip_status(&self) -> StatusCode {
        let code = match self {
            PresenceFault::Address { error, .. } => return error.sip_status(),
            PresenceFault::Unusable(_) => 200,
            PresenceFault::MissingAddress { .. } | PresenceFault::Header(_) => 400,
            PresenceFault::NotANotification { .. }
            | PresenceFault::NotNotify
            | PresenceFault::Stanza(_) => 500,
        };
        StatusCode::new(code).unwrap_or(StatusCode::BAD_REQUEST)
    }

    /// The stanza error condition answering a `<presence/>` that failed
    /// this way (never sent for a presence of type `error`).
    pub fn xmpp_condition(&self) -> DefinedCondition {
        match self {
            PresenceFault::Address { error, .. } => error.xmpp_condition(),
            PresenceFault::MissingAddress { .. } => DefinedCondition::JidMalformed,
            PresenceFault::NotANotification { .. } | PresenceFault::NotNotify => {
                DefinedCondition::FeatureNotImplemented
            }
            PresenceFault::Header(_) | PresenceFault::Unusable(_) => DefinedCondition::BadRequest,
            PresenceFault::Stanza(_) => DefinedCondition::InternalServerError,
        }
    }
}
