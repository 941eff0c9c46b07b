//! The name index: every folded name and alias, with the sorted views that
//! let search find its candidates without reading every name.
//!
//! Built once at load from the entities. Names are numbered in entity order
//! (an entity's name, then its aliases), and an entity is a plain `u32`
//! position here, so that this module sits below [`crate::graph`].
//!
//! What it answers, each a *superset* of the names a score could accept, so
//! that search scores only candidates and still gives the scan's answers:
//!
//! - names equal to or starting with a query: a binary search of the names
//!   sorted by folded form, O(log n + hits);
//! - names with a word starting with it: the same over the suffixes that
//!   start a word (after ' ' or '-'), a sparse suffix array;
//! - names containing it (3 bytes or more): the names of the distinct
//!   words of the names (the *vocabulary*) that hold one of its words,
//!   found on the posting lists of that word's two rarest byte trigrams, or
//!   the word-suffix range of its last word, whichever holds fewest;
//! - names lacking at most some of its chars: a pass over a 64-bit set of
//!   each name's chars, a lower bound on the edits from the query;
//! - names with a word near a word of it (see [`crate::typo`]): the
//!   vocabulary as a finite-state transducer ([`fst`]) walked with the
//!   [`Near`] automaton, which leaves a branch as soon as no word below it
//!   can come within the edits, and for each word the names holding it.
//!
//! Each sorted view is a `Trie`: its tails copied back to back in sorted
//! order, so that a scan of a range reads memory in order. Memory: the
//! folded bytes of each view (the names, then the tails of their later
//! words), 8 bytes per entry of each view (where its tail starts, whose
//! name it is), 4 per name for its entity and 4 for its place among the
//! names, 8 for its char set; for the vocabulary, its words' bytes and 4 for
//! where each starts, a few bytes per word in the transducer, 4 per word of
//! a name for the names holding each, and the trigram postings (delta-coded
//! varints, 1–3 bytes per distinct trigram of a word) plus 8 bytes per
//! distinct trigram.

use std::ops::Range;

use rayon::prelude::*;
use rustc_hash::FxHashMap;

use fst::Automaton;
use fst::raw::{CompiledAddr, Output};

use crate::base::{Strings, TooLarge, leb128};
use crate::store::EntityTable;
use crate::text;
use crate::typo::Near;

/// Every folded name and alias of a set of entities, indexed for search.
#[derive(Debug, Default)]
pub struct NameIndex {
    /// The names as folded.
    forward: Views,
    /// Every distinct word, with the names holding it.
    vocabulary: Vocabulary,
    /// The entity position of every name.
    entity: Vec<u32>,
    /// Where every name is among the forward spelling's whole names.
    entry: Vec<u32>,
    /// For every entry of the forward spelling's whole names (in their
    /// sorted order, so that a filtering pass reads both in order), the set
    /// of its chars as [`char_set`] writes it.
    char_sets: Vec<u64>,
}

/// One spelling of every name, as the two sorted views the tries are
/// walked over: the whole names, and the rest of each name from every word
/// after its first (the byte after a ' ' or '-').
#[derive(Debug, Default)]
struct Views {
    names: Trie,
    words: Trie,
}

impl Views {
    /// Sorts and lays out the two views of `names` (spelled as this view
    /// wants them), in parallel.
    fn new(names: &Strings) -> Views {
        let whole = || {
            let whole = placed_names(names).map(|(n, at, s)| Placed::new(n, at, s, 0, s.len()));
            Trie::new(names, whole)
        };
        let words = || {
            let starts = placed_names(names).flat_map(|(n, at, s)| {
                let bytes = s.as_bytes();
                (1..bytes.len())
                    .filter(move |&i| matches!(bytes[i - 1], b' ' | b'-'))
                    .map(move |i| Placed::new(n, at, s, i, s.len() - i))
            });
            Trie::new(names, starts)
        };
        let (names, words) = rayon::join(whole, words);
        Views { names, words }
    }

    fn heap_bytes(&self) -> usize {
        self.names.heap_bytes() + self.words.heap_bytes()
    }
}

/// One sorted view, laid out flat: the tails it sorts, copied back to back
/// in sorted order, so that entries next to each other in the order lie next
/// to each other in memory, and a binary search or a scan of a range reads
/// few cache lines.
#[derive(Debug, Default)]
struct Trie {
    /// The tails in sorted order, back to back.
    tails: String,
    /// Where each entry's tail starts in `tails`, ascending; one more entry
    /// for the end.
    start: Vec<u32>,
    /// The name each entry belongs to.
    name: Vec<u32>,
}

/// A tail or word of a name being sorted: its first eight bytes as one
/// number ([`prefix`], in two halves so that the entry is 20 bytes, not
/// 24), where it lies among the names' bytes, and the name's number. At a
/// million entities, the two views and the vocabulary sort 10 million of
/// them at once, beside the claim rows; as a slice and a name they took 32
/// bytes each.
#[derive(Debug, Clone, Copy)]
struct Placed {
    prefix: [u32; 2],
    at: u32,
    len: u32,
    name: u32,
}

impl Placed {
    /// The part of `name` (name number `n`, at `name_at` among the names'
    /// bytes) from byte `from`, `len` bytes long.
    fn new(n: u32, name_at: usize, name: &str, from: usize, len: usize) -> Placed {
        let prefix = prefix(&name[from..from + len]);
        Placed {
            prefix: [(prefix >> 32) as u32, prefix as u32],
            at: (name_at + from) as u32,
            len: len as u32,
            name: n,
        }
    }

    fn prefix(&self) -> u64 {
        (u64::from(self.prefix[0]) << 32) | u64::from(self.prefix[1])
    }

    /// Its bytes, among `joined` (the names' bytes).
    fn of<'s>(&self, joined: &'s str) -> &'s str {
        &joined[self.at as usize..(self.at + self.len) as usize]
    }

    /// The order of the views and the vocabulary: by bytes (the prefix
    /// first, the bytes themselves only where prefixes are equal), then by
    /// name, then by place.
    fn cmp_in(&self, other: &Placed, joined: &str) -> std::cmp::Ordering {
        self.prefix().cmp(&other.prefix()).then_with(|| {
            // As bytes: slicing a `str` would check both ends are char
            // boundaries at every comparison.
            let bytes = joined.as_bytes();
            let key = |p: &Placed| (&bytes[p.at as usize..(p.at + p.len) as usize], p.name, p.at);
            key(self).cmp(&key(other))
        })
    }
}

/// Each name of `names` with its number and where it starts among their
/// bytes.
fn placed_names(names: &Strings) -> impl Iterator<Item = (u32, usize, &str)> {
    let mut at = 0;
    names.iter().zip(0..).map(move |(name, n)| {
        let start = at;
        at += name.len();
        (n, start, name)
    })
}

impl Trie {
    /// The trie of the tails of `names` given as [`Placed`] entries,
    /// sorted by tail (ties by name, then by where the tail starts).
    ///
    /// The sort compares the first eight bytes of two tails as one number
    /// and reads the tails themselves, scattered over the arena, only when
    /// those are equal.
    fn new(names: &Strings, tails: impl Iterator<Item = Placed>) -> Trie {
        let joined = names.joined();
        let mut entries: Vec<Placed> = tails.collect();
        entries.par_sort_unstable_by(|a, b| a.cmp_in(b, joined));
        let mut trie = Trie {
            tails: String::with_capacity(entries.iter().map(|e| e.len as usize).sum()),
            start: Vec::with_capacity(entries.len() + 1),
            name: Vec::with_capacity(entries.len()),
        };
        for e in &entries {
            trie.start.push(trie.tails.len() as u32);
            trie.name.push(e.name);
            trie.tails.push_str(e.of(joined));
        }
        trie.start.push(trie.tails.len() as u32);
        trie
    }

    /// How many entries.
    fn len(&self) -> usize {
        self.name.len()
    }

    /// Entry `e`'s tail.
    fn tail_of(&self, e: usize) -> &str {
        &self.tails[self.start[e] as usize..self.start[e + 1] as usize]
    }

    /// The entries whose tails start with `prefix`.
    fn prefix_range(&self, prefix: &[u8]) -> std::ops::Range<usize> {
        let tail = |e: usize| self.tail_of(e).as_bytes();
        let below = |e: usize| tail(e) < prefix;
        let from = partition_point(self.len(), below);
        let to = from + partition_point(self.len() - from, |i| tail(from + i).starts_with(prefix));
        from..to
    }

    /// The names of the entries whose tails start with `prefix`.
    fn names_with_prefix(&self, prefix: &[u8]) -> &[u32] {
        &self.name[self.prefix_range(prefix)]
    }

    fn heap_bytes(&self) -> usize {
        self.tails.capacity() + 4 * (self.start.capacity() + self.name.capacity())
    }
}

/// Every distinct word of every name (the name split at ' '), numbered in
/// byte order, with the names holding each.
#[derive(Debug)]
struct Vocabulary {
    /// Each word to its number.
    dictionary: fst::Map<Vec<u8>>,
    /// Where each word's names start in `names`; one more for the end.
    starts: Vec<u32>,
    /// Each word's names, ascending, word after word.
    names: Vec<u32>,
    /// The words back to back, in number order.
    text: Vec<u8>,
    /// Where each word starts in `text`; one more for the end.
    at: Vec<u32>,
    /// Which words hold each byte trigram.
    grams: Grams,
}

impl Default for Vocabulary {
    fn default() -> Vocabulary {
        Vocabulary {
            dictionary: fst::Map::default(),
            starts: vec![0],
            names: Vec::new(),
            text: Vec::new(),
            at: vec![0],
            grams: Grams::default(),
        }
    }
}

/// The dictionary a builder fed in memory has made. Neither step can fail
/// for a builder writing to memory that was given its words sorted and
/// distinct (the only errors are its writer's, and keys out of order), so
/// a failure is a broken invariant, reported in a debug build.
fn dictionary(builder: fst::MapBuilder<Vec<u8>>) -> fst::Map<Vec<u8>> {
    let map = builder.into_inner().and_then(fst::Map::new);
    debug_assert!(
        map.is_ok(),
        "the dictionary of words did not build: {map:?}"
    );
    map.unwrap_or_default()
}

impl Vocabulary {
    /// The words of `folded` (the names in name order), sorted by their
    /// first eight bytes as one number first, then by the rest and by name.
    fn new(folded: &Strings) -> Vocabulary {
        let joined = folded.joined();
        let mut placed: Vec<Placed> = placed_names(folded)
            .flat_map(|(n, at, name)| {
                let mut from = 0;
                name.split(' ').map(move |word| {
                    let placed = Placed::new(n, at, name, from, word.len());
                    from += word.len() + 1;
                    placed
                })
            })
            .collect();
        placed.par_sort_unstable_by(|a, b| a.cmp_in(b, joined));
        placed.dedup_by(|a, b| a.name == b.name && a.len == b.len && a.of(joined) == b.of(joined));
        let mut builder = fst::MapBuilder::memory();
        let (mut starts, mut names, mut words) = (Vec::new(), Vec::new(), Vec::new());
        names.reserve_exact(placed.len());
        for e in &placed {
            let word = e.of(joined);
            if words.last() != Some(&word) {
                // In byte order and distinct, as the sort and this test
                // make them: the one thing an in-memory builder refuses.
                let inserted = builder.insert(word, starts.len() as u64);
                debug_assert!(
                    inserted.is_ok(),
                    "words reach the dictionary unsorted or twice"
                );
                starts.push(names.len() as u32);
                words.push(word);
            }
            names.push(e.name);
        }
        drop(placed);
        starts.push(names.len() as u32);
        let grams = Grams::new(&words);
        let mut at = Vec::with_capacity(words.len() + 1);
        let mut text = Vec::with_capacity(words.iter().map(|w| w.len()).sum());
        for word in words {
            at.push(text.len() as u32);
            text.extend_from_slice(word.as_bytes());
        }
        at.push(text.len() as u32);
        Vocabulary {
            dictionary: dictionary(builder),
            starts,
            names,
            text,
            at,
            grams,
        }
    }

    /// Hands `found` the number of every word `near` accepts: a depth-first
    /// walk of the transducer that leaves a branch as soon as no word below
    /// it can be near, and, once no edit is left, follows only the chars
    /// that match instead of trying every transition (in a dictionary as
    /// dense as the generator's, most of the branches a walk enters).
    fn near_words(&self, near: &Near, mut found: impl FnMut(usize)) {
        let fst = self.dictionary.as_fst();
        let mut stack = vec![(fst.root().addr(), near.start(), Output::zero())];
        let (mut next, mut utf8) = (Vec::new(), [0u8; 4]);
        while let Some((addr, state, out)) = stack.pop() {
            let node = fst.node(addr);
            if node.is_final() && near.is_match(&state) {
                found(out.cat(node.final_output()).value() as usize);
            }
            if near.exact_next(&state, &mut next) {
                for &c in &next {
                    let bytes = c.encode_utf8(&mut utf8).as_bytes();
                    if let Some((to, out)) = follow(fst, addr, bytes, out) {
                        stack.push((to, near.step(&state, c), out));
                    }
                }
            } else {
                for t in node.transitions() {
                    let state = near.accept(&state, t.inp);
                    if near.can_match(&state) {
                        stack.push((t.addr, state, out.cat(t.out)));
                    }
                }
            }
        }
    }

    /// The names holding word number `w`.
    fn names_at(&self, w: usize) -> &[u32] {
        &self.names[self.starts[w] as usize..self.starts[w + 1] as usize]
    }

    /// The names holding `word`.
    fn names_of(&self, word: &str) -> &[u32] {
        match self.dictionary.get(word) {
            Some(w) => self.names_at(w as usize),
            None => &[],
        }
    }

    /// Word number `w`.
    fn word(&self, w: usize) -> &[u8] {
        &self.text[self.at[w] as usize..self.at[w + 1] as usize]
    }

    /// The numbers of the words containing `part` (3 bytes or more),
    /// ascending: those on the posting lists of both its rarest trigrams
    /// that hold it. `None` when one of its trigrams is in no word.
    fn words_containing(&self, part: &str) -> Option<Vec<u32>> {
        let (rarest, next) = self.grams.two_rarest(part)?;
        let mut words: Vec<u32> = self.grams.decode(rarest).collect();
        if let Some(next) = next {
            let mut others = self.grams.decode(next).peekable();
            words.retain(|&w| {
                while others.next_if(|&o| o < w).is_some() {}
                others.peek() == Some(&w)
            });
        }
        let finder = memchr::memmem::Finder::new(part);
        words.retain(|&w| finder.find(self.word(w as usize)).is_some());
        Some(words)
    }

    fn heap_bytes(&self) -> usize {
        self.dictionary.as_fst().size()
            + 4 * (self.starts.capacity() + self.names.capacity() + self.at.capacity())
            + self.text.capacity()
            + self.grams.heap_bytes()
    }
}

/// One name as the index holds it.
#[derive(Debug, Clone, Copy)]
pub struct NameRef<'a> {
    /// The name's number: its position in entity order.
    pub id: u32,
    pub folded: &'a str,
    /// The entity's position.
    pub entity: u32,
    /// Which of the entity's names (0 the name, then its aliases).
    pub ordinal: usize,
}

/// Every name and alias of every entity, folded, in entity order, with
/// each one's entity; folded a part of the entities per task, into arenas
/// rather than a `String` a name (2.4 million names at a million entities
/// took 130 MB as `String`s, 45 in an arena). `None` past 4 GiB of names.
/// The loader checks them for clashes, and the name index is built from
/// them.
pub(crate) fn fold_names(entities: &EntityTable) -> Result<(Strings, Vec<u32>), TooLarge> {
    const PART: usize = 1 << 14;
    let parts: Vec<Result<(Strings, Vec<u32>), TooLarge>> = (0..entities.len().div_ceil(PART))
        .into_par_iter()
        .map(|part| {
            let (mut folded, mut owner) = (Strings::default(), Vec::new());
            let mut buffer = String::new();
            for e in part * PART..((part + 1) * PART).min(entities.len()) {
                for name in entities.get(e).names() {
                    buffer.clear();
                    text::fold_onto(name, &mut buffer);
                    folded.push(&buffer)?;
                    owner.push(e as u32);
                }
            }
            Ok((folded, owner))
        })
        .collect();
    let (mut folded, mut owner) = (Strings::default(), Vec::new());
    for part in parts {
        let (part, owners) = part?;
        folded.append(&part)?;
        owner.extend(owners);
    }
    Ok((folded, owner))
}

impl NameIndex {
    /// Folds and indexes every name and alias. Costs O(c log n) for c folded
    /// bytes in n names (sorting the four views, in parallel; trigrams by
    /// counting). [`TooLarge`] past 4 GiB of folded names, which the loader refuses.
    pub fn new(entities: &EntityTable) -> Result<NameIndex, TooLarge> {
        let (folded, entity) = fold_names(entities)?;
        let views = || rayon::join(|| Views::new(&folded), || Vocabulary::new(&folded));
        let (forward, vocabulary) = views();
        drop(folded);
        let names = &forward.names;
        let char_sets = (0..names.name.len())
            .map(|e| char_set(names.tail_of(e)))
            .collect();
        let mut entry = vec![0; entity.len()];
        for (e, &n) in forward.names.name.iter().enumerate() {
            entry[n as usize] = e as u32;
        }
        Ok(NameIndex {
            forward,
            vocabulary,
            entity,
            entry,
            char_sets,
        })
    }

    /// How many names and aliases.
    pub fn len(&self) -> usize {
        self.entity.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entity.is_empty()
    }

    /// The folded form of name `n`.
    pub fn folded(&self, n: usize) -> &str {
        self.forward.names.tail_of(self.entry[n] as usize)
    }

    /// The entity position of name `n`.
    pub fn entity(&self, n: usize) -> u32 {
        self.entity[n]
    }

    /// Name `n` with its entity and which of the entity's names it is.
    pub fn get(&self, n: usize) -> NameRef<'_> {
        let entity = self.entity[n];
        let ordinal = self.entity[..n]
            .iter()
            .rev()
            .take_while(|&&e| e == entity)
            .count();
        NameRef {
            id: n as u32,
            folded: self.folded(n),
            entity,
            ordinal,
        }
    }

    /// Every name in entity order.
    pub fn iter(&self) -> impl Iterator<Item = NameRef<'_>> + '_ {
        (0..self.len()).map(|n| self.get(n))
    }

    /// Bytes held, for reports: both arenas and every view.
    pub fn heap_bytes(&self) -> usize {
        self.forward.heap_bytes()
            + self.vocabulary.heap_bytes()
            + 4 * (self.entity.capacity() + self.entry.capacity())
            + 8 * self.char_sets.capacity()
    }

    /// The folded names' bytes.
    pub fn text_bytes(&self) -> usize {
        self.forward.names.tails.len()
    }

    /// Names starting with `prefix` (equal ones included). O(log n + hits).
    pub fn with_prefix(&self, prefix: &str, out: &mut Vec<u32>) {
        out.extend(self.forward.names.names_with_prefix(prefix.as_bytes()));
    }

    /// Names with a word after the first starting with `prefix`.
    /// O(log n + hits).
    pub fn with_word_prefix(&self, prefix: &str, out: &mut Vec<u32>) {
        out.extend(self.forward.words.names_with_prefix(prefix.as_bytes()));
    }

    /// A superset of the names containing `needle`, or `None` when it is
    /// shorter than a trigram.
    ///
    /// A name containing it has, for each of its words (split at ' '), a
    /// word containing that one; a word after its first starting with the
    /// needle's last word, when it has several; and the needle's middle
    /// words as they are. The names are drawn from whichever of those has
    /// the fewest: the range of the word-suffix view for the last word, the
    /// vocabulary's names for a middle word, and for each word of 3 bytes or
    /// more the names of the vocabulary words holding it (those on the
    /// posting lists of its two rarest trigrams, then tested). For a needle
    /// of one word, exactly the names containing it.
    pub fn containing(&self, needle: &str, out: &mut Vec<u32>) -> Option<()> {
        if needle.len() < 3 {
            return None;
        }
        let parts: Vec<&str> = needle.split(' ').collect();
        let mut fewest: Option<Holding<'_>> = None;
        if let [_, middle @ .., last] = &parts[..] {
            Holding::names(self.forward.words.names_with_prefix(last.as_bytes()))
                .keep_if_fewer(&mut fewest);
            for word in middle {
                Holding::names(self.vocabulary.names_of(word)).keep_if_fewer(&mut fewest);
            }
        }
        for part in parts.iter().filter(|p| p.len() >= 3) {
            let Some(words) = self.vocabulary.words_containing(part) else {
                return Some(()); // A trigram no word has: nothing contains it.
            };
            let len = self.names_of_words(&words);
            let holding = Holding {
                len,
                source: Source::Words(words),
            };
            holding.keep_if_fewer(&mut fewest);
        }
        match fewest?.source {
            Source::Names(names) => out.extend(names),
            Source::Words(words) => self.with_words(&words, out),
        }
        Some(())
    }

    /// The names holding every char of `query`, with their folded forms,
    /// in sorted order (not by number): a superset of those containing it,
    /// for queries too short for a trigram. One pass over 8 bytes a name
    /// and over the names it lets through, both in memory order: O(n), but
    /// a nanosecond or so for each name turned away.
    pub fn holding_every_char_of(&self, query: &str) -> impl Iterator<Item = (u32, &str)> + '_ {
        let wanted = char_set(query);
        let names = &self.forward.names;
        self.char_sets
            .iter()
            .enumerate()
            .filter(move |(_, has)| wanted & !**has == 0)
            .map(|(e, _)| {
                let folded = names.tail_of(e);
                (names.name[e], folded)
            })
    }

    /// How many names hold `word` (folded) as one of their words.
    pub fn names_with_word(&self, word: &str) -> usize {
        self.vocabulary.names_of(word).len()
    }

    /// The numbers of the distinct words of the names that `near` accepts,
    /// in no particular order. Costs the transducer states within reach of
    /// the query word, O(q) each.
    pub fn words_near(&self, near: &Near) -> Vec<u32> {
        let mut words = Vec::new();
        self.vocabulary.near_words(near, |w| words.push(w as u32));
        words
    }

    /// How many names the words numbered `words` have between them,
    /// counting a name once per word it holds.
    pub fn names_of_words(&self, words: &[u32]) -> usize {
        let starts = &self.vocabulary.starts;
        words
            .iter()
            .map(|&w| (starts[w as usize + 1] - starts[w as usize]) as usize)
            .sum()
    }

    /// The names holding the words numbered `words`, each word's ascending.
    pub fn with_words(&self, words: &[u32], out: &mut Vec<u32>) {
        for &w in words {
            out.extend(self.vocabulary.names_at(w as usize));
        }
    }
}

/// Names that hold something, as a slice or as the words whose names they
/// are, and how many.
struct Holding<'a> {
    len: usize,
    source: Source<'a>,
}

enum Source<'a> {
    Names(&'a [u32]),
    Words(Vec<u32>),
}

impl<'a> Holding<'a> {
    fn names(names: &'a [u32]) -> Holding<'a> {
        Holding {
            len: names.len(),
            source: Source::Names(names),
        }
    }

    /// Puts this in `fewest` if it has fewer names than what is there.
    fn keep_if_fewer(self, fewest: &mut Option<Holding<'a>>) {
        if fewest.as_ref().is_none_or(|f| self.len < f.len) {
            *fewest = Some(self);
        }
    }
}

/// The chars of `s` as a bit set: 'a' to 'z', ' ' and '-' each their own
/// bit, any other char one of the rest by its code. Distinct chars may share
/// a bit, so a set may seem to hold a char it lacks, never the reverse.
fn char_set(s: &str) -> u64 {
    s.chars().fold(0, |set, c| {
        let bit = match c {
            'a'..='z' => c as u32 - 'a' as u32,
            ' ' => 26,
            '-' => 27,
            _ => 28 + (c as u32).wrapping_mul(0x9E37_79B1) % 36,
        };
        set | 1 << bit
    })
}

fn gram(w: &[u8]) -> u32 {
    (w[0] as u32) << 16 | (w[1] as u32) << 8 | w[2] as u32
}

/// For every byte trigram of a list of strings, which strings hold it: the
/// trigrams (as `b0 << 16 | b1 << 8 | b2`), sorted, each with where its list
/// starts in `postings`, each list the ascending string numbers as varint
/// gaps.
#[derive(Debug, Default)]
struct Grams {
    grams: Vec<(u32, u32)>,
    postings: Vec<u8>,
}

impl Grams {
    /// Counts every string's distinct trigrams, then fills the lists in
    /// string order, so that each comes out ascending without a sort.
    fn new(strings: &[&str]) -> Grams {
        let mut counts: FxHashMap<u32, u32> = FxHashMap::default();
        let mut grams_of = Vec::new();
        for s in strings {
            distinct_grams(s, &mut grams_of);
            for &g in &grams_of {
                *counts.entry(g).or_default() += 1;
            }
        }
        let mut keys: Vec<u32> = counts.keys().copied().collect();
        keys.sort_unstable();
        let mut first: FxHashMap<u32, usize> = FxHashMap::default();
        let mut total = 0usize;
        for &k in &keys {
            first.insert(k, total);
            total += counts[&k] as usize;
        }
        let mut next = first.clone();
        let mut flat = vec![0u32; total];
        for (n, s) in strings.iter().enumerate() {
            distinct_grams(s, &mut grams_of);
            for &g in &grams_of {
                if let Some(at) = next.get_mut(&g) {
                    flat[*at] = n as u32;
                    *at += 1;
                }
            }
        }
        let mut postings = Vec::new();
        let mut grams = Vec::with_capacity(keys.len());
        for &k in &keys {
            grams.push((k, postings.len() as u32));
            let from = first[&k];
            let mut last = 0u32;
            for (i, &n) in flat[from..from + counts[&k] as usize].iter().enumerate() {
                let gap = if i == 0 { n } else { n - last };
                leb128::push(&mut postings, u64::from(gap));
                last = n;
            }
        }
        Grams { grams, postings }
    }

    /// The bytes of the two shortest posting lists among the distinct
    /// trigrams of `needle` (3 bytes or more; the second `None` when it has
    /// one), or `None` when one of them is in no string.
    fn two_rarest(&self, needle: &str) -> Option<(Range<usize>, Option<Range<usize>>)> {
        let mut lists: Vec<Range<usize>> = Vec::new();
        for g in needle.as_bytes().windows(3).map(gram) {
            let i = self.grams.binary_search_by_key(&g, |&(k, _)| k).ok()?;
            let from = self.grams[i].1 as usize;
            let to = self
                .grams
                .get(i + 1)
                .map_or(self.postings.len(), |&(_, o)| o as usize);
            lists.push(from..to);
        }
        lists.sort_by_key(|r| (r.len(), r.start));
        lists.dedup();
        let mut lists = lists.into_iter();
        Some((lists.next()?, lists.next()))
    }

    /// The string numbers of the posting list in `bytes`.
    fn decode(&self, bytes: Range<usize>) -> impl Iterator<Item = u32> + '_ {
        let (mut at, mut n) = (bytes.start, 0u32);
        std::iter::from_fn(move || {
            (at < bytes.end).then(|| {
                n += leb128::read(&self.postings, &mut at) as u32;
                n
            })
        })
    }

    fn heap_bytes(&self) -> usize {
        8 * self.grams.capacity() + self.postings.capacity()
    }
}

/// The distinct trigrams of a folded name, sorted, into `out`.
fn distinct_grams(folded: &str, out: &mut Vec<u32>) {
    out.clear();
    out.extend(folded.as_bytes().windows(3).map(gram));
    out.sort_unstable();
    out.dedup();
}

/// The first of `0..len` for which `test` fails, `test` holding of a first
/// run and failing after.
fn partition_point(len: usize, test: impl Fn(usize) -> bool) -> usize {
    let (mut lo, mut hi) = (0, len);
    while lo < hi {
        let mid = lo + (hi - lo) / 2;
        if test(mid) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    lo
}

/// Where `bytes` lead from the node at `addr`, with the output gathered on
/// the way, if the transducer has that path.
fn follow(
    fst: &fst::raw::Fst<Vec<u8>>,
    addr: CompiledAddr,
    bytes: &[u8],
    mut out: Output,
) -> Option<(CompiledAddr, Output)> {
    let mut addr = addr;
    for &b in bytes {
        let node = fst.node(addr);
        let t = node.transition(node.find_input(b)?);
        out = out.cat(t.out);
        addr = t.addr;
    }
    Some((addr, out))
}

/// The first eight bytes of `s` as a big-endian number, zero-padded: two
/// strings whose prefixes differ are ordered as their prefixes are.
fn prefix(s: &str) -> u64 {
    let mut bytes = [0u8; 8];
    let n = s.len().min(8);
    bytes[..n].copy_from_slice(&s.as_bytes()[..n]);
    u64::from_be_bytes(bytes)
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;
    use crate::model::{Entity, EntityType};

    fn index(names: &[&str]) -> NameIndex {
        let entities: Vec<Entity> = names
            .iter()
            .enumerate()
            .map(|(i, n)| Entity::numbered(i, EntityType::Person, n))
            .collect();
        NameIndex::new(&EntityTable::new(&entities).unwrap()).unwrap()
    }

    fn found(found: impl FnOnce(&NameIndex, &mut Vec<u32>), names: &[&str]) -> Vec<u32> {
        let mut out = Vec::new();
        found(&index(names), &mut out);
        out.sort_unstable();
        out.dedup();
        out
    }

    proptest::proptest! {
        #[test]
        fn a_trie_lays_its_tails_out_in_byte_order_then_name_order(
            names in proptest::collection::vec("[ab\u{0}é ]{0,12}", 0..12),
        ) {
            let mut arena = Strings::default();
            for name in &names {
                arena.push(name).unwrap();
            }
            // Every tail of every name, from each char.
            let tails: Vec<(u32, u32)> = names
                .iter()
                .zip(0..)
                .flat_map(|(name, n)| name.char_indices().map(move |(at, _)| (n, at as u32)))
                .collect();
            let placed = placed_names(&arena).flat_map(|(n, at, s)| {
                s.char_indices().map(move |(i, _)| Placed::new(n, at, s, i, s.len() - i))
            });
            let trie = Trie::new(&arena, placed);
            let laid: Vec<(&[u8], u32)> = (0..tails.len())
                .map(|e| (trie.tail_of(e).as_bytes(), trie.name[e]))
                .collect();
            let mut sorted: Vec<(&[u8], u32)> = tails
                .iter()
                .map(|&(n, at)| (&names[n as usize].as_bytes()[at as usize..], n))
                .collect();
            sorted.sort();
            proptest::prop_assert_eq!(laid, sorted);
        }
    }

    #[test]
    fn prefixes_words_and_substrings() {
        let names = ["Jean-Luc Picard", "Luc", "Lucas", "Saint Lucia", "Paul"];
        assert_eq!(found(|i, o| i.with_prefix("luc", o), &names), [1, 2]);
        assert_eq!(found(|i, o| i.with_word_prefix("luc", o), &names), [0, 3]);
        let containing = |q: &'static str| {
            move |i: &NameIndex, o: &mut Vec<u32>| i.containing(q, o).expect("long enough")
        };
        assert_eq!(found(containing("uci"), &names), [3]);
        assert_eq!(found(containing("n-luc p"), &names), [0]);
        assert_eq!(found(containing("zzz"), &names), Vec::<u32>::new());
        assert!(index(&names).containing("lu", &mut Vec::new()).is_none());
    }

    #[test]
    fn words_near_a_word_find_their_names() {
        let names = [
            "Ruth Bobaba",
            "Ivan Boabba",
            "Bobaba Party",
            "Karl Lolivu",
            "Ruth",
        ];
        let near = |w: &'static str, edits| {
            move |i: &NameIndex, o: &mut Vec<u32>| {
                i.with_words(&i.words_near(&Near::new(w, edits)), o)
            }
        };
        assert_eq!(found(near("bobaba", 1), &names), [0, 1, 2]);
        assert_eq!(found(near("bobaba", 0), &names), [0, 2]);
        assert_eq!(found(near("ruht", 1), &names), [0, 4]);
        assert_eq!(index(&names).names_with_word("ruth"), 2);
        assert_eq!(index(&names).names_with_word("rut"), 0);
    }

    proptest! {
        /// The char sets turn away no name containing the query, and every
        /// name lacking one of its letters.
        #[test]
        fn the_char_sets_keep_every_name_containing_the_query(
            names in prop::collection::vec("[abcéłż -]{0,10}", 1..12),
            query in "[abcéłż ]{0,3}",
        ) {
            let names: Vec<&str> = names.iter().map(String::as_str).collect();
            let index = index(&names);
            let kept: Vec<u32> = index.holding_every_char_of(&query).map(|(n, _)| n).collect();
            for n in 0..index.len() {
                let folded = index.folded(n);
                if folded.contains(query.as_str()) {
                    prop_assert!(kept.contains(&(n as u32)), "turned away {folded:?}");
                }
                let lacks_a_letter = query.chars().any(|c| matches!(c, 'a'..='c') && !folded.contains(c));
                prop_assert!(!lacks_a_letter || !kept.contains(&(n as u32)), "kept {folded:?}");
            }
        }

        /// Every name with a word within the edits of the query word, by
        /// strsim's optimal string alignment distance, is found, and no other.
        #[test]
        fn the_vocabulary_walk_finds_exactly_the_near_words(
            names in prop::collection::vec("[abcé -]{0,14}", 1..12),
            word in "[abcé]{0,9}",
            edits in 0..3u8,
        ) {
            let names: Vec<&str> = names.iter().map(String::as_str).collect();
            let index = index(&names);
            let mut out = Vec::new();
            index.with_words(&index.words_near(&Near::new(&word, edits)), &mut out);
            out.sort_unstable();
            out.dedup();
            let expected: Vec<u32> = (0..index.len())
                .filter(|&n| {
                    index
                        .folded(n)
                        .split(' ')
                        .any(|w| strsim::osa_distance(&word, w) <= edits as usize)
                })
                .map(|n| n as u32)
                .collect();
            prop_assert_eq!(out, expected);
        }
    }
}
