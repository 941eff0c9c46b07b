//! Disagreement as data, through the HTTP API: claims about claims
//! (disputes, corroborations, reports, denials), the `contested` filters,
//! the relations of two entities, and the article's demands; on the bundled
//! article alone and with the invented letter added as a second source.

use axum::body::Body;
use axum::http::{Request, StatusCode};
use claimgraph::graph::Graph;
use serde_json::Value;

use crate::support::{bundled, ids, send, two_sources};

async fn get_from(graph: Graph, uri: &str) -> Value {
    let answer = send(
        graph,
        Request::get(uri).body(Body::empty()).expect("request"),
    )
    .await;
    assert_eq!(answer.status, StatusCode::OK, "{uri}: {}", answer.text());
    answer.json()
}

/// Every claim `/api/v1/claims?{query}` lists, page after page, each page
/// asked of a graph `serve` makes.
async fn every_claim(serve: impl Fn() -> Graph, query: &str) -> Vec<Value> {
    let mut claims = Vec::new();
    loop {
        let uri = format!("/api/v1/claims?{query}&limit=500&offset={}", claims.len());
        let page = get_from(serve(), &uri).await;
        let items = page["items"].as_array().expect("items").clone();
        let total = page["total"].as_u64().expect("total") as usize;
        claims.extend(items);
        if claims.len() >= total {
            return claims;
        }
    }
}

/// The bundled graph with the invented letter added, served from its folder.
fn letter_graph() -> Graph {
    two_sources().1
}

/// Whether a citation's quote stands in its source's text at its offsets.
fn verbatim(graph: &Graph, citation: &Value) -> bool {
    let source = graph
        .source(citation["source"].as_str().expect("source"))
        .expect("a loaded source");
    let (start, end) = (
        citation["start"].as_u64().expect("start") as usize,
        citation["end"].as_u64().expect("end") as usize,
    );
    let words: String = source.text.chars().skip(start).take(end - start).collect();
    words == citation["quote"].as_str().expect("quote")
}

#[tokio::test]
async fn l_humanite_s_claims_come_back_contested_disputed_by_the_author_in_her_words() {
    let graph = bundled();
    let theirs = every_claim(bundled, "claimed_by=lhumanite").await;
    assert!(!theirs.is_empty(), "the article quotes l'Humanité");
    for claim in &theirs {
        let id = claim["id"].as_str().expect("id");
        assert_eq!(claim["contested"], true, "{id} is contested in the list");
        let one = get_from(bundled(), &format!("/api/v1/claims/{id}")).await;
        assert_eq!(one["contested"], true, "{id}");
        let disputes: Vec<&Value> = one["responses"]
            .as_array()
            .expect("responses")
            .iter()
            .filter(|g| g["predicate"] == "disputes")
            .flat_map(|g| g["claims"].as_array().expect("claims"))
            .collect();
        assert!(!disputes.is_empty(), "{id} is disputed");
        for dispute in disputes {
            assert_eq!(dispute["claimed_by"], "natalia-sedova", "{id}: {dispute}");
            assert_eq!(dispute["object"], id);
            let citations = dispute["citations"].as_array().expect("citations");
            assert!(citations.iter().all(|c| verbatim(&graph, c)), "{dispute}");
        }
    }
}

#[tokio::test]
async fn contested_true_lists_exactly_the_claims_a_claim_contests() {
    let contested = every_claim(bundled, "contested=true").await;
    let all = every_claim(bundled, "status=asserted,alleged,suspected").await;
    let expected: Vec<String> = all
        .iter()
        .filter(|c| c["contested"] == true)
        .map(|c| c["id"].as_str().expect("id").to_string())
        .collect();
    assert!(!expected.is_empty());
    assert_eq!(ids(&Value::Array(contested)), expected);
    let uncontested = every_claim(bundled, "contested=false").await;
    assert_eq!(uncontested.len() + expected.len(), all.len());
    assert!(uncontested.iter().all(|c| c.get("contested").is_none()));
}

#[tokio::test]
async fn paths_that_exclude_contested_claims_avoid_l_humanite_s() {
    let graph = bundled();
    let uri = "/api/v1/paths?from=daladier&to=leon-trotsky&limit=10";
    let all = get_from(bundled(), uri).await;
    let hops = |answer: &Value| -> Vec<Value> {
        answer["paths"]
            .as_array()
            .expect("paths")
            .iter()
            .flat_map(|p| p["edges"].as_array().expect("edges").clone())
            .collect()
    };
    let contested: Vec<Value> = hops(&all)
        .into_iter()
        .filter(|h| h["contested"] == true)
        .collect();
    assert!(!contested.is_empty(), "some path walks a contested claim");
    for hop in &contested {
        let disputed_by = hop["disputed_by"].as_array().expect("disputed_by");
        assert!(!disputed_by.is_empty(), "{hop}");
        for id in disputed_by {
            let id = id.as_str().expect("id");
            let dispute = graph.claim(id).expect("the disputing claim");
            assert_eq!(dispute.object, hop["id"].as_str().expect("hop id"));
        }
    }
    for path in all["paths"].as_array().expect("paths") {
        let any = path["edges"]
            .as_array()
            .expect("edges")
            .iter()
            .any(|h| h["contested"] == true);
        assert_eq!(path["contested"], any, "{path}");
    }
    let excluded = get_from(bundled(), &format!("{uri}&contested=exclude")).await;
    assert!(!hops(&excluded).is_empty(), "other paths remain");
    assert!(hops(&excluded).iter().all(|h| h.get("contested").is_none()));
    assert!(
        excluded["paths"]
            .as_array()
            .unwrap()
            .iter()
            .all(|p| p["contested"] == false)
    );
    let only = get_from(bundled(), &format!("{uri}&contested=only")).await;
    assert!(hops(&only).iter().all(|h| h["contested"] == true));
}

#[tokio::test]
async fn a_neighborhood_without_contested_claims_leaves_them_out() {
    let all = get_from(bundled(), "/api/v1/entities/daladier/neighborhood").await;
    let kept = get_from(
        bundled(),
        "/api/v1/entities/daladier/neighborhood?contested=exclude",
    )
    .await;
    let edges = |a: &Value| a["edges"].as_array().expect("edges").clone();
    let contested = edges(&all)
        .iter()
        .filter(|e| e["contested"] == true)
        .count();
    assert!(contested > 0);
    assert_eq!(edges(&kept).len(), edges(&all).len() - contested);
}

#[tokio::test]
async fn relations_of_budenz_and_browder_set_his_allegation_beside_her_assertion() {
    let answer = get_from(bundled(), "/api/v1/relations?a=louis-budenz&b=earl-browder").await;
    let groups = answer["groups"].as_array().expect("groups");
    let group = |predicate: &str, claimant: &str| {
        groups
            .iter()
            .find(|g| g["predicate"] == predicate && g["claimed_by"] == claimant)
            .unwrap_or_else(|| panic!("no {predicate} group of {claimant}: {answer}"))
    };
    let allegation = group("participated-in", "louis-budenz");
    assert!(
        allegation["claims"]
            .as_array()
            .unwrap()
            .iter()
            .all(|c| { c["subject"] == "earl-browder" && c["status"] == "alleged" })
    );
    let testimony = group("testified-about", "natalia-sedova");
    assert!(
        testimony["claims"]
            .as_array()
            .unwrap()
            .iter()
            .all(|c| { c["subject"] == "louis-budenz" && c["object"] == "earl-browder" })
    );
    let total: usize = groups
        .iter()
        .map(|g| g["claims"].as_array().unwrap().len())
        .sum();
    assert_eq!(answer["total"], total);
    let swapped = get_from(bundled(), "/api/v1/relations?a=earl-browder&b=louis-budenz").await;
    assert_eq!(swapped["groups"], answer["groups"]);
}

#[tokio::test]
async fn relations_refuse_one_entity_twice_and_unknown_ones() {
    for (uri, parameter) in [
        ("/api/v1/relations?a=louis-budenz&b=louis-budenz", "b"),
        ("/api/v1/relations?a=louis-budenz", "b"),
    ] {
        let answer = send(bundled(), Request::get(uri).body(Body::empty()).unwrap()).await;
        assert_eq!(answer.status, StatusCode::BAD_REQUEST, "{uri}");
        assert_eq!(answer.content_type, "application/problem+json");
        assert_eq!(answer.json()["parameter"], parameter);
    }
    let unknown = send(
        bundled(),
        Request::get("/api/v1/relations?a=louis-budenz&b=earl-browdr")
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_eq!(unknown.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn the_article_s_demands_are_listed_by_their_predicate() {
    let demands = every_claim(bundled, "predicate=demands").await;
    let objects: Vec<&str> = demands
        .iter()
        .map(|d| d["object"].as_str().unwrap())
        .collect();
    for who in [
        "david-alfaro-siqueiros",
        "jacson",
        "louis-budenz",
        "earl-browder",
        "jack-stachel",
        "stalin",
    ] {
        assert!(
            objects.contains(&who),
            "no demand concerns {who}: {objects:?}"
        );
    }
    for demand in &demands {
        assert_eq!(demand["claimed_by"], "natalia-sedova", "{demand}");
        assert_eq!(demand["status"], "asserted", "{demand}");
    }
}

#[tokio::test]
async fn a_second_source_disputes_corroborates_and_reports_the_first() {
    let letter = every_claim(letter_graph, "source=calder-letter").await;
    let (_dir, graph) = two_sources();
    let expected: Vec<String> = graph
        .claims()
        .filter(|c| c.citations.iter().any(|s| s.source == "calder-letter"))
        .map(|c| c.id)
        .collect();
    assert_eq!(ids(&Value::Array(letter)), expected);
    assert_eq!(expected.len(), 5);

    let (_dir, graph) = two_sources();
    let allegation = get_from(graph, "/api/v1/claims/browder-participated-in-plot").await;
    assert_eq!(allegation["contested"], true);
    let groups = allegation["responses"].as_array().expect("responses");
    let disputes = groups
        .iter()
        .find(|g| g["predicate"] == "disputes")
        .expect("disputed");
    assert_eq!(
        ids(&disputes["claims"]),
        ["calder-disputes-browder-in-plot"]
    );
    assert_eq!(disputes["stance"], "contests");

    let (_dir, graph) = two_sources();
    let led = get_from(graph, "/api/v1/claims/siqueiros-led-armed-assault").await;
    let supports = led["responses"].as_array().expect("responses");
    assert!(supports.iter().any(|g| g["predicate"] == "corroborates"
        && ids(&g["claims"]).contains(&"calder-corroborates-siqueiros-led-assault".to_string())));

    let (_dir, graph) = two_sources();
    let denied = get_from(graph, "/api/v1/claims/calder-denies-being-gpu-agent").await;
    assert_eq!(
        denied["about"]["id"],
        "calder-agent-of-gpu-per-daily-worker"
    );
    assert_eq!(denied["contested"], false);
}

#[tokio::test]
async fn relations_across_two_sources_carry_each_group_s_responses() {
    let (_dir, graph) = two_sources();
    let answer = get_from(graph, "/api/v1/relations?a=louis-budenz&b=earl-browder").await;
    let allegation = answer["groups"]
        .as_array()
        .unwrap()
        .iter()
        .find(|g| g["predicate"] == "participated-in" && g["claimed_by"] == "louis-budenz")
        .expect("Budenz's allegation");
    assert_eq!(allegation["contested"], true);
    let responses = allegation["responses"].as_array().unwrap();
    let by_calder = responses
        .iter()
        .flat_map(|g| g["claims"].as_array().unwrap())
        .any(|c| c["claimed_by"] == "ruth-calder" && c["predicate"] == "disputes");
    assert!(by_calder, "{allegation}");

    // Only what the letter says: the article's claims are left out.
    let (_dir, graph) = two_sources();
    let letter_only = get_from(
        graph,
        "/api/v1/relations?a=ruth-calder&b=louis-budenz&source=calder-letter",
    )
    .await;
    for group in letter_only["groups"].as_array().unwrap() {
        for claim in group["claims"].as_array().unwrap() {
            assert_eq!(claim["citations"][0]["source"], "calder-letter", "{claim}");
        }
    }
    assert!(letter_only["total"].as_u64().unwrap() >= 2);
}

#[tokio::test]
async fn listing_by_about_gives_the_claims_about_one_claim() {
    let (_dir, graph) = two_sources();
    let answer = get_from(
        graph,
        "/api/v1/claims?about=calder-agent-of-gpu-per-daily-worker",
    )
    .await;
    assert_eq!(ids(&answer["items"]), ["calder-denies-being-gpu-agent"]);
    let unknown = send(
        bundled(),
        Request::get("/api/v1/claims?about=no-such-claim")
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_eq!(unknown.status, StatusCode::NOT_FOUND);
    assert_eq!(unknown.content_type, "application/problem+json");
}
