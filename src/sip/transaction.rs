//! The part of RFC 3261's non-INVITE server transaction (§17.2.2) a
//! gateway needs on its own: a request retransmitted over an unreliable
//! transport is answered again with the same response instead of being
//! processed twice, until Timer J (64 × T1) has passed.

use std::collections::{HashMap, VecDeque};
use std::time::{Duration, Instant};

use super::message::SipMessage;

/// RFC 3261 Timer J for unreliable transports: 64 × T1 = 32 s.
pub const TIMER_J: Duration = Duration::from_secs(32);

/// The final responses sent to requests that came over an unreliable
/// transport, kept for [`TIMER_J`] so that a retransmission of the request
/// gets the same response again (RFC 3261 §17.2.2, matched as §17.2.3
/// says: top Via branch, sent-by and method). Bounded: the oldest are
/// forgotten first beyond `capacity`.
///
/// ```
/// use std::time::{Duration, Instant};
/// use sip_xmpp::sip::{Framing, ServerTransactions, SipMessage, StatusCode};
/// let req = SipMessage::parse(b"MESSAGE sip:b@example.com SIP/2.0\r\n\
///     Via: SIP/2.0/UDP a.example.com;branch=z9hG4bK1\r\nFrom: <sip:a@example.com>;tag=1\r\n\
///     To: <sip:b@example.com>\r\nCall-ID: c1\r\nCSeq: 1 MESSAGE\r\nContent-Length: 0\r\n\r\n",
///     Framing::Datagram).unwrap();
/// let now = Instant::now();
/// let mut st = ServerTransactions::new(1000);
/// assert!(st.retransmission(&req).is_none());
/// let ok = req.make_response(StatusCode::OK, "t").unwrap();
/// st.answered(now, &req, &ok);
/// assert_eq!(st.retransmission(&req), Some(&ok));
/// st.expire(now + Duration::from_secs(32));
/// assert!(st.retransmission(&req).is_none());
/// ```
#[derive(Debug, Clone, Default)]
pub struct ServerTransactions {
    answers: HashMap<String, SipMessage>,
    order: VecDeque<(Instant, String)>,
    capacity: usize,
}

/// The transaction key of a request (RFC 3261 §17.2.3) when it came over
/// an unreliable transport and carries an RFC 3261 branch.
fn key(req: &SipMessage) -> Option<String> {
    let via = req.top_via().ok()?;
    if !via.transport.eq_ignore_ascii_case("UDP") || !via.has_rfc3261_branch() {
        return None;
    }
    let method = req.method()?;
    Some(format!(
        "{} {}:{} {}",
        via.branch()?,
        via.host.to_ascii_lowercase(),
        via.port.unwrap_or(5060),
        method.as_str()
    ))
}

impl ServerTransactions {
    /// An empty set that remembers at most `capacity` answers.
    pub fn new(capacity: usize) -> Self {
        ServerTransactions {
            answers: HashMap::new(),
            order: VecDeque::new(),
            capacity,
        }
    }

    /// The response to send again when `req` retransmits a request
    /// already answered.
    pub fn retransmission(&self, req: &SipMessage) -> Option<&SipMessage> {
        self.answers.get(&key(req)?)
    }

    /// Records the final response `resp` sent to `req` at `now` (only for
    /// requests over an unreliable transport; others are never
    /// retransmitted).
    pub fn answered(&mut self, now: Instant, req: &SipMessage, resp: &SipMessage) {
        if resp.status().is_some_and(|s| s.is_provisional()) {
            return;
        }
        let Some(k) = key(req) else {
            return;
        };
        if self.answers.insert(k.clone(), resp.clone()).is_none() {
            self.order.push_back((now + TIMER_J, k));
        }
        while self.order.len() > self.capacity {
            if let Some((_, old)) = self.order.pop_front() {
                self.answers.remove(&old);
            }
        }
    }

    /// Forgets the answers whose Timer J has fired by `now`.
    pub fn expire(&mut self, now: Instant) {
        while let Some((at, _)) = self.order.front() {
            if *at > now {
                break;
            }
            if let Some((_, k)) = self.order.pop_front() {
                self.answers.remove(&k);
            }
        }
    }

    /// When the oldest answer is to be forgotten.
    pub fn next_expiry(&self) -> Option<Instant> {
        self.order.front().map(|(at, _)| *at)
    }

    /// Answers held.
    pub fn len(&self) -> usize {
        self.answers.len()
    }

    /// Whether none is held.
    pub fn is_empty(&self) -> bool {
        self.answers.is_empty()
    }
}

/// RFC 3261 T1 (round-trip estimate) and T2 (longest retransmit interval
/// for non-INVITE requests).
pub const T1: Duration = Duration::from_millis(500);
/// See [`T1`].
pub const T2: Duration = Duration::from_secs(4);

/// Timer E of a non-INVITE client transaction over an unreliable
/// transport (RFC 3261 §17.1.2.2): the request goes again after T1, then
/// at doubling intervals up to T2; after a provisional response, every
/// T2. Over a reliable transport it never fires.
///
/// ```
/// use std::time::{Duration, Instant};
/// use sip_xmpp::sip::Retransmit;
/// let t0 = Instant::now();
/// let mut e = Retransmit::new(t0, "UDP");
/// let mut at = Vec::new();
/// while let Some(t) = e.next().filter(|t| *t < t0 + Duration::from_secs(16)) {
///     at.push((t - t0).as_millis());
///     e.fired(t);
/// }
/// assert_eq!(at, [500, 1500, 3500, 7500, 11500, 15500]);
/// assert_eq!(Retransmit::new(t0, "TCP").next(), None);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Retransmit {
    next: Option<Instant>,
    interval: Duration,
}

impl Retransmit {
    /// Timer E for a request sent at `now` over `transport`.
    pub fn new(now: Instant, transport: &str) -> Self {
        let unreliable = transport.eq_ignore_ascii_case("UDP");
        Retransmit {
            next: unreliable.then(|| now + T1),
            interval: T1,
        }
    }

    /// When the request is to be sent again.
    pub fn next(&self) -> Option<Instant> {
        self.next
    }

    /// The request was sent again at `now`.
    pub fn fired(&mut self, now: Instant) {
        if self.next.is_some() {
            self.interval = (self.interval * 2).min(T2);
            self.next = Some(now + self.interval);
        }
    }

    /// A provisional response came: from now on every T2.
    pub fn proceeding(&mut self, now: Instant) {
        if self.next.is_some() {
            self.interval = T2;
            self.next = Some(now + T2);
        }
    }
}
