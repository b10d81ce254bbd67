//! Helpers shared by the conformance modules: fixture loading, the RFC
//! 4475/5118 expectations table, and the fault type the table matches on.

use std::path::Path;

use sip_xmpp::sip::{Framing, SipError, SipMessage, ValidationError};

/// The bytes of `tests/fixtures/<rel>`.
pub fn fixture(rel: &str) -> Vec<u8> {
    let p = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(rel);
    std::fs::read(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

/// Why a message was refused: by the framing/syntax parser, or by the
/// RFC 3261 §8.2 checks of [`SipMessage::validate`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Fault {
    /// [`SipMessage::parse`] failed.
    Parse(SipError),
    /// [`SipMessage::validate`] failed.
    Validate(ValidationError),
}

impl Fault {
    /// The status code a server answers the fault with.
    pub fn status_code(&self) -> u16 {
        match self {
            Fault::Parse(e) => e.status_code(),
            Fault::Validate(e) => e.status_code(),
        }
    }
}

/// Parse then validate, as a server does before processing a request.
pub fn check(bytes: &[u8], framing: Framing) -> Result<SipMessage, Fault> {
    let m = SipMessage::parse(bytes, framing).map_err(Fault::Parse)?;
    m.validate().map_err(Fault::Validate)?;
    Ok(m)
}

/// Parses a fixture that must parse (panics with the error otherwise).
pub fn parse(rel: &str, framing: Framing) -> SipMessage {
    SipMessage::parse(&fixture(rel), framing).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

/// Parses and validates a fixture that must be accepted.
pub fn accept(rel: &str, framing: Framing) -> SipMessage {
    check(&fixture(rel), framing).unwrap_or_else(|e| panic!("{rel}: {e:?}"))
}

/// Parses and validates a fixture that must be refused, returning why.
pub fn reject(rel: &str, framing: Framing) -> Fault {
    match check(&fixture(rel), framing) {
        Ok(_) => panic!("{rel}: accepted, expected a rejection"),
        Err(f) => f,
    }
}

/// One line of `tests/fixtures/torture.tsv`.
#[derive(Debug, Clone)]
pub struct Row {
    /// Fixture path relative to `tests/fixtures/`.
    pub path: String,
    /// `valid`, `invalid`, `either` or `datagram`.
    pub verdict: String,
    /// Status codes the RFC names, preferred first (empty for `-`).
    pub status: Vec<u16>,
}

/// Every row of the expectations table.
pub fn rows() -> Vec<Row> {
    let table = String::from_utf8(fixture("torture.tsv")).expect("torture.tsv is UTF-8");
    table
        .lines()
        .filter(|l| !l.is_empty())
        .map(|line| {
            let cols: Vec<&str> = line.split('\t').collect();
            assert_eq!(cols.len(), 5, "five columns: {line}");
            let status = match cols[2] {
                "-" => Vec::new(),
                s => s
                    .split('/')
                    .map(|c| c.parse().expect("numeric status"))
                    .collect(),
            };
            Row {
                path: cols[0].to_owned(),
                verdict: cols[1].to_owned(),
                status,
            }
        })
        .collect()
}

/// What the crate does with one fixture.
pub enum Expect {
    /// Parses with this framing and validates.
    Accept(Framing),
    /// Refused with this framing; the predicate names the fault.
    Reject(Framing, fn(&Fault) -> bool),
}

/// Runs every table row whose path starts with `prefix` against `expect`,
/// which must cover exactly those rows.
///
/// * `valid` rows, and `datagram` rows whose status column is `-`, must be
///   accepted; `invalid` rows, and `datagram` rows that name a status,
///   must be refused;
/// * `either` rows follow the crate's documented choice, given by
///   `expect`;
/// * a refusal must be the fault `expect` names, answered with the first
///   (preferred) status code of the row when it names one.
pub fn run_table(prefix: &str, expect: &[(&str, Expect)]) {
    let rows: Vec<Row> = rows()
        .into_iter()
        .filter(|r| r.path.starts_with(prefix))
        .collect();
    assert!(!rows.is_empty(), "no rows for {prefix}");
    assert_eq!(
        rows.len(),
        expect.len(),
        "{prefix}: one expectation per table row"
    );
    for row in &rows {
        let name = row
            .path
            .rsplit('/')
            .next()
            .unwrap()
            .trim_end_matches(".sip");
        let (_, e) = expect
            .iter()
            .find(|(n, _)| *n == name)
            .unwrap_or_else(|| panic!("no expectation for {}", row.path));
        let bytes = fixture(&row.path);
        match e {
            Expect::Accept(framing) => {
                let must_accept = row.verdict == "valid"
                    || row.verdict == "either"
                    || (row.verdict == "datagram" && row.status.is_empty());
                assert!(
                    must_accept,
                    "{}: verdict {} but expected to accept",
                    row.path, row.verdict
                );
                if row.verdict == "datagram" {
                    assert_eq!(*framing, Framing::Datagram, "{}", row.path);
                }
                let m = check(&bytes, *framing).unwrap_or_else(|f| panic!("{}: {f:?}", row.path));
                assert!(m.header_count() > 0, "{}", row.path);
            }
            Expect::Reject(framing, names_fault) => {
                let must_reject = row.verdict == "invalid"
                    || row.verdict == "either"
                    || (row.verdict == "datagram" && !row.status.is_empty());
                assert!(
                    must_reject,
                    "{}: verdict {} but expected to reject",
                    row.path, row.verdict
                );
                let fault = match check(&bytes, *framing) {
                    Ok(_) => panic!("{}: accepted, verdict {}", row.path, row.verdict),
                    Err(f) => f,
                };
                assert!(names_fault(&fault), "{}: wrong fault {fault:?}", row.path);
                if let Some(&preferred) = row.status.first() {
                    assert_eq!(fault.status_code(), preferred, "{}: {fault:?}", row.path);
                }
            }
        }
    }
}
