//! The Aktenscan desktop program: builds the Tauri app, its shared state and its commands.

mod commands;

pub use commands::{library_root, AppState, DocumentView, RecordView};

/// Starts the app: opens the window from `tauri.conf.json` over the library chosen by
/// [`library_root`] (env `AKTENSCAN_LIBRARY`, else `~/Dokumente/Aktenscan`).
pub fn run() {
    let root = library_root(
        std::env::var_os("AKTENSCAN_LIBRARY"),
        std::env::var_os("HOME").or_else(|| std::env::var_os("USERPROFILE")),
    );
    let result = tauri::Builder::default()
        .manage(AppState::new(root))
        .invoke_handler(tauri::generate_handler![
            commands::library_path,
            commands::list_records
        ])
        .run(tauri::generate_context!());
    if let Err(e) = result {
        eprintln!("Aktenscan konnte nicht gestartet werden: {e}");
        std::process::exit(1);
    }
}
