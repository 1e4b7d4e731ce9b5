//! Personenbezug: the cues that a document holds personal data (names with birth dates, a
//! private person's address, IBAN, Steuer-ID, Sozialversicherungsnummer, health terms), each with
//! the words it was read from. An office's own letterhead address is no personal data.

use crate::words::TextLine;
use crate::{dates, fold, Evidence};
use regex::Regex;
use serde::Serialize;
use std::sync::LazyLock;

/// Why a document holds personal data.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum Cue {
    BirthDate,
    PrivateAddress,
    PersonName,
    Iban,
    TaxId,
    SocialSecurityNumber,
    Health,
}

impl Cue {
    /// In the clerk's words.
    pub fn label(self) -> &'static str {
        match self {
            Cue::BirthDate => "Geburtsdatum einer Person",
            Cue::PrivateAddress => "Anschrift einer Privatperson",
            Cue::PersonName => "Name einer Person in einem Formularfeld",
            Cue::Iban => "IBAN (Bankverbindung)",
            Cue::TaxId => "Steuer-Identifikationsnummer",
            Cue::SocialSecurityNumber => "Sozialversicherungsnummer",
            Cue::Health => "Angaben zur Gesundheit",
        }
    }
}

/// One cue found.
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
pub struct Finding {
    pub cue: Cue,
    pub evidence: Evidence,
}

static STREET: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?:\b[a-zäöüß.-]+|\b)(straße|strasse|str\.|weg|platz|gasse|allee|ring|damm|chaussee|ufer|markt|hof)\s+\d+\s?[a-z]?\b")
        .expect("street pattern")
});
/// A line of words and a house number ("Am Park 6", "An der Kirche 3a").
static HOUSE_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\p{Lu}[\p{L} .-]{1,40}\s\d{1,4}\s?[a-z]?$").expect("house line pattern")
});
/// A postcode and a place ("06258 Schkopau", "4201 Schkopau").
static POSTCODE_LINE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\d{4,5}\s+\p{Lu}").expect("postcode line pattern"));

static IBAN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b([A-Z]{2}\d{2}(?:\s?[A-Z0-9]{4}){2,7}(?:\s?[A-Z0-9]{1,3})?)\b")
        .expect("iban pattern")
});
static ELEVEN_DIGITS: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\b(\d{2}\s?\d{3}\s?\d{3}\s?\d{3})\b").expect("tax id pattern"));
static SVNR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b(\d{2})\s?(\d{2})(\d{2})(\d{2})\s?([A-Z])\s?(\d{2})(\d)\b")
        .expect("svnr pattern")
});

const ORGANISATION: &[&str] = &[
    "gemeinde",
    "stadt",
    "amt",
    "landkreis",
    "kreis",
    "verwaltung",
    "buergermeister",
    "gmbh",
    " ag",
    "e.v.",
    "firma",
    "veb",
    "behoerde",
    "ministerium",
    "sparkasse",
    "bank",
    "kirche",
    "schule",
    "geschaeftsfuehr",
    "vorstand",
    "leiter",
    "kg",
];

/// Words on an IBAN's line that make it an office's or a company's account (a letterhead's or a
/// footer's "Bankverbindung", an invoice's "unser Konto").
const OWN_ACCOUNT: &[&str] = &[
    "bankverbindung",
    "unser konto",
    "unserem konto",
    "gmbh",
    " ag",
    " kg",
    "e.v.",
    "gemeinde",
    "stadt",
    "landkreis",
    "kasse",
    "ust-idnr",
    "hrb ",
    "amtsgericht",
    "geschaeftsfuehrer",
];

const HEALTH: &[&str] = &[
    "diagnose",
    "krankheit",
    "erkrankung",
    "aerztlich",
    "attest",
    "arbeitsunfaehig",
    "schwerbehindert",
    "behinderung",
    "pflegegrad",
    "pflegestufe",
    "krankenhaus",
    "klinik",
    "therapie",
    "medikament",
    "gesundheitszustand",
];

/// A salutation line that names a person (`Herrn`, `Frau Müller`, `Familie`).
fn is_person_salutation(folded: &str) -> bool {
    let first = folded.split_whitespace().next().unwrap_or("");
    matches!(
        first,
        "herrn" | "herr" | "frau" | "familie" | "eheleute" | "fraeulein"
    ) && !ORGANISATION.iter().any(|o| folded.contains(o))
}

/// Whether a line names an organisation (a company's or an office's address block).
fn names_organisation(folded: &str) -> bool {
    let padded = format!(" {folded} ");
    ORGANISATION
        .iter()
        .any(|o| padded.contains(&format!(" {}", o.trim())))
}

/// IBAN check digits (ISO 13616, mod 97).
fn iban_valid(iban: &str) -> bool {
    let s: String = iban.chars().filter(|c| !c.is_whitespace()).collect();
    if !(15..=34).contains(&s.len()) {
        return false;
    }
    let (head, tail) = s.split_at(4);
    let mut rem = 0u32;
    for c in tail.chars().chain(head.chars()) {
        let v = match c.to_digit(36) {
            Some(v) => v,
            None => return false,
        };
        for d in v.to_string().chars() {
            rem = (rem * 10 + d.to_digit(10).unwrap_or(0)) % 97;
        }
    }
    rem == 1
}

/// The Steuer-ID's check digit (ISO 7064, MOD 11,10) and its rule that one digit of the first
/// ten appears two or three times and no other more than once.
fn tax_id_valid(id: &str) -> bool {
    let d: Vec<u32> = id.chars().filter_map(|c| c.to_digit(10)).collect();
    if d.len() != 11 || d[0] == 0 {
        return false;
    }
    let mut counts = [0u8; 10];
    for &x in &d[..10] {
        counts[x as usize] += 1;
    }
    let repeated = counts.iter().filter(|&&c| c >= 2).count();
    if repeated != 1 || counts.iter().any(|&c| c > 3) {
        return false;
    }
    let mut product = 10;
    for &x in &d[..10] {
        let mut sum = (x + product) % 10;
        if sum == 0 {
            sum = 10;
        }
        product = (sum * 2) % 11;
    }
    let check = (11 - product) % 10;
    check == d[10]
}

/// The IBANs a document names as an office's or a company's own account (see [`OWN_ACCOUNT`]).
fn own_accounts(lines: &[TextLine]) -> Vec<String> {
    let mut out = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let prev = i
            .checked_sub(1)
            .and_then(|j| lines.get(j))
            .filter(|p| p.page == line.page)
            .map(|p| fold(&p.text))
            .unwrap_or_default();
        let context = format!("{prev} {}", fold(&line.text));
        if OWN_ACCOUNT.iter().any(|o| context.contains(o)) {
            out.extend(IBAN.find_iter(&line.text).map(|m| compact(m.as_str())));
        }
    }
    out
}

fn compact(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// Every cue of personal data in a document's lines.
pub fn find(lines: &[TextLine], this_year: i32) -> Vec<Finding> {
    let own = own_accounts(lines);
    let mut out = Vec::new();
    let mut push = |cue: Cue, evidence: Evidence| {
        if !out
            .iter()
            .any(|f: &Finding| f.cue == cue && f.evidence == evidence)
        {
            out.push(Finding { cue, evidence });
        }
    };
    for (i, line) in lines.iter().enumerate() {
        let folded = fold(&line.text);
        // Lowercased without folding, so byte offsets are the line's own.
        let lower = line.text.to_lowercase();
        let next = lines.get(i + 1).filter(|n| n.page == line.page);
        let prev = i
            .checked_sub(1)
            .and_then(|j| lines.get(j))
            .filter(|p| p.page == line.page);
        // A birth date: after "geb."/"geboren"/"Geburtsdatum", on this line or the next.
        for label in ["geburtsdatum", "geboren am", "geboren", "geb."] {
            if let Some(at) = lower.find(label) {
                let same: Vec<_> = dates::find(&line.text, this_year)
                    .into_iter()
                    .filter(|h| h.range.start >= at)
                    .collect();
                if let Some(h) = same.first() {
                    push(Cue::BirthDate, line.evidence(&h.range));
                } else if let Some(n) = next {
                    if let Some(h) = dates::find(&n.text, this_year).first() {
                        push(Cue::BirthDate, n.evidence(&h.range));
                    }
                }
                break;
            }
        }
        // A private person's address: a salutation naming a person, then a street line (not
        // under a company's or an office's name).
        // (A sender line above the address, "Gemeinde Schkopau, Schulstraße 18, …", is not the
        // addressee's organisation: it carries a street of its own.)
        let under_organisation =
            prev.is_some_and(|p| names_organisation(&fold(&p.text)) && !STREET.is_match(&p.text));
        if is_person_salutation(&folded) && !under_organisation {
            let block: Vec<&TextLine> = lines[i..]
                .iter()
                .take(5)
                .filter(|l| l.page == line.page)
                .collect();
            // A street line: a street word and a number, or words and a number over a postcode.
            let is_street = |k: usize| {
                block.get(k).is_some_and(|l| {
                    STREET.is_match(&l.text)
                        || (HOUSE_LINE.is_match(l.text.trim())
                            && block
                                .get(k + 1)
                                .is_some_and(|n| POSTCODE_LINE.is_match(&n.text)))
                })
            };
            if let Some(street) = (1..block.len()).find(|&k| is_street(k)).map(|k| block[k]) {
                let name = block
                    .get(1)
                    .filter(|_| !is_street(1))
                    .map(|l| format!(" {}", l.text))
                    .unwrap_or_default();
                let mut ev = line.whole();
                ev.text = format!("{}{name}, {}", line.text, street.text);
                ev.boxes.extend(street.whole().boxes);
                push(Cue::PrivateAddress, ev);
            }
        }
        // A form's name field: "Name, Vorname" with the value below or beside it.
        if [
            "name, vorname",
            "vorname, name",
            "familienname",
            "name des antragstellers",
        ]
        .iter()
        .any(|l| folded.starts_with(l))
        {
            if let Some(n) = next.filter(|n| n.text.chars().any(char::is_alphabetic)) {
                push(Cue::PersonName, n.whole());
            }
        }
        // An account the document names as its sender's own anywhere (a footer's "Bankverbindung",
        // an invoice's "unser Konto") is no private person's.
        for m in IBAN.find_iter(&line.text) {
            if iban_valid(m.as_str()) && !own.contains(&compact(m.as_str())) {
                push(Cue::Iban, line.evidence(&m.range()));
            }
        }
        let labelled_tax = folded.contains("steuer-id")
            || folded.contains("steueridentifikationsnummer")
            || folded.contains("idnr");
        for m in ELEVEN_DIGITS.find_iter(&line.text) {
            if labelled_tax || tax_id_valid(m.as_str()) {
                push(Cue::TaxId, line.evidence(&m.range()));
            }
        }
        for c in SVNR.captures_iter(&line.text) {
            let dd: u32 = c[2].parse().unwrap_or(0);
            let mm: u32 = c[3].parse().unwrap_or(0);
            if (1..=31).contains(&dd) && (1..=12).contains(&mm) {
                if let Some(m) = c.get(0) {
                    push(Cue::SocialSecurityNumber, line.evidence(&m.range()));
                }
            }
        }
        if let Some(term) = HEALTH.iter().find(|t| folded.contains(*t)) {
            let _ = term;
            push(Cue::Health, line.whole());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::words::{lines, tests::page};

    fn cues(text: &str) -> Vec<Cue> {
        find(&lines("d", 1, &page(text)), 2026)
            .into_iter()
            .map(|f| f.cue)
            .collect()
    }

    #[test]
    fn a_person_with_birth_date_and_address_is_personal_data() {
        let text = "Name, Vorname\nHübner, Gerhard\nGeburtsdatum\n14.07.1941\nHerrn\nGerhard Hübner\nLindenstraße 4\n4201 Schkopau";
        let found = cues(text);
        assert!(found.contains(&Cue::PersonName), "{found:?}");
        assert!(found.contains(&Cue::BirthDate), "{found:?}");
        assert!(found.contains(&Cue::PrivateAddress), "{found:?}");
    }

    #[test]
    fn the_town_halls_letterhead_is_not_personal_data() {
        let text = "Gemeinde Schkopau – Der Bürgermeister\nSchulstraße 18, 06258 Schkopau\nAn die\nGemeinde Schkopau\nBauamt\nSchulstraße 18";
        assert_eq!(cues(text), []);
        assert_eq!(
            cues("Herausgeber: Gemeinde Schkopau, Schulstraße 18, 06258 Schkopau"),
            []
        );
    }

    #[test]
    fn bank_tax_and_social_security_numbers_are_checked() {
        assert_eq!(cues("IBAN DE89 3704 0044 0532 0130 00"), [Cue::Iban]);
        assert_eq!(
            cues("IBAN DE89 3704 0044 0532 0130 01"),
            [],
            "a wrong check digit"
        );
        assert_eq!(cues("Steuer-ID 65 929 970 489"), [Cue::TaxId]);
        assert!(tax_id_valid("65929970489"));
        assert!(!tax_id_valid("65929970488"));
        assert_eq!(
            cues("SV-Nummer 12 150785 M 123"),
            [Cue::SocialSecurityNumber]
        );
        assert_eq!(cues("Konto-Nr. 5432-17-881"), []);
    }

    #[test]
    fn an_office_or_company_account_or_address_is_not_personal_data() {
        assert_eq!(
            cues("Bankverbindung: Saalesparkasse, IBAN DE89 3704 0044 0532 0130 00"),
            []
        );
        assert_eq!(
            cues("auf unser Konto bei der Deutschen Bank, IBAN DE89 3704 0044 0532 0130 00"),
            []
        );
        assert_eq!(
            cues("Konto IBAN DE89 3704 0044 0532 0130 00 abgebucht"),
            [Cue::Iban]
        );
        assert_eq!(cues("Saale-Logistik GmbH\nHerrn Geschäftsführer Busch\nIndustriestraße 5\n06258 Schkopau"), []);
        assert_eq!(
            cues("Frau\nAndrea Becker\nHallesche Straße 10\n06217 Merseburg"),
            [Cue::PrivateAddress]
        );
        assert_eq!(
            cues("Gemeinde Schkopau, Schulstraße 18, 06258 Schkopau\nFrau\nAndrea Becker\nHallesche Straße 10"),
            [Cue::PrivateAddress],
            "under the town hall's sender line"
        );
        assert_eq!(
            cues("Herrn\nKlaus Becker\nAm Park 6\n06258 Schkopau"),
            [Cue::PrivateAddress]
        );
    }

    #[test]
    fn health_terms_are_personal_data() {
        assert_eq!(cues("laut ärztlichem Attest vom 3.5.1990"), [Cue::Health]);
    }
}
