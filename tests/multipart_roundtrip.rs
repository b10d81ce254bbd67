//! Property tests of the multipart codec (RFC 2046 §5.1, RFC 5621 §4):
//! `parse(write(x)) == x` for built values, and for whatever the parser
//! accepts.

use proptest::collection::vec;
use proptest::option;
use proptest::prelude::*;
use sip_xmpp::multipart::{Header, Multipart, Part};
use sip_xmpp::params::Param;
use sip_xmpp::{MediaType, ParseLimits};

/// RFC 2046 §5.1.1 boundaries: short ones (so that bodies come close to
/// holding them) and longer ones with every `bchars` character, spaces
/// inside included.
fn boundary() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-c]{1,2}",
        "[0-9A-Za-z'()+_,./:=?-][0-9A-Za-z'()+_,./:=? -]{0,30}[0-9A-Za-z'()+_,./:=?-]",
        "[0-9A-Za-z]{70}",
    ]
}

/// Binary bytes built from chunks that stress the framing: line breaks,
/// bare CR, NUL, dashes, and the dash-boundary minus its last character.
fn body_near(boundary: &str) -> impl Strategy<Value = Vec<u8>> + use<> {
    let mut frag = b"--".to_vec();
    frag.extend_from_slice(boundary.as_bytes());
    frag.pop();
    let chunk = prop_oneof![
        4 => vec(any::<u8>(), 0..12),
        1 => Just(b"\r\n".to_vec()),
        1 => Just(b"\n".to_vec()),
        1 => Just(b"\r".to_vec()),
        1 => Just(b"\0".to_vec()),
        1 => Just(b"--".to_vec()),
        1 => Just(frag),
    ];
    vec(chunk, 0..8).prop_map(|v| v.concat())
}

/// Header fields other than `Content-Type`: any RFC 5322 `ftext` name,
/// any value without control characters (it is trimmed on the way in).
fn extra_header() -> impl Strategy<Value = Header> {
    ("[!-9;-~]{1,12}", "[^\\x00-\\x08\\x0a-\\x1f\\x7f]{0,20}").prop_filter_map(
        "not a header the test controls",
        |(n, v)| {
            if n.eq_ignore_ascii_case("content-type") {
                return None;
            }
            Header::new(n, v).ok()
        },
    )
}

/// `Content-Type` values of leaf parts, including one that does not parse
/// (RFC 2045 §5.2: treated as text/plain, kept as bytes).
fn leaf_content_type() -> impl Strategy<Value = Option<Header>> {
    option::of(
        prop_oneof![
            Just("text/plain"),
            Just("text/plain;charset=UTF-8"),
            Just("application/sdp"),
            Just("application/pidf+xml"),
            Just("Application/Octet-Stream ; x=\"a b\""),
            Just("multipart"),
        ]
        .prop_map(|v| Header::new("Content-Type", v).unwrap()),
    )
}

fn leaf_part(boundary: &str) -> impl Strategy<Value = Part> + use<> {
    (
        vec(extra_header(), 0..3),
        leaf_content_type(),
        any::<prop::sample::Index>(),
        body_near(boundary),
    )
        .prop_map(|(mut headers, ct, at, body)| {
            if let Some(ct) = ct {
                let i = at.index(headers.len() + 1);
                headers.insert(i, ct);
            }
            Part::new(headers, body).unwrap()
        })
}

/// A multipart with up to `nested` further levels of multipart inside.
fn multipart(nested: u32) -> BoxedStrategy<Multipart> {
    boundary()
        .prop_flat_map(move |b| {
            let part = if nested == 0 {
                leaf_part(&b).boxed()
            } else {
                prop_oneof![
                    3 => leaf_part(&b),
                    1 => (vec(extra_header(), 0..2), multipart(nested - 1))
                        .prop_map(|(hs, m)| Part::from_multipart(hs, m)),
                ]
                .boxed()
            };
            (
                Just(b.clone()),
                any::<bool>(),
                any::<u64>(),
                prop_oneof![
                    Just("mixed"),
                    Just("alternative"),
                    Just("related"),
                    Just("x-Other")
                ],
                option::of("[a-z]{1,5}/[a-z+]{1,9}"),
                vec(part, 1..4),
                option::of(body_near(&b)),
                option::weighted(0.7, vec(any::<u8>(), 0..16)),
            )
        })
        .prop_filter_map(
            "the boundary occurs in the content",
            |(b, explicit, seed, subtype, ty, parts, preamble, epilogue)| {
                let mut builder = Multipart::builder(subtype).parts(parts).seed(seed);
                if explicit {
                    builder = builder.boundary(b);
                }
                if let Some(ty) = ty {
                    builder = builder.param(Param::quoted("type", ty));
                }
                if let Some(p) = preamble {
                    builder = builder.preamble(p);
                }
                builder = match epilogue {
                    Some(e) => builder.epilogue(e),
                    None => builder.no_epilogue(),
                };
                builder.build().ok()
            },
        )
        .boxed()
}

/// Noise for preambles, bodies and epilogues: line breaks, bare CR,
/// padding, binary bytes and lines that resemble delimiters.
fn noise() -> impl Strategy<Value = Vec<u8>> {
    vec(
        prop_oneof![
            Just(&b"\r\n"[..]),
            Just(&b"\n"[..]),
            Just(&b"\r"[..]),
            Just(&b" "[..]),
            Just(&b"\x00\xff"[..]),
            Just(&b"text"[..]),
            Just(&b"--bx"[..]),
            Just(&b"--b-"[..]),
            Just(&b"--b--x"[..]),
            Just(&b"--c"[..]),
            Just(&b"--"[..]),
        ],
        0..8,
    )
    .prop_map(|v| v.concat())
}

/// Raw multipart bodies with boundary `b`, possibly holding multiparts
/// with boundary `c` up to `nested` levels down (and possibly broken).
fn framed(b: &'static str, nested: u32) -> BoxedStrategy<Vec<u8>> {
    let delimiter = prop_oneof![
        Just(format!("\r\n--{b}\r\n")),
        Just(format!("\n--{b} \t\n")),
        Just(format!("\r\n--{b}\n")),
        Just(format!("--{b}\r\n")),
    ];
    let close = prop_oneof![
        4 => Just(format!("\r\n--{b}--")),
        4 => Just(format!("\n--{b}--  \r\n")),
        4 => Just(format!("\r\n--{b}--\r\n")),
        1 => Just(String::new()),
    ];
    let header = prop_oneof![
        4 => Just(&b"Content-Type: text/plain\r\n"[..]),
        4 => Just(&b"X-A:  v \r\n"[..]),
        4 => Just(&b"X-B: 1\r\n 2\n"[..]),
        4 => Just(&b"content-id:<a@b>\n"[..]),
        4 => Just(&b"Content-Type: ???\r\n"[..]),
        1 => Just(&b"bad line\r\n"[..]),
    ];
    let blank = prop_oneof![4 => Just("\r\n"), 2 => Just("\n"), 1 => Just("")];
    let leaf = (vec(header, 0..3), blank, noise())
        .prop_map(|(hs, blank, body)| [hs.concat(), blank.as_bytes().to_vec(), body].concat());
    let part = if nested == 0 {
        leaf.boxed()
    } else {
        prop_oneof![
            3 => leaf,
            1 => framed("c", nested - 1).prop_map(|inner| {
                [&b"Content-Type: multipart/alternative; boundary=c\r\n\r\n"[..], &inner].concat()
            }),
        ]
        .boxed()
    };
    (
        option::of(noise()),
        vec((delimiter, part), 1..4),
        close,
        option::of(noise()),
    )
        .prop_map(|(pre, parts, close, epi)| {
            let mut out = Vec::new();
            if let Some(p) = pre {
                out.extend_from_slice(&p);
                out.extend_from_slice(b"\r\n");
            }
            for (d, p) in parts {
                out.extend_from_slice(d.as_bytes());
                out.extend_from_slice(&p);
            }
            out.extend_from_slice(close.as_bytes());
            if let Some(e) = epi {
                out.extend_from_slice(&e);
            }
            out
        })
        .boxed()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    /// RFC 2046 §5.1.1: parse(write(x)) == x for arbitrary multiparts
    /// with binary bodies, a top level and up to two nested levels, both
    /// with the media type as held and as carried in a Content-Type
    /// header.
    #[test]
    fn parse_of_write_is_identity(m in multipart(2)) {
        let bytes = m.to_bytes();
        prop_assert_eq!(bytes.len(), m.encoded_len());
        let limits = ParseLimits::default();
        let parsed = Multipart::parse(&bytes, m.media_type(), &limits);
        prop_assert_eq!(parsed.as_ref(), Ok(&m));
        let header = m.media_type().to_string();
        let ct = MediaType::parse(&header).unwrap();
        prop_assert_eq!(Multipart::parse(&bytes, &ct, &limits), Ok(m));
    }

    /// RFC 2046 §5.1.1 and RFC 5621 §4: whatever the parser accepts (here,
    /// bodies framed by delimiters with CRLF or bare LF and transport
    /// padding, parts with folded, padded or missing header fields,
    /// nested multiparts, noise that resembles delimiters) writes back to
    /// bytes that parse to the same value, and nothing makes it panic.
    #[test]
    fn accepted_input_round_trips(body in framed("b", 1)) {
        let ct = MediaType::parse("multipart/mixed;boundary=b").unwrap();
        let limits = ParseLimits::default();
        if let Ok(m) = Multipart::parse(&body, &ct, &limits) {
            let again = Multipart::parse(&m.to_bytes(), m.media_type(), &limits);
            prop_assert_eq!(again, Ok(m));
        }
    }

    /// RFC 2046 §5.1.1: arbitrary bytes never make the parser panic.
    #[test]
    fn arbitrary_bytes_do_not_panic(body in vec(any::<u8>(), 0..256)) {
        let ct = MediaType::parse("multipart/mixed;boundary=b").unwrap();
        let _ = Multipart::parse(&body, &ct, &ParseLimits::default());
    }
}
