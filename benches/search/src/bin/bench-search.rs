//! Measures the search engine: index build time and time per keystroke, on
//! the real data and on 20,000 synthetic documents; then the explore view's
//! whole step per keystroke and per filter click (search, facet counts,
//! filters, highlights of the shown results) on the real data and on a
//! synthetic plan and directory of 10,000 activities and 10,000 partners.
//!
//! ```text
//! cargo run --release -p search-bench --bin bench-search
//! ```
//!
//! It prints a report with the targets and PASS/FAIL next to each figure, and
//! always exits 0: it is a report, not a test.

use plan_core::data_source::{interpret_responses, AppData, FileResponse};
use plan_core::explore::Explorer;
use plan_core::facet::Facet;
use plan_core::filter::Selection;
use plan_core::model::{Lang, Plan};
use plan_core::search::{Field, SearchDocument, SearchIndex, SearchOptions};
use plan_core::validate::parse_plan;
use search_bench::synthetic_documents;
use std::hint::black_box;
use std::time::{Duration, Instant};

const PLAN_FILE: &str = "public/data/plan.json";
const PARTNERS_FILE: &str = "public/data/partners.json";
/// The seed of the synthetic data (the plan's decision date).
const SEED: u64 = 20_211_207;

/// Realistic Swedish queries: whole words, several words, missing å/ä/ö,
/// typos, prefixes and compound parts. Each is typed one char at a time.
const QUERIES: [&str; 20] = [
    "upphandling",
    "sociala företag",
    "nätverket",
    "orebro",
    "upphandlng",
    "civilsamhället",
    "foreningsstod",
    "kunskap om statistik",
    "erfarenhetsutbyte",
    "internationellt deltagande",
    "hallefors",
    "karlskoga kooperativ",
    "mötesplatser för unga",
    "samhällsnytta",
    "finansering och stöd",
    "sektorsövergripande nätverk",
    "integration nyanlända",
    "lindesberg förening",
    "arbetsintegrerande",
    "socialföretag kumla",
];

/// Queries whose number of hits is printed.
const COUNTED: [&str; 8] = [
    "upphandling",
    "sociala företag",
    "nätverket",
    "orebro",
    "upphandlng",
    "företag",
    "laxå",
    "s",
];

const REAL_TARGET_MS: f64 = 0.1;
/// How many hits the view shows at once.
const VIEW_LIMIT: usize = 50;
/// How many results the explore view renders before "Visa fler".
const EXPLORE_PAGE: usize = 30;
const LARGE_TARGET_MS: f64 = 5.0;

fn main() {
    println!("bench-search: search engine benchmark (native)");
    if cfg!(debug_assertions) {
        println!(
            "WARNING: debug build; run `cargo run --release -p search-bench --bin bench-search` for real figures"
        );
    } else {
        println!("build: release profile of Cargo.toml (opt-level \"z\", lto)");
    }
    let started = Instant::now();

    let real = real_documents();
    let large = synthetic_documents(SEED, 10_000, 10_000);
    let options = SearchOptions::for_lang(Lang::Sv);

    println!();
    println!("== Data ==");
    println!(
        "real data:      {} documents ({})",
        real.len(),
        real_sources()
    );
    println!(
        "synthetic data: {} documents (10,000 partner-like + 10,000 activity-like, seed {SEED})",
        large.len()
    );

    println!();
    println!("== Index build ==");
    let (real_index, real_build) = time_build(&real, options, 200);
    let (large_index, large_build) = time_build(&large, options, 5);
    print_build("real data", &real_build, &real_index);
    print_build("20,000 docs", &large_build, &large_index);

    println!();
    println!("== Time per keystroke ==");
    let keystrokes: Vec<String> = QUERIES.iter().flat_map(|q| typed_prefixes(q)).collect();
    println!(
        "{} queries typed one char at a time = {} keystrokes; each keystroke's time is the median of its repeats",
        QUERIES.len(),
        keystrokes.len()
    );
    println!(
        "top: query_top(q, {VIEW_LIMIT}) = the {VIEW_LIMIT} best hits with highlights + the total (what the view needs)"
    );
    println!(
        "rank: rank(q) + highlight(q, first {VIEW_LIMIT}) = every hit ranked without highlights (for facets), the shown ones highlighted"
    );
    println!("all: query(q) = every hit, each with highlights");
    let top = |index: &SearchIndex, q: &str| index.query_top(q, VIEW_LIMIT).hits.len();
    let rank = |index: &SearchIndex, q: &str| {
        let ranked = index.rank(q);
        let shown: Vec<usize> = ranked.iter().take(VIEW_LIMIT).map(|r| r.doc).collect();
        ranked.len() + index.highlight(q, &shown).len()
    };
    let all = |index: &SearchIndex, q: &str| index.query(q).len();
    let real_top = time_keystrokes(&real_index, &keystrokes, 101, top);
    let real_rank = time_keystrokes(&real_index, &keystrokes, 101, rank);
    let real_all = time_keystrokes(&real_index, &keystrokes, 101, all);
    let large_top = time_keystrokes(&large_index, &keystrokes, 15, top);
    let large_rank = time_keystrokes(&large_index, &keystrokes, 15, rank);
    let large_all = time_keystrokes(&large_index, &keystrokes, 5, all);
    let real_ok = print_times("(a) real, top", &real_top, REAL_TARGET_MS);
    let real_rank_ok = print_times("(a) real, rank", &real_rank, REAL_TARGET_MS);
    let real_all_ok = print_times("(a) real, all", &real_all, REAL_TARGET_MS);
    let large_ok = print_times("(b) 20k, top", &large_top, LARGE_TARGET_MS);
    let large_rank_ok = print_times("(b) 20k, rank", &large_rank, LARGE_TARGET_MS);
    let large_all_ok = print_times("(b) 20k, all", &large_all, LARGE_TARGET_MS);

    println!();
    println!("== Slowest keystrokes, 20,000 docs, top ==");
    let mut slowest = slowest_keystrokes(&large_index, &keystrokes, &large_top);
    slowest.truncate(5);
    for (query, time, hits) in slowest {
        println!("  {:>9}  {hits:>6} hits  {query:?}", format_ms(time));
    }

    println!();
    println!("== Number of hits ==");
    println!(
        "  {:<22} {:>10} {:>12}",
        "query", "real data", "20,000 docs"
    );
    for query in COUNTED {
        println!(
            "  {:<22} {:>10} {:>12}",
            format!("{query:?}"),
            real_index.query(query).len(),
            large_index.query(query).len()
        );
    }
    if let Some(hit) = real_index.query("nätverket").first() {
        let doc = &real[hit.doc];
        println!(
            "  best hit on real data for \"nätverket\": score {}, {:?}",
            hit.score,
            doc.fields
                .first()
                .map(|(_, text)| text.as_str())
                .unwrap_or("")
        );
    }

    let explore_ok = bench_explore_view(&keystrokes);

    println!();
    println!("== Summary ==");
    println!(
        "real data, per keystroke < {REAL_TARGET_MS} ms (p95 and max): top {}, rank {}, all {}",
        verdict(real_ok),
        verdict(real_rank_ok),
        verdict(real_all_ok)
    );
    println!(
        "20,000 docs, per keystroke < {LARGE_TARGET_MS} ms (p95 and max): top {}, rank {}, all {}",
        verdict(large_ok),
        verdict(large_rank_ok),
        verdict(large_all_ok)
    );
    println!(
        "explore view, 10,000 + 10,000, per keystroke and per filter click < {LARGE_TARGET_MS} ms (p95 and max): {}",
        verdict(explore_ok)
    );
    println!("bench took {:.1} s", started.elapsed().as_secs_f64());
}

/// The explore view's work per keystroke and per filter click, as the app
/// does it: [`Explorer::run`] (rank, facet counts, filters) and the
/// highlights of the first page of results. True if the synthetic data set
/// meets the per-keystroke target.
fn bench_explore_view(keystrokes: &[String]) -> bool {
    println!();
    println!("== Explore view: search + facet counts + filters + highlights of the first {EXPLORE_PAGE} ==");
    let real = load_app_data(read(PLAN_FILE), read(PARTNERS_FILE));
    let (plan, partners) = synthetic_files(10_000, 10_000);
    let start = Instant::now();
    let large = load_app_data(plan, partners);
    let load = start.elapsed();
    let start = Instant::now();
    let large_explorer = Explorer::new(&large, Lang::Sv);
    let build = start.elapsed();
    println!(
        "synthetic: {} entries; parse and validate {}, build the index {}",
        large.catalog.entries.len(),
        format_ms(load),
        format_ms(build)
    );
    let real_explorer = Explorer::new(&real, Lang::Sv);
    let step = |data: &AppData, explorer: &Explorer, query: &str, selection: &Selection| {
        let outcome = explorer.run(data, query, selection);
        let shown: Vec<usize> = outcome
            .results
            .iter()
            .take(EXPLORE_PAGE)
            .map(|r| r.entry)
            .collect();
        outcome.results.len() + explorer.highlight(query, &shown).len()
    };
    let none = Selection::default();
    let real_times = time_steps(keystrokes, 101, |q| step(&real, &real_explorer, q, &none));
    let large_times = time_steps(keystrokes, 15, |q| step(&large, &large_explorer, q, &none));
    print_times("(c) real", &real_times, REAL_TARGET_MS);
    let keystroke_ok = print_times("(c) 10k+10k", &large_times, LARGE_TARGET_MS);
    let mut slowest: Vec<(&String, &Duration)> = keystrokes.iter().zip(&large_times).collect();
    slowest.sort_by(|a, b| b.1.cmp(a.1));
    // Several queries start with the same letters: name each prefix once.
    let mut named = std::collections::HashSet::new();
    slowest.retain(|(query, _)| named.insert(query.as_str()));
    let slowest: Vec<String> = slowest
        .iter()
        .take(3)
        .map(|(query, time)| format!("{query:?} {}", format_ms(**time)))
        .collect();
    println!("    slowest (c) 10k+10k keystrokes: {}", slowest.join(", "));

    // Filter clicks: each adds one choice to the last, with and without a search.
    let clicks: [(Facet, &str); 6] = [
        (Facet::FocusArea, "fa-2"),
        (Facet::Sector, "civil-society"),
        (Facet::Municipality, "orebro"),
        (Facet::Municipality, "kumla"),
        (Facet::Tag, "networks"),
        (Facet::FocusArea, "fa-4"),
    ];
    let mut selections = Vec::new();
    let mut selection = Selection::default();
    for (facet, id) in clicks {
        selection.toggle(facet, id);
        selections.push(selection.clone());
    }
    let states: Vec<(&str, &Selection)> = ["", "förening"]
        .into_iter()
        .flat_map(|query| selections.iter().map(move |selection| (query, selection)))
        .collect();
    let click_times = time_steps(&states, 15, |(query, selection)| {
        step(&large, &large_explorer, query, selection)
    });
    let click_ok = print_times("(d) clicks", &click_times, LARGE_TARGET_MS);
    println!(
        "    (d) = {} filter clicks on 10k+10k (6 choices added one by one, without a search and with \"förening\")",
        states.len()
    );
    keystroke_ok && click_ok
}

fn read(path: &str) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|error| {
        panic!("{path} cannot be read (run from the repository root): {error}")
    })
}

/// Parses and validates the two files as the app does.
fn load_app_data(plan: String, partners: String) -> AppData {
    let ok = |body: String| FileResponse { status: 200, body };
    interpret_responses(ok(plan), ok(partners))
        .unwrap_or_else(|error| panic!("the benchmark data is invalid: {error:?}"))
}

/// The real plan and directory files with their activities and partners
/// replaced by synthetic ones (texts from [`synthetic_documents`]), spread
/// over the real focus areas, tags, sectors and municipalities.
fn synthetic_files(activities: usize, partners: usize) -> (String, String) {
    use serde_json::{json, Value};
    let mut plan: Value = serde_json::from_str(&read(PLAN_FILE)).expect("plan.json is JSON");
    let mut directory: Value =
        serde_json::from_str(&read(PARTNERS_FILE)).expect("partners.json is JSON");
    let ids = |value: &Value, list: &str| -> Vec<String> {
        value[list]
            .as_array()
            .map(|items| {
                items
                    .iter()
                    .filter_map(|item| item["id"].as_str().map(str::to_string))
                    .collect()
            })
            .unwrap_or_default()
    };
    let (areas, tags) = (ids(&plan, "focus_areas"), ids(&plan, "tags"));
    let (sectors, places) = (
        ids(&directory, "sectors"),
        ids(&directory, "municipalities"),
    );
    let texts = synthetic_documents(SEED, partners, activities);
    let field = |doc: &SearchDocument, wanted: Field| {
        doc.fields
            .iter()
            .find(|(field, _)| *field == wanted)
            .map(|(_, text)| text.clone())
            .unwrap_or_default()
    };
    // Two picks from a list, without repeats.
    let two = |list: &[String], a: usize, b: usize| {
        let mut picked = vec![list[a % list.len()].clone(), list[b % list.len()].clone()];
        picked.dedup();
        picked
    };
    directory["partners"] = texts[..partners]
        .iter()
        .enumerate()
        .map(|(i, doc)| {
            json!({
                "id": format!("synthetic-partner-{i}"),
                "name": field(doc, Field::Title),
                "example": true,
                "sector": sectors[i * 7 % sectors.len()],
                "municipality": places[i * 5 % places.len()],
                "focus_areas": two(&areas, i, i / 4),
                "description": { "sv": field(doc, Field::Description) },
                "tags": two(&tags, i, i * 3 + 1),
            })
        })
        .collect();
    plan["activities"] = texts[partners..]
        .iter()
        .enumerate()
        .map(|(i, doc)| {
            json!({
                "id": format!("synthetic-activity-{i}"),
                "focus_area": areas[i % areas.len()],
                "text": { "sv": field(doc, Field::Title) },
                "tags": two(&tags, i / 3, i + 2),
            })
        })
        .collect();
    (plan.to_string(), directory.to_string())
}

/// The time of each input's step: the median of `rounds` runs over all
/// inputs, after one round to warm caches and the allocator.
fn time_steps<T>(inputs: &[T], rounds: usize, run: impl Fn(&T) -> usize) -> Vec<Duration> {
    for input in inputs {
        black_box(run(black_box(input)));
    }
    let mut samples = vec![Vec::with_capacity(rounds); inputs.len()];
    for _ in 0..rounds {
        for (input, samples) in inputs.iter().zip(&mut samples) {
            let start = Instant::now();
            black_box(run(black_box(input)));
            samples.push(start.elapsed());
        }
    }
    samples
        .into_iter()
        .map(|mut samples| {
            samples.sort();
            samples[samples.len() / 2]
        })
        .collect()
}

/// Focus areas, activities and (if the file exists) partner organisations, in Swedish.
fn real_documents() -> Vec<SearchDocument> {
    let json = std::fs::read_to_string(PLAN_FILE).unwrap_or_else(|error| {
        panic!("{PLAN_FILE} cannot be read (run from the repository root): {error}")
    });
    let plan = parse_plan("plan.json", &json)
        .unwrap_or_else(|problems| panic!("{PLAN_FILE} is invalid: {} problems", problems.len()));
    let mut docs = plan_documents(&plan);
    docs.extend(partner_documents(&plan));
    docs
}

fn real_sources() -> String {
    let json = std::fs::read_to_string(PLAN_FILE).unwrap_or_default();
    let plan = parse_plan("plan.json", &json).ok();
    let partners = plan
        .as_ref()
        .map_or(0, |plan| partner_documents(plan).len());
    let count = |of: fn(&Plan) -> usize| plan.as_ref().map_or(0, of);
    format!(
        "{} focus areas, {} activities, {} partners from {}",
        count(|plan| plan.focus_areas().len()),
        count(|plan| plan.activities().len()),
        partners,
        if partners > 0 {
            PARTNERS_FILE
        } else {
            "nowhere: no partners file"
        }
    )
}

/// Focus areas (heading as title) and activities (text as title, tag labels as tags).
fn plan_documents(plan: &Plan) -> Vec<SearchDocument> {
    let focus_areas = plan
        .focus_areas()
        .iter()
        .map(|area| SearchDocument::new().with(Field::Title, area.title.get(Lang::Sv)));
    let activities = plan.activities().iter().map(|activity| {
        let mut doc = SearchDocument::new().with(Field::Title, activity.text.get(Lang::Sv));
        for &tag in &activity.tags {
            doc = doc.with(Field::Tags, plan.tag(tag).label.get(Lang::Sv));
        }
        doc
    });
    focus_areas.chain(activities).collect()
}

/// Partner organisations, read loosely from `partners.json` so that the
/// benchmark does not depend on the exact model: name as title, tags, sector
/// and municipality as tags, the description in Swedish.
fn partner_documents(plan: &Plan) -> Vec<SearchDocument> {
    let Ok(json) = std::fs::read_to_string(PARTNERS_FILE) else {
        return Vec::new();
    };
    let Ok(value) = serde_json::from_str::<serde_json::Value>(&json) else {
        return Vec::new();
    };
    let label = |list: &str, id: &str| -> Option<String> {
        value[list]
            .as_array()?
            .iter()
            .find(|choice| choice["id"] == id)
            .and_then(|choice| choice["label"]["sv"].as_str())
            .map(str::to_string)
    };
    let Some(partners) = value["partners"].as_array() else {
        return Vec::new();
    };
    partners
        .iter()
        .map(|partner| {
            let mut doc = SearchDocument::new()
                .with(Field::Title, partner["name"].as_str().unwrap_or_default());
            let tags = partner["tags"]
                .as_array()
                .map(Vec::as_slice)
                .unwrap_or_default();
            for tag in tags.iter().filter_map(|id| plan.tag_by_id(id.as_str()?)) {
                doc = doc.with(Field::Tags, plan.tag(tag).label.get(Lang::Sv));
            }
            for (list, key) in [("sectors", "sector"), ("municipalities", "municipality")] {
                if let Some(text) = partner[key].as_str().and_then(|id| label(list, id)) {
                    doc = doc.with(Field::Tags, text);
                }
            }
            if let Some(text) = partner["description"]["sv"].as_str() {
                doc = doc.with(Field::Description, text);
            }
            doc
        })
        .collect()
}

/// Builds the index `rounds` times; the last index and every build time.
fn time_build(
    docs: &[SearchDocument],
    options: SearchOptions,
    rounds: usize,
) -> (SearchIndex, Vec<Duration>) {
    let mut times = Vec::with_capacity(rounds);
    let mut index = None;
    for _ in 0..rounds {
        let start = Instant::now();
        let built = SearchIndex::build(black_box(docs), options);
        times.push(start.elapsed());
        index = Some(black_box(built));
    }
    (index.expect("at least one round"), times)
}

fn print_build(label: &str, times: &[Duration], index: &SearchIndex) {
    let stats = index.stats();
    let mean = times.iter().sum::<Duration>() / times.len() as u32;
    let min = times.iter().min().copied().unwrap_or_default();
    println!(
        "{label:<12} mean {:>10}  min {:>10}  ({} builds; {} docs, {} terms, {} words, {} postings, {} suffixes)",
        format_ms(mean),
        format_ms(min),
        times.len(),
        stats.documents,
        stats.terms,
        stats.occurrences,
        stats.postings,
        stats.suffixes
    );
}

/// Every prefix of `query`, one char longer each time: what a visitor types.
fn typed_prefixes(query: &str) -> Vec<String> {
    query
        .char_indices()
        .map(|(at, c)| query[..at + c.len_utf8()].to_string())
        .collect()
}

/// The time of each keystroke: the median of `rounds` runs of the whole
/// typing sequence (so that a one-off pause of the machine does not count as
/// the engine's time).
fn time_keystrokes(
    index: &SearchIndex,
    keystrokes: &[String],
    rounds: usize,
    run: impl Fn(&SearchIndex, &str) -> usize,
) -> Vec<Duration> {
    time_steps(keystrokes, rounds, |query| run(index, query))
}

/// The keystrokes by time, slowest first, with their number of hits.
fn slowest_keystrokes(
    index: &SearchIndex,
    keystrokes: &[String],
    times: &[Duration],
) -> Vec<(String, Duration, usize)> {
    let mut measured: Vec<(String, Duration, usize)> = keystrokes
        .iter()
        .zip(times)
        .map(|(query, time)| (query.clone(), *time, index.query_top(query, 0).total))
        .collect();
    measured.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    measured.dedup_by(|a, b| a.0 == b.0);
    measured
}

/// Prints mean, p50, p95 and max; whether p95 and max are under the target.
fn print_times(label: &str, times: &[Duration], target_ms: f64) -> bool {
    let mut sorted = times.to_vec();
    sorted.sort();
    let percentile = |p: f64| sorted[((sorted.len() - 1) as f64 * p).round() as usize];
    let mean = times.iter().sum::<Duration>() / times.len() as u32;
    let (p50, p95, max) = (percentile(0.5), percentile(0.95), sorted[sorted.len() - 1]);
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    let ok = ms(p95) < target_ms && ms(max) < target_ms;
    println!(
        "{label:<14} mean {:>10}  p50 {:>10}  p95 {:>10}  max {:>10}  target < {target_ms} ms: p95 {}, max {}",
        format_ms(mean),
        format_ms(p50),
        format_ms(p95),
        format_ms(max),
        verdict(ms(p95) < target_ms),
        verdict(ms(max) < target_ms),
    );
    ok
}

fn format_ms(duration: Duration) -> String {
    format!("{:.4} ms", duration.as_secs_f64() * 1000.0)
}

fn verdict(ok: bool) -> &'static str {
    if ok {
        "PASS"
    } else {
        "FAIL"
    }
}
