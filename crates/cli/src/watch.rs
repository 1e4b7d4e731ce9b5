//! `aktenscan watch DIR`: the hot folder as a command (see `aktenscan-hotfolder`), into the
//! library folder, or, at a desk whose library is the server, into a record on the server.

use crate::batch::SplitArgs;
use crate::send::ServerArgs;
use aktenscan_core::Workspace;
use aktenscan_hotfolder::{Outcome, ServerDestination, WatchOptions};
use aktenscan_pipeline::Settings;
use anyhow::{bail, Context, Result};
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::atomic::AtomicBool;
use std::time::Duration;

#[derive(clap::Args)]
pub struct WatchArgs {
    /// The folder the scanners write to.
    pub dir: PathBuf,
    /// Seconds a file's size must stay the same before it is taken.
    #[arg(long, default_value_t = 5.0)]
    pub settle: f32,
    /// Seconds between full listings of the folder (for network shares without events).
    #[arg(long, default_value_t = 10.0)]
    pub rescan: f32,
    /// Take what is in the folder now (waiting until it is complete), then stop.
    #[arg(long)]
    pub once: bool,
    /// Title of each record made (the file name is added); default: the file name.
    #[arg(long, conflicts_with = "record")]
    pub title: Option<String>,
    /// Each file becomes a document of this record (its id) instead of a record of its own;
    /// required when the library is a server.
    #[arg(long)]
    pub record: Option<String>,
    #[command(flatten)]
    pub split: SplitArgs,
}

impl WatchArgs {
    fn options(&self) -> WatchOptions {
        WatchOptions {
            settle: Duration::from_secs_f32(self.settle.max(0.0)),
            rescan: Duration::from_secs_f32(self.rescan.max(0.1)),
            once: self.once,
            split: self.split.options(),
            title: self.title.clone(),
            record: self.record.clone(),
        }
    }
}

/// Watches into the library folder (recognised on this machine).
pub fn watch(
    ws: &mut Workspace,
    args: &WatchArgs,
    settings: &Settings,
    json: bool,
    cancel: &AtomicBool,
) -> Result<ExitCode> {
    let record = args
        .record
        .as_deref()
        .map(|r| ws.record_id(r))
        .transpose()?;
    let options = WatchOptions {
        record,
        ..args.options()
    };
    if !json {
        eprintln!(
            "aktenscan: überwache {} (Strg-C beendet)",
            args.dir.display()
        );
    }
    let mut failed = 0usize;
    let mut report = reporter(json, &mut failed);
    let mut progress = |_: &aktenscan_pipeline::Event| {};
    ws.watch(
        &args.dir,
        &options,
        settings,
        &mut progress,
        &mut report,
        cancel,
    )?;
    drop(report);
    Ok(exit(failed))
}

/// Watches and sends each file into a record on the server (recognised there). The session is
/// renewed when it ends; a server that does not answer keeps the files claimed until it does.
pub fn watch_server(
    args: &WatchArgs,
    remote: &ServerArgs,
    json: bool,
    settings: Settings,
    cancel: &AtomicBool,
) -> Result<ExitCode> {
    let Some(record) = args.record.clone() else {
        bail!("--record fehlt: am Server kommt jede Datei als Dokument in eine Akte (ihre Id)");
    };
    if args.split.options().active() {
        bail!("--split und --duplex gelten nicht am Server: jede Datei wird ein Dokument");
    }
    let sign_in = remote.sign_in()?;
    let url = sign_in.url().to_string();
    let connect = Box::new(move || sign_in.connect());
    let mut dest = ServerDestination::new(&record, connect)
        .with_context(|| format!("Akte {record} auf {url}"))?;
    let here = remote.ocr == aktenscan_core::OcrPlace::Arbeitsplatz;
    if here {
        dest = dest.recognising_here(settings);
    }
    if !json {
        eprintln!(
            "aktenscan: überwache {} und sende in die Akte {record} auf {url}{} (Strg-C beendet)",
            args.dir.display(),
            if here { ", hier erkannt" } else { "" }
        );
    }
    let mut failed = 0usize;
    let mut report = reporter(json, &mut failed);
    let waiting = aktenscan_core::watch_for_server(
        &args.dir,
        &args.options(),
        &mut dest,
        &mut report,
        cancel,
    )?;
    drop(report);
    if waiting && failed == 0 {
        eprintln!(
            "aktenscan: Dateien warten in {} auf den Server; der nächste Start sendet sie",
            args.dir.join(aktenscan_hotfolder::WORK_DIR).display()
        );
        // EX_TEMPFAIL: nothing is wrong with the files; try again later.
        return Ok(ExitCode::from(75));
    }
    Ok(exit(failed))
}

fn exit(failed: usize) -> ExitCode {
    if failed > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// Prints what became of each file (a line, or JSON) and counts the files not taken.
fn reporter(json: bool, failed: &mut usize) -> impl FnMut(&Outcome) + '_ {
    move |o: &Outcome| {
        if matches!(o, Outcome::Failed { .. }) {
            *failed += 1;
        }
        if json {
            if let Ok(line) = serde_json::to_string(o) {
                println!("{line}");
            }
            return;
        }
        match o {
            Outcome::Stored {
                file,
                record_id,
                documents,
                pages,
                ..
            } => println!("{file}: gespeichert als Akte {record_id} ({documents} Dokument(e), {pages} Seite(n))"),
            Outcome::Failed { file, moved_to, reason } => eprintln!(
                "aktenscan: {file}: nicht übernommen, nach {} verschoben: {reason}",
                moved_to.display()
            ),
            Outcome::Note { message } => eprintln!("aktenscan: {message}"),
            Outcome::Taken { file } => eprintln!("aktenscan: {file}: übernommen, wird erfasst"),
        }
    }
}
