use super::folded::{ascii_run, fold_ascii};
use super::*;
use crate::text;

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
