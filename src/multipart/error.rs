//! Errors of the multipart codec (RFC 2046 §5.1).

use std::fmt;

/// Which [`ParseLimits`](crate::ParseLimits) field a multipart body
/// exceeded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum MultipartLimit {
    /// [`max_body_bytes`](crate::ParseLimits::max_body_bytes): the whole
    /// body.
    BodyBytes,
    /// [`max_multipart_parts`](crate::ParseLimits::max_multipart_parts):
    /// body parts in one multipart (per nesting level).
    Parts,
    /// [`max_multipart_depth`](crate::ParseLimits::max_multipart_depth):
    /// nesting of multipart bodies.
    Depth,
    /// [`max_headers`](crate::ParseLimits::max_headers): header fields in
    /// one body part.
    Headers,
    /// [`max_line_bytes`](crate::ParseLimits::max_line_bytes): one
    /// (unfolded) header field of a body part.
    LineBytes,
}

impl fmt::Display for MultipartLimit {
    /// The name of the [`ParseLimits`](crate::ParseLimits) field.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            MultipartLimit::BodyBytes => "max_body_bytes",
            MultipartLimit::Parts => "max_multipart_parts",
            MultipartLimit::Depth => "max_multipart_depth",
            MultipartLimit::Headers => "max_headers",
            MultipartLimit::LineBytes => "max_line_bytes",
        })
    }
}

/// Why a string is not an RFC 2046 §5.1.1 `boundary`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, thiserror::Error)]
#[non_exhaustive]
pub enum BoundaryFault {
    /// The boundary is empty.
    #[error("boundary is empty")]
    Empty,
    /// The boundary is longer than 70 characters.
    #[error("boundary is {len} bytes long, more than 70")]
    TooLong {
        /// Its length in bytes.
        len: usize,
    },
    /// A byte that is not one of the RFC 2046 `bchars`.
    #[error("byte {index} of the boundary is not a boundary character")]
    BadChar {
        /// Index of the byte in the boundary.
        index: usize,
    },
    /// The boundary ends with a space (`bcharsnospace` excludes it).
    #[error("boundary ends with a space")]
    TrailingSpace,
}

/// What is wrong with a header field of a body part.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, thiserror::Error)]
#[non_exhaustive]
pub enum HeaderFault {
    /// A header line without a `:`.
    #[error("header line has no ':'")]
    NoColon,
    /// The field name is empty, holds a byte outside printable US-ASCII
    /// (or a `:`, RFC 5322 §2.2 `ftext`), or starts with `--` (which a
    /// delimiter line could be confused with).
    #[error("header field name is empty, not printable US-ASCII, or starts with --")]
    BadName,
    /// A folded continuation line (starting with SP or HTAB) with no
    /// header field before it.
    #[error("continuation line without a header field before it")]
    LeadingContinuation,
    /// The field is not UTF-8.
    #[error("header field is not UTF-8")]
    NotUtf8,
    /// The value holds a control character (CR, LF, NUL, ...); HTAB is
    /// allowed. This is what keeps a header value from injecting lines.
    #[error("header field value holds a control character")]
    ControlChar,
}

/// Why a multipart body could not be parsed or built.
///
/// Byte offsets count from the start of the body handed to
/// [`Multipart::parse`](super::Multipart::parse), also for errors inside
/// nested multiparts. Variants marked *caller misuse* only come from the
/// constructors; the others are faults of the body's sender.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum MultipartError {
    /// The content type handed to [`Multipart::parse`](super::Multipart::parse)
    /// is not `multipart/*`.
    #[error("content type is not multipart/*")]
    NotMultipart,
    /// A `multipart/*` content type without a `boundary` parameter
    /// (RFC 2046 §5.1.1 makes it mandatory).
    #[error("multipart content type without a boundary parameter{}", at_part(.part_offset))]
    MissingBoundary {
        /// `None` for the top-level content type; for a nested multipart,
        /// the offset of the body part whose `Content-Type` lacks it.
        part_offset: Option<usize>,
    },
    /// The `boundary` parameter is not 1-70 RFC 2046 `bchars`.
    #[error("invalid boundary{}: {fault}", at_part(.part_offset))]
    InvalidBoundary {
        /// `None` for the top-level content type or a constructor; for a
        /// nested multipart, the offset of the body part.
        part_offset: Option<usize>,
        /// What is wrong with it.
        fault: BoundaryFault,
    },
    /// A [`ParseLimits`](crate::ParseLimits) limit was exceeded.
    #[error("{limit} ({max}) exceeded at byte {offset}")]
    LimitExceeded {
        /// Which limit.
        limit: MultipartLimit,
        /// The limit's value.
        max: usize,
        /// Where the body crossed it: the first byte beyond
        /// `max_body_bytes`, the start of the body part, header field or
        /// nested body that was one too many.
        offset: usize,
    },
    /// No delimiter line (`--boundary`) in the body at all.
    #[error("no delimiter line in the multipart body starting at byte {offset}")]
    NoDelimiter {
        /// Start of the (possibly nested) multipart body.
        offset: usize,
    },
    /// The close delimiter (`--boundary--`) comes before any body part;
    /// RFC 2046 §5.1.1 requires at least one.
    #[error("close delimiter before any body part at byte {offset}")]
    NoBodyParts {
        /// Offset of the close delimiter's `--`.
        offset: usize,
    },
    /// The body ends without a close delimiter.
    #[error("no close delimiter after the body part starting at byte {offset}")]
    MissingCloseDelimiter {
        /// Start of the body part that is not terminated.
        offset: usize,
    },
    /// A body part's header field is malformed.
    #[error("malformed body part header at byte {offset}: {fault}")]
    MalformedHeader {
        /// Start of the header line.
        offset: usize,
        /// What is wrong with it.
        fault: HeaderFault,
    },
    /// Caller misuse: a header field given to
    /// [`Header::new`](super::Header::new) is not writable as is.
    #[error("invalid header field: {fault}")]
    InvalidHeader {
        /// What is wrong with it.
        fault: HeaderFault,
    },
    /// Caller misuse: a media type that cannot be written as a
    /// `Content-Type` value that parses back to itself (for instance a
    /// subtype or parameter name that is not a token).
    #[error("media type cannot be written as a header value")]
    UnwritableMediaType,
    /// Caller misuse: a byte body was given a `multipart/*`
    /// `Content-Type`; build it with
    /// [`Part::from_multipart`](super::Part::from_multipart) instead.
    #[error("a byte body part cannot have a multipart content type")]
    MultipartContentType,
    /// Caller misuse: the dash-boundary (`--` boundary) occurs inside
    /// the body part at `index` (its header fields, body, or anything in
    /// a nested multipart), so the written body would not parse back.
    #[error("the boundary occurs inside body part {index}")]
    BoundaryInPart {
        /// Index of the part.
        index: usize,
    },
    /// Caller misuse: the dash-boundary occurs inside the preamble.
    #[error("the boundary occurs inside the preamble")]
    BoundaryInPreamble,
    /// Caller misuse: a multipart without body parts (RFC 2046 §5.1.1
    /// requires at least one).
    #[error("a multipart body needs at least one body part")]
    NoParts,
    /// Every boundary generated from the seed occurs in the content.
    /// Practically unreachable unless the content was crafted against
    /// the seed; retry with another seed.
    #[error(
        "no boundary generated from the seed in {attempts} attempts is absent from the content"
    )]
    BoundaryGenerationFailed {
        /// How many candidates were tried.
        attempts: usize,
    },
}

fn at_part(offset: &Option<usize>) -> String {
    match offset {
        Some(o) => format!(" in the body part at byte {o}"),
        None => String::new(),
    }
}
