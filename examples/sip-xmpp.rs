//! `sip-xmpp`: drive the crate from the command line.
//!
//! ```text
//! cargo run --example sip-xmpp -- parse sip [--datagram] < message.sip
//! cargo run --example sip-xmpp -- parse sdp < offer.sdp
//! cargo run --example sip-xmpp -- parse xmpp [--ns client|server|component] [--lang TAG] < stanza.xml
//! cargo run --example sip-xmpp -- address 'sip:o%27malley@example.com;gr=desk'
//! cargo run --example sip-xmpp -- address 'juliet@example.com/balcony' --scheme sip
//! cargo run --example sip-xmpp -- translate < examples/messages/rfc7572-example4.sip
//! cargo run --example sip-xmpp -- translate < examples/messages/rfc8048-example11.sip
//! ```
//!
//! Exit codes: 0 done, 1 bad input (the reason on stderr), 2 usage error.
//! The commands, their output and these codes are stable.

use std::fmt::Write as _;
use std::io::{Read, Write};
use std::process::ExitCode;

use sip_xmpp::Sdp;
use sip_xmpp::address::{AddressError, AddressMapper, Domains, Role, UriScheme};
use sip_xmpp::errors::{Addressee, ErrorMap, ErrorMapOptions, XmppErrorContext};
use sip_xmpp::im::{ImConfig, ImGateway, Output};
use sip_xmpp::jid::Jid;
use sip_xmpp::presence::{PresenceConfig, PresenceGateway};
use sip_xmpp::sip::{Framing, Method, NameAddr, SipMessage, StartLine, StatusCode};
use sip_xmpp::uri::Uri;
use sip_xmpp::xmpp::{DefinedCondition, Stanza, StanzaConfig, StanzaError, StanzaNamespace};

/// Most bytes read from stdin; the parsers' own limits are far lower.
const MAX_INPUT: u64 = 16 * 1024 * 1024;

const USAGE: &str = "usage:
  sip-xmpp parse sip [--datagram]   read one SIP message from stdin, print it in
                                    canonical form and a summary of its typed fields
  sip-xmpp parse sdp                read one SDP body from stdin, print it in
                                    canonical form and a summary
  sip-xmpp parse xmpp [--ns client|server|component] [--lang TAG]
                                    read one XMPP stanza from stdin (default
                                    namespace jabber:client, no default
                                    language), print it in canonical form and
                                    a summary of its typed fields
  sip-xmpp error <sip-code>         the XMPP condition and type for a SIP
                                    response code (RFC 7247 §7.2)
  sip-xmpp error <condition> [--bare] [--address] [--in-dialog] [--challenges]
                                    the SIP code and reason phrase for an XMPP
                                    stanza error condition (RFC 7247 §7.1); the
                                    addressee is a full JID unless --bare
  sip-xmpp address <uri-or-jid> [--sip-domain D]... [--xmpp-domain D]...
                   [--scheme sip|sips|im|pres]
                                    map a sip:/sips:/im:/pres: URI (or a
                                    <uri>;params name-addr) to a JID, or a JID
                                    to a URI (RFC 7247 §6), as the recipient of
                                    a message; print the mapped address.
                                    Without a domain option every domain is
                                    mapped; with one, the other side defaults
                                    to example.net (SIP) or example.com (XMPP)
                                    and the served-domain and loop checks apply
  sip-xmpp translate [--xmpp-domain D] [--sip-domain D] [--transport T] [--seed N]
                                    read one SIP message or one XMPP stanza
                                    from stdin (told apart by its first
                                    non-space byte) and print what the
                                    gateway sends, each output after a
                                    `--- to SIP` or `--- to XMPP` line:
                                    <presence/>, SUBSCRIBE, NOTIFY and their
                                    responses go to the presence gateway
                                    (RFC 8048), the rest to the IM gateway
                                    (RFC 7572); a fresh gateway each run, so
                                    what needs a dialog (a NOTIFY, a
                                    response) is refused as it would be;
                                    defaults: example.com, example.net, TCP, 0

exit status: 0 done, 1 bad input (reason on stderr), 2 usage error";

/// What went wrong: bad input (exit 1) or bad usage (exit 2).
enum Failure {
    Input(String),
    Usage(String),
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let result = match args.as_slice() {
        ["parse", "sip", rest @ ..] => parse_sip(rest),
        ["parse", "sdp"] => parse_sdp(),
        ["parse", "xmpp", rest @ ..] => parse_xmpp(rest),
        ["error", rest @ ..] => error(rest),
        ["address", rest @ ..] => address(rest),
        ["translate", rest @ ..] => translate(rest),
        ["help" | "--help" | "-h"] => {
            println!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        _ => Err(Failure::Usage("unknown command".into())),
    };
    match result {
        Ok(out) => {
            let mut stdout = std::io::stdout().lock();
            if stdout
                .write_all(&out)
                .and_then(|()| stdout.flush())
                .is_err()
            {
                return ExitCode::from(1);
            }
            ExitCode::SUCCESS
        }
        Err(Failure::Input(msg)) => {
            eprintln!("error: {msg}");
            ExitCode::from(1)
        }
        Err(Failure::Usage(msg)) => {
            eprintln!("error: {msg}\n{USAGE}");
            ExitCode::from(2)
        }
    }
}

fn read_stdin() -> Result<Vec<u8>, Failure> {
    let mut buf = Vec::new();
    std::io::stdin()
        .take(MAX_INPUT + 1)
        .read_to_end(&mut buf)
        .map_err(|e| Failure::Input(format!("reading stdin: {e}")))?;
    if buf.len() as u64 > MAX_INPUT {
        return Err(Failure::Input(format!(
            "input larger than {MAX_INPUT} bytes"
        )));
    }
    Ok(buf)
}

fn parse_sip(flags: &[&str]) -> Result<Vec<u8>, Failure> {
    let framing = match flags {
        [] => Framing::Stream,
        ["--datagram"] => Framing::Datagram,
        _ => {
            return Err(Failure::Usage(format!(
                "unknown option {}",
                flags.join(" ")
            )));
        }
    };
    let input = read_stdin()?;
    let msg = SipMessage::parse(&input, framing)
        .map_err(|e| Failure::Input(format!("{e} (answer {})", e.status_code())))?;
    msg.validate()
        .map_err(|e| Failure::Input(format!("{e} (answer {})", e.status_code())))?;
    let mut out = msg.to_bytes();
    out.extend_from_slice(summary(&msg).as_bytes());
    Ok(out)
}

/// The typed fields, one per line, after a `--- summary` marker.
fn summary(m: &SipMessage) -> String {
    let mut s = String::from("\n--- summary\n");
    match m.start_line() {
        StartLine::Request { method, uri } => {
            let _ = writeln!(s, "request: {method} {uri}");
        }
        StartLine::Response { code, reason } => {
            let _ = writeln!(s, "response: {code} {reason}");
        }
    }
    // validate() has succeeded, so the mandatory headers parse.
    if let Ok(f) = m.from_header() {
        let _ = writeln!(s, "from: {} tag={}", f.uri, f.tag().unwrap_or("-"));
    }
    if let Ok(t) = m.to_header() {
        let _ = writeln!(s, "to: {} tag={}", t.uri, t.tag().unwrap_or("-"));
    }
    if let Ok(c) = m.call_id() {
        let _ = writeln!(s, "call-id: {c}");
    }
    if let Ok(c) = m.cseq() {
        let _ = writeln!(s, "cseq: {c}");
    }
    for v in m.vias().flatten() {
        let _ = writeln!(
            s,
            "via: {} {}{} branch={}",
            v.transport,
            v.host,
            v.port.map(|p| format!(":{p}")).unwrap_or_default(),
            v.branch().unwrap_or("-")
        );
    }
    if let Ok(Some(n)) = m.max_forwards() {
        let _ = writeln!(s, "max-forwards: {n}");
    }
    for c in m.contacts().flatten() {
        let _ = writeln!(s, "contact: {c}");
    }
    if let Ok(Some(e)) = m.expires() {
        let _ = writeln!(s, "expires: {e}");
    }
    if let Ok(Some(e)) = m.event() {
        let _ = writeln!(s, "event: {e}");
    }
    if let Ok(Some(st)) = m.subscription_state() {
        let _ = writeln!(s, "subscription-state: {st}");
    }
    if let Ok(Some(ct)) = m.content_type() {
        let _ = writeln!(s, "content-type: {ct}");
    }
    let _ = writeln!(s, "headers: {}", m.header_count());
    let _ = writeln!(s, "body: {} bytes", m.body().len());
    s
}

/// `error <sip-code>` or `error <condition> [flags]`.
fn error(args: &[&str]) -> Result<Vec<u8>, Failure> {
    let Some((&what, flags)) = args.split_first() else {
        return Err(Failure::Usage(
            "error needs a SIP code or an XMPP condition".into(),
        ));
    };
    let mut ctx = XmppErrorContext::FULL;
    let mut options = ErrorMapOptions::default();
    for &f in flags {
        match f {
            "--bare" => ctx.addressee = Addressee::BareJid,
            "--address" => ctx.has_address = true,
            "--in-dialog" => ctx.in_dialog = true,
            "--challenges" => options.challenges = true,
            _ => return Err(Failure::Usage(format!("unknown option {f}"))),
        }
    }
    let map = ErrorMap::with_options(options);
    if what.bytes().all(|b| b.is_ascii_digit()) {
        if !flags.is_empty() {
            return Err(Failure::Usage(
                "options apply to a condition, not to a SIP code".into(),
            ));
        }
        let code = what
            .parse::<u16>()
            .ok()
            .and_then(StatusCode::new)
            .ok_or_else(|| Failure::Input(format!("{what} is not a SIP status code (100-699)")))?;
        let e = map.to_xmpp(code).ok_or_else(|| {
            Failure::Input(format!(
                "{code} {} is not an error response: only 3xx-6xx map to XMPP errors (RFC 7247 §7)",
                code.canonical_reason()
            ))
        })?;
        let mut out = format!("{} {}\n", e.condition, e.error_type);
        if e.with_address {
            out.push_str("carries the address from the response's Contact\n");
        }
        return Ok(out.into_bytes());
    }
    let condition: DefinedCondition = what.parse().map_err(|_| {
        Failure::Input(format!(
            "{what} is neither a SIP status code nor an XMPP stanza error condition"
        ))
    })?;
    let code = map.to_sip(condition, &ctx);
    Ok(format!("{} {}\n", code, code.canonical_reason()).into_bytes())
}

fn parse_sdp() -> Result<Vec<u8>, Failure> {
    let input = read_stdin()?;
    let sdp = Sdp::parse_default(&input).map_err(|e| Failure::Input(e.to_string()))?;
    let mut out = sdp.to_bytes();
    let mut s = String::from("\n--- summary\n");
    let o = &sdp.origin;
    let _ = writeln!(
        s,
        "origin: {} {} {} {} {} {}",
        o.username, o.session_id, o.session_version, o.nettype, o.addrtype, o.address
    );
    let _ = writeln!(s, "session: {}", sdp.session_name);
    if let Some(c) = &sdp.connection {
        let _ = writeln!(s, "connection: {} {} {}", c.nettype, c.addrtype, c.address);
    }
    for m in &sdp.media {
        let _ = writeln!(
            s,
            "media: {} {} {} {}",
            m.media,
            m.port,
            m.proto,
            m.formats.join(" ")
        );
        let _ = writeln!(s, "  direction: {}", sdp.effective_direction(m));
        for r in m.rtpmaps().flatten() {
            let _ = writeln!(
                s,
                "  rtpmap: {} {}/{}{}",
                r.payload_type,
                r.encoding,
                r.clock_rate,
                r.channels.map(|c| format!("/{c}")).unwrap_or_default()
            );
        }
        if let Some(Ok(p)) = m.path() {
            let _ = writeln!(s, "  path: {}", p.0.join(" "));
        }
        if let Some(Ok(a)) = m.accept_types() {
            let _ = writeln!(s, "  accept-types: {}", a.0.join(" "));
        }
    }
    match sdp.validate() {
        Ok(()) => s.push_str("valid: yes\n"),
        Err(e) => {
            let _ = writeln!(s, "valid: no ({e})");
        }
    }
    out.extend_from_slice(s.as_bytes());
    Ok(out)
}

fn parse_xmpp(flags: &[&str]) -> Result<Vec<u8>, Failure> {
    let mut cfg = StanzaConfig::default();
    let mut rest = flags;
    loop {
        match rest {
            [] => break,
            ["--ns", ns, tail @ ..] => {
                cfg.default_namespace = match *ns {
                    "client" => StanzaNamespace::Client,
                    "server" => StanzaNamespace::Server,
                    "component" => StanzaNamespace::Component,
                    other => return Err(Failure::Usage(format!("unknown namespace {other}"))),
                };
                rest = tail;
            }
            ["--lang", lang, tail @ ..] => {
                cfg.default_lang = Some((*lang).to_owned());
                rest = tail;
            }
            _ => {
                return Err(Failure::Usage(format!("unknown option {}", rest.join(" "))));
            }
        }
    }
    let input = read_stdin()?;
    let stanza = Stanza::parse(&input, &cfg).map_err(|e| {
        Failure::Input(match e.reply_condition() {
            Some(c) => format!("{e} (answer {c})"),
            None => e.to_string(),
        })
    })?;
    let mut out = stanza.to_bytes();
    out.extend_from_slice(xmpp_summary(&stanza).as_bytes());
    Ok(out)
}

/// The typed fields, one per line, after a `--- summary` marker; text
/// values quoted so that each stays on one line.
fn xmpp_summary(stanza: &Stanza) -> String {
    let mut s = String::from("\n--- summary\n");
    let lang_of = |l: Option<&str>| l.unwrap_or("-").to_owned();
    let _ = writeln!(s, "kind: {}", stanza.kind().as_str());
    let _ = writeln!(s, "namespace: {}", stanza.namespace().as_str());
    match stanza {
        Stanza::Message(m) => {
            let _ = writeln!(s, "type: {}", m.message_type().as_str());
        }
        Stanza::Presence(p) => {
            let t = p.presence_type().as_attr().unwrap_or("available");
            let _ = writeln!(s, "type: {t}");
        }
        Stanza::Iq(i) => {
            let _ = writeln!(s, "type: {}", i.iq_type().as_str());
        }
    }
    let _ = writeln!(s, "to: {}", stanza.to().unwrap_or("-"));
    let _ = writeln!(s, "from: {}", stanza.from().unwrap_or("-"));
    let _ = writeln!(s, "id: {}", stanza.id().unwrap_or("-"));
    let _ = writeln!(s, "lang: {}", lang_of(stanza.lang()));
    let payloads = match stanza {
        Stanza::Message(m) => {
            for (lang, text) in m.subjects() {
                let _ = writeln!(s, "subject: [{}] {text:?}", lang_of(lang));
            }
            for (lang, text) in m.bodies() {
                let _ = writeln!(s, "body: [{}] {text:?}", lang_of(lang));
            }
            if let Some(t) = m.thread() {
                let _ = writeln!(s, "thread: {:?} parent={:?}", t.id, t.parent);
            }
            m.payloads()
                .map(|e| (e.name().to_owned(), e.ns()))
                .collect::<Vec<_>>()
        }
        Stanza::Presence(p) => {
            if let Some(show) = p.show() {
                let _ = writeln!(s, "show: {}", show.as_str());
            }
            for (lang, text) in p.statuses() {
                let _ = writeln!(s, "status: [{}] {text:?}", lang_of(lang));
            }
            let _ = writeln!(s, "priority: {}", p.priority());
            p.payloads()
                .map(|e| (e.name().to_owned(), e.ns()))
                .collect()
        }
        Stanza::Iq(i) => i
            .payload()
            .map(|e| (e.name().to_owned(), e.ns()))
            .into_iter()
            .collect(),
    };
    for (name, ns) in payloads {
        let _ = writeln!(s, "payload: {{{ns}}}{name}");
    }
    if let Some(e) = stanza.error() {
        summarise_error(&mut s, e);
    }
    s
}

fn summarise_error(s: &mut String, e: &StanzaError) {
    let _ = writeln!(s, "error: {} type={}", e.condition, e.error_type);
    if let Some(t) = &e.condition_text {
        let _ = writeln!(s, "error-address: {t:?}");
    }
    for (lang, text) in &e.texts {
        let _ = writeln!(
            s,
            "error-text: [{}] {text:?}",
            lang.as_deref().unwrap_or("-")
        );
    }
    if let Some(by) = &e.by {
        let _ = writeln!(s, "error-by: {by}");
    }
    if let Some(app) = &e.app_specific {
        let _ = writeln!(s, "error-app: {{{}}}{}", app.ns(), app.name());
    }
}

/// The RFC 7247 examples' domains, used for the side a domain option does
/// not name.
const DEFAULT_SIP_DOMAIN: &str = "example.net";
const DEFAULT_XMPP_DOMAIN: &str = "example.com";

/// Whether the argument is a URI (`scheme:...`) or a name-addr (`<...>`,
/// `"name" <...>`), rather than a JID.
fn looks_like_uri(s: &str) -> bool {
    if s.starts_with('<') || s.starts_with('"') {
        return true;
    }
    let Some((scheme, _)) = s.split_once(':') else {
        return false;
    };
    let mut b = scheme.bytes();
    b.next().is_some_and(|c| c.is_ascii_alphabetic())
        && b.all(|c| c.is_ascii_alphanumeric() || matches!(c, b'+' | b'-' | b'.'))
}

fn address(args: &[&str]) -> Result<Vec<u8>, Failure> {
    let mut input = None;
    let (mut sip, mut xmpp) = (Vec::new(), Vec::new());
    let mut scheme = None;
    let mut it = args.iter();
    while let Some(&a) = it.next() {
        let mut value = |name: &str| {
            it.next()
                .copied()
                .ok_or_else(|| Failure::Usage(format!("{name} needs a value")))
        };
        match a {
            "--sip-domain" => sip.push(value(a)?),
            "--xmpp-domain" => xmpp.push(value(a)?),
            "--scheme" => {
                scheme = Some(match value(a)? {
                    "sip" => UriScheme::Sip,
                    "sips" => UriScheme::Sips,
                    "im" => UriScheme::Im,
                    "pres" => UriScheme::Pres,
                    other => return Err(Failure::Usage(format!("unknown scheme {other}"))),
                });
            }
            opt if opt.starts_with("--") => {
                return Err(Failure::Usage(format!("unknown option {opt}")));
            }
            addr if input.is_none() => input = Some(addr),
            extra => return Err(Failure::Usage(format!("unexpected argument {extra}"))),
        }
    }
    let input = input.ok_or_else(|| Failure::Usage("address needs a URI or a JID".into()))?;
    let domains = |given: &[&str], default: &str| {
        let list = if given.is_empty() {
            &[default][..]
        } else {
            given
        };
        Domains::only(list).map_err(|e| Failure::Usage(format!("bad domain option: {e}")))
    };
    let mapper = if sip.is_empty() && xmpp.is_empty() {
        AddressMapper::default()
    } else {
        AddressMapper::new(
            domains(&sip, DEFAULT_SIP_DOMAIN)?,
            domains(&xmpp, DEFAULT_XMPP_DOMAIN)?,
        )
    };
    let mapped = if looks_like_uri(input) {
        if scheme.is_some() {
            return Err(Failure::Usage("--scheme applies to a JID".into()));
        }
        let refused = |e: AddressError| {
            let code = e.sip_status();
            Failure::Input(format!(
                "{e} (SIP answer {} {})",
                code.as_u16(),
                code.canonical_reason()
            ))
        };
        let jid = if input.starts_with('<') || input.starts_with('"') {
            let addr = NameAddr::parse(input)
                .map_err(|e| Failure::Input(format!("invalid name-addr: {e}")))?;
            mapper.name_addr_to_jid(&addr, Role::Recipient)
        } else {
            Uri::parse(input)
                .map_err(AddressError::from)
                .and_then(|u| mapper.uri_to_jid(&u, Role::Recipient))
        };
        jid.map_err(refused)?.to_string()
    } else {
        let refused = |e: AddressError| {
            Failure::Input(format!(
                "{e} (XMPP condition {})",
                e.xmpp_condition().as_str()
            ))
        };
        let jid = Jid::parse(input).map_err(|e| refused(e.into()))?;
        mapper
            .jid_to_uri_as(&jid, Role::Recipient, scheme.unwrap_or_default())
            .map_err(refused)?
            .to_string()
    };
    Ok(format!("{mapped}\n").into_bytes())
}

/// `translate`: one message through the gateway it belongs to, outputs
/// in wire form. Presence (`<presence/>`; SUBSCRIBE, NOTIFY and their
/// responses) goes to the RFC 8048 presence gateway, everything else to
/// the RFC 7572 IM gateway.
fn translate(args: &[&str]) -> Result<Vec<u8>, Failure> {
    let (mut xmpp_domain, mut sip_domain) = ("example.com".to_owned(), "example.net".to_owned());
    let mut transport = "TCP".to_owned();
    let mut seed = 0u64;
    let mut rest = args;
    loop {
        match rest {
            [] => break,
            ["--xmpp-domain", d, tail @ ..] => (xmpp_domain, rest) = ((*d).to_owned(), tail),
            ["--sip-domain", d, tail @ ..] => (sip_domain, rest) = ((*d).to_owned(), tail),
            ["--transport", t, tail @ ..] => (transport, rest) = ((*t).to_ascii_uppercase(), tail),
            ["--seed", n, tail @ ..] => {
                seed = n
                    .parse()
                    .map_err(|_| Failure::Usage(format!("--seed takes a number, not {n}")))?;
                rest = tail;
            }
            _ => return Err(Failure::Usage(format!("unknown option {}", rest.join(" ")))),
        }
    }
    let domains =
        |d: &str| Domains::only([d]).map_err(|e| Failure::Usage(format!("domain {d}: {e}")));
    let mapper = AddressMapper::new(domains(&sip_domain)?, domains(&xmpp_domain)?);
    let mut seed_bytes = [0u8; 32];
    seed_bytes[..8].copy_from_slice(&seed.to_le_bytes());
    let now = std::time::Instant::now();
    let x2s_host = format!("x2s.{xmpp_domain}");
    let im_gateway = || {
        let mut cfg = ImConfig::new(&x2s_host, &transport);
        cfg.mapper = mapper.clone();
        cfg.xmpp_domain = Some(xmpp_domain.clone());
        ImGateway::new(cfg, seed_bytes, now)
    };
    // The presence gateway names itself as RFC 8048's figures do: the
    // X2S gateway (x2s.<xmpp-domain>) on the requests it sends for an
    // XMPP user, the S2X gateway (s2x.<sip-domain>) in the dialogs it
    // accepts from SIP watchers.
    let presence_gateway = |via_host: &str| {
        let mut cfg = PresenceConfig::new(via_host, &transport, &x2s_host);
        cfg.contact_host = format!("s2x.{sip_domain}");
        cfg.map.mapper = mapper.clone();
        PresenceGateway::new(cfg, seed_bytes)
    };

    let input = read_stdin()?;
    let first = input.iter().find(|b| !b.is_ascii_whitespace()).copied();
    let (result, outputs) = match first {
        None => return Err(Failure::Input("empty input".into())),
        Some(b'<') => {
            let stanza = Stanza::parse(&input, &StanzaConfig::default())
                .map_err(|e| Failure::Input(format!("not an XMPP stanza: {e}")))?;
            if matches!(stanza, Stanza::Presence(_)) {
                let mut gw = presence_gateway(&x2s_host);
                let r = gw.handle_xmpp(now, stanza).map_err(|f| f.to_string());
                (r, drain(|| gw.poll_output()))
            } else {
                let mut gw = im_gateway();
                let r = gw.handle_xmpp(now, stanza).map_err(|r| r.fault.to_string());
                (r, drain(|| gw.poll_output()))
            }
        }
        Some(_) => {
            let trimmed = &input[input
                .iter()
                .position(|b| !b.is_ascii_whitespace())
                .unwrap_or(0)..];
            let msg = SipMessage::parse(trimmed, Framing::Stream)
                .or_else(|_| SipMessage::parse(trimmed, Framing::Datagram))
                .map_err(|e| {
                    Failure::Input(format!(
                        "not a SIP message: {e} (answer {})",
                        e.status_code()
                    ))
                })?;
            if is_presence(&msg) {
                let mut gw = presence_gateway(&format!("s2x.{sip_domain}"));
                let r = gw.handle_sip(now, msg).map_err(|f| f.to_string());
                (r, drain(|| gw.poll_output()))
            } else {
                let mut gw = im_gateway();
                let r = gw.handle_sip(now, msg).map_err(|r| r.fault.to_string());
                (r, drain(|| gw.poll_output()))
            }
        }
    };
    let mut out = Vec::new();
    for o in outputs {
        match o {
            Output::Sip(m) => {
                out.extend_from_slice(b"--- to SIP\n");
                m.write_to(&mut out);
                if !out.ends_with(b"\n") {
                    out.push(b'\n');
                }
            }
            Output::Xmpp(s) => {
                out.extend_from_slice(b"--- to XMPP\n");
                s.write_to(&mut out);
                out.push(b'\n');
            }
        }
    }
    match result {
        Ok(()) => {
            if out.is_empty() {
                out.extend_from_slice(b"--- nothing to send\n");
            }
            Ok(out)
        }
        Err(fault) => {
            // The error reply the gateway sends goes to stdout first.
            let _ = std::io::stdout().write_all(&out);
            Err(Failure::Input(format!("not translated: {fault}")))
        }
    }
}

/// Whether a SIP message is for the presence gateway: SUBSCRIBE, NOTIFY,
/// or a response to one (by its CSeq method).
fn is_presence(msg: &SipMessage) -> bool {
    let method = match msg.method() {
        Some(m) => Some(m.clone()),
        None => msg.cseq().ok().map(|c| c.method),
    };
    matches!(method, Some(Method::Subscribe | Method::Notify))
}

/// Everything a gateway has queued, in order.
fn drain(next: impl FnMut() -> Option<Output>) -> Vec<Output> {
    std::iter::from_fn(next).collect()
}
