//! What people look at: SVG drawings of neighborhoods and paths, and the
//! explorer page's assets.
//!
//! Everything here returns strings or bytes; nothing knows about HTTP, which
//! stays in [`crate::api`]. The drawings are laid out by the `layout-rs`
//! crate behind the private `layout` module, so no other module depends on
//! it.

pub mod explorer;
mod layout;
pub mod svg;
