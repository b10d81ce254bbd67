//! RFC 7572 Table 1 (XMPP → SIP) without building a [`SipMessage`]: the
//! mapped request borrows what it can and writes its own bytes, the same
//! bytes as [`SipMessage::to_bytes`] of the request [`RequestBuilder`]
//! builds from the same values.

use std::borrow::Cow;

use super::{
    ImConfig, ImFault, SipIds, is_language_tag, language_alternatives, select_body, subject_line,
};
use crate::address::{AddressError, MappedUri, Role, UriScheme};
use crate::grammar::{Out, decimal_len, push_decimal_bytes};
use crate::im::config::SipIdentity;
use crate::jid::{Jid, JidParts};
use crate::mime::MediaType;
use crate::params::is_value_byte;
use crate::sip::{Method, NameAddr, RequestBuilder, SipMessage, check_call_id};
use crate::uri::Uri;
use crate::xmpp::{MessageType, MessageView};

/// The SIP MESSAGE an XMPP `<message/>` maps to (RFC 7572 Table 1): what
/// [`map_message_to_sip`] returns.
///
/// It writes itself as request bytes directly ([`write_to`](Self::write_to)),
/// the same bytes as [`SipMessage::to_bytes`] of
/// [`into_request`](Self::into_request), so that a gateway forwarding bytes
/// never builds the header index; [`into_request`](Self::into_request)
/// gives the [`SipMessage`] for a caller that wants one.
#[derive(Debug, Clone, PartialEq)]
pub struct MappedRequest<'a> {
    repr: Repr<'a>,
    /// What [`write_to`](Self::write_to) writes, counted once.
    len: usize,
}

#[derive(Debug, Clone, PartialEq)]
enum Repr<'a> {
    /// Values the direct writer writes exactly as the builder would.
    Direct(Parts<'a>),
    /// Values the builder writes differently from how they were given (a
    /// Call-ID with surrounding spaces, a tag or branch that needs
    /// quoting, a Via host with spaces): the request built the general
    /// way, rare enough not to matter for speed.
    Built(SipMessage),
}

/// Every value of the request, in the order it is written.
#[derive(Debug, Clone, PartialEq)]
struct Parts<'a> {
    /// The Request-URI, which To carries too (IM-X-8).
    target: MappedUri<'a>,
    /// The sender's URI, with its GRUU (IM-3).
    from: MappedUri<'a>,
    /// The length of each URI's text.
    target_len: usize,
    from_len: usize,
    /// Whether To and From are written without angle brackets (see
    /// [`is_bare`]).
    target_bare: bool,
    from_bare: bool,
    tag: &'a str,
    sip: &'a SipIdentity,
    branch: &'a str,
    call_id: &'a str,
    cseq: u32,
    subject: Option<Cow<'a, str>>,
    /// `;charset=UTF-8` on the Content-Type.
    charset: bool,
    body: Cow<'a, str>,
    lang: Option<&'a str>,
    /// IM-X-3's alternative: every body with its language, sent as
    /// `multipart/alternative` instead of `body` and `lang`.
    alternatives: Option<Vec<(Option<&'a str>, Cow<'a, str>)>>,
}

impl Parts<'_> {
    /// Whether the builder stores every value exactly as given, so that
    /// [`write`](Self::write) writes what [`build`](Self::build) would and
    /// the build cannot fail. Checks what [`RequestBuilder`] checks
    /// (line breaks, Call-ID syntax, CSeq range, branch cookie) and what it
    /// changes (quoting of parameter values, trimming of spaces).
    fn certainly_builds_as_written(&self) -> bool {
        // Written unquoted only when non-empty and made of value bytes,
        // which hold no space, quote or line break.
        let plain_value = |v: &str| !v.is_empty() && v.bytes().all(is_value_byte);
        // Transport and host go into the Via as they are: no space, no
        // control character (no line break, nothing to trim).
        let visible = |v: &str| v.bytes().all(|b| b.is_ascii_graphic());
        plain_value(self.tag)
            && plain_value(self.branch)
            // RFC 3261 §8.1.1.7: the cookie and something after it.
            && self.branch.len() > 7
            && self.branch.starts_with("z9hG4bK")
            && visible(&self.sip.transport)
            && visible(&self.sip.host)
            // A Call-ID with surrounding spaces is stored trimmed.
            && check_call_id(self.call_id).is_ok_and(|v| v.len() == self.call_id.len())
            && self.cseq < 1 << 31
            // A multipart body is built.
            && self.alternatives.is_none()
    }

    /// The request the general way: [`RequestBuilder`], with every check.
    fn build(self) -> Result<SipMessage, ImFault> {
        let mut from = NameAddr::new(to_uri(self.from, Role::Sender)?);
        from.set_tag(self.tag);
        let to = NameAddr::new(to_uri(self.target, Role::Recipient)?);
        let via = self.sip.via(self.branch);
        let mut b = RequestBuilder::new(Method::Message, to.uri.clone())
            .via(&via)
            .max_forwards(70)
            .to_compact(&to)
            .from_compact(&from)
            .call_id(self.call_id)
            .cseq(self.cseq);
        if let Some(subject) = &self.subject {
            b = b.header("Subject", subject);
        }
        let mut ct = MediaType::new("text", "plain");
        if self.charset {
            ct.params.set(crate::Param::token("charset", "UTF-8"));
        }
        if let Some(alternatives) = self.alternatives {
            let multipart = language_parts(alternatives, self.call_id, self.cseq)?;
            b = b.body(multipart.media_type(), multipart.to_bytes());
        } else {
            b = b.body(&ct, self.body.into_owned().into_bytes());
            if let Some(lang) = self.lang {
                b = b.header("Content-Language", lang);
            }
        }
        Ok(b.build()?)
    }

    /// Writes the request as [`SipMessage::write_to`] writes the request
    /// [`build`](Self::build) makes, when
    /// [`certainly_builds_as_written`](Self::certainly_builds_as_written).
    fn write(&self, out: &mut impl Wire) {
        out.put(b"MESSAGE ");
        let target = out.mark();
        out.put_uri(&self.target, self.target_len);
        out.put(b" SIP/2.0\r\nVia: SIP/2.0/");
        out.put(self.sip.transport.as_bytes());
        out.put(b" ");
        out.put(self.sip.host.as_bytes());
        if let Some(port) = self.sip.port {
            out.put(b":");
            out.decimal(u64::from(port));
        }
        out.put(b";branch=");
        out.put(self.branch.as_bytes());
        out.put(b"\r\nMax-Forwards: 70\r\nTo: ");
        // The Request-URI again.
        if self.target_bare {
            out.put_again(target, self.target_len);
        } else {
            out.put(b"<");
            out.put_again(target, self.target_len);
            out.put(b">");
        }
        out.put(b"\r\nFrom: ");
        if self.from_bare {
            out.put_uri(&self.from, self.from_len);
        } else {
            out.put(b"<");
            out.put_uri(&self.from, self.from_len);
            out.put(b">");
        }
        out.put(b";tag=");
        out.put(self.tag.as_bytes());
        out.put(b"\r\nCall-ID: ");
        out.put(self.call_id.as_bytes());
        out.put(b"\r\nCSeq: ");
        out.decimal(u64::from(self.cseq));
        out.put(b" MESSAGE\r\n");
        if let Some(subject) = &self.subject {
            out.put(b"Subject: ");
            out.put(subject.as_bytes());
            out.put(b"\r\n");
        }
        out.put(if self.charset {
            b"Content-Type: text/plain;charset=UTF-8\r\n".as_slice()
        } else {
            b"Content-Type: text/plain\r\n".as_slice()
        });
        if let Some(lang) = self.lang {
            out.put(b"Content-Language: ");
            out.put(lang.as_bytes());
            out.put(b"\r\n");
        }
        out.put(b"Content-Length: ");
        out.decimal(self.body.len() as u64);
        out.put(b"\r\n\r\n");
        out.put(self.body.as_bytes());
    }

    fn wire_len(&self) -> usize {
        let mut n = Len(0);
        self.write(&mut n);
        n.0
    }
}

/// Where [`Parts::write`] writes: the request's bytes, or only their
/// count ([`Len`]), so that the size comes from the writer itself.
trait Wire {
    fn put(&mut self, b: &[u8]);
    fn decimal(&mut self, n: u64);
    /// Where the next byte goes.
    fn mark(&self) -> usize;
    /// A URI of `len` bytes.
    fn put_uri(&mut self, uri: &MappedUri<'_>, len: usize);
    /// The `len` bytes written from `mark` on, again.
    fn put_again(&mut self, mark: usize, len: usize);
}

impl Wire for Vec<u8> {
    #[inline]
    fn put(&mut self, b: &[u8]) {
        self.extend_from_slice(b);
    }
    #[inline]
    fn decimal(&mut self, n: u64) {
        push_decimal_bytes(self, n);
    }
    #[inline]
    fn mark(&self) -> usize {
        self.len()
    }
    fn put_uri(&mut self, uri: &MappedUri<'_>, _len: usize) {
        write_uri(self, uri);
    }
    fn put_again(&mut self, mark: usize, len: usize) {
        let end = mark.saturating_add(len).min(self.len());
        self.extend_from_within(mark.min(end)..end);
    }
}

/// Counts what [`Parts::write`] writes.
struct Len(usize);

impl Wire for Len {
    #[inline]
    fn put(&mut self, b: &[u8]) {
        self.0 = self.0.saturating_add(b.len());
    }
    #[inline]
    fn decimal(&mut self, n: u64) {
        self.0 = self.0.saturating_add(decimal_len(n));
    }
    #[inline]
    fn mark(&self) -> usize {
        self.0
    }
    #[inline]
    fn put_uri(&mut self, _uri: &MappedUri<'_>, len: usize) {
        self.0 = self.0.saturating_add(len);
    }
    #[inline]
    fn put_again(&mut self, _mark: usize, len: usize) {
        self.0 = self.0.saturating_add(len);
    }
}

/// The [`Uri`] of a mapped address, for the builder.
fn to_uri(uri: MappedUri<'_>, role: Role) -> Result<Uri, ImFault> {
    match uri {
        MappedUri::Uri(u) => Ok(u),
        MappedUri::Plain(p) => p.to_uri().map(Uri::Sip).map_err(|error| ImFault::Address {
            role,
            error: AddressError::NotRepresentable {
                scheme: if p.is_sips() {
                    UriScheme::Sips
                } else {
                    UriScheme::Sip
                },
                error,
            },
        }),
    }
}

fn write_uri(out: &mut impl Out, uri: &MappedUri<'_>) {
    match uri {
        MappedUri::Plain(p) => p.write_to(out),
        MappedUri::Uri(u) => out.put(u.as_str()),
    }
}

/// A stanza address read as a JID, without assembling one.
/// IM-X-3's alternative: `multipart/alternative` of one `text/plain;
/// charset=UTF-8` part per body, in the stanza's order (the parts are the
/// same message in other languages, none preferred: the recipient picks
/// by `Content-Language`, RFC 3282), each with the body's language when
/// it is a valid tag. The boundary is drawn from the Call-ID and CSeq, so
/// the same request is written the same way again.
fn language_parts(
    bodies: Vec<(Option<&str>, Cow<'_, str>)>,
    call_id: &str,
    cseq: u32,
) -> Result<crate::multipart::Multipart, ImFault> {
    use crate::multipart::{Header, Multipart, Part};
    let fault = |e: crate::multipart::MultipartError| ImFault::BodySyntax(e.to_string());
    let mut ct = MediaType::new("text", "plain");
    ct.params.set(crate::Param::token("charset", "UTF-8"));
    // FNV-1a: a seed that follows the request's identity.
    let seed = call_id
        .bytes()
        .chain(cseq.to_be_bytes())
        .fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
            (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
        });
    let mut builder = Multipart::builder("alternative").seed(seed);
    for (lang, text) in bodies {
        let mut headers = vec![Header::new("Content-Type", ct.to_string()).map_err(fault)?];
        if let Some(lang) = lang.filter(|l| is_language_tag(l)) {
            headers.push(Header::new("Content-Language", lang).map_err(fault)?);
        }
        builder = builder.part(Part::new(headers, text.into_owned().into_bytes()).map_err(fault)?);
    }
    builder.build().map_err(fault)
}

/// A JID as [`map_message_to_sip`] reads it: mapped in the same pass
/// (`AddressMapper::plain_jid_to_uri`), or its parts, to be mapped.
enum ReadJid<'a> {
    Mapped(Result<MappedUri<'a>, AddressError>),
    Parts(JidParts<'a>),
}

fn jid_parts(value: Option<&str>, role: Role) -> Result<JidParts<'_>, ImFault> {
    let v = value.ok_or(ImFault::MissingAddress { role })?;
    Jid::parse_parts(v).map_err(|e| ImFault::Address {
        role,
        error: AddressError::InvalidJid(e),
    })
}

/// Whether [`RequestBuilder::to_compact`] and
/// [`from_compact`](RequestBuilder::from_compact) write `uri` bare (without
/// display name, as here): a SIP URI holding no `,`, `;` or `?`.
fn is_bare(uri: &MappedUri<'_>) -> bool {
    match uri {
        MappedUri::Plain(p) => !p.needs_angle_brackets(),
        MappedUri::Uri(Uri::Sip(u)) => !u.needs_angle_brackets(),
        MappedUri::Uri(_) => false,
    }
}

/// The length of a mapped URI's text.
fn uri_len(uri: &MappedUri<'_>) -> usize {
    match uri {
        MappedUri::Plain(p) => p.len(),
        MappedUri::Uri(u) => u.as_str().len(),
    }
}

impl MappedRequest<'_> {
    /// The Request-URI (the recipient, IM-X-8), which To carries too, as
    /// written in the request.
    pub fn request_uri(&self) -> String {
        match &self.repr {
            Repr::Direct(p) => {
                let mut out = String::with_capacity(p.target_len);
                write_uri(&mut out, &p.target);
                out
            }
            Repr::Built(m) => m
                .request_uri()
                .map(|u| u.as_str().to_owned())
                .unwrap_or_default(),
        }
    }

    /// The number of bytes [`write_to`](Self::write_to) writes (the size
    /// IM-X-9 holds to `max_request_bytes`).
    pub fn wire_len(&self) -> usize {
        self.len
    }

    /// Appends the request's bytes to `out`.
    pub fn write_to(&self, out: &mut Vec<u8>) {
        match &self.repr {
            Repr::Direct(p) => {
                out.reserve(self.len);
                p.write(out);
            }
            Repr::Built(m) => m.write_to(out),
        }
    }

    /// The request's bytes.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::new();
        self.write_to(&mut out);
        out
    }

    /// The request as a [`SipMessage`].
    ///
    /// # Errors
    ///
    /// None in practice: [`map_message_to_sip`] made every check the
    /// builder makes. The builder's own error is passed on.
    pub fn into_request(self) -> Result<SipMessage, ImFault> {
        match self.repr {
            Repr::Direct(p) => p.build(),
            Repr::Built(m) => Ok(m),
        }
    }
}

/// RFC 7572 Table 1 (§4): an XMPP `<message/>` to a SIP MESSAGE, without
/// building the request: what [`message_view_to_sip`](super::message_view_to_sip)
/// does, returning the [`MappedRequest`] that writes its bytes directly.
///
/// `Ok(None)` when there is nothing to send (an error stanza, IM-X-1; no
/// body, IM-X-2). Every check is made here: a fault is returned here, never
/// when writing.
///
/// ```
/// use sip_xmpp::im::{ImConfig, map::{map_message_to_sip, SipIds}};
/// use sip_xmpp::xmpp::{MessageView, StanzaConfig};
/// let m = MessageView::parse(b"<message xmlns='jabber:client' from='juliet@example.com/yn0cl4bnw0yr3vym' \
///     to='romeo@example.net'><body>Art thou not Romeo, and a Montague?</body></message>",
///     &StanzaConfig::default()).unwrap();
/// let ids = SipIds { call_id: "D9AA95FD-2BD5-46E2-AF0F-6CFAA96BDDFA", from_tag: "12345",
///     branch: "z9hG4bK776sgdkse", cseq: 1 };
/// let cfg = ImConfig::new("x2s.example.com", "TCP");
/// let req = map_message_to_sip(&m, &ids, &cfg).unwrap().unwrap();
/// let text = String::from_utf8(req.to_bytes()).unwrap();
/// assert!(text.starts_with("MESSAGE sip:romeo@example.net SIP/2.0\r\n"));
/// assert!(text.contains("\r\nFrom: <sip:juliet@example.com;gr=yn0cl4bnw0yr3vym>;tag=12345\r\n"));
/// assert_eq!(text.len(), 351); // RFC 7572 Example 2, to the byte
/// ```
pub fn map_message_to_sip<'a>(
    msg: &'a MessageView<'_>,
    ids: &SipIds<'a>,
    cfg: &'a ImConfig,
) -> Result<Option<MappedRequest<'a>>, ImFault> {
    match msg.message_type() {
        MessageType::Error => return Ok(None),
        MessageType::Groupchat => return Err(ImFault::GroupChat),
        MessageType::Chat if !cfg.translate_chat => return Err(ImFault::Chat),
        _ => {}
    }
    let Some((body_lang, body)) = select_body(msg, cfg.default_lang.as_deref()) else {
        return Ok(None);
    };
    // Both JIDs are read (the sender's first) before either is mapped.
    // The usual JID (`local@domain/resource`) is read and mapped in one
    // pass, which cannot refuse it as a JID: only its mapping's refusal
    // is kept for its turn.
    let read =
        |jid: Option<&'a str>, role| match jid.and_then(|j| cfg.mapper.plain_jid_to_uri(j, role)) {
            Some(mapped) => Ok(ReadJid::Mapped(mapped)),
            None => jid_parts(jid, role).map(ReadJid::Parts),
        };
    let from = read(msg.from(), Role::Sender)?;
    let to = read(msg.to(), Role::Recipient)?;
    let uri = |jid: ReadJid<'a>, role| {
        match jid {
            ReadJid::Mapped(mapped) => mapped,
            ReadJid::Parts(jid) => cfg.mapper.jid_parts_to_uri(&jid, role),
        }
        .map_err(|error| ImFault::Address { role, error })
    };
    let from = uri(from, Role::Sender)?;
    let target = uri(to, Role::Recipient)?;
    let crlf = |body: &'a str| {
        if cfg.crlf_bodies && body.contains('\n') {
            Cow::Owned(body.replace("\r\n", "\n").replace('\n', "\r\n"))
        } else {
            Cow::Borrowed(body)
        }
    };
    let body = crlf(body);
    let alternatives = cfg
        .language_alternatives
        .then(|| language_alternatives(msg, cfg.default_lang.as_deref()))
        .flatten()
        .map(|bodies| bodies.into_iter().map(|(l, t)| (l, crlf(t))).collect());
    let parts = Parts {
        target_bare: is_bare(&target),
        from_bare: is_bare(&from),
        target_len: uri_len(&target),
        from_len: uri_len(&from),
        target,
        from,
        tag: ids.from_tag,
        sip: &cfg.sip,
        branch: ids.branch,
        call_id: ids.call_id,
        cseq: ids.cseq,
        subject: msg.subject().map(subject_line).filter(|s| !s.is_empty()),
        charset: cfg.charset_param,
        body,
        lang: body_lang.filter(|l| is_language_tag(l)),
        alternatives,
    };
    let mapped = if parts.certainly_builds_as_written() {
        MappedRequest {
            len: parts.wire_len(),
            repr: Repr::Direct(parts),
        }
    } else {
        let m = parts.build()?;
        MappedRequest {
            len: m.wire_len(),
            repr: Repr::Built(m),
        }
    };
    if let Some(max) = cfg.max_request_bytes {
        if mapped.len > max {
            return Err(ImFault::TooLarge {
                bytes: mapped.len,
                max,
            });
        }
    }
    Ok(Some(mapped))
}
