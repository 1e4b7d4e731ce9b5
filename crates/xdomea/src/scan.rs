//! The scan protocol of a document after BSI TR-03138 (TR-RESISCAN) as an xdomea
//! AnwendungsspezifischeErweiterung, and the German Transfervermerk generated from it.
//!
//! What the library knows is recorded: operator (the audit log's actor), time (UTC), source
//! file, per page the stored image (SHA-256, size, dpi, how it was obtained), the processing
//! applied (orientation, deskew) and the OCR engine/model with its confidence, expected vs
//! captured pages, and the SHA-256 of every file. What the library does not record yet
//! (workstation, scanner, Sichtkontrolle, fate of the paper original) is written as
//! "nicht dokumentiert" rather than invented.

use aktenscan_model::TextSource;
use aktenscan_store::{AuditEntry, DocumentRow, PageRow};

use crate::message::{Extension, Field};

/// Kennung of the scan protocol extension.
pub const SCAN_EXTENSION: &str = "urn:aktenscan:tr-resiscan:scanprotokoll:1";
const NOT_RECORDED: &str = "nicht dokumentiert";

/// The protocol of one document.
pub fn protocol(
    d: &DocumentRow,
    pages: &[PageRow],
    entries: &[&AuditEntry],
    dateiname: &str,
) -> Extension {
    let done = entries.iter().find(|e| e.action == "document.complete");
    let operator = done.map_or_else(|| NOT_RECORDED.to_string(), |e| e.actor.clone());
    let at = done.map_or_else(|| d.created_at.clone(), |e| e.at.clone());
    let source = source_name(&d.source_path);
    let models = models(pages);
    let mut felder = vec![
        Field::new("Bearbeiter (Operator)", operator.clone()),
        Field::new("Zeitpunkt der Erfassung (UTC)", at.clone()),
        Field::new("Arbeitsplatz", NOT_RECORDED),
        Field::new("Organisationseinheit", NOT_RECORDED),
        Field::new("Quelle / Scanner", format!("Datei {source}")),
        Field::new(
            "Software",
            format!("Aktenscan {}", env!("CARGO_PKG_VERSION")),
        ),
        Field::new("OCR-Engine und Modell", format!("Tesseract ({models})")),
        Field::new("Seiten erwartet", d.page_count.to_string()),
        Field::new("Seiten erfasst", pages.len().to_string()),
        Field::new("Originaldatei SHA-256", d.original_sha256.clone()),
        Field::new(
            "PDF/A-2b SHA-256",
            d.pdf_sha256.clone().unwrap_or_else(|| NOT_RECORDED.into()),
        ),
        Field::new("Primärdokument", dateiname.to_string()),
        Field::new("Sichtkontrolle", NOT_RECORDED),
        Field::new("Verbleib des Papieroriginals", NOT_RECORDED),
    ];
    for p in pages {
        felder.push(Field {
            name: format!("Seite {}", p.page_no),
            beschreibung: Some(
                "Seitenbild, Auflösung, Herkunft, Bearbeitung, Texterkennung, Prüfsummen".into(),
            ),
            wert: page_line(p),
        });
    }
    Extension {
        kennung: SCAN_EXTENSION.into(),
        name: "Scanprotokoll nach BSI TR-03138 (TR-RESISCAN)".into(),
        beschreibung: Some(transfervermerk(d, pages, &operator, &at)),
        felder,
    }
}

/// The Transfervermerk: what was digitised, when, by whom, how, and how it can be checked.
pub fn transfervermerk(d: &DocumentRow, pages: &[PageRow], operator: &str, at: &str) -> String {
    let complete = if pages.len() as i64 == d.page_count {
        "vollständig".to_string()
    } else {
        format!(
            "UNVOLLSTÄNDIG ({} von {} Seiten)",
            pages.len(),
            d.page_count
        )
    };
    format!(
        "Transfervermerk: Das Dokument „{title}“ wurde am {at} (UTC) von {operator} mit Aktenscan {version} \
         aus der Vorlage „{source}“ (SHA-256 {orig}) digitalisiert. Erfasst wurden {captured} von {expected} \
         erwarteten Seiten ({complete}). Die Seitenbilder wurden ohne verlustbehaftete Neukodierung übernommen, \
         ausgerichtet und mit Texterkennung (Tesseract: {models}) versehen und zu einer PDF/A-2b-Datei \
         (SHA-256 {pdf}) zusammengefügt. Sichtkontrolle: {nr}. Verbleib des Papieroriginals: {nr}.",
        title = d.title,
        version = env!("CARGO_PKG_VERSION"),
        source = source_name(&d.source_path),
        orig = d.original_sha256,
        captured = pages.len(),
        expected = d.page_count,
        models = models(pages),
        pdf = d.pdf_sha256.as_deref().unwrap_or(NOT_RECORDED),
        nr = NOT_RECORDED,
    )
}

fn page_line(p: &PageRow) -> String {
    let ocr = match &p.ocr.source {
        TextSource::Ocr { model } => format!(
            "OCR {model}, mittlere Konfidenz {}",
            p.ocr
                .mean_confidence
                .map_or_else(|| "–".to_string(), |c| format!("{:.0} %", c * 100.0))
        ),
        TextSource::PdfTextLayer => "Textschicht des Eingangs-PDF übernommen".into(),
        TextSource::Blank => "Leerseite, keine Texterkennung".into(),
    };
    format!(
        "Bild SHA-256 {img}; {w}×{h} Pixel; {dx:.0}×{dy:.0} dpi; Herkunft {origin}; \
         Drehung {rot}°, Schräglage {skew:.2}° korrigiert; {ocr}; ALTO SHA-256 {alto}; Text SHA-256 {txt}",
        img = p.image_sha256,
        w = p.width,
        h = p.height,
        dx = p.dpi_x,
        dy = p.dpi_y,
        origin = p.origin,
        rot = p.ocr.orientation.degrees(),
        skew = p.ocr.skew_degrees,
        alto = p.alto_sha256,
        txt = p.text_sha256,
    )
}

fn models(pages: &[PageRow]) -> String {
    let mut m: Vec<String> = pages
        .iter()
        .filter_map(|p| match &p.ocr.source {
            TextSource::Ocr { model } => Some(model.clone()),
            _ => None,
        })
        .collect();
    m.sort();
    m.dedup();
    if m.is_empty() {
        "keine".into()
    } else {
        m.join(", ")
    }
}

fn source_name(path: &str) -> String {
    std::path::Path::new(path)
        .file_name()
        .map_or_else(|| path.to_string(), |n| n.to_string_lossy().into_owned())
}
