//! The scripted criteria's results of the first pass of a run, kept for the
//! second: the confidence pass draws every sample's data again with the
//! same stream, so a scorer (deterministic in its inputs, as
//! [`crate::plugin::CriterionScorer`] requires) would be called again with
//! the very same inputs. Keyed by the inputs' exact bits; bounded in memory.

use super::streams::mix;
use super::{Scorer, ScorerFactory};
use crate::PluginError;
use crate::plugin::ScorerInputs;
use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};

/// The most memory the kept results of one run may take, about: beyond it
/// a share of the samples, chosen by their inputs' hash (so the same for
/// any thread count), is kept and the others are scored again.
const MEMO_BYTES: usize = 64 * 1024 * 1024;

/// What one kept result costs besides its numbers (two boxes, a map slot).
const ENTRY_OVERHEAD: usize = 96;

type Table = HashMap<Box<[u64]>, Box<[f64]>>;

/// Each scripted criterion's kept results, by criterion id.
pub(super) struct Memo {
    /// While the first pass records.
    recording: Vec<(String, Arc<Mutex<Table>>)>,
    /// Kept results admitted: those whose inputs' hash, as a fraction of
    /// 2⁶⁴, is below this.
    admit: u64,
    /// The most entries a criterion keeps (twice what `admit` lets in on
    /// average, so reached only by chance).
    cap: usize,
}

impl Memo {
    /// For `criteria` (id, number of input values, alternatives) scored in
    /// each of `samples` samples.
    pub(super) fn new(criteria: &[(String, usize, usize)], samples: u64) -> Memo {
        let bytes_per_sample: usize = criteria
            .iter()
            .map(|(_, inputs, m)| (inputs + m) * 8 + ENTRY_OVERHEAD)
            .sum();
        let fits = (MEMO_BYTES / bytes_per_sample.max(1)) as u64;
        let admit = if fits >= samples {
            u64::MAX
        } else {
            ((fits as f64 / samples as f64) * u64::MAX as f64) as u64
        };
        Memo {
            recording: criteria
                .iter()
                .map(|(id, _, _)| (id.clone(), Arc::new(Mutex::new(HashMap::new()))))
                .collect(),
            admit,
            cap: 2 * fits as usize,
        }
    }

    fn table(&self, criterion: &str) -> Option<&Arc<Mutex<Table>>> {
        self.recording
            .iter()
            .find(|(id, _)| id == criterion)
            .map(|(_, table)| table)
    }

    /// `scorers` whose scorers keep their results (those admitted) for
    /// [`Memo::replay`].
    pub(super) fn record<'a>(
        &'a self,
        scorers: &'a ScorerFactory<'a>,
    ) -> impl Fn(&str) -> Result<Option<Scorer>, PluginError> + Sync + 'a {
        move |criterion: &str| {
            let Some(table) = self.table(criterion) else {
                return scorers(criterion);
            };
            let Some(mut inner) = scorers(criterion)? else {
                return Ok(None);
            };
            let table = Arc::clone(table);
            let (admit, cap) = (self.admit, self.cap);
            let scorer: Scorer = Box::new(move |inputs: &ScorerInputs| {
                let values = inner(inputs)?;
                let key = key(inputs);
                if hash(&key) <= admit {
                    let mut table = table.lock().unwrap_or_else(PoisonError::into_inner);
                    if table.len() < cap {
                        table.insert(key, values.clone().into_boxed_slice());
                    }
                }
                Ok(values)
            });
            Ok(Some(scorer))
        }
    }

    /// The kept results, read-only for the second pass.
    pub(super) fn replay(self) -> Replay {
        Replay {
            tables: self
                .recording
                .into_iter()
                .map(|(id, table)| {
                    let table = Arc::try_unwrap(table)
                        .map(|t| t.into_inner().unwrap_or_else(PoisonError::into_inner))
                        .unwrap_or_else(|shared| {
                            shared
                                .lock()
                                .unwrap_or_else(PoisonError::into_inner)
                                .clone()
                        });
                    (id, Arc::new(table))
                })
                .collect(),
        }
    }
}

/// The first pass's kept results.
pub(super) struct Replay {
    tables: Vec<(String, Arc<Table>)>,
}

impl Replay {
    /// `scorers` whose scorers answer from the kept results where they
    /// can, and call the scorer otherwise.
    pub(super) fn scorers<'a>(
        &'a self,
        scorers: &'a ScorerFactory<'a>,
    ) -> impl Fn(&str) -> Result<Option<Scorer>, PluginError> + Sync + 'a {
        move |criterion: &str| {
            let Some((_, table)) = self.tables.iter().find(|(id, _)| id == criterion) else {
                return scorers(criterion);
            };
            let Some(mut inner) = scorers(criterion)? else {
                return Ok(None);
            };
            let table = Arc::clone(table);
            let scorer: Scorer =
                Box::new(
                    move |inputs: &ScorerInputs| match table.get(&key(inputs)[..]) {
                        Some(values) => Ok(values.to_vec()),
                        None => inner(inputs),
                    },
                );
            Ok(Some(scorer))
        }
    }
}

/// The inputs' values' exact bits, input by input.
fn key(inputs: &ScorerInputs) -> Box<[u64]> {
    inputs
        .inputs
        .iter()
        .flat_map(|(_, values)| values.iter().map(|v| v.to_bits()))
        .collect()
}

/// A hash of `key` independent of the process (admission must be the same
/// in every run).
fn hash(key: &[u64]) -> u64 {
    key.iter().fold(0x9e37_79b9_7f4a_7c15, |h, &x| mix(h ^ x))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_does_not_fit_is_kept_in_part_by_hash() {
        // 12 numbers + overhead a sample: about 350 000 fit in 64 MiB.
        let criteria = [("cost".to_string(), 9, 3)];
        let all = Memo::new(&criteria, 100_000);
        assert_eq!(all.admit, u64::MAX);
        let part = Memo::new(&criteria, 10_000_000);
        let fits = MEMO_BYTES / (12 * 8 + ENTRY_OVERHEAD);
        let share = part.admit as f64 / u64::MAX as f64;
        assert!((share - fits as f64 / 1e7).abs() < 1e-9, "{share}");
        assert_eq!(part.cap, 2 * fits);
        // The same inputs are admitted or not in every run.
        let key: Box<[u64]> = [1.5f64, 2.5].iter().map(|v| v.to_bits()).collect();
        assert_eq!(hash(&key), hash(&key.clone()));
        assert_ne!(hash(&key), hash(&[2.5f64.to_bits(), 1.5f64.to_bits()]));
    }
}
