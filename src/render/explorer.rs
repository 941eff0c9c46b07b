//! The explorer: one HTML page, its stylesheet and its scripts, compiled
//! into the binary so the service needs no files, CDN or build step. The
//! files live beside this module in `explorer/`.
//!
//! The script is split into ES modules so that no file grows past reading:
//! the page loads `/explorer.js`, which imports the modules of
//! [`MODULES`] from `/explorer/{name}`; each is its own asset with its own
//! ETag.

/// The page served at `/`.
pub const INDEX_HTML: &str = include_str!("explorer/index.html");
/// Its stylesheet, served at `/explorer.css`.
pub const STYLE_CSS: &str = include_str!("explorer/explorer.css");
/// Its script, served at `/explorer.js`: the router, importing the rest.
pub const SCRIPT_JS: &str = include_str!("explorer/explorer.js");

/// The script's modules, by the name each is served under at
/// `/explorer/{name}`: what the graph is known by and how elements are
/// built (`core.js`), the pieces of views (`pieces.js`), entity search
/// (`search.js`), home, entity and paths (`views.js`), claims and who says
/// what (`disagreement.js`), and sources (`source.js`).
pub const MODULES: [(&str, &str); 6] = [
    ("core.js", include_str!("explorer/modules/core.js")),
    ("pieces.js", include_str!("explorer/modules/pieces.js")),
    ("search.js", include_str!("explorer/modules/search.js")),
    ("views.js", include_str!("explorer/modules/views.js")),
    (
        "disagreement.js",
        include_str!("explorer/modules/disagreement.js"),
    ),
    ("source.js", include_str!("explorer/modules/source.js")),
];
