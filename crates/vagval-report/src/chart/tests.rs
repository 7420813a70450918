//! Chart tests on the SVG text: snapshots of small fixed charts in Swedish
//! and English (`UPDATE_SNAPSHOTS=1` rewrites them), and properties every
//! chart must keep: well-formed XML, escaped labels, no NaN, unique ids,
//! the language's decimal mark, valid output for hostile input.

use std::collections::BTreeSet;
use std::fs;
use std::path::PathBuf;

use super::*;

fn snapshot_path(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("src/chart/snapshots")
        .join(format!("{name}.svg"))
}

/// Compares `actual` with the committed snapshot `name`, or rewrites it when
/// `UPDATE_SNAPSHOTS=1`.
fn snapshot(name: &str, actual: &str) {
    let path = snapshot_path(name);
    if std::env::var("UPDATE_SNAPSHOTS").as_deref() == Ok("1") {
        if let Some(dir) = path.parent() {
            fs::create_dir_all(dir).unwrap(); // ok: test code, failing loudly is right
        }
        fs::write(&path, actual).unwrap(); // ok: test code, failing loudly is right
        return;
    }
    let expected = fs::read_to_string(&path).unwrap_or_else(|e| {
        let why = format!(
            "{}: {e} (run with UPDATE_SNAPSHOTS=1 to create it)",
            path.display()
        );
        panic!("{why}") // ok: test code, failing loudly is right
    });
    if expected == actual {
        return;
    }
    let (mut e, mut a) = (expected.lines(), actual.lines());
    for line in 1.. {
        match (e.next(), a.next()) {
            (Some(x), Some(y)) if x == y => continue,
            (x, y) => {
                let why = format!(
                    "snapshot {name} differs at line {line}:\nexpected: {}\n  actual: {}\n(UPDATE_SNAPSHOTS=1 rewrites {})",
                    x.unwrap_or("<end>"),
                    y.unwrap_or("<end>"),
                    path.display()
                );
                panic!("{why}") // ok: test code, failing loudly is right
            }
        }
    }
}

/// Checks `svg` is one well-formed XML element: tags balance, attributes
/// are quoted and unique, text and values hold only known entities.
fn well_formed(svg: &str) -> Result<(), String> {
    fn text_ok(text: &str) -> Result<(), String> {
        if text.contains('<') || text.contains('>') {
            return Err(format!("unescaped < or > in {text:?}"));
        }
        let mut rest = text;
        while let Some(i) = rest.find('&') {
            rest = &rest[i + 1..];
            let entity = rest.split(';').next().unwrap_or("");
            let known = ["amp", "lt", "gt", "quot", "apos"].contains(&entity)
                || entity
                    .strip_prefix('#')
                    .is_some_and(|d| !d.is_empty() && d.chars().all(|c| c.is_ascii_digit()));
            if !known || !rest.contains(';') {
                return Err(format!("bad entity &{entity}; in {text:?}"));
            }
        }
        Ok(())
    }
    let mut stack: Vec<String> = Vec::new();
    let mut closed_root = false;
    let mut rest = svg;
    while !rest.is_empty() {
        let i = rest.find('<').unwrap_or(rest.len());
        let text = &rest[..i];
        if (stack.is_empty() || closed_root) && !text.trim().is_empty() {
            return Err(format!("text outside the root: {text:?}"));
        }
        text_ok(text)?;
        rest = &rest[i..];
        if rest.is_empty() {
            break;
        }
        if closed_root {
            return Err("a second root element".to_string());
        }
        // Find the tag's end outside quoted values.
        let mut quote = None;
        let mut end = None;
        for (k, c) in rest.char_indices().skip(1) {
            match (quote, c) {
                (None, '"' | '\'') => quote = Some(c),
                (Some(q), c) if c == q => quote = None,
                (None, '>') => {
                    end = Some(k);
                    break;
                }
                (None, '<') => return Err(format!("< inside a tag: {:.60}", rest)),
                _ => {}
            }
        }
        let end = end.ok_or("unterminated tag")?;
        let tag = &rest[1..end];
        rest = &rest[end + 1..];
        if let Some(name) = tag.strip_prefix('/') {
            match stack.pop() {
                Some(open) if open == name.trim() => {}
                other => return Err(format!("</{name}> closes {other:?}")),
            }
            closed_root = stack.is_empty();
            continue;
        }
        let self_closing = tag.ends_with('/');
        let tag = tag.trim_end_matches('/');
        let name: String = tag.chars().take_while(|c| !c.is_whitespace()).collect();
        if name.is_empty()
            || !name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == ':' || c == '-')
        {
            return Err(format!("bad tag name in <{tag}>"));
        }
        let mut attrs = tag[name.len()..].trim_start();
        let mut seen = BTreeSet::new();
        while !attrs.is_empty() {
            let (attr, after) = attrs
                .split_once('=')
                .ok_or(format!("attribute without value in <{tag}>"))?;
            let attr = attr.trim();
            if attr.is_empty()
                || attr.contains(char::is_whitespace)
                || !seen.insert(attr.to_string())
            {
                return Err(format!("bad or repeated attribute {attr:?} in <{name}>"));
            }
            let q = after
                .chars()
                .next()
                .filter(|c| *c == '"' || *c == '\'')
                .ok_or(format!("unquoted {attr}"))?;
            let body = &after[1..];
            let close = body.find(q).ok_or(format!("unterminated {attr}"))?;
            text_ok(&body[..close])?;
            attrs = body[close + 1..].trim_start();
            if !attrs.is_empty() && !body[close + 1..].starts_with(char::is_whitespace) {
                return Err(format!("no space after {attr} in <{name}>"));
            }
        }
        if !self_closing {
            stack.push(name);
        } else if stack.is_empty() {
            closed_root = true;
        }
    }
    if !stack.is_empty() || !closed_root {
        return Err(format!("unclosed elements: {stack:?}"));
    }
    Ok(())
}

/// The text nodes of `svg` (what a reader sees, tooltips included).
fn text_nodes(svg: &str) -> Vec<&str> {
    svg.split('<')
        .filter_map(|part| part.split_once('>').map(|(_, text)| text))
        .filter(|text| !text.trim().is_empty())
        .collect()
}

fn has_number_with(text: &str, mark: char) -> bool {
    let chars: Vec<char> = text.chars().collect();
    chars
        .windows(3)
        .any(|w| w[0].is_ascii_digit() && w[1] == mark && w[2].is_ascii_digit())
}

/// Properties every chart keeps, whatever the input.
fn check_valid(svg: &str) {
    if let Err(e) = well_formed(svg) {
        panic!("not well-formed: {e}\n{svg}"); // ok: test code, failing loudly is right
    }
    assert!(
        svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""),
        "{svg}"
    );
    assert!(svg.ends_with("</svg>\n"));
    assert!(svg.contains("role=\"img\"") && svg.contains("aria-labelledby="));
    for bad in ["NaN", "<script", "<?xml", "href="] {
        assert!(!svg.contains(bad), "contains {bad}:\n{svg}");
    }
    // `inf` as Rust prints infinity, not inside a word ("infrastruktur").
    let word = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
    for (i, _) in svg.match_indices("inf") {
        let (before, after) = (svg[..i].chars().next_back(), svg[i + 3..].chars().next());
        assert!(word(before) || word(after), "contains inf:\n{svg}");
    }
    let ids: Vec<&str> = svg
        .split(" id=\"")
        .skip(1)
        .filter_map(|s| s.split('"').next())
        .collect();
    let unique: BTreeSet<&str> = ids.iter().copied().collect();
    assert_eq!(unique.len(), ids.len(), "repeated ids: {ids:?}");
    for reference in svg
        .split("url(#")
        .skip(1)
        .filter_map(|s| s.split(')').next())
    {
        assert!(
            unique.contains(reference),
            "url(#{reference}) is not defined"
        );
    }
}

fn check_language(svg: &str, lang: Lang) {
    let texts = text_nodes(svg);
    let (wanted, unwanted) = match lang {
        Lang::Sv => (',', '.'),
        Lang::En => ('.', ','),
    };
    assert!(
        texts.iter().any(|t| has_number_with(t, wanted)),
        "no {wanted} numbers in {lang}"
    );
    for text in texts {
        assert!(
            !has_number_with(text, unwanted),
            "{lang} text {text:?} has a {unwanted} number"
        );
    }
}

fn grouped_fixture() -> GroupedBars {
    GroupedBars {
        title: "Kriterievikter per grupp".to_string(),
        categories: vec![
            "Demokrati och insyn".to_string(),
            "Kostnad".to_string(),
            "Informationssäkerhet".to_string(),
            "Driftsäkerhet".to_string(),
        ],
        series: vec![
            Series {
                name: "Socialdemokraterna".to_string(),
                values: vec![0.412, 0.2, 0.25, 0.138],
            },
            Series {
                name: "Moderaterna".to_string(),
                values: vec![0.15, 0.45, 0.25, 0.15],
            },
            Series {
                name: "Centerpartiet".to_string(),
                values: vec![0.3, 0.3, 0.1, 0.3],
            },
        ],
        value_axis: "Vikt".to_string(),
    }
}

fn stacked_fixture() -> StackedBars {
    StackedBars {
        title: "Poäng per kriterium".to_string(),
        segments: vec![
            "Demokrati och insyn".to_string(),
            "Kostnad".to_string(),
            "Informationssäkerhet".to_string(),
        ],
        panels: vec![
            StackedPanel {
                title: "Samlad bedömning".to_string(),
                bars: vec!["Gå med i HIT".to_string(), "Behåll egen IT".to_string()],
                values: vec![vec![0.1, 0.25, 0.2], vec![0.22, 0.08, 0.15]],
            },
            StackedPanel {
                title: "Socialdemokraterna".to_string(),
                bars: vec!["Gå med i HIT".to_string(), "Behåll egen IT".to_string()],
                values: vec![vec![0.12, 0.3, 0.16], vec![0.29, 0.05, 0.08]],
            },
        ],
        value_axis: "Poäng".to_string(),
    }
}

fn one_way_fixture() -> OneWayChart {
    OneWayChart {
        title: "Känslighet: Demokrati och insyn".to_string(),
        x_axis: "Vikt för Demokrati och insyn".to_string(),
        y_axis: "Poäng".to_string(),
        lines: vec![
            Line {
                name: "Gå med i HIT".to_string(),
                points: vec![(0.0, 0.3), (0.5, 0.45), (1.0, 0.6)],
            },
            Line {
                name: "Behåll egen IT".to_string(),
                points: vec![(0.0, 0.5), (1.0, 0.2)],
            },
            Line {
                name: "Samarbete med grannkommun".to_string(),
                points: vec![(0.0, 0.2), (1.0, 0.45)],
            },
        ],
        current_weight: 0.25,
        crossovers: vec![
            Crossover {
                weight: 1.0 / 3.0,
                score: 0.4,
                label: "HIT = egen IT".to_string(),
            },
            Crossover {
                weight: 6.0 / 11.0,
                score: 0.5 - 0.3 * 6.0 / 11.0,
                label: "Egen IT = samarbete".to_string(),
            },
        ],
    }
}

fn rank_fixture() -> RankAcceptability {
    RankAcceptability {
        title: "Rangacceptans (10 000 dragningar)".to_string(),
        alternatives: vec![
            "Gå med i HIT".to_string(),
            "Behåll egen IT".to_string(),
            "Samarbete med grannkommun".to_string(),
        ],
        shares: vec![
            vec![0.62, 0.31, 0.07],
            vec![0.3, 0.45, 0.25],
            vec![0.08, 0.24, 0.68],
        ],
        rank_label: "Rang".to_string(),
    }
}

fn heat_fixture() -> HeatMap {
    HeatMap {
        title: "Vikter per grupp".to_string(),
        rows: vec![
            "Socialdemokraterna".to_string(),
            "Moderaterna".to_string(),
            "Centerpartiet".to_string(),
        ],
        columns: vec![
            "Demokrati och insyn".to_string(),
            "Kostnad".to_string(),
            "Informationssäkerhet".to_string(),
            "Driftsäkerhet".to_string(),
        ],
        values: vec![
            vec![0.412, 0.2, 0.25, 0.138],
            vec![0.15, 0.45, 0.25, 0.15],
            vec![0.3, 0.3, 0.1, 0.3],
        ],
    }
}

fn consistency_fixture() -> Consistency {
    Consistency {
        title: "Konsistens i parvisa jämförelser".to_string(),
        bars: vec![
            ConsistencyBar {
                label: "Huvudkriterier".to_string(),
                cr: Some(0.043),
            },
            ConsistencyBar {
                label: "Demokrati och insyn".to_string(),
                cr: Some(0.153),
            },
            ConsistencyBar {
                label: "Kostnad".to_string(),
                cr: None,
            },
            ConsistencyBar {
                label: "Informationssäkerhet".to_string(),
                cr: Some(0.08),
            },
        ],
        threshold: 0.1,
    }
}

/// Every chart of the fixtures in `lang`, named.
fn fixtures(lang: Lang) -> Vec<(&'static str, String)> {
    vec![
        ("grouped_bars", grouped_bars(&grouped_fixture(), lang)),
        ("stacked_bars", stacked_bars(&stacked_fixture(), lang)),
        ("one_way", one_way(&one_way_fixture(), lang)),
        (
            "rank_acceptability",
            rank_acceptability(&rank_fixture(), lang),
        ),
        ("heat_map", heat_map(&heat_fixture(), lang)),
        ("consistency", consistency(&consistency_fixture(), lang)),
    ]
}

fn snapshots_of(kind: &str) {
    for lang in Lang::ALL {
        let charts = fixtures(lang);
        let (name, svg) = charts.iter().find(|(name, _)| *name == kind).unwrap(); // ok: test code, failing loudly is right
        snapshot(&format!("{name}_{}", lang.code()), svg);
    }
}

#[test]
fn snapshot_grouped_bars() {
    snapshots_of("grouped_bars");
}

#[test]
fn snapshot_stacked_bars() {
    snapshots_of("stacked_bars");
}

#[test]
fn snapshot_one_way() {
    snapshots_of("one_way");
}

#[test]
fn snapshot_rank_acceptability() {
    snapshots_of("rank_acceptability");
}

#[test]
fn snapshot_heat_map() {
    snapshots_of("heat_map");
}

#[test]
fn snapshot_consistency() {
    snapshots_of("consistency");
}

#[test]
fn fixtures_are_valid_deterministic_and_localised() {
    for lang in Lang::ALL {
        for ((name, svg), (_, again)) in fixtures(lang).iter().zip(fixtures(lang)) {
            check_valid(svg);
            check_language(svg, lang);
            assert_eq!(*svg, again, "{name} is not deterministic");
            assert!(svg.contains(&format!("lang=\"{}\"", lang.code())), "{name}");
        }
    }
    let sv = fixtures(Lang::Sv);
    for (name, svg) in &sv {
        assert!(
            svg.contains("Demokrati och insyn") || svg.contains("Gå med i HIT"),
            "{name}"
        );
        assert!(text_nodes(svg).iter().any(|t| t.contains("0,")), "{name}");
    }
}

#[test]
fn own_words_follow_the_language() {
    let sv = one_way(&one_way_fixture(), Lang::Sv);
    assert!(sv.contains("nuvarande vikt 0,250"));
    let en = one_way(&one_way_fixture(), Lang::En);
    assert!(en.contains("current weight 0.250"));
    let sv = consistency(&consistency_fixture(), Lang::Sv);
    assert!(sv.contains("gräns 0,10") && sv.contains("0,153 · över gränsen"));
    let en = consistency(&consistency_fixture(), Lang::En);
    assert!(en.contains("threshold 0.10") && en.contains("0.153 · above threshold"));
    // A ratio without CR is a dash, with no bar.
    assert!(en.contains(">–</text>"));
}

#[test]
fn ids_differ_between_charts_and_languages() {
    let prefix = |svg: &str| {
        svg.split("aria-labelledby=\"")
            .nth(1)
            .and_then(|s| s.split(' ').next())
            .unwrap() // ok: test code, failing loudly is right
            .to_string()
    };
    let mut prefixes = BTreeSet::new();
    for lang in Lang::ALL {
        for (_, svg) in fixtures(lang) {
            prefixes.insert(prefix(&svg));
        }
    }
    let mut other = grouped_fixture();
    other.title = "Kriterievikter, andra omgången".to_string();
    prefixes.insert(prefix(&grouped_bars(&other, Lang::Sv)));
    assert_eq!(prefixes.len(), 13);
}

const HOSTILE: &str = "<script>&\"'";

#[test]
fn labels_are_escaped_and_long_ones_cut_with_a_tooltip() {
    let long = "Kommunens digitala infrastruktur och dess långsiktiga förvaltning i samverkan \
                med länets övriga kommuner och regionen";
    let mut chart = grouped_fixture();
    chart.title = HOSTILE.to_string();
    chart.categories[0] = HOSTILE.to_string();
    chart.categories[1] = long.to_string();
    chart.series[0].name = HOSTILE.to_string();
    let svg = grouped_bars(&chart, Lang::Sv);
    check_valid(&svg);
    assert!(svg.contains("&lt;script&gt;&amp;&quot;&#39;"));
    assert!(!svg.contains(HOSTILE));
    assert!(svg.contains(&format!("<title>{long}</title>")));
    // Cut at the end of its second line.
    assert!(svg.contains("…</tspan></text>"), "{svg}");
}

#[test]
fn a_label_longer_than_its_column_wraps_to_two_lines_uncut() {
    // 60 characters: longer than one line of the label column (340 px, 40
    // characters), shorter than two.
    let label = "Regionalt inflytande (”Ensam är inte stark”) och länets röst";
    for (kind, svg) in [
        ("grouped", {
            let mut chart = grouped_fixture();
            chart.categories[0] = label.to_string();
            grouped_bars(&chart, Lang::Sv)
        }),
        ("stacked", {
            let mut chart = stacked_fixture();
            chart.panels[0].bars[0] = label.to_string();
            stacked_bars(&chart, Lang::Sv)
        }),
    ] {
        check_valid(&svg);
        assert!(
            svg.contains(">Regionalt inflytande (”Ensam är inte</tspan><tspan "),
            "{kind}: {svg}"
        );
        assert!(
            svg.contains(">stark”) och länets röst</tspan></text>"),
            "{kind}: {svg}"
        );
        assert!(!svg.contains('…'), "{kind}: {svg}");
        assert!(
            !svg.contains(&format!("<title>{label}</title>")),
            "{kind}: {svg}"
        );
    }
}

#[test]
fn one_way_names_and_crossover_labels_wrap_before_they_are_cut() {
    // 31 characters (260 px): wider than the 240 px given to the names at
    // the lines' ends; a crossover label has lines of 280 px.
    let name = "Fortsätta som idag i egen regi";
    let mut chart = one_way_fixture();
    chart.lines[1].name = name.to_string();
    chart.crossovers[0].label = format!("Gå med i HIT = {name}");
    let svg = one_way(&chart, Lang::Sv);
    check_valid(&svg);
    assert!(!svg.contains('…'), "{svg}");
    assert!(
        svg.contains(">Fortsätta som idag i egen</tspan><tspan "),
        "{svg}"
    );
    assert!(svg.contains(">regi</tspan></text>"), "{svg}");
    assert!(
        svg.contains(">Gå med i HIT = Fortsätta som idag</tspan><tspan "),
        "{svg}"
    );
    assert!(svg.contains(">i egen regi</tspan></text>"), "{svg}");
}

#[test]
fn a_legend_label_is_cut_only_when_the_whole_row_is_too_narrow() {
    // Wider than the old 240 px legend cap, narrower than the chart.
    let name = "Som analystexten läser / As the analysis text reads (default view)";
    let mut chart = grouped_fixture();
    chart.series[0].name = name.to_string();
    let svg = grouped_bars(&chart, Lang::En);
    check_valid(&svg);
    assert!(svg.contains(&format!(">{name}</text>")), "{svg}");
    assert!(!svg.contains('…'), "{svg}");
}

#[test]
fn hostile_input_gives_valid_charts() {
    let bad = [
        f64::NAN,
        f64::INFINITY,
        f64::NEG_INFINITY,
        -0.3,
        1e300,
        -1e300,
    ];
    let names = |n: usize| (0..n).map(|k| format!("{HOSTILE} {k}")).collect::<Vec<_>>();
    let many = 20;
    let mut charts = Vec::new();
    for lang in Lang::ALL {
        // Empty.
        charts.push(grouped_bars(
            &GroupedBars {
                title: String::new(),
                categories: vec![],
                series: vec![],
                value_axis: String::new(),
            },
            lang,
        ));
        charts.push(stacked_bars(
            &StackedBars {
                title: String::new(),
                segments: vec![],
                panels: vec![],
                value_axis: String::new(),
            },
            lang,
        ));
        charts.push(one_way(
            &OneWayChart {
                title: String::new(),
                x_axis: String::new(),
                y_axis: String::new(),
                lines: vec![],
                current_weight: f64::NAN,
                crossovers: vec![],
            },
            lang,
        ));
        charts.push(rank_acceptability(
            &RankAcceptability {
                title: String::new(),
                alternatives: vec![],
                shares: vec![],
                rank_label: String::new(),
            },
            lang,
        ));
        charts.push(heat_map(
            &HeatMap {
                title: String::new(),
                rows: vec![],
                columns: vec![],
                values: vec![],
            },
            lang,
        ));
        charts.push(consistency(
            &Consistency {
                title: String::new(),
                bars: vec![],
                threshold: f64::NAN,
            },
            lang,
        ));
        // Ragged, non-finite, negative, huge, many series, hostile names.
        for value in bad {
            charts.push(grouped_bars(
                &GroupedBars {
                    title: HOSTILE.to_string(),
                    categories: names(3),
                    series: (0..many)
                        .map(|s| Series {
                            name: format!("{HOSTILE}{s}"),
                            values: vec![value; s % 4],
                        })
                        .chain([Series {
                            name: "ok".to_string(),
                            values: vec![0.2, 0.5],
                        }])
                        .collect(),
                    value_axis: HOSTILE.to_string(),
                },
                lang,
            ));
            charts.push(stacked_bars(
                &StackedBars {
                    title: HOSTILE.to_string(),
                    segments: names(many),
                    panels: vec![
                        StackedPanel {
                            title: HOSTILE.to_string(),
                            bars: names(3),
                            values: vec![vec![value, 0.1], vec![], vec![0.05; many + 3]],
                        },
                        StackedPanel {
                            title: String::new(),
                            bars: vec![],
                            values: vec![vec![1.0]],
                        },
                    ],
                    value_axis: String::new(),
                },
                lang,
            ));
            charts.push(one_way(
                &OneWayChart {
                    title: HOSTILE.to_string(),
                    x_axis: HOSTILE.to_string(),
                    y_axis: HOSTILE.to_string(),
                    lines: (0..many)
                        .map(|k| Line {
                            name: format!("{HOSTILE}{k}"),
                            points: vec![
                                (0.0, value),
                                (0.5, 0.1 * k as f64),
                                (value, 0.3),
                                (1.0, 0.2),
                            ],
                        })
                        .chain([
                            Line {
                                name: "single".to_string(),
                                points: vec![(0.5, 0.5)],
                            },
                            Line {
                                name: "none".to_string(),
                                points: vec![],
                            },
                        ])
                        .collect(),
                    current_weight: value,
                    crossovers: vec![
                        Crossover {
                            weight: value,
                            score: value,
                            label: HOSTILE.to_string(),
                        },
                        Crossover {
                            weight: 0.99,
                            score: 0.2,
                            label: "x".repeat(200),
                        },
                        Crossover {
                            weight: 0.5,
                            score: 0.1,
                            label: String::new(),
                        },
                    ],
                },
                lang,
            ));
            charts.push(rank_acceptability(
                &RankAcceptability {
                    title: HOSTILE.to_string(),
                    alternatives: names(4),
                    shares: vec![vec![value, 0.5, 0.9], vec![], vec![0.25; 40]],
                    rank_label: HOSTILE.to_string(),
                },
                lang,
            ));
            charts.push(heat_map(
                &HeatMap {
                    title: HOSTILE.to_string(),
                    rows: names(3),
                    columns: vec![
                        HOSTILE.to_string(),
                        "Ett mycket långt kriterienamn som aldrig tar slut någonsin".to_string(),
                        String::new(),
                    ],
                    values: vec![vec![value, 0.3], vec![], vec![0.1, value, -2.0, 9.0]],
                },
                lang,
            ));
            charts.push(consistency(
                &Consistency {
                    title: HOSTILE.to_string(),
                    bars: vec![
                        ConsistencyBar {
                            label: HOSTILE.to_string(),
                            cr: Some(value),
                        },
                        ConsistencyBar {
                            label: String::new(),
                            cr: None,
                        },
                        ConsistencyBar {
                            label: "ok".to_string(),
                            cr: Some(0.2),
                        },
                    ],
                    threshold: value,
                },
                lang,
            ));
        }
    }
    for svg in &charts {
        check_valid(svg);
    }
    // Empty input says so.
    assert!(charts.iter().any(|svg| svg.contains(">Inga data</text>")));
    assert!(charts.iter().any(|svg| svg.contains(">No data</text>")));
}

/// The texts of `<text>` elements whose attributes contain `attrs`.
fn texts_with<'a>(svg: &'a str, attrs: &str) -> Vec<&'a str> {
    svg.split("<text ")
        .skip(1)
        .filter_map(|part| part.split_once('>'))
        .filter(|(head, _)| head.contains(attrs))
        .filter_map(|(_, rest)| rest.split('<').next())
        .collect()
}

fn assert_distinct(labels: &[&str], svg: &str) {
    assert!(labels.len() >= 2, "{labels:?}\n{svg}");
    let unique: BTreeSet<&str> = labels.iter().copied().collect();
    assert_eq!(unique.len(), labels.len(), "{labels:?}");
}

#[test]
fn ticks_of_tiny_ranges_read_distinct() {
    let mut chart = one_way_fixture();
    chart.lines = vec![
        Line {
            name: "A".to_string(),
            points: vec![(0.0, 0.3333333), (1.0, 0.3333334)],
        },
        Line {
            name: "B".to_string(),
            points: vec![(0.0, 0.3333334), (1.0, 0.3333333)],
        },
    ];
    chart.crossovers.clear();
    for lang in Lang::ALL {
        let svg = one_way(&chart, lang);
        check_valid(&svg);
        // The y axis's tick labels.
        let labels = texts_with(&svg, r##"text-anchor="end" fill="#4d4d4d""##);
        assert_distinct(&labels, &svg);
    }
    let mut heat = heat_fixture();
    heat.values = vec![vec![1e-7, 3e-7, 0.0, 2e-7]; 3];
    for lang in Lang::ALL {
        let svg = heat_map(&heat, lang);
        check_valid(&svg);
        // The colour scale's tick labels, below it.
        let labels = texts_with(&svg, r##"text-anchor="middle" fill="#4d4d4d""##);
        assert_distinct(&labels, &svg);
    }
}

#[test]
fn huge_finite_values_do_not_overflow_to_inf() {
    let mut chart = one_way_fixture();
    chart.lines = vec![Line {
        name: "A".to_string(),
        points: vec![(-1.0, 1e308), (0.5, -1e308), (2.0, 1e308)],
    }];
    chart.crossovers.clear();
    let mut stacked = stacked_fixture();
    stacked.panels[0].values[0] = vec![1e308, 1e308];
    for lang in Lang::ALL {
        let svg = one_way(&chart, lang);
        check_valid(&svg);
        assert!(!svg.contains("inf") && !svg.contains("NaN"), "{svg}");
        let svg = stacked_bars(&stacked, lang);
        check_valid(&svg);
        assert!(!svg.contains("inf") && !svg.contains("NaN"), "{svg}");
        // The bar's total overflows: it reads as missing.
        let totals = texts_with(&svg, r##"font-weight="bold" fill="#1a1a1a""##);
        assert!(totals.contains(&"–"), "{totals:?}");
    }
}

#[test]
fn decomposed_labels_are_not_cut_inside_a_character() {
    // "å" as "a" and a combining ring, many times: longer than any label area.
    let long = "a\u{30a}".repeat(200);
    let mut chart = grouped_fixture();
    chart.categories[0] = long.clone();
    let svg = grouped_bars(&chart, Lang::Sv);
    check_valid(&svg);
    assert!(svg.contains(&format!("<title>{long}</title>")), "{svg}");
    assert!(svg.contains("a\u{30a}…</tspan></text>"), "{svg}");
    assert!(!svg.contains("a…"), "{svg}");
}

#[test]
fn the_checker_rejects_broken_xml() {
    for broken in [
        "<svg><g></svg>",
        "<svg a=\"1\" a=\"2\"/>",
        "<svg>a & b</svg>",
        "<svg><text>1 < 2</text></svg>",
        "<svg x=1/>",
        "<svg/><svg/>",
        "<svg>",
    ] {
        assert!(well_formed(broken).is_err(), "{broken}");
    }
    assert!(well_formed("<svg a=\"&amp;&#39;\"><g/><text>&lt;ok&gt;</text></svg>\n").is_ok());
}
