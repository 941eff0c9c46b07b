//! How the graph keeps millions of claims and entities in memory: columns
//! of small numbers and arenas of strings, built from the low layer's
//! structures ([`crate::base`]), instead of one served object a record.
//! One structure a file:
//!
//! - [`ClaimTable`] (`claims.rs`): every claim as columns, in file order,
//!   with [`Row`], one claim as the loader hands it over.
//! - [`Span`] and its 8-byte packed form (`span.rs`): a citation as offsets.
//! - `narrow.rs`: a column of positions, two bytes each while they fit.
//! - `id_index.rs`: claim positions by id, 4 bytes a claim.
//! - [`EntityTable`] (`entities.rs`): every entity as columns, with its
//!   index by id; [`EntityView`] and [`Aliases`] (`entity_view.rs`), what is
//!   read of one.
//!
//! The store knows the model's types and the low layer; it knows nothing
//! of files, of the graph's indexes or of queries.

mod claims;
mod entities;
mod entity_view;
mod id_index;
mod narrow;
mod span;

pub use claims::{ClaimTable, Row};
pub use entities::EntityTable;
pub use entity_view::{Aliases, EntityView};
pub use span::Span;
