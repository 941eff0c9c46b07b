//! Finding where each element of a top-level JSON array begins and ends,
//! chunk by chunk, without parsing the elements.
//!
//! `claims.json` of a large library runs to gigabytes. Reading it whole, or
//! parsing it into one `Vec`, would hold the file and every record in memory
//! at once; splitting it lets the loader read a chunk, cut it into records,
//! parse those on every core, and drop the chunk. The splitter only tracks
//! strings (and their escapes) and nesting; whether an element is valid JSON
//! is left to the parser that reads it. Anything it cannot make sense of is a
//! [`Malformed`] file, for which the loader asks serde_json for the message.
//!
//! Cut [`Splitter::by_lines`], an object that starts a line is taken to end
//! at the last `}` of that line: JSON strings hold no raw newline, so a file
//! written a record a line (as `claimgraph generate` writes it) is cut with
//! one search for a newline a record, where tracking strings and nesting
//! took a fifth of the time to read 10 million claims (an object whose line
//! does not end in the chunk, as in a file of one long line, is cut
//! exactly). The guess is only
//! right if the parser then reads each element whole, so the loader cuts
//! that way only as a first try, and cuts exactly again should any element
//! not parse.

use std::ops::Range;

use memchr::{memchr, memchr2, memchr3};

/// The file is not one JSON array of elements.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Malformed;

/// Where the splitter stands between two chunks.
#[derive(Debug, Default)]
pub struct Splitter {
    opened: bool,
    /// An element was read, so the next one comes after a comma.
    after_element: bool,
    closed: bool,
    /// Objects end at the last `}` of their line (a guess the parser checks).
    by_lines: bool,
}

/// The elements found in a chunk.
#[derive(Debug, Default)]
pub struct Cut {
    /// Byte ranges of whole elements, relative to the chunk.
    pub elements: Vec<Range<usize>>,
    /// For each element, whether it was cut as standing within one line
    /// ([`Splitter::by_lines`]), so that it holds no newline: the line of
    /// each is then counted on without reading the one before it again.
    pub one_line: Vec<bool>,
    /// How many bytes of the chunk were used; the rest starts an element
    /// that the next chunk completes.
    pub consumed: usize,
}

impl Splitter {
    /// A splitter that takes an object starting a line to end at the last
    /// `}` of that line, when that line ends with one (followed by nothing
    /// but spaces, commas and `]`); other elements are cut exactly. Right
    /// for a file written a record a line; for any other, some element it
    /// cuts fails to parse.
    pub fn by_lines() -> Splitter {
        Splitter {
            by_lines: true,
            ..Splitter::default()
        }
    }

    /// Cuts the whole elements out of `chunk`. With `last`, the chunk ends
    /// the file, so an unfinished element or array is malformed.
    pub fn cut(&mut self, chunk: &[u8], last: bool) -> Result<Cut, Malformed> {
        let mut cut = Cut::default();
        let mut newlines = Newlines::default();
        let mut at = skip_space(chunk, 0);
        if !self.opened {
            match chunk.get(at) {
                Some(b'[') => {
                    self.opened = true;
                    at += 1;
                }
                Some(_) => return Err(Malformed),
                None if last => return Err(Malformed),
                None => return Ok(cut),
            }
        }
        loop {
            at = skip_space(chunk, at);
            cut.consumed = at;
            if self.closed {
                return if at == chunk.len() {
                    Ok(cut)
                } else {
                    Err(Malformed)
                };
            }
            let Some(&next) = chunk.get(at) else {
                return if last { Err(Malformed) } else { Ok(cut) };
            };
            if next == b']' {
                self.closed = true;
                at += 1;
                continue;
            }
            let mut start = at;
            if self.after_element {
                if next != b',' {
                    return Err(Malformed);
                }
                start = skip_space(chunk, at + 1);
                if start == chunk.len() {
                    return if last { Err(Malformed) } else { Ok(cut) };
                }
            }
            let guessed = match self.by_lines {
                true => line_end(chunk, start, &mut newlines),
                false => None,
            };
            let end = match guessed {
                Some(end) => Some(end),
                None => element_end(chunk, start)?,
            };
            match end {
                Some(end) => {
                    cut.elements.push(start..end);
                    cut.one_line.push(guessed.is_some());
                    self.after_element = true;
                    at = end;
                }
                None if last => return Err(Malformed),
                None => return Ok(cut),
            }
        }
    }
}

/// Where an object starting at `start` ends if it ends on its own line:
/// just past the last `}` of the line, when only spaces, commas and `]`
/// follow it; `None` when the element is no object, its line does not end
/// with one, or the chunk ends before the line does (a file of one long
/// line, say): such an element is cut exactly.
fn line_end(chunk: &[u8], start: usize, newlines: &mut Newlines) -> Option<usize> {
    if chunk[start] != b'{' {
        return None;
    }
    let end = newlines.next(chunk, start)?;
    let line = &chunk[start..end];
    let close = line
        .iter()
        .rposition(|&b| !matches!(b, b' ' | b'\t' | b'\r' | b',' | b']'))?;
    (line[close] == b'}').then_some(start + close + 1)
}

/// The newlines of a chunk, searched for once each: what the last search
/// found, and how far it read.
#[derive(Default)]
struct Newlines {
    found: Option<usize>,
    searched_to: usize,
}

impl Newlines {
    /// The first newline of `chunk` at or after `from`. Asked with `from`
    /// never going back, it reads each byte of the chunk at most once, so
    /// that a chunk of one long line is not searched once per element.
    fn next(&mut self, chunk: &[u8], from: usize) -> Option<usize> {
        if let Some(at) = self.found.filter(|&at| at >= from) {
            return Some(at);
        }
        let start = from.max(self.searched_to);
        self.found = memchr(b'\n', &chunk[start..]).map(|n| start + n);
        self.searched_to = self.found.map_or(chunk.len(), |at| at + 1);
        self.found
    }
}

fn skip_space(chunk: &[u8], mut at: usize) -> usize {
    while chunk.get(at).is_some_and(u8::is_ascii_whitespace) {
        at += 1;
    }
    at
}

/// The end of the element starting at `start`, or `None` when the chunk
/// ends first.
fn element_end(chunk: &[u8], start: usize) -> Result<Option<usize>, Malformed> {
    match chunk[start] {
        open @ (b'{' | b'[') => {
            let close = if open == b'{' { b'}' } else { b']' };
            nested_end(chunk, start, open, close)
        }
        b'"' => Ok(string_end(chunk, start + 1)),
        b',' | b']' | b'}' | b':' => Err(Malformed),
        _ => {
            let end = chunk[start..]
                .iter()
                .position(|b| matches!(b, b',' | b']') || b.is_ascii_whitespace());
            Ok(end.map(|n| start + n))
        }
    }
}

/// The end of an object or array, skipping strings, counting only its own
/// kind of bracket (the parser rejects mismatched brackets later).
fn nested_end(chunk: &[u8], start: usize, open: u8, close: u8) -> Result<Option<usize>, Malformed> {
    let mut depth = 0usize;
    let mut at = start;
    while let Some(n) = memchr3(b'"', open, close, &chunk[at..]) {
        at += n;
        match chunk[at] {
            b'"' => match string_end(chunk, at + 1) {
                Some(end) => {
                    at = end;
                    continue;
                }
                None => return Ok(None),
            },
            b if b == open => depth += 1,
            _ => {
                depth -= 1;
                if depth == 0 {
                    return Ok(Some(at + 1));
                }
            }
        }
        at += 1;
    }
    Ok(None)
}

/// The end (just past the closing quote) of a string whose contents start at
/// `from`.
fn string_end(chunk: &[u8], mut from: usize) -> Option<usize> {
    loop {
        let n = memchr2(b'"', b'\\', &chunk[from..])?;
        from += n;
        if chunk[from] == b'"' {
            return Some(from + 1);
        }
        // An escape: skip the backslash and the byte it escapes.
        from += 2;
        if from > chunk.len() {
            return None;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Splits `text` in chunks of `size` bytes, carrying the unused tail over.
    fn split(text: &str, size: usize) -> Result<Vec<String>, Malformed> {
        split_with(Splitter::default(), text, size)
    }

    fn split_with(
        mut splitter: Splitter,
        text: &str,
        size: usize,
    ) -> Result<Vec<String>, Malformed> {
        let bytes = text.as_bytes();
        let mut pending: Vec<u8> = Vec::new();
        let mut found = Vec::new();
        let mut at = 0;
        loop {
            let end = (at + size).min(bytes.len());
            pending.extend_from_slice(&bytes[at..end]);
            at = end;
            let last = at == bytes.len();
            let cut = splitter.cut(&pending, last)?;
            for r in &cut.elements {
                found.push(String::from_utf8(pending[r.clone()].to_vec()).expect("utf8"));
            }
            pending.drain(..cut.consumed);
            if last {
                return Ok(found);
            }
        }
    }

    #[test]
    fn elements_are_found_whatever_the_chunk_size() {
        let text = r#" [ {"a": "x}\"{", "b": [1, {"c": 2}]}, "s,]", 12 ,{ } ] "#;
        for size in 1..text.len() + 1 {
            assert_eq!(
                split(text, size).expect("valid"),
                vec![
                    r#"{"a": "x}\"{", "b": [1, {"c": 2}]}"#,
                    r#""s,]""#,
                    "12",
                    "{ }"
                ],
                "chunk size {size}"
            );
        }
    }

    #[test]
    fn by_lines_a_record_a_line_is_cut_as_exactly() {
        let text =
            "[\n{\"a\": \"x}\\\"{\", \"b\": [1, {\"c\": 2}]},\r\n{ } ,\n\"s,]\",\n{\"d\": 1}]";
        for size in 1..text.len() + 1 {
            assert_eq!(
                split_with(Splitter::by_lines(), text, size),
                split(text, size),
                "chunk size {size}"
            );
        }
    }

    #[test]
    fn by_lines_a_file_of_one_line_is_cut_exactly() {
        let text = r#"[{"a": 1}, {"b": {"c": 2}}, {"d": [3]}]"#;
        for size in 1..text.len() + 1 {
            assert_eq!(
                split_with(Splitter::by_lines(), text, size),
                Ok(vec![
                    r#"{"a": 1}"#.into(),
                    r#"{"b": {"c": 2}}"#.into(),
                    r#"{"d": [3]}"#.into()
                ]),
                "chunk size {size}"
            );
        }
    }

    #[test]
    fn by_lines_an_object_whose_line_does_not_end_with_a_brace_is_cut_exactly() {
        let text = "[{\"a\": [\n1]},\n{\"b\": 2}]";
        for size in 1..text.len() + 1 {
            let cut = split_with(Splitter::by_lines(), text, size);
            assert_eq!(cut, Ok(vec!["{\"a\": [\n1]}".into(), "{\"b\": 2}".into()]));
        }
    }

    #[test]
    fn by_lines_a_line_ending_inside_an_object_cuts_it_short() {
        // The line ends with the `}` of a nested object: the guess is
        // short, and what is left of the object does not follow an element.
        let text = "[{\"b\": {\"c\": 2}\n}]";
        assert_eq!(split_with(Splitter::by_lines(), text, 100), Err(Malformed));
        assert_eq!(split(text, 100), Ok(vec!["{\"b\": {\"c\": 2}\n}".into()]));
    }

    #[test]
    fn an_empty_array_has_no_elements() {
        assert_eq!(split("[]\n", 1).expect("valid"), Vec::<String>::new());
    }

    #[test]
    fn what_is_not_an_array_of_elements_is_malformed() {
        for text in [
            "",
            "{}",
            "[1 2]",
            "[1,]x",
            "[",
            "[{\"a\": 1}",
            "[1] 2",
            "[,1]",
        ] {
            for size in [1, 3, 100] {
                assert_eq!(
                    split(text, size),
                    Err(Malformed),
                    "{text:?} in chunks of {size}"
                );
            }
        }
    }
}
