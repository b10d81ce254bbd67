//! RFC 8866 §5/§9 parser: one pass over the lines with plain byte
//! scanning (the SDP grammar is line- and space-delimited, which `memchr`
//! and `split` express more directly than combinators), plus the decoders
//! of the typed attribute values.

use memchr::{memchr, memchr2, memrchr};

use super::error::{Fault, Limit, Location, SdpError};
use super::model::{
    AcceptTypes, AcceptWrappedTypes, Attribute, Bandwidth, Candidate, CandidateType, Connection,
    Crypto, Direction, Extmap, Fingerprint, Fmtp, Group, IceOptions, MaxPtime, MaxSize, Media,
    Origin, Path, Ptime, Rtcp, RtcpFb, RtpMap, Sdp, Setup, Ssrc, SsrcGroup, Timing, UnknownLine,
    is_unknown_letter,
};
use crate::ParseLimits;
use crate::grammar::{eq_ic, hex_val, parse_u64};

/// RFC 8866 §9 `token-char`: `%x21 / %x23-27 / %x2A-2B / %x2D-2E /
/// %x30-39 / %x41-5A / %x5E-7E`.
pub(crate) const fn is_token_byte(b: u8) -> bool {
    matches!(b,
        b'!' | b'#'..=b'\'' | b'*' | b'+' | b'-' | b'.'
        | b'0'..=b'9' | b'A'..=b'Z' | b'^'..=b'~')
}

/// A non-empty RFC 8866 `token`.
fn is_token(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(is_token_byte)
}

/// A non-empty `non-ws-string`: no SP and no ASCII control characters.
pub(crate) fn is_word(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b > b' ' && b != 0x7f)
}

/// The SP-separated fields of a value; runs of SP count as one separator
/// and leading or trailing SP is ignored.
fn fields(s: &str) -> impl Iterator<Item = &str> + Clone {
    s.split(' ').filter(|f| !f.is_empty())
}

/// The first SP-separated field and the rest after the separator (leading
/// SP of both removed).
fn first_field(s: &str) -> (&str, &str) {
    let s = s.trim_start_matches(' ');
    match s.split_once(' ') {
        Some((w, rest)) => (w, rest.trim_start_matches(' ')),
        None => (s, ""),
    }
}

/// A required word field.
fn word(f: Option<&str>, name: &'static str) -> Result<String, Fault> {
    match f {
        None => Err(Fault::Missing(name)),
        Some(s) if is_word(s) => Ok(s.to_owned()),
        Some(_) => Err(Fault::Syntax(name)),
    }
}

/// A required token field.
fn token(f: Option<&str>, name: &'static str) -> Result<String, Fault> {
    match f {
        None => Err(Fault::Missing(name)),
        Some(s) if is_token(s) => Ok(s.to_owned()),
        Some(_) => Err(Fault::Syntax(name)),
    }
}

/// A required decimal field that fits `T`.
fn num<T: TryFrom<u64>>(f: Option<&str>, name: &'static str) -> Result<T, Fault> {
    let s = f.ok_or(Fault::Missing(name))?;
    parse_u64(s)
        .and_then(|v| T::try_from(v).ok())
        .ok_or(Fault::Number(name))
}

/// Fails when fields remain.
fn end<'a>(mut f: impl Iterator<Item = &'a str>) -> Result<(), Fault> {
    match f.next() {
        None => Ok(()),
        Some(_) => Err(Fault::Trailing),
    }
}

/// One `<type>=<value>` line.
struct Line<'a> {
    letter: char,
    value: &'a str,
    at: Location,
}

/// Splits the input into lines, checking each one.
struct Lines<'a> {
    text: &'a str,
    pos: usize,
    line: usize,
    max_line: usize,
}

impl<'a> Lines<'a> {
    /// The location just past the last line.
    fn end(&self) -> Location {
        Location {
            line: self.line.saturating_add(1),
            offset: self.text.len(),
        }
    }

    fn next_line(&mut self) -> Result<Option<Line<'a>>, SdpError> {
        let rest = match self.text.get(self.pos..) {
            Some(r) if !r.is_empty() => r,
            _ => return Ok(None),
        };
        let (raw, advance) = match memchr(b'\n', rest.as_bytes()) {
            Some(i) => (rest.get(..i).unwrap_or(rest), i.saturating_add(1)),
            None => (rest, rest.len()),
        };
        self.line = self.line.saturating_add(1);
        let at = Location {
            line: self.line,
            offset: self.pos,
        };
        self.pos = self.pos.saturating_add(advance);
        let raw = raw.strip_suffix('\r').unwrap_or(raw);
        if raw.len() > self.max_line {
            return Err(SdpError::LimitExceeded {
                limit: Limit::LineBytes,
                max: self.max_line,
                at,
            });
        }
        if raw.is_empty() {
            // Empty lines are tolerated only at the very end.
            let tail = self.text.get(self.pos..).unwrap_or_default();
            if tail.bytes().all(|b| b == b'\r' || b == b'\n') {
                self.pos = self.text.len();
                return Ok(None);
            }
            return Err(SdpError::EmptyLine { at });
        }
        if memchr2(b'\r', 0, raw.as_bytes()).is_some() {
            return Err(SdpError::ControlCharacter { at });
        }
        match raw.as_bytes() {
            [l, b'=', ..] if l.is_ascii_alphabetic() => Ok(Some(Line {
                letter: char::from(*l),
                value: raw.get(2..).unwrap_or_default(),
                at,
            })),
            _ => Err(SdpError::BadLine { at }),
        }
    }
}

/// The error for input that is not UTF-8, located by line.
fn utf8_error(input: &[u8], valid_up_to: usize) -> SdpError {
    let before = input.get(..valid_up_to).unwrap_or(input);
    let line = memchr::memchr_iter(b'\n', before).count().saturating_add(1);
    let offset = memrchr(b'\n', before).map_or(0, |i| i.saturating_add(1));
    SdpError::InvalidUtf8 {
        at: Location { line, offset },
        byte: valid_up_to,
    }
}

/// Position of a session-level line type in the RFC 8866 §5 order (`v=`
/// is 0 and handled before the loop).
const fn session_rank(letter: char) -> u8 {
    match letter {
        'o' => 1,
        's' => 2,
        'i' => 3,
        'u' => 4,
        'e' => 5,
        'p' => 6,
        'c' => 7,
        'b' => 8,
        't' => 9,
        'r' => 10,
        'z' => 11,
        'k' => 12,
        'a' => 13,
        _ => u8::MAX,
    }
}

/// Position of a media-level line type (`m=` is 0).
const fn media_rank(letter: char) -> u8 {
    match letter {
        'i' => 1,
        'c' => 2,
        'b' => 3,
        'k' => 4,
        'a' => 5,
        _ => u8::MAX,
    }
}

/// Whether a line of type `letter` may follow a session-level line of
/// rank `rank` (rank 2 or more: `o=` and `s=` are checked before).
fn session_order_ok(rank: u8, letter: char) -> bool {
    let r = session_rank(letter);
    match letter {
        // At most once.
        'i' | 'u' | 'c' | 'k' => rank < r,
        // Repeatable.
        'e' | 'p' | 'b' | 'a' => rank <= r,
        // A new time description may follow any t=, r= or z=.
        't' => rank <= session_rank('z'),
        // r= and z= belong to the current time description; one z= each.
        'r' | 'z' => rank == session_rank('t') || rank == session_rank('r'),
        _ => false,
    }
}

/// Whether a line of type `letter` may follow a media-level line of rank
/// `rank`.
fn media_order_ok(rank: u8, letter: char) -> bool {
    let r = media_rank(letter);
    match letter {
        'i' | 'k' => rank < r,
        'c' | 'b' | 'a' => rank <= r,
        _ => false,
    }
}

/// Wraps a field fault with the line it came from.
fn bad(line: &Line<'_>) -> impl FnOnce(Fault) -> SdpError {
    let (letter, at) = (line.letter, line.at);
    move |fault| SdpError::BadField { letter, fault, at }
}

pub(crate) fn parse(input: &[u8], limits: &ParseLimits) -> Result<Sdp, SdpError> {
    if input.len() > limits.max_body_bytes {
        return Err(SdpError::BodyTooLarge {
            len: input.len(),
            max: limits.max_body_bytes,
        });
    }
    let text = std::str::from_utf8(input).map_err(|e| utf8_error(input, e.valid_up_to()))?;
    let mut lines = Lines {
        text,
        pos: 0,
        line: 0,
        max_line: limits.max_line_bytes,
    };

    let first = lines.next_line()?.ok_or(SdpError::Expected {
        letter: 'v',
        at: lines.end(),
    })?;
    if first.letter != 'v' {
        return Err(SdpError::Expected {
            letter: 'v',
            at: first.at,
        });
    }
    let version = num(fields(first.value).next(), "proto-version")
        .and_then(|v| end(fields(first.value).skip(1)).map(|()| v))
        .map_err(bad(&first))?;

    let mut sdp = Sdp {
        version,
        origin: Origin {
            username: String::new(),
            session_id: String::new(),
            session_version: 0,
            nettype: String::new(),
            addrtype: String::new(),
            address: String::new(),
        },
        session_name: String::new(),
        information: None,
        uri: None,
        emails: Vec::new(),
        phones: Vec::new(),
        connection: None,
        bandwidths: Vec::new(),
        timings: Vec::new(),
        key: None,
        attributes: Vec::new(),
        media: Vec::new(),
        unknown: Vec::new(),
    };

    // Session section.
    let mut rank = 0u8;
    let mut known = 0usize;
    let mut pending_m = None;
    while let Some(line) = lines.next_line()? {
        let l = line.letter;
        if is_unknown_letter(l) {
            sdp.unknown.push(UnknownLine {
                letter: l,
                value: line.value.to_owned(),
                after: known,
            });
            continue;
        }
        let expected = match rank {
            0 if l != 'o' => Some('o'),
            1 if l != 's' => Some('s'),
            _ => None,
        };
        if let Some(letter) = expected {
            // A repeated v= is out of order rather than a missing o=/s=.
            if l == 'v' {
                return Err(SdpError::OutOfOrder {
                    letter: l,
                    at: line.at,
                });
            }
            return Err(SdpError::Expected {
                letter,
                at: line.at,
            });
        }
        if l == 'm' {
            pending_m = Some(line);
            break;
        }
        if rank >= 2 && !session_order_ok(rank, l) {
            return Err(SdpError::OutOfOrder {
                letter: l,
                at: line.at,
            });
        }
        rank = session_rank(l);
        known = known.saturating_add(1);
        let v = line.value;
        match l {
            'o' => sdp.origin = origin(v).map_err(bad(&line))?,
            's' => sdp.session_name = v.to_owned(),
            'i' => sdp.information = Some(v.to_owned()),
            'u' => sdp.uri = Some(v.to_owned()),
            'e' => sdp.emails.push(v.to_owned()),
            'p' => sdp.phones.push(v.to_owned()),
            'c' => sdp.connection = Some(connection(v).map_err(bad(&line))?),
            'b' => sdp.bandwidths.push(bandwidth(v).map_err(bad(&line))?),
            't' => sdp.timings.push(timing(v).map_err(bad(&line))?),
            'r' | 'z' => {
                let t = sdp.timings.last_mut().ok_or(SdpError::OutOfOrder {
                    letter: l,
                    at: line.at,
                })?;
                if l == 'r' {
                    t.repeats.push(v.to_owned());
                } else {
                    t.zone = Some(v.to_owned());
                }
            }
            'k' => sdp.key = Some(v.to_owned()),
            'a' => {
                check_attribute_limit(sdp.attributes.len(), limits, line.at)?;
                sdp.attributes.push(attribute(v).map_err(bad(&line))?);
            }
            _ => {
                return Err(SdpError::OutOfOrder {
                    letter: l,
                    at: line.at,
                });
            }
        }
    }
    if pending_m.is_none() && rank < 2 {
        return Err(SdpError::Expected {
            letter: if rank == 0 { 'o' } else { 's' },
            at: lines.end(),
        });
    }

    // Media sections.
    let mut next = pending_m;
    while let Some(mline) = next.take() {
        if sdp.media.len() >= limits.max_sdp_media {
            return Err(SdpError::LimitExceeded {
                limit: Limit::Media,
                max: limits.max_sdp_media,
                at: mline.at,
            });
        }
        let mut m = media_line(&mline, limits)?;
        let mut rank = 0u8;
        let mut known = 0usize;
        while let Some(line) = lines.next_line()? {
            let l = line.letter;
            if l == 'm' {
                next = Some(line);
                break;
            }
            if is_unknown_letter(l) {
                m.unknown.push(UnknownLine {
                    letter: l,
                    value: line.value.to_owned(),
                    after: known,
                });
                continue;
            }
            if !media_order_ok(rank, l) {
                return Err(SdpError::OutOfOrder {
                    letter: l,
                    at: line.at,
                });
            }
            rank = media_rank(l);
            known = known.saturating_add(1);
            let v = line.value;
            match l {
                'i' => m.information = Some(v.to_owned()),
                'c' => m.connections.push(connection(v).map_err(bad(&line))?),
                'b' => m.bandwidths.push(bandwidth(v).map_err(bad(&line))?),
                'k' => m.key = Some(v.to_owned()),
                'a' => {
                    check_attribute_limit(m.attributes.len(), limits, line.at)?;
                    m.attributes.push(attribute(v).map_err(bad(&line))?);
                }
                _ => {
                    return Err(SdpError::OutOfOrder {
                        letter: l,
                        at: line.at,
                    });
                }
            }
        }
        sdp.media.push(m);
    }
    Ok(sdp)
}

fn check_attribute_limit(have: usize, limits: &ParseLimits, at: Location) -> Result<(), SdpError> {
    if have >= limits.max_sdp_attributes {
        Err(SdpError::LimitExceeded {
            limit: Limit::Attributes,
            max: limits.max_sdp_attributes,
            at,
        })
    } else {
        Ok(())
    }
}

/// `o=<username> <sess-id> <sess-version> <nettype> <addrtype>
/// <unicast-address>`.
fn origin(v: &str) -> Result<Origin, Fault> {
    let mut f = fields(v);
    let o = Origin {
        username: word(f.next(), "username")?,
        session_id: word(f.next(), "sess-id")?,
        session_version: num(f.next(), "sess-version")?,
        nettype: token(f.next(), "nettype")?,
        addrtype: token(f.next(), "addrtype")?,
        address: word(f.next(), "unicast-address")?,
    };
    end(f)?;
    Ok(o)
}

/// `<nettype> <addrtype> <connection-address>` (also the tail of
/// `a=rtcp`).
fn connection_fields<'a>(mut f: impl Iterator<Item = &'a str>) -> Result<Connection, Fault> {
    let c = Connection {
        nettype: token(f.next(), "nettype")?,
        addrtype: token(f.next(), "addrtype")?,
        address: word(f.next(), "connection-address")?,
    };
    end(f)?;
    Ok(c)
}

fn connection(v: &str) -> Result<Connection, Fault> {
    connection_fields(fields(v))
}

/// `b=<bwtype>:<bandwidth>`.
fn bandwidth(v: &str) -> Result<Bandwidth, Fault> {
    let (t, b) = v.split_once(':').ok_or(Fault::Missing("bandwidth"))?;
    if !is_token(t) {
        return Err(Fault::Syntax("bwtype"));
    }
    Ok(Bandwidth {
        bwtype: t.to_owned(),
        bandwidth: parse_u64(b).ok_or(Fault::Number("bandwidth"))?,
    })
}

/// `t=<start-time> <stop-time>`.
fn timing(v: &str) -> Result<Timing, Fault> {
    let mut f = fields(v);
    let t = Timing::new(num(f.next(), "start-time")?, num(f.next(), "stop-time")?);
    end(f)?;
    Ok(t)
}

/// `a=<attribute-name>[:<attribute-value>]`.
fn attribute(v: &str) -> Result<Attribute, Fault> {
    let (name, value) = match v.split_once(':') {
        Some((n, val)) => (n, Some(val.to_owned())),
        None => (v, None),
    };
    if !is_token(name) {
        return Err(Fault::Syntax("attribute-name"));
    }
    Ok(Attribute {
        name: name.to_owned(),
        value,
    })
}

/// The `m=` fields before the format list: `<media> <port>[/<number of
/// ports>] <proto>`.
fn media_head<'a>(
    f: &mut impl Iterator<Item = &'a str>,
) -> Result<(String, u16, Option<u16>, String), Fault> {
    let media = token(f.next(), "media")?;
    let port_field = f.next().ok_or(Fault::Missing("port"))?;
    let (port, count) = match port_field.split_once('/') {
        Some((p, c)) => (p, Some(c)),
        None => (port_field, None),
    };
    let port = num(Some(port), "port")?;
    let port_count = count.map(|c| num(Some(c), "number of ports")).transpose()?;
    let proto = f.next().ok_or(Fault::Missing("proto"))?;
    if !proto.split('/').all(is_token) {
        return Err(Fault::Syntax("proto"));
    }
    Ok((media, port, port_count, proto.to_owned()))
}

/// `m=<media> <port>[/<number of ports>] <proto> <fmt> ...`; the format
/// count is checked against the limit before the list is allocated.
fn media_line(line: &Line<'_>, limits: &ParseLimits) -> Result<Media, SdpError> {
    let mut f = fields(line.value);
    let (media, port, port_count, proto) = media_head(&mut f).map_err(bad(line))?;
    let n = f.clone().count();
    if n > limits.max_sdp_formats {
        return Err(SdpError::LimitExceeded {
            limit: Limit::Formats,
            max: limits.max_sdp_formats,
            at: line.at,
        });
    }
    let mut formats = Vec::with_capacity(n);
    for fmt in f {
        if !is_token(fmt) {
            return Err(bad(line)(Fault::Syntax("fmt")));
        }
        formats.push(fmt.to_owned());
    }
    Ok(Media {
        media,
        port,
        port_count,
        proto,
        formats,
        information: None,
        connections: Vec::new(),
        bandwidths: Vec::new(),
        key: None,
        attributes: Vec::new(),
        unknown: Vec::new(),
    })
}

// ---- typed attribute values ----

pub(crate) fn rtpmap(v: &str) -> Result<RtpMap, Fault> {
    let mut f = fields(v);
    let payload_type: u8 = num(f.next(), "payload type")?;
    if payload_type > 127 {
        return Err(Fault::Number("payload type"));
    }
    let enc = f.next().ok_or(Fault::Missing("encoding name"))?;
    end(f)?;
    let mut parts = enc.split('/');
    let encoding = token(parts.next(), "encoding name")?;
    let clock_rate = num(parts.next(), "clock rate")?;
    let channels = parts
        .next()
        .map(|c| num(Some(c), "encoding parameters"))
        .transpose()?;
    end(parts)?;
    Ok(RtpMap {
        payload_type,
        encoding,
        clock_rate,
        channels,
    })
}

pub(crate) fn fmtp(v: &str) -> Result<Fmtp, Fault> {
    let (format, params) = first_field(v);
    Ok(Fmtp {
        format: token(Some(format), "format")?,
        params: params.to_owned(),
    })
}

/// `non-zero-int-or-real` in milliseconds, rounded half up, at least 1.
fn millis(v: &str, name: &'static str) -> Result<u32, Fault> {
    let mut f = fields(v);
    let s = f.next().ok_or(Fault::Missing(name))?;
    end(f)?;
    let (int, frac) = match s.split_once('.') {
        Some((i, fr)) => (i, Some(fr)),
        None => (s, None),
    };
    let mut ms: u32 = num(Some(int), name)?;
    let mut nonzero = ms != 0;
    if let Some(fr) = frac {
        if fr.is_empty() || !fr.bytes().all(|b| b.is_ascii_digit()) {
            return Err(Fault::Number(name));
        }
        nonzero |= fr.bytes().any(|b| b != b'0');
        if fr.as_bytes().first().is_some_and(|&d| d >= b'5') {
            ms = ms.checked_add(1).ok_or(Fault::Number(name))?;
        }
    }
    if !nonzero {
        return Err(Fault::Number(name));
    }
    Ok(ms.max(1))
}

pub(crate) fn ptime(v: &str) -> Result<Ptime, Fault> {
    millis(v, "ptime").map(Ptime)
}

pub(crate) fn maxptime(v: &str) -> Result<MaxPtime, Fault> {
    millis(v, "maxptime").map(MaxPtime)
}

pub(crate) fn rtcp(v: &str) -> Result<Rtcp, Fault> {
    let mut f = fields(v).peekable();
    let port = num(f.next(), "port")?;
    let connection = match f.peek() {
        None => None,
        Some(_) => Some(connection_fields(f)?),
    };
    Ok(Rtcp { port, connection })
}

pub(crate) fn group(v: &str) -> Result<Group, Fault> {
    let mut f = fields(v);
    let semantics = token(f.next(), "semantics")?;
    let tags = f
        .map(|t| token(Some(t), "identification-tag"))
        .collect::<Result<_, _>>()?;
    Ok(Group { semantics, tags })
}

pub(crate) fn ssrc(v: &str) -> Result<Ssrc, Fault> {
    let (id, rest) = first_field(v);
    let id = num(Some(id), "ssrc-id")?;
    if rest.is_empty() {
        return Err(Fault::Missing("attribute"));
    }
    let (attribute, value) = match rest.split_once(':') {
        Some((a, val)) => (a, Some(val.to_owned())),
        None => (rest, None),
    };
    Ok(Ssrc {
        id,
        attribute: token(Some(attribute), "attribute")?,
        value,
    })
}

pub(crate) fn ssrc_group(v: &str) -> Result<SsrcGroup, Fault> {
    let mut f = fields(v);
    let semantics = token(f.next(), "semantics")?;
    let ssrcs = f
        .map(|s| num(Some(s), "ssrc-id"))
        .collect::<Result<_, _>>()?;
    Ok(SsrcGroup { semantics, ssrcs })
}

/// RFC 8839 `ice-char`: ALPHA / DIGIT / `+` / `/`.
fn is_ice_chars(s: &str) -> bool {
    !s.is_empty()
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'+' || b == b'/')
}

pub(crate) fn candidate(v: &str) -> Result<Candidate, Fault> {
    let mut f = fields(v);
    let foundation = f.next().ok_or(Fault::Missing("foundation"))?;
    if !is_ice_chars(foundation) || foundation.len() > 32 {
        return Err(Fault::Syntax("foundation"));
    }
    let component: u16 = num(f.next(), "component-id")?;
    if !(1..=256).contains(&component) {
        return Err(Fault::Number("component-id"));
    }
    let transport = token(f.next(), "transport")?;
    let priority = num(f.next(), "priority")?;
    let address = word(f.next(), "connection-address")?;
    let port = num(f.next(), "port")?;
    match f.next() {
        Some(t) if eq_ic(t, "typ") => {}
        Some(_) => return Err(Fault::Keyword("typ")),
        None => return Err(Fault::Missing("typ")),
    }
    let typ = match f.next() {
        None => return Err(Fault::Missing("cand-type")),
        Some(t) if !is_token(t) => return Err(Fault::Syntax("cand-type")),
        Some(t) if eq_ic(t, "host") => CandidateType::Host,
        Some(t) if eq_ic(t, "srflx") => CandidateType::Srflx,
        Some(t) if eq_ic(t, "prflx") => CandidateType::Prflx,
        Some(t) if eq_ic(t, "relay") => CandidateType::Relay,
        Some(t) => CandidateType::Other(t.to_owned()),
    };
    let mut c = Candidate {
        foundation: foundation.to_owned(),
        component,
        transport,
        priority,
        address,
        port,
        typ,
        raddr: None,
        rport: None,
        extensions: Vec::new(),
    };
    while let Some(name) = f.next() {
        let value = f.next().ok_or(Fault::Missing("extension-att-value"))?;
        if eq_ic(name, "raddr") && c.raddr.is_none() {
            c.raddr = Some(word(Some(value), "rel-addr")?);
        } else if eq_ic(name, "rport") && c.rport.is_none() {
            c.rport = Some(num(Some(value), "rel-port")?);
        } else {
            c.extensions.push((
                token(Some(name), "extension-att-name")?,
                word(Some(value), "extension-att-value")?,
            ));
        }
    }
    Ok(c)
}

pub(crate) fn ice_options(v: &str) -> Result<IceOptions, Fault> {
    let list: Vec<String> = fields(v)
        .map(|t| token(Some(t), "ice-option-tag"))
        .collect::<Result<_, _>>()?;
    if list.is_empty() {
        return Err(Fault::Missing("ice-option-tag"));
    }
    Ok(IceOptions(list))
}

/// `2HEXDIG *(":" 2HEXDIG)`, either case.
pub(crate) fn fingerprint_hex(s: &str) -> Result<Vec<u8>, Fault> {
    if s.is_empty() {
        return Err(Fault::Missing("fingerprint"));
    }
    let mut out = Vec::with_capacity(s.len().saturating_add(1) / 3);
    for pair in s.split(':') {
        match pair.as_bytes() {
            [h, l] => match (hex_val(*h), hex_val(*l)) {
                (Some(h), Some(l)) => out.push((h << 4) | l),
                _ => return Err(Fault::Syntax("fingerprint")),
            },
            _ => return Err(Fault::Syntax("fingerprint")),
        }
    }
    Ok(out)
}

pub(crate) fn fingerprint(v: &str) -> Result<Fingerprint, Fault> {
    let mut f = fields(v);
    let hash_func = token(f.next(), "hash-func")?;
    let value = fingerprint_hex(f.next().unwrap_or_default())?;
    end(f)?;
    Ok(Fingerprint { hash_func, value })
}

pub(crate) fn setup(v: &str) -> Result<Setup, Fault> {
    let mut f = fields(v);
    let role = f.next().ok_or(Fault::Missing("role"))?;
    end(f)?;
    [
        Setup::Active,
        Setup::Passive,
        Setup::ActPass,
        Setup::HoldConn,
    ]
    .into_iter()
    .find(|s| eq_ic(s.as_str(), role))
    .ok_or(Fault::Keyword("role"))
}

pub(crate) fn crypto(v: &str) -> Result<Crypto, Fault> {
    let mut f = fields(v);
    let tag_s = f.next().ok_or(Fault::Missing("tag"))?;
    if tag_s.len() > 9 {
        return Err(Fault::Number("tag"));
    }
    let tag = num(Some(tag_s), "tag")?;
    let suite = token(f.next(), "crypto-suite")?;
    let key_params = word(f.next(), "key-params")?;
    let session_params = f
        .map(|p| word(Some(p), "session-param"))
        .collect::<Result<_, _>>()?;
    Ok(Crypto {
        tag,
        suite,
        key_params,
        session_params,
    })
}

pub(crate) fn rtcp_fb(v: &str) -> Result<RtcpFb, Fault> {
    let (format, rest) = first_field(v);
    let format = token(Some(format).filter(|s| !s.is_empty()), "rtcp-fb-pt")?;
    let (fb_type, rest) = first_field(rest);
    let fb_type = token(Some(fb_type).filter(|s| !s.is_empty()), "rtcp-fb-val")?;
    Ok(RtcpFb {
        format,
        fb_type,
        subtype: (!rest.is_empty()).then(|| rest.to_owned()),
    })
}

pub(crate) fn extmap(v: &str) -> Result<Extmap, Fault> {
    let (head, rest) = first_field(v);
    let (id, direction) = match head.split_once('/') {
        Some((id, d)) => (
            id,
            Some(Direction::from_name(d).ok_or(Fault::Keyword("direction"))?),
        ),
        None => (head, None),
    };
    let id = num(Some(id).filter(|s| !s.is_empty()), "extmap id")?;
    let (uri, rest) = first_field(rest);
    let uri = word(Some(uri).filter(|s| !s.is_empty()), "URI")?;
    Ok(Extmap {
        id,
        direction,
        uri,
        attributes: (!rest.is_empty()).then(|| rest.to_owned()),
    })
}

/// One or more SP-separated words.
fn word_list(v: &str, name: &'static str) -> Result<Vec<String>, Fault> {
    let list: Vec<String> = fields(v)
        .map(|w| word(Some(w), name))
        .collect::<Result<_, _>>()?;
    if list.is_empty() {
        return Err(Fault::Missing(name));
    }
    Ok(list)
}

pub(crate) fn path(v: &str) -> Result<Path, Fault> {
    word_list(v, "MSRP URI").map(Path)
}

pub(crate) fn accept_types(v: &str) -> Result<AcceptTypes, Fault> {
    word_list(v, "format-entry").map(AcceptTypes)
}

pub(crate) fn accept_wrapped_types(v: &str) -> Result<AcceptWrappedTypes, Fault> {
    word_list(v, "format-entry").map(AcceptWrappedTypes)
}

pub(crate) fn max_size(v: &str) -> Result<MaxSize, Fault> {
    let mut f = fields(v);
    let n = num(f.next(), "max-size")?;
    end(f)?;
    Ok(MaxSize(n))
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEAD: &str = "v=0\r\no=- 1 2 IN IP4 192.0.2.1\r\ns=-\r\n";

    fn at(line: usize, offset: usize) -> Location {
        Location { line, offset }
    }

    fn p(s: &str) -> Result<Sdp, SdpError> {
        Sdp::parse_default(s.as_bytes())
    }

    /// RFC 8866 §5: each accepted input, and its canonical rewrite.
    #[test]
    fn accepted_and_canonical() {
        let cases: &[(&str, &str)] = &[
            // Bare LF line ends, missing final line end.
            (
                "v=0\no=- 1 2 IN IP4 192.0.2.1\ns=-\nt=0 0",
                "v=0\r\no=- 1 2 IN IP4 192.0.2.1\r\ns=-\r\nt=0 0\r\n",
            ),
            // Trailing empty lines are ignored.
            (
                "v=0\r\no=- 1 2 IN IP4 192.0.2.1\r\ns=-\r\nt=0 0\r\n\r\n\r\n",
                "v=0\r\no=- 1 2 IN IP4 192.0.2.1\r\ns=-\r\nt=0 0\r\n",
            ),
            // Runs of SP between fields collapse.
            (
                "v=0\r\no=-  1 2 IN IP4 192.0.2.1 \r\ns=-\r\nt=0  0\r\nm=audio  9 RTP/AVP 0 \r\n",
                "v=0\r\no=- 1 2 IN IP4 192.0.2.1\r\ns=-\r\nt=0 0\r\nm=audio 9 RTP/AVP 0\r\n",
            ),
            // RFC 4566 placement of z= after the last time description.
            (
                "v=0\r\no=- 1 2 IN IP4 192.0.2.1\r\ns=-\r\nt=1 2\r\nr=7d 1h 0 25h\r\nt=3 4\r\nz=2882844526 -1h\r\nk=prompt\r\na=x\r\n",
                "v=0\r\no=- 1 2 IN IP4 192.0.2.1\r\ns=-\r\nt=1 2\r\nr=7d 1h 0 25h\r\nt=3 4\r\nz=2882844526 -1h\r\nk=prompt\r\na=x\r\n",
            ),
            // Unknown type letters are kept in place, in both sections.
            (
                "v=0\r\nx=first\r\no=- 1 2 IN IP4 192.0.2.1\r\ns=-\r\ny=mid\r\nt=0 0\r\nm=audio 9 RTP/AVP 0\r\nQ=q\r\na=sendrecv\r\nw=end\r\n",
                "v=0\r\nx=first\r\no=- 1 2 IN IP4 192.0.2.1\r\ns=-\r\ny=mid\r\nt=0 0\r\nm=audio 9 RTP/AVP 0\r\nQ=q\r\na=sendrecv\r\nw=end\r\n",
            ),
            // Empty s= and an attribute with an empty value parse (validate
            // rejects the first).
            (
                "v=0\r\no=- 1 2 IN IP4 192.0.2.1\r\ns=\r\na=tool:\r\n",
                "v=0\r\no=- 1 2 IN IP4 192.0.2.1\r\ns=\r\na=tool:\r\n",
            ),
            // MSRP: `*` format, multicast connection, several media c=.
            (
                "v=0\r\no=- 1 2 IN IP4 192.0.2.1\r\ns=-\r\nt=0 0\r\nm=message 7654 TCP/MSRP *\r\nc=IN IP4 233.252.0.1/127/3\r\nc=IN IP4 233.252.0.9/127\r\nb=AS:64\r\n",
                "v=0\r\no=- 1 2 IN IP4 192.0.2.1\r\ns=-\r\nt=0 0\r\nm=message 7654 TCP/MSRP *\r\nc=IN IP4 233.252.0.1/127/3\r\nc=IN IP4 233.252.0.9/127\r\nb=AS:64\r\n",
            ),
            // Port count.
            (
                "v=0\r\no=- 1 2 IN IP4 192.0.2.1\r\ns=-\r\nm=video 49170/2 RTP/AVP 31\r\n",
                "v=0\r\no=- 1 2 IN IP4 192.0.2.1\r\ns=-\r\nm=video 49170/2 RTP/AVP 31\r\n",
            ),
        ];
        for (input, canonical) in cases {
            let sdp = p(input).unwrap_or_else(|e| panic!("{input:?}: {e}"));
            assert_eq!(sdp.to_string(), *canonical, "{input:?}");
            assert_eq!(p(canonical).as_ref(), Ok(&sdp), "{input:?}");
        }
    }

    /// The location of 1-based line `line` of `input`.
    fn loc(input: &str, line: usize) -> Location {
        let offset = input
            .split_inclusive('\n')
            .take(line - 1)
            .map(str::len)
            .sum();
        Location { line, offset }
    }

    type MakeErr = Box<dyn Fn(Location) -> SdpError>;

    fn expected(letter: char) -> MakeErr {
        Box::new(move |at| SdpError::Expected { letter, at })
    }
    fn order(letter: char) -> MakeErr {
        Box::new(move |at| SdpError::OutOfOrder { letter, at })
    }
    fn field(letter: char, fault: Fault) -> MakeErr {
        Box::new(move |at| SdpError::BadField { letter, fault, at })
    }
    fn limit(limit: Limit, max: usize) -> MakeErr {
        Box::new(move |at| SdpError::LimitExceeded { limit, max, at })
    }

    /// RFC 8866 §5 and §9: rejected inputs, the line at fault and the
    /// error.
    #[test]
    fn rejected() {
        let o = "o=- 1 2 IN IP4 192.0.2.1\r\n";
        let m = "m=audio 9 RTP/AVP 0\r\n";
        let empty: MakeErr = Box::new(|at| SdpError::EmptyLine { at });
        let line: fn() -> MakeErr = || Box::new(|at| SdpError::BadLine { at });
        let ctrl: fn() -> MakeErr = || Box::new(|at| SdpError::ControlCharacter { at });
        let cases: Vec<(String, usize, MakeErr)> = vec![
            ("".into(), 1, expected('v')),
            (format!("{o}v=0\r\n"), 1, expected('v')),
            ("v=0\r\ns=-\r\n".into(), 2, expected('o')),
            ("v=0\r\n".into(), 2, expected('o')),
            (format!("v=0\r\n{o}"), 3, expected('s')),
            (format!("v=0\r\n{o}t=0 0\r\n"), 3, expected('s')),
            (format!("v=0\r\n{o}{m}"), 3, expected('s')),
            (format!("{HEAD}v=0\r\n"), 4, order('v')),
            (format!("{HEAD}o=- 1 2 IN IP4 h\r\n"), 4, order('o')),
            (format!("{HEAD}t=0 0\r\nc=IN IP4 x\r\n"), 5, order('c')),
            (format!("{HEAD}i=a\r\ni=b\r\n"), 5, order('i')),
            (format!("{HEAD}a=x\r\nb=AS:1\r\n"), 5, order('b')),
            (format!("{HEAD}r=1 2 3\r\n"), 4, order('r')),
            (format!("{HEAD}z=1 2\r\n"), 4, order('z')),
            (format!("{HEAD}t=0 0\r\nz=1 2\r\nz=1 2\r\n"), 6, order('z')),
            (
                format!("{HEAD}t=0 0\r\nz=1 2\r\nr=1 2 3\r\n"),
                6,
                order('r'),
            ),
            (format!("{HEAD}k=x\r\nt=0 0\r\n"), 5, order('t')),
            (format!("{HEAD}{m}t=0 0\r\n"), 5, order('t')),
            (format!("{HEAD}{m}a=x\r\nc=IN IP4 x\r\n"), 6, order('c')),
            (format!("{HEAD}{m}k=a\r\ni=b\r\n"), 6, order('i')),
            (format!("{HEAD}{m}k=a\r\nk=b\r\n"), 6, order('k')),
            (format!("{HEAD}{m}s=x\r\n"), 5, order('s')),
            (format!("{HEAD}\r\nt=0 0\r\n"), 4, empty),
            (format!("{HEAD}t =0 0\r\n"), 4, line()),
            (format!("{HEAD}1=0 0\r\n"), 4, line()),
            (format!("{HEAD}=0\r\n"), 4, line()),
            (format!("{HEAD}a\r\n"), 4, line()),
            (format!("{HEAD}t=0\r0\r\n"), 4, ctrl()),
            (format!("{HEAD}a=x\0\r\n"), 4, ctrl()),
            (
                "v=x\r\n".into(),
                1,
                field('v', Fault::Number("proto-version")),
            ),
            (
                "v=4294967296\r\n".into(),
                1,
                field('v', Fault::Number("proto-version")),
            ),
            ("v=0 0\r\n".into(), 1, field('v', Fault::Trailing)),
            (
                "v=0\r\no=- 1 x IN IP4 h\r\n".into(),
                2,
                field('o', Fault::Number("sess-version")),
            ),
            (
                "v=0\r\no=- 1 18446744073709551616 IN IP4 h\r\n".into(),
                2,
                field('o', Fault::Number("sess-version")),
            ),
            (
                "v=0\r\no=- 1 2 IN IP4\r\n".into(),
                2,
                field('o', Fault::Missing("unicast-address")),
            ),
            (
                "v=0\r\no=- 1 2 IN IP4 h x\r\n".into(),
                2,
                field('o', Fault::Trailing),
            ),
            (
                "v=0\r\no=- 1 2 I\"N IP4 h\r\n".into(),
                2,
                field('o', Fault::Syntax("nettype")),
            ),
            (
                "v=0\r\no=\r\n".into(),
                2,
                field('o', Fault::Missing("username")),
            ),
            (
                format!("{HEAD}c=IN IP4\r\n"),
                4,
                field('c', Fault::Missing("connection-address")),
            ),
            (
                format!("{HEAD}b=AS\r\n"),
                4,
                field('b', Fault::Missing("bandwidth")),
            ),
            (
                format!("{HEAD}b=AS:x\r\n"),
                4,
                field('b', Fault::Number("bandwidth")),
            ),
            (
                format!("{HEAD}b=A S:1\r\n"),
                4,
                field('b', Fault::Syntax("bwtype")),
            ),
            (
                format!("{HEAD}t=0\r\n"),
                4,
                field('t', Fault::Missing("stop-time")),
            ),
            (
                format!("{HEAD}t=0 -1\r\n"),
                4,
                field('t', Fault::Number("stop-time")),
            ),
            (format!("{HEAD}t=0 0 0\r\n"), 4, field('t', Fault::Trailing)),
            (
                format!("{HEAD}a=:x\r\n"),
                4,
                field('a', Fault::Syntax("attribute-name")),
            ),
            (
                format!("{HEAD}a=a b\r\n"),
                4,
                field('a', Fault::Syntax("attribute-name")),
            ),
            (
                format!("{HEAD}a=\r\n"),
                4,
                field('a', Fault::Syntax("attribute-name")),
            ),
            (
                format!("{HEAD}m=audio\r\n"),
                4,
                field('m', Fault::Missing("port")),
            ),
            (
                format!("{HEAD}m=audio 65536 RTP/AVP 0\r\n"),
                4,
                field('m', Fault::Number("port")),
            ),
            (
                format!("{HEAD}m=audio 9/x RTP/AVP 0\r\n"),
                4,
                field('m', Fault::Number("number of ports")),
            ),
            (
                format!("{HEAD}m=audio 9\r\n"),
                4,
                field('m', Fault::Missing("proto")),
            ),
            (
                format!("{HEAD}m=audio 9 RTP//AVP 0\r\n"),
                4,
                field('m', Fault::Syntax("proto")),
            ),
            (
                format!("{HEAD}m=audio 9 RTP/AVP 0 (\r\n"),
                4,
                field('m', Fault::Syntax("fmt")),
            ),
            (
                format!("{HEAD}m=au\"dio 9 RTP/AVP 0\r\n"),
                4,
                field('m', Fault::Syntax("media")),
            ),
            (
                format!("{HEAD}{m}m=\r\n"),
                5,
                field('m', Fault::Missing("media")),
            ),
            (
                format!("{HEAD}{m}c=IN\r\n"),
                5,
                field('c', Fault::Missing("addrtype")),
            ),
        ];
        for (input, line, want) in cases {
            assert_eq!(p(&input), Err(want(loc(&input, line))), "{input:?}");
        }
    }

    #[test]
    fn invalid_utf8_is_located() {
        let mut input = format!("{HEAD}a=x").into_bytes();
        input.extend_from_slice(&[0xff, b'\r', b'\n']);
        assert_eq!(
            Sdp::parse_default(&input),
            Err(SdpError::InvalidUtf8 {
                at: at(4, 36),
                byte: 39
            })
        );
    }

    /// Every [`ParseLimits`] figure the SDP parser enforces.
    #[test]
    fn limits() {
        let limits = ParseLimits {
            max_body_bytes: 200,
            max_line_bytes: 40,
            max_sdp_media: 2,
            max_sdp_formats: 3,
            max_sdp_attributes: 2,
            ..ParseLimits::DEFAULT
        };
        let big = format!("{HEAD}{}", "a=x\r\n".repeat(40));
        assert_eq!(
            Sdp::parse(big.as_bytes(), &limits),
            Err(SdpError::BodyTooLarge {
                len: big.len(),
                max: 200
            })
        );
        let m = "m=audio 9 RTP/AVP 0\r\n";
        let cases: Vec<(String, usize, MakeErr)> = vec![
            (
                format!("{HEAD}a={}\r\n", "x".repeat(39)),
                4,
                limit(Limit::LineBytes, 40),
            ),
            (format!("{HEAD}{m}{m}{m}"), 6, limit(Limit::Media, 2)),
            (
                format!("{HEAD}m=audio 9 RTP/AVP 0 1 2 3\r\n"),
                4,
                limit(Limit::Formats, 3),
            ),
            (
                format!("{HEAD}a=1\r\na=2\r\na=3\r\n"),
                6,
                limit(Limit::Attributes, 2),
            ),
            (
                format!("{HEAD}{m}a=1\r\na=2\r\na=3\r\n"),
                7,
                limit(Limit::Attributes, 2),
            ),
        ];
        for (input, line, want) in cases {
            assert_eq!(
                Sdp::parse(input.as_bytes(), &limits),
                Err(want(loc(&input, line))),
                "{input:?}"
            );
        }
        // Exactly at each limit is fine.
        let ok = format!("{HEAD}a=1\r\na=2\r\nm=audio 9 RTP/AVP 0 1 2\r\na=1\r\na=2\r\n");
        assert!(Sdp::parse(ok.as_bytes(), &limits).is_ok());
    }

    /// Typed attribute values: accepted values and their canonical form.
    #[test]
    fn typed_values_roundtrip() {
        fn check<T: crate::sdp::TypedAttribute + std::fmt::Debug + PartialEq>(
            cases: &[(&str, &str)],
        ) {
            for (input, canonical) in cases {
                let v = T::parse_value(input).unwrap_or_else(|e| panic!("{input:?}: {e}"));
                assert_eq!(v.to_string(), *canonical, "{input:?}");
                assert_eq!(T::parse_value(canonical).as_ref(), Ok(&v), "{input:?}");
            }
        }
        check::<RtpMap>(&[
            ("0 PCMU/8000", "0 PCMU/8000"),
            ("111 opus/48000/2", "111 opus/48000/2"),
            ("96  H264/90000 ", "96 H264/90000"),
        ]);
        check::<Fmtp>(&[
            ("101 0-15", "101 0-15"),
            (
                "111 minptime=10;useinbandfec=1",
                "111 minptime=10;useinbandfec=1",
            ),
            ("101", "101"),
        ]);
        check::<Ptime>(&[
            ("20", "20"),
            ("20.0", "20"),
            ("0.5", "1"),
            ("22.5", "23"),
            ("0.1", "1"),
        ]);
        check::<MaxPtime>(&[("150", "150")]);
        check::<Rtcp>(&[
            ("53020", "53020"),
            ("53020 IN IP6 2001:db8::1", "53020 IN IP6 2001:db8::1"),
        ]);
        check::<Group>(&[("BUNDLE 0 1", "BUNDLE 0 1"), ("LS", "LS")]);
        check::<Ssrc>(&[
            ("1 cname:a b", "1 cname:a b"),
            ("4294967295 msid:s t", "4294967295 msid:s t"),
            ("7 x", "7 x"),
        ]);
        check::<SsrcGroup>(&[("FID 1 2", "FID 1 2")]);
        check::<Candidate>(&[
            (
                "1 1 UDP 2130706431 10.0.1.1 8998 typ host generation 0",
                "1 1 UDP 2130706431 10.0.1.1 8998 typ host generation 0",
            ),
            (
                "2 1 udp 1694498815 192.0.2.3 45664 TYP SRFLX raddr 10.0.1.1 rport 8998",
                "2 1 udp 1694498815 192.0.2.3 45664 typ srflx raddr 10.0.1.1 rport 8998",
            ),
            (
                "a+/ 2 TCP 1 ::1 9 typ relay tcptype active rport 9 raddr ::",
                "a+/ 2 TCP 1 ::1 9 typ relay raddr :: rport 9 tcptype active",
            ),
            ("3 256 UDP 1 h 1 typ tok", "3 256 UDP 1 h 1 typ tok"),
        ]);
        check::<IceOptions>(&[("trickle ice2", "trickle ice2")]);
        check::<Fingerprint>(&[
            ("sha-256 AB:cd:09", "sha-256 AB:CD:09"),
            ("SHA-1 00", "SHA-1 00"),
        ]);
        check::<Setup>(&[
            ("actpass", "actpass"),
            ("ACTIVE", "active"),
            ("holdconn", "holdconn"),
        ]);
        check::<Crypto>(&[
            (
                "1 AES_CM_128_HMAC_SHA1_80 inline:PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR|2^20|1:32",
                "1 AES_CM_128_HMAC_SHA1_80 inline:PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR|2^20|1:32",
            ),
            (
                "999999999 F8_128_HMAC_SHA1_80 inline:a;inline:b KDR=1 UNENCRYPTED_SRTCP",
                "999999999 F8_128_HMAC_SHA1_80 inline:a;inline:b KDR=1 UNENCRYPTED_SRTCP",
            ),
        ]);
        check::<RtcpFb>(&[
            ("* nack", "* nack"),
            ("96 nack pli", "96 nack pli"),
            ("96 ccm fir", "96 ccm fir"),
            ("* trr-int 100", "* trr-int 100"),
            ("98 ack app foo bar", "98 ack app foo bar"),
        ]);
        check::<Extmap>(&[
            (
                "1 urn:ietf:params:rtp-hdrext:ssrc-audio-level",
                "1 urn:ietf:params:rtp-hdrext:ssrc-audio-level",
            ),
            ("2/sendonly urn:x vad=on x", "2/sendonly urn:x vad=on x"),
        ]);
        check::<Path>(&[(
            "msrp://a.example:7777/iau39;tcp msrp://b.example:8888/9di4ea;tcp",
            "msrp://a.example:7777/iau39;tcp msrp://b.example:8888/9di4ea;tcp",
        )]);
        check::<AcceptTypes>(&[("message/cpim text/plain *", "message/cpim text/plain *")]);
        check::<AcceptWrappedTypes>(&[("text/* image/png", "text/* image/png")]);
        check::<MaxSize>(&[("18446744073709551615", "18446744073709551615")]);
    }

    /// Typed attribute values that must be rejected, and why.
    #[test]
    fn typed_values_rejected() {
        fn check<T: crate::sdp::TypedAttribute + std::fmt::Debug>(cases: &[(&str, Fault)]) {
            for (input, fault) in cases {
                assert_eq!(
                    T::parse_value(input).err(),
                    Some(SdpError::BadAttribute {
                        name: T::NAME,
                        fault: *fault
                    }),
                    "{input:?}"
                );
            }
        }
        check::<RtpMap>(&[
            ("128 x/8000", Fault::Number("payload type")),
            ("0 PCMU", Fault::Missing("clock rate")),
            ("0 PCMU/x", Fault::Number("clock rate")),
            ("0 PCMU/8000/1/2", Fault::Trailing),
            ("0 PCMU/8000 x", Fault::Trailing),
            ("0", Fault::Missing("encoding name")),
            ("0 /8000", Fault::Syntax("encoding name")),
        ]);
        check::<Fmtp>(&[("", Fault::Syntax("format"))]);
        check::<Ptime>(&[
            ("0", Fault::Number("ptime")),
            ("0.0", Fault::Number("ptime")),
            ("x", Fault::Number("ptime")),
            ("1.", Fault::Number("ptime")),
            ("4294967295.9", Fault::Number("ptime")),
            ("", Fault::Missing("ptime")),
        ]);
        check::<Rtcp>(&[
            ("x", Fault::Number("port")),
            ("9 IN", Fault::Missing("addrtype")),
            ("9 IN IP4 h x", Fault::Trailing),
        ]);
        check::<Ssrc>(&[
            ("1", Fault::Missing("attribute")),
            ("4294967296 cname:x", Fault::Number("ssrc-id")),
        ]);
        check::<SsrcGroup>(&[("FID 1 x", Fault::Number("ssrc-id"))]);
        check::<Candidate>(&[
            ("1 1 UDP 1 h 9", Fault::Missing("typ")),
            ("1 1 UDP 1 h 9 type host", Fault::Keyword("typ")),
            ("1 1 UDP 1 h 9 typ", Fault::Missing("cand-type")),
            ("1 0 UDP 1 h 9 typ host", Fault::Number("component-id")),
            ("1 257 UDP 1 h 9 typ host", Fault::Number("component-id")),
            ("1 1 UDP 4294967296 h 9 typ host", Fault::Number("priority")),
            ("1 1 UDP 1 h 65536 typ host", Fault::Number("port")),
            ("f-1 1 UDP 1 h 9 typ host", Fault::Syntax("foundation")),
            (
                "1 1 UDP 1 h 9 typ host generation",
                Fault::Missing("extension-att-value"),
            ),
            ("1 1 UDP 1 h 9 typ srflx rport x", Fault::Number("rel-port")),
        ]);
        check::<IceOptions>(&[("", Fault::Missing("ice-option-tag"))]);
        check::<Fingerprint>(&[
            ("sha-256", Fault::Missing("fingerprint")),
            ("sha-256 AB:C", Fault::Syntax("fingerprint")),
            ("sha-256 AB::CD", Fault::Syntax("fingerprint")),
            ("sha-256 ABCD", Fault::Syntax("fingerprint")),
            ("sha-256 GG", Fault::Syntax("fingerprint")),
            ("sha-256 AB:", Fault::Syntax("fingerprint")),
            ("sha-256 AB CD", Fault::Trailing),
        ]);
        check::<Setup>(&[
            ("both", Fault::Keyword("role")),
            ("", Fault::Missing("role")),
        ]);
        check::<Crypto>(&[
            ("1234567890 S inline:x", Fault::Number("tag")),
            ("1 S", Fault::Missing("key-params")),
        ]);
        check::<RtcpFb>(&[("*", Fault::Missing("rtcp-fb-val"))]);
        check::<Extmap>(&[
            ("1/both urn:x", Fault::Keyword("direction")),
            ("x urn:x", Fault::Number("extmap id")),
            ("1", Fault::Missing("URI")),
        ]);
        check::<Path>(&[("", Fault::Missing("MSRP URI"))]);
        check::<MaxSize>(&[("-1", Fault::Number("max-size")), ("1 2", Fault::Trailing)]);
    }

    #[test]
    fn attribute_without_value_is_a_typed_error() {
        let a = Attribute::flag("rtpmap");
        assert_eq!(
            a.decode::<RtpMap>(),
            Err(SdpError::BadAttribute {
                name: "rtpmap",
                fault: Fault::Missing("value")
            })
        );
    }
}
