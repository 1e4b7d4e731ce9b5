//! Searching: a parsed query becomes tantivy queries over the exact, stemmed and fuzzy forms of
//! each word (exact hits weigh most, OCR-tolerant ones least), plus filters, facet counts,
//! snippets and the word boxes of the matched words of every hit.

use crate::fields::Fields;
use crate::query::{parse, Filter, Node};
use crate::{Result, SearchIndex};
use aktenscan_analysis::tokenizers::word_spans;
use aktenscan_analysis::{fold, identifier_parts, is_identifier, stem, trim_identifier};
use aktenscan_model::PageText;
use aktenscan_store::Library;
use serde::Serialize;
use std::collections::BTreeMap;
use std::ops::Bound;
use tantivy::collector::{Count, FacetCollector, FacetCounts, TopDocs};
use tantivy::query::{
    AllQuery, BooleanQuery, BoostQuery, FuzzyTermQuery, Occur, PhraseQuery, Query, RangeQuery,
    TermQuery,
};
use tantivy::schema::{Facet, IndexRecordOption, Value};
use tantivy::{DocAddress, Order, TantivyDocument, Term};

/// Weights: an exact word outranks its stem, a stem outranks an OCR-tolerant (fuzzy) match.
const EXACT: f32 = 4.0;
const STEMMED: f32 = 1.0;
const TITLE: f32 = 1.5;
const FUZZY: f32 = 0.3;
const PHRASE: f32 = 6.0;
const IDENT: f32 = 5.0;

/// xdomea Vertraulichkeitsstufe codes (001 Geheim, 002 NfD, 003 Offen, 004 Streng geheim,
/// 005 Vertraulich), and the term under which a page with any other value is indexed.
const CONFIDENTIALITY_CODES: [&str; 6] = ["001", "002", "003", "004", "005", UNKNOWN_CODE];
const UNKNOWN_CODE: &str = "unbekannt";

/// The indexed confidentiality term of a record's code: an unknown code is only ever found by a
/// searcher explicitly allowed `unbekannt`, never by default.
pub(crate) fn confidentiality_term(code: &str) -> &str {
    let code = code.trim();
    if CONFIDENTIALITY_CODES.contains(&code) {
        code
    } else {
        UNKNOWN_CODE
    }
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Sort {
    #[default]
    Relevance,
    /// Newest first.
    Date,
}

/// What to search for.
#[derive(Debug, Clone)]
pub struct SearchRequest {
    pub query: String,
    /// Further filter expressions (`jahr:1990..1999`, `amt:Bauamt`), all of which must hold.
    pub filters: Vec<String>,
    pub limit: usize,
    pub sort: Sort,
    /// Confidentiality codes (xdomea 001–005) the searcher may see; others are never returned.
    pub confidentiality: Vec<String>,
}

impl SearchRequest {
    pub fn new(query: impl Into<String>) -> SearchRequest {
        SearchRequest {
            query: query.into(),
            filters: Vec::new(),
            limit: 20,
            sort: Sort::Relevance,
            confidentiality: vec!["003".into()],
        }
    }
}

#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct SearchResults {
    /// Pages matching in all.
    pub total: usize,
    pub took_ms: u64,
    pub hits: Vec<Hit>,
    pub facets: Facets,
}

/// One matching page.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct Hit {
    pub record_id: String,
    pub document_id: String,
    pub page: u64,
    /// Relevance; `None` when sorted by date.
    pub score: Option<f32>,
    pub title: String,
    pub aktenzeichen: Option<String>,
    /// Text around the first match, matched words in `<mark>…</mark>`, the rest HTML-escaped.
    pub snippet: String,
    /// `[x, y, w, h]` in pixels of the stored page image, one per matched word.
    pub boxes: Vec<[u32; 4]>,
}

/// Pages per value, over all matching pages.
#[derive(Debug, Clone, Default, Serialize, ts_rs::TS)]
pub struct Facets {
    pub jahr: BTreeMap<String, u64>,
    /// By Aktenplan main group (the first digit).
    pub plan: BTreeMap<String, u64>,
    pub amt: BTreeMap<String, u64>,
    pub typ: BTreeMap<String, u64>,
}

impl SearchIndex {
    /// Runs a search; the store gives the words and boxes of the hits.
    pub fn search(&self, lib: &Library, request: &SearchRequest) -> Result<SearchResults> {
        self.search_with(request, &|document_id, page| {
            lib.page_text(document_id, page as i64).ok()
        })
    }

    /// Runs a search, taking the words of a hit's page from `page_words` (no snippet and no
    /// boxes where it gives none).
    pub fn search_with(
        &self,
        request: &SearchRequest,
        page_words: &dyn Fn(&str, u64) -> Option<PageText>,
    ) -> Result<SearchResults> {
        let started = std::time::Instant::now();
        let f = &self.fields;
        let node = parse(&request.query)?;
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = vec![(Occur::Must, to_query(&node, f)?)];
        for filter in &request.filters {
            clauses.push((Occur::Must, to_query(&parse(filter)?, f)?));
        }
        // Pages the searcher may not see are excluded rather than the visible ones required: an
        // exclusion of the few confidential pages costs little, a required term on nearly every
        // page makes each hit an intersection.
        for code in CONFIDENTIALITY_CODES {
            if !request.confidentiality.iter().any(|c| c.trim() == code) {
                clauses.push((Occur::MustNot, term(f.confidentiality, code)));
            }
        }
        let query = BooleanQuery::new(clauses);

        let searcher = self.reader.searcher();
        let mut facets = FacetCollector::for_field("facets");
        for name in FACETS {
            facets.add_facet(Facet::from_path([name]));
        }
        let limit = request.limit.max(1);
        // One pass for the best pages, the total and the facets: the query's fuzzy and prefix
        // terms are looked up in each segment's dictionary once, not once per collector.
        let (scored, total, counts): (Vec<(Option<f32>, DocAddress)>, usize, _) = match request.sort
        {
            Sort::Relevance => {
                let (top, total, counts) = searcher.search(
                    &query,
                    &(TopDocs::with_limit(limit).order_by_score(), Count, facets),
                )?;
                (
                    top.into_iter().map(|(s, a)| (Some(s), a)).collect(),
                    total,
                    counts,
                )
            }
            Sort::Date => {
                let top =
                    TopDocs::with_limit(limit).order_by_fast_field::<i64>("date", Order::Desc);
                let (top, total, counts) = searcher.search(&query, &(top, Count, facets))?;
                (
                    top.into_iter().map(|(_, a)| (None, a)).collect(),
                    total,
                    counts,
                )
            }
        };
        let marks = Marks::of(&node);
        let mut hits = Vec::with_capacity(scored.len());
        for (score, address) in scored {
            let doc: TantivyDocument = searcher.doc(address)?;
            let text = |field| {
                doc.get_first(field)
                    .and_then(|v| v.as_str())
                    .map(str::to_string)
            };
            let document_id = text(f.document_id).unwrap_or_default();
            let page = doc.get_first(f.page).and_then(|v| v.as_u64()).unwrap_or(0);
            let words = page_words(&document_id, page).unwrap_or_default();
            let (snippet, boxes) = marks.snippet(&words);
            hits.push(Hit {
                record_id: text(f.record_id).unwrap_or_default(),
                document_id,
                page,
                score,
                title: text(f.title).unwrap_or_default(),
                aktenzeichen: text(f.aktenzeichen),
                snippet,
                boxes,
            });
        }

        Ok(SearchResults {
            total,
            took_ms: started.elapsed().as_millis() as u64,
            hits,
            facets: Facets {
                jahr: counted(&counts, "jahr"),
                plan: counted(&counts, "plan"),
                amt: counted(&counts, "amt"),
                typ: counted(&counts, "typ"),
            },
        })
    }
}

/// The top levels of the `facets` field.
const FACETS: [&str; 4] = ["jahr", "plan", "amt", "typ"];

fn counted(counts: &FacetCounts, name: &str) -> BTreeMap<String, u64> {
    counts
        .get(Facet::from_path([name]))
        .filter_map(|(facet, n)| facet.to_path().last().map(|v| (v.to_string(), n)))
        .collect()
}

fn term(field: tantivy::schema::Field, text: &str) -> Box<dyn Query> {
    Box::new(TermQuery::new(
        Term::from_field_text(field, text),
        IndexRecordOption::WithFreqs,
    ))
}

fn boosted(q: Box<dyn Query>, boost: f32) -> (Occur, Box<dyn Query>) {
    (Occur::Should, Box::new(BoostQuery::new(q, boost)))
}

/// OCR tolerance: edits allowed for a folded word of this many letters.
fn fuzzy_distance(len: usize) -> u8 {
    match len {
        0..=4 => 0,
        5..=8 => 1,
        _ => 2,
    }
}

fn to_query(node: &Node, f: &Fields) -> Result<Box<dyn Query>> {
    Ok(match node {
        Node::Word(w) => word_query(w, f),
        Node::Prefix(p) => {
            let folded = fold(p);
            let prefix = |field| -> Box<dyn Query> {
                Box::new(FuzzyTermQuery::new_prefix(
                    Term::from_field_text(field, &folded),
                    0,
                    false,
                ))
            };
            Box::new(BooleanQuery::new(vec![
                boosted(prefix(f.text_exact), EXACT),
                // Compound parts are in the stemmed field only: `antrag*` finds `Bauantrag`.
                boosted(prefix(f.text), STEMMED),
                boosted(prefix(f.title), TITLE),
            ]))
        }
        Node::Phrase(p) => phrase_query(p, f),
        Node::Filter(filter) => filter_query(filter, f),
        Node::Not(inner) => Box::new(BooleanQuery::new(vec![
            (Occur::Must, Box::new(AllQuery)),
            (Occur::MustNot, to_query(inner, f)?),
        ])),
        Node::And(items) => {
            let mut clauses = Vec::new();
            for item in items {
                clauses.push(match item {
                    Node::Not(inner) => (Occur::MustNot, to_query(inner, f)?),
                    other => (Occur::Must, to_query(other, f)?),
                });
            }
            if clauses.iter().all(|(o, _)| *o == Occur::MustNot) {
                clauses.push((Occur::Must, Box::new(AllQuery)));
            }
            Box::new(BooleanQuery::new(clauses))
        }
        Node::Or(items) => Box::new(BooleanQuery::new(
            items
                .iter()
                .map(|i| Ok((Occur::Should, to_query(i, f)?)))
                .collect::<Result<Vec<_>>>()?,
        )),
    })
}

fn word_query(w: &str, f: &Fields) -> Box<dyn Query> {
    let id = trim_identifier(w);
    if is_identifier(id) {
        let id = id.to_lowercase();
        return Box::new(BooleanQuery::new(vec![
            boosted(term(f.ids, &id), IDENT),
            boosted(term(f.aktenzeichen, &id), IDENT),
        ]));
    }
    let spans = word_spans(w);
    match spans.as_slice() {
        [] => Box::new(BooleanQuery::new(Vec::new())),
        [(a, b)] => {
            let folded = fold(&w[*a..*b]);
            let stemmed = stem(&folded);
            let mut clauses = vec![
                boosted(term(f.text_exact, &folded), EXACT),
                boosted(term(f.text, &stemmed), STEMMED),
                boosted(term(f.title, &stemmed), TITLE),
            ];
            let distance = fuzzy_distance(folded.chars().count());
            if distance > 0 {
                let fuzzy = FuzzyTermQuery::new(
                    Term::from_field_text(f.text_exact, &folded),
                    distance,
                    true,
                );
                clauses.push(boosted(Box::new(fuzzy), FUZZY));
            }
            Box::new(BooleanQuery::new(clauses))
        }
        _ => phrase_query(w, f),
    }
}

fn phrase_query(p: &str, f: &Fields) -> Box<dyn Query> {
    let words: Vec<String> = word_spans(p).iter().map(|&(a, b)| fold(&p[a..b])).collect();
    match words.as_slice() {
        [] => Box::new(BooleanQuery::new(Vec::new())),
        [one] => term(f.text_exact, one),
        _ => {
            let exact = PhraseQuery::new(
                words
                    .iter()
                    .map(|w| Term::from_field_text(f.text_exact, w))
                    .collect(),
            );
            let stemmed = PhraseQuery::new(
                words
                    .iter()
                    .map(|w| Term::from_field_text(f.text, &stem(w)))
                    .collect(),
            );
            Box::new(BooleanQuery::new(vec![
                boosted(Box::new(exact), PHRASE),
                boosted(Box::new(stemmed), STEMMED),
            ]))
        }
    }
}

fn filter_query(filter: &Filter, f: &Fields) -> Box<dyn Query> {
    match filter {
        Filter::Aktenzeichen(v) => term(f.aktenzeichen, &trim_identifier(v).to_lowercase()),
        Filter::Years(a, b) => Box::new(RangeQuery::new(
            Bound::Included(Term::from_field_u64(f.year, *a)),
            Bound::Included(Term::from_field_u64(f.year, *b)),
        )),
        Filter::DocType(v) => term(f.doc_type, &fold(v.trim())),
        Filter::Office(v) => term(f.office, &fold(v.trim())),
        Filter::Plan(v) => Box::new(TermQuery::new(
            Term::from_facet(f.plan, &crate::plan_facet(v)),
            IndexRecordOption::Basic,
        )),
        Filter::PersonalData(yes) => Box::new(TermQuery::new(
            Term::from_field_u64(f.personal_data, u64::from(*yes)),
            IndexRecordOption::Basic,
        )),
    }
}

/// What to mark on a page: the positive words, phrases and prefixes of a query.
struct Marks {
    words: Vec<(String, String)>,
    prefixes: Vec<String>,
    ids: Vec<String>,
}

impl Marks {
    fn of(node: &Node) -> Marks {
        let mut m = Marks {
            words: Vec::new(),
            prefixes: Vec::new(),
            ids: Vec::new(),
        };
        m.collect(node);
        m
    }

    fn collect(&mut self, node: &Node) {
        match node {
            Node::Word(w) if is_identifier(trim_identifier(w)) => {
                self.ids.push(trim_identifier(w).to_lowercase())
            }
            Node::Word(w) | Node::Phrase(w) => {
                for (a, b) in word_spans(w) {
                    let folded = fold(&w[a..b]);
                    let stemmed = stem(&folded);
                    self.words.push((folded, stemmed));
                }
            }
            Node::Prefix(p) => self.prefixes.push(fold(p)),
            Node::Filter(Filter::Aktenzeichen(v)) => {
                self.ids.push(trim_identifier(v).to_lowercase())
            }
            Node::Filter(_) | Node::Not(_) => {}
            Node::And(items) | Node::Or(items) => items.iter().for_each(|i| self.collect(i)),
        }
    }

    /// Whether a word on the page is one the query found: the same word, its stem, a compound
    /// holding it, a prefix, an OCR-garbled form, or an identifier part.
    fn matches(&self, text: &str) -> bool {
        if !self.ids.is_empty() {
            let parts = identifier_parts(text);
            if self.ids.iter().any(|id| parts.contains(id)) {
                return true;
            }
        }
        word_spans(text).into_iter().any(|(a, b)| {
            let folded = fold(&text[a..b]);
            self.prefixes.iter().any(|p| folded.starts_with(p.as_str()))
                || self.words.iter().any(|(exact, stemmed)| {
                    folded == *exact
                        || (exact.len() >= 3
                            && !exact.chars().all(|c| c.is_ascii_digit())
                            && folded.contains(exact.as_str()))
                        || stem(&folded) == *stemmed
                        || within(&folded, exact, fuzzy_distance(exact.chars().count()))
                })
        })
    }

    /// A snippet around the first matched word, and the boxes of all matched words.
    fn snippet(&self, page: &PageText) -> (String, Vec<[u32; 4]>) {
        const BEFORE: usize = 8;
        const LENGTH: usize = 30;
        let words: Vec<_> = page.words().collect();
        let matched: Vec<bool> = words.iter().map(|w| self.matches(&w.text)).collect();
        let boxes = words
            .iter()
            .zip(&matched)
            .filter(|(_, m)| **m)
            .map(|(w, _)| [w.bbox.x, w.bbox.y, w.bbox.w, w.bbox.h])
            .collect();
        let first = matched.iter().position(|m| *m).unwrap_or(0);
        let start = first.saturating_sub(BEFORE);
        let end = (start + LENGTH).min(words.len());
        let mut snippet = String::new();
        if start > 0 {
            snippet.push('…');
        }
        for i in start..end {
            if i > start {
                snippet.push(' ');
            }
            let text = escape(&words[i].text);
            if matched[i] {
                snippet.push_str(&format!("<mark>{text}</mark>"));
            } else {
                snippet.push_str(&text);
            }
        }
        if end < words.len() {
            snippet.push_str(" …");
        }
        (snippet, boxes)
    }
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// Whether two words are at most `max` edits (Damerau: a swap counts one) apart.
fn within(a: &str, b: &str, max: u8) -> bool {
    if max == 0 {
        return false;
    }
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    if a.len().abs_diff(b.len()) > max as usize {
        return false;
    }
    let mut prev2 = vec![0usize; b.len() + 1];
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for i in 1..=a.len() {
        let mut cur = vec![i; b.len() + 1];
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            cur[j] = (prev[j] + 1).min(cur[j - 1] + 1).min(prev[j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                cur[j] = cur[j].min(prev2[j - 2] + 1);
            }
        }
        prev2 = std::mem::replace(&mut prev, cur);
    }
    prev[b.len()] <= max as usize
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edit_distance_counts_swaps_once() {
        assert!(within("gemeindc", "gemeinde", 1));
        assert!(within("buergermeifter", "buergermeister", 2));
        assert!(within("gemeidne", "gemeinde", 1));
        assert!(!within("gemeinde", "gebaeude", 1));
    }

    #[test]
    fn marks_compounds_stems_and_garbled_words() {
        let marks = Marks::of(&parse("Antrag Gemeinde 632.10").expect("parses"));
        assert!(marks.matches("Bauantrag,"));
        assert!(marks.matches("Anträge"));
        assert!(marks.matches("Gemeindc"));
        assert!(marks.matches("632.10/1987-014"));
        assert!(!marks.matches("Garage"));
    }
}
