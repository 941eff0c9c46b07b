//! Paths between two entities: the k shortest simple paths, walking claims in
//! either direction, each hop carried by one claim.
//!
//! Paths are distinct as sequences of entities; where several claims join
//! the same two entities, the hop is carried by the strongest (asserted
//! before alleged before suspected, then the first in data order).

use std::cell::Cell;
use std::collections::{BTreeSet, VecDeque};

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use crate::graph::{ClaimIx, Direction, EntityIx, Graph, Incidence};
use crate::model::Status;
use crate::query::ClaimFilter;

#[derive(Debug, Clone)]
pub struct PathParams {
    /// The most hops a path may have, at least 1.
    pub max_length: usize,
    /// How many paths to return, at least 1.
    pub limit: usize,
    pub filter: ClaimFilter,
    /// Entities no path may pass through.
    pub avoid: Vec<EntityIx>,
    /// The most entities the whole search may expand; past it the search
    /// stops and the answer says it was truncated.
    pub work_budget: usize,
}

/// The default work budget: enough for any query on graphs of millions of
/// claims to find its first paths, small enough to answer in milliseconds.
pub const DEFAULT_WORK_BUDGET: usize = 200_000;

/// The paths found, and whether the work budget cut the search short.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    pub paths: Vec<Path>,
    pub truncated: bool,
}

/// One hop of a path: the claim and which way it was walked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hop {
    pub claim: ClaimIx,
    /// `Out` when the path walks from the claim's subject to its object.
    pub direction: Direction,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Path {
    /// From `from` to `to`, inclusive.
    pub nodes: Vec<EntityIx>,
    pub hops: Vec<Hop>,
    /// The weakest status among the hops.
    pub weakest: Status,
}

/// Up to `limit` simple paths from `from` to `to`, shortest first (ties in
/// order of their entity positions), none longer than `max_length`.
///
/// Yen's algorithm over breadth-first searches: at most `limit · max_length`
/// searches, each O(V + E) but cut off at the remaining length, and all of
/// them together expanding at most `work_budget` entities. Enumerating all
/// simple paths instead would grow exponentially with length.
pub fn k_shortest_paths(graph: &Graph, from: EntityIx, to: EntityIx, p: &PathParams) -> Found {
    let walker = Walker {
        graph,
        p,
        work: Cell::new(0),
    };
    let paths = walker.yen(from, to);
    Found {
        paths,
        truncated: walker.work.get() > p.work_budget,
    }
}

struct Walker<'a> {
    graph: &'a Graph,
    p: &'a PathParams,
    /// Entities expanded so far, across all searches.
    work: Cell<usize>,
}

impl Walker<'_> {
    /// Yen's algorithm: each next path deviates from an accepted one at some
    /// spur node, avoiding the edges the accepted paths take from there.
    fn yen(&self, from: EntityIx, to: EntityIx) -> Vec<Path> {
        let p = self.p;
        if from == to || p.limit == 0 {
            return Vec::new();
        }
        let avoid: HashSet<EntityIx> = p.avoid.iter().copied().collect();
        let Some(first) = self.bfs(from, to, &avoid, &HashSet::default(), p.max_length) else {
            return Vec::new();
        };
        let mut accepted: Vec<Vec<EntityIx>> = vec![first];
        let mut candidates: BTreeSet<(usize, Vec<EntityIx>)> = BTreeSet::new();
        while accepted.len() < p.limit {
            let previous = accepted[accepted.len() - 1].clone();
            for i in 0..previous.len() - 1 {
                let root = &previous[..=i];
                let banned_edges: HashSet<(EntityIx, EntityIx)> = accepted
                    .iter()
                    .filter(|path| path.len() > i + 1 && path[..=i] == *root)
                    .map(|path| (path[i], path[i + 1]))
                    .collect();
                let mut banned_nodes = avoid.clone();
                banned_nodes.extend(&root[..i]);
                let budget = p.max_length - i;
                if let Some(spur) = self.bfs(previous[i], to, &banned_nodes, &banned_edges, budget)
                {
                    let mut path = root[..i].to_vec();
                    path.extend(spur);
                    if !accepted.contains(&path) {
                        candidates.insert((path.len(), path));
                    }
                }
            }
            match candidates.pop_first() {
                Some((_, path)) => accepted.push(path),
                None => break,
            }
        }
        accepted.into_iter().map(|nodes| self.hops(nodes)).collect()
    }

    /// Neighbors reachable over admitted claims, in entity order, each with
    /// the strongest claim to it.
    ///
    /// Costs O(d) for an entity of degree d: its claims are stored ordered
    /// by the other end, then by claim.
    fn neighbors(&self, u: EntityIx) -> Vec<(EntityIx, Hop)> {
        self.graph
            .neighbors(u)
            .filter_map(|(v, claims)| self.strongest(claims).map(|hop| (v, hop)))
            .collect()
    }

    /// The strongest admitted claim of a run joining two neighbors: the
    /// first (in claim order) of the strongest status.
    fn strongest(&self, claims: &[Incidence]) -> Option<Hop> {
        let mut best: Option<(Status, &Incidence)> = None;
        for i in claims {
            let status = self.graph.status(i.claim);
            if self.p.filter.admits(self.graph, i.claim)
                && best.is_none_or(|(strongest, _)| status < strongest)
            {
                best = Some((status, i));
            }
        }
        best.map(|(_, i)| Hop {
            claim: i.claim,
            direction: i.direction,
        })
    }

    /// Neighbors reachable over admitted claims, in entity order, each once.
    fn neighbor_ixs(&self, u: EntityIx) -> impl Iterator<Item = EntityIx> + '_ {
        self.graph.neighbors(u).filter_map(|(v, claims)| {
            claims
                .iter()
                .any(|i| self.p.filter.admits(self.graph, i.claim))
                .then_some(v)
        })
    }

    /// A shortest path of at most `budget` hops avoiding the banned nodes and
    /// (undirected) banned edges.
    fn bfs(
        &self,
        from: EntityIx,
        to: EntityIx,
        banned_nodes: &HashSet<EntityIx>,
        banned_edges: &HashSet<(EntityIx, EntityIx)>,
        budget: usize,
    ) -> Option<Vec<EntityIx>> {
        if banned_nodes.contains(&from) || banned_nodes.contains(&to) {
            return None;
        }
        let mut parent: HashMap<EntityIx, EntityIx> = HashMap::default();
        let mut queue = VecDeque::from([(from, 0usize)]);
        let mut seen: HashSet<EntityIx> = HashSet::default();
        seen.insert(from);
        while let Some((u, d)) = queue.pop_front() {
            if u == to {
                let mut path = vec![to];
                let mut at = to;
                while let Some(&p) = parent.get(&at) {
                    path.push(p);
                    at = p;
                }
                path.reverse();
                return Some(path);
            }
            if d == budget {
                continue;
            }
            self.work.set(self.work.get() + 1);
            if self.work.get() > self.p.work_budget {
                return None;
            }
            for v in self.neighbor_ixs(u) {
                let banned = banned_edges.contains(&(u, v)) || banned_edges.contains(&(v, u));
                if banned || banned_nodes.contains(&v) || !seen.insert(v) {
                    continue;
                }
                parent.insert(v, u);
                queue.push_back((v, d + 1));
            }
        }
        None
    }

    /// Chooses the claim carrying each hop of a node path.
    fn hops(&self, nodes: Vec<EntityIx>) -> Path {
        let hops: Vec<Hop> = nodes
            .windows(2)
            .filter_map(|pair| {
                self.neighbors(pair[0])
                    .into_iter()
                    .find(|(v, _)| *v == pair[1])
                    .map(|(_, hop)| hop)
            })
            .collect();
        let weakest = hops
            .iter()
            .map(|h| self.graph.status(h.claim))
            .max()
            .unwrap_or(Status::Asserted);
        Path {
            nodes,
            hops,
            weakest,
        }
    }
}
