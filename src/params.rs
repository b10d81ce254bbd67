//! `;name=value` parameter lists (RFC 3261 §25 `generic-param`, RFC 2045
//! MIME parameters).

use std::borrow::Cow;
use std::fmt;

use crate::grammar::{
    FmtOut, Out, eq_ic, is_token_byte, quoted_end, trim_wsp_start, unescape_quoted,
};

/// The end of the run of SP and HTAB of `b` from `i`.
#[inline]
fn wsp_end(b: &[u8], mut i: usize) -> usize {
    while b.get(i).is_some_and(|&c| crate::grammar::is_wsp(c)) {
        i += 1;
    }
    i
}

/// Most parameters accepted in one header value or media type. Bounds the
/// work of the duplicate check.
pub const MAX_PARAMS: usize = 64;

/// The value of a parameter, as it was written.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum ParamValue<'a> {
    /// A bare token or host (`tag=a6c85cf`, `received=192.0.2.1`).
    Token(Cow<'a, str>),
    /// A quoted string, held unescaped (`+sip.instance="<urn:...>"`).
    Quoted(Cow<'a, str>),
}

impl ParamValue<'_> {
    /// The value, without quotes or escapes.
    pub fn as_str(&self) -> &str {
        match self {
            ParamValue::Token(s) | ParamValue::Quoted(s) => s,
        }
    }

    /// Detaches the value from the buffer it was parsed from.
    pub fn into_owned(self) -> ParamValue<'static> {
        match self {
            ParamValue::Token(s) => ParamValue::Token(Cow::Owned(s.into_owned())),
            ParamValue::Quoted(s) => ParamValue::Quoted(Cow::Owned(s.into_owned())),
        }
    }
}

/// One parameter: a name and an optional value.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Param<'a> {
    /// The name as written (compare case-insensitively).
    pub name: Cow<'a, str>,
    /// The value, if the parameter has one.
    pub value: Option<ParamValue<'a>>,
}

impl<'a> Param<'a> {
    /// A parameter with a token value (written without quotes).
    pub fn token(name: impl Into<Cow<'a, str>>, value: impl Into<Cow<'a, str>>) -> Self {
        Param {
            name: name.into(),
            value: Some(ParamValue::Token(value.into())),
        }
    }

    /// A parameter with a quoted-string value.
    pub fn quoted(name: impl Into<Cow<'a, str>>, value: impl Into<Cow<'a, str>>) -> Self {
        Param {
            name: name.into(),
            value: Some(ParamValue::Quoted(value.into())),
        }
    }

    /// A parameter without a value (`;lr`).
    pub fn flag(name: impl Into<Cow<'a, str>>) -> Self {
        Param {
            name: name.into(),
            value: None,
        }
    }

    /// Detaches the parameter from the buffer it was parsed from.
    pub fn into_owned(self) -> Param<'static> {
        Param {
            name: Cow::Owned(self.name.into_owned()),
            value: self.value.map(ParamValue::into_owned),
        }
    }
}

/// An ordered list of parameters with unique (case-insensitive) names.
///
/// A list of one parameter (a From tag, a Via branch) is held without an
/// allocation.
#[derive(Clone, Default)]
pub struct Params<'a>(Store<'a>);

impl fmt::Debug for Params<'_> {
    /// As a list, however the parameters are held.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("Params").field(&self.as_slice()).finish()
    }
}

/// The parameters: none or one held in place, more in a vector.
#[derive(Debug, Clone)]
enum Store<'a> {
    Inline(Option<Param<'a>>),
    Heap(Vec<Param<'a>>),
}

impl Default for Store<'_> {
    fn default() -> Self {
        Store::Inline(None)
    }
}

impl PartialEq for Params<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.as_slice() == other.as_slice()
    }
}

impl Eq for Params<'_> {}

impl std::hash::Hash for Params<'_> {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.as_slice().hash(state);
    }
}

/// Why a parameter list could not be parsed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ParamError {
    /// A `;` not followed by a parameter name.
    #[error("empty parameter name at byte {offset}")]
    EmptyName {
        /// Byte offset in the header value.
        offset: usize,
    },
    /// A character that may not appear in a parameter value.
    #[error("invalid character in parameter value at byte {offset}")]
    BadValue {
        /// Byte offset in the header value.
        offset: usize,
    },
    /// `name=` with nothing after the `=`.
    #[error("parameter without a value after '=' at byte {offset}")]
    EmptyValue {
        /// Byte offset in the header value.
        offset: usize,
    },
    /// A quoted string without its closing quote.
    #[error("unterminated quoted string at byte {offset}")]
    UnterminatedQuote {
        /// Byte offset in the header value.
        offset: usize,
    },
    /// The same name twice in one list (RFC 3261 §7.3.1).
    #[error("parameter repeated at byte {offset}")]
    Duplicate {
        /// Byte offset in the header value.
        offset: usize,
    },
    /// More than [`MAX_PARAMS`] parameters.
    #[error("more than {MAX_PARAMS} parameters")]
    TooMany,
}

impl ParamError {
    /// Shifts the reported offset by `by` bytes (for callers that parsed a
    /// slice of a larger value).
    pub(crate) fn shifted(self, by: usize) -> Self {
        use ParamError::*;
        match self {
            EmptyName { offset } => EmptyName {
                offset: offset + by,
            },
            BadValue { offset } => BadValue {
                offset: offset + by,
            },
            EmptyValue { offset } => EmptyValue {
                offset: offset + by,
            },
            UnterminatedQuote { offset } => UnterminatedQuote {
                offset: offset + by,
            },
            Duplicate { offset } => Duplicate {
                offset: offset + by,
            },
            TooMany => TooMany,
        }
    }
}

/// Characters allowed in an unquoted parameter value: `token` plus the
/// characters of `host` (IPv6 references) and `/`.
pub(crate) const fn is_value_byte(b: u8) -> bool {
    VALUE[b as usize]
}

crate::grammar::byte_table!(
    VALUE = |b| crate::grammar::TOKEN[b as usize] || matches!(b, b'[' | b']' | b':' | b'/')
);

impl<'a> Params<'a> {
    /// An empty list.
    pub const fn new() -> Self {
        Params(Store::Inline(None))
    }

    /// The parameters as a slice.
    fn as_slice(&self) -> &[Param<'a>] {
        match &self.0 {
            Store::Inline(None) => &[],
            Store::Inline(Some(p)) => std::slice::from_ref(p),
            Store::Heap(v) => v,
        }
    }

    fn as_mut_slice(&mut self) -> &mut [Param<'a>] {
        match &mut self.0 {
            Store::Inline(None) => &mut [],
            Store::Inline(Some(p)) => std::slice::from_mut(p),
            Store::Heap(v) => v,
        }
    }

    /// Appends a parameter (the caller has checked its name is new).
    pub(crate) fn push(&mut self, param: Param<'a>) {
        match &mut self.0 {
            Store::Inline(slot @ None) => *slot = Some(param),
            Store::Heap(v) => v.push(param),
            Store::Inline(Some(_)) => {
                if let Store::Inline(Some(first)) = std::mem::take(&mut self.0) {
                    let mut v = Vec::with_capacity(4);
                    v.push(first);
                    v.push(param);
                    self.0 = Store::Heap(v);
                }
            }
        }
    }

    /// Parses `*( SWS ";" SWS name [ SWS "=" SWS value ] )` from the start
    /// of `s`. Stops at the first byte that does not continue the list
    /// (for example `,` or `>`), returning the list and the unparsed rest.
    pub(crate) fn parse_prefix(s: &'a str) -> Result<(Params<'a>, &'a str), ParamError> {
        let b = s.as_bytes();
        let mut list = Params::new();
        // Start of the unparsed rest.
        let mut rest = 0;
        loop {
            let t = wsp_end(b, rest);
            if b.get(t) != Some(&b';') {
                return Ok((list, s.get(rest..).unwrap_or_default()));
            }
            let n0 = wsp_end(b, t + 1);
            let n1 = crate::grammar::run_end(b, n0, &crate::grammar::TOKEN);
            if n1 == n0 {
                return Err(ParamError::EmptyName { offset: n0 });
            }
            let name = &s[n0..n1];
            let mut after = n1;
            let mut value = None;
            let eq = wsp_end(b, n1);
            if b.get(eq) == Some(&b'=') {
                let v0 = wsp_end(b, eq + 1);
                let vb = b.get(v0..).unwrap_or_default();
                if vb.first() == Some(&b'"') {
                    let end = quoted_end(vb).ok_or(ParamError::UnterminatedQuote { offset: v0 })?;
                    value = Some(ParamValue::Quoted(unescape_quoted(
                        &s[v0 + 1..v0 + end - 1],
                    )));
                    after = v0 + end;
                } else {
                    let v1 = crate::grammar::run_end(b, v0, &VALUE);
                    if v1 == v0 {
                        return Err(match vb.first() {
                            None | Some(b';' | b',' | b' ' | b'\t' | b'>') => {
                                ParamError::EmptyValue { offset: v0 }
                            }
                            Some(_) => ParamError::BadValue { offset: v0 },
                        });
                    }
                    value = Some(ParamValue::Token(Cow::Borrowed(&s[v0..v1])));
                    after = v1;
                }
            }
            if list.len() >= MAX_PARAMS {
                return Err(ParamError::TooMany);
            }
            if list.contains(name) {
                return Err(ParamError::Duplicate { offset: n0 });
            }
            list.push(Param {
                name: Cow::Borrowed(name),
                value,
            });
            // A value must be followed by a separator, not glued to more text.
            if let Some(&c) = b.get(after) {
                if !matches!(c, b';' | b',' | b' ' | b'\t' | b'>' | b'?') {
                    return Err(ParamError::BadValue { offset: after });
                }
            }
            rest = after;
        }
    }

    /// [`parse_all`](Self::parse_all) of the usual list in one pass:
    /// `;name` and `;name=value` with a token name and a value of the
    /// characters of an unquoted value, no whitespace, up to the end of
    /// `s`. `None` for anything else (whitespace, a quoted value, a
    /// repeated name, too many, any fault), which `parse_all` reads; when
    /// this gives a list, it is the one `parse_all` gives.
    ///
    /// Why: with no whitespace to skip, `parse_prefix` reads the same name
    /// and value runs from the same places (neither run holds `;`, `=`,
    /// `"` or whitespace), pushes the same parameters in the same order
    /// after the same checks, finds each followed by `;` or the end, and
    /// leaves nothing over.
    pub(crate) fn parse_common(s: &'a str) -> Option<Params<'a>> {
        let b = s.as_bytes();
        let mut list = Params::new();
        let mut r = 0;
        while b.get(r) == Some(&b';') {
            let n0 = r + 1;
            let n1 = crate::grammar::run_end(b, n0, &crate::grammar::TOKEN);
            let name = s.get(n0..n1).filter(|n| !n.is_empty())?;
            let mut value = None;
            r = n1;
            if b.get(n1) == Some(&b'=') {
                // Values (branches, tags) are often long enough for eight
                // bytes a step.
                let v1 = crate::grammar::run_end_long(b, n1 + 1, &VALUE);
                let v = s.get(n1 + 1..v1).filter(|v| !v.is_empty())?;
                value = Some(ParamValue::Token(Cow::Borrowed(v)));
                r = v1;
            }
            if !matches!(b.get(r), None | Some(b';'))
                || list.len() >= MAX_PARAMS
                || list.contains(name)
            {
                return None;
            }
            list.push(Param {
                name: Cow::Borrowed(name),
                value,
            });
        }
        (r == b.len()).then_some(list)
    }

    /// Parses a whole string as a parameter list; anything left over is an
    /// error.
    pub(crate) fn parse_all(s: &'a str) -> Result<Params<'a>, ParamError> {
        let (p, rest) = Self::parse_prefix(s)?;
        let r = trim_wsp_start(rest);
        if r.is_empty() {
            Ok(p)
        } else {
            Err(ParamError::BadValue {
                offset: s.len() - r.len(),
            })
        }
    }

    /// The parameter called `name` (case-insensitive).
    pub fn get(&self, name: &str) -> Option<&Param<'a>> {
        self.as_slice().iter().find(|p| eq_ic(&p.name, name))
    }

    /// The value of `name`: `None` when absent or valueless.
    pub fn value(&self, name: &str) -> Option<&str> {
        self.get(name)
            .and_then(|p| p.value.as_ref())
            .map(ParamValue::as_str)
    }

    /// The value of `name`, taken out of the list, so that it keeps the
    /// lifetime of the buffer the list was parsed from: `None` when
    /// absent or valueless.
    pub fn into_value(self, name: &str) -> Option<Cow<'a, str>> {
        self.into_param_value(name).map(|v| match v {
            ParamValue::Token(s) | ParamValue::Quoted(s) => s,
        })
    }

    /// [`into_value`](Self::into_value), saying whether the value was a
    /// token or a quoted string.
    pub(crate) fn into_param_value(self, name: &str) -> Option<ParamValue<'a>> {
        let param = match self.0 {
            Store::Inline(p) => p.filter(|p| eq_ic(&p.name, name)),
            Store::Heap(v) => v.into_iter().find(|p| eq_ic(&p.name, name)),
        };
        param.and_then(|p| p.value)
    }

    /// Whether `name` is present (with or without a value).
    pub fn contains(&self, name: &str) -> bool {
        self.get(name).is_some()
    }

    /// Sets `param`, replacing any parameter of the same name in place.
    pub fn set(&mut self, param: Param<'a>) {
        match self
            .as_mut_slice()
            .iter_mut()
            .find(|p| eq_ic(&p.name, &param.name))
        {
            Some(p) => *p = param,
            None => self.push(param),
        }
    }

    /// Removes `name`; returns whether it was present.
    pub fn remove(&mut self, name: &str) -> bool {
        match &mut self.0 {
            Store::Inline(slot) => {
                let found = slot.as_ref().is_some_and(|p| eq_ic(&p.name, name));
                if found {
                    *slot = None;
                }
                found
            }
            Store::Heap(v) => {
                let before = v.len();
                v.retain(|p| !eq_ic(&p.name, name));
                before != v.len()
            }
        }
    }

    /// The parameters in order.
    pub fn iter(&self) -> std::slice::Iter<'_, Param<'a>> {
        self.as_slice().iter()
    }

    /// Number of parameters.
    pub fn len(&self) -> usize {
        self.as_slice().len()
    }

    /// Whether the list is empty.
    pub fn is_empty(&self) -> bool {
        self.as_slice().is_empty()
    }

    /// Detaches the list from the buffer it was parsed from.
    pub fn into_owned(self) -> Params<'static> {
        Params(match self.0 {
            Store::Inline(p) => Store::Inline(p.map(Param::into_owned)),
            Store::Heap(v) => Store::Heap(v.into_iter().map(Param::into_owned).collect()),
        })
    }
}

impl<'a> FromIterator<Param<'a>> for Params<'a> {
    fn from_iter<I: IntoIterator<Item = Param<'a>>>(iter: I) -> Self {
        let mut p = Params::new();
        for x in iter {
            p.set(x);
        }
        p
    }
}

impl<'a, 'b> IntoIterator for &'b Params<'a> {
    type Item = &'b Param<'a>;
    type IntoIter = std::slice::Iter<'b, Param<'a>>;
    fn into_iter(self) -> Self::IntoIter {
        self.as_slice().iter()
    }
}

/// Writes a token value as is when it only holds value characters, and as
/// a quoted string otherwise, so the output always parses back.
fn write_value(out: &mut impl Out, v: &ParamValue<'_>) {
    match v {
        ParamValue::Token(s) if !s.is_empty() && s.bytes().all(is_value_byte) => out.put(s),
        ParamValue::Token(s) | ParamValue::Quoted(s) => crate::grammar::write_quoted(out, s),
    }
}

impl Param<'_> {
    /// Writes what `Display` writes.
    pub(crate) fn write_into(&self, out: &mut impl Out) {
        if self.name.bytes().all(is_token_byte) {
            out.put(&self.name);
        } else {
            for c in self
                .name
                .chars()
                .filter(|c| c.is_ascii() && is_token_byte(*c as u8))
            {
                out.put_char(c);
            }
        }
        if let Some(v) = &self.value {
            out.put("=");
            write_value(out, v);
        }
    }
}

impl Params<'_> {
    /// Writes what `Display` writes: each parameter preceded by `;`.
    pub(crate) fn write_into(&self, out: &mut impl Out) {
        for p in self.as_slice() {
            out.put(";");
            p.write_into(out);
        }
    }

    /// What [`write_into`](Self::write_into) writes when no value needs
    /// quoting (more otherwise): for sizing a buffer.
    pub(crate) fn plain_len(&self) -> usize {
        self.as_slice()
            .iter()
            .map(|p| 1 + p.name.len() + p.value.as_ref().map_or(0, |v| 1 + v.as_str().len()))
            .sum()
    }
}

impl fmt::Display for Param<'_> {
    /// `name` or `name=value`, without the leading `;`. Names that are not
    /// tokens have their invalid bytes dropped, so the output never
    /// carries a separator or a line break.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut out = FmtOut::new(f);
        self.write_into(&mut out);
        out.finish()
    }
}

impl fmt::Display for Params<'_> {
    /// Each parameter preceded by `;`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut out = FmtOut::new(f);
        self.write_into(&mut out);
        out.finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Input, expected (name, value) pairs, expected unparsed rest.
    type Case<'a> = (&'a str, &'a [(&'a str, Option<&'a str>)], &'a str);

    #[test]
    fn table() {
        let ok: &[Case<'_>] = &[
            (";tag=1", &[("tag", Some("1"))], ""),
            (
                " ;  tag    = 1918181833n",
                &[("tag", Some("1918181833n"))],
                "",
            ),
            (";lr;x=\"a;b\"", &[("lr", None), ("x", Some("a;b"))], ""),
            (
                ";received=[2001:db8::1];rport",
                &[("received", Some("[2001:db8::1]")), ("rport", None)],
                "",
            ),
            (";q=0.5, <sip:b>", &[("q", Some("0.5"))], ", <sip:b>"),
            ("", &[], ""),
        ];
        for (input, want, rest) in ok {
            let (p, r) = Params::parse_prefix(input).unwrap();
            let got: Vec<_> = p
                .iter()
                .map(|x| (x.name.as_ref(), x.value.as_ref().map(|v| v.as_str())))
                .collect();
            assert_eq!(&got[..], *want, "{input}");
            assert_eq!(r, *rest, "{input}");
        }
        for bad in [";", ";;", ";a=", ";a=\"x", ";a=1;A=2", ";a=x\"y\"", ";a=@"] {
            assert!(Params::parse_prefix(bad).is_err(), "{bad}");
        }
    }

    proptest::proptest! {
        /// The one-pass reading gives what `parse_all` gives, when it
        /// gives anything.
        #[test]
        fn common_is_parse_all(
            s in "((;|; | ;)(tag|branch|lr|TAG|x y)?(=| =|= )?([a-zA-Z0-9.:/\\[\\]-]{0,5}|\"a;b\"|@|)){0,4}[ ,>?]{0,1}",
        ) {
            if let Some(p) = Params::parse_common(&s) {
                proptest::prop_assert_eq!(Ok(p), Params::parse_all(&s), "{}", &s);
            }
        }
    }

    #[test]
    fn common_cases() {
        for s in ["", ";tag=1", ";lr;branch=z9hG4bK1", ";a=[::1];b"] {
            let p = Params::parse_common(s);
            assert!(p.is_some(), "{s}");
            assert_eq!(Ok(p.unwrap()), Params::parse_all(s), "{s}");
        }
        for s in [";", ";a=", ";a;A", " ;a", ";a=\"x\"", ";a=1 ", ";a=@", "x"] {
            assert!(Params::parse_common(s).is_none(), "{s}");
        }
    }

    #[test]
    fn too_many_is_bounded() {
        let s: String = (0..100).map(|i| format!(";p{i}")).collect();
        assert_eq!(Params::parse_prefix(&s).unwrap_err(), ParamError::TooMany);
    }

    #[test]
    fn display_roundtrip() {
        let p: Params<'_> = [
            Param::token("tag", "x"),
            Param::flag("lr"),
            Param::quoted("n", "a \"b\""),
            Param::token("t", "has space"),
        ]
        .into_iter()
        .collect();
        let s = p.to_string();
        assert_eq!(s, ";tag=x;lr;n=\"a \\\"b\\\"\";t=\"has space\"");
        assert_eq!(Params::parse_all(&s).unwrap().value("n"), Some("a \"b\""));
    }

    /// Equality and hashing look at the parameters, not at how they are
    /// held.
    #[test]
    fn held_in_place_or_not_alike() {
        use std::hash::{DefaultHasher, Hash, Hasher};
        let hash = |p: &Params<'_>| {
            let mut h = DefaultHasher::new();
            p.hash(&mut h);
            h.finish()
        };
        let mut two: Params<'_> = [Param::token("tag", "x"), Param::flag("lr")]
            .into_iter()
            .collect();
        assert!(two.remove("LR"));
        assert!(!two.remove("lr"));
        let mut one = Params::new();
        one.set(Param::token("tag", "x"));
        assert_eq!(one, two);
        assert_eq!(hash(&one), hash(&two));
        assert_eq!(one.to_string(), ";tag=x");
        one.set(Param::token("TAG", "y"));
        assert_eq!((one.len(), one.value("tag")), (1, Some("y")));
        one.set(Param::flag("lr"));
        one.set(Param::flag("x"));
        assert_eq!(one.to_string(), ";TAG=y;lr;x");
        assert!(one.remove("tag") && one.len() == 2);
        let owned = one.clone().into_owned();
        assert_eq!(owned, one);
        let mut empty = Params::new();
        assert!(!empty.remove("a"));
        assert!(empty.is_empty() && empty.iter().next().is_none());
    }
}
