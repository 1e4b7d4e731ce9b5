//! The search commands: `search` (German full-text search with filters and facets) and
//! `reindex` (rebuild the index from the store).

use aktenscan_core::Workspace;
use aktenscan_index::{SearchRequest, SearchResults, Sort};
use anyhow::Result;
use indicatif::{ProgressBar, ProgressStyle};
use std::io::{IsTerminal, Write};

#[derive(clap::Args)]
pub struct SearchArgs {
    /// Words, "phrases", bau*, AND/OR/NOT, az:, jahr:1987, jahr:1980..1990, typ:, amt:, plan:632.
    query: String,
    /// Most hits to show.
    #[arg(long, default_value_t = 20)]
    limit: usize,
    /// A further filter, e.g. jahr:1990..1999 or amt:Bauamt (repeatable).
    #[arg(long)]
    filter: Vec<String>,
    /// Newest first instead of by relevance.
    #[arg(long)]
    by_date: bool,
    /// Confidentiality codes (xdomea) the searcher may see, comma-separated.
    #[arg(long, default_value = "003", value_delimiter = ',')]
    confidentiality: Vec<String>,
    /// Print the result as JSON.
    #[arg(long)]
    json: bool,
}

/// Opens the index, rebuilding it with a progress bar when needed.
fn open(ws: &mut Workspace, quiet: bool) -> Result<()> {
    note_word_list(quiet);
    let bar = progress_bar(quiet);
    let rebuilt = ws.open_index(&mut |done, total| {
        bar.set_length(total as u64);
        bar.set_position(done as u64);
    })?;
    bar.finish_and_clear();
    if let Some(reason) = rebuilt {
        if !quiet {
            eprintln!(
                "aktenscan: Suchindex neu aufgebaut ({reason}): {} Seite(n)",
                ws.indexed_pages()?
            );
        }
    }
    Ok(())
}

fn note_word_list(quiet: bool) {
    if let (false, Some(note)) = (quiet, aktenscan_index::word_list_note()) {
        eprintln!("aktenscan: note: {note}");
    }
}

fn progress_bar(quiet: bool) -> ProgressBar {
    if quiet || !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::new(0);
    bar.set_style(
        ProgressStyle::with_template("Suchindex {bar:40} {pos}/{len} Seiten · {per_sec}")
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    bar
}

pub fn search(ws: &mut Workspace, args: SearchArgs) -> Result<()> {
    open(ws, args.json)?;
    let request = SearchRequest {
        query: args.query,
        filters: args.filter,
        limit: args.limit,
        sort: if args.by_date {
            Sort::Date
        } else {
            Sort::Relevance
        },
        confidentiality: args.confidentiality,
        // The single desk: whoever runs the command owns the library folder.
        clearance: aktenscan_model::Clearance::owner(),
    };
    let results = ws.search(&request)?;
    // Written, not printed: a closed pipe (`| head`) is an error, not a panic.
    let mut out = std::io::stdout().lock();
    if args.json {
        writeln!(out, "{}", serde_json::to_string_pretty(&results)?)?;
    } else {
        print_human(&mut out, &results)?;
    }
    Ok(())
}

fn print_human(out: &mut impl Write, r: &SearchResults) -> std::io::Result<()> {
    let more = if r.total_exact { "" } else { "mehr als " };
    writeln!(
        out,
        "{more}{} Seite(n) gefunden ({} ms)",
        r.total, r.took_ms
    )?;
    for hit in &r.hits {
        let az = hit.aktenzeichen.as_deref().unwrap_or("–");
        writeln!(
            out,
            "\n{az}  {}  S. {}  [{}]",
            hit.title, hit.page, hit.document_id
        )?;
        writeln!(
            out,
            "    {}",
            hit.snippet.replace("<mark>", "»").replace("</mark>", "«")
        )?;
    }
    for (name, counts) in [
        ("Jahr", &r.facets.jahr),
        ("Aktenplan", &r.facets.plan),
        ("Amt", &r.facets.amt),
        ("Typ", &r.facets.typ),
    ] {
        if !counts.is_empty() {
            let list: Vec<String> = counts.iter().map(|(k, n)| format!("{k} ({n})")).collect();
            writeln!(out, "\n{name}: {}", list.join(", "))?;
        }
    }
    Ok(())
}

pub fn reindex(ws: &mut Workspace, json: bool) -> Result<()> {
    note_word_list(json);
    let bar = progress_bar(json);
    let started = std::time::Instant::now();
    let pages = ws.reindex(&mut |done, total| {
        bar.set_length(total as u64);
        bar.set_position(done as u64);
    })?;
    bar.finish_and_clear();
    let ms = started.elapsed().as_millis();
    if json {
        println!("{}", serde_json::json!({"pages": pages, "took_ms": ms}));
    } else {
        println!("Suchindex neu aufgebaut: {pages} Seite(n) in {ms} ms");
    }
    Ok(())
}
