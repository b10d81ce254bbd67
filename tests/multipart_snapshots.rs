//! Snapshot tests of the multipart codec: the RFC 2046 §5.1.1 example
//! and a SIP-style `multipart/mixed` body (RFC 5621 §4) carrying
//! `application/sdp` and `application/pidf+xml`. Each snapshot is backed
//! by explicit asserts of what the RFC requires.

use sip_xmpp::multipart::{Header, Multipart, Part, PartBody};
use sip_xmpp::{MediaType, ParseLimits};

/// Shows CRLF as a visible `\r\n` at the end of each line, so a bare LF
/// or a missing line break stands out in a snapshot.
fn show_lines(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).replace("\r\n", "\\r\\n\n")
}

/// The body of the sample message in RFC 2046 §5.1.1, with its
/// `Content-type: multipart/mixed; boundary="simple boundary"`.
const RFC2046_BODY: &[u8] = b"This is the preamble.  It is to be ignored, though it\r\n\
is a handy place for composition agents to include an\r\n\
explanatory note to non-MIME conformant readers.\r\n\
\r\n\
--simple boundary\r\n\
\r\n\
This is implicitly typed plain US-ASCII text.\r\n\
It does NOT end with a linebreak.\r\n\
--simple boundary\r\n\
Content-type: text/plain; charset=us-ascii\r\n\
\r\n\
This is explicitly typed plain US-ASCII text.\r\n\
It DOES end with a linebreak.\r\n\
\r\n\
--simple boundary--\r\n\
\r\n\
This is the epilogue.  It is also to be ignored.\r\n";

/// RFC 2046 §5.1.1: the sample message parses into a preamble, two
/// parts (one implicitly typed, one explicitly) and an epilogue; the
/// first body does not end with a line break, the second does; writing
/// reproduces the body byte for byte.
#[test]
fn rfc2046_5_1_1_sample() {
    let ct = MediaType::parse("multipart/mixed; boundary=\"simple boundary\"").unwrap();
    let m = Multipart::parse(RFC2046_BODY, &ct, &ParseLimits::default()).unwrap();

    assert_eq!(m.boundary().as_str(), "simple boundary");
    assert_eq!(m.len(), 2);
    assert_eq!(
        m.preamble(),
        Some(
            &b"This is the preamble.  It is to be ignored, though it\r\n\
               is a handy place for composition agents to include an\r\n\
               explanatory note to non-MIME conformant readers.\r\n"[..]
        )
    );
    let implicit = &m.parts()[0];
    assert!(implicit.headers().is_empty());
    assert!(implicit.content_type().is_none());
    assert_eq!(
        implicit.bytes(),
        Some(
            &b"This is implicitly typed plain US-ASCII text.\r\nIt does NOT end with a linebreak."
                [..]
        )
    );
    let explicit = &m.parts()[1];
    assert_eq!(
        explicit.header("CONTENT-TYPE"),
        Some("text/plain; charset=us-ascii")
    );
    assert_eq!(
        explicit.bytes(),
        Some(
            &b"This is explicitly typed plain US-ASCII text.\r\nIt DOES end with a linebreak.\r\n"
                [..]
        )
    );
    assert_eq!(
        m.epilogue(),
        Some(&b"\r\nThis is the epilogue.  It is also to be ignored.\r\n"[..])
    );
    // Both parts are text/plain (the first by RFC 2045 §5.2's default).
    assert!(std::ptr::eq(m.find("text", "plain").unwrap(), implicit));
    assert_eq!(m.to_bytes(), RFC2046_BODY);

    insta::assert_debug_snapshot!(m);
}

/// A SIP INVITE body in the style of RFC 5621 §4 (and RFC 6442 location
/// conveyance): `multipart/mixed` carrying the session description and a
/// PIDF document identified by `Content-ID`, optional to render. (`\x20`
/// keeps the indentation of body lines that a string continuation would
/// strip; a body line starting with a space is content, not a folded
/// header.)
const SIP_BODY: &[u8] = b"--boundary1\r\n\
Content-Type: application/sdp\r\n\
\r\n\
v=0\r\n\
o=alice 2890844526 2890844526 IN IP4 atlanta.example.com\r\n\
s=-\r\n\
c=IN IP4 192.0.2.101\r\n\
t=0 0\r\n\
m=audio 49170 RTP/AVP 0\r\n\
a=rtpmap:0 PCMU/8000\r\n\
\r\n\
--boundary1\r\n\
Content-Type: application/pidf+xml\r\n\
Content-ID: <alice-status@atlanta.example.com>\r\n\
Content-Disposition: render;handling=optional\r\n\
\r\n\
<?xml version=\"1.0\" encoding=\"UTF-8\"?>\r\n\
<presence xmlns=\"urn:ietf:params:xml:ns:pidf\"\r\n\
\x20   entity=\"pres:alice@atlanta.example.com\">\r\n\
\x20 <tuple id=\"t1\"><status><basic>open</basic></status></tuple>\r\n\
</presence>\r\n\
--boundary1--\r\n";

/// RFC 5621 §4 / RFC 2046 §5.1.3: a SIP `multipart/mixed` body parses
/// into its SDP and PIDF parts; the SDP keeps its final CRLF (the one
/// before the delimiter belongs to the delimiter); the PIDF part is found
/// by media type with its Content-ID and Content-Disposition; writing
/// reproduces the body.
#[test]
fn rfc5621_4_sip_mixed_sdp_and_pidf() {
    let ct = MediaType::parse("multipart/mixed;boundary=boundary1").unwrap();
    let m = Multipart::parse(SIP_BODY, &ct, &ParseLimits::default()).unwrap();

    assert_eq!(m.len(), 2);
    assert_eq!(m.preamble(), None);
    assert_eq!(m.epilogue(), Some(&b""[..]));
    let sdp = m.find("application", "sdp").unwrap();
    let sdp_bytes = sdp.bytes().unwrap();
    assert!(sdp_bytes.starts_with(b"v=0\r\n"));
    assert!(sdp_bytes.ends_with(b"a=rtpmap:0 PCMU/8000\r\n"));
    let pidf = m.find("application", "pidf+xml").unwrap();
    assert_eq!(
        pidf.content_id(),
        Some("<alice-status@atlanta.example.com>")
    );
    assert_eq!(pidf.content_disposition(), Some("render;handling=optional"));
    assert!(pidf.bytes().unwrap().ends_with(b"</presence>"));
    assert_eq!(m.to_bytes(), SIP_BODY);

    insta::assert_debug_snapshot!(m);
}

/// RFC 5621 §4 / RFC 2046 §5.1.1, §5.1.2: building the same kind of body
/// with a nested `multipart/alternative` (text/plain and text/html
/// notes) writes the RFC 2046 layout with CRLF everywhere, and parses
/// back to the value built.
#[test]
fn rfc5621_4_built_nested_body() {
    let sdp = Part::with_content_type(
        &MediaType::new("application", "sdp"),
        "v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\nt=0 0\r\nm=audio 49170 RTP/AVP 0\r\n",
    )
    .unwrap();
    let pidf = Part::new(
        [
            Header::new("Content-Type", "application/pidf+xml").unwrap(),
            Header::new("Content-ID", "<p1@example.com>").unwrap(),
        ],
        "<presence xmlns=\"urn:ietf:params:xml:ns:pidf\" entity=\"pres:a@example.com\"/>",
    )
    .unwrap();
    let note = Multipart::builder("alternative")
        .boundary("alt")
        .part(
            Part::with_content_type(&MediaType::parse("text/plain;charset=UTF-8").unwrap(), "Hi")
                .unwrap(),
        )
        .part(Part::with_content_type(&MediaType::new("text", "html"), "<p>Hi</p>").unwrap())
        .build()
        .unwrap();
    let m = Multipart::builder("mixed")
        .boundary("boundary1")
        .part(sdp)
        .part(pidf)
        .part(Part::from_multipart(
            [Header::new("Content-Disposition", "render").unwrap()],
            note,
        ))
        .build()
        .unwrap();

    assert_eq!(
        m.media_type().to_string(),
        "multipart/mixed;boundary=boundary1"
    );
    let bytes = m.to_bytes();
    assert!(
        !bytes.windows(2).any(|w| w[1] == b'\n' && w[0] != b'\r'),
        "bare LF written"
    );
    let header = m.media_type().to_string();
    let ct = MediaType::parse(&header).unwrap();
    assert_eq!(
        Multipart::parse(&bytes, &ct, &ParseLimits::default()).unwrap(),
        m
    );
    let plain = m.find_deep("text", "plain").unwrap();
    assert_eq!(plain.bytes(), Some(&b"Hi"[..]));
    assert!(matches!(m.parts()[2].body(), PartBody::Multipart(_)));

    insta::assert_snapshot!(show_lines(&bytes));
}
