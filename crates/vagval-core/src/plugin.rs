//! Extension points: where a weighting or a criterion's values come from
//! outside the workspace's TOML files (a political group's Lua script, a
//! scripted cost model). Core defines the traits and the plain data that
//! crosses them; it knows no implementation (the Lua crate is one).

use crate::assessment::Assessment;
use crate::group::GroupSpec;
use crate::model::Model;
use rust_decimal::prelude::ToPrimitive;
use serde::Serialize;

/// The decision as a plugin sees it: plain data, ids and names, no
/// validated internals. Data ranges are given as numbers (f64).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DecisionView {
    pub goal: String,
    pub alternatives: Vec<AlternativeView>,
    /// Every criterion, parents before children (depth first).
    pub criteria: Vec<CriterionView>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AlternativeView {
    pub id: String,
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CriterionView {
    pub id: String,
    pub name: String,
    pub parent: Option<String>,
    /// Ids of the sub-criteria, in order (empty for a leaf).
    pub children: Vec<String>,
    /// For a data criterion: its unit and each alternative's low and high value.
    pub data: Option<DataView>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DataView {
    pub unit: Option<String>,
    /// (alternative id, low, high), in the model's alternative order.
    pub values: Vec<(String, f64, f64)>,
}

impl DecisionView {
    /// The view of a validated model.
    pub fn of(model: &Model) -> DecisionView {
        let hierarchy = model.hierarchy();
        let alternatives = model
            .alternatives()
            .iter()
            .map(|a| AlternativeView {
                id: a.id.clone(),
                name: a.name.clone(),
            })
            .collect::<Vec<_>>();
        let criteria = hierarchy
            .depth_first()
            .into_iter()
            .map(|(index, _)| {
                let node = hierarchy.node(index);
                let data = match model.assessment(index) {
                    Some(Assessment::Data { unit, values, .. }) => Some(DataView {
                        unit: unit.clone(),
                        values: alternatives
                            .iter()
                            .zip(values)
                            .map(|(a, q)| {
                                (
                                    a.id.clone(),
                                    q.low().to_f64().unwrap_or(f64::NAN),
                                    q.high().to_f64().unwrap_or(f64::NAN),
                                )
                            })
                            .collect(),
                    }),
                    _ => None,
                };
                CriterionView {
                    id: node.id.clone(),
                    name: node.name.clone(),
                    parent: node.parent.map(|p| hierarchy.node(p).id.clone()),
                    children: node
                        .children
                        .iter()
                        .map(|&c| hierarchy.node(c).id.clone())
                        .collect(),
                    data,
                }
            })
            .collect();
        DecisionView {
            goal: model.goal().to_string(),
            alternatives,
            criteria,
        }
    }
}

/// Where a political group's weights come from (a Lua script, a file, a
/// survey). Called once per group per analysis.
pub trait WeightingSource {
    type Error: std::error::Error;
    fn group(&mut self, decision: &DecisionView) -> Result<GroupSpec, Self::Error>;
}

/// Named input quantities of a scripted criterion, each alternative's
/// value at one point of their ranges: `inputs[k] = (name, values in the
/// model's alternative order)`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ScorerInputs {
    pub alternatives: Vec<String>,
    pub inputs: Vec<(String, Vec<f64>)>,
}

/// Computes the alternatives' values on a scripted criterion from its
/// inputs. Called once per evaluation point (low, high; and per sample in
/// Monte Carlo analyses), so it must be deterministic in its inputs.
pub trait CriterionScorer {
    type Error: std::error::Error;
    /// One value per alternative, in the order of `inputs.alternatives`.
    fn score(&mut self, inputs: &ScorerInputs) -> Result<Vec<f64>, Self::Error>;
}
