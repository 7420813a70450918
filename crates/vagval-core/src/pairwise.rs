//! Pairwise comparison matrices: built from judgments or from rows, validated
//! (square, positive, reciprocal) and possibly incomplete.
//!
//! Orientation: the judgment `(a, b, 3)` means a is moderately more important
//! than (or preferred to) b; the matrix then holds a_ab = 3 and a_ba = 1/3.
//! Row i, column j = how much item i is preferred to item j (Saaty 1980).

use crate::model::Site;
use crate::{Error, JudgmentError, JudgmentErrorKind};
use nalgebra::DMatrix;

/// One comparison: `first` over `second` by `value` (> 1: first matters more).
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Judgment {
    pub first: String,
    pub second: String,
    pub value: f64,
}

impl Judgment {
    pub fn new(first: impl Into<String>, second: impl Into<String>, value: f64) -> Self {
        Judgment {
            first: first.into(),
            second: second.into(),
            value,
        }
    }
}

/// A positive reciprocal matrix whose off-diagonal entries may be missing.
/// Invariants: square, diagonal 1, every present entry positive and finite,
/// a_ji = 1/a_ij exactly, a pair is either present both ways or missing both ways.
#[derive(Debug, Clone, PartialEq)]
pub struct PairwiseMatrix {
    n: usize,
    entries: Vec<Option<f64>>,
}

/// Relative tolerance for reciprocity of typed-in matrices: 0.3333 against 3 passes,
/// 0.3 against 3 does not.
pub const RECIPROCITY_TOLERANCE: f64 = 0.01;

/// The largest judgment accepted (and its reciprocal the smallest). Far
/// beyond any real comparison, yet small enough that products along paths of
/// judgments stay within double precision.
pub const MAX_JUDGMENT: f64 = 1e9;

/// Whether `value` can be a judgment: positive, finite, within 1e-9 … 1e9.
pub fn in_range(value: f64) -> bool {
    value.is_finite() && (1.0 / MAX_JUDGMENT..=MAX_JUDGMENT).contains(&value)
}

impl PairwiseMatrix {
    /// An n × n matrix with only its diagonal known.
    fn empty(n: usize) -> Self {
        let mut entries = vec![None; n * n];
        for i in 0..n {
            entries[i * n + i] = Some(1.0);
        }
        PairwiseMatrix { n, entries }
    }

    fn set_pair(&mut self, i: usize, j: usize, value: f64) {
        self.entries[i * self.n + j] = Some(value);
        self.entries[j * self.n + i] = Some(1.0 / value);
    }

    /// Builds the matrix over `items` (ids, in the order the result keeps) from
    /// judgments that name items by id. Each unordered pair at most once.
    pub fn from_judgments<S: AsRef<str>>(
        items: &[S],
        judgments: &[Judgment],
        site: &Site,
    ) -> Result<Self, Error> {
        if items.is_empty() {
            return Err(Error::EmptyMatrix { site: site.clone() });
        }
        check_unique(items, site)?;
        let known = || {
            items
                .iter()
                .map(|s| format!("`{}`", s.as_ref()))
                .collect::<Vec<_>>()
                .join(", ")
        };
        let position = |id: &str| items.iter().position(|s| s.as_ref() == id);
        let mut matrix = PairwiseMatrix::empty(items.len());
        let mut first_seen: Vec<Option<usize>> = vec![None; items.len() * items.len()];
        for (index, judgment) in judgments.iter().enumerate() {
            let fail = |kind| Error::Judgment {
                site: site.clone(),
                source: JudgmentError { index, kind },
            };
            let i = position(&judgment.first).ok_or_else(|| {
                fail(JudgmentErrorKind::UnknownItem {
                    item: judgment.first.clone(),
                    known: known(),
                })
            })?;
            let j = position(&judgment.second).ok_or_else(|| {
                fail(JudgmentErrorKind::UnknownItem {
                    item: judgment.second.clone(),
                    known: known(),
                })
            })?;
            if !(judgment.value.is_finite() && judgment.value > 0.0) {
                return Err(fail(JudgmentErrorKind::NotPositiveFinite {
                    value: judgment.value,
                }));
            }
            if !in_range(judgment.value) {
                return Err(fail(JudgmentErrorKind::OutOfRange {
                    value: judgment.value,
                }));
            }
            if i == j {
                return Err(fail(JudgmentErrorKind::SelfComparison {
                    item: judgment.first.clone(),
                }));
            }
            let (lo, hi) = (i.min(j), i.max(j));
            if let Some(first) = first_seen[lo * matrix.n + hi] {
                let implied = matrix.entries[i * matrix.n + j].unwrap_or(f64::NAN);
                let kind = if ((implied - judgment.value) / judgment.value).abs() < 1e-9 {
                    JudgmentErrorKind::Duplicate {
                        a: judgment.first.clone(),
                        b: judgment.second.clone(),
                        first,
                    }
                } else {
                    JudgmentErrorKind::Contradictory {
                        a: judgment.first.clone(),
                        b: judgment.second.clone(),
                        first,
                        implied,
                        given: judgment.value,
                    }
                };
                return Err(fail(kind));
            }
            first_seen[lo * matrix.n + hi] = Some(index);
            matrix.set_pair(i, j, judgment.value);
        }
        matrix.check_connected(items, site)?;
        Ok(matrix)
    }

    /// Builds the matrix from rows, `None` meaning "not compared". The two
    /// entries of a pair must both be present or both missing, and reciprocal
    /// within [`RECIPROCITY_TOLERANCE`]; the entry ≥ 1 is kept exactly and the
    /// other set to its reciprocal (people type 3 and 0.3333).
    pub fn from_rows<S: AsRef<str>>(
        items: &[S],
        rows: &[Vec<Option<f64>>],
        site: &Site,
    ) -> Result<Self, Error> {
        let n = rows.len();
        if n == 0 {
            return Err(Error::EmptyMatrix { site: site.clone() });
        }
        check_unique(items, site)?;
        for (row, entries) in rows.iter().enumerate() {
            if entries.len() != n {
                return Err(Error::NotSquare {
                    site: site.clone(),
                    row,
                    len: entries.len(),
                    n,
                });
            }
            for (col, value) in entries.iter().enumerate() {
                if let Some(value) = *value
                    && !in_range(value)
                {
                    return Err(Error::BadEntry {
                        site: site.clone(),
                        row,
                        col,
                        value,
                    });
                }
            }
        }
        let mut matrix = PairwiseMatrix::empty(n);
        for i in 0..n {
            if let Some(value) = rows[i][i]
                && (value - 1.0).abs() > 1e-12
            {
                return Err(Error::BadDiagonal {
                    site: site.clone(),
                    index: i,
                    value,
                });
            }
            for j in (i + 1)..n {
                match (rows[i][j], rows[j][i]) {
                    (None, None) => {}
                    (Some(_), None) => {
                        return Err(Error::HalfMissing {
                            site: site.clone(),
                            row: j,
                            col: i,
                        });
                    }
                    (None, Some(_)) => {
                        return Err(Error::HalfMissing {
                            site: site.clone(),
                            row: i,
                            col: j,
                        });
                    }
                    (Some(a), Some(b)) => {
                        let product = a * b;
                        if (product - 1.0).abs() > RECIPROCITY_TOLERANCE {
                            return Err(Error::NotReciprocal {
                                site: site.clone(),
                                row: i,
                                col: j,
                                a,
                                b,
                                product,
                                expected: 1.0 / a,
                            });
                        }
                        if a >= 1.0 {
                            matrix.set_pair(i, j, a);
                        } else {
                            matrix.set_pair(j, i, b);
                        }
                    }
                }
            }
        }
        matrix.check_connected(items, site)?;
        Ok(matrix)
    }

    /// A complete matrix from a positive reciprocal dense matrix the crate
    /// computed itself (aggregates of valid matrices).
    pub(crate) fn from_dense(a: &DMatrix<f64>) -> Self {
        let n = a.nrows();
        let entries = (0..n * n).map(|k| Some(a[(k / n, k % n)])).collect();
        PairwiseMatrix { n, entries }
    }

    /// The matrix with one judgment replaced (or a gap filled), checked like
    /// any judgment; `items` are the matrix's items in order.
    pub fn with_judgment<S: AsRef<str>>(
        &self,
        items: &[S],
        judgment: &Judgment,
        site: &Site,
    ) -> Result<Self, Error> {
        // Re-using from_judgments' checks on a one-judgment list gives the
        // same messages as the files would.
        let position = |id: &str| items.iter().position(|s| s.as_ref() == id);
        let fail = |kind| Error::Judgment {
            site: site.clone(),
            source: JudgmentError { index: 0, kind },
        };
        let known = || {
            items
                .iter()
                .map(|s| format!("`{}`", s.as_ref()))
                .collect::<Vec<_>>()
                .join(", ")
        };
        let i = position(&judgment.first).ok_or_else(|| {
            fail(JudgmentErrorKind::UnknownItem {
                item: judgment.first.clone(),
                known: known(),
            })
        })?;
        let j = position(&judgment.second).ok_or_else(|| {
            fail(JudgmentErrorKind::UnknownItem {
                item: judgment.second.clone(),
                known: known(),
            })
        })?;
        if i == j {
            return Err(fail(JudgmentErrorKind::SelfComparison {
                item: judgment.first.clone(),
            }));
        }
        if !in_range(judgment.value) {
            return Err(fail(JudgmentErrorKind::OutOfRange {
                value: judgment.value,
            }));
        }
        let mut matrix = self.clone();
        matrix.set_pair(i, j, judgment.value);
        Ok(matrix)
    }

    /// The matrix of priority ratios w_i / w_j: perfectly consistent.
    pub fn consistent_from(weights: &[f64]) -> Self {
        let n = weights.len();
        let entries = (0..n * n)
            .map(|k| Some(weights[k / n] / weights[k % n]))
            .collect();
        PairwiseMatrix { n, entries }
    }

    pub fn n(&self) -> usize {
        self.n
    }

    /// a_ij, or `None` where the pair was not compared.
    pub fn get(&self, i: usize, j: usize) -> Option<f64> {
        self.entries[i * self.n + j]
    }

    pub fn is_complete(&self) -> bool {
        self.entries.iter().all(Option::is_some)
    }

    /// The pairs (i < j) that were not compared.
    pub fn missing_pairs(&self) -> Vec<(usize, usize)> {
        let mut pairs = Vec::new();
        for i in 0..self.n {
            for j in (i + 1)..self.n {
                if self.get(i, j).is_none() {
                    pairs.push((i, j));
                }
            }
        }
        pairs
    }

    /// The matrix with missing entries replaced by `fill(i, j)`.
    pub(crate) fn to_dense(&self, mut fill: impl FnMut(usize, usize) -> f64) -> DMatrix<f64> {
        DMatrix::from_fn(self.n, self.n, |i, j| {
            self.get(i, j).unwrap_or_else(|| fill(i, j))
        })
    }

    /// Groups of items connected by comparisons (union of the comparison graph).
    fn components(&self) -> Vec<usize> {
        let mut label: Vec<usize> = (0..self.n).collect();
        let mut changed = true;
        while changed {
            changed = false;
            for i in 0..self.n {
                for j in 0..self.n {
                    if self.get(i, j).is_some() && label[j] < label[i] {
                        label[i] = label[j];
                        changed = true;
                    }
                }
            }
        }
        label
    }

    fn check_connected<S: AsRef<str>>(&self, items: &[S], site: &Site) -> Result<(), Error> {
        let label = self.components();
        if label.iter().all(|&l| l == 0) {
            return Ok(());
        }
        let name = |i: usize| {
            items
                .get(i)
                .map(|s| format!("`{}`", s.as_ref()))
                .unwrap_or_else(|| format!("item {}", i + 1))
        };
        let reached: Vec<String> = (0..self.n).filter(|&i| label[i] == 0).map(name).collect();
        let unreached: Vec<String> = (0..self.n).filter(|&i| label[i] != 0).map(name).collect();
        Err(Error::Disconnected {
            site: site.clone(),
            reached: reached.join(", "),
            unreached: unreached.join(", "),
        })
    }
}

fn check_unique<S: AsRef<str>>(items: &[S], site: &Site) -> Result<(), Error> {
    for (i, item) in items.iter().enumerate() {
        if items[..i]
            .iter()
            .any(|other| other.as_ref() == item.as_ref())
        {
            return Err(Error::DuplicateItem {
                site: site.clone(),
                name: item.as_ref().to_string(),
            });
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site() -> Site {
        Site::Matrix
    }

    #[test]
    fn orientation_a_over_b() {
        let m =
            PairwiseMatrix::from_judgments(&["a", "b"], &[Judgment::new("a", "b", 3.0)], &site())
                .unwrap();
        assert_eq!(m.get(0, 1), Some(3.0));
        assert_eq!(m.get(1, 0), Some(1.0 / 3.0));
        let m =
            PairwiseMatrix::from_judgments(&["a", "b"], &[Judgment::new("b", "a", 3.0)], &site())
                .unwrap();
        assert_eq!(m.get(1, 0), Some(3.0));
    }

    #[test]
    fn judgment_errors_name_the_judgment() {
        let items = ["a", "b", "c"];
        let cases: Vec<(Vec<Judgment>, &str)> = vec![
            (vec![Judgment::new("a", "x", 3.0)], "`x` is not one of"),
            (vec![Judgment::new("a", "a", 3.0)], "compared with itself"),
            (vec![Judgment::new("a", "b", 0.0)], "not a positive finite"),
            (
                vec![Judgment::new("a", "b", f64::NAN)],
                "not a positive finite",
            ),
            (
                vec![Judgment::new("a", "b", 3.0), Judgment::new("b", "a", 3.0)],
                "contradictory",
            ),
            (
                vec![
                    Judgment::new("a", "b", 3.0),
                    Judgment::new("b", "a", 1.0 / 3.0),
                ],
                "compared twice",
            ),
            (vec![Judgment::new("a", "b", 3.0)], "cannot be reached"),
        ];
        for (judgments, expected) in cases {
            let err = PairwiseMatrix::from_judgments(&items, &judgments, &site())
                .unwrap_err()
                .to_string();
            assert!(err.contains(expected), "{err} should contain {expected}");
        }
    }

    #[test]
    fn rows_keep_the_entry_above_one() {
        let rows = vec![vec![Some(1.0), Some(0.3333)], vec![Some(3.0), Some(1.0)]];
        let m = PairwiseMatrix::from_rows(&["a", "b"], &rows, &site()).unwrap();
        assert_eq!(m.get(1, 0), Some(3.0));
        assert_eq!(m.get(0, 1), Some(1.0 / 3.0));
    }

    #[test]
    fn rows_refuse_bad_shapes() {
        let bad: Vec<(Vec<Vec<Option<f64>>>, &str)> = vec![
            (
                vec![vec![Some(1.0), Some(3.0)], vec![Some(3.0), Some(1.0)]],
                "not reciprocal",
            ),
            (
                vec![vec![Some(1.0), Some(3.0)], vec![None, Some(1.0)]],
                "missing",
            ),
            (
                vec![vec![Some(2.0), Some(3.0)], vec![Some(1.0 / 3.0), Some(1.0)]],
                "diagonal",
            ),
            (
                vec![
                    vec![Some(1.0), Some(-3.0)],
                    vec![Some(1.0 / 3.0), Some(1.0)],
                ],
                "positive finite",
            ),
            (
                vec![vec![Some(1.0)], vec![Some(1.0), Some(1.0)]],
                "is square",
            ),
            (vec![], "at least one item"),
        ];
        for (rows, expected) in bad {
            let items: Vec<String> = (0..rows.len()).map(|i| i.to_string()).collect();
            let err = PairwiseMatrix::from_rows(&items, &rows, &site())
                .unwrap_err()
                .to_string();
            assert!(err.contains(expected), "{err} should contain {expected}");
        }
    }
}
