//! Stanza error conditions and types (RFC 6120 §8.3.2, §8.3.3).

use std::fmt;
use std::str::FromStr;

/// The namespace of stanza error conditions and `<text/>`.
pub const NS_STANZAS: &str = "urn:ietf:params:xml:ns:xmpp-stanzas";

/// The 22 defined stanza error conditions of RFC 6120 §8.3.3.
///
/// ```
/// use sip_xmpp::xmpp::{DefinedCondition, ErrorType};
/// let c: DefinedCondition = "item-not-found".parse().unwrap();
/// assert_eq!(c, DefinedCondition::ItemNotFound);
/// assert_eq!(c.default_type(), ErrorType::Cancel);
/// // An unknown condition element is treated as undefined-condition (RFC 6120 §8.3.2).
/// assert_eq!(DefinedCondition::from_element_name("payment-required"), DefinedCondition::UndefinedCondition);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum DefinedCondition {
    /// `bad-request` (§8.3.3.1).
    BadRequest,
    /// `conflict` (§8.3.3.2).
    Conflict,
    /// `feature-not-implemented` (§8.3.3.3).
    FeatureNotImplemented,
    /// `forbidden` (§8.3.3.4).
    Forbidden,
    /// `gone` (§8.3.3.5); may carry a new address as character data.
    Gone,
    /// `internal-server-error` (§8.3.3.6).
    InternalServerError,
    /// `item-not-found` (§8.3.3.7).
    ItemNotFound,
    /// `jid-malformed` (§8.3.3.8).
    JidMalformed,
    /// `not-acceptable` (§8.3.3.9).
    NotAcceptable,
    /// `not-allowed` (§8.3.3.10).
    NotAllowed,
    /// `not-authorized` (§8.3.3.11).
    NotAuthorized,
    /// `policy-violation` (§8.3.3.12).
    PolicyViolation,
    /// `recipient-unavailable` (§8.3.3.13).
    RecipientUnavailable,
    /// `redirect` (§8.3.3.14); may carry an alternate address.
    Redirect,
    /// `registration-required` (§8.3.3.15).
    RegistrationRequired,
    /// `remote-server-not-found` (§8.3.3.16).
    RemoteServerNotFound,
    /// `remote-server-timeout` (§8.3.3.17).
    RemoteServerTimeout,
    /// `resource-constraint` (§8.3.3.18).
    ResourceConstraint,
    /// `service-unavailable` (§8.3.3.19).
    ServiceUnavailable,
    /// `subscription-required` (§8.3.3.20).
    SubscriptionRequired,
    /// `undefined-condition` (§8.3.3.21).
    UndefinedCondition,
    /// `unexpected-request` (§8.3.3.22).
    UnexpectedRequest,
}

/// The `type` attribute of `<error/>` (RFC 6120 §8.3.2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ErrorType {
    /// Retry after providing credentials.
    Auth,
    /// Do not retry (unrecoverable).
    Cancel,
    /// Proceed (the condition was only a warning).
    Continue,
    /// Retry after changing the data sent.
    Modify,
    /// Retry after waiting (temporary).
    Wait,
}

/// A string that is not a defined condition or error type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("unknown stanza error condition or type")]
pub struct UnknownName;

impl DefinedCondition {
    /// All 22 conditions, in RFC 6120 order.
    pub const ALL: [DefinedCondition; 22] = [
        DefinedCondition::BadRequest,
        DefinedCondition::Conflict,
        DefinedCondition::FeatureNotImplemented,
        DefinedCondition::Forbidden,
        DefinedCondition::Gone,
        DefinedCondition::InternalServerError,
        DefinedCondition::ItemNotFound,
        DefinedCondition::JidMalformed,
        DefinedCondition::NotAcceptable,
        DefinedCondition::NotAllowed,
        DefinedCondition::NotAuthorized,
        DefinedCondition::PolicyViolation,
        DefinedCondition::RecipientUnavailable,
        DefinedCondition::Redirect,
        DefinedCondition::RegistrationRequired,
        DefinedCondition::RemoteServerNotFound,
        DefinedCondition::RemoteServerTimeout,
        DefinedCondition::ResourceConstraint,
        DefinedCondition::ServiceUnavailable,
        DefinedCondition::SubscriptionRequired,
        DefinedCondition::UndefinedCondition,
        DefinedCondition::UnexpectedRequest,
    ];

    /// The element name (`item-not-found`).
    pub const fn as_str(self) -> &'static str {
        match self {
            DefinedCondition::BadRequest => "bad-request",
            DefinedCondition::Conflict => "conflict",
            DefinedCondition::FeatureNotImplemented => "feature-not-implemented",
            DefinedCondition::Forbidden => "forbidden",
            DefinedCondition::Gone => "gone",
            DefinedCondition::InternalServerError => "internal-server-error",
            DefinedCondition::ItemNotFound => "item-not-found",
            DefinedCondition::JidMalformed => "jid-malformed",
            DefinedCondition::NotAcceptable => "not-acceptable",
            DefinedCondition::NotAllowed => "not-allowed",
            DefinedCondition::NotAuthorized => "not-authorized",
            DefinedCondition::PolicyViolation => "policy-violation",
            DefinedCondition::RecipientUnavailable => "recipient-unavailable",
            DefinedCondition::Redirect => "redirect",
            DefinedCondition::RegistrationRequired => "registration-required",
            DefinedCondition::RemoteServerNotFound => "remote-server-not-found",
            DefinedCondition::RemoteServerTimeout => "remote-server-timeout",
            DefinedCondition::ResourceConstraint => "resource-constraint",
            DefinedCondition::ServiceUnavailable => "service-unavailable",
            DefinedCondition::SubscriptionRequired => "subscription-required",
            DefinedCondition::UndefinedCondition => "undefined-condition",
            DefinedCondition::UnexpectedRequest => "unexpected-request",
        }
    }

    /// The error type RFC 6120 §8.3.3 recommends for the condition (where it
    /// offers two, the first: `feature-not-implemented` → cancel,
    /// `policy-violation` → modify, `unexpected-request` → wait;
    /// `undefined-condition` → cancel).
    pub const fn default_type(self) -> ErrorType {
        use DefinedCondition::*;
        match self {
            BadRequest | JidMalformed | NotAcceptable | PolicyViolation | Redirect => {
                ErrorType::Modify
            }
            Forbidden | NotAuthorized | RegistrationRequired | SubscriptionRequired => {
                ErrorType::Auth
            }
            RecipientUnavailable | RemoteServerTimeout | ResourceConstraint | UnexpectedRequest => {
                ErrorType::Wait
            }
            Conflict
            | FeatureNotImplemented
            | Gone
            | InternalServerError
            | ItemNotFound
            | NotAllowed
            | RemoteServerNotFound
            | ServiceUnavailable
            | UndefinedCondition => ErrorType::Cancel,
        }
    }

    /// The condition for an element name; an unknown name is
    /// `undefined-condition` (RFC 6120 §8.3.2).
    pub fn from_element_name(name: &str) -> DefinedCondition {
        name.parse().unwrap_or(DefinedCondition::UndefinedCondition)
    }

    /// Whether the condition may carry an address as character data
    /// (`gone`, `redirect`).
    pub const fn carries_address(self) -> bool {
        matches!(self, DefinedCondition::Gone | DefinedCondition::Redirect)
    }
}

impl FromStr for DefinedCondition {
    type Err = UnknownName;
    fn from_str(s: &str) -> Result<Self, UnknownName> {
        DefinedCondition::ALL
            .into_iter()
            .find(|c| c.as_str() == s)
            .ok_or(UnknownName)
    }
}

impl fmt::Display for DefinedCondition {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl ErrorType {
    /// The attribute value.
    pub const fn as_str(self) -> &'static str {
        match self {
            ErrorType::Auth => "auth",
            ErrorType::Cancel => "cancel",
            ErrorType::Continue => "continue",
            ErrorType::Modify => "modify",
            ErrorType::Wait => "wait",
        }
    }
}

impl FromStr for ErrorType {
    type Err = UnknownName;
    fn from_str(s: &str) -> Result<Self, UnknownName> {
        Ok(match s {
            "auth" => ErrorType::Auth,
            "cancel" => ErrorType::Cancel,
            "continue" => ErrorType::Continue,
            "modify" => ErrorType::Modify,
            "wait" => ErrorType::Wait,
            _ => return Err(UnknownName),
        })
    }
}

impl fmt::Display for ErrorType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for c in DefinedCondition::ALL {
            assert_eq!(c.as_str().parse::<DefinedCondition>().unwrap(), c);
        }
        for t in [
            ErrorType::Auth,
            ErrorType::Cancel,
            ErrorType::Continue,
            ErrorType::Modify,
            ErrorType::Wait,
        ] {
            assert_eq!(t.as_str().parse::<ErrorType>().unwrap(), t);
        }
        assert!("Item-Not-Found".parse::<DefinedCondition>().is_err());
    }
}
