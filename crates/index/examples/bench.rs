//! Indexing and query benchmark on generated German administrative pages (deterministic from a
//! seed): pages/s, index size, peak RSS, and query latency p50/p99 for a fixed mix, for our
//! German analysis and, side by side on the same corpus, for Paperless-ngx's analyzer chain.
//! Also: 8 and 32 threads querying one index at once, and the anonymous RSS while indexing.
//! Run through `bench/run.sh`; `cargo run --release -p aktenscan-index --example bench -- PAGES
//! [SEED] [DIR] [--heap MB] [--threads N] [--merge-max PAGES] [--no-baseline] [--reuse]`.

use aktenscan_index::{PageEntry, SearchIndex, SearchRequest, WriterSettings};
use std::time::Instant;
use tantivy::collector::{Count, TopDocs};
use tantivy::query::QueryParser;
use tantivy::schema::{IndexRecordOption, Schema, TextFieldIndexing, TextOptions};
use tantivy::tokenizer::{
    AsciiFoldingFilter, Language, LowerCaser, SimpleTokenizer, Stemmer, TextAnalyzer,
};
use tantivy::{doc, Index};

/// splitmix64: a small deterministic generator.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

const MODIFIERS: &[&str] = &[
    "Bau",
    "Straßen",
    "Gemeinde",
    "Steuer",
    "Gewerbe",
    "Wasser",
    "Abwasser",
    "Grundstücks",
    "Friedhofs",
    "Schul",
    "Feuerwehr",
    "Verkehrs",
    "Haushalts",
    "Personal",
    "Wohnungs",
    "Kinder",
    "Sozial",
    "Jagd",
    "Forst",
    "Markt",
];
const HEADS: &[&str] = &[
    "antrag",
    "genehmigung",
    "satzung",
    "reinigung",
    "bescheid",
    "verwaltung",
    "ordnung",
    "gebühr",
    "abgabe",
    "planung",
    "vertrag",
    "beschluss",
    "protokoll",
    "verfahren",
    "aufsicht",
    "kasse",
    "amt",
    "ausschuss",
    "anlage",
    "verzeichnis",
];
const WORDS: &[&str] = &[
    "der",
    "die",
    "das",
    "und",
    "mit",
    "von",
    "für",
    "auf",
    "wird",
    "ist",
    "nach",
    "gemäß",
    "bei",
    "zur",
    "zum",
    "dem",
    "den",
    "eine",
    "einer",
    "wurde",
    "sind",
    "werden",
    "Antrag",
    "Bürgermeister",
    "Gemeinderat",
    "Sitzung",
    "Beschluss",
    "Grundstück",
    "Flurstück",
    "Gemarkung",
    "Eigentümer",
    "Frist",
    "Gebühren",
    "Bescheid",
    "Widerspruch",
    "Zustellung",
    "Verwaltung",
    "Einwohner",
    "öffentlichen",
    "schriftlich",
    "innerhalb",
    "Wochen",
    "Monaten",
    "beantragt",
    "erteilt",
    "genehmigt",
    "abgelehnt",
    "geprüft",
    "Unterlagen",
    "vollständig",
    "Stellungnahme",
    "Landkreis",
    "Kreises",
    "Straße",
    "Hausnummer",
    "Anlage",
    "Betrag",
    "Mark",
    "Euro",
    "Zahlung",
    "Konto",
    "Sparkasse",
    "Rechtsmittelbelehrung",
];
const NAMES: &[&str] = &[
    "Müller", "Hübner", "Schäfer", "Schulze", "Köhler", "Weiß", "Krüger", "Böhm", "Günther",
    "Jäger",
];
const STREETS: &[&str] = &[
    "Lindenstraße",
    "Schulstraße",
    "Dorfstraße",
    "Merseburger Straße",
    "Kirchweg",
    "Am Anger",
];
const OFFICES: &[&str] = &[
    "Hauptamt",
    "Bauamt",
    "Ordnungsamt",
    "Kämmerei",
    "Standesamt",
];
const TYPES: &[&str] = &[
    "Antrag",
    "Bescheid",
    "Schreiben",
    "Protokoll",
    "Beschluss",
    "Plan",
];
const UNITS: &[&str] = &[
    "022.31", "632.10", "632.20", "660.00", "700.10", "911.00", "121.05", "470.30",
];

/// Function words, most frequent first (about 45 % of the words of German administrative text).
const FUNCTION_WORDS: &[&str] = &[
    "der", "die", "und", "in", "den", "von", "zu", "das", "mit", "sich", "des", "auf", "für",
    "ist", "im", "dem", "nicht", "ein", "eine", "als", "auch", "es", "an", "werden", "aus", "er",
    "hat", "dass", "sie", "nach", "wird", "bei", "einer", "um", "am", "sind", "noch", "wie",
    "einem", "über", "einen", "so", "zum", "war", "haben", "nur", "oder", "aber", "vor", "zur",
    "bis", "mehr", "durch", "man", "gemäß", "wurde", "hiermit",
];

/// Picks ranks 0..n with probability proportional to 1 / (rank + 1)^s (Zipf's law).
struct Zipf {
    cumulative: Vec<f64>,
}

impl Zipf {
    fn new(n: usize, s: f64) -> Zipf {
        let mut total = 0.0;
        let cumulative = (0..n)
            .map(|r| {
                total += 1.0 / ((r + 1) as f64).powf(s);
                total
            })
            .collect();
        Zipf { cumulative }
    }

    fn sample(&self, rng: &mut Rng) -> usize {
        let total = self.cumulative.last().copied().unwrap_or(0.0);
        let u = (rng.next() >> 11) as f64 / (1u64 << 53) as f64 * total;
        self.cumulative
            .partition_point(|&c| c < u)
            .min(self.cumulative.len() - 1)
    }
}

/// The words pages are made of, each list in a seeded Zipf order: function words; the
/// administrative vocabulary (terms, every modifier + head compound, names, streets); and a long
/// tail from the German word list (`wngerman`), or made-up words where it is missing.
struct Vocabulary {
    function: (Vec<String>, Zipf),
    domain: (Vec<String>, Zipf),
    tail: (Vec<String>, Zipf),
}

fn shuffle<T>(items: &mut [T], rng: &mut Rng) {
    for i in (1..items.len()).rev() {
        items.swap(i, rng.below(i + 1));
    }
}

impl Vocabulary {
    fn new(seed: u64) -> Vocabulary {
        let mut rng = Rng(seed ^ 0x5eed);
        let function: Vec<String> = FUNCTION_WORDS.iter().map(|w| w.to_string()).collect();
        let mut domain: Vec<String> = WORDS
            .iter()
            .chain(NAMES)
            .chain(STREETS)
            .map(|w| w.to_string())
            .collect();
        for m in MODIFIERS {
            for h in HEADS {
                domain.push(format!("{m}{h}"));
            }
        }
        shuffle(&mut domain, &mut rng);
        let mut tail: Vec<String> = std::fs::read_to_string("/usr/share/dict/ngerman")
            .map(|list| {
                list.lines()
                    .filter(|w| w.chars().count() >= 5 && w.chars().all(char::is_alphabetic))
                    .map(str::to_string)
                    .collect()
            })
            .unwrap_or_default();
        if tail.is_empty() {
            const SYLLABLES: &[&str] = &[
                "ber", "gen", "lich", "keit", "hal", "sto", "ran", "mel", "dor", "wa", "tun",
                "ste", "ver", "ung", "ker", "bau", "land", "rei", "sel", "fur",
            ];
            for i in 0..60_000usize {
                let mut w = String::new();
                let mut x = i + 7;
                for _ in 0..3 {
                    w.push_str(SYLLABLES[x % SYLLABLES.len()]);
                    x /= SYLLABLES.len();
                }
                tail.push(w);
            }
        }
        shuffle(&mut tail, &mut rng);
        tail.truncate(60_000);
        let zipf = |v: Vec<String>, s: f64| {
            let z = Zipf::new(v.len(), s);
            (v, z)
        };
        Vocabulary {
            function: zipf(function, 1.0),
            domain: zipf(domain, 1.0),
            tail: zipf(tail, 1.0),
        }
    }

    fn word<'a>(&'a self, rng: &mut Rng) -> &'a str {
        let (list, zipf) = match rng.below(100) {
            0..=44 => &self.function,
            45..=71 => &self.domain,
            _ => &self.tail,
        };
        &list[zipf.sample(rng)]
    }
}

/// One generated page: running text with compounds, names, streets, dates and an Aktenzeichen.
fn page_text(rng: &mut Rng, vocabulary: &Vocabulary, az: &str, year: usize) -> String {
    let mut s = String::with_capacity(2400);
    for line in 0..40 {
        for _ in 0..8 {
            if rng.below(50) == 0 {
                s.push_str(&format!(
                    "{:02}.{:02}.{year}",
                    1 + rng.below(28),
                    1 + rng.below(12)
                ));
            } else {
                s.push_str(vocabulary.word(rng));
            }
            s.push(' ');
        }
        if line == 3 {
            s.push_str("Aktenzeichen: ");
            s.push_str(az);
        }
        s.push('\n');
    }
    s
}

fn peak_rss_mb() -> f64 {
    status_mb("VmHWM:")
}

/// Memory of the process that is not mapped from files (the index files are mapped).
fn anon_rss_mb() -> f64 {
    status_mb("RssAnon:")
}

fn status_mb(key: &str) -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| s.lines().find(|l| l.starts_with(key)).map(str::to_string))
        .and_then(|l| {
            l.split_whitespace()
                .nth(1)
                .and_then(|kb| kb.parse::<f64>().ok())
        })
        .map_or(0.0, |kb| kb / 1024.0)
}

fn dir_size(dir: &std::path::Path) -> u64 {
    std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .flatten()
                .filter_map(|e| e.metadata().ok())
                .map(|m| m.len())
                .sum()
        })
        .unwrap_or(0)
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    sorted[((sorted.len() - 1) as f64 * p).round() as usize]
}

/// The generated corpus: every page with its record's fields.
struct Page {
    document_id: String,
    record_id: String,
    page: u64,
    text: String,
    title: String,
    az: String,
    unit: &'static str,
    year: usize,
    record: usize,
}

fn pages(count: usize, seed: u64) -> impl Iterator<Item = Page> {
    let mut rng = Rng(seed);
    let vocabulary = Vocabulary::new(seed);
    (0..count).map(move |p| {
        let record = p / 20;
        let year = 1950 + record % 70;
        let unit = UNITS[record % UNITS.len()];
        let az = format!("{unit}/{year}-{:03}", record % 1000);
        Page {
            text: page_text(&mut rng, &vocabulary, &az, year),
            document_id: format!("d{}", p / 4),
            record_id: format!("r{record}"),
            page: (p % 4 + 1) as u64,
            title: format!(
                "{}{} {}",
                MODIFIERS[record % MODIFIERS.len()],
                HEADS[record % HEADS.len()],
                STREETS[record % STREETS.len()]
            ),
            az,
            unit,
            year,
            record,
        }
    })
}

/// The query mix: class and queries.
const MIX: &[(&str, &[&str])] = &[
    (
        "one term",
        &[
            "Antrag",
            "Satzung",
            "Müller",
            "Lindenstraße",
            "Reinigung",
            "Widerspruch",
        ],
    ),
    (
        "two terms",
        &[
            "Bauantrag Lindenstraße",
            "Straßenreinigung Gemeinderat",
            "Hübner Bescheid",
            "Steuer Frist",
        ],
    ),
    (
        "phrase",
        &["\"Merseburger Straße\"", "\"innerhalb Wochen\""],
    ),
    ("prefix", &["bau*", "reinig*", "genehm*"]),
    (
        "fuzzy (OCR)",
        &["Gemeindc", "Bürgermeifter", "Genehmignug", "Widerfpruch"],
    ),
    (
        "filter",
        &[
            "Antrag jahr:1980..1990",
            "Bescheid amt:Bauamt",
            "Satzung plan:632",
        ],
    ),
    ("identifier", &["121.05/1964-014", "1964-014"]),
];

/// Latencies of one query class: p50 and p99 over warm rounds, and the slowest first query
/// right after opening the index.
struct Latency {
    p50: f64,
    p99: f64,
    first: f64,
}

fn measure(
    queries: &[&str],
    open: &dyn Fn() -> Box<dyn Fn(&str) -> usize>,
) -> Result<Latency, Box<dyn std::error::Error>> {
    let mut first: f64 = 0.0;
    for q in queries {
        let search = open();
        let started = Instant::now();
        std::hint::black_box(search(q));
        first = first.max(started.elapsed().as_secs_f64() * 1000.0);
    }
    let search = open();
    let mut times = Vec::new();
    for round in 0..60 {
        for q in queries {
            let started = Instant::now();
            std::hint::black_box(search(q));
            if round > 0 {
                times.push(started.elapsed().as_secs_f64() * 1000.0);
            }
        }
    }
    times.sort_by(f64::total_cmp);
    Ok(Latency {
        p50: percentile(&times, 0.5),
        p99: percentile(&times, 0.99),
        first,
    })
}

/// Our index of the corpus: pages/s, size in MB, and the anonymous RSS after each tenth.
struct Built {
    rate: f64,
    size: f64,
    anon_rss: Vec<f64>,
}

/// Builds our index of the corpus.
fn index_ours(
    dir: &std::path::Path,
    count: usize,
    seed: u64,
    settings: WriterSettings,
) -> Result<Built, Box<dyn std::error::Error>> {
    let index = SearchIndex::create_dir(dir)?;
    let mut indexer = index.indexer_with(settings)?;
    let started = Instant::now();
    let mut anon_rss = Vec::new();
    let tenth = (count / 10).max(1);
    for (i, p) in pages(count, seed).enumerate() {
        indexer.add(&PageEntry {
            document_id: &p.document_id,
            record_id: &p.record_id,
            page: p.page,
            text: &p.text,
            title: &p.title,
            aktenzeichen: Some(&p.az),
            plan: Some(p.unit),
            date: Some((p.year * 10_000 + 101) as i64),
            office: Some(OFFICES[p.record % OFFICES.len()]),
            doc_type: Some(TYPES[(i / 4) % TYPES.len()]),
            confidentiality: "003",
            personal_data: false,
            words: None,
        })?;
        if (i + 1) % 100_000 == 0 {
            indexer.commit()?;
        }
        if (i + 1) % tenth == 0 {
            anon_rss.push(anon_rss_mb());
        }
    }
    indexer.finish()?;
    Ok(Built {
        rate: count as f64 / started.elapsed().as_secs_f64(),
        size: dir_size(dir) as f64 / 1e6,
        anon_rss,
    })
}

/// Queries per second and p99 latency of `threads` threads searching one index at once, each
/// running the whole mix `rounds` times.
fn concurrent(
    index: &SearchIndex,
    threads: usize,
    rounds: usize,
) -> Result<(f64, f64), Box<dyn std::error::Error>> {
    let no_words = |_: &str, _: u64| None;
    let started = Instant::now();
    let times: Vec<f64> = std::thread::scope(|s| {
        let workers: Vec<_> = (0..threads)
            .map(|t| {
                s.spawn(move || {
                    let mut times = Vec::new();
                    let queries: Vec<&str> =
                        MIX.iter().flat_map(|(_, q)| q.iter().copied()).collect();
                    for round in 0..rounds {
                        for i in 0..queries.len() {
                            // Each thread starts the mix at another query.
                            let q = queries[(i + t + round) % queries.len()];
                            let began = Instant::now();
                            let ok = index.search_with(&SearchRequest::new(q), &no_words).is_ok();
                            times.push(if ok {
                                began.elapsed().as_secs_f64() * 1000.0
                            } else {
                                f64::INFINITY
                            });
                        }
                    }
                    times
                })
            })
            .collect();
        workers
            .into_iter()
            .flat_map(|w| w.join().unwrap_or_default())
            .collect()
    });
    let elapsed = started.elapsed().as_secs_f64();
    let mut sorted = times;
    sorted.sort_by(f64::total_cmp);
    if sorted.is_empty() || sorted.iter().any(|t| t.is_infinite()) {
        return Err("a concurrent search failed".into());
    }
    Ok((sorted.len() as f64 / elapsed, percentile(&sorted, 0.99)))
}

/// The Paperless-ngx chain: simple tokenizer, lowercase, ASCII folding, Snowball German.
fn paperless_schema() -> (Schema, tantivy::schema::Field) {
    let mut builder = Schema::builder();
    let indexing = TextFieldIndexing::default()
        .set_tokenizer("paperless")
        .set_index_option(IndexRecordOption::WithFreqsAndPositions);
    let content = builder.add_text_field(
        "content",
        TextOptions::default().set_indexing_options(indexing),
    );
    (builder.build(), content)
}

fn paperless_open(index: &Index) {
    index.tokenizers().register(
        "paperless",
        TextAnalyzer::builder(SimpleTokenizer::default())
            .filter(LowerCaser)
            .filter(AsciiFoldingFilter)
            .filter(Stemmer::new(Language::German))
            .build(),
    );
}

fn index_paperless(
    dir: &std::path::Path,
    count: usize,
    seed: u64,
) -> Result<(f64, f64), Box<dyn std::error::Error>> {
    let (schema, content) = paperless_schema();
    let index = Index::create_in_dir(dir, schema)?;
    paperless_open(&index);
    let mut writer = index.writer::<tantivy::TantivyDocument>(200_000_000)?;
    let started = Instant::now();
    for (i, p) in pages(count, seed).enumerate() {
        writer.add_document(doc!(content => p.text))?;
        if (i + 1) % 100_000 == 0 {
            writer.commit()?;
        }
    }
    writer.commit()?;
    writer.wait_merging_threads()?;
    Ok((
        count as f64 / started.elapsed().as_secs_f64(),
        dir_size(dir) as f64 / 1e6,
    ))
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let count: usize = args
        .get(1)
        .map(|s| s.parse())
        .transpose()?
        .unwrap_or(100_000);
    let seed: u64 = args.get(2).map(|s| s.parse()).transpose()?.unwrap_or(1);
    let root = args
        .get(3)
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| std::env::temp_dir().join("aktenscan-bench-index"));
    let baseline = !args.iter().any(|a| a == "--no-baseline");
    let option = |name: &str| -> Option<usize> {
        let at = args.iter().position(|a| a == name)?;
        args.get(at + 1).and_then(|v| v.parse().ok())
    };
    let defaults = WriterSettings::default();
    let settings = WriterSettings {
        heap_bytes: option("--heap").map_or(defaults.heap_bytes, |mb| mb * 1_000_000),
        threads: option("--threads").unwrap_or(defaults.threads),
        max_docs_before_merge: option("--merge-max").unwrap_or(defaults.max_docs_before_merge),
    };
    // `--reuse`: query the indexes a previous run left in DIR (for profiling the query path).
    let reuse = args.iter().any(|a| a == "--reuse");
    let (ours_dir, theirs_dir) = (root.join("aktenscan"), root.join("paperless"));
    if !reuse {
        if root.exists() {
            std::fs::remove_dir_all(&root)?;
        }
        std::fs::create_dir_all(&theirs_dir)?;
    }
    if let Some(note) = aktenscan_index::word_list_note() {
        eprintln!("note: {note}");
    }

    let load_before = load_average();
    let built = if reuse {
        Built {
            rate: f64::NAN,
            size: dir_size(&ours_dir) as f64 / 1e6,
            anon_rss: Vec::new(),
        }
    } else {
        index_ours(&ours_dir, count, seed, settings)?
    };
    let (rate, size) = (built.rate, built.size);
    let rss = peak_rss_mb();
    // `--index-only`: one table row of the writer's figures (bench/writer-sweep.sh), no queries.
    if args.iter().any(|a| a == "--index-only") {
        let threads = match settings.threads {
            0 => "one per core".to_string(),
            n => n.to_string(),
        };
        let highest = built.anon_rss.iter().copied().fold(0.0, f64::max);
        let first = built.anon_rss.first().copied().unwrap_or(0.0);
        println!(
            "| {} MB | {threads} | {} | {rate:.0} | {size:.0} MB | {rss:.0} MB | {first:.0} → {highest:.0} MB |",
            settings.heap_bytes / 1_000_000,
            settings.max_docs_before_merge,
        );
        return Ok(());
    }
    let theirs = if baseline && !reuse {
        Some(index_paperless(&theirs_dir, count, seed)?)
    } else if baseline {
        Some((f64::NAN, dir_size(&theirs_dir) as f64 / 1e6))
    } else {
        None
    };
    println!(
        "\n{count} pages, seed {seed}; writer: {} MB heap, {} threads, segments merged up to {} pages\n",
        settings.heap_bytes / 1_000_000,
        if settings.threads == 0 { "one per core".to_string() } else { settings.threads.to_string() },
        settings.max_docs_before_merge
    );
    println!("| | aktenscan | paperless-ngx chain |");
    println!("|---|---|---|");
    let other = |f: &dyn Fn((f64, f64)) -> String| theirs.map_or("not run".into(), f);
    println!(
        "| indexing | {rate:.0} pages/s | {} |",
        other(&|t| format!("{:.0} pages/s", t.0))
    );
    println!(
        "| index size | {size:.0} MB | {} |",
        other(&|t| format!("{:.0} MB", t.1))
    );
    println!("| peak RSS after indexing | {rss:.0} MB | |");
    println!(
        "| anonymous RSS after indexing | {:.0} MB | |",
        anon_rss_mb()
    );
    if !built.anon_rss.is_empty() {
        let tenths: Vec<String> = built.anon_rss.iter().map(|m| format!("{m:.0}")).collect();
        println!(
            "| anonymous RSS at each tenth of the pages | {} MB | |",
            tenths.join(" / ")
        );
    }

    let no_words = |_: &str, _: u64| None;
    // `--each`: the latency of every query of the mix on its own (to see which one is slow).
    if args.iter().any(|a| a == "--each") {
        let index = SearchIndex::open_dir(&ours_dir)?;
        let only = std::env::var("BENCH_ONLY").ok();
        for (class, queries) in MIX {
            for q in *queries {
                if only.as_deref().is_some_and(|o| !q.contains(o)) {
                    continue;
                }
                let mut times = Vec::new();
                let mut total = 0;
                for _ in 0..30 {
                    let began = Instant::now();
                    total = index.search_with(&SearchRequest::new(*q), &no_words)?.total;
                    times.push(began.elapsed().as_secs_f64() * 1000.0);
                }
                times.sort_by(f64::total_cmp);
                println!(
                    "{class:<12} {q:<32} p50 {:6.2} ms  max {:6.2} ms  total {total}",
                    percentile(&times, 0.5),
                    percentile(&times, 1.0)
                );
            }
        }
        return Ok(());
    }
    let open_ours = || -> Box<dyn Fn(&str) -> usize> {
        match SearchIndex::open_dir(&ours_dir) {
            Ok(index) => Box::new(move |q: &str| {
                index
                    .search_with(&SearchRequest::new(q), &no_words)
                    .map_or(0, |r| r.total)
            }),
            Err(e) => panic!("cannot open the bench index: {e}"),
        }
    };
    let open_theirs = || -> Box<dyn Fn(&str) -> usize> {
        let index = match Index::open_in_dir(&theirs_dir) {
            Ok(index) => index,
            Err(e) => panic!("cannot open the baseline index: {e}"),
        };
        paperless_open(&index);
        let content = paperless_schema().1;
        let mut parser = QueryParser::for_index(&index, vec![content]);
        parser.set_conjunction_by_default();
        let reader = match index.reader() {
            Ok(r) => r,
            Err(e) => panic!("cannot read the baseline index: {e}"),
        };
        Box::new(move |q: &str| {
            // Paperless has no field filters of ours: only the words are searched.
            let words: Vec<&str> = q.split_whitespace().filter(|w| !w.contains(':')).collect();
            let Ok(query) = parser.parse_query(&words.join(" ")) else {
                return 0;
            };
            reader
                .searcher()
                .search(&query, &(TopDocs::with_limit(20).order_by_score(), Count))
                .map_or(0, |(_, n)| n)
        })
    };
    println!(
        "| query | ours p50 | ours p99 | ours first after open | paperless p50 | paperless p99 |"
    );
    println!("|---|---|---|---|---|---|");
    for (name, queries) in MIX {
        let ours = measure(queries, &open_ours)?;
        let theirs = if baseline {
            let t = measure(queries, &open_theirs)?;
            (format!("{:.2} ms", t.p50), format!("{:.2} ms", t.p99))
        } else {
            ("not run".into(), "not run".into())
        };
        println!(
            "| {name} | {:.2} ms | {:.2} ms | {:.2} ms | {} | {} |",
            ours.p50, ours.p99, ours.first, theirs.0, theirs.1
        );
    }
    let index = SearchIndex::open_dir(&ours_dir)?;
    let space: Vec<String> = index
        .space_by_field()?
        .into_iter()
        .map(|(field, bytes)| format!("{field} {:.1}", bytes as f64 / 1e6))
        .collect();
    println!("\nindex size by field (MB): {}", space.join(", "));
    println!("\n| threads searching one index at once | queries/s | p99 |");
    println!("|---|---|---|");
    for threads in [8, 32] {
        let (qps, p99) = concurrent(&index, threads, 5)?;
        println!("| {threads} | {qps:.0} | {p99:.1} ms |");
    }
    println!(
        "\npeak RSS at the end {:.0} MB; load average {load_before} before, {} after",
        peak_rss_mb(),
        load_average()
    );
    Ok(())
}

/// The first three fields of /proc/loadavg (1, 5 and 15 minutes).
fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .map(|l| l.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_else(|_| "unknown".into())
}
