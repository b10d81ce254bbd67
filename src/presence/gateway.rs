//! The Sans-IO presence gateway: RFC 8048 presence authorizations,
//! notifications and polling, both directions, over RFC 6665 dialogs.
//!
//! Two kinds of state, as `presence.md` §8 draws them:
//!
//! * **Watches** (X2S, §8.1): an XMPP user's authorization towards a SIP
//!   contact, kept alive by a SUBSCRIBE dialog the gateway holds as
//!   subscriber. One per (user, contact).
//! * **Notifier dialogs** (S2X, §8.2): a SIP watcher's SUBSCRIBE dialog
//!   towards an XMPP contact, held by the gateway as notifier.
//!
//! Polls (§8.3) live only as long as their single NOTIFY.
//!
//! After any `handle_*` call, drain [`poll_output`](PresenceGateway::poll_output),
//! then read [`poll_timeout`](PresenceGateway::poll_timeout) and call
//! [`handle_timeout`](PresenceGateway::handle_timeout) when it is due.
//! Time is always an argument; the gateway never reads a clock.

use std::collections::{HashMap, VecDeque};
use std::time::{Duration, Instant};

use super::bodies;
use super::gateway_config::PresenceConfig;
use super::gateway_fault::GatewayFault;
use crate::address::Role;
use crate::im::Output;
use crate::jid::Jid;
use crate::rng::Rng;
use crate::sip::{
    Dialog, Method, NameAddr, Retransmit, ServerTransactions, SipMessage, StatusCode, SubState,
};
use crate::uri::Uri;
use crate::xmpp::{DefinedCondition, Presence, PresenceBuilder, PresenceType, Stanza, StanzaError};

/// Where an outbound watch stands (`presence.md` §8.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum WatchState {
    /// X1: the first SUBSCRIBE is out; no NOTIFY yet (neutral state).
    Requesting,
    /// X2: the notifier said `pending`.
    Pending,
    /// X3: authorized, dialog live.
    Active,
    /// X4: authorized, no dialog; a new one is made when the user comes
    /// online or the retry timer fires.
    Dormant,
    /// X5: authorized, a new dialog is being made.
    Resubscribing,
    /// X6: the user cancelled; the `Expires: 0` SUBSCRIBE is out.
    Unsubscribing,
}

/// Where a notifier dialog stands (`presence.md` §8.2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum NotifierState {
    /// N1: waiting for the XMPP contact's decision.
    Pending,
    /// N2: authorized; notifications flow.
    Active,
}

/// What a SUBSCRIBE the gateway sent was for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum SubscribeKind {
    /// To make a dialog (X1 or X5).
    Initial,
    /// In-dialog refresh.
    Refresh,
    /// `Expires: 0` in the dialog (X6).
    Unsubscribe,
    /// A poll (§8.3): `Expires: 0` in a new dialog.
    Poll,
}

#[derive(Debug, Clone)]
struct SubscribeTx {
    /// Watch key, or poll Call-ID.
    key: String,
    kind: SubscribeKind,
    /// The Expires asked for.
    expires: u32,
    /// Timer F: the transaction is forgotten then.
    deadline: Instant,
    /// The request and Timer E, for UDP.
    request: SipMessage,
    retransmit: Retransmit,
}

#[derive(Debug, Clone)]
struct Watch {
    user: Jid,
    contact: Jid,
    state: WatchState,
    dialog: Option<Dialog>,
    /// When the dialog's subscription runs out.
    expires_at: Option<Instant>,
    /// When to refresh it.
    refresh_at: Option<Instant>,
    /// RFC 6665 Timer N: the deadline for the first NOTIFY.
    timer_n: Option<Instant>,
    /// When a dormant watch subscribes again.
    retry_at: Option<Instant>,
    /// `unsubscribed` has been sent to the user (X6).
    told: bool,
}

#[derive(Debug, Clone)]
struct Poll {
    user: Jid,
    contact: Jid,
    dialog: Dialog,
    timer_n: Instant,
}

#[derive(Debug, Clone)]
struct Notifier {
    dialog: Dialog,
    watcher: Jid,
    contact: Jid,
    state: NotifierState,
    expires_at: Instant,
    last_notify: Option<Instant>,
    /// A notification held back by the rate limit, due then.
    held_until: Option<Instant>,
    /// The `terminated` NOTIFY has been sent.
    terminated: bool,
}

#[derive(Debug, Clone)]
struct NotifyTx {
    dialog: String,
    deadline: Instant,
    /// The NOTIFY ends the dialog (`terminated`): remove it when done.
    last: bool,
    /// The request and Timer E, for UDP.
    request: SipMessage,
    retransmit: Retransmit,
}

/// The presence gateway: RFC 8048 both ways, as `presence.md` §8 draws
/// its state machines.
///
/// ```
/// use std::time::{Duration, Instant};
/// use sip_xmpp::im::Output;
/// use sip_xmpp::presence::{PresenceConfig, PresenceGateway, WatchState};
/// use sip_xmpp::sip::{Framing, SipMessage, StatusCode};
/// use sip_xmpp::xmpp::{Stanza, StanzaConfig};
///
/// let now = Instant::now(); // the embedder's clock; the crate reads none
/// let cfg = PresenceConfig::new("x2s.example.com", "TCP", "x2s.example.com");
/// let mut gw = PresenceGateway::new(cfg, [9; 32]);
/// // juliet asks for romeo's presence: a SUBSCRIBE goes out (RFC 8048 §5.2.1).
/// let subscribe = Stanza::parse(b"<presence xmlns='jabber:client' from='juliet@example.com' \
///     to='romeo@example.net' type='subscribe'/>", &StanzaConfig::default()).unwrap();
/// gw.handle_xmpp(now, subscribe).unwrap();
/// let Some(Output::Sip(sub)) = gw.poll_output() else { panic!() };
/// assert_eq!(sub.header("Event"), Some("presence"));
/// assert_eq!(gw.watch_state("juliet@example.com", "romeo@example.net"), Some(WatchState::Requesting));
/// // No NOTIFY within Timer N: juliet gets a presence error.
/// assert_eq!(gw.poll_timeout(), Some(now + Duration::from_secs(32)));
/// gw.handle_timeout(now + Duration::from_secs(32));
/// let Some(Output::Xmpp(error)) = gw.poll_output() else { panic!() };
/// assert!(error.is_error());
/// ```
#[derive(Debug)]
pub struct PresenceGateway {
    cfg: PresenceConfig,
    rng: Rng,
    out: VecDeque<Output>,
    /// X2S watches by `user contact` (bare JIDs).
    watches: HashMap<String, Box<Watch>>,
    /// Call-ID → watch key.
    watch_calls: HashMap<String, String>,
    /// Polls by Call-ID.
    polls: HashMap<String, Poll>,
    /// SUBSCRIBE transactions by branch.
    subscribes: HashMap<String, SubscribeTx>,
    /// S2X dialogs by `Call-ID;local-tag`.
    notifiers: HashMap<String, Box<Notifier>>,
    /// `watcher contact` → dialog keys.
    notifier_pairs: HashMap<String, Vec<String>>,
    /// NOTIFY transactions by branch.
    notifies: HashMap<String, NotifyTx>,
    /// `watcher contact` pairs the XMPP contact has authorized.
    granted: std::collections::HashSet<String>,
    /// Last presence per XMPP contact (bare JID) and resource.
    known: HashMap<String, Vec<Presence>>,
    /// The resource an XMPP user last asked from (a full-JID subscribe
    /// or probe), for the `gr` of the Contact the gateway sends for that
    /// user (PRES-D-14).
    resources: HashMap<String, String>,
    /// Answers to requests that came over UDP, for their retransmissions.
    served: ServerTransactions,
}

fn pair(a: &Jid, b: &Jid) -> String {
    format!("{} {}", a.as_str(), b.as_str())
}

/// Refresh failures that end the dialog (RFC 6665 §4.1.2.2, PRES-D-4).
fn ends_dialog(code: u16) -> bool {
    matches!(code, 404 | 405 | 410 | 416 | 480..=485 | 489 | 501 | 604)
}

/// When to refresh a subscription that runs out in `left`: after
/// `permille` thousandths of it (PRES-SUB-7).
fn refresh_delay(left: Duration, permille: u32) -> Duration {
    left * permille.min(1000) / 1000
}

/// Keeps the shorter of the watch's expiry and `secs` from now (a
/// notifier may shorten, never lengthen, PRES-D-8), and schedules the
/// refresh before it ends.
fn keep_expiry(w: &mut Watch, now: Instant, secs: u32, permille: u32) {
    let until = now + Duration::from_secs(u64::from(secs));
    let until = w.expires_at.map_or(until, |e| e.min(until));
    w.expires_at = Some(until);
    let left = until.saturating_duration_since(now);
    w.refresh_at = Some(now + refresh_delay(left, permille));
}

/// Failures that end the XMPP authorization (PRES-SUB-9).
fn ends_authorization(code: u16) -> bool {
    matches!(code, 403 | 489 | 603)
}

impl PresenceGateway {
    /// A gateway with `cfg`, drawing tags, branches and Call-IDs from a
    /// generator seeded with `seed`.
    pub fn new(cfg: PresenceConfig, seed: [u8; 32]) -> Self {
        let cap = cfg.max_subscriptions;
        PresenceGateway {
            cfg,
            rng: Rng::new(seed),
            out: VecDeque::new(),
            watches: HashMap::new(),
            watch_calls: HashMap::new(),
            polls: HashMap::new(),
            subscribes: HashMap::new(),
            notifiers: HashMap::new(),
            notifier_pairs: HashMap::new(),
            notifies: HashMap::new(),
            granted: Default::default(),
            known: HashMap::new(),
            resources: HashMap::new(),
            served: ServerTransactions::new(cap),
        }
    }

    /// The configuration.
    pub fn config(&self) -> &PresenceConfig {
        &self.cfg
    }

    /// The next thing to send.
    #[must_use]
    pub fn poll_output(&mut self) -> Option<Output> {
        self.out.pop_front()
    }

    /// The state of the watch of `user` on `contact` (bare JIDs), if any.
    pub fn watch_state(&self, user: &str, contact: &str) -> Option<WatchState> {
        self.watches
            .get(&format!("{user} {contact}"))
            .map(|w| w.state)
    }

    /// The states of the notifier dialogs of `watcher` on `contact`.
    pub fn notifier_states(&self, watcher: &str, contact: &str) -> Vec<NotifierState> {
        self.notifier_pairs
            .get(&format!("{watcher} {contact}"))
            .into_iter()
            .flatten()
            .filter_map(|k| self.notifiers.get(k))
            .map(|n| n.state)
            .collect()
    }

    /// Watches, polls and notifier dialogs held.
    pub fn subscription_count(&self) -> usize {
        self.watches.len() + self.polls.len() + self.notifiers.len()
    }

    /// SUBSCRIBE and NOTIFY transactions sent and waiting for a final
    /// response.
    pub fn pending_count(&self) -> usize {
        self.subscribes.len() + self.notifies.len()
    }

    /// When [`handle_timeout`](Self::handle_timeout) must next be called.
    #[must_use]
    pub fn poll_timeout(&self) -> Option<Instant> {
        let watches = self.watches.values().flat_map(|w| {
            [w.expires_at, w.refresh_at, w.timer_n, w.retry_at]
                .into_iter()
                .flatten()
        });
        let polls = self.polls.values().map(|p| p.timer_n);
        let notifiers = self
            .notifiers
            .values()
            .flat_map(|n| [Some(n.expires_at), n.held_until].into_iter().flatten());
        let notifies = self.notifies.values().flat_map(|t| {
            [Some(t.deadline), t.retransmit.next()]
                .into_iter()
                .flatten()
        });
        let subscribes = self.subscribes.values().flat_map(|t| {
            [Some(t.deadline), t.retransmit.next()]
                .into_iter()
                .flatten()
        });
        watches
            .chain(polls)
            .chain(notifiers)
            .chain(notifies)
            .chain(subscribes)
            .min()
    }
}

// ---------------------------------------------------------------------
// XMPP input
// ---------------------------------------------------------------------

impl PresenceGateway {
    /// A presence stanza from the XMPP side, addressed to a SIP user.
    pub fn handle_xmpp(&mut self, now: Instant, stanza: Stanza) -> Result<(), GatewayFault> {
        let head = stanza.head();
        let p = match Presence::try_from(stanza) {
            Ok(p) => p,
            Err(_) => return Err(self.refuse(&head, GatewayFault::NotPresence)),
        };
        let (from, to) = match (jid(p.from(), Role::Sender), jid(p.to(), Role::Recipient)) {
            (Ok(f), Ok(t)) => (f, t),
            (Err(e), _) | (_, Err(e)) => return Err(self.refuse(&head, e)),
        };
        if let (Some(r), PresenceType::Subscribe | PresenceType::Probe) =
            (from.resource(), p.presence_type())
        {
            if self.resources.len() >= self.cfg.max_subscriptions {
                self.resources.clear();
            }
            self.resources
                .insert(from.bare().as_str().to_owned(), r.to_owned());
        }
        let result = match p.presence_type() {
            PresenceType::Subscribe => self.x_subscribe(now, from.bare(), to.bare()),
            PresenceType::Unsubscribe => self.x_unsubscribe(now, from.bare(), to.bare()),
            PresenceType::Probe => self.x_probe(now, from.bare(), to.bare()),
            PresenceType::Subscribed => {
                self.x_decision(now, &from.bare(), &to.bare(), true);
                Ok(())
            }
            PresenceType::Unsubscribed => {
                self.x_decision(now, &from.bare(), &to.bare(), false);
                Ok(())
            }
            PresenceType::Available | PresenceType::Unavailable => {
                self.x_notification(now, &from, &to, p);
                Ok(())
            }
            PresenceType::Error => {
                self.x_error(now, &from.bare(), &to.bare(), &p);
                Ok(())
            }
        };
        result.map_err(|fault| self.refuse(&head, fault))
    }

    /// Queues the error reply to a refused stanza (none to an error).
    fn refuse(&mut self, head: &crate::xmpp::StanzaHead, fault: GatewayFault) -> GatewayFault {
        let err = StanzaError::new(fault.xmpp_condition()).with_by(self.cfg.xmpp_address.as_str());
        if let Ok(s) = head.error_reply(&err) {
            self.out.push_back(Output::Xmpp(s));
        }
        fault
    }

    /// `subscribe` from the user: a new watch (PRES-SUB-1).
    fn x_subscribe(&mut self, now: Instant, user: Jid, contact: Jid) -> Result<(), GatewayFault> {
        let key = pair(&user, &contact);
        if let Some(w) = self.watches.get(&key) {
            match w.state {
                // Already authorized: say so again (RFC 6121 §3.1.3 lets
                // the contact's side answer a repeated request at once).
                WatchState::Active | WatchState::Dormant => {
                    self.send_presence(&contact, &user, PresenceType::Subscribed);
                    return Ok(());
                }
                WatchState::Unsubscribing => {}
                _ => return Ok(()),
            }
        }
        if self.subscription_count() >= self.cfg.max_subscriptions {
            return Err(GatewayFault::Busy);
        }
        self.start_watch(now, user, contact, WatchState::Requesting)
    }

    /// Sends the SUBSCRIBE that makes a new dialog for a watch.
    fn start_watch(
        &mut self,
        now: Instant,
        user: Jid,
        contact: Jid,
        state: WatchState,
    ) -> Result<(), GatewayFault> {
        self.start_watch_for(now, user, contact, state, self.cfg.expires)
    }

    /// [`start_watch`](Self::start_watch) asking for `expires` seconds.
    fn start_watch_for(
        &mut self,
        now: Instant,
        user: Jid,
        contact: Jid,
        state: WatchState,
        expires: u32,
    ) -> Result<(), GatewayFault> {
        let key = pair(&user, &contact);
        if let Some(old) = self.watches.get(&key).and_then(|w| w.dialog.as_ref()) {
            self.watch_calls.remove(&*old.call_id);
        }
        // The old dialog's requests no longer speak for this watch.
        self.subscribes.retain(|_, t| t.key != key);
        let (req, dialog) = self.new_subscribe(&user, &contact, expires)?;
        self.watch_calls
            .insert(dialog.call_id.to_string(), key.clone());
        self.watches.insert(
            key.clone(),
            Box::new(Watch {
                user,
                contact,
                state,
                dialog: Some(dialog),
                expires_at: None,
                refresh_at: None,
                timer_n: Some(now + self.cfg.timer_n),
                retry_at: None,
                told: false,
            }),
        );
        self.send_subscribe(now, req, key, SubscribeKind::Initial, expires);
        Ok(())
    }

    /// A SUBSCRIBE outside any dialog from `user` to `contact`.
    fn new_subscribe(
        &mut self,
        user: &Jid,
        contact: &Jid,
        expires: u32,
    ) -> Result<(SipMessage, Dialog), GatewayFault> {
        let user_uri = self.uri_of(user, Role::Sender)?;
        let contact_uri = self.uri_of(contact, Role::Recipient)?;
        let mut from = NameAddr::new(user_uri.clone());
        from.set_tag(self.rng.tag());
        let call_id = self.rng.call_id(&self.cfg.sip.host);
        let branch = self.rng.branch();
        let via = self.cfg.sip.via(&branch);
        let req = crate::sip::RequestBuilder::new(Method::Subscribe, contact_uri.clone())
            .via(&via)
            .max_forwards(70)
            .from(&from)
            .to(&NameAddr::new(contact_uri))
            .call_id(&call_id)
            .cseq(1)
            .header("Event", "presence")
            .contact(&self.user_contact(user, user_uri))
            .header("Accept", "application/pidf+xml")
            .header("Expires", &expires.to_string())
            .build()?;
        let dialog = Dialog::uac(&req).map_err(GatewayFault::Dialog)?;
        Ok((req, dialog))
    }

    fn send_subscribe(
        &mut self,
        now: Instant,
        req: SipMessage,
        key: String,
        kind: SubscribeKind,
        expires: u32,
    ) {
        self.out.push_back(Output::Sip(req.clone()));
        if let Some(branch) = req
            .top_via()
            .ok()
            .and_then(|v| v.branch().map(str::to_owned))
        {
            let tx = SubscribeTx {
                key,
                kind,
                expires,
                deadline: now + self.cfg.timer_f,
                retransmit: Retransmit::new(now, &self.cfg.sip.transport),
                request: req,
            };
            self.subscribes.insert(branch, tx);
        }
    }

    /// An in-dialog SUBSCRIBE for a watch (refresh or `Expires: 0`).
    fn dialog_subscribe(
        &mut self,
        now: Instant,
        key: &str,
        kind: SubscribeKind,
        expires: u32,
    ) -> Result<(), GatewayFault> {
        let branch = self.rng.branch();
        let Some(w) = self.watches.get_mut(key) else {
            return Ok(());
        };
        let Some(dialog) = w.dialog.as_mut() else {
            return Ok(());
        };
        let via = self.cfg.sip.via(&branch);
        let contact = match self.resources.get(w.user.as_str()) {
            Some(r) => with_gr(&dialog.local_uri, r),
            None => NameAddr::new(dialog.local_uri.clone()),
        };
        let req = dialog
            .request(Method::Subscribe, &via, None)
            .map_err(GatewayFault::Dialog)?
            .header("Event", "presence")
            .contact(&contact)
            .header("Accept", "application/pidf+xml")
            .header("Expires", &expires.to_string())
            .build()?;
        w.timer_n = Some(now + self.cfg.timer_n);
        w.refresh_at = None;
        self.send_subscribe(now, req, key.to_owned(), kind, expires);
        Ok(())
    }

    /// `unsubscribe` from the user (PRES-SUB-11).
    fn x_unsubscribe(&mut self, now: Instant, user: Jid, contact: Jid) -> Result<(), GatewayFault> {
        let key = pair(&user, &contact);
        let Some(w) = self.watches.get_mut(&key) else {
            // Nothing held: the authorization is gone already.
            self.send_presence(&contact, &user, PresenceType::Unsubscribed);
            return Ok(());
        };
        match w.state {
            WatchState::Unsubscribing => {}
            _ if w.dialog.is_none() => {
                // No dialog to end: dormant (design, §8.1 X4 row), or a
                // request waiting to be made again.
                self.remove_watch(&key);
                self.send_presence(&contact, &user, PresenceType::Unsubscribed);
            }
            _ => {
                w.state = WatchState::Unsubscribing;
                w.expires_at = None;
                w.retry_at = None;
                w.told = self.cfg.legacy_unsubscribed_on_send;
                self.dialog_subscribe(now, &key, SubscribeKind::Unsubscribe, 0)?;
                if self.cfg.legacy_unsubscribed_on_send {
                    self.send_presence(&contact, &user, PresenceType::Unsubscribed);
                }
            }
        }
        Ok(())
    }

    /// `probe` from the user or the user's server: the user has come
    /// online (refresh the watch, PRES-SUB-6) or wants the contact's
    /// presence once (a poll, PRES-POLL-1).
    fn x_probe(&mut self, now: Instant, user: Jid, contact: Jid) -> Result<(), GatewayFault> {
        let key = pair(&user, &contact);
        match self.watches.get(&key).map(|w| w.state) {
            Some(WatchState::Active) => {
                self.probe_user(&user);
                self.dialog_subscribe(now, &key, SubscribeKind::Refresh, self.cfg.expires)
            }
            Some(WatchState::Dormant) => {
                self.probe_user(&user);
                self.start_watch(now, user, contact, WatchState::Resubscribing)
            }
            Some(_) => Ok(()),
            None => {
                if self.subscription_count() >= self.cfg.max_subscriptions {
                    return Err(GatewayFault::Busy);
                }
                let (req, dialog) = self.new_subscribe(&user, &contact, 0)?;
                let call_id = dialog.call_id.to_string();
                self.polls.insert(
                    call_id.clone(),
                    Poll {
                        user,
                        contact,
                        dialog,
                        timer_n: now + self.cfg.timer_n,
                    },
                );
                self.send_subscribe(now, req, call_id, SubscribeKind::Poll, 0);
                Ok(())
            }
        }
    }

    /// The probe the gateway sends the user's bare JID before it renews
    /// the user's subscription (PRES-SEC-3).
    fn probe_user(&mut self, user: &Jid) {
        let probe = PresenceBuilder::new()
            .namespace(self.cfg.map.namespace)
            .from(self.cfg.xmpp_address.as_str())
            .to(user.as_str())
            .presence_type(PresenceType::Probe)
            .build();
        if let Ok(p) = probe {
            self.out.push_back(Output::Xmpp(Stanza::Presence(p)));
        }
    }

    fn send_presence(&mut self, from: &Jid, to: &Jid, t: PresenceType) {
        let p = PresenceBuilder::new()
            .namespace(self.cfg.map.namespace)
            .from(from.as_str())
            .to(to.as_str())
            .presence_type(t)
            .build();
        if let Ok(p) = p {
            self.out.push_back(Output::Xmpp(Stanza::Presence(p)));
        }
    }

    /// Forgets a watch with its SUBSCRIBE transactions: a late response
    /// to one of them finds nothing.
    fn remove_watch(&mut self, key: &str) {
        if let Some(w) = self.watches.remove(key) {
            if let Some(d) = w.dialog {
                self.watch_calls.remove(&*d.call_id);
            }
        }
        self.subscribes.retain(|_, t| t.key != key);
    }

    /// The Contact for a request on behalf of `user`: the user's address
    /// with the `gr` of the resource last seen, inside the brackets
    /// (PRES-D-14).
    fn user_contact(&self, user: &Jid, uri: Uri) -> NameAddr<'static> {
        match self.resources.get(user.as_str()) {
            Some(r) => with_gr(&uri, r),
            None => NameAddr::new(uri),
        }
    }

    /// Forgets a poll with its SUBSCRIBE transaction.
    fn remove_poll(&mut self, call_id: &str) -> Option<Poll> {
        self.subscribes.retain(|_, t| t.key != call_id);
        self.polls.remove(call_id)
    }

    fn uri_of(&self, j: &Jid, role: Role) -> Result<Uri, GatewayFault> {
        self.cfg
            .map
            .mapper
            .jid_to_uri(j, role)
            .map_err(|error| GatewayFault::Address { role, error })
    }
}

/// `uri` with `gr=<resource>` (a URI parameter, so inside the brackets).
fn with_gr(uri: &Uri, resource: &str) -> NameAddr<'static> {
    match uri {
        Uri::Sip(u) => match u.to_builder().param("gr", Some(resource)).build() {
            Ok(g) => NameAddr::new(Uri::Sip(g)),
            Err(_) => NameAddr::new(uri.clone()),
        },
        other => NameAddr::new(other.clone()),
    }
}

fn jid(v: Option<&str>, role: Role) -> Result<Jid, GatewayFault> {
    let v = v.ok_or(GatewayFault::MissingAddress { role })?;
    Jid::parse(v).map_err(|e| GatewayFault::Address {
        role,
        error: crate::address::AddressError::InvalidJid(e),
    })
}

// ---------------------------------------------------------------------
// S2X: the XMPP contact's side of a SIP watcher's dialog
// ---------------------------------------------------------------------

impl PresenceGateway {
    fn dialogs_of(&self, watcher: &Jid, contact: &Jid) -> Vec<String> {
        self.notifier_pairs
            .get(&pair(watcher, contact))
            .cloned()
            .unwrap_or_default()
    }

    /// `subscribed` / `unsubscribed` from the XMPP contact to the SIP
    /// watcher: the decision on (or the revocation of) the watcher's
    /// authorization (PRES-SUB-17, PRES-SUB-18).
    fn x_decision(&mut self, now: Instant, contact: &Jid, watcher: &Jid, granted: bool) {
        let p = pair(watcher, contact);
        if granted {
            if self.granted.len() < self.cfg.max_subscriptions {
                self.granted.insert(p);
            }
        } else {
            self.granted.remove(&p);
        }
        for key in self.dialogs_of(watcher, contact) {
            let Some(n) = self.notifiers.get_mut(&key).filter(|n| !n.terminated) else {
                continue;
            };
            match (n.state, granted) {
                (NotifierState::Pending, true) => {
                    n.state = NotifierState::Active;
                    // A change of the subscription's state goes out at
                    // once; the rate limit is for presence changes.
                    n.last_notify = None;
                    self.notify(now, &key, Notice::State { latest_only: false });
                }
                (_, false) => self.notify(now, &key, Notice::End("rejected", EndBody::Empty)),
                (NotifierState::Active, true) => {}
            }
        }
    }

    /// Presence from the XMPP contact: cached, and sent to the watchers
    /// whose dialogs are active (Table P1; only inside a dialog,
    /// PRES-D-13 and PRES-SEC-4).
    fn x_notification(&mut self, now: Instant, from: &Jid, watcher: &Jid, p: Presence) {
        let contact = from.bare();
        let keys = self.dialogs_of(&watcher.bare(), &contact);
        self.remember(&contact, p, !keys.is_empty());
        for key in keys {
            if self.notifiers.get(&key).map(|n| n.state) == Some(NotifierState::Active) {
                self.notify(now, &key, Notice::State { latest_only: true });
            }
        }
    }

    /// Keeps the last presence of each resource of a contact. A presence
    /// from the bare JID speaks for every resource (RFC 6121 §4.5.4: a
    /// server answers for a user with no resource online that way), and
    /// one from a resource replaces what the bare JID said.
    /// The cache holds at most `max_subscriptions` contacts besides those
    /// some dialog watches (`watched`), which the dialog limit bounds.
    fn remember(&mut self, contact: &Jid, p: Presence, watched: bool) {
        if !watched
            && !self.known.contains_key(contact.as_str())
            && self.known.len() >= self.cfg.max_subscriptions
        {
            return;
        }
        let list = self.known.entry(contact.as_str().to_owned()).or_default();
        let from_resource = |q: &Presence| {
            q.from()
                .and_then(|f| Jid::parse(f).ok())
                .and_then(|j| j.resource().map(str::to_owned))
        };
        match from_resource(&p) {
            None => list.clear(),
            resource => list.retain(|q| from_resource(q).is_some_and(|r| Some(r) != resource)),
        }
        list.push(p);
        let max = self.cfg.max_resources.max(1);
        if list.len() > max {
            let extra = list.len() - max;
            list.drain(..extra);
        }
    }

    /// An error in answer to the `subscribe` the gateway sent for a SIP
    /// watcher (§8.2 N1 row).
    fn x_error(&mut self, now: Instant, contact: &Jid, watcher: &Jid, p: &Presence) {
        let reason = match p.error().map(|e| e.condition) {
            Some(
                DefinedCondition::ItemNotFound
                | DefinedCondition::RemoteServerNotFound
                | DefinedCondition::JidMalformed,
            ) => "noresource",
            _ => "rejected",
        };
        for key in self.dialogs_of(watcher, contact) {
            if self.notifiers.get(&key).map(|n| n.state) == Some(NotifierState::Pending) {
                self.notify(now, &key, Notice::End(reason, EndBody::Empty));
            }
        }
    }
}

/// What a NOTIFY says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Notice {
    /// The dialog's state (`pending` or `active`) with what is known:
    /// the latest presence only (a notification, PRES-NTF-12) or all of
    /// it (the answer to a SUBSCRIBE, an authorization).
    State {
        /// Only the latest presence.
        latest_only: bool,
    },
    /// `terminated` with a reason and a body.
    End(&'static str, EndBody),
}

/// The body of a `terminated` NOTIFY.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum EndBody {
    /// None (a refusal, a poll with nothing known).
    Empty,
    /// Basic status `closed` (the end of a subscription, PRES-SUB-23).
    Closed,
    /// What is known now (the answer to a poll, PRES-POLL-2).
    Current,
}

impl PresenceGateway {
    /// Sends a NOTIFY in dialog `key` now, or holds it back under the rate
    /// limit (RFC 3856 §6.10) when it only reports a state change.
    fn notify(&mut self, now: Instant, key: &str, notice: Notice) {
        let interval = self.cfg.min_notify_interval;
        let Some(n) = self.notifiers.get_mut(key) else {
            return;
        };
        if n.terminated {
            // Nothing follows the `terminated` NOTIFY (RFC 6665 §4.4.1).
            return;
        }
        if matches!(notice, Notice::State { .. }) && n.state == NotifierState::Active {
            if let Some(last) = n.last_notify {
                if now < last + interval {
                    n.held_until = Some(last + interval);
                    return;
                }
            }
        }
        n.held_until = None;
        n.last_notify = Some(now);
        let remaining = n.expires_at.saturating_duration_since(now).as_secs();
        let (dialog_state, contact_jid, watcher_jid) =
            (n.state, n.contact.clone(), n.watcher.clone());
        let state = match (notice, dialog_state) {
            (Notice::End(reason, _), _) => format!("terminated;reason={reason}"),
            (Notice::State { .. }, NotifierState::Pending) => {
                format!("pending;expires={remaining}")
            }
            (Notice::State { .. }, NotifierState::Active) => format!("active;expires={remaining}"),
        };
        let known = self.known.get(contact_jid.as_str()).map(Vec::as_slice);
        let body = match (notice, dialog_state) {
            (Notice::State { latest_only }, NotifierState::Active) => {
                bodies::state_body(known, &watcher_jid, latest_only, &self.cfg)
            }
            (Notice::End(_, EndBody::Current), _) => {
                bodies::state_body(known, &watcher_jid, false, &self.cfg)
            }
            (Notice::End(_, EndBody::Closed), _) => {
                bodies::closed_body(known, &contact_jid, &watcher_jid, &self.cfg)
            }
            _ => None,
        };
        let contact = self.local_contact(&contact_jid);
        let branch = self.rng.branch();
        let via = self.cfg.sip.via(&branch);
        let last = matches!(notice, Notice::End(..));
        let built = self.notifiers.get_mut(key).map(|n| {
            n.dialog
                .request(Method::Notify, &via, None)
                .map_err(GatewayFault::Dialog)
                .and_then(|b| {
                    let mut b = b
                        .header("Event", "presence")
                        .header("Subscription-State", &state);
                    if let Some(c) = &contact {
                        b = b.contact(c);
                    }
                    if let Some(body) = body {
                        if let Some(lang) = &body.content_language {
                            b = b.header("Content-Language", lang);
                        }
                        b = b.body(&body.content_type, body.bytes);
                    }
                    b.build().map_err(GatewayFault::from)
                })
        });
        match built {
            Some(Ok(req)) => {
                self.out.push_back(Output::Sip(req.clone()));
                self.notifies.insert(
                    branch,
                    NotifyTx {
                        dialog: key.to_owned(),
                        deadline: now + self.cfg.timer_f,
                        last,
                        retransmit: Retransmit::new(now, &self.cfg.sip.transport),
                        request: req,
                    },
                );
            }
            Some(Err(_)) => {
                // A dialog that cannot carry a request any more is over.
                self.remove_notifier(key);
                return;
            }
            None => return,
        }
        if last {
            // No further request in this dialog; it is removed when the
            // NOTIFY transaction ends (RFC 6665 §4.4.1).
            if let Some(n) = self.notifiers.get_mut(key) {
                n.expires_at = now + self.cfg.timer_f;
                n.terminated = true;
            }
        }
    }

    /// The gateway's Contact in the dialogs it accepts for `contact`
    /// (V-PRES-8): `sip:<user>@<contact_host>[:<contact_port>];transport=<t>`.
    fn local_contact(&self, contact: &Jid) -> Option<NameAddr<'static>> {
        let mut b = crate::uri::SipUri::builder(&self.cfg.contact_host).port(self.cfg.contact_port);
        if let Some(local) = contact.local() {
            if let Ok(user) = crate::jid::unescape_localpart(local) {
                b = b.user(user.into_owned());
            }
        }
        let t = self.cfg.sip.transport.to_ascii_lowercase();
        if t != "udp" {
            b = b.param("transport", Some(&t));
        }
        b.build().ok().map(|u| NameAddr::new(Uri::Sip(u)))
    }

    fn remove_notifier(&mut self, key: &str) {
        if let Some(n) = self.notifiers.remove(key) {
            let p = pair(&n.watcher, &n.contact);
            if let Some(v) = self.notifier_pairs.get_mut(&p) {
                v.retain(|k| k != key);
                if v.is_empty() {
                    self.notifier_pairs.remove(&p);
                }
            }
        }
        self.notifies.retain(|_, t| t.dialog != key);
    }
}

// ---------------------------------------------------------------------
// SIP input
// ---------------------------------------------------------------------

impl PresenceGateway {
    /// A SIP message from the SIP side: SUBSCRIBE or NOTIFY, or a response
    /// to one the gateway sent.
    pub fn handle_sip(&mut self, now: Instant, msg: SipMessage) -> Result<(), GatewayFault> {
        if !msg.is_request() {
            return self.sip_response(now, &msg);
        }
        self.served.expire(now);
        // A retransmission of a request already answered: the same answer
        // again, processed once (RFC 3261 §17.2.2).
        if let Some(resp) = self.served.retransmission(&msg) {
            self.out.push_back(Output::Sip(resp.clone()));
            return Ok(());
        }
        let outcome = msg
            .validate_core()
            .map_err(GatewayFault::from)
            .and_then(|_| match msg.method() {
                Some(Method::Subscribe | Method::Notify) if msg.require().next().is_some() => {
                    Err(required_extensions(&msg))
                }
                Some(Method::Subscribe) => self.sip_subscribe(now, &msg),
                Some(Method::Notify) => self.sip_notify(now, &msg),
                Some(m) if m.is("ACK") => Ok(()),
                Some(m) => Err(GatewayFault::Method(m.as_str().to_owned())),
                None => Err(GatewayFault::Method(String::new())),
            });
        if let Err(fault) = &outcome {
            self.answer(now, &msg, fault.sip_status(), fault);
        }
        outcome
    }

    /// Sends the error response a refused request prescribes, with the
    /// headers its status asks for.
    fn answer(&mut self, now: Instant, req: &SipMessage, code: StatusCode, fault: &GatewayFault) {
        let tag = self.rng.tag();
        let Ok(mut resp) = req.make_response(code, &tag) else {
            return;
        };
        let extra: &[(&str, String)] = &match fault {
            GatewayFault::Method(_) => vec![("Allow", "SUBSCRIBE, NOTIFY".to_owned())],
            GatewayFault::BadExtension { tags } => vec![("Unsupported", tags.join(", "))],
            GatewayFault::BadEvent => vec![("Allow-Events", "presence".to_owned())],
            GatewayFault::NotAcceptable => vec![("Accept", "application/pidf+xml".to_owned())],
            GatewayFault::IntervalTooBrief { min } => vec![("Min-Expires", min.to_string())],
            _ => Vec::new(),
        };
        for (name, value) in extra {
            if resp.push_header(name, value).is_err() {
                return;
            }
        }
        self.served.answered(now, req, &resp);
        self.out.push_back(Output::Sip(resp));
    }

    fn ok(
        &mut self,
        now: Instant,
        req: &SipMessage,
        to_tag: &str,
        expires: Option<u32>,
        contact: Option<&NameAddr<'_>>,
    ) {
        let Ok(mut resp) = req.make_response(StatusCode::OK, to_tag) else {
            return;
        };
        if let Some(c) = contact {
            let _ = resp.push_header("Contact", &c.to_string());
        }
        if let Some(e) = expires {
            let _ = resp.push_header("Expires", &e.to_string());
        }
        self.served.answered(now, req, &resp);
        self.out.push_back(Output::Sip(resp));
    }

    /// The checks of a SUBSCRIBE for the presence package (PRES-D-8).
    fn check_subscribe(&self, req: &SipMessage) -> Result<Option<u32>, GatewayFault> {
        match req.event()? {
            Some(e) if e.package() == "presence" && e.templates().next().is_none() => {}
            _ => return Err(GatewayFault::BadEvent),
        }
        let mut accept = req.accept().peekable();
        if accept.peek().is_some() {
            let mut pidf = false;
            for t in accept {
                let t = t?;
                pidf |=
                    t.is("application", "pidf+xml") || t.is("application", "*") || t.is("*", "*");
            }
            if !pidf {
                return Err(GatewayFault::NotAcceptable);
            }
        }
        let expires = req.expires()?;
        if let Some(e) = expires {
            if e > 0 && e < self.cfg.min_expires {
                return Err(GatewayFault::IntervalTooBrief {
                    min: self.cfg.min_expires,
                });
            }
        }
        Ok(expires)
    }

    fn sip_subscribe(&mut self, now: Instant, req: &SipMessage) -> Result<(), GatewayFault> {
        let to = req.to_header()?;
        if let Some(tag) = to.tag() {
            let key = format!("{};{tag}", req.call_id()?);
            return self.refresh_subscribe(now, req, &key);
        }
        let expires = self.check_subscribe(req)?;
        let from = req.from_header()?;
        let watcher = self
            .cfg
            .map
            .mapper
            .name_addr_to_jid(&from, Role::Sender)
            .map_err(|error| GatewayFault::Address {
                role: Role::Sender,
                error,
            })?
            .bare();
        let target = match req.request_uri() {
            Some(u @ Uri::Sip(s)) if s.user().is_some() => u,
            _ => &to.uri,
        };
        let contact = self
            .cfg
            .map
            .mapper
            .uri_to_jid(target, Role::Recipient)
            .map_err(|error| GatewayFault::Address {
                role: Role::Recipient,
                error,
            })?
            .bare();
        if self.subscription_count() >= self.cfg.max_subscriptions {
            return Err(GatewayFault::Busy);
        }
        let local_tag = self.rng.tag();
        let dialog = Dialog::uas(req, &local_tag).map_err(GatewayFault::Dialog)?;
        let key = format!("{};{local_tag}", dialog.call_id);
        let local_contact = self.local_contact(&contact);
        let granted = expires.unwrap_or(3600).min(self.cfg.max_expires);
        self.ok(now, req, &local_tag, Some(granted), local_contact.as_ref());
        let known = self.known.contains_key(contact.as_str());
        let authorized = self.granted.contains(&pair(&watcher, &contact));
        // Most pairs have one dialog: room for exactly one.
        self.notifier_pairs
            .entry(pair(&watcher, &contact))
            .or_insert_with(|| Vec::with_capacity(1))
            .push(key.clone());
        self.notifiers.insert(
            key.clone(),
            Box::new(Notifier {
                dialog,
                watcher: watcher.clone(),
                contact: contact.clone(),
                state: if authorized {
                    NotifierState::Active
                } else {
                    NotifierState::Pending
                },
                expires_at: now + Duration::from_secs(u64::from(granted)),
                last_notify: None,
                held_until: None,
                terminated: false,
            }),
        );
        if granted == 0 {
            // A poll (PRES-POLL-2): what is known now, then `terminated`;
            // a probe only when nothing is known.
            let body = if authorized && known {
                EndBody::Current
            } else {
                EndBody::Empty
            };
            self.notify(now, &key, Notice::End("timeout", body));
            if !known {
                self.send_presence(&watcher, &contact, PresenceType::Probe);
            }
            return Ok(());
        }
        // 200 and an immediate NOTIFY (PRES-D-1), then the subscription
        // request to the XMPP contact (PRES-SUB-15), even when already
        // authorized (its server answers at once, PRES-SUB-16).
        self.notify(now, &key, Notice::State { latest_only: false });
        self.send_presence(&watcher, &contact, PresenceType::Subscribe);
        Ok(())
    }

    /// A SUBSCRIBE inside one of the gateway's notifier dialogs: refresh
    /// or, with `Expires: 0`, the end of it (PRES-SUB-19, PRES-SUB-23).
    fn refresh_subscribe(
        &mut self,
        now: Instant,
        req: &SipMessage,
        key: &str,
    ) -> Result<(), GatewayFault> {
        let Some(n) = self.notifiers.get_mut(key) else {
            return Err(GatewayFault::NoDialog);
        };
        if n.terminated || !n.dialog.matches_request(req) {
            return Err(GatewayFault::NoDialog);
        }
        n.dialog
            .accept_cseq(req.cseq()?.seq)
            .map_err(GatewayFault::Dialog)?;
        if let Some(target) = req.contacts().find_map(|c| match c {
            Ok(crate::sip::Contact::Address(na)) => Some(na.uri),
            _ => None,
        }) {
            n.dialog.remote_target = target;
        }
        let local_tag = n.dialog.local_tag.clone();
        let (watcher, contact) = (n.watcher.clone(), n.contact.clone());
        let expires = self
            .check_subscribe(req)?
            .unwrap_or(3600)
            .min(self.cfg.max_expires);
        let local_contact = self.local_contact(&contact);
        self.ok(now, req, &local_tag, Some(expires), local_contact.as_ref());
        if expires == 0 {
            self.notify(now, key, Notice::End("timeout", EndBody::Closed));
            self.send_presence(&watcher, &contact, PresenceType::Unavailable);
            return Ok(());
        }
        if let Some(n) = self.notifiers.get_mut(key) {
            n.expires_at = now + Duration::from_secs(u64::from(expires));
            // A refresh is answered by a NOTIFY at once, whatever the
            // rate limit (RFC 6665 §4.2.1.2).
            n.last_notify = None;
        }
        self.notify(now, key, Notice::State { latest_only: false });
        Ok(())
    }
}

impl PresenceGateway {
    /// A NOTIFY for one of the gateway's watches or polls (X2S).
    fn sip_notify(&mut self, now: Instant, req: &SipMessage) -> Result<(), GatewayFault> {
        match req.event()? {
            Some(e) if e.package() == "presence" && e.templates().next().is_none() => {}
            _ => return Err(GatewayFault::BadEvent),
        }
        let sub_state = req
            .subscription_state()?
            .ok_or(GatewayFault::MissingSubscriptionState)?;
        let call_id = req.call_id()?.to_owned();
        if let Some(key) = self.watch_calls.get(&call_id).cloned() {
            let w = self.watches.get_mut(&key).ok_or(GatewayFault::NoDialog)?;
            let d = w.dialog.as_mut().ok_or(GatewayFault::NoDialog)?;
            if !d.matches_request(req) {
                return Err(GatewayFault::NoDialog);
            }
            d.accept_cseq(req.cseq()?.seq)
                .map_err(GatewayFault::Dialog)?;
            d.confirm(req).map_err(GatewayFault::Dialog)?;
            let tag = d.local_tag.clone();
            self.ok(now, req, &tag, None, None);
            self.watch_notify(now, &key, req, &sub_state);
            return Ok(());
        }
        if let Some(poll) = self.polls.get_mut(&call_id) {
            if !poll.dialog.matches_request(req) {
                return Err(GatewayFault::NoDialog);
            }
            let tag = poll.dialog.local_tag.clone();
            let stanzas = bodies::notify_to_presences(req, &poll.dialog, false, &self.cfg);
            self.ok(now, req, &tag, None, None);
            self.emit(stanzas);
            if matches!(sub_state.state, SubState::Terminated) {
                self.remove_poll(&call_id);
            }
            return Ok(());
        }
        Err(GatewayFault::NoDialog)
    }

    /// `presence.md` §8.1, the NOTIFY rows.
    fn watch_notify(
        &mut self,
        now: Instant,
        key: &str,
        req: &SipMessage,
        sub: &crate::sip::SubscriptionState<'_>,
    ) {
        let Some(w) = self.watches.get_mut(key) else {
            return;
        };
        let (user, contact) = (w.user.clone(), w.contact.clone());
        let dialog = w.dialog.clone();
        let stanzas = |first: bool, cfg: &PresenceConfig| {
            dialog
                .as_ref()
                .map(|d| bodies::notify_to_presences(req, d, first, cfg))
                .unwrap_or_default()
        };
        match &sub.state {
            SubState::Active => {
                w.timer_n = None;
                let secs = sub.expires().unwrap_or(self.cfg.expires);
                keep_expiry(w, now, secs, self.cfg.refresh_at_permille);
                match w.state {
                    WatchState::Requesting | WatchState::Pending => {
                        w.state = WatchState::Active;
                        // PRES-SUB-4, then PRES-SUB-5.
                        self.send_presence(&contact, &user, PresenceType::Subscribed);
                        let out = stanzas(true, &self.cfg);
                        self.emit(out);
                    }
                    WatchState::Resubscribing | WatchState::Active => {
                        w.state = WatchState::Active;
                        let out = stanzas(false, &self.cfg);
                        self.emit(out);
                    }
                    WatchState::Unsubscribing | WatchState::Dormant => {}
                }
            }
            SubState::Terminated => self.watch_terminated(now, key, sub),
            // `pending`, and unknown values read as pending (V-PRES-7):
            // answered, nothing told (PRES-SUB-3). The subscription runs
            // out and is refreshed as an active one is (RFC 6665 §4.1.2).
            _ => {
                w.timer_n = None;
                let secs = sub.expires().unwrap_or(self.cfg.expires);
                keep_expiry(w, now, secs, self.cfg.refresh_at_permille);
                if w.state == WatchState::Requesting {
                    w.state = WatchState::Pending;
                }
            }
        }
    }

    fn emit(&mut self, presences: Vec<Presence>) {
        for p in presences {
            self.out.push_back(Output::Xmpp(Stanza::Presence(p)));
        }
    }

    /// A `terminated` NOTIFY for a watch (§8.1).
    fn watch_terminated(
        &mut self,
        now: Instant,
        key: &str,
        sub: &crate::sip::SubscriptionState<'_>,
    ) {
        let Some(w) = self.watches.get(key) else {
            return;
        };
        let (user, contact, state) = (w.user.clone(), w.contact.clone(), w.state);
        if state == WatchState::Unsubscribing {
            // The end of the dialog the user cancelled (PRES-SUB-13).
            self.remove_watch(key);
            return;
        }
        let authorized = !matches!(state, WatchState::Requesting | WatchState::Pending);
        match sub.reason() {
            Some("rejected" | "noresource") => {
                if state == WatchState::Active {
                    self.send_presence(&contact, &user, PresenceType::Unavailable);
                }
                self.send_presence(&contact, &user, PresenceType::Unsubscribed);
                self.remove_watch(key);
            }
            Some("deactivated") | Some("timeout") if authorized => {
                let _ = self.start_watch(now, user, contact, WatchState::Resubscribing);
            }
            Some("deactivated") => {
                // A new request, waiting for its first NOTIFY (X1).
                let _ = self.start_watch(now, user, contact, WatchState::Requesting);
            }
            Some("invariant") if authorized => self.go_dormant(key, None),
            reason => {
                let retry = sub
                    .retry_after()
                    .map(|s| Duration::from_secs(u64::from(s)))
                    .unwrap_or(self.cfg.retry_after);
                if authorized {
                    self.go_dormant(key, Some(now + retry));
                } else if reason == Some("timeout") || reason.is_none() {
                    // No authorization yet and no reason to stop: ask
                    // again (RFC 6665 §4.1.3 lets the subscriber retry),
                    // as a new request (X1).
                    let _ = self.start_watch(now, user, contact, WatchState::Requesting);
                } else {
                    // `probation`, `giveup`: try again later, still
                    // waiting for the authorization.
                    self.go_dormant(key, Some(now + retry));
                }
            }
        }
    }

    /// Ends the watch's dialog; a new one is made at `retry`. An
    /// authorized watch becomes X4 (dormant: also made again when the user
    /// comes online); one still waiting for the authorization stays X1,
    /// to ask again (§8.1, NOTIFY `terminated` for another reason): it
    /// never passes for authorized.
    fn go_dormant(&mut self, key: &str, retry: Option<Instant>) {
        if let Some(w) = self.watches.get_mut(key) {
            if let Some(d) = w.dialog.take() {
                self.watch_calls.remove(&*d.call_id);
            }
            w.state = match w.state {
                WatchState::Requesting | WatchState::Pending => WatchState::Requesting,
                _ => WatchState::Dormant,
            };
            w.expires_at = None;
            w.refresh_at = None;
            w.timer_n = None;
            w.retry_at = retry;
        }
        self.subscribes.retain(|_, t| t.key != key);
    }
}

impl PresenceGateway {
    fn sip_response(&mut self, now: Instant, resp: &SipMessage) -> Result<(), GatewayFault> {
        let code = resp.status().ok_or(GatewayFault::UnmatchedResponse)?;
        let branch = resp
            .top_via()?
            .branch()
            .map(str::to_owned)
            .ok_or(GatewayFault::UnmatchedResponse)?;
        if code.is_provisional() {
            // Timer E slows to T2 (RFC 3261 §17.1.2.2).
            if let Some(t) = self.subscribes.get_mut(&branch) {
                t.retransmit.proceeding(now);
                return Ok(());
            }
            if let Some(t) = self.notifies.get_mut(&branch) {
                t.retransmit.proceeding(now);
                return Ok(());
            }
            return Err(GatewayFault::UnmatchedResponse);
        }
        if let Some(tx) = self.notifies.remove(&branch) {
            // Our NOTIFY (S2X): a failure from RFC 6665's list, or the end
            // of a `terminated` one, removes the dialog (PRES-D-6).
            if tx.last || ends_dialog(code.as_u16()) {
                self.remove_notifier(&tx.dialog);
            }
            return Ok(());
        }
        let tx = self
            .subscribes
            .remove(&branch)
            .ok_or(GatewayFault::UnmatchedResponse)?;
        if tx.kind == SubscribeKind::Poll {
            self.poll_response(&tx.key, resp, code);
            return Ok(());
        }
        self.watch_response(now, &tx, resp, code);
        Ok(())
    }

    fn poll_response(&mut self, call_id: &str, resp: &SipMessage, code: StatusCode) {
        let Some(poll) = self.polls.get_mut(call_id) else {
            return;
        };
        if code.is_success() {
            // RFC 6665 §8.3.1: 202 is read as 200 (PRES-D-3).
            let _ = poll.dialog.confirm(resp);
            return;
        }
        let Some(poll) = self.remove_poll(call_id) else {
            return;
        };
        if ends_authorization(code.as_u16()) {
            self.send_presence(&poll.contact, &poll.user, PresenceType::Unsubscribed);
        } else {
            self.presence_error(&poll.contact, &poll.user, code);
        }
    }

    /// `<presence type='error'/>` from the contact to the user for a SIP
    /// failure, by RFC 7247 Table B.
    fn presence_error(&mut self, contact: &Jid, user: &Jid, code: StatusCode) {
        let Some(m) = self.cfg.errors.to_xmpp(code) else {
            return;
        };
        let err = StanzaError::new(m.condition)
            .with_type(m.error_type)
            .with_by(self.cfg.xmpp_address.as_str());
        let p = PresenceBuilder::new()
            .namespace(self.cfg.map.namespace)
            .from(contact.as_str())
            .to(user.as_str())
            .presence_type(PresenceType::Error)
            .error(err)
            .build();
        if let Ok(p) = p {
            self.out.push_back(Output::Xmpp(Stanza::Presence(p)));
        }
    }

    /// A final response to a watch's SUBSCRIBE (§8.1).
    fn watch_response(
        &mut self,
        now: Instant,
        tx: &SubscribeTx,
        resp: &SipMessage,
        code: StatusCode,
    ) {
        let key = tx.key.as_str();
        let Some(w) = self.watches.get_mut(key) else {
            return;
        };
        let (user, contact, state) = (w.user.clone(), w.contact.clone(), w.state);
        let c = code.as_u16();
        if code.is_success() {
            if let Some(d) = w.dialog.as_mut() {
                let _ = d.confirm(resp);
            }
            if tx.kind == SubscribeKind::Unsubscribe {
                // PRES-SUB-12: after the 2xx, not before (RFC 8048).
                let told = std::mem::replace(&mut w.told, true);
                if !told {
                    self.send_presence(&contact, &user, PresenceType::Unsubscribed);
                }
                return;
            }
            let granted = resp.expires().ok().flatten().unwrap_or(tx.expires);
            let until = now + Duration::from_secs(u64::from(granted));
            w.expires_at = Some(until);
            if state == WatchState::Active {
                w.timer_n = None;
                w.refresh_at = Some(
                    now + refresh_delay(
                        Duration::from_secs(u64::from(granted)),
                        self.cfg.refresh_at_permille,
                    ),
                );
            }
            return;
        }
        if tx.kind == SubscribeKind::Unsubscribe {
            // The roster has changed already: tell the user anyway.
            let told = w.told;
            self.remove_watch(key);
            if !told {
                self.send_presence(&contact, &user, PresenceType::Unsubscribed);
            }
            return;
        }
        if c == 423 {
            // RFC 6665 §4.1.2.1: ask again with at least Min-Expires.
            if let Some(min) = resp.min_expires().ok().flatten() {
                let kind = if w.dialog.as_ref().is_some_and(Dialog::is_confirmed) {
                    SubscribeKind::Refresh
                } else {
                    SubscribeKind::Initial
                };
                if kind == SubscribeKind::Refresh {
                    let _ = self.dialog_subscribe(now, key, kind, min);
                } else {
                    let _ = self.resend_initial(now, key, min);
                }
                return;
            }
        }
        if ends_authorization(c) {
            // PRES-SUB-9.
            if state == WatchState::Active {
                self.send_presence(&contact, &user, PresenceType::Unavailable);
            }
            self.send_presence(&contact, &user, PresenceType::Unsubscribed);
            self.remove_watch(key);
            return;
        }
        match (state, tx.kind) {
            (WatchState::Requesting | WatchState::Pending, _) => {
                // A new request that failed otherwise: an error to the user
                // (design, §8.1 X1 row).
                self.presence_error(&contact, &user, code);
                self.remove_watch(key);
            }
            (WatchState::Active, SubscribeKind::Refresh) if c == 481 => {
                // PRES-SUB-10: the dialog is gone, the authorization stays.
                let _ = self.start_watch(now, user, contact, WatchState::Resubscribing);
            }
            (WatchState::Active, SubscribeKind::Refresh) if ends_dialog(c) => {
                self.send_presence(&contact, &user, PresenceType::Unavailable);
                self.go_dormant(key, Some(now + self.cfg.retry_after));
            }
            (WatchState::Active, _) => {
                // Other failures keep the dialog until its last known
                // expiry (RFC 6665 §4.1.2.2); the expiry timer brings the
                // next attempt.
                if let Some(w) = self.watches.get_mut(key) {
                    w.timer_n = None;
                }
            }
            (WatchState::Resubscribing, _) => {
                self.go_dormant(key, Some(now + self.cfg.retry_after))
            }
            _ => {}
        }
    }

    /// A new-dialog SUBSCRIBE again, with the same identifiers and a
    /// larger Expires (after 423).
    fn resend_initial(
        &mut self,
        now: Instant,
        key: &str,
        expires: u32,
    ) -> Result<(), GatewayFault> {
        let Some(w) = self.watches.get(key) else {
            return Ok(());
        };
        let (user, contact, state) = (w.user.clone(), w.contact.clone(), w.state);
        self.start_watch_for(now, user, contact, state, expires)
    }
}

// ---------------------------------------------------------------------
// Timers
// ---------------------------------------------------------------------

impl PresenceGateway {
    /// Runs every timer due at `now`, oldest first.
    pub fn handle_timeout(&mut self, now: Instant) {
        self.retransmit(now);
        // A SUBSCRIBE never answered is forgotten at Timer F; the watch or
        // poll it was for has its own Timer N.
        self.subscribes.retain(|_, t| t.deadline > now);
        // Collected first, sorted, then run: the maps' order never shows.
        let mut due: Vec<(Instant, u8, String)> = Vec::new();
        for (k, w) in &self.watches {
            for (i, t) in [w.timer_n, w.expires_at, w.refresh_at, w.retry_at]
                .into_iter()
                .enumerate()
            {
                if let Some(t) = t.filter(|t| *t <= now) {
                    due.push((t, i as u8, k.clone()));
                }
            }
        }
        for (k, p) in &self.polls {
            if p.timer_n <= now {
                due.push((p.timer_n, 4, k.clone()));
            }
        }
        for (k, n) in &self.notifiers {
            if n.expires_at <= now {
                due.push((n.expires_at, 5, k.clone()));
            }
            if let Some(h) = n.held_until.filter(|h| *h <= now) {
                due.push((h, 6, k.clone()));
            }
        }
        for (b, t) in &self.notifies {
            if t.deadline <= now {
                due.push((t.deadline, 7, b.clone()));
            }
        }
        due.sort_unstable();
        for (_, which, key) in due {
            match which {
                0 => self.watch_timer_n(now, &key),
                1 => self.watch_expired(now, &key),
                2 => {
                    if let Some(w) = self.watches.get_mut(&key) {
                        w.refresh_at = None;
                    }
                    if matches!(
                        self.watch_state_of(&key),
                        Some(WatchState::Active | WatchState::Pending | WatchState::Resubscribing)
                    ) {
                        let user = self.watches.get(&key).map(|w| w.user.clone());
                        if let Some(user) = user {
                            self.probe_user(&user);
                        }
                        let _ = self.dialog_subscribe(
                            now,
                            &key,
                            SubscribeKind::Refresh,
                            self.cfg.expires,
                        );
                    }
                }
                3 => {
                    let w = self.watches.get_mut(&key).map(|w| {
                        w.retry_at = None;
                        (w.user.clone(), w.contact.clone(), w.state)
                    });
                    if let Some((user, contact, state)) = w {
                        self.probe_user(&user);
                        // Authorized: the dialog again (X5); otherwise
                        // the request again (X1).
                        let next = if state == WatchState::Dormant {
                            WatchState::Resubscribing
                        } else {
                            WatchState::Requesting
                        };
                        let _ = self.start_watch(now, user, contact, next);
                    }
                }
                // A poll without NOTIFY: nothing to tell (§8.3).
                4 => drop(self.remove_poll(&key)),
                5 => {
                    let terminated = self.notifiers.get(&key).is_some_and(|n| n.terminated);
                    if terminated {
                        self.remove_notifier(&key);
                    } else {
                        // RFC 6665 §4.2.1.4: expiry without refresh.
                        self.notify(now, &key, Notice::End("timeout", EndBody::Empty));
                    }
                }
                6 => self.notify(now, &key, Notice::State { latest_only: false }),
                _ => {
                    // Timer F of a NOTIFY (PRES-D-6).
                    if let Some(t) = self.notifies.remove(&key) {
                        self.remove_notifier(&t.dialog);
                    }
                }
            }
        }
    }

    /// Timer E: the SUBSCRIBEs and NOTIFYs sent over UDP and not yet
    /// answered go again, in the order they were due.
    fn retransmit(&mut self, now: Instant) {
        let mut due: Vec<(Instant, String)> = self
            .subscribes
            .iter()
            .filter_map(|(b, t)| {
                t.retransmit
                    .next()
                    .filter(|n| *n <= now)
                    .map(|n| (n, b.clone()))
            })
            .chain(self.notifies.iter().filter_map(|(b, t)| {
                t.retransmit
                    .next()
                    .filter(|n| *n <= now)
                    .map(|n| (n, b.clone()))
            }))
            .collect();
        due.sort_unstable();
        for (_, branch) in due {
            if let Some(t) = self
                .subscribes
                .get_mut(&branch)
                .filter(|t| t.deadline > now)
            {
                t.retransmit.fired(now);
                self.out.push_back(Output::Sip(t.request.clone()));
            } else if let Some(t) = self.notifies.get_mut(&branch).filter(|t| t.deadline > now) {
                t.retransmit.fired(now);
                self.out.push_back(Output::Sip(t.request.clone()));
            }
        }
    }

    fn watch_state_of(&self, key: &str) -> Option<WatchState> {
        self.watches.get(key).map(|w| w.state)
    }

    /// Timer N: no NOTIFY after a SUBSCRIBE (§8.1).
    fn watch_timer_n(&mut self, now: Instant, key: &str) {
        let Some(w) = self.watches.get_mut(key) else {
            return;
        };
        w.timer_n = None;
        let (user, contact, state) = (w.user.clone(), w.contact.clone(), w.state);
        match state {
            WatchState::Requesting => {
                let timeout = StatusCode::REQUEST_TIMEOUT;
                self.presence_error(&contact, &user, timeout);
                self.remove_watch(key);
            }
            WatchState::Resubscribing => self.go_dormant(key, Some(now + self.cfg.retry_after)),
            WatchState::Active => {
                // A refresh without NOTIFY (RFC 6665 §4.1.2.4): the
                // subscription is over; the authorization stays.
                self.send_presence(&contact, &user, PresenceType::Unavailable);
                self.go_dormant(key, Some(now + self.cfg.retry_after));
            }
            WatchState::Unsubscribing => self.end_unsubscribe(key, &user, &contact),
            _ => {}
        }
    }

    /// The dialog ran out without a successful refresh (§8.1 X3 row).
    fn watch_expired(&mut self, now: Instant, key: &str) {
        let Some(w) = self.watches.get(key) else {
            return;
        };
        let (user, contact, state) = (w.user.clone(), w.contact.clone(), w.state);
        match state {
            // The cancelled subscription ran out: X6 is over.
            WatchState::Unsubscribing => return self.end_unsubscribe(key, &user, &contact),
            WatchState::Active => self.send_presence(&contact, &user, PresenceType::Unavailable),
            _ => {}
        }
        self.go_dormant(key, Some(now + self.cfg.retry_after));
    }

    /// The end of X6 without its 2xx: the watch goes, and the user hears
    /// `unsubscribed` unless told already (the roster has changed).
    fn end_unsubscribe(&mut self, key: &str, user: &Jid, contact: &Jid) {
        let told = self.watches.get(key).is_some_and(|w| w.told);
        self.remove_watch(key);
        if !told {
            self.send_presence(contact, user, PresenceType::Unsubscribed);
        }
    }
}

/// The fault of a SUBSCRIBE or NOTIFY with a Require header (RFC 3261
/// §8.2.2.3): 420 listing its option tags, the gateway supporting none; a
/// Require that is not a token list is a malformed header (400).
fn required_extensions(req: &SipMessage) -> GatewayFault {
    match req.unsupported_requirements(&[]) {
        Ok(tags) => GatewayFault::BadExtension {
            tags: tags.into_iter().map(str::to_owned).collect(),
        },
        Err(e) => GatewayFault::Header(e),
    }
}
