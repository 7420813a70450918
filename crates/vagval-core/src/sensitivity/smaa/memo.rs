//! The scripted criteria's results of the first pass of a run, kept for the
//! second: the confidence pass draws every sample's data again with the
//! same stream, so a scorer (deterministic in its inputs, as
//! [`crate::plugin::CriterionScorer`] requires) would be called again with
//! the very same inputs. A sample's inputs are a function of its index in
//! the run ([`InputBatch::first`]), so the results are kept by sample
//! index, in one flat array (no hashing, no allocation per sample), each
//! with a hash of its inputs that a replay checks; bounded in memory.

use super::streams::mix;
use super::{Scorer, ScorerFactory};
use crate::PluginError;
use crate::plugin::{BatchError, CriterionScorer, InputBatch, ScorerInputs};
use std::sync::{Arc, Mutex, PoisonError};

/// The most memory the kept results of one run may take, about: beyond it
/// the samples of the lower indices are kept (the same ones for any thread
/// count) and the others are scored again.
const MEMO_BYTES: usize = 64 * 1024 * 1024;

/// One criterion's kept results: sample i's at `i * (1 + m)`, the hash of
/// its inputs (odd; 0 where nothing is kept) then its m values' bits.
#[derive(Clone)]
struct Kept {
    m: usize,
    rows: Vec<u64>,
}

impl Kept {
    /// The kept values of sample `index` whose inputs are `key`.
    fn get(&self, index: u64, key: &[f64]) -> Option<&[u64]> {
        let size = 1 + self.m;
        let start = usize::try_from(index).ok()?.checked_mul(size)?;
        let row = self.rows.get(start..start + size)?;
        (row[0] == hash(key)).then(|| &row[1..])
    }
}

/// Each scripted criterion's kept results, by criterion id.
pub(super) struct Memo {
    /// While the first pass records.
    recording: Vec<(String, Arc<Mutex<Kept>>)>,
}

impl Memo {
    /// For `criteria` (id, number of input values, alternatives) scored in
    /// each of `samples` samples: those of index below [`Memo::fits`] are kept.
    pub(super) fn new(criteria: &[(String, usize, usize)], samples: u64) -> Memo {
        let kept = Memo::fits(criteria).min(samples) as usize;
        Memo {
            recording: criteria
                .iter()
                .map(|(id, _, m)| {
                    // Zeroed by the allocator: pages never written take no memory.
                    let rows = vec![0u64; kept * (1 + m)];
                    (id.clone(), Arc::new(Mutex::new(Kept { m: *m, rows })))
                })
                .collect(),
        }
    }

    /// How many samples' results fit in [`MEMO_BYTES`].
    fn fits(criteria: &[(String, usize, usize)]) -> u64 {
        let bytes_per_sample: usize = criteria.iter().map(|(_, _, m)| (1 + m) * 8).sum();
        (MEMO_BYTES / bytes_per_sample.max(1)) as u64
    }

    /// `scorers` whose scorers keep their results (those that fit) for
    /// [`Memo::replay`].
    pub(super) fn record<'a>(
        &'a self,
        scorers: &'a ScorerFactory<'a>,
    ) -> impl Fn(&str) -> Result<Option<Scorer>, PluginError> + Sync + 'a {
        wrapped(&self.recording, scorers, |inner, kept| {
            Box::new(Recording {
                inner,
                kept: Arc::clone(kept),
            })
        })
    }

    /// The kept results, read-only for the second pass.
    pub(super) fn replay(self) -> Replay {
        Replay {
            tables: self
                .recording
                .into_iter()
                .map(|(id, kept)| {
                    let kept = Arc::try_unwrap(kept)
                        .map(|t| t.into_inner().unwrap_or_else(PoisonError::into_inner))
                        .unwrap_or_else(|shared| {
                            shared
                                .lock()
                                .unwrap_or_else(PoisonError::into_inner)
                                .clone()
                        });
                    (id, Arc::new(kept))
                })
                .collect(),
        }
    }
}

/// A scorer that keeps its results in `kept`.
struct Recording {
    inner: Scorer,
    kept: Arc<Mutex<Kept>>,
}

impl CriterionScorer for Recording {
    type Error = PluginError;

    /// Not in a batch, so of no known sample: not kept.
    fn score(&mut self, inputs: &ScorerInputs) -> Result<Vec<f64>, PluginError> {
        self.inner.score(inputs)
    }

    fn score_batch(
        &mut self,
        batch: &InputBatch<'_>,
        out: &mut Vec<f64>,
    ) -> Result<(), BatchError<PluginError>> {
        let start = out.len();
        self.inner.score_batch(batch, out)?;
        let m = batch.alternatives.len();
        let values = &out[start..];
        if values.len() != batch.samples() * m {
            return Ok(());
        }
        let mut kept = self.kept.lock().unwrap_or_else(PoisonError::into_inner);
        if kept.m != m {
            return Ok(());
        }
        for (k, values) in values.chunks_exact(m.max(1)).enumerate() {
            let Some(start) = usize::try_from(batch.first + k as u64)
                .ok()
                .and_then(|i| i.checked_mul(1 + m))
            else {
                break;
            };
            let Some(row) = kept.rows.get_mut(start..start + 1 + m) else {
                break;
            };
            row[0] = hash(batch.sample(k));
            for (slot, v) in row[1..].iter_mut().zip(values) {
                *slot = v.to_bits();
            }
        }
        Ok(())
    }
}

/// The first pass's kept results.
pub(super) struct Replay {
    tables: Vec<(String, Arc<Kept>)>,
}

impl Replay {
    /// `scorers` whose scorers answer from the kept results where they
    /// can, and call the scorer otherwise.
    pub(super) fn scorers<'a>(
        &'a self,
        scorers: &'a ScorerFactory<'a>,
    ) -> impl Fn(&str) -> Result<Option<Scorer>, PluginError> + Sync + 'a {
        wrapped(&self.tables, scorers, |inner, kept| {
            Box::new(Replaying {
                inner,
                kept: Arc::clone(kept),
                missed: Vec::new(),
                inputs: Vec::new(),
                scored: Vec::new(),
            })
        })
    }
}

/// `scorers` with the scorer of each criterion in `kept` (by id) passed
/// through `wrap` with its kept results; the others as they are.
fn wrapped<'a, K: Sync>(
    kept: &'a [(String, K)],
    scorers: &'a ScorerFactory<'a>,
    wrap: impl Fn(Scorer, &K) -> Scorer + Sync + 'a,
) -> impl Fn(&str) -> Result<Option<Scorer>, PluginError> + Sync + 'a {
    move |criterion: &str| {
        let Some((_, kept)) = kept.iter().find(|(id, _)| id == criterion) else {
            return scorers(criterion);
        };
        Ok(scorers(criterion)?.map(|inner| wrap(inner, kept)))
    }
}

/// A scorer that answers from `kept` where it can.
struct Replaying {
    inner: Scorer,
    kept: Arc<Kept>,
    /// Of a batch: the samples not kept, their inputs, their values.
    missed: Vec<usize>,
    inputs: Vec<f64>,
    scored: Vec<f64>,
}

impl CriterionScorer for Replaying {
    type Error = PluginError;

    fn score(&mut self, inputs: &ScorerInputs) -> Result<Vec<f64>, PluginError> {
        self.inner.score(inputs)
    }

    /// The kept samples from `kept`, the others scored in one batch.
    fn score_batch(
        &mut self,
        batch: &InputBatch<'_>,
        out: &mut Vec<f64>,
    ) -> Result<(), BatchError<PluginError>> {
        let m = batch.alternatives.len();
        if m != self.kept.m {
            return self.inner.score_batch(batch, out);
        }
        let start = out.len();
        self.missed.clear();
        self.inputs.clear();
        for k in 0..batch.samples() {
            let key = batch.sample(k);
            match self.kept.get(batch.first + k as u64, key) {
                Some(values) => out.extend(values.iter().map(|v| f64::from_bits(*v))),
                None => {
                    self.missed.push(k);
                    self.inputs.extend_from_slice(key);
                    out.extend(std::iter::repeat_n(f64::NAN, m));
                }
            }
        }
        if self.missed.is_empty() {
            return Ok(());
        }
        self.scored.clear();
        // The missed samples are not consecutive: of no one first index.
        let missed = InputBatch {
            values: &self.inputs,
            first: 0,
            ..*batch
        };
        self.inner.score_batch(&missed, &mut self.scored)?;
        // A short result leaves NaN, which the caller refuses.
        for (k, values) in self.missed.iter().zip(self.scored.chunks_exact(m.max(1))) {
            out[start + k * m..start + (k + 1) * m].copy_from_slice(values);
        }
        Ok(())
    }
}

/// A hash of a sample's inputs, odd (0 marks a sample not kept): their
/// bits folded FxHash-style (a rotate, xor and multiply per value), mixed
/// once at the end (SplitMix64's finaliser).
fn hash(key: &[f64]) -> u64 {
    const K: u64 = 0xf135_7aea_2e62_a9c5;
    let h = key.iter().fold(0x9e37_79b9_7f4a_7c15_u64, |h, x| {
        (h.rotate_left(26) ^ x.to_bits()).wrapping_mul(K)
    });
    mix(h) | 1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_does_not_fit_is_kept_for_the_first_samples() {
        // 1 + 3 numbers a sample: 2 Mi samples fit in 64 MiB.
        let criteria = [("cost".to_string(), 9, 3)];
        assert_eq!(Memo::fits(&criteria), 2 * 1024 * 1024);
        let all = Memo::new(&criteria, 100_000);
        assert_eq!(all.recording[0].1.lock().unwrap().rows.len(), 400_000);
        let part = Memo::new(&criteria, 10_000_000);
        assert_eq!(
            part.recording[0].1.lock().unwrap().rows.len(),
            4 * 2 * 1024 * 1024
        );
    }

    /// A scorer that counts the samples it scores: the sum of its inputs.
    fn counting(calls: Arc<Mutex<usize>>) -> Scorer {
        Box::new(move |inputs: &ScorerInputs| {
            *calls.lock().unwrap() += 1;
            let sum: f64 = inputs.inputs.iter().flat_map(|(_, v)| v).sum();
            Ok::<_, PluginError>(vec![sum, -sum])
        })
    }

    #[test]
    fn the_replay_scores_only_what_was_not_kept_or_differs() {
        let calls = Arc::new(Mutex::new(0));
        let factory = {
            let calls = Arc::clone(&calls);
            move |_: &str| Ok(Some(counting(Arc::clone(&calls))))
        };
        let alternatives = ["a".to_string(), "b".to_string()];
        let names = ["x".to_string()];
        let values: Vec<f64> = (0..8).map(f64::from).collect();
        fn batch<'a>(
            alternatives: &'a [String],
            names: &'a [String],
            first: u64,
            values: &'a [f64],
        ) -> InputBatch<'a> {
            InputBatch {
                alternatives,
                names,
                values,
                first,
            }
        }
        // Samples 0..3 of a run of 3: the 4th (index 3) is beyond the run.
        let memo = Memo::new(&[("cost".to_string(), 2, 2)], 3);
        let mut out = Vec::new();
        let recording = memo.record(&factory);
        let mut scorer = recording("cost").unwrap().unwrap();
        scorer
            .score_batch(&batch(&alternatives, &names, 0, &values), &mut out)
            .unwrap();
        assert_eq!(*calls.lock().unwrap(), 4);
        drop(scorer);
        drop(recording);
        let replay = memo.replay();
        let replaying = replay.scorers(&factory);
        let mut scorer = replaying("cost").unwrap().unwrap();
        let mut again = Vec::new();
        // Sample 1's inputs differ from the kept ones: scored again.
        let mut changed = values.clone();
        changed[2] = 20.0;
        scorer
            .score_batch(&batch(&alternatives, &names, 0, &changed), &mut again)
            .unwrap();
        assert_eq!(*calls.lock().unwrap(), 4 + 2);
        assert_eq!(again, [1.0, -1.0, 23.0, -23.0, 9.0, -9.0, 13.0, -13.0]);
        assert_eq!(out[..2], again[..2]);
        assert_eq!(out[4..], again[4..]);
        // Kept, but for another index: scored.
        scorer
            .score_batch(
                &batch(&alternatives, &names, 1, &values[..2]),
                &mut Vec::new(),
            )
            .unwrap();
        assert_eq!(*calls.lock().unwrap(), 4 + 3);
    }

    #[test]
    fn hashes_are_odd_and_follow_the_bits() {
        let key = [1.5f64, 2.5];
        assert_eq!(hash(&key), hash(&key.clone()));
        assert_eq!(hash(&key) & 1, 1);
        assert_ne!(hash(&key), hash(&[2.5, 1.5]));
        assert_ne!(hash(&[0.0]), hash(&[-0.0]));
    }
}
