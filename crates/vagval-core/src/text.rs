//! The texts of the core's errors in English and Swedish, written in one
//! place from the errors' fields: every `match` here names every variant
//! (no wildcard arm), so a new variant does not compile until it has both
//! texts. `Display` of each error is its English text.
//!
//! Core owns the tiny [`Language`] enum rather than taking the report's
//! `Lang`, because core depends on no sibling crate; `vagval_report::Lang`
//! converts into it (`From`). Numbers are written as Rust writes them, with
//! a decimal comma in Swedish. Words follow the reports' Swedish: judgment =
//! bedömning, item = post, sub-criteria = delkriterier, rating scale =
//! betygsskala, seats = mandat.
//!
//! The texts of the synthesis' warnings (`WarningFacts::message`) are here
//! too, by the same rule.

use crate::error::{
    Error, GroupTargetError, JudgmentError, JudgmentErrorKind, ScorerError, ValueFunctionError,
    WhatIfError,
};
use crate::model::Site;
use crate::scale::{ScaleValue, ValueError};
use crate::settings::UnknownChoice;
use crate::synthesis::{WarningFacts, WarningKind};
use Language::{En, Sv};
use rust_decimal::Decimal;

/// A language the core's error texts are written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Language {
    #[default]
    En,
    Sv,
}

impl Language {
    /// Both languages, English first.
    pub const ALL: [Language; 2] = [En, Sv];

    /// `en` in English, `sv` in Swedish.
    pub fn pick<T>(self, en: T, sv: T) -> T {
        match self {
            En => en,
            Sv => sv,
        }
    }

    /// A number as written in English (`2.5`) with this language's decimal mark.
    pub fn localise(self, english: &str) -> String {
        match self {
            En => english.to_string(),
            Sv => english.replace('.', ","),
        }
    }

    /// Full precision (`2.5`, `1e-10`) with this language's decimal mark.
    pub fn number(self, value: f64) -> String {
        self.localise(&value.to_string())
    }

    /// A judgment value as people write it (`3`, `1/3`, `2,5`).
    pub fn judgment(self, value: f64) -> String {
        self.localise(&ScaleValue(value).to_string())
    }

    /// A decimal from the user's files (`0.5`, `0,5`).
    pub fn decimal(self, value: Decimal) -> String {
        self.localise(&value.to_string())
    }

    /// Three decimals: `0.153`. In Swedish as the reports write it: huge
    /// values in scientific form, no `-0,000`.
    pub fn fixed3(self, value: f64) -> String {
        self.fixed(value, 3)
    }

    /// `decimals` decimals: `0.10`. English error texts keep Rust's plain
    /// form (as they always read); Swedish is written as tables write
    /// numbers ([`Language::table_number`]).
    pub fn fixed(self, value: f64, decimals: usize) -> String {
        match self {
            En => format!("{value:.decimals$}"),
            Sv => self.table_number(value, decimals),
        }
    }

    /// A number as tables show it, with this language's decimal mark:
    /// `decimals` decimals, huge values (λmax of a wild matrix) in
    /// scientific form with at least two decimals of mantissa, so that
    /// neighbouring axis ticks (1.2e6, 1.4e6) do not read alike, and no
    /// `-0.000`, which reads as a sign error to people.
    pub fn table_number(self, value: f64, decimals: usize) -> String {
        let text = if value.is_finite() && value.abs() >= 1e6 {
            let mantissa = decimals.max(2);
            format!("{value:.mantissa$e}")
        } else {
            let text = format!("{value:.decimals$}");
            if text
                .trim_start_matches('-')
                .chars()
                .all(|c| c == '0' || c == '.')
            {
                text.trim_start_matches('-').to_string()
            } else {
                text
            }
        };
        self.localise(&text)
    }
}

/// The thousands separator of `Language::grouped` in Swedish.
const NBSP: char = '\u{a0}';

impl Language {
    /// A decimal with its thousands grouped, trailing zeros dropped:
    /// `1 234 567,5` in Swedish (no-break spaces), `1,234,567.5` in English;
    /// the minus sign stays ASCII.
    pub fn grouped(self, value: Decimal) -> String {
        let text = value.normalize().to_string();
        let (negative, digits) = match text.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, text.as_str()),
        };
        let (integer, fraction) = match digits.split_once('.') {
            Some((i, f)) => (i, Some(f)),
            None => (digits, None),
        };
        let (thousands, mark) = self.pick((',', '.'), (NBSP, ','));
        let mut out = String::with_capacity(text.len() + integer.len() / 3 * 2);
        if negative && !value.is_zero() {
            out.push('-');
        }
        let count = integer.chars().count();
        for (k, c) in integer.chars().enumerate() {
            if k > 0 && (count - k) % 3 == 0 {
                out.push(thousands);
            }
            out.push(c);
        }
        if let Some(fraction) = fraction {
            out.push(mark);
            out.push_str(fraction);
        }
        out
    }
}

impl WarningFacts {
    /// What the warning is about.
    pub fn kind(&self) -> WarningKind {
        match self {
            WarningFacts::Inconsistent { .. } => WarningKind::Inconsistent,
            WarningFacts::Completed { .. } => WarningKind::Completed,
            WarningFacts::RandomIndexExtrapolated { .. } => WarningKind::RandomIndexExtrapolated,
            WarningFacts::Clamped { .. } => WarningKind::Clamped,
            WarningFacts::NoDiscrimination => WarningKind::NoDiscrimination,
        }
    }

    /// The warning in `l`, from its facts. English numbers are as Rust
    /// writes them (core's `Warning::message`, which JSON prints); Swedish
    /// ones as the reports write them.
    pub fn message(&self, l: Language) -> String {
        match self {
            WarningFacts::Inconsistent {
                cr,
                threshold,
                ri_table,
            } => {
                let (cr, threshold) = (l.fixed3(*cr), l.fixed(*threshold, 2));
                match l {
                    En => format!(
                        "CR = {cr} is above {threshold} ({ri_table} RI); the weights are used, but revisit the judgments listed"
                    ),
                    Sv => format!(
                        "CR = {cr} är över {threshold} (RI enligt {ri_table}); vikterna används, men se över de bedömningar som listas"
                    ),
                }
            }
            WarningFacts::Completed { filled, completion } => match l {
                En => format!("{filled} missing comparison(s) filled by the {completion} completion"),
                Sv => format!("{filled} saknade jämförelse(r) ifyllda med metoden {completion}"),
            },
            WarningFacts::RandomIndexExtrapolated { n, ri_table, ri } => {
                let ri = l.number(*ri);
                match l {
                    En => format!(
                        "n = {n} is beyond the {ri_table} table; its last value {ri} was used as RI"
                    ),
                    Sv => format!(
                        "n = {n} ligger utanför tabellen {ri_table}; dess sista värde {ri} användes som RI"
                    ),
                }
            }
            WarningFacts::Clamped {
                alternative,
                value,
                domain,
                score,
            } => {
                let (lo, hi, score) = (l.number(domain.0), l.number(domain.1), l.number(*score));
                match l {
                    En => format!(
                        "the value {value} of `{alternative}` lies outside the value function's domain {lo}–{hi}; it scores {score}"
                    ),
                    Sv => format!(
                        "värdet {} för `{alternative}` ligger utanför värdefunktionens område {lo}–{hi}; det ger {score}",
                        l.grouped(*value)
                    ),
                }
            }
            WarningFacts::NoDiscrimination => l
                .pick(
                    "every alternative scores 0 here, so the criterion cannot tell them apart; they share it equally",
                    "alla alternativ får 0 här, så kriteriet skiljer dem inte åt; de delar det lika",
                )
                .to_string(),
        }
    }
}

impl Site {
    /// The site as a message names it: `the weights of the sub-criteria of `x``.
    pub fn phrase(&self, l: Language) -> String {
        match (self, l) {
            (Site::Goal, En) => "the weights of the top-level criteria".to_string(),
            (Site::Goal, Sv) => "vikterna för huvudkriterierna".to_string(),
            (Site::Weights(id), En) => format!("the weights of the sub-criteria of `{id}`"),
            (Site::Weights(id), Sv) => format!("vikterna för delkriterierna under `{id}`"),
            (Site::Assessment(id), En) => format!("the assessment of the alternatives on `{id}`"),
            (Site::Assessment(id), Sv) => format!("bedömningen av alternativen på `{id}`"),
            (Site::RatingScale(id), En) => format!("rating scale `{id}`"),
            (Site::RatingScale(id), Sv) => format!("betygsskalan `{id}`"),
            (Site::Matrix, En) => "the matrix".to_string(),
            (Site::Matrix, Sv) => "matrisen".to_string(),
        }
    }
}

/// `site: text`.
fn at(l: Language, site: &Site, text: String) -> String {
    format!("{}: {text}", site.phrase(l))
}

impl Error {
    /// The error's text in `l`.
    pub fn message(&self, l: Language) -> String {
        use Error as E;
        match self {
            E::Judgment { site, source } => at(l, site, source.message(l)),
            E::Disconnected {
                site,
                reached,
                unreached,
            } => at(l, site, matrix::disconnected(l, reached, unreached)),
            E::EmptyMatrix { site } => at(l, site, matrix::empty(l)),
            E::NotSquare { site, row, len, n } => {
                at(l, site, matrix::not_square(l, *row, *len, *n))
            }
            E::BadEntry {
                site,
                row,
                col,
                value,
            } => at(l, site, matrix::bad_entry(l, *row, *col, *value)),
            E::BadDiagonal { site, index, value } => {
                at(l, site, matrix::bad_diagonal(l, *index, *value))
            }
            E::NotReciprocal {
                site,
                row,
                col,
                a,
                b,
                product,
                expected,
            } => at(
                l,
                site,
                matrix::not_reciprocal(l, (*row, *col), (*a, *b), *product, *expected),
            ),
            E::HalfMissing { site, row, col } => at(l, site, matrix::half_missing(l, *row, *col)),
            E::DuplicateItem { site, name } => at(l, site, matrix::duplicate_item(l, name)),
            E::NotConverged { site, iterations } => {
                at(l, site, matrix::not_converged(l, *iterations))
            }
            E::CompletionTooLarge {
                site,
                items,
                gaps,
                work,
                limit,
            } => at(l, site, matrix::too_large(l, *items, *gaps, *work, *limit)),
            E::BadWeight {
                site, item, value, ..
            } => at(l, site, weights::bad_weight(l, item, *value)),
            E::AllWeightsZero { site } => at(l, site, weights::all_zero(l)),
            E::MissingWeight {
                site,
                item,
                expected,
            } => at(l, site, weights::missing(l, item, expected)),
            E::UnknownWeightItem {
                site,
                item,
                expected,
                ..
            } => at(l, site, weights::unknown(l, item, expected)),
            E::DuplicateWeightItem { site, item, .. } => at(l, site, given_twice(l, item)),
            E::DuplicateCriterion { index, id, first } => {
                model::duplicate_criterion(l, *index, id, *first)
            }
            E::DuplicateAlternative { index, id, first } => {
                model::duplicate_alternative(l, *index, id, *first)
            }
            E::UnknownParent { id, parent, .. } => model::unknown_parent(l, id, parent),
            E::Cycle { cycle, .. } => model::cycle(l, cycle),
            E::AssessmentOnParent { id } => model::assessment_on_parent(l, id),
            E::MissingAssessment { id } => model::missing_assessment(l, id),
            E::WeightsOnLeaf { site, id } => at(l, site, weights::on_leaf(l, id)),
            E::MissingWeights { site, children } => at(l, site, weights::for_children(l, children)),
            E::NoCriteria => model::no_criteria(l),
            E::NoAlternatives => model::no_alternatives(l),
            E::UnknownRatingScale { site, scale, known } => {
                at(l, site, ratings::unknown_scale(l, scale, known))
            }
            E::UnknownRatingLevel {
                site,
                scale,
                level,
                known,
                ..
            } => at(l, site, ratings::unknown_level(l, scale, level, known)),
            E::MissingRating { site, alternative } => {
                at(l, site, ratings::missing_rating(l, alternative))
            }
            E::MissingValue { site, alternative } => {
                at(l, site, ratings::missing_value(l, alternative))
            }
            E::UnknownAlternative {
                site,
                alternative,
                known,
                ..
            } => at(l, site, ratings::unknown_alternative(l, alternative, known)),
            E::DuplicateAlternativeEntry {
                site, alternative, ..
            } => at(l, site, given_twice(l, alternative)),
            E::DuplicateRatingLevel { site, level, .. } => {
                at(l, site, ratings::duplicate_level(l, level))
            }
            E::EmptyRatingScale { site } => at(l, site, ratings::empty_scale(l)),
            E::DuplicateRatingScale { index, id, first } => {
                ratings::duplicate_scale(l, *index, id, *first)
            }
            E::ValueFunction { site, source } => at(l, site, source.message(l)),
            E::InvertedRange { low, high } => analysis::inverted_range(l, low, high),
            E::BadQuantity { text } => analysis::bad_quantity(l, text),
            E::BadSeats { group, seats } => analysis::bad_seats(l, group, *seats),
            E::GroupTarget { group, source } => {
                let group_word = l.pick("group", "gruppen");
                format!("{group_word} `{group}`: {}", source.message(l))
            }
            E::NoGroups => analysis::no_groups(l),
            E::NoSamples => analysis::no_samples(l),
            E::Cancelled => analysis::cancelled(l),
            E::BadSpread { spread } => analysis::bad_spread(l, *spread),
            E::UnknownCriterion { id, known } => analysis::unknown_criterion(l, id, known),
            E::NoSiblings { id } => analysis::no_siblings(l, id),
            E::WhatIf { source } => {
                format!("{}: {}", l.pick("what-if", "tänk om"), source.message(l))
            }
            E::Scorer { criterion, source } => analysis::scorer(l, criterion, source),
            E::BadMaxCr { max_cr } => analysis::bad_max_cr(l, *max_cr),
            E::AllGroupsExcluded { max_cr, groups } => {
                analysis::all_groups_excluded(l, *max_cr, groups)
            }
            E::GeometricMeanZero => analysis::geometric_mean_zero(l),
        }
    }
}

/// `` `x` is given twice ``.
fn given_twice(l: Language, item: &str) -> String {
    match l {
        En => format!("`{item}` is given twice"),
        Sv => format!("`{item}` anges två gånger"),
    }
}

impl JudgmentError {
    /// The error's text in `l`: `judgment 3: …`.
    pub fn message(&self, l: Language) -> String {
        let word = l.pick("judgment", "bedömning");
        format!("{word} {}: {}", self.index + 1, self.kind.message(l))
    }
}

impl JudgmentErrorKind {
    /// The judgment's problem in `l`.
    pub fn message(&self, l: Language) -> String {
        use JudgmentErrorKind as K;
        match (self, l) {
            (K::UnknownItem { item, known }, En) => {
                format!("`{item}` is not one of the items compared here ({known})")
            }
            (K::UnknownItem { item, known }, Sv) => {
                format!("`{item}` är inte en av de poster som jämförs här ({known})")
            }
            (K::SelfComparison { item }, En) => format!("`{item}` is compared with itself"),
            (K::SelfComparison { item }, Sv) => format!("`{item}` jämförs med sig själv"),
            (K::NotPositiveFinite { value }, En) => {
                format!("the value {value} is not a positive finite number")
            }
            (K::NotPositiveFinite { value }, Sv) => {
                format!(
                    "värdet {} är inte ett positivt ändligt tal",
                    l.number(*value)
                )
            }
            (K::OutOfRange { value }, En) => format!(
                "the value {} is outside the range a judgment can take (1e-9 to 1e9); no comparison is a billion times stronger than another",
                l.judgment(*value)
            ),
            (K::OutOfRange { value }, Sv) => format!(
                "värdet {} ligger utanför det en bedömning kan vara (1e-9 till 1e9); ingen post väger en miljard gånger tyngre än en annan",
                l.judgment(*value)
            ),
            (K::Duplicate { a, b, first }, En) => format!(
                "`{a}` and `{b}` are compared twice (first in judgment {}); give each pair once",
                first + 1
            ),
            (K::Duplicate { a, b, first }, Sv) => format!(
                "`{a}` och `{b}` jämförs två gånger (första gången i bedömning {}); jämför varje par en gång",
                first + 1
            ),
            (
                K::Contradictory {
                    a,
                    b,
                    first,
                    implied,
                    given,
                },
                _,
            ) => {
                let (first, implied, given) = (first + 1, l.number(*implied), l.number(*given));
                match l {
                    En => format!(
                        "`{a}` and `{b}` are compared twice with contradictory values (judgment {first} implies {implied}, this one says {given}); keep one of them"
                    ),
                    Sv => format!(
                        "`{a}` och `{b}` jämförs två gånger med motstridiga värden (bedömning {first} ger {implied}, den här säger {given}); behåll en av dem"
                    ),
                }
            }
        }
    }
}

/// The texts of a pairwise matrix's errors.
mod matrix {
    use super::Language::{self, En, Sv};

    pub fn disconnected(l: Language, reached: &str, unreached: &str) -> String {
        match l {
            En => format!(
                "the comparisons do not connect all items: {unreached} cannot be reached from {reached} (compare at least one item of each group with the other)"
            ),
            Sv => format!(
                "jämförelserna binder inte ihop alla poster: {unreached} går inte att nå från {reached} (jämför minst en post i varje grupp med en i den andra)"
            ),
        }
    }

    pub fn empty(l: Language) -> String {
        l.pick(
            "a pairwise matrix needs at least one item",
            "en parvis jämförelsematris behöver minst en post",
        )
        .to_string()
    }

    pub fn not_square(l: Language, row: usize, len: usize, n: usize) -> String {
        let row = row + 1;
        match l {
            En => format!(
                "row {row} has {len} entries but there are {n} rows; a pairwise matrix is square"
            ),
            Sv => format!(
                "rad {row} har {len} element men det finns {n} rader; en parvis jämförelsematris är kvadratisk"
            ),
        }
    }

    pub fn bad_entry(l: Language, row: usize, col: usize, value: f64) -> String {
        let value = l.judgment(value);
        match l {
            En => format!(
                "entry [{row}][{col}] = {value} is not a positive finite number between 1e-9 and 1e9"
            ),
            Sv => format!(
                "elementet [{row}][{col}] = {value} är inte ett positivt ändligt tal mellan 1e-9 och 1e9"
            ),
        }
    }

    pub fn bad_diagonal(l: Language, index: usize, value: f64) -> String {
        let value = l.number(value);
        match l {
            En => format!(
                "the diagonal entry [{index}][{index}] is {value}; an item compared with itself is 1"
            ),
            Sv => format!(
                "diagonalelementet [{index}][{index}] är {value}; en post jämförd med sig själv är 1"
            ),
        }
    }

    pub fn not_reciprocal(
        l: Language,
        (row, col): (usize, usize),
        (a, b): (f64, f64),
        product: f64,
        expected: f64,
    ) -> String {
        let (a, b, product, expected) = (
            l.number(a),
            l.number(b),
            l.number(product),
            l.judgment(expected),
        );
        match l {
            En => format!(
                "entries [{row}][{col}] = {a} and [{col}][{row}] = {b} are not reciprocal (their product is {product}, it must be 1); set [{col}][{row}] to {expected}"
            ),
            Sv => format!(
                "elementen [{row}][{col}] = {a} och [{col}][{row}] = {b} är inte reciproka (deras produkt är {product}, den måste vara 1); sätt [{col}][{row}] till {expected}"
            ),
        }
    }

    pub fn half_missing(l: Language, row: usize, col: usize) -> String {
        match l {
            En => format!(
                "entry [{row}][{col}] is missing but [{col}][{row}] is given; leave both out or give both"
            ),
            Sv => format!(
                "elementet [{row}][{col}] saknas men [{col}][{row}] är angivet; utelämna båda eller ange båda"
            ),
        }
    }

    pub fn duplicate_item(l: Language, name: &str) -> String {
        match l {
            En => format!("duplicate item name `{name}`"),
            Sv => format!("postnamnet `{name}` finns två gånger"),
        }
    }

    pub fn not_converged(l: Language, iterations: usize) -> String {
        match l {
            En => {
                format!("the principal eigenvector did not converge to 1e-12 ({iterations} steps)")
            }
            Sv => format!("huvudegenvektorn konvergerade inte till 1e-12 ({iterations} steg)"),
        }
    }

    pub fn too_large(l: Language, items: usize, gaps: usize, work: usize, limit: usize) -> String {
        match l {
            En => format!(
                "λmax-optimal completion of {items} items with {gaps} missing judgments would run too long: its work grows with gaps × items² = {work}, above the limit of {limit}"
            ),
            Sv => format!(
                "λmax-optimal komplettering av {items} poster med {gaps} saknade bedömningar skulle ta för lång tid: arbetet växer med luckor × poster² = {work}, över gränsen {limit}"
            ),
        }
    }
}

/// The texts of the errors of direct weights and of weights in the hierarchy.
mod weights {
    use super::Language::{self, En, Sv};

    pub fn bad_weight(l: Language, item: &str, value: f64) -> String {
        let value = l.number(value);
        match l {
            En => format!(
                "weight of `{item}` is {value}; direct weights must be finite and not negative"
            ),
            Sv => format!(
                "vikten för `{item}` är {value}; direkta vikter måste vara ändliga och inte negativa"
            ),
        }
    }

    pub fn all_zero(l: Language) -> String {
        l.pick(
            "all direct weights are zero; at least one must be positive",
            "alla direkta vikter är noll; minst en måste vara positiv",
        )
        .to_string()
    }

    pub fn missing(l: Language, item: &str, expected: &str) -> String {
        match l {
            En => format!("no weight given for `{item}`; give a weight for each of {expected}"),
            Sv => format!(
                "ingen vikt angiven för `{item}`; ange en vikt för var och en av {expected}"
            ),
        }
    }

    pub fn unknown(l: Language, item: &str, expected: &str) -> String {
        match l {
            En => format!("`{item}` is not one of {expected}"),
            Sv => format!("`{item}` är inte en av {expected}"),
        }
    }

    pub fn on_leaf(l: Language, id: &str) -> String {
        match l {
            En => format!("weights are given but `{id}` has no sub-criteria to weight"),
            Sv => format!("vikter är angivna men `{id}` har inga delkriterier att vikta"),
        }
    }

    pub fn for_children(l: Language, children: &str) -> String {
        match l {
            En => format!("no weights given for its sub-criteria {children}"),
            Sv => format!("inga vikter angivna för delkriterierna {children}"),
        }
    }
}

/// The texts of the errors of the model's criteria and alternatives.
mod model {
    use super::Language::{self, En, Sv};

    pub fn duplicate_criterion(l: Language, index: usize, id: &str, first: usize) -> String {
        let (index, first) = (index + 1, first + 1);
        match l {
            En => format!("criterion {index} has the id `{id}`, already used by criterion {first}"),
            Sv => {
                format!("kriterium {index} har id:t `{id}`, som redan används av kriterium {first}")
            }
        }
    }

    pub fn duplicate_alternative(l: Language, index: usize, id: &str, first: usize) -> String {
        let (index, first) = (index + 1, first + 1);
        match l {
            En => format!(
                "alternative {index} has the id `{id}`, already used by alternative {first}"
            ),
            Sv => format!(
                "alternativ {index} har id:t `{id}`, som redan används av alternativ {first}"
            ),
        }
    }

    pub fn unknown_parent(l: Language, id: &str, parent: &str) -> String {
        match l {
            En => format!("criterion `{id}` names the parent `{parent}`, which does not exist"),
            Sv => format!(
                "kriteriet `{id}` anger `{parent}` som överordnat kriterium, men något sådant kriterium finns inte"
            ),
        }
    }

    pub fn cycle(l: Language, cycle: &str) -> String {
        match l {
            En => format!("the criteria {cycle} form a cycle of parents"),
            Sv => format!("kriterierna {cycle} bildar en cykel av överordnade kriterier"),
        }
    }

    pub fn assessment_on_parent(l: Language, id: &str) -> String {
        match l {
            En => {
                format!("criterion `{id}` has sub-criteria and must not assess alternatives itself")
            }
            Sv => {
                format!("kriteriet `{id}` har delkriterier och ska inte själv bedöma alternativen")
            }
        }
    }

    pub fn no_criteria(l: Language) -> String {
        l.pick(
            "the decision has no criteria",
            "beslutet har inga kriterier",
        )
        .to_string()
    }

    pub fn no_alternatives(l: Language) -> String {
        l.pick(
            "the decision has no alternatives",
            "beslutet har inga alternativ",
        )
        .to_string()
    }

    pub fn missing_assessment(l: Language, id: &str) -> String {
        match l {
            En => format!(
                "criterion `{id}` has no sub-criteria and no assessment of the alternatives"
            ),
            Sv => format!(
                "kriteriet `{id}` har varken delkriterier eller någon bedömning av alternativen"
            ),
        }
    }
}

/// The texts of the errors of rating scales and of the alternatives' entries.
mod ratings {
    use super::Language::{self, En, Sv};

    pub fn unknown_scale(l: Language, scale: &str, known: &str) -> String {
        match (l, known.is_empty()) {
            (En, false) => format!("rating scale `{scale}` does not exist (known: {known})"),
            (Sv, false) => format!("betygsskalan `{scale}` finns inte (kända: {known})"),
            (En, true) => format!("rating scale `{scale}` does not exist (known: none is defined)"),
            (Sv, true) => format!("betygsskalan `{scale}` finns inte (kända: ingen är definierad)"),
        }
    }

    pub fn unknown_level(l: Language, scale: &str, level: &str, known: &str) -> String {
        match l {
            En => format!("`{level}` is not a level of rating scale `{scale}` (levels: {known})"),
            Sv => format!("`{level}` är ingen nivå i betygsskalan `{scale}` (nivåer: {known})"),
        }
    }

    pub fn missing_rating(l: Language, alternative: &str) -> String {
        match l {
            En => format!("no rating given for alternative `{alternative}`"),
            Sv => format!("inget betyg angivet för alternativet `{alternative}`"),
        }
    }

    pub fn missing_value(l: Language, alternative: &str) -> String {
        match l {
            En => format!("no value given for alternative `{alternative}`"),
            Sv => format!("inget värde angivet för alternativet `{alternative}`"),
        }
    }

    pub fn unknown_alternative(l: Language, alternative: &str, known: &str) -> String {
        match l {
            En => {
                format!("`{alternative}` is not an alternative of this decision (known: {known})")
            }
            Sv => {
                format!("`{alternative}` är inget alternativ i det här beslutet (kända: {known})")
            }
        }
    }

    pub fn duplicate_level(l: Language, level: &str) -> String {
        match l {
            En => format!("the level `{level}` is defined twice"),
            Sv => format!("nivån `{level}` är definierad två gånger"),
        }
    }

    pub fn empty_scale(l: Language) -> String {
        l.pick(
            "a rating scale needs at least one level",
            "en betygsskala behöver minst en nivå",
        )
        .to_string()
    }

    pub fn duplicate_scale(l: Language, index: usize, id: &str, first: usize) -> String {
        let (index, first) = (index + 1, first + 1);
        match l {
            En => format!(
                "rating scale {index} has the id `{id}`, already used by rating scale {first}"
            ),
            Sv => format!(
                "betygsskala {index} har id:t `{id}`, som redan används av betygsskala {first}"
            ),
        }
    }
}

/// The texts of the errors of the analyses (groups, Monte Carlo, what-if).
mod analysis {
    use super::Language::{self, En, Sv};
    use crate::error::ScorerError;

    pub fn inverted_range(l: Language, low: &str, high: &str) -> String {
        match l {
            En => format!(
                "the range {low}–{high} has its low end above its high end; write the smaller number first"
            ),
            Sv => format!(
                "intervallet {low}–{high} har sin nedre gräns över den övre; skriv det mindre talet först"
            ),
        }
    }

    pub fn bad_quantity(l: Language, text: &str) -> String {
        match l {
            En => format!("`{text}` is not a number or a range such as `6000–12000`"),
            Sv => format!("`{text}` är varken ett tal eller ett intervall som `6000–12000`"),
        }
    }

    pub fn bad_seats(l: Language, group: &str, seats: f64) -> String {
        let seats = l.number(seats);
        match l {
            En => format!("group `{group}` has {seats} seats; seats must be a positive number"),
            Sv => format!(
                "gruppen `{group}` har {seats} mandat; antalet mandat måste vara ett positivt tal"
            ),
        }
    }

    pub fn no_groups(l: Language) -> String {
        l.pick(
            "there are no political groups to analyse",
            "det finns inga politiska grupper att analysera",
        )
        .to_string()
    }

    pub fn no_samples(l: Language) -> String {
        l.pick(
            "the Monte Carlo analysis needs at least one sample; ask for more than 0 (10 000 is a good start)",
            "Monte Carlo-analysen behöver minst en dragning; ange fler än 0 (10 000 är en bra början)",
        )
        .to_string()
    }

    pub fn cancelled(l: Language) -> String {
        l.pick(
            "the Monte Carlo analysis was stopped before its end; nothing was written",
            "Monte Carlo-analysen avbröts innan den var klar; inget skrevs",
        )
        .to_string()
    }

    pub fn bad_spread(l: Language, spread: f64) -> String {
        let spread = l.judgment(spread);
        match l {
            En => format!(
                "the judgment spread {spread} must be above 1 and at most 1000: each judgment is multiplied by a factor between 1/spread and spread (2 is the default)"
            ),
            Sv => format!(
                "bedömningarnas spridning {spread} måste vara över 1 och högst 1000: varje bedömning multipliceras med en faktor mellan 1/spridningen och spridningen (standard är 2)"
            ),
        }
    }

    pub fn unknown_criterion(l: Language, id: &str, known: &str) -> String {
        match l {
            En => format!("there is no criterion `{id}` (the criteria are {known})"),
            Sv => format!("det finns inget kriterium `{id}` (kriterierna är {known})"),
        }
    }

    pub fn no_siblings(l: Language, id: &str) -> String {
        match l {
            En => format!(
                "`{id}` has no sibling criteria to trade weight with, so its weight cannot be varied"
            ),
            Sv => format!(
                "`{id}` har inga syskonkriterier att byta vikt med, så dess vikt kan inte varieras"
            ),
        }
    }

    pub fn scorer(l: Language, criterion: &str, source: &ScorerError) -> String {
        let source = source.message(l);
        match l {
            En => format!("the scorer of `{criterion}` failed: {source}"),
            Sv => format!("skriptet som poängsätter `{criterion}` misslyckades: {source}"),
        }
    }

    pub fn bad_max_cr(l: Language, max_cr: f64) -> String {
        let max_cr = l.number(max_cr);
        match l {
            En => format!("the CR bound {max_cr} must be a number of at least 0 (0.1 is Saaty's)"),
            Sv => format!("CR-gränsen {max_cr} måste vara ett tal som är minst 0 (Saatys är 0,1)"),
        }
    }

    pub fn all_groups_excluded(l: Language, max_cr: f64, groups: &[(String, f64)]) -> String {
        let max_cr = l.number(max_cr);
        let groups = groups
            .iter()
            .map(|(id, cr)| format!("`{id}` {}", l.fixed3(*cr)))
            .collect::<Vec<_>>()
            .join(", ");
        match l {
            En => format!(
                "every group's own judgments have a CR above {max_cr} ({groups}), so none is left to aggregate; raise --max-cr or revisit the judgments"
            ),
            Sv => format!(
                "alla gruppers egna bedömningar har CR över {max_cr} ({groups}), så ingen grupp finns kvar att väga samman; höj --max-cr eller se över bedömningarna"
            ),
        }
    }

    pub fn geometric_mean_zero(l: Language) -> String {
        l.pick(
            "every alternative (or every criterion) has the priority 0 in some group, so the geometric mean of the groups' priorities is 0 for all; aggregate with aip or aij",
            "varje alternativ (eller varje kriterium) har prioriteten 0 i någon grupp, så det geometriska medelvärdet av gruppernas prioriteter är 0 för alla; väg samman med aip eller aij",
        )
        .to_string()
    }
}

impl ValueFunctionError {
    /// Why the value function cannot be used, in `l`.
    pub fn message(&self, l: Language) -> String {
        use ValueFunctionError as V;
        match self {
            V::EqualBounds { bound } => {
                let bound = l.decimal(*bound);
                match l {
                    En => format!(
                        "the linear value function's bounds are both {bound}: all alternatives have the same value; give `lower` and `upper` bounds that differ"
                    ),
                    Sv => format!(
                        "den linjära värdefunktionens gränser är båda {bound}: alla alternativ har samma värde; ange gränserna `lower` och `upper` så att de skiljer sig åt"
                    ),
                }
            }
            V::InvertedBounds { lower, upper } => {
                let (lower, upper) = (l.decimal(*lower), l.decimal(*upper));
                match l {
                    En => format!(
                        "the lower bound {lower} is above the upper bound {upper}; swap them"
                    ),
                    Sv => format!(
                        "den nedre gränsen {lower} ligger över den övre gränsen {upper}; byt plats på dem"
                    ),
                }
            }
            V::TooFewPoints => l
                .pick(
                    "a piecewise-linear value function needs at least two points",
                    "en styckvis linjär värdefunktion behöver minst två punkter",
                )
                .to_string(),
            V::PointOutOfRange { point, value } => {
                let (point, value) = (point + 1, l.number(*value));
                match l {
                    En => format!(
                        "point {point} has the value {value}; values must lie between 0 and 1"
                    ),
                    Sv => format!(
                        "punkt {point} har värdet {value}; värdena måste ligga mellan 0 och 1"
                    ),
                }
            }
            V::NotIncreasing { point, x, previous } => {
                let (before, point) = (*point, point + 1);
                let (x, previous) = (l.decimal(*x), l.decimal(*previous));
                match l {
                    En => format!(
                        "point {point} (x = {x}) does not come after point {before} (x = {previous}); x must increase strictly"
                    ),
                    Sv => format!(
                        "punkt {point} (x = {x}) kommer inte efter punkt {before} (x = {previous}); x måste vara strängt växande"
                    ),
                }
            }
        }
    }
}

impl GroupTargetError {
    /// Why a group's weights or judgments cannot be applied, in `l`.
    pub fn message(&self, l: Language) -> String {
        use GroupTargetError as G;
        match (self, l) {
            (G::GivenTwice { site }, En) => format!("{} is given twice", site.phrase(l)),
            (G::GivenTwice { site }, Sv) => format!("{} anges två gånger", site.phrase(l)),
            (G::NotAParent { id }, En) => {
                format!("`{id}` is not a criterion with sub-criteria, so it has no weights to set")
            }
            (G::NotAParent { id }, Sv) => format!(
                "`{id}` är inget kriterium med delkriterier, så det har inga vikter att sätta"
            ),
            (G::NotWeightable { site }, En) => {
                format!("{} cannot be weighted by a group", site.phrase(l))
            }
            (G::NotWeightable { site }, Sv) => {
                format!("{} kan inte viktas av en grupp", site.phrase(l))
            }
            (G::JudgedTwice { id }, En) => format!("the alternatives on `{id}` are judged twice"),
            (G::JudgedTwice { id }, Sv) => format!("alternativen på `{id}` bedöms två gånger"),
            (G::NotALeaf { id }, En) => {
                format!("`{id}` is not a leaf criterion, so the alternatives are not judged on it")
            }
            (G::NotALeaf { id }, Sv) => format!(
                "`{id}` är inget kriterium utan delkriterier (det finns inte eller har delkriterier), så alternativen bedöms inte på det"
            ),
            (G::ZeroPriority { site, item, index }, _) => {
                let item = match item {
                    Some(id) => format!("`{id}`"),
                    None => format!("{} {}", l.pick("item", "post"), index + 1),
                };
                let site = site.phrase(l);
                match l {
                    En => format!(
                        "{site}: {item} has the weight or priority 0, which judgments cannot aggregate (AIJ takes geometric means); give it a positive weight or aggregate with AIP"
                    ),
                    Sv => format!(
                        "{site}: {item} har vikten eller prioriteten 0, vilket inte går att aggregera bedömning för bedömning (AIJ tar geometriska medelvärden); ge den en positiv vikt eller aggregera med AIP"
                    ),
                }
            }
        }
    }
}

impl WhatIfError {
    /// Why a what-if change cannot be applied, in `l`.
    pub fn message(&self, l: Language) -> String {
        use WhatIfError as W;
        match (self, l) {
            (W::WeightOutOfRange { criterion, weight }, _) => {
                let weight = l.number(*weight);
                match l {
                    En => format!("the weight {weight} of `{criterion}` is not between 0 and 1"),
                    Sv => format!("vikten {weight} för `{criterion}` ligger inte mellan 0 och 1"),
                }
            }
            (W::SiblingsOverOne { sum }, _) => {
                let sum = l.localise(&format!("{sum:.3}"));
                match l {
                    En => format!(
                        "the weights set among siblings sum to {sum}; together they can have at most 1"
                    ),
                    Sv => format!(
                        "vikterna som sätts bland syskonkriterierna summerar till {sum}; tillsammans kan de vara högst 1"
                    ),
                }
            }
            (W::NotPairwise { site }, En) => format!(
                "{} is not judged in pairs, so it has no judgment to change; set a weight instead",
                site.phrase(l)
            ),
            (W::NotPairwise { site }, Sv) => format!(
                "{} bedöms inte parvis, så det finns ingen bedömning att ändra; sätt en vikt i stället",
                site.phrase(l)
            ),
            (W::NotData { criterion }, En) => format!(
                "`{criterion}` is not assessed by data, so it has no value to set; change a judgment or a weight instead"
            ),
            (W::NotData { criterion }, Sv) => format!(
                "`{criterion}` bedöms inte med data, så det finns inget värde att sätta; ändra en bedömning eller en vikt i stället"
            ),
        }
    }
}

impl ScorerError {
    /// Why the scorer gave no values, in `l` (a plugin's error in its own
    /// words: its crate writes both languages).
    pub fn message(&self, l: Language) -> String {
        match (self, l) {
            (ScorerError::Plugin(error), _) => error.message(l),
            (ScorerError::BadValues { got, expected }, En) => {
                format!("the scorer gave {got} values, expected {expected} finite ones")
            }
            (ScorerError::BadValues { got, expected }, Sv) => {
                format!("skriptet gav {got} värden, men {expected} ändliga värden väntades")
            }
            (ScorerError::Missing, En) => "no scorer could be made for it".to_string(),
            (ScorerError::Missing, Sv) => {
                "inget skript för poängsättning kunde startas för det".to_string()
            }
        }
    }
}

impl ValueError {
    /// Why a written judgment value was not understood, in `l`.
    pub fn message(&self, l: Language) -> String {
        match (self, l) {
            (ValueError::NotUnderstood { text }, En) => format!(
                "`{text}` is neither a number, a fraction like 1/3, nor a verbal label ({})",
                crate::scale::label_summary(l)
            ),
            (ValueError::NotUnderstood { text }, Sv) => format!(
                "`{text}` är varken ett tal, ett bråk som 1/3 eller en skalnivå i ord ({})",
                crate::scale::label_summary(l)
            ),
            (ValueError::NotPositiveFinite { text }, En) => {
                format!("`{text}` is not a positive finite number")
            }
            (ValueError::NotPositiveFinite { text }, Sv) => {
                format!("`{text}` är inte ett positivt ändligt tal")
            }
        }
    }
}

impl UnknownChoice {
    /// The name given and the names there are.
    pub fn message(&self, l: Language) -> String {
        let names = self.names.join(", ");
        match l {
            En => format!(
                "`{}` is not a known choice (use one of: {names})",
                self.text
            ),
            Sv => format!("`{}` är inget känt val (använd ett av: {names})", self.text),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::{PluginError, PluginText};
    use crate::model::Site;

    /// Words of `en` outside backticks that an English template has and a
    /// Swedish text must not (names shared by both languages aside).
    fn english_words(en: &str) -> Vec<String> {
        const SHARED: [&str; 6] = ["monte", "carlo", "saaty", "optimal", "λmax", "data"];
        en.split('`')
            .step_by(2)
            .flat_map(|part| part.split(|c: char| !c.is_alphabetic()))
            .map(str::to_lowercase)
            .filter(|w| w.chars().count() >= 4 && !SHARED.contains(&w.as_str()))
            .collect()
    }

    /// The Swedish text of an error differs from the English one, keeps its
    /// ids, and has none of the English template's words.
    fn check_translated(en: &str, sv: &str) {
        assert!(!sv.trim().is_empty(), "{en}");
        assert_ne!(sv, en, "not translated: {en}");
        let sv_words: Vec<String> = sv
            .split(|c: char| !c.is_alphabetic())
            .map(str::to_lowercase)
            .collect();
        for word in english_words(en) {
            assert!(!sv_words.contains(&word), "English `{word}` in: {sv}");
        }
        for id in en.split('`').skip(1).step_by(2) {
            assert!(sv.contains(&format!("`{id}`")), "`{id}` lost: {sv}");
        }
    }

    /// Every index `0..count` is the variant of some value in `list`.
    fn covers<T>(list: &[T], variant: fn(&T) -> usize, count: usize) {
        let mut seen = vec![false; count];
        for value in list {
            seen[variant(value)] = true;
        }
        let missing: Vec<usize> = (0..count).filter(|&k| !seen[k]).collect();
        assert!(
            missing.is_empty(),
            "variants missing from the list: {missing:?}"
        );
    }

    /// The variant's number. An exhaustive `match`: a new variant does not
    /// compile until it is numbered here, and then `covers` asks for it in
    /// the list.
    fn error_variant(e: &Error) -> usize {
        use Error as E;
        match e {
            E::Judgment { .. } => 0,
            E::Disconnected { .. } => 1,
            E::EmptyMatrix { .. } => 2,
            E::NotSquare { .. } => 3,
            E::BadEntry { .. } => 4,
            E::BadDiagonal { .. } => 5,
            E::NotReciprocal { .. } => 6,
            E::HalfMissing { .. } => 7,
            E::DuplicateItem { .. } => 8,
            E::NotConverged { .. } => 9,
            E::CompletionTooLarge { .. } => 10,
            E::BadWeight { .. } => 11,
            E::AllWeightsZero { .. } => 12,
            E::MissingWeight { .. } => 13,
            E::UnknownWeightItem { .. } => 14,
            E::DuplicateWeightItem { .. } => 15,
            E::DuplicateCriterion { .. } => 16,
            E::DuplicateAlternative { .. } => 17,
            E::UnknownParent { .. } => 18,
            E::Cycle { .. } => 19,
            E::AssessmentOnParent { .. } => 20,
            E::MissingAssessment { .. } => 21,
            E::WeightsOnLeaf { .. } => 22,
            E::MissingWeights { .. } => 23,
            E::NoCriteria => 24,
            E::NoAlternatives => 25,
            E::UnknownRatingScale { .. } => 26,
            E::UnknownRatingLevel { .. } => 27,
            E::MissingRating { .. } => 28,
            E::MissingValue { .. } => 29,
            E::UnknownAlternative { .. } => 30,
            E::DuplicateAlternativeEntry { .. } => 31,
            E::DuplicateRatingLevel { .. } => 32,
            E::EmptyRatingScale { .. } => 33,
            E::DuplicateRatingScale { .. } => 34,
            E::ValueFunction { .. } => 35,
            E::InvertedRange { .. } => 36,
            E::BadQuantity { .. } => 37,
            E::BadSeats { .. } => 38,
            E::GroupTarget { .. } => 39,
            E::NoGroups => 40,
            E::NoSamples => 41,
            E::BadSpread { .. } => 42,
            E::UnknownCriterion { .. } => 43,
            E::NoSiblings { .. } => 44,
            E::WhatIf { .. } => 45,
            E::Scorer { .. } => 46,
            E::BadMaxCr { .. } => 47,
            E::AllGroupsExcluded { .. } => 48,
            E::GeometricMeanZero => 49,
            E::Cancelled => 50,
        }
    }

    fn judgment_variant(k: &JudgmentErrorKind) -> usize {
        use JudgmentErrorKind as K;
        match k {
            K::UnknownItem { .. } => 0,
            K::SelfComparison { .. } => 1,
            K::NotPositiveFinite { .. } => 2,
            K::OutOfRange { .. } => 3,
            K::Duplicate { .. } => 4,
            K::Contradictory { .. } => 5,
        }
    }

    fn value_function_variant(v: &ValueFunctionError) -> usize {
        use ValueFunctionError as V;
        match v {
            V::EqualBounds { .. } => 0,
            V::InvertedBounds { .. } => 1,
            V::TooFewPoints => 2,
            V::PointOutOfRange { .. } => 3,
            V::NotIncreasing { .. } => 4,
        }
    }

    fn group_variant(g: &GroupTargetError) -> usize {
        use GroupTargetError as G;
        match g {
            G::GivenTwice { .. } => 0,
            G::NotAParent { .. } => 1,
            G::NotWeightable { .. } => 2,
            G::JudgedTwice { .. } => 3,
            G::NotALeaf { .. } => 4,
            G::ZeroPriority { .. } => 5,
        }
    }

    fn what_if_variant(w: &WhatIfError) -> usize {
        use WhatIfError as W;
        match w {
            W::WeightOutOfRange { .. } => 0,
            W::SiblingsOverOne { .. } => 1,
            W::NotPairwise { .. } => 2,
            W::NotData { .. } => 3,
        }
    }

    fn scorer_variant(s: &ScorerError) -> usize {
        match s {
            ScorerError::Plugin(_) => 0,
            ScorerError::BadValues { .. } => 1,
            ScorerError::Missing => 2,
        }
    }

    fn value_error_variant(v: &ValueError) -> usize {
        match v {
            ValueError::NotUnderstood { .. } => 0,
            ValueError::NotPositiveFinite { .. } => 1,
        }
    }

    /// One of each variant, built with sample fields.
    fn every_error() -> Vec<Error> {
        let site = || Site::Weights("k".to_string());
        let s = |text: &str| text.to_string();
        let judgment = |kind| Error::Judgment {
            site: site(),
            source: JudgmentError { index: 0, kind },
        };
        let mut errors: Vec<Error> = every_judgment_kind().into_iter().map(judgment).collect();
        errors.extend(every_matrix_and_model_error(site, s));
        errors
    }

    fn every_matrix_and_model_error(
        site: impl Fn() -> Site,
        s: impl Fn(&str) -> String,
    ) -> Vec<Error> {
        vec![
            Error::Disconnected {
                site: site(),
                reached: s("`a`"),
                unreached: s("`b`"),
            },
            Error::EmptyMatrix { site: site() },
            Error::NotSquare {
                site: site(),
                row: 1,
                len: 3,
                n: 2,
            },
            Error::BadEntry {
                site: site(),
                row: 0,
                col: 1,
                value: 0.0,
            },
            Error::BadDiagonal {
                site: site(),
                index: 1,
                value: 2.0,
            },
            Error::NotReciprocal {
                site: site(),
                row: 0,
                col: 1,
                a: 3.0,
                b: 3.0,
                product: 9.0,
                expected: 1.0 / 3.0,
            },
            Error::HalfMissing {
                site: site(),
                row: 0,
                col: 1,
            },
            Error::DuplicateItem {
                site: site(),
                name: s("a"),
            },
            Error::NotConverged {
                site: site(),
                iterations: 1000,
            },
            Error::CompletionTooLarge {
                site: site(),
                items: 20,
                gaps: 155,
                work: 62_000,
                limit: 50_000,
            },
            Error::BadWeight {
                site: site(),
                index: 0,
                item: s("a"),
                value: -0.5,
            },
            Error::AllWeightsZero { site: site() },
            Error::MissingWeight {
                site: site(),
                item: s("a"),
                expected: s("`a`, `b`"),
            },
            Error::UnknownWeightItem {
                site: site(),
                index: 0,
                item: s("c"),
                expected: s("`a`, `b`"),
            },
            Error::DuplicateWeightItem {
                site: site(),
                index: 1,
                item: s("a"),
            },
            Error::DuplicateCriterion {
                index: 1,
                id: s("a"),
                first: 0,
            },
            Error::DuplicateAlternative {
                index: 1,
                id: s("a"),
                first: 0,
            },
            Error::UnknownParent {
                index: 0,
                id: s("a"),
                parent: s("p"),
            },
            Error::Cycle {
                index: 0,
                cycle: s("`a` → `b` → `a`"),
            },
            Error::AssessmentOnParent { id: s("a") },
            Error::MissingAssessment { id: s("a") },
            Error::WeightsOnLeaf {
                site: site(),
                id: s("k"),
            },
            Error::MissingWeights {
                site: site(),
                children: s("`a`, `b`"),
            },
            Error::NoCriteria,
            Error::NoAlternatives,
            Error::UnknownRatingScale {
                site: site(),
                scale: s("x"),
                known: s("`betyg`"),
            },
            Error::UnknownRatingLevel {
                site: site(),
                index: 0,
                scale: s("betyg"),
                level: s("x"),
                known: s("`bra`"),
            },
            Error::MissingRating {
                site: site(),
                alternative: s("a"),
            },
            Error::MissingValue {
                site: site(),
                alternative: s("a"),
            },
            Error::UnknownAlternative {
                site: site(),
                index: 0,
                alternative: s("x"),
                known: s("`a`"),
            },
            Error::DuplicateAlternativeEntry {
                site: site(),
                index: 0,
                alternative: s("a"),
            },
            Error::DuplicateRatingLevel {
                site: site(),
                index: 0,
                level: s("bra"),
            },
            Error::EmptyRatingScale {
                site: Site::RatingScale(s("betyg")),
            },
            Error::DuplicateRatingScale {
                index: 1,
                id: s("betyg"),
                first: 0,
            },
            Error::ValueFunction {
                site: site(),
                source: ValueFunctionError::TooFewPoints,
            },
            Error::InvertedRange {
                low: s("9"),
                high: s("3"),
            },
            Error::BadQuantity { text: s("många") },
            Error::BadSeats {
                group: s("g"),
                seats: 0.0,
            },
            Error::GroupTarget {
                group: s("g"),
                source: GroupTargetError::JudgedTwice { id: s("a") },
            },
            Error::NoGroups,
            Error::BadMaxCr { max_cr: -1.0 },
            Error::AllGroupsExcluded {
                max_cr: 0.1,
                groups: vec![(s("g"), 0.25)],
            },
            Error::GeometricMeanZero,
            Error::NoSamples,
            Error::Cancelled,
            Error::BadSpread { spread: 0.5 },
            Error::UnknownCriterion {
                id: s("x"),
                known: s("`a`"),
            },
            Error::NoSiblings { id: s("a") },
            Error::WhatIf {
                source: WhatIfError::SiblingsOverOne { sum: 1.3 },
            },
            Error::Scorer {
                criterion: s("a"),
                source: ScorerError::Missing,
            },
        ]
    }

    fn every_judgment_kind() -> Vec<JudgmentErrorKind> {
        let s = |text: &str| text.to_string();
        vec![
            JudgmentErrorKind::UnknownItem {
                item: s("x"),
                known: s("`a`"),
            },
            JudgmentErrorKind::SelfComparison { item: s("a") },
            JudgmentErrorKind::NotPositiveFinite { value: -1.5 },
            JudgmentErrorKind::OutOfRange { value: 1e12 },
            JudgmentErrorKind::Duplicate {
                a: s("a"),
                b: s("b"),
                first: 0,
            },
            JudgmentErrorKind::Contradictory {
                a: s("a"),
                b: s("b"),
                first: 0,
                implied: 3.0,
                given: 0.5,
            },
        ]
    }

    fn every_value_function_error() -> Vec<ValueFunctionError> {
        let d = |text: &str| text.parse::<Decimal>().unwrap_or_default();
        vec![
            ValueFunctionError::EqualBounds { bound: d("5.5") },
            ValueFunctionError::InvertedBounds {
                lower: d("7"),
                upper: d("3.5"),
            },
            ValueFunctionError::TooFewPoints,
            ValueFunctionError::PointOutOfRange {
                point: 1,
                value: 1.5,
            },
            ValueFunctionError::NotIncreasing {
                point: 1,
                x: d("0"),
                previous: d("5"),
            },
        ]
    }

    fn every_group_target_error() -> Vec<GroupTargetError> {
        vec![
            GroupTargetError::GivenTwice { site: Site::Goal },
            GroupTargetError::NotAParent { id: "a".into() },
            GroupTargetError::NotWeightable {
                site: Site::Assessment("a".into()),
            },
            GroupTargetError::JudgedTwice { id: "a".into() },
            GroupTargetError::NotALeaf { id: "a".into() },
            GroupTargetError::ZeroPriority {
                site: Site::Goal,
                item: Some("a".into()),
                index: 0,
            },
            GroupTargetError::ZeroPriority {
                site: Site::Goal,
                item: None,
                index: 2,
            },
        ]
    }

    fn every_what_if_error() -> Vec<WhatIfError> {
        vec![
            WhatIfError::WeightOutOfRange {
                criterion: "a".into(),
                weight: 1.5,
            },
            WhatIfError::SiblingsOverOne { sum: 1.3 },
            WhatIfError::NotPairwise {
                site: Site::Assessment("a".into()),
            },
            WhatIfError::NotData {
                criterion: "a".into(),
            },
        ]
    }

    /// A plugin's error with texts of its own.
    #[derive(Debug, thiserror::Error)]
    #[error("{}", self.message(En))]
    struct Plugin;

    impl PluginText for Plugin {
        fn message(&self, l: Language) -> String {
            l.pick("the script broke", "skriptet gick sönder")
                .to_string()
        }
    }

    fn every_scorer_error() -> Vec<ScorerError> {
        vec![
            ScorerError::Plugin(PluginError::new(Plugin)),
            ScorerError::BadValues {
                got: 2,
                expected: 3,
            },
            ScorerError::Missing,
        ]
    }

    fn every_value_error() -> Vec<ValueError> {
        vec![
            ValueError::NotUnderstood {
                text: "massor".into(),
            },
            ValueError::NotPositiveFinite { text: "-3".into() },
        ]
    }

    /// One of every warning. Names shared by both languages (`saaty`,
    /// `optimal`) stand for the table and the completion, so that
    /// `check_translated` sees only the texts' own words.
    fn every_warning() -> Vec<WarningFacts> {
        vec![
            WarningFacts::Inconsistent {
                cr: 0.153,
                threshold: 0.1,
                ri_table: "saaty",
            },
            WarningFacts::Completed {
                filled: 2,
                completion: "optimal",
            },
            WarningFacts::RandomIndexExtrapolated {
                n: 20,
                ri_table: "saaty",
                ri: 1.59,
            },
            WarningFacts::Clamped {
                alternative: "bus".into(),
                value: Decimal::new(1_234_565, 1),
                domain: (0.0, 100.5),
                score: 1.0,
            },
            WarningFacts::NoDiscrimination,
        ]
    }

    #[test]
    fn every_warning_has_both_texts() {
        let warnings = every_warning();
        // `kind()` is an exhaustive match, so a new variant is numbered
        // there and then asked for here.
        covers(&warnings, |w| w.kind() as usize, 5);
        for warning in warnings {
            let (en, sv) = (warning.message(En), warning.message(Sv));
            assert!(!en.is_empty(), "{warning:?}");
            check_translated(&en, &sv);
        }
        // Swedish numbers as the reports write them.
        let clamped = every_warning()[3].message(Sv);
        assert!(clamped.contains("123\u{a0}456,5 för `bus`"), "{clamped}");
        assert!(clamped.contains("0–100,5"), "{clamped}");
        let inconsistent = every_warning()[0].message(Sv);
        assert!(
            inconsistent.starts_with("CR = 0,153 är över 0,10 "),
            "{inconsistent}"
        );
    }

    #[test]
    fn grouped_numbers_in_both_languages() {
        let value = Decimal::new(-123_456_750, 2);
        assert_eq!(Sv.grouped(value), "-1\u{a0}234\u{a0}567,5");
        assert_eq!(En.grouped(value), "-1,234,567.5");
        assert_eq!(Sv.grouped(Decimal::new(25, 2)), "0,25");
    }

    #[test]
    fn every_error_has_both_texts() {
        let errors = every_error();
        covers(&errors, error_variant, 51);
        for error in errors {
            assert_eq!(error.to_string(), error.message(En));
            check_translated(&error.message(En), &error.message(Sv));
        }
    }

    #[test]
    fn every_inner_error_has_both_texts() {
        let kinds = every_judgment_kind();
        covers(&kinds, judgment_variant, 6);
        let functions = every_value_function_error();
        covers(&functions, value_function_variant, 5);
        let groups = every_group_target_error();
        covers(&groups, group_variant, 6);
        let what_ifs = every_what_if_error();
        covers(&what_ifs, what_if_variant, 4);
        let scorers = every_scorer_error();
        covers(&scorers, scorer_variant, 3);
        let values = every_value_error();
        covers(&values, value_error_variant, 2);
        let texts = (kinds.iter().map(|e| (e.to_string(), e.message(Sv))))
            .chain(functions.iter().map(|e| (e.to_string(), e.message(Sv))))
            .chain(groups.iter().map(|e| (e.to_string(), e.message(Sv))))
            .chain(what_ifs.iter().map(|e| (e.to_string(), e.message(Sv))))
            .chain(scorers.iter().map(|e| (e.to_string(), e.message(Sv))))
            .chain(values.iter().map(|e| {
                // The scale's labels name each label in both languages.
                let without_labels = |text: String| {
                    Language::ALL.iter().fold(text, |text, &l| {
                        text.replace(&crate::scale::label_summary(l), "")
                    })
                };
                (without_labels(e.to_string()), without_labels(e.message(Sv)))
            }));
        for (en, sv) in texts {
            check_translated(&en, &sv);
        }
    }

    /// The value functions' own errors reach the Swedish text through the
    /// core's `ValueFunction` error.
    #[test]
    fn value_function_messages_of_the_core_are_translated() {
        use crate::value_function::ValueFunction;
        let linear = |lower: i64, upper: i64| ValueFunction::Linear {
            direction: crate::value_function::Direction::HigherIsBetter,
            lower: Some(Decimal::from(lower)),
            upper: Some(Decimal::from(upper)),
        };
        let points = |points: Vec<(i64, f64)>| ValueFunction::PiecewiseLinear {
            points: points
                .into_iter()
                .map(|(x, v)| (Decimal::from(x), v))
                .collect(),
        };
        let zero = Decimal::ZERO;
        for (function, expected) in [
            (
                linear(5, 5),
                "den linjära värdefunktionens gränser är båda 5",
            ),
            (
                linear(7, 3),
                "den nedre gränsen 7 ligger över den övre gränsen 3",
            ),
            (
                points(vec![(0, 1.0)]),
                "en styckvis linjär värdefunktion behöver minst två punkter",
            ),
            (points(vec![(0, 1.0), (5, 1.5)]), "punkt 2 har värdet 1,5;"),
            (
                points(vec![(5, 1.0), (0, 0.0)]),
                "punkt 2 (x = 0) kommer inte efter punkt 1 (x = 5)",
            ),
        ] {
            let Err(source) = function.resolve(zero, zero) else {
                panic!("{function:?} resolved"); // ok: test code
            };
            let sv = Error::ValueFunction {
                site: Site::Assessment("kostnad".into()),
                source,
            }
            .message(Sv);
            assert!(
                sv.starts_with("bedömningen av alternativen på `kostnad`: ")
                    && sv.contains(expected),
                "{sv}"
            );
        }
    }

    #[test]
    fn value_errors_in_swedish() {
        let error = crate::scale::parse_value("massor").unwrap_err();
        let sv = error.message(Sv);
        assert!(sv.starts_with("`massor` är varken ett tal"), "{sv}");
        assert!(
            sv.contains(" och mellan dem t.ex. ") && !sv.contains("between"),
            "{sv}"
        );
        let error = crate::scale::parse_value("-3").unwrap_err();
        assert_eq!(error.message(Sv), "`-3` är inte ett positivt ändligt tal");
    }

    /// The derived `Error` impls give each error with an inner error that
    /// error as its source (and no other a source), down to the plugin's.
    #[test]
    fn sources_are_the_inner_errors() {
        use std::error::Error as _;
        let text = |e: Option<&(dyn std::error::Error + 'static)>| e.map(|e| e.to_string());
        for error in every_error() {
            let inner = match &error {
                Error::Judgment { source, .. } => Some(source.to_string()),
                Error::ValueFunction { source, .. } => Some(source.to_string()),
                Error::GroupTarget { source, .. } => Some(source.to_string()),
                Error::WhatIf { source } => Some(source.to_string()),
                Error::Scorer { source, .. } => Some(source.to_string()),
                _ => None,
            };
            assert_eq!(text(error.source()), inner, "{error:?}");
        }
        let judgment = JudgmentError {
            index: 0,
            kind: JudgmentErrorKind::SelfComparison { item: "a".into() },
        };
        assert_eq!(text(judgment.source()), Some(judgment.kind.to_string()));
        for scorer in every_scorer_error() {
            let source = scorer.source();
            let plugin = source.and_then(|s| s.source());
            match scorer {
                ScorerError::Plugin(_) => {
                    assert!(plugin.is_some_and(|p| p.is::<Plugin>()), "{source:?}")
                }
                _ => assert!(source.is_none(), "{scorer:?}"),
            }
        }
        let value = crate::scale::parse_value("massor").err();
        assert!(value.is_some_and(|v| v.source().is_none()));
    }

    /// A rating scale named where none is defined: the empty list is said
    /// in words, in each language (it once carried English prose in Swedish).
    #[test]
    fn no_rating_scale_is_said_in_each_language() {
        let e = Error::UnknownRatingScale {
            site: Site::Goal,
            scale: "effect".into(),
            known: String::new(),
        };
        assert!(
            e.message(En).contains("(known: none is defined)"),
            "{}",
            e.message(En)
        );
        let sv = e.message(Sv);
        assert!(
            sv.contains("(kända: ingen är definierad)") && !sv.contains("none"),
            "{sv}"
        );
    }

    #[test]
    fn swedish_texts_with_their_facts() {
        let check = |error: Error, expected: &str| assert_eq!(error.message(Sv), expected);
        check(
            Error::NotReciprocal {
                site: Site::Matrix,
                row: 0,
                col: 1,
                a: 3.0,
                b: 0.5,
                product: 1.5,
                expected: 1.0 / 3.0,
            },
            "matrisen: elementen [0][1] = 3 och [1][0] = 0,5 är inte reciproka (deras produkt är 1,5, den måste vara 1); sätt [1][0] till 1/3",
        );
        check(
            Error::AllGroupsExcluded {
                max_cr: 0.1,
                groups: vec![("s".into(), 0.25), ("m".into(), -0.0001)],
            },
            "alla gruppers egna bedömningar har CR över 0,1 (`s` 0,250, `m` 0,000), så ingen grupp finns kvar att väga samman; höj --max-cr eller se över bedömningarna",
        );
        check(
            Error::ValueFunction {
                site: Site::Assessment("kostnad".into()),
                source: ValueFunctionError::NotIncreasing {
                    point: 1,
                    x: Decimal::new(25, 1),
                    previous: Decimal::new(5, 0),
                },
            },
            "bedömningen av alternativen på `kostnad`: punkt 2 (x = 2,5) kommer inte efter punkt 1 (x = 5); x måste vara strängt växande",
        );
        check(
            Error::GroupTarget {
                group: "s".into(),
                source: GroupTargetError::GivenTwice {
                    site: Site::Weights("miljo".into()),
                },
            },
            "gruppen `s`: vikterna för delkriterierna under `miljo` anges två gånger",
        );
        check(
            Error::WhatIf {
                source: WhatIfError::WeightOutOfRange {
                    criterion: "miljo".into(),
                    weight: 1.5,
                },
            },
            "tänk om: vikten 1,5 för `miljo` ligger inte mellan 0 och 1",
        );
    }
}
