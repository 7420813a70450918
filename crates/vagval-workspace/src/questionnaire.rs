//! The survey's questionnaire as a state machine without I/O: which pair to
//! ask next, an answer, back, skip, the CR and advice after each answer, the
//! revisit of an inconsistent set, resumption from earlier answers, and the
//! resulting `GroupSpec`. The terminal survey drives it; a web workshop can
//! drive it too. It depends on vagval-core and plain types only, and prints
//! nothing.

use vagval_core::analysis::{MatrixAnalysis, analyze};
use vagval_core::assessment::{AssessmentKind, WeightsSpec};
use vagval_core::consistency::CR_THRESHOLD;
use vagval_core::group::GroupSpec;
use vagval_core::model::{Model, Site};
use vagval_core::pairwise::{Judgment, PairwiseMatrix};
use vagval_core::settings::Settings;

/// How many of the most inconsistent judgments a revisit round offers.
pub const REVISIT_COUNT: usize = 3;

/// A rise of the CR by at least this much (or across the 0.10 threshold)
/// after one answer counts as a jump worth a word at once.
pub const CR_JUMP: f64 = 0.05;

/// One set of siblings to compare: the top-level criteria (`key` None) or the
/// sub-criteria of the criterion `key`.
#[derive(Debug, Clone, PartialEq)]
pub struct SiblingSet {
    pub key: Option<String>,
    /// The parent's name (the goal for the top-level criteria).
    pub title: String,
    pub ids: Vec<String>,
    pub names: Vec<String>,
    /// What each criterion means (its `description`; may be empty).
    pub descriptions: Vec<String>,
    /// The items are the alternatives, judged on the leaf criterion `key`
    /// (a group's own assessment), not criteria.
    pub alternatives: bool,
}

impl SiblingSet {
    /// The matrix this set is in a group script (`goal` or the parent's id).
    pub fn site(&self) -> Site {
        match (&self.key, self.alternatives) {
            (None, _) => Site::Goal,
            (Some(id), true) => Site::Assessment(id.clone()),
            (Some(id), false) => Site::Weights(id.clone()),
        }
    }

    /// Every pair once, in the order asked: (0,1), (0,2), …, (1,2), ….
    pub fn pairs(&self) -> Vec<(usize, usize)> {
        let n = self.ids.len();
        (0..n)
            .flat_map(|i| ((i + 1)..n).map(move |j| (i, j)))
            .collect()
    }
}

/// Why a model gives no questionnaire.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SetsError {
    /// A criterion with sub-criteria is called `goal`, the key a group script
    /// uses for the top-level criteria.
    GoalHasChildren,
    /// No criterion has a sibling.
    NothingToAsk,
}

/// The sets with two or more items, top-level first, then depth first.
pub fn sibling_sets(model: &Model) -> Result<Vec<SiblingSet>, SetsError> {
    let hierarchy = model.hierarchy();
    let set = |key: Option<String>, title: &str, members: &[usize]| SiblingSet {
        key,
        title: title.to_string(),
        ids: members
            .iter()
            .map(|&m| hierarchy.node(m).id.clone())
            .collect(),
        names: members
            .iter()
            .map(|&m| hierarchy.node(m).name.clone())
            .collect(),
        descriptions: members
            .iter()
            .map(|&m| hierarchy.node(m).description.clone())
            .collect(),
        alternatives: false,
    };
    let mut sets = Vec::new();
    if hierarchy.roots().len() >= 2 {
        sets.push(set(None, model.goal(), hierarchy.roots()));
    }
    for (index, _) in hierarchy.depth_first() {
        let node = hierarchy.node(index);
        if node.children.len() >= 2 {
            if node.id == "goal" {
                return Err(SetsError::GoalHasChildren);
            }
            sets.push(set(Some(node.id.clone()), &node.name, &node.children));
        }
    }
    if sets.is_empty() {
        return Err(SetsError::NothingToAsk);
    }
    Ok(sets)
}

/// The alternatives on every leaf the analysts assessed by pairwise
/// comparison, depth first: what a group may judge itself (a group script's
/// `alternatives`). Empty with fewer than two alternatives.
pub fn alternative_sets(model: &Model) -> Vec<SiblingSet> {
    let alternatives = model.alternatives();
    if alternatives.len() < 2 {
        return Vec::new();
    }
    let hierarchy = model.hierarchy();
    hierarchy
        .depth_first()
        .into_iter()
        .filter(|&(index, _)| {
            matches!(model.assessment(index), Some(a) if a.kind() == AssessmentKind::Pairwise)
        })
        .map(|(index, _)| {
            let node = hierarchy.node(index);
            SiblingSet {
                key: Some(node.id.clone()),
                title: node.name.clone(),
                ids: alternatives.iter().map(|a| a.id.clone()).collect(),
                names: alternatives.iter().map(|a| a.name.clone()).collect(),
                descriptions: alternatives.iter().map(|a| a.description.clone()).collect(),
                alternatives: true,
            }
        })
        .collect()
}

/// How strongly one item matters more: a step 1..=9 of Saaty's scale (shown
/// and written as its word) or a number in [1, 9] typed as a number.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Strength {
    Step(u8),
    Number(f64),
}

impl Strength {
    pub fn value(self) -> f64 {
        match self {
            Strength::Step(step) => f64::from(step),
            Strength::Number(value) => value,
        }
    }

    /// A whole value 1..=9 as a step, anything else as a number.
    pub fn of(value: f64) -> Strength {
        let rounded = value.round();
        if (value - rounded).abs() < 1e-9 && (1.0..=9.0).contains(&rounded) {
            // 1..=9 here, so the cast cannot truncate.
            Strength::Step(rounded as u8)
        } else {
            Strength::Number(value)
        }
    }
}

/// One answered pair: `first` (an index in its set) matters more than
/// `second` by `strength` (≥ 1; 1 = equal).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Answer {
    pub first: usize,
    pub second: usize,
    pub strength: Strength,
}

impl Answer {
    pub fn is_pair(&self, (a, b): (usize, usize)) -> bool {
        (self.first, self.second) == (a, b) || (self.first, self.second) == (b, a)
    }

    /// The answer to the pair (i, j) from a value of i over j (any positive
    /// value: below 1 the second matters more).
    pub fn from_value((i, j): (usize, usize), value: f64) -> Answer {
        if value >= 1.0 - 1e-12 {
            Answer {
                first: i,
                second: j,
                strength: Strength::of(value.max(1.0)),
            }
        } else {
            Answer {
                first: j,
                second: i,
                strength: Strength::of(1.0 / value),
            }
        }
    }

    fn equal((i, j): (usize, usize)) -> Answer {
        Answer {
            first: i,
            second: j,
            strength: Strength::Step(1),
        }
    }
}

/// A person's reply to "which matters more, and how much".
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Reply {
    First(Strength),
    Second(Strength),
    Equal,
}

impl Reply {
    fn answer(self, (i, j): (usize, usize)) -> Answer {
        match self {
            Reply::Equal => Answer::equal((i, j)),
            Reply::First(strength) => Answer {
                first: i,
                second: j,
                strength,
            },
            Reply::Second(strength) => Answer {
                first: j,
                second: i,
                strength,
            },
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Slot {
    Open,
    Answered(Answer),
    Skipped,
}

/// The next pair to ask.
#[derive(Debug, Clone, PartialEq)]
pub struct Question {
    /// Index into `sets()`.
    pub set: usize,
    /// The items (indices in the set), asked as "items.0 or items.1".
    pub pair: (usize, usize),
    /// 1-based number of the pair in its set, and the set's pair count.
    pub number: usize,
    pub of: usize,
    /// The answer this pair has from the script being re-run, if any:
    /// keeping it is one keystroke.
    pub current: Option<Answer>,
}

/// What the answers so far say about a set after one answer.
#[derive(Debug, Clone, PartialEq)]
pub struct Advice {
    pub set: usize,
    /// The set's CR now; `None` for a pair of two (always consistent) or
    /// while the answers do not yet connect every item.
    pub cr: Option<f64>,
    /// The CR before this answer.
    pub cr_before: Option<f64>,
    /// This answer raised the CR above 0.10, or by `CR_JUMP` or more while
    /// above it.
    pub jumped: bool,
    /// When it jumped: the earlier answer that departs most from the rest
    /// and the value that would fit the others, oriented as that answer.
    pub conflict: Option<Conflict>,
    /// When it jumped: the value of the pair just answered that would fit
    /// the other answers (oriented as the answer).
    pub consistent: Option<Answer>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Conflict {
    pub answer: Answer,
    pub suggested: Answer,
}

/// An answer offered again because its set's CR is above 0.10.
#[derive(Debug, Clone, PartialEq)]
pub struct Offer {
    pub set: usize,
    pub answer: Answer,
    /// The value on Saaty's scale nearest to the consistent one.
    pub suggested: Answer,
    /// The set's CR as the round began.
    pub cr: f64,
    /// The first offer of a round (a heading is due).
    pub first_of_round: bool,
}

/// What to do next.
#[derive(Debug, Clone, PartialEq)]
pub enum Step {
    Question(Question),
    Revisit(Offer),
    /// Every pair answered or skipped and every revisit done.
    Done,
}

/// The reply to an offered answer.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum RevisitReply {
    Keep,
    Suggestion,
    /// A new value of the offered answer's first item over its second
    /// (positive; below 1 the second matters more).
    New(f64),
}

/// After a revisit reply.
#[derive(Debug, Clone, PartialEq)]
pub struct RevisitOutcome {
    /// The set's CR when the answer changed.
    pub cr_now: Option<f64>,
    /// The round ended with every answer kept: the answers stay as they are,
    /// with this CR.
    pub kept_with: Option<f64>,
}

/// Why a pair cannot be skipped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SkipError {
    /// Without it the set's answers could no longer connect every item, and
    /// no method can complete the matrix.
    WouldDisconnect,
    NothingToSkip,
}

#[derive(Debug, Clone, PartialEq)]
struct Round {
    set: usize,
    /// Pairs (as items) to offer.
    offers: Vec<(usize, usize)>,
    at: usize,
    changed: bool,
    cr: f64,
}

/// The questionnaire: the sets, the answers so far and the order they came.
#[derive(Debug, Clone)]
pub struct Questionnaire {
    sets: Vec<SiblingSet>,
    pairs: Vec<Vec<(usize, usize)>>,
    slots: Vec<Vec<Slot>>,
    /// Answers of the script being re-run, per set and pair.
    current: Vec<Vec<Option<Answer>>>,
    /// (set, pair index) in the order answered or skipped: `back` undoes
    /// the last.
    history: Vec<(usize, usize)>,
    /// Sets whose revisit is over (consistent, or every answer kept).
    revisited: Vec<bool>,
    round: Option<Round>,
    settings: Settings,
    /// (set, pair index) in the order asked.
    order: Vec<(usize, usize)>,
}

impl Questionnaire {
    /// A questionnaire over `sets`; the CR is computed with `settings`'
    /// priority method, random index and completion method.
    pub fn new(sets: Vec<SiblingSet>, settings: Settings) -> Questionnaire {
        let pairs: Vec<Vec<(usize, usize)>> = sets.iter().map(SiblingSet::pairs).collect();
        let order = pairs
            .iter()
            .enumerate()
            .flat_map(|(s, p)| (0..p.len()).map(move |k| (s, k)))
            .collect();
        Questionnaire {
            order,
            slots: pairs.iter().map(|p| vec![Slot::Open; p.len()]).collect(),
            current: pairs.iter().map(|p| vec![None; p.len()]).collect(),
            revisited: vec![false; sets.len()],
            history: Vec::new(),
            round: None,
            pairs,
            sets,
            settings,
        }
    }

    /// The same questionnaire asked in two passes, as a workshop wants it:
    /// first a spanning set of every set's pairs (each item beside the next,
    /// n − 1 pairs, enough for the completion method to give weights), then
    /// the rest of every set. Within a set the chain's pairs come first, so
    /// a question's number counts in that order.
    pub fn spanning_first(sets: Vec<SiblingSet>, settings: Settings) -> Questionnaire {
        let mut q = Questionnaire::new(sets, settings);
        for pairs in &mut q.pairs {
            // Stable: the chain (i, i + 1) first, the rest as before.
            pairs.sort_by_key(|&(i, j)| j != i + 1);
        }
        let chain = |s: usize, k: usize, pairs: &[Vec<(usize, usize)>]| {
            let (i, j) = pairs[s][k];
            j == i + 1
        };
        let all: Vec<(usize, usize)> = (0..q.sets.len())
            .flat_map(|s| (0..q.pairs[s].len()).map(move |k| (s, k)))
            .collect();
        let (first, rest): (Vec<_>, Vec<_>) =
            all.into_iter().partition(|&(s, k)| chain(s, k, &q.pairs));
        q.order = first.into_iter().chain(rest).collect();
        q
    }

    pub fn sets(&self) -> &[SiblingSet] {
        &self.sets
    }

    /// Pairs answered or skipped, and pairs in all.
    pub fn progress(&self) -> (usize, usize) {
        (
            self.history.len(),
            self.pairs.iter().map(Vec::len).sum::<usize>(),
        )
    }

    /// The answers of an existing script as starting points: each pair of a
    /// set `site` judged there is offered with that answer. Judgments of
    /// unknown sites or items are ignored.
    pub fn set_current(&mut self, site: &Site, judgments: &[Judgment]) {
        let Some(s) = self.sets.iter().position(|set| &set.site() == site) else {
            return;
        };
        for judgment in judgments {
            if let Some((k, pair)) = self.find(s, &judgment.first, &judgment.second)
                && judgment.value.is_finite()
                && judgment.value > 0.0
            {
                self.current[s][k] = Some(Answer::from_value(pair, judgment.value));
            }
        }
    }

    /// (pair index, pair oriented as (first, second)) of two ids in set `s`.
    fn find(&self, s: usize, first: &str, second: &str) -> Option<(usize, (usize, usize))> {
        let ids = &self.sets[s].ids;
        let a = ids.iter().position(|id| id == first)?;
        let b = ids.iter().position(|id| id == second)?;
        let k = self.pairs[s]
            .iter()
            .position(|&(i, j)| (i, j) == (a, b) || (i, j) == (b, a))?;
        Some((k, (a, b)))
    }

    /// Replays a record (from `record()`) as if answered in that order;
    /// returns how many entries applied (entries that no longer fit the
    /// model, or repeat a pair, are dropped).
    pub fn replay(&mut self, record: &[Recorded]) -> usize {
        let mut applied = 0;
        for entry in record {
            let Some(s) = self.sets.iter().position(|set| set.site() == entry.site) else {
                continue;
            };
            let Some((k, pair)) = self.find(s, &entry.first, &entry.second) else {
                continue;
            };
            if self.slots[s][k] != Slot::Open {
                continue;
            }
            self.slots[s][k] = match entry.value {
                Some(value) if value.is_finite() && value > 0.0 => {
                    let mut answer = Answer::from_value(pair, value);
                    if entry.typed_number && answer.first == pair.0 {
                        answer.strength = Strength::Number(value);
                    }
                    Slot::Answered(answer)
                }
                Some(_) => continue,
                // A draft (hand-edited, or from an older version) may skip
                // more than `skip` allows: such a skip is not taken, and the
                // question comes again, rather than a set that cannot connect
                // being found out only after the last question.
                None if !self.may_skip(s, k) => continue,
                None => Slot::Skipped,
            };
            self.history.push((s, k));
            applied += 1;
        }
        applied
    }

    /// The answers in the order given, as plain records (for a draft).
    pub fn record(&self) -> Vec<Recorded> {
        self.history
            .iter()
            .map(|&(s, k)| {
                let set = &self.sets[s];
                let (i, j) = self.pairs[s][k];
                match self.slots[s][k] {
                    Slot::Answered(a) => Recorded {
                        site: set.site(),
                        first: set.ids[a.first].clone(),
                        second: set.ids[a.second].clone(),
                        value: Some(a.strength.value()),
                        typed_number: matches!(a.strength, Strength::Number(_)),
                    },
                    Slot::Open | Slot::Skipped => Recorded {
                        site: set.site(),
                        first: set.ids[i].clone(),
                        second: set.ids[j].clone(),
                        value: None,
                        typed_number: false,
                    },
                }
            })
            .collect()
    }

    /// What comes next. Starts a revisit round when a set is fully answered
    /// with a CR above 0.10 (once per set, repeated while a round changes
    /// something).
    pub fn next_step(&mut self) -> Step {
        if let Some(offer) = self.current_offer() {
            return Step::Revisit(offer);
        }
        // A set whose pairs are all answered or skipped is revisited before
        // the next question (in the first pass of `spanning_first` a set is
        // done only in the second).
        for s in 0..self.sets.len() {
            if self.revisited[s] || self.slots[s].contains(&Slot::Open) {
                continue;
            }
            if self.precedes_open(s) {
                if self.start_round(s)
                    && let Some(offer) = self.current_offer()
                {
                    return Step::Revisit(offer);
                }
                self.revisited[s] = true;
            }
        }
        match self.open() {
            Some((s, k)) => Step::Question(Question {
                set: s,
                pair: self.pairs[s][k],
                number: k + 1,
                of: self.pairs[s].len(),
                current: self.current[s][k],
            }),
            None => Step::Done,
        }
    }

    /// Whether every pair of set `s` comes, in the order asked, before the
    /// first open pair (so its revisit is due now, not after later sets'
    /// questions: the order the terminal survey has always asked in).
    fn precedes_open(&self, s: usize) -> bool {
        let Some(first_open) = self
            .order
            .iter()
            .position(|&(t, k)| self.slots[t][k] == Slot::Open)
        else {
            return true;
        };
        self.order[..first_open]
            .iter()
            .filter(|&&(t, _)| t == s)
            .count()
            == self.pairs[s].len()
    }

    /// The next question, if a question (not a revisit) comes next.
    pub fn next_question(&mut self) -> Option<Question> {
        match self.next_step() {
            Step::Question(q) => Some(q),
            Step::Revisit(_) | Step::Done => None,
        }
    }

    fn open(&self) -> Option<(usize, usize)> {
        self.order
            .iter()
            .copied()
            .find(|&(s, k)| self.slots[s][k] == Slot::Open)
    }

    /// Opens the pair `first`–`second` of the set at `site` again (a
    /// workshop's new round on a judgment): its answer becomes the current
    /// answer offered, its set is revisited again when done. False when the
    /// pair is unknown or already open.
    pub fn reopen(&mut self, site: &Site, first: &str, second: &str) -> bool {
        let Some(s) = self.sets.iter().position(|set| &set.site() == site) else {
            return false;
        };
        let Some((k, _)) = self.find(s, first, second) else {
            return false;
        };
        match self.slots[s][k] {
            Slot::Open => return false,
            Slot::Answered(answer) => self.current[s][k] = Some(answer),
            Slot::Skipped => {}
        }
        self.slots[s][k] = Slot::Open;
        self.history.retain(|&entry| entry != (s, k));
        self.revisited[s] = false;
        if self.round.as_ref().is_some_and(|r| r.set == s) {
            self.round = None;
        }
        true
    }

    /// Answers the open question; returns the advice that follows.
    /// `None` when no question is open.
    pub fn answer(&mut self, reply: Reply) -> Option<Advice> {
        let (s, k) = self.open()?;
        let before = self.analysis(s).map(|a| a.cr);
        let answer = reply.answer(self.pairs[s][k]);
        self.slots[s][k] = Slot::Answered(answer);
        self.history.push((s, k));
        Some(self.advise(s, answer, before))
    }

    /// Keeps the current answer (from the script being re-run) of the open
    /// question; `None` when there is none.
    pub fn keep_current(&mut self) -> Option<Advice> {
        let (s, k) = self.open()?;
        let current = self.current[s][k]?;
        let reply = if current.strength.value() == 1.0 {
            Reply::Equal
        } else if current.first == self.pairs[s][k].0 {
            Reply::First(current.strength)
        } else {
            Reply::Second(current.strength)
        };
        self.answer(reply)
    }

    /// Skips the open question ("don't know"): the pair is left out and the
    /// workspace's completion method fills it. Refused when the set's
    /// answers could then no longer connect every item.
    pub fn skip(&mut self) -> Result<(), SkipError> {
        let (s, k) = self.open().ok_or(SkipError::NothingToSkip)?;
        if !self.may_skip(s, k) {
            return Err(SkipError::WouldDisconnect);
        }
        self.slots[s][k] = Slot::Skipped;
        self.history.push((s, k));
        Ok(())
    }

    /// Whether pair `k` of set `s` can be skipped: the set stays connected
    /// by the pairs not skipped (answered or still open).
    fn may_skip(&self, s: usize, k: usize) -> bool {
        let n = self.sets[s].ids.len();
        let edges: Vec<(usize, usize)> = self.pairs[s]
            .iter()
            .enumerate()
            .filter(|&(m, _)| m != k && self.slots[s][m] != Slot::Skipped)
            .map(|(_, &p)| p)
            .collect();
        connected(n, &edges)
    }

    /// The set and the pair (items, in pair order) that `back` would undo.
    pub fn last(&self) -> Option<(usize, (usize, usize))> {
        self.history.last().map(|&(s, k)| (s, self.pairs[s][k]))
    }

    /// Undoes the last answer or skip (also one given in a revisit round's
    /// set: the round is dropped and comes again when the set is done).
    /// Returns false when nothing is answered yet.
    pub fn back(&mut self) -> bool {
        let Some((s, k)) = self.history.pop() else {
            return false;
        };
        self.slots[s][k] = Slot::Open;
        self.round = None;
        for done in &mut self.revisited[s..] {
            *done = false;
        }
        true
    }

    /// The reply to the offered answer of the current revisit round.
    pub fn revisit(&mut self, reply: RevisitReply) -> Option<RevisitOutcome> {
        let offer = self.current_offer()?;
        let round = self.round.as_mut()?;
        round.at += 1;
        let s = offer.set;
        let new = match reply {
            RevisitReply::Keep => None,
            RevisitReply::Suggestion => Some(offer.suggested),
            RevisitReply::New(value) if value.is_finite() && value > 0.0 => Some(
                Answer::from_value((offer.answer.first, offer.answer.second), value),
            ),
            RevisitReply::New(_) => None,
        };
        let mut outcome = RevisitOutcome {
            cr_now: None,
            kept_with: None,
        };
        if let Some(new) = new
            && new != offer.answer
            && let Some(k) = self.pairs[s].iter().position(|&p| offer.answer.is_pair(p))
        {
            self.slots[s][k] = Slot::Answered(new);
            if let Some(round) = self.round.as_mut() {
                round.changed = true;
            }
            outcome.cr_now = self.analysis(s).map(|a| a.cr);
        }
        // The end of the round: another if something changed and the CR is
        // still high, else the set is done.
        if let Some(round) = &self.round
            && round.at >= round.offers.len()
        {
            let changed = round.changed;
            self.round = None;
            if !changed {
                self.revisited[s] = true;
                outcome.kept_with = self.analysis(s).map(|a| a.cr);
            } else if !self.start_round(s) {
                self.revisited[s] = true;
            }
        }
        Some(outcome)
    }

    /// Starts a revisit round for set `s` if its CR is above 0.10.
    fn start_round(&mut self, s: usize) -> bool {
        let Some(analysis) = self.analysis(s) else {
            return false;
        };
        if !analysis.is_inconsistent() {
            return false;
        }
        let offers: Vec<(usize, usize)> = analysis
            .revisit
            .iter()
            .take(REVISIT_COUNT)
            .map(|r| (r.row, r.col))
            .collect();
        if offers.is_empty() {
            return false;
        }
        self.round = Some(Round {
            set: s,
            offers,
            at: 0,
            changed: false,
            cr: analysis.cr,
        });
        true
    }

    /// The offer at the round's position (skipping entries that no longer
    /// depart after earlier changes of the round).
    fn current_offer(&mut self) -> Option<Offer> {
        loop {
            let round = self.round.as_ref()?;
            let (s, at, cr) = (round.set, round.at, round.cr);
            let Some(&(row, col)) = round.offers.get(at) else {
                // Past the end without a reply (cannot happen via
                // `revisit`, which closes rounds).
                self.round = None;
                return None;
            };
            let found = self.analysis(s).and_then(|analysis| {
                let entry = analysis
                    .revisit
                    .iter()
                    .find(|r| (r.row, r.col) == (row, col) || (r.row, r.col) == (col, row))?;
                let answer = self.answered(s, (row, col))?;
                Some((
                    answer,
                    suggestion(answer, entry.row, entry.col, entry.suggested),
                ))
            });
            match found {
                Some((answer, suggested)) => {
                    return Some(Offer {
                        set: s,
                        answer,
                        suggested,
                        cr,
                        first_of_round: at == 0,
                    });
                }
                None => {
                    if let Some(round) = self.round.as_mut() {
                        round.at += 1;
                        if round.at >= round.offers.len() {
                            let changed = round.changed;
                            self.round = None;
                            if changed {
                                self.start_round(s);
                            }
                            if self.round.is_none() {
                                self.revisited[s] = true;
                                return None;
                            }
                        }
                    }
                }
            }
        }
    }

    fn answered(&self, s: usize, pair: (usize, usize)) -> Option<Answer> {
        let k = self.pairs[s]
            .iter()
            .position(|&p| p == pair || (p.1, p.0) == pair)?;
        match self.slots[s][k] {
            Slot::Answered(a) => Some(a),
            Slot::Open | Slot::Skipped => None,
        }
    }

    /// The advice after `answer` in set `s`.
    fn advise(&self, s: usize, answer: Answer, before: Option<f64>) -> Advice {
        let analysis = self.analysis(s);
        let cr = analysis.as_ref().map(|a| a.cr);
        let jumped = match cr {
            Some(cr) if cr > CR_THRESHOLD => {
                before.is_none_or(|b| b <= CR_THRESHOLD || cr >= b + CR_JUMP)
            }
            _ => false,
        };
        let mut advice = Advice {
            set: s,
            cr,
            cr_before: before,
            jumped,
            conflict: None,
            consistent: None,
        };
        if let (true, Some(analysis)) = (jumped, analysis) {
            advice.conflict = analysis
                .revisit
                .iter()
                .filter(|r| !answer.is_pair((r.row, r.col)))
                .find_map(|r| {
                    let earlier = self.answered(s, (r.row, r.col))?;
                    Some(Conflict {
                        answer: earlier,
                        suggested: suggestion(earlier, r.row, r.col, r.suggested),
                    })
                });
            advice.consistent = analysis
                .revisit
                .iter()
                .find(|r| answer.is_pair((r.row, r.col)))
                .map(|r| suggestion(answer, r.row, r.col, r.suggested))
                // Only news: not the answer just given, as given.
                .filter(|c| {
                    c.first != answer.first || c.strength.value() != answer.strength.value()
                });
        }
        advice
    }

    /// The analysis of set `s`'s answers so far; `None` for a set of two or
    /// while the answers do not connect every item.
    pub fn analysis(&self, s: usize) -> Option<MatrixAnalysis> {
        let set = &self.sets[s];
        if set.ids.len() < 3 {
            return None;
        }
        let judgments = self.judgments(s);
        let site = set.site();
        let matrix = PairwiseMatrix::from_judgments(&set.ids, &judgments, &site).ok()?;
        analyze(
            &matrix,
            self.settings.method,
            self.settings.ri,
            self.settings.completion,
            &site,
        )
        .ok()
    }

    /// Set `s`'s answers as judgments (first over second), in pair order.
    pub fn judgments(&self, s: usize) -> Vec<Judgment> {
        let set = &self.sets[s];
        self.slots[s]
            .iter()
            .filter_map(|slot| match slot {
                Slot::Answered(a) => Some(Judgment::new(
                    set.ids[a.first].clone(),
                    set.ids[a.second].clone(),
                    a.strength.value(),
                )),
                Slot::Open | Slot::Skipped => None,
            })
            .collect()
    }

    /// Set `s`'s answers in pair order (skipped pairs left out).
    pub fn answers(&self, s: usize) -> Vec<Answer> {
        self.slots[s]
            .iter()
            .filter_map(|slot| match slot {
                Slot::Answered(a) => Some(*a),
                Slot::Open | Slot::Skipped => None,
            })
            .collect()
    }

    /// How many pairs of set `s` were skipped.
    pub fn skipped(&self, s: usize) -> usize {
        self.slots[s]
            .iter()
            .filter(|s| **s == Slot::Skipped)
            .count()
    }

    /// The group these answers describe: the weights, and its own
    /// judgments of the alternatives where it was asked them.
    pub fn to_group(&self, id: &str, name: &str, seats: f64) -> GroupSpec {
        GroupSpec {
            id: id.to_string(),
            name: name.to_string(),
            seats,
            weights: (0..self.sets.len())
                .filter(|&s| !self.sets[s].alternatives)
                .map(|s| {
                    (
                        self.sets[s].site(),
                        WeightsSpec::Judgments(self.judgments(s)),
                    )
                })
                .collect(),
            assessments: (0..self.sets.len())
                .filter(|&s| self.sets[s].alternatives)
                .filter_map(|s| Some((self.sets[s].key.clone()?, self.judgments(s))))
                .collect(),
        }
    }
}

/// One entry of the record of answers, by ids: `value` is first over
/// second, `None` for a skipped pair.
#[derive(Debug, Clone, PartialEq)]
pub struct Recorded {
    pub site: Site,
    pub first: String,
    pub second: String,
    pub value: Option<f64>,
    /// Typed as a number rather than a word of the scale.
    pub typed_number: bool,
}

/// The suggested value for `answer` from a revisit entry (row over col by
/// `suggested`), oriented as the answer where it keeps the same winner.
fn suggestion(answer: Answer, row: usize, col: usize, suggested: f64) -> Answer {
    let value = if (row, col) == (answer.first, answer.second) {
        suggested
    } else {
        1.0 / suggested
    };
    let mut s = Answer::from_value((answer.first, answer.second), value);
    // The scale's values are whole steps; keep them as words.
    if let Strength::Number(v) = s.strength {
        s.strength = Strength::Step(v.round().clamp(1.0, 9.0) as u8);
    }
    s
}

/// Whether `edges` connect all `n` items.
fn connected(n: usize, edges: &[(usize, usize)]) -> bool {
    let mut seen = vec![false; n];
    let mut stack = vec![0];
    if n == 0 {
        return true;
    }
    seen[0] = true;
    while let Some(v) = stack.pop() {
        for &(a, b) in edges {
            let other = if a == v {
                b
            } else if b == v {
                a
            } else {
                continue;
            };
            if !seen[other] {
                seen[other] = true;
                stack.push(other);
            }
        }
    }
    seen.into_iter().all(|s| s)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set(n: usize) -> SiblingSet {
        SiblingSet {
            key: None,
            title: "goal".into(),
            ids: (0..n).map(|i| format!("c{i}")).collect(),
            names: (0..n).map(|i| format!("C{i}")).collect(),
            descriptions: vec![String::new(); n],
            alternatives: false,
        }
    }

    fn step(v: u8) -> Strength {
        Strength::Step(v)
    }

    #[test]
    fn questions_come_in_pair_order_and_back_reopens_the_last() {
        let mut q = Questionnaire::new(vec![set(3)], Settings::default());
        assert_eq!(q.next_question().unwrap().pair, (0, 1));
        q.answer(Reply::First(step(3))).unwrap();
        assert_eq!(q.next_question().unwrap().pair, (0, 2));
        assert!(q.back());
        let again = q.next_question().unwrap();
        assert_eq!((again.pair, again.number, again.of), ((0, 1), 1, 3));
        assert!(!q.back());
    }

    fn sub(key: &str, n: usize) -> SiblingSet {
        SiblingSet {
            key: Some(key.into()),
            title: key.into(),
            ids: (0..n).map(|i| format!("{key}{i}")).collect(),
            names: (0..n).map(|i| format!("{key}{i}")).collect(),
            descriptions: vec![String::new(); n],
            alternatives: false,
        }
    }

    #[test]
    fn spanning_first_asks_every_sets_chain_before_the_rest() {
        let mut q = Questionnaire::spanning_first(vec![set(4), sub("s", 3)], Settings::default());
        let mut asked = Vec::new();
        while let Step::Question(question) = q.next_step() {
            asked.push((question.set, question.pair));
            q.answer(Reply::Equal).unwrap();
        }
        assert_eq!(
            asked,
            [
                (0, (0, 1)),
                (0, (1, 2)),
                (0, (2, 3)),
                (1, (0, 1)),
                (1, (1, 2)),
                (0, (0, 2)),
                (0, (0, 3)),
                (0, (1, 3)),
                (1, (0, 2)),
            ]
        );
        // After the first pass (3 + 2 answers) every set has weights.
        let mut first_pass =
            Questionnaire::spanning_first(vec![set(4), sub("s", 3)], Settings::default());
        for _ in 0..5 {
            first_pass.answer(Reply::First(step(2))).unwrap();
        }
        assert!(first_pass.analysis(0).is_some());
        assert_eq!(first_pass.progress(), (5, 9));
    }

    #[test]
    fn spanning_first_revisits_a_set_when_its_last_pair_is_answered() {
        // c0 > c1 > c2 by 9 each, then c0 = c2: far from consistent.
        let mut q = Questionnaire::spanning_first(vec![set(3), sub("s", 3)], Settings::default());
        q.answer(Reply::First(step(9))).unwrap(); // c0–c1
        q.answer(Reply::First(step(9))).unwrap(); // c1–c2
        q.answer(Reply::Equal).unwrap(); // s0–s1
        q.answer(Reply::Equal).unwrap(); // s1–s2
        q.answer(Reply::Equal).unwrap(); // c0–c2: set 0 done
        assert!(matches!(q.next_step(), Step::Revisit(offer) if offer.set == 0));
    }

    #[test]
    fn reopen_asks_the_pair_again_with_its_answer_offered() {
        let mut q = Questionnaire::new(vec![set(3)], Settings::default());
        q.answer(Reply::First(step(3))).unwrap();
        q.answer(Reply::First(step(5))).unwrap();
        q.answer(Reply::First(step(2))).unwrap();
        assert_eq!(q.next_step(), Step::Done);
        assert!(q.reopen(&Site::Goal, "c2", "c0"));
        let again = q.next_question().unwrap();
        assert_eq!(again.pair, (0, 2));
        assert_eq!(
            again.current,
            Some(Answer {
                first: 0,
                second: 2,
                strength: step(5)
            })
        );
        assert_eq!(q.progress(), (2, 3));
        // Already open, or unknown: nothing to reopen.
        assert!(!q.reopen(&Site::Goal, "c0", "c2"));
        assert!(!q.reopen(&Site::Goal, "c0", "nope"));
        q.answer(Reply::First(step(4))).unwrap();
        assert_eq!(q.next_step(), Step::Done);
        assert_eq!(q.judgments(0)[1].value, 4.0);
    }

    #[test]
    fn a_skip_that_would_disconnect_is_refused() {
        // Three items: skipping (0,1) and (0,2) would leave item 0 alone.
        let mut q = Questionnaire::new(vec![set(3)], Settings::default());
        q.skip().unwrap();
        assert_eq!(q.skip(), Err(SkipError::WouldDisconnect));
        q.answer(Reply::Second(step(2))).unwrap();
        q.answer(Reply::Equal).unwrap();
        assert_eq!(q.next_step(), Step::Done);
        assert_eq!(q.skipped(0), 1);
        // Two items: the only pair cannot be skipped.
        let mut two = Questionnaire::new(vec![set(2)], Settings::default());
        assert_eq!(two.skip(), Err(SkipError::WouldDisconnect));
    }

    /// A draft that skips every pair (hand-edited) replays only the skips
    /// that keep the set connected; the others are asked again, so the
    /// survey cannot end with a set that does not connect.
    #[test]
    fn a_draft_skipping_too_much_replays_only_what_skip_allows() {
        let mut q = Questionnaire::new(vec![set(3)], Settings::default());
        let record: Vec<Recorded> = [("c0", "c1"), ("c0", "c2"), ("c1", "c2")]
            .iter()
            .map(|(a, b)| Recorded {
                site: Site::Goal,
                first: a.to_string(),
                second: b.to_string(),
                value: None,
                typed_number: false,
            })
            .collect();
        assert_eq!(q.replay(&record), 1);
        assert_eq!(q.skipped(0), 1);
        // The rest is asked, and answering it completes a connected set.
        q.answer(Reply::Equal).unwrap();
        q.answer(Reply::Equal).unwrap();
        assert_eq!(q.next_step(), Step::Done);
    }

    #[test]
    fn the_answer_that_makes_cr_jump_names_the_answer_it_conflicts_with() {
        // C0 > C1 (3), C2 > C0 (5): the gap (1, 2) is completed (Harker),
        // so the set is still consistent. C1 > C2 (3) then closes a circle.
        let mut q = Questionnaire::new(vec![set(3)], Settings::default());
        q.answer(Reply::First(step(3))).unwrap();
        let advice = q.answer(Reply::Second(step(5))).unwrap();
        assert!(advice.cr.unwrap() < 1e-9 && !advice.jumped, "{advice:?}");
        let advice = q.answer(Reply::First(step(3))).unwrap();
        assert!(advice.jumped, "{advice:?}");
        assert!(advice.cr.unwrap() > CR_THRESHOLD);
        let conflict = advice.conflict.unwrap();
        assert!(conflict.answer.is_pair((0, 1)) || conflict.answer.is_pair((0, 2)));
        // The consistent value of the pair just answered: the row geometric
        // means are 0.843, 1 and 1.186 (C0, C1, C2), so w1/w2 = 0.843, whose
        // nearest step on Saaty's scale is 1: equal.
        let consistent = advice.consistent.unwrap();
        assert_eq!(consistent.strength, Strength::Step(1));
        // A revisit round follows, and taking every suggestion ends it.
        let mut rounds = 0;
        while let Step::Revisit(_) = q.next_step() {
            q.revisit(RevisitReply::Suggestion).unwrap();
            rounds += 1;
            assert!(rounds < 20);
        }
        assert_eq!(q.next_step(), Step::Done);
        assert!(q.analysis(0).unwrap().cr <= CR_THRESHOLD);
    }

    #[test]
    fn a_record_replays_to_the_same_answers_and_keeping_ends_a_revisit() {
        let mut q = Questionnaire::new(vec![set(3), set(2)], Settings::default());
        q.answer(Reply::First(Strength::Number(2.5))).unwrap();
        q.skip().unwrap();
        q.answer(Reply::Second(step(9))).unwrap();
        let record = q.record();
        let mut again = Questionnaire::new(vec![set(3), set(2)], Settings::default());
        assert_eq!(again.replay(&record), 3);
        assert_eq!(again.answers(0), q.answers(0));
        assert_eq!(again.skipped(0), 1);
        assert_eq!(again.next_question().unwrap().set, 1);
        // The current answer of a re-run script is kept with one call.
        again.set_current(&Site::Goal, &[Judgment::new("c1", "c0", 4.0)]);
        let mut fresh = Questionnaire::new(vec![set(3)], Settings::default());
        fresh.set_current(&Site::Goal, &[Judgment::new("c1", "c0", 4.0)]);
        let question = fresh.next_question().unwrap();
        assert_eq!(question.current.unwrap().first, 1);
        fresh.keep_current().unwrap();
        assert_eq!(fresh.judgments(0), [Judgment::new("c1", "c0", 4.0)]);
        // Inconsistent, then every offer kept: the round ends, answers stay.
        fresh.answer(Reply::First(step(9))).unwrap();
        fresh.answer(Reply::First(step(9))).unwrap();
        let before = fresh.answers(0);
        let mut kept = None;
        while let Step::Revisit(_) = fresh.next_step() {
            kept = fresh
                .revisit(RevisitReply::Keep)
                .unwrap()
                .kept_with
                .or(kept);
        }
        assert!(kept.unwrap() > CR_THRESHOLD);
        assert_eq!(fresh.answers(0), before);
        let group = fresh.to_group("g", "G", 3.0);
        assert_eq!(group.weights.len(), 1);
    }
}
