//! The round trip of a group script: what `emit::write_group_script` writes,
//! the sandbox reads back (`GroupScript`) to the same group — the same
//! name, seats, judgments (exact values), direct weights and judgments of
//! the alternatives — whatever the ids, names and comments (a set's, a
//! judgment's rationale) hold (å/ä/ö,
//! quotes, line breaks, `]]`, `--[[`, Lua keywords).

#![allow(clippy::expect_used)]

use proptest::prelude::*;
use proptest::test_runner::{Config, RngSeed};
use vagval_core::assessment::WeightsSpec;
use vagval_core::model::Site;
use vagval_core::pairwise::Judgment;
use vagval_core::plugin::{AlternativeView, CriterionView, DecisionView, WeightingSource};
use vagval_core::scale::label_value;
use vagval_lua::emit::{
    ScriptJudgment, ScriptSet, ScriptText, ScriptValue, ScriptWeights, write_group_script,
};
use vagval_lua::{GroupScript, Limits};

fn config() -> Config {
    Config {
        cases: std::env::var("PROPTEST_CASES")
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(96),
        failure_persistence: None,
        rng_seed: RngSeed::Fixed(2026),
        ..Config::default()
    }
}

/// Awkward text: the pieces Lua source could trip over, joined.
fn text() -> impl Strategy<Value = String> {
    let piece = prop::sample::select(vec![
        "a", "å", "ä", "ö", "Ö", "end", "return", "nil", "\"", "'", "\\", "\n", "\r", "\t", "]]",
        "[[", "--", "--[[", "[=[", "]=]", " ", "-", "_", "9", "”", "\u{1}", "\u{7f}", "x",
    ]);
    prop::collection::vec(piece, 1..8).prop_map(|parts| parts.concat())
}

/// `n` distinct ids of awkward text (a position suffix keeps them distinct).
fn ids(n: std::ops::Range<usize>) -> impl Strategy<Value = Vec<String>> {
    prop::collection::vec(text(), n).prop_map(|texts| {
        texts
            .into_iter()
            .enumerate()
            .map(|(i, t)| format!("{t}{i}"))
            .collect()
    })
}

/// A value of the scale from 1/9 to 9, fractions included, as a word or a
/// number (any number in the range, not only the scale's steps).
fn value() -> impl Strategy<Value = ScriptValue> {
    const WORDS: [&str; 9] = [
        "lika",
        "weak",
        "måttligt",
        "moderate plus",
        "starkt",
        "strong plus",
        "mycket starkt",
        "very very strong",
        "extremt",
    ];
    prop_oneof![
        prop::sample::select(WORDS.to_vec()).prop_map(|w| ScriptValue::Word(w.to_string())),
        (1u32..=9, any::<bool>()).prop_map(|(v, invert)| {
            let v = f64::from(v);
            ScriptValue::Number(if invert { 1.0 / v } else { v })
        }),
        (1.0 / 9.0..=9.0f64).prop_map(ScriptValue::Number),
    ]
}

/// The judgments of some pairs of `items` (the others skipped).
fn pairwise(items: Vec<String>) -> impl Strategy<Value = Vec<ScriptJudgment>> {
    let n = items.len();
    let pairs: Vec<(usize, usize)> = (0..n)
        .flat_map(|i| (i + 1..n).map(move |j| (i, j)))
        .collect();
    let count = pairs.len();
    (
        prop::collection::vec(any::<bool>(), count),
        prop::collection::vec(value(), count),
        prop::collection::vec(any::<bool>(), count),
        prop::collection::vec(prop::collection::vec(text(), 0..2), count),
    )
        .prop_map(move |(asked, values, swap, comments)| {
            pairs
                .iter()
                .zip(asked.iter().zip(values).zip(swap).zip(comments))
                .filter(|(_, (((asked, _), _), _))| **asked)
                .map(|(&(i, j), (((_, value), swap), comments))| {
                    let (a, b) = if swap { (j, i) } else { (i, j) };
                    ScriptJudgment {
                        first: items[a].clone(),
                        second: items[b].clone(),
                        value,
                        comments,
                    }
                })
                .collect()
        })
}

/// Direct weights of `items`: non-negative, not all zero.
fn direct(items: Vec<String>) -> impl Strategy<Value = Vec<(String, f64)>> {
    let n = items.len();
    prop::collection::vec(
        prop_oneof![Just(0.0), 0.0..100.0f64, (1u32..50).prop_map(f64::from)],
        n,
    )
    .prop_map(move |weights| {
        let mut weights: Vec<(String, f64)> = items.iter().cloned().zip(weights).collect();
        weights[0].1 += 1.0;
        weights
    })
}

fn weights(items: Vec<String>) -> impl Strategy<Value = ScriptWeights> {
    prop_oneof![
        pairwise(items.clone()).prop_map(ScriptWeights::Pairwise),
        direct(items).prop_map(ScriptWeights::Direct),
    ]
}

/// A workspace (top-level criteria, the first with sub-criteria, the
/// alternatives) and a script for it.
fn case() -> impl Strategy<Value = (DecisionView, ScriptText)> {
    (ids(2..5), ids(2..4), ids(2..4)).prop_flat_map(|(roots, children, alternatives)| {
        let roots: Vec<String> = roots.into_iter().map(|r| format!("r{r}")).collect();
        let children: Vec<String> = children.into_iter().map(|c| format!("c{c}")).collect();
        let view = view(&roots, &children, &alternatives);
        let leaf = children[0].clone();
        (
            Just(view),
            weights(roots.clone()),
            prop::option::of(weights(children.clone())),
            prop::option::of(pairwise(alternatives.clone())),
            text(),
            1u32..100,
            prop::collection::vec(text(), 0..3),
            prop::collection::vec(text(), 0..2),
        )
            .prop_map(
                move |(view, goal, sub, judged, name, seats, header, comments)| {
                    let mut sets = vec![ScriptSet {
                        key: "goal".to_string(),
                        comments: comments.clone(),
                        weights: goal,
                    }];
                    if let Some(sub) = sub {
                        sets.push(ScriptSet {
                            key: roots[0].clone(),
                            comments: comments.clone(),
                            weights: sub,
                        });
                    }
                    // The alternatives' judgments as the reader gives them
                    // (numbers): an empty list is no `pairwise` at all.
                    let alternatives = judged
                        .into_iter()
                        .filter(|j| !j.is_empty())
                        .map(|js| (leaf.clone(), js.iter().map(number_judgment).collect()))
                        .collect();
                    let script = ScriptText {
                        header,
                        name: format!("N{name}"),
                        seats: f64::from(seats),
                        sets,
                        alternatives_comments: comments,
                        alternatives,
                    };
                    (view, script)
                },
            )
    })
}

fn view(roots: &[String], children: &[String], alternatives: &[String]) -> DecisionView {
    let criterion = |id: &String, parent: Option<&String>, children: &[String]| CriterionView {
        id: id.clone(),
        name: id.clone(),
        parent: parent.cloned(),
        children: children.to_vec(),
        data: None,
    };
    let mut criteria = vec![criterion(&roots[0], None, children)];
    criteria.extend(children.iter().map(|c| criterion(c, Some(&roots[0]), &[])));
    criteria.extend(roots[1..].iter().map(|r| criterion(r, None, &[])));
    DecisionView {
        goal: "a goal".to_string(),
        alternatives: alternatives
            .iter()
            .map(|id| AlternativeView {
                id: id.clone(),
                name: id.clone(),
            })
            .collect(),
        criteria,
    }
}

fn number(value: &ScriptValue) -> f64 {
    match value {
        ScriptValue::Word(word) => label_value(word).expect("a word of the scale"),
        ScriptValue::Number(n) => *n,
    }
}

fn number_judgment(j: &ScriptJudgment) -> Judgment {
    Judgment::new(j.first.clone(), j.second.clone(), number(&j.value))
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn a_written_script_reads_back_to_the_same_group((view, script) in case()) {
        let source = write_group_script(&script);
        let spec = GroupScript::new("scripts/groups/g.lua", source.clone(), Limits::default())
            .group(&view);
        let spec = match spec {
            Ok(spec) => spec,
            Err(e) => return Err(TestCaseError::fail(format!("{e}\n{source}"))),
        };
        prop_assert_eq!(&spec.name, &script.name);
        prop_assert_eq!(spec.seats, script.seats);
        // The reader gives `goal` first, then the criteria by id; direct
        // weights by id.
        let expected: Vec<(Site, WeightsSpec)> = script
            .sets
            .iter()
            .map(|set| {
                let site = if set.key == "goal" {
                    Site::Goal
                } else {
                    Site::Weights(set.key.clone())
                };
                let weights = match &set.weights {
                    ScriptWeights::Pairwise(js) => {
                        WeightsSpec::Judgments(js.iter().map(number_judgment).collect())
                    }
                    ScriptWeights::Direct(ws) => {
                        let mut ws = ws.clone();
                        ws.sort_by(|a, b| a.0.cmp(&b.0));
                        WeightsSpec::Direct(ws)
                    }
                };
                (site, weights)
            })
            .collect();
        prop_assert_eq!(&spec.weights, &expected, "{}", source);
        prop_assert_eq!(&spec.assessments, &script.alternatives, "{}", source);
    }
}
