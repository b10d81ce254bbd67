//! `gateway`: a small SIP <-> XMPP gateway for single instant messages
//! (RFC 7572) and presence (RFC 8048), to show how a server embeds the
//! Sans-IO [`ImGateway`] and [`PresenceGateway`].
//!
//! ```text
//! cargo run --example gateway -- [--xmpp-server 127.0.0.1:5347]
//!     [--component sip.localhost] [--secret stox-secret]
//!     [--sip-listen 127.0.0.1:5060] [--sip-proxy 127.0.0.1:5070|none]
//!     [--xmpp-domain localhost] [--sip-domain sip.localhost]
//! ```
//!
//! XMPP side: an external component (XEP-0114) of the XMPP server, serving
//! the SIP domain. SIP side: UDP and TCP on `--sip-listen`; requests go to
//! `--sip-proxy` over UDP (with `none`, to the Request-URI's host and
//! port); a response goes back the way its request came. Each
//! translation is one line on stderr.
//!
//! Threads read the sockets (the component stream, UDP, each TCP
//! connection) and hand what they read to the main thread over a channel.
//! The main thread owns both gateways: it feeds each input, with the time,
//! to the one it belongs to (`<message/>`, MESSAGE and its responses to
//! `im`; `<presence/>`, SUBSCRIBE, NOTIFY and their responses to
//! `presence`), writes out what that gateway returns, and calls
//! `handle_timeout` on each when its `poll_timeout` says. Every request the
//! gateways send, in-dialog SUBSCRIBE and NOTIFY included, goes to the
//! next hop, which routes it by its Request-URI.
//!
//! Not a product: no TLS, no DNS SRV, no reconnection.

mod stream;

use std::collections::HashMap;
use std::fmt::Write as _;
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream, ToSocketAddrs, UdpSocket};
use std::process::ExitCode;
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::sync::{Arc, Mutex, PoisonError};
use std::thread;
use std::time::{Duration, Instant};

use sip_xmpp::address::{AddressMapper, Domains};
use sip_xmpp::im::{ImConfig, ImGateway, Output};
use sip_xmpp::presence::{PresenceConfig, PresenceGateway, RpidProfile};
use sip_xmpp::sip::{Framing, Method, SipMessage, Status, parse_stream};
use sip_xmpp::uri::Uri;
use sip_xmpp::xmpp::{
    DefinedCondition, Iq, IqType, Message, MessageType, Presence, Stanza, StanzaConfig,
    StanzaError, StanzaNamespace,
};
use sip_xmpp::{ParseConfig, ParseLimits};

use stream::{Item, Splitter};

type BoxError = Box<dyn std::error::Error + Send + Sync>;

const USAGE: &str = "usage: gateway [options]
  --xmpp-server ADDR   XMPP server's component port (default 127.0.0.1:5347)
  --component DOMAIN   the component's domain, the SIP side's XMPP name
                       (default sip.localhost)
  --secret SECRET      the component's shared secret (default stox-secret)
  --sip-listen ADDR    SIP on UDP and TCP (default 127.0.0.1:5060)
  --sip-proxy ADDR     next hop for SIP requests, or `none` to send to the
                       Request-URI's host and port (default 127.0.0.1:5070)
  --xmpp-domain D      the XMPP domain served (default localhost)
  --sip-domain D       the SIP domain served (default sip.localhost)";

/// Most SIP connections at once.
const MAX_TCP_CONNECTIONS: usize = 64;

/// The command line.
struct Options {
    xmpp_server: String,
    component: String,
    secret: String,
    sip_listen: SocketAddr,
    sip_proxy: Option<String>,
    xmpp_domain: String,
    sip_domain: String,
}

impl Options {
    fn parse(args: &[String]) -> Result<Options, String> {
        let mut o = Options {
            xmpp_server: "127.0.0.1:5347".into(),
            component: "sip.localhost".into(),
            secret: "stox-secret".into(),
            sip_listen: SocketAddr::from(([127, 0, 0, 1], 5060)),
            sip_proxy: Some("127.0.0.1:5070".into()),
            xmpp_domain: "localhost".into(),
            sip_domain: "sip.localhost".into(),
        };
        let mut args = args.iter();
        while let Some(flag) = args.next() {
            let mut value = || args.next().cloned().ok_or(format!("{flag} needs a value"));
            match flag.as_str() {
                "--xmpp-server" => o.xmpp_server = value()?,
                "--component" => o.component = value()?,
                "--secret" => o.secret = value()?,
                "--sip-listen" => {
                    let v = value()?;
                    o.sip_listen = v.parse().map_err(|_| format!("--sip-listen {v}"))?;
                }
                "--sip-proxy" => o.sip_proxy = Some(value()?).filter(|p| p != "none"),
                "--xmpp-domain" => o.xmpp_domain = value()?,
                "--sip-domain" => o.sip_domain = value()?,
                _ => return Err(format!("unknown option {flag}")),
            }
        }
        Ok(o)
    }
}

/// Where a SIP message came from, so that its answer goes back that way.
#[derive(Debug, Clone, Copy)]
enum Peer {
    Udp(SocketAddr),
    Tcp(u64),
}

/// What the reading threads hand to the main thread.
enum Event {
    /// A top-level element of the component stream.
    Element(Vec<u8>),
    /// The component stream ended, and why.
    XmppClosed(String),
    /// A SIP message and where it came from.
    Sip(Box<SipMessage>, Peer),
}

/// The write halves of the open SIP connections, by number.
type TcpConns = Arc<Mutex<HashMap<u64, TcpStream>>>;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if matches!(args.first().map(String::as_str), Some("-h" | "--help")) {
        println!("{USAGE}");
        return ExitCode::SUCCESS;
    }
    let opts = match Options::parse(&args) {
        Ok(o) => o,
        Err(e) => {
            eprintln!("error: {e}\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    match run(&opts) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("gateway: {e}");
            ExitCode::from(1)
        }
    }
}

fn run(opts: &Options) -> Result<(), BoxError> {
    let (tx, rx) = mpsc::channel();
    let (xmpp, lang) = connect_component(opts, tx.clone())?;

    let bind_err = |e| format!("SIP on {}: {e}", opts.sip_listen);
    let udp = UdpSocket::bind(opts.sip_listen).map_err(bind_err)?;
    let listener = TcpListener::bind(opts.sip_listen).map_err(bind_err)?;
    let conns = TcpConns::default();
    {
        let (udp, tx) = (udp.try_clone()?, tx.clone());
        thread::spawn(move || read_udp(&udp, &tx));
    }
    {
        let conns = Arc::clone(&conns);
        thread::spawn(move || accept_tcp(&listener, &conns, &tx));
    }
    let next_hop = match &opts.sip_proxy {
        Some(p) => Some(resolve(p, 5060)?),
        None => None,
    };

    let domain = |d: &str| Domains::only([d]).map_err(|e| format!("domain {d}: {e}"));
    let mapper = AddressMapper::new(domain(&opts.sip_domain)?, domain(&opts.xmpp_domain)?);
    let host = opts.sip_listen.ip().to_string();
    let mut cfg = ImConfig::new(&host, "UDP");
    cfg.sip.port = Some(opts.sip_listen.port());
    cfg.mapper = mapper.clone();
    cfg.xmpp_domain = Some(opts.component.clone());
    cfg.namespace = StanzaNamespace::Component;
    // Presence: the same identity and addresses. The Contact of the
    // dialogs it accepts is sip:<user>@<host>:<port>, which must reach it. SIP
    // phones read RPID activities rather than <show/>: write and read them.
    let mut pcfg = PresenceConfig::new(&host, "UDP", &opts.component);
    pcfg.sip.port = Some(opts.sip_listen.port());
    pcfg.contact_port = Some(opts.sip_listen.port());
    pcfg.map.mapper = mapper;
    pcfg.map.namespace = StanzaNamespace::Component;
    pcfg.map.rpid = RpidProfile::On {
        xa_user_input_idle: false,
    };
    // Stanzas from the server inherit its stream's language; the
    // gateway's own stream names none.
    let stanza_cfg = StanzaConfig {
        default_lang: lang,
        ..StanzaConfig::new(StanzaNamespace::Component)
    };
    let mut gw = Gateway {
        im: ImGateway::new(cfg, seed(), Instant::now()),
        presence: PresenceGateway::new(pcfg, seed()),
        stanza_cfg,
        xmpp,
        udp,
        conns,
        next_hop,
    };
    eprintln!(
        "ready: component {} at {}, SIP on udp+tcp {}, next hop {}",
        opts.component,
        opts.xmpp_server,
        opts.sip_listen,
        opts.sip_proxy.as_deref().unwrap_or("the Request-URI")
    );
    gw.run(&rx)
}

/// The gateway's state and its sockets; owned by the main thread.
struct Gateway {
    im: ImGateway,
    presence: PresenceGateway,
    stanza_cfg: StanzaConfig,
    xmpp: TcpStream,
    udp: UdpSocket,
    conns: TcpConns,
    next_hop: Option<SocketAddr>,
}

impl Gateway {
    /// Feeds each event to the gateways and fires their timers when due.
    fn run(&mut self, rx: &Receiver<Event>) -> Result<(), BoxError> {
        loop {
            let next = match (self.im.poll_timeout(), self.presence.poll_timeout()) {
                (Some(a), Some(b)) => Some(a.min(b)),
                (a, b) => a.or(b),
            };
            let wait = next.map_or(Duration::from_secs(3600), |t| {
                t.saturating_duration_since(Instant::now())
            });
            match rx.recv_timeout(wait) {
                Ok(Event::Element(bytes)) => self.on_element(Instant::now(), &bytes)?,
                Ok(Event::Sip(msg, peer)) => self.on_sip(Instant::now(), *msg, peer)?,
                Ok(Event::XmppClosed(why)) => return Err(format!("XMPP stream: {why}").into()),
                Err(RecvTimeoutError::Timeout) => {}
                Err(RecvTimeoutError::Disconnected) => return Ok(()),
            }
            // Timers: requests sent again over UDP (Timer E), transactions
            // given up (Timer F: an error to the XMPP sender), refreshes,
            // notifications held back by the rate limit, expiries.
            let now = Instant::now();
            let mut outs = Vec::new();
            if self.im.poll_timeout().is_some_and(|t| t <= now) {
                self.im.handle_timeout(now);
                outs.extend(drain(|| self.im.poll_output()));
            }
            if self.presence.poll_timeout().is_some_and(|t| t <= now) {
                self.presence.handle_timeout(now);
                outs.extend(drain(|| self.presence.poll_output()));
            }
            if !outs.is_empty() {
                let mut line = String::from("timer");
                describe(&mut line, &outs);
                eprintln!("{line}");
                self.send(outs, None)?;
            }
        }
    }

    /// A top-level element of the component stream.
    fn on_element(&mut self, now: Instant, bytes: &[u8]) -> Result<(), BoxError> {
        if bytes.starts_with(b"<stream:error") {
            let text = String::from_utf8_lossy(bytes);
            return Err(format!("stream error from the server: {text}").into());
        }
        match Stanza::parse(bytes, &self.stanza_cfg) {
            Ok(stanza) => self.on_stanza(now, stanza),
            Err(e) => {
                eprintln!("X2S unreadable stanza: {e}");
                // An invalid stanza is answered with bad-request (RFC 6120
                // §8.3.3.1), unless it is an error itself.
                let reply = e.head().filter(|h| !h.is_error()).and_then(|head| {
                    let cond = e.reply_condition()?;
                    head.error_reply(&StanzaError::new(cond)).ok()
                });
                if let Some(reply) = reply {
                    self.send_xmpp(&reply)?;
                }
                Ok(())
            }
        }
    }

    /// A stanza, by kind.
    fn on_stanza(&mut self, now: Instant, stanza: Stanza) -> Result<(), BoxError> {
        match stanza {
            Stanza::Message(m) => self.on_message(now, m),
            Stanza::Presence(p) => self.on_presence(now, p),
            Stanza::Iq(iq) => self.on_iq(&iq),
        }
    }

    /// `<message/>`: RFC 7572 X2S.
    fn on_message(&mut self, now: Instant, msg: Message) -> Result<(), BoxError> {
        let mut line = format!(
            "X2S message {} -> {}",
            msg.from().unwrap_or("?"),
            msg.to().unwrap_or("?")
        );
        if msg.message_type() == MessageType::Error {
            // An error stanza is never translated (RFC 7572 §4). One that
            // answers a message which came from SIP ends here: its MESSAGE
            // was answered with 200 when it arrived (§5).
            let cond = msg.error().map_or("?", |e| e.condition.as_str());
            eprintln!("{line} error {cond}: not translated (the MESSAGE was answered on arrival)");
            return Ok(());
        }
        let queued = self.im.queued_count();
        let result = self.im.handle_xmpp(now, msg.into());
        let outs = drain(|| self.im.poll_output());
        describe(&mut line, &outs);
        match &result {
            Err(rejection) => {
                let _ = write!(line, " (refused: {})", rejection.fault);
            }
            Ok(()) if self.im.queued_count() > queued => {
                line.push_str(" => queued behind a pending MESSAGE");
            }
            Ok(()) if outs.is_empty() => line.push_str(" => nothing to send"),
            Ok(()) => {}
        }
        eprintln!("{line}");
        self.send(outs, None)
    }

    /// `<presence/>`: RFC 8048 X2S (subscriptions, notifications,
    /// probes) and the XMPP contact's answers to SIP watchers.
    fn on_presence(&mut self, now: Instant, p: Presence) -> Result<(), BoxError> {
        let mut line = format!("X2S presence{}", presence_summary(&p));
        let result = self.presence.handle_xmpp(now, p.into());
        let outs = drain(|| self.presence.poll_output());
        describe(&mut line, &outs);
        match &result {
            Err(fault) => {
                let _ = write!(line, " (refused: {fault})");
            }
            Ok(()) if outs.is_empty() => line.push_str(" => nothing to send"),
            Ok(()) => {}
        }
        eprintln!("{line}");
        self.send(outs, None)
    }

    /// `<iq/>`: a get or set needs an answer (RFC 6120 §8.2.3); this
    /// gateway offers no IQ service.
    fn on_iq(&mut self, iq: &Iq) -> Result<(), BoxError> {
        if matches!(iq.iq_type(), IqType::Get | IqType::Set) {
            let err = StanzaError::new(DefinedCondition::ServiceUnavailable);
            if let Ok(reply) = iq.error_reply(&err) {
                self.send_xmpp(&reply)?;
            }
            eprintln!(
                "X2S iq {} from {}: answered service-unavailable",
                iq.iq_type().as_str(),
                iq.from().unwrap_or("?")
            );
        }
        Ok(())
    }

    /// A SIP message, by method (a response by the method it answers).
    fn on_sip(&mut self, now: Instant, msg: SipMessage, peer: Peer) -> Result<(), BoxError> {
        let answers = msg.cseq().map(|c| c.method);
        match (msg.method(), answers) {
            // The presence gateway takes SUBSCRIBE and NOTIFY; the IM
            // gateway answers every other request: MESSAGE, and the rest
            // with 405.
            (Some(_), _) => self.on_sip_request(now, msg, peer),
            // A response goes to the gateway that sent its request.
            (None, Ok(Method::Message | Method::Subscribe | Method::Notify)) => {
                self.on_response(now, msg)
            }
            (None, _) => {
                eprintln!("SIP  response {}: ignored", first_line(&msg));
                Ok(())
            }
        }
    }

    /// SUBSCRIBE and NOTIFY (RFC 8048), MESSAGE (RFC 7572 S2X); other
    /// methods are refused.
    fn on_sip_request(
        &mut self,
        now: Instant,
        req: SipMessage,
        peer: Peer,
    ) -> Result<(), BoxError> {
        let mut line = format!(
            "S2X {} {} -> {}",
            req.method().map_or("?", Method::as_str),
            req.from_header()
                .map_or_else(|_| "?".to_owned(), |f| f.uri.as_str().to_owned()),
            req.request_uri().map_or("?", Uri::as_str),
        );
        sip_summary(&mut line, &req);
        let (result, outs) = if matches!(req.method(), Some(Method::Subscribe | Method::Notify)) {
            let r = self
                .presence
                .handle_sip(now, req)
                .map_err(|f| f.to_string());
            (r, drain(|| self.presence.poll_output()))
        } else {
            let r = self
                .im
                .handle_sip(now, req)
                .map_err(|r| r.fault.to_string());
            (r, drain(|| self.im.poll_output()))
        };
        describe(&mut line, &outs);
        if let Err(fault) = &result {
            let _ = write!(line, " (refused: {fault})");
        }
        eprintln!("{line}");
        self.send(outs, Some(peer))
    }

    /// The final response to a request the gateway sent: MESSAGE (RFC
    /// 7572 X2S), SUBSCRIBE or NOTIFY (RFC 8048).
    fn on_response(&mut self, now: Instant, resp: SipMessage) -> Result<(), BoxError> {
        let Some(code) = resp.status().filter(|c| !c.is_provisional()) else {
            return Ok(());
        };
        let method = resp.cseq().ok().map(|c| c.method);
        // A NOTIFY is answered to the gateway as notifier (S2X).
        let dir = match method {
            Some(Method::Notify) => "S2X",
            _ => "X2S",
        };
        let mut line = format!(
            "{dir} {} {} <- {}",
            code.as_u16(),
            resp.reason_phrase().unwrap_or(""),
            resp.to_header()
                .map_or_else(|_| "?".to_owned(), |t| t.uri.as_str().to_owned()),
        );
        let (matched, outs) = if let Some(m @ (Method::Subscribe | Method::Notify)) = &method {
            let _ = write!(line, " (to {})", m.as_str());
            let ok = self.presence.handle_sip(now, resp).is_ok();
            (ok, drain(|| self.presence.poll_output()))
        } else {
            let ok = self.im.handle_sip(now, resp).is_ok();
            (ok, drain(|| self.im.poll_output()))
        };
        describe(&mut line, &outs);
        if !matched {
            line.push_str(" (matches no pending request: ignored)");
        }
        eprintln!("{line}");
        self.send(outs, None)
    }

    /// Sends what the gateway returned; a response goes to `peer`, where
    /// its request came from.
    fn send(&mut self, outs: Vec<Output>, peer: Option<Peer>) -> Result<(), BoxError> {
        for out in outs {
            match out {
                Output::Xmpp(s) => self.send_xmpp(&s)?,
                Output::Sip(m) if m.is_request() => self.send_request(&m),
                Output::Sip(m) => match peer {
                    Some(p) => self.send_response(&m, p),
                    None => eprintln!("SIP  no way back for {}", first_line(&m)),
                },
            }
        }
        Ok(())
    }

    fn send_xmpp(&mut self, s: &Stanza) -> Result<(), BoxError> {
        let mut out = Vec::new();
        s.write_in_stream(StanzaNamespace::Component, &mut out);
        self.xmpp.write_all(&out)?;
        Ok(())
    }

    /// To the proxy, else to the Request-URI's host and port, over UDP.
    fn send_request(&mut self, req: &SipMessage) {
        let target = match self.next_hop {
            Some(hop) => Ok(hop),
            None => match req.request_uri().and_then(Uri::as_sip) {
                Some(uri) => resolve(uri.host_str(), uri.port().unwrap_or(5060)),
                None => Err("no SIP Request-URI".into()),
            },
        };
        let sent = target.and_then(|t| Ok(self.udp.send_to(&req.to_bytes(), t)?));
        if let Err(e) = sent {
            eprintln!("SIP  sending {}: {e}", first_line(req));
        }
    }

    fn send_response(&mut self, resp: &SipMessage, peer: Peer) {
        let bytes = resp.to_bytes();
        let sent = match peer {
            Peer::Udp(addr) => self.udp.send_to(&bytes, addr).map(drop),
            Peer::Tcp(id) => match lock(&self.conns).get_mut(&id) {
                Some(conn) => conn.write_all(&bytes),
                None => Err(std::io::ErrorKind::NotConnected.into()),
            },
        };
        if let Err(e) = sent {
            eprintln!("SIP  sending {}: {e}", first_line(resp));
        }
    }
}

/// Everything a gateway has to send, in order.
fn drain(poll_output: impl FnMut() -> Option<Output>) -> Vec<Output> {
    std::iter::from_fn(poll_output).collect()
}

/// ` type from -> to [show] "status"` of a presence stanza, for the log.
fn presence_summary(p: &Presence) -> String {
    let mut s = String::new();
    if let Some(t) = p.presence_type().as_attr() {
        let _ = write!(s, " {t}");
    }
    let _ = write!(
        s,
        " {} -> {}",
        p.from().unwrap_or("?"),
        p.to().unwrap_or("?")
    );
    if let Some(show) = p.show() {
        let _ = write!(s, " [{}]", show.as_str());
    }
    if let Some(status) = p.status() {
        let _ = write!(s, " \"{status}\"");
    }
    s
}

/// Appends a SUBSCRIBE's Expires or a NOTIFY's Subscription-State.
fn sip_summary(line: &mut String, m: &SipMessage) {
    let header = match m.method() {
        Some(Method::Subscribe) => "Expires",
        Some(Method::Notify) => "Subscription-State",
        _ => return,
    };
    if let Some(v) = m.header(header) {
        let _ = write!(line, " [{header}: {v}]");
    }
}

/// Appends what each output is to a log line.
fn describe(line: &mut String, outs: &[Output]) {
    for out in outs {
        let _ = match out {
            Output::Xmpp(Stanza::Presence(p)) if p.error().is_none() => {
                write!(line, " => presence{}", presence_summary(p))
            }
            Output::Xmpp(s) => match s.error() {
                Some(e) => write!(line, " => error {} -> {}", e.condition.as_str(), to(s)),
                None => write!(
                    line,
                    " => {} {} -> {}{}",
                    s.kind().as_str(),
                    s.from().unwrap_or("?"),
                    to(s),
                    s.lang().map(|l| format!(" [{l}]")).unwrap_or_default()
                ),
            },
            Output::Sip(m) => match (m.status(), m.request_uri()) {
                (Some(code), _) => write!(
                    line,
                    " => {} {}",
                    code.as_u16(),
                    m.reason_phrase().unwrap_or("")
                ),
                (None, Some(uri)) => {
                    let _ = write!(
                        line,
                        " => {} {} -> {}",
                        m.method().map_or("?", Method::as_str),
                        m.from_header()
                            .map_or_else(|_| "?".to_owned(), |f| f.uri.as_str().to_owned()),
                        uri.as_str()
                    );
                    sip_summary(line, m);
                    Ok(())
                }
                (None, None) => Ok(()),
            },
        };
    }
}

/// `METHOD uri` or `code reason`, for the log.
fn first_line(m: &SipMessage) -> String {
    match (m.method(), m.request_uri(), m.status()) {
        (Some(method), Some(uri), _) => format!("{} {}", method.as_str(), uri.as_str()),
        (_, _, Some(code)) => format!("{} {}", code.as_u16(), m.reason_phrase().unwrap_or("")),
        _ => String::new(),
    }
}

fn to(s: &Stanza) -> &str {
    s.to().unwrap_or("?")
}

/// Connects to the XMPP server as a component (XEP-0114 §3: stream header,
/// then the digest of the stream id and the secret), and starts the thread
/// that reads the stream. Returns the write half and the stream's
/// `xml:lang`.
fn connect_component(
    opts: &Options,
    tx: Sender<Event>,
) -> Result<(TcpStream, Option<String>), BoxError> {
    let mut conn = TcpStream::connect(resolve(&opts.xmpp_server, 5347)?)
        .map_err(|e| format!("XMPP server {}: {e}", opts.xmpp_server))?;
    conn.set_read_timeout(Some(Duration::from_secs(10)))?;
    conn.write_all(stream::component_header(&opts.component).as_bytes())?;
    let mut splitter = Splitter::new(ParseLimits::DEFAULT.max_stanza_bytes);
    let mut lang = None;
    let mut buf = [0u8; 16 * 1024];
    loop {
        let Some(item) = splitter.next_item()? else {
            let n = conn.read(&mut buf)?;
            if n == 0 {
                return Err("the XMPP server closed the connection during the handshake".into());
            }
            splitter.push(&buf[..n]);
            continue;
        };
        match item {
            Item::Header(h) => {
                let id = h.id.ok_or("the server's stream header has no id")?;
                lang = h.lang;
                conn.write_all(stream::handshake(&id, &opts.secret).as_bytes())?;
            }
            Item::Element(e) if e.starts_with(b"<handshake") => break,
            Item::Element(e) => {
                let text = String::from_utf8_lossy(&e);
                return Err(format!("handshake refused: {text}").into());
            }
            Item::End => return Err("the XMPP server closed the stream".into()),
        }
    }
    conn.set_read_timeout(None)?;
    let reader = conn.try_clone()?;
    thread::spawn(move || read_xmpp(reader, splitter, &tx));
    Ok((conn, lang))
}

/// Reads the component stream and hands each element to the main thread.
fn read_xmpp(mut conn: TcpStream, mut splitter: Splitter, tx: &Sender<Event>) {
    let mut buf = vec![0u8; 16 * 1024];
    let why = loop {
        match splitter.next_item() {
            Ok(Some(Item::Element(e))) => {
                if tx.send(Event::Element(e)).is_err() {
                    return;
                }
                continue;
            }
            Ok(Some(Item::End)) => break "closed by the server".to_owned(),
            Ok(Some(Item::Header(_))) => break "a second stream header".to_owned(),
            Ok(None) => {}
            Err(e) => break e.to_string(),
        }
        match conn.read(&mut buf) {
            Ok(0) => break "connection closed".to_owned(),
            Ok(n) => splitter.push(&buf[..n]),
            Err(e) => break e.to_string(),
        }
    };
    let _ = tx.send(Event::XmppClosed(why));
}

/// Reads SIP datagrams.
fn read_udp(sock: &UdpSocket, tx: &Sender<Event>) {
    let mut buf = vec![0u8; 65_535];
    loop {
        let (n, from) = match sock.recv_from(&mut buf) {
            Ok(x) => x,
            Err(e) => {
                eprintln!("SIP  udp: {e}");
                continue;
            }
        };
        let data = &buf[..n];
        if data.iter().all(u8::is_ascii_whitespace) {
            continue; // a keep-alive (RFC 5626 §3.5.1)
        }
        match SipMessage::parse(data, Framing::Datagram) {
            Ok(m) => {
                if tx.send(Event::Sip(Box::new(m), Peer::Udp(from))).is_err() {
                    return;
                }
            }
            Err(e) => eprintln!("SIP  udp {from}: unreadable datagram: {e}"),
        }
    }
}

/// Accepts SIP connections, each read by its own thread.
fn accept_tcp(listener: &TcpListener, conns: &TcpConns, tx: &Sender<Event>) {
    for (id, conn) in (0u64..).zip(listener.incoming()) {
        let Ok(conn) = conn else { continue };
        let Ok(writer) = conn.try_clone() else {
            continue;
        };
        {
            let mut map = lock(conns);
            if map.len() >= MAX_TCP_CONNECTIONS {
                eprintln!("SIP  tcp: {MAX_TCP_CONNECTIONS} connections open, refusing one");
                continue;
            }
            map.insert(id, writer);
        }
        let (conns, tx) = (Arc::clone(conns), tx.clone());
        thread::spawn(move || {
            read_tcp(conn, id, &tx);
            lock(&conns).remove(&id);
        });
    }
}

/// Reads SIP messages from a connection, framed by Content-Length
/// (RFC 3261 §18.3); the parser's limits bound the buffer.
fn read_tcp(mut conn: TcpStream, id: u64, tx: &Sender<Event>) {
    let cfg = ParseConfig::DEFAULT;
    let mut buf = Vec::new();
    let mut chunk = vec![0u8; 16 * 1024];
    loop {
        loop {
            match parse_stream(&buf, &cfg) {
                Ok(Status::Complete { message, consumed }) => {
                    buf.drain(..consumed);
                    if tx
                        .send(Event::Sip(Box::new(message), Peer::Tcp(id)))
                        .is_err()
                    {
                        return;
                    }
                }
                Ok(Status::Partial { .. }) => break,
                Err(e) => {
                    eprintln!("SIP  tcp connection {id}: {e}; closing it");
                    return;
                }
            }
        }
        match conn.read(&mut chunk) {
            Ok(0) | Err(_) => return,
            Ok(n) => buf.extend_from_slice(&chunk[..n]),
        }
    }
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(PoisonError::into_inner)
}

/// The first address of `host:port` (or `host` with `default_port`).
fn resolve(addr: &str, default_port: u16) -> Result<SocketAddr, BoxError> {
    let found = match addr.rsplit_once(':') {
        Some((_, port)) if port.parse::<u16>().is_ok() => addr.to_socket_addrs()?.next(),
        _ => (addr.trim_matches(['[', ']']), default_port)
            .to_socket_addrs()?
            .next(),
    };
    found.ok_or_else(|| format!("{addr}: no address").into())
}

/// A seed for the gateway's identifiers (Call-IDs, tags, branches), from
/// the standard library's per-process random hash keys.
fn seed() -> [u8; 32] {
    use std::hash::{BuildHasher, Hasher};
    let mut seed = [0u8; 32];
    for (i, chunk) in seed.chunks_mut(8).enumerate() {
        let mut h = std::collections::hash_map::RandomState::new().build_hasher();
        h.write_usize(i);
        h.write_u32(std::process::id());
        chunk.copy_from_slice(&h.finish().to_le_bytes());
    }
    seed
}
