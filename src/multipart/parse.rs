//! Parser for multipart bodies (RFC 2046 §5.1.1 grammar, RFC 5621
//! message body handling).
//!
//! The parser frames a level with `memchr::memmem`, then parses each
//! part's header fields and either copies its body once or, for a
//! `multipart/*` part, parses the body slice in place as the next level.
//! Recursion depth equals nesting depth, which
//! [`max_multipart_depth`](crate::ParseLimits::max_multipart_depth) caps
//! before each level starts.

use memchr::{memchr, memmem};

use crate::grammar::{is_wsp, trim_wsp};
use crate::limits::ParseLimits;
use crate::mime::MediaType;

use super::error::{HeaderFault, MultipartError, MultipartLimit};
use super::model::{
    Boundary, CONTENT_TYPE, Header, Multipart, Part, PartBody, check_name, check_value, normalize,
};

/// `input[a..b]`, or an empty slice if the range is out of bounds (which
/// the framing logic never produces; the debug assertion says so).
fn slice(input: &[u8], a: usize, b: usize) -> &[u8] {
    debug_assert!(a <= b && b <= input.len(), "{a}..{b} of {}", input.len());
    input.get(a..b).unwrap_or_default()
}

/// `base + local` for error offsets.
fn at(base: usize, local: usize) -> usize {
    base.saturating_add(local)
}

/// The boundary parameter of a `multipart/*` media type, validated.
/// `part_offset` is `None` for the top level.
fn boundary_of(mt: &MediaType<'_>, part_offset: Option<usize>) -> Result<Boundary, MultipartError> {
    let b = mt
        .params
        .value("boundary")
        .ok_or(MultipartError::MissingBoundary { part_offset })?;
    Boundary::new(b).map_err(|e| match e {
        MultipartError::InvalidBoundary { fault, .. } => {
            MultipartError::InvalidBoundary { part_offset, fault }
        }
        other => other,
    })
}

impl Multipart {
    /// Parses a multipart body whose `Content-Type` is `content_type`.
    ///
    /// `content_type` must be `multipart/*` (any subtype) with a
    /// `boundary` parameter of 1-70 RFC 2046 `bchars`. Parts whose
    /// `Content-Type` is `multipart/*` are parsed recursively. Lines may
    /// end in CRLF or a bare LF; the line break before a delimiter belongs
    /// to the delimiter, not to the part; transport padding (SP/HTAB)
    /// after a boundary is skipped.
    ///
    /// Limits, all checked before the parser allocates for what they
    /// bound: `max_body_bytes` (the whole body), `max_multipart_parts`
    /// (parts per level), `max_multipart_depth` (the top-level multipart
    /// is depth 1, a multipart inside one of its parts depth 2, and so
    /// on; depth 1 allows no nesting), `max_headers` (fields per part)
    /// and `max_line_bytes` (one unfolded header field).
    ///
    /// ```
    /// use sip_xmpp::{MediaType, ParseLimits};
    /// use sip_xmpp::multipart::Multipart;
    /// let ct = MediaType::parse("multipart/alternative;boundary=b")?;
    /// let body = b"--b\r\nContent-Type: text/html\r\n\r\n<p>hi</p>\r\n\
    ///              --b\r\nContent-Type: text/plain\r\n\r\nhi\r\n--b--\r\n";
    /// let m = Multipart::parse(body, &ct, &ParseLimits::default())?;
    /// assert_eq!(m.len(), 2);
    /// assert_eq!(m.find("text", "plain").and_then(|p| p.bytes()), Some(&b"hi"[..]));
    /// assert_eq!(m.to_bytes(), body.to_vec());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn parse(
        body: &[u8],
        content_type: &MediaType<'_>,
        limits: &ParseLimits,
    ) -> Result<Multipart, MultipartError> {
        if !content_type.is_type("multipart") {
            return Err(MultipartError::NotMultipart);
        }
        if body.len() > limits.max_body_bytes {
            return Err(MultipartError::LimitExceeded {
                limit: MultipartLimit::BodyBytes,
                max: limits.max_body_bytes,
                offset: limits.max_body_bytes,
            });
        }
        let boundary = boundary_of(content_type, None)?;
        let media_type = normalize(content_type)?;
        parse_level(body, 0, media_type, boundary, 1, limits)
    }
}

/// A delimiter line found in a level's body.
#[derive(Debug, Clone, Copy)]
struct Delimiter {
    /// End of the content before the delimiter: where its line break
    /// starts (or where its `--` starts, for a delimiter at the very
    /// beginning of the body or right after the previous delimiter line).
    content_end: usize,
    /// Offset of the delimiter's `--`.
    dash_at: usize,
    /// Just past the delimiter line including its line break; for a close
    /// delimiter at the end of the body, the body length.
    line_end: usize,
    /// Whether this is the close delimiter (`--boundary--`).
    close: bool,
    /// For a close delimiter: whether a line break follows it (so there is
    /// an epilogue, possibly empty, starting at `line_end`).
    has_epilogue: bool,
}

/// Skips transport padding (SP/HTAB) from `k`.
fn skip_lwsp(input: &[u8], mut k: usize) -> usize {
    while input.get(k).copied().is_some_and(is_wsp) {
        k = k.saturating_add(1);
    }
    k
}

/// Length of the line break at `k` (CRLF or bare LF), if there is one.
fn line_break_at(input: &[u8], k: usize) -> Option<usize> {
    match input.get(k..) {
        Some([b'\r', b'\n', ..]) => Some(2),
        Some([b'\n', ..]) => Some(1),
        _ => None,
    }
}

/// Finds the next delimiter line at or after `from`. A dash-boundary is a
/// delimiter only at the start of a line (at offset 0, or after LF) and
/// when followed by optional padding and a line break, or by `--`,
/// optional padding and a line break or the end of the body. Anything
/// else that contains the dash-boundary is content.
fn next_delimiter(
    input: &[u8],
    from: usize,
    finder: &memmem::Finder<'_>,
    dash_len: usize,
) -> Option<Delimiter> {
    let mut search = from;
    loop {
        let i = search.checked_add(finder.find(input.get(search..)?)?)?;
        search = i.checked_add(1)?;
        let content_end = if i == 0 {
            0
        } else if i.checked_sub(1).and_then(|j| input.get(j)) == Some(&b'\n') {
            let cr = i.checked_sub(2).and_then(|j| input.get(j)) == Some(&b'\r');
            // The line break belongs to the delimiter, but never reaches
            // back into the previous delimiter line.
            i.saturating_sub(if cr { 2 } else { 1 }).max(from)
        } else {
            continue;
        };
        let after = i.checked_add(dash_len)?;
        let tail = input.get(after..)?;
        if tail.starts_with(b"--") {
            let k = skip_lwsp(input, after.checked_add(2)?);
            let (line_end, has_epilogue) = if k >= input.len() {
                (input.len(), false)
            } else if let Some(n) = line_break_at(input, k) {
                (k.checked_add(n)?, true)
            } else {
                continue;
            };
            return Some(Delimiter {
                content_end,
                dash_at: i,
                line_end,
                close: true,
                has_epilogue,
            });
        }
        let k = skip_lwsp(input, after);
        if let Some(n) = line_break_at(input, k) {
            return Some(Delimiter {
                content_end,
                dash_at: i,
                line_end: k.checked_add(n)?,
                close: false,
                has_epilogue: false,
            });
        }
    }
}

/// Parses one level: `input` is the whole body of this multipart, `base`
/// its offset in the top-level body.
fn parse_level(
    input: &[u8],
    base: usize,
    media_type: crate::MediaType<'static>,
    boundary: Boundary,
    depth: usize,
    limits: &ParseLimits,
) -> Result<Multipart, MultipartError> {
    if depth > limits.max_multipart_depth {
        return Err(MultipartError::LimitExceeded {
            limit: MultipartLimit::Depth,
            max: limits.max_multipart_depth,
            offset: base,
        });
    }
    let dash = boundary.dash();
    let finder = memmem::Finder::new(&dash);
    let first = next_delimiter(input, 0, &finder, dash.len())
        .ok_or(MultipartError::NoDelimiter { offset: base })?;
    if first.close {
        return Err(MultipartError::NoBodyParts {
            offset: at(base, first.dash_at),
        });
    }
    let preamble = (first.dash_at != 0).then(|| slice(input, 0, first.content_end).to_vec());
    let mut parts = Vec::new();
    let mut pos = first.line_end;
    loop {
        let next = next_delimiter(input, pos, &finder, dash.len()).ok_or(
            MultipartError::MissingCloseDelimiter {
                offset: at(base, pos),
            },
        )?;
        if parts.len() >= limits.max_multipart_parts {
            return Err(MultipartError::LimitExceeded {
                limit: MultipartLimit::Parts,
                max: limits.max_multipart_parts,
                offset: at(base, pos),
            });
        }
        let content = slice(input, pos, next.content_end);
        parts.push(parse_part(content, at(base, pos), depth, limits)?);
        if next.close {
            let epilogue = next
                .has_epilogue
                .then(|| slice(input, next.line_end, input.len()).to_vec());
            return Ok(Multipart {
                media_type,
                boundary,
                preamble,
                parts,
                epilogue,
            });
        }
        pos = next.line_end;
    }
}

/// The line at `pos`: its bytes without the line break, and the offset
/// just past the line break (or the end of `content`). A CR is stripped
/// only right before LF.
fn line_at(content: &[u8], pos: usize) -> (&[u8], usize) {
    let rest = content.get(pos..).unwrap_or_default();
    match memchr(b'\n', rest) {
        Some(j) => {
            let line = rest.get(..j).unwrap_or_default();
            let line = line.strip_suffix(b"\r").unwrap_or(line);
            (line, pos.saturating_add(j).saturating_add(1))
        }
        None => (rest, content.len()),
    }
}

/// Parses one body part: `content` runs from just after its delimiter
/// line to the line break of the next delimiter; `base` is its offset in
/// the top-level body; `depth` is the depth of the enclosing multipart.
fn parse_part(
    content: &[u8],
    base: usize,
    depth: usize,
    limits: &ParseLimits,
) -> Result<Part, MultipartError> {
    let mut headers: Vec<Header> = Vec::new();
    let mut pos = 0;
    let body_start = loop {
        if pos >= content.len() {
            // Header fields ran to the end of the part: no body.
            break content.len();
        }
        let (line, next) = line_at(content, pos);
        if line.is_empty() {
            break next;
        }
        let row_at = at(base, pos);
        if line.first().copied().is_some_and(is_wsp) {
            return Err(MultipartError::MalformedHeader {
                offset: row_at,
                fault: HeaderFault::LeadingContinuation,
            });
        }
        if headers.len() >= limits.max_headers {
            return Err(MultipartError::LimitExceeded {
                limit: MultipartLimit::Headers,
                max: limits.max_headers,
                offset: row_at,
            });
        }
        let too_long = MultipartError::LimitExceeded {
            limit: MultipartLimit::LineBytes,
            max: limits.max_line_bytes,
            offset: row_at,
        };
        // First pass: find the end of the (folded) field and its unfolded
        // length, before allocating anything for it.
        let mut row_len = line.len();
        if row_len > limits.max_line_bytes {
            return Err(too_long);
        }
        let mut end = next;
        while content.get(end).copied().is_some_and(is_wsp) {
            let (cont, after) = line_at(content, end);
            row_len = row_len.checked_add(cont.len()).ok_or(too_long.clone())?;
            if row_len > limits.max_line_bytes {
                return Err(too_long);
            }
            end = after;
        }
        headers.push(parse_field(content, pos, end, row_len, row_at)?);
        pos = end;
    };
    let body = slice(content, body_start.min(content.len()), content.len());
    let body_at = at(base, body_start);
    let nested = headers
        .iter()
        .find(|h| h.is(CONTENT_TYPE))
        .and_then(|h| MediaType::parse(h.value()).ok())
        .filter(|mt| mt.is_type("multipart"));
    let body = match nested {
        // RFC 2045 §5.2: a Content-Type that does not parse is treated as
        // text/plain, so such a part stays bytes.
        None => PartBody::Bytes(body.to_vec()),
        Some(mt) => {
            let boundary = boundary_of(&mt, Some(base))?;
            let mt = normalize(&mt)?;
            let depth = depth.checked_add(1).ok_or(MultipartError::LimitExceeded {
                limit: MultipartLimit::Depth,
                max: limits.max_multipart_depth,
                offset: body_at,
            })?;
            PartBody::Multipart(parse_level(body, body_at, mt, boundary, depth, limits)?)
        }
    };
    Ok(Part::from_checked(headers, body))
}

/// Parses the header field in `content[start..end]` (its first line and
/// any continuation lines), whose unfolded length is `row_len`.
fn parse_field(
    content: &[u8],
    start: usize,
    end: usize,
    row_len: usize,
    row_at: usize,
) -> Result<Header, MultipartError> {
    let bad = |fault| MultipartError::MalformedHeader {
        offset: row_at,
        fault,
    };
    let (first, mut pos) = line_at(content, start);
    let colon = memchr(b':', first).ok_or(bad(HeaderFault::NoColon))?;
    let name = first.get(..colon).unwrap_or_default();
    let name = name
        .iter()
        .rposition(|&b| !is_wsp(b))
        .and_then(|last| name.get(..=last))
        .unwrap_or_default();
    check_name(name).map_err(bad)?;
    let name = String::from_utf8(name.to_vec()).map_err(|_| bad(HeaderFault::BadName))?;
    // Unfold (RFC 5322 §2.2.3): drop each line break, keep the SP/HTAB
    // that starts the continuation line.
    let mut value = Vec::with_capacity(row_len.saturating_sub(colon));
    value.extend_from_slice(first.get(colon.saturating_add(1)..).unwrap_or_default());
    while pos < end {
        let (cont, after) = line_at(content, pos);
        value.extend_from_slice(cont);
        pos = after;
    }
    check_value(&value).map_err(bad)?;
    let value = String::from_utf8(value).map_err(|_| bad(HeaderFault::NotUtf8))?;
    let trimmed = trim_wsp(&value);
    let value = if trimmed.len() == value.len() {
        value
    } else {
        trimmed.to_owned()
    };
    Ok(Header::from_checked(name, value))
}
