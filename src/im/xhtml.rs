//! HTML message bodies to XHTML-IM (RFC 7572 §7, XEP-0071).
//!
//! RFC 7572 §7 says a SIP-to-XMPP gateway SHOULD process `text/html`
//! MESSAGE bodies and, when it does, MUST convert the HTML into XHTML-IM.
//! [`html_to_xhtml_im`] does that for HTML as mail and IM clients write
//! it, which is rarely well-formed XHTML, and returns the two things
//! XEP-0071 puts in a message: the plain text for the `<body/>` (§4:
//! the meaning of the message is always carried there) and the
//! `<html xmlns='http://jabber.org/protocol/xhtml-im'>` wrapper with one
//! `<body xmlns='http://www.w3.org/1999/xhtml'>`.
//!
//! # Reading HTML
//!
//! A small tolerant tokenizer shaped after HTML5 §13.2.5 reads tags with
//! quoted, unquoted and valueless attributes, names in any case, and
//! character references (the HTML 4 entities, `&apos;`, and numeric
//! references, with 0x80-0x9F read as Windows-1252). Characters outside
//! XML 1.0 `Char` are dropped; CR LF becomes LF. Comments, DOCTYPE,
//! CDATA sections and processing instructions are skipped, and so are
//! `<script>`, `<style>`, `<head>`, `<title>`, `<object>`, `<embed>`,
//! `<iframe>`, `<applet>`, `<form>` (and the other elements that embed
//! or execute something: `<svg>`, `<math>`, `<video>`, `<template>`, form
//! controls…) together with their content. Void elements (`br`, `img`,
//! `hr`, `meta`, `link`, `input`…) never take content; `<x/>` is an empty
//! element. When the input has a `<body>` element only its content is
//! converted; otherwise the whole input is.
//!
//! Unclosed and mis-nested tags are closed the way HTML closes them, in
//! simplified form: an end tag closes the nearest open element of its
//! name and every element opened after it (end tags matching nothing are
//! ignored); a block element closes an open `<p>`; `<li>`, `<dt>`,
//! `<dd>`, headings, `<a>` and table cells close their open predecessor;
//! what is still open at the end is closed there. No element tree is
//! walked recursively: the open elements are an explicit stack.
//!
//! # What survives: the whitelist
//!
//! XEP-0071 defines an Integration Set (§6) and, inside it, a recommended
//! profile (§7). The conversion keeps the **elements of the Integration
//! Set** and the **attributes and style properties of the recommended
//! profile**:
//!
//! - Elements: the Text module (`abbr acronym address blockquote br cite
//!   code dfn div em h1`–`h6` `kbd p pre q samp span strong var`), the
//!   Hypertext module (`a`), the List module (`dl dt dd ol ul li`) and
//!   the Image module (`img`). The Structure module's `head`, `html` and
//!   `title` are never produced (§7 says not to), `body` only as the
//!   wrapper's child. The §7 element list alone (`a br img li ol p span
//!   ul`) would turn `<b>` into a styled `<span>`; the Integration Set
//!   keeps `<strong>`, as RFC 7572's digest vector TV-IM-14 expects, and
//!   keeps headings, quotes, code and definition lists that carry
//!   meaning in the source.
//! - Attributes (the §7 summary table): `a`: `href`, `style`, `type`;
//!   `img`: `alt`, `height`, `src`, `style`, `width`; `br`: none; every
//!   other element: `style`. `class`, `id`, `title`, event handlers
//!   (`onclick`…) and everything else are dropped.
//! - `style` keeps only the ten CSS1 properties of §7.1
//!   (`background-color color font-family font-size font-style
//!   font-weight margin-left margin-right text-align text-decoration`),
//!   each with a value made of letters, digits, spaces, `# % . , - + ! _`,
//!   quoted strings of the same and `rgb()`/`rgba()`/`hsl()`/`hsla()`
//!   calls: so no `url(`, `expression(`, escape, comment, `<`, `>` or
//!   control character can pass.
//! - `href` and `src` keep only URLs with the schemes `http`, `https`,
//!   `mailto`, `xmpp`, `sip`, `sips`, `im`, `tel`, `cid`, compared
//!   without regard to case after the spaces and controls browsers ignore
//!   are removed (so `JaVa&#x09;ScRiPt:` is `javascript:` and dropped);
//!   relative URLs are dropped too (XEP-0071 §9 security). An `<a>`
//!   without such a link is replaced by its content, an `<img>` without
//!   such a source by its `alt` text.
//!
//! Presentational HTML is mapped: `b`→`strong`, `i`→`em`, `tt`→`code`,
//! `u`/`ins`→`span style='text-decoration: underline'`,
//! `s`/`strike`/`del`→`span style='text-decoration: line-through'`,
//! `big`/`small`→`span` with `font-size: larger`/`smaller`,
//! `font color/face/size`→`span` with `color`/`font-family`/`font-size`,
//! `center`→`div style='text-align: center'`, `align` on `p`, `div` and
//! headings→`text-align`, `dir`/`menu`→`ul`, `listing`→`pre`, and the
//! HTML5 sectioning elements and table rows→`div`. Any other element is
//! unwrapped: its content is kept, the element dropped (XEP-0071 §10.2
//! asks receivers to treat unknown elements the same way). A `<span>`
//! left without attributes is unwrapped too.
//!
//! # Plain text
//!
//! The text has the same content as the XHTML (XEP-0071 §8 rule 2):
//! whitespace runs collapse to one space outside `<pre>`, a `<br>` is a
//! line break, block elements (paragraphs, divisions, headings, list
//! items, quotes, table rows…) start and end lines, list items are
//! prefixed with `- ` or their number (nested lists indented by two
//! spaces), table cells are separated by a space, and images contribute
//! their `alt` text. The text has no leading line break and no trailing
//! whitespace. Whitespace in the XHTML collapses the same way, and is
//! dropped where a block element starts or ends.
//!
//! # Limits
//!
//! Checked while tokenizing, against the caller's [`ParseLimits`], so
//! that the result placed in a `<message/>` always reads back under the
//! same limits:
//!
//! - the input is at most [`max_body_bytes`](ParseLimits::max_body_bytes)
//!   ([`HtmlError::TooLarge`]);
//! - the XHTML elements inside `<body/>` number at most
//!   [`max_xml_elements`](ParseLimits::max_xml_elements) minus
//!   [`ENVELOPE_ELEMENTS`] ([`HtmlError::TooManyElements`]);
//! - nesting deeper than [`xml_depth`](ParseLimits::xml_depth) minus the
//!   three levels of `<message/>`, `<html/>` and `<body/>` is
//!   **flattened**: deeper elements are unwrapped, their text kept, so a
//!   message nested ten thousand deep still converts, in linear time;
//!   only the first [`XML_DEPTH_CEILING`] open elements are tracked at
//!   all, later start tags are ignored;
//! - the plain text and each XHTML text node are at most
//!   [`max_xml_token_bytes`](ParseLimits::max_xml_token_bytes)
//!   ([`HtmlError::TextTooLong`]); attribute values longer than that are
//!   dropped; at most [`max_xml_attributes`](ParseLimits::max_xml_attributes)
//!   attributes are kept per element;
//! - the XHTML and the plain text, as the stanza writer writes them, take
//!   at most half of [`max_stanza_bytes`](ParseLimits::max_stanza_bytes),
//!   leaving the other half to the rest of the message
//!   ([`HtmlError::OutputTooLarge`]).
//!
//! Limits too small to hold the wrapper at all are refused as
//! [`HtmlError::LimitsTooSmall`].

mod entities;
mod filter;
mod tokenizer;

use std::collections::BTreeMap;

use minidom::Element;
use minidom::rxml::{Namespace, NcName};

use self::filter::{
    align, attribute_cost, collapse, css_value, decode_attribute, decode_into, font_size, length,
    media_type, push_declaration, style_declarations, style_text, text_cost, url,
};
use self::tokenizer::{RawAttr, Token, Tokenizer, is_html_space};
use crate::limits::{ParseLimits, XML_DEPTH_CEILING};

/// The namespace of the XHTML-IM wrapper element `<html/>`.
pub const NS_XHTML_IM: &str = "http://jabber.org/protocol/xhtml-im";

/// The XHTML namespace of `<body/>` and its content.
pub const NS_XHTML: &str = "http://www.w3.org/1999/xhtml";

/// Elements of the message around the XHTML content that count against
/// [`ParseLimits::max_xml_elements`]: `<message/>`, `<subject/>`,
/// `<body/>`, `<thread/>`, `<html/>` and the XHTML `<body/>`.
pub const ENVELOPE_ELEMENTS: usize = 6;

/// Levels above the XHTML content: `<message/>`, `<html/>`, `<body/>`.
const WRAPPER_DEPTH: usize = 3;

/// Bytes of the wrapper and of the plain `<body/>` tags as written:
/// `<html xmlns='…'><body xmlns='…'></body></html>` and
/// `<body></body>`.
const WRAPPER_COST: usize = 13 + NS_XHTML_IM.len() + 2 + 13 + NS_XHTML.len() + 2 + 14 + 13;

/// The conversion of an HTML body: plain text and XHTML-IM.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct XhtmlIm {
    /// The text for the message's `<body/>`. May be empty (an image
    /// without `alt`, or nothing but markup).
    pub plain: String,
    /// `<html xmlns='http://jabber.org/protocol/xhtml-im'>` holding one
    /// `<body xmlns='http://www.w3.org/1999/xhtml'>`.
    pub html: Element,
}

/// Why an HTML body could not be converted.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum HtmlError {
    /// The input is larger than [`ParseLimits::max_body_bytes`].
    #[error("HTML body of {len} bytes exceeds the limit of {max}")]
    TooLarge {
        /// Input length in bytes.
        len: usize,
        /// The limit.
        max: usize,
    },
    /// More XHTML elements than the limit leaves room for.
    #[error("element at byte {offset} exceeds the limit of {max} XHTML elements")]
    TooManyElements {
        /// Byte offset of the start tag.
        offset: usize,
        /// Elements allowed inside the XHTML `<body/>`.
        max: usize,
    },
    /// The plain text or one XHTML text node is longer than
    /// [`ParseLimits::max_xml_token_bytes`].
    #[error("text at byte {offset} exceeds the limit of {max} bytes")]
    TextTooLong {
        /// Byte offset of the token that made it too long.
        offset: usize,
        /// The limit.
        max: usize,
    },
    /// The written XHTML and plain text would take more than half of
    /// [`ParseLimits::max_stanza_bytes`].
    #[error("XHTML-IM for the input up to byte {offset} exceeds {max} bytes written")]
    OutputTooLarge {
        /// Byte offset of the token that made it too large.
        offset: usize,
        /// Bytes allowed.
        max: usize,
    },
    /// The caller's limits leave no room for the XHTML-IM wrapper: fewer
    /// than three levels of depth, fewer than [`ENVELOPE_ELEMENTS`]
    /// elements, no attribute, or names shorter than the XHTML-IM
    /// namespace.
    #[error("ParseLimits::{limit} is too small for an XHTML-IM payload")]
    LimitsTooSmall {
        /// The field of [`ParseLimits`].
        limit: &'static str,
    },
}

/// Converts an HTML message body to XHTML-IM and plain text (RFC 7572 §7);
/// see the [module documentation](self) for what is kept and how.
///
/// ```
/// use sip_xmpp::ParseLimits;
/// use sip_xmpp::im::xhtml::html_to_xhtml_im;
///
/// let x = html_to_xhtml_im(
///     "<html><body><p>Good <b>night</b></p></body></html>",
///     &ParseLimits::DEFAULT,
/// )?;
/// assert_eq!(x.plain, "Good night");
/// let body = x.html.children().next().unwrap();
/// let p = body.children().next().unwrap();
/// assert_eq!(p.name(), "p");
/// assert_eq!(p.children().next().unwrap().name(), "strong");
/// # Ok::<(), sip_xmpp::im::xhtml::HtmlError>(())
/// ```
pub fn html_to_xhtml_im(html: &str, limits: &ParseLimits) -> Result<XhtmlIm, HtmlError> {
    check_limits(limits)?;
    if html.len() > limits.max_body_bytes {
        return Err(HtmlError::TooLarge {
            len: html.len(),
            max: limits.max_body_bytes,
        });
    }
    let mut converter = Converter::new(html, limits);
    let mut tokens = Tokenizer::new(html, is_kept_attribute, KEPT_ATTRIBUTES.len());
    let mut attrs = Vec::new();
    while !converter.done {
        let Some(token) = tokens.next(&mut attrs) else {
            break;
        };
        let offset = match token {
            Token::Text { raw, offset } => {
                converter.text(raw)?;
                offset
            }
            Token::Start {
                name,
                self_closing,
                offset,
            } => {
                converter.start(name, self_closing, &attrs, offset)?;
                offset
            }
            Token::End { name, offset } => {
                converter.end(name, offset)?;
                offset
            }
        };
        converter.check(offset)?;
    }
    converter.finish()
}

fn check_limits(limits: &ParseLimits) -> Result<(), HtmlError> {
    let limit = if limits.xml_depth() < WRAPPER_DEPTH {
        "max_xml_depth"
    } else if limits.max_xml_elements < ENVELOPE_ELEMENTS {
        "max_xml_elements"
    } else if limits.max_xml_attributes < 1 {
        "max_xml_attributes"
    } else if limits.max_xml_token_bytes < NS_XHTML_IM.len() {
        "max_xml_token_bytes"
    } else if limits.max_stanza_bytes / 2 < WRAPPER_COST {
        "max_stanza_bytes"
    } else {
        return Ok(());
    };
    Err(HtmlError::LimitsTooSmall { limit })
}

/// The attributes any conversion reads; the tokenizer skips the others.
const KEPT_ATTRIBUTES: [&str; 11] = [
    "style", "href", "src", "alt", "width", "height", "type", "color", "face", "size", "align",
];

fn is_kept_attribute(name: &str) -> bool {
    KEPT_ATTRIBUTES.iter().any(|k| k.eq_ignore_ascii_case(name))
}

/// What becomes of an element.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    /// Kept as this XHTML-IM element, with this CSS added.
    Keep(&'static str, Option<&'static str>),
    /// `<a>`: kept with an allowed `href`, unwrapped otherwise.
    A,
    /// `<img>`: kept with an allowed `src`, its `alt` text otherwise.
    Img,
    /// `<br>`.
    Br,
    /// `<font>`: a `<span>` with the CSS of its attributes.
    Font,
    /// `<html>`: ignored.
    Html,
    /// `<head>`: skipped up to its end or the first body content.
    Head,
    /// `<body>`: what is converted, when present.
    Body,
    /// Unwrapped: content kept, element dropped.
    Unwrap,
    /// A table cell: unwrapped, separated from its neighbours by a space.
    Cell,
    /// Dropped with its content.
    Drop,
    /// A void element, dropped.
    Void,
}

/// How an element name is treated.
#[derive(Debug)]
struct Spec {
    /// The lower-case HTML name.
    name: &'static str,
    role: Role,
    /// Starts and ends a line.
    block: bool,
}

const fn inline(name: &'static str, role: Role) -> Spec {
    Spec {
        name,
        role,
        block: false,
    }
}

const fn block(name: &'static str, role: Role) -> Spec {
    Spec {
        name,
        role,
        block: true,
    }
}

const fn same(name: &'static str) -> Spec {
    inline(name, Role::Keep(name, None))
}

const fn same_block(name: &'static str) -> Spec {
    block(name, Role::Keep(name, None))
}

const DIV: Role = Role::Keep("div", None);
const UNDERLINE: Role = Role::Keep("span", Some("text-decoration: underline"));
const STRIKE: Role = Role::Keep("span", Some("text-decoration: line-through"));

/// Every element name treated specially; the others are unwrapped.
static SPECS: &[Spec] = &[
    // XHTML-IM Integration Set, kept.
    same("abbr"),
    same("acronym"),
    same("cite"),
    same("code"),
    same("dfn"),
    same("em"),
    same("kbd"),
    same("q"),
    same("samp"),
    same("span"),
    same("strong"),
    same("var"),
    same_block("address"),
    same_block("blockquote"),
    same_block("div"),
    same_block("h1"),
    same_block("h2"),
    same_block("h3"),
    same_block("h4"),
    same_block("h5"),
    same_block("h6"),
    same_block("p"),
    same_block("pre"),
    same_block("dl"),
    same_block("dt"),
    same_block("dd"),
    same_block("ol"),
    same_block("ul"),
    same_block("li"),
    inline("a", Role::A),
    inline("img", Role::Img),
    inline("image", Role::Img),
    inline("br", Role::Br),
    // Presentational HTML, mapped.
    inline("b", Role::Keep("strong", None)),
    inline("i", Role::Keep("em", None)),
    inline("tt", Role::Keep("code", None)),
    inline("u", UNDERLINE),
    inline("ins", UNDERLINE),
    inline("s", STRIKE),
    inline("strike", STRIKE),
    inline("del", STRIKE),
    inline("big", Role::Keep("span", Some("font-size: larger"))),
    inline("small", Role::Keep("span", Some("font-size: smaller"))),
    inline("font", Role::Font),
    block("center", Role::Keep("div", Some("text-align: center"))),
    block("dir", Role::Keep("ul", None)),
    block("menu", Role::Keep("ul", None)),
    block("listing", Role::Keep("pre", None)),
    block("article", DIV),
    block("aside", DIV),
    block("caption", DIV),
    block("details", DIV),
    block("fieldset", DIV),
    block("figcaption", DIV),
    block("figure", DIV),
    block("footer", DIV),
    block("header", DIV),
    block("hgroup", DIV),
    block("legend", DIV),
    block("main", DIV),
    block("nav", DIV),
    block("section", DIV),
    block("summary", DIV),
    block("tr", DIV),
    // Document structure.
    inline("html", Role::Html),
    inline("head", Role::Head),
    inline("body", Role::Body),
    // Tables: only the row separation survives.
    block("table", Role::Unwrap),
    block("thead", Role::Unwrap),
    block("tbody", Role::Unwrap),
    block("tfoot", Role::Unwrap),
    inline("td", Role::Cell),
    inline("th", Role::Cell),
    // Embedded, executable or interactive content: dropped whole.
    // (`script`, `style`, `title`, `textarea`, `iframe`, `xmp`,
    // `noembed`, `noframes` and `noscript` never get here: the tokenizer
    // skips them as raw text.)
    inline("applet", Role::Drop),
    inline("audio", Role::Drop),
    inline("button", Role::Drop),
    inline("canvas", Role::Drop),
    inline("datalist", Role::Drop),
    inline("form", Role::Drop),
    inline("frameset", Role::Drop),
    inline("map", Role::Drop),
    inline("math", Role::Drop),
    inline("object", Role::Drop),
    inline("optgroup", Role::Drop),
    inline("option", Role::Drop),
    inline("select", Role::Drop),
    inline("svg", Role::Drop),
    inline("template", Role::Drop),
    inline("video", Role::Drop),
    // Void elements.
    block("hr", Role::Void),
    inline("area", Role::Void),
    inline("base", Role::Void),
    inline("basefont", Role::Void),
    inline("bgsound", Role::Void),
    inline("col", Role::Void),
    inline("embed", Role::Void),
    inline("frame", Role::Void),
    inline("input", Role::Void),
    inline("keygen", Role::Void),
    inline("link", Role::Void),
    inline("meta", Role::Void),
    inline("param", Role::Void),
    inline("source", Role::Void),
    inline("track", Role::Void),
    inline("wbr", Role::Void),
];

/// The entry for an element name, and its index in [`SPECS`].
fn spec_of(name: &str) -> Option<(usize, &'static Spec)> {
    let first = name.bytes().next()?.to_ascii_lowercase();
    SPECS.iter().enumerate().find(|(_, s)| {
        s.name.len() == name.len()
            && s.name.as_bytes().first() == Some(&first)
            && s.name.eq_ignore_ascii_case(name)
    })
}

/// The index in [`SPECS`] of a known name.
fn spec_index(name: &str) -> Option<usize> {
    SPECS.iter().position(|s| s.name == name)
}

/// Elements whose search for an open element to close stops there.
const SCOPE: [&str; 4] = ["table", "td", "th", "caption"];

/// The searches for open elements that a start tag implies are closed:
/// the start tags, the elements closed, where the search stops.
const IMPLIED: [(&[&str], &[&str], &[&str]); 5] = [
    (
        &["li"],
        &["li"],
        &["ul", "ol", "dir", "menu", "table", "td", "th", "caption"],
    ),
    (
        &["dt", "dd"],
        &["dt", "dd"],
        &["dl", "table", "td", "th", "caption"],
    ),
    (&["a"], &["a"], &SCOPE),
    (&["td", "th"], &["td", "th"], &["tr", "table"]),
    (&["tr"], &["tr"], &["table"]),
];

/// A search for an open element, by [`SPECS`] indexes.
#[derive(Debug, Default)]
struct Search {
    targets: Vec<usize>,
    stops: Vec<usize>,
}

impl Search {
    fn new(targets: &[&str], stops: &[&str]) -> Self {
        Search {
            targets: targets.iter().filter_map(|t| spec_index(t)).collect(),
            stops: stops.iter().filter_map(|t| spec_index(t)).collect(),
        }
    }
}

/// A list being numbered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum List {
    Bullets,
    Numbers(u32),
}

/// An open element.
#[derive(Debug)]
struct Frame<'a> {
    /// Lower case for known elements, as written otherwise.
    name: &'a str,
    /// Index in [`SPECS`] of a known element.
    spec: Option<usize>,
    /// Its XHTML element is open on `Converter::built`.
    emitted: bool,
    block: bool,
    cell: bool,
    pre: bool,
    list: Option<List>,
}

/// An element dropped with its content, being skipped.
struct Skip<'a> {
    name: &'a str,
    depth: usize,
}

struct Converter<'a> {
    /// Levels of XHTML elements allowed below `<body/>`.
    depth_limit: usize,
    element_limit: usize,
    attribute_limit: usize,
    token_limit: usize,
    size_limit: usize,
    input_len: usize,

    open: Vec<Frame<'a>>,
    /// For each entry of [`SPECS`], the indexes in `open` of the open
    /// elements of that name, innermost last: every search for an open
    /// known element is a lookup.
    open_at: Vec<Vec<usize>>,
    /// The same for elements of unknown names, by lower-case name.
    unknown_at: BTreeMap<String, Vec<usize>>,
    /// Scratch space for a lower-case name.
    key: String,
    /// The search a block start makes for an open `<p>`.
    close_p: Search,
    /// The searches of [`IMPLIED`], with the start tags' indexes.
    implied: Vec<(Vec<usize>, Search)>,
    /// The search a list item makes for its list.
    list_search: Search,
    /// The XHTML elements being built: `<body/>` first, then one per
    /// emitted open frame.
    built: Vec<Element>,
    /// Character data for the last element of `built`, not yet appended.
    text: String,
    elements: usize,
    /// Bytes the output takes written, counted as it grows.
    size: usize,
    /// Open `<pre>` elements.
    pre: usize,
    /// Right after a `<pre>` start tag, whose first LF is dropped.
    pre_start: bool,
    /// Open lists.
    lists: usize,
    /// A soft space is due before the next XHTML content.
    x_space: bool,
    /// At the start of an XHTML block: no space due.
    x_fresh: bool,

    plain: String,
    plain_space: bool,
    /// A line break is due before the next plain content.
    plain_break: bool,
    /// At the start of a line (or right after a list marker).
    plain_fresh: bool,
    /// The line holds only a list marker.
    marker_only: bool,

    skip: Option<Skip<'a>>,
    in_head: bool,
    body_seen: bool,
    done: bool,
    scratch: String,
}

impl<'a> Converter<'a> {
    fn new(input: &'a str, limits: &ParseLimits) -> Self {
        Converter {
            depth_limit: limits.xml_depth().saturating_sub(WRAPPER_DEPTH),
            element_limit: limits.max_xml_elements.saturating_sub(ENVELOPE_ELEMENTS),
            attribute_limit: limits.max_xml_attributes,
            token_limit: limits.max_xml_token_bytes,
            size_limit: limits.max_stanza_bytes / 2,
            input_len: input.len(),
            open: Vec::new(),
            open_at: SPECS.iter().map(|_| Vec::new()).collect(),
            unknown_at: BTreeMap::new(),
            key: String::new(),
            close_p: Search::new(&["p"], &SCOPE),
            list_search: Search::new(&["ul", "ol", "dir", "menu"], &[]),
            implied: IMPLIED
                .iter()
                .map(|(starts, targets, stops)| {
                    (
                        starts.iter().filter_map(|s| spec_index(s)).collect(),
                        Search::new(targets, stops),
                    )
                })
                .collect(),
            built: vec![Element::bare("body", NS_XHTML)],
            text: String::new(),
            elements: 0,
            size: WRAPPER_COST,
            pre: 0,
            pre_start: false,
            lists: 0,
            x_space: false,
            x_fresh: true,
            plain: String::new(),
            plain_space: false,
            plain_break: false,
            plain_fresh: true,
            marker_only: false,
            skip: None,
            in_head: false,
            body_seen: false,
            done: false,
            scratch: String::new(),
        }
    }

    /// The limits that grow with every token.
    fn check(&self, offset: usize) -> Result<(), HtmlError> {
        if self.plain.len() > self.token_limit || self.text.len() > self.token_limit {
            return Err(HtmlError::TextTooLong {
                offset,
                max: self.token_limit,
            });
        }
        if self.size > self.size_limit {
            return Err(HtmlError::OutputTooLarge {
                offset,
                max: self.size_limit,
            });
        }
        Ok(())
    }

    // ------------------------------------------------------------ tokens

    fn text(&mut self, raw: &str) -> Result<(), HtmlError> {
        if self.skip.is_some() {
            return Ok(());
        }
        let mut decoded = std::mem::take(&mut self.scratch);
        decoded.clear();
        decode_into(raw, false, &mut decoded);
        if self.in_head {
            if decoded.bytes().all(is_html_space) {
                self.scratch = decoded;
                return Ok(());
            }
            self.in_head = false;
        }
        if self.pre > 0 {
            self.verbatim(&decoded);
        } else {
            self.words(&decoded, true, true);
        }
        self.pre_start = false;
        self.scratch = decoded;
        Ok(())
    }

    fn start(
        &mut self,
        name: &'a str,
        self_closing: bool,
        attrs: &[RawAttr<'a>],
        offset: usize,
    ) -> Result<(), HtmlError> {
        self.pre_start = false;
        let found = spec_of(name);
        let index = found.map(|(i, _)| i);
        let spec = found.map(|(_, s)| s);
        let role = spec.map_or(Role::Unwrap, |s| s.role);
        let is_block = spec.is_some_and(|s| s.block);
        let name: &'a str = spec.map_or(name, |s| s.name);
        if let Some(skip) = &mut self.skip {
            if !self_closing && skip.name.eq_ignore_ascii_case(name) {
                skip.depth += 1;
            }
            return Ok(());
        }
        if self.in_head && !matches!(role, Role::Void | Role::Drop | Role::Head) {
            self.in_head = false;
        }
        match role {
            Role::Html => return Ok(()),
            Role::Head => {
                self.in_head = !self.body_seen;
                return Ok(());
            }
            Role::Body => {
                if !self.body_seen {
                    self.begin_body(attrs);
                }
                return Ok(());
            }
            Role::Drop => {
                if !self_closing {
                    self.skip = Some(Skip { name, depth: 1 });
                }
                return Ok(());
            }
            Role::Br => return self.br(offset),
            Role::Img => return self.img(attrs, offset),
            _ => {}
        }
        self.close_implied(index, is_block)?;
        if role == Role::Void {
            if is_block {
                self.boundary(false);
            }
            return Ok(());
        }
        if self.open.len() >= XML_DEPTH_CEILING {
            return Ok(());
        }
        let (out_name, out_attrs) = match role {
            Role::Keep(out, css) => (out, self.keep_attributes(out, css, name, attrs)),
            Role::A => ("a", self.link_attributes(attrs)),
            Role::Font => ("span", self.font_attributes(attrs)),
            _ => ("", None),
        };
        let emit = out_attrs.filter(|_| self.built.len() <= self.depth_limit);
        let emitted = emit.is_some();
        let cell = role == Role::Cell;
        if is_block {
            self.boundary(emitted);
        } else if cell {
            self.soft_boundary();
        } else if emitted {
            self.flush_x_space();
        }
        if let Some(out_attrs) = emit {
            self.open_element(out_name, out_attrs, offset)?;
        }
        let kept_as = match role {
            Role::Keep(out, _) => out,
            _ => "",
        };
        let list = match kept_as {
            "ul" => Some(List::Bullets),
            "ol" => Some(List::Numbers(0)),
            _ => None,
        };
        let pre = kept_as == "pre";
        self.push_frame(Frame {
            name,
            spec: index,
            emitted,
            block: is_block,
            cell,
            pre,
            list,
        });
        if pre {
            self.pre += 1;
            self.pre_start = true;
        }
        if list.is_some() {
            self.lists += 1;
        }
        if kept_as == "li" {
            self.list_marker();
        }
        if self_closing {
            self.close_top()?;
        }
        Ok(())
    }

    fn end(&mut self, name: &'a str, offset: usize) -> Result<(), HtmlError> {
        self.pre_start = false;
        let found = spec_of(name);
        let index = found.map(|(i, _)| i);
        let spec = found.map(|(_, s)| s);
        let role = spec.map_or(Role::Unwrap, |s| s.role);
        let name: &'a str = spec.map_or(name, |s| s.name);
        if let Some(skip) = &mut self.skip {
            if skip.name.eq_ignore_ascii_case(name) {
                skip.depth = skip.depth.saturating_sub(1);
                if skip.depth == 0 {
                    self.skip = None;
                }
            } else if role == Role::Body && self.body_seen {
                self.done = true;
            }
            return Ok(());
        }
        match role {
            Role::Body => {
                self.done = self.body_seen;
                return Ok(());
            }
            Role::Head => {
                self.in_head = false;
                return Ok(());
            }
            Role::Br => return self.br(offset),
            Role::Html | Role::Void | Role::Img | Role::Drop => return Ok(()),
            _ => {}
        }
        if self.in_head {
            return Ok(());
        }
        let open = match index {
            Some(k) => self.open_at.get(k).and_then(|at| at.last().copied()),
            None => self.find_unknown(name),
        };
        match open {
            Some(i) => self.close_to(i),
            None => {
                // `</p>` with no paragraph open still ends a line (HTML5
                // inserts an empty paragraph).
                if name == "p" {
                    self.boundary(false);
                }
                Ok(())
            }
        }
    }

    fn finish(mut self) -> Result<XhtmlIm, HtmlError> {
        let offset = self.input_len;
        self.close_to(0)?;
        self.flush_text();
        self.check(offset)?;
        let body = self
            .built
            .pop()
            .unwrap_or_else(|| Element::bare("body", NS_XHTML));
        let mut html = Element::bare("html", NS_XHTML_IM);
        html.append_child(body);
        let plain = self
            .plain
            .trim_start_matches('\n')
            .trim_end_matches(|c: char| c.is_ascii() && is_html_space(c as u8))
            .to_owned();
        Ok(XhtmlIm { plain, html })
    }

    // ------------------------------------------------------- structure

    /// The first `<body>`: what came before is dropped.
    fn begin_body(&mut self, attrs: &[RawAttr<'a>]) {
        self.body_seen = true;
        self.in_head = false;
        self.open.clear();
        self.open_at.iter_mut().for_each(Vec::clear);
        self.unknown_at.clear();
        self.text.clear();
        self.plain.clear();
        self.elements = 0;
        self.size = WRAPPER_COST;
        self.pre = 0;
        self.lists = 0;
        self.x_space = false;
        self.x_fresh = true;
        self.plain_space = false;
        self.plain_break = false;
        self.plain_fresh = true;
        self.marker_only = false;
        let mut body = Element::bare("body", NS_XHTML);
        let style = self.fit(
            style_of(attrs, Vec::new())
                .map(|s| ("style", s))
                .into_iter()
                .collect(),
        );
        for (name, value) in style {
            self.size += name.len() + 4 + attribute_cost(&value);
            set(&mut body, name, value);
        }
        self.built = vec![body];
    }

    /// Closes what a start tag implies is finished: a block start an open
    /// `<p>`, and the searches of [`IMPLIED`]; a heading start closes a
    /// heading that is the current element.
    fn close_implied(&mut self, index: Option<usize>, is_block: bool) -> Result<(), HtmlError> {
        if is_block {
            if let Some(i) = self.find_open(&self.close_p) {
                self.close_to(i)?;
            }
        }
        let Some(index) = index else {
            return Ok(());
        };
        let found = self
            .implied
            .iter()
            .find(|(starts, _)| starts.contains(&index))
            .and_then(|(_, search)| self.find_open(search));
        if let Some(i) = found {
            return self.close_to(i);
        }
        let heading = |name: &str| matches!(name, "h1" | "h2" | "h3" | "h4" | "h5" | "h6");
        let starts_heading = SPECS.get(index).is_some_and(|s| heading(s.name));
        if starts_heading && self.open.last().is_some_and(|f| heading(f.name)) {
            self.close_top()?;
        }
        Ok(())
    }

    /// The index of the innermost open element among the search's
    /// targets, unless one of its stops is open inside it.
    fn find_open(&self, search: &Search) -> Option<usize> {
        let innermost = |names: &[usize]| {
            names
                .iter()
                .filter_map(|&k| self.open_at.get(k).and_then(|at| at.last().copied()))
                .max()
        };
        let target = innermost(&search.targets)?;
        match innermost(&search.stops) {
            Some(stop) if stop > target => None,
            _ => Some(target),
        }
    }

    /// The innermost open element of an unknown name (compared without
    /// regard to ASCII case).
    fn find_unknown(&mut self, name: &str) -> Option<usize> {
        if self.unknown_at.is_empty() {
            return None;
        }
        self.set_key(name);
        self.unknown_at.get(&self.key)?.last().copied()
    }

    /// `key` = `name` in ASCII lower case.
    fn set_key(&mut self, name: &str) {
        self.key.clear();
        self.key.push_str(name);
        self.key.make_ascii_lowercase();
    }

    fn push_frame(&mut self, frame: Frame<'a>) {
        let index = self.open.len();
        match frame.spec.and_then(|k| self.open_at.get_mut(k)) {
            Some(at) => at.push(index),
            None => {
                self.set_key(frame.name);
                match self.unknown_at.get_mut(&self.key) {
                    Some(at) => at.push(index),
                    None => {
                        self.unknown_at.insert(self.key.clone(), vec![index]);
                    }
                }
            }
        }
        self.open.push(frame);
    }

    /// Closes the open elements from index `i` up.
    fn close_to(&mut self, i: usize) -> Result<(), HtmlError> {
        while self.open.len() > i {
            self.close_top()?;
        }
        Ok(())
    }

    fn close_top(&mut self) -> Result<(), HtmlError> {
        let Some(frame) = self.open.pop() else {
            return Ok(());
        };
        match frame.spec.and_then(|k| self.open_at.get_mut(k)) {
            Some(at) => drop(at.pop()),
            None => {
                self.set_key(frame.name);
                if let Some(at) = self.unknown_at.get_mut(&self.key) {
                    at.pop();
                    if at.is_empty() {
                        self.unknown_at.remove(&self.key);
                    }
                }
            }
        }
        if frame.emitted {
            if frame.block {
                self.x_space = false;
            }
            self.flush_text();
            if let Some(element) = self.built.pop() {
                if let Some(parent) = self.built.last_mut() {
                    parent.append_child(element);
                }
            }
        }
        if frame.block {
            self.boundary(frame.emitted);
        }
        if frame.cell {
            self.soft_boundary();
        }
        if frame.pre {
            self.pre = self.pre.saturating_sub(1);
        }
        if frame.list.is_some() {
            self.lists = self.lists.saturating_sub(1);
        }
        Ok(())
    }

    // ------------------------------------------------------- elements

    /// Attributes of a kept element; `None` to unwrap it instead (a
    /// `<span>` left without style).
    fn keep_attributes(
        &self,
        out: &'static str,
        css: Option<&'static str>,
        name: &str,
        attrs: &[RawAttr<'a>],
    ) -> Option<Vec<(&'static str, String)>> {
        let mut declarations = Vec::new();
        if let Some(css) = css {
            style_declarations(css, &mut declarations);
        }
        if matches!(name, "p" | "div" | "h1" | "h2" | "h3" | "h4" | "h5" | "h6") {
            if let Some(a) = raw_attr(attrs, "align").map(decode_attribute) {
                if let Some(a) = align(&a) {
                    push_declaration(&mut declarations, "text-align", a.to_owned());
                }
            }
        }
        let attributes = self.fit(
            style_of(attrs, declarations)
                .map(|s| ("style", s))
                .into_iter()
                .collect(),
        );
        if out == "span" && attributes.is_empty() {
            return None;
        }
        Some(attributes)
    }

    /// `href` (required), `style`, `type` of a link.
    fn link_attributes(&self, attrs: &[RawAttr<'a>]) -> Option<Vec<(&'static str, String)>> {
        let href = url(&decode_attribute(raw_attr(attrs, "href")?))?;
        let mut out = vec![("href", href)];
        if let Some(style) = style_of(attrs, Vec::new()) {
            out.push(("style", style));
        }
        if let Some(t) = raw_attr(attrs, "type").and_then(|t| media_type(&decode_attribute(t))) {
            out.push(("type", t));
        }
        let out = self.fit(out);
        out.first()
            .is_some_and(|(n, _)| *n == "href")
            .then_some(out)
    }

    /// The `style` of a `<font>`'s `color`, `face`, `size` and `style`.
    fn font_attributes(&self, attrs: &[RawAttr<'a>]) -> Option<Vec<(&'static str, String)>> {
        let mut declarations = Vec::new();
        let value = |name| raw_attr(attrs, name).map(decode_attribute);
        if let Some(c) = value("color").and_then(|v| css_value(&v)) {
            push_declaration(&mut declarations, "color", c);
        }
        if let Some(f) = value("face").and_then(|v| css_value(&v)) {
            push_declaration(&mut declarations, "font-family", f);
        }
        if let Some(s) = value("size").and_then(|v| font_size(&v)) {
            push_declaration(&mut declarations, "font-size", s.to_owned());
        }
        let style = style_of(attrs, declarations)?;
        let out = self.fit(vec![("style", style)]);
        (!out.is_empty()).then_some(out)
    }

    /// Attributes whose values fit the token limit, as many as the
    /// attribute limit allows, in the order given (most important first).
    fn fit(&self, mut attrs: Vec<(&'static str, String)>) -> Vec<(&'static str, String)> {
        attrs.retain(|(_, v)| v.len() <= self.token_limit);
        attrs.truncate(self.attribute_limit);
        attrs
    }

    fn count_element(
        &mut self,
        name: &str,
        attrs: &[(&'static str, String)],
        offset: usize,
    ) -> Result<(), HtmlError> {
        if self.elements >= self.element_limit {
            return Err(HtmlError::TooManyElements {
                offset,
                max: self.element_limit,
            });
        }
        self.elements += 1;
        self.size += 2 * name.len() + 5;
        for (n, v) in attrs {
            self.size += n.len() + 4 + attribute_cost(v);
        }
        Ok(())
    }

    fn open_element(
        &mut self,
        name: &'static str,
        attrs: Vec<(&'static str, String)>,
        offset: usize,
    ) -> Result<(), HtmlError> {
        self.count_element(name, &attrs, offset)?;
        self.flush_text();
        self.built.push(element(name, attrs));
        Ok(())
    }

    fn void_element(
        &mut self,
        name: &'static str,
        attrs: Vec<(&'static str, String)>,
        offset: usize,
    ) -> Result<(), HtmlError> {
        self.count_element(name, &attrs, offset)?;
        self.flush_text();
        let el = element(name, attrs);
        if let Some(parent) = self.built.last_mut() {
            parent.append_child(el);
        }
        Ok(())
    }

    fn br(&mut self, offset: usize) -> Result<(), HtmlError> {
        self.plain_flush_break();
        if self.marker_only {
            self.end_marker_line();
        }
        self.push_plain("\n");
        self.plain_fresh = true;
        self.plain_space = false;
        self.marker_only = false;
        if self.built.len() <= self.depth_limit {
            self.x_space = false;
            self.void_element("br", Vec::new(), offset)?;
            self.x_fresh = true;
        } else {
            self.x_space = true;
        }
        Ok(())
    }

    fn img(&mut self, attrs: &[RawAttr<'a>], offset: usize) -> Result<(), HtmlError> {
        let alt = raw_attr(attrs, "alt")
            .map(|a| collapse(&decode_attribute(a)))
            .unwrap_or_default();
        let src = raw_attr(attrs, "src").and_then(|s| url(&decode_attribute(s)));
        let out = src.map(|src| {
            let mut out = vec![("src", src), ("alt", alt.clone())];
            if let Some(style) = style_of(attrs, Vec::new()) {
                out.push(("style", style));
            }
            for name in ["width", "height"] {
                if let Some(v) = raw_attr(attrs, name).and_then(|v| length(&decode_attribute(v))) {
                    out.push((name, v));
                }
            }
            self.fit(out)
        });
        let out = out
            .filter(|o| o.first().is_some_and(|(n, _)| *n == "src"))
            .filter(|_| self.built.len() <= self.depth_limit);
        match out {
            Some(out) => {
                self.flush_x_space();
                self.void_element("img", out, offset)?;
                self.x_fresh = false;
                self.words(&alt, true, false);
            }
            None => self.words(&alt, true, true),
        }
        Ok(())
    }

    // ------------------------------------------------------ whitespace

    /// A block starts or ends here: a line break in the plain text; in
    /// the XHTML, nothing when the block is an element there, a space
    /// otherwise.
    fn boundary(&mut self, emitted: bool) {
        if !self.plain_fresh {
            self.plain_break = true;
        }
        self.plain_space = false;
        if emitted {
            self.x_space = false;
            self.x_fresh = true;
        } else {
            self.x_space = true;
        }
    }

    /// Words are separated here.
    fn soft_boundary(&mut self) {
        self.plain_space = true;
        self.x_space = true;
    }

    fn list_marker(&mut self) {
        let list = self.find_open(&self.list_search);
        let number = list
            .and_then(|i| self.open.get_mut(i))
            .and_then(|f| f.list.as_mut())
            .and_then(|list| match list {
                List::Bullets => None,
                List::Numbers(n) => {
                    *n = n.saturating_add(1);
                    Some(*n)
                }
            });
        let mut marker = "  ".repeat(self.lists.saturating_sub(1));
        match number {
            Some(n) => {
                marker.push_str(&n.to_string());
                marker.push_str(". ");
            }
            None => marker.push_str("- "),
        }
        self.plain_flush_break();
        if self.marker_only {
            self.end_marker_line();
            self.push_plain("\n");
        }
        self.push_plain(&marker);
        self.plain_fresh = true;
        self.plain_space = false;
        self.marker_only = true;
    }

    /// Text outside `<pre>`: whitespace runs collapse to soft spaces.
    fn words(&mut self, s: &str, plain: bool, xhtml: bool) {
        for (i, word) in s
            .split(|c: char| c.is_ascii() && is_html_space(c as u8))
            .enumerate()
        {
            if i > 0 {
                self.plain_space |= plain;
                self.x_space |= xhtml;
            }
            if word.is_empty() {
                continue;
            }
            if plain {
                self.plain_flush_break();
                if self.plain_space && !self.plain_fresh {
                    self.push_plain(" ");
                }
                self.push_plain(word);
                self.plain_space = false;
                self.plain_fresh = false;
                self.marker_only = false;
            }
            if xhtml {
                self.flush_x_space();
                self.push_text(word);
                self.x_fresh = false;
            }
        }
    }

    /// Text inside `<pre>`, as it is.
    fn verbatim(&mut self, s: &str) {
        let s = if self.pre_start {
            s.strip_prefix('\n').unwrap_or(s)
        } else {
            s
        };
        if s.is_empty() {
            return;
        }
        self.plain_flush_break();
        if self.plain_space && !self.plain_fresh {
            self.push_plain(" ");
        }
        self.push_plain(s);
        self.plain_space = false;
        self.plain_fresh = s.ends_with('\n');
        self.marker_only = false;
        self.flush_x_space();
        self.push_text(s);
        self.x_fresh = false;
    }

    /// Drops the space after a list marker that nothing followed.
    fn end_marker_line(&mut self) {
        let kept = self.plain.trim_end_matches(' ').len();
        self.plain.truncate(kept);
    }

    fn plain_flush_break(&mut self) {
        if self.plain_break {
            self.plain_break = false;
            self.push_plain("\n");
            self.plain_fresh = true;
            self.plain_space = false;
            self.marker_only = false;
        }
    }

    fn flush_x_space(&mut self) {
        if self.x_space && !self.x_fresh {
            self.push_text(" ");
        }
        self.x_space = false;
    }

    fn push_plain(&mut self, s: &str) {
        self.size += text_cost(s);
        self.plain.push_str(s);
    }

    fn push_text(&mut self, s: &str) {
        self.size += text_cost(s);
        self.text.push_str(s);
    }

    /// Appends the pending character data to the element being built.
    fn flush_text(&mut self) {
        if !self.text.is_empty() {
            let text = std::mem::take(&mut self.text);
            if let Some(el) = self.built.last_mut() {
                el.append_text_node(text);
            }
        }
    }
}

/// The first value of the attribute `name`.
fn raw_attr<'a>(attrs: &[RawAttr<'a>], name: &str) -> Option<&'a str> {
    attrs
        .iter()
        .find(|a| a.name.eq_ignore_ascii_case(name))
        .map(|a| a.value)
}

/// `declarations` followed by the filtered `style` attribute, written.
fn style_of(
    attrs: &[RawAttr<'_>],
    mut declarations: Vec<(&'static str, String)>,
) -> Option<String> {
    if let Some(style) = raw_attr(attrs, "style") {
        style_declarations(&decode_attribute(style), &mut declarations);
    }
    style_text(&declarations)
}

fn set(el: &mut Element, name: &'static str, value: String) {
    if let Ok(name) = NcName::try_from(name) {
        el.set_attr(Namespace::NONE, name, value);
    }
}

fn element(name: &'static str, attrs: Vec<(&'static str, String)>) -> Element {
    let mut el = Element::bare(name, NS_XHTML);
    for (n, v) in attrs {
        set(&mut el, n, v);
    }
    el
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::xmpp::{Message, MessageBuilder, Stanza, StanzaConfig};

    const PREFIX: &str = "<html xmlns='http://jabber.org/protocol/xhtml-im'><body xmlns='http://www.w3.org/1999/xhtml'>";
    const SUFFIX: &str = "</body></html>";

    /// The XHTML as the stanza writer writes it, inside the wrapper's
    /// `<body>` when it has no attributes; and a check that it reads back
    /// from a message stanza unchanged.
    fn written(x: &XhtmlIm, limits: &ParseLimits) -> String {
        let cfg = StanzaConfig {
            limits: *limits,
            ..StanzaConfig::default()
        };
        let m = MessageBuilder::new()
            .body(None, x.plain.clone())
            .payload(x.html.clone())
            .build_with(&cfg)
            .unwrap();
        let bytes = m.to_bytes();
        let back = Message::try_from(Stanza::parse(&bytes, &cfg).unwrap()).unwrap();
        assert_eq!(back.payloads().next(), Some(&x.html));
        assert_eq!(back.body(), Some(x.plain.as_str()));
        let s = String::from_utf8(bytes).unwrap();
        let html = &s[s.find("<html").unwrap()..s.find("</html>").unwrap() + 7];
        html.strip_prefix(PREFIX)
            .and_then(|h| h.strip_suffix(SUFFIX))
            .unwrap_or(html)
            .to_owned()
    }

    fn convert_with(html: &str, limits: &ParseLimits) -> (String, String) {
        let x = html_to_xhtml_im(html, limits).unwrap_or_else(|e| panic!("{html:?}: {e}"));
        let w = written(&x, limits);
        (x.plain, w)
    }

    fn convert(html: &str) -> (String, String) {
        convert_with(html, &ParseLimits::DEFAULT)
    }

    fn check(table: &[(&str, &str, &str)]) {
        for (input, plain, xhtml) in table {
            let (p, x) = convert(input);
            assert_eq!((p.as_str(), x.as_str()), (*plain, *xhtml), "{input:?}");
        }
    }

    #[test]
    fn presentational_markup_is_mapped() {
        check(&[
            (
                "<html><body><p>Good <b>night</b></p></body></html>",
                "Good night",
                "<p>Good <strong>night</strong></p>",
            ),
            ("Hello <I>world</I>", "Hello world", "Hello <em>world</em>"),
            ("<tt>x</tt>", "x", "<code>x</code>"),
            (
                "<u>a</u><ins>b</ins>",
                "ab",
                "<span style='text-decoration: underline'>a</span><span style='text-decoration: underline'>b</span>",
            ),
            (
                "<s>a</s> <strike>b</strike> <del>c</del>",
                "a b c",
                "<span style='text-decoration: line-through'>a</span> <span style='text-decoration: line-through'>b</span> <span style='text-decoration: line-through'>c</span>",
            ),
            (
                "<font color=\"#ff0000\" face='Comic Sans MS' size=4>x</font>",
                "x",
                "<span style='color: #ff0000; font-family: Comic Sans MS; font-size: large'>x</span>",
            ),
            (
                "<font color=red style='color: blue'>x</font>",
                "x",
                "<span style='color: blue'>x</span>",
            ),
            ("<font>x</font><font color='url(x)'>y</font>", "xy", "xy"),
            ("<span class=c id=i>x</span>", "x", "x"),
            (
                "<big>a</big><small>b</small>",
                "ab",
                "<span style='font-size: larger'>a</span><span style='font-size: smaller'>b</span>",
            ),
            (
                "<center>c</center>",
                "c",
                "<div style='text-align: center'>c</div>",
            ),
            (
                "<h1 align=CENTER>T</h1><p align=middle>p</p>",
                "T\np",
                "<h1 style='text-align: center'>T</h1><p>p</p>",
            ),
            (
                "<u style='text-decoration: none; color: red'>x</u>",
                "x",
                "<span style='text-decoration: none; color: red'>x</span>",
            ),
        ]);
    }

    #[test]
    fn structure_and_whitespace() {
        check(&[
            (
                "",
                "",
                "<html xmlns='http://jabber.org/protocol/xhtml-im'><body xmlns='http://www.w3.org/1999/xhtml'/></html>",
            ),
            ("  a \n\t b  ", "a b", "a b"),
            ("<p>a</p><p>b</p>", "a\nb", "<p>a</p><p>b</p>"),
            ("\n<p>\n a \n</p>\n<p> b </p>\n", "a\nb", "<p>a</p><p>b</p>"),
            ("a<br>b<BR/>c</br>d", "a\nb\nc\nd", "a<br/>b<br/>c<br/>d"),
            ("a <br> b", "a\nb", "a<br/>b"),
            ("<p>a</p><br><p>b</p>", "a\n\nb", "<p>a</p><br/><p>b</p>"),
            ("<br>a", "a", "<br/>a"),
            (
                "<b>Good </b>night",
                "Good night",
                "<strong>Good</strong> night",
            ),
            ("<p>a <b> b</b></p>", "a b", "<p>a <strong> b</strong></p>"),
            (
                "<div>a<div>b</div>c</div>",
                "a\nb\nc",
                "<div>a<div>b</div>c</div>",
            ),
            ("x<p>y</p>z", "x\ny\nz", "x<p>y</p>z"),
            ("a</p>b", "a\nb", "a b"),
            ("a<hr>b", "a\nb", "a b"),
            (
                "<pre>\n  x  y\n\n z</pre>after",
                "  x  y\n\n z\nafter",
                "<pre>  x  y\n\n z</pre>after",
            ),
            (
                "<ul><li>one<li>two</ul><ol><li>a</li><li>b<ol><li>c</ol></li></ol>",
                "- one\n- two\n1. a\n2. b\n  1. c",
                "<ul><li>one</li><li>two</li></ul><ol><li>a</li><li>b<ol><li>c</li></ol></li></ol>",
            ),
            (
                "<ul><li></li><li><p>x</p></li></ul>",
                "-\n- x",
                "<ul><li/><li><p>x</p></li></ul>",
            ),
            (
                "<dl><dt>term<dd>def</dl>",
                "term\ndef",
                "<dl><dt>term</dt><dd>def</dd></dl>",
            ),
            (
                "<table><tr><td>a</td><td>b</td></tr><tr><th>c<td>d</table>",
                "a b\nc d",
                "<div>a b</div><div>c d</div>",
            ),
            (
                "<blockquote>q</blockquote><address>a</address><h6>h</h6>",
                "q\na\nh",
                "<blockquote>q</blockquote><address>a</address><h6>h</h6>",
            ),
            (
                "<abbr>a</abbr><acronym>b</acronym><cite>c</cite><dfn>d</dfn><kbd>e</kbd><q>f</q><samp>g</samp><var>h</var>",
                "abcdefgh",
                "<abbr>a</abbr><acronym>b</acronym><cite>c</cite><dfn>d</dfn><kbd>e</kbd><q>f</q><samp>g</samp><var>h</var>",
            ),
            ("<section><p>a</p></section>", "a", "<div><p>a</p></div>"),
            ("<h1>a<h2>b</h2>", "a\nb", "<h1>a</h1><h2>b</h2>"),
        ]);
    }

    #[test]
    fn references_and_characters() {
        check(&[
            (
                "&lt;b&gt; &amp; &nbsp;&copy; &#8364;&euro; &hellip;",
                "<b> & \u{A0}© €€ …",
                "&lt;b&gt; &amp; \u{A0}© €€ …",
            ),
            ("a\u{1}b\u{0}c&#0;&#xFFFF;d", "abcd", "abcd"),
            ("AT&T", "AT&T", "AT&amp;T"),
            ("it&#146;s", "it’s", "it’s"),
            ("a\r\nb", "a b", "a b"),
        ]);
    }

    #[test]
    fn tolerance() {
        check(&[
            ("<b><i>x</b>y</i>", "xy", "<strong><em>x</em></strong>y"),
            ("<p>a<p>b", "a\nb", "<p>a</p><p>b</p>"),
            ("<p>a<div>b</div>c</p>", "a\nb\nc", "<p>a</p><div>b</div>c"),
            ("<blink>hi</blink> <MARQUEE>x</MARQUEE>", "hi x", "hi x"),
            ("<foo/>x<bar>y", "xy", "xy"),
            ("<b/>x", "x", "<strong/>x"),
            ("<!DOCTYPE html><!-- c --><![CDATA[d]]><?pi?>x", "x", "x"),
            ("a<b", "a", "a"),
            ("a<!-- never closed <b>x</b>", "a", "a"),
            ("a < b > c", "a < b > c", "a &lt; b &gt; c"),
            (
                "<a href='http://a/'>1<a href='http://b/'>2</a>",
                "12",
                "<a href='http://a/'>1</a><a href='http://b/'>2</a>",
            ),
            ("</b></i>x</p></div>", "x", "x"),
            ("<li>a<li>b", "- a\n- b", "<li>a</li><li>b</li>"),
        ]);
    }

    #[test]
    fn dropped_content() {
        check(&[
            (
                "a<script>alert('<b>1</b>')</script>b<style>p{color:red}</style>c<object data=x>o<param name=a></object>d<iframe src=x>i</iframe>e<form><input value=v>f</form>g",
                "abcdeg",
                "abcdeg",
            ),
            ("a<embed src=x.swf>b<applet>c</applet>d", "abd", "abd"),
            ("<object><object>x</object>y</object>z", "z", "z"),
            (
                "<svg><text>t</text></svg><math><mi>x</mi></math>ok",
                "ok",
                "ok",
            ),
            (
                "<select><option>o</select><button>b</button><textarea>t</textarea>ok",
                "ok",
                "ok",
            ),
            (
                "<form>never closed <p>x</p>",
                "",
                "<html xmlns='http://jabber.org/protocol/xhtml-im'><body xmlns='http://www.w3.org/1999/xhtml'/></html>",
            ),
            ("<svg/>ok", "ok", "ok"),
            ("<noscript>n</noscript><template>t</template>ok", "ok", "ok"),
        ]);
    }

    #[test]
    fn only_the_body_is_converted() {
        check(&[
            (
                "<html><head><title>T</title><meta charset=utf-8><style>x</style></head><body><p>hi</p></body></html>",
                "hi",
                "<p>hi</p>",
            ),
            ("before<body>inside</body>after", "inside", "inside"),
            ("<p>x</p><BODY>in<body>side", "inside", "inside"),
            ("<head><title>t</title><p>x", "x", "<p>x</p>"),
            ("<head> \n <link rel=x>text", "text", "text"),
            ("<html><head></head>no body</html>", "no body", "no body"),
            ("<body>a<form>b</body>c", "a", "a"),
        ]);
        let (_, x) = convert("<body style='color: blue; position: fixed' onload='evil()'>x</body>");
        assert_eq!(
            x,
            "<html xmlns='http://jabber.org/protocol/xhtml-im'><body xmlns='http://www.w3.org/1999/xhtml' style='color: blue'>x</body></html>"
        );
    }

    #[test]
    fn links_and_images() {
        check(&[
            (
                "<a href='http://example.com/?a=1&amp;b=2' title=t target=_blank onclick='x()'>l</a>",
                "l",
                "<a href='http://example.com/?a=1&amp;b=2'>l</a>",
            ),
            (
                "<a href=' HTTP://x/ ' style='color:red' type='text/html'>l</a>",
                "l",
                "<a href='HTTP://x/' style='color: red' type='text/html'>l</a>",
            ),
            ("<a href='javascript:alert(1)'>l</a>", "l", "l"),
            ("<a name=anchor>l</a>", "l", "l"),
            ("<a href='/relative'>l</a>", "l", "l"),
            (
                "<img src='http://x/a.png' alt=' A \n pic ' width=10 height='20px' onerror='x()' class=c>",
                "A pic",
                "<img alt='A pic' height='20' src='http://x/a.png' width='10'/>",
            ),
            (
                "a <img src='cid:p1@x'> b",
                "a b",
                "a <img alt='' src='cid:p1@x'/> b",
            ),
            (
                "<img src='javascript:x' alt='the alt'>",
                "the alt",
                "the alt",
            ),
            ("<img alt='no src'>", "no src", "no src"),
            ("<img src='data:image/png;base64,AA'>x", "x", "x"),
        ]);
    }

    #[test]
    fn styles_are_filtered() {
        check(&[
            (
                "<p style='color: red; position: absolute; background: url(x); font-weight: bold'>x</p>",
                "x",
                "<p style='color: red; font-weight: bold'>x</p>",
            ),
            (
                "<p style='background-color: expression(alert(1))'>x</p>",
                "x",
                "<p>x</p>",
            ),
            (
                "<span style='width: expression(alert(1))'>x</span>",
                "x",
                "x",
            ),
            (
                "<span style='font-family: &quot;Times New Roman&quot;, serif'>x</span>",
                "x",
                "<span style='font-family: \"Times New Roman\", serif'>x</span>",
            ),
        ]);
    }

    fn limits(f: impl FnOnce(&mut ParseLimits)) -> ParseLimits {
        let mut l = ParseLimits::DEFAULT;
        f(&mut l);
        l
    }

    #[test]
    fn deep_nesting_is_flattened() {
        let l = limits(|l| l.max_xml_depth = 5);
        // Two levels below <body/>: message, html, body, then two.
        let (plain, x) = convert_with("<div><p><b><i>x</i></b></p>y</div>", &l);
        assert_eq!(plain, "x\ny");
        assert_eq!(x, "<div><p>x</p>y</div>");
        let (plain, x) = convert_with("<div><p>a<br>b<img src='http://x/' alt=i></p></div>", &l);
        assert_eq!(plain, "a\nbi");
        assert_eq!(x, "<div><p>a bi</p></div>");
        let (plain, x) = convert_with("<div><div><div>a</div>b</div></div>", &l);
        assert_eq!(plain, "a\nb");
        assert_eq!(x, "<div><div>a b</div></div>");
        let l = limits(|l| l.max_xml_depth = 3);
        assert_eq!(
            convert_with("<p>a<b>b</b></p>", &l),
            ("ab".into(), "ab".into())
        );
    }

    #[test]
    fn element_limit() {
        let l = limits(|l| l.max_xml_elements = ENVELOPE_ELEMENTS + 2);
        assert_eq!(convert_with("<p><b>x</b></p>", &l).0, "x");
        assert_eq!(
            html_to_xhtml_im("<p><b>x</b></p><i>", &l),
            Err(HtmlError::TooManyElements { offset: 15, max: 2 })
        );
        // Unwrapped elements do not count.
        assert_eq!(convert_with("<x><y><z><p><w>a</w></p>", &l).1, "<p>a</p>");
    }

    #[test]
    fn attribute_limits() {
        let l = limits(|l| l.max_xml_attributes = 2);
        let (_, x) = convert_with(
            "<img src='http://x/' alt=a width=1 height=2 style='color: red'>",
            &l,
        );
        assert_eq!(x, "<img alt='a' src='http://x/'/>");
        let l = limits(|l| l.max_xml_token_bytes = 40);
        let (_, x) = convert_with(
            "<a href='http://example.com/a/very/long/path/indeed'>l</a><p style='color: red'>p</p>",
            &l,
        );
        assert_eq!(x, "l<p style='color: red'>p</p>");
    }

    #[test]
    fn size_limits() {
        assert_eq!(
            html_to_xhtml_im(&"x".repeat(65_537), &ParseLimits::DEFAULT),
            Err(HtmlError::TooLarge {
                len: 65_537,
                max: 65_536
            })
        );
        let l = limits(|l| l.max_xml_token_bytes = 40);
        assert_eq!(
            html_to_xhtml_im(
                &format!("<p>{}</p><p>{}</p>", "a".repeat(30), "b".repeat(30)),
                &l
            ),
            Err(HtmlError::TextTooLong {
                offset: 40,
                max: 40
            })
        );
        assert_eq!(
            html_to_xhtml_im(&format!("<p>{}</p>", "a ".repeat(21)), &l),
            Err(HtmlError::TextTooLong { offset: 3, max: 40 })
        );
        let l = limits(|l| l.max_stanza_bytes = 1000);
        assert_eq!(
            html_to_xhtml_im(&">".repeat(60), &l),
            Err(HtmlError::OutputTooLarge {
                offset: 0,
                max: 500
            })
        );
        assert!(html_to_xhtml_im(&">".repeat(40), &l).is_ok());
    }

    #[test]
    fn limits_too_small_are_refused() {
        for (l, limit) in [
            (limits(|l| l.max_xml_depth = 2), "max_xml_depth"),
            (limits(|l| l.max_xml_elements = 5), "max_xml_elements"),
            (limits(|l| l.max_xml_attributes = 0), "max_xml_attributes"),
            (
                limits(|l| l.max_xml_token_bytes = 34),
                "max_xml_token_bytes",
            ),
            (
                limits(|l| l.max_stanza_bytes = 2 * WRAPPER_COST - 1),
                "max_stanza_bytes",
            ),
        ] {
            assert_eq!(
                html_to_xhtml_im("x", &l),
                Err(HtmlError::LimitsTooSmall { limit })
            );
        }
        assert!(html_to_xhtml_im("", &limits(|l| l.max_stanza_bytes = 2 * WRAPPER_COST)).is_ok());
    }

    #[test]
    fn open_elements_beyond_the_ceiling_are_ignored() {
        let input = format!("{}x{}", "<q>".repeat(3000), "</q>".repeat(3000));
        let (plain, _) = convert(&input);
        assert_eq!(plain, "x");
    }

    #[test]
    fn wrapper_cost_is_the_written_size() {
        let x = html_to_xhtml_im("", &ParseLimits::DEFAULT).unwrap();
        let m = MessageBuilder::new()
            .body(None, "")
            .payload(x.html)
            .build()
            .unwrap();
        let empty = MessageBuilder::new().build().unwrap();
        // `<body xmlns='…'/>` is shorter than the open and close tags.
        assert!(m.to_bytes().len() - empty.to_bytes().len() <= WRAPPER_COST);
    }
}
