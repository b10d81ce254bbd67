//! Writer: canonical RFC 8866 text with CRLF line ends.
//!
//! Fields are separated by one SP. Text fields are written without CR, LF
//! and NUL; single-word fields without SP or control characters (and as
//! `-` when nothing is left), so whatever the public fields hold, every
//! line stays one line with the right number of fields.

use std::fmt::{self, Display, Formatter, Write as _};

use super::model::{
    AcceptTypes, AcceptWrappedTypes, Attribute, Bandwidth, Candidate, CandidateType, Connection,
    Crypto, Direction, Extmap, Fingerprint, Fmtp, Group, IceOptions, MaxPtime, MaxSize, Media,
    Origin, Path, Ptime, Rtcp, RtcpFb, RtpMap, Sdp, Setup, Ssrc, SsrcGroup, Timing, UnknownLine,
    is_unknown_letter,
};
use super::parse::is_token_byte;

const CRLF: &str = "\r\n";

/// Text written without CR, LF and NUL.
struct Text<'a>(&'a str);

impl Display for Text<'_> {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        let bad = |c: char| matches!(c, '\r' | '\n' | '\0');
        if !self.0.contains(bad) {
            return f.write_str(self.0);
        }
        for c in self.0.chars().filter(|&c| !bad(c)) {
            f.write_char(c)?;
        }
        Ok(())
    }
}

/// A single-word field: written without SP and control characters, and
/// as `-` when nothing would be left.
struct Word<'a>(&'a str);

impl Display for Word<'_> {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        let bad = |c: char| c == ' ' || c.is_ascii_control();
        if !self.0.is_empty() && !self.0.contains(bad) {
            return f.write_str(self.0);
        }
        let mut any = false;
        for c in self.0.chars().filter(|&c| !bad(c)) {
            any = true;
            f.write_char(c)?;
        }
        if !any {
            f.write_char('-')?;
        }
        Ok(())
    }
}

/// A token field: written with only RFC 8866 `token-char`s, and as `-`
/// when nothing would be left.
struct Token<'a>(&'a str);

impl Display for Token<'_> {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        if !self.0.is_empty() && self.0.bytes().all(is_token_byte) {
            return f.write_str(self.0);
        }
        let mut any = false;
        for b in self.0.bytes().filter(|&b| is_token_byte(b)) {
            any = true;
            f.write_char(char::from(b))?;
        }
        if !any {
            f.write_char('-')?;
        }
        Ok(())
    }
}

/// A `proto` field: tokens joined by `/`, written with only token
/// characters, empty components dropped, and as `-` when nothing is left.
struct Proto<'a>(&'a str);

impl Display for Proto<'_> {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        if self
            .0
            .split('/')
            .all(|p| !p.is_empty() && p.bytes().all(is_token_byte))
        {
            return f.write_str(self.0);
        }
        let mut first = true;
        for part in self.0.split('/') {
            if !part.bytes().any(is_token_byte) {
                continue;
            }
            if !first {
                f.write_char('/')?;
            }
            first = false;
            Token(part).fmt(f)?;
        }
        if first {
            f.write_char('-')?;
        }
        Ok(())
    }
}

/// Words separated by SP.
struct Words<'a>(&'a [String]);

impl Display for Words<'_> {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        for (i, w) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_char(' ')?;
            }
            Word(w).fmt(f)?;
        }
        Ok(())
    }
}

/// Writes the known lines of one section and interleaves its lines of
/// unknown type at their recorded positions.
struct Section<'a, 'f, 'b> {
    f: &'f mut Formatter<'b>,
    unknown: &'a [UnknownLine],
    next: usize,
    known: usize,
}

impl<'a, 'f, 'b> Section<'a, 'f, 'b> {
    fn new(f: &'f mut Formatter<'b>, unknown: &'a [UnknownLine]) -> Self {
        Section {
            f,
            unknown,
            next: 0,
            known: 0,
        }
    }

    /// Writes the unknown lines due before known line number `known`
    /// (`usize::MAX`: all that are left).
    fn flush(&mut self, known: usize) -> fmt::Result {
        while let Some(u) = self.unknown.get(self.next) {
            if u.after > known {
                break;
            }
            if is_unknown_letter(u.letter) {
                write!(self.f, "{}={}{CRLF}", u.letter, Text(&u.value))?;
            }
            self.next = self.next.saturating_add(1);
        }
        Ok(())
    }

    /// Writes one known line `<letter>=<value>`.
    fn line(&mut self, letter: char, value: impl Display) -> fmt::Result {
        self.flush(self.known)?;
        write!(self.f, "{letter}={value}{CRLF}")?;
        self.known = self.known.saturating_add(1);
        Ok(())
    }

    fn finish(mut self) -> fmt::Result {
        self.flush(usize::MAX)
    }
}

impl Display for Sdp {
    /// The whole description, every line ending in CRLF.
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        write!(f, "v={}{CRLF}", self.version)?;
        let mut s = Section::new(f, &self.unknown);
        s.line('o', &self.origin)?;
        s.line('s', Text(&self.session_name))?;
        if let Some(i) = &self.information {
            s.line('i', Text(i))?;
        }
        if let Some(u) = &self.uri {
            s.line('u', Text(u))?;
        }
        for e in &self.emails {
            s.line('e', Text(e))?;
        }
        for p in &self.phones {
            s.line('p', Text(p))?;
        }
        if let Some(c) = &self.connection {
            s.line('c', c)?;
        }
        for b in &self.bandwidths {
            s.line('b', b)?;
        }
        for t in &self.timings {
            s.line('t', t)?;
            for r in &t.repeats {
                s.line('r', Text(r))?;
            }
            if let Some(z) = &t.zone {
                s.line('z', Text(z))?;
            }
        }
        if let Some(k) = &self.key {
            s.line('k', Text(k))?;
        }
        for a in &self.attributes {
            s.line('a', a)?;
        }
        s.finish()?;
        for m in &self.media {
            m.fmt(f)?;
        }
        Ok(())
    }
}

impl Display for Media {
    /// The whole media section: the `m=` line and the lines after it,
    /// each ending in CRLF.
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        write!(f, "m={} {}", Token(&self.media), self.port)?;
        if let Some(n) = self.port_count {
            write!(f, "/{n}")?;
        }
        write!(f, " {}", Proto(&self.proto))?;
        for fmt in &self.formats {
            write!(f, " {}", Token(fmt))?;
        }
        f.write_str(CRLF)?;
        let mut s = Section::new(f, &self.unknown);
        if let Some(i) = &self.information {
            s.line('i', Text(i))?;
        }
        for c in &self.connections {
            s.line('c', c)?;
        }
        for b in &self.bandwidths {
            s.line('b', b)?;
        }
        if let Some(k) = &self.key {
            s.line('k', Text(k))?;
        }
        for a in &self.attributes {
            s.line('a', a)?;
        }
        s.finish()
    }
}

impl Display for Origin {
    /// The `o=` value.
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} {} {} {} {} {}",
            Word(&self.username),
            Word(&self.session_id),
            self.session_version,
            Token(&self.nettype),
            Token(&self.addrtype),
            Word(&self.address)
        )
    }
}

impl Display for Connection {
    /// The `c=` value.
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} {} {}",
            Token(&self.nettype),
            Token(&self.addrtype),
            Word(&self.address)
        )
    }
}

impl Display for Bandwidth {
    /// The `b=` value.
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", Token(&self.bwtype), self.bandwidth)
    }
}

impl Display for Timing {
    /// The `t=` value (`<start> <stop>`; the `r=` and `z=` lines are
    /// written by the description).
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.start, self.stop)
    }
}

impl Display for Attribute {
    /// `<name>` or `<name>:<value>` (the `a=` line without `a=`).
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        Token(&self.name).fmt(f)?;
        if let Some(v) = &self.value {
            write!(f, ":{}", Text(v))?;
        }
        Ok(())
    }
}

impl Display for UnknownLine {
    /// `<letter>=<value>`.
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        write!(f, "{}={}", self.letter, Text(&self.value))
    }
}

impl Display for RtpMap {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} {}/{}",
            self.payload_type,
            Token(&self.encoding),
            self.clock_rate
        )?;
        if let Some(c) = self.channels {
            write!(f, "/{c}")?;
        }
        Ok(())
    }
}

impl Display for Fmtp {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        Token(&self.format).fmt(f)?;
        if !self.params.is_empty() {
            write!(f, " {}", Text(&self.params))?;
        }
        Ok(())
    }
}

impl Display for Ptime {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

impl Display for MaxPtime {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

impl Display for Direction {
    /// The attribute name (`sendrecv`, ...).
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Display for Rtcp {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        self.port.fmt(f)?;
        if let Some(c) = &self.connection {
            write!(f, " {c}")?;
        }
        Ok(())
    }
}

impl Display for Group {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        Token(&self.semantics).fmt(f)?;
        for t in &self.tags {
            write!(f, " {}", Token(t))?;
        }
        Ok(())
    }
}

impl Display for Ssrc {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.id, Token(&self.attribute))?;
        if let Some(v) = &self.value {
            write!(f, ":{}", Text(v))?;
        }
        Ok(())
    }
}

impl Display for SsrcGroup {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        Token(&self.semantics).fmt(f)?;
        for s in &self.ssrcs {
            write!(f, " {s}")?;
        }
        Ok(())
    }
}

impl Display for CandidateType {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        Token(self.as_str()).fmt(f)
    }
}

impl Display for Candidate {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} {} {} {} {} {} typ {}",
            Word(&self.foundation),
            self.component,
            Token(&self.transport),
            self.priority,
            Word(&self.address),
            self.port,
            self.typ
        )?;
        if let Some(a) = &self.raddr {
            write!(f, " raddr {}", Word(a))?;
        }
        if let Some(p) = self.rport {
            write!(f, " rport {p}")?;
        }
        for (n, v) in &self.extensions {
            write!(f, " {} {}", Token(n), Word(v))?;
        }
        Ok(())
    }
}

impl Display for IceOptions {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        Words(&self.0).fmt(f)
    }
}

impl Display for Fingerprint {
    /// `<hash-func> <HEX:HEX:...>`, upper-case hex (RFC 8122 §5).
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        Token(&self.hash_func).fmt(f)?;
        for (i, b) in self.value.iter().enumerate() {
            let sep = if i == 0 { ' ' } else { ':' };
            write!(f, "{sep}{b:02X}")?;
        }
        Ok(())
    }
}

impl Display for Setup {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Display for Crypto {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} {} {}",
            self.tag,
            Token(&self.suite),
            Word(&self.key_params)
        )?;
        for p in &self.session_params {
            write!(f, " {}", Word(p))?;
        }
        Ok(())
    }
}

impl Display for RtcpFb {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", Token(&self.format), Token(&self.fb_type))?;
        if let Some(s) = &self.subtype {
            write!(f, " {}", Text(s))?;
        }
        Ok(())
    }
}

impl Display for Extmap {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        self.id.fmt(f)?;
        if let Some(d) = self.direction {
            write!(f, "/{d}")?;
        }
        write!(f, " {}", Word(&self.uri))?;
        if let Some(a) = &self.attributes {
            write!(f, " {}", Text(a))?;
        }
        Ok(())
    }
}

impl Display for Path {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        Words(&self.0).fmt(f)
    }
}

impl Display for AcceptTypes {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        Words(&self.0).fmt(f)
    }
}

impl Display for AcceptWrappedTypes {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        Words(&self.0).fmt(f)
    }
}

impl Display for MaxSize {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}
