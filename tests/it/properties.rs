//! Invariants over random graphs and random queries (proptest).

use std::collections::{HashMap, HashSet};

use claimgraph::graph::{Direction, Graph};
use claimgraph::load;
use claimgraph::model::Status;
use claimgraph::query::ClaimFilter;
use claimgraph::query::neighborhood::{NeighborhoodParams, Walk, neighborhood};
use claimgraph::query::paths::{DEFAULT_WORK_BUDGET, PathParams, k_shortest_paths};
use proptest::prelude::*;
use serde_json::json;

use crate::support::memo;

const WORDS: [&str; 8] = [
    "alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta",
];

/// A random graph-data folder: entities named after words of a random text,
/// claims between random entities quoting random spans (some of them broken).
#[derive(Debug, Clone)]
struct RandomData {
    words: Vec<usize>,
    claims: Vec<(usize, usize, usize, usize, u8, bool)>,
}

fn random_data() -> impl Strategy<Value = RandomData> {
    (
        prop::collection::vec(0..WORDS.len(), 1..40),
        prop::collection::vec(
            (
                0..8usize,
                0..8usize,
                0..40usize,
                1..6usize,
                0..3u8,
                any::<bool>(),
            ),
            0..30,
        ),
    )
        .prop_map(|(words, claims)| RandomData { words, claims })
}

fn write(data: &RandomData, dir: &std::path::Path) {
    let text: Vec<&str> = data.words.iter().map(|w| WORDS[*w]).collect();
    std::fs::create_dir_all(dir.join("sources")).expect("mkdir");
    std::fs::write(dir.join("sources/doc.txt"), text.join(" ")).expect("text");
    let entities: Vec<_> = (0..8)
        .map(|i| json!({"id": format!("e{i}"), "type": "person", "name": format!("Person {i}"), "description": ""}))
        .collect();
    let claims: Vec<_> = data
        .claims
        .iter()
        .enumerate()
        .map(|(n, (s, o, at, len, status, break_quote))| {
            let from = at % text.len();
            let to = (from + len).min(text.len());
            let mut quote = text[from..to].join(" ");
            if *break_quote {
                quote.push_str(" omega");
            }
            json!({"id": format!("c{n}"), "subject": format!("e{s}"), "predicate": "knew", "object": format!("e{o}"),
                   "status": Status::ALL[*status as usize], "claimed_by": "e0",
                   "citations": [{"source": "doc", "quote": quote, "occurrence": 1}]})
        })
        .collect();
    let files = [
        (
            "sources.json",
            json!([{"id": "doc", "title": "Doc", "author": "e0", "date": "1947"}]),
        ),
        ("entities.json", json!(entities)),
        (
            "predicates.json",
            json!([{"id": "knew", "label": "knew", "inverse_label": "knew", "symmetric": true}]),
        ),
        ("claims.json", json!(claims)),
    ];
    for (name, value) in files {
        std::fs::write(
            dir.join(name),
            serde_json::to_string_pretty(&value).expect("json"),
        )
        .expect("write");
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Random folders load whole or are rejected with every problem; what
    /// loads has every quote at its offsets.
    #[test]
    fn random_graphs_load_or_are_rejected_cleanly(data in random_data()) {
        let dir = tempfile::tempdir().expect("tmp");
        write(&data, dir.path());
        let self_loops = data.claims.iter().filter(|(s, o, ..)| s == o).count();
        let broken_quotes = data.claims.iter().filter(|(.., broken)| *broken).count();
        let expected_problems = self_loops + broken_quotes;
        match load::load_dir(dir.path()) {
            Ok(loaded) => {
                prop_assert_eq!(expected_problems, 0);
                let graph = Graph::from_dataset(loaded).expect("a validated dataset indexes");
                let text: Vec<char> = graph.sources()[0].text.chars().collect();
                for claim in graph.claims() {
                    for cite in &claim.citations {
                        prop_assert_eq!(text[cite.start..cite.end].iter().collect::<String>(), cite.quote.clone());
                    }
                }
            }
            Err(e) => {
                prop_assert!(expected_problems > 0);
                // One problem per broken quote and per self-loop, none hidden.
                prop_assert_eq!(e.problems.len(), expected_problems);
            }
        }
    }
}

fn statuses() -> impl Strategy<Value = Vec<Status>> {
    prop::sample::subsequence(Status::ALL.to_vec(), 0..=3)
}

/// The memo graph and the bundled graph, built once.
fn graphs() -> &'static [Graph] {
    static GRAPHS: std::sync::OnceLock<Vec<Graph>> = std::sync::OnceLock::new();
    GRAPHS.get_or_init(|| vec![memo(), crate::support::bundled()])
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    /// Every path is a real simple path within bounds, whose hops are claims
    /// joining consecutive entities and passing the filters, shortest first.
    #[test]
    fn paths_are_simple_real_and_filtered(
        which in 0..2usize, from in any::<prop::sample::Index>(), to in any::<prop::sample::Index>(),
        max_length in 1..=8usize, limit in 1..=20usize, statuses in statuses(),
        avoid in prop::collection::vec(any::<prop::sample::Index>(), 0..3),
    ) {
        let graph = &graphs()[which];
        let ixs: Vec<_> = graph.entity_ixs().collect();
        let (from, to) = (ixs[from.index(ixs.len())], ixs[to.index(ixs.len())]);
        let avoid: Vec<_> = avoid.iter().map(|i| ixs[i.index(ixs.len())]).filter(|e| *e != from && *e != to).collect();
        let params = PathParams {
            max_length, limit, filter: ClaimFilter { statuses: statuses.clone(), ..ClaimFilter::default() },
            avoid: avoid.clone(), work_budget: DEFAULT_WORK_BUDGET,
        };
        let found = k_shortest_paths(graph, from, to, &params);
        prop_assert!(found.paths.len() <= limit);
        let mut seen = HashSet::new();
        let mut previous_length = 0;
        for path in &found.paths {
            prop_assert!(seen.insert(path.nodes.clone()), "duplicate path");
            prop_assert_eq!(path.nodes.first(), Some(&from));
            prop_assert_eq!(path.nodes.last(), Some(&to));
            prop_assert!(path.hops.len() == path.nodes.len() - 1 && path.hops.len() <= max_length);
            prop_assert!(path.hops.len() >= previous_length, "not shortest first");
            previous_length = path.hops.len();
            let distinct: HashSet<_> = path.nodes.iter().collect();
            prop_assert_eq!(distinct.len(), path.nodes.len(), "not simple");
            prop_assert!(path.nodes.iter().all(|n| !avoid.contains(n)));
            for (pair, hop) in path.nodes.windows(2).zip(&path.hops) {
                let (subject, object) = graph.ends(hop.claim);
                let expected = match hop.direction { Direction::Out => (pair[0], pair[1]), Direction::In => (pair[1], pair[0]) };
                prop_assert_eq!((subject, object), expected);
                let status = graph.claim_at(hop.claim).status;
                prop_assert!(statuses.is_empty() || statuses.contains(&status));
            }
        }
    }

    /// Every neighborhood node is within the asked depth, reached by a claim
    /// from a node one step nearer; the center comes first.
    #[test]
    fn neighborhoods_stay_within_depth_and_limit(
        which in 0..2usize, center in any::<prop::sample::Index>(), depth in 1..=3usize,
        walk in prop::sample::select(vec![Walk::Out, Walk::In, Walk::Both]), statuses in statuses(), limit in 1..=60usize,
    ) {
        let graph = &graphs()[which];
        let ixs: Vec<_> = graph.entity_ixs().collect();
        let center = ixs[center.index(ixs.len())];
        let params = NeighborhoodParams {
            depth, walk, filter: ClaimFilter { statuses: statuses.clone(), ..ClaimFilter::default() }, types: vec![], limit,
        };
        let hood = neighborhood(graph, center, &params);
        prop_assert_eq!(hood.nodes[0], (center, 0));
        prop_assert!(hood.nodes.len() <= limit);
        let distance: HashMap<_, _> = hood.nodes.iter().copied().collect();
        for (node, d) in &hood.nodes {
            prop_assert!(*d <= depth);
            if *d > 0 {
                let reached = hood.edges.iter().any(|c| {
                    let (s, o) = graph.ends(*c);
                    (s == *node && distance.get(&o) == Some(&(d - 1))) || (o == *node && distance.get(&s) == Some(&(d - 1)))
                });
                prop_assert!(reached, "node at distance {} not reached from distance {}", d, d - 1);
            }
        }
        for claim in &hood.edges {
            let (s, o) = graph.ends(*claim);
            prop_assert!(distance.contains_key(&s) && distance.contains_key(&o));
            prop_assert!(statuses.is_empty() || statuses.contains(&graph.claim_at(*claim).status));
        }
    }

    /// No query string makes any endpoint fail with a 5xx or a non-problem error.
    #[test]
    fn random_queries_never_fail_the_server(
        path in prop::sample::select(vec![
            "/api/v1/entities", "/api/v1/entities/alice/neighborhood", "/api/v1/paths", "/api/v1/claims",
            "/api/v1/sources/memo/text", "/api/v1/graph",
        ]),
        query in prop::collection::vec(
            (prop::sample::select(vec!["q", "type", "limit", "offset", "depth", "direction", "status", "predicate",
                "from", "to", "max_length", "avoid", "format", "start", "end", "entity"]),
             "[a-z0-9,%&=+-]{0,12}"),
            0..5),
    ) {
        let query: Vec<String> = query.iter().map(|(k, v)| format!("{k}={v}")).collect();
        let uri = format!("{path}?{}", query.join("&"));
        let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("runtime");
        let answer = runtime.block_on(crate::support::get(&uri));
        prop_assert!(answer.status.as_u16() < 500, "{} gave {}", uri, answer.status);
        if !answer.status.is_success() {
            prop_assert_eq!(answer.content_type.as_str(), "application/problem+json", "{}", uri);
        }
    }
}

/// Words that fold alike, differ by a letter, a swap or an accent, and hold
/// separators, so that random names and queries meet every kind of match.
const NAME_WORDS: [&str; 14] = [
    "Kabade", "kabaed", "Kábade", "kabde", "Lucas", "luc", "Jean-Luc", "O’Neil", "oneil", "de",
    "Łukasz", "Anna", "ann", "x",
];

/// Random entities of random types, each with a name and up to two aliases
/// of one to three words.
fn random_names() -> impl Strategy<Value = Vec<(u8, Vec<Vec<usize>>)>> {
    let name = prop::collection::vec(0..NAME_WORDS.len(), 1..4);
    prop::collection::vec((0..5u8, prop::collection::vec(name, 1..4)), 1..25)
}

/// A query made from a word list, then maybe mistyped: a swap, a deletion,
/// an insertion, a substitution, a cut, or upper case.
fn random_query() -> impl Strategy<Value = String> {
    (
        prop::collection::vec(0..NAME_WORDS.len(), 0..3),
        any::<bool>(),
        0..7u8,
        any::<prop::sample::Index>(),
    )
        .prop_map(|(words, hyphen, edit, at)| {
            let words: Vec<&str> = words.iter().map(|&w| NAME_WORDS[w]).collect();
            let mut chars: Vec<char> = words.join(if hyphen { "-" } else { " " }).chars().collect();
            if !chars.is_empty() {
                let i = at.index(chars.len());
                match edit {
                    0 if i + 1 < chars.len() => chars.swap(i, i + 1),
                    1 => {
                        chars.remove(i);
                    }
                    2 => chars.insert(i, 'e'),
                    3 => chars[i] = 'a',
                    4 => chars.truncate(i.max(1)),
                    5 => chars = chars[i..].to_vec(),
                    _ => chars = chars.iter().flat_map(|c| c.to_uppercase()).collect(),
                }
            }
            chars.into_iter().collect()
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(500))]

    /// Search through the name index answers exactly as scanning every name
    /// does: the same entities, scores, matched names and order, for
    /// mistyped names, any printable text, and words too long for typos.
    #[test]
    fn search_by_index_equals_the_scan(
        entities in random_names(),
        query in prop_oneof![
            4 => random_query(),
            1 => "\\PC{0,40}",
            1 => "[a-zé]{33,40}( [a-zé]{1,9}){1,2}",
        ],
        kind in prop::option::of(0..5u8),
    ) {
        use claimgraph::model::{Entity, EntityType};
        use claimgraph::query::search;
        const TYPES: [&str; 5] = ["person", "organization", "place", "event", "work"];
        let kind_of = |k: u8| EntityType::parse(TYPES[k as usize]).expect("a type");
        let entities = entities
            .iter()
            .enumerate()
            .map(|(i, (k, names))| {
                let mut names = names
                    .iter()
                    .map(|n| n.iter().map(|&w| NAME_WORDS[w]).collect::<Vec<_>>().join(" "));
                Entity {
                    id: format!("e{i}").into(),
                    kind: kind_of(*k),
                    name: names.next().unwrap_or_default().into(),
                    aliases: names.map(Into::into).collect(),
                    description: Default::default(),
                    date: None,
                    note: None,
                }
            });
        let graph = Graph::from_dataset(load::Dataset {
            sources: Vec::new(),
            entities: claimgraph::store::EntityTable::new(entities).expect("fits"),
            predicates: Vec::new(),
            claims: Default::default(),
            version: String::new(),
        })
        .expect("a small graph indexes");
        let kind = kind.map(kind_of);
        let scanned = search::scan(&graph, &query, kind);
        prop_assert_eq!(&search::search(&graph, &query, kind), &scanned);
    }
}
