//! URI parse errors.

/// Why a URI could not be parsed. Offsets count bytes from the start of
/// the URI.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum UriError {
    /// The input is empty.
    #[error("empty URI")]
    Empty,
    /// The URI is longer than the configured limit.
    #[error("URI of {len} bytes exceeds the limit of {max}")]
    TooLong {
        /// Length of the input.
        len: usize,
        /// The limit ([`ParseLimits::max_uri_bytes`](crate::ParseLimits::max_uri_bytes)).
        max: usize,
    },
    /// No `scheme:` prefix, or a scheme with invalid characters.
    #[error("missing or invalid URI scheme")]
    Scheme,
    /// A space, control character or non-ASCII byte that must be escaped.
    #[error("unescaped character 0x{byte:02x} at byte {offset}")]
    Unescaped {
        /// The offending byte.
        byte: u8,
        /// Where it is.
        offset: usize,
    },
    /// A `%` not followed by two hexadecimal digits.
    #[error("invalid percent-escape at byte {offset}")]
    Escape {
        /// Where the `%` is.
        offset: usize,
    },
    /// An invalid user part.
    #[error("invalid user part at byte {offset}")]
    User {
        /// Where the fault is.
        offset: usize,
    },
    /// An invalid password.
    #[error("invalid password at byte {offset}")]
    Password {
        /// Where the fault is.
        offset: usize,
    },
    /// A missing or invalid host (hostname, IPv4 address or IPv6 reference).
    #[error("invalid host at byte {offset}")]
    Host {
        /// Where the host starts.
        offset: usize,
    },
    /// A port that is not a number from 0 to 65535.
    #[error("invalid port at byte {offset}")]
    Port {
        /// Where the port starts.
        offset: usize,
    },
    /// An invalid URI parameter.
    #[error("invalid URI parameter at byte {offset}")]
    Param {
        /// Where the parameter starts.
        offset: usize,
    },
    /// The same URI parameter twice.
    #[error("URI parameter repeated at byte {offset}")]
    DuplicateParam {
        /// Where the second occurrence starts.
        offset: usize,
    },
    /// More URI parameters or headers than [`MAX_PARAMS`](crate::params::MAX_PARAMS).
    #[error("too many URI parameters or headers")]
    TooManyParams,
    /// An invalid URI header (`?name=value`).
    #[error("invalid URI header at byte {offset}")]
    Header {
        /// Where the header starts.
        offset: usize,
    },
    /// A `tel:` number that is neither global (`+digits`) nor local with a
    /// `phone-context`.
    #[error("invalid telephone number at byte {offset}")]
    TelNumber {
        /// Where the number starts.
        offset: usize,
    },
    /// An `im:`/`pres:` mailbox that is not `local@domain`.
    #[error("invalid mailbox at byte {offset}")]
    Mailbox {
        /// Where the mailbox starts.
        offset: usize,
    },
}
