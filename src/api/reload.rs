//! Reloading the data without losing a request.
//!
//! A reload reads and validates the whole folder off the async threads; only
//! a complete, valid graph is swapped in, atomically (arc-swap), so requests
//! already running finish on the old graph and later ones see the new one. An
//! invalid folder leaves the old graph serving and is remembered as the last
//! reload error, which `/health` shows. Reloads run one at a time.

use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::SystemTime;

use serde::Serialize;
use utoipa::ToSchema;

use super::AppState;
use crate::graph::Graph;

/// A reload that failed, and why.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct ReloadFailure {
    /// When it was attempted (RFC 3339).
    pub at: String,
    /// Every problem found in the data, as `validate` prints them.
    pub problems: Vec<String>,
}

/// What `/health` reports about loading.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct LoadStatus {
    /// When the serving graph was loaded (RFC 3339).
    pub loaded_at: String,
    /// How many reloads succeeded since start.
    pub reloads: u64,
    /// The last failed reload, cleared by the next successful one.
    pub last_reload_error: Option<ReloadFailure>,
}

/// The outcome of a successful reload.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct Reloaded {
    pub version: String,
    pub previous_version: String,
    /// Whether the data differs from what was served.
    pub changed: bool,
}

/// Re-reads one data folder into an [`AppState`].
#[derive(Debug)]
pub struct Reloader {
    dir: PathBuf,
    status: Mutex<LoadStatus>,
    one_at_a_time: tokio::sync::Mutex<()>,
}

impl Reloader {
    pub fn new(dir: PathBuf) -> Self {
        Reloader {
            dir,
            status: Mutex::new(LoadStatus {
                loaded_at: now(),
                reloads: 0,
                last_reload_error: None,
            }),
            one_at_a_time: tokio::sync::Mutex::new(()),
        }
    }

    pub fn status(&self) -> LoadStatus {
        self.lock_status().clone()
    }

    fn lock_status(&self) -> std::sync::MutexGuard<'_, LoadStatus> {
        // A panic while holding this lock cannot leave the status inconsistent.
        self.status.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Loads the folder again and swaps it in if valid; otherwise keeps the
    /// old graph and returns (and remembers) every problem.
    pub async fn reload(&self, state: &AppState) -> Result<Reloaded, ReloadFailure> {
        let _one = self.one_at_a_time.lock().await;
        let dir = self.dir.clone();
        // The graph served answers until the new one is whole, mentions
        // included.
        let loaded = tokio::task::spawn_blocking(move || {
            let graph = Graph::load(&dir)?;
            graph.index_mentions();
            Ok::<_, crate::load::LoadError>(graph)
        })
        .await;
        let outcome = match loaded {
            Ok(Ok(graph)) => Ok(graph),
            Ok(Err(e)) => Err(e.problems.iter().map(ToString::to_string).collect()),
            Err(e) => Err(vec![format!("the loader stopped unexpectedly: {e}")]),
        };
        match outcome {
            Ok(graph) => {
                let previous = state.graph.swap(Arc::new(graph));
                let current = state.snapshot();
                let mut status = self.lock_status();
                status.loaded_at = now();
                status.reloads += 1;
                status.last_reload_error = None;
                tracing::info!(version = current.version(), "reloaded graph data");
                Ok(Reloaded {
                    version: current.version().to_string(),
                    previous_version: previous.version().to_string(),
                    changed: current.version() != previous.version(),
                })
            }
            Err(problems) => {
                let failure = ReloadFailure {
                    at: now(),
                    problems,
                };
                for problem in &failure.problems {
                    tracing::warn!("reload rejected: {problem}");
                }
                self.lock_status().last_reload_error = Some(failure.clone());
                Err(failure)
            }
        }
    }
}

fn now() -> String {
    humantime::format_rfc3339_seconds(SystemTime::now()).to_string()
}
