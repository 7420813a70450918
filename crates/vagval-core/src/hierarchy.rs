//! The criteria tree: ids unique, every parent exists, no cycles. Children
//! keep the order in which the criteria were given.

use crate::Error;

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
        let position = |id: &str| specs.iter().position(|s| s.id == id);
        for (index, spec) in specs.iter().enumerate() {
            if let Some(first) = position(&spec.id).filter(|&first| first < index) {
                return Err(Error::DuplicateCriterion {
                    index,
                    id: spec.id.clone(),
                    first,
                });
            }
        }
        let mut parents = Vec::with_capacity(specs.len());
        for (index, spec) in specs.iter().enumerate() {
            let parent = match &spec.parent {
                None => None,
                Some(parent) => Some(position(parent).ok_or_else(|| Error::UnknownParent {
                    index,
                    id: spec.id.clone(),
                    parent: parent.clone(),
                })?),
            };
            parents.push(parent);
        }
        // A cycle: following parents from some node returns to it.
        for start in 0..specs.len() {
            let mut seen = vec![start];
            let mut current = parents[start];
            while let Some(p) = current {
                if p == start {
                    let mut ids: Vec<String> =
                        seen.iter().map(|&i| format!("`{}`", specs[i].id)).collect();
                    ids.push(format!("`{}`", specs[start].id));
                    return Err(Error::Cycle {
                        index: start,
                        cycle: ids.join(" → "),
                    });
                }
                if seen.contains(&p) {
                    break; // a cycle not through `start`: reported from its own members
                }
                seen.push(p);
                current = parents[p];
            }
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
