//! The app's own settings (library folder, OCR jobs, UI language), kept as JSON in the user's
//! config folder, and the rule that picks the library folder.

use serde::{Deserialize, Serialize};
use std::ffi::OsString;
use std::path::{Path, PathBuf};

/// What the clerk sets on the "Einstellungen" screen. Every field is optional in the file.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct AppSettings {
    /// The library folder; empty means "the default folder".
    pub library: Option<String>,
    /// Pages recognised in parallel; empty means one per core.
    pub jobs: Option<usize>,
    /// UI language: `de` or `en`.
    pub language: Option<String>,
}

impl AppSettings {
    /// Reads the settings file; a missing or unreadable file gives the defaults.
    pub fn load(path: &Path) -> AppSettings {
        std::fs::read_to_string(path)
            .ok()
            .and_then(|s| serde_json::from_str(&s).ok())
            .unwrap_or_default()
    }

    /// Writes the settings file (creating its folder).
    pub fn save(&self, path: &Path) -> anyhow::Result<()> {
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)?;
        }
        std::fs::write(path, serde_json::to_string_pretty(self)?)?;
        Ok(())
    }
}

/// The library folder: `env_library` (the value of `AKTENSCAN_LIBRARY`) if set and not empty,
/// else the one in the settings, else `Dokumente/Aktenscan` in the home folder.
pub fn library_root(
    env_library: Option<OsString>,
    settings_library: Option<&str>,
    home: Option<OsString>,
) -> Result<PathBuf, String> {
    match (env_library, settings_library, home) {
        (Some(lib), _, _) if !lib.is_empty() => Ok(PathBuf::from(lib)),
        (_, Some(lib), _) if !lib.trim().is_empty() => Ok(PathBuf::from(lib.trim())),
        (_, _, Some(home)) if !home.is_empty() => {
            Ok(PathBuf::from(home).join("Dokumente").join("Aktenscan"))
        }
        _ => Err(
            "Kein Bibliotheksordner bekannt: weder AKTENSCAN_LIBRARY noch ein \
                  Benutzerordner (HOME) ist gesetzt."
                .to_string(),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn library_root_prefers_environment_then_settings_then_home() {
        assert_eq!(
            library_root(
                Some("/srv/akten".into()),
                Some("/mnt/x"),
                Some("/home/anna".into())
            ),
            Ok(PathBuf::from("/srv/akten"))
        );
        assert_eq!(
            library_root(Some("".into()), Some("/mnt/x"), Some("/home/anna".into())),
            Ok(PathBuf::from("/mnt/x"))
        );
        assert_eq!(
            library_root(None, Some(" "), Some("/home/anna".into())),
            Ok(PathBuf::from("/home/anna/Dokumente/Aktenscan"))
        );
        assert!(library_root(None, None, None).is_err());
    }

    #[test]
    fn settings_round_trip_and_missing_file_gives_defaults() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("sub").join("einstellungen.json");
        assert_eq!(AppSettings::load(&path), AppSettings::default());
        let s = AppSettings {
            library: Some("/srv/akten".into()),
            jobs: Some(2),
            language: Some("en".into()),
        };
        s.save(&path).unwrap();
        assert_eq!(AppSettings::load(&path), s);
    }
}
