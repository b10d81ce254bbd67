//! XMPP addresses (RFC 7622) and JID escaping (XEP-0106).
//!
//! [`Jid`] is a validated address: every value has passed RFC 7622
//! enforcement, so comparing two JIDs is comparing their text (RFC 7622
//! §3.2.3, §3.3.3, §3.4.3). One type holds bare and full JIDs;
//! [`Jid::resource`] tells them apart and [`Jid::bare`] drops the
//! resourcepart.
//!
//! Enforcement, part by part:
//!
//! | part | rule | implementation |
//! |---|---|---|
//! | split | first `/`, then the first `@` before it (RFC 7622 §3.1, §3.2) | [`Jid::parse`] |
//! | localpart | PRECIS UsernameCaseMapped (RFC 8265 §3.3) plus `" & ' / : < > @` refused (RFC 7622 §3.3.1) | `precis-profiles` |
//! | domainpart | one trailing `.` stripped; IPv4; IPv6 in brackets; otherwise IDNA2008 through UTS #46 (non-transitional, STD3 ASCII rules, hyphen checks, DNS lengths), A-labels converted to U-labels (RFC 7622 §3.2) | `idna` |
//! | resourcepart | PRECIS OpaqueString (RFC 8265 §4.2); a leading space refused (RFC 7622 §3.5 example 18) | `precis-profiles` |
//! | lengths | each part 1 to 1023 octets after enforcement | here |
//!
//! Choices where the RFCs leave room:
//!
//! - PRECIS runs until its output is stable (RFC 8264 §7: at most three
//!   more passes), so a second enforcement of any accepted part is the
//!   identity.
//! - The PRECIS derived properties are those of the IANA registry (Unicode
//!   6.3, as `precis-core` ships them): a code point assigned later is
//!   unassigned and refused in a localpart and a resourcepart.
//! - UTS #46 accepts some code points IDNA2008 disallows (symbols, most
//!   punctuation); a domainpart keeps, besides ASCII letters, digits and
//!   hyphens, only letters (Ll, Lo, Lm), marks (Mn, Mc), decimal digits
//!   (Nd), the joiners U+200C/U+200D (whose context UTS #46 checks) and the
//!   four CONTEXTO punctuation marks of RFC 5892 Appendix A (U+00B7,
//!   U+0375, U+05F3, U+05F4, U+30FB).
//! - Labels with `--` in the third and fourth positions (reserved LDH
//!   labels that are not A-labels) are refused: RFC 7622 §3.2.1 allows
//!   only NR-LDH labels and U-labels.
//! - IPv6 literals are written in the canonical compressed form of RFC
//!   5952 (`[2001:db8::1]`); a zone identifier (RFC 6874) is refused, as a
//!   link-local scope means nothing between servers.
//! - No leading space in a resourcepart, as RFC 7622 §3.5 example 18 says,
//!   although OpaqueString alone would allow it; a trailing space is kept.
//! - A part longer than 4 × 1023 octets before enforcement is refused
//!   before any Unicode work: no mapping shrinks text by more than a factor
//!   of three, so such a part could never fit in 1023 octets.
//!
//! The `jid` crate applies the stringprep profiles of RFC 6122 instead:
//! it folds `fußball` to `fussball`, accepts symbols in localparts, keeps a
//! trailing dot in some inputs and panics when unescaping a localpart that
//! ends in a backslash. Use [`Jid::to_jid_crate`] to hand a validated
//! address to code that needs `jid::Jid`; it refuses to return a value the
//! `jid` crate changed.

mod domain;
mod escape;
mod precis;

use std::borrow::Cow;
use std::fmt;
use std::str::FromStr;

pub(crate) use escape::escape_localpart_cow;
pub use escape::{EscapeError, escape_localpart, unescape_localpart};

pub(crate) use domain::{domain_to_ascii, enforce_domain, is_plain_host_name};
#[cfg(test)]
pub(crate) use precis::enforce_localpart;
pub(crate) use precis::map_localpart;

/// Most octets of one part of a JID after enforcement (RFC 7622 §3.2,
/// §3.3, §3.4).
pub const MAX_PART_BYTES: usize = 1023;

/// Most octets of one part before enforcement: no PRECIS or IDNA mapping
/// shrinks text by more than a factor of three, so a longer part could
/// never be valid and is refused before any Unicode work.
pub const MAX_RAW_PART_BYTES: usize = 4 * MAX_PART_BYTES;

/// Most octets of a whole JID before enforcement (three parts and two
/// separators).
pub const MAX_RAW_JID_BYTES: usize = 3 * MAX_RAW_PART_BYTES + 2;

/// One of the three parts of a JID.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum JidPart {
    /// The localpart (before `@`).
    Local,
    /// The domainpart.
    Domain,
    /// The resourcepart (after `/`).
    Resource,
}

impl fmt::Display for JidPart {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            JidPart::Local => "localpart",
            JidPart::Domain => "domainpart",
            JidPart::Resource => "resourcepart",
        })
    }
}

/// Why a string is not a JID (RFC 7622).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum JidError {
    /// The input is empty.
    #[error("empty JID")]
    Empty,
    /// The input is longer than [`MAX_RAW_JID_BYTES`].
    #[error("JID input of {len} bytes exceeds {max}")]
    TooLong {
        /// Length of the input.
        len: usize,
        /// The limit.
        max: usize,
    },
    /// A separator with nothing on one side (`@example.com`,
    /// `juliet@example.com/`, `juliet@`).
    #[error("empty {part}")]
    EmptyPart {
        /// Which part.
        part: JidPart,
    },
    /// A part longer than 1023 octets after enforcement, or longer than
    /// [`MAX_RAW_PART_BYTES`] before it.
    #[error("{part} of {len} octets exceeds the limit")]
    PartTooLong {
        /// Which part.
        part: JidPart,
        /// Its length in octets.
        len: usize,
    },
    /// A code point the part's PRECIS profile or IDNA2008 does not allow
    /// (a space, symbol or control in a localpart, a compatibility
    /// character, an unassigned code point, a joiner out of context ...).
    #[error("{part}: code point U+{:04X} is not allowed", u32::from(*ch))]
    Disallowed {
        /// Which part.
        part: JidPart,
        /// The code point.
        ch: char,
    },
    /// One of the eight characters RFC 7622 §3.3.1 excludes from
    /// localparts (`" & ' / : < > @`), present after enforcement.
    #[error("localpart contains '{ch}' (RFC 7622 §3.3.1); escape it with XEP-0106")]
    ExcludedCharacter {
        /// The character.
        ch: char,
    },
    /// The PRECIS directionality rule (RFC 5893) failed, or enforcement
    /// did not reach a stable result (RFC 8264 §7).
    #[error("{part}: refused by the PRECIS rules (bidi or stability)")]
    ProfileRule {
        /// Which part.
        part: JidPart,
    },
    /// The resourcepart starts with a space (RFC 7622 §3.5, example 18).
    #[error("resourcepart starts with a space")]
    LeadingSpace,
    /// The domainpart is not an IDNA2008 domain name: bad Punycode, a
    /// character outside NR-LDH and U-labels, hyphen placement, an empty
    /// label, or DNS length limits (63 octets a label, 253 the name).
    #[error("domainpart is not a valid internationalized domain name")]
    Idna,
    /// A bracketed domainpart that is not an IPv6 address (zone
    /// identifiers included).
    #[error("domainpart is not a valid IPv6 literal")]
    IpLiteral,
}

/// The enforced parts of a JID ([`Jid::parse_parts`]), borrowed from
/// the input where enforcement left them unchanged.
#[derive(Debug)]
pub(crate) struct JidParts<'a> {
    /// The localpart, enforced (still XEP-0106 escaped).
    pub(crate) local: Option<Cow<'a, str>>,
    /// The domainpart, enforced.
    pub(crate) domain: Cow<'a, str>,
    /// The resourcepart, enforced.
    pub(crate) resource: Option<Cow<'a, str>>,
    /// The parts as written.
    raw: RawParts<'a>,
}

/// The parts of a JID as written, before enforcement.
#[derive(Debug)]
struct RawParts<'a> {
    local: Option<&'a str>,
    domain: &'a str,
    resource: Option<&'a str>,
}

/// A validated XMPP address: `[localpart@]domainpart[/resourcepart]`,
/// bare or full, every part enforced per RFC 7622.
///
/// ```
/// use sip_xmpp::jid::Jid;
/// let j: Jid = "Juliet@Example.COM./balcony".parse().unwrap();
/// assert_eq!(j.as_str(), "juliet@example.com/balcony");
/// assert_eq!(j.local(), Some("juliet"));
/// assert_eq!(j.domain(), "example.com");
/// assert_eq!(j.resource(), Some("balcony"));
/// assert_eq!(j.bare().as_str(), "juliet@example.com");
/// // Parse order: first '/', then '@' (RFC 7622 §3.2).
/// let m: Jid = "a.example.com/b@example.net".parse().unwrap();
/// assert_eq!((m.local(), m.domain()), (None, "a.example.com"));
/// ```
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Jid {
    text: Box<str>,
    /// Offset of the `@` (the localpart's length), if any.
    at: Option<u16>,
    /// Offset of the `/`, if any.
    slash: Option<u16>,
}

impl Jid {
    /// Parses and enforces a JID.
    pub fn parse(s: &str) -> Result<Jid, JidError> {
        let parts = Jid::parse_parts(s)?;
        let unchanged =
            |c: &Cow<'_, str>, input: &str| matches!(c, Cow::Borrowed(_)) && c.len() == input.len();
        // Enforcement left every part as it was: the text is the input.
        if unchanged(&parts.domain, parts.raw.domain)
            && parts
                .local
                .as_ref()
                .zip(parts.raw.local)
                .is_none_or(|(c, l)| unchanged(c, l))
            && parts
                .resource
                .as_ref()
                .zip(parts.raw.resource)
                .is_none_or(|(c, r)| unchanged(c, r))
        {
            return Ok(Jid {
                text: Box::from(s),
                at: parts.raw.local.and_then(|l| u16::try_from(l.len()).ok()),
                slash: parts
                    .raw
                    .resource
                    .and_then(|r| u16::try_from(s.len() - r.len() - 1).ok()),
            });
        }
        Ok(Jid::assemble(
            parts.local.as_deref(),
            &parts.domain,
            parts.resource.as_deref(),
        ))
    }

    /// Splits and enforces a JID without assembling it: each part is
    /// borrowed from `s` where enforcement left it as it was, so a JID
    /// already in its enforced form costs no allocation. What
    /// [`parse`](Self::parse) accepts, with the same errors.
    pub(crate) fn parse_parts(s: &str) -> Result<JidParts<'_>, JidError> {
        if s.is_empty() {
            return Err(JidError::Empty);
        }
        if s.len() > MAX_RAW_JID_BYTES {
            return Err(JidError::TooLong {
                len: s.len(),
                max: MAX_RAW_JID_BYTES,
            });
        }
        let (rest, resource) = match memchr::memchr(b'/', s.as_bytes()) {
            Some(i) => (s.get(..i).unwrap_or(""), Some(s.get(i + 1..).unwrap_or(""))),
            None => (s, None),
        };
        let (local, domain) = match memchr::memchr(b'@', rest.as_bytes()) {
            Some(i) => (
                Some(rest.get(..i).unwrap_or("")),
                rest.get(i + 1..).unwrap_or(""),
            ),
            None => (None, rest),
        };
        Ok(JidParts {
            domain: enforce_domain(domain)?,
            local: local.map(precis::enforce_localpart).transpose()?,
            resource: resource.map(precis::enforce_resourcepart).transpose()?,
            raw: RawParts {
                local,
                domain,
                resource,
            },
        })
    }

    /// Builds a JID from its parts, enforcing each. The parts are not
    /// escaped: a localpart holding `@` is refused, not split.
    ///
    /// ```
    /// use sip_xmpp::jid::Jid;
    /// let j = Jid::from_parts(Some("Σ"), "xn--caf-dma.example", Some("foo")).unwrap();
    /// assert_eq!(j.as_str(), "σ@café.example/foo");
    /// assert!(Jid::from_parts(Some("a@b"), "example.com", None).is_err());
    /// ```
    pub fn from_parts(
        local: Option<&str>,
        domain: &str,
        resource: Option<&str>,
    ) -> Result<Jid, JidError> {
        let domain = enforce_domain(domain)?;
        let local = local.map(precis::enforce_localpart).transpose()?;
        let resource = resource.map(precis::enforce_resourcepart).transpose()?;
        Ok(Jid::assemble(
            local.as_deref(),
            &domain,
            resource.as_deref(),
        ))
    }

    /// [`from_parts`](Self::from_parts) for a domainpart that
    /// `enforce_domain` has already given: enforcement leaves its output
    /// unchanged (a property the domain tests check), so only the
    /// localpart and the resourcepart are enforced here.
    pub(crate) fn from_enforced_domain(
        local: Option<&str>,
        domain: &str,
        resource: Option<&str>,
    ) -> Result<Jid, JidError> {
        let local = local.map(precis::enforce_localpart).transpose()?;
        let resource = resource.map(precis::enforce_resourcepart).transpose()?;
        Ok(Jid::assemble(local.as_deref(), domain, resource.as_deref()))
    }

    /// [`from_enforced_domain`](Self::from_enforced_domain) for a
    /// localpart that enforcement leaves as it is (its caller has made
    /// sure: see `address::local_to_jid`), so only the resourcepart is
    /// enforced.
    pub(crate) fn from_enforced_local_and_domain(
        local: Option<&str>,
        domain: &str,
        resource: Option<&str>,
    ) -> Result<Jid, JidError> {
        let resource = resource.map(precis::enforce_resourcepart).transpose()?;
        Ok(Jid::assemble(local, domain, resource.as_deref()))
    }

    /// Joins enforced parts (each at most 1023 octets, so offsets fit in
    /// `u16`).
    fn assemble(local: Option<&str>, domain: &str, resource: Option<&str>) -> Jid {
        let mut text = String::with_capacity(
            local.map_or(0, |l| l.len() + 1) + domain.len() + resource.map_or(0, |r| r.len() + 1),
        );
        let mut at = None;
        if let Some(l) = local {
            text.push_str(l);
            at = u16::try_from(text.len()).ok();
            text.push('@');
        }
        text.push_str(domain);
        let mut slash = None;
        if let Some(r) = resource {
            slash = u16::try_from(text.len()).ok();
            text.push('/');
            text.push_str(r);
        }
        Jid {
            text: text.into_boxed_str(),
            at,
            slash,
        }
    }

    /// The JID as text (enforced form).
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// This JID as a [`JidRef`], which mappings that borrow their
    /// addresses from the input give as well.
    pub fn as_jid_ref(&self) -> JidRef<'_> {
        JidRef {
            text: &self.text,
            at: self.at,
            slash: self.slash,
        }
    }

    /// The localpart, still XEP-0106 escaped.
    pub fn local(&self) -> Option<&str> {
        self.as_jid_ref().local()
    }

    /// The localpart with the XEP-0106 escapes undone (for talking to
    /// systems outside XMPP; never compare JIDs in this form).
    pub fn local_unescaped(&self) -> Option<Result<Cow<'_, str>, EscapeError>> {
        self.local().map(unescape_localpart)
    }

    /// The domainpart: an IPv4 address, a bracketed IPv6 address, or a
    /// domain name in U-labels.
    pub fn domain(&self) -> &str {
        self.as_jid_ref().domain()
    }

    /// The resourcepart of a full JID.
    pub fn resource(&self) -> Option<&str> {
        self.as_jid_ref().resource()
    }

    /// Whether there is no resourcepart.
    pub fn is_bare(&self) -> bool {
        self.slash.is_none()
    }

    /// Whether there is a resourcepart.
    pub fn is_full(&self) -> bool {
        self.slash.is_some()
    }

    /// This JID without its resourcepart.
    pub fn bare(&self) -> Jid {
        match self.slash {
            None => self.clone(),
            Some(s) => Jid {
                text: Box::from(self.text.get(..usize::from(s)).unwrap_or("")),
                at: self.at,
                slash: None,
            },
        }
    }

    /// This JID without its resourcepart, taking it: no copy when it is
    /// bare already.
    ///
    /// ```
    /// use sip_xmpp::jid::Jid;
    /// let full = Jid::parse("juliet@example.com/balcony").unwrap();
    /// assert_eq!(full.into_bare().as_str(), "juliet@example.com");
    /// let bare = Jid::parse("juliet@example.com").unwrap();
    /// assert_eq!(bare.into_bare().as_str(), "juliet@example.com");
    /// ```
    pub fn into_bare(self) -> Jid {
        if self.slash.is_none() {
            self
        } else {
            self.bare()
        }
    }

    /// This JID's bare part with the resourcepart `resource` (enforced).
    pub fn with_resource(&self, resource: &str) -> Result<Jid, JidError> {
        self.as_jid_ref().with_resource(resource)
    }

    /// The same address as a `jid::Jid` of the `jid` crate.
    ///
    /// That crate applies the RFC 6122 stringprep profiles, which differ
    /// from RFC 7622: it folds `ß` to `ss`, maps final sigma, and refuses
    /// code points unassigned in Unicode 3.2. Rather than hand back a
    /// different address, this returns an error when the `jid` crate
    /// refuses the text or changes it.
    ///
    /// ```
    /// use sip_xmpp::jid::{Jid, LegacyJidError};
    /// let j: Jid = "juliet@example.com/balcony".parse().unwrap();
    /// assert_eq!(j.to_jid_crate().unwrap().as_str(), "juliet@example.com/balcony");
    /// let f: Jid = "fußball@example.com".parse().unwrap();
    /// assert!(matches!(f.to_jid_crate(), Err(LegacyJidError::Changed { .. })));
    /// ```
    pub fn to_jid_crate(&self) -> Result<::jid::Jid, LegacyJidError> {
        let legacy = ::jid::Jid::new(&self.text).map_err(LegacyJidError::Refused)?;
        if legacy.as_str() == &*self.text {
            Ok(legacy)
        } else {
            Err(LegacyJidError::Changed { legacy })
        }
    }
}

/// A [`Jid`] over text it borrows: what a mapping gives when the address
/// it made is a slice of its input (`sip:juliet@example.com` maps to the
/// JID text `juliet@example.com`, read in place), and what
/// [`Jid::as_jid_ref`] gives for a `Jid`. Every value is an enforced JID,
/// as a `Jid` is; [`to_jid`](Self::to_jid) copies it into one.
///
/// ```
/// use sip_xmpp::jid::Jid;
/// let j = Jid::parse("juliet@example.com/balcony").unwrap();
/// let r = j.as_jid_ref();
/// assert_eq!((r.local(), r.domain(), r.resource()), (Some("juliet"), "example.com", Some("balcony")));
/// assert_eq!(r, j);
/// assert_eq!(r.to_jid(), j);
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct JidRef<'a> {
    text: &'a str,
    /// Offset of the `@` (the localpart's length), if any.
    at: Option<u16>,
    /// Offset of the `/`, if any.
    slash: Option<u16>,
}

impl<'a> JidRef<'a> {
    /// The JID as text (enforced form).
    pub fn as_str(self) -> &'a str {
        self.text
    }

    /// The localpart, still XEP-0106 escaped.
    pub fn local(self) -> Option<&'a str> {
        self.at
            .map(|a| self.text.get(..usize::from(a)).unwrap_or(""))
    }

    /// The domainpart: an IPv4 address, a bracketed IPv6 address, or a
    /// domain name in U-labels.
    pub fn domain(self) -> &'a str {
        let start = self.at.map_or(0, |a| usize::from(a) + 1);
        let end = self.slash.map_or(self.text.len(), usize::from);
        self.text.get(start..end).unwrap_or("")
    }

    /// The resourcepart of a full JID.
    pub fn resource(self) -> Option<&'a str> {
        self.slash
            .map(|s| self.text.get(usize::from(s) + 1..).unwrap_or(""))
    }

    /// Whether there is no resourcepart.
    pub fn is_bare(self) -> bool {
        self.slash.is_none()
    }

    /// The bare part with the resourcepart `resource` (enforced).
    pub fn with_resource(self, resource: &str) -> Result<Jid, JidError> {
        let r = precis::enforce_resourcepart(resource)?;
        Ok(Jid::assemble(self.local(), self.domain(), Some(&r)))
    }

    /// The same JID, holding a copy of the text.
    pub fn to_jid(self) -> Jid {
        Jid {
            text: Box::from(self.text),
            at: self.at,
            slash: self.slash,
        }
    }
}

impl PartialEq<Jid> for JidRef<'_> {
    fn eq(&self, other: &Jid) -> bool {
        *self == other.as_jid_ref()
    }
}

impl PartialEq<JidRef<'_>> for Jid {
    fn eq(&self, other: &JidRef<'_>) -> bool {
        self.as_jid_ref() == *other
    }
}

impl fmt::Display for JidRef<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.text)
    }
}

impl fmt::Debug for JidRef<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Jid({:?})", self.text)
    }
}

/// An enforced JID whose text is borrowed from a mapping's input where it
/// is a slice of it, and owned otherwise: what an address mapping that
/// may avoid a copy returns.
#[derive(Clone, PartialEq, Eq)]
pub(crate) struct JidText<'a> {
    text: Cow<'a, str>,
    at: Option<u16>,
    slash: Option<u16>,
}

impl<'a> JidText<'a> {
    /// The enforced JID `text`, whose localpart (at most
    /// [`MAX_PART_BYTES`] long) is `local_len` bytes long when it has one,
    /// and which has no resourcepart. The caller has made sure of each.
    pub(crate) fn bare_enforced(text: Cow<'a, str>, local_len: Option<usize>) -> Self {
        JidText {
            at: local_len.and_then(|l| u16::try_from(l).ok()),
            text,
            slash: None,
        }
    }

    /// The JID as text.
    pub(crate) fn as_str(&self) -> &str {
        &self.text
    }

    /// The JID, borrowed.
    pub(crate) fn view(&self) -> JidRef<'_> {
        JidRef {
            text: &self.text,
            at: self.at,
            slash: self.slash,
        }
    }

    /// Whether the text is borrowed.
    #[cfg(test)]
    pub(crate) fn is_borrowed(&self) -> bool {
        matches!(self.text, Cow::Borrowed(_))
    }

    /// The JID, owned (a copy only of borrowed text).
    pub(crate) fn into_jid(self) -> Jid {
        Jid {
            text: match self.text {
                Cow::Borrowed(t) => Box::from(t),
                Cow::Owned(t) => t.into_boxed_str(),
            },
            at: self.at,
            slash: self.slash,
        }
    }
}

impl From<Jid> for JidText<'_> {
    fn from(j: Jid) -> Self {
        JidText {
            text: Cow::Owned(String::from(j.text)),
            at: j.at,
            slash: j.slash,
        }
    }
}

impl fmt::Debug for JidText<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.view().fmt(f)
    }
}

/// Why [`Jid::to_jid_crate`] gave no value.
#[derive(Debug, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum LegacyJidError {
    /// The `jid` crate's stringprep refuses the address.
    #[error("the jid crate refuses this address: {0}")]
    Refused(::jid::Error),
    /// The `jid` crate's stringprep maps the address to a different one.
    #[error("the jid crate changes this address to {legacy}")]
    Changed {
        /// What the `jid` crate made of it.
        legacy: ::jid::Jid,
    },
}

impl FromStr for Jid {
    type Err = JidError;
    fn from_str(s: &str) -> Result<Self, JidError> {
        Jid::parse(s)
    }
}

impl fmt::Display for Jid {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

impl fmt::Debug for Jid {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Jid({:?})", &*self.text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parts_and_offsets() {
        for (input, local, domain, resource) in [
            ("juliet@example.com", Some("juliet"), "example.com", None),
            (
                "juliet@example.com/foo@bar",
                Some("juliet"),
                "example.com",
                Some("foo@bar"),
            ),
            ("example.com/a/b", None, "example.com", Some("a/b")),
            ("example.com", None, "example.com", None),
            ("[2001:DB8:0::1]/x", None, "[2001:db8::1]", Some("x")),
            ("a@192.0.2.4", Some("a"), "192.0.2.4", None),
        ] {
            let j = Jid::parse(input).unwrap_or_else(|e| panic!("{input}: {e}"));
            assert_eq!(
                (j.local(), j.domain(), j.resource()),
                (local, domain, resource),
                "{input}"
            );
            assert_eq!(Jid::parse(j.as_str()).unwrap(), j, "{input}: stable");
        }
    }

    #[test]
    fn refusals() {
        for (input, want) in [
            ("", JidError::Empty),
            (
                "@example.com",
                JidError::EmptyPart {
                    part: JidPart::Local,
                },
            ),
            (
                "a@example.com/",
                JidError::EmptyPart {
                    part: JidPart::Resource,
                },
            ),
            (
                "a@",
                JidError::EmptyPart {
                    part: JidPart::Domain,
                },
            ),
            (
                ".",
                JidError::EmptyPart {
                    part: JidPart::Domain,
                },
            ),
            ("a@b@c", JidError::Idna),
            ("a\"b@c", JidError::ExcludedCharacter { ch: '"' }),
            ("a@[fe80::1%25eth0]", JidError::IpLiteral),
            ("a@[v1.x]", JidError::IpLiteral),
            ("a@example.com/ x", JidError::LeadingSpace),
        ] {
            assert_eq!(Jid::parse(input), Err(want), "{input:?}");
        }
        let long = "a".repeat(MAX_RAW_JID_BYTES + 1);
        assert!(matches!(Jid::parse(&long), Err(JidError::TooLong { .. })));
    }

    #[test]
    fn bare_and_resource() {
        let j = Jid::parse("juliet@example.com").unwrap();
        assert!(j.is_bare());
        let f = j.with_resource("balcony").unwrap();
        assert!(f.is_full());
        assert_eq!(f.as_str(), "juliet@example.com/balcony");
        assert_eq!(f.bare(), j);
        assert_eq!(format!("{f:?}"), "Jid(\"juliet@example.com/balcony\")");
        assert!(j.with_resource(" x").is_err());
    }

    proptest::proptest! {
        /// Parsing gives what building from the split parts gives, whether
        /// or not enforcement changes the text.
        #[test]
        fn parse_is_from_parts(s in "([a-zA-Z0-9.@/ -]{0,8})|([a-z]{1,5}@[a-zA-Z.]{1,8}\\.?(/[a-z ]{0,4})?)|\\PC{0,8}") {
            let (rest, resource) = match s.split_once('/') {
                Some((a, r)) => (a, Some(r)),
                None => (s.as_str(), None),
            };
            let (local, domain) = match rest.split_once('@') {
                Some((l, d)) => (Some(l), d),
                None => (None, rest),
            };
            let want = if s.is_empty() { Err(JidError::Empty) } else { Jid::from_parts(local, domain, resource) };
            // Equal JIDs have equal text and offsets.
            proptest::prop_assert_eq!(Jid::parse(&s), want);
        }
    }
}
