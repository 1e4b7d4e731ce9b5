//! The municipality profile: who sends, who receives, and the defaults for metadata a record
//! does not carry itself. Read from `xdomea-profil.json` in the library folder when present.
//!
//! Defaults (Gemeinde Schkopau):
//! - Absender: Gemeinde Schkopau;
//! - Empfänger of a 0503 Aussonderung: Kreisarchiv Saalekreis; of a 0401 Abgabe: Gemeinde
//!   Schkopau (its new e-file system);
//! - Vertraulichkeitsstufe `003` (Offen) for a record without one (the store's default too);
//! - Aussonderungsart `B` (zum Bewerten markiert: the archive decides);
//! - Medium `001` (Elektronisch: what is handed over is the electronic record).

use serde::{Deserialize, Serialize};
use std::path::Path;

use crate::message::Party;
use crate::XdomeaError;

/// File name of the profile inside the library folder.
pub const PROFILE_FILE: &str = "xdomea-profil.json";

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Stelle {
    pub institution: String,
    pub kurzbezeichnung: Option<String>,
    pub organisationseinheit: Option<String>,
}

impl Default for Stelle {
    fn default() -> Stelle {
        Stelle {
            institution: "Gemeinde Schkopau".into(),
            kurzbezeichnung: None,
            organisationseinheit: None,
        }
    }
}

impl From<&Stelle> for Party {
    fn from(s: &Stelle) -> Party {
        Party {
            institution: s.institution.clone(),
            kurzbezeichnung: s.kurzbezeichnung.clone(),
            organisationseinheit: s.organisationseinheit.clone(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Profile {
    pub absender: Stelle,
    pub empfaenger_aussonderung: Stelle,
    pub empfaenger_abgabe: Stelle,
    pub vertraulichkeitsstufe: String,
    pub aussonderungsart: String,
    pub medium: String,
}

impl Default for Profile {
    fn default() -> Profile {
        Profile {
            absender: Stelle::default(),
            empfaenger_aussonderung: Stelle {
                institution: "Kreisarchiv Saalekreis".into(),
                ..Stelle::default()
            },
            empfaenger_abgabe: Stelle::default(),
            vertraulichkeitsstufe: "003".into(),
            aussonderungsart: "B".into(),
            medium: "001".into(),
        }
    }
}

impl Profile {
    /// The profile of a library: `L/xdomea-profil.json` if it exists (missing keys take the
    /// defaults), otherwise the defaults.
    pub fn for_library(root: &Path) -> Result<Profile, XdomeaError> {
        let path = root.join(PROFILE_FILE);
        if path.exists() {
            Profile::load(&path)
        } else {
            Ok(Profile::default())
        }
    }

    pub fn load(path: &Path) -> Result<Profile, XdomeaError> {
        let text = std::fs::read_to_string(path).map_err(|source| XdomeaError::Io {
            path: path.to_path_buf(),
            source,
        })?;
        serde_json::from_str(&text).map_err(|e| XdomeaError::Profile {
            path: path.to_path_buf(),
            reason: e.to_string(),
        })
    }
}
