//! The read-only commands: `list`, `show`, `text` and `aktenplan`.

use aktenscan_store::{DocumentRow, Library, PageRow, RecordRow, Resolved};
use anyhow::{bail, Result};
use serde_json::{json, Value};

fn document_json(lib: &Library, doc: &DocumentRow, with_pages: bool) -> Result<Value> {
    let mut v = json!({
        "type": "document",
        "id": doc.id,
        "record_id": doc.record_id,
        "position": doc.position,
        "title": doc.title,
        "doc_type": doc.doc_type,
        "doc_date": doc.doc_date,
        "source": doc.source_path,
        "pages": doc.page_count,
        "status": doc.status,
        "created_at": doc.created_at,
        "files": {
            "original": doc.original_file,
            "original_sha256": doc.original_sha256,
            "pdf": doc.pdf_file,
            "pdf_sha256": doc.pdf_sha256,
        },
    });
    if with_pages {
        let pages: Vec<Value> = lib.pages(&doc.id)?.iter().map(page_json).collect();
        v["page_list"] = Value::Array(pages);
    }
    Ok(v)
}

fn page_json(p: &PageRow) -> Value {
    json!({
        "page": p.page_no,
        "width": p.width,
        "height": p.height,
        "dpi": [p.dpi_x, p.dpi_y],
        "origin": p.origin,
        "ocr": p.ocr,
        "rotation": p.rotation,
        "files": {
            "image": p.image_file,
            "image_sha256": p.image_sha256,
            "alto": p.alto_file,
            "alto_sha256": p.alto_sha256,
            "text": p.text_file,
            "text_sha256": p.text_sha256,
        },
    })
}

fn record_json(lib: &Library, r: &RecordRow, with_pages: bool) -> Result<Value> {
    let mut v = serde_json::to_value(r)?;
    v["type"] = json!("record");
    let docs = lib
        .documents(&r.id)?
        .iter()
        .map(|d| document_json(lib, d, with_pages))
        .collect::<Result<Vec<_>>>()?;
    v["documents"] = Value::Array(docs);
    Ok(v)
}

pub fn list(lib: &Library, json: bool) -> Result<()> {
    let records = lib.records()?;
    if json {
        let all = records
            .iter()
            .map(|r| record_json(lib, r, false))
            .collect::<Result<Vec<_>>>()?;
        println!("{}", serde_json::to_string_pretty(&all)?);
        return Ok(());
    }
    if records.is_empty() {
        println!("Die Bibliothek ist leer.");
    }
    for r in &records {
        println!(
            "{}  {}  {}",
            r.id,
            r.aktenzeichen.as_deref().unwrap_or("–"),
            r.title
        );
        for d in lib.documents(&r.id)? {
            println!(
                "    {}  {:>3} S.  {:<9}  {}",
                d.id, d.page_count, d.status, d.title
            );
        }
    }
    Ok(())
}

pub fn show(lib: &Library, id: &str, json: bool) -> Result<()> {
    let value = match lib.resolve_id(id)? {
        Resolved::Record(id) => record_json(lib, &lib.record(&id)?, true)?,
        Resolved::Document(id) => document_json(lib, &lib.document(&id)?, true)?,
    };
    if json {
        println!("{}", serde_json::to_string_pretty(&value)?);
        return Ok(());
    }
    print_human(&value, 0);
    Ok(())
}

fn print_human(v: &Value, indent: usize) {
    let pad = " ".repeat(indent);
    if let Value::Object(map) = v {
        for (k, val) in map {
            match val {
                Value::Array(items) if items.iter().all(Value::is_object) => {
                    println!("{pad}{k}:");
                    for item in items {
                        print_human(item, indent + 4);
                        println!();
                    }
                }
                Value::Object(_) => {
                    println!("{pad}{k}:");
                    print_human(val, indent + 4);
                }
                Value::Null => {}
                other => println!(
                    "{pad}{k}: {}",
                    other
                        .as_str()
                        .map(str::to_string)
                        .unwrap_or_else(|| other.to_string())
                ),
            }
        }
    }
}

pub fn text(lib: &Library, id: &str, page: Option<i64>) -> Result<()> {
    let Resolved::Document(id) = lib.resolve_id(id)? else {
        bail!("'{id}' is a record; give a document id (see `aktenscan show {id}`)");
    };
    let pages = lib.pages(&id)?;
    let selected: Vec<&PageRow> = pages
        .iter()
        .filter(|p| page.is_none_or(|n| p.page_no == n))
        .collect();
    if selected.is_empty() {
        bail!("document {id} has no page {}", page.unwrap_or(1));
    }
    let texts: Vec<&str> = selected.iter().map(|p| p.text.as_str()).collect();
    print!("{}", texts.join("\x0c"));
    Ok(())
}

/// `aktenplan [FILTER]`: the units of the library's Aktenplan (or the sample plan).
pub fn aktenplan(lib: &Library, filter: Option<&str>, json: bool) -> Result<()> {
    let plan = aktenscan_store::Aktenplan::for_library(lib.root())?;
    let entries = plan.matching(filter.unwrap_or_default());
    if json {
        println!(
            "{}",
            serde_json::to_string_pretty(&json!({
                "name": plan.name,
                "sample": plan.sample,
                "entries": entries,
            }))?
        );
        return Ok(());
    }
    println!(
        "{}{}",
        plan.name,
        if plan.sample {
            " (Beispiel: eigener Aktenplan als aktenplan.json in den Bibliotheksordner)"
        } else {
            ""
        }
    );
    for e in entries {
        match &e.aufbewahrung {
            Some(a) => println!("  {:<10} {} (Aufbewahrung: {a})", e.kennzeichen, e.titel),
            None => println!("  {:<10} {}", e.kennzeichen, e.titel),
        }
    }
    Ok(())
}
