use proptest::prelude::*;

use super::views::{Placed, Trie, placed_names};
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
        move |i: &NameIndex, o: &mut Vec<u32>| i.with_words(&i.words_near(&Near::new(w, edits)), o)
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
