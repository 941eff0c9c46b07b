//! Headless Chromium drives the explorer on the bundled graph as a person
//! would: search, open an entity, read a quote, find paths with and without
//! the weaker statuses, open the source at the passage, go back; on a
//! graph with a dispute, read who contests a claim, on its page, on a path
//! and side by side; and on a generated graph larger than the names it
//! loads first, where each view asks for the names it shows. Asserts on what is visible; saves
//! screenshots in `target/browser-artifacts/`.
//!
//! Skips, saying how to install it, when Chromium is missing; fails instead
//! under the README's test command, whose `tests/setup.sh` installs it (see
//! `support::tool_or_skip`).

use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use headless_chrome::protocol::cdp::Emulation;
use headless_chrome::protocol::cdp::Page::CaptureScreenshotFormatOption;
use headless_chrome::{Browser, LaunchOptions, Tab};
use serde_json::Value;

use crate::support::{bundled, tool_or_skip, two_sources};

/// Debian's Chromium, which tests/setup.sh installs.
const CHROMIUM: &str = "/usr/bin/chromium";
/// Chromium as a missing tool is named.
const CHROMIUM_NAME: &str = "chromium (/usr/bin/chromium)";
/// How to get Chromium where the tests look for it.
const CHROMIUM_INSTALL: &str = "run tests/setup.sh or `apt-get install chromium`";
/// The longest wait for anything to appear.
const PATIENCE: Duration = Duration::from_secs(20);

/// Where screenshots go: `target/browser-artifacts/`.
fn artifacts() -> PathBuf {
    let target = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .parent()
        .expect("the target folder")
        .join("browser-artifacts");
    std::fs::create_dir_all(&target).expect("artifacts folder");
    target
}

/// A graph served in-process on a free port of 127.0.0.1.
struct Server {
    url: String,
    _runtime: tokio::runtime::Runtime,
}

fn serve(graph: claimgraph::graph::Graph) -> Server {
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    let listener = runtime
        .block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))
        .expect("bind");
    let addr = listener.local_addr().expect("addr");
    runtime.spawn(async move { axum::serve(listener, claimgraph::api::app(graph)).await });
    Server {
        url: format!("http://{addr}"),
        _runtime: runtime,
    }
}

/// Whether Chromium is installed where the tests look for it.
fn chromium_found() -> bool {
    Path::new(CHROMIUM).is_file()
}

/// Chromium, headless, with a fresh profile and no network of its own.
fn chromium(profile: &Path) -> Browser {
    let args: Vec<&OsStr> = [
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
    ]
    .iter()
    .map(OsStr::new)
    .collect();
    let options = LaunchOptions::default_builder()
        .path(Some(PathBuf::from(CHROMIUM)))
        .headless(true)
        .sandbox(false)
        .enable_gpu(false)
        .user_data_dir(Some(profile.to_path_buf()))
        .window_size(Some((1280, 900)))
        .idle_browser_timeout(Duration::from_secs(120))
        .args(args)
        .build()
        .expect("launch options");
    Browser::new(options).expect("Chromium starts")
}

/// A tab of headless Chromium at `path` of a server over `graph`, with
/// what it needs kept alive beside it (dropped in this order).
struct Opened {
    tab: std::sync::Arc<Tab>,
    _browser: Browser,
    _profile: tempfile::TempDir,
    _server: Server,
}

fn open(graph: claimgraph::graph::Graph, path: &str) -> Opened {
    let server = serve(graph);
    let profile = tempfile::tempdir().expect("profile");
    let browser = chromium(profile.path());
    let tab = browser.new_tab().expect("tab");
    tab.set_default_timeout(PATIENCE);
    tab.navigate_to(&format!("{}{path}", server.url))
        .expect("navigate")
        .wait_until_navigated()
        .expect("loaded");
    Opened {
        tab,
        _browser: browser,
        _profile: profile,
        _server: server,
    }
}

/// Evaluates a JavaScript expression in the page.
fn js(tab: &Tab, expression: &str) -> Value {
    tab.evaluate(expression, false)
        .unwrap_or_else(|e| panic!("{expression}: {e}"))
        .value
        .unwrap_or(Value::Null)
}

/// Waits until a JavaScript expression is true, or fails saying what was awaited.
#[track_caller]
fn wait_until(tab: &Tab, what: &str, expression: &str) {
    let start = Instant::now();
    loop {
        if js(tab, expression) == Value::Bool(true) {
            return;
        }
        if start.elapsed() > PATIENCE {
            let shot = screenshot(tab, "failure");
            panic!(
                "waited {PATIENCE:?} for {what} ({expression}); page at {}: {}\nscreenshot: {}",
                tab.get_url(),
                text_of(tab, "main"),
                shot.display()
            );
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// The visible text of the first element matching `selector`.
fn text_of(tab: &Tab, selector: &str) -> String {
    let expression = format!(
        "(document.querySelector({}) || {{innerText: ''}}).innerText",
        Value::from(selector)
    );
    js(tab, &expression).as_str().unwrap_or("").to_string()
}

fn screenshot(tab: &Tab, name: &str) -> PathBuf {
    let png = tab
        .capture_screenshot(CaptureScreenshotFormatOption::Png, None, None, true)
        .expect("screenshot");
    let path = artifacts().join(format!("{name}.png"));
    std::fs::write(&path, png).expect("write screenshot");
    path
}

/// Types into the element, as keystrokes.
fn type_into(tab: &Tab, selector: &str, text: &str) {
    let element = tab
        .wait_for_element_with_custom_timeout(selector, PATIENCE)
        .expect(selector);
    element.click().expect("click");
    element.type_into(text).expect("type");
}

fn click(tab: &Tab, selector: &str) {
    tab.wait_for_element_with_custom_timeout(selector, PATIENCE)
        .unwrap_or_else(|e| panic!("{selector}: {e}"))
        .click()
        .unwrap_or_else(|e| panic!("click {selector}: {e}"));
}

/// The status of every claim listed in the paths' chains.
fn listed_statuses(tab: &Tab) -> Vec<String> {
    let found = js(
        tab,
        "JSON.stringify([...document.querySelectorAll('.paths .claim .claim-meta .status')].map(s => s.innerText))",
    );
    serde_json::from_str(found.as_str().unwrap_or("[]")).expect("a list")
}

#[test]
fn a_person_traces_budenz_to_trotsky_and_reads_the_passage() {
    if !tool_or_skip(CHROMIUM_NAME, chromium_found(), CHROMIUM_INSTALL) {
        return;
    }
    let opened = open(bundled(), "/");
    let tab = opened.tab.clone();
    wait_until(
        &tab,
        "the home page",
        "document.querySelector('h1') && document.querySelector('h1').innerText.includes('Who says what')",
    );
    screenshot(&tab, "01-home");

    // An alias finds its entity, and says so.
    type_into(&tab, "#search", "Mornard");
    wait_until(
        &tab,
        "a suggestion for Mornard",
        "[...document.querySelectorAll('#search-suggestions [role=option]')].some(o => o.innerText.includes('Jacson') && o.innerText.includes('matched alias “Mornard”'))",
    );
    screenshot(&tab, "02-alias-suggestion");
    js(&tab, "document.getElementById('search').value = ''");

    // Search Budenz; choose him with the keyboard.
    type_into(&tab, "#search", "Budenz");
    wait_until(
        &tab,
        "Louis Budenz suggested",
        "[...document.querySelectorAll('#search-suggestions [role=option]')].some(o => o.innerText.includes('Louis Budenz'))",
    );
    tab.press_key("ArrowDown").expect("arrow");
    assert_eq!(
        js(
            &tab,
            "document.getElementById('search').getAttribute('aria-activedescendant')"
        ),
        "search-suggestions-0"
    );
    tab.press_key("Enter").expect("enter");
    wait_until(
        &tab,
        "Budenz's page",
        "location.hash === '#/entity/louis-budenz' && document.querySelector('h1') && document.querySelector('h1').innerText === 'Louis Budenz'",
    );
    wait_until(
        &tab,
        "his neighborhood drawn",
        "!!document.querySelector('#neighborhood svg a[data-entity=\"plot-against-trotsky\"]')",
    );
    let about = text_of(&tab, ".about");
    assert!(
        about.contains("“who took part in the conspiracy against the life of L.D. Trotsky”"),
        "{about}"
    );
    let made = text_of(&tab, ".made");
    assert!(
        made.contains(
            "“According to Budenz, Earl Browder and Jack Stachel participated in the plot against Trotsky’s life”"
        ),
        "his own claim about the plot is not shown: {made}"
    );
    assert!(text_of(&tab, ".entity-head").contains("Also called Budenz"));
    screenshot(&tab, "03-budenz");

    // Paths to Trotsky, asserted claims only.
    click(&tab, ".entity-head a.button");
    wait_until(
        &tab,
        "the path form from Budenz",
        "location.hash.startsWith('#/paths') && document.getElementById('path-from') && document.getElementById('path-from').value === 'Louis Budenz'",
    );
    type_into(&tab, "#path-to", "Trotsky");
    wait_until(
        &tab,
        "Leon Trotsky suggested",
        "[...document.querySelectorAll('#path-to-suggestions [role=option]')].some(o => o.innerText.includes('Leon Trotsky'))",
    );
    js(
        &tab,
        "[...document.querySelectorAll('#path-to-suggestions [role=option]')].find(o => o.innerText.includes('Leon Trotsky')).click()",
    );
    click(&tab, "#path-status-alleged");
    click(&tab, "#path-status-suspected");
    click(&tab, ".path-form button[type=submit]");
    wait_until(
        &tab,
        "asserted paths listed and drawn",
        "location.hash.includes('status=asserted') && document.querySelectorAll('.paths .path').length > 0 && !!document.querySelector('#paths-picture svg')",
    );
    let asserted = text_of(&tab, ".results");
    assert!(
        asserted.contains("from Louis Budenz to Leon Trotsky"),
        "{asserted}"
    );
    assert!(
        asserted.contains("Using asserted claims only"),
        "{asserted}"
    );
    assert!(listed_statuses(&tab).iter().all(|s| s == "asserted"));
    assert!(!text_of(&tab, ".paths").contains("Earl Browder"));
    screenshot(&tab, "04-paths-asserted");

    // From Earl Browder with every status: Budenz's allegation about him
    // is the shortest path (from Budenz himself, the author's demands for
    // trials now make shorter asserted paths than the one through Browder).
    js(&tab, "document.getElementById('path-from').value = ''");
    type_into(&tab, "#path-from", "Browder");
    wait_until(
        &tab,
        "Earl Browder suggested",
        "[...document.querySelectorAll('#path-from-suggestions [role=option]')].some(o => o.innerText.includes('Earl Browder'))",
    );
    js(
        &tab,
        "[...document.querySelectorAll('#path-from-suggestions [role=option]')].find(o => o.innerText.includes('Earl Browder')).click()",
    );
    click(&tab, "#path-status-alleged");
    click(&tab, "#path-status-suspected");
    click(&tab, ".path-form button[type=submit]");
    wait_until(
        &tab,
        "paths of every status",
        "location.hash.includes('from=earl-browder') && !location.hash.includes('status=') && document.querySelector('.results') && document.querySelector('.results').innerText.includes('claims of every status')",
    );
    let statuses = listed_statuses(&tab);
    assert!(statuses.iter().any(|s| s == "alleged"), "{statuses:?}");
    assert_eq!(
        js(
            &tab,
            "!!document.querySelector('.paths .claim[data-claim=\"browder-participated-in-plot\"]')"
        ),
        Value::Bool(true),
        "Budenz's allegation about Browder is not on a path"
    );
    assert!(
        js(
            &tab,
            "!!document.querySelector('#paths-picture svg a.cg-alleged path.cg-line[stroke-dasharray]')"
        ) == Value::Bool(true),
        "no dashed alleged arrow in the drawing"
    );
    screenshot(&tab, "05-paths-all-statuses");

    // Open the source at Budenz's allegation about Browder.
    let quote = "According to Budenz, Earl Browder and Jack Stachel participated in the plot against Trotsky’s life";
    click(
        &tab,
        ".paths .claim[data-claim=\"browder-participated-in-plot\"] .quote-link",
    );
    wait_until(
        &tab,
        "the passage marked in the source",
        "location.hash.startsWith('#/source/stalins-guilt') && !!document.querySelector('mark#passage')",
    );
    assert_eq!(text_of(&tab, "mark#passage"), quote);
    let paragraph = text_of(&tab, ".source-text p.current");
    assert!(paragraph.contains(quote), "{paragraph}");
    assert!(
        paragraph.len() > quote.len() + 100,
        "the paragraph around it is missing"
    );
    wait_until(
        &tab,
        "the passage scrolled into view",
        "(() => { const r = document.querySelector('mark#passage').getBoundingClientRect(); return r.top >= 0 && r.bottom <= innerHeight; })()",
    );
    assert_eq!(js(&tab, "document.activeElement.id"), "passage");
    screenshot(&tab, "06-source-passage");

    // Back returns to the paths, as they were.
    js(&tab, "history.back()");
    wait_until(
        &tab,
        "the paths again",
        "location.hash.startsWith('#/paths') && document.querySelectorAll('.paths .path').length > 0 && document.querySelector('.results').innerText.includes('claims of every status')",
    );

    // A phone: nothing wider than the screen but the drawing's own scroller.
    tab.call_method(Emulation::SetDeviceMetricsOverride {
        width: 390,
        height: 844,
        device_scale_factor: 2.0,
        mobile: true,
        scale: None,
        screen_width: None,
        screen_height: None,
        position_x: None,
        position_y: None,
        dont_set_visible_size: None,
        screen_orientation: None,
        viewport: None,
        display_feature: None,
        device_posture: None,
    })
    .expect("phone metrics");
    js(&tab, "location.hash = '#/entity/louis-budenz'");
    wait_until(
        &tab,
        "Budenz's page on a phone",
        "document.querySelector('h1') && document.querySelector('h1').innerText === 'Louis Budenz' && !!document.querySelector('#neighborhood svg')",
    );
    assert_eq!(
        js(&tab, "document.documentElement.scrollWidth <= innerWidth"),
        Value::Bool(true),
        "the page is wider than a phone"
    );
    screenshot(&tab, "07-phone-budenz");
}

/// The explorer loads the names of the first 10,000 entities; a view of a
/// larger graph asks for the others it shows, so that no claim reads with
/// a bare id where a name belongs.
#[test]
fn a_hub_of_a_graph_past_the_preloaded_names_reads_with_names() {
    if !tool_or_skip(CHROMIUM_NAME, chromium_found(), CHROMIUM_INSTALL) {
        return;
    }
    let (_data, graph) = crate::support::generated(claimgraph::generate::Params {
        entities: 12_000,
        claims: 24_000,
        seed: 1,
    });
    let opened = open(graph, "/#/entity/e-5");
    let tab = opened.tab.clone();
    wait_until(
        &tab,
        "the hub's claims",
        "document.querySelectorAll('.about .claims .entity-link').length > 100",
    );
    screenshot(&tab, "11-generated-hub");
    let bare = js(
        &tab,
        "JSON.stringify([...document.querySelectorAll('.entity-link')].map(a => a.innerText).filter(t => /^e-[0-9]+$/.test(t)))",
    );
    assert_eq!(bare, Value::from("[]"), "links showing an id, not a name");
}

/// A claim another contests: its page says so and quotes who; the dispute's
/// page shows the claim it answers; a path marks the contested hop, in its
/// list and its drawing, and leaves it out when asked; who says what about
/// the hop's two ends sets the claim beside its dispute.
#[test]
fn a_reader_sees_who_disputes_a_claim_in_their_words() {
    if !tool_or_skip(CHROMIUM_NAME, chromium_found(), CHROMIUM_INSTALL) {
        return;
    }
    let (_data, graph) = crate::pictures::memo_with_dispute();
    let opened = open(graph, "/#/claim/bob-met-alice");
    let tab = opened.tab.clone();
    wait_until(
        &tab,
        "the contested claim's responses",
        "!!document.querySelector('.responses-view .response[data-claim=\"carol-disputes-bob-met-alice\"]')",
    );
    let page = text_of(&tab, "article.claim-view");
    assert!(page.contains("⚠ contested"), "{page}");
    assert!(page.contains("This claim is contested"), "{page}");
    let response = text_of(&tab, ".responses-view .response");
    assert!(
        response.contains("disputed by Carol Cárdenas: ‘According to Carol Cárdenas’"),
        "{response}"
    );
    assert!(response.contains("asserted"), "{response}");
    assert!(response.contains("claimed by Carol Cárdenas"), "{response}");
    screenshot(&tab, "21-contested-claim");

    // The dispute's own page shows the claim it answers, and links to it.
    click(&tab, ".responses-view .response .claim-link");
    wait_until(
        &tab,
        "the dispute's page",
        "location.hash === '#/claim/carol-disputes-bob-met-alice' && !!document.querySelector('.about-claim .claim[data-claim=\"bob-met-alice\"]')",
    );
    let heading = text_of(&tab, "h1");
    assert_eq!(
        heading,
        "Carol Cárdenas disputes “Bob Brown met Alice Archer”"
    );
    assert!(text_of(&tab, ".about-claim").contains("It disputes the claim"));
    screenshot(&tab, "22-dispute");

    // Paths from Alice to Bob: the direct hop is marked, in words and drawn.
    js(&tab, "location.hash = '#/paths?from=alice&to=bob'");
    wait_until(
        &tab,
        "the paths and their drawing",
        "document.querySelectorAll('.paths .path').length > 0 && !!document.querySelector('#paths-picture svg')",
    );
    let hop = text_of(&tab, ".paths .claim[data-claim=\"bob-met-alice\"]");
    assert!(hop.contains("⚠ contested"), "{hop}");
    assert!(
        hop.contains("⚠ Contested: disputed by Carol Cárdenas."),
        "{hop}"
    );
    assert_eq!(
        js(
            &tab,
            "!!document.querySelector('#paths-picture svg a.cg-contested[data-claim=\"bob-met-alice\"][data-disputed-by=\"carol-disputes-bob-met-alice\"]') && !!document.querySelector('#paths-picture svg .cg-legend-contested')"
        ),
        Value::Bool(true),
        "the drawing does not mark the contested hop"
    );
    screenshot(&tab, "23-contested-path");

    // Leave contested claims out: the direct hop goes.
    js(
        &tab,
        "document.getElementById('path-contested').value = 'exclude'",
    );
    click(&tab, ".path-form button[type=submit]");
    wait_until(
        &tab,
        "paths without contested claims",
        "location.hash.includes('contested=exclude') && document.querySelector('.results') && document.querySelector('.results').innerText.includes('no contested claims') && document.querySelectorAll('.paths .path').length > 0",
    );
    assert_eq!(
        js(
            &tab,
            "!!document.querySelector('.paths .claim[data-claim=\"bob-met-alice\"]')"
        ),
        Value::Bool(false)
    );

    // Who says what about Bob and Alice: the claim beside its dispute.
    js(&tab, "location.hash = '#/paths?from=alice&to=bob'");
    wait_until(
        &tab,
        "the contested hop again",
        "!!document.querySelector('.paths .claim[data-claim=\"bob-met-alice\"] .relations-link')",
    );
    click(
        &tab,
        ".paths .claim[data-claim=\"bob-met-alice\"] .relations-link",
    );
    wait_until(
        &tab,
        "who says what about Bob and Alice",
        "location.hash.startsWith('#/relations') && document.querySelectorAll('.relation-group').length > 0",
    );
    let groups = text_of(&tab, ".relation-groups");
    assert!(groups.contains("Bob Brown met Alice Archer"), "{groups}");
    assert!(
        groups.contains("disputed by Carol Cárdenas: ‘According to Carol Cárdenas’"),
        "{groups}"
    );
    screenshot(&tab, "24-relations");

    // From an entity's page, the same view by choosing the other entity.
    js(&tab, "location.hash = '#/entity/bob'");
    wait_until(
        &tab,
        "Bob's page with the relations form",
        "!!document.getElementById('relations-with') && !!document.querySelector('#neighborhood svg a.cg-contested')",
    );
    type_into(&tab, "#relations-with", "Carol");
    wait_until(
        &tab,
        "Carol suggested",
        "[...document.querySelectorAll('#relations-with-suggestions [role=option]')].some(o => o.innerText.includes('Carol Cárdenas'))",
    );
    tab.press_key("Enter").expect("enter");
    click(&tab, ".relations-form button[type=submit]");
    wait_until(
        &tab,
        "who says what about Bob and Carol",
        "location.hash === '#/relations?a=bob&b=carol' && document.querySelectorAll('.relation-group').length > 0",
    );

    // A mistyped claim id suggests the claim, linking to its page.
    js(&tab, "location.hash = '#/claim/bob-met-alic'");
    wait_until(
        &tab,
        "a suggested claim",
        "!!document.querySelector('.problem a[href=\"#/claim/bob-met-alice\"]')",
    );
}

/// The bundled article with the invented letter as a second source: the
/// letter's dispute of Budenz's allegation about Browder shows on the
/// allegation's page, on the path from Browder to Trotsky and beside it in
/// who says what about Budenz and Browder; the author's own dispute of
/// l'Humanité shows on its claim's page, in her words.
#[test]
fn two_sources_disagree_on_the_pages_a_reader_opens() {
    if !tool_or_skip(CHROMIUM_NAME, chromium_found(), CHROMIUM_INSTALL) {
        return;
    }
    let (_data, graph) = two_sources();
    let opened = open(graph, "/#/claim/browder-participated-in-plot");
    let tab = opened.tab.clone();
    wait_until(
        &tab,
        "the letter's dispute on the allegation's page",
        "!!document.querySelector('.responses-view .response[data-claim=\"calder-disputes-browder-in-plot\"]')",
    );
    assert!(text_of(&tab, ".claim-view .kicker").contains("⚠ contested"));
    let dispute = text_of(
        &tab,
        ".responses-view .response[data-claim=\"calder-disputes-browder-in-plot\"]",
    );
    assert!(
        dispute.contains("disputed by Ruth Calder: ‘Budenz says that Browder took part in the plot; I do not believe it"),
        "{dispute}"
    );
    screenshot(&tab, "31-letter-disputes-budenz");

    js(
        &tab,
        "location.hash = '#/claim/daladier-allied-with-trotsky-per-lhumanite'",
    );
    wait_until(
        &tab,
        "the author's dispute of l'Humanité",
        "!!document.querySelector('.responses-view .response[data-claim=\"natalia-disputes-lhumanite-daladier\"]')",
    );
    let hers = text_of(
        &tab,
        ".responses-view .response[data-claim=\"natalia-disputes-lhumanite-daladier\"]",
    );
    assert!(
        hers.contains(
            "disputed by Natalia Sedova Trotsky: ‘This did not prevent the Stalinist party"
        ),
        "{hers}"
    );
    screenshot(&tab, "32-natalia-disputes-lhumanite");

    js(
        &tab,
        "location.hash = '#/paths?from=earl-browder&to=leon-trotsky'",
    );
    wait_until(
        &tab,
        "the contested hop on the path",
        "!!document.querySelector('.paths .claim[data-claim=\"browder-participated-in-plot\"] .disputed-by') && !!document.querySelector('#paths-picture svg a.cg-contested[data-claim=\"browder-participated-in-plot\"]')",
    );
    assert!(
        text_of(
            &tab,
            ".paths .claim[data-claim=\"browder-participated-in-plot\"] .disputed-by"
        )
        .contains("disputed by Ruth Calder")
    );
    screenshot(&tab, "33-contested-path-browder");

    js(
        &tab,
        "location.hash = '#/relations?a=louis-budenz&b=earl-browder'",
    );
    wait_until(
        &tab,
        "who says what about Budenz and Browder",
        "document.querySelectorAll('.relation-group').length > 1 && !!document.querySelector('.relation-group.relation-contested .response')",
    );
    let groups = text_of(&tab, ".relation-groups");
    assert!(groups.contains("disputed by Ruth Calder"), "{groups}");
    screenshot(&tab, "34-relations-budenz-browder");
}
