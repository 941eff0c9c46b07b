//! JSON answers written straight into one buffer of about their size.
//!
//! `axum::Json` starts from a 128-byte buffer and doubles it as the
//! serializer writes, copying the answer again at every step; an entity with
//! a thousand claims is most of a megabyte. Handlers that know roughly how
//! big their answer is (so many claims, so many mentions) say so here, and
//! the bytes are handed to the connection without another copy.

use std::borrow::Cow;
use std::sync::Arc;

use axum::body::Bytes;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
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
    match json_bytes(value, capacity) {
        Ok(bytes) => json_answer(bytes),
        Err(e) => e.into_response(),
    }
}

/// `value` as JSON, serialized into a buffer of `capacity` bytes to start
/// with.
fn json_bytes<T: Serialize + ?Sized>(value: &T, capacity: usize) -> Result<Bytes, ApiError> {
    let mut buf = Vec::with_capacity(capacity);
    serde_json::to_writer(&mut buf, value)
        .map_err(|e| ApiError::internal(format!("serializing an answer: {e}")))?;
    Ok(Bytes::from(buf))
}

/// JSON bytes as an `application/json` answer.
fn json_answer(bytes: Bytes) -> Response {
    (
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        )],
        bytes,
    )
        .into_response()
}

/// How many bytes of whole answers one graph version keeps.
pub const ANSWER_CACHE_BYTES: u64 = 128 << 20;

/// About how big a whole answer kept is, to size the cache's tables.
const ANSWER_BYTES: u64 = 16 << 10;

/// Whole answers (an entity's first page, a neighborhood in either
/// format), by what they answer (`K`), serialized once per graph version
/// and then handed to every request for them without a copy, up to
/// [`ANSWER_CACHE_BYTES`]. An answer assembled from cached parts still
/// costs a cache look-up per claim (each a miss in memory), a copy of
/// every part and an allocation; the graph does not change under it.
///
/// Which answers stay is `quick_cache`'s S3-FIFO policy, as for the parts:
/// an entity asked for once passes through and leaves.
pub struct AnswerCache<K> {
    answers: quick_cache::sync::Cache<K, Bytes, ByBytes>,
}

impl<K: Eq + std::hash::Hash + Clone> Default for AnswerCache<K> {
    fn default() -> Self {
        AnswerCache {
            answers: quick_cache::sync::Cache::with_weighter(
                (ANSWER_CACHE_BYTES / ANSWER_BYTES) as usize,
                ANSWER_CACHE_BYTES,
                ByBytes,
            ),
        }
    }
}

impl<K: Eq + std::hash::Hash + Clone> AnswerCache<K> {
    /// The answer under `key`, made by `make` from the key the first time,
    /// with about how many bytes it takes. A key stands for one answer for
    /// the cache's lifetime. An answer too large for the cache (past a
    /// shard's share of it) is made every time.
    pub fn json<T: Serialize>(&self, key: K, make: impl FnOnce(&K) -> (T, usize)) -> Response {
        if let Some(bytes) = self.answers.get(&key) {
            return json_answer(bytes);
        }
        let made = {
            let (answer, size) = make(&key);
            json_bytes(&answer, size)
        };
        match made {
            Ok(bytes) => {
                self.answers.insert(key, bytes.clone());
                json_answer(bytes)
            }
            Err(e) => e.into_response(),
        }
    }
}

/// How many bytes of claims' JSON one graph version keeps: every claim of
/// the `medium` bench graph's answers asked for again and again, at
/// `large` those of thousands of entities' answers and neighborhoods.
pub const CLAIM_CACHE_BYTES: usize = 256 << 20;

/// How many bytes of JSON each other [`JsonCache`] keeps (mention lists,
/// neighborhood nodes): parts fewer or smaller than the claims.
pub const PART_CACHE_BYTES: usize = 64 << 20;

/// What an entry costs the cache beside its JSON: the key, the `Arc` and
/// the cache's own bookkeeping, about.
const ENTRY_OVERHEAD: u64 = 64;

/// Weighs an entry of a [`JsonCache`] or an [`AnswerCache`] by its bytes.
#[derive(Clone)]
struct ByBytes;

impl quick_cache::Weighter<usize, Arc<RawValue>> for ByBytes {
    fn weight(&self, _: &usize, json: &Arc<RawValue>) -> u64 {
        json.get().len() as u64 + ENTRY_OVERHEAD
    }
}

impl<K> quick_cache::Weighter<K, Bytes> for ByBytes {
    fn weight(&self, _: &K, answer: &Bytes) -> u64 {
        answer.len() as u64 + ENTRY_OVERHEAD
    }
}

/// Parts of answers as JSON, serialized once per graph version and copied
/// into every answer that holds them. Escaping the strings of claims,
/// citations and mentions was most of what an entity or neighborhood answer
/// cost; such a part's JSON is the same in every answer (compact, one
/// value), so it is kept, by position, up to the cache's size.
///
/// Which parts stay is `quick_cache`'s S3-FIFO policy: a part asked for
/// once (the claims of a hub, in an answer of megabytes) passes through a
/// small queue and leaves, and does not push out the parts that every
/// answer about their entities asks for.
pub struct JsonCache {
    parts: quick_cache::sync::Cache<usize, Arc<RawValue>, ByBytes>,
}

impl JsonCache {
    /// A cache keeping up to `bytes` of JSON, in parts of about
    /// `part_bytes`.
    pub fn new(bytes: usize, part_bytes: usize) -> JsonCache {
        JsonCache {
            parts: quick_cache::sync::Cache::with_weighter(
                bytes / part_bytes.max(1),
                bytes as u64,
                ByBytes,
            ),
        }
    }

    /// The value kept under `key`, made by `make` the first time, ready to
    /// serialize. A key stands for one value for the cache's lifetime (one
    /// graph version).
    pub fn get<'a, T: Serialize + ToOwned + ?Sized>(
        &self,
        key: usize,
        make: impl FnOnce() -> Cow<'a, T>,
    ) -> Cached<'a, T> {
        if let Some(raw) = self.parts.get(&key) {
            return Cached::Json(raw);
        }
        let value = make();
        let Ok(raw) = serde_json::value::to_raw_value(&value) else {
            return Cached::Value(value);
        };
        let raw: Arc<RawValue> = Arc::from(raw);
        self.parts.insert(key, raw.clone());
        Cached::Json(raw)
    }

    /// Claim `ix` of `graph`, kept by its position; built from the graph's
    /// columns only the first time.
    pub fn claim<'a>(&self, graph: &Graph, ix: ClaimIx) -> Cached<'a, Claim> {
        self.get(ix.index(), || Cow::Owned(graph.claim_at(ix)))
    }
}

/// A part of an answer: its cached JSON, or the value itself when it could
/// not be serialized on its own. Both serialize to the same bytes.
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

    async fn body(answer: Response) -> Vec<u8> {
        let bytes = axum::body::to_bytes(answer.into_body(), usize::MAX).await;
        bytes.expect("a body").to_vec()
    }

    /// An answer is made once per graph version and then served whole,
    /// the bytes serializing it gives.
    #[tokio::test]
    async fn answers_are_made_once() {
        let cache = AnswerCache::default();
        let large = vec!["a claim's worth of text"; 20_000];
        let small = vec!["a claim"; 3];
        let made = std::cell::Cell::new(0);
        for (key, value, size) in [(1, &large, large.len() * 20), (2, &small, 100)] {
            made.set(0);
            for _ in 0..2 {
                let answer = cache.json(key, |_| {
                    made.set(made.get() + 1);
                    (value, size)
                });
                assert_eq!(
                    body(answer).await,
                    serde_json::to_vec(value).expect("serializes")
                );
            }
            assert_eq!(made.get(), 1, "answer {key} made");
        }
    }

    /// A cached claim must be byte for byte what serializing it gives, in
    /// an answer as well as alone, and so must a cached list.
    #[test]
    fn cached_claims_serialize_like_the_claims() {
        let graph = crate::graph::Graph::load(std::path::Path::new(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/graph-data"
        )))
        .expect("bundled graph loads");
        let cache = JsonCache::new(CLAIM_CACHE_BYTES, CLAIM_BYTES);
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
        let lists = JsonCache::new(PART_CACHE_BYTES, ENTITY_BYTES);
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
