//! Indexing and query benchmark on generated German administrative pages (deterministic from a
//! seed): pages/s, index size, peak RSS, and query latency p50/p99 for a fixed mix.
//! Run through `bench/run.sh`; `cargo run --release -p aktenscan-index --example bench -- PAGES [SEED] [DIR]`.

use aktenscan_index::{PageEntry, SearchIndex, SearchRequest};
use std::time::Instant;

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

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
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

/// One generated page: running text with compounds, names, streets, dates and an Aktenzeichen.
fn page_text(rng: &mut Rng, az: &str, year: usize) -> String {
    let mut s = String::with_capacity(2400);
    for line in 0..40 {
        for _ in 0..8 {
            let word = match rng.below(20) {
                0..=2 => format!("{}{}", rng.pick(MODIFIERS), rng.pick(HEADS)),
                3 => rng.pick(NAMES).to_string(),
                4 => rng.pick(STREETS).to_string(),
                5 => format!("{:02}.{:02}.{year}", 1 + rng.below(28), 1 + rng.below(12)),
                _ => rng.pick(WORDS).to_string(),
            };
            s.push_str(&word);
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
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .map(str::to_string)
        })
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

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let pages: usize = args
        .get(1)
        .map(|s| s.parse())
        .transpose()?
        .unwrap_or(100_000);
    let seed: u64 = args.get(2).map(|s| s.parse()).transpose()?.unwrap_or(1);
    let dir = args
        .get(3)
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| std::env::temp_dir().join("aktenscan-bench-index"));
    if dir.exists() {
        std::fs::remove_dir_all(&dir)?;
    }
    if let Some(note) = aktenscan_index::word_list_note() {
        eprintln!("note: {note}");
    }
    let index = SearchIndex::create_dir(&dir)?;
    let mut indexer = index.indexer()?;
    let mut rng = Rng(seed);
    let started = Instant::now();
    for p in 0..pages {
        let record = p / 20;
        let year = 1950 + record % 70;
        let unit = UNITS[record % UNITS.len()];
        let az = format!("{unit}/{year}-{:03}", record % 1000);
        let text = page_text(&mut rng, &az, year);
        let document_id = format!("d{}", p / 4);
        let record_id = format!("r{record}");
        let title = format!(
            "{}{} {}",
            MODIFIERS[record % MODIFIERS.len()],
            HEADS[record % HEADS.len()],
            STREETS[record % STREETS.len()]
        );
        indexer.add(&PageEntry {
            document_id: &document_id,
            record_id: &record_id,
            page: (p % 4 + 1) as u64,
            text: &text,
            title: &title,
            aktenzeichen: Some(&az),
            plan: Some(unit),
            date: Some((year * 10_000 + 101) as i64),
            office: Some(OFFICES[record % OFFICES.len()]),
            doc_type: Some(TYPES[(p / 4) % TYPES.len()]),
            confidentiality: "003",
            personal_data: false,
        })?;
        if (p + 1) % 100_000 == 0 {
            indexer.commit()?;
        }
    }
    indexer.commit()?;
    drop(indexer);
    let secs = started.elapsed().as_secs_f64();
    let index = SearchIndex::open_dir(&dir)?;
    println!(
        "indexed {pages} pages in {secs:.1} s: {:.0} pages/s, index {:.0} MB, peak RSS {:.0} MB",
        pages as f64 / secs,
        dir_size(&dir) as f64 / 1e6,
        peak_rss_mb()
    );

    let mix: &[(&str, &[&str])] = &[
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
            "fuzzy (OCR)",
            &["Gemeindc", "Bürgermeifter", "Genehmignug", "Widerfpruch"],
        ),
        (
            "phrase",
            &["\"Merseburger Straße\"", "\"innerhalb Wochen\""],
        ),
        (
            "filter",
            &[
                "Antrag jahr:1980..1990",
                "Bescheid amt:Bauamt",
                "Satzung plan:632",
            ],
        ),
        ("identifier", &["632.10/1987-014", "1987-014"]),
    ];
    let no_words = |_: &str, _: u64| None;
    for (name, queries) in mix {
        let mut times = Vec::new();
        for round in 0..60 {
            for q in *queries {
                let started = Instant::now();
                let r = index.search_with(&SearchRequest::new(*q), &no_words)?;
                let ms = started.elapsed().as_secs_f64() * 1000.0;
                if round > 0 {
                    times.push(ms);
                }
                std::hint::black_box(r.total);
            }
        }
        times.sort_by(f64::total_cmp);
        println!(
            "{name:<12} p50 {:>7.2} ms   p99 {:>7.2} ms",
            percentile(&times, 0.5),
            percentile(&times, 0.99)
        );
    }
    Ok(())
}
