//! The low layer: the small data structures and codecs everything above is
//! built from, each in a file of its own that states its invariants and
//! cost, with its own tests (against a slow, obvious reference where one
//! helps). Nothing here knows claims, entities or files; it imports nothing
//! of the crate but itself.
//!
//! - [`ids`]: [`EntityIx`] and [`ClaimIx`], the positions every layer
//!   speaks.
//! - [`leb128`]: the one variable-length number encoding; [`hash`]: the
//!   one string hash.
//! - [`csr`]: compressed sparse rows, laid out in two passes, and cut into
//!   parts for parallel work; [`bits`]: set bits found by count.
//! - [`strings`], [`front_coded`], [`interned`], [`str_table`]: arenas of
//!   strings, front-coded ids, distinct values, and an open-addressed table
//!   from strings to positions.
//! - [`joined`]: every text laid end to end, so that a place in any text
//!   is one number.
//! - [`memory`] and [`utf8`]: the only files of the crate where `unsafe`
//!   is allowed (cache prefetches, `malloc_trim`, a `String` from bytes
//!   already checked); the crate root denies it everywhere else.

pub mod bits;
pub mod csr;
pub mod front_coded;
pub mod hash;
pub mod ids;
pub mod interned;
pub mod joined;
pub mod leb128;
pub mod memory;
pub mod str_table;
pub mod strings;
pub mod utf8;

pub use front_coded::FrontCoded;
pub use ids::{ClaimIx, EntityIx};
pub use interned::Interned;
pub use str_table::StrTable;
pub use strings::Strings;

/// The data does not fit the compact layout: an arena holds 4 GiB, a claim
/// table 2³¹ claims, citations a terabyte of texts and quotes of 16 MiB.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error(
    "more than 4 GiB of ids, dates or notes, 2³¹ claims, a terabyte of texts or a quote of 16 MiB; split the data"
)]
pub struct TooLarge;
