//! The XML stream of an XEP-0114 component connection: the stream header,
//! the handshake, and cutting the stream into top-level elements.
//!
//! [`Splitter`] is incremental: give it bytes as they arrive and take out
//! each complete top-level element (a stanza, `<handshake/>`,
//! `<stream:error/>`) as its own bytes, ready for `Stanza::parse`. It only
//! finds where elements begin and end; the stanza parser does the real
//! XML checks. It scans each byte once, and refuses an element (or a
//! stream header) larger than its limit before buffering more.

/// What the peer's stream header says.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Header {
    /// `id`: the stream id the handshake digest is made from.
    pub id: Option<String>,
    /// `from`.
    pub from: Option<String>,
    /// `xml:lang`: the language stanzas without one inherit.
    pub lang: Option<String>,
}

/// One thing read from the stream.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Item {
    /// The stream header (`<stream:stream ...>`).
    Header(Header),
    /// A complete top-level element, as received.
    Element(Vec<u8>),
    /// `</stream:stream>`: the peer closed the stream.
    End,
}

/// Why the stream cannot be read any further.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StreamError {
    /// An element (or the header) larger than the limit.
    TooLarge(usize),
    /// Markup that has no place in an XMPP stream (RFC 6120 §11.1).
    Malformed(&'static str),
}

impl std::fmt::Display for StreamError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            StreamError::TooLarge(max) => write!(f, "an element exceeds {max} bytes"),
            StreamError::Malformed(why) => write!(f, "malformed stream: {why}"),
        }
    }
}

impl std::error::Error for StreamError {}

/// Cuts a stream into its header and top-level elements.
#[derive(Debug)]
pub struct Splitter {
    buf: Vec<u8>,
    /// Scan position: never inside a tag, so scanning resumes here.
    pos: usize,
    /// Where the element being read starts, once its start tag is seen.
    start: Option<usize>,
    /// Open elements below the stream root.
    depth: usize,
    header_seen: bool,
    /// How far the unfinished markup at `pos` was searched for its end.
    resume: Resume,
    max: usize,
}

/// Where the search for the end of an unfinished tag goes on, so that
/// bytes arriving one at a time are not rescanned.
#[derive(Debug, Default, Clone, Copy)]
struct Resume {
    /// Bytes of the markup already searched.
    checked: usize,
    /// The quote of the attribute value being read (start tags).
    quote: Option<u8>,
}

/// A piece of markup at the scan position.
enum Markup {
    Decl,
    Cdata,
    Start { empty: bool },
    End,
}

impl Splitter {
    /// A splitter refusing elements larger than `max` bytes.
    pub fn new(max: usize) -> Self {
        Splitter {
            buf: Vec::new(),
            pos: 0,
            start: None,
            depth: 0,
            header_seen: false,
            resume: Resume::default(),
            max,
        }
    }

    /// Appends bytes read from the connection.
    pub fn push(&mut self, bytes: &[u8]) {
        self.buf.extend_from_slice(bytes);
    }

    /// The next complete item, `Ok(None)` when more bytes are needed.
    pub fn next_item(&mut self) -> Result<Option<Item>, StreamError> {
        loop {
            let held = self.buf.len() - self.start.unwrap_or(self.pos);
            if held > self.max {
                return Err(StreamError::TooLarge(self.max));
            }
            let Some(&b) = self.buf.get(self.pos) else {
                return Ok(None);
            };
            if b != b'<' {
                // Character data: inside an element anything goes (the
                // stanza parser checks it); between elements only
                // whitespace.
                let run = self.buf[self.pos..]
                    .iter()
                    .position(|&c| c == b'<')
                    .unwrap_or(self.buf.len() - self.pos);
                if self.start.is_none()
                    && !self.buf[self.pos..self.pos + run]
                        .iter()
                        .all(u8::is_ascii_whitespace)
                {
                    return Err(StreamError::Malformed("text between stanzas"));
                }
                self.pos += run;
                if self.start.is_none() {
                    self.discard_scanned();
                }
                continue;
            }
            let Some((markup, len)) = markup_at(&self.buf[self.pos..], &mut self.resume)? else {
                return Ok(None);
            };
            self.resume = Resume::default();
            let at = self.pos;
            self.pos += len;
            match markup {
                Markup::Decl if !self.header_seen => {}
                Markup::Decl => return Err(StreamError::Malformed("processing instruction")),
                Markup::Cdata if self.start.is_some() => {}
                Markup::Cdata => return Err(StreamError::Malformed("CDATA between stanzas")),
                Markup::Start { .. } if !self.header_seen => {
                    self.header_seen = true;
                    let header = parse_header(&self.buf[at..self.pos])?;
                    self.discard_scanned();
                    return Ok(Some(Item::Header(header)));
                }
                Markup::Start { empty } => {
                    if self.start.is_none() {
                        self.start = Some(at);
                    }
                    if !empty {
                        self.depth += 1;
                    } else if self.depth == 0 {
                        return Ok(Some(self.take_element()));
                    }
                }
                Markup::End if !self.header_seen => {
                    return Err(StreamError::Malformed("end tag before the stream header"));
                }
                Markup::End if self.depth == 0 => return Ok(Some(Item::End)),
                Markup::End => {
                    self.depth -= 1;
                    if self.depth == 0 {
                        return Ok(Some(self.take_element()));
                    }
                }
            }
        }
    }

    fn take_element(&mut self) -> Item {
        let start = self.start.take().unwrap_or(self.pos);
        let element = self.buf[start..self.pos].to_vec();
        self.discard_scanned();
        Item::Element(element)
    }

    /// Forgets the bytes before the scan position.
    fn discard_scanned(&mut self) {
        self.buf.drain(..self.pos);
        self.pos = 0;
    }
}

/// The markup starting at `rest[0] == b'<'` and its length, or `None`
/// when it is not complete yet (`resume` then records how far it was
/// searched).
fn markup_at(rest: &[u8], resume: &mut Resume) -> Result<Option<(Markup, usize)>, StreamError> {
    let mut find = |pat: &[u8], markup: Markup| {
        let from = resume.checked.saturating_sub(pat.len() - 1).max(1);
        let found = rest[from..]
            .windows(pat.len())
            .position(|w| w == pat)
            .map(|i| (markup, from + i + pat.len()));
        resume.checked = rest.len();
        found
    };
    const CDATA: &[u8] = b"<![CDATA[";
    match rest.get(1) {
        None => Ok(None),
        Some(b'?') => Ok(find(b"?>", Markup::Decl)),
        Some(b'!') => {
            if rest.len() < CDATA.len() && CDATA.starts_with(rest) {
                Ok(None)
            } else if rest.starts_with(CDATA) {
                Ok(find(b"]]>", Markup::Cdata))
            } else {
                Err(StreamError::Malformed("comment or DTD"))
            }
        }
        Some(b'/') => Ok(find(b">", Markup::End)),
        Some(_) => {
            // A start tag ends at the first `>` outside a quoted value.
            let from = resume.checked.max(1);
            for (i, &c) in rest.iter().enumerate().skip(from) {
                match (resume.quote, c) {
                    (None, b'"' | b'\'') => resume.quote = Some(c),
                    (Some(q), _) if q == c => resume.quote = None,
                    (None, b'>') => {
                        let empty = rest[i - 1] == b'/';
                        return Ok(Some((Markup::Start { empty }, i + 1)));
                    }
                    _ => {}
                }
            }
            resume.checked = rest.len();
            Ok(None)
        }
    }
}

/// Reads the attributes of the stream header's start tag.
fn parse_header(tag: &[u8]) -> Result<Header, StreamError> {
    let tag = std::str::from_utf8(tag).map_err(|_| StreamError::Malformed("header not UTF-8"))?;
    let inner = tag
        .strip_prefix('<')
        .and_then(|t| t.strip_suffix('>'))
        .ok_or(StreamError::Malformed("header"))?;
    let (name, mut rest) = inner.split_once(char::is_whitespace).unwrap_or((inner, ""));
    if name != "stream" && !name.ends_with(":stream") {
        return Err(StreamError::Malformed(
            "the stream does not open with <stream>",
        ));
    }
    let mut header = Header::default();
    loop {
        rest = rest.trim_start();
        let Some((key, after)) = rest.split_once('=') else {
            break;
        };
        let after = after.trim_start();
        let quote = after
            .chars()
            .next()
            .filter(|q| *q == '"' || *q == '\'')
            .ok_or(StreamError::Malformed("header attribute"))?;
        let (value, tail) = after[1..]
            .split_once(quote)
            .ok_or(StreamError::Malformed("header attribute"))?;
        let value = unescape(value);
        match key.trim() {
            "id" => header.id = Some(value),
            "from" => header.from = Some(value),
            "xml:lang" => header.lang = Some(value),
            _ => {}
        }
        rest = tail;
    }
    Ok(header)
}

/// The five predefined entities (all a stream id or language can hold).
fn unescape(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&amp;", "&")
}

/// The stream header a component sends (XEP-0114 §3).
pub fn component_header(component: &str) -> String {
    format!(
        "<?xml version='1.0'?><stream:stream xmlns='jabber:component:accept' \
         xmlns:stream='http://etherx.jabber.org/streams' to='{component}'>"
    )
}

/// The handshake element: SHA-1 of the stream id followed by the secret,
/// in lower-case hexadecimal (XEP-0114 §3).
pub fn handshake(stream_id: &str, secret: &str) -> String {
    let mut h = sha1_smol::Sha1::new();
    h.update(stream_id.as_bytes());
    h.update(secret.as_bytes());
    format!("<handshake>{}</handshake>", h.digest())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn items(s: &mut Splitter) -> Vec<Item> {
        let mut out = Vec::new();
        while let Some(i) = s.next_item().unwrap() {
            out.push(i);
        }
        out
    }

    const HEADER: &str = "<?xml version='1.0'?><stream:stream xmlns='jabber:component:accept' \
        xmlns:stream='http://etherx.jabber.org/streams' id='a&amp;b' from=\"sip.localhost\" xml:lang='en'>";

    #[test]
    fn header_then_elements_in_any_chunking() {
        let stanzas = "<handshake/>\n<message to='a@b' x='>'><body>1 &lt; 2 <![CDATA[</body>]]></body></message> \
            <presence/><iq type='get' id='1'><query xmlns='q'/></iq></stream:stream>";
        let whole = format!("{HEADER}{stanzas}");
        for chunk in [1, 2, 3, 7, whole.len()] {
            let mut s = Splitter::new(4096);
            let mut got = Vec::new();
            for piece in whole.as_bytes().chunks(chunk) {
                s.push(piece);
                got.extend(items(&mut s));
            }
            assert_eq!(
                got,
                vec![
                    Item::Header(Header {
                        id: Some("a&b".into()),
                        from: Some("sip.localhost".into()),
                        lang: Some("en".into()),
                    }),
                    Item::Element(b"<handshake/>".to_vec()),
                    Item::Element(
                        b"<message to='a@b' x='>'><body>1 &lt; 2 <![CDATA[</body>]]></body></message>"
                            .to_vec()
                    ),
                    Item::Element(b"<presence/>".to_vec()),
                    Item::Element(b"<iq type='get' id='1'><query xmlns='q'/></iq>".to_vec()),
                    Item::End,
                ],
                "chunks of {chunk}"
            );
        }
    }

    #[test]
    fn refusals() {
        let mut s = Splitter::new(64);
        s.push(HEADER.as_bytes());
        assert!(matches!(s.next_item(), Err(StreamError::TooLarge(64))));

        let mut s = Splitter::new(100);
        s.push(b"<stream:stream id='1'><message><body>");
        assert!(matches!(s.next_item(), Ok(Some(Item::Header(_)))));
        assert_eq!(s.next_item(), Ok(None));
        s.push(&[b'x'; 100]);
        assert_eq!(s.next_item(), Err(StreamError::TooLarge(100)));

        for bad in [
            "<stream:stream>text",
            "<stream:stream><!-- c -->",
            "<stream:stream><!DOCTYPE x>",
        ] {
            let mut s = Splitter::new(100);
            s.push(bad.as_bytes());
            let _ = s.next_item();
            assert!(
                matches!(s.next_item(), Err(StreamError::Malformed(_))),
                "{bad}"
            );
        }
        let mut s = Splitter::new(100);
        s.push(b"<message/>");
        assert!(s.next_item().is_err());
    }

    #[test]
    fn bytes_one_at_a_time_are_scanned_once() {
        // 300,000 pushes: rescanning the unfinished tag each time would take
        // minutes, one scan takes milliseconds.
        let big = format!(
            "<stream:stream id='1'><message to='a@b' x='{}'><body/></message>",
            "y".repeat(150_000)
        );
        let mut s = Splitter::new(200_000);
        let mut got = Vec::new();
        for b in big.as_bytes().iter().chain(big.as_bytes()[22..].iter()) {
            s.push(std::slice::from_ref(b));
            got.extend(items(&mut s));
        }
        assert_eq!(got.len(), 3);
        assert!(matches!(&got[1], Item::Element(e) if e.len() == big.len() - 22));
    }

    #[test]
    fn handshake_digest() {
        // The same digest as Python's hashlib.sha1(b"3BF96D32sesame").
        assert_eq!(
            handshake("3BF96D32", "sesame"),
            "<handshake>7a98dc4c9e92493d7fd66a25364c862637789c45</handshake>"
        );
    }
}
