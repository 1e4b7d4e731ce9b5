//! Metadaten → Vorschläge: what the rules read from a record's pages (`Workspace::suggest`), and
//! the clerk's Übernehmen / Verwerfen (`Workspace::decide`: applied like the form, each decision
//! in the audit log).

use crate::commands::{core_error, Answer, AppState};
use aktenscan_core::{Decided, Decision, RecordSuggestions};

/// The suggestions for a record and its documents (what is already set, or was refused, is not
/// suggested again).
#[tauri::command(async)]
pub fn suggest_record(state: tauri::State<'_, AppState>, id: String) -> Answer<RecordSuggestions> {
    state.with_workspace(|ws| ws.suggest(&id).map_err(core_error("Vorschläge")))
}

/// Applies the accepted suggestions and logs every decision.
#[tauri::command(async)]
pub fn decide_suggestions(
    state: tauri::State<'_, AppState>,
    record: String,
    decisions: Vec<Decision>,
) -> Answer<Decided> {
    state.with_workspace(|ws| {
        ws.decide(&record, &decisions)
            .map_err(core_error("Vorschlag"))
    })
}
