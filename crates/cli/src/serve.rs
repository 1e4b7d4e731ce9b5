//! `aktenscan serve`: runs the library as a shared server for the town hall's desks, and
//! `aktenscan account`: the accounts that may sign in to it.

use aktenscan_core::{AccountInput, AccountView, Workspace};
use aktenscan_model::{Clearance, Confidentiality, Role, Scope};
use anyhow::{bail, Context, Result};
use std::io::BufRead;
use std::net::SocketAddr;
use std::path::PathBuf;

#[derive(clap::Args)]
pub struct ServeArgs {
    /// Address and port to listen on; without TLS only 127.0.0.1 or ::1 (port 0: a free one).
    #[arg(long, default_value = "127.0.0.1:8443")]
    listen: SocketAddr,
    /// The largest request body accepted, in bytes (larger ones get 413).
    #[arg(long, default_value_t = 1 << 20)]
    max_body: usize,
    /// The largest file a desk may send into a record, in MB (larger ones get 413).
    #[arg(long, default_value_t = 200)]
    max_upload_mb: u64,
    /// Workspaces answering searches and page views side by side [default: two per core].
    #[arg(long)]
    readers: Option<usize>,
    /// OCR workers for files sent to the server [default: half the cores, at least one, so
    /// that searches keep a core].
    #[arg(long)]
    ocr_jobs: Option<usize>,
    /// Folder with Tesseract's models (*.traineddata) and pdf.ttf for what the server
    /// recognises and archives (desks that recognise their own pages need only pdf.ttf here).
    #[arg(long, env = "TESSDATA_PREFIX", default_value = aktenscan_ocr::DEFAULT_TESSDATA)]
    tessdata: PathBuf,
    /// Minutes without a request after which a session ends.
    #[arg(long, default_value_t = 30)]
    idle_minutes: u64,
    /// The built window for browsers (`ui/dist`); found beside the program or in the current
    /// folder when not given.
    #[arg(long)]
    ui: Option<PathBuf>,
    /// HTTPS: the certificate chain (PEM); with --tls-key. Then any address may be listened on.
    #[arg(long, requires = "tls_key")]
    tls_cert: Option<PathBuf>,
    /// HTTPS: the certificate's private key (PEM).
    #[arg(long, requires = "tls_cert")]
    tls_key: Option<PathBuf>,
}

/// The built window: `--ui`, else `ui/dist` in the current folder or the checkout the program
/// was built in, else the installed `share/aktenscan/ui`.
fn find_ui(given: Option<PathBuf>) -> Result<Option<PathBuf>> {
    if let Some(dir) = given {
        if !dir.join("index.html").is_file() {
            bail!(
                "{}: keine gebaute Oberfläche (index.html fehlt); `make ui` baut sie nach ui/dist",
                dir.display()
            );
        }
        return Ok(Some(dir));
    }
    let exe = std::env::current_exe().ok();
    let exe_dir = exe.as_deref().and_then(|e| e.parent());
    let candidates = [
        Some(PathBuf::from("ui/dist")),
        exe_dir.map(|d| d.join("../../ui/dist")),
        exe_dir.map(|d| d.join("../share/aktenscan/ui")),
    ];
    Ok(candidates
        .into_iter()
        .flatten()
        .find(|d| d.join("index.html").is_file())
        .and_then(|d| d.canonicalize().ok()))
}

pub fn serve(ws: Workspace, args: ServeArgs) -> Result<()> {
    let root = ws.root().display().to_string();
    let mut options = aktenscan_server::ServerOptions::new(args.listen);
    options.body_limit = args.max_body;
    options.upload_limit = args.max_upload_mb << 20;
    if let Some(n) = args.readers {
        options.readers = n.max(1);
    }
    if let Some(n) = args.ocr_jobs {
        options.ingest.jobs = n.max(1);
    }
    options.ingest.ocr.tessdata = args.tessdata;
    options.policy.idle = std::time::Duration::from_secs(args.idle_minutes * 60);
    options.ui = find_ui(args.ui)?;
    if let (Some(cert), Some(key)) = (args.tls_cert, args.tls_key) {
        options.tls = Some(aktenscan_server::TlsFiles { cert, key });
    }
    let scheme = if options.tls.is_some() {
        "https"
    } else {
        "http"
    };
    let ui = options.ui.clone();
    let accounts = ws.accounts()?.len();
    aktenscan_server::serve(ws, options, move |addr| {
        if scheme == "https" {
            println!("Aktenscan-Server für {root} hört auf https://{addr}/");
        } else {
            println!("Aktenscan-Server für {root} hört auf http://{addr}/ (ohne TLS nur diese Maschine; für die anderen Arbeitsplätze --tls-cert und --tls-key angeben)");
        }
        match &ui {
            Some(dir) => println!("Browser-Oberfläche aus {}", dir.display()),
            None => println!("Ohne Browser-Oberfläche (ui/dist nicht gefunden; `make ui`, --ui DIR): nur die JSON-API"),
        }
        if accounts == 0 {
            println!(
                "Noch kein Konto: aktenscan account set NAME --role administrator --password-stdin"
            );
        }
    })?;
    Ok(())
}

#[derive(clap::Subcommand)]
pub enum AccountCommand {
    /// Create or change an account. Nothing is visible to it but what is granted here.
    Set {
        /// The sign-in name (compared in lower case).
        name: String,
        /// leser, sachbearbeiter, archivar or administrator.
        #[arg(long)]
        role: Role,
        /// Read a new password from the first line of standard input (at least 10 characters).
        #[arg(long)]
        password_stdin: bool,
        /// An Organisationseinheit whose records the account sees (repeatable).
        #[arg(long = "office")]
        offices: Vec<String>,
        /// An Aktenplan unit whose records, and those below it, the account sees (repeatable).
        #[arg(long = "unit")]
        units: Vec<String>,
        /// Every record, whatever its office or unit (archivists, administrators).
        #[arg(long)]
        everything: bool,
        /// The most sensitive Vertraulichkeitsstufe it sees (xdomea code or name) [default: 003 offen].
        #[arg(long)]
        ceiling: Option<Confidentiality>,
        /// It may see records with personal data (Personenbezug).
        #[arg(long)]
        personal_data: bool,
        /// Disable the account: it cannot sign in, its sessions end.
        #[arg(long)]
        disabled: bool,
        #[arg(long)]
        json: bool,
    },
    /// List the accounts with their roles and grants.
    List {
        #[arg(long)]
        json: bool,
    },
}

pub fn account(ws: &mut Workspace, cmd: AccountCommand) -> Result<()> {
    match cmd {
        AccountCommand::Set {
            name,
            role,
            password_stdin,
            offices,
            units,
            everything,
            ceiling,
            personal_data,
            disabled,
            json,
        } => {
            let password = if password_stdin {
                let mut line = String::new();
                std::io::stdin()
                    .lock()
                    .read_line(&mut line)
                    .context("reading the password from standard input")?;
                let line = line.trim_end_matches(['\r', '\n']).to_string();
                if line.is_empty() {
                    bail!("--password-stdin: standard input gave no password");
                }
                Some(line)
            } else {
                None
            };
            let scope = if everything {
                Scope::Everything
            } else {
                Scope::Granted { offices, units }
            };
            let row = ws.set_account(&AccountInput {
                name,
                role,
                password,
                clearance: Clearance {
                    ceiling: ceiling.unwrap_or_default(),
                    personal_data,
                    scope,
                },
                disabled,
            })?;
            print_accounts(&[row], json)
        }
        AccountCommand::List { json } => print_accounts(&ws.accounts()?, json),
    }
}

fn print_accounts(rows: &[aktenscan_store::AccountRow], json: bool) -> Result<()> {
    if json {
        let list: Vec<AccountView> = rows.iter().cloned().map(AccountView::from).collect();
        println!("{}", serde_json::to_string_pretty(&list)?);
        return Ok(());
    }
    for a in rows {
        let scope = match &a.clearance.scope {
            Scope::Everything => "alle Akten".to_string(),
            Scope::Granted { offices, units } => format!(
                "Ämter [{}], Aktenplan [{}]",
                offices.join(", "),
                units.join(", ")
            ),
        };
        println!(
            "{}\t{}\t{}\tbis {} ({}){}{}",
            a.name,
            a.role,
            scope,
            a.clearance.ceiling.code(),
            a.clearance.ceiling.name(),
            if a.clearance.personal_data {
                ", mit Personenbezug"
            } else {
                ""
            },
            if a.disabled { ", gesperrt" } else { "" }
        );
    }
    Ok(())
}
