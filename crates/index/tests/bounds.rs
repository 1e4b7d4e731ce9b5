//! Totals and facets past the count bound, and pages of confidential records, on an index of
//! more pages than the bound: the total says "more than", no hidden page reaches a hit, a total
//! or a facet count, and the exact tier answers a common word first.

use aktenscan_index::{PageEntry, SearchIndex, SearchRequest, COUNT_BOUND};
use aktenscan_model::Clearance;

fn page<'a>(i: usize, text: &'a str, document_id: &'a str) -> PageEntry<'a> {
    PageEntry {
        document_id,
        record_id: "r",
        page: i as u64 + 1,
        text,
        title: "Bauakte",
        aktenzeichen: None,
        plan: Some("632.10"),
        // Pages 50 and 51 of every hundred are of 1990, the others of 1987 and 1988.
        date: Some(match i % 100 {
            50 | 51 => 19900101,
            _ => 19870101 + (i % 2) as i64 * 10_000,
        }),
        office: Some("Bauamt"),
        doc_type: None,
        // Every third page is of a confidential record (005 vertraulich).
        confidentiality: if i.is_multiple_of(3) { "005" } else { "003" },
        personal_data: false,
        words: None,
    }
}

#[test]
fn totals_stop_at_the_bound_and_hidden_pages_never_count() {
    let dir = tempfile::tempdir().expect("tempdir");
    let index = SearchIndex::create_dir(dir.path()).expect("index");
    let pages = COUNT_BOUND * 3 / 2 + 30;
    {
        let mut indexer = index.indexer().expect("writer");
        for i in 0..pages {
            // Every page says Antrag; every tenth also the rare word Einzelgarage; every
            // hundredth holds Anträge (a stem hit) instead of Antrag.
            let text = match (i % 10, i % 100) {
                (_, 50) => format!("Anträge Nummer {i}"),
                (0, _) => format!("Antrag Einzelgarage Nummer {i}"),
                _ => format!("Antrag Nummer {i}"),
            };
            let doc = format!("d{i}");
            indexer.add(&page(i, &text, &doc)).expect("page");
        }
        indexer.finish().expect("commit");
    }
    let index = SearchIndex::open_dir(dir.path()).expect("open");
    let no_words = |_: &str, _: u64| None;
    let visible = |id: &str| {
        id[1..]
            .parse::<usize>()
            .map(|i| i % 3 != 0)
            .unwrap_or(false)
    };

    // A common word: more than the bound, counted to it, facets over the counted pages.
    let mut request = SearchRequest::new("Antrag");
    request.limit = 50;
    let r = index.search_with(&request, &no_words).expect("search");
    assert_eq!((r.total, r.total_exact), (COUNT_BOUND, false));
    assert_eq!(r.facets.plan.get("6").copied(), Some(COUNT_BOUND as u64));
    assert_eq!(r.facets.jahr.values().sum::<u64>(), COUNT_BOUND as u64);
    assert_eq!(r.hits.len(), 50);
    assert!(
        r.hits.iter().all(|h| visible(&h.document_id)),
        "a hidden page is a hit"
    );

    // A rarer word: counted exactly, hidden pages left out of total and facets.
    let r = index
        .search_with(&SearchRequest::new("Einzelgarage"), &no_words)
        .expect("search");
    let garage = |i: &usize| i.is_multiple_of(10) && i % 100 != 50;
    let want = (0..pages).filter(|i| garage(i) && i % 3 != 0).count();
    assert_eq!((r.total, r.total_exact), (want, true));
    assert_eq!(r.facets.amt.get("Bauamt").copied(), Some(want as u64));

    // Whoever may see 005 sees the other pages too.
    let mut all = SearchRequest::new("Einzelgarage");
    all.confidentiality = vec!["003".into(), "005".into()];
    let r = index.search_with(&all, &no_words).expect("search");
    assert_eq!(r.total, (0..pages).filter(garage).count());

    // The stem tier after the exact one: every 1990 page with Antrag first, then those with
    // Anträge.
    let mut wide = SearchRequest::new("Antrag Nummer");
    wide.filters = vec!["jahr:1990".into()];
    wide.limit = 500;
    let r = index.search_with(&wide, &no_words).expect("search");
    assert!(r.total_exact, "{}", r.total);
    let stems: Vec<usize> = r
        .hits
        .iter()
        .enumerate()
        .filter(|(_, h)| {
            h.document_id[1..]
                .parse::<usize>()
                .is_ok_and(|i| i % 100 == 50)
        })
        .map(|(at, _)| at)
        .collect();
    assert!(!stems.is_empty(), "no Anträge page found");
    assert!(
        stems.iter().all(|&at| at >= r.hits.len() - stems.len()),
        "a stem hit ranks above an exact one: {stems:?} of {}",
        r.hits.len()
    );
}

#[test]
fn ocr_like_forms_are_searched_only_where_the_word_finds_few_pages() {
    let dir = tempfile::tempdir().expect("tempdir");
    let index = SearchIndex::create_dir(dir.path()).expect("index");
    let common = aktenscan_index::FUZZY_BELOW * 2;
    // `common` pages of 1987 say Antrag; of 1990 three say Antrag and four the OCR-garbled Antrug.
    let pages: Vec<(String, i64)> = (0..common)
        .map(|i| (format!("Antrag Nummer {i}"), 19870101))
        .chain((0..3).map(|i| (format!("Antrag Vorgang {i}"), 19900101)))
        .chain((0..4).map(|i| (format!("Antrug Vorgang {i}"), 19900101)))
        .collect();
    {
        let mut indexer = index.indexer().expect("writer");
        for (i, (text, date)) in pages.iter().enumerate() {
            let doc = format!("d{i}");
            let mut entry = page(i, text, &doc);
            entry.date = Some(*date);
            entry.confidentiality = "003";
            indexer.add(&entry).expect("page");
        }
        indexer.finish().expect("commit");
    }
    let index = SearchIndex::open_dir(dir.path()).expect("open");
    let no_words = |_: &str, _: u64| None;
    let garbled = |id: &str| {
        pages[id[1..].parse::<usize>().unwrap_or(0)]
            .0
            .starts_with("Antrug")
    };

    // The word as written finds many pages: its OCR-like forms are neither counted nor shown.
    let mut request = SearchRequest::new("Antrag");
    request.limit = common + 10;
    let r = index.search_with(&request, &no_words).expect("search");
    assert_eq!((r.total, r.total_exact), (common + 3, true));
    assert!(!r.hits.iter().any(|h| garbled(&h.document_id)));

    // Few pages of 1990 say Antrag: the garbled ones are found too, after them.
    request.filters = vec!["jahr:1990".into()];
    let r = index.search_with(&request, &no_words).expect("search");
    assert_eq!((r.total, r.total_exact), (7, true));
    let order: Vec<bool> = r.hits.iter().map(|h| garbled(&h.document_id)).collect();
    assert_eq!(order, [false, false, false, true, true, true, true]);
    // And by date as well.
    request.sort = aktenscan_index::Sort::Date;
    let r = index.search_with(&request, &no_words).expect("search");
    assert_eq!(r.hits.len(), 7);
}

#[test]
fn each_clearance_sees_its_own_pages_however_often_one_index_is_asked() {
    let dir = tempfile::tempdir().expect("tempdir");
    let index = SearchIndex::create_dir(dir.path()).expect("index");
    // Even pages of the Bauamt, odd ones of the Ordnungsamt; every fifth with personal data.
    let offices = ["Bauamt", "Ordnungsamt"];
    {
        let mut indexer = index.indexer().expect("writer");
        for i in 0..200 {
            let doc = format!("d{i}");
            let mut entry = page(i, "Antrag Nummer", &doc);
            entry.confidentiality = "003";
            entry.office = Some(offices[i % 2]);
            entry.personal_data = i % 5 == 0;
            indexer.add(&entry).expect("page");
        }
        indexer.finish().expect("commit");
    }
    let index = SearchIndex::open_dir(dir.path()).expect("open");
    let no_words = |_: &str, _: u64| None;
    let as_ = |clearance: Clearance| {
        let mut request = SearchRequest::new("Antrag");
        request.limit = 300;
        request.clearance = clearance;
        let r = index.search_with(&request, &no_words).expect("search");
        let mut hits: Vec<usize> = r
            .hits
            .iter()
            .map(|h| h.document_id[1..].parse().expect("id"))
            .collect();
        hits.sort();
        (r.total, hits)
    };
    let pages = |keep: &dyn Fn(usize) -> bool| -> (usize, Vec<usize>) {
        let v: Vec<usize> = (0..200).filter(|&i| keep(i)).collect();
        (v.len(), v)
    };
    let bau = Clearance::granted(&["Bauamt"], &[]);
    let ordnung = Clearance::granted(&["Ordnungsamt"], &[]);
    let mut ordnung_personal = ordnung.clone();
    ordnung_personal.personal_data = true;
    // Asked in turns, twice over: each answer is that clearance's own, never the one before.
    for _ in 0..2 {
        assert_eq!(as_(bau.clone()), pages(&|i| i % 2 == 0 && i % 5 != 0));
        assert_eq!(as_(ordnung.clone()), pages(&|i| i % 2 == 1 && i % 5 != 0));
        assert_eq!(as_(ordnung_personal.clone()), pages(&|i| i % 2 == 1));
        assert_eq!(as_(Clearance::granted(&["Kämmerei"], &[])), (0, Vec::new()));
        assert_eq!(as_(Clearance::owner()), pages(&|_| true));
    }
}

#[test]
fn facet_counts_are_those_of_the_matching_pages_across_segments_and_searches() {
    let dir = tempfile::tempdir().expect("tempdir");
    let index = SearchIndex::create_dir(dir.path()).expect("index");
    const OFFICES: [&str; 3] = ["Bauamt", "Ordnungsamt", "Kämmerei"];
    const TYPES: [&str; 2] = ["Antrag", "Bescheid"];
    // Page i: office by i % 3, year by i % 7, type by documents of four pages, unit by i % 5;
    // every page says Vorgang, every other one also Widerspruch.
    let text = |i: usize| {
        if i.is_multiple_of(2) {
            format!("Vorgang Widerspruch {i}")
        } else {
            format!("Vorgang {i}")
        }
    };
    let add = |from: usize, to: usize| {
        let mut indexer = index.indexer().expect("writer");
        for i in from..to {
            let (text, doc) = (text(i), format!("d{}", i / 4));
            let mut entry = page(i, &text, &doc);
            entry.confidentiality = "003";
            entry.office = Some(OFFICES[i % 3]);
            entry.date = Some((1980 + (i % 7) as i64) * 10_000 + 101);
            entry.doc_type = Some(TYPES[(i / 4) % 2]);
            entry.plan = Some(if i % 5 == 0 { "101.2" } else { "632.10" });
            indexer.add(&entry).expect("page");
        }
        indexer.commit().expect("commit");
    };
    let expect = |pages: usize, word: &str| {
        let mut amt = std::collections::BTreeMap::new();
        let mut jahr = std::collections::BTreeMap::new();
        let mut typ = std::collections::BTreeMap::new();
        let mut plan = std::collections::BTreeMap::new();
        for i in (0..pages).filter(|i| text(*i).contains(word)) {
            *amt.entry(OFFICES[i % 3].to_string()).or_insert(0u64) += 1;
            *jahr.entry((1980 + i % 7).to_string()).or_insert(0u64) += 1;
            *typ.entry(TYPES[(i / 4) % 2].to_string()).or_insert(0u64) += 1;
            let group = if i % 5 == 0 { "1" } else { "6" };
            *plan.entry(group.to_string()).or_insert(0u64) += 1;
        }
        (amt, jahr, typ, plan)
    };
    let no_words = |_: &str, _: u64| None;
    let counted = |word: &str| {
        index.refresh().expect("refresh");
        let r = index
            .search_with(&SearchRequest::new(word), &no_words)
            .expect("search");
        assert!(r.total_exact);
        (r.facets.amt, r.facets.jahr, r.facets.typ, r.facets.plan)
    };
    // Two segments, each searched twice (the second time from what the first worked out).
    add(0, 700);
    add(700, 1500);
    for word in ["Vorgang", "Widerspruch", "Vorgang", "Widerspruch"] {
        assert_eq!(counted(word), expect(1500, word), "{word}");
    }
    // A third segment: its pages count too.
    add(1500, 2000);
    for word in ["Widerspruch", "Vorgang"] {
        assert_eq!(counted(word), expect(2000, word), "{word}");
    }
}
