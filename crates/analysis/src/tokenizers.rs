//! The tantivy tokenizers the index schema names: `de_exact` (whole words, folded), `de_stem`
//! (folded words and their compound parts, Snowball-stemmed), `ident` (identifiers whole and in
//! parts) and `keyword` (the whole value folded, for filters).

use crate::{fold, identifier_parts, is_word_char, stem, Dictionary};
use std::collections::HashMap;
use std::sync::Arc;
use tantivy::tokenizer::{Token, TokenStream, Tokenizer, TokenizerManager};

/// Registers the tokenizers under the names `index-schema/schema.json` uses. Compound parts go
/// only into the stemmed field, so that a page with the word itself outranks a page where it is
/// only part of a compound (`Antrag` before `Bauantrag`). Without a word list compounds are
/// indexed whole only.
pub fn register(manager: &TokenizerManager, dict: Option<Arc<Dictionary>>) {
    manager.register("de_exact", German::new(None, false));
    manager.register("de_stem", German::new(dict, true));
    manager.register("ident", Ident);
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

/// German words, folded, with compound parts at the position of their compound, optionally stemmed.
#[derive(Clone)]
pub struct German {
    dict: Option<Arc<Dictionary>>,
    stem: bool,
    /// The finished terms of each word as written: folding, splitting and stemming are done once
    /// per distinct word, not once per occurrence.
    terms: HashMap<String, Arc<[String]>>,
}

/// Most distinct words whose terms a tokenizer remembers.
const TERM_CACHE: usize = 200_000;

impl German {
    pub fn new(dict: Option<Arc<Dictionary>>, stem: bool) -> German {
        German {
            dict,
            stem,
            terms: HashMap::new(),
        }
    }

    /// The terms of a folded word: itself and its compound parts, stemmed if asked, each once.
    fn analyse(&self, folded: String) -> Vec<String> {
        let parts = match &self.dict {
            Some(dict) => dict.split(&folded),
            None => Vec::new(),
        };
        let mut out: Vec<String> = Vec::with_capacity(1 + parts.len());
        for v in std::iter::once(folded).chain(parts) {
            let term = if self.stem { stem(&v) } else { v };
            if !out.contains(&term) {
                out.push(term);
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

/// Identifiers (`632.10/1987-014`, `147/21`): every whitespace-separated chunk holding a digit,
/// whole and in parts.
#[derive(Clone)]
pub struct Ident;

impl Tokenizer for Ident {
    type TokenStream<'a> = Tokens;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Tokens {
        let mut out = Vec::new();
        let chunks = runs(text, |c| !c.is_whitespace());
        for (position, (from, to)) in chunks.into_iter().enumerate() {
            let chunk = &text[from..to];
            if !chunk.bytes().any(|b| b.is_ascii_digit()) {
                continue;
            }
            for part in identifier_parts(chunk) {
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
        let tokens = German::new(Some(dict()), false).tokens("Der Bauantrag.");
        assert_eq!(
            texts(&tokens),
            [(0, "der"), (1, "bauantrag"), (1, "bau"), (1, "antrag")]
        );
    }

    #[test]
    fn hyphenated_words_are_also_joined() {
        let tokens = German::new(Some(dict()), false).tokens("Straßen-\nreinigung");
        let words = texts(&tokens);
        assert!(words.contains(&(1, "strassenreinigung")), "{words:?}");
        assert!(words.contains(&(1, "reinigung")), "{words:?}");
        let plain = German::new(None, false).tokens("1987-014");
        assert_eq!(texts(&plain), [(0, "1987"), (1, "014")]);
    }

    #[test]
    fn stemmed_tokens_without_duplicates() {
        let tokens = German::new(None, true).tokens("Gemeinden");
        assert_eq!(texts(&tokens), [(0, stem("gemeinden").as_str())]);
    }

    #[test]
    fn identifiers_and_keywords() {
        let mut ident = Ident;
        let mut stream = ident.token_stream("Az.: 632.10/1987-014 vom 3.");
        let mut parts = Vec::new();
        while stream.advance() {
            parts.push(stream.token().text.clone());
        }
        assert!(parts.contains(&"632.10/1987-014".to_string()));
        assert!(parts.contains(&"3".to_string()));
        let mut kw = Keyword;
        let mut stream = kw.token_stream(" Bauamt Süd ");
        assert!(stream.advance());
        assert_eq!(stream.token().text, "bauamt sued");
        assert!(!stream.advance());
    }
}
