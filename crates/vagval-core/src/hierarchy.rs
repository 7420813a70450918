//! The criteria tree: ids unique, every parent exists, no cycles. Children
//! keep the order in which the criteria were given.

use crate::Error;
use std::collections::HashMap;

/// A criterion as given, before validation.
#[derive(Debug, Clone, PartialEq)]
pub struct CriterionSpec {
    pub id: String,
    pub name: String,
    pub description: String,
    pub parent: Option<String>,
}

/// A validated tree of criteria (a forest under the goal).
#[derive(Debug, Clone, PartialEq)]
pub struct Hierarchy {
    nodes: Vec<Node>,
    roots: Vec<usize>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    pub id: String,
    pub name: String,
    pub description: String,
    pub parent: Option<usize>,
    pub children: Vec<usize>,
}

impl Hierarchy {
    pub fn new(specs: &[CriterionSpec]) -> Result<Self, Error> {
        if specs.is_empty() {
            return Err(Error::NoCriteria);
        }
        // Linear in the number of criteria, whatever the tree's shape: ids
        // by a map, cycles by one walk that colours each node once.
        let mut first_of: HashMap<&str, usize> = HashMap::with_capacity(specs.len());
        for (index, spec) in specs.iter().enumerate() {
            if let Some(&first) = first_of.get(spec.id.as_str()) {
                return Err(Error::DuplicateCriterion {
                    index,
                    id: spec.id.clone(),
                    first,
                });
            }
            first_of.insert(&spec.id, index);
        }
        let mut parents = Vec::with_capacity(specs.len());
        for (index, spec) in specs.iter().enumerate() {
            let parent = match &spec.parent {
                None => None,
                Some(parent) => Some(first_of.get(parent.as_str()).copied().ok_or_else(|| {
                    Error::UnknownParent {
                        index,
                        id: spec.id.clone(),
                        parent: parent.clone(),
                    }
                })?),
            };
            parents.push(parent);
        }
        if let Some(start) = first_on_cycle(&parents) {
            // The cycle from its first criterion back to it.
            let mut ids = vec![format!("`{}`", specs[start].id)];
            let mut current = parents[start];
            while let Some(p) = current {
                ids.push(format!("`{}`", specs[p].id));
                if p == start {
                    break;
                }
                current = parents[p];
            }
            return Err(Error::Cycle {
                index: start,
                cycle: ids.join(" → "),
            });
        }
        let mut nodes: Vec<Node> = specs
            .iter()
            .zip(&parents)
            .map(|(s, &parent)| Node {
                id: s.id.clone(),
                name: s.name.clone(),
                description: s.description.clone(),
                parent,
                children: Vec::new(),
            })
            .collect();
        let mut roots = Vec::new();
        for (i, parent) in parents.iter().enumerate() {
            match parent {
                Some(p) => nodes[*p].children.push(i),
                None => roots.push(i),
            }
        }
        Ok(Hierarchy { nodes, roots })
    }

    pub fn nodes(&self) -> &[Node] {
        &self.nodes
    }

    pub fn node(&self, index: usize) -> &Node {
        &self.nodes[index]
    }

    pub fn roots(&self) -> &[usize] {
        &self.roots
    }

    pub fn position(&self, id: &str) -> Option<usize> {
        self.nodes.iter().position(|n| n.id == id)
    }

    /// Depth-first order from the roots: parents before their children.
    pub fn depth_first(&self) -> Vec<(usize, usize)> {
        let mut order = Vec::with_capacity(self.nodes.len());
        let mut stack: Vec<(usize, usize)> = self.roots.iter().rev().map(|&r| (r, 0)).collect();
        while let Some((i, depth)) = stack.pop() {
            order.push((i, depth));
            for &c in self.nodes[i].children.iter().rev() {
                stack.push((c, depth + 1));
            }
        }
        order
    }
}

/// The lowest index of a node on a cycle of `parents`, if any. Each node
/// is walked once: a walk stops at a node already finished, and a node met
/// again on the walk under way closes a cycle.
fn first_on_cycle(parents: &[Option<usize>]) -> Option<usize> {
    #[derive(Clone, Copy, PartialEq)]
    enum State {
        New,
        OnPath,
        Done,
    }
    let mut state = vec![State::New; parents.len()];
    let mut on_cycle = vec![false; parents.len()];
    let mut path = Vec::new();
    for start in 0..parents.len() {
        path.clear();
        let mut current = Some(start);
        while let Some(node) = current {
            match state[node] {
                State::New => {
                    state[node] = State::OnPath;
                    path.push(node);
                    current = parents[node];
                }
                State::OnPath => {
                    // The path from `node` on is the cycle.
                    let from = path.iter().position(|&n| n == node).unwrap_or(0);
                    for &n in &path[from..] {
                        on_cycle[n] = true;
                    }
                    break;
                }
                State::Done => break,
            }
        }
        for &n in &path {
            state[n] = State::Done;
        }
    }
    on_cycle.iter().position(|&c| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec(id: &str, parent: Option<&str>) -> CriterionSpec {
        CriterionSpec {
            id: id.into(),
            name: id.into(),
            description: String::new(),
            parent: parent.map(Into::into),
        }
    }

    #[test]
    fn tree_errors() {
        let dup = Hierarchy::new(&[spec("a", None), spec("a", None)]).unwrap_err();
        assert!(matches!(
            dup,
            Error::DuplicateCriterion {
                index: 1,
                first: 0,
                ..
            }
        ));
        let orphan = Hierarchy::new(&[spec("a", Some("x"))]).unwrap_err();
        assert!(matches!(orphan, Error::UnknownParent { .. }));
        let cycle = Hierarchy::new(&[spec("r", None), spec("a", Some("b")), spec("b", Some("a"))])
            .unwrap_err();
        assert!(cycle.to_string().contains("cycle"), "{cycle}");
        let own = Hierarchy::new(&[spec("a", Some("a"))]).unwrap_err();
        assert!(matches!(own, Error::Cycle { .. }));
    }

    #[test]
    fn a_cycle_is_named_from_its_first_member() {
        // `d` leads into the cycle without being on it.
        let cycle = Hierarchy::new(&[
            spec("d", Some("a")),
            spec("r", None),
            spec("a", Some("b")),
            spec("b", Some("c")),
            spec("c", Some("a")),
        ])
        .unwrap_err();
        match cycle {
            Error::Cycle { index, cycle } => {
                assert_eq!(index, 2);
                assert_eq!(cycle, "`a` → `b` → `c` → `a`");
            }
            other => panic!("{other}"),
        }
    }

    #[test]
    fn a_deep_chain_is_linear_and_a_cycle_at_its_end_is_found() {
        let n = 100_000;
        let ids: Vec<String> = (0..n).map(|i| format!("c{i}")).collect();
        let mut specs: Vec<CriterionSpec> = (0..n)
            .map(|i| spec(&ids[i], (i > 0).then(|| ids[i - 1].as_str())))
            .collect();
        let start = std::time::Instant::now();
        let h = Hierarchy::new(&specs).unwrap();
        assert_eq!(h.depth_first().last(), Some(&(n - 1, n - 1)));
        // Quadratic work on 10^5 nodes would take minutes.
        assert!(start.elapsed().as_secs() < 10, "{:?}", start.elapsed());
        specs[0].parent = Some(ids[n - 1].clone());
        match Hierarchy::new(&specs).unwrap_err() {
            Error::Cycle { index, cycle } => {
                assert_eq!(index, 0);
                assert!(
                    cycle.starts_with("`c0` → `c99999` → `c99998`"),
                    "{}",
                    &cycle[..60]
                );
            }
            other => panic!("{other}"),
        }
    }

    #[test]
    fn depth_first_keeps_order() {
        let h = Hierarchy::new(&[
            spec("a", None),
            spec("b", None),
            spec("a1", Some("a")),
            spec("a2", Some("a")),
        ])
        .unwrap();
        let ids: Vec<&str> = h
            .depth_first()
            .iter()
            .map(|(i, _)| h.node(*i).id.as_str())
            .collect();
        assert_eq!(ids, ["a", "a1", "a2", "b"]);
    }
}
