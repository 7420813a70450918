//! Consistency of a pairwise matrix: CI and CR (Saaty 1980) against a
//! selectable random-index table, GCI (Aguarón & Moreno-Jiménez 2003),
//! Koczkodaj's index (Koczkodaj 1993), and the judgments to revisit.

use crate::scale::{SAATY_SCALE, nearest_on_scale};
use nalgebra::DMatrix;
use serde::Serialize;

/// The random index table used for CR = CI / RI(n). Every output names it,
/// because tools disagree here more than anywhere else.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Default)]
#[serde(rename_all = "kebab-case")]
pub enum RandomIndex {
    /// Saaty (1980), The Analytic Hierarchy Process, McGraw-Hill, p. 21,
    /// n = 1..10, extended to n = 15 with Saaty's later simulated values
    /// (1.51, 1.48, 1.56, 1.57, 1.59) as tabulated e.g. by pyDecision.
    #[default]
    Saaty1980,
    /// Saaty (2005), Theory and Applications of the Analytic Network
    /// Process, RWS Publications, p. 31 (n = 1..15); the same table is in
    /// Saaty & Tran (2007), Math. Comput. Modelling 46.
    Saaty2005,
    /// Alonso & Lamata (2006), "Consistency in the AHP: a new approach",
    /// Int. J. Uncertainty, Fuzziness & Knowledge-Based Systems 14(4), table 3.
    AlonsoLamata,
    /// Donegan & Dodd (1991), "A note on Saaty's random indexes",
    /// Math. Comput. Modelling 15(10); ahpy's default.
    DoneganDodd,
}

// Index 0 is n = 1.
const SAATY_1980: [f64; 15] = [
    0.0, 0.0, 0.58, 0.90, 1.12, 1.24, 1.32, 1.41, 1.45, 1.49, 1.51, 1.48, 1.56, 1.57, 1.59,
];
const SAATY_2005: [f64; 15] = [
    0.0, 0.0, 0.52, 0.89, 1.11, 1.25, 1.35, 1.40, 1.45, 1.49, 1.52, 1.54, 1.56, 1.58, 1.59,
];
const ALONSO_LAMATA: [f64; 15] = [
    0.0, 0.0, 0.5245, 0.8815, 1.1086, 1.2479, 1.3417, 1.4056, 1.4499, 1.4854, 1.5141, 1.5365,
    1.5551, 1.5713, 1.5838,
];
const DONEGAN_DODD: [f64; 15] = [
    0.0, 0.0, 0.4914, 0.8286, 1.0591, 1.1797, 1.2519, 1.3171, 1.3733, 1.4055, 1.4213, 1.4497,
    1.4643, 1.4822, 1.4969,
];

/// The CR threshold below which a matrix is acceptably consistent (Saaty 1980).
pub const CR_THRESHOLD: f64 = 0.10;

crate::choices!(RandomIndex {
    Saaty1980 => "saaty1980",
    Saaty2005 => "saaty2005",
    AlonsoLamata => "alonso-lamata",
    DoneganDodd => "donegan-dodd",
});

impl RandomIndex {
    pub fn citation(self) -> &'static str {
        match self {
            RandomIndex::Saaty1980 => "Saaty (1980), The Analytic Hierarchy Process",
            RandomIndex::Saaty2005 => "Saaty (2005), Theory and Applications of the ANP",
            RandomIndex::AlonsoLamata => "Alonso & Lamata (2006)",
            RandomIndex::DoneganDodd => "Donegan & Dodd (1991)",
        }
    }

    fn table(self) -> &'static [f64; 15] {
        match self {
            RandomIndex::Saaty1980 => &SAATY_1980,
            RandomIndex::Saaty2005 => &SAATY_2005,
            RandomIndex::AlonsoLamata => &ALONSO_LAMATA,
            RandomIndex::DoneganDodd => &DONEGAN_DODD,
        }
    }

    /// RI(n) and whether it was extrapolated. Beyond the table's end (n > 15)
    /// the last tabulated value is used: random indices rise ever more slowly
    /// towards a limit, so the last value slightly understates RI and so errs
    /// towards calling a matrix inconsistent, never the reverse.
    pub fn value(self, n: usize) -> (f64, bool) {
        let table = self.table();
        match n {
            0 => (0.0, false),
            n if n <= table.len() => (table[n - 1], false),
            _ => (table[table.len() - 1], true),
        }
    }
}

/// CI = (λmax − n)/(n − 1); 0 for n ≤ 2 (such matrices are always consistent).
/// Tiny negative values from rounding are clamped to 0.
pub fn consistency_index(lambda_max: f64, n: usize) -> f64 {
    if n <= 2 {
        return 0.0;
    }
    ((lambda_max - n as f64) / (n as f64 - 1.0)).max(0.0)
}

/// CR = CI / RI(n); 0 when n ≤ 2.
pub fn consistency_ratio(ci: f64, n: usize, ri: RandomIndex) -> f64 {
    let (ri_value, _) = ri.value(n);
    if n <= 2 || ri_value <= 0.0 {
        0.0
    } else {
        ci / ri_value
    }
}

/// Geometric consistency index (Aguarón & Moreno-Jiménez 2003):
/// GCI = 2 / ((n−1)(n−2)) · Σ_{i<j} ln²(a_ij · w_j / w_i), with w the row
/// geometric mean. 0 for n ≤ 2.
pub fn gci(a: &DMatrix<f64>, geometric_weights: &[f64]) -> f64 {
    let n = a.nrows();
    if n <= 2 {
        return 0.0;
    }
    let mut sum = 0.0;
    for i in 0..n {
        for j in (i + 1)..n {
            let e = (a[(i, j)] * geometric_weights[j] / geometric_weights[i]).ln();
            sum += e * e;
        }
    }
    2.0 * sum / ((n - 1) * (n - 2)) as f64
}

/// The GCI thresholds of Aguarón & Moreno-Jiménez (2003), equivalent to
/// CR = 0.10: 0.31 for n = 3, 0.35 for n = 4, 0.37 for n > 4.
pub fn gci_threshold(n: usize) -> Option<f64> {
    match n {
        0..=2 => None,
        3 => Some(0.31),
        4 => Some(0.35),
        _ => Some(0.37),
    }
}

/// Koczkodaj's inconsistency index (Koczkodaj 1993; Duszak & Koczkodaj 1994
/// for n > 3): the worst triad, max over i<j<k of
/// min(|1 − a_ik/(a_ij a_jk)|, |1 − a_ij a_jk / a_ik|). 0 for n ≤ 2.
pub fn koczkodaj(a: &DMatrix<f64>) -> f64 {
    let n = a.nrows();
    let mut worst: f64 = 0.0;
    for i in 0..n {
        for j in (i + 1)..n {
            for k in (j + 1)..n {
                let through = a[(i, j)] * a[(j, k)];
                let direct = a[(i, k)];
                let triad = (1.0 - direct / through)
                    .abs()
                    .min((1.0 - through / direct).abs());
                worst = worst.max(triad);
            }
        }
    }
    worst
}

/// A judgment that departs from what the priorities imply.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Revisit {
    /// Row and column (row < col is not guaranteed: the entry ≥ 1 is named).
    pub row: usize,
    pub col: usize,
    /// The judgment as given.
    pub value: f64,
    /// ε_ij = a_ij · w_j / w_i: 1 when the judgment agrees with the priorities.
    pub epsilon: f64,
    /// w_i / w_j: the value that would be perfectly consistent.
    pub consistent_value: f64,
    /// A value of Saaty's scale (1/9 … 9) that differs from `value` and lies
    /// towards `consistent_value`: the consistent value rounded to the scale
    /// (log-nearest), or, where that rounds back to the given value, the next
    /// scale value in the consistent value's direction.
    pub suggested: f64,
}

/// The value of Saaty's scale to suggest instead of `value` when the
/// priorities imply `consistent`: the log-nearest scale value to
/// `consistent` if it differs from `value` and lies on the consistent
/// value's side of it; else the first scale value beyond `value` on that
/// side; `None` where the scale ends there (9 given, more implied) or the
/// judgment already agrees.
pub fn suggestion(value: f64, consistent: f64) -> Option<f64> {
    // Scale values within this relative distance count as the given value.
    const SAME: f64 = 1e-6;
    let direction = (consistent / value).ln();
    if direction.abs() < SAME {
        return None;
    }
    let beyond = |s: f64| (s / value).ln() * direction.signum() > SAME;
    let nearest = nearest_on_scale(consistent);
    if beyond(nearest) {
        return Some(nearest);
    }
    SAATY_SCALE
        .iter()
        .copied()
        .filter(|&s| beyond(s))
        .min_by(|x, y| (x / value).ln().abs().total_cmp(&(y / value).ln().abs()))
}

/// The judgments to revisit, largest deviation |ln ε_ij| first (Saaty 2003:
/// the entry whose ε_ij = a_ij w_j / w_i is farthest from 1 contributes most
/// to λmax − n), one entry per compared pair (named by its entry ≥ 1). Only
/// judgments with a [`suggestion`] are listed, so no entry suggests the value
/// already given. `known(i, j)` tells which entries were judged (filled gaps
/// are not advice). Whether a matrix needs revisiting at all (CR above the
/// threshold) is the caller's decision: see [`crate::analyze`].
pub fn revisit(a: &DMatrix<f64>, w: &[f64], known: impl Fn(usize, usize) -> bool) -> Vec<Revisit> {
    let n = a.nrows();
    let mut list = Vec::new();
    for i in 0..n {
        for j in (i + 1)..n {
            if !known(i, j) {
                continue;
            }
            let (row, col) = if a[(i, j)] >= 1.0 { (i, j) } else { (j, i) };
            let value = a[(row, col)];
            let epsilon = value * w[col] / w[row];
            if epsilon.ln().abs() < 1e-9 {
                continue;
            }
            let consistent_value = w[row] / w[col];
            let Some(suggested) = suggestion(value, consistent_value) else {
                continue;
            };
            list.push(Revisit {
                row,
                col,
                value,
                epsilon,
                consistent_value,
                suggested,
            });
        }
    }
    list.sort_by(|x, y| {
        y.epsilon
            .ln()
            .abs()
            .total_cmp(&x.epsilon.ln().abs())
            .then((x.row, x.col).cmp(&(y.row, y.col)))
    });
    list
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_start_where_the_sources_start() {
        assert_eq!(RandomIndex::Saaty1980.value(3), (0.58, false));
        assert_eq!(RandomIndex::Saaty1980.value(10), (1.49, false));
        assert_eq!(RandomIndex::DoneganDodd.value(3), (0.4914, false));
        assert_eq!(RandomIndex::AlonsoLamata.value(4), (0.8815, false));
        assert_eq!(RandomIndex::Saaty2005.value(3), (0.52, false));
        assert_eq!(RandomIndex::Saaty1980.value(40), (1.59, true));
    }

    #[test]
    fn small_matrices_are_consistent_by_definition() {
        for ri in RandomIndex::ALL {
            assert_eq!(consistency_ratio(consistency_index(2.0, 2), 2, ri), 0.0);
            assert_eq!(consistency_ratio(0.0, 1, ri), 0.0);
        }
    }

    /// `suggestion(value, consistent)` against the expected scale value.
    fn check(value: f64, consistent: f64, expected: Option<f64>) {
        let got = suggestion(value, consistent);
        match (got, expected) {
            (Some(g), Some(e)) => assert!((g - e).abs() < 1e-12, "{value} → {consistent}: {g}"),
            _ => assert_eq!(got, expected, "{value} → {consistent}"),
        }
    }

    #[test]
    fn a_suggestion_differs_from_the_given_value_and_points_to_the_consistent_one() {
        // Rounded to the scale where that moves the judgment.
        check(3.0, 9.23, Some(9.0));
        check(7.0, 7.61, Some(8.0));
        check(2.0, 1.3, Some(1.0));
        check(1.0, 0.63, Some(0.5));
        // Rounding back to the given value: the next scale step instead.
        check(2.0, 1.78, Some(1.0));
        check(4.0, 3.49, Some(3.0));
        check(1.0, 1.36, Some(2.0));
        check(5.0, 5.2, Some(6.0));
        // A value off the scale: the step is on the consistent value's side.
        check(3.1, 3.2, Some(4.0));
        check(2.5, 2.4, Some(2.0));
        // The scale ends, or nothing to change.
        check(9.0, 14.15, None);
        check(1.0 / 9.0, 0.05, None);
        check(2.0, 2.0, None);
    }
}
