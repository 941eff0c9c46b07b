//! The OpenAPI 3.1 document, generated from the handlers' annotations and
//! served at `/api/v1/openapi.json`; `api-docs/openapi.json` is a copy that
//! a test keeps identical.

use axum::Router;
use axum::routing::get;
use utoipa::OpenApi;

use super::AppState;

#[derive(OpenApi)]
#[openapi(
    info(
        title = "claimgraph",
        description = "A knowledge graph in which every edge is a claim citing the exact words of its source.",
        license(name = "MIT", identifier = "MIT")
    ),
    paths(
        super::graph_routes::health,
        super::entities::search_entities,
        super::entities::entity,
        super::entities::neighborhood,
        super::paths::find_paths,
        super::pictures::neighborhood_svg,
        super::pictures::paths_svg,
        super::claims::list,
        super::claims::one,
        super::relations::between,
        super::sources::list,
        super::sources::one,
        super::sources::text_of,
        super::graph_routes::predicates,
        super::graph_routes::graph,
        super::graph_routes::context,
        openapi_json,
        super::explorer::page,
        super::explorer::style,
        super::explorer::script,
        super::explorer::module,
        super::admin::reload,
    ),
    modifiers(&BearerAuth, &UriTooLong),
    tags(
        (name = "entities", description = "Search and look up people, organizations, places, events and works"),
        (name = "paths", description = "How two entities are connected, hop by quoted hop"),
        (name = "claims", description = "The edges and their evidence"),
        (name = "sources", description = "The documents the quotes come from"),
        (name = "graph", description = "Health, vocabulary and whole-graph exports"),
        (name = "pictures", description = "Neighborhoods and paths drawn as SVG"),
        (name = "explorer", description = "The explorer page for people, and its assets"),
        (name = "admin", description = "Only when CLAIMGRAPH_ADMIN_TOKEN is set: reload the data"),
    )
)]
pub struct ApiDoc;

/// Declares the bearer scheme the admin routes use.
struct BearerAuth;

impl utoipa::Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
        );
    }
}

/// Documents the 414 of every operation that reads a query string (that
/// documents a query parameter): any of them refuses one longer than
/// [`super::params::MAX_QUERY_LEN`] bytes.
struct UriTooLong;

impl utoipa::Modify for UriTooLong {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::path::ParameterIn;
        use utoipa::openapi::{ContentBuilder, Ref, ResponseBuilder};
        let too_long = ResponseBuilder::new()
            .description(format!(
                "The query string is longer than {} bytes",
                super::params::MAX_QUERY_LEN
            ))
            .content(
                "application/problem+json",
                ContentBuilder::new()
                    .schema(Some(Ref::from_schema_name("Problem")))
                    .build(),
            )
            .build();
        for item in openapi.paths.paths.values_mut() {
            let operations = [
                &mut item.get,
                &mut item.post,
                &mut item.put,
                &mut item.delete,
            ];
            for operation in operations.into_iter().flatten() {
                let reads_query = operation.parameters.iter().flatten().any(|p| {
                    matches!(p, utoipa::openapi::RefOr::T(p) if p.parameter_in == ParameterIn::Query)
                });
                if reads_query {
                    let responses = &mut operation.responses.responses;
                    responses.insert("414".to_string(), too_long.clone().into());
                }
            }
        }
    }
}

/// The OpenAPI document as pretty JSON, as committed in api-docs/.
pub fn document() -> String {
    let json = ApiDoc::openapi().to_pretty_json();
    debug_assert!(json.is_ok(), "the OpenAPI document always serializes");
    json.unwrap_or_default() + "\n"
}

pub fn router() -> Router<AppState> {
    Router::new().route("/api/v1/openapi.json", get(openapi_json))
}

/// This document.
#[utoipa::path(get, path = "/api/v1/openapi.json", tag = "graph",
    responses((status = 200, description = "The OpenAPI 3.1 document", content_type = "application/json")))]
pub async fn openapi_json() -> impl axum::response::IntoResponse {
    (
        [(axum::http::header::CONTENT_TYPE, "application/json")],
        document(),
    )
}
