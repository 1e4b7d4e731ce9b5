//! `aktenscan watch DIR`: the hot folder as a command (see `aktenscan-hotfolder`).

use crate::batch::SplitArgs;
use aktenscan_core::Workspace;
use aktenscan_hotfolder::{Outcome, WatchOptions};
use aktenscan_pipeline::Settings;
use anyhow::Result;
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
    #[arg(long)]
    pub title: Option<String>,
    #[command(flatten)]
    pub split: SplitArgs,
}

pub fn watch(
    ws: &mut Workspace,
    args: &WatchArgs,
    settings: &Settings,
    json: bool,
    cancel: &AtomicBool,
) -> Result<ExitCode> {
    let options = WatchOptions {
        settle: Duration::from_secs_f32(args.settle.max(0.0)),
        rescan: Duration::from_secs_f32(args.rescan.max(0.1)),
        once: args.once,
        split: args.split.options(),
        title: args.title.clone(),
    };
    if !json {
        eprintln!(
            "aktenscan: überwache {} (Strg-C beendet)",
            args.dir.display()
        );
    }
    let mut failed = 0usize;
    let mut report = |o: &Outcome| {
        if matches!(o, Outcome::Failed { .. }) {
            failed += 1;
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
    };
    let mut progress = |_: &aktenscan_pipeline::Event| {};
    ws.watch(
        &args.dir,
        &options,
        settings,
        &mut progress,
        &mut report,
        cancel,
    )?;
    Ok(if failed > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}
