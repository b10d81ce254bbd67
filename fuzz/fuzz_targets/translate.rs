//! Fuzz target: `sip_xmpp::fuzzing::translate` (the IM gateway never panics; its output parses).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| sip_xmpp::fuzzing::translate(data));
