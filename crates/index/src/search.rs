//! Searching: a parsed query becomes tantivy queries in tiers (the exact word, then also its
//! stem, then also compound parts, then also OCR-tolerant forms), each asked only while the tiers
//! before it have too few hits, so an exact hit always ranks first and a common word is answered
//! from its own postings. Plus filters, totals and facet counts up to a bound, snippets and the
//! word boxes of the matched words of every hit.

use crate::boost::Boosted;
use crate::collect::{best, newest, tally, Tally, Visible};
use crate::fields::Fields;
use crate::query::{parse, Filter, Node};
use crate::{Result, SearchIndex};
use aktenscan_analysis::tokenizers::word_spans;
use aktenscan_analysis::{fold, identifier_parts, is_identifier, modernise, stem, trim_identifier};
use aktenscan_model::{BBox, Clearance, PageWords};
use aktenscan_store::Library;
use serde::Serialize;
use std::collections::{BTreeMap, HashSet};
use std::ops::Bound;
use tantivy::query::{
    AllQuery, BooleanQuery, FuzzyTermQuery, Occur, PhraseQuery, Query, RangeQuery, TermQuery,
};
use tantivy::schema::{IndexRecordOption, Value};
use tantivy::{DocAddress, TantivyDocument, Term};

/// Weights within a tier: the word itself in the text counts most, a title least.
const EXACT: f32 = 4.0;
const STEMMED: f32 = 1.0;
const TITLE: f32 = 1.5;
const PART: f32 = 1.0;
const FUZZY: f32 = 0.3;
const PHRASE: f32 = 6.0;
const IDENT: f32 = 5.0;

/// Pages counted at most for the total and the facets; past it the total reads "more than".
pub const COUNT_BOUND: usize = 10_000;

/// Pages under which the words as written (with stems and compound parts) are too few, so
/// that their OCR-like forms are searched as well.
pub const FUZZY_BELOW: usize = 100;

/// How far a word reaches, each tier including the ones before it. A search asks the next tier
/// only while the earlier ones have fewer hits than it shows (the OCR-like forms only while
/// fewer than [`FUZZY_BELOW`] pages match), and ranks every hit of an earlier tier above those
/// of later ones.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Tier {
    /// The word as written (folded: `Straße` = `Strasse`).
    Exact,
    /// Also its stem and old spellings (`Anträge`, `Rath`) and the titles.
    Stem,
    /// Also compounds holding it (`Bauantrag` for `Antrag`).
    Part,
    /// Also OCR-garbled forms within a few edits (`Antrug`).
    Fuzzy,
}

const TIERS: [Tier; 4] = [Tier::Exact, Tier::Stem, Tier::Part, Tier::Fuzzy];

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

/// The `access` column's number of a confidentiality term: `001`–`005` → 1–5, `unbekannt` → 0.
pub(crate) fn access_code(term: &str) -> u64 {
    term.parse().unwrap_or(0)
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
    /// Confidentiality codes (xdomea 001–005) asked for; others are never returned.
    pub confidentiality: Vec<String>,
    /// What the searcher may see at all ([`Clearance`]); applied to every hit, total and facet
    /// count. [`SearchRequest::new`] is the single desk's owner, who sees everything asked for;
    /// a shared library's server sets the signed-in person's.
    pub clearance: Clearance,
}

impl SearchRequest {
    pub fn new(query: impl Into<String>) -> SearchRequest {
        SearchRequest {
            query: query.into(),
            filters: Vec::new(),
            limit: 20,
            sort: Sort::Relevance,
            confidentiality: vec!["003".into()],
            clearance: Clearance::owner(),
        }
    }
}

#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct SearchResults {
    /// Pages matching in all, counted up to [`COUNT_BOUND`].
    pub total: usize,
    /// Whether `total` is every match; `false`: more than `total` pages match, and the facets
    /// count the first `total` of them.
    pub total_exact: bool,
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
            lib.page_words(document_id, page as i64).ok()
        })
    }

    /// Runs a search, taking the words of a hit's page from the index, or from `page_words`
    /// for a page indexed without them (no snippet and no boxes where it gives none either).
    pub fn search_with(
        &self,
        request: &SearchRequest,
        page_words: &dyn Fn(&str, u64) -> Option<PageWords>,
    ) -> Result<SearchResults> {
        let started = std::time::Instant::now();
        let _running = crate::collect::Running::start();
        let f = &self.fields;
        let node = parse(&request.query)?;
        let filters = request
            .filters
            .iter()
            .map(|filter| parse(filter))
            .collect::<Result<Vec<_>>>()?;
        // Pages the searcher may not see are dropped where the search reads them (every hit,
        // the total, every facet count), not by a clause of the query, which would keep the
        // query from skipping blocks of pages.
        let cleared = request.clearance.levels();
        let visible = Visible::of(
            CONFIDENTIALITY_CODES
                .into_iter()
                .filter(|code| request.confidentiality.iter().any(|c| c.trim() == *code))
                .filter(|code| cleared.iter().any(|c| c == code))
                .map(access_code),
            &request.clearance,
            &self.visible,
        );
        let tiers: &[Tier] = if has_words(&node) {
            &TIERS
        } else {
            &TIERS[TIERS.len() - 1..]
        };
        let query_at = |tier: Tier| -> Result<Box<dyn Query>> {
            let main = to_query(&node, f, tier)?;
            if filters.is_empty() {
                return Ok(main);
            }
            let mut clauses = vec![(Occur::Must, main)];
            for filter in &filters {
                clauses.push((Occur::Must, to_query(filter, f, tier)?));
            }
            Ok(Box::new(BooleanQuery::new(clauses)))
        };

        let searcher = self.reader.searcher();
        let limit = request.limit.max(1);
        // The tiers before the OCR-like forms; a query of filters alone has only one tier.
        let (narrow, fuzzy) = match tiers.split_last() {
            Some((last, rest)) if !rest.is_empty() => (rest, Some(*last)),
            _ => (tiers, None),
        };
        let mut found: Vec<(Option<f32>, DocAddress)> = Vec::with_capacity(limit);
        let mut taken = HashSet::new();
        let mut take_best = |tier: Tier,
                             found: &mut Vec<(Option<f32>, DocAddress)>|
         -> Result<()> {
            let query = query_at(tier)?;
            for (score, address) in best(&searcher, &*query, limit - found.len(), &visible, &taken)?
            {
                taken.insert(address);
                found.push((Some(score), address));
            }
            Ok(())
        };
        // Whether the first tier alone filled the page of results (it may then pass the bound).
        let mut first_tier_full = true;
        if request.sort == Sort::Relevance {
            for &tier in narrow {
                take_best(tier, &mut found)?;
                first_tier_full &= found.len() >= limit;
                if found.len() >= limit {
                    break;
                }
            }
        }
        // The total counts the tiers searched, but a tier that alone passes the bound answers it.
        let count = |tier: Tier| -> Result<Tally> {
            tally(
                &searcher,
                &*query_at(tier)?,
                &visible,
                &self.facets,
                COUNT_BOUND,
            )
        };
        let mut counted = Tally::default();
        for &tier in narrow {
            if tier == Tier::Stem || (tier == Tier::Exact && !first_tier_full) {
                continue; // cannot pass the bound where a wider tier would not
            }
            counted = count(tier)?;
            if !counted.complete {
                break;
            }
        }
        // OCR-like forms are searched only where the words as written find few pages: then
        // they are what the searcher is missing; past that they would only be counted.
        let mut widest = narrow[narrow.len() - 1];
        if let Some(fuzzy) = fuzzy.filter(|_| counted.complete && counted.total < FUZZY_BELOW) {
            widest = fuzzy;
            counted = count(fuzzy)?;
            if request.sort == Sort::Relevance && found.len() < limit {
                take_best(fuzzy, &mut found)?;
            }
        }
        if request.sort == Sort::Date {
            let query = query_at(widest)?;
            found.extend(
                newest(&searcher, &*query, limit, &visible)?
                    .into_iter()
                    .map(|a| (None, a)),
            );
        }

        let marks = Marks::of(&node);
        let mut hits = Vec::with_capacity(found.len());
        for (score, address) in found {
            let doc: TantivyDocument = searcher.doc(address)?;
            let text = |field| {
                doc.get_first(field)
                    .and_then(|v| v.as_str())
                    .map(str::to_string)
            };
            let document_id = text(f.document_id).unwrap_or_default();
            let page = doc.get_first(f.page).and_then(|v| v.as_u64()).unwrap_or(0);
            // The words kept with the page in the index; the store's where it has none.
            let words = doc
                .get_first(f.words)
                .and_then(|v| v.as_str())
                .and_then(PageWords::from_text)
                .or_else(|| page_words(&document_id, page))
                .unwrap_or_default();
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
            total: counted.total,
            total_exact: counted.complete,
            took_ms: started.elapsed().as_millis() as u64,
            hits,
            facets: Facets {
                jahr: counted.facets.remove("jahr").unwrap_or_default(),
                plan: counted.facets.remove("plan").unwrap_or_default(),
                amt: counted.facets.remove("amt").unwrap_or_default(),
                typ: counted.facets.remove("typ").unwrap_or_default(),
            },
        })
    }
}

/// Whether a query has words or prefixes, whose reach the tiers widen.
fn has_words(node: &Node) -> bool {
    match node {
        Node::Word(w) => !is_identifier(trim_identifier(w)),
        Node::Prefix(_) => true,
        Node::Phrase(_) | Node::Filter(_) | Node::Not(_) => false,
        Node::And(items) | Node::Or(items) => items.iter().any(has_words),
    }
}

fn term(field: tantivy::schema::Field, text: &str) -> Box<dyn Query> {
    Box::new(TermQuery::new(
        Term::from_field_text(field, text),
        IndexRecordOption::WithFreqs,
    ))
}

fn boosted(q: Box<dyn Query>, boost: f32) -> (Occur, Box<dyn Query>) {
    (Occur::Should, Box::new(Boosted::new(q, boost)))
}

/// OCR tolerance: edits allowed for a folded word of this many letters.
fn fuzzy_distance(len: usize) -> u8 {
    match len {
        0..=4 => 0,
        5..=8 => 1,
        _ => 2,
    }
}

fn to_query(node: &Node, f: &Fields, tier: Tier) -> Result<Box<dyn Query>> {
    Ok(match node {
        Node::Word(w) => word_query(w, f, tier),
        Node::Prefix(p) => {
            let folded = fold(p);
            let prefix = |field| -> Box<dyn Query> {
                Box::new(FuzzyTermQuery::new_prefix(
                    Term::from_field_text(field, &folded),
                    0,
                    false,
                ))
            };
            let mut clauses = vec![boosted(prefix(f.text_exact), EXACT)];
            if tier >= Tier::Stem {
                clauses.push(boosted(prefix(f.text), STEMMED));
                clauses.push(boosted(prefix(f.title), TITLE));
            }
            if tier >= Tier::Part {
                // `antrag*` finds `Bauantrag`.
                clauses.push(boosted(prefix(f.parts), PART));
            }
            Box::new(BooleanQuery::new(clauses))
        }
        Node::Phrase(p) => phrase_query(p, f),
        Node::Filter(filter) => filter_query(filter, f),
        // A word excluded is excluded in every form but the OCR-tolerant ones.
        Node::Not(inner) => Box::new(BooleanQuery::new(vec![
            (Occur::Must, Box::new(AllQuery)),
            (Occur::MustNot, to_query(inner, f, Tier::Part)?),
        ])),
        Node::And(items) => {
            let mut clauses = Vec::new();
            for item in items {
                clauses.push(match item {
                    Node::Not(inner) => (Occur::MustNot, to_query(inner, f, Tier::Part)?),
                    other => (Occur::Must, to_query(other, f, tier)?),
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
                .map(|i| Ok((Occur::Should, to_query(i, f, tier)?)))
                .collect::<Result<Vec<_>>>()?,
        )),
    })
}

/// A word's query up to a tier. The exact tier is a single term, so that a query of words is a
/// union or intersection of terms, which tantivy answers by block-max WAND.
fn word_query(w: &str, f: &Fields, tier: Tier) -> Box<dyn Query> {
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
            let exact = Box::new(Boosted::new(term(f.text_exact, &folded), EXACT));
            if tier == Tier::Exact {
                return exact;
            }
            let stemmed = stem(&folded);
            let mut clauses: Vec<(Occur, Box<dyn Query>)> = vec![
                (Occur::Should, exact),
                boosted(term(f.text, &stemmed), STEMMED),
                boosted(term(f.title, &stemmed), TITLE),
            ];
            // A word that is its own stem is indexed only as the word (`de_stem`).
            if stemmed != folded {
                clauses.push(boosted(term(f.text_exact, &stemmed), STEMMED));
            }
            if tier >= Tier::Part {
                clauses.push(boosted(term(f.parts, &stemmed), PART));
            }
            let distance = fuzzy_distance(folded.chars().count());
            if tier >= Tier::Fuzzy && distance > 0 {
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

/// Words in their order, as written (folded); one word is that word.
fn phrase_query(p: &str, f: &Fields) -> Box<dyn Query> {
    let words: Vec<String> = word_spans(p).iter().map(|&(a, b)| fold(&p[a..b])).collect();
    match words.as_slice() {
        [] => Box::new(BooleanQuery::new(Vec::new())),
        [one] => term(f.text_exact, one),
        _ => Box::new(Boosted::new(
            Box::new(PhraseQuery::new(
                words
                    .iter()
                    .map(|w| Term::from_field_text(f.text_exact, w))
                    .collect(),
            )),
            PHRASE,
        )),
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
        Filter::Confidentiality(c) => term(f.confidentiality, c.code()),
    }
}

/// What to mark on a page: the positive words, phrases and prefixes of a query.
struct Marks {
    words: Vec<(String, String)>,
    prefixes: Vec<String>,
    ids: Vec<String>,
    /// What each word text already seen on this search's pages came to (a fast hash: a
    /// search looks up every word of its twenty pages here): a page repeats its
    /// words, and the pages of one result share most of theirs (stemming each anew was most of
    /// a search's time).
    seen: std::cell::RefCell<rustc_hash::FxHashMap<String, bool>>,
}

impl Marks {
    fn of(node: &Node) -> Marks {
        let mut m = Marks {
            words: Vec::new(),
            prefixes: Vec::new(),
            ids: Vec::new(),
            seen: Default::default(),
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
        if let Some(&known) = self.seen.borrow().get(text) {
            return known;
        }
        let found = self.decide(text);
        self.seen.borrow_mut().insert(text.to_string(), found);
        found
    }

    /// [`Marks::matches`] worked out: the cheap comparisons first, the stem and the modern
    /// spelling of the page's word at most once.
    fn decide(&self, text: &str) -> bool {
        if !self.ids.is_empty() {
            let parts = identifier_parts(text);
            if self.ids.iter().any(|id| parts.contains(id)) {
                return true;
            }
        }
        word_spans(text).into_iter().any(|(a, b)| {
            let folded = fold(&text[a..b]);
            if self.prefixes.iter().any(|p| folded.starts_with(p.as_str()))
                || self.words.iter().any(|(exact, _)| {
                    folded == *exact
                        || (exact.len() >= 3
                            && !exact.chars().all(|c| c.is_ascii_digit())
                            && folded.contains(exact.as_str()))
                        || within(&folded, exact, fuzzy_distance(exact.chars().count()))
                })
            {
                return true;
            }
            spellings_of(&folded, |modern, own_stem| {
                self.words.iter().any(|(_, stemmed)| {
                    own_stem == stemmed
                    // a compound holding the word in another spelling (`Landkreis`, `Kreyses`)
                        || (stemmed.len() >= 4 && modern.contains(stemmed.as_str()))
                })
            })
        })
    }

    /// A snippet around the first matched word, and the boxes of all matched words.
    fn snippet(&self, page: &PageWords) -> (String, Vec<[u32; 4]>) {
        const BEFORE: usize = 8;
        const LENGTH: usize = 30;
        let words: Vec<(&str, BBox)> = page.iter().collect();
        let matched: Vec<bool> = words.iter().map(|(text, _)| self.matches(text)).collect();
        let boxes = words
            .iter()
            .zip(&matched)
            .filter(|(_, m)| **m)
            .map(|((_, b), _)| [b.x, b.y, b.w, b.h])
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
            if matched[i] {
                snippet.push_str("<mark>");
                escape_into(&mut snippet, words[i].0);
                snippet.push_str("</mark>");
            } else {
                escape_into(&mut snippet, words[i].0);
            }
        }
        if end < words.len() {
            snippet.push_str(" …");
        }
        (snippet, boxes)
    }
}

/// Page words kept in [`SPELLINGS`] per thread, some 100 bytes each: about 1 MB for each
/// thread that searched (a server's searches run on a few dozen).
const SPELLINGS_KEPT: usize = 10_000;

thread_local! {
    /// The modern spelling and the stem ([`modernise`], [`stem`]) of page words marked by
    /// searches on this thread: both depend on the word alone, and the same words come back on
    /// the pages of search after search (a page of twenty hits holds a few thousand different
    /// words). Forgotten as a whole past [`SPELLINGS_KEPT`].
    static SPELLINGS: std::cell::RefCell<rustc_hash::FxHashMap<String, (String, String)>> =
        Default::default();
}

/// Calls `f` with the modern spelling and the stem of a folded page word.
fn spellings_of<R>(folded: &str, f: impl FnOnce(&str, &str) -> R) -> R {
    SPELLINGS.with_borrow_mut(|kept| {
        if let Some((modern, stemmed)) = kept.get(folded) {
            return f(modern, stemmed);
        }
        if kept.len() >= SPELLINGS_KEPT {
            kept.clear();
        }
        let (modern, stemmed) = (modernise(folded), stem(folded));
        let answer = f(&modern, &stemmed);
        kept.insert(folded.to_string(), (modern, stemmed));
        answer
    })
}

/// Appends `text` HTML-escaped (`&`, `<`, `>`).
fn escape_into(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            c => out.push(c),
        }
    }
}

/// Whether two words are at most `max` edits (Damerau: a swap counts one) apart. Stops at the
/// first row of the table whose every cell is past `max` (no later cell can come back under it).
fn within(a: &str, b: &str, max: u8) -> bool {
    if max == 0 {
        return false;
    }
    let max = usize::from(max);
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    if a.len().abs_diff(b.len()) > max {
        return false;
    }
    let width = b.len() + 1;
    let mut prev2 = vec![0usize; width];
    let mut prev: Vec<usize> = (0..width).collect();
    let mut cur = vec![0usize; width];
    for i in 1..=a.len() {
        cur[0] = i;
        let mut least = i;
        for j in 1..width {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            cur[j] = (prev[j] + 1).min(cur[j - 1] + 1).min(prev[j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                cur[j] = cur[j].min(prev2[j - 2] + 1);
            }
            least = least.min(cur[j]);
        }
        if least > max {
            return false;
        }
        std::mem::swap(&mut prev2, &mut prev);
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()] <= max
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
    fn edit_distance_stops_early_only_where_no_later_row_could_match() {
        // Different from the first letter on, but a swap and an edit later: still within 2.
        assert!(within("ba", "ab", 1));
        assert!(within("xabcdefgh", "abcdefgh", 1));
        assert!(within("bacdefgx", "abcdefgh", 2));
        assert!(!within("zzzdefgh", "abcdefgh", 2));
        assert!(!within("abcdefgh", "abcd", 2));
    }

    /// A page of one line of `words`: each its text and box.
    fn one_line(words: &[(&str, BBox)]) -> PageWords {
        use aktenscan_model::{Block, Line, PageText, Word};
        PageWords::from(&PageText {
            width: 100,
            height: 100,
            blocks: vec![Block {
                bbox: BBox::new(0, 0, 100, 10),
                lines: vec![Line {
                    bbox: BBox::new(0, 0, 100, 10),
                    words: words
                        .iter()
                        .map(|&(text, bbox)| Word {
                            text: text.into(),
                            bbox,
                            confidence: 0.9,
                        })
                        .collect(),
                }],
            }],
        })
    }

    #[test]
    fn a_snippet_escapes_page_text_and_marks_the_match() {
        let marks = Marks::of(&parse("Antrag").expect("parses"));
        let at = |x| BBox::new(x, 2, 3, 4);
        let page = one_line(&[("<b>&", at(0)), ("Antrag", at(1)), ("x>y", at(2))]);
        let (snippet, boxes) = marks.snippet(&page);
        assert_eq!(snippet, "&lt;b&gt;&amp; <mark>Antrag</mark> x&gt;y");
        assert_eq!(boxes, vec![[1, 2, 3, 4]]);
    }

    #[test]
    fn a_hit_is_marked_from_the_words_indexed_with_its_page_and_the_store_asked_only_without() {
        let page = |x| one_line(&[("Bauantrag", BBox::new(x, 2, 30, 8))]);
        let dir = tempfile::tempdir().expect("tempdir");
        let index = SearchIndex::create_dir(dir.path()).expect("index");
        let packed = page(10).to_text().expect("fits");
        {
            let mut indexer = index.indexer().expect("writer");
            for (document_id, words) in [("mit", Some(packed.as_str())), ("ohne", None)] {
                indexer
                    .add(&crate::PageEntry {
                        document_id,
                        record_id: "r",
                        page: 1,
                        text: "Bauantrag",
                        title: "Akte",
                        aktenzeichen: None,
                        plan: None,
                        date: None,
                        office: None,
                        doc_type: None,
                        confidentiality: "003",
                        personal_data: false,
                        words,
                    })
                    .expect("page");
            }
            indexer.finish().expect("commit");
        }
        let index = SearchIndex::open_dir(dir.path()).expect("open");
        let asked = std::cell::RefCell::new(Vec::new());
        let store = |document_id: &str, _: u64| {
            asked.borrow_mut().push(document_id.to_string());
            Some(page(50))
        };
        let found = index
            .search_with(&SearchRequest::new("Antrag"), &store)
            .expect("search");
        let boxes: BTreeMap<String, (String, Vec<[u32; 4]>)> = found
            .hits
            .into_iter()
            .map(|h| (h.document_id, (h.snippet, h.boxes)))
            .collect();
        assert_eq!(
            boxes.get("mit"),
            Some(&("<mark>Bauantrag</mark>".to_string(), vec![[10, 2, 30, 8]]))
        );
        assert_eq!(
            boxes.get("ohne"),
            Some(&("<mark>Bauantrag</mark>".to_string(), vec![[50, 2, 30, 8]]))
        );
        assert_eq!(*asked.borrow(), vec!["ohne".to_string()]);
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
