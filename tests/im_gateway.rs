//! The IM gateway in simulated time, between a fake SIP user agent and a
//! fake XMPP server that exchange wire bytes with it (RFC 7572 with the
//! RFC 3428 transaction rules). Time only moves when a test moves it.

use std::collections::{HashMap, HashSet};
use std::time::{Duration, Instant};

use sip_xmpp::im::{ImConfig, ImGateway, Output};
use sip_xmpp::sip::{Framing, SipMessage, StatusCode};
use sip_xmpp::xmpp::{DefinedCondition, MessageBuilder, Stanza, StanzaConfig};

/// Timer F: 64 × T1 (RFC 3261 §17.1.2.2).
const TIMER_F: Duration = Duration::from_secs(32);

/// How the fake SIP user agent answers a MESSAGE.
#[derive(Clone, Copy, Debug)]
enum Answer {
    /// A final status, after an optional `100 Trying`.
    Final { code: u16, trying: bool },
    /// Nothing at all (the request is lost).
    Silence,
}

/// The gateway between the two fake peers. `sip_in` holds the requests
/// the SIP user agent has received and not yet answered, with the time
/// they arrived; `xmpp_in` the stanzas the XMPP server has received.
struct World {
    gw: ImGateway,
    now: Instant,
    sip_in: Vec<(Instant, SipMessage)>,
    sip_responses: Vec<SipMessage>,
    xmpp_in: Vec<Stanza>,
}

impl World {
    fn new(seed: u8) -> World {
        let now = Instant::now();
        let mut cfg = ImConfig::new("x2s.example.com", "TCP");
        cfg.xmpp_domain = Some("example.com".into());
        World {
            gw: ImGateway::new(cfg, [seed; 32], now),
            now,
            sip_in: Vec::new(),
            sip_responses: Vec::new(),
            xmpp_in: Vec::new(),
        }
    }

    /// Drains the gateway's output onto the wire: every message is written
    /// and parsed again by the peer that receives it.
    fn pump(&mut self) {
        while let Some(out) = self.gw.poll_output() {
            match out {
                Output::Sip(m) => {
                    let m = SipMessage::parse(&m.to_bytes(), Framing::Stream)
                        .expect("the gateway writes SIP that parses");
                    if m.is_request() {
                        self.sip_in.push((self.now, m));
                    } else {
                        self.sip_responses.push(m);
                    }
                }
                Output::Xmpp(s) => {
                    let s = Stanza::parse(&s.to_bytes(), &StanzaConfig::default())
                        .expect("the gateway writes stanzas that parse");
                    self.xmpp_in.push(s);
                }
            }
        }
    }

    /// The XMPP user `from` sends a message with `id` to `to`.
    fn xmpp_sends(&mut self, id: &str, from: &str, to: &str, body: &str) {
        let m = MessageBuilder::new()
            .id(id)
            .from(from)
            .to(to)
            .body(None, body)
            .build()
            .expect("message");
        let s = Stanza::parse(&m.to_bytes(), &StanzaConfig::default()).expect("stanza");
        self.gw.handle_xmpp(self.now, s).expect("translated");
        self.pump();
    }

    /// The SIP user agent answers the oldest request it holds for `uri`.
    fn sip_answers(&mut self, uri: &str, answer: Answer) -> SipMessage {
        let at = self
            .sip_in
            .iter()
            .position(|(_, r)| r.request_uri().is_some_and(|u| u.as_str() == uri))
            .unwrap_or_else(|| panic!("no request for {uri}"));
        let (_, req) = self.sip_in.remove(at);
        if let Answer::Final { code, trying } = answer {
            if trying {
                self.respond(&req, 100);
            }
            self.respond(&req, code);
        }
        req
    }

    fn respond(&mut self, req: &SipMessage, code: u16) {
        let status = StatusCode::new(code).expect("status");
        let tag = if code == 100 { "" } else { "ua1" };
        let resp = req.make_response(status, tag).expect("response");
        let resp = SipMessage::parse(&resp.to_bytes(), Framing::Stream).expect("parse");
        self.gw
            .handle_sip(self.now, resp)
            .expect("response matches");
        self.pump();
    }

    /// Moves the clock to `t`, firing the gateway's timer on the way
    /// whenever it is due, as an embedder's event loop does.
    fn advance_to(&mut self, t: Instant) {
        while let Some(due) = self.gw.poll_timeout().filter(|&d| d <= t) {
            self.now = self.now.max(due);
            self.gw.handle_timeout(self.now);
            self.pump();
        }
        self.now = t;
    }

    fn take_xmpp(&mut self) -> Vec<Stanza> {
        std::mem::take(&mut self.xmpp_in)
    }
}

fn condition(s: &Stanza) -> Option<DefinedCondition> {
    s.error().map(|e| e.condition)
}

/// A delivered message: one MESSAGE out, 100 then 200 back, nothing
/// towards XMPP (IM-5, IM-D-6), no timer left running.
#[test]
fn success_sends_one_message_and_reports_nothing() {
    let mut w = World::new(1);
    w.xmpp_sends(
        "m1",
        "juliet@example.com/balcony",
        "romeo@example.net",
        "Hi",
    );
    assert_eq!(w.sip_in.len(), 1);
    let req = &w.sip_in[0].1;
    assert!(req.method().is_some_and(|m| m.is("MESSAGE")));
    assert_eq!(req.body(), b"Hi");
    assert_eq!(w.gw.poll_timeout(), Some(w.now + TIMER_F));

    w.advance_to(w.now + Duration::from_millis(150));
    w.sip_answers(
        "sip:romeo@example.net",
        Answer::Final {
            code: 200,
            trying: true,
        },
    );
    assert!(w.take_xmpp().is_empty());
    assert_eq!(w.gw.pending_count(), 0);
    assert_eq!(w.gw.poll_timeout(), None);
    // Long after, nothing fires.
    w.advance_to(w.now + Duration::from_secs(3600));
    assert!(w.take_xmpp().is_empty());
}

/// A 404 comes back as an error stanza to the sender: swapped addresses,
/// mirrored id, `<item-not-found/>` (RFC 7247 Table B, IM-D-7, IM-D-9).
#[test]
fn error_response_becomes_an_error_stanza() {
    let mut w = World::new(2);
    w.xmpp_sends(
        "m2",
        "juliet@example.com/balcony",
        "romeo@example.net",
        "Hi",
    );
    w.sip_answers(
        "sip:romeo@example.net",
        Answer::Final {
            code: 404,
            trying: false,
        },
    );
    let got = w.take_xmpp();
    assert_eq!(got.len(), 1);
    let e = &got[0];
    assert!(e.is_error());
    assert_eq!(e.id(), Some("m2"));
    assert_eq!(e.to(), Some("juliet@example.com/balcony"));
    assert_eq!(e.from(), Some("romeo@example.net"));
    assert_eq!(condition(e), Some(DefinedCondition::ItemNotFound));
    assert_eq!(w.gw.poll_timeout(), None);
}

/// No answer: Timer F fires at exactly 32 s, not a moment before, and the
/// sender gets `<remote-server-timeout/>` (408 in Table B).
#[test]
fn timeout_fires_at_timer_f() {
    let mut w = World::new(3);
    let start = w.now;
    w.xmpp_sends(
        "m3",
        "juliet@example.com/balcony",
        "romeo@example.net",
        "Hi",
    );
    w.sip_answers("sip:romeo@example.net", Answer::Silence);

    w.advance_to(start + TIMER_F - Duration::from_millis(1));
    assert!(w.take_xmpp().is_empty());
    assert_eq!(w.gw.pending_count(), 1);

    w.advance_to(start + TIMER_F);
    let got = w.take_xmpp();
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].id(), Some("m3"));
    assert_eq!(
        condition(&got[0]),
        Some(DefinedCondition::RemoteServerTimeout)
    );
    assert_eq!(w.gw.pending_count(), 0);
    assert_eq!(w.gw.poll_timeout(), None);
}

/// A final response that comes after Timer F has fired matches no
/// transaction: it is refused as unmatched and sends nothing.
#[test]
fn late_response_after_timeout_is_unmatched() {
    let mut w = World::new(8);
    let start = w.now;
    w.xmpp_sends(
        "m4",
        "juliet@example.com/balcony",
        "romeo@example.net",
        "Hi",
    );
    let req = w.sip_answers("sip:romeo@example.net", Answer::Silence);
    w.advance_to(start + TIMER_F);
    assert_eq!(w.take_xmpp().len(), 1);
    let resp = req
        .make_response(StatusCode::new(200).expect("status"), "late")
        .expect("response");
    let rejected =
        w.gw.handle_sip(w.now, resp)
            .expect_err("no transaction is open");
    assert!(!rejected.replied);
    w.pump();
    assert!(w.take_xmpp().is_empty());
    assert!(w.sip_responses.is_empty());
}

/// A second message to the same URI waits until the first transaction is
/// over (RFC 3428 §8, IM-D-4); one to another URI does not wait. The
/// second one's Timer F starts when it is sent, not when it was queued.
#[test]
fn second_message_to_the_same_uri_waits() {
    let mut w = World::new(4);
    let start = w.now;
    w.xmpp_sends("a1", "juliet@example.com", "romeo@example.net", "one");
    w.xmpp_sends("a2", "juliet@example.com", "romeo@example.net", "two");
    w.xmpp_sends("b1", "juliet@example.com", "benvolio@example.net", "other");
    let bodies: Vec<&[u8]> = w.sip_in.iter().map(|(_, r)| r.body()).collect();
    assert_eq!(bodies, [&b"one"[..], &b"other"[..]]);
    assert_eq!(w.gw.queued_count(), 1);

    w.advance_to(start + Duration::from_secs(20));
    w.sip_answers(
        "sip:romeo@example.net",
        Answer::Final {
            code: 200,
            trying: false,
        },
    );
    let second = w
        .sip_in
        .iter()
        .find(|(_, r)| r.body() == b"two")
        .expect("released after the first one's 200");
    assert_eq!(second.0, start + Duration::from_secs(20));
    assert_eq!(w.gw.queued_count(), 0);

    // benvolio never answers: its Timer F fires at 32 s; the second
    // message to romeo runs until 20 + 32 s.
    w.advance_to(start + TIMER_F);
    let got = w.take_xmpp();
    assert_eq!(got.iter().map(|s| s.id()).collect::<Vec<_>>(), [Some("b1")]);
    w.advance_to(start + Duration::from_secs(20) + TIMER_F);
    let got = w.take_xmpp();
    assert_eq!(got.iter().map(|s| s.id()).collect::<Vec<_>>(), [Some("a2")]);
    assert_eq!(
        condition(&got[0]),
        Some(DefinedCondition::RemoteServerTimeout)
    );
}

/// A queued message released by the timeout of the one before it.
#[test]
fn timeout_releases_the_queue() {
    let mut w = World::new(5);
    let start = w.now;
    w.xmpp_sends("a1", "juliet@example.com", "romeo@example.net", "one");
    w.xmpp_sends("a2", "juliet@example.com", "romeo@example.net", "two");
    w.sip_answers("sip:romeo@example.net", Answer::Silence);
    assert!(w.sip_in.is_empty());
    w.advance_to(start + TIMER_F);
    assert_eq!(w.take_xmpp().len(), 1);
    assert_eq!(w.sip_in.len(), 1);
    assert_eq!(w.sip_in[0].1.body(), b"two");
    assert_eq!(w.sip_in[0].0, start + TIMER_F);
}

/// SIP to XMPP: the stanza goes out and the MESSAGE is answered 200 at
/// once (IM-10, IM-S-8), with neither body nor Contact (IM-D-3).
#[test]
fn inbound_message_is_delivered_and_answered() {
    let mut w = World::new(6);
    let wire = b"MESSAGE sip:juliet@example.com SIP/2.0\r\n\
Via: SIP/2.0/TCP s2x.example.net;branch=z9hG4bKeskdgs677\r\n\
Max-Forwards: 70\r\n\
To: <sip:juliet@example.com>\r\n\
From: <sip:romeo@example.net>;tag=12345\r\n\
Call-ID: D9AA95FD-2BD5-46E2-AF0F-6CFAA96BDDFA\r\n\
CSeq: 1 MESSAGE\r\n\
Content-Type: text/plain\r\n\
Content-Length: 6\r\n\
\r\n\
Hello!";
    let req = SipMessage::parse(wire, Framing::Stream).expect("parse");
    w.gw.handle_sip(w.now, req).expect("translated");
    w.pump();
    let got = w.take_xmpp();
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].from(), Some("romeo@example.net"));
    assert_eq!(got[0].to(), Some("juliet@example.com"));
    assert_eq!(w.sip_responses.len(), 1);
    let ok = &w.sip_responses[0];
    assert_eq!(ok.status().map(|s| s.as_u16()), Some(200));
    assert!(ok.body().is_empty());
    assert!(ok.header("Contact").is_none());
    // Nothing is pending on the SIP-to-XMPP side: no timer.
    assert_eq!(w.gw.poll_timeout(), None);
}

/// A tiny deterministic generator for the long run below (the test must
/// not depend on the crate's own generator).
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0 >> 33
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

/// Two simulated hours of traffic to eight SIP users who answer late,
/// answer with errors, or not at all. Throughout: never two transactions
/// to one URI at once; every message ends exactly once, as delivered
/// (200/202, no stanza) or as exactly one error stanza with its id; at
/// the end nothing is pending, queued or scheduled.
#[test]
fn two_hours_of_mixed_traffic_keep_the_invariants() {
    let mut w = World::new(7);
    let start = w.now;
    let mut rng = Lcg(0x5eed);
    let users: Vec<String> = (0..8).map(|i| format!("user{i}@example.net")).collect();
    let mut sent: HashMap<String, &'static str> = HashMap::new();
    let mut delivered: HashSet<String> = HashSet::new();
    let mut answers: HashMap<String, Answer> = HashMap::new();
    let mut n = 0u32;
    let end = start + Duration::from_secs(7200);
    while w.now < end {
        // Something happens every 0 to 20 s.
        let next = w.now + Duration::from_millis(rng.below(20_000));
        w.advance_to(next);
        match rng.below(3) {
            0 | 1 => {
                let to = &users[rng.below(8) as usize];
                let id = format!("m{n}");
                n += 1;
                sent.insert(id.clone(), "sent");
                w.xmpp_sends(&id, "juliet@example.com/balcony", to, &id);
            }
            _ => {
                // Requests whose Timer F has fired are over at the
                // gateway; the user agent forgets them.
                let now = w.now;
                w.sip_in.retain(|(at, _)| *at + TIMER_F > now);
                // The SIP side answers one waiting request, if any.
                if !w.sip_in.is_empty() {
                    let at = rng.below(w.sip_in.len() as u64) as usize;
                    let uri = w.sip_in[at]
                        .1
                        .request_uri()
                        .expect("uri")
                        .as_str()
                        .to_owned();
                    let answer = match rng.below(5) {
                        0 => Answer::Silence,
                        1 => Answer::Final {
                            code: [404, 480, 486, 503, 603][rng.below(5) as usize],
                            trying: false,
                        },
                        2 => Answer::Final {
                            code: 202,
                            trying: true,
                        },
                        _ => Answer::Final {
                            code: 200,
                            trying: rng.below(2) == 0,
                        },
                    };
                    let req = w.sip_answers(&uri, answer);
                    let body = String::from_utf8(req.body().to_vec()).expect("utf-8");
                    if matches!(
                        answer,
                        Answer::Final {
                            code: 200 | 202,
                            ..
                        }
                    ) {
                        delivered.insert(body.clone());
                    }
                    answers.insert(body, answer);
                }
            }
        }
        // Invariant: at most one request per URI waits at the SIP side
        // unanswered and not yet timed out.
        let live: Vec<&str> = w
            .sip_in
            .iter()
            .filter(|(at, _)| *at + TIMER_F > w.now)
            .map(|(_, r)| r.request_uri().expect("uri").as_str())
            .collect();
        let distinct: HashSet<&str> = live.iter().copied().collect();
        assert_eq!(live.len(), distinct.len(), "two transactions to one URI");
    }
    // Let everything finish: unanswered requests time out.
    w.sip_in.clear();
    w.advance_to(end + Duration::from_secs(3600));
    w.sip_in.clear();
    w.advance_to(end + Duration::from_secs(7200));
    assert_eq!(w.gw.pending_count(), 0);
    assert_eq!(w.gw.queued_count(), 0);
    assert_eq!(w.gw.poll_timeout(), None);

    let errors = w.take_xmpp();
    let mut ended: HashSet<String> = HashSet::new();
    for e in &errors {
        assert!(e.is_error());
        let id = e.id().expect("id mirrored").to_owned();
        assert!(sent.contains_key(&id), "error for an unknown id {id}");
        assert!(!delivered.contains(&id), "error for delivered {id}");
        assert!(ended.insert(id.clone()), "two endings for {id}");
        match answers.get(&id) {
            Some(Answer::Final { code, .. }) => {
                assert_ne!(
                    condition(e),
                    Some(DefinedCondition::RemoteServerTimeout),
                    "{id} {code}"
                );
            }
            Some(Answer::Silence) | None => {
                assert_eq!(
                    condition(e),
                    Some(DefinedCondition::RemoteServerTimeout),
                    "{id}"
                );
            }
        }
    }
    assert!(n > 300, "only {n} messages");
    assert_eq!(
        ended.len() + delivered.len(),
        sent.len(),
        "every message ends exactly once"
    );
}

/// RFC 3261 §17.2.2: a MESSAGE retransmitted over UDP (its 200 lost) gets
/// the same 200 again and no second stanza, until Timer J (32 s) has
/// passed.
#[test]
fn udp_retransmission_is_answered_not_translated_again() {
    let mut w = World::new(9);
    let wire = b"MESSAGE sip:juliet@example.com SIP/2.0\r\n\
Via: SIP/2.0/UDP s2x.example.net;branch=z9hG4bKretrans1\r\n\
Max-Forwards: 70\r\n\
To: <sip:juliet@example.com>\r\n\
From: <sip:romeo@example.net>;tag=12345\r\n\
Call-ID: retrans-1\r\n\
CSeq: 1 MESSAGE\r\n\
Content-Type: text/plain\r\n\
Content-Length: 2\r\n\
\r\n\
Hi";
    for _ in 0..3 {
        let req = SipMessage::parse(wire, Framing::Datagram).expect("parse");
        w.gw.handle_sip(w.now, req).expect("handled");
        w.pump();
        w.now += Duration::from_millis(500);
    }
    assert_eq!(w.take_xmpp().len(), 1, "one stanza");
    assert_eq!(w.sip_responses.len(), 3, "one 200 per copy");
    let first = w.sip_responses[0].to_bytes();
    assert!(
        w.sip_responses.iter().all(|r| r.to_bytes() == first),
        "the same 200"
    );
}

/// RFC 3261 §17.1.2.2 (Timer E): over UDP the MESSAGE goes again after
/// 0.5, 1, 2 and then every 4 s until a response or Timer F at 32 s; a
/// provisional response slows it to every 4 s; the final response stops it.
#[test]
fn udp_message_is_retransmitted_until_answered() {
    let start = Instant::now();
    let mut cfg = ImConfig::new("x2s.example.com", "UDP");
    cfg.xmpp_domain = Some("example.com".into());
    let mut w = World::new(10);
    w.gw = ImGateway::new(cfg.clone(), [10; 32], start);
    w.now = start;
    w.xmpp_sends(
        "u1",
        "juliet@example.com/balcony",
        "romeo@example.net",
        "Hi",
    );
    w.advance_to(start + TIMER_F - Duration::from_millis(1));
    let copies: Vec<Duration> = w.sip_in.iter().map(|(at, _)| *at - start).collect();
    let ms: Vec<u128> = copies.iter().map(Duration::as_millis).collect();
    assert_eq!(
        ms,
        [
            0, 500, 1500, 3500, 7500, 11500, 15500, 19500, 23500, 27500, 31500
        ]
    );
    let first = w.sip_in[0].1.to_bytes();
    assert!(
        w.sip_in.iter().all(|(_, r)| r.to_bytes() == first),
        "the same request"
    );
    w.advance_to(start + TIMER_F);
    assert_eq!(w.take_xmpp().len(), 1, "then the timeout error");

    // A 100 Trying slows it to T2; the 200 stops it.
    let mut w = World::new(11);
    w.gw = ImGateway::new(cfg, [11; 32], start);
    w.now = start;
    w.xmpp_sends(
        "u2",
        "juliet@example.com/balcony",
        "romeo@example.net",
        "Hi",
    );
    let req = w.sip_in[0].1.clone();
    let trying = req
        .make_response(StatusCode::new(100).unwrap(), "")
        .unwrap();
    w.gw.handle_sip(w.now, trying).unwrap();
    w.advance_to(start + Duration::from_millis(8100));
    let ms: Vec<u128> = w
        .sip_in
        .iter()
        .map(|(at, _)| (*at - start).as_millis())
        .collect();
    assert_eq!(ms, [0, 4000, 8000]);
    let ok = req.make_response(StatusCode::OK, "t").unwrap();
    w.gw.handle_sip(w.now, ok).unwrap();
    w.advance_to(start + Duration::from_secs(60));
    assert_eq!(w.sip_in.len(), 3, "no more copies");
    assert_eq!(w.gw.poll_timeout(), None);
}

/// RFC 3261 §8.2.2.3: a MESSAGE requiring an extension the gateway does
/// not support (it supports none) is answered 420 Bad Extension listing
/// the tags in Unsupported, and nothing reaches the XMPP side; a Require
/// that is not a token list is a 400. (RFC 7247 Table B reads 420 as
/// `<feature-not-implemented/>` on the way back.)
#[test]
fn message_requiring_an_extension_gets_420_with_unsupported() {
    let wire = |require: &str| {
        format!(
            "MESSAGE sip:juliet@example.com SIP/2.0\r\n\
Via: SIP/2.0/TCP s2x.example.net;branch=z9hG4bKreq{}\r\n\
Max-Forwards: 70\r\n\
To: <sip:juliet@example.com>\r\n\
From: <sip:romeo@example.net>;tag=12345\r\n\
Call-ID: require-1\r\n\
CSeq: 1 MESSAGE\r\n\
Require: {require}\r\n\
Content-Type: text/plain\r\n\
Content-Length: 2\r\n\
\r\n\
Hi",
            require.len()
        )
    };
    let mut w = World::new(11);
    let req = SipMessage::parse(wire("foo, 100rel").as_bytes(), Framing::Stream).expect("parse");
    let rejected = w.gw.handle_sip(w.now, req).expect_err("refused");
    assert!(rejected.replied);
    w.pump();
    assert!(w.take_xmpp().is_empty(), "nothing translated");
    assert_eq!(w.sip_responses.len(), 1);
    let resp = &w.sip_responses[0];
    assert_eq!(resp.status().map(|s| s.as_u16()), Some(420));
    assert_eq!(resp.reason_phrase(), Some("Bad Extension"));
    assert_eq!(resp.header("Unsupported"), Some("foo, 100rel"));
    assert_eq!(
        rejected.fault.xmpp_condition(),
        DefinedCondition::FeatureNotImplemented
    );

    let mut w = World::new(12);
    let req = SipMessage::parse(wire("a b").as_bytes(), Framing::Stream).expect("parse");
    w.gw.handle_sip(w.now, req).expect_err("refused");
    w.pump();
    assert!(w.take_xmpp().is_empty());
    assert_eq!(w.sip_responses[0].status().map(|s| s.as_u16()), Some(400));

    // RFC 3261 §8.2 order: Require (§8.2.2.3) before the body (§8.2.3),
    // the method (§8.2.1) before Require.
    let status = |text: String| {
        let mut w = World::new(13);
        let req = SipMessage::parse(text.as_bytes(), Framing::Stream).expect("parse");
        w.gw.handle_sip(w.now, req).expect_err("refused");
        w.pump();
        w.sip_responses[0].status().map(|s| s.as_u16())
    };
    let unknown_type = wire("foo").replace("text/plain", "application/x-unknown");
    assert_eq!(status(unknown_type), Some(420));
    let options = wire("foo")
        .replace("MESSAGE sip:", "OPTIONS sip:")
        .replace("1 MESSAGE", "1 OPTIONS");
    assert_eq!(status(options), Some(405));
}
