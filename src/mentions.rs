//! Finding every place the sources name an entity: each name or alias,
//! folded, wherever it stands in a folded text as whole words.
//!
//! A library's texts run to gigabytes and its names to millions, too many
//! for one automaton over every name to stay in cache. Names are instead
//! keyed by their first word: the scan looks up each word of the text that
//! could start a name (one hash probe), and only where some name starts with
//! that word does it try the spans ending at the next word boundaries,
//! longest first, against the set of names. Matches do not overlap: after
//! one, the scan goes on where it ends. Sources are scanned in parallel.

use rayon::prelude::*;
use rustc_hash::FxHashMap;

use crate::text;

/// A name occurring in a text: which name (its position in the list the
/// finder was built from) and the byte range of the original text. Texts
/// past 4 GiB are not searched beyond that.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Found {
    pub name: u32,
    pub byte_start: u32,
    pub byte_end: u32,
}

/// The names to look for, indexed by first word.
pub struct Finder<'a> {
    /// Every folded name, to its position (the first, for names given twice).
    names: FxHashMap<&'a str, u32>,
    /// The longest name (in bytes) starting with each first word.
    longest: FxHashMap<&'a str, usize>,
    /// Chars other than letters and digits that start some name, e.g. `'`.
    odd_starts: Vec<char>,
}

impl<'a> Finder<'a> {
    /// Indexes folded names; empty names are ignored.
    pub fn new(folded: impl IntoIterator<Item = &'a str>) -> Finder<'a> {
        let mut finder = Finder {
            names: FxHashMap::default(),
            longest: FxHashMap::default(),
            odd_starts: Vec::new(),
        };
        for (i, name) in folded.into_iter().enumerate() {
            let Some(first) = name.chars().next() else {
                continue;
            };
            finder.names.entry(name).or_insert(i as u32);
            if !first.is_alphanumeric() && !finder.odd_starts.contains(&first) {
                finder.odd_starts.push(first);
            }
            let head = head(name, 0);
            let longest = finder.longest.entry(head).or_insert(0);
            *longest = (*longest).max(name.len());
        }
        finder
    }

    /// Every whole-word occurrence of a name in each text, by text.
    pub fn find_all<'t>(
        &self,
        texts: impl IndexedParallelIterator<Item = &'t str>,
    ) -> Vec<Vec<Found>> {
        texts.map(|text| self.find(text)).collect()
    }

    /// Every whole-word occurrence of a name in `text`, in text order.
    pub fn find(&self, text: &str) -> Vec<Found> {
        let folded = Folded::new(text);
        let f = folded.text.as_str();
        let mut found = Vec::new();
        // `at` is always at a word's first char or at a char of no word.
        let mut at = 0;
        let mut after_word = false;
        while at < f.len() {
            let c = char_at(f, at);
            let word = c.is_alphanumeric();
            let may_start = word || (!after_word && self.odd_starts.contains(&c));
            if let Some((name, end)) = may_start.then(|| self.longest_at(f, at)).flatten() {
                let (start, stop) = (folded.original_start(at), folded.original_end(end));
                if let (Ok(byte_start), Ok(byte_end)) = (u32::try_from(start), u32::try_from(stop))
                {
                    found.push(Found {
                        name,
                        byte_start,
                        byte_end,
                    });
                }
                after_word = f[..end]
                    .chars()
                    .next_back()
                    .is_some_and(char::is_alphanumeric);
                at = end;
            } else if word {
                at += head(f, at).len();
                after_word = true;
            } else {
                at += c.len_utf8();
                after_word = false;
            }
        }
        found
    }

    /// The longest name standing at byte `at` of the folded text `f` and
    /// ending at a word boundary, with where it ends.
    fn longest_at(&self, f: &str, at: usize) -> Option<(u32, usize)> {
        let longest = *self.longest.get(head(f, at))?;
        let mut limit = (at + longest).min(f.len());
        // No name ends inside a char.
        while !f.is_char_boundary(limit) {
            limit -= 1;
        }
        // Every end within reach that is not followed by a letter or digit.
        let mut ends: Vec<usize> = f[at..limit]
            .char_indices()
            .skip(1)
            .filter(|(_, c)| !c.is_alphanumeric())
            .map(|(i, _)| at + i)
            .collect();
        if f[limit..]
            .chars()
            .next()
            .is_none_or(|c| !c.is_alphanumeric())
        {
            ends.push(limit);
        }
        ends.iter()
            .rev()
            .find_map(|&end| self.names.get(&f[at..end]).map(|&name| (name, end)))
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
/// its first char when that is neither.
fn head(s: &str, at: usize) -> &str {
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

impl Folded {
    fn new(original: &str) -> Folded {
        let mut text = String::with_capacity(original.len());
        let mut changed = Vec::new();
        for (byte, c) in original.char_indices() {
            let from = text.len();
            text::fold_into(c, |f| text.push(f));
            if !c.is_ascii() {
                changed.push(Changed {
                    folded: (from, text.len()),
                    original: (byte, byte + c.len_utf8()),
                });
            }
        }
        Folded { text, changed }
    }

    /// The last non-ASCII char starting before folded byte `at`, if any.
    fn changed_before(&self, at: usize) -> Option<&Changed> {
        let n = self.changed.partition_point(|c| c.folded.0 < at);
        n.checked_sub(1).map(|i| &self.changed[i])
    }

    /// The original byte offset where the char folded at `at` starts.
    fn original_start(&self, at: usize) -> usize {
        match self.changed_before(at + 1) {
            Some(c) if at < c.folded.1 => c.original.0,
            Some(c) => c.original.1 + (at - c.folded.1),
            None => at,
        }
    }

    /// The original byte offset just past the char whose folded form ends
    /// at `end`, and past any chars right after it that fold to nothing
    /// (combining accents), so that a name keeps its accents.
    fn original_end(&self, end: usize) -> usize {
        let mut original = match self.changed_before(end) {
            Some(c) if end <= c.folded.1 => c.original.1,
            Some(c) => c.original.1 + (end - c.folded.1),
            None => end,
        };
        let next = self.changed.partition_point(|c| c.folded.0 < end);
        for c in &self.changed[next..] {
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

    const WORDS: [&str; 9] = ["ab", "abc", "Ab", "łu", "ł", "éa", "Ée\u{301}", "'t", "ﬁn"];
    const GAPS: [&str; 5] = [" ", ", ", "", "-", "\u{a0}"];
}
