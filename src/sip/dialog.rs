//! Dialog state (RFC 3261 §12), as the event framework of RFC 6665 uses
//! it: the identifiers, the sequence numbers, the remote target and the
//! route set of one dialog seen from this side, and the in-dialog
//! requests built from them.
//!
//! A subscriber creates its state from the SUBSCRIBE it sends
//! ([`Dialog::uac`]) and confirms it from the first 2xx response or the
//! first NOTIFY, whichever comes first ([`Dialog::confirm`], RFC 6665
//! §4.4.1); a notifier creates it from the SUBSCRIBE it answers
//! ([`Dialog::uas`]).

use super::build::RequestBuilder;
use super::error::HeaderError;
use super::headers::{Contact, NameAddr, Via};
use super::message::SipMessage;
use super::method::Method;
use crate::uri::Uri;

/// Why a message does not fit a dialog.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum DialogError {
    /// A header the dialog needs is missing or malformed.
    #[error(transparent)]
    Header(#[from] HeaderError),
    /// The message has no tag where the dialog needs one (From of any
    /// request, To of a dialog-confirming response).
    #[error("no {0} tag")]
    MissingTag(&'static str),
    /// A request whose CSeq is not above the last one received in the
    /// dialog (RFC 3261 §12.2.2: answered 500).
    #[error("CSeq {got} is not above {last}")]
    CSeqOrder {
        /// The request's CSeq number.
        got: u32,
        /// The highest seen before.
        last: u32,
    },
    /// The local CSeq has reached 2^31 - 1 (RFC 3261 §8.1.1.5).
    #[error("CSeq space exhausted")]
    CSeqExhausted,
}

/// One dialog, from this side (RFC 3261 §12).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dialog {
    /// Call-ID.
    pub call_id: Box<str>,
    /// This side's tag.
    pub local_tag: Box<str>,
    /// The other side's tag; `None` on the subscriber side until the
    /// first 2xx or NOTIFY confirms the dialog.
    pub remote_tag: Option<Box<str>>,
    /// This side's address (From of the requests it sends).
    pub local_uri: Uri,
    /// The other side's address (To of the requests it sends).
    pub remote_uri: Uri,
    /// Where in-dialog requests go: the other side's Contact.
    pub remote_target: Uri,
    /// Route set, in the order the requests carry it.
    pub route_set: Vec<NameAddr<'static>>,
    /// Last CSeq number this side sent.
    pub local_cseq: u32,
    /// Last CSeq number received, once a request has been.
    pub remote_cseq: Option<u32>,
}

/// Largest CSeq number (RFC 3261 §8.1.1.5: below 2^31).
const MAX_CSEQ: u32 = (1 << 31) - 1;

fn tag_of(na: &NameAddr<'_>, which: &'static str) -> Result<Box<str>, DialogError> {
    na.tag()
        .map(Box::from)
        .ok_or(DialogError::MissingTag(which))
}

/// The first Contact address of a message, if any.
fn contact_uri(msg: &SipMessage) -> Result<Option<Uri>, DialogError> {
    for c in msg.contacts() {
        if let Contact::Address(na) = c? {
            return Ok(Some(na.uri));
        }
    }
    Ok(None)
}

fn record_route(msg: &SipMessage) -> Result<Vec<NameAddr<'static>>, DialogError> {
    msg.record_routes()
        .map(|r| r.map(NameAddr::into_owned).map_err(DialogError::from))
        .collect()
}

impl Dialog {
    /// The subscriber's state from the request it sends (not yet
    /// confirmed): its From tag, Call-ID and CSeq, To as remote address,
    /// the Request-URI as remote target, and any preloaded Route set.
    ///
    /// ```
    /// use sip_xmpp::sip::{Dialog, Framing, SipMessage};
    /// let sub = SipMessage::parse(b"SUBSCRIBE sip:romeo@example.net SIP/2.0\r\n\
    /// Via: SIP/2.0/TCP x2s.example.com;branch=z9hG4bKna998sk\r\nMax-Forwards: 70\r\n\
    /// From: <sip:juliet@example.com>;tag=j89d\r\nTo: <sip:romeo@example.net>\r\n\
    /// Call-ID: 5BCF940D-793D-43F8-8972-218F7F4EAA8C\r\nCSeq: 1 SUBSCRIBE\r\n\
    /// Event: presence\r\nContent-Length: 0\r\n\r\n", sip_xmpp::sip::Framing::Stream).unwrap();
    /// let d = Dialog::uac(&sub).unwrap();
    /// assert_eq!((&*d.local_tag, d.remote_tag, d.local_cseq), ("j89d", None, 1));
    /// ```
    pub fn uac(request: &SipMessage) -> Result<Dialog, DialogError> {
        let from = request.from_header()?;
        let to = request.to_header()?;
        let remote_target = match request.request_uri() {
            Some(u) => u.clone(),
            None => to.uri.clone(),
        };
        Ok(Dialog {
            call_id: request.call_id()?.into(),
            local_tag: tag_of(&from, "From")?,
            remote_tag: to.tag().map(Box::from),
            local_uri: from.uri,
            remote_uri: to.uri,
            remote_target,
            route_set: request
                .routes()
                .map(|r| r.map(NameAddr::into_owned).map_err(DialogError::from))
                .collect::<Result<_, _>>()?,
            local_cseq: request.cseq()?.seq,
            remote_cseq: None,
        })
    }

    /// The notifier's (or any UAS's) state from the dialog-creating
    /// request it answers with `local_tag` (RFC 3261 §12.1.1): the route
    /// set is the Record-Route in order, the remote target the Contact.
    pub fn uas(request: &SipMessage, local_tag: &str) -> Result<Dialog, DialogError> {
        let from = request.from_header()?;
        let to = request.to_header()?;
        let remote_target = match contact_uri(request)? {
            Some(u) => u,
            None => from.uri.clone(),
        };
        Ok(Dialog {
            call_id: request.call_id()?.into(),
            local_tag: local_tag.into(),
            remote_tag: Some(tag_of(&from, "From")?),
            local_uri: to.uri,
            remote_uri: from.uri,
            remote_target,
            route_set: record_route(request)?,
            local_cseq: 0,
            remote_cseq: Some(request.cseq()?.seq),
        })
    }

    /// Whether the dialog has its remote tag.
    pub fn is_confirmed(&self) -> bool {
        self.remote_tag.is_some()
    }

    /// Confirms a subscriber's dialog from the first 2xx response to its
    /// request (remote tag from To, route set = Record-Route reversed) or
    /// from the first NOTIFY (remote tag from From, route set =
    /// Record-Route in order), RFC 3261 §12.1.2 and RFC 6665 §4.4.1. The
    /// remote target becomes the Contact. A confirmed dialog only updates
    /// its remote target (target refresh, §12.2).
    pub fn confirm(&mut self, msg: &SipMessage) -> Result<(), DialogError> {
        if let Some(target) = contact_uri(msg)? {
            self.remote_target = target;
        }
        if self.is_confirmed() {
            return Ok(());
        }
        if msg.is_request() {
            self.remote_tag = Some(tag_of(&msg.from_header()?, "From")?);
            self.route_set = record_route(msg)?;
        } else {
            self.remote_tag = Some(tag_of(&msg.to_header()?, "To")?);
            let mut routes = record_route(msg)?;
            routes.reverse();
            self.route_set = routes;
        }
        Ok(())
    }

    /// Whether a request received belongs to this dialog (RFC 3261
    /// §12.2.2): same Call-ID, its To tag is the local tag, and its From
    /// tag is the remote tag (any From tag while the dialog is not yet
    /// confirmed: a NOTIFY may come before the 2xx, RFC 6665 §4.4.1).
    pub fn matches_request(&self, req: &SipMessage) -> bool {
        let (Ok(call_id), Ok(to), Ok(from)) = (req.call_id(), req.to_header(), req.from_header())
        else {
            return false;
        };
        call_id == &*self.call_id
            && to.tag() == Some(&*self.local_tag)
            && match (&self.remote_tag, from.tag()) {
                (Some(r), Some(f)) => &**r == f,
                (None, Some(_)) => true,
                (_, None) => false,
            }
    }

    /// Whether a response answers a request this side sent in the dialog:
    /// same Call-ID, From tag is the local tag, and a To tag that is the
    /// remote tag once the dialog is confirmed.
    pub fn matches_response(&self, resp: &SipMessage) -> bool {
        let (Ok(call_id), Ok(to), Ok(from)) =
            (resp.call_id(), resp.to_header(), resp.from_header())
        else {
            return false;
        };
        call_id == &*self.call_id
            && from.tag() == Some(&*self.local_tag)
            && match (&self.remote_tag, to.tag()) {
                (Some(r), Some(t)) => &**r == t,
                (Some(_), None) => false,
                (None, _) => true,
            }
    }

    /// Records the CSeq of a request received in the dialog; one not above
    /// the last is refused (RFC 3261 §12.2.2, answered 500).
    pub fn accept_cseq(&mut self, seq: u32) -> Result<(), DialogError> {
        if let Some(last) = self.remote_cseq {
            if seq <= last {
                return Err(DialogError::CSeqOrder { got: seq, last });
            }
        }
        self.remote_cseq = Some(seq);
        Ok(())
    }

    /// A request in the dialog (RFC 3261 §12.2.1.1): the next CSeq, From
    /// with the local tag, To with the remote tag, the Call-ID, the
    /// Request-URI and Route set by loose routing (or strict routing when
    /// the first route has no `lr`), `via` and Max-Forwards 70, and
    /// `contact` when given. The caller adds the method's own headers.
    ///
    /// ```
    /// use sip_xmpp::sip::{Dialog, Framing, Method, SipMessage, Via};
    /// let sub = SipMessage::parse(b"SUBSCRIBE sip:juliet@example.com SIP/2.0\r\n\
    /// Via: SIP/2.0/TCP simple.example.net;branch=z9hG4bKsub00026\r\nMax-Forwards: 70\r\n\
    /// From: <sip:romeo@example.net>;tag=xfg9\r\nTo: <sip:juliet@example.com>\r\n\
    /// Call-ID: AA5A8BE5-CBB7-42B9-8181-6230012B1E11\r\nCSeq: 1 SUBSCRIBE\r\nEvent: presence\r\n\
    /// Contact: <sip:romeo@example.net;gr=dr4hcr0st3lup4c>\r\nContent-Length: 0\r\n\r\n",
    /// Framing::Stream).unwrap();
    /// let mut d = Dialog::uas(&sub, "ur93").unwrap();
    /// let via = Via::new("TCP", "s2x.example.net", None, "z9hG4bKpend0001");
    /// let notify = d.request(Method::Notify, &via, None).unwrap()
    ///     .header("Event", "presence").build().unwrap();
    /// let text = String::from_utf8(notify.to_bytes()).unwrap();
    /// assert!(text.starts_with("NOTIFY sip:romeo@example.net;gr=dr4hcr0st3lup4c SIP/2.0\r\n"));
    /// assert!(text.contains("From: <sip:juliet@example.com>;tag=ur93\r\n"));
    /// assert!(text.contains("To: <sip:romeo@example.net>;tag=xfg9\r\n"));
    /// assert!(text.contains("CSeq: 1 NOTIFY\r\n"));
    /// ```
    pub fn request(
        &mut self,
        method: Method,
        via: &Via<'_>,
        contact: Option<&NameAddr<'_>>,
    ) -> Result<RequestBuilder, DialogError> {
        if self.local_cseq >= MAX_CSEQ {
            return Err(DialogError::CSeqExhausted);
        }
        self.local_cseq += 1;
        let mut from = NameAddr::new(self.local_uri.clone());
        from.set_tag(&*self.local_tag);
        let mut to = NameAddr::new(self.remote_uri.clone());
        if let Some(tag) = &self.remote_tag {
            to.set_tag(&**tag);
        }
        let strict = self
            .route_set
            .first()
            .is_some_and(|r| !matches!(&r.uri, Uri::Sip(u) if u.lr()));
        let (uri, routes): (Uri, Vec<NameAddr<'_>>) = match self.route_set.split_first() {
            Some((first, rest)) if strict => {
                // §12.2.1.1: the first route becomes the Request-URI
                // (without the parameters a Request-URI cannot carry) and
                // the remote target goes last in Route.
                let mut r: Vec<NameAddr<'_>> = rest.to_vec();
                r.push(NameAddr::new(self.remote_target.clone()));
                (strip_uri_headers(&first.uri), r)
            }
            _ => (self.remote_target.clone(), self.route_set.clone()),
        };
        let mut b = RequestBuilder::new(method, strip_uri_headers(&uri))
            .via(via)
            .max_forwards(70)
            .from(&from)
            .to(&to)
            .call_id(&self.call_id)
            .cseq(self.local_cseq);
        for r in &routes {
            b = b.route(r);
        }
        if let Some(c) = contact {
            b = b.contact(c);
        }
        Ok(b)
    }
}

/// A Request-URI carries no `?headers` (RFC 3261 §19.1.5).
fn strip_uri_headers(uri: &Uri) -> Uri {
    match uri {
        Uri::Sip(u) if u.has_headers() => Uri::Sip(u.without_headers()),
        other => other.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sip::{Framing, StatusCode};

    fn msg(text: &str) -> SipMessage {
        let text = text.replace('\n', "\r\n");
        SipMessage::parse(text.as_bytes(), Framing::Stream).unwrap()
    }

    const SUBSCRIBE: &str = "SUBSCRIBE sip:romeo@example.net SIP/2.0
Via: SIP/2.0/TCP x2s.example.com;branch=z9hG4bKna998sk
Max-Forwards: 70
Route: <sip:p1.example.com;lr>
From: <sip:juliet@example.com>;tag=j89d
To: <sip:romeo@example.net>
Call-ID: 5BCF940D-793D-43F8-8972-218F7F4EAA8C
CSeq: 1 SUBSCRIBE
Event: presence
Content-Length: 0

";

    fn subscriber() -> Dialog {
        Dialog::uac(&msg(SUBSCRIBE)).unwrap()
    }

    /// RFC 3261 §12.1.2: a 2xx confirms the dialog; its Record-Route, in
    /// reverse, is the route set; its Contact the remote target.
    #[test]
    fn response_confirms_with_reversed_record_route() {
        let mut d = subscriber();
        assert!(!d.is_confirmed());
        assert_eq!(d.route_set.len(), 1, "preloaded route kept until confirmed");
        let ok = msg("SIP/2.0 200 OK
Via: SIP/2.0/TCP x2s.example.com;branch=z9hG4bKna998sk
Record-Route: <sip:p2.example.net;lr>, <sip:p1.example.com;lr>
From: <sip:juliet@example.com>;tag=j89d
To: <sip:romeo@example.net>;tag=ffd2
Call-ID: 5BCF940D-793D-43F8-8972-218F7F4EAA8C
CSeq: 1 SUBSCRIBE
Contact: <sip:romeo@192.0.2.4;gr=dr4hcr0st3lup4c>
Expires: 3600
Content-Length: 0

");
        assert!(d.matches_response(&ok));
        d.confirm(&ok).unwrap();
        assert_eq!(d.remote_tag.as_deref(), Some("ffd2"));
        let hosts: Vec<String> = d.route_set.iter().map(|r| r.uri.to_string()).collect();
        assert_eq!(hosts, ["sip:p1.example.com;lr", "sip:p2.example.net;lr"]);
        assert_eq!(
            d.remote_target.to_string(),
            "sip:romeo@192.0.2.4;gr=dr4hcr0st3lup4c"
        );
        // A second 2xx (another fork) does not change the confirmed tag.
        let other = msg(&String::from_utf8(ok.to_bytes())
            .unwrap()
            .replace("ffd2", "zzzz")
            .replace("\r\n", "\n"));
        assert!(!d.matches_response(&other));
    }

    /// RFC 6665 §4.4.1: a NOTIFY may arrive before the 2xx; it confirms the
    /// dialog with its From tag and its Record-Route in order.
    #[test]
    fn notify_before_the_response_confirms() {
        let mut d = subscriber();
        let notify = msg("NOTIFY sip:juliet@example.com;gr=yn0cl4bnw0yr3vym SIP/2.0
Via: SIP/2.0/TCP simple.example.net;branch=z9hG4bKpend0001
Max-Forwards: 70
Record-Route: <sip:p2.example.net;lr>, <sip:p1.example.com;lr>
From: <sip:romeo@example.net>;tag=ffd2
To: <sip:juliet@example.com>;tag=j89d
Call-ID: 5BCF940D-793D-43F8-8972-218F7F4EAA8C
CSeq: 1 NOTIFY
Event: presence
Subscription-State: pending;expires=3600
Contact: <sip:romeo@example.net;gr=dr4hcr0st3lup4c>
Content-Length: 0

");
        assert!(d.matches_request(&notify));
        d.confirm(&notify).unwrap();
        d.accept_cseq(1).unwrap();
        let hosts: Vec<String> = d.route_set.iter().map(|r| r.uri.to_string()).collect();
        assert_eq!(hosts, ["sip:p2.example.net;lr", "sip:p1.example.com;lr"]);
        // §12.2.2: CSeq must grow; a repeat is refused.
        assert_eq!(
            d.accept_cseq(1),
            Err(DialogError::CSeqOrder { got: 1, last: 1 })
        );
        // RFC 8048 Example 4 swaps From and To: it matches nothing.
        let swapped = msg("NOTIFY sip:juliet@example.com SIP/2.0
Via: SIP/2.0/TCP simple.example.net;branch=z9hG4bKx
From: <sip:juliet@example.com>;tag=j89d
To: <sip:romeo@example.net>;tag=ffd2
Call-ID: 5BCF940D-793D-43F8-8972-218F7F4EAA8C
CSeq: 2 NOTIFY
Content-Length: 0

");
        assert!(!d.matches_request(&swapped));
    }

    /// RFC 3261 §12.2.1.1: loose routing keeps the remote target as
    /// Request-URI; strict routing puts the first route there and the
    /// remote target last in Route. CSeq grows by one per request.
    #[test]
    fn in_dialog_requests_route_loose_and_strict() {
        let mut d = subscriber();
        d.remote_tag = Some("ffd2".into());
        d.remote_target = "sip:romeo@192.0.2.4".parse().unwrap();
        let via = Via::new("TCP", "x2s.example.com", None, "z9hG4bK2");
        let r = d
            .request(Method::Subscribe, &via, None)
            .unwrap()
            .build()
            .unwrap();
        assert_eq!(r.request_uri().unwrap().to_string(), "sip:romeo@192.0.2.4");
        assert_eq!(r.cseq().unwrap().seq, 2);
        assert_eq!(r.header("Route"), Some("<sip:p1.example.com;lr>"));
        assert_eq!(r.to_header().unwrap().tag(), Some("ffd2"));

        d.route_set = vec![
            NameAddr::parse("<sip:strict.example.com>")
                .unwrap()
                .into_owned(),
        ];
        let r = d
            .request(Method::Subscribe, &via, None)
            .unwrap()
            .build()
            .unwrap();
        assert_eq!(
            r.request_uri().unwrap().to_string(),
            "sip:strict.example.com"
        );
        assert_eq!(r.header("Route"), Some("<sip:romeo@192.0.2.4>"));
        assert_eq!(r.cseq().unwrap().seq, 3);

        d.local_cseq = MAX_CSEQ;
        assert_eq!(
            d.request(Method::Subscribe, &via, None).err(),
            Some(DialogError::CSeqExhausted)
        );
    }

    /// RFC 3261 §12.1.1: the notifier's view of a SUBSCRIBE it answers.
    #[test]
    fn uas_dialog_from_subscribe() {
        let sub = msg("SUBSCRIBE sip:juliet@example.com SIP/2.0
Via: SIP/2.0/TCP simple.example.net;branch=z9hG4bKsub00026
Max-Forwards: 70
Record-Route: <sip:p1.example.net;lr>
From: <sip:romeo@example.net>;tag=xfg9
To: <sip:juliet@example.com>
Call-ID: AA5A8BE5-CBB7-42B9-8181-6230012B1E11
CSeq: 1 SUBSCRIBE
Event: presence
Contact: <sip:romeo@example.net;gr=dr4hcr0st3lup4c>
Content-Length: 0

");
        let mut d = Dialog::uas(&sub, "ur93").unwrap();
        assert_eq!(d.remote_tag.as_deref(), Some("xfg9"));
        assert_eq!(d.remote_cseq, Some(1));
        assert_eq!(d.route_set.len(), 1);
        let refresh = msg("SUBSCRIBE sip:juliet@s2x.example.net SIP/2.0
Via: SIP/2.0/TCP simple.example.net;branch=z9hG4bKsub00027
From: <sip:romeo@example.net>;tag=xfg9
To: <sip:juliet@example.com>;tag=ur93
Call-ID: AA5A8BE5-CBB7-42B9-8181-6230012B1E11
CSeq: 2 SUBSCRIBE
Content-Length: 0

");
        assert!(d.matches_request(&refresh));
        d.accept_cseq(2).unwrap();
        let resp = refresh.make_response(StatusCode::OK, "ur93").unwrap();
        assert!(
            !d.matches_response(&resp),
            "a response to the peer's request is not ours"
        );
        // A SUBSCRIBE without a From tag cannot make a dialog.
        let untagged = msg(&SUBSCRIBE.replace(";tag=j89d", ""));
        assert_eq!(
            Dialog::uas(&untagged, "t"),
            Err(DialogError::MissingTag("From"))
        );
    }
}
