//! Why a presence stanza or SIP request is not translated, and the answer
//! each side gets.

use crate::address::{AddressError, Role};
use crate::sip::{BuildError, DialogError, HeaderError, StatusCode, ValidationError};
use crate::xmpp::DefinedCondition;

/// Why the presence gateway refused an input. Each fault names the answer
/// for the side that sent it: a SIP status ([`sip_status`](Self::sip_status))
/// or a stanza error condition ([`xmpp_condition`](Self::xmpp_condition)).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum GatewayFault {
    /// An address could not be mapped (RFC 7247 §6).
    #[error("{role} address: {error}")]
    Address {
        /// Which address.
        role: Role,
        /// Why.
        error: AddressError,
    },
    /// A stanza without the address the direction needs.
    #[error("no {role} address")]
    MissingAddress {
        /// Which address.
        role: Role,
    },
    /// A message or IQ given to the presence gateway.
    #[error("not a presence stanza")]
    NotPresence,
    /// Event missing or not `presence` (489, PRES-D-8).
    #[error("Event is not presence")]
    BadEvent,
    /// Accept without `application/pidf+xml` (406, PRES-D-8).
    #[error("Accept does not include application/pidf+xml")]
    NotAcceptable,
    /// A requested duration below the minimum (423 with Min-Expires).
    #[error("Expires below the minimum of {min} s")]
    IntervalTooBrief {
        /// The minimum.
        min: u32,
    },
    /// A NOTIFY without Subscription-State (400, RFC 6665 §4.1.3).
    #[error("NOTIFY without Subscription-State")]
    MissingSubscriptionState,
    /// A request that matches no subscription or dialog (481, PRES-D-5).
    #[error("no such subscription")]
    NoDialog,
    /// A request that does not fit its dialog (CSeq order: 500).
    #[error("dialog: {0}")]
    Dialog(DialogError),
    /// A SIP request other than SUBSCRIBE or NOTIFY (405 with Allow).
    #[error("method {0} is not handled")]
    Method(String),
    /// The embedder's limit on subscriptions (503, `<resource-constraint/>`).
    #[error("too many subscriptions")]
    Busy,
    /// A response that matches no transaction the gateway has open.
    #[error("response matches no pending transaction")]
    UnmatchedResponse,
    /// A request whose Require names extensions the gateway does not
    /// support (it supports none: RFC 6665 presence needs none): 420 with
    /// Unsupported listing them (RFC 3261 §8.2.2.3).
    #[error("required SIP extensions not supported: {}", tags.join(", "))]
    BadExtension {
        /// The option tags of Require, in order.
        tags: Vec<String>,
    },
    /// A header the mapping needs is malformed (400).
    #[error("malformed header: {0}")]
    Header(#[from] HeaderError),
    /// A request the RFC 3261 §8.2 checks refuse.
    #[error("malformed request: {0}")]
    Malformed(#[from] ValidationError),
    /// The SIP side could not be built.
    #[error("building the SIP message: {0}")]
    Build(#[from] BuildError),
}

impl GatewayFault {
    /// The SIP status answering a request that failed this way.
    pub fn sip_status(&self) -> StatusCode {
        let code = match self {
            GatewayFault::Address { error, .. } => return error.sip_status(),
            GatewayFault::BadEvent => 489,
            GatewayFault::NotAcceptable => 406,
            GatewayFault::IntervalTooBrief { .. } => 423,
            GatewayFault::NoDialog => 481,
            GatewayFault::Dialog(DialogError::CSeqOrder { .. }) => 500,
            GatewayFault::Method(_) => 405,
            GatewayFault::BadExtension { .. } => 420,
            GatewayFault::Busy => 503,
            GatewayFault::Malformed(v) => v.status_code(),
            GatewayFault::Build(_) => 500,
            GatewayFault::UnmatchedResponse => 481,
            GatewayFault::Dialog(_)
            | GatewayFault::MissingAddress { .. }
            | GatewayFault::NotPresence
            | GatewayFault::MissingSubscriptionState
            | GatewayFault::Header(_) => 400,
        };
        StatusCode::new(code).unwrap_or(StatusCode::BAD_REQUEST)
    }

    /// The stanza error condition answering a stanza that failed this way.
    pub fn xmpp_condition(&self) -> DefinedCondition {
        match self {
            GatewayFault::Address { error, .. } => error.xmpp_condition(),
            GatewayFault::MissingAddress { .. } => DefinedCondition::JidMalformed,
            GatewayFault::Busy => DefinedCondition::ResourceConstraint,
            GatewayFault::Build(_) | GatewayFault::Dialog(_) => {
                DefinedCondition::InternalServerError
            }
            GatewayFault::NotPresence
            | GatewayFault::Method(_)
            | GatewayFault::BadExtension { .. } => DefinedCondition::FeatureNotImplemented,
            _ => DefinedCondition::BadRequest,
        }
    }
}
