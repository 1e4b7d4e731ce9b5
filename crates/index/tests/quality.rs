//! Search quality over the sample records: a query set per class (umlaut spellings, compound
//! parts, OCR-garbled words, identifiers, phrases, filters) with the pages each must find, run
//! against our analysis and against the Paperless-ngx baseline chain (simple tokenizer →
//! lowercase → ASCII folding → Snowball German). The pages carry the samples' ground truth, so
//! the numbers measure the search, not the OCR.
//!
//! `cargo test -p aktenscan-index --test quality -- --nocapture` prints recall per class.

use aktenscan_analysis::{fold, stem, Dictionary};
use aktenscan_index::{SearchIndex, SearchRequest};
use aktenscan_model::{BBox, Block, Line, OcrFacts, Orientation, PageText, TextSource, Word};
use aktenscan_store::{Library, NewPage, NewRecord};
use serde::Deserialize;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};
use tantivy::collector::TopDocs;
use tantivy::query::QueryParser;
use tantivy::schema::{IndexRecordOption, Schema, TextFieldIndexing, TextOptions, Value, STORED};
use tantivy::tokenizer::{
    AsciiFoldingFilter, Language, LowerCaser, SimpleTokenizer, Stemmer, TextAnalyzer,
};
use tantivy::{doc, Index, TantivyDocument};

#[derive(Deserialize)]
struct Manifest {
    records: Vec<ManifestRecord>,
}

#[derive(Deserialize)]
struct ManifestRecord {
    directory: String,
    title: String,
    aktenzeichen: String,
    files: Vec<ManifestFile>,
}

#[derive(Deserialize)]
struct ManifestFile {
    name: String,
    ground_truth: String,
}

/// A page of the samples: `record-dir/file#page` and its ground-truth text.
struct SamplePage {
    key: String,
    year_record: String,
    text: String,
}

fn samples() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../samples")
}

fn sample_pages() -> (Manifest, Vec<SamplePage>) {
    let dir = samples();
    let manifest: Manifest =
        serde_json::from_slice(&std::fs::read(dir.join("manifest.json")).expect("manifest"))
            .expect("manifest parses");
    let mut pages = Vec::new();
    for r in &manifest.records {
        for f in &r.files {
            let gt = std::fs::read_to_string(dir.join(&f.ground_truth)).expect("ground truth");
            for (i, text) in gt.split("\n\u{c}\n").enumerate() {
                pages.push(SamplePage {
                    key: format!("{}/{}#{}", r.directory, f.name, i + 1),
                    year_record: r.directory.clone(),
                    text: text.to_string(),
                });
            }
        }
    }
    (manifest, pages)
}

/// Words with made-up boxes: word `i` of line `l` at (100·i, 50·l).
fn page_text(text: &str) -> PageText {
    let lines = text
        .lines()
        .enumerate()
        .map(|(l, line)| Line {
            bbox: BBox::default(),
            words: line
                .split_whitespace()
                .enumerate()
                .map(|(i, w)| Word {
                    text: w.to_string(),
                    bbox: BBox::new(100 * i as u32, 50 * l as u32, 90, 40),
                    confidence: 0.9,
                })
                .collect(),
        })
        .collect();
    PageText {
        width: 2480,
        height: 3508,
        blocks: vec![Block {
            bbox: BBox::default(),
            lines,
        }],
    }
}

/// A library holding the samples' ground truth as recognised text; maps document ids back to keys.
fn sample_library(dir: &Path) -> (Library, HashMap<(String, u64), String>) {
    let (manifest, pages) = sample_pages();
    let mut lib = Library::open(dir).expect("library");
    let mut keys = HashMap::new();
    for r in &manifest.records {
        let record = lib
            .create_record(&NewRecord {
                title: r.title.clone(),
                aktenzeichen: Some(r.aktenzeichen.clone()),
                ..Default::default()
            })
            .expect("record");
        for (pos, f) in r.files.iter().enumerate() {
            let prefix = format!("{}/{}#", r.directory, f.name);
            let file_pages: Vec<&SamplePage> = pages
                .iter()
                .filter(|p| p.key.starts_with(&prefix))
                .collect();
            let original = lib.put_file(f.name.as_bytes(), "bin").expect("file");
            let doc = lib
                .add_document(
                    &record.id,
                    pos as i64,
                    &f.name,
                    &f.name,
                    &original,
                    file_pages.len() as i64,
                )
                .expect("document");
            for (i, p) in file_pages.iter().enumerate() {
                let stored = lib.put_file(p.text.as_bytes(), "txt").expect("file");
                let facts = OcrFacts {
                    source: TextSource::Ocr {
                        model: "deu".into(),
                    },
                    orientation: Orientation::Upright,
                    orientation_confidence: None,
                    skew_degrees: 0.0,
                    script: None,
                    mean_confidence: None,
                    ocr_ms: 0,
                };
                let page = NewPage {
                    document_id: doc.id.clone(),
                    page_no: i as i64 + 1,
                    image: stored.clone(),
                    width: 2480,
                    height: 3508,
                    dpi: (300.0, 300.0),
                    origin: "test".into(),
                    facts,
                    alto: stored.clone(),
                    text_file: stored,
                    text: page_text(&p.text),
                };
                lib.add_page(&page).expect("page");
                keys.insert((doc.id.clone(), i as u64 + 1), p.key.clone());
            }
        }
    }
    (lib, keys)
}

/// The query set: class, query, and which pages must be found (by a predicate on the ground
/// truth, or by record for filters).
struct Case {
    class: &'static str,
    query: &'static str,
    expect: Expect,
}

enum Expect {
    /// Pages whose text contains this (case-insensitive).
    Containing(&'static str),
    /// Pages holding this whole word.
    Word(&'static str),
    /// Pages containing this, and only pages of this record.
    OnlyRecord(&'static str, &'static str),
}

fn cases() -> Vec<Case> {
    use Expect::*;
    let c = |class, query, expect| Case {
        class,
        query,
        expect,
    };
    vec![
        c("umlaut", "Huebner", Containing("Hübner")),
        c("umlaut", "Mueller", Containing("Müller")),
        c("umlaut", "Lindenstrasse", Containing("Lindenstraße")),
        c("umlaut", "Buergersteige", Containing("Bürgersteige")),
        c(
            "umlaut",
            "Strassenreinigungssatzung",
            Containing("Straßenreinigungssatzung"),
        ),
        c("compound", "Antrag", Containing("Bauantrag")),
        c("compound", "Bau", Containing("Bauantrag")),
        c(
            "compound",
            "Reinigung",
            Containing("Straßenreinigungssatzung"),
        ),
        c(
            "compound",
            "Straßenreinigung",
            Containing("Straßenreinigungssatzung"),
        ),
        c("compound", "Genehmigung", Containing("Baugenehmigung")),
        c("compound", "Verwaltung", Containing("Gemeindeverwaltung")),
        // The middle part of a three-part compound, and a part behind a Fugen-s.
        c("compound", "Mittel", Containing("Rechtsmittelbelehrung")),
        c("compound", "Ergebnis", Containing("Abstimmungsergebnis")),
        c("old spelling", "Gemeinderath", Containing("Gemeinderat")),
        c("old spelling", "Bestandtheil", Containing("Bestandteil")),
        c("old spelling", "Ertheilung", Containing("Erteilung")),
        c("old spelling", "Telephon", Containing("Telefon")),
        c(
            "old spelling",
            "Polizeyverordnung",
            Containing("Polizeiverordnung"),
        ),
        c("old spelling", "December", Containing("Dezember")),
        c("old spelling", "Costen", Containing("Kosten")),
        c("old spelling", "Sparcasse", Containing("Sparkasse")),
        c("old spelling", "Conto", Containing("Konto")),
        c("old spelling", "Calksandstein", Containing("Kalksandstein")),
        c("old spelling", "Landkreyß", Containing("Landkreis")),
        c("old spelling", "Kreyses", Containing("Kreises")),
        c("old spelling", "Seyte", Containing("Seite")),
        c(
            "old spelling",
            "Telephon personenbezug:nein",
            Containing("Telefon"),
        ),
        c(
            "old spelling",
            "Gemeinderath vertraulichkeit:offen",
            Containing("Gemeinderat"),
        ),
        c("ocr", "Gemeindc", Word("Gemeinde")),
        c("ocr", "Bürgermeifter", Word("Bürgermeister")),
        c("ocr", "Baugenehmignug", Word("Baugenehmigung")),
        c("ocr", "Lindenstrafse", Containing("Lindenstraße")),
        c("ocr", "Bekanntmachnng", Word("Bekanntmachung")),
        c(
            "identifier",
            "632.10/1987-014",
            Containing("632.10/1987-014"),
        ),
        c("identifier", "1987-014", Containing("1987-014")),
        c("identifier", "632.10", Containing("632.10")),
        c("identifier", "147/21", Containing("147/21")),
        c("identifier", "017/98", Containing("017/98")),
        c(
            "phrase",
            "\"Antrag auf Baugenehmigung\"",
            Containing("Antrag auf Baugenehmigung"),
        ),
        c(
            "phrase",
            "\"Merseburger Straße\"",
            Containing("Merseburger Straße"),
        ),
        c(
            "phrase",
            "\"Reinigung der Straßen\"",
            Containing("Reinigung der Straßen"),
        ),
        c(
            "filter",
            "Gemeinde jahr:1987",
            OnlyRecord("Gemeinde", "bauakte-1987"),
        ),
        c(
            "filter",
            "Schkopau jahr:1990..1999",
            OnlyRecord("Schkopau", "ratsbeschluss-1998"),
        ),
        c(
            "filter",
            "Bürgermeister plan:632",
            OnlyRecord("Bürgermeister", "bauakte-1987"),
        ),
        c(
            "filter",
            "Gemeinde az:022.31/1998-017",
            OnlyRecord("Gemeinde", "ratsbeschluss-1998"),
        ),
    ]
}

fn has_word(text: &str, word: &str) -> bool {
    text.split(|c: char| !c.is_alphanumeric())
        .any(|w| w == word)
}

fn expected(case: &Case, pages: &[SamplePage]) -> (HashSet<String>, Option<&'static str>) {
    let lower = |s: &str| s.to_lowercase();
    let want: HashSet<String> = pages
        .iter()
        .filter(|p| match case.expect {
            Expect::Containing(s) => lower(&p.text).contains(&lower(s)),
            Expect::Word(w) => has_word(&p.text, w),
            Expect::OnlyRecord(s, r) => p.year_record == r && lower(&p.text).contains(&lower(s)),
        })
        .map(|p| p.key.clone())
        .collect();
    let only = match case.expect {
        Expect::OnlyRecord(_, r) => Some(r),
        _ => None,
    };
    (want, only)
}

/// The Paperless-ngx analysis chain, queried with tantivy's query parser (terms ANDed).
struct Baseline {
    index: Index,
    parser: QueryParser,
    key: tantivy::schema::Field,
}

impl Baseline {
    fn new(pages: &[SamplePage]) -> Baseline {
        let mut builder = Schema::builder();
        let key = builder.add_text_field("key", STORED);
        let indexing = TextFieldIndexing::default()
            .set_tokenizer("paperless")
            .set_index_option(IndexRecordOption::WithFreqsAndPositions);
        let content = builder.add_text_field(
            "content",
            TextOptions::default().set_indexing_options(indexing),
        );
        let index = Index::create_in_ram(builder.build());
        index.tokenizers().register(
            "paperless",
            TextAnalyzer::builder(SimpleTokenizer::default())
                .filter(LowerCaser)
                .filter(AsciiFoldingFilter)
                .filter(Stemmer::new(Language::German))
                .build(),
        );
        let mut writer = index.writer(20_000_000).expect("writer");
        for p in pages {
            writer
                .add_document(doc!(key => p.key.clone(), content => p.text.clone()))
                .expect("add");
        }
        writer.commit().expect("commit");
        let mut parser = QueryParser::for_index(&index, vec![content]);
        parser.set_conjunction_by_default();
        Baseline { index, parser, key }
    }

    /// The baseline has no field filters: only the words of a query are searched.
    fn search(&self, query: &str) -> Vec<String> {
        let words: Vec<&str> = query
            .split_whitespace()
            .filter(|w| !w.contains(':'))
            .collect();
        let Ok(q) = self.parser.parse_query(&words.join(" ")) else {
            return Vec::new();
        };
        let searcher = self.index.reader().expect("reader").searcher();
        let top = searcher
            .search(&q, &TopDocs::with_limit(100).order_by_score())
            .expect("search");
        top.into_iter()
            .filter_map(|(_, a)| {
                let d: TantivyDocument = searcher.doc(a).ok()?;
                d.get_first(self.key)
                    .and_then(|v| v.as_str())
                    .map(str::to_string)
            })
            .collect()
    }
}

#[derive(Default)]
struct Tally {
    found: usize,
    wanted: usize,
    wrong: usize,
}

#[test]
fn german_search_beats_the_paperless_baseline() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (lib, keys) = sample_library(dir.path());
    let (index, rebuilt) = SearchIndex::open(&lib, &mut |_, _| {}).expect("index");
    assert!(rebuilt.is_some(), "a new library's index is built on open");
    let (_, pages) = sample_pages();
    let baseline = Baseline::new(&pages);
    let with_compounds = Dictionary::system().is_some();

    let mut ours: BTreeMap<&str, Tally> = BTreeMap::new();
    let mut theirs: BTreeMap<&str, Tally> = BTreeMap::new();
    let mut failures = Vec::new();
    for case in cases() {
        let (want, only) = expected(&case, &pages);
        assert!(
            !want.is_empty(),
            "{}: the ground truth has no such page",
            case.query
        );
        let mut request = SearchRequest::new(case.query);
        request.limit = 100;
        let results = index.search(&lib, &request).expect("search");
        let got: Vec<String> = results
            .hits
            .iter()
            .map(|h| keys[&(h.document_id.clone(), h.page)].clone())
            .collect();
        let t = ours.entry(case.class).or_default();
        t.wanted += want.len();
        t.found += want.iter().filter(|k| got.contains(k)).count();
        if let Some(record) = only {
            t.wrong += got.iter().filter(|k| !k.starts_with(record)).count();
        }
        let missing: Vec<&String> = want.iter().filter(|k| !got.contains(k)).collect();
        if !missing.is_empty() && (case.class != "compound" || with_compounds) {
            failures.push(format!("{}: missing {missing:?}", case.query));
        }
        for hit in &results.hits {
            assert!(
                !hit.boxes.is_empty() || case.class == "filter",
                "{}: a hit without boxes: {hit:?}",
                case.query
            );
        }

        let got = baseline.search(case.query);
        let t = theirs.entry(case.class).or_default();
        t.wanted += want.len();
        t.found += want.iter().filter(|k| got.contains(k)).count();
        if let Some(record) = only {
            t.wrong += got.iter().filter(|k| !k.starts_with(record)).count();
        }
    }
    println!("class        ours recall   baseline recall   (wrong-record hits ours / baseline)");
    for (class, t) in &ours {
        let b = &theirs[class];
        println!(
            "{class:<12} {:>3}/{:<3} {:>4.0} %   {:>3}/{:<3} {:>4.0} %   ({} / {})",
            t.found,
            t.wanted,
            100.0 * t.found as f64 / t.wanted as f64,
            b.found,
            b.wanted,
            100.0 * b.found as f64 / b.wanted as f64,
            t.wrong,
            b.wrong
        );
    }
    if !with_compounds {
        println!(
            "note: no German word list (Debian package wngerman): compound cases not asserted"
        );
    }
    assert!(failures.is_empty(), "{failures:#?}");
    assert!(
        ours.values().all(|t| t.wrong == 0),
        "filters let other records through"
    );
}

/// How a page holds a query word, best first: the word itself, a form of it (stem, old
/// spelling), a compound holding it, or only something OCR-like (within a few edits).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Relation {
    Exact,
    Stem,
    CompoundPart,
    OcrLike,
}

fn relation(page: &str, word: &str, dict: Option<&Dictionary>) -> Relation {
    let (folded, stemmed) = (fold(word), stem(&fold(word)));
    page.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| {
            let f = fold(w);
            if f == folded {
                Relation::Exact
            } else if stem(&f) == stemmed {
                Relation::Stem
            } else if dict.is_some_and(|d| d.split(&f).iter().any(|p| stem(p) == stemmed)) {
                Relation::CompoundPart
            } else {
                Relation::OcrLike
            }
        })
        .min()
        .unwrap_or(Relation::OcrLike)
}

#[test]
fn hits_rank_exact_then_stem_then_compound_part_then_ocr_like() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (lib, keys) = sample_library(dir.path());
    let (index, _) = SearchIndex::open(&lib, &mut |_, _| {}).expect("index");
    let (_, pages) = sample_pages();
    let text: HashMap<&str, &str> = pages
        .iter()
        .map(|p| (p.key.as_str(), p.text.as_str()))
        .collect();
    let dict = Dictionary::system();
    // The words of the quality set, and words the samples hold in all four relations.
    let mut words: Vec<&str> = cases()
        .iter()
        .map(|c| c.query)
        .filter(|q| q.chars().all(char::is_alphabetic))
        .collect();
    words.extend([
        "Antrag",
        "Satzung",
        "Gemeinde",
        "Reinigung",
        "Straße",
        "Grundstück",
    ]);
    let mut seen = BTreeMap::new();
    for word in words {
        let mut request = SearchRequest::new(word);
        request.limit = 100;
        let results = index.search(&lib, &request).expect("search");
        let order: Vec<Relation> = results
            .hits
            .iter()
            .map(|h| {
                let key = &keys[&(h.document_id.clone(), h.page)];
                relation(text[key.as_str()], word, dict.as_deref())
            })
            .collect();
        assert!(
            order.windows(2).all(|w| w[0] <= w[1]),
            "{word}: hits out of order: {order:?}"
        );
        for r in order {
            *seen.entry(r).or_insert(0) += 1;
        }
    }
    // The check means something only if the hits hold every relation.
    if dict.is_some() {
        for r in [
            Relation::Exact,
            Relation::Stem,
            Relation::CompoundPart,
            Relation::OcrLike,
        ] {
            assert!(seen.contains_key(&r), "no hit related as {r:?}: {seen:?}");
        }
    }
    // On the sample library `Antrag`: the page with the word itself before `Bauantrag`.
    let results = index
        .search(&lib, &SearchRequest::new("Antrag"))
        .expect("search");
    let first = &keys[&(results.hits[0].document_id.clone(), results.hits[0].page)];
    assert_eq!(
        relation(text[first.as_str()], "Antrag", None),
        Relation::Exact
    );
}

#[test]
fn hits_carry_snippets_boxes_facets_and_respect_confidentiality() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (lib, _) = sample_library(dir.path());
    let (index, _) = SearchIndex::open(&lib, &mut |_, _| {}).expect("index");
    let results = index
        .search(&lib, &SearchRequest::new("Einzelgarage"))
        .expect("search");
    assert!(results.total >= 2);
    let hit = &results.hits[0];
    assert!(
        hit.snippet.contains("<mark>Einzelgarage</mark>"),
        "{}",
        hit.snippet
    );
    assert_eq!(hit.aktenzeichen.as_deref(), Some("632.10/1987-014"));
    assert!(hit.boxes.iter().all(|b| b[2] == 90 && b[3] == 40));
    assert_eq!(
        results.facets.jahr.get("1987").copied(),
        Some(results.total as u64)
    );
    assert_eq!(
        results.facets.plan.get("6").copied(),
        Some(results.total as u64)
    );

    let mut secret_only = SearchRequest::new("Einzelgarage");
    secret_only.confidentiality = vec!["001".into()];
    assert_eq!(index.search(&lib, &secret_only).expect("search").total, 0);

    let mut filtered = SearchRequest::new("Schkopau");
    filtered.filters = vec!["jahr:1900..1950".into()];
    let r = index.search(&lib, &filtered).expect("search");
    assert_eq!(
        (r.total, r.facets.jahr.len()),
        (0, 0),
        "the 1921 record has no year it could be found by"
    );

    // No sample record is marked as holding personal data.
    let all = index
        .search(&lib, &SearchRequest::new("Gemeinde"))
        .expect("search")
        .total;
    let count = |filter: &str| {
        let mut r = SearchRequest::new("Gemeinde");
        r.filters = vec![filter.into()];
        index.search(&lib, &r).expect("search").total
    };
    assert!(all > 0);
    assert_eq!(count("personenbezug:nein"), all);
    assert_eq!(count("personenbezug:ja"), 0);
}

#[test]
fn an_index_of_another_version_or_damaged_is_rebuilt() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (lib, _) = sample_library(dir.path());
    let (first, _) = SearchIndex::open(&lib, &mut |_, _| {}).expect("index");
    let pages = first.pages();
    drop(first);
    let index_dir = dir.path().join(aktenscan_index::INDEX_DIR);
    std::fs::write(index_dir.join("aktenscan-schema-version"), "0").expect("write");
    let (again, why) = SearchIndex::open(&lib, &mut |_, _| {}).expect("reopen");
    assert!(why.expect("rebuilt").contains("schema version 0"));
    assert_eq!(again.pages(), pages);
    drop(again);
    std::fs::write(index_dir.join("meta.json"), "not json").expect("write");
    let (healed, why) = SearchIndex::open(&lib, &mut |_, _| {}).expect("reopen");
    assert!(why.expect("rebuilt").contains("damaged"));
    assert_eq!(healed.pages(), pages);
    let (_, why) = SearchIndex::open(&lib, &mut |_, _| {}).expect("reopen");
    assert_eq!(why, None);
}

#[test]
fn malformed_queries_are_errors_not_panics() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (lib, _) = sample_library(dir.path());
    let (index, _) = SearchIndex::open(&lib, &mut |_, _| {}).expect("index");
    for q in ["", "(Bau", "\"Bau", "jahr:19x", "NOT", "bau OR"] {
        let err = index.search(&lib, &SearchRequest::new(q)).expect_err(q);
        assert!(err.to_string().starts_with("query: "), "{q}: {err}");
    }
}

#[test]
fn a_completed_document_is_searchable_after_index_document() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut lib, _) = sample_library(dir.path());
    SearchIndex::open(&lib, &mut |_, _| {}).expect("index");
    let record = lib
        .create_record(&NewRecord {
            title: "Friedhofssatzung".into(),
            ..Default::default()
        })
        .expect("record");
    let stored = lib.put_file(b"Friedhofsgebuehren", "txt").expect("file");
    let doc = lib
        .add_document(&record.id, 0, "Satzung", "satzung.tif", &stored, 1)
        .expect("document");
    let facts = OcrFacts {
        source: TextSource::PdfTextLayer,
        orientation: Orientation::Upright,
        orientation_confidence: None,
        skew_degrees: 0.0,
        script: None,
        mean_confidence: None,
        ocr_ms: 0,
    };
    let page = NewPage {
        document_id: doc.id.clone(),
        page_no: 1,
        image: stored.clone(),
        width: 100,
        height: 100,
        dpi: (300.0, 300.0),
        origin: "test".into(),
        facts,
        alto: stored.clone(),
        text_file: stored,
        text: page_text("Satzung über die Friedhofsgebühren"),
    };
    lib.add_page(&page).expect("page");
    aktenscan_index::index_document(&lib, &doc.id).expect("indexed");
    aktenscan_index::index_document(&lib, &doc.id).expect("indexed again, replacing");
    let (index, rebuilt) = SearchIndex::open(&lib, &mut |_, _| {}).expect("index");
    assert_eq!(rebuilt, None);
    let results = index
        .search(&lib, &SearchRequest::new("Friedhofsgebuehren"))
        .expect("search");
    assert_eq!(
        results.total, 1,
        "found once, not twice after indexing twice"
    );
    assert_eq!(results.hits[0].document_id, doc.id);
}
