//! SIP messages (RFC 3261): framing, parsing, typed header access,
//! building and writing.
//!
//! Parsing copies the message once and indexes its header rows; typed
//! values are decoded on demand from the row text and borrow from the
//! message. Writing is canonical: one row per stored header, `Name: value`
//! with the name as it was received, CRLF line ends, a correct
//! `Content-Length`.

mod access;
mod build;
mod dialog;
mod error;
mod header_name;
mod headers;
mod message;
mod method;
mod parse;
mod status;
mod transaction;

pub(crate) use access::ImRows;
pub use access::{CoreHeaders, ValidationError};
pub use build::{BuildError, RequestBuilder};
pub use dialog::{Dialog, DialogError};
pub use error::{HeaderError, HeaderLineError, SipError, StartLineError, ValueFault};
pub use header_name::HeaderName;
#[cfg(test)]
pub(crate) use headers::plain_addr_uri;
pub use headers::{
    CSeq, Contact, Event, NameAddr, Reason, RetryAfter, SipDate, SubState, SubscriptionState, Via,
    Warning,
};
pub(crate) use headers::{
    NameAddrRef, check_call_id, check_language_tag, is_plain_addr_of, plain_header_params,
};
pub use message::{Framing, Header, SipMessage, StartLine};
pub use method::{InvalidMethod, Method};
pub use parse::{Status, parse_stream};
pub use status::StatusCode;
pub use transaction::{Retransmit, ServerTransactions, T1, T2, TIMER_J};
