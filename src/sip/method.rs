//! SIP methods (RFC 3261 §7.1, §27.4 registry).

use std::fmt;
use std::str::FromStr;

use crate::grammar::is_token;

/// A request method. Method names are case-sensitive (RFC 3261 §7.1):
/// `invite` is an extension method, not INVITE.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Method {
    /// INVITE (RFC 3261).
    Invite,
    /// ACK (RFC 3261).
    Ack,
    /// BYE (RFC 3261).
    Bye,
    /// CANCEL (RFC 3261).
    Cancel,
    /// REGISTER (RFC 3261).
    Register,
    /// OPTIONS (RFC 3261).
    Options,
    /// INFO (RFC 6086).
    Info,
    /// PRACK (RFC 3262).
    Prack,
    /// UPDATE (RFC 3311).
    Update,
    /// SUBSCRIBE (RFC 6665).
    Subscribe,
    /// NOTIFY (RFC 6665).
    Notify,
    /// REFER (RFC 3515).
    Refer,
    /// MESSAGE (RFC 3428).
    Message,
    /// PUBLISH (RFC 3903).
    Publish,
    /// Any other token.
    Extension(Box<str>),
}

/// A method name that is not an RFC 3261 `token`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("method name is not a token")]
pub struct InvalidMethod;

impl Method {
    /// The method name.
    pub fn as_str(&self) -> &str {
        match self {
            Method::Invite => "INVITE",
            Method::Ack => "ACK",
            Method::Bye => "BYE",
            Method::Cancel => "CANCEL",
            Method::Register => "REGISTER",
            Method::Options => "OPTIONS",
            Method::Info => "INFO",
            Method::Prack => "PRACK",
            Method::Update => "UPDATE",
            Method::Subscribe => "SUBSCRIBE",
            Method::Notify => "NOTIFY",
            Method::Refer => "REFER",
            Method::Message => "MESSAGE",
            Method::Publish => "PUBLISH",
            Method::Extension(s) => s,
        }
    }

    /// Parses a method name; extension methods are kept, not rejected.
    pub fn parse(s: &str) -> Result<Method, InvalidMethod> {
        Ok(match s {
            "INVITE" => Method::Invite,
            "ACK" => Method::Ack,
            "BYE" => Method::Bye,
            "CANCEL" => Method::Cancel,
            "REGISTER" => Method::Register,
            "OPTIONS" => Method::Options,
            "INFO" => Method::Info,
            "PRACK" => Method::Prack,
            "UPDATE" => Method::Update,
            "SUBSCRIBE" => Method::Subscribe,
            "NOTIFY" => Method::Notify,
            "REFER" => Method::Refer,
            "MESSAGE" => Method::Message,
            "PUBLISH" => Method::Publish,
            s if is_token(s) => Method::Extension(Box::from(s)),
            _ => return Err(InvalidMethod),
        })
    }

    /// Whether the name equals `s` exactly (case-sensitive).
    pub fn is(&self, s: &str) -> bool {
        self.as_str() == s
    }
}

impl FromStr for Method {
    type Err = InvalidMethod;
    fn from_str(s: &str) -> Result<Self, InvalidMethod> {
        Method::parse(s)
    }
}

impl fmt::Display for Method {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names() {
        assert_eq!(Method::parse("MESSAGE").unwrap(), Method::Message);
        assert_eq!(
            Method::parse("invite").unwrap(),
            Method::Extension("invite".into())
        );
        let odd = "!interesting-Method0123456789_*+`.%indeed'~";
        assert_eq!(Method::parse(odd).unwrap().as_str(), odd);
        assert!(Method::parse("BAD METHOD").is_err());
        assert!(Method::parse("").is_err());
    }
}
