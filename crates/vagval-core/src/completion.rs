//! Completing a pairwise matrix with gaps.
//!
//! - Harker (1987), "Alternative modes of questioning in the analytic
//!   hierarchy process", Math. Modelling 9(3–5): a missing a_ij is replaced by
//!   0 and each diagonal entry by 1 + (number of gaps in its row). The
//!   principal eigenvector w of that matrix fills a_ij = w_i / w_j; the
//!   completed matrix has the same eigenvector and eigenvalue.
//! - Bozóki, Fülöp & Rónyai (2010), "On optimal completion of incomplete
//!   pairwise comparison matrices", Math. Comput. Modelling 52: the gaps are
//!   chosen to minimise λmax of the completed matrix. λmax is a convex
//!   function of the logarithms of the gaps (their theorem 2), so cyclic
//!   coordinate descent with a one-dimensional search converges to the
//!   minimum; we start it from Harker's completion.

use crate::Error;
use crate::model::Site;
use crate::pairwise::PairwiseMatrix;
use crate::priority::{NotConverged, principal_eigen};
use nalgebra::DMatrix;
use serde::Serialize;

/// How gaps in a pairwise matrix are filled.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Default)]
#[serde(rename_all = "kebab-case")]
pub enum CompletionMethod {
    /// Harker (1987).
    #[default]
    Harker,
    /// λmax-minimising completion, Bozóki, Fülöp & Rónyai (2010).
    Optimal,
}

crate::choices!(CompletionMethod {
    Harker => "harker",
    Optimal => "optimal",
});

/// A gap and the value it was filled with (row < col).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Filled {
    pub row: usize,
    pub col: usize,
    pub value: f64,
}

/// The largest gaps × items² for which λmax-optimal completion runs.
///
/// Coordinate descent visits every gap once per sweep, with a golden-section
/// search of ~55 eigenvector computations of an n × n matrix each, so a
/// sweep costs about gaps × n² × 55 × (power steps), and inconsistent
/// judgments need many sweeps. Measured (release build, 2 shared cores,
/// a chain of random judgments plus n/3 more): n = 10 with 33 gaps
/// (work 3 300) 0.8 s, n = 20 with 155 gaps (62 000) 10.7 s, n = 30
/// (330 000) 47 s, n = 40 (1 090 000) 148 s. The limit keeps a run under
/// about ten seconds; Harker's completion has no limit (one eigenvector).
pub const MAX_OPTIMAL_WORK: usize = 50_000;

/// Why a matrix could not be completed.
#[derive(Debug, Clone, PartialEq)]
pub enum CompletionError {
    NotConverged(NotConverged),
    /// λmax-optimal completion would exceed `MAX_OPTIMAL_WORK`.
    TooLarge {
        items: usize,
        gaps: usize,
        work: usize,
    },
}

impl From<NotConverged> for CompletionError {
    fn from(e: NotConverged) -> Self {
        CompletionError::NotConverged(e)
    }
}

impl CompletionError {
    /// The model error for the matrix at `site`.
    pub fn at(self, site: &Site) -> Error {
        match self {
            CompletionError::NotConverged(e) => Error::NotConverged {
                site: site.clone(),
                iterations: e.iterations,
            },
            CompletionError::TooLarge { items, gaps, work } => Error::CompletionTooLarge {
                site: site.clone(),
                items,
                gaps,
                work,
                limit: MAX_OPTIMAL_WORK,
            },
        }
    }
}

/// The matrix with every gap filled, and the list of what was filled.
/// A complete matrix is returned as it is. λmax-optimal completion is
/// refused, before any work, above `MAX_OPTIMAL_WORK`.
pub fn complete(
    matrix: &PairwiseMatrix,
    method: CompletionMethod,
) -> Result<(DMatrix<f64>, Vec<Filled>), CompletionError> {
    let gaps = matrix.missing_pairs();
    if gaps.is_empty() {
        return Ok((matrix.to_dense(|_, _| f64::NAN), Vec::new()));
    }
    let n = matrix.n();
    let work = gaps.len().saturating_mul(n.saturating_mul(n));
    if method == CompletionMethod::Optimal && work > MAX_OPTIMAL_WORK {
        return Err(CompletionError::TooLarge {
            items: n,
            gaps: gaps.len(),
            work,
        });
    }
    let mut completed = harker(matrix)?;
    if method == CompletionMethod::Optimal {
        completed = optimal(completed, &gaps)?;
    }
    let filled = gaps
        .iter()
        .map(|&(row, col)| Filled {
            row,
            col,
            value: completed[(row, col)],
        })
        .collect();
    Ok((completed, filled))
}

fn harker(matrix: &PairwiseMatrix) -> Result<DMatrix<f64>, NotConverged> {
    let n = matrix.n();
    let mut c = matrix.to_dense(|_, _| 0.0);
    for i in 0..n {
        let gaps = (0..n).filter(|&j| matrix.get(i, j).is_none()).count();
        c[(i, i)] = 1.0 + gaps as f64;
    }
    let (_, w) = principal_eigen(&c)?;
    Ok(matrix.to_dense(|i, j| w[i] / w[j]))
}

/// Sweeps of coordinate descent at most; each sweep visits every gap once.
const MAX_SWEEPS: usize = 100;

fn optimal(mut a: DMatrix<f64>, gaps: &[(usize, usize)]) -> Result<DMatrix<f64>, NotConverged> {
    // Search interval for ln(a_ij): a little wider than the largest ratio in
    // Harker's completion, which already spans every path of judgments.
    let bound = a.iter().map(|x| x.ln().abs()).fold(0.0, f64::max) + 9f64.ln() + 1.0;
    let mut lambda = principal_eigen(&a)?.0;
    for _sweep in 0..MAX_SWEEPS {
        let before = lambda;
        for &(i, j) in gaps {
            let start = a[(i, j)].ln();
            let mut objective = |x: f64| -> f64 {
                a[(i, j)] = x.exp();
                a[(j, i)] = (-x).exp();
                // A probe whose eigenvector does not settle is no minimum.
                principal_eigen(&a).map(|(l, _)| l).unwrap_or(f64::INFINITY)
            };
            let best = golden_section(&mut objective, start, bound);
            a[(i, j)] = best.exp();
            a[(j, i)] = (-best).exp();
            lambda = principal_eigen(&a)?.0;
        }
        if (before - lambda).abs() <= 1e-12 * lambda {
            break;
        }
    }
    Ok(a)
}

/// Minimum of a convex function on [−bound, bound], starting the bracket
/// around `start`; golden-section search to 1e-10.
fn golden_section(f: &mut impl FnMut(f64) -> f64, start: f64, bound: f64) -> f64 {
    let ratio = (5f64.sqrt() - 1.0) / 2.0;
    let half_width = bound.max(start.abs() + 1.0);
    let (mut lo, mut hi) = (-half_width, half_width);
    let mut x1 = hi - ratio * (hi - lo);
    let mut x2 = lo + ratio * (hi - lo);
    let mut f1 = f(x1);
    let mut f2 = f(x2);
    while hi - lo > 1e-10 {
        if f1 <= f2 {
            hi = x2;
            x2 = x1;
            f2 = f1;
            x1 = hi - ratio * (hi - lo);
            f1 = f(x1);
        } else {
            lo = x1;
            x1 = x2;
            f1 = f2;
            x2 = lo + ratio * (hi - lo);
            f2 = f(x2);
        }
    }
    let mid = (lo + hi) / 2.0;
    // Move only for a real improvement: λmax is flat near its minimum (it
    // changes with the square of the step), so below 1e-12 relative the
    // search cannot tell points apart and the start (Harker's value, exact
    // for consistent judgments) is the better answer.
    let (at_start, at_mid) = (f(start), f(mid));
    if at_mid < at_start - 1e-12 * at_start.abs() {
        mid
    } else {
        start
    }
}
