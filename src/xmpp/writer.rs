//! Writing an element as bytes, iteratively.
//!
//! The form is canonical: single-quoted attributes in the order the
//! element stores them, a default namespace declaration (`xmlns='…'`)
//! wherever an element's namespace differs from its parent's, attribute
//! namespaces bound to generated prefixes `ns0`, `ns1`, … declared on the
//! element that uses them, empty elements as `<name/>`. Text escapes `&`,
//! `<`, `>` and CR; attribute values escape `&`, `<`, `'`, TAB, LF and CR,
//! so that reading the output back yields the same characters (XML 1.0
//! §2.11, §3.3.3).

use std::borrow::Cow;
use std::ops::Deref;
use std::rc::Rc;

use minidom::rxml::Namespace;
use minidom::{Element, Node};

use super::chars::{find_invalid_char, has_byte, has_control, is_ncname, word};
use super::error::XmlError;
use super::reader::{NS_XML, NS_XMLNS};
use crate::limits::ParseLimits;

/// Namespaces the crate reads and writes most: the stanza namespaces, the
/// stanza error namespace, the PIDF and RPID documents, XHTML-IM. An
/// element in one of them gives its namespace name without a copy
/// (`minidom` hands out only an owned copy of it).
const KNOWN_NAMESPACES: &[&str] = &[
    "jabber:client",
    "jabber:server",
    "jabber:component:accept",
    "urn:ietf:params:xml:ns:xmpp-stanzas",
    "urn:ietf:params:xml:ns:pidf",
    "urn:ietf:params:xml:ns:pidf:data-model",
    "urn:ietf:params:xml:ns:pidf:rpid",
    "http://jabber.org/protocol/xhtml-im",
    "http://www.w3.org/1999/xhtml",
];

/// The namespace name of `el`: borrowed when it is a well-known one,
/// copied otherwise.
pub(crate) fn ns_name(el: &Element) -> Cow<'static, str> {
    match KNOWN_NAMESPACES.iter().find(|ns| el.has_ns(**ns)) {
        Some(ns) => Cow::Borrowed(ns),
        None => Cow::Owned(el.ns()),
    }
}

/// A namespace name held while writing, cheap to clone: borrowed (from
/// the caller or [`KNOWN_NAMESPACES`]) or shared.
#[derive(Debug, Clone)]
pub(crate) enum NsName<'a> {
    /// A name that outlives the writing.
    Borrowed(&'a str),
    /// A copy of an element's namespace name, shared by its descendants.
    Shared(Rc<str>),
}

impl NsName<'_> {
    /// The namespace name of `el`.
    pub(crate) fn of(el: &Element) -> Self {
        match ns_name(el) {
            Cow::Borrowed(ns) => NsName::Borrowed(ns),
            Cow::Owned(ns) => NsName::Shared(Rc::from(ns)),
        }
    }
}

impl Deref for NsName<'_> {
    type Target = str;
    fn deref(&self) -> &str {
        match self {
            NsName::Borrowed(s) => s,
            NsName::Shared(s) => s,
        }
    }
}

/// A guess at the written size of `el`, from it, its children and its
/// grandchildren, so that the output buffer of a usual stanza is sized
/// once.
pub(crate) fn size_hint(el: &Element) -> usize {
    fn tag(el: &Element) -> usize {
        el.attrs()
            .iter()
            .fold(2 * el.name().len() + 5, |n, ((ns, name), v)| {
                n + name.as_str().len() + v.len() + if ns.is_some() { 8 } else { 4 }
            })
    }
    fn text_or_tag(node: &Node) -> usize {
        match node {
            Node::Text(t) => t.len(),
            Node::Element(e) => tag(e) + 32,
        }
    }
    let mut n = tag(el) + 32;
    for node in el.nodes() {
        n += match node {
            Node::Text(t) => t.len(),
            Node::Element(c) => tag(c) + c.nodes().map(text_or_tag).sum::<usize>(),
        };
    }
    n
}

/// Writes an element the crate has validated.
pub(crate) fn write_element(element: &Element, parent_ns: &str, out: &mut Vec<u8>) {
    // Nothing is checked, so nothing can fail.
    let _ = write::<false>(element, parent_ns, out);
}

/// Writes any element, refusing names the reader would not read back as
/// the same tree: element names that are not NCNames, attributes named
/// `xmlns` or in the `xmlns` namespace, elements in the `xml` or `xmlns`
/// namespace. The offset of the error is where the name would be written.
/// Characters and limits are left to reading the output back.
pub(crate) fn write_checked(
    element: &Element,
    parent_ns: &str,
    out: &mut Vec<u8>,
) -> Result<(), XmlError> {
    write::<true>(element, parent_ns, out)
}

/// Whether writing `root` and reading the bytes back under `limits` is
/// certain to succeed and to give back the same tree, so that a built
/// element can skip that round trip. A sufficient condition, never a
/// necessary one: names the reader accepts, no reserved namespace, text
/// and attribute values of XML characters within the token limit, no
/// empty or adjacent text nodes (the reader merges and drops those),
/// depth, element and attribute counts within the limits, and an upper
/// bound of the written size within the stanza limit. When it says no,
/// the caller takes the exact path and gets the exact error.
pub(crate) fn reads_back_unchanged(root: &Element, limits: &ParseLimits) -> bool {
    let mut walk = Walk {
        limits,
        size: 0,
        elements: 0,
    };
    // Elements whose children have children of their own wait here;
    // elements holding only text are checked at once, so that a usual
    // stanza needs no stack.
    let mut stack: Vec<(&Element, usize)> = Vec::new();
    if !walk.visit(root, 1, &mut stack) {
        return false;
    }
    while let Some((el, depth)) = stack.pop() {
        if !walk.visit(el, depth, &mut stack) {
            return false;
        }
    }
    walk.size <= limits.max_stanza_bytes
}

/// The state of [`reads_back_unchanged`].
struct Walk<'l> {
    limits: &'l ParseLimits,
    /// An upper bound of the written size so far.
    size: usize,
    /// Elements seen so far.
    elements: usize,
}

impl Walk<'_> {
    /// Checks `el` at `depth`, then its children: those holding only text
    /// at once, the others pushed on `stack`.
    fn visit<'e>(
        &mut self,
        el: &'e Element,
        depth: usize,
        stack: &mut Vec<(&'e Element, usize)>,
    ) -> bool {
        // Worst-case growth of escaped text: `&` becomes `&amp;` (5 bytes);
        // in attribute values one byte can become `&apos;` or `&#xA;` (6).
        const TEXT: usize = 5;
        const ATTR: usize = 6;
        let limits = self.limits;
        let token = limits.max_xml_token_bytes;
        let value_ok =
            |v: &str| v.len().saturating_mul(ATTR) <= token && find_invalid_char(v).is_none();
        self.elements += 1;
        if depth > limits.xml_depth() || self.elements > limits.max_xml_elements {
            return false;
        }
        let name = el.name();
        let ns = ns_name(el);
        if !is_ncname(name)
            || name.len() > token
            || ns == NS_XML
            || ns == NS_XMLNS
            || !value_ok(&ns)
        {
            return false;
        }
        // `<name xmlns='ns'>` + `</name>`.
        self.size = self
            .size
            .saturating_add(2 * name.len() + 14)
            .saturating_add(ns.len() * ATTR);
        let mut attrs = 1; // a possible xmlns declaration
        for ((attr_ns, attr), value) in el.attrs().iter() {
            // The attribute, and possibly a prefix declaration for it.
            attrs += 2;
            let name = attr.as_str();
            if !is_ncname(name)
                || name.len() + 8 > token
                || *attr_ns == *NS_XMLNS
                || (attr_ns.is_none() && name == "xmlns")
                || !value_ok(value)
                || !value_ok(attr_ns)
            {
                return false;
            }
            self.size = self
                .size
                .saturating_add(name.len() + 32)
                .saturating_add((value.len() + attr_ns.len()) * ATTR);
        }
        if attrs > limits.max_xml_attributes {
            return false;
        }
        let mut after_text = false;
        for node in el.nodes() {
            match node {
                Node::Text(t) => {
                    if t.is_empty()
                        || after_text
                        || t.len() > token
                        || find_invalid_char(t).is_some()
                    {
                        return false;
                    }
                    self.size = self.size.saturating_add(t.len() * TEXT);
                    after_text = true;
                }
                Node::Element(child) => {
                    after_text = false;
                    if child.children().next().is_some() {
                        stack.push((child, depth + 1));
                    } else if !self.visit(child, depth + 1, stack) {
                        return false;
                    }
                }
            }
        }
        true
    }
}

struct Open<'e> {
    element: &'e Element,
    nodes: std::slice::Iter<'e, minidom::Node>,
    ns: NsName<'e>,
}

fn write<'e, const CHECK: bool>(
    root: &'e Element,
    parent_ns: &'e str,
    out: &mut Vec<u8>,
) -> Result<(), XmlError> {
    let ns = if root.has_ns(parent_ns) {
        NsName::Borrowed(parent_ns)
    } else {
        NsName::of(root)
    };
    let Some(mut bottom) = start_tag::<CHECK>(root, ns, !root.has_ns(parent_ns), out)? else {
        return Ok(());
    };
    // The open elements above the root. An element holding only text is
    // written whole and never pushed, so that a usual stanza needs none.
    let mut stack: Vec<Open<'_>> = Vec::new();
    loop {
        let top = stack.last_mut().unwrap_or(&mut bottom);
        match top.nodes.next() {
            Some(Node::Text(t)) => escape(out, t, false),
            Some(Node::Element(child)) => {
                let same = child.has_ns(&*top.ns);
                let ns = if same {
                    top.ns.clone()
                } else {
                    NsName::of(child)
                };
                if let Some(open) = start_tag::<CHECK>(child, ns, !same, out)? {
                    if child.children().next().is_some() {
                        stack.push(open);
                    } else {
                        for t in open.nodes.filter_map(Node::as_text) {
                            escape(out, t, false);
                        }
                        end_tag(child, out);
                    }
                }
            }
            None => {
                end_tag(top.element, out);
                if stack.pop().is_none() {
                    return Ok(());
                }
            }
        }
    }
}

/// `</name>`.
fn end_tag(element: &Element, out: &mut Vec<u8>) {
    out.extend_from_slice(b"</");
    out.extend_from_slice(element.name().as_bytes());
    out.push(b'>');
}

/// Writes a start tag (or an empty-element tag, returning `None`).
fn start_tag<'e, const CHECK: bool>(
    element: &'e Element,
    ns: NsName<'e>,
    declare: bool,
    out: &mut Vec<u8>,
) -> Result<Option<Open<'e>>, XmlError> {
    let offset = out.len();
    if CHECK && !is_ncname(element.name()) {
        return Err(XmlError::InvalidName { offset });
    }
    if CHECK && (&*ns == NS_XML || &*ns == NS_XMLNS) {
        return Err(XmlError::ReservedNamespace { offset });
    }
    out.push(b'<');
    out.extend_from_slice(element.name().as_bytes());
    if declare {
        out.extend_from_slice(b" xmlns='");
        escape(out, &ns, true);
        out.push(b'\'');
    }
    // Prefixes for attribute namespaces, in order of first use.
    let mut prefixed: Vec<&Namespace<'static>> = Vec::new();
    for ((attr_ns, name), _) in element.attrs().iter() {
        if CHECK {
            let at = out.len();
            if !is_ncname(name.as_str()) {
                return Err(XmlError::InvalidName { offset: at });
            }
            if *attr_ns == *NS_XMLNS || (attr_ns.is_none() && name.as_str() == "xmlns") {
                return Err(XmlError::ReservedNamespace { offset: at });
            }
        }
        if attr_ns.is_some() && *attr_ns != *NS_XML && !prefixed.contains(&attr_ns) {
            out.extend_from_slice(b" xmlns:ns");
            out.extend_from_slice(prefixed.len().to_string().as_bytes());
            out.extend_from_slice(b"='");
            escape(out, attr_ns, true);
            out.push(b'\'');
            prefixed.push(attr_ns);
        }
    }
    for ((attr_ns, name), value) in element.attrs().iter() {
        out.push(b' ');
        if *attr_ns == *NS_XML {
            out.extend_from_slice(b"xml:");
        } else if let Some(i) = prefixed.iter().position(|p| *p == attr_ns) {
            out.extend_from_slice(b"ns");
            out.extend_from_slice(i.to_string().as_bytes());
            out.push(b':');
        }
        out.extend_from_slice(name.as_str().as_bytes());
        out.extend_from_slice(b"='");
        escape(out, value, true);
        out.push(b'\'');
    }
    if element.nodes().next().is_none() {
        out.extend_from_slice(b"/>");
        Ok(None)
    } else {
        out.push(b'>');
        Ok(Some(Open {
            element,
            nodes: element.nodes(),
            ns,
        }))
    }
}

/// The bytes character data escapes (`&`, `<`, `>`, CR).
const TEXT_ESCAPES: [bool; 256] = byte_set(b"&<>\r");
/// The bytes a single-quoted attribute value escapes (`&`, `<`, `'`,
/// TAB, LF, CR).
const ATTR_ESCAPES: [bool; 256] = byte_set(b"&<'\t\n\r");

const fn byte_set(bytes: &[u8]) -> [bool; 256] {
    let mut set = [false; 256];
    let mut i = 0;
    while i < bytes.len() {
        set[bytes[i] as usize] = true;
        i += 1;
    }
    set
}

/// `<name>text</name>` with the text escaped, or `<name/>` for none.
pub(crate) fn text_element(out: &mut Vec<u8>, name: &str, text: &str) {
    out.push(b'<');
    out.extend_from_slice(name.as_bytes());
    if text.is_empty() {
        out.extend_from_slice(b"/>");
        return;
    }
    out.push(b'>');
    escape(out, text, false);
    out.extend_from_slice(b"</");
    out.extend_from_slice(name.as_bytes());
    out.push(b'>');
}

/// The first byte of `s` that character data (`&`, `<`, `>`, CR) or a
/// single-quoted attribute value (`&`, `<`, `'`, TAB, LF, CR) escapes:
/// eight bytes at a time while none of them (nor any other byte below
/// 0x20) is there, then byte by byte within the word that holds one.
fn next_escape(s: &[u8], attribute: bool) -> Option<usize> {
    let (set, third) = if attribute {
        (&ATTR_ESCAPES, b'\'')
    } else {
        (&TEXT_ESCAPES, b'>')
    };
    let find = |from: usize, to: usize| {
        let part = s.get(from..to.min(s.len()))?;
        part.iter()
            .position(|&b| set[usize::from(b)])
            .map(|p| from + p)
    };
    let mut i = 0;
    while let Some(x) = word(s, i) {
        if has_control(x) | has_byte(x, b'&') | has_byte(x, b'<') | has_byte(x, third) != 0 {
            if let Some(at) = find(i, i + 8) {
                return Some(at);
            }
        }
        i += 8;
    }
    find(i, s.len())
}

/// Appends `s` escaped for character data or for a single-quoted
/// attribute value.
pub(crate) fn escape(out: &mut Vec<u8>, s: &str, attribute: bool) {
    let mut rest = s.as_bytes();
    // Runs between the bytes to escape are copied whole.
    while let Some(i) = next_escape(rest, attribute) {
        let (run, tail) = rest.split_at(i);
        out.extend_from_slice(run);
        let Some((&b, tail)) = tail.split_first() else {
            break;
        };
        out.extend_from_slice(match b {
            b'&' => b"&amp;",
            b'<' => b"&lt;",
            b'>' => b"&gt;",
            b'\'' => b"&apos;",
            b'\t' => b"&#x9;",
            b'\n' => b"&#xA;",
            _ => b"&#xD;",
        });
        rest = tail;
    }
    out.extend_from_slice(rest);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::limits::ParseLimits;
    use crate::xmpp::reader::read_element;
    use minidom::rxml::NcName;

    fn write_str(e: &Element, parent: &str) -> String {
        let mut out = Vec::new();
        write_element(e, parent, &mut out);
        String::from_utf8(out).unwrap()
    }

    /// The word-at-a-time search against the plain definition, on strings
    /// of every length up to 40 with the escaped bytes, other controls and
    /// multi-byte characters at every position.
    #[test]
    fn escaping_matches_the_definition() {
        fn naive(s: &str, attribute: bool) -> String {
            s.chars()
                .map(|c| match c {
                    '&' => "&amp;".to_owned(),
                    '<' => "&lt;".to_owned(),
                    '>' if !attribute => "&gt;".to_owned(),
                    '\'' if attribute => "&apos;".to_owned(),
                    '\t' if attribute => "&#x9;".to_owned(),
                    '\n' if attribute => "&#xA;".to_owned(),
                    '\r' => "&#xD;".to_owned(),
                    c => c.to_string(),
                })
                .collect()
        }
        let alphabet = [
            'a', '&', '<', '>', '\'', '"', '\t', '\n', '\r', '\u{1}', 'é', '😀', ' ',
        ];
        let mut seed = 0x2545_f491_4f6c_dd1d_u64;
        for len in 0..40 {
            for _ in 0..200 {
                let s: String = (0..len)
                    .map(|_| {
                        seed ^= seed << 13;
                        seed ^= seed >> 7;
                        seed ^= seed << 17;
                        alphabet[(seed % alphabet.len() as u64) as usize]
                    })
                    .collect();
                for attribute in [false, true] {
                    let mut out = Vec::new();
                    escape(&mut out, &s, attribute);
                    assert_eq!(
                        String::from_utf8(out).unwrap(),
                        naive(&s, attribute),
                        "{s:?}"
                    );
                }
            }
        }
    }

    #[test]
    fn canonical_form() {
        let input = "<message xmlns=\"jabber:client\" to=\"a@b\" xml:lang=\"en\" xmlns:p=\"urn:p\" p:x=\"1\"><body>a &amp; b &gt; c</body><x xmlns=\"urn:x\" a=\"it's&#9;\"><y/></x><empty></empty></message>";
        let e = read_element(input.as_bytes(), "jabber:client", &ParseLimits::DEFAULT).unwrap();
        assert_eq!(
            write_str(&e, ""),
            "<message xmlns='jabber:client' xmlns:ns0='urn:p' to='a@b' xml:lang='en' ns0:x='1'><body>a &amp; b &gt; c</body><x xmlns='urn:x' a='it&apos;s&#x9;'><y/></x><empty/></message>"
        );
        assert_eq!(
            write_str(&e, "jabber:client"),
            "<message xmlns:ns0='urn:p' to='a@b' xml:lang='en' ns0:x='1'><body>a &amp; b &gt; c</body><x xmlns='urn:x' a='it&apos;s&#x9;'><y/></x><empty/></message>"
        );
    }

    #[test]
    fn unnamespaced_child_undeclares_the_default() {
        let mut root = Element::bare("message", "jabber:client");
        root.append_child(Element::bare("x", ""));
        let s = write_str(&root, "");
        assert_eq!(s, "<message xmlns='jabber:client'><x xmlns=''/></message>");
        let back = read_element(s.as_bytes(), "jabber:client", &ParseLimits::DEFAULT).unwrap();
        assert_eq!(back, root);
    }

    #[test]
    fn text_survives_reading_back() {
        let mut root = Element::bare("m", "jabber:client");
        let tricky = "a\r\nb\rc\td <&> ]]> ' \" \u{10FFFF}";
        root.append_text_node(tricky);
        root.set_attr(Namespace::NONE, NcName::try_from("a").unwrap(), tricky);
        root.set_attr(
            Namespace::from("urn:q".to_owned()),
            NcName::try_from("a").unwrap(),
            "q",
        );
        root.set_attr(
            Namespace::from("urn:r".to_owned()),
            NcName::try_from("b").unwrap(),
            "r",
        );
        let s = write_str(&root, "");
        let back = read_element(s.as_bytes(), "x", &ParseLimits::DEFAULT).unwrap();
        assert_eq!(back, root, "{s}");
        assert_eq!(back.text(), tricky);
    }

    #[test]
    fn checked_writing_refuses_names_that_would_change_the_tree() {
        let mut out = Vec::new();
        let bad = Element::bare("a b='1'", "jabber:client");
        assert_eq!(
            write_checked(&bad, "", &mut out),
            Err(XmlError::InvalidName { offset: 0 })
        );
        let mut root = Element::bare("m", "jabber:client");
        root.set_attr(
            Namespace::NONE,
            NcName::try_from("xmlns").unwrap(),
            "urn:evil",
        );
        out.clear();
        assert_eq!(
            write_checked(&root, "", &mut out),
            Err(XmlError::ReservedNamespace { offset: 24 })
        );
        let mut root = Element::bare("m", "jabber:client");
        root.set_attr(Namespace::XMLNS, NcName::try_from("p").unwrap(), "urn:evil");
        out.clear();
        assert!(matches!(
            write_checked(&root, "", &mut out),
            Err(XmlError::ReservedNamespace { .. })
        ));
        let mut root = Element::bare("m", "jabber:client");
        root.append_child(Element::bare("x", NS_XML));
        out.clear();
        assert!(matches!(
            write_checked(&root, "", &mut out),
            Err(XmlError::ReservedNamespace { .. })
        ));
    }
}
