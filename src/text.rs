//! Text utilities shared by the loader, the indexes and search: folding names
//! for comparison, and working in Unicode code points (the unit of every
//! offset claimgraph publishes) over UTF-8 strings.
//!
//! Folding is what lets "cardenas" find "Cárdenas" and "humanite" find
//! "l’Humanité": accents are stripped, case is lowered, typographic quotes
//! and dashes become their ASCII forms and runs of whitespace become one space.

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

use crate::base::memory::prefetch;
pub use crate::base::utf8::utf8;

/// Folds a name or query for comparison.
///
/// ```
/// assert_eq!(claimgraph::text::fold("l’Humanité"), "l'humanite");
/// assert_eq!(claimgraph::text::fold("  Lazaro   CÁRDENAS "), "lazaro cardenas");
/// ```
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    fold_onto(s, &mut out);
    out
}

/// Appends the folded form of `s` to `out`, as [`fold`] makes it.
pub fn fold_onto(s: &str, out: &mut String) {
    let start = out.len();
    let mut pending_space = false;
    for c in s.chars() {
        fold_into(c, |f| {
            if f == ' ' {
                pending_space = out.len() > start;
                return;
            }
            if pending_space {
                out.push(' ');
                pending_space = false;
            }
            out.push(f);
        });
    }
}

/// Hands each char of the folded form of `c` to `push`; ASCII, nearly all
/// of most texts, without decomposing.
pub fn fold_into(c: char, mut push: impl FnMut(char)) {
    if c.is_ascii() {
        push(ASCII_FOLDED[c as usize] as char);
    } else {
        fold_char(c).for_each(push);
    }
}

/// The folded form of every ASCII byte, itself one ASCII byte: a backquote
/// is an apostrophe, whitespace a space, letters lower case.
pub const ASCII_FOLDED: [u8; 128] = {
    let mut table = [0u8; 128];
    let mut b = 0;
    while b < 128 {
        table[b] = match b as u8 {
            b'`' => b'\'',
            b' ' | b'\t'..=b'\r' => b' ',
            other => other.to_ascii_lowercase(),
        };
        b += 1;
    }
    table
};

/// The folded form of one char: zero or more chars.
fn fold_char(c: char) -> impl Iterator<Item = char> {
    let mapped = match c {
        '‘' | '’' | '‚' | '‛' | '′' | '`' | '´' => Some('\''),
        '“' | '”' | '„' | '‟' | '″' | '«' | '»' => Some('"'),
        '‐' | '‑' | '‒' | '–' | '—' | '―' | '−' => Some('-'),
        c if c.is_whitespace() => Some(' '),
        _ => None,
    };
    // No vector for the one char or few that a char folds to: the texts
    // of a library hold tens of millions of chars past ASCII.
    let decomposed = mapped.is_none().then(|| {
        std::iter::once(c)
            .nfkd()
            .filter(|d| !is_combining_mark(*d))
            .flat_map(char::to_lowercase)
    });
    mapped.into_iter().chain(decomposed.into_iter().flatten())
}

/// `bytes` as a `&str` when they are UTF-8, checked as [`utf8`] checks them.
pub fn utf8_str(bytes: &[u8]) -> Option<&str> {
    simdutf8::basic::from_utf8(bytes).ok()
}

/// Converts a byte offset of `text` (on a char boundary) to a code-point offset.
pub fn byte_to_char(text: &str, byte: usize) -> usize {
    text[..byte].chars().count()
}

/// Code-point offsets of byte offsets of one text in O(1) each, after one
/// pass over the text: the count of chars before every 256-byte block.
#[derive(Debug, Clone)]
pub struct CharIndex {
    before_block: Counts,
}

/// The counts of chars before each block: 32 bits each for a text under 4
/// GiB, which cannot hold more chars than that (half the memory of 64-bit
/// counts, which only longer texts need).
#[derive(Debug, Clone)]
enum Counts {
    Narrow(Vec<u32>),
    Wide(Vec<usize>),
}

impl Counts {
    fn get(&self, block: usize) -> usize {
        match self {
            Counts::Narrow(counts) => counts[block] as usize,
            Counts::Wide(counts) => counts[block],
        }
    }

    fn last(&self) -> usize {
        match self {
            Counts::Narrow(counts) => counts.last().map_or(0, |&n| n as usize),
            Counts::Wide(counts) => counts.last().copied().unwrap_or(0),
        }
    }

    /// How many counts are at most `chars`.
    fn at_most(&self, chars: usize) -> usize {
        match self {
            Counts::Narrow(counts) => counts.partition_point(|&n| n as usize <= chars),
            Counts::Wide(counts) => counts.partition_point(|&n| n <= chars),
        }
    }
}

impl CharIndex {
    const BLOCK: usize = 256;

    pub fn new(text: &str) -> CharIndex {
        // A count of chars is at most the count of bytes.
        CharIndex::counting(text, u32::try_from(text.len()).is_err())
    }

    /// The index of `text`, its counts in 64 bits when `wide`.
    fn counting(text: &str, wide: bool) -> CharIndex {
        let blocks = text.len() / Self::BLOCK + 2;
        let before_block = if !wide {
            let mut narrow = Vec::with_capacity(blocks);
            Self::count_before_blocks(text, |n| narrow.push(n as u32));
            Counts::Narrow(narrow)
        } else {
            let mut wide = Vec::with_capacity(blocks);
            Self::count_before_blocks(text, |n| wide.push(n));
            Counts::Wide(wide)
        };
        CharIndex { before_block }
    }

    /// Hands `push` the count of chars before each block, then the count
    /// of all of them.
    fn count_before_blocks(text: &str, mut push: impl FnMut(usize)) {
        let mut count = 0;
        for block in text.as_bytes().chunks(Self::BLOCK) {
            push(count);
            count += block.iter().filter(|&&b| !is_continuation(b)).count();
        }
        push(count);
    }

    /// The code-point offset of byte offset `byte` (on a char boundary) of
    /// the text this index was built from.
    pub fn char_at(&self, text: &str, byte: usize) -> usize {
        let block = byte / Self::BLOCK;
        let from = block * Self::BLOCK;
        let within = text.as_bytes()[from..byte]
            .iter()
            .filter(|&&b| !is_continuation(b))
            .count();
        self.before_block.get(block) + within
    }

    /// Asks for what [`CharIndex::char_at`] reads for `byte` of `text` to
    /// be brought into cache: the count before its block, and the block's
    /// bytes up to it.
    pub fn prefetch(&self, text: &str, byte: usize) {
        let block = byte / Self::BLOCK;
        match &self.before_block {
            Counts::Narrow(counts) => prefetch(counts.as_ptr().wrapping_add(block)),
            Counts::Wide(counts) => prefetch(counts.as_ptr().wrapping_add(block)),
        }
        let bytes = text.as_ptr();
        for line in (block * Self::BLOCK..=byte.min(text.len())).step_by(64) {
            prefetch(bytes.wrapping_add(line));
        }
    }

    /// The byte offset of code-point offset `chars` of the text this index
    /// was built from; `None` past its end. O(log n + block size).
    pub fn byte_at(&self, text: &str, chars: usize) -> Option<usize> {
        if chars > self.len() {
            return None;
        }
        // The last block starting at or before the wanted char.
        let block = self.before_block.at_most(chars) - 1;
        let mut from = (block * Self::BLOCK).min(text.len());
        // A block may begin inside a char, which was counted in the block before.
        while !text.is_char_boundary(from) {
            from += 1;
        }
        let within = chars - self.before_block.get(block);
        Some(from + char_to_byte(&text[from..], within))
    }

    /// How many code points the text has.
    pub fn len(&self) -> usize {
        self.before_block.last()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// Whether a UTF-8 byte continues a char rather than starting one.
fn is_continuation(b: u8) -> bool {
    b & 0xC0 == 0x80
}

/// The substring of `text` between two code-point offsets, clamped to the text.
pub fn slice_chars(text: &str, start: usize, end: usize) -> &str {
    let from = char_to_byte(text, start);
    let to = from + char_to_byte(&text[from..], end.saturating_sub(start));
    &text[from..to]
}

/// Converts a code-point offset to a byte offset, clamped to the text's end.
///
/// Counts the chars of eight bytes at a time (those that start a char) as
/// long as the wanted one lies further on, then goes char by char: citing
/// code points is what every quote check at load does.
pub fn char_to_byte(text: &str, chars: usize) -> usize {
    let bytes = text.as_bytes();
    let (mut byte, mut left) = (0, chars);
    while let Some(word) = bytes.get(byte..).and_then(<[u8]>::first_chunk::<8>) {
        let starts = char_starts(u64::from_le_bytes(*word));
        // Strictly more: the wanted char's own first byte must lie ahead.
        if starts > left {
            break;
        }
        left -= starts;
        byte += 8;
    }
    // `byte` may fall inside a char whose first byte the words counted.
    while byte < bytes.len() && is_continuation(bytes[byte]) {
        byte += 1;
    }
    byte + text[byte..]
        .char_indices()
        .nth(left)
        .map_or(text.len() - byte, |(at, _)| at)
}

/// How many of the eight bytes of `word` start a char (are not `0b10xxxxxx`).
fn char_starts(word: u64) -> usize {
    const HIGH: u64 = 0x8080_8080_8080_8080;
    // A byte continues a char when its top two bits are 10: then, masked to
    // those bits and flipped at the top, it is zero.
    let x = (word & 0xC0C0_C0C0_C0C0_C0C0) ^ HIGH;
    // The top bit of each byte of `x` that is zero, exactly (no carries).
    let low = (x & !HIGH).wrapping_add(!HIGH);
    let zero = !(low | x | !HIGH);
    8 - zero.count_ones() as usize
}

/// Up to `n` code points of `text` before byte offset `byte`.
pub fn chars_before(text: &str, byte: usize, n: usize) -> &str {
    let head = &text[..byte];
    let from = head
        .char_indices()
        .rev()
        .nth(n.saturating_sub(1))
        .map_or(0, |(b, _)| b);
    if n == 0 { "" } else { &head[from..] }
}

/// Up to `n` code points of `text` from byte offset `byte` on.
pub fn chars_after(text: &str, byte: usize, n: usize) -> &str {
    let tail = &text[byte..];
    &tail[..char_to_byte(tail, n)]
}

/// Every byte offset where `needle` occurs in `haystack`, overlaps included.
pub fn find_all(haystack: &str, needle: &str) -> Vec<usize> {
    if needle.is_empty() {
        return Vec::new();
    }
    let mut found = Vec::new();
    let mut from = 0;
    while let Some(i) = haystack[from..].find(needle) {
        found.push(from + i);
        let step = needle.chars().next().map_or(1, char::len_utf8);
        from += i + step;
    }
    found
}

/// The passage of `text` that most likely was meant by a `quote` that does
/// not occur verbatim, as a byte range: anchored on the longest prefix or
/// suffix of the quote that does occur, and as long as the quote.
///
/// Costs O(log q) substring searches of the text, for a quote of q chars.
pub fn closest_passage(text: &str, quote: &str) -> Option<(usize, usize)> {
    let chars: Vec<(usize, char)> = quote.char_indices().collect();
    let n = chars.len();
    let byte_at = |k: usize| chars.get(k).map_or(quote.len(), |(b, _)| *b);
    let longest = |occurs: &dyn Fn(usize) -> bool| {
        let (mut lo, mut hi) = (0, n);
        while lo < hi {
            let mid = (lo + hi).div_ceil(2);
            if occurs(mid) { lo = mid } else { hi = mid - 1 }
        }
        lo
    };
    let prefix_len = longest(&|k| text.contains(&quote[..byte_at(k)]));
    let suffix_len = longest(&|k| text.contains(&quote[byte_at(n - k)..]));
    if prefix_len.max(suffix_len) < 3 {
        return None;
    }
    if prefix_len >= suffix_len {
        let start = text.find(&quote[..byte_at(prefix_len)])?;
        Some((start, start + char_to_byte(&text[start..], n)))
    } else {
        let tail = &quote[byte_at(n - suffix_len)..];
        let end = text.find(tail)? + tail.len();
        let head = &text[..end];
        let start = head.char_indices().rev().nth(n - 1).map_or(0, |(b, _)| b);
        Some((start, end))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding_strips_accents_case_and_typography() {
        assert_eq!(fold("“Jacson,”"), "\"jacson,\"");
        assert_eq!(fold("People’s\u{a0}Front"), "people's front");
    }

    /// An index as `CharIndex::new` makes it, and one with the 64-bit
    /// counts of a text past 4 GiB.
    fn both_indexes(text: &str) -> [CharIndex; 2] {
        [CharIndex::new(text), CharIndex::counting(text, true)]
    }

    #[test]
    fn char_index_agrees_with_counting() {
        let text = "l’Humanité ".repeat(100);
        for index in both_indexes(&text) {
            for (byte, _) in text.char_indices().chain([(text.len(), ' ')]) {
                assert_eq!(index.char_at(&text, byte), byte_to_char(&text, byte));
            }
        }
    }

    proptest::proptest! {
        #[test]
        fn utf8_accepts_and_refuses_what_the_standard_library_does(
            text in "[a -~éł’\u{1F600}]{0,40}",
            noise in proptest::collection::vec(proptest::num::u8::ANY, 0..8),
            at in 0usize..48,
        ) {
            // Valid text with arbitrary bytes spliced in somewhere.
            let mut bytes = text.into_bytes();
            let at = at.min(bytes.len());
            bytes.splice(at..at, noise);
            let std = String::from_utf8(bytes.clone());
            proptest::prop_assert_eq!(utf8_str(&bytes), std::str::from_utf8(&bytes).ok());
            let ours = utf8(bytes).map_err(|e| e.utf8_error().valid_up_to());
            proptest::prop_assert_eq!(ours, std.map_err(|e| e.utf8_error().valid_up_to()));
        }

        #[test]
        fn char_to_byte_counts_chars_as_char_indices_does(
            text in "[a -~éł’ﬁ\u{301}\u{1F600}]{0,80}",
            past in 0usize..4,
        ) {
            let chars = text.chars().count();
            for n in 0..chars + past {
                let naive = text.char_indices().nth(n).map_or(text.len(), |(b, _)| b);
                proptest::prop_assert_eq!(char_to_byte(&text, n), naive, "char {}", n);
            }
        }
    }

    #[test]
    fn char_index_finds_the_byte_of_every_code_point() {
        let text = "l’Humanité ".repeat(100);
        let bytes: Vec<usize> = text.char_indices().map(|(b, _)| b).collect();
        for index in both_indexes(&text) {
            for (chars, byte) in bytes.iter().chain([&text.len()]).enumerate() {
                assert_eq!(index.byte_at(&text, chars), Some(*byte), "char {chars}");
            }
            assert_eq!(index.byte_at(&text, index.len() + 1), None);
            assert_eq!(index.len(), bytes.len());
        }
    }

    #[test]
    fn ascii_folds_as_the_full_folding_does() {
        for b in 0u8..128 {
            let c = b as char;
            let mut fast = Vec::new();
            fold_into(c, |f| fast.push(f));
            assert_eq!(fast, fold_char(c).collect::<Vec<_>>(), "{c:?}");
        }
    }

    #[test]
    fn slicing_by_code_points() {
        let text = "l’Humanité kept";
        assert_eq!(slice_chars(text, 2, 10), "Humanité");
        assert_eq!(chars_before(text, text.find("kept").unwrap(), 3), "té ");
        assert_eq!(chars_after(text, 0, 2), "l’");
    }

    #[test]
    fn closest_passage_survives_a_one_letter_typo() {
        let text = "one two three four five six seven";
        let (s, e) = closest_passage(text, "three foor five").unwrap();
        assert_eq!(&text[s..e], "three four five");
        let (s, e) = closest_passage(text, "thxee four five").unwrap();
        assert_eq!(&text[s..e], "three four five");
    }
}
