//! RFC 3261: URIs (§19.1), header syntax (§7.3, §20, §25), requests
//! (§8.1.1) and responses (§8.2.6), and the crate's parser limits (§18).
//! One module per section; each test cites the rule it checks, using the
//! digest `/work/shared/specs/underlying.md` §1-§2 where it tabulates them.

use sip_xmpp::sip::{Framing, SipMessage};

/// A request with the headers RFC 3261 §8.1.1 requires, `extra` header
/// lines (each ending in CRLF) after them, and `body`.
fn request(extra: &str, body: &str) -> String {
    format!(
        "MESSAGE sip:bob@biloxi.com SIP/2.0\r\n\
         Via: SIP/2.0/UDP pc33.atlanta.com;branch=z9hG4bKnashds8\r\n\
         Max-Forwards: 70\r\n\
         To: Bob <sip:bob@biloxi.com>\r\n\
         From: Alice <sip:alice@atlanta.com>;tag=1928301774\r\n\
         Call-ID: a84b4c76e66710\r\n\
         CSeq: 314159 MESSAGE\r\n\
         {extra}Content-Length: {}\r\n\r\n{body}",
        body.len()
    )
}

fn parse(text: &str) -> SipMessage {
    SipMessage::parse(text.as_bytes(), Framing::Stream).unwrap_or_else(|e| panic!("{e}: {text}"))
}

/// RFC 3261 §19.1.3 and the digest's §2.5 table: every example URI and
/// each of its components.
mod s19_1_3_example_uris {
    use std::net::{Ipv4Addr, Ipv6Addr};

    use sip_xmpp::sip::NameAddr;
    use sip_xmpp::uri::{Host, SipUri, Uri};

    struct Vector {
        uri: &'static str,
        sips: bool,
        user: Option<&'static str>,
        password: Option<&'static str>,
        host: Host<'static>,
        host_str: &'static str,
        port: Option<u16>,
        params: &'static [(&'static str, Option<&'static str>)],
        headers: &'static [(&'static str, &'static str)],
    }

    const fn v(uri: &'static str, host: Host<'static>, host_str: &'static str) -> Vector {
        Vector {
            uri,
            sips: false,
            user: None,
            password: None,
            host,
            host_str,
            port: None,
            params: &[],
            headers: &[],
        }
    }

    fn vectors() -> Vec<Vector> {
        let atlanta = Host::Domain("atlanta.com");
        let gateway = Host::Domain("gateway.com");
        vec![
            Vector {
                user: Some("alice"),
                ..v("sip:alice@atlanta.com", atlanta, "atlanta.com")
            },
            Vector {
                user: Some("alice"),
                password: Some("secretword"),
                params: &[("transport", Some("tcp"))],
                ..v(
                    "sip:alice:secretword@atlanta.com;transport=tcp",
                    atlanta,
                    "atlanta.com",
                )
            },
            Vector {
                sips: true,
                user: Some("alice"),
                headers: &[("subject", "project x"), ("priority", "urgent")],
                ..v(
                    "sips:alice@atlanta.com?subject=project%20x&priority=urgent",
                    atlanta,
                    "atlanta.com",
                )
            },
            Vector {
                user: Some("+1-212-555-1212"),
                password: Some("1234"),
                params: &[("user", Some("phone"))],
                ..v(
                    "sip:+1-212-555-1212:1234@gateway.com;user=phone",
                    gateway,
                    "gateway.com",
                )
            },
            Vector {
                sips: true,
                user: Some("1212"),
                ..v("sips:1212@gateway.com", gateway, "gateway.com")
            },
            Vector {
                user: Some("alice"),
                ..v(
                    "sip:alice@192.0.2.4",
                    Host::Ipv4(Ipv4Addr::new(192, 0, 2, 4)),
                    "192.0.2.4",
                )
            },
            Vector {
                params: &[("method", Some("REGISTER"))],
                headers: &[("to", "alice@atlanta.com")],
                ..v(
                    "sip:atlanta.com;method=REGISTER?to=alice%40atlanta.com",
                    atlanta,
                    "atlanta.com",
                )
            },
            Vector {
                user: Some("alice;day=tuesday"),
                ..v("sip:alice;day=tuesday@atlanta.com", atlanta, "atlanta.com")
            },
            Vector {
                user: Some("romeo"),
                port: Some(5070),
                params: &[("transport", Some("tcp"))],
                ..v(
                    "sip:romeo@[2001:db8::1]:5070;transport=tcp",
                    Host::Ipv6(Ipv6Addr::new(0x2001, 0xdb8, 0, 0, 0, 0, 0, 1)),
                    "[2001:db8::1]",
                )
            },
            Vector {
                user: Some("juliet"),
                params: &[("gr", Some("urn:uuid:f81d4fae-7dec-11d0-a765-00a0c91e6bf6"))],
                ..v(
                    "sip:juliet@example.com;gr=urn:uuid:f81d4fae-7dec-11d0-a765-00a0c91e6bf6",
                    Host::Domain("example.com"),
                    "example.com",
                )
            },
        ]
    }

    fn check(u: &SipUri, want: &Vector) {
        let dec = |e: sip_xmpp::uri::Escaped<'_>| e.decode_utf8().into_owned();
        assert_eq!(u.is_sips(), want.sips, "{}", want.uri);
        assert_eq!(u.user().map(dec).as_deref(), want.user, "{}", want.uri);
        assert_eq!(
            u.password().map(dec).as_deref(),
            want.password,
            "{}",
            want.uri
        );
        assert_eq!(u.host(), want.host, "{}", want.uri);
        assert_eq!(u.host_str(), want.host_str, "{}", want.uri);
        assert_eq!(u.port(), want.port, "{}", want.uri);
        let params: Vec<_> = u.params().map(|(n, v)| (dec(n), v.map(dec))).collect();
        let want_params: Vec<_> = want
            .params
            .iter()
            .map(|(n, v)| (n.to_string(), v.map(str::to_owned)))
            .collect();
        assert_eq!(params, want_params, "{}", want.uri);
        let headers: Vec<_> = u.headers().map(|(n, v)| (dec(n), dec(v))).collect();
        let want_headers: Vec<_> = want
            .headers
            .iter()
            .map(|(n, v)| (n.to_string(), v.to_string()))
            .collect();
        assert_eq!(headers, want_headers, "{}", want.uri);
        assert_eq!(u.to_string(), want.uri, "writing keeps the text");
    }

    /// RFC 3261 §19.1.3: each example parses into the components of the
    /// digest's §2.5 table.
    #[test]
    fn components() {
        for want in vectors() {
            let u = SipUri::parse(want.uri).unwrap_or_else(|e| panic!("{}: {e}", want.uri));
            check(&u, &want);
            // Through the generic URI parser, and in a name-addr.
            match Uri::parse(want.uri).unwrap() {
                Uri::Sip(g) => assert_eq!(g, u),
                other => panic!("{other:?}"),
            }
            let field = format!("<{}>;tag=x", want.uri);
            let a = NameAddr::parse(&field).unwrap();
            check(a.uri.as_sip().unwrap(), &want);
            assert_eq!(a.tag(), Some("x"));
        }
    }

    /// RFC 3261 §19.1.3: the typed parameter accessors read the example
    /// parameters.
    #[test]
    fn parameter_accessors() {
        let u = SipUri::parse("sip:alice:secretword@atlanta.com;transport=tcp").unwrap();
        assert_eq!(u.transport(), Some("tcp"));
        let u = SipUri::parse("sip:+1-212-555-1212:1234@gateway.com;user=phone").unwrap();
        assert_eq!(u.user_param(), Some("phone"));
        let u = SipUri::parse("sip:atlanta.com;method=REGISTER?to=alice%40atlanta.com").unwrap();
        assert_eq!(u.method_param(), Some("REGISTER"));
        assert!(u.user().is_none());
        let u = SipUri::parse("sip:p.example.com;lr;maddr=239.255.255.1;ttl=15").unwrap();
        assert!(u.lr());
        assert_eq!(u.maddr(), Some("239.255.255.1"));
        assert_eq!(u.ttl(), Some(15));
    }

    /// RFC 3261 §19.1.1, §25: the parts of a SIP URI that must not be
    /// present or empty are refused.
    #[test]
    fn malformed() {
        for bad in [
            "sip:",
            "sip:@atlanta.com",
            "sip:alice@",
            "sip:alice@atlanta.com:",
            "sip:alice@atlanta.com:65536",
            "sip:alice@atlanta.com;",
            "sip:alice@atlanta.com;transport=",
            "sip:alice@atlanta.com?subject",
            "sip:alice@2001:db8::1",
            "sip:alice@[2001:db8::1",
            "sip:alice@300.1.1.1",
            "sip:alice@atlanta.123",
            "sips alice@atlanta.com",
        ] {
            assert!(SipUri::parse(bad).is_err(), "{bad}");
        }
    }
}

/// RFC 3261 §20.10: name-addr and addr-spec.
mod s20_10_name_addr {
    use sip_xmpp::sip::NameAddr;
    use sip_xmpp::uri::SipUri;

    /// RFC 3261 §20.10: the name-addr form is required when the addr-spec
    /// contains a comma, semicolon or question mark, wherever it is.
    #[test]
    fn when_angle_brackets_are_needed() {
        for (uri, needed) in [
            ("sip:alice@atlanta.com", false),
            ("sip:alice:secret@atlanta.com:5060", false),
            ("sip:alice@atlanta.com;transport=tcp", true),
            ("sip:alice@atlanta.com?subject=x", true),
            ("sip:user;par=u%40example.net@example.com", true),
            ("sip:a,b@example.com", true),
            ("sip:a?b@example.com", true),
            ("sip:alice:a,b@atlanta.com", true),
        ] {
            let u = SipUri::parse(uri).unwrap();
            assert_eq!(u.needs_angle_brackets(), needed, "{uri}");
            if !needed {
                // The addr-spec form then reads back the same URI.
                let field = format!("{uri};tag=1");
                let a = NameAddr::parse(&field).unwrap();
                assert_eq!(a.uri.as_str(), uri);
                assert_eq!(a.tag(), Some("1"));
            }
        }
    }

    /// RFC 3261 §20.10: without `<>`, parameters after the URI are header
    /// parameters; with them, URI parameters. Writing always uses `<>`.
    #[test]
    fn parameters_belong_to_the_header_without_brackets() {
        let a = NameAddr::parse("sip:a@b.com;tag=1;transport=tcp").unwrap();
        assert_eq!(a.uri.as_str(), "sip:a@b.com");
        assert_eq!(a.params.len(), 2);
        let b = NameAddr::parse("<sip:a@b.com;transport=tcp>;tag=1").unwrap();
        assert_eq!(b.uri.as_sip().unwrap().transport(), Some("tcp"));
        assert_eq!(b.params.len(), 1);
        assert_eq!(b.to_string(), "<sip:a@b.com;transport=tcp>;tag=1");
        assert_eq!(a.to_string(), "<sip:a@b.com>;tag=1;transport=tcp");
    }
}

/// RFC 3261 §19.1.4: URI comparison.
mod s19_1_4_comparison {
    use sip_xmpp::uri::{SipUri, Uri};

    fn uri(s: &str) -> SipUri {
        SipUri::parse(s).unwrap_or_else(|e| panic!("{s}: {e}"))
    }

    /// RFC 3261 §19.1.4: the RFC's pairs of equivalent URIs, in both
    /// directions.
    #[test]
    fn equivalent_examples() {
        for (a, b) in [
            (
                "sip:%61lice@atlanta.com;transport=TCP",
                "sip:alice@AtLanTa.CoM;Transport=tcp",
            ),
            ("sip:carol@chicago.com", "sip:carol@chicago.com;newparam=5"),
            ("sip:carol@chicago.com", "sip:carol@chicago.com;security=on"),
            (
                "sip:carol@chicago.com;newparam=5",
                "sip:carol@chicago.com;security=on",
            ),
            (
                "sip:biloxi.com;transport=tcp;method=REGISTER?to=sip:bob%40biloxi.com",
                "sip:biloxi.com;method=REGISTER;transport=tcp?to=sip:bob%40biloxi.com",
            ),
            (
                "sip:alice@atlanta.com?subject=project%20x&priority=urgent",
                "sip:alice@atlanta.com?priority=urgent&subject=project%20x",
            ),
        ] {
            assert!(uri(a).equivalent(&uri(b)), "{a} = {b}");
            assert!(uri(b).equivalent(&uri(a)), "{b} = {a}");
            assert!(Uri::parse(a).unwrap().equivalent(&Uri::parse(b).unwrap()));
        }
    }

    /// RFC 3261 §19.1.4: the RFC's pairs of URIs that are not equivalent,
    /// in both directions.
    #[test]
    fn non_equivalent_examples() {
        for (a, b, why) in [
            (
                "SIP:ALICE@AtLanTa.CoM;Transport=udp",
                "sip:alice@AtLanTa.CoM;Transport=UDP",
                "user is case-sensitive",
            ),
            (
                "sip:bob@biloxi.com",
                "sip:bob@biloxi.com:5060",
                "an explicit port never equals the default",
            ),
            (
                "sip:bob@biloxi.com",
                "sip:bob@biloxi.com;transport=udp",
                "transport present in one only",
            ),
            (
                "sip:bob@biloxi.com",
                "sip:bob@biloxi.com:6000;transport=tcp",
                "port and transport",
            ),
            (
                "sip:carol@chicago.com",
                "sip:carol@chicago.com?Subject=next%20meeting",
                "header in one only",
            ),
            (
                "sip:bob@phone21.boxesbybob.com",
                "sip:bob@192.0.2.4",
                "a name never equals an address",
            ),
        ] {
            assert!(!uri(a).equivalent(&uri(b)), "{a} != {b}: {why}");
            assert!(!uri(b).equivalent(&uri(a)), "{b} != {a}: {why}");
        }
    }

    /// RFC 3261 §19.1.4: equality is not transitive.
    #[test]
    fn not_transitive() {
        let on = uri("sip:carol@chicago.com;security=on");
        let off = uri("sip:carol@chicago.com;security=off");
        let bare = uri("sip:carol@chicago.com");
        assert!(on.equivalent(&bare) && bare.equivalent(&off));
        assert!(!on.equivalent(&off));
    }

    /// RFC 3261 §19.1.4 rules one by one: scheme, userinfo case, escapes of
    /// unreserved and reserved characters, host case, the special
    /// parameters, header values.
    #[test]
    fn rules() {
        let eq = [
            ("sip:alice@atlanta.com", "SIP:alice@ATLANTA.COM"),
            ("sip:alice:pw@atlanta.com", "sip:%61lice:%70w@atlanta.com"),
            (
                "sip:a@b.com;maddr=X.example.com",
                "sip:a@b.com;MADDR=x.EXAMPLE.com",
            ),
            ("sip:a@b.com;lr", "sip:a@b.com"),
            ("sip:a@[2001:db8::1]", "sip:a@[2001:DB8:0::1]"),
            ("sip:a@b.com?h=%61", "sip:a@b.com?H=a"),
        ];
        for (a, b) in eq {
            assert!(uri(a).equivalent(&uri(b)), "{a} = {b}");
        }
        let ne = [
            ("sip:a@b", "sips:a@b", "sip never equals sips"),
            (
                "sip:alice:pw@atlanta.com",
                "sip:alice:PW@atlanta.com",
                "password is case-sensitive",
            ),
            (
                "sip:alice:pw@atlanta.com",
                "sip:alice@atlanta.com",
                "password in one only",
            ),
            (
                "sip:a%3Bb@c.com",
                "sip:a;b@c.com",
                "an escaped reserved character is not the character",
            ),
            (
                "sip:a@b.com;user=phone",
                "sip:a@b.com",
                "user param in one only",
            ),
            ("sip:a@b.com;ttl=1", "sip:a@b.com", "ttl param in one only"),
            (
                "sip:a@b.com;method=INVITE",
                "sip:a@b.com",
                "method param in one only",
            ),
            (
                "sip:a@b.com;maddr=x.com",
                "sip:a@b.com",
                "maddr param in one only",
            ),
            (
                "sip:a@b.com;foo=1",
                "sip:a@b.com;foo=2",
                "other param in both must match",
            ),
            (
                "sip:a@b.com?h=1",
                "sip:a@b.com?h=1&g=2",
                "every header must be in both",
            ),
        ];
        for (a, b, why) in ne {
            assert!(!uri(a).equivalent(&uri(b)), "{a} != {b}: {why}");
            assert!(!uri(b).equivalent(&uri(a)), "{b} != {a}: {why}");
        }
    }
}

/// RFC 3261 §19.1.2: escaping in URIs.
mod s19_1_2_escaping {
    use sip_xmpp::uri::{SipUri, UriError};

    /// RFC 3261 §19.1.2: characters outside a component's grammar are
    /// written `%HH`; the example user `j@s0n` is sent as `j%40s0n`.
    #[test]
    fn builder_escapes_each_component() {
        let u = SipUri::builder("example.com")
            .user("j@s0n")
            .build()
            .unwrap();
        assert_eq!(u.as_str(), "sip:j%40s0n@example.com");
        assert!(u.user().unwrap().matches("j@s0n"));

        let u = SipUri::builder("example.com")
            .user("a b:é")
            .password("p@ss:w")
            .param("x y", Some("a;b=c?"))
            .header("subject", "project x&y=z")
            .build()
            .unwrap();
        assert_eq!(
            u.as_str(),
            "sip:a%20b%3A%C3%A9:p%40ss%3Aw@example.com;x%20y=a%3Bb%3Dc%3F?subject=project%20x%26y%3Dz"
        );
        assert_eq!(u.user().unwrap().decode_utf8(), "a b:é");
        assert_eq!(u.password().unwrap().decode_utf8(), "p@ss:w");
        let (n, v) = u.params().next().unwrap();
        assert_eq!(
            (n.decode_utf8().as_ref(), v.unwrap().decode_utf8().as_ref()),
            ("x y", "a;b=c?")
        );
        assert_eq!(u.param("x y").unwrap().unwrap().decode_utf8(), "a;b=c?");
        let (n, v) = u.headers().next().unwrap();
        assert_eq!(
            (n.decode_utf8().as_ref(), v.decode_utf8().as_ref()),
            ("subject", "project x&y=z")
        );
    }

    /// RFC 3261 §25: characters a component allows are written as they are
    /// (user-unreserved in the user, param-unreserved in parameters,
    /// hnv-unreserved in headers).
    #[test]
    fn builder_keeps_allowed_characters() {
        let u = SipUri::builder("example.com")
            .user("a&=+$,;?/b")
            .password("&=+$,")
            .param("p[]/:&+$", Some("v[]/:&+$"))
            .header("h[]/?:+$", "v[]/?:+$")
            .build()
            .unwrap();
        assert_eq!(
            u.as_str(),
            "sip:a&=+$,;?/b:&=+$,@example.com;p[]/:&+$=v[]/:&+$?h[]/?:+$=v[]/?:+$"
        );
    }

    /// RFC 3261 §19.1.2: space, controls and non-ASCII never appear
    /// unescaped; `%` must start a valid escape.
    #[test]
    fn unescaped_characters_are_refused() {
        assert_eq!(
            SipUri::parse("sip:a b@example.com"),
            Err(UriError::Unescaped {
                byte: b' ',
                offset: 5
            })
        );
        assert_eq!(
            SipUri::parse("sip:\u{e9}@example.com"),
            Err(UriError::Unescaped {
                byte: 0xc3,
                offset: 4
            })
        );
        assert!(matches!(
            SipUri::parse("sip:a\u{7}@example.com"),
            Err(UriError::Unescaped { byte: 7, .. })
        ));
        assert_eq!(
            SipUri::parse("sip:a%2@example.com"),
            Err(UriError::Escape { offset: 5 })
        );
        assert_eq!(
            SipUri::parse("sip:a%zz@example.com"),
            Err(UriError::Escape { offset: 5 })
        );
        assert!(SipUri::parse("sip:a@example.com;x=\"q\"").is_err());
    }

    /// RFC 3261 §19.1.2: there is no escaping in the host.
    #[test]
    fn no_escapes_in_host() {
        assert!(matches!(
            SipUri::parse("sip:alice@exa%6dple.com"),
            Err(UriError::Host { .. })
        ));
        assert!(SipUri::builder("exa%6dple.com").build().is_err());
    }

    /// RFC 3261 §19.1.2: an escaped character decodes to itself, decoding
    /// is done once, and the original text is kept for writing.
    #[test]
    fn decoding() {
        let u = SipUri::parse("sip:%61lice%2540@atlanta.com").unwrap();
        assert_eq!(u.user().unwrap().decode_utf8(), "alice%40");
        assert_eq!(u.user().unwrap().as_raw(), "%61lice%2540");
        assert_eq!(u.to_string(), "sip:%61lice%2540@atlanta.com");
        // A decoded byte sequence that is not UTF-8 is still available.
        let u = SipUri::parse("sip:%FF%00@atlanta.com").unwrap();
        assert_eq!(u.user().unwrap().decode().as_ref(), [0xff, 0]);
    }

    /// RFC 3261 §19.1.2: escaping round-trips through the builder for any
    /// text, including characters that need escaping in every component.
    #[test]
    fn to_builder_round_trip() {
        let u = SipUri::parse("sips:%E2%82%AC%20x:p%3A@[2001:db8::2]:5061;n%3Bm=v%3D?a%26=b%20")
            .unwrap();
        let again = u.to_builder().build().unwrap();
        assert!(again.equivalent(&u));
        assert_eq!(again.user().unwrap().decode_utf8(), "€ x");
        assert_eq!(again.password().unwrap().decode_utf8(), "p:");
        assert_eq!(again.param("n;m").unwrap().unwrap().decode_utf8(), "v=");
        let (n, v) = again.headers().next().unwrap();
        assert_eq!(
            (n.decode_utf8().as_ref(), v.decode_utf8().as_ref()),
            ("a&", "b ")
        );
    }
}

/// RFC 3261 §7.3.3 and §20 (compact forms), with the compact forms the
/// digest's §1.3 table lists from later RFCs.
mod s7_3_3_compact_forms {
    use sip_xmpp::sip::HeaderName;

    use super::{parse, request};

    /// Every compact letter of the digest's §1.3 table, with its long name
    /// and a value.
    const COMPACT: [(char, &str, &str); 19] = [
        ('i', "Call-ID", "c1@pc33.atlanta.com"),
        ('m', "Contact", "<sip:alice@pc33.atlanta.com>"),
        ('e', "Content-Encoding", "gzip"),
        ('l', "Content-Length", "0"),
        ('c', "Content-Type", "text/plain"),
        ('f', "From", "<sip:alice@atlanta.com>;tag=1"),
        ('s', "Subject", "lunch"),
        ('k', "Supported", "100rel"),
        ('t', "To", "<sip:bob@biloxi.com>"),
        ('v', "Via", "SIP/2.0/UDP pc33.atlanta.com;branch=z9hG4bK1"),
        ('o', "Event", "presence"),
        ('u', "Allow-Events", "presence"),
        ('r', "Refer-To", "<sip:carol@chicago.com>"),
        ('b', "Referred-By", "<sip:alice@atlanta.com>"),
        ('x', "Session-Expires", "1800"),
        ('a', "Accept-Contact", "*;audio"),
        ('j', "Reject-Contact", "*;video"),
        ('d', "Request-Disposition", "proxy"),
        ('y', "Identity", "sv5CTo05KqpSmtHt3dcEi0"),
    ];

    fn message(upper: bool) -> String {
        let mut s = String::from(
            "SUBSCRIBE sip:bob@biloxi.com SIP/2.0\r\nMax-Forwards: 70\r\nCSeq: 1 SUBSCRIBE\r\n",
        );
        for (c, _, v) in COMPACT {
            let c = if upper { c.to_ascii_uppercase() } else { c };
            s.push_str(&format!("{c}: {v}\r\n"));
        }
        s.push_str("\r\n");
        s
    }

    /// RFC 3261 §7.3.3: each compact form names the same header as its long
    /// form: lookup by the long name finds a row written compactly.
    #[test]
    fn every_compact_letter_is_found_by_its_long_name() {
        for upper in [false, true] {
            let m = parse(&message(upper));
            m.validate().unwrap();
            for (c, long, value) in COMPACT {
                let name = HeaderName::from_name(long);
                assert_ne!(name, HeaderName::Other, "{long}");
                assert_eq!(HeaderName::from_name(&c.to_string()), name, "{c}");
                assert_eq!(name.compact(), Some(c));
                assert_eq!(name.as_str(), long);
                assert_eq!(m.header(long), Some(value), "{long} through {c}");
                assert_eq!(m.header(&long.to_ascii_lowercase()), Some(value), "{long}");
                assert_eq!(m.rows(name).collect::<Vec<_>>(), [value], "{long}");
            }
        }
    }

    /// RFC 3261 §7.3.3: the typed accessors read compact rows.
    #[test]
    fn typed_access_through_compact_rows() {
        let m = parse(&message(false));
        assert_eq!(m.call_id().unwrap(), "c1@pc33.atlanta.com");
        assert_eq!(m.contacts().count(), 1);
        assert!(m.content_type().unwrap().unwrap().is("text", "plain"));
        assert_eq!(m.content_length().unwrap(), Some(0));
        assert_eq!(m.from_header().unwrap().tag(), Some("1"));
        assert_eq!(m.subject(), Some("lunch"));
        assert_eq!(
            m.supported().map(Result::unwrap).collect::<Vec<_>>(),
            ["100rel"]
        );
        assert_eq!(m.to_header().unwrap().uri.as_str(), "sip:bob@biloxi.com");
        assert_eq!(m.top_via().unwrap().branch(), Some("z9hG4bK1"));
        assert_eq!(m.event().unwrap().unwrap().package(), "presence");
        assert_eq!(
            m.allow_events().map(Result::unwrap).collect::<Vec<_>>(),
            ["presence"]
        );
    }

    /// RFC 3261 §7.3.3, §20.14: `l` frames the body like Content-Length.
    #[test]
    fn compact_content_length_frames_the_body() {
        let text = request("", "").replace("Content-Length: 0\r\n\r\n", "l: 5\r\n\r\nhello");
        let m = parse(&text);
        assert_eq!(m.body(), b"hello");
    }

    /// RFC 6665 §7.3: Subscription-State has no compact form; single
    /// letters with no assignment are extension headers.
    #[test]
    fn letters_without_a_header() {
        assert_eq!(HeaderName::SubscriptionState.compact(), None);
        for c in ['g', 'h', 'n', 'p', 'q', 'w', 'z'] {
            assert_eq!(
                HeaderName::from_name(&c.to_string()),
                HeaderName::Other,
                "{c}"
            );
        }
    }
}

/// RFC 3261 §7.3.1: header field lists, and folding (§7.3.1, §25.1 LWS).
mod s7_3_1_header_fields {
    use sip_xmpp::sip::{Contact, HeaderError, HeaderName, SipMessage, ValueFault};

    use super::{parse, request};

    fn both(rows: &[(&str, &str)]) -> (SipMessage, SipMessage) {
        let separate: String = rows.iter().map(|(n, v)| format!("{n}: {v}\r\n")).collect();
        let name = rows[0].0;
        let joined = rows.iter().map(|(_, v)| *v).collect::<Vec<_>>().join(", ");
        (
            parse(&request(&separate, "")),
            parse(&request(&format!("{name}: {joined}\r\n"), "")),
        )
    }

    /// RFC 3261 §7.3.1: several rows of a list header equal one row with
    /// the values joined by commas, in order, for every list header the
    /// crate reads.
    #[test]
    fn rows_equal_one_comma_joined_row() {
        let (a, b) = both(&[
            ("Contact", "\"Smith, J\" <sip:a,b@example.com>;q=0.5"),
            ("Contact", "<sip:c@example.com;p=1>"),
            ("Contact", "sip:d@example.com;expires=60"),
        ]);
        let ca: Vec<Contact<'_>> = a.contacts().map(Result::unwrap).collect();
        let cb: Vec<Contact<'_>> = b.contacts().map(Result::unwrap).collect();
        assert_eq!(ca.len(), 3);
        assert_eq!(ca, cb);

        let (a, b) = both(&[
            ("Route", "<sip:p1.example.com;lr>"),
            ("Route", "<sip:p2.example.com;lr>"),
        ]);
        assert_eq!(
            a.routes().map(Result::unwrap).collect::<Vec<_>>(),
            b.routes().map(Result::unwrap).collect::<Vec<_>>()
        );
        assert_eq!(a.routes().count(), 2);

        let (a, b) = both(&[
            ("Record-Route", "<sip:p1.example.com;lr>"),
            ("Record-Route", "<sip:p2.example.com;lr>"),
        ]);
        assert_eq!(
            a.record_routes().map(Result::unwrap).collect::<Vec<_>>(),
            b.record_routes().map(Result::unwrap).collect::<Vec<_>>()
        );

        let (a, b) = both(&[
            ("Warning", "301 isi.edu \"Incompatible, network\""),
            (
                "Warning",
                "307 isi.edu \"Session parameter 'foo' not understood\"",
            ),
        ]);
        let wa: Vec<_> = a.warnings().map(Result::unwrap).collect();
        assert_eq!(wa.len(), 2);
        assert_eq!(wa[0].text, "Incompatible, network");
        assert_eq!(wa, b.warnings().map(Result::unwrap).collect::<Vec<_>>());

        let (a, b) = both(&[("Allow", "INVITE"), ("Allow", "ACK, MESSAGE")]);
        assert_eq!(
            a.allow().map(Result::unwrap).collect::<Vec<_>>(),
            b.allow().map(Result::unwrap).collect::<Vec<_>>()
        );
        assert_eq!(a.allow().count(), 3);

        for name in [
            "Supported",
            "Require",
            "Proxy-Require",
            "Unsupported",
            "Allow-Events",
            "Content-Language",
        ] {
            let (a, b) = both(&[(name, "en"), (name, "fr")]);
            let la: Vec<_> = a.list(HeaderName::from_name(name)).collect();
            assert_eq!(la, ["en", "fr"], "{name}");
            assert_eq!(
                la,
                b.list(HeaderName::from_name(name)).collect::<Vec<_>>(),
                "{name}"
            );
        }
        assert_eq!(
            both(&[("Supported", "a"), ("Supported", "b")])
                .0
                .supported()
                .map(Result::unwrap)
                .collect::<Vec<_>>(),
            ["a", "b"]
        );

        let (a, b) = both(&[
            ("Accept", "application/sdp;level=1"),
            ("Accept", "text/plain;q=0.5"),
        ]);
        assert_eq!(
            a.accept().map(Result::unwrap).collect::<Vec<_>>(),
            b.accept().map(Result::unwrap).collect::<Vec<_>>()
        );

        let (a, b) = both(&[
            ("Reason", "SIP;cause=200;text=\"Call completed, elsewhere\""),
            ("Reason", "Q.850;cause=16"),
        ]);
        assert_eq!(
            a.reasons().map(Result::unwrap).collect::<Vec<_>>(),
            b.reasons().map(Result::unwrap).collect::<Vec<_>>()
        );
        assert_eq!(a.reasons().count(), 2);
    }

    /// RFC 3261 §7.3.1: Via values in separate rows and in one row are the
    /// same list, in order.
    #[test]
    fn via_rows_and_joined_row() {
        let rows = "Via: SIP/2.0/UDP p1.example.com;branch=z9hG4bK1\r\nVia: SIP/2.0/UDP p2.example.com;branch=z9hG4bK2\r\n";
        let one = "Via: SIP/2.0/UDP p1.example.com;branch=z9hG4bK1 , SIP/2.0/UDP p2.example.com;branch=z9hG4bK2\r\n";
        let a = parse(&request(rows, ""));
        let b = parse(&request(one, ""));
        let va: Vec<_> = a.vias().skip(1).map(Result::unwrap).collect();
        let vb: Vec<_> = b.vias().skip(1).map(Result::unwrap).collect();
        assert_eq!(va.len(), 2);
        assert_eq!(va, vb);
    }

    /// RFC 3261 §7.3.1: commas inside quoted strings and `<...>` do not
    /// separate list elements.
    #[test]
    fn commas_inside_quotes_and_angles() {
        let m = parse(&request(
            "Contact: \"Doe, John\" <sip:j,d@example.com>;q=0.7, \"x\\\",y\" <sip:x@example.com>\r\n",
            "",
        ));
        let c: Vec<_> = m
            .contacts()
            .map(|c| match c.unwrap() {
                Contact::Address(a) => a,
                Contact::Star => panic!(),
            })
            .collect();
        assert_eq!(c.len(), 2);
        assert_eq!(c[0].display_name.as_deref(), Some("Doe, John"));
        assert_eq!(c[0].uri.as_sip().unwrap().user().unwrap().as_raw(), "j,d");
        assert_eq!(c[0].params.value("q"), Some("0.7"));
        assert_eq!(c[1].display_name.as_deref(), Some("x\",y"));
    }

    /// RFC 3261 §7.3.1: an empty list element is a syntax error; a
    /// single-valued header is not a list.
    #[test]
    fn empty_elements_and_single_values() {
        let m = parse(&request("Supported: a,,b\r\n", ""));
        assert!(m.supported().any(|s| s
            == Err(HeaderError::Invalid {
                name: "Supported",
                fault: ValueFault::Empty
            })));
        let m = parse(&request("", "").replace(
            "To: Bob <sip:bob@biloxi.com>",
            "To: <sip:a@b.com>, <sip:c@d.com>",
        ));
        assert!(matches!(
            m.to_header(),
            Err(HeaderError::Invalid { name: "To", .. })
        ));
        assert!(m.validate().is_err());
    }

    /// RFC 3261 §7.3.1: the authentication headers are never split or
    /// joined; their commas stay in one value.
    /// RFC 3261 §25: Contact, Require, Proxy-Require, Unsupported,
    /// Content-Language, Allow-Events, Route and Record-Route hold at least
    /// one element, so a blank row is malformed; Accept, Allow and Supported
    /// may be empty (nothing acceptable / allowed / supported).
    #[test]
    fn blank_rows() {
        for name in [
            "Contact",
            "Require",
            "Content-Language",
            "Allow-Events",
            "Route",
            "Record-Route",
        ] {
            let m = parse(&request(&format!("{name}: \r\n"), ""));
            assert!(m.validate().is_err(), "blank {name} accepted");
        }
        for name in ["Accept", "Allow", "Supported"] {
            let m = parse(&request(&format!("{name}: \r\n"), ""));
            m.validate().unwrap_or_else(|e| panic!("blank {name}: {e}"));
        }
        let m = parse(&request("Accept: \r\nAllow: \r\n", ""));
        assert_eq!(m.accept().count(), 0);
        assert_eq!(m.allow().count(), 0);
        let m = parse(&request("Require: \r\n", ""));
        assert!(m.require().next().unwrap().is_err());
    }

    #[test]
    fn authentication_headers_are_not_lists() {
        for h in [
            HeaderName::Authorization,
            HeaderName::ProxyAuthorization,
            HeaderName::WwwAuthenticate,
            HeaderName::ProxyAuthenticate,
        ] {
            assert!(!h.is_list(), "{h}");
        }
        let v = "Digest username=\"alice\", realm=\"atlanta.com\", nonce=\"84a4cc6f\", uri=\"sip:bob@biloxi.com\"";
        let m = parse(&request(&format!("Authorization: {v}\r\n"), ""));
        assert_eq!(m.header("Authorization"), Some(v));
        assert_eq!(m.header_values("Authorization").count(), 1);
    }

    /// RFC 3261 §7.3.1, §25.1: a continuation line (starting with SP or
    /// HTAB) continues the previous header; the line break and the
    /// whitespace around it count as one SP.
    #[test]
    fn folding() {
        let folded = request(
            "Subject: I know\r\n   you're\r\n\tthere,\r\n pick up!\r\nX-Empty-First:\r\n value\r\nAccept: text/plain,\r\n application/sdp\r\n",
            "",
        )
        .replace("From: Alice <sip:alice@atlanta.com>;tag=1928301774", "From: \"Alice\r\n Liddell\"\r\n <sip:alice@atlanta.com>\r\n ;tag=1928301774");
        let flat = request(
            "Subject: I know you're there, pick up!\r\nX-Empty-First: value\r\nAccept: text/plain, application/sdp\r\n",
            "",
        )
        .replace("From: Alice <sip:alice@atlanta.com>;tag=1928301774", "From: \"Alice Liddell\" <sip:alice@atlanta.com> ;tag=1928301774");
        let a = parse(&folded);
        let b = parse(&flat);
        assert_eq!(a.subject(), Some("I know you're there, pick up!"));
        assert_eq!(a.header("X-Empty-First"), Some("value"));
        assert_eq!(a.accept().count(), 2);
        let from = a.from_header().unwrap();
        assert_eq!(from.display_name.as_deref(), Some("Alice Liddell"));
        assert_eq!(from.tag(), Some("1928301774"));
        assert_eq!(a, b, "a folded message equals its unfolded form");
        a.validate().unwrap();
    }

    /// RFC 3261 §7.3.1: a folded Content-Length still frames the body.
    #[test]
    fn folded_content_length() {
        let text = request("", "").replace(
            "Content-Length: 0\r\n\r\n",
            "Content-Length:\r\n 5\r\n\r\nhello",
        );
        assert_eq!(parse(&text).body(), b"hello");
    }

    /// RFC 3261 §7.3.1 (design: generators never fold): writing puts each
    /// row on one line.
    #[test]
    fn writing_never_folds() {
        let m = parse(&request("Subject: a\r\n b\r\n\tc\r\n", ""));
        let out = m.to_bytes();
        let text = String::from_utf8(out).unwrap();
        assert!(text.contains("\r\nSubject: a b c\r\n"));
        assert!(!text.split("\r\n").any(|l| l.starts_with([' ', '\t'])));
        assert_eq!(
            SipMessage::parse(text.as_bytes(), sip_xmpp::sip::Framing::Stream).unwrap(),
            m
        );
    }

    /// RFC 3261 §7.3.1: whitespace before the colon and around the value is
    /// not part of the name or value.
    #[test]
    fn whitespace_around_colon() {
        let m = parse(&request(
            "Subject   :   hello there   \r\nX-A\t:\tb\r\n",
            "",
        ));
        assert_eq!(m.subject(), Some("hello there"));
        let h: Vec<_> = m
            .headers()
            .filter(|h| h.raw_name == "X-A")
            .map(|h| h.value)
            .collect();
        assert_eq!(h, ["b"]);
        assert!(
            String::from_utf8(m.to_bytes())
                .unwrap()
                .contains("\r\nSubject: hello there\r\n")
        );
    }
}

/// RFC 3261 §8.1.1: generating a request.
mod s8_1_1_request_builder {
    use sip_xmpp::MediaType;
    use sip_xmpp::sip::{BuildError, Framing, Method, NameAddr, RequestBuilder, SipMessage, Via};
    use sip_xmpp::uri::Uri;

    /// Adds one mandatory header to a builder.
    type Step = fn(RequestBuilder, &NameAddr<'_>, &Via<'_>) -> RequestBuilder;

    fn full(method: Method) -> RequestBuilder {
        let to: Uri = "sip:bob@biloxi.com".parse().unwrap();
        let mut from = NameAddr::new("sip:alice@atlanta.com".parse::<Uri>().unwrap());
        from.display_name = Some("Alice".into());
        from.set_tag("1928301774");
        RequestBuilder::new(method, to.clone())
            .via(&Via::new("UDP", "pc33.atlanta.com", None, "z9hG4bKnashds8"))
            .max_forwards(70)
            .to(&NameAddr::new(to))
            .from(&from)
            .call_id("a84b4c76e66710")
            .cseq(314159)
    }

    /// RFC 3261 §8.1.1: a request carries To, From, CSeq, Call-ID,
    /// Max-Forwards and Via; the CSeq method is the request method; the
    /// result passes the §8.2 checks and writes as expected.
    #[test]
    fn mandatory_headers() {
        for method in [
            Method::Invite,
            Method::Message,
            Method::Subscribe,
            Method::Extension("FOO".into()),
        ] {
            let m = full(method.clone()).build().unwrap();
            m.validate().unwrap();
            assert_eq!(m.cseq().unwrap().method, method);
            assert_eq!(m.max_forwards().unwrap(), Some(70));
        }
        let m = full(Method::Message).build().unwrap();
        let text = String::from_utf8(m.to_bytes()).unwrap();
        assert_eq!(
            text,
            "MESSAGE sip:bob@biloxi.com SIP/2.0\r\n\
             Via: SIP/2.0/UDP pc33.atlanta.com;branch=z9hG4bKnashds8\r\n\
             Max-Forwards: 70\r\n\
             To: <sip:bob@biloxi.com>\r\n\
             From: \"Alice\" <sip:alice@atlanta.com>;tag=1928301774\r\n\
             Call-ID: a84b4c76e66710\r\n\
             CSeq: 314159 MESSAGE\r\n\
             Content-Length: 0\r\n\r\n"
        );
    }

    /// RFC 3261 §8.1.1.7: the branch of the top Via starts with the magic
    /// cookie `z9hG4bK` and carries an identifier after it; a request
    /// without one is refused (RFC 4475 §3.2.1 shows the bare cookie).
    #[test]
    fn branch_magic_cookie() {
        let to: Uri = "sip:bob@biloxi.com".parse().unwrap();
        let mut from = NameAddr::new("sip:alice@atlanta.com".parse::<Uri>().unwrap());
        from.set_tag("1");
        for (branch, ok) in [("z9hG4bK1", true), ("z9hG4bK", false), ("1234", false)] {
            let r = RequestBuilder::new(Method::Options, to.clone())
                .via(&Via::new("UDP", "pc33.atlanta.com", None, branch))
                .max_forwards(70)
                .to(&NameAddr::new(to.clone()))
                .from(&from)
                .call_id("c")
                .cseq(1)
                .build();
            assert_eq!(r.is_ok(), ok, "{branch}");
            if !ok {
                assert_eq!(r.unwrap_err(), sip_xmpp::sip::BuildError::Branch);
            }
        }
        assert!(
            !Via::parse("SIP/2.0/UDP h;branch=z9hG4bK")
                .unwrap()
                .has_rfc3261_branch()
        );
    }

    /// RFC 3261 §8.1.1: each mandatory header left out is reported.
    #[test]
    fn each_missing_header_is_reported() {
        let to: Uri = "sip:bob@biloxi.com".parse().unwrap();
        let na = NameAddr::new(to.clone());
        let via = Via::new("UDP", "pc33.atlanta.com", None, "z9hG4bK1");
        let steps: [(&str, Step); 6] = [
            ("Via", |b, _, v| b.via(v)),
            ("Max-Forwards", |b, _, _| b.max_forwards(70)),
            ("From", |b, n, _| b.from(n)),
            ("To", |b, n, _| b.to(n)),
            ("Call-ID", |b, _, _| b.call_id("c1")),
            ("CSeq", |b, _, _| b.cseq(1)),
        ];
        for skip in 0..steps.len() {
            let mut b = RequestBuilder::new(Method::Options, to.clone());
            for (i, (_, step)) in steps.iter().enumerate() {
                if i != skip {
                    b = step(b, &na, &via);
                }
            }
            assert_eq!(
                b.build().unwrap_err(),
                BuildError::Missing {
                    name: steps[skip].0
                }
            );
        }
    }

    /// RFC 3261 §8.1.1.5 and §8.1.1.4: the builder refuses a CSeq number
    /// of 2^31 or more and a Call-ID that is not `word [ "@" word ]`,
    /// rather than build a request that breaks those MUSTs.
    #[test]
    fn cseq_and_call_id_ranges() {
        use sip_xmpp::sip::{HeaderError, ValueFault};
        let to: Uri = "sip:bob@biloxi.com".parse().unwrap();
        let base = |cseq: u32, call_id: &str| {
            RequestBuilder::new(Method::Options, to.clone())
                .via(&Via::new("UDP", "pc33.atlanta.com", None, "z9hG4bK1"))
                .max_forwards(70)
                .to(&NameAddr::new(to.clone()))
                .from(&NameAddr::new(to.clone()))
                .call_id(call_id)
                .cseq(cseq)
                .build()
        };
        let ok = base(
            (1 << 31) - 1,
            "intmeth.word%ZK-!.*_+'@word`~)(><:\\/\"][?}{",
        )
        .unwrap();
        assert_eq!(ok.cseq().unwrap().seq, (1 << 31) - 1);
        assert_eq!(
            base(1 << 31, "c1").unwrap_err(),
            BuildError::Header(HeaderError::Invalid {
                name: "CSeq",
                fault: ValueFault::Number
            })
        );
        assert_eq!(
            base(u32::MAX, "c1").unwrap_err(),
            base(1 << 31, "c1").unwrap_err()
        );
        for bad in ["a b", "a@", "@b", "a@b@c", "a;b", "é"] {
            assert!(
                matches!(
                    base(1, bad),
                    Err(BuildError::Header(HeaderError::Invalid {
                        name: "Call-ID",
                        ..
                    }))
                ),
                "{bad}"
            );
        }
        assert_eq!(
            base(1, "").unwrap_err(),
            BuildError::Header(HeaderError::Invalid {
                name: "Call-ID",
                fault: ValueFault::Empty
            })
        );
    }

    /// RFC 3261 §8.1.1, §7.4: a body comes with its Content-Type, and the
    /// written Content-Length counts its octets.
    #[test]
    fn body_and_content_type() {
        let body = b"Watson, come here.\x00\xff".to_vec();
        let m = full(Method::Message)
            .body(&MediaType::new("application", "octet-stream"), body.clone())
            .build()
            .unwrap();
        assert!(
            m.content_type()
                .unwrap()
                .unwrap()
                .is("application", "octet-stream")
        );
        let out = m.to_bytes();
        let back = SipMessage::parse(&out, Framing::Stream).unwrap();
        assert_eq!(back.body(), body.as_slice());
        assert_eq!(back.content_length().unwrap(), Some(body.len()));
        assert_eq!(back.to_bytes(), out);
    }

    /// RFC 3261 §7.3.1: a request built from typed values parses back to
    /// the same message.
    #[test]
    fn written_request_parses_back_equal() {
        let m = full(Method::Invite)
            .contact(&NameAddr::new(
                "sip:alice@pc33.atlanta.com".parse::<Uri>().unwrap(),
            ))
            .route(&NameAddr::new(
                "sip:p1.example.com;lr".parse::<Uri>().unwrap(),
            ))
            .header("Subject", "lunch?")
            .body(&MediaType::new("application", "sdp"), b"v=0\r\n".to_vec())
            .build()
            .unwrap();
        let back = SipMessage::parse(&m.to_bytes(), Framing::Stream).unwrap();
        back.validate().unwrap();
        assert_eq!(back, m);
        assert_eq!(back.to_bytes(), m.to_bytes());
    }
}

/// RFC 3261 §8.2.6: generating a response.
mod s8_2_6_make_response {
    use sip_xmpp::sip::{BuildError, Framing, HeaderError, SipMessage, StatusCode};

    use super::{parse, request};

    fn req() -> SipMessage {
        parse(
            "INVITE sip:bob@biloxi.com SIP/2.0\r\n\
             v: SIP/2.0/UDP bigbox3.site3.atlanta.com;branch=z9hG4bK77ef4c2312983.1, SIP/2.0/UDP pc33.atlanta.com;branch=z9hG4bKnashds8\r\n\
             \t;received=192.0.2.1\r\n\
             Via: SIP/2.0/UDP first.example.com;branch=z9hG4bK0\r\n\
             Max-Forwards: 69\r\n\
             t: Bob <sip:bob@biloxi.com>\r\n\
             f: Alice <sip:alice@atlanta.com>;tag=1928301774\r\n\
             i: a84b4c76e66710\r\n\
             CSeq: 314159 INVITE\r\n\
             Contact: <sip:alice@pc33.atlanta.com>\r\n\
             Timestamp: 54.2\r\n\
             Content-Type: application/sdp\r\n\
             l: 3\r\n\r\nv=0",
        )
    }

    /// RFC 3261 §8.2.6.2: From, Call-ID and CSeq are copied, every Via in
    /// order, To gets the UAS tag; the reason phrase is the default one;
    /// nothing else is copied and there is no body.
    #[test]
    fn copies_and_tags() {
        let r = req().make_response(StatusCode::OK, "a6c85cf").unwrap();
        r.validate().unwrap();
        assert_eq!(r.status(), Some(StatusCode::OK));
        assert_eq!(r.reason_phrase(), Some("OK"));
        let hosts: Vec<_> = r.vias().map(|v| v.unwrap().host.into_owned()).collect();
        assert_eq!(
            hosts,
            [
                "bigbox3.site3.atlanta.com",
                "pc33.atlanta.com",
                "first.example.com"
            ]
        );
        assert_eq!(
            r.vias().nth(1).unwrap().unwrap().received(),
            Some("192.0.2.1")
        );
        assert_eq!(r.from_header().unwrap(), req().from_header().unwrap());
        assert_eq!(r.call_id().unwrap(), "a84b4c76e66710");
        assert_eq!(r.cseq().unwrap(), req().cseq().unwrap());
        let to = r.to_header().unwrap();
        assert_eq!(to.tag(), Some("a6c85cf"));
        assert_eq!(to.display_name.as_deref(), Some("Bob"));
        assert_eq!(to.uri.as_str(), "sip:bob@biloxi.com");
        assert!(r.body().is_empty());
        for absent in ["Contact", "Max-Forwards", "Timestamp", "Content-Type"] {
            assert_eq!(r.header(absent), None, "{absent}");
        }
        let text = String::from_utf8(r.to_bytes()).unwrap();
        assert_eq!(
            text,
            "SIP/2.0 200 OK\r\n\
             Via: SIP/2.0/UDP bigbox3.site3.atlanta.com;branch=z9hG4bK77ef4c2312983.1, SIP/2.0/UDP pc33.atlanta.com;branch=z9hG4bKnashds8 ;received=192.0.2.1\r\n\
             Via: SIP/2.0/UDP first.example.com;branch=z9hG4bK0\r\n\
             From: Alice <sip:alice@atlanta.com>;tag=1928301774\r\n\
             To: Bob <sip:bob@biloxi.com>;tag=a6c85cf\r\n\
             Call-ID: a84b4c76e66710\r\n\
             CSeq: 314159 INVITE\r\n\
             Content-Length: 0\r\n\r\n"
        );
        assert_eq!(
            SipMessage::parse(text.as_bytes(), Framing::Stream)
                .unwrap()
                .to_bytes(),
            r.to_bytes()
        );
    }

    /// RFC 3261 §8.2.6.1, §8.2.6.2: a 100 (Trying) gets no To tag and
    /// copies Timestamp; other responses do not copy Timestamp.
    #[test]
    fn trying() {
        let r = req().make_response(StatusCode::TRYING, "a6c85cf").unwrap();
        assert_eq!(r.reason_phrase(), Some("Trying"));
        assert_eq!(r.to_header().unwrap().tag(), None);
        assert_eq!(r.header("Timestamp"), Some("54.2"));
        let r = req()
            .make_response(StatusCode::new(180).unwrap(), "a6c85cf")
            .unwrap();
        assert_eq!(r.reason_phrase(), Some("Ringing"));
        assert_eq!(r.header("Timestamp"), None);
        assert_eq!(r.to_header().unwrap().tag(), Some("a6c85cf"));
    }

    /// RFC 3261 §8.2.6.2: a To that already has a tag keeps it.
    #[test]
    fn existing_tag_is_kept() {
        let text = request("", "").replace(
            "To: Bob <sip:bob@biloxi.com>",
            "To: Bob <sip:bob@biloxi.com>;tag=old",
        );
        let r = parse(&text)
            .make_response(StatusCode::new(486).unwrap(), "new")
            .unwrap();
        assert_eq!(r.to_header().unwrap().tag(), Some("old"));
        assert_eq!(r.reason_phrase(), Some("Busy Here"));
    }

    /// RFC 3261 §8.2.6.2, §20.39: a tag is added after the To header
    /// parameters of an addr-spec, which stay header parameters.
    #[test]
    fn tag_after_addr_spec_parameters() {
        let text =
            request("", "").replace("To: Bob <sip:bob@biloxi.com>", "To: sip:bob@biloxi.com;x=1");
        let r = parse(&text).make_response(StatusCode::OK, "t1").unwrap();
        let to = r.to_header().unwrap();
        assert_eq!(to.uri.as_str(), "sip:bob@biloxi.com");
        assert_eq!(to.params.value("x"), Some("1"));
        assert_eq!(to.tag(), Some("t1"));
    }

    /// RFC 3261 §19.3: a tag is a token; a response is made to a request
    /// only; a request without From cannot be answered this way.
    #[test]
    fn misuse() {
        assert_eq!(
            req().make_response(StatusCode::OK, "a b").unwrap_err(),
            BuildError::Tag
        );
        assert_eq!(
            req().make_response(StatusCode::OK, "").unwrap_err(),
            BuildError::Tag
        );
        assert_eq!(
            req()
                .make_response(StatusCode::OK, "x\r\nEvil: 1")
                .unwrap_err(),
            BuildError::Tag
        );
        let resp = req().make_response(StatusCode::OK, "t").unwrap();
        assert_eq!(
            resp.make_response(StatusCode::OK, "t").unwrap_err(),
            BuildError::NotARequest
        );
        let text =
            request("", "").replace("From: Alice <sip:alice@atlanta.com>;tag=1928301774\r\n", "");
        assert_eq!(
            parse(&text).make_response(StatusCode::OK, "t").unwrap_err(),
            BuildError::Header(HeaderError::Missing { name: "From" })
        );
    }
}

/// RFC 3261 §7.3.1 and §25.1: a header value never holds a line break
/// (quoted-pair excludes CR and LF), so writing must not emit one, whatever
/// a caller passes in.
mod s25_1_no_line_breaks_in_values {
    use std::borrow::Cow;

    use sip_xmpp::sip::{
        BuildError, Event, Framing, HeaderError, HeaderName, Method, NameAddr, RequestBuilder,
        RetryAfter, SipMessage, StatusCode, ValueFault, Via, Warning,
    };
    use sip_xmpp::uri::Uri;
    use sip_xmpp::{Param, Params};

    use super::{parse, request};

    const EVIL: [&str; 4] = [
        "a\r\nEvil: 1",
        "a\nEvil: 1",
        "a\rEvil: 1",
        "\r\n\r\nINVITE sip:x@y SIP/2.0",
    ];

    /// Writes, parses back, and checks the header count is unchanged.
    fn same_rows(m: &SipMessage) -> SipMessage {
        let out = m.to_bytes();
        let back =
            SipMessage::parse(&out, Framing::Stream).unwrap_or_else(|e| panic!("{e}: {out:?}"));
        let rows = m.header_count() + usize::from(m.header("Content-Length").is_none());
        assert_eq!(
            back.header_count(),
            rows,
            "{}",
            String::from_utf8_lossy(&out)
        );
        assert_eq!(back.header("Evil"), None);
        back
    }

    /// RFC 3261 §7.3.1: values and names holding CR or LF are refused by
    /// every setter, and the message is left unchanged.
    #[test]
    fn setters_refuse_line_breaks() {
        let mut m = parse(&request("", ""));
        let before = m.clone();
        for evil in EVIL {
            let e = m.push_header("Subject", evil).unwrap_err();
            assert_eq!(
                e,
                HeaderError::Invalid {
                    name: "Subject",
                    fault: ValueFault::LineBreak
                }
            );
            assert!(m.push_header("X-Ext", evil).is_err());
            assert!(m.set_header("Subject", evil).is_err());
            assert!(m.insert_header(0, "Subject", evil).is_err());
            assert!(m.push_header(evil, "v").is_err());
        }
        assert_eq!(m, before);
        assert_eq!(m.to_bytes(), before.to_bytes());
    }

    /// RFC 3261 §25.1: a reason phrase with CR/LF (or other controls) is
    /// written without them.
    #[test]
    fn reason_phrase() {
        let mut r = parse(&request("", ""))
            .make_response(StatusCode::OK, "t")
            .unwrap();
        for evil in EVIL {
            r.set_reason_phrase(evil);
            let back = same_rows(&r);
            assert_eq!(back.reason_phrase(), r.reason_phrase());
            assert!(!r.reason_phrase().unwrap().contains(['\r', '\n']));
        }
    }

    /// RFC 3261 §25.1: a display name with CR/LF is written as a quoted
    /// string on one line.
    #[test]
    fn display_name() {
        for evil in EVIL {
            let mut from = NameAddr::new("sip:alice@atlanta.com".parse::<Uri>().unwrap());
            from.display_name = Some(Cow::Borrowed(evil));
            from.set_tag("1");
            let to = NameAddr::new("sip:bob@biloxi.com".parse::<Uri>().unwrap());
            let m = RequestBuilder::new(Method::Message, to.uri.clone())
                .via(&Via::new("UDP", "pc33.atlanta.com", None, "z9hG4bK1"))
                .max_forwards(70)
                .from(&from)
                .to(&to)
                .call_id("c1")
                .cseq(1)
                .build()
                .unwrap();
            let back = same_rows(&m);
            back.validate().unwrap();
            let dn = back
                .from_header()
                .unwrap()
                .display_name
                .unwrap()
                .into_owned();
            assert!(!dn.contains(['\r', '\n']), "{dn:?}");
        }
    }

    /// RFC 3261 §20.43: Warning text with CR/LF is written on one line.
    #[test]
    fn warning_text() {
        for evil in EVIL {
            let mut m = parse(&request("", ""));
            let w = Warning {
                code: 399,
                agent: "example.com".into(),
                text: evil.into(),
            };
            m.push(HeaderName::Warning, &w).unwrap();
            let back = same_rows(&m);
            let got = back.warnings().next().unwrap().unwrap();
            assert_eq!(got.code, 399);
            assert!(!got.text.contains(['\r', '\n']));
        }
    }

    /// RFC 3261 §25.1: parameter names and values, and comments, with
    /// CR/LF are written without them.
    #[test]
    fn parameters_and_comments() {
        for evil in EVIL {
            let mut m = parse(&request("", ""));
            let mut to = NameAddr::new("sip:bob@biloxi.com".parse::<Uri>().unwrap());
            to.params = Params::from_iter([
                Param::quoted("q1", evil),
                Param::token("t1", evil),
                Param::flag(evil),
            ]);
            m.set_header("To", &to.to_string()).unwrap();
            let ra = RetryAfter {
                seconds: 5,
                comment: Some(evil.into()),
                params: Params::new(),
            };
            m.push(HeaderName::RetryAfter, &ra).unwrap();
            let back = same_rows(&m);
            back.validate().unwrap();
            assert_eq!(back.to_header().unwrap().params.len(), 3);
        }
    }

    /// RFC 3261 §7.3.1: typed values whose text fields hold CR/LF are
    /// refused when stored rather than written.
    #[test]
    fn raw_typed_fields_are_refused() {
        for evil in EVIL {
            let mut m = parse(&request("", ""));
            let via = Via::new("UDP", evil, None, "z9hG4bK1");
            assert!(matches!(
                m.push(HeaderName::Via, &via),
                Err(HeaderError::Invalid {
                    fault: ValueFault::LineBreak,
                    ..
                })
            ));
            assert!(m.push(HeaderName::Event, Event::new(evil)).is_err());
            let b = RequestBuilder::new(Method::Options, "sip:a@b.com".parse().unwrap()).via(&via);
            assert!(matches!(b.build(), Err(BuildError::Header(_))));
            let b =
                RequestBuilder::new(Method::Options, "sip:a@b.com".parse().unwrap()).call_id(evil);
            assert!(matches!(b.build(), Err(BuildError::Header(_))));
        }
    }

    /// RFC 3261 §25.1: control characters other than CR and LF in a quoted
    /// string are written as quoted-pairs (qdtext does not include them),
    /// and read back unchanged.
    #[test]
    fn controls_in_quoted_strings() {
        let mut from = NameAddr::new("sip:alice@atlanta.com".parse::<Uri>().unwrap());
        from.display_name = Some("BEL:\u{7} NUL:\u{0} DEL:\u{7f} TAB:\t".into());
        let text = from.to_string();
        assert_eq!(
            text,
            "\"BEL:\\\u{7} NUL:\\\u{0} DEL:\\\u{7f} TAB:\t\" <sip:alice@atlanta.com>"
        );
        assert_eq!(NameAddr::parse(&text).unwrap(), from);
    }
}

/// RFC 3261 §18.1.1, §18.3 and the digest's §1.10: every limit of
/// `ParseLimits` the SIP parser enforces, just at and just over the limit.
mod s18_limits {
    use sip_xmpp::sip::{
        Framing, HeaderError, SipError, SipMessage, StartLineError, Status, ValueFault,
        parse_stream,
    };
    use sip_xmpp::uri::UriError;
    use sip_xmpp::{ParseConfig, ParseLimits};

    use super::request;

    fn cfg(f: impl FnOnce(&mut ParseLimits)) -> ParseConfig {
        let mut l = ParseLimits::DEFAULT;
        f(&mut l);
        ParseConfig::with_limits(l)
    }

    fn parse(text: &[u8], framing: Framing, c: &ParseConfig) -> Result<SipMessage, SipError> {
        SipMessage::parse_with(text, framing, c)
    }

    /// The whole message on a stream: `max_message_bytes_stream`.
    #[test]
    fn message_bytes_stream() {
        let text = request("", "hello world");
        let n = text.len();
        let ok = cfg(|l| l.max_message_bytes_stream = n);
        assert!(parse(text.as_bytes(), Framing::Stream, &ok).is_ok());
        assert!(
            matches!(parse_stream(text.as_bytes(), &ok).unwrap(), Status::Complete { consumed, .. } if consumed == n)
        );
        let over = cfg(|l| l.max_message_bytes_stream = n - 1);
        assert_eq!(
            parse(text.as_bytes(), Framing::Stream, &over).unwrap_err(),
            SipError::TooLarge { max: n - 1 }
        );
        assert_eq!(
            parse_stream(text.as_bytes(), &over).unwrap_err(),
            SipError::TooLarge { max: n - 1 }
        );
        assert_eq!(SipError::TooLarge { max: 1 }.status_code(), 513);
        // Without a body the header section alone is the limit.
        let text = request("", "");
        let n = text.len();
        assert!(
            parse(
                text.as_bytes(),
                Framing::Stream,
                &cfg(|l| l.max_message_bytes_stream = n)
            )
            .is_ok()
        );
        assert_eq!(
            parse(
                text.as_bytes(),
                Framing::Stream,
                &cfg(|l| l.max_message_bytes_stream = n - 1)
            )
            .unwrap_err(),
            SipError::TooLarge { max: n - 1 }
        );
    }

    /// The whole datagram: `max_message_bytes_datagram`.
    #[test]
    fn message_bytes_datagram() {
        let text = request("", "hello world");
        let n = text.len();
        assert!(
            parse(
                text.as_bytes(),
                Framing::Datagram,
                &cfg(|l| l.max_message_bytes_datagram = n)
            )
            .is_ok()
        );
        assert_eq!(
            parse(
                text.as_bytes(),
                Framing::Datagram,
                &cfg(|l| l.max_message_bytes_datagram = n - 1)
            )
            .unwrap_err(),
            SipError::TooLarge { max: n - 1 }
        );
        // The stream limit does not apply to datagrams, nor the reverse.
        assert!(
            parse(
                text.as_bytes(),
                Framing::Datagram,
                &cfg(|l| l.max_message_bytes_stream = 10)
            )
            .is_ok()
        );
        assert!(
            parse(
                text.as_bytes(),
                Framing::Stream,
                &cfg(|l| l.max_message_bytes_datagram = 10)
            )
            .is_ok()
        );
    }

    /// Header rows: `max_headers`.
    #[test]
    fn header_count() {
        let text = request("X-A: 1\r\nX-B: 2\r\n", "");
        let rows = SipMessage::parse(text.as_bytes(), Framing::Stream)
            .unwrap()
            .header_count();
        assert_eq!(rows, 9);
        for framing in [Framing::Stream, Framing::Datagram] {
            assert!(parse(text.as_bytes(), framing, &cfg(|l| l.max_headers = rows)).is_ok());
            assert_eq!(
                parse(text.as_bytes(), framing, &cfg(|l| l.max_headers = rows - 1)).unwrap_err(),
                SipError::TooManyHeaders { max: rows - 1 }
            );
        }
    }

    /// One line: `max_line_bytes`, for a header row, the start line, and a
    /// folded row measured after unfolding.
    #[test]
    fn line_length() {
        let row = format!("X-Long: {}", "x".repeat(100));
        let n = row.len();
        let text = request(&format!("{row}\r\n"), "");
        assert!(
            parse(
                text.as_bytes(),
                Framing::Stream,
                &cfg(|l| l.max_line_bytes = n)
            )
            .is_ok()
        );
        let e = parse(
            text.as_bytes(),
            Framing::Stream,
            &cfg(|l| l.max_line_bytes = n - 1),
        )
        .unwrap_err();
        assert!(
            matches!(e, SipError::LineTooLong { max, .. } if max == n - 1),
            "{e:?}"
        );

        let start = format!("MESSAGE sip:{}@biloxi.com SIP/2.0", "b".repeat(150));
        let text = request("", "").replacen("MESSAGE sip:bob@biloxi.com SIP/2.0", &start, 1);
        let n = start.len();
        assert!(
            parse(
                text.as_bytes(),
                Framing::Stream,
                &cfg(|l| l.max_line_bytes = n)
            )
            .is_ok()
        );
        assert_eq!(
            parse(
                text.as_bytes(),
                Framing::Stream,
                &cfg(|l| l.max_line_bytes = n - 1)
            )
            .unwrap_err(),
            SipError::LineTooLong {
                offset: 0,
                max: n - 1
            }
        );

        // "X-Folded: aaa…" + fold + "bbb…": 10 + 60 + 1 + 60 bytes unfolded.
        let a = "a".repeat(60);
        let b = "b".repeat(60);
        let text = request(&format!("X-Folded: {a}\r\n    {b}\r\n"), "");
        let unfolded = format!("X-Folded: {a} {b}").len();
        let ok = parse(
            text.as_bytes(),
            Framing::Stream,
            &cfg(|l| l.max_line_bytes = unfolded),
        )
        .unwrap();
        assert_eq!(ok.header("X-Folded").map(str::len), Some(unfolded - 10));
        let e = parse(
            text.as_bytes(),
            Framing::Stream,
            &cfg(|l| l.max_line_bytes = unfolded - 1),
        )
        .unwrap_err();
        assert!(matches!(e, SipError::LineTooLong { .. }), "{e:?}");
    }

    /// The Request-URI: `max_uri_bytes` (answered with 414).
    #[test]
    fn uri_length() {
        let uri = format!("sip:{}@biloxi.com", "b".repeat(100));
        let text =
            request("", "").replacen("sip:bob@biloxi.com SIP/2.0", &format!("{uri} SIP/2.0"), 1);
        let n = uri.len();
        assert!(
            parse(
                text.as_bytes(),
                Framing::Stream,
                &cfg(|l| l.max_uri_bytes = n)
            )
            .is_ok()
        );
        let e = parse(
            text.as_bytes(),
            Framing::Stream,
            &cfg(|l| l.max_uri_bytes = n - 1),
        )
        .unwrap_err();
        assert_eq!(
            e,
            SipError::StartLine(StartLineError::Uri(UriError::TooLong {
                len: n,
                max: n - 1
            }))
        );
        assert_eq!(e.status_code(), 414);
    }

    /// URIs in header fields are held to the same `max_uri_bytes` as the
    /// Request-URI: a From URI one byte over the configured limit is
    /// refused by the typed accessor and by validation.
    #[test]
    fn uri_length_in_headers() {
        let uri = format!("sip:{}@atlanta.com", "a".repeat(100));
        let text = request("", "").replacen(
            "From: Alice <sip:alice@atlanta.com>",
            &format!("From: Alice <{uri}>"),
            1,
        );
        assert!(text.contains(&uri), "the request template changed");
        let n = uri.len();
        let ok = parse(
            text.as_bytes(),
            Framing::Stream,
            &cfg(|l| l.max_uri_bytes = n),
        )
        .unwrap();
        assert_eq!(ok.from_header().unwrap().uri.as_str(), uri);
        let tight = parse(
            text.as_bytes(),
            Framing::Stream,
            &cfg(|l| l.max_uri_bytes = n - 1),
        )
        .unwrap();
        assert!(matches!(
            tight.from_header(),
            Err(HeaderError::Invalid {
                name: "From",
                fault: ValueFault::Uri(UriError::TooLong { .. })
            })
        ));
        assert!(tight.validate().is_err());
    }

    /// The body: `max_body_bytes`, declared (stream) or present (datagram);
    /// answered with 513.
    #[test]
    fn body_bytes() {
        let body = "0123456789".repeat(5);
        let text = request("", &body);
        let n = body.len();
        for framing in [Framing::Stream, Framing::Datagram] {
            assert!(parse(text.as_bytes(), framing, &cfg(|l| l.max_body_bytes = n)).is_ok());
            let e =
                parse(text.as_bytes(), framing, &cfg(|l| l.max_body_bytes = n - 1)).unwrap_err();
            assert_eq!(e, SipError::BodyTooLarge { len: n, max: n - 1 });
            assert_eq!(e.status_code(), 513);
        }
        // A datagram without Content-Length: the body is what is present.
        let text = text.replace(&format!("Content-Length: {n}\r\n"), "");
        assert!(
            parse(
                text.as_bytes(),
                Framing::Datagram,
                &cfg(|l| l.max_body_bytes = n)
            )
            .is_ok()
        );
        assert_eq!(
            parse(
                text.as_bytes(),
                Framing::Datagram,
                &cfg(|l| l.max_body_bytes = n - 1)
            )
            .unwrap_err(),
            SipError::BodyTooLarge { len: n, max: n - 1 }
        );
        // On a stream, a declared length over the limit is refused before
        // the body arrives.
        let head = request("", "").replace("Content-Length: 0", &format!("Content-Length: {n}"));
        assert_eq!(
            parse_stream(head.as_bytes(), &cfg(|l| l.max_body_bytes = n - 1)).unwrap_err(),
            SipError::BodyTooLarge { len: n, max: n - 1 }
        );
    }
}

/// RFC 3261 §20.14: Content-Length is the size of the body in octets.
mod s20_14_content_length {
    use sip_xmpp::MediaType;
    use sip_xmpp::sip::{Framing, SipMessage};

    use super::{parse, request};

    /// RFC 3261 §20.14: replacing the body of a parsed message updates its
    /// Content-Length, where the row was received.
    #[test]
    fn set_body_updates_the_length() {
        let mut m = parse(&request("", "hello"));
        assert_eq!(m.content_length().unwrap(), Some(5));
        m.set_body(Some(&MediaType::new("text", "plain")), b"hi".to_vec())
            .unwrap();
        assert_eq!(m.content_length().unwrap(), Some(2));
        assert_eq!(m.header("Content-Length"), Some("2"));
        m.validate().unwrap();
        let out = m.to_bytes();
        assert!(out.ends_with(b"Content-Length: 2\r\nContent-Type: text/plain\r\n\r\nhi"));
        assert_eq!(SipMessage::parse(&out, Framing::Stream).unwrap(), m);

        let mut m = parse(&request("", "hello").replace("Content-Length: 5", "l: 5"));
        m.set_body(None, Vec::new()).unwrap();
        assert_eq!(m.content_length().unwrap(), Some(0));
        assert_eq!(m.header_values("Content-Length").count(), 1);
    }

    /// RFC 3261 §20.14: a message without a Content-Length row is written
    /// with one, and equals the parse of what was written.
    #[test]
    fn written_when_absent() {
        let mut m = SipMessage::new_request(
            sip_xmpp::sip::Method::Options,
            "sip:a@b.com".parse().unwrap(),
        );
        m.push_header("Call-ID", "x").unwrap();
        m.set_body(None, b"abc".to_vec()).unwrap();
        assert_eq!(m.content_length().unwrap(), None);
        let out = m.to_bytes();
        assert_eq!(
            out,
            b"OPTIONS sip:a@b.com SIP/2.0\r\nCall-ID: x\r\nContent-Length: 3\r\n\r\nabc"
        );
        let back = SipMessage::parse(&out, Framing::Stream).unwrap();
        assert_eq!(back.content_length().unwrap(), Some(3));
        assert_eq!(back, m);
    }
}

/// RFC 3261 §20.33 and §25.1: the Retry-After comment.
mod s20_33_retry_after_comment {
    use sip_xmpp::Params;
    use sip_xmpp::sip::RetryAfter;

    /// RFC 3261 §25.1: a comment holds quoted-pairs and nested comments;
    /// the comment text is read without its escapes.
    #[test]
    fn read() {
        let r = RetryAfter::parse("120 (I'm in a meeting)").unwrap();
        assert_eq!(r.comment.as_deref(), Some("I'm in a meeting"));
        let r = RetryAfter::parse("120 (a \\(b\\) (c) \\\\ d);duration=60").unwrap();
        assert_eq!(r.comment.as_deref(), Some("a (b) (c) \\ d"));
        assert_eq!(r.duration(), Some(60));
    }

    /// RFC 3261 §25.1: any comment text is written so that it reads back
    /// the same: parentheses, backslashes and controls become
    /// quoted-pairs, line breaks spaces.
    #[test]
    fn written_comments_read_back() {
        for text in [
            "I'm in a meeting",
            "a (b) c",
            "unbalanced (",
            "back\\slash\\",
            "tab\tbel\u{7}",
            "€",
        ] {
            let r = RetryAfter {
                seconds: 18000,
                comment: Some(text.into()),
                params: Params::new(),
            };
            let s = r.to_string();
            let back = RetryAfter::parse(&s).unwrap_or_else(|e| panic!("{s}: {e}"));
            assert_eq!(back, r, "{s}");
        }
        let r = RetryAfter {
            seconds: 1,
            comment: Some("a\r\nb".into()),
            params: Params::new(),
        };
        assert_eq!(
            RetryAfter::parse(&r.to_string())
                .unwrap()
                .comment
                .as_deref(),
            Some("a  b")
        );
    }
}
