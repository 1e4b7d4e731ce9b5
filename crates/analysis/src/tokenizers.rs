//! The tantivy tokenizers the index schema names: `de_exact` (whole words, folded), `de_stem`
//! (a word's Snowball stem where it differs from the word), `de_parts` (stemmed compound parts),
//! `de_title` (stems and parts, for titles), `ident` (identifiers whole and in parts) and
//! `keyword` (the whole value folded, for filters).

use crate::{
    fold, identifier_parts, is_identifier, is_word_char, stem, trim_identifier, Dictionary,
};
use std::collections::HashMap;
use std::sync::Arc;
use tantivy::tokenizer::{Token, TokenStream, Tokenizer, TokenizerManager};

/// Registers the tokenizers under the names `index-schema/schema.json` uses. The word, its stem
/// and its compound parts go into fields of their own, so that a search can tell them apart
/// (`Antrag` before `Anträge` before `Bauantrag`). Without a word list compounds are indexed
/// whole only.
pub fn register(manager: &TokenizerManager, dict: Option<Arc<Dictionary>>) {
    manager.register("de_exact", German::new(None, Forms::Word));
    manager.register("de_stem", German::new(None, Forms::Stem));
    manager.register("de_parts", German::new(dict, Forms::Parts));
    manager.register("de_title", German::new(None, Forms::Stems));
    manager.register("ident", Ident { all: false });
    manager.register("ident_all", Ident { all: true });
    manager.register("keyword", Keyword);
}

/// Byte ranges of the words of a text (runs of letters, digits and combining marks).
pub fn word_spans(text: &str) -> Vec<(usize, usize)> {
    runs(text, is_word_char)
}

/// Byte ranges of the maximal runs of characters that `keep` accepts.
fn runs(text: &str, keep: impl Fn(char) -> bool) -> Vec<(usize, usize)> {
    let mut spans = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices() {
        match (keep(c), start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                spans.push((s, i));
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        spans.push((s, text.len()));
    }
    spans
}

/// Whether two words are one word broken by a hyphen: `Bau-Antrag`, or `Straßen-` at the end of
/// a line followed by `reinigung`.
fn hyphen_joined(gap: &str, left: &str, right: &str) -> bool {
    let letters = |s: &str| s.chars().all(char::is_alphabetic);
    if !letters(left) || !letters(right) {
        return false;
    }
    gap == "-"
        || (gap.starts_with('-')
            && gap[1..].contains('\n')
            && gap[1..].trim().is_empty()
            && right.starts_with(char::is_lowercase))
}

/// German function words (articles, pronouns, prepositions, auxiliaries), folded: nearly every
/// page holds them, so their stems would cost postings on every page and find nothing new; they
/// are found as written.
const FUNCTION_WORDS: &[&str] = &[
    "aber",
    "alle",
    "allem",
    "allen",
    "aller",
    "alles",
    "als",
    "also",
    "am",
    "an",
    "ander",
    "andere",
    "anderem",
    "anderen",
    "anderer",
    "anderes",
    "auch",
    "auf",
    "aus",
    "bei",
    "beim",
    "bin",
    "bis",
    "bist",
    "da",
    "damit",
    "dann",
    "das",
    "dass",
    "dasselbe",
    "dazu",
    "dein",
    "deine",
    "deinem",
    "deinen",
    "deiner",
    "dem",
    "demselben",
    "den",
    "denn",
    "denselben",
    "der",
    "derer",
    "derselbe",
    "derselben",
    "des",
    "desselben",
    "dessen",
    "die",
    "dies",
    "diese",
    "dieselbe",
    "dieselben",
    "diesem",
    "diesen",
    "dieser",
    "dieses",
    "doch",
    "dort",
    "du",
    "durch",
    "ein",
    "eine",
    "einem",
    "einen",
    "einer",
    "eines",
    "einige",
    "einigem",
    "einigen",
    "einiger",
    "einiges",
    "er",
    "es",
    "etwas",
    "euer",
    "eure",
    "eurem",
    "euren",
    "eurer",
    "fuer",
    "gegen",
    "gemaess",
    "gewesen",
    "hab",
    "habe",
    "haben",
    "hat",
    "hatte",
    "hatten",
    "hier",
    "hiermit",
    "hin",
    "hinter",
    "ich",
    "ihm",
    "ihn",
    "ihnen",
    "ihr",
    "ihre",
    "ihrem",
    "ihren",
    "ihrer",
    "im",
    "in",
    "indem",
    "ins",
    "ist",
    "jede",
    "jedem",
    "jeden",
    "jeder",
    "jedes",
    "jene",
    "jenem",
    "jenen",
    "jener",
    "jenes",
    "jetzt",
    "kann",
    "kein",
    "keine",
    "keinem",
    "keinen",
    "keiner",
    "koennen",
    "koennte",
    "machen",
    "man",
    "manche",
    "manchem",
    "manchen",
    "mancher",
    "mehr",
    "mein",
    "meine",
    "meinem",
    "meinen",
    "meiner",
    "mit",
    "muss",
    "musste",
    "nach",
    "nicht",
    "nichts",
    "noch",
    "nun",
    "nur",
    "ob",
    "oder",
    "ohne",
    "sehr",
    "sein",
    "seine",
    "seinem",
    "seinen",
    "seiner",
    "selbst",
    "sich",
    "sie",
    "sind",
    "so",
    "solche",
    "solchem",
    "solchen",
    "solcher",
    "soll",
    "sollte",
    "sondern",
    "sonst",
    "ueber",
    "um",
    "und",
    "uns",
    "unser",
    "unsere",
    "unserem",
    "unseren",
    "unter",
    "viel",
    "vom",
    "von",
    "vor",
    "waehrend",
    "war",
    "waren",
    "warst",
    "was",
    "weg",
    "weil",
    "weiter",
    "welche",
    "welchem",
    "welchen",
    "welcher",
    "welches",
    "wenn",
    "werde",
    "werden",
    "wie",
    "wieder",
    "will",
    "wir",
    "wird",
    "wirst",
    "wo",
    "wollen",
    "wollte",
    "wuerde",
    "wuerden",
    "wurde",
    "wurden",
    "zu",
    "zum",
    "zur",
    "zwar",
    "zwischen",
];

fn is_function_word(folded: &str) -> bool {
    FUNCTION_WORDS.binary_search(&folded).is_ok()
}

/// Which terms a [`German`] tokenizer gives for a word.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Forms {
    /// The folded word (`anträge` → `antraege`).
    Word,
    /// Its stem after old spellings are modernised, only where it differs from the folded word:
    /// a stem equal to the word is found through the word's own term, so it is not stored twice.
    Stem,
    /// The stems of its compound parts and runs of parts, not the whole word.
    Parts,
    /// The stem of every word (titles: short, searched in one go).
    Stems,
}

/// German words, folded, with compound parts at the position of their compound, optionally stemmed.
#[derive(Clone)]
pub struct German {
    dict: Option<Arc<Dictionary>>,
    forms: Forms,
    /// The finished terms of each word as written: folding, splitting and stemming are done once
    /// per distinct word, not once per occurrence.
    terms: HashMap<String, Arc<[String]>>,
}

/// Most distinct words whose terms a tokenizer remembers.
const TERM_CACHE: usize = 200_000;

impl German {
    pub fn new(dict: Option<Arc<Dictionary>>, forms: Forms) -> German {
        German {
            dict,
            forms,
            terms: HashMap::new(),
        }
    }

    /// The terms of a folded word as [`Forms`] says, each once.
    fn analyse(&self, folded: String) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        let mut add = |term: String| {
            if !out.contains(&term) {
                out.push(term);
            }
        };
        match self.forms {
            Forms::Word => add(folded),
            Forms::Stem => {
                let stemmed = stem(&folded);
                if stemmed != folded && !is_function_word(&folded) {
                    add(stemmed);
                }
            }
            Forms::Stems => add(stem(&folded)),
            Forms::Parts => {
                if let Some(dict) = &self.dict {
                    for part in dict.split(&folded) {
                        add(stem(&part));
                    }
                }
            }
        }
        out
    }

    fn terms_of(&mut self, word: &str) -> Arc<[String]> {
        if let Some(t) = self.terms.get(word) {
            return t.clone();
        }
        let terms: Arc<[String]> = self.analyse(fold(word)).into();
        if self.terms.len() >= TERM_CACHE {
            self.terms.clear();
        }
        self.terms.insert(word.to_string(), terms.clone());
        terms
    }

    /// All tokens of a text.
    pub fn tokens(&mut self, text: &str) -> Vec<Token> {
        let spans = word_spans(text);
        let mut out = Vec::with_capacity(spans.len() + spans.len() / 4);
        for (position, &(from, to)) in spans.iter().enumerate() {
            let start = out.len();
            let push = |out: &mut Vec<Token>, text: &str| {
                if out[start..].iter().all(|t: &Token| t.text != text) {
                    out.push(Token {
                        offset_from: from,
                        offset_to: to,
                        position,
                        text: text.to_string(),
                        position_length: 1,
                    });
                }
            };
            for term in self.terms_of(&text[from..to]).iter() {
                push(&mut out, term);
            }
            if position > 0 {
                let (pf, pt) = spans[position - 1];
                if hyphen_joined(&text[pt..from], &text[pf..pt], &text[from..to]) {
                    let joined = fold(&text[pf..pt]) + &fold(&text[from..to]);
                    for term in self.analyse(joined) {
                        push(&mut out, &term);
                    }
                }
            }
        }
        out
    }
}

impl Tokenizer for German {
    type TokenStream<'a> = Tokens;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Tokens {
        Tokens::new(self.tokens(text))
    }
}

/// Identifiers (`632.10/1987-014`, `147/21`): every whitespace-separated chunk holding a digit
/// and a separator, whole and in the parts that span a separator (`632.10`, `1987-014`). A part of
/// one piece (`1987`) is a word of `de_exact` already.
#[derive(Clone)]
pub struct Ident {
    /// Every chunk holding a digit (an Aktenzeichen of one piece, `4711`, must still meet an
    /// `az:` filter); otherwise identifiers only. Either way whole and in the parts spanning a
    /// separator.
    pub all: bool,
}

impl Tokenizer for Ident {
    type TokenStream<'a> = Tokens;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Tokens {
        let mut out = Vec::new();
        let chunks = runs(text, |c| !c.is_whitespace());
        for (position, (from, to)) in chunks.into_iter().enumerate() {
            let chunk = &text[from..to];
            let trimmed = trim_identifier(chunk);
            if !self.all && !is_identifier(trimmed) {
                continue;
            }
            // A date (`12.03.1987`, `1.4.87`) is searched whole: its day and month would be a
            // term on countless pages.
            let date = trimmed.split('.').count() == 3
                && trimmed
                    .split('.')
                    .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()));
            for part in identifier_parts(chunk).into_iter().filter(|p| {
                if date {
                    p == &trimmed.to_lowercase()
                } else {
                    p == &trimmed.to_lowercase() || !p.chars().all(is_word_char)
                }
            }) {
                out.push(Token {
                    offset_from: from,
                    offset_to: to,
                    position,
                    text: part,
                    position_length: 1,
                });
            }
        }
        Tokens::new(out)
    }
}

/// The whole value folded into one token, for exact filters such as `amt:` and `typ:`.
#[derive(Clone)]
pub struct Keyword;

impl Tokenizer for Keyword {
    type TokenStream<'a> = Tokens;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Tokens {
        let folded = fold(text.trim());
        let tokens = if folded.is_empty() {
            Vec::new()
        } else {
            vec![Token {
                offset_from: 0,
                offset_to: text.len(),
                position: 0,
                text: folded,
                position_length: 1,
            }]
        };
        Tokens::new(tokens)
    }
}

/// A finished list of tokens.
pub struct Tokens {
    tokens: Vec<Token>,
    next: usize,
}

impl Tokens {
    fn new(tokens: Vec<Token>) -> Tokens {
        Tokens { tokens, next: 0 }
    }
}

impl TokenStream for Tokens {
    fn advance(&mut self) -> bool {
        self.next += 1;
        self.next <= self.tokens.len()
    }

    fn token(&self) -> &Token {
        &self.tokens[self.next - 1]
    }

    fn token_mut(&mut self) -> &mut Token {
        &mut self.tokens[self.next - 1]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(tokens: &[Token]) -> Vec<(usize, &str)> {
        tokens
            .iter()
            .map(|t| (t.position, t.text.as_str()))
            .collect()
    }

    fn dict() -> Arc<Dictionary> {
        Arc::new(Dictionary::from_words([
            "Bau",
            "Antrag",
            "Straße",
            "Straßen",
            "Reinigung",
        ]))
    }

    #[test]
    fn compound_parts_share_the_position_of_their_compound() {
        let tokens = German::new(Some(dict()), Forms::Parts).tokens("Der Bauantrag.");
        assert_eq!(texts(&tokens), [(1, "bau"), (1, "antrag")]);
    }

    #[test]
    fn function_words_are_sorted_and_give_no_stem() {
        assert!(FUNCTION_WORDS.windows(2).all(|w| w[0] < w[1]));
        let tokens = German::new(None, Forms::Stem).tokens("einer werden Anträgen");
        assert_eq!(texts(&tokens), [(2, stem("antraegen").as_str())]);
    }

    #[test]
    fn a_stem_is_given_only_where_it_differs_from_the_word() {
        let tokens = German::new(None, Forms::Stem).tokens("Antrag Anträge Gemeinderath");
        assert_eq!(
            texts(&tokens),
            [
                (1, stem("antraege").as_str()),
                (2, stem("gemeinderat").as_str())
            ]
        );
        let exact = German::new(None, Forms::Word).tokens("Antrag Anträge");
        assert_eq!(texts(&exact), [(0, "antrag"), (1, "antraege")]);
    }

    #[test]
    fn hyphenated_words_are_also_joined() {
        let tokens = German::new(Some(dict()), Forms::Word).tokens("Straßen-\nreinigung");
        let words = texts(&tokens);
        assert!(words.contains(&(1, "strassenreinigung")), "{words:?}");
        let parts = German::new(Some(dict()), Forms::Parts).tokens("Straßen-\nreinigung");
        assert!(
            texts(&parts).contains(&(1, stem("reinigung").as_str())),
            "{parts:?}"
        );
        let plain = German::new(None, Forms::Word).tokens("1987-014");
        assert_eq!(texts(&plain), [(0, "1987"), (1, "014")]);
    }

    #[test]
    fn stemmed_tokens_without_duplicates() {
        let tokens = German::new(None, Forms::Stems).tokens("Gemeinden");
        assert_eq!(texts(&tokens), [(0, stem("gemeinden").as_str())]);
    }

    #[test]
    fn identifiers_and_keywords() {
        let mut whole = Ident { all: true };
        let mut stream = whole.token_stream("4711");
        assert!(stream.advance() && stream.token().text == "4711");
        let mut ident = Ident { all: false };
        let mut stream = ident.token_stream("Az.: 632.10/1987-014 vom 3.");
        let mut parts = Vec::new();
        while stream.advance() {
            parts.push(stream.token().text.clone());
        }
        assert!(parts.contains(&"632.10/1987-014".to_string()));
        assert!(parts.contains(&"1987-014".to_string()));
        // A number alone is a word of `de_exact`, not an identifier.
        assert!(!parts.contains(&"3".to_string()) && !parts.contains(&"1987".to_string()));
        let mut kw = Keyword;
        let mut stream = kw.token_stream(" Bauamt Süd ");
        assert!(stream.advance());
        assert_eq!(stream.token().text, "bauamt sued");
        assert!(!stream.advance());
    }
}
