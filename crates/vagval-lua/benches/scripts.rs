//! What a Lua script costs: one group script run (fresh state, run,
//! conversion to `GroupSpec`) and one `score` call of a loaded criterion
//! script: the ten-year cost of docs/lua-api.md, and the shipped
//! scripts/criteria/ten-year-cost.lua as Monte Carlo with `--data ranges`
//! calls it once per sample (inputs built as the sampler builds them), and
//! a batch of 32 samples in one call, as the sampler calls it now.

// A benchmark of scripts that must load: failing loudly is right (a bench
// that returned early would time nothing and say nothing).
#![allow(clippy::expect_used)]

use vagval_core::plugin::{
    AlternativeView, CriterionScorer, CriterionView, DecisionView, InputBatch, ScorerInputs,
    WeightingSource,
};
use vagval_lua::{CriterionScript, GroupScript, Limits};

fn main() {
    divan::main();
}

const GROUP: &str = r#"
return {
  name = "Lokal kontroll först",
  seats = 12,
  weights = {
    goal = pairwise {
      { "democracy", "cost", "strong" },
      { "democracy", "lock-in", 3 },
      { "cost", "lock-in", "1/3" },
    },
    cost = direct { ["cost-introduction"] = 1, ["cost-yearly"] = 3 },
  },
  alternatives = {
    democracy = pairwise {
      { "stay-alone", "join-hit", "mycket starkt" },
      { "stay-alone", "build-in-house", 1 },
      { "build-in-house", "join-hit", 4 },
    },
  },
}"#;

const TEN_YEAR_COST: &str = r#"
local years = 10
local discount_rate = 0.03
return function(inputs)
  local cost = {}
  for _, alternative in ipairs(decision.alternatives) do
    local id = alternative.id
    local total = inputs["one-off"][id]
    for year = 1, years do
      total = total + inputs["yearly"][id] / (1 + discount_rate) ^ year
    end
    cost[id] = total
  end
  return cost
end"#;

const ALTERNATIVES: [&str; 3] = ["stay-alone", "join-hit", "build-in-house"];

fn view() -> DecisionView {
    let criterion = |id: &str, parent: Option<&str>, children: &[&str]| CriterionView {
        id: id.to_string(),
        name: id.to_string(),
        parent: parent.map(str::to_string),
        children: children.iter().map(|c| c.to_string()).collect(),
        data: None,
    };
    DecisionView {
        goal: "Välj driftform".to_string(),
        alternatives: ALTERNATIVES
            .iter()
            .map(|id| AlternativeView {
                id: id.to_string(),
                name: id.to_string(),
            })
            .collect(),
        criteria: vec![
            criterion("democracy", None, &[]),
            criterion("cost", None, &["cost-introduction", "cost-yearly"]),
            criterion("cost-introduction", Some("cost"), &[]),
            criterion("cost-yearly", Some("cost"), &[]),
            criterion("lock-in", None, &[]),
        ],
    }
}

#[divan::bench]
fn group_script(bencher: divan::Bencher) {
    let decision = view();
    let mut script = GroupScript::new("lokal.lua", GROUP.to_string(), Limits::default());
    bencher.bench_local(|| script.group(divan::black_box(&decision)));
}

#[divan::bench]
fn criterion_score(bencher: divan::Bencher) {
    let alternatives: Vec<(String, String)> = ALTERNATIVES
        .iter()
        .map(|id| (id.to_string(), id.to_string()))
        .collect();
    let mut script = CriterionScript::load(
        "ten-year-cost.lua",
        TEN_YEAR_COST.to_string(),
        Limits::default(),
        "goal",
        &alternatives,
    )
    .expect("the documented script loads");
    let inputs = ScorerInputs {
        alternatives: ALTERNATIVES.iter().map(|id| id.to_string()).collect(),
        inputs: vec![
            ("one-off".to_string(), vec![0.0, 4500.0, 8500.0]),
            ("yearly".to_string(), vec![1000.0, 2035.0, 4800.0]),
        ],
    };
    bencher.bench_local(|| script.score(divan::black_box(&inputs)));
}

/// The Tranås workspace's scorer, as shipped.
const SHIPPED: &str = include_str!("../../../scripts/criteria/ten-year-cost.lua");

/// [`SHIPPED`] loaded for the Tranås alternatives.
fn shipped() -> CriterionScript {
    let alternatives: Vec<(String, String)> = ALTERNATIVES
        .iter()
        .map(|id| (id.to_string(), id.to_string()))
        .collect();
    CriterionScript::load(
        "scripts/criteria/ten-year-cost.lua",
        SHIPPED.to_string(),
        Limits::default(),
        "goal",
        &alternatives,
    )
    .expect("the shipped script loads")
}

#[divan::bench]
fn shipped_ten_year_cost_per_sample(bencher: divan::Bencher) {
    let mut script = shipped();
    let names = ["one-off", "yearly", "years"];
    let ids: Vec<String> = ALTERNATIVES.iter().map(|id| id.to_string()).collect();
    let mut sample = 0.0;
    bencher.bench_local(|| {
        // A new point each call, its inputs allocated as the sampler does.
        sample = (sample + 0.37) % 1.0;
        let inputs = ScorerInputs {
            alternatives: ids.clone(),
            inputs: vec![
                (
                    names[0].to_string(),
                    vec![2500.0 + 2000.0 * sample, 4500.0 + 16500.0 * sample, 8500.0],
                ),
                (
                    names[1].to_string(),
                    vec![2800.0 + 2200.0 * sample, 2035.0, 4800.0 + 4200.0 * sample],
                ),
                (names[2].to_string(), vec![10.0; 3]),
            ],
        };
        script.score(divan::black_box(&inputs))
    });
}

/// The shipped scorer as Monte Carlo calls it now: a batch of 32 samples
/// (one sampler batch, inputs flat as the sampler draws them) in one call;
/// divan's items/s is samples/s.
#[divan::bench]
fn shipped_ten_year_cost_per_batch(bencher: divan::Bencher) {
    const SAMPLES: usize = 32;
    let mut script = shipped();
    let names: Vec<String> = ["one-off", "yearly", "years"]
        .iter()
        .map(|name| name.to_string())
        .collect();
    let ids: Vec<String> = ALTERNATIVES.iter().map(|id| id.to_string()).collect();
    let mut values = Vec::with_capacity(SAMPLES * 9);
    let mut out = Vec::with_capacity(SAMPLES * 3);
    let mut sample = 0.0;
    bencher
        .counter(divan::counter::ItemsCount::new(SAMPLES))
        .bench_local(|| {
            values.clear();
            for _ in 0..SAMPLES {
                sample = (sample + 0.37) % 1.0;
                values.extend([
                    2500.0 + 2000.0 * sample,
                    4500.0 + 16500.0 * sample,
                    8500.0,
                    2800.0 + 2200.0 * sample,
                    2035.0,
                    4800.0 + 4200.0 * sample,
                    10.0,
                    10.0,
                    10.0,
                ]);
            }
            out.clear();
            let batch = InputBatch {
                alternatives: &ids,
                names: &names,
                values: &values,
                first: 0,
            };
            script
                .score_batch(divan::black_box(&batch), &mut out)
                .map(|()| out.len())
        });
}
