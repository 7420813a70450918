//! The group reports on a small Swedish road-choice model weighted by three
//! political groups: JSON keys and values, CSV headers and rows, Markdown
//! pipe tables, Swedish names intact, the aggregation named.

use serde_json::Value;
use std::error::Error;
use vagval_core::assessment::{AssessmentSpec, WeightsSpec};
use vagval_core::group::{Aggregation, GroupAnalysis, GroupSpec, analyze_groups};
use vagval_core::group::{Excluded, LeftOut};
use vagval_core::hierarchy::CriterionSpec;
use vagval_core::model::{Alternative, CriterionInput, ModelSpec, Site};
use vagval_core::{Judgment, Model, Settings, evaluate};
use vagval_report::{
    Document, Exclusions, Format, Lang, aggregate_document, aggregation_label, chart,
    consensus_reading, evaluation_document, figures, group_evaluations_document,
    group_weights_document, groups_document, html_fragment, seats_label, write_document,
};

type Result<T = ()> = std::result::Result<T, Box<dyn Error>>;

const GOAL: &str = "Välj väg till Östra hamnen";
const ODD_GROUP: &str = "Miljöpartiet, \"de gröna\"";
const VIEW: &str = "Förvaltningens förslag";

fn alternative(id: &str, name: &str) -> Alternative {
    Alternative {
        id: id.into(),
        name: name.into(),
        description: String::new(),
    }
}

fn judgments(list: &[(&str, &str, f64)]) -> Vec<Judgment> {
    list.iter()
        .map(|&(a, b, v)| Judgment::new(a, b, v))
        .collect()
}

fn criterion(
    id: &str,
    name: &str,
    parent: Option<&str>,
    weights: Option<WeightsSpec>,
    assessment: Option<&[(&str, &str, f64)]>,
) -> CriterionInput {
    CriterionInput {
        criterion: CriterionSpec {
            id: id.into(),
            name: name.into(),
            description: String::new(),
            parent: parent.map(Into::into),
        },
        weights,
        assessment: assessment.map(|list| AssessmentSpec::Pairwise(judgments(list))),
    }
}

fn direct(list: &[(&str, f64)]) -> WeightsSpec {
    WeightsSpec::Direct(list.iter().map(|&(id, w)| (id.into(), w)).collect())
}

/// Three roads on cost, environment (noise and nature) and safety, every
/// leaf judged in pairs; the default goal weights are judged in pairs too.
fn model() -> Result<Model> {
    let spec = ModelSpec {
        goal: GOAL.into(),
        alternatives: vec![
            alternative("a", "Väg A"),
            alternative("b", "Åby, norra"),
            alternative("c", "Östra länken"),
        ],
        criteria: vec![
            criterion(
                "kostnad",
                "Kostnad",
                None,
                None,
                Some(&[("a", "b", 1.0 / 3.0), ("a", "c", 2.0), ("b", "c", 5.0)]),
            ),
            criterion(
                "miljo",
                "Miljö",
                None,
                Some(direct(&[("buller", 0.6), ("natur", 0.4)])),
                None,
            ),
            criterion(
                "buller",
                "Buller",
                Some("miljo"),
                None,
                Some(&[("a", "b", 3.0), ("a", "c", 5.0), ("b", "c", 2.0)]),
            ),
            criterion(
                "natur",
                "Naturvärden",
                Some("miljo"),
                None,
                Some(&[
                    ("a", "b", 1.0 / 2.0),
                    ("a", "c", 1.0 / 4.0),
                    ("b", "c", 1.0 / 2.0),
                ]),
            ),
            criterion(
                "sakerhet",
                "Trafiksäkerhet",
                None,
                None,
                Some(&[("a", "b", 2.0), ("a", "c", 3.0), ("b", "c", 2.0)]),
            ),
        ],
        goal_weights: Some(WeightsSpec::Judgments(judgments(&[
            ("kostnad", "miljo", 3.0),
            ("kostnad", "sakerhet", 2.0),
            ("sakerhet", "miljo", 2.0),
        ]))),
        rating_scales: Vec::new(),
    };
    Ok(Model::new(spec)?)
}

fn group(id: &str, name: &str, seats: f64, weights: Vec<(Site, WeightsSpec)>) -> GroupSpec {
    GroupSpec {
        id: id.into(),
        name: name.into(),
        seats,
        weights,
        assessments: Vec::new(),
    }
}

fn groups() -> Vec<GroupSpec> {
    vec![
        group(
            "s",
            "Socialdemokraterna",
            35.0,
            vec![(
                Site::Goal,
                direct(&[("kostnad", 0.3), ("miljo", 0.3), ("sakerhet", 0.4)]),
            )],
        ),
        group(
            "m",
            "Moderaterna",
            20.0,
            vec![(
                Site::Goal,
                direct(&[("kostnad", 0.6), ("miljo", 0.1), ("sakerhet", 0.3)]),
            )],
        ),
        group(
            "mp",
            ODD_GROUP,
            5.0,
            vec![
                (
                    Site::Goal,
                    direct(&[("kostnad", 0.1), ("miljo", 0.7), ("sakerhet", 0.2)]),
                ),
                (
                    Site::Weights("miljo".into()),
                    direct(&[("buller", 0.3), ("natur", 0.7)]),
                ),
            ],
        ),
    ]
}

fn analysis(aggregation: Aggregation) -> Result<GroupAnalysis> {
    Ok(analyze_groups(
        &model()?,
        &groups(),
        &Settings::default(),
        aggregation,
    )?)
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

fn array(value: &Value) -> Vec<Value> {
    value.as_array().cloned().unwrap_or_default()
}

#[test]
fn aggregation_and_reading_are_named() {
    assert_eq!(
        aggregation_label(Lang::En, Aggregation::Aij),
        "AIJ — seat-weighted geometric mean of judgments"
    );
    assert_eq!(
        aggregation_label(Lang::En, Aggregation::Aip),
        "AIP — seat-weighted arithmetic mean of priorities"
    );
    // Every aggregation has its own label in each language.
    for lang in [Lang::En, Lang::Sv] {
        let labels: Vec<&str> = Aggregation::ALL
            .iter()
            .map(|a| aggregation_label(lang, *a))
            .collect();
        for (k, label) in labels.iter().enumerate() {
            assert!(!labels[..k].contains(label), "{label}");
        }
    }
    assert!(aggregation_label(Lang::Sv, Aggregation::AipGeometric).contains("geometriskt"));
    assert_eq!(consensus_reading(Lang::En, 0.49), "very low");
    assert_eq!(consensus_reading(Lang::En, 0.7), "moderate");
    assert_eq!(consensus_reading(Lang::En, 0.9), "very high");
}

#[test]
fn groups_json_has_the_keys_and_values() -> Result {
    for aggregation in Aggregation::ALL {
        let a = analysis(aggregation)?;
        let text = written(&groups_document(&a, Lang::En), Format::Json)?;
        let json: Value = serde_json::from_str(&text)?;
        assert_eq!(
            keys(&json),
            [
                "aggregation",
                "settings",
                "max_cr",
                "groups",
                "excluded",
                "left_out",
                "aggregate",
                "consensus",
                "differences"
            ]
        );
        assert_eq!(json["aggregation"], aggregation.name());
        assert_eq!(json["max_cr"], Value::Null);
        assert_eq!(
            json["settings"]["method"],
            a.groups[0].evaluation.settings.method.name()
        );
        assert_eq!(json["excluded"], Value::Array(Vec::new()));

        let groups = array(&json["groups"]);
        let ids: Vec<&str> = groups.iter().filter_map(|g| g["id"].as_str()).collect();
        assert_eq!(ids, ["s", "m", "mp"]);
        assert_eq!(groups[2]["name"], ODD_GROUP);
        assert!(close(&groups[0]["seats"], 35.0));
        for ((g, expected), own) in groups.iter().zip(&a.groups).zip(&a.own_cr) {
            assert_eq!(
                keys(g),
                [
                    "id",
                    "name",
                    "seats",
                    "own_cr",
                    "in_aggregate",
                    "alternatives",
                    "inconsistent"
                ]
            );
            assert_eq!(g["in_aggregate"], true);
            match own {
                Some(cr) => assert!(close(&g["own_cr"], *cr)),
                None => assert_eq!(g["own_cr"], Value::Null),
            }
            let alternatives = array(&g["alternatives"]);
            assert_eq!(alternatives.len(), 3);
            for (x, e) in alternatives.iter().zip(&expected.evaluation.alternatives) {
                assert_eq!(keys(x), ["id", "score", "rank"]);
                assert_eq!(x["id"], e.id.as_str());
                assert!(close(&x["score"], e.score));
                assert_eq!(x["rank"], e.rank);
            }
        }

        let aggregate = &json["aggregate"];
        assert_eq!(keys(aggregate), ["alternatives", "criteria", "matrices"]);
        // AIJ: the aggregate's matrices with their CR; AIP has none.
        let matrices = array(&aggregate["matrices"]);
        match &a.aggregate.evaluation {
            Some(e) => {
                let goal = e.goal_weights.analysis.as_ref().expect("judged goal");
                assert_eq!(matrices[0]["site"], "goal");
                assert!(close(&matrices[0]["cr"], goal.cr));
                for (row, want) in array(&matrices[0]["matrix"]).iter().zip(&goal.matrix) {
                    for (x, w) in array(row).iter().zip(want) {
                        assert!(close(x, *w));
                    }
                }
            }
            None => assert!(matrices.is_empty()),
        }
        let alternatives = array(&aggregate["alternatives"]);
        assert_eq!(alternatives.len(), a.aggregate.scores.len());
        for (k, x) in alternatives.iter().enumerate() {
            assert_eq!(keys(x), ["id", "name", "score", "rank"]);
            assert_eq!(x["id"], a.aggregate.alternatives[k].0.as_str());
            assert_eq!(x["name"], a.aggregate.alternatives[k].1.as_str());
            assert!(close(&x["score"], a.aggregate.scores[k]));
            assert_eq!(x["rank"], a.aggregate.ranks[k]);
        }
        assert_eq!(alternatives[1]["name"], "Åby, norra");
        let criteria = array(&aggregate["criteria"]);
        assert_eq!(criteria.len(), 5);
        for (x, (id, w)) in criteria
            .iter()
            .zip(a.aggregate.criteria.iter().zip(&a.aggregate.global_weights))
        {
            assert_eq!(x["id"], id.as_str());
            assert!(close(&x["global_weight"], *w));
        }

        let c = &json["consensus"];
        assert_eq!(
            keys(c),
            ["s_star", "h_alpha", "h_beta", "h_gamma", "reading"]
        );
        assert!(close(&c["s_star"], a.consensus.s_star));
        assert!(close(&c["h_beta"], a.consensus.h_beta));
        assert_eq!(
            c["reading"],
            consensus_reading(Lang::En, a.consensus.s_star)
        );

        let differences = array(&json["differences"]);
        assert_eq!(differences.len(), a.differences.len());
        let first = &differences[0];
        assert_eq!(keys(first), ["criterion", "name", "spread", "weights"]);
        assert_eq!(first["criterion"], a.differences[0].criterion.as_str());
        assert!(close(&first["spread"], a.differences[0].spread));
        assert_eq!(keys(&first["weights"]), ["s", "m", "mp"]);
        assert!(close(&first["weights"]["m"], a.differences[0].weights[1]));
    }
    Ok(())
}

#[test]
fn groups_csv_is_one_row_per_alternative() -> Result {
    let a = analysis(Aggregation::Aip)?;
    let text = written(&groups_document(&a, Lang::En), Format::Csv)?;
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(
        lines.first(),
        Some(&"id,name,s,m,mp,aggregate_score,aggregate_rank")
    );
    assert_eq!(lines.len(), 1 + 3);
    let k = 1;
    let score = |g: usize| a.groups[g].evaluation.alternatives[k].score;
    // Numbers as every CSV writes them (`Lang::csv_number`).
    let n = |x: f64| Lang::En.csv_number(x);
    let expected = format!(
        "b,\"Åby, norra\",{},{},{},{},{}",
        n(score(0)),
        n(score(1)),
        n(score(2)),
        n(a.aggregate.scores[k]),
        a.aggregate.ranks[k]
    );
    assert!(lines.contains(&expected.as_str()), "{expected}\n{text}");
    // Best first.
    let best = a.aggregate.ranks.iter().position(|&r| r == 1).unwrap_or(0);
    assert!(lines[1].starts_with(&format!("{},", a.aggregate.alternatives[best].0)));
    Ok(())
}

#[test]
fn groups_tables_name_the_aggregation_and_consensus() -> Result {
    for (aggregation, label) in [
        (
            Aggregation::Aij,
            "AIJ — seat-weighted geometric mean of judgments",
        ),
        (
            Aggregation::Aip,
            "AIP — seat-weighted arithmetic mean of priorities",
        ),
    ] {
        let a = analysis(aggregation)?;
        let s_star = format!(
            "S* = {:.3} ({}",
            a.consensus.s_star,
            consensus_reading(Lang::En, a.consensus.s_star)
        );
        let table = written(&groups_document(&a, Lang::En), Format::Table)?;
        check(
            &table,
            &[
                GOAL,
                label,
                &s_star,
                "Socialdemokraterna",
                ODD_GROUP,
                "Östra länken",
                "Åby, norra",
                "┌",
                "Where the groups differ most",
            ],
        );
        assert!(!table.contains('\u{1b}'), "no colours");
        let best = a.aggregate.scores.iter().copied().fold(0.0, f64::max);
        check(&table, &[&format!("{best:.3}")]);

        let md = written(&groups_document(&a, Lang::En), Format::Markdown)?;
        check(
            &md,
            &[
                &format!("# {GOAL}"),
                &format!("- Aggregation: {label}"),
                &s_star,
                "## Groups",
                "| id | name | seats |",
                "| --- | --- | ---: |",
                "| s | Socialdemokraterna | 35 |",
                "| rank | id | name | aggregate | s | m | mp |",
                "| id | criterion | spread | s | m | mp |",
                "| Östra länken |",
            ],
        );
        // At most five differences are listed.
        let section = md
            .split("## Where the groups differ most")
            .nth(1)
            .unwrap_or("");
        let rows = section.lines().filter(|l| l.starts_with("| ")).count();
        assert!((2..=2 + 5).contains(&rows), "{section}");
        assert!(section.contains(&format!("| {} |", a.differences[0].criterion)));
    }
    Ok(())
}

#[test]
fn group_weights_in_every_format() -> Result {
    let m = model()?;
    let default = evaluate(&m, &Settings::default())?;
    let a = analysis(Aggregation::Aip)?;

    let text = written(
        &group_weights_document(&default, Some(VIEW), &a.groups, Lang::En),
        Format::Json,
    )?;
    let json: Value = serde_json::from_str(&text)?;
    assert_eq!(keys(&json), ["view", "columns", "criteria"]);
    assert_eq!(json["view"], VIEW);
    let columns = array(&json["columns"]);
    let ids: Vec<&str> = columns.iter().filter_map(|c| c["id"].as_str()).collect();
    assert_eq!(ids, ["default", "s", "m", "mp"]);
    assert_eq!(
        keys(&columns[0]),
        ["id", "name", "seats", "cr_top", "cr_max", "inconsistent"]
    );
    assert!(columns[0]["seats"].is_null());
    let default_cr = default
        .goal_weights
        .analysis
        .as_ref()
        .map(|x| x.cr)
        .unwrap_or(f64::NAN);
    assert!(close(&columns[0]["cr_top"], default_cr));
    let largest = default
        .criteria
        .iter()
        .filter_map(|c| c.cr())
        .fold(default_cr, f64::max);
    assert!(close(&columns[0]["cr_max"], largest));
    // The groups weight the goal directly: no top-level CR, but the
    // alternatives' matrices still have one.
    assert!(columns[1]["cr_top"].is_null());
    assert!(columns[1]["cr_max"].as_f64().is_some());
    assert_eq!(columns[3]["name"], ODD_GROUP);
    assert!(close(&columns[3]["seats"], 5.0));

    let criteria = array(&json["criteria"]);
    assert_eq!(criteria.len(), default.criteria.len());
    assert_eq!(
        keys(&criteria[0]),
        ["id", "name", "parent", "depth", "weights"]
    );
    assert_eq!(criteria[1]["name"], "Miljö");
    assert_eq!(criteria[2]["parent"], "miljo");
    assert_eq!(criteria[2]["depth"], 1);
    for (k, c) in criteria.iter().enumerate() {
        assert_eq!(keys(&c["weights"]), ["default", "s", "m", "mp"]);
        assert!(close(
            &c["weights"]["default"],
            default.criteria[k].global_weight
        ));
        for (g, id) in a.groups.iter().zip(["s", "m", "mp"]) {
            assert!(close(
                &c["weights"][id],
                g.evaluation.criteria[k].global_weight
            ));
        }
    }
    // mp: natur = 0.7 × 0.7.
    assert!(close(&criteria[3]["weights"]["mp"], 0.49));

    let csv = written(
        &group_weights_document(&default, None, &a.groups, Lang::En),
        Format::Csv,
    )?;
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines.first(), Some(&"id,name,parent,depth,default,s,m,mp"));
    assert_eq!(lines.len(), 1 + default.criteria.len());
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("natur,Naturvärden,miljo,1,")
                && l.ends_with(&format!(
                    ",{}",
                    Lang::En.csv_number(a.groups[2].evaluation.criteria[3].global_weight)
                )))
    );
    assert!(lines.iter().any(|l| l.starts_with("kostnad,Kostnad,,0,")));

    let table = written(
        &group_weights_document(&default, Some(VIEW), &a.groups, Lang::En),
        Format::Table,
    )?;
    check(
        &table,
        &[
            GOAL,
            VIEW,
            "Miljö",
            "\u{a0}\u{a0}Naturvärden",
            "Trafiksäkerhet",
            ODD_GROUP,
            "direct",
            "0.490",
            "┌",
        ],
    );
    let md = written(
        &group_weights_document(&default, Some(VIEW), &a.groups, Lang::En),
        Format::Markdown,
    )?;
    check(
        &md,
        &[
            &format!("# {GOAL}"),
            &format!("- View: {VIEW}"),
            "## Global weights",
            "| id | criterion | default | s | m | mp |",
            "| --- | --- | ---: | ---: | ---: | ---: |",
            "## Columns",
            "| column | name | seats | CR top level | largest CR |",
            &format!("| mp | {ODD_GROUP} | 5 | direct |"),
            &format!("| default | {VIEW} | – |"),
        ],
    );
    Ok(())
}

#[test]
fn group_evaluations_in_every_format() -> Result {
    let a = analysis(Aggregation::Aij)?;

    let text = written(
        &group_evaluations_document(&a.groups, None, Lang::En),
        Format::Json,
    )?;
    let json: Value = serde_json::from_str(&text)?;
    assert_eq!(keys(&json), ["groups"]);
    let groups = array(&json["groups"]);
    assert_eq!(groups.len(), 3);
    for (g, expected) in groups.iter().zip(&a.groups) {
        assert_eq!(keys(g), ["id", "name", "seats", "evaluation"]);
        assert_eq!(g["id"], expected.id.as_str());
        assert_eq!(g["name"], expected.name.as_str());
        assert!(close(&g["seats"], expected.seats));
        // The very object `evaluate` writes.
        let single = written(
            &evaluation_document(&expected.evaluation, None, Lang::En),
            Format::Json,
        )?;
        let single: Value = serde_json::from_str(&single)?;
        assert_eq!(g["evaluation"], single);
    }

    let csv = written(
        &group_evaluations_document(&a.groups, None, Lang::En),
        Format::Csv,
    )?;
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines.first(), Some(&"group,rank,id,name,score"));
    assert_eq!(lines.len(), 1 + 3 * 3);
    let b = &a.groups[2].evaluation.alternatives[1];
    let expected = format!(
        "mp,{},b,\"Åby, norra\",{}",
        b.rank,
        Lang::En.csv_number(b.score)
    );
    assert!(lines.contains(&expected.as_str()), "{expected}\n{csv}");

    let table = written(
        &group_evaluations_document(&a.groups, None, Lang::En),
        Format::Table,
    )?;
    check(
        &table,
        &[
            "Socialdemokraterna (s), 35 seats\n================================\nGoal: ",
            "Moderaterna (m), 20 seats",
            &format!("{ODD_GROUP} (mp), 5 seats"),
            "Östra länken",
            "Ranking",
        ],
    );
    let order: Vec<usize> = ["Socialdemokraterna", "Moderaterna", ODD_GROUP]
        .iter()
        .filter_map(|name| table.find(name))
        .collect();
    assert_eq!(order.len(), 3);
    assert!(order.windows(2).all(|w| w[0] < w[1]));

    let md = written(
        &group_evaluations_document(&a.groups, None, Lang::En),
        Format::Markdown,
    )?;
    check(
        &md,
        &[
            "# Group: Socialdemokraterna (s), 35 seats",
            &format!("# Group: {ODD_GROUP} (mp), 5 seats"),
            &format!("# {GOAL}"),
            "| rank | id | name | score |",
        ],
    );
    assert_eq!(md.matches("## Ranking").count(), 3);
    Ok(())
}

fn written(doc: &Document, format: Format) -> Result<String> {
    render(|out| write_document(out, doc, format))
}

/// `Exclusions::annotate` names the groups the aggregate leaves out in the
/// document itself, so every format carries them: in table and Markdown
/// after the `View:` line, or at the end without one; in JSON three keys
/// after the document's own; in CSV two columns on every row; in HTML as
/// items of the header's list.
#[test]
fn exclusions_annotate_a_document_in_every_format() -> Result {
    let a = analysis(Aggregation::Aij)?;
    let m = model()?;
    let default = evaluate(&m, &Settings::default())?;
    let excluded = [Excluded {
        id: "mp".into(),
        name: ODD_GROUP.into(),
        seats: 5.0,
        cr: 0.2,
        site: Site::Weights("miljo".into()),
    }];
    let left_out = [LeftOut {
        site: Site::Assessment("natur".into()),
        item: "c".into(),
        groups: vec!["s".into(), "m".into()],
    }];
    let bound = Exclusions {
        max_cr: Some(0.1),
        excluded: &excluded,
        left_out: &left_out,
    };
    let aggregate = a
        .aggregate
        .evaluation
        .as_ref()
        .ok_or("AIJ has an evaluation")?;
    for lang in [Lang::En, Lang::Sv] {
        let docs = [
            (
                aggregate_document(aggregate, VIEW, "chart".into(), None, lang),
                true,
            ),
            // No `View:` line: the lines go at the end.
            (
                group_weights_document(&default, None, &a.groups, lang),
                false,
            ),
        ];
        for (doc, viewed) in docs {
            let annotated = bound.annotate(doc.clone());
            let lines = vagval_report::exclusion_lines(lang, &bound);
            let (table, markdown) = (
                written(&annotated, Format::Table)?,
                written(&annotated, Format::Markdown)?,
            );
            let (plain, items): (String, String) = (
                lines.iter().map(|l| format!("{l}\n")).collect(),
                lines.iter().map(|l| format!("- {l}\n")).collect(),
            );
            if viewed {
                let view = format!("{}: {VIEW}\n", lang.pick("View", "Perspektiv"));
                assert!(table.contains(&format!("{view}{plain}")), "{table}");
                assert!(markdown.contains(&format!("- {view}{items}")), "{markdown}");
            } else {
                let before = written(&doc, Format::Table)?;
                assert_eq!(table, format!("{before}\n{plain}"));
                let before = written(&doc, Format::Markdown)?;
                assert_eq!(markdown, format!("{before}\n{items}"));
            }
            let (json, before): (Value, Value) = (
                serde_json::from_str(&written(&annotated, Format::Json)?)?,
                serde_json::from_str(&written(&doc, Format::Json)?)?,
            );
            let mut expected = keys(&before);
            expected.extend(["max_cr", "excluded", "left_out"].map(String::from));
            assert_eq!(keys(&json), expected);
            assert_eq!(json["max_cr"], 0.1);
            assert_eq!(json["excluded"][0]["id"], "mp");
            assert_eq!(json["left_out"][0]["groups"][1], "m");
            let sep = lang.csv_separator();
            let csv = written(&annotated, Format::Csv)?;
            let before = written(&doc, Format::Csv)?;
            for (k, (row, old)) in csv.lines().zip(before.lines()).enumerate() {
                let added = match (k, lang) {
                    (0, Lang::En) => format!("{sep}excluded{sep}aij_left_out"),
                    (0, Lang::Sv) => format!("{sep}uteslutna{sep}aij_utanför"),
                    _ => format!("{sep}mp{sep}assessment:natur=s m"),
                };
                assert_eq!(row, format!("{old}{added}"), "{lang:?}");
            }
            assert_eq!(csv.lines().count(), before.lines().count());
            let html = html_fragment(&annotated, 0);
            for line in vagval_report::exclusion_lines(lang, &bound) {
                let escaped = line
                    .replace('&', "&amp;")
                    .replace('<', "&lt;")
                    .replace('>', "&gt;")
                    .replace('"', "&quot;")
                    .replace('\'', "&#39;");
                let item = format!("<li>{escaped}</li>");
                assert!(html.contains(&item), "{item}\n{html}");
            }
            let unbounded = Exclusions {
                max_cr: None,
                ..bound
            };
            assert_eq!(unbounded.annotate(doc.clone()), doc);
        }
    }
    // Where the view is, the lines follow it, before the settings.
    let doc = aggregate_document(aggregate, VIEW, "chart".into(), Some(&bound), Lang::En);
    let table = written(&doc, Format::Table)?;
    let view = table.find(&format!(
        "View: {VIEW}\nLeft out of the aggregate: {ODD_GROUP}"
    ));
    let settings = table.find("\nSettings: ");
    assert!(view.is_some() && view < settings, "{table}");
    Ok(())
}

/// `--format svg` of the groups' outputs is the chart the CLI drew:
/// `groups` the heat map with the aggregate last, `weights` the top-level
/// weights of the default view and each group, `--all-groups` each group's
/// contributions (labelled with its seats), then the aggregate's;
/// `evaluate --aggregate` its contributions under the label given.
#[test]
fn svg_is_the_chart_the_command_drew() -> Result {
    let a = analysis(Aggregation::Aij)?;
    let m = model()?;
    let default = evaluate(&m, &Settings::default())?;
    let aggregate = a
        .aggregate
        .evaluation
        .as_ref()
        .ok_or("AIJ has an evaluation")?;
    let lang = Lang::Sv;
    let svg = |doc: &Document| written(doc, Format::Svg);
    let mut views: Vec<(String, &vagval_core::Evaluation)> = a
        .groups
        .iter()
        .map(|g| (g.name.clone(), &g.evaluation))
        .collect();
    views.push(("Sammanvägt (AIJ)".into(), aggregate));
    assert_eq!(
        svg(&groups_document(&a, lang))?.trim_end(),
        chart::heat_map(&figures::heat_map_figure(lang, &views), lang).trim_end()
    );
    let views = figures::group_views(lang, &default, Some(VIEW), &a.groups);
    assert_eq!(
        svg(&group_weights_document(
            &default,
            Some(VIEW),
            &a.groups,
            lang
        ))?
        .trim_end(),
        chart::grouped_bars(&figures::weights_figure(lang, &views), lang).trim_end()
    );
    let mut views: Vec<(String, &vagval_core::Evaluation)> = a
        .groups
        .iter()
        .map(|g| (seats_label(lang, &g.name, g.seats), &g.evaluation))
        .collect();
    assert_eq!(views[0].0, "Socialdemokraterna (35 mandat)");
    views.push(("panel".into(), aggregate));
    let doc = group_evaluations_document(&a.groups, Some(("panel".into(), aggregate)), lang);
    assert_eq!(
        svg(&doc)?.trim_end(),
        chart::stacked_bars(&figures::contributions_figure(lang, &views), lang).trim_end()
    );
    let doc = aggregate_document(aggregate, VIEW, "bounded".into(), None, lang);
    let views = [("bounded".to_string(), aggregate)];
    assert_eq!(
        svg(&doc)?.trim_end(),
        chart::stacked_bars(&figures::contributions_figure(lang, &views), lang).trim_end()
    );
    Ok(())
}

/// The groups' outputs as HTML (`--format html`, the report's sections):
/// escaped, the title and its summary first, then the chart, the tables
/// and the summary list, one chart for all the groups' evaluations (none
/// of the single evaluations').
#[test]
fn groups_html_is_escaped_with_one_chart() -> Result {
    let a = analysis(Aggregation::Aij)?;
    let html = written(&groups_document(&a, Lang::En), Format::Html)?;
    assert!(html.starts_with(&format!("<h1>{GOAL}</h1>")), "{html}");
    assert!(html.contains("</ul>\n<figure>\n<svg"), "{html}");
    check(
        &html,
        &[
            &format!("<h1>{GOAL}</h1>"),
            "<li>Aggregation: AIJ",
            "<h2>Groups</h2>\n<table>",
            "Miljöpartiet, &quot;de gröna&quot;",
        ],
    );
    assert!(!html.contains(ODD_GROUP), "unescaped quote:\n{html}");
    let html = written(
        &group_evaluations_document(&a.groups, None, Lang::En),
        Format::Html,
    )?;
    assert_eq!(html.matches("<figure>").count(), 1, "{html}");
    assert_eq!(html.matches("<h1>Group: ").count(), 3, "{html}");
    Ok(())
}

/// Without a view the Markdown goes from the title to the first section
/// with one blank line (the old writer left two).
#[test]
fn group_weights_markdown_without_a_view() -> Result {
    let m = model()?;
    let default = evaluate(&m, &Settings::default())?;
    let a = analysis(Aggregation::Aip)?;
    let md = written(
        &group_weights_document(&default, None, &a.groups, Lang::En),
        Format::Markdown,
    )?;
    assert!(
        md.starts_with(&format!("# {GOAL}\n\n## Global weights\n\n")),
        "{md}"
    );
    Ok(())
}

/// `groups` shows the aggregate's global weight of every criterion (AIJ and
/// AIP alike), and its heat map ends with the aggregate's column under
/// either aggregation: AIP, which has no evaluation of its own, gives its
/// aggregated weights.
#[test]
fn groups_show_the_aggregates_weights_and_the_heat_map_keeps_its_column() -> Result {
    for (aggregation, label) in [
        (Aggregation::Aij, "Sammanvägt (AIJ)"),
        (Aggregation::Aip, "Sammanvägt (AIP)"),
    ] {
        let a = analysis(aggregation)?;
        let md = written(&groups_document(&a, Lang::Sv), Format::Markdown)?;
        let section = md
            .split("## Sammanvägningens kriterievikter (globala)")
            .nth(1)
            .and_then(|s| s.split("\n## ").next())
            .ok_or_else(|| format!("no aggregate weights in\n{md}"))?;
        check(section, &["| id | kriterium | sammanvägt |"]);
        for (id, weight) in a.aggregate.criteria.iter().zip(&a.aggregate.global_weights) {
            let cell = Lang::Sv.fixed(*weight, 3);
            assert!(
                section
                    .lines()
                    .any(|l| l.starts_with(&format!("| {id} |"))
                        && l.ends_with(&format!("| {cell} |"))),
                "{id} {cell}\n{section}"
            );
        }
        let svg = written(&groups_document(&a, Lang::Sv), Format::Svg)?;
        check(&svg, &[label]);
        let map = match groups_document(&a, Lang::Sv).figure().map(|f| &f.chart) {
            Some(chart::Chart::HeatMap(map)) => map.clone(),
            other => return Err(format!("no heat map: {other:?}").into()),
        };
        assert_eq!(map.columns.last().map(String::as_str), Some(label));
        for row in &map.values {
            assert_eq!(row.len(), a.groups.len() + 1);
            assert!(row.last().is_some_and(|w| w.is_finite()), "{row:?}");
        }
    }
    Ok(())
}
