//! RFC 7247 §7: error mapping between SIP response codes and XMPP stanza
//! error conditions, both tables, with the digest's decisions.

use sip_xmpp::errors::{Addressee, ConditionMapping, ErrorMap, ErrorMapOptions, XmppErrorContext};
use sip_xmpp::sip::StatusCode;
use sip_xmpp::xmpp::{DefinedCondition, ErrorType};

fn code(n: u16) -> StatusCode {
    StatusCode::new(n).unwrap()
}

fn ctx(addressee: Addressee, has_address: bool, in_dialog: bool) -> XmppErrorContext {
    XmppErrorContext {
        addressee,
        has_address,
        in_dialog,
    }
}

/// Table A as text: every condition, for a full and a bare JID, without and
/// with an address, outside and inside a dialog.
fn table_a(map: &ErrorMap) -> String {
    let mut out = String::new();
    for c in DefinedCondition::ALL {
        let cell = |a, addr, dlg| map.to_sip(c, &ctx(a, addr, dlg)).as_u16();
        out.push_str(&format!(
            "{:24} full={} bare={} full+address={} bare+address={} in-dialog={}\n",
            c.as_str(),
            cell(Addressee::FullJid, false, false),
            cell(Addressee::BareJid, false, false),
            cell(Addressee::FullJid, true, false),
            cell(Addressee::BareJid, true, false),
            cell(Addressee::FullJid, false, true),
        ));
    }
    out
}

/// Table B as text: every code from 300 to 699 that is registered, and
/// one unregistered code per class.
fn table_b(map: &ErrorMap) -> String {
    let mut out = String::new();
    for n in 300..=699 {
        let c = code(n);
        if !(c.is_registered() || n % 100 == 99) {
            continue;
        }
        let e = map.to_xmpp(c).unwrap();
        out.push_str(&format!(
            "{n} {:38} {:24} {:8}{}\n",
            c.canonical_reason(),
            e.condition.as_str(),
            e.error_type.as_str(),
            if e.with_address { " +address" } else { "" }
        ));
    }
    out
}

/// CORE-ERR-4: Table A (XMPP condition → SIP code), all 22 conditions, as
/// a reviewed snapshot. Checked against RFC 7247 §7.1 and the digest's
/// decisions (V-CORE-9 403 for not-authorized / registration-required,
/// V-CORE-10 480 for a redirect without address, V-CORE-11 491 only in a
/// dialog, 403 for service-unavailable, 404 for remote-server-not-found).
#[test]
fn core_err_4_table_a_snapshot() {
    insta::assert_snapshot!("rfc7247_table_a", table_a(&ErrorMap::new()));
}

/// CORE-ERR-9 / CORE-ERR-10: Table B (SIP code → XMPP condition and type)
/// for every registered 3xx-6xx code and the class default of each class,
/// as a reviewed snapshot against RFC 7247 §7.2 and RFC 6120 §8.3.3 types.
#[test]
fn core_err_9_table_b_snapshot() {
    insta::assert_snapshot!("rfc7247_table_b", table_b(&ErrorMap::new()));
}

/// CORE-ERR-4: the plain entries of Table A, explicitly.
#[test]
fn core_err_4_plain_entries() {
    let map = ErrorMap::new();
    let full = XmppErrorContext::FULL;
    for (c, n) in [
        (DefinedCondition::BadRequest, 400),
        (DefinedCondition::Conflict, 400),
        (DefinedCondition::InternalServerError, 500),
        (DefinedCondition::JidMalformed, 400),
        (DefinedCondition::NotAllowed, 403),
        (DefinedCondition::PolicyViolation, 403),
        (DefinedCondition::RemoteServerTimeout, 408),
        (DefinedCondition::ResourceConstraint, 500),
        (DefinedCondition::SubscriptionRequired, 400),
        (DefinedCondition::UndefinedCondition, 400),
    ] {
        assert_eq!(map.to_sip(c, &full).as_u16(), n, "{c}");
        assert_eq!(
            map.to_sip(c, &XmppErrorContext::BARE).as_u16(),
            n,
            "{c} bare"
        );
    }
}

/// CORE-ERR-5: feature-not-implemented → 405 for a full JID, 501 for a
/// bare JID.
#[test]
fn core_err_5_feature_not_implemented() {
    let map = ErrorMap::new();
    let c = DefinedCondition::FeatureNotImplemented;
    assert_eq!(map.to_sip(c, &XmppErrorContext::FULL).as_u16(), 405);
    assert_eq!(map.to_sip(c, &XmppErrorContext::BARE).as_u16(), 501);
}

/// CORE-ERR-6: forbidden, item-not-found, not-acceptable and
/// recipient-unavailable give 4xx for a full JID and 6xx for a bare JID.
#[test]
fn core_err_6_full_vs_bare() {
    let map = ErrorMap::new();
    for (c, full, bare) in [
        (DefinedCondition::Forbidden, 403, 603),
        (DefinedCondition::ItemNotFound, 404, 604),
        (DefinedCondition::NotAcceptable, 406, 606),
        (DefinedCondition::RecipientUnavailable, 480, 600),
    ] {
        assert_eq!(map.to_sip(c, &XmppErrorContext::FULL).as_u16(), full, "{c}");
        assert_eq!(map.to_sip(c, &XmppErrorContext::BARE).as_u16(), bare, "{c}");
    }
}

/// CORE-ERR-7: gone with character data (a new address) → 301; without
/// → 410, whatever the addressee.
#[test]
fn core_err_7_gone() {
    let map = ErrorMap::new();
    for a in [Addressee::FullJid, Addressee::BareJid] {
        assert_eq!(
            map.to_sip(DefinedCondition::Gone, &ctx(a, true, false))
                .as_u16(),
            301
        );
        assert_eq!(
            map.to_sip(DefinedCondition::Gone, &ctx(a, false, false))
                .as_u16(),
            410
        );
    }
}

/// CORE-ERR-8: service-unavailable is not mapped to 503 (which SIP reads
/// as the whole server being down); the closest code, 403, is used.
#[test]
fn core_err_8_service_unavailable_not_503() {
    let map = ErrorMap::new();
    for c in [XmppErrorContext::FULL, XmppErrorContext::BARE] {
        let n = map
            .to_sip(DefinedCondition::ServiceUnavailable, &c)
            .as_u16();
        assert_ne!(n, 503);
        assert_eq!(n, 403);
    }
}

/// V-CORE-9 (decision): not-authorized and registration-required map to
/// 403 unless the gateway can send challenges (401 needs
/// WWW-Authenticate, 407 needs Proxy-Authenticate, RFC 3261 §21.4.2 and
/// §21.4.8); with `challenges` they map to RFC 7247's 401 and 407.
#[test]
fn v_core_9_challenges() {
    let plain = ErrorMap::new();
    let full = XmppErrorContext::FULL;
    assert_eq!(
        plain
            .to_sip(DefinedCondition::NotAuthorized, &full)
            .as_u16(),
        403
    );
    assert_eq!(
        plain
            .to_sip(DefinedCondition::RegistrationRequired, &full)
            .as_u16(),
        403
    );
    let auth = ErrorMap::with_options(ErrorMapOptions { challenges: true });
    assert_eq!(
        auth.to_sip(DefinedCondition::NotAuthorized, &full).as_u16(),
        401
    );
    assert_eq!(
        auth.to_sip(DefinedCondition::RegistrationRequired, &full)
            .as_u16(),
        407
    );
}

/// V-CORE-10 (decision): redirect with an alternate address → 302 (the
/// address goes in Contact); without one → 480.
#[test]
fn v_core_10_redirect() {
    let map = ErrorMap::new();
    assert_eq!(
        map.to_sip(
            DefinedCondition::Redirect,
            &ctx(Addressee::FullJid, true, false)
        )
        .as_u16(),
        302
    );
    assert_eq!(
        map.to_sip(DefinedCondition::Redirect, &XmppErrorContext::FULL)
            .as_u16(),
        480
    );
}

/// V-CORE-11 (decision): unexpected-request → 491 inside a dialog, 400
/// otherwise.
#[test]
fn v_core_11_unexpected_request() {
    let map = ErrorMap::new();
    let c = DefinedCondition::UnexpectedRequest;
    assert_eq!(
        map.to_sip(c, &ctx(Addressee::FullJid, false, true))
            .as_u16(),
        491
    );
    assert_eq!(map.to_sip(c, &XmppErrorContext::FULL).as_u16(), 400);
}

/// CORE-ERR-2: only 3xx-6xx map; no 1xx or 2xx ever produces an XMPP
/// error.
#[test]
fn core_err_2_only_failures_map() {
    let map = ErrorMap::new();
    for n in 100..=299 {
        assert_eq!(map.to_xmpp(code(n)), None, "{n}");
    }
    for n in 300..=699 {
        assert!(map.to_xmpp(code(n)).is_some(), "{n}");
    }
}

/// CORE-ERR-10: codes missing from Table B map by class: 3xx redirect, 4xx
/// bad-request, 5xx internal-server-error, 6xx recipient-unavailable;
/// including the registered codes Table B leaves out.
#[test]
fn core_err_10_class_defaults() {
    let map = ErrorMap::new();
    let cond = |n| map.to_xmpp(code(n)).unwrap().condition;
    for n in [399, 350] {
        assert_eq!(cond(n), DefinedCondition::Redirect, "{n}");
    }
    for n in [
        412, 417, 422, 424, 425, 428, 429, 433, 436, 437, 438, 469, 470, 494, 499,
    ] {
        assert_eq!(cond(n), DefinedCondition::BadRequest, "{n}");
    }
    for n in [555, 580, 599] {
        assert_eq!(cond(n), DefinedCondition::InternalServerError, "{n}");
    }
    for n in [607, 608, 699] {
        assert_eq!(cond(n), DefinedCondition::RecipientUnavailable, "{n}");
    }
}

/// CORE-ERR-11 / CORE-ERR-12: 301 → gone carrying the new address; 410 →
/// gone without one.
#[test]
fn core_err_11_12_gone() {
    let map = ErrorMap::new();
    let moved = map.to_xmpp(code(301)).unwrap();
    assert_eq!(
        (moved.condition, moved.with_address),
        (DefinedCondition::Gone, true)
    );
    let gone = map.to_xmpp(code(410)).unwrap();
    assert_eq!(
        (gone.condition, gone.with_address),
        (DefinedCondition::Gone, false)
    );
}

/// CORE-ERR-9: the RFC 6120 §8.3.3 type accompanies each condition (wait
/// for temporary conditions, auth for authorization, cancel, modify).
#[test]
fn core_err_9_types() {
    let map = ErrorMap::new();
    for (n, c, t) in [
        (401, DefinedCondition::NotAuthorized, ErrorType::Auth),
        (403, DefinedCondition::Forbidden, ErrorType::Auth),
        (404, DefinedCondition::ItemNotFound, ErrorType::Cancel),
        (408, DefinedCondition::RemoteServerTimeout, ErrorType::Wait),
        (415, DefinedCondition::NotAcceptable, ErrorType::Modify),
        (486, DefinedCondition::RecipientUnavailable, ErrorType::Wait),
        (491, DefinedCondition::UnexpectedRequest, ErrorType::Wait),
        (
            503,
            DefinedCondition::InternalServerError,
            ErrorType::Cancel,
        ),
    ] {
        let e = map.to_xmpp(code(n)).unwrap();
        assert_eq!((e.condition, e.error_type), (c, t), "{n}");
    }
}

/// CORE-ERR-1: the tables are suggestions; single entries can be changed
/// in both directions without touching the others.
#[test]
fn core_err_1_override_hook() {
    let mut map = ErrorMap::new();
    map.override_to_sip(DefinedCondition::ServiceUnavailable, None, code(405))
        .override_to_xmpp(
            code(503),
            ConditionMapping {
                condition: DefinedCondition::ServiceUnavailable,
                error_type: ErrorType::Cancel,
                with_address: false,
            },
        );
    assert_eq!(
        map.to_sip(
            DefinedCondition::ServiceUnavailable,
            &XmppErrorContext::FULL
        )
        .as_u16(),
        405
    );
    assert_eq!(
        map.to_xmpp(code(503)).unwrap().condition,
        DefinedCondition::ServiceUnavailable
    );
    // Everything else unchanged.
    let plain = ErrorMap::new();
    assert_eq!(
        table_a(&map)
            .lines()
            .filter(|l| !l.starts_with("service-unavailable"))
            .collect::<Vec<_>>(),
        table_a(&plain)
            .lines()
            .filter(|l| !l.starts_with("service-unavailable"))
            .collect::<Vec<_>>()
    );
    assert_eq!(map.to_xmpp(code(500)), plain.to_xmpp(code(500)));
}

mod messages {
    //! RFC 7247 §7 applied to whole messages (digest §5.3): SIP error
    //! responses built from stanza errors and error stanzas built from SIP
    //! responses.

    use sip_xmpp::errors::{Addressee, ErrorMap, SipReplyContext, TranslateError};
    use sip_xmpp::sip::{Framing, HeaderName, Method, SipMessage};
    use sip_xmpp::uri::Uri;
    use sip_xmpp::xmpp::{DefinedCondition, ErrorType, Stanza, StanzaConfig, StanzaError};

    const REQUEST: &[u8] = b"MESSAGE sip:ghost@example.com SIP/2.0\r\n\
Via: SIP/2.0/TCP s2x.example.net;branch=z9hG4bKeskdgs677\r\n\
Via: SIP/2.0/TCP proxy.example.net;branch=z9hG4bK0\r\n\
Max-Forwards: 69\r\n\
From: <sip:romeo@example.net>;tag=vwxyz\r\n\
To: <sip:ghost@example.com>\r\n\
Call-ID: 9E97FB43\r\n\
CSeq: 1 MESSAGE\r\n\
Content-Type: text/plain\r\n\
Content-Length: 2\r\n\r\nhi";

    fn request() -> SipMessage {
        SipMessage::parse(REQUEST, Framing::Stream).unwrap()
    }

    fn ctx<'a>(addressee: Addressee, contact: Option<&'a Uri>) -> SipReplyContext<'a> {
        SipReplyContext {
            addressee,
            in_dialog: false,
            to_tag: "gw1",
            allow: &[Method::Message, Method::Subscribe, Method::Notify],
            contact,
        }
    }

    fn stanza(xml: &str) -> Stanza {
        Stanza::parse(xml.as_bytes(), &StanzaConfig::default()).unwrap()
    }

    fn response(code_line: &str, extra: &str) -> SipMessage {
        let text = format!(
            "SIP/2.0 {code_line}\r\nVia: SIP/2.0/TCP x2s.example.com;branch=z9hG4bK776sgdkse\r\n\
             From: <sip:juliet@example.com;gr=balcony>;tag=12345\r\nTo: <sip:nobody@example.net>;tag=x\r\n\
             Call-ID: D9AA95FD\r\nCSeq: 1 MESSAGE\r\n{extra}Content-Length: 0\r\n\r\n"
        );
        SipMessage::parse(text.as_bytes(), Framing::Stream).unwrap()
    }

    /// RFC 7247 §5.3 (digest): a SIP response copies every Via, From,
    /// Call-ID and CSeq, adds a To tag (RFC 3261 §8.2.6), and the service-
    /// unavailable stanza error becomes 403 (Table A default).
    #[test]
    fn digest_5_3_s2x_example() {
        let err = StanzaError::new(DefinedCondition::ServiceUnavailable);
        let resp = ErrorMap::new()
            .sip_response(&request(), &err, &ctx(Addressee::BareJid, None))
            .unwrap();
        let text = String::from_utf8(resp.to_bytes()).unwrap();
        insta::assert_snapshot!("rfc7247_5_3_s2x_403", text);
        assert_eq!(resp.status().unwrap().as_u16(), 403);
        assert_eq!(resp.vias().count(), 2);
        resp.validate().unwrap();
    }

    /// CORE-D-8: a 405 carries Allow (RFC 3261 §21.4.6); a 301 and a 302
    /// carry the new address in Contact; 401 and 407, which need
    /// challenges, are not produced by default.
    #[test]
    fn core_d_8_headers_the_code_requires() {
        let map = ErrorMap::new();
        let fni = StanzaError::new(DefinedCondition::FeatureNotImplemented);
        let r = map
            .sip_response(&request(), &fni, &ctx(Addressee::FullJid, None))
            .unwrap();
        assert_eq!(r.status().unwrap().as_u16(), 405);
        assert_eq!(r.header("Allow"), Some("MESSAGE, SUBSCRIBE, NOTIFY"));
        let bare = map
            .sip_response(&request(), &fni, &ctx(Addressee::BareJid, None))
            .unwrap();
        assert_eq!(bare.status().unwrap().as_u16(), 501);
        assert_eq!(bare.header("Allow"), None);

        let new: Uri = "sip:juliet@example.org".parse().unwrap();
        let gone =
            StanzaError::new(DefinedCondition::Gone).with_condition_text("xmpp:juliet@example.org");
        let r = map
            .sip_response(&request(), &gone, &ctx(Addressee::FullJid, Some(&new)))
            .unwrap();
        assert_eq!(r.status().unwrap().as_u16(), 301);
        assert_eq!(r.header("Contact"), Some("<sip:juliet@example.org>"));
        let r = map
            .sip_response(&request(), &gone, &ctx(Addressee::FullJid, None))
            .unwrap();
        assert_eq!(r.status().unwrap().as_u16(), 410);
        assert_eq!(r.rows(HeaderName::Contact).count(), 0);

        let redirect = StanzaError::new(DefinedCondition::Redirect);
        let r = map
            .sip_response(&request(), &redirect, &ctx(Addressee::FullJid, Some(&new)))
            .unwrap();
        assert_eq!(
            (r.status().unwrap().as_u16(), r.header("Contact")),
            (302, Some("<sip:juliet@example.org>"))
        );

        for c in [
            DefinedCondition::NotAuthorized,
            DefinedCondition::RegistrationRequired,
        ] {
            let r = map
                .sip_response(
                    &request(),
                    &StanzaError::new(c),
                    &ctx(Addressee::FullJid, None),
                )
                .unwrap();
            assert_eq!(r.status().unwrap().as_u16(), 403, "{c}");
        }
    }

    /// CORE-ERR-3: the stanza error's `<text/>` becomes the reason phrase,
    /// cleaned of line breaks (a reason phrase is one line).
    #[test]
    fn core_err_3_text_to_reason_phrase() {
        let err = StanzaError::new(DefinedCondition::ItemNotFound)
            .with_text(Some("en"), "No such\r\nuser  here");
        let r = ErrorMap::new()
            .sip_response(&request(), &err, &ctx(Addressee::FullJid, None))
            .unwrap();
        assert_eq!(r.reason_phrase(), Some("No such user here"));
        assert!(SipMessage::parse(&r.to_bytes(), Framing::Stream).is_ok());
    }

    /// RFC 7247 §5.3 (digest) X2S example and CORE-D-9: the error stanza
    /// for a 404 has the original's kind, `type='error'`, swapped
    /// addresses, the mirrored id, `<item-not-found/>` of type cancel and
    /// the reason phrase as English text.
    #[test]
    fn core_d_9_error_stanza_from_response() {
        let original = stanza(
            "<message xmlns='jabber:client' id='ktx72v49' from='juliet@example.com/balcony' \
             to='nobody@example.net'><body>Hello?</body></message>",
        );
        let out = ErrorMap::new()
            .xmpp_error(&original.head(), &response("404 Not Found", ""), None)
            .unwrap();
        insta::assert_snapshot!(
            "rfc7247_5_3_x2s_404",
            String::from_utf8(out.to_bytes()).unwrap()
        );
        assert_eq!(out.kind(), original.kind());
        assert_eq!(
            (out.from(), out.to(), out.id()),
            (
                Some("nobody@example.net"),
                Some("juliet@example.com/balcony"),
                Some("ktx72v49")
            )
        );
        let e = out.error().unwrap();
        assert_eq!(
            (e.condition, e.error_type),
            (DefinedCondition::ItemNotFound, ErrorType::Cancel)
        );
        assert_eq!(e.texts, [(Some("en".to_owned()), "Not Found".to_owned())]);
    }

    /// CORE-ERR-11 on messages: a 301 gives `<gone/>` carrying the Contact
    /// URI; a 410 gives `<gone/>` without one (CORE-ERR-12); a 302 gives
    /// `<redirect/>` with the Contact.
    #[test]
    fn core_err_11_address_from_contact() {
        let original = stanza(
            "<presence xmlns='jabber:client' type='subscribe' from='juliet@example.com' to='romeo@example.net'/>",
        );
        let map = ErrorMap::new();
        let moved = map
            .xmpp_error(
                &original.head(),
                &response(
                    "301 Moved Permanently",
                    "Contact: <sip:romeo@example.org>\r\n",
                ),
                None,
            )
            .unwrap();
        let e = moved.error().unwrap();
        assert_eq!(
            (e.condition, e.condition_text.as_deref()),
            (DefinedCondition::Gone, Some("sip:romeo@example.org"))
        );
        let gone = map
            .xmpp_error(
                &original.head(),
                &response("410 Gone", "Contact: <sip:romeo@example.org>\r\n"),
                None,
            )
            .unwrap();
        assert_eq!(gone.error().unwrap().condition_text, None);
        let redirect = map
            .xmpp_error(
                &original.head(),
                &response(
                    "302 Moved Temporarily",
                    "Contact: <sip:romeo@example.org>\r\n",
                ),
                None,
            )
            .unwrap();
        assert_eq!(
            redirect.error().unwrap().condition_text.as_deref(),
            Some("sip:romeo@example.org")
        );
    }

    /// CORE-ERR-3 X2S: Retry-After and Warning text go into `<text/>`
    /// with the reason phrase; a non-standard reason phrase carries no
    /// language; `by` names the gateway.
    #[test]
    fn core_err_3_reason_retry_after_and_warning() {
        let original = stanza(
            "<message xmlns='jabber:client' id='m1' from='juliet@example.com/balcony' to='romeo@example.net'><body>x</body></message>",
        );
        let resp = response(
            "486 Busy right now",
            "Retry-After: 60\r\nWarning: 399 pc.example.net \"In a meeting\"\r\n",
        );
        let out = ErrorMap::new()
            .xmpp_error(&original.head(), &resp, Some("x2s.example.com"))
            .unwrap();
        let e = out.error().unwrap();
        assert_eq!(
            (e.condition, e.error_type),
            (DefinedCondition::RecipientUnavailable, ErrorType::Wait)
        );
        assert_eq!(
            e.texts,
            [(
                None,
                "Busy right now (retry after 60 s); In a meeting".to_owned()
            )]
        );
        assert_eq!(e.by.as_deref(), Some("x2s.example.com"));
    }

    /// CORE-ERR-2 on messages, and XERR-7: a 2xx is not translated, a
    /// request is not a response, and an error stanza is never answered
    /// with an error.
    #[test]
    fn core_err_2_no_error_for_success() {
        let original = stanza(
            "<message xmlns='jabber:client' id='m1' from='a@example.com/r' to='b@example.net'><body>x</body></message>",
        );
        let map = ErrorMap::new();
        assert_eq!(
            map.xmpp_error(&original.head(), &response("200 OK", ""), None)
                .unwrap_err(),
            TranslateError::NotAnError(200)
        );
        assert_eq!(
            map.xmpp_error(&original.head(), &request(), None)
                .unwrap_err(),
            TranslateError::NotAResponse
        );
        let error_stanza = stanza(
            "<message xmlns='jabber:client' type='error' id='m1' from='a@example.com/r' to='b@example.net'>\
             <error type='cancel'><item-not-found xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></message>",
        );
        assert!(matches!(
            map.xmpp_error(&error_stanza.head(), &response("404 Not Found", ""), None),
            Err(TranslateError::Xmpp(_))
        ));
    }
}

/// V-CORE-12 (decision): the error reply's `from` decides full versus bare
/// JID; a server answering a full-JID request from the bare JID makes it a
/// bare-JID failure (6xx), a reply from a full JID a 4xx.
#[test]
fn v_core_12_addressee_from_the_reply() {
    use sip_xmpp::xmpp::{Stanza, StanzaConfig};
    let reply = |from: &str| {
        Stanza::parse(
            format!(
                "<message xmlns='jabber:client' type='error' from='{from}' to='romeo@example.net' id='1'>\
                 <error type='cancel'><item-not-found xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></message>"
            )
            .as_bytes(),
            &StanzaConfig::default(),
        )
        .unwrap()
    };
    let map = ErrorMap::new();
    let code_for = |from: &str| {
        let r = reply(from);
        let ctx = XmppErrorContext {
            addressee: Addressee::of_error_reply(&r),
            has_address: false,
            in_dialog: false,
        };
        map.to_sip(r.error().unwrap().condition, &ctx).as_u16()
    };
    assert_eq!(code_for("juliet@example.com/balcony"), 404);
    assert_eq!(code_for("juliet@example.com"), 604);
    assert_eq!(code_for("example.com"), 604);
}
