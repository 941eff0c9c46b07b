use axum::body::Body;
use axum::http::{Request, StatusCode};
use serde_json::Value;

use crate::support::{get, ids, memo, send, send_to};

/// The ids of the entities a search returns, in order.
async fn search(query: &str) -> Vec<String> {
    ids(&get(&format!("/api/v1/entities?{query}")).await.json()["items"])
}

/// Each path of a path query as its node ids.
async fn paths(query: &str) -> Vec<Vec<String>> {
    let answer = get(&format!("/api/v1/paths?{query}")).await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.text());
    answer.json()["paths"]
        .as_array()
        .expect("paths")
        .iter()
        .map(|p| ids(&p["nodes"]))
        .collect()
}

/// A neighborhood as (id, distance) pairs.
async fn hood(query: &str) -> Vec<(String, u64)> {
    let body = get(&format!("/api/v1/entities/alice/neighborhood?{query}"))
        .await
        .json();
    body["nodes"]
        .as_array()
        .expect("nodes")
        .iter()
        .map(|n| {
            (
                n["id"].as_str().expect("id").to_string(),
                n["distance"].as_u64().expect("distance"),
            )
        })
        .collect()
}

/// Asserts a 400 problem naming `parameter`.
#[track_caller]
fn assert_bad(answer: &crate::support::Answer, parameter: &str, allowed: &str) {
    assert_eq!(answer.status, StatusCode::BAD_REQUEST, "{}", answer.text());
    assert_eq!(answer.content_type, "application/problem+json");
    let problem = answer.json();
    assert_eq!(problem["parameter"], parameter);
    assert_eq!(problem["allowed"], allowed);
    assert_eq!(problem["status"], 400);
}

/// The words of each mention in an entity answer, in order.
fn mention_texts(body: &Value) -> Vec<String> {
    body["mentions"]
        .as_array()
        .expect("mentions")
        .iter()
        .map(|m| m["text"].as_str().expect("text").to_string())
        .collect()
}

fn pairs(list: &[(&str, u64)]) -> Vec<(String, u64)> {
    list.iter().map(|(id, d)| (id.to_string(), *d)).collect()
}

#[tokio::test]
async fn health_reports_counts_and_version() {
    let body = get("/health").await.json();
    assert_eq!(body["status"], "ok");
    assert_eq!(body["counts"]["entities"], 8);
    assert_eq!(body["counts"]["claims"], 7);
    assert_eq!(body["version"], memo().version());
}

#[tokio::test]
async fn search_folds_accents_and_typography() {
    assert_eq!(search("q=cardenas").await, ["carol"]);
    assert_eq!(search("q=ECHO").await, ["echo"]);
    let body = get("/api/v1/entities?q=l%27echo").await.json();
    assert_eq!(body["items"][0]["matched"], "l’Écho");
}

#[tokio::test]
async fn search_says_which_alias_matched() {
    let body = get("/api/v1/entities?q=archer").await.json();
    assert_eq!(body["items"][0]["id"], "alice");
    assert_eq!(body["items"][0]["matched"], "Archer");
    assert_eq!(body["items"][0]["score"], 1.0);
}

#[tokio::test]
async fn search_tolerates_typos() {
    assert_eq!(search("q=Archr").await, ["alice"]);
    assert_eq!(search("q=Carol%20Cardneas").await, ["carol"]);
    // Words under five letters must be spelled right.
    assert!(search("q=Dave%20Dias").await.is_empty());
}

#[tokio::test]
async fn search_ranks_exact_before_prefix_before_substring() {
    // "b" is a prefix of "Bob Brown" and "Brown"; "Alice Archer" contains no word starting with b.
    assert_eq!(search("q=brown").await, ["bob"]);
    let body = get("/api/v1/entities?q=a").await.json();
    let scores: Vec<f64> = body["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|i| i["score"].as_f64().expect("score"))
        .collect();
    assert!(scores.windows(2).all(|w| w[0] >= w[1]), "{scores:?}");
    assert_eq!(
        body["items"][0]["id"], "alice",
        "a prefix match comes first"
    );
}

#[tokio::test]
async fn search_filters_by_type_and_pages() {
    assert_eq!(search("type=place").await, ["paris"]);
    let all = get("/api/v1/entities?limit=3").await.json();
    assert_eq!(all["total"], 8);
    assert_eq!(all["items"].as_array().expect("items").len(), 3);
    let next = get("/api/v1/entities?limit=3&offset=3").await.json();
    let (a, b) = (ids(&all["items"]), ids(&next["items"]));
    assert!(
        a.iter().all(|id| !b.contains(id)),
        "pages overlap: {a:?} {b:?}"
    );
}

#[tokio::test]
async fn entity_lookup_has_claims_in_and_out_and_mentions() {
    let body = get("/api/v1/entities/alice").await.json();
    assert_eq!(body["entity"]["name"], "Alice Archer");
    assert_eq!(
        ids(&body["claims_out"]),
        ["alice-at-meeting", "alice-knew-dave"]
    );
    assert_eq!(ids(&body["claims_in"]), ["bob-met-alice"]);
    assert_eq!(
        body["claims_out"][0]["citations"][0]["quote"],
        "Alice Archer met Bob Brown in Paris"
    );
    assert_eq!(
        mention_texts(&body),
        ["Alice Archer", "Alice Archer", "Archer", "Archer"]
    );
    assert_eq!(body["mentions"][0]["start"], 17);
    assert_eq!(body["mentions"][0]["end"], 29);
}

/// A graph is served before its sources are searched for names; an entity
/// asked for meanwhile waits for that search and is never answered without
/// its mentions, and `/health` says where the search stands.
#[tokio::test]
async fn entities_asked_for_before_the_mentions_are_indexed_wait_for_them() {
    let graph = memo();
    assert!(
        !graph.mentions_indexed(),
        "loading does not search for mentions"
    );
    let router = claimgraph::api::app(graph);
    let ask = |uri: &str| {
        let request = Request::get(uri).body(Body::empty()).expect("request");
        send_to(router.clone(), request)
    };
    assert_eq!(ask("/health").await.json()["mentions"], "indexing");
    let alice = "/api/v1/entities/alice";
    let (a, b, c) = tokio::join!(ask(alice), ask(alice), ask(alice));
    for answer in [a, b, c] {
        assert_eq!(
            mention_texts(&answer.json()),
            ["Alice Archer", "Alice Archer", "Archer", "Archer"]
        );
    }
    assert_eq!(ask("/health").await.json()["mentions"], "ready");
}

/// Following `next` from a page of one of each list walks every list of
/// the whole answer, in order; the whole answer (every list within the
/// default page) says nothing of pages.
#[tokio::test]
async fn an_entity_answer_pages_its_lists_and_links_the_next_page() {
    const LISTS: [&str; 4] = ["claims_out", "claims_in", "claims_made", "mentions"];
    let whole = get("/api/v1/entities/alice").await.json();
    assert!(whole.get("page").is_none(), "{whole}");
    let mut walked: Vec<Vec<Value>> = vec![Vec::new(); LISTS.len()];
    let mut next = Some("/api/v1/entities/alice?limit=1".to_string());
    let mut pages = 0;
    while let Some(url) = next {
        let body = get(&url).await.json();
        let page = &body["page"];
        assert_eq!(page["limit"], 1);
        for (list, walked) in LISTS.iter().zip(&mut walked) {
            let items = body[list].as_array().expect("a list");
            assert!(items.len() <= 1, "{list} holds {}", items.len());
            assert_eq!(
                page["total"][list],
                whole[list].as_array().expect("list").len()
            );
            walked.extend(items.iter().cloned());
        }
        next = page["next"].as_str().map(str::to_string);
        pages += 1;
    }
    assert_eq!(pages, 4, "alice's longest list is her four mentions");
    for (list, walked) in LISTS.iter().zip(walked) {
        assert_eq!(&Value::Array(walked), &whole[*list], "{list}");
    }
}

#[tokio::test]
async fn an_entity_page_past_every_list_is_empty_and_says_how_long_they_are() {
    let body = get("/api/v1/entities/alice?offset=10").await.json();
    assert_eq!(body["claims_out"], serde_json::json!([]));
    assert_eq!(body["mentions"], serde_json::json!([]));
    assert_eq!(body["page"]["total"]["claims_out"], 2);
    assert_eq!(body["page"]["total"]["mentions"], 4);
    assert!(body["page"].get("next").is_none(), "{body}");
}

#[tokio::test]
async fn an_entity_page_outside_its_bounds_is_refused() {
    let entity = |q: &'static str| async move { get(&format!("/api/v1/entities/alice?{q}")).await };
    assert_bad(
        &entity("limit=0").await,
        "limit",
        "an integer from 1 to 10000",
    );
    assert_bad(
        &entity("offset=-1").await,
        "offset",
        "an integer from 0 to 10000000",
    );
    assert_bad(&entity("depth=1").await, "depth", "limit, offset");
}

/// A server keeps whole answers by what they answer: asked for each of
/// these again and again, in turn, it answers each as a fresh server does.
#[tokio::test]
async fn a_server_answers_again_what_it_answered_before() {
    let urls = [
        "/api/v1/entities/louis-budenz",
        "/api/v1/entities/louis-budenz?limit=1",
        "/api/v1/entities/louis-budenz/neighborhood",
        "/api/v1/entities/louis-budenz/neighborhood?depth=2",
        "/api/v1/entities/louis-budenz/neighborhood?depth=2&limit=3",
        "/api/v1/entities/louis-budenz/neighborhood?status=alleged",
        "/api/v1/entities/louis-budenz/neighborhood?direction=out&depth=2",
        "/api/v1/entities/louis-budenz/neighborhood?type=person",
        "/api/v1/entities/earl-browder/neighborhood",
        "/api/v1/entities/earl-browder/neighborhood?format=cytoscape",
        "/api/v1/entities/earl-browder/neighborhood?format=cytoscape&depth=2",
        "/api/v1/entities/earl-browder",
    ];
    let request = |url: &str| Request::get(url).body(Body::empty()).expect("request");
    let app = claimgraph::api::app(crate::support::bundled());
    let mut fresh = Vec::new();
    for url in urls {
        fresh.push(crate::support::send(crate::support::bundled(), request(url)).await);
    }
    let distinct: std::collections::HashSet<&[u8]> =
        fresh.iter().map(|a| a.body.as_slice()).collect();
    assert_eq!(
        distinct.len(),
        urls.len(),
        "each question has its own answer"
    );
    for _ in 0..2 {
        for (url, expected) in urls.iter().zip(&fresh) {
            let answer = send_to(app.clone(), request(url)).await;
            assert_eq!(answer.status, StatusCode::OK, "{url}");
            assert!(answer.body == expected.body, "{url} answered differently");
        }
    }
}

/// Several entities by id in one request, in the order asked, for the
/// names a page of claims needs.
#[tokio::test]
async fn entities_are_looked_up_by_a_list_of_ids() {
    let body = get("/api/v1/entities?ids=dave,alice,bob").await.json();
    assert_eq!(ids(&body["items"]), ["dave", "alice", "bob"]);
    assert_eq!(body["items"][1]["name"], "Alice Archer");
    assert_eq!(body["items"][1]["matched"], "Alice Archer");
    assert_eq!(body["total"], 3);
    let unknown = get("/api/v1/entities?ids=alice,alise").await;
    assert_eq!(unknown.status, StatusCode::NOT_FOUND, "{}", unknown.text());
    assert_eq!(unknown.json()["suggestions"][0]["id"], "alice");
    let allowed = "a comma list of 1 to 100 entity ids";
    assert_bad(
        &get("/api/v1/entities?ids=alice,,bob").await,
        "ids",
        allowed,
    );
    let many = vec!["alice"; 101].join(",");
    assert_bad(
        &get(&format!("/api/v1/entities?ids={many}")).await,
        "ids",
        allowed,
    );
    assert_bad(
        &get("/api/v1/entities?ids=alice&q=bob").await,
        "q",
        "ids alone, or q, type, limit and offset",
    );
}

/// A whole-graph export is built in memory, so one answer holds at most
/// 100,000 claims; past that the caller is told how to get the graph, and a
/// status filter that leaves few enough claims is answered.
#[tokio::test]
async fn a_graph_too_large_to_export_in_one_answer_is_refused_with_the_ways_to_get_it() {
    let (_data, graph) = crate::support::generated(claimgraph::generate::Params {
        entities: 2_000,
        claims: 100_001,
        seed: 1,
    });
    let app = claimgraph::api::app(graph);
    let request = |url: &str| Request::get(url).body(Body::empty()).expect("request");
    for format in ["json", "ntriples"] {
        let answer = send_to(
            app.clone(),
            request(&format!("/api/v1/graph?format={format}")),
        )
        .await;
        assert_eq!(answer.status, StatusCode::UNPROCESSABLE_ENTITY, "{format}");
        assert_eq!(answer.content_type, "application/problem+json");
        let problem = answer.json();
        assert_eq!(problem["type"], "urn:claimgraph:problem:export-too-large");
        assert!(
            problem["detail"]
                .as_str()
                .expect("detail")
                .contains("100001 claims"),
            "{problem}"
        );
        assert!(
            problem["allowed"]
                .as_str()
                .expect("allowed")
                .contains("claimgraph export"),
            "{problem}"
        );
    }
    let suspected = send_to(app, request("/api/v1/graph?status=suspected")).await;
    assert_eq!(suspected.status, StatusCode::OK);
    let claims = suspected.json()["claims"].as_array().expect("claims").len();
    assert!(claims > 0 && claims <= 100_000, "{claims}");
}

#[tokio::test]
async fn unknown_entity_is_404_with_suggestions() {
    let answer = get("/api/v1/entities/alise").await;
    assert_eq!(answer.status, StatusCode::NOT_FOUND);
    assert_eq!(answer.content_type, "application/problem+json");
    let problem = answer.json();
    assert_eq!(problem["suggestions"][0]["id"], "alice");
    assert!(
        problem["detail"]
            .as_str()
            .expect("detail")
            .contains("alise")
    );
}

#[tokio::test]
async fn neighborhood_depth_one_and_two() {
    assert_eq!(
        hood("").await,
        pairs(&[("alice", 0), ("meeting", 1), ("dave", 1), ("bob", 1)])
    );
    assert_eq!(
        hood("depth=2").await,
        pairs(&[
            ("alice", 0),
            ("meeting", 1),
            ("dave", 1),
            ("bob", 1),
            ("paris", 2),
            ("echo", 2)
        ])
    );
}

#[tokio::test]
async fn neighborhood_direction_status_type_and_limit() {
    assert_eq!(
        hood("direction=out").await,
        pairs(&[("alice", 0), ("meeting", 1), ("dave", 1)])
    );
    assert_eq!(
        hood("direction=in").await,
        pairs(&[("alice", 0), ("bob", 1)])
    );
    assert_eq!(
        hood("status=asserted").await,
        pairs(&[("alice", 0), ("meeting", 1), ("bob", 1)])
    );
    assert_eq!(
        hood("type=person&depth=3").await,
        pairs(&[("alice", 0), ("dave", 1), ("bob", 1)])
    );
    assert_eq!(
        hood("predicate=knew").await,
        pairs(&[("alice", 0), ("dave", 1)])
    );
    let body = get("/api/v1/entities/alice/neighborhood?limit=2")
        .await
        .json();
    assert_eq!(body["truncated"], true);
    assert_eq!(ids(&body["nodes"]), ["alice", "meeting"]);
    assert_eq!(ids(&body["edges"]), ["alice-at-meeting"]);
}

#[tokio::test]
async fn neighborhood_edges_are_the_claims_walked() {
    let body = get("/api/v1/entities/alice/neighborhood").await.json();
    assert_eq!(body["center"]["id"], "alice");
    assert_eq!(
        ids(&body["edges"]),
        ["alice-at-meeting", "alice-knew-dave", "bob-met-alice"]
    );
    assert_eq!(body["truncated"], false);
}

#[tokio::test]
async fn paths_come_shortest_first_and_distinct() {
    assert_eq!(
        paths("from=alice&to=dave").await,
        [
            vec!["alice", "dave"],
            vec!["alice", "bob", "dave"],
            vec!["alice", "meeting", "bob", "dave"]
        ]
    );
    assert_eq!(paths("from=alice&to=dave&limit=2").await.len(), 2);
    assert_eq!(paths("from=alice&to=dave&max_length=2").await.len(), 2);
}

#[tokio::test]
async fn paths_carry_each_hop_with_quote_status_claimant_and_direction() {
    let body = get("/api/v1/paths?from=alice&to=dave&status=asserted,alleged")
        .await
        .json();
    let path = &body["paths"][0];
    assert_eq!(path["length"], 2);
    assert_eq!(path["weakest_status"], "alleged");
    let hops: Vec<(&str, &str, &str, &str)> = path["edges"]
        .as_array()
        .expect("edges")
        .iter()
        .map(|e| {
            (
                e["id"].as_str().expect("id"),
                e["direction"].as_str().expect("direction"),
                e["claimed_by"].as_str().expect("claimed_by"),
                e["citations"][0]["quote"].as_str().expect("quote"),
            )
        })
        .collect();
    assert_eq!(
        hops,
        [
            (
                "bob-met-alice",
                "in",
                "nora-note",
                "Brown and Archer met again"
            ),
            (
                "bob-paid-dave",
                "out",
                "carol",
                "According to Carol Cárdenas, Bob Brown paid Dave Diaz"
            ),
        ]
    );
}

#[tokio::test]
async fn an_alleged_only_link_disappears_under_status_asserted() {
    assert_eq!(paths("from=bob&to=dave").await[0], ["bob", "dave"]);
    assert!(paths("from=bob&to=dave&status=asserted").await.is_empty());
    assert!(paths("from=alice&to=dave&status=asserted").await.is_empty());
}

#[tokio::test]
async fn paths_avoid_entities() {
    assert_eq!(
        paths("from=alice&to=dave&avoid=bob").await,
        [vec!["alice", "dave"]]
    );
    assert_eq!(
        paths("from=paris&to=dave&avoid=bob").await,
        [vec!["paris", "meeting", "alice", "dave"]]
    );
    assert_eq!(
        paths("from=paris&to=dave&avoid=alice,bob").await,
        Vec::<Vec<String>>::new()
    );
}

#[tokio::test]
async fn claims_filter_by_entity_claimant_predicate_and_status() {
    let claims = |q: &'static str| async move {
        ids(&get(&format!("/api/v1/claims?{q}")).await.json()["items"])
    };
    assert_eq!(claims("claimed_by=carol").await, ["bob-paid-dave"]);
    assert_eq!(
        claims("entity=alice").await,
        ["alice-at-meeting", "alice-knew-dave", "bob-met-alice"]
    );
    assert_eq!(
        claims("subject=bob&predicate=present-at").await,
        ["bob-at-meeting"]
    );
    assert_eq!(
        claims("status=suspected,alleged").await,
        ["bob-paid-dave", "alice-knew-dave"]
    );
    assert_eq!(
        claims("object=dave&status=asserted").await,
        Vec::<String>::new()
    );
}

#[tokio::test]
async fn claim_by_id_and_unknown_claim() {
    let body = get("/api/v1/claims/bob-paid-dave").await.json();
    assert_eq!(body["claim"]["status"], "alleged");
    assert_eq!(body["claim"]["citations"][0]["start"], 68);
    let missing = get("/api/v1/claims/bob-paid-davy").await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    assert_eq!(missing.json()["suggestions"][0]["id"], "bob-paid-dave");
}

#[tokio::test]
async fn sources_and_passages_by_code_point() {
    let list = get("/api/v1/sources").await.json();
    assert_eq!(list["items"][0]["id"], "memo");
    assert_eq!(list["items"][0]["length"], 266);
    assert_eq!(list["total"], 1);
    let past = get("/api/v1/sources?offset=1").await.json();
    assert_eq!(past["items"], serde_json::json!([]));
    assert_eq!(past["total"], 1);
    assert_bad(
        &get("/api/v1/sources?limit=1001").await,
        "limit",
        "an integer from 1 to 1000",
    );
    let passage = get("/api/v1/sources/memo/text?start=123&end=132")
        .await
        .json();
    assert_eq!(passage["text"], "Dave Diaz");
    let whole = get("/api/v1/sources/memo/text").await.json();
    assert_eq!(whole["text"].as_str().expect("text").chars().count(), 266);
    assert_eq!(
        get("/api/v1/sources/memo").await.json()["source"]["author"],
        "nora-note"
    );
    assert_eq!(
        get("/api/v1/sources/mem0").await.status,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn predicates_are_listed() {
    let body = get("/api/v1/predicates").await.json();
    assert_eq!(
        ids(&body["items"]),
        [
            "present-at",
            "took-place-in",
            "paid",
            "wrote-for",
            "knew",
            "met"
        ]
    );
}

#[tokio::test]
async fn whole_graph_respects_the_status_filter() {
    let body = get("/api/v1/graph?status=alleged").await.json();
    assert_eq!(ids(&body["claims"]), ["bob-paid-dave"]);
    assert_eq!(body["entities"].as_array().expect("entities").len(), 8);
    let cy = get("/api/v1/graph?format=cytoscape&status=asserted")
        .await
        .json();
    assert_eq!(cy["elements"]["edges"].as_array().expect("edges").len(), 5);
    let gexf = get("/api/v1/graph?format=gexf&status=asserted").await;
    assert_eq!(gexf.content_type, "application/gexf+xml; charset=utf-8");
    assert_eq!(gexf.text().matches("<edge ").count(), 5);
}

#[tokio::test]
async fn neighborhood_and_paths_in_cytoscape_form() {
    let cy = get("/api/v1/entities/alice/neighborhood?format=cytoscape")
        .await
        .json();
    assert_eq!(cy["elements"]["nodes"].as_array().expect("nodes").len(), 4);
    assert_eq!(cy["elements"]["edges"][0]["data"]["source"], "alice");
    let cy = get("/api/v1/paths?from=alice&to=dave&limit=1&format=cytoscape")
        .await
        .json();
    assert_eq!(
        cy["elements"]["edges"][0]["data"]["claim"],
        "alice-knew-dave"
    );
    assert_eq!(cy["elements"]["edges"][0]["data"]["status"], "suspected");
}

#[tokio::test]
async fn bad_parameters_are_400_naming_the_parameter_and_what_is_allowed() {
    let hood = "/api/v1/entities/alice/neighborhood";
    assert_bad(
        &get(&format!("{hood}?depth=0")).await,
        "depth",
        "an integer from 1 to 3",
    );
    assert_bad(
        &get(&format!("{hood}?depth=99")).await,
        "depth",
        "an integer from 1 to 3",
    );
    assert_bad(
        &get(&format!("{hood}?depth=deep")).await,
        "depth",
        "an integer from 1 to 3",
    );
    assert_bad(
        &get(&format!("{hood}?status=maybe")).await,
        "status",
        "a comma list of asserted, alleged, suspected",
    );
    assert_bad(
        &get(&format!("{hood}?direction=up")).await,
        "direction",
        "out, in, both",
    );
    assert_bad(
        &get("/api/v1/paths?from=alice").await,
        "to",
        "an entity id, e.g. leon-trotsky",
    );
    assert_bad(
        &get("/api/v1/entities?limit=-1").await,
        "limit",
        "an integer from 1 to 1000",
    );
    assert_bad(
        &get("/api/v1/paths?from=alice&to=alice").await,
        "to",
        "an entity id other than from",
    );
    assert_bad(
        &get("/api/v1/graph?format=pdf").await,
        "format",
        "json, cytoscape, graphml, gexf, dot, jsonld, turtle, ntriples, nquads",
    );
    assert_bad(
        &get("/api/v1/sources/memo/text?start=9&end=3").await,
        "end",
        "an integer from 9 to 266",
    );
    let unknown = get("/api/v1/entities?query=alice").await;
    assert_bad(&unknown, "query", "q, type, limit, offset, ids");
    let twice = get("/api/v1/entities?q=a&q=b").await;
    assert_eq!(twice.json()["parameter"], "q");
}

#[tokio::test]
async fn unknown_predicate_lists_the_vocabulary() {
    let answer = get("/api/v1/claims?predicate=bribed").await;
    assert_bad(
        &answer,
        "predicate",
        "a comma list of present-at, took-place-in, paid, wrote-for, knew, met",
    );
}

#[tokio::test]
async fn wrong_method_is_405_problem() {
    let answer = send(
        memo(),
        Request::post("/api/v1/entities")
            .body(Body::empty())
            .expect("request"),
    )
    .await;
    assert_eq!(answer.status, StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(answer.content_type, "application/problem+json");
    assert_eq!(answer.json()["status"], 405);
}

#[tokio::test]
async fn unknown_route_is_404_problem() {
    let answer = get("/api/v2/entities").await;
    assert_eq!(answer.status, StatusCode::NOT_FOUND);
    assert_eq!(answer.content_type, "application/problem+json");
}

#[tokio::test]
async fn etag_from_the_version_gives_304() {
    let first = get("/api/v1/entities/alice").await;
    let etag = first.headers["etag"].to_str().expect("etag").to_string();
    assert!(etag.contains(memo().version()));
    let request = Request::get("/api/v1/entities/alice")
        .header("if-none-match", &etag)
        .body(Body::empty())
        .expect("request");
    let again = send(memo(), request).await;
    assert_eq!(again.status, StatusCode::NOT_MODIFIED);
    assert!(again.body.is_empty());
}

#[tokio::test]
async fn every_json_answer_carries_the_version() {
    let version = Value::from(memo().version());
    for uri in [
        "/api/v1/entities?q=alice",
        "/api/v1/entities/alice",
        "/api/v1/entities/alice/neighborhood",
        "/api/v1/paths?from=alice&to=dave",
        "/api/v1/claims",
        "/api/v1/claims/bob-paid-dave",
        "/api/v1/sources",
        "/api/v1/sources/memo",
        "/api/v1/sources/memo/text",
        "/api/v1/predicates",
        "/api/v1/graph",
        "/api/v1/graph?format=cytoscape",
    ] {
        assert_eq!(get(uri).await.json()["version"], version, "{uri}");
    }
}

#[tokio::test]
async fn cors_compression_and_request_ids() {
    let request = Request::get("/api/v1/graph")
        .header("origin", "https://example.org")
        .header("accept-encoding", "gzip")
        .body(Body::empty())
        .expect("request");
    let answer = send(memo(), request).await;
    assert_eq!(answer.headers["access-control-allow-origin"], "*");
    assert_eq!(answer.headers["content-encoding"], "gzip");
    assert!(answer.headers.contains_key("x-request-id"));
}

#[tokio::test]
async fn same_query_same_answer() {
    let a = get("/api/v1/paths?from=alice&to=dave").await.body;
    let b = get("/api/v1/paths?from=alice&to=dave").await.body;
    assert_eq!(a, b);
}

#[tokio::test]
async fn openapi_documents_every_route_and_matches_api_docs() {
    let served = get("/api/v1/openapi.json").await;
    let doc = served.json();
    assert!(doc["openapi"].as_str().expect("openapi").starts_with("3.1"));
    let documented: Vec<&str> = doc["paths"]
        .as_object()
        .expect("paths")
        .keys()
        .map(String::as_str)
        .collect();
    for route in [
        "/health",
        "/api/v1/entities",
        "/api/v1/entities/{id}",
        "/api/v1/entities/{id}/neighborhood",
        "/api/v1/entities/{id}/neighborhood.svg",
        "/api/v1/paths",
        "/api/v1/paths.svg",
        "/api/v1/claims",
        "/api/v1/claims/{id}",
        "/api/v1/sources",
        "/api/v1/sources/{id}",
        "/api/v1/sources/{id}/text",
        "/api/v1/predicates",
        "/api/v1/graph",
        "/api/v1/context.jsonld",
        "/api/v1/openapi.json",
        "/",
        "/explorer.js",
        "/explorer.css",
    ] {
        assert!(documented.contains(&route), "{route} is not documented");
    }
    let committed = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/api-docs/openapi.json"
    ))
    .expect("api-docs/openapi.json exists");
    assert!(
        committed == served.text(),
        "api-docs/openapi.json differs from the served document; regenerate it with `cargo run -- openapi > api-docs/openapi.json`"
    );
}

#[tokio::test]
async fn malformed_path_segment_is_a_problem_not_plain_text() {
    let answer = get("/api/v1/entities/%FF%FE").await;
    assert_eq!(answer.status, StatusCode::BAD_REQUEST);
    assert_eq!(answer.content_type, "application/problem+json");
    assert_eq!(answer.json()["status"], 400);
}

#[tokio::test]
async fn path_traversal_never_reaches_the_filesystem() {
    for uri in [
        "/api/v1/sources/..%2F..%2Fetc%2Fpasswd/text",
        "/api/v1/sources/../../Cargo.toml",
        "/api/v1/sources/%2e%2e/text",
    ] {
        let answer = get(uri).await;
        assert!(
            answer.status == StatusCode::NOT_FOUND || answer.status == StatusCode::BAD_REQUEST,
            "{uri}: {}",
            answer.status
        );
        assert_eq!(answer.content_type, "application/problem+json", "{uri}");
        assert!(!answer.text().contains("[package]"));
    }
}
