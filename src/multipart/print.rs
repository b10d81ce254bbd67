//! Writer for multipart bodies in the RFC 2046 §5.1.1 form, with CRLF
//! line breaks.
//!
//! The model's constructors guarantee that header fields hold no line
//! breaks and that the boundary occurs in no part, so writing cannot fail
//! and its output parses back to the same value.

use super::model::{Header, Multipart, Part, PartBody};

impl Header {
    /// `Name: value` (or `Name:` for an empty value), without line break.
    pub(crate) fn write_line(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(self.name().as_bytes());
        out.push(b':');
        if !self.value().is_empty() {
            out.push(b' ');
            out.extend_from_slice(self.value().as_bytes());
        }
    }

    fn line_len(&self) -> usize {
        let v = self.value().len();
        self.name()
            .len()
            .saturating_add(1)
            .saturating_add(if v == 0 { 0 } else { v.saturating_add(1) })
    }
}

impl Part {
    fn write_to(&self, out: &mut Vec<u8>) {
        for h in self.headers() {
            h.write_line(out);
            out.extend_from_slice(b"\r\n");
        }
        out.extend_from_slice(b"\r\n");
        match self.body() {
            PartBody::Bytes(b) => out.extend_from_slice(b),
            PartBody::Multipart(m) => m.write_body(out),
        }
    }

    fn encoded_len(&self) -> usize {
        let headers = self.headers().iter().fold(0usize, |n, h| {
            n.saturating_add(h.line_len()).saturating_add(2)
        });
        let body = match self.body() {
            PartBody::Bytes(b) => b.len(),
            PartBody::Multipart(m) => m.encoded_len(),
        };
        headers.saturating_add(2).saturating_add(body)
    }
}

impl Multipart {
    /// Appends the body, as RFC 2046 §5.1.1 lays it out, to `out`:
    /// the preamble and CRLF if there is one, `--boundary` CRLF and each
    /// part separated by CRLF `--boundary` CRLF, then CRLF `--boundary--`,
    /// then CRLF and the epilogue if there is one. A part is its header
    /// fields, each ending in CRLF, an empty line, and its body.
    ///
    /// Send [`media_type`](Self::media_type) as the `Content-Type`.
    pub fn write_to(&self, out: &mut Vec<u8>) {
        out.reserve(self.encoded_len());
        self.write_body(out);
    }

    /// The body as bytes; see [`write_to`](Self::write_to).
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(self.encoded_len());
        self.write_body(&mut out);
        out
    }

    /// The exact length of [`to_bytes`](Self::to_bytes), e.g. for a
    /// `Content-Length` header (saturates at `usize::MAX`).
    pub fn encoded_len(&self) -> usize {
        let b = self.boundary.as_str().len();
        // CRLF "--" boundary CRLF before each part (the first without the
        // leading CRLF), and CRLF "--" boundary "--" at the end.
        let delimiter = b.saturating_add(6);
        let parts = self.parts.iter().fold(0usize, |n, p| {
            n.saturating_add(delimiter).saturating_add(p.encoded_len())
        });
        let preamble = self
            .preamble
            .as_ref()
            .map_or(0, |p| p.len().saturating_add(2));
        let epilogue = self
            .epilogue
            .as_ref()
            .map_or(0, |e| e.len().saturating_add(2));
        let first_crlf = if self.parts.is_empty() { 0 } else { 2 };
        preamble
            .saturating_add(parts.saturating_sub(first_crlf))
            .saturating_add(b.saturating_add(6))
            .saturating_add(epilogue)
    }

    fn write_body(&self, out: &mut Vec<u8>) {
        let dash = self.boundary.dash();
        if let Some(p) = &self.preamble {
            out.extend_from_slice(p);
            out.extend_from_slice(b"\r\n");
        }
        for (i, part) in self.parts.iter().enumerate() {
            if i > 0 {
                out.extend_from_slice(b"\r\n");
            }
            out.extend_from_slice(&dash);
            out.extend_from_slice(b"\r\n");
            part.write_to(out);
        }
        out.extend_from_slice(b"\r\n");
        out.extend_from_slice(&dash);
        out.extend_from_slice(b"--");
        if let Some(e) = &self.epilogue {
            out.extend_from_slice(b"\r\n");
            out.extend_from_slice(e);
        }
    }
}
