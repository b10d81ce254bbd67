//! Configuration of the IM mapping and gateway.

use std::time::Duration;

use crate::address::AddressMapper;
use crate::errors::ErrorMap;
use crate::limits::ParseLimits;
use crate::sip::StatusCode;
use crate::xmpp::StanzaNamespace;

/// The gateway's own SIP identity: what goes into the Via of the requests
/// it sends (RFC 3261 §8.1.1.7). The caller names the transport it will
/// send on (CORE-ARCH-3).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SipIdentity {
    /// Host (name or address) for Via sent-by and Call-ID suffixes.
    pub host: String,
    /// Port for Via sent-by, when not the default.
    pub port: Option<u16>,
    /// Transport token for Via (`UDP`, `TCP`, `TLS`, ...).
    pub transport: String,
}

impl SipIdentity {
    /// The Via value of a request this identity sends in transaction
    /// `branch` (RFC 3261 §8.1.1.7).
    pub fn via<'a>(&'a self, branch: &'a str) -> crate::sip::Via<'a> {
        crate::sip::Via::new(&self.transport, &self.host, self.port, branch)
    }
}

/// Everything the IM mapping needs to know, with the RFC 7572 digest's
/// defaults (`ImConfig::new`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImConfig {
    /// Address mapping (RFC 7247 §6) and the domains served.
    pub mapper: AddressMapper,
    /// Error mapping (RFC 7247 §7).
    pub errors: ErrorMap,
    /// The gateway's SIP identity.
    pub sip: SipIdentity,
    /// The gateway's XMPP domain, named in `by` of error stanzas it makes.
    pub xmpp_domain: Option<String>,
    /// The namespace of generated stanzas (`jabber:server` on a server
    /// link, `jabber:component:accept` for an external component).
    pub namespace: StanzaNamespace,
    /// The stream's default `xml:lang`, inherited by stanzas without one
    /// (RFC 6120 §8.1.5).
    pub default_lang: Option<String>,
    /// Largest MESSAGE request to send, counting the whole serialised
    /// request (IM-X-9). RFC 3428 §8 forbids more than 1300 bytes unless
    /// the path is known to be congestion-controlled end to end, which a
    /// gateway cannot know beyond its first hop; RFC 7572 §6 answers a
    /// larger message with `<policy-violation/>`. Default `Some(1300)`;
    /// `None` lifts the limit.
    pub max_request_bytes: Option<usize>,
    /// Add `;charset=UTF-8` to `Content-Type: text/plain` (IM-X-4).
    /// Default off (RFC 3261 §7.4.1 makes UTF-8 the default for text).
    pub charset_param: bool,
    /// Translate `type='chat'` messages as pager-mode MESSAGEs (IM-X-1,
    /// V-IM-5). Default on.
    pub translate_chat: bool,
    /// Convert line feeds in bodies to CRLF towards SIP (IM-X-10, V-IM-4).
    /// Default off.
    pub crlf_bodies: bool,
    /// IM-X-3's alternative: a message with bodies in several languages
    /// goes as `multipart/alternative`, one `text/plain` part per body
    /// with its `Content-Language`, in the stanza's order, instead of the
    /// one body in the stanza's language. Default off.
    pub language_alternatives: bool,
    /// The status an accepted inbound MESSAGE is answered with: 200 (RFC
    /// 7572 §5, default) or 202 (RFC 3428 §7 for relays, V-IM-1).
    pub accepted_status: StatusCode,
    /// Add `<thread/>` (from Call-ID) and `id` (from the Via branch) to
    /// translated MESSAGEs, as RFC 7572 Table 2 requires; off gives the
    /// literal form of the RFC's Example 5 (V-IM-6). Default on.
    ///
    /// The "transaction identifier" of Table 2 is read as the top Via
    /// branch (V-IM-3): RFC 3261 §17 makes it the transaction's key, unique
    /// per transaction and the same on a retransmission, so a repeated
    /// request gives a stanza with the same `id`. The digest's alternatives
    /// (Call-ID with CSeq, a random id) are not offered: the first says no
    /// more than the branch, the second hides a repeat.
    pub table_complete: bool,
    /// Answer a MESSAGE whose Expires has passed with
    /// [`accepted_status`](Self::accepted_status) and send no stanza
    /// (IM-S-10; RFC 3428 §7 leaves an expired message to local policy).
    /// It has passed when Date plus Expires lies before the wall-clock
    /// time the embedder gives with
    /// [`ImGateway::set_wall_clock`](super::ImGateway::set_wall_clock);
    /// without a Date, an Expires or that time a MESSAGE never counts as
    /// expired. Default off: translated anyway.
    pub drop_expired: bool,
    /// Remove the characters XML 1.0 cannot carry (C0 controls other than
    /// TAB, LF and CR; U+FFFE; U+FFFF) from an inbound body instead of
    /// answering 400 (IM-S-6). Default off.
    pub strip_invalid_xml_chars: bool,
    /// Use a `<thread/>` as the Call-ID of the MESSAGEs it gives (IM-X-6,
    /// RFC 7572 Table 1), reused across the thread's messages with
    /// increasing CSeq numbers: reading (a) of V-IM-2, the default. Off
    /// gives every MESSAGE a fresh Call-ID, as RFC 3261 §8.1.1.4 wants of a
    /// request outside a dialog (reading (b)), and keeps the thread only in
    /// the gateway's Call-ID → thread table.
    pub thread_as_call_id: bool,
    /// Convert `text/html` bodies to XHTML-IM (IM-15/IM-16). Default on.
    pub html: bool,
    /// Unwrap `message/cpim` bodies (IM-17). Default on.
    pub cpim: bool,
    /// RFC 3261 Timer F for the MESSAGE transactions the gateway sends:
    /// 64 × T1 = 32 s.
    pub transaction_timeout: Duration,
    /// Most MESSAGE transactions pending at once.
    pub max_pending: usize,
    /// Most messages waiting behind a pending transaction, per
    /// destination (RFC 3428 §8).
    pub max_queued_per_destination: usize,
    /// Most `<thread/>` ↔ Call-ID pairs remembered (IM-X-6).
    pub max_threads: usize,
    /// Parser limits for bodies (HTML, CPIM, multipart).
    pub limits: ParseLimits,
}

impl ImConfig {
    /// The digest's defaults for a gateway whose SIP side is reached as
    /// `host` over `transport`.
    ///
    /// ```
    /// use sip_xmpp::im::ImConfig;
    /// let cfg = ImConfig::new("x2s.example.com", "TCP");
    /// assert_eq!(cfg.max_request_bytes, Some(1300));
    /// assert_eq!(cfg.accepted_status.as_u16(), 200);
    /// ```
    pub fn new(host: &str, transport: &str) -> Self {
        ImConfig {
            mapper: AddressMapper::default(),
            errors: ErrorMap::new(),
            sip: SipIdentity {
                host: host.to_owned(),
                port: None,
                transport: transport.to_owned(),
            },
            xmpp_domain: None,
            namespace: StanzaNamespace::Client,
            default_lang: None,
            max_request_bytes: Some(1300),
            charset_param: false,
            translate_chat: true,
            crlf_bodies: false,
            language_alternatives: false,
            accepted_status: StatusCode::OK,
            table_complete: true,
            thread_as_call_id: true,
            strip_invalid_xml_chars: false,
            drop_expired: false,
            html: true,
            cpim: true,
            transaction_timeout: Duration::from_secs(32),
            max_pending: 10_000,
            max_queued_per_destination: 64,
            max_threads: 10_000,
            limits: ParseLimits::DEFAULT,
        }
    }
}
