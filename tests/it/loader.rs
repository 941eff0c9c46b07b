use claimgraph::graph::Graph;
use claimgraph::load::{self, Problem};

use crate::support::{Scratch, memo, memo_dir};

/// Loads the scratch folder, expecting failure, and returns every problem as text.
fn problems(scratch: &Scratch) -> Vec<String> {
    match load::load_dir(scratch.path()) {
        Ok(_) => panic!("the broken data loaded"),
        Err(e) => e.problems.iter().map(Problem::to_string).collect(),
    }
}

/// Breaks the memo fixture with one edit and checks the one problem reported.
#[track_caller]
fn check(file: &str, from: &str, to: &str, expected: &str) {
    let scratch = Scratch::of_memo();
    scratch.edit(file, from, to);
    assert_eq!(problems(&scratch), vec![expected.to_string()]);
}

#[test]
fn the_memo_fixture_is_valid() {
    let graph = memo();
    assert_eq!(graph.entities().len(), 8);
    assert_eq!(graph.claim_count(), 7);
}

#[test]
fn json_syntax_error_gives_line_and_column() {
    check(
        "entities.json",
        r#""Author of the memo." },"#,
        r#""Author of the memo." ,"#,
        "entities.json:3: invalid JSON at column 3: key must be a string",
    );
}

#[test]
fn duplicate_id() {
    check(
        "claims.json",
        r#""id": "bob-at-meeting""#,
        r#""id": "alice-at-meeting""#,
        "claims.json:4: claim alice-at-meeting: duplicate id; first defined at line 2",
    );
}

#[test]
fn id_not_a_slug() {
    check(
        "claims.json",
        r#""id": "bob-met-alice""#,
        r#""id": "Bob_met_Alice""#,
        "claims.json:15: claim Bob_met_Alice: id must be a lowercase slug: a-z, 0-9 and single hyphens, e.g. louis-budenz",
    );
}

#[test]
fn unknown_entity_reference() {
    check(
        "claims.json",
        r#""subject": "dave", "predicate": "wrote-for""#,
        r#""subject": "davy", "predicate": "wrote-for""#,
        "claims.json:10: claim dave-wrote-for-echo: subject “davy” is not an entity id; did you mean “dave”?",
    );
}

#[test]
fn unknown_claimant() {
    check(
        "claims.json",
        r#""claimed_by": "carol""#,
        r#""claimed_by": "caroline""#,
        "claims.json:8: claim bob-paid-dave: claimed_by “caroline” is not an entity id",
    );
}

#[test]
fn unknown_predicate() {
    check(
        "claims.json",
        r#""predicate": "paid""#,
        r#""predicate": "bribed""#,
        "claims.json:8: claim bob-paid-dave: predicate “bribed” is not in predicates.json",
    );
}

#[test]
fn unknown_source_of_a_citation() {
    check(
        "claims.json",
        r#"{ "source": "memo", "quote": "Dave Diaz wrote for l’Écho" }"#,
        r#"{ "source": "memos", "quote": "Dave Diaz wrote for l’Écho" }"#,
        "claims.json:10: claim dave-wrote-for-echo: citation source “memos” is not in sources.json; did you mean “memo”?",
    );
}

#[test]
fn unknown_status() {
    check(
        "claims.json",
        r#""status": "alleged""#,
        r#""status": "maybe""#,
        "claims.json:8: claim bob-paid-dave: unknown variant `maybe`, expected one of `asserted`, `alleged`, `suspected`",
    );
}

#[test]
fn unknown_type() {
    check(
        "entities.json",
        r#""type": "place""#,
        r#""type": "city""#,
        "entities.json:8: entity paris: unknown variant `city`, expected one of `person`, `organization`, `place`, `event`, `work`",
    );
}

#[test]
fn misspelt_field() {
    check(
        "entities.json",
        r#""aliases": ["Brown"]"#,
        r#""alias": ["Brown"]"#,
        "entities.json:4: entity bob: unknown field `alias`, expected one of `id`, `type`, `name`, `aliases`, `description`, `date`, `note`",
    );
}

#[test]
fn quote_not_found_shows_the_closest_passage() {
    check(
        "claims.json",
        "Dave Diaz wrote for l’Écho",
        "Dave Diaz wrote for l’Echo",
        "claims.json:10: claim dave-wrote-for-echo: quote not found verbatim in memo: “Dave Diaz wrote for l’Echo”; \
         closest passage at 123: “Dave Diaz wrote for l’Écho”",
    );
}

#[test]
fn ambiguous_quote_must_say_which_occurrence() {
    check(
        "claims.json",
        "Dave Diaz wrote for l’Écho",
        "Dave Diaz",
        "claims.json:10: claim dave-wrote-for-echo: ambiguous quote: “Dave Diaz” occurs 3 times in memo; add \"occurrence\": 1 to 3",
    );
}

#[test]
fn occurrence_picks_the_nth_match() {
    let scratch = Scratch::of_memo();
    scratch.edit(
        "claims.json",
        r#""quote": "Dave Diaz wrote for l’Écho" }"#,
        r#""quote": "Dave Diaz", "occurrence": 2 }"#,
    );
    let graph = Graph::load(scratch.path()).expect("loads");
    let cite = &graph.claim("dave-wrote-for-echo").expect("claim").citations[0];
    assert_eq!((cite.start, cite.end), (123, 132));
    assert_eq!(cite.suffix, " wrote for l’Écho. It is hard to");
}

#[test]
fn occurrence_out_of_range() {
    check(
        "claims.json",
        r#""quote": "Dave Diaz wrote for l’Écho" }"#,
        r#""quote": "Dave Diaz", "occurrence": 4 }"#,
        "claims.json:10: claim dave-wrote-for-echo: occurrence 4 out of range: “Dave Diaz” occurs 3 time(s) in memo",
    );
}

#[test]
fn malformed_date_says_what_edtf_allows() {
    check(
        "claims.json",
        r#""date": "1930-05-01""#,
        r#""date": "1 May 1930""#,
        "claims.json:6: claim meeting-in-paris: date “1 May 1930” is not EDTF; allowed: 1940, 1940-05, 1940-05-24, \
         with ? (uncertain), ~ (approximate) or % (both) after it, or an interval such as 1935-06/1936",
    );
}

#[test]
fn impossible_date_is_malformed() {
    let scratch = Scratch::of_memo();
    scratch.edit(
        "entities.json",
        r#""date": "1930-05-01""#,
        r#""date": "1930-02-30""#,
    );
    let found = problems(&scratch);
    assert_eq!(found.len(), 1);
    assert!(
        found[0].starts_with("entities.json:9: entity meeting: date “1930-02-30” is not EDTF"),
        "{found:?}"
    );
}

#[test]
fn uncertain_approximate_and_interval_dates_are_accepted() {
    for date in ["1940-08-20?", "1928~", "1927-11", "1935-06/1936", "1924%"] {
        let scratch = Scratch::of_memo();
        scratch.edit(
            "claims.json",
            r#""date": "1930-05-01""#,
            &format!(r#""date": "{date}""#),
        );
        assert!(load::load_dir(scratch.path()).is_ok(), "{date} rejected");
    }
}

#[test]
fn alias_shared_by_two_entities() {
    check(
        "entities.json",
        r#""aliases": ["Brown"]"#,
        r#""aliases": ["archer"]"#,
        "entities.json:4: entity bob: name or alias “archer” is also a name or alias of entity alice",
    );
}

#[test]
fn alias_clash_is_found_through_accents_and_case() {
    check(
        "entities.json",
        r#""name": "Dave Diaz", "aliases": []"#,
        r#""name": "Dave Diaz", "aliases": ["carol cardenas"]"#,
        "entities.json:6: entity dave: name or alias “carol cardenas” is also a name or alias of entity carol",
    );
}

#[test]
fn alias_that_folds_to_the_entitys_own_name() {
    check(
        "entities.json",
        r#""name": "Dave Diaz", "aliases": []"#,
        r#""name": "Dave Diaz", "aliases": ["DAVE  DÍAZ"]"#,
        "entities.json:6: entity dave: name or alias “DAVE  DÍAZ” is listed twice",
    );
}

#[test]
fn claim_whose_subject_is_its_object() {
    check(
        "claims.json",
        r#""object": "alice", "status""#,
        r#""object": "bob", "status""#,
        "claims.json:15: claim bob-met-alice: subject and object are both “bob”",
    );
}

#[test]
fn claim_without_citations() {
    check(
        "claims.json",
        r#""citations": [{ "source": "memo", "quote": "in Paris on 1 May 1930" }]"#,
        r#""citations": []"#,
        "claims.json:6: claim meeting-in-paris: no citations; every claim cites at least one quote",
    );
}

#[test]
fn missing_source_text() {
    let scratch = Scratch::of_memo();
    std::fs::remove_file(scratch.path().join("sources/memo.txt")).expect("rm");
    let found = problems(&scratch);
    assert!(
        found[0].starts_with("sources.json:2: source memo: cannot read its text sources/memo.txt"),
        "{found:?}"
    );
    // Reported once, at the source, not again at each of the 8 citations.
    assert_eq!(found.len(), 1);
}

#[test]
fn source_text_that_is_not_utf8() {
    let scratch = Scratch::of_memo();
    std::fs::write(scratch.path().join("sources/memo.txt"), b"Nora \xff Note").expect("write");
    let found = problems(&scratch);
    assert_eq!(
        found[0],
        "sources.json:2: source memo: its text sources/memo.txt is not UTF-8: invalid byte at offset 5"
    );
}

/// Replaces the first byte of `marker` in `file` of the scratch folder with
/// a byte that is never UTF-8.
fn break_utf8_at(scratch: &Scratch, file: &str, marker: &[u8]) {
    let path = scratch.path().join(file);
    let mut bytes = std::fs::read(&path).expect("read");
    let at = bytes
        .windows(marker.len())
        .position(|w| w == marker)
        .expect("marker");
    bytes[at] = 0xff;
    std::fs::write(&path, bytes).expect("write");
}

#[test]
fn a_data_file_that_is_not_utf8_says_where() {
    // Each file's first byte of the marker is made 0xff. Line 4 of the
    // claims is `  { "id": "bob-at-meeting", …`, its "b" at byte 12; line 3
    // of the entities `  { "id": "alice", …`, the quote before "alice" at 11.
    let cases: [(&str, &[u8], &str); 2] = [
        (
            "claims.json",
            b"bob-",
            "claims.json:4: not UTF-8: invalid byte at column 12",
        ),
        (
            "entities.json",
            b"\"alice\"",
            "entities.json:3: not UTF-8: invalid byte at column 11",
        ),
    ];
    for (file, marker, expected) in cases {
        let scratch = Scratch::of_memo();
        break_utf8_at(&scratch, file, marker);
        // Reported once: the records that depend on the file are not all
        // reported too.
        assert_eq!(problems(&scratch), vec![expected.to_string()], "{file}");
    }
}

#[test]
fn missing_file() {
    let scratch = Scratch::of_memo();
    std::fs::remove_file(scratch.path().join("predicates.json")).expect("rm");
    let found = problems(&scratch);
    assert!(
        found[0].starts_with("predicates.json: cannot read file:"),
        "{found:?}"
    );
    // Reported once: the claims' predicates are not all called unknown.
    assert_eq!(found.len(), 1);
}

#[test]
fn every_problem_is_listed_at_once() {
    let scratch = Scratch::of_memo();
    scratch.edit(
        "claims.json",
        r#""status": "alleged""#,
        r#""status": "maybe""#,
    );
    scratch.edit(
        "claims.json",
        r#""subject": "dave", "predicate": "wrote-for""#,
        r#""subject": "davy", "predicate": "wrote-for""#,
    );
    scratch.edit("entities.json", r#""type": "place""#, r#""type": "city""#);
    scratch.edit(
        "claims.json",
        "Brown and Archer met again",
        "Brown and Archer met agian",
    );
    let found = problems(&scratch);
    assert_eq!(
        found,
        vec![
            "entities.json:8: entity paris: unknown variant `city`, expected one of `person`, `organization`, `place`, `event`, `work`",
            "claims.json:8: claim bob-paid-dave: unknown variant `maybe`, expected one of `asserted`, `alleged`, `suspected`",
            "claims.json:10: claim dave-wrote-for-echo: subject “davy” is not an entity id; did you mean “dave”?",
            "claims.json:15: claim bob-met-alice: quote not found verbatim in memo: “Brown and Archer met agian”; \
             closest passage at 215: “Brown and Archer met again”",
        ]
    );
}

#[test]
fn garbage_never_panics() {
    let inputs: [&[u8]; 6] = [
        b"",
        b"{}",
        b"[1, 2]",
        b"[{\"id\": 3}]",
        b"\xff\xfe",
        b"[{\"id\":\"x\",\"type\":null}]",
    ];
    for input in inputs {
        for file in [
            "sources.json",
            "entities.json",
            "predicates.json",
            "claims.json",
        ] {
            let scratch = Scratch::of_memo();
            std::fs::write(scratch.path().join(file), input).expect("write");
            assert!(
                load::load_dir(scratch.path()).is_err(),
                "{file} = {input:?} loaded"
            );
        }
    }
}

#[test]
fn citations_get_offsets_and_context_in_code_points() {
    let graph = memo();
    let cite = &graph.claim("dave-wrote-for-echo").expect("claim").citations[0];
    let text = std::fs::read_to_string(memo_dir().join("sources/memo.txt")).expect("text");
    let chars: Vec<char> = text.chars().collect();
    assert_eq!(
        chars[cite.start..cite.end].iter().collect::<String>(),
        cite.quote
    );
    assert_eq!(cite.prefix, "enas, Bob Brown paid Dave Diaz. ");
    assert_eq!(cite.prefix.chars().count(), 32);
    assert_eq!(cite.suffix.chars().count(), 32);
}

#[test]
fn loading_twice_gives_the_same_document_and_version() {
    let (a, b) = (memo(), memo());
    assert_eq!(a.document(), b.document());
    assert_eq!(a.version(), b.version());
}

#[test]
fn changing_one_letter_changes_the_version() {
    let scratch = Scratch::of_memo();
    scratch.edit("entities.json", "A city.", "A town.");
    let changed = Graph::load(scratch.path()).expect("loads");
    assert_ne!(changed.version(), memo().version());
}

#[test]
fn start_says_which_occurrence_without_a_search() {
    let scratch = Scratch::of_memo();
    scratch.edit(
        "claims.json",
        r#""quote": "Dave Diaz wrote for l’Écho" }"#,
        r#""quote": "Dave Diaz", "start": 123 }"#,
    );
    let graph = Graph::load(scratch.path()).expect("loads");
    let cite = &graph.claim("dave-wrote-for-echo").expect("claim").citations[0];
    assert_eq!((cite.start, cite.end), (123, 132));
    assert_eq!(cite.suffix, " wrote for l’Écho. It is hard to");
}

#[test]
fn a_start_where_the_quote_is_not_says_where_it_is() {
    check(
        "claims.json",
        r#""quote": "Dave Diaz wrote for l’Écho" }"#,
        r#""quote": "Dave Diaz wrote for l’Écho", "start": 124 }"#,
        "claims.json:10: claim dave-wrote-for-echo: quote does not start at 124 in memo: “Dave Diaz wrote for l’Écho”; it starts at 123",
    );
    check(
        "claims.json",
        r#""quote": "Dave Diaz wrote for l’Écho" }"#,
        r#""quote": "Dave Diaz wrote for l’Echo", "start": 123 }"#,
        "claims.json:10: claim dave-wrote-for-echo: quote does not start at 123 in memo: “Dave Diaz wrote for l’Echo”; it occurs nowhere in the text",
    );
}

#[test]
fn start_and_occurrence_together_are_refused() {
    check(
        "claims.json",
        r#""quote": "Dave Diaz wrote for l’Écho" }"#,
        r#""quote": "Dave Diaz", "start": 123, "occurrence": 2 }"#,
        "claims.json:10: claim dave-wrote-for-echo: give either \"start\" or \"occurrence\", not both",
    );
}

/// claims.json is read in chunks of megabytes: a file of several chunks
/// loads whole, and a problem deep inside it is reported at its own line.
/// A scratch folder holding a generated graph of this size.
fn generated(entities: usize, claims: usize, seed: u64) -> Scratch {
    let scratch = Scratch::of_memo();
    let params = claimgraph::generate::Params {
        entities,
        claims,
        seed,
    };
    claimgraph::generate::generate(&params, scratch.path()).expect("generates");
    scratch
}

/// The line (from 1) and text of the generated record with this id, one
/// record to a line.
fn record<'a>(file: &'a str, id: &str) -> (usize, &'a str) {
    let start = format!(r#"{{"id":"{id}","#);
    let (at, line) = file
        .lines()
        .enumerate()
        .find(|(_, l)| l.starts_with(&start))
        .expect("the record");
    (at + 1, line)
}

/// The problem loading `scratch` reports, when it reports exactly one.
fn the_one_problem(scratch: &Scratch) -> String {
    let found = problems(scratch);
    assert_eq!(found.len(), 1, "{found:?}");
    found[0].clone()
}

#[test]
fn a_claims_file_of_many_chunks_keeps_its_line_numbers() {
    let scratch = generated(7_000, 70_000, 2);
    let path = scratch.path().join("claims.json");
    let claims = std::fs::read_to_string(&path).expect("claims");
    assert!(claims.len() > 16 << 20, "{} bytes: one chunk", claims.len());
    let graph = Graph::load(scratch.path()).expect("loads");
    assert_eq!(graph.claim_count(), 70_000);
    assert_eq!(graph.claim("c-69999").map(|c| c.id), Some("c-69999".into()));

    let (line, _) = record(&claims, "c-65432");
    let broken = claims.replacen(
        r#"{"id":"c-65432","subject":""#,
        r#"{"id":"c-65432","subject":"nobody-"#,
        1,
    );
    std::fs::write(&path, broken).expect("write");
    let found = the_one_problem(&scratch);
    assert!(
        found.starts_with(&format!(
            "claims.json:{line}: claim c-65432: subject “nobody-"
        )),
        "{found}"
    );
}

#[test]
fn records_over_several_lines_amid_a_record_a_line_load_as_written() {
    let scratch = generated(2_000, 10_000, 4);
    let path = scratch.path().join("claims.json");
    let claims = std::fs::read_to_string(&path).expect("claims");
    let before = Graph::load(scratch.path()).expect("loads");
    // One record's first line ends with the `}` of its citation, so that
    // its line alone looks whole; another's ends after a comma.
    let (_, first) = record(&claims, "c-5000");
    let (_, second) = record(&claims, "c-7000");
    let broken = claims
        .replacen(first, &first.replacen("}]}", "}\n ]}", 1), 1)
        .replacen(
            second,
            &second.replacen(r#","predicate""#, ",\n\"predicate\"", 1),
            1,
        );
    assert_eq!(broken.lines().count(), claims.lines().count() + 2);
    std::fs::write(&path, broken).expect("write");
    let after = Graph::load(scratch.path()).expect("loads");
    assert_eq!(after.claim_count(), 10_000);
    for id in ["c-4999", "c-5000", "c-5001", "c-7000", "c-9999"] {
        assert_eq!(after.claim(id), before.claim(id), "{id}");
    }
}

#[test]
fn a_vocabulary_of_more_than_65536_predicates_is_refused() {
    let scratch = Scratch::of_memo();
    let predicates: Vec<String> = (0..65_537)
        .map(|i| {
            format!(r#"{{"id": "p-{i}", "label": "p {i}", "inverse_label": "p {i} of", "symmetric": false}}"#)
        })
        .collect();
    std::fs::write(
        scratch.path().join("predicates.json"),
        format!("[{}]", predicates.join(",\n")),
    )
    .expect("write");
    assert_eq!(
        problems(&scratch),
        vec!["predicates.json: 65537 predicates; a vocabulary holds at most 65,536".to_string()]
    );
}

#[test]
fn entities_past_the_first_batch_keep_their_lines_and_declare_their_ids() {
    let scratch = generated(10_000, 30_000, 3);
    let path = scratch.path().join("entities.json");
    let entities = std::fs::read_to_string(&path).expect("entities");
    let claims = std::fs::read_to_string(scratch.path().join("claims.json")).expect("claims");
    let victim = (6_000..10_000)
        .map(|i| format!("e-{i}"))
        .find(|id| claims.contains(&format!("\"{id}\"")))
        .expect("an entity some claim names, past the first batch");
    let (line, text) = record(&entities, &victim);
    let broken = text.replacen(r#""type":""#, r#""type":"city-"#, 1);
    std::fs::write(&path, entities.replacen(text, &broken, 1)).expect("write");

    // Refused, it is reported once, at its own line, and not again at
    // every claim that names it.
    let found = the_one_problem(&scratch);
    assert!(
        found.starts_with(&format!(
            "entities.json:{line}: entity {victim}: unknown variant `city-"
        )),
        "{found}"
    );
}

#[test]
fn names_clashing_across_many_entities_are_reported_in_order_each_against_the_first() {
    let scratch = generated(40_000, 40_000, 5);
    let path = scratch.path().join("entities.json");
    let entities = std::fs::read_to_string(&path).expect("entities");
    // e-39000 and e-20000 take e-3's name (folded alike), far apart among
    // the entities; e-30000 lists its own name again as an alias.
    let name_of = |id: &str| {
        let (_, text) = record(&entities, id);
        let from = text.find(r#""name":""#).expect("a name") + 8;
        text[from..from + text[from..].find('"').expect("end")].to_string()
    };
    let taken = name_of("e-3");
    let mut broken = entities.clone();
    for (id, alias) in [
        ("e-39000", taken.to_uppercase()),
        ("e-20000", taken.clone()),
        ("e-30000", name_of("e-30000")),
    ] {
        let (_, text) = record(&broken, id);
        let text = text.to_string();
        let edited = match text.contains(r#""aliases":[]"#) {
            true => text.replacen(r#""aliases":[]"#, &format!(r#""aliases":["{alias}"]"#), 1),
            false => text.replacen(r#""aliases":["#, &format!(r#""aliases":["{alias}","#), 1),
        };
        assert_ne!(edited, text, "{id} has a list of aliases");
        broken = broken.replacen(&text, &edited, 1);
    }
    std::fs::write(&path, &broken).expect("write");
    let line = |id: &str| record(&broken, id).0;
    assert_eq!(
        problems(&scratch),
        vec![
            format!(
                "entities.json:{}: entity e-20000: name or alias “{taken}” is also a name or alias of entity e-3",
                line("e-20000")
            ),
            format!(
                "entities.json:{}: entity e-30000: name or alias “{}” is listed twice",
                line("e-30000"),
                name_of("e-30000")
            ),
            format!(
                "entities.json:{}: entity e-39000: name or alias “{}” is also a name or alias of entity e-3",
                line("e-39000"),
                taken.to_uppercase()
            ),
        ]
    );
}

/// The memo fixture with `disputes` (about claims, contesting) in its
/// vocabulary, and `claims` appended to its claims.
fn memo_with_responses(claims: &[&str]) -> Scratch {
    let scratch = Scratch::of_memo();
    scratch.edit(
        "predicates.json",
        r#"{ "id": "met","#,
        r#"{ "id": "disputes", "label": "disputes", "inverse_label": "disputed by", "symmetric": false, "about": "claim", "stance": "contests" },
  { "id": "met","#,
    );
    let appended: String = claims.iter().map(|c| format!(",\n  {c}")).collect();
    scratch.edit("claims.json", "] }\n]", &format!("] }}{appended}\n]"));
    scratch
}

/// A claim by Carol disputing claim `object`, citing her words.
fn dispute(id: &str, object: &str) -> String {
    format!(
        r#"{{ "id": "{id}", "subject": "carol", "predicate": "disputes", "object": "{object}", "status": "asserted", "claimed_by": "carol", "citations": [{{ "source": "memo", "quote": "According to Carol Cárdenas" }}] }}"#
    )
}

#[test]
fn a_claim_may_dispute_a_claim_further_down_the_file() {
    let scratch = Scratch::of_memo();
    scratch.edit(
        "predicates.json",
        r#"{ "id": "met","#,
        r#"{ "id": "disputes", "label": "disputes", "inverse_label": "disputed by", "symmetric": false, "about": "claim", "stance": "contests" },
  { "id": "met","#,
    );
    // Placed first, before the claim it disputes.
    scratch.edit(
        "claims.json",
        "[\n",
        &format!("[\n  {},\n", dispute("carol-disputes", "bob-met-alice")),
    );
    let graph = Graph::load(scratch.path()).expect("loads");
    let disputed = graph.claim_ix("bob-met-alice").expect("claim");
    assert!(graph.is_contested(disputed));
    let responses: Vec<String> = graph
        .responses_to(disputed)
        .map(|c| graph.claim_id(c).to_string())
        .collect();
    assert_eq!(responses, ["carol-disputes"]);
    // It joins no two entities: Carol's neighbors are what they were.
    let carol = graph.entity_ix("carol").expect("carol");
    assert_eq!(
        graph.degree(carol),
        memo().degree(memo().entity_ix("carol").unwrap())
    );
}

#[test]
fn a_claim_about_a_claim_names_an_existing_claim_not_an_entity() {
    let scratch =
        memo_with_responses(&[&dispute("d1", "bob-meets-alice"), &dispute("d2", "alice")]);
    assert_eq!(
        problems(&scratch),
        [
            "claims.json:17: claim d1: object “bob-meets-alice” is not a claim id",
            "claims.json:18: claim d2: object “alice” is an entity id, but “disputes” is about claims: its object is a claim id",
        ]
    );
}

#[test]
fn claims_about_claims_may_not_run_in_a_circle() {
    let scratch = memo_with_responses(&[
        &dispute("d1", "d2"),
        &dispute("d2", "d3"),
        &dispute("d3", "d1"),
        &dispute("d4", "d4"),
    ]);
    assert_eq!(
        problems(&scratch),
        [
            "claims.json:17: claim d1: claims about claims run in a circle: d1 → d2 → d3 → d1",
            "claims.json:20: claim d4: a claim cannot be about itself",
        ]
    );
}

#[test]
fn claim_ids_and_entity_ids_differ_once_claims_may_be_named() {
    let scratch = memo_with_responses(&[&dispute("paris", "bob-met-alice")]);
    assert_eq!(
        problems(&scratch),
        [
            "claims.json:17: claim paris: id “paris” is also an entity id; when predicates may name claims, claim ids and entity ids must differ"
        ]
    );
}

#[test]
fn a_predicate_s_declared_subject_and_object_types_are_checked() {
    let scratch = Scratch::of_memo();
    scratch.edit(
        "predicates.json",
        r#"{ "id": "paid", "label": "paid", "inverse_label": "was paid by", "symmetric": false }"#,
        r#"{ "id": "paid", "label": "paid", "inverse_label": "was paid by", "symmetric": false, "subject_types": ["organization"], "object_types": ["person", "organization"] }"#,
    );
    assert_eq!(
        problems(&scratch),
        [
            "claims.json:8: claim bob-paid-dave: subject “bob” is a person, but “paid” takes an organization as its subject"
        ]
    );
}

#[test]
fn a_stance_needs_a_predicate_about_claims() {
    let scratch = Scratch::of_memo();
    scratch.edit(
        "predicates.json",
        r#""symmetric": true }
]"#,
        r#""symmetric": true, "stance": "supports", "object_types": [] }
]"#,
    );
    assert_eq!(
        problems(&scratch),
        [
            "predicates.json:7: predicate met: a stance is what a claim does to another claim; add \"about\": \"claim\" or remove \"stance\"",
            "predicates.json:7: predicate met: \"object_types\" is empty; leave it out to allow any type",
        ]
    );
}

#[test]
fn a_mistyped_predicate_or_author_is_told_what_was_meant() {
    let scratch = Scratch::of_memo();
    scratch.edit(
        "claims.json",
        r#""predicate": "paid""#,
        r#""predicate": "piad""#,
    );
    scratch.edit(
        "sources.json",
        r#""author": "nora-note""#,
        r#""author": "nora-nite""#,
    );
    assert_eq!(
        problems(&scratch),
        [
            "sources.json:2: source memo: author “nora-nite” is not an entity id; did you mean “nora-note”?",
            "claims.json:8: claim bob-paid-dave: predicate “piad” is not in predicates.json; did you mean “paid”?",
        ]
    );
}
