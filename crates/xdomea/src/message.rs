//! The xdomea message as data (Kopf, Akte, Dokument, …) and its XML form, written with
//! quick-xml's writer in the element order the XSD demands.

use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, BytesText, Event};
use quick_xml::Writer;

use crate::codes;
use crate::XdomeaError;

/// Which message: 0503 to an archive, 0401 to another e-file system.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MessageKind {
    /// 0503 Aussonderung.Aussonderung: hand-over to an archive.
    Aussonderung,
    /// 0401 Abgabe.Abgabe: hand-over to another agency or e-file system.
    Abgabe,
}

impl MessageKind {
    pub fn code(self) -> &'static str {
        match self {
            MessageKind::Aussonderung => "0503",
            MessageKind::Abgabe => "0401",
        }
    }
    /// The message of a code as [`MessageKind::code`] gives it (`0503`, `0401`).
    pub fn from_code(code: &str) -> Option<MessageKind> {
        [MessageKind::Aussonderung, MessageKind::Abgabe]
            .into_iter()
            .find(|k| k.code() == code.trim())
    }
    /// `Aussonderung.Aussonderung` / `Abgabe.Abgabe`.
    pub fn name(self) -> &'static str {
        match self {
            MessageKind::Aussonderung => "Aussonderung.Aussonderung",
            MessageKind::Abgabe => "Abgabe.Abgabe",
        }
    }
    /// The root element's local name, e.g. `Aussonderung.Aussonderung.0503`.
    pub fn root(self) -> String {
        format!("{}.{}", self.name(), self.code())
    }
    /// `{ProzessID}_Aussonderung.Aussonderung.0503` (without extension).
    pub fn file_stem(self, prozess_id: &str) -> String {
        format!("{prozess_id}_{}", self.root())
    }
}

/// The schema version written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum XdomeaVersion {
    #[default]
    V3_1_0,
    V3_0_0,
}

impl XdomeaVersion {
    pub fn as_str(self) -> &'static str {
        match self {
            XdomeaVersion::V3_1_0 => "3.1.0",
            XdomeaVersion::V3_0_0 => "3.0.0",
        }
    }
    pub fn namespace(self) -> String {
        format!("urn:xoev-de:xdomea:schema:{}", self.as_str())
    }
    pub fn parse(s: &str) -> Option<XdomeaVersion> {
        match s.trim() {
            "3.1.0" | "3.1" => Some(XdomeaVersion::V3_1_0),
            "3.0.0" | "3.0" => Some(XdomeaVersion::V3_0_0),
            _ => None,
        }
    }
}

/// Absender or Empfänger (KontaktType, the parts Aktenscan uses).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Party {
    pub institution: String,
    pub kurzbezeichnung: Option<String>,
    pub organisationseinheit: Option<String>,
}

/// One HistorienProtokollInformation entry.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct History {
    pub metadatum_name: Option<String>,
    pub alter_wert: Option<String>,
    pub neuer_wert: Option<String>,
    pub akteur: String,
    /// xs:dateTime.
    pub datum_uhrzeit: String,
    pub bemerkung: Option<String>,
    pub aktion: String,
}

/// An AnwendungsspezifischeErweiterung: named fields outside xdomea's vocabulary.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Extension {
    pub kennung: String,
    pub name: String,
    pub beschreibung: Option<String>,
    pub felder: Vec<Field>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Field {
    pub name: String,
    pub beschreibung: Option<String>,
    pub wert: String,
}

impl Field {
    pub fn new(name: &str, wert: impl Into<String>) -> Field {
        Field {
            name: name.to_string(),
            beschreibung: None,
            wert: wert.into(),
        }
    }
}

/// Aufbewahrungsdauer: years or unbefristet (the library's own type).
pub use aktenscan_model::Retention;

/// An Akte with the metadata xdomea carries.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Akte {
    pub id: String,
    pub betreff: String,
    pub kennzeichen: String,
    pub federfuehrung: Option<String>,
    /// Vertraulichkeitsstufe code (001–005).
    pub vertraulichkeit: String,
    pub bemerkung: Option<String>,
    /// Medium code (001–003).
    pub medium: String,
    pub aktenplan_kennzeichen: Option<String>,
    /// Standort of the paper original.
    pub standort: Option<String>,
    /// xs:date.
    pub laufzeit_beginn: Option<String>,
    pub laufzeit_ende: Option<String>,
    pub aufbewahrung: Option<Retention>,
    /// Aussonderungsart code (A, B, V).
    pub aussonderungsart: Option<String>,
    /// Bewertungsvorschlag code (A, V).
    pub bewertungsvorschlag: Option<String>,
    pub historie: Vec<History>,
    pub dokumente: Vec<Dokument>,
    pub erweiterung: Option<Extension>,
}

/// A Dokument with one version in one format (the PDF/A).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Dokument {
    pub id: String,
    pub nummer: u32,
    pub betreff: String,
    pub vertraulichkeit: String,
    pub medium: String,
    /// xs:date.
    pub datum_des_schreibens: Option<String>,
    pub typ: Option<String>,
    pub historie: Vec<History>,
    pub datei: Primaerdokument,
    pub erweiterungen: Vec<Extension>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Primaerdokument {
    /// Dateiformat code, 044 for PDF/A.
    pub format_code: String,
    /// Version of the file format, e.g. `2b` for PDF/A-2b.
    pub format_version: String,
    /// `{UUID}_{short title}.pdf` (stringDateinameType).
    pub dateiname: String,
    pub dateiname_original: Option<String>,
    pub ersteller: Option<String>,
    /// xs:dateTime.
    pub datum_uhrzeit: Option<String>,
}

/// A whole message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    pub kind: MessageKind,
    pub version: XdomeaVersion,
    pub prozess_id: String,
    /// xs:dateTime.
    pub erstellt: String,
    pub absender: Party,
    pub empfaenger: Party,
    pub produkt: String,
    pub produkt_version: String,
    pub hinweis: Option<String>,
    pub akten: Vec<Akte>,
}

type W = Writer<Vec<u8>>;

/// Writes the message as UTF-8 XML. Text is escaped by the writer; characters XML 1.0 cannot
/// hold (control characters) are replaced by U+FFFD.
pub fn write_message(m: &Message) -> Result<Vec<u8>, XdomeaError> {
    let mut w = Writer::new_with_indent(Vec::new(), b' ', 2);
    w.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
    let ns = m.version.namespace();
    let location = format!("{ns} xdomea.xsd");
    let root = format!("xdomea:{}", m.kind.root());
    let mut start = BytesStart::new(root.as_str());
    start.push_attribute(("xmlns:xdomea", ns.as_str()));
    start.push_attribute(("xmlns:xsi", "http://www.w3.org/2001/XMLSchema-instance"));
    start.push_attribute(("xsi:schemaLocation", location.as_str()));
    w.write_event(Event::Start(start))?;
    write_kopf(&mut w, m)?;
    for akte in &m.akten {
        open(&mut w, "Schriftgutobjekt")?;
        write_akte(&mut w, akte, m.kind)?;
        close(&mut w, "Schriftgutobjekt")?;
    }
    w.write_event(Event::End(BytesEnd::new(root.as_str())))?;
    let mut out = w.into_inner();
    out.push(b'\n');
    Ok(out)
}

fn write_kopf(w: &mut W, m: &Message) -> Result<(), XdomeaError> {
    open(w, "Kopf")?;
    text(w, "ProzessID", &m.prozess_id)?;
    code(
        w,
        "Nachrichtentyp",
        codes::NACHRICHTENTYP,
        m.kind.code(),
        Some(m.kind.name()),
    )?;
    text(w, "Erstellungszeitpunkt", &m.erstellt)?;
    party(w, "Absender", &m.absender)?;
    party(w, "Empfaenger", &m.empfaenger)?;
    open(w, "SendendesSystem")?;
    text(w, "Produktname", &m.produkt)?;
    text(w, "Version", &m.produkt_version)?;
    close(w, "SendendesSystem")?;
    opt(w, "Hinweis", &m.hinweis)?;
    text(w, "Importbestaetigung", "1")?;
    if m.kind == MessageKind::Aussonderung {
        text(w, "RueckmeldungArchivkennung", "1")?;
    }
    text(w, "Empfangsbestaetigung", "1")?;
    close(w, "Kopf")
}

fn party(w: &mut W, name: &str, p: &Party) -> Result<(), XdomeaError> {
    open(w, name)?;
    open(w, "Institution")?;
    text(w, "Name", &p.institution)?;
    opt(w, "Kurzbezeichnung", &p.kurzbezeichnung)?;
    close(w, "Institution")?;
    if let Some(oe) = &p.organisationseinheit {
        open(w, "Organisationseinheit")?;
        text(w, "Name", oe)?;
        close(w, "Organisationseinheit")?;
    }
    close(w, name)
}

fn write_akte(w: &mut W, a: &Akte, kind: MessageKind) -> Result<(), XdomeaError> {
    open(w, "Akte")?;
    open(w, "Identifikation")?;
    text(w, "ID", &a.id)?;
    close(w, "Identifikation")?;

    open(w, "AllgemeineMetadaten")?;
    text(w, "Betreff", &a.betreff)?;
    text(w, "Kennzeichen", &a.kennzeichen)?;
    opt(w, "Federfuehrung", &a.federfuehrung)?;
    code(
        w,
        "Vertraulichkeitsstufe",
        codes::VERTRAULICHKEITSSTUFE,
        &a.vertraulichkeit,
        codes::vertraulichkeit_name(&a.vertraulichkeit),
    )?;
    opt(w, "Bemerkung", &a.bemerkung)?;
    code(
        w,
        "Medium",
        codes::MEDIUM,
        &a.medium,
        codes::medium_name(&a.medium),
    )?;
    if let Some(k) = &a.aktenplan_kennzeichen {
        open(w, "Aktenplaneinheit")?;
        text(w, "Kennzeichen", k)?;
        close(w, "Aktenplaneinheit")?;
    }
    close(w, "AllgemeineMetadaten")?;

    let archival =
        a.aufbewahrung.is_some() || a.aussonderungsart.is_some() || a.bewertungsvorschlag.is_some();
    if kind == MessageKind::Aussonderung && archival {
        open(w, "ArchivspezifischeMetadaten")?;
        match a.aufbewahrung {
            Some(Retention::Years(n)) => {
                open(w, "Aufbewahrungsdauer")?;
                text(w, "AnzahlJahre", &n.to_string())?;
                close(w, "Aufbewahrungsdauer")?;
            }
            Some(Retention::Unlimited) => {
                open(w, "Aufbewahrungsdauer")?;
                text(w, "Unbefristet", "1")?;
                close(w, "Aufbewahrungsdauer")?;
            }
            None => {}
        }
        if let Some(art) = &a.aussonderungsart {
            open(w, "Aussonderungsart")?;
            code(
                w,
                "Aussonderungsart",
                codes::AUSSONDERUNGSART,
                art,
                codes::aussonderungsart_name(art),
            )?;
            close(w, "Aussonderungsart")?;
        }
        if let Some(b) = &a.bewertungsvorschlag {
            code(
                w,
                "Bewertungsvorschlag",
                codes::BEWERTUNGSVORSCHLAG,
                b,
                codes::bewertungsvorschlag_name(b),
            )?;
        }
        close(w, "ArchivspezifischeMetadaten")?;
    }

    opt(w, "Standort", &a.standort)?;
    if a.laufzeit_beginn.is_some() || a.laufzeit_ende.is_some() {
        open(w, "Laufzeit")?;
        opt(w, "Beginn", &a.laufzeit_beginn)?;
        opt(w, "Ende", &a.laufzeit_ende)?;
        close(w, "Laufzeit")?;
    }
    for h in &a.historie {
        history(w, h)?;
    }
    if !a.dokumente.is_empty() {
        open(w, "Akteninhalt")?;
        for d in &a.dokumente {
            dokument(w, d)?;
        }
        close(w, "Akteninhalt")?;
    }
    if let Some(e) = &a.erweiterung {
        extension(w, e)?;
    }
    close(w, "Akte")
}

fn dokument(w: &mut W, d: &Dokument) -> Result<(), XdomeaError> {
    open(w, "Dokument")?;
    open(w, "Identifikation")?;
    text(w, "ID", &d.id)?;
    text(w, "NummerImUebergeordnetenContainer", &d.nummer.to_string())?;
    close(w, "Identifikation")?;
    open(w, "AllgemeineMetadaten")?;
    text(w, "Betreff", &d.betreff)?;
    code(
        w,
        "Vertraulichkeitsstufe",
        codes::VERTRAULICHKEITSSTUFE,
        &d.vertraulichkeit,
        codes::vertraulichkeit_name(&d.vertraulichkeit),
    )?;
    code(
        w,
        "Medium",
        codes::MEDIUM,
        &d.medium,
        codes::medium_name(&d.medium),
    )?;
    close(w, "AllgemeineMetadaten")?;
    opt(w, "DatumDesSchreibens", &d.datum_des_schreibens)?;
    opt(w, "Typ", &d.typ)?;
    for h in &d.historie {
        history(w, h)?;
    }
    open(w, "Version")?;
    text(w, "Nummer", "1")?;
    open(w, "Format")?;
    let mut name = BytesStart::new("xdomea:Name");
    name.push_attribute(("listURI", codes::DATEIFORMAT));
    name.push_attribute(("listVersionID", codes::DATEIFORMAT_VERSION));
    w.write_event(Event::Start(name))?;
    plain(w, "code", &d.datei.format_code)?;
    w.write_event(Event::End(BytesEnd::new("xdomea:Name")))?;
    text(w, "Version", &d.datei.format_version)?;
    open(w, "Primaerdokument")?;
    text(w, "Dateiname", &d.datei.dateiname)?;
    opt(w, "DateinameOriginal", &d.datei.dateiname_original)?;
    opt(w, "Ersteller", &d.datei.ersteller)?;
    opt(w, "DatumUhrzeit", &d.datei.datum_uhrzeit)?;
    close(w, "Primaerdokument")?;
    close(w, "Format")?;
    close(w, "Version")?;
    for e in &d.erweiterungen {
        extension(w, e)?;
    }
    close(w, "Dokument")
}

fn history(w: &mut W, h: &History) -> Result<(), XdomeaError> {
    open(w, "HistorienProtokollInformation")?;
    opt(w, "MetadatumName", &h.metadatum_name)?;
    opt(w, "MetadatumAlterWert", &h.alter_wert)?;
    opt(w, "MetadatumNeuerWert", &h.neuer_wert)?;
    text(w, "Akteur", &h.akteur)?;
    text(w, "DatumUhrzeit", &h.datum_uhrzeit)?;
    opt(w, "Bemerkung", &h.bemerkung)?;
    text(w, "Aktion", &h.aktion)?;
    close(w, "HistorienProtokollInformation")
}

fn extension(w: &mut W, e: &Extension) -> Result<(), XdomeaError> {
    open(w, "AnwendungsspezifischeErweiterung")?;
    text(w, "Kennung", &e.kennung)?;
    text(w, "Name", &e.name)?;
    opt(w, "Beschreibung", &e.beschreibung)?;
    for f in &e.felder {
        open(w, "Feld")?;
        text(w, "Name", &f.name)?;
        opt(w, "Beschreibung", &f.beschreibung)?;
        text(w, "Wert", &f.wert)?;
        close(w, "Feld")?;
    }
    close(w, "AnwendungsspezifischeErweiterung")
}

fn open(w: &mut W, name: &str) -> Result<(), XdomeaError> {
    w.write_event(Event::Start(BytesStart::new(format!("xdomea:{name}"))))?;
    Ok(())
}

fn close(w: &mut W, name: &str) -> Result<(), XdomeaError> {
    w.write_event(Event::End(BytesEnd::new(format!("xdomea:{name}"))))?;
    Ok(())
}

/// `<xdomea:name>value</xdomea:name>`, the value escaped.
fn text(w: &mut W, name: &str, value: &str) -> Result<(), XdomeaError> {
    plain(w, &format!("xdomea:{name}"), value)
}

fn opt(w: &mut W, name: &str, value: &Option<String>) -> Result<(), XdomeaError> {
    match value {
        Some(v) => text(w, name, v),
        None => Ok(()),
    }
}

/// An element with a literal (unprefixed or prefixed) name and escaped text.
fn plain(w: &mut W, name: &str, value: &str) -> Result<(), XdomeaError> {
    let clean = xml_safe(value);
    w.write_event(Event::Start(BytesStart::new(name)))?;
    w.write_event(Event::Text(BytesText::new(&clean)))?;
    w.write_event(Event::End(BytesEnd::new(name)))?;
    Ok(())
}

/// A code element (`xoev-code:Code`): unqualified `code` and `name` children, list attributes.
fn code(
    w: &mut W,
    element: &str,
    list_uri: &str,
    value: &str,
    name: Option<&str>,
) -> Result<(), XdomeaError> {
    let qname = format!("xdomea:{element}");
    let mut start = BytesStart::new(qname.as_str());
    start.push_attribute(("listURI", list_uri));
    start.push_attribute(("listVersionID", codes::list_version(list_uri)));
    w.write_event(Event::Start(start))?;
    plain(w, "code", value)?;
    if let Some(n) = name {
        plain(w, "name", n)?;
    }
    w.write_event(Event::End(BytesEnd::new(qname.as_str())))?;
    Ok(())
}

/// Replaces characters XML 1.0 cannot carry.
fn xml_safe(s: &str) -> std::borrow::Cow<'_, str> {
    let bad = |c: char| !matches!(c, '\u{9}' | '\u{A}' | '\u{D}' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..);
    if s.chars().any(bad) {
        s.chars()
            .map(|c| if bad(c) { '\u{FFFD}' } else { c })
            .collect::<String>()
            .into()
    } else {
        s.into()
    }
}
