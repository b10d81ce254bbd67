//! A tolerant HTML tokenizer: start tags with attributes (quoted,
//! unquoted, valueless), end tags, and text, following the shape of the
//! HTML5 tokenizer (§13.2.5) without its error recovery detail.
//!
//! Comments, `<!DOCTYPE …>`, CDATA sections, processing instructions and
//! bogus comments are skipped; so are the raw-text elements (`script`,
//! `style`, `title`, `textarea`, `iframe`, `xmp`, `noembed`, `noframes`,
//! `noscript`) with their content and end tag, so that nothing inside
//! them is ever read as markup. A tag cut off by the end of the input is
//! dropped. Text is returned raw: references are decoded by the caller.
//! Every loop advances through the input, so the work is linear in its
//! length.

/// One attribute kept from a start tag: name and raw value (references
/// not decoded).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct RawAttr<'a> {
    pub(super) name: &'a str,
    pub(super) value: &'a str,
}

/// A token and the byte offset where it starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Token<'a> {
    /// Character data up to the next markup, raw.
    Text { raw: &'a str, offset: usize },
    /// `<name …>`; the attributes are in the vector passed to `next`.
    Start {
        name: &'a str,
        self_closing: bool,
        offset: usize,
    },
    /// `</name …>`.
    End { name: &'a str, offset: usize },
}

/// Elements whose content is raw text, skipped whole.
const RAW_TEXT: &[&str] = &[
    "script", "style", "title", "textarea", "iframe", "xmp", "noembed", "noframes", "noscript",
];

/// What [`Tokenizer::tag`] read.
struct Tag<'a> {
    name: &'a str,
    /// After the closing `>`; `None` if the input ends first.
    end: Option<usize>,
    /// `/>`.
    self_closing: bool,
}

pub(super) struct Tokenizer<'a> {
    input: &'a str,
    pos: usize,
    /// Which attribute names to keep; the others are skipped.
    keep: fn(&str) -> bool,
    /// How many attributes one start tag keeps at most.
    max_attrs: usize,
}

/// HTML whitespace (§13.2.5: TAB, LF, FF, CR, SPACE).
pub(super) const fn is_html_space(b: u8) -> bool {
    matches!(b, b'\t' | b'\n' | b'\x0C' | b'\r' | b' ')
}

impl<'a> Tokenizer<'a> {
    pub(super) fn new(input: &'a str, keep: fn(&str) -> bool, max_attrs: usize) -> Self {
        Tokenizer {
            input,
            pos: 0,
            keep,
            max_attrs,
        }
    }

    /// The input between two ASCII delimiters found by byte scanning.
    fn slice(&self, from: usize, to: usize) -> &'a str {
        self.input.get(from..to).unwrap_or_default()
    }

    /// Position of the first `needle` at or after `from`, or the end.
    fn find(&self, from: usize, needle: &[u8]) -> Option<usize> {
        let hay = self.input.as_bytes().get(from..)?;
        memchr::memmem::find(hay, needle).map(|p| from + p)
    }

    /// The next token; `attrs` receives the kept attributes of a start
    /// tag (cleared first).
    pub(super) fn next(&mut self, attrs: &mut Vec<RawAttr<'a>>) -> Option<Token<'a>> {
        loop {
            let start = self.pos;
            let rest = self.input.as_bytes().get(start..)?;
            if rest.is_empty() {
                return None;
            }
            if rest.first() != Some(&b'<') {
                let end = memchr::memchr(b'<', rest).map_or(self.input.len(), |p| start + p);
                self.pos = end;
                return Some(Token::Text {
                    raw: self.slice(start, end),
                    offset: start,
                });
            }
            match (rest.get(1).copied(), rest.get(2).copied()) {
                (Some(b'!'), _) => self.markup_declaration(start),
                (Some(b'?'), _) => self.bogus_comment(start + 2),
                (Some(b'/'), Some(c)) if c.is_ascii_alphabetic() => {
                    let tag = self.tag(start + 2, None);
                    let Some(end) = tag.end else {
                        self.pos = self.input.len();
                        return None;
                    };
                    self.pos = end;
                    return Some(Token::End {
                        name: tag.name,
                        offset: start,
                    });
                }
                (Some(b'/'), Some(b'>')) => self.pos = start + 3,
                (Some(b'/'), Some(_)) => self.bogus_comment(start + 2),
                (Some(b'/'), None) => {
                    self.pos = self.input.len();
                }
                (Some(c), _) if c.is_ascii_alphabetic() => {
                    attrs.clear();
                    let tag = self.tag(start + 1, Some(attrs));
                    let Some(end) = tag.end else {
                        self.pos = self.input.len();
                        return None;
                    };
                    self.pos = end;
                    if RAW_TEXT.iter().any(|r| r.eq_ignore_ascii_case(tag.name)) {
                        self.skip_raw_text(tag.name);
                        continue;
                    }
                    return Some(Token::Start {
                        name: tag.name,
                        self_closing: tag.self_closing,
                        offset: start,
                    });
                }
                _ => {
                    // A `<` that starts no markup is text.
                    self.pos = start + 1;
                    return Some(Token::Text {
                        raw: "<",
                        offset: start,
                    });
                }
            }
        }
    }

    /// `<!…`: a comment, a CDATA section, or a bogus comment (DOCTYPE
    /// included), each skipped.
    fn markup_declaration(&mut self, start: usize) {
        let bytes = self.input.as_bytes();
        let rest = bytes.get(start..).unwrap_or_default();
        if rest.starts_with(b"<!--") {
            self.pos = self.comment_end(start + 4);
        } else if rest.starts_with(b"<![CDATA[") {
            self.pos = self
                .find(start + 9, b"]]>")
                .map_or(self.input.len(), |p| p + 3);
        } else {
            self.bogus_comment(start + 2);
        }
    }

    /// Where a comment whose text starts at `body` ends (after its `-->`,
    /// `--!>`, or the `>` of `<!-->` and `<!--->`); the end of the input
    /// if it never does.
    fn comment_end(&self, body: usize) -> usize {
        let bytes = self.input.as_bytes();
        let mut from = body;
        while let Some(p) = bytes
            .get(from..)
            .and_then(|r| memchr::memchr(b'>', r))
            .map(|p| from + p)
        {
            let ends = p == body
                || (p == body + 1 && bytes.get(body) == Some(&b'-'))
                || (p >= body + 2 && bytes.get(p - 2..p) == Some(b"--"))
                || (p >= body + 3 && bytes.get(p - 3..p) == Some(b"--!"));
            if ends {
                return p + 1;
            }
            from = p + 1;
        }
        self.input.len()
    }

    /// Skips to after the next `>` (or to the end).
    fn bogus_comment(&mut self, from: usize) {
        self.pos = self
            .input
            .as_bytes()
            .get(from..)
            .and_then(|r| memchr::memchr(b'>', r))
            .map_or(self.input.len(), |p| from + p + 1);
    }

    /// Reads a tag from its name at `from`. Attributes go to `attrs` when
    /// given.
    fn tag(&self, from: usize, mut attrs: Option<&mut Vec<RawAttr<'a>>>) -> Tag<'a> {
        let bytes = self.input.as_bytes();
        let mut i = from;
        while bytes
            .get(i)
            .is_some_and(|&b| !is_html_space(b) && b != b'/' && b != b'>')
        {
            i += 1;
        }
        let name = self.slice(from, i);
        let cut = Tag {
            name,
            end: None,
            self_closing: false,
        };
        loop {
            // Before an attribute name: whitespace and stray slashes; a
            // slash right before `>` makes the tag self-closing.
            let mut slash = false;
            while let Some(b) = bytes.get(i).copied() {
                if is_html_space(b) || b == b'/' {
                    slash = b == b'/';
                    i += 1;
                } else {
                    break;
                }
            }
            match bytes.get(i) {
                None => return cut,
                Some(b'>') => {
                    return Tag {
                        name,
                        end: Some(i + 1),
                        self_closing: slash,
                    };
                }
                Some(_) => {}
            }
            // The name: a leading `=` belongs to it (§13.2.5.32).
            let name_start = i;
            i += 1;
            while bytes
                .get(i)
                .is_some_and(|&b| !is_html_space(b) && !matches!(b, b'/' | b'>' | b'='))
            {
                i += 1;
            }
            let attr_name = self.slice(name_start, i);
            let mut j = i;
            while bytes.get(j).copied().is_some_and(is_html_space) {
                j += 1;
            }
            let mut value = "";
            if bytes.get(j) == Some(&b'=') {
                j += 1;
                while bytes.get(j).copied().is_some_and(is_html_space) {
                    j += 1;
                }
                match bytes.get(j) {
                    None => return cut,
                    Some(&q @ (b'"' | b'\'')) => {
                        let Some(close) = bytes
                            .get(j + 1..)
                            .and_then(|r| memchr::memchr(q, r))
                            .map(|p| j + 1 + p)
                        else {
                            return cut;
                        };
                        value = self.slice(j + 1, close);
                        i = close + 1;
                    }
                    Some(b'>') => i = j,
                    Some(_) => {
                        let v = j;
                        while bytes
                            .get(j)
                            .is_some_and(|&b| !is_html_space(b) && b != b'>')
                        {
                            j += 1;
                        }
                        value = self.slice(v, j);
                        i = j;
                    }
                }
            }
            if let Some(list) = attrs.as_deref_mut() {
                let keep = list.len() < self.max_attrs
                    && (self.keep)(attr_name)
                    && !list.iter().any(|a| a.name.eq_ignore_ascii_case(attr_name));
                if keep {
                    list.push(RawAttr {
                        name: attr_name,
                        value,
                    });
                }
            }
        }
    }

    /// Skips the content of a raw-text element and its end tag: up to
    /// `</name` followed by whitespace, `/` or `>`, in any case.
    fn skip_raw_text(&mut self, name: &str) {
        let bytes = self.input.as_bytes();
        let mut from = self.pos;
        while let Some(p) = self.find(from, b"</") {
            let after = p + 2 + name.len();
            let matches = bytes
                .get(p + 2..after)
                .is_some_and(|n| n.eq_ignore_ascii_case(name.as_bytes()))
                && bytes
                    .get(after)
                    .is_none_or(|&b| is_html_space(b) || b == b'/' || b == b'>');
            if matches {
                self.pos = self.tag(p + 2, None).end.unwrap_or(self.input.len());
                return;
            }
            from = p + 2;
        }
        self.pos = self.input.len();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all(input: &str) -> Vec<String> {
        let mut t = Tokenizer::new(input, |_| true, 8);
        let mut attrs = Vec::new();
        let mut out = Vec::new();
        while let Some(tok) = t.next(&mut attrs) {
            out.push(match tok {
                Token::Text { raw, offset } => format!("{offset}:text({raw})"),
                Token::Start {
                    name,
                    self_closing,
                    offset,
                } => {
                    let a: Vec<String> = attrs
                        .iter()
                        .map(|a| format!("{}=\"{}\"", a.name, a.value))
                        .collect();
                    format!(
                        "{offset}:<{name}{}{}>",
                        if a.is_empty() {
                            String::new()
                        } else {
                            format!(" {}", a.join(" "))
                        },
                        if self_closing { "/" } else { "" }
                    )
                }
                Token::End { name, offset } => format!("{offset}:</{name}>"),
            });
        }
        out
    }

    #[test]
    fn tags_and_attributes() {
        let table: &[(&str, &[&str])] = &[
            ("a<b>c</b>", &["0:text(a)", "1:<b>", "4:text(c)", "5:</b>"]),
            (
                "<A HREF=\"x y\" title='q' checked data=v>",
                &["0:<A HREF=\"x y\" title=\"q\" checked=\"\" data=\"v\">"],
            ),
            ("<br/>", &["0:<br/>"]),
            ("<br />", &["0:<br/>"]),
            ("<img src=a/>", &["0:<img src=\"a/\">"]),
            ("<img src='a'/>", &["0:<img src=\"a\"/>"]),
            ("<p / >", &["0:<p>"]),
            ("<p a = 1 b= '2'>", &["0:<p a=\"1\" b=\"2\">"]),
            ("<p a=>x", &["0:<p a=\"\">", "6:text(x)"]),
            ("<p =x>", &["0:<p =x=\"\">"]),
            ("<p a=1 a=2>", &["0:<p a=\"1\">"]),
            ("</p foo='>'>x", &["0:</p>", "12:text(x)"]),
            (
                "a < b <3 <>",
                &[
                    "0:text(a )",
                    "2:text(<)",
                    "3:text( b )",
                    "6:text(<)",
                    "7:text(3 )",
                    "9:text(<)",
                    "10:text(>)",
                ],
            ),
            ("</>x", &["3:text(x)"]),
            ("</ x>y", &["5:text(y)"]),
            ("é<ü>", &["0:text(é)", "2:text(<)", "3:text(ü>)"]),
        ];
        for (input, expected) in table {
            assert_eq!(all(input), *expected, "{input:?}");
        }
    }

    #[test]
    fn skipped_markup() {
        let table: &[(&str, &[&str])] = &[
            ("a<!-- <b> -->c", &["0:text(a)", "13:text(c)"]),
            ("<!-->x", &["5:text(x)"]),
            ("<!--->x", &["6:text(x)"]),
            ("<!-- a --!>x", &["11:text(x)"]),
            ("<!-- a ->x-->y", &["13:text(y)"]),
            ("<!DOCTYPE html>x", &["15:text(x)"]),
            ("<![CDATA[<b>]]>x", &["15:text(x)"]),
            ("<?xml version='1.0'?>x", &["21:text(x)"]),
            ("</!x>y", &["5:text(y)"]),
            (
                "<script>a</b>'</script>'</script >x",
                &["23:text(')", "24:</script>", "34:text(x)"],
            ),
            ("<SCRIPT>x</sCrIpT>y", &["18:text(y)"]),
            ("<script>x</scripty>y", &[]),
            ("<style>p{}</style>x", &["18:text(x)"]),
            ("<title>t</title><p>", &["16:<p>"]),
            ("<script/>still script</script>x", &["30:text(x)"]),
        ];
        for (input, expected) in table {
            assert_eq!(all(input), *expected, "{input:?}");
        }
    }

    #[test]
    fn unterminated_constructs_end_the_input() {
        for input in [
            "<!-- open",
            "<p",
            "<p a='x",
            "<p a=",
            "</p",
            "</",
            "<script>x",
            "<![CDATA[x",
            "<!DOCTYPE",
            "<?pi",
        ] {
            assert_eq!(all(input), Vec::<String>::new(), "{input:?}");
        }
        assert_eq!(all("x<p"), ["0:text(x)"]);
    }

    #[test]
    fn attributes_are_filtered_and_capped() {
        let mut t = Tokenizer::new("<a x=1 href=h y=2 style=s>", |n| n != "x", 2);
        let mut attrs = Vec::new();
        assert!(matches!(t.next(&mut attrs), Some(Token::Start { .. })));
        assert_eq!(
            attrs,
            [
                RawAttr {
                    name: "href",
                    value: "h"
                },
                RawAttr {
                    name: "y",
                    value: "2"
                }
            ]
        );
    }
}
