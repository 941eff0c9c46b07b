//! JSON answers written straight into one buffer of about their size.
//!
//! `axum::Json` starts from a 128-byte buffer and doubles it as the
//! serializer writes, copying the answer again at every step; an entity with
//! a thousand claims is most of a megabyte. Handlers that know roughly how
//! big their answer is (so many claims, so many mentions) say so here, and
//! the bytes are handed to the connection without another copy.

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
