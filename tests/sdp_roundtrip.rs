//! Property tests of the SDP codec (RFC 8866): every description built
//! through the constructors survives `parse(print(x)) == x`, every typed
//! attribute value survives `parse_value(print(v)) == v`, and the writer
//! never breaks a line whatever the public fields hold.

use proptest::collection::vec;
use proptest::option;
use proptest::prelude::*;
use sip_xmpp::sdp::{
    AcceptTypes, AcceptWrappedTypes, Attribute, Bandwidth, Candidate, CandidateType, Connection,
    Crypto, Direction, Extmap, Fingerprint, Fmtp, Group, IceOptions, MaxPtime, MaxSize, Media,
    Origin, Path, Ptime, Rtcp, RtcpFb, RtpMap, Sdp, Setup, Ssrc, SsrcGroup, Timing, TypedAttribute,
    UnknownLine,
};

/// RFC 8866 §9 `token`.
fn token() -> impl Strategy<Value = String> {
    "[a-zA-Z0-9!#$%&'*+.^_`{|}~-]{1,8}"
}

/// `non-ws-string`: visible ASCII and non-ASCII characters.
fn word() -> impl Strategy<Value = String> {
    "[!-~\u{a0}-\u{10ffff}]{1,10}"
}

/// `text`: anything but CR, LF and NUL (may be empty, may hold spaces).
fn text() -> impl Strategy<Value = String> {
    "[^\r\n\u{0}]{0,16}"
}

fn connection() -> impl Strategy<Value = Connection> {
    prop_oneof![
        word().prop_map(Connection::new),
        (token(), token(), word()).prop_map(|(n, a, addr)| Connection {
            nettype: n,
            addrtype: a,
            address: addr,
        }),
    ]
}

fn bandwidth() -> impl Strategy<Value = Bandwidth> {
    (token(), any::<u64>()).prop_map(|(t, b)| Bandwidth::new(t, b))
}

fn attribute() -> impl Strategy<Value = Attribute> {
    prop_oneof![
        (token(), text()).prop_map(|(n, v)| Attribute::new(n, v)),
        token().prop_map(Attribute::flag),
    ]
}

fn timing() -> impl Strategy<Value = Timing> {
    (
        any::<u64>(),
        any::<u64>(),
        vec(text(), 0..3),
        option::of(text()),
    )
        .prop_map(|(start, stop, repeats, zone)| {
            let mut t = Timing::new(start, stop);
            t.repeats = repeats;
            t.zone = zone;
            t
        })
}

/// Letters RFC 8866 does not define.
fn unknown_letter() -> impl Strategy<Value = char> {
    prop::sample::select(
        "dfghjlnqwxyABCDEFGHIJKLMNOPQRSTUVWXYZ"
            .chars()
            .collect::<Vec<_>>(),
    )
}

/// Lines of unknown type for a section with `known` known lines, sorted
/// by position as the parser produces them.
fn unknown_lines(known: usize) -> impl Strategy<Value = Vec<UnknownLine>> {
    vec((unknown_letter(), text(), 0..=known), 0..3).prop_map(|mut v| {
        v.sort_by_key(|(_, _, after)| *after);
        v.into_iter()
            .filter_map(|(l, t, after)| UnknownLine::new(l, t, after))
            .collect()
    })
}

fn media() -> impl Strategy<Value = Media> {
    (
        token(),
        any::<u16>(),
        option::of(1..=u16::MAX),
        vec(token(), 1..4).prop_map(|v| v.join("/")),
        vec(token(), 0..5),
        option::of(text()),
        vec(connection(), 0..3),
        vec(bandwidth(), 0..2),
        option::of(text()),
        vec(attribute(), 0..6),
    )
        .prop_flat_map(
            |(kind, port, count, proto, formats, info, conns, bws, key, attrs)| {
                let mut m = Media::new(kind, port, proto, formats);
                m.port_count = count;
                m.information = info;
                m.connections = conns;
                m.bandwidths = bws;
                m.key = key;
                m.attributes = attrs;
                let known = usize::from(m.information.is_some())
                    + m.connections.len()
                    + m.bandwidths.len()
                    + usize::from(m.key.is_some())
                    + m.attributes.len();
                unknown_lines(known).prop_map(move |u| {
                    let mut m = m.clone();
                    m.unknown = u;
                    m
                })
            },
        )
}

/// Number of known lines of the session section after `v=`.
fn session_known(s: &Sdp) -> usize {
    2 + usize::from(s.information.is_some())
        + usize::from(s.uri.is_some())
        + s.emails.len()
        + s.phones.len()
        + usize::from(s.connection.is_some())
        + s.bandwidths.len()
        + s.timings
            .iter()
            .map(|t| 1 + t.repeats.len() + usize::from(t.zone.is_some()))
            .sum::<usize>()
        + usize::from(s.key.is_some())
        + s.attributes.len()
}

fn sdp() -> impl Strategy<Value = Sdp> {
    (
        (word(), any::<u64>(), any::<u64>(), word()),
        (any::<u32>(), text(), option::of(text()), option::of(text())),
        (vec(text(), 0..2), vec(text(), 0..2)),
        option::of(connection()),
        vec(bandwidth(), 0..2),
        vec(timing(), 0..3),
        option::of(text()),
        vec(attribute(), 0..6),
        vec(media(), 0..4),
    )
        .prop_flat_map(
            |((user, id, ver, addr), (v, name, info, uri), (emails, phones), c, b, t, k, a, m)| {
                let mut s = Sdp::new(Origin::new(user, id, ver, addr));
                s.version = v;
                s.session_name = name;
                s.information = info;
                s.uri = uri;
                s.emails = emails;
                s.phones = phones;
                s.connection = c;
                s.bandwidths = b;
                s.timings = t;
                s.key = k;
                s.attributes = a;
                s.media = m;
                unknown_lines(session_known(&s)).prop_map(move |u| {
                    let mut s = s.clone();
                    s.unknown = u;
                    s
                })
            },
        )
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    /// RFC 8866 §5: the writer's output parses back to the same value and
    /// uses CRLF line ends only.
    #[test]
    fn description_roundtrip(s in sdp()) {
        let text = s.to_string();
        prop_assert!(text.ends_with("\r\n"));
        prop_assert!(!text.replace("\r\n", "").contains(['\r', '\n']));
        let back = Sdp::parse_default(text.as_bytes());
        prop_assert_eq!(back.as_ref(), Ok(&s), "{}", text);
        prop_assert_eq!(s.to_bytes(), text.into_bytes());
    }

    /// Bare LF line ends parse to the same value as CRLF (RFC 8866 §5).
    #[test]
    fn bare_lf_is_accepted(s in sdp()) {
        let lf = s.to_string().replace("\r\n", "\n");
        prop_assert_eq!(Sdp::parse_default(lf.as_bytes()), Ok(s));
    }

    /// Whatever the public fields hold (CR, LF, NUL, spaces, empty
    /// tokens, known letters on unknown lines), the output is lines of
    /// `<letter>=<value>` that parse, and writing the parse gives the
    /// same text.
    #[test]
    fn writer_never_breaks_a_line(
        mut s in sdp(),
        junk in vec("[ \r\n\u{0}\ta-z:/]{0,6}", 12),
        letter in any::<char>(),
        after in any::<usize>(),
    ) {
        s.origin.username = junk[0].clone();
        s.origin.address = junk[1].clone();
        s.session_name = junk[2].clone();
        s.attributes.push(Attribute { name: junk[3].clone(), value: Some(junk[4].clone()) });
        s.unknown.push(UnknownLine { letter, value: junk[5].clone(), after });
        s.emails.push(junk[6].clone());
        s.media.push(Media {
            media: junk[7].clone(),
            proto: junk[8].clone(),
            formats: vec![junk[9].clone()],
            ..Media::new("audio", 9, "RTP/AVP", ["0"])
        });
        if let Some(t) = s.timings.first_mut() {
            t.zone = Some(junk[10].clone());
        }
        s.bandwidths.push(Bandwidth { bwtype: junk[11].clone(), bandwidth: 1 });
        let text = s.to_string();
        for line in text.split_terminator("\r\n") {
            prop_assert!(!line.contains(['\r', '\n', '\0']), "{:?}", line);
            prop_assert_eq!(line.as_bytes().get(1), Some(&b'='), "{:?}", line);
        }
        let back = Sdp::parse_default(text.as_bytes());
        prop_assert!(back.is_ok(), "{:?}: {:?}", text, back);
        prop_assert_eq!(back.map(|b| b.to_string()), Ok(text));
    }
}

fn direction() -> impl Strategy<Value = Direction> {
    prop_oneof![
        Just(Direction::SendRecv),
        Just(Direction::SendOnly),
        Just(Direction::RecvOnly),
        Just(Direction::Inactive),
    ]
}

/// Checks the value's own round trip and its round trip through a whole
/// description as a media-level attribute.
fn typed_roundtrip<T>(v: &T) -> Result<(), TestCaseError>
where
    T: TypedAttribute + PartialEq + std::fmt::Debug,
{
    let text = v.to_string();
    let parsed = T::parse_value(&text);
    prop_assert_eq!(parsed.as_ref(), Ok(v), "{}", text);
    let mut s = Sdp::new(Origin::new("-", 1, 1, "192.0.2.1"));
    let mut m = Media::new("audio", 9, "RTP/AVP", ["0"]);
    m.attributes.push(v.to_attribute());
    s.media.push(m);
    let back = Sdp::parse_default(s.to_bytes().as_slice())
        .map_err(|e| TestCaseError::fail(e.to_string()))?;
    let got = back.media.first().and_then(|m| m.first_typed::<T>());
    prop_assert_eq!(got.as_ref().map(|r| r.as_ref()), Some(Ok(v)));
    Ok(())
}

fn ice_chars() -> impl Strategy<Value = String> {
    "[a-zA-Z0-9+/]{1,32}"
}

proptest! {
    /// Typed attribute values (RFC 8866 §6, RFC 3605, RFC 5888, RFC 5576,
    /// RFC 8839, RFC 8122, RFC 4145, RFC 4568, RFC 4585, RFC 8285, RFC
    /// 4975 §8): `parse_value(print(v)) == v`.
    #[test]
    fn typed_values_roundtrip(
        rtpmap in (0u8..=127, token(), any::<u32>(), option::of(any::<u32>()))
            .prop_map(|(payload_type, encoding, clock_rate, channels)| {
                RtpMap { payload_type, encoding: encoding.replace('/', ""), clock_rate, channels }
            })
            .prop_filter("encoding name", |r| !r.encoding.is_empty()),
        fmtp in (token(), prop_oneof![Just(String::new()), "[!-~][^\r\n\u{0}]{0,12}"])
            .prop_map(|(format, params)| Fmtp { format, params }),
        ptime in 1u32..,
        maxptime in 1u32..,
        rtcp in (any::<u16>(), option::of(connection())).prop_map(|(port, connection)| Rtcp { port, connection }),
        group in (token(), vec(token(), 0..4)).prop_map(|(semantics, tags)| Group { semantics, tags }),
        ssrc in (any::<u32>(), token(), option::of(text()))
            .prop_map(|(id, attribute, value)| Ssrc { id, attribute, value }),
        ssrc_group in (token(), vec(any::<u32>(), 0..4)).prop_map(|(semantics, ssrcs)| SsrcGroup { semantics, ssrcs }),
        candidate in (
            ice_chars(), 1u16..=256, token(), any::<u32>(), word(), any::<u16>(),
            prop_oneof![
                Just(CandidateType::Host), Just(CandidateType::Srflx),
                Just(CandidateType::Prflx), Just(CandidateType::Relay),
                "x[a-z]{1,5}".prop_map(CandidateType::Other),
            ],
            option::of(word()), option::of(any::<u16>()),
            vec(("[a-qs-z][a-z-]{0,6}", word()), 0..3),
        ).prop_map(|(foundation, component, transport, priority, address, port, typ, raddr, rport, extensions)| {
            Candidate { foundation, component, transport, priority, address, port, typ, raddr, rport, extensions }
        }),
        ice_options in vec(token(), 1..4).prop_map(IceOptions),
        fingerprint in (token(), vec(any::<u8>(), 1..64)).prop_map(|(hash_func, value)| Fingerprint { hash_func, value }),
        setup in prop_oneof![Just(Setup::Active), Just(Setup::Passive), Just(Setup::ActPass), Just(Setup::HoldConn)],
        crypto in (0u32..=999_999_999, token(), word(), vec(word(), 0..3))
            .prop_map(|(tag, suite, key_params, session_params)| Crypto { tag, suite, key_params, session_params }),
        rtcp_fb in (prop_oneof![Just("*".to_owned()), token()], token(), option::of("[!-~][^\r\n\u{0}]{0,8}[!-~]"))
            .prop_map(|(format, fb_type, subtype)| RtcpFb { format, fb_type, subtype }),
        extmap in (any::<u16>(), option::of(direction()), word(), option::of("[!-~][^\r\n\u{0}]{0,8}"))
            .prop_map(|(id, direction, uri, attributes)| Extmap { id, direction, uri, attributes }),
        path in vec(word(), 1..4).prop_map(Path),
        accept in vec(word(), 1..4).prop_map(AcceptTypes),
        wrapped in vec(word(), 1..4).prop_map(AcceptWrappedTypes),
        max_size in any::<u64>().prop_map(MaxSize),
    ) {
        typed_roundtrip(&rtpmap)?;
        typed_roundtrip(&fmtp)?;
        typed_roundtrip(&Ptime(ptime))?;
        typed_roundtrip(&MaxPtime(maxptime))?;
        typed_roundtrip(&rtcp)?;
        typed_roundtrip(&group)?;
        typed_roundtrip(&ssrc)?;
        typed_roundtrip(&ssrc_group)?;
        typed_roundtrip(&candidate)?;
        typed_roundtrip(&ice_options)?;
        typed_roundtrip(&fingerprint)?;
        typed_roundtrip(&setup)?;
        typed_roundtrip(&crypto)?;
        typed_roundtrip(&rtcp_fb)?;
        typed_roundtrip(&extmap)?;
        typed_roundtrip(&path)?;
        typed_roundtrip(&accept)?;
        typed_roundtrip(&wrapped)?;
        typed_roundtrip(&max_size)?;
    }

    /// Arbitrary bytes never make the parser panic, and whatever it
    /// accepts it writes back to text that parses to the same value.
    #[test]
    fn arbitrary_input_is_safe(bytes in vec(any::<u8>(), 0..512)) {
        if let Ok(s) = Sdp::parse_default(&bytes) {
            prop_assert_eq!(Sdp::parse_default(&s.to_bytes()), Ok(s));
        }
    }

    /// Line soup built from SDP-looking lines: no panic; accepted input
    /// round-trips.
    #[test]
    fn line_soup_is_safe(lines in vec(
        prop_oneof![
            Just("v=0".to_owned()),
            Just("o=- 1 2 IN IP4 h".to_owned()),
            Just("s=-".to_owned()),
            "[a-z]=[ -~]{0,12}",
            "m=[a-z]{1,5} [0-9]{1,6}(/[0-9]{1,2})? [A-Z/]{1,8}( [0-9*]{1,3}){0,3}",
            "t=[0-9]{1,3} [0-9]{1,3}",
        ],
        0..16,
    )) {
        let input = lines.join("\r\n");
        if let Ok(s) = Sdp::parse_default(input.as_bytes()) {
            prop_assert_eq!(Sdp::parse_default(&s.to_bytes()), Ok(s));
        }
    }
}
