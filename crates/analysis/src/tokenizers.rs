//! The tantivy tokenizers the index schema names: `de_exact` (folded words and compound parts),
//! `de_stem` (the same, Snowball-stemmed), `ident` (identifiers whole and in parts) and `keyword`
//! (the whole value folded, for filters).

use crate::{fold, identifier_parts, is_word_char, stem, Dictionary};
use std::collections::HashMap;
use std::sync::Arc;
use tantivy::tokenizer::{Token, TokenStream, Tokenizer, TokenizerManager};

/// Registers the tokenizers under the names `index-schema/schema.json` uses. Without a word list
/// compounds are indexed whole only.
pub fn register(manager: &TokenizerManager, dict: Option<Arc<Dictionary>>) {
    manager.register("de_exact", German::new(dict.clone(), false));
    manager.register("de_stem", German::new(dict, true));
    manager.register("ident", Ident);
    manager.register("keyword", Keyword);
}

/// Byte ranges of the words of a text (runs of letters, digits and combining marks).
pub fn word_spans(text: &str) -> Vec<(usize, usize)> {
    let mut spans = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices() {
        match (is_word_char(c), start) {
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
    splits: HashMap<String, Vec<String>>,
}

/// Most distinct words whose splits a tokenizer remembers.
const SPLIT_CACHE: usize = 200_000;

impl German {
    pub fn new(dict: Option<Arc<Dictionary>>, stem: bool) -> German {
        German {
            dict,
            stem,
            splits: HashMap::new(),
        }
    }

    fn parts(&mut self, folded: &str) -> Vec<String> {
        let Some(dict) = &self.dict else {
            return Vec::new();
        };
        if let Some(p) = self.splits.get(folded) {
            return p.clone();
        }
        let parts = dict.split(folded);
        if self.splits.len() >= SPLIT_CACHE {
            self.splits.clear();
        }
        self.splits.insert(folded.to_string(), parts.clone());
        parts
    }

    /// All tokens of a text.
    pub fn tokens(&mut self, text: &str) -> Vec<Token> {
        let spans = word_spans(text);
        let mut out = Vec::with_capacity(spans.len() + spans.len() / 4);
        for (position, &(from, to)) in spans.iter().enumerate() {
            let folded = fold(&text[from..to]);
            let mut variants = self.parts(&folded);
            if position > 0 {
                let (pf, pt) = spans[position - 1];
                if hyphen_joined(&text[pt..from], &text[pf..pt], &text[from..to]) {
                    let joined = fold(&text[pf..pt]) + &folded;
                    variants.extend(self.parts(&joined));
                    variants.push(joined);
                }
            }
            variants.insert(0, folded);
            let start = out.len();
            for v in variants {
                let text = if self.stem { stem(&v) } else { v };
                if out[start..].iter().all(|t: &Token| t.text != text) {
                    out.push(Token {
                        offset_from: from,
                        offset_to: to,
                        position,
                        text,
                        position_length: 1,
                    });
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
        let mut offset = 0;
        for (position, chunk) in text.split_whitespace().enumerate() {
            let from = text[offset..].find(chunk).map_or(offset, |i| offset + i);
            offset = from + chunk.len();
            for part in identifier_parts(chunk) {
                out.push(Token {
                    offset_from: from,
                    offset_to: offset,
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
