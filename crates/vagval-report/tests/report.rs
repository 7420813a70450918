//! The reports on a small Swedish road-choice model: JSON keys and values,
//! CSV quoting, Swedish names and numbers in tables, Markdown pipe tables.

use rust_decimal::Decimal;
use serde_json::Value;
use std::error::Error;
use vagval_core::assessment::{AssessmentSpec, RatingScaleSpec, WeightsSpec};
use vagval_core::hierarchy::CriterionSpec;
use vagval_core::model::{Alternative, CriterionInput, ModelSpec};
use vagval_core::quantity::Quantity;
use vagval_core::value_function::{Direction, ValueFunction};
use vagval_core::{Evaluation, Judgment, Model, Settings, evaluate};
use vagval_report::{
    Format, Lang, check_document, evaluation_document, matrix_document, weights_document,
    write_document,
};

type Result<T = ()> = std::result::Result<T, Box<dyn Error>>;

const VIEW: &str = "As the analysis text reads (default view)";
const ODD_NAME: &str = "Åby, \"norra\"";
const ODD_CRITERION: &str = "Buller, \"damm\"";

fn alternative(id: &str, name: &str) -> Alternative {
    Alternative {
        id: id.into(),
        name: name.into(),
        description: String::new(),
    }
}

fn criterion(
    id: &str,
    name: &str,
    parent: Option<&str>,
    weights: Option<WeightsSpec>,
    assessment: Option<AssessmentSpec>,
) -> CriterionInput {
    CriterionInput {
        criterion: CriterionSpec {
            id: id.into(),
            name: name.into(),
            description: String::new(),
            parent: parent.map(Into::into),
        },
        weights,
        assessment,
    }
}

fn judgments(list: &[(&str, &str, f64)]) -> Vec<Judgment> {
    list.iter()
        .map(|&(a, b, v)| Judgment::new(a, b, v))
        .collect()
}

fn d(value: i64) -> Decimal {
    Decimal::from(value)
}

/// Three roads; cost as data ranges in tkr, noise judged in pairs, nature
/// rated on a scale judged in pairs, safety judged in pairs with a gap.
/// The goal's judgments are inconsistent on purpose.
fn evaluation() -> Result<Evaluation> {
    let spec = ModelSpec {
        goal: "Välj väg till Östra hamnen".into(),
        alternatives: vec![
            alternative("a", "Väg A"),
            alternative("b", ODD_NAME),
            alternative("c", "Östra länken"),
        ],
        criteria: vec![
            criterion(
                "kostnad",
                "Kostnad",
                None,
                None,
                Some(AssessmentSpec::Data {
                    unit: Some("tkr".into()),
                    values: vec![
                        ("a".into(), Quantity::range(d(8500), d(16500))?),
                        ("b".into(), Quantity::exact(d(2035))),
                        ("c".into(), Quantity::range(d(10000), d(12000))?),
                    ],
                    function: ValueFunction::Linear {
                        direction: Direction::LowerIsBetter,
                        lower: None,
                        upper: None,
                    },
                }),
            ),
            criterion(
                "miljo",
                "Miljö",
                None,
                Some(WeightsSpec::Direct(vec![
                    ("buller".into(), 0.6),
                    ("natur".into(), 0.4),
                ])),
                None,
            ),
            criterion(
                "buller",
                ODD_CRITERION,
                Some("miljo"),
                None,
                Some(AssessmentSpec::Pairwise(judgments(&[
                    ("a", "b", 3.0),
                    ("a", "c", 5.0),
                    ("b", "c", 2.0),
                ]))),
            ),
            criterion(
                "natur",
                "Naturvärden",
                Some("miljo"),
                None,
                Some(AssessmentSpec::Ratings {
                    scale: "skala".into(),
                    ratings: vec![
                        ("a".into(), "hog".into()),
                        ("b".into(), "lag".into()),
                        ("c".into(), "medel".into()),
                    ],
                }),
            ),
            criterion(
                "sakerhet",
                "Trafiksäkerhet",
                None,
                None,
                Some(AssessmentSpec::Pairwise(judgments(&[
                    ("a", "b", 2.0),
                    ("b", "c", 3.0),
                ]))),
            ),
        ],
        goal_weights: Some(WeightsSpec::Judgments(judgments(&[
            ("kostnad", "miljo", 3.0),
            ("kostnad", "sakerhet", 5.0),
            ("sakerhet", "miljo", 4.0),
        ]))),
        rating_scales: vec![RatingScaleSpec {
            id: "skala".into(),
            name: "Värde".into(),
            levels: vec![
                ("hog".into(), "Hög".into()),
                ("medel".into(), "Medel".into()),
                ("lag".into(), "Låg".into()),
            ],
            intensities: WeightsSpec::Judgments(judgments(&[
                ("hog", "medel", 3.0),
                ("hog", "lag", 5.0),
                ("medel", "lag", 2.0),
            ])),
        }],
    };
    let model = Model::new(spec)?;
    Ok(evaluate(&model, &Settings::default())?)
}

fn render(f: impl FnOnce(&mut dyn std::io::Write) -> std::io::Result<()>) -> Result<String> {
    Ok(vagval_report::to_string(f)?)
}

/// Every needle is in the text.
fn check(text: &str, needles: &[&str]) {
    for needle in needles {
        assert!(text.contains(needle), "missing {needle:?} in:\n{text}");
    }
}

fn close(value: &Value, expected: f64) -> bool {
    value
        .as_f64()
        .is_some_and(|v| (v - expected).abs() <= 1e-12 * expected.abs().max(1.0))
}

fn keys(value: &Value) -> Vec<String> {
    value
        .as_object()
        .map(|m| m.keys().cloned().collect())
        .unwrap_or_default()
}

#[test]
fn evaluation_json_has_the_keys_and_values() -> Result {
    let e = evaluation()?;
    let text = render(|out| {
        write_document(
            out,
            &evaluation_document(&e, Some(VIEW), Lang::En),
            Format::Json,
        )
    })?;
    let json: Value = serde_json::from_str(&text)?;
    for key in [
        "goal",
        "view",
        "alternatives",
        "criteria",
        "settings",
        "warnings",
    ] {
        assert!(json.get(key).is_some(), "no {key}");
    }
    assert_eq!(json["goal"], "Välj väg till Östra hamnen");
    assert_eq!(json["view"], VIEW);

    let alternatives = json["alternatives"].as_array().cloned().unwrap_or_default();
    assert_eq!(alternatives.len(), 3);
    let ranks: Vec<u64> = alternatives
        .iter()
        .filter_map(|a| a["rank"].as_u64())
        .collect();
    assert!(ranks.windows(2).all(|w| w[0] <= w[1]), "{ranks:?}");
    for a in &alternatives {
        let id = a["id"].as_str().unwrap_or_default();
        let expected = e.alternatives.iter().find(|x| x.id == id);
        assert!(
            expected.is_some_and(|x| close(&a["score"], x.score) && a["name"] == x.name.as_str())
        );
    }

    let criteria = json["criteria"].as_array().cloned().unwrap_or_default();
    let kinds: Vec<(&str, &str)> = criteria
        .iter()
        .map(|c| {
            (
                c["id"].as_str().unwrap_or(""),
                c["kind"].as_str().unwrap_or(""),
            )
        })
        .collect();
    assert_eq!(
        kinds,
        [
            ("kostnad", "data"),
            ("miljo", "parent"),
            ("buller", "pairwise"),
            ("natur", "ratings"),
            ("sakerhet", "pairwise"),
        ]
    );
    for (c, expected) in criteria.iter().zip(&e.criteria) {
        assert!(close(&c["local_weight"], expected.local_weight));
        assert!(close(&c["global_weight"], expected.global_weight));
        assert_eq!(c["depth"], expected.depth);
        assert_eq!(c["parent"].as_str(), expected.parent.as_deref());
        match expected.cr() {
            Some(cr) => assert!(close(&c["cr"], cr)),
            None => assert!(c["cr"].is_null()),
        }
        assert_eq!(keys(&c["contributions"]), ["a", "b", "c"]);
        match &expected.leaf {
            Some(leaf) => {
                assert_eq!(keys(&c["priorities"]), ["a", "b", "c"]);
                assert!(close(&c["priorities"]["b"], leaf.priorities[1]));
            }
            None => assert!(c["priorities"].is_null()),
        }
    }
    assert_eq!(criteria[0]["assessment"]["a"]["low"], "8500");
    assert_eq!(criteria[0]["assessment"]["a"]["unit"], "tkr");
    assert_eq!(criteria[3]["assessment"]["b"]["level_name"], "Låg");

    assert_eq!(
        json["settings"],
        serde_json::json!({
            "method": "eigenvector",
            "ri_table": "saaty1980",
            "mode": "distributive",
            "completion": "harker",
            "range_point": "middle",
        })
    );
    let warnings: Vec<(String, String)> = json["warnings"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|w| (w["site"].to_string(), w["kind"].to_string()))
        .collect();
    assert_eq!(warnings.len(), e.warnings.len());
    assert!(
        warnings.contains(&("\"goal\"".into(), "\"inconsistent\"".into())),
        "{warnings:?}"
    );
    assert!(warnings.contains(&("\"assessment:sakerhet\"".into(), "\"completed\"".into())));
    Ok(())
}

#[test]
fn view_is_shown_only_when_given() -> Result {
    let e = evaluation()?;
    for format in [Format::Table, Format::Markdown] {
        let with = render(|out| {
            write_document(out, &evaluation_document(&e, Some(VIEW), Lang::En), format)
        })?;
        let without =
            render(|out| write_document(out, &evaluation_document(&e, None, Lang::En), format))?;
        assert!(with.contains(VIEW));
        assert!(!without.contains("View"));
        let weights =
            render(|out| write_document(out, &weights_document(&e, Some(VIEW), Lang::En), format))?;
        assert!(weights.contains(VIEW));
    }
    let json =
        render(|out| write_document(out, &evaluation_document(&e, None, Lang::En), Format::Json))?;
    let json: Value = serde_json::from_str(&json)?;
    assert!(json["view"].is_null());
    Ok(())
}

#[test]
fn csv_is_one_quoted_table() -> Result {
    let e = evaluation()?;
    let ranking = render(|out| {
        write_document(
            out,
            &evaluation_document(&e, Some(VIEW), Lang::En),
            Format::Csv,
        )
    })?;
    let lines: Vec<&str> = ranking.lines().collect();
    assert_eq!(lines.first(), Some(&"rank,id,name,score"));
    assert_eq!(lines.len(), 4);
    let b = e
        .alternatives
        .iter()
        .find(|a| a.id == "b")
        .map(|a| (a.rank, a.score));
    let expected = b.map(|(rank, score)| {
        let score = Lang::En.csv_number(score);
        format!("{rank},b,\"Åby, \"\"norra\"\"\",{score}")
    });
    assert!(
        expected.is_some_and(|line| lines.contains(&line.as_str())),
        "{ranking}"
    );
    check(&ranking, &["Östra länken"]);

    let weights =
        render(|out| write_document(out, &weights_document(&e, None, Lang::En), Format::Csv))?;
    let lines: Vec<&str> = weights.lines().collect();
    assert_eq!(
        lines.first(),
        Some(&"id,name,parent,depth,local_weight,global_weight,cr")
    );
    assert_eq!(lines.len(), 1 + e.criteria.len());
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("buller,\"Buller, \"\"damm\"\"\",miljo,1,0.6,"))
    );
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("kostnad,Kostnad,,0,") && l.ends_with(','))
    );

    let check_csv = render(|out| {
        write_document(
            out,
            &check_document(&e, &[], "vägval", Lang::En),
            Format::Csv,
        )
    })?;
    let lines: Vec<&str> = check_csv.lines().collect();
    assert!(
        lines
            .first()
            .is_some_and(|h| h.starts_with("site,label,n,lambda_max"))
    );
    assert_eq!(lines.len(), 1 + 4);
    Ok(())
}

#[test]
fn tables_keep_swedish_names_and_numbers() -> Result {
    let e = evaluation()?;
    let nbsp = |s: &str| s.replace(' ', "\u{a0}");
    let table = render(|out| {
        write_document(
            out,
            &evaluation_document(&e, Some(VIEW), Lang::En),
            Format::Table,
        )
    })?;
    check(
        &table,
        &[
            "Välj väg till Östra hamnen",
            ODD_NAME,
            "Östra länken",
            "Miljö",
            ODD_CRITERION,
            "Trafiksäkerhet",
            // Money in English style in English (grouped by commas).
            "8,500–16,500\u{a0}tkr",
            "2,035\u{a0}tkr",
            "Låg (",
            "method eigenvector, RI saaty1980, mode distributive, completion harker, range point middle",
            "┌",
            "warning: the weights of the top-level criteria: CR = ",
        ],
    );
    assert!(!table.contains('\u{1b}'), "no colours");
    // Scores to three decimals.
    let best = e
        .alternatives
        .iter()
        .find(|a| a.rank == 1)
        .map(|a| format!("{:.3}", a.score));
    assert!(best.is_some_and(|s| table.contains(&s)));

    let weights =
        render(|out| write_document(out, &weights_document(&e, None, Lang::En), Format::Table))?;
    check(
        &weights,
        &["Miljö", &format!("\u{a0}\u{a0}{ODD_CRITERION}"), "–"],
    );

    // In Swedish: money the Swedish way, decimal commas, Swedish words.
    let swedish = render(|out| {
        write_document(
            out,
            &evaluation_document(&e, Some(VIEW), Lang::Sv),
            Format::Table,
        )
    })?;
    check(
        &swedish,
        &[
            &nbsp("8 500–16 500 tkr"),
            &nbsp("2 035 tkr"),
            "Rangordning",
            "metod egenvektor (eigenvector), RI Saaty 1980 (saaty1980), syntes distributiv (distributive)",
            "varning: vikterna för huvudkriterierna: CR = ",
        ],
    );
    let best_sv = e
        .alternatives
        .iter()
        .find(|a| a.rank == 1)
        .map(|a| format!("{:.3}", a.score).replace('.', ","));
    assert!(best_sv.is_some_and(|s| swedish.contains(&s)));
    Ok(())
}

#[test]
fn markdown_has_pipe_tables() -> Result {
    let e = evaluation()?;
    let md = render(|out| {
        write_document(
            out,
            &evaluation_document(&e, Some(VIEW), Lang::En),
            Format::Markdown,
        )
    })?;
    check(
        &md,
        &[
            "# Välj väg till Östra hamnen",
            "## Ranking",
            "| rank | id | name | score |",
            "| ---: | --- | --- | ---: |",
            "## Criteria",
            "| Östra länken |",
            "## Warnings",
        ],
    );
    let check_md = render(|out| {
        write_document(
            out,
            &check_document(&e, &[], "vägval", Lang::En),
            Format::Markdown,
        )
    })?;
    check(
        &check_md,
        &["| matrix | n | λmax | CR | GCI | Koczkodaj | verdict |"],
    );
    let mut item = vec!["A|B".to_string()];
    item.extend(["C".to_string(), "D".to_string()]);
    if let Some(a) = &e.goal_weights.analysis {
        let md = render(|out| {
            write_document(out, &matrix_document(&item, a, Lang::En), Format::Markdown)
        })?;
        check(&md, &["| A\\|B |", "## Consistency"]);
    }
    Ok(())
}

#[test]
fn matrix_reports() -> Result {
    let e = evaluation()?;
    let names = vec![
        "Kostnad".to_string(),
        "Miljö".to_string(),
        "Trafiksäkerhet".to_string(),
    ];
    let goal = e
        .goal_weights
        .analysis
        .as_ref()
        .ok_or("goal is judged in pairs")?;
    let json: Value = serde_json::from_str(&render(|out| {
        write_document(out, &matrix_document(&names, goal, Lang::En), Format::Json)
    })?)?;
    for key in [
        "items",
        "priorities",
        "lambda_max",
        "ci",
        "ri",
        "ri_table",
        "cr",
        "gci",
        "gci_threshold",
        "koczkodaj",
        "method",
        "revisit",
        "completed",
        "completion",
        "matrix",
    ] {
        assert!(json.get(key).is_some(), "no {key}");
    }
    assert_eq!(keys(&json["priorities"]), names);
    assert!(close(&json["priorities"]["Miljö"], goal.priorities[1]));
    assert!(close(&json["lambda_max"], goal.lambda_max));
    assert!(close(&json["cr"], goal.cr));
    assert!(close(&json["ri"], 0.58));
    assert_eq!(json["ri_table"], "saaty1980");
    assert!(close(&json["gci_threshold"], 0.31));
    assert_eq!(json["method"], "eigenvector");
    assert!(json["completion"].is_null());
    assert_eq!(
        json["revisit"].as_array().map(Vec::len),
        Some(goal.revisit.len())
    );
    let first = &goal.revisit[0];
    assert_eq!(json["revisit"][0]["row"], names[first.row].as_str());
    assert_eq!(json["revisit"][0]["col"], names[first.col].as_str());
    assert!(close(&json["revisit"][0]["epsilon"], first.epsilon));
    assert_eq!(json["matrix"].as_array().map(Vec::len), Some(3));

    let table =
        render(|out| write_document(out, &matrix_document(&names, goal, Lang::En), Format::Table))?;
    check(
        &table,
        &[
            "Priorities",
            "Trafiksäkerhet",
            "RI",
            "0.580 (saaty1980)",
            "above 0.10",
            "threshold 0.31",
            "Judgments to revisit",
            " over ",
            "given ",
            "(ε = ",
        ],
    );
    let csv =
        render(|out| write_document(out, &matrix_document(&names, goal, Lang::En), Format::Csv))?;
    assert_eq!(csv.lines().next(), Some("item,priority,rank"));
    assert_eq!(csv.lines().count(), 4);

    // The gap in the safety judgments is reported as filled.
    let alternatives: Vec<String> = e.alternatives.iter().map(|a| a.name.clone()).collect();
    let safety = e
        .criteria
        .iter()
        .find(|c| c.id == "sakerhet")
        .and_then(|c| c.leaf.as_ref())
        .and_then(|l| l.analysis.as_ref())
        .ok_or("safety is judged in pairs")?;
    let json: Value = serde_json::from_str(&render(|out| {
        write_document(
            out,
            &matrix_document(&alternatives, safety, Lang::En),
            Format::Json,
        )
    })?)?;
    assert_eq!(json["completion"], "harker");
    assert_eq!(json["completed"][0]["row"], "Väg A");
    assert_eq!(json["completed"][0]["col"], "Östra länken");
    let table = render(|out| {
        write_document(
            out,
            &matrix_document(&alternatives, safety, Lang::En),
            Format::Table,
        )
    })?;
    check(
        &table,
        &[
            "Väg A over Östra länken filled with 6 (harker)",
            "acceptable",
        ],
    );
    Ok(())
}

#[test]
fn check_lists_every_matrix() -> Result {
    let e = evaluation()?;
    let json: Value = serde_json::from_str(&render(|out| {
        write_document(
            out,
            &check_document(&e, &[], "vägval", Lang::En),
            Format::Json,
        )
    })?)?;
    assert_eq!(json["workspace"], "vägval");
    let sites: Vec<&str> = json["matrices"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|m| m["site"].as_str())
        .collect();
    assert_eq!(
        sites,
        [
            "goal",
            "assessment:buller",
            "assessment:sakerhet",
            "rating-scale:skala"
        ]
    );
    let goal = &json["matrices"][0];
    for key in [
        "site",
        "label",
        "items",
        "n",
        "lambda_max",
        "cr",
        "gci",
        "koczkodaj",
        "ri_table",
        "acceptable",
        "revisit",
    ] {
        assert!(goal.get(key).is_some(), "no {key}");
    }
    assert_eq!(goal["acceptable"], false);
    assert_eq!(goal["items"][1], "Miljö");
    assert_eq!(
        json["warnings"].as_array().map(Vec::len),
        Some(e.warnings.len())
    );

    let above = [e.goal_weights.analysis.as_ref()]
        .into_iter()
        .chain(e.criteria.iter().map(|c| c.analysis()))
        .chain(e.rating_scales.iter().map(|s| s.weights.analysis.as_ref()))
        .flatten()
        .filter(|a| a.is_inconsistent())
        .count();
    let summary = format!(
        "4 matrices, {above} above CR 0.10, {} warnings",
        e.warnings.len()
    );
    let table = render(|out| {
        write_document(
            out,
            &check_document(&e, &[], "vägval", Lang::En),
            Format::Table,
        )
    })?;
    check(
        &table,
        &[
            "Workspace: vägval",
            "top-level criteria",
            "alternatives on Buller",
            "rating scale Värde",
            "Revisit first",
            &summary,
        ],
    );
    assert!(table.trim_end().ends_with(&summary));
    Ok(())
}

/// `--format svg` is the document's own chart: the one the command drew
/// itself before, labelled by the view (or "workspace weights").
#[test]
fn documents_draw_their_chart_as_svg() -> Result {
    use vagval_report::{chart, figures};
    let e = evaluation()?;
    for lang in Lang::ALL {
        let svg =
            render(|out| write_document(out, &evaluation_document(&e, None, lang), Format::Svg))?;
        let label = lang
            .pick("workspace weights", "arbetsytans vikter")
            .to_string();
        let expected =
            chart::stacked_bars(&figures::contributions_figure(lang, &[(label, &e)]), lang);
        assert_eq!(svg.trim_end(), expected.trim_end());
        assert!(svg.ends_with('\n'));
        let svg = render(|out| {
            write_document(out, &evaluation_document(&e, Some(VIEW), lang), Format::Svg)
        })?;
        check(&svg, &[VIEW]);
        let svg = render(|out| {
            write_document(out, &weights_document(&e, Some(VIEW), lang), Format::Svg)
        })?;
        let views = figures::group_views(lang, &e, Some(VIEW), &[]);
        let expected = chart::grouped_bars(&figures::weights_figure(lang, &views), lang);
        assert_eq!(svg.trim_end(), expected.trim_end());
        let svg = render(|out| {
            write_document(out, &check_document(&e, &[], "vägval", lang), Format::Svg)
        })?;
        let expected = chart::consistency(&figures::consistency_figure(lang, &e, &[]), lang);
        assert_eq!(svg.trim_end(), expected.trim_end());
    }
    if let Some(a) = &e.goal_weights.analysis {
        let items = vec!["Kostnad".to_string()];
        let svg =
            render(|out| write_document(out, &matrix_document(&items, a, Lang::Sv), Format::Svg))?;
        // Unnamed items are numbered, as in the tables.
        check(&svg, &["Prioriteter", "Kostnad", "#2", "#3"]);
    }
    Ok(())
}

/// A document's HTML fragment is built from its blocks (no Markdown read
/// back): escaped names, headings shifted, the chart inline, a revisit list
/// nested under its matrix.
#[test]
fn documents_as_html_fragments() -> Result {
    use vagval_report::html_fragment;
    let e = evaluation()?;
    let html = html_fragment(&evaluation_document(&e, Some(VIEW), Lang::Sv), 2);
    assert!(html.starts_with("<figure>\n<svg"), "{html}");
    check(
        &html,
        &[
            "<h3>Välj väg till Östra hamnen</h3>",
            "<li>Målvikter: CR ",
            "<h4>Rangordning</h4>",
            "<th class=\"num\">rang</th><th>id</th>",
            "Åby, &quot;norra&quot;",
            "<h4>Bedömningar att se över</h4>\n<ul>\n<li>huvudkriterier (CR ",
            "\n<ul>\n<li>1. ",
        ],
    );
    assert!(
        !html.contains("\"norra\"") && !html.contains("## "),
        "{html}"
    );
    // Text has no chart, and says the goal as a line, not a title.
    let text = render(|out| {
        write_document(
            out,
            &evaluation_document(&e, Some(VIEW), Lang::Sv),
            Format::Table,
        )
    })?;
    assert!(text.starts_with("Mål: Välj väg") && !text.contains("<svg"));
    Ok(())
}

/// `sensitivity thresholds`: the document holds the words (no chart, and
/// no JSON or CSV: those are the complete lists, written one entry at a
/// time by `write_threshold_lists`, which writes nothing else); the count
/// of pairs the table leaves out follows it after a blank line.
#[test]
fn thresholds_document_and_streamed_lists() -> Result {
    use std::io::ErrorKind;
    use vagval_report::{thresholds_document, write_threshold_lists};
    let e = evaluation()?;
    let mut t = vagval_core::sensitivity::thresholds::thresholds(&e);
    let alternatives: Vec<(String, String)> = e
        .alternatives
        .iter()
        .map(|a| (a.id.clone(), a.name.clone()))
        .collect();
    let criteria: Vec<(String, String)> = e
        .criteria
        .iter()
        .map(|c| (c.id.clone(), c.name.clone()))
        .collect();
    t.feasible_weight_changes = t.smallest_weight_changes.len() + 2;
    let entries = t.weight_changes().count();
    for lang in Lang::ALL {
        let doc = thresholds_document(&t, Some(VIEW), &criteria, &alternatives, lang);
        for format in [Format::Json, Format::Csv, Format::Svg] {
            let err = write_document(&mut Vec::new(), &doc, format).unwrap_err();
            assert_eq!(err.kind(), ErrorKind::Unsupported, "{format:?}");
        }
        let more = lang.pick("… and 2 more", "… och 2 till");
        let text = render(|out| write_document(out, &doc, Format::Table))?;
        assert!(
            text.contains(&format!("\n\n{more} (--format json")),
            "{text}"
        );
        let markdown = render(|out| write_document(out, &doc, Format::Markdown))?;
        assert!(
            markdown.contains(&format!("|\n\n{more} (--format json")),
            "{markdown}"
        );
        let lists = |exclusions, format| {
            render(|out| {
                write_threshold_lists(
                    out,
                    &t,
                    Some(VIEW),
                    &criteria,
                    &alternatives,
                    exclusions,
                    format,
                    lang,
                )
            })
        };
        let json: Value = serde_json::from_str(&lists(None, Format::Json)?)?;
        assert_eq!(json["view"], VIEW);
        assert_eq!(
            json["weight_changes"].as_array().map(Vec::len),
            Some(entries)
        );
        let csv = lists(None, Format::Csv)?;
        assert_eq!(csv.lines().count(), entries + 1);
        // Who a CR bound leaves out of the aggregate, named as
        // `Exclusions::annotate` names them in a document: JSON's last
        // keys, a CSV column on every row; without a bound, nothing.
        let excluded = [vagval_core::group::Excluded {
            id: "g".into(),
            name: "G".into(),
            seats: 3.0,
            cr: 0.2,
            site: vagval_core::model::Site::Goal,
        }];
        let bound = vagval_report::Exclusions {
            max_cr: Some(0.1),
            excluded: &excluded,
            left_out: &[],
        };
        let unbounded = vagval_report::Exclusions {
            max_cr: None,
            ..bound
        };
        assert_eq!(lists(Some(&unbounded), Format::Csv)?, csv);
        let named: Value = serde_json::from_str(&lists(Some(&bound), Format::Json)?)?;
        let keys: Vec<&String> = named
            .as_object()
            .map(|o| o.keys().collect())
            .unwrap_or_default();
        assert_eq!(keys[keys.len() - 3..], ["max_cr", "excluded", "left_out"]);
        assert_eq!(named["excluded"][0]["id"], "g");
        assert_eq!(named["weight_changes"], json["weight_changes"]);
        let sep = lang.csv_separator();
        let header = lang.pick("excluded", "uteslutna");
        for (k, (row, plain)) in lists(Some(&bound), Format::Csv)?
            .lines()
            .zip(csv.lines())
            .enumerate()
        {
            let cell = if k == 0 { header } else { "g" };
            assert_eq!(row, format!("{plain}{sep}{cell}"));
        }
        let err = write_threshold_lists(
            &mut Vec::new(),
            &t,
            None,
            &criteria,
            &alternatives,
            None,
            Format::Table,
            lang,
        )
        .unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Unsupported);
    }
    Ok(())
}

/// `--format html` read on its own puts the title first and the chart
/// after it (builders list the chart first, for SVG and for pages that
/// drop the title), in every document that has both.
#[test]
fn a_standalone_html_fragment_starts_with_its_title() -> Result {
    let e = evaluation()?;
    for lang in Lang::ALL {
        for doc in [
            evaluation_document(&e, None, lang),
            weights_document(&e, None, lang),
            check_document(&e, &[], "vägval", lang),
        ] {
            let html = render(|out| write_document(out, &doc, Format::Html))?;
            let title = html.find("<h1>").ok_or("no title")?;
            let chart = html.find("<figure>").ok_or("no chart")?;
            assert!(title < chart, "{html}");
        }
    }
    Ok(())
}
