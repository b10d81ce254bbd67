//! Errors of the SIP message layer.

use crate::mime::MediaTypeError;
use crate::params::ParamError;
use crate::uri::UriError;

/// Why bytes could not be framed and parsed as a SIP message. Offsets
/// count bytes from the start of the input.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum SipError {
    /// A stream ended before the message did (only from
    /// [`SipMessage::parse`](super::SipMessage::parse); the stream parser
    /// reports this as [`Status::Partial`](super::Status::Partial)).
    #[error("message incomplete: input ends at byte {len}")]
    Incomplete {
        /// Bytes available.
        len: usize,
    },
    /// The message (or its header section) exceeds the configured size.
    #[error("message exceeds the limit of {max} bytes")]
    TooLarge {
        /// The limit in force.
        max: usize,
    },
    /// A line longer than [`ParseLimits::max_line_bytes`](crate::ParseLimits::max_line_bytes).
    #[error("line at byte {offset} exceeds the limit of {max} bytes")]
    LineTooLong {
        /// Where the line starts.
        offset: usize,
        /// The limit in force.
        max: usize,
    },
    /// More header rows than [`ParseLimits::max_headers`](crate::ParseLimits::max_headers).
    #[error("more than {max} header fields")]
    TooManyHeaders {
        /// The limit in force.
        max: usize,
    },
    /// A body larger than [`ParseLimits::max_body_bytes`](crate::ParseLimits::max_body_bytes).
    #[error("body of {len} bytes exceeds the limit of {max}")]
    BodyTooLarge {
        /// Declared or actual body length.
        len: usize,
        /// The limit in force.
        max: usize,
    },
    /// A line ended by LF alone, or a CR not followed by LF.
    #[error("bare CR or LF line end at byte {offset}")]
    BareLineEnd {
        /// Where the bare CR or LF is.
        offset: usize,
    },
    /// The start line is neither a Request-Line nor a Status-Line.
    #[error("malformed start line: {0}")]
    StartLine(#[from] StartLineError),
    /// A header line that is not `name: value`.
    #[error("malformed header line at byte {offset}: {kind}")]
    HeaderLine {
        /// Where the line starts.
        offset: usize,
        /// What is wrong with it.
        kind: HeaderLineError,
    },
    /// The start line and header fields are not valid UTF-8.
    #[error("invalid UTF-8 at byte {offset}")]
    Utf8 {
        /// First invalid byte.
        offset: usize,
    },
    /// A Content-Length that is not a non-negative decimal number, or two
    /// Content-Length fields that disagree.
    #[error("invalid Content-Length at byte {offset}")]
    ContentLength {
        /// Where the header line starts.
        offset: usize,
    },
    /// No Content-Length on a stream transport (RFC 3261 §18.3).
    #[error("Content-Length is required on a stream transport")]
    MissingContentLength,
    /// Content-Length larger than the bytes of the datagram (RFC 3261 §18.3).
    #[error("Content-Length {declared} exceeds the {available} body bytes present")]
    BodyShort {
        /// Declared length.
        declared: usize,
        /// Bytes present after the header section.
        available: usize,
    },
    /// Bytes other than CR/LF after the one message expected.
    #[error("unexpected data after the message at byte {offset}")]
    TrailingData {
        /// Where the extra data starts.
        offset: usize,
    },
}

/// What is wrong with a start line.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum StartLineError {
    /// The input is empty (or only blank lines).
    #[error("empty message")]
    Empty,
    /// Wrong number of elements, or separators other than a single SP.
    #[error("elements not separated by single spaces")]
    Separators,
    /// The method is not a token.
    #[error("method is not a token")]
    Method,
    /// The Request-URI is enclosed in `<>` or contains whitespace.
    #[error("Request-URI must be a bare URI")]
    UriForm,
    /// The Request-URI does not parse.
    #[error("Request-URI: {0}")]
    Uri(#[from] UriError),
    /// The version is not `SIP/x.y`.
    #[error("malformed SIP-Version")]
    Version,
    /// A well-formed version other than SIP/2.0 (answer 505).
    #[error("unsupported SIP version")]
    UnsupportedVersion,
    /// A status code that is not three digits from 100 to 699.
    #[error("status code is not three digits from 100 to 699")]
    StatusCode,
    /// A control character in the reason phrase.
    #[error("control character in reason phrase")]
    ReasonPhrase,
}

/// What is wrong with a header line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum HeaderLineError {
    /// No colon after the name.
    #[error("no colon")]
    NoColon,
    /// Empty name, or a character in the name that is not a token character.
    #[error("header name is not a token")]
    Name,
    /// A continuation line with no header before it.
    #[error("continuation line before any header")]
    OrphanContinuation,
}

impl SipError {
    /// The status code a server answers this fault with: 505 for an
    /// unsupported version, 513 for an oversized message, 414 for an
    /// oversized Request-URI, 400 otherwise.
    pub fn status_code(&self) -> u16 {
        match self {
            SipError::StartLine(StartLineError::UnsupportedVersion) => 505,
            SipError::StartLine(StartLineError::Uri(UriError::TooLong { .. })) => 414,
            SipError::TooLarge { .. } | SipError::BodyTooLarge { .. } => 513,
            _ => 400,
        }
    }
}

/// Why a typed header could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum HeaderError {
    /// A mandatory header is absent.
    #[error("missing {name} header")]
    Missing {
        /// The header's long name.
        name: &'static str,
    },
    /// A single-valued header appears more than once.
    #[error("{name} header appears more than once")]
    Multiple {
        /// The header's long name.
        name: &'static str,
    },
    /// The header value does not follow its grammar.
    #[error("invalid {name} header: {fault}")]
    Invalid {
        /// The header's long name.
        name: &'static str,
        /// What is wrong.
        fault: ValueFault,
    },
}

/// What is wrong with a header value.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ValueFault {
    /// The value (or a list element) is empty.
    #[error("empty value")]
    Empty,
    /// A character or structure the grammar does not allow, at a byte
    /// offset in the value.
    #[error("syntax error at byte {offset}")]
    Syntax {
        /// Offset in the (unfolded) value.
        offset: usize,
    },
    /// A number that does not parse or is out of its range.
    #[error("number out of range")]
    Number,
    /// A quoted string without its closing quote.
    #[error("unterminated quoted string")]
    UnterminatedQuote,
    /// A `<` without `>`.
    #[error("unterminated <URI>")]
    UnterminatedAngle,
    /// The URI does not parse.
    #[error("URI: {0}")]
    Uri(#[from] UriError),
    /// A parameter does not parse.
    #[error("parameter: {0}")]
    Param(#[from] ParamError),
    /// A media type does not parse.
    #[error("media type: {0}")]
    MediaType(#[from] MediaTypeError),
    /// A CR or LF in a value being written.
    #[error("line break in value")]
    LineBreak,
}

impl HeaderError {
    pub(crate) fn invalid(name: &'static str, fault: impl Into<ValueFault>) -> Self {
        HeaderError::Invalid {
            name,
            fault: fault.into(),
        }
    }
}
