//! Finding every place the sources name an entity: each name or alias,
//! folded, wherever it stands in a folded text as whole words.
//!
//! A library's texts run to gigabytes and its names to millions, too many
//! for one automaton over every name to stay in cache. Names are instead
//! keyed by their first word: each word of the text that could start a name
//! is looked up (one hash probe), and only where some name starts with that
//! word are the spans ending at the next word boundaries tried against the
//! set of names. The longest name at each place wins, and matches do not
//! overlap: after one, the text is read on where it ends. Sources are
//! scanned in parallel.
//!
//! The table of names runs to a hundred megabytes, so a probe into it is a
//! miss in every cache; two small arrays that stay in cache turn away most
//! words and spans first: `Reach`, how long a name starting with a word
//! may be and after how many word boundaries it may end, by a hash of the
//! word (zero: none starts with it), and a
//! `Sieve` of the names' hashes. Names of up to `base::str_table::INLINE` bytes
//! are kept in the table itself, so that a hit reads no other memory.

use rayon::prelude::*;

use crate::base::StrTable;
use crate::base::hash::hash_bytes;
use crate::text;

/// A name occurring in a text: which name (the value it was given, by
/// default its position in the list the finder was built from) and the
/// byte range of the original text. Texts past 4 GiB are not searched
/// beyond that.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Found {
    pub name: u32,
    pub byte_start: u32,
    pub byte_end: u32,
}

/// The names to look for, indexed by first word.
pub struct Finder {
    /// Every folded name, to its position (the first, for names given twice).
    names: StrTable,
    /// How long the names starting with each first word may be.
    reach: Reach,
    /// The hashes of every name.
    name_sieve: Sieve,
    /// Chars other than letters and digits that start some name, e.g. `'`.
    odd_starts: Vec<char>,
}

/// The hash the finder's tables and sieves use: the one the names' table
/// files its keys under, so that a span's hash is computed once.
fn hash(s: &[u8]) -> u64 {
    hash_bytes(s)
}

impl Finder {
    /// Indexes folded names, each found as its position in `folded`;
    /// empty names are ignored.
    pub fn new<'a>(folded: impl IntoIterator<Item = &'a str>) -> Finder {
        let named: Vec<(&str, u32)> = folded.into_iter().zip(0..).collect();
        Finder::valued(&named)
    }

    /// Indexes folded names, each found as the value given with it (the
    /// first, for a name given twice): the graph gives each its entity, so
    /// that a mention found needs no look-up of whose name it is.
    pub fn valued(named: &[(&str, u32)]) -> Finder {
        let named: std::borrow::Cow<[(&str, u32)]> = if named.iter().any(|(n, _)| n.is_empty()) {
            let given = named.iter().copied();
            given.filter(|(name, _)| !name.is_empty()).collect()
        } else {
            named.into()
        };
        // The table is placed on one core while the rest is built beside it.
        let (names, (reach, name_sieve, odd_starts)) = rayon::join(
            || StrTable::of(&named),
            || {
                let heads = named.iter().map(|(name, _)| Head {
                    hash: hash(head(name, 0).as_bytes()),
                    len: name.len(),
                    ends_after: boundaries_within(name),
                });
                let hashes = named.iter().map(|(name, _)| hash(name.as_bytes()));
                let sieve = Sieve::of(hashes, named.len());
                (Reach::of(heads), sieve, odd_starts(&named))
            },
        );
        Finder {
            reach,
            name_sieve,
            names,
            odd_starts,
        }
    }

    /// Every whole-word occurrence of a name in each text, by text.
    pub fn find_all<'t>(
        &self,
        texts: impl IndexedParallelIterator<Item = &'t str>,
    ) -> Vec<Vec<Found>> {
        texts.map(|text| self.find(text)).collect()
    }

    /// Every whole-word occurrence of a name in `text`, in text order.
    ///
    /// Works in passes over the whole text rather than word by word, so
    /// that the probes into the finder's tables, nearly all cache misses,
    /// stand in tight loops of independent reads the processor overlaps:
    /// the places a name may start, then how far a name from each may
    /// reach, then the sieve for every span within reach, then the table
    /// for the spans that pass. Only then are the longest names taken, in
    /// text order, each skipping the places it covers.
    pub fn find(&self, text: &str) -> Vec<Found> {
        let folded = Folded::new(text);
        let f = folded.text.as_str();
        let Scan { starts, breaks } = self.scan(f);
        let reach: Vec<[u8; 2]> = starts
            .iter()
            .map(|s| self.reach.slot_value(s.hash))
            .collect();
        let mut spans = spans_within_reach(f, &starts, &reach, &breaks);
        drop(breaks);
        let passes: Vec<bool> = spans
            .iter()
            .map(|s| self.name_sieve.may_hold(s.hash))
            .collect();
        let mut kept = passes.iter();
        spans.retain(|_| kept.next().copied().unwrap_or(false));
        let mut longest: Vec<Option<(u32, usize)>> = vec![None; starts.len()];
        let keys = spans
            .iter()
            .map(|s| (s.hash, &f[starts[s.start].at..s.end]));
        self.names.get_each(keys, |i, name| {
            let (Some(name), span) = (name, &spans[i]) else {
                return;
            };
            let best = &mut longest[span.start];
            if best.is_none_or(|(_, end)| end < span.end) {
                *best = Some((name, span.end));
            }
        });
        let mut back = Back::new(&folded.changed);
        let mut found = Vec::new();
        let mut covered = 0;
        for (start, best) in starts.iter().zip(longest) {
            let Some((name, end)) = best.filter(|_| start.at >= covered) else {
                continue;
            };
            let (from, to) = (back.start(start.at), back.end(end));
            if let (Ok(byte_start), Ok(byte_end)) = (u32::try_from(from), u32::try_from(to)) {
                found.push(Found {
                    name,
                    byte_start,
                    byte_end,
                });
            }
            covered = end;
        }
        found
    }

    /// One pass over the folded text `f`: every place where a name may
    /// start (the first char of each word, and each char some name starts
    /// with that is neither a letter nor a digit nor right after one), each
    /// with the hash of its first word (for a word, the word; otherwise the
    /// char); and every place a name may end, for [`spans_within_reach`].
    fn scan(&self, f: &str) -> Scan {
        let bytes = f.as_bytes();
        // About a word in six bytes of a text, and as many breaks: reserved
        // at once: 3–4 % less time than grown, in a probe.
        let mut scan = Scan {
            starts: Vec::with_capacity(bytes.len() / 6),
            breaks: Vec::with_capacity(bytes.len() / 5),
        };
        let mut at = 0;
        let mut after_word = false;
        while at < bytes.len() {
            let c = char_at(f, at);
            if c.is_alphanumeric() {
                let word = head(f, at).len();
                scan.starts.push(Start {
                    at,
                    hash: hash(&bytes[at..at + word]),
                });
                at += word;
                after_word = true;
            } else {
                if !after_word && self.odd_starts.contains(&c) {
                    let len = c.len_utf8();
                    scan.starts.push(Start {
                        at,
                        hash: hash(&bytes[at..at + len]),
                    });
                }
                scan.breaks.push(at);
                at += c.len_utf8();
                after_word = false;
            }
        }
        scan.breaks.push(bytes.len());
        scan
    }
}

/// The chars other than letters and digits that some name starts with.
fn odd_starts(named: &[(&str, u32)]) -> Vec<char> {
    let mut odd = Vec::new();
    for first in named.iter().filter_map(|(name, _)| name.chars().next()) {
        if !first.is_alphanumeric() && !odd.contains(&first) {
            odd.push(first);
        }
    }
    odd
}

/// What [`Finder::scan`] finds in a folded text.
struct Scan {
    /// Where names may start, in order.
    starts: Vec<Start>,
    /// Where names may end, in order: each char that is neither a letter
    /// nor a digit, and the end of the text.
    breaks: Vec<usize>,
}

/// A place in a folded text where a name may start, and the hash of the
/// word there.
struct Start {
    at: usize,
    hash: u64,
}

/// A stretch of a folded text that may be a name: from a [`Start`] (by its
/// position among them) to a word boundary, with its hash.
struct Span {
    start: usize,
    end: usize,
    hash: u64,
}

/// Every span from each start to a word boundary within the reach of its
/// first word (`reach[i]`, a [`Reach`] slot value, for `starts[i]`): the
/// spans that end where a name may (`breaks`, from [`Finder::scan`]), and
/// after as many boundaries as some name starting with that word ends
/// after. The boundaries a span passes are the breaks after its first char
/// and before its end; a span ending at a break ends on a char boundary
/// and before neither a letter nor a digit, as a name in the text must.
fn spans_within_reach(f: &str, starts: &[Start], reach: &[[u8; 2]], breaks: &[usize]) -> Vec<Span> {
    let bytes = f.as_bytes();
    let mut spans = Vec::new();
    // The first break past the current start.
    let mut next = 0;
    for (i, (start, &slot)) in starts.iter().zip(reach).enumerate() {
        let Some((longest, ends)) = Reach::bound(slot) else {
            continue;
        };
        let at = start.at;
        while breaks.get(next).is_some_and(|&b| b <= at) {
            next += 1;
        }
        let limit = at.saturating_add(longest);
        for (passed, &end) in breaks[next..].iter().enumerate() {
            if end > limit || !ends.may_end_after_any_of(passed) {
                break;
            }
            if ends.may_end_after(passed) {
                spans.push(Span {
                    start: i,
                    end,
                    hash: hash(&bytes[at..end]),
                });
            }
        }
    }
    spans
}

/// What the finder keeps of a name for [`Reach`]: the hash of its first
/// word, its length, and how many word boundaries it ends after.
#[derive(Clone, Copy)]
struct Head {
    hash: u64,
    len: usize,
    ends_after: usize,
}

/// How many of the places a span from a name's first char may end come
/// before the name's own end: its chars, past the first, that are neither
/// letters nor digits. A text holding the name holds the same chars there,
/// so its spans from that place end there in that order.
fn boundaries_within(name: &str) -> usize {
    name.chars()
        .skip(1)
        .filter(|c| !c.is_alphanumeric())
        .count()
}

/// After how many word boundaries the names starting with a word may end:
/// bit `k` for `k` boundaries, the top bit for seven or more. A span whose
/// bit is clear is no name, and is neither hashed nor looked for. Most
/// names end after one boundary or two ("ruth bobaba", "r. bobaba"), where
/// the longest name starting with the same word may reach past three.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Ends(u8);

impl Ends {
    fn of(boundaries: usize) -> Ends {
        Ends(1 << boundaries.min(7))
    }

    fn may_end_after(self, boundaries: usize) -> bool {
        self.0 & Ends::of(boundaries).0 != 0
    }

    /// Whether some name may end after `boundaries` or more.
    fn may_end_after_any_of(self, boundaries: usize) -> bool {
        self.0 >> boundaries.min(7) != 0
    }
}

/// How long, in bytes, a name starting with a given word may be, and after
/// how many word boundaries it may end ([`Ends`]), by a hash of the word:
/// two bytes a slot holding, of every word that hashes there, the longest
/// such name (so a bound, never short; 0 where none does, and 255 for "any
/// length") and every name's boundaries. A word whose slot's length is 0
/// starts no name. Two slots per name: 9.2 MiB for the 2.4 million names of
/// `large`, the two bytes of a slot read together.
struct Reach {
    slots: Vec<[u8; 2]>,
}

/// The slot value that bounds nothing.
const ANY_LENGTH: u8 = u8::MAX;

impl Reach {
    /// From each name's first word's hash, length and boundaries.
    fn of(heads: impl ExactSizeIterator<Item = Head>) -> Reach {
        let mut reach = Reach {
            slots: vec![[0, 0]; (heads.len() * 2).max(64)],
        };
        for head in heads {
            let slot = reach.slot(head.hash);
            let len = u8::try_from(head.len).unwrap_or(ANY_LENGTH);
            let [longest, ends] = &mut reach.slots[slot];
            *longest = (*longest).max(len);
            *ends |= Ends::of(head.ends_after).0;
        }
        reach
    }

    /// The slot of the word hashed to `h`: the hash, mixed, scaled to the
    /// number of slots (multiply-shift), so that every bit of it counts.
    fn slot(&self, h: u64) -> usize {
        let mixed = h.wrapping_mul(0x9E37_79B9_7F4A_7C15);
        ((u128::from(mixed) * self.slots.len() as u128) >> 64) as usize
    }

    /// The slot of the word hashed to `h`, for [`Reach::bound`]: read
    /// apart from what is done with it, so that reads of many words' slots
    /// overlap.
    fn slot_value(&self, h: u64) -> [u8; 2] {
        self.slots[self.slot(h)]
    }

    /// A bound on the length of the names starting with a word whose slot
    /// holds `value`, and after how many boundaries they may end; `None`
    /// when no name starts with it.
    fn bound([longest, ends]: [u8; 2]) -> Option<(usize, Ends)> {
        match longest {
            0 => None,
            ANY_LENGTH => Some((usize::MAX, Ends(ends))),
            len => Some((len as usize, Ends(ends))),
        }
    }

    /// What the slot of the word hashed to `h` says of the names starting
    /// with it; `None` when no name starts with it.
    #[cfg(test)]
    fn of_word(&self, h: u64) -> Option<(usize, Ends)> {
        Reach::bound(self.slot_value(h))
    }
}

/// A set of hashes kept as one bit each: says for certain that a hash was
/// never added, and may be wrong the other way (about one time in 16 when
/// full). 16 bits per hash added, rounded up to a power of two: 4 MiB for
/// two million names, small enough to stay in cache where the table it
/// stands in front of does not.
struct Sieve {
    bits: Vec<u64>,
    /// How far to shift a mixed hash to get a bit number.
    shift: u32,
}

impl Sieve {
    /// A sieve holding `hashes`, of which there are about `count`.
    fn of(hashes: impl Iterator<Item = u64>, count: usize) -> Sieve {
        let bits = (count * 16).next_power_of_two().max(64);
        let mut sieve = Sieve {
            bits: vec![0; bits / 64],
            shift: 64 - bits.trailing_zeros(),
        };
        for h in hashes {
            let bit = sieve.bit(h);
            sieve.bits[bit / 64] |= 1 << (bit % 64);
        }
        sieve
    }

    /// Which bit stands for `h`: its top bits once mixed, so that every bit
    /// of `h` counts.
    fn bit(&self, h: u64) -> usize {
        (h.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> self.shift) as usize
    }

    /// False only when `h` was never added.
    fn may_hold(&self, h: u64) -> bool {
        let bit = self.bit(h);
        self.bits[bit / 64] & (1 << (bit % 64)) != 0
    }
}

/// The char at byte `at` of `s`, decoded only when it is not ASCII.
fn char_at(s: &str, at: usize) -> char {
    match s.as_bytes()[at] {
        b if b.is_ascii() => b as char,
        _ => s[at..]
            .chars()
            .next()
            .unwrap_or(char::REPLACEMENT_CHARACTER),
    }
}

/// The first word of `s` from byte `at`: its run of letters and digits, or
/// its first char when that is neither. ASCII is read byte by byte.
fn head(s: &str, at: usize) -> &str {
    let rest = &s[at..];
    let bytes = rest.as_bytes();
    let mut word = 0;
    while let Some(&b) = bytes.get(word) {
        if b.is_ascii() {
            if !b.is_ascii_alphanumeric() {
                break;
            }
            word += 1;
        } else {
            match rest[word..].chars().next() {
                Some(c) if c.is_alphanumeric() => word += c.len_utf8(),
                _ => break,
            }
        }
    }
    if word > 0 {
        &rest[..word]
    } else {
        rest.chars().next().map_or("", |c| &rest[..c.len_utf8()])
    }
}

/// A text folded as names are, with the way back to the original bytes.
///
/// Folding keeps ASCII as it is, byte for byte; only the other chars may
/// change length. So the way back is kept for those alone, and a position in
/// a run of ASCII is found from the last non-ASCII char before it.
struct Folded {
    text: String,
    /// Each non-ASCII char, in order: its folded and original byte ranges.
    changed: Vec<Changed>,
}

#[derive(Debug, Clone, Copy)]
struct Changed {
    folded: (usize, usize),
    original: (usize, usize),
}

/// An ASCII byte folded as [`text::ASCII_FOLDED`] folds it, as arithmetic
/// rather than a table look-up, so that the compiler makes vector code of a
/// run of them.
fn fold_ascii(b: u8) -> u8 {
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
fn ascii_run(bytes: &[u8]) -> usize {
    let mut n = 0;
    let mut chunks = bytes.chunks_exact(8);
    for c in &mut chunks {
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
    fn new(original: &str) -> Folded {
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
        let text = text::utf8(folded)
            .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned());
        Folded { text, changed }
    }
}

/// The way back from a folded text's byte offsets to the original's, for
/// offsets asked in order (each at or past the one before, as the names
/// found are): a cursor over the chars that changed, not a search of them
/// for every offset.
struct Back<'f> {
    changed: &'f [Changed],
    /// How many of `changed` start before the last offset asked.
    passed: usize,
}

impl<'f> Back<'f> {
    fn new(changed: &'f [Changed]) -> Back<'f> {
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
    fn start(&mut self, at: usize) -> usize {
        match self.changed_before(at + 1) {
            Some(c) if at < c.folded.1 => c.original.0,
            Some(c) => c.original.1 + (at - c.folded.1),
            None => at,
        }
    }

    /// The original byte offset just past the char whose folded form ends
    /// at `end`, and past any chars right after it that fold to nothing
    /// (combining accents), so that a name keeps its accents.
    fn end(&mut self, end: usize) -> usize {
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

#[cfg(test)]
mod tests {
    use super::*;

    fn names_in(names: &[&str], text: &str) -> Vec<(String, String)> {
        let folded: Vec<String> = names.iter().map(|n| text::fold(n)).collect();
        let finder = Finder::new(folded.iter().map(String::as_str));
        finder
            .find(text)
            .into_iter()
            .map(|f| {
                (
                    names[f.name as usize].to_string(),
                    text[f.byte_start as usize..f.byte_end as usize].to_string(),
                )
            })
            .collect()
    }

    #[test]
    fn names_are_found_as_whole_words_longest_first() {
        let found = names_in(
            &["Leon", "Leon Trotsky", "Trotsky", "Cárdenas"],
            "Leon Trotsky met LÁZARO CARDENAS; Trotskyism is not Trotsky. Leonid, Leon.",
        );
        assert_eq!(
            found,
            vec![
                ("Leon Trotsky".into(), "Leon Trotsky".into()),
                ("Cárdenas".into(), "CARDENAS".into()),
                ("Trotsky".into(), "Trotsky".into()),
                ("Leon".into(), "Leon".into()),
            ]
        );
    }

    #[test]
    fn offsets_map_back_through_chars_that_fold_longer_or_shorter() {
        let found = names_in(
            &["Fine Café", "Ève"],
            "“ﬁne Cafe\u{301}” — ÈVE and ﬁne café.",
        );
        assert_eq!(
            found,
            vec![
                ("Fine Café".into(), "ﬁne Cafe\u{301}".into()),
                ("Ève".into(), "ÈVE".into()),
                ("Fine Café".into(), "ﬁne café".into()),
            ]
        );
    }

    #[test]
    fn a_name_may_reach_into_the_middle_of_a_char() {
        // "leshade x" is 9 bytes; byte 9 of the text falls inside "ł".
        let found = names_in(&["Leshade X", "Leshade"], "Leshade ł and Leshade X.");
        assert_eq!(
            found,
            vec![
                ("Leshade".into(), "Leshade".into()),
                ("Leshade X".into(), "Leshade X".into()),
            ]
        );
    }

    #[test]
    fn typography_and_odd_first_chars_fold_away() {
        let found = names_in(
            &["l'Humanité", "'t Hooft", "People's Front"],
            "In l’Humanité, the People’s\u{a0}Front and ‘t Hooft.",
        );
        assert_eq!(
            found,
            vec![
                ("l'Humanité".into(), "l’Humanité".into()),
                ("People's Front".into(), "People’s\u{a0}Front".into()),
                ("'t Hooft".into(), "‘t Hooft".into()),
            ]
        );
    }

    /// The finder's answer worked out the slow way on the folded text:
    /// at every position where a name may start, the longest name that
    /// stands there as whole words, then on past it.
    fn slowly(names: &[String], text: &str) -> Vec<u32> {
        let folded = Folded::new(text).text;
        let starts: Vec<char> = names.iter().filter_map(|n| n.chars().next()).collect();
        let word = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
        let mut found = Vec::new();
        let mut next = 0;
        for (p, c) in folded.char_indices() {
            let after_word = word(folded[..p].chars().next_back());
            if p < next || after_word || !(c.is_alphanumeric() || starts.contains(&c)) {
                continue;
            }
            let best = names
                .iter()
                .enumerate()
                .filter(|(_, n)| !n.is_empty() && folded[p..].starts_with(n.as_str()))
                .filter(|(_, n)| !word(folded[p + n.len()..].chars().next()))
                .max_by_key(|(i, n)| (n.len(), std::cmp::Reverse(*i)));
            if let Some((i, n)) = best {
                found.push(i as u32);
                next = p + n.len();
            }
        }
        found
    }

    proptest::proptest! {
        #[test]
        fn the_finder_finds_what_the_slow_way_finds(
            names in proptest::collection::vec(
                proptest::collection::vec(proptest::sample::select(WORDS.to_vec()), 1..3), 1..6),
            text in proptest::collection::vec(
                (proptest::sample::select(WORDS.to_vec()), proptest::sample::select(GAPS.to_vec())), 0..30),
        ) {
            let names: Vec<String> = names.iter().map(|w| text::fold(&w.join(" "))).collect();
            let text: String = text.iter().map(|(w, g)| format!("{w}{g}")).collect();
            let finder = Finder::new(names.iter().map(String::as_str));
            let found = finder.find(&text);
            let which: Vec<u32> = found.iter().map(|f| f.name).collect();
            proptest::prop_assert_eq!(&which, &slowly(&names, &text));
            for f in &found {
                let words = &text[f.byte_start as usize..f.byte_end as usize];
                proptest::prop_assert_eq!(&text::fold(words), &names[f.name as usize]);
            }
        }
    }

    /// A folded text and, for each non-ASCII char, its folded and original
    /// byte ranges.
    type FoldedParts = (String, Vec<((usize, usize), (usize, usize))>);

    /// `Folded::new` as first written, a char at a time.
    fn folded_by_chars(original: &str) -> FoldedParts {
        let mut text = String::new();
        let mut changed = Vec::new();
        for (byte, c) in original.char_indices() {
            let from = text.len();
            text::fold_into(c, |f| text.push(f));
            if !c.is_ascii() {
                changed.push(((from, text.len()), (byte, byte + c.len_utf8())));
            }
        }
        (text, changed)
    }

    proptest::proptest! {
        #[test]
        fn folding_by_ascii_runs_folds_as_char_by_char(
            text in "[a-zA-Z0-9 ,.'`\t\n\u{b}łéÉ\u{301}\u{a0}ﬁ٣’“—-]{0,40}",
        ) {
            let folded = Folded::new(&text);
            let changed: Vec<_> = folded.changed.iter().map(|c| (c.folded, c.original)).collect();
            proptest::prop_assert_eq!((folded.text, changed), folded_by_chars(&text));
        }
    }

    #[test]
    fn every_ascii_byte_folds_by_arithmetic_as_by_the_table() {
        for b in 0..128u8 {
            assert_eq!(fold_ascii(b), text::ASCII_FOLDED[b as usize], "byte {b}");
        }
    }

    proptest::proptest! {
        #[test]
        fn an_ascii_run_read_by_words_ends_where_read_by_bytes(text in "[a-z ,.]{0,20}[é’]?[a-z]{0,9}") {
            let bytes = text.as_bytes();
            proptest::prop_assert_eq!(ascii_run(bytes), bytes.iter().take_while(|b| b.is_ascii()).count());
        }
    }

    /// `head` as first written, a char at a time.
    fn head_by_chars(s: &str, at: usize) -> &str {
        let rest = &s[at..];
        let word = rest
            .char_indices()
            .find(|(_, c)| !c.is_alphanumeric())
            .map_or(rest.len(), |(i, _)| i);
        if word > 0 {
            &rest[..word]
        } else {
            rest.chars().next().map_or("", |c| &rest[..c.len_utf8()])
        }
    }

    proptest::proptest! {
        #[test]
        fn head_reads_ascii_by_bytes_as_it_reads_chars(text in "[a-zA-Z0-9 ,.'łéÉ\u{301}\u{a0}ﬁ٣-]{0,12}") {
            for (at, _) in text.char_indices() {
                proptest::prop_assert_eq!(head(&text, at), head_by_chars(&text, at));
            }
        }

        #[test]
        fn a_sieve_never_turns_away_what_it_holds(
            held in proptest::collection::vec(proptest::num::u64::ANY, 0..200),
        ) {
            let sieve = Sieve::of(held.iter().copied(), held.len());
            for h in held {
                proptest::prop_assert!(sieve.may_hold(h));
            }
        }
    }

    proptest::proptest! {
        #[test]
        fn reach_bounds_every_name_by_its_first_word(
            names in proptest::collection::vec(
                (proptest::num::u64::ANY, 1usize..400, 0usize..12), 0..200),
        ) {
            let heads: Vec<Head> = names
                .iter()
                .map(|&(hash, len, ends_after)| Head { hash, len, ends_after })
                .collect();
            let reach = Reach::of(heads.iter().copied());
            for head in &heads {
                let (len, ends_after) = (head.len, head.ends_after);
                let bound = reach.of_word(head.hash);
                proptest::prop_assert!(
                    bound.is_some_and(|(b, ends)| b >= len && ends.may_end_after(ends_after)),
                    "{bound:?} leaves out {len} bytes after {ends_after} boundaries"
                );
            }
        }
    }

    #[test]
    fn long_names_are_found_as_short_ones_are() {
        let long = "The Committee for the Defense of Leon Trotsky";
        let found = names_in(
            &[long, "Leon Trotsky"],
            &format!("{long} and Leon Trotsky."),
        );
        assert_eq!(
            found,
            vec![
                (long.into(), long.into()),
                ("Leon Trotsky".into(), "Leon Trotsky".into()),
            ]
        );
    }

    #[test]
    fn names_ending_after_seven_boundaries_or_more_are_found_beside_short_ones() {
        let (nine, eight, two) = ("A b c d e f g h i", "A b c d e f g h", "A b");
        let found = names_in(
            &[nine, eight, two],
            "A b c d e f g h i, a b c d e f g h and a b c.",
        );
        assert_eq!(
            found,
            vec![
                (nine.into(), nine.into()),
                (eight.into(), "a b c d e f g h".into()),
                (two.into(), "a b".into()),
            ]
        );
    }

    #[test]
    fn a_sieve_turns_away_most_of_what_it_does_not_hold() {
        let sieve = Sieve::of(
            (0..10_000u64).map(|i| hash(format!("name {i}").as_bytes())),
            10_000,
        );
        let passed = (0..10_000u64)
            .filter(|i| sieve.may_hold(hash(format!("other {i}").as_bytes())))
            .count();
        assert!(passed < 1_000, "{passed} of 10,000 passed");
    }

    const WORDS: [&str; 10] = [
        "ab",
        "abc",
        "Ab",
        "łu",
        "ł",
        "éa",
        "Ée\u{301}",
        "'t",
        "ﬁn",
        "abcdefghijklmnopqrstuvwxyz",
    ];
    const GAPS: [&str; 5] = [" ", ", ", "", "-", "\u{a0}"];
}
