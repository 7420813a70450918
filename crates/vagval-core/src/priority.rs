//! Priority vectors of a complete positive reciprocal matrix.
//!
//! - Principal right eigenvector (Saaty 1980), by power iteration: a positive
//!   matrix has a simple dominant (Perron) eigenvalue, so the iteration
//!   converges; we stop when no component moves by more than 1e-12 (then
//!   polish while the steps shrink, down to rounding) and report
//!   failure to do so as an error. nalgebra has no eigenvectors for
//!   non-symmetric matrices, hence our own iteration.
//! - Row geometric mean (Crawford & Williams 1985), normalised to sum 1.
//! - Additive normalisation (Saaty 1980, the approximation of §1.3): each
//!   column divided by its sum, then the rows averaged. ahpsurvey's
//!   `ahp.indpref(method = "arithmetic")` and JMcDM's `ahp` compute this.
//!
//! A new method is written here alone: its function, a [`PriorityMethod`]
//! variant with its name in `choices!`, its arm in [`priorities`] (the one
//! dispatch) and in [`PriorityMethod::kernel`], where `None` (no batched
//! kernel) makes Monte Carlo derive each sample through [`priorities`],
//! only slower. `analyze` and SMAA ask this file and need no change; then
//! docs/methods.md (its description, the `--method` list) and the
//! `[defaults]` example of docs/workspace-format.md, which tests check
//! against the names. tests/methods.rs runs every method through analysis
//! and Monte Carlo.

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
    /// Column-normalised row mean (Saaty 1980's approximation).
    Additive,
}

// `geometric-mean` is read as `geometric` too.
crate::choices!(PriorityMethod {
    Eigenvector => "eigenvector",
    Geometric => "geometric" | "geometric-mean",
    Additive => "additive",
});

/// Convergence tolerance of the power iteration (max-norm change of the
/// normalised vector between two steps).
pub const EIGEN_TOLERANCE: f64 = 1e-12;

/// The power iteration did not converge.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct NotConverged {
    pub iterations: usize,
}

/// Power-iteration steps tried before switching to repeated squaring.
const POWER_STEPS: usize = 2_000;
/// Squarings allowed: A^(2^64) separates any eigenvalue gap a double can hold.
const MAX_SQUARINGS: usize = 64;

/// Principal eigenvalue and right eigenvector (normalised to sum 1) of a
/// non-negative irreducible matrix with a positive diagonal.
///
/// Power iteration first: pairwise matrices are positive and converge in a
/// few dozen steps. Sparse matrices (Harker's matrix of a sparsely judged
/// set) can have a second eigenvalue close to the first, where power
/// iteration crawls; then the matrix is squared repeatedly (A^2, A^4, …,
/// rescaled each time), whose columns converge to the eigenvector at the
/// squared rate, and power iteration polishes the result.
pub fn principal_eigen(a: &DMatrix<f64>) -> Result<(f64, Vec<f64>), NotConverged> {
    let n = a.nrows();
    if n == 0 {
        return Ok((0.0, Vec::new()));
    }
    // Uniform start: the first step gives the normalised row sums, which
    // are exact for consistent matrices; starting from the geometric mean
    // instead costs n² logarithms, more than the steps it saves.
    let mut w = vec![1.0 / n as f64; n];
    let rows = row_major(a);
    if let Some(result) = power_steps(&rows, &mut w, POWER_STEPS, 0.0) {
        return Ok(result);
    }
    // Other eigenvalues as large as the Perron root in modulus but pointing
    // elsewhere in the complex plane (−λ, ±iλ: judgments that go round in a
    // circle, 1e8 then 1e9 then 1e-9) keep plain power iteration turning for
    // ever. A + cI has the same eigenvectors, and with c near λmax the Perron
    // root λ+c stands well clear of every |λj + c|.
    let estimate: f64 = rows
        .chunks_exact(n)
        .map(|row| row.iter().zip(w.iter()).map(|(a, x)| a * x).sum::<f64>())
        .sum();
    if estimate.is_finite() && estimate > 0.0 {
        let mut shifted = vec![1.0 / n as f64; n];
        if let Some(result) = power_steps(&rows, &mut shifted, POWER_STEPS, estimate) {
            return Ok(result);
        }
    }
    let mut b = a.clone();
    for _ in 0..MAX_SQUARINGS {
        b = &b * &b;
        let max = b.max();
        if !(max.is_finite() && max > 0.0) {
            break;
        }
        b /= max;
        let column_sums: Vec<f64> = (0..n).map(|i| b.row(i).sum()).collect();
        let total: f64 = column_sums.iter().sum();
        if !(total.is_finite() && total > 0.0) {
            break;
        }
        let mut candidate: Vec<f64> = column_sums.iter().map(|x| x / total).collect();
        if let Some(result) = power_steps(&rows, &mut candidate, 3, 0.0) {
            return Ok(result);
        }
    }
    Err(NotConverged {
        iterations: POWER_STEPS + MAX_SQUARINGS,
    })
}

/// The matrix's entries row by row: the power step then runs over
/// contiguous slices (nalgebra stores columns), which the compiler vectorises.
fn row_major(a: &DMatrix<f64>) -> Vec<f64> {
    let n = a.nrows();
    (0..n * n).map(|k| a[(k / n, k % n)]).collect()
}

/// Up to `steps` power-iteration steps from `w` on the row-major matrix
/// `rows` shifted by `shift` (A + shift·I, the same eigenvectors); the
/// eigenpair of A once no component moves by more than [`EIGEN_TOLERANCE`].
fn power_steps(
    rows: &[f64],
    w: &mut Vec<f64>,
    steps: usize,
    shift: f64,
) -> Option<(f64, Vec<f64>)> {
    let n = w.len();
    let mut next = vec![0.0; n];
    for _ in 0..steps {
        let change = step(rows, w, &mut next, shift)?;
        std::mem::swap(w, &mut next);
        if change <= EIGEN_TOLERANCE {
            polish(rows, w, &mut next, shift, change);
            // λmax from the converged vector itself: the estimate from the
            // step before is only first-order accurate (off by ~1e-11),
            // enough noise to mislead the optimal completion's search.
            let lambda: f64 = rows
                .chunks_exact(n)
                .map(|row| row.iter().zip(w.iter()).map(|(a, x)| a * x).sum::<f64>())
                .sum();
            return Some((lambda, w.clone()));
        }
    }
    None
}

/// One power step: `next` = (A + shift·I) `w` normalised to sum 1, and the
/// largest change of a component; `None` where the sum is not positive and
/// finite.
fn step(rows: &[f64], w: &[f64], next: &mut [f64], shift: f64) -> Option<f64> {
    let n = w.len();
    let mut sum = 0.0;
    for (slot, row) in next.iter_mut().zip(rows.chunks_exact(n)) {
        let acc: f64 = row.iter().zip(w.iter()).map(|(a, x)| a * x).sum();
        *slot = acc;
        sum += acc;
    }
    // The shift is applied apart, so that the common unshifted step
    // keeps its tight loop.
    if shift != 0.0 {
        for (slot, own) in next.iter_mut().zip(w.iter()) {
            *slot += shift * own;
        }
        sum += shift * w.iter().sum::<f64>();
    }
    if !(sum.is_finite() && sum > 0.0) {
        return None;
    }
    let mut change: f64 = 0.0;
    for (x, old) in next.iter_mut().zip(w.iter()) {
        *x /= sum;
        change = change.max((*x - old).abs());
    }
    Some(change)
}

/// Steps at most taken by [`polish`].
const POLISH_STEPS: usize = 2_000;

/// More power steps after convergence, while the vector still moves less
/// at each step, down to rounding. A change of 1e-12 per step leaves an
/// error of 1e-12/(1 − |λ2/λ1|), up to 1e-10 for Harker's matrices of
/// sparse judgments; priorities equal in exact arithmetic then differed by
/// that much, enough for a sensitivity analysis to see a crossing at a
/// weight of 0.9999999998 where the lines meet at 1 (found by the issue 9
/// review's independent reimplementation).
fn polish(rows: &[f64], w: &mut [f64], next: &mut [f64], shift: f64, mut change: f64) {
    for _ in 0..POLISH_STEPS {
        if change <= 1e-17 {
            return;
        }
        let Some(moved) = step(rows, w, next, shift) else {
            return;
        };
        // Rounding reached: a step that does not move the vector less
        // than the one before is noise, and is not taken.
        if moved >= change {
            return;
        }
        w.copy_from_slice(next);
        change = moved;
    }
}

/// Row geometric means normalised to sum 1. Computed in logs so that large
/// matrices of large judgments do not overflow.
pub fn geometric_mean(a: &DMatrix<f64>) -> Vec<f64> {
    let n = a.nrows();
    let mut logs: Vec<[f64; 1]> = (0..n)
        .map(|i| [(0..n).map(|j| a[(i, j)].ln()).sum::<f64>()])
        .collect();
    geometric_from_log_sums(&mut logs);
    logs.into_iter().map(|[x]| x).collect()
}

/// Additive normalisation: every column divided by its sum, then the mean
/// of each row (Saaty 1980, §1.3, the approximation "normalise the columns
/// and average the rows"). Exact for consistent matrices (every normalised
/// column is then the priority vector itself); for inconsistent ones an
/// approximation of the eigenvector. The rows' means already sum to 1; the
/// final division only removes rounding.
pub fn additive(a: &DMatrix<f64>) -> Vec<f64> {
    // nalgebra stores a matrix column by column, as `additive_lanes` reads it.
    let (columns, _) = a.as_slice().as_chunks::<1>();
    let mut out = vec![[0.0]; a.nrows()];
    additive_lanes(columns, &mut out);
    out.into_iter().map(|[x]| x).collect()
}

/// The priorities of a complete matrix by `method`: the one place that
/// says what each method computes (analysis and SMAA's per-sample paths
/// call it).
pub fn priorities(method: PriorityMethod, a: &DMatrix<f64>) -> Result<Vec<f64>, NotConverged> {
    Ok(match method {
        PriorityMethod::Eigenvector => principal_eigen(a)?.1,
        PriorityMethod::Geometric => geometric_mean(a),
        PriorityMethod::Additive => additive(a),
    })
}

/// What the crate's faster paths know of a method: how SMAA's batched
/// sampling (`sensitivity::smaa`, many perturbed matrices at once) computes
/// it, and whether `analyze` already has its vector.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Kernel {
    /// The principal eigenvector: SMAA iterates the batch's matrices
    /// together, warm-started at the unperturbed priorities; `analyze`
    /// reuses the eigenvector it computes for λmax.
    Eigenvector,
    /// The row geometric mean: SMAA builds the rows' sums of logarithms from
    /// the judgments' logarithms and the (log-uniform) draws, then
    /// [`geometric_from_log_sums`]; `analyze` reuses the geometric mean it
    /// computes for the GCI.
    RowGeometricMean,
    /// The method's arithmetic over two lanes: two matrices of order
    /// n = `out.len()`, column by column (entry (i, j) at j·n + i), to
    /// their priorities in `out` (as [`additive_lanes`]).
    Lanes(fn(&[[f64; 2]], &mut [[f64; 2]])),
}

impl PriorityMethod {
    /// The method's batched kernel in SMAA. `None` is the fallback: each
    /// sample's matrix goes through [`priorities`] one at a time (the same
    /// numbers, only slower), so a new method works everywhere without a
    /// kernel.
    pub(crate) fn kernel(self) -> Option<Kernel> {
        match self {
            PriorityMethod::Eigenvector => Some(Kernel::Eigenvector),
            PriorityMethod::Geometric => Some(Kernel::RowGeometricMean),
            PriorityMethod::Additive => Some(Kernel::Lanes(additive_lanes::<2>)),
        }
    }

    /// The priorities of `a` by this method, given its principal
    /// `eigenvector` and row `geometric` mean, which an analysis computes
    /// anyway (for λmax and the GCI): the method that is one of them takes
    /// it rather than computing it again; any other is [`priorities`].
    pub fn derive(
        self,
        a: &DMatrix<f64>,
        eigenvector: Vec<f64>,
        geometric: &[f64],
    ) -> Result<Vec<f64>, NotConverged> {
        match self.kernel() {
            Some(Kernel::Eigenvector) => Ok(eigenvector),
            Some(Kernel::RowGeometricMean) => Ok(geometric.to_vec()),
            Some(Kernel::Lanes(_)) | None => priorities(self, a),
        }
    }
}

// The methods' arithmetic over `L` lanes: `L` matrices at once, each value
// an array of their `L` entries. [`additive`] and [`geometric_mean`] are the
// one-lane case; SMAA's batched kernels (`sensitivity::smaa`) call the same
// functions over many samples, so that both give the same numbers and a
// method is written once.

/// [`additive`] of `L` matrices of order n = `out.len()`: `columns` holds
/// entry (i, j) at j·n + i (column by column); the priorities go to `out`.
#[inline]
pub(crate) fn additive_lanes<const L: usize>(columns: &[[f64; L]], out: &mut [[f64; L]]) {
    let n = out.len();
    out.fill([0.0; L]);
    for column in columns.chunks_exact(n) {
        let mut sum = [0.0; L];
        for entry in column {
            for t in 0..L {
                sum[t] += entry[t];
            }
        }
        for (row, entry) in out.iter_mut().zip(column) {
            for t in 0..L {
                row[t] += entry[t] / sum[t];
            }
        }
    }
    for row in out.iter_mut() {
        for x in row.iter_mut() {
            *x /= n as f64;
        }
    }
    normalise_lanes(out);
}

/// [`geometric_mean`] of `L` matrices from their rows' sums of logarithms
/// Σ_j ln a_ij, in place: the logs' means, shifted so that the largest is 0
/// (no overflow), exponentiated and normalised.
#[inline]
pub(crate) fn geometric_from_log_sums<const L: usize>(logs: &mut [[f64; L]]) {
    let n = logs.len() as f64;
    let mut max = [f64::NEG_INFINITY; L];
    for row in logs.iter_mut() {
        for t in 0..L {
            row[t] /= n;
            max[t] = max[t].max(row[t]);
        }
    }
    for row in logs.iter_mut() {
        for t in 0..L {
            row[t] = (row[t] - max[t]).exp();
        }
    }
    normalise_lanes(logs);
}

/// Each lane divided by its sum over the rows.
#[inline]
fn normalise_lanes<const L: usize>(rows: &mut [[f64; L]]) {
    let mut sum = [0.0; L];
    for row in rows.iter() {
        for t in 0..L {
            sum[t] += row[t];
        }
    }
    for row in rows.iter_mut() {
        for t in 0..L {
            row[t] /= sum[t];
        }
    }
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
