//! Owned SDP model (RFC 8866 §5) and typed attribute values.
//!
//! Text fields hold what the line carried, without the type letter and the
//! line end. Constructors strip CR, LF and NUL from text and also SP and
//! HTAB from single-word fields; the writer does the same for values set
//! through the public fields, so a line never breaks.

use std::fmt;

use super::error::SdpError;
use super::parse;
use crate::ParseLimits;
use crate::grammar::eq_ic;

/// A session description: the session section then the media sections
/// (RFC 8866 §5).
///
/// Every line of the input is kept in order: the fixed RFC 8866 order of
/// the known line types is implied by the fields, repeated lines keep
/// their order in the vectors, and lines of unknown type sit in
/// [`unknown`](Self::unknown) with their position. Writing (through
/// [`Display`](fmt::Display) or [`to_bytes`](Self::to_bytes)) reproduces the
/// same line sequence with CRLF line ends.
///
/// ```
/// use sip_xmpp::sdp::{Attribute, Connection, Media, Origin, Sdp};
/// let mut sdp = Sdp::new(Origin::new("-", 4028350915, 1, "192.0.2.10"));
/// sdp.connection = Some(Connection::new("192.0.2.10"));
/// let mut m = Media::new("message", 7654, "TCP/MSRP", ["*"]);
/// m.attributes.push(Attribute::new("accept-types", "text/plain"));
/// m.attributes.push(Attribute::new("path", "msrp://192.0.2.10:7654/jshA7we;tcp"));
/// sdp.media.push(m);
/// let text = sdp.to_string();
/// assert!(text.starts_with("v=0\r\no=- 4028350915 1 IN IP4 192.0.2.10\r\ns=-\r\n"));
/// let back = Sdp::parse_default(text.as_bytes()).unwrap();
/// assert_eq!(back, sdp);
/// assert_eq!(back.media[0].accept_types().unwrap().unwrap().0, ["text/plain"]);
/// back.validate().unwrap();
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Sdp {
    /// `v=` protocol version (0 in RFC 8866).
    pub version: u32,
    /// `o=` originator and session identifier.
    pub origin: Origin,
    /// `s=` session name (`-` when there is none to give).
    pub session_name: String,
    /// `i=` session information.
    pub information: Option<String>,
    /// `u=` URI of description.
    pub uri: Option<String>,
    /// `e=` email addresses, in order.
    pub emails: Vec<String>,
    /// `p=` phone numbers, in order.
    pub phones: Vec<String>,
    /// Session-level `c=` connection data.
    pub connection: Option<Connection>,
    /// Session-level `b=` lines, in order.
    pub bandwidths: Vec<Bandwidth>,
    /// Time descriptions (`t=` with its `r=` and `z=` lines), in order.
    pub timings: Vec<Timing>,
    /// Session-level `k=` (obsolete; kept as text).
    pub key: Option<String>,
    /// Session-level `a=` lines, in order.
    pub attributes: Vec<Attribute>,
    /// Media sections, in order.
    pub media: Vec<Media>,
    /// Session-section lines of unknown type, each with its position.
    pub unknown: Vec<UnknownLine>,
}

/// The `o=` line: originator and session identifier (RFC 8866 §5.2).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Origin {
    /// `<username>` (`-` when none).
    pub username: String,
    /// `<sess-id>`, kept as written (a numeric string per RFC 8866; see
    /// [`Sdp::validate`]).
    pub session_id: String,
    /// `<sess-version>`, incremented by one for each modified offer
    /// (RFC 3264 §8).
    pub session_version: u64,
    /// `<nettype>`, `IN`.
    pub nettype: String,
    /// `<addrtype>`, `IP4` or `IP6`.
    pub addrtype: String,
    /// `<unicast-address>`.
    pub address: String,
}

/// A `c=` line: connection data (RFC 8866 §5.7).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Connection {
    /// `<nettype>`, `IN`.
    pub nettype: String,
    /// `<addrtype>`, `IP4` or `IP6`.
    pub addrtype: String,
    /// `<connection-address>` as written, including any multicast
    /// `/<ttl>` and `/<number of addresses>` suffixes.
    pub address: String,
}

/// A `b=` line (RFC 8866 §5.8).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Bandwidth {
    /// `<bwtype>`: `CT`, `AS`, `TIAS`, ...
    pub bwtype: String,
    /// `<bandwidth>`, in the unit `bwtype` defines (kbit/s for CT and AS).
    pub bandwidth: u64,
}

/// A time description: a `t=` line with its `r=` lines and optional `z=`
/// line (RFC 8866 §5.9 to §5.11).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Timing {
    /// `<start-time>` (NTP seconds; 0 = unbounded).
    pub start: u64,
    /// `<stop-time>` (NTP seconds; 0 = unbounded).
    pub stop: u64,
    /// The values of the `r=` lines, as text.
    pub repeats: Vec<String>,
    /// The value of the `z=` line, as text.
    pub zone: Option<String>,
}

/// A media section: the `m=` line and the lines that follow it up to the
/// next `m=` (RFC 8866 §5.14).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Media {
    /// `<media>`: `audio`, `video`, `text`, `application`, `message`, ...
    pub media: String,
    /// `<port>`.
    pub port: u16,
    /// The `/<number of ports>` suffix of the port, if present.
    pub port_count: Option<u16>,
    /// `<proto>`: `RTP/AVP`, `UDP/TLS/RTP/SAVPF`, `TCP/MSRP`, ...
    pub proto: String,
    /// `<fmt>` list: RTP payload type numbers, `*` for MSRP, or other
    /// tokens.
    pub formats: Vec<String>,
    /// Media-level `i=`.
    pub information: Option<String>,
    /// Media-level `c=` lines (RFC 8866 allows several).
    pub connections: Vec<Connection>,
    /// Media-level `b=` lines.
    pub bandwidths: Vec<Bandwidth>,
    /// Media-level `k=` (obsolete; kept as text).
    pub key: Option<String>,
    /// Media-level `a=` lines, in order.
    pub attributes: Vec<Attribute>,
    /// Lines of unknown type in this section, each with its position.
    pub unknown: Vec<UnknownLine>,
}

/// An `a=` line: `a=<name>` or `a=<name>:<value>` (RFC 8866 §5.13).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Attribute {
    /// `<attribute-name>`, a token (compared ASCII case-insensitively by
    /// the accessors).
    pub name: String,
    /// `<attribute-value>`: everything after the first `:`, as written.
    /// `None` for a property attribute such as `a=rtcp-mux`.
    pub value: Option<String>,
}

/// A line whose type letter RFC 8866 does not define. RFC 8866 §5 tells a
/// receiver to ignore such descriptions; a gateway keeps the line so that
/// what it forwards is what it received.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct UnknownLine {
    /// The type letter: an ASCII letter that is not one of
    /// `v o s i u e p c b t r z k a m`.
    pub letter: char,
    /// The value after `=`.
    pub value: String,
    /// Position in its section: how many known lines of the section,
    /// not counting its first line (`v=` or `m=`), precede this one. Keep
    /// the list sorted by this field; a value past the section's last
    /// known line puts the line at the end of the section.
    pub after: usize,
}

/// The type letters RFC 8866 defines.
pub(crate) const KNOWN_LETTERS: &[u8] = b"vosiuepcbtrzkam";

/// Removes CR, LF and NUL: they cannot appear inside a line.
pub(crate) fn clean_text(s: String) -> String {
    if s.bytes().any(|b| matches!(b, b'\r' | b'\n' | 0)) {
        s.chars()
            .filter(|c| !matches!(c, '\r' | '\n' | '\0'))
            .collect()
    } else {
        s
    }
}

/// Removes CR, LF, NUL, SP and HTAB: a single-word field.
pub(crate) fn clean_word(s: String) -> String {
    if s.bytes()
        .any(|b| matches!(b, b'\r' | b'\n' | 0 | b' ' | b'\t'))
    {
        s.chars()
            .filter(|c| !matches!(c, '\r' | '\n' | '\0' | ' ' | '\t'))
            .collect()
    } else {
        s
    }
}

/// `IP6` when the address holds a colon, else `IP4`.
fn addrtype_of(address: &str) -> &'static str {
    if address.contains(':') { "IP6" } else { "IP4" }
}

impl Sdp {
    /// A description with `v=0`, the given origin, `s=-` and one `t=0 0`
    /// time description, and nothing else.
    pub fn new(origin: Origin) -> Self {
        Sdp {
            version: 0,
            origin,
            session_name: "-".to_owned(),
            information: None,
            uri: None,
            emails: Vec::new(),
            phones: Vec::new(),
            connection: None,
            bandwidths: Vec::new(),
            timings: vec![Timing::new(0, 0)],
            key: None,
            attributes: Vec::new(),
            media: Vec::new(),
            unknown: Vec::new(),
        }
    }

    /// Parses a description (RFC 8866 §5, §9) with the given limits.
    ///
    /// The input must be UTF-8. Lines end with CRLF or a bare LF (RFC 8866
    /// §5 lets parsers accept LF); the last line end may be missing and
    /// empty lines at the very end are ignored. `v=`, `o=` and `s=` must be
    /// the first three known lines, and every known line must be in the
    /// RFC 8866 order; the other requirements of RFC 8866 are left to
    /// [`validate`](Self::validate).
    pub fn parse(input: &[u8], limits: &ParseLimits) -> Result<Sdp, SdpError> {
        parse::parse(input, limits)
    }

    /// [`parse`](Self::parse) with [`ParseLimits::DEFAULT`].
    pub fn parse_default(input: &[u8]) -> Result<Sdp, SdpError> {
        parse::parse(input, &ParseLimits::DEFAULT)
    }

    /// Checks the RFC 8866 requirements that [`parse`](Self::parse) does
    /// not: `v=0`; a non-empty session name; a numeric `sess-id`; at least
    /// one `t=` line (§5.9); a `c=` line at session level or in every media
    /// section (§5.7); at least one format on every `m=` line (§5.14).
    pub fn validate(&self) -> Result<(), SdpError> {
        use super::error::Fault;
        if self.version != 0 {
            return Err(SdpError::Invalid {
                letter: 'v',
                media: None,
                fault: Fault::Keyword("proto-version"),
            });
        }
        if !self.origin.session_id.bytes().all(|b| b.is_ascii_digit())
            || self.origin.session_id.is_empty()
        {
            return Err(SdpError::Invalid {
                letter: 'o',
                media: None,
                fault: Fault::Syntax("sess-id"),
            });
        }
        if self.session_name.is_empty() {
            return Err(SdpError::Invalid {
                letter: 's',
                media: None,
                fault: Fault::Missing("session name"),
            });
        }
        if self.timings.is_empty() {
            return Err(SdpError::MissingLine {
                letter: 't',
                media: None,
            });
        }
        for (i, m) in self.media.iter().enumerate() {
            if m.formats.is_empty() {
                return Err(SdpError::Invalid {
                    letter: 'm',
                    media: Some(i),
                    fault: Fault::Missing("fmt"),
                });
            }
            if self.connection.is_none() && m.connections.is_empty() {
                return Err(SdpError::MissingLine {
                    letter: 'c',
                    media: Some(i),
                });
            }
        }
        Ok(())
    }

    /// The description as bytes (the [`Display`](fmt::Display) output).
    pub fn to_bytes(&self) -> Vec<u8> {
        self.to_string().into_bytes()
    }

    /// The connection data in force for `media`: its first `c=` line,
    /// else the session-level one (RFC 8866 §5.7).
    pub fn effective_connection<'a>(&'a self, media: &'a Media) -> Option<&'a Connection> {
        media.connections.first().or(self.connection.as_ref())
    }

    /// The direction in force for `media`: its own direction attribute,
    /// else the session-level one, else `sendrecv` (RFC 8866 §6.7, RFC
    /// 3264 §5.1).
    pub fn effective_direction(&self, media: &Media) -> Direction {
        media
            .direction()
            .or_else(|| self.direction())
            .unwrap_or(Direction::SendRecv)
    }

    /// The first attribute `name` of `media`, else the first one at
    /// session level: the rule for attributes that may appear at both
    /// levels (`ice-ufrag`, `ice-pwd`, `ice-options`, `setup`, ...).
    pub fn effective_attribute<'a>(
        &'a self,
        media: &'a Media,
        name: &str,
    ) -> Option<&'a Attribute> {
        media.attribute(name).or_else(|| self.attribute(name))
    }

    /// The attributes `T` in force for `media`: its own when it has any,
    /// else the session-level ones (e.g. `a=fingerprint`, RFC 8122 §5).
    pub fn effective_typed<'a, T: TypedAttribute>(
        &'a self,
        media: &'a Media,
    ) -> impl Iterator<Item = Result<T, SdpError>> + 'a {
        let list = if media.has_attribute(T::NAME) {
            &media.attributes
        } else {
            &self.attributes
        };
        typed_in(list)
    }

    /// `a=ice-ufrag` in force for `media` (RFC 8839 §5.4).
    pub fn effective_ice_ufrag<'a>(&'a self, media: &'a Media) -> Option<&'a str> {
        media.ice_ufrag().or_else(|| self.ice_ufrag())
    }

    /// `a=ice-pwd` in force for `media` (RFC 8839 §5.4).
    pub fn effective_ice_pwd<'a>(&'a self, media: &'a Media) -> Option<&'a str> {
        media.ice_pwd().or_else(|| self.ice_pwd())
    }

    /// `a=setup` in force for `media` (RFC 4145 §4).
    pub fn effective_setup(&self, media: &Media) -> Option<Result<Setup, SdpError>> {
        media.setup().or_else(|| self.setup())
    }
}

impl Origin {
    /// An origin with nettype `IN` and the address type (`IP4` or `IP6`)
    /// inferred from `address`.
    pub fn new(
        username: impl Into<String>,
        session_id: u64,
        session_version: u64,
        address: impl Into<String>,
    ) -> Self {
        let address = clean_word(address.into());
        Origin {
            username: clean_word(username.into()),
            session_id: session_id.to_string(),
            session_version,
            nettype: "IN".to_owned(),
            addrtype: addrtype_of(&address).to_owned(),
            address,
        }
    }
}

impl Connection {
    /// Connection data with nettype `IN` and the address type inferred
    /// from `address` (`IP6` when it holds a colon).
    pub fn new(address: impl Into<String>) -> Self {
        let address = clean_word(address.into());
        Connection {
            nettype: "IN".to_owned(),
            addrtype: addrtype_of(&address).to_owned(),
            address,
        }
    }

    /// The address without the multicast `/<ttl>` and
    /// `/<number of addresses>` suffixes.
    pub fn host(&self) -> &str {
        self.address.split('/').next().unwrap_or_default()
    }

    /// Whether this is the legacy hold address `0.0.0.0` (RFC 3264 §8.4).
    pub fn is_hold(&self) -> bool {
        self.host() == "0.0.0.0"
    }
}

impl Bandwidth {
    /// A `b=<bwtype>:<bandwidth>` line.
    pub fn new(bwtype: impl Into<String>, bandwidth: u64) -> Self {
        Bandwidth {
            bwtype: clean_word(bwtype.into()),
            bandwidth,
        }
    }
}

impl Timing {
    /// `t=<start> <stop>` without repeats or zone adjustments.
    pub const fn new(start: u64, stop: u64) -> Self {
        Timing {
            start,
            stop,
            repeats: Vec::new(),
            zone: None,
        }
    }
}

impl Media {
    /// A media section with the given `m=` fields and nothing else.
    pub fn new<F: Into<String>>(
        media: impl Into<String>,
        port: u16,
        proto: impl Into<String>,
        formats: impl IntoIterator<Item = F>,
    ) -> Self {
        Media {
            media: clean_word(media.into()),
            port,
            port_count: None,
            proto: clean_word(proto.into()),
            formats: formats.into_iter().map(|f| clean_word(f.into())).collect(),
            information: None,
            connections: Vec::new(),
            bandwidths: Vec::new(),
            key: None,
            attributes: Vec::new(),
            unknown: Vec::new(),
        }
    }

    /// Whether this is an RTP media section (the proto has an `RTP/`
    /// component: `RTP/AVP`, `UDP/TLS/RTP/SAVPF`, ...).
    pub fn is_rtp(&self) -> bool {
        self.proto.split('/').any(|p| eq_ic(p, "RTP"))
    }

    /// Whether this is an MSRP media section (`TCP/MSRP`, `TCP/TLS/MSRP`;
    /// RFC 4975 §8.1).
    pub fn is_msrp(&self) -> bool {
        self.proto
            .rsplit('/')
            .next()
            .is_some_and(|p| eq_ic(p, "MSRP"))
    }
}

impl Attribute {
    /// `a=<name>:<value>`. CR, LF and NUL are removed from both, SP and
    /// HTAB from the name.
    pub fn new(name: impl Into<String>, value: impl Into<String>) -> Self {
        Attribute {
            name: clean_word(name.into()),
            value: Some(clean_text(value.into())),
        }
    }

    /// A property attribute `a=<name>` (for example `rtcp-mux`).
    pub fn flag(name: impl Into<String>) -> Self {
        Attribute {
            name: clean_word(name.into()),
            value: None,
        }
    }

    /// Whether the name is `name` (ASCII case-insensitive).
    pub fn is(&self, name: &str) -> bool {
        eq_ic(&self.name, name)
    }

    /// Decodes the value as `T`; the name is not checked.
    pub fn decode<T: TypedAttribute>(&self) -> Result<T, SdpError> {
        match &self.value {
            Some(v) => T::parse_value(v),
            None => Err(SdpError::BadAttribute {
                name: T::NAME,
                fault: super::error::Fault::Missing("value"),
            }),
        }
    }
}

impl UnknownLine {
    /// A line of unknown type; `None` when `letter` is not an ASCII letter
    /// or is one RFC 8866 defines.
    pub fn new(letter: char, value: impl Into<String>, after: usize) -> Option<Self> {
        is_unknown_letter(letter).then(|| UnknownLine {
            letter,
            value: clean_text(value.into()),
            after,
        })
    }
}

/// Whether `c` is an ASCII letter RFC 8866 does not define.
pub(crate) fn is_unknown_letter(c: char) -> bool {
    c.is_ascii_alphabetic() && !KNOWN_LETTERS.contains(&(c as u8))
}

/// An attribute whose value has a typed form: decode with
/// [`Attribute::decode`] or the accessors on [`Sdp`] and [`Media`], build
/// with [`to_attribute`](Self::to_attribute). [`Display`](fmt::Display)
/// writes the value (the text after `a=<name>:`).
pub trait TypedAttribute: Sized + fmt::Display + 'static {
    /// The attribute name, e.g. `rtpmap`.
    const NAME: &'static str;

    /// Decodes an attribute value.
    fn parse_value(value: &str) -> Result<Self, SdpError>;

    /// The `a=` attribute carrying this value.
    fn to_attribute(&self) -> Attribute {
        Attribute::new(Self::NAME, self.to_string())
    }
}

/// Decodes every attribute `T::NAME` of `list`.
fn typed_in<T: TypedAttribute>(
    list: &[Attribute],
) -> impl Iterator<Item = Result<T, SdpError>> + '_ {
    list.iter().filter(|a| a.is(T::NAME)).map(Attribute::decode)
}

/// `a=rtpmap:<payload type> <encoding name>/<clock rate>[/<encoding
/// parameters>]` (RFC 8866 §6.6).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct RtpMap {
    /// RTP payload type, 0 to 127.
    pub payload_type: u8,
    /// Encoding name, e.g. `PCMU`, `opus`, `telephone-event`.
    pub encoding: String,
    /// Clock rate in Hz.
    pub clock_rate: u32,
    /// Encoding parameters: the channel count for audio.
    pub channels: Option<u32>,
}

/// `a=fmtp:<format> <format specific parameters>` (RFC 8866 §6.15).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Fmtp {
    /// The format (payload type number for RTP).
    pub format: String,
    /// The parameters, as written.
    pub params: String,
}

impl Fmtp {
    /// The `;`-separated parameters: `(Some(name), value)` for
    /// `name=value`, `(None, value)` for a value without a name such as
    /// the RFC 4733 `0-15`. Surrounding whitespace is trimmed and empty
    /// elements are skipped.
    pub fn parameters(&self) -> impl Iterator<Item = (Option<&str>, &str)> {
        self.params
            .split(';')
            .map(crate::grammar::trim_wsp)
            .filter(|p| !p.is_empty())
            .map(|p| match p.split_once('=') {
                Some((n, v)) => (
                    Some(crate::grammar::trim_wsp(n)),
                    crate::grammar::trim_wsp(v),
                ),
                None => (None, p),
            })
    }
}

/// `a=ptime:<packet time>` in milliseconds (RFC 8866 §6.4). Decoding
/// rounds a fractional value to the nearest millisecond (never below 1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Ptime(pub u32);

/// `a=maxptime:<maximum packet time>` in milliseconds (RFC 8866 §6.5);
/// fractions are rounded as for [`Ptime`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct MaxPtime(pub u32);

/// Media direction attributes (RFC 8866 §6.7, RFC 3264 §5.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Direction {
    /// `a=sendrecv` (the default).
    SendRecv,
    /// `a=sendonly`.
    SendOnly,
    /// `a=recvonly`.
    RecvOnly,
    /// `a=inactive`.
    Inactive,
}

impl Direction {
    /// The attribute name.
    pub const fn as_str(self) -> &'static str {
        match self {
            Direction::SendRecv => "sendrecv",
            Direction::SendOnly => "sendonly",
            Direction::RecvOnly => "recvonly",
            Direction::Inactive => "inactive",
        }
    }

    /// The direction named `s` (ASCII case-insensitive).
    pub fn from_name(s: &str) -> Option<Self> {
        [
            Direction::SendRecv,
            Direction::SendOnly,
            Direction::RecvOnly,
            Direction::Inactive,
        ]
        .into_iter()
        .find(|d| eq_ic(d.as_str(), s))
    }

    /// The same direction seen from the other side: `sendonly` and
    /// `recvonly` swap (RFC 3264 §6.1).
    pub const fn reversed(self) -> Self {
        match self {
            Direction::SendOnly => Direction::RecvOnly,
            Direction::RecvOnly => Direction::SendOnly,
            d => d,
        }
    }

    /// The property attribute `a=<direction>`.
    pub fn to_attribute(self) -> Attribute {
        Attribute::flag(self.as_str())
    }
}

/// `a=rtcp:<port> [<nettype> <addrtype> <connection-address>]` (RFC 3605
/// §2.1).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Rtcp {
    /// RTCP port.
    pub port: u16,
    /// RTCP address, when it differs from the RTP one.
    pub connection: Option<Connection>,
}

/// `a=group:<semantics> *(SP <identification-tag>)` (RFC 5888 §5), e.g.
/// `BUNDLE`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Group {
    /// Semantics: `BUNDLE`, `LS`, `FID`, ...
    pub semantics: String,
    /// The `a=mid` tags of the grouped media sections.
    pub tags: Vec<String>,
}

/// `a=ssrc:<ssrc-id> <attribute>[:<value>]` (RFC 5576 §4.1).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Ssrc {
    /// The synchronisation source.
    pub id: u32,
    /// Source attribute name, e.g. `cname`, `msid`.
    pub attribute: String,
    /// Source attribute value (may hold spaces, e.g. `msid`).
    pub value: Option<String>,
}

/// `a=ssrc-group:<semantics> *(SP <ssrc-id>)` (RFC 5576 §4.2).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct SsrcGroup {
    /// Semantics: `FID`, `FEC`, `SIM`, ...
    pub semantics: String,
    /// The sources, in order.
    pub ssrcs: Vec<u32>,
}

/// ICE candidate type (RFC 8839 §5.1 `cand-type`).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum CandidateType {
    /// `host`.
    Host,
    /// `srflx`: server reflexive.
    Srflx,
    /// `prflx`: peer reflexive.
    Prflx,
    /// `relay`: relayed.
    Relay,
    /// Any other token.
    Other(String),
}

impl CandidateType {
    /// The token as written in SDP.
    pub fn as_str(&self) -> &str {
        match self {
            CandidateType::Host => "host",
            CandidateType::Srflx => "srflx",
            CandidateType::Prflx => "prflx",
            CandidateType::Relay => "relay",
            CandidateType::Other(s) => s,
        }
    }
}

/// `a=candidate:...` (RFC 8839 §5.1, RFC 8445 §5.1).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Candidate {
    /// `<foundation>`, 1 to 32 ice-chars.
    pub foundation: String,
    /// `<component-id>`, 1 to 256 (1 = RTP, 2 = RTCP).
    pub component: u16,
    /// `<transport>`, `UDP` (compare case-insensitively).
    pub transport: String,
    /// `<priority>`.
    pub priority: u32,
    /// `<connection-address>`.
    pub address: String,
    /// `<port>`.
    pub port: u16,
    /// `typ <cand-type>`.
    pub typ: CandidateType,
    /// `raddr <connection-address>`.
    pub raddr: Option<String>,
    /// `rport <port>`.
    pub rport: Option<u16>,
    /// `<extension-att-name> <extension-att-value>` pairs in order
    /// (`generation 0`, `tcptype passive`, ...).
    pub extensions: Vec<(String, String)>,
}

impl Candidate {
    /// The value of extension `name` (ASCII case-insensitive), if present.
    pub fn extension(&self, name: &str) -> Option<&str> {
        self.extensions
            .iter()
            .find(|(n, _)| eq_ic(n, name))
            .map(|(_, v)| v.as_str())
    }
}

/// `a=ice-options:<token> *(SP <token>)` (RFC 8839 §5.6).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct IceOptions(pub Vec<String>);

/// `a=fingerprint:<hash-func> <fingerprint>` (RFC 8122 §5).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Fingerprint {
    /// `<hash-func>`: `sha-256`, `sha-1`, ... (compare case-insensitively).
    pub hash_func: String,
    /// The fingerprint bytes; written as upper-case hex pairs joined by
    /// colons.
    pub value: Vec<u8>,
}

impl Fingerprint {
    /// The fingerprint as upper-case hex pairs joined by colons, the form
    /// XEP-0320 also uses.
    pub fn hex(&self) -> String {
        const HEX: &[u8; 16] = b"0123456789ABCDEF";
        let mut s = String::with_capacity(self.value.len().saturating_mul(3));
        for (i, b) in self.value.iter().enumerate() {
            if i > 0 {
                s.push(':');
            }
            s.push(char::from(HEX[usize::from(b >> 4)]));
            s.push(char::from(HEX[usize::from(b & 0x0f)]));
        }
        s
    }

    /// Parses the hex form (`AB:CD:...`, either case) into bytes.
    pub fn parse_hex(hex: &str) -> Result<Vec<u8>, SdpError> {
        parse::fingerprint_hex(hex).map_err(|fault| SdpError::BadAttribute {
            name: <Self as TypedAttribute>::NAME,
            fault,
        })
    }
}

/// `a=setup:<role>` (RFC 4145 §4, RFC 5763 §5, RFC 6135 §4).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Setup {
    /// `active`: this side opens the connection / starts DTLS.
    Active,
    /// `passive`: this side accepts it.
    Passive,
    /// `actpass`: either (offers only).
    ActPass,
    /// `holdconn`: no connection for now.
    HoldConn,
}

impl Setup {
    /// The token as written in SDP.
    pub const fn as_str(self) -> &'static str {
        match self {
            Setup::Active => "active",
            Setup::Passive => "passive",
            Setup::ActPass => "actpass",
            Setup::HoldConn => "holdconn",
        }
    }
}

/// `a=crypto:<tag> <crypto-suite> <key-params> [<session-params>]` (RFC
/// 4568 §9.1).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Crypto {
    /// `<tag>`, up to 9 digits.
    pub tag: u32,
    /// `<crypto-suite>`, e.g. `AES_CM_128_HMAC_SHA1_80`.
    pub suite: String,
    /// `<key-params>` as written: one or more `method:info` joined by `;`
    /// (e.g. `inline:<key||salt>|2^20|1:4`).
    pub key_params: String,
    /// `<session-param>`s, in order (e.g. `KDR=1`, `UNENCRYPTED_SRTCP`).
    pub session_params: Vec<String>,
}

impl Crypto {
    /// The individual key-params (split on `;`).
    pub fn key_param_list(&self) -> impl Iterator<Item = &str> {
        self.key_params.split(';').filter(|s| !s.is_empty())
    }
}

/// `a=rtcp-fb:<fmt or *> <type> [<subtype>]` (RFC 4585 §4.2).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct RtcpFb {
    /// Payload type the feedback applies to, or `*` for all.
    pub format: String,
    /// Feedback type: `ack`, `nack`, `ccm`, `trr-int`, `goog-remb`, ...
    pub fb_type: String,
    /// The rest of the value after the type: a subtype such as `pli` or
    /// `fir`, the `trr-int` interval, or parameters with spaces.
    pub subtype: Option<String>,
}

/// `a=extmap:<id>[/<direction>] <URI> [<extension attributes>]` (RFC 8285
/// §7).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Extmap {
    /// Local identifier (1 to 14 for one-byte headers, up to 255 for
    /// two-byte headers, 4096 to 4351 while negotiating).
    pub id: u16,
    /// Direction suffix.
    pub direction: Option<Direction>,
    /// The extension URI.
    pub uri: String,
    /// Extension attributes after the URI, as written.
    pub attributes: Option<String>,
}

/// `a=path:<MSRP URI> *(SP <MSRP URI>)` (RFC 4975 §8.2): the rightmost URI
/// is the endpoint's own. URIs are kept as strings.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Path(pub Vec<String>);

/// `a=accept-types:<type> *(SP <type>)` (RFC 4975 §8.6): media types, `*`
/// or `type/*`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct AcceptTypes(pub Vec<String>);

/// `a=accept-wrapped-types:<type> *(SP <type>)` (RFC 4975 §8.6).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct AcceptWrappedTypes(pub Vec<String>);

/// `a=max-size:<octets>` (RFC 4975 §8.6).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct MaxSize(pub u64);

/// Implements [`TypedAttribute`] by forwarding to a parser in `parse.rs`.
macro_rules! typed_attribute {
    ($($ty:ty => $name:literal, $parser:path;)*) => {$(
        impl TypedAttribute for $ty {
            const NAME: &'static str = $name;
            fn parse_value(value: &str) -> Result<Self, SdpError> {
                $parser(value).map_err(|fault| SdpError::BadAttribute { name: $name, fault })
            }
        }
    )*};
}

typed_attribute! {
    RtpMap => "rtpmap", parse::rtpmap;
    Fmtp => "fmtp", parse::fmtp;
    Ptime => "ptime", parse::ptime;
    MaxPtime => "maxptime", parse::maxptime;
    Rtcp => "rtcp", parse::rtcp;
    Group => "group", parse::group;
    Ssrc => "ssrc", parse::ssrc;
    SsrcGroup => "ssrc-group", parse::ssrc_group;
    Candidate => "candidate", parse::candidate;
    IceOptions => "ice-options", parse::ice_options;
    Fingerprint => "fingerprint", parse::fingerprint;
    Setup => "setup", parse::setup;
    Crypto => "crypto", parse::crypto;
    RtcpFb => "rtcp-fb", parse::rtcp_fb;
    Extmap => "extmap", parse::extmap;
    Path => "path", parse::path;
    AcceptTypes => "accept-types", parse::accept_types;
    AcceptWrappedTypes => "accept-wrapped-types", parse::accept_wrapped_types;
    MaxSize => "max-size", parse::max_size;
}

/// The attribute accessors shared by the session section ([`Sdp`]) and
/// media sections ([`Media`]). Each looks at its own section only; the
/// `effective_*` methods of [`Sdp`] apply the media-then-session rule.
macro_rules! attribute_accessors {
    ($ty:ty) => {
        impl $ty {
            /// The first attribute called `name` (ASCII case-insensitive).
            pub fn attribute(&self, name: &str) -> Option<&Attribute> {
                self.attributes.iter().find(|a| a.is(name))
            }

            /// The value of the first attribute `name`; `None` when absent
            /// or valueless.
            pub fn attribute_value(&self, name: &str) -> Option<&str> {
                self.attribute(name).and_then(|a| a.value.as_deref())
            }

            /// Every attribute called `name`, in order.
            pub fn attributes_named<'a>(
                &'a self,
                name: &'a str,
            ) -> impl Iterator<Item = &'a Attribute> + 'a {
                self.attributes.iter().filter(move |a| a.is(name))
            }

            /// Whether an attribute `name` is present.
            pub fn has_attribute(&self, name: &str) -> bool {
                self.attribute(name).is_some()
            }

            /// Every attribute `T::NAME`, decoded, in order.
            pub fn typed<T: TypedAttribute>(
                &self,
            ) -> impl Iterator<Item = Result<T, SdpError>> + '_ {
                typed_in(&self.attributes)
            }

            /// The first attribute `T::NAME`, decoded.
            pub fn first_typed<T: TypedAttribute>(&self) -> Option<Result<T, SdpError>> {
                self.attribute(T::NAME).map(Attribute::decode)
            }

            /// `a=rtpmap` attributes.
            pub fn rtpmaps(&self) -> impl Iterator<Item = Result<RtpMap, SdpError>> + '_ {
                self.typed()
            }

            /// The `a=rtpmap` of payload type `pt`, if any (undecodable
            /// lines are skipped).
            pub fn rtpmap(&self, pt: u8) -> Option<RtpMap> {
                self.rtpmaps()
                    .filter_map(Result::ok)
                    .find(|r| r.payload_type == pt)
            }

            /// `a=fmtp` attributes.
            pub fn fmtps(&self) -> impl Iterator<Item = Result<Fmtp, SdpError>> + '_ {
                self.typed()
            }

            /// The `a=fmtp` of `format`, if any (undecodable lines are
            /// skipped).
            pub fn fmtp(&self, format: &str) -> Option<Fmtp> {
                self.fmtps()
                    .filter_map(Result::ok)
                    .find(|f| f.format == format)
            }

            /// `a=ptime` in milliseconds.
            pub fn ptime(&self) -> Option<Result<u32, SdpError>> {
                self.first_typed::<Ptime>().map(|r| r.map(|p| p.0))
            }

            /// `a=maxptime` in milliseconds.
            pub fn maxptime(&self) -> Option<Result<u32, SdpError>> {
                self.first_typed::<MaxPtime>().map(|r| r.map(|p| p.0))
            }

            /// The first direction attribute of this section.
            pub fn direction(&self) -> Option<Direction> {
                self.attributes.iter().find_map(|a| {
                    if a.value.is_none() {
                        Direction::from_name(&a.name)
                    } else {
                        None
                    }
                })
            }

            /// `a=rtcp`.
            pub fn rtcp(&self) -> Option<Result<Rtcp, SdpError>> {
                self.first_typed()
            }

            /// Whether `a=rtcp-mux` is present (RFC 5761 §5.1.1).
            pub fn rtcp_mux(&self) -> bool {
                self.has_attribute("rtcp-mux")
            }

            /// `a=mid` (RFC 5888 §4).
            pub fn mid(&self) -> Option<&str> {
                self.attribute_value("mid")
            }

            /// `a=group` attributes (session level, RFC 5888 §5).
            pub fn groups(&self) -> impl Iterator<Item = Result<Group, SdpError>> + '_ {
                self.typed()
            }

            /// `a=ssrc` attributes.
            pub fn ssrcs(&self) -> impl Iterator<Item = Result<Ssrc, SdpError>> + '_ {
                self.typed()
            }

            /// `a=ssrc-group` attributes.
            pub fn ssrc_groups(&self) -> impl Iterator<Item = Result<SsrcGroup, SdpError>> + '_ {
                self.typed()
            }

            /// `a=candidate` attributes (media level, RFC 8839 §5.1).
            pub fn candidates(&self) -> impl Iterator<Item = Result<Candidate, SdpError>> + '_ {
                self.typed()
            }

            /// `a=ice-ufrag`.
            pub fn ice_ufrag(&self) -> Option<&str> {
                self.attribute_value("ice-ufrag")
            }

            /// `a=ice-pwd`.
            pub fn ice_pwd(&self) -> Option<&str> {
                self.attribute_value("ice-pwd")
            }

            /// `a=ice-options`.
            pub fn ice_options(&self) -> Option<Result<IceOptions, SdpError>> {
                self.first_typed()
            }

            /// Whether `a=ice-lite` is present (session level, RFC 8839
            /// §5.3).
            pub fn ice_lite(&self) -> bool {
                self.has_attribute("ice-lite")
            }

            /// Whether `a=end-of-candidates` is present (RFC 8840 §8.2).
            pub fn end_of_candidates(&self) -> bool {
                self.has_attribute("end-of-candidates")
            }

            /// `a=fingerprint` attributes.
            pub fn fingerprints(&self) -> impl Iterator<Item = Result<Fingerprint, SdpError>> + '_ {
                self.typed()
            }

            /// `a=setup`.
            pub fn setup(&self) -> Option<Result<Setup, SdpError>> {
                self.first_typed()
            }

            /// `a=crypto` attributes.
            pub fn cryptos(&self) -> impl Iterator<Item = Result<Crypto, SdpError>> + '_ {
                self.typed()
            }

            /// `a=rtcp-fb` attributes.
            pub fn rtcp_fbs(&self) -> impl Iterator<Item = Result<RtcpFb, SdpError>> + '_ {
                self.typed()
            }

            /// `a=extmap` attributes.
            pub fn extmaps(&self) -> impl Iterator<Item = Result<Extmap, SdpError>> + '_ {
                self.typed()
            }

            /// `a=path` (RFC 4975 §8.2).
            pub fn path(&self) -> Option<Result<Path, SdpError>> {
                self.first_typed()
            }

            /// `a=accept-types` (RFC 4975 §8.6).
            pub fn accept_types(&self) -> Option<Result<AcceptTypes, SdpError>> {
                self.first_typed()
            }

            /// `a=accept-wrapped-types` (RFC 4975 §8.6).
            pub fn accept_wrapped_types(&self) -> Option<Result<AcceptWrappedTypes, SdpError>> {
                self.first_typed()
            }

            /// `a=max-size` in octets (RFC 4975 §8.6).
            pub fn max_size(&self) -> Option<Result<u64, SdpError>> {
                self.first_typed::<MaxSize>().map(|r| r.map(|m| m.0))
            }
        }
    };
}

attribute_accessors!(Sdp);
attribute_accessors!(Media);

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sdp::error::Fault;

    fn base() -> Sdp {
        let mut s = Sdp::new(Origin::new("-", 1, 1, "192.0.2.1"));
        s.connection = Some(Connection::new("192.0.2.1"));
        s.media.push(Media::new("audio", 9, "RTP/AVP", ["0"]));
        s
    }

    /// RFC 8866 §5 presence rules, checked by `validate` and not by
    /// `parse`.
    #[test]
    fn validate_table() {
        assert_eq!(base().validate(), Ok(()));
        type Case = (fn(&mut Sdp), SdpError);
        let cases: Vec<Case> = vec![
            (
                |s| s.version = 1,
                SdpError::Invalid {
                    letter: 'v',
                    media: None,
                    fault: Fault::Keyword("proto-version"),
                },
            ),
            (
                |s| s.origin.session_id = "12a".into(),
                SdpError::Invalid {
                    letter: 'o',
                    media: None,
                    fault: Fault::Syntax("sess-id"),
                },
            ),
            (
                |s| s.origin.session_id.clear(),
                SdpError::Invalid {
                    letter: 'o',
                    media: None,
                    fault: Fault::Syntax("sess-id"),
                },
            ),
            (
                |s| s.session_name.clear(),
                SdpError::Invalid {
                    letter: 's',
                    media: None,
                    fault: Fault::Missing("session name"),
                },
            ),
            (
                |s| s.timings.clear(),
                SdpError::MissingLine {
                    letter: 't',
                    media: None,
                },
            ),
            (
                |s| s.connection = None,
                SdpError::MissingLine {
                    letter: 'c',
                    media: Some(0),
                },
            ),
            (
                |s| s.media[0].formats.clear(),
                SdpError::Invalid {
                    letter: 'm',
                    media: Some(0),
                    fault: Fault::Missing("fmt"),
                },
            ),
        ];
        for (i, (change, want)) in cases.into_iter().enumerate() {
            let mut s = base();
            change(&mut s);
            assert_eq!(s.validate(), Err(want), "case {i}");
        }
        // c= in every media section instead of at session level.
        let mut s = base();
        s.connection = None;
        s.media[0].connections.push(Connection::new("2001:db8::1"));
        assert_eq!(s.validate(), Ok(()));
        assert_eq!(s.media[0].connections[0].addrtype, "IP6");
    }

    /// RFC 8866 §6.7, RFC 3264 §5.1, RFC 8839 §5.4: media level first,
    /// then session level, then the default.
    #[test]
    fn effective_values() {
        let text = "v=0\r\no=- 1 1 IN IP4 h\r\ns=-\r\nc=IN IP4 233.252.0.1/127/2\r\nt=0 0\r\n\
            a=recvonly\r\na=ice-ufrag:sess\r\na=ice-pwd:sesspwd\r\na=setup:actpass\r\n\
            a=fingerprint:sha-1 00:11\r\n\
            m=audio 9 RTP/AVP 0\r\na=sendonly\r\na=ice-ufrag:med\r\na=setup:active\r\n\
            a=fingerprint:sha-256 AA\r\na=fingerprint:sha-1 BB\r\n\
            m=video 9 RTP/AVP 31\r\nc=IN IP4 192.0.2.9\r\n";
        let s = Sdp::parse_default(text.as_bytes()).unwrap();
        let (a, v) = (&s.media[0], &s.media[1]);
        assert_eq!(s.effective_direction(a), Direction::SendOnly);
        assert_eq!(s.effective_direction(v), Direction::RecvOnly);
        let mut no_dir = s.clone();
        no_dir.attributes.retain(|x| !x.is("recvonly"));
        assert_eq!(no_dir.effective_direction(v), Direction::SendRecv);
        assert_eq!(s.effective_ice_ufrag(a), Some("med"));
        assert_eq!(s.effective_ice_ufrag(v), Some("sess"));
        assert_eq!(s.effective_ice_pwd(a), Some("sesspwd"));
        assert_eq!(s.effective_setup(a), Some(Ok(Setup::Active)));
        assert_eq!(s.effective_setup(v), Some(Ok(Setup::ActPass)));
        let fa: Vec<_> = s
            .effective_typed::<Fingerprint>(a)
            .map(|f| f.unwrap().hex())
            .collect();
        assert_eq!(fa, ["AA", "BB"]);
        let fv: Vec<_> = s
            .effective_typed::<Fingerprint>(v)
            .map(|f| f.unwrap().hex())
            .collect();
        assert_eq!(fv, ["00:11"]);
        assert_eq!(
            s.effective_connection(a).map(Connection::host),
            Some("233.252.0.1")
        );
        assert_eq!(
            s.effective_connection(v).map(Connection::host),
            Some("192.0.2.9")
        );
        assert_eq!(
            s.effective_attribute(v, "ICE-UFRAG")
                .and_then(|x| x.value.as_deref()),
            Some("sess")
        );
        assert!(!s.effective_connection(v).unwrap().is_hold());
        assert_eq!(Direction::SendOnly.reversed(), Direction::RecvOnly);
        assert_eq!(Direction::Inactive.reversed(), Direction::Inactive);
    }

    /// Accessors on one section, including flags and the by-number
    /// lookups.
    #[test]
    fn section_accessors() {
        let mut m = Media::new("audio", 49170, "RTP/AVP", ["0", "96"]);
        m.attributes.extend([
            RtpMap {
                payload_type: 96,
                encoding: "opus".into(),
                clock_rate: 48000,
                channels: Some(2),
            }
            .to_attribute(),
            Fmtp {
                format: "96".into(),
                params: "minptime=10; useinbandfec=1;;0-15".into(),
            }
            .to_attribute(),
            Attribute::new("ptime", "20"),
            Attribute::new("maxptime", "40.4"),
            Attribute::flag("rtcp-mux"),
            Attribute::flag("END-OF-CANDIDATES"),
            Attribute::new("mid", "a0"),
            Attribute::new("rtpmap", "bad"),
            Attribute::new("max-size", "2048"),
            Direction::Inactive.to_attribute(),
        ]);
        assert!(m.is_rtp() && !m.is_msrp());
        assert_eq!(m.rtpmap(96).map(|r| r.encoding), Some("opus".into()));
        assert_eq!(m.rtpmap(0), None);
        assert_eq!(m.rtpmaps().filter(Result::is_err).count(), 1);
        let f = m.fmtp("96").unwrap();
        let params: Vec<_> = f.parameters().collect();
        assert_eq!(
            params,
            [
                (Some("minptime"), "10"),
                (Some("useinbandfec"), "1"),
                (None, "0-15")
            ]
        );
        assert_eq!(m.ptime(), Some(Ok(20)));
        assert_eq!(m.maxptime(), Some(Ok(40)));
        assert!(m.rtcp_mux() && m.end_of_candidates() && !m.ice_lite());
        assert_eq!(m.mid(), Some("a0"));
        assert_eq!(m.max_size(), Some(Ok(2048)));
        assert_eq!(m.direction(), Some(Direction::Inactive));
        assert_eq!(m.attributes_named("RTPMAP").count(), 2);
        assert!(m.path().is_none());
        let msrp = Media::new("message", 7654, "TCP/TLS/MSRP", ["*"]);
        assert!(msrp.is_msrp() && !msrp.is_rtp());
        let c = Crypto {
            tag: 1,
            suite: "AES_CM_128_HMAC_SHA1_80".into(),
            key_params: "inline:a|2^20;inline:b".into(),
            session_params: vec![],
        };
        assert_eq!(
            c.key_param_list().collect::<Vec<_>>(),
            ["inline:a|2^20", "inline:b"]
        );
        assert_eq!(Fingerprint::parse_hex("0a:FF"), Ok(vec![0x0a, 0xff]));
        assert!(Fingerprint::parse_hex("0a:F").is_err());
    }

    /// Constructors strip what cannot appear in a line.
    #[test]
    fn constructors_sanitise() {
        let a = Attribute::new("na me\r\n", "v\r\nal\0ue\t ok");
        assert_eq!(a.name, "name");
        assert_eq!(a.value.as_deref(), Some("value\t ok"));
        let o = Origin::new("al ice", 1, 2, "2001:db8::1\r\n");
        assert_eq!(
            (o.username.as_str(), o.addrtype.as_str(), o.address.as_str()),
            ("alice", "IP6", "2001:db8::1")
        );
        assert_eq!(UnknownLine::new('a', "x", 0), None);
        assert_eq!(UnknownLine::new('1', "x", 0), None);
        assert_eq!(
            UnknownLine::new('x', "y\nz", 3).map(|u| u.value),
            Some("yz".into())
        );
        let m = Media::new("au dio", 1, "RTP/ AVP", ["0 8"]);
        assert_eq!(
            (m.media.as_str(), m.proto.as_str(), m.formats[0].as_str()),
            ("audio", "RTP/AVP", "08")
        );
    }

    /// Lines of unknown type are written at their recorded position; a
    /// position past the end puts the line at the end of the section.
    #[test]
    fn unknown_line_positions() {
        let mut s = Sdp::new(Origin::new("-", 1, 1, "h"));
        s.unknown = vec![
            UnknownLine::new('x', "0", 0).unwrap(),
            UnknownLine::new('y', "2", 2).unwrap(),
            UnknownLine::new('w', "end", 99).unwrap(),
        ];
        let mut m = Media::new("audio", 9, "RTP/AVP", ["0"]);
        m.attributes.push(Attribute::flag("sendrecv"));
        m.unknown = vec![UnknownLine::new('Z', "first", 0).unwrap()];
        s.media.push(m);
        assert_eq!(
            s.to_string(),
            "v=0\r\nx=0\r\no=- 1 1 IN IP4 h\r\ns=-\r\ny=2\r\nt=0 0\r\nw=end\r\n\
             m=audio 9 RTP/AVP 0\r\nZ=first\r\na=sendrecv\r\n"
        );
    }
}
