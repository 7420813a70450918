//! One pairwise matrix analysed: gaps completed, priorities, λmax, CI, CR,
//! GCI, Koczkodaj and the judgments to revisit, all in one result.

use crate::Error;
use crate::completion::{CompletionMethod, Filled, complete};
use crate::consistency::{self, RandomIndex, Revisit};
use crate::model::Site;
use crate::pairwise::PairwiseMatrix;
use crate::priority::{PriorityMethod, geometric_mean, principal_eigen};
use serde::Serialize;

/// Everything known about one matrix. Indices refer to the matrix's items.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MatrixAnalysis {
    pub n: usize,
    /// Priorities by `method`, positive, summing to 1.
    pub priorities: Vec<f64>,
    pub method: PriorityMethod,
    /// Principal eigenvalue of the (completed) matrix, whatever the method.
    pub lambda_max: f64,
    pub ci: f64,
    pub ri: f64,
    pub ri_table: RandomIndex,
    /// True when n is beyond the table and its last value was used.
    pub ri_extrapolated: bool,
    pub cr: f64,
    pub gci: f64,
    pub gci_threshold: Option<f64>,
    pub koczkodaj: f64,
    /// Judgments to revisit, largest deviation first (only judged pairs);
    /// empty unless CR is above the threshold (see [`consistency::revisit`]).
    pub revisit: Vec<Revisit>,
    /// Gaps and the values the completion filled in.
    pub completed: Vec<Filled>,
    pub completion: Option<CompletionMethod>,
    /// The complete matrix the numbers were computed from (row-major).
    pub matrix: Vec<Vec<f64>>,
}

impl MatrixAnalysis {
    /// CR above the 0.10 threshold (Saaty 1980).
    pub fn is_inconsistent(&self) -> bool {
        self.cr > consistency::CR_THRESHOLD
    }
}

/// Analyses `matrix`: gaps are completed by `completion`, priorities derived
/// by `method`, consistency measured against `ri`.
pub fn analyze(
    matrix: &PairwiseMatrix,
    method: PriorityMethod,
    ri: RandomIndex,
    completion: CompletionMethod,
    site: &Site,
) -> Result<MatrixAnalysis, Error> {
    let n = matrix.n();
    let not_converged = |e: crate::priority::NotConverged| Error::NotConverged {
        site: site.clone(),
        iterations: e.iterations,
    };
    let (dense, filled) = complete(matrix, completion).map_err(|e| e.at(site))?;
    let (lambda_max, eigenvector) = principal_eigen(&dense).map_err(not_converged)?;
    let geometric = geometric_mean(&dense);
    let priorities = method
        .derive(&dense, eigenvector, &geometric)
        .map_err(not_converged)?;
    let ci = consistency::consistency_index(lambda_max, n);
    let (ri_value, ri_extrapolated) = ri.value(n);
    let cr = consistency::consistency_ratio(ci, n, ri);
    // Advice only where it is needed: an acceptably consistent matrix has
    // no judgments to revisit.
    let revisit = if cr > consistency::CR_THRESHOLD {
        consistency::revisit(&dense, &priorities, |i, j| matrix.get(i, j).is_some())
    } else {
        Vec::new()
    };
    Ok(MatrixAnalysis {
        n,
        method,
        lambda_max,
        ci,
        ri: if n <= 2 { 0.0 } else { ri_value },
        ri_table: ri,
        ri_extrapolated,
        cr,
        gci: consistency::gci(&dense, &geometric),
        gci_threshold: consistency::gci_threshold(n),
        koczkodaj: consistency::koczkodaj(&dense),
        revisit,
        completion: if filled.is_empty() {
            None
        } else {
            Some(completion)
        },
        completed: filled,
        matrix: (0..n)
            .map(|i| (0..n).map(|j| dense[(i, j)]).collect())
            .collect(),
        priorities,
    })
}
