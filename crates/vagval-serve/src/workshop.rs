//! The workshop's state without I/O: the participants' questionnaires, what
//! is revealed, anonymity, closing. Every change is a `Record`; the server
//! stages it (validates it against the current state, nothing changed),
//! appends it to the fsync'd journal, then commits it, so the state after a
//! restart is the journal replayed, record by record, through the same code.

use crate::roster::Roster;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use vagval_core::pairwise::Judgment;
use vagval_core::settings::Settings;
use vagval_workspace::questionnaire::{
    Advice, Questionnaire, Reply, RevisitReply, SiblingSet, Step, Strength,
};

/// The longest comment kept with an answer, in characters.
pub const MAX_COMMENT: usize = 600;

/// The most changes one participant may make in a session: far beyond an
/// honest questionnaire's (a few hundred at most), and a bound on the
/// journal a hostile link can write (about 2.5 MB).
pub const MAX_RECORDS: usize = 2000;

/// One change to the workshop, as journalled.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Record {
    /// A participant's answer to the open question: `first` over `second`
    /// by `value`; `None` is "don't know".
    Answer {
        participant: String,
        set: String,
        first: String,
        second: String,
        value: Option<f64>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        comment: Option<String>,
    },
    /// Undo the participant's last answer.
    Back {
        participant: String,
    },
    /// The reply to an answer offered again because its set's CR is high.
    Revisit {
        participant: String,
        set: String,
        first: String,
        second: String,
        reply: RevisitChoice,
    },
    Reveal {
        set: String,
    },
    Hide {
        set: String,
    },
    Anonymous {
        on: bool,
    },
    /// A new round on one judgment: everyone answers it again.
    Reopen {
        set: String,
        first: String,
        second: String,
    },
    Revoke {
        participant: String,
    },
    Close,
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum RevisitChoice {
    Keep,
    Suggestion,
    /// `first` over `second` of the record.
    Value(f64),
}

/// Why a record is refused (nothing is journalled).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    UnknownParticipant,
    Revoked,
    Closed,
    /// Not the question open now (a second tab, a double submit, a reopen).
    Stale,
    BadValue,
    /// "Don't know" here would leave the set without a way to connect.
    CannotSkip,
    NothingToUndo,
    /// The participant has made `MAX_RECORDS` changes already.
    TooMany,
    /// The answer to undo is in a set already revealed (and not reopened):
    /// changing it after seeing the results would bypass a new round.
    Revealed,
    UnknownSet,
    UnknownPair,
    CommentTooLong,
}

/// A political group at the table.
#[derive(Debug, Clone)]
pub struct GroupInfo {
    pub id: String,
    pub name: String,
    pub seats: f64,
    /// The group's own judgments of the alternatives (from its script),
    /// kept when the session writes the script.
    pub assessments: Vec<(String, Vec<Judgment>)>,
}

#[derive(Debug, Clone)]
pub struct Person {
    pub q: Questionnaire,
    pub revoked: bool,
    /// Comments by (set, first item, second item), items in pair order.
    pub comments: BTreeMap<(usize, usize, usize), String>,
    /// The advice after the last answer (shown once; not journalled).
    pub advice: Option<Advice>,
    /// Changes this participant has made (answers, backs, revisits).
    pub records: usize,
}

pub struct Workshop {
    pub sets: Vec<SiblingSet>,
    pub settings: Settings,
    pub roster: Roster,
    pub groups: Vec<GroupInfo>,
    pub people: Vec<Person>,
    pub revealed: Vec<bool>,
    /// Pairs (set, i, j) the facilitator reopened: their answers may change
    /// after a reveal.
    pub reopened: std::collections::BTreeSet<(usize, usize, usize)>,
    pub anonymous: bool,
    pub closed: bool,
    /// Bumped by every commit: streams and caches compare it.
    pub version: u64,
}

/// A validated change, ready to commit.
pub struct Staged {
    record: Record,
    people: Vec<(usize, Person)>,
}

/// A set's key in forms and the journal: `goal`, a parent criterion's id,
/// or `alternatives:<leaf>` for the alternatives on a leaf.
pub fn set_key(set: &SiblingSet) -> String {
    match (&set.key, set.alternatives) {
        (None, _) => "goal".to_string(),
        (Some(leaf), true) => format!("alternatives:{leaf}"),
        (Some(id), false) => id.clone(),
    }
}

impl Workshop {
    pub fn new(
        sets: Vec<SiblingSet>,
        settings: Settings,
        roster: Roster,
        groups: Vec<GroupInfo>,
    ) -> Workshop {
        let people = roster
            .participants
            .iter()
            .map(|_| Person {
                q: Questionnaire::spanning_first(sets.clone(), settings),
                revoked: false,
                comments: BTreeMap::new(),
                advice: None,
                records: 0,
            })
            .collect();
        Workshop {
            revealed: vec![false; sets.len()],
            reopened: std::collections::BTreeSet::new(),
            sets,
            settings,
            roster,
            groups,
            people,
            anonymous: false,
            closed: false,
            version: 0,
        }
    }

    pub fn set_index(&self, key: &str) -> Option<usize> {
        self.sets.iter().position(|s| set_key(s) == key)
    }

    /// (set, (i, j)) of two ids in pair order.
    fn pair(
        &self,
        set: &str,
        first: &str,
        second: &str,
    ) -> Result<(usize, (usize, usize)), Refusal> {
        let s = self.set_index(set).ok_or(Refusal::UnknownSet)?;
        let ids = &self.sets[s].ids;
        let a = ids
            .iter()
            .position(|id| id == first)
            .ok_or(Refusal::UnknownPair)?;
        let b = ids
            .iter()
            .position(|id| id == second)
            .ok_or(Refusal::UnknownPair)?;
        if a == b {
            return Err(Refusal::UnknownPair);
        }
        Ok((s, (a.min(b), a.max(b))))
    }

    fn person(&self, participant: &str) -> Result<usize, Refusal> {
        let p = self
            .roster
            .by_id(participant)
            .ok_or(Refusal::UnknownParticipant)?;
        if self.people[p].revoked {
            return Err(Refusal::Revoked);
        }
        if self.closed {
            return Err(Refusal::Closed);
        }
        if self.people[p].records >= MAX_RECORDS {
            return Err(Refusal::TooMany);
        }
        Ok(p)
    }

    /// Checks `record` against the state and prepares its effect.
    pub fn stage(&self, record: &Record) -> Result<Staged, Refusal> {
        let mut people = Vec::new();
        match record {
            Record::Answer {
                participant,
                set,
                first,
                second,
                value,
                comment,
            } => {
                let p = self.person(participant)?;
                let (s, pair) = self.pair(set, first, second)?;
                if comment
                    .as_ref()
                    .is_some_and(|c| c.chars().count() > MAX_COMMENT)
                {
                    return Err(Refusal::CommentTooLong);
                }
                let mut person = self.people[p].clone();
                match person.q.next_step() {
                    Step::Question(q) if q.set == s && q.pair == pair => {}
                    _ => return Err(Refusal::Stale),
                }
                person.advice = match value {
                    None => {
                        person.q.skip().map_err(|_| Refusal::CannotSkip)?;
                        None
                    }
                    Some(v) if v.is_finite() && *v > 0.0 && (1.0 / 9.0..=9.0).contains(v) => {
                        let ids = &self.sets[s].ids;
                        // Oriented as the pair: the value of item i over j.
                        let of_pair = if ids[pair.0] == *first { *v } else { 1.0 / v };
                        let reply = if (of_pair - 1.0).abs() < 1e-12 {
                            Reply::Equal
                        } else if of_pair > 1.0 {
                            Reply::First(Strength::of(of_pair))
                        } else {
                            Reply::Second(Strength::of(1.0 / of_pair))
                        };
                        person.q.answer(reply)
                    }
                    Some(_) => return Err(Refusal::BadValue),
                };
                match comment.as_deref().map(str::trim) {
                    Some(text) if !text.is_empty() => {
                        person
                            .comments
                            .insert((s, pair.0, pair.1), text.to_string());
                    }
                    _ => {
                        person.comments.remove(&(s, pair.0, pair.1));
                    }
                }
                people.push((p, person));
            }
            Record::Back { participant } => {
                let p = self.person(participant)?;
                let mut person = self.people[p].clone();
                if !self.may_undo(&person) {
                    return Err(Refusal::Revealed);
                }
                if !person.q.back() {
                    return Err(Refusal::NothingToUndo);
                }
                person.advice = None;
                people.push((p, person));
            }
            Record::Revisit {
                participant,
                set,
                first,
                second,
                reply,
            } => {
                let p = self.person(participant)?;
                let (s, pair) = self.pair(set, first, second)?;
                let mut person = self.people[p].clone();
                let offer = match person.q.next_step() {
                    Step::Revisit(offer) if offer.set == s && offer.answer.is_pair(pair) => offer,
                    _ => return Err(Refusal::Stale),
                };
                let reply = match reply {
                    RevisitChoice::Keep => RevisitReply::Keep,
                    RevisitChoice::Suggestion => RevisitReply::Suggestion,
                    RevisitChoice::Value(v) if v.is_finite() && (1.0 / 9.0..=9.0).contains(v) => {
                        let ids = &self.sets[s].ids;
                        let oriented = if ids[offer.answer.first] == *first {
                            *v
                        } else {
                            1.0 / v
                        };
                        RevisitReply::New(oriented)
                    }
                    RevisitChoice::Value(_) => return Err(Refusal::BadValue),
                };
                person.q.revisit(reply);
                person.advice = None;
                people.push((p, person));
            }
            Record::Reveal { set } | Record::Hide { set } => {
                self.set_index(set).ok_or(Refusal::UnknownSet)?;
            }
            Record::Anonymous { .. } => {}
            Record::Reopen { set, first, second } => {
                if self.closed {
                    return Err(Refusal::Closed);
                }
                let (s, _) = self.pair(set, first, second)?;
                let site = self.sets[s].site();
                for (p, person) in self.people.iter().enumerate() {
                    let mut person = person.clone();
                    if person.q.reopen(&site, first, second) {
                        person.advice = None;
                        people.push((p, person));
                    }
                }
            }
            Record::Revoke { participant } => {
                self.roster
                    .by_id(participant)
                    .ok_or(Refusal::UnknownParticipant)?;
            }
            Record::Close => {
                if self.closed {
                    return Err(Refusal::Closed);
                }
            }
        }
        Ok(Staged {
            record: record.clone(),
            people,
        })
    }

    /// Applies a staged change (after it is journalled).
    pub fn commit(&mut self, staged: Staged) {
        let own = matches!(
            staged.record,
            Record::Answer { .. } | Record::Back { .. } | Record::Revisit { .. }
        );
        for (p, mut person) in staged.people {
            if own {
                person.records += 1;
            }
            self.people[p] = person;
        }
        match staged.record {
            Record::Reveal { set } => {
                if let Some(s) = self.set_index(&set) {
                    self.revealed[s] = true;
                }
            }
            Record::Hide { set } => {
                if let Some(s) = self.set_index(&set) {
                    self.revealed[s] = false;
                }
            }
            Record::Anonymous { on } => self.anonymous = on,
            Record::Reopen { set, first, second } => {
                if let Ok((s, (i, j))) = self.pair(&set, &first, &second) {
                    self.reopened.insert((s, i, j));
                }
            }
            Record::Revoke { participant } => {
                if let Some(p) = self.roster.by_id(&participant) {
                    self.people[p].revoked = true;
                }
            }
            Record::Close => self.closed = true,
            Record::Answer { .. } | Record::Back { .. } | Record::Revisit { .. } => {}
        }
        self.version += 1;
    }

    /// Replays journalled records; returns how many did not apply (none,
    /// unless the workspace's criteria changed since they were written).
    pub fn replay(&mut self, records: &[Record]) -> usize {
        let mut refused = 0;
        for record in records {
            match self.stage(record) {
                Ok(staged) => self.commit(staged),
                Err(_) => refused += 1,
            }
        }
        // Advice is said once, after the answer; a restart shows none.
        for person in &mut self.people {
            person.advice = None;
        }
        refused
    }

    /// Whether `person`'s last answer is one they may undo now: its set
    /// not revealed, or the pair reopened (true with nothing to undo: that
    /// refusal is `NothingToUndo`'s).
    pub fn may_undo(&self, person: &Person) -> bool {
        person
            .q
            .last()
            .is_none_or(|(s, (i, j))| !self.revealed[s] || self.reopened.contains(&(s, i, j)))
    }

    /// Group `g`'s number in anonymous mode (0-based): its place when the
    /// groups are ordered by a hash of the session's presenter secret and
    /// the group's id — the same for the whole session, unrelated to the
    /// order the groups are loaded in (which anyone could guess).
    pub fn anonymous_number(&self, g: usize) -> usize {
        let key = |g: usize| {
            let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
            for b in self
                .roster
                .presenter
                .bytes()
                .chain([0])
                .chain(self.groups[g].id.bytes())
            {
                hash ^= u64::from(b);
                hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
            }
            hash
        };
        let mine = key(g);
        (0..self.groups.len())
            .filter(|&h| (key(h), h) < (mine, g))
            .count()
    }

    /// What participant `p` is asked now.
    pub fn step(&self, p: usize) -> Step {
        self.people[p].q.clone().next_step()
    }

    /// Every set revealed.
    pub fn all_revealed(&self) -> bool {
        self.revealed.iter().all(|r| *r)
    }

    /// Participant `p`'s largest CR over the sets (None while no set of
    /// three or more connects).
    pub fn member_cr(&self, p: usize) -> Option<f64> {
        (0..self.sets.len())
            .filter_map(|s| self.people[p].q.analysis(s).map(|a| a.cr))
            .reduce(f64::max)
    }

    /// Indices of the participants of group `g` (revoked left out).
    pub fn members(&self, group: &str) -> Vec<usize> {
        self.roster
            .participants
            .iter()
            .enumerate()
            .filter(|(p, part)| part.group == group && !self.people[*p].revoked)
            .map(|(p, _)| p)
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use vagval_workspace::questionnaire::SiblingSet;

    pub(crate) fn sets() -> Vec<SiblingSet> {
        vec![SiblingSet {
            key: None,
            title: "Mål".into(),
            ids: vec!["a".into(), "b".into(), "c".into()],
            names: vec!["Ära".into(), "Bö".into(), "Cé".into()],
            descriptions: vec![String::new(); 3],
            alternatives: false,
        }]
    }

    fn workshop() -> Workshop {
        let roster = Roster::new(&[("g".into(), 2)]).unwrap();
        Workshop::new(sets(), Settings::default(), roster, Vec::new())
    }

    fn answer(p: &str, first: &str, second: &str, value: Option<f64>) -> Record {
        Record::Answer {
            participant: p.into(),
            set: "goal".into(),
            first: first.into(),
            second: second.into(),
            value,
            comment: None,
        }
    }

    fn apply(w: &mut Workshop, r: &Record) -> Result<(), Refusal> {
        let staged = w.stage(r)?;
        w.commit(staged);
        Ok(())
    }

    #[test]
    fn only_the_open_question_is_answered_and_a_replay_gives_the_same_state() {
        let mut w = workshop();
        let mut journal = Vec::new();
        // The first pass is the chain: a–b, then b–c.
        assert_eq!(
            apply(&mut w, &answer("g-1", "b", "c", Some(3.0))),
            Err(Refusal::Stale)
        );
        for r in [
            answer("g-1", "b", "a", Some(3.0)),
            answer("g-1", "b", "c", Some(2.0)),
            answer("g-2", "a", "b", None),
            Record::Back {
                participant: "g-2".into(),
            },
            answer("g-2", "a", "b", Some(1.0 / 5.0)),
        ] {
            apply(&mut w, &r).unwrap();
            journal.push(r);
        }
        assert_eq!(
            apply(&mut w, &answer("g-9", "a", "b", Some(3.0))),
            Err(Refusal::UnknownParticipant)
        );
        assert_eq!(
            apply(&mut w, &answer("g-1", "a", "c", Some(10.0))),
            Err(Refusal::BadValue)
        );
        let first = &w.people[0].q.judgments(0)[0];
        assert_eq!(
            (first.first.as_str(), first.second.as_str(), first.value),
            ("b", "a", 3.0)
        );
        let mut again = workshop();
        again.roster = w.roster.clone();
        assert_eq!(again.replay(&journal), 0);
        for p in 0..2 {
            assert_eq!(again.people[p].q.record(), w.people[p].q.record());
        }
        assert_eq!(again.version, w.version);
    }

    #[test]
    fn a_revoked_or_closed_session_takes_no_answers() {
        let mut w = workshop();
        apply(
            &mut w,
            &Record::Revoke {
                participant: "g-2".into(),
            },
        )
        .unwrap();
        assert_eq!(
            apply(&mut w, &answer("g-2", "a", "b", Some(3.0))),
            Err(Refusal::Revoked)
        );
        assert_eq!(w.members("g"), [0]);
        apply(&mut w, &Record::Close).unwrap();
        assert_eq!(
            apply(&mut w, &answer("g-1", "a", "b", Some(3.0))),
            Err(Refusal::Closed)
        );
    }

    #[test]
    fn a_reopened_judgment_is_asked_again_of_everyone_who_answered_it() {
        let mut w = workshop();
        for p in ["g-1", "g-2"] {
            apply(&mut w, &answer(p, "a", "b", Some(3.0))).unwrap();
            apply(&mut w, &answer(p, "b", "c", Some(3.0))).unwrap();
            apply(&mut w, &answer(p, "a", "c", Some(9.0))).unwrap();
        }
        assert!(matches!(w.step(0), Step::Done));
        let reopen = Record::Reopen {
            set: "goal".into(),
            first: "a".into(),
            second: "c".into(),
        };
        apply(&mut w, &reopen).unwrap();
        for p in 0..2 {
            match w.step(p) {
                Step::Question(q) => assert_eq!(q.pair, (0, 2)),
                other => panic!("expected the reopened question, got {other:?}"),
            }
        }
    }

    #[test]
    fn a_participant_has_a_budget_of_changes() {
        let mut w = workshop();
        apply(&mut w, &answer("g-1", "a", "b", Some(3.0))).unwrap();
        apply(
            &mut w,
            &Record::Back {
                participant: "g-1".into(),
            },
        )
        .unwrap();
        assert_eq!(w.people[0].records, 2);
        w.people[0].records = MAX_RECORDS;
        assert_eq!(
            apply(&mut w, &answer("g-1", "a", "b", Some(3.0))),
            Err(Refusal::TooMany)
        );
        // Another participant is not affected.
        apply(&mut w, &answer("g-2", "a", "b", Some(3.0))).unwrap();
    }

    #[test]
    fn anonymous_numbers_are_a_permutation_set_by_the_sessions_secret() {
        let roster = Roster::new(&[
            ("a".into(), 1),
            ("b".into(), 1),
            ("c".into(), 1),
            ("d".into(), 1),
        ])
        .unwrap();
        let groups: Vec<GroupInfo> = ["a", "b", "c", "d"]
            .iter()
            .map(|id| GroupInfo {
                id: id.to_string(),
                name: id.to_uppercase(),
                seats: 1.0,
                assessments: Vec::new(),
            })
            .collect();
        let mut w = Workshop::new(sets(), Settings::default(), roster, groups);
        let numbers = |w: &Workshop| (0..4).map(|g| w.anonymous_number(g)).collect::<Vec<_>>();
        let first = numbers(&w);
        let mut sorted = first.clone();
        sorted.sort_unstable();
        assert_eq!(sorted, [0, 1, 2, 3]);
        assert_eq!(numbers(&w), first, "stable within a session");
        // Another session's secret orders them otherwise (some secret of a
        // few does: 24 orders in all).
        let differs = (0..50).any(|k| {
            w.roster.presenter = format!("{k:032x}");
            numbers(&w) != first
        });
        assert!(differs);
    }

    #[test]
    fn comments_are_bounded_and_kept_by_pair() {
        let mut w = workshop();
        let mut long = answer("g-1", "a", "b", Some(3.0));
        if let Record::Answer { comment, .. } = &mut long {
            *comment = Some("å".repeat(MAX_COMMENT + 1));
        }
        assert_eq!(apply(&mut w, &long), Err(Refusal::CommentTooLong));
        let mut kept = answer("g-1", "b", "a", Some(3.0));
        if let Record::Answer { comment, .. } = &mut kept {
            *comment = Some("  Närhet spelar roll ".into());
        }
        apply(&mut w, &kept).unwrap();
        assert_eq!(w.people[0].comments[&(0, 0, 1)], "Närhet spelar roll");
    }
}
