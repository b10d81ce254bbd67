//! Building requests (RFC 3261 §8.1.1) and responses (§8.2.6).

use super::error::{HeaderError, ValueFault};
use super::header_name::HeaderName;
use super::headers::{CSeq, NameAddr, Via, check_call_id};
use super::message::SipMessage;
use super::method::Method;
use super::status::StatusCode;
use crate::grammar::{is_token, push_decimal};
use crate::mime::MediaType;
use crate::uri::Uri;

/// Why a request or response could not be built.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum BuildError {
    /// `make_response` was called on a response.
    #[error("a response can only be made to a request")]
    NotARequest,
    /// A header RFC 3261 §8.1.1 requires was not set.
    #[error("missing {name} header")]
    Missing {
        /// The header's long name.
        name: &'static str,
    },
    /// A To tag that is not a token.
    #[error("tag is not a token")]
    Tag,
    /// The top Via has no branch starting with the magic cookie `z9hG4bK`
    /// and carrying an identifier after it (RFC 3261 §8.1.1.7).
    #[error("top Via branch must start with z9hG4bK and carry an identifier")]
    Branch,
    /// A header value could not be stored (line break, bad name) or read.
    #[error(transparent)]
    Header(#[from] HeaderError),
}

/// Builds a request with the headers RFC 3261 §8.1.1 requires.
///
/// ```
/// use sip_xmpp::sip::{Method, NameAddr, RequestBuilder, Via};
/// use sip_xmpp::uri::Uri;
/// use sip_xmpp::MediaType;
/// let to: Uri = "sip:juliet@example.com".parse().unwrap();
/// let mut from = NameAddr::new("sip:romeo@example.net".parse::<Uri>().unwrap());
/// from.set_tag("a73kszlfl");
/// let req = RequestBuilder::new(Method::Message, to.clone())
///     .via(&Via::new("TCP", "x2s.example.net", None, "z9hG4bKeskewbkm"))
///     .max_forwards(70)
///     .from(&from)
///     .to(&NameAddr::new(to))
///     .call_id("asiwe8ss9")
///     .cseq(1)
///     .body(&MediaType::new("text", "plain"), b"Art thou not Romeo?".to_vec())
///     .build()
///     .unwrap();
/// let text = String::from_utf8(req.to_bytes()).unwrap();
/// assert!(text.starts_with("MESSAGE sip:juliet@example.com SIP/2.0\r\nVia: SIP/2.0/TCP x2s.example.net;branch=z9hG4bKeskewbkm\r\n"));
/// assert!(text.ends_with("Content-Length: 19\r\n\r\nArt thou not Romeo?"));
/// ```
#[derive(Debug, Clone)]
pub struct RequestBuilder {
    msg: SipMessage,
    error: Option<HeaderError>,
    /// Whether the top Via, when [`via`](Self::via) wrote it, has an
    /// RFC 3261 branch (known without parsing it again).
    top_via_branch: Option<bool>,
}

impl RequestBuilder {
    /// A request for `method` to `uri`.
    pub fn new(method: Method, uri: Uri) -> Self {
        RequestBuilder {
            msg: SipMessage::new_request(method, uri),
            error: None,
            top_via_branch: None,
        }
    }

    /// Appends a row whose value `write` appends to the head text.
    fn put_with(mut self, name: HeaderName, write: impl FnOnce(&mut String)) -> Self {
        if self.error.is_none() {
            if let Err(e) = self.msg.push_with(name, write) {
                self.error = Some(e);
            }
        }
        self
    }

    /// Adds a Via value (call once per Via, top first).
    pub fn via(mut self, via: &Via<'_>) -> Self {
        if self.top_via_branch.is_none() && self.msg.rows(HeaderName::Via).next().is_none() {
            self.top_via_branch = Some(via.has_rfc3261_branch());
        }
        self.put_with(HeaderName::Via, |head| via.write_to(head))
    }

    /// Sets Max-Forwards (RFC 3261 §8.1.1.6 recommends 70).
    pub fn max_forwards(self, n: u8) -> Self {
        self.put_with(HeaderName::MaxForwards, |head| {
            push_decimal(head, u64::from(n));
        })
    }

    /// Sets From, in the name-addr form (`<sip:...>;tag=...`).
    pub fn from(self, from: &NameAddr<'_>) -> Self {
        self.put_with(HeaderName::From, |head| from.write_to(head))
    }

    /// Sets To, in the name-addr form (`<sip:...>`).
    pub fn to(self, to: &NameAddr<'_>) -> Self {
        self.put_with(HeaderName::To, |head| to.write_to(head))
    }

    /// Sets From in its shortest valid form (see
    /// [`NameAddr::to_compact_string`]: `sip:romeo@example.net;tag=x`
    /// when the URI allows it), written straight into the request.
    ///
    /// ```
    /// use sip_xmpp::sip::{Method, NameAddr, RequestBuilder, Via};
    /// use sip_xmpp::uri::Uri;
    /// let to: Uri = "sip:juliet@example.com".parse().unwrap();
    /// let mut from = NameAddr::new("sip:romeo@example.net".parse::<Uri>().unwrap());
    /// from.set_tag("a73kszlfl");
    /// let req = RequestBuilder::new(Method::Message, to.clone())
    ///     .via(&Via::new("TCP", "x2s.example.net", None, "z9hG4bKeskewbkm"))
    ///     .max_forwards(70)
    ///     .to_compact(&NameAddr::new(to))
    ///     .from_compact(&from)
    ///     .call_id("asiwe8ss9")
    ///     .cseq(1)
    ///     .build()
    ///     .unwrap();
    /// assert_eq!(req.header("To"), Some("sip:juliet@example.com"));
    /// assert_eq!(req.header("From"), Some("sip:romeo@example.net;tag=a73kszlfl"));
    /// ```
    pub fn from_compact(self, from: &NameAddr<'_>) -> Self {
        self.put_with(HeaderName::From, |head| from.write_compact_to(head))
    }

    /// Sets To in its shortest valid form (see
    /// [`from_compact`](Self::from_compact)).
    pub fn to_compact(self, to: &NameAddr<'_>) -> Self {
        self.put_with(HeaderName::To, |head| to.write_compact_to(head))
    }

    /// Sets Call-ID.
    ///
    /// A Call-ID that is not `word [ "@" word ]` (RFC 3261 §25) makes
    /// [`build`](Self::build) fail.
    pub fn call_id(self, id: &str) -> Self {
        match check_call_id(id) {
            Ok(id) => self.put_with(HeaderName::CallId, |head| head.push_str(id)),
            Err(fault) => self.fail(HeaderError::invalid("Call-ID", fault)),
        }
    }

    /// Sets CSeq with the request's method. A number of 2^31 or more (RFC
    /// 3261 §8.1.1.5) makes [`build`](Self::build) fail.
    pub fn cseq(self, seq: u32) -> Self {
        if seq >= 1 << 31 {
            return self.fail(HeaderError::invalid("CSeq", ValueFault::Number));
        }
        let cseq = CSeq {
            seq,
            method: self.msg.method().cloned().unwrap_or(Method::Message),
        };
        self.put_with(HeaderName::CSeq, |head| cseq.write_to(head))
    }

    fn fail(mut self, e: HeaderError) -> Self {
        self.error.get_or_insert(e);
        self
    }

    /// Adds a Contact.
    pub fn contact(self, contact: &NameAddr<'_>) -> Self {
        self.put_with(HeaderName::Contact, |head| contact.write_to(head))
    }

    /// Adds a Route value.
    pub fn route(self, route: &NameAddr<'_>) -> Self {
        self.put_with(HeaderName::Route, |head| route.write_to(head))
    }

    /// Adds any header row.
    pub fn header(mut self, name: &str, value: &str) -> Self {
        if self.error.is_none() {
            if let Err(e) = self.msg.push_header(name, value) {
                self.error = Some(e);
            }
        }
        self
    }

    /// Sets the body and its Content-Type.
    pub fn body(mut self, content_type: &MediaType<'_>, body: Vec<u8>) -> Self {
        if self.error.is_none() {
            if let Err(e) = self.msg.set_body(Some(content_type), body) {
                self.error = Some(e);
            }
        }
        self
    }

    /// The request, once From, To, Call-ID, CSeq, Max-Forwards and a Via
    /// are set (RFC 3261 §8.1.1).
    pub fn build(self) -> Result<SipMessage, BuildError> {
        if let Some(e) = self.error {
            return Err(e.into());
        }
        // One pass over the rows for the six mandatory headers.
        const MANDATORY: [HeaderName; 6] = [
            HeaderName::Via,
            HeaderName::MaxForwards,
            HeaderName::From,
            HeaderName::To,
            HeaderName::CallId,
            HeaderName::CSeq,
        ];
        let mut seen = [false; 6];
        for e in &self.msg.headers {
            if let Some(i) = MANDATORY.iter().position(|&n| n == e.name) {
                if let Some(s) = seen.get_mut(i) {
                    *s = true;
                }
            }
        }
        if let Some(i) = seen.iter().position(|&s| !s) {
            let name = MANDATORY.get(i).map_or("Via", |n| n.as_str());
            return Err(BuildError::Missing { name });
        }
        let branch_ok = match self.top_via_branch {
            Some(ok) => ok,
            None => self.msg.top_via()?.has_rfc3261_branch(),
        };
        if !branch_ok {
            return Err(BuildError::Branch);
        }
        Ok(self.msg)
    }
}

impl SipMessage {
    /// A response to this request as RFC 3261 §8.2.6 prescribes: every
    /// Via in order, From, Call-ID and CSeq copied; To copied with
    /// `to_tag` added when it has no tag (not for 100, which copies
    /// Timestamp instead, §8.2.6.1); the default reason phrase; no body.
    ///
    /// ```
    /// use sip_xmpp::sip::{Framing, SipMessage, StatusCode};
    /// let req = SipMessage::parse(b"MESSAGE sip:b@example.com SIP/2.0\r\n\
    /// Via: SIP/2.0/UDP a.example.com;branch=z9hG4bK1\r\nVia: SIP/2.0/UDP p.example.com;branch=z9hG4bK0\r\n\
    /// From: <sip:a@example.com>;tag=1\r\nTo: <sip:b@example.com>\r\nCall-ID: c1\r\nCSeq: 7 MESSAGE\r\n\
    /// Max-Forwards: 70\r\nContent-Length: 0\r\n\r\n", Framing::Stream).unwrap();
    /// let resp = req.make_response(StatusCode::OK, "t9").unwrap();
    /// assert_eq!(resp.to_header().unwrap().tag(), Some("t9"));
    /// assert_eq!(resp.vias().count(), 2);
    /// assert_eq!(resp.reason_phrase(), Some("OK"));
    /// ```
    pub fn make_response(&self, code: StatusCode, to_tag: &str) -> Result<SipMessage, BuildError> {
        if !self.is_request() {
            return Err(BuildError::NotARequest);
        }
        let mut r = SipMessage::new_response(code);
        for v in self.rows(HeaderName::Via) {
            r.push_header("Via", v)?;
        }
        let from = self.required(HeaderName::From)?;
        r.push_header("From", from)?;
        let to = self.required(HeaderName::To)?;
        let has_tag = self.to_header()?.tag().is_some();
        if has_tag || code == StatusCode::TRYING {
            r.push_header("To", to)?;
        } else {
            if !is_token(to_tag) {
                return Err(BuildError::Tag);
            }
            r.push_header("To", &format!("{to};tag={to_tag}"))?;
        }
        r.push_header("Call-ID", self.required(HeaderName::CallId)?)?;
        r.push_header("CSeq", self.required(HeaderName::CSeq)?)?;
        if code == StatusCode::TRYING {
            if let Some(ts) = self.rows(HeaderName::Timestamp).next() {
                r.push_header("Timestamp", ts)?;
            }
        }
        Ok(r)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sip::Framing;

    const REQ: &[u8] = b"SUBSCRIBE sip:b@example.com SIP/2.0\r\nv: SIP/2.0/UDP a.example.com;branch=z9hG4bK1, SIP/2.0/UDP p.example.com;branch=z9hG4bK0\r\nf: <sip:a@example.com>;tag=1\r\nt: <sip:b@example.com>;tag=x\r\ni: c1\r\nCSeq: 7 SUBSCRIBE\r\nTimestamp: 54\r\nl: 0\r\n\r\n";

    #[test]
    fn response_keeps_existing_tag_and_via_order() {
        let req = SipMessage::parse(REQ, Framing::Stream).unwrap();
        let r = req
            .make_response(StatusCode::new(489).unwrap(), "zz")
            .unwrap();
        assert_eq!(r.to_header().unwrap().tag(), Some("x"));
        let branches: Vec<_> = r
            .vias()
            .map(|v| v.unwrap().branch().unwrap().to_owned())
            .collect();
        assert_eq!(branches, ["z9hG4bK1", "z9hG4bK0"]);
        assert_eq!(r.reason_phrase(), Some("Bad Event"));
        r.validate().unwrap();
        let t = req.make_response(StatusCode::TRYING, "zz").unwrap();
        assert_eq!(t.header("Timestamp"), Some("54"));
        assert!(r.make_response(StatusCode::OK, "a").is_err());
    }

    #[test]
    fn builder_requires_mandatory_headers_and_refuses_injection() {
        let uri: Uri = "sip:a@b".parse().unwrap();
        assert_eq!(
            RequestBuilder::new(Method::Options, uri.clone())
                .build()
                .unwrap_err(),
            BuildError::Missing { name: "Via" }
        );
        let e = RequestBuilder::new(Method::Options, uri)
            .header("Subject", "a\r\nEvil: 1")
            .build()
            .unwrap_err();
        assert!(matches!(e, BuildError::Header(HeaderError::Invalid { .. })));
    }
}
