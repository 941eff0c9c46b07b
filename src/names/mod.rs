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

//!
//! This file holds the public API ([`NameIndex`], [`NameRef`],
//! `fold_names`) and the char sets; each structure lives in its own file:
//!
//! - `views`: the sorted views (`Views`, `Trie`) and the compact entry
//!   (`Placed`) they and the vocabulary are sorted as;
//! - `vocabulary`: the distinct words as an [`fst`] dictionary, with the
//!   names holding each and the walk for near words;
//! - `grams`: the byte-trigram posting lists of the vocabulary's words.

use rayon::prelude::*;

use crate::base::{Strings, TooLarge};
use crate::store::EntityTable;
use crate::text;
use crate::typo::Near;

mod grams;
#[cfg(test)]
mod tests;
mod views;
mod vocabulary;

use views::Views;
use vocabulary::Vocabulary;

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
/// rather than a `String` a name (an arena spends no allocation and no
/// pointer, length and capacity on each name). `None` past 4 GiB of names.
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
    /// only a bit test for each name turned away.
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
