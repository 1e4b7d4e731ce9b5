//! Reading xdomea 0503 / 0401 messages (ours or another system's, 3.x) back into [`Message`]:
//! a small element tree built with quick-xml's reader, then navigated by local names, so the
//! namespace version does not matter.

use quick_xml::events::Event;
use quick_xml::Reader;

use crate::message::{
    Akte, Dokument, Extension, Field, History, Message, MessageKind, Party, Primaerdokument,
    Retention, XdomeaVersion,
};
use crate::XdomeaError;

/// An element: local name, namespace declarations it carries, text (leaves) and children.
#[derive(Debug, Default)]
struct Node {
    name: String,
    namespaces: Vec<String>,
    text: String,
    children: Vec<Node>,
}

impl Node {
    fn child(&self, name: &str) -> Option<&Node> {
        self.children.iter().find(|c| c.name == name)
    }
    fn all<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a Node> + 'a {
        self.children.iter().filter(move |c| c.name == name)
    }
    /// The text of a descendant given by a path of local names.
    fn text_at(&self, path: &[&str]) -> Option<String> {
        let mut n = self;
        for p in path {
            n = n.child(p)?;
        }
        Some(n.text.clone())
    }
    /// Like `text_at`, but blank text counts as missing.
    fn value(&self, path: &[&str]) -> Option<String> {
        self.text_at(path).filter(|t| !t.trim().is_empty())
    }
}

fn bad(reason: impl Into<String>) -> XdomeaError {
    XdomeaError::NotXdomea(reason.into())
}

fn parse_tree(xml: &[u8]) -> Result<Node, XdomeaError> {
    let mut reader = Reader::from_reader(xml);
    reader.config_mut().expand_empty_elements = true;
    let mut stack: Vec<Node> = vec![Node::default()];
    let mut buf = Vec::new();
    loop {
        let event = reader.read_event_into(&mut buf).map_err(|e| {
            bad(format!(
                "XML error at byte {}: {e}",
                reader.error_position()
            ))
        })?;
        match event {
            Event::Start(e) => {
                let name = String::from_utf8_lossy(e.local_name().as_ref()).into_owned();
                let mut namespaces = Vec::new();
                for a in e.attributes().flatten() {
                    let key = a.key.as_ref();
                    if key == b"xmlns" || key.starts_with(b"xmlns:") {
                        if let Ok(v) = a.unescape_value() {
                            namespaces.push(v.into_owned());
                        }
                    }
                }
                stack.push(Node {
                    name,
                    namespaces,
                    ..Node::default()
                });
            }
            Event::End(_) => {
                let node = stack.pop().ok_or_else(|| bad("unbalanced XML"))?;
                stack
                    .last_mut()
                    .ok_or_else(|| bad("unbalanced XML"))?
                    .children
                    .push(node);
            }
            Event::Text(t) => {
                let s = t
                    .xml_content()
                    .map_err(|e| bad(format!("text encoding: {e}")))?;
                if let Some(top) = stack.last_mut() {
                    top.text.push_str(&s);
                }
            }
            Event::CData(t) => {
                let s = t.decode().map_err(|e| bad(format!("text encoding: {e}")))?;
                if let Some(top) = stack.last_mut() {
                    top.text.push_str(&s);
                }
            }
            Event::GeneralRef(r) => {
                let c = if r.is_char_ref() {
                    r.resolve_char_ref()
                        .map_err(|e| bad(format!("character reference: {e}")))?
                        .map(String::from)
                } else {
                    let name = r.decode().map_err(|e| bad(format!("entity: {e}")))?;
                    match name.as_ref() {
                        "lt" => Some("<".into()),
                        "gt" => Some(">".into()),
                        "amp" => Some("&".into()),
                        "quot" => Some("\"".into()),
                        "apos" => Some("'".into()),
                        other => return Err(bad(format!("unknown entity &{other};"))),
                    }
                };
                if let (Some(c), Some(top)) = (c, stack.last_mut()) {
                    top.text.push_str(&c);
                }
            }
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    let mut doc = stack.pop().ok_or_else(|| bad("empty document"))?;
    if !stack.is_empty() {
        return Err(bad("unclosed elements"));
    }
    doc.children.pop().ok_or_else(|| bad("no root element"))
}

/// Reads a 0503 Aussonderung.Aussonderung or 0401 Abgabe.Abgabe message.
pub fn read_message(xml: &[u8]) -> Result<Message, XdomeaError> {
    let root = parse_tree(xml)?;
    let kind = match root.name.as_str() {
        "Aussonderung.Aussonderung.0503" => MessageKind::Aussonderung,
        "Abgabe.Abgabe.0401" => MessageKind::Abgabe,
        other => {
            return Err(bad(format!(
            "root element {other}: expected Aussonderung.Aussonderung.0503 or Abgabe.Abgabe.0401"
        )))
        }
    };
    let version = if root.namespaces.iter().any(|n| n.ends_with(":3.0.0")) {
        XdomeaVersion::V3_0_0
    } else {
        XdomeaVersion::V3_1_0
    };
    let kopf = root.child("Kopf").ok_or_else(|| bad("no Kopf"))?;
    let mut akten = Vec::new();
    for sgo in root.all("Schriftgutobjekt") {
        for obj in &sgo.children {
            match obj.name.as_str() {
                "Akte" | "Vorgang" => akten.push(akte(obj)),
                "Dokument" => {
                    // A lone document becomes a record of its own.
                    let d = dokument(obj, 1);
                    akten.push(Akte {
                        id: d.id.clone(),
                        betreff: d.betreff.clone(),
                        vertraulichkeit: d.vertraulichkeit.clone(),
                        medium: d.medium.clone(),
                        dokumente: vec![d],
                        ..Akte::default()
                    });
                }
                _ => {}
            }
        }
    }
    Ok(Message {
        kind,
        version,
        prozess_id: kopf.value(&["ProzessID"]).unwrap_or_default(),
        erstellt: kopf.value(&["Erstellungszeitpunkt"]).unwrap_or_default(),
        absender: party(kopf.child("Absender")),
        empfaenger: party(kopf.child("Empfaenger")),
        produkt: kopf
            .value(&["SendendesSystem", "Produktname"])
            .unwrap_or_default(),
        produkt_version: kopf
            .value(&["SendendesSystem", "Version"])
            .unwrap_or_default(),
        hinweis: kopf.value(&["Hinweis"]),
        akten,
    })
}

fn party(n: Option<&Node>) -> Party {
    let Some(n) = n else {
        return Party::default();
    };
    Party {
        institution: n.value(&["Institution", "Name"]).unwrap_or_default(),
        kurzbezeichnung: n.value(&["Institution", "Kurzbezeichnung"]),
        organisationseinheit: n.value(&["Organisationseinheit", "Name"]),
    }
}

/// An Akte or a Vorgang (same metadata; a Vorgang's Aktenbetreff is not kept).
fn akte(n: &Node) -> Akte {
    let meta = |p: &[&str]| {
        let mut path = vec!["AllgemeineMetadaten"];
        path.extend_from_slice(p);
        n.value(&path)
    };
    let archival = n.child("ArchivspezifischeMetadaten");
    let aufbewahrung = archival
        .and_then(|a| a.child("Aufbewahrungsdauer"))
        .and_then(|a| {
            if let Some(y) = a.value(&["AnzahlJahre"]) {
                y.trim().parse().ok().map(Retention::Years)
            } else {
                a.child("Unbefristet").map(|_| Retention::Unlimited)
            }
        });
    let mut dokumente = Vec::new();
    collect_documents(n, &mut dokumente);
    Akte {
        id: n.value(&["Identifikation", "ID"]).unwrap_or_default(),
        betreff: meta(&["Betreff"]).unwrap_or_default(),
        kennzeichen: meta(&["Kennzeichen"]).unwrap_or_default(),
        federfuehrung: meta(&["Federfuehrung"]),
        vertraulichkeit: meta(&["Vertraulichkeitsstufe", "code"]).unwrap_or_default(),
        bemerkung: meta(&["Bemerkung"]),
        medium: meta(&["Medium", "code"]).unwrap_or_default(),
        aktenplan_kennzeichen: meta(&["Aktenplaneinheit", "Kennzeichen"]),
        standort: n.value(&["Standort"]),
        laufzeit_beginn: n.value(&["Laufzeit", "Beginn"]),
        laufzeit_ende: n.value(&["Laufzeit", "Ende"]),
        aufbewahrung,
        aussonderungsart: archival
            .and_then(|a| a.value(&["Aussonderungsart", "Aussonderungsart", "code"])),
        bewertungsvorschlag: archival.and_then(|a| a.value(&["Bewertungsvorschlag", "code"])),
        historie: n
            .all("HistorienProtokollInformation")
            .map(history)
            .collect(),
        dokumente,
        erweiterung: n.child("AnwendungsspezifischeErweiterung").map(extension),
    }
}

/// Documents of an Akte or Vorgang, in order, through Akteninhalt, Vorgänge and Teilakten.
fn collect_documents(n: &Node, out: &mut Vec<Dokument>) {
    for c in &n.children {
        match c.name.as_str() {
            "Dokument" => {
                let nummer = u32::try_from(out.len() + 1).unwrap_or(u32::MAX);
                out.push(dokument(c, nummer));
            }
            "Akteninhalt" | "Vorgang" | "Teilakte" => collect_documents(c, out),
            _ => {}
        }
    }
}

fn dokument(n: &Node, nummer: u32) -> Dokument {
    let format = n.child("Version").and_then(|v| v.child("Format"));
    let primary = format.and_then(|f| f.child("Primaerdokument"));
    Dokument {
        id: n.value(&["Identifikation", "ID"]).unwrap_or_default(),
        nummer: n
            .value(&["Identifikation", "NummerImUebergeordnetenContainer"])
            .and_then(|s| s.trim().parse().ok())
            .unwrap_or(nummer),
        betreff: n
            .value(&["AllgemeineMetadaten", "Betreff"])
            .unwrap_or_default(),
        vertraulichkeit: n
            .value(&["AllgemeineMetadaten", "Vertraulichkeitsstufe", "code"])
            .unwrap_or_default(),
        medium: n
            .value(&["AllgemeineMetadaten", "Medium", "code"])
            .unwrap_or_default(),
        datum_des_schreibens: n.value(&["DatumDesSchreibens"]),
        typ: n.value(&["Typ"]),
        historie: n
            .all("HistorienProtokollInformation")
            .map(history)
            .collect(),
        datei: Primaerdokument {
            format_code: format
                .and_then(|f| f.value(&["Name", "code"]))
                .unwrap_or_default(),
            format_version: format
                .and_then(|f| f.value(&["Version"]))
                .unwrap_or_default(),
            dateiname: primary
                .and_then(|p| p.value(&["Dateiname"]))
                .unwrap_or_default(),
            dateiname_original: primary.and_then(|p| p.value(&["DateinameOriginal"])),
            ersteller: primary.and_then(|p| p.value(&["Ersteller"])),
            datum_uhrzeit: primary.and_then(|p| p.value(&["DatumUhrzeit"])),
        },
        erweiterungen: n
            .all("AnwendungsspezifischeErweiterung")
            .map(extension)
            .collect(),
    }
}

fn history(n: &Node) -> History {
    History {
        metadatum_name: n.value(&["MetadatumName"]),
        alter_wert: n.value(&["MetadatumAlterWert"]),
        neuer_wert: n.value(&["MetadatumNeuerWert"]),
        akteur: n.value(&["Akteur"]).unwrap_or_default(),
        datum_uhrzeit: n.value(&["DatumUhrzeit"]).unwrap_or_default(),
        bemerkung: n.value(&["Bemerkung"]),
        aktion: n.value(&["Aktion"]).unwrap_or_default(),
    }
}

fn extension(n: &Node) -> Extension {
    let mut felder: Vec<Field> = n.all("Feld").map(field).collect();
    for g in n.all("Feldgruppe") {
        collect_group_fields(g, &mut felder);
    }
    Extension {
        kennung: n.value(&["Kennung"]).unwrap_or_default(),
        name: n.value(&["Name"]).unwrap_or_default(),
        beschreibung: n.value(&["Beschreibung"]),
        felder,
    }
}

fn collect_group_fields(g: &Node, out: &mut Vec<Field>) {
    out.extend(g.all("Feld").map(field));
    for sub in g.all("Unterfeldgruppe") {
        collect_group_fields(sub, out);
    }
}

fn field(f: &Node) -> Field {
    Field {
        name: f.value(&["Name"]).unwrap_or_default(),
        beschreibung: f.value(&["Beschreibung"]),
        wert: f.text_at(&["Wert"]).unwrap_or_default(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::message::write_message;

    fn sample() -> Message {
        Message {
            kind: MessageKind::Abgabe,
            version: XdomeaVersion::V3_0_0,
            prozess_id: "8a181a6d-55f1-48ad-b17f-b1352d517af5".into(),
            erstellt: "2026-11-26T21:00:00Z".into(),
            absender: Party {
                institution: "Gemeinde Schkopau".into(),
                kurzbezeichnung: Some("GS".into()),
                organisationseinheit: Some("Hauptamt & Archiv".into()),
            },
            empfaenger: Party {
                institution: "Kreisarchiv Saalekreis".into(),
                ..Party::default()
            },
            produkt: "Aktenscan".into(),
            produkt_version: "0.1.0".into(),
            hinweis: None,
            akten: vec![Akte {
                id: "fd992c1d-7c96-4424-a158-1ceb408c5319".into(),
                betreff: "Bauakte <Lindenstraße> & \"Söhne\" 'ÄÖÜß' 🏠".into(),
                kennzeichen: "632.10/1987-014".into(),
                federfuehrung: Some("Bauamt".into()),
                vertraulichkeit: "003".into(),
                bemerkung: Some("  zwei  Leerzeichen \n neue Zeile ".into()),
                medium: "001".into(),
                aktenplan_kennzeichen: Some("632.10".into()),
                standort: Some("Keller, Regal 4".into()),
                laufzeit_beginn: Some("1987-01-01".into()),
                laufzeit_ende: Some("1994-12-31".into()),
                aufbewahrung: Some(Retention::Unlimited),
                aussonderungsart: Some("A".into()),
                bewertungsvorschlag: Some("A".into()),
                historie: vec![History {
                    akteur: "meier".into(),
                    datum_uhrzeit: "2026-11-26T21:00:00Z".into(),
                    aktion: "Akte angelegt".into(),
                    ..History::default()
                }],
                dokumente: vec![Dokument {
                    id: "6a31897d-7c42-413c-bf1f-c552d0d788cb".into(),
                    nummer: 1,
                    betreff: "Bescheid <1>".into(),
                    vertraulichkeit: "003".into(),
                    medium: "001".into(),
                    datum_des_schreibens: Some("1987-05-04".into()),
                    typ: Some("Bescheid".into()),
                    historie: vec![],
                    datei: Primaerdokument {
                        format_code: "044".into(),
                        format_version: "2b".into(),
                        dateiname: "6a31897d-7c42-413c-bf1f-c552d0d788cb_Bescheid_1.pdf".into(),
                        dateiname_original: None,
                        ersteller: Some("Aktenscan 0.1.0".into()),
                        datum_uhrzeit: Some("2026-11-26T21:00:00Z".into()),
                    },
                    erweiterungen: vec![Extension {
                        kennung: "k".into(),
                        name: "n".into(),
                        beschreibung: None,
                        felder: vec![Field::new("a & b", "<c>")],
                    }],
                }],
                erweiterung: None,
            }],
        }
    }

    #[test]
    fn what_is_written_reads_back_the_same() {
        let mut m = sample();
        // 0401 carries no ArchivspezifischeMetadaten: check both kinds.
        for kind in [MessageKind::Aussonderung, MessageKind::Abgabe] {
            m.kind = kind;
            let back = read_message(&write_message(&m).unwrap()).unwrap();
            let mut expected = m.clone();
            if kind == MessageKind::Abgabe {
                expected.akten[0].aufbewahrung = None;
                expected.akten[0].aussonderungsart = None;
                expected.akten[0].bewertungsvorschlag = None;
            }
            assert_eq!(back, expected);
        }
    }

    #[test]
    fn the_archive_example_reads() {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(
            "tests/data/9fde4e7a-b41b-11ec-9225-005056871b7c_Aussonderung.Aussonderung.0503.xml",
        );
        let m = read_message(&std::fs::read(path).unwrap()).unwrap();
        assert_eq!(m.kind, MessageKind::Aussonderung);
        assert_eq!(m.version, XdomeaVersion::V3_0_0);
        assert_eq!(m.akten.len(), 1);
        let a = &m.akten[0];
        assert_eq!(a.betreff, "[Vorgangsbetreff]");
        assert_eq!(a.laufzeit_ende.as_deref(), Some("2012-04-04"));
        assert_eq!(a.dokumente.len(), 1);
        assert_eq!(a.dokumente[0].datei.format_code, "045");
        assert_eq!(
            a.dokumente[0].datum_des_schreibens.as_deref(),
            Some("2011-02-12")
        );
    }

    #[test]
    fn other_xml_is_refused() {
        assert!(read_message(b"<a/>").is_err());
        assert!(read_message(b"<a>").is_err());
        assert!(read_message(b"not xml at all <").is_err());
    }
}
