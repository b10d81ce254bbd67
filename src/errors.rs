//! Error mapping between SIP response codes and XMPP stanza error
//! conditions (RFC 7247 §7).
//!
//! [`ErrorMap`] holds both tables with the RFC's values as defaults and
//! lets an embedder change single entries (RFC 7247 §7 calls the tables
//! suggestions). Where the RFC leaves a choice, or where its code would
//! need headers a gateway cannot honestly produce, the default is
//! documented on the entry:
//!
//! | XMPP condition | SIP | choice |
//! |---|---|---|
//! | `feature-not-implemented` | 405 to a full JID, 501 to a bare JID | 405 carries `Allow` (RFC 3261 §21.4.6) |
//! | `forbidden`, `item-not-found`, `not-acceptable`, `recipient-unavailable` | 4xx to a full JID, 6xx to a bare JID | RFC 7247 §7.1 note 2 |
//! | `gone` | 301 with an address (in `Contact`), 410 without | §7.1 note 3 (MUST) |
//! | `not-authorized`, `registration-required` | 403 | 401/407 need a challenge (RFC 3261 §21.4.2, §21.4.8); [`ErrorMapOptions::challenges`] restores them |
//! | `redirect` | 302 with an address (in `Contact`), 480 without | a 302 without Contact says nothing |
//! | `remote-server-not-found` | 404 | 408 only when resolution failed, which the stanza does not say |
//! | `service-unavailable` | 403 | 503 is NOT RECOMMENDED (§7.1 note 5) |
//! | `unexpected-request` | 491 inside a dialog, 400 otherwise | the RFC gives "491 or 400" |

use crate::sip::StatusCode;
use crate::xmpp::{DefinedCondition, ErrorType};

/// The XMPP address a failed stanza was sent to: RFC 7247 §7.1 notes 1 and
/// 2 pick a different SIP code for a full JID (one device) and a bare JID
/// (the user everywhere). Decided from the error stanza's `from`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Addressee {
    /// A full JID (`user@domain/resource`): 4xx, 405.
    FullJid,
    /// A bare JID (`user@domain`) or a domain: 6xx, 501.
    BareJid,
}

/// What the XMPP → SIP direction needs to know besides the condition.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct XmppErrorContext {
    /// Full or bare JID of the failed stanza's addressee.
    pub addressee: Addressee,
    /// Whether the `<gone/>` or `<redirect/>` carries a new address.
    pub has_address: bool,
    /// Whether the SIP request being answered is inside a dialog (for
    /// `unexpected-request`).
    pub in_dialog: bool,
}

impl XmppErrorContext {
    /// A full-JID addressee, no address, outside a dialog.
    pub const FULL: XmppErrorContext = XmppErrorContext {
        addressee: Addressee::FullJid,
        has_address: false,
        in_dialog: false,
    };
    /// A bare-JID addressee, no address, outside a dialog.
    pub const BARE: XmppErrorContext = XmppErrorContext {
        addressee: Addressee::BareJid,
        has_address: false,
        in_dialog: false,
    };
}

/// What a SIP status code maps to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ConditionMapping {
    /// The defined condition.
    pub condition: DefinedCondition,
    /// The error type (RFC 6120 §8.3.3's recommendation for the condition,
    /// unless overridden).
    pub error_type: ErrorType,
    /// Whether the condition must carry the new address from the
    /// response's Contact (301 → `<gone/>`, 3xx → `<redirect/>`).
    pub with_address: bool,
}

/// Switches for the choices the RFC leaves open.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct ErrorMapOptions {
    /// The gateway can send authentication challenges: map
    /// `not-authorized` to 401 and `registration-required` to 407 as RFC
    /// 7247 Table A says (the caller must then add WWW-Authenticate /
    /// Proxy-Authenticate). Off by default: both map to 403.
    pub challenges: bool,
}

/// Both RFC 7247 §7 tables, with single-entry overrides.
///
/// ```
/// use sip_xmpp::errors::{ErrorMap, XmppErrorContext};
/// use sip_xmpp::sip::StatusCode;
/// use sip_xmpp::xmpp::{DefinedCondition, ErrorType};
/// let map = ErrorMap::new();
/// // XMPP -> SIP (Table A)
/// assert_eq!(map.to_sip(DefinedCondition::ItemNotFound, &XmppErrorContext::FULL).as_u16(), 404);
/// assert_eq!(map.to_sip(DefinedCondition::ItemNotFound, &XmppErrorContext::BARE).as_u16(), 604);
/// // SIP -> XMPP (Table B), class default for unknown codes
/// let e = map.to_xmpp(StatusCode::new(486).unwrap()).unwrap();
/// assert_eq!((e.condition, e.error_type), (DefinedCondition::RecipientUnavailable, ErrorType::Wait));
/// assert_eq!(map.to_xmpp(StatusCode::new(499).unwrap()).unwrap().condition, DefinedCondition::BadRequest);
/// assert!(map.to_xmpp(StatusCode::OK).is_none());
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ErrorMap {
    options: ErrorMapOptions,
    to_sip: Vec<(DefinedCondition, Option<Addressee>, StatusCode)>,
    to_xmpp: Vec<(u16, ConditionMapping)>,
}

impl ErrorMap {
    /// The RFC 7247 tables with the crate's defaults.
    pub fn new() -> Self {
        Self::default()
    }

    /// The tables with the given options.
    pub fn with_options(options: ErrorMapOptions) -> Self {
        ErrorMap {
            options,
            ..Self::default()
        }
    }

    /// Changes the SIP code for `condition` (for one kind of addressee, or
    /// for both with `None`). A later override wins.
    pub fn override_to_sip(
        &mut self,
        condition: DefinedCondition,
        addressee: Option<Addressee>,
        code: StatusCode,
    ) -> &mut Self {
        self.to_sip.push((condition, addressee, code));
        self
    }

    /// Changes the XMPP error for one SIP code. A later override wins.
    pub fn override_to_xmpp(&mut self, code: StatusCode, error: ConditionMapping) -> &mut Self {
        self.to_xmpp.push((code.as_u16(), error));
        self
    }

    /// RFC 7247 Table A: the SIP status code for an XMPP condition.
    pub fn to_sip(&self, condition: DefinedCondition, ctx: &XmppErrorContext) -> StatusCode {
        if let Some(&(_, _, code)) = self
            .to_sip
            .iter()
            .rev()
            .find(|(c, a, _)| *c == condition && a.is_none_or(|a| a == ctx.addressee))
        {
            return code;
        }
        StatusCode::new(table_a(condition, ctx, &self.options)).unwrap_or(StatusCode::BAD_REQUEST)
    }

    /// RFC 7247 Table B: the XMPP error for a SIP status code; `None` for
    /// 1xx and 2xx, which are not errors (RFC 7247 §7).
    pub fn to_xmpp(&self, code: StatusCode) -> Option<ConditionMapping> {
        if code.as_u16() < 300 {
            return None;
        }
        if let Some(&(_, e)) = self.to_xmpp.iter().rev().find(|(c, _)| *c == code.as_u16()) {
            return Some(e);
        }
        Some(table_b(code.as_u16()))
    }
}

/// Table A with the crate's defaults (see the module table).
fn table_a(condition: DefinedCondition, ctx: &XmppErrorContext, options: &ErrorMapOptions) -> u16 {
    use DefinedCondition::*;
    let full = ctx.addressee == Addressee::FullJid;
    let pick = |full_code, bare_code| if full { full_code } else { bare_code };
    match condition {
        BadRequest | Conflict | JidMalformed | SubscriptionRequired | UndefinedCondition => 400,
        FeatureNotImplemented => pick(405, 501),
        Forbidden => pick(403, 603),
        Gone => {
            if ctx.has_address {
                301
            } else {
                410
            }
        }
        InternalServerError | ResourceConstraint => 500,
        ItemNotFound => pick(404, 604),
        NotAcceptable => pick(406, 606),
        NotAllowed | PolicyViolation | ServiceUnavailable => 403,
        NotAuthorized => {
            if options.challenges {
                401
            } else {
                403
            }
        }
        RecipientUnavailable => pick(480, 600),
        Redirect => {
            if ctx.has_address {
                302
            } else {
                480
            }
        }
        RegistrationRequired => {
            if options.challenges {
                407
            } else {
                403
            }
        }
        RemoteServerNotFound => 404,
        RemoteServerTimeout => 408,
        UnexpectedRequest => {
            if ctx.in_dialog {
                491
            } else {
                400
            }
        }
    }
}

/// Table B, with the class defaults of RFC 7247 §7.2 for other codes.
fn table_b(code: u16) -> ConditionMapping {
    use DefinedCondition::*;
    let condition = match code {
        300 | 302 | 305 => Redirect,
        301 | 410 => Gone,
        380 | 406 | 415 | 416 | 421 | 482 | 483 | 488 | 505 | 606 => NotAcceptable,
        400 | 402 | 493 => BadRequest,
        401 => NotAuthorized,
        403 => Forbidden,
        404 | 481 | 484 | 485 | 604 => ItemNotFound,
        405 | 420 | 439 | 501 => FeatureNotImplemented,
        407 => RegistrationRequired,
        408 | 504 => RemoteServerTimeout,
        413 | 414 | 440 | 489 | 513 => PolicyViolation,
        423 => ResourceConstraint,
        430 | 480 | 486 | 487 | 600 | 603 => RecipientUnavailable,
        491 => UnexpectedRequest,
        500 | 503 => InternalServerError,
        502 => RemoteServerNotFound,
        300..=399 => Redirect,
        400..=499 => BadRequest,
        500..=599 => InternalServerError,
        _ => RecipientUnavailable,
    };
    ConditionMapping {
        condition,
        error_type: condition.default_type(),
        // 301 carries the new address (RFC 7247 §7.2 note 1); a redirect
        // carries the Contact (RFC 6120 §8.3.3.14 SHOULD); 410 never does.
        with_address: code == 301 || condition == Redirect,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_maps_or_is_not_an_error() {
        let map = ErrorMap::new();
        for code in 100..=699 {
            let c = StatusCode::new(code).unwrap();
            assert_eq!(map.to_xmpp(c).is_some(), code >= 300, "{code}");
        }
    }

    #[test]
    fn overrides_win() {
        let mut map = ErrorMap::new();
        map.override_to_sip(
            DefinedCondition::ServiceUnavailable,
            None,
            StatusCode::new(405).unwrap(),
        );
        map.override_to_sip(
            DefinedCondition::Forbidden,
            Some(Addressee::BareJid),
            StatusCode::new(403).unwrap(),
        );
        assert_eq!(
            map.to_sip(
                DefinedCondition::ServiceUnavailable,
                &XmppErrorContext::BARE
            )
            .as_u16(),
            405
        );
        assert_eq!(
            map.to_sip(DefinedCondition::Forbidden, &XmppErrorContext::BARE)
                .as_u16(),
            403
        );
        assert_eq!(
            map.to_sip(DefinedCondition::Forbidden, &XmppErrorContext::FULL)
                .as_u16(),
            403
        );
        let e = ConditionMapping {
            condition: DefinedCondition::ServiceUnavailable,
            error_type: ErrorType::Cancel,
            with_address: false,
        };
        map.override_to_xmpp(StatusCode::new(503).unwrap(), e);
        assert_eq!(map.to_xmpp(StatusCode::new(503).unwrap()), Some(e));
    }
}
