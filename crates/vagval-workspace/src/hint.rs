//! What would be right, after a core error: the `hint:` lines of the
//! workspace's diagnostics, in English and Swedish, written in one place.
//! Every `match` names every variant, so a new hint does not compile until
//! it has both texts.

use vagval_core::Language::{self, En, Sv};
use vagval_core::{Error, JudgmentErrorKind};

/// A hint after a core error, with the facts of the workspace it names.
#[derive(Debug, Clone, PartialEq)]
pub enum Hint {
    /// After a judgment the core refused.
    Judgment(JudgmentHint),
    /// After a judgment value that is not a number, fraction or label.
    JudgmentValue,
    /// After comparisons that fall apart in two groups.
    LinkGroups,
    /// After a criterion id used twice: where it is first used, if known.
    OwnCriterionId { first: Option<String> },
    /// After a parent that does not exist: the criteria's ids in backticks.
    ParentIds { ids: String },
    /// After a cycle of parents.
    BreakCycle,
    /// After an alternative id used twice.
    OwnAlternativeId,
    /// After a criterion with sub-criteria that also assesses alternatives.
    RemoveAssessment,
    /// After a leaf criterion without an assessment.
    AddAssessment,
    /// After weights on a criterion without sub-criteria.
    RemoveWeights,
    /// After no weights for the top-level criteria: `"a" = 1, "b" = 1`.
    AddGoalWeights { direct: String },
    /// After no weights for a criterion's sub-criteria.
    AddWeights,
    /// After a decision without alternatives.
    AddAlternatives,
    /// After a decision without criteria.
    AddCriteria,
    /// After an alternative without a rating or value.
    EveryAlternative,
    /// After direct weights that leave an item out.
    WeightEveryItem,
    /// After direct weights that are all zero.
    PositiveWeight,
    /// After a λmax-optimal completion refused as too large.
    Completion,
}

/// What to do about a judgment the core refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JudgmentHint {
    UnknownItem,
    SelfComparison,
    BadValue,
    Twice,
    /// A kind the core added after this was written (the enum is
    /// non-exhaustive): where the format is described.
    Other,
}

impl JudgmentHint {
    /// The hint for the judgment's problem `kind`.
    pub fn of(kind: &JudgmentErrorKind) -> Self {
        use JudgmentErrorKind as K;
        match kind {
            K::UnknownItem { .. } => JudgmentHint::UnknownItem,
            K::SelfComparison { .. } => JudgmentHint::SelfComparison,
            K::NotPositiveFinite { .. } | K::OutOfRange { .. } => JudgmentHint::BadValue,
            K::Duplicate { .. } | K::Contradictory { .. } => JudgmentHint::Twice,
            _ => JudgmentHint::Other,
        }
    }

    fn text(self, l: Language) -> &'static str {
        match self {
            JudgmentHint::UnknownItem => l.pick(
                "use one of the ids listed (ids are compared exactly: case, spaces and accents count)",
                "använd ett av de id:n som räknas upp (id:n jämförs exakt: versaler, mellanslag och accenter räknas)",
            ),
            JudgmentHint::SelfComparison => l.pick(
                "compare two different items; an item against itself is always 1",
                "jämför två olika poster; en post mot sig själv är alltid 1",
            ),
            JudgmentHint::BadValue => l.pick(
                "write a positive number, usually 1 to 9 (Saaty's scale) or a fraction such as \"1/3\"",
                "skriv ett positivt tal, oftast 1 till 9 (Saatys skala) eller ett bråk som \"1/3\"",
            ),
            JudgmentHint::Twice => l.pick(
                "keep one judgment per pair and remove the other",
                "behåll en bedömning per par och ta bort den andra",
            ),
            JudgmentHint::Other => l.pick(
                "docs/workspace-format.md, \"Judgments\", shows what a judgment may be",
                "docs/workspace-format.md, \"Judgments\", visar vad en bedömning kan vara",
            ),
        }
    }
}

impl Hint {
    /// The hint that follows `error` whatever the workspace, if any (the
    /// ones that name the workspace's files are made by `Workspace::diagnose`).
    pub fn of(error: &Error) -> Option<Hint> {
        match error {
            Error::CompletionTooLarge { .. } => Some(Hint::Completion),
            _ => None,
        }
    }

    /// Both texts, English first, as `Diagnostic::hint_both` takes them.
    pub fn both(&self) -> (String, String) {
        (self.text(En), self.text(Sv))
    }

    /// The hint in `l`.
    pub fn text(&self, l: Language) -> String {
        match self {
            Hint::Judgment(hint) => hint.text(l).to_string(),
            Hint::JudgmentValue => {
                let labels = vagval_core::scale::label_summary(l);
                match l {
                    En => format!(
                        "write a positive number, a fraction like \"1/3\", or a label: {labels}"
                    ),
                    Sv => format!(
                        "skriv ett positivt tal, ett bråk som \"1/3\" eller en skalnivå i ord: {labels}"
                    ),
                }
            }
            Hint::OwnCriterionId { first: Some(at) } => match l {
                En => format!("the id is first used in {at}; give each criterion its own id"),
                Sv => format!("id:t används först i {at}; ge varje kriterium ett eget id"),
            },
            Hint::ParentIds { ids } => match l {
                En => format!("the parent must be the id of another criterion: {ids}"),
                Sv => format!(
                    "det överordnade kriteriet ska anges med id:t för ett annat kriterium: {ids}"
                ),
            },
            Hint::AddGoalWeights { direct } => match l {
                En => format!(
                    "add a [weights] table to vagval.toml, e.g. here at its end: `[weights]` and on the next line `direct = {{ {direct} }}`, or pairwise `judgments`"
                ),
                Sv => format!(
                    "lägg till en tabell [weights] i vagval.toml, t.ex. här i slutet: `[weights]` och på raden efter `direct = {{ {direct} }}`, eller parvisa bedömningar (`judgments`)"
                ),
            },
            Hint::OwnCriterionId { first: None } => l.pick(
                "give each criterion its own id",
                "ge varje kriterium ett eget id",
            )
            .to_string(),
            Hint::LinkGroups => l.pick(
                "add a judgment linking the two groups",
                "lägg till en bedömning som binder ihop de två grupperna",
            )
            .to_string(),
            Hint::BreakCycle => l.pick(
                "a criterion cannot be its own ancestor; one of these must have another parent or none",
                "ett kriterium kan inte ligga under sig självt; ett av dem måste få ett annat överordnat kriterium eller inget",
            )
            .to_string(),
            Hint::OwnAlternativeId => l.pick(
                "give each alternative its own id",
                "ge varje alternativ ett eget id",
            )
            .to_string(),
            Hint::RemoveAssessment => l.pick(
                "remove its [pairwise]/[ratings]/[data] table: its score comes from its sub-criteria",
                "ta bort dess tabell [pairwise]/[ratings]/[data]: dess poäng kommer från delkriterierna",
            )
            .to_string(),
            Hint::AddAssessment => l.pick(
                "add one of [pairwise], [ratings] or [data] (see docs/workspace-format.md)",
                "lägg till en av [pairwise], [ratings] och [data] (se docs/workspace-format.md)",
            )
            .to_string(),
            Hint::RemoveWeights => l.pick(
                "remove [weights], or give the criterion sub-criteria",
                "ta bort [weights], eller ge kriteriet delkriterier",
            )
            .to_string(),
            Hint::AddWeights => l.pick(
                "add a [weights] table with `judgments` or `direct` weights",
                "lägg till en tabell [weights] med `judgments` eller `direct` (direkta vikter)",
            )
            .to_string(),
            Hint::AddAlternatives => l.pick(
                "add [[alternatives]] tables to vagval.toml, e.g. here at its end: `[[alternatives]]`, then `id = \"a\"` and `name = \"…\"` on lines of their own, once per alternative",
                "lägg till tabeller [[alternatives]] i vagval.toml, t.ex. här i slutet: `[[alternatives]]`, sedan `id = \"a\"` och `name = \"…\"` på egna rader, en gång per alternativ",
            )
            .to_string(),
            Hint::AddCriteria => l.pick(
                "add one TOML file per criterion in criteria/",
                "lägg till en TOML-fil per kriterium i criteria/",
            )
            .to_string(),
            Hint::EveryAlternative => l.pick(
                "give every alternative an entry",
                "ge varje alternativ en rad",
            )
            .to_string(),
            Hint::WeightEveryItem => l.pick(
                "give a weight to every item listed",
                "ge varje uppräknad post en vikt",
            )
            .to_string(),
            Hint::PositiveWeight => l.pick(
                "give at least one item a positive weight",
                "ge minst en post en positiv vikt",
            )
            .to_string(),
            Hint::Completion => l.pick(
                "use Harker's completion (--completion harker, or `completion = \"harker\"` under [defaults] in vagval.toml): one eigenvector, fast at any size; or give more judgments, so fewer are missing",
                "använd Harkers komplettering (--completion harker, eller `completion = \"harker\"` under [defaults] i vagval.toml): en egenvektor, snabb i alla storlekar; eller ge fler bedömningar, så att färre saknas",
            )
            .to_string(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The variant's number. An exhaustive `match`: a new hint does not
    /// compile until it is numbered here, and then the test asks for it.
    fn variant(hint: &Hint) -> usize {
        match hint {
            Hint::Judgment(JudgmentHint::UnknownItem) => 0,
            Hint::Judgment(JudgmentHint::SelfComparison) => 1,
            Hint::Judgment(JudgmentHint::BadValue) => 2,
            Hint::Judgment(JudgmentHint::Twice) => 3,
            Hint::Judgment(JudgmentHint::Other) => 4,
            Hint::JudgmentValue => 5,
            Hint::LinkGroups => 6,
            Hint::OwnCriterionId { first: Some(_) } => 7,
            Hint::OwnCriterionId { first: None } => 8,
            Hint::ParentIds { .. } => 9,
            Hint::BreakCycle => 10,
            Hint::OwnAlternativeId => 11,
            Hint::RemoveAssessment => 12,
            Hint::AddAssessment => 13,
            Hint::RemoveWeights => 14,
            Hint::AddGoalWeights { .. } => 15,
            Hint::AddWeights => 16,
            Hint::AddAlternatives => 17,
            Hint::AddCriteria => 18,
            Hint::EveryAlternative => 19,
            Hint::WeightEveryItem => 20,
            Hint::PositiveWeight => 21,
            Hint::Completion => 22,
        }
    }

    fn every_hint() -> Vec<Hint> {
        let judgment = [
            JudgmentHint::UnknownItem,
            JudgmentHint::SelfComparison,
            JudgmentHint::BadValue,
            JudgmentHint::Twice,
            JudgmentHint::Other,
        ];
        let mut hints: Vec<Hint> = judgment.into_iter().map(Hint::Judgment).collect();
        hints.extend([
            Hint::JudgmentValue,
            Hint::LinkGroups,
            Hint::OwnCriterionId {
                first: Some("criteria/a.toml:1:6".into()),
            },
            Hint::OwnCriterionId { first: None },
            Hint::ParentIds {
                ids: "`a`, `b`".into(),
            },
            Hint::BreakCycle,
            Hint::OwnAlternativeId,
            Hint::RemoveAssessment,
            Hint::AddAssessment,
            Hint::RemoveWeights,
            Hint::AddGoalWeights {
                direct: "\"a\" = 1".into(),
            },
            Hint::AddWeights,
            Hint::AddAlternatives,
            Hint::AddCriteria,
            Hint::EveryAlternative,
            Hint::WeightEveryItem,
            Hint::PositiveWeight,
            Hint::Completion,
        ]);
        hints
    }

    /// The words of a hint a translation changes: its words outside backticks, less file names, TOML tables, options and
    /// the names both languages use.
    fn words(text: &str, l: Language) -> Vec<String> {
        const SHARED: [&str; 4] = ["harker", "saaty", "judgments", "under"];
        let labels = vagval_core::scale::label_summary(l);
        text.replace(&labels, "")
            .split('`')
            .step_by(2)
            .flat_map(str::split_whitespace)
            .filter(|token| !token.contains(['/', '[', '.', '-', '"']) || token.ends_with('.'))
            .flat_map(|token| token.split(|c: char| !c.is_alphabetic()))
            .map(str::to_lowercase)
            .filter(|w| w.chars().count() >= 4 && !SHARED.contains(&w.as_str()))
            .collect()
    }

    #[test]
    fn every_hint_has_both_texts() {
        let hints = every_hint();
        let mut seen = [false; 23];
        for hint in &hints {
            seen[variant(hint)] = true;
            let (en, sv) = hint.both();
            assert!(!en.is_empty() && !sv.is_empty(), "{hint:?}");
            assert_ne!(en, sv, "{hint:?}");
            let sv_words = words(&sv, Sv);
            for word in words(&en, En) {
                assert!(!sv_words.contains(&word), "English `{word}` in: {sv}");
            }
        }
        let missing: Vec<usize> = (0..seen.len()).filter(|&k| !seen[k]).collect();
        assert!(
            missing.is_empty(),
            "hints missing from the list: {missing:?}"
        );
    }

    #[test]
    fn hints_name_their_facts() {
        let hint = Hint::OwnCriterionId {
            first: Some("criteria/a.toml:1:6".into()),
        };
        assert_eq!(
            hint.text(Sv),
            "id:t används först i criteria/a.toml:1:6; ge varje kriterium ett eget id"
        );
        let completion = Error::CompletionTooLarge {
            site: vagval_core::model::Site::Goal,
            items: 20,
            gaps: 155,
            work: 62_000,
            limit: 50_000,
        };
        assert_eq!(Hint::of(&completion), Some(Hint::Completion));
        assert_eq!(Hint::of(&Error::NoGroups), None);
    }
}
