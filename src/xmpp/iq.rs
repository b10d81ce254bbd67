//! `<iq/>` (RFC 6120 §8.2.3).

use minidom::Element;

use super::error::{BuildError, StanzaFault};
use super::stanza::builder_setters;
use super::stanza::{
    Core, Stanza, StanzaConfig, StanzaKind, StanzaNamespace, built_wrong_kind, common_accessors,
    finish_built, payloads, set_attr, set_lang,
};
use super::stanza_error::StanzaError;

/// The `type` of an IQ (RFC 6120 §8.2.3); required.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum IqType {
    /// `get`: asks for information; one payload.
    Get,
    /// `set`: provides data or a change; one payload.
    Set,
    /// `result`: the answer to a get or set; at most one payload.
    Result,
    /// `error`: carries `<error/>`, and may echo the request's payload.
    Error,
}

impl IqType {
    /// The attribute value.
    pub const fn as_str(self) -> &'static str {
        match self {
            IqType::Get => "get",
            IqType::Set => "set",
            IqType::Result => "result",
            IqType::Error => "error",
        }
    }

    /// The type for an attribute value.
    pub fn parse(value: &str) -> Option<Self> {
        match value {
            "get" => Some(IqType::Get),
            "set" => Some(IqType::Set),
            "result" => Some(IqType::Result),
            "error" => Some(IqType::Error),
            _ => None,
        }
    }
}

const KNOWN: &[&str] = &["error"];

/// An `<iq/>` stanza.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Iq {
    pub(crate) core: Core,
    iq_type: IqType,
}

impl Iq {
    common_accessors!(StanzaKind::Iq);

    /// Checks the IQ rules on a freshly read stanza.
    pub(crate) fn check(core: &mut Core) -> Result<IqType, StanzaFault> {
        let iq_type = match core.element.attr("type") {
            None => return Err(StanzaFault::MissingType),
            Some(t) => IqType::parse(t).ok_or_else(|| StanzaFault::UnknownType {
                value: t.to_owned(),
            })?,
        };
        if core.element.attr("id").is_none() {
            return Err(StanzaFault::MissingId);
        }
        let count = payloads(core, KNOWN).count();
        let ok = match iq_type {
            IqType::Get | IqType::Set => count == 1,
            IqType::Result | IqType::Error => count <= 1,
        };
        if !ok {
            return Err(StanzaFault::IqPayload { count });
        }
        core.read_error(iq_type == IqType::Error)?;
        Ok(iq_type)
    }

    pub(crate) fn new(core: Core, iq_type: IqType) -> Self {
        Iq { core, iq_type }
    }

    /// The type.
    pub fn iq_type(&self) -> IqType {
        self.iq_type
    }

    /// The payload: the child of a get or set, the child of a result if
    /// any, the echoed request of an error if any.
    pub fn payload(&self) -> Option<&Element> {
        payloads(&self.core, KNOWN).next()
    }

    /// The result to a get or set: same `id`, `to` and `from` swapped,
    /// with the given payload (RFC 6120 §8.2.3).
    pub fn result(&self, payload: Option<Element>) -> Result<Iq, BuildError> {
        let mut b = IqBuilder::new(IqType::Result, self.id().unwrap_or_default())
            .namespace(self.core.namespace);
        if let Some(to) = self.from() {
            b = b.to(to);
        }
        if let Some(from) = self.to() {
            b = b.from(from);
        }
        if let Some(p) = payload {
            b = b.payload(p);
        }
        match self.iq_type {
            IqType::Get | IqType::Set => b.build(),
            IqType::Result => Err(BuildError::ReplyToResult),
            IqType::Error => Err(BuildError::ReplyToError),
        }
    }
}

impl TryFrom<Stanza> for Iq {
    type Error = Stanza;
    fn try_from(s: Stanza) -> Result<Self, Stanza> {
        match s {
            Stanza::Iq(i) => Ok(i),
            other => Err(other),
        }
    }
}

/// Builds an `<iq/>`.
///
/// ```
/// use minidom::Element;
/// use sip_xmpp::xmpp::{IqBuilder, IqType};
/// let iq = IqBuilder::new(IqType::Get, "rr82a1z7")
///     .from("juliet@example.com/balcony")
///     .payload(Element::bare("query", "jabber:iq:roster"))
///     .build()
///     .unwrap();
/// assert_eq!(iq.payload().unwrap().name(), "query");
/// ```
#[derive(Debug, Clone)]
pub struct IqBuilder {
    namespace: StanzaNamespace,
    iq_type: IqType,
    id: String,
    to: Option<String>,
    from: Option<String>,
    lang: Option<String>,
    payload: Vec<Element>,
    error: Option<StanzaError>,
}

impl IqBuilder {
    /// An IQ of the given type and id, in `jabber:client`.
    pub fn new(iq_type: IqType, id: impl Into<String>) -> Self {
        IqBuilder {
            namespace: StanzaNamespace::Client,
            iq_type,
            id: id.into(),
            to: None,
            from: None,
            lang: None,
            payload: Vec::new(),
            error: None,
        }
    }

    builder_setters!();

    /// Adds a payload child (get and set take exactly one).
    pub fn payload(mut self, element: Element) -> Self {
        self.payload.push(element);
        self
    }

    /// Sets the `<error/>`; the type must then be `error`.
    pub fn error(mut self, error: StanzaError) -> Self {
        self.error = Some(error);
        self
    }

    /// Builds and checks the stanza with the default limits.
    pub fn build(self) -> Result<Iq, BuildError> {
        self.build_with(&StanzaConfig::default())
    }

    /// Builds and checks the stanza with the given limits and language
    /// default.
    pub fn build_with(self, cfg: &StanzaConfig) -> Result<Iq, BuildError> {
        let ns = self.namespace;
        let mut el = Element::bare("iq", ns.as_str());
        set_attr(&mut el, "to", self.to);
        set_attr(&mut el, "from", self.from);
        set_attr(&mut el, "id", Some(self.id));
        set_attr(&mut el, "type", Some(self.iq_type.as_str()));
        set_lang(&mut el, self.lang.as_deref());
        for p in self.payload {
            el.append_child(p);
        }
        match finish_built(el, self.error.as_ref(), ns, cfg)? {
            Stanza::Iq(i) => Ok(i),
            other => Err(built_wrong_kind(&other, StanzaKind::Iq)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::xmpp::XmppError;

    fn parse(s: &str) -> Result<Stanza, XmppError> {
        Stanza::parse(s.as_bytes(), &StanzaConfig::default())
    }

    fn fault(s: &str) -> StanzaFault {
        match parse(s) {
            Err(XmppError::Invalid { fault, .. }) => fault,
            other => panic!("{s}: {other:?}"),
        }
    }

    #[test]
    fn rules() {
        use StanzaFault::*;
        let table: &[(&str, StanzaFault)] = &[
            ("<iq id='1'><q xmlns='urn:q'/></iq>", MissingType),
            ("<iq type='get'><q xmlns='urn:q'/></iq>", MissingId),
            (
                "<iq id='1' type='fetch'><q xmlns='urn:q'/></iq>",
                UnknownType {
                    value: "fetch".into(),
                },
            ),
            ("<iq id='1' type='get'/>", IqPayload { count: 0 }),
            (
                "<iq id='1' type='set'><a xmlns='urn:q'/><b xmlns='urn:q'/></iq>",
                IqPayload { count: 2 },
            ),
            (
                "<iq id='1' type='result'><a xmlns='urn:q'/><b xmlns='urn:q'/></iq>",
                IqPayload { count: 2 },
            ),
            ("<iq id='1' type='error'/>", MissingError),
        ];
        for (input, expected) in table {
            assert_eq!(&fault(input), expected, "{input}");
        }
        let Stanza::Iq(iq) = parse(
            "<iq id='1' type='error'><q xmlns='urn:q'/><error type='cancel'><service-unavailable xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></iq>",
        )
        .unwrap() else {
            panic!()
        };
        assert_eq!(iq.iq_type(), IqType::Error);
        assert_eq!(iq.payload().unwrap().name(), "q");
        assert!(parse("<iq id='1' type='result'/>").is_ok());
    }

    #[test]
    fn result_mirrors_the_request() {
        let Stanza::Iq(get) =
            parse("<iq id='r1' type='get' from='a@b/c' to='b'><q xmlns='urn:q'/></iq>").unwrap()
        else {
            panic!()
        };
        let res = get.result(None).unwrap();
        assert_eq!(res.iq_type(), IqType::Result);
        assert_eq!(
            (res.id(), res.to(), res.from()),
            (Some("r1"), Some("a@b/c"), Some("b"))
        );
        assert_eq!(res.result(None), Err(BuildError::ReplyToResult));
    }
}
