//! Message/CPIM (RFC 3862): the wrapper SIP MESSAGE and MSRP use to carry
//! a message with its own From, To, DateTime and Subject headers around a
//! MIME object.
//!
//! ```
//! use sip_xmpp::cpim::Cpim;
//! let raw = b"From: Juliet <sip:juliet@example.com>\r\n\
//! To: <sip:romeo@example.net>\r\n\
//! DateTime: 2015-06-01T10:00:00Z\r\n\
//! \r\n\
//! Content-Type: text/plain;charset=UTF-8\r\n\
//! \r\n\
//! Art thou not Romeo, and a Montague?\r\n";
//! let m = Cpim::parse_default(raw).unwrap();
//! let from = m.from().unwrap().unwrap();
//! assert_eq!((from.display_name.as_deref(), from.uri), (Some("Juliet"), "sip:juliet@example.com"));
//! assert_eq!(m.content_type().unwrap().unwrap().to_string(), "text/plain;charset=UTF-8");
//! assert_eq!(m.body, b"Art thou not Romeo, and a Montague?\r\n");
//! assert_eq!(m.to_bytes(), raw);
//! ```
//!
//! Choices: header names are compared case-sensitively (`from:` is not
//! `From`, RFC 3862 §2.2); a line end may be a bare LF on input (written as
//! CRLF); exactly one SP must follow the colon (or the parameters) of a
//! header, as §3 requires; header values are kept as written and their
//! `\`-escapes (§2.3) decoded on access.

mod model;
mod parse;

pub use model::{Cpim, CpimAddress, CpimError, CpimHeader};
