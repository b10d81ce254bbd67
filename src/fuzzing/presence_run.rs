//! The `presence` check: one [`PresenceGateway`] driven by a script of
//! events decoded from the input, with fake XMPP and SIP peers that answer
//! with the identifiers the gateway really used, and the gateway's
//! invariants checked after every step.
//!
//! The script is a sequence of operations, one byte each, followed by the
//! bytes that operation reads; a missing byte reads as 0. Operation
//! `op % 8`:
//!
//! | op | event | parameter bytes |
//! |---|---|---|
//! | 0 | XMPP presence | who, type, extras |
//! | 1 | new SIP SUBSCRIBE | who, expires, event and accept, Call-ID |
//! | 2 | SUBSCRIBE in a watcher's dialog | which, expires, flags |
//! | 3 | NOTIFY for a SUBSCRIBE the gateway sent | which, state, body, flags |
//! | 4 | response to a request the gateway sent | which, code, extras |
//! | 5 | time: `b × 250 ms`, stepping through every timer | b |
//! | 6 | time: `b × 60 s`, stepping (b even) or in one jump (b odd) | b |
//! | 7 | the next timer | — |
//!
//! Besides what [`super::presence`] lists, no NOTIFY follows the
//! `terminated` one in its dialog (RFC 6665 §4.4.1).

use std::collections::HashSet;
use std::time::{Duration, Instant};

use crate::im::Output;
use crate::jid::Jid;
use crate::presence::{PresenceConfig, PresenceGateway, WatchState};
use crate::sip::{Framing, Method, SipMessage, StatusCode, SubState};
use crate::xmpp::{PresenceType, Stanza, StanzaConfig};

/// Most operations run from one input.
const MAX_STEPS: usize = 96;
/// Most subscriptions the gateway may hold.
const MAX_SUBSCRIPTIONS: usize = 8;
/// Most timer runs in one advance of the clock before the timers are
/// taken to never settle.
const MAX_TIMER_RUNS: usize = 100_000;
/// How long the gateway is left alone at the end, answering nothing:
/// longer than any subscription or retry the script can set up.
const IDLE: Duration = Duration::from_secs(4 * 3600);

/// XMPP addresses (the XMPP side's users, and contacts of SIP watchers).
const XMPP_JIDS: [&str; 4] = [
    "juliet@example.com",
    "juliet@example.com/balcony",
    "benvolio@example.com",
    "benvolio@example.com/home",
];
/// SIP users, as JIDs.
const SIP_JIDS: [&str; 3] = [
    "romeo@example.net",
    "romeo@example.net/orchard",
    "mercutio@example.net",
];
/// Every bare address, either side.
const BARE: [&str; 4] = [
    "juliet@example.com",
    "benvolio@example.com",
    "romeo@example.net",
    "mercutio@example.net",
];

const PIDF_OPEN: &str = "<?xml version='1.0' encoding='UTF-8'?>\r\n\
<presence xmlns='urn:ietf:params:xml:ns:pidf' entity='pres:romeo@example.net'>\
<tuple id='ID-orchard'><status><basic>open</basic>\
<show xmlns='jabber:client'>away</show></status>\
<contact priority='0.5'>sip:romeo@example.net;gr=orchard</contact>\
<note xml:lang='en'>Wooing</note></tuple></presence>";
const PIDF_CLOSED: &str = "<?xml version='1.0' encoding='UTF-8'?>\r\n\
<presence xmlns='urn:ietf:params:xml:ns:pidf' entity='pres:romeo@example.net'>\
<tuple id='ID-orchard'><status><basic>closed</basic></status></tuple></presence>";
const PIDF_TWO: &str = "<?xml version='1.0' encoding='UTF-8'?>\r\n\
<presence xmlns='urn:ietf:params:xml:ns:pidf' entity='pres:mercutio@example.net'>\
<tuple id='ID-a'><status><basic>open</basic></status></tuple>\
<tuple id='ID-b'><status><basic>closed</basic></status></tuple>\
<note>Two</note></presence>";
const PIDF_EMPTY: &str = "<?xml version='1.0' encoding='UTF-8'?>\r\n\
<presence xmlns='urn:ietf:params:xml:ns:pidf' entity='pres:romeo@example.net'/>";
const PIDF_BROKEN: &str = "<presence xmlns='urn:ietf:params:xml:ns:pidf'><tuple";

/// The input, read a byte at a time.
struct Script<'a> {
    data: &'a [u8],
    pos: usize,
}

impl Script<'_> {
    fn byte(&mut self) -> u8 {
        let b = self.data.get(self.pos).copied().unwrap_or(0);
        self.pos += 1;
        b
    }

    fn more(&self) -> bool {
        self.pos < self.data.len()
    }
}

fn pick<T: Copy>(items: &[T], b: u8) -> T {
    items[usize::from(b) % items.len()]
}

/// A subscription the gateway made (as subscriber), seen from the fake
/// SIP notifier.
struct Remote {
    call_id: String,
    /// The gateway's From tag.
    gw_tag: String,
    /// The notifier's tag, in its responses and NOTIFYs.
    tag: String,
    user: String,
    contact: String,
    cseq: u32,
}

/// A subscription a fake SIP watcher made to the gateway.
struct Watcher {
    call_id: String,
    tag: String,
    /// The gateway's tag, once seen in its 2xx or NOTIFY.
    gw_tag: Option<String>,
    watcher: String,
    contact: String,
    cseq: u32,
}

struct Run<'a> {
    script: Script<'a>,
    gw: PresenceGateway,
    start: Instant,
    now: Instant,
    /// Requests the gateway sent, latest last (at most 32).
    sent: Vec<SipMessage>,
    remotes: Vec<Remote>,
    watchers: Vec<Watcher>,
    /// Call-IDs of SUBSCRIBEs the gateway answered 2xx.
    accepted: HashSet<String>,
    /// (Call-ID, gateway's tag) of the dialogs the gateway ended with a
    /// `terminated` NOTIFY.
    ended: HashSet<(String, String)>,
    /// (user, contact) bare pairs where the user sent `subscribe` and has
    /// not sent `unsubscribe` since.
    subscribed: HashSet<(String, String)>,
    /// (user, contact) bare pairs where the user sent `probe`.
    probed: HashSet<(String, String)>,
    /// (user, contact) pairs of the dialogs in which the SIP side sent an
    /// `active` NOTIFY: the contact's authorization.
    authorized: HashSet<(String, String)>,
    /// (watcher, contact) bare pairs the gateway sent `subscribe` or
    /// `probe` for, on behalf of a SIP watcher.
    asked_for_watcher: HashSet<(String, String)>,
    serial: u32,
}

fn bare(j: Option<&str>) -> Option<String> {
    Jid::parse(j?).ok().map(|j| j.bare().as_str().to_owned())
}

/// A SIP message from header lines, with the body and its length.
fn sip(lines: &[String], content_type: Option<&str>, body: &str) -> Option<SipMessage> {
    let mut text = lines.join("\r\n");
    if let Some(ct) = content_type {
        text.push_str("\r\nContent-Type: ");
        text.push_str(ct);
    }
    text.push_str(&format!("\r\nContent-Length: {}\r\n\r\n{body}", body.len()));
    SipMessage::parse(text.as_bytes(), Framing::Stream).ok()
}

impl<'a> Run<'a> {
    fn new(data: &'a [u8]) -> Self {
        let mut script = Script { data, pos: 0 };
        let knobs = script.byte();
        let mut cfg = PresenceConfig::new("x2s.example.com", "TCP", "x2s.example.com");
        cfg.contact_host = "s2x.example.net".into();
        cfg.max_subscriptions = MAX_SUBSCRIPTIONS;
        cfg.max_resources = 2;
        cfg.legacy_unsubscribed_on_send = knobs & 1 != 0;
        if knobs & 2 != 0 {
            cfg.expires = 120;
            cfg.retry_after = Duration::from_secs(600);
        }
        let start = Instant::now();
        Run {
            script,
            gw: PresenceGateway::new(cfg, [knobs; 32]),
            start,
            now: start,
            sent: Vec::new(),
            remotes: Vec::new(),
            watchers: Vec::new(),
            accepted: HashSet::new(),
            ended: HashSet::new(),
            subscribed: HashSet::new(),
            probed: HashSet::new(),
            authorized: HashSet::new(),
            asked_for_watcher: HashSet::new(),
            serial: 0,
        }
    }

    fn next_serial(&mut self) -> u32 {
        self.serial += 1;
        self.serial
    }

    fn run(mut self) {
        let mut steps = 0;
        while self.script.more() && steps < MAX_STEPS {
            steps += 1;
            match self.script.byte() % 8 {
                0 => self.xmpp_presence(),
                1 => self.new_subscribe(),
                2 => self.dialog_subscribe(),
                3 => self.notify(),
                4 => self.respond(),
                5 => {
                    let b = self.script.byte();
                    self.advance(Duration::from_millis(250) * u32::from(b), true);
                }
                6 => {
                    let b = self.script.byte();
                    self.advance(Duration::from_secs(60) * u32::from(b), b & 1 == 0);
                }
                _ => {
                    if let Some(t) = self.gw.poll_timeout() {
                        self.now = self.now.max(t);
                        self.timeout();
                    }
                }
            }
            assert!(
                self.gw.subscription_count() <= MAX_SUBSCRIPTIONS,
                "{} subscriptions held",
                self.gw.subscription_count()
            );
        }
        self.idle();
    }

    // -----------------------------------------------------------------
    // Inputs
    // -----------------------------------------------------------------

    fn xmpp_presence(&mut self) {
        let (who, kind, extras) = (self.script.byte(), self.script.byte(), self.script.byte());
        let mut from = pick(&XMPP_JIDS, who);
        let mut to = pick(&SIP_JIDS, who >> 2);
        if who & 0x80 != 0 {
            std::mem::swap(&mut from, &mut to);
        }
        let types = [
            None,
            Some("unavailable"),
            Some("subscribe"),
            Some("subscribed"),
            Some("unsubscribe"),
            Some("unsubscribed"),
            Some("probe"),
            Some("error"),
        ];
        let t = pick(&types, kind);
        let mut xml = format!("<presence xmlns='jabber:client' from='{from}' to='{to}'");
        if let Some(t) = t {
            xml.push_str(&format!(" type='{t}'"));
        }
        xml.push('>');
        if extras & 1 != 0 {
            xml.push_str(&format!(
                "<show>{}</show>",
                pick(&["away", "chat", "dnd", "xa"], extras >> 1)
            ));
        }
        if extras & 8 != 0 {
            xml.push_str("<status>Wherefore</status><status xml:lang='fr'>Pourquoi</status>");
        }
        if extras & 16 != 0 {
            xml.push_str(&format!(
                "<priority>{}</priority>",
                pick(&[-1, 0, 1, 5, 127, -128, 64, 2], extras >> 5)
            ));
        }
        if t == Some("error") {
            xml.push_str(&format!(
                "<error type='cancel'><{} xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error>",
                pick(
                    &["item-not-found", "forbidden", "remote-server-not-found"],
                    extras
                )
            ));
        }
        xml.push_str("</presence>");
        let Ok(stanza) = Stanza::parse(xml.as_bytes(), &StanzaConfig::default()) else {
            return;
        };
        let (Some(user), Some(contact)) = (bare(Some(from)), bare(Some(to))) else {
            return;
        };
        match t {
            Some("subscribe") => {
                self.subscribed.insert((user, contact));
            }
            Some("unsubscribe") => {
                self.subscribed.remove(&(user, contact));
            }
            Some("probe") => {
                self.probed.insert((user, contact));
            }
            _ => {}
        }
        let _ = self.gw.handle_xmpp(self.now, stanza);
        self.pump();
    }

    fn expires_header(b: u8) -> Option<&'static str> {
        pick(
            &[
                None,
                Some("0"),
                Some("30"),
                Some("60"),
                Some("3600"),
                Some("86400"),
            ],
            b,
        )
    }

    fn event_header(b: u8) -> Option<&'static str> {
        pick(
            &[
                Some("presence"),
                Some("presence"),
                Some("presence"),
                Some("presence;id=7"),
                Some("dialog"),
                None,
            ],
            b,
        )
    }

    fn new_subscribe(&mut self) {
        let (who, exp, ev, call) = (
            self.script.byte(),
            self.script.byte(),
            self.script.byte(),
            self.script.byte(),
        );
        let n = self.next_serial();
        let watcher = pick(&["romeo@example.net", "mercutio@example.net"], who);
        let contact = pick(&["juliet@example.com", "benvolio@example.com"], who >> 1);
        let call_id = match (call & 3, self.remotes.len(), self.watchers.len()) {
            (1, _, w) if w > 0 => self.watchers[usize::from(call >> 2) % w].call_id.clone(),
            (2, r, _) if r > 0 => self.remotes[usize::from(call >> 2) % r].call_id.clone(),
            _ => format!("s{n}@ua.example.net"),
        };
        let tag = format!("w{n}");
        let mut lines = vec![
            format!("SUBSCRIBE sip:{contact} SIP/2.0"),
            format!("Via: SIP/2.0/TCP ua.example.net;branch=z9hG4bKs{n}"),
            "Max-Forwards: 70".to_owned(),
            format!("From: <sip:{watcher}>;tag={tag}"),
            format!("To: <sip:{contact}>"),
            format!("Call-ID: {call_id}"),
            "CSeq: 1 SUBSCRIBE".to_owned(),
        ];
        if who & 4 == 0 {
            lines.push(format!(
                "Contact: <sip:{}@ua.example.net;transport=tcp>",
                watcher.split('@').next().unwrap_or_default()
            ));
        }
        if let Some(e) = Self::event_header(ev) {
            lines.push(format!("Event: {e}"));
        }
        let accept = [
            None,
            Some("application/pidf+xml"),
            Some("application/pidf+xml"),
            Some("text/plain"),
            Some("application/*, text/plain"),
            Some("application/pidf+xml;q=0.5"),
        ];
        if let Some(a) = pick(&accept, ev >> 3) {
            lines.push(format!("Accept: {a}"));
        }
        if let Some(e) = Self::expires_header(exp) {
            lines.push(format!("Expires: {e}"));
        }
        let Some(req) = sip(&lines, None, "") else {
            return;
        };
        if self.watchers.len() >= 16 {
            self.watchers.remove(0);
        }
        self.watchers.push(Watcher {
            call_id,
            tag,
            gw_tag: None,
            watcher: watcher.to_owned(),
            contact: contact.to_owned(),
            cseq: 1,
        });
        let _ = self.gw.handle_sip(self.now, req);
        self.pump();
    }

    fn dialog_subscribe(&mut self) {
        let (which, exp, flags) = (self.script.byte(), self.script.byte(), self.script.byte());
        let n = self.next_serial();
        let (call_id, tag, gw_tag, watcher, contact, cseq) = match self.watchers.len() {
            0 => (
                format!("x{n}@ua.example.net"),
                "w0".to_owned(),
                "g0".to_owned(),
                "romeo@example.net".to_owned(),
                "juliet@example.com".to_owned(),
                2,
            ),
            len => {
                let w = &mut self.watchers[usize::from(which) % len];
                if flags & 1 == 0 {
                    w.cseq += 1;
                }
                let gw_tag = match (&w.gw_tag, flags & 2) {
                    (Some(t), 0) => t.clone(),
                    _ => "g0".to_owned(),
                };
                (
                    w.call_id.clone(),
                    w.tag.clone(),
                    gw_tag,
                    w.watcher.clone(),
                    w.contact.clone(),
                    w.cseq,
                )
            }
        };
        let target = if flags & 4 == 0 {
            format!(
                "sip:{}@s2x.example.net;transport=tcp",
                contact.split('@').next().unwrap_or_default()
            )
        } else {
            format!("sip:{contact}")
        };
        let mut lines = vec![
            format!("SUBSCRIBE {target} SIP/2.0"),
            format!("Via: SIP/2.0/TCP ua.example.net;branch=z9hG4bKr{n}"),
            "Max-Forwards: 70".to_owned(),
            format!("From: <sip:{watcher}>;tag={tag}"),
            format!("To: <sip:{contact}>;tag={gw_tag}"),
            format!("Call-ID: {call_id}"),
            format!("CSeq: {cseq} SUBSCRIBE"),
        ];
        if let Some(e) = Self::event_header(flags >> 3) {
            lines.push(format!("Event: {e}"));
        }
        if let Some(e) = Self::expires_header(exp) {
            lines.push(format!("Expires: {e}"));
        }
        if let Some(req) = sip(&lines, None, "") {
            let _ = self.gw.handle_sip(self.now, req);
            self.pump();
        }
    }

    fn notify(&mut self) {
        let (which, state, body, flags) = (
            self.script.byte(),
            self.script.byte(),
            self.script.byte(),
            self.script.byte(),
        );
        let n = self.next_serial();
        let (call_id, gw_tag, tag, dialog_user, dialog_contact, cseq) =
            match (self.remotes.len(), flags & 0x80) {
                (len, 0) if len > 0 => {
                    let r = &mut self.remotes[usize::from(which) % len];
                    if flags & 16 == 0 {
                        r.cseq += 1;
                    }
                    (
                        r.call_id.clone(),
                        r.gw_tag.clone(),
                        r.tag.clone(),
                        r.user.clone(),
                        r.contact.clone(),
                        r.cseq,
                    )
                }
                _ => (
                    format!("u{n}@example.net"),
                    "j0".to_owned(),
                    "n0".to_owned(),
                    "juliet@example.com".to_owned(),
                    "romeo@example.net".to_owned(),
                    1,
                ),
            };
        let (mut user, mut contact) = (dialog_user.clone(), dialog_contact.clone());
        let tag = if flags & 1 != 0 {
            "fork".to_owned()
        } else {
            tag
        };
        let gw_tag = if flags & 2 != 0 {
            "j0".to_owned()
        } else {
            gw_tag
        };
        if flags & 4 != 0 {
            contact = pick(&["mercutio@example.net", "romeo@example.net"], which).to_owned();
        }
        if flags & 8 != 0 {
            user = pick(&["benvolio@example.com", "juliet@example.com"], which).to_owned();
        }
        let secs = pick(&[0, 30, 499, 3600, 7200], state >> 3);
        let reason = pick(
            &[
                "rejected",
                "noresource",
                "deactivated",
                "timeout",
                "probation",
                "giveup",
                "invariant",
            ],
            state >> 3,
        );
        let sub_state = match state % 7 {
            0 => format!("pending;expires={secs}"),
            1 => format!("active;expires={secs}"),
            2 => "active".to_owned(),
            3 => format!("terminated;reason={reason}"),
            4 => "terminated".to_owned(),
            5 => format!("wibble;expires={secs}"),
            _ => format!("terminated;reason={reason};retry-after={secs}"),
        };
        let mut lines = vec![
            format!("NOTIFY sip:{user};gr=balcony SIP/2.0"),
            format!("Via: SIP/2.0/TCP pa.example.net;branch=z9hG4bKn{n}"),
            "Max-Forwards: 70".to_owned(),
            format!("From: <sip:{contact}>;tag={tag}"),
            format!("To: <sip:{user}>;tag={gw_tag}"),
            format!("Call-ID: {call_id}"),
            format!("CSeq: {cseq} NOTIFY"),
            format!(
                "Contact: <sip:{}@pa.example.net;gr=orchard>",
                contact.split('@').next().unwrap_or_default()
            ),
        ];
        lines.push(
            if flags & 32 != 0 {
                "Event: dialog"
            } else {
                "Event: presence"
            }
            .to_owned(),
        );
        if flags & 64 == 0 {
            lines.push(format!("Subscription-State: {sub_state}"));
        }
        let (ct, text) = match body % 6 {
            0 => (None, ""),
            1 => (Some("application/pidf+xml"), PIDF_OPEN),
            2 => (Some("application/pidf+xml"), PIDF_CLOSED),
            3 => (Some("application/pidf+xml"), PIDF_TWO),
            4 => (Some("application/pidf+xml"), PIDF_EMPTY),
            _ => (Some("application/pidf+xml"), PIDF_BROKEN),
        };
        if body & 8 != 0 {
            lines.push("Content-Language: fr".to_owned());
        }
        if sub_state.starts_with("active") {
            self.authorized.insert((dialog_user, dialog_contact));
        }
        if let Some(req) = sip(&lines, ct, text) {
            let _ = self.gw.handle_sip(self.now, req);
            self.pump();
        }
    }

    fn respond(&mut self) {
        let (which, code, extras) = (self.script.byte(), self.script.byte(), self.script.byte());
        if self.sent.is_empty() {
            return;
        }
        let req = self.sent[usize::from(which) % self.sent.len()].clone();
        let codes = [
            100, 180, 200, 202, 400, 403, 404, 408, 423, 481, 489, 500, 503, 603,
        ];
        let Some(code) = StatusCode::new(pick(&codes, code)) else {
            return;
        };
        let call_id = req.call_id().map(str::to_owned).unwrap_or_default();
        let tag = match self.remotes.iter().find(|r| r.call_id == call_id) {
            _ if extras & 1 != 0 => "fork".to_owned(),
            Some(r) => r.tag.clone(),
            None => "n0".to_owned(),
        };
        let Ok(mut resp) = req.make_response(code, &tag) else {
            return;
        };
        let subscribe = req.method() == Some(&Method::Subscribe);
        if subscribe && code.is_success() {
            if let Some(e) = pick(
                &[None, Some(0), Some(60), Some(3600), Some(7200)],
                extras >> 1,
            ) {
                let _ = resp.push_header("Expires", &e.to_string());
            }
            if extras & 0x10 != 0 {
                let _ = resp.push_header("Contact", "<sip:romeo@pa.example.net;gr=orchard>");
            }
        }
        if code.as_u16() == 423 {
            if let Some(m) = pick(&[Some(7200), Some(30), None], extras >> 1) {
                let _ = resp.push_header("Min-Expires", &m.to_string());
            }
        }
        let Ok(resp) = SipMessage::parse(&resp.to_bytes(), Framing::Stream) else {
            return;
        };
        let _ = self.gw.handle_sip(self.now, resp);
        self.pump();
    }

    // -----------------------------------------------------------------
    // Time
    // -----------------------------------------------------------------

    /// Runs the timers due now and checks that none is left due.
    fn timeout(&mut self) {
        self.gw.handle_timeout(self.now);
        if let Some(t) = self.gw.poll_timeout() {
            assert!(
                t > self.now,
                "a timer is still due {:?} after handle_timeout (at {:?})",
                self.now - t,
                self.now - self.start
            );
        }
        self.pump();
    }

    /// Moves the clock by `d`, running each timer at its own time
    /// (`stepping`) or all due ones at the end.
    fn advance(&mut self, d: Duration, stepping: bool) {
        let until = self.now + d;
        if stepping {
            let mut runs = 0;
            while let Some(t) = self.gw.poll_timeout().filter(|t| *t <= until) {
                runs += 1;
                assert!(runs <= MAX_TIMER_RUNS, "timers never settle");
                self.now = self.now.max(t);
                self.timeout();
            }
        }
        self.now = until;
        if self.gw.poll_timeout().is_some_and(|t| t <= until) {
            self.timeout();
        }
    }

    /// The end: a long time with nothing answered. Every notifier dialog
    /// and poll must be gone, every watch left must be waiting to make
    /// its dialog again (dormant, subscribing again, or a request asked
    /// again later), a timer must be running for those subscribing or
    /// requesting (a dormant one may wait for the user to come online),
    /// and at most one request may be pending for each of them.
    fn idle(&mut self) {
        self.advance(IDLE, true);
        let mut watches = 0;
        let mut subscribing = 0;
        for a in BARE {
            for b in BARE {
                assert!(
                    self.gw.notifier_states(a, b).is_empty(),
                    "notifier dialog of {a} on {b} outlived the idle period"
                );
                match self.gw.watch_state(a, b) {
                    None => {}
                    Some(WatchState::Dormant) => watches += 1,
                    Some(WatchState::Resubscribing | WatchState::Requesting) => {
                        watches += 1;
                        subscribing += 1;
                    }
                    Some(s) => panic!("watch of {a} on {b} left {s:?} after the idle period"),
                }
            }
        }
        assert_eq!(
            self.gw.subscription_count(),
            watches,
            "polls or subscriptions of unknown addresses left after the idle period"
        );
        assert!(
            self.gw.pending_count() <= subscribing,
            "{} transactions pending for {subscribing} watches subscribing",
            self.gw.pending_count()
        );
        assert!(
            subscribing == 0 || self.gw.poll_timeout().is_some(),
            "watches subscribing without a timer"
        );
    }

    // -----------------------------------------------------------------
    // Outputs
    // -----------------------------------------------------------------

    fn pump(&mut self) {
        while let Some(out) = self.gw.poll_output() {
            match out {
                Output::Sip(m) => self.check_sip(m),
                Output::Xmpp(s) => self.check_stanza(&s),
            }
        }
    }

    fn check_sip(&mut self, m: SipMessage) {
        let bytes = m.to_bytes();
        let m = match SipMessage::parse(&bytes, Framing::Stream) {
            Ok(m) => m,
            Err(e) => panic!(
                "written SIP does not parse: {e}\n{}",
                String::from_utf8_lossy(&bytes)
            ),
        };
        let text = || String::from_utf8_lossy(&bytes).into_owned();
        let call_id = m.call_id().map(str::to_owned).unwrap_or_default();
        if !m.is_request() {
            let subscribe = m.cseq().is_ok_and(|c| c.method == Method::Subscribe);
            if subscribe && m.status().is_some_and(|c| c.is_success()) {
                self.accepted.insert(call_id.clone());
                let ours = m
                    .from_header()
                    .ok()
                    .and_then(|f| f.tag().map(str::to_owned));
                let theirs = m.to_header().ok().and_then(|t| t.tag().map(str::to_owned));
                for w in &mut self.watchers {
                    if w.call_id == call_id && Some(&w.tag) == ours.as_ref() {
                        w.gw_tag = theirs.clone();
                    }
                }
            }
            return;
        }
        let via = m.top_via();
        assert!(
            via.is_ok_and(|v| v.has_rfc3261_branch()),
            "request without an RFC 3261 branch:\n{}",
            text()
        );
        assert!(
            matches!(m.max_forwards(), Ok(Some(_))),
            "request without Max-Forwards:\n{}",
            text()
        );
        if let Err(e) = m.validate() {
            panic!("request out fails validation: {e}\n{}", text());
        }
        match m.method() {
            Some(Method::Notify) => self.check_notify(&m, &call_id, &text()),
            Some(Method::Subscribe) => self.record_subscribe(&m, &call_id),
            other => panic!("the presence gateway sent {other:?}:\n{}", text()),
        }
        if self.sent.len() >= 32 {
            self.sent.remove(0);
        }
        self.sent.push(m);
    }

    fn check_notify(&mut self, m: &SipMessage, call_id: &str, text: &str) {
        assert!(
            self.accepted.contains(call_id),
            "NOTIFY outside a dialog made by an accepted SUBSCRIBE:\n{text}"
        );
        assert!(
            matches!(m.event(), Ok(Some(e)) if e.package() == "presence"),
            "NOTIFY without Event: presence:\n{text}"
        );
        let state = match m.subscription_state() {
            Ok(Some(s)) => s,
            _ => panic!("NOTIFY without Subscription-State:\n{text}"),
        };
        match state.state {
            SubState::Active | SubState::Pending => {
                assert!(state.expires().is_some(), "no expires:\n{text}");
            }
            SubState::Terminated => {
                assert!(state.reason().is_some(), "no reason:\n{text}");
            }
            SubState::Other(_) => panic!("unknown state sent:\n{text}"),
        }
        let ours = m.to_header().ok().and_then(|t| t.tag().map(str::to_owned));
        let theirs = m
            .from_header()
            .ok()
            .and_then(|f| f.tag().map(str::to_owned));
        let dialog = (call_id.to_owned(), theirs.clone().unwrap_or_default());
        assert!(
            !self.ended.contains(&dialog),
            "NOTIFY after the dialog's terminated NOTIFY:\n{text}"
        );
        if state.state == SubState::Terminated {
            self.ended.insert(dialog);
        }
        for w in &mut self.watchers {
            if w.call_id == call_id && Some(&w.tag) == ours.as_ref() && w.gw_tag.is_none() {
                w.gw_tag = theirs.clone();
            }
        }
    }

    fn record_subscribe(&mut self, m: &SipMessage, call_id: &str) {
        if self.remotes.iter().any(|r| r.call_id == call_id) {
            return;
        }
        let (Ok(from), Ok(to)) = (m.from_header(), m.to_header()) else {
            return;
        };
        let uri_of = |u: &crate::uri::Uri| u.as_str().trim_start_matches("sip:").to_owned();
        let remote = Remote {
            call_id: call_id.to_owned(),
            gw_tag: from.tag().unwrap_or_default().to_owned(),
            tag: format!("n{}", self.next_serial()),
            user: uri_of(&from.uri),
            contact: uri_of(&to.uri),
            cseq: 0,
        };
        if self.remotes.len() >= 16 {
            self.remotes.remove(0);
        }
        self.remotes.push(remote);
    }

    fn check_stanza(&mut self, s: &Stanza) {
        let bytes = s.to_bytes();
        let again = match Stanza::parse(&bytes, &StanzaConfig::default()) {
            Ok(a) => a,
            Err(e) => panic!(
                "written stanza does not parse: {e}\n{}",
                String::from_utf8_lossy(&bytes)
            ),
        };
        let Stanza::Presence(p) = &again else {
            panic!(
                "the presence gateway sent {}",
                String::from_utf8_lossy(&bytes)
            );
        };
        let (Some(to), Some(from)) = (bare(p.to()), bare(p.from())) else {
            return;
        };
        let pair = (to.clone(), from.clone());
        match p.presence_type() {
            PresenceType::Subscribe | PresenceType::Probe => {
                self.asked_for_watcher.insert((from, to));
            }
            t
            @ (PresenceType::Subscribed | PresenceType::Available | PresenceType::Unavailable) => {
                // `unavailable` from a SIP watcher that ended its
                // subscription to the XMPP user is PRES-SUB-23.
                let watcher_ended = t == PresenceType::Unavailable
                    && self.asked_for_watcher.contains(&(from.clone(), to.clone()));
                assert!(
                    self.subscribed.contains(&pair) || self.probed.contains(&pair) || watcher_ended,
                    "{t:?} sent to {to} for {from}, who neither subscribed nor probed:\n{}",
                    String::from_utf8_lossy(&bytes)
                );
                assert!(
                    t != PresenceType::Subscribed || self.authorized.contains(&pair),
                    "subscribed sent to {to} for {from}, who never said active:\n{}",
                    String::from_utf8_lossy(&bytes)
                );
            }
            _ => {}
        }
    }
}

/// See the module documentation.
pub(super) fn run(data: &[u8]) {
    Run::new(data).run();
}
