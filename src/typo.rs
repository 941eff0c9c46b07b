//! What a typo is: each word of a query may be a few edits away from the
//! word of a name it stands for, the more the longer the word.
//!
//! Search engines users know (Meilisearch, Typesense, Algolia) allow typos
//! word by word for a reason: over a whole name, a quarter of its length in
//! edits lets "The Lolivu Papers" match every "The … Papers" whose one
//! distinctive word is four letters off, and over a library's names that
//! is a flood of hits, none of them what was asked for. Word by word, the
//! distinctive word has to be close on its own.
//!
//! An edit is an insertion, a deletion, a substitution or a swap of two
//! adjacent chars (the optimal string alignment distance, in chars). The
//! same automaton, [`Near`], decides it when search scores a name and when
//! the name index walks its dictionary of words for candidates, so the two
//! can never disagree.

use fst::Automaton;

/// Words longer than this many chars are matched exactly: the automaton's
/// state holds a column of this many cells.
pub const MAX_TYPO_WORD: usize = 32;

/// How many edits a query word of `chars` chars may be from a name's word:
/// none under 5 chars, one from 5, two from 9 (and never more), as
/// Meilisearch allows by default. Shorter words have too many neighbours
/// one edit away ("ruth", "roth", "rush") for a typo to tell them apart.
pub fn allowance(chars: usize) -> u8 {
    match chars {
        0..5 => 0,
        5..9 => 1,
        9..=MAX_TYPO_WORD => 2,
        _ => 0,
    }
}

/// The words of a folded query (split at ' '), each with the edits it may
/// have.
pub fn query_words(q: &str) -> impl Iterator<Item = (&str, u8)> {
    q.split(' ').map(|w| (w, allowance(w.chars().count())))
}

/// The words within `edits` of one query word: an automaton over the UTF-8
/// bytes of a candidate, so that it can walk a dictionary ([`fst`]) as well
/// as test one word ([`Near::matches`]).
///
/// With no edit allowed (and for every word longer than [`MAX_TYPO_WORD`])
/// it only follows the word's own bytes.
#[derive(Debug, Clone)]
pub struct Near {
    text: Box<str>,
    word: Vec<char>,
    edits: u8,
}

/// [`Column::read`] once a candidate has left the word, with no edit allowed.
const LEFT: u32 = u32::MAX;

/// Where [`Near`] stands after some bytes of a candidate: the last two
/// columns of the edit-distance table (query prefixes down, candidate
/// prefixes across), each cell capped at one more than the edits allowed,
/// and the bytes of a char not yet complete.
#[derive(Debug, Clone)]
pub struct Column {
    cells: [u8; MAX_TYPO_WORD + 1],
    before: [u8; MAX_TYPO_WORD + 1],
    /// The candidate's last complete char, if any.
    last: Option<char>,
    pending: [u8; 4],
    pending_len: u8,
    /// With no edit allowed, how many bytes of the word the candidate has
    /// matched, or [`LEFT`].
    read: u32,
}

impl Near {
    /// The automaton for `word` (folded) with `edits` allowed; words longer
    /// than [`MAX_TYPO_WORD`] chars get none.
    pub fn new(word: &str, edits: u8) -> Near {
        let text: Box<str> = word.into();
        let word: Vec<char> = word.chars().collect();
        let edits = if word.len() > MAX_TYPO_WORD { 0 } else { edits };
        Near { text, word, edits }
    }

    pub fn edits(&self) -> u8 {
        self.edits
    }

    /// Whether `candidate` is within the edits of the query word.
    pub fn matches(&self, candidate: &str) -> bool {
        if self.edits == 0 {
            return candidate == &*self.text;
        }
        // Each edit changes the length by one char at most.
        let chars = candidate.chars().count();
        if chars.abs_diff(self.word.len()) > self.edits as usize {
            return false;
        }
        let mut state = self.start();
        for &b in candidate.as_bytes() {
            state = self.accept(&state, b);
            if !self.can_match(&state) {
                return false;
            }
        }
        self.is_match(&state)
    }

    /// When no edit is left at any alignment of the candidate read so far,
    /// the chars that may come next (each matching the query word where an
    /// alignment stands), into `out`, and `true`: a walk need try only
    /// those. `false` when an edit is left, or a char is half read.
    pub fn exact_next(&self, state: &Column, out: &mut Vec<char>) -> bool {
        out.clear();
        if self.edits == 0 {
            let rest = self.text.get(state.read as usize..).unwrap_or_default();
            out.extend(rest.chars().next());
            return state.pending_len == 0;
        }
        let cells = &state.cells[..=self.word.len()];
        if state.pending_len != 0 || cells.iter().any(|&c| c < self.edits) {
            return false;
        }
        for (&cell, &c) in cells.iter().zip(&self.word) {
            if cell == self.edits && !out.contains(&c) {
                out.push(c);
            }
        }
        true
    }

    /// The column after the candidate's char `c`, from the two before.
    pub fn step(&self, state: &Column, c: char) -> Column {
        let (m, cap) = (self.word.len(), self.edits + 1);
        let mut next = Column {
            cells: [cap; MAX_TYPO_WORD + 1],
            before: state.cells,
            last: Some(c),
            pending: [0; 4],
            pending_len: 0,
            read: LEFT,
        };
        if self.edits == 0 {
            let rest = self.text.get(state.read as usize..).unwrap_or_default();
            if rest.starts_with(c) {
                next.read = state.read + c.len_utf8() as u32;
            }
            return next;
        }
        next.cells[0] = state.cells[0].saturating_add(1).min(cap);
        for i in 1..=m {
            let q = self.word[i - 1];
            let mut v = (state.cells[i - 1] + u8::from(q != c))
                .min(state.cells[i] + 1)
                .min(next.cells[i - 1] + 1);
            if i > 1 && state.last == Some(q) && self.word[i - 2] == c {
                v = v.min(state.before[i - 2] + 1);
            }
            next.cells[i] = v.min(cap);
        }
        next
    }
}

impl Automaton for Near {
    type State = Column;

    fn start(&self) -> Column {
        let cap = self.edits + 1;
        let mut cells = [cap; MAX_TYPO_WORD + 1];
        for (i, cell) in cells.iter_mut().enumerate().take(self.word.len() + 1) {
            *cell = (i as u8).min(cap);
        }
        Column {
            cells,
            before: [cap; MAX_TYPO_WORD + 1],
            last: None,
            pending: [0; 4],
            pending_len: 0,
            read: 0,
        }
    }

    fn is_match(&self, state: &Column) -> bool {
        match self.edits {
            0 => state.read as usize == self.text.len(),
            _ => state.pending_len == 0 && state.cells[self.word.len()] <= self.edits,
        }
    }

    /// Every later cell comes from a cell of this column plus something,
    /// or from the column before through a swap, which a cell of this
    /// column already bounds (a swap's cell is at least a substitution's).
    fn can_match(&self, state: &Column) -> bool {
        match self.edits {
            0 => state.read != LEFT,
            _ => state.cells[..=self.word.len()]
                .iter()
                .any(|&c| c <= self.edits),
        }
    }

    fn accept(&self, state: &Column, byte: u8) -> Column {
        if self.edits == 0 {
            let mut next = state.clone();
            let at = state.read as usize;
            let same = state.read != LEFT && self.text.as_bytes().get(at) == Some(&byte);
            next.read = if same { state.read + 1 } else { LEFT };
            return next;
        }
        let mut pending = state.pending;
        let len = state.pending_len as usize;
        pending[len] = byte;
        let len = len + 1;
        if len < utf8_len(pending[0]) {
            let mut waiting = state.clone();
            waiting.pending = pending;
            waiting.pending_len = len as u8;
            return waiting;
        }
        let c = std::str::from_utf8(&pending[..len])
            .ok()
            .and_then(|s| s.chars().next())
            .unwrap_or(char::REPLACEMENT_CHARACTER);
        self.step(state, c)
    }
}

/// How many bytes the UTF-8 sequence starting with `first` has.
fn utf8_len(first: u8) -> usize {
    match first {
        0..0xC0 => 1,
        0xC0..0xE0 => 2,
        0xE0..0xF0 => 3,
        _ => 4,
    }
}

/// Every string one edit (a char dropped, added, changed, or two swapped)
/// from `wanted`, the chars added or changed to being those of `wanted`
/// and those ids are usually made of: a–z, 0–9, '-', '_', '.' and ':'.
/// Some may repeat. O(length × alphabet) strings.
pub fn one_edit_away(wanted: &str) -> impl Iterator<Item = String> {
    let chars: Vec<char> = wanted.chars().collect();
    let mut alphabet: Vec<char> = ('a'..='z')
        .chain('0'..='9')
        .chain(['-', '_', '.', ':'])
        .chain(chars.iter().copied())
        .collect();
    alphabet.sort_unstable();
    alphabet.dedup();
    let n = chars.len();
    let spelled = |f: &dyn Fn(&mut Vec<char>)| {
        let mut c = chars.clone();
        f(&mut c);
        c.into_iter().collect::<String>()
    };
    let mut out = Vec::new();
    for i in 0..n {
        out.push(spelled(&|c| {
            c.remove(i);
        }));
        if i + 1 < n {
            out.push(spelled(&|c| c.swap(i, i + 1)));
        }
    }
    for i in 0..=n {
        for &a in &alphabet {
            out.push(spelled(&|c| c.insert(i, a)));
            if i < n && chars[i] != a {
                out.push(spelled(&|c| c[i] = a));
            }
        }
    }
    // Deleting any one of a run of equal chars spells the same string:
    // each is looked up, and suggested, once.
    out.sort_unstable();
    out.dedup();
    out.into_iter()
}

/// The id among `candidates` closest to `wanted` by edits (see the
/// module), when it is close enough to be what was meant: at most a
/// quarter of `wanted`'s chars away, and at least one. Ties go to the
/// first in `candidates`' order. O(candidates × length²).
pub fn closest<'a>(wanted: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let most = (wanted.chars().count() / 4).max(1);
    let mut best: Option<(usize, &str)> = None;
    for candidate in candidates {
        let edits = strsim::osa_distance(wanted, candidate);
        if edits <= most && edits > 0 && best.is_none_or(|(b, _)| edits < b) {
            best = Some((edits, candidate));
        }
    }
    best.map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    #[test]
    fn longer_words_may_have_more_edits() {
        assert_eq!(allowance("ruth".len()), 0);
        assert_eq!(allowance("budenz".len()), 1);
        assert_eq!(allowance("siqueiro".len()), 1);
        assert_eq!(allowance("siqueiros".len()), 2);
        assert_eq!(allowance(40), 0);
    }

    #[test]
    fn a_swap_of_adjacent_chars_is_one_edit() {
        let near = Near::new("bobaba", 1);
        assert!(near.matches("boabba"));
        assert!(near.matches("bobab"));
        assert!(near.matches("bobabas"));
        assert!(!near.matches("obbaab"));
        assert!(!near.matches("lolivu"));
    }

    #[test]
    fn words_past_the_longest_are_matched_as_they_are() {
        let long = "a".repeat(MAX_TYPO_WORD + 8);
        let near = Near::new(&long, 2);
        assert_eq!(near.edits(), 0);
        assert!(near.matches(&long));
        assert!(!near.matches(&long[1..]));
    }

    #[test]
    fn the_closest_id_is_one_a_typo_away_and_none_is_far() {
        let ids = ["ruth-calder", "ruth-carter", "earl-browder"];
        assert_eq!(closest("ruth-caldor", ids), Some("ruth-calder"));
        assert_eq!(
            closest("earl-browder", ["earl-browder"]),
            None,
            "not itself"
        );
        assert_eq!(closest("jack-stachel", ids), None);
    }

    proptest! {
        /// Every string one edit from the wanted id, over the chars ids are
        /// made of, is listed, and no other (but the wanted id itself, when
        /// a swap of two equal chars gives it back).
        #[test]
        fn one_edit_away_lists_every_string_one_edit_away(
            wanted in "[ab0_é-]{0,7}", candidate in "[ab0_é-]{0,8}",
        ) {
            prop_assume!(candidate != wanted);
            let new_chars_known = candidate.chars().all(|c| c != 'é' || wanted.contains('é'));
            let listed = one_edit_away(&wanted).any(|s| s == candidate);
            let one_edit = strsim::osa_distance(&wanted, &candidate) == 1;
            prop_assert_eq!(listed, one_edit && new_chars_known);
        }

        /// No string is listed twice, so no suggestion is made twice (an
        /// id with a run of equal chars, `c-99999999`, has many deletions
        /// that spell the same id).
        #[test]
        fn one_edit_away_lists_each_string_once(wanted in "[ab9-]{0,9}") {
            let listed: Vec<String> = one_edit_away(&wanted).collect();
            let distinct: std::collections::HashSet<&String> = listed.iter().collect();
            prop_assert_eq!(distinct.len(), listed.len());
        }

        /// The automaton accepts exactly the words within its edits by the
        /// optimal string alignment distance strsim computes, accented and
        /// multi-byte chars included.
        #[test]
        fn near_is_the_osa_distance(
            word in "[abé日 ]{0,9}", candidate in "[abé日 ]{0,11}", edits in 0..3u8,
        ) {
            let near = Near::new(&word, edits);
            let within = strsim::osa_distance(&word, &candidate) <= edits as usize;
            prop_assert_eq!(near.matches(&candidate), within);
            // Fed byte by byte, as a walk of a dictionary feeds it.
            let fed = candidate.bytes().fold(near.start(), |s, b| near.accept(&s, b));
            prop_assert_eq!(near.is_match(&fed), within);
        }
    }
}
