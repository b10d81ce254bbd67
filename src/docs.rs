//! What the crate implements, section by section, and the choices it makes
//! where the RFCs leave room. Documentation only.
//!
//! # SIP messages (RFC 3261), [`crate::sip`]
//!
//! | RFC 3261 | what | where |
//! |---|---|---|
//! | §7, §7.1, §7.2 | start line, any method token, status codes 100-699, free reason phrase | [`SipMessage::parse`](crate::sip::SipMessage::parse) |
//! | §7.3, §7.3.1 | header rows kept in order with their names; folding undone; lists split outside quotes and `<>` | [`SipMessage::list`](crate::sip::SipMessage::list) |
//! | §7.3.3, §20 | every compact form, RFC 6665 `o`/`u` included | [`HeaderName`](crate::sip::HeaderName) |
//! | §7.5, §18.3 | framing by Content-Length on streams, to the end of the datagram otherwise | [`parse_stream`](crate::sip::parse_stream), [`Framing`](crate::sip::Framing) |
//! | §8.1.1 | request generation | [`RequestBuilder`](crate::sip::RequestBuilder) |
//! | §8.2, §16.3 | checks before processing | [`SipMessage::validate`](crate::sip::SipMessage::validate) |
//! | §8.2.6 | response generation | [`SipMessage::make_response`](crate::sip::SipMessage::make_response) |
//! | §19.1 | SIP/SIPS URIs, escaping, comparison | [`SipUri`](crate::uri::SipUri) |
//! | §20 | typed headers (From, To, Via, CSeq, Contact, Event, ...) | [`crate::sip`] accessors |
//! | §21 | reason phrases | [`StatusCode`](crate::sip::StatusCode) |
//!
//! Choices:
//!
//! - **Strict by default.** Bare LF line ends and extra whitespace in the
//!   start line are refused unless switched on in
//!   [`Leniency`](crate::Leniency). RFC 4475 §3.1.2.9 and §3.1.2.10 let a
//!   parser choose.
//! - **Two stages.** `parse` checks framing, the start line (with the
//!   Request-URI), header-line syntax, UTF-8 and Content-Length; header
//!   values are decoded only when asked for, and `validate` applies the
//!   checks a server runs before processing a request. The example CLI
//!   runs both.
//! - **RFC 4475 cases the RFC leaves open** are refused: Request-URI in
//!   `<>` (§3.1.2.7), multiple spaces (§3.1.2.9, §3.1.2.10, unless
//!   lenient), URI headers in the Request-URI (§3.1.2.11), a Contact URI
//!   with `?` outside `<>` (§3.1.2.13), spaces inside `<>` (§3.1.2.14),
//!   unquoted display names with non-token characters (§3.1.2.15). A Date
//!   in another zone than GMT (§3.1.2.12) is accepted by `validate`
//!   (the crate gives Date no meaning) and reported by
//!   [`date`](crate::sip::SipMessage::date). A branch that is only the
//!   magic cookie (§3.2.1) parses; [`Via::has_rfc3261_branch`](crate::sip::Via::has_rfc3261_branch)
//!   is false for it and the request builder refuses it.
//! - **RFC 5118 §4.10**: an IPv6 reference with a third colon before an
//!   embedded IPv4 address is read as if it had two, and written as
//!   received.
//! - **Hostnames** may contain `_` (RFC 2181 §11), which RFC 3261's
//!   `hostname` rule does not list.
//! - **Duplicate parameters** in a header value or a URI are refused (RFC
//!   3261 §7.3.1 for headers; a URI with two `transport` parameters has no
//!   meaning).
//! - **Writing** keeps each header's name as received (compact forms
//!   included), writes one row per stored row as `Name: value`, never
//!   folds, and writes Content-Length from the body. Generated headers use
//!   long names. Typed values write name-addrs with `<>` and quoted
//!   display names. No value ever contains CR or LF: raw values with one
//!   are refused, typed values replace them.
//! - **URI header values** (`?subject=...`) compare case-sensitively in
//!   [`SipUri::equivalent`](crate::uri::SipUri::equivalent): RFC 3261
//!   §19.1.4 defers to each header's own rules, which a URI cannot know.
//! - **Control characters** other than CR and LF are accepted inside
//!   header values (RFC 4475 §3.1.1.2 has NUL, BEL and DEL in a quoted
//!   display name); typed parsers reject them where their grammar does.
//!
//! # URIs, [`crate::uri`]
//!
//! `sip:`/`sips:` per RFC 3261 §19.1 and §25 with RFC 5627 `gr`; `tel:`
//! per RFC 3966 (global numbers and local numbers with `phone-context`),
//! compared per RFC 3966 §4; `im:` and `pres:` per RFC 3860 and RFC 3859
//! with the `local@domain` mailbox RFC 7247 assumes; any other absolute
//! URI is kept as text.
//!
//! # SDP, [`crate::sdp`]
//!
//! RFC 8866 syntax used per RFC 3264; the attribute table and the choices
//! are in the module documentation.
//!
//! # Multipart bodies, [`crate::multipart`]
//!
//! RFC 2046 §5.1 as RFC 5621 uses it; the choices are in the module
//! documentation.
