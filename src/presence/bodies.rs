//! What the presence gateway's NOTIFYs carry and what it makes of the
//! NOTIFYs it receives: the dialog-side use of the stateless mappings of
//! [`super::map`].

use super::gateway_config::PresenceConfig;
use super::map::{
    NotifyBody, NotifyContent, NotifyContext, first_active_without_body, notify_body,
    notify_to_presence_in, presence_to_pidf,
};
use crate::jid::Jid;
use crate::pidf::Pidf;
use crate::sip::{Dialog, SipMessage};
use crate::xmpp::{Presence, PresenceBuilder, PresenceType};

/// The presence stanzas a NOTIFY in `dialog` gives for a watch or a
/// poll, with what an empty first `active` NOTIFY means (V-PRES-3) when
/// `first_active`. They come from the dialog's remote URI and go to its
/// local URI, whatever From and To the NOTIFY names: only the subscriber
/// hears, and only of the presentity it subscribed to (PRES-SEC-4).
/// Nothing for an empty body (PRES-D-9) or a body the mapping cannot use
/// (`presence.md` §6.2): the NOTIFY is answered 200 either way.
pub(crate) fn notify_to_presences(
    notify: &SipMessage,
    dialog: &Dialog,
    first_active: bool,
    cfg: &PresenceConfig,
) -> Vec<Presence> {
    let Ok(ctx) = NotifyContext::from_notify(notify) else {
        return Vec::new();
    };
    let ctx = NotifyContext {
        from: dialog.remote_uri.clone(),
        to: dialog.local_uri.clone(),
        ..ctx
    };
    match notify_to_presence_in(notify, &ctx, &cfg.map) {
        Ok(NotifyContent::Presence(v)) => v,
        Ok(NotifyContent::Empty) if first_active => first_active_without_body(&ctx, &cfg.map)
            .ok()
            .flatten()
            .into_iter()
            .collect(),
        _ => Vec::new(),
    }
}

/// One document with a tuple per presence (Table P1 each), addressed to
/// `watcher`; `None` when none maps.
fn document(presences: &[Presence], watcher: &Jid, cfg: &PresenceConfig) -> Option<NotifyBody> {
    let mut doc: Option<Pidf> = None;
    let mut lang = None;
    for p in presences {
        let Some(readdressed) = readdress(p, watcher, false) else {
            continue;
        };
        let Ok(n) = presence_to_pidf(&readdressed, &cfg.map) else {
            continue;
        };
        lang = lang.or(n.content_language);
        match &mut doc {
            None => doc = Some(n.pidf),
            Some(d) => {
                for t in n.pidf.tuples {
                    if d.tuples.iter().all(|u| u.id != t.id) {
                        d.tuples.push(t);
                    }
                }
                // The RPID person of each resource comes along (§7).
                for person in n.pidf.persons {
                    if d.persons.iter().all(|q| q.id != person.id) {
                        d.persons.push(person);
                    }
                }
            }
        }
    }
    doc.map(|d| notify_body(&d, lang.as_deref()))
}

/// `p` sent to `watcher`, as `unavailable` when `closed`.
fn readdress(p: &Presence, watcher: &Jid, closed: bool) -> Option<Presence> {
    let from = p.from()?;
    let mut b = PresenceBuilder::new()
        .namespace(p.namespace())
        .from(from)
        .to(watcher.as_str());
    if closed || p.presence_type() == PresenceType::Unavailable {
        return b.presence_type(PresenceType::Unavailable).build().ok();
    }
    if let Some(lang) = p.lang() {
        b = b.lang(lang);
    }
    if let Some(show) = p.show() {
        b = b.show(show);
    }
    for (lang, text) in p.statuses() {
        b = b.status(lang, text);
    }
    if p.priority() != 0 {
        b = b.priority(p.priority());
    }
    b.build().ok()
}

/// The body of an `active` NOTIFY to `watcher`: the latest presence of
/// the contact (`latest_only`, one tuple per NOTIFY as RFC 8048 §6.2
/// sends them, PRES-NTF-12) or all of them (complete state, for the
/// NOTIFY that answers a SUBSCRIBE); `None` when nothing is known
/// (PRES-SUB-21).
pub(crate) fn state_body(
    known: Option<&[Presence]>,
    watcher: &Jid,
    latest_only: bool,
    cfg: &PresenceConfig,
) -> Option<NotifyBody> {
    let known = known?;
    let chosen = match (latest_only, known.split_last()) {
        (true, Some((last, _))) => std::slice::from_ref(last),
        _ => known,
    };
    document(chosen, watcher, cfg)
}

/// The body of the NOTIFY that ends a subscription: every known resource
/// of `contact` `closed` (PRES-SUB-23), or one tuple for the bare JID
/// when none is known.
pub(crate) fn closed_body(
    known: Option<&[Presence]>,
    contact: &Jid,
    watcher: &Jid,
    cfg: &PresenceConfig,
) -> Option<NotifyBody> {
    let mut closed: Vec<Presence> = known
        .unwrap_or_default()
        .iter()
        .filter_map(|p| readdress(p, watcher, true))
        .collect();
    if closed.is_empty() {
        closed.extend(
            PresenceBuilder::new()
                .namespace(cfg.map.namespace)
                .from(contact.as_str())
                .to(watcher.as_str())
                .presence_type(PresenceType::Unavailable)
                .build()
                .ok(),
        );
    }
    document(&closed, watcher, cfg)
}
