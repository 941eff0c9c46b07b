//! Synthetic graph-data folders of any size, for benchmarks and scale tests.
//!
//! [`generate`] writes a folder the loader accepts: typed entities whose
//! names and aliases stay unique after folding, a controlled vocabulary,
//! claims with every status, and source texts whose sentences the claims
//! quote. Degrees are skewed the way real collections are: a handful of hub
//! entities take part in a large share of the claims, and every other
//! endpoint is drawn by preferential attachment (copying an endpoint of an
//! earlier claim), so degree follows a power law.
//!
//! The output depends only on the [`Params`]: the random numbers come from
//! SplitMix64, written out here, so a seed gives the same folder on every
//! platform and every version of every dependency. Records are written as
//! they are made; only the endpoint pool of preferential attachment (8 bytes
//! per claim) and one source text at a time are held in memory.
//!
//! Like [`crate::model`], this module knows nothing of validation or HTTP; it
//! depends on [`crate::model`] only for the record types it writes.

use std::fmt;
use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::Path;

use crate::model::{
    CitationRecord, ClaimRecord, Entity, EntityType, Predicate, SourceRecord, Status,
};

/// How big a graph to generate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Params {
    pub entities: usize,
    pub claims: usize,
    pub seed: u64,
}

/// The named sizes of the benchmarks and of `claimgraph generate --size`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Size {
    /// 200 entities, 1,000 claims: what the test command runs benches at.
    Tiny,
    /// 10,000 entities, 100,000 claims.
    Small,
    /// 100,000 entities, 1,000,000 claims.
    Medium,
    /// 1,000,000 entities, 10,000,000 claims.
    Large,
}

impl Size {
    /// The named size's parameters with `seed`.
    pub fn params(self, seed: u64) -> Params {
        let (entities, claims) = match self {
            Size::Tiny => (200, 1_000),
            Size::Small => (10_000, 100_000),
            Size::Medium => (100_000, 1_000_000),
            Size::Large => (1_000_000, 10_000_000),
        };
        Params {
            entities,
            claims,
            seed,
        }
    }

    /// The lowercase name, as on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            Size::Tiny => "tiny",
            Size::Small => "small",
            Size::Medium => "medium",
            Size::Large => "large",
        }
    }

    /// Parses the lowercase name; `None` for anything else.
    pub fn parse(s: &str) -> Option<Size> {
        [Size::Tiny, Size::Small, Size::Medium, Size::Large]
            .into_iter()
            .find(|size| size.as_str() == s)
    }
}

/// Why a folder could not be generated.
#[derive(Debug, thiserror::Error)]
pub enum GenerateError {
    /// Fewer than two entities: a claim needs a subject and a different object.
    #[error("at least 2 entities are needed, got {0}")]
    TooFewEntities(usize),
    /// More entities or claims than the graph's u32 positions can address.
    #[error("at most {} entities and claims are supported", u32::MAX)]
    TooMany,
    /// Writing a file failed.
    #[error("cannot write {file}: {source}")]
    Io { file: String, source: io::Error },
}

/// What was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Summary {
    pub sources: usize,
    pub entities: usize,
    pub predicates: usize,
    pub claims: usize,
}

impl fmt::Display for Summary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} sources, {} entities, {} predicates, {} claims",
            self.sources, self.entities, self.predicates, self.claims
        )
    }
}

/// How many claims each source text quotes.
pub const CLAIMS_PER_SOURCE: usize = 100;
/// How many hub entities take a fixed share of all endpoints.
const HUBS: usize = 10;
/// The share of endpoints that go to a hub.
const HUB_SHARE: f64 = 0.02;
/// The share of endpoints copied from an earlier claim (preferential attachment).
const ATTACHMENT_SHARE: f64 = 0.6;

/// Writes a graph-data folder of `p.entities` entities and `p.claims`
/// claims into `out`, creating it if needed and overwriting its files.
///
/// Costs O(entities + claims) time; memory is 8 bytes per claim plus one
/// source text.
pub fn generate(p: &Params, out: &Path) -> Result<Summary, GenerateError> {
    if p.entities < 2 {
        return Err(GenerateError::TooFewEntities(p.entities));
    }
    if p.entities > u32::MAX as usize || p.claims > u32::MAX as usize {
        return Err(GenerateError::TooMany);
    }
    let io = |file: &str| {
        let file = file.to_string();
        move |source| GenerateError::Io { file, source }
    };
    std::fs::create_dir_all(out.join("sources")).map_err(io("sources/"))?;
    let predicates = predicates();
    write_array(&out.join("predicates.json"), predicates.iter()).map_err(io("predicates.json"))?;
    write_array(
        &out.join("entities.json"),
        (0..p.entities).map(|i| entity(i, p.seed)),
    )
    .map_err(io("entities.json"))?;
    let sources = write_claims(p, out, &predicates)?;
    Ok(Summary {
        sources,
        entities: p.entities,
        predicates: predicates.len(),
        claims: p.claims,
    })
}

/// Writes claims.json, the source texts and sources.json; returns how many
/// sources there are.
fn write_claims(p: &Params, out: &Path, predicates: &[Predicate]) -> Result<usize, GenerateError> {
    let io = |file: String| move |source| GenerateError::Io { file, source };
    let mut rng = SplitMix64(p.seed);
    let sources = p.claims.div_ceil(CLAIMS_PER_SOURCE).max(1);
    let mut claims =
        JsonArray::create(&out.join("claims.json")).map_err(io("claims.json".into()))?;
    let mut pool: Vec<u32> = Vec::with_capacity(2 * p.claims);
    let mut text = String::new();
    let mut text_chars = 0usize;
    for k in 0..p.claims {
        let subject = pick(&mut rng, &pool, p.entities);
        let mut object = pick(&mut rng, &pool, p.entities);
        while object == subject {
            object = rng.below(p.entities);
        }
        pool.extend([subject as u32, object as u32]);
        let claimant = rng.below(p.entities);
        // The first claims take every predicate and status in turn, so that
        // even a tiny graph has them all.
        let predicate = &predicates[if k < predicates.len() {
            k
        } else {
            rng.below(predicates.len())
        }];
        let status = if k < Status::ALL.len() {
            Status::ALL[k]
        } else {
            *[
                Status::Asserted,
                Status::Asserted,
                Status::Alleged,
                Status::Suspected,
            ]
            .get(rng.below(4))
            .unwrap_or(&Status::Asserted)
        };
        let source = k / CLAIMS_PER_SOURCE;
        let quote = format!(
            "In record {k}, {} says: “{} {} {}.”",
            name(claimant, p.seed).0,
            name(subject, p.seed).0,
            predicate.label,
            name(object, p.seed).0
        );
        if text.is_empty() {
            text.push_str(&format!(
                "Synthetic source {source} — generated by claimgraph, seed {}.\n",
                p.seed
            ));
            text_chars = text.chars().count();
        }
        // Every quote says where it starts, so that loading never searches.
        let start = text_chars;
        text_chars += quote.chars().count() + 1;
        text.push_str(&quote);
        text.push(if k % 5 == 4 { '\n' } else { ' ' });
        let date = rng
            .chance(0.3)
            .then(|| format!("19{:02}", 20 + rng.below(60)));
        let note = (k % 50 == 0).then(|| "A synthetic claim.".to_string());
        let record = ClaimRecord {
            id: format!("c-{k}").into(),
            subject: entity_id(subject).into(),
            predicate: predicate.id.as_str().into(),
            object: entity_id(object).into(),
            status,
            claimed_by: entity_id(claimant).into(),
            date: date.map(Into::into),
            note: note.map(Into::into),
            citations: smallvec::smallvec![CitationRecord {
                source: source_id(source).into(),
                quote: quote.as_str().into(),
                occurrence: None,
                start: Some(start),
            }],
        };
        claims.push(&record).map_err(io("claims.json".into()))?;
        if (k + 1) % CLAIMS_PER_SOURCE == 0 || k + 1 == p.claims {
            let file = format!("sources/{}.txt", source_id(source));
            std::fs::write(out.join(&file), &text).map_err(io(file))?;
            text.clear();
        }
    }
    claims.finish().map_err(io("claims.json".into()))?;
    if p.claims == 0 {
        std::fs::write(out.join("sources/s-0.txt"), "An empty synthetic source.\n")
            .map_err(io("sources/s-0.txt".into()))?;
    }
    let records = (0..sources).map(|j| SourceRecord {
        id: source_id(j),
        title: format!("Synthetic source {j}"),
        author: entity_id(SplitMix64(p.seed ^ j as u64).below(p.entities)),
        date: "1950".to_string(),
        published_in: None,
        online_version: None,
        credits: Vec::new(),
        note: None,
    });
    write_array(&out.join("sources.json"), records).map_err(io("sources.json".into()))?;
    Ok(sources)
}

/// An endpoint: a hub, an endpoint of an earlier claim, or any entity.
fn pick(rng: &mut SplitMix64, pool: &[u32], entities: usize) -> usize {
    let r = rng.unit();
    if r < HUB_SHARE {
        rng.below(HUBS.min(entities))
    } else if r < HUB_SHARE + ATTACHMENT_SHARE && !pool.is_empty() {
        pool[rng.below(pool.len())] as usize
    } else {
        rng.below(entities)
    }
}

fn entity_id(i: usize) -> String {
    format!("e-{i}")
}

fn source_id(j: usize) -> String {
    format!("s-{j}")
}

/// Given names; none of them, nor any other fixed word of a name, is a run
/// of three or more consonant–vowel syllables, so none can equal a core.
const GIVEN: [&str; 12] = [
    "Boris", "Ivan", "Miriam", "Esther", "Karl", "Victor", "Ruth", "Jürgen", "Gaël", "Zoltán",
    "Łukasz", "Abigail",
];
const ORG_WORDS: [&str; 6] = ["Society", "Union", "Council", "Club", "Front", "Party"];
const CONSONANTS: [&str; 16] = [
    "b", "d", "f", "g", "k", "l", "m", "n", "p", "r", "s", "t", "v", "z", "ch", "sh",
];
const VOWELS: [&str; 5] = ["a", "e", "i", "o", "u"];

/// The word that makes entity `i`'s names unique: its position written in
/// consonant–vowel syllables (at least three), capitalized.
fn core(i: usize) -> String {
    let base = CONSONANTS.len() * VOWELS.len();
    let mut word = String::new();
    let mut n = i;
    for digit in 0.. {
        if digit >= 3 && n == 0 {
            break;
        }
        let s = n % base;
        n /= base;
        word.push_str(CONSONANTS[s / VOWELS.len()]);
        word.push_str(VOWELS[s % VOWELS.len()]);
    }
    let mut chars = word.chars();
    chars.next().map_or(String::new(), |first| {
        first.to_uppercase().chain(chars).collect()
    })
}

/// A number from entity `i` and the seed, for choices that must not need
/// the random stream (names are recomputed wherever they are quoted).
fn mix(i: usize, seed: u64) -> usize {
    SplitMix64(seed ^ (i as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15)).next() as usize
}

fn kind(i: usize, seed: u64) -> EntityType {
    match mix(i, seed) % 100 {
        0..50 => EntityType::Person,
        50..65 => EntityType::Organization,
        65..80 => EntityType::Place,
        80..90 => EntityType::Event,
        _ => EntityType::Work,
    }
}

/// Entity `i`'s type, name and aliases.
fn name(i: usize, seed: u64) -> (String, EntityType, Vec<String>) {
    let core = core(i);
    let m = mix(i, seed) / 100;
    let kind = kind(i, seed);
    let (name, aliases) = match kind {
        EntityType::Person => {
            let given = GIVEN[m % GIVEN.len()];
            let initial: String = given.chars().take(1).collect();
            (
                format!("{given} {core}"),
                vec![core.clone(), format!("{initial}. {core}")],
            )
        }
        EntityType::Organization => {
            let word = ORG_WORDS[m % ORG_WORDS.len()];
            (format!("{core} {word}"), vec![format!("{word} of {core}")])
        }
        EntityType::Place => (core.clone(), vec![format!("City of {core}")]),
        EntityType::Event => (format!("{core} Affair"), Vec::new()),
        EntityType::Work => (format!("The {core} Papers"), vec![format!("{core} Papers")]),
    };
    (name, kind, aliases)
}

fn entity(i: usize, seed: u64) -> Entity {
    let (name, kind, aliases) = name(i, seed);
    let date = matches!(kind, EntityType::Event | EntityType::Work)
        .then(|| format!("19{:02}", 20 + mix(i, seed) % 60));
    Entity {
        id: entity_id(i).into(),
        kind,
        name: name.into(),
        aliases: aliases.into_iter().map(Into::into).collect(),
        description: format!("Synthetic {} number {i}.", kind.as_str()).into(),
        date: date.map(Into::into),
        note: None,
    }
}

/// The vocabulary: a few relations of each shape, two of them symmetric.
fn predicates() -> Vec<Predicate> {
    let p = Predicate::plain;
    vec![
        p("member-of", "member of", "has member", false),
        p("leader-of", "leader of", "led by", false),
        p("agent-of", "agent of", "has agent", false),
        p("located-in", "located in", "location of", false),
        p("participated-in", "took part in", "had participant", false),
        p("author-of", "author of", "written by", false),
        p("wrote-about", "wrote about", "written about by", false),
        p("targeted", "targeted", "target of", false),
        p("allied-with", "allied with", "allied with", true),
        p("opponent-of", "opponent of", "opponent of", true),
    ]
}

/// A JSON array written one record per line.
struct JsonArray {
    out: BufWriter<File>,
    empty: bool,
}

impl JsonArray {
    fn create(path: &Path) -> io::Result<JsonArray> {
        let mut out = BufWriter::with_capacity(1 << 20, File::create(path)?);
        out.write_all(b"[\n")?;
        Ok(JsonArray { out, empty: true })
    }

    fn push(&mut self, record: &impl serde::Serialize) -> io::Result<()> {
        if !self.empty {
            self.out.write_all(b",\n")?;
        }
        self.empty = false;
        serde_json::to_writer(&mut self.out, record)?;
        Ok(())
    }

    fn finish(mut self) -> io::Result<()> {
        self.out.write_all(b"\n]\n")?;
        self.out.flush()
    }
}

fn write_array<T: serde::Serialize>(
    path: &Path,
    records: impl IntoIterator<Item = T>,
) -> io::Result<()> {
    let mut array = JsonArray::create(path)?;
    for record in records {
        array.push(&record)?;
    }
    array.finish()
}

/// SplitMix64 (Steele, Lea and Flood, 2014): tiny, fast, and fixed forever,
/// so that a seed means the same graph in every version.
struct SplitMix64(u64);

impl SplitMix64 {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n`, for `n > 0` (Lemire's multiply-shift).
    fn below(&mut self, n: usize) -> usize {
        ((u128::from(self.next()) * n as u128) >> 64) as usize
    }

    /// Uniform in `[0, 1)`.
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }

    fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cores_are_distinct_and_never_a_fixed_word() {
        let cores: std::collections::HashSet<String> = (0..20_000).map(core).collect();
        assert_eq!(cores.len(), 20_000);
        let fixed = GIVEN
            .iter()
            .chain(&ORG_WORDS)
            .chain(&["City", "Affair", "Papers", "The"]);
        for word in fixed {
            assert!(!cores.contains(*word), "{word}");
        }
    }

    #[test]
    fn splitmix_is_the_published_sequence() {
        // First outputs for seed 1234567 from the reference implementation.
        let mut rng = SplitMix64(1234567);
        assert_eq!(rng.next(), 6457827717110365317);
        assert_eq!(rng.next(), 3203168211198807973);
    }
}
