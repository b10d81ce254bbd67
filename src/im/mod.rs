//! Single instant messages between SIP and XMPP (RFC 7572).
pub mod xhtml;
