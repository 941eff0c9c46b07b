//! Every source text laid end to end, with one byte between each two: a
//! place in any text is one number, which is how citations and mentions
//! are kept (an offset among all the texts, and a length) instead of a
//! source, a start and an end.
//!
//! Invariant: every position of a text, its end included, belongs to that
//! text alone, even where texts are empty; so the text holding an offset
//! is the last one starting at or before it. Cost: 8 bytes a text; finding
//! a text is a binary search over where they start.

use std::sync::Arc;

/// Where each text starts when all of them, of the given lengths, are laid
/// end to end with one byte between each two.
pub fn text_starts(lengths: impl IntoIterator<Item = usize>) -> Arc<[u64]> {
    let mut at = 0;
    lengths
        .into_iter()
        .map(|len| {
            let start = at;
            at += len as u64 + 1;
            start
        })
        .collect()
}

/// The text holding `offset` among all the texts laid end to end
/// ([`text_starts`]): its position, and the byte offset within it.
pub fn locate(text_starts: &[u64], offset: u64) -> (u32, u32) {
    let text = text_starts
        .partition_point(|&s| s <= offset)
        .saturating_sub(1);
    let within = offset - text_starts.get(text).copied().unwrap_or(0);
    debug_assert!(
        within <= u64::from(u32::MAX),
        "an offset past its text's 4 GiB"
    );
    (text as u32, within as u32)
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// Every place of every text, its end included, is found again in
        /// that text, whatever texts are empty.
        #[test]
        fn every_place_is_found_in_its_own_text(lengths in proptest::collection::vec(0usize..6, 1..8)) {
            let starts = text_starts(lengths.iter().copied());
            for (t, &len) in lengths.iter().enumerate() {
                for within in 0..=len {
                    let offset = starts[t] + within as u64;
                    proptest::prop_assert_eq!(locate(&starts, offset), (t as u32, within as u32));
                }
            }
        }
    }
}
