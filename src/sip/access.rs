//! Typed access to the headers of a [`SipMessage`], and validation.

use std::borrow::Cow;

use super::error::{HeaderError, ValueFault};
use super::header_name::HeaderName;
use super::headers::{
    CSeq, Contact, Event, NameAddr, NameAddrRef, Reason, RetryAfter, SipDate, SubscriptionState,
    Via, Warning, check_call_id, check_language_tag, check_token, delta_seconds, is_blank,
};
use super::message::{SipMessage, StartLine};
use super::method::Method;
use crate::mime::MediaType;
use crate::params::ParamValue;
use crate::uri::Uri;

/// Why a message fails the checks a server applies before processing it
/// (RFC 3261 §8.2, §16.3; RFC 4475).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ValidationError {
    /// A header is missing, repeated or malformed.
    #[error(transparent)]
    Header(#[from] HeaderError),
    /// The CSeq method differs from the request method (RFC 3261 §8.1.1.5).
    #[error("CSeq method {cseq} does not match request method {method}")]
    CSeqMethod {
        /// The request method.
        method: Method,
        /// The method in CSeq.
        cseq: Method,
    },
    /// The Request-URI carries `?headers`, which RFC 3261 §19.1.1 Table 1
    /// forbids there.
    #[error("Request-URI carries URI headers")]
    RequestUriHeaders,
}

impl ValidationError {
    /// The status code to answer a request failing this check with: 501
    /// when the request method is one this crate does not know and its
    /// CSeq disagrees (RFC 4475 §3.1.2.18 prefers 501), 400 otherwise.
    pub fn status_code(&self) -> u16 {
        match self {
            ValidationError::CSeqMethod {
                method: Method::Extension(_),
                ..
            } => 501,
            _ => 400,
        }
    }
}

/// What [`SipMessage::validate_core`] decoded: the headers every message
/// needs, borrowed from the message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CoreHeaders<'a> {
    /// The Call-ID, checked against `word [ "@" word ]` (as
    /// [`SipMessage::call_id`] gives it).
    pub call_id: &'a str,
    /// The CSeq; for a request its method is the request's.
    pub cseq: CSeq,
    /// The topmost Via value (as [`SipMessage::top_via`] gives it); every
    /// other Via value was checked too.
    pub top_via: Via<'a>,
    /// Max-Forwards, if present (as [`SipMessage::max_forwards`] gives
    /// it).
    pub max_forwards: Option<u8>,
}

/// The rows of a header, as [`SipMessage::single`] and
/// [`SipMessage::required`] see them: the first, and whether there was
/// another. The first is held as its place in the header index, so that
/// the rows of a dozen headers fit in a few words; its value is read when
/// asked for.
#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct Single {
    /// One more than the index of the first row; 0 when there is none.
    /// (A message is shorter than `u32::MAX` bytes, so it has fewer rows.)
    first: u32,
    repeated: bool,
}

impl Single {
    fn add(&mut self, index: usize) {
        if self.first == 0 {
            self.first = u32::try_from(index + 1).unwrap_or(u32::MAX);
        } else {
            self.repeated = true;
        }
    }

    /// The first row (what `rows(name).next()` gives).
    #[inline]
    pub(crate) fn first<'m>(&self, m: &'m SipMessage) -> Option<&'m str> {
        let index = usize::try_from(self.first.checked_sub(1)?).ok()?;
        m.headers.get(index).map(|e| e.value.of(&m.head))
    }

    /// What [`SipMessage::single`] gives.
    #[inline]
    pub(crate) fn get<'m>(
        &self,
        m: &'m SipMessage,
        name: HeaderName,
    ) -> Result<Option<&'m str>, HeaderError> {
        if self.repeated {
            return Err(HeaderError::Multiple {
                name: name.as_str(),
            });
        }
        Ok(self.first(m))
    }

    /// What [`SipMessage::required`] gives.
    #[inline]
    pub(crate) fn required<'m>(
        &self,
        m: &'m SipMessage,
        name: HeaderName,
    ) -> Result<&'m str, HeaderError> {
        self.get(m, name)?.ok_or(HeaderError::Missing {
            name: name.as_str(),
        })
    }
}

/// The rows of the headers besides the core ones that an IM translation
/// reads (RFC 7572 Table 2), found by
/// [`SipMessage::validate_core_im`].
#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct ImRows {
    pub(crate) from: Single,
    pub(crate) to: Single,
    pub(crate) content_type: Single,
    pub(crate) content_encoding: Single,
    pub(crate) subject: Single,
    /// Whether there is a Content-Language row.
    pub(crate) content_language: bool,
}

impl ImRows {
    /// What [`SipMessage::content_type`] gives.
    pub(crate) fn content_type<'m>(
        &self,
        m: &'m SipMessage,
    ) -> Result<Option<MediaType<'m>>, HeaderError> {
        let n = HeaderName::ContentType;
        self.content_type
            .get(m, n)?
            .map(|v| lift(n, MediaType::parse(v).map_err(ValueFault::from)))
            .transpose()
    }
}

/// What an IM translation needs of the headers every request needs
/// ([`SipMessage::validate_core_im`]): [`CoreHeaders`] with only the
/// `branch` of the topmost Via, which is small enough to pass around
/// without copying a whole Via.
#[derive(Debug, Clone)]
pub(crate) struct ImCore<'a> {
    /// As [`CoreHeaders::call_id`].
    pub(crate) call_id: &'a str,
    /// The `branch` parameter of the topmost Via, as written.
    pub(crate) branch: Option<ParamValue<'a>>,
    /// As [`CoreHeaders::max_forwards`].
    pub(crate) max_forwards: Option<u8>,
    /// The rows of the other headers the translation reads.
    pub(crate) rows: ImRows,
}

/// What [`SipMessage::core_pass`] decoded, with `T` made of the topmost
/// Via.
struct CorePass<'a, T> {
    call_id: &'a str,
    cseq: CSeq,
    top_via: T,
    max_forwards: Option<u8>,
    rows: ImRows,
}

/// A Max-Forwards value: delta-seconds of at most 255.
fn max_forwards_value(v: &str) -> Result<u8, ValueFault> {
    delta_seconds(v).and_then(|x| u8::try_from(x).map_err(|_| ValueFault::Number))
}

fn lift<T>(name: HeaderName, r: Result<T, ValueFault>) -> Result<T, HeaderError> {
    r.map_err(|fault| HeaderError::Invalid {
        name: name.as_str(),
        fault,
    })
}

/// Elements of a list header: none when every row is blank, otherwise each
/// element (an empty element is passed on for the caller to reject).
fn elements<'a>(m: &'a SipMessage, name: HeaderName) -> impl Iterator<Item = &'a str> + 'a {
    // Only Accept, Allow and Supported may be empty (RFC 3261 §25); a
    // blank row of any other list header yields one empty element, which
    // its parser rejects.
    let may_be_empty = matches!(
        name,
        HeaderName::Accept
            | HeaderName::AcceptEncoding
            | HeaderName::AcceptLanguage
            | HeaderName::Allow
            | HeaderName::Supported
    );
    m.rows(name)
        .filter(move |r| !(may_be_empty && is_blank(r)))
        .flat_map(crate::grammar::split_list)
}

impl SipMessage {
    fn name_addr(&self, name: HeaderName) -> Result<NameAddr<'_>, HeaderError> {
        let v = self.required(name)?;
        lift(name, NameAddr::parse_with(v, &self.limits))
    }

    /// The From header (mandatory).
    pub fn from_header(&self) -> Result<NameAddr<'_>, HeaderError> {
        self.name_addr(HeaderName::From)
    }

    /// The To header (mandatory).
    pub fn to_header(&self) -> Result<NameAddr<'_>, HeaderError> {
        self.name_addr(HeaderName::To)
    }

    /// The Call-ID (mandatory), checked against `word [ "@" word ]`.
    pub fn call_id(&self) -> Result<&str, HeaderError> {
        let v = self.required(HeaderName::CallId)?;
        lift(HeaderName::CallId, check_call_id(v))
    }

    /// The CSeq header (mandatory).
    pub fn cseq(&self) -> Result<CSeq, HeaderError> {
        let v = self.required(HeaderName::CSeq)?;
        lift(HeaderName::CSeq, CSeq::parse(v))
    }

    /// Every Via value, top first.
    pub fn vias(&self) -> impl Iterator<Item = Result<Via<'_>, HeaderError>> + '_ {
        self.list(HeaderName::Via)
            .map(|v| lift(HeaderName::Via, Via::parse(v)))
    }

    /// The topmost Via value (mandatory).
    pub fn top_via(&self) -> Result<Via<'_>, HeaderError> {
        self.vias()
            .next()
            .unwrap_or(Err(HeaderError::Missing { name: "Via" }))
    }

    /// Max-Forwards (0 to 255), if present.
    pub fn max_forwards(&self) -> Result<Option<u8>, HeaderError> {
        let n = HeaderName::MaxForwards;
        self.single(n)?
            .map(|v| lift(n, max_forwards_value(v)))
            .transpose()
    }

    /// Every Contact value.
    pub fn contacts(&self) -> impl Iterator<Item = Result<Contact<'_>, HeaderError>> + '_ {
        elements(self, HeaderName::Contact)
            .map(|v| lift(HeaderName::Contact, Contact::parse_with(v, &self.limits)))
    }

    /// The Content-Type, if present.
    pub fn content_type(&self) -> Result<Option<MediaType<'_>>, HeaderError> {
        let n = HeaderName::ContentType;
        self.single(n)?
            .map(|v| lift(n, MediaType::parse(v).map_err(ValueFault::from)))
            .transpose()
    }

    /// The Content-Length as written, if present (the parser has already
    /// used it to frame the body).
    pub fn content_length(&self) -> Result<Option<usize>, HeaderError> {
        let n = HeaderName::ContentLength;
        match self.rows(n).next() {
            None => Ok(None),
            Some(v) => lift(
                n,
                crate::grammar::parse_u64(v.trim())
                    .and_then(|x| usize::try_from(x).ok())
                    .map(Some)
                    .ok_or(ValueFault::Number),
            ),
        }
    }

    /// The Content-Language tags, in order.
    pub fn content_language(&self) -> impl Iterator<Item = Result<&str, HeaderError>> + '_ {
        elements(self, HeaderName::ContentLanguage)
            .map(|v| lift(HeaderName::ContentLanguage, check_language_tag(v)))
    }

    /// Expires (delta-seconds), if present.
    pub fn expires(&self) -> Result<Option<u32>, HeaderError> {
        let n = HeaderName::Expires;
        self.single(n)?
            .map(|v| lift(n, delta_seconds(v)))
            .transpose()
    }

    /// Min-Expires (delta-seconds), if present.
    pub fn min_expires(&self) -> Result<Option<u32>, HeaderError> {
        let n = HeaderName::MinExpires;
        self.single(n)?
            .map(|v| lift(n, delta_seconds(v)))
            .transpose()
    }

    /// The Event header, if present.
    pub fn event(&self) -> Result<Option<Event<'_>>, HeaderError> {
        let n = HeaderName::Event;
        self.single(n)?
            .map(|v| lift(n, Event::parse(v)))
            .transpose()
    }

    /// The Subscription-State header, if present.
    pub fn subscription_state(&self) -> Result<Option<SubscriptionState<'_>>, HeaderError> {
        let n = HeaderName::SubscriptionState;
        self.single(n)?
            .map(|v| lift(n, SubscriptionState::parse(v)))
            .transpose()
    }

    /// The methods in Allow.
    pub fn allow(&self) -> impl Iterator<Item = Result<Method, HeaderError>> + '_ {
        elements(self, HeaderName::Allow).map(|v| {
            lift(
                HeaderName::Allow,
                check_token(v).and_then(|t| Method::parse(t).map_err(|_| ValueFault::Empty)),
            )
        })
    }

    /// The event types in Allow-Events.
    pub fn allow_events(&self) -> impl Iterator<Item = Result<&str, HeaderError>> + '_ {
        self.tokens(HeaderName::AllowEvents)
    }

    /// The option tags in Require.
    pub fn require(&self) -> impl Iterator<Item = Result<&str, HeaderError>> + '_ {
        self.tokens(HeaderName::Require)
    }

    /// The option tags in Require that are not in `supported`: the ones
    /// a UAS answers with 420 (Bad Extension) and lists in Unsupported
    /// (RFC 3261 §8.2.2.3). Option tags are compared as written.
    ///
    /// ```
    /// use sip_xmpp::sip::{Framing, SipMessage};
    /// let req = SipMessage::parse(b"MESSAGE sip:b@example.com SIP/2.0\r\n\
    /// Require: timer, foo\r\nContent-Length: 0\r\n\r\n", Framing::Stream).unwrap();
    /// assert_eq!(req.unsupported_requirements(&["timer"]).unwrap(), ["foo"]);
    /// ```
    pub fn unsupported_requirements(&self, supported: &[&str]) -> Result<Vec<&str>, HeaderError> {
        let mut tags = Vec::new();
        for tag in self.require() {
            let tag = tag?;
            if !supported.contains(&tag) {
                tags.push(tag);
            }
        }
        Ok(tags)
    }

    /// The option tags in Supported.
    pub fn supported(&self) -> impl Iterator<Item = Result<&str, HeaderError>> + '_ {
        self.tokens(HeaderName::Supported)
    }

    /// The option tags in Proxy-Require.
    pub fn proxy_require(&self) -> impl Iterator<Item = Result<&str, HeaderError>> + '_ {
        self.tokens(HeaderName::ProxyRequire)
    }

    /// The option tags in Unsupported.
    pub fn unsupported(&self) -> impl Iterator<Item = Result<&str, HeaderError>> + '_ {
        self.tokens(HeaderName::Unsupported)
    }

    fn tokens(&self, name: HeaderName) -> impl Iterator<Item = Result<&str, HeaderError>> + '_ {
        elements(self, name).map(move |v| lift(name, check_token(v)))
    }

    /// The media ranges in Accept (`*/*` and `type/*` included). A blank
    /// Accept yields none: nothing is acceptable.
    pub fn accept(&self) -> impl Iterator<Item = Result<MediaType<'_>, HeaderError>> + '_ {
        elements(self, HeaderName::Accept).map(|v| {
            lift(
                HeaderName::Accept,
                MediaType::parse(v).map_err(ValueFault::from),
            )
        })
    }

    /// The Subject, if present (free text).
    pub fn subject(&self) -> Option<&str> {
        self.rows(HeaderName::Subject).next()
    }

    /// Every Reason value (RFC 3326).
    pub fn reasons(&self) -> impl Iterator<Item = Result<Reason<'_>, HeaderError>> + '_ {
        elements(self, HeaderName::Reason).map(|v| lift(HeaderName::Reason, Reason::parse(v)))
    }

    /// The Date header, if present.
    pub fn date(&self) -> Result<Option<SipDate>, HeaderError> {
        let n = HeaderName::Date;
        self.single(n)?
            .map(|v| lift(n, SipDate::parse(v)))
            .transpose()
    }

    /// The Retry-After header, if present.
    pub fn retry_after(&self) -> Result<Option<RetryAfter<'_>>, HeaderError> {
        let n = HeaderName::RetryAfter;
        self.single(n)?
            .map(|v| lift(n, RetryAfter::parse(v)))
            .transpose()
    }

    /// Every Record-Route value, in order.
    pub fn record_routes(&self) -> impl Iterator<Item = Result<NameAddr<'_>, HeaderError>> + '_ {
        elements(self, HeaderName::RecordRoute).map(|v| {
            lift(
                HeaderName::RecordRoute,
                NameAddr::parse_with(v, &self.limits),
            )
        })
    }

    /// Every Route value, in order.
    pub fn routes(&self) -> impl Iterator<Item = Result<NameAddr<'_>, HeaderError>> + '_ {
        elements(self, HeaderName::Route)
            .map(|v| lift(HeaderName::Route, NameAddr::parse_with(v, &self.limits)))
    }

    /// Every Warning value.
    pub fn warnings(&self) -> impl Iterator<Item = Result<Warning<'_>, HeaderError>> + '_ {
        elements(self, HeaderName::Warning).map(|v| lift(HeaderName::Warning, Warning::parse(v)))
    }

    /// The part of [`validate`](Self::validate) that every message needs
    /// whatever its handler reads (RFC 3261 §8.2): Call-ID, CSeq (with the
    /// request's method), every Via, a single Content-Length, no
    /// `?headers` in a SIP or SIPS Request-URI, and Max-Forwards. From
    /// and To are left to the caller, which decodes them anyway; any other
    /// header is checked when it is read, since a server may ignore a
    /// malformed header it does not use.
    ///
    /// Returns what it decoded, so that the caller need not decode it
    /// again: the Call-ID, the CSeq, the topmost Via and Max-Forwards. The
    /// rows of these headers are found in one pass over the header index.
    ///
    /// ```
    /// use sip_xmpp::sip::{Framing, Method, SipMessage};
    /// let m = SipMessage::parse(b"MESSAGE sip:b@example.com SIP/2.0\r\n\
    /// Via: SIP/2.0/TCP a.example.com;branch=z9hG4bK1\r\nMax-Forwards: 70\r\n\
    /// Call-ID: c1\r\nCSeq: 7 MESSAGE\r\nContent-Length: 0\r\n\r\n", Framing::Stream).unwrap();
    /// let core = m.validate_core().unwrap();
    /// assert_eq!(core.call_id, "c1");
    /// assert_eq!((core.cseq.seq, core.cseq.method), (7, Method::Message));
    /// assert_eq!(core.top_via.branch(), Some("z9hG4bK1"));
    /// assert_eq!(core.max_forwards, Some(70));
    /// ```
    pub fn validate_core(&self) -> Result<CoreHeaders<'_>, ValidationError> {
        let core = self.core_pass(|v| v, |_| None)?;
        Ok(CoreHeaders {
            call_id: core.call_id,
            cseq: core.cseq,
            top_via: core.top_via,
            max_forwards: core.max_forwards,
        })
    }

    /// [`validate_core`](Self::validate_core) for an IM translation: the
    /// same checks and errors; of the topmost Via, only its `branch`; and
    /// the rows of the other headers the translation reads, found in the
    /// same pass over the header index (their values are not looked at
    /// here).
    pub(crate) fn validate_core_im(&self) -> Result<ImCore<'_>, ValidationError> {
        let core = self.core_pass(
            |v| v.params.into_param_value("branch"),
            |row| Via::plain_branch(row).map(|b| b.map(|b| ParamValue::Token(Cow::Borrowed(b)))),
        )?;
        Ok(ImCore {
            call_id: core.call_id,
            branch: core.top_via,
            max_forwards: core.max_forwards,
            rows: core.rows,
        })
    }

    /// The checks of [`validate_core`](Self::validate_core), with the
    /// topmost Via given to `keep` (and every other Via checked and
    /// dropped). A single Via row is first given to `plain`, which may
    /// check it and give what `keep` would give for it in one pass.
    fn core_pass<'s, T>(
        &'s self,
        keep: impl FnOnce(Via<'s>) -> T,
        plain: impl FnOnce(&'s str) -> Option<T>,
    ) -> Result<CorePass<'s, T>, ValidationError> {
        let (mut call_id, mut cseq, mut length, mut max_forwards) = (
            Single::default(),
            Single::default(),
            Single::default(),
            Single::default(),
        );
        let mut im = ImRows::default();
        let (mut first_via, mut via_rows) = (None, 0usize);
        for (i, e) in self.headers.iter().enumerate() {
            let slot = match e.name {
                HeaderName::CallId => &mut call_id,
                HeaderName::CSeq => &mut cseq,
                HeaderName::ContentLength => &mut length,
                HeaderName::MaxForwards => &mut max_forwards,
                HeaderName::From => &mut im.from,
                HeaderName::To => &mut im.to,
                HeaderName::ContentType => &mut im.content_type,
                HeaderName::ContentEncoding => &mut im.content_encoding,
                HeaderName::Subject => &mut im.subject,
                HeaderName::ContentLanguage => {
                    im.content_language = true;
                    continue;
                }
                HeaderName::Via => {
                    via_rows += 1;
                    if first_via.is_none() {
                        first_via = Some(e.value.of(&self.head));
                    }
                    continue;
                }
                _ => continue,
            };
            slot.add(i);
        }
        let call_id = lift(
            HeaderName::CallId,
            check_call_id(call_id.required(self, HeaderName::CallId)?),
        )?;
        let cseq = lift(
            HeaderName::CSeq,
            CSeq::parse(cseq.required(self, HeaderName::CSeq)?),
        )?;
        // Every Via value must parse; the first is kept.
        let mut keep = Some(keep);
        let mut top_via = None;
        let mut first = |v: Via<'s>| {
            if let Some(keep) = keep.take() {
                top_via = Some(keep(v));
            }
        };
        match (via_rows, first_via) {
            (1, Some(row)) => {
                // The usual row: one value of the common form, which is the
                // row's only element (see `Via::parse_common`).
                if let Some(t) = plain(row) {
                    top_via = Some(t);
                } else {
                    match Via::parse_common(row) {
                        Some(v) => first(v),
                        None => {
                            for el in crate::grammar::split_list(row) {
                                first(lift(HeaderName::Via, Via::parse(el))?);
                            }
                        }
                    }
                }
            }
            _ => {
                for v in self.vias() {
                    first(v?);
                }
            }
        }
        let top_via = top_via.ok_or(HeaderError::Missing { name: "Via" })?;
        if let StartLine::Request { method, uri } = &self.start {
            if *method != cseq.method {
                return Err(ValidationError::CSeqMethod {
                    method: method.clone(),
                    cseq: cseq.method,
                });
            }
            if let Uri::Sip(u) = uri {
                if u.has_headers() {
                    return Err(ValidationError::RequestUriHeaders);
                }
            }
        }
        // Only its being single matters here (the parser has read it).
        if length.repeated {
            return Err(HeaderError::Multiple {
                name: HeaderName::ContentLength.as_str(),
            }
            .into());
        }
        let max_forwards = max_forwards
            .get(self, HeaderName::MaxForwards)?
            .map(|v| lift(HeaderName::MaxForwards, max_forwards_value(v)))
            .transpose()?;
        Ok(CorePass {
            call_id,
            cseq,
            top_via,
            max_forwards,
            rows: im,
        })
    }

    /// [`from_header`](Self::from_header) or
    /// [`to_header`](Self::to_header) without the copy of a SIP URI's
    /// text, from the header's rows as
    /// [`validate_core_im`](Self::validate_core_im) found them: the
    /// same value, the same error.
    ///
    /// A URI whose text is that of the Request-URI is the Request-URI
    /// (To usually repeats it): it is not read again.
    pub(crate) fn name_addr_ref_of(
        &self,
        name: HeaderName,
        rows: &Single,
    ) -> Result<NameAddrRef<'_>, HeaderError> {
        let v = rows.required(self, name)?;
        let known = self.request_uri().and_then(Uri::as_sip);
        NameAddrRef::parse_known_or(v, &self.limits, known, |fault| HeaderError::Invalid {
            name: name.as_str(),
            fault,
        })
    }

    /// The checks a SIP element applies before processing a message (RFC
    /// 3261 §8.2 and §16.3, and the verdicts of RFC 4475):
    ///
    /// * From, To, Call-ID, CSeq and at least one Via are present and well
    ///   formed; single-valued headers appear once;
    /// * the CSeq method of a request equals its method;
    /// * a SIP or SIPS Request-URI carries no `?headers`;
    /// * every present header the crate interprets parses: Via, Contact,
    ///   Route, Record-Route, Max-Forwards, Content-Type, Expires,
    ///   Min-Expires, Event, Subscription-State, Retry-After, Warning,
    ///   Reason, Content-Language, Allow, Allow-Events, Require, Supported,
    ///   Accept.
    ///
    /// A malformed Date is not a fault here: it carries no protocol
    /// meaning for this crate (RFC 4475 §3.1.2.12 leaves the choice), and
    /// [`date`](Self::date) reports it when asked. Max-Forwards may be
    /// absent (RFC 3261 §8.2 does not require a server to reject that).
    pub fn validate(&self) -> Result<(), ValidationError> {
        self.validate_except(&[])
    }

    /// [`validate`](Self::validate) without the syntax checks of the
    /// optional headers named in `lenient`, for a caller that reads those
    /// headers leniently itself (the IM gateway drops a malformed
    /// Content-Language tag instead of refusing the request, IM-S-7). The
    /// headers every request needs (From, To, Call-ID, CSeq, Via) and the
    /// single-row checks are never skipped.
    ///
    /// ```
    /// use sip_xmpp::sip::{Framing, HeaderName, SipMessage};
    /// let m = SipMessage::parse(b"MESSAGE sip:b@example.com SIP/2.0\r\n\
    /// Via: SIP/2.0/UDP a.example.com;branch=z9hG4bK1\r\nFrom: <sip:a@example.com>;tag=1\r\n\
    /// To: <sip:b@example.com>\r\nCall-ID: c1\r\nCSeq: 1 MESSAGE\r\n\
    /// Content-Language: en_GB\r\nContent-Length: 0\r\n\r\n", Framing::Stream).unwrap();
    /// assert!(m.validate().is_err());
    /// assert!(m.validate_except(&[HeaderName::ContentLanguage]).is_ok());
    /// ```
    pub fn validate_except(&self, lenient: &[HeaderName]) -> Result<(), ValidationError> {
        let check = |name: HeaderName| !lenient.contains(&name);
        self.from_header()?;
        self.to_header()?;
        self.validate_core()?;
        self.single(HeaderName::Date)?;
        if check(HeaderName::ContentType) {
            self.content_type()?;
        }
        if check(HeaderName::Expires) {
            self.expires()?;
        }
        if check(HeaderName::MinExpires) {
            self.min_expires()?;
        }
        if check(HeaderName::Event) {
            self.event()?;
        }
        if check(HeaderName::SubscriptionState) {
            self.subscription_state()?;
        }
        if check(HeaderName::RetryAfter) {
            self.retry_after()?;
        }
        if check(HeaderName::Contact) {
            for c in self.contacts() {
                c?;
            }
        }
        if check(HeaderName::Route) {
            for r in self.routes() {
                r?;
            }
        }
        if check(HeaderName::RecordRoute) {
            for r in self.record_routes() {
                r?;
            }
        }
        if check(HeaderName::Warning) {
            for w in self.warnings() {
                w?;
            }
        }
        if check(HeaderName::Reason) {
            for r in self.reasons() {
                r?;
            }
        }
        if check(HeaderName::ContentLanguage) {
            for l in self.content_language() {
                l?;
            }
        }
        if check(HeaderName::Allow) {
            for a in self.allow() {
                a?;
            }
        }
        if check(HeaderName::AllowEvents) {
            for t in self.allow_events() {
                t?;
            }
        }
        if check(HeaderName::Require) {
            for t in self.require() {
                t?;
            }
        }
        if check(HeaderName::Supported) {
            for t in self.supported() {
                t?;
            }
        }
        if check(HeaderName::Accept) {
            for a in self.accept() {
                a?;
            }
        }
        Ok(())
    }
}
