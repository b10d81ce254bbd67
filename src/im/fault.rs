//! Why a message is not translated, and the answer each side gets.

use crate::address::{AddressError, Role};
use crate::sip::{BuildError, HeaderError, StatusCode, ValidationError};
use crate::xmpp::DefinedCondition;

use super::xhtml::HtmlError;

/// Why a message could not be translated. Each fault names the answer the
/// digest prescribes for the side that sent the message: a SIP status
/// ([`sip_status`](Self::sip_status)) for S2X, a stanza error condition
/// ([`xmpp_condition`](Self::xmpp_condition)) for X2S.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ImFault {
    /// An address could not be mapped (RFC 7247 §6; its own answer).
    #[error("{role} address: {error}")]
    Address {
        /// Which address.
        role: Role,
        /// Why.
        error: AddressError,
    },
    /// A stanza or request without the address the direction needs.
    #[error("no {role} address")]
    MissingAddress {
        /// Which address.
        role: Role,
    },
    /// A `groupchat` message: RFC 7702's business, not RFC 7572's
    /// (IM-X-1): `<feature-not-implemented/>`.
    #[error("groupchat messages are not single messages")]
    GroupChat,
    /// A `chat` message while `translate_chat` is off (V-IM-5): its place
    /// is RFC 7573's MSRP chat; `<feature-not-implemented/>`.
    #[error("chat messages are not translated as single messages")]
    Chat,
    /// The MESSAGE would exceed the size limit (IM-11):
    /// `<policy-violation/>`.
    #[error("MESSAGE of {bytes} bytes exceeds {max} bytes")]
    TooLarge {
        /// Size of the serialised request.
        bytes: usize,
        /// The limit in force.
        max: usize,
    },
    /// A body type the gateway does not translate (IM-17, IM-S-5): 415
    /// with Accept.
    #[error("content type {content_type} is not translated")]
    UnsupportedType {
        /// The Content-Type as received.
        content_type: String,
    },
    /// A content coding other than identity (IM-S-4): 415 with
    /// Accept-Encoding.
    #[error("content encoding {encoding} is not supported")]
    UnsupportedEncoding {
        /// The Content-Encoding as received.
        encoding: String,
    },
    /// A charset the gateway cannot transcode (IM-S-4): 415.
    #[error("charset {charset} is not supported")]
    UnsupportedCharset {
        /// The charset parameter as received.
        charset: String,
    },
    /// A body that is not text in its charset, or holds characters XML
    /// cannot carry (IM-S-6): 400.
    #[error("body is not valid text for XML")]
    BadBody,
    /// A body (HTML, CPIM, multipart) that does not parse: 400.
    #[error("body does not parse: {0}")]
    BodySyntax(String),
    /// An HTML body the XHTML-IM conversion refused (its limits): 413,
    /// or 500 when the configured limits leave no room at all.
    #[error("HTML body: {0}")]
    Html(#[from] HtmlError),
    /// A request the RFC 3261 §8.2 checks refuse: 400 (or 501).
    #[error("malformed request: {0}")]
    Malformed(#[from] ValidationError),
    /// A header the mapping needs is malformed: 400.
    #[error("malformed header: {0}")]
    Header(#[from] HeaderError),
    /// `Max-Forwards: 0` (loop defence, IM-S-9): 483.
    #[error("Max-Forwards is 0")]
    TooManyHops,
    /// A MESSAGE whose Require names extensions the gateway does not
    /// support (it supports none: RFC 3428 needs none): 420 with
    /// Unsupported listing them (RFC 3261 §8.2.2.3).
    #[error("required SIP extensions not supported: {}", tags.join(", "))]
    BadExtension {
        /// The option tags of Require, in order.
        tags: Vec<String>,
    },
    /// A SIP request other than MESSAGE: 405 with Allow.
    #[error("method {0} is not handled")]
    Method(String),
    /// The gateway's limit on pending transactions or queued messages
    /// (`<resource-constraint/>`, 503).
    #[error("too many messages in flight")]
    Busy,
    /// The SIP side could not be built.
    #[error("building the SIP message: {0}")]
    Build(#[from] BuildError),
    /// A presence or IQ stanza given to the IM gateway.
    #[error("a {0} stanza is not a message")]
    NotAMessage(&'static str),
    /// A SIP response that matches no transaction the gateway has open.
    #[error("response matches no pending transaction")]
    UnmatchedResponse,
}

impl ImFault {
    /// Whether the fault is in the body (its type, coding, charset or
    /// content: RFC 3261 §8.2.3 content processing), which a UAS looks at
    /// only after the method, the addresses and Require.
    pub fn is_about_the_body(&self) -> bool {
        matches!(
            self,
            ImFault::UnsupportedType { .. }
                | ImFault::UnsupportedEncoding { .. }
                | ImFault::UnsupportedCharset { .. }
                | ImFault::BadBody
                | ImFault::BodySyntax(_)
                | ImFault::Html(_)
        )
    }

    /// The SIP status answering an inbound MESSAGE that failed this way.
    pub fn sip_status(&self) -> StatusCode {
        let code = match self {
            ImFault::Address { error, .. } => return error.sip_status(),
            ImFault::UnsupportedType { .. }
            | ImFault::UnsupportedEncoding { .. }
            | ImFault::UnsupportedCharset { .. } => 415,
            ImFault::TooManyHops => 483,
            ImFault::Method(_) => 405,
            ImFault::BadExtension { .. } => 420,
            ImFault::Busy => 503,
            ImFault::Malformed(v) => v.status_code(),
            ImFault::TooLarge { .. } => 513,
            ImFault::Html(HtmlError::LimitsTooSmall { .. }) => 500,
            ImFault::Html(_) => 413,
            ImFault::Build(_) => 500,
            ImFault::UnmatchedResponse => 481,
            ImFault::NotAMessage(_) => 400,
            ImFault::MissingAddress { .. }
            | ImFault::GroupChat
            | ImFault::Chat
            | ImFault::BadBody
            | ImFault::BodySyntax(_)
            | ImFault::Header(_) => 400,
        };
        StatusCode::new(code).unwrap_or(StatusCode::BAD_REQUEST)
    }

    /// The stanza error condition answering an inbound `<message/>` that
    /// failed this way.
    pub fn xmpp_condition(&self) -> DefinedCondition {
        match self {
            ImFault::Address { error, .. } => error.xmpp_condition(),
            ImFault::MissingAddress { .. } => DefinedCondition::JidMalformed,
            ImFault::GroupChat
            | ImFault::Chat
            | ImFault::Method(_)
            | ImFault::BadExtension { .. } => DefinedCondition::FeatureNotImplemented,
            ImFault::TooLarge { .. } => DefinedCondition::PolicyViolation,
            ImFault::Html(HtmlError::LimitsTooSmall { .. }) => {
                DefinedCondition::InternalServerError
            }
            ImFault::Html(_) => DefinedCondition::PolicyViolation,
            ImFault::UnsupportedType { .. }
            | ImFault::UnsupportedEncoding { .. }
            | ImFault::UnsupportedCharset { .. } => DefinedCondition::NotAcceptable,
            ImFault::Busy => DefinedCondition::ResourceConstraint,
            ImFault::TooManyHops => DefinedCondition::NotAcceptable,
            ImFault::Build(_) => DefinedCondition::InternalServerError,
            ImFault::UnmatchedResponse => DefinedCondition::ItemNotFound,
            ImFault::NotAMessage(_) => DefinedCondition::FeatureNotImplemented,
            ImFault::BadBody
            | ImFault::BodySyntax(_)
            | ImFault::Malformed(_)
            | ImFault::Header(_) => DefinedCondition::BadRequest,
        }
    }
}
