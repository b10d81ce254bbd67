//! The SIP message model: start line, header rows in order, body.

use super::error::{HeaderError, ValueFault};
use super::header_name::HeaderName;
use super::method::Method;
use super::status::StatusCode;
use crate::grammar::{
    decimal_len, eq_ic, is_token, is_wsp, push_decimal, push_decimal_bytes, split_list,
};
use crate::limits::ParseLimits;
use crate::uri::{Span, Uri};

/// How the bytes given to the parser are framed by the transport
/// (RFC 3261 §18.3).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Framing {
    /// TCP, TLS, SCTP, WebSocket: the body is `Content-Length` bytes, which
    /// must be present; bytes after the message belong to the next one.
    Stream,
    /// UDP: the input is one datagram; without `Content-Length` the body
    /// runs to its end, and bytes beyond `Content-Length` are discarded.
    Datagram,
}

/// The first line of a message.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum StartLine {
    /// `Method SP Request-URI SP SIP/2.0`.
    Request {
        /// The method.
        method: Method,
        /// The Request-URI (any absolute URI).
        uri: Uri,
    },
    /// `SIP/2.0 SP Status-Code SP Reason-Phrase`.
    Response {
        /// The status code.
        code: StatusCode,
        /// The reason phrase as received (free text; never interpret it).
        reason: Box<str>,
    },
}

/// One header row: its name as written and its value, unfolded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Header<'a> {
    /// The known name, or [`HeaderName::Other`].
    pub name: HeaderName,
    /// The name exactly as written (`v`, `VIA`, `X-Custom`).
    pub raw_name: &'a str,
    /// The value with folding removed and surrounding whitespace trimmed.
    pub value: &'a str,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) struct Entry {
    pub(crate) name: HeaderName,
    pub(crate) raw_name: Span,
    pub(crate) value: Span,
}

/// A SIP request or response.
///
/// The message owns a copy of its text. Header rows are indexed once when
/// the message is parsed; a typed header value (see the accessors such as
/// [`SipMessage::from_header`]) is decoded from its row each time it is
/// asked for, borrowing from the message.
///
/// ```
/// use sip_xmpp::sip::{Framing, SipMessage};
/// let bytes = b"MESSAGE sip:user2@domain.com SIP/2.0\r\n\
/// Via: SIP/2.0/TCP user1pc.domain.com;branch=z9hG4bK776sgdkse\r\n\
/// Max-Forwards: 70\r\n\
/// From: sip:user1@domain.com;tag=49583\r\n\
/// To: sip:user2@domain.com\r\n\
/// Call-ID: asd88asd77a@1.2.3.4\r\n\
/// CSeq: 1 MESSAGE\r\n\
/// Content-Type: text/plain\r\n\
/// Content-Length: 18\r\n\
/// \r\n\
/// Watson, come here.";
/// let m = SipMessage::parse(bytes, Framing::Stream).unwrap();
/// m.validate().unwrap();
/// assert_eq!(m.from_header().unwrap().tag(), Some("49583"));
/// assert_eq!(m.cseq().unwrap().seq, 1);
/// assert_eq!(m.body(), b"Watson, come here.");
/// assert_eq!(m.to_bytes(), bytes);
/// ```
#[derive(Debug, Clone)]
pub struct SipMessage {
    /// Start line and header rows as received, followed by any unfolded or
    /// added values.
    pub(crate) head: String,
    pub(crate) start: StartLine,
    pub(crate) headers: Vec<Entry>,
    pub(crate) body: Vec<u8>,
    /// Limits the message was parsed with; typed accessors decode URIs
    /// under the same `max_uri_bytes`.
    pub(crate) limits: ParseLimits,
}

impl SipMessage {
    /// A request with no headers and no body; add headers with
    /// [`push_header`](Self::push_header) or use
    /// [`RequestBuilder`](super::RequestBuilder).
    pub fn new_request(method: Method, uri: Uri) -> SipMessage {
        SipMessage {
            // Room for the usual dozen header rows of a request.
            head: String::with_capacity(384),
            start: StartLine::Request { method, uri },
            headers: Vec::with_capacity(12),
            body: Vec::new(),
            limits: ParseLimits::DEFAULT,
        }
    }

    /// A response with the code's default reason phrase, no headers and no
    /// body. [`SipMessage::make_response`] builds a response to a request.
    pub fn new_response(code: StatusCode) -> SipMessage {
        SipMessage {
            head: String::new(),
            start: StartLine::Response {
                code,
                reason: Box::from(code.canonical_reason()),
            },
            headers: Vec::new(),
            body: Vec::new(),
            limits: ParseLimits::DEFAULT,
        }
    }

    /// The start line.
    pub fn start_line(&self) -> &StartLine {
        &self.start
    }

    /// Whether this is a request.
    pub fn is_request(&self) -> bool {
        matches!(self.start, StartLine::Request { .. })
    }

    /// The method of a request (`None` for a response; use
    /// [`cseq`](Self::cseq) for the method a response answers).
    pub fn method(&self) -> Option<&Method> {
        match &self.start {
            StartLine::Request { method, .. } => Some(method),
            StartLine::Response { .. } => None,
        }
    }

    /// The Request-URI of a request.
    pub fn request_uri(&self) -> Option<&Uri> {
        match &self.start {
            StartLine::Request { uri, .. } => Some(uri),
            StartLine::Response { .. } => None,
        }
    }

    /// The status code of a response.
    pub fn status(&self) -> Option<StatusCode> {
        match &self.start {
            StartLine::Response { code, .. } => Some(*code),
            StartLine::Request { .. } => None,
        }
    }

    /// The reason phrase of a response.
    pub fn reason_phrase(&self) -> Option<&str> {
        match &self.start {
            StartLine::Response { reason, .. } => Some(reason),
            StartLine::Request { .. } => None,
        }
    }

    /// Replaces the reason phrase of a response. Control characters (CR and
    /// LF among them) are replaced by spaces.
    pub fn set_reason_phrase(&mut self, text: &str) {
        if let StartLine::Response { reason, .. } = &mut self.start {
            *reason = text
                .chars()
                .map(|c| if c.is_control() && c != '\t' { ' ' } else { c })
                .collect::<String>()
                .into_boxed_str();
        }
    }

    /// The body.
    pub fn body(&self) -> &[u8] {
        &self.body
    }

    /// Every header row in order.
    pub fn headers(&self) -> impl ExactSizeIterator<Item = Header<'_>> + '_ {
        self.headers.iter().map(|e| self.header_at(e))
    }

    fn header_at(&self, e: &Entry) -> Header<'_> {
        Header {
            name: e.name,
            raw_name: e.raw_name.of(&self.head),
            value: e.value.of(&self.head),
        }
    }

    /// Number of header rows.
    pub fn header_count(&self) -> usize {
        self.headers.len()
    }

    /// The value of the first row called `name` (case-insensitive; long
    /// and compact forms of known headers are the same header).
    pub fn header<'s>(&'s self, name: &str) -> Option<&'s str> {
        let known = HeaderName::from_name(name);
        self.headers
            .iter()
            .find(|e| {
                e.name == known
                    && (known != HeaderName::Other || eq_ic(e.raw_name.of(&self.head), name))
            })
            .map(|e| e.value.of(&self.head))
    }

    /// The values of every row called `name`, in order.
    pub fn header_values<'s>(&'s self, name: &'s str) -> impl Iterator<Item = &'s str> + 's {
        let known = HeaderName::from_name(name);
        self.headers
            .iter()
            .filter(move |e| {
                e.name == known
                    && (known != HeaderName::Other || eq_ic(e.raw_name.of(&self.head), name))
            })
            .map(|e| e.value.of(&self.head))
    }

    /// The values of every row of a known header, in order.
    pub fn rows(&self, name: HeaderName) -> impl Iterator<Item = &str> + '_ {
        self.headers
            .iter()
            .filter(move |e| e.name == name)
            .map(|e| e.value.of(&self.head))
    }

    /// The elements of a list header: every row split on the commas that
    /// separate elements (not those inside quotes or `<...>`), in order.
    pub fn list(&self, name: HeaderName) -> impl Iterator<Item = &str> + '_ {
        self.rows(name).flat_map(split_list)
    }

    /// The one row of a single-valued header: `Ok(None)` when absent, an
    /// error when repeated.
    pub fn single(&self, name: HeaderName) -> Result<Option<&str>, HeaderError> {
        let mut it = self.rows(name);
        let first = it.next();
        if first.is_some() && it.next().is_some() {
            return Err(HeaderError::Multiple {
                name: name.as_str(),
            });
        }
        Ok(first)
    }

    /// The one row of a mandatory single-valued header.
    pub fn required(&self, name: HeaderName) -> Result<&str, HeaderError> {
        self.single(name)?.ok_or(HeaderError::Missing {
            name: name.as_str(),
        })
    }

    /// Appends a header row. `name` must be a token; `value` must not hold
    /// CR or LF (header injection) and is trimmed of surrounding spaces.
    pub fn push_header(&mut self, name: &str, value: &str) -> Result<(), HeaderError> {
        let entry = self.store(name, value)?;
        self.headers.push(entry);
        Ok(())
    }

    /// Appends a row of a known header, writing `value` with its
    /// `Display` implementation.
    pub fn push(
        &mut self,
        name: HeaderName,
        value: impl std::fmt::Display,
    ) -> Result<(), HeaderError> {
        use std::fmt::Write as _;
        if name == HeaderName::Other {
            // No name to write: go through the checked path.
            return self.push_header(name.as_str(), &value.to_string());
        }
        self.push_with(name, |head| {
            let _ = write!(head, "{value}");
        })
    }

    /// Appends a row of a known header whose value `write` appends to the
    /// head text: no intermediate string, no `core::fmt`. The value is
    /// checked as [`push`](Self::push) checks it.
    pub(crate) fn push_with(
        &mut self,
        name: HeaderName,
        write: impl FnOnce(&mut String),
    ) -> Result<(), HeaderError> {
        let entry = self.write_entry(name, write)?;
        self.headers.push(entry);
        Ok(())
    }

    /// Writes the name of a known header and a value into the head text,
    /// refusing a value with a line break and storing it trimmed.
    fn write_entry(
        &mut self,
        name: HeaderName,
        write: impl FnOnce(&mut String),
    ) -> Result<Entry, HeaderError> {
        // Written in place, then checked like any other value.
        let n0 = self.head.len();
        self.head.push_str(name.as_str());
        let v0 = self.head.len();
        write(&mut self.head);
        let written = self.head.get(v0..).unwrap_or_default();
        if memchr::memchr2(b'\r', b'\n', written.as_bytes()).is_some() {
            self.head.truncate(n0);
            return Err(HeaderError::invalid(name.as_str(), ValueFault::LineBreak));
        }
        let wb = written.as_bytes();
        if wb.first().is_some_and(|&c| is_wsp(c)) || wb.last().is_some_and(|&c| is_wsp(c)) {
            // Rare: a value with surrounding spaces; store it trimmed.
            let t = crate::grammar::trim_wsp(written).to_owned();
            self.head.truncate(n0);
            return self.store(name.as_str(), &t);
        }
        let v1 = self.head.len();
        Ok(Entry {
            name,
            raw_name: Span::new(n0, v0),
            value: Span::new(v0, v1),
        })
    }

    /// Inserts a header row before the row at `index` (or at the end).
    pub fn insert_header(
        &mut self,
        index: usize,
        name: &str,
        value: &str,
    ) -> Result<(), HeaderError> {
        let entry = self.store(name, value)?;
        let at = index.min(self.headers.len());
        self.headers.insert(at, entry);
        Ok(())
    }

    /// Replaces every row called `name` by one row with `value`, placed
    /// where the first one was (or at the end).
    pub fn set_header(&mut self, name: &str, value: &str) -> Result<(), HeaderError> {
        let entry = self.store(name, value)?;
        self.place(entry, name);
        Ok(())
    }

    /// [`set_header`](Self::set_header) for a known header whose value
    /// `write` appends to the head text.
    fn set_with(
        &mut self,
        name: HeaderName,
        write: impl FnOnce(&mut String),
    ) -> Result<(), HeaderError> {
        let entry = self.write_entry(name, write)?;
        self.place(entry, name.as_str());
        Ok(())
    }

    /// Puts `entry` where the first row of its header is, removing the
    /// others, or at the end.
    fn place(&mut self, entry: Entry, name: &str) {
        let known = entry.name;
        let head = &self.head;
        let matches = |e: &Entry| {
            e.name == known && (known != HeaderName::Other || eq_ic(e.raw_name.of(head), name))
        };
        match self.headers.iter().position(matches) {
            Some(first) => {
                if let Some(slot) = self.headers.get_mut(first) {
                    *slot = entry;
                }
                let mut i = 0;
                let head = &self.head;
                self.headers.retain(|e| {
                    let keep = i <= first
                        || !(e.name == known
                            && (known != HeaderName::Other || eq_ic(e.raw_name.of(head), name)));
                    i += 1;
                    keep
                });
            }
            None => self.headers.push(entry),
        }
    }

    /// Removes every row called `name`; returns how many were removed.
    pub fn remove_header(&mut self, name: &str) -> usize {
        let known = HeaderName::from_name(name);
        let before = self.headers.len();
        let head = &self.head;
        self.headers.retain(|e| {
            !(e.name == known && (known != HeaderName::Other || eq_ic(e.raw_name.of(head), name)))
        });
        before - self.headers.len()
    }

    /// Sets the body and its `Content-Type` (or removes the Content-Type
    /// when `content_type` is `None`). A `Content-Length` row already
    /// present is updated to the new length; without one, `Content-Length`
    /// is written from the body when the message is serialised.
    pub fn set_body(
        &mut self,
        content_type: Option<&crate::MediaType<'_>>,
        body: Vec<u8>,
    ) -> Result<(), HeaderError> {
        match content_type {
            Some(ct) => self.set_with(HeaderName::ContentType, |head| ct.write_to(head))?,
            None => {
                self.remove_header("Content-Type");
            }
        }
        if self.rows(HeaderName::ContentLength).next().is_some() {
            let len = body.len() as u64;
            self.set_with(HeaderName::ContentLength, |head| push_decimal(head, len))?;
        }
        self.body = body;
        Ok(())
    }

    /// Stores a name and value in the head text and returns the index entry.
    fn store(&mut self, name: &str, value: &str) -> Result<Entry, HeaderError> {
        if !is_token(name) {
            return Err(HeaderError::Invalid {
                name: "header name",
                fault: ValueFault::Syntax { offset: 0 },
            });
        }
        // A token: no second check.
        let known = HeaderName::from_bytes(name.as_bytes());
        if memchr::memchr2(b'\r', b'\n', value.as_bytes()).is_some() {
            let label = if known == HeaderName::Other {
                "extension"
            } else {
                known.as_str()
            };
            return Err(HeaderError::invalid(label, ValueFault::LineBreak));
        }
        let value = crate::grammar::trim_wsp(value);
        self.head.reserve(name.len() + value.len());
        let n0 = self.head.len();
        self.head.push_str(name);
        let v0 = self.head.len();
        self.head.push_str(value);
        let v1 = self.head.len();
        Ok(Entry {
            name: known,
            raw_name: Span::new(n0, v0),
            value: Span::new(v0, v1),
        })
    }

    /// Serialises the message in canonical form: the start line, each
    /// header row as `Name: value` with its original name, CRLF line ends,
    /// and `Content-Length` rows carrying the body length (rewritten in
    /// place, or one appended when the message has none). A message with
    /// several Content-Length rows keeps them all, so writing does not hide
    /// that fault from [`validate`](Self::validate).
    pub fn write_to(&self, out: &mut Vec<u8>) {
        // Room for everything at once: the head text holds every name and
        // value (and perhaps text of replaced rows, so this may be more
        // than is written).
        let start_line = match &self.start {
            StartLine::Request { method, uri } => method.as_str().len() + uri.as_str().len() + 11,
            StartLine::Response { reason, .. } => 14 + reason.len(),
        };
        out.reserve(start_line + self.head.len() + 4 * self.headers.len() + 40 + self.body.len());
        match &self.start {
            StartLine::Request { method, uri } => {
                out.extend_from_slice(method.as_str().as_bytes());
                out.push(b' ');
                out.extend_from_slice(uri.as_str().as_bytes());
                out.extend_from_slice(b" SIP/2.0\r\n");
            }
            StartLine::Response { code, reason } => {
                out.extend_from_slice(b"SIP/2.0 ");
                push_decimal_bytes(out, u64::from(code.as_u16()));
                out.push(b' ');
                out.extend_from_slice(reason.as_bytes());
                out.extend_from_slice(b"\r\n");
            }
        }
        let body_len = self.body.len() as u64;
        let mut wrote_length = false;
        for e in &self.headers {
            out.extend_from_slice(e.raw_name.bytes_of(&self.head));
            out.extend_from_slice(b": ");
            if e.name == HeaderName::ContentLength {
                wrote_length = true;
                push_decimal_bytes(out, body_len);
            } else {
                out.extend_from_slice(e.value.bytes_of(&self.head));
            }
            out.extend_from_slice(b"\r\n");
        }
        if !wrote_length {
            out.extend_from_slice(b"Content-Length: ");
            push_decimal_bytes(out, body_len);
            out.extend_from_slice(b"\r\n");
        }
        out.extend_from_slice(b"\r\n");
        out.extend_from_slice(&self.body);
    }

    /// The length in bytes of what [`write_to`](Self::write_to) writes,
    /// counted without writing (for size rules such as RFC 3428 §8's
    /// 1300 bytes).
    ///
    /// ```
    /// use sip_xmpp::sip::{Framing, SipMessage};
    /// let m = SipMessage::parse(b"MESSAGE sip:b@example.com SIP/2.0\r\nl: 2\r\n\r\nhi", Framing::Stream).unwrap();
    /// assert_eq!(m.wire_len(), m.to_bytes().len());
    /// let r = SipMessage::parse(b"SIP/2.0 200 OK\r\nl: 0\r\n\r\n", Framing::Stream).unwrap();
    /// assert_eq!(r.wire_len(), r.to_bytes().len());
    /// ```
    pub fn wire_len(&self) -> usize {
        let body_len = self.body.len();
        let length_len = decimal_len(body_len as u64);
        let start = match &self.start {
            // "METHOD SP uri SP SIP/2.0 CRLF"
            StartLine::Request { method, uri } => method.as_str().len() + uri.as_str().len() + 11,
            // "SIP/2.0 SP code SP reason CRLF"
            StartLine::Response { code, reason } => {
                11 + decimal_len(u64::from(code.as_u16())) + reason.len()
            }
        };
        let mut n = start;
        let mut wrote_length = false;
        for e in &self.headers {
            // "name: value CRLF"
            n = n.saturating_add(e.raw_name.len() + 4);
            if e.name == HeaderName::ContentLength {
                wrote_length = true;
                n = n.saturating_add(length_len);
            } else {
                n = n.saturating_add(e.value.len());
            }
        }
        if !wrote_length {
            // "Content-Length: " digits CRLF
            n = n.saturating_add(18 + length_len);
        }
        n.saturating_add(2).saturating_add(body_len)
    }

    /// The canonical serialisation (see [`write_to`](Self::write_to)).
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut v = Vec::new();
        self.write_to(&mut v);
        v
    }
}

/// Two messages are equal when their start lines, header rows (raw names
/// and unfolded values, in order) and bodies are equal, however their text
/// was laid out. `Content-Length` rows are not compared: writing derives
/// the one `Content-Length` from the body, so a message and the parse of
/// its serialisation are equal.
impl PartialEq for SipMessage {
    fn eq(&self, other: &SipMessage) -> bool {
        fn rows(m: &SipMessage) -> impl Iterator<Item = (&str, &str)> {
            m.headers
                .iter()
                .filter(|e| e.name != HeaderName::ContentLength)
                .map(|e| (e.raw_name.of(&m.head), e.value.of(&m.head)))
        }
        self.start == other.start && self.body == other.body && rows(self).eq(rows(other))
    }
}

impl Eq for SipMessage {}
