//! The `<error/>` child of an error stanza (RFC 6120 §8.3.2).

use minidom::{Element, Node};

use super::condition::{DefinedCondition, ErrorType, NS_STANZAS};
use super::error::{AddressAttribute, BuildError, StanzaFault};
use super::stanza::{StanzaNamespace, effective_lang, set_attr, set_lang, trim_space};

/// A stanza error: type, defined condition, optional texts, generator and
/// application-specific condition (RFC 6120 §8.3.2).
///
/// Reading is lenient where RFC 6120 lets a receiver be: an unknown
/// condition element, or none, is `undefined-condition` (XERR-8); a
/// missing or unknown `type` is the condition's recommended type; a legacy
/// `code` attribute (XEP-0086) is ignored; of several conditions or
/// application-specific elements, the first counts. The element itself
/// stays in the stanza untouched.
///
/// ```
/// use sip_xmpp::xmpp::{DefinedCondition, ErrorType, StanzaError};
/// let e = StanzaError::new(DefinedCondition::Gone)
///     .with_condition_text("xmpp:romeo@example.net")
///     .with_text(Some("en"), "moved");
/// assert_eq!(e.error_type, ErrorType::Cancel);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StanzaError {
    /// `type`: how to go on (XERR-10).
    pub error_type: ErrorType,
    /// The defined condition.
    pub condition: DefinedCondition,
    /// Character data of `<gone/>` or `<redirect/>`: the new or alternate
    /// address, without the whitespace around it.
    pub condition_text: Option<String>,
    /// `<text/>` elements as `(language, text)`, the language inherited
    /// from the `<error/>` and the stanza when not given; for diagnostics
    /// only (XERR-9).
    pub texts: Vec<(Option<String>, String)>,
    /// `by`: the entity that detected the error (XERR-5).
    pub by: Option<String>,
    /// The first child outside the stanza error namespace.
    pub app_specific: Option<Element>,
}

impl StanzaError {
    /// An error with the condition's recommended type and nothing else.
    pub fn new(condition: DefinedCondition) -> Self {
        StanzaError {
            error_type: condition.default_type(),
            condition,
            condition_text: None,
            texts: Vec::new(),
            by: None,
            app_specific: None,
        }
    }

    /// Replaces the type.
    pub fn with_type(mut self, error_type: ErrorType) -> Self {
        self.error_type = error_type;
        self
    }

    /// Sets the address carried by `<gone/>` or `<redirect/>`.
    pub fn with_condition_text(mut self, text: impl Into<String>) -> Self {
        self.condition_text = Some(text.into());
        self
    }

    /// Adds a `<text/>`.
    pub fn with_text(mut self, lang: Option<&str>, text: impl Into<String>) -> Self {
        self.texts.push((lang.map(str::to_owned), text.into()));
        self
    }

    /// Sets `by`.
    pub fn with_by(mut self, by: impl Into<String>) -> Self {
        self.by = Some(by.into());
        self
    }

    /// Sets the application-specific condition.
    pub fn with_app_specific(mut self, element: Element) -> Self {
        self.app_specific = Some(element);
        self
    }

    /// The first `<text/>`, for a reason phrase or a log line.
    pub fn text(&self) -> Option<&str> {
        self.texts.first().map(|(_, t)| t.as_str())
    }

    /// Reads an `<error/>` element; `inherited` is the stanza's language.
    pub(crate) fn read(el: &Element, inherited: Option<&str>) -> Result<Self, StanzaFault> {
        let by = el.attr("by");
        if by == Some("") {
            return Err(StanzaFault::EmptyAddress {
                attribute: AddressAttribute::By,
            });
        }
        let lang = effective_lang(el, inherited);
        let mut condition = None;
        let mut condition_text = None;
        let mut texts = Vec::new();
        let mut app_specific = None;
        for child in el.children() {
            if child.has_ns(NS_STANZAS) {
                if child.name() == "text" {
                    texts.push((effective_lang(child, lang).map(str::to_owned), child.text()));
                } else if condition.is_none() {
                    let c = DefinedCondition::from_element_name(child.name());
                    if c.carries_address() {
                        let text = child.text();
                        let address = trim_space(&text);
                        condition_text = (!address.is_empty()).then(|| address.to_owned());
                    }
                    condition = Some(c);
                }
            } else if app_specific.is_none() {
                app_specific = Some(child.clone());
            }
        }
        let condition = condition.unwrap_or(DefinedCondition::UndefinedCondition);
        let error_type = el
            .attr("type")
            .and_then(|t| t.parse().ok())
            .unwrap_or(condition.default_type());
        Ok(StanzaError {
            error_type,
            condition,
            condition_text,
            texts,
            by: by.map(str::to_owned),
            app_specific,
        })
    }

    /// Refuses condition character data that would not read back: on a
    /// condition that carries none, empty, or with whitespace around it.
    pub(crate) fn check(&self) -> Result<(), BuildError> {
        match &self.condition_text {
            Some(t)
                if t.is_empty()
                    || trim_space(t).len() != t.len()
                    || !self.condition.carries_address() =>
            {
                Err(BuildError::ConditionText {
                    condition: self.condition,
                })
            }
            _ => Ok(()),
        }
    }

    /// The `<error/>` element for a stanza in namespace `ns`: condition,
    /// texts, application-specific condition, in that order.
    pub fn to_element(&self, ns: StanzaNamespace) -> Element {
        let mut el = Element::bare("error", ns.as_str());
        set_attr(&mut el, "type", Some(self.error_type.as_str()));
        set_attr(&mut el, "by", self.by.as_deref());
        let mut cond = Element::bare(self.condition.as_str(), NS_STANZAS);
        if let Some(t) = &self.condition_text {
            cond.append_node(Node::Text(t.clone()));
        }
        el.append_child(cond);
        for (lang, text) in &self.texts {
            let mut t = Element::bare("text", NS_STANZAS);
            set_lang(&mut t, lang.as_deref());
            if !text.is_empty() {
                t.append_text_node(text.as_str());
            }
            el.append_child(t);
        }
        if let Some(app) = &self.app_specific {
            el.append_child(app.clone());
        }
        el
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::xmpp::{Stanza, StanzaConfig, XmppError};

    fn error_of(s: &str) -> StanzaError {
        Stanza::parse(s.as_bytes(), &StanzaConfig::default())
            .unwrap()
            .error()
            .unwrap()
            .clone()
    }

    #[test]
    fn reads_every_part() {
        let e = error_of(
            "<message type='error' xml:lang='en'><error type='modify' by='example.net' code='302'>\
             <redirect xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'>xmpp:a@b</redirect>\
             <text xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'>moved</text>\
             <text xmlns='urn:ietf:params:xml:ns:xmpp-stanzas' xml:lang='de'>umgezogen</text>\
             <too-many xmlns='urn:app'/><second xmlns='urn:app'/></error></message>",
        );
        assert_eq!(e.error_type, ErrorType::Modify);
        assert_eq!(e.condition, DefinedCondition::Redirect);
        assert_eq!(e.condition_text.as_deref(), Some("xmpp:a@b"));
        assert_eq!(
            e.texts,
            [
                (Some("en".into()), "moved".into()),
                (Some("de".into()), "umgezogen".into())
            ]
        );
        assert_eq!(e.by.as_deref(), Some("example.net"));
        assert_eq!(e.app_specific.unwrap().name(), "too-many");
    }

    #[test]
    fn lenient_where_the_rfc_allows() {
        let e = error_of(
            "<message type='error'><error><payment-required xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></message>",
        );
        assert_eq!(e.condition, DefinedCondition::UndefinedCondition);
        assert_eq!(e.error_type, ErrorType::Cancel);
        let e = error_of("<message type='error'><error type='wait'/></message>");
        assert_eq!(e.condition, DefinedCondition::UndefinedCondition);
        assert_eq!(e.error_type, ErrorType::Wait);
        let e = error_of(
            "<message type='error'><error type='bogus'><bad-request xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'>x</bad-request></error></message>",
        );
        assert_eq!(e.error_type, ErrorType::Modify);
        assert_eq!(e.condition_text, None);
        let e = error_of(
            "<message type='error'><error type='cancel'><gone xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'>\n  xmpp:a@b\n</gone></error></message>",
        );
        assert_eq!(e.condition_text.as_deref(), Some("xmpp:a@b"));
    }

    #[test]
    fn empty_by_is_refused() {
        let r = Stanza::parse(
            b"<message type='error'><error by='' type='cancel'/></message>",
            &StanzaConfig::default(),
        );
        assert!(matches!(
            r,
            Err(XmppError::Invalid {
                fault: StanzaFault::EmptyAddress {
                    attribute: AddressAttribute::By
                },
                ..
            })
        ));
    }

    #[test]
    fn condition_text_only_where_it_reads_back() {
        assert!(
            StanzaError::new(DefinedCondition::Gone)
                .with_condition_text("x")
                .check()
                .is_ok()
        );
        assert_eq!(
            StanzaError::new(DefinedCondition::BadRequest)
                .with_condition_text("x")
                .check(),
            Err(BuildError::ConditionText {
                condition: DefinedCondition::BadRequest
            })
        );
        assert_eq!(
            StanzaError::new(DefinedCondition::Redirect)
                .with_condition_text("")
                .check(),
            Err(BuildError::ConditionText {
                condition: DefinedCondition::Redirect
            })
        );
    }
}
