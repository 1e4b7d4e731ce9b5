//! Writes a small demo library (records with documents, no page images) to try the window with:
//! `cargo run -p aktenscan-app --example demo_library -- /tmp/demo-bibliothek`.

use aktenscan_store::{Library, NewRecord};

/// (Aktenzeichen, title, documents as (title, pages, complete)).
type DemoRecord = (
    Option<&'static str>,
    &'static str,
    &'static [(&'static str, i64, bool)],
);

const RECORDS: &[DemoRecord] = &[
    (
        Some("63-01/1987-012"),
        "Bauakte Hauptstraße 12, Neubau Wohnhaus",
        &[
            ("Bauantrag", 4, true),
            ("Baugenehmigung", 2, true),
            ("Schlussabnahme", 1, false),
        ],
    ),
    (
        Some("02-10/1998"),
        "Ratsbeschlüsse 1998",
        &[
            ("Beschluss 12/98 Haushaltssatzung", 3, true),
            ("Beschluss 13/98 Straßenreinigungssatzung", 2, true),
        ],
    ),
    (
        None,
        "Öffentliche Bekanntmachungen 1921",
        &[("Bekanntmachung des Gemeindevorstands", 1, true)],
    ),
    (Some("67-20"), "Friedhofsangelegenheiten", &[]),
];

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let root = std::env::args_os()
        .nth(1)
        .ok_or("Aufruf: demo_library ORDNER (der Ordner der neuen Demo-Bibliothek)")?;
    let mut lib = Library::open(&root)?;
    if !lib.records()?.is_empty() {
        return Err(
            "Die Bibliothek enthält schon Akten; bitte einen leeren Ordner angeben.".into(),
        );
    }
    for (aktenzeichen, title, documents) in RECORDS {
        let record = lib.create_record(&NewRecord {
            title: title.to_string(),
            aktenzeichen: aktenzeichen.map(str::to_string),
            ..NewRecord::default()
        })?;
        for (position, (doc_title, pages, complete)) in documents.iter().enumerate() {
            let original = lib.put_file(format!("Demo: {doc_title}").as_bytes(), "pdf")?;
            let source = format!("demo/{doc_title}.pdf");
            let doc = lib.add_document(
                &record.id,
                position as i64 + 1,
                doc_title,
                &source,
                &original,
                *pages,
            )?;
            if *complete {
                lib.complete_document(&doc.id, &original)?;
            }
        }
    }
    println!("Demo-Bibliothek angelegt: {}", root.to_string_lossy());
    Ok(())
}
