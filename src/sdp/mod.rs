//! SDP, the Session Description Protocol (RFC 8866), as used in the
//! offer/answer model (RFC 3264): parser, owned model and writer.
//!
//! [`Sdp::parse`] turns a body into an [`Sdp`], keeping every line and
//! every attribute in order (lines of unknown type included, see
//! [`UnknownLine`]); [`Sdp`]'s [`Display`](std::fmt::Display) writes it
//! back in canonical form with CRLF line ends, and `Sdp::parse` of that
//! output gives the same value. The parser is a syntax parser: it checks
//! the RFC 8866 §5 line order and the fields of `v=`, `o=`, `c=`, `b=`,
//! `t=` and `m=` lines; [`Sdp::validate`] checks the rest of what RFC 8866
//! requires (a `t=` line, `c=` coverage, ...).
//!
//! Attribute values are decoded on demand by the accessors of [`Sdp`]
//! (session level) and [`Media`] (media level), or by
//! [`Attribute::decode`] with a [`TypedAttribute`]; each typed value
//! writes itself back with [`TypedAttribute::to_attribute`]. Covered:
//!
//! | attribute | type | defined in |
//! |---|---|---|
//! | `rtpmap`, `fmtp`, `ptime`, `maxptime` | [`RtpMap`], [`Fmtp`], [`Ptime`], [`MaxPtime`] | RFC 8866 §6 |
//! | `sendrecv`, `sendonly`, `recvonly`, `inactive` | [`Direction`] | RFC 8866 §6.7, RFC 3264 |
//! | `rtcp`, `rtcp-mux` | [`Rtcp`], flag | RFC 3605, RFC 5761 |
//! | `mid`, `group` | text, [`Group`] | RFC 5888 |
//! | `ssrc`, `ssrc-group` | [`Ssrc`], [`SsrcGroup`] | RFC 5576 |
//! | `candidate`, `ice-ufrag`, `ice-pwd`, `ice-options`, `ice-lite`, `end-of-candidates` | [`Candidate`], text, [`IceOptions`], flags | RFC 8839, RFC 8840 |
//! | `fingerprint`, `setup` | [`Fingerprint`], [`Setup`] | RFC 8122, RFC 4145 |
//! | `crypto` | [`Crypto`] | RFC 4568 |
//! | `rtcp-fb`, `extmap` | [`RtcpFb`], [`Extmap`] | RFC 4585, RFC 8285 |
//! | `path`, `accept-types`, `accept-wrapped-types`, `max-size` | [`Path`], [`AcceptTypes`], [`AcceptWrappedTypes`], [`MaxSize`] | RFC 4975 §8 |
//!
//! Choices where RFC 8866 leaves room:
//! - `v=`, `o=` and `s=` must open the description (the model holds them
//!   as plain fields); every other presence rule is in [`Sdp::validate`].
//! - LF alone ends a line as well as CRLF (RFC 8866 §5); the last line may
//!   lack its line end; empty lines are accepted only at the very end.
//! - Lines of unknown type are kept rather than making the parser ignore
//!   the description; known types out of order are rejected.
//! - Fields are separated by one or more SP; the writer uses one.
//! - `z=` may follow a `t=` or an `r=` (RFC 8866 places it inside the time
//!   description, RFC 4566 after the last one: both parse).
//! - Attribute names are matched ASCII case-insensitively by the
//!   accessors.

mod error;
mod model;
mod parse;
mod print;

pub use error::{Fault, Limit, Location, SdpError};
pub use model::{
    AcceptTypes, AcceptWrappedTypes, Attribute, Bandwidth, Candidate, CandidateType, Connection,
    Crypto, Direction, Extmap, Fingerprint, Fmtp, Group, IceOptions, MaxPtime, MaxSize, Media,
    Origin, Path, Ptime, Rtcp, RtcpFb, RtpMap, Sdp, Setup, Ssrc, SsrcGroup, Timing, TypedAttribute,
    UnknownLine,
};
