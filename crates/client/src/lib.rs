//! A desk's side of `aktenscan serve` (docs/api/openapi.yaml): signs in, sends files and the
//! pages of a scanned batch into a record of the shared library, saves an export the server
//! built, and signs out. Blocking, one request at a time; the server answers a sending once what
//! was sent is stored and searchable.

use aktenscan_model::ScanProtocol;
use aktenscan_split::SplitOptions;
use serde::Deserialize;
use std::fs::File;
use std::io::{Cursor, Read};
use std::path::{Path, PathBuf};
use std::time::Duration;
use ureq::tls::{Certificate, PemItem, RootCerts, TlsConfig};

/// What went wrong with the server, in words a clerk can act on.
#[derive(Debug, thiserror::Error)]
pub enum ClientError {
    #[error("{0}: keine Server-Adresse (http://… oder https://…)")]
    Address(String),
    #[error("Zertifikat {path}: {detail}")]
    Certificate { path: PathBuf, detail: String },
    #[error("der Server {url} antwortet nicht: {detail}")]
    Unreachable { url: String, detail: String },
    #[error("das Zertifikat des Servers {url} ist nicht vertrauenswürdig ({detail}); die Zertifizierungsstelle der Verwaltung installieren (update-ca-certificates) oder --ca-cert DATEI / AKTENSCAN_CA_CERT angeben")]
    Untrusted { url: String, detail: String },
    /// The server refused, with its German reason.
    #[error("{message} (HTTP {status})")]
    Refused { status: u16, message: String },
    #[error("{path}: {reason}")]
    File {
        path: PathBuf,
        reason: std::io::Error,
    },
    #[error("nicht angemeldet")]
    SignedOut,
    /// Larger than the server takes; told before a byte is sent.
    #[error("{what}: {size} MB, mehr als die {limit} MB, die der Server annimmt (aktenscan serve --max-upload-mb)")]
    TooLarge { what: String, size: u64, limit: u64 },
}

/// An xdomea package the server built and the desk saved.
#[derive(Debug, Clone)]
pub struct Exported {
    /// The ZIP in the chosen folder.
    pub zip: PathBuf,
    pub prozess_id: String,
    pub sha256: String,
    pub documents: usize,
}

/// A record the server would not export, and what it lacks.
#[derive(Debug, Clone, Deserialize)]
pub struct Missing {
    pub akte: String,
    pub probleme: Vec<String>,
}

/// What an export came to: saved, or refused for missing metadata (nothing written).
#[derive(Debug, Clone)]
pub enum ExportAnswer {
    Saved(Exported),
    Refused {
        message: String,
        missing: Vec<Missing>,
    },
}

impl ClientError {
    /// The HTTP status of a refusal.
    pub fn status(&self) -> Option<u16> {
        match self {
            ClientError::Refused { status, .. } => Some(*status),
            _ => None,
        }
    }
}

pub type Result<T> = std::result::Result<T, ClientError>;

/// Who the server says is signed in.
#[derive(Debug, Clone, Deserialize)]
pub struct SignedIn {
    pub name: String,
    pub rolle: String,
    #[serde(default)]
    token: String,
    /// The most bytes the server takes in one sending.
    #[serde(default)]
    sendegrenze: Option<u64>,
}

/// A document the server stored from what was sent.
#[derive(Debug, Clone, Deserialize, serde::Serialize)]
pub struct StoredDocument {
    pub id: String,
    pub seiten: usize,
}

/// A file the server could not read, and why.
#[derive(Debug, Clone, Deserialize, serde::Serialize)]
pub struct NotStored {
    pub datei: String,
    pub grund: String,
}

/// The server's answer to a sending: the record, the documents made, the files it refused.
#[derive(Debug, Clone, Deserialize, serde::Serialize)]
pub struct Stored {
    pub akte: String,
    pub dokumente: Vec<StoredDocument>,
    pub fehler: Vec<NotStored>,
}

/// The pages of a batch scanned at this desk, in scan order, with the scanner's protocol.
#[derive(Debug, Clone)]
pub struct Batch {
    pub pages: Vec<PathBuf>,
    pub protocol: ScanProtocol,
    pub split: SplitOptions,
    /// What this desk recognised of each page file (`--ocr arbeitsplatz`), in the order of
    /// `pages`; empty, or `None` for a file, where the server recognises.
    pub recognised: Vec<Option<aktenscan_model::RecognisedFile>>,
}

/// One server, and the session once signed in.
pub struct Server {
    agent: ureq::Agent,
    base: String,
    session: Option<SignedIn>,
    /// The session belongs to someone else ([`Server::with_token`]): not signed out on drop.
    borrowed: bool,
}

/// The library when it is a server address (`https://akten.schkopau.local:8443`), without a
/// trailing `/`; `None` for a folder. Where `AKTENSCAN_LIBRARY` names a server, a desk opens no
/// folder but talks to the server.
pub fn server_address(library: &Path) -> Option<String> {
    let text = library.to_str()?.trim();
    let lower = text.to_ascii_lowercase();
    (lower.starts_with("https://") || lower.starts_with("http://"))
        .then(|| text.trim_end_matches('/').to_string())
}

/// Debian's bundle of the certificates the machine trusts.
const SYSTEM_ROOTS: &str = "/etc/ssl/certs/ca-certificates.crt";

/// Where a desk keeps the batches it scanned until they are sent:
/// `$XDG_DATA_HOME/aktenscan/ausgang` (`~/.local/share/aktenscan/ausgang`).
pub fn default_outbox() -> Option<PathBuf> {
    let data = std::env::var_os("XDG_DATA_HOME")
        .filter(|d| !d.is_empty())
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".local/share")))?;
    Some(data.join("aktenscan").join("ausgang"))
}

impl Server {
    /// The server at `url` (`https://akten.schkopau.local:8443`); `ca_cert` is a PEM file with
    /// the certificate(s) to trust for it (a town hall's own CA, or the server's self-signed
    /// certificate), otherwise the public roots.
    pub fn new(url: &str, ca_cert: Option<&Path>) -> Result<Server> {
        let base = url.trim().trim_end_matches('/').to_string();
        if !(base.starts_with("https://") || base.starts_with("http://")) {
            return Err(ClientError::Address(url.to_string()));
        }
        let mut config = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .timeout_connect(Some(Duration::from_secs(10)))
            .user_agent(concat!("aktenscan/", env!("CARGO_PKG_VERSION")));
        // The given certificates, else the machine's own trust store (where a town hall's CA
        // is installed by update-ca-certificates), else the public roots built in.
        let roots = match ca_cert {
            Some(path) => Some(certificates(path)?),
            None => Path::new(SYSTEM_ROOTS)
                .is_file()
                .then(|| certificates(Path::new(SYSTEM_ROOTS)).ok())
                .flatten(),
        };
        if let Some(roots) = roots {
            config = config.tls_config(
                TlsConfig::builder()
                    .root_certs(RootCerts::new_with_certs(&roots))
                    .build(),
            );
        }
        Ok(Server {
            agent: config.build().into(),
            base,
            session: None,
            borrowed: false,
        })
    }

    /// The server at `url` with a session already signed in elsewhere (the app's window holds
    /// the token); the server says whose it is.
    pub fn with_token(url: &str, ca_cert: Option<&Path>, token: &str) -> Result<Server> {
        let mut server = Server::new(url, ca_cert)?;
        let response = server
            .agent
            .get(format!("{}/api/ich", server.base))
            .header("Authorization", format!("Bearer {token}"))
            .call()
            .map_err(|e| server.unreachable(e))?;
        let mut who: SignedIn = server.answer(response)?;
        who.token = token.to_string();
        server.session = Some(who);
        // The window's session is the window's to end.
        server.borrowed = true;
        Ok(server)
    }

    /// Who is signed in, if anyone.
    pub fn signed_in(&self) -> Option<&SignedIn> {
        self.session.as_ref()
    }

    /// The server's address.
    pub fn url(&self) -> &str {
        &self.base
    }

    /// Signs in by name and password (a local account, or the town hall's directory).
    pub fn sign_in(&mut self, name: &str, password: &str) -> Result<&SignedIn> {
        let body = serde_json::json!({ "name": name, "passwort": password }).to_string();
        let response = self
            .agent
            .post(format!("{}/api/anmelden", self.base))
            .header("Content-Type", "application/json")
            .send(body.as_str())
            .map_err(|e| self.unreachable(e))?;
        let signed: SignedIn = self.answer(response)?;
        Ok(self.session.insert(signed))
    }

    /// Ends the session on the server (the token is useless afterwards).
    pub fn sign_out(&mut self) {
        if let Some(session) = self.session.take() {
            let _ = self
                .agent
                .post(format!("{}/api/abmelden", self.base))
                .header("Authorization", format!("Bearer {}", session.token))
                .send_empty();
        }
    }

    /// Whether the signed-in person may send into the record: asked before a batch is scanned
    /// for it. The server answers with the same refusal a sending would get.
    pub fn may_send(&self, record: &str) -> Result<()> {
        let token = self.token()?;
        let mut response = self
            .agent
            .get(format!("{}/api/akten/{}/stapel", self.base, encode(record)))
            .header("Authorization", format!("Bearer {token}"))
            .call()
            .map_err(|e| self.unreachable(e))?;
        if response.status().as_u16() == 204 {
            let _ = response.body_mut().read_to_string();
            return Ok(());
        }
        self.answer::<serde_json::Value>(response).map(|_| ())
    }

    /// Sends one file into the record; each file is a document of its own. The answer comes
    /// once the server has recognised (unless this desk did: `recognised`), archived and
    /// indexed it.
    pub fn send_file(
        &self,
        record: &str,
        path: &Path,
        recognised: Option<&aktenscan_model::RecognisedFile>,
    ) -> Result<Stored> {
        self.send_file_named(record, path, &file_name(path), None, recognised)
    }

    /// [`Server::send_file`] under another name than the file's own (a hot folder's claimed
    /// file keeps the name it was dropped with), with the sending's own `key`: sent again with
    /// the same key (the first answer was lost), the server answers with what it stored then.
    /// With what this desk `recognised` of the file, the two go as one multipart request
    /// (`datei`, `erkennung`) and the server stores the text instead of recognising the file.
    pub fn send_file_named(
        &self,
        record: &str,
        path: &Path,
        name: &str,
        key: Option<&str>,
        recognised: Option<&aktenscan_model::RecognisedFile>,
    ) -> Result<Stored> {
        let token = self.token()?;
        let file = File::open(path).map_err(|reason| ClientError::File {
            path: path.to_path_buf(),
            reason,
        })?;
        let size = file.metadata().map(|m| m.len()).unwrap_or(0);
        // Too large a recognition is left out: the server recognises the file itself.
        let recognised = recognised
            .and_then(|r| serde_json::to_string(r).ok())
            .filter(|t| t.len() <= aktenscan_model::MAX_RECOGNITION_BYTES);
        let extra = recognised.as_ref().map_or(0, |t| t.len() as u64);
        self.fits(&path.display().to_string(), size + extra)?;
        let mut request = self
            .agent
            .post(format!(
                "{}/api/akten/{}/dokumente",
                self.base,
                encode(record)
            ))
            .query("name", name);
        if let Some(key) = key {
            request = request.query("schluessel", key);
        }
        let request = request.header("Authorization", format!("Bearer {token}"));
        let response = match recognised {
            Some(text) => {
                drop(file);
                let boundary = format!("aktenscan-{}", uuid::Uuid::new_v4().simple());
                let mut body = Multipart::new(&boundary);
                body.file("datei", name, LazyFile::new(path));
                body.text("erkennung", &text);
                let mut reader = body.finish();
                request
                    .header(
                        "Content-Type",
                        format!("multipart/form-data; boundary={boundary}"),
                    )
                    .send(ureq::SendBody::from_reader(&mut reader))
            }
            None => request
                .header("Content-Type", "application/octet-stream")
                .send(file),
        }
        .map_err(|e| self.unreachable(e))?;
        self.answer(response)
    }

    /// Sends the pages of a scanned batch into the record, as one request: they become one
    /// document (or several, split at separator sheets), with the batch's scan protocol.
    pub fn send_batch(&self, record: &str, batch: &Batch) -> Result<Stored> {
        let token = self.token()?;
        let recognised: Vec<Option<String>> = (0..batch.pages.len())
            .map(|i| {
                let file = batch.recognised.get(i)?.as_ref()?;
                serde_json::to_string(file)
                    .ok()
                    .filter(|t| t.len() <= aktenscan_model::MAX_RECOGNITION_BYTES)
            })
            .collect();
        let mut size: u64 = recognised.iter().flatten().map(|t| t.len() as u64).sum();
        for page in &batch.pages {
            size += std::fs::metadata(page)
                .map_err(|reason| ClientError::File {
                    path: page.clone(),
                    reason,
                })?
                .len();
        }
        self.fits(&format!("Stapel von {} Seite(n)", batch.pages.len()), size)?;
        let boundary = format!("aktenscan-{}", uuid::Uuid::new_v4().simple());
        let mut body = Multipart::new(&boundary);
        let protocol = serde_json::to_string(&batch.protocol).unwrap_or_default();
        body.text("protokoll", &protocol);
        body.text("trennblaetter", yes_no(batch.split.separators));
        body.text("duplex", yes_no(batch.split.duplex));
        body.text("leer", &batch.split.blank_ink.to_string());
        for (page, recognised) in batch.pages.iter().zip(&recognised) {
            // Opened when its turn comes: a feeder of 500 duplex sheets is 1000 files.
            body.file("seite", &file_name(page), LazyFile::new(page));
            // The page's own recognition follows it.
            if let Some(text) = recognised {
                body.text("erkennung", text);
            }
        }
        let mut reader = body.finish();
        let response = self
            .agent
            .post(format!("{}/api/akten/{}/stapel", self.base, encode(record)))
            .header("Authorization", format!("Bearer {token}"))
            .header(
                "Content-Type",
                format!("multipart/form-data; boundary={boundary}"),
            )
            .send(ureq::SendBody::from_reader(&mut reader))
            .map_err(|e| self.unreachable(e))?;
        self.answer(response)
    }

    /// Has the server build an xdomea package of the records (`format` `0503` or `0401`) and
    /// saves its ZIP into `out` (made if missing): written under a temporary name, checked
    /// against the SHA-256 the server names, synced, then renamed; a ZIP of that name is never
    /// overwritten. A record that lacks metadata comes back as [`ExportAnswer::Refused`].
    pub fn export(&self, records: &[String], format: &str, out: &Path) -> Result<ExportAnswer> {
        let token = self.token()?;
        let body = serde_json::json!({ "akten": records, "format": format }).to_string();
        let mut response = self
            .agent
            .post(format!("{}/api/export", self.base))
            .header("Authorization", format!("Bearer {token}"))
            .header("Content-Type", "application/json")
            .send(body.as_str())
            .map_err(|e| self.unreachable(e))?;
        let status = response.status().as_u16();
        if !(200..300).contains(&status) {
            let text = self.text(&mut response)?;
            let answer: serde_json::Value = serde_json::from_str(&text).unwrap_or_default();
            return match answer.get("fehlend") {
                Some(missing) if status == 422 => Ok(ExportAnswer::Refused {
                    message: answer["fehler"].as_str().unwrap_or_default().to_string(),
                    missing: serde_json::from_value(missing.clone()).unwrap_or_default(),
                }),
                _ => Err(refusal(status, &text)),
            };
        }
        let header = |name: &str| {
            response
                .headers()
                .get(name)
                .and_then(|v| v.to_str().ok())
                .unwrap_or_default()
                .to_string()
        };
        let prozess_id = header("x-aktenscan-prozess-id");
        let sha256 = header("x-aktenscan-sha256");
        let documents = header("x-aktenscan-dokumente").parse().unwrap_or(0);
        let name = package_name(&header("content-disposition"), &prozess_id);
        std::fs::create_dir_all(out).map_err(file_error(out))?;
        let zip = out.join(&name);
        let exists = |zip: PathBuf| ClientError::File {
            path: zip,
            reason: std::io::Error::new(
                std::io::ErrorKind::AlreadyExists,
                "gibt es schon; nichts wurde überschrieben",
            ),
        };
        if zip.exists() {
            return Err(exists(zip));
        }
        if sha256.is_empty() {
            return Err(ClientError::Refused {
                status,
                message: "der Server nennt keine Prüfsumme des Pakets (X-Aktenscan-Sha256)".into(),
            });
        }
        let part = out.join(format!(".{name}.part"));
        let received = self.save(&mut response, &part);
        let received = match received {
            Ok(hash) if hash == sha256 => hash,
            Ok(hash) => {
                let _ = std::fs::remove_file(&part);
                return Err(ClientError::Refused {
                    status,
                    message: format!(
                        "das Paket kam verändert an (SHA-256 {hash}, der Server nennt {sha256}); nichts wurde gespeichert"
                    ),
                });
            }
            Err(e) => {
                let _ = std::fs::remove_file(&part);
                return Err(e);
            }
        };
        // A link fails where a ZIP of that name appeared meanwhile (a rename would replace it).
        match std::fs::hard_link(&part, &zip) {
            Ok(()) => {
                let _ = std::fs::remove_file(&part);
            }
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                let _ = std::fs::remove_file(&part);
                return Err(exists(zip));
            }
            // A file system without links (a network share): renamed, as checked above.
            Err(_) => std::fs::rename(&part, &zip).map_err(file_error(&zip))?,
        }
        if let Ok(dir) = File::open(out) {
            let _ = dir.sync_all();
        }
        Ok(ExportAnswer::Saved(Exported {
            zip,
            prozess_id,
            sha256: received,
            documents,
        }))
    }

    /// Writes the answer's body to `path` and to the disk (fsync); gives its SHA-256.
    fn save(&self, response: &mut ureq::http::Response<ureq::Body>, path: &Path) -> Result<String> {
        use sha2::{Digest, Sha256};
        use std::io::Write;

        let mut file = File::create(path).map_err(file_error(path))?;
        let mut reader = response.body_mut().with_config().limit(u64::MAX).reader();
        let mut hash = Sha256::new();
        let mut buf = vec![0u8; 64 * 1024];
        loop {
            let n = reader
                .read(&mut buf)
                .map_err(|e| ClientError::Unreachable {
                    url: self.base.clone(),
                    detail: e.to_string(),
                })?;
            if n == 0 {
                break;
            }
            hash.update(&buf[..n]);
            file.write_all(&buf[..n]).map_err(file_error(path))?;
        }
        file.sync_all().map_err(file_error(path))?;
        Ok(hex::encode(hash.finalize()))
    }

    /// Refuses what the server would refuse for its size, before it is sent: a refusal in the
    /// middle of a long sending reaches the desk only as a broken connection.
    fn fits(&self, what: &str, size: u64) -> Result<()> {
        match self.session.as_ref().and_then(|s| s.sendegrenze) {
            Some(limit) if size > limit => Err(ClientError::TooLarge {
                what: what.to_string(),
                size: size.div_ceil(1 << 20),
                limit: limit >> 20,
            }),
            _ => Ok(()),
        }
    }

    fn token(&self) -> Result<&str> {
        self.session
            .as_ref()
            .map(|s| s.token.as_str())
            .ok_or(ClientError::SignedOut)
    }

    fn unreachable(&self, e: ureq::Error) -> ClientError {
        let detail = e.to_string();
        let url = self.base.clone();
        if detail.to_lowercase().contains("certificate") {
            ClientError::Untrusted { url, detail }
        } else {
            ClientError::Unreachable { url, detail }
        }
    }

    /// The answer's JSON, or the server's refusal (`{"fehler": …}`) as a [`ClientError`].
    fn answer<T: serde::de::DeserializeOwned>(
        &self,
        mut response: ureq::http::Response<ureq::Body>,
    ) -> Result<T> {
        let status = response.status().as_u16();
        let text = self.text(&mut response)?;
        if (200..300).contains(&status) {
            return serde_json::from_str(&text).map_err(|e| ClientError::Refused {
                status,
                message: format!("unerwartete Antwort des Servers: {e}"),
            });
        }
        Err(refusal(status, &text))
    }

    /// The answer's body as text (at most 16 MB).
    fn text(&self, response: &mut ureq::http::Response<ureq::Body>) -> Result<String> {
        response
            .body_mut()
            .with_config()
            .limit(16 << 20)
            .read_to_string()
            .map_err(|e| self.unreachable(e))
    }
}

/// The server's refusal (`{"fehler": …}`, else the start of what it said).
fn refusal(status: u16, text: &str) -> ClientError {
    let message = serde_json::from_str::<serde_json::Value>(text)
        .ok()
        .and_then(|v| v["fehler"].as_str().map(str::to_string))
        .unwrap_or_else(|| text.chars().take(200).collect());
    ClientError::Refused { status, message }
}

fn file_error(path: &Path) -> impl FnOnce(std::io::Error) -> ClientError {
    let path = path.to_path_buf();
    move |reason| ClientError::File { path, reason }
}

/// The file name the server gives a package (`Content-Disposition`), kept to a plain name
/// ending in `.zip`; else `{prozess_id}.zip`.
fn package_name(disposition: &str, prozess_id: &str) -> String {
    let name: String = disposition
        .split("filename=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .unwrap_or_default()
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
        .collect();
    if name.ends_with(".zip") && !name.starts_with('.') {
        name
    } else {
        let id: String = prozess_id
            .chars()
            .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
            .collect();
        format!("{id}.zip")
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        if !self.borrowed {
            self.sign_out();
        }
    }
}

/// The certificates of a PEM file.
fn certificates(path: &Path) -> Result<Vec<Certificate<'static>>> {
    let bad = |detail: String| ClientError::Certificate {
        path: path.to_path_buf(),
        detail,
    };
    let pem = std::fs::read(path).map_err(|e| bad(e.to_string()))?;
    let mut out = Vec::new();
    for item in ureq::tls::parse_pem(&pem) {
        if let PemItem::Certificate(c) = item.map_err(|e| bad(e.to_string()))? {
            out.push(c);
        }
    }
    if out.is_empty() {
        return Err(bad("kein Zertifikat (PEM, BEGIN CERTIFICATE) darin".into()));
    }
    Ok(out)
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

fn yes_no(yes: bool) -> &'static str {
    if yes {
        "ja"
    } else {
        "nein"
    }
}

/// A record id as one path segment (ids are UUIDs; anything else is escaped, not trusted).
fn encode(segment: &str) -> String {
    segment
        .bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b == b'-' || b == b'_' {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

/// A multipart/form-data body read part by part: the files are streamed from disk, never held
/// in memory.
struct Multipart {
    boundary: String,
    parts: Vec<Box<dyn Read + Send>>,
}

impl Multipart {
    fn new(boundary: &str) -> Multipart {
        Multipart {
            boundary: boundary.to_string(),
            parts: Vec::new(),
        }
    }

    fn text(&mut self, name: &str, value: &str) {
        let head = format!(
            "--{}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n",
            self.boundary
        );
        self.parts.push(Box::new(Cursor::new(head.into_bytes())));
    }

    fn file(&mut self, name: &str, file_name: &str, file: LazyFile) {
        let quoted: String = file_name
            .chars()
            .map(|c| if c == '"' || c.is_control() { '_' } else { c })
            .collect();
        let head = format!(
            "--{}\r\nContent-Disposition: form-data; name=\"{name}\"; filename=\"{quoted}\"\r\nContent-Type: application/octet-stream\r\n\r\n",
            self.boundary
        );
        self.parts.push(Box::new(Cursor::new(head.into_bytes())));
        self.parts.push(Box::new(file));
        self.parts.push(Box::new(Cursor::new(b"\r\n".to_vec())));
    }

    fn finish(mut self) -> impl Read {
        let end = format!("--{}--\r\n", self.boundary);
        self.parts.push(Box::new(Cursor::new(end.into_bytes())));
        Chain {
            parts: self.parts.into_iter().collect(),
        }
    }
}

/// A file opened on its first read (and closed once read to its end, when the body drops it).
struct LazyFile {
    path: PathBuf,
    file: Option<File>,
}

impl LazyFile {
    fn new(path: &Path) -> LazyFile {
        LazyFile {
            path: path.to_path_buf(),
            file: None,
        }
    }
}

impl Read for LazyFile {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        if self.file.is_none() {
            let file = File::open(&self.path).map_err(|e| {
                std::io::Error::new(e.kind(), format!("{}: {e}", self.path.display()))
            })?;
            self.file = Some(file);
        }
        match self.file.as_mut() {
            Some(file) => file.read(buf),
            None => Ok(0),
        }
    }
}

/// A sent batch leaves the outbox once the server has stored every page of it (`Ok(true)`);
/// one with pages the server could not read stays (`Ok(false)`), so that nothing of it is lost.
/// Only a batch folder (with its `scan.json`) is ever removed.
pub fn clear_sent(folder: &Path, stored: &Stored) -> std::io::Result<bool> {
    if !stored.fehler.is_empty() || !folder.join("scan.json").is_file() {
        return Ok(false);
    }
    std::fs::remove_dir_all(folder).map(|()| true)
}

/// The command that sends a batch kept in the outbox again, with the split it was scanned for.
pub fn resend_command(server: &str, record: &str, folder: &Path, split: &SplitOptions) -> String {
    let mut flags = String::new();
    if split.separators {
        flags.push_str(" --split separators");
    }
    if split.duplex {
        flags.push_str(" --duplex");
    }
    if split.blank_ink != SplitOptions::default().blank_ink {
        flags.push_str(&format!(" --blank-ink {}", split.blank_ink * 100.0));
    }
    format!(
        "aktenscan send --server {server} --record {record} --batch{flags} {}",
        folder.display()
    )
}

/// Reads its parts one after the other.
struct Chain {
    parts: std::collections::VecDeque<Box<dyn Read + Send>>,
}

impl Read for Chain {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        while let Some(part) = self.parts.front_mut() {
            let n = part.read(buf)?;
            if n > 0 || buf.is_empty() {
                return Ok(n);
            }
            self.parts.pop_front();
        }
        Ok(0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_package_is_saved_under_a_plain_name_in_the_chosen_folder() {
        let id = "4f1c2a9e-0b7d-4c55-9a61-3e2f0d8c7b10";
        let named = format!("attachment; filename=\"{id}_Aussonderung.Aussonderung.0503.zip\"");
        assert_eq!(
            package_name(&named, id),
            format!("{id}_Aussonderung.Aussonderung.0503.zip")
        );
        // A name that would leave the folder, or is no ZIP, gives way to the ProzessID.
        for bad in [
            "attachment; filename=\"../../.bashrc.zip\"",
            "attachment; filename=\"paket.exe\"",
            "attachment",
        ] {
            assert_eq!(package_name(bad, id), format!("{id}.zip"), "{bad}");
        }
        assert_eq!(
            package_name("attachment; filename=\"a/b\\c.zip\"", id),
            "abc.zip"
        );
    }

    #[test]
    fn a_multipart_body_carries_each_part_whole_and_in_order() {
        let dir = std::env::temp_dir().join(format!("aktenscan-client-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let page = dir.join("seite 1.tif");
        std::fs::write(&page, b"II*\0page bytes").unwrap();
        let mut body = Multipart::new("GRENZE");
        body.text("protokoll", "{\"device\":\"test:0\"}");
        body.file("seite", "sei\"te 1.tif", LazyFile::new(&page));
        let mut out = String::new();
        body.finish().read_to_string(&mut out).unwrap();
        std::fs::remove_dir_all(&dir).unwrap();
        assert_eq!(
            out,
            "--GRENZE\r\nContent-Disposition: form-data; name=\"protokoll\"\r\n\r\n{\"device\":\"test:0\"}\r\n\
             --GRENZE\r\nContent-Disposition: form-data; name=\"seite\"; filename=\"sei_te 1.tif\"\r\nContent-Type: application/octet-stream\r\n\r\nII*\0page bytes\r\n\
             --GRENZE--\r\n"
        );
    }

    #[test]
    fn the_resend_command_keeps_the_split_the_batch_was_scanned_for() {
        let folder = Path::new("/home/krause/.local/share/aktenscan/ausgang/2026-12-06-test_0");
        let plain = resend_command("https://akten:8443", "r1", folder, &SplitOptions::default());
        assert_eq!(
            plain,
            "aktenscan send --server https://akten:8443 --record r1 --batch /home/krause/.local/share/aktenscan/ausgang/2026-12-06-test_0"
        );
        let split = SplitOptions {
            separators: true,
            duplex: true,
            blank_ink: 0.002,
        };
        let cmd = resend_command("https://akten:8443", "r1", folder, &split);
        assert!(
            cmd.contains("--batch --split separators --duplex --blank-ink 0.2 /home"),
            "{cmd}"
        );
    }

    #[test]
    fn an_address_without_a_scheme_is_refused_and_ids_are_one_segment() {
        assert!(matches!(
            Server::new("akten.schkopau.local", None),
            Err(ClientError::Address(_))
        ));
        assert_eq!(encode("../admin"), "%2E%2E%2Fadmin");
        assert_eq!(encode("3f2a-b_9"), "3f2a-b_9");
    }
}
