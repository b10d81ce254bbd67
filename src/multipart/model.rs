//! Owned model of a multipart body (RFC 2046 §5.1) and its constructors.
//!
//! Every field is private so that the invariants the writer relies on
//! hold for every value: header fields carry no line breaks, a byte body
//! never has a `multipart/*` content type, a nested multipart's
//! `Content-Type` header matches it, and the boundary occurs in no part.
//! Together they make `parse(write(x)) == x`.

use std::fmt;

use memchr::memmem;

use crate::grammar::{eq_ic, trim_wsp};
use crate::mime::{MediaType, MediaTypeError};
use crate::params::Param;

use super::error::{BoundaryFault, HeaderFault, MultipartError};

/// Longest boundary RFC 2046 §5.1.1 allows, in bytes.
pub const MAX_BOUNDARY_LEN: usize = 70;

/// Length of the boundaries [`Boundary::generate`] makes.
const GENERATED_BOUNDARY_LEN: usize = 32;

/// Candidates [`Boundary::generate`] tries before giving up.
const GENERATE_ATTEMPTS: usize = 16;

/// Characters of generated boundaries: all of them are RFC 2046 `bchars`
/// and RFC 3261 `token` characters, so the `boundary` parameter needs no
/// quoting.
const BOUNDARY_ALPHABET: &[u8; 62] =
    b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

/// The `Content-Type` header field name.
pub(crate) const CONTENT_TYPE: &str = "Content-Type";

/// RFC 2046 §5.1.1 `bcharsnospace`.
const fn is_bchar_nospace(b: u8) -> bool {
    b.is_ascii_alphanumeric()
        || matches!(
            b,
            b'\'' | b'(' | b')' | b'+' | b'_' | b',' | b'-' | b'.' | b'/' | b':' | b'=' | b'?'
        )
}

/// Checks `s` against RFC 2046 §5.1.1 `boundary := 0*69<bchars>
/// bcharsnospace`.
pub(crate) fn check_boundary(s: &str) -> Result<(), BoundaryFault> {
    let b = s.as_bytes();
    if b.is_empty() {
        return Err(BoundaryFault::Empty);
    }
    if b.len() > MAX_BOUNDARY_LEN {
        return Err(BoundaryFault::TooLong { len: b.len() });
    }
    if let Some(index) = b.iter().position(|&c| !(is_bchar_nospace(c) || c == b' ')) {
        return Err(BoundaryFault::BadChar { index });
    }
    if b.last() == Some(&b' ') {
        return Err(BoundaryFault::TrailingSpace);
    }
    Ok(())
}

/// A validated multipart boundary: 1 to 70 RFC 2046 `bchars`, not ending
/// in a space.
///
/// ```
/// use sip_xmpp::multipart::Boundary;
/// assert_eq!(Boundary::new("simple boundary")?.as_str(), "simple boundary");
/// assert!(Boundary::new("bad\r\nline").is_err());
/// assert!(Boundary::new("").is_err());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct Boundary(String);

impl Boundary {
    /// Validates `s` as a boundary.
    pub fn new(s: impl Into<String>) -> Result<Self, MultipartError> {
        let s = s.into();
        check_boundary(&s).map_err(|fault| MultipartError::InvalidBoundary {
            part_offset: None,
            fault,
        })?;
        Ok(Boundary(s))
    }

    /// A boundary derived from `seed` whose dash-boundary (`--` boundary)
    /// occurs in none of `parts` as they would be written.
    ///
    /// Sans-IO: the only entropy is the caller's `seed` (take it from the
    /// per-instance RNG). Safety does not depend on the seed being secret,
    /// because every candidate is checked against the content; a different
    /// seed only gives a different boundary. Candidates are 32 ASCII
    /// letters and digits.
    ///
    /// ```
    /// use sip_xmpp::multipart::{Boundary, Part};
    /// use sip_xmpp::MediaType;
    /// let part = Part::with_content_type(&MediaType::new("text", "plain"), "hi")?;
    /// let b = Boundary::generate(7, &[part])?;
    /// assert_eq!(b, Boundary::generate(7, &[])?);
    /// assert_eq!(b.as_str().len(), 32);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn generate(seed: u64, parts: &[Part]) -> Result<Self, MultipartError> {
        generate_for(seed, None, parts)
    }

    /// The boundary text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// `--` followed by the boundary: what starts every delimiter line.
    pub(crate) fn dash(&self) -> Vec<u8> {
        let mut d = Vec::with_capacity(self.0.len().saturating_add(2));
        d.extend_from_slice(b"--");
        d.extend_from_slice(self.0.as_bytes());
        d
    }
}

impl fmt::Debug for Boundary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&self.0, f)
    }
}

impl fmt::Display for Boundary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl AsRef<str> for Boundary {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

/// SplitMix64 (Steele, Lea, Flood 2014): a tiny deterministic generator,
/// enough to spread a seed over boundary characters.
struct SplitMix64(u64);

impl SplitMix64 {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
}

/// Generates a boundary absent from the preamble and the parts.
pub(crate) fn generate_for(
    seed: u64,
    preamble: Option<&[u8]>,
    parts: &[Part],
) -> Result<Boundary, MultipartError> {
    let mut rng = SplitMix64(seed);
    for _ in 0..GENERATE_ATTEMPTS {
        let s: String = (0..GENERATED_BOUNDARY_LEN)
            .map(|_| {
                let i = usize::try_from(rng.next() % 62).unwrap_or(0);
                char::from(BOUNDARY_ALPHABET.get(i).copied().unwrap_or(b'0'))
            })
            .collect();
        let candidate = Boundary(s);
        if check_content(&candidate, preamble, parts).is_ok() {
            return Ok(candidate);
        }
    }
    Err(MultipartError::BoundaryGenerationFailed {
        attempts: GENERATE_ATTEMPTS,
    })
}

/// Checks that the dash-boundary of `boundary` occurs neither in the
/// preamble nor in any part as it would be written.
pub(crate) fn check_content(
    boundary: &Boundary,
    preamble: Option<&[u8]>,
    parts: &[Part],
) -> Result<(), MultipartError> {
    let dash = boundary.dash();
    let finder = memmem::Finder::new(&dash);
    let mut scratch = Vec::new();
    if preamble.is_some_and(|p| finder.find(p).is_some()) {
        return Err(MultipartError::BoundaryInPreamble);
    }
    for (index, part) in parts.iter().enumerate() {
        if part_contains(part, &finder, &mut scratch) {
            return Err(MultipartError::BoundaryInPart { index });
        }
    }
    Ok(())
}

/// Whether `finder`'s needle occurs in `part` as written. The needle
/// (`--` boundary) holds no CR or LF, and the writer separates every
/// piece searched here (a header line, a body, a delimiter line, a
/// preamble or epilogue) from the next by a line break, so no occurrence
/// can straddle two pieces.
fn part_contains(part: &Part, finder: &memmem::Finder<'_>, scratch: &mut Vec<u8>) -> bool {
    for h in &part.headers {
        scratch.clear();
        h.write_line(scratch);
        if finder.find(scratch).is_some() {
            return true;
        }
    }
    match &part.body {
        PartBody::Bytes(b) => finder.find(b).is_some(),
        PartBody::Multipart(m) => multipart_contains(m, finder, scratch),
    }
}

fn multipart_contains(m: &Multipart, finder: &memmem::Finder<'_>, scratch: &mut Vec<u8>) -> bool {
    scratch.clear();
    scratch.extend_from_slice(&m.boundary.dash());
    scratch.extend_from_slice(b"--");
    if finder.find(scratch).is_some() {
        return true;
    }
    let in_bytes = |b: &Option<Vec<u8>>| b.as_deref().is_some_and(|b| finder.find(b).is_some());
    in_bytes(&m.preamble)
        || in_bytes(&m.epilogue)
        || m.parts.iter().any(|p| part_contains(p, finder, scratch))
}

/// RFC 5322 §2.2 `ftext`: printable US-ASCII except `:`; and not
/// starting with `--`.
///
/// The `--` rule is ours: the writer normalises a header line to
/// `Name: value`, and for a boundary holding `: ` a line such as
/// `--a:b` would come out as the delimiter `--a: b`. No real field name
/// starts with `--`, and with the rule no written header line can ever
/// be taken for a delimiter of any level.
pub(crate) fn check_name(name: &[u8]) -> Result<(), HeaderFault> {
    if !name.is_empty()
        && !name.starts_with(b"--")
        && name.iter().all(|&b| (33..=126).contains(&b) && b != b':')
    {
        Ok(())
    } else {
        Err(HeaderFault::BadName)
    }
}

/// A header value may hold HTAB but no other control character; in
/// particular no CR or LF.
pub(crate) fn check_value(value: &[u8]) -> Result<(), HeaderFault> {
    if value.iter().any(|&b| (b < 0x20 && b != b'\t') || b == 0x7f) {
        Err(HeaderFault::ControlChar)
    } else {
        Ok(())
    }
}

/// One header field of a body part, with its name as written.
///
/// The value is held unfolded and without leading or trailing SP/HTAB.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Header {
    name: String,
    value: String,
}

impl Header {
    /// A header field. The name must be printable US-ASCII without `:`
    /// (RFC 5322 `ftext`) and not start with `--`; the value may not hold control characters other
    /// than HTAB (so never CR or LF: no header injection) and is trimmed of
    /// SP/HTAB on both sides, as the parser would trim it.
    ///
    /// ```
    /// use sip_xmpp::multipart::Header;
    /// let h = Header::new("Content-ID", " <a@b> ")?;
    /// assert_eq!(h.value(), "<a@b>");
    /// assert!(Header::new("X-Evil", "a\r\nContent-Type: text/html").is_err());
    /// assert!(Header::new("Bad Name", "x").is_err());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn new(name: impl Into<String>, value: impl Into<String>) -> Result<Self, MultipartError> {
        let name = name.into();
        let value = value.into();
        check_name(name.as_bytes()).map_err(|fault| MultipartError::InvalidHeader { fault })?;
        check_value(value.as_bytes()).map_err(|fault| MultipartError::InvalidHeader { fault })?;
        let trimmed = trim_wsp(&value);
        let value = if trimmed.len() == value.len() {
            value
        } else {
            trimmed.to_owned()
        };
        Ok(Header { name, value })
    }

    /// Builds a header whose name and value were already checked.
    pub(crate) fn from_checked(name: String, value: String) -> Self {
        Header { name, value }
    }

    /// The field name as written (compare case-insensitively).
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The field value, unfolded and trimmed.
    pub fn value(&self) -> &str {
        &self.value
    }

    /// Whether the field is called `name` (case-insensitive).
    pub fn is(&self, name: &str) -> bool {
        eq_ic(&self.name, name)
    }
}

/// The body of a body part.
#[derive(Clone, PartialEq, Eq)]
pub enum PartBody {
    /// Any content that is not `multipart/*`, as bytes (possibly binary).
    Bytes(Vec<u8>),
    /// A nested `multipart/*` body, parsed.
    Multipart(Multipart),
}

impl fmt::Debug for PartBody {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PartBody::Bytes(b) => f.debug_tuple("Bytes").field(&ByteStr(b)).finish(),
            PartBody::Multipart(m) => f.debug_tuple("Multipart").field(m).finish(),
        }
    }
}

/// Shows bytes as an escaped byte string literal.
pub(crate) struct ByteStr<'a>(pub(crate) &'a [u8]);

impl fmt::Debug for ByteStr<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "b\"{}\"", self.0.escape_ascii())
    }
}

/// One body part: header fields in order, then a body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Part {
    headers: Vec<Header>,
    body: PartBody,
}

/// Whether the first `Content-Type` field of `headers` names a
/// `multipart/*` type. This is exactly the test the parser uses to decide
/// whether to parse a part's body as a nested multipart.
pub(crate) fn declares_multipart(headers: &[Header]) -> bool {
    headers
        .iter()
        .find(|h| h.is(CONTENT_TYPE))
        .and_then(|h| MediaType::parse(&h.value).ok())
        .is_some_and(|m| m.is_type("multipart"))
}

/// Writes `mt` and parses it back so that the media type kept equals the
/// one a parser will read from the written `Content-Type` value.
pub(crate) fn normalize(mt: &MediaType<'_>) -> Result<MediaType<'static>, MultipartError> {
    let text = mt.to_string();
    check_value(text.as_bytes()).map_err(|_| MultipartError::UnwritableMediaType)?;
    let parsed = MediaType::parse(&text)
        .map_err(|_| MultipartError::UnwritableMediaType)?
        .into_owned();
    if parsed.to_string() != text {
        return Err(MultipartError::UnwritableMediaType);
    }
    Ok(parsed)
}

impl Part {
    /// A part with a byte body. Fails with
    /// [`MultipartError::MultipartContentType`] when the first
    /// `Content-Type` field is `multipart/*`: use
    /// [`Part::from_multipart`] for those.
    pub fn new(
        headers: impl IntoIterator<Item = Header>,
        body: impl Into<Vec<u8>>,
    ) -> Result<Self, MultipartError> {
        let headers: Vec<Header> = headers.into_iter().collect();
        if declares_multipart(&headers) {
            return Err(MultipartError::MultipartContentType);
        }
        Ok(Part {
            headers,
            body: PartBody::Bytes(body.into()),
        })
    }

    /// A part with only a `Content-Type` field and a byte body.
    ///
    /// ```
    /// use sip_xmpp::multipart::Part;
    /// use sip_xmpp::MediaType;
    /// let p = Part::with_content_type(&MediaType::new("application", "sdp"), "v=0\r\n")?;
    /// assert_eq!(p.header("content-type"), Some("application/sdp"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn with_content_type(
        content_type: &MediaType<'_>,
        body: impl Into<Vec<u8>>,
    ) -> Result<Self, MultipartError> {
        let mt = normalize(content_type)?;
        Part::new(
            [Header::from_checked(
                CONTENT_TYPE.to_owned(),
                mt.to_string(),
            )],
            body,
        )
    }

    /// A part holding a nested multipart. Any `Content-Type` field in
    /// `headers` is replaced by one written from the multipart's media
    /// type (at the place of the first one, or first when there was
    /// none), so the header always matches the body.
    pub fn from_multipart(headers: impl IntoIterator<Item = Header>, body: Multipart) -> Self {
        let mut headers: Vec<Header> = headers.into_iter().collect();
        let at = headers.iter().position(|h| h.is(CONTENT_TYPE)).unwrap_or(0);
        headers.retain(|h| !h.is(CONTENT_TYPE));
        let ct = Header::from_checked(CONTENT_TYPE.to_owned(), body.media_type.to_string());
        headers.insert(at.min(headers.len()), ct);
        Part {
            headers,
            body: PartBody::Multipart(body),
        }
    }

    /// Builds a part whose invariants the caller (the parser) upholds.
    pub(crate) fn from_checked(headers: Vec<Header>, body: PartBody) -> Self {
        Part { headers, body }
    }

    /// The header fields in order, with their names as written.
    pub fn headers(&self) -> &[Header] {
        &self.headers
    }

    /// The value of the first field called `name` (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|h| h.is(name))
            .map(|h| h.value.as_str())
    }

    /// The values of every field called `name` (case-insensitive), in
    /// order.
    pub fn header_all<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        self.headers
            .iter()
            .filter(move |h| h.is(name))
            .map(|h| h.value.as_str())
    }

    /// The first `Content-Type`, parsed; `None` when the part has none
    /// (RFC 2045 §5.2 then implies `text/plain`, see
    /// [`Multipart::find`]).
    pub fn content_type(&self) -> Option<Result<MediaType<'_>, MediaTypeError>> {
        self.header(CONTENT_TYPE).map(MediaType::parse)
    }

    /// The raw `Content-ID` value, angle brackets included (RFC 2045 §7).
    pub fn content_id(&self) -> Option<&str> {
        self.header("Content-ID")
    }

    /// The raw `Content-Disposition` value (RFC 2183, RFC 3261 §20.11),
    /// e.g. `render;handling=optional`.
    pub fn content_disposition(&self) -> Option<&str> {
        self.header("Content-Disposition")
    }

    /// The body.
    pub fn body(&self) -> &PartBody {
        &self.body
    }

    /// The body bytes, unless the body is a nested multipart.
    pub fn bytes(&self) -> Option<&[u8]> {
        match &self.body {
            PartBody::Bytes(b) => Some(b),
            PartBody::Multipart(_) => None,
        }
    }

    /// The nested multipart, if the body is one.
    pub fn multipart(&self) -> Option<&Multipart> {
        match &self.body {
            PartBody::Multipart(m) => Some(m),
            PartBody::Bytes(_) => None,
        }
    }

    /// Takes the part apart into its header fields and body.
    pub fn into_parts(self) -> (Vec<Header>, PartBody) {
        (self.headers, self.body)
    }
}

/// A multipart body (RFC 2046 §5.1): a media type with its boundary,
/// an optional preamble, one or more body parts and an optional epilogue.
///
/// Preamble and epilogue carry no parts; they are kept so that writing
/// reproduces them. `preamble() == None` means the body starts with the
/// first delimiter; `Some(p)` means `p` then CRLF come first.
/// `epilogue() == None` means the body ends right after the close
/// delimiter; `Some(e)` means CRLF and `e` follow it (so `Some(b"")` is
/// a body ending in `--boundary--` CRLF).
#[derive(Clone, PartialEq, Eq)]
pub struct Multipart {
    pub(crate) media_type: MediaType<'static>,
    pub(crate) boundary: Boundary,
    pub(crate) preamble: Option<Vec<u8>>,
    pub(crate) parts: Vec<Part>,
    pub(crate) epilogue: Option<Vec<u8>>,
}

impl fmt::Debug for Multipart {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Multipart")
            .field("media_type", &format_args!("{}", self.media_type))
            .field("boundary", &self.boundary)
            .field("preamble", &self.preamble.as_deref().map(ByteStr))
            .field("parts", &self.parts)
            .field("epilogue", &self.epilogue.as_deref().map(ByteStr))
            .finish()
    }
}

impl Multipart {
    /// Starts building a `multipart/<subtype>` body.
    ///
    /// ```
    /// use sip_xmpp::multipart::{Multipart, Part};
    /// use sip_xmpp::MediaType;
    /// let m = Multipart::builder("alternative")
    ///     .boundary("b1")
    ///     .part(Part::with_content_type(&MediaType::new("text", "plain"), "hi")?)
    ///     .build()?;
    /// assert_eq!(m.media_type().to_string(), "multipart/alternative;boundary=b1");
    /// assert_eq!(
    ///     m.to_bytes(),
    ///     b"--b1\r\nContent-Type: text/plain\r\n\r\nhi\r\n--b1--\r\n".to_vec()
    /// );
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn builder(subtype: impl Into<String>) -> MultipartBuilder {
        MultipartBuilder {
            subtype: subtype.into(),
            params: Vec::new(),
            boundary: None,
            seed: 0,
            preamble: None,
            parts: Vec::new(),
            epilogue: Some(Vec::new()),
        }
    }

    /// The media type to send as the `Content-Type` of this body: always
    /// `multipart/*` with a `boundary` parameter equal to
    /// [`boundary`](Self::boundary).
    pub fn media_type(&self) -> &MediaType<'static> {
        &self.media_type
    }

    /// The subtype (`mixed`, `alternative`, `related`, ...) as written.
    pub fn subtype(&self) -> &str {
        &self.media_type.subtype
    }

    /// The boundary.
    pub fn boundary(&self) -> &Boundary {
        &self.boundary
    }

    /// The preamble, if the body has one.
    pub fn preamble(&self) -> Option<&[u8]> {
        self.preamble.as_deref()
    }

    /// The epilogue, if the close delimiter is followed by a line break.
    pub fn epilogue(&self) -> Option<&[u8]> {
        self.epilogue.as_deref()
    }

    /// The body parts in order.
    pub fn parts(&self) -> &[Part] {
        &self.parts
    }

    /// Iterates over the body parts in order.
    pub fn iter(&self) -> std::slice::Iter<'_, Part> {
        self.parts.iter()
    }

    /// Number of body parts at this level.
    pub fn len(&self) -> usize {
        self.parts.len()
    }

    /// Whether there are no body parts (never true for a parsed or built
    /// multipart; present for API symmetry).
    pub fn is_empty(&self) -> bool {
        self.parts.is_empty()
    }

    /// Takes the body parts.
    pub fn into_parts(self) -> Vec<Part> {
        self.parts
    }

    /// Appends a part, checking that the boundary does not occur in it.
    pub fn push_part(&mut self, part: Part) -> Result<(), MultipartError> {
        check_content(&self.boundary, None, std::slice::from_ref(&part)).map_err(|e| match e {
            MultipartError::BoundaryInPart { .. } => MultipartError::BoundaryInPart {
                index: self.parts.len(),
            },
            other => other,
        })?;
        self.parts.push(part);
        Ok(())
    }

    /// Whether `part`, a part of this multipart, is of media type
    /// `ty/subtype` (case-insensitive). A part without a `Content-Type`,
    /// or with one that does not parse, has the default type of RFC 2045
    /// §5.2 and RFC 2046 §5.1.5: `message/rfc822` inside
    /// `multipart/digest`, `text/plain` elsewhere.
    fn part_is(&self, part: &Part, ty: &str, subtype: &str) -> bool {
        match part.content_type() {
            Some(Ok(mt)) => mt.is(ty, subtype),
            _ if eq_ic(&self.media_type.subtype, "digest") => {
                eq_ic(ty, "message") && eq_ic(subtype, "rfc822")
            }
            _ => eq_ic(ty, "text") && eq_ic(subtype, "plain"),
        }
    }

    /// The first part at this level of media type `ty/subtype`
    /// (case-insensitive, parameters ignored; untyped parts count as
    /// `text/plain`, see RFC 2045 §5.2). For example the `text/plain`
    /// alternative of a `multipart/alternative`.
    pub fn find(&self, ty: &str, subtype: &str) -> Option<&Part> {
        self.parts.iter().find(|p| self.part_is(p, ty, subtype))
    }

    /// Like [`find`](Self::find), but also searches nested multiparts,
    /// depth first in document order (a nested multipart part is tested
    /// itself before its parts). For example the `application/pidf+xml`
    /// part of a `multipart/related` inside a `multipart/mixed`.
    pub fn find_deep(&self, ty: &str, subtype: &str) -> Option<&Part> {
        // An explicit stack: no recursion, however deep the nesting.
        let mut stack: Vec<(&Multipart, std::slice::Iter<'_, Part>)> = vec![(self, self.iter())];
        while let Some((level, iter)) = stack.last_mut() {
            let level: &Multipart = level;
            match iter.next() {
                Some(p) => {
                    if level.part_is(p, ty, subtype) {
                        return Some(p);
                    }
                    if let PartBody::Multipart(m) = &p.body {
                        stack.push((m, m.iter()));
                    }
                }
                None => {
                    stack.pop();
                }
            }
        }
        None
    }

    /// The root part of a `multipart/related` body (RFC 2387 §3.2): the
    /// part whose `Content-ID` equals the `start` parameter, or the first
    /// part when there is no `start`. Angle brackets around either side
    /// are ignored in the comparison.
    pub fn related_root(&self) -> Option<&Part> {
        let strip = |s: &str| {
            let s = trim_wsp(s);
            s.strip_prefix('<')
                .and_then(|x| x.strip_suffix('>'))
                .unwrap_or(s)
                .to_owned()
        };
        match self.media_type.params.value("start") {
            None => self.parts.first(),
            Some(start) => {
                let start = strip(start);
                self.parts
                    .iter()
                    .find(|p| p.content_id().is_some_and(|id| strip(id) == start))
            }
        }
    }
}

impl<'a> IntoIterator for &'a Multipart {
    type Item = &'a Part;
    type IntoIter = std::slice::Iter<'a, Part>;
    fn into_iter(self) -> Self::IntoIter {
        self.parts.iter()
    }
}

/// Builds a new [`Multipart`]; see [`Multipart::builder`].
///
/// Without [`boundary`](Self::boundary), [`build`](Self::build) generates
/// one from [`seed`](Self::seed) (default 0) that occurs nowhere in the
/// content. By default the body ends with CRLF after the close delimiter
/// (an empty epilogue); [`no_epilogue`](Self::no_epilogue) drops it.
#[derive(Debug, Clone)]
#[must_use]
pub struct MultipartBuilder {
    subtype: String,
    params: Vec<Param<'static>>,
    boundary: Option<String>,
    seed: u64,
    preamble: Option<Vec<u8>>,
    parts: Vec<Part>,
    epilogue: Option<Vec<u8>>,
}

impl MultipartBuilder {
    /// Adds a media type parameter, e.g. `type` and `start` of
    /// `multipart/related` (RFC 2387). A `boundary` parameter is ignored:
    /// use [`boundary`](Self::boundary).
    pub fn param(mut self, param: Param<'static>) -> Self {
        if !eq_ic(&param.name, "boundary") {
            self.params.retain(|p| !eq_ic(&p.name, &param.name));
            self.params.push(param);
        }
        self
    }

    /// Uses this boundary; [`build`](Self::build) fails if it is invalid
    /// or occurs in the content.
    pub fn boundary(mut self, boundary: impl Into<String>) -> Self {
        self.boundary = Some(boundary.into());
        self
    }

    /// Seed for the generated boundary (used when no explicit boundary is
    /// set).
    pub fn seed(mut self, seed: u64) -> Self {
        self.seed = seed;
        self
    }

    /// Sets the preamble (written before the first delimiter).
    pub fn preamble(mut self, preamble: impl Into<Vec<u8>>) -> Self {
        self.preamble = Some(preamble.into());
        self
    }

    /// Sets the epilogue (written after the close delimiter and a CRLF).
    pub fn epilogue(mut self, epilogue: impl Into<Vec<u8>>) -> Self {
        self.epilogue = Some(epilogue.into());
        self
    }

    /// Ends the body right after the close delimiter, without CRLF.
    pub fn no_epilogue(mut self) -> Self {
        self.epilogue = None;
        self
    }

    /// Appends a body part.
    pub fn part(mut self, part: Part) -> Self {
        self.parts.push(part);
        self
    }

    /// Appends body parts.
    pub fn parts(mut self, parts: impl IntoIterator<Item = Part>) -> Self {
        self.parts.extend(parts);
        self
    }

    /// Checks everything and builds the multipart.
    ///
    /// Fails with [`MultipartError::NoParts`] without parts,
    /// [`MultipartError::InvalidBoundary`] for a bad explicit boundary,
    /// [`MultipartError::BoundaryInPart`] or
    /// [`MultipartError::BoundaryInPreamble`] when the explicit boundary
    /// occurs in the content, and [`MultipartError::UnwritableMediaType`]
    /// when the subtype or a parameter cannot be written.
    pub fn build(self) -> Result<Multipart, MultipartError> {
        if self.parts.is_empty() {
            return Err(MultipartError::NoParts);
        }
        let boundary = match self.boundary {
            Some(b) => {
                let b = Boundary::new(b)?;
                check_content(&b, self.preamble.as_deref(), &self.parts)?;
                b
            }
            None => generate_for(self.seed, self.preamble.as_deref(), &self.parts)?,
        };
        let mut mt = MediaType::new("multipart", self.subtype);
        for p in self.params {
            mt.params.set(p);
        }
        mt.params
            .set(Param::token("boundary", boundary.as_str().to_owned()));
        let media_type = normalize(&mt)?;
        if !media_type.is_type("multipart")
            || media_type.params.value("boundary") != Some(boundary.as_str())
        {
            return Err(MultipartError::UnwritableMediaType);
        }
        Ok(Multipart {
            media_type,
            boundary,
            preamble: self.preamble,
            parts: self.parts,
            epilogue: self.epilogue,
        })
    }
}
