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
    /// Every message in and out, in wire form, for the flow snapshots.
    log: String,
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
            log: String::new(),
        }
    }

    fn record(&mut self, arrow: &str, bytes: &[u8]) {
        self.log.push_str(arrow);
        self.log.push('\n');
        self.log
            .push_str(&String::from_utf8_lossy(bytes).replace("\r\n", "\n"));
        self.log.push_str("\n\n");
    }

    /// Everything the gateway sent, written and parsed again.
    fn pump(&mut self) {
        while let Some(o) = self.gw.poll_output() {
            match &o {
                Output::Sip(m) => self.record("<<< gateway to SIP", &m.to_bytes()),
                Output::Xmpp(x) => self.record("<<< gateway to XMPP", &x.to_bytes()),
            }
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
        self.record(">>> XMPP to gateway", xml.as_bytes());
        let _ = self.gw.handle_xmpp(self.now, s);
        self.pump();
    }

    /// A SIP message written with LF line ends; the body after the blank
    /// line is taken as it is, and Content-Length computed.
    fn sip_in(&mut self, text: &str, body: &str) {
        let head = text.trim_end().replace('\n', "\r\n");
        let wire = format!("{head}\r\nContent-Length: {}\r\n\r\n{body}", body.len());
        let m = SipMessage::parse(wire.as_bytes(), Framing::Stream).expect("test SIP");
        self.record(">>> SIP to gateway", wire.as_bytes());
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
        self.record(">>> SIP to gateway", &r.to_bytes());
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

    /// The methods (or status codes) of what the gateway sent to SIP since
    /// the last look.
    fn sent_methods(&mut self) -> Vec<String> {
        self.take_sip().iter().map(method).collect()
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

/// X2S active, then the refresh the gateway sends at 80 % of the 499 s the
/// NOTIFY granted (its probe of the user taken away).
fn x2s_refresh(w: &mut World) -> SipMessage {
    x2s_active(w);
    w.take_sip();
    w.take_xmpp();
    w.advance(Duration::from_secs(400));
    let refresh = w
        .take_sip()
        .into_iter()
        .find(|m| method(m) == "SUBSCRIBE")
        .unwrap();
    w.take_xmpp();
    refresh
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
        assert_eq!(w.sent_methods(), ["200"]);
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
        let refresh = x2s_refresh(&mut w);
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
    let refresh = x2s_refresh(&mut w);
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
        let refresh = x2s_refresh(&mut w);
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
    assert_eq!(w.sent_methods(), ["200"], "TV-PRES-20");
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

/// Romeo's SUBSCRIBE in the dialog D2 the gateway accepted with `tag`:
/// CSeq `cseq`, its own branch, `Expires` when given.
fn in_dialog_subscribe(tag: &str, cseq: u32, expires: Option<u32>) -> String {
    let s = SUBSCRIBE_21
        .replace(
            "To: <sip:juliet@example.com>",
            &format!("To: <sip:juliet@example.com>;tag={tag}"),
        )
        .replace("CSeq: 1 SUBSCRIBE", &format!("CSeq: {cseq} SUBSCRIBE"))
        .replace("sub00026", &format!("d2s{cseq}"));
    match expires {
        Some(e) => format!("{s}\nExpires: {e}"),
        None => s,
    }
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

/// S2X active, then juliet's presence (TV-PRES-30) five seconds later
/// (PA-12), its NOTIFY answered. Returns the gateway's tag.
fn s2x_notified(w: &mut World) -> String {
    let (tag, _) = s2x_active(w);
    w.advance(Duration::from_secs(5));
    w.xmpp_in("<presence xmlns='jabber:client' from='juliet@example.com/yn0cl4bnw0yr3vym' to='romeo@example.net'><show>away</show></presence>");
    let n = w.take_sip().remove(0);
    w.answer(&n, 200, "xfg9", &[]);
    tag
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
    w.sip_in(&in_dialog_subscribe(&tag, 2, None), "");
    assert_eq!(w.sent_methods(), ["481"]);
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
    let tag = s2x_notified(&mut w);
    for cseq in 2..32 {
        w.advance(Duration::from_secs(2880));
        let refresh = in_dialog_subscribe(&tag, cseq, Some(3600)).replace(
            "SUBSCRIBE sip:juliet@example.com SIP/2.0",
            "SUBSCRIBE sip:juliet@s2x.example.net;transport=tcp SIP/2.0",
        );
        w.sip_in(&refresh, "");
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
    let tag = s2x_notified(&mut w);
    w.sip_in(&in_dialog_subscribe(&tag, 66, Some(0)), "");
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
    assert_eq!(w.sent_methods(), ["200", "NOTIFY"]);
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
    assert_eq!(w.sent_methods(), ["200"]);
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

// ---------------------------------------------------------------------
// More of presence.md, one requirement each
// ---------------------------------------------------------------------

/// PRES-SUB-16, PA-9: when the XMPP contact has already authorized the
/// watcher, a new SUBSCRIBE is `active` at once, with the presence known
/// (complete state); the XMPP subscribe still goes out (the contact's
/// server answers it itself).
#[test]
fn pres_sub_16_known_authorization_is_active_at_once() {
    let mut w = World::new();
    s2x_active(&mut w);
    w.advance(Duration::from_secs(5));
    w.xmpp_in("<presence xmlns='jabber:client' from='juliet@example.com/yn0cl4bnw0yr3vym' to='romeo@example.net'><show>away</show></presence>");
    w.take_sip();
    // A second dialog from romeo (another device).
    let second = SUBSCRIBE_21
        .replace("tag=xfg9", "tag=dev2")
        .replace(
            "AA5A8BE5-CBB7-42B9-8181-6230012B1E11",
            "second-dialog@example.net",
        )
        .replace("sub00026", "sub00099");
    w.sip_in(&second, "");
    let out = w.take_sip();
    assert_eq!(
        out.iter().map(method).collect::<Vec<_>>(),
        ["200", "NOTIFY"]
    );
    assert_eq!(
        out[1].header("Subscription-State"),
        Some("active;expires=3600")
    );
    assert_eq!(
        std::str::from_utf8(out[1].body()).unwrap(),
        PIDF_J_OPEN_AWAY,
        "PA-9"
    );
    assert_eq!(
        w.take_xmpp().iter().map(summary).collect::<Vec<_>>(),
        [(PresenceType::Subscribe, Some(ROMEO), Some(JULIET))]
    );
}

/// PA-9: a pending subscription that gets authorized is told the current
/// state at once.
#[test]
fn pa_9_authorization_sends_the_current_state() {
    let mut w = World::new();
    w.sip_in(SUBSCRIBE_21, "");
    let out = w.take_sip();
    w.answer(&out[1], 200, "xfg9", &[]);
    // The contact's presence arrives before the decision: cached only.
    w.xmpp_in("<presence xmlns='jabber:client' from='juliet@example.com/yn0cl4bnw0yr3vym' to='romeo@example.net'><show>away</show></presence>");
    assert!(
        w.take_sip().is_empty(),
        "PA-7: nothing before the authorization"
    );
    w.xmpp_in("<presence xmlns='jabber:client' from='juliet@example.com' to='romeo@example.net' type='subscribed'/>");
    let out = w.take_sip();
    assert_eq!(out.len(), 1);
    assert_eq!(
        out[0].header("Subscription-State"),
        Some("active;expires=3600")
    );
    assert_eq!(
        std::str::from_utf8(out[0].body()).unwrap(),
        PIDF_J_OPEN_AWAY
    );
}

/// PA-6, PA-7, PA-8: the gateway holds no credentials; authenticating the
/// SUBSCRIBE is the SIP server's job in front of it (decision). What the
/// gateway guarantees is PA-7: no presence flows until the presentity (the
/// XMPP contact) authorizes. For a pending subscription it sends an empty
/// NOTIFY (PRES-D-1; PA-8's note is a SHOULD the RFC 8048 flow does not
/// use: decision, no note).
#[test]
fn pa_7_no_presence_without_authorization() {
    let mut w = World::new();
    w.sip_in(SUBSCRIBE_21, "");
    let out = w.take_sip();
    assert_eq!(
        out[1].header("Subscription-State"),
        Some("pending;expires=3600")
    );
    assert!(
        out[1].body().is_empty(),
        "PA-8 decision: empty pending NOTIFY"
    );
    w.answer(&out[1], 200, "xfg9", &[]);
    for show in ["away", "dnd", "xa"] {
        w.advance(Duration::from_secs(10));
        w.xmpp_in(&format!("<presence xmlns='jabber:client' from='juliet@example.com/a' to='romeo@example.net'><show>{show}</show></presence>"));
        assert!(w.take_sip().is_empty(), "PA-6/PA-7: {show}");
    }
}

/// PRES-SUB-14, PRES-SUB-24: one direction's cancellation leaves the other
/// untouched: juliet stops watching romeo, romeo still watches juliet.
#[test]
fn pres_sub_14_cancelling_one_direction_keeps_the_other() {
    let mut w = World::new();
    s2x_active(&mut w);
    let (_, _) = x2s_active(&mut w);
    w.take_sip();
    w.take_xmpp();
    w.xmpp_in("<presence xmlns='jabber:client' from='juliet@example.com' to='romeo@example.net' type='unsubscribe'/>");
    let out = w.take_sip();
    assert_eq!(out.len(), 1);
    assert_eq!(out[0].expires().unwrap(), Some(0));
    assert_eq!(w.gw.notifier_states(ROMEO, JULIET), [NotifierState::Active]);
    // PRES-SUB-24: and romeo's Expires 0 sends no unsubscribe to XMPP.
    let mut w = World::new();
    let (tag, _) = s2x_active(&mut w);
    w.sip_in(&in_dialog_subscribe(&tag, 2, Some(0)), "");
    assert!(
        w.take_xmpp()
            .iter()
            .all(|s| presence_type(s) != PresenceType::Unsubscribe),
        "the XMPP authorization survives"
    );
}

/// PRES-D-3: a 202 to a SUBSCRIBE is read as 200; the gateway itself never
/// answers a SUBSCRIBE or NOTIFY with 202.
#[test]
fn pres_d_3_202_is_200() {
    let mut w = World::new();
    w.xmpp_in("<presence xmlns='jabber:client' from='juliet@example.com' to='romeo@example.net' type='subscribe'/>");
    let sub = w.take_sip().remove(0);
    let tag = sub.from_header().unwrap().tag().unwrap().to_owned();
    w.answer(&sub, 202, "ffd2", &[("Expires", "3600")]);
    assert!(w.take_xmpp().is_empty());
    w.sip_in(
        &format!(
            "{}\nContent-Type: application/pidf+xml",
            notify_text(sub.call_id().unwrap(), &tag, 1, "active;expires=3600")
        ),
        PIDF_R_OPEN_AWAY,
    );
    let ok = w.take_sip();
    assert_eq!(
        ok.iter().map(method).collect::<Vec<_>>(),
        ["200"],
        "never 202"
    );
    assert_eq!(w.take_xmpp().len(), 2);
    w.sip_in(SUBSCRIBE_21, "");
    assert_eq!(
        w.take_sip()[0].status().map(|s| s.as_u16()),
        Some(200),
        "never 202"
    );
}

/// PRES-D-14: `gr` goes inside the angle brackets of the Contact the
/// gateway writes (from the resource of a full-JID request, PRES-D-11);
/// a `gr` written as a header parameter on input (as RFC 8048's examples
/// do) is accepted.
#[test]
fn pres_d_14_gr_inside_the_brackets() {
    let mut w = World::new();
    w.xmpp_in("<presence xmlns='jabber:client' from='juliet@example.com/chamber' to='romeo@example.net' type='probe'/>");
    let s = w.take_sip().remove(0);
    assert_eq!(
        s.header("Contact"),
        Some("<sip:juliet@example.com;gr=chamber>")
    );
    let tag = s.from_header().unwrap().tag().unwrap().to_owned();
    let text = notify_text(s.call_id().unwrap(), &tag, 1, "terminated;reason=timeout").replace(
        "Contact: <sip:romeo@example.net;gr=dr4hcr0st3lup4c>",
        "Contact: <sip:romeo@example.net>;gr=dr4hcr0st3lup4c",
    );
    w.sip_in(
        &format!("{text}\nContent-Type: application/pidf+xml"),
        PIDF_R_OPEN_AWAY,
    );
    assert_eq!(w.sent_methods(), ["200"]);
    assert_eq!(w.take_xmpp().len(), 1);
}

/// V-PRES-7: an unknown Subscription-State value is read as `pending`:
/// answered 200, nothing told.
#[test]
fn v_pres_7_unknown_substate_is_pending() {
    let mut w = World::new();
    w.xmpp_in("<presence xmlns='jabber:client' from='juliet@example.com' to='romeo@example.net' type='subscribe'/>");
    let sub = w.take_sip().remove(0);
    let tag = sub.from_header().unwrap().tag().unwrap().to_owned();
    w.sip_in(
        &notify_text(sub.call_id().unwrap(), &tag, 1, "waiting;expires=100"),
        "",
    );
    assert_eq!(w.sent_methods(), ["200"]);
    assert!(w.take_xmpp().is_empty());
    assert_eq!(w.gw.watch_state(JULIET, ROMEO), Some(WatchState::Pending));
}

/// V-PRES-8: the Contact of the dialogs the gateway accepts comes from its
/// configuration.
#[test]
fn v_pres_8_contact_from_configuration() {
    let mut cfg = config();
    cfg.contact_host = "gw.example.com".into();
    cfg.sip.transport = "UDP".into();
    let mut w = World::with(cfg);
    w.sip_in(SUBSCRIBE_21, "");
    let out = w.take_sip();
    assert_eq!(
        out[0].header("Contact"),
        Some("<sip:juliet@gw.example.com>")
    );
    assert_eq!(
        out[1].header("Contact"),
        Some("<sip:juliet@gw.example.com>")
    );
}

/// V-PRES-9 (default: let it expire): the user's presence session ending
/// does not end the SIP dialog early.
#[test]
fn v_pres_9_dialog_left_to_expire() {
    let mut w = World::new();
    x2s_active(&mut w);
    w.take_sip();
    w.take_xmpp();
    w.xmpp_in("<presence xmlns='jabber:client' from='juliet@example.com/yn0cl4bnw0yr3vym' to='romeo@example.net' type='unavailable'/>");
    assert!(w.take_sip().is_empty(), "no SUBSCRIBE Expires 0");
    assert_eq!(w.gw.watch_state(JULIET, ROMEO), Some(WatchState::Active));
}

/// PRES-SUB-8 (RFC 6665 rules apply; RFC 3261 §12.2.2): a NOTIFY whose CSeq
/// is not above the last one is refused with 500 and changes nothing.
#[test]
fn pres_sub_8_notify_cseq_must_grow() {
    let mut w = World::new();
    let (sub, tag) = x2s_active(&mut w);
    w.take_sip();
    w.take_xmpp();
    w.sip_in(
        &notify_text(
            sub.call_id().unwrap(),
            &tag,
            2,
            "terminated;reason=rejected",
        ),
        "",
    );
    assert_eq!(w.sent_methods(), ["500"]);
    assert!(w.take_xmpp().is_empty());
    assert_eq!(w.gw.watch_state(JULIET, ROMEO), Some(WatchState::Active));
}

/// PA-11 (RFC 3856 §6.9): one dialog per SUBSCRIBE. Once the dialog is
/// confirmed with one notifier, a NOTIFY from another (a fork) gets 481.
#[test]
fn pa_11_a_forked_notify_is_481() {
    let mut w = World::new();
    let (sub, tag) = x2s_active(&mut w);
    w.take_sip();
    w.take_xmpp();
    let fork = notify_text(sub.call_id().unwrap(), &tag, 9, "active;expires=3600")
        .replace("tag=ffd2", "tag=fork");
    w.sip_in(&fork, "");
    assert_eq!(w.sent_methods(), ["481"]);
}

/// PA-10, PRES-D-9: a NOTIFY without a body leaves the last document in
/// force: no stanza.
#[test]
fn pa_10_empty_notify_changes_nothing() {
    let mut w = World::new();
    let (sub, tag) = x2s_active(&mut w);
    w.take_sip();
    w.take_xmpp();
    w.sip_in(
        &notify_text(sub.call_id().unwrap(), &tag, 3, "active;expires=3600"),
        "",
    );
    assert_eq!(w.sent_methods(), ["200"]);
    assert!(w.take_xmpp().is_empty());
}

/// PA-1, PA-2, PA-3: the package is `presence`; event parameters and a
/// SUBSCRIBE body (a filter) do not stop the subscription (neither is
/// used).
#[test]
fn pa_2_parameters_and_bodies_are_ignored() {
    let mut w = World::new();
    let sub = SUBSCRIBE_21.replace("Event: presence", "Event: presence;x-filter=1");
    w.sip_in(
        &format!("{sub}\nContent-Type: application/simple-filter+xml"),
        "<filter-set/>",
    );
    assert_eq!(w.sent_methods(), ["200", "NOTIFY"]);
}

/// PA-13: a `pres:` Request-URI and To name the presentity as well.
#[test]
fn pa_13_pres_uri_target() {
    let mut w = World::new();
    let sub = SUBSCRIBE_21
        .replace(
            "SUBSCRIBE sip:juliet@example.com SIP/2.0",
            "SUBSCRIBE pres:juliet@example.com SIP/2.0",
        )
        .replace(
            "To: <sip:juliet@example.com>",
            "To: <pres:juliet@example.com>",
        );
    w.sip_in(&sub, "");
    assert_eq!(w.sent_methods(), ["200", "NOTIFY"]);
    assert_eq!(
        w.take_xmpp().iter().map(summary).collect::<Vec<_>>(),
        [(PresenceType::Subscribe, Some(ROMEO), Some(JULIET))]
    );
}

/// PRES-SEC-1, PRES-SEC-2: the gateway serves its own domains only: a
/// subscription from an XMPP user of another domain, or a SUBSCRIBE from a
/// SIP user of a domain that is not the SIP side's, is refused.
#[test]
fn pres_sec_1_only_served_domains() {
    use sip_xmpp::address::{AddressMapper, Domains};
    let mut cfg = config();
    cfg.map.mapper = AddressMapper::new(
        Domains::only(["example.net"]).unwrap(),
        Domains::only(["example.com"]).unwrap(),
    );
    let mut w = World::with(cfg);
    w.xmpp_in("<presence xmlns='jabber:client' from='mallory@evil.example' to='romeo@example.net' type='subscribe'/>");
    assert!(w.take_sip().is_empty());
    let x = w.take_xmpp();
    assert_eq!(x.len(), 1);
    assert_eq!(presence_type(&x[0]), PresenceType::Error);
    w.sip_in(
        &SUBSCRIBE_21.replace(
            "From: <sip:romeo@example.net>",
            "From: <sip:mallory@evil.example>",
        ),
        "",
    );
    let out = w.take_sip();
    assert_eq!(out.len(), 1);
    assert!(
        out[0].status().unwrap().as_u16() >= 400,
        "{}",
        method(&out[0])
    );
    assert!(w.take_xmpp().is_empty());
}

/// PRES-POLL-3: probes normally come from servers (bare JID), but one from
/// a client's full JID is served the same way (PRES-D-11).
#[test]
fn pres_poll_3_probe_from_a_client() {
    for from in ["juliet@example.com", "juliet@example.com/balcony"] {
        let mut w = World::new();
        w.xmpp_in(&format!(
            "<presence xmlns='jabber:client' from='{from}' to='romeo@example.net' type='probe'/>"
        ));
        let out = w.take_sip();
        assert_eq!(out.len(), 1, "{from}");
        assert_eq!(
            out[0].from_header().unwrap().uri.as_str(),
            "sip:juliet@example.com"
        );
    }
}

// ---------------------------------------------------------------------
// The RFC 8048 flows as transcripts
// ---------------------------------------------------------------------

/// The transcript with the gateway's random identifiers (tags, branches,
/// Call-IDs: runs of 16 or 32 hexadecimal digits) numbered in order of
/// appearance, so that a snapshot shows the flow, not the generator.
fn normalised(log: &str) -> String {
    let mut names: Vec<String> = Vec::new();
    let mut out = String::with_capacity(log.len());
    let b = log.as_bytes();
    let mut i = 0;
    while i < b.len() {
        let run = b[i..]
            .iter()
            .take_while(|c| c.is_ascii_hexdigit() && !c.is_ascii_uppercase())
            .count();
        let boundary = i == 0 || !b[i - 1].is_ascii_alphanumeric();
        let after = b.get(i + run).is_none_or(|c| !c.is_ascii_alphanumeric());
        let cookie = i >= 7 && &b[i - 7..i] == b"z9hG4bK";
        if (run == 16 || run == 32) && (boundary || cookie) && after {
            let id = &log[i..i + run];
            let n = match names.iter().position(|x| x == id) {
                Some(n) => n,
                None => {
                    names.push(id.to_owned());
                    names.len() - 1
                }
            };
            out.push_str(&format!("<id{}>", n + 1));
            i += run;
        } else {
            let c = log[i..].chars().next().unwrap();
            out.push(c);
            i += c.len_utf8();
        }
    }
    out
}

/// RFC 8048 §5.2.1 (F1-F15, TV-PRES-1 to TV-PRES-8) then §5.2.3 (F16-F25,
/// TV-PRES-17 to TV-PRES-20), with the digest's corrections: the SUBSCRIBE
/// has a To; the NOTIFYs come from romeo with romeo's tag; `subscribed`
/// precedes the presence; the unsubscribe is CSeq 2 in the dialog and
/// `unsubscribed` follows its 2xx.
#[test]
fn flow_x2s_subscription_and_cancellation() {
    let mut w = World::new();
    let (sub, tag) = x2s_active(&mut w);
    w.xmpp_in("<presence xmlns='jabber:client' from='juliet@example.com' to='romeo@example.net' type='unsubscribe'/>");
    let u = w
        .take_sip()
        .into_iter()
        .find(|m| method(m) == "SUBSCRIBE")
        .unwrap();
    w.answer(&u, 200, "ffd2", &[("Expires", "0")]);
    w.sip_in(
        &notify_text(sub.call_id().unwrap(), &tag, 3, "terminated;reason=timeout"),
        "",
    );
    insta::assert_snapshot!(normalised(&w.log));
}

/// RFC 8048 §5.3.1 (F26-F33, TV-PRES-21 to TV-PRES-26) with the pending
/// NOTIFY of PRES-D-1, then §6.2 (TV-PRES-30/31) and §5.3.3 (TV-PRES-29).
#[test]
fn flow_s2x_subscription_notification_and_cancellation() {
    let mut w = World::new();
    let tag = s2x_notified(&mut w);
    w.sip_in(&in_dialog_subscribe(&tag, 66, Some(0)), "");
    insta::assert_snapshot!(normalised(&w.log));
}

/// RFC 8048 §7 (TV-PRES-35 to TV-PRES-37): polling both ways.
#[test]
fn flow_polling_both_ways() {
    let mut w = World::new();
    w.xmpp_in("<presence xmlns='jabber:client' from='juliet@example.com' to='romeo@example.net' type='probe'/>");
    let s = w.take_sip().remove(0);
    let tag = s.from_header().unwrap().tag().unwrap().to_owned();
    w.answer(&s, 200, "ffd2", &[("Expires", "0")]);
    w.sip_in(
        &format!(
            "{}\nContent-Type: application/pidf+xml",
            notify_text(s.call_id().unwrap(), &tag, 1, "terminated;reason=timeout")
        ),
        PIDF_R_OPEN_AWAY,
    );
    let poll = SUBSCRIBE_21.replace("tag=xfg9", "tag=yt66").replace(
        "AA5A8BE5-CBB7-42B9-8181-6230012B1E11",
        "717B1B84-F080-4F12-9F44-0EC1ADE767B9",
    );
    w.sip_in(&format!("{poll}\nExpires: 0"), "");
    insta::assert_snapshot!(normalised(&w.log));
}

/// The presence cache is bounded by `max_subscriptions`: presence from
/// more contacts than that is not all kept (a poll of a contact beyond the
/// bound finds nothing known and probes).
#[test]
fn presence_cache_is_bounded() {
    let mut cfg = config();
    cfg.max_subscriptions = 4;
    let mut w = World::with(cfg);
    for i in 0..100 {
        w.xmpp_in(&format!(
            "<presence xmlns='jabber:client' from='c{i}@example.com/r' to='romeo@example.net'/>"
        ));
    }
    let poll = |w: &mut World, i: u32| {
        let text = SUBSCRIBE_21
            .replace("juliet@example.com", &format!("c{i}@example.com"))
            .replace("tag=xfg9", &format!("tag=p{i}"))
            .replace("AA5A8BE5-CBB7-42B9-8181-6230012B1E11", &format!("poll{i}"))
            .replace(
                "Accept: application/pidf+xml",
                "Accept: application/pidf+xml\nExpires: 0",
            );
        w.sip_in(&text, "");
        w.take_sip();
        w.take_xmpp()
            .iter()
            .filter(|s| presence_type(s) == PresenceType::Probe)
            .count()
    };
    assert_eq!(poll(&mut w, 0), 0, "cached: no probe");
    assert_eq!(poll(&mut w, 99), 1, "beyond the bound: probe");
}

/// A whole X2S life in simulated time: subscribe, approval (pending then
/// active), notifications, a day of refreshes each answered 200 and
/// followed by a NOTIFY with the contact's status, then cancellation;
/// nothing left behind.
#[test]
fn full_life_x2s_over_a_day() {
    let mut w = World::new();
    let (sub, tag) = x2s_active(&mut w);
    w.take_sip();
    assert_eq!(w.take_xmpp().len(), 2, "subscribed + presence");
    let call_id = sub.call_id().unwrap().to_owned();
    let mut notify_cseq = 3;
    let mut refreshes = 0;
    let end = w.now + Duration::from_secs(24 * 3600);
    while w.now < end {
        w.advance(Duration::from_secs(60));
        let Some(req) = w.take_sip().into_iter().find(|m| method(m) == "SUBSCRIBE") else {
            continue;
        };
        refreshes += 1;
        w.answer(&req, 200, "ffd2", &[("Expires", "3600")]);
        let show = if refreshes % 2 == 0 { "away" } else { "dnd" };
        let body = PIDF_R_OPEN_AWAY.replace(">away<", &format!(">{show}<"));
        w.sip_in(
            &format!(
                "{}\nContent-Type: application/pidf+xml",
                notify_text(&call_id, &tag, notify_cseq, "active;expires=3600")
            ),
            &body,
        );
        notify_cseq += 1;
        let x = w.take_xmpp();
        // The probe of PRES-SEC-3 came with the refresh; this is the
        // notification.
        let Some(Stanza::Presence(p)) = x.last() else {
            panic!("no presence")
        };
        assert_eq!(
            p.show().map(|s| format!("{s:?}").to_lowercase()),
            Some(show.to_owned())
        );
        w.take_sip();
    }
    assert!(refreshes >= 29, "{refreshes}");
    w.xmpp_in("<presence xmlns='jabber:client' from='juliet@example.com' to='romeo@example.net' type='unsubscribe'/>");
    let u = w.take_sip().remove(0);
    w.answer(&u, 200, "ffd2", &[("Expires", "0")]);
    w.sip_in(
        &notify_text(&call_id, &tag, notify_cseq, "terminated;reason=timeout"),
        "",
    );
    assert_eq!(
        w.take_xmpp().iter().map(presence_type).collect::<Vec<_>>(),
        [PresenceType::Unsubscribed]
    );
    assert_eq!(w.gw.subscription_count(), 0);
    assert_eq!(w.gw.poll_timeout(), None);
}

/// A whole S2X life: SUBSCRIBE, pending, approval, notifications of status
/// changes, a day of refreshes by the SIP watcher, then its cancellation;
/// nothing left behind once the last NOTIFY is answered.
#[test]
fn full_life_s2x_over_a_day() {
    let mut w = World::new();
    let (tag, _) = s2x_active(&mut w);
    let mut cseq = 2;
    let shows = ["away", "dnd", "xa", "chat"];
    for hour in 0..27u32 {
        w.advance(Duration::from_secs(1800));
        let show = shows[hour as usize % shows.len()];
        w.xmpp_in(&format!("<presence xmlns='jabber:client' from='juliet@example.com/yn0cl4bnw0yr3vym' to='romeo@example.net'><show>{show}</show></presence>"));
        let n = w.take_sip();
        assert_eq!(n.len(), 1, "hour {hour}");
        let body = std::str::from_utf8(n[0].body()).unwrap().to_owned();
        assert!(body.contains(&format!(">{show}<")), "{body}");
        w.answer(&n[0], 200, "xfg9", &[]);
        // The watcher refreshes well before the hour runs out.
        w.advance(Duration::from_secs(1500));
        w.sip_in(&in_dialog_subscribe(&tag, cseq, Some(3600)), "");
        cseq += 1;
        let out = w.take_sip();
        assert_eq!(
            out.iter().map(method).collect::<Vec<_>>(),
            ["200", "NOTIFY"],
            "hour {hour}"
        );
        w.answer(&out[1], 200, "xfg9", &[]);
    }
    assert_eq!(w.gw.notifier_states(ROMEO, JULIET), [NotifierState::Active]);
    w.sip_in(&in_dialog_subscribe(&tag, cseq, Some(0)), "");
    let out = w.take_sip();
    assert_eq!(
        out[1].header("Subscription-State"),
        Some("terminated;reason=timeout")
    );
    w.answer(&out[1], 200, "xfg9", &[]);
    assert_eq!(w.gw.subscription_count(), 0);
    assert_eq!(w.gw.poll_timeout(), None);
}

/// RFC 3261 §17.2.2: a SUBSCRIBE or NOTIFY retransmitted over UDP gets the
/// same answer again and is processed once: one dialog, one XMPP
/// subscribe; no 500 for the NOTIFY's repeated CSeq, no second stanza.
#[test]
fn udp_retransmissions_are_answered_once_processed_once() {
    let mut w = World::new();
    let udp = SUBSCRIBE_21.replace("SIP/2.0/TCP simple", "SIP/2.0/UDP simple");
    w.sip_in(&udp, "");
    let first = w.take_sip();
    w.sip_in(&udp, "");
    let again = w.take_sip();
    assert_eq!(again.len(), 1, "only the 200 again");
    assert_eq!(again[0].to_bytes(), first[0].to_bytes());
    assert_eq!(w.take_xmpp().len(), 1, "one subscribe");
    assert_eq!(w.gw.notifier_states(ROMEO, JULIET).len(), 1, "one dialog");

    let mut w = World::new();
    let (sub, tag) = x2s_active(&mut w);
    w.take_sip();
    w.take_xmpp();
    let n = notify_text(sub.call_id().unwrap(), &tag, 3, "active;expires=3600")
        .replace("SIP/2.0/TCP simple", "SIP/2.0/UDP simple");
    let n = format!("{n}\nContent-Type: application/pidf+xml");
    w.sip_in(&n, PIDF_R_OPEN_AWAY);
    w.sip_in(&n, PIDF_R_OPEN_AWAY);
    assert_eq!(w.sent_methods(), ["200", "200"]);
    assert_eq!(w.take_xmpp().len(), 1);
}

/// RFC 3261 §17.1.2.2 (Timer E) over UDP: the gateway's SUBSCRIBE and
/// NOTIFY go again after 0.5 s, 1 s, ... until answered.
#[test]
fn udp_requests_are_retransmitted_until_answered() {
    let mut cfg = config();
    cfg.sip.transport = "UDP".into();
    let mut w = World::with(cfg.clone());
    w.xmpp_in("<presence xmlns='jabber:client' from='juliet@example.com' to='romeo@example.net' type='subscribe'/>");
    w.advance(Duration::from_millis(1600));
    let copies = w.take_sip();
    assert_eq!(copies.len(), 3, "at 0, 0.5 and 1.5 s");
    assert!(copies.iter().all(|c| c.to_bytes() == copies[0].to_bytes()));
    w.answer(&copies[0], 200, "ffd2", &[("Expires", "3600")]);
    w.advance(Duration::from_secs(10));
    assert!(w.take_sip().is_empty(), "answered: no more copies");

    let mut w = World::with(cfg);
    w.sip_in(SUBSCRIBE_21, "");
    let out = w.take_sip();
    let notify = out[1].clone();
    w.advance(Duration::from_millis(600));
    let again = w.take_sip();
    assert_eq!(again.len(), 1);
    assert_eq!(again[0].to_bytes(), notify.to_bytes());
    w.answer(&notify, 200, "xfg9", &[]);
    w.advance(Duration::from_secs(10));
    assert!(w.take_sip().is_empty());
    assert_eq!(
        w.gw.notifier_states(ROMEO, JULIET),
        [NotifierState::Pending]
    );
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
        assert_eq!(w.sent_methods(), ["200"]);
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
    assert_eq!(w.sent_methods(), ["200"]);
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
        assert_eq!(w.sent_methods(), ["SUBSCRIBE"]);
    }
}

// ---------------------------------------------------------------------
// Found against real servers (tests/e2e)
// ---------------------------------------------------------------------

/// Prosody answers a subscription request for a user with no resource
/// online with `unavailable` from her bare JID. That speaks for every
/// resource (RFC 6121 §4.5.4) until one comes online: the complete state
/// sent then is that resource's tuple alone, not a `closed` tuple for the
/// bare JID beside it (SIP phones read the first tuple).
#[test]
fn bare_jid_unavailable_gives_way_to_a_resource() {
    let mut w = World::new();
    w.sip_in(SUBSCRIBE_21, "");
    let out = w.take_sip();
    w.answer(&out[1], 200, "xfg9", &[]);
    w.xmpp_in("<presence xmlns='jabber:client' from='juliet@example.com' to='romeo@example.net' type='unavailable'/>");
    w.xmpp_in("<presence xmlns='jabber:client' from='juliet@example.com' to='romeo@example.net' type='subscribed'/>");
    let active = w.take_sip().remove(0);
    assert_eq!(
        std::str::from_utf8(active.body()).unwrap(),
        PIDF_CLOSED_BARE
    );
    w.answer(&active, 200, "xfg9", &[]);
    // Her resource's presence within the rate limit: held, then sent as
    // the complete state.
    w.xmpp_in("<presence xmlns='jabber:client' from='juliet@example.com/yn0cl4bnw0yr3vym' to='romeo@example.net'><show>away</show></presence>");
    assert!(w.take_sip().is_empty());
    w.advance(Duration::from_secs(5));
    let n = w.take_sip().remove(0);
    assert_eq!(std::str::from_utf8(n.body()).unwrap(), PIDF_J_OPEN_AWAY);
    w.answer(&n, 200, "xfg9", &[]);
    // And the bare JID's `unavailable` replaces every resource again.
    w.advance(Duration::from_secs(5));
    w.xmpp_in("<presence xmlns='jabber:client' from='juliet@example.com' to='romeo@example.net' type='unavailable'/>");
    let n = w.take_sip().remove(0);
    w.answer(&n, 200, "xfg9", &[]);
    // The complete state, as a refresh asks for it.
    w.sip_in(&in_dialog_subscribe(&tag_of(&active), 2, Some(600)), "");
    let refreshed = w.take_sip().remove(1);
    assert_eq!(
        std::str::from_utf8(refreshed.body()).unwrap(),
        PIDF_CLOSED_BARE
    );
}

/// The one tuple of juliet's bare JID, `closed`.
const PIDF_CLOSED_BARE: &str = "<?xml version='1.0' encoding='UTF-8'?>\r\n\
<presence xmlns='urn:ietf:params:xml:ns:pidf'\r\n          entity='pres:juliet@example.com'>\r\n  \
<tuple id='ID-'>\r\n    <status>\r\n      <basic>closed</basic>\r\n    \
</status>\r\n  </tuple>\r\n</presence>";

fn tag_of(notify: &SipMessage) -> String {
    notify.from_header().unwrap().tag().unwrap().to_owned()
}

/// With the RPID profile on, a complete state of several resources keeps
/// the `<dm:person>` of each, not only of the first (SIP phones read the
/// activity there, not `<show/>`).
#[test]
fn rpid_person_of_every_resource_in_a_complete_state() {
    let mut cfg = config();
    cfg.map.rpid = sip_xmpp::presence::RpidProfile::On {
        xa_user_input_idle: false,
    };
    let mut w = World::with(cfg);
    w.sip_in(SUBSCRIBE_21, "");
    let out = w.take_sip();
    w.answer(&out[1], 200, "xfg9", &[]);
    w.xmpp_in("<presence xmlns='jabber:client' from='juliet@example.com/a' to='romeo@example.net'><show>away</show></presence>");
    w.xmpp_in("<presence xmlns='jabber:client' from='juliet@example.com/b' to='romeo@example.net'><show>dnd</show></presence>");
    w.xmpp_in("<presence xmlns='jabber:client' from='juliet@example.com' to='romeo@example.net' type='subscribed'/>");
    let active = w.take_sip().remove(0);
    let body = std::str::from_utf8(active.body()).unwrap();
    assert!(body.contains("<tuple id='ID-a'>") && body.contains("<tuple id='ID-b'>"));
    assert!(body.contains("<dm:person id='PID-a'>"), "{body}");
    assert!(body.contains("<dm:person id='PID-b'>"), "{body}");
    assert!(
        body.contains("<rpid:away/>") && body.contains("<rpid:busy/>"),
        "{body}"
    );
}

/// RFC 3261 §8.2.2.3: a NOTIFY (or SUBSCRIBE) requiring an extension the
/// gateway does not support (it supports none) is answered 420 Bad
/// Extension with the tags in Unsupported, and nothing reaches XMPP.
#[test]
fn notify_requiring_an_extension_gets_420() {
    let mut w = World::new();
    w.xmpp_in("<presence xmlns='jabber:client' from='juliet@example.com' to='romeo@example.net' type='subscribe'/>");
    let sub = w.take_sip().remove(0);
    let tag = sub.from_header().unwrap().tag().unwrap().to_owned();
    let call_id = sub.call_id().unwrap().to_owned();
    let text = format!(
        "{}\nRequire: foo\n",
        notify_text(&call_id, &tag, 2, "active;expires=499").trim_end()
    );
    w.sip_in(&text, "");
    let out = w.take_sip();
    assert_eq!(out.iter().map(method).collect::<Vec<_>>(), ["420"]);
    assert_eq!(out[0].header("Unsupported"), Some("foo"));
    assert!(w.take_xmpp().is_empty());
}

/// V-PRES-8: the Contact of an accepted dialog carries the configured
/// port, so that a gateway listening elsewhere than 5060 is reached.
#[test]
fn v_pres_8_contact_carries_the_configured_port() {
    let mut cfg = config();
    cfg.contact_port = Some(5080);
    let mut w = World::with(cfg);
    w.sip_in(SUBSCRIBE_21, "");
    let out = w.take_sip();
    assert_eq!(
        out[0].header("Contact"),
        Some("<sip:juliet@s2x.example.net:5080;transport=tcp>")
    );
}
