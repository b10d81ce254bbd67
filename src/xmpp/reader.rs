//! Reading one element from bytes under hostile-XML limits (RFC 6120 §11,
//! XML 1.0, Namespaces in XML 1.0).
//!
//! quick-xml tokenises; this module checks every token as it arrives
//! (limits, names by their grammar, characters of text and attribute
//! values against XML 1.0 `Char`), resolves namespaces, and hands what it
//! read to a [`Sink`] with an explicit stack, so that no limit is checked
//! after the fact and no recursion follows the input. Two sinks: one
//! builds the `minidom::Element` ([`read_element`], [`read_document`]),
//! the other collects a message view (`super::view`); both see exactly
//! the same checked events.
//! Everything RFC 6120 §11.1 excludes is refused: comments, processing
//! instructions, DTDs, references to entities other than the five
//! predefined ones. An XML declaration is tolerated at byte 0 only, for
//! version 1.0 and encoding UTF-8; it is not kept.

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};

use minidom::Element;
use minidom::rxml::{Namespace, NcName};
use quick_xml::errors::{Error as QxError, IllFormedError, SyntaxError};
use quick_xml::events::Event;
use quick_xml::reader::Reader;
use smallvec::SmallVec;

use super::chars::{
    class, find_invalid_char, find1, has_suspect, is_space, is_xml_char, scan_value, split_qname,
};
use super::error::{Token, XmlError};
use crate::limits::ParseLimits;

/// The namespace bound to `xml:`.
pub(crate) const NS_XML: &str = "http://www.w3.org/XML/1998/namespace";
/// The namespace of `xmlns` declarations.
pub(crate) const NS_XMLNS: &str = "http://www.w3.org/2000/xmlns/";

/// What the reader reports as it reads: the start, character data and
/// end of each element, every check already made, namespaces resolved.
/// An empty-element tag is a start followed at once by its end.
pub(crate) trait Sink<'a> {
    /// An element starts.
    fn start(&mut self, tag: StartTag<'_, 'a>);
    /// Character data of the innermost open element: a maximal run between
    /// two tags (text, references and CDATA sections merged, line ends
    /// normalised), never empty; borrowed from the input when it needed no
    /// decoding.
    fn text(&mut self, text: Cow<'a, str>);
    /// The innermost open element ends.
    fn end(&mut self);
    /// Forgets everything seen, to read the input again from the start.
    fn reset(&mut self);
}

/// The namespace of an attribute.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum AttrNs {
    /// No namespace (an unprefixed attribute).
    None,
    /// The `xml:` namespace.
    Xml,
    /// A declared namespace: an index for [`StartTag::uri`].
    Declared(usize),
}

/// One attribute of a start tag: as written, then resolved.
#[derive(Debug)]
pub(crate) struct Attr<'a> {
    /// The prefix as written.
    prefix: Option<&'a str>,
    /// Whether this is a namespace declaration.
    pub(crate) decl: bool,
    /// Where the attribute begins.
    offset: usize,
    /// The namespace.
    pub(crate) ns: AttrNs,
    /// The local name.
    pub(crate) local: &'a str,
    /// The decoded value.
    pub(crate) value: Cow<'a, str>,
}

impl<'a> Attr<'a> {
    /// An attribute as read, its namespace not yet resolved.
    fn new(prefix: Option<&'a str>, local: &'a str, offset: usize, value: Cow<'a, str>) -> Self {
        Attr {
            prefix,
            decl: prefix == Some("xmlns") || (prefix.is_none() && local == "xmlns"),
            offset,
            ns: AttrNs::None,
            local,
            value,
        }
    }
}

impl<'a> Attr<'a> {
    /// Whether this is the unprefixed attribute `name`.
    pub(crate) fn is(&self, name: &str) -> bool {
        !self.decl && self.ns == AttrNs::None && self.local == name
    }

    /// Whether this is `xml:lang`.
    pub(crate) fn is_xml_lang(&self) -> bool {
        !self.decl && self.ns == AttrNs::Xml && self.local == "lang"
    }

    /// Takes the value out, leaving an empty one.
    pub(crate) fn take_value(&mut self) -> Cow<'a, str> {
        std::mem::replace(&mut self.value, Cow::Borrowed(""))
    }
}

/// A start tag as a sink sees it.
pub(crate) struct StartTag<'t, 'a> {
    /// The element's namespace name.
    pub(crate) ns: &'t str,
    /// The element's local name.
    pub(crate) local: &'a str,
    /// Its attributes in document order, namespace declarations among
    /// them (`decl`: [`Attr::is`] and [`Attr::is_xml_lang`] never match
    /// those); the sink may take the values.
    pub(crate) attrs: &'t mut [Attr<'a>],
    /// The namespace names [`AttrNs::Declared`] indexes.
    namespaces: &'t [Cow<'a, str>],
}

fn namespace_name<'n>(namespaces: &'n [Cow<'_, str>], ns: AttrNs) -> &'n str {
    match ns {
        AttrNs::None => "",
        AttrNs::Xml => NS_XML,
        AttrNs::Declared(i) => namespaces.get(i).map_or("", |c| c.as_ref()),
    }
}

/// Reads exactly one element from `input`, with whitespace allowed around
/// it. An element without a namespace declaration takes `default_ns`.
pub(crate) fn read_element(
    input: &[u8],
    default_ns: &str,
    limits: &ParseLimits,
) -> Result<Element, XmlError> {
    let mut tree = TreeSink::default();
    read_stanza(input, default_ns, limits, &mut tree)?;
    tree.root.ok_or(XmlError::NoElement)
}

/// Reads exactly one element from `input` into `sink`, with whitespace
/// allowed around it, under every limit of `limits` (the size one
/// included). An element without a namespace declaration takes
/// `default_ns`. On error the sink may have seen part of the input.
pub(crate) fn read_stanza<'a, S: Sink<'a>>(
    input: &'a [u8],
    default_ns: &'a str,
    limits: &ParseLimits,
    sink: &mut S,
) -> Result<(), XmlError> {
    if input.len() > limits.max_stanza_bytes {
        return Err(XmlError::TooLarge {
            len: input.len(),
            max: limits.max_stanza_bytes,
        });
    }
    let text = utf8(input)?;
    if Driver::new(text, default_ns, limits, sink).run(Plain::new(text, limits))? {
        return Ok(());
    }
    sink.reset();
    let tokens = QuickXml::new(text, false);
    Driver::new(text, default_ns, limits, sink).run(tokens)?;
    Ok(())
}

/// [`read_element`] with quick-xml giving every token, for the checks
/// in [`crate::fuzzing`] that the plain tokeniser changes nothing.
pub(crate) fn read_element_quick_xml(
    input: &[u8],
    default_ns: &str,
    limits: &ParseLimits,
) -> Result<Element, XmlError> {
    if input.len() > limits.max_stanza_bytes {
        return Err(XmlError::TooLarge {
            len: input.len(),
            max: limits.max_stanza_bytes,
        });
    }
    let text = utf8(input)?;
    let mut tree = TreeSink::default();
    let tokens = QuickXml::new(text, false);
    Driver::new(text, default_ns, limits, &mut tree).run(tokens)?;
    tree.root.ok_or(XmlError::NoElement)
}

/// The input as text: UTF-8, no byte order mark.
fn utf8(input: &[u8]) -> Result<&str, XmlError> {
    let text = std::str::from_utf8(input).map_err(|e| XmlError::Utf8 {
        offset: e.valid_up_to(),
    })?;
    if text.starts_with('\u{FEFF}') {
        // quick-xml would skip it silently and shift every offset.
        return Err(XmlError::TextOutsideRoot { offset: 0 });
    }
    Ok(text)
}

/// A document read whole: its root element, and where the start tag of
/// each element begins, in document order (the root first, then its
/// descendants depth first, as a pre-order walk of the tree visits them).
pub(crate) struct Document {
    /// The root element.
    pub(crate) root: Element,
    /// Byte offset of each element's start tag, in document order.
    pub(crate) offsets: Vec<usize>,
}

/// Reads a document that is not a stanza, such as a PIDF body: like
/// [`read_element`], but comments are skipped (XML 1.0 §2.5 allows them;
/// only RFC 6120 §11.1 excludes them from streams), and the offset of
/// every start tag is recorded so that the caller can point at the
/// element a later check refuses. The size limit is the caller's to check
/// beforehand; everything else in `limits` applies while reading.
pub(crate) fn read_document(
    input: &[u8],
    default_ns: &str,
    limits: &ParseLimits,
) -> Result<Document, XmlError> {
    let text = utf8(input)?;
    let mut tree = TreeSink::default();
    let mut offsets = read_with(
        text,
        default_ns,
        limits,
        &mut tree,
        Plain::new(text, limits),
    )?;
    if offsets.is_none() {
        tree.reset();
        let tokens = QuickXml::new(text, true);
        offsets = read_with(text, default_ns, limits, &mut tree, tokens)?;
    }
    let root = tree.root.ok_or(XmlError::NoElement)?;
    Ok(Document {
        root,
        offsets: offsets.unwrap_or_default(),
    })
}

/// Reads a document with comments skipped and start tag offsets recorded:
/// the offsets, or `None` when the tokeniser gave up.
fn read_with<'a, S: Sink<'a>>(
    text: &'a str,
    default_ns: &'a str,
    limits: &ParseLimits,
    sink: &mut S,
    tokens: impl Tokens,
) -> Result<Option<Vec<usize>>, XmlError> {
    let mut driver = Driver::new(text, default_ns, limits, sink);
    driver.comments = true;
    driver.offsets = Some(Vec::new());
    Ok(driver
        .run(tokens)?
        .then(|| driver.offsets.take().unwrap_or_default()))
}

/// The sink that builds the `minidom` tree.
#[derive(Default)]
struct TreeSink {
    /// The open elements.
    stack: Vec<Element>,
    /// The root, once closed.
    root: Option<Element>,
}

impl<'a> Sink<'a> for TreeSink {
    fn start(&mut self, tag: StartTag<'_, 'a>) {
        let mut element = Element::bare(tag.local, tag.ns);
        let namespaces = tag.namespaces;
        for attr in tag.attrs.iter_mut().filter(|a| !a.decl) {
            let ns = match attr.ns {
                AttrNs::None => Namespace::NONE,
                AttrNs::Xml => Namespace::XML,
                AttrNs::Declared(_) => {
                    Namespace::from(namespace_name(namespaces, attr.ns).to_owned())
                }
            };
            // The reader checked the name with the same function, and that
            // no attribute repeats.
            if let Ok(name) = NcName::try_from(attr.local) {
                element
                    .attrs_mut()
                    .insert(ns, name, attr.take_value().into_owned());
            }
        }
        self.stack.push(element);
    }

    fn text(&mut self, text: Cow<'a, str>) {
        if let Some(top) = self.stack.last_mut() {
            top.append_text_node(text.into_owned());
        }
    }

    fn reset(&mut self) {
        *self = TreeSink::default();
    }

    fn end(&mut self) {
        if let Some(element) = self.stack.pop() {
            match self.stack.last_mut() {
                Some(parent) => {
                    parent.append_child(element);
                }
                None => self.root = Some(element),
            }
        }
    }
}

/// The kinds of token the driver reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tok {
    /// `<name ...>`.
    Start,
    /// `<name .../>`.
    Empty,
    /// `</name>`.
    End,
    /// Character data up to markup or a reference.
    Text,
    /// `<![CDATA[...]]>`.
    CData,
    /// `&name;`.
    Ref,
    /// `<?xml ...?>`.
    Decl,
    /// `<?target ...?>`.
    Pi,
    /// `<!--...-->`.
    Comment,
    /// `<!DOCTYPE ...>`.
    DocType,
    /// The tokeniser does not handle what comes next.
    GiveUp,
    /// The end of the input.
    Eof,
}

/// A source of tokens: each with where it begins and where it ends.
trait Tokens {
    fn next(&mut self) -> Result<(Tok, usize, usize), XmlError>;
    /// The attributes of the start tag just given, when the tokeniser has
    /// split them.
    fn spans(&self) -> Option<&[Span]> {
        None
    }
}

/// Where the name and the value (between the quotes) of an attribute lie.
#[derive(Debug, Clone, Copy, Default)]
struct Span {
    name: (usize, usize),
    value: (usize, usize),
    /// Whether the value holds nothing to decode or check further.
    clean: bool,
}

/// quick-xml, for any input: every construct, and the faults of malformed
/// markup.
struct QuickXml<'a> {
    input: &'a str,
    reader: Reader<&'a [u8]>,
}

impl<'a> QuickXml<'a> {
    fn new(input: &'a str, comments: bool) -> Self {
        let mut reader = Reader::from_str(input);
        let cfg = reader.config_mut();
        cfg.check_end_names = false;
        cfg.allow_unmatched_ends = true;
        cfg.expand_empty_elements = false;
        cfg.allow_dangling_amp = false;
        // `--` inside a comment is refused where comments are skipped.
        cfg.check_comments = comments;
        cfg.trim_text(false);
        QuickXml { input, reader }
    }
}

impl Tokens for QuickXml<'_> {
    fn next(&mut self) -> Result<(Tok, usize, usize), XmlError> {
        let start = pos(self.reader.buffer_position());
        let event = match self.reader.read_event() {
            Ok(ev) => ev,
            Err(e) => {
                return Err(map_error(
                    &e,
                    self.input,
                    pos(self.reader.error_position()),
                    start,
                ));
            }
        };
        let tok = match event {
            Event::Start(_) => Tok::Start,
            Event::Empty(_) => Tok::Empty,
            Event::End(_) => Tok::End,
            Event::Text(_) => Tok::Text,
            Event::CData(_) => Tok::CData,
            Event::GeneralRef(_) => Tok::Ref,
            Event::Decl(_) => Tok::Decl,
            Event::PI(_) => Tok::Pi,
            Event::Comment(_) => Tok::Comment,
            Event::DocType(_) => Tok::DocType,
            Event::Eof => Tok::Eof,
        };
        Ok((tok, start, pos(self.reader.buffer_position())))
    }
}

/// A tokeniser for plain markup only: tags, character data and
/// references, as quick-xml splits them, in one pass without allocating.
/// It gives up, for quick-xml to read the input from the start, at
/// anything else (`<!`, `<?`) and wherever quick-xml would report an
/// error (markup or a reference cut short), so that the tokens it gives
/// are always the ones quick-xml would give.
struct Plain<'a> {
    input: &'a [u8],
    pos: usize,
    /// The attributes of the last start tag, when it was a plain one.
    spans: SmallVec<[Span; 4]>,
    /// Whether `spans` holds them.
    split: bool,
    /// The most attributes to split: past them the tag is left to the
    /// driver's own scan, which refuses it.
    max_attrs: usize,
}

impl<'a> Plain<'a> {
    fn new(input: &'a str, limits: &ParseLimits) -> Self {
        Plain {
            input: input.as_bytes(),
            pos: 0,
            spans: SmallVec::new(),
            split: false,
            max_attrs: limits.max_xml_attributes,
        }
    }

    /// A start tag of the plainest form at `start`: a name, then
    /// attributes `name='value'` (or `"value"`), each after whitespace,
    /// then `>` or `/>`; quotes only around values, `>` only at the end.
    /// Its end, whether it is empty, with the attributes in `spans`; `None`
    /// for any other form.
    fn plain_tag(&mut self, start: usize) -> Option<(usize, bool)> {
        let bytes = self.input;
        // The first byte from `i` that is (or is not) of a class.
        let skip = |i: usize, class: u8, is: bool| {
            bytes.get(i..).and_then(|r| {
                r.iter()
                    .position(|&b| class::is(b, class) == is)
                    .map(|p| i + p)
            })
        };
        self.spans.clear();
        let mut i = skip(start + 1, class::STOP, true)?;
        loop {
            let after = skip(i, class::SPACE, false)?;
            let spaced = after > i;
            i = after;
            match bytes.get(i)? {
                b'>' => return Some((i + 1, false)),
                b'/' => return (bytes.get(i + 1) == Some(&b'>')).then_some((i + 2, true)),
                _ if !spaced => return None,
                _ => {}
            }
            let name_start = i;
            i = skip(i, class::STOP, true)?;
            let name_end = i;
            if name_end == name_start || bytes.get(i) != Some(&b'=') {
                return None;
            }
            let quote = *bytes.get(i + 1)?;
            if quote != b'\'' && quote != b'"' {
                return None;
            }
            if self.spans.len() >= self.max_attrs {
                return None;
            }
            let value_start = i + 2;
            let (value_end, clean) = scan_value(bytes, value_start, quote)?;
            self.spans.push(Span {
                name: (name_start, name_end),
                value: (value_start, value_end),
                clean,
            });
            i = value_end + 1;
        }
    }

    /// The end of an end tag without quotes (`</name>`, `</name >`) at
    /// `start`; `None` for any other.
    fn plain_end(&self, start: usize) -> Option<usize> {
        let rest = self.input.get(start + 2..)?;
        let p = rest
            .iter()
            .position(|&b| matches!(b, b'>' | b'\'' | b'"'))?;
        (rest.get(p) == Some(&b'>')).then_some(start + 2 + p + 1)
    }

    /// The token at `start`, and where it ends.
    fn token(&self, start: usize) -> (Tok, usize) {
        let rest = self.input.get(start..).unwrap_or_default();
        match rest.first() {
            None => (Tok::Eof, start),
            Some(b'<') => match rest.get(1) {
                None | Some(b'!' | b'?') => (Tok::GiveUp, start),
                Some(&second) => {
                    // The first `>` outside quotes, as quick-xml finds it.
                    let mut quote = None;
                    for i in memchr::memchr3_iter(b'>', b'\'', b'"', rest) {
                        let b = rest.get(i).copied().unwrap_or_default();
                        quote = match (quote, b) {
                            (None, b'>') => {
                                let end = start + i + 1;
                                let tok = if second == b'/' {
                                    Tok::End
                                } else if i >= 2 && rest.get(i - 1) == Some(&b'/') {
                                    Tok::Empty
                                } else {
                                    Tok::Start
                                };
                                return (tok, end);
                            }
                            (None, q) => Some(q),
                            (Some(q), c) if q == c => None,
                            (q, _) => q,
                        };
                    }
                    (Tok::GiveUp, start)
                }
            },
            Some(b'&') => {
                let after = rest.get(1..).unwrap_or_default();
                match memchr::memchr3(b';', b'&', b'<', after) {
                    Some(i) if after.get(i) == Some(&b';') => (Tok::Ref, start + i + 2),
                    _ => (Tok::GiveUp, start),
                }
            }
            Some(_) => match memchr::memchr2(b'<', b'&', rest) {
                Some(i) => (Tok::Text, start + i),
                None => (Tok::Text, self.input.len()),
            },
        }
    }
}

impl Tokens for Plain<'_> {
    fn next(&mut self) -> Result<(Tok, usize, usize), XmlError> {
        let start = self.pos;
        self.split = false;
        let (tok, end) = match self.input.get(start..start + 2) {
            Some([b'<', b'/']) => match self.plain_end(start) {
                Some(end) => (Tok::End, end),
                None => self.token(start),
            },
            Some([b'<', second]) if !matches!(second, b'/' | b'!' | b'?') => {
                match self.plain_tag(start) {
                    Some((end, empty)) => {
                        self.split = true;
                        (if empty { Tok::Empty } else { Tok::Start }, end)
                    }
                    None => self.token(start),
                }
            }
            _ => self.token(start),
        };
        self.pos = end;
        Ok((tok, start, end))
    }

    fn spans(&self) -> Option<&[Span]> {
        self.split.then_some(self.spans.as_slice())
    }
}

/// An open element.
struct Frame<'a> {
    qname: &'a str,
    /// Index into `Driver::namespaces` of the default namespace in scope.
    default_ns: usize,
    /// `Driver::declared` length before this element's declarations.
    bindings_len: usize,
}

/// Above this many attributes on one element, duplicates are found with a
/// set rather than by comparing every pair.
const PAIRWISE_ATTRS: usize = 16;

/// The reader: tokens in, checked events out to the sink.
struct Driver<'a, 'l, 's, S> {
    input: &'a str,
    limits: &'l ParseLimits,
    sink: &'s mut S,
    max_depth: usize,
    stack: SmallVec<[Frame<'a>; 4]>,
    /// Whether the root element has been closed.
    root_done: bool,
    elements: usize,
    /// Character data of the innermost open element not yet reported.
    text: Cow<'a, str>,
    /// Where the pending character data begins.
    text_offset: usize,
    /// Namespace names: 0 is the caller's default, 1 is "no namespace",
    /// then one per declaration read.
    namespaces: SmallVec<[Cow<'a, str>; 4]>,
    /// Prefix bindings in scope: for each prefix, the namespace indexes
    /// declared for it, innermost last. A map, so that a lookup stays cheap
    /// however many prefixes the ancestors declare.
    bindings: BTreeMap<&'a str, Vec<usize>>,
    /// The prefixes declared by the open elements, in order, to undo.
    declared: Vec<&'a str>,
    /// Scratch space for the attributes of one start tag.
    attrs: SmallVec<[Attr<'a>; 4]>,
    /// Whether comments are skipped (true) or refused (false).
    comments: bool,
    /// Start tag offsets, when the caller asked for them.
    offsets: Option<Vec<usize>>,
}

impl<'a, 'l, 's, S: Sink<'a>> Driver<'a, 'l, 's, S> {
    fn new(input: &'a str, default_ns: &'a str, limits: &'l ParseLimits, sink: &'s mut S) -> Self {
        let mut namespaces = SmallVec::new();
        namespaces.push(Cow::Borrowed(default_ns));
        namespaces.push(Cow::Borrowed(""));
        Driver {
            input,
            limits,
            sink,
            max_depth: limits.xml_depth(),
            stack: SmallVec::new(),
            root_done: false,
            elements: 0,
            text: Cow::Borrowed(""),
            text_offset: 0,
            namespaces,
            bindings: BTreeMap::new(),
            declared: Vec::new(),
            attrs: SmallVec::new(),
            comments: false,
            offsets: None,
        }
    }

    /// The input between two offsets quick-xml reported.
    fn slice(&self, from: usize, to: usize) -> Result<&'a str, XmlError> {
        self.input
            .get(from..to)
            .ok_or(XmlError::Truncated { offset: from })
    }

    /// Reads the tokens `tokens` gives: `Ok(true)` when the input was read
    /// whole, `Ok(false)` when the tokeniser gave up (the sink has then seen
    /// part of the input only).
    fn run(&mut self, mut tokens: impl Tokens) -> Result<bool, XmlError> {
        loop {
            let (token, start, end) = tokens.next()?;
            match token {
                Tok::Start => {
                    // `<` ... `>`
                    let content = self.slice(start + 1, end.saturating_sub(1))?;
                    self.start_tag(content, start, false, tokens.spans())?;
                }
                Tok::Empty => {
                    // `<` ... `/>`
                    let content = self.slice(start + 1, end.saturating_sub(2))?;
                    self.start_tag(content, start, true, tokens.spans())?;
                }
                Tok::End => {
                    let content = self.slice(start + 2, end.saturating_sub(1))?;
                    // Whitespace is ASCII: trimming bytes keeps UTF-8 whole.
                    let kept = content
                        .bytes()
                        .rposition(|b| !is_space(b))
                        .map_or(0, |p| p + 1);
                    self.end_tag(content.get(..kept).unwrap_or_default(), start)?;
                }
                Tok::Text => {
                    let raw = self.slice(start, end)?;
                    self.text_run(raw, start)?;
                }
                Tok::CData => {
                    // `<![CDATA[` ... `]]>`
                    let raw = self.slice(start + 9, end.saturating_sub(3))?;
                    check_chars(raw, start + 9)?;
                    self.character_data(raw, start, true)?;
                }
                Tok::Ref => {
                    let name = self.slice(start + 1, end.saturating_sub(1))?;
                    self.reference(name, start)?;
                }
                Tok::Decl => {
                    let content = self.slice(start + 2, end.saturating_sub(2))?;
                    check_declaration(content, start)?;
                }
                Tok::Pi => return Err(XmlError::ProcessingInstruction { offset: start }),
                Tok::Comment if self.comments => {
                    // `<!--` ... `-->`
                    let content = self.slice(start + 4, end.saturating_sub(3))?;
                    check_chars(content, start + 4)?;
                }
                Tok::Comment => return Err(XmlError::Comment { offset: start }),
                Tok::DocType => return Err(XmlError::Doctype { offset: start }),
                Tok::GiveUp => return Ok(false),
                Tok::Eof => {
                    return match (self.root_done, self.stack.is_empty()) {
                        (true, true) => Ok(true),
                        (false, true) => Err(XmlError::NoElement),
                        _ => Err(XmlError::Truncated { offset: start }),
                    };
                }
            }
        }
    }

    fn start_tag(
        &mut self,
        content: &'a str,
        offset: usize,
        empty: bool,
        spans: Option<&[Span]>,
    ) -> Result<(), XmlError> {
        if self.root_done {
            return Err(XmlError::SecondRoot { offset });
        }
        if self.stack.len() >= self.max_depth {
            return Err(XmlError::TooDeep {
                offset,
                max: self.max_depth,
            });
        }
        if self.elements >= self.limits.max_xml_elements {
            return Err(XmlError::TooManyElements {
                offset,
                max: self.limits.max_xml_elements,
            });
        }
        self.elements += 1;
        if let Some(offsets) = self.offsets.as_mut() {
            offsets.push(offset);
        }
        self.flush_text();

        let name_len = content.bytes().position(is_space).unwrap_or(content.len());
        let (qname, rest) = content.split_at(name_len);
        if qname.len() > self.limits.max_xml_token_bytes {
            return Err(XmlError::TokenTooLong {
                offset: offset + 1,
                token: Token::Name,
                max: self.limits.max_xml_token_bytes,
            });
        }
        let (prefix, local) =
            split_qname(qname).ok_or(XmlError::InvalidName { offset: offset + 1 })?;
        match spans {
            Some(spans) => self.split_attributes(spans)?,
            None => self.scan_attributes(rest, offset + 1 + name_len)?,
        }

        // Namespace declarations first: they apply to the element's own
        // name and attributes.
        let bindings_len = self.declared.len();
        let mut default_ns = self.stack.last().map_or(0, |f| f.default_ns);
        let mut default_declared = false;
        for attr in self.attrs.iter().filter(|a| a.decl) {
            let at = attr.offset;
            if attr.prefix.is_none() {
                if default_declared {
                    return Err(XmlError::DuplicateAttribute { offset: at });
                }
                default_declared = true;
                if attr.value == NS_XML || attr.value == NS_XMLNS {
                    return Err(XmlError::ReservedNamespace { offset: at });
                }
                default_ns = if attr.value.is_empty() {
                    1
                } else {
                    let v = attr.value.clone();
                    self.namespaces.push(v);
                    self.namespaces.len() - 1
                };
            } else {
                // `xmlns:prefix`: the scan checked that `prefix` is an
                // NCName.
                let prefix = attr.local;
                let reserved = match prefix {
                    "xmlns" => true,
                    "xml" => attr.value != NS_XML,
                    _ => attr.value.is_empty() || attr.value == NS_XML || attr.value == NS_XMLNS,
                };
                if reserved {
                    return Err(XmlError::ReservedNamespace { offset: at });
                }
                if self
                    .declared
                    .get(bindings_len..)
                    .unwrap_or_default()
                    .contains(&prefix)
                {
                    return Err(XmlError::DuplicateAttribute { offset: at });
                }
                self.declared.push(prefix);
                if prefix != "xml" {
                    let v = attr.value.clone();
                    self.namespaces.push(v);
                    let index = self.namespaces.len() - 1;
                    self.bindings.entry(prefix).or_default().push(index);
                }
            }
        }

        let ns_index = match prefix {
            None => default_ns,
            Some("xml" | "xmlns") => {
                return Err(XmlError::ReservedNamespace { offset: offset + 1 });
            }
            Some(p) => {
                lookup(&self.bindings, p).ok_or(XmlError::UnboundPrefix { offset: offset + 1 })?
            }
        };
        self.resolve_attributes()?;

        let ns = namespace_name(&self.namespaces, AttrNs::Declared(ns_index));
        self.sink.start(StartTag {
            ns,
            local,
            attrs: &mut self.attrs,
            namespaces: &self.namespaces,
        });
        if empty {
            self.undeclare(bindings_len);
            self.sink.end();
            self.root_done = self.stack.is_empty();
        } else {
            self.stack.push(Frame {
                qname,
                default_ns,
                bindings_len,
            });
        }
        Ok(())
    }

    /// Resolves the prefix of each attribute that is not a namespace
    /// declaration, refusing unbound prefixes, names the element type
    /// would refuse and the same attribute twice (Namespaces in XML 1.0
    /// §6.3: by namespace and local name), the first fault in document
    /// order; then drops the declarations from the list.
    fn resolve_attributes(&mut self) -> Result<(), XmlError> {
        if self.attrs.is_empty() {
            return Ok(());
        }
        let mut fault = None;
        let mut resolved = 0;
        for attr in self.attrs.iter_mut() {
            if !attr.decl {
                let local = attr.local;
                attr.ns = match attr.prefix {
                    None => AttrNs::None,
                    Some("xml") => AttrNs::Xml,
                    Some(p) => match lookup(&self.bindings, p) {
                        Some(index) => AttrNs::Declared(index),
                        None => {
                            fault = Some(XmlError::UnboundPrefix {
                                offset: attr.offset,
                            });
                            break;
                        }
                    },
                };
                // The element type's own name check, stricter than the
                // grammar's outside ASCII; ASCII names agree.
                if !local.is_ascii() && NcName::try_from(local).is_err() {
                    fault = Some(XmlError::InvalidName {
                        offset: attr.offset,
                    });
                    break;
                }
            }
            resolved += 1;
        }
        let done = self.attrs.get(..resolved).unwrap_or_default();
        if let Some(offset) = first_duplicate(done, &self.namespaces) {
            return Err(XmlError::DuplicateAttribute { offset });
        }
        match fault {
            Some(fault) => Err(fault),
            None => Ok(()),
        }
    }

    /// Refuses one more attribute on a tag that has as many as the limit
    /// allows (`at`: where the next one begins).
    fn room_for_attribute(&self, at: usize) -> Result<(), XmlError> {
        if self.attrs.len() >= self.limits.max_xml_attributes {
            return Err(XmlError::TooManyAttributes {
                offset: at,
                max: self.limits.max_xml_attributes,
            });
        }
        Ok(())
    }

    /// An attribute's name split into prefix and local part, within the
    /// token limit (`at`: where it begins).
    fn attribute_name(
        &self,
        qname: &'a str,
        at: usize,
    ) -> Result<(Option<&'a str>, &'a str), XmlError> {
        if qname.len() > self.limits.max_xml_token_bytes {
            return Err(XmlError::TokenTooLong {
                offset: at,
                token: Token::Name,
                max: self.limits.max_xml_token_bytes,
            });
        }
        split_qname(qname).ok_or(XmlError::InvalidName { offset: at })
    }

    /// The attributes of a start tag the tokeniser has split already (its
    /// syntax is then known to be right): the checks of
    /// [`scan_attributes`](Self::scan_attributes) on each, in the same
    /// order.
    fn split_attributes(&mut self, spans: &[Span]) -> Result<(), XmlError> {
        self.attrs.clear();
        for span in spans {
            let at = span.name.0;
            self.room_for_attribute(at)?;
            let qname = self.slice(span.name.0, span.name.1)?;
            let (prefix, local) = self.attribute_name(qname, at)?;
            let raw = self.slice(span.value.0, span.value.1)?;
            let max = self.limits.max_xml_token_bytes;
            let value = match span.clean {
                // What `decode_attribute` finds for such a value.
                true if raw.len() <= max => Cow::Borrowed(raw),
                _ => decode_attribute(raw, span.value.0, max)?,
            };
            self.attrs.push(Attr::new(prefix, local, at, value));
        }
        Ok(())
    }

    /// Splits the part of a start tag after the name into attributes,
    /// decoding their values. `base` is the offset of `rest` in the input.
    fn scan_attributes(&mut self, rest: &'a str, base: usize) -> Result<(), XmlError> {
        self.attrs.clear();
        let bytes = rest.as_bytes();
        let mut i = 0;
        loop {
            let ws_start = i;
            while bytes.get(i).copied().is_some_and(is_space) {
                i += 1;
            }
            if i >= bytes.len() {
                return Ok(());
            }
            if i == ws_start {
                return Err(XmlError::AttributeSyntax { offset: base + i });
            }
            let at = base + i;
            self.room_for_attribute(at)?;
            let name_start = i;
            while bytes.get(i).is_some_and(|&b| b != b'=' && !is_space(b)) {
                i += 1;
            }
            let qname = rest.get(name_start..i).unwrap_or_default();
            let (prefix, local) = self.attribute_name(qname, at)?;
            while bytes.get(i).copied().is_some_and(is_space) {
                i += 1;
            }
            if bytes.get(i) != Some(&b'=') {
                return Err(XmlError::AttributeSyntax { offset: base + i });
            }
            i += 1;
            while bytes.get(i).copied().is_some_and(is_space) {
                i += 1;
            }
            let quote = match bytes.get(i) {
                Some(&q @ (b'"' | b'\'')) => q,
                _ => return Err(XmlError::AttributeSyntax { offset: base + i }),
            };
            i += 1;
            let value_start = i;
            i = find1(bytes, i, quote).unwrap_or(bytes.len());
            if i >= bytes.len() {
                return Err(XmlError::AttributeSyntax {
                    offset: base + value_start,
                });
            }
            let raw = rest.get(value_start..i).unwrap_or_default();
            i += 1;
            let value = decode_attribute(raw, base + value_start, self.limits.max_xml_token_bytes)?;
            self.attrs.push(Attr::new(prefix, local, at, value));
        }
    }

    /// Drops the declarations made since `declared` had length `len`.
    fn undeclare(&mut self, len: usize) {
        while self.declared.len() > len {
            if let Some(prefix) = self.declared.pop() {
                if let Some(stack) = self.bindings.get_mut(prefix) {
                    stack.pop();
                }
            }
        }
    }

    fn end_tag(&mut self, name: &str, offset: usize) -> Result<(), XmlError> {
        let Some(frame) = self.stack.pop() else {
            return Err(if self.root_done {
                XmlError::TrailingContent { offset }
            } else {
                XmlError::MismatchedEndTag { offset }
            });
        };
        if frame.qname != name {
            return Err(XmlError::MismatchedEndTag { offset });
        }
        self.flush_text();
        self.undeclare(frame.bindings_len);
        self.sink.end();
        self.root_done = self.stack.is_empty();
        Ok(())
    }

    /// Reports the pending character data, if any.
    fn flush_text(&mut self) {
        if !self.text.is_empty() {
            self.sink
                .text(std::mem::replace(&mut self.text, Cow::Borrowed("")));
        }
    }

    /// The fault for character data or a reference outside the element.
    fn outside(&self, offset: usize) -> XmlError {
        if self.root_done {
            XmlError::TrailingContent { offset }
        } else {
            XmlError::TextOutsideRoot { offset }
        }
    }

    /// A run of text between markup: whitespace outside the element,
    /// character data inside.
    fn text_run(&mut self, raw: &'a str, offset: usize) -> Result<(), XmlError> {
        if self.stack.is_empty() {
            return match raw.bytes().position(|b| !is_space(b)) {
                None => Ok(()),
                Some(p) => Err(self.outside(offset + p)),
            };
        }
        // The usual run: no character to look at twice, no `]]>`, no CR.
        let suspect = has_suspect(raw.as_bytes(), b'>', b'>');
        if suspect {
            check_chars(raw, offset)?;
            if let Some(p) = find_cdata_end(raw) {
                return Err(XmlError::Markup { offset: offset + p });
            }
        }
        self.character_data(raw, offset, suspect)
    }

    /// Adds character data (text or CDATA content) to the pending run,
    /// normalising line ends (XML 1.0 §2.11).
    /// `may_have_cr` false says that `raw` holds no CR.
    fn character_data(
        &mut self,
        raw: &'a str,
        offset: usize,
        may_have_cr: bool,
    ) -> Result<(), XmlError> {
        if self.stack.is_empty() {
            return Err(self.outside(offset));
        }
        if self.text.is_empty() {
            self.text_offset = offset;
        }
        // Normalisation only shortens, so the raw length bounds the result.
        if self.text.len() + raw.len() > self.limits.max_xml_token_bytes {
            let normalised = normalised_len(raw);
            if self.text.len() + normalised > self.limits.max_xml_token_bytes {
                return Err(XmlError::TokenTooLong {
                    offset: self.text_offset,
                    token: Token::Text,
                    max: self.limits.max_xml_token_bytes,
                });
            }
        }
        let has_cr = may_have_cr && memchr::memchr(b'\r', raw.as_bytes()).is_some();
        if self.text.is_empty() && !has_cr {
            self.text = Cow::Borrowed(raw);
        } else {
            push_normalised(owned(&mut self.text, raw.len()), raw);
        }
        Ok(())
    }

    /// `&name;` in character data.
    fn reference(&mut self, name: &str, offset: usize) -> Result<(), XmlError> {
        if self.stack.is_empty() {
            return Err(self.outside(offset));
        }
        let c = resolve_reference(name, offset)?;
        if self.text.is_empty() {
            self.text_offset = offset;
        }
        if self.text.len() + c.len_utf8() > self.limits.max_xml_token_bytes {
            return Err(XmlError::TokenTooLong {
                offset: self.text_offset,
                token: Token::Text,
                max: self.limits.max_xml_token_bytes,
            });
        }
        owned(&mut self.text, c.len_utf8()).push(c);
        Ok(())
    }
}

/// The pending text as an owned string with room for `more` bytes (and
/// some to spare, for the references and pieces that usually follow).
fn owned<'t>(text: &'t mut Cow<'_, str>, more: usize) -> &'t mut String {
    if let Cow::Borrowed(b) = *text {
        let mut s = String::with_capacity(b.len() + more.max(16));
        s.push_str(b);
        *text = Cow::Owned(s);
    }
    text.to_mut()
}

/// The offset of the first attribute (in document order) that repeats an
/// earlier one by namespace and local name; declarations are skipped.
fn first_duplicate<'a>(attrs: &[Attr<'a>], namespaces: &[Cow<'_, str>]) -> Option<usize> {
    let key = |a: &Attr<'a>| (namespace_name(namespaces, a.ns), a.local);
    if attrs.len() <= PAIRWISE_ATTRS {
        for i in 1..attrs.len() {
            let (Some(a), Some(earlier)) = (attrs.get(i), attrs.get(..i)) else {
                break;
            };
            if a.decl {
                continue;
            }
            for b in earlier {
                if !b.decl
                    && a.local.len() == b.local.len()
                    && a.local == b.local
                    && (a.ns == b.ns
                        || namespace_name(namespaces, a.ns) == namespace_name(namespaces, b.ns))
                {
                    return Some(a.offset);
                }
            }
        }
        return None;
    }
    let mut set = BTreeSet::new();
    attrs
        .iter()
        .filter(|a| !a.decl)
        .find(|a| !set.insert(key(a)))
        .map(|a| a.offset)
}

fn lookup(bindings: &BTreeMap<&str, Vec<usize>>, prefix: &str) -> Option<usize> {
    bindings.get(prefix).and_then(|stack| stack.last().copied())
}

fn pos(p: u64) -> usize {
    usize::try_from(p).unwrap_or(usize::MAX)
}

/// Maps a quick-xml error; `at` is its error position, `start` where the
/// event began. Markup cut short by the end of the input is `Truncated`.
fn map_error(e: &QxError, input: &str, at: usize, start: usize) -> XmlError {
    let rest = input.get(at..).unwrap_or_default();
    match e {
        QxError::Syntax(s) => match s {
            SyntaxError::InvalidBangMarkup => {
                let cut_short = ["<![CDATA[", "<!--", "<!DOCTYPE"]
                    .iter()
                    .any(|m| m.len() > rest.len() && m.starts_with(rest));
                if cut_short {
                    XmlError::Truncated { offset: at }
                } else {
                    XmlError::Markup { offset: at }
                }
            }
            SyntaxError::UnclosedComment => XmlError::Comment { offset: at },
            SyntaxError::UnclosedDoctype => XmlError::Doctype { offset: at },
            SyntaxError::UnclosedPI => XmlError::ProcessingInstruction { offset: at },
            _ => XmlError::Truncated { offset: at },
        },
        QxError::IllFormed(IllFormedError::UnclosedReference) => {
            // `&` and what could still become a reference, then the end.
            let name = rest.get(1..).unwrap_or_default();
            if name.bytes().all(|b| b == b'#' || b.is_ascii_alphanumeric()) {
                XmlError::Truncated { offset: at }
            } else {
                XmlError::Markup { offset: at }
            }
        }
        QxError::IllFormed(IllFormedError::DoubleHyphenInComment) => {
            XmlError::Comment { offset: at }
        }
        QxError::IllFormed(
            IllFormedError::MissingDoctypeName
            | IllFormedError::MissingDeclVersion(_)
            | IllFormedError::UnknownVersion,
        ) => XmlError::XmlDeclaration { offset: start },
        QxError::IllFormed(_) => XmlError::MismatchedEndTag { offset: at },
        _ => XmlError::Truncated { offset: at },
    }
}

/// Refuses characters outside XML 1.0 `Char` in character data or an
/// attribute value that begins at `offset`. Names are checked by their own
/// grammar and markup by the tokeniser's, so together these cover every
/// byte of an accepted stanza.
fn check_chars(raw: &str, offset: usize) -> Result<(), XmlError> {
    match find_invalid_char(raw) {
        Some((at, code)) => Err(XmlError::InvalidChar {
            offset: offset + at,
            code,
        }),
        None => Ok(()),
    }
}

/// Resolves the name of a reference (`lt`, `#60`, `#x3C`).
fn resolve_reference(name: &str, offset: usize) -> Result<char, XmlError> {
    let code = match name {
        "lt" => return Ok('<'),
        "gt" => return Ok('>'),
        "amp" => return Ok('&'),
        "apos" => return Ok('\''),
        "quot" => return Ok('"'),
        _ => match name.strip_prefix('#') {
            None => return Err(XmlError::EntityReference { offset }),
            Some(num) => {
                let (digits, radix) = match num.strip_prefix('x') {
                    Some(hex) => (hex, 16),
                    None => (num, 10),
                };
                if digits.is_empty()
                    || digits.len() > 8
                    || !digits.bytes().all(|b| (b as char).is_digit(radix))
                {
                    return Err(XmlError::CharReference { offset });
                }
                u32::from_str_radix(digits, radix)
                    .map_err(|_| XmlError::CharReference { offset })?
            }
        },
    };
    match char::from_u32(code) {
        Some(c) if is_xml_char(c) => Ok(c),
        _ => Err(XmlError::InvalidChar { offset, code }),
    }
}

/// Decodes an attribute value: references resolved, `<` refused, line
/// ends and whitespace characters normalised to spaces (XML 1.0 §3.3.3).
fn decode_attribute(raw: &str, base: usize, max: usize) -> Result<Cow<'_, str>, XmlError> {
    let too_long = || XmlError::TokenTooLong {
        offset: base,
        token: Token::AttributeValue,
        max,
    };
    // One pass for the usual value: nothing to decode, normalise or look
    // at twice (controls and whitespace other than space are below 0x20;
    // U+FFFE and U+FFFF begin with 0xEF).
    if !has_suspect(raw.as_bytes(), b'&', b'<') {
        return if raw.len() > max {
            Err(too_long())
        } else {
            Ok(Cow::Borrowed(raw))
        };
    }
    check_chars(raw, base)?;
    if !raw
        .bytes()
        .any(|b| matches!(b, b'&' | b'<' | b'\t' | b'\n' | b'\r'))
    {
        return if raw.len() > max {
            Err(too_long())
        } else {
            Ok(Cow::Borrowed(raw))
        };
    }
    let bytes = raw.as_bytes();
    let mut out = String::new();
    let mut i = 0;
    let mut run = 0;
    while let Some(&b) = bytes.get(i) {
        let (piece, next): (char, usize) = match b {
            b'<' => return Err(XmlError::AttributeSyntax { offset: base + i }),
            b'&' => {
                let end = bytes
                    .get(i + 1..)
                    .and_then(|r| r.iter().position(|&c| c == b';'))
                    .ok_or(XmlError::Markup { offset: base + i })?;
                let name = raw.get(i + 1..i + 1 + end).unwrap_or_default();
                (resolve_reference(name, base + i)?, i + end + 2)
            }
            b'\r' if bytes.get(i + 1) == Some(&b'\n') => (' ', i + 2),
            b'\t' | b'\n' | b'\r' => (' ', i + 1),
            _ => {
                i += 1;
                continue;
            }
        };
        let literal = raw.get(run..i).unwrap_or_default();
        if out.len() + literal.len() + piece.len_utf8() > max {
            return Err(too_long());
        }
        out.push_str(literal);
        out.push(piece);
        i = next;
        run = next;
    }
    let literal = raw.get(run..).unwrap_or_default();
    if out.len() + literal.len() > max {
        return Err(too_long());
    }
    out.push_str(literal);
    Ok(Cow::Owned(out))
}

/// Where `]]>` begins in `raw`, if anywhere.
fn find_cdata_end(raw: &str) -> Option<usize> {
    let bytes = raw.as_bytes();
    memchr::memchr_iter(b'>', bytes)
        .find(|&gt| gt >= 2 && bytes.get(gt - 2..gt) == Some(b"]]"))
        .map(|gt| gt - 2)
}

/// The length of `raw` after line-end normalisation.
fn normalised_len(raw: &str) -> usize {
    raw.len() - memchr::memmem::find_iter(raw.as_bytes(), b"\r\n").count()
}

/// Appends `raw` with CR LF and lone CR turned into LF.
fn push_normalised(out: &mut String, raw: &str) {
    // Normalisation only shortens: one allocation for the run.
    out.reserve(raw.len());
    if memchr::memchr(b'\r', raw.as_bytes()).is_none() {
        out.push_str(raw);
        return;
    }
    let mut rest = raw;
    while let Some(p) = rest.find('\r') {
        out.push_str(rest.get(..p).unwrap_or_default());
        out.push('\n');
        rest = rest.get(p + 1..).unwrap_or_default();
        if let Some(r) = rest.strip_prefix('\n') {
            rest = r;
        }
    }
    out.push_str(rest);
}

/// Checks `<?xml ...?>`: only at byte 0, `version='1.0'`, an optional
/// UTF-8 `encoding`, an optional `standalone`, in that order.
fn check_declaration(content: &str, offset: usize) -> Result<(), XmlError> {
    let bad = XmlError::XmlDeclaration { offset };
    if offset != 0 {
        return Err(bad);
    }
    let Some(rest) = content.strip_prefix("xml") else {
        return Err(bad);
    };
    // At most three pseudo-attributes: version, encoding, standalone.
    let mut pairs = [("", ""); 3];
    let mut n = 0;
    let mut r = rest;
    loop {
        let trimmed = r.trim_start_matches([' ', '\t', '\r', '\n']);
        if trimmed.is_empty() {
            break;
        }
        if trimmed.len() == r.len() {
            return Err(bad);
        }
        let Some(slot) = pairs.get_mut(n) else {
            return Err(bad);
        };
        let (name, after) = trimmed.split_once('=').ok_or(bad.clone())?;
        let after = after.trim_start_matches([' ', '\t', '\r', '\n']);
        let quote = after
            .chars()
            .next()
            .filter(|q| *q == '"' || *q == '\'')
            .ok_or(bad.clone())?;
        let body = after.get(1..).unwrap_or_default();
        let (value, tail) = body.split_once(quote).ok_or(bad.clone())?;
        *slot = (name.trim_end_matches([' ', '\t', '\r', '\n']), value);
        n += 1;
        r = tail;
    }
    let mut it = pairs.into_iter().take(n).peekable();
    match it.next() {
        Some(("version", "1.0")) => {}
        _ => return Err(bad),
    }
    if let Some(&(name, value)) = it.peek() {
        if name == "encoding" {
            if !value.eq_ignore_ascii_case("UTF-8") {
                return Err(bad);
            }
            it.next();
        }
    }
    if let Some(&(name, value)) = it.peek() {
        if name == "standalone" && matches!(value, "yes" | "no") {
            it.next();
        }
    }
    match it.next() {
        None => Ok(()),
        Some(_) => Err(bad),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const NS: &str = "jabber:client";

    fn read(s: &str) -> Result<Element, XmlError> {
        read_element(s.as_bytes(), NS, &ParseLimits::DEFAULT)
    }

    fn read_with(s: &str, f: impl FnOnce(&mut ParseLimits)) -> Result<Element, XmlError> {
        let mut limits = ParseLimits::DEFAULT;
        f(&mut limits);
        read_element(s.as_bytes(), NS, &limits)
    }

    #[test]
    fn namespaces_resolve() {
        let e = read(
            "<message xmlns:p='urn:p' p:a='1' xml:lang='en'><p:x q='2'/><y xmlns='urn:y'><z/></y><w/></message>",
        )
        .unwrap();
        assert!(e.is("message", NS));
        assert_eq!(e.attr_ns("urn:p", "a"), Some("1"));
        assert_eq!(e.attr_ns(NS_XML, "lang"), Some("en"));
        let kids: Vec<_> = e.children().collect();
        assert!(kids[0].is("x", "urn:p"));
        assert_eq!(kids[0].attr("q"), Some("2"));
        assert!(kids[1].is("y", "urn:y"));
        assert!(kids[1].children().next().unwrap().is("z", "urn:y"));
        assert!(kids[2].is("w", NS));
    }

    #[test]
    fn empty_default_namespace_undeclares() {
        let e = read("<message><x xmlns=''><y/></x></message>").unwrap();
        let x = e.children().next().unwrap();
        assert!(x.is("x", ""));
        assert!(x.children().next().unwrap().is("y", ""));
    }

    #[test]
    fn text_is_decoded_and_merged() {
        let e = read("<m>a &lt;&#60;&#x3c; <![CDATA[<&]]>\r\nb\rc</m>").unwrap();
        assert_eq!(e.nodes().count(), 1);
        assert_eq!(e.text(), "a <<< <&\nb\nc");
    }

    #[test]
    fn attribute_values_are_normalised() {
        let e = read("<m a='x\ty\r\nz&#9;&#10;&amp;&quot;' b=\"'\"/>").unwrap();
        assert_eq!(e.attr("a"), Some("x y z\t\n&\""));
        assert_eq!(e.attr("b"), Some("'"));
    }

    #[test]
    fn whitespace_around_the_element_is_allowed() {
        assert!(read(" \r\n\t<m/>\n ").is_ok());
        assert!(read("<?xml version='1.0' encoding='utf-8'?><m/>").is_ok());
        assert!(read("<?xml version=\"1.0\" standalone='yes'?>\n<m/>").is_ok());
    }

    #[test]
    fn refusals() {
        use XmlError::*;
        let table: &[(&str, XmlError)] = &[
            ("", NoElement),
            ("  ", NoElement),
            ("<m>", Truncated { offset: 3 }),
            ("<m", Truncated { offset: 0 }),
            ("<m><n></m>", MismatchedEndTag { offset: 6 }),
            ("<m/></m>", TrailingContent { offset: 4 }),
            ("<m/>x", TrailingContent { offset: 4 }),
            ("<m/><n/>", SecondRoot { offset: 4 }),
            ("x<m/>", TextOutsideRoot { offset: 0 }),
            ("\u{FEFF}<m/>", TextOutsideRoot { offset: 0 }),
            ("<m><!-- c --></m>", Comment { offset: 3 }),
            ("<m/><!-- c -->", Comment { offset: 4 }),
            ("<m><?pi x?></m>", ProcessingInstruction { offset: 3 }),
            (
                "<?xml-stylesheet href='x'?><m/>",
                ProcessingInstruction { offset: 0 },
            ),
            (" <?xml version='1.0'?><m/>", XmlDeclaration { offset: 1 }),
            ("<?xml version='1.1'?><m/>", XmlDeclaration { offset: 0 }),
            (
                "<?xml version='1.0' encoding='ISO-8859-1'?><m/>",
                XmlDeclaration { offset: 0 },
            ),
            ("<!DOCTYPE m><m/>", Doctype { offset: 0 }),
            ("<m>&foo;</m>", EntityReference { offset: 3 }),
            ("<m a='&foo;'/>", EntityReference { offset: 6 }),
            ("<m>&#;</m>", CharReference { offset: 3 }),
            ("<m>&#x;</m>", CharReference { offset: 3 }),
            ("<m>&#X41;</m>", CharReference { offset: 3 }),
            ("<m>&#0;</m>", InvalidChar { offset: 3, code: 0 }),
            (
                "<m>&#xD800;</m>",
                InvalidChar {
                    offset: 3,
                    code: 0xD800,
                },
            ),
            (
                "<m>&#x110000;</m>",
                InvalidChar {
                    offset: 3,
                    code: 0x11_0000,
                },
            ),
            ("<m>&#99999999999;</m>", CharReference { offset: 3 }),
            ("<m>\u{1}</m>", InvalidChar { offset: 3, code: 1 }),
            (
                "<m a='\u{FFFF}'/>",
                InvalidChar {
                    offset: 6,
                    code: 0xFFFF,
                },
            ),
            ("<m>a & b</m>", Markup { offset: 5 }),
            ("<m a='&'/>", Markup { offset: 6 }),
            ("<m>]]></m>", Markup { offset: 3 }),
            ("<m>a]]]>b</m>", Markup { offset: 5 }),
            ("<m a='<'/>", AttributeSyntax { offset: 6 }),
            ("<m a='1'b='2'/>", AttributeSyntax { offset: 8 }),
            ("<m a/>", AttributeSyntax { offset: 4 }),
            ("<m a=1/>", AttributeSyntax { offset: 5 }),
            ("<m a='1' a='2'/>", DuplicateAttribute { offset: 9 }),
            (
                "<m xmlns:p='u' xmlns:q='u' p:a='1' q:a='2'/>",
                DuplicateAttribute { offset: 35 },
            ),
            (
                "<m xmlns='a' xmlns='b'/>",
                DuplicateAttribute { offset: 13 },
            ),
            ("<p:m/>", UnboundPrefix { offset: 1 }),
            ("<m p:a='1'/>", UnboundPrefix { offset: 3 }),
            (
                "<m><n xmlns:p='u'/><p:x/></m>",
                UnboundPrefix { offset: 20 },
            ),
            ("<m xmlns:p=''/>", ReservedNamespace { offset: 3 }),
            ("<m xmlns:xml='urn:x'/>", ReservedNamespace { offset: 3 }),
            ("<m xmlns:xmlns='urn:x'/>", ReservedNamespace { offset: 3 }),
            (
                "<m xmlns='http://www.w3.org/XML/1998/namespace'/>",
                ReservedNamespace { offset: 3 },
            ),
            ("<xml:m/>", ReservedNamespace { offset: 1 }),
            ("<>", InvalidName { offset: 1 }),
            ("< m/>", InvalidName { offset: 1 }),
            ("<1m/>", InvalidName { offset: 1 }),
            ("<a:b:c/>", InvalidName { offset: 1 }),
            ("<m 1='x'/>", InvalidName { offset: 3 }),
            ("<m a='1' / >", InvalidName { offset: 9 }),
            (
                "<m>\u{FFFE}</m>",
                InvalidChar {
                    offset: 3,
                    code: 0xFFFE,
                },
            ),
        ];
        for (input, expected) in table {
            assert_eq!(read(input).as_ref().err(), Some(expected), "{input:?}");
        }
        assert_eq!(
            read_element(b"<m>\xff</m>", NS, &ParseLimits::DEFAULT),
            Err(Utf8 { offset: 3 })
        );
    }

    #[test]
    fn attribute_names_follow_the_element_type() {
        // U+FDF0 is a `NameStartChar`; the element type refuses it in an
        // attribute name, and the reader with it, for every sink alike.
        assert!(read("<m\u{FDF0}/>").is_ok());
        assert_eq!(
            read("<m a\u{FDF0}='1'/>"),
            Err(XmlError::InvalidName { offset: 3 })
        );
    }

    #[test]
    fn duplicates_among_many_attributes() {
        let many: String = (0..20).map(|i| format!(" a{i}='x'")).collect();
        let s = format!("<m{many} xmlns:p='u' xmlns:q='u' p:b='1' a7='z' q:b='2'/>");
        let at = s.find("a7='z'").unwrap();
        assert_eq!(read(&s), Err(XmlError::DuplicateAttribute { offset: at }));
        let s = format!("<m{many} xmlns:p='u' xmlns:q='u' p:b='1' q:b='2'/>");
        let at = s.find("q:b").unwrap();
        assert_eq!(read(&s), Err(XmlError::DuplicateAttribute { offset: at }));
        let s = format!("<m{many} a3='y' r:c='1'/>");
        let at = s.find("a3='y'").unwrap();
        assert_eq!(read(&s), Err(XmlError::DuplicateAttribute { offset: at }));
        let s = format!("<m{many} r:c='1' a3='y'/>");
        let at = s.find("r:c").unwrap();
        assert_eq!(read(&s), Err(XmlError::UnboundPrefix { offset: at }));
    }

    #[test]
    fn xml_prefix_may_be_declared_as_itself() {
        let e =
            read("<m xmlns:xml='http://www.w3.org/XML/1998/namespace' xml:lang='de'/>").unwrap();
        assert_eq!(e.attr_ns(NS_XML, "lang"), Some("de"));
    }

    #[test]
    fn limits_apply_while_reading() {
        use XmlError::*;
        assert_eq!(
            read_with("<m><a><b/></a></m>", |l| l.max_xml_depth = 2),
            Err(TooDeep { offset: 6, max: 2 })
        );
        assert!(read_with("<m><a/></m>", |l| l.max_xml_depth = 2).is_ok());
        assert_eq!(
            read_with("<m><a/><b/></m>", |l| l.max_xml_elements = 2),
            Err(TooManyElements { offset: 7, max: 2 })
        );
        assert_eq!(
            read_with("<m a='1' b='2'/>", |l| l.max_xml_attributes = 1),
            Err(TooManyAttributes { offset: 9, max: 1 })
        );
        assert_eq!(
            read_with("<m xmlns:p='u' a='1'/>", |l| l.max_xml_attributes = 1),
            Err(TooManyAttributes { offset: 15, max: 1 })
        );
        assert_eq!(
            read_with("<mmmm/>", |l| l.max_xml_token_bytes = 3),
            Err(TokenTooLong {
                offset: 1,
                token: Token::Name,
                max: 3
            })
        );
        assert_eq!(
            read_with("<m a='xxxx'/>", |l| l.max_xml_token_bytes = 3),
            Err(TokenTooLong {
                offset: 6,
                token: Token::AttributeValue,
                max: 3
            })
        );
        assert_eq!(
            read_with("<m a='&amp;&amp;&amp;&amp;'/>", |l| l.max_xml_token_bytes =
                3),
            Err(TokenTooLong {
                offset: 6,
                token: Token::AttributeValue,
                max: 3
            })
        );
        assert!(read_with("<m a='&amp;&amp;&amp;'/>", |l| l.max_xml_token_bytes = 3).is_ok());
        assert_eq!(
            read_with("<m>ab&amp;<![CDATA[c]]></m>", |l| l.max_xml_token_bytes = 3),
            Err(TokenTooLong {
                offset: 3,
                token: Token::Text,
                max: 3
            })
        );
        assert!(read_with("<m>ab<x/>cd</m>", |l| l.max_xml_token_bytes = 3).is_ok());
        assert!(read_with("<m>a\r\nb</m>", |l| l.max_xml_token_bytes = 3).is_ok());
        assert_eq!(
            read_with("<m/>  ", |l| l.max_stanza_bytes = 5),
            Err(TooLarge { len: 6, max: 5 })
        );
    }

    #[test]
    fn depth_ceiling_holds() {
        let deep = "<a>".repeat(XML_CEILING_PLUS);
        let err = read_with(&deep, |l| {
            l.max_xml_depth = usize::MAX;
            l.max_stanza_bytes = usize::MAX;
            l.max_xml_elements = usize::MAX;
        })
        .unwrap_err();
        assert_eq!(
            err,
            XmlError::TooDeep {
                offset: 3 * crate::limits::XML_DEPTH_CEILING,
                max: crate::limits::XML_DEPTH_CEILING
            }
        );
    }
    const XML_CEILING_PLUS: usize = crate::limits::XML_DEPTH_CEILING + 5;

    #[test]
    fn documents_skip_comments_and_record_offsets() {
        let s = "<?xml version='1.0'?><!-- head --><m><a/><!-- in --><b><c/></b>t<!-- x -->u</m><!-- tail -->\n";
        let d = read_document(s.as_bytes(), NS, &ParseLimits::DEFAULT).unwrap();
        let at = |needle: &str| s.find(needle).unwrap();
        assert_eq!(d.offsets, [at("<m>"), at("<a/>"), at("<b>"), at("<c/>")]);
        assert_eq!(d.root.nodes().count(), 3);
        assert_eq!(d.root.text(), "tu");
        use XmlError::*;
        for (input, expected) in [
            ("<m><!-- a -- b --></m>", Comment { offset: 10 }),
            ("<m><!-- \u{1} --></m>", InvalidChar { offset: 8, code: 1 }),
            ("<m><!-- x", Comment { offset: 3 }),
            ("<?pi?><m/>", ProcessingInstruction { offset: 0 }),
            ("<!DOCTYPE m><m/>", Doctype { offset: 0 }),
        ] {
            assert_eq!(
                read_document(input.as_bytes(), NS, &ParseLimits::DEFAULT).err(),
                Some(expected),
                "{input:?}"
            );
        }
        // The size limit is the caller's: none is applied here.
        let limits = ParseLimits {
            max_stanza_bytes: 1,
            ..ParseLimits::DEFAULT
        };
        assert!(read_document(b"<m/>", NS, &limits).is_ok());
        // Stanzas still refuse comments.
        assert_eq!(read("<m><!-- c --></m>"), Err(Comment { offset: 3 }));
    }
}
