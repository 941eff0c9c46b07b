//! LEB128, the variable-length encoding of unsigned numbers that every
//! compact column of the graph uses (front-coded ids, trigram postings,
//! mentions set aside while the sources are searched): seven bits a byte,
//! low bits first, the high bit set on every byte but the last.
//!
//! Invariants: [`read`] gives back exactly what [`push`] wrote, and moves
//! past exactly the bytes it wrote. A number below 2⁷ takes one byte, below
//! 2¹⁴ two, a `u64` at most [`MAX_LEN`].
//!
//! Cost: O(bytes of the number) both ways, no allocation but `out`'s
//! growth.

/// The most bytes a `u64` takes.
pub const MAX_LEN: usize = 10;

/// Appends `n` to `out`.
#[inline]
pub fn push(out: &mut Vec<u8>, mut n: u64) {
    while n >= 0x80 {
        out.push(n as u8 | 0x80);
        n >>= 7;
    }
    out.push(n as u8);
}

/// Reads the number at `*at`, moving `*at` past it.
///
/// The bytes must hold a whole number there (as [`push`] wrote it): a
/// number cut short by the end of `bytes` is read as far as it goes, which
/// a debug build reports as the broken invariant it is.
#[inline]
pub fn read(bytes: &[u8], at: &mut usize) -> u64 {
    let (mut n, mut shift) = (0u64, 0);
    while let Some(&b) = bytes.get(*at) {
        *at += 1;
        n |= u64::from(b & 0x7f) << shift;
        if b < 0x80 {
            return n;
        }
        shift += 7;
    }
    debug_assert!(false, "a LEB128 number runs past the end of its bytes");
    n
}

/// `n` mapped to an unsigned number that is small when `n` is near zero,
/// either side (zigzag: 0, -1, 1, -2 … to 0, 1, 2, 3 …), for differences
/// whose sign is not known.
#[inline]
pub fn zigzag(n: i64) -> u64 {
    ((n << 1) ^ (n >> 63)) as u64
}

/// The inverse of [`zigzag`].
#[inline]
pub fn unzigzag(n: u64) -> i64 {
    (n >> 1) as i64 ^ -((n & 1) as i64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn small_numbers_take_one_byte_and_a_u64_at_most_ten() {
        for (n, len) in [(0, 1), (127, 1), (128, 2), (16_383, 2), (16_384, 3)] {
            let mut out = Vec::new();
            push(&mut out, n);
            assert_eq!(out.len(), len, "{n}");
        }
        let mut out = Vec::new();
        push(&mut out, u64::MAX);
        assert_eq!(out.len(), MAX_LEN);
    }

    proptest::proptest! {
        /// Numbers written one after another read back in order, each
        /// moving the cursor past exactly its own bytes.
        #[test]
        fn numbers_read_back_as_written(numbers in proptest::collection::vec(proptest::num::u64::ANY, 0..50)) {
            let mut out = Vec::new();
            let mut ends = Vec::new();
            for &n in &numbers {
                push(&mut out, n);
                ends.push(out.len());
            }
            let mut at = 0;
            for (&n, &end) in numbers.iter().zip(&ends) {
                proptest::prop_assert_eq!(read(&out, &mut at), n);
                proptest::prop_assert_eq!(at, end);
            }
        }

        #[test]
        fn zigzag_is_undone_and_keeps_small_numbers_small(n in proptest::num::i64::ANY) {
            proptest::prop_assert_eq!(unzigzag(zigzag(n)), n);
            proptest::prop_assert!(zigzag(n) <= n.unsigned_abs().saturating_mul(2));
        }
    }
}
