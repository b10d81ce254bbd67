//! Checks shared by the fuzz targets under `fuzz/` and by the regression
//! tests that replay `tests/regressions/` on stable Rust. Each function
//! must return without panicking for any input; a panic is a bug (either a
//! crash in a parser or a broken round-trip invariant, which these
//! functions assert).
//!
//! Not part of the stable API.

use crate::limits::ParseLimits;
use crate::mime::MediaType;
use crate::multipart::Multipart;
use crate::sdp::Sdp;
use crate::sip::{Framing, SipMessage};
use crate::uri::Uri;
use crate::xmpp::{Stanza, StanzaConfig, StanzaError, StanzaNamespace};

/// Reads every typed header, so that their decoders see the input too.
fn touch_typed(m: &SipMessage) {
    let _ = m.validate();
    let _ = (
        m.from_header(),
        m.to_header(),
        m.call_id(),
        m.cseq(),
        m.max_forwards(),
    );
    let _ = (
        m.content_type(),
        m.content_length(),
        m.expires(),
        m.min_expires(),
    );
    let _ = (
        m.event(),
        m.subscription_state(),
        m.date(),
        m.retry_after(),
        m.subject(),
    );
    m.vias().for_each(drop);
    m.contacts().for_each(drop);
    m.routes().for_each(drop);
    m.record_routes().for_each(drop);
    m.warnings().for_each(drop);
    m.reasons().for_each(drop);
    m.content_language().for_each(drop);
    m.allow().for_each(drop);
    m.allow_events().for_each(drop);
    m.require().for_each(drop);
    m.supported().for_each(drop);
    m.accept().for_each(drop);
}

/// SIP messages: parse with both framings; whatever parses must write out
/// in a form that parses again, and a second round must be a fixed point.
/// The first write may differ from the input only in Content-Length rows
/// (rewritten from the body, or added when absent).
pub fn sip_message(data: &[u8]) {
    for framing in [Framing::Stream, Framing::Datagram] {
        let Ok(m) = SipMessage::parse(data, framing) else {
            continue;
        };
        touch_typed(&m);
        let once = m.to_bytes();
        let m2 = match SipMessage::parse(&once, Framing::Stream) {
            Ok(m2) => m2,
            Err(e) => panic!(
                "canonical output does not parse: {e}\n{}",
                String::from_utf8_lossy(&once)
            ),
        };
        assert_eq!(m.start_line(), m2.start_line());
        assert_eq!(m.body(), m2.body());
        let without_length = |x: &SipMessage| {
            x.headers()
                .filter(|h| h.name != crate::sip::HeaderName::ContentLength)
                .map(|h| (h.raw_name.to_owned(), h.value.to_owned()))
                .collect::<Vec<_>>()
        };
        assert_eq!(without_length(&m), without_length(&m2));
        assert_eq!(
            m.validate().is_ok(),
            m2.validate().is_ok(),
            "validation changed by writing"
        );
        let twice = m2.to_bytes();
        assert_eq!(once, twice, "writing is not a fixed point");
    }
}

/// URIs: whatever parses writes back identically, parses to an equal
/// value, and is equivalent to itself (RFC 3261 §19.1.4 is reflexive).
pub fn uri(data: &[u8]) {
    let Ok(s) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(u) = Uri::parse(s) else { return };
    assert_eq!(u.as_str(), s);
    let again = Uri::parse(&u.to_string()).expect("written URI parses");
    assert_eq!(u, again);
    assert!(u.equivalent(&again), "URI not equivalent to itself: {s}");
    if let Uri::Sip(sip) = &u {
        let _ = (
            sip.user().map(|x| x.decode()),
            sip.password(),
            sip.host(),
            sip.port(),
        );
        let _ = (
            sip.transport(),
            sip.user_param(),
            sip.maddr(),
            sip.ttl(),
            sip.lr(),
            sip.gr(),
        );
        let stripped = sip.without_headers();
        assert!(!stripped.has_headers());
        crate::uri::SipUri::parse(stripped.as_str()).expect("URI without headers parses");
    }
}

/// Multipart bodies: the first line of the input is the Content-Type,
/// the rest the body. Whatever parses writes back to bytes that parse to
/// an equal value.
pub fn multipart(data: &[u8]) {
    let split = data.iter().position(|&b| b == b'\n').unwrap_or(data.len());
    let Ok(ct_text) = std::str::from_utf8(&data[..split]) else {
        return;
    };
    let Ok(ct) = MediaType::parse(ct_text.trim_end_matches('\r')) else {
        return;
    };
    let body = data.get(split + 1..).unwrap_or_default();
    let limits = ParseLimits::DEFAULT;
    let Ok(m) = Multipart::parse(body, &ct, &limits) else {
        return;
    };
    let written = m.to_bytes();
    let again = match Multipart::parse(&written, m.media_type(), &limits) {
        Ok(a) => a,
        Err(e) => panic!("written multipart does not parse: {e}"),
    };
    assert_eq!(m, again);
    assert_eq!(again.to_bytes(), written);
}

/// SDP: whatever parses writes back to text that parses to an equal value,
/// and writing that again gives the same bytes.
pub fn sdp(data: &[u8]) {
    let Ok(s) = Sdp::parse_default(data) else {
        return;
    };
    let _ = s.validate();
    for m in &s.media {
        let _ = s.effective_direction(m);
        m.rtpmaps().for_each(drop);
        m.fmtps().for_each(drop);
        m.candidates().for_each(drop);
        m.fingerprints().for_each(drop);
        let _ = (
            m.path(),
            m.accept_types(),
            m.accept_wrapped_types(),
            m.max_size(),
            m.setup(),
            m.rtcp(),
            m.mid(),
        );
    }
    let written = s.to_bytes();
    let again = match Sdp::parse_default(&written) {
        Ok(a) => a,
        Err(e) => panic!("written SDP does not parse: {e}"),
    };
    assert_eq!(s, again);
    assert_eq!(again.to_bytes(), written);
}

/// CPIM objects: whatever parses writes back to bytes that parse to an
/// equal value; addresses, dates and subjects decode without panicking.
pub fn cpim(data: &[u8]) {
    let Ok(m) = crate::cpim::Cpim::parse_default(data) else {
        return;
    };
    let _ = (m.from(), m.date_time(), m.content_type());
    m.to().for_each(drop);
    m.subjects().for_each(drop);
    m.namespaces().for_each(drop);
    m.required().for_each(drop);
    let written = m.to_bytes();
    let again = match crate::cpim::Cpim::parse_default(&written) {
        Ok(a) => a,
        Err(e) => panic!("written CPIM does not parse: {e}"),
    };
    assert_eq!(m, again);
    assert_eq!(again.to_bytes(), written);
}

/// Reads every typed value of a stanza, and asks for an error reply.
fn touch_stanza(s: &Stanza) {
    let _ = (s.to(), s.from(), s.id(), s.lang(), s.kind(), s.head());
    match s {
        Stanza::Message(m) => {
            m.bodies().for_each(drop);
            m.subjects().for_each(drop);
            m.payloads().for_each(drop);
            let _ = (m.body(), m.subject(), m.thread(), m.message_type());
        }
        Stanza::Presence(p) => {
            p.statuses().for_each(drop);
            p.payloads().for_each(drop);
            let _ = (p.status(), p.show(), p.priority(), p.presence_type());
        }
        Stanza::Iq(i) => {
            let _ = (i.payload(), i.iq_type(), i.result(None));
        }
    }
    let reply = s.error_reply(&StanzaError::new(crate::xmpp::DefinedCondition::BadRequest));
    match (s.is_error(), &reply) {
        (true, Ok(_)) => panic!("an error stanza was answered with an error"),
        (false, Ok(r)) => {
            assert_eq!(r.kind(), s.kind());
            assert_eq!(r.id(), s.id());
            assert_eq!((r.to(), r.from()), (s.from(), s.to()));
        }
        _ => {}
    }
}

/// XMPP stanzas: parse with the default limits, with tiny ones and with a
/// component stream's defaults and a language. Whatever parses must write
/// to bytes that parse to an equal stanza (under limits loosened only in
/// what writing may legitimately grow: size, attribute count for prefix
/// declarations, name length for generated prefixes), writing again must
/// give the same bytes, and rebuilding from the element must give the
/// same stanza.
pub fn stanza(data: &[u8]) {
    let tiny = ParseLimits {
        max_stanza_bytes: 512,
        max_xml_depth: 4,
        max_xml_elements: 12,
        max_xml_attributes: 4,
        max_xml_token_bytes: 24,
        ..ParseLimits::DEFAULT
    };
    let configs = [
        StanzaConfig::default(),
        StanzaConfig {
            limits: tiny,
            ..StanzaConfig::default()
        },
        StanzaConfig {
            default_namespace: StanzaNamespace::Component,
            default_lang: Some("en".into()),
            ..StanzaConfig::default()
        },
    ];
    for cfg in &configs {
        let parsed = Stanza::parse(data, cfg);
        if let Err(e) = &parsed {
            // Every refusal names a fault; an invalid stanza keeps its head.
            let _ = (
                e.to_string(),
                e.reply_condition(),
                e.head(),
                e.xml().map(|x| x.offset()),
            );
            if let Some(head) = e.head() {
                let _ =
                    head.error_reply(&StanzaError::new(crate::xmpp::DefinedCondition::BadRequest));
            }
        }
        let Ok(s) = parsed else { continue };
        touch_stanza(&s);
        let once = s.to_bytes();
        let loose = StanzaConfig {
            limits: ParseLimits {
                max_stanza_bytes: usize::MAX,
                max_xml_attributes: usize::MAX,
                max_xml_token_bytes: usize::MAX,
                ..cfg.limits
            },
            ..cfg.clone()
        };
        let again = match Stanza::parse(&once, &loose) {
            Ok(a) => a,
            Err(e) => panic!(
                "canonical output does not parse: {e}\n{}",
                String::from_utf8_lossy(&once)
            ),
        };
        assert_eq!(s, again, "{}", String::from_utf8_lossy(&once));
        assert_eq!(again.to_bytes(), once, "writing is not a fixed point");
        let mut in_stream = Vec::new();
        s.write_in_stream(s.namespace(), &mut in_stream);
        let stream_cfg = StanzaConfig {
            default_namespace: s.namespace(),
            ..loose.clone()
        };
        assert_eq!(Stanza::parse(&in_stream, &stream_cfg).as_ref(), Ok(&s));
        match Stanza::from_element(s.as_element().clone(), &loose) {
            Ok(rebuilt) => assert_eq!(rebuilt, s),
            Err(e) => panic!("element of a parsed stanza refused: {e}"),
        }
    }
}
