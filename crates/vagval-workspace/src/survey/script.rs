//! The group script the survey writes (docs/lua-api.md), in the survey's
//! language: the questionnaire's answers as `weights` (a word of the scale
//! where a step was chosen, else the number), its comments in words, and
//! the group's own judgments of the alternatives kept. vagval-lua's
//! emit.rs writes it as Lua, beside the reader that reads it back.

use super::answers::label;
use crate::questionnaire::{Questionnaire, Strength};
use vagval_core::pairwise::Judgment;
use vagval_lua::emit::{
    ScriptJudgment, ScriptSet, ScriptText, ScriptValue, ScriptWeights, lua_string,
    write_group_script,
};
use vagval_report::Lang;

/// The group script: the questionnaire's answers as `weights`, and the
/// group's own judgments of the alternatives from the script it replaces
/// (`assessments`), kept as they were.
pub(crate) fn lua_script(
    group: &str,
    name: &str,
    seats: u32,
    lang: Lang,
    questionnaire: &Questionnaire,
    assessments: &[(String, Vec<Judgment>)],
) -> String {
    let header = match lang {
        Lang::Sv => [
            format!(
                "Gruppen {}: dess vikter för kriterierna, skrivna av vagval survey.",
                lua_string(group)
            ),
            format!(
                "Formatet beskrivs i docs/lua-api.md. Ändra för hand, eller kör `vagval survey --group {group}` igen"
            ),
            format!("(den gamla filen sparas då som {group}.lua.bak)."),
        ],
        Lang::En => [
            format!(
                "Group {}: its weights of the criteria, written by vagval survey.",
                lua_string(group)
            ),
            format!(
                "The format is in docs/lua-api.md. Edit by hand, or run `vagval survey --group {group}` again"
            ),
            format!("(the old file is then kept as {group}.lua.bak)."),
        ],
    };
    let sets = questionnaire
        .sets()
        .iter()
        .enumerate()
        .map(|(s, set)| {
            let mut comments = vec![match &set.key {
                None => lang
                    .pick("the top-level criteria", "huvudkriterierna")
                    .to_string(),
                Some(_) => {
                    let title = lua_string(&set.title);
                    match lang {
                        Lang::Sv => format!("delkriterierna under {title}"),
                        Lang::En => format!("the sub-criteria of {title}"),
                    }
                }
            }];
            let skipped = questionnaire.skipped(s);
            if skipped > 0 {
                comments.push(match lang {
                    Lang::Sv => format!(
                        "{skipped} par besvarades med \"vet ej\"; arbetsytans kompletteringsmetod fyller i dem"
                    ),
                    Lang::En => format!(
                        "{skipped} pair(s) answered \"don't know\"; the workspace's completion method fills them"
                    ),
                });
            }
            let judgments = questionnaire
                .answers(s)
                .into_iter()
                .map(|answer| ScriptJudgment {
                    first: set.ids[answer.first].clone(),
                    second: set.ids[answer.second].clone(),
                    value: match answer.strength {
                        Strength::Step(step) => ScriptValue::Word(label(lang, step).to_string()),
                        Strength::Number(value) => ScriptValue::Number(value),
                    },
                    comments: Vec::new(),
                })
                .collect();
            ScriptSet {
                key: set.key.clone().unwrap_or_else(|| "goal".to_string()),
                comments,
                weights: ScriptWeights::Pairwise(judgments),
            }
        })
        .collect();
    write_group_script(&ScriptText {
        header: header.to_vec(),
        name: name.to_string(),
        seats: f64::from(seats),
        sets,
        alternatives_comments: vec![
            lang.pick(
                "the group's own judgments of the alternatives, kept from the file this replaces",
                "gruppens egna bedömningar av alternativen, kvar från filen som ersattes",
            )
            .to_string(),
        ],
        alternatives: assessments.to_vec(),
    })
}
