//! `aktenscan document check` (record a Sichtkontrolle), `aktenscan document protokoll`
//! (the TR-RESISCAN scan protocol and Transfervermerk of a document), `aktenscan document set`
//! (Betreff, Typ, Datum), `aktenscan document pdf` (save a copy of the PDF/A) and
//! `aktenscan document pages` (list, move, rotate, delete pages; split a document).

use std::process::ExitCode;

use aktenscan_core::{DocumentInput, Sichtkontrolle, Workspace};
use aktenscan_store::PageEdit;
use anyhow::{bail, Result};
use serde_json::json;
use std::path::PathBuf;

#[derive(clap::Subcommand)]
pub enum DocumentCommand {
    /// Record a Sichtkontrolle: the scanned pages were checked against the paper.
    Check {
        /// The document (full id or unique prefix).
        id: String,
        /// Every page was checked (default: a sample).
        #[arg(long)]
        vollstaendig: bool,
        /// What was found; leave out when nothing was ("ohne Befund").
        #[arg(long)]
        befund: Option<String>,
        /// Pages scanned again after the check, e.g. "2, 5".
        #[arg(long)]
        nachgescannt: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Print the scan protocol (TR-RESISCAN) and the Transfervermerk of a document.
    Protokoll {
        id: String,
        #[arg(long)]
        json: bool,
    },
    /// Set a document's Betreff, Typ and Datum (only the options given change; empty clears
    /// Typ and Datum).
    Set {
        id: String,
        /// Betreff (title) of the document.
        #[arg(long)]
        betreff: Option<String>,
        /// Type, e.g. Antrag, Bescheid, Schreiben.
        #[arg(long)]
        typ: Option<String>,
        /// Date of the document: JJJJ, JJJJ-MM or JJJJ-MM-TT.
        #[arg(long)]
        datum: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Save a copy of the document's PDF/A to a file (written whole or not at all).
    Pdf {
        id: String,
        /// The file to write, e.g. ~/Bauantrag.pdf.
        out: PathBuf,
    },
    /// List a document's pages, or edit them (one edit per call): the PDF/A is rebuilt from
    /// the stored pages (no OCR again), the search index refreshed, the edit audit-logged.
    Pages(PagesArgs),
}

#[derive(clap::Args)]
#[command(group = clap::ArgGroup::new("edit").multiple(false))]
pub struct PagesArgs {
    /// The document (full id or unique prefix).
    id: String,
    /// Move page FROM to position TO, e.g. `3:1` makes page 3 the first page.
    #[arg(long = "move", value_name = "FROM:TO", group = "edit")]
    move_page: Option<String>,
    /// Turn a page clockwise by quarter turns, e.g. `2:90` (`2:-90` turns left).
    #[arg(
        long,
        value_name = "PAGE:DEGREES",
        group = "edit",
        allow_hyphen_values = true
    )]
    rotate: Option<String>,
    /// Take a page out of the document (its stored image stays in the library).
    #[arg(long, value_name = "PAGE", group = "edit")]
    delete: Option<i64>,
    /// Split the document: this page and the following ones become a new document of the
    /// same record.
    #[arg(long, value_name = "PAGE", group = "edit")]
    split_at: Option<i64>,
    /// Folder with Tesseract's pdf.ttf (the PDF/A's text-layer font).
    #[arg(long, env = "TESSDATA_PREFIX", default_value = aktenscan_ocr::DEFAULT_TESSDATA)]
    tessdata: std::path::PathBuf,
    #[arg(long)]
    json: bool,
}

/// `A:B` as two numbers.
fn pair(s: &str, what: &str) -> Result<(i64, i64)> {
    let parsed = s
        .split_once(':')
        .and_then(|(a, b)| Some((a.trim().parse().ok()?, b.trim().parse().ok()?)));
    match parsed {
        Some(p) => Ok(p),
        None => bail!("'{s}': expected {what}"),
    }
}

impl PagesArgs {
    fn edit(&self) -> Result<Option<PageEdit>> {
        Ok(if let Some(m) = &self.move_page {
            let (from, to) = pair(m, "FROM:TO, e.g. 3:1")?;
            Some(PageEdit::Move { from, to })
        } else if let Some(r) = &self.rotate {
            let (page, degrees) = pair(r, "PAGE:DEGREES, e.g. 2:90")?;
            Some(PageEdit::Rotate { page, degrees })
        } else if let Some(page) = self.delete {
            Some(PageEdit::Delete { page })
        } else {
            self.split_at.map(|page| PageEdit::SplitAt { page })
        })
    }
}

fn pages(ws: &mut Workspace, args: PagesArgs) -> Result<()> {
    let doc = ws.document_id(&args.id)?;
    if let Some(edit) = args.edit()? {
        let done = ws.edit_pages(&doc, edit, &args.tessdata)?;
        if args.json {
            println!("{}", serde_json::to_string_pretty(&done)?);
        } else {
            println!(
                "Dokument {doc}: {}; jetzt {} Seite(n), PDF/A neu erstellt.",
                edit.describe(),
                done.outcome.pages
            );
            if let Some(new) = &done.outcome.new_document {
                println!(
                    "Neues Dokument {} „{}“ mit {} Seite(n).",
                    new.id, new.title, new.pages
                );
            }
        }
        if let Some(e) = &done.index_error {
            eprintln!("warning: the search index is not up to date ({e}); run `aktenscan reindex`");
        }
        return Ok(());
    }
    let rows = ws.library().pages(&doc)?;
    if args.json {
        let pages: Vec<_> = rows
            .iter()
            .map(|p| {
                json!({
                    "page": p.page_no,
                    "rotation": p.rotation,
                    "orientation": p.display_orientation().degrees(),
                    "width": p.width,
                    "height": p.height,
                    "image_file": p.image_file,
                    "image_sha256": p.image_sha256,
                    "text": p.text,
                })
            })
            .collect();
        println!(
            "{}",
            serde_json::to_string_pretty(&json!({"document_id": doc, "pages": pages}))?
        );
    } else {
        for p in &rows {
            let first = p.text.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
            println!(
                "Seite {:>3}  {}×{}  gedreht {:>3}°  {}",
                p.page_no, p.width, p.height, p.rotation, first
            );
        }
    }
    Ok(())
}

pub fn run(ws: &mut Workspace, cmd: DocumentCommand) -> Result<ExitCode> {
    match cmd {
        DocumentCommand::Check {
            id,
            vollstaendig,
            befund,
            nachgescannt,
            json,
        } => {
            let doc = ws.document_id(&id)?;
            let check = ws.check_document(
                &doc,
                &Sichtkontrolle {
                    full: vollstaendig,
                    anomalies: befund,
                    rescanned: nachgescannt,
                },
            )?;
            if json {
                println!("{}", serde_json::to_string_pretty(&check)?);
            } else {
                println!(
                    "Sichtkontrolle ({}) von Dokument {} gespeichert: {}",
                    check.scope,
                    doc,
                    check.anomalies.as_deref().unwrap_or("ohne Befund")
                );
            }
        }
        DocumentCommand::Pages(args) => pages(ws, args)?,
        DocumentCommand::Protokoll { id, json } => {
            let doc = ws.document_id(&id)?;
            let p = ws.scan_protocol(&doc)?;
            if json {
                let fields: Vec<_> = p
                    .felder
                    .iter()
                    .map(|f| json!({"name": f.name, "value": f.wert}))
                    .collect();
                let v = json!({
                    "document_id": doc,
                    "transfervermerk": p.beschreibung,
                    "fields": fields,
                });
                println!("{}", serde_json::to_string_pretty(&v)?);
            } else {
                println!("{}", p.name);
                for f in &p.felder {
                    println!("  {}: {}", f.name, f.wert);
                }
                println!();
                println!("{}", p.beschreibung.as_deref().unwrap_or_default());
            }
        }
        DocumentCommand::Set {
            id,
            betreff,
            typ,
            datum,
            json,
        } => {
            let doc = ws.document_id(&id)?;
            let current = ws.library().document(&doc)?;
            let input = DocumentInput {
                title: betreff.unwrap_or(current.title),
                doc_type: typ.or(current.doc_type).unwrap_or_default(),
                doc_date: datum
                    .or(current.doc_date.map(|d| d.to_string()))
                    .unwrap_or_default(),
            };
            let row = ws.update_document(&doc, &input)?.document;
            if json {
                println!("{}", serde_json::to_string_pretty(&row)?);
            } else {
                println!(
                    "Dokument {}: {} · {} · {}",
                    row.id,
                    row.title,
                    row.doc_type.as_deref().unwrap_or("–"),
                    row.doc_date.map_or("–".to_string(), |d| d.to_string())
                );
            }
        }
        DocumentCommand::Pdf { id, out } => {
            let doc = ws.document_id(&id)?;
            let saved = ws.library().save_document_pdf(&doc, &out)?;
            println!(
                "PDF/A gespeichert: {} ({} Bytes, SHA-256 {})",
                out.display(),
                saved.size,
                saved.sha256
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}
