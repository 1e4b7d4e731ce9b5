//! The TypeScript types of what the window sends and receives (`ui/src/generated/api.ts`),
//! generated from the Rust types themselves, so that the two cannot drift: a test fails when the
//! committed file differs from what these types generate.

use ts_rs::{Config, TS};

/// Where the generated file lives, from the app crate's folder.
pub const GENERATED: &str = "../ui/src/generated/api.ts";

const HEADER: &str =
    "// Generated from the Rust types by src-tauri/src/api_types.rs: do not edit.\n\
// `AKTENSCAN_WRITE_TYPES=1 cargo test -p aktenscan-app api_types` writes it anew.\n\n";

/// The declarations, in a fixed order.
pub fn typescript() -> String {
    // Counts and sizes are JSON numbers, not bigints.
    let cfg = Config::new().with_large_int("number");
    let mut out = String::from(HEADER);
    macro_rules! declare {
        ($($t:ty),* $(,)?) => {
            $(
                out.push_str("export ");
                out.push_str(&<$t as TS>::decl(&cfg));
                out.push_str("\n\n");
            )*
        };
    }
    declare!(
        crate::commands::Failure,
        crate::commands::FieldProblem,
        crate::commands::RecordView,
        crate::commands::DocumentView,
        crate::commands::PageView,
        aktenscan_store::ScanCheck,
        crate::commands::DocumentDetail,
        crate::pages::PagesEdited,
        aktenscan_store::PageEdit,
        aktenscan_index::SearchResults,
        aktenscan_index::Hit,
        aktenscan_index::Facets,
        crate::commands::ExportOutcome,
        crate::commands::MissingView,
        crate::settings::ScannerProfile,
        crate::settings::AppSettings,
        crate::commands::SettingsView,
        aktenscan_store::AktenplanEntry,
        aktenscan_store::Aktenplan,
        crate::commands::RecordForm,
        crate::commands::DocumentForm,
        crate::commands::PageMark,
        crate::send::SendStep,
        crate::send::SendFinished,
        aktenscan_core::AccountView,
        aktenscan_model::Clearance,
        aktenscan_model::Scope,
        aktenscan_model::Role,
        crate::ingest::Progress,
        crate::ingest::Finished,
        aktenscan_pipeline::IngestReport,
        aktenscan_pipeline::DocumentReport,
        aktenscan_pipeline::Failure,
        aktenscan_pipeline::SplitReport,
        aktenscan_split::SeparatorSheet,
        aktenscan_split::DroppedPage,
        aktenscan_split::PageRef,
        crate::scan::ScannerView,
        crate::scan::ScanForm,
        crate::scan::ScanPage,
        crate::scan::ScanFinished,
        crate::scan::SentView,
        crate::scan::SentDocument,
        aktenscan_core::DeviceChoices,
        aktenscan_core::PageSize,
        aktenscan_core::OcrPlace,
        crate::hotfolder::WatchEntry,
        crate::hotfolder::WatchState,
        aktenscan_core::RecordSuggestions,
        aktenscan_core::DocumentSuggestions,
        aktenscan_core::Suggestion,
        aktenscan_core::Evidence,
        aktenscan_suggest::Finding,
        aktenscan_suggest::Cue,
        aktenscan_core::Decision,
        aktenscan_core::Decided,
    );
    out.trim_end().to_string() + "\n"
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_windows_types_are_the_rust_types() {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(GENERATED);
        let want = typescript();
        if std::env::var_os("AKTENSCAN_WRITE_TYPES").is_some() {
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(&path, &want).unwrap();
        }
        let have = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            have == want,
            "{} is not what the Rust types generate: run `AKTENSCAN_WRITE_TYPES=1 cargo test -p aktenscan-app api_types` and commit it",
            path.display()
        );
    }
}
