//! RFC 8048: presence between SIP (SUBSCRIBE/NOTIFY with PIDF, RFC 3856)
//! and XMPP (`<presence/>`, RFC 6121).
//!
//! [`PresenceGateway`] is the Sans-IO gateway: it keeps the XMPP users'
//! authorizations towards SIP contacts alive with SUBSCRIBE dialogs (RFC
//! 8048 §5.2), answers SIP watchers' SUBSCRIBEs as notifier and asks the
//! XMPP contacts for their authorization (§5.3), turns notifications into
//! NOTIFYs and back (§6), and polls both ways (§7), over the dialogs of
//! RFC 6665 ([`crate::sip::Dialog`]). Time comes in as an argument.
//!
//! [`map`] holds the stateless notification mappings of RFC 8048 §6:
//! Table P1 turns an XMPP presence notification into the PIDF body of a
//! NOTIFY ([`map::presence_to_pidf`], [`map::notify_body`]); Table P2
//! turns the PIDF of a received NOTIFY into presence stanzas
//! ([`map::pidf_to_presence`], [`map::notify_to_presence`]). Priorities
//! convert with [`map::priority_to_pidf`] and [`map::priority_to_xmpp`].
//!
//! A notification belongs in a notification dialog: the caller maps an
//! XMPP presence only when a dialog exists whose watcher is the stanza's
//! `to` and whose presentity is its sender, and sends the stanzas of a
//! NOTIFY only to the dialog's subscriber (PRES-D-13, PRES-SEC-4). The
//! mappings read no clock and keep no state.
//!
//! ```
//! use sip_xmpp::pidf::Pidf;
//! use sip_xmpp::presence::PresenceMapConfig;
//! use sip_xmpp::presence::map::{NotifyContext, pidf_to_presence, presence_to_pidf};
//! use sip_xmpp::xmpp::{PresenceBuilder, Show};
//!
//! let cfg = PresenceMapConfig::default();
//! // X2S: juliet's presence becomes the PIDF of a NOTIFY to romeo.
//! let p = PresenceBuilder::new()
//!     .from("juliet@example.com/yn0cl4bnw0yr3vym")
//!     .to("romeo@example.net")
//!     .show(Show::Dnd)
//!     .status(None, "Wooing Romeo")
//!     .priority(1)
//!     .build()?;
//! let body = presence_to_pidf(&p, &cfg)?.body();
//! assert_eq!(body.content_type.to_string(), "application/pidf+xml");
//!
//! // S2X: the same document read back gives the same presence.
//! let pidf = Pidf::parse(&body.bytes, &cfg.limits)?;
//! let ctx = NotifyContext::new("sip:juliet@example.com".parse()?, "sip:romeo@example.net".parse()?);
//! let back = pidf_to_presence(&pidf, &ctx, &cfg)?;
//! assert_eq!(back[0].from(), Some("juliet@example.com/yn0cl4bnw0yr3vym"));
//! assert_eq!((back[0].show(), back[0].status(), back[0].priority()), (Some(Show::Dnd), Some("Wooing Romeo"), 1));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # Choices
//!
//! Where `presence.md` leaves room, the default is named first; each is a
//! switch of [`PresenceMapConfig`].
//!
//! - PIDF `entity`: `pres:` + the sender's bare JID, or `sip:`
//!   ([`EntityScheme`]).
//! - `<contact>`: only when a priority is mapped, or always
//!   ([`ContactPolicy`], PRES-D-12). No `<timestamp>` (no clock).
//! - A first `active` NOTIFY without a body: availability unknown, no
//!   stanza; or `unavailable` ([`EmptyFirstActive`], V-PRES-3).
//! - Stanzas from a NOTIFY: `from` with the tuple's resource and a bare
//!   `to`; or RFC 8048 Example 21 as written, bare `from` and the
//!   Request-URI's GRUU on `to` ([`NotificationAddressing`], V-PRES-5).
//! - `mustUnderstand`: the document is dropped; or the mark is ignored
//!   ([`MustUnderstand`], V-PRES-6).
//! - RPID (`presence.md` §7, not RFC 8048): off; or activities added next
//!   to `<show>` and read when a tuple has none ([`RpidProfile`]).
//! - `<show>` is mapped only on available presence, both ways (RFC 6121
//!   §4.7.2.1 gives it no meaning otherwise).
//! - Notes become statuses one per language; a tuple's notes come before
//!   the document's, and the first note in a language wins (XMPP allows
//!   one `<status/>` per language).

mod bodies;
mod config;
mod fault;
mod gateway;
mod gateway_config;
mod gateway_fault;
pub mod map;

pub use config::{
    ContactPolicy, EmptyFirstActive, EntityScheme, MustUnderstand, NotificationAddressing,
    PresenceMapConfig, RpidProfile,
};
pub use fault::{PresenceFault, UnusableBody};
pub use gateway::{NotifierState, PresenceGateway, WatchState};
pub use gateway_config::PresenceConfig;
pub use gateway_fault::GatewayFault;
