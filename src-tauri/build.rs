//! Build script: lets tauri-build read `tauri.conf.json` and the capabilities, and declares the
//! app's commands so that each one needs an explicit `allow-…` permission in a capability.

const COMMANDS: &[&str] = &[
    "library_path",
    "list_records",
    "get_document",
    "page_text",
    "page_image",
    "page_thumbnail",
    "edit_pages",
    "search",
    "update_record",
    "update_document",
    "get_aktenplan",
    "save_document_pdf",
    "open_document_pdf",
    "check_document",
    "export_records",
    "get_settings",
    "save_settings",
    "start_ingest",
    "cancel_ingest",
    "list_scanners",
    "scanner_choices",
    "scan_thumbnail",
    "start_scan",
    "cancel_scan",
    "send_files",
    "cancel_send",
    "start_watch",
    "stop_watch",
    "watch_state",
    "suggest_record",
    "decide_suggestions",
];

fn main() {
    let attributes = tauri_build::Attributes::new()
        .app_manifest(tauri_build::AppManifest::new().commands(COMMANDS));
    if let Err(e) = tauri_build::try_build(attributes) {
        eprintln!("tauri-build failed: {e:#}");
        std::process::exit(1);
    }
}
