//! The workshop's hot paths, on a copy of the Tranås workspace with 60
//! participants (15 per group) who have answered all 36 pairs:
//! - `answer_then_back`: one answer and its undo, each staged, appended to
//!   the journal with `sync_data` and committed — two acknowledged changes;
//!   half the time is what one answer costs the server (the load test in
//!   crates/vagval-cli/tests/serve_load.rs measures it over HTTP);
//! - `rerank`: a slider moved, the council's aggregate re-ranked;
//! - `control_live` / `participant_page`: the facilitator's live part after
//!   the full reveal (every group's weights, spreads, rankings, one-way
//!   charts) and a participant's page, rendered;
//! - `monte_carlo_refresh`: the 100 000-sample rank acceptabilities the
//!   server recomputes after the answers change.

// A benchmark of fixed data: failing loudly is right.
#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic)]

use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};
use vagval_report::Lang;
use vagval_serve::workshop::Record;
use vagval_serve::{App, Options};
use vagval_workspace::questionnaire::Step;

fn main() {
    divan::main();
}

fn copy(from: &Path, to: &Path) {
    if from.is_dir() {
        std::fs::create_dir_all(to).unwrap();
        for entry in std::fs::read_dir(from).unwrap() {
            let entry = entry.unwrap();
            copy(&entry.path(), &to.join(entry.file_name()));
        }
    } else {
        std::fs::copy(from, to).unwrap();
    }
}

struct Fixture {
    app: Arc<App>,
    _dir: PathBuf,
}

/// The session, every participant through all 36 answers (a mix of
/// values, consistent enough to need no revisit), every set revealed.
fn fixture() -> &'static Fixture {
    static FIXTURE: OnceLock<Fixture> = OnceLock::new();
    FIXTURE.get_or_init(|| {
        let repo = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
        let dir = std::env::temp_dir().join(format!("vagval-serve-bench-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        for item in ["vagval.toml", "criteria", "scripts"] {
            copy(&repo.join(item), &dir.join(item));
        }
        let app = App::open(Options {
            root: dir.clone(),
            lang: Lang::Sv,
            settings: Default::default(),
            members: vec![(None, 15)],
            hosts: vec!["127.0.0.1:8080".into()],
            base_url: "http://127.0.0.1:8080".into(),
            member_max_cr: None,
            rate: u32::MAX,
            alternatives: false,
        })
        .unwrap_or_else(|d| panic!("{}", d.render()));
        let people = app.state().workshop.roster.participants.clone();
        for (n, person) in people.iter().enumerate() {
            loop {
                let step = app.state().workshop.step(n);
                let Step::Question(q) = step else { break };
                let set = &app.state().workshop.sets[q.set].clone();
                let value = if q.number <= 8 {
                    [2.0, 0.5, 3.0, 1.0][n % 4]
                } else {
                    1.0
                };
                app.submit(&Record::Answer {
                    participant: person.id.clone(),
                    set: "goal".into(),
                    first: set.ids[q.pair.0].clone(),
                    second: set.ids[q.pair.1].clone(),
                    value: Some(value),
                    comment: None,
                })
                .unwrap_or_else(|e| panic!("{e:?}"));
            }
        }
        app.submit(&Record::Reveal { set: "goal".into() }).unwrap();
        Fixture { app, _dir: dir }
    })
}

#[divan::bench(sample_count = 40, sample_size = 1)]
fn answer_then_back(bencher: divan::Bencher) {
    let app = &fixture().app;
    let id = app.state().workshop.roster.participants[0].id.clone();
    bencher.bench(|| {
        app.submit(&Record::Back {
            participant: id.clone(),
        })
        .unwrap();
        let (first, second, _set) = {
            let state = app.state();
            let w = &state.workshop;
            let Step::Question(q) = w.step(0) else {
                panic!("a question after back")
            };
            let set = &w.sets[q.set];
            (set.ids[q.pair.0].clone(), set.ids[q.pair.1].clone(), q.set)
        };
        app.submit(&Record::Answer {
            participant: id.clone(),
            set: "goal".into(),
            first,
            second,
            value: Some(1.0),
            comment: None,
        })
        .unwrap();
    });
}

#[divan::bench(sample_count = 50)]
fn rerank(bencher: divan::Bencher) {
    let app = &fixture().app;
    let ids = app.state().workshop.sets[0].ids.clone();
    let form: std::collections::BTreeMap<String, String> = ids
        .iter()
        .enumerate()
        .map(|(k, id)| (id.clone(), format!("{}", 5 + k * 3)))
        .collect();
    bencher.bench(|| divan::black_box(app.rerank(&form)).expect("a ranking"));
}

#[divan::bench(sample_count = 20)]
fn control_live(bencher: divan::Bencher) {
    let app = &fixture().app;
    bencher.bench(|| {
        let state = app.state();
        let csrf = state.workshop.roster.facilitator_csrf.clone();
        divan::black_box(
            vagval_serve::pages::control_live(Lang::Sv, app, &state.workshop, &csrf)
                .into_string()
                .len(),
        )
    });
}

#[divan::bench(sample_count = 50)]
fn participant_page(bencher: divan::Bencher) {
    let app = &fixture().app;
    bencher.bench(|| {
        let state = app.state();
        divan::black_box(
            vagval_serve::pages::participant(Lang::Sv, &state.workshop, 5, "x", None)
                .into_string()
                .len(),
        )
    });
}

#[divan::bench(sample_count = 10)]
fn monte_carlo_refresh(bencher: divan::Bencher) {
    let app = &fixture().app;
    let specs = {
        let state = app.state();
        let w = &state.workshop;
        vagval_serve::results::group_specs(w, &app.group_judgments(w)).0
    };
    bencher.bench(|| divan::black_box(app.monte_carlo(&specs)).expect("a result"));
}
