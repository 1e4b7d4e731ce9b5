//! The scan protocol of a document after BSI TR-03138 (TR-RESISCAN) as an xdomea
//! AnwendungsspezifischeErweiterung, and the German Transfervermerk generated from it.
//!
//! Recorded from the library: operator and time (UTC) of the capture (the audit log), the
//! workstation (host name at capture), the Organisationseinheit (the record's Federführung),
//! the source file, per page the stored image (SHA-256, size, dpi, how it was obtained), the
//! processing applied (orientation, deskew) and the OCR model with its confidence, expected vs
//! captured pages, the Sichtkontrollen (who, when, full or sample, anomalies, rescans), the
//! SHA-256 of every file, and what became of the paper original. What the library does not
//! know is written as "nicht dokumentiert", never invented.

use aktenscan_model::{CaptureBatch, LeftOutPage, ScanProtocol, TextSource};
use aktenscan_store::{AuditEntry, DocumentRow, Library, PageRow, RecordRow, ScanCheck};

use crate::collect::seconds;
use crate::message::{Extension, Field};
use crate::XdomeaError;

/// Kennung of the scan protocol extension.
pub const SCAN_EXTENSION: &str = "urn:aktenscan:tr-resiscan:scanprotokoll:1";
const NOT_RECORDED: &str = "nicht dokumentiert";

/// What the protocol of one document is made from.
pub struct ScanFacts<'a> {
    pub record: &'a RecordRow,
    pub document: &'a DocumentRow,
    pub pages: &'a [PageRow],
    /// Audit entries about the document.
    pub entries: &'a [&'a AuditEntry],
    pub checks: &'a [ScanCheck],
    /// Colour mode of each page's stored image (see [`colour_mode`]), in page order.
    pub colours: Vec<String>,
    /// How the document was captured as part of a batch (scanner, splitting), when known.
    pub batch: Option<CaptureBatch>,
}

/// Where the export and the protocol learn how a document was captured
/// (`aktenscan_pipeline::capture_batch`; the job that stored it is the pipeline's).
pub type CaptureOf<'a> = &'a dyn Fn(&Library, &str) -> Option<CaptureBatch>;

impl ScanFacts<'_> {
    fn capture(&self) -> Option<&AuditEntry> {
        self.entries
            .iter()
            .find(|e| e.action() == Some(aktenscan_model::AuditAction::DocumentComplete))
            .copied()
    }
    fn operator(&self) -> String {
        self.capture()
            .map_or_else(|| NOT_RECORDED.to_string(), |e| e.actor.clone())
    }
    fn at(&self) -> String {
        self.capture()
            .map_or_else(|| self.document.created_at.clone(), |e| e.at.clone())
    }
    fn workstation(&self) -> String {
        self.capture()
            .and_then(|e| serde_json::from_str::<serde_json::Value>(&e.details).ok())
            .and_then(|v| v.get("workstation")?.as_str().map(str::to_string))
            .unwrap_or_else(|| NOT_RECORDED.to_string())
    }
    fn scanner(&self) -> Option<&ScanProtocol> {
        self.batch.as_ref()?.scan.as_ref()
    }
    /// The source as the protocol names it: the scanner that made the pages, or the file.
    fn source(&self) -> String {
        match self.scanner() {
            Some(s) => format!(
                "Scanner {} (Gerät {}), {}",
                scanner_name(s),
                s.device,
                s.driver
            ),
            None => format!("Datei {}", source_name(&self.document.source_path)),
        }
    }
    fn organisationseinheit(&self) -> String {
        self.record
            .office
            .clone()
            .unwrap_or_else(|| NOT_RECORDED.to_string())
    }
    fn paper(&self) -> String {
        let fate = self
            .record
            .paper_original
            .as_deref()
            .unwrap_or(NOT_RECORDED);
        match &self.record.location {
            Some(l) => format!("{fate} (Standort: {l})"),
            None => fate.to_string(),
        }
    }
    fn sichtkontrolle(&self) -> String {
        if self.checks.is_empty() {
            return NOT_RECORDED.to_string();
        }
        self.checks
            .iter()
            .map(|c| {
                let mut s = format!(
                    "{} durch {} am {} (UTC): {}",
                    c.scope,
                    c.checked_by,
                    seconds(&c.checked_at),
                    c.anomalies
                        .as_deref()
                        .map_or("ohne Befund".to_string(), |a| format!("Befund: {a}"))
                );
                if let Some(r) = &c.rescanned {
                    s.push_str(&format!("; nachgescannt: {r}"));
                }
                s
            })
            .collect::<Vec<_>>()
            .join(" | ")
    }
}

/// The protocol of one document; `dateiname` is the primary document's name in the package.
pub fn protocol(f: &ScanFacts<'_>, dateiname: &str) -> Extension {
    let d = f.document;
    let mut felder = vec![
        Field::new("Bearbeiter (Operator)", f.operator()),
        Field::new("Zeitpunkt der Erfassung (UTC)", seconds(&f.at())),
        Field::new("Arbeitsplatz", f.workstation()),
        Field::new("Organisationseinheit", f.organisationseinheit()),
        Field::new("Quelle / Scanner", f.source()),
        Field::new(
            "Software",
            format!("Aktenscan {}", env!("CARGO_PKG_VERSION")),
        ),
        Field::new(
            "OCR-Engine und Modell",
            format!("Tesseract ({})", models(f.pages)),
        ),
        Field::new("Seiten erwartet", d.page_count.to_string()),
        Field::new("Seiten erfasst", f.pages.len().to_string()),
        Field::new("Originaldatei SHA-256", d.original_sha256.clone()),
        Field::new(
            "PDF/A-2b SHA-256",
            d.pdf_sha256.clone().unwrap_or_else(|| NOT_RECORDED.into()),
        ),
        Field::new("Primärdokument", dateiname.to_string()),
        Field::new("Sichtkontrolle", f.sichtkontrolle()),
        Field::new("Verbleib des Papieroriginals", f.paper()),
    ];
    felder.extend(batch_fields(f));
    for (p, colour) in f.pages.iter().zip(&f.colours) {
        felder.push(Field {
            name: format!("Seite {}", p.page_no),
            beschreibung: Some(
                "Seitenbild, Farbmodus, Auflösung, Herkunft, Bearbeitung, Texterkennung, Prüfsummen"
                    .into(),
            ),
            wert: page_line(p, colour),
        });
    }
    Extension {
        kennung: SCAN_EXTENSION.into(),
        name: "Scanprotokoll nach BSI TR-03138 (TR-RESISCAN)".into(),
        beschreibung: Some(transfervermerk(f)),
        felder,
    }
}

/// The scanner and batch facts: device, driver, every option as the scanner reported it, how
/// the batch ended, how it was split and which of its sheets were left out.
fn batch_fields(f: &ScanFacts<'_>) -> Vec<Field> {
    let Some(batch) = &f.batch else {
        return Vec::new();
    };
    let mut out = Vec::new();
    if let Some(s) = &batch.scan {
        let options: Vec<String> = s
            .options
            .iter()
            .map(|(k, v)| match v {
                serde_json::Value::String(text) => format!("{k}={text}"),
                other => format!("{k}={other}"),
            })
            .collect();
        out.extend([
            Field::new(
                "Scanner",
                format!("{} ({}), Gerät {}", scanner_name(s), s.kind, s.device),
            ),
            Field::new(
                "Scannertreiber",
                format!("{}, SANE {}", s.driver, s.sane_version),
            ),
            Field::new(
                "Scannereinstellungen (vom Scanner gemeldet)",
                if options.is_empty() {
                    NOT_RECORDED.to_string()
                } else {
                    options.join("; ")
                },
            ),
            Field::new(
                "Scanvorgang",
                format!(
                    "{} bis {} (UTC), {} Seite(n) gescannt, Ende: {}",
                    seconds(&s.started_at),
                    seconds(&s.finished_at),
                    s.pages_scanned,
                    batch_end(&s.end)
                ),
            ),
        ]);
    }
    let yes_no = |b: bool| if b { "ja" } else { "nein" };
    out.push(Field::new(
        "Aufteilung des Stapels",
        format!(
            "an Trennblättern: {}; beidseitig gescannt, leere Seiten ausgelassen: {}",
            yes_no(batch.split_at_separators),
            yes_no(batch.duplex)
        ),
    ));
    out.push(Field::new(
        "Trennblätter vor diesem Dokument",
        left_out_list(&batch.separator_sheets),
    ));
    out.push(Field::new(
        "Ausgelassene leere Seiten",
        left_out_list(&batch.dropped_blank),
    ));
    if let Some(origin) = &batch.split_from {
        out.push(Field::new("Abgetrennt von Dokument", origin.clone()));
    }
    out
}

fn scanner_name(s: &ScanProtocol) -> String {
    let name = format!("{} {}", s.vendor, s.model);
    match name.trim() {
        "" => s.device.clone(),
        n => n.to_string(),
    }
}

/// How a batch ended, in German (`complete`, `cancelled`, `stopped: …`).
fn batch_end(end: &str) -> String {
    match end {
        "complete" => "vollständig (Einzug leer)".to_string(),
        "cancelled" => "vom Bearbeiter angehalten".to_string(),
        other => match other.strip_prefix("stopped: ") {
            Some(reason) => format!("der Scanner hat angehalten: {reason}"),
            None => other.to_string(),
        },
    }
}

fn left_out_list(pages: &[LeftOutPage]) -> String {
    if pages.is_empty() {
        return "keine".to_string();
    }
    pages
        .iter()
        .map(|p| {
            let mut s = p.file.clone();
            if p.page_index > 0 {
                s.push_str(&format!(" (Seite {})", p.page_index + 1));
            }
            s.push_str(&format!(": {}", p.kind));
            if let Some(code) = &p.barcode {
                s.push_str(&format!(" „{code}“"));
            }
            s
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// The Transfervermerk: what was digitised, when, by whom, how, how it was checked, and how
/// it can be verified.
pub fn transfervermerk(f: &ScanFacts<'_>) -> String {
    let d = f.document;
    let complete = if f.pages.len() as i64 == d.page_count {
        "vollständig".to_string()
    } else {
        format!(
            "UNVOLLSTÄNDIG ({} von {} Seiten)",
            f.pages.len(),
            d.page_count
        )
    };
    let all_passed_through = f
        .pages
        .iter()
        .all(|p| matches!(p.origin.as_str(), "image_file" | "tiff_page" | "pdf_image"));
    let images = if all_passed_through {
        "Die Seitenbilder wurden verlustfrei übernommen (ohne verlustbehaftete Neukodierung)"
    } else {
        "Die Seitenbilder wurden übernommen oder, wo die Vorlage ein PDF ohne einzelnes Seitenbild war, \
         aus ihm gerendert und verlustfrei gespeichert"
    };
    format!(
        "Transfervermerk: Das Dokument „{title}“ der Akte „{akte}“ wurde am {at} (UTC) von {operator} \
         am Arbeitsplatz {ws} mit Aktenscan {version} aus der Vorlage „{source}“ (SHA-256 {orig}) \
         digitalisiert{scanner}. Erfasst wurden {captured} von {expected} erwarteten Seiten ({complete}). \
         {images}; für die Texterkennung (Tesseract: {models}) wurden Drehung und Schräglage \
         ausgeglichen, die gespeicherten Bilder blieben unverändert. Bilder und erkannter Text bilden \
         die PDF/A-2b-Datei (SHA-256 {pdf}). Sichtkontrolle: {check}. Verbleib des Papieroriginals: {paper}.",
        title = d.title,
        akte = f.record.title,
        at = seconds(&f.at()),
        operator = f.operator(),
        ws = f.workstation(),
        version = env!("CARGO_PKG_VERSION"),
        source = source_name(&d.source_path),
        scanner = f.scanner().map_or_else(String::new, |s| format!(
            ", gescannt mit {} (Gerät {}, {}; Ende des Scanvorgangs: {})",
            scanner_name(s),
            s.device,
            s.driver,
            batch_end(&s.end)
        )),
        orig = d.original_sha256,
        captured = f.pages.len(),
        expected = d.page_count,
        models = models(f.pages),
        pdf = d.pdf_sha256.as_deref().unwrap_or(NOT_RECORDED),
        check = f.sichtkontrolle(),
        paper = f.paper(),
    )
}

/// The scan protocol of a document as stored in the library (for the CLI and the app).
pub fn scan_protocol(
    lib: &Library,
    document_id: &str,
    capture: CaptureOf<'_>,
) -> Result<Extension, XdomeaError> {
    let document = lib.document(document_id)?;
    let record = lib.record(&document.record_id)?;
    let pages = lib.pages(&document.id)?;
    let entries = lib.audit_entries_for(&[document.id.as_str()])?;
    let entries: Vec<&AuditEntry> = entries.iter().collect();
    let checks = lib.scan_checks(&document.id)?;
    let facts = ScanFacts {
        record: &record,
        document: &document,
        pages: &pages,
        entries: &entries,
        checks: &checks,
        colours: colours(lib, &pages),
        batch: capture(lib, &document.id),
    };
    let name = format!(
        "{}_{}.pdf",
        document.id,
        crate::collect::short_title(&document.title)
    );
    Ok(protocol(&facts, &name))
}

fn page_line(p: &PageRow, colour: &str) -> String {
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
        "Bild SHA-256 {img}; {colour}; {w}×{h} Pixel; {dx:.0}×{dy:.0} dpi; Herkunft {origin}; \
         für die Texterkennung ausgeglichen: Drehung {rot}°, Schräglage {skew:.2}°; {ocr}; ALTO SHA-256 {alto}; Text SHA-256 {txt}",
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

/// The colour mode of each page's stored image.
pub fn colours(lib: &Library, pages: &[PageRow]) -> Vec<String> {
    pages
        .iter()
        .map(|p| colour_mode(&lib.path_of(&p.image_file)))
        .collect()
}

/// The colour mode of a stored page image, read from its header (PNG IHDR, JPEG SOF; TIFF is
/// stored only for CCITT G4, which is bilevel).
pub fn colour_mode(path: &std::path::Path) -> String {
    use std::io::Read;
    let mut head = Vec::new();
    let read = std::fs::File::open(path).and_then(|f| f.take(256 * 1024).read_to_end(&mut head));
    if read.is_err() {
        return NOT_RECORDED.into();
    }
    if head.starts_with(b"\x89PNG\r\n\x1a\n") && head.len() > 25 {
        let depth = head[24];
        return match head[25] {
            0 if depth == 1 => "Schwarzweiß (1 Bit)".into(),
            0 | 4 => format!("Graustufen ({depth} Bit)"),
            2 | 6 => format!("Farbe (RGB, {depth} Bit je Kanal)"),
            3 => "Farbe (Palette)".into(),
            _ => NOT_RECORDED.into(),
        };
    }
    if head.starts_with(&[0xFF, 0xD8]) {
        return match jpeg_components(&head) {
            Some(1) => "Graustufen (JPEG)".into(),
            Some(3) => "Farbe (JPEG)".into(),
            Some(4) => "Farbe (JPEG, CMYK)".into(),
            _ => NOT_RECORDED.into(),
        };
    }
    if head.starts_with(b"II*\0") || head.starts_with(b"MM\0*") {
        return "Schwarzweiß (1 Bit, CCITT G4)".into();
    }
    NOT_RECORDED.into()
}

/// Number of colour components in a JPEG's frame header.
fn jpeg_components(b: &[u8]) -> Option<u8> {
    let mut i = 2;
    while i + 4 <= b.len() {
        if b[i] != 0xFF {
            return None;
        }
        let marker = b[i + 1];
        let len = usize::from(u16::from_be_bytes([b[i + 2], b[i + 3]]));
        let is_sof = (0xC0..=0xCF).contains(&marker) && ![0xC4, 0xC8, 0xCC].contains(&marker);
        if is_sof {
            return b.get(i + 9).copied();
        }
        i += 2 + len;
    }
    None
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

#[cfg(test)]
mod tests {
    use super::*;

    fn mode_of(bytes: &[u8]) -> String {
        let dir = std::env::temp_dir().join(format!("aktenscan-scan-{}", uuid::Uuid::new_v4()));
        std::fs::write(&dir, bytes).unwrap();
        let m = colour_mode(&dir);
        std::fs::remove_file(&dir).unwrap();
        m
    }

    #[test]
    fn colour_modes_from_headers() {
        let mut png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x10\0\0\0\x10".to_vec();
        png.extend([8, 2, 0, 0, 0]);
        assert_eq!(mode_of(&png), "Farbe (RGB, 8 Bit je Kanal)");
        png[24] = 1;
        png[25] = 0;
        assert_eq!(mode_of(&png), "Schwarzweiß (1 Bit)");
        // SOI, APP0 (length 4), SOF0 with 1 component.
        let jpeg = [
            0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x04, 0x00, 0x00, 0xFF, 0xC0, 0x00, 0x0B, 0x08, 0x00,
            0x10, 0x00, 0x10, 0x01,
        ];
        assert_eq!(mode_of(&jpeg), "Graustufen (JPEG)");
        assert_eq!(mode_of(b"II*\0rest"), "Schwarzweiß (1 Bit, CCITT G4)");
        assert_eq!(mode_of(b"unbekannt"), NOT_RECORDED);
    }
}
