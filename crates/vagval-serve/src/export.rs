//! The group script a closed session writes: the group's judgments (the
//! weighted geometric mean of its members' answers) as `pairwise` weights,
//! the members' comments as each judgment's rationale, the group's own
//! judgments of the alternatives kept from the script it replaces.

use crate::results::GroupJudgments;
use crate::workshop::Workshop;
use vagval_lua::emit::{
    ScriptJudgment, ScriptSet, ScriptText, ScriptValue, ScriptWeights, lua_string,
    write_group_script,
};
use vagval_report::Lang;

pub fn group_script(w: &Workshop, judged: &GroupJudgments, lang: Lang) -> String {
    let info = &w.groups[judged.group];
    let members = w.members(&info.id);
    let header = vec![
        match lang {
            Lang::Sv => format!(
                "Gruppen {}: vikterna för kriterierna från workshopen (vagval serve),",
                lua_string(&info.id)
            ),
            Lang::En => format!(
                "Group {}: its weights of the criteria from the workshop (vagval serve),",
                lua_string(&info.id)
            ),
        },
        match lang {
            Lang::Sv => format!(
                "det geometriska medelvärdet av {} deltagares svar. Den gamla filen sparas som {}.lua.bak.",
                judged.members, info.id
            ),
            Lang::En => format!(
                "the geometric mean of {} participants' answers. The old file is kept as {}.lua.bak.",
                judged.members, info.id
            ),
        },
    ];
    let judgments_of =
        |s: usize, set: &vagval_workspace::questionnaire::SiblingSet| -> Vec<ScriptJudgment> {
            judged.sets[s]
                .iter()
                .map(|j| {
                    let i = set.ids.iter().position(|id| *id == j.first).unwrap_or(0);
                    let k = set.ids.iter().position(|id| *id == j.second).unwrap_or(0);
                    let comments = members
                        .iter()
                        .filter_map(|&p| w.people[p].comments.get(&(s, i.min(k), i.max(k))))
                        .map(|c| c.split_whitespace().collect::<Vec<_>>().join(" "))
                        .collect();
                    ScriptJudgment {
                        first: j.first.clone(),
                        second: j.second.clone(),
                        value: ScriptValue::Number(j.value),
                        comments,
                    }
                })
                .collect()
        };
    let sets = w
        .sets
        .iter()
        .enumerate()
        .filter(|(_, set)| !set.alternatives)
        .map(|(s, set)| {
            let judgments = judgments_of(s, set);
            ScriptSet {
                key: crate::workshop::set_key(set),
                comments: vec![match &set.key {
                    None => lang
                        .pick("the top-level criteria", "huvudkriterierna")
                        .to_string(),
                    Some(_) => match lang {
                        Lang::Sv => format!("delkriterierna under {}", lua_string(&set.title)),
                        Lang::En => format!("the sub-criteria of {}", lua_string(&set.title)),
                    },
                }],
                weights: ScriptWeights::Pairwise(judgments),
            }
        })
        .collect();
    write_group_script(&ScriptText {
        header,
        name: info.name.clone(),
        seats: info.seats,
        sets,
        alternatives_comments: vec![
            lang.pick(
                "the group's own judgments of the alternatives, kept from the file this replaces",
                "gruppens egna bedömningar av alternativen, kvar från filen som ersattes",
            )
            .to_string(),
        ],
        alternatives: {
            // The group's own judgments of the alternatives: asked in the
            // workshop, else kept from the script this replaces.
            let asked: Vec<(String, Vec<vagval_core::pairwise::Judgment>)> = w
                .sets
                .iter()
                .enumerate()
                .filter(|(_, set)| set.alternatives)
                .filter_map(|(s, set)| Some((set.key.clone()?, judged.sets[s].clone())))
                .collect();
            let mut all: Vec<_> = info
                .assessments
                .iter()
                .filter(|(leaf, _)| !asked.iter().any(|(a, _)| a == leaf))
                .cloned()
                .collect();
            all.extend(asked);
            all
        },
    })
}
