//! The Aktenplan (file plan) a record's Aktenplaneinheit is chosen from: `aktenplan.json` in the
//! library folder, else the sample plan shipped in `samples/aktenplan.json` (built in).

use crate::{Result, StoreError};
use aktenscan_model::Retention;
use serde::{Deserialize, Serialize};
use std::path::Path;

/// The file name of a library's own Aktenplan.
pub const AKTENPLAN_FILE: &str = "aktenplan.json";

const SAMPLE: &str = include_str!("../../../samples/aktenplan.json");

/// One unit of the plan: its Kennzeichen (`632.10`), title, and the usual
/// Aufbewahrungsfrist of its records (years or `unbefristet`), if the plan says.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct AktenplanEntry {
    pub kennzeichen: String,
    pub titel: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub aufbewahrung: Option<Retention>,
}

/// A file plan: its name and units in plan order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct Aktenplan {
    pub name: String,
    #[serde(default)]
    pub description: Option<String>,
    pub entries: Vec<AktenplanEntry>,
    /// `true` for the built-in sample plan (the library has no `aktenplan.json`).
    #[serde(default)]
    pub sample: bool,
}

impl Aktenplan {
    /// Reads a plan from JSON and checks it: every unit has a Kennzeichen and a title, no
    /// Kennzeichen twice, an Aufbewahrungsfrist is a number of years or `unbefristet`.
    pub fn parse(json: &str) -> std::result::Result<Aktenplan, String> {
        let plan: Aktenplan =
            serde_json::from_str(json).map_err(|e| format!("kein gültiger Aktenplan: {e}"))?;
        let mut seen = std::collections::HashSet::new();
        for e in &plan.entries {
            if e.kennzeichen.trim().is_empty() || e.titel.trim().is_empty() {
                return Err(format!(
                    "Aktenplan: jede Einheit braucht Kennzeichen und Titel („{}“)",
                    e.kennzeichen
                ));
            }
            if !seen.insert(e.kennzeichen.trim()) {
                return Err(format!(
                    "Aktenplan: Kennzeichen „{}“ kommt doppelt vor",
                    e.kennzeichen
                ));
            }
        }
        Ok(plan)
    }

    /// The built-in sample plan (`samples/aktenplan.json`).
    pub fn sample() -> Aktenplan {
        let mut plan = Aktenplan::parse(SAMPLE).unwrap_or_else(|_| Aktenplan {
            name: "Beispiel-Aktenplan".into(),
            description: None,
            entries: Vec::new(),
            sample: true,
        });
        plan.sample = true;
        plan
    }

    /// The plan of the library at `root`: its `aktenplan.json`, else the sample plan. A file
    /// that exists but cannot be read or is not a valid plan is an error, not the sample.
    pub fn for_library(root: &Path) -> Result<Aktenplan> {
        let path = root.join(AKTENPLAN_FILE);
        match std::fs::read_to_string(&path) {
            Ok(text) => {
                let mut plan = Aktenplan::parse(&text)
                    .map_err(|e| StoreError::Invalid(format!("{}: {e}", path.display())))?;
                plan.sample = false;
                Ok(plan)
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Aktenplan::sample()),
            Err(source) => Err(StoreError::Io { path, source }),
        }
    }

    /// The unit with exactly this Kennzeichen.
    pub fn entry(&self, kennzeichen: &str) -> Option<&AktenplanEntry> {
        self.entries
            .iter()
            .find(|e| e.kennzeichen == kennzeichen.trim())
    }

    /// The units whose Kennzeichen starts with `query` or whose title contains every word of
    /// it (case ignored); all units for an empty query.
    pub fn matching(&self, query: &str) -> Vec<&AktenplanEntry> {
        let q = query.trim().to_lowercase();
        let words: Vec<&str> = q.split_whitespace().collect();
        self.entries
            .iter()
            .filter(|e| {
                let title = e.titel.to_lowercase();
                q.is_empty()
                    || e.kennzeichen.starts_with(q.as_str())
                    || words.iter().all(|w| title.contains(w))
            })
            .collect()
    }

    /// The most specific unit an Aktenzeichen belongs to (`632.10/1987-014` → `632.10`).
    pub fn unit_of(&self, aktenzeichen: &str) -> Option<&AktenplanEntry> {
        let head = aktenzeichen
            .split(['/', ' ', '-'])
            .next()
            .unwrap_or_default()
            .trim();
        self.entries
            .iter()
            .filter(|e| {
                head == e.kennzeichen
                    || (head.starts_with(&e.kennzeichen)
                        && head[e.kennzeichen.len()..].starts_with('.'))
            })
            .max_by_key(|e| e.kennzeichen.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_sample_plan_is_valid_and_knows_the_samples_units() {
        let plan = Aktenplan::sample();
        assert!(plan.sample);
        assert!(plan.entries.len() > 20);
        let bau = plan.entry("632.10").unwrap();
        assert!(bau.titel.contains("Bau"));
        assert_eq!(bau.aufbewahrung, Some(Retention::Years(30)));
        assert_eq!(
            plan.unit_of("632.10/1987-014")
                .map(|e| e.kennzeichen.as_str()),
            Some("632.10")
        );
        assert_eq!(
            plan.unit_of("022.31/1998-017")
                .map(|e| e.kennzeichen.as_str()),
            Some("022.31")
        );
        assert!(plan.unit_of("Tgb.-Nr. 147/21").is_none());
        let found: Vec<_> = plan
            .matching("632.1")
            .iter()
            .map(|e| e.kennzeichen.as_str())
            .collect();
        assert_eq!(found, ["632.10"]);
        assert!(plan
            .matching("bauanträge")
            .iter()
            .any(|e| e.kennzeichen == "632.10"));
        let found: Vec<_> = plan
            .matching("gemeinderats beschlüsse")
            .iter()
            .map(|e| e.kennzeichen.as_str())
            .collect();
        assert_eq!(found, ["022.31"]);
        assert!(plan.matching("Raumfahrt").is_empty());
        assert_eq!(plan.matching(" ").len(), plan.entries.len());
    }

    #[test]
    fn a_library_plan_wins_and_a_broken_one_is_an_error() {
        let dir = tempfile::tempdir().unwrap();
        assert!(Aktenplan::for_library(dir.path()).unwrap().sample);
        std::fs::write(
            dir.path().join(AKTENPLAN_FILE),
            r#"{"name": "Aktenplan Schkopau", "entries": [{"kennzeichen": "1", "titel": "Personal", "aufbewahrung": "unbefristet"}]}"#,
        )
        .unwrap();
        let plan = Aktenplan::for_library(dir.path()).unwrap();
        assert!(!plan.sample);
        assert_eq!(plan.name, "Aktenplan Schkopau");
        assert_eq!(plan.entries.len(), 1);

        std::fs::write(
            dir.path().join(AKTENPLAN_FILE),
            r#"{"name": "x", "entries": [{"kennzeichen": "1", "titel": "A"}, {"kennzeichen": "1", "titel": "B"}]}"#,
        )
        .unwrap();
        let err = Aktenplan::for_library(dir.path()).unwrap_err().to_string();
        assert!(err.contains("doppelt"), "{err}");
        std::fs::write(
            dir.path().join(AKTENPLAN_FILE),
            r#"{"name": "x", "entries": [{"kennzeichen": "1", "titel": "A", "aufbewahrung": "ewig"}]}"#,
        )
        .unwrap();
        assert!(Aktenplan::for_library(dir.path()).is_err());
    }
}
