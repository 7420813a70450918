//! The pages, as maud templates (escaped by default): the participant's
//! question, revisit and summary; the facilitator's control page and its
//! live part; the presenter's screen; the printable slips. Every page works
//! without JavaScript (plain forms, 303 after each POST); app.js only
//! refreshes the live parts when the event stream says something changed.

use crate::results::{self, GroupJudgments, Spread};
use crate::server::{Acceptability, App};
use crate::workshop::{Person, Workshop, set_key};
use maud::{DOCTYPE, Markup, PreEscaped, html};
use vagval_core::group::GroupAnalysis;
use vagval_report::Lang;
use vagval_workspace::questionnaire::{
    Advice, Answer, Offer, Question, SiblingSet, Step, Strength,
};
use vagval_workspace::survey::answers::{cr_verdict, show_answer, show_cr};

/// Who is looking, for what the page may show.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    Participant,
    Presenter,
    Facilitator,
}

pub fn page(lang: Lang, title: &str, role: &str, body: Markup) -> Markup {
    html! {
        (DOCTYPE)
        html lang=(lang.code()) {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                meta name="referrer" content="no-referrer";
                title { (title) }
                link rel="stylesheet" href="/assets/style.css";
                script src="/assets/app.js" defer {}
            }
            body data-role=(role) {
                main { (body) }
            }
        }
    }
}

/// A set as a heading: the criteria, a parent's sub-criteria, or the
/// alternatives on a leaf.
fn set_title(lang: Lang, set: &SiblingSet) -> String {
    match (&set.key, set.alternatives) {
        (None, _) => lang.pick("The criteria", "Kriterierna").to_string(),
        (Some(_), true) => match lang {
            Lang::Sv => format!("Alternativen: {}", set.title),
            Lang::En => format!("The alternatives: {}", set.title),
        },
        (Some(_), false) => set.title.clone(),
    }
}

/// A count grouped as the language writes it (`100 000`, `100,000`).
fn count(lang: Lang, n: u64) -> String {
    match lang {
        Lang::Sv => vagval_report::number::format_sv(n.into()),
        Lang::En => vagval_report::number::format_en(n.into()),
    }
}

fn pct(lang: Lang, share: f64) -> String {
    lang.percent(share)
}

fn csrf_field(token: &str) -> Markup {
    html! { input type="hidden" name="csrf" value=(token); }
}

/// A message with its role: the participant's page says it at once.
pub fn notice(text: &str) -> Markup {
    html! { p class="notice" role="status" { (text) } }
}

// ---------------------------------------------------------------------------
// Participant
// ---------------------------------------------------------------------------

/// The nine answers offered for a pair, as (value of i over j, label).
pub fn choices(lang: Lang, set: &SiblingSet, (i, j): (usize, usize)) -> Vec<(f64, String)> {
    let mut out = Vec::new();
    for step in [9u8, 7, 5, 3] {
        let answer = Answer {
            first: i,
            second: j,
            strength: Strength::Step(step),
        };
        out.push((f64::from(step), show_answer(lang, set, answer)));
    }
    out.push((
        1.0,
        show_answer(
            lang,
            set,
            Answer {
                first: i,
                second: j,
                strength: Strength::Step(1),
            },
        ),
    ));
    for step in [3u8, 5, 7, 9] {
        let answer = Answer {
            first: j,
            second: i,
            strength: Strength::Step(step),
        };
        out.push((1.0 / f64::from(step), show_answer(lang, set, answer)));
    }
    out
}

fn progress(lang: Lang, done: usize, total: usize) -> Markup {
    let shown = (done + 1).min(total);
    html! {
        p class="progress" {
            (match lang {
                Lang::Sv => format!("Fråga {shown} av {total}"),
                Lang::En => format!("Question {shown} of {total}"),
            })
        }
        progress value=(done) max=(total) aria-hidden="true" {}
    }
}

pub fn advice(lang: Lang, w: &Workshop, advice: &Advice) -> Option<Markup> {
    if !advice.jumped {
        return None;
    }
    let set = &w.sets[advice.set];
    let conflict = advice.conflict.as_ref()?;
    let cr = advice.cr?;
    let earlier = show_answer(lang, set, conflict.answer);
    let fits = show_answer(lang, set, conflict.suggested);
    Some(html! {
        aside class="advice" role="status" {
            p { (match lang {
                Lang::Sv => format!("Ditt svar hänger inte riktigt ihop med dina tidigare (CR {}, {}).", show_cr(lang, cr), cr_verdict(lang, cr)),
                Lang::En => format!("Your answer does not quite fit your earlier ones (CR {}, {}).", show_cr(lang, cr), cr_verdict(lang, cr)),
            }) }
            p { (match lang {
                Lang::Sv => format!("Det krockar mest med ”{earlier}”; med dina övriga svar skulle det passa bättre som ”{fits}”."),
                Lang::En => format!("It conflicts most with “{earlier}”; with your other answers that would fit better as “{fits}”."),
            }) }
            @if let Some(consistent) = advice.consistent {
                p { (match lang {
                    Lang::Sv => format!("Svaret du just gav skulle passa som ”{}”.", show_answer(lang, set, consistent)),
                    Lang::En => format!("The answer you just gave would fit as “{}”.", show_answer(lang, set, consistent)),
                }) }
            }
            p { (lang.pick("You can go back and change it, or go on: nothing is blocked.", "Du kan gå tillbaka och ändra, eller fortsätta: inget är låst.")) }
        }
    })
}

pub fn question(
    lang: Lang,
    w: &Workshop,
    person: &Person,
    q: &Question,
    csrf: &str,
    message: Option<&str>,
) -> Markup {
    let set = &w.sets[q.set];
    let (i, j) = q.pair;
    let (done, total) = person.q.progress();
    let current = q.current.map(|a| {
        if a.first == i {
            a.strength.value()
        } else {
            1.0 / a.strength.value()
        }
    });
    let comment = person
        .comments
        .get(&(q.set, i, j))
        .cloned()
        .unwrap_or_default();
    let heading = match (&set.key, lang) {
        (Some(_), _) if set.alternatives => match lang {
            Lang::Sv => format!("Vilket alternativ är bäst när det gäller ”{}”?", set.title),
            Lang::En => format!("Which alternative is better on “{}”?", set.title),
        },
        (None, Lang::Sv) => "Vilket kriterium väger tyngst för beslutet?".to_string(),
        (None, Lang::En) => "Which criterion matters more for the decision?".to_string(),
        (Some(_), Lang::Sv) => format!("Inom ”{}”: vilket väger tyngst?", set.title),
        (Some(_), Lang::En) => format!("Within “{}”: which matters more?", set.title),
    };
    let body = html! {
        (progress(lang, done, total))
        @if let Some(text) = message { (notice(text)) }
        @if let Some(a) = person.advice.as_ref().and_then(|a| advice(lang, w, a)) { (a) }
        form method="post" action="/q/answer" class="question" {
            (csrf_field(csrf))
            input type="hidden" name="set" value=(set_key(set));
            input type="hidden" name="first" value=(set.ids[i]);
            input type="hidden" name="second" value=(set.ids[j]);
            fieldset {
                legend { h1 { (heading) } span class="pair" { span class="a" { (set.names[i]) } " " (lang.pick("or", "eller")) " " span class="b" { (set.names[j]) } } }
                @for (k, (value, label)) in choices(lang, set, (i, j)).into_iter().enumerate() {
                    @let id = format!("c{k}");
                    @let side = if value > 1.0 { "a" } else if value < 1.0 { "b" } else { "eq" };
                    label class=(format!("choice {side}")) for=(id) {
                        input type="radio" id=(id) name="choice" value=(value_text(value)) checked[current.is_some_and(|c| (c - value).abs() < 1e-9)];
                        span { (label) }
                    }
                }
            }
            @if set.descriptions[i].trim().len() + set.descriptions[j].trim().len() > 0 {
                details {
                    summary { (lang.pick("What do they mean?", "Vad betyder de?")) }
                    dl {
                        @for k in [i, j] { dt { (set.names[k]) } dd { (set.descriptions[k]) } }
                    }
                }
            }
            label for="comment" class="comment" { (lang.pick("Why? (optional, kept as the rationale)", "Varför? (frivilligt, sparas som motivering)")) }
            textarea id="comment" name="comment" maxlength="600" rows="2" { (comment) }
            div class="buttons" {
                button type="submit" name="action" value="answer" class="primary" { (lang.pick("Answer", "Svara")) }
                button type="submit" name="action" value="skip" { (lang.pick("Don't know", "Vet ej")) }
            }
        }
        @if done > 0 {
            form method="post" action="/q/back" class="back" {
                (csrf_field(csrf))
                button type="submit" { (lang.pick("← Back", "← Tillbaka")) }
            }
        }
    };
    page(
        lang,
        &format!("{} – vagval", lang.pick("Question", "Fråga")),
        "participant",
        body,
    )
}

fn value_text(value: f64) -> String {
    if value >= 1.0 {
        format!("{value}")
    } else {
        format!("1/{}", (1.0 / value).round())
    }
}

pub fn revisit(
    lang: Lang,
    w: &Workshop,
    offer: &Offer,
    csrf: &str,
    message: Option<&str>,
) -> Markup {
    let set = &w.sets[offer.set];
    let (i, j) = (offer.answer.first, offer.answer.second);
    let body = html! {
        p class="progress" { (lang.pick("Looking again", "En gång till")) }
        @if let Some(text) = message { (notice(text)) }
        form method="post" action="/q/revisit" class="question" {
            (csrf_field(csrf))
            input type="hidden" name="set" value=(set_key(set));
            input type="hidden" name="first" value=(set.ids[i]);
            input type="hidden" name="second" value=(set.ids[j]);
            fieldset {
                legend {
                    h1 { (lang.pick("Your answers do not quite fit together", "Dina svar hänger inte riktigt ihop")) }
                    p { (match lang {
                        Lang::Sv => format!("CR är {} ({}). Det här svaret avviker mest:", show_cr(lang, offer.cr), cr_verdict(lang, offer.cr)),
                        Lang::En => format!("The CR is {} ({}). This answer departs most:", show_cr(lang, offer.cr), cr_verdict(lang, offer.cr)),
                    }) }
                    p class="pair" { "”" (show_answer(lang, set, offer.answer)) "”" }
                }
                label class="choice eq" for="keep" {
                    input type="radio" id="keep" name="reply" value="keep" checked;
                    span { (lang.pick("Keep my answer", "Behåll mitt svar")) }
                }
                label class="choice a" for="suggestion" {
                    input type="radio" id="suggestion" name="reply" value="suggestion";
                    span { (match lang {
                        Lang::Sv => format!("Ändra till ”{}” (passar bäst med mina övriga svar)", show_answer(lang, set, offer.suggested)),
                        Lang::En => format!("Change to “{}” (fits my other answers best)", show_answer(lang, set, offer.suggested)),
                    }) }
                }
                @for (k, (value, label)) in choices(lang, set, (i, j)).into_iter().enumerate() {
                    @let id = format!("r{k}");
                    label class="choice" for=(id) {
                        input type="radio" id=(id) name="reply" value=(value_text(value));
                        span { (label) }
                    }
                }
            }
            div class="buttons" { button type="submit" class="primary" { (lang.pick("Go on", "Fortsätt")) } }
        }
        form method="post" action="/q/back" class="back" {
            (csrf_field(csrf))
            button type="submit" { (lang.pick("← Back", "← Tillbaka")) }
        }
    };
    page(lang, "vagval", "participant", body)
}

/// A participant's own weights, set by set.
pub fn own_weights(lang: Lang, w: &Workshop, person: &Person) -> Markup {
    html! {
        @for (s, set) in w.sets.iter().enumerate() {
            @let local = own_local(w, person, s);
            h2 { (set_title(lang, set)) }
            @if let Some(local) = local {
                @let largest = local.iter().copied().fold(0.0, f64::max);
                table class="weights" {
                    @for (k, name) in set.names.iter().enumerate() {
                        tr { th scope="row" { (name) } td { (pct(lang, local[k])) } td class="bar" { (bar(local[k] / largest)) } }
                    }
                }
                @if let Some(a) = person.q.analysis(s) {
                    p class="small" { (match lang {
                        Lang::Sv => format!("CR {} ({})", show_cr(lang, a.cr), cr_verdict(lang, a.cr)),
                        Lang::En => format!("CR {} ({})", show_cr(lang, a.cr), cr_verdict(lang, a.cr)),
                    }) }
                }
            } @else {
                p { (lang.pick("Not enough answers yet.", "Inte tillräckligt många svar än.")) }
            }
        }
    }
}

fn own_local(w: &Workshop, person: &Person, s: usize) -> Option<Vec<f64>> {
    if let Some(a) = person.q.analysis(s) {
        return Some(a.priorities);
    }
    let judgments = person.q.judgments(s);
    let set = &w.sets[s];
    match (set.ids.len(), judgments.first()) {
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

/// A bar as SVG, `share` of the cell's width (no style attributes: the
/// CSP allows none).
fn bar(share: f64) -> Markup {
    let width = (share.clamp(0.0, 1.0) * 100.0).round();
    html! {
        svg viewBox="0 0 100 10" preserveAspectRatio="none" class="bar" aria-hidden="true" {
            rect x="0" y="0" width=(width) height="10" {}
        }
    }
}

pub fn done(
    lang: Lang,
    w: &Workshop,
    person: &Person,
    csrf: &str,
    message: Option<&str>,
) -> Markup {
    let body = html! {
        @if let Some(text) = message { (notice(text)) }
        h1 { (lang.pick("Thank you: every question is answered", "Tack: alla frågor är besvarade")) }
        @let revealed = w.revealed.iter().any(|r| *r);
        p {
            (lang.pick("These are your own weights. ", "Så här blev dina egna vikter. "))
            @if revealed {
                (lang.pick(
                    "The facilitator has shown the groups' results.",
                    "Samtalsledaren har visat gruppernas resultat."
                ))
            } @else {
                (lang.pick(
                    "Nobody sees anyone's answers until the facilitator shows the group's results.",
                    "Ingen ser någons svar förrän samtalsledaren visar gruppens resultat."
                ))
            }
        }
        (own_weights(lang, w, person))
        @if revealed {
            p { a href="/results" { (lang.pick("See the results shown so far", "Se resultaten som visats hittills")) } }
        }
        @if !w.closed && person.q.last().is_some() && w.may_undo(person) {
            form method="post" action="/q/back" class="back" {
                (csrf_field(csrf))
                button type="submit" { (lang.pick("← Change my last answer", "← Ändra mitt senaste svar")) }
            }
        }
    };
    page(lang, "vagval", "participant", body)
}

pub fn participant(
    lang: Lang,
    w: &Workshop,
    p: usize,
    csrf: &str,
    message: Option<&str>,
) -> Markup {
    let person = &w.people[p];
    if w.closed {
        let body = html! {
            h1 { (lang.pick("The session is closed", "Sessionen är avslutad")) }
            p { (lang.pick("Thank you for taking part.", "Tack för att du deltog.")) }
            (own_weights(lang, w, person))
        };
        return page(lang, "vagval", "participant", body);
    }
    match w.step(p) {
        Step::Question(q) => question(lang, w, person, &q, csrf, message),
        Step::Revisit(offer) => revisit(lang, w, &offer, csrf, message),
        Step::Done => done(lang, w, person, csrf, message),
    }
}

pub fn plain(lang: Lang, title: &str, text: &str) -> Markup {
    page(lang, title, "none", html! { h1 { (title) } p { (text) } })
}

// ---------------------------------------------------------------------------
// Results (presenter, facilitator, participants after the reveal)
// ---------------------------------------------------------------------------

/// A group's name as shown: "Grupp 2" in anonymous mode on shared screens.
fn group_name(lang: Lang, w: &Workshop, g: usize, role: Role) -> String {
    if w.anonymous && role != Role::Facilitator {
        let n = w.anonymous_number(g) + 1;
        match lang {
            Lang::Sv => format!("Grupp {n}"),
            Lang::En => format!("Group {n}"),
        }
    } else {
        w.groups[g].name.clone()
    }
}

/// The groups in the order a screen shows them: by their anonymous
/// number where names are hidden (so a column's place gives nothing away),
/// else as loaded.
fn shown_order(w: &Workshop, role: Role) -> Vec<usize> {
    let mut order: Vec<usize> = (0..w.groups.len()).collect();
    if w.anonymous && role != Role::Facilitator {
        order.sort_by_key(|&g| w.anonymous_number(g));
    }
    order
}

/// Who has answered how much, without any value.
pub fn progress_table(lang: Lang, w: &Workshop, role: Role) -> Markup {
    let per_person = role == Role::Facilitator && !w.anonymous;
    html! {
        h2 { (lang.pick("Answers so far", "Svar hittills")) }
        // On a phone the facilitator's columns are wider than the screen:
        // the table scrolls in its own box, the page does not.
        div class="scroll" { table class="progress-table" {
            thead { tr {
                th scope="col" { (lang.pick("Group", "Grupp")) }
                th scope="col" { (lang.pick("Finished", "Klara")) }
                @if role == Role::Facilitator { th scope="col" { (lang.pick("Group CR", "Gruppens CR")) } }
                @if per_person { th scope="col" { (lang.pick("Participants (answered of all)", "Deltagare (besvarat av alla)")) } }
            } }
            tbody {
                @for g in shown_order(w, role) {
                    @let group = &w.groups[g];
                    @let members = w.members(&group.id);
                    @let finished = members.iter().filter(|&&p| matches!(w.step(p), Step::Done)).count();
                    tr {
                        th scope="row" { (group_name(lang, w, g, role)) }
                        td { (format!("{finished} / {}", members.len())) }
                        @if role == Role::Facilitator {
                            td { (results::group_judgments(w, g, None).cr().map(|cr| show_cr(lang, cr)).unwrap_or_else(|| "–".into())) }
                        }
                        @if per_person {
                            td { @for &p in &members {
                                @let (done, total) = w.people[p].q.progress();
                                span class="who" { (w.roster.participants[p].id) ": " (done) "/" (total) } " "
                            } }
                        }
                    }
                }
            }
        } }
    }
}

/// What the facilitator has revealed: per set each group's weights and
/// where answers lie furthest apart; with every set revealed, each group's
/// ranking, the aggregate and S*.
#[allow(clippy::too_many_arguments)]
pub fn revealed(
    lang: Lang,
    app: &App,
    w: &Workshop,
    judged: &[GroupJudgments],
    analysis: Option<&GroupAnalysis>,
    acceptability: Option<&Acceptability>,
    role: Role,
    csrf: &str,
) -> Markup {
    let all = judged;
    let order = shown_order(w, role);
    let judged: Vec<&GroupJudgments> = order
        .iter()
        .filter_map(|&g| judged.iter().find(|j| j.group == g))
        .collect();
    let judged = judged.as_slice();
    if !w.revealed.iter().any(|r| *r) {
        return html! { p class="hidden-note" { (lang.pick("No results are shown yet: the facilitator reveals them.", "Inga resultat visas än: samtalsledaren visar dem.")) } };
    }
    html! {
        @for (s, set) in w.sets.iter().enumerate() {
            @if w.revealed[s] {
                section class="set" {
                    h2 { (match (&set.key, set.alternatives) {
                        (None, _) => lang.pick("Weights of the criteria", "Kriteriernas vikter").to_string(),
                        (Some(_), true) => match lang { Lang::Sv => format!("Alternativen när det gäller ”{}”", set.title), Lang::En => format!("The alternatives on “{}”", set.title) },
                        (Some(_), false) => match lang { Lang::Sv => format!("Vikter inom ”{}”", set.title), Lang::En => format!("Weights within “{}”", set.title) },
                    }) }
                    div class="scroll" { table {
                        thead { tr { th scope="col" { (if set.alternatives { lang.pick("Alternative", "Alternativ") } else { lang.pick("Criterion", "Kriterium") }) } @for g in judged { th scope="col" { (group_name(lang, w, g.group, role)) } } } }
                        tbody {
                            @for (k, name) in set.names.iter().enumerate() {
                                tr { th scope="row" { (name) } @for g in judged { td { (g.local(w, s).map(|l| pct(lang, l[k])).unwrap_or_else(|| "–".into())) } } }
                            }
                            tr class="cr" { th scope="row" { "CR" } @for g in judged { td { (g.analyses[s].as_ref().map(|a| show_cr(lang, a.cr)).unwrap_or_else(|| "–".into())) } } }
                        }
                    } }
                    (spread_list(lang, w, s, all, role, csrf))
                }
            }
        }
        @if w.all_revealed() {
            @if let Some(analysis) = analysis {
                (rankings(lang, w, analysis, role))
                (one_way_charts(lang, app, analysis))
            } @else {
                p { (lang.pick("No group has answered every question yet: no ranking.", "Ingen grupp har svarat på alla frågor än: ingen rangordning.")) }
            }
            @if let Some(acc) = acceptability { (acceptability_table(lang, app, acc)) }
        }
        @for g in judged {
            @if !g.left_out.is_empty() {
                @let bound = app.member_max_cr.map(|c| show_cr(lang, c)).unwrap_or_default();
                @let who: Vec<String> = if role == Role::Facilitator && !w.anonymous {
                    g.left_out.iter().map(|m| format!("{} (CR {})", w.roster.participants[m.participant].id, show_cr(lang, m.cr))).collect()
                } else {
                    Vec::new()
                };
                p class="small" { (match lang {
                    Lang::Sv => format!("{}: {} deltagare lämnades utanför gruppens svar (CR över gränsen {bound}){}.", group_name(lang, w, g.group, role), g.left_out.len(), if who.is_empty() { String::new() } else { format!(": {}", who.join(", ")) }),
                    Lang::En => format!("{}: {} participant(s) left out of the group's answers (CR above the bound {bound}){}.", group_name(lang, w, g.group, role), g.left_out.len(), if who.is_empty() { String::new() } else { format!(": {}", who.join(", ")) }),
                }) }
            }
        }
    }
}

fn spread_list(
    lang: Lang,
    w: &Workshop,
    s: usize,
    judged: &[GroupJudgments],
    role: Role,
    csrf: &str,
) -> Markup {
    let spreads: Vec<Spread> = results::spreads(w, s, judged)
        .into_iter()
        .filter(|sp| sp.members > 0.0)
        .take(5)
        .collect();
    let set = &w.sets[s];
    html! {
        @if !spreads.is_empty() {
            h3 { (lang.pick("Where the answers lie furthest apart", "Där svaren går mest isär")) }
            ol class="spreads" {
                @for sp in &spreads {
                    @let (i, j) = sp.pair;
                    li {
                        strong { (set.names[i]) " – " (set.names[j]) } ": "
                        (match lang {
                            Lang::Sv => format!("svaren går från ”{}” till ”{}” ({} svar).", answer_words(lang, set, (i, j), sp.low), answer_words(lang, set, (i, j), sp.high), sp.answers),
                            Lang::En => format!("answers range from “{}” to “{}” ({} answers).", answer_words(lang, set, (i, j), sp.low), answer_words(lang, set, (i, j), sp.high), sp.answers),
                        })
                        @if role == Role::Facilitator && !w.closed {
                            form method="post" action="/control/reopen" class="inline" {
                                (csrf_field(csrf))
                                input type="hidden" name="set" value=(set_key(set));
                                input type="hidden" name="first" value=(set.ids[i]);
                                input type="hidden" name="second" value=(set.ids[j]);
                                button type="submit" { (lang.pick("Ask again", "Fråga igen")) }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// A value of i over j in words (`A före B, starkt (5)`), the value taken
/// to the nearest step of the scale.
fn answer_words(lang: Lang, set: &SiblingSet, (i, j): (usize, usize), value: f64) -> String {
    let (first, second, v) = if value >= 1.0 {
        (i, j, value)
    } else {
        (j, i, 1.0 / value)
    };
    let step = v.round().clamp(1.0, 9.0) as u8;
    show_answer(
        lang,
        set,
        Answer {
            first,
            second,
            strength: Strength::Step(step),
        },
    )
}

fn rankings(lang: Lang, w: &Workshop, analysis: &GroupAnalysis, role: Role) -> Markup {
    let index = |id: &str| w.groups.iter().position(|g| g.id == id).unwrap_or(0);
    let order = shown_order(w, role);
    let mut groups: Vec<_> = analysis.groups.iter().collect();
    groups.sort_by_key(|g| {
        order
            .iter()
            .position(|&o| o == index(&g.id))
            .unwrap_or(usize::MAX)
    });
    html! {
        section class="ranking" {
            h2 { (lang.pick("Ranking of the alternatives", "Alternativens rangordning")) }
            div class="scroll" { table {
                thead { tr {
                    th scope="col" { (lang.pick("Alternative", "Alternativ")) }
                    @for g in &groups { th scope="col" { (group_name(lang, w, index(&g.id), role)) } }
                    th scope="col" class="aggregate" { (lang.pick("Council (by seats)", "Fullmäktige (efter mandat)")) }
                } }
                tbody {
                    @for (a, (_, name)) in analysis.aggregate.alternatives.iter().enumerate() {
                        tr {
                            th scope="row" { (name) }
                            @for g in &groups {
                                @let alt = &g.evaluation.alternatives[a];
                                td { (alt.rank) ". (" (pct(lang, alt.score)) ")" }
                            }
                            td class="aggregate" { strong { (analysis.aggregate.ranks[a]) ". (" (pct(lang, analysis.aggregate.scores[a])) ")" } }
                        }
                    }
                }
            } }
            p { (match lang {
                Lang::Sv => format!("Samsyn S* = {} (1 = alla grupper väger lika, 0 = så långt isär som skalan tillåter).", lang.fixed(analysis.consensus.s_star, 2)),
                Lang::En => format!("Consensus S* = {} (1 = every group weighs alike, 0 = as far apart as the scale allows).", lang.fixed(analysis.consensus.s_star, 2)),
            }) }
        }
    }
}

/// For each top-level criterion, the council's scores as its weight moves
/// from 0 to 1 (the others keeping their ratios): the one-way charts of
/// `vagval report`, on the aggregate of the session's judgments.
fn one_way_charts(lang: Lang, app: &App, analysis: &GroupAnalysis) -> Markup {
    let Some(evaluation) = &analysis.aggregate.evaluation else {
        return html! {};
    };
    let names: Vec<(String, String)> = analysis.aggregate.alternatives.clone();
    let charts: Vec<String> = evaluation
        .criteria
        .iter()
        .filter(|c| c.depth == 0)
        .filter_map(|c| vagval_core::sensitivity::one_way::one_way(evaluation, &c.id).ok())
        .map(|sweep| {
            vagval_report::chart::one_way(
                &vagval_report::figures::one_way_figure(lang, &sweep, &names),
                lang,
            )
        })
        .collect();
    let _ = app;
    html! {
        @if !charts.is_empty() {
            section class="one-way" {
                h2 { (lang.pick("If one criterion weighed more or less", "Om ett kriterium vägde mer eller mindre")) }
                p class="small" { (lang.pick(
                    "Each chart moves one criterion's weight from 0 to 100 % (the others keep their proportions); the marked line is the council's weight today, and the ranking changes where two lines cross.",
                    "Varje diagram flyttar ett kriteriums vikt från 0 till 100 % (de andra behåller sina proportioner); den markerade linjen är fullmäktiges vikt i dag, och rangordningen ändras där två linjer korsas."
                )) }
                div class="charts" { @for chart in &charts { div class="chart" { (PreEscaped(chart)) } } }
            }
        }
    }
}

fn acceptability_table(lang: Lang, app: &App, acc: &Acceptability) -> Markup {
    let names: Vec<String> = acc
        .result
        .alternatives
        .iter()
        .map(|id| {
            app.model
                .alternatives()
                .iter()
                .find(|a| a.id == *id)
                .map(|a| a.name.clone())
                .unwrap_or_else(|| id.clone())
        })
        .collect();
    html! {
        section class="acceptability" {
            h2 { (lang.pick("How sure is the ranking?", "Hur säker är rangordningen?")) }
            p { (match lang {
                Lang::Sv => format!("Andelen av {} slumpade viktningar (vilka vikter som helst) där alternativet hamnar på varje plats, med fullmäktiges bedömningar av alternativen.", count(lang, acc.result.samples)),
                Lang::En => format!("The share of {} random weightings (any weights at all) in which the alternative takes each place, with the council's judgments of the alternatives.", count(lang, acc.result.samples)),
            }) }
            div class="scroll" { table {
                thead { tr { th scope="col" { (lang.pick("Alternative", "Alternativ")) } @for r in 0..names.len() { th scope="col" { (r + 1) "." } } } }
                tbody { @for (a, name) in names.iter().enumerate() {
                    tr { th scope="row" { (name) } @for r in 0..names.len() { td { (pct(lang, acc.result.rank_acceptability[a][r])) } } }
                } }
            } }
        }
    }
}

// ---------------------------------------------------------------------------
// Facilitator and presenter
// ---------------------------------------------------------------------------

/// What the live parts show: each group's judgments, the whole analysis
/// once every set is revealed, and the latest rank acceptabilities.
fn live_results(
    app: &App,
    w: &Workshop,
) -> (
    Vec<GroupJudgments>,
    Option<GroupAnalysis>,
    Option<Acceptability>,
) {
    let judged = app.group_judgments(w);
    let analysis = if w.all_revealed() {
        let (specs, _) = results::group_specs(w, &judged);
        results::analysis(&app.model, w, &specs, &app.group_options)
    } else {
        None
    };
    let acceptability = app.acceptability.lock().map(|a| a.clone()).unwrap_or(None);
    (judged, analysis, acceptability)
}

pub fn control_live(lang: Lang, app: &App, w: &Workshop, csrf: &str) -> Markup {
    let (judged, analysis, acceptability) = live_results(app, w);
    html! {
        (progress_table(lang, w, Role::Facilitator))
        h2 { (lang.pick("Reveal", "Visa")) }
        ul class="steps" {
            @for (s, set) in w.sets.iter().enumerate() {
                li {
                    span { (set_title(lang, set)) }
                    form method="post" action=(if w.revealed[s] { "/control/hide" } else { "/control/reveal" }) class="inline" {
                        (csrf_field(csrf))
                        input type="hidden" name="set" value=(set_key(set));
                        button type="submit" { (if w.revealed[s] { lang.pick("Hide", "Dölj") } else { lang.pick("Reveal", "Visa") }) }
                    }
                }
            }
        }
        (revealed(lang, app, w, &judged, analysis.as_ref(), acceptability.as_ref(), Role::Facilitator, csrf))
    }
}

pub fn control(lang: Lang, app: &App, w: &Workshop, csrf: &str, message: Option<&str>) -> Markup {
    let top: Vec<(String, String, f64)> = {
        let judged = app.group_judgments(w);
        let (specs, _) = results::group_specs(w, &judged);
        let weights = vagval_core::group::aij_model(&app.model, &specs, &app.settings)
            .ok()
            .and_then(|m| vagval_core::evaluate(&m, &app.settings).ok())
            .map(|e| e.goal_weights.local)
            .unwrap_or_default();
        w.sets
            .first()
            .filter(|s| s.key.is_none())
            .map(|set| {
                set.ids
                    .iter()
                    .zip(&set.names)
                    .enumerate()
                    .map(|(k, (id, name))| {
                        (
                            id.clone(),
                            name.clone(),
                            weights
                                .get(k)
                                .copied()
                                .unwrap_or(1.0 / set.ids.len() as f64),
                        )
                    })
                    .collect()
            })
            .unwrap_or_default()
    };
    let body = html! {
        h1 { (lang.pick("Workshop: facilitator", "Workshop: samtalsledare")) }
        @if let Some(text) = message { (notice(text)) }
        nav class="links" {
            a href="/control/slips" { (lang.pick("Participants' links (print)", "Deltagarnas länkar (skriv ut)")) }
            " · "
            a href=(format!("/p/{}", w.roster.presenter)) { (lang.pick("Presenter screen", "Projektorvy")) }
        }
        div id="live" data-fragment="/control/fragment" { (control_live(lang, app, w, csrf)) }
        section class="sliders" {
            h2 { (lang.pick("What if the weights were different?", "Tänk om vikterna vore andra?")) }
            p class="small" { (lang.pick("Starts at the council's weights (the groups' aggregate). Moving a slider re-ranks at once; nothing is stored.", "Börjar i fullmäktiges vikter (gruppernas sammanvägning). När du drar i ett reglage rangordnas om direkt; inget sparas.")) }
            form method="post" action="/control/rerank" id="rerank" {
                (csrf_field(csrf))
                @for (id, name, weight) in &top {
                    label for=(format!("w-{id}")) { (name) }
                    input type="range" id=(format!("w-{id}")) name=(id) min="0" max="100" step="1" value=(format!("{:.0}", weight * 100.0));
                }
                button type="submit" { (lang.pick("Rank", "Rangordna")) }
            }
            div id="rerank-result" aria-live="polite" {}
        }
        section class="actions" {
            h2 { (lang.pick("Session", "Sessionen")) }
            details {
                summary { (lang.pick("Withdraw a participant's link", "Dra tillbaka en deltagares länk")) }
                form method="post" action="/control/revoke" {
                    (csrf_field(csrf))
                    label for="revoke" { (lang.pick("Participant", "Deltagare")) }
                    " "
                    select id="revoke" name="participant" {
                        @for (p, part) in w.roster.participants.iter().enumerate() {
                            @if !w.people[p].revoked { option value=(part.id) { (part.id) } }
                        }
                    }
                    " "
                    button type="submit" class="danger" { (lang.pick("Withdraw", "Dra tillbaka")) }
                    p class="small" { (lang.pick("The link stops working at once; the answers given so far stay out of the group's results.", "Länken slutar gälla direkt; svaren hittills räknas inte längre i gruppens resultat.")) }
                }
            }
            form method="post" action="/control/anonymous" class="inline" {
                (csrf_field(csrf))
                input type="hidden" name="on" value=(if w.anonymous { "false" } else { "true" });
                button type="submit" { (if w.anonymous { lang.pick("Anonymous mode: on (turn off)", "Anonymt läge: på (stäng av)") } else { lang.pick("Anonymous mode: off (turn on)", "Anonymt läge: av (slå på)") }) }
            }
            form method="post" action="/control/report" class="inline" {
                (csrf_field(csrf))
                button type="submit" { (lang.pick("Write the report of this moment", "Skriv rapporten för just nu")) }
            }
            @if !w.closed {
                form method="post" action="/control/close" class="inline" {
                    (csrf_field(csrf))
                    button type="submit" class="danger" { (lang.pick("Close the session and write the groups' scripts", "Avsluta och skriv gruppernas skript")) }
                }
            } @else {
                form method="post" action="/control/export" class="inline" {
                    (csrf_field(csrf))
                    button type="submit" { (lang.pick("Write the groups' scripts again", "Skriv gruppernas skript igen")) }
                }
            }
        }
    };
    page(
        lang,
        lang.pick("Facilitator – vagval", "Samtalsledare – vagval"),
        "facilitator",
        body,
    )
}

pub fn presenter_live(lang: Lang, app: &App, w: &Workshop) -> Markup {
    let (judged, analysis, acceptability) = live_results(app, w);
    html! {
        (progress_table(lang, w, Role::Presenter))
        (revealed(lang, app, w, &judged, analysis.as_ref(), acceptability.as_ref(), Role::Presenter, ""))
    }
}

pub fn presenter(lang: Lang, app: &App, w: &Workshop, role: Role) -> Markup {
    let fragment = if role == Role::Participant {
        "/results/fragment"
    } else {
        "/presenter/fragment"
    };
    let body = html! {
        h1 { (app.model.goal()) }
        div id="live" data-fragment=(fragment) { (presenter_live(lang, app, w)) }
    };
    page(
        lang,
        "vagval",
        if role == Role::Participant {
            "participant-results"
        } else {
            "presenter"
        },
        body,
    )
}

pub fn rerank_result(lang: Lang, ranking: &[(String, f64, usize)]) -> Markup {
    html! {
        ol class="rerank" {
            @for (name, score, _) in ranking { li { strong { (name) } " " (pct(lang, *score)) } }
        }
    }
}

/// The printable page of slips: one per participant, by group, each with
/// its link as text and as a QR code (SVG).
pub fn slips(lang: Lang, app: &App, w: &Workshop) -> Markup {
    let body = html! {
        h1 class="no-print" { (lang.pick("Participants' links", "Deltagarnas länkar")) }
        p class="no-print" { (lang.pick(
            "Print this page and cut the slips: each link is personal. Hand a group's slips to that group.",
            "Skriv ut sidan och klipp isär lapparna: varje länk är personlig. Ge en grupps lappar till den gruppen."
        )) }
        @for group in &w.groups {
            section class="slips" {
                h2 { (group.name) }
                @for (p, part) in w.roster.participants.iter().enumerate() {
                    @if part.group == group.id && !w.people[p].revoked {
                        @let link = crate::server::link(&app.base_url, part);
                        div class="slip" {
                            (PreEscaped(qr_svg(&link)))
                            div {
                                p { strong { (group.name) } " · " (part.id) }
                                p class="link" { (link) }
                                p class="small" { (lang.pick("Open on your phone, answer, done. Your answers stay hidden until the facilitator shows the group's results.", "Öppna i mobilen och svara. Dina svar är dolda tills samtalsledaren visar gruppens resultat.")) }
                            }
                        }
                    }
                }
            }
        }
    };
    page(
        lang,
        lang.pick("Links – vagval", "Länkar – vagval"),
        "slips",
        body,
    )
}

/// A QR code of `text` as SVG markup.
pub fn qr_svg(text: &str) -> String {
    match qrcode::QrCode::with_error_correction_level(text.as_bytes(), qrcode::EcLevel::M) {
        Ok(code) => code
            .render::<qrcode::render::svg::Color<'_>>()
            .min_dimensions(160, 160)
            .quiet_zone(true)
            .build()
            // Inline in HTML: no XML declaration; named for screen readers.
            .split_once("<svg")
            .map(|(_, rest)| format!("<svg role=\"img\" aria-label=\"QR\"{rest}"))
            .unwrap_or_default(),
        Err(_) => String::new(),
    }
}
