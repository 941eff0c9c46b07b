//! Query-string parsing with errors a caller can act on: each parameter is
//! checked against what it allows, unknown and repeated parameters are
//! rejected, and every failure names the parameter and the allowed values.

use std::ops::RangeInclusive;

use axum::extract::Query;
use axum::http::Uri;

use super::error::ApiError;
use crate::graph::{EntityIx, Graph};
use crate::model::{EntityType, Status};
use crate::query::{ClaimFilter, Contested};

/// The longest value any parameter may have, in bytes, but those of
/// [`LONG_VALUES`].
pub const MAX_VALUE_LEN: usize = 512;
/// Parameters that hold lists of ids, and the longest value each may have.
pub const LONG_VALUES: [(&str, usize); 1] = [("ids", 4096)];
/// The longest query string any request may have, in bytes.
pub const MAX_QUERY_LEN: usize = 8192;

/// The parsed query string of one request.
#[derive(Debug)]
pub struct Params {
    pairs: Vec<(String, String)>,
}

impl Params {
    /// Parses `uri`'s query, accepting only the `allowed` parameter names.
    pub fn parse(uri: &Uri, allowed: &[&str]) -> Result<Self, ApiError> {
        let length = uri.query().map_or(0, str::len);
        if length > MAX_QUERY_LEN {
            return Err(ApiError::UriTooLong {
                length,
                max: MAX_QUERY_LEN,
            });
        }
        let Query(pairs) = Query::<Vec<(String, String)>>::try_from_uri(uri)
            .map_err(|e| ApiError::bad("query", e.body_text(), "a URL-encoded query string"))?;
        let mut seen: Vec<&str> = Vec::new();
        for (name, value) in &pairs {
            if !allowed.contains(&name.as_str()) {
                let allowed = if allowed.is_empty() {
                    "no parameters".to_string()
                } else {
                    allowed.join(", ")
                };
                return Err(ApiError::bad(name, "unknown parameter", allowed));
            }
            if seen.contains(&name.as_str()) {
                return Err(ApiError::bad(
                    name,
                    "given more than once",
                    "one value; use a comma list for several",
                ));
            }
            let max = LONG_VALUES
                .iter()
                .find(|(long, _)| long == name)
                .map_or(MAX_VALUE_LEN, |&(_, max)| max);
            if value.len() > max {
                return Err(ApiError::bad(
                    name,
                    "value too long",
                    format!("at most {max} bytes"),
                ));
            }
            seen.push(name);
        }
        Ok(Params { pairs })
    }

    /// The raw value of a parameter, if given.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.pairs
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    /// A required parameter.
    pub fn required(&self, name: &str, allowed: &str) -> Result<&str, ApiError> {
        match self.get(name) {
            Some(v) if !v.trim().is_empty() => Ok(v.trim()),
            _ => Err(ApiError::bad(name, "missing", allowed)),
        }
    }

    /// An integer within `range`, or `default` when absent.
    pub fn int(
        &self,
        name: &str,
        range: RangeInclusive<usize>,
        default: usize,
    ) -> Result<usize, ApiError> {
        let allowed = format!("an integer from {} to {}", range.start(), range.end());
        let Some(raw) = self.get(name) else {
            return Ok(default);
        };
        match raw.trim().parse::<i64>() {
            Ok(n) if n >= 0 && range.contains(&(n as usize)) => Ok(n as usize),
            Ok(n) => Err(ApiError::bad(name, format!("{n} is out of range"), allowed)),
            Err(_) => Err(ApiError::bad(
                name,
                format!("“{raw}” is not an integer"),
                allowed,
            )),
        }
    }

    /// A comma-separated list; empty when absent.
    pub fn list(&self, name: &str) -> Vec<&str> {
        self.get(name)
            .map(|v| {
                v.split(',')
                    .map(str::trim)
                    .filter(|s| !s.is_empty())
                    .collect()
            })
            .unwrap_or_default()
    }

    /// One of a fixed set of words, or `default` when absent.
    pub fn choice<T: Copy>(
        &self,
        name: &str,
        choices: &[(&str, T)],
        default: T,
    ) -> Result<T, ApiError> {
        let Some(raw) = self.get(name) else {
            return Ok(default);
        };
        choices
            .iter()
            .find(|(word, _)| *word == raw.trim())
            .map(|(_, v)| *v)
            .ok_or_else(|| {
                let words: Vec<&str> = choices.iter().map(|(w, _)| *w).collect();
                ApiError::bad(
                    name,
                    format!("“{raw}” is not one of them"),
                    words.join(", "),
                )
            })
    }

    /// `status=asserted,alleged`: empty means every status.
    pub fn statuses(&self) -> Result<Vec<Status>, ApiError> {
        self.list("status")
            .into_iter()
            .map(|s| {
                Status::parse(s).ok_or_else(|| {
                    ApiError::bad(
                        "status",
                        format!("“{s}” is not a status"),
                        "a comma list of asserted, alleged, suspected",
                    )
                })
            })
            .collect()
    }

    /// `type=person,place`: empty means every type.
    pub fn types(&self) -> Result<Vec<EntityType>, ApiError> {
        self.list("type")
            .into_iter()
            .map(|s| {
                EntityType::parse(s).ok_or_else(|| {
                    ApiError::bad(
                        "type",
                        format!("“{s}” is not a type"),
                        "a comma list of person, organization, place, event, work",
                    )
                })
            })
            .collect()
    }

    /// `predicate=agent-of,led`, each checked against the vocabulary.
    pub fn predicates(&self, graph: &Graph) -> Result<Vec<String>, ApiError> {
        self.list("predicate")
            .into_iter()
            .map(|p| match graph.predicate(p) {
                Some(_) => Ok(p.to_string()),
                None => {
                    let ids: Vec<&str> = graph.predicates().iter().map(|p| p.id.as_str()).collect();
                    Err(ApiError::bad(
                        "predicate",
                        format!("“{p}” is not a predicate"),
                        format!("a comma list of {}", ids.join(", ")),
                    ))
                }
            })
            .collect()
    }
}

impl Params {
    /// `source=stalins-guilt,…`, each checked against the sources loaded.
    pub fn sources(&self, graph: &Graph) -> Result<Vec<String>, ApiError> {
        self.list("source")
            .into_iter()
            .map(|s| match graph.source(s) {
                Some(_) => Ok(s.to_string()),
                None => {
                    let ids: Vec<&str> = graph
                        .sources()
                        .iter()
                        .map(|s| s.source.record.id.as_str())
                        .collect();
                    Err(ApiError::bad(
                        "source",
                        format!("“{s}” is not a source"),
                        format!("a comma list of {}", ids.join(", ")),
                    ))
                }
            })
            .collect()
    }

    /// `contested=include|exclude|only`, default include.
    pub fn contested(&self) -> Result<Contested, ApiError> {
        self.choice("contested", &Contested::ALL, Contested::Include)
    }

    /// The claim filter every listing and walk takes: `status`,
    /// `predicate`, `source` and `contested`.
    pub fn claim_filter(&self, graph: &Graph) -> Result<ClaimFilter, ApiError> {
        Ok(ClaimFilter {
            statuses: self.statuses()?,
            predicates: self.predicates(graph)?,
            sources: self.sources(graph)?,
            contested: self.contested()?,
        })
    }
}

/// Resolves an entity id, or a 404 with close suggestions.
pub fn entity(graph: &Graph, id: &str) -> Result<EntityIx, ApiError> {
    graph.entity_ix(id).ok_or_else(|| ApiError::NotFound {
        kind: "entity",
        id: id.to_string(),
        suggestions: super::suggest::entities(graph, id),
    })
}
