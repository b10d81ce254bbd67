//! Framing and parsing of SIP messages (RFC 3261 §7, §18.3, §25).

use super::error::{HeaderLineError, SipError, StartLineError};
use super::header_name::HeaderName;
use super::message::{Entry, Framing, SipMessage, StartLine};
use super::method::Method;
use super::status::StatusCode;
use crate::grammar::{is_token_byte, is_wsp, parse_u64};
use crate::limits::ParseConfig;
use crate::uri::{Span, Uri};

/// The outcome of parsing from a stream buffer.
// Boxing the message would add an allocation to every parse; the enum is
// returned once and moved out at once.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Status {
    /// A whole message, and how many input bytes it used (including any
    /// leading CRLF keep-alives skipped before it).
    Complete {
        /// The message.
        message: SipMessage,
        /// Bytes consumed from the input.
        consumed: usize,
    },
    /// More bytes are needed. `needed` is the total input length that will
    /// complete the message, once the header section is complete and the
    /// body length known.
    Partial {
        /// Total bytes needed, when known.
        needed: Option<usize>,
    },
}

/// A header section scanned but not yet copied.
struct Scan {
    /// First byte of the start line.
    start: usize,
    /// End of the start line content (before its line end).
    start_line_end: usize,
    /// Byte after the empty line that ends the header section.
    head_end: usize,
    /// Header rows, offsets from `start`.
    rows: Vec<Row>,
}

/// One header row found by the scan, with offsets from the start line. It
/// has the layout of the message's index entry, so the row vector becomes
/// the index without a new allocation.
#[derive(Clone, Copy)]
struct Row {
    name: HeaderName,
    folded: bool,
    name_start: u32,
    name_end: u32,
    value_start: u32,
    value_end: u32,
}

/// An offset from the start line as `u32`: the scan window is at most
/// `u32::MAX - 1` bytes, so it always fits.
fn offset_from(x: usize, start: usize) -> u32 {
    u32::try_from(x - start).unwrap_or(u32::MAX)
}

enum ScanResult {
    Done(Scan),
    NeedMore,
}

impl SipMessage {
    /// Parses one message with the default configuration. With
    /// [`Framing::Stream`] the input must hold exactly one message (CRLF
    /// keep-alives around it are allowed); with [`Framing::Datagram`] the
    /// input is one datagram.
    ///
    /// This checks framing, the start line (including the Request-URI),
    /// header-line syntax, UTF-8 and Content-Length. It does not decode
    /// header values: call [`validate`](Self::validate) for the RFC 3261
    /// §8.2 checks a server applies before processing a request.
    pub fn parse(input: &[u8], framing: Framing) -> Result<SipMessage, SipError> {
        Self::parse_with(input, framing, &ParseConfig::DEFAULT)
    }

    /// [`parse`](Self::parse) with an explicit configuration.
    pub fn parse_with(
        input: &[u8],
        framing: Framing,
        cfg: &ParseConfig,
    ) -> Result<SipMessage, SipError> {
        match framing {
            Framing::Datagram => parse_datagram(input, cfg),
            Framing::Stream => match parse_stream(input, cfg)? {
                Status::Complete { message, consumed } => {
                    let rest = input.get(consumed..).unwrap_or_default();
                    match rest.iter().position(|&b| b != b'\r' && b != b'\n') {
                        Some(p) => Err(SipError::TrailingData {
                            offset: consumed + p,
                        }),
                        None => Ok(message),
                    }
                }
                Status::Partial { .. } => Err(SipError::Incomplete { len: input.len() }),
            },
        }
    }
}

/// Parses the first message of a stream buffer (RFC 3261 §18.3): leading
/// CRLFs are skipped, `Content-Length` is required and frames the body.
///
/// ```
/// use sip_xmpp::sip::{parse_stream, Status};
/// use sip_xmpp::ParseConfig;
/// let part = b"OPTIONS sip:a@b SIP/2.0\r\nContent-Length: 0\r\n";
/// assert_eq!(parse_stream(part, &ParseConfig::DEFAULT).unwrap(), Status::Partial { needed: None });
/// let whole = b"OPTIONS sip:a@b SIP/2.0\r\nContent-Length: 0\r\n\r\nOPTIONS";
/// match parse_stream(whole, &ParseConfig::DEFAULT).unwrap() {
///     Status::Complete { consumed, .. } => assert_eq!(consumed, 46),
///     Status::Partial { .. } => unreachable!(),
/// }
/// ```
pub fn parse_stream(input: &[u8], cfg: &ParseConfig) -> Result<Status, SipError> {
    let max = cfg
        .limits
        .max_message_bytes_stream
        .min(u32::MAX as usize - 1);
    let scan = match scan_head(input, max, cfg)? {
        ScanResult::Done(s) => s,
        ScanResult::NeedMore => return Ok(Status::Partial { needed: None }),
    };
    let declared = content_length(input, &scan)?.ok_or(SipError::MissingContentLength)?;
    if declared > cfg.limits.max_body_bytes {
        return Err(SipError::BodyTooLarge {
            len: declared,
            max: cfg.limits.max_body_bytes,
        });
    }
    let total = scan
        .head_end
        .checked_add(declared)
        .ok_or(SipError::TooLarge { max })?;
    if total - scan.start > max {
        return Err(SipError::TooLarge { max });
    }
    if input.len() < total {
        return Ok(Status::Partial {
            needed: Some(total),
        });
    }
    let message = build(input, scan, total, cfg)?;
    Ok(Status::Complete {
        message,
        consumed: total,
    })
}

fn parse_datagram(input: &[u8], cfg: &ParseConfig) -> Result<SipMessage, SipError> {
    let max = cfg
        .limits
        .max_message_bytes_datagram
        .min(u32::MAX as usize - 1);
    if input.len() > max {
        return Err(SipError::TooLarge { max });
    }
    let scan = match scan_head(input, max, cfg)? {
        ScanResult::Done(s) => s,
        ScanResult::NeedMore => return Err(SipError::Incomplete { len: input.len() }),
    };
    let available = input.len() - scan.head_end;
    let body_len = match content_length(input, &scan)? {
        Some(declared) if declared > available => {
            return Err(SipError::BodyShort {
                declared,
                available,
            });
        }
        Some(declared) => declared,
        None => available,
    };
    if body_len > cfg.limits.max_body_bytes {
        return Err(SipError::BodyTooLarge {
            len: body_len,
            max: cfg.limits.max_body_bytes,
        });
    }
    let end = scan.head_end + body_len;
    build(input, scan, end, cfg)
}

/// Finds the lines of the header section, up to and including the empty
/// line, checking line ends, line lengths, header count and header-line
/// syntax.
fn scan_head(input: &[u8], max: usize, cfg: &ParseConfig) -> Result<ScanResult, SipError> {
    let lim = &cfg.limits;
    let lenient_lf = cfg.leniency.bare_lf;
    // Leading CRLFs (keep-alives) before the start line are skipped.
    let mut start = 0;
    while let Some(&b) = input.get(start) {
        if b == b'\r' || b == b'\n' {
            start += 1;
        } else {
            break;
        }
    }
    if start == input.len() {
        return Ok(ScanResult::NeedMore);
    }
    let window_end = input.len().min(start.saturating_add(max));
    let window = &input[..window_end];
    let mut pos = start;
    let mut start_line_end = None;
    let mut rows: Vec<Row> = Vec::with_capacity(16);
    // Length of the last row once unfolded: each line break and the
    // whitespace around it count as one SP (RFC 3261 §7.3.1).
    let mut row_len = 0usize;
    loop {
        // Find the end of this line.
        let Some(rel) = memchr::memchr2(b'\r', b'\n', &window[pos..]) else {
            return if window_end - start >= max {
                Err(SipError::TooLarge { max })
            } else {
                if window_end - pos > lim.max_line_bytes {
                    return Err(SipError::LineTooLong {
                        offset: pos,
                        max: lim.max_line_bytes,
                    });
                }
                Ok(ScanResult::NeedMore)
            };
        };
        let content_end = pos + rel;
        let next = if window[content_end] == b'\r' {
            match window.get(content_end + 1) {
                Some(b'\n') => content_end + 2,
                Some(_) => {
                    return Err(SipError::BareLineEnd {
                        offset: content_end,
                    });
                }
                None => {
                    return if window_end - start >= max {
                        Err(SipError::TooLarge { max })
                    } else {
                        Ok(ScanResult::NeedMore)
                    };
                }
            }
        } else if lenient_lf {
            content_end + 1
        } else {
            return Err(SipError::BareLineEnd {
                offset: content_end,
            });
        };
        let line = &window[pos..content_end];
        if line.len() > lim.max_line_bytes {
            return Err(SipError::LineTooLong {
                offset: pos,
                max: lim.max_line_bytes,
            });
        }
        if start_line_end.is_none() {
            start_line_end = Some(content_end);
        } else if line.is_empty() {
            let Some(start_line_end) = start_line_end else {
                return Ok(ScanResult::NeedMore);
            };
            return Ok(ScanResult::Done(Scan {
                start,
                start_line_end,
                head_end: next,
                rows,
            }));
        } else if is_wsp(line[0]) {
            // Continuation of the previous row.
            let Some(last) = rows.last_mut() else {
                return Err(SipError::HeaderLine {
                    offset: pos,
                    kind: HeaderLineError::OrphanContinuation,
                });
            };
            let trimmed_end = content_end - line.iter().rev().take_while(|&&b| is_wsp(b)).count();
            if trimmed_end > pos {
                let lead = line.iter().take_while(|&&b| is_wsp(b)).count();
                if last.value_end == last.value_start {
                    // The row's value was empty so far: start it here.
                    last.value_start = offset_from(pos + lead, start);
                    last.value_end = offset_from(trimmed_end, start);
                } else {
                    last.value_end = offset_from(trimmed_end, start);
                    last.folded = true;
                }
                row_len += 1 + (trimmed_end - (pos + lead));
                if row_len > lim.max_line_bytes {
                    return Err(SipError::LineTooLong {
                        offset: start + last.name_start as usize,
                        max: lim.max_line_bytes,
                    });
                }
            }
        } else {
            if rows.len() >= lim.max_headers {
                return Err(SipError::TooManyHeaders {
                    max: lim.max_headers,
                });
            }
            let row = header_line(line, pos, start)?;
            row_len = start + row.value_end as usize - pos;
            rows.push(row);
        }
        pos = next;
    }
}

/// Splits `name *WSP ":" *WSP value *WSP` into spans.
fn header_line(line: &[u8], at: usize, start: usize) -> Result<Row, SipError> {
    let err = |kind| SipError::HeaderLine { offset: at, kind };
    let name_len = line.iter().take_while(|&&b| is_token_byte(b)).count();
    if name_len == 0 {
        return Err(err(if line.contains(&b':') {
            HeaderLineError::Name
        } else {
            HeaderLineError::NoColon
        }));
    }
    let mut i = name_len;
    while line.get(i).is_some_and(|&b| is_wsp(b)) {
        i += 1;
    }
    match line.get(i) {
        Some(b':') => {}
        Some(_) if line[i..].contains(&b':') => return Err(err(HeaderLineError::Name)),
        _ => return Err(err(HeaderLineError::NoColon)),
    }
    i += 1;
    while line.get(i).is_some_and(|&b| is_wsp(b)) {
        i += 1;
    }
    let mut end = line.len();
    while end > i && is_wsp(line[end - 1]) {
        end -= 1;
    }
    Ok(Row {
        name: HeaderName::from_bytes(&line[..name_len]),
        folded: false,
        name_start: offset_from(at, start),
        name_end: offset_from(at + name_len, start),
        value_start: offset_from(at + i, start),
        value_end: offset_from(at + end, start),
    })
}

/// The Content-Length of the scanned message: `None` when absent; an
/// error when malformed or when two rows disagree.
fn content_length(input: &[u8], scan: &Scan) -> Result<Option<usize>, SipError> {
    let mut found: Option<usize> = None;
    for row in scan
        .rows
        .iter()
        .filter(|r| r.name == HeaderName::ContentLength)
    {
        let n0 = scan.start + row.name_start as usize;
        // A folded value only adds whitespace around the number.
        let raw = input[scan.start + row.value_start as usize..scan.start + row.value_end as usize]
            .trim_ascii();
        let n = std::str::from_utf8(raw)
            .ok()
            .and_then(parse_u64)
            .and_then(|n| usize::try_from(n).ok())
            .ok_or(SipError::ContentLength { offset: n0 })?;
        match found {
            Some(prev) if prev != n => return Err(SipError::ContentLength { offset: n0 }),
            _ => found = Some(n),
        }
    }
    Ok(found)
}

/// Copies the head and body out of the input and builds the message.
fn build(input: &[u8], scan: Scan, end: usize, cfg: &ParseConfig) -> Result<SipMessage, SipError> {
    let base = scan.start;
    let head_end = scan
        .start_line_end
        .max(base + scan.rows.last().map_or(0, |r| r.value_end as usize));
    let head = match std::str::from_utf8(&input[base..head_end]) {
        Ok(s) => s,
        Err(e) => {
            return Err(SipError::Utf8 {
                offset: base + e.valid_up_to(),
            });
        }
    };
    let mut head = String::from(head);
    let start =
        parse_start_line(&head[..scan.start_line_end - base], cfg).map_err(SipError::StartLine)?;
    // Same layout: this reuses the rows' allocation.
    let headers: Vec<Entry> = scan
        .rows
        .into_iter()
        .map(|row| {
            let mut value = Span::from_u32(row.value_start, row.value_end);
            if row.folded {
                let unfolded = unfold(value.of(&head));
                let at = head.len();
                head.push_str(&unfolded);
                value = Span::new(at, head.len());
            }
            Entry {
                name: row.name,
                raw_name: Span::from_u32(row.name_start, row.name_end),
                value,
            }
        })
        .collect();
    Ok(SipMessage {
        head,
        start,
        headers,
        body: input[scan.head_end..end].to_vec(),
        limits: cfg.limits,
    })
}

/// Replaces each line break and the whitespace around it with one SP.
fn unfold(v: &str) -> String {
    let mut out = String::with_capacity(v.len());
    let mut pending_space = false;
    for line in v.split('\n') {
        let line = line.strip_suffix('\r').unwrap_or(line);
        let t = if pending_space {
            line.trim_matches([' ', '\t'])
        } else {
            line.trim_end_matches([' ', '\t'])
        };
        if t.is_empty() {
            continue;
        }
        if pending_space {
            out.push(' ');
        }
        out.push_str(t);
        pending_space = true;
    }
    out
}

/// Parses a Request-Line or Status-Line.
pub(crate) fn parse_start_line(line: &str, cfg: &ParseConfig) -> Result<StartLine, StartLineError> {
    if line.is_empty() {
        return Err(StartLineError::Empty);
    }
    let lenient = cfg.leniency.start_line_whitespace;
    let first_sp =
        memchr::memchr2(b' ', b'\t', line.as_bytes()).ok_or(StartLineError::Separators)?;
    let first = &line[..first_sp];
    if first.len() >= 4 && first.as_bytes()[..4].eq_ignore_ascii_case(b"SIP/") {
        // Status-Line
        check_version(first)?;
        let rest = &line[first_sp..];
        let rest = if lenient {
            rest.trim_start_matches([' ', '\t'])
        } else {
            rest.strip_prefix(' ').ok_or(StartLineError::Separators)?
        };
        let code_end = memchr::memchr2(b' ', b'\t', rest.as_bytes()).unwrap_or(rest.len());
        let code_text = &rest[..code_end];
        if code_text.len() != 3 || !code_text.bytes().all(|b| b.is_ascii_digit()) {
            return Err(StartLineError::StatusCode);
        }
        let code = code_text
            .parse::<u16>()
            .ok()
            .and_then(StatusCode::new)
            .ok_or(StartLineError::StatusCode)?;
        let reason = match &rest[code_end..] {
            "" if lenient => "",
            "" => return Err(StartLineError::Separators),
            r => {
                if lenient {
                    r.trim_start_matches([' ', '\t'])
                } else {
                    r.strip_prefix(' ').ok_or(StartLineError::Separators)?
                }
            }
        };
        if reason.chars().any(|c| c.is_control() && c != '\t') {
            return Err(StartLineError::ReasonPhrase);
        }
        return Ok(StartLine::Response {
            code,
            reason: Box::from(reason),
        });
    }
    // Request-Line
    let method = Method::parse(first).map_err(|_| StartLineError::Method)?;
    let (uri_text, version) = if lenient {
        let mut parts = line[first_sp..]
            .split([' ', '\t'])
            .filter(|p| !p.is_empty());
        let (Some(u), Some(v), None) = (parts.next(), parts.next(), parts.next()) else {
            return Err(StartLineError::Separators);
        };
        (u, v)
    } else {
        // Exactly one SP between elements: a second SP or HTAB next to a
        // separator is a separator fault (RFC 4475 §3.1.2.9, §3.1.2.10).
        let rest = &line[first_sp + 1..];
        let last_sp = memchr::memrchr(b' ', rest.as_bytes()).ok_or(StartLineError::Separators)?;
        let (u, v) = (&rest[..last_sp], &rest[last_sp + 1..]);
        let ub = u.as_bytes();
        if line.as_bytes()[first_sp] != b' '
            || ub.first().is_some_and(|&c| is_wsp(c))
            || ub.last().is_some_and(|&c| is_wsp(c))
            || v.is_empty()
            || memchr::memchr(b'\t', v.as_bytes()).is_some()
        {
            return Err(StartLineError::Separators);
        }
        (u, v)
    };
    if version.is_empty() {
        return Err(StartLineError::Separators);
    }
    check_version(version)?;
    if uri_text.starts_with('<') {
        return Err(StartLineError::UriForm);
    }
    if uri_text.is_empty() || memchr::memchr2(b' ', b'\t', uri_text.as_bytes()).is_some() {
        return Err(if uri_text.trim().is_empty() {
            StartLineError::Separators
        } else {
            StartLineError::UriForm
        });
    }
    let uri = Uri::parse_with(uri_text, &cfg.limits)?;
    Ok(StartLine::Request { method, uri })
}

/// `SIP/2.0`, compared case-insensitively; another well-formed version is
/// reported separately so the caller can answer 505.
fn check_version(v: &str) -> Result<(), StartLineError> {
    if v.eq_ignore_ascii_case("SIP/2.0") {
        return Ok(());
    }
    let b = v.as_bytes();
    if b.len() < 4 || !b[..4].eq_ignore_ascii_case(b"SIP/") {
        return Err(StartLineError::Version);
    }
    let num = &v[4..];
    let ok = num.split_once('.').is_some_and(|(a, c)| {
        !a.is_empty()
            && !c.is_empty()
            && a.bytes().all(|b| b.is_ascii_digit())
            && c.bytes().all(|b| b.is_ascii_digit())
    });
    Err(if ok {
        StartLineError::UnsupportedVersion
    } else {
        StartLineError::Version
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(s: &str) -> Result<SipMessage, SipError> {
        SipMessage::parse(s.as_bytes(), Framing::Stream)
    }

    #[test]
    fn folding_and_compact() {
        let m = p("OPTIONS sip:a@b SIP/2.0\r\nt :\r\n sip:x@y ;\r\n  tag = 1\r\nNewFangledHeader:   newfangled value\r\n continued newfangled value\r\nl: 0\r\n\r\n").unwrap();
        let h: Vec<_> = m.headers().map(|h| (h.raw_name, h.value)).collect();
        assert_eq!(h[0], ("t", "sip:x@y ; tag = 1"));
        assert_eq!(
            h[1],
            (
                "NewFangledHeader",
                "newfangled value continued newfangled value"
            )
        );
        assert_eq!(m.header("To"), Some("sip:x@y ; tag = 1"));
        assert_eq!(
            m.header("newfangledheader"),
            Some("newfangled value continued newfangled value")
        );
    }

    #[test]
    fn start_lines() {
        let cfg = ParseConfig::DEFAULT;
        let ok = [
            "INVITE sip:a@b SIP/2.0",
            "SIP/2.0 100 ",
            "SIP/2.0 200 OK",
            "sip/2.0 486 Busy Here",
            "RE%47IST%45R sip:registrar.example.com SIP/2.0",
            "OPTIONS nobodyKnowsThisScheme:totallyopaquecontent SIP/2.0",
        ];
        for l in ok {
            parse_start_line(l, &cfg).unwrap_or_else(|e| panic!("{l}: {e}"));
        }
        let bad = [
            ("INVITE <sip:a@b> SIP/2.0", StartLineError::UriForm),
            ("INVITE sip:a@b; lr SIP/2.0", StartLineError::UriForm),
            ("INVITE  sip:a@b  SIP/2.0", StartLineError::Separators),
            ("INVITE\tsip:a@b SIP/2.0", StartLineError::Separators),
            ("INVITE sip:a@b SIP/2.0  ", StartLineError::Separators),
            ("INVITE sip:a@b SIP/7.0", StartLineError::UnsupportedVersion),
            ("INVITE sip:a@b HTTP/1.1", StartLineError::Version),
            ("SIP/2.0 4294967301 Huge", StartLineError::StatusCode),
            ("SIP/2.0 099 Low", StartLineError::StatusCode),
            ("SIP/2.0 200", StartLineError::Separators),
            ("INV ITE", StartLineError::Separators),
        ];
        for (l, e) in bad {
            assert_eq!(parse_start_line(l, &cfg).unwrap_err(), e, "{l}");
        }
        let lenient = ParseConfig {
            leniency: crate::Leniency {
                start_line_whitespace: true,
                ..Default::default()
            },
            ..ParseConfig::DEFAULT
        };
        assert!(parse_start_line("INVITE  sip:a@b  SIP/2.0", &lenient).is_ok());
        assert!(parse_start_line("INVITE sip:a@b SIP/2.0  ", &lenient).is_ok());
        assert!(parse_start_line("INVITE sip:a@b; lr SIP/2.0", &lenient).is_err());
    }

    #[test]
    fn framing() {
        let msg = "MESSAGE sip:a@b SIP/2.0\r\nContent-Length: 5\r\n\r\nhello";
        // Stream: partial until the whole body is there.
        let cfg = ParseConfig::DEFAULT;
        for cut in 0..msg.len() {
            match parse_stream(&msg.as_bytes()[..cut], &cfg).unwrap() {
                Status::Partial { .. } => {}
                Status::Complete { .. } => panic!("complete at {cut}"),
            }
        }
        let Status::Complete { message, consumed } = parse_stream(msg.as_bytes(), &cfg).unwrap()
        else {
            panic!()
        };
        assert_eq!(consumed, msg.len());
        assert_eq!(message.body(), b"hello");
        // Keep-alive CRLFs before the message are skipped.
        let Status::Complete { consumed, .. } =
            parse_stream(format!("\r\n\r\n{msg}").as_bytes(), &cfg).unwrap()
        else {
            panic!()
        };
        assert_eq!(consumed, msg.len() + 4);
        // Datagram: extra bytes are discarded, missing bytes are an error.
        let m = SipMessage::parse(format!("{msg}junk").as_bytes(), Framing::Datagram).unwrap();
        assert_eq!(m.body(), b"hello");
        assert_eq!(
            SipMessage::parse(&msg.as_bytes()[..msg.len() - 1], Framing::Datagram).unwrap_err(),
            SipError::BodyShort {
                declared: 5,
                available: 4
            }
        );
        // Datagram without Content-Length: the body runs to the end.
        let m = SipMessage::parse(
            b"MESSAGE sip:a@b SIP/2.0\r\nTo: sip:a@b\r\n\r\nabc",
            Framing::Datagram,
        )
        .unwrap();
        assert_eq!(m.body(), b"abc");
        // Stream without Content-Length: an error.
        assert_eq!(
            p("MESSAGE sip:a@b SIP/2.0\r\n\r\n").unwrap_err(),
            SipError::MissingContentLength
        );
    }

    #[test]
    fn limits() {
        use crate::ParseLimits;
        let cfg = ParseConfig::with_limits(ParseLimits {
            max_headers: 2,
            max_line_bytes: 40,
            max_message_bytes_stream: 100,
            ..ParseLimits::DEFAULT
        });
        let three = "OPTIONS sip:a@b SIP/2.0\r\nA: 1\r\nB: 2\r\nC: 3\r\n\r\n";
        assert_eq!(
            SipMessage::parse_with(three.as_bytes(), Framing::Stream, &cfg).unwrap_err(),
            SipError::TooManyHeaders { max: 2 }
        );
        let long = format!("OPTIONS sip:a@b SIP/2.0\r\nA: {}\r\n\r\n", "x".repeat(50));
        assert!(matches!(
            SipMessage::parse_with(long.as_bytes(), Framing::Stream, &cfg).unwrap_err(),
            SipError::LineTooLong { .. }
        ));
        let big = format!("OPTIONS sip:a@b SIP/2.0\r\n{}", "A: 1\r\n".repeat(30));
        let cfg2 = ParseConfig::with_limits(ParseLimits {
            max_message_bytes_stream: 100,
            ..ParseLimits::DEFAULT
        });
        assert_eq!(
            parse_stream(big.as_bytes(), &cfg2).unwrap_err(),
            SipError::TooLarge { max: 100 }
        );
        let body = "MESSAGE sip:a@b SIP/2.0\r\nl: 999999\r\n\r\n";
        assert!(matches!(
            parse_stream(body.as_bytes(), &ParseConfig::DEFAULT).unwrap_err(),
            SipError::BodyTooLarge { .. }
        ));
        let huge = "MESSAGE sip:a@b SIP/2.0\r\nl: 99999999999999999999999999\r\n\r\n";
        assert!(matches!(
            parse_stream(huge.as_bytes(), &ParseConfig::DEFAULT).unwrap_err(),
            SipError::ContentLength { .. }
        ));
    }

    #[test]
    fn line_ends() {
        let lf = "OPTIONS sip:a@b SIP/2.0\nl: 0\n\n";
        assert!(matches!(p(lf).unwrap_err(), SipError::BareLineEnd { .. }));
        let lenient = ParseConfig {
            leniency: crate::Leniency {
                bare_lf: true,
                ..Default::default()
            },
            ..ParseConfig::DEFAULT
        };
        assert!(SipMessage::parse_with(lf.as_bytes(), Framing::Stream, &lenient).is_ok());
        assert!(matches!(
            p("OPTIONS sip:a@b SIP/2.0\r\nA: x\ry\r\nl: 0\r\n\r\n").unwrap_err(),
            SipError::BareLineEnd { .. }
        ));
        assert!(matches!(
            p("OPTIONS sip:a@b SIP/2.0\r\nA x\r\nl: 0\r\n\r\n").unwrap_err(),
            SipError::HeaderLine {
                kind: HeaderLineError::NoColon,
                ..
            }
        ));
        assert!(matches!(
            p("OPTIONS sip:a@b SIP/2.0\r\n x\r\nl: 0\r\n\r\n").unwrap_err(),
            SipError::HeaderLine {
                kind: HeaderLineError::OrphanContinuation,
                ..
            }
        ));
        assert!(matches!(
            SipMessage::parse(
                b"OPTIONS sip:a@b SIP/2.0\r\nA: \xff\r\nl: 0\r\n\r\n",
                Framing::Stream
            )
            .unwrap_err(),
            SipError::Utf8 { offset: 28 }
        ));
    }
}
