//! Claims about claims, resolved once every claim is in: a claim may
//! dispute or corroborate one further down the file, so its object can only
//! be looked up among the claims when the table is finished.
//!
//! Checked here: the object names a claim, and not the claim itself; no
//! claim is, through the claims it is about, about itself (a retraction of
//! a retraction of it, say); and, since a vocabulary with claims about
//! claims lets an id stand for either, no claim id is an entity id. Every
//! problem is listed, none stops the others.

use rayon::prelude::*;
use rustc_hash::FxHashMap;

use super::{Context, FILE};
use crate::load::Problem;
use crate::store::ClaimTable;

/// Sets the object of each claim about a claim (`about`: its position and
/// the id it names) to that claim's position, and returns what is wrong.
pub(super) fn resolve(
    ctx: &Context,
    table: &mut ClaimTable,
    lines: &[u32],
    about: Vec<(u32, String)>,
) -> Vec<Problem> {
    let mut problems = Vec::new();
    let problem = |at: u32, id: &str, message: String| Problem {
        file: FILE.to_string(),
        line: Some(lines[at as usize] as usize),
        record: Some(format!("claim {id}")),
        message,
    };
    let mut targets: FxHashMap<u32, u32> = FxHashMap::default();
    for (at, object) in &about {
        let id = table.id(*at as usize);
        match table.position(object) {
            Some(target) if target == *at => problems.push(problem(
                *at,
                &id,
                "a claim cannot be about itself".to_string(),
            )),
            Some(target) => {
                table.set_object(*at as usize, target);
                targets.insert(*at, target);
            }
            // An object that is an entity's id was reported with the claim.
            None if ctx.entities.get(object).is_some() => {}
            None => problems.push(problem(
                *at,
                &id,
                format!("object “{object}” is not a claim id"),
            )),
        }
    }
    for cycle in circles(&targets) {
        let ids: Vec<String> = cycle.iter().map(|&c| table.id(c as usize).into()).collect();
        let first = cycle[0];
        problems.push(problem(
            first,
            &ids[0],
            format!(
                "claims about claims run in a circle: {} → {}",
                ids.join(" → "),
                ids[0]
            ),
        ));
    }
    let vocabulary_refers_to_claims = ctx.rules.iter().any(|r| r.about_claims);
    if vocabulary_refers_to_claims {
        for at in ids_of_entities(ctx, table) {
            let id = table.id(at as usize);
            problems.push(problem(
                at,
                &id,
                format!(
                    "id “{id}” is also an entity id; when predicates may name claims, \
                     claim ids and entity ids must differ"
                ),
            ));
        }
    }
    problems.sort_by_key(|p| p.line);
    problems
}

/// Each circle of claims about claims, once, from its first claim in file
/// order, the circles in the order of those claims. Every claim is about one claim at most, so following objects from
/// any claim either leaves the claims about claims or comes round: O(n).
fn circles(targets: &FxHashMap<u32, u32>) -> Vec<Vec<u32>> {
    // 0: not seen; 1: on the walk now; 2: done.
    let mut state: FxHashMap<u32, u8> = FxHashMap::default();
    let mut starts: Vec<u32> = targets.keys().copied().collect();
    starts.sort_unstable();
    let mut found = Vec::new();
    for start in starts {
        let mut walk = Vec::new();
        let mut at = start;
        loop {
            match state.get(&at).copied().unwrap_or(0) {
                0 => {
                    state.insert(at, 1);
                    walk.push(at);
                    match targets.get(&at) {
                        Some(&next) => at = next,
                        None => break,
                    }
                }
                1 => {
                    let from = walk.iter().position(|&c| c == at).unwrap_or(0);
                    let mut cycle = walk[from..].to_vec();
                    let first = (0..cycle.len()).min_by_key(|&i| cycle[i]).unwrap_or(0);
                    cycle.rotate_left(first);
                    found.push(cycle);
                    break;
                }
                _ => break,
            }
        }
        for c in walk {
            state.insert(c, 2);
        }
    }
    found.sort_unstable();
    found
}

/// The positions of claims whose id is an entity's, in file order, looked
/// up on every core.
fn ids_of_entities(ctx: &Context, table: &ClaimTable) -> Vec<u32> {
    const STRIDE: usize = 1 << 14;
    let ranges: Vec<usize> = (0..table.len()).step_by(STRIDE).collect();
    ranges
        .into_par_iter()
        .flat_map_iter(|from| {
            let to = (from + STRIDE).min(table.len());
            (from..to)
                .filter(|&i| ctx.entities.get(&table.id(i)).is_some())
                .map(|i| i as u32)
                .collect::<Vec<_>>()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn map(pairs: &[(u32, u32)]) -> FxHashMap<u32, u32> {
        pairs.iter().copied().collect()
    }

    #[test]
    fn a_chain_of_responses_is_no_circle() {
        assert!(circles(&map(&[(3, 2), (2, 1), (4, 2)])).is_empty());
    }

    #[test]
    fn each_circle_is_found_once_from_its_first_claim() {
        let found = circles(&map(&[(5, 7), (7, 9), (9, 5), (1, 5), (2, 3), (3, 2)]));
        assert_eq!(found, vec![vec![2, 3], vec![5, 7, 9]]);
    }
}
