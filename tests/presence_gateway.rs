//! The presence gateway in simulated time (RFC 8048 with RFC 6665 and
//! RFC 3856), between a fake SIP presence agent / watcher and a fake XMPP
//! server that exchange wire bytes with it. Each test names the
//! requirement IDs and test vectors of `presence.md` it proves.

use std::time::{Duration, Instant};

use sip_xmpp::im::Output;
use sip_xmpp::presence::{NotifierState, PresenceConfig, PresenceGateway, WatchState};
use sip_xmpp::sip::{Framing, SipMessage, StatusCode};
use sip_xmpp::xmpp::{DefinedCondition, PresenceType, Show, Stanza, StanzaConfig};

const JULIET: &str = "juliet@example.com";
const ROMEO: &str = "romeo@example.net";

/// PIDF-R-OPEN-AWAY of `presence.md` §5 (292 octets).
const PIDF_R_OPEN_AWAY: &str = "<?xml version='1.0' encoding='UTF-8'?>\r\n\
<presence xmlns='urn:ietf:params:xml:ns:pidf'\r\n          entity='pres:romeo@example.net'>\r\n  \
<tuple id='ID-dr4hcr0st3lup4c'>\r\n    <status>\r\n      <basic>open</basic>\r\n      \
<show xmlns='jabber:client'>away</show>\r\n    </status>\r\n  </tuple>\r\n</presence>";

/// PIDF-J-OPEN-AWAY (294 octets) and PIDF-J-CLOSED (249 octets).
const PIDF_J_OPEN_AWAY: &str = "<?xml version='1.0' encoding='UTF-8'?>\r\n\
<presence xmlns='urn:ietf:params:xml:ns:pidf'\r\n          entity='pres:juliet@example.com'>\r\n  \
<tuple id='ID-yn0cl4bnw0yr3vym'>\r\n    <status>\r\n      <basic>open</basic>\r\n      \
<show xmlns='jabber:client'>away</show>\r\n    </status>\r\n  </tuple>\r\n</presence>";
const PIDF_J_CLOSED: &str = "<?xml version='1.0' encoding='UTF-8'?>\r\n\
<presence xmlns='urn:ietf:params:xml:ns:pidf'\r\n          entity='pres:juliet@example.com'>\r\n  \
<tuple id='ID-yn0cl4bnw0yr3vym'>\r\n    <status>\r\n      <basic>closed</basic>\r\n    \
</status>\r\n  </tuple>\r\n</presence>";

struct World {
    gw: PresenceGateway,
    now: Instant,
    sip: Vec<SipMessage>,
    xmpp: Vec<Stanza>,
}

fn config() -> PresenceConfig {
    let mut cfg = PresenceConfig::new("x2s.example.com", "TCP", "x2s.example.com");
    cfg.contact_host = "s2x.example.net".into();
    cfg
}

impl World {
    fn new() -> World {
        World::with(config())
    }

    fn with(cfg: PresenceConfig) -> World {
        World {
            gw: PresenceGateway::new(cfg, [3; 32]),
            now: Instant::now(),
            sip: Vec::new(),
            xmpp: Vec::new(),
        }
    }

    /// Everything the gateway sent, written and parsed again.
    fn pump(&mut self) {
        while let Some(o) = self.gw.poll_output() {
            match o {
                Output::Sip(m) => self.sip.push(
                    SipMessage::parse(&m.to_bytes(), Framing::Stream).expect("SIP out parses"),
                ),
                Output::Xmpp(s) => self.xmpp.push(
                    Stanza::parse(&s.to_bytes(), &StanzaConfig::default())
                        .expect("stanza out parses"),
                ),
            }
        }
    }

    fn xmpp_in(&mut self, xml: &str) {
        let s = Stanza::parse(xml.as_bytes(), &StanzaConfig::default()).expect("test stanza");
        let _ = self.gw.handle_xmpp(self.now, s);
        self.pump();
    }

    /// A SIP message written with LF line ends; the body after the blank
    /// line is taken as it is, and Content-Length computed.
    fn sip_in(&mut self, text: &str, body: &str) {
        let head = text.trim_end().replace('\n', "\r\n");
        let wire = format!("{head}\r\nContent-Length: {}\r\n\r\n{body}", body.len());
        let m = SipMessage::parse(wire.as_bytes(), Framing::Stream).expect("test SIP");
        let _ = self.gw.handle_sip(self.now, m);
        self.pump();
    }

    /// Answers `req` with `code` (To tag `tag`) and extra header lines.
    fn answer(&mut self, req: &SipMessage, code: u16, tag: &str, extra: &[(&str, &str)]) {
        let mut r = req
            .make_response(StatusCode::new(code).expect("code"), tag)
            .expect("response");
        for (n, v) in extra {
            r.push_header(n, v).expect("header");
        }
        let r = SipMessage::parse(&r.to_bytes(), Framing::Stream).expect("response parses");
        let _ = self.gw.handle_sip(self.now, r);
        self.pump();
    }

    fn advance(&mut self, d: Duration) {
        let until = self.now + d;
        while let Some(t) = self.gw.poll_timeout().filter(|t| *t <= until) {
            self.now = self.now.max(t);
            self.gw.handle_timeout(self.now);
            self.pump();
        }
        self.now = until;
    }

    fn take_sip(&mut self) -> Vec<SipMessage> {
        std::mem::take(&mut self.sip)
    }

    fn take_xmpp(&mut self) -> Vec<Stanza> {
        std::mem::take(&mut self.xmpp)
    }
}

fn method(m: &SipMessage) -> String {
    match (m.method(), m.status()) {
        (Some(x), _) => x.as_str().to_owned(),
        (None, Some(s)) => s.as_u16().to_string(),
        _ => String::new(),
    }
}

fn presence_type(s: &Stanza) -> PresenceType {
    match s {
        Stanza::Presence(p) => p.presence_type(),
        _ => panic!("not a presence: {s:?}"),
    }
}

fn summary(s: &Stanza) -> (PresenceType, Option<&str>, Option<&str>) {
    (presence_type(s), s.from(), s.to())
}

/// Drives X2S up to `active`: subscribe (TV-PRES-1), 200 (TV-PRES-3),
/// NOTIFY pending (TV-PRES-4), NOTIFY active with PIDF-R-OPEN-AWAY
/// (TV-PRES-5). Returns the SUBSCRIBE and the From tag.
fn x2s_active(w: &mut World) -> (SipMessage, String) {
    w.xmpp_in("<presence xmlns='jabber:client' from='juliet@example.com' to='romeo@example.net' type='subscribe'/>");
    let mut out = w.take_sip();
    assert_eq!(out.len(), 1);
    let sub = out.remove(0);
    let tag = sub.from_header().unwrap().tag().unwrap().to_owned();
    w.answer(
        &sub,
        200,
        "ffd2",
        &[
            ("Contact", "<sip:romeo@example.net;gr=dr4hcr0st3lup4c>"),
            ("Expires", "3600"),
        ],
    );
    assert!(
        w.take_xmpp().is_empty(),
        "PRES-SUB-2: neutral after the 200"
    );
    let call_id = sub.call_id().unwrap().to_owned();
    w.sip_in(&notify_text(&call_id, &tag, 1, "pending;expires=3600"), "");
    let ok = w.take_sip();
    assert_eq!(ok.iter().map(method).collect::<Vec<_>>(), ["200"]);
    assert!(w.take_xmpp().is_empty(), "PRES-SUB-3: nothing for pending");
    assert_eq!(w.gw.watch_state(JULIET, ROMEO), Some(WatchState::Pending));
    w.sip_in(
        &format!(
            "{}\nContent-Type: application/pidf+xml",
            notify_text(&call_id, &tag, 2, "active;expires=499")
        ),
        PIDF_R_OPEN_AWAY,
    );
    (sub, tag)
}

fn notify_text(call_id: &str, tag: &str, cseq: u32, state: &str) -> String {
    format!(
        "NOTIFY sip:juliet@example.com;gr=yn0cl4bnw0yr3vym SIP/2.0
Via: SIP/2.0/TCP simple.example.net;branch=z9hG4bKn{cseq}x{}
Max-Forwards: 70
From: <sip:romeo@example.net>;tag=ffd2
To: <sip:juliet@example.com>;tag={tag}
Call-ID: {call_id}
CSeq: {cseq} NOTIFY
Event: presence
Subscription-State: {state}
Contact: <sip:romeo@example.net;gr=dr4hcr0st3lup4c>",
        state.len()
    )
}

/// TV-PRES-1, TV-PRES-2 (PRES-SUB-1, PRES-D-10): the SUBSCRIBE the
/// gateway sends for an XMPP subscribe, with the digest's corrections (To
/// present; no `gr` in From/To).
#[test]
fn tv_pres_2_subscribe_for_an_xmpp_subscribe() {
    let mut w = World::new();
    w.xmpp_in("<presence xmlns='jabber:client' from='juliet@example.com' to='romeo@example.net' type='subscribe'/>");
    let out = w.take_sip();
    assert_eq!(out.len(), 1);
    let s = &out[0];
    assert_eq!(method(s), "SUBSCRIBE");
    assert_eq!(s.request_uri().unwrap().as_str(), "sip:romeo@example.net");
    assert_eq!(
        s.from_header().unwrap().uri.as_str(),
        "sip:juliet@example.com"
    );
    assert!(s.from_header().unwrap().tag().is_some());
    assert_eq!(s.to_header().unwrap().uri.as_str(), "sip:romeo@example.net");
    assert_eq!(s.to_header().unwrap().tag(), None);
    assert_eq!(s.cseq().unwrap().seq, 1);
    assert_eq!(s.header("Event"), Some("presence"));
    assert_eq!(s.header("Accept"), Some("application/pidf+xml"));
    assert_eq!(s.expires().unwrap(), Some(3600));
    assert_eq!(s.max_forwards().unwrap(), Some(70));
    assert!(s.top_via().unwrap().has_rfc3261_branch());
    assert!(s.header("Contact").is_some());
    assert_eq!(
        w.gw.watch_state(JULIET, ROMEO),
        Some(WatchState::Requesting)
    );
}

/// TV-PRES-3 to TV-PRES-8 (PRES-SUB-2, PRES-SUB-3, PRES-SUB-4,
/// PRES-SUB-5, PRES-NTF-14, PRES-NTF-16, V-PRES-2, PRES-D-7): neutral
/// until the first active NOTIFY; then `subscribed` before the presence
/// mapped from the body, with its `<show/>`.
#[test]
fn tv_pres_8_first_active_notify_gives_subscribed_then_presence() {
    let mut w = World::new();
    x2s_active(&mut w);
    let ok = w.take_sip();
    assert_eq!(
        ok.iter().map(method).collect::<Vec<_>>(),
        ["200"],
        "TV-PRES-6"
    );
    assert!(ok[0].to_header().unwrap().tag().is_some());
    let x = w.take_xmpp();
    assert_eq!(x.len(), 2);
    assert_eq!(
        summary(&x[0]),
        (PresenceType::Subscribed, Some(ROMEO), Some(JULIET)),
        "TV-PRES-7"
    );
    assert_eq!(
        summary(&x[1]),
        (
            PresenceType::Available,
            Some("romeo@example.net/dr4hcr0st3lup4c"),
            Some(JULIET)
        ),
        "TV-PRES-8"
    );
    let Stanza::Presence(p) = &x[1] else {
        unreachable!()
    };
    assert_eq!(p.show(), Some(Show::Away));
    assert_eq!(w.gw.watch_state(JULIET, ROMEO), Some(WatchState::Active));
}

/// TV-PRES-5 correction (PRES-D-7): a NOTIFY with From and To swapped, as
/// RFC 8048 Example 4 prints it, matches no subscription: 481.
#[test]
fn rfc_example_4_with_swapped_addresses_is_481() {
    let mut w = World::new();
    w.xmpp_in("<presence xmlns='jabber:client' from='juliet@example.com' to='romeo@example.net' type='subscribe'/>");
    let sub = w.take_sip().remove(0);
    let tag = sub.from_header().unwrap().tag().unwrap().to_owned();
    let call_id = sub.call_id().unwrap().to_owned();
    let text = notify_text(&call_id, &tag, 2, "active;expires=499")
        .replace(
            "From: <sip:romeo@example.net>;tag=ffd2",
            "From: <sip:juliet@example.com>;tag=XX",
        )
        .replace(
            &format!("To: <sip:juliet@example.com>;tag={tag}"),
            "To: <sip:romeo@example.net>;tag=ffd2",
        );
    w.sip_in(&text, "");
    let out = w.take_sip();
    assert_eq!(out.iter().map(method).collect::<Vec<_>>(), ["481"]);
    assert!(w.take_xmpp().is_empty());
}

/// PRES-SUB-6, PRES-SUB-7, PRES-SEC-3, TV-PRES-9: the refresh comes at 80 %
/// of the granted time, after a probe of the user's bare JID, in the
/// dialog (remote target, To tag, next CSeq); then a day of refreshes.
#[test]
fn tv_pres_9_refresh_in_dialog_across_a_day() {
    let mut w = World::new();
    let (sub, tag) = x2s_active(&mut w);
    w.take_sip();
    w.take_xmpp();
    let call_id = sub.call_id().unwrap().to_owned();
    // Granted 499 s by the NOTIFY: refresh at 399.2 s.
    w.advance(Duration::from_millis(399_100));
    let early = w.take_sip();
    assert!(
        early.is_empty(),
        "{:?}",
        early
            .iter()
            .map(|m| String::from_utf8_lossy(&m.to_bytes()).into_owned())
            .collect::<Vec<_>>()
    );
    w.advance(Duration::from_millis(200));
    let x = w.take_xmpp();
    assert_eq!(
        summary(&x[0]),
        (PresenceType::Probe, Some("x2s.example.com"), Some(JULIET))
    );
    let out = w.take_sip();
    assert_eq!(out.len(), 1);
    let r = &out[0];
    assert_eq!(
        r.request_uri().unwrap().as_str(),
        "sip:romeo@example.net;gr=dr4hcr0st3lup4c"
    );
    assert_eq!(r.to_header().unwrap().tag(), Some("ffd2"));
    assert_eq!(r.from_header().unwrap().tag(), Some(tag.as_str()));
    assert_eq!(r.call_id().unwrap(), call_id);
    assert_eq!(r.cseq().unwrap().seq, 2);
    assert_eq!(r.expires().unwrap(), Some(3600));
    // Answer every refresh for 24 h: 200 with Expires 3600, then a NOTIFY.
    let mut refreshes = 1;
    let mut req = out[0].clone();
    let mut notify_cseq = 3;
    let day = w.now + Duration::from_secs(24 * 3600);
    while w.now < day {
        w.answer(&req, 200, "ffd2", &[("Expires", "3600")]);
        w.sip_in(
            &notify_text(&call_id, &tag, notify_cseq, "active;expires=3600"),
            "",
        );
        notify_cseq += 1;
        assert_eq!(w.take_sip().iter().map(method).collect::<Vec<_>>(), ["200"]);
        assert!(
            w.take_xmpp().is_empty(),
            "PRES-D-9: an empty NOTIFY changes nothing"
        );
        w.advance(Duration::from_secs(2881));
        let out = w.take_sip();
        assert_eq!(out.len(), 1, "one refresh per 2880 s");
        req = out[0].clone();
        assert_eq!(req.cseq().unwrap().seq, refreshes + 2);
        refreshes += 1;
        w.take_xmpp();
    }
    assert!(refreshes >= 30, "{refreshes} refreshes in a day");
    assert_eq!(w.gw.watch_state(JULIET, ROMEO), Some(WatchState::Active));
}

/// TV-PRES-10, TV-PRES-11, TV-PRES-12 (PRES-SUB-9, V-PRES-4): 403, 489
/// and 603 to a refresh end the authorization: `unavailable`, then
/// `unsubscribed` from the contact.
#[test]
fn tv_pres_10_to_12_refusals_end_the_authorization() {
    for code in [403, 489, 603] {
        let mut w = World::new();
        x2s_active(&mut w);
        w.take_sip();
        w.take_xmpp();
        w.advance(Duration::from_secs(400));
        let refresh = w
            .take_sip()
            .into_iter()
            .find(|m| method(m) == "SUBSCRIBE")
            .unwrap();
        w.take_xmpp();
        w.answer(&refresh, code, "ffd2", &[]);
        let x = w.take_xmpp();
        let kinds: Vec<_> = x.iter().map(summary).collect();
        assert_eq!(
            kinds,
            [
                (PresenceType::Unavailable, Some(ROMEO), Some(JULIET)),
                (PresenceType::Unsubscribed, Some(ROMEO), Some(JULIET))
            ],
            "{code}"
        );
        assert_eq!(w.gw.watch_state(JULIET, ROMEO), None, "{code}");
    }
}

/// TV-PRES-13 (PRES-SUB-10, PRES-D-4): 481 to a refresh makes a new
/// dialog (new Call-ID and From tag, no To tag) and keeps the
/// authorization: no `subscribed` again when it becomes active.
#[test]
fn tv_pres_13_481_makes_a_new_dialog() {
    let mut w = World::new();
    let (sub, tag) = x2s_active(&mut w);
    w.take_sip();
    w.take_xmpp();
    w.advance(Duration::from_secs(400));
    let refresh = w
        .take_sip()
        .into_iter()
        .find(|m| method(m) == "SUBSCRIBE")
        .unwrap();
    w.take_xmpp();
    w.answer(&refresh, 481, "ffd2", &[]);
    let out = w.take_sip();
    assert_eq!(out.len(), 1);
    let again = &out[0];
    assert_eq!(method(again), "SUBSCRIBE");
    assert_ne!(again.call_id().unwrap(), sub.call_id().unwrap());
    assert_ne!(again.from_header().unwrap().tag(), Some(tag.as_str()));
    assert_eq!(again.to_header().unwrap().tag(), None);
    assert!(w.take_xmpp().is_empty(), "authorization kept: nothing told");
    assert_eq!(
        w.gw.watch_state(JULIET, ROMEO),
        Some(WatchState::Resubscribing)
    );
    let new_tag = again.from_header().unwrap().tag().unwrap().to_owned();
    w.sip_in(
        &format!(
            "{}\nContent-Type: application/pidf+xml",
            notify_text(again.call_id().unwrap(), &new_tag, 1, "active;expires=3600")
        ),
        PIDF_R_OPEN_AWAY,
    );
    let x = w.take_xmpp();
    assert_eq!(x.len(), 1, "presence only, no second subscribed");
    assert_eq!(presence_type(&x[0]), PresenceType::Available);
}

/// TV-PRES-14 (RFC 6665 §4.1.2.1): 423 with Min-Expires: the SUBSCRIBE
/// goes again with Expires 7200 and the next CSeq.
#[test]
fn tv_pres_14_423_asks_again_with_min_expires() {
    let mut w = World::new();
    x2s_active(&mut w);
    w.take_sip();
    w.take_xmpp();
    w.advance(Duration::from_secs(400));
    let refresh = w
        .take_sip()
        .into_iter()
        .find(|m| method(m) == "SUBSCRIBE")
        .unwrap();
    w.answer(&refresh, 423, "ffd2", &[("Min-Expires", "7200")]);
    let out = w.take_sip();
    assert_eq!(out.len(), 1);
    assert_eq!(out[0].expires().unwrap(), Some(7200));
    assert_eq!(out[0].cseq().unwrap().seq, refresh.cseq().unwrap().seq + 1);
}

/// TV-PRES-15 (PRES-D-4): 404 to a refresh ends the dialog, keeps the
/// authorization, tells the user the contact is `unavailable`; the next
/// probe (the user coming online) subscribes again.
#[test]
fn tv_pres_15_404_ends_the_dialog_only() {
    let mut w = World::new();
    x2s_active(&mut w);
    w.take_sip();
    w.take_xmpp();
    w.advance(Duration::from_secs(400));
    let refresh = w
        .take_sip()
        .into_iter()
        .find(|m| method(m) == "SUBSCRIBE")
        .unwrap();
    w.take_xmpp();
    w.answer(&refresh, 404, "ffd2", &[]);
    let x = w.take_xmpp();
    assert_eq!(
        x.iter().map(summary).collect::<Vec<_>>(),
        [(PresenceType::Unavailable, Some(ROMEO), Some(JULIET))]
    );
    assert_eq!(w.gw.watch_state(JULIET, ROMEO), Some(WatchState::Dormant));
    w.xmpp_in("<presence xmlns='jabber:client' from='juliet@example.com' to='romeo@example.net' type='probe'/>");
    let out = w.take_sip();
    assert_eq!(out.iter().map(method).collect::<Vec<_>>(), ["SUBSCRIBE"]);
    assert_eq!(out[0].to_header().unwrap().tag(), None, "a new dialog");
    assert_eq!(
        w.gw.watch_state(JULIET, ROMEO),
        Some(WatchState::Resubscribing)
    );
}

/// TV-PRES-16 (RFC 6665 §4.1.2.2): 500, 503 and 408 keep the dialog until
/// its last known expiry; then the user hears `unavailable`.
#[test]
fn tv_pres_16_other_failures_keep_the_dialog_until_expiry() {
    for code in [500, 503, 408] {
        let mut w = World::new();
        x2s_active(&mut w);
        w.take_sip();
        w.take_xmpp();
        w.advance(Duration::from_secs(400));
        let refresh = w
            .take_sip()
            .into_iter()
            .find(|m| method(m) == "SUBSCRIBE")
            .unwrap();
        w.take_xmpp();
        w.answer(&refresh, code, "ffd2", &[]);
        assert!(w.take_xmpp().is_empty(), "{code}");
        assert_eq!(
            w.gw.watch_state(JULIET, ROMEO),
            Some(WatchState::Active),
            "{code}"
        );
        // The NOTIFY granted 499 s: at expiry, `unavailable`.
        w.advance(Duration::from_secs(100));
        let x = w.take_xmpp();
        assert_eq!(
            x.iter().map(summary).collect::<Vec<_>>(),
            [(PresenceType::Unavailable, Some(ROMEO), Some(JULIET))],
            "{code}"
        );
        assert_eq!(
            w.gw.watch_state(JULIET, ROMEO),
            Some(WatchState::Dormant),
            "{code}"
        );
    }
}

/// TV-PRES-17 to TV-PRES-20 (PRES-SUB-11, PRES-SUB-12, PRES-SUB-13,
/// V-PRES-1): unsubscribe → SUBSCRIBE Expires 0 in the dialog; its 2xx →
/// `unsubscribed`; the notifier's `terminated` NOTIFY → 200, watch gone.
#[test]
fn tv_pres_18_to_20_unsubscribe() {
    let mut w = World::new();
    let (sub, tag) = x2s_active(&mut w);
    w.take_sip();
    w.take_xmpp();
    w.xmpp_in("<presence xmlns='jabber:client' from='juliet@example.com' to='romeo@example.net' type='unsubscribe'/>");
    let out = w.take_sip();
    assert_eq!(out.len(), 1);
    let u = &out[0];
    assert_eq!(u.expires().unwrap(), Some(0), "TV-PRES-18");
    assert_eq!(
        u.request_uri().unwrap().as_str(),
        "sip:romeo@example.net;gr=dr4hcr0st3lup4c"
    );
    assert_eq!(u.to_header().unwrap().tag(), Some("ffd2"));
    assert_eq!(u.cseq().unwrap().seq, 2, "directly after the SUBSCRIBE");
    assert!(
        w.take_xmpp().is_empty(),
        "RFC 8048: unsubscribed after the 2xx"
    );
    w.answer(u, 200, "ffd2", &[("Expires", "0")]);
    let x = w.take_xmpp();
    assert_eq!(
        x.iter().map(summary).collect::<Vec<_>>(),
        [(PresenceType::Unsubscribed, Some(ROMEO), Some(JULIET))],
        "TV-PRES-19"
    );
    w.sip_in(
        &notify_text(sub.call_id().unwrap(), &tag, 3, "terminated;reason=timeout"),
        "",
    );
    assert_eq!(
        w.take_sip().iter().map(method).collect::<Vec<_>>(),
        ["200"],
        "TV-PRES-20"
    );
    assert!(w.take_xmpp().is_empty());
    assert_eq!(w.gw.watch_state(JULIET, ROMEO), None);
    assert_eq!(w.gw.poll_timeout(), None);
}

/// PRES7248-9: the RFC 7248 profile sends `unsubscribed` with the
/// SUBSCRIBE, not after its 2xx.
#[test]
fn pres7248_9_legacy_unsubscribed_on_send() {
    let mut cfg = config();
    cfg.legacy_unsubscribed_on_send = true;
    let mut w = World::with(cfg);
    x2s_active(&mut w);
    w.take_sip();
    w.take_xmpp();
    w.xmpp_in("<presence xmlns='jabber:client' from='juliet@example.com' to='romeo@example.net' type='unsubscribe'/>");
    let u = w.take_sip().remove(0);
    assert_eq!(
        w.take_xmpp().iter().map(presence_type).collect::<Vec<_>>(),
        [PresenceType::Unsubscribed]
    );
    w.answer(&u, 200, "ffd2", &[]);
    assert!(w.take_xmpp().is_empty(), "not twice");
}

/// Unsubscribe while still pending, then the 2xx: `unsubscribed` once.
#[test]
fn unsubscribe_mid_pending() {
    let mut w = World::new();
    w.xmpp_in("<presence xmlns='jabber:client' from='juliet@example.com' to='romeo@example.net' type='subscribe'/>");
    let sub = w.take_sip().remove(0);
    let tag = sub.from_header().unwrap().tag().unwrap().to_owned();
    w.answer(&sub, 200, "ffd2", &[("Expires", "3600")]);
    w.sip_in(
        &notify_text(sub.call_id().unwrap(), &tag, 1, "pending;expires=3600"),
        "",
    );
    w.take_sip();
    w.xmpp_in("<presence xmlns='jabber:client' from='juliet@example.com' to='romeo@example.net' type='unsubscribe'/>");
    let u = w.take_sip().remove(0);
    assert_eq!(u.expires().unwrap(), Some(0));
    assert_eq!(
        w.gw.watch_state(JULIET, ROMEO),
        Some(WatchState::Unsubscribing)
    );
    w.answer(&u, 200, "ffd2", &[]);
    assert_eq!(
        w.take_xmpp().iter().map(presence_type).collect::<Vec<_>>(),
        [PresenceType::Unsubscribed]
    );
    // The notifier never sends its final NOTIFY: Timer N cleans up without
    // a second `unsubscribed`.
    w.advance(Duration::from_secs(40));
    assert!(w.take_xmpp().is_empty());
    assert_eq!(w.gw.watch_state(JULIET, ROMEO), None);
}

/// Timer N on a new subscription (§8.1 X1): no NOTIFY within 32 s → a
/// `<remote-server-timeout/>` presence error to the user, watch gone.
#[test]
fn timer_n_without_notify_is_a_timeout_error() {
    let mut w = World::new();
    w.xmpp_in("<presence xmlns='jabber:client' from='juliet@example.com' to='romeo@example.net' type='subscribe'/>");
    w.take_sip();
    w.advance(Duration::from_secs(31));
    assert!(w.take_xmpp().is_empty());
    w.advance(Duration::from_secs(1));
    let x = w.take_xmpp();
    assert_eq!(x.len(), 1);
    assert_eq!(presence_type(&x[0]), PresenceType::Error);
    assert_eq!(
        x[0].error().map(|e| e.condition),
        Some(DefinedCondition::RemoteServerTimeout)
    );
    assert_eq!(w.gw.watch_state(JULIET, ROMEO), None);
}

/// PRES-SUB-9 on the first SUBSCRIBE: 489 → `unsubscribed`; 404 → a
/// presence error `<item-not-found/>` (RFC 7247 Table B).
#[test]
fn pres_sub_9_initial_refusals() {
    let mut w = World::new();
    w.xmpp_in("<presence xmlns='jabber:client' from='juliet@example.com' to='romeo@example.net' type='subscribe'/>");
    let sub = w.take_sip().remove(0);
    w.answer(&sub, 489, "ffd2", &[]);
    assert_eq!(
        w.take_xmpp().iter().map(presence_type).collect::<Vec<_>>(),
        [PresenceType::Unsubscribed]
    );
    w.xmpp_in("<presence xmlns='jabber:client' from='juliet@example.com' to='romeo@example.net' type='subscribe'/>");
    let sub = w.take_sip().remove(0);
    w.answer(&sub, 404, "ffd2", &[]);
    let x = w.take_xmpp();
    assert_eq!(x.len(), 1);
    assert_eq!(
        x[0].error().map(|e| e.condition),
        Some(DefinedCondition::ItemNotFound)
    );
}

// ---------------------------------------------------------------------
// S2X
// ---------------------------------------------------------------------

const SUBSCRIBE_21: &str = "SUBSCRIBE sip:juliet@example.com SIP/2.0
Via: SIP/2.0/TCP simple.example.net;branch=z9hG4bKsub00026
Max-Forwards: 70
From: <sip:romeo@example.net>;tag=xfg9
To: <sip:juliet@example.com>
Call-ID: AA5A8BE5-CBB7-42B9-8181-6230012B1E11
CSeq: 1 SUBSCRIBE
Event: presence
Contact: <sip:romeo@example.net;gr=dr4hcr0st3lup4c>
Accept: application/pidf+xml";

/// TV-PRES-21 to TV-PRES-24 (PRES-SUB-15, PRES-D-1, PRES-D-2, PA-4): 200
/// at once with the gateway's Contact and Expires 3600, an immediate
/// `pending` NOTIFY with `expires`, then the XMPP subscribe.
#[test]
fn tv_pres_22_to_24_sip_subscribe_answered_at_once() {
    let mut w = World::new();
    w.sip_in(SUBSCRIBE_21, "");
    let out = w.take_sip();
    assert_eq!(
        out.iter().map(method).collect::<Vec<_>>(),
        ["200", "NOTIFY"]
    );
    let ok = &out[0];
    let tag = ok.to_header().unwrap().tag().unwrap().to_owned();
    assert_eq!(
        ok.header("Contact"),
        Some("<sip:juliet@s2x.example.net;transport=tcp>"),
        "TV-PRES-22"
    );
    assert_eq!(ok.expires().unwrap(), Some(3600));
    let n = &out[1];
    assert_eq!(
        n.request_uri().unwrap().as_str(),
        "sip:romeo@example.net;gr=dr4hcr0st3lup4c",
        "TV-PRES-23"
    );
    assert_eq!(
        n.from_header().unwrap().uri.as_str(),
        "sip:juliet@example.com"
    );
    assert_eq!(n.from_header().unwrap().tag(), Some(tag.as_str()));
    assert_eq!(n.to_header().unwrap().tag(), Some("xfg9"));
    assert_eq!(n.call_id().unwrap(), "AA5A8BE5-CBB7-42B9-8181-6230012B1E11");
    assert_eq!(n.cseq().unwrap().seq, 1);
    assert_eq!(n.header("Subscription-State"), Some("pending;expires=3600"));
    assert!(n.body().is_empty());
    let x = w.take_xmpp();
    assert_eq!(
        x.iter().map(summary).collect::<Vec<_>>(),
        [(PresenceType::Subscribe, Some(ROMEO), Some(JULIET))],
        "TV-PRES-24"
    );
    assert_eq!(
        w.gw.notifier_states(ROMEO, JULIET),
        [NotifierState::Pending]
    );
}

/// Drives S2X to active: TV-PRES-21, the pending NOTIFY answered, then
/// `subscribed` from juliet (TV-PRES-25). Returns the gateway's tag and
/// the active NOTIFY.
fn s2x_active(w: &mut World) -> (String, SipMessage) {
    w.sip_in(SUBSCRIBE_21, "");
    let out = w.take_sip();
    let tag = out[0].to_header().unwrap().tag().unwrap().to_owned();
    w.answer(&out[1], 200, "xfg9", &[]);
    w.take_xmpp();
    w.xmpp_in("<presence xmlns='jabber:client' from='juliet@example.com' to='romeo@example.net' type='subscribed'/>");
    let mut out = w.take_sip();
    assert_eq!(out.len(), 1);
    let active = out.remove(0);
    w.answer(&active, 200, "xfg9", &[]);
    (tag, active)
}

/// TV-PRES-25, TV-PRES-26 (PRES-SUB-17, PRES-D-2): `subscribed` → an empty
/// `active` NOTIFY with `expires`, CSeq 2, From/To as the dialog has them.
#[test]
fn tv_pres_26_subscribed_gives_an_empty_active_notify() {
    let mut w = World::new();
    let (tag, n) = s2x_active(&mut w);
    assert_eq!(method(&n), "NOTIFY");
    assert_eq!(n.cseq().unwrap().seq, 2);
    assert_eq!(n.header("Subscription-State"), Some("active;expires=3600"));
    assert!(
        n.body().is_empty(),
        "PRES-SUB-17, PRES-SUB-21: nothing known yet"
    );
    assert_eq!(n.from_header().unwrap().tag(), Some(tag.as_str()));
    assert_eq!(n.to_header().unwrap().tag(), Some("xfg9"));
    assert_eq!(w.gw.notifier_states(ROMEO, JULIET), [NotifierState::Active]);
}

/// TV-PRES-27 (PRES-SUB-18): `unsubscribed` → `terminated;reason=rejected`,
/// no body; the dialog ends when that NOTIFY is answered, and a refresh
/// afterwards gets 481 (PRES-D-5).
#[test]
fn tv_pres_27_refusal_terminates() {
    let mut w = World::new();
    w.sip_in(SUBSCRIBE_21, "");
    let out = w.take_sip();
    let tag = out[0].to_header().unwrap().tag().unwrap().to_owned();
    w.answer(&out[1], 200, "xfg9", &[]);
    w.xmpp_in("<presence xmlns='jabber:client' from='juliet@example.com' to='romeo@example.net' type='unsubscribed'/>");
    let out = w.take_sip();
    assert_eq!(out.len(), 1);
    assert_eq!(
        out[0].header("Subscription-State"),
        Some("terminated;reason=rejected")
    );
    assert!(out[0].body().is_empty());
    w.answer(&out[0], 200, "xfg9", &[]);
    assert!(w.gw.notifier_states(ROMEO, JULIET).is_empty());
    let refresh = SUBSCRIBE_21
        .replace(
            "To: <sip:juliet@example.com>",
            &format!("To: <sip:juliet@example.com>;tag={tag}"),
        )
        .replace("CSeq: 1", "CSeq: 2")
        .replace("sub00026", "sub00027");
    w.sip_in(&refresh, "");
    assert_eq!(w.take_sip().iter().map(method).collect::<Vec<_>>(), ["481"]);
}

/// TV-PRES-30, TV-PRES-31 (PRES-NTF-1, PRES-NTF-3, PRES-NTF-5,
/// PRES-NTF-10, PRES-D-13): juliet's presence to romeo becomes a NOTIFY in
/// D2 with PIDF-J-OPEN-AWAY, byte for byte.
#[test]
fn tv_pres_31_presence_becomes_notify_in_the_dialog() {
    let mut w = World::new();
    s2x_active(&mut w);
    w.advance(Duration::from_secs(10));
    w.xmpp_in("<presence xmlns='jabber:client' from='juliet@example.com/yn0cl4bnw0yr3vym' to='romeo@example.net'><show>away</show></presence>");
    let out = w.take_sip();
    assert_eq!(out.len(), 1);
    let n = &out[0];
    assert_eq!(n.cseq().unwrap().seq, 3);
    assert_eq!(n.header("Subscription-State"), Some("active;expires=3590"));
    assert_eq!(n.header("Content-Type"), Some("application/pidf+xml"));
    assert_eq!(std::str::from_utf8(n.body()).unwrap(), PIDF_J_OPEN_AWAY);
    assert_eq!(n.body().len(), 294);
}

/// PRES-D-13, PRES-SEC-4: presence for a watcher without a dialog is not
/// sent anywhere.
#[test]
fn pres_sec_4_no_dialog_no_notify() {
    let mut w = World::new();
    w.xmpp_in("<presence xmlns='jabber:client' from='juliet@example.com/yn0cl4bnw0yr3vym' to='romeo@example.net'><show>away</show></presence>");
    assert!(w.take_sip().is_empty());
    assert!(w.take_xmpp().is_empty());
}

/// PA-12: no more than one NOTIFY per 5 s per presentity; what changes in
/// between is sent when the 5 s are over, as one complete state.
#[test]
fn pa_12_notifications_are_rate_limited() {
    let mut w = World::new();
    s2x_active(&mut w);
    w.advance(Duration::from_secs(10));
    w.xmpp_in(
        "<presence xmlns='jabber:client' from='juliet@example.com/a' to='romeo@example.net'/>",
    );
    let first = w.take_sip();
    assert_eq!(first.len(), 1);
    w.advance(Duration::from_secs(1));
    w.xmpp_in("<presence xmlns='jabber:client' from='juliet@example.com/a' to='romeo@example.net'><show>dnd</show></presence>");
    w.xmpp_in("<presence xmlns='jabber:client' from='juliet@example.com/a' to='romeo@example.net'><show>xa</show></presence>");
    assert!(w.take_sip().is_empty(), "held back");
    w.advance(Duration::from_secs(4));
    let out = w.take_sip();
    assert_eq!(out.len(), 1, "one NOTIFY for both changes");
    let body = std::str::from_utf8(out[0].body()).unwrap();
    assert!(body.contains(">xa<"), "the latest state: {body}");
}

/// TV-PRES-28 (PRES-SUB-19, PRES-SUB-20, PRES-SUB-21) across 24 hours:
/// each refresh is answered 200 and one NOTIFY with what is known.
#[test]
fn tv_pres_28_sip_refreshes_across_a_day() {
    let mut w = World::new();
    let (tag, _) = s2x_active(&mut w);
    // PA-12: five seconds after the NOTIFY that said `active`.
    w.advance(Duration::from_secs(5));
    w.xmpp_in("<presence xmlns='jabber:client' from='juliet@example.com/yn0cl4bnw0yr3vym' to='romeo@example.net'><show>away</show></presence>");
    let n = w.take_sip().remove(0);
    w.answer(&n, 200, "xfg9", &[]);
    for cseq in 2..32 {
        w.advance(Duration::from_secs(2880));
        let refresh = SUBSCRIBE_21
            .replace(
                "To: <sip:juliet@example.com>",
                &format!("To: <sip:juliet@example.com>;tag={tag}"),
            )
            .replace("CSeq: 1 SUBSCRIBE", &format!("CSeq: {cseq} SUBSCRIBE"))
            .replace("sub00026", &format!("ref{cseq}"))
            .replace(
                "SUBSCRIBE sip:juliet@example.com SIP/2.0",
                "SUBSCRIBE sip:juliet@s2x.example.net;transport=tcp SIP/2.0",
            );
        w.sip_in(&format!("{refresh}\nExpires: 3600"), "");
        let out = w.take_sip();
        assert_eq!(
            out.iter().map(method).collect::<Vec<_>>(),
            ["200", "NOTIFY"]
        );
        assert_eq!(out[0].expires().unwrap(), Some(3600));
        assert_eq!(
            out[1].header("Subscription-State"),
            Some("active;expires=3600")
        );
        assert_eq!(
            std::str::from_utf8(out[1].body()).unwrap(),
            PIDF_J_OPEN_AWAY
        );
        w.answer(&out[1], 200, "xfg9", &[]);
    }
    assert_eq!(w.gw.notifier_states(ROMEO, JULIET), [NotifierState::Active]);
}

/// TV-PRES-29 (PRES-SUB-22, PRES-SUB-23, PRES-SUB-24): SUBSCRIBE Expires 0
/// → 200 (Expires 0), NOTIFY `terminated;reason=timeout` with
/// PIDF-J-CLOSED, and `unavailable` to the XMPP contact; no `unsubscribe`.
#[test]
fn tv_pres_29_sip_unsubscribe() {
    let mut w = World::new();
    let (tag, _) = s2x_active(&mut w);
    // PA-12: five seconds after the NOTIFY that said `active`.
    w.advance(Duration::from_secs(5));
    w.xmpp_in("<presence xmlns='jabber:client' from='juliet@example.com/yn0cl4bnw0yr3vym' to='romeo@example.net'><show>away</show></presence>");
    let n = w.take_sip().remove(0);
    w.answer(&n, 200, "xfg9", &[]);
    let bye = SUBSCRIBE_21
        .replace(
            "To: <sip:juliet@example.com>",
            &format!("To: <sip:juliet@example.com>;tag={tag}"),
        )
        .replace("CSeq: 1 SUBSCRIBE", "CSeq: 66 SUBSCRIBE")
        .replace("sub00026", "unsb0066");
    w.sip_in(&format!("{bye}\nExpires: 0"), "");
    let out = w.take_sip();
    assert_eq!(
        out.iter().map(method).collect::<Vec<_>>(),
        ["200", "NOTIFY"]
    );
    assert_eq!(out[0].expires().unwrap(), Some(0));
    assert_eq!(out[1].cseq().unwrap().seq, 4);
    assert_eq!(
        out[1].header("Subscription-State"),
        Some("terminated;reason=timeout")
    );
    assert_eq!(std::str::from_utf8(out[1].body()).unwrap(), PIDF_J_CLOSED);
    let x = w.take_xmpp();
    assert_eq!(
        x.iter().map(summary).collect::<Vec<_>>(),
        [(PresenceType::Unavailable, Some(ROMEO), Some(JULIET))]
    );
    w.answer(&out[1], 200, "xfg9", &[]);
    assert!(w.gw.notifier_states(ROMEO, JULIET).is_empty());
}

/// PRES-D-6: a NOTIFY that times out (Timer F) or gets 481 removes the
/// subscription.
#[test]
fn pres_d_6_failed_notify_removes_the_subscription() {
    let mut w = World::new();
    w.sip_in(SUBSCRIBE_21, "");
    w.take_sip();
    w.advance(Duration::from_secs(33));
    assert!(w.gw.notifier_states(ROMEO, JULIET).is_empty(), "Timer F");

    let mut w = World::new();
    w.sip_in(SUBSCRIBE_21, "");
    let out = w.take_sip();
    w.answer(&out[1], 481, "xfg9", &[]);
    assert!(w.gw.notifier_states(ROMEO, JULIET).is_empty(), "481");
}

/// PRES-D-8, PA-1, PA-5: Event other than presence → 489; Accept without
/// PIDF → 406; 0 < Expires < minimum → 423 with Min-Expires.
#[test]
fn pres_d_8_subscribe_checks() {
    let mut w = World::new();
    w.sip_in(
        &SUBSCRIBE_21.replace("Event: presence", "Event: presence.winfo"),
        "",
    );
    let out = w.take_sip();
    assert_eq!(out.iter().map(method).collect::<Vec<_>>(), ["489"]);
    w.sip_in(
        &SUBSCRIBE_21.replace("Accept: application/pidf+xml", "Accept: text/plain"),
        "",
    );
    let out = w.take_sip();
    assert_eq!(out.iter().map(method).collect::<Vec<_>>(), ["406"]);
    w.sip_in(&format!("{SUBSCRIBE_21}\nExpires: 10"), "");
    let out = w.take_sip();
    assert_eq!(out.iter().map(method).collect::<Vec<_>>(), ["423"]);
    assert_eq!(out[0].min_expires().unwrap(), Some(60));
    assert!(w.take_xmpp().is_empty());
    // No Accept means PIDF (PA-5): accepted.
    w.sip_in(
        &SUBSCRIBE_21.replace("\nAccept: application/pidf+xml", ""),
        "",
    );
    assert_eq!(
        w.take_sip().iter().map(method).collect::<Vec<_>>(),
        ["200", "NOTIFY"]
    );
}

// ---------------------------------------------------------------------
// Polling
// ---------------------------------------------------------------------

/// TV-PRES-35, TV-PRES-36 (PRES-POLL-1, PRES-D-11): a probe without a watch
/// becomes SUBSCRIBE Expires 0 in a new dialog; its NOTIFY gives the
/// presence; full-JID probes are accepted.
#[test]
fn tv_pres_36_probe_polls() {
    let mut w = World::new();
    w.xmpp_in("<presence xmlns='jabber:client' from='juliet@example.com/chamber' to='romeo@example.net' type='probe'/>");
    let out = w.take_sip();
    assert_eq!(out.len(), 1);
    let s = &out[0];
    assert_eq!(s.expires().unwrap(), Some(0));
    assert_eq!(s.to_header().unwrap().tag(), None);
    assert_eq!(
        s.from_header().unwrap().uri.as_str(),
        "sip:juliet@example.com"
    );
    let tag = s.from_header().unwrap().tag().unwrap().to_owned();
    w.answer(s, 200, "ffd2", &[("Expires", "0")]);
    assert!(w.take_xmpp().is_empty());
    w.sip_in(
        &format!(
            "{}\nContent-Type: application/pidf+xml",
            notify_text(s.call_id().unwrap(), &tag, 1, "terminated;reason=timeout")
        ),
        PIDF_R_OPEN_AWAY,
    );
    assert_eq!(w.take_sip().iter().map(method).collect::<Vec<_>>(), ["200"]);
    let x = w.take_xmpp();
    assert_eq!(
        x.iter().map(summary).collect::<Vec<_>>(),
        [(
            PresenceType::Available,
            Some("romeo@example.net/dr4hcr0st3lup4c"),
            Some(JULIET)
        )]
    );
    assert_eq!(w.gw.subscription_count(), 0);
    assert_eq!(w.gw.poll_timeout(), None);
}

/// TV-PRES-37 (PRES-POLL-2): a SIP poll when nothing is known: 200
/// Expires 0, an empty `terminated;reason=timeout` NOTIFY at once, and a
/// probe to the XMPP contact.
#[test]
fn tv_pres_37_sip_poll() {
    let mut w = World::new();
    let poll = SUBSCRIBE_21.replace("tag=xfg9", "tag=yt66").replace(
        "AA5A8BE5-CBB7-42B9-8181-6230012B1E11",
        "717B1B84-F080-4F12-9F44-0EC1ADE767B9",
    );
    w.sip_in(&format!("{poll}\nExpires: 0"), "");
    let out = w.take_sip();
    assert_eq!(
        out.iter().map(method).collect::<Vec<_>>(),
        ["200", "NOTIFY"]
    );
    assert_eq!(out[0].expires().unwrap(), Some(0));
    assert!(out[0].to_header().unwrap().tag().is_some());
    assert_eq!(
        out[1].header("Subscription-State"),
        Some("terminated;reason=timeout")
    );
    assert!(out[1].body().is_empty());
    let x = w.take_xmpp();
    assert_eq!(
        x.iter().map(summary).collect::<Vec<_>>(),
        [(PresenceType::Probe, Some(ROMEO), Some(JULIET))]
    );
    w.answer(&out[1], 200, "yt66", &[]);
    assert_eq!(w.gw.subscription_count(), 0);
}

/// The user cancels and asks again before the `Expires: 0` SUBSCRIBE is
/// answered: the late 2xx belongs to the cancelled dialog and tells the
/// new request nothing (no `unsubscribed` to a user who has just
/// subscribed); the new SUBSCRIBE goes on.
#[test]
fn late_answer_to_a_cancelled_dialog_leaves_the_new_request_alone() {
    let mut w = World::new();
    x2s_active(&mut w);
    w.take_sip();
    w.take_xmpp();
    w.xmpp_in("<presence xmlns='jabber:client' from='juliet@example.com' to='romeo@example.net' type='unsubscribe'/>");
    let cancel = w.take_sip().remove(0);
    assert_eq!(cancel.expires().unwrap(), Some(0));
    w.xmpp_in("<presence xmlns='jabber:client' from='juliet@example.com' to='romeo@example.net' type='subscribe'/>");
    let again = w.take_sip().remove(0);
    assert_eq!(again.to_header().unwrap().tag(), None, "a new dialog");
    assert_eq!(
        w.gw.watch_state(JULIET, ROMEO),
        Some(WatchState::Requesting)
    );
    w.answer(&cancel, 200, "ffd2", &[("Expires", "0")]);
    assert!(w.take_xmpp().is_empty());
    assert_eq!(
        w.gw.watch_state(JULIET, ROMEO),
        Some(WatchState::Requesting)
    );
    assert_eq!(w.gw.pending_count(), 1, "only the new SUBSCRIBE");
}

/// PRES-SEC-4: the stanzas of a NOTIFY come from the presentity of its
/// dialog and go to the dialog's subscriber, whatever From and To the
/// notifier writes in it (the dialog is matched by Call-ID and tags).
/// Found by the `presence` fuzz target: an in-dialog NOTIFY naming
/// mercutio in From, or benvolio in To, gave mercutio's presence to
/// juliet, or romeo's to benvolio, neither of whom had asked.
#[test]
fn pres_sec_4_notify_speaks_only_for_its_dialog() {
    for (from, to) in [
        ("mercutio@example.net", "juliet@example.com"),
        ("romeo@example.net", "benvolio@example.com"),
    ] {
        let mut w = World::new();
        let (sub, tag) = x2s_active(&mut w);
        w.take_sip();
        w.take_xmpp();
        let text = notify_text(sub.call_id().unwrap(), &tag, 3, "active;expires=3600")
            .replace(
                "From: <sip:romeo@example.net>",
                &format!("From: <sip:{from}>"),
            )
            .replace("To: <sip:juliet@example.com>", &format!("To: <sip:{to}>"));
        w.sip_in(
            &format!("{text}\nContent-Type: application/pidf+xml"),
            PIDF_R_OPEN_AWAY,
        );
        assert_eq!(w.take_sip().iter().map(method).collect::<Vec<_>>(), ["200"]);
        let x = w.take_xmpp();
        assert_eq!(
            x.iter().map(summary).collect::<Vec<_>>(),
            [(
                PresenceType::Available,
                Some("romeo@example.net/dr4hcr0st3lup4c"),
                Some(JULIET)
            )],
            "{from} -> {to}"
        );
    }
}

/// RFC 6665 §4.4.1: nothing follows the `terminated` NOTIFY in its
/// dialog, even while that NOTIFY is unanswered. Found by the `presence`
/// fuzz target: juliet refused romeo (`terminated;reason=rejected`, not
/// yet answered), romeo asked again in a new dialog, and juliet's
/// `subscribed` then sent an `active` NOTIFY in both dialogs, the ended
/// one included.
#[test]
fn no_notify_after_terminated_in_the_same_dialog() {
    let mut w = World::new();
    w.sip_in(SUBSCRIBE_21, "");
    let first = w.take_sip();
    let first_tag = first[0].to_header().unwrap().tag().unwrap().to_owned();
    w.xmpp_in("<presence xmlns='jabber:client' from='juliet@example.com' to='romeo@example.net' type='unsubscribed'/>");
    let out = w.take_sip();
    assert_eq!(
        out[0].header("Subscription-State"),
        Some("terminated;reason=rejected")
    );
    w.sip_in(
        &SUBSCRIBE_21
            .replace("AA5A8BE5", "BB5A8BE5")
            .replace("tag=xfg9", "tag=xfh0"),
        "",
    );
    let second = w.take_sip();
    let second_tag = second[0].to_header().unwrap().tag().unwrap().to_owned();
    w.take_xmpp();
    w.xmpp_in("<presence xmlns='jabber:client' from='juliet@example.com' to='romeo@example.net' type='subscribed'/>");
    let out = w.take_sip();
    assert_eq!(out.len(), 1, "one NOTIFY, in the live dialog");
    assert_eq!(
        out[0].header("Subscription-State"),
        Some("active;expires=3600")
    );
    assert_eq!(
        out[0].from_header().unwrap().tag(),
        Some(second_tag.as_str())
    );
    assert_ne!(first_tag, second_tag);
    // A second refusal ends the live dialog only.
    w.xmpp_in("<presence xmlns='jabber:client' from='juliet@example.com' to='romeo@example.net' type='unsubscribed'/>");
    let out = w.take_sip();
    assert_eq!(out.len(), 1);
    assert_eq!(
        out[0].from_header().unwrap().tag(),
        Some(second_tag.as_str())
    );
}

/// PRES-D-8 with PRES-SUB-7: when the 2xx grants less than the NOTIFY's
/// `expires`, the shorter time rules and the refresh comes at 80 % of
/// it. It used to come at 80 % of the NOTIFY's `expires`, after the
/// subscription had run out, so the user saw the contact go offline.
#[test]
fn refresh_comes_before_the_shorter_expiry() {
    let mut w = World::new();
    w.xmpp_in("<presence xmlns='jabber:client' from='juliet@example.com' to='romeo@example.net' type='subscribe'/>");
    let sub = w.take_sip().remove(0);
    let tag = sub.from_header().unwrap().tag().unwrap().to_owned();
    w.answer(&sub, 200, "ffd2", &[("Expires", "60")]);
    w.sip_in(
        &notify_text(sub.call_id().unwrap(), &tag, 1, "active;expires=499"),
        "",
    );
    w.take_sip();
    w.take_xmpp();
    w.advance(Duration::from_secs(49));
    let out = w.take_sip();
    assert_eq!(
        out.iter().map(method).collect::<Vec<_>>(),
        ["SUBSCRIBE"],
        "refreshed at 48 s"
    );
    assert_eq!(out[0].to_header().unwrap().tag(), Some("ffd2"));
    assert_eq!(
        w.take_xmpp().iter().map(presence_type).collect::<Vec<_>>(),
        [PresenceType::Probe]
    );
    w.answer(&out[0], 200, "ffd2", &[("Expires", "3600")]);
    w.advance(Duration::from_secs(60));
    assert!(w.take_xmpp().is_empty(), "still subscribed at 109 s");
    assert_eq!(w.gw.watch_state(JULIET, ROMEO), Some(WatchState::Active));
}

/// A `pending` NOTIFY (X2) carries `expires` like an active one: the
/// gateway refreshes the subscription before it ends and, if the refresh
/// goes unanswered, lets it run out and asks again later, still waiting
/// for the authorization (§8.1 X1 "retry later"). Found by the `presence`
/// fuzz target: a pending watch had no timer at all and was held for
/// ever.
#[test]
fn pending_subscription_is_refreshed_and_runs_out() {
    let mut w = World::new();
    w.xmpp_in("<presence xmlns='jabber:client' from='juliet@example.com' to='romeo@example.net' type='subscribe'/>");
    let sub = w.take_sip().remove(0);
    let tag = sub.from_header().unwrap().tag().unwrap().to_owned();
    w.sip_in(
        &notify_text(sub.call_id().unwrap(), &tag, 1, "pending;expires=100"),
        "",
    );
    assert_eq!(w.take_sip().iter().map(method).collect::<Vec<_>>(), ["200"]);
    assert_eq!(w.gw.watch_state(JULIET, ROMEO), Some(WatchState::Pending));
    w.advance(Duration::from_secs(81));
    let refresh = w.take_sip();
    assert_eq!(
        refresh.iter().map(method).collect::<Vec<_>>(),
        ["SUBSCRIBE"]
    );
    assert_eq!(refresh[0].to_header().unwrap().tag(), Some("ffd2"));
    assert_eq!(refresh[0].call_id().unwrap(), sub.call_id().unwrap());
    w.take_xmpp();
    // Unanswered: the subscription runs out at 100 s; nothing is told
    // (the contact was never available), and the request waits.
    w.advance(Duration::from_secs(20));
    assert!(w.take_xmpp().is_empty());
    assert_eq!(
        w.gw.watch_state(JULIET, ROMEO),
        Some(WatchState::Requesting)
    );
    assert_eq!(w.gw.pending_count(), 0);
    w.advance(Duration::from_secs(3600));
    let again = w.take_sip();
    assert_eq!(again.iter().map(method).collect::<Vec<_>>(), ["SUBSCRIBE"]);
    assert_ne!(again[0].call_id().unwrap(), sub.call_id().unwrap());
    assert_eq!(again[0].to_header().unwrap().tag(), None);
}

/// A watch the contact has not authorized never passes for authorized:
/// after `terminated;reason=probation`, or a 2xx granting 0 s, it waits
/// to ask again (X1), a repeated `subscribe` gets no `subscribed`, and
/// `subscribed` comes with the first `active` NOTIFY of the new dialog.
/// Found by the `presence` fuzz target: such a watch went dormant (X4,
/// authorized), so a repeated `subscribe` was answered `subscribed`
/// although the contact had never said yes, and the later `active`
/// NOTIFY told the user nothing.
#[test]
fn unauthorized_watch_never_passes_for_authorized() {
    for how in ["probation", "expires-0"] {
        let mut w = World::new();
        w.xmpp_in("<presence xmlns='jabber:client' from='juliet@example.com' to='romeo@example.net' type='subscribe'/>");
        let sub = w.take_sip().remove(0);
        let tag = sub.from_header().unwrap().tag().unwrap().to_owned();
        if how == "probation" {
            w.sip_in(
                &notify_text(
                    sub.call_id().unwrap(),
                    &tag,
                    1,
                    "terminated;reason=probation;retry-after=600",
                ),
                "",
            );
        } else {
            w.answer(&sub, 200, "ffd2", &[("Expires", "0")]);
            w.advance(Duration::from_millis(1));
        }
        w.take_sip();
        assert!(w.take_xmpp().is_empty(), "{how}");
        assert_eq!(
            w.gw.watch_state(JULIET, ROMEO),
            Some(WatchState::Requesting),
            "{how}"
        );
        w.xmpp_in("<presence xmlns='jabber:client' from='juliet@example.com' to='romeo@example.net' type='subscribe'/>");
        assert!(w.take_xmpp().is_empty(), "{how}: no subscribed");
        // Asked again after retry-after, or the configured 3600 s.
        w.advance(Duration::from_secs(if how == "probation" {
            600
        } else {
            3600
        }));
        let again = w.take_sip().remove(0);
        assert_eq!(method(&again), "SUBSCRIBE", "{how}");
        w.take_xmpp();
        let tag = again.from_header().unwrap().tag().unwrap().to_owned();
        w.sip_in(
            &notify_text(again.call_id().unwrap(), &tag, 1, "active;expires=3600"),
            "",
        );
        assert_eq!(
            w.take_xmpp().iter().map(summary).collect::<Vec<_>>(),
            [(PresenceType::Subscribed, Some(ROMEO), Some(JULIET))],
            "{how}"
        );
    }
}

/// X2, NOTIFY `terminated` without a reason (or `deactivated`): the
/// request is made again as a new one (X1), so that Timer N covers it.
/// Found by the `presence` fuzz target: the new dialog kept the old
/// `pending` state, Timer N did nothing in that state, and a notifier
/// that never answered left the watch pending for ever.
#[test]
fn pending_request_asked_again_is_a_new_request() {
    for reason in ["", ";reason=deactivated"] {
        let mut w = World::new();
        w.xmpp_in("<presence xmlns='jabber:client' from='juliet@example.com' to='romeo@example.net' type='subscribe'/>");
        let sub = w.take_sip().remove(0);
        let tag = sub.from_header().unwrap().tag().unwrap().to_owned();
        let call_id = sub.call_id().unwrap().to_owned();
        w.sip_in(&notify_text(&call_id, &tag, 1, "pending;expires=3600"), "");
        w.sip_in(
            &notify_text(&call_id, &tag, 2, &format!("terminated{reason}")),
            "",
        );
        let out = w.take_sip();
        assert_eq!(
            out.iter().map(method).collect::<Vec<_>>(),
            ["200", "200", "SUBSCRIBE"],
            "{reason}"
        );
        assert_ne!(out[2].call_id().unwrap(), call_id);
        assert_eq!(
            w.gw.watch_state(JULIET, ROMEO),
            Some(WatchState::Requesting),
            "{reason}"
        );
        w.advance(Duration::from_secs(32));
        let x = w.take_xmpp();
        assert_eq!(
            x.iter().map(presence_type).collect::<Vec<_>>(),
            [PresenceType::Error],
            "{reason}"
        );
        assert_eq!(w.gw.watch_state(JULIET, ROMEO), None, "{reason}");
        assert_eq!(w.gw.poll_timeout(), None, "{reason}");
    }
}

/// X6: a NOTIFY in the dialog the user is cancelling may still carry an
/// expiry; when it runs out before the 2xx, the cancellation is over:
/// `unsubscribed` once, the watch gone, and a new `subscribe` is a new
/// request. Found by the `presence` fuzz target: the expiry sent the
/// cancelled watch dormant (authorized), so the next `subscribe` was
/// answered `subscribed` at once, and the user never heard
/// `unsubscribed`.
#[test]
fn cancelled_watch_running_out_is_over() {
    for state in ["active;expires=30", "pending;expires=30"] {
        let mut w = World::new();
        w.xmpp_in("<presence xmlns='jabber:client' from='juliet@example.com' to='romeo@example.net' type='subscribe'/>");
        let sub = w.take_sip().remove(0);
        let tag = sub.from_header().unwrap().tag().unwrap().to_owned();
        w.answer(&sub, 200, "ffd2", &[("Expires", "3600")]);
        w.xmpp_in("<presence xmlns='jabber:client' from='juliet@example.com' to='romeo@example.net' type='unsubscribe'/>");
        assert_eq!(w.take_sip().remove(0).expires().unwrap(), Some(0));
        w.sip_in(&notify_text(sub.call_id().unwrap(), &tag, 1, state), "");
        w.take_sip();
        assert!(w.take_xmpp().is_empty(), "{state}");
        w.advance(Duration::from_secs(31));
        assert_eq!(
            w.take_xmpp().iter().map(summary).collect::<Vec<_>>(),
            [(PresenceType::Unsubscribed, Some(ROMEO), Some(JULIET))],
            "{state}"
        );
        assert_eq!(w.gw.watch_state(JULIET, ROMEO), None, "{state}");
        w.advance(Duration::from_secs(10));
        assert!(w.take_xmpp().is_empty(), "{state}: told once");
        w.xmpp_in("<presence xmlns='jabber:client' from='juliet@example.com' to='romeo@example.net' type='subscribe'/>");
        assert!(w.take_xmpp().is_empty(), "{state}: no subscribed");
        assert_eq!(
            w.take_sip().iter().map(method).collect::<Vec<_>>(),
            ["SUBSCRIBE"]
        );
    }
}
