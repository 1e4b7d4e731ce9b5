//! Measures the suggestions (bench/suggest.sh): precision and recall per field against the
//! expected metadata of a set of records laid out like `samples/` (`manifest.json`,
//! `ground-truth/fields.json`, the transcribed text), on the transcribed text and, with
//! `--library`, on the OCR text of the set ingested into that library; and the time per page.
//! Prints Markdown tables; `--name` labels the rows.

use aktenscan_core::{RecordSuggestions, Workspace};
use aktenscan_model::{Field, PageText};
use aktenscan_suggest::{Context, DocumentText, DocumentTypes};
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// Counts of one field: right, wrong (suggested but not the expected value), missed.
#[derive(Default, Clone, Copy)]
struct Count {
    right: usize,
    wrong: usize,
    missed: usize,
}

impl Count {
    fn precision(&self) -> f64 {
        let n = self.right + self.wrong;
        if n == 0 {
            1.0
        } else {
            self.right as f64 / n as f64
        }
    }
    fn recall(&self) -> f64 {
        let n = self.right + self.missed;
        if n == 0 {
            1.0
        } else {
            self.right as f64 / n as f64
        }
    }
}

/// The expected and suggested values of one run, field by field.
#[derive(Default)]
struct Tally {
    fields: BTreeMap<&'static str, Count>,
    /// What went wrong, for `--verbose`.
    misses: Vec<String>,
    pages: usize,
    took: Duration,
}

fn norm(s: &str) -> String {
    s.to_lowercase()
        .chars()
        .map(|c| if c.is_alphanumeric() { c } else { ' ' })
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Whether a suggested value is the expected one (a Betreff may carry a "hier: …" line more).
fn same(field: Field, want: &str, got: &str) -> bool {
    match field {
        Field::Title => {
            let (w, g) = (norm(want), norm(got));
            !w.is_empty() && (g == w || g.starts_with(&w))
        }
        _ => want.trim() == got.trim(),
    }
}

impl Tally {
    fn judge(&mut self, field: Field, want: Option<&str>, got: Option<&str>) {
        if !matches!((want, got), (Some(w), Some(g)) if same(field, w, g))
            && (want.is_some() || got.is_some())
        {
            self.misses
                .push(format!("{}: want {want:?}, got {got:?}", field.code()));
        }
        let c = self.fields.entry(field.code()).or_default();
        match (want, got) {
            (Some(w), Some(g)) if same(field, w, g) => c.right += 1,
            (Some(_), Some(_)) => {
                c.wrong += 1;
                c.missed += 1;
            }
            (None, Some(_)) => c.wrong += 1,
            (Some(_), None) => c.missed += 1,
            (None, None) => {}
        }
    }

    /// Personenbezug is judged as a yes/no: a suggestion "ja" where none is expected is a false
    /// positive, no suggestion where one is expected a miss.
    fn judge_flag(&mut self, key: &'static str, want: bool, got: bool) {
        if want != got {
            self.misses.push(format!("{key}: want {want}, got {got}"));
        }
        let c = self.fields.entry(key).or_default();
        match (want, got) {
            (true, true) => c.right += 1,
            (false, true) => c.wrong += 1,
            (true, false) => c.missed += 1,
            (false, false) => {}
        }
    }

    fn add(&mut self, expected: &Value, s: &RecordSuggestions, docs: &[(String, String)]) {
        self.misses.push(format!("== {}", s.record_id));
        let get = |f: Field| value_of(&s.suggestions, f);
        for f in [Field::Aktenzeichen, Field::AktenplanUnit, Field::Laufzeit] {
            self.judge(f, expected[f.code()].as_str(), get(f).as_deref());
        }
        self.judge_flag(
            "personal_data (Akte)",
            expected["personal_data"].as_bool().unwrap_or(false),
            get(Field::PersonalData).is_some(),
        );
        for (doc_id, file) in docs {
            self.misses.push(format!("-- {file}"));
            let want = &expected["documents"][file];
            let Some(d) = s.documents.iter().find(|d| &d.document_id == doc_id) else {
                continue;
            };
            let got = |f: Field| value_of(&d.suggestions, f);
            for f in [Field::DocDate, Field::DocType, Field::Title] {
                self.judge(f, want[f.code()].as_str(), got(f).as_deref());
            }
            self.judge_flag(
                "personal_data (Dokument)",
                want["personal_data"].as_bool().unwrap_or(false),
                !d.personal_data.is_empty(),
            );
        }
    }
}

/// The value suggested for a field, if any.
fn value_of(suggestions: &[aktenscan_core::Suggestion], f: Field) -> Option<String> {
    suggestions
        .iter()
        .find(|x| x.field == f)
        .map(|x| x.value.clone())
}

fn ground_truth_run(
    samples: &Path,
    expected: &Value,
    tally: &mut Tally,
) -> anyhow_lite::Result<()> {
    let manifest: Value =
        serde_json::from_str(&std::fs::read_to_string(samples.join("manifest.json"))?)?;
    let plan_json: Value =
        serde_json::from_str(&std::fs::read_to_string(samples.join("aktenplan.json"))?)?;
    let plan: Vec<(String, String)> = plan_json["entries"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|e| {
            Some((
                e["kennzeichen"].as_str()?.to_string(),
                e["titel"].as_str()?.to_string(),
            ))
        })
        .collect();
    let types = DocumentTypes::builtin();
    for record in manifest["records"].as_array().into_iter().flatten() {
        let dir = record["directory"].as_str().unwrap_or_default();
        let Some(want) = expected["records"].get(dir) else {
            continue;
        };
        // The other records' Aktenzeichen, as a library would know them.
        let known: Vec<String> = manifest["records"]
            .as_array()
            .into_iter()
            .flatten()
            .filter(|r| r["directory"] != record["directory"])
            .filter_map(|r| r["aktenzeichen"].as_str().map(str::to_string))
            .collect();
        let mut pages_of_docs = Vec::new();
        for f in record["files"].as_array().into_iter().flatten() {
            let name = f["name"].as_str().unwrap_or_default().to_string();
            let gt = samples.join(f["ground_truth"].as_str().unwrap_or_default());
            let text = std::fs::read_to_string(&gt)?;
            let pages: Vec<PageText> = text
                .split('\u{c}')
                .map(aktenscan_suggest::words::typed_page)
                .collect();
            pages_of_docs.push((name, pages));
        }
        let docs: Vec<DocumentText<'_>> = pages_of_docs
            .iter()
            .map(|(name, pages)| DocumentText {
                id: name,
                pages: pages
                    .iter()
                    .enumerate()
                    .map(|(i, p)| (i as i64 + 1, p))
                    .collect(),
                date: None,
            })
            .collect();
        let ctx = Context {
            known_aktenzeichen: &known,
            plan: &plan,
            types: &types,
            this_year: 2026,
        };
        let started = Instant::now();
        let s = aktenscan_suggest::suggest_record(&ctx, dir, &docs);
        tally.took += started.elapsed();
        tally.pages += pages_of_docs.iter().map(|(_, p)| p.len()).sum::<usize>();
        let ids: Vec<(String, String)> = pages_of_docs
            .iter()
            .map(|(n, _)| (n.clone(), n.clone()))
            .collect();
        tally.add(want, &s, &ids);
    }
    Ok(())
}

fn library_run(
    library: &Path,
    samples: &Path,
    expected: &Value,
    tally: &mut Tally,
) -> anyhow_lite::Result<()> {
    let manifest: Value =
        serde_json::from_str(&std::fs::read_to_string(samples.join("manifest.json"))?)?;
    let ws = Workspace::open(library).map_err(|e| e.to_string())?;
    let lib = ws.library();
    for record in manifest["records"].as_array().into_iter().flatten() {
        let dir = record["directory"].as_str().unwrap_or_default();
        let Some(want) = expected["records"].get(dir) else {
            continue;
        };
        let title = record["title"].as_str().unwrap_or_default();
        let Some(row) = lib
            .records()
            .map_err(|e| e.to_string())?
            .into_iter()
            .find(|r| r.title == title)
        else {
            return Err(format!(
                "{}: no record titled {title:?} (ingest the samples first)",
                library.display()
            )
            .into());
        };
        let docs = lib.documents(&row.id).map_err(|e| e.to_string())?;
        let ids: Vec<(String, String)> = docs
            .iter()
            .map(|d| {
                let file = Path::new(&d.source_path)
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default();
                (d.id.clone(), file)
            })
            .collect();
        let started = Instant::now();
        let s = ws.suggest_all(&row.id).map_err(|e| e.to_string())?;
        tally.took += started.elapsed();
        tally.pages += docs
            .iter()
            .map(|d| d.page_count.max(0) as usize)
            .sum::<usize>();
        tally.add(want, &s, &ids);
    }
    Ok(())
}

/// Errors as text, for an example binary.
mod anyhow_lite {
    pub type Result<T> = std::result::Result<T, Box<dyn std::error::Error>>;
}

fn table(runs: &[(&str, &Tally)]) -> String {
    let mut out = String::from(
        "| text | field | right | wrong | missed | precision | recall |\n| --- | --- | --: | --: | --: | --: | --: |\n",
    );
    for (name, t) in runs {
        for (field, c) in &t.fields {
            out.push_str(&format!(
                "| {name} | {field} | {} | {} | {} | {:.2} | {:.2} |\n",
                c.right,
                c.wrong,
                c.missed,
                c.precision(),
                c.recall()
            ));
        }
    }
    out.push_str("\n| text | pages | time | per page |\n| --- | --: | --: | --: |\n");
    for (name, t) in runs {
        out.push_str(&format!(
            "| {name} | {} | {:.1} ms | {:.2} ms |\n",
            t.pages,
            t.took.as_secs_f64() * 1000.0,
            t.took.as_secs_f64() * 1000.0 / t.pages.max(1) as f64
        ));
    }
    out
}

fn main() -> anyhow_lite::Result<()> {
    let mut samples = PathBuf::from("samples");
    let mut library = None;
    let mut name = String::from("samples");
    let mut verbose = false;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--samples" => samples = args.next().map(PathBuf::from).ok_or("--samples DIR")?,
            "--library" => library = Some(args.next().map(PathBuf::from).ok_or("--library DIR")?),
            "--name" => name = args.next().ok_or("--name LABEL")?,
            "--verbose" => verbose = true,
            other => {
                return Err(format!(
                    "unknown argument {other:?} (--samples DIR, --library DIR, --name LABEL)"
                )
                .into())
            }
        }
    }
    let expected: Value = serde_json::from_str(&std::fs::read_to_string(
        samples.join("ground-truth").join("fields.json"),
    )?)?;
    let mut gt = Tally::default();
    ground_truth_run(&samples, &expected, &mut gt)?;
    let mut ocr = Tally::default();
    let gt_name = format!("{name}: transcribed");
    let ocr_name = format!("{name}: OCR");
    let mut runs = vec![(gt_name.as_str(), &gt)];
    if let Some(lib) = &library {
        library_run(lib, &samples, &expected, &mut ocr)?;
        runs.push((ocr_name.as_str(), &ocr));
    }
    if verbose {
        for (n, t) in &runs {
            eprintln!("== {n}");
            for m in &t.misses {
                eprintln!("{m}");
            }
        }
    }
    println!("{}", table(&runs));
    Ok(())
}
