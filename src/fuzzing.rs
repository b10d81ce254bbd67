//! Checks shared by the fuzz targets under `fuzz/` and by the regression
//! tests that replay `tests/regressions/` on stable Rust. Each function
//! must return without panicking for any input; a panic is a bug (either a
//! crash in a parser or a broken round-trip invariant, which these
//! functions assert).
//!
//! Not part of the stable API.

use crate::address::{AddressMapper, AddressPolicy, MappedUri, Role, UriScheme};
use crate::im::xhtml::{XhtmlIm, html_to_xhtml_im};
use crate::jid::{Jid, escape_localpart, unescape_localpart};
use crate::limits::ParseLimits;
use crate::mime::MediaType;
use crate::multipart::Multipart;
use crate::pidf::Pidf;
use crate::sdp::Sdp;
use crate::sip::{Framing, NameAddr, SipMessage};
use crate::uri::Uri;
use crate::xmpp::minidom::{Element, Node};
use crate::xmpp::{
    Message, MessageBuilder, MessageView, Stanza, StanzaConfig, StanzaError, StanzaKind,
    StanzaNamespace, XmppError,
};

mod presence_run;

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
        // A Via row checked in one pass has the branch of the value the
        // common form's reading gives.
        for h in m
            .headers()
            .filter(|h| h.name == crate::sip::HeaderName::Via)
        {
            if let Some(branch) = crate::sip::Via::plain_branch(h.value) {
                let Some(via) = crate::sip::Via::parse_common(h.value) else {
                    panic!("{:?}: checked in one pass, not read", h.value);
                };
                assert_eq!(via.branch(), branch, "{:?}: branch", h.value);
            }
        }
        let once = m.to_bytes();
        assert_eq!(
            m.wire_len(),
            once.len(),
            "wire_len differs from the written length"
        );
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
        // A URI assembled from components (without a parse) is the parse
        // of its text.
        if let Ok(built) = sip.to_builder().build() {
            assert_eq!(
                crate::uri::SipUri::parse(built.as_str()).as_ref(),
                Ok(&built),
                "URI built from the components of {s}"
            );
        }
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

/// PIDF documents: whatever parses, under the default limits and under
/// tight ones, writes to bytes that parse to an equal document, and
/// writing that again gives the same bytes. The second read relaxes the
/// limits for what writing may add (indentation, the namespace
/// declarations of kept elements on each element that uses them, prefixes
/// renamed `ns0`, …, the inherited `xml:lang` on kept elements) but keeps
/// depth, element count and URI length. The accessors run too, and the
/// tuple id of a resource maps back to it.
pub fn pidf(data: &[u8]) {
    let tight = ParseLimits {
        max_body_bytes: 4096,
        max_uri_bytes: 128,
        max_xml_depth: 6,
        max_xml_elements: 40,
        max_xml_attributes: 4,
        max_xml_token_bytes: 64,
        ..ParseLimits::DEFAULT
    };
    for limits in [ParseLimits::DEFAULT, tight] {
        let p = match Pidf::parse(data, &limits) {
            Ok(p) => p,
            Err(e) => {
                drop(e.to_string());
                continue;
            }
        };
        let _ = p.validate();
        drop(p.must_understand());
        for t in &p.tuples {
            if let Some(resource) = t.id.to_resource() {
                let id = crate::pidf::Id::from_resource(&resource);
                assert!(crate::pidf::Id::parse(id.as_str()).is_ok(), "{id}");
                assert_eq!(id.to_resource().as_deref(), Some(resource.as_str()));
            }
            if let Some(c) = &t.contact {
                let _ = (c.gruu(), c.priority.as_ref().map(|x| x.thousandths()));
            }
        }
        for person in &p.persons {
            for a in person.all_activities() {
                let _ = a.name();
            }
        }
        let once = p.to_bytes();
        assert!(once.starts_with(b"<?xml version='1.0' encoding='UTF-8'?>"));
        let relaxed = ParseLimits {
            max_body_bytes: usize::MAX,
            max_xml_attributes: usize::MAX,
            max_xml_token_bytes: usize::MAX,
            ..limits
        };
        let again = match Pidf::parse(&once, &relaxed) {
            Ok(a) => a,
            Err(e) => panic!(
                "written PIDF does not parse: {e}\n{}",
                String::from_utf8_lossy(&once)
            ),
        };
        assert_eq!(again, p, "{}", String::from_utf8_lossy(&once));
        assert_eq!(again.to_bytes(), once);
    }
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
        check_tokenisers(data, cfg);
        assert_view_agrees(data, cfg, &parsed);
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
        assert_from_element_exact(s.as_element(), cfg);
    }
}

/// The reader's plain tokeniser against quick-xml on the same bytes: the
/// same tree or the same error.
pub fn check_tokenisers(data: &[u8], cfg: &StanzaConfig) {
    let (plain, quick) = crate::xmpp::read_both_ways(data, cfg);
    assert_eq!(plain, quick, "{:?}", String::from_utf8_lossy(data));
}

/// [`MessageView::parse`] against [`Stanza::parse`] on the same bytes:
/// `Ok` exactly for a message, with every accessor the same as the
/// tree's (and as [`Message::view`]); the same error otherwise, or
/// [`XmppError::WrongKind`] for a valid presence or IQ.
pub fn check_message_view(data: &[u8], cfg: &StanzaConfig) {
    assert_view_agrees(data, cfg, &Stanza::parse(data, cfg));
}

fn assert_view_agrees(data: &[u8], cfg: &StanzaConfig, tree: &Result<Stanza, XmppError>) {
    let view = MessageView::parse(data, cfg);
    match (tree, &view) {
        (Ok(Stanza::Message(m)), Ok(v)) => assert_same_message(m, v),
        (Ok(s), Err(XmppError::WrongKind { expected, found })) => {
            assert_eq!(*expected, StanzaKind::Message);
            assert_eq!(*found, s.kind());
            assert_ne!(s.kind(), StanzaKind::Message);
        }
        (Err(e), Err(f)) => assert_eq!(e, f, "{:?}", String::from_utf8_lossy(data)),
        _ => panic!(
            "tree and view disagree on {:?}:\ntree {tree:?}\nview {view:?}",
            String::from_utf8_lossy(data)
        ),
    }
}

/// Every accessor of the view gives what the message's gives.
pub fn assert_same_message(m: &Message, v: &MessageView<'_>) {
    let el = m.as_element();
    assert_eq!(v.to(), m.to());
    assert_eq!(v.from(), m.from());
    assert_eq!(v.id(), m.id());
    assert_eq!(v.message_type(), m.message_type());
    assert_eq!(v.type_attr(), el.attr("type"));
    assert_eq!(v.is_error(), m.error().is_some());
    assert_eq!(v.namespace(), m.namespace());
    assert_eq!(v.lang(), m.lang());
    assert_eq!(v.lang_attr(), crate::xmpp::lang_attr(el));
    assert!(v.bodies().eq(m.bodies()));
    assert!(v.subjects().eq(m.subjects()));
    let ns = m.namespace().as_str();
    let own = |name: &'static str| {
        el.children()
            .filter(move |c| c.is(name, ns))
            .map(|c| crate::xmpp::lang_attr(c))
            .zip(if name == "body" {
                m.bodies().map(|(_, t)| t).collect::<Vec<_>>()
            } else {
                m.subjects().map(|(_, t)| t).collect()
            })
    };
    assert!(v.bodies_with_own_lang().eq(own("body")));
    assert!(v.subjects_with_own_lang().eq(own("subject")));
    assert_eq!(v.body(), m.body());
    assert_eq!(v.subject(), m.subject());
    assert_eq!(v.thread(), m.thread());
    assert_eq!(v.payload_count(), m.payloads().count());
    assert_eq!(v.has_payloads(), m.payloads().next().is_some());
    assert_eq!(v.head(), m.head());
    let bad = StanzaError::new(crate::xmpp::DefinedCondition::BadRequest);
    assert_eq!(v.error_reply(&bad), m.error_reply(&bad));
    assert_eq!(&m.view(), v);
}

/// The mapper with every policy switch that widens what maps turned on,
/// so that the checks below see as many mappings as possible.
fn lenient_mapper() -> AddressMapper {
    AddressMapper::default().with_policy(AddressPolicy {
        allow_sips: true,
        user_phone_is_telephone: false,
        map_temporary_gruu: true,
        ..AddressPolicy::default()
    })
}

/// What every JID must satisfy: enforcement is idempotent, the localpart
/// holds none of the characters XEP-0106 escapes (P5), and the conversions
/// to unescaped text and to the `jid` crate return without panicking.
fn check_jid(j: &Jid) {
    let again = match Jid::parse(j.as_str()) {
        Ok(a) => a,
        Err(e) => panic!("{j:?} does not parse again: {e}"),
    };
    assert_eq!(&again, j, "enforcement is not idempotent");
    if let Some(l) = j.local() {
        assert!(
            !l.contains([' ', '"', '&', '\'', '/', ':', '<', '>', '@']),
            "forbidden character in localpart {l:?}"
        );
        let _ = j.local_unescaped();
    }
    let _ = j.to_jid_crate();
}

/// Whether the localpart is in the escaped form S2X writes (XEP-0106
/// reading a), so that JID -> URI -> JID must give it back unchanged.
fn canonical_local(j: &Jid) -> bool {
    j.local().is_none_or(|l| {
        unescape_localpart(l)
            .ok()
            .and_then(|u| escape_localpart(&u).ok())
            .is_some_and(|e| e == l)
    })
}

/// S2X then X2S then S2X: the second JID must equal the first.
fn s2x_round_trip(m: &AddressMapper, j: &Jid, role: Role) {
    check_jid(j);
    let Ok(u) = m.jid_to_uri(j, role) else {
        return;
    };
    let parsed = match Uri::parse(u.as_str()) {
        Ok(p) => p,
        Err(e) => panic!("written URI {u} does not parse: {e}"),
    };
    match m.uri_to_jid(&parsed, role) {
        Ok(back) => assert_eq!(&back, j, "{j:?} -> {u} -> {back:?}"),
        Err(e) => panic!("{j:?} -> {u} does not map back: {e}"),
    }
}

/// Address mapping from a URI or a name-addr (RFC 7247 §6.4): whatever
/// maps gives a valid JID that maps to a URI and back to itself.
pub fn address_from_uri(data: &[u8]) {
    let Ok(s) = std::str::from_utf8(data) else {
        return;
    };
    let mappers = [AddressMapper::default(), lenient_mapper()];
    if let Ok(uri) = Uri::parse(s) {
        for m in &mappers {
            for role in [Role::Sender, Role::Recipient] {
                if let Ok(j) = m.uri_to_jid(&uri, role) {
                    s2x_round_trip(m, &j, role);
                }
            }
        }
    }
    if let Ok(addr) = NameAddr::parse(s) {
        for m in &mappers {
            if let Ok(j) = m.name_addr_to_jid(&addr, Role::Sender) {
                s2x_round_trip(m, &j, Role::Sender);
            }
        }
    }
    // The one-pass readings of plain addresses answer as the general
    // readings do.
    let limits = crate::limits::ParseLimits::DEFAULT;
    for m in &mappers {
        for role in [Role::Sender, Role::Recipient] {
            if let Some(fast) = m.plain_sip_to_jid(s, role) {
                let Ok(Uri::Sip(u)) = Uri::parse(s) else {
                    panic!("{s:?}: read in one pass, refused as a SIP URI");
                };
                let general = m.uri_ref_to_jid(&crate::uri::UriRef::Known(&u), role);
                assert_eq!(fast, general, "{s:?}: plain URI");
            }
            if let Some(fast) = m.plain_addr_to_jid(s, limits.max_uri_bytes, role) {
                let general = match crate::sip::NameAddrRef::parse_known_or(s, &limits, None, |f| f)
                {
                    Ok(a) => m
                        .name_addr_ref_to_jid(&a, role)
                        .map(crate::jid::JidText::into_jid),
                    Err(e) => panic!("{s:?}: read in one pass, refused as an address: {e}"),
                };
                assert_eq!(
                    fast.map(crate::jid::JidText::into_jid),
                    general,
                    "{s:?}: plain address"
                );
            }
        }
    }
}

/// Address mapping from a JID (RFC 7247 §6.5): whatever parses maps to
/// URIs that parse (P4) and map back to the same JID (bare for `im:` and
/// `pres:`) when its localpart is in the form S2X writes, or to one that
/// unescapes alike otherwise.
pub fn address_from_jid(data: &[u8]) {
    let Ok(s) = std::str::from_utf8(data) else {
        return;
    };
    let parts = Jid::parse_parts(s);
    let Ok(j) = Jid::parse(s) else {
        assert!(parts.is_err(), "{s:?}: parts read where the JID is refused");
        assert!(
            lenient_mapper().plain_jid_to_uri(s, Role::Sender).is_none(),
            "{s:?}: read in one pass where the JID is refused"
        );
        return;
    };
    check_jid(&j);
    let m = lenient_mapper();
    // The URI written from the JID's parts (the bytes path of XMPP → SIP)
    // is the text of the URI made the general way, and is refused alike.
    let Ok(parts) = &parts else {
        panic!("{s:?}: the JID reads, its parts do not");
    };
    for (gr, sips) in [(true, false), (false, true)] {
        let policy = AddressPolicy {
            scheme: if sips {
                UriScheme::Sips
            } else {
                UriScheme::Sip
            },
            resource_to_gr: gr,
            ..*m.policy()
        };
        let pm = m.clone().with_policy(policy);
        // The one-pass reading of a plain JID maps as its parts do.
        for role in [Role::Sender, Role::Recipient] {
            if let Some(fast) = pm.plain_jid_to_uri(s, role) {
                assert_eq!(fast, pm.jid_parts_to_uri(parts, role), "{s:?}: plain JID");
            }
        }
        match (
            pm.jid_parts_to_uri(parts, Role::Recipient),
            pm.jid_to_uri(&j, Role::Recipient),
        ) {
            (Ok(MappedUri::Plain(p)), Ok(u)) => {
                let mut text = String::new();
                p.write_to(&mut text);
                assert_eq!(text, u.as_str(), "{s:?}: plain URI text");
                let bracketed = matches!(&u, Uri::Sip(su) if su.needs_angle_brackets());
                assert_eq!(p.needs_angle_brackets(), bracketed, "{s:?}: brackets");
            }
            (Ok(MappedUri::Uri(a)), Ok(b)) => assert_eq!(a, b, "{s:?}: general URI"),
            (Err(a), Err(b)) => assert_eq!(a, b, "{s:?}: errors"),
            (a, b) => panic!("{s:?}: parts {a:?} against general {b:?}"),
        }
    }
    for scheme in [
        UriScheme::Sip,
        UriScheme::Sips,
        UriScheme::Im,
        UriScheme::Pres,
    ] {
        let Ok(u) = m.jid_to_uri_as(&j, Role::Recipient, scheme) else {
            continue;
        };
        let parsed = match Uri::parse(u.as_str()) {
            Ok(p) => p,
            Err(e) => panic!("{j:?} -> {u} does not parse: {e}"),
        };
        assert_eq!(
            parsed, u,
            "{j:?}: the URI made is not the parse of its text"
        );
        let back = match m.uri_to_jid(&parsed, Role::Recipient) {
            Ok(b) => b,
            Err(e) => panic!("{j:?} -> {u} does not map back: {e}"),
        };
        check_jid(&back);
        let want = match scheme {
            UriScheme::Im | UriScheme::Pres => j.bare(),
            UriScheme::Sip | UriScheme::Sips => j.clone(),
        };
        if canonical_local(&j) {
            assert_eq!(back, want, "{j:?} -> {u} -> {back:?}");
        } else {
            assert_eq!(back.local_unescaped(), want.local_unescaped());
            assert_eq!(
                (back.domain(), back.resource()),
                (want.domain(), want.resource())
            );
        }
    }
}

/// HTML bodies: the input, decoded as UTF-8 with replacement characters,
/// is converted with the default limits and with tight ones; whatever
/// converts must pass [`assert_xhtml_im`].
pub fn html(data: &[u8]) {
    let input = String::from_utf8_lossy(data);
    let tight = ParseLimits {
        max_body_bytes: 4096,
        max_stanza_bytes: 4096,
        max_xml_depth: 7,
        max_xml_elements: 24,
        max_xml_attributes: 2,
        max_xml_token_bytes: 64,
        ..ParseLimits::DEFAULT
    };
    for limits in [ParseLimits::DEFAULT, tight] {
        match html_to_xhtml_im(&input, &limits) {
            Ok(x) => assert_xhtml_im(&x, &limits),
            Err(e) => drop(e.to_string()),
        }
    }
}

/// The XHTML-IM elements the conversion may produce (XEP-0071 §6: Text,
/// Hypertext, List and Image modules), written out here rather than
/// taken from the converter so that the check stays independent of it.
const XHTML_IM_ELEMENTS: &[&str] = &[
    "a",
    "abbr",
    "acronym",
    "address",
    "blockquote",
    "br",
    "cite",
    "code",
    "dd",
    "dfn",
    "div",
    "dl",
    "dt",
    "em",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "img",
    "kbd",
    "li",
    "ol",
    "p",
    "pre",
    "q",
    "samp",
    "span",
    "strong",
    "ul",
    "var",
];

/// XEP-0071 §7.1 style properties.
const XHTML_IM_PROPERTIES: &[&str] = &[
    "background-color",
    "color",
    "font-family",
    "font-size",
    "font-style",
    "font-weight",
    "margin-left",
    "margin-right",
    "text-align",
    "text-decoration",
];

const XHTML_IM_SCHEMES: &[&str] = &[
    "http", "https", "mailto", "xmpp", "sip", "sips", "im", "tel", "cid",
];

/// Attributes allowed on an element (XEP-0071 §7 summary table).
fn allowed_attributes(element: &str) -> &'static [&'static str] {
    match element {
        "a" => &["href", "style", "type"],
        "img" => &["alt", "height", "src", "style", "width"],
        "br" => &[],
        _ => &["style"],
    }
}

fn is_xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
}

fn assert_style(style: &str) {
    assert!(!style.is_empty(), "empty style");
    for declaration in style.split("; ") {
        let (property, value) = declaration
            .split_once(": ")
            .unwrap_or_else(|| panic!("malformed declaration {declaration:?}"));
        assert!(
            XHTML_IM_PROPERTIES.contains(&property),
            "property {property:?}"
        );
        let lower = value.to_ascii_lowercase();
        for bad in [
            "url(",
            "expression(",
            "<",
            ">",
            "\\",
            "/*",
            ";",
            "{",
            "}",
            "@",
        ] {
            assert!(!lower.contains(bad), "{bad:?} in style value {value:?}");
        }
        assert!(
            !value.is_empty() && !value.chars().any(char::is_control),
            "style value {value:?}"
        );
    }
}

fn assert_url(url: &str) {
    assert!(!url.chars().any(char::is_control), "control in {url:?}");
    let (scheme, _) = url
        .split_once(':')
        .unwrap_or_else(|| panic!("no scheme in {url:?}"));
    assert!(
        XHTML_IM_SCHEMES.contains(&scheme.to_ascii_lowercase().as_str()),
        "scheme of {url:?}"
    );
}

fn assert_length(v: &str) {
    let digits = v.strip_suffix('%').unwrap_or(v);
    assert!(
        !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()),
        "length {v:?}"
    );
}

/// The XHTML-IM of a conversion passes the whitelist, walked without
/// recursion: the `<html/>` wrapper holds one XHTML `<body/>` with at
/// most a `style`; below it only Integration Set elements, in the XHTML
/// namespace, with the attributes of the recommended profile, recommended
/// style properties with values free of `url(`, `expression(`, `<`, `>`,
/// escapes, comments and controls, links and sources with an allowed
/// scheme, and text of XML characters. The plain text is XML characters
/// with no leading line break and no trailing whitespace. Both, placed
/// in a message built under `limits`, write to bytes that read back
/// under the same limits to the same element and text.
pub fn assert_xhtml_im(x: &XhtmlIm, limits: &ParseLimits) {
    let html = &x.html;
    assert!(
        html.is("html", "http://jabber.org/protocol/xhtml-im"),
        "wrapper {}",
        html.name()
    );
    assert_eq!(html.attrs().iter().count(), 0, "attributes on <html/>");
    let nodes: Vec<&Node> = html.nodes().collect();
    let [Node::Element(body)] = nodes.as_slice() else {
        panic!("<html/> must hold exactly one element");
    };
    assert!(body.is("body", "http://www.w3.org/1999/xhtml"), "body");
    for ((ns, name), value) in body.attrs().iter() {
        assert!(
            ns.is_none() && name.as_str() == "style",
            "body attribute {name}"
        );
        assert_style(value);
    }
    let mut stack: Vec<&Element> = vec![body];
    while let Some(el) = stack.pop() {
        for node in el.nodes() {
            match node {
                Node::Text(t) => {
                    assert!(t.chars().all(is_xml_char), "text {t:?}");
                }
                Node::Element(child) => {
                    let name = child.name();
                    assert!(
                        XHTML_IM_ELEMENTS.contains(&name),
                        "element <{name}/> outside the Integration Set"
                    );
                    assert_eq!(child.ns(), "http://www.w3.org/1999/xhtml", "<{name}/>");
                    for ((ns, attr), value) in child.attrs().iter() {
                        let attr = attr.as_str();
                        assert!(ns.is_none(), "namespaced attribute {attr} on <{name}/>");
                        assert!(
                            allowed_attributes(name).contains(&attr),
                            "attribute {attr} on <{name}/>"
                        );
                        assert!(value.chars().all(is_xml_char), "{attr}={value:?}");
                        match attr {
                            "style" => assert_style(value),
                            "href" | "src" => assert_url(value),
                            "width" | "height" => assert_length(value),
                            _ => {}
                        }
                    }
                    if name == "a" {
                        assert!(child.attr("href").is_some(), "<a/> without href");
                    }
                    if name == "img" {
                        assert!(child.attr("src").is_some(), "<img/> without src");
                    }
                    stack.push(child);
                }
            }
        }
    }

    let plain = &x.plain;
    assert!(plain.chars().all(is_xml_char), "plain text {plain:?}");
    assert!(
        !plain.starts_with('\n'),
        "plain text starts with a line break"
    );
    assert!(
        !plain.ends_with([' ', '\n', '\t']),
        "plain text ends with whitespace"
    );

    let cfg = StanzaConfig {
        limits: *limits,
        ..StanzaConfig::default()
    };
    let built = MessageBuilder::new()
        .body(None, plain.clone())
        .payload(html.clone())
        .build_with(&cfg);
    let m = match built {
        Ok(m) => m,
        Err(e) => panic!("message with the XHTML-IM refused: {e}"),
    };
    let bytes = m.to_bytes();
    let back = match Stanza::parse(&bytes, &cfg).map(Message::try_from) {
        Ok(Ok(back)) => back,
        other => panic!(
            "written message does not read back: {other:?}\n{}",
            String::from_utf8_lossy(&bytes)
        ),
    };
    assert_eq!(
        back.payloads().next(),
        Some(html),
        "XHTML changed by writing"
    );
    assert_eq!(
        back.body(),
        Some(plain.as_str()),
        "plain text changed by writing"
    );
}

/// The `translate` path: the input, read as one SIP message or one stanza
/// (told apart by its first non-space byte, like the CLI), goes through an
/// IM gateway; every output must write bytes that parse again, an X2S
/// MESSAGE must respect the size limit, and answering each MESSAGE the
/// gateway sent, then letting Timer F run out, must leave nothing pending.
pub fn translate(data: &[u8]) {
    use crate::im::{ImConfig, ImGateway, Output};
    use crate::sip::StatusCode;
    use std::time::{Duration, Instant};

    let start = Instant::now();
    let mut cfg = ImConfig::new("x2s.example.com", "TCP");
    cfg.xmpp_domain = Some("example.com".into());
    let max = cfg.max_request_bytes;
    let mut gw = ImGateway::new(cfg, [0; 32], start);
    let first = data.iter().find(|b| !b.is_ascii_whitespace());
    let outcome = if first == Some(&b'<') {
        match Stanza::parse(data, &StanzaConfig::default()) {
            Ok(s) => {
                assert_view_maps_as_tree(data, &s, gw.config());
                gw.handle_xmpp(start, s)
            }
            Err(_) => return,
        }
    } else {
        match SipMessage::parse(data, Framing::Datagram) {
            Ok(m) => {
                assert_mapped_writes_as_built(&m, gw.config());
                gw.handle_sip(start, m)
            }
            Err(_) => return,
        }
    };
    drop(outcome.map_err(|r| r.to_string()));
    let mut sent = Vec::new();
    while let Some(out) = gw.poll_output() {
        match out {
            Output::Sip(m) => {
                let bytes = m.to_bytes();
                if m.is_request() {
                    if let Some(max) = max {
                        assert!(bytes.len() <= max, "MESSAGE of {} bytes", bytes.len());
                    }
                    sent.push(m);
                }
                if let Err(e) = SipMessage::parse(&bytes, Framing::Stream) {
                    panic!("written SIP does not parse: {e}");
                }
            }
            Output::Xmpp(s) => {
                if let Err(e) = Stanza::parse(&s.to_bytes(), &StanzaConfig::default()) {
                    panic!("written stanza does not parse: {e}");
                }
            }
        }
    }
    for req in sent {
        if let Some(resp) = StatusCode::new(404).and_then(|c| req.make_response(c, "t").ok()) {
            assert!(gw.handle_sip(start, resp).is_ok(), "own MESSAGE unmatched");
        }
    }
    gw.handle_timeout(start + Duration::from_secs(3600));
    while gw.poll_output().is_some() {}
    assert_eq!(gw.pending_count(), 0, "transactions left pending");
    assert_eq!(gw.poll_timeout(), None, "timer left running");
}

/// A message read as a [`MessageView`](crate::xmpp::MessageView) maps
/// to the same MESSAGE as the same message read as a tree.
pub fn assert_view_maps_as_tree(data: &[u8], stanza: &Stanza, cfg: &crate::im::ImConfig) {
    use crate::im::map::{SipIds, map_message_to_sip, message_to_sip, message_view_to_sip};
    use crate::xmpp::MessageView;
    let Stanza::Message(m) = stanza else {
        return;
    };
    let view = match MessageView::parse(data, &StanzaConfig::default()) {
        Ok(v) => v,
        Err(e) => panic!("a message the tree reads, the view refuses: {e}"),
    };
    let ids = SipIds {
        call_id: "fz",
        from_tag: "t",
        branch: "z9hG4bKfz",
        cseq: 1,
    };
    let via_view = message_view_to_sip(&view, &ids, cfg).map(|r| r.map(|r| r.to_bytes()));
    let via_tree = message_to_sip(m, &ids, cfg).map(|r| r.map(|r| r.to_bytes()));
    assert_eq!(via_view, via_tree, "the view and the tree map differently");
    // And written directly, without a `SipMessage`: the same bytes, and
    // the size it says.
    let direct = map_message_to_sip(&view, &ids, cfg).map(|r| {
        r.map(|r| {
            let bytes = r.to_bytes();
            assert_eq!(r.wire_len(), bytes.len(), "the direct request's size");
            bytes
        })
    });
    assert_eq!(direct, via_view, "direct and built requests differ");
    // IM-X-3's alternative (bodies in several languages as
    // multipart/alternative): a request that reads again.
    let mut alt = cfg.clone();
    alt.language_alternatives = true;
    if let Ok(Some(r)) = message_view_to_sip(&view, &ids, &alt) {
        let bytes = r.to_bytes();
        if let Err(e) = SipMessage::parse(&bytes, Framing::Stream) {
            panic!("{e}: {}", String::from_utf8_lossy(&bytes));
        }
    }
}

/// The stanza a MESSAGE maps to is written directly exactly as the
/// [`Message`](crate::xmpp::Message) built from it writes, and the two
/// paths fail alike.
pub fn assert_mapped_writes_as_built(req: &SipMessage, cfg: &crate::im::ImConfig) {
    use crate::im::map::{S2xHints, map_message_to_xmpp, message_to_xmpp};
    let hints = S2xHints {
        instance: Some("fz"),
        thread: None,
    };
    let mapped = map_message_to_xmpp(req, cfg, &hints);
    let built = message_to_xmpp(req, cfg, &hints);
    match (mapped, built) {
        (Ok(Some(m)), Ok(Some(b))) => {
            assert_eq!(
                String::from_utf8_lossy(&m.to_bytes()),
                String::from_utf8_lossy(&b.to_bytes()),
                "direct and built stanzas differ"
            );
        }
        (Ok(None), Ok(None)) => {}
        (Err(a), Err(b)) => assert_eq!(a, b, "the two paths fail differently"),
        (a, b) => panic!("direct {a:?} against built {b:?}"),
    }
}

/// The presence gateway (RFC 8048) through a whole life: the input is
/// a script of XMPP presence stanzas, SIP SUBSCRIBEs and NOTIFYs (new or
/// in the dialogs the gateway made or accepted), responses to the
/// requests the gateway sent, and steps of the clock, decoded by
/// `presence_run`. After each step: every output writes to bytes that
/// parse again; every request out has an RFC 3261 branch and
/// Max-Forwards; every NOTIFY carries `Event: presence` and a
/// Subscription-State with `expires` (active, pending) or a `reason`
/// (terminated), in a dialog a SUBSCRIBE answered 2xx made; `subscribed`
/// and availability go to a user only for a contact the user subscribed
/// to or probed (or, `unavailable`, from a SIP watcher whose subscription
/// the gateway asked for), and `subscribed` only once the contact's side
/// said `active`; no timer is left due after `handle_timeout`; the
/// subscriptions stay under the configured maximum. At the end, hours
/// without an answer leave only watches waiting to subscribe again, each
/// with a timer and at most one request out.
pub fn presence(data: &[u8]) {
    presence_run::run(data);
}

/// [`Stanza::from_element`] takes a tree as it is when it certainly reads
/// back unchanged; this checks that shortcut against the exact path
/// (write, then read back): both accept with equal stanzas, or both
/// refuse.
pub fn assert_from_element_exact(element: &Element, cfg: &StanzaConfig) {
    let fast = Stanza::from_element(element.clone(), cfg);
    let mut bytes = Vec::new();
    let exact = crate::xmpp::writer_checked(element, &mut bytes)
        .map_err(crate::xmpp::XmppError::from)
        .and_then(|()| Stanza::parse(&bytes, cfg));
    match (fast, exact) {
        (Ok(a), Ok(b)) => assert_eq!(a, b, "{}", String::from_utf8_lossy(&bytes)),
        (Err(_), Err(_)) => {}
        (a, b) => panic!(
            "shortcut {a:?} against exact {b:?} for {}",
            String::from_utf8_lossy(&bytes)
        ),
    }
}
