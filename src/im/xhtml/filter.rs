//! Decoding and filtering of text and attribute values: character
//! references, CSS declarations, URLs, lengths and media types.

use super::entities;
use super::tokenizer::is_html_space;
use crate::mime::MediaType;

/// The CSS1 properties XEP-0071 §7 recommends, the only ones kept.
pub(super) const PROPERTIES: [&str; 10] = [
    "background-color",
    "color",
    "font-family",
    "font-size",
    "font-style",
    "font-weight",
    "margin-left",
    "margin-right",
    "text-align",
    "text-decoration",
];

/// URI schemes a link or image source may use.
pub(super) const SCHEMES: [&str; 9] = [
    "http", "https", "mailto", "xmpp", "sip", "sips", "im", "tel", "cid",
];

/// CSS functions a value may call: colours only.
const FUNCTIONS: [&str; 4] = ["rgb", "rgba", "hsl", "hsla"];

/// `Char` (XML 1.0 §2.2).
pub(super) const fn is_xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
}

fn is_space_char(c: char) -> bool {
    c.is_ascii() && is_html_space(c as u8)
}

/// Appends `raw` to `out` with character references decoded, CR LF and
/// lone CR turned into LF, and every character outside XML 1.0 `Char`
/// dropped. In an attribute value, a reference without its `;` is read
/// only when no letter, digit or `=` follows (HTML5 §13.2.5.73).
pub(super) fn decode_into(raw: &str, attribute: bool, out: &mut String) {
    let mut rest = raw;
    while let Some(c) = rest.chars().next() {
        let used = match c {
            '&' => match reference(rest, attribute) {
                Reference::Char(d, used) => {
                    if is_xml_char(d) {
                        out.push(if d == '\r' { '\n' } else { d });
                    }
                    used
                }
                Reference::Nothing(used) => used,
                Reference::Literal => {
                    out.push('&');
                    1
                }
            },
            '\r' => {
                out.push('\n');
                if rest.as_bytes().get(1) == Some(&b'\n') {
                    2
                } else {
                    1
                }
            }
            c => {
                if is_xml_char(c) {
                    out.push(c);
                }
                c.len_utf8()
            }
        };
        rest = rest.get(used..).unwrap_or_default();
    }
}

/// What an `&` starts.
enum Reference {
    /// A character, and the bytes the reference takes.
    Char(char, usize),
    /// A numeric reference to no character; skipped.
    Nothing(usize),
    /// Not a reference: the `&` is text.
    Literal,
}

/// Reads the reference `s` starts with (`s` begins with `&`).
fn reference(s: &str, attribute: bool) -> Reference {
    let bytes = s.as_bytes();
    if bytes.get(1) == Some(&b'#') {
        let (hex, from) = match bytes.get(2) {
            Some(b'x' | b'X') => (true, 3),
            _ => (false, 2),
        };
        let radix = if hex { 16 } else { 10 };
        let mut value: u32 = 0;
        let mut i = from;
        while let Some(d) = bytes.get(i).and_then(|&b| (b as char).to_digit(radix)) {
            // Saturate past the Unicode range: the value is then no
            // character whatever the remaining digits.
            value = value.saturating_mul(radix).saturating_add(d).min(0x11_0000);
            i += 1;
        }
        if i == from {
            return Reference::Literal;
        }
        if bytes.get(i) == Some(&b';') {
            i += 1;
        }
        return match entities::numeric(value) {
            Some(c) => Reference::Char(c, i),
            None => Reference::Nothing(i),
        };
    }
    let run = bytes
        .iter()
        .skip(1)
        .take(entities::MAX_NAME + 1)
        .take_while(|b| b.is_ascii_alphanumeric())
        .count();
    let name = s.get(1..1 + run).unwrap_or_default();
    if bytes.get(1 + run) == Some(&b';') {
        if let Some(c) = entities::named(name) {
            return Reference::Char(c, run + 2);
        }
    }
    match entities::legacy_prefix(name) {
        Some((legacy, c)) => {
            let next = bytes.get(1 + legacy.len());
            if attribute && next.is_some_and(|b| b.is_ascii_alphanumeric() || *b == b'=') {
                Reference::Literal
            } else {
                Reference::Char(c, 1 + legacy.len())
            }
        }
        None => Reference::Literal,
    }
}

/// `value` decoded as an attribute value.
pub(super) fn decode_attribute(value: &str) -> String {
    let mut out = String::new();
    decode_into(value, true, &mut out);
    out
}

/// Runs of whitespace as one space, none at either end.
pub(super) fn collapse(s: &str) -> String {
    let mut out = String::new();
    for word in s.split(is_space_char).filter(|w| !w.is_empty()) {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// Adds `property: value`, replacing an earlier value of the same
/// property (the later one wins in CSS).
pub(super) fn push_declaration(
    out: &mut Vec<(&'static str, String)>,
    property: &'static str,
    value: String,
) {
    out.retain(|(p, _)| *p != property);
    out.push((property, value));
}

/// Adds the declarations of a `style` value whose property is one of
/// [`PROPERTIES`] and whose value passes [`css_value`]; the others are
/// dropped.
pub(super) fn style_declarations(style: &str, out: &mut Vec<(&'static str, String)>) {
    for declaration in style.split(';') {
        let Some((name, value)) = declaration.split_once(':') else {
            continue;
        };
        let name = name.trim_matches(is_space_char);
        let Some(property) = PROPERTIES.iter().find(|p| p.eq_ignore_ascii_case(name)) else {
            continue;
        };
        if let Some(value) = css_value(value) {
            push_declaration(out, property, value);
        }
    }
}

/// Declarations written as a `style` value.
pub(super) fn style_text(declarations: &[(&'static str, String)]) -> Option<String> {
    let mut out = String::new();
    for (property, value) in declarations {
        if !out.is_empty() {
            out.push_str("; ");
        }
        out.push_str(property);
        out.push_str(": ");
        out.push_str(value);
    }
    (!out.is_empty()).then_some(out)
}

/// A CSS value made only of what the recommended properties need:
/// letters and digits (any script), spaces, `# % . , - + ! _`, quoted
/// strings of the same, and calls of `rgb`, `rgba`, `hsl`, `hsla` without
/// nesting. Everything else is refused, and with it `url(`,
/// `expression(`, escapes (`\`), comments, `<`, `>`, braces, `@`, `;`
/// and control characters. Whitespace runs become one space.
pub(super) fn css_value(value: &str) -> Option<String> {
    let mut out = String::new();
    let mut quote: Option<char> = None;
    let mut in_call = false;
    let mut space = false;
    for c in value.chars() {
        if is_space_char(c) {
            space = true;
            continue;
        }
        if space && !out.is_empty() {
            out.push(' ');
        }
        space = false;
        let plain =
            c.is_alphanumeric() || matches!(c, '#' | '%' | '.' | ',' | '-' | '+' | '!' | '_');
        if let Some(q) = quote {
            if c == q {
                quote = None;
            } else if !plain {
                return None;
            }
        } else {
            match c {
                '\'' | '"' => quote = Some(c),
                '(' => {
                    let name_len = out
                        .bytes()
                        .rev()
                        .take_while(u8::is_ascii_alphabetic)
                        .count();
                    let name = out.get(out.len() - name_len..).unwrap_or_default();
                    if in_call || !FUNCTIONS.iter().any(|f| f.eq_ignore_ascii_case(name)) {
                        return None;
                    }
                    in_call = true;
                }
                ')' if in_call => in_call = false,
                _ if plain => {}
                _ => return None,
            }
        }
        out.push(c);
    }
    (quote.is_none() && !in_call && !out.is_empty()).then_some(out)
}

/// A URL whose scheme is one of [`SCHEMES`], cleaned as browsers read
/// it: leading and trailing spaces and controls removed, TAB, LF and CR
/// removed anywhere. Relative URLs (no scheme) and URLs with other
/// control characters are refused.
pub(super) fn url(value: &str) -> Option<String> {
    let trimmed = value.trim_matches(|c: char| c <= ' ');
    let cleaned: String = trimmed
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect();
    if cleaned.chars().any(char::is_control) {
        return None;
    }
    let (scheme, _) = cleaned.split_once(':')?;
    let well_formed = scheme.starts_with(|c: char| c.is_ascii_alphabetic())
        && scheme
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'-' | b'.'));
    (well_formed && SCHEMES.iter().any(|s| s.eq_ignore_ascii_case(scheme))).then_some(cleaned)
}

/// An image dimension: up to five digits, in pixels (`px` accepted and
/// dropped) or with `%`.
pub(super) fn length(value: &str) -> Option<String> {
    let v = value.trim_matches(is_space_char);
    let (digits, unit) = match v.strip_suffix('%') {
        Some(d) => (d, "%"),
        None => {
            let lower = v.len().checked_sub(2).and_then(|n| v.get(n..));
            match lower {
                Some(px) if px.eq_ignore_ascii_case("px") => (v.get(..v.len() - 2)?, ""),
                _ => (v, ""),
            }
        }
    };
    let ok = (1..=5).contains(&digits.len()) && digits.bytes().all(|b| b.is_ascii_digit());
    ok.then(|| format!("{digits}{unit}"))
}

/// A media type for `<a type>`, written canonically.
pub(super) fn media_type(value: &str) -> Option<String> {
    MediaType::parse(value).ok().map(|m| m.to_string())
}

/// The CSS `font-size` for a `<font size>` (HTML 4 §15.2.2: 1 to 7, or
/// relative with a sign).
pub(super) fn font_size(value: &str) -> Option<&'static str> {
    let v = value.trim_matches(is_space_char);
    if v.starts_with('+') {
        return Some("larger");
    }
    if v.starts_with('-') {
        return Some("smaller");
    }
    Some(match v {
        "1" => "x-small",
        "2" => "small",
        "3" => "medium",
        "4" => "large",
        "5" => "x-large",
        "6" | "7" => "xx-large",
        _ => return None,
    })
}

/// The `text-align` for a legacy `align` attribute.
pub(super) fn align(value: &str) -> Option<&'static str> {
    let v = value.trim_matches(is_space_char);
    ["left", "right", "center", "justify"]
        .into_iter()
        .find(|a| a.eq_ignore_ascii_case(v))
}

/// Bytes `s` takes written as character data by the stanza writer.
pub(super) fn text_cost(s: &str) -> usize {
    s.bytes()
        .map(|b| match b {
            b'&' | b'\r' => 5,
            b'<' | b'>' => 4,
            _ => 1,
        })
        .sum()
}

/// Bytes `s` takes written as a single-quoted attribute value.
pub(super) fn attribute_cost(s: &str) -> usize {
    s.bytes()
        .map(|b| match b {
            b'\'' => 6,
            b'&' | b'\t' | b'\n' | b'\r' => 5,
            b'<' => 4,
            _ => 1,
        })
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(raw: &str) -> String {
        let mut out = String::new();
        decode_into(raw, false, &mut out);
        out
    }

    #[test]
    fn references_in_text() {
        for (raw, decoded) in [
            ("a &amp; b", "a & b"),
            ("&lt;script&gt;", "<script>"),
            ("&nbsp;&copy;&reg;&hellip;&mdash;&ndash;", "\u{A0}©®…—–"),
            ("&lsquo;&rsquo;&ldquo;&rdquo;&euro;&apos;&quot;", "‘’“”€'\""),
            ("&#65;&#x42;&#X43;&#0068", "ABCD"),
            ("&#x1F600;", "\u{1F600}"),
            ("&#146;&#150;", "’–"),
            ("&#0;&#1;&#xD800;&#x110000;&#99999999999999;&#xFFFE;x", "x"),
            ("&#;&#x;&#xg;", "&#;&#x;&#xg;"),
            ("AT&T &bogus; & &;", "AT&T &bogus; & &;"),
            ("&amp &copy2020 &ampx", "& ©2020 &x"),
            ("&Amp;", "&Amp;"),
            ("a\r\nb\rc\u{0}\u{1}\u{7F}\u{FFFF}d", "a\nb\nc\u{7F}d"),
            ("&#13;", "\n"),
            ("&Tab;&NewLine;&colon;", "\t\n:"),
        ] {
            assert_eq!(text(raw), decoded, "{raw:?}");
        }
    }

    #[test]
    fn references_in_attributes() {
        assert_eq!(decode_attribute("?a=1&copy=2&amp=3"), "?a=1&copy=2&amp=3");
        assert_eq!(decode_attribute("&copy;&copy &amp;"), "©© &");
        assert_eq!(decode_attribute("&ampx"), "&ampx");
        assert_eq!(
            decode_attribute("&#106;ava&#x09;script&colon;"),
            "java\tscript:"
        );
    }

    #[test]
    fn styles() {
        let table = [
            ("color: red", Some("color: red")),
            (
                "COLOR:Red;;font-weight : bold ",
                Some("color: Red; font-weight: bold"),
            ),
            ("color: red; color: blue", Some("color: blue")),
            (
                "font-family: 'Comic Sans MS', serif",
                Some("font-family: 'Comic Sans MS', serif"),
            ),
            (
                "font-family: \"ＭＳ ゴシック\"",
                Some("font-family: \"ＭＳ ゴシック\""),
            ),
            ("color: rgb(1, 2, 3)", Some("color: rgb(1, 2, 3)")),
            (
                "color: #ff0000 !important",
                Some("color: #ff0000 !important"),
            ),
            ("margin-left:\t5%\n", Some("margin-left: 5%")),
            ("background-color: url(javascript:alert(1))", None),
            ("background-color: URL(x)", None),
            ("color: expression(alert(1))", None),
            ("color: expr/**/ession(alert(1))", None),
            ("color: e\\78 pression(x)", None),
            ("color: rgb(rgb(1))", None),
            ("color: rgb (1,2,3)", None),
            ("color: red)", None),
            ("color: 'red", None),
            ("color: '<b>'", None),
            ("color: a<b", None),
            ("color: a>b", None),
            ("color: a\u{1}b", None),
            ("color: {x}", None),
            ("color: @import", None),
            ("color:", None),
            ("position: fixed", None),
            ("behavior: url(x.htc)", None),
            ("-moz-binding: url(x)", None),
            ("background-image: url(x)", None),
            ("font: 12px serif", None),
            ("color red", None),
        ];
        for (style, expected) in table {
            let mut decls = Vec::new();
            style_declarations(style, &mut decls);
            assert_eq!(style_text(&decls).as_deref(), expected, "{style:?}");
        }
    }

    #[test]
    fn urls() {
        for ok in [
            "http://example.com/",
            "HTTPS://example.com/a?b=c&d",
            "mailto:juliet@example.com",
            "xmpp:juliet@example.com?message",
            "sip:romeo@example.net",
            "sips:romeo@example.net",
            "im:romeo@example.net",
            "tel:+1-201-555-0123",
            "cid:part1@example.net",
        ] {
            assert_eq!(url(ok).as_deref(), Some(ok), "{ok}");
        }
        assert_eq!(
            url("  \u{1}http://exa\tmple.com/\n ").as_deref(),
            Some("http://example.com/")
        );
        for bad in [
            "javascript:alert(1)",
            "JaVaScRiPt:alert(1)",
            " javascript:alert(1)",
            "java\tscript:alert(1)",
            "java\nscript:alert(1)",
            "\u{1}javascript:alert(1)",
            "vbscript:msgbox(1)",
            "data:text/html;base64,PHNjcmlwdD4=",
            "DATA:image/png;base64,AAAA",
            "file:///etc/passwd",
            "ftp://example.com/",
            "java script:alert(1)",
            "javascript :alert(1)",
            "/relative/path",
            "//example.com/",
            "relative",
            "?q=http:",
            "#frag",
            "",
            "http://a/\u{7}b",
            "http://a/\u{85}b",
            "ｊavascript:alert(1)",
            "1http://example.com/",
        ] {
            assert_eq!(url(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn lengths_sizes_alignment_and_types() {
        assert_eq!(length("120").as_deref(), Some("120"));
        assert_eq!(length(" 50% ").as_deref(), Some("50%"));
        assert_eq!(length("64px").as_deref(), Some("64"));
        assert_eq!(length("64PX").as_deref(), Some("64"));
        for bad in ["", "px", "%", "-1", "1e3", "123456", "12 px", "calc(1)"] {
            assert_eq!(length(bad), None, "{bad:?}");
        }
        assert_eq!(font_size("3"), Some("medium"));
        assert_eq!(font_size("7"), Some("xx-large"));
        assert_eq!(font_size("+1"), Some("larger"));
        assert_eq!(font_size("-2"), Some("smaller"));
        assert_eq!(font_size("8"), None);
        assert_eq!(align("CENTER"), Some("center"));
        assert_eq!(align("middle"), None);
        assert_eq!(media_type(" text/html ").as_deref(), Some("text/html"));
        assert_eq!(media_type("text"), None);
        assert_eq!(collapse("  a \t b\n\nc  "), "a b c");
        assert_eq!(collapse("a\u{A0} b"), "a\u{A0} b");
    }

    #[test]
    fn costs_bound_the_written_form() {
        assert_eq!(text_cost("a&<>'\""), 1 + 5 + 4 + 4 + 1 + 1);
        assert_eq!(attribute_cost("a&<>'\"\t"), 1 + 5 + 4 + 1 + 6 + 1 + 5);
    }
}
