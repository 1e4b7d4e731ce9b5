//! Long compounds as a new user searches them: every part of a compound of three and more parts
//! finds its page, the middle one too, across the linking elements (-s-, -es-, -n-, -en-), and
//! the page with the word itself still ranks first.

use aktenscan_index::{PageEntry, SearchIndex, SearchRequest};

const PAGES: [&str; 4] = [
    "Niederschrift zum Gemeinderatssitzungsprotokoll vom 3. März 1987",
    "Entwurf der Abwasserbeseitigungssatzung der Gemeinde Schkopau",
    "Schreiben an das Landesverwaltungsamt in Halle wegen der Straßenbahnhaltestelle",
    "Protokoll der Sitzung des Rates; Beseitigung der Schäden",
];

#[test]
fn every_part_of_a_long_compound_finds_its_page() {
    if let Some(note) = aktenscan_index::word_list_note() {
        eprintln!("{note}; compound search not checked");
        return;
    }
    let dir = tempfile::tempdir().expect("tempdir");
    let index = SearchIndex::create_dir(dir.path()).expect("index");
    {
        let mut indexer = index.indexer().expect("writer");
        for (i, text) in PAGES.iter().enumerate() {
            let doc = format!("d{i}");
            indexer
                .add(&PageEntry {
                    document_id: &doc,
                    record_id: "r",
                    page: 1,
                    text,
                    title: "Akte",
                    aktenzeichen: None,
                    plan: None,
                    date: None,
                    office: None,
                    doc_type: None,
                    confidentiality: "003",
                    personal_data: false,
                    words: None,
                })
                .expect("page");
        }
        indexer.finish().expect("commit");
    }
    let index = SearchIndex::open_dir(dir.path()).expect("open");
    let no_words = |_: &str, _: u64| None;
    let found = |query: &str| -> Vec<String> {
        let r = index
            .search_with(&SearchRequest::new(query), &no_words)
            .expect("search");
        r.hits.into_iter().map(|h| h.document_id).collect()
    };
    for (query, page) in [
        ("Gemeinde", "d0"),
        ("Rat", "d0"),
        ("Sitzung", "d0"),
        ("Protokoll", "d0"),
        ("Abwasser", "d1"),
        ("Beseitigung", "d1"),
        ("Satzung", "d1"),
        ("Land", "d2"),
        ("Verwaltung", "d2"),
        ("Amt", "d2"),
    ] {
        let hits = found(query);
        assert!(
            hits.iter().any(|h| h == page),
            "{query}: {page} not in {hits:?}"
        );
    }
    // The page with the word itself ranks above the compounds holding it.
    for query in ["Protokoll", "Sitzung", "Beseitigung", "Rat"] {
        let hits = found(query);
        assert_eq!(
            hits.first().map(String::as_str),
            Some("d3"),
            "{query}: {hits:?}"
        );
    }
}
