//! # sip-xmpp
//!
//! Translation between SIP and XMPP as the IETF STOX documents specify
//! (RFC 7247, RFC 7248, RFC 8048, RFC 7572, RFC 7573, RFC 7702 and the
//! STOX media draft). Sans-IO: the crate never touches a socket, a clock
//! or a random number source of its own.
#![forbid(unsafe_code)]
#![deny(missing_docs)]

pub mod address;
pub mod cpim;
pub mod docs;
pub mod errors;
#[doc(hidden)]
pub mod fuzzing;
mod grammar;
pub mod im;
pub mod jid;
pub mod limits;
pub mod mime;
pub mod multipart;
pub mod params;
pub mod pidf;
pub mod presence;
#[allow(dead_code, reason = "used by the state machines")]
mod rng;
pub mod sdp;
pub mod sip;
pub mod uri;
pub mod xmpp;

pub use limits::{Leniency, ParseConfig, ParseLimits};
pub use mime::MediaType;
pub use multipart::Multipart;
pub use params::{Param, ParamValue, Params};
pub use sdp::{Sdp, SdpError};

/// The README's examples, compiled and run as doctests.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;
