//! Heap held per live presence subscription, measured with an allocator
//! that tracks live bytes (allocations add their size, deallocations take
//! it away). A subscription pair is one X2S watch in state active and one
//! S2X notifier dialog in state active, each made through the real
//! message flows, once their traffic is over and the outputs drained. The
//! budget is 2 KiB per pair at rest: a gateway holding a million pairs
//! needs about 2 GB for them.
//!
//! Counted per thread; the test drives the gateway on its own thread.

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::time::Instant;

use sip_xmpp::im::Output;
use sip_xmpp::presence::{NotifierState, PresenceConfig, PresenceGateway, WatchState};
use sip_xmpp::sip::{Framing, SipMessage, StatusCode};
use sip_xmpp::xmpp::{Stanza, StanzaConfig};

struct Tracking;

thread_local! {
    static LIVE: Cell<isize> = const { Cell::new(0) };
}

fn add(n: usize, sign: isize) {
    // `try_with`: the allocator may be called while the thread-local is
    // being torn down; those bytes are not the test's.
    let n = isize::try_from(n).unwrap_or(isize::MAX);
    let _ = LIVE.try_with(|c| c.set(c.get() + sign * n));
}

// SAFETY: every call is forwarded to the system allocator unchanged; the
// counter is a thread-local `Cell` with a const initialiser, which never
// allocates.
#[allow(unsafe_code)]
unsafe impl GlobalAlloc for Tracking {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        add(layout.size(), 1);
        // SAFETY: same contract as the caller's.
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        add(layout.size(), -1);
        // SAFETY: same contract as the caller's.
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        add(layout.size(), -1);
        add(new_size, 1);
        // SAFETY: same contract as the caller's.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static GLOBAL: Tracking = Tracking;

/// Live heap bytes allocated on this thread and not yet freed.
fn live() -> isize {
    LIVE.with(Cell::get)
}

/// PIDF-R-OPEN-AWAY of `presence.md` §5.
const PIDF_R_OPEN_AWAY: &str = "<?xml version='1.0' encoding='UTF-8'?>\r\n\
<presence xmlns='urn:ietf:params:xml:ns:pidf'\r\n          entity='pres:romeo@example.net'>\r\n  \
<tuple id='ID-dr4hcr0st3lup4c'>\r\n    <status>\r\n      <basic>open</basic>\r\n      \
<show xmlns='jabber:client'>away</show>\r\n    </status>\r\n  </tuple>\r\n</presence>";

fn sip(text: &str, body: &str) -> SipMessage {
    let head = text.trim_end().replace('\n', "\r\n");
    let wire = format!("{head}\r\nContent-Length: {}\r\n\r\n{body}", body.len());
    SipMessage::parse(wire.as_bytes(), Framing::Stream).expect("SIP")
}

fn stanza(xml: &str) -> Stanza {
    Stanza::parse(xml.as_bytes(), &StanzaConfig::default()).expect("stanza")
}

/// Everything the gateway sends, written and read again as a peer would.
fn drain(gw: &mut PresenceGateway) -> Vec<SipMessage> {
    let mut sip = Vec::new();
    while let Some(o) = gw.poll_output() {
        if let Output::Sip(m) = o {
            sip.push(SipMessage::parse(&m.to_bytes(), Framing::Stream).expect("SIP out"));
        }
    }
    sip
}

fn answer(
    gw: &mut PresenceGateway,
    now: Instant,
    req: &SipMessage,
    tag: &str,
    extra: &[(&str, &str)],
) {
    let mut r = req.make_response(StatusCode::OK, tag).expect("200");
    for (n, v) in extra {
        r.push_header(n, v).expect("header");
    }
    let r = SipMessage::parse(&r.to_bytes(), Framing::Stream).expect("200");
    gw.handle_sip(now, r).expect("200 in");
}

/// X2S: `user` subscribes to `contact`; SUBSCRIBE, 200, NOTIFY active
/// with a PIDF body, its 200 (TV-PRES-1 to TV-PRES-8).
fn watch(gw: &mut PresenceGateway, now: Instant, user: &str, contact: &str) {
    gw.handle_xmpp(
        now,
        stanza(&format!(
            "<presence xmlns='jabber:client' from='{user}' to='{contact}' type='subscribe'/>"
        )),
    )
    .expect("subscribe");
    let sub = drain(gw).remove(0);
    let tag = sub.from_header().unwrap().tag().unwrap().to_owned();
    let call_id = sub.call_id().unwrap().to_owned();
    answer(
        gw,
        now,
        &sub,
        "ffd2",
        &[
            ("Contact", &format!("<sip:{contact};gr=dr4hcr0st3lup4c>")),
            ("Expires", "3600"),
        ],
    );
    drain(gw);
    let notify = format!(
        "NOTIFY sip:{user};gr=yn0cl4bnw0yr3vym SIP/2.0
Via: SIP/2.0/TCP simple.example.net;branch=z9hG4bKactv0002
Max-Forwards: 70
From: <sip:{contact}>;tag=ffd2
To: <sip:{user}>;tag={tag}
Call-ID: {call_id}
CSeq: 1 NOTIFY
Event: presence
Subscription-State: active;expires=499
Contact: <sip:{contact};gr=dr4hcr0st3lup4c>
Content-Type: application/pidf+xml"
    );
    gw.handle_sip(now, sip(&notify, PIDF_R_OPEN_AWAY))
        .expect("NOTIFY");
    drain(gw);
    assert_eq!(gw.watch_state(user, contact), Some(WatchState::Active));
}

/// S2X: the SIP `watcher` subscribes to the XMPP `contact`; 200 and the
/// pending NOTIFY (answered), the contact's `subscribed`, the active
/// NOTIFY (answered) (TV-PRES-21 to TV-PRES-26).
fn notifier(gw: &mut PresenceGateway, now: Instant, watcher: &str, contact: &str, i: usize) {
    let subscribe = format!(
        "SUBSCRIBE sip:{contact} SIP/2.0
Via: SIP/2.0/TCP simple.example.net;branch=z9hG4bKsub{i:05}
Max-Forwards: 70
From: <sip:{watcher}>;tag=xfg9
To: <sip:{contact}>
Call-ID: AA5A8BE5-CBB7-42B9-8181-{i:012}
CSeq: 1 SUBSCRIBE
Event: presence
Contact: <sip:{watcher};gr=dr4hcr0st3lup4c>
Accept: application/pidf+xml"
    );
    gw.handle_sip(now, sip(&subscribe, "")).expect("SUBSCRIBE");
    let out = drain(gw);
    answer(gw, now, &out[1], "xfg9", &[]);
    drain(gw);
    gw.handle_xmpp(
        now,
        stanza(&format!(
            "<presence xmlns='jabber:client' from='{contact}' to='{watcher}' type='subscribed'/>"
        )),
    )
    .expect("subscribed");
    let out = drain(gw);
    answer(gw, now, &out[0], "xfg9", &[]);
    drain(gw);
    assert_eq!(
        gw.notifier_states(watcher, contact),
        [NotifierState::Active]
    );
}

const N: usize = 200;

#[test]
fn bytes_per_subscription_pair() {
    let now = Instant::now();
    let mut cfg = PresenceConfig::new("x2s.example.com", "TCP", "x2s.example.com");
    cfg.contact_host = "s2x.example.net".into();
    let mut gw = PresenceGateway::new(cfg, [3; 32]);
    // One pair first, so that whatever is made once (buffers that keep
    // their capacity) is not counted against the others.
    watch(&mut gw, now, "juliet@example.com", "romeo@example.net");
    notifier(&mut gw, now, "romeo@example.net", "juliet@example.com", 0);

    let before = live();
    for i in 1..=N {
        watch(
            &mut gw,
            now,
            &format!("juliet{i}@example.com"),
            &format!("romeo{i}@example.net"),
        );
    }
    let watches = live();
    for i in 1..=N {
        notifier(
            &mut gw,
            now,
            &format!("romeo{i}@example.net"),
            &format!("juliet{i}@example.com"),
            i,
        );
    }
    let after = live();
    assert_eq!(gw.subscription_count(), 2 * (N + 1));

    let n = isize::try_from(N).expect("N");
    let per_watch = (watches - before) / n;
    let per_notifier = (after - watches) / n;
    let per_pair = (after - before) / n;
    println!(
        "heap per subscription pair at rest: {per_pair} bytes \
         (watch {per_watch}, notifier dialog {per_notifier}), over {N} pairs"
    );
    assert!(per_pair < 2048, "{per_pair} bytes per pair");
    drop(gw);
}
