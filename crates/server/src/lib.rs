//! `aktenscan serve`: one process owns a shared library and answers the desks of a town hall
//! over HTTP (JSON, documented in `docs/api/openapi.yaml`). Every request is a thin adapter over
//! one use case of the core's `*_as` family, which checks the signed-in person's role and
//! clearance where the data is read and logs each page view and download under her name.

mod accounts;
mod batch;
mod export;
mod origin;
mod pool;
mod routes;
mod ui;
mod upload;

use aktenscan_access::{Gate, Policy};
use aktenscan_core::Workspace;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;

#[derive(Debug, thiserror::Error)]
pub enum ServerError {
    #[error(
        "{0}: der Server hört ohne TLS nur auf 127.0.0.1 oder ::1; für die anderen Arbeitsplätze \
         --tls-cert und --tls-key angeben (oder einen Reverse-Proxy mit TLS davor setzen)"
    )]
    NotLoopback(SocketAddr),
    #[error("{addr}: {source}")]
    Bind {
        addr: SocketAddr,
        source: std::io::Error,
    },
    #[error("{path}: {reason}")]
    Tls { path: PathBuf, reason: String },
    #[error("HTTP: {0}")]
    Io(#[from] std::io::Error),
    #[error(transparent)]
    Access(#[from] aktenscan_access::AccessError),
    #[error(transparent)]
    Library(#[from] aktenscan_core::CoreError),
}

/// How the server listens and what it accepts.
#[derive(Debug, Clone)]
pub struct ServerOptions {
    pub listen: SocketAddr,
    /// The largest request body accepted (bytes); larger ones get 413 and change nothing.
    pub body_limit: usize,
    pub policy: Policy,
    /// The built window (`ui/dist`) served to browsers; `None`: the JSON API only.
    pub ui: Option<PathBuf>,
    /// HTTPS with this certificate chain and key (PEM); then any address may be listened on.
    pub tls: Option<TlsFiles>,
    /// Workspaces that answer reading requests side by side (searches, lists, page views).
    pub readers: usize,
    /// The largest file a desk may send into a record (bytes); larger ones get 413.
    pub upload_limit: u64,
    /// How files sent to the server are recognised (OCR workers on this machine, languages).
    pub ingest: aktenscan_pipeline::Settings,
}

/// The server's certificate chain and private key, PEM files.
#[derive(Debug, Clone)]
pub struct TlsFiles {
    pub cert: PathBuf,
    pub key: PathBuf,
}

impl ServerOptions {
    pub fn new(listen: SocketAddr) -> ServerOptions {
        ServerOptions {
            listen,
            body_limit: 1 << 20,
            policy: Policy::default(),
            ui: None,
            tls: None,
            readers: pool::default_readers(),
            upload_limit: 200 << 20,
            ingest: aktenscan_pipeline::Settings {
                // Half the cores recognise sent files; the others keep answering searches.
                jobs: std::thread::available_parallelism()
                    .map_or(1, |n| n.get() / 2)
                    .max(1),
                ..Default::default()
            },
        }
    }
}

/// What every request shares: the library's workspaces (one writer, a pool of readers) and the
/// sessions.
pub(crate) struct Shared {
    pub(crate) ws: pool::Workspaces,
    pub(crate) gate: Gate,
    pub(crate) ui: Option<PathBuf>,
    /// Served over HTTPS: the session cookie is `Secure`.
    pub(crate) https: bool,
    /// Where files sent by the desks wait while they arrive and are stored (`tmp/upload/`).
    pub(crate) uploads: PathBuf,
    /// Where an export's package is written before it is sent (`tmp/export/`).
    pub(crate) exports: PathBuf,
    pub(crate) upload_limit: u64,
    pub(crate) ingest: aktenscan_pipeline::Settings,
}

impl Shared {
    /// Continues the ingests that were cut off when the server last stopped (a sent file being
    /// recognised when the power went), on the writer, then removes the sent files of
    /// `sent_before` that no unfinished ingest needs (a transfer cut off by the stop).
    fn finish_interrupted(&self, sent_before: &[PathBuf]) {
        let mut ws = self.ws.writer();
        let cancel = std::sync::atomic::AtomicBool::new(false);
        match ws.resume(
            &self.ingest,
            &mut |_: &aktenscan_pipeline::Event| {},
            &cancel,
        ) {
            Ok(reports) => {
                for r in reports {
                    println!(
                        "Unterbrochene Erfassung fortgesetzt: Akte {}, {} Dokument(e) gespeichert",
                        r.record_id,
                        r.documents.len()
                    );
                }
            }
            Err(e) => eprintln!("aktenscan serve: unterbrochene Erfassung nicht fortgesetzt: {e}"),
        }
        let needed = ws.pending_inputs().unwrap_or_default();
        for folder in sent_before {
            if !needed.iter().any(|p| p.starts_with(folder)) {
                let _ = std::fs::remove_dir_all(folder);
            }
        }
    }
}

/// Turns off transparent huge pages for this process (Linux; elsewhere nothing). The allocator
/// asks for them on its memory, so a page of memory touched anew (a stored scan's index writer,
/// a burst of answers) cost the kernel 2 MB of zeroing at once, while the searches waited:
/// with a workstation storing its scans beside 32 clients, the searches' p99 was 5 to 15 ms
/// higher with huge pages, and the server held more memory (docs/benchmarks-server.md).
fn small_pages_only() {
    #[cfg(target_os = "linux")]
    // SAFETY: PR_SET_THP_DISABLE only sets a flag of this process's memory map; it touches no
    // memory of ours. A kernel that refuses leaves huge pages on (slower, not wrong).
    unsafe {
        libc::prctl(libc::PR_SET_THP_DISABLE, 1, 0, 0, 0);
    }
}

/// Serves the library until Ctrl-C or SIGTERM. `ready` gets the address actually bound (port 0
/// picks a free one) once requests are accepted.
pub fn serve(
    ws: Workspace,
    options: ServerOptions,
    ready: impl FnOnce(SocketAddr) + Send + 'static,
) -> Result<(), ServerError> {
    if options.tls.is_none() && !options.listen.ip().is_loopback() {
        return Err(ServerError::NotLoopback(options.listen));
    }
    small_pages_only();
    let tls = options.tls.as_ref().map(read_tls).transpose()?;
    let directory = aktenscan_access::DirectorySettings::load(ws.root())?;
    let shared = Arc::new(Shared {
        uploads: ws.root().join("tmp").join("upload"),
        exports: ws.root().join("tmp").join("export"),
        upload_limit: options.upload_limit,
        ingest: options.ingest.clone(),
        ws: pool::Workspaces::open(ws, options.readers)?,
        gate: Gate::new(options.policy)?.with_directory(directory),
        ui: options.ui,
        https: options.tls.is_some(),
    });
    // Packages of exports cut off when the server last stopped: never sent, so gone.
    let _ = std::fs::remove_dir_all(&shared.exports);
    // Files sent before the server last stopped: finished (or removed) once it listens.
    let sent_before: Vec<PathBuf> = std::fs::read_dir(&shared.uploads)
        .map(|entries| entries.flatten().map(|e| e.path()).collect())
        .unwrap_or_default();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    let finishing = shared.clone();
    runtime.spawn_blocking(move || finishing.finish_interrupted(&sent_before));
    let app = routes::router(shared, options.body_limit)
        .into_make_service_with_connect_info::<SocketAddr>();
    runtime.block_on(async move {
        if let Some((cert, key)) = tls {
            let config = axum_server::tls_rustls::RustlsConfig::from_pem(cert, key)
                .await
                .map_err(|e| ServerError::Tls {
                    path: options.tls.map(|t| t.key).unwrap_or_default(),
                    reason: format!(
                        "Zertifikat und Schlüssel passen nicht zusammen oder sind kein PEM: {e}"
                    ),
                })?;
            let listener = std::net::TcpListener::bind(options.listen).map_err(|source| {
                ServerError::Bind {
                    addr: options.listen,
                    source,
                }
            })?;
            listener.set_nonblocking(true)?;
            let handle = axum_server::Handle::new();
            let stopping = handle.clone();
            tokio::spawn(async move {
                stopped().await;
                stopping.graceful_shutdown(Some(std::time::Duration::from_secs(10)));
            });
            ready(listener.local_addr()?);
            axum_server::from_tcp_rustls(listener, config)?
                .handle(handle)
                .serve(app)
                .await?;
            return Ok(());
        }
        let listener = tokio::net::TcpListener::bind(options.listen)
            .await
            .map_err(|source| ServerError::Bind {
                addr: options.listen,
                source,
            })?;
        ready(listener.local_addr()?);
        axum::serve(listener, app)
            .with_graceful_shutdown(stopped())
            .await?;
        Ok(())
    })
}

/// The certificate chain and key as PEM bytes, each checked to hold what it should.
fn read_tls(files: &TlsFiles) -> Result<(Vec<u8>, Vec<u8>), ServerError> {
    // ring: builds in seconds without cmake (aws-lc-rs would not); rustls marks it deprecated
    // for lacking post-quantum key exchange, which a town hall's own network does without.
    #[allow(deprecated)]
    let _ = rustls::crypto::ring::default_provider().install_default();
    let read = |path: &PathBuf, marker: &str, what: &str| {
        let bytes = std::fs::read(path).map_err(|e| ServerError::Tls {
            path: path.clone(),
            reason: format!("nicht lesbar: {e}"),
        })?;
        if !String::from_utf8_lossy(&bytes).contains(marker) {
            return Err(ServerError::Tls {
                path: path.clone(),
                reason: format!("enthält kein {what} im PEM-Format ({marker} fehlt)"),
            });
        }
        Ok(bytes)
    };
    Ok((
        read(&files.cert, "-----BEGIN CERTIFICATE-----", "Zertifikat")?,
        read(&files.key, "PRIVATE KEY-----", "privaten Schlüssel")?,
    ))
}

async fn stopped() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = term => {},
    }
}

#[cfg(test)]
mod tests {
    #[cfg(target_os = "linux")]
    #[test]
    fn the_server_process_asks_for_no_huge_pages() {
        super::small_pages_only();
        // SAFETY: PR_GET_THP_DISABLE only reads the flag.
        let disabled = unsafe { libc::prctl(libc::PR_GET_THP_DISABLE, 0, 0, 0, 0) };
        assert_eq!(disabled, 1);
    }
}
