//! RFC 7572: single instant messages between SIP (`MESSAGE`, RFC 3428)
//! and XMPP (`<message/>`), both directions.
//!
//! [`map`] holds the stateless mappings of RFC 7572's two tables;
//! [`ImGateway`] is the Sans-IO state machine around them: it issues the
//! SIP MESSAGE and maps its final response, applies the transaction
//! timeout, answers inbound MESSAGEs, and keeps one transaction per
//! destination in flight (RFC 3428 §8).

mod config;
mod fault;
mod gateway;
pub mod map;
pub mod xhtml;

pub use config::{ImConfig, SipIdentity};
pub use fault::ImFault;
pub use gateway::{ImGateway, Output, Rejection};
