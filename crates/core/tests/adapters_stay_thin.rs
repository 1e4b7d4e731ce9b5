//! The shells stay thin: no business rule outside the core and `aktenscan-model`. This test reads
//! the sources of the CLI (`crates/cli/src`), the desktop app (`src-tauri/src`) and the shared
//! server (`crates/server/src`) and fails
//! when one of them parses a domain value itself or writes to the store or the index directly
//! instead of calling a use case of `aktenscan_core::Workspace`.

use std::path::{Path, PathBuf};

/// What a shell must leave to the core, and why.
const FORBIDDEN: &[(&str, &str)] = &[
    (
        "parse::<Laufzeit>",
        "a Laufzeit is parsed by RecordInput in the core",
    ),
    (
        "parse::<Retention>",
        "an Aufbewahrungsfrist is parsed by RecordInput in the core",
    ),
    (
        "parse::<PartialDate>",
        "a date is parsed by DocumentInput in the core",
    ),
    (
        "parse::<Confidentiality>",
        "a Vertraulichkeitsstufe is parsed in the core",
    ),
    ("Laufzeit::new", "a Laufzeit is built in the core"),
    (
        "Retention::from_stored",
        "an Aufbewahrungsfrist is read by the store",
    ),
    (
        "RecordPatch",
        "a record change is a RecordInput given to Workspace::update_record",
    ),
    (
        "SearchIndex",
        "the index is opened and refreshed by the Workspace",
    ),
    ("refresh_record", "the core re-indexes after every change"),
    ("index_document", "the core re-indexes after every change"),
    (".indexer(", "the core re-indexes after every change"),
    (
        "aktenscan_pipeline::ingest",
        "an ingest is Workspace::ingest",
    ),
    (
        "aktenscan_pipeline::resume",
        "a resume is Workspace::resume",
    ),
    (
        "aktenscan_pipeline::edit_pages",
        "a page edit is Workspace::edit_pages",
    ),
    (
        "aktenscan_xdomea::export(",
        "an export is Workspace::export",
    ),
    (
        "aktenscan_suggest::suggest_record(",
        "suggestions are Workspace::suggest (which leaves out what is set or was refused)",
    ),
    (
        "aktenscan_xdomea::scan_protocol(",
        "a scan protocol is Workspace::scan_protocol (with the batch's scanner facts)",
    ),
    (
        "aktenscan_xdomea::import(",
        "an import is Workspace::import_xdomea",
    ),
    (
        "aktenscan_hotfolder::watch(",
        "a hot folder is Workspace::watch",
    ),
    ("scan_into(", "a scan session is Workspace::scan"),
    ("Library::open", "a library is opened as a Workspace"),
    (
        "lib.update_record(",
        "only through Workspace::update_record",
    ),
    (
        "lib.update_document(",
        "only through Workspace::update_document",
    ),
    (
        "lib.add_scan_check(",
        "only through Workspace::check_document",
    ),
    (
        "lib.audit(",
        "audit entries are written by the store with their change",
    ),
    (
        "admits(",
        "who sees a record is decided where the core reads it (Workspace::*_as)",
    ),
    (
        "lib.save_account(",
        "an account is Workspace::set_account (the password hashed, the change audited)",
    ),
    ("\"complete\"", "a document's status is DocumentStatus"),
    ("\"ingesting\"", "a document's status is DocumentStatus"),
    ("\"unbefristet\"", "an Aufbewahrungsfrist is Retention"),
];

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

/// The code of a file without its `#[cfg(test)]` module (tests may set up a library directly)
/// and without comments.
fn production_code(text: &str) -> String {
    let cut = text.find("#[cfg(test)]").unwrap_or(text.len());
    text[..cut]
        .lines()
        .filter(|l| !l.trim_start().starts_with("//"))
        .collect::<Vec<_>>()
        .join("\n")
}

fn violations(text: &str) -> Vec<String> {
    let code = production_code(text);
    FORBIDDEN
        .iter()
        .filter(|(needle, _)| code.contains(needle))
        .map(|(needle, why)| format!("`{needle}`: {why}"))
        .collect()
}

#[test]
fn the_cli_and_the_app_call_the_core_for_every_rule() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let mut files = Vec::new();
    for shell in ["crates/cli/src", "src-tauri/src", "crates/server/src"] {
        rust_files(&root.join(shell), &mut files);
    }
    assert!(
        files.len() >= 10,
        "the shells' sources were not found under {}",
        root.display()
    );
    let mut found = Vec::new();
    for f in &files {
        let text = std::fs::read_to_string(f).unwrap();
        for v in violations(&text) {
            found.push(format!("{}: {v}", f.display()));
        }
    }
    assert!(
        found.is_empty(),
        "business rules in a shell:\n{}",
        found.join("\n")
    );
}

#[test]
fn the_check_finds_a_rule_in_a_shell() {
    let shell = r#"
        fn set(lib: &mut Library, laufzeit: &str) {
            let l = laufzeit.parse::<Laufzeit>();
            let (index, _) = SearchIndex::open(lib, &mut |_, _| {});
        }
        #[cfg(test)]
        mod tests { fn t() { Library::open(p); } }
    "#;
    let found = violations(shell);
    assert_eq!(found.len(), 2, "{found:?}");
    assert!(violations("// SearchIndex in a comment\nfn f() {}").is_empty());
}
