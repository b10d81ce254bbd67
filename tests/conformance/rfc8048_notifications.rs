//! RFC 8048 §6 (notifications) as the presence digest states it
//! (presence.md §3.3, §5.1, §5.7, §6, §7, §9, §11): Table P1 (XMPP
//! presence → PIDF), Table P2 (PIDF → XMPP presence), the PIDF processing
//! rules, the priority vectors, the optional RPID profile, and the open
//! points V-PRES-2, V-PRES-3, V-PRES-5 and V-PRES-6.
//!
//! Bodies are the digest's bytes: its lines joined by CRLF, no final line
//! end. Stanzas are compared as trees.

use sip_xmpp::address::{AddressMapper, Domains, Role};
use sip_xmpp::pidf::{Activity, Basic, Id, InputState, Note, Pidf, PidfError, Priority, Tuple};
use sip_xmpp::presence::map::{
    NS_SHOW, NotifyContent, NotifyContext, first_active_without_body, notify_body,
    notify_to_presence, pidf_to_presence, presence_to_pidf, priority_to_pidf, priority_to_xmpp,
};
use sip_xmpp::presence::{
    ContactPolicy, EmptyFirstActive, EntityScheme, MustUnderstand, NotificationAddressing,
    PresenceFault, PresenceMapConfig, RpidProfile, UnusableBody,
};
use sip_xmpp::sip::{Framing, Method, RequestBuilder, SipMessage, Via};
use sip_xmpp::xmpp::minidom::Element;
use sip_xmpp::xmpp::{
    DefinedCondition, Presence, PresenceBuilder, PresenceType, Show, Stanza, StanzaConfig,
    StanzaNamespace,
};

// ---- The digest's vectors ----

/// The digest's text with CRLF line ends.
fn crlf(s: &str) -> String {
    s.replace('\n', "\r\n")
}

/// PIDF-J-OPEN-AWAY (presence.md §5, 294 octets).
const PIDF_J_OPEN_AWAY: &str = "<?xml version='1.0' encoding='UTF-8'?>
<presence xmlns='urn:ietf:params:xml:ns:pidf'
          entity='pres:juliet@example.com'>
  <tuple id='ID-yn0cl4bnw0yr3vym'>
    <status>
      <basic>open</basic>
      <show xmlns='jabber:client'>away</show>
    </status>
  </tuple>
</presence>";

/// PIDF-J-CLOSED (249 octets).
const PIDF_J_CLOSED: &str = "<?xml version='1.0' encoding='UTF-8'?>
<presence xmlns='urn:ietf:params:xml:ns:pidf'
          entity='pres:juliet@example.com'>
  <tuple id='ID-yn0cl4bnw0yr3vym'>
    <status>
      <basic>closed</basic>
    </status>
  </tuple>
</presence>";

/// PIDF-R-OPEN-AWAY (292 octets).
const PIDF_R_OPEN_AWAY: &str = "<?xml version='1.0' encoding='UTF-8'?>
<presence xmlns='urn:ietf:params:xml:ns:pidf'
          entity='pres:romeo@example.net'>
  <tuple id='ID-dr4hcr0st3lup4c'>
    <status>
      <basic>open</basic>
      <show xmlns='jabber:client'>away</show>
    </status>
  </tuple>
</presence>";

/// PIDF-R-CLOSED (247 octets).
const PIDF_R_CLOSED: &str = "<?xml version='1.0' encoding='UTF-8'?>
<presence xmlns='urn:ietf:params:xml:ns:pidf'
          entity='pres:romeo@example.net'>
  <tuple id='ID-dr4hcr0st3lup4c'>
    <status>
      <basic>closed</basic>
    </status>
  </tuple>
</presence>";

/// TV-PRES-32, the output body (422 octets).
const TV_PRES_32_BODY: &str = "<?xml version='1.0' encoding='UTF-8'?>
<presence xmlns='urn:ietf:params:xml:ns:pidf'
          entity='pres:juliet@example.com'>
  <tuple id='ID-yn0cl4bnw0yr3vym'>
    <status>
      <basic>open</basic>
      <show xmlns='jabber:client'>dnd</show>
    </status>
    <contact priority='0.007'>sip:juliet@example.com;gr=yn0cl4bnw0yr3vym</contact>
    <note xml:lang='en'>Wooing Romeo</note>
  </tuple>
</presence>";

/// TV-PRES-32, the input stanza.
const TV_PRES_32_STANZA: &str =
    "<presence from='juliet@example.com/yn0cl4bnw0yr3vym' to='romeo@example.net' xml:lang='en'>
  <show>dnd</show>
  <status>Wooing Romeo</status>
  <priority>1</priority>
</presence>";

/// TV-PRES-5 (RFC 8048 Example 4, corrected), the head; the body is
/// PIDF-R-OPEN-AWAY.
const TV_PRES_5_HEAD: &str = "NOTIFY sip:juliet@example.com;gr=yn0cl4bnw0yr3vym SIP/2.0
Via: SIP/2.0/TCP simple.example.net;branch=z9hG4bKactv0002
Max-Forwards: 70
From: <sip:romeo@example.net>;tag=ffd2
To: <sip:juliet@example.com>;tag=j89d
Call-ID: 5BCF940D-793D-43F8-8972-218F7F4EAA8C
CSeq: 2 NOTIFY
Event: presence
Subscription-State: active;expires=499
Contact: <sip:romeo@example.net;gr=dr4hcr0st3lup4c>
Content-Type: application/pidf+xml
Content-Length: 292

";

/// TV-PRES-33 (RFC 8048 Example 20, in D1), the head; the body is
/// PIDF-R-CLOSED.
const TV_PRES_33_HEAD: &str = "NOTIFY sip:juliet@example.com;gr=yn0cl4bnw0yr3vym SIP/2.0
Via: SIP/2.0/TCP simple.example.net;branch=z9hG4bKntfy0003
Max-Forwards: 70
From: <sip:romeo@example.net>;tag=ffd2
To: <sip:juliet@example.com>;tag=j89d
Call-ID: 5BCF940D-793D-43F8-8972-218F7F4EAA8C
CSeq: 3 NOTIFY
Event: presence
Subscription-State: active;expires=499
Contact: <sip:romeo@example.net;gr=dr4hcr0st3lup4c>
Content-Type: application/pidf+xml
Content-Length: 247

";

/// TV-PRES-31 (RFC 8048 Example 19, in D2), the whole NOTIFY without its
/// body (PIDF-J-OPEN-AWAY).
const TV_PRES_31_HEAD: &str = "NOTIFY sip:romeo@example.net;gr=dr4hcr0st3lup4c SIP/2.0
Via: SIP/2.0/TCP s2x.example.net;branch=z9hG4bKntfy0003
Max-Forwards: 70
From: <sip:juliet@example.com>;tag=ur93
To: <sip:romeo@example.net>;tag=xfg9
Call-ID: AA5A8BE5-CBB7-42B9-8181-6230012B1E11
CSeq: 3 NOTIFY
Event: presence
Subscription-State: active;expires=599
Contact: <sip:juliet@s2x.example.net;transport=tcp>
Content-Type: application/pidf+xml
Content-Length: 294

";

// ---- Shared set-up ----

/// The gateway of the digest: SIP side `example.net`, XMPP side
/// `example.com`.
fn cfg() -> PresenceMapConfig {
    PresenceMapConfig::new(AddressMapper::new(
        Domains::only(["example.net"]).unwrap(),
        Domains::only(["example.com"]).unwrap(),
    ))
}

fn cfg_with(f: impl FnOnce(&mut PresenceMapConfig)) -> PresenceMapConfig {
    let mut c = cfg();
    f(&mut c);
    c
}

fn stanza(xml: &str) -> Presence {
    let s = Stanza::parse(xml.as_bytes(), &StanzaConfig::default())
        .unwrap_or_else(|e| panic!("{xml}: {e}"));
    Presence::try_from(s).unwrap_or_else(|s| panic!("not a presence: {s:?}"))
}

/// Asserts that `got` is the stanza `expected` (as trees).
fn assert_stanza(got: &Presence, expected: &str) {
    let want = stanza(expected);
    assert_eq!(
        got.as_element(),
        want.as_element(),
        "\n got: {}\nwant: {expected}",
        text(&got.to_bytes())
    );
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8(bytes.to_vec()).unwrap()
}

/// The PIDF body mapped from a stanza, as text.
fn x2s_body(xml: &str, cfg: &PresenceMapConfig) -> String {
    let n = presence_to_pidf(&stanza(xml), cfg).unwrap_or_else(|e| panic!("{xml}: {e}"));
    text(&n.body().bytes)
}

fn pidf(body: &str) -> Pidf {
    Pidf::parse(body.as_bytes(), &Default::default()).unwrap_or_else(|e| panic!("{body}: {e}"))
}

/// A document for `pres:romeo@example.net` with `inner` inside
/// `<presence>`.
fn romeo_doc(inner: &str) -> String {
    format!(
        "<presence xmlns='urn:ietf:params:xml:ns:pidf' xmlns:dm='urn:ietf:params:xml:ns:pidf:data-model' \
         xmlns:rpid='urn:ietf:params:xml:ns:pidf:rpid' entity='pres:romeo@example.net'>{inner}</presence>"
    )
}

/// The context of a NOTIFY in D1: romeo notifies juliet.
fn d1() -> NotifyContext {
    NotifyContext::new(
        "sip:romeo@example.net".parse().unwrap(),
        "sip:juliet@example.com".parse().unwrap(),
    )
    .with_request_uri(
        "sip:juliet@example.com;gr=yn0cl4bnw0yr3vym"
            .parse()
            .unwrap(),
    )
}

/// The stanzas for a document in D1.
fn s2x(body: &str, cfg: &PresenceMapConfig) -> Vec<Presence> {
    pidf_to_presence(&pidf(body), &d1(), cfg).unwrap_or_else(|e| panic!("{body}: {e}"))
}

/// The only stanza for a document in D1.
fn s2x_one(body: &str, cfg: &PresenceMapConfig) -> Presence {
    let mut v = s2x(body, cfg);
    assert_eq!(v.len(), 1, "{body}");
    v.remove(0)
}

/// A NOTIFY in D1 with the given Content-Type (none for `None`) and body.
fn notify(content_type: Option<&str>, body: &str) -> SipMessage {
    notify_with("", content_type, body)
}

/// [`notify`] with more header rows (each ending in CRLF).
fn notify_with(extra: &str, content_type: Option<&str>, body: &str) -> SipMessage {
    let mut head = String::from(
        "NOTIFY sip:juliet@example.com;gr=yn0cl4bnw0yr3vym SIP/2.0\r\n\
         Via: SIP/2.0/TCP simple.example.net;branch=z9hG4bKntfy0009\r\n\
         Max-Forwards: 70\r\n\
         From: <sip:romeo@example.net>;tag=ffd2\r\n\
         To: <sip:juliet@example.com>;tag=j89d\r\n\
         Call-ID: 5BCF940D-793D-43F8-8972-218F7F4EAA8C\r\n\
         CSeq: 9 NOTIFY\r\n\
         Event: presence\r\n\
         Subscription-State: active;expires=499\r\n",
    );
    head.push_str(extra);
    if let Some(ct) = content_type {
        head.push_str(&format!("Content-Type: {ct}\r\n"));
    }
    head.push_str(&format!("Content-Length: {}\r\n\r\n{body}", body.len()));
    SipMessage::parse(head.as_bytes(), Framing::Stream).unwrap()
}

fn stanzas_of(content: NotifyContent) -> Vec<Presence> {
    match content {
        NotifyContent::Presence(v) => v,
        other => panic!("expected stanzas, got {other:?}"),
    }
}

fn statuses(p: &Presence) -> Vec<(Option<&str>, &str)> {
    p.statuses().collect()
}

// ---- Table P1: XMPP → PIDF ----

/// PRES-NTF-1 (RFC 8048 §6.2): the full Table P1 mapping of TV-PRES-32:
/// show, status with its language, priority 1 → `0.007` with the contact
/// URI carrying the resource as `gr`; Content-Language `en`. The body is
/// the digest's 422 octets.
#[test]
fn pres_ntf_1_tv_pres_32_table_p1() {
    let n = presence_to_pidf(&stanza(TV_PRES_32_STANZA), &cfg()).unwrap();
    let body = n.body();
    let expected = crlf(TV_PRES_32_BODY);
    assert_eq!(expected.len(), 422);
    assert_eq!(text(&body.bytes), expected);
    assert_eq!(body.content_language.as_deref(), Some("en"));
    assert_eq!(body.content_type.to_string(), "application/pidf+xml");
    assert_eq!(n.watcher.as_str(), "sip:romeo@example.net");
    insta::assert_snapshot!("tv_pres_32_body", text(&body.bytes));

    // In D2, the NOTIFY carries it with Content-Language and its length.
    let mut notify = d2_notify(3, 599);
    body.apply(&mut notify).unwrap();
    let wire = text(&notify.to_bytes());
    assert!(wire.contains("\r\nContent-Language: en\r\n"), "{wire}");
    assert!(
        wire.contains("\r\nContent-Type: application/pidf+xml\r\nContent-Length: 422\r\n\r\n"),
        "{wire}"
    );
    assert!(wire.ends_with(&expected));
    SipMessage::parse(wire.as_bytes(), Framing::Stream)
        .unwrap()
        .validate()
        .unwrap();
}

/// The NOTIFY of D2 without a body (the S2X GW notifying romeo).
fn d2_notify(cseq: u32, expires: u32) -> SipMessage {
    RequestBuilder::new(
        Method::Notify,
        "sip:romeo@example.net;gr=dr4hcr0st3lup4c".parse().unwrap(),
    )
    .via(&Via::new("TCP", "s2x.example.net", None, "z9hG4bKntfy0003"))
    .max_forwards(70)
    .header("From", "<sip:juliet@example.com>;tag=ur93")
    .header("To", "<sip:romeo@example.net>;tag=xfg9")
    .call_id("AA5A8BE5-CBB7-42B9-8181-6230012B1E11")
    .cseq(cseq)
    .header("Event", "presence")
    .header("Subscription-State", &format!("active;expires={expires}"))
    .header("Contact", "<sip:juliet@s2x.example.net;transport=tcp>")
    .build()
    .unwrap()
}

/// PRES-NTF-2 (RFC 8048 §6.2 note 1): only a presence without `type` or
/// with `type='unavailable'` is a notification; the other types are
/// refused as not notifications, and never give a document.
#[test]
fn pres_ntf_2_only_notifications_are_mapped() {
    for (ty, basic) in [("", Basic::Open), (" type='unavailable'", Basic::Closed)] {
        let xml = format!("<presence from='juliet@example.com/a' to='romeo@example.net'{ty}/>");
        let n = presence_to_pidf(&stanza(&xml), &cfg()).unwrap();
        assert_eq!(n.pidf.tuples[0].basic(), Some(basic), "{xml}");
    }
    for (attr, ty) in [
        ("subscribe", PresenceType::Subscribe),
        ("subscribed", PresenceType::Subscribed),
        ("unsubscribe", PresenceType::Unsubscribe),
        ("unsubscribed", PresenceType::Unsubscribed),
        ("probe", PresenceType::Probe),
    ] {
        let xml =
            format!("<presence from='juliet@example.com' to='romeo@example.net' type='{attr}'/>");
        let e = presence_to_pidf(&stanza(&xml), &cfg()).unwrap_err();
        assert_eq!(e, PresenceFault::NotANotification { presence_type: ty });
        assert_eq!(e.xmpp_condition(), DefinedCondition::FeatureNotImplemented);
    }
    let error = stanza(
        "<presence from='juliet@example.com/a' to='romeo@example.net' type='error'>\
         <error type='cancel'><item-not-found xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></presence>",
    );
    assert_eq!(
        presence_to_pidf(&error, &cfg()).unwrap_err(),
        PresenceFault::NotANotification {
            presence_type: PresenceType::Error
        }
    );
}

/// PRES-NTF-3 (RFC 8048 §6.2 note 2) with the digest's `xs:ID` rule
/// (§6.1): the tuple id is `ID-` + the resourcepart, characters an NCName
/// cannot hold written `_xHHHH_`; the S2X direction gives the resource
/// back.
#[test]
fn pres_ntf_3_tuple_id_from_resource() {
    for (resource, id) in [
        ("yn0cl4bnw0yr3vym", "ID-yn0cl4bnw0yr3vym"),
        ("foo bar", "ID-foo_x0020_bar"),
        ("Conversations.xYz1", "ID-Conversations.xYz1"),
        ("4th floor", "ID-4th_x0020_floor"),
        ("a/b@c:d", "ID-a_x002F_b_x0040_c_x003A_d"),
        ("x_x0041_", "ID-x_x005F_x0041_"),
    ] {
        let xml =
            format!("<presence from='juliet@example.com/{resource}' to='romeo@example.net'/>");
        let n = presence_to_pidf(&stanza(&xml), &cfg()).unwrap();
        assert_eq!(n.pidf.tuples[0].id.as_str(), id, "{resource}");
        // The written id is an xs:ID the reader accepts.
        let again = Pidf::parse(&n.body().bytes, &Default::default()).unwrap();
        let back = pidf_to_presence(&again, &juliet_to_romeo(), &cfg_reverse()).unwrap();
        assert_eq!(
            back[0].from(),
            Some(format!("juliet@example.com/{resource}").as_str())
        );
    }
}

/// The context of a NOTIFY in D2: juliet notifies romeo.
fn juliet_to_romeo() -> NotifyContext {
    NotifyContext::new(
        "sip:juliet@example.com".parse().unwrap(),
        "sip:romeo@example.net".parse().unwrap(),
    )
}

/// The reverse mapper of [`cfg`], for documents from juliet to romeo.
fn cfg_reverse() -> PresenceMapConfig {
    PresenceMapConfig::new(AddressMapper::new(
        Domains::only(["example.com"]).unwrap(),
        Domains::only(["example.net"]).unwrap(),
    ))
}

/// PRES-NTF-4 (RFC 8048 §6.2 note 3): the stanza `id` is not mapped.
#[test]
fn pres_ntf_4_id_not_mapped() {
    let with_id = x2s_body(
        "<presence from='juliet@example.com/yn0cl4bnw0yr3vym' to='romeo@example.net' id='pres-4711'><show>away</show></presence>",
        &cfg(),
    );
    assert!(!with_id.contains("pres-4711"), "{with_id}");
    assert_eq!(with_id, crlf(PIDF_J_OPEN_AWAY));
}

/// PRES-NTF-5 (RFC 8048 §6.2 note 4): no `type` → `<basic>open</basic>`.
#[test]
fn pres_ntf_5_available_is_open() {
    let n = presence_to_pidf(
        &stanza("<presence from='juliet@example.com/yn0cl4bnw0yr3vym' to='romeo@example.net'/>"),
        &cfg(),
    )
    .unwrap();
    assert_eq!(n.pidf.tuples.len(), 1);
    assert_eq!(n.pidf.tuples[0].basic(), Some(Basic::Open));
    assert!(text(&n.body().bytes).contains("<basic>open</basic>"));
}

/// PRES-NTF-6 (RFC 8048 §6.2 note 4): `type='unavailable'` →
/// `<basic>closed</basic>`, and (TV-PRES-32 variant) no `<show>`.
#[test]
fn pres_ntf_6_unavailable_is_closed() {
    let n = presence_to_pidf(
        &stanza(
            "<presence from='juliet@example.com/yn0cl4bnw0yr3vym' to='romeo@example.net' type='unavailable'>\
             <show>dnd</show></presence>",
        ),
        &cfg(),
    )
    .unwrap();
    assert_eq!(n.pidf.tuples[0].basic(), Some(Basic::Closed));
    assert!(n.pidf.tuples[0].status.extensions.is_empty());
}

/// PRES-NTF-7 (RFC 8048 §6.2 note 5): the NOTIFY for `unavailable` says
/// `closed`: PIDF-J-CLOSED, 249 octets, byte for byte.
#[test]
fn pres_ntf_7_unavailable_notify_body() {
    let body = x2s_body(
        "<presence from='juliet@example.com/yn0cl4bnw0yr3vym' to='romeo@example.net' type='unavailable'/>",
        &cfg(),
    );
    let expected = crlf(PIDF_J_CLOSED);
    assert_eq!(expected.len(), 249);
    assert_eq!(body, expected);
    insta::assert_snapshot!("pidf_j_closed", body);
}

/// PRES-NTF-8 (RFC 8048 §6.2 note 6, MUST NOT): a negative priority is
/// not mapped, so (PRES-D-12, design) no `<contact>` either; with the
/// `<contact>` always written it has no `priority`.
#[test]
fn pres_ntf_8_negative_priority_not_mapped() {
    for p in ["-1", "-5", "-128"] {
        let xml = format!(
            "<presence from='juliet@example.com/yn0cl4bnw0yr3vym' to='romeo@example.net'><priority>{p}</priority></presence>"
        );
        let n = presence_to_pidf(&stanza(&xml), &cfg()).unwrap();
        assert_eq!(n.pidf.tuples[0].contact, None, "{p}");
        let body = x2s_body(&xml, &cfg());
        assert!(!body.contains("priority"), "{body}");

        let always = cfg_with(|c| c.contact = ContactPolicy::Always);
        let n = presence_to_pidf(&stanza(&xml), &always).unwrap();
        let contact = n.pidf.tuples[0].contact.as_ref().unwrap();
        assert_eq!(contact.priority, None);
        assert_eq!(
            contact.uri.as_str(),
            "sip:juliet@example.com;gr=yn0cl4bnw0yr3vym"
        );
    }
    // TV-PRES-32 with <priority>-5</priority>: no priority, no <contact>.
    let body = x2s_body(&TV_PRES_32_STANZA.replace(">1<", ">-5<"), &cfg());
    assert!(!body.contains("<contact"), "{body}");
    assert!(body.contains("<show xmlns='jabber:client'>dnd</show>"));
}

/// PRES-NTF-9 (RFC 8048 §6.2 note 6, SHOULD): 0 → 0, 127 → 1, the values
/// between to distinct priorities, with the RFC's examples.
#[test]
fn pres_ntf_9_priority_scale() {
    let mut seen = std::collections::BTreeSet::new();
    for p in 0..=127i8 {
        let q = priority_to_pidf(p).unwrap();
        assert!(seen.insert(q.thousandths()), "{p} repeats {}", q.as_str());
        let xml = format!(
            "<presence from='juliet@example.com/r' to='romeo@example.net'><priority>{p}</priority></presence>"
        );
        let n = presence_to_pidf(&stanza(&xml), &cfg()).unwrap();
        assert_eq!(
            n.pidf.tuples[0].contact.as_ref().unwrap().priority.as_ref(),
            Some(&q)
        );
    }
    let text_of = |p| priority_to_pidf(p).unwrap().as_str().to_owned();
    assert_eq!(text_of(0), "0.000");
    assert_eq!(text_of(127), "1.000");
    assert_eq!(text_of(1), "0.007");
    assert_eq!(text_of(2), "0.015");
    assert_eq!(text_of(126), "0.992");
}

/// PRES-NTF-10 (RFC 8048 §6.2 note 7, RECOMMENDED): `<show/>` is carried
/// as `<show xmlns='jabber:client'>` inside `<status>`, whatever the
/// stanza's own namespace.
#[test]
fn pres_ntf_10_show_inside_status() {
    for show in ["away", "chat", "dnd", "xa"] {
        for ns in [StanzaNamespace::Client, StanzaNamespace::Server] {
            let xml = format!(
                "<presence xmlns='{}' from='juliet@example.com/yn0cl4bnw0yr3vym' to='romeo@example.net'><show>{show}</show></presence>",
                ns.as_str()
            );
            let n = presence_to_pidf(&stanza(&xml), &cfg()).unwrap();
            let ext = &n.pidf.tuples[0].status.extensions;
            assert_eq!(ext.len(), 1);
            assert!(ext[0].is("show", NS_SHOW));
            assert_eq!(ext[0].text(), show);
            let body = text(&n.body().bytes);
            assert!(
                body.contains(&format!(
                    "      <basic>open</basic>\r\n      <show xmlns='jabber:client'>{show}</show>\r\n    </status>"
                )),
                "{body}"
            );
        }
    }
    assert_eq!(NS_SHOW, "jabber:client");
}

/// PRES-NTF-11 (RFC 8048 §6.2 note 7): an availability extension that
/// `<show/>` cannot express goes next to `<show/>`, never instead of it.
/// The crate's one such extension is the RPID profile: with it on, `dnd`
/// gives both `<show>dnd</show>` and `<rpid:busy/>`.
#[test]
fn pres_ntf_11_extension_next_to_show() {
    let rpid = cfg_with(|c| {
        c.rpid = RpidProfile::On {
            xa_user_input_idle: false,
        }
    });
    let n = presence_to_pidf(&stanza(TV_PRES_32_STANZA), &rpid).unwrap();
    assert_eq!(n.pidf.tuples[0].status.extensions[0].text(), "dnd");
    let person = &n.pidf.persons[0];
    assert_eq!(
        person.all_activities().collect::<Vec<_>>(),
        [&Activity::Busy]
    );
    let body = text(&n.body().bytes);
    assert!(
        body.contains("<show xmlns='jabber:client'>dnd</show>"),
        "{body}"
    );
    assert!(body.contains("<rpid:busy/>"), "{body}");
}

/// PRES-NTF-12 (RFC 8048 §6.2): each resource's presence gives its own
/// notification with one tuple; a document with one tuple per resource
/// gives one stanza per resource.
#[test]
fn pres_ntf_12_one_notification_per_resource() {
    let a = presence_to_pidf(
        &stanza("<presence from='juliet@example.com/balcony' to='romeo@example.net'><show>away</show></presence>"),
        &cfg(),
    )
    .unwrap();
    let b = presence_to_pidf(
        &stanza("<presence from='juliet@example.com/chamber' to='romeo@example.net' type='unavailable'/>"),
        &cfg(),
    )
    .unwrap();
    assert_eq!((a.pidf.tuples.len(), b.pidf.tuples.len()), (1, 1));
    assert_eq!(a.pidf.tuples[0].id.as_str(), "ID-balcony");
    assert_eq!(b.pidf.tuples[0].id.as_str(), "ID-chamber");
    assert_eq!(a.pidf.entity, b.pidf.entity);

    // The watcher may hold both as tuples of one document.
    let mut both = a.pidf.clone();
    both.tuples.extend(b.pidf.tuples.clone());
    let back = pidf_to_presence(&both, &juliet_to_romeo(), &cfg_reverse()).unwrap();
    assert_eq!(back.len(), 2);
    assert_eq!(back[0].from(), Some("juliet@example.com/balcony"));
    assert_eq!(back[0].show(), Some(Show::Away));
    assert_eq!(back[1].from(), Some("juliet@example.com/chamber"));
    assert_eq!(back[1].presence_type(), PresenceType::Unavailable);
}

/// TV-PRES-30 → TV-PRES-31 (RFC 8048 Examples 18 and 19): juliet's away
/// presence becomes PIDF-J-OPEN-AWAY (294 octets, byte for byte), and
/// the NOTIFY in D2 carrying it is the digest's, byte for byte.
#[test]
fn tv_pres_30_to_tv_pres_31() {
    let tv_pres_30 = "<presence from='juliet@example.com/yn0cl4bnw0yr3vym' to='romeo@example.net'>
  <show>away</show>
</presence>";
    let n = presence_to_pidf(&stanza(tv_pres_30), &cfg()).unwrap();
    let body = n.body();
    let expected = crlf(PIDF_J_OPEN_AWAY);
    assert_eq!(expected.len(), 294);
    assert_eq!(text(&body.bytes), expected);
    assert_eq!(body.content_language, None);
    assert_eq!(n.watcher.as_str(), "sip:romeo@example.net");

    let mut notify = d2_notify(3, 599);
    body.apply(&mut notify).unwrap();
    let wire = text(&notify.to_bytes());
    assert_eq!(wire, crlf(TV_PRES_31_HEAD) + &expected);
    insta::assert_snapshot!("tv_pres_31_notify", wire);
}

// ---- Table P2: PIDF → XMPP ----

/// PRES-NTF-13 (RFC 8048 §6.3): the full Table P2 mapping, on the body of
/// TV-PRES-32 with `Content-Language: en`: the stanza TV-PRES-32 started
/// from (priority `0.007` → 1, the note in the stanza's language → a
/// status without its own `xml:lang`).
#[test]
fn pres_ntf_13_table_p2() {
    let ctx = juliet_to_romeo().with_content_language("en");
    let got = pidf_to_presence(&pidf(&crlf(TV_PRES_32_BODY)), &ctx, &cfg_reverse()).unwrap();
    assert_eq!(got.len(), 1);
    assert_stanza(
        &got[0],
        "<presence from='juliet@example.com/yn0cl4bnw0yr3vym' to='romeo@example.net' xml:lang='en'>\
         <show>dnd</show><status>Wooing Romeo</status><priority>1</priority></presence>",
    );
    assert_eq!(statuses(&got[0]), [(Some("en"), "Wooing Romeo")]);
    insta::assert_snapshot!("tv_pres_32_reverse_stanza", text(&got[0].to_bytes()));
}

/// PRES-NTF-14 (RFC 8048 §6.3 note 1): `open` → no `type`.
#[test]
fn pres_ntf_14_open_is_available() {
    let p = s2x_one(
        &romeo_doc("<tuple id='ID-x'><status><basic>open</basic></status></tuple>"),
        &cfg(),
    );
    assert_eq!(p.presence_type(), PresenceType::Available);
    assert_eq!(p.as_element().attr("type"), None);
}

/// PRES-NTF-15 (RFC 8048 §6.3 note 1): `closed` → `unavailable`.
#[test]
fn pres_ntf_15_closed_is_unavailable() {
    let p = s2x_one(&crlf(PIDF_R_CLOSED), &cfg());
    assert_eq!(p.presence_type(), PresenceType::Unavailable);
    assert_eq!(p.as_element().attr("type"), Some("unavailable"));
}

/// PRES-NTF-16 (RFC 8048 §6.3 note 3): `<show xmlns='jabber:client'>` is
/// copied for the four RFC 6121 values; other values are dropped.
#[test]
fn pres_ntf_16_show_copied() {
    let doc = |v: &str| {
        romeo_doc(&format!(
            "<tuple id='ID-x'><status><basic>open</basic><show xmlns='jabber:client'>{v}</show></status></tuple>"
        ))
    };
    for (v, show) in [
        ("away", Show::Away),
        ("chat", Show::Chat),
        ("dnd", Show::Dnd),
        ("xa", Show::Xa),
        (" xa\n", Show::Xa),
    ] {
        assert_eq!(s2x_one(&doc(v), &cfg()).show(), Some(show), "{v:?}");
    }
    for v in ["busy", "online", "", "AWAY"] {
        let p = s2x_one(&doc(v), &cfg());
        assert_eq!(p.show(), None, "{v:?}");
        assert_eq!(p.presence_type(), PresenceType::Available);
    }
    // A <show> in another namespace is not RFC 8048's.
    let other = romeo_doc(
        "<tuple id='ID-x'><status><basic>open</basic><show xmlns='urn:example:show'>dnd</show></status></tuple>",
    );
    assert_eq!(s2x_one(&other, &cfg()).show(), None);
}

/// TV-PRES-8 (RFC 8048 Example 6, from the NOTIFY of TV-PRES-5): the
/// presence from romeo's resource to juliet's bare JID, with the
/// `<show>away</show>` the PIDF carried (V-PRES-2).
#[test]
fn tv_pres_8_from_tv_pres_5() {
    let body = crlf(PIDF_R_OPEN_AWAY);
    assert_eq!(body.len(), 292);
    let msg = crlf(TV_PRES_5_HEAD) + &body;
    let notify = SipMessage::parse(msg.as_bytes(), Framing::Stream).unwrap();
    let got = stanzas_of(notify_to_presence(&notify, &cfg()).unwrap());
    assert_eq!(got.len(), 1);
    assert_stanza(
        &got[0],
        "<presence from='romeo@example.net/dr4hcr0st3lup4c' to='juliet@example.com'><show>away</show></presence>",
    );
    insta::assert_snapshot!("tv_pres_8_stanza", text(&got[0].to_bytes()));
}

/// V-PRES-2: RFC 8048 Example 6 omits the `<show/>` its PIDF carried; the
/// crate follows Table P2 note 3 and emits it.
#[test]
fn v_pres_2_show_emitted() {
    let p = s2x_one(&crlf(PIDF_R_OPEN_AWAY), &cfg());
    assert_eq!(p.show(), Some(Show::Away));
    assert_eq!(p.from(), Some("romeo@example.net/dr4hcr0st3lup4c"));
}

/// TV-PRES-8b / V-PRES-3 (PRES-SUB-5): the first active NOTIFY without a
/// body gives no availability stanza by default (availability unknown);
/// the "closed" reading gives an `unavailable` from romeo's bare JID.
#[test]
fn tv_pres_8b_v_pres_3_first_active_without_body() {
    let empty = notify(None, "");
    assert_eq!(
        notify_to_presence(&empty, &cfg()).unwrap(),
        NotifyContent::Empty
    );
    let ctx = NotifyContext::from_notify(&empty).unwrap();
    assert_eq!(first_active_without_body(&ctx, &cfg()).unwrap(), None);

    let closed = cfg_with(|c| c.empty_first_active = EmptyFirstActive::Closed);
    let p = first_active_without_body(&ctx, &closed).unwrap().unwrap();
    assert_stanza(
        &p,
        "<presence from='romeo@example.net' to='juliet@example.com' type='unavailable'/>",
    );
}

/// TV-PRES-33 → TV-PRES-34 (RFC 8048 Examples 20 and 21), V-PRES-5: by
/// default `from` carries the tuple's resource and `to` is juliet's bare
/// JID; the RFC-literal form has a bare `from` and `to` with the GRUU of
/// the Request-URI.
#[test]
fn tv_pres_33_to_tv_pres_34_v_pres_5() {
    let body = crlf(PIDF_R_CLOSED);
    assert_eq!(body.len(), 247);
    let msg = crlf(TV_PRES_33_HEAD) + &body;
    let notify = SipMessage::parse(msg.as_bytes(), Framing::Stream).unwrap();

    let got = stanzas_of(notify_to_presence(&notify, &cfg()).unwrap());
    assert_eq!(got.len(), 1);
    assert_stanza(
        &got[0],
        "<presence from='romeo@example.net/dr4hcr0st3lup4c' to='juliet@example.com' type='unavailable'/>",
    );
    insta::assert_snapshot!("tv_pres_34_default", text(&got[0].to_bytes()));

    let literal = cfg_with(|c| c.addressing = NotificationAddressing::RfcLiteral);
    let got = stanzas_of(notify_to_presence(&notify, &literal).unwrap());
    assert_eq!(got.len(), 1);
    assert_stanza(
        &got[0],
        "<presence from='romeo@example.net' to='juliet@example.com/yn0cl4bnw0yr3vym' type='unavailable'/>",
    );
    insta::assert_snapshot!("tv_pres_34_rfc_literal", text(&got[0].to_bytes()));
}

/// TV-PRES-38 (presence.md §6.3): the priority vectors, both ways, and
/// through documents.
#[test]
fn tv_pres_38_priority_vectors() {
    for p in [-128, -1] {
        assert_eq!(priority_to_pidf(p), None, "{p}");
    }
    for (xmpp, pidf_text) in [
        (0, "0.000"),
        (1, "0.007"),
        (2, "0.015"),
        (64, "0.503"),
        (126, "0.992"),
        (127, "1.000"),
    ] {
        let q = priority_to_pidf(xmpp).unwrap();
        assert_eq!(q.as_str(), pidf_text, "{xmpp}");
        assert_eq!(priority_to_xmpp(&q), xmpp, "{pidf_text}");
    }
    assert_eq!(priority_to_xmpp(&Priority::parse("0.5").unwrap()), 64);
    assert!(Priority::parse("1.5").is_err());

    // In documents: 0.5 → 64; 1.5 is ignored (no <priority/>, which XMPP
    // reads as 0).
    let doc = |q: &str| {
        romeo_doc(&format!(
            "<tuple id='ID-x'><status><basic>open</basic></status>\
             <contact priority='{q}'>sip:romeo@example.net</contact></tuple>"
        ))
    };
    let p = s2x_one(&doc("0.5"), &cfg());
    assert_eq!(p.priority(), 64);
    assert!(text(&p.to_bytes()).contains("<priority>64</priority>"));
    let p = s2x_one(&doc("1.5"), &cfg());
    assert!(!text(&p.to_bytes()).contains("priority"));
    assert_eq!(p.priority(), 0);
}

/// V-PRES-6 (RFC 3863 §4.2): an element marked `mustUnderstand` makes
/// the document unusable by default (no stanza, the NOTIFY still
/// answered 200); the alternative ignores the mark.
#[test]
fn v_pres_6_must_understand() {
    let body = romeo_doc(
        "<tuple id='ID-x'><status><basic>open</basic>\
         <geo xmlns='urn:example:geo' xmlns:p='urn:ietf:params:xml:ns:pidf' p:mustUnderstand='true'>here</geo>\
         </status></tuple>",
    );
    let e = pidf_to_presence(&pidf(&body), &d1(), &cfg()).unwrap_err();
    assert_eq!(
        e,
        PresenceFault::Unusable(UnusableBody::MustUnderstand {
            name: "geo".into(),
            namespace: "urn:example:geo".into()
        })
    );
    assert_eq!(e.sip_status().as_u16(), 200);
    match notify_to_presence(&notify(Some("application/pidf+xml"), &body), &cfg()).unwrap() {
        NotifyContent::Unusable(UnusableBody::MustUnderstand { name, .. }) => {
            assert_eq!(name, "geo")
        }
        other => panic!("{other:?}"),
    }

    let ignore = cfg_with(|c| c.must_understand = MustUnderstand::IgnoreAttribute);
    let p = s2x_one(&body, &ignore);
    assert_eq!(p.presence_type(), PresenceType::Available);
    assert_eq!(p.from(), Some("romeo@example.net/x"));

    // An unmarked (or false) extension is ignored either way.
    let plain = body.replace("p:mustUnderstand='true'", "p:mustUnderstand='false'");
    assert_eq!(s2x(&plain, &cfg()).len(), 1);
}

// ---- presence.md §6.2: PIDF processing rules ----

/// §6.2 "Several tuples": one stanza per tuple, in document order; each
/// `from` carries its tuple's resource.
#[test]
fn pidf_rule_several_tuples() {
    let got = s2x(
        &romeo_doc(
            "<tuple id='ID-desk'><status><basic>open</basic></status></tuple>\
             <tuple id='ID-phone'><status><basic>closed</basic></status></tuple>\
             <tuple id='ID-tablet'><status><basic>open</basic><show xmlns='jabber:client'>xa</show></status></tuple>",
        ),
        &cfg(),
    );
    let summary: Vec<_> = got
        .iter()
        .map(|p| (p.from().unwrap(), p.presence_type(), p.show()))
        .collect();
    assert_eq!(
        summary,
        [
            ("romeo@example.net/desk", PresenceType::Available, None),
            ("romeo@example.net/phone", PresenceType::Unavailable, None),
            (
                "romeo@example.net/tablet",
                PresenceType::Available,
                Some(Show::Xa)
            ),
        ]
    );
}

/// §6.2 "Tuple without `<basic>`" and "`<basic>` value other than
/// open/closed": the tuple is skipped; the others still count.
#[test]
fn pidf_rule_tuple_without_valid_basic_skipped() {
    let got = s2x(
        &romeo_doc(
            "<tuple id='ID-a'><status><show xmlns='jabber:client'>away</show></status></tuple>\
             <tuple id='ID-b'><status><basic>busy</basic></status></tuple>\
             <tuple id='ID-c'><status><basic>Open</basic></status></tuple>\
             <tuple id='ID-d'><status><basic>open</basic></status></tuple>",
        ),
        &cfg(),
    );
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].from(), Some("romeo@example.net/d"));
    // Only such tuples: nothing to send.
    assert!(
        s2x(
            &romeo_doc("<tuple id='ID-a'><status><basic>maybe</basic></status></tuple>"),
            &cfg()
        )
        .is_empty()
    );
}

/// §6.2 "No tuples at all": one `unavailable` from the bare JID, with the
/// document's notes.
#[test]
fn pidf_rule_no_tuples() {
    let p = s2x_one(&romeo_doc(""), &cfg());
    assert_stanza(
        &p,
        "<presence from='romeo@example.net' to='juliet@example.com' type='unavailable'/>",
    );
    let p = s2x_one(
        &romeo_doc("<note xml:lang='en'>Gone to Mantua</note>"),
        &cfg(),
    );
    assert_eq!(p.presence_type(), PresenceType::Unavailable);
    assert_eq!(statuses(&p), [(Some("en"), "Gone to Mantua")]);
}

/// §6.2 "Unknown elements / namespaces": ignored with their content; a
/// `<note>` or `<basic>` inside an unknown element is not read.
#[test]
fn pidf_rule_unknown_elements_ignored() {
    let p = s2x_one(
        &romeo_doc(
            "<tuple id='ID-x'><status><basic>open</basic>\
             <e:mood xmlns:e='urn:example:mood'><basic>closed</basic><note>sad</note></e:mood></status>\
             <e:device xmlns:e='urn:example:dev'><note>hidden</note></e:device>\
             <note>visible</note></tuple>\
             <e:extra xmlns:e='urn:example:x'><note>also hidden</note></e:extra>\
             <dm:device id='d1'><dm:note>device note</dm:note></dm:device>",
        ),
        &cfg(),
    );
    assert_eq!(p.presence_type(), PresenceType::Available);
    assert_eq!(statuses(&p), [(None, "visible")]);
    assert_eq!(p.payloads().count(), 0);
}

/// §6.2 "Malformed XML or wrong root namespace": the NOTIFY is fine (200)
/// but nothing is emitted.
#[test]
fn pidf_rule_malformed_body() {
    for body in [
        "<presence xmlns='urn:ietf:params:xml:ns:pidf' entity='pres:romeo@example.net'><tuple",
        "<presence xmlns='urn:example:not-pidf' entity='pres:romeo@example.net'/>",
        "<!DOCTYPE presence [<!ENTITY x 'y'>]><presence xmlns='urn:ietf:params:xml:ns:pidf' entity='pres:a@b'/>",
        "not xml at all",
    ] {
        match notify_to_presence(&notify(Some("application/pidf+xml"), body), &cfg()).unwrap() {
            NotifyContent::Unusable(UnusableBody::Malformed(_)) => {}
            other => panic!("{body}: {other:?}"),
        }
    }
    match notify_to_presence(
        &notify(
            Some("application/pidf+xml"),
            "<presence xmlns='urn:example:not-pidf' entity='pres:romeo@example.net'/>",
        ),
        &cfg(),
    )
    .unwrap()
    {
        NotifyContent::Unusable(UnusableBody::Malformed(PidfError::NotPresence { .. })) => {}
        other => panic!("{other:?}"),
    }
}

/// §6.2 "`Content-Type` other than `application/pidf+xml`": nothing is
/// emitted, even when the body would read as PIDF. The type compares
/// without regard to case, parameters ignored.
#[test]
fn pidf_rule_other_content_types() {
    let body = crlf(PIDF_R_OPEN_AWAY);
    for ct in [
        "application/cpim-pidf+xml",
        "multipart/related;type=\"application/rlmi+xml\";boundary=b1",
        "application/xml",
        "text/plain",
    ] {
        assert_eq!(
            notify_to_presence(&notify(Some(ct), &body), &cfg()).unwrap(),
            NotifyContent::Unusable(UnusableBody::ContentType {
                content_type: Some(ct.to_owned())
            }),
            "{ct}"
        );
    }
    assert_eq!(
        notify_to_presence(&notify(None, &body), &cfg()).unwrap(),
        NotifyContent::Unusable(UnusableBody::ContentType { content_type: None })
    );
    for ct in ["Application/PIDF+XML", "application/pidf+xml;charset=UTF-8"] {
        assert_eq!(
            stanzas_of(notify_to_presence(&notify(Some(ct), &body), &cfg()).unwrap()).len(),
            1,
            "{ct}"
        );
    }
}

/// §6.2 "Empty NOTIFY body" (PRES-D-9): no stanza; the previous state
/// stays current, even with a Content-Type.
#[test]
fn pidf_rule_empty_body_pres_d_9() {
    for ct in [None, Some("application/pidf+xml")] {
        assert_eq!(
            notify_to_presence(&notify(ct, ""), &cfg()).unwrap(),
            NotifyContent::Empty
        );
    }
}

/// A SIP message other than a NOTIFY is caller misuse.
#[test]
fn only_notify_requests() {
    let msg = crlf(TV_PRES_5_HEAD).replace("NOTIFY", "MESSAGE") + &crlf(PIDF_R_OPEN_AWAY);
    let m = SipMessage::parse(msg.as_bytes(), Framing::Stream).unwrap();
    assert_eq!(
        notify_to_presence(&m, &cfg()).unwrap_err(),
        PresenceFault::NotNotify
    );
}

// ---- presence.md §6.2: the rows of Table P2 ----

/// Table P2 "`Content-Language` → `xml:lang`" and "`<note/>` →
/// `<status/>`, keep `xml:lang`; presence-level notes apply to every
/// tuple's stanza": one status per language, the tuple's notes first.
#[test]
fn table_p2_notes_and_language() {
    let body = romeo_doc(
        "<tuple id='ID-a'><status><basic>open</basic></status>\
           <note>At the ball</note><note xml:lang='it'>Al ballo</note></tuple>\
         <tuple id='ID-b'><status><basic>closed</basic></status></tuple>\
         <note xml:lang='fr'>Amoureux</note><note xml:lang='IT'>Innamorato</note><note>In love</note>",
    );
    let m = notify_with(
        "Content-Language: en\r\n",
        Some("application/pidf+xml"),
        &body,
    );
    let got = stanzas_of(notify_to_presence(&m, &cfg()).unwrap());
    assert_eq!(got.len(), 2);
    assert_eq!(got[0].lang(), Some("en"));
    assert_eq!(
        statuses(&got[0]),
        [
            (Some("en"), "At the ball"),
            (Some("it"), "Al ballo"),
            (Some("fr"), "Amoureux"),
        ]
    );
    assert_eq!(
        statuses(&got[1]),
        [
            (Some("fr"), "Amoureux"),
            (Some("IT"), "Innamorato"),
            (Some("en"), "In love"),
        ]
    );
    assert_stanza(
        &got[0],
        "<presence from='romeo@example.net/a' to='juliet@example.com' xml:lang='en'>\
         <status>At the ball</status><status xml:lang='it'>Al ballo</status>\
         <status xml:lang='fr'>Amoureux</status></presence>",
    );
}

/// Table P2 "`From` → `from`": the resource comes from the tuple id, or
/// else from a `gr` in the tuple's `<contact>`; without either the stanza
/// is from the bare JID.
#[test]
fn table_p2_resource_from_id_or_gruu() {
    let got = s2x(
        &romeo_doc(
            "<tuple id='ID-foo_x0020_bar'><status><basic>open</basic></status></tuple>\
             <tuple id='t2'><status><basic>open</basic></status>\
               <contact>sip:romeo@example.net;gr=dr4hcr0st3lup4c</contact></tuple>\
             <tuple id='t3'><status><basic>open</basic></status>\
               <contact>tel:+15555550123</contact></tuple>",
        ),
        &cfg(),
    );
    let from: Vec<_> = got.iter().map(|p| p.from().unwrap()).collect();
    assert_eq!(
        from,
        [
            "romeo@example.net/foo bar",
            "romeo@example.net/dr4hcr0st3lup4c",
            "romeo@example.net",
        ]
    );
}

/// Table P2 "`<show>` only `away`, `chat`, `dnd`, `xa`", with the crate's
/// choice that a closed tuple's `<show>` is not carried (RFC 6121
/// §4.7.2.1: show qualifies availability).
#[test]
fn table_p2_show_only_when_available() {
    let p = s2x_one(
        &romeo_doc(
            "<tuple id='ID-x'><status><basic>closed</basic><show xmlns='jabber:client'>dnd</show></status></tuple>",
        ),
        &cfg(),
    );
    assert_eq!(p.presence_type(), PresenceType::Unavailable);
    assert_eq!(p.show(), None);
}

/// Table P2 with the stanzas in `jabber:server` and the stream's language
/// as default: a note in that language is written without `xml:lang`.
#[test]
fn table_p2_namespace_and_default_language() {
    let server = cfg_with(|c| {
        c.namespace = StanzaNamespace::Server;
        c.default_lang = Some("en".into());
    });
    let p = s2x_one(
        &romeo_doc(
            "<tuple id='ID-x'><status><basic>open</basic></status><note>hi</note><note xml:lang='en'>hello</note></tuple>",
        ),
        &server,
    );
    assert_eq!(p.namespace(), StanzaNamespace::Server);
    assert_eq!(statuses(&p), [(Some("en"), "hi")]);
}

// ---- presence.md §7: the RPID profile ----

fn rpid_on(idle: bool) -> PresenceMapConfig {
    cfg_with(|c| {
        c.rpid = RpidProfile::On {
            xa_user_input_idle: idle,
        }
    })
}

/// §7, X2S column "RPID added by X2S": none for no show and for `chat`;
/// `<rpid:away/>` for `away` and `xa` (with `<rpid:user-input>idle` as an
/// option for `xa`); `<rpid:busy/>` for `dnd`. The profile is off by
/// default.
#[test]
fn rpid_x2s_rows() {
    let persons = |show: Option<&str>, cfg: &PresenceMapConfig| {
        let show = show
            .map(|s| format!("<show>{s}</show>"))
            .unwrap_or_default();
        let xml = format!(
            "<presence from='juliet@example.com/yn0cl4bnw0yr3vym' to='romeo@example.net'>{show}</presence>"
        );
        presence_to_pidf(&stanza(&xml), cfg).unwrap().pidf.persons
    };
    let off = cfg();
    for show in [None, Some("away"), Some("chat"), Some("dnd"), Some("xa")] {
        assert!(persons(show, &off).is_empty(), "{show:?}");
    }
    for idle in [false, true] {
        let on = rpid_on(idle);
        assert!(persons(None, &on).is_empty());
        assert!(persons(Some("chat"), &on).is_empty());
        for (show, activity) in [
            ("away", Activity::Away),
            ("xa", Activity::Away),
            ("dnd", Activity::Busy),
        ] {
            let p = persons(Some(show), &on);
            assert_eq!(p.len(), 1, "{show}");
            assert_eq!(p[0].id.as_str(), "PID-yn0cl4bnw0yr3vym");
            assert_eq!(
                p[0].all_activities().collect::<Vec<_>>(),
                [&activity],
                "{show}"
            );
            let idle_input: Vec<_> = p[0].user_input.iter().map(|u| u.state).collect();
            if idle && show == "xa" {
                assert_eq!(idle_input, [InputState::Idle]);
            } else {
                assert!(idle_input.is_empty(), "{show}");
            }
        }
    }
    // The written body still reads, with both namespaces declared.
    let xml = "<presence from='juliet@example.com/yn0cl4bnw0yr3vym' to='romeo@example.net'><show>xa</show></presence>";
    let body = x2s_body(xml, &rpid_on(true));
    assert!(
        body.contains("<rpid:away/>") && body.contains("<rpid:user-input>idle</rpid:user-input>")
    );
    let again = pidf(&body);
    assert_eq!(again.persons.len(), 1);
}

/// §7, S2X columns "RPID seen by S2X" → "XMPP `<show/>` produced", when a
/// tuple has no `<show>`: `away` → away; `vacation`, `holiday`,
/// `permanent-absence`, `sleeping` → xa; `busy`, `on-the-phone`,
/// `meeting`, `appointment`, `presentation`, `performance` → dnd; every
/// other activity → away; no activity → no show.
#[test]
fn rpid_s2x_rows() {
    let doc = |activities: &str| {
        romeo_doc(&format!(
            "<tuple id='ID-x'><status><basic>open</basic></status></tuple>\
             <dm:person id='p1'><rpid:activities>{activities}</rpid:activities></dm:person>"
        ))
    };
    let on = rpid_on(false);
    let mut table: Vec<(&str, Show)> = vec![("away", Show::Away)];
    for a in ["vacation", "holiday", "permanent-absence", "sleeping"] {
        table.push((a, Show::Xa));
    }
    for a in [
        "busy",
        "on-the-phone",
        "meeting",
        "appointment",
        "presentation",
        "performance",
    ] {
        table.push((a, Show::Dnd));
    }
    for a in [
        "breakfast",
        "lunch",
        "dinner",
        "meal",
        "in-transit",
        "travel",
        "steering",
        "shopping",
        "playing",
        "spectator",
        "tv",
        "worship",
        "working",
        "looking-for-work",
        "unknown",
    ] {
        table.push((a, Show::Away));
    }
    for (a, show) in &table {
        let body = doc(&format!("<rpid:{a}/>"));
        assert_eq!(s2x_one(&body, &on).show(), Some(*show), "{a}");
        assert_eq!(s2x_one(&body, &cfg()).show(), None, "{a}, profile off");
    }
    assert_eq!(
        s2x_one(&doc("<rpid:other>Fencing</rpid:other>"), &on).show(),
        Some(Show::Away)
    );
    assert_eq!(s2x_one(&doc(""), &on).show(), None);
    let none = romeo_doc("<tuple id='ID-x'><status><basic>open</basic></status></tuple>");
    assert_eq!(s2x_one(&none, &on).show(), None);
    // Several activities: the least available wins.
    assert_eq!(
        s2x_one(
            &doc("<rpid:travel/><rpid:on-the-phone/><rpid:vacation/>"),
            &on
        )
        .show(),
        Some(Show::Dnd)
    );
}

/// §7: "A `<show xmlns='jabber:client'>` present in the PIDF always wins
/// over RPID"; RPID never makes a closed tuple's stanza carry a show.
#[test]
fn rpid_show_wins() {
    let on = rpid_on(false);
    let body = romeo_doc(
        "<tuple id='ID-x'><status><basic>open</basic><show xmlns='jabber:client'>chat</show></status></tuple>\
         <tuple id='ID-y'><status><basic>closed</basic></status></tuple>\
         <dm:person id='p1'><rpid:activities><rpid:busy/></rpid:activities></dm:person>",
    );
    let got = s2x(&body, &on);
    assert_eq!(got[0].show(), Some(Show::Chat));
    assert_eq!(got[1].show(), None);
}

/// §7 round trip: with the profile on both sides, X2S then S2X gives the
/// show back (from `<show>`, which wins), and a SIP client that keeps only
/// the RPID gives the §7 reading.
#[test]
fn rpid_round_trip() {
    let on = rpid_on(true);
    let mut on_reverse = cfg_reverse();
    on_reverse.rpid = on.rpid;
    for (show, rpid_only) in [
        (Show::Away, Show::Away),
        (Show::Xa, Show::Away),
        (Show::Dnd, Show::Dnd),
    ] {
        let p = PresenceBuilder::new()
            .from("juliet@example.com/yn0cl4bnw0yr3vym")
            .to("romeo@example.net")
            .show(show)
            .build()
            .unwrap();
        let mut pidf = presence_to_pidf(&p, &on).unwrap().pidf;
        let back = pidf_to_presence(&pidf, &juliet_to_romeo(), &on_reverse).unwrap();
        assert_eq!(back[0].show(), Some(show));
        pidf.tuples[0].status.extensions.clear();
        let back = pidf_to_presence(&pidf, &juliet_to_romeo(), &on_reverse).unwrap();
        assert_eq!(back[0].show(), Some(rpid_only), "{show:?}");
    }
}

// ---- PRES-SEC-4 and the §9 edge cases a stateless mapping meets ----

/// PRES-SEC-4 (RFC 8048 §8.2): a notification goes to its intended
/// recipient only. X2S: the document is addressed to the stanza's `to`
/// and names nobody but the sender, whatever the stanza carries. S2X:
/// every stanza goes to the NOTIFY's To (the watcher); a Request-URI, an
/// `entity`, a `<contact>` naming someone else never become a `to` (nor a
/// `from` other than the From AOR's).
#[test]
fn pres_sec_4_only_the_intended_recipient() {
    let p = stanza(
        "<presence from='juliet@example.com/yn0cl4bnw0yr3vym' to='romeo@example.net'>\
         <show>away</show><status>ask mallory@example.org</status>\
         <x xmlns='urn:example:forward'><to>sip:mallory@example.org</to></x></presence>",
    );
    let n = presence_to_pidf(&p, &cfg()).unwrap();
    assert_eq!(n.watcher.as_str(), "sip:romeo@example.net");
    let body = text(&n.body().bytes);
    assert!(!body.contains("urn:example:forward"), "{body}");
    let uris: Vec<&str> = std::iter::once(n.pidf.entity.as_str())
        .chain(
            n.pidf
                .tuples
                .iter()
                .filter_map(|t| t.contact.as_ref().map(|c| c.uri.as_str())),
        )
        .collect();
    for uri in uris {
        assert!(uri.contains("juliet@example.com"), "{uri}");
    }

    let hostile = romeo_doc(
        "<tuple id='t1'><status><basic>open</basic></status>\
           <contact priority='1'>sip:mallory@example.org;gr=evil</contact></tuple>\
         <tuple id='ID-x'><status><basic>closed</basic></status>\
           <contact>sip:juliet@example.com;gr=other</contact></tuple>",
    )
    .replace("pres:romeo@example.net", "pres:mallory@example.org");
    for addressing in [
        NotificationAddressing::FullFromBareTo,
        NotificationAddressing::RfcLiteral,
    ] {
        let c = cfg_with(|c| c.addressing = addressing);
        for target in [
            "sip:juliet@example.com;gr=yn0cl4bnw0yr3vym",
            "sip:mallory@example.com;gr=x",
            "sip:juliet@example.net;gr=x",
        ] {
            let ctx = NotifyContext::new(
                "sip:romeo@example.net".parse().unwrap(),
                "sip:juliet@example.com".parse().unwrap(),
            )
            .with_request_uri(target.parse().unwrap());
            let got = pidf_to_presence(&pidf(&hostile), &ctx, &c).unwrap();
            assert_eq!(got.len(), 2);
            for p in &got {
                let to = p.to().unwrap();
                assert!(
                    to == "juliet@example.com" || to == "juliet@example.com/yn0cl4bnw0yr3vym",
                    "{addressing:?} {target}: {to}"
                );
                assert!(
                    p.from().unwrap().starts_with("romeo@example.net"),
                    "{:?}",
                    p.from()
                );
            }
        }
    }
}

/// §9 "PIDF entity differs from From": From is trusted.
#[test]
fn edge_entity_differs_from_from() {
    let body = crlf(PIDF_R_OPEN_AWAY).replace("pres:romeo@example.net", "pres:tybalt@example.net");
    let p = s2x_one(&body, &cfg());
    assert_eq!(p.from(), Some("romeo@example.net/dr4hcr0st3lup4c"));
}

/// §9 "Several `<show/>` / `<priority/>` children" and "`<priority/>` not
/// an integer or outside -128..127": such stanzas are refused by the
/// stanza reader, so they never reach the mapping.
#[test]
fn edge_invalid_stanzas_never_reach_the_mapping() {
    for xml in [
        "<presence from='juliet@example.com/a' to='romeo@example.net'><show>away</show><show>dnd</show></presence>",
        "<presence from='juliet@example.com/a' to='romeo@example.net'><priority>1</priority><priority>2</priority></presence>",
        "<presence from='juliet@example.com/a' to='romeo@example.net'><priority>high</priority></presence>",
        "<presence from='juliet@example.com/a' to='romeo@example.net'><priority>128</priority></presence>",
        "<presence from='juliet@example.com/a' to='romeo@example.net' type='available'/>",
    ] {
        assert!(
            Stanza::parse(xml.as_bytes(), &StanzaConfig::default()).is_err(),
            "{xml}"
        );
    }
}

/// X2S addresses: a stanza without `from` or `to` has no presentity or no
/// watcher (PRES-SEC-4: no recipient is guessed); a sender outside the
/// XMPP domains or a recipient outside the SIP domains is refused with the
/// RFC 7247 answer.
#[test]
fn x2s_addresses() {
    let e =
        presence_to_pidf(&stanza("<presence from='juliet@example.com/a'/>"), &cfg()).unwrap_err();
    assert_eq!(
        e,
        PresenceFault::MissingAddress {
            role: Role::Recipient
        }
    );
    assert_eq!(e.xmpp_condition(), DefinedCondition::JidMalformed);
    let e = presence_to_pidf(&stanza("<presence to='romeo@example.net'/>"), &cfg()).unwrap_err();
    assert_eq!(e, PresenceFault::MissingAddress { role: Role::Sender });
    let e = presence_to_pidf(
        &stanza("<presence from='juliet@example.com/a' to='nurse@example.com'/>"),
        &cfg(),
    )
    .unwrap_err();
    assert_eq!(e.xmpp_condition(), DefinedCondition::NotAcceptable);
    let e = presence_to_pidf(
        &stanza("<presence from='mallory@example.org/a' to='romeo@example.net'/>"),
        &cfg(),
    )
    .unwrap_err();
    assert_eq!(e.xmpp_condition(), DefinedCondition::Forbidden);
}

/// Table P1 `from` with the `sip:` entity option, a bare `from` (tuple id
/// `ID-`, which maps back to the bare JID), and statuses in several
/// languages.
#[test]
fn table_p1_entity_bare_sender_and_notes() {
    let sip = cfg_with(|c| c.entity_scheme = EntityScheme::Sip);
    let n = presence_to_pidf(
        &stanza(
            "<presence from='juliet@example.com' to='romeo@example.net' type='unavailable' xml:lang='en'>\
             <status>Asleep</status><status xml:lang='it'>Addormentata</status></presence>",
        ),
        &sip,
    )
    .unwrap();
    assert_eq!(n.pidf.entity.as_str(), "sip:juliet@example.com");
    assert_eq!(n.pidf.tuples[0].id, Id::parse("ID-").unwrap());
    assert_eq!(
        n.pidf.tuples[0].notes,
        [
            Note::new(Some("en"), "Asleep"),
            Note::new(Some("it"), "Addormentata")
        ]
    );
    let back = pidf_to_presence(
        &pidf(&text(&n.body().bytes)),
        &juliet_to_romeo().with_content_language("en"),
        &cfg_reverse(),
    )
    .unwrap();
    assert_eq!(back[0].from(), Some("juliet@example.com"));
    assert_eq!(
        statuses(&back[0]),
        [(Some("en"), "Asleep"), (Some("it"), "Addormentata")]
    );
}

/// Content-Language is written only for a tag SIP can carry; the notes
/// keep their `xml:lang` all the same.
#[test]
fn table_p1_content_language_only_for_sip_tags() {
    let n = presence_to_pidf(
        &stanza(
            "<presence from='juliet@example.com/a' to='romeo@example.net' xml:lang='en_GB'><status>x</status></presence>",
        ),
        &cfg(),
    )
    .unwrap();
    assert_eq!(n.content_language, None);
    assert_eq!(n.pidf.tuples[0].notes[0].lang.as_deref(), Some("en_GB"));
}

/// PRES-D-12: `<contact>` only when a priority is mapped (default), or
/// always; a document built by hand gives the same bytes as the mapping.
#[test]
fn pres_d_12_contact_policy() {
    let xml = "<presence from='juliet@example.com/yn0cl4bnw0yr3vym' to='romeo@example.net'><show>away</show></presence>";
    assert!(!x2s_body(xml, &cfg()).contains("<contact"));
    let always = cfg_with(|c| c.contact = ContactPolicy::Always);
    let body = x2s_body(xml, &always);
    assert!(
        body.contains("    <contact>sip:juliet@example.com;gr=yn0cl4bnw0yr3vym</contact>\r\n"),
        "{body}"
    );
    // notify_body on a document built by hand.
    let mut show = Element::bare("show", NS_SHOW);
    show.append_text_node("away");
    let built = Pidf::new("pres:juliet@example.com".parse().unwrap()).with_tuple(
        Tuple::new(Id::from_resource("yn0cl4bnw0yr3vym"), Basic::Open).with_status_extension(show),
    );
    assert_eq!(
        text(&notify_body(&built, None).bytes),
        crlf(PIDF_J_OPEN_AWAY)
    );
}

/// S2X addresses: From outside the SIP domains is refused with its RFC
/// 7247 answer; a `sips:` To is refused (CORE-SEC-2).
#[test]
fn s2x_addresses() {
    let ctx = NotifyContext::new(
        "sip:mallory@example.org".parse().unwrap(),
        "sip:juliet@example.com".parse().unwrap(),
    );
    let e = pidf_to_presence(&pidf(&crlf(PIDF_R_CLOSED)), &ctx, &cfg()).unwrap_err();
    assert_eq!(e.sip_status().as_u16(), 403);
    let ctx = NotifyContext::new(
        "sip:romeo@example.net".parse().unwrap(),
        "sips:juliet@example.com".parse().unwrap(),
    );
    let e = pidf_to_presence(&pidf(&crlf(PIDF_R_CLOSED)), &ctx, &cfg()).unwrap_err();
    assert_eq!(e.sip_status().as_u16(), 403);
}
