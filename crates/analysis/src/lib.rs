//! German text analysis for search: folding (umlauts both ways, ß, long s, accents), compound
//! splitting with a word list, Snowball stemming, and identifier parts (`632.10/1987-014`).
//!
//! The same functions serve indexing (through the tantivy tokenizers in [`tokenizers`]) and
//! querying, so a word is always normalised the same way on both sides.

mod compound;
pub mod tokenizers;

pub use compound::{Dictionary, SYSTEM_WORD_LIST};

/// Lowercases and folds a word so that spelling variants meet: `Straße`/`Strasse` → `strasse`,
/// `Müller`/`Mueller` → `mueller`, long `ſ` → `s`, `é` → `e`. Umlauts fold to their two-letter
/// form (never to the bare vowel), so both the umlaut and the transcribed spelling match.
pub fn fold(word: &str) -> String {
    let mut out = String::with_capacity(word.len() + 4);
    for c in word.chars().flat_map(char::to_lowercase) {
        match c {
            'ä' | 'æ' => out.push_str("ae"),
            'ö' | 'œ' => out.push_str("oe"),
            'ü' => out.push_str("ue"),
            'ß' => out.push_str("ss"),
            'ſ' => out.push('s'),
            // A combining diaeresis (OCR output is sometimes decomposed) makes the vowel an umlaut.
            '\u{308}' if out.ends_with(['a', 'o', 'u']) => out.push('e'),
            '\u{300}'..='\u{36f}' => {}
            'à' | 'á' | 'â' | 'ã' | 'å' => out.push('a'),
            'ç' => out.push('c'),
            'è' | 'é' | 'ê' | 'ë' => out.push('e'),
            'ì' | 'í' | 'î' | 'ï' => out.push('i'),
            'ñ' => out.push('n'),
            'ò' | 'ó' | 'ô' | 'õ' | 'ø' => out.push('o'),
            'ù' | 'ú' | 'û' => out.push('u'),
            'ý' | 'ÿ' => out.push('y'),
            _ => out.push(c),
        }
    }
    out
}

/// Snowball German stem of a folded word, after [`modernise`] has mapped old spellings to the
/// current ones, so `Thür` meets `Tür` and `Concession` meets `Konzession`.
pub fn stem(folded: &str) -> String {
    STEMMER.stem(&modernise(folded)).into_owned()
}

/// Maps spellings from before the 1901 and 1996 reforms, common in old records, onto current
/// ones: `th` → `t` (`Thür`, `Theil`, `Rath`), `ph` → `f` (`Telephon`), `c` → `z` before
/// `e`/`i`/`y` and `k` elsewhere except in `ch`/`ck` (`Centrum`, `Concession`, `Actien`), `ey` →
/// `ei` (`bey`, `seyn`, `Meyer`), `ß` after a diphthong at the end of a word or before an `e`
/// → `s` (`Kreyß`, `Kreiße`: the stem of `Kreis`). Applied on both sides (index and query) of the stemmed field
/// only, so an exact hit still ranks above a page that only matches in another spelling.
pub fn modernise(folded: &str) -> String {
    let chars: Vec<char> = folded.chars().collect();
    let mut out = String::with_capacity(folded.len());
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let next = chars.get(i + 1).copied();
        match (c, next) {
            ('t', Some('h')) | ('p', Some('h')) => {
                out.push(if c == 't' { 't' } else { 'f' });
                i += 2;
                continue;
            }
            ('c', Some('h' | 'k')) => out.push('c'),
            ('c', Some('e' | 'i' | 'y')) => out.push('z'),
            ('c', _) => out.push('k'),
            ('e', Some('y')) => {
                out.push_str("ei");
                i += 2;
                continue;
            }
            ('s', Some('s'))
                if ["ei", "au", "eu"].iter().any(|d| out.ends_with(d))
                    && matches!(chars.get(i + 2), None | Some('e')) =>
            {
                out.push('s');
                i += 2;
                continue;
            }
            _ => out.push(c),
        }
        i += 1;
    }
    out
}

static STEMMER: std::sync::LazyLock<frostem::Stemmer> =
    std::sync::LazyLock::new(|| frostem::Stemmer::new(frostem::Algorithm::German));

/// Whether a character belongs to a word (letters, digits and combining marks).
pub fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || ('\u{300}'..='\u{36f}').contains(&c)
}

/// Whether a query or text token is an identifier such as an Aktenzeichen (`632.10/1987-014`,
/// `147/21`): it holds a digit and a separator.
pub fn is_identifier(token: &str) -> bool {
    token.chars().any(|c| c.is_ascii_digit()) && token.chars().any(is_id_separator)
}

fn is_id_separator(c: char) -> bool {
    matches!(c, '.' | '/' | '-' | '_' | ':')
}

/// Trims what surrounds an identifier in running text (brackets, quotes, a trailing full stop).
pub fn trim_identifier(token: &str) -> &str {
    token.trim_matches(|c: char| !c.is_alphanumeric())
}

/// Every part of an identifier an index should know: the whole and each run of its pieces between
/// separators, lowercased. `632.10/1987-014` gives `632`, `632.10`, …, `1987-014`, `014` and the
/// whole; a token without a digit gives nothing.
pub fn identifier_parts(token: &str) -> Vec<String> {
    let token = trim_identifier(token);
    if !token.chars().any(|c| c.is_ascii_digit()) {
        return Vec::new();
    }
    let lower = token.to_lowercase();
    // Byte ranges of the pieces between separators.
    let mut pieces = Vec::new();
    let mut start = None;
    for (i, c) in lower.char_indices() {
        if is_id_separator(c) {
            if let Some(s) = start.take() {
                pieces.push((s, i));
            }
        } else if start.is_none() {
            start = Some(i);
        }
    }
    if let Some(s) = start {
        pieces.push((s, lower.len()));
    }
    let mut out = Vec::new();
    for a in 0..pieces.len() {
        for b in a..pieces.len() {
            let part = &lower[pieces[a].0..pieces[b].1];
            if !out.iter().any(|p| p == part) {
                out.push(part.to_string());
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding_meets_both_spellings() {
        assert_eq!(fold("Straße"), fold("Strasse"));
        assert_eq!(fold("Müller"), fold("Mueller"));
        assert_eq!(fold("Hübner"), fold("HUEBNER"));
        assert_eq!(fold("Waſſer"), "wasser");
        assert_eq!(fold("Mu\u{308}ller"), "mueller");
        assert_eq!(fold("Café"), "cafe");
    }

    #[test]
    fn stemming_reduces_inflections() {
        assert_eq!(stem(&fold("Anträgen")), stem(&fold("Anträge")));
        assert_eq!(stem("gemeinden"), stem("gemeinde"));
        assert_eq!(stem("bescheides"), stem("bescheid"));
    }

    #[test]
    fn old_spellings_meet_current_ones() {
        for (old, new) in [
            ("Thür", "Tür"),
            ("Urtheil", "Urteil"),
            ("Rath", "Rat"),
            ("Concession", "Konzession"),
            ("Centrum", "Zentrum"),
            ("Actien", "Aktien"),
            ("Telephon", "Telefon"),
            ("bey", "bei"),
            ("Kreyß", "Kreis"),
            ("Kreyses", "Kreises"),
            ("Cammer", "Kammer"),
        ] {
            assert_eq!(stem(&fold(old)), stem(&fold(new)), "{old} / {new}");
        }
        // `ch`, `sch` and `ck` stay as they are.
        assert_eq!(modernise("schicksal"), "schicksal");
        assert_ne!(stem("tuer"), stem("tier"));
    }

    #[test]
    fn identifiers_are_found_whole_and_in_parts() {
        let parts = identifier_parts("(632.10/1987-014).");
        for want in [
            "632.10/1987-014",
            "1987-014",
            "632.10",
            "1987",
            "014",
            "632",
        ] {
            assert!(
                parts.iter().any(|p| p == want),
                "{want} missing in {parts:?}"
            );
        }
        assert!(identifier_parts("Bauantrag").is_empty());
        assert!(is_identifier("147/21"));
        assert!(!is_identifier("1987"));
    }
}
