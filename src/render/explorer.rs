//! The explorer: one HTML page, its stylesheet and its script, compiled into
//! the binary so the service needs no files, CDN or build step. The files
//! live beside this module in `explorer/`.

/// The page served at `/`.
pub const INDEX_HTML: &str = include_str!("explorer/index.html");
/// Its stylesheet, served at `/explorer.css`.
pub const STYLE_CSS: &str = include_str!("explorer/explorer.css");
/// Its script, served at `/explorer.js`.
pub const SCRIPT_JS: &str = include_str!("explorer/explorer.js");
