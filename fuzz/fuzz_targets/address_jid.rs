//! Fuzz target: `sip_xmpp::fuzzing::address_from_jid` (no panic; mapped
//! URIs parse and map back to the same JID).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| sip_xmpp::fuzzing::address_from_jid(data));
