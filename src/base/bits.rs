//! Finding set bits in a long array of bits: how the graph finds where a
//! run of claims between two neighbors starts, from one bit an incidence
//! instead of a `u32` a pair.
//!
//! Invariant: the bits asked about exist (a caller asks only for runs that
//! are there). Cost: O(words between the place and the bit found), a
//! `count_ones` a word.

/// The place of the `n`th set bit of `bits` past place `at` (`at` itself
/// for 0); there must be that many.
pub fn nth_set_bit_after(bits: &[u64], at: usize, n: usize) -> usize {
    if n == 0 {
        return at;
    }
    let (mut left, mut w) = (n, at / 64);
    // The bits of the first word past `at`.
    let mut word = bits[w] & !(2u64 << (at % 64)).wrapping_sub(1);
    loop {
        let ones = word.count_ones() as usize;
        if ones >= left {
            for _ in 1..left {
                word &= word - 1;
            }
            return w * 64 + word.trailing_zeros() as usize;
        }
        left -= ones;
        w += 1;
        word = bits[w];
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// As counting the set bits past `at` one by one finds it.
        #[test]
        fn the_nth_set_bit_is_the_one_counting_finds(
            words in proptest::collection::vec(proptest::num::u64::ANY, 1..6),
            at in 0usize..384,
            n in 0usize..100,
        ) {
            let len = words.len() * 64;
            let at = at % len;
            let set = |i: usize| words[i / 64] >> (i % 64) & 1 == 1;
            let after: Vec<usize> = (at + 1..len).filter(|&i| set(i)).collect();
            let expected = if n == 0 { Some(at) } else { after.get(n - 1).copied() };
            if let Some(expected) = expected {
                proptest::prop_assert_eq!(nth_set_bit_after(&words, at, n), expected);
            }
        }
    }
}
