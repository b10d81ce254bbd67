//! Address mapping between SIP/SIPS/IM/PRES URIs and JIDs (RFC 7247 §6).
//!
//! [`AddressMapper`] runs both algorithms of RFC 7247: URI → JID (§6.4)
//! for traffic from SIP to XMPP (S2X), and JID → URI (§6.5) for traffic
//! from XMPP to SIP (X2S). It is configured with the domains the gateway
//! deals with on each side and with [`AddressPolicy`] switches for the
//! choices the RFCs leave open.
//!
//! # Which side must be served
//!
//! Each mapping names the [`Role`] of the address in the message being
//! translated. A domain list that is [`Domains::any`] accepts every domain
//! and never triggers the loop guard.
//!
//! | direction | role | the address's domain must be | refused with |
//! |---|---|---|---|
//! | S2X (URI → JID) | [`Role::Sender`] (From) | one of the SIP domains | [`AddressError::DomainNotServed`] |
//! | S2X (URI → JID) | [`Role::Recipient`] (Request-URI, To) | one of the XMPP domains, and not one of the SIP domains | [`AddressError::Loop`], then [`AddressError::DomainNotServed`] |
//! | X2S (JID → URI) | [`Role::Sender`] (`from`) | one of the XMPP domains | [`AddressError::DomainNotServed`] |
//! | X2S (JID → URI) | [`Role::Recipient`] (`to`) | one of the SIP domains, and not one of the XMPP domains | [`AddressError::Loop`], then [`AddressError::DomainNotServed`] |
//!
//! The loop guard (RFC 7247 §8, CORE-SEC-4): a recipient in a domain that
//! the *source* side of the gateway lists is a message that should have
//! been delivered locally; translating it would send it back through the
//! other protocol to the same gateway.
//!
//! # Local parts (RFC 7247 §6.2)
//!
//! S2X: percent-decode, read as UTF-8, apply the mapping steps of PRECIS
//! UsernameCaseMapped (width, case, NFC), escape per XEP-0106 (all ten
//! characters, not only the `& ' /` the RFC lists), then enforce the
//! localpart; an escape that enforcement would alter is refused. X2S:
//! undo all ten XEP-0106 escapes, then percent-encode what the target
//! scheme does not allow, in upper-case hex.
//!
//! For `im:` and `pres:`, the RFC's list `( ) , . ; [ \ ]` is encoded,
//! plus the characters no URI may hold unescaped, **and `%`**: RFC 7247
//! Table 1 marks `%` as allowed in `im`/`pres`, but a literal `%` in a URI
//! always starts an escape, so keeping it would change or break the
//! address.
//!
//! # Instances (RFC 7247 §6.3)
//!
//! A public GRUU's `gr` value is the resourcepart and the other way round;
//! `gr` is written inside the URI (no `/` before it: RFC 7247's example,
//! V-CORE-1), every octet outside `paramchar` percent-encoded.
//! [`AddressMapper::name_addr_to_jid`] also honours a `gr` header
//! parameter (`<sip:juliet@example.com>;gr=balcony`, as RFC 8048 writes
//! it) when the URI has none. A temporary GRUU (`;gr` without a value) is
//! refused by default ([`AddressError::TemporaryGruu`]): its user part is
//! not the user's address, so the caller should use another header.
//!
//! # Domains
//!
//! S2X: a host name becomes a domainpart in U-labels (IDNA2008, RFC 7622
//! §3.2), an IPv4 address stays, an IPv6 reference keeps its brackets.
//! X2S: a U-label domainpart becomes A-labels (RFC 3261 hosts are ASCII);
//! a domainpart that is not a valid SIP host (a numeric top label) is
//! refused, as is a name of numeric labels that SIP would read as an IPv4
//! address (`2.201.1.03`).

use std::borrow::Cow;
use std::fmt;
use std::net::Ipv4Addr;

use crate::jid::{
    EscapeError, Jid, JidError, JidParts, JidText, domain_to_ascii, enforce_domain,
    escape_localpart_cow, map_localpart, unescape_localpart,
};
use crate::params::Params;
use crate::sip::{NameAddr, NameAddrRef, StatusCode};
use crate::uri::{
    Escaped, Host, ImUri, PlainSipUri, SipUri, SipView, Uri, UriError, UriRef, check_chars,
    escape_into, escaped_len,
};
use crate::xmpp::DefinedCondition;

/// What an address is in the message being translated.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Role {
    /// The originator: SIP From, XMPP `from`.
    Sender,
    /// The destination: SIP Request-URI or To, XMPP `to`.
    Recipient,
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Role::Sender => "sender",
            Role::Recipient => "recipient",
        })
    }
}

/// One side of the gateway.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Side {
    /// The SIP side.
    Sip,
    /// The XMPP side.
    Xmpp,
}

impl fmt::Display for Side {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Side::Sip => "SIP",
            Side::Xmpp => "XMPP",
        })
    }
}

/// The URI scheme a JID is mapped to (RFC 7247 §6.5 steps 4 and 7).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum UriScheme {
    /// `sip:` (the default).
    #[default]
    Sip,
    /// `sips:`, by local policy.
    Sips,
    /// `im:`, for `<message/>` when the foreign domain supports it.
    Im,
    /// `pres:`, for `<presence/>` when the foreign domain supports it.
    Pres,
}

impl UriScheme {
    /// The scheme name.
    pub const fn as_str(self) -> &'static str {
        match self {
            UriScheme::Sip => "sip",
            UriScheme::Sips => "sips",
            UriScheme::Im => "im",
            UriScheme::Pres => "pres",
        }
    }
}

impl fmt::Display for UriScheme {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// How a telephone number was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TelephoneForm {
    /// A `tel:` URI (RFC 3966).
    TelUri,
    /// A `sip:` URI with `user=phone` (RFC 3261 §19.1.1).
    UserPhone,
}

impl fmt::Display for TelephoneForm {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            TelephoneForm::TelUri => "a tel: URI",
            TelephoneForm::UserPhone => "a sip: URI with user=phone",
        })
    }
}

/// The part of a URI a decoding fault is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum UriPart {
    /// The user part (local part).
    User,
    /// The `gr` parameter.
    Gr,
}

impl fmt::Display for UriPart {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            UriPart::User => "user part",
            UriPart::Gr => "gr parameter",
        })
    }
}

/// Why an address could not be mapped. The mapper never returns a wrong
/// address instead.
///
/// [`sip_status`](Self::sip_status) is the suggested answer when the
/// failure happens while translating a SIP request (S2X);
/// [`xmpp_condition`](Self::xmpp_condition) when translating a stanza
/// (X2S). Each variant documents both.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum AddressError {
    /// The URI text does not parse. 400 / `jid-malformed`.
    #[error("invalid URI: {0}")]
    Uri(#[from] UriError),
    /// A scheme other than `sip`, `sips`, `im`, `pres` (RFC 7247 §6.4 step
    /// 1). 416 (RFC 3261 §8.2.2.1) / `not-acceptable` (Table B for 416).
    #[error("URI scheme {scheme}: is not mapped to XMPP")]
    UnsupportedScheme {
        /// The scheme, lower-cased.
        scheme: String,
    },
    /// A telephone number: out of scope of RFC 7247 (§6.1). 416, as for a
    /// `tel:` Request-URI / `not-acceptable`.
    #[error("telephone numbers are not mapped to XMPP ({form})")]
    TelephoneNumber {
        /// `tel:` or `user=phone`.
        form: TelephoneForm,
    },
    /// A `sips:` URI, which must not be translated into XMPP (RFC 7247 §8,
    /// CORE-SEC-2) unless [`AddressPolicy::allow_sips`] says the operators
    /// agreed. 403 (V-CORE-8) / `forbidden`.
    #[error("sips: URIs are not translated to XMPP")]
    Sips,
    /// A temporary GRUU (`;gr` without a value): its user part is not the
    /// user's address (RFC 7247 §6.3, V-CORE-2). Use another header (From).
    /// 404 / `item-not-found`.
    #[error("temporary GRUU: the user part is not an address of record")]
    TemporaryGruu,
    /// An `im:`/`pres:` URI without a mailbox. 400 / `jid-malformed`.
    #[error("the URI names no address")]
    NoMailbox,
    /// A `%` not followed by two hex digits, or a character that must be
    /// escaped, in a `gr` header parameter. 400 / `jid-malformed`.
    #[error("invalid percent-escape in the {part}")]
    MalformedEscape {
        /// Where.
        part: UriPart,
    },
    /// The percent-decoded octets are not UTF-8 (RFC 7247 §6.4 step 4).
    /// 400 / `jid-malformed`.
    #[error("the {part} does not decode to UTF-8")]
    NotUtf8 {
        /// Where.
        part: UriPart,
    },
    /// XEP-0106 refuses the local part (a leading or trailing space).
    /// 400 / `jid-malformed`.
    #[error("XEP-0106: {0}")]
    Escape(#[from] EscapeError),
    /// The XEP-0106 escapes would not survive PRECIS enforcement (an
    /// escaped character followed by a combining mark that would merge with
    /// the escape's last digit). 400 / `jid-malformed`.
    #[error("the escaped local part is changed by PRECIS enforcement")]
    UnstableEscape,
    /// The address is not a valid JID (RFC 7622: PRECIS, IDNA2008,
    /// lengths). 400 / `jid-malformed`.
    #[error("not a valid JID: {0}")]
    InvalidJid(#[from] JidError),
    /// The JID cannot be written as a URI of that scheme (a domainpart that
    /// is not a SIP host, such as a numeric top label; a domain-only JID as
    /// an `im:` mailbox). 400 / `jid-malformed`.
    #[error("cannot be written as a {scheme}: URI: {error}")]
    NotRepresentable {
        /// The target scheme.
        scheme: UriScheme,
        /// What the URI parser says of the attempt.
        error: UriError,
    },
    /// The domain is not one the gateway serves on the side the role
    /// requires (see the module documentation). Sender: 403 /
    /// `forbidden`; recipient: 404 / `remote-server-not-found`.
    #[error("{role} domain {domain} is not a {side} domain of this gateway")]
    DomainNotServed {
        /// Sender or recipient.
        role: Role,
        /// The side whose domains were searched.
        side: Side,
        /// The domain (enforced form).
        domain: String,
    },
    /// A recipient in a domain of the source side: translating it would
    /// loop (RFC 7247 §8, CORE-SEC-4). 482 / `not-acceptable` (Table B for
    /// 482).
    #[error("recipient domain {domain} belongs to the source side: translation would loop")]
    Loop {
        /// The domain (enforced form).
        domain: String,
    },
}

/// A status code the const context knows to be in range.
const fn status(code: u16) -> StatusCode {
    match StatusCode::new(code) {
        Some(c) => c,
        None => StatusCode::BAD_REQUEST,
    }
}

impl AddressError {
    /// The SIP answer suggested when mapping failed on a SIP request (S2X).
    pub fn sip_status(&self) -> StatusCode {
        match self {
            AddressError::UnsupportedScheme { .. } | AddressError::TelephoneNumber { .. } => {
                status(416)
            }
            AddressError::Sips => status(403),
            AddressError::TemporaryGruu => status(404),
            AddressError::DomainNotServed { role, .. } => match role {
                Role::Sender => status(403),
                Role::Recipient => status(404),
            },
            AddressError::Loop { .. } => status(482),
            AddressError::Uri(_)
            | AddressError::NoMailbox
            | AddressError::MalformedEscape { .. }
            | AddressError::NotUtf8 { .. }
            | AddressError::Escape(_)
            | AddressError::UnstableEscape
            | AddressError::InvalidJid(_)
            | AddressError::NotRepresentable { .. } => StatusCode::BAD_REQUEST,
        }
    }

    /// The XMPP stanza error suggested when mapping failed on a stanza
    /// (X2S).
    pub fn xmpp_condition(&self) -> DefinedCondition {
        match self {
            AddressError::UnsupportedScheme { .. }
            | AddressError::TelephoneNumber { .. }
            | AddressError::Loop { .. } => DefinedCondition::NotAcceptable,
            AddressError::Sips => DefinedCondition::Forbidden,
            AddressError::TemporaryGruu => DefinedCondition::ItemNotFound,
            AddressError::DomainNotServed { role, .. } => match role {
                Role::Sender => DefinedCondition::Forbidden,
                Role::Recipient => DefinedCondition::RemoteServerNotFound,
            },
            AddressError::Uri(_)
            | AddressError::NoMailbox
            | AddressError::MalformedEscape { .. }
            | AddressError::NotUtf8 { .. }
            | AddressError::Escape(_)
            | AddressError::UnstableEscape
            | AddressError::InvalidJid(_)
            | AddressError::NotRepresentable { .. } => DefinedCondition::JidMalformed,
        }
    }
}

/// The domains the gateway deals with on one side: every domain, or a
/// list (each entry enforced as a JID domainpart, so `EXAMPLE.com.` and
/// `xn--caf-dma.example` match `example.com` and `café.example`).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Domains(Option<Vec<String>>);

impl Domains {
    /// Every domain. Never triggers the loop guard.
    pub const fn any() -> Domains {
        Domains(None)
    }

    /// Exactly these domains.
    ///
    /// ```
    /// use sip_xmpp::address::Domains;
    /// let d = Domains::only(["EXAMPLE.com.", "xn--caf-dma.example"]).unwrap();
    /// assert!(d.contains("example.com") && d.contains("café.example"));
    /// assert!(!d.contains("example.net"));
    /// ```
    pub fn only<I, S>(domains: I) -> Result<Domains, JidError>
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        let mut list = Vec::new();
        for d in domains {
            let d = enforce_domain(d.as_ref())?.into_owned();
            if !list.contains(&d) {
                list.push(d);
            }
        }
        Ok(Domains(Some(list)))
    }

    /// Whether `domain` (an enforced domainpart) is accepted.
    pub fn contains(&self, domain: &str) -> bool {
        self.0
            .as_ref()
            .is_none_or(|l| l.iter().any(|d| d == domain))
    }

    /// Whether `domain` is named by an explicit list.
    fn lists(&self, domain: &str) -> bool {
        self.0
            .as_ref()
            .is_some_and(|l| l.iter().any(|d| d == domain))
    }

    /// The listed domains; `None` for [`Domains::any`].
    pub fn as_list(&self) -> Option<&[String]> {
        self.0.as_deref()
    }
}

/// Switches for the choices RFC 7247 leaves to local policy. The defaults
/// are the conservative readings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct AddressPolicy {
    /// The scheme JIDs are mapped to (CORE-ADDR-12): `sip` unless the
    /// caller knows the foreign domain takes `im`/`pres`, or wants `sips`.
    /// [`AddressMapper::jid_to_uri_as`] overrides it per call. Default
    /// `sip`.
    pub scheme: UriScheme,
    /// Map a resourcepart to a `gr` parameter (CORE-ADDR-10; only for
    /// `sip`/`sips`, CORE-ADDR-13). Default on.
    pub resource_to_gr: bool,
    /// Translate `sips:` URIs into XMPP, which RFC 7247 §8 forbids without
    /// an explicit agreement between the operators (CORE-SEC-2/3). Default
    /// off.
    pub allow_sips: bool,
    /// Treat a `sip:` URI with `user=phone` as a telephone number and
    /// refuse it (V-CORE-3, RFC 7247 §6.1); off maps its user part like
    /// any other. Default on.
    pub user_phone_is_telephone: bool,
    /// Map a temporary GRUU's user part as a bare JID instead of refusing
    /// it (V-CORE-2 reading b). Default off.
    pub map_temporary_gruu: bool,
}

impl Default for AddressPolicy {
    fn default() -> Self {
        AddressPolicy {
            scheme: UriScheme::Sip,
            resource_to_gr: true,
            allow_sips: false,
            user_phone_is_telephone: true,
            map_temporary_gruu: false,
        }
    }
}

/// The `gr` parameter of an address, from the URI or the header.
#[derive(Clone, Copy)]
enum Gr<'a> {
    Absent,
    /// `;gr` without a value: a temporary GRUU.
    Temporary,
    /// `;gr=value`, still percent-escaped.
    Value(&'a str),
}

/// Maps addresses both ways (RFC 7247 §6); see the module documentation.
///
/// ```
/// use sip_xmpp::address::{AddressMapper, Domains, Role};
/// use sip_xmpp::jid::Jid;
/// use sip_xmpp::uri::Uri;
/// let m = AddressMapper::new(
///     Domains::only(["example.net"]).unwrap(),  // SIP side
///     Domains::only(["example.com"]).unwrap(),  // XMPP side
/// );
/// // S2X: a SIP request to juliet.
/// let to: Uri = "sip:juliet@example.com;gr=balcony".parse().unwrap();
/// assert_eq!(m.uri_to_jid(&to, Role::Recipient).unwrap().as_str(), "juliet@example.com/balcony");
/// // X2S: a stanza from juliet to romeo.
/// let from: Jid = "juliet@example.com/balcony".parse().unwrap();
/// assert_eq!(m.jid_to_uri(&from, Role::Sender).unwrap().as_str(), "sip:juliet@example.com;gr=balcony");
/// let to: Jid = r"o\27malley@example.net".parse().unwrap();
/// assert_eq!(m.jid_to_uri(&to, Role::Recipient).unwrap().as_str(), "sip:o'malley@example.net");
/// // Refusals carry the suggested answer.
/// let e = m.uri_to_jid(&"tel:+1-201-555-0123".parse().unwrap(), Role::Recipient).unwrap_err();
/// assert_eq!(e.sip_status().as_u16(), 416);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct AddressMapper {
    sip_domains: Domains,
    xmpp_domains: Domains,
    policy: AddressPolicy,
}

impl AddressMapper {
    /// A mapper serving `sip_domains` on the SIP side and `xmpp_domains`
    /// on the XMPP side, with the default policy.
    pub fn new(sip_domains: Domains, xmpp_domains: Domains) -> Self {
        AddressMapper {
            sip_domains,
            xmpp_domains,
            policy: AddressPolicy::default(),
        }
    }

    /// The same mapper with another policy.
    pub fn with_policy(mut self, policy: AddressPolicy) -> Self {
        self.policy = policy;
        self
    }

    /// The policy.
    pub fn policy(&self) -> &AddressPolicy {
        &self.policy
    }

    /// The SIP-side domains.
    pub fn sip_domains(&self) -> &Domains {
        &self.sip_domains
    }

    /// The XMPP-side domains.
    pub fn xmpp_domains(&self) -> &Domains {
        &self.xmpp_domains
    }

    /// S2X domain checks for an enforced domainpart.
    fn check_s2x(&self, domain: &str, role: Role) -> Result<(), AddressError> {
        self.check(domain, role, Side::Sip, Side::Xmpp)
    }

    /// X2S domain checks for an enforced domainpart.
    fn check_x2s(&self, domain: &str, role: Role) -> Result<(), AddressError> {
        self.check(domain, role, Side::Xmpp, Side::Sip)
    }

    fn domains(&self, side: Side) -> &Domains {
        match side {
            Side::Sip => &self.sip_domains,
            Side::Xmpp => &self.xmpp_domains,
        }
    }

    fn check(
        &self,
        domain: &str,
        role: Role,
        source: Side,
        dest: Side,
    ) -> Result<(), AddressError> {
        let side = match role {
            Role::Sender => source,
            Role::Recipient => {
                if self.domains(source).lists(domain) {
                    return Err(AddressError::Loop {
                        domain: domain.to_owned(),
                    });
                }
                dest
            }
        };
        if self.domains(side).contains(domain) {
            Ok(())
        } else {
            Err(AddressError::DomainNotServed {
                role,
                side,
                domain: domain.to_owned(),
            })
        }
    }

    /// Maps a `sip:`, `sips:`, `im:` or `pres:` URI to a JID (RFC 7247
    /// §6.4, S2X).
    ///
    /// ```
    /// use sip_xmpp::address::{AddressMapper, Role};
    /// let m = AddressMapper::default();
    /// let j = m.uri_to_jid(&"sip:f%C3%BC@sip.example".parse().unwrap(), Role::Recipient).unwrap();
    /// assert_eq!(j.as_str(), "fü@sip.example");
    /// let j = m.uri_to_jid(&"sip:o'malley@sip.example".parse().unwrap(), Role::Recipient).unwrap();
    /// assert_eq!(j.as_str(), r"o\27malley@sip.example");
    /// ```
    pub fn uri_to_jid(&self, uri: &Uri, role: Role) -> Result<Jid, AddressError> {
        self.uri_to_jid_text(uri, role).map(JidText::into_jid)
    }

    /// [`uri_to_jid`](Self::uri_to_jid), borrowing the JID's text from
    /// the URI where it can.
    pub(crate) fn uri_to_jid_text<'u>(
        &self,
        uri: &'u Uri,
        role: Role,
    ) -> Result<JidText<'u>, AddressError> {
        match uri {
            Uri::Sip(u) => match self.plain_sip_to_jid(u.as_str(), role) {
                Some(jid) => jid,
                None => self.sip_uri_to_jid(u.view(), role),
            },
            Uri::Im(u) => self.im_to_jid(u, role).map(JidText::from),
            Uri::Tel(_) => Err(AddressError::TelephoneNumber {
                form: TelephoneForm::TelUri,
            }),
            Uri::Other(o) => Err(AddressError::UnsupportedScheme {
                scheme: o.scheme().to_ascii_lowercase(),
            }),
        }
    }

    /// Maps the address of a From, To or Contact header to a JID: as
    /// [`uri_to_jid`](Self::uri_to_jid), and a `gr` header parameter
    /// (`<sip:juliet@example.com>;gr=balcony`) counts as the URI's when the
    /// URI has none.
    ///
    /// ```
    /// use sip_xmpp::address::{AddressMapper, Role};
    /// use sip_xmpp::sip::NameAddr;
    /// let a = NameAddr::parse("<sip:juliet@example.com>;gr=yn0cl4bnw0yr3vym").unwrap();
    /// let j = AddressMapper::default().name_addr_to_jid(&a, Role::Sender).unwrap();
    /// assert_eq!(j.as_str(), "juliet@example.com/yn0cl4bnw0yr3vym");
    /// ```
    pub fn name_addr_to_jid(&self, addr: &NameAddr<'_>, role: Role) -> Result<Jid, AddressError> {
        match &addr.uri {
            Uri::Sip(u) => self.sip_header_to_jid(u.view(), &addr.params, role),
            uri => self.uri_to_jid_text(uri, role),
        }
        .map(JidText::into_jid)
    }

    /// [`name_addr_to_jid`](Self::name_addr_to_jid) for an address read
    /// without copying its URI, borrowing the JID's text from it where
    /// it can.
    pub(crate) fn name_addr_ref_to_jid<'u>(
        &self,
        addr: &NameAddrRef<'u>,
        role: Role,
    ) -> Result<JidText<'u>, AddressError> {
        match &addr.uri {
            UriRef::Sip(u) => self.sip_header_to_jid(u.view(), &addr.params, role),
            UriRef::Known(u) => self.sip_header_to_jid(u.view(), &addr.params, role),
            UriRef::Other(uri) => self.uri_to_jid(uri, role).map(JidText::from),
        }
    }

    /// [`uri_to_jid`](Self::uri_to_jid) for a URI read without copying
    /// it, borrowing the JID's text from it where it can.
    pub(crate) fn uri_ref_to_jid<'u>(
        &self,
        uri: &UriRef<'u>,
        role: Role,
    ) -> Result<JidText<'u>, AddressError> {
        match uri {
            UriRef::Sip(u) => self.sip_uri_to_jid(u.view(), role),
            UriRef::Known(u) => self.sip_uri_to_jid(u.view(), role),
            UriRef::Other(uri) => self.uri_to_jid(uri, role).map(JidText::from),
        }
    }

    /// RFC 7247 §6.4 for the most common address, read in one pass:
    /// `sip:` (in any case), a user part of characters that every step of
    /// the mapping and enforcement leave as they are (lower-case letters,
    /// digits and `-_.!~*()=+$`), `@`, a lower-case domain name that
    /// enforcement leaves as it is, and nothing else (no password, port,
    /// parameters or headers). The JID is `user@host` as written, a slice
    /// of `uri`. `None` for any other text, which the general reading
    /// maps. Where this answers, the general reading accepts the text
    /// as a SIP URI and maps it to the same JID, or refuses its domain
    /// with the same error (a differential test checks both).
    ///
    /// The caller has checked the text's length against its limits.
    pub(crate) fn plain_sip_to_jid<'a>(
        &self,
        uri: &'a str,
        role: Role,
    ) -> Option<Result<JidText<'a>, AddressError>> {
        let (jid, at) = plain_sip_prefix(uri)?;
        if 4 + jid.len() != uri.len() {
            return None;
        }
        self.plain_jid(jid, at, role)
    }

    /// [`plain_sip_to_jid`](Self::plain_sip_to_jid) for the value of a
    /// From, To or Contact header: the URI as an addr-spec or in `<>`,
    /// then header parameters as [`plain_addr_uri`](crate::sip::plain_addr_uri)
    /// reads them (what it gives is that URI). The URI is at most
    /// `max_uri_bytes` long.
    pub(crate) fn plain_addr_to_jid<'a>(
        &self,
        v: &'a str,
        max_uri_bytes: usize,
        role: Role,
    ) -> Option<Result<JidText<'a>, AddressError>> {
        let (inner, angle) = match v.strip_prefix('<') {
            Some(inner) => (inner, true),
            None => (v, false),
        };
        let (jid, at) = plain_sip_prefix(inner)?;
        let after = inner.get(4 + jid.len()..)?;
        let params = if angle {
            after.strip_prefix('>')?
        } else {
            after
        };
        if 4 + jid.len() > max_uri_bytes || !crate::sip::plain_header_params(params) {
            return None;
        }
        self.plain_jid(jid, at, role)
    }

    /// The JID `user@host` of [`plain_sip_prefix`], when its host is a
    /// plain host name, after the domain checks.
    fn plain_jid<'a>(
        &self,
        jid: &'a str,
        at: usize,
        role: Role,
    ) -> Option<Result<JidText<'a>, AddressError>> {
        let host = jid.get(at + 1..)?;
        if !crate::jid::is_plain_host_name(host) {
            return None;
        }
        Some(
            self.check_s2x(host, role)
                .map(|()| JidText::bare_enforced(Cow::Borrowed(jid), Some(at))),
        )
    }

    /// A SIP or SIPS URI with the `gr` it holds, if any.
    fn sip_uri_to_jid<'u>(
        &self,
        u: SipView<'u, '_>,
        role: Role,
    ) -> Result<JidText<'u>, AddressError> {
        let gr = match u.gr() {
            None => Gr::Absent,
            Some(None) => Gr::Temporary,
            Some(Some(v)) => Gr::Value(v.as_raw()),
        };
        self.sip_to_jid(u, gr, role)
    }

    /// The SIP or SIPS URI of a header with the header's parameters: the
    /// URI's `gr`, else the header's.
    fn sip_header_to_jid<'u>(
        &self,
        u: SipView<'u, '_>,
        params: &Params<'_>,
        role: Role,
    ) -> Result<JidText<'u>, AddressError> {
        if u.gr().is_some() {
            return self.sip_uri_to_jid(u, role);
        }
        let gr = match params.get("gr") {
            None => Gr::Absent,
            Some(p) => match &p.value {
                None => Gr::Temporary,
                Some(v) => {
                    let v = v.as_str();
                    check_chars(v)
                        .map_err(|_| AddressError::MalformedEscape { part: UriPart::Gr })?;
                    Gr::Value(v)
                }
            },
        };
        self.sip_to_jid(u, gr, role)
    }

    /// RFC 7247 §6.4 for a SIP or SIPS URI with the `gr` that applies.
    /// The JID borrows the URI's text when it is a slice of it: a user
    /// part and a domain name that the mapping and enforcement leave as
    /// they are, with no resource (`sip:juliet@example.com` gives
    /// `juliet@example.com`, read in place).
    fn sip_to_jid<'u>(
        &self,
        u: SipView<'u, '_>,
        gr: Gr<'_>,
        role: Role,
    ) -> Result<JidText<'u>, AddressError> {
        if u.is_sips() && !self.policy.allow_sips {
            return Err(AddressError::Sips);
        }
        if self.policy.user_phone_is_telephone
            && u.user_param()
                .is_some_and(|p| p.eq_ignore_ascii_case("phone"))
        {
            return Err(AddressError::TelephoneNumber {
                form: TelephoneForm::UserPhone,
            });
        }
        // Enforced: an address in the form `Display` writes is what
        // enforcement gives for it.
        let (domain, domain_as_written) = match u.host() {
            Host::Domain(d) => {
                let e = enforce_domain(d)?;
                let same = matches!(e, Cow::Borrowed(t) if t.len() == d.len());
                (e, same)
            }
            Host::Ipv4(a) => (Cow::Owned(a.to_string()), false),
            Host::Ipv6(a) => (Cow::Owned(format!("[{a}]")), false),
        };
        self.check_s2x(&domain, role)?;
        let resource = match gr {
            Gr::Absent => None,
            Gr::Temporary if self.policy.map_temporary_gruu => None,
            Gr::Temporary => return Err(AddressError::TemporaryGruu),
            Gr::Value(v) => Some(decode_utf8(v, UriPart::Gr)?),
        };
        match u.user().map(|e| local_to_jid(e.as_raw())).transpose()? {
            Some(Local::Enforced(local)) => {
                match (&resource, domain_as_written, u.user_at_host()) {
                    // `user@host` as written is the JID: the local part is
                    // the user part as it is (`Local::Enforced`) and the
                    // domain the host as it is.
                    (None, true, Some(text)) => Ok(JidText::bare_enforced(
                        Cow::Borrowed(text),
                        Some(local.len()),
                    )),
                    _ => Jid::from_enforced_local_and_domain(
                        Some(local),
                        &domain,
                        resource.as_deref(),
                    )
                    .map(JidText::from)
                    .map_err(AddressError::from),
                }
            }
            // An enforced domain alone is the JID.
            None if resource.is_none() => Ok(JidText::bare_enforced(domain, None)),
            local => assemble(
                local.as_ref().map(Local::as_str),
                &domain,
                resource.as_deref(),
            )
            .map(JidText::from),
        }
    }

    fn im_to_jid(&self, u: &ImUri, role: Role) -> Result<Jid, AddressError> {
        let domain = u.domain().ok_or(AddressError::NoMailbox)?;
        let domain = enforce_domain(domain)?;
        self.check_s2x(&domain, role)?;
        let local = u.local().map(|e| local_to_jid(e.as_raw())).transpose()?;
        assemble(local.as_ref().map(Local::as_str), &domain, None)
    }

    /// Maps a JID to a URI of the policy's scheme (RFC 7247 §6.5, X2S).
    pub fn jid_to_uri(&self, jid: &Jid, role: Role) -> Result<Uri, AddressError> {
        self.jid_to_uri_as(jid, role, self.policy.scheme)
    }

    /// Maps a JID to a URI of the given scheme (RFC 7247 §6.5, X2S): for a
    /// `<message/>` to an `im`-capable domain, `im`; for a `<presence/>` to
    /// a `pres`-capable one, `pres` (CORE-ADDR-12). A resourcepart becomes
    /// `gr` for `sip`/`sips` when the policy says so, and is dropped for
    /// `im`/`pres` (CORE-ADDR-13).
    ///
    /// ```
    /// use sip_xmpp::address::{AddressMapper, Role, UriScheme};
    /// let m = AddressMapper::default();
    /// let j = "(x),y@example.com".parse().unwrap();
    /// assert_eq!(m.jid_to_uri_as(&j, Role::Recipient, UriScheme::Im).unwrap().as_str(), "im:%28x%29%2Cy@example.com");
    /// let j = "juliet@café.example".parse().unwrap();
    /// assert_eq!(m.jid_to_uri(&j, Role::Recipient).unwrap().as_str(), "sip:juliet@xn--caf-dma.example");
    /// ```
    pub fn jid_to_uri_as(
        &self,
        jid: &Jid,
        role: Role,
        scheme: UriScheme,
    ) -> Result<Uri, AddressError> {
        self.parts_to_uri(jid.local(), jid.domain(), jid.resource(), role, scheme)
    }

    /// [`jid_to_uri`](Self::jid_to_uri) of a JID read by
    /// [`Jid::parse_parts`], without making a [`Jid`] of it, and without
    /// making a [`Uri`] when the URI is a plain `sip`/`sips` one: what a
    /// writer of bytes needs. The same URI text (and the same error) as
    /// [`jid_to_uri`](Self::jid_to_uri) of the assembled JID.
    pub(crate) fn jid_parts_to_uri<'a>(
        &self,
        jid: &JidParts<'a>,
        role: Role,
    ) -> Result<MappedUri<'a>, AddressError> {
        let scheme = self.policy.scheme;
        if !matches!(scheme, UriScheme::Sip | UriScheme::Sips) {
            return self.jid_parts_to_general_uri(jid, role).map(MappedUri::Uri);
        }
        self.check_x2s(&jid.domain, role)?;
        let host = map_cow(&jid.domain, domain_to_ascii)?;
        let user = jid
            .local
            .as_ref()
            .map(|l| map_cow(l, unescape_localpart))
            .transpose()?;
        let gr = match &jid.resource {
            Some(Cow::Borrowed(r)) if self.policy.resource_to_gr => Some(*r),
            // A resource that enforcement changed (rare): the general way.
            Some(Cow::Owned(_)) if self.policy.resource_to_gr => {
                return self.jid_parts_to_general_uri(jid, role).map(MappedUri::Uri);
            }
            _ => None,
        };
        match SipUri::plain_parts(scheme == UriScheme::Sips, user, host, gr) {
            // RFC 3261 reads a domain of numeric labels as an IPv4 address
            // (see `parts_to_uri`): the general way gives the error.
            Some(p) if !p.has_ipv4_host() || jid.domain.parse::<Ipv4Addr>().is_ok() => {
                Ok(MappedUri::Plain(p))
            }
            _ => self.jid_parts_to_general_uri(jid, role).map(MappedUri::Uri),
        }
    }

    /// [`jid_parts_to_uri`](Self::jid_parts_to_uri) for the most common
    /// JID, read and mapped in one pass: `local@domain` or
    /// `local@domain/resource`, the local part of [`PLAIN_USER`] bytes
    /// (which enforcement, XEP-0106 unescaping and SIP escaping all leave
    /// as they are), the domain a plain host name, the resource of SIP
    /// `unreserved` characters (which OpaqueString enforcement and
    /// `paramchar` escaping leave as they are); for the `sip` and `sips`
    /// schemes. The URI borrows its parts from `jid`. `None` for any
    /// other text, which `Jid::parse_parts` and `jid_parts_to_uri` map;
    /// where this answers, they give the same URI or the same refusal of
    /// its domain (a differential test checks both).
    pub(crate) fn plain_jid_to_uri<'a>(
        &self,
        jid: &'a str,
        role: Role,
    ) -> Option<Result<MappedUri<'a>, AddressError>> {
        let secure = match self.policy.scheme {
            UriScheme::Sip => false,
            UriScheme::Sips => true,
            _ => return None,
        };
        let (at, end) = plain_user_at_host(jid)?;
        let domain = jid.get(at + 1..end)?;
        let resource = match jid.as_bytes().get(end) {
            None => None,
            Some(b'/') => Some(jid.get(end + 1..)?),
            Some(_) => return None,
        };
        if resource.is_some_and(|r| {
            r.is_empty()
                || r.len() > crate::jid::MAX_PART_BYTES
                || !r.bytes().all(crate::uri::is_unreserved)
        }) || !crate::jid::is_plain_host_name(domain)
        {
            return None;
        }
        let gr = resource.filter(|_| self.policy.resource_to_gr);
        let uri = PlainSipUri::of_plain_name(secure, jid.get(..at)?, domain, gr)?;
        Some(self.check_x2s(domain, role).map(|()| MappedUri::Plain(uri)))
    }

    fn jid_parts_to_general_uri(
        &self,
        jid: &JidParts<'_>,
        role: Role,
    ) -> Result<Uri, AddressError> {
        self.parts_to_uri(
            jid.local.as_deref(),
            &jid.domain,
            jid.resource.as_deref(),
            role,
            self.policy.scheme,
        )
    }

    /// [`jid_to_uri_as`](Self::jid_to_uri_as) of a JID's enforced parts.
    fn parts_to_uri(
        &self,
        local: Option<&str>,
        domain: &str,
        resource: Option<&str>,
        role: Role,
        scheme: UriScheme,
    ) -> Result<Uri, AddressError> {
        self.check_x2s(domain, role)?;
        let host = domain_to_ascii(domain)?;
        let user = local.map(unescape_localpart).transpose()?;
        let unrepresentable = |error| AddressError::NotRepresentable { scheme, error };
        match scheme {
            UriScheme::Sip | UriScheme::Sips => {
                let gr = resource.filter(|_| self.policy.resource_to_gr);
                let u = SipUri::from_parts(
                    scheme == UriScheme::Sips,
                    user.as_deref(),
                    None,
                    &host,
                    None,
                    gr.map(|r| ("gr", Some(r))).into_iter(),
                    std::iter::empty(),
                )
                .map_err(unrepresentable)?;
                // A name of numeric labels is a JID domainpart, but RFC 3261
                // reads `2.201.1.03` as the IPv4 address 2.201.1.3 (its
                // IPv4address allows leading zeros; RFC 3986's does not).
                if u.has_ipv4_host() && domain.parse::<Ipv4Addr>().is_err() {
                    let offset = (u.host_str().as_ptr() as usize)
                        .saturating_sub(u.as_str().as_ptr() as usize);
                    return Err(unrepresentable(UriError::Host { offset }));
                }
                Ok(Uri::Sip(u))
            }
            UriScheme::Im | UriScheme::Pres => {
                let user_len = user
                    .as_deref()
                    .map_or(0, |u| escaped_len(u, is_im_local_byte) + 1);
                let mut s =
                    String::with_capacity(scheme.as_str().len() + 1 + user_len + host.len());
                s.push_str(scheme.as_str());
                s.push(':');
                if let Some(u) = user {
                    escape_into(&mut s, &u, is_im_local_byte);
                    s.push('@');
                }
                s.push_str(&host);
                ImUri::parse_owned(s).map(Uri::Im).map_err(unrepresentable)
            }
        }
    }
}

/// The URI a JID maps to ([`AddressMapper::jid_parts_to_uri`]).
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum MappedUri<'a> {
    /// A plain `sip`/`sips` URI, written from its parts.
    Plain(PlainSipUri<'a>),
    /// Any other URI, made the general way.
    Uri(Uri),
}

/// `f` of a part that may borrow from the input (`'a`) or be owned: the
/// result borrows from the input where `f` leaves a borrowed part as it is.
fn map_cow<'a, E>(
    part: &Cow<'a, str>,
    f: impl for<'s> Fn(&'s str) -> Result<Cow<'s, str>, E>,
) -> Result<Cow<'a, str>, E> {
    match part {
        Cow::Borrowed(s) => f(s),
        Cow::Owned(s) => f(s).map(|c| Cow::Owned(c.into_owned())),
    }
}

/// Characters kept as they are in an `im:`/`pres:` local part: RFC 5322
/// `atext` without `%` (which would start an escape) and without `.`
/// (RFC 7247 Table 1 marks it disallowed; V-CORE-4 reading a).
const fn is_im_local_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric()
        || matches!(
            b,
            b'!' | b'#'
                | b'$'
                | b'&'
                | b'\''
                | b'*'
                | b'+'
                | b'-'
                | b'/'
                | b'='
                | b'?'
                | b'^'
                | b'_'
                | b'`'
                | b'{'
                | b'|'
                | b'}'
                | b'~'
        )
}

/// Percent-decodes a component and reads it as UTF-8 (RFC 7247 §6.4
/// steps 3 and 4).
fn decode_utf8(raw: &str, part: UriPart) -> Result<Cow<'_, str>, AddressError> {
    match Escaped(raw).decode() {
        // Nothing escaped: the text itself.
        Cow::Borrowed(_) => Ok(Cow::Borrowed(raw)),
        Cow::Owned(bytes) => String::from_utf8(bytes)
            .map(Cow::Owned)
            .map_err(|_| AddressError::NotUtf8 { part }),
    }
}

/// A local part mapped to a JID localpart (RFC 7247 §6.4 steps 3 to 6).
#[derive(Debug, Clone, PartialEq, Eq)]
enum Local<'a> {
    /// The text as it is, which enforcement leaves as it is too: visible
    /// ASCII other than upper case and the characters escaped or excluded
    /// (`%` `"` `&` `'` `/` `:` `<` `>` `@` `\`), at most 1023 octets.
    /// UsernameCaseMapped reads such text as ASCII and only lower-cases
    /// it, and RFC 7622 excludes none of it, so `enforce_localpart` gives
    /// it back unchanged.
    Enforced(&'a str),
    /// Text still to go through enforcement in [`assemble`].
    Mapped(Cow<'a, str>),
}

impl Local<'_> {
    fn as_str(&self) -> &str {
        match self {
            Local::Enforced(s) => s,
            Local::Mapped(s) => s,
        }
    }
}

/// RFC 7247 §6.4 steps 3 to 6 for a local part: decode, map, escape. The
/// result is checked against enforcement in [`assemble`], unless it is
/// [`Local::Enforced`].
fn local_to_jid(raw: &str) -> Result<Local<'_>, AddressError> {
    // The usual local part goes through every step unchanged: no escape
    // to decode, no upper case to map, none of the ten characters XEP-0106
    // escapes (a backslash is left to the full path), and nothing
    // enforcement changes or refuses.
    if !raw.is_empty()
        && raw.len() <= crate::jid::MAX_PART_BYTES
        && raw.bytes().all(|c| ENFORCED_LOCAL[usize::from(c)])
    {
        return Ok(Local::Enforced(raw));
    }
    if !raw.is_empty() && raw.bytes().all(|c| UNCHANGED_LOCAL[usize::from(c)]) {
        return Ok(Local::Mapped(Cow::Borrowed(raw)));
    }
    let decoded = decode_utf8(raw, UriPart::User)?;
    let mapped = map_localpart(&decoded)?;
    let escaped = escape_localpart_cow(&mapped)?;
    Ok(Local::Mapped(match (&decoded, &mapped, escaped) {
        // Unchanged by every step: the text itself.
        (Cow::Borrowed(_), Cow::Borrowed(_), Cow::Borrowed(_)) => Cow::Borrowed(raw),
        (_, _, escaped) => Cow::Owned(escaped.into_owned()),
    }))
}

crate::grammar::byte_table!(
    /// The user-part bytes of [`AddressMapper::plain_sip_to_jid`]: RFC
    /// 3261 `user` characters other than escapes that are also
    /// [`ENFORCED_LOCAL`] bytes (so the user part is its own local part),
    /// without the `;`, `?` and `,` that end the URI of an addr-spec.
    PLAIN_USER = |b| b.is_ascii_lowercase()
        || b.is_ascii_digit()
        || matches!(b, b'-' | b'_' | b'.' | b'!' | b'~' | b'*' | b'(' | b')' | b'=' | b'+' | b'$')
);

/// `sip:` (in any case), a non-empty run of [`PLAIN_USER`] bytes of at
/// most 1023, `@` and a run of lower-case letters, digits, `.` and `-` at
/// the start of `s`: that run (`user@host`, maybe followed by more) and
/// the offset of its `@`.
fn plain_sip_prefix(s: &str) -> Option<(&str, usize)> {
    let rest = match s.as_bytes().first_chunk::<4>() {
        Some(scheme) if scheme.eq_ignore_ascii_case(b"sip:") => s.get(4..)?,
        _ => return None,
    };
    let (at, end) = plain_user_at_host(rest)?;
    Some((rest.get(..end)?, at))
}

/// A non-empty run of [`PLAIN_USER`] bytes of at most 1023, `@` and a run
/// of [`PLAIN_HOST`] bytes at the start of `s`: the offsets of the `@`
/// and of the end of the second run.
fn plain_user_at_host(s: &str) -> Option<(usize, usize)> {
    let b = s.as_bytes();
    let at = crate::grammar::run_end(b, 0, &PLAIN_USER);
    if at == 0 || at > crate::jid::MAX_PART_BYTES || b.get(at) != Some(&b'@') {
        return None;
    }
    Some((at, crate::grammar::run_end(b, at + 1, &PLAIN_HOST)))
}

crate::grammar::byte_table!(
    /// The bytes of a host name [`plain_sip_prefix`] reads.
    PLAIN_HOST = |b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'.' || b == b'-'
);

/// [`UNCHANGED_LOCAL`] without the bytes enforcement refuses (controls,
/// DEL): the bytes of a [`Local::Enforced`].
const ENFORCED_LOCAL: [bool; 256] = {
    let mut t = [false; 256];
    let mut i = 0x21;
    while i < 0x7f {
        t[i] = UNCHANGED_LOCAL[i];
        i += 1;
    }
    t
};

/// The bytes of a local part that decoding, the mapping steps (on ASCII,
/// lower-casing) and XEP-0106 escaping all leave as they are.
const UNCHANGED_LOCAL: [bool; 256] = {
    let mut t = [false; 256];
    let mut i = 0;
    while i < 128 {
        let c = i as u8;
        t[i] = !c.is_ascii_uppercase()
            && !matches!(
                c,
                b'%' | b' ' | b'"' | b'&' | b'\'' | b'/' | b':' | b'<' | b'>' | b'@' | b'\\'
            );
        i += 1;
    }
    t
};

/// Builds the JID, refusing a localpart that enforcement changes: after
/// the mapping steps, enforcement can only change an escaped localpart by
/// merging an escape's last digit with a following combining mark, which
/// would alter what the escapes say. `domain` is already enforced.
fn assemble(
    local: Option<&str>,
    domain: &str,
    resource: Option<&str>,
) -> Result<Jid, AddressError> {
    let jid = Jid::from_enforced_domain(local, domain, resource)?;
    if jid.local() != local {
        return Err(AddressError::UnstableEscape);
    }
    Ok(jid)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `escape_into` copies runs of kept bytes whole: the `im:` local part
    /// class keeps only ASCII bytes, and never `%`.
    #[test]
    fn im_local_class_keeps_only_ascii() {
        assert!((0x80..=0xff).all(|b| !is_im_local_byte(b)));
        assert!(!is_im_local_byte(b'%'));
    }

    fn s2x(uri: &str) -> Result<String, AddressError> {
        let u = Uri::parse(uri)?;
        AddressMapper::default()
            .uri_to_jid(&u, Role::Recipient)
            .map(|j| j.to_string())
    }

    #[test]
    fn escapes_survive_enforcement_or_are_refused() {
        assert_eq!(
            s2x("sip:A%5C2Fb@example.com").unwrap(),
            r"a\5c2fb@example.com"
        );
        assert_eq!(
            s2x("sip:%EF%BC%BC%EF%BC%92%EF%BC%90x@example.com").unwrap(),
            r"\5c20x@example.com"
        );
        assert_eq!(
            s2x("sip:a%2F%CC%87@example.com"),
            Err(AddressError::UnstableEscape)
        );
    }

    /// The three steps without the shortcut for plain local parts.
    fn by_steps(raw: &str) -> Result<Cow<'_, str>, AddressError> {
        let decoded = decode_utf8(raw, UriPart::User)?;
        let mapped = map_localpart(&decoded)?;
        let escaped = escape_localpart_cow(&mapped)?;
        Ok(Cow::Owned(escaped.into_owned()))
    }

    proptest::proptest! {
        /// The shortcut gives what the three steps give.
        #[test]
        fn local_shortcut_is_steps(raw in "[a-zA-Z0-9%\\\\ '@/.~_-]{0,10}|.{0,6}") {
            proptest::prop_assert_eq!(
                local_to_jid(&raw).map(|l| l.as_str().to_owned()),
                by_steps(&raw).map(Cow::into_owned)
            );
            // Enforcement leaves a local part taken as enforced as it is.
            if let Ok(Local::Enforced(l)) = local_to_jid(&raw) {
                proptest::prop_assert_eq!(
                    crate::jid::enforce_localpart(l),
                    Ok(Cow::Borrowed(l))
                );
            }
        }
    }

    /// Header values of From/To/Contact: display names, angle brackets or
    /// not, SIP and other schemes, `gr` in the URI or the header, and the
    /// bytes that break each part.
    fn name_addr_strategy() -> impl proptest::strategy::Strategy<Value = String> {
        use proptest::prelude::*;
        (
            prop_oneof![6 => "", 1 => "\"J R\" |Bob |\"x\\\\\"y\" |a,b "],
            prop_oneof![6 => "sip:", 1 => "sips:|SIP:|tel:|im:|mailto:|urn:|sipx:|"],
            prop_oneof![
                4 => "[a-z0-9.'+-]{1,6}@",
                1 => "[a-zA-Z0-9.%'+-]{0,6}@|[a-z]{1,3}:[a-z0-9]{0,3}@",
            ],
            prop_oneof![
                4 => "[a-z]{1,6}\\.(com|net)",
                1 => "[a-zA-Z0-9.-]{0,12}|\\[2001:db8::1\\]|192\\.0\\.2\\.4|[a-z@:?, ]{0,4}",
            ],
            "(;(gr|user|transport|lr)(=[a-zA-Z0-9%:.-]{0,5})?){0,2}",
            "(;(tag|gr|expires)(=[a-zA-Z0-9%.\"-]{0,5})?){0,2}[ ;>]{0,1}",
            proptest::bool::ANY,
        )
            .prop_map(|(dn, scheme, user, host, uparams, hparams, angle)| {
                header_value(
                    &dn,
                    &format!("{scheme}{user}{host}{uparams}"),
                    &hparams,
                    angle,
                )
            })
    }

    /// A From/To/Contact value: the URI in angle brackets (always after a
    /// display name) or bare, then the header parameters.
    fn header_value(dn: &str, uri: &str, hparams: &str, angle: bool) -> String {
        if angle || !dn.is_empty() {
            format!("{dn}<{uri}>{hparams}")
        } else {
            format!("{uri}{hparams}")
        }
    }

    /// Addresses near the plain form `sip:user@host;tag=x` that the
    /// one-pass reading takes: every way to step just outside it.
    fn plain_address_strategy() -> impl proptest::strategy::Strategy<Value = String> {
        use proptest::prelude::*;
        (
            prop_oneof![3 => "", 1 => "Bob |\"R\" | "],
            prop_oneof![3 => "sip:", 1 => "SIP:|Sip:|sips:|im:|sip|"],
            prop_oneof![
                3 => "[a-z0-9._!~*()=+$-]{1,8}",
                1 => "[a-zA-Z0-9;?,/&'%:\\@\"]{0,4}|[a-z]{0,2}['A-Z\\&/][a-z]{0,2}|[a-z]{0,2}%(2[0-9a-f]|4[0-9a-f]|6[0-9a-f])[a-z]{0,2}|",
            ],
            prop_oneof![3 => "@", 1 => "@@|:pw@|"],
            prop_oneof![
                3 => "[a-z][a-z0-9-]{0,5}\\.(com|net|example)",
                1 => "[a-z0-9-]{1,4}(\\.[a-z0-9-]{1,4}){0,2}\\.?|[a-zA-Z0-9.-]{0,8}|[a-z]{1,3}[A-Z]\\.com|xn--caf-dma\\.example|192\\.0\\.2\\.1|\\[::1\\]|a{60,66}\\.com",
            ],
            prop_oneof![3 => "", 1 => ":5060|;gr=x|;user=phone|;lr|\\?a=b| |\t|>"],
            prop_oneof![
                4 => "(;(tag|expires|x-y)=[a-zA-Z0-9.!%*_+`'~-]{1,5}){0,2}",
                1 => "(;(tag|TAG|gr|GR|expires|a|b|c|d)(=[a-z0-9\"]{0,3})?){0,5}[ ;,<>]{0,1}",
            ],
            proptest::bool::ANY,
        )
            .prop_map(|(dn, scheme, user, at, host, uri_tail, hparams, angle)| {
                header_value(&dn, &format!("{scheme}{user}{at}{host}{uri_tail}"), &hparams, angle)
            })
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2048))]
        /// The one-pass reading of a plain address gives what the general
        /// reading gives: the value reads as a name-addr whose URI maps
        /// to the same JID, or to the same refusal (the domains a mapper
        /// serves included); for a URI alone, the same again.
        #[test]
        fn plain_address_is_general(v in plain_address_strategy(), sender: bool, served: bool, limit in 8usize..40) {
            let role = if sender { Role::Sender } else { Role::Recipient };
            let m = if served {
                AddressMapper::new(
                    Domains::only(["example.net", "a.com"]).unwrap(),
                    Domains::only(["example.com", "b.net"]).unwrap(),
                )
            } else {
                AddressMapper::default()
            };
            for max_uri_bytes in [crate::limits::ParseLimits::DEFAULT.max_uri_bytes, limit] {
                let limits = crate::limits::ParseLimits { max_uri_bytes, ..crate::limits::ParseLimits::DEFAULT };
                let fast = m.plain_addr_to_jid(&v, limits.max_uri_bytes, role);
                // The same as reading the plain URI, then mapping it.
                proptest::prop_assert_eq!(
                    &fast,
                    &crate::sip::plain_addr_uri(&v)
                        .filter(|u| u.len() <= limits.max_uri_bytes)
                        .and_then(|u| m.plain_sip_to_jid(u, role))
                );
                let Some(fast) = fast else { continue };
                let general = NameAddrRef::parse_with(&v, &limits);
                proptest::prop_assert!(general.is_ok(), "{} {:?}", &v, general);
                if let Ok(general) = &general {
                    proptest::prop_assert_eq!(
                        fast.clone().map(JidText::into_jid),
                        m.name_addr_ref_to_jid(general, role).map(JidText::into_jid),
                        "{}", &v
                    );
                }
            }
            // A To whose plain URI is the Request-URI's text reads as the
            // Request-URI itself (the IM mapping does not read it again).
            // Comparing with a URI already read says what reading says.
            let candidates = [
                crate::sip::plain_addr_uri(&v),
                v.trim_start_matches('<').split([';', '>']).next(),
                Some("sip:juliet@example.com"),
            ];
            for u in candidates.into_iter().flatten().filter_map(|u| SipUri::parse(u).ok()) {
                proptest::prop_assert_eq!(
                    crate::sip::is_plain_addr_of(&v, &u),
                    crate::sip::plain_addr_uri(&v) == Some(u.as_str()),
                    "{} {}", &v, u.as_str()
                );
            }
            if let Some(Ok(known)) = crate::sip::plain_addr_uri(&v).map(SipUri::parse) {
                let limits = crate::limits::ParseLimits::DEFAULT;
                let general = NameAddrRef::parse_known(&v, &limits, Some(&known));
                proptest::prop_assert!(
                    matches!(&general, Ok(a) if a.uri == UriRef::Known(&known)),
                    "{} {:?}", &v, general
                );
            }
            if let Ok(Uri::Sip(u)) = Uri::parse(&v) {
                if let Some(fast) = m.plain_sip_to_jid(&v, role) {
                    proptest::prop_assert_eq!(
                        fast.map(JidText::into_jid),
                        m.sip_uri_to_jid(u.view(), role).map(JidText::into_jid)
                    );
                }
            } else {
                proptest::prop_assert!(m.plain_sip_to_jid(&v, role).is_none(), "{}", &v);
            }
        }
    }

    /// The one-pass reading answers for the usual forms (so the
    /// differential test above compares something), and not for others.
    #[test]
    fn plain_address_forms() {
        let m = AddressMapper::default();
        for (v, jid) in [
            ("sip:romeo@example.net;tag=vwxyz", Some("romeo@example.net")),
            ("<sip:juliet@example.com>", Some("juliet@example.com")),
            (
                "<SIP:a.b-c_d@x1.example>;tag=1;expires=3",
                Some("a.b-c_d@x1.example"),
            ),
            ("sip:romeo@Example.net;tag=vwxyz", None),
            ("sip:Romeo@example.net", None),
            ("sip:romeo@example.net;gr=x", None),
            ("sip:romeo@example.net;tag=1;TAG=2", None),
            ("sip:romeo@example.net:5060", None),
            ("sip:romeo@192.0.2.1", None),
            ("sip:romeo@example.123", None),
            ("sip:romeo@xn--caf-dma.example", None),
            ("\"Romeo\" <sip:romeo@example.net>", None),
            ("sips:romeo@example.net", None),
            ("sip:example.net", None),
        ] {
            let fast = m
                .plain_addr_to_jid(v, 64, Role::Sender)
                .map(|j| j.map(|j| j.view().as_str().to_owned()));
            assert_eq!(fast, jid.map(|j| Ok(j.to_owned())), "{v}");
        }
    }

    proptest::proptest! {
        /// A JID mapped from an address is an enforced JID whose offsets
        /// are right (it reads back as itself and is what its parts
        /// assemble to); when its text is borrowed, it is a slice of the
        /// header value; and the in-place reading gives what assembling
        /// gives: the same address with its host in upper case (which
        /// enforcement lower-cases, so the text is never a slice) maps to
        /// the same JID.
        #[test]
        fn borrowed_jid_is_assembled(v in name_addr_strategy(), sender: bool) {
            let limits = crate::limits::ParseLimits::DEFAULT;
            let role = if sender { Role::Sender } else { Role::Recipient };
            let m = AddressMapper::default();
            let Ok(b) = NameAddrRef::parse_with(&v, &limits) else {
                return Ok(());
            };
            let mapped = m.name_addr_ref_to_jid(&b, role);
            if let Ok(j) = &mapped {
                let view = j.view();
                proptest::prop_assert_eq!(Jid::parse(view.as_str()), Ok(view.to_jid()));
                proptest::prop_assert_eq!(
                    Jid::from_parts(view.local(), view.domain(), view.resource()),
                    Ok(view.to_jid())
                );
                if j.is_borrowed() {
                    let start = view.as_str().as_ptr() as usize - v.as_ptr() as usize;
                    proptest::prop_assert!(v.get(start..start + view.as_str().len()) == Some(view.as_str()));
                }
            }
            if let Some(Host::Domain(h)) = b.uri.as_sip().map(|u| u.host()) {
                let at = h.as_ptr() as usize - v.as_ptr() as usize;
                let upper = format!("{}{}{}", &v[..at], h.to_ascii_uppercase(), &v[at + h.len()..]);
                let b2 = NameAddrRef::parse_with(&upper, &limits);
                let b2 = b2.as_ref().map_err(Clone::clone);
                proptest::prop_assert!(b2.is_ok(), "{}", upper);
                if let Ok(b2) = b2 {
                    let j2 = m.name_addr_ref_to_jid(b2, role);
                    proptest::prop_assert!(!j2.as_ref().is_ok_and(|j| j.is_borrowed() && h.bytes().any(|c| c.is_ascii_lowercase())));
                    proptest::prop_assert_eq!(
                        j2.map(JidText::into_jid),
                        mapped.map(JidText::into_jid)
                    );
                }
            }
        }
    }

    proptest::proptest! {
        /// An address read without copying its URI is the one read with
        /// the copy, refusals included, and maps to the same JID or error.
        #[test]
        fn borrowed_address_is_owned(v in name_addr_strategy(), sender: bool, temporary: bool) {
            let limits = crate::limits::ParseLimits::DEFAULT;
            let role = if sender { Role::Sender } else { Role::Recipient };
            let m = AddressMapper::default().with_policy(AddressPolicy {
                map_temporary_gruu: temporary,
                ..AddressPolicy::default()
            });
            let owned = NameAddr::parse_with(&v, &limits);
            let borrowed = NameAddrRef::parse_with(&v, &limits);
            proptest::prop_assert_eq!(
                borrowed.as_ref().map(NameAddrRef::to_name_addr).map_err(Clone::clone),
                owned.clone(),
                "{}",
                &v
            );
            // With the URI already read (as a Request-URI would be), and
            // with limits the text does not fit in: the same again.
            if let Ok(NameAddr { uri: Uri::Sip(known), .. }) = &owned {
                for max_uri_bytes in [limits.max_uri_bytes, 12] {
                    let limits = crate::limits::ParseLimits { max_uri_bytes, ..limits };
                    proptest::prop_assert_eq!(
                        NameAddrRef::parse_known(&v, &limits, Some(known))
                            .as_ref()
                            .map(NameAddrRef::to_name_addr)
                            .map_err(Clone::clone),
                        NameAddr::parse_with(&v, &limits),
                        "{}",
                        &v
                    );
                }
                let other = SipUri::parse("sip:other@example.com").unwrap();
                proptest::prop_assert_eq!(
                    NameAddrRef::parse_known(&v, &limits, Some(&other))
                        .as_ref()
                        .map(NameAddrRef::to_name_addr)
                        .map_err(Clone::clone),
                    owned.clone()
                );
            }
            if let (Ok(b), Ok(o)) = (&borrowed, &owned) {
                proptest::prop_assert_eq!(
                    m.name_addr_ref_to_jid(b, role).map(JidText::into_jid),
                    m.name_addr_to_jid(o, role)
                );
                proptest::prop_assert_eq!(
                    m.uri_ref_to_jid(&b.uri, role).map(JidText::into_jid),
                    m.uri_to_jid(&o.uri, role)
                );
                proptest::prop_assert_eq!(
                    b.uri.as_sip().map(|u| u.is_sips()),
                    o.uri.as_sip().map(SipUri::is_sips)
                );
            }
        }
    }

    proptest::proptest! {
        /// A JID with a local part taken as enforced is the one the
        /// enforcing path assembles, refusals of the resource included.
        #[test]
        fn enforced_local_is_assemble(
            raw in "[a-zA-Z0-9%\\\\ '@/.~_\"&:<>-]{0,10}|.{0,6}|[a-z]{1020,1026}",
            resource in proptest::option::of("[a-z ]{0,4}|.{0,3}"),
        ) {
            let domain = "example.com";
            let fast = local_to_jid(&raw).and_then(|l| match l {
                Local::Enforced(l) => {
                    Jid::from_enforced_local_and_domain(Some(l), domain, resource.as_deref())
                        .map_err(AddressError::from)
                }
                Local::Mapped(l) => assemble(Some(&l), domain, resource.as_deref()),
            });
            let slow = by_steps(&raw).and_then(|l| assemble(Some(&l), domain, resource.as_deref()));
            proptest::prop_assert_eq!(fast, slow);
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(1024))]

        /// A JID's URI written from its parts is the text of the URI made
        /// the general way (`jid_to_uri` of the assembled JID), with the
        /// same need for angle brackets; the two refuse alike.
        #[test]
        fn jid_parts_write_the_general_uri(
            local in proptest::option::of("[a-z0-9._!~*()=+$-]{1,8}|[a-zA-Z0-9.,;?&=+$/'!~*()_-]{0,8}|[a-z]{1,4}\\\\(20|27|2f|40|5c|3a|26)[a-z]{0,3}|.{0,4}"),
            domain in "example\\.com|example\\.net|b\\.net|Example\\.NET\\.|café\\.example|xn--caf-dma\\.example|192\\.0\\.2\\.1|2\\.201\\.1\\.03|1\\.2\\.3|\\[::1\\]|\\[2001:DB8::1\\]|a_b\\.example|[a-z0-9.-]{1,12}",
            resource in proptest::option::of("[ -~]{0,8}|.{0,3}|[a-zA-Z0-9._~*'()!-]{1,8}"),
            (sips, gr) in (proptest::bool::ANY, proptest::bool::ANY),
            (recipient, served) in (proptest::bool::ANY, proptest::bool::ANY),
        ) {
            let mut text = String::new();
            if let Some(l) = &local {
                text.push_str(l);
                text.push('@');
            }
            text.push_str(&domain);
            if let Some(r) = &resource {
                text.push('/');
                text.push_str(r);
            }
            let policy = AddressPolicy {
                scheme: if sips { UriScheme::Sips } else { UriScheme::Sip },
                resource_to_gr: gr,
                ..AddressPolicy::default()
            };
            let m = if served {
                AddressMapper::new(
                    Domains::only(["example.net", "a.com"]).unwrap(),
                    Domains::only(["example.com", "b.net"]).unwrap(),
                )
            } else {
                AddressMapper::default()
            }
            .with_policy(policy);
            let role = if recipient { Role::Recipient } else { Role::Sender };
            // The one-pass reading of a plain JID answers only for a
            // JID, and then as reading its parts and mapping them does.
            let fast = m.plain_jid_to_uri(&text, role);
            let Ok(parts) = Jid::parse_parts(&text) else {
                proptest::prop_assert!(Jid::parse(&text).is_err());
                proptest::prop_assert!(fast.is_none(), "{}", &text);
                return Ok(());
            };
            if let Some(fast) = fast {
                proptest::prop_assert_eq!(fast, m.jid_parts_to_uri(&parts, role), "{}", &text);
            }
            let jid = Jid::parse(&text).expect("the same JID");
            let general = m.jid_to_uri(&jid, role);
            match (m.jid_parts_to_uri(&parts, role), general) {
                (Ok(MappedUri::Plain(p)), Ok(Uri::Sip(u))) => {
                    let mut written = String::new();
                    p.write_to(&mut written);
                    proptest::prop_assert_eq!(written.as_str(), u.as_str());
                    proptest::prop_assert_eq!(p.needs_angle_brackets(), u.needs_angle_brackets());
                    proptest::prop_assert_eq!(p.to_uri().ok(), Some(u));
                }
                (Ok(MappedUri::Uri(a)), Ok(b)) => proptest::prop_assert_eq!(a, b),
                (Err(a), Err(b)) => proptest::prop_assert_eq!(a, b),
                (a, b) => proptest::prop_assert!(false, "parts {:?} against general {:?}", a, b),
            }
        }
    }

    /// The shortcut for plain local parts gives what the three steps give.
    #[test]
    fn plain_local_parts_take_the_shortcut_unchanged() {
        for raw in [
            "juliet",
            "o'malley",
            "Romeo",
            "a%20b",
            "x\\20y",
            "a.b-c_d~e!f*g",
            "\u{7f}x",
            "",
            " a",
            "a ",
            "tab\tx",
            "dot.",
            "+1-212",
            "%41",
            "a\\",
            "a/b",
            "a@b",
            "caf%C3%A9",
        ] {
            let fast = local_to_jid(raw).map(|l| l.as_str().to_owned());
            assert_eq!(fast, by_steps(raw).map(Cow::into_owned), "{raw:?}");
        }
    }

    #[test]
    fn statuses() {
        assert_eq!(AddressError::Sips.sip_status().as_u16(), 403);
        assert_eq!(
            AddressError::Loop { domain: "x".into() }
                .sip_status()
                .as_u16(),
            482
        );
        assert_eq!(
            AddressError::TemporaryGruu.xmpp_condition(),
            DefinedCondition::ItemNotFound
        );
    }
}
