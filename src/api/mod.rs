//! The HTTP service: the only module that knows HTTP.
//!
//! [`app`] builds the whole router from a graph, so tests drive it in-process
//! with `tower::ServiceExt::oneshot`; [`serve`] binds it to a socket. Routes
//! are grouped by feature, each file with its own `router()`. Every handler
//! takes one snapshot of the graph at its top and answers from it.
//!
//! The explorer page (`/`, `/explorer.css`, `/explorer.js` and the script's
//! modules under `/explorer/`) is served from the binary by `explorer` with
//! a strict Content-Security-Policy.
//!
//! Cross-cutting behaviour lives in `middleware`: ETags from the graph
//! version, problem+json for 404/405, and the tower-http layers (CORS,
//! compression, timeout, concurrency limit, request ids, tracing).

mod admin;
mod claims;
mod entities;
pub mod error;
mod explorer;
mod graph_routes;
mod json;
mod middleware;
pub mod openapi;
mod params;
mod paths;
mod pictures;
mod relations;
pub mod reload;
mod sources;
mod suggest;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use arc_swap::{ArcSwap, ArcSwapOption};
use axum::Router;
use axum::http::{HeaderName, Method, StatusCode};
use tower::ServiceBuilder;
use tower::limit::GlobalConcurrencyLimitLayer;
use tower_http::compression::CompressionLayer;
use tower_http::cors::{Any, CorsLayer};
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::TraceLayer;

use crate::graph::Graph;
use reload::Reloader;

/// How long a request may take before it is answered 503.
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(10);
/// How many requests are served at once; the rest wait.
pub const MAX_CONCURRENT_REQUESTS: usize = 256;

/// What every handler can reach: the current graph, swappable as a whole,
/// and the means to reload it when the server was started from a folder.
#[derive(Clone)]
pub struct AppState {
    pub graph: Arc<ArcSwap<Graph>>,
    pub reloader: Option<Arc<Reloader>>,
    /// The ETag and version headers of the graph last served.
    stamp: Arc<ArcSwapOption<middleware::Stamp>>,
}

impl AppState {
    /// A fixed graph, never reloaded.
    pub fn new(graph: Graph) -> Self {
        AppState {
            graph: Arc::new(ArcSwap::from_pointee(graph)),
            reloader: None,
            stamp: Arc::new(ArcSwapOption::empty()),
        }
    }

    /// A graph loaded from `dir`, which reloads re-read.
    pub fn reloadable(graph: Graph, dir: PathBuf) -> Self {
        AppState {
            reloader: Some(Arc::new(Reloader::new(dir))),
            ..AppState::new(graph)
        }
    }

    /// The graph as it is now; hold it for the whole request.
    pub fn snapshot(&self) -> Arc<Graph> {
        self.graph.load_full()
    }
}

/// The whole read-only service over a fixed graph, as a router.
pub fn app(graph: Graph) -> Router {
    router(AppState::new(graph), None)
}

/// The whole service; the admin routes exist only when `admin_token` is set.
pub fn router(state: AppState, admin_token: Option<String>) -> Router {
    let request_id = HeaderName::from_static("x-request-id");
    let admin = match admin_token {
        Some(token) if !token.is_empty() => admin::router(token),
        _ => Router::new(),
    };
    let routes = Router::new()
        .merge(admin)
        .merge(graph_routes::router())
        .merge(entities::router())
        .merge(paths::router())
        .merge(pictures::router())
        .merge(claims::router())
        .merge(relations::router())
        .merge(sources::router())
        .merge(openapi::router())
        .fallback(middleware::no_route)
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            middleware::versioned,
        ))
        // The explorer's assets change with the binary, not the graph: they
        // carry ETags of their own content, outside `versioned`.
        .merge(explorer::router())
        .layer(axum::middleware::map_response(
            middleware::problem_for_bare_errors,
        ))
        .with_state(state);
    // The layers every request passes wrap the router once, as one
    // service, rather than each route of it (as `Router::layer` would):
    // a request then clones and calls one stack of them, not a boxed
    // service per layer per route. Outermost first.
    let layered = ServiceBuilder::new()
        .layer(SetRequestIdLayer::new(request_id.clone(), MakeRequestUuid))
        .layer(TraceLayer::new_for_http())
        .layer(PropagateRequestIdLayer::new(request_id))
        .layer(GlobalConcurrencyLimitLayer::new(MAX_CONCURRENT_REQUESTS))
        .layer(TimeoutLayer::with_status_code(
            StatusCode::SERVICE_UNAVAILABLE,
            REQUEST_TIMEOUT,
        ))
        .layer(
            CorsLayer::new()
                .allow_origin(Any)
                .allow_methods([Method::GET, Method::HEAD])
                .expose_headers([
                    HeaderName::from_static("etag"),
                    HeaderName::from_static("x-graph-version"),
                ]),
        )
        .layer(CompressionLayer::new())
        .service(routes);
    Router::new().fallback_service(layered)
}

/// Serves the graph loaded from `dir` on `addr`, reloading it on SIGHUP,
/// until Ctrl-C or SIGTERM, then drains in-flight requests.
pub async fn serve(
    graph: Graph,
    dir: PathBuf,
    addr: SocketAddr,
    admin_token: Option<String>,
) -> std::io::Result<()> {
    let listener = tokio::net::TcpListener::bind(addr).await?;
    tracing::info!("listening on http://{}", listener.local_addr()?);
    let state = AppState::reloadable(graph, dir);
    index_mentions_beside_serving(&state);
    reload_on_sighup(state.clone());
    // Answers are written whole; Nagle's algorithm would only hold back the
    // last segment of one waiting for the client's delayed ACK.
    let listener = axum::serve::ListenerExt::tap_io(listener, |tcp| {
        if let Err(e) = tcp.set_nodelay(true) {
            tracing::debug!("cannot set TCP_NODELAY: {e}");
        }
    });
    axum::serve(listener, router(state, admin_token))
        .with_graceful_shutdown(shutdown_signal())
        .await
}

/// Starts the search for the graph's mentions on a thread of its own, so
/// that every answer needing none is given meanwhile; an entity asked for
/// before it ends waits for it ([`Graph::index_mentions`]). Not a task of
/// the runtime, which would wait for it to end before shutting down.
fn index_mentions_beside_serving(state: &AppState) {
    let graph = state.snapshot();
    let started = std::time::Instant::now();
    let spawned = std::thread::Builder::new()
        .name("mentions".into())
        .spawn(move || {
            graph.index_mentions();
            tracing::info!(elapsed = ?started.elapsed(), "mentions indexed");
        });
    if let Err(e) = spawned {
        tracing::warn!(
            "cannot start the mention search beside serving ({e}); the first entity asked for will start it"
        );
    }
}

/// Reloads the data on every SIGHUP.
fn reload_on_sighup(state: AppState) {
    #[cfg(unix)]
    tokio::spawn(async move {
        use tokio::signal::unix::{SignalKind, signal};
        let Ok(mut hangups) = signal(SignalKind::hangup()) else {
            tracing::warn!("cannot listen for SIGHUP; reload with POST /api/v1/admin/reload");
            return;
        };
        while hangups.recv().await.is_some() {
            if let Some(reloader) = &state.reloader {
                tracing::info!("SIGHUP: reloading graph data");
                let _ = reloader.reload(&state).await;
            }
        }
    });
    #[cfg(not(unix))]
    let _ = state;
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    tracing::info!("shutting down: draining in-flight requests");
}

/// Logs to stderr, filtered by `RUST_LOG` (default `info`).
pub fn init_tracing() {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info,tower_http=info"));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .try_init();
}
