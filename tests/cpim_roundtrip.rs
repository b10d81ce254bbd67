//! Property tests for Message/CPIM (RFC 3862): parse(write(x)) == x, and
//! header text with control characters survives escaping (§2.3).

use proptest::prelude::*;
use sip_xmpp::cpim::{Cpim, CpimHeader};

fn name() -> impl Strategy<Value = String> {
    "[A-Za-z][A-Za-z0-9!#$%&'*+^_`|~-]{0,12}(\\.[A-Za-z][A-Za-z0-9-]{0,8})?"
}

/// Header text: any non-control characters, no whitespace at either end.
fn value() -> impl Strategy<Value = String> {
    "[^\\p{Cc}]{0,40}".prop_map(|s| s.trim_matches([' ', '\t']).to_owned())
}

fn header() -> impl Strategy<Value = CpimHeader> {
    (
        name(),
        proptest::collection::vec("lang=[a-z]{2}|[a-z]{1,5}", 0..2),
        value(),
    )
        .prop_map(|(name, params, value)| CpimHeader {
            name,
            params,
            value,
        })
}

fn cpim() -> impl Strategy<Value = Cpim> {
    (
        proptest::collection::vec(header(), 0..8),
        proptest::collection::vec(("X-[A-Za-z]{1,8}", "[a-z0-9;=/ ]{0,20}"), 0..3),
        proptest::collection::vec(any::<u8>(), 0..200),
        prop_oneof![
            Just("text/plain"),
            Just("text/plain;charset=UTF-8"),
            Just("application/im-iscomposing+xml")
        ],
    )
        .prop_map(|(headers, extra, body, ct)| {
            let mut content_headers = vec![("Content-Type".to_owned(), ct.to_owned())];
            content_headers.extend(extra.into_iter().map(|(n, v)| (n, v.trim().to_owned())));
            Cpim {
                headers,
                content_headers,
                body,
            }
        })
}

proptest! {
    /// CPIM-1 / CPIM-3 / CPIM-7: a written object parses back to the same
    /// headers, in the same order, with the same bytes.
    #[test]
    fn cpim_1_parse_write_round_trip(m in cpim()) {
        let bytes = m.to_bytes();
        let again = Cpim::parse_default(&bytes).unwrap();
        prop_assert_eq!(&again, &m);
        prop_assert_eq!(again.to_bytes(), bytes);
    }

    /// CPIM-8: control characters are escaped in header values and decode
    /// back to the original text.
    #[test]
    fn cpim_8_escapes(text in " ?\\PC{0,10}[\\r\\n\\t\\u{7}\\\\]{1,3}\\PC{0,10} ?") {
        let h = CpimHeader::new("Subject", &text);
        prop_assert!(!h.value.contains(['\r', '\n']));
        prop_assert_eq!(h.decoded_value(), text.as_str());
        let m = Cpim { headers: vec![h], content_headers: vec![("Content-Type".into(), "text/plain".into())], body: vec![] };
        let again = Cpim::parse_default(&m.to_bytes()).unwrap();
        prop_assert_eq!(again.subjects().next().unwrap().1, text.as_str());
    }
}
