//! Parsing of CPIM objects (RFC 3862 §2, §3).

use nom::Parser;
use nom::bytes::complete::{take_while, take_while1};
use nom::character::complete::char;
use nom::combinator::{opt, recognize};
use nom::multi::many0;
use nom::sequence::{pair, preceded};

use super::model::{Cpim, CpimError, CpimHeader};
use crate::limits::ParseLimits;

/// RFC 3862 §3 `Name-char`.
fn is_name_char(c: char) -> bool {
    c.is_ascii_alphanumeric()
        || matches!(c, '!' | '#'..='\'' | '*' | '+' | '-' | '^'..='`' | '|' | '~')
}

/// `Header-name ":" *( ";" Parameter )`, returning the name, the
/// parameters and the rest of the line.
fn header_head(line: &str) -> nom::IResult<&str, (&str, Vec<&str>)> {
    let name = recognize(pair(
        take_while1(is_name_char),
        opt(preceded(char('.'), take_while1(is_name_char))),
    ));
    let param = preceded(
        char(';'),
        take_while1(|c: char| c != ';' && c != ' ' && !c.is_control()),
    );
    let (rest, (n, _, params)) = (name, char(':'), many0(param)).parse(line)?;
    Ok((rest, (n, params)))
}

/// The lines of a header block with their offsets, and the offset after
/// the blank line that ends it.
type Block<'a> = (Vec<(usize, &'a [u8])>, usize);

/// Splits `input[at..]` into lines up to and including a blank line; returns
/// the lines (with their offsets) and the offset after the blank line.
fn block<'a>(input: &'a [u8], mut at: usize, limits: &ParseLimits) -> Result<Block<'a>, CpimError> {
    let mut lines = Vec::new();
    loop {
        let rest = input.get(at..).unwrap_or_default();
        let nl = memchr::memchr(b'\n', rest).ok_or(CpimError::Unterminated)?;
        let mut line = &rest[..nl];
        if let Some(l) = line.strip_suffix(b"\r") {
            line = l;
        }
        if line.len() > limits.max_line_bytes {
            return Err(CpimError::LineTooLong {
                offset: at,
                max: limits.max_line_bytes,
            });
        }
        let next = at + nl + 1;
        if line.is_empty() {
            return Ok((lines, next));
        }
        if lines.len() >= limits.max_headers {
            return Err(CpimError::TooManyHeaders {
                max: limits.max_headers,
            });
        }
        lines.push((at, line));
        at = next;
    }
}

fn text(line: &[u8], at: usize) -> Result<&str, CpimError> {
    let s = std::str::from_utf8(line).map_err(|e| CpimError::Character {
        offset: at + e.valid_up_to(),
    })?;
    match s.char_indices().find(|(_, c)| c.is_control() && *c != '\t') {
        Some((i, _)) => Err(CpimError::Character { offset: at + i }),
        None => Ok(s),
    }
}

impl Cpim {
    /// Parses a CPIM object with the default limits.
    pub fn parse_default(input: &[u8]) -> Result<Cpim, CpimError> {
        Self::parse(input, &ParseLimits::DEFAULT)
    }

    /// Parses a CPIM object: message headers, a blank line, the
    /// encapsulated MIME headers (which must include Content-Type), a blank
    /// line, the content (RFC 3862 §2).
    pub fn parse(input: &[u8], limits: &ParseLimits) -> Result<Cpim, CpimError> {
        if input.len() > limits.max_body_bytes {
            return Err(CpimError::TooLarge {
                len: input.len(),
                max: limits.max_body_bytes,
            });
        }
        let (lines, after) = block(input, 0, limits)?;
        let mut headers = Vec::with_capacity(lines.len());
        for (at, line) in lines {
            let line = text(line, at)?;
            let (rest, (name, params)) =
                header_head(line).map_err(|_| CpimError::HeaderLine { offset: at })?;
            // Exactly one SP after the colon and parameters, and no
            // whitespace around the value (RFC 3862 §2.2, §3).
            let value = rest
                .strip_prefix(' ')
                .filter(|v| !v.starts_with([' ', '\t']) && !v.ends_with([' ', '\t']))
                .ok_or(CpimError::HeaderLine { offset: at })?;
            headers.push(CpimHeader {
                name: name.to_owned(),
                params: params.into_iter().map(str::to_owned).collect(),
                value: value.to_owned(),
            });
        }
        let (lines, body_at) = block(input, after, limits)?;
        let mut content_headers: Vec<(String, String)> = Vec::with_capacity(lines.len());
        for (at, line) in lines {
            let line = text(line, at)?;
            if line.starts_with([' ', '\t']) {
                // A folded MIME header continues the previous one.
                let (_, v) = content_headers
                    .last_mut()
                    .ok_or(CpimError::HeaderLine { offset: at })?;
                let more = line.trim_matches([' ', '\t']);
                if !more.is_empty() {
                    // A value that starts on the continuation line has no
                    // space before it (the value is stored trimmed).
                    if !v.is_empty() {
                        v.push(' ');
                    }
                    v.push_str(more);
                }
                continue;
            }
            let (name, value) = line
                .split_once(':')
                .ok_or(CpimError::HeaderLine { offset: at })?;
            let (rest, _) = take_while::<_, _, nom::error::Error<&str>>(is_name_char)
                .parse(name)
                .map_err(|_| CpimError::HeaderLine { offset: at })?;
            if name.is_empty() || !rest.is_empty() {
                return Err(CpimError::HeaderLine { offset: at });
            }
            content_headers.push((name.to_owned(), value.trim_matches([' ', '\t']).to_owned()));
        }
        let cpim = Cpim {
            headers,
            content_headers,
            body: input.get(body_at..).unwrap_or_default().to_vec(),
        };
        match cpim.content_type() {
            None => Err(CpimError::MissingContentType),
            Some(Err(e)) => Err(e),
            Some(Ok(_)) => Ok(cpim),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc3862_example() {
        let raw = "From: MR SANDERS <im:piglet@100akerwood.com>\r\n\
To: Depressed Donkey <im:eeyore@100akerwood.com>\r\n\
DateTime: 2000-12-13T13:40:00-08:00\r\n\
Subject: the weather will be fine today\r\n\
Subject:;lang=fr beau temps prevu pour aujourd'hui\r\n\
NS: MyFeatures <mid:MessageFeatures@id.foo.com>\r\n\
Require: MyFeatures.VitalMessageOption\r\n\
MyFeatures.VitalMessageOption: Confirmation-requested\r\n\
MyFeatures.WackyMessageOption: Use-silly-font\r\n\
\r\n\
Content-type: text/xml; charset=utf-8\r\n\
Content-ID: <1234567890@foo.com>\r\n\
\r\n\
<body>\r\nHere is the text of my message.\r\n</body>\r\n";
        let m = Cpim::parse_default(raw.as_bytes()).unwrap();
        assert_eq!(m.from().unwrap().unwrap().uri, "im:piglet@100akerwood.com");
        assert_eq!(m.to().count(), 1);
        assert_eq!(m.date_time().unwrap().unwrap(), "2000-12-13T13:40:00-08:00");
        let subjects: Vec<_> = m.subjects().map(|(l, s)| (l, s.into_owned())).collect();
        assert_eq!(
            subjects[1],
            (Some("fr"), "beau temps prevu pour aujourd'hui".to_owned())
        );
        assert_eq!(
            m.namespaces().next(),
            Some((Some("MyFeatures"), "mid:MessageFeatures@id.foo.com"))
        );
        assert_eq!(
            m.required().collect::<Vec<_>>(),
            ["MyFeatures.VitalMessageOption"]
        );
        assert!(m.content_type().unwrap().unwrap().is("text", "xml"));
        assert_eq!(m.content_header("content-id"), Some("<1234567890@foo.com>"));
        assert_eq!(String::from_utf8(m.to_bytes()).unwrap(), raw);
    }

    #[test]
    fn rejects() {
        type Case<'a> = (&'a [u8], fn(&CpimError) -> bool);
        let cases: &[Case<'_>] = &[
            (
                b"From:  <sip:a@b>\r\n\r\nContent-Type: text/plain\r\n\r\nx",
                |e| matches!(e, CpimError::HeaderLine { .. }),
            ),
            (
                b"From:<sip:a@b>\r\n\r\nContent-Type: text/plain\r\n\r\nx",
                |e| matches!(e, CpimError::HeaderLine { .. }),
            ),
            (
                b"From <sip:a@b>\r\n\r\nContent-Type: text/plain\r\n\r\nx",
                |e| matches!(e, CpimError::HeaderLine { .. }),
            ),
            (b"From: <sip:a@b>\r\n\r\nX-Other: 1\r\n\r\nx", |e| {
                *e == CpimError::MissingContentType
            }),
            (b"From: <sip:a@b>\r\n", |e| *e == CpimError::Unterminated),
            (
                b"From: <sip:a@b>\r\n\r\nContent-Type: text/plain\r\n",
                |e| *e == CpimError::Unterminated,
            ),
            (
                b"From: a\x07b\r\n\r\nContent-Type: text/plain\r\n\r\nx",
                |e| matches!(e, CpimError::Character { offset: 7 }),
            ),
            (
                b"From: \xff\r\n\r\nContent-Type: text/plain\r\n\r\nx",
                |e| matches!(e, CpimError::Character { offset: 6 }),
            ),
        ];
        for (input, check) in cases {
            let e = Cpim::parse_default(input).unwrap_err();
            assert!(check(&e), "{:?}: {e:?}", String::from_utf8_lossy(input));
        }
    }

    #[test]
    fn lenient_lf_and_limits() {
        let m = Cpim::parse_default(
            b"From: <sip:a@b>\nTo: <sip:c@d>\n\nContent-Type: text/plain\n\nhi",
        )
        .unwrap();
        assert_eq!(m.body, b"hi");
        assert!(
            m.to_bytes()
                .starts_with(b"From: <sip:a@b>\r\nTo: <sip:c@d>\r\n\r\n")
        );
        let many: String = (0..10).map(|i| format!("X{i}: v\r\n")).collect();
        let input = format!("{many}\r\nContent-Type: text/plain\r\n\r\n");
        let tight = ParseLimits {
            max_headers: 9,
            ..ParseLimits::DEFAULT
        };
        assert_eq!(
            Cpim::parse(input.as_bytes(), &tight).unwrap_err(),
            CpimError::TooManyHeaders { max: 9 }
        );
        assert!(
            Cpim::parse(
                input.as_bytes(),
                &ParseLimits {
                    max_headers: 10,
                    ..ParseLimits::DEFAULT
                }
            )
            .is_ok()
        );
    }
}
