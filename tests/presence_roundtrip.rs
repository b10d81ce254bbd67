//! Property test of the RFC 8048 notification mappings (presence.md §6):
//! an XMPP presence mapped to PIDF (Table P1), written, read again and
//! mapped back (Table P2) keeps its availability, `<show/>` (on available
//! presence), statuses per language, priority (0 to 127; none for a
//! negative one) and resource.

use proptest::prelude::*;
use sip_xmpp::jid::Jid;
use sip_xmpp::pidf::Pidf;
use sip_xmpp::presence::PresenceMapConfig;
use sip_xmpp::presence::map::{NotifyContext, pidf_to_presence, presence_to_pidf};
use sip_xmpp::xmpp::{Presence, PresenceBuilder, PresenceType, Show};

/// Characters for resourceparts: the ones an `xs:ID` cannot hold (space,
/// `@`, `/`, `:`), the pieces of an `_xHHHH_` sequence, non-ASCII.
const RESOURCE_CHARS: &[char] = &[
    'a',
    'Z',
    '0',
    '9',
    ' ',
    '@',
    '/',
    ':',
    '_',
    'x',
    'F',
    '-',
    '.',
    '\u{e9}',
    '\u{265a}',
    '\u{4e2d}',
    '&',
    '\'',
    '<',
    '\u{1F600}',
];

/// Characters for status texts: what XML must escape, line ends,
/// whitespace, non-ASCII.
const TEXT_CHARS: &[char] = &[
    'a',
    ' ',
    '\n',
    '\r',
    '\t',
    '&',
    '<',
    '>',
    '\'',
    '"',
    ']',
    '\u{e9}',
    '\u{1F600}',
];

const LANGS: &[Option<&str>] = &[None, Some("en"), Some("fr"), Some("de-CH"), Some("EN")];

const SHOWS: &[Show] = &[Show::Away, Show::Chat, Show::Dnd, Show::Xa];

fn text(chars: &'static [char], range: std::ops::Range<usize>) -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(chars), range).prop_map(|v| v.into_iter().collect())
}

/// Whether two language tags are the same (case-insensitive).
fn same_lang(a: Option<&str>, b: Option<&str>) -> bool {
    match (a, b) {
        (None, None) => true,
        (Some(a), Some(b)) => a.eq_ignore_ascii_case(b),
        _ => false,
    }
}

/// A notification from `juliet@example.com/<resource>` to romeo, valid
/// for the stanza rules (one status per language in force).
fn presence_strategy() -> impl Strategy<Value = Presence> {
    (
        text(RESOURCE_CHARS, 1..12),
        any::<bool>(),
        prop::option::of(prop::sample::select(SHOWS)),
        prop::sample::select(&[None, Some("en"), Some("fr")][..]),
        prop::collection::vec((prop::sample::select(LANGS), text(TEXT_CHARS, 0..10)), 0..4),
        prop::option::of(any::<i8>()),
    )
        .prop_filter_map(
            "not a valid presence",
            |(resource, available, show, lang, statuses, priority)| {
                let from = format!("juliet@example.com/{resource}");
                // Resources that enforcement would change are not the
                // point here.
                if Jid::parse(&from).ok()?.as_str() != from {
                    return None;
                }
                let mut b = PresenceBuilder::new().from(from).to("romeo@example.net");
                if !available {
                    b = b.presence_type(PresenceType::Unavailable);
                }
                if let Some(l) = lang {
                    b = b.lang(l);
                }
                if let Some(s) = show {
                    b = b.show(s);
                }
                let mut seen: Vec<Option<&str>> = Vec::new();
                for (l, t) in &statuses {
                    let effective = l.or(lang);
                    if seen.iter().any(|s| same_lang(*s, effective)) {
                        continue;
                    }
                    seen.push(effective);
                    b = b.status(*l, t.clone());
                }
                if let Some(p) = priority {
                    b = b.priority(p);
                }
                b.build().ok()
            },
        )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn presence_pidf_presence(p in presence_strategy()) {
        let cfg = PresenceMapConfig::default();
        let n = presence_to_pidf(&p, &cfg).unwrap();
        let body = n.body();
        let pidf = Pidf::parse(&body.bytes, &cfg.limits).unwrap();
        prop_assert_eq!(&pidf, &n.pidf);

        let mut ctx = NotifyContext::new(
            "sip:juliet@example.com".parse().unwrap(),
            "sip:romeo@example.net".parse().unwrap(),
        );
        ctx.content_language = body.content_language.clone();
        let back = pidf_to_presence(&pidf, &ctx, &cfg).unwrap();
        prop_assert_eq!(back.len(), 1);
        let q = &back[0];

        prop_assert_eq!(q.from(), p.from());
        prop_assert_eq!(q.to(), Some("romeo@example.net"));
        prop_assert_eq!(q.presence_type(), p.presence_type());
        let show = p.show().filter(|_| p.presence_type() == PresenceType::Available);
        prop_assert_eq!(q.show(), show);
        let statuses = |x: &Presence| -> Vec<(Option<String>, String)> {
            x.statuses()
                .map(|(l, t)| (l.map(str::to_ascii_lowercase), t.to_owned()))
                .collect()
        };
        prop_assert_eq!(statuses(q), statuses(&p));
        let had = p.as_element().get_child("priority", "jabber:client").is_some();
        let has = q.as_element().get_child("priority", "jabber:client").is_some();
        prop_assert_eq!(has, had && p.priority() >= 0);
        prop_assert_eq!(q.priority(), p.priority().max(0));
    }
}
