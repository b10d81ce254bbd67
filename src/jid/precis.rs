//! Localpart and resourcepart enforcement: PRECIS UsernameCaseMapped and
//! OpaqueString (RFC 8265 §3.3, §4.2) as RFC 7622 §3.3 and §3.4 apply
//! them.

use std::borrow::Cow;

use precis_profiles::precis_core::profile::{PrecisFastInvocation, Rules, stabilize};
use precis_profiles::precis_core::{Error as PrecisError, UnexpectedError};
use precis_profiles::{OpaqueString, UsernameCaseMapped};

use super::{JidError, JidPart, MAX_PART_BYTES, MAX_RAW_PART_BYTES};

/// The characters RFC 7622 §3.3.1 excludes from localparts although
/// UsernameCaseMapped allows them.
pub(crate) const EXCLUDED: [char; 8] = ['"', '&', '\'', '/', ':', '<', '>', '@'];

/// Refuses an empty part and one too long to be worth enforcing.
fn check_raw(s: &str, part: JidPart) -> Result<(), JidError> {
    if s.is_empty() {
        return Err(JidError::EmptyPart { part });
    }
    if s.len() > MAX_RAW_PART_BYTES {
        return Err(JidError::PartTooLong { part, len: s.len() });
    }
    Ok(())
}

/// Refuses an enforced part longer than 1023 octets.
pub(super) fn check_len(s: &str, part: JidPart) -> Result<(), JidError> {
    if s.len() > MAX_PART_BYTES {
        return Err(JidError::PartTooLong { part, len: s.len() });
    }
    Ok(())
}

fn precis_error(e: PrecisError, part: JidPart) -> JidError {
    let disallowed = |cp: u32| JidError::Disallowed {
        part,
        ch: char::from_u32(cp).unwrap_or(char::REPLACEMENT_CHARACTER),
    };
    match e {
        PrecisError::BadCodepoint(info) => disallowed(info.cp),
        PrecisError::Unexpected(UnexpectedError::ContextRuleNotApplicable(info)) => {
            disallowed(info.cp)
        }
        _ => JidError::ProfileRule { part },
    }
}

/// Visible ASCII other than space: PVALID in the IdentifierClass (RFC 8264
/// §9.11), untouched by width mapping, normalization and the bidi rule, so
/// UsernameCaseMapped reduces to ASCII lower-casing.
fn is_plain_ascii(s: &str, space_ok: bool) -> bool {
    let low = if space_ok { 0x20 } else { 0x21 };
    // Branch-free over the whole text, so that it vectorises.
    s.bytes()
        .fold(true, |ok, b| ok & (b.wrapping_sub(low) <= 0x7e - low))
}

/// Enforces a localpart: UsernameCaseMapped until stable, then the eight
/// excluded characters, then the length.
pub(crate) fn enforce_localpart(s: &str) -> Result<Cow<'_, str>, JidError> {
    check_raw(s, JidPart::Local)?;
    if is_plain_ascii(s, false) {
        // ASCII lower-casing changes no excluded character: one look at
        // the input finds both.
        let b = s.as_bytes();
        if let Some(&c) = b.iter().find(|&&c| IS_EXCLUDED[usize::from(c)]) {
            return Err(JidError::ExcludedCharacter { ch: char::from(c) });
        }
        check_len(s, JidPart::Local)?;
        return Ok(if b.iter().any(u8::is_ascii_uppercase) {
            Cow::Owned(s.to_ascii_lowercase())
        } else {
            Cow::Borrowed(s)
        });
    }
    let out = stabilize(s, |x: &str| UsernameCaseMapped::enforce(x))
        .map_err(|e| precis_error(e, JidPart::Local))?;
    if let Some(ch) = out.chars().find(|c| EXCLUDED.contains(c)) {
        return Err(JidError::ExcludedCharacter { ch });
    }
    check_len(&out, JidPart::Local)?;
    Ok(out)
}

/// [`EXCLUDED`] as a byte table.
const IS_EXCLUDED: [bool; 256] = {
    let mut t = [false; 256];
    let mut i = 0;
    while i < EXCLUDED.len() {
        t[EXCLUDED[i] as usize] = true;
        i += 1;
    }
    t
};

/// Enforces a resourcepart: OpaqueString until stable, no leading space,
/// then the length.
pub(crate) fn enforce_resourcepart(s: &str) -> Result<Cow<'_, str>, JidError> {
    check_raw(s, JidPart::Resource)?;
    let out: Cow<'_, str> = if is_plain_ascii(s, true) {
        Cow::Borrowed(s)
    } else {
        stabilize(s, |x: &str| OpaqueString::enforce(x))
            .map_err(|e| precis_error(e, JidPart::Resource))?
    };
    if out.starts_with(' ') {
        return Err(JidError::LeadingSpace);
    }
    check_len(&out, JidPart::Resource)?;
    Ok(out)
}

/// The mapping steps of UsernameCaseMapped (width mapping, case mapping,
/// NFC; RFC 8265 §3.3.2) without its code point checks: text that may
/// still hold characters XEP-0106 will escape, brought to the form
/// enforcement would give it, so that escaping it afterwards cannot be
/// undone by enforcement (a `\2F` that lower-casing would turn into the
/// escape `\2f`).
pub(crate) fn map_localpart(s: &str) -> Result<Cow<'_, str>, JidError> {
    if s.is_ascii() {
        return Ok(if s.bytes().any(|b| b.is_ascii_uppercase()) {
            Cow::Owned(s.to_ascii_lowercase())
        } else {
            Cow::Borrowed(s)
        });
    }
    let p = UsernameCaseMapped::new();
    let fault = |e| precis_error(e, JidPart::Local);
    let s = p.width_mapping_rule(s).map_err(fault)?;
    let s = p.case_mapping_rule(s).map_err(fault)?;
    p.normalization_rule(s).map_err(fault)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn localparts() {
        for (input, out) in [
            ("juliet", "juliet"),
            ("Juliet", "juliet"),
            ("fußball", "fußball"),
            ("Σ", "σ"),
            ("ς", "ς"),
            ("ＡＢＣ", "abc"),
            ("a\u{301}", "\u{e1}"),
            ("foo\\20bar", "foo\\20bar"),
        ] {
            assert_eq!(enforce_localpart(input).as_deref(), Ok(out), "{input}");
        }
        for (input, err) in [
            (
                "foo bar",
                JidError::Disallowed {
                    part: JidPart::Local,
                    ch: ' ',
                },
            ),
            (
                "henry\u{2163}",
                JidError::Disallowed {
                    part: JidPart::Local,
                    ch: '\u{2163}',
                },
            ),
            ("\u{ff20}x", JidError::ExcludedCharacter { ch: '@' }),
            (
                "a\u{200d}",
                JidError::Disallowed {
                    part: JidPart::Local,
                    ch: '\u{200d}',
                },
            ),
        ] {
            assert_eq!(enforce_localpart(input), Err(err), "{input}");
        }
        assert!(matches!(
            enforce_localpart(&"a".repeat(1024)),
            Err(JidError::PartTooLong { len: 1024, .. })
        ));
        // Width mapping shrinks 3069 octets of fullwidth letters to 1023.
        assert_eq!(enforce_localpart(&"ａ".repeat(1023)).unwrap().len(), 1023);
    }

    #[test]
    fn resourceparts() {
        assert_eq!(enforce_resourcepart("foo bar").as_deref(), Ok("foo bar"));
        assert_eq!(enforce_resourcepart("a\u{a0}b").as_deref(), Ok("a b"));
        assert_eq!(enforce_resourcepart("\u{265a}").as_deref(), Ok("\u{265a}"));
        assert_eq!(enforce_resourcepart(" foo"), Err(JidError::LeadingSpace));
        assert_eq!(
            enforce_resourcepart("\u{3000}foo"),
            Err(JidError::LeadingSpace)
        );
        assert_eq!(
            enforce_resourcepart("x\u{0}"),
            Err(JidError::Disallowed {
                part: JidPart::Resource,
                ch: '\u{0}'
            })
        );
    }

    #[test]
    fn mapping_only() {
        assert_eq!(map_localpart("A\\2Fb").unwrap(), "a\\2fb");
        assert_eq!(map_localpart("＼２０ Ｘ").unwrap(), "\\20 x");
    }
}
