//! A citation as the store keeps it: where its quote lies in its source,
//! as offsets only; the quote, prefix and suffix are read from the text
//! when the claim is served.
//!
//! Invariant: `byte_start <= byte_end`, both on char boundaries of the
//! source's text (the loader located them there). Packed, a citation is 8
//! bytes: where its quote starts among all the texts laid end to end
//! ([`joined`], 40 bits: a terabyte) and its length (24 bits: 16 MiB).

use crate::base::{TooLarge, joined};

/// A citation located in its source, as offsets only; the quote, prefix and
/// suffix are read from the text when the claim is served.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Span {
    /// Position of the source in the graph's sources.
    pub source: u32,
    /// Byte offsets of the quote in the source text. Its code-point offsets
    /// are not kept: the source's [`crate::text::CharIndex`] gives them in
    /// a few hundred bytes' count when the claim is served.
    pub byte_start: u32,
    pub byte_end: u32,
}

/// Bits of a [`Packed`] citation's length; the offset takes the rest.
const LEN_BITS: u32 = 24;

/// A citation in 8 bytes rather than a [`Span`]'s 12: where its quote
/// starts among all the texts ([`text_starts`], 40 bits: a terabyte) and its
/// length in bytes (24 bits: 16 MiB). Its source is the last text starting
/// at or before it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Packed(u64);

impl Packed {
    /// `span` in 8 bytes, among texts that start at `text_starts`; too
    /// large past a terabyte of texts or for a quote of 16 MiB.
    pub fn new(text_starts: &[u64], span: &Span) -> Result<Packed, TooLarge> {
        let start = text_starts.get(span.source as usize).ok_or(TooLarge)?;
        let offset = start + u64::from(span.byte_start);
        let len = u64::from(span.byte_end.checked_sub(span.byte_start).ok_or(TooLarge)?);
        if offset >> (64 - LEN_BITS) != 0 || len >> LEN_BITS != 0 {
            return Err(TooLarge);
        }
        Ok(Packed(offset << LEN_BITS | len))
    }

    /// The span packed, among texts that start at `text_starts`.
    pub fn span(self, text_starts: &[u64]) -> Span {
        let offset = self.0 >> LEN_BITS;
        let len = (self.0 & ((1 << LEN_BITS) - 1)) as u32;
        let (source, byte_start) = joined::locate(text_starts, offset);
        Span {
            source,
            byte_start,
            byte_end: byte_start + len,
        }
    }
}
