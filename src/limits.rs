//! Parser limits and leniency switches shared by every wire-format parser.
//!
//! Every parser in this crate checks its input against a [`ParseLimits`]
//! before it allocates for it, so a hostile peer cannot make the crate
//! allocate without bound. The defaults follow the figures the SIP
//! specifications and deployed stacks use; an embedder can tighten or widen
//! any of them.

/// Size and count limits enforced by the parsers, before allocating.
///
/// The defaults:
///
/// | limit | default | why |
/// |---|---|---|
/// | [`max_message_bytes_stream`](Self::max_message_bytes_stream) | 65,536 | a SIP message on TCP/TLS; common stack cap |
/// | [`max_message_bytes_datagram`](Self::max_message_bytes_datagram) | 65,535 | largest UDP payload (RFC 3261 §18.1.1) |
/// | [`max_headers`](Self::max_headers) | 256 | header rows per message |
/// | [`max_line_bytes`](Self::max_line_bytes) | 16,384 | one start line or (unfolded) header row |
/// | [`max_uri_bytes`](Self::max_uri_bytes) | 8,192 | one URI |
/// | [`max_body_bytes`](Self::max_body_bytes) | 65,536 | one message body |
/// | [`max_sdp_media`](Self::max_sdp_media) | 16 | `m=` sections per SDP |
/// | [`max_sdp_formats`](Self::max_sdp_formats) | 64 | formats on one `m=` line |
/// | [`max_sdp_attributes`](Self::max_sdp_attributes) | 256 | `a=` lines per session or media section |
/// | [`max_multipart_parts`](Self::max_multipart_parts) | 32 | body parts per multipart level |
/// | [`max_multipart_depth`](Self::max_multipart_depth) | 4 | nesting of multipart inside multipart |
/// | [`max_stanza_bytes`](Self::max_stanza_bytes) | 524,288 | one XMPP stanza; server-side figure, far above the 10,000 bytes RFC 6120 §13.12 requires |
/// | [`max_xml_depth`](Self::max_xml_depth) | 32 | element nesting in a stanza, the stanza element counting as 1 |
/// | [`max_xml_elements`](Self::max_xml_elements) | 1,000 | elements in one stanza, the stanza element included |
/// | [`max_xml_attributes`](Self::max_xml_attributes) | 256 | attributes on one element, namespace declarations included |
/// | [`max_xml_token_bytes`](Self::max_xml_token_bytes) | 65,536 | one name, one attribute value or one run of character data (decoded); as large as a SIP body, so any MESSAGE body fits in a `<body/>`, and above RFC 6120 §13.12's 10,000-byte floor |
///
/// The XML limits are checked while the stanza is read, before the element
/// tree grows: a stanza nested 200,000 deep is refused at depth
/// `max_xml_depth + 1` after reading only that far.
///
/// ```
/// use sip_xmpp::ParseLimits;
/// let tight = ParseLimits { max_headers: 64, ..ParseLimits::default() };
/// assert_eq!(tight.max_sdp_media, 16);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ParseLimits {
    /// Largest SIP message (start line, headers and body) accepted on a
    /// stream transport.
    pub max_message_bytes_stream: usize,
    /// Largest SIP message accepted as one datagram.
    pub max_message_bytes_datagram: usize,
    /// Most header rows in one SIP message (or MIME part).
    pub max_headers: usize,
    /// Longest start line or header row, after unfolding.
    pub max_line_bytes: usize,
    /// Longest URI.
    pub max_uri_bytes: usize,
    /// Largest message body.
    pub max_body_bytes: usize,
    /// Most media sections (`m=` lines) in one SDP.
    pub max_sdp_media: usize,
    /// Most formats on one `m=` line.
    pub max_sdp_formats: usize,
    /// Most attributes in the session section or in one media section.
    pub max_sdp_attributes: usize,
    /// Most body parts in one multipart body (per nesting level).
    pub max_multipart_parts: usize,
    /// Deepest nesting of multipart bodies (1 = a multipart whose parts
    /// are not themselves multipart).
    pub max_multipart_depth: usize,
    /// Largest XMPP stanza, in bytes of its serialised form.
    pub max_stanza_bytes: usize,
    /// Deepest element nesting in one stanza; the stanza element itself is
    /// at depth 1. Values above [`XML_DEPTH_CEILING`] act as the ceiling:
    /// the element type the crate builds on is dropped, cloned and compared
    /// recursively, so a depth in the tens of thousands would overflow the
    /// stack however the limit is set.
    pub max_xml_depth: usize,
    /// Most elements in one stanza, the stanza element included.
    pub max_xml_elements: usize,
    /// Most attributes on one element; `xmlns` and `xmlns:prefix`
    /// declarations count.
    pub max_xml_attributes: usize,
    /// Longest element or attribute name (with its prefix), attribute value
    /// or run of character data between two tags, counted in bytes after
    /// references are decoded.
    pub max_xml_token_bytes: usize,
}

/// The hard ceiling on [`ParseLimits::max_xml_depth`]: deeper settings act
/// as this value.
pub const XML_DEPTH_CEILING: usize = 1024;

impl ParseLimits {
    /// The documented defaults (see the table on [`ParseLimits`]).
    pub const DEFAULT: ParseLimits = ParseLimits {
        max_message_bytes_stream: 64 * 1024,
        max_message_bytes_datagram: 65_535,
        max_headers: 256,
        max_line_bytes: 16 * 1024,
        max_uri_bytes: 8 * 1024,
        max_body_bytes: 64 * 1024,
        max_sdp_media: 16,
        max_sdp_formats: 64,
        max_sdp_attributes: 256,
        max_multipart_parts: 32,
        max_multipart_depth: 4,
        max_stanza_bytes: 512 * 1024,
        max_xml_depth: 32,
        max_xml_elements: 1000,
        max_xml_attributes: 256,
        max_xml_token_bytes: 64 * 1024,
    };

    /// [`max_xml_depth`](Self::max_xml_depth) capped at
    /// [`XML_DEPTH_CEILING`].
    pub const fn xml_depth(&self) -> usize {
        if self.max_xml_depth > XML_DEPTH_CEILING {
            XML_DEPTH_CEILING
        } else {
            self.max_xml_depth
        }
    }
}

impl Default for ParseLimits {
    fn default() -> Self {
        Self::DEFAULT
    }
}

/// Named switches that make the SIP parser accept inputs RFC 3261 forbids
/// but some deployed peers send. All are off by default (strict).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Leniency {
    /// Accept a bare LF as a line end where CRLF is required.
    pub bare_lf: bool,
    /// Accept more than one SP (or HTAB) between the elements of the start
    /// line (RFC 4475 §3.1.2.9 and §3.1.2.10 let a parser choose; strict
    /// rejects).
    pub start_line_whitespace: bool,
}

/// Limits plus leniency: everything a parser is configured with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ParseConfig {
    /// Size and count limits.
    pub limits: ParseLimits,
    /// Strictness switches.
    pub leniency: Leniency,
}

impl ParseConfig {
    /// Strict parsing with the default limits.
    pub const DEFAULT: ParseConfig = ParseConfig {
        limits: ParseLimits::DEFAULT,
        leniency: Leniency {
            bare_lf: false,
            start_line_whitespace: false,
        },
    };

    /// Strict parsing with the given limits.
    pub const fn with_limits(limits: ParseLimits) -> Self {
        ParseConfig {
            limits,
            leniency: Leniency {
                bare_lf: false,
                start_line_whitespace: false,
            },
        }
    }
}
