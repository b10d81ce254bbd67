//! The Sans-IO IM gateway (RFC 7572 with RFC 3428 transactions).
//!
//! ```text
//!  X2S  <message/> ─handle_xmpp─▶ destination idle? ──yes──▶ MESSAGE out, PENDING(branch)
//!                                        │ no                      │
//!                                        ▼                         │ final response / Timer F
//!                                  QUEUED(destination) ◀─ release ─┘
//!                                                                   ├─ 2xx: nothing (IM-5)
//!                                                                   └─ 3xx-6xx / timeout: <message type='error'/>
//!  S2X  MESSAGE ─handle_sip─▶ translate ──ok──▶ <message/> out + 200 (IM-10)
//!                                  └─fault──▶ 4xx/5xx out (415 with Accept, 405 with Allow, ...)
//! ```
//!
//! After any `handle_*` call, drain [`poll_output`](ImGateway::poll_output)
//! until it returns `None`, then read [`poll_timeout`](ImGateway::poll_timeout)
//! and call [`handle_timeout`](ImGateway::handle_timeout) when that instant
//! has come.

use std::collections::{HashMap, VecDeque};
use std::time::Instant;

use super::config::ImConfig;
use super::fault::ImFault;
use super::map::{S2xHints, SipIds, message_to_sip, message_to_xmpp, thread_call_id};
use crate::address::AddressError;
use crate::rng::Rng;
use crate::sip::{HeaderName, Retransmit, ServerTransactions, SipMessage, StatusCode};
use crate::xmpp::{Message, Stanza, StanzaError, StanzaHead, StanzaKind};

/// Something the gateway sends.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Output {
    /// A SIP message for the SIP side.
    Sip(SipMessage),
    /// A stanza for the XMPP side.
    Xmpp(Stanza),
}

/// An input the gateway did not translate. The error reply it prescribes
/// (if any) has already been queued on [`ImGateway::poll_output`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{fault}")]
pub struct Rejection {
    /// Why.
    pub fault: ImFault,
    /// Whether an error reply was queued (none for an error stanza, an
    /// ACK, or a request too broken to answer).
    pub replied: bool,
}

/// An X2S MESSAGE transaction in flight.
#[derive(Debug, Clone)]
struct Pending {
    head: StanzaHead,
    destination: String,
    deadline: Instant,
    /// The request, for Timer E over UDP.
    request: SipMessage,
    retransmit: Retransmit,
}

/// A translated MESSAGE waiting for its destination to be free.
#[derive(Debug, Clone)]
struct Queued {
    head: StanzaHead,
    request: SipMessage,
    branch: String,
}

/// A map that forgets its oldest entries beyond a capacity.
#[derive(Debug, Clone, Default)]
struct Bounded {
    map: HashMap<String, String>,
    order: VecDeque<String>,
}

impl Bounded {
    fn insert(&mut self, k: String, v: String, cap: usize) {
        if self.map.insert(k.clone(), v).is_none() {
            self.order.push_back(k);
        }
        while self.order.len() > cap {
            if let Some(old) = self.order.pop_front() {
                self.map.remove(&old);
            }
        }
    }

    fn get(&self, k: &str) -> Option<&str> {
        self.map.get(k).map(String::as_str)
    }
}

/// The IM gateway: RFC 7572 single messages, both directions, with the
/// RFC 3428 transaction rules. See the module documentation for the flow.
///
/// ```
/// use std::time::{Duration, Instant};
/// use sip_xmpp::im::{ImConfig, ImGateway, Output};
/// use sip_xmpp::sip::{Framing, SipMessage};
/// use sip_xmpp::xmpp::{Stanza, StanzaConfig};
///
/// let start = Instant::now(); // the embedder's clock; the crate never reads one
/// let mut gw = ImGateway::new(ImConfig::new("x2s.example.com", "TCP"), [7; 32], start);
/// let stanza = Stanza::parse(b"<message xmlns='jabber:client' id='m1' from='juliet@example.com/balcony' \
///     to='romeo@example.net'><body>Hello</body></message>", &StanzaConfig::default()).unwrap();
/// gw.handle_xmpp(start, stanza).unwrap();
/// let Some(Output::Sip(request)) = gw.poll_output() else { panic!() };
/// assert!(gw.poll_output().is_none());
/// assert_eq!(gw.poll_timeout(), Some(start + Duration::from_secs(32)));
///
/// // The SIP side answers 404: the XMPP sender gets an error stanza.
/// let resp = request.make_response(sip_xmpp::sip::StatusCode::new(404).unwrap(), "x").unwrap();
/// gw.handle_sip(start, SipMessage::parse(&resp.to_bytes(), Framing::Stream).unwrap()).unwrap();
/// let Some(Output::Xmpp(error)) = gw.poll_output() else { panic!() };
/// assert_eq!(error.id(), Some("m1"));
/// assert_eq!(gw.poll_timeout(), None);
/// ```
#[derive(Debug)]
pub struct ImGateway {
    cfg: ImConfig,
    rng: Rng,
    out: VecDeque<Output>,
    pending: HashMap<String, Pending>,
    busy: HashMap<String, VecDeque<Queued>>,
    /// Call-ID → thread, for Call-IDs derived from threads (IM-X-6).
    threads: Bounded,
    /// Call-ID → last CSeq used with it (V-IM-2: a thread reused as
    /// Call-ID gets increasing CSeq numbers).
    cseqs: Bounded,
    /// SIP AOR → GRUU instance known for it (IM-7).
    instances: Bounded,
    /// An instant and the wall-clock time (Unix seconds) at it, as the
    /// embedder last told (IM-S-10).
    wall_clock: Option<(Instant, i64)>,
    /// Answers to MESSAGEs that came over UDP, for their retransmissions
    /// (RFC 3261 §17.2.2).
    served: ServerTransactions,
}

impl ImGateway {
    /// A gateway with `cfg`, drawing identifiers from a generator seeded
    /// with `seed` (take it from a real entropy source in production).
    pub fn new(cfg: ImConfig, seed: [u8; 32], _now: Instant) -> Self {
        let cfg_cap = cfg.max_pending;
        ImGateway {
            cfg,
            rng: Rng::new(seed),
            out: VecDeque::new(),
            pending: HashMap::new(),
            busy: HashMap::new(),
            threads: Bounded::default(),
            cseqs: Bounded::default(),
            instances: Bounded::default(),
            wall_clock: None,
            served: ServerTransactions::new(cfg_cap),
        }
    }

    /// The configuration.
    pub fn config(&self) -> &ImConfig {
        &self.cfg
    }

    /// Tells the gateway the GRUU instance of a SIP user (`aor` as a URI
    /// string, e.g. from a registration), so that MESSAGEs from that user
    /// get a full-JID `from` (RFC 7572 §5 note 1, IM-7).
    pub fn know_instance(&mut self, aor: &str, instance: &str) {
        self.instances
            .insert(aor.to_owned(), instance.to_owned(), self.cfg.max_threads);
    }

    /// Tells the gateway the wall-clock time at `now`, in seconds since the
    /// Unix epoch. The gateway needs it only to recognise an expired
    /// MESSAGE when [`ImConfig::drop_expired`] is on (IM-S-10); it reads no
    /// clock itself and counts on from `now` with the instants it is given.
    /// Call again when the embedder's clock is adjusted.
    pub fn set_wall_clock(&mut self, now: Instant, unix_seconds: i64) {
        self.wall_clock = Some((now, unix_seconds));
    }

    /// The next thing to send, in order. Call until `None` after every
    /// `handle_*`.
    #[must_use]
    pub fn poll_output(&mut self) -> Option<Output> {
        self.out.pop_front()
    }

    /// When [`handle_timeout`](Self::handle_timeout) must next be called:
    /// the earliest Timer F of the pending transactions.
    #[must_use]
    pub fn poll_timeout(&self) -> Option<Instant> {
        self.pending
            .values()
            .flat_map(|p| [Some(p.deadline), p.retransmit.next()])
            .flatten()
            .min()
    }

    /// Transactions in flight (X2S).
    pub fn pending_count(&self) -> usize {
        self.pending.len()
    }

    /// Messages waiting behind a pending transaction (X2S).
    pub fn queued_count(&self) -> usize {
        self.busy.values().map(VecDeque::len).sum()
    }

    /// A stanza from the XMPP side (X2S).
    pub fn handle_xmpp(&mut self, now: Instant, stanza: Stanza) -> Result<(), Rejection> {
        let head = stanza.head();
        let msg = match Message::try_from(stanza) {
            Ok(m) => m,
            Err(other) => {
                return Err(
                    self.refuse_stanza(&head, ImFault::NotAMessage(kind_name(other.kind())))
                );
            }
        };
        let branch = self.rng.branch();
        let from_tag = self.rng.tag();
        let call_id = match msg.thread() {
            Some(t) if !self.cfg.thread_as_call_id => {
                // V-IM-2 reading (b): a fresh Call-ID; the thread comes
                // back on a MESSAGE in that Call-ID.
                let id = self.rng.call_id(&self.cfg.sip.host);
                self.threads
                    .insert(id.clone(), t.id.to_owned(), self.cfg.max_threads);
                id
            }
            Some(t) => {
                let (id, derived) = thread_call_id(t.id);
                let id = id.into_owned();
                if derived {
                    self.threads
                        .insert(id.clone(), t.id.to_owned(), self.cfg.max_threads);
                }
                id
            }
            None => self.rng.call_id(&self.cfg.sip.host),
        };
        let cseq = self
            .cseqs
            .get(&call_id)
            .and_then(|c| c.parse::<u32>().ok())
            .map_or(1, |c| c.saturating_add(1));
        let ids = SipIds {
            call_id: &call_id,
            from_tag: &from_tag,
            branch: &branch,
            cseq,
        };
        let request = match message_to_sip(&msg, &ids, &self.cfg) {
            Ok(Some(r)) => r,
            Ok(None) => return Ok(()),
            Err(fault) => return Err(self.refuse_stanza(&head, fault)),
        };
        if self.pending.len() >= self.cfg.max_pending {
            return Err(self.refuse_stanza(&head, ImFault::Busy));
        }
        self.cseqs
            .insert(call_id, cseq.to_string(), self.cfg.max_threads);
        let destination = request
            .request_uri()
            .map(|u| u.as_str().to_owned())
            .unwrap_or_default();
        if let Some(q) = self.busy.get_mut(&destination) {
            // RFC 3428 §8: no second transaction to a URI while one is
            // pending (IM-D-4).
            if q.len() >= self.cfg.max_queued_per_destination {
                return Err(self.refuse_stanza(&head, ImFault::Busy));
            }
            q.push_back(Queued {
                head,
                request,
                branch,
            });
            return Ok(());
        }
        self.busy.insert(destination.clone(), VecDeque::new());
        self.send(now, head, request, branch, destination);
        Ok(())
    }

    /// A SIP message from the SIP side: a response to a MESSAGE the
    /// gateway sent, or a request (S2X).
    pub fn handle_sip(&mut self, now: Instant, msg: SipMessage) -> Result<(), Rejection> {
        if msg.is_request() {
            self.served.expire(now);
            // A retransmission of a MESSAGE already answered: the same
            // answer again, and no second stanza (RFC 3261 §17.2.2).
            if let Some(resp) = self.served.retransmission(&msg) {
                self.out.push_back(Output::Sip(resp.clone()));
                return Ok(());
            }
            return self.inbound_request(now, msg);
        }
        let branch = msg
            .top_via()
            .ok()
            .and_then(|v| v.branch().map(str::to_owned));
        let Some(code) = msg.status() else {
            return Err(Rejection {
                fault: ImFault::UnmatchedResponse,
                replied: false,
            });
        };
        let Some(branch) = branch.filter(|b| self.pending.contains_key(b)) else {
            return Err(Rejection {
                fault: ImFault::UnmatchedResponse,
                replied: false,
            });
        };
        if code.is_provisional() {
            if let Some(p) = self.pending.get_mut(&branch) {
                p.retransmit.proceeding(now);
            }
            return Ok(());
        }
        let Some(p) = self.pending.remove(&branch) else {
            return Err(Rejection {
                fault: ImFault::UnmatchedResponse,
                replied: false,
            });
        };
        if !code.is_success() {
            // RFC 7247 Table B (IM-D-7).
            if let Ok(err) =
                self.cfg
                    .errors
                    .xmpp_error(&p.head, &msg, self.cfg.xmpp_domain.as_deref())
            {
                self.out.push_back(Output::Xmpp(err));
            }
        }
        // 2xx: delivered (200) or accepted by a relay (202); nothing to
        // send (IM-5, IM-D-6).
        self.release(now, &p.destination);
        Ok(())
    }

    /// Timer F: every transaction whose deadline has passed ends as if a
    /// 408 had arrived (`<remote-server-timeout/>`, RFC 7247 Table B).
    pub fn handle_timeout(&mut self, now: Instant) {
        // Timer E: requests over UDP go again (RFC 3261 §17.1.2.2), in
        // the order they were due.
        let mut again: Vec<(Instant, String)> = self
            .pending
            .iter()
            .filter_map(|(b, p)| {
                p.retransmit
                    .next()
                    .filter(|t| *t <= now)
                    .map(|t| (t, b.clone()))
            })
            .collect();
        again.sort_unstable();
        for (_, branch) in again {
            if let Some(p) = self.pending.get_mut(&branch) {
                if p.deadline > now {
                    p.retransmit.fired(now);
                    self.out.push_back(Output::Sip(p.request.clone()));
                }
            }
        }
        let mut expired: Vec<(Instant, String)> = self
            .pending
            .iter()
            .filter(|(_, p)| p.deadline <= now)
            .map(|(b, p)| (p.deadline, b.clone()))
            .collect();
        // Oldest first, so that the error stanzas come out in the order
        // the messages went in, whatever the map's order.
        expired.sort_unstable();
        for (_, branch) in expired {
            let Some(p) = self.pending.remove(&branch) else {
                continue;
            };
            let timeout = StatusCode::REQUEST_TIMEOUT;
            if let Some(m) = self.cfg.errors.to_xmpp(timeout) {
                let mut err = StanzaError::new(m.condition)
                    .with_type(m.error_type)
                    .with_text(Some("en"), timeout.canonical_reason());
                if let Some(by) = &self.cfg.xmpp_domain {
                    err = err.with_by(by.as_str());
                }
                if let Ok(s) = p.head.error_reply(&err) {
                    self.out.push_back(Output::Xmpp(s));
                }
            }
            self.release(now, &p.destination);
        }
    }

    fn send(
        &mut self,
        now: Instant,
        head: StanzaHead,
        request: SipMessage,
        branch: String,
        destination: String,
    ) {
        let retransmit = Retransmit::new(now, &self.cfg.sip.transport);
        self.out.push_back(Output::Sip(request.clone()));
        self.pending.insert(
            branch,
            Pending {
                head,
                destination,
                deadline: now + self.cfg.transaction_timeout,
                request,
                retransmit,
            },
        );
    }

    /// The destination's transaction ended: send the next queued message,
    /// or mark the destination idle.
    fn release(&mut self, now: Instant, destination: &str) {
        let next = self.busy.get_mut(destination).and_then(VecDeque::pop_front);
        match next {
            Some(q) => self.send(now, q.head, q.request, q.branch, destination.to_owned()),
            None => {
                self.busy.remove(destination);
            }
        }
    }

    /// Queues the error reply to a refused stanza (never to an error
    /// stanza, RFC 6120 §8.3.1) and builds the rejection.
    fn refuse_stanza(&mut self, head: &StanzaHead, fault: ImFault) -> Rejection {
        let mut err = StanzaError::new(fault.xmpp_condition());
        if let Some(by) = &self.cfg.xmpp_domain {
            err = err.with_by(by.as_str());
        }
        let replied = match head.error_reply(&err) {
            Ok(s) => {
                self.out.push_back(Output::Xmpp(s));
                true
            }
            Err(_) => false,
        };
        Rejection { fault, replied }
    }

    fn inbound_request(&mut self, now: Instant, req: SipMessage) -> Result<(), Rejection> {
        if req.method().is_some_and(|m| m.is("ACK")) {
            return Ok(());
        }
        let instance = req
            .from_header()
            .ok()
            .and_then(|f| self.instances.get(f.uri.as_str()).map(str::to_owned));
        let thread = req
            .call_id()
            .ok()
            .and_then(|c| self.threads.get(c).map(str::to_owned));
        let hints = S2xHints {
            instance: instance.as_deref(),
            thread: thread.as_deref(),
        };
        // RFC 3261 §8.2: the method (405), the request's validity and its
        // addresses (§8.2.2.1: 403, 404, 416) come before Require
        // (§8.2.2.3: 420), which comes before the body (§8.2.3: 415, ...).
        let translated = match message_to_xmpp(&req, &self.cfg, &hints) {
            Err(fault) if !fault.is_about_the_body() => Err(fault),
            other => match required_extensions(&req) {
                Some(fault) => Err(fault),
                None => other,
            },
        };
        match translated {
            Ok(message) => {
                if let Some(m) = message.filter(|_| !self.expired(now, &req)) {
                    self.out.push_back(Output::Xmpp(Stanza::Message(m)));
                }
                // RFC 7572 §5: 200 OK at once (IM-10, IM-S-8); no body, no
                // Contact (IM-D-3).
                let tag = self.rng.tag();
                if let Ok(resp) = req.make_response(self.cfg.accepted_status, &tag) {
                    self.served.answered(now, &req, &resp);
                    self.out.push_back(Output::Sip(resp));
                }
                Ok(())
            }
            Err(fault) => Err(self.refuse(now, &req, fault)),
        }
    }

    /// Answers a refused request with the error response its fault
    /// prescribes.
    fn refuse(&mut self, now: Instant, req: &SipMessage, fault: ImFault) -> Rejection {
        let tag = self.rng.tag();
        let replied = match self.error_response(req, &fault, &tag) {
            Some(resp) => {
                self.served.answered(now, req, &resp);
                self.out.push_back(Output::Sip(resp));
                true
            }
            None => false,
        };
        Rejection { fault, replied }
    }

    /// Whether `req` is to be dropped as expired (IM-S-10): Date plus
    /// Expires before the wall clock, when `drop_expired` is on.
    fn expired(&self, now: Instant, req: &SipMessage) -> bool {
        if !self.cfg.drop_expired {
            return false;
        }
        let Some((at, unix)) = self.wall_clock else {
            return false;
        };
        let (Ok(Some(expires)), Ok(Some(date))) = (req.expires(), req.date()) else {
            return false;
        };
        let secs = |d: std::time::Duration| i64::try_from(d.as_secs()).unwrap_or(i64::MAX);
        let wall = if now >= at {
            unix.saturating_add(secs(now - at))
        } else {
            unix.saturating_sub(secs(at - now))
        };
        date.unix_seconds().saturating_add(i64::from(expires)) < wall
    }

    /// The SIP error response for a refused request, with the headers its
    /// code requires: on 415 Accept, Accept-Encoding and Accept-Language
    /// (RFC 3261 §21.4.13; RFC 3428 Table 2 makes all three `m*` for a
    /// MESSAGE), Allow on 405 (§21.4.6); a 403 for a `sips:` target names
    /// SIPS in its reason phrase (RFC 7247 §8, V-CORE-8).
    fn error_response(&self, req: &SipMessage, fault: &ImFault, tag: &str) -> Option<SipMessage> {
        let mut resp = req.make_response(fault.sip_status(), tag).ok()?;
        match fault {
            ImFault::UnsupportedType { .. }
            | ImFault::UnsupportedCharset { .. }
            | ImFault::UnsupportedEncoding { .. } => {
                let mut types = vec!["text/plain"];
                if self.cfg.html {
                    types.push("text/html");
                }
                if self.cfg.cpim {
                    types.push("message/cpim");
                }
                types.push("multipart/alternative");
                resp.push(HeaderName::Accept, types.join(", ")).ok()?;
                resp.push(HeaderName::AcceptEncoding, "identity").ok()?;
                // Any language is translated.
                resp.push(HeaderName::AcceptLanguage, "*").ok()?;
            }
            ImFault::Method(_) => {
                resp.push(HeaderName::Allow, "MESSAGE").ok()?;
            }
            ImFault::BadExtension { tags } => {
                resp.push(HeaderName::Unsupported, tags.join(", ")).ok()?;
            }
            ImFault::Address {
                error: AddressError::Sips,
                ..
            } => {
                resp.set_reason_phrase("Forbidden (SIPS Not Translated)");
            }
            _ => {}
        }
        Some(resp)
    }
}

/// RFC 3261 §8.2.2.3: a MESSAGE that requires an extension is refused
/// with 420, the gateway supporting none (RFC 3428 needs none). A Require
/// that is not a list of tokens is a malformed header (400). Other
/// methods get their 405 from the translation; CANCEL never gets a 420.
fn required_extensions(req: &SipMessage) -> Option<ImFault> {
    if !req.method().is_some_and(|m| m.is("MESSAGE")) {
        return None;
    }
    match req.unsupported_requirements(&[]) {
        Ok(tags) if tags.is_empty() => None,
        Ok(tags) => Some(ImFault::BadExtension {
            tags: tags.into_iter().map(str::to_owned).collect(),
        }),
        Err(e) => Some(ImFault::Header(e)),
    }
}

fn kind_name(k: StanzaKind) -> &'static str {
    match k {
        StanzaKind::Message => "message",
        StanzaKind::Presence => "presence",
        StanzaKind::Iq => "iq",
    }
}
