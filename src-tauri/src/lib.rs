//! The Aktenscan desktop program: builds the Tauri app, its shared state and its commands.

#[cfg(test)]
mod api_types;
mod commands;
mod hotfolder;
mod ingest;
mod pages;
mod scan;
mod send;
mod settings;
mod suggest;

pub use commands::{AppState, DocumentView, Failure, RecordForm, RecordView};
pub use settings::{library_root, AppSettings};

use tauri::Manager;

/// Starts the app: opens the window from `tauri.conf.json` over the library chosen by
/// [`library_root`] (env `AKTENSCAN_LIBRARY`, else the settings, else `~/Dokumente/Aktenscan`).
pub fn run() {
    let result = tauri::Builder::default()
        .plugin(tauri_plugin_dialog::init())
        .setup(|app| {
            let settings_path = app
                .path()
                .app_config_dir()
                .ok()
                .map(|dir| dir.join("einstellungen.json"));
            app.manage(AppState::new(
                std::env::var_os("AKTENSCAN_LIBRARY"),
                std::env::var_os("HOME").or_else(|| std::env::var_os("USERPROFILE")),
                settings_path,
            ));
            Ok(())
        })
        .invoke_handler(tauri::generate_handler![
            commands::library_path,
            commands::list_records,
            commands::get_document,
            commands::page_text,
            commands::page_image,
            pages::page_thumbnail,
            pages::edit_pages,
            commands::search,
            commands::update_record,
            commands::update_document,
            commands::get_aktenplan,
            commands::save_document_pdf,
            commands::open_document_pdf,
            commands::check_document,
            commands::export_records,
            commands::get_settings,
            commands::save_settings,
            ingest::start_ingest,
            ingest::cancel_ingest,
            scan::list_scanners,
            scan::scanner_choices,
            scan::scan_thumbnail,
            scan::start_scan,
            scan::cancel_scan,
            send::send_files,
            send::cancel_send,
            hotfolder::start_watch,
            hotfolder::stop_watch,
            hotfolder::watch_state,
            suggest::suggest_record,
            suggest::decide_suggestions,
        ])
        .run(tauri::generate_context!());
    if let Err(e) = result {
        eprintln!("Aktenscan konnte nicht gestartet werden: {e}");
        std::process::exit(1);
    }
}
