//! Compound splitting with a German word list: `Straßenreinigungssatzung` → `strassen`,
//! `reinigung`, `satzung`, `strassenreinigung`, `reinigungssatzung`.

use crate::fold;
use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::sync::{Arc, OnceLock};

/// The word list Debian's `wngerman` package installs.
pub const SYSTEM_WORD_LIST: &str = "/usr/share/dict/ngerman";

/// Shortest part a compound is split into (`Bau`, `Amt`, `Rat`).
const MIN_PART: usize = 3;
/// Shortest word worth splitting.
const MIN_COMPOUND: usize = 6;
/// Linking elements (Fugenelemente) between the parts of a compound, longest first.
const LINKS: [&str; 4] = ["es", "en", "s", "n"];
/// How many dictionary compounds must start with a modifier that is no word of its own (`Steuer…`)
/// before it counts as a part.
const MIN_MODIFIER_USES: u32 = 3;

/// The nouns of a German word list, folded, plus the modifiers that begin several listed compounds.
#[derive(Debug, Default)]
pub struct Dictionary {
    nouns: HashSet<Box<str>>,
    modifiers: HashSet<Box<str>>,
}

impl Dictionary {
    /// Builds a dictionary from words; only capitalised ones (nouns) are kept.
    pub fn from_words<'a>(words: impl IntoIterator<Item = &'a str>) -> Dictionary {
        let nouns: HashSet<Box<str>> = words
            .into_iter()
            .map(str::trim)
            .filter(|w| {
                w.chars().next().is_some_and(char::is_uppercase)
                    && w.chars().all(char::is_alphabetic)
            })
            .map(fold)
            .filter(|w| w.len() >= MIN_PART)
            .map(String::into_boxed_str)
            .collect();
        // Modifiers such as `steuer` (not listed alone, but in `Steuerbescheid`, `Steuerabzug`, …).
        let mut uses: HashMap<&str, u32> = HashMap::new();
        for w in &nouns {
            for (i, _) in w.char_indices().skip(MIN_PART) {
                if w.len() - i >= MIN_PART && nouns.contains(&w[i..]) {
                    let head = w[..i]
                        .strip_suffix('s')
                        .filter(|h| h.len() >= MIN_PART)
                        .unwrap_or(&w[..i]);
                    if !nouns.contains(head) {
                        *uses.entry(head).or_default() += 1;
                    }
                }
            }
        }
        let modifiers = uses
            .into_iter()
            .filter(|&(_, n)| n >= MIN_MODIFIER_USES)
            .map(|(m, _)| Box::from(m))
            .collect();
        Dictionary { nouns, modifiers }
    }

    /// Reads a word list with one word per line (UTF-8).
    pub fn load(path: &Path) -> std::io::Result<Dictionary> {
        let bytes = std::fs::read(path)?;
        let text = String::from_utf8_lossy(&bytes);
        Ok(Dictionary::from_words(text.lines()))
    }

    /// The system word list (`AKTENSCAN_WORDLIST` or [`SYSTEM_WORD_LIST`]), loaded once per
    /// process; `None` (compounds are then not split) when it is missing.
    pub fn system() -> Option<Arc<Dictionary>> {
        static DICT: OnceLock<Option<Arc<Dictionary>>> = OnceLock::new();
        DICT.get_or_init(|| {
            let path =
                std::env::var_os("AKTENSCAN_WORDLIST").unwrap_or_else(|| SYSTEM_WORD_LIST.into());
            Dictionary::load(Path::new(&path)).ok().map(Arc::new)
        })
        .clone()
    }

    pub fn len(&self) -> usize {
        self.nouns.len()
    }

    pub fn is_empty(&self) -> bool {
        self.nouns.is_empty()
    }

    fn is_part(&self, s: &str, last: bool) -> bool {
        self.nouns.contains(s) || (!last && self.modifiers.contains(s))
    }

    /// A part in front of another, without its linking element (Fugenelement: `s`, `es`, `n`,
    /// `en`): `sitzungs` → `sitzung`, `strassen` → `strasse` when only that is listed.
    /// The stem wins where both are listed (`rats` → `rat`).
    fn linked_part<'a>(&self, piece: &'a str) -> Option<&'a str> {
        LINKS
            .iter()
            .filter_map(|link| piece.strip_suffix(link))
            .find(|stem| stem.len() >= MIN_PART && self.is_part(stem, false))
            .or_else(|| self.is_part(piece, false).then_some(piece))
    }

    /// The parts of a folded compound and every run of adjacent parts, without linking `s`;
    /// empty when the word is not a compound of listed words.
    pub fn split(&self, word: &str) -> Vec<String> {
        if word.len() < MIN_COMPOUND || !word.chars().all(|c| c.is_ascii_lowercase()) {
            return Vec::new();
        }
        let n = word.len();
        // best[i]: fewest parts covering word[..i], with the start of the last part.
        let mut best: Vec<Option<(u32, usize)>> = vec![None; n + 1];
        best[0] = Some((0, 0));
        for end in MIN_PART..=n {
            let last = end == n;
            for start in 0..=end - MIN_PART {
                let Some((count, _)) = best[start] else {
                    continue;
                };
                if start == 0 && last {
                    continue; // the whole word is no split
                }
                let piece = &word[start..end];
                let ok = if last {
                    self.is_part(piece, true)
                } else {
                    self.linked_part(piece).is_some()
                };
                if ok && best[end].is_none_or(|(c, _)| count + 1 < c) {
                    best[end] = Some((count + 1, start));
                }
            }
        }
        if best[n].is_none() {
            return Vec::new();
        }
        let mut bounds = vec![n];
        let mut at = n;
        while at > 0 {
            let Some((_, start)) = best[at] else {
                return Vec::new();
            };
            bounds.push(start);
            at = start;
        }
        bounds.reverse();
        let mut out: Vec<String> = Vec::new();
        let add = |s: &str, out: &mut Vec<String>| {
            if !out.iter().any(|o| o == s) {
                out.push(s.to_string());
            }
        };
        for a in 0..bounds.len() - 1 {
            for b in a + 1..bounds.len() {
                if a == 0 && b == bounds.len() - 1 {
                    continue; // the whole word
                }
                let span = &word[bounds[a]..bounds[b]];
                // A part listed with its ending stays too (`strassen` beside `strasse`).
                if b == a + 1 && self.is_part(span, b == bounds.len() - 1) {
                    add(span, &mut out);
                }
                // A run in front of another part ends in its last part's linking element.
                let span = if b < bounds.len() - 1 {
                    let last = &word[bounds[b - 1]..bounds[b]];
                    let link = last.len() - self.linked_part(last).map_or(last.len(), str::len);
                    &span[..span.len() - link]
                } else {
                    span
                };
                add(span, &mut out);
            }
        }
        // A part that is a compound of its own (`gemeinderat` in `Gemeinderatssitzungsprotokoll`,
        // chosen because fewer parts win) gives its parts too, so the middle ones are found.
        for a in 0..bounds.len() - 1 {
            let part = &word[bounds[a]..bounds[a + 1]];
            let part = if a + 2 < bounds.len() {
                self.linked_part(part).unwrap_or(part)
            } else {
                part
            };
            for sub in self.split(part) {
                add(&sub, &mut out);
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dict() -> Dictionary {
        Dictionary::from_words(
            "Bau Antrag Bauantrag Straße Straßen Reinigung Satzung Gemeinde Rat Steuerabzug Steuerbescheid \
             Steuerklasse Abzug Bescheid Klasse Garage verwalten"
                .split(' '),
        )
    }

    #[test]
    fn splits_compounds_into_parts_and_runs() {
        let d = dict();
        let parts = d.split("strassenreinigungssatzung");
        for want in [
            "strassen",
            "reinigung",
            "satzung",
            "strassenreinigung",
            "reinigungssatzung",
        ] {
            assert!(
                parts.iter().any(|p| p == want),
                "{want} missing in {parts:?}"
            );
        }
        assert_eq!(d.split("bauantrag"), ["bau", "antrag"]);
        assert_eq!(d.split("gemeinderat"), ["gemeinde", "rat"]);
    }

    #[test]
    fn every_part_of_a_long_compound_is_found_with_its_linking_element_dropped() {
        let d = Dictionary::from_words(
            "Gemeinde Rat Gemeinderat Sitzung Protokoll Sitzungsprotokoll Abwasser Wasser \
             Beseitigung Satzung Land Kreis Amt Tag Straße Bahn"
                .split(' '),
        );
        let parts = d.split("gemeinderatssitzungsprotokoll");
        for want in [
            "gemeinderat",
            "sitzungsprotokoll",
            "gemeinde",
            "rat",
            "sitzung",
            "protokoll",
        ] {
            assert!(
                parts.iter().any(|p| p == want),
                "{want} missing in {parts:?}"
            );
        }
        let parts = d.split("abwasserbeseitigungssatzung");
        for want in ["abwasser", "beseitigung", "satzung", "beseitigungssatzung"] {
            assert!(
                parts.iter().any(|p| p == want),
                "{want} missing in {parts:?}"
            );
        }
        // -es- and -n-/-en-: Landesamt, Kreistag, Straßenbahn.
        assert_eq!(d.split("landesamt"), ["land", "amt"]);
        assert_eq!(d.split("kreistag"), ["kreis", "tag"]);
        assert_eq!(d.split("strassenbahn"), ["strasse", "bahn"]);
    }

    /// With Debian's word list (`make` installs `wngerman`): the compounds a new user tried.
    #[test]
    fn the_system_word_list_finds_the_middle_parts() {
        let Some(d) = Dictionary::system() else {
            eprintln!(
                "note: no word list at {SYSTEM_WORD_LIST}; install wngerman to run this check"
            );
            return;
        };
        let cases: [(&str, &[&str]); 4] = [
            (
                "gemeinderatssitzungsprotokoll",
                &["gemeinde", "rat", "sitzung", "protokoll"],
            ),
            (
                "abwasserbeseitigungssatzung",
                &["abwasser", "beseitigung", "satzung"],
            ),
            (
                "strassenreinigungssatzung",
                &["strassenreinigung", "reinigung", "satzung"],
            ),
            ("landesverwaltungsamt", &["land", "verwaltung", "amt"]),
        ];
        for (word, wanted) in cases {
            let parts = d.split(word);
            for want in wanted {
                assert!(
                    parts.iter().any(|p| p == want),
                    "{word}: {want} missing in {parts:?}"
                );
            }
        }
    }

    #[test]
    fn modifiers_from_listed_compounds_count_as_parts() {
        assert_eq!(dict().split("steuerbescheid"), ["steuer", "bescheid"]);
    }

    #[test]
    fn plain_words_stay_whole() {
        let d = dict();
        assert!(d.split("garage").is_empty());
        assert!(d.split("verwaltung").is_empty());
        assert!(d.split("bau").is_empty());
    }
}
