//! Errors of the SDP codec (RFC 8866 syntax, typed attribute values and
//! the checks of [`Sdp::validate`](super::Sdp::validate)).

use std::fmt;

/// Where in the input a fault was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Location {
    /// 1-based line number.
    pub line: usize,
    /// Byte offset of the start of that line in the input (0-based).
    pub offset: usize,
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {} (byte {})", self.line, self.offset)
    }
}

/// Which [`ParseLimits`](crate::ParseLimits) figure an input exceeded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Limit {
    /// [`max_line_bytes`](crate::ParseLimits::max_line_bytes): one line.
    LineBytes,
    /// [`max_sdp_media`](crate::ParseLimits::max_sdp_media): `m=` sections.
    Media,
    /// [`max_sdp_formats`](crate::ParseLimits::max_sdp_formats): formats
    /// on one `m=` line.
    Formats,
    /// [`max_sdp_attributes`](crate::ParseLimits::max_sdp_attributes):
    /// `a=` lines in one section.
    Attributes,
}

impl fmt::Display for Limit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Limit::LineBytes => "max_line_bytes",
            Limit::Media => "max_sdp_media",
            Limit::Formats => "max_sdp_formats",
            Limit::Attributes => "max_sdp_attributes",
        })
    }
}

/// What was wrong with one field of a line or of an attribute value. The
/// `&'static str` names the field as the RFC grammar does (`sess-version`,
/// `port`, `clock rate`, ...).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, thiserror::Error)]
#[non_exhaustive]
pub enum Fault {
    /// A required field is absent.
    #[error("{0} missing")]
    Missing(&'static str),
    /// A numeric field is not a number, overflows or is out of range.
    #[error("{0} is not a number in range")]
    Number(&'static str),
    /// A field is empty or holds characters its grammar does not allow.
    #[error("{0} has invalid syntax")]
    Syntax(&'static str),
    /// A keyword field holds a value its grammar does not list.
    #[error("{0} has an unknown value")]
    Keyword(&'static str),
    /// More fields than the grammar allows.
    #[error("unexpected data after the last field")]
    Trailing,
}

/// Why an SDP could not be parsed, an attribute value could not be
/// decoded, or a description failed [`Sdp::validate`](super::Sdp::validate).
///
/// Faults in the input carry the [`Location`] of the line; faults found in
/// a detached [`Attribute`](super::Attribute) or in a model value name the
/// attribute or line type instead.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, thiserror::Error)]
#[non_exhaustive]
pub enum SdpError {
    /// The input is larger than
    /// [`max_body_bytes`](crate::ParseLimits::max_body_bytes).
    #[error("SDP of {len} bytes exceeds max_body_bytes ({max})")]
    BodyTooLarge {
        /// Size of the input.
        len: usize,
        /// The limit in force.
        max: usize,
    },
    /// A count or size limit was exceeded.
    #[error("{at}: {limit} ({max}) exceeded")]
    LimitExceeded {
        /// Which limit.
        limit: Limit,
        /// Its value.
        max: usize,
        /// The line that went over it.
        at: Location,
    },
    /// The input is not UTF-8.
    #[error("{at}: invalid UTF-8 at byte {byte}")]
    InvalidUtf8 {
        /// The line holding the first invalid byte.
        at: Location,
        /// Offset of the first invalid byte in the input.
        byte: usize,
    },
    /// A line is not of the form `<letter>=<value>`.
    #[error("{at}: not a <type>=<value> line")]
    BadLine {
        /// The line.
        at: Location,
    },
    /// A line holds NUL or a CR that does not end it.
    #[error("{at}: NUL or bare CR inside a line")]
    ControlCharacter {
        /// The line.
        at: Location,
    },
    /// An empty line before the end of the description.
    #[error("{at}: empty line")]
    EmptyLine {
        /// The line.
        at: Location,
    },
    /// A line of type `letter` is required here (`v=` first, then `o=`,
    /// then `s=`); `at` is the line found instead, or the end of input.
    #[error("{at}: {letter}= line expected")]
    Expected {
        /// The type letter that was expected.
        letter: char,
        /// Where it was expected.
        at: Location,
    },
    /// A known line type where RFC 8866 §5 does not allow it: out of the
    /// fixed order, repeated where only one may appear, or a session-level
    /// type inside a media section.
    #[error("{at}: {letter}= line out of order")]
    OutOfOrder {
        /// The type letter of the line.
        letter: char,
        /// The line.
        at: Location,
    },
    /// A field of a line is malformed.
    #[error("{at}: bad {letter}= line: {fault}")]
    BadField {
        /// The type letter of the line.
        letter: char,
        /// What was wrong.
        fault: Fault,
        /// The line.
        at: Location,
    },
    /// A typed attribute value could not be decoded.
    #[error("bad a={name} value: {fault}")]
    BadAttribute {
        /// The attribute name.
        name: &'static str,
        /// What was wrong.
        fault: Fault,
    },
    /// [`Sdp::validate`](super::Sdp::validate): a required line is absent
    /// (`t=`; `c=` at session level or in media section `media`).
    #[error("no {letter}= line{}", MediaSuffix(*.media))]
    MissingLine {
        /// The type letter of the absent line.
        letter: char,
        /// The media section (0-based) that lacks it, if any.
        media: Option<usize>,
    },
    /// [`Sdp::validate`](super::Sdp::validate): a field breaks an RFC 8866
    /// rule the syntax parser leaves to validation.
    #[error("invalid {letter}= line{}: {fault}", MediaSuffix(*.media))]
    Invalid {
        /// The type letter of the line.
        letter: char,
        /// The media section (0-based), when the line is in one.
        media: Option<usize>,
        /// What was wrong.
        fault: Fault,
    },
}

/// Formats ` in media section N` when a media index is known.
struct MediaSuffix(Option<usize>);

impl fmt::Display for MediaSuffix {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Some(i) => write!(f, " in media section {i}"),
            None => Ok(()),
        }
    }
}
