//! Hot path: priorities and consistency of one pairwise matrix, at the sizes
//! a decision uses (3 alternatives, 5–9 criteria) and beyond (15).

// A benchmark of fixed data: failing loudly is right.
#![allow(clippy::expect_used, clippy::needless_range_loop)]

use vagval_core::completion::CompletionMethod;
use vagval_core::consistency::RandomIndex;
use vagval_core::model::Site;
use vagval_core::pairwise::PairwiseMatrix;
use vagval_core::priority::PriorityMethod;

fn main() {
    divan::main();
}

/// A fixed inconsistent matrix: judgments cycle through Saaty's scale.
fn matrix(n: usize) -> PairwiseMatrix {
    let scale = [1.0, 2.0, 3.0, 5.0, 7.0, 9.0, 0.5, 1.0 / 3.0, 0.2, 1.0 / 7.0];
    let mut rows = vec![vec![Some(1.0); n]; n];
    let mut k = 0;
    for i in 0..n {
        for j in (i + 1)..n {
            let v = scale[k % scale.len()];
            rows[i][j] = Some(v);
            rows[j][i] = Some(1.0 / v);
            k += 1;
        }
    }
    let items: Vec<String> = (0..n).map(|i| i.to_string()).collect();
    PairwiseMatrix::from_rows(&items, &rows, &Site::Matrix).expect("a valid benchmark matrix")
}

#[divan::bench(args = [3, 5, 9, 15])]
fn eigenvector_and_cr(bencher: divan::Bencher, n: usize) {
    let m = matrix(n);
    bencher.bench(|| {
        vagval_core::analyze(
            divan::black_box(&m),
            PriorityMethod::Eigenvector,
            RandomIndex::Saaty1980,
            CompletionMethod::Harker,
            &Site::Matrix,
        )
    });
}

/// The numpy baseline's work (`bench_priorities.py np-power`): eigenvector,
/// λmax and CR only, without GCI, Koczkodaj or the judgments to revisit.
#[divan::bench(args = [3, 5, 9, 15])]
fn eigenvector_and_cr_only(bencher: divan::Bencher, n: usize) {
    let m = matrix(n);
    let dense = nalgebra::DMatrix::from_fn(n, n, |i, j| m.get(i, j).unwrap_or(1.0));
    bencher.bench(|| {
        let (lambda, w) =
            vagval_core::priority::principal_eigen(divan::black_box(&dense)).expect("converges");
        let ci = vagval_core::consistency::consistency_index(lambda, n);
        (
            w,
            vagval_core::consistency::consistency_ratio(ci, n, RandomIndex::Saaty1980),
        )
    });
}

#[divan::bench(args = [3, 5, 9, 15])]
fn geometric_and_cr(bencher: divan::Bencher, n: usize) {
    let m = matrix(n);
    bencher.bench(|| {
        vagval_core::analyze(
            divan::black_box(&m),
            PriorityMethod::Geometric,
            RandomIndex::Saaty1980,
            CompletionMethod::Harker,
            &Site::Matrix,
        )
    });
}
