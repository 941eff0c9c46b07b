//! The search as it was before it met in the middle: Yen's algorithm over a
//! plain forward BFS with hash maps, kept verbatim as the oracle the tests
//! compare the fast search against.

use std::cell::Cell;
use std::collections::{BTreeSet, VecDeque};

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use super::{Found, Hop, Path, PathParams};
use crate::graph::{EntityIx, Graph, Incidence, Run};
use crate::model::Status;

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

pub struct Walker<'a> {
    pub graph: &'a Graph,
    pub p: &'a PathParams,
    pub work: Cell<usize>,
}

impl Walker<'_> {
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

    fn neighbors(&self, u: EntityIx) -> Vec<(EntityIx, Hop)> {
        self.graph
            .neighbors(u)
            .filter_map(|(v, claims)| self.strongest(claims).map(|hop| (v, hop)))
            .collect()
    }

    fn strongest(&self, claims: Run<'_>) -> Option<Hop> {
        let mut best: Option<(Status, Incidence)> = None;
        for i in claims {
            let status = self.graph.status(i.claim());
            if self.p.filter.admits(self.graph, i.claim())
                && best.is_none_or(|(strongest, _)| status < strongest)
            {
                best = Some((status, i));
            }
        }
        best.map(|(_, i)| Hop {
            claim: i.claim(),
            direction: i.direction(),
        })
    }

    fn neighbor_ixs(&self, u: EntityIx) -> impl Iterator<Item = EntityIx> + '_ {
        self.graph.neighbors(u).filter_map(|(v, claims)| {
            claims
                .iter()
                .any(|i| self.p.filter.admits(self.graph, i.claim()))
                .then_some(v)
        })
    }

    pub fn bfs(
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
