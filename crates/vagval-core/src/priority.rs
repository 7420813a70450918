//! Priority vectors of a complete positive reciprocal matrix.
//!
//! - Principal right eigenvector (Saaty 1980), by power iteration: a positive
//!   matrix has a simple dominant (Perron) eigenvalue, so the iteration
//!   converges; we stop when no component moves by more than 1e-12 and report
//!   failure to do so as an error. nalgebra has no eigenvectors for
//!   non-symmetric matrices, hence our own iteration.
//! - Row geometric mean (Crawford & Williams 1985), normalised to sum 1.

use nalgebra::DMatrix;
use serde::Serialize;

/// How priorities are derived from a pairwise matrix.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Default)]
#[serde(rename_all = "kebab-case")]
pub enum PriorityMethod {
    /// Principal right eigenvector (Saaty 1980).
    #[default]
    Eigenvector,
    /// Row geometric mean (Crawford & Williams 1985).
    Geometric,
}

impl PriorityMethod {
    pub fn name(self) -> &'static str {
        match self {
            PriorityMethod::Eigenvector => "eigenvector",
            PriorityMethod::Geometric => "geometric",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "eigenvector" => Some(PriorityMethod::Eigenvector),
            "geometric" | "geometric-mean" => Some(PriorityMethod::Geometric),
            _ => None,
        }
    }
}

/// Convergence tolerance of the power iteration (max-norm change of the
/// normalised vector between two steps).
pub const EIGEN_TOLERANCE: f64 = 1e-12;
/// Iterations allowed before the power iteration is declared not converged.
pub const EIGEN_MAX_ITERATIONS: usize = 100_000;

/// The power iteration did not converge.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct NotConverged {
    pub iterations: usize,
}

/// Principal eigenvalue and right eigenvector (normalised to sum 1) of a
/// non-negative irreducible matrix with a positive diagonal.
pub fn principal_eigen(a: &DMatrix<f64>) -> Result<(f64, Vec<f64>), NotConverged> {
    let n = a.nrows();
    if n == 0 {
        return Ok((0.0, Vec::new()));
    }
    // The geometric mean is close to the eigenvector for near-consistent
    // matrices and exact for consistent ones, so it is a good start.
    let mut w = geometric_mean(a);
    if w.iter().any(|x| !x.is_finite() || *x <= 0.0) {
        w = vec![1.0 / n as f64; n];
    }
    let mut next = vec![0.0; n];
    for _ in 0..EIGEN_MAX_ITERATIONS {
        let mut sum = 0.0;
        for (i, slot) in next.iter_mut().enumerate() {
            let mut acc = 0.0;
            for (j, wj) in w.iter().enumerate() {
                acc += a[(i, j)] * wj;
            }
            *slot = acc;
            sum += acc;
        }
        // With sum(w) = 1, sum(Aw) is the Rayleigh-like estimate of λmax.
        let lambda = sum;
        let mut change: f64 = 0.0;
        for (x, old) in next.iter_mut().zip(&w) {
            *x /= sum;
            change = change.max((*x - old).abs());
        }
        std::mem::swap(&mut w, &mut next);
        if change <= EIGEN_TOLERANCE {
            return Ok((lambda, w));
        }
    }
    Err(NotConverged {
        iterations: EIGEN_MAX_ITERATIONS,
    })
}

/// Row geometric means normalised to sum 1. Computed in logs so that large
/// matrices of large judgments do not overflow.
pub fn geometric_mean(a: &DMatrix<f64>) -> Vec<f64> {
    let n = a.nrows();
    let logs: Vec<f64> = (0..n)
        .map(|i| (0..n).map(|j| a[(i, j)].ln()).sum::<f64>() / n as f64)
        .collect();
    let max = logs.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let raw: Vec<f64> = logs.iter().map(|l| (l - max).exp()).collect();
    let sum: f64 = raw.iter().sum();
    raw.iter().map(|x| x / sum).collect()
}

/// λmax of a complete matrix for a given (positive, normalised) vector:
/// the mean of (Aw)_i / w_i, exact when w is the principal eigenvector.
pub fn lambda_for(a: &DMatrix<f64>, w: &[f64]) -> f64 {
    let n = a.nrows();
    (0..n)
        .map(|i| (0..n).map(|j| a[(i, j)] * w[j]).sum::<f64>() / w[i])
        .sum::<f64>()
        / n as f64
}
