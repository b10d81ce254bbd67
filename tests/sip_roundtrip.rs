//! Round trips of the SIP URI and message models: `parse(print(x)) == x`
//! for generated values (RFC 3261 §19.1, §7), and `print(parse(bytes))` is
//! a fixed point for every torture fixture that parses (RFC 4475, RFC 5118).

use std::net::{Ipv4Addr, Ipv6Addr};
use std::path::Path;

use proptest::prelude::*;
use sip_xmpp::ParseConfig;
use sip_xmpp::sip::{Framing, HeaderName, Method, SipMessage, Status, StatusCode, parse_stream};
use sip_xmpp::uri::{Escaped, Host, SipUri, Uri};

/// Characters that need escaping somewhere in a SIP URI, to make them
/// frequent among arbitrary ones.
const SPECIAL: &[char] = &[
    '@',
    ':',
    ';',
    '?',
    '&',
    '=',
    '+',
    '$',
    ',',
    '/',
    '%',
    ' ',
    '#',
    '[',
    ']',
    '"',
    '<',
    '>',
    '\\',
    '\0',
    '\t',
    '\u{7f}',
    'é',
    '€',
    '\u{1F600}',
    '-',
    '_',
    '.',
    '!',
    '~',
    '*',
    '\'',
    '(',
    ')',
];

fn text(min: usize, max: usize) -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop_oneof![any::<char>(), prop::sample::select(SPECIAL)],
        min..=max,
    )
    .prop_map(|v| v.into_iter().collect())
}

/// A host as given to the builder and the host the URI must report.
#[derive(Debug, Clone)]
enum GenHost {
    Domain(String),
    V4(Ipv4Addr),
    V6(Ipv6Addr),
}

impl GenHost {
    fn text(&self) -> String {
        match self {
            GenHost::Domain(d) => d.clone(),
            GenHost::V4(a) => a.to_string(),
            GenHost::V6(a) => a.to_string(),
        }
    }

    fn expected(&self) -> Host<'_> {
        match self {
            GenHost::Domain(d) => Host::Domain(d),
            GenHost::V4(a) => Host::Ipv4(*a),
            GenHost::V6(a) => Host::Ipv6(*a),
        }
    }
}

fn host() -> impl Strategy<Value = GenHost> {
    let label = "[a-zA-Z0-9]([a-zA-Z0-9-]{0,8}[a-zA-Z0-9])?";
    let top = "[a-zA-Z]([a-zA-Z0-9-]{0,8}[a-zA-Z0-9])?";
    let domain =
        (prop::collection::vec(label, 0..3), top, any::<bool>()).prop_map(|(labels, top, dot)| {
            let mut d: String = labels.iter().map(|l| format!("{l}.")).collect();
            d.push_str(&top);
            if dot {
                d.push('.');
            }
            GenHost::Domain(d)
        });
    prop_oneof![
        domain,
        any::<[u8; 4]>().prop_map(|a| GenHost::V4(Ipv4Addr::from(a))),
        any::<[u16; 8]>().prop_map(|a| GenHost::V6(Ipv6Addr::from(a))),
        any::<[u8; 4]>().prop_map(|a| GenHost::V6(Ipv4Addr::from(a).to_ipv6_mapped())),
    ]
}

/// The components of a SIP URI, unescaped.
#[derive(Debug, Clone)]
struct Parts {
    sips: bool,
    user: Option<(String, Option<String>)>,
    host: GenHost,
    port: Option<u16>,
    params: Vec<(String, Option<String>)>,
    headers: Vec<(String, String)>,
}

impl Parts {
    fn build(&self) -> SipUri {
        let mut b = SipUri::builder(&self.host.text())
            .sips(self.sips)
            .port(self.port);
        if let Some((u, p)) = &self.user {
            b = b.user(u.clone());
            if let Some(p) = p {
                b = b.password(p.clone());
            }
        }
        for (n, v) in &self.params {
            b = b.param(n, v.as_deref());
        }
        for (n, v) in &self.headers {
            b = b.header(n, v);
        }
        b.build().unwrap_or_else(|e| panic!("{self:?}: {e}"))
    }
}

fn parts() -> impl Strategy<Value = Parts> {
    let user = prop::option::of((text(1, 12), prop::option::of(text(0, 8))));
    // Parameter names are unique ignoring ASCII case, as the builder keeps
    // them; values are absent or non-empty (`pvalue = 1*paramchar`).
    let params =
        prop::collection::vec((text(1, 8), prop::option::of(text(1, 8))), 0..5).prop_map(|v| {
            let mut out: Vec<(String, Option<String>)> = Vec::new();
            for (n, val) in v {
                if !out.iter().any(|(m, _)| m.eq_ignore_ascii_case(&n)) {
                    out.push((n, val));
                }
            }
            out
        });
    let headers = prop::collection::vec((text(1, 8), text(0, 8)), 0..4);
    (
        any::<bool>(),
        user,
        host(),
        prop::option::of(any::<u16>()),
        params,
        headers,
    )
        .prop_map(|(sips, user, host, port, params, headers)| Parts {
            sips,
            user,
            host,
            port,
            params,
            headers,
        })
}

fn dec(e: Escaped<'_>) -> String {
    String::from_utf8(e.decode().into_owned()).expect("decodes to the UTF-8 given")
}

/// A token (RFC 3261 §25).
fn token(max: usize) -> impl Strategy<Value = String> {
    prop::string::string_regex(&format!("[A-Za-z0-9.!%*_+`'~-]{{1,{max}}}")).unwrap()
}

/// A header value: any text without CR or LF.
fn value() -> impl Strategy<Value = String> {
    text(0, 24).prop_map(|s| s.replace(['\r', '\n'], ""))
}

/// A request or response with extension methods and header names,
/// arbitrary values and a binary body.
#[derive(Debug, Clone)]
struct GenMessage {
    start: Result<(String, Parts), (u16, String)>,
    headers: Vec<(String, String)>,
    content_length_at: Option<usize>,
    body: Vec<u8>,
}

impl GenMessage {
    fn build(&self) -> SipMessage {
        let mut m = match &self.start {
            Ok((method, uri)) => {
                SipMessage::new_request(Method::parse(method).unwrap(), Uri::Sip(uri.build()))
            }
            Err((code, reason)) => {
                let mut r = SipMessage::new_response(StatusCode::new(*code).unwrap());
                r.set_reason_phrase(reason);
                r
            }
        };
        for (n, v) in &self.headers {
            m.push_header(n, v)
                .unwrap_or_else(|e| panic!("{n}: {v:?}: {e}"));
        }
        if let Some(at) = self.content_length_at {
            m.insert_header(at, "Content-Length", &self.body.len().to_string())
                .unwrap();
        }
        m.set_body(None, self.body.clone()).unwrap();
        m
    }
}

fn message() -> impl Strategy<Value = GenMessage> {
    let start = prop_oneof![
        (token(16), parts()).prop_map(Ok),
        (100u16..=699, text(0, 16)).prop_map(Err),
    ];
    let name = token(12).prop_filter("Content-Length is derived from the body", |n| {
        HeaderName::from_name(n) != HeaderName::ContentLength
    });
    let headers = prop::collection::vec((name, value()), 0..12);
    let body = prop::collection::vec(any::<u8>(), 0..96);
    (start, headers, prop::option::of(0usize..16), body).prop_map(
        |(start, headers, content_length_at, body)| GenMessage {
            start,
            headers,
            content_length_at,
            body,
        },
    )
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    /// RFC 3261 §19.1.1, §19.1.2: a URI built from arbitrary components
    /// parses back to itself, and each component decodes to what was given.
    #[test]
    fn sip_uri_round_trip(p in parts()) {
        let u = p.build();
        let text = u.to_string();
        let back = SipUri::parse(&text).unwrap();
        prop_assert_eq!(&back, &u);
        prop_assert!(back.equivalent(&u));
        prop_assert_eq!(back.to_builder().build().unwrap(), u.clone());
        prop_assert!(matches!(Uri::parse(&text).unwrap(), Uri::Sip(ref g) if *g == u));

        prop_assert_eq!(u.is_sips(), p.sips);
        prop_assert_eq!(u.user().map(dec), p.user.as_ref().map(|(u, _)| u.clone()));
        prop_assert_eq!(u.password().map(dec), p.user.as_ref().and_then(|(_, pw)| pw.clone()));
        prop_assert_eq!(u.host(), p.host.expected());
        prop_assert_eq!(u.port(), p.port);
        let params: Vec<_> = u.params().map(|(n, v)| (dec(n), v.map(dec))).collect();
        prop_assert_eq!(&params, &p.params);
        for (n, v) in &p.params {
            prop_assert_eq!(u.param(n).map(|v| v.map(dec)), Some(v.clone()));
        }
        let headers: Vec<_> = u.headers().map(|(n, v)| (dec(n), dec(v))).collect();
        prop_assert_eq!(&headers, &p.headers);
    }

    /// RFC 3261 §7, §18.3: a message written with `to_bytes` parses back
    /// equal on stream and datagram framing, and writes again identically.
    #[test]
    fn sip_message_round_trip(g in message()) {
        let m = g.build();
        let bytes = m.to_bytes();
        prop_assert_eq!(m.wire_len(), bytes.len(), "wire_len counts what is written");
        for framing in [Framing::Stream, Framing::Datagram] {
            let back = SipMessage::parse(&bytes, framing)
                .unwrap_or_else(|e| panic!("{framing:?}: {e}: {}", String::from_utf8_lossy(&bytes)));
            prop_assert_eq!(&back, &m);
            prop_assert_eq!(back.to_bytes(), bytes.clone());
            prop_assert_eq!(back.body(), g.body.as_slice());
            prop_assert_eq!(back.content_length().unwrap(), Some(g.body.len()));
        }
        // On a stream, the message ends exactly where the next one starts.
        let mut two = bytes.clone();
        two.extend_from_slice(&bytes);
        match parse_stream(&two, &ParseConfig::DEFAULT).unwrap() {
            Status::Complete { message, consumed } => {
                prop_assert_eq!(consumed, bytes.len());
                prop_assert_eq!(message, m);
            }
            Status::Partial { .. } => prop_assert!(false, "partial"),
        }
    }
}

/// RFC 4475, RFC 5118: for every torture message that parses, writing is a
/// fixed point: the written message parses to an equal message that writes
/// the same bytes.
#[test]
fn torture_fixtures_write_a_fixed_point() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let table = std::fs::read_to_string(dir.join("torture.tsv")).unwrap();
    let mut parsed = 0;
    for line in table.lines().filter(|l| !l.is_empty()) {
        let mut cols = line.split('\t');
        let (path, verdict) = (cols.next().unwrap(), cols.next().unwrap());
        let bytes = std::fs::read(dir.join(path)).unwrap();
        let framing = if verdict == "datagram" {
            Framing::Datagram
        } else {
            Framing::Stream
        };
        let Ok(m) = SipMessage::parse(&bytes, framing) else {
            continue;
        };
        parsed += 1;
        let once = m.to_bytes();
        let again =
            SipMessage::parse(&once, Framing::Stream).unwrap_or_else(|e| panic!("{path}: {e}"));
        assert_eq!(again, m, "{path}");
        assert_eq!(again.to_bytes(), once, "{path}");
        assert_eq!(
            SipMessage::parse(&once, Framing::Datagram)
                .unwrap()
                .to_bytes(),
            once,
            "{path}: datagram"
        );
        // Typed values read the same before and after.
        assert_eq!(again.validate(), m.validate(), "{path}");
        assert_eq!(
            format!("{:?}", again.from_header()),
            format!("{:?}", m.from_header()),
            "{path}"
        );
        assert_eq!(
            again.vias().map(|v| format!("{v:?}")).collect::<Vec<_>>(),
            m.vias().map(|v| format!("{v:?}")).collect::<Vec<_>>(),
            "{path}"
        );
    }
    // 61 fixtures; clerr, ncl, bigcode, ltgtruri, lwsruri, lwsstart, trws,
    // baddn, badvers, mcl01 and ipv6-bad do not parse.
    assert_eq!(parsed, 50);
}
