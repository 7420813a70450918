//! The parts of the workshop report written for a politician rather than
//! an analyst: the answer first (the question, the ranking under the
//! workspace's weights and under the groups' aggregate, and how robust it
//! is in two sentences), a glossary of the words the analyses use, the
//! judgments in words ("A före B, starkt (5)", "lika viktiga"), and ids
//! replaced by names in every table the report embeds.

use crate::document::{Block, Document};
use crate::html::ReportData;
use crate::render::{Grid, short};
use crate::sensitivity::threshold_sentence;
use crate::{Lang, figures};
use vagval_core::Evaluation;
use vagval_core::group::Aggregation;
use vagval_core::scale::{STEP_WORDS_EN, STEP_WORDS_SV};
use vagval_core::sensitivity::smaa::WeightSampling;

/// A judgment in words, with the scale's word where the value is a step:
/// `A före B, starkt (5)`, `A och B lika viktiga` (alternatives: `lika
/// bra`), `B före A, 2,5` for 1/2.5. The words are core's scale words, the
/// same as the survey and the workshop use.
pub fn judgment_words(lang: Lang, a: &str, b: &str, value: f64, alternatives: bool) -> String {
    if (value - 1.0).abs() < 1e-9 {
        return match (lang, alternatives) {
            (Lang::Sv, false) => format!("{a} och {b} lika viktiga"),
            (Lang::En, false) => format!("{a} and {b} equally important"),
            (Lang::Sv, true) => format!("{a} och {b} lika bra"),
            (Lang::En, true) => format!("{a} and {b} equally good"),
        };
    }
    let (first, second, v) = if value > 1.0 {
        (a, b, value)
    } else {
        (b, a, 1.0 / value)
    };
    let rounded = v.round();
    let strength = if (v - rounded).abs() < 1e-9 && (2.0..=9.0).contains(&rounded) {
        let words = match lang {
            Lang::Sv => &STEP_WORDS_SV,
            Lang::En => &STEP_WORDS_EN,
        };
        // 2..=9 here, so the index is 1..=8.
        format!("{} ({})", words[rounded as usize - 1], rounded)
    } else {
        short(lang, v)
    };
    match lang {
        Lang::Sv => format!("{first} före {second}, {strength}"),
        Lang::En => format!("{first} over {second}, {strength}"),
    }
}

/// Ids as the report shows them: by their names.
pub struct Names(Vec<(String, String)>);

impl Names {
    /// The alternatives', the criteria's and the groups' names, and the
    /// workspace's own weights (the `default` column of `vagval weights`).
    pub fn of(lang: Lang, data: &ReportData<'_>) -> Names {
        let mut pairs: Vec<(String, String)> = Vec::new();
        pairs.extend(
            data.evaluation
                .alternatives
                .iter()
                .map(|a| (a.id.clone(), a.name.clone())),
        );
        pairs.extend(
            data.evaluation
                .criteria
                .iter()
                .map(|c| (c.id.clone(), c.name.clone())),
        );
        pairs.extend(data.groups.iter().map(|g| (g.id.clone(), g.name.clone())));
        pairs.push((
            "default".to_string(),
            lang.pick("Workspace weights", "Arbetsytans vikter")
                .to_string(),
        ));
        Names(pairs)
    }

    fn name(&self, text: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(id, _)| id == text)
            .map(|(_, name)| name.as_str())
    }

    /// `doc` with every table cell and header that is an id shown as its
    /// name, and a column of ids beside the same names dropped.
    pub fn apply(&self, mut doc: Document) -> Document {
        doc.blocks = self.blocks(std::mem::take(&mut doc.blocks));
        doc
    }

    fn blocks(&self, blocks: Vec<Block>) -> Vec<Block> {
        blocks
            .into_iter()
            .map(|block| match block {
                Block::Table(grid) => Block::Table(self.grid(grid)),
                Block::Alt { text, rich } => Block::Alt {
                    text: self.blocks(text),
                    rich: self.blocks(rich),
                },
                other => other,
            })
            .collect()
    }

    fn grid(&self, mut grid: Grid) -> Grid {
        let mut all_ids = vec![!grid.rows.is_empty(); grid.headers.len()];
        for row in &mut grid.rows {
            for (k, cell) in row.iter_mut().enumerate() {
                match self.name(cell) {
                    Some(name) => *cell = name.to_string(),
                    None => {
                        if let Some(flag) = all_ids.get_mut(k) {
                            *flag = false;
                        }
                    }
                }
            }
        }
        for header in &mut grid.headers {
            if let Some(name) = self.name(header) {
                *header = name.to_string();
            }
        }
        // A column of ids beside the same names, cell for cell, says
        // nothing more once named: it goes, with its header.
        let column = |g: &Grid, k: usize| -> Vec<String> {
            g.rows
                .iter()
                .map(|r| r.get(k).cloned().unwrap_or_default())
                .collect()
        };
        let drop = (0..grid.headers.len()).find(|&k| {
            all_ids[k]
                && [k.checked_sub(1), Some(k + 1)]
                    .into_iter()
                    .flatten()
                    .filter(|&j| j < grid.headers.len())
                    .any(|j| column(&grid, j) == column(&grid, k))
        });
        if let Some(k) = drop {
            grid.headers.remove(k);
            for row in &mut grid.rows {
                if k < row.len() {
                    row.remove(k);
                }
            }
            grid.numeric = grid
                .numeric
                .iter()
                .filter(|&&c| c != k)
                .map(|&c| if c > k { c - 1 } else { c })
                .collect();
        }
        grid
    }
}

/// The names of `evaluation`'s alternatives in rank order, with scores:
/// `Ingå i HIT (48,6 %), Bygga egen förmåga (27,6 %) och …`.
fn ranking_words(lang: Lang, evaluation: &Evaluation) -> String {
    let mut ranked: Vec<_> = evaluation.alternatives.iter().collect();
    ranked.sort_by(|a, b| a.rank.cmp(&b.rank).then(b.score.total_cmp(&a.score)));
    let items: Vec<String> = ranked
        .iter()
        .map(|a| format!("{} ({})", a.name, lang.percent(a.score)))
        .collect();
    join_words(lang, &items)
}

/// `a, b och c` / `a, b and c` (no comma before the last).
fn join_words(lang: Lang, items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} {} {last}", rest.join(", "), lang.pick("and", "och")),
    }
}

/// The summary at the top: the question, the rankings, and two sentences
/// on how robust the deciding view's leader is.
pub fn summary_document(lang: Lang, data: &ReportData<'_>) -> Document {
    let mut doc = Document::new(lang);
    let mut lines = vec![match lang {
        Lang::Sv => format!("Frågan: {}.", data.evaluation.goal.trim_end_matches('.')),
        Lang::En => format!(
            "The question: {}.",
            data.evaluation.goal.trim_end_matches('.')
        ),
    }];
    // Set off by dashes: a view label often ends in brackets of its own.
    let view = data.view.map(|v| format!(" – {v} –")).unwrap_or_default();
    lines.push(match lang {
        Lang::Sv => format!(
            "Med modellens egna vikter{view} är ordningen {}.",
            ranking_words(lang, data.evaluation)
        ),
        Lang::En => format!(
            "With the model's own weights{view} the order is {}.",
            ranking_words(lang, data.evaluation)
        ),
    });
    if let Some(analysis) = data.group_analysis
        && let Some(aggregate) = analysis.aggregate.evaluation.as_ref()
    {
        let method = match analysis.aggregation {
            Aggregation::Aij => {
                lang.pick("their judgments combined", "deras bedömningar sammanvägda")
            }
            Aggregation::Aip | Aggregation::AipGeometric => {
                lang.pick("their priorities combined", "deras prioriteter sammanvägda")
            }
        };
        lines.push(match lang {
            Lang::Sv => format!(
                "Med de {} politiska gruppernas syn ({method}, efter mandat) är ordningen {}.",
                analysis.groups.len(),
                ranking_words(lang, aggregate)
            ),
            Lang::En => format!(
                "With the {} political groups' views ({method}, by seats) the order is {}.",
                analysis.groups.len(),
                ranking_words(lang, aggregate)
            ),
        });
        let leader = aggregate.alternatives.iter().find(|a| a.rank == 1);
        if let Some(leader) = leader {
            let agreeing = analysis
                .groups
                .iter()
                .filter(|g| {
                    g.evaluation
                        .alternatives
                        .iter()
                        .any(|a| a.id == leader.id && a.rank == 1)
                })
                .count();
            lines.push(match lang {
                Lang::Sv => format!(
                    "{agreeing} av {} grupper har själva {} först.",
                    analysis.groups.len(),
                    leader.name
                ),
                Lang::En => format!(
                    "{agreeing} of {} groups put {} first themselves.",
                    analysis.groups.len(),
                    leader.name
                ),
            });
        }
    }
    // A sentence a paragraph: each one a politician can repeat.
    for line in lines {
        doc.push(Block::paragraph(vec![line]));
    }
    doc.push(Block::heading(
        2,
        lang.pick("How sure is it?", "Hur säkert är det?"),
    ));
    for line in robustness_lines(lang, data) {
        doc.push(Block::paragraph(vec![line]));
    }
    doc
}

/// Two sentences a politician can repeat: the share of the Monte Carlo
/// samples in which the leader stays first, and the smallest change of one
/// weight that would put another alternative first.
fn robustness_lines(lang: Lang, data: &ReportData<'_>) -> Vec<String> {
    let s = &data.sensitivity;
    let basis = s.basis;
    let names: Vec<(String, String)> = basis
        .alternatives
        .iter()
        .map(|a| (a.id.clone(), a.name.clone()))
        .collect();
    let name_of = |id: &str| figures::name_in(&names, id);
    let view = match s.scope_flag {
        "" => lang.pick("the workspace's weights", "arbetsytans vikter"),
        _ => lang.pick("the groups' aggregate", "gruppernas sammanvägning"),
    };
    let mut lines = Vec::new();
    let Some(leader) = basis.alternatives.iter().find(|a| a.rank == 1) else {
        return lines;
    };
    if let Some(k) = s.smaa.alternatives.iter().position(|a| *a == leader.id)
        && let Some(first) = s.smaa.rank_acceptability.get(k).and_then(|r| r.first())
    {
        let how = match (s.smaa.weights, lang) {
            (WeightSampling::Simplex, Lang::Sv) => {
                "vilka vikter som helst, lika sannolika".to_string()
            }
            (WeightSampling::Simplex, Lang::En) => {
                "any weights at all, all equally likely".to_string()
            }
            (_, Lang::Sv) => "bedömningarna slumpvis ändrade inom en given spännvidd".to_string(),
            (_, Lang::En) => "the judgments varied at random within a given spread".to_string(),
        };
        let samples = match lang {
            Lang::Sv => crate::number::format_sv(s.smaa.samples.into()),
            Lang::En => crate::number::format_en(s.smaa.samples.into()),
        };
        lines.push(match lang {
            Lang::Sv => format!(
                "{} ligger först med {view}, och ligger kvar först i {} av {samples} slumpade viktningar ({how}).",
                leader.name,
                lang.percent(*first)
            ),
            Lang::En => format!(
                "{} comes first with {view}, and stays first in {} of {samples} random weightings ({how}).",
                leader.name,
                lang.percent(*first)
            ),
        });
    }
    let criterion = |id: &str| {
        basis
            .criteria
            .iter()
            .find(|c| c.id == id)
            .map(|c| c.name.clone())
            .unwrap_or_else(|| id.to_string())
    };
    let weight_of = |id: &str| {
        s.thresholds
            .criteria
            .iter()
            .position(|c| c == id)
            .map(|k| s.thresholds.weights[k])
            .unwrap_or(0.0)
    };
    let sentence = s.thresholds.absolute_top.as_ref().and_then(|w| {
        threshold_sentence(
            lang,
            w,
            weight_of(&w.criterion),
            &criterion(&w.criterion),
            &name_of,
        )
    });
    lines.push(match sentence {
        Some(text) => match lang {
            Lang::Sv => format!(
                "Den minsta ändringen av en enskild vikt som sätter ett annat alternativ först: {text}."
            ),
            Lang::En => format!(
                "The smallest change of a single weight that puts another alternative first: {text}."
            ),
        },
        None => lang
            .pick(
                "No change of a single weight puts another alternative first.",
                "Ingen ändring av en enskild vikt sätter ett annat alternativ först.",
            )
            .to_string(),
    });
    lines
}

/// The glossary at the end: the analyses' words in plain language.
pub fn glossary_document(lang: Lang) -> Document {
    let terms: [(&str, &str, &str); 10] = [
        (
            "CR",
            "Consistency ratio: how well a set of pairwise judgments hang together. 0 is perfectly consistent; above 0.10 the judgments contradict each other enough to deserve a second look (Saaty).",
            "Konsistenskvot: hur väl en uppsättning parvisa bedömningar hänger ihop. 0 är helt följdriktigt; över 0,10 motsäger bedömningarna varandra så mycket att de bör ses över (Saaty).",
        ),
        (
            "AIJ",
            "Aggregating individual judgments: the groups' judgments of each pair are combined (a geometric mean weighted by seats) before any weights are computed, as if the council had answered together.",
            "Sammanvägda enskilda bedömningar: gruppernas bedömningar av varje par vägs ihop (ett geometriskt medelvärde viktat efter mandat) innan några vikter räknas fram, som om fullmäktige hade svarat tillsammans.",
        ),
        (
            "AIP",
            "Aggregating individual priorities: each group's ranking scores are computed first and then averaged by seats.",
            "Sammanvägda enskilda prioriteter: varje grupps poäng räknas fram först och medelvärdesbildas sedan efter mandat.",
        ),
        (
            "S*",
            "Consensus (Goepel): 1 when every group weighs the criteria alike, 0 when they are as far apart as the scale allows.",
            "Samsyn (Goepel): 1 när alla grupper väger kriterierna lika, 0 när de ligger så långt isär som skalan tillåter.",
        ),
        (
            lang.pick("Local and global weight", "Lokal och global vikt"),
            "A criterion's local weight is its share among its siblings; its global weight is its share of the whole decision (the local weights multiplied down the tree).",
            "Ett kriteriums lokala vikt är dess andel bland syskonen; den globala vikten är dess andel av hela beslutet (de lokala vikterna multiplicerade nedåt i trädet).",
        ),
        (
            lang.pick("Rank acceptability", "Rangacceptans"),
            "The share of the random weightings of a Monte Carlo analysis in which an alternative takes a given place.",
            "Andelen av de slumpade viktningarna i en Monte Carlo-analys där ett alternativ hamnar på en viss plats.",
        ),
        (
            lang.pick("Simplex", "Simplex"),
            "All the ways of sharing 100 % of the weight among the criteria: drawing weights \"on the simplex\" means any weighting at all, each as likely.",
            "Alla sätt att dela 100 % av vikten mellan kriterierna: att dra vikter \"på simplexen\" betyder vilken viktning som helst, alla lika sannolika.",
        ),
        (
            "PT, PA",
            "Percent-top and percent-any (Triantaphyllou & Sánchez): the criterion whose weight needs the smallest relative change to change the winner (PT) or any place in the ranking (PA).",
            "Procent-topp och procent-någon (Triantaphyllou & Sánchez): det kriterium vars vikt behöver den minsta relativa ändringen för att byta vinnare (PT) eller ändra någon plats i rangordningen (PA).",
        ),
        (
            "δ′",
            "How much a criterion's weight must change for two alternatives to tie (the other weights rescaled to keep the sum 1).",
            "Hur mycket ett kriteriums vikt måste ändras för att två alternativ ska hamna lika (de andra vikterna skalas om så att summan blir 1).",
        ),
        (
            lang.pick("Pairwise judgment", "Parvis bedömning"),
            "A comparison of two items on Saaty's scale: equal (1), moderate (3), strong (5), very strong (7), extreme (9), with the steps between.",
            "En jämförelse av två saker på Saatys skala: lika (1), måttligt (3), starkt (5), mycket starkt (7), extremt (9), med stegen emellan.",
        ),
    ];
    let mut doc = Document::new(lang);
    doc.push(Block::Pairs {
        headers: [
            lang.pick("Term", "Ord").to_string(),
            lang.pick("What it means", "Vad det betyder").to_string(),
        ],
        rows: terms
            .iter()
            .map(|(term, en, sv)| (term.to_string(), lang.pick(en, sv).to_string()))
            .collect(),
    });
    doc
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn judgments_read_in_the_scales_words() {
        assert_eq!(
            judgment_words(Lang::Sv, "A", "B", 1.0, false),
            "A och B lika viktiga"
        );
        assert_eq!(
            judgment_words(Lang::Sv, "A", "B", 1.0, true),
            "A och B lika bra"
        );
        assert_eq!(
            judgment_words(Lang::Sv, "A", "B", 5.0, false),
            "A före B, starkt (5)"
        );
        assert_eq!(
            judgment_words(Lang::Sv, "A", "B", 1.0 / 3.0, false),
            "B före A, måttligt (3)"
        );
        assert_eq!(
            judgment_words(Lang::En, "A", "B", 2.5, false),
            "A over B, 2.5"
        );
        assert_eq!(
            judgment_words(Lang::Sv, "A", "B", 0.4, false),
            "B före A, 2,5"
        );
    }

    #[test]
    fn ids_become_names_and_an_id_column_beside_its_names_goes() {
        let names = Names(vec![
            ("join-hit".into(), "Ingå i HIT".into()),
            ("stay".into(), "Stå utanför".into()),
        ]);
        let mut grid = Grid::new(&["rank", "id", "name", "join-hit"]).numeric(&[0, 3]);
        grid.push(vec![
            "1".into(),
            "join-hit".into(),
            "Ingå i HIT".into(),
            "0,5".into(),
        ]);
        grid.push(vec![
            "2".into(),
            "stay".into(),
            "Stå utanför".into(),
            "0,4".into(),
        ]);
        let named = names.grid(grid);
        assert_eq!(named.headers, ["rank", "name", "Ingå i HIT"]);
        assert_eq!(named.rows[0], ["1", "Ingå i HIT", "0,5"]);
        assert_eq!(named.numeric, [0, 2]);
    }

    #[test]
    fn lists_join_without_a_serial_comma() {
        let items: Vec<String> = ["a", "b", "c"].iter().map(|s| s.to_string()).collect();
        assert_eq!(join_words(Lang::Sv, &items), "a, b och c");
        assert_eq!(join_words(Lang::En, &items[..2]), "a and b");
    }
}
