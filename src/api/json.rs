//! JSON answers written straight into one buffer of about their size.
//!
//! `axum::Json` starts from a 128-byte buffer and doubles it as the
//! serializer writes, copying the answer again at every step; an entity with
//! a thousand claims is most of a megabyte. Handlers that know roughly how
//! big their answer is (so many claims, so many mentions) say so here, and
//! the bytes are handed to the connection without another copy.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, RwLock};

use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use rustc_hash::FxHashMap;
use serde::Serialize;
use serde_json::value::RawValue;

use super::error::ApiError;
use crate::graph::{ClaimIx, Graph};
use crate::model::Claim;

/// About how many bytes one claim with its citations takes in JSON; enough
/// that a typical answer never grows its buffer, small enough not to waste.
pub const CLAIM_BYTES: usize = 512;
/// About how many bytes an entity or a mention takes in JSON.
pub const ENTITY_BYTES: usize = 256;

/// `value` as an `application/json` answer, serialized into a buffer of
/// `capacity` bytes to start with (it still grows if that was too little).
pub fn json<T: Serialize + ?Sized>(value: &T, capacity: usize) -> Response {
    let mut buf = Vec::with_capacity(capacity);
    match serde_json::to_writer(&mut buf, value) {
        Ok(()) => (
            [(
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/json"),
            )],
            buf,
        )
            .into_response(),
        Err(e) => ApiError::internal(format!("serializing an answer: {e}")).into_response(),
    }
}

/// How many bytes of claim JSON one graph version keeps; past it, claims
/// are serialized in every answer as if there were no cache. Every claim of
/// the `small` bench graph fits; at larger sizes the entities asked about
/// most are cached first.
pub const CLAIM_CACHE_BYTES: usize = 64 << 20;

const SHARDS: usize = 16;

/// Claims as JSON, serialized once per graph version and copied into every
/// answer that lists them. Escaping the strings of claims and their
/// citations was most of what an entity or neighborhood answer cost; a
/// claim's JSON is the same in every answer (compact, one object), so it is
/// kept, up to [`CLAIM_CACHE_BYTES`].
pub struct ClaimCache {
    shards: Vec<RwLock<FxHashMap<usize, Arc<RawValue>>>>,
    bytes: AtomicUsize,
}

impl Default for ClaimCache {
    fn default() -> Self {
        ClaimCache {
            shards: (0..SHARDS).map(|_| RwLock::default()).collect(),
            bytes: AtomicUsize::new(0),
        }
    }
}

impl ClaimCache {
    /// Claim `ix` of `graph`, ready to serialize; `graph` must be the
    /// version this cache belongs to.
    pub fn get<'a>(&self, graph: &'a Graph, ix: ClaimIx) -> ClaimJson<'a> {
        let key = ix.index();
        let shard = &self.shards[key % SHARDS];
        if let Some(raw) = shard.read().unwrap_or_else(|e| e.into_inner()).get(&key) {
            return ClaimJson::Cached(raw.clone());
        }
        let claim = graph.claim_at(ix);
        if self.bytes.load(Ordering::Relaxed) >= CLAIM_CACHE_BYTES {
            return ClaimJson::Borrowed(claim);
        }
        let Ok(raw) = serde_json::value::to_raw_value(claim) else {
            return ClaimJson::Borrowed(claim);
        };
        let raw: Arc<RawValue> = Arc::from(raw);
        self.bytes.fetch_add(raw.get().len(), Ordering::Relaxed);
        shard
            .write()
            .unwrap_or_else(|e| e.into_inner())
            .insert(key, raw.clone());
        ClaimJson::Cached(raw)
    }
}

/// A claim in an answer: its cached JSON, or the claim itself when the
/// cache is full. Both serialize to the same bytes.
#[derive(Debug)]
pub enum ClaimJson<'a> {
    Cached(Arc<RawValue>),
    Borrowed(&'a Claim),
}

impl Serialize for ClaimJson<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            ClaimJson::Cached(raw) => raw.serialize(serializer),
            ClaimJson::Borrowed(claim) => claim.serialize(serializer),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A cached claim must be byte for byte what serializing it gives, in
    /// an answer as well as alone.
    #[test]
    fn cached_claims_serialize_like_the_claims() {
        let graph = crate::graph::Graph::load(std::path::Path::new(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/graph-data"
        )))
        .expect("bundled graph loads");
        let cache = ClaimCache::default();
        let ixs: Vec<ClaimIx> = graph.claim_ixs().collect();
        assert!(!ixs.is_empty());
        for _ in 0..2 {
            let cached: Vec<ClaimJson> = ixs.iter().map(|ix| cache.get(&graph, *ix)).collect();
            assert!(cached.iter().all(|c| matches!(c, ClaimJson::Cached(_))));
            assert_eq!(
                serde_json::to_string(&cached).expect("serializes"),
                serde_json::to_string(graph.claims()).expect("serializes")
            );
        }
    }
}
