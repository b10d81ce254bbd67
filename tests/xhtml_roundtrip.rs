//! Properties of the HTML to XHTML-IM conversion (RFC 7572 §7, XEP-0071):
//! any input, HTML-like or not, either is refused with a typed error or
//! converts to XHTML whose every element, attribute, style property and
//! URL is on the whitelist, and which, put in a message stanza, writes
//! and reads back unchanged (checked by `sip_xmpp::fuzzing::assert_xhtml_im`,
//! which walks the tree). Text without markup converts to itself with
//! whitespace collapsed.

use proptest::prelude::*;
use sip_xmpp::ParseLimits;
use sip_xmpp::fuzzing::assert_xhtml_im;
use sip_xmpp::im::xhtml::{HtmlError, html_to_xhtml_im};

/// Element names: kept, mapped, unwrapped, dropped, void, structural.
const TAGS: &[&str] = &[
    "p",
    "b",
    "i",
    "u",
    "s",
    "a",
    "img",
    "br",
    "span",
    "div",
    "font",
    "ul",
    "ol",
    "li",
    "dl",
    "dt",
    "dd",
    "pre",
    "h1",
    "h6",
    "blockquote",
    "strong",
    "em",
    "code",
    "table",
    "tr",
    "td",
    "th",
    "hr",
    "center",
    "big",
    "small",
    "del",
    "strike",
    "tt",
    "body",
    "html",
    "head",
    "title",
    "script",
    "style",
    "object",
    "embed",
    "iframe",
    "applet",
    "form",
    "input",
    "svg",
    "math",
    "noscript",
    "textarea",
    "meta",
    "link",
    "blink",
    "x-custom",
    "section",
    "q",
    "abbr",
    "listing",
    "dir",
];

const ATTRIBUTES: &[&str] = &[
    "href", "src", "style", "alt", "width", "height", "type", "color", "face", "size", "align",
    "onclick", "onerror", "class", "id", "title", "xmlns", "xml:lang", "lang", "data-x",
];

/// Values that try to get something past the filters.
const VALUES: &[&str] = &[
    "http://example.com/",
    "https://example.com/a?b=1&amp;c=2",
    "mailto:juliet@example.com",
    "sip:romeo@example.net",
    "xmpp:juliet@example.com",
    "cid:part@example",
    "tel:+1",
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    " javascript:alert(1)",
    "java\tscript:alert(1)",
    "jav&#x09;ascript:alert(1)",
    "&#106;avascript:alert(1)",
    "javascript&colon;alert(1)",
    "vbscript:x",
    "data:text/html,<script>alert(1)</script>",
    "/relative",
    "color: red",
    "color: red; background: url(javascript:alert(1))",
    "font-weight: bold; position: fixed",
    "color: expression(alert(1))",
    "background-color: URL(x)",
    "font-family: 'Comic Sans MS', serif",
    "color: rgb(1,2,3)",
    "color: e\\78pression(x)",
    "text-decoration: underline; margin-left: 5%",
    "12",
    "50%",
    "20px",
    "center",
    "+1",
    "7",
    "#ff0000",
    "text/html",
    "",
    "'\"<>&",
];

const ENTITIES: &[&str] = &[
    "&amp;",
    "&lt;",
    "&gt;",
    "&quot;",
    "&apos;",
    "&nbsp;",
    "&copy;",
    "&hellip;",
    "&mdash;",
    "&euro;",
    "&#65;",
    "&#x1F600;",
    "&#0;",
    "&#xD800;",
    "&#x110000;",
    "&#146;",
    "&bogus;",
    "&amp",
    "&",
    "&#",
    "&#x;",
];

const MARKUP: &[&str] = &[
    "<!-- comment -->",
    "<!-- <b>unclosed",
    "<!DOCTYPE html>",
    "<![CDATA[<b>x</b>]]>",
    "<?xml version='1.0'?>",
    "<",
    ">",
    "</",
    "<>",
    "</>",
    "<!-->",
    "<br/>",
    "<p/>",
];

fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-zA-Z0-9 ,.!?]{0,12}",
        "[ \t\r\n]{1,4}",
        any::<String>().prop_map(|s| s.chars().take(8).collect()),
        prop::sample::select(vec![
            "é",
            "€",
            "\u{A0}",
            "\u{1F600}",
            "\u{0}",
            "\u{1}",
            "\u{FFFE}",
            "\u{FFFD}"
        ])
        .prop_map(str::to_owned),
    ]
}

fn cased(name: &str, mask: u32) -> String {
    name.chars()
        .enumerate()
        .map(|(i, c)| {
            if mask & (1 << (i % 32)) != 0 {
                c.to_ascii_uppercase()
            } else {
                c
            }
        })
        .collect()
}

fn attribute() -> impl Strategy<Value = String> {
    (
        prop::sample::select(ATTRIBUTES),
        prop::sample::select(VALUES),
        0..4u8,
        any::<u32>(),
    )
        .prop_map(|(name, value, quoting, mask)| {
            let name = cased(name, mask);
            match quoting {
                0 => format!(" {name}=\"{}\"", value.replace('"', "&quot;")),
                1 => format!(" {name}='{}'", value.replace('\'', "&apos;")),
                2 => format!(" {name}={}", value.replace([' ', '>', '\t'], "")),
                _ => format!(" {name}"),
            }
        })
}

fn start_tag() -> impl Strategy<Value = String> {
    (
        prop::sample::select(TAGS),
        any::<u32>(),
        prop::collection::vec(attribute(), 0..4),
        any::<bool>(),
    )
        .prop_map(|(name, mask, attrs, closed)| {
            format!(
                "<{}{}{}>",
                cased(name, mask),
                attrs.concat(),
                if closed { "/" } else { "" }
            )
        })
}

fn end_tag() -> impl Strategy<Value = String> {
    (prop::sample::select(TAGS), any::<u32>())
        .prop_map(|(name, mask)| format!("</{}>", cased(name, mask)))
}

fn fragment() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => text(),
        4 => start_tag(),
        3 => end_tag(),
        1 => prop::sample::select(ENTITIES).prop_map(str::to_owned),
        1 => prop::sample::select(MARKUP).prop_map(str::to_owned),
    ]
}

fn html() -> impl Strategy<Value = String> {
    prop::collection::vec(fragment(), 0..60).prop_map(|v| v.concat())
}

fn tight() -> ParseLimits {
    ParseLimits {
        max_body_bytes: 2048,
        max_stanza_bytes: 2048,
        max_xml_depth: 6,
        max_xml_elements: 16,
        max_xml_attributes: 2,
        max_xml_token_bytes: 48,
        ..ParseLimits::DEFAULT
    }
}

/// Either a typed refusal, or XHTML-IM that passes the whitelist and the
/// stanza round trip under the same limits.
fn check(input: &str, limits: &ParseLimits) -> Result<(), TestCaseError> {
    match html_to_xhtml_im(input, limits) {
        Ok(x) => {
            assert_xhtml_im(&x, limits);
            Ok(())
        }
        Err(
            HtmlError::TooManyElements { .. }
            | HtmlError::TextTooLong { .. }
            | HtmlError::OutputTooLarge { .. }
            | HtmlError::TooLarge { .. },
        ) => Ok(()),
        Err(e) => Err(TestCaseError::fail(format!("unexpected refusal: {e}"))),
    }
}

fn is_xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    /// HTML-like input: whitelisted XHTML that round-trips, or a typed
    /// refusal, under the default limits and tight ones.
    #[test]
    fn html_like_input_yields_whitelisted_xhtml(input in html()) {
        check(&input, &ParseLimits::DEFAULT)?;
        check(&input, &tight())?;
    }

    /// Any string at all, likewise.
    #[test]
    fn any_input_yields_whitelisted_xhtml(input in any::<String>()) {
        check(&input, &ParseLimits::DEFAULT)?;
        check(&input, &tight())?;
    }

    /// Text without markup or references converts to itself: characters
    /// outside XML 1.0 dropped, CR LF read as LF, whitespace runs
    /// collapsed to one space, none at either end, in both outputs.
    #[test]
    fn plain_text_is_itself_collapsed(input in "[^<&]{0,200}") {
        let x = html_to_xhtml_im(&input, &ParseLimits::DEFAULT).unwrap();
        let kept: String = input.chars().filter(|c| is_xml_char(*c)).collect();
        let expected = kept
            .split(['\t', '\n', '\x0C', '\r', ' '])
            .filter(|w| !w.is_empty())
            .collect::<Vec<_>>()
            .join(" ");
        prop_assert_eq!(&x.plain, &expected);
        let body = x.html.children().next().unwrap();
        prop_assert_eq!(body.text(), expected);
    }
}
