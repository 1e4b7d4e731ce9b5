//! `aktenscan`: the command-line shell over the Aktenscan library, for batch work on a server.
//! Every command parses its arguments, calls one use case of `aktenscan-core` and prints the
//! result.

mod audit;
mod batch;
mod document;
mod export;
mod import;
mod record;
mod scan;
mod search;
mod send;
mod serve;
mod show;
mod suggest;
mod watch;

use aktenscan_core::Workspace;
use aktenscan_pipeline::{Event, IngestReport, IngestRequest, Settings};
use anyhow::{Context, Result};
use clap::{Parser, Subcommand};
use indicatif::{ProgressBar, ProgressStyle};
use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

/// mimalloc instead of glibc's allocator: `serve` allocates from many threads at once, where
/// glibc's arenas contend (measured in docs/benchmarks-server.md: a third more searches a
/// second, and half the memory).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Parser)]
#[command(
    name = "aktenscan",
    version,
    about = "Digitise paper records: OCR, PDF/A, ALTO, library"
)]
struct Cli {
    /// The library folder (created if missing).
    #[arg(long, global = true, env = "AKTENSCAN_LIBRARY")]
    library: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(clap::Args, Clone)]
pub(crate) struct Processing {
    /// Pages recognised in parallel (one Tesseract engine per worker) [default: number of cores].
    #[arg(long)]
    jobs: Option<usize>,
    /// Fixed Tesseract model(s), e.g. `deu`, `frk`, `deu+frk`; default: chosen per page by script.
    #[arg(long)]
    lang: Option<String>,
    /// Model(s) for the pages found to be Fraktur when no --lang is given. The default
    /// `frk+Fraktur` reads Fraktur better than `frk` alone (9.1 against 10.1 % CER on the
    /// benchmark corpus); `frk` is 1.3 to 1.5 times as fast on those pages (docs/benchmarks.md).
    /// [default: frk+Fraktur, or frk where the Fraktur script model is not installed]
    #[arg(long)]
    fraktur_model: Option<String>,
    /// Folder with Tesseract's models (*.traineddata) and pdf.ttf.
    #[arg(long, env = "TESSDATA_PREFIX", default_value = aktenscan_ocr::DEFAULT_TESSDATA)]
    tessdata: PathBuf,
    /// Refuse page images with more pixels than this.
    #[arg(long, default_value_t = 300_000_000)]
    max_pixels: u64,
    /// Print the result as JSON (no progress bar).
    #[arg(long)]
    pub(crate) json: bool,
}

#[derive(Subcommand)]
enum Command {
    /// Import images and PDFs (files or folders, recursively) into one record.
    Ingest {
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// Title of the new record.
        #[arg(long)]
        title: Option<String>,
        /// Aktenzeichen of the new record, e.g. 632.10/1987-014.
        #[arg(long)]
        aktenzeichen: Option<String>,
        /// Add the documents to this existing record instead.
        #[arg(long)]
        record: Option<String>,
        #[command(flatten)]
        split: batch::SplitArgs,
        #[command(flatten)]
        processing: Processing,
    },
    /// Watch a hot folder: each complete file becomes a record (or a document of --record),
    /// then moves to verarbeitet/ (or fehler/ with a .txt saying why). With a server (--server,
    /// or AKTENSCAN_LIBRARY=https://…) each file is sent into --record there.
    Watch {
        #[command(flatten)]
        args: watch::WatchArgs,
        #[command(flatten)]
        processing: Processing,
        #[command(flatten)]
        remote: send::ServerArgs,
    },
    /// List the scanners SANE finds.
    Scanners {
        #[arg(long)]
        json: bool,
    },
    /// Scan a batch from a SANE scanner (the whole feeder) into a record (with --server: into
    /// a record of the town hall's server, which recognises it).
    Scan {
        #[command(flatten)]
        args: scan::ScanArgs,
        #[command(flatten)]
        processing: Processing,
        #[command(flatten)]
        remote: send::ServerArgs,
        /// With --server: where the batch waits until it is sent
        /// [default: ~/.local/share/aktenscan/ausgang].
        #[arg(long)]
        outbox: Option<PathBuf>,
    },
    /// Send files (or scanned batches) into a record of the town hall's server, which
    /// recognises, archives and indexes them; no library on this desk.
    Send(send::SendArgs),
    /// Continue interrupted ingests.
    Resume {
        #[command(flatten)]
        processing: Processing,
    },
    /// List records and their documents.
    List {
        #[arg(long)]
        json: bool,
    },
    /// Show one record or document (full id or a unique prefix) with its files.
    Show {
        id: String,
        #[arg(long)]
        json: bool,
    },
    /// Print the recognised text of a document (pages separated by form feeds).
    Text {
        document: String,
        /// Only this page (1-based).
        #[arg(long)]
        page: Option<i64>,
    },
    /// Search the library (German words, phrases, filters; see `search --help`).
    Search(search::SearchArgs),
    /// Rebuild the search index from the store.
    Reindex {
        #[arg(long)]
        json: bool,
    },
    /// Export records as an xdomea 0503 Aussonderung or 0401 Abgabe (ZIP, optionally a bag).
    Export(export::ExportArgs),
    /// Change a record's metadata.
    #[command(subcommand)]
    Record(record::RecordCommand),
    /// Suggest metadata read from a record's pages: Aktenzeichen, Aktenplaneinheit, Laufzeit,
    /// Personenbezug, and per document Datum, Typ and Betreff, each with why and where.
    Suggest {
        /// The record (full id or unique prefix).
        record: String,
        #[arg(long)]
        json: bool,
    },
    /// Sichtkontrolle and scan protocol of a document.
    #[command(subcommand)]
    Document(document::DocumentCommand),
    /// Check the audit log.
    #[command(subcommand)]
    Audit(audit::AuditCommand),
    /// Run the library as the town hall's shared server (JSON API; see docs/api/openapi.yaml).
    Serve(serve::ServeArgs),
    /// The accounts that may sign in to the shared server.
    #[command(subcommand)]
    Account(serve::AccountCommand),
    /// List the Aktenplan (the library's aktenplan.json, else the sample plan), optionally
    /// only the units whose Kennzeichen or title contain a word.
    Aktenplan {
        /// Part of a Kennzeichen or title, e.g. 632 or Bau.
        filter: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Import an xdomea 0503/0401 package (ZIP, or a message XML with its files beside it).
    #[command(name = "import-xdomea")]
    ImportXdomea(import::ImportArgs),
}

fn main() -> ExitCode {
    aktenscan_ocr::restart_with_single_threaded_openmp();
    aktenscan_pages::quiet_leptonica();
    let cli = Cli::parse();
    if cli.command.only_reads() {
        end_quietly_on_a_closed_pipe();
    }
    match run(cli) {
        Ok(code) => code,
        Err(err) => {
            // A refused value in the user's language (AKTENSCAN_LANG or the locale).
            if let Some(aktenscan_core::CoreError::Invalid(problems)) =
                err.downcast_ref::<aktenscan_core::CoreError>()
            {
                let lang = aktenscan_model::i18n::Language::from_env();
                for p in problems {
                    eprintln!("aktenscan: error: {}", p.message_in(lang));
                }
            } else {
                eprintln!("aktenscan: error: {err:#}");
            }
            ExitCode::from(2)
        }
    }
}

impl Command {
    /// Commands that only read and print: a listing piped into `head`.
    fn only_reads(&self) -> bool {
        matches!(
            self,
            Command::List { .. }
                | Command::Show { .. }
                | Command::Text { .. }
                | Command::Search(_)
                | Command::Audit(_)
                | Command::Aktenplan { .. }
                | Command::Scanners { .. }
        )
    }
}

/// Lets the system end the process when its reader has gone (`aktenscan list | head -1`), as
/// it does grep or ls: Rust ignores SIGPIPE, and `println!` would panic on the closed pipe.
/// Only for commands that only read; one that changes the library finishes its work.
fn end_quietly_on_a_closed_pipe() {
    // SAFETY: sets a signal's disposition to its default at the start of main, before any
    // other thread exists; no handler is installed.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
}

fn open_library(path: Option<PathBuf>) -> Result<Workspace> {
    let path = path.context("no library given: use --library DIR or set AKTENSCAN_LIBRARY")?;
    if let Some(url) = aktenscan_client::server_address(&path) {
        anyhow::bail!(
            "{url} ist die Adresse eines Aktenscan-Servers, kein Bibliotheksordner: an einem \
             Arbeitsplatz des Servers scannen und senden `aktenscan scan` und `aktenscan send` \
             dorthin; alles andere im Browser oder in der App unter dieser Adresse"
        );
    }
    Workspace::open(&path).with_context(|| format!("cannot open the library at {}", path.display()))
}

fn run(cli: Cli) -> Result<ExitCode> {
    // A library that is a server address: scanning and sending go there.
    let library_server = cli
        .library
        .as_deref()
        .and_then(aktenscan_client::server_address);
    match cli.command {
        Command::Scanners { json } => return scan::scanners(json).map(|_| ExitCode::SUCCESS),
        Command::Send(mut args) => {
            args.server.or_server(library_server);
            return send::send(args, &desk_settings());
        }
        Command::Scan {
            args,
            processing,
            mut remote,
            outbox,
        } if remote.server.is_some() || library_server.is_some() => {
            remote.or_server(library_server);
            return send::scan(
                &args,
                &remote,
                outbox,
                processing.json,
                &settings(&processing)?,
            );
        }
        Command::Watch {
            args,
            processing,
            mut remote,
        } if remote.server.is_some() || library_server.is_some() => {
            remote.or_server(library_server);
            let settings = settings(&processing)?;
            return watch::watch_server(
                &args,
                &remote,
                processing.json,
                settings,
                &cancel_on_ctrl_c(),
            );
        }
        _ => {}
    }
    let mut ws = open_library(cli.library)?;
    match cli.command {
        Command::Scanners { .. } | Command::Send(_) => Ok(ExitCode::SUCCESS),
        Command::Scan {
            args, processing, ..
        } => {
            let (profile, target) = args.session()?;
            let json = processing.json;
            let mut on_event = |event: aktenscan_core::ScanEvent<'_>| {
                if json {
                    return;
                }
                match event {
                    aktenscan_core::ScanEvent::Scanned { page, .. } => {
                        eprintln!("aktenscan: Seite {page} gescannt")
                    }
                    aktenscan_core::ScanEvent::Recognised { page, error, .. } => match error {
                        None => eprintln!("aktenscan: Seite {page} erkannt"),
                        Some(e) => eprintln!("aktenscan: Seite {page} nicht erkannt: {e}"),
                    },
                }
            };
            let outcome = with_progress(&processing, |settings, progress, cancel| {
                ws.scan(&profile, &target, settings, &mut on_event, progress, cancel)
                    .map_err(|(batch, e)| {
                        if let Some(advice) =
                            batch.and_then(|b| aktenscan_core::stop_advice(&b, None))
                        {
                            eprintln!("aktenscan: {advice}");
                        }
                        e
                    })
            })?;
            if let Some(advice) = outcome.advice() {
                eprintln!("aktenscan: {advice}");
            }
            let stopped = outcome.batch.stopped().is_some();
            let reports = vec![outcome.report];
            if json {
                let mut value = serde_json::to_value(reports.first())?;
                if let Some(obj) = value.as_object_mut() {
                    obj.insert(
                        "scan".into(),
                        serde_json::to_value(&outcome.batch.protocol)?,
                    );
                }
                println!("{}", serde_json::to_string_pretty(&value)?);
                let bad = reports.iter().any(|r| !r.failed.is_empty() || r.cancelled);
                return Ok(if bad || stopped {
                    ExitCode::from(1)
                } else {
                    ExitCode::SUCCESS
                });
            }
            let code = finish(&reports, false, false)?;
            Ok(if stopped { ExitCode::from(1) } else { code })
        }
        Command::Ingest {
            paths,
            title,
            aktenzeichen,
            record,
            split,
            processing,
        } => {
            let request = IngestRequest {
                paths,
                title,
                aktenzeichen,
                record_id: record,
                split: split.options(),
                scan: None,
            };
            let reports = with_progress(&processing, |settings, progress, cancel| {
                ws.ingest(&request, settings, progress, cancel)
                    .map(|r| vec![r])
            })?;
            finish(&reports, processing.json, false)
        }
        Command::Watch {
            args, processing, ..
        } => {
            let settings = settings(&processing)?;
            let cancel = cancel_on_ctrl_c();
            watch::watch(&mut ws, &args, &settings, processing.json, &cancel)
        }
        Command::Resume { processing } => {
            let reports = with_progress(&processing, |settings, progress, cancel| {
                ws.resume(settings, progress, cancel)
            })?;
            finish(&reports, processing.json, true)
        }
        Command::List { json } => show::list(ws.library(), json).map(|_| ExitCode::SUCCESS),
        Command::Show { id, json } => {
            show::show(ws.library(), &id, json).map(|_| ExitCode::SUCCESS)
        }
        Command::Text { document, page } => {
            show::text(ws.library(), &document, page).map(|_| ExitCode::SUCCESS)
        }
        Command::Search(args) => search::search(&mut ws, args).map(|_| ExitCode::SUCCESS),
        Command::Reindex { json } => search::reindex(&mut ws, json).map(|_| ExitCode::SUCCESS),
        Command::Export(args) => export::export(&mut ws, args),
        Command::Record(cmd) => record::run(&mut ws, cmd),
        Command::Suggest { record, json } => {
            suggest::show(&ws, &record, json).map(|_| ExitCode::SUCCESS)
        }
        Command::Document(cmd) => document::run(&mut ws, cmd),
        Command::Audit(cmd) => audit::run(&ws, cmd),
        Command::Serve(args) => serve::serve(ws, args).map(|_| ExitCode::SUCCESS),
        Command::Account(cmd) => serve::account(&mut ws, cmd).map(|_| ExitCode::SUCCESS),
        Command::Aktenplan { filter, json } => {
            show::aktenplan(ws.library(), filter.as_deref(), json).map(|_| ExitCode::SUCCESS)
        }
        Command::ImportXdomea(args) => import::import(&mut ws, args),
    }
}

/// Runs an ingest with a terminal progress bar (unless `--json`) and Ctrl-C as "stop after the
/// pages in work; resume later".
pub(crate) fn with_progress<T>(
    p: &Processing,
    run: impl FnOnce(
        &Settings,
        &mut dyn aktenscan_pipeline::Progress,
        &AtomicBool,
    ) -> std::result::Result<T, aktenscan_core::CoreError>,
) -> Result<T> {
    let settings = settings(p)?;
    let cancel = cancel_on_ctrl_c();

    let show_bar = !p.json && std::io::stderr().is_terminal();
    let bar = ProgressBar::hidden();
    if show_bar {
        bar.set_draw_target(indicatif::ProgressDrawTarget::stderr());
    }
    bar.set_style(
        ProgressStyle::with_template("{bar:40} {pos}/{len} Seiten · {per_sec} · noch {eta} {msg}")
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    let json = p.json;
    let mut progress = |event: &Event| match event {
        Event::Planned { pages, .. } => bar.set_length(*pages as u64),
        Event::PageDone { .. } => bar.inc(1),
        Event::DocumentDone { source, .. } => bar.set_message(short(source)),
        Event::Searchable { document_id, .. } => {
            if !json && !show_bar {
                eprintln!("aktenscan: Dokument {document_id} durchsuchbar");
            }
        }
        Event::Failed { path, error } => {
            if !json {
                bar.suspend(|| eprintln!("aktenscan: {}: {error}", path.display()));
            }
        }
    };
    let reports = run(&settings, &mut progress, &cancel)?;
    bar.finish_and_clear();
    Ok(reports)
}

/// How a desk recognises a batch it sends (`send --batch --ocr arbeitsplatz`): every core,
/// the models chosen per page, from TESSDATA_PREFIX if set.
fn desk_settings() -> Settings {
    let mut settings = Settings::default();
    if let Some(dir) = std::env::var_os("TESSDATA_PREFIX") {
        settings.ocr.tessdata = PathBuf::from(dir);
    }
    settings
}

fn settings(p: &Processing) -> Result<Settings> {
    let mut settings = Settings::default();
    if let Some(j) = p.jobs {
        settings.jobs = j.max(1);
    }
    if let Some(model) = &p.fraktur_model {
        let installed = aktenscan_ocr::installed_models(&p.tessdata);
        if let Err(e) = aktenscan_ocr::check_models(model, &installed) {
            anyhow::bail!("--fraktur-model {model}: {e}");
        }
        settings.ocr.fraktur_model = Some(model.trim().to_string());
    }
    settings.ocr.lang = p.lang.clone();
    settings.ocr.tessdata = p.tessdata.clone();
    settings.limits.max_pixels = p.max_pixels;
    Ok(settings)
}

/// A flag set by the first Ctrl-C (stop after the pages in work); the second quits at once.
pub(crate) fn cancel_on_ctrl_c() -> Arc<AtomicBool> {
    let cancel = Arc::new(AtomicBool::new(false));
    let flag = cancel.clone();
    let _ = ctrlc::set_handler(move || {
        if flag.swap(true, Ordering::SeqCst) {
            std::process::exit(130);
        }
        eprintln!("\naktenscan: stopping after the pages in work (Ctrl-C again to quit at once); `aktenscan resume` continues");
    });
    cancel
}

fn short(path: &std::path::Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

fn finish(reports: &[IngestReport], json: bool, many: bool) -> Result<ExitCode> {
    let failed: usize = reports.iter().map(|r| r.failed.len()).sum();
    let cancelled = reports.iter().any(|r| r.cancelled);
    if json {
        let value = if many {
            serde_json::to_value(reports)?
        } else {
            reports
                .first()
                .map(serde_json::to_value)
                .transpose()?
                .unwrap_or_default()
        };
        println!("{}", serde_json::to_string_pretty(&value)?);
    } else {
        for r in reports {
            let pages: usize = r.documents.iter().map(|d| d.pages).sum();
            println!(
                "Akte {}: {} Dokument(e), {} Seite(n) gespeichert ({} in diesem Lauf erkannt)",
                r.record_id,
                r.documents.len(),
                pages,
                r.pages_processed
            );
            if let Some(split) = &r.split {
                println!(
                    "  {} Trennblatt/Trennblätter erkannt, {} leere Seite(n) ausgelassen (im Auftrag vermerkt)",
                    split.separators.len(),
                    split.dropped_blank.len()
                );
            }
        }
        if reports.is_empty() {
            println!("Nichts fortzusetzen: keine unterbrochene Erfassung.");
        }
        if failed > 0 {
            eprintln!("aktenscan: {failed} Datei(en) nicht übernommen (siehe oben); der Rest ist gespeichert.");
        }
        if cancelled {
            eprintln!("aktenscan: abgebrochen; `aktenscan resume` setzt fort.");
        }
    }
    Ok(if failed > 0 || cancelled {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}
