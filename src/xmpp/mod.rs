//! XMPP stanzas (RFC 6120, RFC 6121): typed views over `minidom`
//! elements, read under hostile-XML limits, and stanza errors.

mod condition;

pub use condition::{DefinedCondition, ErrorType, NS_STANZAS, UnknownName};
