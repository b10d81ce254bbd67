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
//! # JIDs (RFC 7622) and JID escaping (XEP-0106), [`crate::jid`]
//!
//! | RFC 7622 | what | where |
//! |---|---|---|
//! | §3.1, §3.2 | parse order: first `/`, then `@` | [`Jid::parse`](crate::jid::Jid::parse) |
//! | §3.2 | domainpart: trailing dot, IPv4, IPv6, IDNA2008 (A-labels to U-labels) | [`Jid`](crate::jid::Jid) |
//! | §3.3 | localpart: PRECIS UsernameCaseMapped and eight excluded characters | [`Jid`](crate::jid::Jid) |
//! | §3.4 | resourcepart: PRECIS OpaqueString | [`Jid`](crate::jid::Jid) |
//! | XEP-0106 §4 | escaping and unescaping of localparts | [`escape_localpart`](crate::jid::escape_localpart), [`unescape_localpart`](crate::jid::unescape_localpart) |
//!
//! Choices:
//!
//! - **One type** for bare and full JIDs; [`Jid::bare`](crate::jid::Jid::bare)
//!   and [`Jid::resource`](crate::jid::Jid::resource) tell them apart.
//! - **PRECIS until stable** (RFC 8264 §7), with the IANA registry's
//!   derived properties (Unicode 6.3): later code points are refused in
//!   localparts and resourceparts.
//! - **Domainparts** go through UTS #46 (non-transitional, STD3 rules,
//!   hyphen checks, DNS lengths), then keep only the code points IDNA2008
//!   allows (letters, marks, decimal digits, the joiners and the CONTEXTO
//!   punctuation): UTS #46 alone would let symbols through. Reserved LDH
//!   labels (`ab--cd`), `_` and labels over 63 octets are refused.
//! - **IPv6 literals** are written in RFC 5952 form; zone identifiers are
//!   refused.
//! - **Resourceparts** may not start with a space (RFC 7622 §3.5 example
//!   18); a trailing space is kept.
//! - **Input bound**: a part over 4 × 1023 octets before enforcement, or
//!   a whole input over 12,278 octets, is refused before any Unicode work.
//! - **XEP-0106 backslashes** are escaped only before one of the ten
//!   codes (`c:\net` → `c\3a\net`; the XEP's table writes
//!   `c\3a\5cnet`); unescaping reads only the ten lower-case sequences;
//!   text with a leading or trailing space is refused both ways.
//! - **The `jid` crate** (RFC 6122 stringprep) is reached only through
//!   [`Jid::to_jid_crate`](crate::jid::Jid::to_jid_crate), which refuses
//!   rather than return an address the `jid` crate changed (`fußball` →
//!   `fussball`).
//!
//! # Address mapping (RFC 7247 §6), [`crate::address`]
//!
//! | RFC 7247 | what | where |
//! |---|---|---|
//! | §6.2 | local-part characters, both escapings | [`AddressMapper`](crate::address::AddressMapper) |
//! | §6.3 | GRUU `gr` ↔ resourcepart | [`AddressMapper::name_addr_to_jid`](crate::address::AddressMapper::name_addr_to_jid) |
//! | §6.4 | URI → JID | [`AddressMapper::uri_to_jid`](crate::address::AddressMapper::uri_to_jid) |
//! | §6.5 | JID → URI | [`AddressMapper::jid_to_uri_as`](crate::address::AddressMapper::jid_to_uri_as) |
//! | §8 | `sips:` not translated, loop guard | [`AddressPolicy`](crate::address::AddressPolicy), [`Domains`](crate::address::Domains) |
//!
//! Choices (the open points of the RFC 7247 digest, then the rest):
//!
//! | point | choice |
//! |---|---|
//! | V-CORE-1 | `;gr=` follows the host with no `/` (the RFC's example) |
//! | V-CORE-2 | a temporary GRUU is refused (`TemporaryGruu`, 404 / `item-not-found`); `map_temporary_gruu` maps its user part instead |
//! | V-CORE-3 | `user=phone` is a telephone number, refused like `tel:` (416); `user_phone_is_telephone = false` maps it literally |
//! | V-CORE-4 | every `.` of an `im:`/`pres:` local part is encoded (`%2E`) |
//! | V-CORE-5 | XEP-0106 backslashes escaped only before a code |
//! | V-CORE-6 | malformed percent-escapes refused (400) |
//! | V-CORE-7 | the `jid` crate keeps A-labels and applies stringprep, so JIDs are validated here |
//! | V-CORE-8 | a refused `sips:` URI is answered 403 |
//! | `%` in `im:`/`pres:` | encoded, although RFC 7247 Table 1 allows it: a literal `%` starts an escape |
//! | escapes and PRECIS | S2X applies UsernameCaseMapped's mappings before escaping, so that enforcement cannot turn `\2F` into the escape `\2f`; an escape enforcement would still change (a combining mark after it) is refused (`UnstableEscape`) |
//! | GRUU outside `<>` | a `gr` header parameter counts when the URI has none; output always puts `gr` in the URI |
//! | `sips:` | refused wherever it appears (Request-URI, To, From), unless `allow_sips` |
//! | served domains | S2X sender: a SIP domain; S2X recipient: an XMPP domain; X2S the reverse; a recipient in a source-side domain is a loop (482 / `not-acceptable`) |
//! | resource and `im:`/`pres:` | dropped (CORE-ADDR-13) |
//! | JID → URI with `\20` at either end of the localpart | refused (XEP-0106 forbids such a localpart) |
//! | dropped URI content | password, port, URI headers, every parameter but `gr` |
//!
//! # SDP, [`crate::sdp`]
//!
//! RFC 8866 syntax used per RFC 3264; the attribute table and the choices
//! are in the module documentation.
//!
//! # XMPP stanzas (RFC 6120, RFC 6121), [`crate::xmpp`]
//!
//! | section | what | where |
//! |---|---|---|
//! | RFC 6120 §4.8.2; XEP-0114 | `jabber:client`, `jabber:server`, `jabber:component:accept`; the stream's default namespace for a stanza without `xmlns` | [`StanzaConfig`](crate::xmpp::StanzaConfig) |
//! | RFC 6120 §8.1 | `to`, `from` (non-empty, otherwise as written), `id`, `type`, `xml:lang` with inheritance | [`Stanza`](crate::xmpp::Stanza) |
//! | RFC 6120 §8.2.3 | IQ types, required `id`, payload counts, results | [`Iq`](crate::xmpp::Iq) |
//! | RFC 6120 §8.3 | stanza errors read and written; error replies | [`StanzaError`](crate::xmpp::StanzaError), [`StanzaHead::error_reply`](crate::xmpp::StanzaHead::error_reply) |
//! | RFC 6120 §8.4 | extended content kept untouched | `payloads()` of each view |
//! | RFC 6120 §11.1, §11.6 | UTF-8 only; no comments, PIs, DTDs, undeclared entities; XML 1.0 characters only | [`XmlError`](crate::xmpp::XmlError) |
//! | RFC 6120 §13.12 | stanza size limit, 512 KiB by default (≥ 10,000 bytes) | [`ParseLimits`](crate::ParseLimits) |
//! | RFC 6121 §4.7 | presence types, `show`, `status` per language, `priority` | [`Presence`](crate::xmpp::Presence) |
//! | RFC 6121 §5.2 | message types, `body` and `subject` per language, `thread` with `parent` | [`Message`](crate::xmpp::Message) |
//!
//! Choices:
//!
//! - **XML declaration** accepted at byte 0 only (version 1.0, encoding
//!   UTF-8 if named, `standalone` allowed) and not kept; RFC 6120 has no
//!   declaration inside a stream, but a stanza handed over alone may carry
//!   one. A byte order mark is refused.
//! - **Whitespace** around the stanza element is accepted (stream
//!   whitespace); whitespace-only text inside is kept as content.
//! - **CDATA sections** are accepted and become plain text.
//! - **Line ends and attribute whitespace** are normalised as XML 1.0
//!   §2.11 and §3.3.3 require; the writer escapes CR in text and TAB, LF,
//!   CR in attribute values so that they read back.
//! - **`xml:lang=''`** means "no language". Language tags compare without
//!   regard to ASCII case when checking that bodies, subjects and statuses
//!   have distinct languages; a child without `xml:lang` has the stanza's.
//! - **Unknown message type** reads as `normal` (RFC 6121 §5.2.2) and is
//!   kept as written; an unknown presence type (RFC 6121 §4.7.1) or IQ type
//!   is refused with the stanza's head kept for a `bad-request` answer.
//! - **No mixed content**: `body`, `subject`, `thread`, `show`, `status`
//!   and `priority` with child elements are refused; unknown attributes on
//!   them are kept. `priority` accepts an optional sign and surrounding
//!   whitespace (it is an `xs:byte`); `show` surrounding whitespace.
//! - **`<thread parent='x'>x</thread>`** is refused (RFC 6121 §5.2.5).
//! - **Stanza errors read leniently**: an unknown condition or none is
//!   `undefined-condition` (RFC 6120 §8.3.2); a missing or unknown error
//!   type is the condition's recommended type; of several conditions or
//!   application-specific elements the first counts; the `code` attribute
//!   is ignored. `gone`/`redirect` addresses lose surrounding whitespace;
//!   `<text/>` is kept verbatim. An empty `by` is refused like an empty
//!   `to`.
//! - **Error replies** carry no `xml:lang` and do not echo the original
//!   payload (allowed, never required). An error is never answered with
//!   an error, nor an IQ result with anything.
//! - **Writing** is canonical: single quotes, attributes in the element's
//!   order (by namespace, then name), `xmlns` where an element's namespace
//!   differs from its parent's, attribute namespaces on generated prefixes
//!   `ns0`, `ns1`, … declared on the element that uses them. An attribute
//!   value that is itself a prefixed name would lose its prefix binding.
//! - **Token limit and RFC 6120 §13.12**: the default
//!   `max_xml_token_bytes` (8,192) applies to runs of character data, so a
//!   stanza under 10,000 bytes whose body alone exceeds 8,192 bytes is
//!   refused unless the limit is raised.
//!
//! # Multipart bodies, [`crate::multipart`]
//!
//! RFC 2046 §5.1 as RFC 5621 uses it; the choices are in the module
//! documentation.
//!
//! # PIDF (RFC 3863) and rich presence (RFC 4479, RFC 4480), [`crate::pidf`]
//!
//! | section | what | where |
//! |---|---|---|
//! | RFC 3863 §3.1, §4.1.1 | `application/pidf+xml`; `<presence>` in `urn:ietf:params:xml:ns:pidf`, `entity` a URI | [`Pidf`](crate::pidf::Pidf) |
//! | RFC 3863 §4.1.2–§4.1.4 | tuples with unique `xs:ID` ids, `<status>`, `<basic>` open/closed, status extensions kept | [`Tuple`](crate::pidf::Tuple), [`Status`](crate::pidf::Status) |
//! | RFC 3863 §4.1.5 | `<contact>` URI with `priority` 0–1, three decimals; out of range ignored | [`Contact`](crate::pidf::Contact), [`Priority`](crate::pidf::Priority) |
//! | RFC 3863 §4.1.6 | notes with `xml:lang` (inherited) | [`Note`](crate::pidf::Note) |
//! | RFC 3863 §4.1.7 | `<timestamp>`, RFC 3339 with upper-case `T`/`Z` | [`Timestamp`](crate::pidf::Timestamp) |
//! | RFC 3863 §4.2 | unknown elements kept with their namespaces; `mustUnderstand` reported | [`Pidf::must_understand`](crate::pidf::Pidf::must_understand) |
//! | RFC 4479 §3.1 | `<dm:person>` with notes and timestamp | [`Person`](crate::pidf::Person) |
//! | RFC 4480 §3.2, §3.15 | `<rpid:activities>` and `<rpid:user-input>`; other RPID elements kept | [`Activities`](crate::pidf::Activities), [`UserInput`](crate::pidf::UserInput) |
//!
//! Reading is tolerant outside the RFC 3863 core: a standard element
//! whose content does not fit its type, and an RPID element that does
//! not fit the typed subset, is kept like an unknown element rather than
//! refused. The other choices (comments skipped, optional XML
//! declaration, free order of children, inherited languages written on
//! each note) are in the module documentation.
//!
//! # Single instant messages (RFC 7572), [`crate::im`]
//!
//! | section | what | where |
//! |---|---|---|
//! | RFC 7572 §4, Table 1 | `<message/>` → MESSAGE: bare JID in From with the resource as `gr`, To and Request-URI from `to`, `<subject/>`, `<thread/>` → Call-ID, `xml:lang` → Content-Language; 1300-byte rule on the whole request | [`message_to_sip`](crate::im::map::message_to_sip) (a [`Message`](crate::xmpp::Message)), [`message_view_to_sip`](crate::im::map::message_view_to_sip) (a [`MessageView`](crate::xmpp::MessageView) read from bytes without a tree) |
//! | RFC 7572 §5, Table 2 | MESSAGE → `<message/>`: `from` with the GRUU as resource, `to` from the Request-URI, Call-ID → `<thread/>`, Via branch → `id`, no `type` | [`message_to_xmpp`](crate::im::map::message_to_xmpp) (a [`Message`](crate::xmpp::Message)), [`map_message_to_xmpp`](crate::im::map::map_message_to_xmpp) (bytes without a tree) |
//! | RFC 7572 §7 | `text/plain` (charsets transcoded), `text/html` → XHTML-IM (XEP-0071 whitelist), `message/cpim` unwrapped, `multipart/alternative`; others 415 with Accept | [`crate::im::xhtml`], [`ImConfig`](crate::im::ImConfig) |
//! | RFC 3428 §4, §7, §8 | the MESSAGE transaction, Timer F, one transaction per destination URI, 200 at once for an inbound MESSAGE | [`ImGateway`](crate::im::ImGateway) |
//!
//! Choices where the RFCs leave room are switches of
//! [`ImConfig`](crate::im::ImConfig), each documented on its field
//! (200 or 202, thread as Call-ID, CRLF bodies, charset parameter,
//! `chat` messages, stripping characters XML cannot carry, expired
//! MESSAGEs). A MESSAGE retransmitted over UDP is translated again: the
//! crate keeps no SIP server transaction (the embedder's SIP stack
//! absorbs retransmissions).
//!
//! # Presence (RFC 8048, RFC 6665, RFC 3856), [`crate::presence`]
//!
//! | section | what | where |
//! |---|---|---|
//! | RFC 8048 §6.2, Table P1 | presence → PIDF: `ID-` tuple ids, basic open/closed, `<show xmlns='jabber:client'>`, priority 0–127 → 0–1, statuses → notes | [`presence_to_pidf`](crate::presence::map::presence_to_pidf) |
//! | RFC 8048 §6.3, Table P2 | NOTIFY/PIDF → presence: one stanza per usable tuple, resource from the tuple id or `gr` | [`notify_to_presence`](crate::presence::map::notify_to_presence) |
//! | RFC 8048 §5.2 | XMPP user → SIP contact: SUBSCRIBE on `subscribe`, neutral until `active`, `subscribed` then presence, refresh at 80 % after a probe of the user, 403/489/603 end the authorization, 423 and 481 do not, `unsubscribe` → Expires 0 then `unsubscribed` | [`PresenceGateway`](crate::presence::PresenceGateway) (watches) |
//! | RFC 8048 §5.3 | SIP user → XMPP contact: 200 and a `pending` NOTIFY at once, XMPP `subscribe`, `active` on `subscribed`, `terminated;reason=rejected` on `unsubscribed`, Expires 0 → `closed` and `unavailable` | [`PresenceGateway`](crate::presence::PresenceGateway) (notifier dialogs) |
//! | RFC 8048 §7 | polling both ways | [`PresenceGateway`](crate::presence::PresenceGateway) |
//! | RFC 6665 | dialogs (tags, CSeq order, route set, remote target), Timer N, Timer F on NOTIFY, 202 read as 200, 489/406/423/481 | [`Dialog`](crate::sip::Dialog), [`GatewayFault`](crate::presence::GatewayFault) |
//! | RFC 3856 §6.10 | at most one NOTIFY per 5 s per presentity and dialog; changes in between are coalesced | [`PresenceConfig::min_notify_interval`](crate::presence::PresenceConfig::min_notify_interval) |
//!
//! Choices: a notification is only ever sent inside a notifier dialog the
//! gateway holds (PRES-D-13); the gateway learns an XMPP user's resource
//! only from a full-JID `subscribe` or `probe` (for the `gr` of its
//! Contact); it does not track the user's presence session, so a watch
//! is refreshed while authorized (the probe it sends before each refresh
//! lets the user's server see it); of RFC 7248 only the `unsubscribed`
//! timing is offered as a switch. The mapping switches are
//! [`PresenceMapConfig`](crate::presence::PresenceMapConfig)'s.
