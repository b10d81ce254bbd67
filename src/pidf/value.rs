//! Validated values of PIDF attributes and text: `xs:ID` identifiers,
//! RFC 3339 timestamps and contact priorities.

use std::borrow::Cow;
use std::fmt;

use crate::xmpp::{is_name_char, is_ncname};

/// Why a string is not a valid [`Id`], [`Timestamp`] or [`Priority`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, thiserror::Error)]
#[non_exhaustive]
pub enum ValueError {
    /// Not an `xs:ID`: an NCName starts with a letter or `_` and holds
    /// only name characters, no `:` or space (Namespaces in XML 1.0 §3).
    #[error("not an xs:ID (an XML NCName)")]
    Id,
    /// Not an RFC 3339 `date-time` with upper-case `T` and `Z` (RFC 3863
    /// §4.1.7), or a date or time out of range.
    #[error("not an RFC 3339 date-time with upper-case T and Z")]
    Timestamp,
    /// Not a decimal between 0 and 1 with at most three digits after the
    /// point (RFC 3863 §4.1.5, the `qvalue` type of its schema).
    #[error("not a priority between 0 and 1 with at most 3 decimals")]
    Priority,
}

/// An `xs:ID` value: the `id` of a `<tuple>` (RFC 3863 §4.1.2) or of a
/// `<dm:person>` (RFC 4479 §3.1). An NCName: first character a letter or
/// `_`, the others letters, digits, `.`, `-`, `_`, combining marks and
/// extenders; no `:` and no whitespace.
///
/// [`from_resource`](Self::from_resource) and
/// [`to_resource`](Self::to_resource) give the reversible mapping between
/// an XMPP resourcepart and a tuple id that `presence.md` §6.1 defines.
///
/// ```
/// use sip_xmpp::pidf::Id;
/// let id = Id::from_resource("foo bar");
/// assert_eq!(id.as_str(), "ID-foo_x0020_bar");
/// assert_eq!(id.to_resource().as_deref(), Some("foo bar"));
/// assert!(Id::parse("1abc").is_err());
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Id(String);

/// The prefix of tuple ids made from resourceparts (RFC 8048 §6.2 note 2).
const RESOURCE_PREFIX: &str = "ID-";

impl Id {
    /// Checks that `s` is an NCName.
    pub fn parse(s: &str) -> Result<Id, ValueError> {
        if is_ncname(s) {
            Ok(Id(s.to_owned()))
        } else {
            Err(ValueError::Id)
        }
    }

    /// The id as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The tuple id for an XMPP resourcepart (RFC 8048 §6.2 note 2,
    /// `presence.md` §6.1): `ID-` followed by the resourcepart, in which
    /// every character that may not appear in an NCName is written as
    /// `_xHHHH_` (four upper-case hex digits, six above U+FFFF), and a
    /// literal `_` that would start such a sequence as `_x005F_`.
    pub fn from_resource(resource: &str) -> Id {
        let mut out = String::with_capacity(RESOURCE_PREFIX.len() + resource.len());
        out.push_str(RESOURCE_PREFIX);
        for (i, c) in resource.char_indices() {
            let literal = if c == '_' {
                sequence_at(resource, i).is_none()
            } else {
                is_name_char(c)
            };
            if literal {
                out.push(c);
            } else {
                push_sequence(&mut out, c);
            }
        }
        Id(out)
    }

    /// The XMPP resourcepart this tuple id stands for: the text after
    /// `ID-` with the `_xHHHH_` sequences decoded; `None` when the id does
    /// not start with `ID-` or nothing follows it. The inverse of
    /// [`from_resource`](Self::from_resource).
    pub fn to_resource(&self) -> Option<String> {
        self.resource().map(Cow::into_owned)
    }

    /// [`to_resource`](Self::to_resource), borrowed from the id when
    /// there is nothing to decode.
    pub(crate) fn resource(&self) -> Option<Cow<'_, str>> {
        let rest = self.0.strip_prefix(RESOURCE_PREFIX)?;
        if rest.is_empty() {
            return None;
        }
        if !rest.contains("_x") {
            return Some(Cow::Borrowed(rest));
        }
        let mut out = String::with_capacity(rest.len());
        let mut i = 0;
        while let Some(c) = rest.get(i..).and_then(|r| r.chars().next()) {
            match sequence_at(rest, i) {
                Some((decoded, len)) => {
                    out.push(decoded);
                    i += len;
                }
                None => {
                    out.push(c);
                    i += c.len_utf8();
                }
            }
        }
        Some(Cow::Owned(out))
    }
}

impl fmt::Display for Id {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl AsRef<str> for Id {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl std::str::FromStr for Id {
    type Err = ValueError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Id::parse(s)
    }
}

/// Appends `_xHHHH_` (or `_xHHHHHH_` above U+FFFF) for `c`.
fn push_sequence(out: &mut String, c: char) {
    use fmt::Write;
    let code = u32::from(c);
    // Writing to a String cannot fail.
    let _ = if code > 0xFFFF {
        write!(out, "_x{code:06X}_")
    } else {
        write!(out, "_x{code:04X}_")
    };
}

/// The character and length of an `_xHHHH_` or `_xHHHHHH_` sequence
/// (upper-case hex digits, a Unicode scalar value) at byte `i` of `s`.
fn sequence_at(s: &str, i: usize) -> Option<(char, usize)> {
    let b = s.as_bytes().get(i..)?;
    if b.get(..2) != Some(b"_x") {
        return None;
    }
    let hex = |d: &u8| d.is_ascii_digit() || (b'A'..=b'F').contains(d);
    for digits in [4, 6] {
        let run = b.get(2..2 + digits)?;
        if run.iter().all(hex) && b.get(2 + digits) == Some(&b'_') {
            let text = std::str::from_utf8(run).ok()?;
            let c = u32::from_str_radix(text, 16)
                .ok()
                .and_then(char::from_u32)?;
            return Some((c, digits + 3));
        }
        if !run.iter().all(hex) {
            return None;
        }
    }
    None
}

/// An RFC 3339 `date-time` as RFC 3863 §4.1.7 requires it for
/// `<timestamp>`: `YYYY-MM-DDTHH:MM:SS[.frac](Z|+HH:MM|-HH:MM)` with
/// upper-case `T` and `Z`, every field in range (day of month by the
/// Gregorian calendar, second 60 for a leap second). Kept as written.
///
/// ```
/// use sip_xmpp::pidf::Timestamp;
/// assert!(Timestamp::parse("2001-10-27T16:49:29Z").is_ok());
/// assert!(Timestamp::parse("2001-10-27t16:49:29z").is_err());
/// assert!(Timestamp::parse("2001-02-29T00:00:00Z").is_err());
/// assert_eq!(Timestamp::from_unix_seconds(1_000_000_000).unwrap().as_str(), "2001-09-09T01:46:40Z");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Timestamp(String);

impl Timestamp {
    /// Checks `s` against the RFC 3339 `date-time` grammar and ranges.
    pub fn parse(s: &str) -> Result<Timestamp, ValueError> {
        if is_date_time(s) {
            Ok(Timestamp(s.to_owned()))
        } else {
            Err(ValueError::Timestamp)
        }
    }

    /// The UTC time `secs` seconds after 1970-01-01T00:00:00Z, written
    /// `YYYY-MM-DDTHH:MM:SSZ`; `None` after year 9999. The caller supplies
    /// the clock reading (the crate reads no clock).
    pub fn from_unix_seconds(secs: u64) -> Option<Timestamp> {
        let days = secs / 86_400;
        let rem = secs % 86_400;
        let (year, month, day) = civil_from_days(i64::try_from(days).ok()?);
        if year > 9999 {
            return None;
        }
        Some(Timestamp(format!(
            "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z",
            rem / 3600,
            rem % 3600 / 60,
            rem % 60
        )))
    }

    /// The timestamp as written.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::str::FromStr for Timestamp {
    type Err = ValueError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Timestamp::parse(s)
    }
}

/// Year, month and day of the day `days` after 1970-01-01 (the
/// days-from-civil inverse of the proleptic Gregorian calendar).
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    (
        year,
        u32::try_from(month).unwrap_or(1),
        u32::try_from(day).unwrap_or(1),
    )
}

fn is_leap(year: u32) -> bool {
    year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
}

fn days_in_month(year: u32, month: u32) -> u32 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// RFC 3339 §5.6 `date-time`, upper-case `T` and `Z`, fields in range
/// (§5.7).
fn is_date_time(s: &str) -> bool {
    let b = s.as_bytes();
    let num = |from: usize, len: usize| -> Option<u32> {
        let d = b.get(from..from + len)?;
        d.iter()
            .all(u8::is_ascii_digit)
            .then(|| d.iter().fold(0, |n, x| n * 10 + u32::from(x - b'0')))
    };
    let at = |i: usize, c: u8| b.get(i) == Some(&c);
    let (Some(year), Some(month), Some(day)) = (num(0, 4), num(5, 2), num(8, 2)) else {
        return false;
    };
    let (Some(hour), Some(minute), Some(second)) = (num(11, 2), num(14, 2), num(17, 2)) else {
        return false;
    };
    if !(at(4, b'-') && at(7, b'-') && at(10, b'T') && at(13, b':') && at(16, b':')) {
        return false;
    }
    if !((1..=12).contains(&month)
        && (1..=days_in_month(year, month)).contains(&day)
        && hour <= 23
        && minute <= 59
        && second <= 60)
    {
        return false;
    }
    let mut i = 19;
    if at(i, b'.') {
        let n = b
            .get(i + 1..)
            .unwrap_or_default()
            .iter()
            .take_while(|d| d.is_ascii_digit())
            .count();
        if n == 0 {
            return false;
        }
        i += 1 + n;
    }
    match b.get(i) {
        Some(b'Z') => i + 1 == b.len(),
        Some(b'+' | b'-') => match (num(i + 1, 2), num(i + 4, 2)) {
            (Some(h), Some(m)) => at(i + 3, b':') && h <= 23 && m <= 59 && i + 6 == b.len(),
            _ => false,
        },
        _ => false,
    }
}

/// The `priority` of a `<contact>` (RFC 3863 §4.1.5): a decimal from 0 to
/// 1 with at most three digits after the point, higher meaning preferred.
/// Kept as written (`0.8` and `0.800` are different texts of the same
/// value; compare [`thousandths`](Self::thousandths) for the value).
///
/// ```
/// use sip_xmpp::pidf::Priority;
/// assert_eq!(Priority::parse("0.8").unwrap().thousandths(), 800);
/// assert_eq!(Priority::from_thousandths(7).unwrap().as_str(), "0.007");
/// assert_eq!(Priority::from_thousandths(1000).unwrap().as_str(), "1.000");
/// assert!(Priority::parse("1.5").is_err());
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Priority {
    text: String,
    thousandths: u16,
}

impl Priority {
    /// Checks `s` against the RFC 3863 `qvalue` grammar:
    /// `0(.D{0,3})?` or `1(.0{0,3})?`.
    pub fn parse(s: &str) -> Result<Priority, ValueError> {
        let b = s.as_bytes();
        let (&whole, rest) = b.split_first().ok_or(ValueError::Priority)?;
        let decimals = match rest {
            [] => &[][..],
            [b'.', d @ ..] if d.len() <= 3 => d,
            _ => return Err(ValueError::Priority),
        };
        let fraction = decimals
            .iter()
            .chain(std::iter::repeat(&b'0'))
            .take(3)
            .try_fold(0u16, |n, d| {
                d.is_ascii_digit()
                    .then(|| n * 10 + u16::from(d - b'0'))
                    .ok_or(ValueError::Priority)
            })?;
        let thousandths = match whole {
            b'0' => fraction,
            b'1' if fraction == 0 => 1000,
            _ => return Err(ValueError::Priority),
        };
        Ok(Priority {
            text: s.to_owned(),
            thousandths,
        })
    }

    /// The priority `n`/1000, written with three decimals (`0.007`,
    /// `1.000`); `None` above 1000.
    pub fn from_thousandths(n: u16) -> Option<Priority> {
        (n <= 1000).then(|| Priority {
            text: format!("{}.{:03}", n / 1000, n % 1000),
            thousandths: n,
        })
    }

    /// The value in thousandths: 0 to 1000.
    pub fn thousandths(&self) -> u16 {
        self.thousandths
    }

    /// The priority as written.
    pub fn as_str(&self) -> &str {
        &self.text
    }
}

impl fmt::Display for Priority {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

impl std::str::FromStr for Priority {
    type Err = ValueError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Priority::parse(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids() {
        for ok in [
            "sg89ae",
            "_x",
            "ID-yn0cl4bnw0yr3vym",
            "a.b-c_d",
            "\u{e9}t\u{e9}",
        ] {
            assert!(Id::parse(ok).is_ok(), "{ok}");
        }
        for bad in ["", "1a", "-a", "a:b", "a b", ".a", "a@b"] {
            assert_eq!(Id::parse(bad), Err(ValueError::Id), "{bad}");
        }
    }

    #[test]
    fn resource_ids() {
        let table = [
            ("yn0cl4bnw0yr3vym", "ID-yn0cl4bnw0yr3vym"),
            ("foo bar", "ID-foo_x0020_bar"),
            ("Conversations.xYz1", "ID-Conversations.xYz1"),
            ("my_phone", "ID-my_phone"),
            ("a_x0020_b", "ID-a_x005F_x0020_b"),
            ("a_x0020", "ID-a_x0020"),
            ("a:b@c/d", "ID-a_x003A_b_x0040_c_x002F_d"),
            ("_", "ID-_"),
            ("\u{F0000}", "ID-_x0F0000_"),
            ("\u{1F600}", "ID-\u{1F600}"),
        ];
        for (resource, id) in table {
            let made = Id::from_resource(resource);
            assert_eq!(made.as_str(), id, "{resource:?}");
            assert!(Id::parse(made.as_str()).is_ok(), "{id}");
            assert_eq!(made.to_resource().as_deref(), Some(resource), "{id}");
        }
        assert_eq!(Id::parse("sg89ae").unwrap().to_resource(), None);
        assert_eq!(Id::parse("ID-").unwrap().to_resource(), None);
        assert_eq!(
            Id::parse("ID-x_x0041_").unwrap().to_resource().as_deref(),
            Some("xA")
        );
        assert_eq!(
            Id::parse("ID-x_xD800_").unwrap().to_resource().as_deref(),
            Some("x_xD800_")
        );
    }

    #[test]
    fn timestamps() {
        for ok in [
            "2001-10-27T16:49:29Z",
            "2000-12-13T13:40:00-08:00",
            "2000-12-13T13:40:00.25+01:00",
            "2000-02-29T23:59:60Z",
            "1996-12-19T16:39:57-08:00",
            "1990-12-31T23:59:60Z",
        ] {
            assert!(Timestamp::parse(ok).is_ok(), "{ok}");
        }
        for bad in [
            "",
            "2001-10-27 16:49:29Z",
            "2001-10-27t16:49:29Z",
            "2001-10-27T16:49:29z",
            "2001-10-27T16:49Z",
            "2001-10-27T16:49:29",
            "2001-10-27T16:49:29.Z",
            "2001-13-01T00:00:00Z",
            "2001-00-01T00:00:00Z",
            "1900-02-29T00:00:00Z",
            "2001-04-31T00:00:00Z",
            "2001-10-27T24:00:00Z",
            "2001-10-27T23:60:00Z",
            "2001-10-27T23:59:61Z",
            "2001-10-27T23:59:59+24:00",
            "2001-10-27T23:59:59+01:60",
            "2001-10-27T23:59:59+0100",
            "2001-10-27T23:59:59Z ",
            "+001-10-27T23:59:59Z",
        ] {
            assert_eq!(Timestamp::parse(bad), Err(ValueError::Timestamp), "{bad}");
        }
    }

    #[test]
    fn unix_timestamps() {
        let table = [
            (0, "1970-01-01T00:00:00Z"),
            (951_782_400, "2000-02-29T00:00:00Z"),
            (1_004_201_369, "2001-10-27T16:49:29Z"),
            (253_402_300_799, "9999-12-31T23:59:59Z"),
        ];
        for (secs, text) in table {
            let t = Timestamp::from_unix_seconds(secs).unwrap();
            assert_eq!(t.as_str(), text);
            assert!(Timestamp::parse(text).is_ok());
        }
        assert_eq!(Timestamp::from_unix_seconds(253_402_300_800), None);
        assert_eq!(Timestamp::from_unix_seconds(u64::MAX), None);
    }

    #[test]
    fn priorities() {
        let table = [
            ("0", 0),
            ("0.", 0),
            ("0.8", 800),
            ("0.725", 725),
            ("0.07", 70),
            ("1", 1000),
            ("1.0", 1000),
            ("1.000", 1000),
        ];
        for (text, value) in table {
            let p = Priority::parse(text).unwrap();
            assert_eq!((p.as_str(), p.thousandths()), (text, value));
        }
        for bad in [
            "", ".5", "1.5", "1.001", "2", "0.1234", "-0", "+0.5", " 0.5", "0,5", "0.5x",
        ] {
            assert_eq!(Priority::parse(bad), Err(ValueError::Priority), "{bad}");
        }
        for n in [0, 7, 15, 503, 992, 1000] {
            let p = Priority::from_thousandths(n).unwrap();
            assert_eq!(Priority::parse(p.as_str()).unwrap(), p);
        }
        assert_eq!(Priority::from_thousandths(1001), None);
    }
}
