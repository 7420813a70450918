//! Political groups' views reported, each as one `Document`: the criteria's
//! global weights of the default view beside each group's
//! (`weights::group_weights_document`, `vagval weights` with groups), the
//! groups' rankings beside their seat-weighted aggregate with the consensus
//! and the criteria they disagree on most (`summary::groups_document`,
//! `vagval groups`), one full evaluation per group and the aggregate's
//! (`evaluations`, `evaluate --all-groups` / `--aggregate`), and who the
//! aggregate leaves out (`exclusions`, a transformation of any document).
//! What they share is here: the aggregation's and the consensus's words,
//! a group's title and the CR flags.

mod evaluations;
mod exclusions;
mod summary;
mod weights;

pub use evaluations::{aggregate_document, group_evaluations_document, seats_label};
pub(crate) use exclusions::exclusions_json;
pub use exclusions::{Exclusions, exclusion_lines};
pub use summary::groups_document;
pub use weights::group_weights_document;

use crate::Lang;
use crate::render::{NONE, fixed3, short, site_phrase};
use serde_json::{Value, json};
use vagval_core::Evaluation;
use vagval_core::group::{Aggregation, GroupResult};
use vagval_core::model::Site;
use vagval_core::synthesis::WarningFacts;

/// The aggregation as people read it: `AIJ — seat-weighted geometric mean of
/// judgments` or `AIP — seat-weighted arithmetic mean of priorities`.
pub fn aggregation_label(lang: Lang, aggregation: Aggregation) -> &'static str {
    match aggregation {
        Aggregation::Aij => lang.pick(
            "AIJ — seat-weighted geometric mean of judgments",
            "AIJ — mandatviktat geometriskt medelvärde av bedömningarna",
        ),
        Aggregation::Aip => lang.pick(
            "AIP — seat-weighted arithmetic mean of priorities",
            "AIP — mandatviktat aritmetiskt medelvärde av prioriteterna",
        ),
        Aggregation::AipGeometric => lang.pick(
            "AIP — seat-weighted geometric mean of priorities, normalised",
            "AIP — mandatviktat geometriskt medelvärde av prioriteterna, normerat",
        ),
    }
}

/// Goepel's verbal reading of the consensus indicator S*: `very low`
/// (< 0.5), `low` (0.5–0.65), `moderate` (0.65–0.75), `high` (0.75–0.85) or
/// `very high` (≥ 0.85); each bound belongs to the category above it.
///
/// Goepel, K. D. (2018). Implementation of an Online Software Tool for the
/// Analytic Hierarchy Process (AHP-OS). *International Journal of the
/// Analytic Hierarchy Process* 10(3), 469–487.
pub fn consensus_reading(lang: Lang, s_star: f64) -> &'static str {
    if s_star >= 0.85 {
        lang.pick("very high", "mycket hög")
    } else if s_star >= 0.75 {
        lang.pick("high", "hög")
    } else if s_star >= 0.65 {
        lang.pick("moderate", "måttlig")
    } else if s_star >= 0.5 {
        lang.pick("low", "låg")
    } else {
        lang.pick("very low", "mycket låg")
    }
}

/// `Socialdemokraterna (s), 35 seats`.
pub(crate) fn group_title(lang: Lang, group: &GroupResult) -> String {
    format!(
        "{} ({}), {}",
        group.name,
        group.id,
        seats_text(lang, group.seats)
    )
}

pub(super) fn seats_text(lang: Lang, seats: f64) -> String {
    if seats == 1.0 {
        lang.pick("1 seat", "1 mandat").to_string()
    } else {
        format!("{} {}", short(lang, seats), lang.pick("seats", "mandat"))
    }
}

// ---------------------------------------------------------------------------
// CR above the threshold, flagged wherever a group's weights appear

/// Every matrix of `evaluation` whose CR is above the threshold, with its
/// CR and the threshold, as core's warnings name them (so the flag follows
/// whatever threshold the evaluation used).
pub(crate) fn inconsistent(evaluation: &Evaluation) -> Vec<(&Site, f64, f64)> {
    evaluation
        .warnings
        .iter()
        .filter_map(|w| match w.facts {
            WarningFacts::Inconsistent { cr, threshold, .. } => Some((&w.site, cr, threshold)),
            _ => None,
        })
        .collect()
}

/// The largest CR of a view, flagged when a matrix is above the threshold:
/// `0.153 (above 0.10)`.
pub(super) fn flagged_cr(lang: Lang, cr_max: Option<f64>, evaluation: &Evaluation) -> String {
    let Some(cr) = cr_max else {
        return NONE.to_string();
    };
    match inconsistent(evaluation)
        .iter()
        .map(|(_, _, threshold)| *threshold)
        .reduce(f64::min)
    {
        Some(threshold) => format!(
            "{} ({} {})",
            fixed3(lang, cr),
            lang.pick("above", "över"),
            lang.fixed(threshold, 2)
        ),
        None => fixed3(lang, cr),
    }
}

/// One sentence for a group whose judgments are inconsistent (CR above the
/// threshold), naming each such matrix; `None` when every CR is within it.
pub(crate) fn cr_flag(lang: Lang, group: &str, evaluation: &Evaluation) -> Option<String> {
    let found = inconsistent(evaluation);
    let threshold = found.iter().map(|(_, _, t)| *t).reduce(f64::min)?;
    let sites: Vec<String> = found
        .iter()
        .map(|(site, cr, _)| format!("{} (CR {})", site_phrase(lang, site), fixed3(lang, *cr)))
        .collect();
    Some(match lang {
        Lang::En => format!(
            "`{group}`: CR above {} in {}; its weights and ranking rest on judgments that contradict each other: revisit them (`vagval check`).",
            lang.fixed(threshold, 2),
            sites.join("; ")
        ),
        Lang::Sv => format!(
            "`{group}`: CR över {} i {}; gruppens vikter och rangordning vilar på bedömningar som motsäger varandra: se över dem (`vagval check`).",
            lang.fixed(threshold, 2),
            sites.join("; ")
        ),
    })
}

/// The flags of every group (by id) whose judgments are inconsistent.
pub(super) fn cr_flags<'a>(
    lang: Lang,
    views: impl Iterator<Item = (&'a str, &'a Evaluation)>,
) -> Vec<String> {
    views
        .filter_map(|(id, evaluation)| cr_flag(lang, id, evaluation))
        .collect()
}

/// The inconsistent matrices of a view, for JSON.
pub(super) fn inconsistent_json(evaluation: &Evaluation) -> Value {
    Value::Array(
        inconsistent(evaluation)
            .into_iter()
            .map(|(site, cr, threshold)| {
                json!({"site": site.to_string(), "cr": cr, "threshold": threshold})
            })
            .collect(),
    )
}

/// One column of the weights table: the default view or a group.
pub(super) struct WeightColumn<'a> {
    pub id: String,
    pub name: String,
    pub seats: Option<f64>,
    pub evaluation: &'a Evaluation,
}

impl WeightColumn<'_> {
    /// CR of the top-level criteria's matrix; `None` for direct weights.
    pub fn cr_top(&self) -> Option<f64> {
        self.evaluation.goal_weights.analysis.as_ref().map(|a| a.cr)
    }

    /// The largest CR of any matrix of the evaluation.
    pub fn cr_max(&self) -> Option<f64> {
        let e = self.evaluation;
        e.goal_weights
            .analysis
            .iter()
            .map(|a| a.cr)
            .chain(e.criteria.iter().filter_map(|c| c.cr()))
            .chain(
                e.rating_scales
                    .iter()
                    .filter_map(|s| s.weights.analysis.as_ref().map(|a| a.cr)),
            )
            .reduce(f64::max)
    }

    /// The global weight of criterion `id` in this column.
    pub fn weight(&self, id: &str) -> Option<f64> {
        self.evaluation
            .criteria
            .iter()
            .find(|c| c.id == id)
            .map(|c| c.global_weight)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn goepel_categories() {
        let cases = [
            (0.0, "very low"),
            (0.499, "very low"),
            (0.5, "low"),
            (0.649, "low"),
            (0.65, "moderate"),
            (0.75, "high"),
            (0.849, "high"),
            (0.85, "very high"),
            (1.0, "very high"),
        ];
        for (s, expected) in cases {
            assert_eq!(consensus_reading(Lang::En, s), expected, "{s}");
        }
    }
}
