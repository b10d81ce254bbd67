//! Fuzz target: `sip_xmpp::fuzzing::html` (no panic, XHTML-IM whitelist,
//! stanza round trip).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| sip_xmpp::fuzzing::html(data));
