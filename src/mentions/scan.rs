//! The scan of a folded text: one pass for every place a name may start
//! (with the hash of its first word) and every place one may end, then the
//! spans between them that a name's first word can reach.
//!
//! Owns `Scan`, `Start`, `Span`, the pass `Finder::scan` and the word
//! readers `char_at` and `head`. Invariants: starts and breaks are in text
//! order, on char boundaries, and the breaks end with the text's length; a
//! span ends at a break, so before neither a letter nor a digit. Cost: O(n)
//! for a text of n bytes, plus one hash per start and per span kept.

use super::reach::Reach;
use super::{Finder, hash};

impl Finder {
    /// One pass over the folded text `f`: every place where a name may
    /// start (the first char of each word, and each char some name starts
    /// with that is neither a letter nor a digit nor right after one), each
    /// with the hash of its first word (for a word, the word; otherwise the
    /// char); and every place a name may end, for [`spans_within_reach`].
    pub(super) fn scan(&self, f: &str) -> Scan {
        let bytes = f.as_bytes();
        // About a word in six bytes of a text, and as many breaks: reserved
        // at once rather than grown, so that the pass does not stop to copy.
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

/// What [`Finder::scan`] finds in a folded text.
pub(super) struct Scan {
    /// Where names may start, in order.
    pub(super) starts: Vec<Start>,
    /// Where names may end, in order: each char that is neither a letter
    /// nor a digit, and the end of the text.
    pub(super) breaks: Vec<usize>,
}

/// A place in a folded text where a name may start, and the hash of the
/// word there.
pub(super) struct Start {
    pub(super) at: usize,
    pub(super) hash: u64,
}

/// A stretch of a folded text that may be a name: from a [`Start`] (by its
/// position among them) to a word boundary, with its hash.
pub(super) struct Span {
    pub(super) start: usize,
    pub(super) end: usize,
    pub(super) hash: u64,
}

/// Every span from each start to a word boundary within the reach of its
/// first word (`reach[i]`, a [`Reach`] slot value, for `starts[i]`): the
/// spans that end where a name may (`breaks`, from [`Finder::scan`]), and
/// after as many boundaries as some name starting with that word ends
/// after. The boundaries a span passes are the breaks after its first char
/// and before its end; a span ending at a break ends on a char boundary
/// and before neither a letter nor a digit, as a name in the text must.
pub(super) fn spans_within_reach(
    f: &str,
    starts: &[Start],
    reach: &[[u8; 2]],
    breaks: &[usize],
) -> Vec<Span> {
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

/// The char at byte `at` of `s`, decoded only when it is not ASCII.
pub(super) fn char_at(s: &str, at: usize) -> char {
    match s.as_bytes()[at] {
        b if b.is_ascii() => b as char,
        _ => {
            let c = s[at..].chars().next();
            debug_assert!(c.is_some(), "byte `at` of `s` starts a char");
            c.unwrap_or(char::REPLACEMENT_CHARACTER)
        }
    }
}

/// The first word of `s` from byte `at`: its run of letters and digits, or
/// its first char when that is neither. ASCII is read byte by byte.
pub(super) fn head(s: &str, at: usize) -> &str {
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
