//! Messages in the window's languages, from the window's own catalogues (`ui/src/i18n/de.json`
//! and `en.json`): a value the core refuses reads the same in the CLI, the window and the
//! server, German first, English second.

use std::collections::HashMap;
use std::sync::OnceLock;

const DE: &str = include_str!("../../../ui/src/i18n/de.json");
const EN: &str = include_str!("../../../ui/src/i18n/en.json");

/// A language of the catalogues.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Language {
    #[default]
    De,
    En,
}

impl Language {
    /// `AKTENSCAN_LANG`, else the locale (`LC_ALL`, `LC_MESSAGES`, `LANG`): English where it
    /// says `en…`, German otherwise.
    pub fn from_env() -> Language {
        ["AKTENSCAN_LANG", "LC_ALL", "LC_MESSAGES", "LANG"]
            .iter()
            .filter_map(|v| std::env::var(v).ok())
            .find(|v| !v.is_empty())
            .map_or(Language::De, |v| Language::from_code(&v))
    }

    /// `en`, `en_GB.UTF-8`, … → English; anything else German.
    pub fn from_code(code: &str) -> Language {
        if code.trim().to_ascii_lowercase().starts_with("en") {
            Language::En
        } else {
            Language::De
        }
    }

    fn catalogue(self) -> &'static HashMap<String, String> {
        static CATALOGUES: OnceLock<[HashMap<String, String>; 2]> = OnceLock::new();
        let [de, en] = CATALOGUES.get_or_init(|| {
            // The catalogues are part of the build; a broken one is an empty one (and the
            // test below fails).
            let parse = |text: &str| serde_json::from_str(text).unwrap_or_default();
            [parse(DE), parse(EN)]
        });
        match self {
            Language::De => de,
            Language::En => en,
        }
    }
}

/// The text of `key` in `lang` (else in German, else the key), its `{name}` placeholders filled
/// from `params`.
pub fn text(lang: Language, key: &str, params: &[(String, String)]) -> String {
    let template = lang
        .catalogue()
        .get(key)
        .or_else(|| Language::De.catalogue().get(key))
        .map_or(key, String::as_str);
    let mut out = template.to_string();
    for (name, value) in params {
        out = out.replace(&format!("{{{name}}}"), value);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_catalogues_load_and_fill_placeholders() {
        assert!(Language::De.catalogue().len() > 100);
        assert_eq!(
            Language::De.catalogue().len(),
            Language::En.catalogue().len()
        );
        let p = [("n".to_string(), "3".to_string())];
        assert_eq!(text(Language::De, "common.pages", &p), "3 Seiten");
        assert_eq!(text(Language::En, "common.pages", &p), "3 pages");
        assert_eq!(text(Language::En, "no.such.key", &[]), "no.such.key");
        assert_eq!(Language::from_code("en_GB.UTF-8"), Language::En);
        assert_eq!(Language::from_code("de_DE.UTF-8"), Language::De);
        assert_eq!(Language::from_code("C"), Language::De);
    }
}
