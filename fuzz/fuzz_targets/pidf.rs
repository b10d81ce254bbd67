//! Fuzz target: `sip_xmpp::fuzzing::pidf` (no panic, stable round trip).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| sip_xmpp::fuzzing::pidf(data));
