//! `MessageView` against the element tree: for every input, the view
//! accepts exactly what `Stanza::parse` reads as a message, refuses the
//! rest with the same error, and reads the same values.
//!
//! The inputs: every XML file of the repository's tests, examples and
//! benchmarks, the fuzz corpus and regression inputs of the stanza target,
//! every string literal holding markup in the test sources (the
//! conformance tests hold many hostile stanzas), and the hand-written
//! cases below; then generated messages, built, written and read back.

use std::borrow::Cow;
use std::path::{Path, PathBuf};

use proptest::prelude::*;
use sip_xmpp::ParseLimits;
use sip_xmpp::fuzzing::{assert_same_message, check_message_view, check_tokenisers};
use sip_xmpp::xmpp::minidom::Element;
use sip_xmpp::xmpp::{
    AddressAttribute, Child, DefinedCondition, Message, MessageBuilder, MessageType, MessageView,
    Stanza, StanzaConfig, StanzaError, StanzaFault, StanzaKind, StanzaNamespace, Thread, XmlError,
    XmppError,
};

/// The configurations every input is read with: defaults, tight limits,
/// a component stream with a language, a server stream with another.
fn configs() -> Vec<StanzaConfig> {
    vec![
        StanzaConfig::default(),
        StanzaConfig {
            limits: ParseLimits {
                max_stanza_bytes: 512,
                max_xml_depth: 4,
                max_xml_elements: 12,
                max_xml_attributes: 4,
                max_xml_token_bytes: 24,
                ..ParseLimits::DEFAULT
            },
            ..StanzaConfig::default()
        },
        StanzaConfig {
            default_namespace: StanzaNamespace::Component,
            default_lang: Some("en".into()),
            ..StanzaConfig::default()
        },
        StanzaConfig {
            default_namespace: StanzaNamespace::Server,
            default_lang: Some("DE".into()),
            ..StanzaConfig::default()
        },
    ]
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.filter_map(Result::ok) {
        let p = e.path();
        if p.is_dir() {
            walk(&p, out);
        } else {
            out.push(p);
        }
    }
}

/// The string and byte-string literals of a Rust source, decoded (roughly:
/// whatever comes out is an input like any other).
fn literals(src: &str) -> Vec<Vec<u8>> {
    let b = src.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'/' if b.get(i + 1) == Some(&b'/') => {
                while i < b.len() && b[i] != b'\n' {
                    i += 1;
                }
            }
            b'\'' => {
                // A char literal, or a lifetime.
                if b.get(i + 1) == Some(&b'\\') {
                    i += 2;
                    while i < b.len() && b[i] != b'\'' {
                        i += 1;
                    }
                    i += 1;
                } else if b.get(i + 2) == Some(&b'\'') {
                    i += 3;
                } else {
                    i += 1;
                }
            }
            b'r' if matches!(b.get(i + 1), Some(b'"' | b'#'))
                && (i == 0 || !b[i - 1].is_ascii_alphanumeric() || b[i - 1] == b'b') =>
            {
                let mut j = i + 1;
                let mut hashes = 0;
                while b.get(j) == Some(&b'#') {
                    hashes += 1;
                    j += 1;
                }
                if b.get(j) != Some(&b'"') {
                    i += 1;
                    continue;
                }
                let close: Vec<u8> = std::iter::once(b'"')
                    .chain(std::iter::repeat_n(b'#', hashes))
                    .collect();
                let start = j + 1;
                let end = src[start..]
                    .find(std::str::from_utf8(&close).unwrap())
                    .map_or(b.len(), |p| start + p);
                out.push(b[start..end].to_vec());
                i = end + close.len();
            }
            b'"' => {
                let mut lit = Vec::new();
                i += 1;
                while i < b.len() && b[i] != b'"' {
                    if b[i] == b'\\' {
                        i += 1;
                        match b.get(i) {
                            Some(b'n') => lit.push(b'\n'),
                            Some(b'r') => lit.push(b'\r'),
                            Some(b't') => lit.push(b'\t'),
                            Some(b'0') => lit.push(0),
                            Some(b'x') => {
                                let h = src.get(i + 1..i + 3).unwrap_or("00");
                                lit.push(u8::from_str_radix(h, 16).unwrap_or(0));
                                i += 2;
                            }
                            Some(b'u') => {
                                let close = src[i..].find('}').map_or(i, |p| i + p);
                                let hex = src.get(i + 2..close).unwrap_or("");
                                let c = u32::from_str_radix(hex, 16)
                                    .ok()
                                    .and_then(char::from_u32)
                                    .unwrap_or('?');
                                lit.extend(c.to_string().as_bytes());
                                i = close;
                            }
                            Some(b'\n') => {
                                while b.get(i + 1).is_some_and(|c| c.is_ascii_whitespace()) {
                                    i += 1;
                                }
                            }
                            Some(&c) => lit.push(c),
                            None => {}
                        }
                    } else {
                        lit.push(b[i]);
                    }
                    i += 1;
                }
                i += 1;
                out.push(lit);
            }
            _ => i += 1,
        }
    }
    out.retain(|l| l.contains(&b'<'));
    out
}

/// Hand-written inputs for what the view must get exactly as the tree
/// does.
const TRICKY: &[&str] = &[
    // RFC 7572 Example 1.
    "<message xmlns='jabber:client' from='juliet@example.com/yn0cl4bnw0yr3vym' to='romeo@example.net'><body>Art thou not Romeo, and a Montague?</body></message>",
    // Prefixes, redeclarations, other namespaces.
    "<cl:message xmlns:cl='jabber:client' to='a@b'><cl:body>hi</cl:body><body>not mine</body></cl:message>",
    "<cl:message xmlns:cl='jabber:client' xmlns='urn:x'><body>payload</body><cl:thread>t</cl:thread></cl:message>",
    "<message xmlns='jabber:server'><body xmlns='jabber:client'>other ns</body><body>b</body></message>",
    "<message><body xmlns='jabber:client'>same as default</body></message>",
    "<message xmlns='jabber:component:accept'><body>c</body></message>",
    "<message xmlns=''><body>no ns</body></message>",
    "<message xmlns='urn:not-a-stanza'/>",
    "<p:message xmlns:p='urn:x'/>",
    "<stream:message xmlns:stream='http://etherx.jabber.org/streams'/>",
    "<mess xmlns='jabber:client'/>",
    // Languages.
    "<message xml:lang='en'><body>a</body><body xml:lang='de'>b</body><body xml:lang=''>c</body></message>",
    "<message xml:lang=''><body>a</body><body xml:lang='en'>b</body></message>",
    "<message><body xml:lang='EN'>a</body><body xml:lang='en'>b</body></message>",
    "<message xml:lang='en'><body>a</body><body xml:lang='EN'>b</body></message>",
    "<message><body>a</body><body xml:lang=''>b</body></message>",
    "<message><body xml:lang='de'>a</body><body>b</body></message>",
    "<message><subject xml:lang='de'>s</subject><subject>t</subject><body>b</body></message>",
    "<message xmlns:xml='http://www.w3.org/XML/1998/namespace' xml:lang='fr'><body>x</body></message>",
    "<message xmlns:p='urn:p' p:lang='en'><body>x</body></message>",
    "<message lang='en'><body>x</body></message>",
    // Text: references, CDATA, line ends, adjacent runs.
    "<message><body>a &amp; b &lt;c&gt; &#x1F600; &#65;</body></message>",
    "<message><body><![CDATA[<raw> & ]]>tail</body></message>",
    "<message><body>x<![CDATA[]]>y</body></message>",
    "<message><body><![CDATA[]]></body></message>",
    "<message><body>line\r\nend\rcr</body></message>",
    "<message><body>\r\n</body><thread>\r</thread></message>",
    "<message><body></body><subject/></message>",
    "<message><thread parent='a&amp;b'>a&amp;b</thread></message>",
    "<message><thread parent='p'>a&#x9;b</thread></message>",
    "<message><thread parent='a b'>a\tb</thread></message>",
    "<message><thread parent='a b'>a b</thread></message>",
    "<message><thread>t1</thread><thread>t2</thread></message>",
    "<message><thread><x/></thread><thread>t2</thread></message>",
    "<message><thread>t</thread><thread><x/></thread></message>",
    "<message><thread/></message>",
    "<message><thread parent=''/></message>",
    "<message><thread parent='p'/></message>",
    "<message to='a@b' from='c@d' id='i&amp;d' type='chat'><body>t</body></message>",
    "<message to=' a@b '><body>t</body></message>",
    "<message to='' from=''/>",
    "<message from=''/>",
    "<message type='error'/>",
    "<message type='error'><error type='cancel'><item-not-found xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></message>",
    "<message type='error'><error by=''/></message>",
    "<message type='error'><error/><error by=''/></message>",
    "<message type='error'><error by=''/><error/></message>",
    "<message><error/></message>",
    "<message type='error'><error xmlns='urn:x'/></message>",
    "<message type='Error'><body>x</body></message>",
    "<message type='headline' xml:lang='en'><subject>s</subject><body>b</body></message>",
    // Element content where text is required, nested look-alikes.
    "<message><body>a<b/>c</body></message>",
    "<message><body>a</body><body>b<i/></body></message>",
    "<message><body>a<i/></body><body>a</body></message>",
    "<message><body>a</body><subject>s<i/></subject><body>a</body></message>",
    "<message><x xmlns='urn:x'><body>inner</body><thread>no</thread></x><body>outer</body></message>",
    "<message><x xmlns='urn:x'><body xmlns='jabber:client'>inner</body></x></message>",
    "<message><html xmlns='http://jabber.org/protocol/xhtml-im'><body xmlns='http://www.w3.org/1999/xhtml'><p>hi</p></body></html><body>hi</body></message>",
    "<message>text<body>b</body>more<x xmlns='urn:x'/>tail</message>",
    "<message><active xmlns='http://jabber.org/protocol/chatstates'/></message>",
    // Attributes.
    "<message to='a@b' to='c@d'/>",
    "<message xmlns:p='urn:p' xmlns:q='urn:p' p:a='1' q:a='2'/>",
    "<message a\u{FDF0}='1'/>",
    "<message\u{FDF0}/>",
    "<message><body a\u{FDF0}='1'>x</body></message>",
    "<message to='a@b\tc'/>",
    "<message to='&#xD;'/>",
    // Other kinds.
    "<presence/>",
    "<presence type='bogus'/>",
    "<presence><show>sleepy</show></presence>",
    "<iq type='get' id='1'><query xmlns='jabber:iq:roster'/></iq>",
    "<iq type='get'/>",
    "<iq/>",
    // Not well-formed, limits.
    "",
    "  ",
    "<message>",
    "<message><body>x</message>",
    "<message/><message/>",
    "<message/>x",
    "x<message/>",
    "<?xml version='1.0'?><message><body>decl</body></message>",
    " <?xml version='1.0'?><message/>",
    "<message><!-- c --></message>",
    "<message><body>&nbsp;</body></message>",
    "<message><body>]]></body></message>",
    "<message><a><b><c><d><e/></d></c></b></a></message>",
    "<message><a/><a/><a/><a/><a/><a/><a/><a/><a/><a/><a/><a/></message>",
    "<message a='1' b='2' c='3' d='4' e='5'/>",
    "<message><body>0123456789012345678901234</body></message>",
    "<message><body>01234567890123456789&amp;&amp;&amp;&amp;</body></message>",
    "<message><body>0123456789<![CDATA[0123456789]]>0123456789</body></message>",
];

fn corpus() -> Vec<(String, Vec<u8>)> {
    let mut inputs = Vec::new();
    let mut files = Vec::new();
    for dir in ["tests", "examples", "benches"] {
        walk(&root().join(dir), &mut files);
    }
    let mut stanza_dirs = Vec::new();
    walk(&root().join("fuzz/corpus/stanza"), &mut stanza_dirs);
    files.sort();
    for p in files {
        let name = p.display().to_string();
        match p.extension().and_then(|e| e.to_str()) {
            Some("xml") => inputs.push((name, std::fs::read(&p).unwrap())),
            Some("rs") => {
                let src = std::fs::read_to_string(&p).unwrap();
                for (k, lit) in literals(&src).into_iter().enumerate() {
                    inputs.push((format!("{name} literal {k}"), lit));
                }
            }
            _ if name.contains("/regressions/") => {
                inputs.push((name, std::fs::read(&p).unwrap()));
            }
            _ => {}
        }
    }
    for p in stanza_dirs {
        inputs.push((p.display().to_string(), std::fs::read(&p).unwrap()));
    }
    for (k, t) in TRICKY.iter().enumerate() {
        inputs.push((format!("tricky {k}"), t.as_bytes().to_vec()));
    }
    inputs
}

/// Every input of the corpus: view and tree agree under every
/// configuration, and a good share of the inputs are messages the view
/// accepts (so that the accessors are compared, not only errors).
#[test]
fn view_agrees_with_tree_over_the_corpus() {
    let inputs = corpus();
    let (mut messages, mut refused) = (0, 0);
    for (name, data) in &inputs {
        for cfg in configs() {
            let both = || {
                check_tokenisers(data, &cfg);
                check_message_view(data, &cfg);
            };
            if let Err(e) = std::panic::catch_unwind(both) {
                panic!(
                    "{name}: {:?}",
                    e.downcast_ref::<String>()
                        .map(String::as_str)
                        .or(e.downcast_ref::<&str>().copied())
                );
            }
            match MessageView::parse(data, &cfg) {
                Ok(_) => messages += 1,
                Err(_) => refused += 1,
            }
        }
    }
    assert!(inputs.len() > 500, "{} inputs", inputs.len());
    assert!(messages > 300 && refused > 300, "{messages} {refused}");
}

fn view(s: &str) -> Result<MessageView<'_>, XmppError> {
    MessageView::parse(s.as_bytes(), &StanzaConfig::default())
}

fn fault(s: &str) -> StanzaFault {
    match view(s) {
        Err(XmppError::Invalid { fault, head }) => {
            assert_eq!(head.kind, StanzaKind::Message);
            fault
        }
        other => panic!("{s}: {other:?}"),
    }
}

/// What the view reads, spelled out for the cases the tree gets right by
/// construction.
#[test]
fn values() {
    let v = view("<cl:message xmlns:cl='jabber:client' xmlns='urn:x' to='a@b' id='i&amp;d'><body>payload</body><cl:body xml:lang=''>mine</cl:body><cl:thread parent='p'>t<![CDATA[&]]>1</cl:thread></cl:message>").unwrap();
    assert_eq!(v.to(), Some("a@b"));
    assert_eq!(v.id(), Some("i&d"));
    assert_eq!(v.bodies().collect::<Vec<_>>(), [(None, "mine")]);
    assert_eq!(
        v.bodies_with_own_lang().collect::<Vec<_>>(),
        [(Some(""), "mine")]
    );
    assert_eq!(
        v.thread(),
        Some(Thread {
            id: "t&1",
            parent: Some("p")
        })
    );
    assert_eq!(v.payload_count(), 1);

    let cfg = StanzaConfig {
        default_lang: Some("en".into()),
        ..StanzaConfig::default()
    };
    let v = MessageView::parse(
        b"<message><body xml:lang='de'>hallo</body><body>hi</body><x xmlns='urn:x'><body>no</body></x></message>",
        &cfg,
    )
    .unwrap();
    assert_eq!(v.lang(), Some("en"));
    assert_eq!(v.lang_attr(), None);
    assert_eq!(
        v.bodies().collect::<Vec<_>>(),
        [(Some("de"), "hallo"), (Some("en"), "hi")]
    );
    assert_eq!(
        v.bodies_with_own_lang().collect::<Vec<_>>(),
        [(Some("de"), "hallo"), (None, "hi")]
    );
    assert_eq!(v.body(), Some("hi"));
    assert!(v.has_payloads());

    let v =
        view("<message xml:lang='' type='headline'><subject>s\r\nt</subject></message>").unwrap();
    assert_eq!((v.lang(), v.lang_attr()), (None, Some("")));
    assert_eq!(v.subject(), Some("s\nt"));
    assert_eq!(v.message_type(), MessageType::Headline);
    assert_eq!(v.body(), None);
}

/// The rules, refused with the tree's faults.
#[test]
fn rule_breaches() {
    use StanzaFault::*;
    assert_eq!(
        fault("<message><body>a</body><body xml:lang=''>b</body></message>"),
        DuplicateLanguage {
            child: Child::Body,
            lang: None
        }
    );
    assert_eq!(
        fault("<message><thread>t</thread><thread><x/></thread></message>"),
        Duplicate {
            child: Child::Thread
        }
    );
    assert_eq!(
        fault("<message><thread><x/></thread><thread>t</thread></message>"),
        NotText {
            child: Child::Thread
        }
    );
    assert_eq!(
        fault("<message type='error'><error by=''/><error/></message>"),
        EmptyAddress {
            attribute: AddressAttribute::By
        }
    );
    assert_eq!(
        fault("<message type='error'><error/><error by=''/></message>"),
        Duplicate {
            child: Child::Error
        }
    );
    assert_eq!(
        fault("<message from=''><body>a</body><body>b</body></message>"),
        EmptyAddress {
            attribute: AddressAttribute::From
        }
    );
}

/// Other kinds: the error the tree gives when invalid, `WrongKind` when
/// valid.
#[test]
fn other_kinds() {
    assert_eq!(
        view("<presence/>").unwrap_err(),
        XmppError::WrongKind {
            expected: StanzaKind::Message,
            found: StanzaKind::Presence
        }
    );
    assert_eq!(
        view("<iq type='result' id='1'/>").unwrap_err(),
        XmppError::WrongKind {
            expected: StanzaKind::Message,
            found: StanzaKind::Iq
        }
    );
    let bad = "<presence type='bogus'/>";
    assert_eq!(
        view(bad).unwrap_err(),
        Stanza::parse(bad.as_bytes(), &StanzaConfig::default()).unwrap_err()
    );
    assert!(matches!(
        view("<message xmlns='urn:x'/>"),
        Err(XmppError::NotAStanza { .. })
    ));
    assert_eq!(
        view("<message><body>x</message>").unwrap_err(),
        XmppError::Xml(XmlError::MismatchedEndTag { offset: 16 })
    );
}

/// The text of a usual message is borrowed from the input; decoded text
/// is owned.
#[test]
fn borrows_where_it_can() {
    let input = "<message><body>plain</body><thread parent='p'>t</thread></message>";
    let v = view(input).unwrap();
    let within = |s: &str| input.as_bytes().as_ptr_range().contains(&s.as_ptr());
    assert!(within(v.body().unwrap()));
    assert!(within(v.thread().unwrap().id));
    assert!(within(v.thread().unwrap().parent.unwrap()));
    let v = view("<message><body>a &amp; b</body></message>").unwrap();
    assert_eq!(v.body(), Some("a & b"));
    let _: Cow<'_, str> = Cow::Borrowed(v.body().unwrap());
}

// Generated messages.

const LANGS: &[&str] = &["en", "de", "EN", "fr-CA"];
const TEXT: &str = "[a-z &<>'\"\r\n\t\\]]\\[é€😀]{0,12}";

#[derive(Debug, Clone)]
struct Gen {
    ns: StanzaNamespace,
    to: Option<String>,
    from: Option<String>,
    id: Option<String>,
    message_type: MessageType,
    lang: Option<&'static str>,
    bodies: Vec<(Option<&'static str>, String)>,
    subjects: Vec<(Option<&'static str>, String)>,
    thread: Option<(String, Option<String>)>,
    payloads: Vec<(bool, String)>,
}

fn lang_texts() -> impl Strategy<Value = Vec<(Option<&'static str>, String)>> {
    prop::collection::vec(
        (
            prop::option::of(prop_oneof![prop::sample::select(LANGS), Just("")]),
            TEXT,
        ),
        0..4,
    )
}

fn gen_message() -> impl Strategy<Value = Gen> {
    (
        prop::sample::select(vec![
            StanzaNamespace::Client,
            StanzaNamespace::Server,
            StanzaNamespace::Component,
        ]),
        (
            prop::option::of("[a-z]{1,5}@[a-z]{1,5}(/[ a-z&<]{1,4})?"),
            prop::option::of("[a-z]{1,5}@[a-z]{1,5}"),
            prop::option::of(TEXT),
        ),
        prop::sample::select(vec![
            MessageType::Normal,
            MessageType::Chat,
            MessageType::Groupchat,
            MessageType::Headline,
        ]),
        prop::option::of(prop::sample::select(LANGS)),
        lang_texts(),
        lang_texts(),
        prop::option::of(("[a-z0-9&< \r\n]{1,10}", prop::option::of("[a-z0-9&<]{1,6}"))),
        prop::collection::vec((any::<bool>(), TEXT), 0..3),
    )
        .prop_map(
            |(ns, (to, from, id), message_type, lang, bodies, subjects, thread, payloads)| Gen {
                ns,
                to,
                from,
                id,
                message_type,
                lang,
                bodies,
                subjects,
                thread,
                payloads,
            },
        )
}

fn build(g: &Gen) -> Result<Message, sip_xmpp::xmpp::BuildError> {
    let mut b = MessageBuilder::new()
        .namespace(g.ns)
        .message_type(g.message_type);
    if let Some(v) = &g.to {
        b = b.to(v);
    }
    if let Some(v) = &g.from {
        b = b.from(v);
    }
    if let Some(v) = &g.id {
        b = b.id(v);
    }
    if let Some(l) = g.lang {
        b = b.lang(l);
    }
    for (l, t) in &g.subjects {
        b = b.subject(*l, t);
    }
    for (l, t) in &g.bodies {
        b = b.body(*l, t);
    }
    if let Some((t, p)) = &g.thread {
        b = b.thread(t, p.as_deref());
    }
    for (in_stanza_ns, t) in &g.payloads {
        // A payload that looks like a body: in another namespace, or a
        // wrapper with a body of the stanza's namespace inside.
        let mut body = Element::bare("body", g.ns.as_str());
        body.append_text_node(t.as_str());
        let el = if *in_stanza_ns {
            let mut x = Element::bare("x", "urn:x");
            x.append_child(body);
            x
        } else {
            let mut x = Element::bare("body", "urn:other");
            x.append_text_node(t.as_str());
            x
        };
        b = b.payload(el);
    }
    b.build()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    /// Built, written, read back by the view: the values built, and the
    /// same view as the message's own.
    #[test]
    fn built_messages_read_back(g in gen_message()) {
        let Ok(m) = build(&g) else {
            // Duplicate languages, a thread its own parent: the builder
            // refuses, and so would the view the bytes.
            return Ok(());
        };
        let bytes = m.to_bytes();
        let cfg = StanzaConfig::default();
        let v = MessageView::parse(&bytes, &cfg).unwrap_or_else(|e| panic!("{e}"));
        assert_same_message(&m, &v);
        prop_assert_eq!(v.namespace(), g.ns);
        prop_assert_eq!(v.to(), g.to.as_deref());
        prop_assert_eq!(v.from(), g.from.as_deref());
        prop_assert_eq!(v.id(), g.id.as_deref());
        prop_assert_eq!(v.message_type(), g.message_type);
        prop_assert_eq!(v.lang_attr(), g.lang);
        let own: Vec<_> = g.bodies.iter().map(|(l, t)| (*l, t.clone())).collect();
        let read: Vec<_> = v.bodies_with_own_lang().map(|(l, t)| (l, t.to_owned())).collect();
        prop_assert_eq!(read, own);
        let own: Vec<_> = g.subjects.iter().map(|(l, t)| (*l, t.clone())).collect();
        let read: Vec<_> = v.subjects_with_own_lang().map(|(l, t)| (l, t.to_owned())).collect();
        prop_assert_eq!(read, own);
        prop_assert_eq!(
            v.thread().map(|t| (t.id.to_owned(), t.parent.map(str::to_owned))),
            g.thread.clone()
        );
        prop_assert_eq!(v.payload_count(), g.payloads.len());
        // Read with a stream language and in another stream: still equal.
        for cfg in configs() {
            check_message_view(&bytes, &cfg);
        }
        let mut in_stream = Vec::new();
        m.write_in_stream(g.ns, &mut in_stream);
        let cfg = StanzaConfig { default_namespace: g.ns, ..StanzaConfig::default() };
        prop_assert_eq!(MessageView::parse(&in_stream, &cfg).unwrap(), m.view());
    }

    /// Error messages: checked as the tree checks them.
    #[test]
    fn error_messages(by in prop::option::of("[a-z]{0,3}"), twice in any::<bool>(), typed in any::<bool>()) {
        let mut e = StanzaError::new(DefinedCondition::ItemNotFound);
        if let Some(b) = by { e = e.with_by(b); }
        let mut bytes = b"<message".to_vec();
        if typed { bytes.extend(b" type='error'"); }
        bytes.push(b'>');
        let err = format!(
            "<error type='cancel'{}><item-not-found xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error>",
            e.by.as_deref().map(|b| format!(" by='{b}'")).unwrap_or_default()
        );
        bytes.extend(err.as_bytes());
        if twice { bytes.extend(err.as_bytes()); }
        bytes.extend(b"</message>");
        for cfg in configs() {
            check_message_view(&bytes, &cfg);
        }
    }
}
