//! The judgments to revisit, tested by what they promise: a matrix that is
//! acceptably consistent gets no advice; every suggestion is a value of
//! Saaty's scale that differs from the given judgment and lies towards the
//! consistent value w_i/w_j; and applying the first suggestion lowers CR.
//!
//! The rule follows Saaty (2003), "Decision-making with the AHP: Why is the
//! principal eigenvector necessary", EJOR 145(1), §4: the judgment whose
//! ε_ij = a_ij w_j / w_i is farthest from 1 contributes most to λmax − n
//! (λmax = n + Σ_{i<j} (ε_ij + 1/ε_ij − 2)/n), and moving it towards w_i/w_j
//! improves consistency. Random matrices use proptest with a fixed seed.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
#![allow(clippy::needless_range_loop)]

mod common;

use common::{config, names, saaty_value};
use proptest::prelude::*;
use vagval_core::completion::CompletionMethod;
use vagval_core::consistency::{CR_THRESHOLD, RandomIndex};
use vagval_core::model::Site;
use vagval_core::priority::PriorityMethod;
use vagval_core::scale::SAATY_SCALE;
use vagval_core::{Judgment, MatrixAnalysis, PairwiseMatrix, analyze};

const METHODS: [PriorityMethod; 2] = [PriorityMethod::Eigenvector, PriorityMethod::Geometric];
const COMPLETIONS: [CompletionMethod; 2] = [CompletionMethod::Harker, CompletionMethod::Optimal];

/// A random matrix of order 3..=max_n on Saaty's scale, as judgments
/// (i < j), with `gaps` of them left out where `gaps` is true (keeping the
/// first row, so the judgments stay connected).
fn random_judgments(max_n: usize, gaps: bool) -> impl Strategy<Value = (usize, Vec<Judgment>)> {
    (3..=max_n).prop_flat_map(move |n| {
        let pairs = n * (n - 1) / 2;
        (
            prop::collection::vec(saaty_value(), pairs),
            prop::collection::vec(any::<bool>(), pairs),
        )
            .prop_map(move |(values, keep)| {
                let items = names(n);
                let mut judgments = Vec::new();
                let mut k = 0;
                for i in 0..n {
                    for j in (i + 1)..n {
                        if !gaps || i == 0 || keep[k] {
                            judgments.push(Judgment::new(&items[i], &items[j], values[k]));
                        }
                        k += 1;
                    }
                }
                (n, judgments)
            })
    })
}

fn analysis(
    matrix: &PairwiseMatrix,
    method: PriorityMethod,
    completion: CompletionMethod,
) -> MatrixAnalysis {
    analyze(
        matrix,
        method,
        RandomIndex::Saaty1980,
        completion,
        &Site::Matrix,
    )
    .expect("a valid matrix is analysed")
}

fn on_scale(value: f64) -> bool {
    SAATY_SCALE.iter().any(|s| (s / value).ln().abs() < 1e-9)
}

/// Every promise of the list for one matrix, and the first suggestion applied.
fn check(n: usize, judgments: &[Judgment], method: PriorityMethod, completion: CompletionMethod) {
    let items = names(n);
    let matrix = PairwiseMatrix::from_judgments(&items, judgments, &Site::Matrix).unwrap();
    let before = analysis(&matrix, method, completion);
    if before.cr <= CR_THRESHOLD {
        assert!(
            before.revisit.is_empty(),
            "CR {} is acceptable, yet {} judgment(s) listed",
            before.cr,
            before.revisit.len()
        );
        return;
    }
    for r in &before.revisit {
        assert!(on_scale(r.suggested), "{r:?}");
        assert!(
            (r.suggested / r.value).ln().abs() > 1e-6,
            "same value: {r:?}"
        );
        // Towards the consistent value: the change and the deviation agree in sign.
        assert!(
            (r.suggested / r.value).ln() * (r.consistent_value / r.value).ln() > 0.0,
            "wrong direction: {r:?}"
        );
        assert!(
            matrix.get(r.row, r.col).is_some(),
            "a filled gap listed: {r:?}"
        );
    }
    let Some(first) = before.revisit.first() else {
        return;
    };
    let changed = matrix
        .with_judgment(
            &items,
            &Judgment::new(&items[first.row], &items[first.col], first.suggested),
            &Site::Matrix,
        )
        .unwrap();
    let after = analysis(&changed, method, completion);
    assert!(
        after.cr < before.cr,
        "CR {} → {} after {first:?} ({method:?}, {completion:?})",
        before.cr,
        after.cr
    );
}

proptest! {
    #![proptest_config(config(300))]

    #[test]
    fn the_first_suggestion_lowers_cr_of_a_complete_matrix(
        (n, judgments) in random_judgments(9, false)
    ) {
        for method in METHODS {
            check(n, &judgments, method, CompletionMethod::Harker);
        }
    }
}

proptest! {
    // The optimal completion is slow in a debug build: fewer, smaller cases.
    #![proptest_config(config(40))]

    #[test]
    fn the_first_suggestion_lowers_cr_of_a_matrix_with_gaps(
        (n, judgments) in random_judgments(6, true)
    ) {
        for method in METHODS {
            for completion in COMPLETIONS {
                check(n, &judgments, method, completion);
            }
        }
    }
}
