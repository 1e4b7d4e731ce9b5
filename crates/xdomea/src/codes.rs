//! The xdomea code lists Aktenscan writes (list URIs, versions and the names of the codes),
//! as published by KoSIT (see tests/schemas/xdomea/README.md).

pub const NACHRICHTENTYP: &str = "urn:xoev-de:xdomea:codeliste:nachrichtentyp";
pub const VERTRAULICHKEITSSTUFE: &str = "urn:xoev-de:xdomea:codeliste:vertraulichkeitsstufe";
pub const MEDIUM: &str = "urn:xoev-de:xdomea:codeliste:medium";
pub const AUSSONDERUNGSART: &str = "urn:xoev-de:xdomea:codeliste:aussonderungsart";
pub const BEWERTUNGSVORSCHLAG: &str = "urn:xoev-de:xdomea:codeliste:bewertungsvorschlag";
pub const DATEIFORMAT: &str = "urn:xoev-de:xdomea:codeliste:dateiformat";
/// Version of the Dateiformat code list (required by the schema; 1.0 is the list published
/// with xdomea 3.0.0, in which 044 is "pdf - Portable Document Format (Archival)").
pub const DATEIFORMAT_VERSION: &str = "1.0";
/// Dateiformat code of PDF/A.
pub const PDFA: &str = "044";

/// `listVersionID` of a code list (fixed by the schema for every list but Dateiformat).
pub fn list_version(list_uri: &str) -> &'static str {
    if list_uri == NACHRICHTENTYP {
        "2.0"
    } else {
        "1.0"
    }
}

pub const VERTRAULICHKEIT_CODES: &[(&str, &str)] = &[
    (
        "001",
        "Geheim: Das Schriftgutobjekt ist als geheim eingestuft.",
    ),
    (
        "002",
        "NfD: Das Schriftgutobjekt ist als \"nur für den Dienstgebrauch (nfD)\" eingestuft.",
    ),
    ("003", "Offen: Das Schriftgutobjekt ist nicht eingestuft."),
    (
        "004",
        "Streng geheim: Das Schriftgutobjekt ist als streng geheim eingestuft.",
    ),
    (
        "005",
        "Vertraulich: Das Schriftgutobjekt ist als vertraulich eingestuft.",
    ),
];

pub const MEDIUM_CODES: &[(&str, &str)] = &[
    (
        "001",
        "Elektronisch: Das Schriftgutobjekt liegt ausschließlich in elektronischer Form vor.",
    ),
    (
        "002",
        "Hybrid: Das Schriftgutobjekt liegt teilweise in elektronischer Form und teilweise als Papier vor.",
    ),
    (
        "003",
        "Papier: Das Schriftgutobjekt liegt ausschließlich als Papier vor.",
    ),
];

pub const AUSSONDERUNGSART_CODES: &[(&str, &str)] = &[
    ("A", "Das Schriftgutobjekt ist archivwürdig."),
    ("B", "Das Schriftgutobjekt ist zum Bewerten markiert."),
    ("V", "Das Schriftgutobjekt ist zum Vernichten markiert."),
];

pub const BEWERTUNGSVORSCHLAG_CODES: &[(&str, &str)] = &[
    ("A", "Das Schriftgutobjekt ist archivwürdig."),
    ("V", "Das Schriftgutobjekt ist zum Vernichten markiert."),
];

fn lookup(list: &'static [(&'static str, &'static str)], code: &str) -> Option<&'static str> {
    list.iter().find(|(c, _)| *c == code).map(|(_, n)| *n)
}

pub fn vertraulichkeit_name(code: &str) -> Option<&'static str> {
    lookup(VERTRAULICHKEIT_CODES, code)
}
pub fn medium_name(code: &str) -> Option<&'static str> {
    lookup(MEDIUM_CODES, code)
}
pub fn aussonderungsart_name(code: &str) -> Option<&'static str> {
    lookup(AUSSONDERUNGSART_CODES, code)
}
pub fn bewertungsvorschlag_name(code: &str) -> Option<&'static str> {
    lookup(BEWERTUNGSVORSCHLAG_CODES, code)
}
