//! Fuzz target: `sip_xmpp::fuzzing::address_from_uri` (no panic; mapped
//! JIDs valid and stable through JID -> URI -> JID).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| sip_xmpp::fuzzing::address_from_uri(data));
