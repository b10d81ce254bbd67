//! Multipart bodies: RFC 2046 §5.1 (multipart media types) as SIP uses
//! them under RFC 5621 (message body handling in SIP).
//!
//! A SIP message carries several bodies at once in a `multipart/*` body:
//! an INVITE with `application/sdp` next to `application/pidf+xml` or a
//! resource list (`multipart/mixed`), a MESSAGE with `text/html` and
//! `text/plain` alternatives (`multipart/alternative`), a NOTIFY with
//! RLMI and PIDF documents (`multipart/related`, RFC 2387). This module
//! parses any `multipart/*` subtype into an owned [`Multipart`], recursing
//! into nested multiparts, and writes one back.
//!
//! ```
//! use sip_xmpp::multipart::{Multipart, Part};
//! use sip_xmpp::{MediaType, ParseLimits};
//!
//! // Building: the boundary is generated from a caller-given seed (no
//! // global RNG) and is guaranteed not to occur in any part.
//! let sdp = Part::with_content_type(&MediaType::new("application", "sdp"), "v=0\r\n")?;
//! let pidf = Part::with_content_type(&MediaType::new("application", "pidf+xml"), "<presence/>")?;
//! let m = Multipart::builder("mixed").seed(0x5eed).part(sdp).part(pidf).build()?;
//! let content_type = m.media_type().to_string(); // for the SIP Content-Type header
//! let body = m.to_bytes();
//!
//! // Parsing: what a peer receives.
//! let ct = MediaType::parse(&content_type)?;
//! let parsed = Multipart::parse(&body, &ct, &ParseLimits::default())?;
//! assert_eq!(parsed, m);
//! let pidf = parsed.find("application", "pidf+xml").and_then(|p| p.bytes());
//! assert_eq!(pidf, Some(&b"<presence/>"[..]));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # Choices where the RFCs leave room
//!
//! - **Line breaks.** The writer always uses CRLF. The parser also accepts
//!   a bare LF wherever CRLF is expected (delimiter lines, header fields);
//!   a bare CR is content.
//! - **Delimiters.** A delimiter is a line starting with `--boundary`
//!   followed by optional transport padding (SP/HTAB) and a line break;
//!   the close delimiter has `--` after the boundary and may end the body
//!   without a line break. The line break before a delimiter belongs to
//!   it. A line that starts with `--boundary` but goes on otherwise (for
//!   instance `--boundaryX` or `--boundary text`) is part content, not an
//!   error. A delimiter directly after the previous delimiter line
//!   (`--b` CRLF `--b`) ends an empty part.
//! - **Preamble and epilogue** are kept as bytes; `None` versus
//!   `Some(b"")` records whether a line break separated them from the
//!   delimiter, so writing a parsed body reproduces them.
//! - **Header fields** of a part: names are RFC 5322 `ftext` (printable
//!   US-ASCII without `:`) not starting with `--` (so that no header
//!   line, once written as `Name: value`, can read as a delimiter),
//!   compared case-insensitively; SIP compact forms
//!   (`c` for `Content-Type`) are not MIME and are not recognised. Folded
//!   fields are unfolded by dropping the line break only (RFC 5322
//!   §2.2.3). Values must be UTF-8 without control characters other than
//!   HTAB, and are trimmed. A part whose header section is not ended by an
//!   empty line has an empty body.
//! - **Part without a usable `Content-Type`**: kept as bytes and treated
//!   as `text/plain` by [`Multipart::find`] (RFC 2045 §5.2; `message/rfc822`
//!   inside `multipart/digest`, RFC 2046 §5.1.5).
//! - **Nested multiparts**: a part whose first `Content-Type` parses as
//!   `multipart/*` is parsed recursively, whatever its
//!   `Content-Transfer-Encoding` (RFC 2045 §6.4 allows only identity
//!   encodings there); its faults (missing boundary, no close delimiter)
//!   are errors of the whole body.
//! - **Depth** counts multipart levels: the top-level body is depth 1, so
//!   [`max_multipart_depth`](crate::ParseLimits::max_multipart_depth) = 1
//!   allows no nested multipart, and 0 rejects every multipart.
//! - **At least one part** (RFC 2046 grammar): a body whose first
//!   delimiter is the close delimiter is rejected, and so is building one
//!   without parts.
//! - **Boundary safety** when building: the dash-boundary (`--boundary`)
//!   may occur nowhere in a part as written (header lines, body, nested
//!   delimiters, preambles and epilogues) nor in the preamble. This is
//!   stricter than the parser needs (only line starts matter) and follows
//!   RFC 2046 §5.1.1's rule that the delimiter must not appear inside the
//!   encapsulated parts.
//! - **Boundaries** are 1-70 RFC 2046 `bchars`, not ending in a space,
//!   both when parsing and when building.

mod error;
mod model;
mod parse;
mod print;

#[cfg(test)]
mod tests;

pub use error::{BoundaryFault, HeaderFault, MultipartError, MultipartLimit};
pub use model::{Boundary, Header, MAX_BOUNDARY_LEN, Multipart, MultipartBuilder, Part, PartBody};
