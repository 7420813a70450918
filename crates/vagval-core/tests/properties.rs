//! Property tests of the core mathematics: priorities, λmax, consistency
//! indices, reciprocity, permutation invariance and whole-model synthesis.
//!
//! Matrices are random positive reciprocal matrices of order 1..=12 whose
//! judgments come either from Saaty's 1/9..9 scale or from arbitrary positive
//! values (10^-3..10^3). Case counts are modest so the suite runs in seconds;
//! `failure_persistence: None` keeps proptest from writing regression files.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
// Index loops over i < j read both triangles of a matrix.
#![allow(clippy::needless_range_loop)]

use nalgebra::DMatrix;
use rust_decimal::Decimal;
mod common;

use common::{config, names, saaty_value};
use proptest::prelude::*;
use vagval_core::assessment::{AssessmentSpec, WeightsSpec};
use vagval_core::completion::CompletionMethod;
use vagval_core::consistency::RandomIndex;
use vagval_core::hierarchy::CriterionSpec;
use vagval_core::model::{Alternative, CriterionInput, ModelSpec, Site};
use vagval_core::priority::PriorityMethod;
use vagval_core::quantity::Quantity;
use vagval_core::sensitivity::smaa::{DataSampling, SmaaOptions, WeightSampling, sample};
use vagval_core::settings::{Settings, SynthesisMode};
use vagval_core::value_function::{Direction, ValueFunction};
use vagval_core::{Judgment, MatrixAnalysis, Model, PairwiseMatrix, analyze, evaluate};

/// Every priority method, additive (Saaty 1980's approximation) included.
const METHODS: [PriorityMethod; PriorityMethod::ALL.len()] = PriorityMethod::ALL;

// ---------------------------------------------------------------- strategies

/// An arbitrary positive judgment, log-uniform in 10^-3 … 10^3.
fn arbitrary_value() -> impl Strategy<Value = f64> {
    (-3.0f64..3.0).prop_map(|e| 10f64.powf(e))
}

fn judgment_value() -> impl Strategy<Value = f64> {
    prop_oneof![saaty_value(), arbitrary_value()]
}

/// The upper triangle (row-major, i < j) of a random complete matrix of order n.
fn upper_triangle(n: usize) -> impl Strategy<Value = Vec<f64>> {
    prop::collection::vec(judgment_value(), n * (n.saturating_sub(1)) / 2)
}

/// A complete positive reciprocal matrix, as rows, of order 1..=max_n.
fn random_rows(max_n: usize) -> impl Strategy<Value = Vec<Vec<f64>>> {
    (1..=max_n).prop_flat_map(|n| upper_triangle(n).prop_map(move |upper| rows_from(n, &upper)))
}

fn rows_from(n: usize, upper: &[f64]) -> Vec<Vec<f64>> {
    let mut rows = vec![vec![1.0; n]; n];
    let mut k = 0;
    for i in 0..n {
        for j in (i + 1)..n {
            rows[i][j] = upper[k];
            rows[j][i] = 1.0 / upper[k];
            k += 1;
        }
    }
    rows
}

/// A positive weight vector of length 1..=max_n (log-uniform in 10^-2 … 10^2).
fn random_weights(max_n: usize) -> impl Strategy<Value = Vec<f64>> {
    prop::collection::vec((-2.0f64..2.0).prop_map(|e| 10f64.powf(e)), 1..=max_n)
}

// ---------------------------------------------------------------- helpers

fn from_rows(rows: &[Vec<f64>]) -> PairwiseMatrix {
    let rows: Vec<Vec<Option<f64>>> = rows
        .iter()
        .map(|r| r.iter().map(|&x| Some(x)).collect())
        .collect();
    PairwiseMatrix::from_rows(&names(rows.len()), &rows, &Site::Matrix)
        .expect("a random reciprocal matrix is valid")
}

fn run(m: &PairwiseMatrix, method: PriorityMethod, ri: RandomIndex) -> MatrixAnalysis {
    analyze(m, method, ri, CompletionMethod::Harker, &Site::Matrix).expect("analysis succeeds")
}

fn dense(m: &PairwiseMatrix) -> DMatrix<f64> {
    let n = m.n();
    DMatrix::from_fn(n, n, |i, j| m.get(i, j).expect("complete"))
}

/// λmax by an independent route: the largest real part among nalgebra's
/// (Schur-decomposition) eigenvalues. For a positive matrix the Perron root
/// is real and has the largest modulus, hence also the largest real part.
fn nalgebra_lambda_max(m: &PairwiseMatrix) -> f64 {
    dense(m)
        .complex_eigenvalues()
        .iter()
        .map(|c| c.re)
        .fold(f64::NEG_INFINITY, f64::max)
}

fn close(a: f64, b: f64, tol: f64) -> bool {
    (a - b).abs() <= tol
}

fn rel_close(a: f64, b: f64, tol: f64) -> bool {
    (a - b).abs() <= tol * a.abs().max(b.abs())
}

// ---------------------------------------------------------------- matrices

proptest! {
    #![proptest_config(config(96))]

    /// Both methods give positive priorities summing to 1; every index is finite.
    #[test]
    fn priorities_positive_and_normalised(rows in random_rows(12)) {
        let m = from_rows(&rows);
        for method in METHODS {
            let a = run(&m, method, RandomIndex::Saaty1980);
            prop_assert_eq!(a.priorities.len(), m.n());
            prop_assert!(a.priorities.iter().all(|&p| p > 0.0 && p.is_finite()), "{:?}", a.priorities);
            let sum: f64 = a.priorities.iter().sum();
            prop_assert!(close(sum, 1.0, 1e-9), "{method:?}: sum {sum}");
            prop_assert_eq!(a.method, method);
            for x in [a.lambda_max, a.ci, a.cr, a.gci, a.koczkodaj] {
                prop_assert!(x.is_finite() && x >= 0.0, "{x}");
            }
            prop_assert!(a.completed.is_empty());
            prop_assert!(a.completion.is_none());
        }
    }

    /// Built matrices are exactly (to the last bit or two) reciprocal with a
    /// unit diagonal, whether built from rows or from judgments, and the
    /// entry ≥ 1 of each typed pair is kept as typed.
    #[test]
    fn built_matrices_are_reciprocal(rows in random_rows(12)) {
        let n = rows.len();
        let m = from_rows(&rows);
        let items = names(n);
        let mut judgments = Vec::new();
        for i in 0..n {
            for j in (i + 1)..n {
                judgments.push(Judgment::new(items[i].clone(), items[j].clone(), rows[i][j]));
            }
        }
        let from_judgments = PairwiseMatrix::from_judgments(&items, &judgments, &Site::Matrix)
            .expect("valid judgments");
        for built in [&m, &from_judgments] {
            prop_assert!(built.is_complete());
            for i in 0..n {
                prop_assert_eq!(built.get(i, i), Some(1.0));
                for j in 0..n {
                    let (a, b) = (built.get(i, j).unwrap(), built.get(j, i).unwrap());
                    prop_assert!(close(a * b, 1.0, 4.0 * f64::EPSILON), "a_{i}{j} a_{j}{i} = {}", a * b);
                }
            }
        }
        for i in 0..n {
            for j in 0..n {
                if rows[i][j] >= 1.0 {
                    prop_assert_eq!(m.get(i, j), Some(rows[i][j]));
                }
                // from_judgments keeps each judgment's value as given and
                // sets the mirror entry to its reciprocal.
                let expected = match i.cmp(&j) {
                    std::cmp::Ordering::Less => rows[i][j],
                    std::cmp::Ordering::Greater => 1.0 / rows[j][i],
                    std::cmp::Ordering::Equal => 1.0,
                };
                prop_assert_eq!(from_judgments.get(i, j), Some(expected));
            }
        }
    }

    /// λmax ≥ n (Perron–Frobenius for positive reciprocal matrices, Saaty 1977),
    /// CI ≥ 0, and the reported eigenvector satisfies A w = λmax w.
    #[test]
    fn lambda_max_and_eigenvector(rows in random_rows(12)) {
        let m = from_rows(&rows);
        let n = m.n();
        let a = run(&m, PriorityMethod::Eigenvector, RandomIndex::Saaty1980);
        prop_assert!(a.lambda_max >= n as f64 - 1e-9, "λmax {} < n {}", a.lambda_max, n);
        for i in 0..n {
            let aw: f64 = (0..n).map(|j| a.matrix[i][j] * a.priorities[j]).sum();
            let lw = a.lambda_max * a.priorities[i];
            prop_assert!(rel_close(aw, lw, 1e-8), "row {i}: (Aw)_i = {aw}, λ w_i = {lw}");
        }
        // The matrix the numbers came from is the one given.
        for i in 0..n {
            for j in 0..n {
                prop_assert_eq!(Some(a.matrix[i][j]), m.get(i, j));
            }
        }
        // The geometric method reports the same λmax (principal eigenvalue
        // whatever the method).
        let g = run(&m, PriorityMethod::Geometric, RandomIndex::Saaty1980);
        prop_assert_eq!(g.lambda_max, a.lambda_max);
    }

    /// λmax agrees with an independent eigenvalue solver (nalgebra's Schur form).
    #[test]
    fn lambda_max_matches_nalgebra(rows in random_rows(12)) {
        let m = from_rows(&rows);
        let a = run(&m, PriorityMethod::Eigenvector, RandomIndex::Saaty1980);
        let reference = nalgebra_lambda_max(&m);
        prop_assert!(rel_close(a.lambda_max, reference, 1e-9), "power iteration {} vs nalgebra {}", a.lambda_max, reference);
    }

    /// CI = (λmax − n)/(n − 1) and CR = CI / RI(n); changing the RI table
    /// scales CR by the ratio of the tables' RI(n) and changes nothing else.
    #[test]
    fn cr_scales_with_the_ri_table(rows in random_rows(12)) {
        let m = from_rows(&rows);
        let n = m.n();
        let base = run(&m, PriorityMethod::Eigenvector, RandomIndex::Saaty1980);
        if n >= 3 {
            prop_assert!(close(base.ci, ((base.lambda_max - n as f64) / (n as f64 - 1.0)).max(0.0), 1e-12));
        } else {
            prop_assert_eq!(base.ci, 0.0);
            prop_assert_eq!(base.cr, 0.0);
        }
        for ri in RandomIndex::ALL {
            let other = run(&m, PriorityMethod::Eigenvector, ri);
            prop_assert_eq!(other.ri_table, ri);
            prop_assert_eq!(&other.priorities, &base.priorities);
            prop_assert_eq!(other.lambda_max, base.lambda_max);
            prop_assert_eq!(other.ci, base.ci);
            prop_assert_eq!(other.gci, base.gci);
            prop_assert_eq!(other.koczkodaj, base.koczkodaj);
            if n >= 3 {
                let (ri_base, _) = RandomIndex::Saaty1980.value(n);
                let (ri_other, _) = ri.value(n);
                prop_assert_eq!(other.ri, ri_other);
                prop_assert!(close(other.cr, other.ci / ri_other, 1e-12));
                prop_assert!(
                    close(other.cr * ri_other, base.cr * ri_base, 1e-12 * (1.0 + base.ci)),
                    "{ri:?}: CR {} × RI {} ≠ CR {} × RI {}", other.cr, ri_other, base.cr, ri_base
                );
            } else {
                prop_assert_eq!(other.cr, 0.0);
                prop_assert_eq!(other.ri, 0.0);
            }
        }
    }

    /// Relabelling the items permutes the analysis: priorities follow the
    /// items, and every permutation-invariant number stays put.
    #[test]
    fn permuting_items_permutes_priorities(
        (rows, perm) in random_rows(12).prop_flat_map(|rows| {
            let n = rows.len();
            (Just(rows), Just((0..n).collect::<Vec<usize>>()).prop_shuffle())
        })
    ) {
        let n = rows.len();
        // Permuted matrix: B[i][j] = A[perm[i]][perm[j]].
        let permuted: Vec<Vec<f64>> = (0..n)
            .map(|i| (0..n).map(|j| rows[perm[i]][perm[j]]).collect())
            .collect();
        let (m, p) = (from_rows(&rows), from_rows(&permuted));
        for method in METHODS {
            let a = run(&m, method, RandomIndex::Saaty1980);
            let b = run(&p, method, RandomIndex::Saaty1980);
            for i in 0..n {
                prop_assert!(
                    rel_close(b.priorities[i], a.priorities[perm[i]], 1e-9),
                    "{method:?}: item {} has {} unpermuted, {} permuted", perm[i], a.priorities[perm[i]], b.priorities[i]
                );
            }
            prop_assert!(rel_close(a.lambda_max, b.lambda_max, 1e-10));
            prop_assert!(close(a.cr, b.cr, 1e-9));
            prop_assert!(close(a.gci, b.gci, 1e-9));
            prop_assert!(close(a.koczkodaj, b.koczkodaj, 1e-9));
        }
    }

    /// A consistent matrix a_ij = w_i / w_j: λmax = n, CI = CR = GCI =
    /// Koczkodaj = 0, nothing to revisit, and both methods return w itself.
    #[test]
    fn consistent_matrices_return_their_weights(weights in random_weights(12)) {
        let m = PairwiseMatrix::consistent_from(&weights);
        let n = weights.len();
        prop_assert!(m.is_complete());
        let total: f64 = weights.iter().sum();
        for method in METHODS {
            for ri in RandomIndex::ALL {
                let a = run(&m, method, ri);
                prop_assert!(a.cr < 1e-9, "CR {}", a.cr);
                prop_assert!(a.ci < 1e-9, "CI {}", a.ci);
                prop_assert!(close(a.lambda_max, n as f64, 1e-9), "λmax {} for n {}", a.lambda_max, n);
                prop_assert!(a.gci < 1e-9, "GCI {}", a.gci);
                prop_assert!(a.koczkodaj < 1e-9, "Koczkodaj {}", a.koczkodaj);
                prop_assert!(!a.is_inconsistent());
                for (p, w) in a.priorities.iter().zip(&weights) {
                    prop_assert!(rel_close(*p, w / total, 1e-9), "{method:?}: {p} vs {}", w / total);
                }
            }
        }
        // consistent_from is reciprocal, too.
        for i in 0..n {
            for j in 0..n {
                prop_assert!(close(m.get(i, j).unwrap() * m.get(j, i).unwrap(), 1.0, 4.0 * f64::EPSILON));
            }
        }
    }

    /// Rescaling the weights does not change the consistent matrix's priorities.
    #[test]
    fn consistent_matrix_is_scale_free(weights in random_weights(8), scale in 1e-3f64..1e3) {
        let scaled: Vec<f64> = weights.iter().map(|w| w * scale).collect();
        let a = run(&PairwiseMatrix::consistent_from(&weights), PriorityMethod::Eigenvector, RandomIndex::Saaty1980);
        let b = run(&PairwiseMatrix::consistent_from(&scaled), PriorityMethod::Eigenvector, RandomIndex::Saaty1980);
        for (x, y) in a.priorities.iter().zip(&b.priorities) {
            prop_assert!(rel_close(*x, *y, 1e-9));
        }
    }

    /// For n ≤ 3 the eigenvector and the row geometric mean coincide
    /// (Crawford & Williams 1985), so both methods must agree there.
    #[test]
    fn methods_agree_up_to_three_items(rows in random_rows(3)) {
        let m = from_rows(&rows);
        let e = run(&m, PriorityMethod::Eigenvector, RandomIndex::Saaty1980);
        let g = run(&m, PriorityMethod::Geometric, RandomIndex::Saaty1980);
        for (x, y) in e.priorities.iter().zip(&g.priorities) {
            prop_assert!(rel_close(*x, *y, 1e-9), "{:?} vs {:?}", e.priorities, g.priorities);
        }
    }

    /// The revisit list names only judged pairs, by their entry ≥ 1, largest
    /// deviation first, and its ε agrees with the priorities.
    #[test]
    fn revisit_list_is_ordered_and_consistent(rows in random_rows(8)) {
        let m = from_rows(&rows);
        let a = run(&m, PriorityMethod::Eigenvector, RandomIndex::Saaty1980);
        let w = &a.priorities;
        let mut seen = std::collections::HashSet::new();
        for r in &a.revisit {
            prop_assert!(r.value >= 1.0);
            prop_assert_eq!(Some(r.value), m.get(r.row, r.col));
            prop_assert!(rel_close(r.epsilon, r.value * w[r.col] / w[r.row], 1e-12));
            prop_assert!(rel_close(r.consistent_value, w[r.row] / w[r.col], 1e-12));
            prop_assert!(seen.insert((r.row.min(r.col), r.row.max(r.col))), "pair listed twice");
        }
        for pair in a.revisit.windows(2) {
            prop_assert!(pair[0].epsilon.ln().abs() >= pair[1].epsilon.ln().abs());
        }
    }
}

// ---------------------------------------------------------------- whole models

/// A random small hierarchy: 2–4 top-level criteria, of which the first may
/// be split into 2–3 sub-criteria; 2–4 alternatives; every matrix complete and
/// judged on Saaty's scale.
#[derive(Debug, Clone)]
struct RandomModel {
    alternatives: usize,
    top: usize,
    subs: usize, // 0 = no sub-criteria
    goal: Vec<f64>,
    sub: Vec<f64>,
    leaves: Vec<Vec<f64>>,
}

fn random_model() -> impl Strategy<Value = RandomModel> {
    (
        2usize..=4,
        2usize..=4,
        prop_oneof![Just(0usize), 2usize..=3],
    )
        .prop_flat_map(|(alternatives, top, subs)| {
            let leaves = top - usize::from(subs > 0) + subs;
            (
                Just(alternatives),
                Just(top),
                Just(subs),
                prop::collection::vec(saaty_value(), top * (top - 1) / 2),
                prop::collection::vec(saaty_value(), subs * subs.saturating_sub(1) / 2),
                prop::collection::vec(
                    prop::collection::vec(saaty_value(), alternatives * (alternatives - 1) / 2),
                    leaves,
                ),
            )
                .prop_map(|(alternatives, top, subs, goal, sub, leaves)| RandomModel {
                    alternatives,
                    top,
                    subs,
                    goal,
                    sub,
                    leaves,
                })
        })
}

fn judgments_of(items: &[String], upper: &[f64]) -> Vec<Judgment> {
    let n = items.len();
    let mut out = Vec::new();
    let mut k = 0;
    for i in 0..n {
        for j in (i + 1)..n {
            out.push(Judgment::new(items[i].clone(), items[j].clone(), upper[k]));
            k += 1;
        }
    }
    out
}

fn criterion(id: &str, parent: Option<&str>) -> CriterionSpec {
    CriterionSpec {
        id: id.to_string(),
        name: id.to_string(),
        description: String::new(),
        parent: parent.map(str::to_string),
    }
}

fn build(r: &RandomModel) -> Model {
    Model::new(spec(r)).expect("random model is valid")
}

fn spec(r: &RandomModel) -> ModelSpec {
    let alternatives: Vec<String> = (0..r.alternatives).map(|a| format!("alt{a}")).collect();
    let top: Vec<String> = (0..r.top).map(|c| format!("c{c}")).collect();
    let subs: Vec<String> = (0..r.subs).map(|s| format!("c0_{s}")).collect();
    let mut criteria = Vec::new();
    let mut leaf_index = 0;
    let mut leaf = |id: &str, parent: Option<&str>| {
        let judgments = judgments_of(&alternatives, &r.leaves[leaf_index]);
        leaf_index += 1;
        CriterionInput {
            criterion: criterion(id, parent),
            weights: None,
            assessment: Some(AssessmentSpec::Pairwise(judgments)),
        }
    };
    for (k, id) in top.iter().enumerate() {
        if k == 0 && r.subs > 0 {
            criteria.push(CriterionInput {
                criterion: criterion(id, None),
                weights: Some(WeightsSpec::Judgments(judgments_of(&subs, &r.sub))),
                assessment: None,
            });
            for s in &subs {
                criteria.push(leaf(s, Some(id)));
            }
        } else {
            criteria.push(leaf(id, None));
        }
    }
    ModelSpec {
        goal: "random".to_string(),
        alternatives: alternatives
            .iter()
            .map(|id| Alternative {
                id: id.clone(),
                name: id.clone(),
                description: String::new(),
            })
            .collect(),
        criteria,
        goal_weights: Some(WeightsSpec::Judgments(judgments_of(&top, &r.goal))),
        rating_scales: Vec::new(),
    }
}

fn settings(mode: SynthesisMode, method: PriorityMethod) -> Settings {
    Settings {
        mode,
        method,
        ..Settings::default()
    }
}

proptest! {
    #![proptest_config(config(64))]

    /// In both synthesis modes and with both methods: scores positive and
    /// summing to 1, leaves' global weights summing to 1, global = product of
    /// local weights, contributions over the leaves adding up to each score
    /// (and a parent's contribution to its children's), ranks agreeing with
    /// the scores.
    #[test]
    fn model_synthesis_invariants(r in random_model()) {
        let model = build(&r);
        for mode in [SynthesisMode::Distributive, SynthesisMode::Ideal] {
            for method in METHODS {
                let e = evaluate(&model, &settings(mode, method)).expect("evaluates");
                let scores: Vec<f64> = e.alternatives.iter().map(|a| a.score).collect();
                prop_assert!(scores.iter().all(|s| *s > 0.0));
                prop_assert!(close(scores.iter().sum::<f64>(), 1.0, 1e-9), "{mode:?}: {scores:?}");

                let leaves: Vec<_> = e.criteria.iter().filter(|c| c.leaf.is_some()).collect();
                prop_assert_eq!(leaves.len(), r.leaves.len());
                let leaf_total: f64 = leaves.iter().map(|c| c.global_weight).sum();
                prop_assert!(close(leaf_total, 1.0, 1e-9), "leaves' global weights sum to {leaf_total}");
                let top_total: f64 = e.criteria.iter().filter(|c| c.depth == 0).map(|c| c.local_weight).sum();
                prop_assert!(close(top_total, 1.0, 1e-9));

                for c in &e.criteria {
                    let expected = match &c.parent {
                        None => c.local_weight,
                        Some(p) => {
                            let parent = e.criteria.iter().find(|x| &x.id == p).unwrap();
                            parent.global_weight * c.local_weight
                        }
                    };
                    prop_assert!(close(c.global_weight, expected, 1e-12));
                    if c.leaf.is_none() {
                        for a in 0..r.alternatives {
                            let children: f64 = e.criteria.iter()
                                .filter(|x| x.parent.as_deref() == Some(c.id.as_str()))
                                .map(|x| x.contributions[a]).sum();
                            prop_assert!(close(c.contributions[a], children, 1e-12));
                        }
                    }
                    if let Some(l) = &c.leaf {
                        let p = &l.priorities;
                        match mode {
                            SynthesisMode::Distributive => prop_assert!(close(p.iter().sum::<f64>(), 1.0, 1e-9)),
                            SynthesisMode::Ideal => prop_assert!(close(p.iter().copied().fold(0.0, f64::max), 1.0, 1e-12)),
                        }
                    }
                }
                for (a, alt) in e.alternatives.iter().enumerate() {
                    let sum: f64 = leaves.iter().map(|c| c.contributions[a]).sum();
                    prop_assert!(close(sum, alt.score, 1e-12), "{}: contributions {sum} vs score {}", alt.id, alt.score);
                }
                for x in &e.alternatives {
                    let better = e.alternatives.iter().filter(|y| y.score > x.score + 1e-12).count();
                    prop_assert_eq!(x.rank, better + 1);
                    for y in &e.alternatives {
                        if x.score > y.score + 1e-9 {
                            prop_assert!(x.rank < y.rank);
                        }
                    }
                }
                prop_assert!(e.alternatives.iter().any(|a| a.rank == 1));
            }
        }
    }

    /// With a single criterion the ideal mode only rescales one vector, so it
    /// gives the distributive scores themselves (after normalisation to sum 1)
    /// and hence the same order.
    #[test]
    fn single_criterion_modes_agree(
        alternatives in 2usize..=6,
        upper in prop::collection::vec(judgment_value(), 15),
    ) {
        let r = RandomModel {
            alternatives,
            top: 1,
            subs: 0,
            goal: Vec::new(),
            sub: Vec::new(),
            leaves: vec![upper[..alternatives * (alternatives - 1) / 2].to_vec()],
        };
        let model = build(&r);
        for method in METHODS {
            let d = evaluate(&model, &settings(SynthesisMode::Distributive, method)).unwrap();
            let i = evaluate(&model, &settings(SynthesisMode::Ideal, method)).unwrap();
            for (x, y) in d.alternatives.iter().zip(&i.alternatives) {
                prop_assert!(close(x.score, y.score, 1e-12), "{} vs {}", x.score, y.score);
                prop_assert_eq!(x.rank, y.rank);
            }
        }
    }
}

/// Distributive and ideal synthesis can rank the same alternatives
/// differently, with nothing added or removed: the ideal mode divides each
/// criterion's priorities by that criterion's best, which re-weights the
/// criteria (Belton & Gear 1983; Millet & Saaty 2000, EJOR 121, "On the
/// relativity of relative measures", which is why Expert Choice offers both
/// modes). So the property suite does NOT assert that the modes agree on
/// rank; this example pins the phenomenon down.
///
/// Two equally weighted criteria, three alternatives, consistent judgments:
/// c1: A .34, B .33, C .33; c2: A .10, B .12, C .78.
/// Distributive: A .220 < B .225. Ideal: A (1 + .1282) > B (.9706 + .1538).
#[test]
fn distributive_and_ideal_can_rank_differently() {
    let alts = ["A", "B", "C"];
    let consistent = |p: [f64; 3]| {
        vec![
            Judgment::new("A", "B", p[0] / p[1]),
            Judgment::new("A", "C", p[0] / p[2]),
            Judgment::new("B", "C", p[1] / p[2]),
        ]
    };
    let leaf = |id: &str, p: [f64; 3]| CriterionInput {
        criterion: criterion(id, None),
        weights: None,
        assessment: Some(AssessmentSpec::Pairwise(consistent(p))),
    };
    let model = Model::new(ModelSpec {
        goal: "modes".into(),
        alternatives: alts
            .iter()
            .map(|a| Alternative {
                id: a.to_string(),
                name: a.to_string(),
                description: String::new(),
            })
            .collect(),
        criteria: vec![
            leaf("c1", [0.34, 0.33, 0.33]),
            leaf("c2", [0.10, 0.12, 0.78]),
        ],
        goal_weights: Some(WeightsSpec::Judgments(vec![Judgment::new("c1", "c2", 1.0)])),
        rating_scales: Vec::new(),
    })
    .unwrap();
    let d = evaluate(
        &model,
        &settings(SynthesisMode::Distributive, PriorityMethod::Eigenvector),
    )
    .unwrap();
    let i = evaluate(
        &model,
        &settings(SynthesisMode::Ideal, PriorityMethod::Eigenvector),
    )
    .unwrap();
    let (da, db) = (d.alternatives[0].score, d.alternatives[1].score);
    let (ia, ib) = (i.alternatives[0].score, i.alternatives[1].score);
    assert!(close(da, 0.22, 1e-9) && close(db, 0.225, 1e-9), "{da} {db}");
    assert!(da < db, "distributive: B ahead of A");
    assert!(ia > ib, "ideal: A ahead of B ({ia} vs {ib})");
    assert!(d.alternatives[0].rank > d.alternatives[1].rank);
    assert!(i.alternatives[0].rank < i.alternatives[1].rank);
}

/// One- and two-item matrices: always consistent, priorities in closed form.
#[test]
fn trivial_matrices() {
    let one = PairwiseMatrix::from_rows(&["only"], &[vec![Some(1.0)]], &Site::Matrix).unwrap();
    for method in METHODS {
        let a = run(&one, method, RandomIndex::Saaty1980);
        assert_eq!(a.priorities, vec![1.0]);
        assert!(close(a.lambda_max, 1.0, 1e-12));
        assert_eq!((a.ci, a.cr, a.gci, a.koczkodaj), (0.0, 0.0, 0.0, 0.0));
        assert!(a.revisit.is_empty());
    }
    // n = 2: any judgment is consistent; priorities are v/(1+v), 1/(1+v).
    let two =
        PairwiseMatrix::from_judgments(&["a", "b"], &[Judgment::new("a", "b", 7.0)], &Site::Matrix)
            .unwrap();
    for method in METHODS {
        let a = run(&two, method, RandomIndex::Saaty1980);
        assert!(
            close(a.priorities[0], 7.0 / 8.0, 1e-12),
            "{:?}",
            a.priorities
        );
        assert!(close(a.lambda_max, 2.0, 1e-12));
        assert_eq!(a.cr, 0.0);
        assert!(a.gci_threshold.is_none());
    }
}

/// Judgments that go round in a circle at the scale's extremes (A ≫ B ≫ C ≫
/// D ≫ A) give eigenvalues as large in modulus as the Perron root but
/// pointing elsewhere (−λ, ±iλ). Plain power iteration turns for ever on
/// them; the eigenvector must still be found, and be the Perron vector.
#[test]
fn circular_extreme_judgments_still_give_the_perron_vector() {
    use nalgebra::DMatrix;
    let rows = [
        [1.0, 1e8, 1.0 / 9.0, 1e-8],
        [1e-8, 1.0, 1e9, 1.0 / 9.0],
        [9.0, 1e-9, 1.0, 1e9],
        [1e8, 9.0, 1e-9, 1.0],
    ];
    let a = DMatrix::from_fn(4, 4, |i, j| rows[i][j]);
    let (lambda, w) = vagval_core::priority::principal_eigen(&a)
        .unwrap_or_else(|e| panic!("did not converge: {e:?}"));
    // The Perron root is the largest real eigenvalue (nalgebra's Schur form).
    let perron = a
        .clone()
        .complex_eigenvalues()
        .iter()
        .filter(|z| z.im.abs() < 1e-6 * z.re.abs().max(1.0))
        .map(|z| z.re)
        .fold(f64::NEG_INFINITY, f64::max);
    assert!(
        ((lambda - perron) / perron).abs() < 1e-9,
        "λ {lambda} against {perron}"
    );
    assert!((w.iter().sum::<f64>() - 1.0).abs() < 1e-12);
    assert!(w.iter().all(|x| *x > 0.0), "{w:?}");
    for i in 0..4 {
        let aw: f64 = (0..4).map(|j| a[(i, j)] * w[j]).sum();
        assert!(
            ((aw - lambda * w[i]) / (lambda * w[i])).abs() < 1e-9,
            "row {i}: (Aw)_i = {aw}, λ w_i = {}",
            lambda * w[i]
        );
    }
}

// ---------------------------------------------------------------- SMAA

/// `r`'s model with its last leaf's data instead of judgments: each
/// alternative's value `values[a]` (thousandths) as a range 1e-12 wide.
fn with_narrow_data(r: &RandomModel, values: &[i64]) -> Model {
    let mut spec = spec(r);
    let alternatives: Vec<String> = spec.alternatives.iter().map(|a| a.id.clone()).collect();
    let last = spec.criteria.last_mut().expect("a leaf");
    last.assessment = Some(AssessmentSpec::Data {
        unit: None,
        values: alternatives
            .into_iter()
            .zip(values)
            .map(|(id, &v)| {
                let low = Decimal::new(v, 3);
                let range = Quantity::range(low, low + Decimal::new(1, 12)).expect("low < high");
                (id, range)
            })
            .collect(),
        function: ValueFunction::Linear {
            direction: Direction::HigherIsBetter,
            lower: Some(Decimal::ZERO),
            upper: Some(Decimal::from(1000)),
        },
    });
    Model::new(spec).expect("random model with data is valid")
}

proptest! {
    #![proptest_config(config(64))]

    /// A vanishing spread reproduces `evaluate`: with every judgment
    /// perturbed within a factor 1 + 1e-12 and every data range 1e-12 wide,
    /// any sample's leaf weights and scores (rescaled to sum 1, as
    /// `evaluate`'s) are `evaluate`'s to 1e-9, in both synthesis modes and
    /// with every priority method, each through its batched SMAA kernel.
    #[test]
    fn a_vanishing_spread_reproduces_evaluate(
        r in random_model(),
        values in prop::collection::vec(1i64..999_000, 4),
        seed in any::<u64>(),
        index in 0u64..1_000,
    ) {
        let model = with_narrow_data(&r, &values);
        let options = SmaaOptions {
            samples: 1_000,
            seed,
            weights: WeightSampling::PerturbJudgments { spread: 1.0 + 1e-12 },
            data: DataSampling::Ranges,
        };
        for mode in [SynthesisMode::Distributive, SynthesisMode::Ideal] {
            for method in METHODS {
                let settings = settings(mode, method);
                let e = evaluate(&model, &settings).expect("evaluates");
                let s = sample(&model, &settings, &options, index).expect("samples");
                let leaves: Vec<f64> = e.criteria.iter()
                    .filter(|c| c.leaf.is_some())
                    .map(|c| c.global_weight)
                    .collect();
                prop_assert_eq!(s.weights.len(), leaves.len());
                for (x, y) in s.weights.iter().zip(&leaves) {
                    prop_assert!(close(*x, *y, 1e-9), "{mode:?} {method:?}: weight {x} vs {y}");
                }
                let total: f64 = s.scores.iter().sum();
                for (x, alt) in s.scores.iter().zip(&e.alternatives) {
                    prop_assert!(close(x / total, alt.score, 1e-9),
                        "{mode:?} {method:?}: score {} vs {}", x / total, alt.score);
                }
            }
        }
    }
}
