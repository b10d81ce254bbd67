//! `sip:` and `sips:` URIs (RFC 3261 §19.1, §25; RFC 5627 `gr`).

use std::borrow::Cow;
use std::fmt;
use std::net::{Ipv4Addr, Ipv6Addr};
use std::str::FromStr;

use super::escape::{self, Escaped};
use super::{Span, UriError, check_chars, check_len};
use crate::grammar::{Out, decimal_len, push_decimal};
use crate::limits::ParseLimits;
use crate::params::MAX_PARAMS;

/// The host of a SIP URI.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Host<'a> {
    /// A domain name as written (without a trailing-dot change).
    Domain(&'a str),
    /// An IPv4 address.
    Ipv4(Ipv4Addr),
    /// An IPv6 reference (written in brackets).
    Ipv6(Ipv6Addr),
}

/// What the host of a [`SipUri`] is. The address of an IP host is read
/// from the text again when asked for, so that a URI holds only its text
/// and offsets.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum HostKind {
    Domain,
    Ipv4,
    Ipv6,
}

/// A `sip:`/`sips:` URI of the shape `[user@]host[;gr=value]` whose text
/// is written from its unescaped parts exactly as
/// [`SipUri::from_parts`] would write it ([`SipUri::plain_parts`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct PlainSipUri<'a> {
    secure: bool,
    user: Option<Cow<'a, str>>,
    host: Cow<'a, str>,
    brackets: bool,
    host_kind: HostKind,
    gr: Option<&'a str>,
    bare: bool,
}

impl<'p> PlainSipUri<'p> {
    /// `sip:user@host[;gr=value]` (`sips:` when `secure`) of parts that
    /// need no escaping: `user` made of `user` characters other than `%`,
    /// `,`, `;` and `?`; `host` a domain name whose top label starts with
    /// a letter; `gr` made of `unreserved` characters. The caller has
    /// made sure of each: this is what [`SipUri::plain_parts`] gives for
    /// them, without looking at them again (a differential test checks
    /// it). `None` when the URI might be longer than the default limit.
    pub(crate) fn of_plain_name(
        secure: bool,
        user: &'p str,
        host: &'p str,
        gr: Option<&'p str>,
    ) -> Option<Self> {
        let bound = 10 + 3 * user.len() + host.len() + 3 * gr.map_or(0, str::len);
        if bound
            > ParseLimits::DEFAULT
                .max_uri_bytes
                .min(u32::MAX as usize - 1)
        {
            return None;
        }
        Some(PlainSipUri {
            secure,
            user: Some(Cow::Borrowed(user)),
            host: Cow::Borrowed(host),
            brackets: false,
            host_kind: HostKind::Domain,
            gr,
            bare: gr.is_none(),
        })
    }
}

impl PlainSipUri<'_> {
    /// Writes the URI text.
    pub(crate) fn write_to(&self, out: &mut impl Out) {
        out.put(if self.secure { "sips:" } else { "sip:" });
        if let Some(u) = &self.user {
            escape::escape_into(out, u, is_user_byte);
            out.put("@");
        }
        if self.brackets {
            out.put("[");
            out.put(&self.host);
            out.put("]");
        } else {
            out.put(&self.host);
        }
        if let Some(v) = self.gr {
            out.put(";gr=");
            escape::escape_into(out, v, is_param_byte);
        }
    }

    /// The length of the text [`write_to`](Self::write_to) writes.
    pub(crate) fn len(&self) -> usize {
        let mut n = crate::grammar::Count(0);
        self.write_to(&mut n);
        n.0
    }

    /// What [`SipUri::needs_angle_brackets`] says of the written URI.
    pub(crate) fn needs_angle_brackets(&self) -> bool {
        !self.bare
    }

    /// Whether the host is an IPv4 address ([`SipUri::has_ipv4_host`]).
    pub(crate) fn has_ipv4_host(&self) -> bool {
        self.host_kind == HostKind::Ipv4
    }

    /// Whether the scheme is `sips`.
    pub(crate) fn is_sips(&self) -> bool {
        self.secure
    }

    /// The [`SipUri`]: what [`SipUri::from_parts`] makes of the parts.
    pub(crate) fn to_uri(&self) -> Result<SipUri, UriError> {
        SipUri::from_parts(
            self.secure,
            self.user.as_deref(),
            None,
            &self.host,
            None,
            self.gr.map(|r| ("gr", Some(r))).into_iter(),
            std::iter::empty(),
        )
    }
}

/// A `sip:` or `sips:` URI.
///
/// Components are read through accessors that return them still escaped
/// ([`Escaped`]); writing reproduces the original text.
///
/// ```
/// use sip_xmpp::uri::{Host, SipUri};
/// let u: SipUri = "sip:alice:secretword@atlanta.com;transport=tcp".parse().unwrap();
/// assert!(u.user().unwrap().matches("alice"));
/// assert!(u.password().unwrap().matches("secretword"));
/// assert_eq!(u.host(), Host::Domain("atlanta.com"));
/// assert_eq!(u.transport(), Some("tcp"));
/// assert_eq!(u.to_string(), "sip:alice:secretword@atlanta.com;transport=tcp");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct SipUri {
    raw: Box<str>,
    secure: bool,
    user: Option<Span>,
    password: Option<Span>,
    host: Span,
    host_kind: HostKind,
    port: Option<u16>,
    params: ParamSpans,
    headers: Box<[(Span, Span)]>,
}

use crate::grammar::byte_table;

byte_table!(
    /// RFC 3261 `user` characters (unreserved / user-unreserved), plus `%`.
    USER = |b| super::escape::UNRESERVED[b as usize]
        || matches!(b, b'&' | b'=' | b'+' | b'$' | b',' | b';' | b'?' | b'/' | b'%')
);
byte_table!(
    /// RFC 3261 `password` characters, plus `%`.
    PASSWORD = |b| super::escape::UNRESERVED[b as usize]
        || matches!(b, b'&' | b'=' | b'+' | b'$' | b',' | b'%')
);
byte_table!(
    /// RFC 3261 `paramchar`, plus `%`.
    PARAM = |b| super::escape::UNRESERVED[b as usize]
        || matches!(b, b'[' | b']' | b'/' | b':' | b'&' | b'+' | b'$' | b'%')
);
byte_table!(
    /// RFC 3261 `hname`/`hvalue` characters, plus `%`.
    HEADER = |b| super::escape::UNRESERVED[b as usize]
        || matches!(b, b'[' | b']' | b'/' | b'?' | b':' | b'+' | b'$' | b'%')
);

// The same classes without `%`, for escaping (`%` itself is escaped):
// one lookup a byte where escaping is the hot loop.
byte_table!(USER_KEEP = |b| b != b'%' && USER[b as usize]);
byte_table!(PASSWORD_KEEP = |b| b != b'%' && PASSWORD[b as usize]);
byte_table!(PARAM_KEEP = |b| b != b'%' && PARAM[b as usize]);
byte_table!(HEADER_KEEP = |b| b != b'%' && HEADER[b as usize]);

/// RFC 3261 `user-unreserved` (for escaping: `%` itself is escaped).
const fn is_user_byte(b: u8) -> bool {
    USER_KEEP[b as usize]
}

/// RFC 3261 `password` characters (for escaping).
const fn is_password_byte(b: u8) -> bool {
    PASSWORD_KEEP[b as usize]
}

/// RFC 3261 `paramchar` (for escaping).
const fn is_param_byte(b: u8) -> bool {
    PARAM_KEEP[b as usize]
}

/// RFC 3261 `hname`/`hvalue` characters (for escaping).
const fn is_header_byte(b: u8) -> bool {
    HEADER_KEEP[b as usize]
}

/// Offset of the first byte of `s` outside `class` (escapes were checked
/// separately).
#[inline]
fn first_outside(s: &str, class: &[bool; 256]) -> Option<usize> {
    s.bytes().position(|b| !class[b as usize])
}

/// One URI parameter: the span of its name and of its value, if any.
type ParamSpan = (Span, Option<Span>);

/// The parameters of a URI. Most URIs have none or one (`transport`,
/// `gr`, `lr`), which are held without an allocation; more are held in a
/// slice of exactly their number, so that a URI kept for long (a
/// dialog's) holds no spare room. The form is canonical (`Many` only for
/// two or more), so that derived equality compares contents.
#[derive(Clone, PartialEq, Eq, Hash, Default)]
enum ParamSpans {
    #[default]
    Zero,
    One(ParamSpan),
    Many(Box<[ParamSpan]>),
}

impl fmt::Debug for ParamSpans {
    /// As a list, however the spans are held.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_slice(), f)
    }
}

impl ParamSpans {
    fn as_slice(&self) -> &[ParamSpan] {
        match self {
            ParamSpans::Zero => &[],
            ParamSpans::One(p) => std::slice::from_ref(p),
            ParamSpans::Many(b) => b,
        }
    }
}

/// Collects parameter spans: no allocation for none or one; a vector
/// sized for `expected` (an upper bound) from the second on.
enum ParamAcc {
    Zero,
    One(ParamSpan),
    Many(Vec<ParamSpan>),
}

impl ParamAcc {
    fn as_slice(&self) -> &[ParamSpan] {
        match self {
            ParamAcc::Zero => &[],
            ParamAcc::One(p) => std::slice::from_ref(p),
            ParamAcc::Many(v) => v,
        }
    }

    fn len(&self) -> usize {
        self.as_slice().len()
    }

    fn push(&mut self, p: ParamSpan, expected: usize) {
        match std::mem::replace(self, ParamAcc::Zero) {
            ParamAcc::Zero => *self = ParamAcc::One(p),
            ParamAcc::One(first) => {
                let mut v = Vec::with_capacity(expected.clamp(2, MAX_PARAMS));
                v.push(first);
                v.push(p);
                *self = ParamAcc::Many(v);
            }
            ParamAcc::Many(mut v) => {
                v.push(p);
                *self = ParamAcc::Many(v);
            }
        }
    }

    fn finish(self) -> ParamSpans {
        match self {
            ParamAcc::Zero => ParamSpans::Zero,
            ParamAcc::One(p) => ParamSpans::One(p),
            ParamAcc::Many(v) => ParamSpans::Many(v.into_boxed_slice()),
        }
    }
}

/// Whether a parameter named like `name` (RFC 3261 §19.1.4 comparison,
/// case-insensitive) is among `params` of `s`.
fn has_param(s: &str, params: &[ParamSpan], name: &str) -> bool {
    params
        .iter()
        .any(|(n, _)| escape::component_eq_ic(n.of(s), name))
}

use crate::grammar::run_end;

/// Whether `b` starts with `sip:` or `sips:` (the scheme in any case):
/// whether it is `sips`, and where the scheme's colon ends.
///
/// Four bytes compared as one word: or-ing a byte with 0x20 gives `s`
/// exactly when it is `s` or `S` (and so for `i` and `p`), so the letters
/// are compared folded and the colon as it is.
#[inline]
pub(crate) fn sip_scheme(b: &[u8]) -> Option<(bool, usize)> {
    let w = u32::from_le_bytes(*b.first_chunk::<4>()?);
    if w | 0x0020_2020 == u32::from_le_bytes(*b"sip:") {
        return Some((false, 4));
    }
    (w | 0x2020_2020 == u32::from_le_bytes(*b"sips") && b.get(4) == Some(&b':'))
        .then_some((true, 5))
}

/// What a SIP URI holds before its parameters: userinfo, host and port,
/// and where they end.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Head {
    user: Option<Span>,
    password: Option<Span>,
    host: Span,
    kind: HostKind,
    port: Option<u16>,
    end: usize,
}

/// Whether `b` is plain (only visible ASCII, no `%`: text
/// [`check_chars`] accepts without looking twice), and whether it holds an
/// `@`.
///
/// Eight bytes at a time; the last eight bytes are looked at again as a
/// word of their own when the length is not a multiple of eight (looking
/// at a byte twice does not change the answer), and text shorter than a
/// word is padded with `A`. In a word `x`:
/// a byte below 0x21 borrows in `x - 0x21…`, which sets its high bit; a
/// byte of 0x7F or more has its high bit set in `x` or in `x + 0x01…`;
/// the lowest such byte of a word is always marked (nothing borrows from
/// or carries into it), so a word with any is marked. A byte equal to `%`
/// or `@` is a zero byte of `x ^ 0x25…` or `x ^ 0x40…`, which the usual
/// zero-byte test finds.
#[inline]
fn plain_and_at(b: &[u8]) -> (bool, bool) {
    const ONES: u64 = u64::from_ne_bytes([0x01; 8]);
    const HIGH: u64 = ONES * 0x80;
    let has_zero = |y: u64| y.wrapping_sub(ONES) & !y & HIGH;
    let (mut odd, mut at) = (0u64, 0u64);
    let mut look = |x: u64| {
        odd |= (x.wrapping_sub(ONES * 0x21) | x | x.wrapping_add(ONES)) & HIGH;
        odd |= has_zero(x ^ (ONES * u64::from(b'%')));
        at |= has_zero(x ^ (ONES * u64::from(b'@')));
    };
    let mut chunks = b.chunks_exact(8);
    for chunk in &mut chunks {
        if let Ok(w) = <[u8; 8]>::try_from(chunk) {
            look(u64::from_ne_bytes(w));
        }
    }
    if !chunks.remainder().is_empty() {
        match b.last_chunk::<8>() {
            Some(w) => look(u64::from_ne_bytes(*w)),
            None => {
                let mut w = [b'A'; 8];
                if let Some(head) = w.get_mut(..b.len()) {
                    head.copy_from_slice(b);
                }
                look(u64::from_ne_bytes(w));
            }
        }
    }
    (odd == 0, at != 0)
}

impl Head {
    /// The head of the usual URI in one pass over its bytes and one over
    /// each component: text of visible ASCII without escapes, a user part
    /// without a password, a host name or IPv4 address of at most 63
    /// bytes, a valid port. `None` for anything else, which
    /// [`general`](Self::general) reads (and refuses with the exact
    /// error); when this gives a head, it is the one `general` gives.
    ///
    /// Why: [`check_chars`] passes on such text without looking further.
    /// The user characters hold no `@`, so a run of them from the start
    /// that ends at an `@` ends at the first `@`, which is where `general`
    /// ends the userinfo, with the run as the user part; with no `@` at
    /// all there is no userinfo. The host characters hold none of `:`
    /// `;` `?`, so a host that ends at one of them or at the end is the
    /// host `general` reads, and it is classified as [`host_kind`] does
    /// (see [`common_host`]).
    #[inline]
    fn common(b: &[u8], mut i: usize) -> Option<Head> {
        let (plain, has_at) = plain_and_at(b);
        if !plain {
            return None;
        }
        let mut user = None;
        if has_at {
            let at = run_end(b, i, &USER);
            if at == i || b.get(at) != Some(&b'@') {
                return None;
            }
            user = Some(Span::new(i, at));
            i = at + 1;
        }
        let host_start = i;
        let (kind, host_end) = common_host(b, i)?;
        i = host_end;
        let mut port = None;
        if b.get(i) == Some(&b':') {
            let start = i + 1;
            let mut n: u32 = 0;
            i = start;
            while let Some(&c) = b.get(i) {
                if !c.is_ascii_digit() || i - start == 5 {
                    break;
                }
                n = n * 10 + u32::from(c - b'0');
                i += 1;
            }
            // No digit, a sixth digit, or more than 65535: `general`
            // says which.
            if i == start || b.get(i).is_some_and(u8::is_ascii_digit) {
                return None;
            }
            port = Some(u16::try_from(n).ok()?);
        }
        Some(Head {
            user,
            password: None,
            host: Span::new(host_start, host_end),
            kind,
            port,
            end: i,
        })
    }

    /// The head as RFC 3261 reads it, for any text: escapes checked, a
    /// password, an IPv6 reference, every refusal with its offset.
    fn general(s: &str, mut i: usize) -> Result<Head, UriError> {
        let b = s.as_bytes();
        check_chars(s)?;

        // userinfo: up to the first '@' (no later component may hold one).
        let (mut user, mut password) = (None, None);
        if let Some(at) = memchr::memchr(b'@', &b[i..]) {
            let at = i + at;
            // The user part is a run of user characters, which hold
            // neither `:` nor `@`: it ends at the password, at the `@`, or
            // at a byte it may not hold.
            let user_end = run_end(b, i, &USER);
            let pass = match b.get(user_end) {
                _ if user_end == i => return Err(UriError::User { offset: i }),
                _ if user_end == at => None,
                Some(b':') => Some(user_end + 1),
                _ => return Err(UriError::User { offset: user_end }),
            };
            user = Some(Span::new(i, user_end));
            if let Some(pstart) = pass {
                let bad = run_end(b, pstart, &PASSWORD);
                if bad < at {
                    return Err(UriError::Password { offset: bad });
                }
                password = Some(Span::new(pstart, at));
            }
            i = at + 1;
        }

        // host
        let host_start = i;
        let kind;
        if b.get(i) == Some(&b'[') {
            let close = memchr::memchr(b']', &b[i..]).ok_or(UriError::Host { offset: i })? + i;
            let inner = &s[i + 1..close];
            parse_ipv6(inner).ok_or(UriError::Host { offset: i })?;
            kind = HostKind::Ipv6;
            i = close + 1;
        } else {
            let rest = &b[i..];
            // The host ends at the port, the parameters or the headers.
            let mut end = 0;
            while let Some(&c) = rest.get(end) {
                if HOST_END[usize::from(c)] {
                    break;
                }
                end += 1;
            }
            kind = host_kind(&rest[..end]).ok_or(UriError::Host { offset: i })?;
            i += end;
        }
        let host = Span::new(host_start, i);

        // port: one to five digits, at most 65535.
        let mut port = None;
        if b.get(i) == Some(&b':') {
            let start = i + 1;
            let mut end = start;
            let mut n: u32 = 0;
            while let Some(&c) = b.get(end) {
                if !c.is_ascii_digit() {
                    break;
                }
                if end - start == 5 {
                    return Err(UriError::Port { offset: start });
                }
                n = n * 10 + u32::from(c - b'0');
                end += 1;
            }
            if end == start {
                return Err(UriError::Port { offset: start });
            }
            port = Some(u16::try_from(n).map_err(|_| UriError::Port { offset: start })?);
            i = end;
        }
        Ok(Head {
            user,
            password,
            host,
            kind,
            port,
            end: i,
        })
    }
}

/// The host that starts at `b[i]`, read and classified in one pass, and
/// where it ends: `None` unless it is a host name or an IPv4 address of 1
/// to 63 bytes that ends at `:`, `;`, `?` or the end of `b`.
///
/// The classification is that of [`host_kind`], in the same pass as the
/// search for the host's end: the pair table runs over the whole host,
/// a trailing dot included, which refuses exactly what `host_kind`
/// refuses of the host without it (a `-` or `.` before the trailing dot
/// is a pair the table refuses, as `host_kind` refuses a host ending
/// with either), and the class of the first byte of each label is kept,
/// so that the last one kept is that of the top label.
#[inline]
fn common_host(b: &[u8], start: usize) -> Option<(HostKind, usize)> {
    let (end, bad, top) = host_run(b, start);
    if bad || !matches!(b.get(end), None | Some(b':' | b';' | b'?')) {
        return None;
    }
    host_of_class(b, start, end, top)
}

/// The end of a valid host name or IPv4 address of at most 63 bytes that
/// starts at `b[start]` and ends at the first byte that cannot be in a
/// host (alphanumerics, `-`, `_`, `.`): `None` when what is there is not
/// one ([`is_valid_host`] says no, or the host is longer). For readers
/// whose host ends at one of a few bytes none of which can be in it (a
/// Via's sent-by), whatever their general reading's end search: with
/// such a byte next, the host is the one that reading finds.
#[inline]
pub(crate) fn plain_host_end(b: &[u8], start: usize) -> Option<usize> {
    let (end, bad, top) = host_run(b, start);
    if bad {
        return None;
    }
    host_of_class(b, start, end, top).map(|(_, end)| end)
}

/// The run of host bytes from `b[start]`, with the checks of
/// [`host_kind`]: its end, whether it breaks a rule (a label that is
/// empty or starts or ends with `-`, a length outside 1 to 63; then the
/// end is not looked for further), and the class of the first byte of its
/// last label.
///
/// Label by label: a label is a run of alphanumerics, `-` and `_` that
/// does not start with `-` (nor with `.`, which would make it empty) and
/// does not end with `-`; a `.` after it starts the next one, unless
/// nothing that can be in a host follows (one trailing dot).
#[inline]
fn host_run(b: &[u8], start: usize) -> (usize, bool, u8) {
    let mut i = start;
    let mut top = H_BAD;
    loop {
        let first = b.get(i).map_or(H_BAD, |&c| HOST_CLASS[usize::from(c)]);
        match first {
            H_DIGIT | H_ALPHA | H_UNDERSCORE => top = first,
            // A label starting with `-`, or an empty one.
            H_HYPHEN | H_DOT => return (i, true, top),
            // The end of the host: after a trailing dot, or at the start
            // (an empty host).
            _ => return (i, i == start || i - start > 63, top),
        }
        let end = run_end(b, i, &LABEL);
        let last_hyphen = end.checked_sub(1).and_then(|l| b.get(l)) == Some(&b'-');
        if last_hyphen || end - start > 63 {
            return (end, true, top);
        }
        if b.get(end) != Some(&b'.') {
            return (end, false, top);
        }
        i = end + 1;
    }
}

byte_table!(
    /// The bytes of a host label: alphanumerics, `-` and `_`.
    LABEL = |b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'
);

/// The kind of the host `b[start..end]`, whose top label starts with a
/// byte of class `top`, once the pair checks have passed.
#[inline]
fn host_of_class(b: &[u8], start: usize, end: usize, top: u8) -> Option<(HostKind, usize)> {
    match top {
        H_ALPHA => Some((HostKind::Domain, end)),
        H_DIGIT => {
            parse_ipv4(b.get(start..end)?)?;
            Some((HostKind::Ipv4, end))
        }
        _ => None,
    }
}

impl SipUri {
    /// Parses a SIP or SIPS URI with the default length limit.
    pub fn parse(s: &str) -> Result<SipUri, UriError> {
        Self::parse_with(s, &ParseLimits::DEFAULT)
    }

    /// Parses a SIP or SIPS URI with the given limits.
    pub fn parse_with(s: &str, limits: &ParseLimits) -> Result<SipUri, UriError> {
        check_len(s, limits)?;
        Self::parse_unchecked(s)
    }

    /// Parses after the length check.
    pub(crate) fn parse_unchecked(s: &str) -> Result<SipUri, UriError> {
        let mut u = Self::scan(s)?;
        u.raw = Box::from(s);
        Ok(u)
    }

    /// Parses text the caller has made, keeping it without a copy when it
    /// is sized exactly.
    fn parse_owned(s: String, limits: &ParseLimits) -> Result<SipUri, UriError> {
        check_len(&s, limits)?;
        let mut u = Self::scan(&s)?;
        u.raw = s.into_boxed_str();
        Ok(u)
    }

    /// Writes `sip:`/`sips:` URI text from unescaped components, escaping
    /// what each component's grammar requires, and reads it with the
    /// default limits. The text is sized beforehand (exactly, when nothing
    /// needs escaping), so the URI keeps it without a copy. [`SipUriBuilder::build`] and the address
    /// mapping make their URIs here.
    ///
    /// When every component is one the parser would read back as written
    /// (a valid host, a non-empty user, non-empty and distinct parameter
    /// names, ...), the parsed form is built as the text is written,
    /// without reading it again; otherwise the text is parsed, which gives
    /// the parser's answer (an error, or what it reads) for the odd case.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn from_parts<'p>(
        secure: bool,
        user: Option<&str>,
        password: Option<&str>,
        host: &str,
        port: Option<u16>,
        params: impl Iterator<Item = (&'p str, Option<&'p str>)> + Clone,
        headers: impl Iterator<Item = (&'p str, &'p str)> + Clone,
    ) -> Result<SipUri, UriError> {
        if let Some(u) = Self::from_valid_parts(
            secure,
            user,
            password,
            host,
            port,
            params.clone(),
            headers.clone(),
        ) {
            return Ok(u);
        }
        let s = Self::write_parts(secure, user, password, host, port, params, headers);
        Self::parse_owned(s, &ParseLimits::DEFAULT)
    }

    /// The length of the text [`write_parts`](Self::write_parts) writes.
    fn parts_len<'p>(
        secure: bool,
        user: Option<&str>,
        password: Option<&str>,
        host: &str,
        port: Option<u16>,
        params: impl Iterator<Item = (&'p str, Option<&'p str>)>,
        headers: impl Iterator<Item = (&'p str, &'p str)>,
    ) -> usize {
        use escape::escaped_len as esc;
        let scheme = if secure { 5 } else { 4 };
        scheme
            + user.map_or(0, |u| {
                esc(u, is_user_byte) + 1 + password.map_or(0, |p| 1 + esc(p, is_password_byte))
            })
            + host.len()
            + if needs_brackets(host) { 2 } else { 0 }
            + port.map_or(0, |p| 1 + decimal_len(u64::from(p)))
            + params
                .map(|(n, v)| {
                    1 + esc(n, is_param_byte) + v.map_or(0, |v| 1 + esc(v, is_param_byte))
                })
                .sum::<usize>()
            + headers
                .map(|(n, v)| 2 + esc(n, is_header_byte) + esc(v, is_header_byte))
                .sum::<usize>()
    }

    /// Writes the URI text from unescaped components, sized exactly.
    fn write_parts<'p>(
        secure: bool,
        user: Option<&str>,
        password: Option<&str>,
        host: &str,
        port: Option<u16>,
        params: impl Iterator<Item = (&'p str, Option<&'p str>)> + Clone,
        headers: impl Iterator<Item = (&'p str, &'p str)> + Clone,
    ) -> String {
        let len = Self::parts_len(
            secure,
            user,
            password,
            host,
            port,
            params.clone(),
            headers.clone(),
        );
        let mut s = String::with_capacity(len);
        s.push_str(if secure { "sips:" } else { "sip:" });
        if let Some(u) = user {
            escape::escape_into(&mut s, u, is_user_byte);
            if let Some(p) = password {
                s.push(':');
                escape::escape_into(&mut s, p, is_password_byte);
            }
            s.push('@');
        }
        if needs_brackets(host) {
            s.push('[');
            s.push_str(host);
            s.push(']');
        } else {
            s.push_str(host);
        }
        if let Some(p) = port {
            s.push(':');
            push_decimal(&mut s, u64::from(p));
        }
        for (n, v) in params {
            s.push(';');
            escape::escape_into(&mut s, n, is_param_byte);
            if let Some(v) = v {
                s.push('=');
                escape::escape_into(&mut s, v, is_param_byte);
            }
        }
        for (i, (n, v)) in headers.enumerate() {
            s.push(if i == 0 { '?' } else { '&' });
            escape::escape_into(&mut s, n, is_header_byte);
            s.push('=');
            escape::escape_into(&mut s, v, is_header_byte);
        }
        s
    }

    /// [`from_parts`](Self::from_parts) for components the parser reads
    /// back exactly as they are written: the URI is assembled with its
    /// spans as the text is written. `None` when a component is not of
    /// that kind (the caller then writes and parses).
    ///
    /// Why the spans are those the parser finds: the escaped user and
    /// password hold no `@` or `:` (neither is in their class), so the
    /// first `@` ends the userinfo, and with no user no later component
    /// holds an `@`; a host that passes [`host_kind`] holds only
    /// alphanumerics, `-`, `_` and `.`, and an IPv6 address none of `]`
    /// `;` `?`, so the host ends where it was written; parameter names and
    /// values hold no `;`, `?` or `=`, header names and values no `&` or
    /// `=`; every escape is `%HH` and every other byte visible ASCII.
    #[allow(clippy::too_many_arguments)]
    fn from_valid_parts<'p>(
        secure: bool,
        user: Option<&str>,
        password: Option<&str>,
        host: &str,
        port: Option<u16>,
        params: impl Iterator<Item = (&'p str, Option<&'p str>)> + Clone,
        headers: impl Iterator<Item = (&'p str, &'p str)> + Clone,
    ) -> Option<SipUri> {
        let (host_kind, brackets) = part_host_kind(host)?;
        if user.is_some_and(str::is_empty) {
            return None;
        }
        let expected = params.clone().count();
        let header_count = headers.clone().count();
        if expected > MAX_PARAMS || header_count > MAX_PARAMS {
            return None;
        }
        // Sized for the components as they are: exact when nothing needs
        // escaping, as in the usual case; escapes grow it.
        let len = if secure { 5 } else { 4 }
            + user.map_or(0, |u| u.len() + 1 + password.map_or(0, |p| p.len() + 1))
            + host.len()
            + 2 * usize::from(brackets)
            + port.map_or(0, |p| 1 + decimal_len(u64::from(p)))
            + params
                .clone()
                .map(|(n, v)| 1 + n.len() + v.map_or(0, |v| 1 + v.len()))
                .sum::<usize>()
            + headers
                .clone()
                .map(|(n, v)| 2 + n.len() + v.len())
                .sum::<usize>();
        let mut s = String::with_capacity(len);
        s.push_str(if secure { "sips:" } else { "sip:" });
        let (mut user_span, mut password_span) = (None, None);
        if let Some(u) = user {
            let u0 = s.len();
            escape::escape_into(&mut s, u, is_user_byte);
            user_span = Some(Span::new(u0, s.len()));
            if let Some(p) = password {
                s.push(':');
                let p0 = s.len();
                escape::escape_into(&mut s, p, is_password_byte);
                password_span = Some(Span::new(p0, s.len()));
            }
            s.push('@');
        }
        let h0 = s.len();
        if brackets {
            s.push('[');
            s.push_str(host);
            s.push(']');
        } else {
            s.push_str(host);
        }
        let host_span = Span::new(h0, s.len());
        if let Some(p) = port {
            s.push(':');
            push_decimal(&mut s, u64::from(p));
        }
        let mut acc = ParamAcc::Zero;
        for (n, v) in params {
            if n.is_empty() || v.is_some_and(str::is_empty) {
                return None;
            }
            s.push(';');
            let n0 = s.len();
            escape::escape_into(&mut s, n, is_param_byte);
            let name = Span::new(n0, s.len());
            if has_param(&s, acc.as_slice(), name.of(&s)) {
                return None;
            }
            let value = v.map(|v| {
                s.push('=');
                let v0 = s.len();
                escape::escape_into(&mut s, v, is_param_byte);
                Span::new(v0, s.len())
            });
            acc.push((name, value), expected);
        }
        let mut hs = Vec::new();
        for (i, (n, v)) in headers.enumerate() {
            if n.is_empty() {
                return None;
            }
            if i == 0 {
                hs.reserve_exact(header_count);
            }
            s.push(if i == 0 { '?' } else { '&' });
            let n0 = s.len();
            escape::escape_into(&mut s, n, is_header_byte);
            let n1 = s.len();
            s.push('=');
            escape::escape_into(&mut s, v, is_header_byte);
            hs.push((Span::new(n0, n1), Span::new(n1 + 1, s.len())));
        }
        if s.len()
            > ParseLimits::DEFAULT
                .max_uri_bytes
                .min(u32::MAX as usize - 1)
        {
            return None;
        }
        Some(SipUri {
            raw: s.into_boxed_str(),
            secure,
            user: user_span,
            password: password_span,
            host: host_span,
            host_kind,
            port,
            params: acc.finish(),
            headers: hs.into_boxed_slice(),
        })
    }

    /// The parts of `sip[s]:[user@]host[;gr=value]`, the shape of the
    /// URI a JID maps to, when [`from_parts`](Self::from_parts) would
    /// assemble them as they are (see `from_valid_parts`): a URI to write
    /// straight into a message, without making a `SipUri`. `None` when
    /// `from_parts` would take its general path (read the written text
    /// back, perhaps refusing it).
    pub(crate) fn plain_parts<'p>(
        secure: bool,
        user: Option<Cow<'p, str>>,
        host: Cow<'p, str>,
        gr: Option<&'p str>,
    ) -> Option<PlainSipUri<'p>> {
        // What `from_valid_parts` requires of these components.
        let (host_kind, brackets) = part_host_kind(&host)?;
        if user.as_deref().is_some_and(str::is_empty) || gr.is_some_and(str::is_empty) {
            return None;
        }
        // The host holds none of `,` `;` `?`; the escaped user holds them
        // where the user does (they are user characters).
        let bare = gr.is_none()
            && !user
                .as_deref()
                .is_some_and(|u| u.bytes().any(|b| matches!(b, b',' | b';' | b'?')));
        let uri = PlainSipUri {
            secure,
            user,
            host,
            brackets,
            host_kind,
            gr,
            bare,
        };
        // Escaping at most triples a byte: only a URI that might be too
        // long is measured.
        let limit = ParseLimits::DEFAULT
            .max_uri_bytes
            .min(u32::MAX as usize - 1);
        let bound = 10
            + 3 * uri.user.as_deref().map_or(0, str::len)
            + uri.host.len()
            + 3 * gr.map_or(0, str::len);
        if bound > limit && uri.len() > limit {
            return None;
        }
        Some(uri)
    }

    /// Reads the components of `s` (`raw` is left empty).
    fn scan(s: &str) -> Result<SipUri, UriError> {
        let b = s.as_bytes();
        let (secure, i) = sip_scheme(b).ok_or(UriError::Scheme)?;
        let head = match Head::common(b, i) {
            Some(head) => head,
            None => Head::general(s, i)?,
        };
        Self::scan_tail(s, secure, head)
    }

    /// The parameters and headers after the [`Head`], and the URI.
    fn scan_tail(s: &str, secure: bool, head: Head) -> Result<SipUri, UriError> {
        let b = s.as_bytes();
        let Head {
            user,
            password,
            host,
            kind,
            port,
            end: mut i,
        } = head;

        // parameters: each `;` before the headers starts one (neither a
        // parameter nor a header holds a `;`), counted to size the list.
        // A name and a value are runs of `paramchar`, which holds none of
        // `;`, `?` and `=`.
        let mut params = ParamAcc::Zero;
        if b.get(i) == Some(&b';') {
            let params_end = memchr::memchr(b'?', &b[i..]).map_or(b.len(), |p| p + i);
            let expected = memchr::memchr_iter(b';', &b[i..params_end]).count();
            while b.get(i) == Some(&b';') {
                let start = i + 1;
                let name_end = run_end(b, start, &PARAM);
                if name_end == start {
                    return Err(UriError::Param { offset: start });
                }
                let mut end = name_end;
                let mut vspan = None;
                if b.get(end) == Some(&b'=') {
                    let vs = end + 1;
                    end = run_end(b, vs, &PARAM);
                    if end == vs {
                        return Err(UriError::Param { offset: start });
                    }
                    vspan = Some(Span::new(vs, end));
                }
                if !matches!(b.get(end), None | Some(b';' | b'?')) {
                    return Err(UriError::Param { offset: start });
                }
                if params.len() >= MAX_PARAMS {
                    return Err(UriError::TooManyParams);
                }
                if has_param(s, params.as_slice(), &s[start..name_end]) {
                    return Err(UriError::DuplicateParam { offset: start });
                }
                params.push((Span::new(start, name_end), vspan), expected);
                i = end;
            }
        }

        // headers: one more than the `&` after the `?`.
        let mut headers = Vec::new();
        if b.get(i) == Some(&b'?') {
            let count = memchr::memchr_iter(b'&', &b[i..]).count() + 1;
            headers.reserve_exact(count.min(MAX_PARAMS));
            let mut start = i + 1;
            loop {
                let end = memchr::memchr(b'&', &b[start..]).map_or(b.len(), |p| p + start);
                let item = &s[start..end];
                let eq = item.find('=').ok_or(UriError::Header { offset: start })?;
                let (name, value) = (&item[..eq], &item[eq + 1..]);
                if name.is_empty()
                    || first_outside(name, &HEADER).is_some()
                    || first_outside(value, &HEADER).is_some()
                {
                    return Err(UriError::Header { offset: start });
                }
                if headers.len() >= MAX_PARAMS {
                    return Err(UriError::TooManyParams);
                }
                headers.push((Span::new(start, start + eq), Span::new(start + eq + 1, end)));
                if end == b.len() {
                    break;
                }
                start = end + 1;
            }
            i = b.len();
        }
        if i != b.len() {
            return Err(UriError::Param { offset: i });
        }
        Ok(SipUri {
            raw: Box::default(),
            secure,
            user,
            password,
            host,
            host_kind: kind,
            port,
            params: params.finish(),
            // Without headers the vector never allocated: no need to
            // shrink it.
            headers: if headers.is_empty() {
                Box::default()
            } else {
                headers.into_boxed_slice()
            },
        })
    }
    /// Starts building a `sip:` URI for `host` (a domain, an IPv4 address,
    /// or an IPv6 address with or without brackets).
    ///
    /// ```
    /// use sip_xmpp::uri::SipUri;
    /// let u = SipUri::builder("example.com").user("j@s0n").param("gr", Some("urn:uuid:1")).build().unwrap();
    /// assert_eq!(u.as_str(), "sip:j%40s0n@example.com;gr=urn:uuid:1");
    /// ```
    pub fn builder(host: &str) -> SipUriBuilder {
        SipUriBuilder {
            secure: false,
            user: None,
            password: None,
            host: host.to_owned(),
            port: None,
            params: Vec::new(),
            headers: Vec::new(),
        }
    }

    /// A builder holding this URI's components (decoded), to change some
    /// and build a new URI.
    pub fn to_builder(&self) -> SipUriBuilder {
        let dec = |e: Escaped<'_>| e.decode_utf8().into_owned();
        SipUriBuilder {
            secure: self.secure,
            user: self.user().map(dec),
            password: self.password().map(dec),
            host: self.host_str().to_owned(),
            port: self.port,
            params: self.params().map(|(n, v)| (dec(n), v.map(dec))).collect(),
            headers: self.headers().map(|(n, v)| (dec(n), dec(v))).collect(),
        }
    }

    /// The URI text.
    pub fn as_str(&self) -> &str {
        &self.raw
    }

    /// Whether this is a `sips:` URI.
    pub fn is_sips(&self) -> bool {
        self.secure
    }

    /// The user part, still escaped.
    pub fn user(&self) -> Option<Escaped<'_>> {
        self.view().user()
    }

    /// The password, still escaped.
    pub fn password(&self) -> Option<Escaped<'_>> {
        self.password.map(|s| Escaped(s.of(&self.raw)))
    }

    /// The host.
    pub fn host(&self) -> Host<'_> {
        self.view().host()
    }

    /// Whether the host was read as an IPv4 address ([`host`](Self::host)
    /// is [`Host::Ipv4`]), without reading it again.
    pub(crate) fn has_ipv4_host(&self) -> bool {
        self.host_kind == HostKind::Ipv4
    }

    /// The host exactly as written (IPv6 references with their brackets).
    pub fn host_str(&self) -> &str {
        self.host.of(&self.raw)
    }

    /// The port, if one is written.
    pub fn port(&self) -> Option<u16> {
        self.port
    }

    /// The URI parameters in order: name and optional value, escaped.
    pub fn params(&self) -> impl Iterator<Item = (Escaped<'_>, Option<Escaped<'_>>)> {
        self.view().params()
    }

    /// The parameter `name` (matched case-insensitively after decoding):
    /// `None` when absent, `Some(None)` when present without a value.
    pub fn param(&self, name: &str) -> Option<Option<Escaped<'_>>> {
        self.view().param(name)
    }

    fn param_raw(&self, name: &str) -> Option<&str> {
        self.view().param_raw(name)
    }

    /// The `transport` parameter, raw.
    pub fn transport(&self) -> Option<&str> {
        self.param_raw("transport")
    }

    /// The `user` parameter (`phone`, `ip`, ...), raw.
    pub fn user_param(&self) -> Option<&str> {
        self.param_raw("user")
    }

    /// The `method` parameter, raw.
    pub fn method_param(&self) -> Option<&str> {
        self.param_raw("method")
    }

    /// The `maddr` parameter, raw.
    pub fn maddr(&self) -> Option<&str> {
        self.param_raw("maddr")
    }

    /// The `ttl` parameter, if present and a number from 0 to 255.
    pub fn ttl(&self) -> Option<u8> {
        self.param_raw("ttl").and_then(|t| t.parse().ok())
    }

    /// Whether the `lr` parameter is present.
    pub fn lr(&self) -> bool {
        self.param("lr").is_some()
    }

    /// The GRUU `gr` parameter (RFC 5627): `None` when absent, `Some(None)`
    /// for a temporary GRUU's bare `;gr`.
    pub fn gr(&self) -> Option<Option<Escaped<'_>>> {
        self.param("gr")
    }

    /// The URI headers (`?name=value&...`), escaped.
    pub fn headers(&self) -> impl Iterator<Item = (Escaped<'_>, Escaped<'_>)> {
        self.headers
            .iter()
            .map(|(n, v)| (Escaped(n.of(&self.raw)), Escaped(v.of(&self.raw))))
    }

    /// Whether the URI has `?headers`.
    pub fn has_headers(&self) -> bool {
        !self.headers.is_empty()
    }

    /// Whether the URI contains a comma, semicolon or question mark (in
    /// its user part, password, parameters or headers): such a URI must be
    /// written in `<...>` inside a header field (RFC 3261 §20.10).
    pub fn needs_angle_brackets(&self) -> bool {
        memchr::memchr3(b',', b';', b'?', self.raw.as_bytes()).is_some()
    }

    /// This URI without its `?headers` (RFC 3261 §19.1.1 Table 1: not
    /// allowed in a Request-URI, To or From).
    pub fn without_headers(&self) -> SipUri {
        let mut u = self.clone();
        if let Some(&(first, _)) = self.headers.first() {
            let cut = first.start as usize - 1;
            u.raw = Box::from(self.raw.get(..cut).unwrap_or(&self.raw));
            u.headers = Box::default();
        }
        u
    }

    /// Equivalence per RFC 3261 §19.1.4.
    ///
    /// ```
    /// use sip_xmpp::uri::SipUri;
    /// let a: SipUri = "sip:%61lice@atlanta.com;transport=TCP".parse().unwrap();
    /// let b: SipUri = "sip:alice@AtLanTa.CoM;Transport=tcp".parse().unwrap();
    /// assert!(a.equivalent(&b));
    /// let c: SipUri = "sip:bob@biloxi.com".parse().unwrap();
    /// let d: SipUri = "sip:bob@biloxi.com:5060".parse().unwrap();
    /// assert!(!c.equivalent(&d));
    /// ```
    pub fn equivalent(&self, other: &SipUri) -> bool {
        if self.secure != other.secure || self.port != other.port {
            return false;
        }
        let opt_eq = |a: Option<Escaped<'_>>, b: Option<Escaped<'_>>| match (a, b) {
            (None, None) => true,
            (Some(a), Some(b)) => escape::component_eq(a.as_raw(), b.as_raw()),
            _ => false,
        };
        if !opt_eq(self.user(), other.user()) || !opt_eq(self.password(), other.password()) {
            return false;
        }
        let host_eq = match (self.host(), other.host()) {
            (Host::Domain(a), Host::Domain(b)) => a.eq_ignore_ascii_case(b),
            (Host::Ipv4(a), Host::Ipv4(b)) => a == b,
            (Host::Ipv6(a), Host::Ipv6(b)) => a == b,
            _ => false,
        };
        if !host_eq {
            return false;
        }
        // Parameters: the special five must be present in both or neither;
        // any parameter present in both must match.
        const SPECIAL: [&str; 5] = ["user", "ttl", "method", "maddr", "transport"];
        for name in SPECIAL {
            if self.param(name).is_some() != other.param(name).is_some() {
                return false;
            }
        }
        for (n, v) in self.params() {
            if let Some((_, ov)) = other
                .params()
                .find(|(on, _)| escape::component_eq_ic(on.as_raw(), n.as_raw()))
            {
                let same = match (v, ov) {
                    (None, None) => true,
                    (Some(a), Some(b)) => escape::component_eq_ic(a.as_raw(), b.as_raw()),
                    _ => false,
                };
                if !same {
                    return false;
                }
            }
        }
        // Headers: every header must be present in both and match.
        let contains_all = |a: &SipUri, b: &SipUri| {
            a.headers().all(|(n, v)| {
                b.headers().any(|(bn, bv)| {
                    escape::component_eq_ic(n.as_raw(), bn.as_raw())
                        && escape::component_eq(v.as_raw(), bv.as_raw())
                })
            })
        };
        contains_all(self, other) && contains_all(other, self)
    }
}

/// Parses the inside of an IPv6 reference. RFC 5118 §4.10: the RFC 3261
/// grammar admits a third colon before an embedded IPv4 address
/// (`2001:db8:::192.0.2.1`); implementations must tolerate it, so it is
/// read as if it had two.
pub(crate) fn parse_ipv6(inner: &str) -> Option<Ipv6Addr> {
    Ipv6Addr::from_str(inner).ok().or_else(|| {
        let (a, b) = inner.split_once(":::")?;
        if b.contains("::") || a.contains("::") || !b.contains('.') {
            return None;
        }
        Ipv6Addr::from_str(&format!("{a}::{b}")).ok()
    })
}

/// Whether `h` is a valid `host`: hostname, IPv4 address or IPv6
/// reference in brackets.
pub(crate) fn is_valid_host(h: &str) -> bool {
    match h.strip_prefix('[') {
        Some(rest) => rest.strip_suffix(']').and_then(parse_ipv6).is_some(),
        None => host_kind(h.as_bytes()).is_some(),
    }
}

byte_table!(
    /// The bytes that end a host that is not an IPv6 reference.
    HOST_END = |b| matches!(b, b':' | b';' | b'?')
);

/// Whether [`SipUri::from_parts`] writes `host` in brackets: an IPv6
/// address given without them.
/// The kind of a host given as a URI component (an IPv6 address with or
/// without its brackets), and whether it is written in brackets it does
/// not have; `None` for a host the parser would not read as written.
fn part_host_kind(host: &str) -> Option<(HostKind, bool)> {
    // Scanned for `:` once: the caller writes the brackets.
    let brackets = needs_brackets(host);
    let kind = if brackets {
        parse_ipv6(host)?;
        HostKind::Ipv6
    } else if let Some(inner) = host.strip_prefix('[') {
        parse_ipv6(inner.strip_suffix(']')?)?;
        HostKind::Ipv6
    } else {
        host_kind(host.as_bytes())?
    };
    Some((kind, brackets))
}

fn needs_brackets(host: &str) -> bool {
    host.contains(':') && !host.starts_with('[')
}

/// Byte classes of a host that is not an IPv6 reference.
const H_BAD: u8 = 0;
const H_DIGIT: u8 = 1;
const H_ALPHA: u8 = 2;
const H_HYPHEN: u8 = 3;
const H_UNDERSCORE: u8 = 4;
const H_DOT: u8 = 5;

const HOST_CLASS: [u8; 256] = {
    let mut t = [H_BAD; 256];
    let mut i = 0;
    while i < 256 {
        let b = i as u8;
        t[i] = match b {
            b'0'..=b'9' => H_DIGIT,
            b'a'..=b'z' | b'A'..=b'Z' => H_ALPHA,
            b'-' => H_HYPHEN,
            b'_' => H_UNDERSCORE,
            b'.' => H_DOT,
            _ => H_BAD,
        };
        i += 1;
    }
    t
};

/// Classifies a host that is not an IPv6 reference: IPv4 when it has the
/// dotted-quad shape (digits and dots only; then it must be four parts of
/// one to three digits, each 0-255), otherwise an RFC 3261 `hostname`:
/// labels of 1-63 alphanumerics, `-` and `_`, not starting or ending with
/// `-`, the last one (toplabel) starting with a letter, one trailing dot
/// allowed. Underscores are accepted in labels (RFC 2181 §11; SRV owner
/// names), a deliberate leniency.
///
/// One pass over the host decides both readings. Every refusal of the
/// hostname reading also refuses the dotted-quad reading (an empty label
/// is an empty part, a label of 64 bytes a part of more than three digits,
/// and any other refusal needs a byte that is not a digit or a dot).
/// Then a last label starting with a digit can only be a dotted quad (a
/// hostname's toplabel starts with a letter), and one starting with a
/// letter cannot be: so the dotted-quad reading is tried exactly when it
/// can succeed.
///
/// A host of at most 63 bytes cannot hold a label that is too long, so
/// its check is one table lookup per pair of neighbouring bytes: a
/// refused byte, a label starting with `-` or `.` (an empty label), or
/// one ending with `-`.
fn host_kind(b: &[u8]) -> Option<HostKind> {
    if b.len() > 63 {
        return long_host_kind(b);
    }
    // One trailing dot is allowed.
    let body = match b.split_last() {
        Some((b'.', rest)) => rest,
        _ => b,
    };
    // The class before the first byte is that of a dot: a label starts.
    let (mut bad, mut prev) = (false, usize::from(H_DOT));
    for &c in body {
        let k = usize::from(HOST_CLASS[usize::from(c)]);
        bad |= HOST_PAIR_BAD[(prev << 3 | k) & 63];
        prev = k;
    }
    if bad || prev == usize::from(H_HYPHEN) || prev == usize::from(H_DOT) {
        return None;
    }
    // The first byte of the last label, which is not empty.
    let top = body.iter().rposition(|&c| c == b'.').map_or(0, |p| p + 1);
    let first = *body.get(top)?;
    if first.is_ascii_digit() {
        return parse_ipv4(b).map(|_| HostKind::Ipv4);
    }
    first.is_ascii_alphabetic().then_some(HostKind::Domain)
}

/// Which pairs of neighbouring byte classes (`prev << 3 | next`) a host
/// may not hold: a refused byte anywhere, `-` or `.` after a dot (or at
/// the start), `.` after `-`.
const HOST_PAIR_BAD: [bool; 64] = {
    let mut t = [false; 64];
    let mut prev = 0;
    while prev < 8 {
        let mut next = 0;
        while next < 8 {
            let p = prev as u8;
            let n = next as u8;
            t[prev << 3 | next] = n == H_BAD
                || n > H_DOT
                || (p == H_DOT && (n == H_DOT || n == H_HYPHEN))
                || (p == H_HYPHEN && n == H_DOT);
            next += 1;
        }
        prev += 1;
    }
    t
};

/// [`host_kind`] for a host long enough to hold a label of more than 63
/// bytes: label by label.
fn long_host_kind(b: &[u8]) -> Option<HostKind> {
    let (mut label, mut first, mut prev) = (0usize, 0u8, 0u8);
    for &c in b {
        let k = HOST_CLASS[c as usize];
        if k == H_DOT {
            if label == 0 || label > 63 || prev == b'-' {
                return None;
            }
            label = 0;
            continue;
        }
        if k == H_BAD {
            return None;
        }
        if label == 0 {
            if k == H_HYPHEN {
                return None;
            }
            first = c;
        }
        label += 1;
        prev = c;
    }
    if label > 63 {
        return None;
    }
    if first.is_ascii_digit() {
        return parse_ipv4(b).map(|_| HostKind::Ipv4);
    }
    // `label == 0` here means a trailing dot after a valid label (or no
    // label at all, and then `first` is not a letter).
    (prev != b'-' && first.is_ascii_alphabetic()).then_some(HostKind::Domain)
}

/// Reads a dotted quad of RFC 3261 `IPv4address` (one to three digits a
/// part, leading zeros allowed, each part at most 255).
fn parse_ipv4(b: &[u8]) -> Option<Ipv4Addr> {
    let mut parts = [0u8; 4];
    let (mut n, mut value, mut digits) = (0usize, 0u16, 0usize);
    for &c in b {
        if c == b'.' {
            if digits == 0 {
                return None;
            }
            *parts.get_mut(n)? = u8::try_from(value).ok()?;
            n += 1;
            if n == 4 {
                return None;
            }
            (value, digits) = (0, 0);
        } else {
            if !c.is_ascii_digit() || digits == 3 {
                return None;
            }
            value = value * 10 + u16::from(c - b'0');
            digits += 1;
        }
    }
    if n != 3 || digits == 0 {
        return None;
    }
    *parts.get_mut(3)? = u8::try_from(value).ok()?;
    Some(Ipv4Addr::from(parts))
}

/// Classifies a host that is not an IPv6 reference (see [`host_kind`]).
#[cfg(test)]
fn classify_host(h: &str) -> Option<Host<'_>> {
    match host_kind(h.as_bytes())? {
        HostKind::Ipv4 => parse_ipv4(h.as_bytes()).map(Host::Ipv4),
        HostKind::Domain | HostKind::Ipv6 => Some(Host::Domain(h)),
    }
}

/// A SIP URI's components over its text: what the accessors of
/// [`SipUri`] read, for a URI that holds its text and for one read from
/// text it borrows ([`SipUriRef`]) alike. What it reads borrows the text
/// (`'a`), which may outlive the components (`'s`).
#[derive(Debug, Clone, Copy)]
pub(crate) struct SipView<'a, 's> {
    raw: &'a str,
    u: &'s SipUri,
}

impl<'a> SipView<'a, '_> {
    /// Whether this is a `sips:` URI.
    pub(crate) fn is_sips(self) -> bool {
        self.u.secure
    }

    /// The user part, still escaped.
    pub(crate) fn user(self) -> Option<Escaped<'a>> {
        self.u.user.map(|s| Escaped(s.of(self.raw)))
    }

    /// `user@host` as written, when there is a user and no password: the
    /// text from the user's first byte to the host's last.
    pub(crate) fn user_at_host(self) -> Option<&'a str> {
        let user = self.u.user?;
        if self.u.password.is_some() {
            return None;
        }
        Some(Span::from_u32(user.start, self.u.host.end).of(self.raw))
    }

    /// The host.
    pub(crate) fn host(self) -> Host<'a> {
        let text = self.u.host.of(self.raw);
        // The text was read as this kind of host: it reads the same again.
        let read = match self.u.host_kind {
            HostKind::Domain => None,
            HostKind::Ipv4 => parse_ipv4(text.as_bytes()).map(Host::Ipv4),
            HostKind::Ipv6 => text
                .strip_prefix('[')
                .and_then(|t| t.strip_suffix(']'))
                .and_then(parse_ipv6)
                .map(Host::Ipv6),
        };
        read.unwrap_or(Host::Domain(text))
    }

    /// The URI parameters in order: name and optional value, escaped.
    pub(crate) fn params(self) -> impl Iterator<Item = (Escaped<'a>, Option<Escaped<'a>>)> {
        let raw = self.raw;
        self.u
            .params
            .as_slice()
            .iter()
            .map(move |(n, v)| (Escaped(n.of(raw)), v.map(|v| Escaped(v.of(raw)))))
    }

    /// The parameter `name` (matched case-insensitively after decoding):
    /// `None` when absent, `Some(None)` when present without a value.
    pub(crate) fn param(self, name: &str) -> Option<Option<Escaped<'a>>> {
        self.params()
            .find(|(n, _)| n.matches_ignore_case(name))
            .map(|(_, v)| v)
    }

    /// The value of the parameter `name`, raw.
    pub(crate) fn param_raw(self, name: &str) -> Option<&'a str> {
        self.param(name).flatten().map(|e| e.as_raw())
    }

    /// The GRUU `gr` parameter (see [`SipUri::gr`]).
    pub(crate) fn gr(self) -> Option<Option<Escaped<'a>>> {
        self.param("gr")
    }

    /// The `user` parameter, raw.
    pub(crate) fn user_param(self) -> Option<&'a str> {
        self.param_raw("user")
    }
}

impl SipUri {
    /// The components over this URI's own text.
    pub(crate) fn view(&self) -> SipView<'_, '_> {
        SipView {
            raw: &self.raw,
            u: self,
        }
    }
}

/// A SIP or SIPS URI read from text it borrows: the [`SipUri`] that
/// [`SipUri::parse`] gives, without its copy of the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct SipUriRef<'a> {
    text: &'a str,
    /// The components, over `text` (their own text is left empty).
    spans: SipUri,
}

impl<'a> SipUriRef<'a> {
    /// Reads `s`, whose scheme is `sip` or `sips` and whose length has
    /// been checked: [`SipUri::parse_unchecked`] without the copy.
    pub(crate) fn parse_unchecked(s: &'a str) -> Result<SipUriRef<'a>, UriError> {
        Ok(SipUriRef {
            text: s,
            spans: SipUri::scan(s)?,
        })
    }

    /// The components over the borrowed text.
    pub(crate) fn view(&self) -> SipView<'a, '_> {
        SipView {
            raw: self.text,
            u: &self.spans,
        }
    }

    /// The [`SipUri`] holding a copy of the text.
    #[cfg(test)]
    pub(crate) fn to_owned_uri(&self) -> SipUri {
        SipUri {
            raw: Box::from(self.text),
            ..self.spans.clone()
        }
    }
}

impl FromStr for SipUri {
    type Err = UriError;
    fn from_str(s: &str) -> Result<Self, UriError> {
        SipUri::parse(s)
    }
}

impl fmt::Display for SipUri {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.raw)
    }
}

/// Builds a [`SipUri`] from unescaped components; escapes what each
/// component's grammar requires. Made by [`SipUri::builder`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SipUriBuilder {
    secure: bool,
    user: Option<String>,
    password: Option<String>,
    host: String,
    port: Option<u16>,
    params: Vec<(String, Option<String>)>,
    headers: Vec<(String, String)>,
}

impl SipUriBuilder {
    /// `sips:` instead of `sip:`.
    pub fn sips(mut self, secure: bool) -> Self {
        self.secure = secure;
        self
    }

    /// The user part (unescaped; escaped as needed when built).
    pub fn user(mut self, user: impl Into<String>) -> Self {
        self.user = Some(user.into());
        self
    }

    /// Removes the user part.
    pub fn no_user(mut self) -> Self {
        self.user = None;
        self.password = None;
        self
    }

    /// The password (unescaped).
    pub fn password(mut self, password: impl Into<String>) -> Self {
        self.password = Some(password.into());
        self
    }

    /// The host.
    pub fn host(mut self, host: impl Into<String>) -> Self {
        self.host = host.into();
        self
    }

    /// The port.
    pub fn port(mut self, port: Option<u16>) -> Self {
        self.port = port;
        self
    }

    /// Adds or replaces a URI parameter (unescaped).
    pub fn param(mut self, name: &str, value: Option<&str>) -> Self {
        self.params.retain(|(n, _)| !n.eq_ignore_ascii_case(name));
        self.params
            .push((name.to_owned(), value.map(str::to_owned)));
        self
    }

    /// Removes a URI parameter.
    pub fn remove_param(mut self, name: &str) -> Self {
        self.params.retain(|(n, _)| !n.eq_ignore_ascii_case(name));
        self
    }

    /// Adds a URI header (unescaped).
    pub fn header(mut self, name: &str, value: &str) -> Self {
        self.headers.push((name.to_owned(), value.to_owned()));
        self
    }

    /// Removes every URI header.
    pub fn no_headers(mut self) -> Self {
        self.headers.clear();
        self
    }

    /// Writes and validates the URI.
    pub fn build(&self) -> Result<SipUri, UriError> {
        SipUri::from_parts(
            self.secure,
            self.user.as_deref(),
            self.password.as_deref(),
            &self.host,
            self.port,
            self.params.iter().map(|(n, v)| (n.as_str(), v.as_deref())),
            self.headers.iter().map(|(n, v)| (n.as_str(), v.as_str())),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `escape_into` copies runs of kept bytes whole: every class it
    /// escapes with keeps only ASCII bytes, and never `%`.
    #[test]
    fn escaping_classes_keep_only_ascii_and_never_percent() {
        for class in [
            is_user_byte,
            is_password_byte,
            is_param_byte,
            is_header_byte,
        ] {
            assert!((0x80..=0xff).all(|b| !class(b)));
            assert!(!class(b'%'));
            assert!(class(b'a') && class(b'0') && class(b'-'));
        }
    }

    /// RFC 3261 §19.1.3 examples and §2.5 of the digest.
    #[test]
    fn rfc3261_examples() {
        let u =
            SipUri::parse("sips:alice@atlanta.com?subject=project%20x&priority=urgent").unwrap();
        assert!(u.is_sips());
        let h: Vec<_> = u
            .headers()
            .map(|(n, v)| (n.decode_utf8().into_owned(), v.decode_utf8().into_owned()))
            .collect();
        assert_eq!(
            h,
            [
                ("subject".into(), "project x".into()),
                ("priority".into(), "urgent".into())
            ]
        );

        let u = SipUri::parse("sip:+1-212-555-1212:1234@gateway.com;user=phone").unwrap();
        assert!(u.user().unwrap().matches("+1-212-555-1212"));
        assert!(u.password().unwrap().matches("1234"));
        assert_eq!(u.user_param(), Some("phone"));

        let u = SipUri::parse("sip:alice@192.0.2.4").unwrap();
        assert_eq!(u.host(), Host::Ipv4(Ipv4Addr::new(192, 0, 2, 4)));

        let u = SipUri::parse("sip:atlanta.com;method=REGISTER?to=alice%40atlanta.com").unwrap();
        assert!(u.user().is_none());
        assert_eq!(u.method_param(), Some("REGISTER"));
        assert_eq!(
            u.headers().next().unwrap().1.decode_utf8(),
            "alice@atlanta.com"
        );

        let u = SipUri::parse("sip:alice;day=tuesday@atlanta.com").unwrap();
        assert!(u.user().unwrap().matches("alice;day=tuesday"));
        assert_eq!(u.params().count(), 0);

        let u = SipUri::parse("sip:romeo@[2001:db8::1]:5070;transport=tcp").unwrap();
        assert_eq!(u.host(), Host::Ipv6("2001:db8::1".parse().unwrap()));
        assert_eq!(u.host_str(), "[2001:db8::1]");
        assert_eq!(u.port(), Some(5070));

        let u = SipUri::parse(
            "sip:juliet@example.com;gr=urn:uuid:f81d4fae-7dec-11d0-a765-00a0c91e6bf6",
        )
        .unwrap();
        assert_eq!(
            u.gr().unwrap().unwrap().as_raw(),
            "urn:uuid:f81d4fae-7dec-11d0-a765-00a0c91e6bf6"
        );
        let t =
            SipUri::parse("sip:tgruu.7hs==jd7vnzga5w7fajsc7-ajd6fabz0f8g5@example.com;gr").unwrap();
        assert_eq!(t.gr(), Some(None));
    }

    #[test]
    fn rejects() {
        for (bad, what) in [
            ("sip:", "no host"),
            ("sip:@example.com", "empty user"),
            ("sip:a b@example.com", "space"),
            ("sip:alice@exa%6dple.com", "escape in host"),
            ("sip:alice@example.com:99999", "port range"),
            ("sip:alice@example.com:", "empty port"),
            ("sip:alice@[2001:db8::1", "unclosed v6"),
            ("sip:alice@[2001:db8:::1]", "bad v6"),
            ("sip:alice@[2001:db8:::1:2:3]", "three colons without IPv4"),
            ("sip:alice@256.1.1.1", "v4 range"),
            ("sip:alice@-x.com", "label"),
            ("sip:alice@example.123", "toplabel"),
            ("sip:alice@example.com;", "empty param"),
            ("sip:alice@example.com;a=", "empty value"),
            ("sip:alice@example.com;a;A", "dup param"),
            ("sip:alice@example.com?x", "header without ="),
            ("sip:alice%2@example.com", "bad escape"),
            ("sip:alice@example.com>", "trailing junk"),
            ("sip:al\"ice@example.com", "quote in user"),
        ] {
            assert!(SipUri::parse(bad).is_err(), "{what}: {bad}");
        }
    }

    /// RFC 3261 §19.1.4 equal and unequal examples.
    #[test]
    fn comparison_rfc3261_19_1_4() {
        let eq = [
            (
                "sip:%61lice@atlanta.com;transport=TCP",
                "sip:alice@AtLanTa.CoM;Transport=tcp",
            ),
            ("sip:carol@chicago.com", "sip:carol@chicago.com;newparam=5"),
            ("sip:carol@chicago.com", "sip:carol@chicago.com;security=on"),
            (
                "sip:carol@chicago.com;newparam=5",
                "sip:carol@chicago.com;security=on",
            ),
            (
                "sip:biloxi.com;transport=tcp;method=REGISTER?to=sip:bob%40biloxi.com",
                "sip:biloxi.com;method=REGISTER;transport=tcp?to=sip:bob%40biloxi.com",
            ),
            (
                "sip:alice@atlanta.com?subject=project%20x&priority=urgent",
                "sip:alice@atlanta.com?priority=urgent&subject=project%20x",
            ),
        ];
        for (a, b) in eq {
            let (a, b) = (SipUri::parse(a).unwrap(), SipUri::parse(b).unwrap());
            assert!(a.equivalent(&b), "{a} == {b}");
            assert!(b.equivalent(&a), "{b} == {a}");
        }
        let ne = [
            (
                "SIP:ALICE@AtLanTa.CoM;Transport=udp",
                "sip:alice@AtLanTa.CoM;Transport=UDP",
            ),
            ("sip:bob@biloxi.com", "sip:bob@biloxi.com:5060"),
            ("sip:bob@biloxi.com", "sip:bob@biloxi.com;transport=udp"),
            (
                "sip:bob@biloxi.com",
                "sip:bob@biloxi.com:6000;transport=tcp",
            ),
            (
                "sip:carol@chicago.com",
                "sip:carol@chicago.com?Subject=next%20meeting",
            ),
            ("sip:bob@phone21.boxesbybob.com", "sip:bob@192.0.2.4"),
            ("sip:a@b", "sips:a@b"),
            ("sip:a%3Bb@c", "sip:a;b@c"),
        ];
        for (a, b) in ne {
            let (a, b) = (SipUri::parse(a).unwrap(), SipUri::parse(b).unwrap());
            assert!(!a.equivalent(&b), "{a} != {b}");
        }
    }

    /// RFC 5118 §4.10: a third colon before an embedded IPv4 address is
    /// tolerated.
    #[test]
    fn ipv6_three_colons() {
        let u = SipUri::parse("sip:[2001:db8:::192.0.2.1]").unwrap();
        assert_eq!(u.host(), Host::Ipv6("2001:db8::192.0.2.1".parse().unwrap()));
        assert_eq!(u.as_str(), "sip:[2001:db8:::192.0.2.1]");
    }

    #[test]
    fn builder_escapes() {
        let u = SipUri::builder("2001:db8::1")
            .user("a b")
            .port(Some(5070))
            .param("transport", Some("tcp"))
            .header("subject", "x&y")
            .build()
            .unwrap();
        assert_eq!(
            u.as_str(),
            "sip:a%20b@[2001:db8::1]:5070;transport=tcp?subject=x%26y"
        );
        assert_eq!(u.to_builder().build().unwrap(), u);
        assert_eq!(
            u.without_headers().as_str(),
            "sip:a%20b@[2001:db8::1]:5070;transport=tcp"
        );
        assert!(SipUri::builder("bad host").build().is_err());
    }

    /// The host classification this module used before the one-pass
    /// [`host_kind`], kept as the reference.
    fn classify_host_reference(h: &str) -> Option<Host<'_>> {
        if h.is_empty() {
            return None;
        }
        if h.bytes().all(|b| b.is_ascii_digit() || b == b'.') {
            let mut parts = [0u8; 4];
            let mut n = 0;
            for part in h.split('.') {
                if n == 4 || part.is_empty() || part.len() > 3 {
                    return None;
                }
                parts[n] = part.parse().ok()?;
                n += 1;
            }
            return (n == 4).then(|| Host::Ipv4(Ipv4Addr::from(parts)));
        }
        let body = h.strip_suffix('.').unwrap_or(h).as_bytes();
        let (mut len, mut first, mut prev) = (0usize, 0u8, 0u8);
        for &c in body {
            if c == b'.' {
                if len == 0 || prev == b'-' {
                    return None;
                }
                len = 0;
                continue;
            }
            if !(c.is_ascii_alphanumeric() || c == b'-' || c == b'_') {
                return None;
            }
            if len == 0 {
                if c == b'-' {
                    return None;
                }
                first = c;
            }
            len += 1;
            if len > 63 {
                return None;
            }
            prev = c;
        }
        (len > 0 && prev != b'-' && first.is_ascii_alphabetic()).then_some(Host::Domain(h))
    }

    #[test]
    fn host_classification_cases() {
        let long = "a".repeat(63);
        let too_long = "a".repeat(64);
        for h in [
            "",
            ".",
            "..",
            "a",
            "a.",
            "a..",
            "a.b.",
            "a.b..",
            "1.2.3.4",
            "1.2.3.4.",
            "01.002.3.4",
            "256.1.1.1",
            "1.2.3",
            "1.2.3.4.5",
            "1234",
            "1..2.3",
            ".1.2.3",
            "example.com",
            "EXAMPLE.COM.",
            "a-.b",
            "-a.b",
            "a.-b",
            "a_b.c",
            "_a.com",
            "a._b",
            "a.1",
            "a.1.",
            "1a.b2",
            "x-1.y-2",
            "ex ample.com",
            "a:b",
            long.as_str(),
            too_long.as_str(),
            "999.1.1.1",
            "0.0.0.0",
            "1.2.3.04",
        ] {
            assert_eq!(classify_host(h), classify_host_reference(h), "{h:?}");
        }
    }

    /// Writes the parts and parses the text: what `from_parts` answers
    /// when a component is not one it assembles directly.
    #[allow(clippy::type_complexity)]
    fn from_parts_by_parsing(
        secure: bool,
        user: Option<&str>,
        password: Option<&str>,
        host: &str,
        port: Option<u16>,
        params: &[(String, Option<String>)],
        headers: &[(String, String)],
    ) -> Result<SipUri, UriError> {
        let p = params.iter().map(|(n, v)| (n.as_str(), v.as_deref()));
        let h = headers.iter().map(|(n, v)| (n.as_str(), v.as_str()));
        let s = SipUri::write_parts(secure, user, password, host, port, p, h);
        SipUri::parse_owned(s, &ParseLimits::DEFAULT)
    }

    /// The URI reader this module used before the current one (with the
    /// host classification of [`classify_host_reference`]), kept as the
    /// reference: same result, same error.
    fn scan_reference(s: &str) -> Result<SipUri, UriError> {
        let b = s.as_bytes();
        let (secure, mut i) = if b.len() >= 4 && b[..4].eq_ignore_ascii_case(b"sip:") {
            (false, 4)
        } else if b.len() >= 5 && b[..5].eq_ignore_ascii_case(b"sips:") {
            (true, 5)
        } else {
            return Err(UriError::Scheme);
        };
        check_chars(s)?;

        // userinfo: up to the first '@' (no later component may hold one).
        let (mut user, mut password) = (None, None);
        if let Some(at) = memchr::memchr(b'@', &b[i..]) {
            let at = i + at;
            let userinfo = &s[i..at];
            let (u, p) = match memchr::memchr(b':', userinfo.as_bytes()) {
                Some(c) => (&userinfo[..c], Some((i + c + 1, &userinfo[c + 1..]))),
                None => (userinfo, None),
            };
            if u.is_empty() {
                return Err(UriError::User { offset: i });
            }
            if let Some(bad) = first_outside(u, &USER) {
                return Err(UriError::User { offset: i + bad });
            }
            user = Some(Span::new(i, i + u.len()));
            if let Some((pstart, p)) = p {
                if let Some(bad) = first_outside(p, &PASSWORD) {
                    return Err(UriError::Password {
                        offset: pstart + bad,
                    });
                }
                password = Some(Span::new(pstart, pstart + p.len()));
            }
            i = at + 1;
        }

        // host
        let host_start = i;
        let host_kind;
        if b.get(i) == Some(&b'[') {
            let close = memchr::memchr(b']', &b[i..]).ok_or(UriError::Host { offset: i })? + i;
            let inner = &s[i + 1..close];
            parse_ipv6(inner).ok_or(UriError::Host { offset: i })?;
            host_kind = HostKind::Ipv6;
            i = close + 1;
        } else {
            let end = b[i..]
                .iter()
                .position(|&c| matches!(c, b':' | b';' | b'?'))
                .map_or(b.len(), |p| p + i);
            host_kind =
                match classify_host_reference(&s[i..end]).ok_or(UriError::Host { offset: i })? {
                    Host::Ipv4(_) => HostKind::Ipv4,
                    Host::Domain(_) | Host::Ipv6(_) => HostKind::Domain,
                };
            i = end;
        }
        let host = Span::new(host_start, i);

        // port
        let mut port = None;
        if b.get(i) == Some(&b':') {
            let start = i + 1;
            let end = b[start..]
                .iter()
                .position(|c| !c.is_ascii_digit())
                .map_or(b.len(), |p| p + start);
            let digits = &s[start..end];
            if digits.is_empty() || digits.len() > 5 {
                return Err(UriError::Port { offset: start });
            }
            port = Some(u16::from_str(digits).map_err(|_| UriError::Port { offset: start })?);
            i = end;
        }

        // parameters: each `;` before the headers starts one (neither a
        // parameter nor a header holds a `;`), counted to size the list.
        let params_end = memchr::memchr(b'?', &b[i..]).map_or(b.len(), |p| p + i);
        let count = memchr::memchr_iter(b';', &b[i..params_end]).count();
        let mut params: Vec<(Span, Option<Span>)> = Vec::with_capacity(count.min(MAX_PARAMS));
        while b.get(i) == Some(&b';') {
            let start = i + 1;
            let end = b[start..]
                .iter()
                .position(|&c| c == b';' || c == b'?')
                .map_or(b.len(), |p| p + start);
            let item = &s[start..end];
            let (name, value) = match item.find('=') {
                Some(eq) => (&item[..eq], Some((start + eq + 1, &item[eq + 1..]))),
                None => (item, None),
            };
            if name.is_empty() || first_outside(name, &PARAM).is_some() {
                return Err(UriError::Param { offset: start });
            }
            let vspan = match value {
                Some((vs, v)) => {
                    if v.is_empty() || first_outside(v, &PARAM).is_some() {
                        return Err(UriError::Param { offset: start });
                    }
                    Some(Span::new(vs, vs + v.len()))
                }
                None => None,
            };
            if params.len() >= MAX_PARAMS {
                return Err(UriError::TooManyParams);
            }
            if params
                .iter()
                .any(|(n, _)| escape::component_eq_ic(n.of(s), name))
            {
                return Err(UriError::DuplicateParam { offset: start });
            }
            params.push((Span::new(start, start + name.len()), vspan));
            i = end;
        }

        // headers: one more than the `&` after the `?`.
        let mut headers = Vec::new();
        if b.get(i) == Some(&b'?') {
            let count = memchr::memchr_iter(b'&', &b[i..]).count() + 1;
            headers.reserve_exact(count.min(MAX_PARAMS));
            let mut start = i + 1;
            loop {
                let end = memchr::memchr(b'&', &b[start..]).map_or(b.len(), |p| p + start);
                let item = &s[start..end];
                let eq = item.find('=').ok_or(UriError::Header { offset: start })?;
                let (name, value) = (&item[..eq], &item[eq + 1..]);
                if name.is_empty()
                    || first_outside(name, &HEADER).is_some()
                    || first_outside(value, &HEADER).is_some()
                {
                    return Err(UriError::Header { offset: start });
                }
                if headers.len() >= MAX_PARAMS {
                    return Err(UriError::TooManyParams);
                }
                headers.push((Span::new(start, start + eq), Span::new(start + eq + 1, end)));
                if end == b.len() {
                    break;
                }
                start = end + 1;
            }
            i = b.len();
        }
        if i != b.len() {
            return Err(UriError::Param { offset: i });
        }
        Ok(SipUri {
            raw: Box::default(),
            secure,
            user,
            password,
            host,
            host_kind,
            port,
            params: match params.len() {
                0 => ParamSpans::Zero,
                1 => ParamSpans::One(params[0]),
                _ => ParamSpans::Many(params.into_boxed_slice()),
            },
            headers: headers.into_boxed_slice(),
        })
    }

    /// The common cases are assembled directly, without a parse.
    #[test]
    fn from_parts_assembles_common_uris() {
        let none = std::iter::empty::<(&str, Option<&str>)>;
        let no_headers = std::iter::empty::<(&str, &str)>;
        for (user, host, params) in [
            (Some("juliet"), "example.com", vec![]),
            (
                Some("o'malley"),
                "example.net",
                vec![("gr", Some("balcony"))],
            ),
            (
                None,
                "192.0.2.4",
                vec![("lr", None), ("transport", Some("tcp"))],
            ),
            (Some("a b"), "2001:db8::1", vec![]),
            (Some("x"), "[2001:db8::1]", vec![("gr", Some("urn:uuid:1"))]),
        ] {
            let d = SipUri::from_valid_parts(
                false,
                user,
                None,
                host,
                Some(5060),
                params.iter().copied(),
                no_headers(),
            )
            .unwrap_or_else(|| panic!("{host}"));
            assert_eq!(SipUri::parse(d.as_str()), Ok(d.clone()));
        }
        assert!(
            SipUri::from_valid_parts(false, Some(""), None, "a.b", None, none(), no_headers())
                .is_none()
        );
        assert!(
            SipUri::from_valid_parts(false, None, None, "a@b", None, none(), no_headers())
                .is_none()
        );
    }

    fn host_strategy() -> impl proptest::strategy::Strategy<Value = String> {
        use proptest::prelude::*;
        prop_oneof![
            "[a-zA-Z0-9_.-]{0,12}",
            "[0-9.]{0,16}",
            "(([0-9]{1,3})\\.){3}[0-9]{1,3}",
            Just("2001:db8::1".to_owned()),
            Just("[2001:db8::1]".to_owned()),
            Just("[::ffff:192.0.2.1".to_owned()),
            Just("2001:db8:::192.0.2.1".to_owned()),
            Just("a@b".to_owned()),
            Just("b;lr".to_owned()),
            Just("h?x=1".to_owned()),
            Just("[v1.x]".to_owned()),
            ".{0,6}",
        ]
    }

    /// URI text from the characters of each component, with the bytes
    /// that end or break them, the forms the common reading leaves to the
    /// general one among them.
    fn uri_text_strategy() -> impl proptest::strategy::Strategy<Value = String> {
        use proptest::prelude::*;
        (
            "sip:|sips:|SIP:|sIpS:",
            proptest::option::of("[a-zA-Z0-9.!~*'()&=+$,;?/_%:@\"-]{0,8}@"),
            host_strategy(),
            proptest::option::of(":[0-9]{0,7}[x;?]?"),
            "(;[a-zA-Z0-9=%;?:@\\[\\]-]{0,6}){0,3}",
            proptest::option::of("\\?[a-z=&%?]{0,8}"),
            proptest::option::of("[ \\t\\x00\\x7f\\u{e9}%@\\[]"),
            0usize..40,
        )
            .prop_map(|(scheme, userinfo, host, port, params, headers, odd, at)| {
                let mut s = format!(
                    "{scheme}{}{host}{}{params}{}",
                    userinfo.unwrap_or_default(),
                    port.unwrap_or_default(),
                    headers.unwrap_or_default()
                );
                if let Some(odd) = odd {
                    let at = (0..=at.min(s.len()))
                        .rev()
                        .find(|&i| s.is_char_boundary(i))
                        .unwrap_or(0);
                    s.insert_str(at, &odd);
                }
                s
            })
    }

    #[test]
    fn common_head_cases() {
        for s in [
            "sip:juliet@example.com",
            "sip:romeo@example.net:5060;transport=tcp",
            "sip:example.com",
            "sip:192.0.2.4:65535",
            "sip:192.0.2.4:65536",
            "sip:a@b:123456",
            "sip:a@b:",
            "sip:a@256.0.0.1",
            "sip:a@1.2.3",
            "sip:a@example.com.",
            "sip:a@example.com..",
            "sip:a@-example.com",
            "sip:a@example-.com",
            "sip:a@example.com-",
            "sip:a@.",
            "sip:@example.com",
            "sip:a:b@example.com",
            "sip:a@b@c",
            "sip:a@b?x=@",
            "sip:a@b;x=@",
            "sip:a@[2001:db8::1]",
            "sip:a@_x.com",
            "sip:a@x._com",
            "sip:a@x.1com",
            "sip:a@ex/ample.com",
            "sip:%61@b",
            "sip:a b@c",
        ] {
            let b = s.as_bytes();
            let i = if b[3] == b':' { 4 } else { 5 };
            if let Some(h) = Head::common(b, i) {
                assert_eq!(Ok(h), Head::general(s, i), "{s}");
            }
            assert_eq!(SipUri::scan(s), scan_reference(s), "{s}");
        }
        // The usual forms take the common reading.
        for s in [
            "sip:juliet@example.com",
            "sip:romeo@example.net:5060;transport=tcp",
            "sip:192.0.2.4:65535",
            "sip:a@example.com.",
            "sip:a@x.y?h=v",
        ] {
            assert!(Head::common(s.as_bytes(), 4).is_some(), "{s}");
        }
    }

    proptest::proptest! {
        /// The scheme test is the case-insensitive comparison.
        #[test]
        fn sip_scheme_is_reference(s in "[sSiIpP:\\x13\\x1a\\x09\\x10]{0,6}|(sips?|SIPS?|sIp):.{0,3}") {
            let b = s.as_bytes();
            let want = if b.len() >= 4 && b[..4].eq_ignore_ascii_case(b"sip:") {
                Some((false, 4))
            } else if b.len() >= 5 && b[..5].eq_ignore_ascii_case(b"sips:") {
                Some((true, 5))
            } else {
                None
            };
            proptest::prop_assert_eq!(sip_scheme(b), want);
        }

        /// The word-at-a-time test is its definition.
        #[test]
        fn plain_and_at_is_its_definition(
            b in proptest::collection::vec(
                proptest::prop_oneof![
                    0x1fu8..0x82,
                    proptest::strategy::Just(b'%'),
                    proptest::strategy::Just(b'@'),
                    proptest::num::u8::ANY,
                ],
                0..30,
            ),
        ) {
            let plain = b.iter().all(|&c| (0x21..=0x7e).contains(&c) && c != b'%');
            proptest::prop_assert_eq!(plain_and_at(&b), (plain, b.contains(&b'@')));
        }

        /// The common reading of the head gives what the general one
        /// gives, when it gives anything.
        #[test]
        fn common_head_is_general(s in uri_text_strategy()) {
            let b = s.as_bytes();
            for i in [4, 5] {
                if let Some(h) = Head::common(b, i) {
                    proptest::prop_assert_eq!(Ok(h), Head::general(&s, i), "{}", s);
                }
            }
            proptest::prop_assert_eq!(SipUri::scan(&s), scan_reference(&s), "{}", s);
        }

        /// The host read and classified in one pass is the one
        /// [`host_kind`] classifies.
        #[test]
        fn common_host_is_host_kind(
            h in "[0-9a-zA-Z._-]{0,20}|[0-9.]{0,18}|([a-z0-9_-]{1,70}\\.){0,2}[a-z0-9-]{1,4}\\.?|[a-z.-]{60,66}",
            end in "|:|;|\\?|/|@| ",
        ) {
            let s = format!("{h}{end}");
            let want = if matches!(end.as_str(), "" | ":" | ";" | "?") {
                host_kind(h.as_bytes()).map(|k| (k, h.len()))
            } else {
                None
            };
            match common_host(s.as_bytes(), 0) {
                Some(got) => proptest::prop_assert_eq!(Some(got), want),
                // Left to the general reading: a long host, or one it
                // refuses.
                None => proptest::prop_assert!(want.is_none() || h.len() > 63),
            }
        }

        /// A host that ends where a reader with its own end bytes ends it
        /// is valid exactly when `is_valid_host` says so.
        #[test]
        fn plain_host_end_is_valid_host(
            h in "[0-9a-zA-Z._-]{0,20}|[0-9.]{0,18}|([a-z0-9_-]{1,70}\\.){0,2}[a-z0-9-]{1,4}\\.?|[a-z.-]{60,66}",
            end in "|:|;| |,|\\t",
        ) {
            let s = format!("{h}{end}");
            match plain_host_end(s.as_bytes(), 0) {
                Some(e) => {
                    proptest::prop_assert_eq!(e, h.len());
                    proptest::prop_assert!(is_valid_host(&h));
                }
                None => proptest::prop_assert!(!is_valid_host(&h) || h.len() > 63),
            }
        }

        /// The one-pass host classification agrees with the reference.
        #[test]
        fn host_kind_is_reference(h in "[0-9a-zA-Z._-]{0,20}|[0-9.]{0,18}|.{0,8}|([a-z0-9_-]{1,70}\\.){0,2}[a-z0-9-]{1,4}\\.?|[a-z.-]{60,66}") {
            proptest::prop_assert_eq!(classify_host(&h), classify_host_reference(&h));
        }

        /// The reader gives what the reference reader gives, errors
        /// included.
        #[test]
        fn scan_is_reference(
            scheme in "sip:|sips:|SIP:|sipx:|sip",
            userinfo in proptest::option::of("[a-z0-9:;?&=+$,%\"@~-]{0,8}@"),
            host in host_strategy(),
            port in proptest::option::of(":[0-9]{0,6}x?"),
            params in "(;[a-zA-Z0-9=%;?:@\\[\\]-]{0,6}){0,4}",
            headers in proptest::option::of("\\?[a-z=&%?]{0,8}"),
        ) {
            let s = format!(
                "{scheme}{}{host}{}{params}{}",
                userinfo.unwrap_or_default(),
                port.unwrap_or_default(),
                headers.unwrap_or_default()
            );
            proptest::prop_assert_eq!(SipUri::scan(&s), scan_reference(&s), "{}", s);
        }

        /// A URI assembled from its parts equals the parse of the text
        /// written from them, and the same parts give the same refusal.
        #[test]
        fn from_parts_is_parse_of_text(
            secure: bool,
            user in proptest::option::of(".{0,6}"),
            password in proptest::option::of(".{0,4}"),
            host in host_strategy(),
            port in proptest::option::of(proptest::num::u16::ANY),
            params in proptest::collection::vec(
                ("[a-zA-Z;=?%]{0,4}|gr|lr|.{0,3}", proptest::option::of(".{0,5}")),
                0..4,
            ),
            headers in proptest::collection::vec(("[a-z&=]{0,3}", ".{0,4}"), 0..3),
        ) {
            let fast = SipUri::from_parts(
                secure,
                user.as_deref(),
                password.as_deref(),
                &host,
                port,
                params.iter().map(|(n, v)| (n.as_str(), v.as_deref())),
                headers.iter().map(|(n, v)| (n.as_str(), v.as_str())),
            );
            let slow = from_parts_by_parsing(
                secure,
                user.as_deref(),
                password.as_deref(),
                &host,
                port,
                &params,
                &headers,
            );
            proptest::prop_assert_eq!(&fast, &slow);
            let direct = SipUri::from_valid_parts(
                secure,
                user.as_deref(),
                password.as_deref(),
                &host,
                port,
                params.iter().map(|(n, v)| (n.as_str(), v.as_deref())),
                headers.iter().map(|(n, v)| (n.as_str(), v.as_str())),
            );
            if let Some(d) = direct {
                proptest::prop_assert_eq!(Ok(&d), slow.as_ref());
            }
            if let Ok(u) = &fast {
                let again = SipUri::parse(u.as_str());
                proptest::prop_assert_eq!(Ok(u), again.as_ref());
            }
        }
    }
}
