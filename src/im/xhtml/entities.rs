//! HTML character references: the HTML 4.01 named entities (§24: Latin-1,
//! symbols and Greek, special characters), `&apos;` and the three HTML5
//! names that matter for URL filtering (`&Tab;`, `&NewLine;`, `&colon;`),
//! numeric references with the Windows-1252 reading of 0x80-0x9F that
//! HTML5 §13.2.5.80 prescribes.

/// The Latin-1 entities, U+00A0 to U+00FF in order.
const LATIN1: [&str; 96] = [
    "nbsp", "iexcl", "cent", "pound", "curren", "yen", "brvbar", "sect", "uml", "copy", "ordf",
    "laquo", "not", "shy", "reg", "macr", "deg", "plusmn", "sup2", "sup3", "acute", "micro",
    "para", "middot", "cedil", "sup1", "ordm", "raquo", "frac14", "frac12", "frac34", "iquest",
    "Agrave", "Aacute", "Acirc", "Atilde", "Auml", "Aring", "AElig", "Ccedil", "Egrave", "Eacute",
    "Ecirc", "Euml", "Igrave", "Iacute", "Icirc", "Iuml", "ETH", "Ntilde", "Ograve", "Oacute",
    "Ocirc", "Otilde", "Ouml", "times", "Oslash", "Ugrave", "Uacute", "Ucirc", "Uuml", "Yacute",
    "THORN", "szlig", "agrave", "aacute", "acirc", "atilde", "auml", "aring", "aelig", "ccedil",
    "egrave", "eacute", "ecirc", "euml", "igrave", "iacute", "icirc", "iuml", "eth", "ntilde",
    "ograve", "oacute", "ocirc", "otilde", "ouml", "divide", "oslash", "ugrave", "uacute", "ucirc",
    "uuml", "yacute", "thorn", "yuml",
];

/// Greek capitals from U+0391 (U+03A2 is unassigned).
const GREEK_UPPER: [&str; 25] = [
    "Alpha", "Beta", "Gamma", "Delta", "Epsilon", "Zeta", "Eta", "Theta", "Iota", "Kappa",
    "Lambda", "Mu", "Nu", "Xi", "Omicron", "Pi", "Rho", "", "Sigma", "Tau", "Upsilon", "Phi",
    "Chi", "Psi", "Omega",
];

/// Greek small letters from U+03B1.
const GREEK_LOWER: [&str; 25] = [
    "alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta", "iota", "kappa",
    "lambda", "mu", "nu", "xi", "omicron", "pi", "rho", "sigmaf", "sigma", "tau", "upsilon", "phi",
    "chi", "psi", "omega",
];

/// Every other name, with its code point.
const OTHER: &[(&str, u32)] = &[
    ("Tab", 0x09),
    ("NewLine", 0x0A),
    ("quot", 0x22),
    ("QUOT", 0x22),
    ("amp", 0x26),
    ("AMP", 0x26),
    ("apos", 0x27),
    ("colon", 0x3A),
    ("lt", 0x3C),
    ("LT", 0x3C),
    ("gt", 0x3E),
    ("GT", 0x3E),
    ("COPY", 0xA9),
    ("REG", 0xAE),
    ("OElig", 0x152),
    ("oelig", 0x153),
    ("Scaron", 0x160),
    ("scaron", 0x161),
    ("Yuml", 0x178),
    ("fnof", 0x192),
    ("circ", 0x2C6),
    ("tilde", 0x2DC),
    ("thetasym", 0x3D1),
    ("upsih", 0x3D2),
    ("piv", 0x3D6),
    ("ensp", 0x2002),
    ("emsp", 0x2003),
    ("thinsp", 0x2009),
    ("zwnj", 0x200C),
    ("zwj", 0x200D),
    ("lrm", 0x200E),
    ("rlm", 0x200F),
    ("ndash", 0x2013),
    ("mdash", 0x2014),
    ("lsquo", 0x2018),
    ("rsquo", 0x2019),
    ("sbquo", 0x201A),
    ("ldquo", 0x201C),
    ("rdquo", 0x201D),
    ("bdquo", 0x201E),
    ("dagger", 0x2020),
    ("Dagger", 0x2021),
    ("bull", 0x2022),
    ("hellip", 0x2026),
    ("permil", 0x2030),
    ("prime", 0x2032),
    ("Prime", 0x2033),
    ("lsaquo", 0x2039),
    ("rsaquo", 0x203A),
    ("oline", 0x203E),
    ("frasl", 0x2044),
    ("euro", 0x20AC),
    ("image", 0x2111),
    ("weierp", 0x2118),
    ("real", 0x211C),
    ("trade", 0x2122),
    ("alefsym", 0x2135),
    ("larr", 0x2190),
    ("uarr", 0x2191),
    ("rarr", 0x2192),
    ("darr", 0x2193),
    ("harr", 0x2194),
    ("crarr", 0x21B5),
    ("lArr", 0x21D0),
    ("uArr", 0x21D1),
    ("rArr", 0x21D2),
    ("dArr", 0x21D3),
    ("hArr", 0x21D4),
    ("forall", 0x2200),
    ("part", 0x2202),
    ("exist", 0x2203),
    ("empty", 0x2205),
    ("nabla", 0x2207),
    ("isin", 0x2208),
    ("notin", 0x2209),
    ("ni", 0x220B),
    ("prod", 0x220F),
    ("sum", 0x2211),
    ("minus", 0x2212),
    ("lowast", 0x2217),
    ("radic", 0x221A),
    ("prop", 0x221D),
    ("infin", 0x221E),
    ("ang", 0x2220),
    ("and", 0x2227),
    ("or", 0x2228),
    ("cap", 0x2229),
    ("cup", 0x222A),
    ("int", 0x222B),
    ("there4", 0x2234),
    ("sim", 0x223C),
    ("cong", 0x2245),
    ("asymp", 0x2248),
    ("ne", 0x2260),
    ("equiv", 0x2261),
    ("le", 0x2264),
    ("ge", 0x2265),
    ("sub", 0x2282),
    ("sup", 0x2283),
    ("nsub", 0x2284),
    ("sube", 0x2286),
    ("supe", 0x2287),
    ("oplus", 0x2295),
    ("otimes", 0x2297),
    ("perp", 0x22A5),
    ("sdot", 0x22C5),
    ("lceil", 0x2308),
    ("rceil", 0x2309),
    ("lfloor", 0x230A),
    ("rfloor", 0x230B),
    ("lang", 0x27E8),
    ("rang", 0x27E9),
    ("loz", 0x25CA),
    ("spades", 0x2660),
    ("clubs", 0x2663),
    ("hearts", 0x2665),
    ("diams", 0x2666),
];

/// Names HTML also recognises without the closing `;` (a subset of the
/// HTML5 legacy list: the ones senders actually leave unterminated).
const LEGACY: &[&str] = &[
    "amp", "AMP", "lt", "LT", "gt", "GT", "quot", "QUOT", "nbsp", "copy", "COPY", "reg", "REG",
];

/// Longest name in the tables.
pub(super) const MAX_NAME: usize = 8;

/// The character a reference name stands for.
pub(super) fn named(name: &str) -> Option<char> {
    if name.is_empty() {
        return None;
    }
    let code = if let Some(i) = LATIN1.iter().position(|n| *n == name) {
        0xA0 + u32::try_from(i).ok()?
    } else if let Some(i) = GREEK_UPPER.iter().position(|n| *n == name) {
        0x391 + u32::try_from(i).ok()?
    } else if let Some(i) = GREEK_LOWER.iter().position(|n| *n == name) {
        0x3B1 + u32::try_from(i).ok()?
    } else {
        OTHER.iter().find(|(n, _)| *n == name)?.1
    };
    char::from_u32(code)
}

/// The longest legacy name `run` starts with, and its character.
pub(super) fn legacy_prefix(run: &str) -> Option<(&'static str, char)> {
    LEGACY
        .iter()
        .filter(|n| run.starts_with(**n))
        .max_by_key(|n| n.len())
        .and_then(|n| Some((*n, named(n)?)))
}

/// The character a numeric reference stands for, as HTML5 reads it:
/// 0x80-0x9F through Windows-1252, everything else as a code point.
/// `None` for values that are no character (surrogates, beyond U+10FFFF).
pub(super) fn numeric(code: u32) -> Option<char> {
    let mapped = match code {
        0x80 => 0x20AC,
        0x82 => 0x201A,
        0x83 => 0x0192,
        0x84 => 0x201E,
        0x85 => 0x2026,
        0x86 => 0x2020,
        0x87 => 0x2021,
        0x88 => 0x02C6,
        0x89 => 0x2030,
        0x8A => 0x0160,
        0x8B => 0x2039,
        0x8C => 0x0152,
        0x8E => 0x017D,
        0x91 => 0x2018,
        0x92 => 0x2019,
        0x93 => 0x201C,
        0x94 => 0x201D,
        0x95 => 0x2022,
        0x96 => 0x2013,
        0x97 => 0x2014,
        0x98 => 0x02DC,
        0x99 => 0x2122,
        0x9A => 0x0161,
        0x9B => 0x203A,
        0x9C => 0x0153,
        0x9E => 0x017E,
        0x9F => 0x0178,
        other => other,
    };
    char::from_u32(mapped)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names() {
        for (name, c) in [
            ("nbsp", '\u{A0}'),
            ("yuml", 'ÿ'),
            ("eacute", 'é'),
            ("times", '×'),
            ("amp", '&'),
            ("AMP", '&'),
            ("apos", '\''),
            ("hellip", '…'),
            ("mdash", '—'),
            ("ndash", '–'),
            ("lsquo", '‘'),
            ("rsquo", '’'),
            ("ldquo", '“'),
            ("rdquo", '”'),
            ("euro", '€'),
            ("copy", '©'),
            ("reg", '®'),
            ("Omega", 'Ω'),
            ("Sigma", 'Σ'),
            ("sigmaf", 'ς'),
            ("omega", 'ω'),
            ("colon", ':'),
            ("Tab", '\t'),
            ("NewLine", '\n'),
            ("hearts", '♥'),
        ] {
            assert_eq!(named(name), Some(c), "{name}");
        }
        for bad in ["", "Amp", "nbs", "bogus", "NBSP"] {
            assert_eq!(named(bad), None, "{bad}");
        }
        let longest = LATIN1
            .iter()
            .chain(GREEK_UPPER.iter())
            .chain(GREEK_LOWER.iter())
            .chain(OTHER.iter().map(|(n, _)| n))
            .map(|n| n.len())
            .max();
        assert_eq!(longest, Some(MAX_NAME));
    }

    #[test]
    fn legacy_names_match_the_longest_prefix() {
        assert_eq!(legacy_prefix("copy2020"), Some(("copy", '©')));
        assert_eq!(legacy_prefix("ampx"), Some(("amp", '&')));
        assert_eq!(legacy_prefix("notit"), None);
    }

    #[test]
    fn numeric_references_read_c1_as_windows_1252() {
        assert_eq!(numeric(0x92), Some('’'));
        assert_eq!(numeric(0x96), Some('–'));
        assert_eq!(numeric(0x80), Some('€'));
        assert_eq!(numeric(0x81), Some('\u{81}'));
        assert_eq!(numeric(0x41), Some('A'));
        assert_eq!(numeric(0xD800), None);
        assert_eq!(numeric(0x11_0000), None);
    }
}
