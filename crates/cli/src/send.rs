//! `aktenscan send` and `aktenscan scan --server`: a desk whose library is the town hall's
//! server sends files, or a batch it scanned, into a record there (`aktenscan_client`); the
//! server recognises, archives and indexes them.

use crate::batch::SplitArgs;
use crate::scan::ScanArgs;
use aktenscan_client::{Batch, Server, Stored};
use aktenscan_core::{FileSent, OcrPlace, ScanEvent, ScannedForServer};
use aktenscan_pipeline::Settings;
use anyhow::{bail, Context, Result};
use std::io::BufRead;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// The server and who signs in to it.
#[derive(clap::Args)]
pub struct ServerArgs {
    /// The server's address, e.g. https://akten.schkopau.local:8443.
    #[arg(long, env = "AKTENSCAN_SERVER")]
    pub server: Option<String>,
    /// The account to sign in as [default: the login name].
    #[arg(long, env = "AKTENSCAN_SERVER_USER")]
    user: Option<String>,
    /// Read the password from the first line of standard input (else AKTENSCAN_PASSWORD).
    #[arg(long)]
    password_stdin: bool,
    /// The certificate(s) to trust for the server (PEM), when it is not signed by a public CA.
    #[arg(long, env = "AKTENSCAN_CA_CERT")]
    ca_cert: Option<PathBuf>,
    /// Where pages are recognised: `server` (the server's queue) or `arbeitsplatz` (this
    /// desk's CPU and Tesseract: a scan's pages while the feeder runs, a file before it is
    /// sent; the text goes with the pages, and the server checks and stores it).
    #[arg(long, env = "AKTENSCAN_OCR", default_value = "server")]
    pub ocr: OcrPlace,
}

impl ServerArgs {
    /// The server given by the library (`AKTENSCAN_LIBRARY=https://…`), unless --server names
    /// one.
    pub fn or_server(&mut self, library: Option<String>) {
        if self.server.is_none() {
            self.server = library;
        }
    }
}

#[derive(clap::Args)]
pub struct SendArgs {
    /// Files to send (PDF, TIFF, PNG, JPEG); each becomes a document. With --batch: folders of
    /// batches scanned at this desk (each with its scan.json), each sent as one batch.
    #[arg(required = true)]
    paths: Vec<PathBuf>,
    /// The record on the server (its id).
    #[arg(long)]
    record: String,
    /// The paths are scanned batches (`aktenscan scan --server` keeps one that could not be
    /// sent in its outbox).
    #[arg(long)]
    batch: bool,
    /// With --batch: how the server splits each batch.
    #[command(flatten)]
    split: SplitArgs,
    #[command(flatten)]
    pub server: ServerArgs,
    /// Print the server's answers as JSON.
    #[arg(long)]
    json: bool,
}

/// Who signs in where: kept by a command that signs in again when its session ends.
#[derive(Clone)]
pub struct SignIn {
    url: String,
    user: String,
    password: String,
    ca_cert: Option<PathBuf>,
}

impl SignIn {
    pub fn url(&self) -> &str {
        &self.url
    }

    pub fn connect(&self) -> std::result::Result<Server, aktenscan_client::ClientError> {
        let mut server = Server::new(&self.url, self.ca_cert.as_deref())?;
        server.sign_in(&self.user, &self.password)?;
        Ok(server)
    }
}

impl ServerArgs {
    /// Signs in to the server.
    fn connect(&self) -> Result<Server> {
        let sign_in = self.sign_in()?;
        let server = sign_in
            .connect()
            .with_context(|| format!("Anmeldung als {} bei {}", sign_in.user, sign_in.url))?;
        if let Some(who) = server.signed_in() {
            eprintln!(
                "aktenscan: angemeldet bei {} als {} ({})",
                sign_in.url, who.name, who.rolle
            );
        }
        Ok(server)
    }

    /// The server, the account and its password (read once).
    pub fn sign_in(&self) -> Result<SignIn> {
        let Some(url) = &self.server else {
            bail!("kein Server angegeben: --server https://…, AKTENSCAN_SERVER oder AKTENSCAN_LIBRARY=https://…");
        };
        let user = match &self.user {
            Some(user) => user.clone(),
            None => std::env::var("USER").context("--user fehlt (und USER ist nicht gesetzt)")?,
        };
        let password = if self.password_stdin {
            let mut line = String::new();
            std::io::stdin()
                .lock()
                .read_line(&mut line)
                .context("reading the password from standard input")?;
            line.trim_end_matches(['\r', '\n']).to_string()
        } else {
            std::env::var("AKTENSCAN_PASSWORD").map_err(|_| {
                anyhow::anyhow!("kein Passwort: --password-stdin oder AKTENSCAN_PASSWORD")
            })?
        };
        Ok(SignIn {
            url: url.clone(),
            user,
            password,
            ca_cert: self.ca_cert.clone(),
        })
    }
}

/// Sends each path; one that is refused is reported and the rest go on. Exit 1 if any was
/// refused. With `--ocr arbeitsplatz` a batch's pages are recognised here first (`settings`).
pub fn send(args: SendArgs, settings: &Settings) -> Result<ExitCode> {
    let split = args.split.options();
    if split.active() && !args.batch {
        bail!(
            "--split und --duplex gelten nur mit --batch: einzelne Dateien werden je ein Dokument"
        );
    }
    let server = args.server.connect()?;
    let here = args.server.ocr == OcrPlace::Arbeitsplatz;
    let (answers, refused) = if args.batch {
        send_batches(&server, &args, settings, here)
    } else {
        send_single(&server, &args, settings, here)
    };
    if args.json {
        println!("{}", serde_json::to_string_pretty(&answers)?);
    }
    Ok(if refused > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// Sends each scanned batch folder of `args.paths` as one batch (recognised here first when
/// `here`); a batch stored is removed from the outbox. The answers, and how many were refused.
fn send_batches(
    server: &aktenscan_client::Server,
    args: &SendArgs,
    settings: &Settings,
    here: bool,
) -> (Vec<aktenscan_client::Stored>, usize) {
    let split = args.split.options();
    let (mut answers, mut refused) = (Vec::new(), 0);
    for path in &args.paths {
        let sent = read_batch(path, split).and_then(|mut batch| {
            if here {
                batch.recognised = recognise_here(&batch.pages, settings, "Seite(n)");
            }
            Ok(server.send_batch(&args.record, &batch)?)
        });
        match sent {
            Ok(stored) => {
                if !args.json {
                    say(path, &stored);
                }
                refused += usize::from(!stored.fehler.is_empty());
                remove_sent(path, &stored);
                answers.push(stored);
            }
            Err(e) => {
                refused += 1;
                eprintln!("aktenscan: {}: nicht gespeichert: {e:#}", path.display());
            }
        }
    }
    (answers, refused)
}

/// Sends each file of `args.paths` as a document of its own ([`aktenscan_core::send_files`],
/// recognised here first when `here`). The answers, and how many were refused.
fn send_single(
    server: &aktenscan_client::Server,
    args: &SendArgs,
    settings: &Settings,
    here: bool,
) -> (Vec<aktenscan_client::Stored>, usize) {
    let (mut answers, mut refused) = (Vec::new(), 0);
    let mut files = Vec::new();
    for path in &args.paths {
        if path.is_dir() {
            refused += 1;
            eprintln!(
                "aktenscan: {}: ein Ordner; die Dateien darin angeben (oder --batch für einen gescannten Stapel)",
                path.display()
            );
        } else {
            files.push(path.clone());
        }
    }
    let mut not_here = std::collections::HashSet::new();
    let never = std::sync::atomic::AtomicBool::new(false);
    aktenscan_core::send_files(
        server,
        &args.record,
        &files,
        here.then_some(settings),
        &mut |event| match event {
            FileSent::Recognised { error: None, .. } | FileSent::Sending { .. } => {}
            FileSent::Recognised {
                file,
                error: Some(e),
            } => {
                eprintln!(
                    "aktenscan: {}: hier nicht erkannt ({e}); der Server erkennt sie",
                    file.display()
                );
                not_here.insert(file.to_path_buf());
            }
            FileSent::Stored { file, stored } => {
                if !args.json {
                    say(file, stored);
                }
                refused += usize::from(!stored.fehler.is_empty());
                answers.push(stored.clone());
            }
            FileSent::Failed { file, error } => {
                refused += 1;
                // The server's refusal and a file's error name the file already.
                match error {
                    aktenscan_client::ClientError::Refused { .. }
                    | aktenscan_client::ClientError::File { .. }
                    | aktenscan_client::ClientError::TooLarge { .. } => {
                        eprintln!("aktenscan: {error}")
                    }
                    _ => eprintln!("aktenscan: {}: nicht gespeichert: {error}", file.display()),
                }
            }
        },
        &never,
    );
    if here {
        // Counted by what went to the server: a file without its text was recognised there.
        eprintln!(
            "aktenscan: {} von {} Datei(en) an diesem Arbeitsplatz erkannt",
            files.len() - not_here.len(),
            files.len()
        );
    }
    (answers, refused)
}

/// Recognises a batch's pages at this desk (`--ocr arbeitsplatz` of a batch from the outbox),
/// saying how many were recognised; a page that could not be is left to the server.
fn recognise_here(
    pages: &[PathBuf],
    settings: &Settings,
    unit: &str,
) -> Vec<Option<aktenscan_model::RecognisedFile>> {
    let recognised = aktenscan_core::recognise_files(pages, settings, &mut |r| {
        if let Some(e) = &r.error {
            eprintln!(
                "aktenscan: {}: hier nicht erkannt ({e}); der Server erkennt sie",
                r.file.display()
            );
        }
    });
    // Counted by what goes to the server: a file without its text is recognised there.
    eprintln!(
        "aktenscan: {} von {} {unit} an diesem Arbeitsplatz erkannt",
        recognised.iter().flatten().count(),
        pages.len()
    );
    recognised
}

/// Scans a batch at this desk into the outbox and sends it as one batch into the record on
/// the server; with `--ocr arbeitsplatz` each page is recognised here while the feeder runs
/// (`settings`) and its text sent along. A batch that could not be sent stays in the outbox,
/// with the command that sends it again.
pub fn scan(
    args: &ScanArgs,
    server: &ServerArgs,
    outbox: Option<PathBuf>,
    json: bool,
    settings: &Settings,
) -> Result<ExitCode> {
    let Some(record) = &args.record else {
        bail!("--record fehlt: mit --server wird in eine Akte des Servers gescannt (ihre Id)");
    };
    if args.title.is_some() || args.aktenzeichen.is_some() {
        bail!("--title und --aktenzeichen gelten nicht mit --server: die Akte anlegen und mit --record angeben");
    }
    let remote = server.connect()?;
    remote
        .may_send(record)
        .with_context(|| format!("Akte {record} auf {}", remote.url()))?;
    let (profile, target) = args.session()?;
    let outbox = match outbox {
        Some(dir) => dir,
        None => aktenscan_client::default_outbox()
            .context("kein Ausgangsordner: --outbox DIR angeben (HOME ist nicht gesetzt)")?,
    };
    let stop = crate::cancel_on_ctrl_c();
    let here = (server.ocr == OcrPlace::Arbeitsplatz).then_some(settings);
    let mut on_event = |event: ScanEvent<'_>| match event {
        ScanEvent::Scanned { page, .. } if !json => eprintln!("aktenscan: Seite {page} gescannt"),
        ScanEvent::Recognised {
            file,
            error: Some(e),
            ..
        } => eprintln!(
            "aktenscan: {}: hier nicht erkannt ({e}); der Server erkennt sie",
            file.display()
        ),
        _ => {}
    };
    let ScannedForServer {
        batch: scanned,
        recognised,
    } = aktenscan_core::scan_for_server(&outbox, &profile, &target, here, &mut on_event, &stop)?;
    if let Some(advice) = aktenscan_core::stop_advice(&scanned, None) {
        eprintln!("aktenscan: {advice}");
    }
    let folder = scanned
        .request
        .paths
        .first()
        .cloned()
        .context("der Scanner hat keinen Ordner geschrieben")?;
    let batch = Batch {
        pages: scanned.protocol.files.clone(),
        protocol: scanned.protocol.clone(),
        split: scanned.request.split,
        recognised,
    };
    eprintln!(
        "aktenscan: {} Seite(n) werden an {} gesendet …",
        batch.pages.len(),
        remote.url()
    );
    match remote.send_batch(record, &batch) {
        Ok(stored) => {
            if json {
                println!("{}", serde_json::to_string_pretty(&stored)?);
            } else {
                say(&folder, &stored);
            }
            remove_sent(&folder, &stored);
            let stopped = scanned.stopped().is_some();
            Ok(if stopped || !stored.fehler.is_empty() {
                ExitCode::from(1)
            } else {
                ExitCode::SUCCESS
            })
        }
        Err(e) => {
            eprintln!(
                "aktenscan: der Stapel bleibt in {}; erneut senden mit:\n  {}",
                folder.display(),
                aktenscan_client::resend_command(remote.url(), record, &folder, &batch.split)
            );
            Err(e).context("Stapel nicht gesendet")
        }
    }
}

/// A batch folder as the scanner left it: its `scan.json` and the pages it names.
fn read_batch(folder: &Path, split: aktenscan_split::SplitOptions) -> Result<Batch> {
    let protocol_file = folder.join("scan.json");
    let text = std::fs::read_to_string(&protocol_file).with_context(|| {
        format!(
            "{}: kein gescannter Stapel (scan.json fehlt)",
            folder.display()
        )
    })?;
    let protocol: aktenscan_model::ScanProtocol = serde_json::from_str(&text)
        .with_context(|| format!("{}: kein Scanprotokoll", protocol_file.display()))?;
    let pages: Vec<PathBuf> = protocol
        .files
        .iter()
        .map(|f| folder.join(f.file_name().unwrap_or_default()))
        .collect();
    if pages.is_empty() {
        bail!("{}: der Stapel hat keine Seiten", folder.display());
    }
    Ok(Batch {
        pages,
        protocol,
        split,
        recognised: Vec::new(),
    })
}

fn say(path: &Path, stored: &Stored) {
    let pages: usize = stored.dokumente.iter().map(|d| d.seiten).sum();
    println!(
        "{}: Akte {}: {} Dokument(e), {} Seite(n) gespeichert und durchsuchbar",
        path.display(),
        stored.akte,
        stored.dokumente.len(),
        pages
    );
    for f in &stored.fehler {
        println!("  nicht gespeichert: {}: {}", f.datei, f.grund);
    }
}

/// Clears a sent batch from the outbox (`aktenscan_client::clear_sent`) and says so when it stays.
fn remove_sent(folder: &Path, stored: &Stored) {
    match aktenscan_client::clear_sent(folder, stored) {
        Ok(true) => {}
        Ok(false) if !stored.fehler.is_empty() => eprintln!(
            "aktenscan: {}: bleibt im Ausgang, weil der Server nicht jede Seite gespeichert hat",
            folder.display()
        ),
        Ok(false) => {}
        Err(e) => eprintln!("aktenscan: {}: nicht entfernt: {e}", folder.display()),
    }
}
