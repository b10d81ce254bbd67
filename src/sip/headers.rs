//! Typed header values (RFC 3261 §20, RFC 3326, RFC 6665 §8.2).
//!
//! Each type parses from the unfolded text of one header value (or one
//! element of a list header) and writes back with `Display`. Writing never
//! produces CR or LF.

use std::borrow::Cow;
use std::fmt;

use super::error::ValueFault;
use super::method::Method;
use crate::grammar::{
    FmtOut, Out, TOKEN, eq_ic, is_token, is_token_byte, is_wsp, parse_u64, put_decimal, quoted_end,
    run_end, run_end_long, trim_wsp, trim_wsp_start, unescape_quoted, write_quoted,
};
use crate::limits::ParseLimits;
use crate::params::Params;
use crate::uri::{Uri, UriRef, is_valid_host, plain_host_end};

fn syntax(whole: &str, at: &str) -> ValueFault {
    let offset = (at.as_ptr() as usize).saturating_sub(whole.as_ptr() as usize);
    ValueFault::Syntax { offset }
}

/// A `name-addr` or `addr-spec` with header parameters: the value of From,
/// To, Contact, Route, Record-Route, Reply-To (RFC 3261 §20.10, §25).
///
/// ```
/// use sip_xmpp::sip::NameAddr;
/// let a = NameAddr::parse(r#""J Rosenberg \\\"" <sip:jdrosen@example.com>;tag=98asjd8"#).unwrap();
/// assert_eq!(a.display_name.as_deref(), Some(r#"J Rosenberg \""#));
/// assert_eq!(a.tag(), Some("98asjd8"));
/// assert_eq!(a.to_string(), r#""J Rosenberg \\\"" <sip:jdrosen@example.com>;tag=98asjd8"#);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct NameAddr<'a> {
    /// The display name, unquoted and unescaped.
    pub display_name: Option<Cow<'a, str>>,
    /// The URI.
    pub uri: Uri,
    /// Header parameters (after `>`, or after an addr-spec): `tag`, `q`,
    /// `expires`, ...
    pub params: Params<'a>,
}

impl<'a> NameAddr<'a> {
    /// A name-addr with just a URI.
    pub fn new(uri: impl Into<Uri>) -> Self {
        NameAddr {
            display_name: None,
            uri: uri.into(),
            params: Params::new(),
        }
    }

    /// Parses a name-addr or addr-spec with its parameters.
    ///
    /// In the addr-spec form (no `<>`), every `;parameter` belongs to the
    /// header, and a URI holding `?` or `,` is refused: RFC 3261 §20.10
    /// requires the name-addr form for it.
    pub fn parse(s: &'a str) -> Result<Self, ValueFault> {
        Self::parse_with(s, &ParseLimits::DEFAULT)
    }

    /// [`parse`](Self::parse) with the URI length limit of `limits`.
    pub fn parse_with(s: &'a str, limits: &ParseLimits) -> Result<Self, ValueFault> {
        let (display_name, uri, params) = parse_name_addr(s, |text| Uri::parse_with(text, limits))?;
        Ok(NameAddr {
            display_name,
            uri,
            params,
        })
    }

    /// The `tag` parameter.
    pub fn tag(&self) -> Option<&str> {
        self.params.value("tag")
    }

    /// Sets the `tag` parameter.
    pub fn set_tag(&mut self, tag: impl Into<Cow<'a, str>>) {
        self.params.set(crate::Param::token("tag", tag));
    }

    /// The shortest valid form, for From, To and Contact (RFC 3261 §20.10):
    /// the bare addr-spec (`sip:romeo@example.net;tag=x`) when there is no
    /// display name and the URI is a SIP URI holding no `,`, `;` or `?`;
    /// otherwise the name-addr form of `Display`. Route and Record-Route
    /// require the name-addr form: write those with `Display`.
    ///
    /// ```
    /// use sip_xmpp::sip::NameAddr;
    /// let a = NameAddr::parse("<sip:romeo@example.net>;tag=vwxyz").unwrap();
    /// assert_eq!(a.to_compact_string(), "sip:romeo@example.net;tag=vwxyz");
    /// let g = NameAddr::parse("<sip:juliet@example.com;gr=balcony>;tag=1").unwrap();
    /// assert_eq!(g.to_compact_string(), "<sip:juliet@example.com;gr=balcony>;tag=1");
    /// ```
    pub fn to_compact_string(&self) -> String {
        let mut out = String::with_capacity(self.written_len());
        self.write_compact_to(&mut out);
        out
    }

    /// Appends the compact form of
    /// [`to_compact_string`](Self::to_compact_string) to `out`.
    pub fn write_compact_to(&self, out: &mut String) {
        self.write_compact_into(out);
    }

    /// Appends the name-addr form that `Display` writes to `out`, without
    /// going through `core::fmt`.
    pub fn write_to(&self, out: &mut String) {
        self.write_into(out);
    }

    /// What [`to_compact_string`](Self::to_compact_string) writes, when
    /// nothing needs quoting: for sizing a buffer.
    fn written_len(&self) -> usize {
        self.uri.as_str().len()
            + 2
            + self.params.plain_len()
            + self.display_name.as_ref().map_or(0, |d| d.len() + 3)
    }

    fn write_compact_into(&self, out: &mut impl Out) {
        match &self.uri {
            Uri::Sip(u) if self.display_name.is_none() && !u.needs_angle_brackets() => {
                out.put(u.as_str());
                self.params.write_into(out);
            }
            _ => self.write_into(out),
        }
    }

    fn write_into(&self, out: &mut impl Out) {
        if let Some(d) = &self.display_name {
            write_quoted(out, d);
            out.put(" ");
        }
        out.put("<");
        out.put(self.uri.as_str());
        out.put(">");
        self.params.write_into(out);
    }

    /// Detaches the value from the message it was read from.
    pub fn into_owned(self) -> NameAddr<'static> {
        NameAddr {
            display_name: self.display_name.map(|d| Cow::Owned(d.into_owned())),
            uri: self.uri,
            params: self.params.into_owned(),
        }
    }
}

/// The parts of a `name-addr` or `addr-spec` with its parameters (see
/// [`NameAddr::parse`]), the URI read by `parse_uri`: one reading for
/// [`NameAddr`] and [`NameAddrRef`], so that both accept and refuse the
/// same text with the same error.
#[allow(clippy::type_complexity)]
fn parse_name_addr<'a, U>(
    s: &'a str,
    parse_uri: impl FnOnce(&'a str) -> Result<U, crate::uri::UriError>,
) -> Result<(Option<Cow<'a, str>>, U, Params<'a>), ValueFault> {
    let v = trim_wsp(s);
    if v.is_empty() {
        return Err(ValueFault::Empty);
    }
    let b = v.as_bytes();
    let (display_name, rest) = if b[0] == b'"' {
        let end = quoted_end(b).ok_or(ValueFault::UnterminatedQuote)?;
        let rest = trim_wsp_start(&v[end..]);
        if !rest.starts_with('<') {
            return Err(syntax(s, rest));
        }
        (Some(unescape_quoted(&v[1..end - 1])), rest)
    } else {
        // One run to the first of `<`, `;`, SP, HTAB, `?` and `,`: a `<`
        // there is the first `<` of the value; otherwise the first `<`,
        // if any, is further on. Without one, the value is an addr-spec
        // whose URI ends at the first `;`, SP or HTAB and may hold no `?`
        // or `,` (RFC 3261 §20.10): the byte the run stopped at says
        // which.
        let stop = run_end(b, 0, &ADDR_SPEC_URI);
        let lt = match b.get(stop) {
            Some(b'<') => Some(stop),
            Some(_) => memchr::memchr(b'<', &b[stop..]).map(|p| stop + p),
            None => None,
        };
        if let Some(lt) = lt {
            let name = trim_wsp(&v[..lt]);
            // display-name = *(token LWS): words of token characters.
            if let Some(bad) = name.bytes().position(|c| !(is_token_byte(c) || is_wsp(c))) {
                return Err(syntax(s, &name[bad..]));
            }
            ((!name.is_empty()).then_some(Cow::Borrowed(name)), &v[lt..])
        } else {
            if matches!(b.get(stop), Some(b'?' | b',')) {
                return Err(syntax(s, &v[stop..]));
            }
            let uri = parse_uri(&v[..stop])?;
            let params = parse_params(s, &v[stop..])?;
            return Ok((None, uri, params));
        }
    };
    // rest starts with '<'
    let gt = memchr::memchr(b'>', rest.as_bytes()).ok_or(ValueFault::UnterminatedAngle)?;
    let uri_text = &rest[1..gt];
    if let Some(p) = uri_text.bytes().position(is_wsp) {
        return Err(syntax(s, &uri_text[p..]));
    }
    let uri = parse_uri(uri_text)?;
    let params = parse_params(s, &rest[gt + 1..])?;
    Ok((display_name, uri, params))
}

/// The URI text of a From, To or Contact value of the usual plain form,
/// read in one pass: `uri` or `<uri>`, then header parameters
/// `;name=value` of token characters (at most four, no name twice, none
/// called `gr`, which the address mapping reads). The URI holds none of
/// the characters that end an addr-spec's URI or a name-addr's (SP, HTAB,
/// `;`, `?`, `,`, `<`, `>`) nor `"`. `None` for any other value.
///
/// Where this answers, the general reading ([`NameAddrRef`]) reads the
/// same URI text with parameters it accepts, and no `gr` among them; the
/// URI itself is left to the caller to read (a differential test checks
/// both).
#[cfg(test)]
pub(crate) fn plain_addr_uri(v: &str) -> Option<&str> {
    let b = v.as_bytes();
    let (uri, params) = if b.first() == Some(&b'<') {
        let end = run_end(b, 1, &PLAIN_ADDR_URI);
        if b.get(end) != Some(&b'>') {
            return None;
        }
        (v.get(1..end)?, end + 1)
    } else {
        let end = run_end(b, 0, &PLAIN_ADDR_URI);
        (v.get(..end)?, end)
    };
    (!uri.is_empty() && plain_header_params(v.get(params..)?)).then_some(uri)
}

/// Whether `plain_addr_uri(v)` is `Some(uri.as_str())`, found by
/// comparing rather than reading (a To usually repeats the Request-URI).
/// (`plain_addr_uri`, the reading of a plain From, To or Contact value,
/// is kept for the tests: the mappings read such values as part of
/// mapping them, `AddressMapper::plain_addr_to_jid`.)
///
/// The text of a [`SipUri`](crate::uri::SipUri) holds only visible ASCII
/// other than `<`, `>` and `"` (the reader refuses the rest unescaped), so
/// it is made of the bytes `plain_addr_uri` reads as a URI when it holds
/// none of `;`, `?` and `,`.
pub(crate) fn is_plain_addr_of(v: &str, uri: &crate::uri::SipUri) -> bool {
    let uri = uri.as_str();
    let params = match v.strip_prefix('<') {
        Some(inner) => inner.strip_prefix(uri).and_then(|r| r.strip_prefix('>')),
        None => v.strip_prefix(uri),
    };
    params.is_some_and(plain_header_params)
        && !uri.is_empty()
        && memchr::memchr3(b';', b'?', b',', uri.as_bytes()).is_none()
}

/// Whether `p` is empty or header parameters `;name=value` of token
/// characters: at most four, no name twice, none called `gr`.
pub(crate) fn plain_header_params(p: &str) -> bool {
    let b = p.as_bytes();
    let mut names = [""; 4];
    let (mut n, mut i) = (0, 0);
    while i < b.len() {
        if b[i] != b';' || n == names.len() {
            return false;
        }
        let n1 = token_end(b, i + 1);
        let v1 = token_end(b, n1 + 1);
        if n1 == i + 1 || b.get(n1) != Some(&b'=') || v1 == n1 + 1 {
            return false;
        }
        let name = p.get(i + 1..n1).unwrap_or_default();
        if eq_ic(name, "gr") || names[..n].iter().any(|m| eq_ic(m, name)) {
            return false;
        }
        names[n] = name;
        n += 1;
        i = v1;
    }
    true
}

#[cfg(test)]
crate::grammar::byte_table!(
    /// The bytes of a URI in [`plain_addr_uri`]: visible ASCII but for
    /// `;`, `?`, `,`, `<`, `>` and `"`.
    PLAIN_ADDR_URI = |b| matches!(b, 0x21..=0x7e) && !matches!(b, b';' | b'?' | b',' | b'<' | b'>' | b'"')
);

/// The header parameters `after` of the value `s`: `Params::parse_all`,
/// its one-pass reading first, errors shifted to count from the start of
/// `s`.
fn parse_params<'a>(s: &str, after: &'a str) -> Result<Params<'a>, ValueFault> {
    if after.is_empty() {
        return Ok(Params::new());
    }
    match Params::parse_common(after) {
        Some(p) => Ok(p),
        None => Params::parse_all(after).map_err(|e| e.shifted(offset_of(s, after)).into()),
    }
}

crate::grammar::byte_table!(
    /// The bytes of an addr-spec's URI up to where [`parse_name_addr`]
    /// looks: all but the `;`, SP and HTAB that end it, the `?` and `,` it
    /// may not hold, and the `<` of a name-addr.
    ADDR_SPEC_URI = |b| !matches!(b, b';' | b' ' | b'\t' | b'?' | b',' | b'<')
);

/// A From, To or Contact address read without copying its URI's text:
/// the [`NameAddr`] [`NameAddr::parse_with`] gives, with a SIP or SIPS
/// URI borrowed from the header value, for a caller that maps the address
/// and drops it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct NameAddrRef<'a> {
    /// The display name, unquoted and unescaped.
    pub(crate) display_name: Option<Cow<'a, str>>,
    /// The URI.
    pub(crate) uri: UriRef<'a>,
    /// Header parameters.
    pub(crate) params: Params<'a>,
}

impl<'a> NameAddrRef<'a> {
    /// [`NameAddr::parse_with`] without the copy of a SIP URI's text.
    #[cfg(test)]
    pub(crate) fn parse_with(s: &'a str, limits: &ParseLimits) -> Result<Self, ValueFault> {
        Self::parse_known(s, limits, None)
    }

    /// [`parse_with`](Self::parse_with), taking the URI for `known`
    /// when its text is that of `known` (see [`UriRef::parse_known`]).
    #[cfg(test)]
    pub(crate) fn parse_known(
        s: &'a str,
        limits: &ParseLimits,
        known: Option<&'a crate::uri::SipUri>,
    ) -> Result<Self, ValueFault> {
        Self::parse_known_or(s, limits, known, |fault| fault)
    }

    /// [`parse_known`](Self::parse_known) with its fault made into the
    /// caller's error by `fault`: the result is built where it is returned,
    /// rather than copied into another result for another error type.
    pub(crate) fn parse_known_or<E>(
        s: &'a str,
        limits: &ParseLimits,
        known: Option<&'a crate::uri::SipUri>,
        fault: impl FnOnce(ValueFault) -> E,
    ) -> Result<Self, E> {
        match parse_name_addr(s, |text| UriRef::parse_known(text, limits, known)) {
            Ok((display_name, uri, params)) => Ok(NameAddrRef {
                display_name,
                uri,
                params,
            }),
            Err(e) => Err(fault(e)),
        }
    }

    /// The [`NameAddr`] [`NameAddr::parse_with`] gives for the same text.
    #[cfg(test)]
    pub(crate) fn to_name_addr(&self) -> NameAddr<'a> {
        NameAddr {
            display_name: self.display_name.clone(),
            uri: self.uri.to_uri(),
            params: self.params.clone(),
        }
    }
}

fn offset_of(whole: &str, part: &str) -> usize {
    (part.as_ptr() as usize).saturating_sub(whole.as_ptr() as usize)
}

/// The end of the run of SP and HTAB of `b` from `i`.
#[inline]
fn wsp_end(b: &[u8], mut i: usize) -> usize {
    while b.get(i).is_some_and(|&c| is_wsp(c)) {
        i += 1;
    }
    i
}

/// The end of the run of token characters of `b` from `i`.
#[inline]
fn token_end(b: &[u8], i: usize) -> usize {
    run_end(b, i, &TOKEN)
}

impl fmt::Display for NameAddr<'_> {
    /// Always the name-addr form (`"Name" <uri>;params`), which is valid
    /// for every URI.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut out = FmtOut::new(f);
        self.write_into(&mut out);
        out.finish()
    }
}

/// One Contact value: `*` (REGISTER only) or an address.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Contact<'a> {
    /// `Contact: *`.
    Star,
    /// An address with its parameters.
    Address(NameAddr<'a>),
}

impl<'a> Contact<'a> {
    /// Parses one element of a Contact list.
    pub fn parse(s: &'a str) -> Result<Self, ValueFault> {
        Self::parse_with(s, &ParseLimits::DEFAULT)
    }

    /// [`parse`](Self::parse) with the URI length limit of `limits`.
    pub fn parse_with(s: &'a str, limits: &ParseLimits) -> Result<Self, ValueFault> {
        if trim_wsp(s) == "*" {
            Ok(Contact::Star)
        } else {
            NameAddr::parse_with(s, limits).map(Contact::Address)
        }
    }
}

impl fmt::Display for Contact<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Contact::Star => f.write_str("*"),
            Contact::Address(a) => a.fmt(f),
        }
    }
}

/// One Via value (RFC 3261 §20.42).
///
/// ```
/// use sip_xmpp::sip::Via;
/// let v = Via::parse("SIP  / 2.0  / TCP     spindle.example.com   ; branch  =   z9hG4bK9ikj8").unwrap();
/// assert_eq!(v.transport, "TCP");
/// assert_eq!(v.host, "spindle.example.com");
/// assert_eq!(v.branch(), Some("z9hG4bK9ikj8"));
/// assert_eq!(v.to_string(), "SIP/2.0/TCP spindle.example.com;branch=z9hG4bK9ikj8");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Via<'a> {
    /// Protocol name (`SIP`).
    pub protocol: Cow<'a, str>,
    /// Protocol version (`2.0`).
    pub version: Cow<'a, str>,
    /// Transport (`UDP`, `TCP`, `TLS`, `SCTP`, `WS`, or an extension).
    pub transport: Cow<'a, str>,
    /// The sent-by host as written (IPv6 references with brackets).
    pub host: Cow<'a, str>,
    /// The sent-by port.
    pub port: Option<u16>,
    /// Parameters: `branch`, `received`, `rport`, `maddr`, `ttl`, ...
    pub params: Params<'a>,
}

impl<'a> Via<'a> {
    /// A `SIP/2.0/<transport> host[:port];branch=<branch>` value.
    pub fn new(transport: &'a str, host: &'a str, port: Option<u16>, branch: &'a str) -> Self {
        let mut params = Params::new();
        params.set(crate::Param::token("branch", branch));
        Via {
            protocol: Cow::Borrowed("SIP"),
            version: Cow::Borrowed("2.0"),
            transport: Cow::Borrowed(transport),
            host: Cow::Borrowed(host),
            port,
            params,
        }
    }

    /// Parses one via-parm.
    pub fn parse(s: &'a str) -> Result<Self, ValueFault> {
        let v = trim_wsp(s);
        if v.is_empty() {
            return Err(ValueFault::Empty);
        }
        let b = v.as_bytes();
        // Offsets in errors count from the start of `s`.
        let base = offset_of(s, v);
        let at = |i: usize| ValueFault::Syntax { offset: base + i };
        // sent-protocol: token LWS "/" LWS token LWS "/" LWS token.
        let p1 = token_end(b, 0);
        let slash = |i: usize| -> Result<usize, ValueFault> {
            let j = wsp_end(b, i);
            if b.get(j) == Some(&b'/') {
                Ok(wsp_end(b, j + 1))
            } else {
                Err(at(i))
            }
        };
        let v0 = slash(p1)?;
        let v1 = token_end(b, v0);
        let t0 = slash(v1)?;
        let t1 = token_end(b, t0);
        if p1 == 0 || v1 == v0 || t1 == t0 || !b.get(t1).is_some_and(|&c| is_wsp(c)) {
            return Err(at(t1));
        }
        // sent-by: host [ ":" port ].
        let h0 = wsp_end(b, t1);
        let h1 = if b.get(h0) == Some(&b'[') {
            memchr::memchr(b']', &b[h0..])
                .map(|p| h0 + p + 1)
                .ok_or(at(h0))?
        } else {
            let mut e = h0;
            while let Some(&c) = b.get(e) {
                if matches!(c, b':' | b';' | b' ' | b'\t' | b',') {
                    break;
                }
                e += 1;
            }
            e
        };
        let host = &v[h0..h1];
        if !is_valid_host(host) {
            return Err(at(h0));
        }
        let mut r = h1;
        let mut port = None;
        let c = wsp_end(b, h1);
        if b.get(c) == Some(&b':') {
            let d0 = wsp_end(b, c + 1);
            let mut d1 = d0;
            while b.get(d1).is_some_and(u8::is_ascii_digit) {
                d1 += 1;
            }
            let num = parse_u64(&v[d0..d1])
                .and_then(|n| u16::try_from(n).ok())
                .ok_or(ValueFault::Number)?;
            port = Some(num);
            r = d1;
        }
        let rest = &v[r..];
        let params = Params::parse_all(rest).map_err(|e| e.shifted(base + r))?;
        Ok(Via {
            protocol: Cow::Borrowed(&v[..p1]),
            version: Cow::Borrowed(&v[v0..v1]),
            transport: Cow::Borrowed(&v[t0..t1]),
            host: Cow::Borrowed(host),
            port,
            params,
        })
    }

    /// [`parse`](Self::parse) of the usual value in one pass:
    /// `protocol/version/transport SP host[:port]` and `;name[=value]`
    /// parameters with a token value, no whitespace besides the one SP,
    /// a host name or IPv4 address of at most 63 bytes. `None` for
    /// anything else, which [`parse`](Self::parse) reads (and refuses with
    /// the exact error); when this gives a value, it is the one `parse`
    /// gives.
    ///
    /// Why: with no whitespace to skip, each step of `parse` reads the
    /// same run as here (the runs of token characters hold no `/` and no
    /// whitespace); the host ends at a byte `parse` ends it at (`:`, `;`
    /// or the end) and is valid ([`plain_host_end`]); the port is the
    /// value of its digits; and the parameters are the list
    /// [`Params::parse_common`] gives, which is the one `Params::parse_all`
    /// gives.
    ///
    /// Such a value holds no `,`, `"` or `<`, and no whitespace at either
    /// end: as a whole header row, it is one element of the list.
    pub(crate) fn parse_common(v: &'a str) -> Option<Self> {
        let b = v.as_bytes();
        let p1 = token_end(b, 0);
        let v0 = p1 + 1;
        let v1 = token_end(b, v0);
        let t0 = v1 + 1;
        let t1 = token_end(b, t0);
        if p1 == 0
            || v1 == v0
            || t1 == t0
            || b.get(p1) != Some(&b'/')
            || b.get(v1) != Some(&b'/')
            || b.get(t1) != Some(&b' ')
        {
            return None;
        }
        let h0 = t1 + 1;
        let h1 = plain_host_end(b, h0)?;
        let mut r = h1;
        let mut port = None;
        match b.get(h1) {
            None | Some(b';') => {}
            Some(b':') => {
                let (n, value) = digits(b.get(h1 + 1..)?);
                if n == 0 {
                    return None;
                }
                port = Some(u16::try_from(value).ok()?);
                r = h1 + 1 + n;
            }
            Some(_) => return None,
        }
        let params = Params::parse_common(v.get(r..)?)?;
        Some(Via {
            protocol: Cow::Borrowed(v.get(..p1)?),
            version: Cow::Borrowed(v.get(v0..v1)?),
            transport: Cow::Borrowed(v.get(t0..t1)?),
            host: Cow::Borrowed(v.get(h0..h1)?),
            port,
            params,
        })
    }

    /// The `branch` of a Via value of the usual form, checked in one
    /// pass without building the value: `SIP/2.0/`, a transport, one SP,
    /// a host and optional port as [`parse_common`](Self::parse_common)
    /// reads them, then at most eight parameters `;name` or `;name=value`
    /// (token names, no name twice, values of token characters and
    /// `[]:/`). `Some(branch)` where `parse_common` gives a value with
    /// that branch (a differential test checks it); `None` for anything
    /// else, including what `parse_common` reads but this does not.
    pub(crate) fn plain_branch(v: &'a str) -> Option<Option<&'a str>> {
        let b = v.as_bytes();
        let rest = b.strip_prefix(b"SIP/2.0/")?;
        let t1 = 8 + token_end(rest, 0);
        if t1 == 8 || b.get(t1) != Some(&b' ') {
            return None;
        }
        let h1 = plain_host_end(b, t1 + 1)?;
        let mut r = h1;
        if b.get(h1) == Some(&b':') {
            let (n, value) = digits(b.get(h1 + 1..)?);
            if n == 0 || value > u64::from(u16::MAX) {
                return None;
            }
            r = h1 + 1 + n;
        }
        let mut names = [""; 8];
        let (mut n, mut branch) = (0, None);
        while r < b.len() {
            if b[r] != b';' || n == names.len() {
                return None;
            }
            let n1 = token_end(b, r + 1);
            let name = v.get(r + 1..n1).filter(|n| !n.is_empty())?;
            if names[..n].iter().any(|m| eq_ic(m, name)) {
                return None;
            }
            names[n] = name;
            n += 1;
            r = n1;
            if b.get(n1) == Some(&b'=') {
                let v1 = crate::grammar::run_end_long(b, n1 + 1, &crate::params::VALUE);
                let value = v.get(n1 + 1..v1).filter(|v| !v.is_empty())?;
                if eq_ic(name, "branch") {
                    branch = Some(value);
                }
                r = v1;
            }
        }
        Some(branch)
    }

    /// The `branch` parameter.
    pub fn branch(&self) -> Option<&str> {
        self.params.value("branch")
    }

    /// The `received` parameter.
    pub fn received(&self) -> Option<&str> {
        self.params.value("received")
    }

    /// The `rport` parameter (RFC 3581): `Some(None)` when present without
    /// a value.
    pub fn rport(&self) -> Option<Option<u16>> {
        self.params
            .get("rport")
            .map(|p| p.value.as_ref().and_then(|v| v.as_str().parse().ok()))
    }

    /// Whether the branch is an RFC 3261 branch: the magic cookie
    /// `z9hG4bK` followed by at least one character (a bare cookie carries
    /// no transaction identity, RFC 4475 §3.2.1).
    pub fn has_rfc3261_branch(&self) -> bool {
        self.branch()
            .is_some_and(|b| b.len() > 7 && b.starts_with("z9hG4bK"))
    }

    /// Detaches the value from the message it was read from.
    pub fn into_owned(self) -> Via<'static> {
        Via {
            protocol: Cow::Owned(self.protocol.into_owned()),
            version: Cow::Owned(self.version.into_owned()),
            transport: Cow::Owned(self.transport.into_owned()),
            host: Cow::Owned(self.host.into_owned()),
            port: self.port,
            params: self.params.into_owned(),
        }
    }
}

impl Via<'_> {
    /// Appends what `Display` writes to `out`, without going through
    /// `core::fmt`.
    pub fn write_to(&self, out: &mut String) {
        self.write_into(out);
    }

    fn write_into(&self, out: &mut impl Out) {
        out.put(&self.protocol);
        out.put("/");
        out.put(&self.version);
        out.put("/");
        out.put(&self.transport);
        out.put(" ");
        out.put(&self.host);
        if let Some(p) = self.port {
            out.put(":");
            put_decimal(out, u64::from(p));
        }
        self.params.write_into(out);
    }
}

impl fmt::Display for Via<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut out = FmtOut::new(f);
        self.write_into(&mut out);
        out.finish()
    }
}

/// The CSeq header (RFC 3261 §20.16).
///
/// ```
/// use sip_xmpp::sip::{CSeq, Method};
/// let c = CSeq::parse("0009\r\n  INVITE".replace("\r\n", "").as_str()).unwrap();
/// assert_eq!(c, CSeq { seq: 9, method: Method::Invite });
/// assert!(CSeq::parse("36893488147419103232 REGISTER").is_err());
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct CSeq {
    /// The sequence number (less than 2^31, RFC 3261 §8.1.1.5).
    pub seq: u32,
    /// The method.
    pub method: Method,
}

impl CSeq {
    /// Parses `1*DIGIT LWS Method`.
    pub fn parse(s: &str) -> Result<CSeq, ValueFault> {
        let v = trim_wsp(s);
        let b = v.as_bytes();
        let (n, value) = digits(b);
        if n == 0 {
            return Err(syntax(s, v));
        }
        let seq = u32::try_from(value)
            .ok()
            .filter(|&x| x < 1 << 31)
            .ok_or(ValueFault::Number)?;
        if !b.get(n).is_some_and(|&c| is_wsp(c)) {
            return Err(syntax(s, &v[n..]));
        }
        // `v` ends with no whitespace: only leading whitespace is left.
        let m = &v[wsp_end(b, n)..];
        let method = Method::parse(m).map_err(|_| syntax(s, m))?;
        Ok(CSeq { seq, method })
    }
}

impl CSeq {
    /// Appends what `Display` writes to `out`, without going through
    /// `core::fmt`.
    pub fn write_to(&self, out: &mut String) {
        put_decimal(out, u64::from(self.seq));
        out.push(' ');
        out.push_str(self.method.as_str());
    }
}

impl fmt::Display for CSeq {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut out = FmtOut::new(f);
        put_decimal(&mut out, u64::from(self.seq));
        out.put(" ");
        out.put(self.method.as_str());
        out.finish()
    }
}

crate::grammar::byte_table!(
    /// RFC 3261 `word` characters (Call-ID).
    WORD = |b| b.is_ascii_alphanumeric()
        || matches!(
            b,
            b'-' | b'.' | b'!' | b'%' | b'*' | b'_' | b'+' | b'`' | b'\'' | b'~' | b'(' | b')'
                | b'<' | b'>' | b':' | b'\\' | b'"' | b'/' | b'[' | b']' | b'?' | b'{' | b'}'
        )
);

/// Checks a Call-ID: `word [ "@" word ]` (RFC 3261 §25).
///
/// One pass: `@` is not a word character, so the run of word characters
/// from the start ends at the `@`, at the end, or at the first fault.
pub(crate) fn check_call_id(s: &str) -> Result<&str, ValueFault> {
    let v = trim_wsp(s);
    let b = v.as_bytes();
    let first = run_end_long(b, 0, &WORD);
    match b.get(first) {
        None if first == 0 => Err(ValueFault::Empty),
        None => Ok(v),
        Some(b'@') if first == 0 => Err(ValueFault::Empty),
        Some(b'@') => {
            let w0 = first + 1;
            // A second `@` is not a word character either.
            if w0 == b.len() || run_end_long(b, w0, &WORD) != b.len() {
                Err(syntax(s, v.get(w0..).unwrap_or_default()))
            } else {
                Ok(v)
            }
        }
        // Whether or not an `@` follows, the first word holds this byte;
        // the offset counts from the start of the trimmed value.
        Some(_) => Err(ValueFault::Syntax { offset: first }),
    }
}

/// The run of ASCII digits at the start of `b`: its length and its value,
/// which saturates at `u64::MAX` (so that a value too large for any
/// caller stays too large, whatever its length and leading zeros).
#[inline]
fn digits(b: &[u8]) -> (usize, u64) {
    let mut value = 0u64;
    let mut n = 0;
    while let Some(&c) = b.get(n) {
        if !c.is_ascii_digit() {
            break;
        }
        value = value.saturating_mul(10).saturating_add(u64::from(c - b'0'));
        n += 1;
    }
    (n, value)
}

/// Parses a delta-seconds value (0 to 2^32-1).
pub(crate) fn delta_seconds(s: &str) -> Result<u32, ValueFault> {
    let v = trim_wsp(s);
    if v.is_empty() {
        return Err(ValueFault::Empty);
    }
    let (n, value) = digits(v.as_bytes());
    if n != v.len() {
        return Err(syntax(s, v));
    }
    u32::try_from(value).map_err(|_| ValueFault::Number)
}

/// The Event header (RFC 6665 §8.2.1).
///
/// ```
/// use sip_xmpp::sip::Event;
/// let e = Event::parse("presence.winfo;id=1").unwrap();
/// assert_eq!(e.package(), "presence");
/// assert_eq!(e.templates().collect::<Vec<_>>(), ["winfo"]);
/// assert_eq!(e.id(), Some("1"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Event<'a> {
    /// `event-package *( "." event-template )` as written.
    pub event_type: Cow<'a, str>,
    /// Parameters (`id`, ...).
    pub params: Params<'a>,
}

impl<'a> Event<'a> {
    /// An event type without parameters.
    pub fn new(event_type: impl Into<Cow<'a, str>>) -> Self {
        Event {
            event_type: event_type.into(),
            params: Params::new(),
        }
    }

    /// Parses an Event value.
    pub fn parse(s: &'a str) -> Result<Self, ValueFault> {
        let v = trim_wsp(s);
        let n = v.bytes().take_while(|&b| is_token_byte(b)).count();
        let ty = &v[..n];
        if ty.is_empty() || ty.split('.').any(str::is_empty) {
            return Err(syntax(s, v));
        }
        let rest = &v[n..];
        let params = Params::parse_all(rest).map_err(|e| e.shifted(offset_of(s, rest)))?;
        Ok(Event {
            event_type: Cow::Borrowed(ty),
            params,
        })
    }

    /// The package name (before the first `.`).
    pub fn package(&self) -> &str {
        self.event_type.split('.').next().unwrap_or("")
    }

    /// The templates (`winfo` in `presence.winfo`).
    pub fn templates(&self) -> impl Iterator<Item = &str> {
        self.event_type.split('.').skip(1)
    }

    /// The `id` parameter.
    pub fn id(&self) -> Option<&str> {
        self.params.value("id")
    }

    /// Whether two Event values denote the same subscription (RFC 6665
    /// §8.2.1: type by token comparison, ids equal or both absent).
    pub fn matches(&self, other: &Event<'_>) -> bool {
        eq_ic(&self.event_type, &other.event_type) && self.id() == other.id()
    }
}

impl fmt::Display for Event<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}{}", self.event_type, self.params)
    }
}

/// The state in a Subscription-State header (RFC 6665 §8.2.3).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum SubState<'a> {
    /// `active`.
    Active,
    /// `pending`.
    Pending,
    /// `terminated`.
    Terminated,
    /// Any other token.
    Other(Cow<'a, str>),
}

impl SubState<'_> {
    /// The state name.
    pub fn as_str(&self) -> &str {
        match self {
            SubState::Active => "active",
            SubState::Pending => "pending",
            SubState::Terminated => "terminated",
            SubState::Other(s) => s,
        }
    }
}

/// The Subscription-State header (RFC 6665 §8.2.3).
///
/// ```
/// use sip_xmpp::sip::{SubState, SubscriptionState};
/// let s = SubscriptionState::parse("terminated;reason=timeout").unwrap();
/// assert_eq!(s.state, SubState::Terminated);
/// assert_eq!(s.reason(), Some("timeout"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct SubscriptionState<'a> {
    /// The state.
    pub state: SubState<'a>,
    /// Parameters: `expires`, `reason`, `retry-after`, ...
    pub params: Params<'a>,
}

impl<'a> SubscriptionState<'a> {
    /// A state without parameters.
    pub fn new(state: SubState<'a>) -> Self {
        SubscriptionState {
            state,
            params: Params::new(),
        }
    }

    /// Parses a Subscription-State value.
    pub fn parse(s: &'a str) -> Result<Self, ValueFault> {
        let v = trim_wsp(s);
        let n = v.bytes().take_while(|&b| is_token_byte(b)).count();
        let st = &v[..n];
        let state = match st {
            "" => return Err(ValueFault::Empty),
            s if eq_ic(s, "active") => SubState::Active,
            s if eq_ic(s, "pending") => SubState::Pending,
            s if eq_ic(s, "terminated") => SubState::Terminated,
            s => SubState::Other(Cow::Borrowed(s)),
        };
        let rest = &v[n..];
        let params = Params::parse_all(rest).map_err(|e| e.shifted(offset_of(s, rest)))?;
        let st = SubscriptionState { state, params };
        for name in ["expires", "retry-after"] {
            if let Some(x) = st.params.value(name) {
                delta_seconds(x)?;
            }
        }
        Ok(st)
    }

    /// The `expires` parameter.
    pub fn expires(&self) -> Option<u32> {
        self.params
            .value("expires")
            .and_then(|v| delta_seconds(v).ok())
    }

    /// The `reason` parameter (`deactivated`, `probation`, `rejected`,
    /// `timeout`, `giveup`, `noresource`, `invariant`, ...).
    pub fn reason(&self) -> Option<&str> {
        self.params.value("reason")
    }

    /// The `retry-after` parameter.
    pub fn retry_after(&self) -> Option<u32> {
        self.params
            .value("retry-after")
            .and_then(|v| delta_seconds(v).ok())
    }
}

impl fmt::Display for SubscriptionState<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}{}", self.state.as_str(), self.params)
    }
}

/// The Retry-After header (RFC 3261 §20.33).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct RetryAfter<'a> {
    /// Seconds to wait.
    pub seconds: u32,
    /// The comment text, without its parentheses and with its
    /// quoted-pairs unescaped (nested parentheses are part of the text).
    pub comment: Option<Cow<'a, str>>,
    /// Parameters (`duration`, ...).
    pub params: Params<'a>,
}

impl<'a> RetryAfter<'a> {
    /// Parses `delta-seconds [ comment ] *( SEMI retry-param )`.
    pub fn parse(s: &'a str) -> Result<Self, ValueFault> {
        let v = trim_wsp(s);
        let n = v.bytes().take_while(u8::is_ascii_digit).count();
        if n == 0 {
            return Err(syntax(s, v));
        }
        let seconds = delta_seconds(&v[..n])?;
        let mut rest = trim_wsp_start(&v[n..]);
        let mut comment = None;
        if rest.starts_with('(') {
            // comment = "(" *(ctext / quoted-pair / comment) ")"; nesting
            // is counted, and bounded by the value length.
            let mut depth = 0usize;
            let mut end = None;
            let mut esc = false;
            for (i, c) in rest.char_indices() {
                if esc {
                    esc = false;
                    continue;
                }
                match c {
                    '\\' => esc = true,
                    '(' => depth += 1,
                    ')' => {
                        depth -= 1;
                        if depth == 0 {
                            end = Some(i);
                            break;
                        }
                    }
                    _ => {}
                }
            }
            let end = end.ok_or_else(|| syntax(s, rest))?;
            comment = Some(unescape_quoted(&rest[1..end]));
            rest = &rest[end + 1..];
        }
        let params = Params::parse_all(rest).map_err(|e| e.shifted(offset_of(s, rest)))?;
        if let Some(d) = params.value("duration") {
            delta_seconds(d)?;
        }
        Ok(RetryAfter {
            seconds,
            comment,
            params,
        })
    }

    /// The `duration` parameter.
    pub fn duration(&self) -> Option<u32> {
        self.params
            .value("duration")
            .and_then(|v| delta_seconds(v).ok())
    }
}

impl fmt::Display for RetryAfter<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.seconds)?;
        if let Some(c) = &self.comment {
            // Parentheses, backslashes and controls (but HTAB) as
            // quoted-pairs; CR and LF, which cannot be quoted, as spaces.
            let mut out = String::with_capacity(c.len() + 3);
            out.push_str(" (");
            for c in c.chars() {
                match c {
                    '\r' | '\n' => out.push(' '),
                    '('
                    | ')'
                    | '\\'
                    | '\0'..='\x08'
                    | '\x0b'
                    | '\x0c'
                    | '\x0e'..='\x1f'
                    | '\x7f' => {
                        out.push('\\');
                        out.push(c);
                    }
                    _ => out.push(c),
                }
            }
            out.push(')');
            f.write_str(&out)?;
        }
        write!(f, "{}", self.params)
    }
}

/// One Warning value (RFC 3261 §20.43).
///
/// ```
/// use sip_xmpp::sip::Warning;
/// let w = Warning::parse(r#"307 isi.edu "Session parameter 'foo' not understood""#).unwrap();
/// assert_eq!(w.code, 307);
/// assert!(Warning::parse(r#"1812 overture "In Progress""#).is_err());
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Warning<'a> {
    /// Three-digit warning code.
    pub code: u16,
    /// The warn-agent: a `host[:port]` or a pseudonym token.
    pub agent: Cow<'a, str>,
    /// The warning text, unquoted.
    pub text: Cow<'a, str>,
}

impl<'a> Warning<'a> {
    /// Parses `warn-code SP warn-agent SP warn-text`.
    pub fn parse(s: &'a str) -> Result<Self, ValueFault> {
        let v = trim_wsp(s);
        let code_text = v.get(..3).ok_or(ValueFault::Number)?;
        if !code_text.bytes().all(|b| b.is_ascii_digit()) || !v[3..].starts_with(' ') {
            return Err(ValueFault::Number);
        }
        let code = parse_u64(code_text)
            .and_then(|c| u16::try_from(c).ok())
            .ok_or(ValueFault::Number)?;
        let rest = &v[4..];
        let sp = rest.find(' ').ok_or_else(|| syntax(s, rest))?;
        let agent = &rest[..sp];
        if agent.is_empty()
            || !agent
                .bytes()
                .all(|b| is_token_byte(b) || matches!(b, b':' | b'[' | b']'))
        {
            return Err(syntax(s, agent));
        }
        let text = &rest[sp + 1..];
        let tb = text.as_bytes();
        if tb.first() != Some(&b'"') {
            return Err(syntax(s, text));
        }
        let end = quoted_end(tb).ok_or(ValueFault::UnterminatedQuote)?;
        if end != tb.len() {
            return Err(syntax(s, &text[end..]));
        }
        Ok(Warning {
            code,
            agent: Cow::Borrowed(agent),
            text: unescape_quoted(&text[1..end - 1]),
        })
    }
}

impl fmt::Display for Warning<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut q = String::new();
        write_quoted(&mut q, &self.text);
        write!(f, "{:03} {} {}", self.code % 1000, self.agent, q)
    }
}

/// One Reason value (RFC 3326).
///
/// ```
/// use sip_xmpp::sip::Reason;
/// let r = Reason::parse(r#"SIP ;cause=200 ;text="Call completed elsewhere""#).unwrap();
/// assert_eq!(r.protocol, "SIP");
/// assert_eq!(r.cause(), Some(200));
/// assert_eq!(r.text(), Some("Call completed elsewhere"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Reason<'a> {
    /// The protocol (`SIP`, `Q.850`, or a token).
    pub protocol: Cow<'a, str>,
    /// Parameters (`cause`, `text`, ...).
    pub params: Params<'a>,
}

impl<'a> Reason<'a> {
    /// Parses `protocol *( SEMI reason-params )`.
    pub fn parse(s: &'a str) -> Result<Self, ValueFault> {
        let v = trim_wsp(s);
        let n = v.bytes().take_while(|&b| is_token_byte(b)).count();
        if n == 0 {
            return Err(syntax(s, v));
        }
        let rest = &v[n..];
        let params = Params::parse_all(rest).map_err(|e| e.shifted(offset_of(s, rest)))?;
        if let Some(c) = params.value("cause") {
            if parse_u64(c).is_none() {
                return Err(ValueFault::Number);
            }
        }
        Ok(Reason {
            protocol: Cow::Borrowed(&v[..n]),
            params,
        })
    }

    /// The `cause` parameter.
    pub fn cause(&self) -> Option<u16> {
        self.params.value("cause").and_then(|c| c.parse().ok())
    }

    /// The `text` parameter, unquoted.
    pub fn text(&self) -> Option<&str> {
        self.params.value("text")
    }
}

impl fmt::Display for Reason<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}{}", self.protocol, self.params)
    }
}

/// A Date header value: an RFC 1123 date in GMT (RFC 3261 §20.17).
///
/// ```
/// use sip_xmpp::sip::SipDate;
/// let d = SipDate::parse("Sat, 13 Nov 2010 23:29:00 GMT").unwrap();
/// assert_eq!((d.year, d.month, d.day, d.hour), (2010, 11, 13, 23));
/// assert_eq!(d.to_string(), "Sat, 13 Nov 2010 23:29:00 GMT");
/// assert!(SipDate::parse("Fri, 01 Jan 2010 16:00:00 EST").is_err());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct SipDate {
    /// Year (four digits).
    pub year: u16,
    /// Month, 1 to 12.
    pub month: u8,
    /// Day of the month, 1 to 31.
    pub day: u8,
    /// Hour, 0 to 23.
    pub hour: u8,
    /// Minute, 0 to 59.
    pub minute: u8,
    /// Second, 0 to 60 (leap second).
    pub second: u8,
    /// Day of the week as written, 0 = Monday ... 6 = Sunday.
    pub weekday: u8,
}

const WEEKDAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

impl SipDate {
    /// Parses `wkday "," SP 2DIGIT SP month SP 4DIGIT SP 2DIGIT ":"
    /// 2DIGIT ":" 2DIGIT SP "GMT"`. Other zones are refused (RFC 4475
    /// §3.1.2.12).
    pub fn parse(s: &str) -> Result<SipDate, ValueFault> {
        use nom::Parser;
        use nom::bytes::complete::{tag, take};
        use nom::character::complete::char;
        use nom::combinator::map_opt;

        fn num<'i, T: TryFrom<u64>>(
            n: usize,
        ) -> impl Parser<&'i str, Output = T, Error = nom::error::Error<&'i str>> {
            map_opt(take(n), |d: &str| {
                if d.bytes().all(|b| b.is_ascii_digit()) {
                    parse_u64(d).and_then(|x| T::try_from(x).ok())
                } else {
                    None
                }
            })
        }
        let pick = |names: &'static [&'static str]| {
            map_opt(take(3usize), move |w: &str| {
                names.iter().position(|n| *n == w)
            })
        };
        let v = trim_wsp(s);
        let mut p = (
            pick(&WEEKDAYS),
            tag(", "),
            num::<u8>(2),
            char(' '),
            pick(&MONTHS),
            char(' '),
            num::<u16>(4),
            char(' '),
            num::<u8>(2),
            char(':'),
            num::<u8>(2),
            char(':'),
            num::<u8>(2),
            tag(" GMT"),
        );
        let (rest, (wd, _, day, _, mon, _, year, _, hour, _, minute, _, second, _)) =
            p.parse(v).map_err(|_| syntax(s, v))?;
        if !rest.is_empty() || !(1..=31).contains(&day) || hour > 23 || minute > 59 || second > 60 {
            return Err(syntax(s, rest));
        }
        Ok(SipDate {
            year,
            month: mon as u8 + 1,
            day,
            hour,
            minute,
            second,
            weekday: wd as u8,
        })
    }

    /// Seconds since 1970-01-01T00:00:00Z (negative before), in the
    /// proleptic Gregorian calendar; a leap second counts as the next
    /// minute's first. The weekday is not checked.
    ///
    /// ```
    /// use sip_xmpp::sip::SipDate;
    /// let d = SipDate::parse("Sat, 13 Nov 2010 23:29:00 GMT").unwrap();
    /// assert_eq!(d.unix_seconds(), 1_289_690_940);
    /// ```
    pub fn unix_seconds(&self) -> i64 {
        // Days from the civil date (H. Hinnant's algorithm), with March as
        // the first month so that the leap day ends the year.
        let month = i64::from(self.month);
        let year = i64::from(self.year) - i64::from(month <= 2);
        let era = year.div_euclid(400);
        let year_of_era = year - era * 400;
        let month_from_march = (month + 9) % 12;
        let day_of_year = (153 * month_from_march + 2) / 5 + i64::from(self.day) - 1;
        let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
        let days = era * 146_097 + day_of_era - 719_468;
        days * 86_400
            + i64::from(self.hour) * 3_600
            + i64::from(self.minute) * 60
            + i64::from(self.second)
    }
}

impl fmt::Display for SipDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let wd = WEEKDAYS.get(usize::from(self.weekday)).unwrap_or(&"Mon");
        let mon = MONTHS
            .get(usize::from(self.month.saturating_sub(1)))
            .unwrap_or(&"Jan");
        write!(
            f,
            "{wd}, {:02} {mon} {:04} {:02}:{:02}:{:02} GMT",
            self.day, self.year, self.hour, self.minute, self.second
        )
    }
}

/// Checks a language tag: `primary-tag *( "-" subtag )`, 1 to 8
/// alphanumerics each (RFC 3261 §20.13 with BCP 47 subtags).
pub(crate) fn check_language_tag(s: &str) -> Result<&str, ValueFault> {
    let v = trim_wsp(s);
    if v.is_empty() {
        return Err(ValueFault::Empty);
    }
    let ok = v.split('-').enumerate().all(|(i, t)| {
        (1..=8).contains(&t.len())
            && if i == 0 {
                t.bytes().all(|b| b.is_ascii_alphabetic()) || t == "*"
            } else {
                t.bytes().all(|b| b.is_ascii_alphanumeric())
            }
    });
    if ok { Ok(v) } else { Err(syntax(s, v)) }
}

/// Checks a token list element.
pub(crate) fn check_token(s: &str) -> Result<&str, ValueFault> {
    let v = trim_wsp(s);
    if v.is_empty() {
        return Err(ValueFault::Empty);
    }
    if is_token(v) {
        Ok(v)
    } else {
        Err(syntax(s, v))
    }
}

/// Whether a value holds only SP and HTAB (an empty list).
pub(crate) fn is_blank(s: &str) -> bool {
    s.bytes().all(is_wsp)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unix_seconds_of_dates() {
        for (text, secs) in [
            ("Thu, 01 Jan 1970 00:00:00 GMT", 0),
            ("Wed, 31 Dec 1969 23:59:59 GMT", -1),
            ("Tue, 29 Feb 2000 12:00:00 GMT", 951_825_600),
            ("Wed, 01 Mar 2000 00:00:00 GMT", 951_868_800),
            ("Sat, 13 Nov 2010 23:29:00 GMT", 1_289_690_940),
            ("Fri, 31 Dec 2100 23:59:59 GMT", 4_133_980_799),
        ] {
            assert_eq!(SipDate::parse(text).unwrap().unix_seconds(), secs, "{text}");
        }
    }

    #[test]
    fn name_addr_forms() {
        let cases: &[(&str, Option<&str>, &str, Option<&str>)] = &[
            (
                "sip:vivekg@chair-dnrc.example.com ;   tag    = 1918181833n",
                None,
                "sip:vivekg@chair-dnrc.example.com",
                Some("1918181833n"),
            ),
            (
                "caller<sip:caller@example.com>;tag=323",
                Some("caller"),
                "sip:caller@example.com",
                Some("323"),
            ),
            (
                "token1~` token2'+_ token3*%!.- <sip:mundane@example.com>;tag=_token~1'+`*%!-.",
                Some("token1~` token2'+_ token3*%!.-"),
                "sip:mundane@example.com",
                Some("_token~1'+`*%!-."),
            ),
            (
                "\"%Z%45\" <sip:resource@example.com>",
                Some("%Z%45"),
                "sip:resource@example.com",
                None,
            ),
            ("<sip:a@b;gr=x>;tag=1", None, "sip:a@b;gr=x", Some("1")),
            ("isbn:2983792873", None, "isbn:2983792873", None),
            (
                "<http://www.example.com>;tag=3234233",
                None,
                "http://www.example.com",
                Some("3234233"),
            ),
        ];
        for (input, dn, uri, tag) in cases {
            let a = NameAddr::parse(input).unwrap_or_else(|e| panic!("{input}: {e}"));
            assert_eq!(a.display_name.as_deref(), *dn, "{input}");
            assert_eq!(a.uri.as_str(), *uri, "{input}");
            assert_eq!(a.tag(), *tag, "{input}");
            let again = a.to_string();
            assert_eq!(NameAddr::parse(&again).unwrap(), a, "{again}");
        }
        for bad in [
            "\"Mr. J. User <sip:j.user@example.com>",
            "< sip:t.watson@example.org >",
            "Bell, Alexander <sip:a.g.bell@example.com>;tag=43",
            "sip:user@example.com?Route=%3Csip:sip.example.com%3E",
            "<sip:a@b",
            "",
            "<sip:a@b>;;",
        ] {
            assert!(NameAddr::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn via_forms() {
        let v = Via::parse("SIP  /   2.0 /UDP 192.0.2.2;branch=390skdjuw").unwrap();
        assert_eq!(
            (v.transport.as_ref(), v.host.as_ref(), v.branch()),
            ("UDP", "192.0.2.2", Some("390skdjuw"))
        );
        let v = Via::parse("SIP/2.0/UDP [2001:db8::9:1]:6050;branch=z9hG4bKas3-111").unwrap();
        assert_eq!((v.host.as_ref(), v.port), ("[2001:db8::9:1]", Some(6050)));
        let v =
            Via::parse("SIP/2.0/UDP [2001:db8::9:1];received=[2001:db8::9:255];branch=z9hG4bKas3")
                .unwrap();
        assert_eq!(v.received(), Some("[2001:db8::9:255]"));
        let v =
            Via::parse("SIP/2.0/TCP host.example.com;rport;branch=z9hG4bK209%fzsnel234").unwrap();
        assert_eq!(v.rport(), Some(None));
        assert!(v.has_rfc3261_branch());
        for bad in [
            "SIP/2.0/UDP 192.0.2.15;;",
            "",
            "SIP/2.0 host",
            "SIP/2.0/UDP",
            "SIP/2.0/UDP ho st",
            "SIP/2.0/UDP host:99999",
            "SIP/2.0/UDP 2001:db8::1",
        ] {
            assert!(Via::parse(bad).is_err(), "{bad}");
        }
    }

    /// The Call-ID check before the one-pass [`check_call_id`], kept as
    /// the reference.
    fn check_call_id_reference(s: &str) -> Result<&str, ValueFault> {
        let v = trim_wsp(s);
        let b = v.as_bytes();
        let (a, rest) = match memchr::memchr(b'@', b) {
            Some(at) => (&b[..at], Some(at + 1)),
            None => (b, None),
        };
        if a.is_empty() {
            return Err(ValueFault::Empty);
        }
        if let Some(p) = a.iter().position(|&c| !WORD[c as usize]) {
            return Err(ValueFault::Syntax { offset: p });
        }
        if let Some(r) = rest {
            let w = &b[r..];
            if w.is_empty() || w.iter().any(|&c| !WORD[c as usize]) {
                return Err(syntax(s, &v[r..]));
            }
        }
        Ok(v)
    }

    proptest::proptest! {
        /// Same value, same error (offsets included) as the reference.
        #[test]
        fn call_id_is_reference(
            s in "[ \\t]{0,2}([a-zA-Z0-9.!%*_+`'~()<>:\\\\\"/\\[\\]?{}-]{0,20}|[a-z@ \\t;,#$=^|\\x00\\x7f\\u{e9}]{0,4}){1,3}(@[a-zA-Z0-9.@ ;\\u{e9}-]{0,12})?[ \\t]{0,2}",
        ) {
            proptest::prop_assert_eq!(check_call_id(&s), check_call_id_reference(&s));
        }
    }

    /// [`delta_seconds`] before the one-pass form, kept as the reference.
    fn delta_seconds_reference(s: &str) -> Result<u32, ValueFault> {
        let v = trim_wsp(s);
        if v.is_empty() {
            return Err(ValueFault::Empty);
        }
        if !v.bytes().all(|b| b.is_ascii_digit()) {
            return Err(syntax(s, v));
        }
        parse_u64(v)
            .and_then(|x| u32::try_from(x).ok())
            .ok_or(ValueFault::Number)
    }

    /// [`CSeq::parse`] before the one-pass number, kept as the reference.
    fn cseq_reference(s: &str) -> Result<CSeq, ValueFault> {
        let v = trim_wsp(s);
        let b = v.as_bytes();
        let n = b.iter().take_while(|c| c.is_ascii_digit()).count();
        if n == 0 {
            return Err(syntax(s, v));
        }
        let seq = parse_u64(&v[..n])
            .and_then(|x| u32::try_from(x).ok())
            .filter(|&x| x < 1 << 31)
            .ok_or(ValueFault::Number)?;
        if !b.get(n).is_some_and(|&c| is_wsp(c)) {
            return Err(syntax(s, &v[n..]));
        }
        let m = &v[wsp_end(b, n)..];
        let method = Method::parse(m).map_err(|_| syntax(s, m))?;
        Ok(CSeq { seq, method })
    }

    proptest::proptest! {
        /// Same value, same error as the references.
        #[test]
        fn numbers_are_reference(
            s in "[ \\t]{0,2}(0{0,25}[0-9]{0,12}|429496729[0-9]|214748364[0-9]|[0-9a -]{0,6})[ \\t]{0,2}",
            m in "( |\\t|  )(MESSAGE|INVITE|x y|)|[A-Z]{0,3}|",
        ) {
            proptest::prop_assert_eq!(delta_seconds(&s), delta_seconds_reference(&s));
            let c = format!("{s}{m}");
            proptest::prop_assert_eq!(CSeq::parse(&c), cseq_reference(&c));
        }
    }

    /// [`NameAddr::parse_with`] as it was before the one pass over the
    /// value and the one-pass parameter lists, kept as the reference.
    fn name_addr_reference<'a>(
        s: &'a str,
        limits: &ParseLimits,
    ) -> Result<NameAddr<'a>, ValueFault> {
        let v = trim_wsp(s);
        if v.is_empty() {
            return Err(ValueFault::Empty);
        }
        let b = v.as_bytes();
        let (display_name, rest) = if b[0] == b'"' {
            let end = quoted_end(b).ok_or(ValueFault::UnterminatedQuote)?;
            let rest = trim_wsp_start(&v[end..]);
            if !rest.starts_with('<') {
                return Err(syntax(s, rest));
            }
            (Some(unescape_quoted(&v[1..end - 1])), rest)
        } else if let Some(lt) = memchr::memchr(b'<', b) {
            let name = trim_wsp(&v[..lt]);
            // display-name = *(token LWS): words of token characters.
            if let Some(bad) = name.bytes().position(|c| !(is_token_byte(c) || is_wsp(c))) {
                return Err(syntax(s, &name[bad..]));
            }
            ((!name.is_empty()).then_some(Cow::Borrowed(name)), &v[lt..])
        } else {
            // addr-spec
            let end = b
                .iter()
                .position(|&c| matches!(c, b';' | b' ' | b'\t'))
                .unwrap_or(b.len());
            let uri_text = &v[..end];
            if let Some(p) = memchr::memchr2(b'?', b',', uri_text.as_bytes()) {
                return Err(syntax(s, &uri_text[p..]));
            }
            let uri = Uri::parse_with(uri_text, limits)?;
            let params =
                Params::parse_all(&v[end..]).map_err(|e| e.shifted(offset_of(s, &v[end..])))?;
            return Ok(NameAddr {
                display_name: None,
                uri,
                params,
            });
        };
        // rest starts with '<'
        let gt = memchr::memchr(b'>', rest.as_bytes()).ok_or(ValueFault::UnterminatedAngle)?;
        let uri_text = &rest[1..gt];
        if let Some(p) = uri_text.bytes().position(is_wsp) {
            return Err(syntax(s, &uri_text[p..]));
        }
        let uri = Uri::parse_with(uri_text, limits)?;
        let after = &rest[gt + 1..];
        let params = Params::parse_all(after).map_err(|e| e.shifted(offset_of(s, after)))?;
        Ok(NameAddr {
            display_name,
            uri,
            params,
        })
    }

    /// Header values for the name-addr reader: mostly valid addresses,
    /// and text with the bytes that break each part.
    fn name_addr_values() -> impl proptest::strategy::Strategy<Value = String> {
        use proptest::prelude::*;
        prop_oneof![
            (
                "|\"J R\" |Bob |\"a\\\\\"\"",
                proptest::bool::ANY,
                "sips?:([a-z]{1,5}@)?[a-z]{1,5}\\.com(:5060)?(;transport=tcp|;lr)?",
                "(;tag=[a-z0-9]{1,4}|;expires=3| ; q = 0\\.5|;x=\"a b\")?",
            )
                .prop_map(|(d, angle, u, p)| if angle || !d.is_empty() {
                    format!("{d}<{u}>{p}")
                } else {
                    format!("{u}{p}")
                }),
            "[ \\t]{0,1}(\"[a-z \\\\\"]{0,4}\"[ ]{0,1}|[a-z ,?]{0,4})?<?(sip|tel|sips|x):[a-z@.;=?, ]{0,10}>?((;| ;|; )[a-z]{0,3}(=[a-z\"]{0,3})?){0,2}[ ,>?]{0,1}",
        ]
    }

    proptest::proptest! {
        /// Same address, same error as the reference.
        #[test]
        fn name_addr_is_reference(
            v in name_addr_values(),
        ) {
            let limits = ParseLimits::DEFAULT;
            proptest::prop_assert_eq!(NameAddr::parse_with(&v, &limits), name_addr_reference(&v, &limits), "{}", &v);
        }
    }

    /// Via values: the common form and its near misses (whitespace,
    /// IPv6, quoted values, repeated names, bad hosts and ports, lists).
    fn via_strategy() -> impl proptest::strategy::Strategy<Value = String> {
        use proptest::prelude::*;
        (
            prop_oneof![6 => "SIP/2\\.0/(TCP|UDP|TLS|WS)", 1 => "SIP ?/ ?2\\.0 ?/[A-Z]{0,3}|SIP/2\\.0|/2\\.0/UDP"],
            prop_oneof![6 => " ", 1 => "  |\\t|"],
            prop_oneof![
                6 => "[a-z0-9]{1,8}(\\.[a-z]{1,5}){0,2}",
                1 => "[0-9.]{1,15}|\\[2001:db8::1\\]|[a-z_.-]{0,6}|[a-z]{64}|a@b",
            ],
            prop_oneof![4 => "", 1 => ":[0-9]{0,6}| :5060|:x"],
            proptest::collection::vec(
                prop_oneof![
                    6 => "(branch|rport|received|ttl|maddr)(=[a-zA-Z0-9.:\\[\\]/-]{0,10})?",
                    1 => "[a-zA-Z=\" ;,]{0,6}",
                ],
                0..4,
            ),
            prop_oneof![6 => "", 1 => " |,|, SIP/2\\.0/UDP b|;|\\?|>"],
        )
            .prop_map(|(proto, sp, host, port, params, tail)| {
                let params: String = params.iter().map(|p| format!(";{p}")).collect();
                format!("{proto}{sp}{host}{port}{params}{tail}")
            })
    }

    proptest::proptest! {
        /// The one-pass reading gives what `Via::parse` gives, when it
        /// gives anything; and a whole row of the common form is one
        /// element of the list.
        #[test]
        fn via_common_is_parse(v in via_strategy()) {
            if let Some(fast) = Via::parse_common(&v) {
                let slow = Via::parse(&v);
                proptest::prop_assert_eq!(Ok(&fast), slow.as_ref(), "{}", &v);
                let elements: Vec<&str> = crate::grammar::split_list(&v).collect();
                proptest::prop_assert_eq!(elements, vec![v.as_str()]);
            }
        }
    }

    proptest::proptest! {
        /// The one-pass check of a Via row gives the branch of the value
        /// the reading of the common form gives, when it answers, and it
        /// answers for the usual rows.
        #[test]
        fn via_plain_branch_is_common(v in via_strategy()) {
            if let Some(branch) = Via::plain_branch(&v) {
                let via = Via::parse_common(&v);
                proptest::prop_assert!(via.is_some(), "{}", &v);
                if let Some(via) = via {
                    proptest::prop_assert_eq!(
                        via.params.into_param_value("branch"),
                        branch.map(|b| crate::params::ParamValue::Token(Cow::Borrowed(b))),
                        "{}", &v
                    );
                }
            }
        }
    }

    #[test]
    fn via_plain_branch_cases() {
        for (v, branch) in [
            (
                "SIP/2.0/TCP s2x.example.net;branch=z9hG4bKeskdgs677",
                Some("z9hG4bKeskdgs677"),
            ),
            (
                "SIP/2.0/UDP 192.0.2.1:5060;rport;BRANCH=z9hG4bK1",
                Some("z9hG4bK1"),
            ),
            ("SIP/2.0/UDP host", None),
        ] {
            assert_eq!(Via::plain_branch(v), Some(branch), "{v}");
        }
        for v in [
            "SIP/2.0/UDP host;branch=1;BRANCH=2",
            "SIP/2.0/UDP host;branch=\"x\"",
            "SIP/2.0/UDP host:70000",
            "SIP/2.0/UDP host;",
            "SIP/2.0/UDP host;a;b;c;d;e;f;g;h;i",
            "sip/2.0/UDP host",
        ] {
            assert_eq!(Via::plain_branch(v), None, "{v}");
        }
    }

    #[test]
    fn via_common_cases() {
        for v in [
            "SIP/2.0/TCP s2x.example.net;branch=z9hG4bKeskdgs677",
            "SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bK1;rport",
            "SIP/2.0/UDP host",
            "SIP/2.0/UDP host:0005060",
        ] {
            let fast = Via::parse_common(v);
            assert!(fast.is_some(), "{v}");
            assert_eq!(fast.as_ref(), Via::parse(v).as_ref().ok(), "{v}");
        }
        for v in [
            "SIP/2.0/UDP host ;branch=1",
            "SIP/2.0/UDP host:70000",
            "SIP/2.0/UDP host;branch=1;BRANCH=2",
            "SIP/2.0/UDP host;branch=\"x\"",
            "SIP/2.0/UDP [2001:db8::1]",
            "SIP/2.0/UDP host,SIP/2.0/UDP b",
            "SIP/2.0/UDP host;",
            "SIP/2.0/UDP -host",
        ] {
            assert!(Via::parse_common(v).is_none(), "{v}");
        }
    }

    #[test]
    fn number_cases() {
        for s in [
            "",
            " ",
            "0",
            "70",
            " 70 ",
            "4294967295",
            "4294967296",
            "18446744073709551616",
            "000000000000000000000000001",
            "0000000000000000000000000004294967296",
            "1a",
            "a1",
            "-1",
            "7 0",
            "99999999999999999999999",
            "2147483647",
            "2147483648",
        ] {
            assert_eq!(delta_seconds(s), delta_seconds_reference(s), "{s:?}");
            for m in ["", " MESSAGE", "\tINVITE", "MESSAGE", "  x"] {
                let c = format!("{s}{m}");
                assert_eq!(CSeq::parse(&c), cseq_reference(&c), "{c:?}");
            }
        }
    }

    #[test]
    fn call_id_cases() {
        for s in [
            "",
            " ",
            "@",
            "@a",
            "a@",
            "a@b",
            "a@@b",
            "a@b@c",
            " a@b ",
            "a b",
            "a b@c",
            "ab@c d",
            "\u{e9}",
            "a\u{e9}@b",
            "9E97FB43-85F4-4A00-8751-1124FD4C7B2E",
            "0123456789abcdef0123456789abcdef@x",
            "0123456789abcdef0123456789abcde,@x",
            "0123456789abcdef0123456789abcdef@0123456789abcdef;",
        ] {
            assert_eq!(check_call_id(s), check_call_id_reference(s), "{s:?}");
        }
    }

    #[test]
    fn scalars() {
        assert_eq!(delta_seconds("0068").unwrap(), 68);
        assert!(delta_seconds("4294967296").is_err());
        assert!(delta_seconds("-1").is_err());
        assert!(CSeq::parse("2147483648 INVITE").is_err());
        assert_eq!(CSeq::parse("2147483647 INVITE").unwrap().seq, 2147483647);
        assert!(CSeq::parse("1INVITE").is_err());
        assert!(check_call_id("intmeth.word%ZK-!.*_+'@word`~)(><:\\/\"][?}{").is_ok());
        assert!(check_call_id("a b").is_err());
        assert!(check_call_id("a@").is_err());
        let r = RetryAfter::parse("18000;duration=3600").unwrap();
        assert_eq!((r.seconds, r.duration()), (18000, Some(3600)));
        let r = RetryAfter::parse("120 (I'm in a meeting)").unwrap();
        assert_eq!(r.comment.as_deref(), Some("I'm in a meeting"));
        assert!(RetryAfter::parse("949302838503028349304023988").is_err());
        assert!(RetryAfter::parse("1 (unclosed").is_err());
        assert!(check_language_tag("en-US").is_ok());
        assert!(check_language_tag("fr").is_ok());
        assert!(check_language_tag("toolongtag").is_err());
        let s = SubscriptionState::parse("active;expires=3600").unwrap();
        assert_eq!((s.expires(), s.state), (Some(3600), SubState::Active));
        assert!(SubscriptionState::parse("active;expires=x").is_err());
    }
}
