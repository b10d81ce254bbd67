//! Configuration of the presence gateway.

use std::time::Duration;

use super::config::PresenceMapConfig;
use crate::errors::ErrorMap;
use crate::im::SipIdentity;

/// Everything the presence gateway needs to know, with the defaults of
/// the RFC 8048 digest ([`PresenceConfig::new`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PresenceConfig {
    /// The notification mappings (Tables P1 and P2), with the address
    /// mapper (RFC 7247 §6), the stanza namespace and the parser limits.
    pub map: PresenceMapConfig,
    /// Error mapping (RFC 7247 §7), for failures reported as presence
    /// errors.
    pub errors: ErrorMap,
    /// The gateway's SIP identity (Via, Call-ID host).
    pub sip: SipIdentity,
    /// Host of the Contact the gateway puts in the dialogs it accepts as
    /// notifier (`sip:<contact's user>@<host>;transport=<t>`, V-PRES-8):
    /// it must route back to the gateway.
    pub contact_host: String,
    /// Port of that Contact; `None` for the transport's default (5060,
    /// or 5061 over TLS).
    pub contact_port: Option<u16>,
    /// The gateway's own XMPP address: `from` of the probes it sends
    /// before refreshing a user's subscription (PRES-SEC-3), and `by` of
    /// its error stanzas.
    pub xmpp_address: String,
    /// `Expires` the gateway asks for in its SUBSCRIBEs (PRES-SUB-6;
    /// RFC 3856 §6.4 default 3600 s).
    pub expires: u32,
    /// Shortest subscription the gateway accepts as notifier; shorter
    /// non-zero requests get 423 with Min-Expires (PRES-D-8).
    pub min_expires: u32,
    /// Longest subscription the gateway grants as notifier (it may
    /// shorten, never lengthen, PRES-D-8).
    pub max_expires: u32,
    /// Refresh a subscription when this share (per mille) of its duration
    /// has passed (PRES-SUB-7). Default 800 (80 %).
    pub refresh_at_permille: u32,
    /// RFC 6665 Timer N (64 × T1): how long to wait for the first NOTIFY
    /// after sending a SUBSCRIBE.
    pub timer_n: Duration,
    /// RFC 3261 Timer F for the NOTIFYs the gateway sends (64 × T1).
    pub timer_f: Duration,
    /// How long a subscription that ended without a final refusal waits
    /// before the gateway subscribes again (`probation`, `giveup` without
    /// `retry-after`, failed refreshes).
    pub retry_after: Duration,
    /// Least time between two NOTIFYs for one presentity in one dialog
    /// (RFC 3856 §6.10: 5 s); changes in between are coalesced.
    pub min_notify_interval: Duration,
    /// Most subscriptions (in both directions together) held at once;
    /// more are refused (503 / `<resource-constraint/>`).
    pub max_subscriptions: usize,
    /// Most presences cached per XMPP contact (one per resource).
    pub max_resources: usize,
    /// Send `unsubscribed` to the XMPP user when the SUBSCRIBE with
    /// `Expires: 0` is sent rather than when its 2xx arrives: RFC 7248
    /// §4.2.3 (PRES7248-9). Default off (RFC 8048 §5.2.3).
    pub legacy_unsubscribed_on_send: bool,
}

impl PresenceConfig {
    /// The defaults for a gateway at `host` sending over `transport`,
    /// whose XMPP address is `xmpp_address`.
    ///
    /// ```
    /// use sip_xmpp::presence::PresenceConfig;
    /// let cfg = PresenceConfig::new("x2s.example.com", "TCP", "x2s.example.com");
    /// assert_eq!(cfg.expires, 3600);
    /// assert_eq!(cfg.timer_n.as_secs(), 32);
    /// ```
    pub fn new(host: &str, transport: &str, xmpp_address: &str) -> Self {
        PresenceConfig {
            map: PresenceMapConfig::default(),
            errors: ErrorMap::new(),
            sip: SipIdentity {
                host: host.to_owned(),
                port: None,
                transport: transport.to_owned(),
            },
            contact_host: host.to_owned(),
            contact_port: None,
            xmpp_address: xmpp_address.to_owned(),
            expires: 3600,
            min_expires: 60,
            max_expires: 3600,
            refresh_at_permille: 800,
            timer_n: Duration::from_secs(32),
            timer_f: Duration::from_secs(32),
            retry_after: Duration::from_secs(3600),
            min_notify_interval: Duration::from_secs(5),
            max_subscriptions: 100_000,
            max_resources: 16,
            legacy_unsubscribed_on_send: false,
        }
    }
}
