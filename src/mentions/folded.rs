//! A text folded as names are, with the way back from folded byte offsets
//! to the original's.
//!
//! Owns `Folded`, `Changed`, `Back` and the ASCII folding (`fold_ascii`,
//! `ascii_run`). Invariants: ASCII folds byte for byte, so only non-ASCII
//! chars are recorded in `changed`, in order; `Back` is asked offsets in
//! ascending order. Cost: O(n) to fold, ASCII a run at a time; O(1)
//! amortised per offset mapped back.

use crate::text;

/// A text folded as names are, with the way back to the original bytes.
///
/// Folding keeps ASCII as it is, byte for byte; only the other chars may
/// change length. So the way back is kept for those alone, and a position in
/// a run of ASCII is found from the last non-ASCII char before it.
pub(super) struct Folded {
    pub(super) text: String,
    /// Each non-ASCII char, in order: its folded and original byte ranges.
    pub(super) changed: Vec<Changed>,
}

#[derive(Debug, Clone, Copy)]
pub(super) struct Changed {
    pub(super) folded: (usize, usize),
    pub(super) original: (usize, usize),
}

/// An ASCII byte folded as [`text::ASCII_FOLDED`] folds it, as arithmetic
/// rather than a table look-up, so that the compiler makes vector code of a
/// run of them.
pub(super) fn fold_ascii(b: u8) -> u8 {
    let upper = b.wrapping_sub(b'A') < 26;
    let space = b == b' ' || b.wrapping_sub(b'\t') < 5;
    let lowered = b | (u8::from(upper) << 5);
    match (space, b == b'`') {
        (true, _) => b' ',
        (_, true) => b'\'',
        _ => lowered,
    }
}

/// How many bytes at the start of `bytes` are ASCII, read eight at a time.
pub(super) fn ascii_run(bytes: &[u8]) -> usize {
    let mut n = 0;
    let mut chunks = bytes.chunks_exact(8);
    for c in &mut chunks {
        debug_assert_eq!(c.len(), 8, "`chunks_exact(8)` gives chunks of eight bytes");
        let word = u64::from_le_bytes(c.try_into().unwrap_or([0; 8]));
        let high = word & 0x8080_8080_8080_8080;
        if high != 0 {
            return n + (high.trailing_zeros() / 8) as usize;
        }
        n += 8;
    }
    n + chunks
        .remainder()
        .iter()
        .take_while(|b| b.is_ascii())
        .count()
}

impl Folded {
    /// Folds runs of ASCII a run at a time, and decodes only the other
    /// chars.
    pub(super) fn new(original: &str) -> Folded {
        let bytes = original.as_bytes();
        let mut folded: Vec<u8> = Vec::with_capacity(original.len());
        let mut changed = Vec::new();
        let mut at = 0;
        while at < bytes.len() {
            let ascii = ascii_run(&bytes[at..]);
            folded.extend(bytes[at..at + ascii].iter().map(|&b| fold_ascii(b)));
            at += ascii;
            let Some(c) = original[at..].chars().next() else {
                break;
            };
            let from = folded.len();
            let mut utf8 = [0; 4];
            text::fold_into(c, |f| {
                folded.extend_from_slice(f.encode_utf8(&mut utf8).as_bytes())
            });
            changed.push(Changed {
                folded: (from, folded.len()),
                original: (at, at + c.len_utf8()),
            });
            at += c.len_utf8();
        }
        // Whole chars were pushed, each as UTF-8.
        let text = text::utf8(folded).unwrap_or_else(|e| {
            debug_assert!(false, "folding pushes whole chars, each as UTF-8: {e}");
            String::from_utf8_lossy(e.as_bytes()).into_owned()
        });
        Folded { text, changed }
    }
}

/// The way back from a folded text's byte offsets to the original's, for
/// offsets asked in order (each at or past the one before, as the names
/// found are): a cursor over the chars that changed, not a search of them
/// for every offset.
pub(super) struct Back<'f> {
    changed: &'f [Changed],
    /// How many of `changed` start before the last offset asked.
    passed: usize,
}

impl<'f> Back<'f> {
    pub(super) fn new(changed: &'f [Changed]) -> Back<'f> {
        Back { changed, passed: 0 }
    }

    /// Moves past the changed chars starting before folded byte `at`, and
    /// gives the last of them.
    fn changed_before(&mut self, at: usize) -> Option<&'f Changed> {
        while self
            .changed
            .get(self.passed)
            .is_some_and(|c| c.folded.0 < at)
        {
            self.passed += 1;
        }
        self.passed.checked_sub(1).map(|i| &self.changed[i])
    }

    /// The original byte offset where the char folded at `at` starts.
    pub(super) fn start(&mut self, at: usize) -> usize {
        match self.changed_before(at + 1) {
            Some(c) if at < c.folded.1 => c.original.0,
            Some(c) => c.original.1 + (at - c.folded.1),
            None => at,
        }
    }

    /// The original byte offset just past the char whose folded form ends
    /// at `end`, and past any chars right after it that fold to nothing
    /// (combining accents), so that a name keeps its accents.
    pub(super) fn end(&mut self, end: usize) -> usize {
        let mut original = match self.changed_before(end) {
            Some(c) if end <= c.folded.1 => c.original.1,
            Some(c) => c.original.1 + (end - c.folded.1),
            None => end,
        };
        for c in &self.changed[self.passed..] {
            if c.folded != (end, end) || c.original.0 != original {
                break;
            }
            original = c.original.1;
        }
        original
    }
}
