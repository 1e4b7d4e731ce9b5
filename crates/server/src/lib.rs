//! `aktenscan serve`: one process owns a shared library and answers the desks of a town hall
//! over HTTP (JSON, documented in `docs/api/openapi.yaml`). Every request is a thin adapter over
//! one use case of the core's `*_as` family, which checks the signed-in person's role and
//! clearance where the data is read and logs each page view and download under her name.

mod routes;

use aktenscan_access::{Gate, Policy};
use aktenscan_core::Workspace;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

#[derive(Debug, thiserror::Error)]
pub enum ServerError {
    #[error(
        "{0}: der Server hört ohne TLS nur auf 127.0.0.1 oder ::1; für die anderen Arbeitsplätze \
         einen Reverse-Proxy mit TLS (nginx, Caddy) davor setzen, der auf diese Adresse weiterleitet"
    )]
    NotLoopback(SocketAddr),
    #[error("{addr}: {source}")]
    Bind {
        addr: SocketAddr,
        source: std::io::Error,
    },
    #[error("HTTP: {0}")]
    Io(#[from] std::io::Error),
    #[error(transparent)]
    Access(#[from] aktenscan_access::AccessError),
}

/// How the server listens and what it accepts.
#[derive(Debug, Clone)]
pub struct ServerOptions {
    pub listen: SocketAddr,
    /// The largest request body accepted (bytes); larger ones get 413 and change nothing.
    pub body_limit: usize,
    pub policy: Policy,
}

impl ServerOptions {
    pub fn new(listen: SocketAddr) -> ServerOptions {
        ServerOptions {
            listen,
            body_limit: 1 << 20,
            policy: Policy::default(),
        }
    }
}

/// What every request shares: the one workspace of the library (its writer and its index) and
/// the sessions.
pub(crate) struct Shared {
    pub(crate) ws: Mutex<Workspace>,
    pub(crate) gate: Gate,
}

/// Serves the library until Ctrl-C or SIGTERM. `ready` gets the address actually bound (port 0
/// picks a free one) once requests are accepted.
pub fn serve(
    ws: Workspace,
    options: ServerOptions,
    ready: impl FnOnce(SocketAddr) + Send + 'static,
) -> Result<(), ServerError> {
    if !options.listen.ip().is_loopback() {
        return Err(ServerError::NotLoopback(options.listen));
    }
    let shared = Arc::new(Shared {
        ws: Mutex::new(ws),
        gate: Gate::new(options.policy)?,
    });
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind(options.listen)
            .await
            .map_err(|source| ServerError::Bind {
                addr: options.listen,
                source,
            })?;
        ready(listener.local_addr()?);
        let app = routes::router(shared, options.body_limit);
        axum::serve(
            listener,
            app.into_make_service_with_connect_info::<SocketAddr>(),
        )
        .with_graceful_shutdown(stopped())
        .await?;
        Ok(())
    })
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
