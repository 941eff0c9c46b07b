use std::collections::HashMap;

use claimgraph::model::{EntityType, Status};
use claimgraph::query::search;
use claimgraph::text::fold;

use crate::support::{bundled, bundled_dir};

/// The phrases by which the article introduces Budenz's testimony.
const BUDENZ_TESTIMONY: [&str; 2] = ["According to Budenz", "attested to by Louis Budenz"];

#[test]
fn the_bundled_graph_covers_the_article() {
    let graph = bundled();
    assert!(
        graph.entities().len() >= 70,
        "{} entities",
        graph.entities().len()
    );
    assert!(graph.claim_count() >= 120, "{} claims", graph.claim_count());
    for kind in EntityType::ALL {
        assert!(
            graph.entities().iter().any(|e| e.kind == kind),
            "no {kind:?}"
        );
    }
    for status in Status::ALL {
        assert!(
            graph.claims().any(|c| c.status == status),
            "no {status:?} claim"
        );
    }
}

#[test]
fn the_source_is_the_shared_text_byte_for_byte() {
    let bundled =
        std::fs::read(bundled_dir().join("sources/stalins-guilt.txt")).expect("bundled text");
    let shared = bundled_dir().join("../../shared/sources/stalins-guilt.txt");
    if let Ok(original) = std::fs::read(shared) {
        assert_eq!(bundled, original);
    }
    let text = String::from_utf8(bundled).expect("UTF-8");
    assert_eq!(text.chars().count(), 12_701);
}

#[test]
fn every_citation_round_trips_to_its_source() {
    let graph = bundled();
    let text =
        std::fs::read_to_string(bundled_dir().join("sources/stalins-guilt.txt")).expect("text");
    let chars: Vec<char> = text.chars().collect();
    let slice = |s: usize, e: usize| chars[s..e].iter().collect::<String>();
    for claim in graph.claims() {
        assert!(!claim.citations.is_empty(), "{} cites nothing", claim.id);
        for cite in &claim.citations {
            assert_eq!(
                slice(cite.start, cite.end),
                cite.quote,
                "claim {}",
                claim.id
            );
            assert_eq!(
                slice(cite.start - cite.prefix.chars().count(), cite.start),
                cite.prefix
            );
            assert_eq!(
                slice(cite.end, cite.end + cite.suffix.chars().count()),
                cite.suffix
            );
        }
    }
}

#[test]
fn no_two_entities_share_a_name_or_alias() {
    let graph = bundled();
    let mut owner: HashMap<String, &str> = HashMap::new();
    for entity in graph.entities() {
        for name in entity.names() {
            if let Some(other) = owner.insert(fold(name), entity.id) {
                assert_eq!(
                    other, entity.id,
                    "“{name}” names both {other} and {}",
                    entity.id
                );
            }
        }
    }
}

#[test]
fn budenz_testimony_is_alleged_and_claimed_by_budenz() {
    let graph = bundled();
    let mut reported = 0;
    for claim in graph.claims() {
        if claim.claimed_by == "louis-budenz" {
            assert_eq!(claim.status, Status::Alleged, "{}", claim.id);
        }
        let cites_testimony = claim.citations.iter().any(|c| {
            BUDENZ_TESTIMONY
                .iter()
                .any(|phrase| c.quote.contains(phrase))
        });
        // That Budenz testified is the author's statement; what he testified is his.
        let is_the_act_of_testifying =
            claim.subject == "louis-budenz" && claim.predicate == "testified-about";
        if cites_testimony && !is_the_act_of_testifying {
            assert_eq!(
                (claim.status, claim.claimed_by.as_str()),
                (Status::Alleged, "louis-budenz"),
                "{}",
                claim.id
            );
            reported += 1;
        }
    }
    assert!(
        reported >= 3,
        "only {reported} claims report Budenz's testimony"
    );
}

#[test]
fn browder_and_stachel_are_linked_to_the_plot_only_by_budenz() {
    let graph = bundled();
    for person in ["earl-browder", "jack-stachel"] {
        let links: Vec<_> = graph
            .claims()
            .filter(|c| c.subject == person && c.object == "plot-against-trotsky")
            .collect();
        assert!(!links.is_empty(), "{person} has no claim about the plot");
        for claim in links {
            assert_eq!(
                (claim.status, claim.claimed_by.as_str()),
                (Status::Alleged, "louis-budenz")
            );
        }
    }
}

#[test]
fn oumansky_involvement_is_the_authors_suspicion() {
    let graph = bundled();
    let claim = graph
        .claims()
        .find(|c| {
            c.subject == "constantine-oumansky"
                && c.citations
                    .iter()
                    .any(|q| q.quote.contains("difficult to suppose"))
        })
        .expect("the claim of Oumansky's involvement");
    assert_eq!(
        (claim.status, claim.claimed_by.as_str()),
        (Status::Suspected, "natalia-sedova")
    );
}

#[test]
fn zinoviev_and_kamenev_testimony_is_theirs() {
    let graph = bundled();
    for witness in ["zinoviev", "kamenev"] {
        let theirs: Vec<_> = graph
            .claims()
            .filter(|c| {
                c.citations
                    .iter()
                    .any(|q| q.quote.contains("testified by Zinoviev and Kamenev"))
            })
            .filter(|c| c.claimed_by == witness)
            .collect();
        assert!(!theirs.is_empty(), "nothing claimed by {witness}");
        assert!(theirs.iter().all(|c| c.status == Status::Alleged));
    }
}

#[test]
fn the_three_aliases_of_the_assassin_are_one_entity() {
    let graph = bundled();
    let found: Vec<String> = ["Jacson", "Mornard", "Vandendreschd"]
        .iter()
        .map(|alias| {
            let hit = &search::search(&graph, alias, None)[0];
            assert_eq!(hit.score, 1.0, "{alias} is not a name or alias");
            graph.entity_at(hit.entity).id.to_string()
        })
        .collect();
    assert_eq!(found[0], found[1]);
    assert_eq!(found[1], found[2]);
    assert_eq!(
        graph.entity(&found[0]).expect("assassin").kind,
        EntityType::Person
    );
}

#[test]
fn every_event_dated_in_the_text_has_its_date() {
    let graph = bundled();
    // (a name or alias the text uses for the event, the date the text gives)
    for (event, date) in [
        ("hand-car derailment at Kislovodsk", "1924"),
        ("shots at Trotsky’s automobile", "1927-11-07"),
        ("Trotsky’s exile to Central Asia", "1928"),
        ("GPU order of January 18, 1929", "1929-01-18"),
        ("French permission to settle", "1933-07-18"),
        ("French deportation order of February 6, 1934", "1934-02-06"),
        ("departure from France for Norway", "1935-06-10"),
        (
            "March 1940 congress of the Stalinist Party of Mexico",
            "1940-03",
        ),
        ("armed assault of May 24, 1940", "1940-05-24"),
        ("assassination of Trotsky", "1940-08-20"),
        ("formal dissolution of the Comintern", "1942"),
    ] {
        let hit = &search::search(&graph, event, Some(EntityType::Event))[0];
        let entity = graph.entity_at(hit.entity);
        assert_eq!(hit.score, 1.0, "no event named {event}");
        assert_eq!(entity.date, Some(date), "{}", entity.id);
    }
}

#[test]
fn inferred_dates_say_what_they_were_inferred_from() {
    let graph = bundled();
    let assassination = graph
        .entity("assassination-of-trotsky")
        .expect("the assassination");
    assert_eq!(assassination.date, Some("1940-08-20"));
    let note = assassination.note.unwrap_or_default();
    assert!(note.contains("seven years"), "note: {note}");
}

#[test]
fn every_entity_takes_part_in_some_claim() {
    let graph = bundled();
    assert_eq!(
        claimgraph::audit::unclaimed_entities(&graph),
        Vec::<String>::new()
    );
}
