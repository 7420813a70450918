//! What the answers say, computed from the workshop's state: each group's
//! judgments as the weighted geometric mean of its members' (AIJ within the
//! group, members above a CR bound left out and named), each set's local
//! weights per group, the spread of every judgment across members and
//! groups (worst first), and the whole analysis (each group's ranking, the
//! seat-weighted aggregate, S*) by core's `analyze_groups_with`.

use crate::workshop::Workshop;
use vagval_core::analysis::{MatrixAnalysis, analyze};
use vagval_core::assessment::WeightsSpec;
use vagval_core::group::{GroupAnalysis, GroupOptions, GroupSpec, analyze_groups_with};
use vagval_core::model::Model;
use vagval_core::pairwise::{Judgment, PairwiseMatrix};

/// A member left out of their group's judgments by the CR bound.
#[derive(Debug, Clone, PartialEq)]
pub struct LeftOutMember {
    pub participant: usize,
    pub cr: f64,
}

/// One group's judgments, from its members.
#[derive(Debug, Clone)]
pub struct GroupJudgments {
    pub group: usize,
    /// Per set, the judgments (first over second), pairs nobody answered
    /// left out (the completion method fills them).
    pub sets: Vec<Vec<Judgment>>,
    /// Per set, the analysis of those judgments; `None` while they do not
    /// connect every item (or for a set of two, with no judgment).
    pub analyses: Vec<Option<MatrixAnalysis>>,
    pub left_out: Vec<LeftOutMember>,
    /// Members whose answers entered.
    pub members: usize,
}

impl GroupJudgments {
    /// Every set has weights.
    pub fn complete(&self, w: &Workshop) -> bool {
        (0..w.sets.len()).all(|s| self.local(w, s).is_some())
    }

    /// Local weights of set `s`.
    pub fn local(&self, w: &Workshop, s: usize) -> Option<Vec<f64>> {
        if let Some(a) = &self.analyses[s] {
            return Some(a.priorities.clone());
        }
        // A set of two: its one judgment gives the weights.
        let set = &w.sets[s];
        match (set.ids.len(), self.sets[s].first()) {
            (2, Some(j)) => {
                let v = if j.first == set.ids[0] {
                    j.value
                } else {
                    1.0 / j.value
                };
                Some(vec![v / (1.0 + v), 1.0 / (1.0 + v)])
            }
            _ => None,
        }
    }

    pub fn cr(&self) -> Option<f64> {
        self.analyses
            .iter()
            .flatten()
            .map(|a| a.cr)
            .reduce(f64::max)
    }
}

/// The natural log of participant `p`'s answer to pair (i, j) of set `s`,
/// oriented as i over j.
fn log_answer(w: &Workshop, p: usize, s: usize, (i, j): (usize, usize)) -> Option<f64> {
    let ids = &w.sets[s].ids;
    w.people[p].q.judgments(s).iter().find_map(|judgment| {
        if judgment.first == ids[i] && judgment.second == ids[j] {
            Some(judgment.value.ln())
        } else if judgment.first == ids[j] && judgment.second == ids[i] {
            Some(-judgment.value.ln())
        } else {
            None
        }
    })
}

pub fn analyse(w: &Workshop, s: usize, judgments: &[Judgment]) -> Option<MatrixAnalysis> {
    let set = &w.sets[s];
    if set.ids.len() < 3 {
        return None;
    }
    let site = set.site();
    let matrix = PairwiseMatrix::from_judgments(&set.ids, judgments, &site).ok()?;
    analyze(
        &matrix,
        w.settings.method,
        w.settings.ri,
        w.settings.completion,
        &site,
    )
    .ok()
}

/// Group `g`'s judgments: per pair, the weighted geometric mean of the
/// answers of the members who gave one (AIJ; Forman & Peniwati 1998), with
/// members whose CR exceeds `max_cr` left out.
pub fn group_judgments(w: &Workshop, g: usize, max_cr: Option<f64>) -> GroupJudgments {
    let members = w.members(&w.groups[g].id);
    let mut left_out = Vec::new();
    let used: Vec<usize> = members
        .into_iter()
        .filter(|&p| match (max_cr, w.member_cr(p)) {
            (Some(bound), Some(cr)) if cr > bound => {
                left_out.push(LeftOutMember { participant: p, cr });
                false
            }
            _ => true,
        })
        .collect();
    let sets: Vec<Vec<Judgment>> = (0..w.sets.len())
        .map(|s| {
            let set = &w.sets[s];
            set.pairs()
                .into_iter()
                .filter_map(|pair| {
                    let (mut sum, mut weights) = (0.0, 0.0);
                    for &p in &used {
                        if let Some(l) = log_answer(w, p, s, pair) {
                            let weight = w.roster.participants[p].weight;
                            sum += weight * l;
                            weights += weight;
                        }
                    }
                    (weights > 0.0).then(|| {
                        Judgment::new(
                            set.ids[pair.0].clone(),
                            set.ids[pair.1].clone(),
                            (sum / weights).exp(),
                        )
                    })
                })
                .collect()
        })
        .collect();
    let analyses = sets
        .iter()
        .enumerate()
        .map(|(s, judgments)| analyse(w, s, judgments))
        .collect();
    GroupJudgments {
        group: g,
        sets,
        analyses,
        left_out,
        members: used.len(),
    }
}

/// How far answers to one judgment lie apart.
#[derive(Debug, Clone, PartialEq)]
pub struct Spread {
    pub set: usize,
    pub pair: (usize, usize),
    /// Standard deviation of the natural logs of the members' answers
    /// (0 = all the same; ln 9 ≈ 2.2 is the whole of one side of the scale).
    pub members: f64,
    /// The same over the groups' geometric means.
    pub groups: f64,
    /// The smallest and largest answer, as i over j.
    pub low: f64,
    pub high: f64,
    pub answers: usize,
}

fn sd(values: &[f64]) -> f64 {
    if values.len() < 2 {
        return 0.0;
    }
    let mean = values.iter().sum::<f64>() / values.len() as f64;
    (values.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / values.len() as f64).sqrt()
}

/// Every judgment of set `s` with two or more answers, widest spread first.
pub fn spreads(w: &Workshop, s: usize, groups: &[GroupJudgments]) -> Vec<Spread> {
    let set = &w.sets[s];
    let mut all: Vec<Spread> = set
        .pairs()
        .into_iter()
        .filter_map(|pair| {
            let answers: Vec<f64> = (0..w.people.len())
                .filter(|&p| !w.people[p].revoked)
                .filter_map(|p| log_answer(w, p, s, pair))
                .collect();
            if answers.len() < 2 {
                return None;
            }
            let ids = &set.ids;
            let group_values: Vec<f64> = groups
                .iter()
                .filter_map(|g| {
                    g.sets[s].iter().find_map(|j| {
                        if j.first == ids[pair.0] && j.second == ids[pair.1] {
                            Some(j.value.ln())
                        } else {
                            None
                        }
                    })
                })
                .collect();
            let low = answers.iter().copied().fold(f64::INFINITY, f64::min);
            let high = answers.iter().copied().fold(f64::NEG_INFINITY, f64::max);
            Some(Spread {
                set: s,
                pair,
                members: sd(&answers),
                groups: sd(&group_values),
                low: low.exp(),
                high: high.exp(),
                answers: answers.len(),
            })
        })
        .collect();
    all.sort_by(|a, b| b.members.total_cmp(&a.members).then(a.pair.cmp(&b.pair)));
    all
}

/// The groups whose every set has weights, as `GroupSpec`s (their own
/// judgments of the alternatives kept), and the ids of those still
/// waiting for answers.
pub fn group_specs(w: &Workshop, groups: &[GroupJudgments]) -> (Vec<GroupSpec>, Vec<usize>) {
    let mut specs = Vec::new();
    let mut waiting = Vec::new();
    for judged in groups {
        let info = &w.groups[judged.group];
        if !judged.complete(w) {
            waiting.push(judged.group);
            continue;
        }
        // The group's own judgments of the alternatives: those asked in the
        // workshop replace its script's on the same leaf.
        let mut assessments: Vec<(String, Vec<Judgment>)> = info
            .assessments
            .iter()
            .filter(|(leaf, _)| {
                !w.sets
                    .iter()
                    .any(|set| set.alternatives && set.key.as_deref() == Some(leaf.as_str()))
            })
            .cloned()
            .collect();
        assessments.extend(
            w.sets
                .iter()
                .enumerate()
                .filter(|(_, set)| set.alternatives)
                .filter_map(|(s, set)| Some((set.key.clone()?, judged.sets[s].clone()))),
        );
        specs.push(GroupSpec {
            id: info.id.clone(),
            name: info.name.clone(),
            seats: info.seats,
            weights: w
                .sets
                .iter()
                .enumerate()
                .filter(|(_, set)| !set.alternatives)
                .map(|(s, set)| (set.site(), WeightsSpec::Judgments(judged.sets[s].clone())))
                .collect(),
            assessments,
        });
    }
    (specs, waiting)
}

/// Each group's ranking, the seat-weighted aggregate and S*, over the
/// groups that have answered every set. `None` without such a group (or
/// when core refuses, e.g. a group's alternatives are missing).
pub fn analysis(
    model: &Model,
    w: &Workshop,
    specs: &[GroupSpec],
    options: &GroupOptions,
) -> Option<GroupAnalysis> {
    if specs.is_empty() {
        return None;
    }
    analyze_groups_with(model, specs, &w.settings, options).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::roster::Roster;
    use crate::workshop::{GroupInfo, Record};
    use vagval_core::settings::Settings;
    use vagval_workspace::questionnaire::SiblingSet;

    fn workshop() -> Workshop {
        let sets = vec![SiblingSet {
            key: None,
            title: "Mål".into(),
            ids: vec!["a".into(), "b".into(), "c".into()],
            names: vec!["A".into(), "B".into(), "C".into()],
            descriptions: vec![String::new(); 3],
            alternatives: false,
        }];
        let roster = Roster::new(&[("g".into(), 2), ("h".into(), 1)]).unwrap();
        let groups = ["g", "h"]
            .iter()
            .map(|id| GroupInfo {
                id: id.to_string(),
                name: id.to_uppercase(),
                seats: 1.0,
                assessments: Vec::new(),
            })
            .collect();
        Workshop::new(sets, Settings::default(), roster, groups)
    }

    fn answer(w: &mut Workshop, p: &str, first: &str, second: &str, value: f64) {
        let record = Record::Answer {
            participant: p.into(),
            set: "goal".into(),
            first: first.into(),
            second: second.into(),
            value: Some(value),
            comment: None,
        };
        let staged = w.stage(&record).unwrap();
        w.commit(staged);
    }

    #[test]
    fn a_groups_judgment_is_the_geometric_mean_of_its_members() {
        // Forman & Peniwati (1998): AIJ takes the geometric mean of the
        // individual judgments, so 9 and 1 give 3, and 4 and 1/4 give 1.
        let mut w = workshop();
        answer(&mut w, "g-1", "a", "b", 9.0);
        answer(&mut w, "g-2", "a", "b", 1.0);
        answer(&mut w, "g-1", "b", "c", 4.0);
        answer(&mut w, "g-2", "c", "b", 4.0);
        let g = group_judgments(&w, 0, None);
        let ab = g.sets[0]
            .iter()
            .find(|j| j.first == "a" && j.second == "b")
            .unwrap();
        assert!((ab.value - 3.0).abs() < 1e-12);
        let bc = g.sets[0]
            .iter()
            .find(|j| j.first == "b" && j.second == "c")
            .unwrap();
        assert!((bc.value - 1.0).abs() < 1e-12);
        // Two of three pairs connect the set: it has weights, summing to 1.
        let local = g.local(&w, 0).unwrap();
        assert!((local.iter().sum::<f64>() - 1.0).abs() < 1e-12);
        assert!(local.iter().all(|v| *v > 0.0));
        // The other group has not answered: waiting, named.
        let h = group_judgments(&w, 1, None);
        let (specs, waiting) = group_specs(&w, &[g, h]);
        assert_eq!((specs.len(), waiting), (1, vec![1]));
    }

    #[test]
    fn a_member_above_the_cr_bound_is_left_out_and_named() {
        let mut w = workshop();
        // g-1 inconsistent: a > b 9, b > c 9, c > a 9.
        answer(&mut w, "g-1", "a", "b", 9.0);
        answer(&mut w, "g-1", "b", "c", 9.0);
        answer(&mut w, "g-1", "c", "a", 9.0);
        answer(&mut w, "g-2", "a", "b", 2.0);
        answer(&mut w, "g-2", "b", "c", 2.0);
        answer(&mut w, "g-2", "a", "c", 4.0);
        let g = group_judgments(&w, 0, Some(0.1));
        assert_eq!(g.left_out.len(), 1);
        assert_eq!(g.left_out[0].participant, 0);
        assert_eq!(g.members, 1);
        assert!(g.cr().unwrap() < 1e-9);
    }

    #[test]
    fn the_widest_spread_comes_first_and_is_zero_when_all_agree() {
        let mut w = workshop();
        answer(&mut w, "g-1", "a", "b", 9.0);
        answer(&mut w, "g-2", "b", "a", 9.0);
        answer(&mut w, "h-1", "a", "b", 1.0);
        answer(&mut w, "g-1", "b", "c", 2.0);
        answer(&mut w, "g-2", "b", "c", 2.0);
        answer(&mut w, "h-1", "b", "c", 2.0);
        let groups: Vec<_> = (0..2).map(|g| group_judgments(&w, g, None)).collect();
        let spread = spreads(&w, 0, &groups);
        assert_eq!(spread[0].pair, (0, 1));
        assert!((spread[0].low - 1.0 / 9.0).abs() < 1e-12 && (spread[0].high - 9.0).abs() < 1e-12);
        // Population SD of ln 9, −ln 9, 0 = ln 9 · √(2/3).
        assert!((spread[0].members - 9f64.ln() * (2.0f64 / 3.0).sqrt()).abs() < 1e-12);
        assert_eq!(spread[1].members, 0.0);
    }
}
