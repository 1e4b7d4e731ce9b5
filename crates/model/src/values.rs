//! The typed values of the domain (Laufzeit, Aufbewahrungsfrist, Vertraulichkeitsstufe, status,
//! audit action): each is parsed once, from what a clerk typed or the library stored, and prints
//! back to the same text. A value that does not parse is one German [`FieldError`] naming the
//! field, so every shell (CLI, window, server) refuses the same input with the same words.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;
use std::str::FromStr;

/// A field of a record or document form, by the name the forms and the audit log use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Field {
    Title,
    Aktenzeichen,
    AktenplanUnit,
    Laufzeit,
    Office,
    Confidentiality,
    Retention,
    Aussonderungsart,
    Bewertungsvorschlag,
    DocType,
    DocDate,
    PersonalData,
}

impl Field {
    /// The name the forms (`ui/`) and the JSON interfaces use.
    pub fn code(self) -> &'static str {
        match self {
            Field::Title => "title",
            Field::Aktenzeichen => "aktenzeichen",
            Field::AktenplanUnit => "aktenplan_unit",
            Field::Laufzeit => "laufzeit",
            Field::Office => "office",
            Field::Confidentiality => "confidentiality",
            Field::Retention => "retention",
            Field::Aussonderungsart => "aussonderungsart",
            Field::Bewertungsvorschlag => "bewertungsvorschlag",
            Field::DocType => "doc_type",
            Field::DocDate => "doc_date",
            Field::PersonalData => "personal_data",
        }
    }

    /// The German name a clerk knows.
    pub fn label(self) -> &'static str {
        match self {
            Field::Title => "Betreff",
            Field::Aktenzeichen => "Aktenzeichen",
            Field::AktenplanUnit => "Aktenplaneinheit",
            Field::Laufzeit => "Laufzeit",
            Field::Office => "Organisationseinheit",
            Field::Confidentiality => "Vertraulichkeitsstufe",
            Field::Retention => "Aufbewahrungsfrist",
            Field::Aussonderungsart => "Aussonderungsart",
            Field::Bewertungsvorschlag => "Bewertungsvorschlag",
            Field::DocType => "Typ",
            Field::DocDate => "Datum",
            Field::PersonalData => "Personenbezug",
        }
    }

    pub const ALL: [Field; 12] = [
        Field::Title,
        Field::Aktenzeichen,
        Field::AktenplanUnit,
        Field::Laufzeit,
        Field::Office,
        Field::Confidentiality,
        Field::Retention,
        Field::Aussonderungsart,
        Field::Bewertungsvorschlag,
        Field::DocType,
        Field::DocDate,
        Field::PersonalData,
    ];
}

impl FromStr for Field {
    type Err = UnknownCode;
    /// A field by its code (`doc_date`) or its German name (`Datum`), in any case.
    fn from_str(s: &str) -> Result<Self, UnknownCode> {
        let s = s.trim().to_lowercase();
        Field::ALL
            .into_iter()
            .find(|f| f.code() == s || f.label().to_lowercase() == s)
            .ok_or(UnknownCode(s))
    }
}

/// A value a field cannot take: the field, and one sentence that names it and says what is
/// expected. The sentence is the catalogue entry `key` of the window's languages
/// (`ui/src/i18n/`) with `params` filled in; `message` holds it in German.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct FieldError {
    pub field: Field,
    pub message: String,
    pub key: &'static str,
    pub params: Vec<(String, String)>,
}

impl FieldError {
    /// The refusal `key` of the catalogues, with `value` (what was typed) and further params.
    pub fn new(field: Field, key: &'static str, params: &[(&str, &str)]) -> FieldError {
        let params: Vec<(String, String)> = params
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        FieldError {
            field,
            message: crate::i18n::text(crate::i18n::Language::De, key, &params),
            key,
            params,
        }
    }

    /// The message in `lang`.
    pub fn message_in(&self, lang: crate::i18n::Language) -> String {
        crate::i18n::text(lang, self.key, &self.params)
    }
}

/// A code value prints as its code.
macro_rules! display_as_code {
    ($t:ty) => {
        impl fmt::Display for $t {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.code())
            }
        }
    };
}

/// Serialises a value as its text and reads it back through `FromStr`.
macro_rules! as_text {
    ($t:ty) => {
        impl Serialize for $t {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.collect_str(self)
            }
        }
        impl<'de> Deserialize<'de> for $t {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let text = String::deserialize(d)?;
                text.parse().map_err(serde::de::Error::custom)
            }
        }
    };
}

/// A value that travels as text has a TypeScript type (for the window's generated API types):
/// a plain string, or the union of its codes.
macro_rules! ts_text {
    ($t:ty, $ts:expr) => {
        impl ts_rs::TS for $t {
            type WithoutGenerics = Self;
            type OptionInnerType = Self;
            fn name(_: &ts_rs::Config) -> String {
                $ts
            }
            fn inline(cfg: &ts_rs::Config) -> String {
                <Self as ts_rs::TS>::name(cfg)
            }
        }
    };
}

/// `"a" | "b"` of codes.
fn ts_union<'a>(codes: impl IntoIterator<Item = &'a str>) -> String {
    codes
        .into_iter()
        .map(|c| format!("\"{c}\""))
        .collect::<Vec<_>>()
        .join(" | ")
}

/// A date as records know it: a year, a month or a day (`1987`, `1987-03`, `1987-03-21`), since
/// old files often give only the year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct PartialDate {
    year: u16,
    month: Option<u8>,
    day: Option<u8>,
}

impl PartialDate {
    pub fn year(self) -> u16 {
        self.year
    }
    pub fn month(self) -> Option<u8> {
        self.month
    }
    pub fn day(self) -> Option<u8> {
        self.day
    }

    /// Whether `self` lies after `other`, compared on what both know (`1987` is not after
    /// `1987-05`).
    pub fn is_after(self, other: PartialDate) -> bool {
        let key = |d: PartialDate, n: usize| {
            [
                Some(d.year as u32),
                d.month.map(u32::from),
                d.day.map(u32::from),
            ][..n]
                .to_vec()
        };
        let n = self.precision().min(other.precision());
        key(self, n) > key(other, n)
    }

    fn precision(self) -> usize {
        1 + usize::from(self.month.is_some()) + usize::from(self.day.is_some())
    }

    fn days_in(year: u16, month: u8) -> u8 {
        match month {
            4 | 6 | 9 | 11 => 30,
            2 if (year.is_multiple_of(4) && !year.is_multiple_of(100))
                || year.is_multiple_of(400) =>
            {
                29
            }
            2 => 28,
            _ => 31,
        }
    }
}

impl fmt::Display for PartialDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}", self.year)?;
        if let Some(m) = self.month {
            write!(f, "-{m:02}")?;
        }
        if let Some(d) = self.day {
            write!(f, "-{d:02}")?;
        }
        Ok(())
    }
}

impl FromStr for PartialDate {
    type Err = FieldError;
    fn from_str(s: &str) -> Result<Self, FieldError> {
        let bad = || FieldError::new(Field::DocDate, "error.date.form", &[("value", s.trim())]);
        let num = |p: &str, len: usize| {
            (p.len() == len && p.bytes().all(|b| b.is_ascii_digit()))
                .then(|| p.parse::<u16>().ok())
                .flatten()
        };
        let parts: Vec<&str> = s.trim().split('-').collect();
        let year = parts.first().and_then(|y| num(y, 4)).ok_or_else(bad)?;
        let month = match parts.get(1) {
            Some(m) => Some(num(m, 2).filter(|m| (1..=12).contains(m)).ok_or_else(bad)? as u8),
            None => None,
        };
        let day = match (parts.get(2), month) {
            (Some(d), Some(m)) => Some(
                num(d, 2)
                    .filter(|d| *d >= 1 && *d <= u16::from(Self::days_in(year, m)))
                    .ok_or_else(bad)? as u8,
            ),
            _ => None,
        };
        if parts.len() > 3 {
            return Err(bad());
        }
        Ok(PartialDate { year, month, day })
    }
}

as_text!(PartialDate);
ts_text!(PartialDate, "string".into());

/// The Laufzeit of a record: its first and last date (`1987..1994`, `1987-03..1994-11-30`; one
/// date means from and to the same).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Laufzeit {
    from: PartialDate,
    to: PartialDate,
}

impl Laufzeit {
    /// A Laufzeit from two dates; the start must not lie after the end.
    pub fn new(from: PartialDate, to: PartialDate) -> Result<Laufzeit, FieldError> {
        if from.is_after(to) {
            return Err(FieldError::new(
                Field::Laufzeit,
                "error.laufzeit.order",
                &[("value", &format!("{from}..{to}"))],
            ));
        }
        Ok(Laufzeit { from, to })
    }
    pub fn from(self) -> PartialDate {
        self.from
    }
    pub fn to(self) -> PartialDate {
        self.to
    }
}

impl fmt::Display for Laufzeit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.from == self.to {
            write!(f, "{}", self.from)
        } else {
            write!(f, "{}..{}", self.from, self.to)
        }
    }
}

impl FromStr for Laufzeit {
    type Err = FieldError;
    fn from_str(s: &str) -> Result<Self, FieldError> {
        let s = s.trim();
        let (a, b) = s.split_once("..").unwrap_or((s, s));
        let date = |d: &str| {
            d.trim().parse::<PartialDate>().map_err(|_| {
                FieldError::new(Field::Laufzeit, "error.laufzeit.form", &[("value", s)])
            })
        };
        Laufzeit::new(date(a)?, date(b)?)
    }
}

as_text!(Laufzeit);
ts_text!(Laufzeit, "string".into());

/// The longest Aufbewahrungsfrist in years that a record can be given (beyond it: unbefristet).
pub const MAX_RETENTION_YEARS: u16 = 999;

/// The Aufbewahrungsfrist: a number of years, or unbefristet (kept for ever).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Retention {
    Years(u16),
    Unlimited,
}

impl Retention {
    /// Years as the library stores them (`None` for unbefristet).
    pub fn years(self) -> Option<u16> {
        match self {
            Retention::Years(y) => Some(y),
            Retention::Unlimited => None,
        }
    }

    /// From the library's two columns (years, unbefristet).
    pub fn from_stored(
        years: Option<i64>,
        unlimited: bool,
    ) -> Result<Option<Retention>, FieldError> {
        match (years, unlimited) {
            (_, true) => Ok(Some(Retention::Unlimited)),
            (None, false) => Ok(None),
            (Some(y), false) => Retention::years_checked(y, &y.to_string()).map(Some),
        }
    }

    /// A number of years, checked against [`MAX_RETENTION_YEARS`].
    pub fn of_years(years: u16) -> Result<Retention, FieldError> {
        Retention::years_checked(i64::from(years), &years.to_string())
    }

    fn years_checked(y: i64, typed: &str) -> Result<Retention, FieldError> {
        match u16::try_from(y) {
            Ok(y) if y <= MAX_RETENTION_YEARS => Ok(Retention::Years(y)),
            _ => Err(FieldError::new(
                Field::Retention,
                "error.retention.max",
                &[("value", typed), ("max", &MAX_RETENTION_YEARS.to_string())],
            )),
        }
    }
}

impl fmt::Display for Retention {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Retention::Years(y) => write!(f, "{y}"),
            Retention::Unlimited => f.write_str("unbefristet"),
        }
    }
}

impl FromStr for Retention {
    type Err = FieldError;
    fn from_str(s: &str) -> Result<Self, FieldError> {
        let t = s.trim();
        if t.eq_ignore_ascii_case("unbefristet") {
            return Ok(Retention::Unlimited);
        }
        let digits = t
            .strip_suffix("Jahre")
            .or_else(|| t.strip_suffix("J."))
            .unwrap_or(t)
            .trim();
        if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) {
            let y = digits.parse::<i64>().unwrap_or(i64::MAX);
            return Retention::years_checked(y, t);
        }
        Err(FieldError::new(
            Field::Retention,
            "error.retention.form",
            &[("value", t)],
        ))
    }
}

as_text!(Retention);
ts_text!(Retention, "string".into());

/// The Aufbewahrungsfrist as the library keeps it: years, or unbefristet, in two columns and
/// two JSON fields (`retention_years`, `retention_unlimited`). Made only from a
/// [`Retention`], so the two never contradict each other.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, ts_rs::TS)]
pub struct RetentionColumns {
    retention_years: Option<u16>,
    retention_unlimited: bool,
}

impl RetentionColumns {
    /// The Aufbewahrungsfrist, if one is set.
    pub fn value(self) -> Option<Retention> {
        if self.retention_unlimited {
            Some(Retention::Unlimited)
        } else {
            self.retention_years.map(Retention::Years)
        }
    }
}

impl From<Option<Retention>> for RetentionColumns {
    fn from(r: Option<Retention>) -> RetentionColumns {
        RetentionColumns {
            retention_years: r.and_then(Retention::years),
            retention_unlimited: r == Some(Retention::Unlimited),
        }
    }
}

/// The Vertraulichkeitsstufe, as the xdomea code list names it (codes `001` to `005`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, PartialOrd, Ord)]
pub enum Confidentiality {
    /// 001 geheim
    Geheim,
    /// 002 NfD (nur für den Dienstgebrauch)
    Nfd,
    /// 003 offen (the default)
    #[default]
    Offen,
    /// 004 streng geheim
    StrengGeheim,
    /// 005 vertraulich
    Vertraulich,
}

impl Confidentiality {
    pub const ALL: [Confidentiality; 5] = [
        Confidentiality::Geheim,
        Confidentiality::Nfd,
        Confidentiality::Offen,
        Confidentiality::StrengGeheim,
        Confidentiality::Vertraulich,
    ];

    /// The xdomea code (`001` … `005`).
    pub fn code(self) -> &'static str {
        match self {
            Confidentiality::Geheim => "001",
            Confidentiality::Nfd => "002",
            Confidentiality::Offen => "003",
            Confidentiality::StrengGeheim => "004",
            Confidentiality::Vertraulich => "005",
        }
    }

    /// The name in the xdomea code list.
    pub fn name(self) -> &'static str {
        match self {
            Confidentiality::Geheim => "geheim",
            Confidentiality::Nfd => "NfD",
            Confidentiality::Offen => "offen",
            Confidentiality::StrengGeheim => "streng geheim",
            Confidentiality::Vertraulich => "vertraulich",
        }
    }
}

display_as_code!(Confidentiality);

impl FromStr for Confidentiality {
    type Err = FieldError;
    fn from_str(s: &str) -> Result<Self, FieldError> {
        let t = s.trim();
        Confidentiality::ALL
            .into_iter()
            .find(|c| c.code() == t || c.name().eq_ignore_ascii_case(t))
            .ok_or_else(|| {
                FieldError::new(
                    Field::Confidentiality,
                    "error.confidentiality.unknown",
                    &[("value", t)],
                )
            })
    }
}

as_text!(Confidentiality);
ts_text!(
    Confidentiality,
    ts_union(Confidentiality::ALL.into_iter().map(Confidentiality::code))
);

/// A one-letter xdomea code list as an enum: its codes, text form and refusal (`$key`).
macro_rules! letter_code {
    ($(#[$doc:meta])* $name:ident, $field:expr, $key:literal,
     { $($(#[$vdoc:meta])* $variant:ident = $code:literal),+ $(,)? }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum $name {
            $($(#[$vdoc])* $variant),+
        }

        impl $name {
            pub fn code(self) -> &'static str {
                match self {
                    $($name::$variant => $code),+
                }
            }
        }

        display_as_code!($name);

        impl FromStr for $name {
            type Err = FieldError;
            fn from_str(s: &str) -> Result<Self, FieldError> {
                match s.trim().to_ascii_uppercase().as_str() {
                    $($code => Ok($name::$variant),)+
                    _ => Err(FieldError::new($field, $key, &[("value", s.trim())])),
                }
            }
        }

        as_text!($name);
        ts_text!($name, ts_union([$($code),+]));
    };
}

letter_code!(
    /// xdomea Aussonderungsart of a record: what the archive is expected to do with it.
    Aussonderungsart, Field::Aussonderungsart, "error.aussonderungsart.unknown",
    {
        /// A: archivwürdig
        Archivwuerdig = "A",
        /// B: bewerten
        Bewerten = "B",
        /// V: vernichten
        Vernichten = "V",
    }
);

letter_code!(
    /// xdomea Bewertungsvorschlag of a record.
    Bewertungsvorschlag, Field::Bewertungsvorschlag, "error.bewertungsvorschlag.unknown",
    {
        /// A: archivieren
        Archivieren = "A",
        /// V: vernichten
        Vernichten = "V",
    }
);

/// Where a document is in its life: its pages are being captured, or it is complete (every page
/// and its PDF/A stored).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DocumentStatus {
    Ingesting,
    Complete,
}

impl DocumentStatus {
    pub fn code(self) -> &'static str {
        match self {
            DocumentStatus::Ingesting => "ingesting",
            DocumentStatus::Complete => "complete",
        }
    }
}

display_as_code!(DocumentStatus);

/// A status the library does not know.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unbekannter Wert „{0}“")]
pub struct UnknownCode(pub String);

impl FromStr for DocumentStatus {
    type Err = UnknownCode;
    fn from_str(s: &str) -> Result<Self, UnknownCode> {
        match s {
            "ingesting" => Ok(DocumentStatus::Ingesting),
            "complete" => Ok(DocumentStatus::Complete),
            other => Err(UnknownCode(other.to_string())),
        }
    }
}

as_text!(DocumentStatus);
ts_text!(
    DocumentStatus,
    ts_union([DocumentStatus::Ingesting, DocumentStatus::Complete].map(DocumentStatus::code))
);

/// What an entry of the audit log records.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AuditAction {
    RecordCreate,
    RecordUpdate,
    RecordExport,
    RecordImport,
    DocumentComplete,
    DocumentUpdate,
    DocumentImport,
    DocumentCheck,
    DocumentPages,
    DocumentSplit,
    SuggestionAccept,
    SuggestionRefuse,
    /// A page shown to a signed-in person of a shared library (image, text or words).
    PageView,
    /// A document's PDF/A handed out.
    DocumentDownload,
    /// A sign-in, and a refused one.
    SignIn,
    SignInRefused,
    /// An account created, changed or disabled.
    AccountUpdate,
}

impl AuditAction {
    pub const ALL: [AuditAction; 17] = [
        AuditAction::RecordCreate,
        AuditAction::RecordUpdate,
        AuditAction::RecordExport,
        AuditAction::RecordImport,
        AuditAction::DocumentComplete,
        AuditAction::DocumentUpdate,
        AuditAction::DocumentImport,
        AuditAction::DocumentCheck,
        AuditAction::DocumentPages,
        AuditAction::DocumentSplit,
        AuditAction::SuggestionAccept,
        AuditAction::SuggestionRefuse,
        AuditAction::PageView,
        AuditAction::DocumentDownload,
        AuditAction::SignIn,
        AuditAction::SignInRefused,
        AuditAction::AccountUpdate,
    ];

    /// The code kept in the log (part of each entry's hash, so it never changes).
    pub fn code(self) -> &'static str {
        match self {
            AuditAction::RecordCreate => "record.create",
            AuditAction::RecordUpdate => "record.update",
            AuditAction::RecordExport => "record.export",
            AuditAction::RecordImport => "record.import",
            AuditAction::DocumentComplete => "document.complete",
            AuditAction::DocumentUpdate => "document.update",
            AuditAction::DocumentImport => "document.import",
            AuditAction::DocumentCheck => "document.check",
            AuditAction::DocumentPages => "document.pages",
            AuditAction::DocumentSplit => "document.split",
            AuditAction::SuggestionAccept => "suggestion.accept",
            AuditAction::SuggestionRefuse => "suggestion.refuse",
            AuditAction::PageView => "page.view",
            AuditAction::DocumentDownload => "document.download",
            AuditAction::SignIn => "session.signin",
            AuditAction::SignInRefused => "session.refused",
            AuditAction::AccountUpdate => "account.update",
        }
    }

    /// What the entry means, in German (the archive's Historienprotokoll and `audit` listings).
    pub fn label(self) -> &'static str {
        match self {
            AuditAction::RecordCreate => "Akte angelegt",
            AuditAction::RecordUpdate => "Metadaten geändert",
            AuditAction::RecordExport => "Akte exportiert",
            AuditAction::RecordImport => "Akte aus xdomea importiert",
            AuditAction::DocumentComplete => "Dokument erfasst (Seiten, Texterkennung, PDF/A-2b)",
            AuditAction::DocumentUpdate => "Dokumentangaben geändert",
            AuditAction::DocumentImport => "Dokument aus xdomea importiert",
            AuditAction::DocumentCheck => "Sichtkontrolle",
            AuditAction::DocumentPages => "Seiten bearbeitet",
            AuditAction::DocumentSplit => "Dokument geteilt",
            AuditAction::SuggestionAccept => "Vorschlag übernommen",
            AuditAction::SuggestionRefuse => "Vorschlag verworfen",
            AuditAction::PageView => "Seite angesehen",
            AuditAction::DocumentDownload => "PDF heruntergeladen",
            AuditAction::SignIn => "Angemeldet",
            AuditAction::SignInRefused => "Anmeldung abgelehnt",
            AuditAction::AccountUpdate => "Benutzerkonto geändert",
        }
    }
}

display_as_code!(AuditAction);

impl FromStr for AuditAction {
    type Err = UnknownCode;
    fn from_str(s: &str) -> Result<Self, UnknownCode> {
        AuditAction::ALL
            .into_iter()
            .find(|a| a.code() == s)
            .ok_or_else(|| UnknownCode(s.to_string()))
    }
}

as_text!(AuditAction);
ts_text!(
    AuditAction,
    ts_union(AuditAction::ALL.map(AuditAction::code))
);

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// What parses prints back to the same value; anything else is one message naming `field`.
    fn parses_back_or_names_the_field<T>(
        text: &str,
        field: Field,
        prefix: &str,
    ) -> Result<(), TestCaseError>
    where
        T: FromStr<Err = FieldError> + fmt::Display + PartialEq + fmt::Debug,
    {
        match text.parse::<T>() {
            Ok(v) => prop_assert_eq!(v.to_string().parse::<T>(), Ok(v)),
            Err(e) => {
                prop_assert_eq!(e.field, field);
                prop_assert!(e.message.starts_with(prefix), "{}", e.message);
            }
        }
        Ok(())
    }

    fn date() -> impl Strategy<Value = PartialDate> {
        (0u16..=9999, proptest::option::of(1u8..=12), 1u8..=31).prop_map(|(year, month, day)| {
            let day = month.map(|m| day.min(PartialDate::days_in(year, m)));
            PartialDate { year, month, day }
        })
    }

    proptest! {
        #[test]
        fn a_partial_date_prints_back_to_itself(d in date()) {
            prop_assert_eq!(d.to_string().parse::<PartialDate>(), Ok(d));
        }

        #[test]
        fn a_laufzeit_prints_back_to_itself(a in date(), b in date()) {
            let (from, to) = if a.is_after(b) { (b, a) } else { (a, b) };
            let l = Laufzeit::new(from, to).expect("ordered");
            prop_assert_eq!(l.to_string().parse::<Laufzeit>(), Ok(l));
        }

        #[test]
        fn a_laufzeit_that_ends_before_it_begins_is_refused(a in date(), b in date()) {
            prop_assume!(a.is_after(b));
            let e = format!("{a}..{b}").parse::<Laufzeit>().unwrap_err();
            prop_assert_eq!(e.field, Field::Laufzeit);
            prop_assert!(e.message.starts_with("Laufzeit"), "{}", e.message);
        }

        #[test]
        fn any_text_is_a_laufzeit_or_one_german_message(s in "\\PC{0,24}") {
            parses_back_or_names_the_field::<Laufzeit>(&s, Field::Laufzeit, "Laufzeit „")?;
        }

        #[test]
        fn a_retention_prints_back_to_itself(y in 0u16..=MAX_RETENTION_YEARS, unlimited: bool) {
            let r = if unlimited { Retention::Unlimited } else { Retention::Years(y) };
            prop_assert_eq!(r.to_string().parse::<Retention>(), Ok(r));
            let stored = Retention::from_stored(r.years().map(i64::from), unlimited);
            prop_assert_eq!(stored, Ok(Some(r)));
        }

        #[test]
        fn years_beyond_the_limit_are_refused_naming_the_field(y in (MAX_RETENTION_YEARS as u64 + 1)..u64::MAX) {
            let e = y.to_string().parse::<Retention>().unwrap_err();
            prop_assert_eq!(e.field, Field::Retention);
            prop_assert!(e.message.starts_with("Aufbewahrungsfrist „"), "{}", e.message);
            prop_assert!(e.message.contains("999"), "{}", e.message);
        }

        #[test]
        fn any_text_is_a_retention_or_one_german_message(s in "\\PC{0,12}") {
            parses_back_or_names_the_field::<Retention>(&s, Field::Retention, "Aufbewahrungsfrist „")?;
        }

        #[test]
        fn any_text_is_a_code_or_one_german_message(s in "\\PC{0,8}") {
            parses_back_or_names_the_field::<Confidentiality>(
                &s,
                Field::Confidentiality,
                "Vertraulichkeitsstufe „",
            )?;
            parses_back_or_names_the_field::<Aussonderungsart>(
                &s,
                Field::Aussonderungsart,
                "Aussonderungsart „",
            )?;
            parses_back_or_names_the_field::<Bewertungsvorschlag>(
                &s,
                Field::Bewertungsvorschlag,
                "Bewertungsvorschlag „",
            )?;
        }
    }

    #[test]
    fn laufzeit_forms_a_clerk_types() {
        let l: Laufzeit = "1987..1994".parse().unwrap();
        assert_eq!(
            (l.from().to_string(), l.to().to_string()),
            ("1987".into(), "1994".into())
        );
        let l: Laufzeit = " 1987 ".parse().unwrap();
        assert_eq!(
            (l.from(), l.to()),
            ("1987".parse().unwrap(), "1987".parse().unwrap())
        );
        let l: Laufzeit = "1987-03..1994-11-30".parse().unwrap();
        assert_eq!(l.to_string(), "1987-03..1994-11-30");
        // Same year, more precise end: not "after".
        assert!("1987..1987-05".parse::<Laufzeit>().is_ok());
        for bad in [
            "1994..1987",
            "1987-13",
            "1987-02-30",
            "neunzehnhundert",
            "87",
            "",
        ] {
            let e = bad.parse::<Laufzeit>().unwrap_err();
            assert_eq!(e.field, Field::Laufzeit, "{bad}");
        }
        assert!("1988-02-29".parse::<PartialDate>().is_ok());
        assert!("1900-02-29".parse::<PartialDate>().is_err());
    }

    #[test]
    fn retention_forms_a_clerk_types() {
        assert_eq!("30".parse(), Ok(Retention::Years(30)));
        assert_eq!("30 Jahre".parse(), Ok(Retention::Years(30)));
        assert_eq!("Unbefristet".parse(), Ok(Retention::Unlimited));
        let e = "dreißig".parse::<Retention>().unwrap_err();
        assert_eq!(
            e.message,
            "Aufbewahrungsfrist „dreißig“: bitte eine Zahl von Jahren oder „unbefristet“ angeben"
        );
        assert!("1000".parse::<Retention>().is_err());
        assert!("-5".parse::<Retention>().is_err());
    }

    #[test]
    fn codes_print_as_the_library_keeps_them() {
        assert_eq!(
            serde_json::to_string(&Confidentiality::default()).unwrap(),
            "\"003\""
        );
        assert_eq!("vertraulich".parse(), Ok(Confidentiality::Vertraulich));
        assert_eq!(
            serde_json::to_string(&DocumentStatus::Complete).unwrap(),
            "\"complete\""
        );
        for a in AuditAction::ALL {
            assert_eq!(a.code().parse(), Ok(a));
        }
        assert!("record.delete".parse::<AuditAction>().is_err());
        assert_eq!("b".parse(), Ok(Aussonderungsart::Bewerten));
    }
}
