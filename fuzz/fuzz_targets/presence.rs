//! Fuzz target: `sip_xmpp::fuzzing::presence` (the presence gateway
//! through a scripted life; its invariants hold after every step).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| sip_xmpp::fuzzing::presence(data));
