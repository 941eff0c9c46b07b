//! JSON answers written straight into one buffer of about their size.
//!
//! `axum::Json` starts from a 128-byte buffer and doubles it as the
//! serializer writes, copying the answer again at every step; an entity with
//! a thousand claims is most of a megabyte. Handlers that know roughly how
//! big their answer is (so many claims, so many mentions) say so here, and
//! the bytes are handed to the connection without another copy.

use std::borrow::Cow;
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

/// How many bytes of JSON one graph version keeps in each [`JsonCache`];
/// past it, values are serialized in every answer as if there were no
/// cache. Every claim of the `small` bench graph fits; at larger sizes the
/// entities asked about most are cached first.
pub const CACHE_BYTES: usize = 64 << 20;

const SHARDS: usize = 16;

/// Parts of answers as JSON, serialized once per graph version and copied
/// into every answer that holds them. Escaping the strings of claims,
/// citations and mentions was most of what an entity or neighborhood answer
/// cost; such a part's JSON is the same in every answer (compact, one
/// value), so it is kept, by position, up to [`CACHE_BYTES`].
pub struct JsonCache {
    shards: Vec<RwLock<FxHashMap<usize, Arc<RawValue>>>>,
    bytes: AtomicUsize,
}

impl Default for JsonCache {
    fn default() -> Self {
        JsonCache {
            shards: (0..SHARDS).map(|_| RwLock::default()).collect(),
            bytes: AtomicUsize::new(0),
        }
    }
}

impl JsonCache {
    /// The value kept under `key`, made by `make` the first time, ready to
    /// serialize. A key stands for one value for the cache's lifetime (one
    /// graph version).
    pub fn get<'a, T: Serialize + ToOwned + ?Sized>(
        &self,
        key: usize,
        make: impl FnOnce() -> Cow<'a, T>,
    ) -> Cached<'a, T> {
        let shard = &self.shards[key % SHARDS];
        if let Some(raw) = shard.read().unwrap_or_else(|e| e.into_inner()).get(&key) {
            return Cached::Json(raw.clone());
        }
        let value = make();
        if self.bytes.load(Ordering::Relaxed) >= CACHE_BYTES {
            return Cached::Value(value);
        }
        let Ok(raw) = serde_json::value::to_raw_value(&value) else {
            return Cached::Value(value);
        };
        let raw: Arc<RawValue> = Arc::from(raw);
        self.bytes.fetch_add(raw.get().len(), Ordering::Relaxed);
        shard
            .write()
            .unwrap_or_else(|e| e.into_inner())
            .insert(key, raw.clone());
        Cached::Json(raw)
    }

    /// Claim `ix` of `graph`, kept by its position; built from the graph's
    /// columns only the first time.
    pub fn claim<'a>(&self, graph: &Graph, ix: ClaimIx) -> Cached<'a, Claim> {
        self.get(ix.index(), || Cow::Owned(graph.claim_at(ix)))
    }
}

/// A part of an answer: its cached JSON, or the value itself when the cache
/// is full. Both serialize to the same bytes.
pub enum Cached<'a, T: ToOwned + ?Sized> {
    Json(Arc<RawValue>),
    Value(Cow<'a, T>),
}

impl<T: ToOwned + ?Sized> std::fmt::Debug for Cached<'_, T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Cached::Json(raw) => f.debug_tuple("Json").field(raw).finish(),
            Cached::Value(_) => f.write_str("Value(..)"),
        }
    }
}

impl<T: Serialize + ToOwned + ?Sized> Serialize for Cached<'_, T> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Cached::Json(raw) => raw.serialize(serializer),
            Cached::Value(value) => value.serialize(serializer),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A cached claim must be byte for byte what serializing it gives, in
    /// an answer as well as alone, and so must a cached list.
    #[test]
    fn cached_claims_serialize_like_the_claims() {
        let graph = crate::graph::Graph::load(std::path::Path::new(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/graph-data"
        )))
        .expect("bundled graph loads");
        let cache = JsonCache::default();
        let ixs: Vec<ClaimIx> = graph.claim_ixs().collect();
        assert!(!ixs.is_empty());
        for _ in 0..2 {
            let cached: Vec<Cached<Claim>> =
                ixs.iter().map(|ix| cache.claim(&graph, *ix)).collect();
            assert!(cached.iter().all(|c| matches!(c, Cached::Json(_))));
            assert_eq!(
                serde_json::to_string(&cached).expect("serializes"),
                serde_json::to_string(&graph.claims().collect::<Vec<_>>()).expect("serializes")
            );
        }
        let lists = JsonCache::default();
        let entities = graph.entities();
        for _ in 0..2 {
            let cached = lists.get(0, || Cow::Borrowed(entities));
            assert!(matches!(cached, Cached::Json(_)));
            assert_eq!(
                serde_json::to_string(&cached).expect("serializes"),
                serde_json::to_string(entities).expect("serializes")
            );
        }
    }
}
