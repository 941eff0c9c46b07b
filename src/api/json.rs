//! JSON answers written straight into one buffer of about their size.
//!
//! `axum::Json` starts from a 128-byte buffer and doubles it as the
//! serializer writes, copying the answer again at every step; an entity with
//! a thousand claims is most of a megabyte. Handlers that know roughly how
//! big their answer is (so many claims, so many mentions) say so here, and
//! the bytes are handed to the connection without another copy. Answers
//! asked for again and again are kept whole ([`AnswerCache`]).

use axum::body::Bytes;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;

use super::error::ApiError;

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
/// [`ANSWER_CACHE_BYTES`]. Making one reads each of its claims from the
/// graph's columns and texts (a few misses in memory a claim) and escapes
/// it; the graph does not change under it.
///
/// Which answers stay is `quick_cache`'s S3-FIFO policy: an entity asked
/// for once passes through a small queue and leaves, and does not push out
/// the answers asked for again and again. Caches of the parts of answers
/// (each claim's, mention list's and neighborhood node's JSON) are not kept
/// beside this one: with whole answers kept, they made entity and
/// neighborhood lookups no faster, for answers kept or for answers made,
/// and only held memory.
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

/// What an entry costs the cache beside its JSON: the key, the `Bytes`
/// and the cache's own bookkeeping, about.
const ENTRY_OVERHEAD: u64 = 64;

/// Weighs an entry of an [`AnswerCache`] by its bytes.
#[derive(Clone)]
struct ByBytes;

impl<K> quick_cache::Weighter<K, Bytes> for ByBytes {
    fn weight(&self, _: &K, answer: &Bytes) -> u64 {
        answer.len() as u64 + ENTRY_OVERHEAD
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
}
