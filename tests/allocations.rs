//! Allocation counts per operation, pinned. They are deterministic for a
//! given input, so a change that adds an allocation to a hot path fails
//! here. Counted per thread, so tests running in parallel do not disturb
//! each other.

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;

use sip_xmpp::sip::{Framing, SipMessage};

struct Counting;

thread_local! {
    static ALLOCATIONS: Cell<usize> = const { Cell::new(0) };
}

// SAFETY: every call is forwarded to the system allocator unchanged; the
// counter is a thread-local `Cell` with a const initialiser, which never
// allocates.
#[allow(unsafe_code)]
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        ALLOCATIONS.with(|c| c.set(c.get() + 1));
        // SAFETY: same contract as the caller's.
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: same contract as the caller's.
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        ALLOCATIONS.with(|c| c.set(c.get() + 1));
        // SAFETY: same contract as the caller's.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

/// Allocations (including reallocations) made by `f` on this thread.
fn count<T>(f: impl FnOnce() -> T) -> (usize, T) {
    let before = ALLOCATIONS.with(Cell::get);
    let out = f();
    (ALLOCATIONS.with(Cell::get) - before, out)
}

const INVITE: &[u8] = include_bytes!("../benches/messages/invite.sip");
const MESSAGE: &[u8] = include_bytes!("../benches/messages/message.sip");
const NOTIFY: &[u8] = include_bytes!("../benches/messages/notify.sip");

/// Parsing makes four allocations whatever the message: the head text,
/// the header index (reused from the scan), the Request-URI (or the
/// reason phrase of a response) and the body.
#[test]
fn parse() {
    for (name, bytes) in [("invite", INVITE), ("message", MESSAGE), ("notify", NOTIFY)] {
        let (n, m) = count(|| SipMessage::parse(bytes, Framing::Datagram).unwrap());
        assert_eq!(n, 4, "{name}");
        drop(m);
    }
    let ok = include_bytes!("../benches/messages/ok200.sip");
    let (n, _) = count(|| SipMessage::parse(ok, Framing::Datagram).unwrap());
    assert_eq!(n, 4);
}

/// Typed reads borrow from the message: a URI costs one allocation, a
/// parameter list of two or more one more (one parameter is held in
/// place); Call-ID, CSeq and Content-Type without parameters cost none.
#[test]
fn typed_reads() {
    let m = SipMessage::parse(MESSAGE, Framing::Datagram).unwrap();
    // From: sip:user1@domain.com;tag=49583 -> URI only.
    assert_eq!(count(|| m.from_header().unwrap()).0, 1);
    // To: sip:user2@domain.com -> URI only.
    assert_eq!(count(|| m.to_header().unwrap()).0, 1);
    assert_eq!(count(|| m.call_id().unwrap()).0, 0);
    assert_eq!(count(|| m.cseq().unwrap()).0, 0);
    assert_eq!(count(|| m.content_type().unwrap()).0, 0);
    // Via: SIP/2.0/TCP ...;branch=... -> nothing.
    assert_eq!(count(|| m.vias().count()).0, 0);
}

/// Writing makes one allocation: the output buffer, sized up front.
#[test]
fn write() {
    let m = SipMessage::parse(INVITE, Framing::Datagram).unwrap();
    let (n, out) = count(|| m.to_bytes());
    assert_eq!(n, 1);
    assert_eq!(out, INVITE);
}

const IM_SIP: &[u8] = include_bytes!("../benches/im/example4.sip");
const IM_XML: &[u8] = include_bytes!("../benches/im/example1.xml");

/// RFC 7572 translations, bytes in to bytes out, as `benches/im_translate.rs`
/// runs them: SIP MESSAGE (Example 4) → message stanza bytes, and message
/// stanza (Example 1) → MESSAGE bytes.
///
/// SIP → XMPP maps to fields borrowed from the request (no element tree)
/// and writes them: the mapping allocates nothing (From and To are read
/// without a copy of their URIs, and the JIDs `romeo@example.net` and
/// `juliet@example.com` are slices of the request), and writing is the
/// output buffer. XMPP → SIP reads the
/// stanza as a `MessageView` (nothing allocated: every value borrowed from
/// the input); the mapping allocates nothing (the JIDs are read in place,
/// their URIs are written from the parts, and so is the request); writing
/// is the output buffer. Building the `SipMessage` instead makes the two
/// URIs, the Request-URI's copy, the head, the header index and the
/// body. The tree paths
/// (`message_to_xmpp`, `Stanza::parse` + `message_to_sip`: a `minidom`
/// element with names, namespaces, attributes and text nodes) are pinned
/// beside them.
#[test]
fn im_translation() {
    use sip_xmpp::im::ImConfig;
    use sip_xmpp::im::map::{
        S2xHints, SipIds, map_message_to_sip, map_message_to_xmpp, message_to_sip, message_to_xmpp,
        message_view_to_sip,
    };
    use sip_xmpp::xmpp::{Message, MessageView, Stanza, StanzaConfig};

    let s2x = ImConfig::new("s2x.example.net", "TCP");
    let (parse, req) = count(|| SipMessage::parse(IM_SIP, Framing::Stream).unwrap());
    let (map, m) = count(|| {
        map_message_to_xmpp(&req, &s2x, &S2xHints::default())
            .unwrap()
            .unwrap()
    });
    let (write, _) = count(|| m.to_bytes());
    assert_eq!((parse, map, write), (4, 0, 1), "SIP to XMPP");
    let (tree, m) = count(|| {
        message_to_xmpp(&req, &s2x, &S2xHints::default())
            .unwrap()
            .unwrap()
    });
    let (write, _) = count(|| m.to_bytes());
    assert_eq!((tree, write), (20, 1), "SIP to XMPP as a tree");

    let x2s = ImConfig::new("x2s.example.com", "TCP");
    let scfg = StanzaConfig::default();
    let (parse, s) = count(|| Stanza::parse(IM_XML, &scfg).unwrap());
    let (conv, m) = count(|| Message::try_from(s).unwrap());
    let ids = SipIds {
        call_id: "D9AA95FD-2BD5-46E2-AF0F-6CFAA96BDDFA",
        from_tag: "12345",
        branch: "z9hG4bK776sgdkse",
        cseq: 1,
    };
    let (map, r) = count(|| message_to_sip(&m, &ids, &x2s).unwrap().unwrap());
    let (write, _) = count(|| r.to_bytes());
    assert_eq!(
        (parse, conv, map, write),
        (14, 0, 6, 1),
        "XMPP to SIP as a tree"
    );

    let (parse, v) = count(|| MessageView::parse(IM_XML, &scfg).unwrap());
    let (map, r) = count(|| map_message_to_sip(&v, &ids, &x2s).unwrap().unwrap());
    let (write, _) = count(|| r.to_bytes());
    assert_eq!((parse, map, write), (0, 0, 1), "XMPP to SIP");
    let (built, r) = count(|| message_view_to_sip(&v, &ids, &x2s).unwrap().unwrap());
    let (write, _) = count(|| r.to_bytes());
    assert_eq!((built, write), (6, 1), "XMPP to SIP, as a SipMessage");
}

/// Reading RFC 7572 Example 1 as a `MessageView` builds no tree and
/// borrows every value from the input: no allocation. Nor with a thread,
/// or a stream language when the stanza has its own; a text that needs
/// decoding is one, as is the stream language a stanza without its own
/// inherits.
#[test]
fn message_view() {
    use sip_xmpp::xmpp::{MessageView, StanzaConfig};

    let cfg = StanzaConfig::default();
    let (n, v) = count(|| MessageView::parse(IM_XML, &cfg).unwrap());
    assert_eq!(n, 0);
    assert_eq!(v.body(), Some("Art thou not Romeo, and a Montague?"));
    let with_lang = StanzaConfig {
        default_lang: Some("en".into()),
        ..StanzaConfig::default()
    };
    let threaded: &[u8] = b"<message xmlns='jabber:client' xml:lang='de' to='romeo@example.net' \
        type='chat'><body>hallo</body><thread parent='p1'>t1</thread></message>";
    assert_eq!(
        count(|| MessageView::parse(threaded, &with_lang).unwrap()).0,
        0
    );
    let decoded: &[u8] = b"<message><body>a &amp; b</body></message>";
    assert_eq!(count(|| MessageView::parse(decoded, &cfg).unwrap()).0, 1);
    assert_eq!(
        count(|| MessageView::parse(IM_XML, &with_lang).unwrap()).0,
        1
    );
}

const PRES_NOTIFY: &[u8] = include_bytes!("../benches/presence/tv-pres-33.sip");
const PRES_XML: &[u8] = include_bytes!("../benches/presence/tv-pres-32.xml");

/// RFC 8048 translations, bytes in to bytes out, as
/// `benches/presence_translate.rs` runs them.
///
/// NOTIFY (TV-PRES-33's head, PIDF-R-OPEN-AWAY) → stanza: parsing the
/// NOTIFY is the usual SIP parse (head, header index, Request-URI, body;
/// the URI's one `gr` parameter needs no allocation of its own); the
/// mapping is mostly reading the PIDF
/// body (the element tree of `minidom`: a name, a namespace, attributes
/// and children per element, a text node per run of character data, the
/// start tag offsets; then the typed model), the two SIP URIs of From and
/// To mapped to JIDs, and the stanza's element tree; writing is the output
/// buffer.
///
/// TV-PRES-32 → PIDF body: reading the stanza is its element tree; the
/// mapping parses the two JIDs and maps three addresses (the watcher, the
/// `pres:` entity, the contact with its `gr`), and builds the tuple (id,
/// `<show/>` element, contact, priority, note); the body is the output
/// buffer and the Content-Language.
#[test]
fn presence_translation() {
    use sip_xmpp::presence::PresenceMapConfig;
    use sip_xmpp::presence::map::{
        NotifyContent, notify_body, notify_to_presence, presence_to_pidf,
    };
    use sip_xmpp::xmpp::{Presence, Stanza, StanzaConfig};

    let cfg = PresenceMapConfig::default();
    let (parse, req) = count(|| SipMessage::parse(PRES_NOTIFY, Framing::Stream).unwrap());
    let (map, content) = count(|| notify_to_presence(&req, &cfg).unwrap());
    let NotifyContent::Presence(stanzas) = content else {
        panic!("a PIDF body")
    };
    let (write, _) = count(|| stanzas[0].to_bytes());
    assert_eq!((parse, map, write), (4, 69, 1), "SIP to XMPP");

    let scfg = StanzaConfig::default();
    let (parse, s) = count(|| Stanza::parse(PRES_XML, &scfg).unwrap());
    let (conv, p) = count(|| Presence::try_from(s).unwrap());
    let (map, n) = count(|| presence_to_pidf(&p, &cfg).unwrap());
    let (body, _) = count(|| notify_body(&n.pidf, n.content_language.as_deref()));
    assert_eq!((parse, conv, map, body), (32, 0, 19, 2), "XMPP to SIP");
}
