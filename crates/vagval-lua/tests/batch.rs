//! A criterion script scores a batch of Monte Carlo samples in one call
//! (`CriterionScorer::score_batch`), with the limits of a call of its own
//! for each sample and the results, errors and fresh inputs of scoring
//! the samples one by one.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use vagval_core::plugin::{BatchError, CriterionScorer, InputBatch};
use vagval_lua::{CriterionScript, Error, Limits};

const SAMPLES: usize = 32;

fn alternatives() -> Vec<(String, String)> {
    ["stay-alone", "join-hit", "build-in-house"]
        .iter()
        .map(|id| (id.to_string(), id.to_uppercase()))
        .collect()
}

fn ids() -> Vec<String> {
    alternatives().into_iter().map(|(id, _)| id).collect()
}

fn names() -> Vec<String> {
    vec!["x".to_string(), "y".to_string()]
}

/// Sample k: x = (k, k + 0.5, k + 0.25), y = (1, 2, 3).
fn values() -> Vec<f64> {
    (0..SAMPLES)
        .flat_map(|k| {
            let k = k as f64;
            [k, k + 0.5, k + 0.25, 1.0, 2.0, 3.0]
        })
        .collect()
}

fn load(source: &str, limits: Limits) -> CriterionScript {
    CriterionScript::load(
        "scripts/criteria/batch.lua",
        source.to_string(),
        limits,
        "goal",
        &alternatives(),
    )
    .unwrap()
}

fn batch(script: &mut CriterionScript, values: &[f64]) -> Result<Vec<f64>, Error> {
    let (ids, names) = (ids(), names());
    let batch = InputBatch {
        alternatives: &ids,
        names: &names,
        values,
        first: 0,
    };
    let mut out = Vec::new();
    match script.score_batch(&batch, &mut out) {
        Ok(()) => Ok(out),
        Err(BatchError::Scorer(e)) => Err(e),
        Err(BatchError::BadValues { given }) => panic!("bad values: {given}"),
    }
}

/// Each sample one by one through `score`.
fn one_by_one(script: &mut CriterionScript, values: &[f64]) -> Result<Vec<f64>, Error> {
    let (ids, names) = (ids(), names());
    let batch = InputBatch {
        alternatives: &ids,
        names: &names,
        values,
        first: 0,
    };
    let mut out = Vec::new();
    for k in 0..batch.samples() {
        out.extend(script.score(&batch.inputs(k))?);
    }
    Ok(out)
}

const SUM: &str = r#"
return function(inputs)
  local out = {}
  for id, x in pairs(inputs.x) do out[id] = x * inputs.y[id] + 0.1 end
  return out
end"#;

#[test]
fn a_batch_gives_what_its_samples_give_one_by_one() {
    let mut script = load(SUM, Limits::default());
    let batched = batch(&mut script, &values()).unwrap();
    assert_eq!(batched.len(), 3 * SAMPLES);
    assert_eq!(batched, one_by_one(&mut script, &values()).unwrap());
    assert_eq!(batched[3 * 5..3 * 6], [5.1, 11.1, 15.85]);
}

#[test]
fn each_sample_of_a_batch_has_the_budget_of_a_call() {
    let limits = Limits {
        instructions: 1_000_000,
        ..Limits::default()
    };
    // Each sample uses about half the budget: the batch, 16 budgets.
    let source = r#"
return function(inputs)
  if inputs.x["stay-alone"] == 7 then while true do end end
  local x = 0
  for i = 1, 150000 do x = x + i end
  return { ["stay-alone"] = x, ["join-hit"] = 1, ["build-in-house"] = 1 }
end"#;
    let mut script = load(source, limits);
    let mut ok = values();
    ok[6 * 7] = -7.0;
    let scores = batch(&mut script, &ok).unwrap();
    assert!(
        scores
            .chunks(3)
            .all(|s| s == [150000.0 * 150001.0 / 2.0, 1.0, 1.0])
    );
    // An endless loop in sample 7 is stopped, at its line, within a budget.
    let started = std::time::Instant::now();
    let error = batch(&mut script, &values()).unwrap_err();
    assert!(
        matches!(error, Error::InstructionLimit { line: Some(3), .. }),
        "{error:?}"
    );
    assert!(started.elapsed().as_secs_f64() < 5.0);
    // And the next batch runs again, with its own budgets.
    assert_eq!(batch(&mut script, &ok).unwrap(), scores);
}

#[test]
fn an_error_in_one_sample_is_the_error_of_that_sample_alone() {
    let source = r#"
return function(inputs)
  local x = inputs.x["join-hit"]
  if x > 11 then
    error("too high: " .. x)
  end
  if x > 9 then return { ["stay-alone"] = 1 } end
  return { ["stay-alone"] = 1, ["join-hit"] = 2, ["build-in-house"] = 3 }
end"#;
    let mut script = load(source, Limits::default());
    // Sample 9 (x = 9.5) gives too few values before sample 11 raises.
    let error = batch(&mut script, &values()).unwrap_err();
    let alone = one_by_one(&mut script, &values()).unwrap_err();
    assert_eq!(error, alone);
    assert!(
        error
            .to_string()
            .contains("the result has no value for the alternative `join-hit`"),
        "{error}"
    );
    // Without it, sample 11 raises, at its line, with its message.
    let raising = source.replace("if x > 9 then", "if x > 99 then");
    let mut script = load(&raising, Limits::default());
    let error = batch(&mut script, &values()).unwrap_err();
    assert_eq!(error, one_by_one(&mut script, &values()).unwrap_err());
    let Error::Runtime {
        path,
        line,
        message,
        ..
    } = &error
    else {
        panic!("{error:?}");
    };
    assert_eq!(path.to_str(), Some("scripts/criteria/batch.lua"));
    assert_eq!(*line, Some(5));
    assert_eq!(message, "too high: 11.5");
}

#[test]
fn samples_of_a_batch_get_fresh_inputs() {
    // A script that changes its inputs, or keeps them, sees whole new
    // tables in the next sample.
    let source = r#"
local last
return function(inputs)
  assert(inputs ~= last and (last == nil or inputs.x ~= last.x), "the same tables")
  local value = inputs.x["stay-alone"]
  assert(inputs.y["join-hit"] == 2, "changed inputs")
  inputs.x = nil
  inputs.y["join-hit"] = -1
  last = inputs
  return { ["stay-alone"] = value, ["join-hit"] = 2, ["build-in-house"] = 3 }
end"#;
    let mut script = load(source, Limits::default());
    let scores = batch(&mut script, &values()).unwrap();
    let firsts: Vec<f64> = scores.chunks(3).map(|s| s[0]).collect();
    assert_eq!(firsts, (0..SAMPLES).map(|k| k as f64).collect::<Vec<_>>());
}

#[test]
fn a_sample_that_allocates_too_much_hits_the_memory_limit() {
    let limits = Limits {
        memory_bytes: 8 * 1024 * 1024,
        ..Limits::default()
    };
    let source = r#"
return function(inputs)
  local t = {}
  if inputs.x["stay-alone"] == 20 then
    for i = 1, 1e7 do t[i] = i end
  end
  return { ["stay-alone"] = 1, ["join-hit"] = 2, ["build-in-house"] = 3 }
end"#;
    let mut script = load(source, limits);
    let error = batch(&mut script, &values()).unwrap_err();
    assert!(matches!(error, Error::MemoryLimit { .. }), "{error:?}");
    // The state is still usable.
    let mut fine = values();
    fine[6 * 20] = 0.0;
    assert_eq!(batch(&mut script, &fine).unwrap().len(), 3 * SAMPLES);
}

#[test]
fn bad_results_in_a_batch_are_named_as_alone() {
    for result in [
        "{ ['stay-alone'] = 1, ['join-hit'] = 1/0, ['build-in-house'] = 3 }",
        "{ ['stay-alone'] = 1, ['join-hit'] = '2', ['build-in-house'] = 3 }",
        "{ ['stay-alone'] = 1, ['join-hit'] = 2, ['build-in-house'] = 3, extra = 4 }",
        "7",
    ] {
        let source = format!(
            "return function(inputs)\nif inputs.x['stay-alone'] == 30 then return {result} end\nreturn {{ ['stay-alone'] = 1, ['join-hit'] = 2, ['build-in-house'] = 3 }}\nend"
        );
        let mut script = load(&source, Limits::default());
        let error = batch(&mut script, &values()).unwrap_err();
        assert!(matches!(error, Error::Shape { .. }), "{error:?}");
        assert_eq!(error, one_by_one(&mut script, &values()).unwrap_err());
    }
}

#[test]
fn batches_of_many_alternatives_are_scored_too() {
    // Up to 64 alternatives the driver is written out for their number;
    // beyond, it loops over them.
    for m in [1, 64, 65, 150] {
        let alternatives: Vec<(String, String)> = (0..m)
            .map(|a| (format!("alt-{a}"), format!("Alt {a}")))
            .collect();
        let mut script = CriterionScript::load(
            "scripts/criteria/many.lua",
            SUM.to_string(),
            Limits::default(),
            "goal",
            &alternatives,
        )
        .unwrap();
        let ids: Vec<String> = alternatives.into_iter().map(|(id, _)| id).collect();
        let values: Vec<f64> = (0..SAMPLES)
            .flat_map(|k| (0..2 * m).map(move |i| (k * 1000 + i) as f64))
            .collect();
        let batch = InputBatch {
            alternatives: &ids,
            names: &names(),
            values: &values,
            first: 0,
        };
        let mut out = Vec::new();
        script.score_batch(&batch, &mut out).unwrap();
        let expected: Vec<f64> = (0..SAMPLES)
            .flat_map(|k| (0..m).map(move |a| ((k * 1000 + a) * (k * 1000 + m + a)) as f64 + 0.1))
            .collect();
        assert_eq!(out, expected, "{m}");
    }
}
