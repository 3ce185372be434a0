//! What an evaluation can see besides its own frame: the programme, the parameters, the
//! scorecard, and the indexes of a programme made when a rule first needs them.

use crate::Map;

use crate::model::{NodeId, Programme};
use crate::rulelang::ir::Compiled;
use crate::rulelang::val::Val;

/// What an evaluation can see besides its own frame.
pub struct Context<'p> {
    pub programme: &'p Programme,
    /// Effective parameter values of every rule (load order).
    pub params: &'p [Vec<Val>],
    pub scorecard: &'p [Compiled],
    /// Titles of the scorecard entries.
    pub titles: &'p [String],
    /// The programme's currency, for the zero of a sum of amounts.
    pub currency: String,
    /// Child blocks of a block by kind, in source order: listed the first time a rule
    /// asks for them (see [`Context::children`]).
    children: std::cell::RefCell<Map<(NodeId, &'static str), Val>>,
    /// The org chart: each unit's parent and the units right below it, indexed the
    /// first time a rule asks (see [`Context::chart`]).
    chart: std::cell::OnceCell<OrgChart>,
    /// Whether each scorecard entry is made, once known: the same for every rule on
    /// this programme (its parameters are the programme's), so computed at most once.
    pub made: Vec<std::cell::Cell<Option<bool>>>,
}

impl<'p> Context<'p> {
    /// What every evaluation on `programme` reads besides the parameters and the
    /// scorecard; its indexes are made when first used.
    pub fn new(
        programme: &'p Programme,
        params: &'p [Vec<Val>],
        scorecard: &'p [Compiled],
        titles: &'p [String],
        currency: String,
    ) -> Context<'p> {
        Context {
            programme,
            params,
            scorecard,
            titles,
            currency,
            children: Default::default(),
            chart: Default::default(),
            made: vec![std::cell::Cell::new(None); scorecard.len()],
        }
    }

    /// The child blocks of `id` of one kind, in source order (a list, shared): listed
    /// once per block and kind, when a rule first asks, so a programme pays only for the
    /// lists its rules read.
    pub fn children(&self, id: NodeId, kind: &'static str) -> Val {
        let key = (id, kind);
        if let Some(list) = self.children.borrow().get(&key) {
            return list.clone();
        }
        let p = self.programme;
        let list = Val::list(
            p.nodes
                .get(id)
                .map(|n| n.children.as_slice())
                .unwrap_or_default()
                .iter()
                .filter(|&&c| p.nodes.get(c).is_some_and(|child| child.kind == kind))
                .map(|&c| Val::Block(c))
                .collect(),
        );
        self.children.borrow_mut().insert(key, list.clone());
        list
    }

    /// The programme's org chart, indexed the first time it is asked for.
    pub fn chart(&self) -> &OrgChart {
        self.chart.get_or_init(|| OrgChart::of(self.programme))
    }
}

/// The org chart of a programme, indexed once: the parent of every unit that has one,
/// and the units directly below each unit, in source order.
#[derive(Debug, Default)]
pub struct OrgChart {
    pub parent: Map<NodeId, NodeId>,
    pub below: Map<NodeId, Vec<NodeId>>,
}

impl OrgChart {
    pub fn of(programme: &Programme) -> OrgChart {
        let mut chart = OrgChart::default();
        for node in programme.nodes.iter().filter(|n| n.kind == "unit") {
            if let Some(crate::model::TypedValue::Ref { target, .. }) =
                node.attr("parent").map(|a| &a.value)
            {
                chart.parent.insert(node.id, *target);
                chart.below.entry(*target).or_default().push(node.id);
            }
        }
        chart
    }

    pub(super) fn kids(&self, unit: NodeId) -> &[NodeId] {
        self.below.get(&unit).map(Vec::as_slice).unwrap_or(&[])
    }
}
