//! Reading `claims.json`, which holds nearly all of a library's data: chunk
//! by chunk, each chunk cut into records ([`super::split`]), the records
//! parsed, checked, their quotes located and stored in a small
//! [`ClaimTable`] per batch on every core, and the batches appended to the
//! whole table before the next chunk is read. Memory stays at one chunk plus
//! the table, whatever the size of the file.
//!
//! Quotes are located with one Aho–Corasick pass per source over the quotes
//! a batch of records cites from it: linear in the texts plus the quotes as
//! long as claims citing one source stand near each other in the file, as
//! curators and the generator write them.

use std::fs::File;
use std::io::Read;
use std::ops::Range;
use std::path::Path;

use rayon::prelude::*;
use rustc_hash::FxHashMap;
use serde_json::value::RawValue;

mod about;
mod check;

use super::split::{Malformed, Splitter};
use super::{IdOnly, Known, Problem, bare, not_utf8};
use crate::base::{StrTable, TooLarge};
use crate::model::ClaimRecord;
use crate::store::ClaimTable;
use crate::text;
pub(super) use check::Rule;
use check::{ClaimCheck, entity_positions, locate_quotes};

const FILE: &str = "claims.json";
/// Bytes read at a time.
const CHUNK: usize = 16 << 20;
/// Records per unit of parallel work.
const BATCH: usize = 1024;

/// What claims are checked against: the other files, already read.
pub(super) struct Context<'a> {
    pub known: &'a Known,
    /// Entity positions by id: a probe per subject, object and claimant.
    pub entities: &'a StrTable,
    pub predicates: FxHashMap<&'a str, u16>,
    /// What each predicate, by position, asks of its claims.
    pub rules: Vec<Rule>,
    /// Whether any predicate is about claims.
    pub any_about_claims: bool,
    /// The entities, for the types of claims' ends.
    pub entity_table: &'a crate::store::EntityTable,
    pub sources: FxHashMap<&'a str, u32>,
    /// Texts and their code-point indexes by source position; `None` where
    /// the text could not be read (reported at the source).
    pub texts: &'a [Option<(String, text::CharIndex)>],
    /// Where each text starts among all of them, for the claim table's
    /// citations ([`crate::base::joined::text_starts`]).
    pub text_starts: std::sync::Arc<[u64]>,
}

impl Context<'_> {
    /// Whether `predicate` names a predicate about claims; looked up only
    /// when the vocabulary has one.
    fn is_about_claims(&self, predicate: &str) -> bool {
        self.any_about_claims
            && self
                .predicates
                .get(predicate)
                .is_some_and(|&p| self.rules[p as usize].about_claims)
    }
}

/// The claims read, the problems found, and a digest of the file's bytes.
pub(super) struct Claims {
    pub table: ClaimTable,
    pub problems: Vec<Problem>,
    pub digest: Option<blake3::Hash>,
}

/// Reads, checks and stores every claim of `dir/claims.json`.
pub(super) fn read(dir: &Path, ctx: &Context) -> Claims {
    let mut reader = Reader {
        ctx,
        table: ClaimTable::new(ctx.text_starts.clone()),
        problems: Vec::new(),
        lines: Vec::new(),
        about: Vec::new(),
        too_large: false,
    };
    let path = dir.join(FILE);
    // Cut by lines, every record parsed whole and none refused: what
    // cutting exactly gives. Anything else is read again, cut exactly, for
    // the problems to be the exact ones (a file with a problem is read
    // twice).
    let by_lines = match reader.stream(&path, Splitter::by_lines()) {
        Ok(digest) if reader.problems.is_empty() && !reader.too_large => Ok(digest),
        Err(Fallback::Unreadable(e)) => Err(Fallback::Unreadable(e)),
        _ => {
            reader.reset();
            reader.stream(&path, Splitter::default())
        }
    };
    let digest = match by_lines {
        Ok(digest) => Some(digest),
        Err(Fallback::Unreadable(e)) => {
            reader.file_problem(format!("cannot read file: {e}"));
            None
        }
        Err(Fallback::Malformed) => {
            reader.reset();
            reader.whole(&path)
        }
    };
    reader.finish();
    Claims {
        table: reader.table,
        problems: reader.problems,
        digest,
    }
}

enum Fallback {
    Unreadable(std::io::Error),
    /// Not an array of records as far as the splitter can tell, or a record
    /// with a syntax error: serde_json reads the whole file to say where.
    Malformed,
}

impl From<Malformed> for Fallback {
    fn from(_: Malformed) -> Self {
        Fallback::Malformed
    }
}

struct Reader<'c> {
    ctx: &'c Context<'c>,
    table: ClaimTable,
    problems: Vec<Problem>,
    /// The line of each claim in the table, for duplicate ids.
    lines: Vec<u32>,
    /// The claims about claims: their positions and the ids they name.
    about: Vec<(u32, String)>,
    too_large: bool,
}

impl Reader<'_> {
    fn file_problem(&mut self, message: String) {
        self.problems.push(Problem {
            file: FILE.to_string(),
            line: None,
            record: None,
            message,
        });
    }

    fn reset(&mut self) {
        self.table = ClaimTable::new(self.ctx.text_starts.clone());
        self.problems.clear();
        self.lines.clear();
        self.about.clear();
        self.too_large = false;
    }

    /// The fast path: chunk by chunk, each chunk's records parsed on every
    /// core while the next chunk is read, hashed and cut and the chunk
    /// before's records are added to the table (in order, on one core:
    /// 0.65 s of ten million claims, while the other core had waited).
    /// Returns the digest of the file.
    fn stream(&mut self, path: &Path, splitter: Splitter) -> Result<blake3::Hash, Fallback> {
        let ctx = self.ctx;
        let mut ahead = Ahead::open(path, splitter).map_err(Fallback::Unreadable)?;
        let mut chunk = ahead.next(&[], Vec::new())?;
        // The buffer of the chunk before, reused: two chunks' worth of
        // buffers for the whole file.
        let mut spare = Vec::new();
        let mut parsed = Vec::new();
        while !chunk.last {
            let (batches, (next, ())) = rayon::join(
                || parse(ctx, &chunk.bytes, &chunk.records),
                || {
                    let next = ahead.next(&chunk.bytes[chunk.consumed..], spare);
                    (next, self.absorb(std::mem::take(&mut parsed)))
                },
            );
            // A problem in this chunk comes first: the file is not read on.
            parsed = parseable(batches)?;
            spare = std::mem::replace(&mut chunk, next?).bytes;
        }
        self.absorb(parsed);
        let last = parseable(parse(ctx, &chunk.bytes, &chunk.records))?;
        self.absorb(last);
        Ok(ahead.hasher.finalize())
    }

    /// The slow path, for a file the splitter cannot read: serde_json parses
    /// it whole, to report a syntax error with its line and column or, should
    /// it parse, to read its records after all.
    fn whole(&mut self, path: &Path) -> Option<blake3::Hash> {
        let bytes = match std::fs::read(path) {
            Ok(bytes) => bytes,
            Err(e) => {
                self.file_problem(format!("cannot read file: {e}"));
                return None;
            }
        };
        let content = match text::utf8(bytes) {
            Ok(content) => content,
            Err(e) => {
                self.problems
                    .push(not_utf8(FILE, e.as_bytes(), e.utf8_error().valid_up_to()));
                return None;
            }
        };
        let raws: Vec<&RawValue> = match serde_json::from_str(&content) {
            Ok(raws) => raws,
            Err(e) => {
                let message = format!("invalid JSON at column {}: {}", e.column(), bare(&e));
                self.problems.push(Problem {
                    file: FILE.to_string(),
                    line: Some(e.line()),
                    record: None,
                    message,
                });
                return None;
            }
        };
        let base = content.as_ptr() as usize;
        let elements: Vec<Range<usize>> = raws
            .iter()
            .map(|raw| {
                let start = raw.get().as_ptr() as usize - base;
                start..start + raw.get().len()
            })
            .collect();
        let records = with_lines(content.as_bytes(), &elements, &[], &mut 1);
        // serde_json accepted every record's syntax, so no fallback is left.
        let _ = self.records(content.as_bytes(), &records);
        Some(blake3::hash(content.as_bytes()))
    }

    /// Parses, checks and stores records ([`parse`]).
    fn records(&mut self, chunk: &[u8], records: &[(Range<usize>, usize)]) -> Result<(), Fallback> {
        let batches = parseable(parse(self.ctx, chunk, records))?;
        self.absorb(batches);
        Ok(())
    }

    /// Appends parsed batches' tables, in order, with their problems.
    fn absorb(&mut self, batches: Vec<Batch>) {
        for batch in batches {
            self.problems.extend(batch.problems);
            let base = self.lines.len() as u32;
            let about = batch.about.into_iter().map(|(at, id)| (base + at, id));
            self.about.extend(about);
            self.lines.extend(batch.lines);
            if batch.too_large || self.table.append(batch.table).is_err() {
                self.too_large = true;
            }
        }
    }

    /// Indexes the table and reports duplicate ids.
    fn finish(&mut self) {
        if self.too_large {
            self.file_problem(TooLarge.to_string());
            return;
        }
        self.table.finish();
        for &(first, repeat) in self.table.duplicate_ids() {
            let first_line = self.lines[first as usize];
            self.problems.push(Problem {
                file: FILE.to_string(),
                line: Some(self.lines[repeat as usize] as usize),
                record: Some(format!("claim {}", self.table.id(repeat as usize))),
                message: format!("duplicate id; first defined at line {first_line}"),
            });
        }
        let about = std::mem::take(&mut self.about);
        let problems = about::resolve(self.ctx, &mut self.table, &self.lines, about);
        self.problems.extend(problems);
    }
}

/// A chunk of the file cut into records.
struct Chunk {
    bytes: Vec<u8>,
    /// Each record's bytes and line.
    records: Vec<(Range<usize>, usize)>,
    /// Bytes used by the records; the rest goes with the next chunk.
    consumed: usize,
    /// Whether this chunk ends the file.
    last: bool,
}

/// What reading on needs: the file, the digest so far, where the splitter
/// stands and the line of the first unused byte.
///
/// The file is read, not mapped into memory: mapped, it read 0.3–0.5 s
/// faster at ten million claims, but a file cut short in place while it
/// loads (`cp` over it, say, during a reload) would stop the process with
/// SIGBUS, where a read ends in a clear problem and the graph already
/// served stays.
struct Ahead {
    file: File,
    /// How many new bytes a chunk takes: [`CHUNK`], fewer in tests.
    chunk: usize,
    hasher: blake3::Hasher,
    splitter: Splitter,
    line: usize,
}

impl Ahead {
    fn open(path: &Path, splitter: Splitter) -> std::io::Result<Ahead> {
        Ok(Ahead {
            file: File::open(path)?,
            chunk: CHUNK,
            hasher: blake3::Hasher::new(),
            splitter,
            line: 1,
        })
    }

    /// The next chunk, in `buffer`: `rest` (the previous chunk's unused
    /// bytes) and up to a chunk's bytes more of the file, hashed and cut
    /// into records.
    fn next(&mut self, rest: &[u8], buffer: Vec<u8>) -> Result<Chunk, Fallback> {
        let mut bytes = buffer;
        bytes.clear();
        bytes.extend_from_slice(rest);
        let read = (&self.file)
            .take(self.chunk as u64)
            .read_to_end(&mut bytes)
            .map_err(Fallback::Unreadable)?;
        self.hasher.update(&bytes[rest.len()..]);
        let last = read == 0;
        let cut = self.splitter.cut(&bytes, last)?;
        let records = with_lines(&bytes, &cut.elements, &cut.one_line, &mut self.line);
        let last_start = cut.elements.last().map_or(0, |r| r.start);
        self.line += memchr::memchr_iter(b'\n', &bytes[last_start..cut.consumed]).count();
        Ok(Chunk {
            bytes,
            records,
            consumed: cut.consumed,
            last,
        })
    }
}

/// Each element with the line it starts on, counting on from `line` (the
/// line of the chunk's first byte); leaves `line` at the last element's line.
/// The newlines before an element are counted from the end of the element
/// before it when that one is known to stand within one line, and so to
/// hold none (`one_line`, by index; missing: not known), else from its
/// start: of a file written a record a line, only the commas and newlines
/// between records are read (where counting through every record read the
/// 2.8 GB of ten million claims once more).
fn with_lines(
    chunk: &[u8],
    elements: &[Range<usize>],
    one_line: &[bool],
    line: &mut usize,
) -> Vec<(Range<usize>, usize)> {
    let newlines = |bytes: &[u8]| memchr::memchr_iter(b'\n', bytes).count();
    let mut counted_to = 0;
    elements
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let before = i.checked_sub(1).map(|p| (&elements[p], one_line.get(p)));
            let from = match before {
                Some((previous, Some(true))) => previous.end,
                _ => counted_to,
            };
            *line += newlines(&chunk[from..r.start]);
            counted_to = r.start;
            (r.clone(), *line)
        })
        .collect()
}

/// One batch of records, parsed, checked and stored.
struct Batch {
    table: ClaimTable,
    /// The line of each claim of `table`.
    lines: Vec<u32>,
    /// The claims about claims, by position in `table`, and the ids they name.
    about: Vec<(u32, String)>,
    problems: Vec<Problem>,
    syntax_error: bool,
    too_large: bool,
}

/// Parses and checks records batch by batch on every core.
///
/// The records' bytes are checked to be UTF-8 all at once, so that
/// serde_json need not check every string of every record again; a chunk
/// that is not UTF-8 is parsed record by record, for the records at fault
/// to be reported.
fn parse(ctx: &Context, chunk: &[u8], records: &[(Range<usize>, usize)]) -> Vec<Batch> {
    let used = records.last().map_or(0, |(range, _)| range.end);
    let text = text::utf8_str(&chunk[..used]);
    records
        .par_chunks(BATCH)
        .map(|batch| read_batch(ctx, chunk, text, batch))
        .collect()
}

/// The batches, unless some record in them is not JSON (or the splitter
/// cut it wrong), for serde_json to read the whole file and say where.
fn parseable(batches: Vec<Batch>) -> Result<Vec<Batch>, Fallback> {
    match batches.iter().any(|b| b.syntax_error) {
        true => Err(Fallback::Malformed),
        false => Ok(batches),
    }
}

/// Parses, checks and stores one batch of records.
/// `text` is `chunk`, up to the last record's end, when that is UTF-8.
fn read_batch(
    ctx: &Context,
    chunk: &[u8],
    text: Option<&str>,
    records: &[(Range<usize>, usize)],
) -> Batch {
    let mut batch = Batch {
        table: ClaimTable::new(ctx.text_starts.clone()),
        lines: Vec::with_capacity(records.len()),
        about: Vec::new(),
        problems: Vec::new(),
        syntax_error: false,
        too_large: false,
    };
    let mut parsed: Vec<(usize, ClaimRecord)> = Vec::with_capacity(records.len());
    for (i, (range, line)) in records.iter().enumerate() {
        let raw = &chunk[range.clone()];
        let record = match text.and_then(|text| text.get(range.clone())) {
            Some(json) => serde_json::from_str::<ClaimRecord>(json),
            None => serde_json::from_slice::<ClaimRecord>(raw),
        };
        match record {
            Ok(record) => parsed.push((*line, record)),
            Err(e) if e.is_syntax() || e.is_eof() => {
                batch.syntax_error = true;
                return batch;
            }
            Err(e) => {
                let label = match serde_json::from_slice::<IdOnly>(raw) {
                    Ok(IdOnly {
                        id: Some(serde_json::Value::String(id)),
                    }) => format!("claim {id}"),
                    _ => format!("claim #{}", i + 1),
                };
                batch.problems.push(Problem {
                    file: FILE.to_string(),
                    line: Some(line + e.line().saturating_sub(1)),
                    record: Some(label),
                    message: bare(&e),
                });
            }
        }
    }
    let mut found = locate_quotes(ctx, &parsed);
    let ends = entity_positions(ctx, &parsed);
    let mut spans = Vec::new();
    for (i, ((line, record), ends)) in parsed.iter().zip(ends).enumerate() {
        let mut check = ClaimCheck {
            ctx,
            line: *line,
            id: &record.id,
            problems: &mut batch.problems,
        };
        let row = check.claim(record, ends, |j| found.remove(&(i, j)), &mut spans);
        if ctx.is_about_claims(&record.predicate) {
            let at = batch.lines.len() as u32;
            batch.about.push((at, record.object.to_string()));
        }
        batch.lines.push(*line as u32);
        if batch.table.push(row).is_err() {
            batch.too_large = true;
        }
    }
    batch
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every record of the file at `path` with its line, and the file's
    /// digest, cut by `Ahead` reading `chunk` bytes at a time.
    fn cut_whole(path: &Path, chunk: usize) -> (Vec<(String, usize)>, blake3::Hash) {
        let mut ahead = Ahead::open(path, Splitter::by_lines()).unwrap();
        ahead.chunk = chunk;
        let (mut records, mut rest) = (Vec::new(), Vec::new());
        loop {
            let chunk = ahead.next(&rest, Vec::new()).ok().unwrap();
            for (range, line) in &chunk.records {
                let record = String::from_utf8(chunk.bytes[range.clone()].to_vec()).unwrap();
                records.push((record, *line));
            }
            rest = chunk.bytes[chunk.consumed..].to_vec();
            if chunk.last {
                return (records, ahead.hasher.finalize());
            }
        }
    }

    #[test]
    fn reading_the_file_cuts_the_same_records_at_any_chunk_size() {
        // Records a line, some longer than a chunk, some not ASCII.
        let records: Vec<String> = (0..40)
            .map(|i| {
                let quote = "“Jacson” ".repeat(i % 7 * 9);
                format!(r#"{{"id":"c-{i}","quote":"{quote}"}}"#)
            })
            .collect();
        let file = format!("[\n{}\n]\n", records.join(",\n"));
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(FILE);
        std::fs::write(&path, &file).unwrap();
        let expected: Vec<(String, usize)> = records.iter().cloned().zip(2..).collect();
        for chunk in [1, 7, 64, 4096, 1 << 20] {
            let (cut, digest) = cut_whole(&path, chunk);
            assert_eq!(cut, expected, "chunk {chunk}");
            assert_eq!(digest, blake3::hash(file.as_bytes()));
        }
    }

    #[test]
    fn records_over_several_lines_and_blank_lines_keep_their_line_numbers() {
        // Some records a line, some spread over lines (cut exactly), with
        // blank lines and a comma alone on its line between them.
        let records: Vec<String> = (0..30)
            .map(|i| match i % 3 {
                0 => format!(r#"{{"id":"c-{i}"}}"#),
                1 => format!("{{\n  \"id\": \"c-{i}\",\n  \"n\": [\n    {i}\n  ]\n}}"),
                _ => format!(r#"{{"id":"c-{i}","note":"a line"}}"#),
            })
            .collect();
        let mut file = String::from("[\n");
        let mut expected = Vec::new();
        for (i, record) in records.iter().enumerate() {
            if i > 0 {
                file.push_str([",\n", ",\n\n", "\n,\n", ",\n  \n"][i % 4]);
            }
            expected.push((record.clone(), file.matches('\n').count() + 1));
            file.push_str(record);
        }
        file.push_str("\n]\n");
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(FILE);
        std::fs::write(&path, &file).unwrap();
        for chunk in [1, 5, 64, 1 << 20] {
            assert_eq!(cut_whole(&path, chunk).0, expected, "chunk {chunk}");
        }
    }

    #[test]
    fn an_empty_file_is_not_an_array_of_records() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(FILE);
        std::fs::write(&path, "").unwrap();
        let mut ahead = Ahead::open(&path, Splitter::by_lines()).unwrap();
        assert!(matches!(
            ahead.next(&[], Vec::new()),
            Err(Fallback::Malformed)
        ));
    }
}
