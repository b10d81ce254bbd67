//! Unit tests of the multipart codec, table-driven. Each table row names
//! the RFC 2046 §5.1 rule it exercises.

use super::*;
use crate::params::Param;
use crate::{MediaType, ParseLimits};

/// A compact picture of a parsed multipart: `pre|part|part|epi`, where
/// `pre` and `epi` are `-` when absent, a part is `[Name=value;...]`
/// followed by its body as an escaped byte string or `{nested}`.
fn outline(m: &Multipart) -> String {
    fn bytes(b: Option<&[u8]>) -> String {
        match b {
            None => "-".to_owned(),
            Some(b) => format!("\"{}\"", b.escape_ascii()),
        }
    }
    let mut s = bytes(m.preamble());
    for p in m {
        s.push('|');
        s.push('[');
        let hs: Vec<String> = p
            .headers()
            .iter()
            .map(|h| format!("{}={}", h.name(), h.value()))
            .collect();
        s.push_str(&hs.join(";"));
        s.push(']');
        match p.body() {
            PartBody::Bytes(b) => s.push_str(&bytes(Some(b))),
            PartBody::Multipart(n) => {
                s.push('{');
                s.push_str(&outline(n));
                s.push('}');
            }
        }
    }
    s.push('|');
    s.push_str(&bytes(m.epilogue()));
    s
}

fn parse_with(ct: &str, body: &[u8], limits: &ParseLimits) -> Result<Multipart, MultipartError> {
    let ct = MediaType::parse(ct).unwrap();
    Multipart::parse(body, &ct, limits)
}

fn parse(ct: &str, body: &[u8]) -> Result<Multipart, MultipartError> {
    parse_with(ct, body, &ParseLimits::default())
}

/// Checks that a parsed body survives write-then-parse unchanged.
fn assert_reparses(m: &Multipart) {
    assert_reparses_with(m, &ParseLimits::default());
}

/// [`assert_reparses`] under the given limits.
fn assert_reparses_with(m: &Multipart, limits: &ParseLimits) {
    let bytes = m.to_bytes();
    assert_eq!(bytes.len(), m.encoded_len());
    let again = Multipart::parse(&bytes, m.media_type(), limits).unwrap();
    assert_eq!(&again, m);
}

const MIXED: &str = "multipart/mixed;boundary=b";

/// RFC 2046 §5.1.1 delimiters, preamble, epilogue and body parts; RFC
/// 5621 §4 SIP multipart bodies. Each row: what it shows, Content-Type, body, and
/// the expected outline.
#[test]
fn parse_table() {
    let rows: &[(&str, &str, &[u8], &str)] = &[
        (
            "§5.1.1: first delimiter at the very start, no preamble, no epilogue",
            MIXED,
            b"--b\r\nContent-Type: text/plain\r\n\r\nhello\r\n--b--",
            r#"-|[Content-Type=text/plain]"hello"|-"#,
        ),
        (
            "§5.1.1: close delimiter followed by CRLF gives an empty epilogue",
            MIXED,
            b"--b\r\n\r\nx\r\n--b--\r\n",
            r#"-|[]"x"|"""#,
        ),
        (
            "§5.1.1: preamble and epilogue are kept, their CRLF belongs to the delimiter",
            MIXED,
            b"pre 1\r\npre 2\r\n--b\r\n\r\nx\r\n--b--\r\nepi 1\r\nepi 2\r\n",
            r#""pre 1\r\npre 2"|[]"x"|"epi 1\r\nepi 2\r\n""#,
        ),
        (
            "§5.1.1: an empty preamble (body starts with CRLF)",
            MIXED,
            b"\r\n--b\r\n\r\nx\r\n--b--",
            r#"""|[]"x"|-"#,
        ),
        (
            "§5.1.1: transport padding after the boundary is skipped",
            MIXED,
            b"--b \t \r\n\r\nx\r\n--b\t\r\n\r\ny\r\n--b--  \r\nepi",
            r#"-|[]"x"|[]"y"|"epi""#,
        ),
        (
            "§5.1.1: the CRLF before a delimiter is not part of the body; the one before it is",
            MIXED,
            b"--b\r\n\r\nline\r\n\r\n--b--",
            r#"-|[]"line\r\n"|-"#,
        ),
        (
            "§5.1.1: boundary-like lines that are not delimiters stay in the body",
            MIXED,
            b"--b\r\n\r\n--bX\r\n--b x\r\n --b\r\nx--b\r\n--b-\r\n--b--x\r\n--\r\n--b--",
            r#"-|[]"--bX\r\n--b x\r\n --b\r\nx--b\r\n--b-\r\n--b--x\r\n--"|-"#,
        ),
        (
            "§5.1.1: binary body with NUL, bare CR and non-UTF-8 bytes",
            MIXED,
            b"--b\r\nContent-Type: application/octet-stream\r\n\r\n\x00\r\x01\xff\r\r\n\x00--b\r\r\n--b--",
            r#"-|[Content-Type=application/octet-stream]"\x00\r\x01\xff\r\r\n\x00--b\r"|-"#,
        ),
        (
            "§5.1.1: a part without header fields starts with an empty line",
            MIXED,
            b"--b\r\n\r\nimplicit text/plain\r\n--b--",
            r#"-|[]"implicit text/plain"|-"#,
        ),
        (
            "§5.1.1: header fields not ended by an empty line: empty body",
            MIXED,
            b"--b\r\nContent-Type: text/plain\r\n--b--",
            r#"-|[Content-Type=text/plain]""|-"#,
        ),
        (
            "§5.1.1: empty parts, including a delimiter right after a delimiter line",
            MIXED,
            b"--b\r\n--b\r\n\r\n\r\n--b--",
            r#"-|[]""|[]""|-"#,
        ),
        (
            "§5.1: LF-only line breaks are accepted everywhere",
            MIXED,
            b"pre\n--b\nContent-Type: text/plain\n\nline 1\nline 2\n--b\nX-A: 1\n\n\n--b--\nepi\n",
            r#""pre"|[Content-Type=text/plain]"line 1\nline 2"|[X-A=1]""|"epi\n""#,
        ),
        (
            "RFC 5322 §2.2.3: folded header fields are unfolded, values trimmed",
            MIXED,
            b"--b\r\nContent-Type: text/plain;\r\n  charset=utf-8\r\nX-Empty:\r\nX-Pad : \t v \t\r\n\r\n--b--",
            r#"-|[Content-Type=text/plain;  charset=utf-8;X-Empty=;X-Pad=v]""|-"#,
        ),
        (
            "§5.1.1: quoted boundary with spaces and other bchars",
            "multipart/mixed; boundary=\"a '()+_,-./:=? z\"",
            b"--a '()+_,-./:=? z\r\n\r\nx\r\n--a '()+_,-./:=? z--",
            r#"-|[]"x"|-"#,
        ),
        (
            "§5.1.1: a boundary that is a prefix of a body line's boundary-like text",
            "multipart/mixed;boundary=ab",
            b"--ab\r\n\r\n--abc\r\n--a\r\n--ab--",
            r#"-|[]"--abc\r\n--a"|-"#,
        ),
        (
            "§5.1.2, §5.1.4: multipart/alternative nested in multipart/mixed",
            MIXED,
            b"--b\r\nContent-Type: application/sdp\r\n\r\nv=0\r\n\
              --b\r\nContent-Type: multipart/alternative; boundary=inner\r\n\r\n\
              --inner\r\nContent-Type: text/plain\r\n\r\nhi\r\n\
              --inner\r\nContent-Type: text/html\r\n\r\n<b>hi</b>\r\n--inner--\r\n\
              --b--\r\n",
            r#"-|[Content-Type=application/sdp]"v=0"|[Content-Type=multipart/alternative; boundary=inner]{-|[Content-Type=text/plain]"hi"|[Content-Type=text/html]"<b>hi</b>"|-}|"""#,
        ),
        (
            "RFC 2045 §5.2: an unparsable Content-Type leaves the body as bytes",
            MIXED,
            b"--b\r\nContent-Type: multipart\r\n\r\n--x--\r\n--b--",
            r#"-|[Content-Type=multipart]"--x--"|-"#,
        ),
        (
            "§5.1: any multipart subtype, header names case-insensitive",
            "Multipart/Related;type=\"application/pidf+xml\";Boundary=r",
            b"--r\r\ncontent-type: Multipart/Alternative;BOUNDARY=q\r\n\r\n--q\r\n\r\nx\r\n--q--\r\n--r--",
            r#"-|[content-type=Multipart/Alternative;BOUNDARY=q]{-|[]"x"|-}|-"#,
        ),
    ];
    for (what, ct, body, want) in rows {
        let m = parse(ct, body).unwrap_or_else(|e| panic!("{what}: {e}"));
        assert_eq!(outline(&m), *want, "{what}");
        assert_reparses(&m);
    }
}

fn limits(f: impl FnOnce(&mut ParseLimits)) -> ParseLimits {
    let mut l = ParseLimits::default();
    f(&mut l);
    l
}

/// RFC 2046 §5.1.1 framing faults and the parser limits. Each row: what
/// it shows, Content-Type, body, limits, the expected error.
#[test]
fn error_table() {
    use MultipartError as E;
    use MultipartLimit as L;
    let d = ParseLimits::default();
    let nested =
        b"--b\r\nContent-Type: multipart/mixed;boundary=c\r\n\r\n--c\r\n\r\nx\r\n--c--\r\n--b--";
    let rows: Vec<(&str, &str, &[u8], ParseLimits, MultipartError)> = vec![
        (
            "content type is not multipart",
            "text/plain;boundary=b",
            b"--b\r\n\r\n--b--",
            d,
            E::NotMultipart,
        ),
        (
            "§5.1.1: boundary parameter is mandatory",
            "multipart/mixed",
            b"--b\r\n\r\n--b--",
            d,
            E::MissingBoundary { part_offset: None },
        ),
        (
            "§5.1.1: boundary of 71 characters",
            &*Box::leak(format!("multipart/mixed;boundary={}", "a".repeat(71)).into_boxed_str()),
            b"",
            d,
            E::InvalidBoundary {
                part_offset: None,
                fault: BoundaryFault::TooLong { len: 71 },
            },
        ),
        (
            "§5.1.1: boundary ending in a space",
            "multipart/mixed;boundary=\"a \"",
            b"",
            d,
            E::InvalidBoundary {
                part_offset: None,
                fault: BoundaryFault::TrailingSpace,
            },
        ),
        (
            "§5.1.1: boundary with a character outside bchars",
            "multipart/mixed;boundary=\"a;b\"",
            b"",
            d,
            E::InvalidBoundary {
                part_offset: None,
                fault: BoundaryFault::BadChar { index: 1 },
            },
        ),
        (
            "§5.1.1: empty boundary",
            "multipart/mixed;boundary=\"\"",
            b"",
            d,
            E::InvalidBoundary {
                part_offset: None,
                fault: BoundaryFault::Empty,
            },
        ),
        (
            "§5.1.1: empty body",
            MIXED,
            b"",
            d,
            E::NoDelimiter { offset: 0 },
        ),
        (
            "§5.1.1: no delimiter at all",
            MIXED,
            b"just text\r\n--bx\r\n",
            d,
            E::NoDelimiter { offset: 0 },
        ),
        (
            "§5.1.1: a dash-boundary not at a line start is no delimiter",
            MIXED,
            b"x--b\r\n\r\n--b--",
            d,
            E::NoBodyParts { offset: 8 },
        ),
        (
            "§5.1.1: at least one body part",
            MIXED,
            b"pre\r\n--b--\r\n",
            d,
            E::NoBodyParts { offset: 5 },
        ),
        (
            "§5.1.1: missing close delimiter",
            MIXED,
            b"--b\r\n\r\none\r\n--b\r\n\r\ntwo\r\n",
            d,
            E::MissingCloseDelimiter { offset: 17 },
        ),
        (
            "§5.1.1: a truncated delimiter at the end is no delimiter",
            MIXED,
            b"--b\r\n\r\none\r\n--b",
            d,
            E::MissingCloseDelimiter { offset: 5 },
        ),
        (
            "§5.1.1: missing close delimiter in a nested multipart",
            MIXED,
            b"--b\r\nContent-Type: multipart/mixed;boundary=c\r\n\r\n--c\r\n\r\nx\r\n--b--",
            d,
            E::MissingCloseDelimiter { offset: 54 },
        ),
        (
            "§5.1.1: nested multipart without boundary",
            MIXED,
            b"--b\r\n\r\nfirst\r\n--b\r\nContent-Type: multipart/mixed\r\n\r\n--c--\r\n--b--",
            d,
            E::MissingBoundary {
                part_offset: Some(19),
            },
        ),
        (
            "limit: max_body_bytes",
            MIXED,
            b"--b\r\n\r\nx\r\n--b--",
            limits(|l| l.max_body_bytes = 10),
            E::LimitExceeded {
                limit: L::BodyBytes,
                max: 10,
                offset: 10,
            },
        ),
        (
            "limit: max_multipart_parts",
            MIXED,
            b"--b\r\n\r\n1\r\n--b\r\n\r\n2\r\n--b\r\n\r\n3\r\n--b--",
            limits(|l| l.max_multipart_parts = 2),
            E::LimitExceeded {
                limit: L::Parts,
                max: 2,
                offset: 25,
            },
        ),
        (
            "limit: max_multipart_depth = 1 allows no nesting",
            MIXED,
            nested,
            limits(|l| l.max_multipart_depth = 1),
            E::LimitExceeded {
                limit: L::Depth,
                max: 1,
                offset: 49,
            },
        ),
        (
            "limit: max_multipart_depth = 0 rejects every multipart",
            MIXED,
            b"--b\r\n\r\nx\r\n--b--",
            limits(|l| l.max_multipart_depth = 0),
            E::LimitExceeded {
                limit: L::Depth,
                max: 0,
                offset: 0,
            },
        ),
        (
            "limit: max_headers per part",
            MIXED,
            b"--b\r\nA: 1\r\nB: 2\r\nC: 3\r\n\r\n--b--",
            limits(|l| l.max_headers = 2),
            E::LimitExceeded {
                limit: L::Headers,
                max: 2,
                offset: 17,
            },
        ),
        (
            "limit: max_line_bytes on one line",
            MIXED,
            b"--b\r\nX-Long: 0123456789\r\n\r\n--b--",
            limits(|l| l.max_line_bytes = 10),
            E::LimitExceeded {
                limit: L::LineBytes,
                max: 10,
                offset: 5,
            },
        ),
        (
            "limit: max_line_bytes counts the unfolded field",
            MIXED,
            b"--b\r\nX: 1\r\n 2\r\n 3\r\n 4\r\n\r\n--b--",
            limits(|l| l.max_line_bytes = 8),
            E::LimitExceeded {
                limit: L::LineBytes,
                max: 8,
                offset: 5,
            },
        ),
        (
            "header line without a colon",
            MIXED,
            b"--b\r\nv=0\r\n--b--",
            d,
            E::MalformedHeader {
                offset: 5,
                fault: HeaderFault::NoColon,
            },
        ),
        (
            "header field name with a space",
            MIXED,
            b"--b\r\nX A: 1\r\n\r\n--b--",
            d,
            E::MalformedHeader {
                offset: 5,
                fault: HeaderFault::BadName,
            },
        ),
        (
            "empty header field name",
            MIXED,
            b"--b\r\n: 1\r\n\r\n--b--",
            d,
            E::MalformedHeader {
                offset: 5,
                fault: HeaderFault::BadName,
            },
        ),
        (
            "header field name starting with -- (would read as a delimiter once written)",
            "multipart/mixed;boundary=\"a: b\"",
            b"--a: b\r\n--a:b\r\n\r\n--a: b--",
            d,
            E::MalformedHeader {
                offset: 8,
                fault: HeaderFault::BadName,
            },
        ),
        (
            "continuation line first",
            MIXED,
            b"--b\r\n folded\r\n\r\n--b--",
            d,
            E::MalformedHeader {
                offset: 5,
                fault: HeaderFault::LeadingContinuation,
            },
        ),
        (
            "header value with a bare CR",
            MIXED,
            b"--b\r\nX: a\rb\r\n\r\n--b--",
            d,
            E::MalformedHeader {
                offset: 5,
                fault: HeaderFault::ControlChar,
            },
        ),
        (
            "header value with NUL",
            MIXED,
            b"--b\r\nX: a\x00b\r\n\r\n--b--",
            d,
            E::MalformedHeader {
                offset: 5,
                fault: HeaderFault::ControlChar,
            },
        ),
        (
            "header value not UTF-8",
            MIXED,
            b"--b\r\nOK: 1\r\nX: \xff\r\n\r\n--b--",
            d,
            E::MalformedHeader {
                offset: 12,
                fault: HeaderFault::NotUtf8,
            },
        ),
    ];
    for (what, ct, body, lim, want) in rows {
        let got = parse_with(ct, body, &lim);
        assert_eq!(got, Err(want), "{what}");
    }
}

/// RFC 2046 §5.1.1: nesting within the depth cap parses; one level more
/// fails, whatever the cap.
#[test]
fn depth_cap() {
    fn nest(levels: usize) -> (String, Vec<u8>) {
        let mut body = b"leaf".to_vec();
        for i in (0..levels).rev() {
            let mut outer = format!("--b{i}\r\n").into_bytes();
            if i + 1 < levels {
                outer.extend_from_slice(
                    format!("Content-Type: multipart/mixed;boundary=b{}\r\n", i + 1).as_bytes(),
                );
            }
            outer.extend_from_slice(b"\r\n");
            outer.extend_from_slice(&body);
            outer.extend_from_slice(format!("\r\n--b{i}--").as_bytes());
            body = outer;
        }
        ("multipart/mixed;boundary=b0".to_owned(), body)
    }
    for max in 0..6 {
        let lim = limits(|l| l.max_multipart_depth = max);
        for levels in 1..8 {
            let (ct, body) = nest(levels);
            let got = parse_with(&ct, &body, &lim);
            if levels <= max {
                let m = got.unwrap();
                assert_reparses_with(&m, &lim);
            } else {
                assert!(
                    matches!(
                        got,
                        Err(MultipartError::LimitExceeded {
                            limit: MultipartLimit::Depth,
                            ..
                        })
                    ),
                    "max {max}, levels {levels}: {got:?}"
                );
            }
        }
    }
}

/// RFC 2046 §5.1.1: the parts cap applies per level, so a nested
/// multipart has its own budget.
#[test]
fn parts_cap_is_per_level() {
    let body = b"--b\r\n\r\n1\r\n--b\r\nContent-Type: multipart/mixed;boundary=c\r\n\r\n\
                 --c\r\n\r\nx\r\n--c\r\n\r\ny\r\n--c--\r\n--b--";
    let lim = limits(|l| l.max_multipart_parts = 2);
    let m = parse_with(MIXED, body, &lim).unwrap();
    assert_eq!(m.len(), 2);
    let lim = limits(|l| l.max_multipart_parts = 1);
    assert!(matches!(
        parse_with(MIXED, body, &lim),
        Err(MultipartError::LimitExceeded {
            limit: MultipartLimit::Parts,
            ..
        })
    ));
}

/// Exactly at the limits is allowed (RFC 2046 §5.1.1 bodies at the edge
/// of each `ParseLimits` field).
#[test]
fn limits_are_inclusive() {
    let body = b"--b\r\nX: 123456\r\nY: 1\r\n\r\nx\r\n--b\r\n\r\n--b--";
    let lim = ParseLimits {
        max_body_bytes: body.len(),
        max_multipart_parts: 2,
        max_multipart_depth: 1,
        max_headers: 2,
        max_line_bytes: 9,
        ..ParseLimits::default()
    };
    parse_with(MIXED, body, &lim).unwrap();
}

/// RFC 2046 §5.1.1: a boundary of 70 characters is the longest allowed.
#[test]
fn boundary_of_70() {
    let b = "x".repeat(70);
    let body = format!("--{b}\r\n\r\nbody\r\n--{b}--");
    let m = parse(&format!("multipart/mixed;boundary={b}"), body.as_bytes()).unwrap();
    assert_eq!(m.boundary().as_str(), b);
}

fn text(sub: &str, body: &str) -> Part {
    Part::with_content_type(&MediaType::new("text", sub.to_owned()), body.to_owned()).unwrap()
}

/// RFC 2046 §5.1.1: the writer lays out preamble, delimiters, parts,
/// close delimiter and epilogue with CRLF.
#[test]
fn writer_layout() {
    let m = Multipart::builder("mixed")
        .boundary("b")
        .preamble("pre")
        .part(text("plain", "one"))
        .part(Part::new([], "two").unwrap())
        .epilogue("epi")
        .build()
        .unwrap();
    assert_eq!(
        m.to_bytes(),
        b"pre\r\n--b\r\nContent-Type: text/plain\r\n\r\none\r\n--b\r\n\r\ntwo\r\n--b--\r\nepi"
            .to_vec()
    );
    let m = Multipart::builder("mixed")
        .boundary("b")
        .part(Part::new([Header::new("X-Empty", "").unwrap()], "").unwrap())
        .no_epilogue()
        .build()
        .unwrap();
    assert_eq!(m.to_bytes(), b"--b\r\nX-Empty:\r\n\r\n\r\n--b--".to_vec());
    let mut out = b"prefix".to_vec();
    m.write_to(&mut out);
    assert_eq!(&out[..6], b"prefix");
    assert_eq!(&out[6..], &m.to_bytes()[..]);
    assert_reparses(&m);
}

/// RFC 2046 §5.1.1: "the boundary delimiter MUST NOT appear inside any
/// of the encapsulated parts": the builder refuses such a boundary,
/// wherever it occurs.
#[test]
fn builder_refuses_boundary_in_content() {
    use MultipartError as E;
    let inner = Multipart::builder("alternative")
        .boundary("in")
        .part(text("plain", "has --out inside"))
        .build()
        .unwrap();
    let inner_epi = Multipart::builder("alternative")
        .boundary("in")
        .part(text("plain", "x"))
        .epilogue("--out")
        .build()
        .unwrap();
    let prefix_inner = Multipart::builder("alternative")
        .boundary("outer")
        .part(text("plain", "x"))
        .build()
        .unwrap();
    let cases: Vec<(&str, MultipartBuilder, MultipartError)> = vec![
        (
            "in a body",
            Multipart::builder("mixed")
                .part(text("plain", "a"))
                .part(text("plain", "x\r\n--out\r\n")),
            E::BoundaryInPart { index: 1 },
        ),
        (
            "not at a line start",
            Multipart::builder("mixed").part(text("plain", "x--out")),
            E::BoundaryInPart { index: 0 },
        ),
        (
            "in a header value",
            Multipart::builder("mixed")
                .part(Part::new([Header::new("X-A", "--out").unwrap()], "").unwrap()),
            E::BoundaryInPart { index: 0 },
        ),
        (
            "across a header name and value",
            Multipart::builder("mixed")
                .part(Part::new([Header::new("X--o", "ut").unwrap()], "").unwrap()),
            E::BoundaryInPart { index: 0 },
        ),
        (
            "in a nested part",
            Multipart::builder("mixed").part(Part::from_multipart([], inner.clone())),
            E::BoundaryInPart { index: 0 },
        ),
        (
            "in a nested epilogue",
            Multipart::builder("mixed").part(Part::from_multipart([], inner_epi)),
            E::BoundaryInPart { index: 0 },
        ),
        (
            "as a prefix of a nested boundary",
            Multipart::builder("mixed").part(Part::from_multipart([], prefix_inner)),
            E::BoundaryInPart { index: 0 },
        ),
        (
            "in the preamble",
            Multipart::builder("mixed")
                .preamble("--out")
                .part(text("plain", "x")),
            E::BoundaryInPreamble,
        ),
    ];
    for (what, builder, want) in cases {
        let boundary = if what.contains("header name") {
            "o: ut"
        } else {
            "out"
        };
        assert_eq!(
            builder.boundary(boundary).build().unwrap_err(),
            want,
            "{what}"
        );
    }
    // The epilogue comes after the close delimiter, so it may hold it.
    let m = Multipart::builder("mixed")
        .boundary("out")
        .part(text("plain", "x"))
        .epilogue("--out--\r\n--out\r\n")
        .build()
        .unwrap();
    assert_reparses(&m);
}

/// RFC 2046 §5.1.1 boundaries and the other builder checks (caller
/// misuse variants).
#[test]
fn builder_checks() {
    use MultipartError as E;
    assert_eq!(
        Multipart::builder("mixed")
            .boundary("b")
            .build()
            .unwrap_err(),
        E::NoParts
    );
    for (b, fault) in [
        ("", BoundaryFault::Empty),
        ("a\r\nb", BoundaryFault::BadChar { index: 1 }),
        ("a ", BoundaryFault::TrailingSpace),
    ] {
        assert_eq!(
            Multipart::builder("mixed")
                .boundary(b)
                .part(text("plain", "x"))
                .build()
                .unwrap_err(),
            E::InvalidBoundary {
                part_offset: None,
                fault
            },
            "{b:?}"
        );
    }
    assert_eq!(
        Multipart::builder("mi xed")
            .boundary("b")
            .part(text("plain", "x"))
            .build()
            .unwrap_err(),
        E::UnwritableMediaType
    );
    // Header injection is refused, not written.
    for (name, value, fault) in [
        (
            "X",
            "a\r\nContent-Type: text/html",
            HeaderFault::ControlChar,
        ),
        ("X", "a\nb", HeaderFault::ControlChar),
        ("X", "a\rb", HeaderFault::ControlChar),
        ("X", "\x00", HeaderFault::ControlChar),
        ("X\r\nY", "1", HeaderFault::BadName),
        ("X Y", "1", HeaderFault::BadName),
        ("X:Y", "1", HeaderFault::BadName),
        ("--X", "1", HeaderFault::BadName),
        ("", "1", HeaderFault::BadName),
        ("Ü", "1", HeaderFault::BadName),
    ] {
        assert_eq!(
            Header::new(name, value),
            Err(E::InvalidHeader { fault }),
            "{name:?} {value:?}"
        );
    }
    assert_eq!(Header::new("X", "\t ü \t").unwrap().value(), "ü");
    // A byte body cannot claim to be multipart.
    let ct = Header::new("Content-Type", "multipart/mixed;boundary=x").unwrap();
    assert_eq!(
        Part::new([ct], "--x--").unwrap_err(),
        E::MultipartContentType
    );
    assert_eq!(
        Part::with_content_type(&MediaType::parse("Multipart/Related").unwrap(), "").unwrap_err(),
        E::MultipartContentType
    );
    // A media type that cannot be written back is refused.
    let mut bad = MediaType::new("text", "plain");
    bad.params.set(Param::quoted("x", "a\u{1}b"));
    assert_eq!(
        Part::with_content_type(&bad, "").unwrap_err(),
        E::UnwritableMediaType
    );
}

/// RFC 2046 §5.1.1 boundary generation: deterministic in the seed, and
/// never a boundary that occurs in the content.
#[test]
fn generated_boundary_avoids_content() {
    let plain = [text("plain", "x")];
    let first = Boundary::generate(1, &plain).unwrap();
    assert_eq!(first, Boundary::generate(1, &plain).unwrap());
    assert_ne!(first, Boundary::generate(2, &plain).unwrap());
    assert!(first.as_str().bytes().all(|b| b.is_ascii_alphanumeric()));
    // Content holding the first candidate forces the next one.
    let hostile = [text("plain", &format!("--{first}"))];
    let second = Boundary::generate(1, &hostile).unwrap();
    assert_ne!(first, second);
    let m = Multipart::builder("mixed")
        .seed(1)
        .parts(hostile.clone())
        .build()
        .unwrap();
    assert_eq!(m.boundary(), &second);
    assert_reparses(&m);
    // Also the preamble is taken into account.
    let m = Multipart::builder("mixed")
        .seed(1)
        .preamble(format!("--{first}"))
        .part(text("plain", "x"))
        .build()
        .unwrap();
    assert_eq!(m.boundary(), &second);
}

/// RFC 2046 §5.1.1 boundaries that need quoting in the Content-Type
/// parameter are quoted, and the media type parses back.
#[test]
fn quoted_boundary_round_trip() {
    let m = Multipart::builder("related")
        .param(Param::quoted("type", "application/pidf+xml"))
        .param(Param::token("boundary", "ignored"))
        .boundary("simple boundary")
        .part(text("plain", "x"))
        .build()
        .unwrap();
    assert_eq!(
        m.media_type().to_string(),
        "multipart/related;type=\"application/pidf+xml\";boundary=\"simple boundary\""
    );
    let ct = m.media_type().to_string();
    let again = parse(&ct, &m.to_bytes()).unwrap();
    assert_eq!(again, m);
}

/// RFC 5621 §4 / RFC 2046 §5.1.3-5.1.4: finding parts by media type,
/// at one level and through nesting; RFC 2387 §3.2 root part.
#[test]
fn find_parts() {
    let body = b"--b\r\nContent-Type: application/sdp\r\n\r\nv=0\r\n\
                 --b\r\nContent-Type: multipart/related;type=\"application/rlmi+xml\";start=\"<r@x>\";boundary=r\r\n\r\n\
                 --r\r\nContent-Type: application/pidf+xml\r\nContent-ID: <p@x>\r\n\r\n<presence/>\r\n\
                 --r\r\nContent-Type: application/rlmi+xml\r\nContent-ID: <r@x>\r\nContent-Disposition: render\r\n\r\n<list/>\r\n--r--\r\n\
                 --b\r\n\r\nuntyped\r\n--b--";
    let m = parse(MIXED, body).unwrap();
    assert_eq!(
        m.find("APPLICATION", "SDP").and_then(Part::bytes),
        Some(&b"v=0"[..])
    );
    assert!(m.find("application", "pidf+xml").is_none());
    let pidf = m.find_deep("application", "pidf+xml").unwrap();
    assert_eq!(pidf.bytes(), Some(&b"<presence/>"[..]));
    assert_eq!(pidf.content_id(), Some("<p@x>"));
    assert_eq!(
        m.find("text", "plain").and_then(Part::bytes),
        Some(&b"untyped"[..])
    );
    let related = m
        .find("multipart", "related")
        .and_then(Part::multipart)
        .unwrap();
    let root = related.related_root().unwrap();
    assert_eq!(root.content_disposition(), Some("render"));
    assert_eq!(root.header("content-id"), Some("<r@x>"));
    assert_eq!(m.related_root().and_then(Part::bytes), Some(&b"v=0"[..]));
    assert!(m.find_deep("text", "html").is_none());
    let ct = m.parts()[0].content_type().unwrap().unwrap();
    assert!(ct.is("application", "sdp"));
    assert!(m.parts()[2].content_type().is_none());
    assert_eq!(m.iter().count(), 3);
    assert_eq!(m.parts()[1].header_all("Content-Type").count(), 1);
}

/// RFC 2046 §5.1.5: in multipart/digest an untyped part is message/rfc822.
#[test]
fn digest_default_type() {
    let m = parse(
        "multipart/digest;boundary=b",
        b"--b\r\n\r\nFrom: a\r\n--b--",
    )
    .unwrap();
    assert!(m.find("message", "rfc822").is_some());
    assert!(m.find("text", "plain").is_none());
}

/// RFC 2046 §5.1.1 nesting built with `Part::from_multipart`: the
/// Content-Type header follows the nested body.
#[test]
fn from_multipart_sets_content_type() {
    let inner = Multipart::builder("alternative")
        .boundary("in")
        .part(text("plain", "hi"))
        .part(text("html", "<b>hi</b>"))
        .build()
        .unwrap();
    let p = Part::from_multipart(
        [
            Header::new("Content-Disposition", "render").unwrap(),
            Header::new("content-type", "text/plain").unwrap(),
            Header::new("Content-Type", "text/html").unwrap(),
        ],
        inner.clone(),
    );
    let names: Vec<_> = p.headers().iter().map(|h| (h.name(), h.value())).collect();
    assert_eq!(
        names,
        [
            ("Content-Disposition", "render"),
            ("Content-Type", "multipart/alternative;boundary=in"),
        ]
    );
    let mut outer = Multipart::builder("mixed")
        .boundary("out")
        .part(p)
        .build()
        .unwrap();
    outer
        .push_part(Part::with_content_type(&MediaType::new("application", "sdp"), "v=0").unwrap())
        .unwrap();
    assert_eq!(
        outer.push_part(text("plain", "--out")),
        Err(MultipartError::BoundaryInPart { index: 2 })
    );
    assert_eq!(outer.len(), 2);
    assert_reparses(&outer);
    assert_eq!(outer.parts()[0].multipart(), Some(&inner));
}

/// RFC 2046 §5.1.1: whatever bytes arrive, the parser returns (no panic)
/// and anything it accepts writes back to something it parses the same.
#[test]
fn mangled_inputs_do_not_panic() {
    let base: &[u8] =
        b"pre\r\n--b \r\nContent-Type: multipart/mixed;boundary=c\r\nX: 1\r\n 2\r\n\r\n\
                        --c\r\n\r\nx\r\n--c--\r\n--b\r\n\r\n\x00\r\n--b--\r\nepi";
    for cut in 0..=base.len() {
        for flip in [None, Some(b'\n'), Some(b'\r'), Some(b'-'), Some(b' ')] {
            let mut body = base[..cut].to_vec();
            if let Some(f) = flip {
                body.push(f);
                body.extend_from_slice(&base[cut..]);
            }
            if let Ok(m) = parse(MIXED, &body) {
                assert_reparses(&m);
            }
        }
    }
}

/// The errors name the limit field and the offset.
#[test]
fn error_display() {
    let e = MultipartError::LimitExceeded {
        limit: MultipartLimit::Parts,
        max: 2,
        offset: 29,
    };
    assert_eq!(e.to_string(), "max_multipart_parts (2) exceeded at byte 29");
    let e = MultipartError::MissingBoundary {
        part_offset: Some(19),
    };
    assert_eq!(
        e.to_string(),
        "multipart content type without a boundary parameter in the body part at byte 19"
    );
}
