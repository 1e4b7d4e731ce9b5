//! The app's own settings (library folder, OCR model and jobs, hot folder, scanner profile, UI
//! language), kept as JSON in the user's config folder, and the rule that picks the library
//! folder.

use serde::{Deserialize, Serialize};
use std::ffi::OsString;
use std::path::{Path, PathBuf};

/// What the clerk sets on the "Einstellungen" screen. Every field is optional in the file.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(default)]
pub struct AppSettings {
    /// The library folder; empty means "the default folder".
    pub library: Option<String>,
    /// Pages recognised in parallel; empty means one per core.
    pub jobs: Option<usize>,
    /// UI language: `de` or `en`.
    pub language: Option<String>,
    /// OCR model: empty or `auto` chooses per page by script (`deu`, Fraktur `frk`); else a
    /// fixed model such as `deu`, `frk` or `deu+frk`.
    pub ocr_lang: Option<String>,
    /// The hot folder (`aktenscan watch --folder`), empty for none.
    pub hot_folder: Option<String>,
    /// How to scan: device and its options.
    pub scanner: ScannerProfile,
    /// Where pages scanned for a record on the server are recognised: on the server (empty) or
    /// at this desk (`arbeitsplatz`, its text sent with the pages). `AKTENSCAN_OCR` overrides.
    pub ocr_place: Option<aktenscan_core::OcrPlace>,
}

impl AppSettings {
    /// Where this desk's scans for the server are recognised: `AKTENSCAN_OCR` if set, else the
    /// setting.
    pub fn ocr_place(&self) -> aktenscan_core::OcrPlace {
        std::env::var("AKTENSCAN_OCR")
            .ok()
            .and_then(|v| v.parse().ok())
            .or(self.ocr_place)
            .unwrap_or_default()
    }
}

/// The scanner profile: SANE device name and the options a scan sets (each empty for the
/// device's default).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(default)]
pub struct ScannerProfile {
    /// SANE device, e.g. `fujitsu:fi-7160:12345`.
    pub device: Option<String>,
    /// Resolution in dpi (TR-RESISCAN: at least 300 for text).
    pub resolution: Option<u32>,
    /// `Color`, `Gray` or `Lineart`.
    pub mode: Option<String>,
    /// Paper source, e.g. `ADF Duplex`, `Flatbed`.
    pub source: Option<String>,
    /// Paper size (the scan area), empty for the device's default.
    pub page_size: Option<aktenscan_core::PageSize>,
}

/// The scan modes a profile may name.
pub const SCAN_MODES: [&str; 3] = ["Color", "Gray", "Lineart"];

impl AppSettings {
    /// The fixed OCR model, if one is chosen (`None`: per page by script).
    pub fn fixed_ocr_model(&self) -> Option<String> {
        self.ocr_lang
            .as_deref()
            .map(str::trim)
            .filter(|l| !l.is_empty() && *l != "auto")
            .map(str::to_string)
    }

    /// Checks the settings as the form sends them; (field, German message) for each problem.
    /// `models` are the installed OCR models.
    pub fn problems(&self, models: &[String]) -> Vec<(&'static str, String)> {
        let mut problems = Vec::new();
        if let Some(lang) = &self.language {
            if lang != "de" && lang != "en" {
                problems.push(("language", format!("Unbekannte Sprache „{lang}“.")));
            }
        }
        if let Some(jobs) = self.jobs {
            if !(1..=64).contains(&jobs) {
                problems.push((
                    "jobs",
                    "Bitte eine ganze Zahl von 1 bis 64 angeben.".to_string(),
                ));
            }
        }
        if let Err(e) = aktenscan_ocr::check_models(self.ocr_lang.as_deref().unwrap_or(""), models)
        {
            problems.push(("ocr_lang", e));
        }
        if let Some(folder) = self.hot_folder.as_deref().map(str::trim) {
            if !folder.is_empty() && !Path::new(folder).is_dir() {
                problems.push((
                    "hot_folder",
                    format!("Den Ordner „{folder}“ gibt es nicht."),
                ));
            }
        }
        if let Some(dpi) = self.scanner.resolution {
            if !(50..=2400).contains(&dpi) {
                problems.push((
                    "scanner_resolution",
                    "Bitte eine Auflösung von 50 bis 2400 dpi angeben (für Schriftgut mindestens 300)."
                        .to_string(),
                ));
            }
        }
        if let Some(mode) = self.scanner.mode.as_deref().map(str::trim) {
            if !mode.is_empty() && !SCAN_MODES.contains(&mode) {
                problems.push((
                    "scanner_mode",
                    format!("Unbekannter Modus „{mode}“ (Color, Gray oder Lineart)."),
                ));
            }
        }
        problems
    }
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

/// The library when it is a server address: the window then signs in to `aktenscan serve`
/// there and works over its API, and no folder is opened or created.
pub use aktenscan_client::server_address;

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
    fn a_server_address_is_told_from_a_folder() {
        assert_eq!(
            server_address(Path::new("https://akten.schkopau.local:8443/")),
            Some("https://akten.schkopau.local:8443".into())
        );
        assert_eq!(
            server_address(Path::new("HTTP://127.0.0.1:8443")),
            Some("HTTP://127.0.0.1:8443".into())
        );
        assert_eq!(server_address(Path::new("/srv/akten")), None);
        assert_eq!(server_address(Path::new("https-archiv/akten")), None);
    }

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
            ocr_lang: Some("frk".into()),
            hot_folder: Some("/srv/eingang".into()),
            scanner: ScannerProfile {
                device: Some("test:0".into()),
                resolution: Some(300),
                mode: Some("Gray".into()),
                source: Some("ADF Duplex".into()),
                page_size: Some(aktenscan_core::PageSize::A4),
            },
            ocr_place: Some(aktenscan_core::OcrPlace::Arbeitsplatz),
        };
        s.save(&path).unwrap();
        assert_eq!(AppSettings::load(&path), s);
        // A file of an older version (without the new fields) still loads.
        std::fs::write(&path, r#"{"jobs": 3}"#).unwrap();
        let old = AppSettings::load(&path);
        assert_eq!(old.jobs, Some(3));
        assert_eq!(old.fixed_ocr_model(), None);
    }

    #[test]
    fn settings_are_checked_in_german() {
        let dir = tempfile::tempdir().unwrap();
        let models = vec!["deu".to_string(), "frk".to_string()];
        let good = AppSettings {
            jobs: Some(2),
            ocr_lang: Some("deu+frk".into()),
            hot_folder: Some(dir.path().display().to_string()),
            scanner: ScannerProfile {
                resolution: Some(300),
                mode: Some("Lineart".into()),
                ..ScannerProfile::default()
            },
            ..AppSettings::default()
        };
        assert!(good.problems(&models).is_empty());
        assert_eq!(good.fixed_ocr_model().as_deref(), Some("deu+frk"));
        let auto = AppSettings {
            ocr_lang: Some("auto".into()),
            ..AppSettings::default()
        };
        assert_eq!(auto.fixed_ocr_model(), None);
        let bad = AppSettings {
            language: Some("fr".into()),
            jobs: Some(0),
            ocr_lang: Some("eng".into()),
            hot_folder: Some(dir.path().join("fehlt").display().to_string()),
            scanner: ScannerProfile {
                resolution: Some(20),
                mode: Some("Bunt".into()),
                ..ScannerProfile::default()
            },
            ..AppSettings::default()
        };
        let fields: Vec<_> = bad.problems(&models).into_iter().map(|(f, _)| f).collect();
        assert_eq!(
            fields,
            [
                "language",
                "jobs",
                "ocr_lang",
                "hot_folder",
                "scanner_resolution",
                "scanner_mode"
            ]
        );
    }
}
