//! The checked form of an expression, ready to evaluate: names resolved to slots,
//! parameters and model navigation, definitions expanded.

use serde::{Deserialize, Serialize};

use crate::rulelang::ast::BinOp;
use crate::rulelang::serial;
use crate::rulelang::val::Val;

#[derive(Debug, Clone, Serialize, Deserialize)]
pub enum Ir {
    Lit(Val),
    /// A `let` value or a function argument, by slot in the evaluation frame.
    Slot(usize),
    /// The block being checked (`self`); the programme when the check has no `for`.
    SelfNode,
    Programme,
    /// A parameter of the rule being evaluated, by index.
    Param(usize),
    /// Another rule's parameter: (rule index in load order, parameter index).
    OtherParam(usize, usize),
    Scorecard,
    /// An attribute; `list` when the schema type is a list (a single value is wrapped).
    Attr(
        Box<Ir>,
        #[serde(with = "serial::attr")] serial::SchemaName,
        bool,
    ),
    /// Child blocks of a kind; `single` when the kind appears at most once.
    Children(
        Box<Ir>,
        #[serde(with = "serial::kind")] serial::SchemaName,
        bool,
    ),
    Label(Box<Ir>),
    /// The class of a metric type word.
    Class(Box<Ir>),
    ScoreTitle(Box<Ir>),
    ScoreNumber(Box<Ir>),
    ScoreMade(Box<Ir>),
    Not(Box<Ir>),
    Neg(Box<Ir>),
    And(Box<Ir>, Box<Ir>),
    Or(Box<Ir>, Box<Ir>),
    /// `==`, `!=`, `<`, `<=`, `>`, `>=`.
    Cmp(BinOp, Box<Ir>, Box<Ir>),
    In(Box<Ir>, Box<Ir>),
    /// `+`, `-`, `*`, `/`.
    Arith(BinOp, Box<Ir>, Box<Ir>),
    List(Vec<Ir>),
    Collect(Collect, Box<Ir>, Option<Lambda>),
    Present(Box<Ir>),
    Missing(Box<Ir>),
    Empty(Box<Ir>),
    Join(Box<Ir>, Box<Ir>),
    Days(Box<Ir>),
    /// `flatten(lists)`: the items of a list of lists, in order.
    Flatten(Box<Ir>),
    /// `lower(text)`, `trim(text)`.
    Text(TextOp, Box<Ir>),
    /// `starts_with(text, prefix)`.
    StartsWith(Box<Ir>, Box<Ir>),
    /// `above(unit)`, `below(unit)`: the units above a unit in the org chart (nearest
    /// first) or below it (depth first, in source order).
    Chart(Toward, Box<Ir>),
    /// A definition's argument used more than once in its body: computed once into
    /// the slot, then the body.
    Let(usize, Box<Ir>, Box<Ir>),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum TextOp {
    Lower,
    Trim,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Toward {
    Above,
    Below,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Lambda {
    pub slot: usize,
    pub body: Box<Ir>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Collect {
    Count,
    Any,
    All,
    Filter,
    Map,
    /// The total; the zero's kind for an empty list.
    Sum(Zero),
    Min,
    Max,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Zero {
    Num,
    Pct,
    Money,
    Dur,
    Unknown,
}

/// A checked expression with the size of the frame it needs.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Compiled {
    pub ir: Ir,
    pub slots: usize,
    /// Parts lifted out of `ir` to be computed first, once (see [`Hoister`]).
    #[serde(default)]
    pub lifted: Vec<(usize, Ir)>,
}

/// The direct sub-expressions of an expression, for [`Ir::each_child`] and
/// [`Ir::each_child_mut`] (one list of the variants for both).
macro_rules! each_child {
    ($ir:expr, $f:expr, $iter:ident, $($r:tt)+) => {{
        #[allow(unused_mut)]
        let mut f = $f;
        match $ir {
            Ir::Lit(_)
            | Ir::Slot(_)
            | Ir::SelfNode
            | Ir::Programme
            | Ir::Param(_)
            | Ir::OtherParam(..)
            | Ir::Scorecard => {}
            Ir::Attr(b, ..)
            | Ir::Children(b, ..)
            | Ir::Label(b)
            | Ir::Class(b)
            | Ir::ScoreTitle(b)
            | Ir::ScoreNumber(b)
            | Ir::ScoreMade(b)
            | Ir::Not(b)
            | Ir::Neg(b)
            | Ir::Present(b)
            | Ir::Missing(b)
            | Ir::Empty(b)
            | Ir::Days(b)
            | Ir::Flatten(b)
            | Ir::Text(_, b)
            | Ir::Chart(_, b) => f($($r)+ **b, None),
            Ir::And(a, b)
            | Ir::Or(a, b)
            | Ir::Cmp(_, a, b)
            | Ir::In(a, b)
            | Ir::Arith(_, a, b)
            | Ir::Join(a, b)
            | Ir::StartsWith(a, b) => {
                f($($r)+ **a, None);
                f($($r)+ **b, None);
            }
            Ir::List(items) => items.$iter().for_each(|i| f(i, None)),
            Ir::Collect(_, list, lambda) => {
                f($($r)+ **list, None);
                if let Some(l) = lambda {
                    f($($r)+ *l.body, Some(l.slot));
                }
            }
            // The body is given as a lambda's is: its slot is set there, so nothing that
            // reads it may be lifted out of it.
            Ir::Let(slot, value, body) => {
                f($($r)+ **value, None);
                f($($r)+ **body, Some(*slot));
            }
        }
    }};
}

impl Ir {
    /// Whether the value can differ from one checked block to the next: it mentions
    /// `self`, or a slot in `varying`.
    pub fn varies(&self, varying: &[usize]) -> bool {
        match self {
            Ir::SelfNode => true,
            Ir::Slot(s) => varying.contains(s),
            other => {
                let mut any = false;
                other.each_child(&mut |c| any = any || c.varies(varying));
                any
            }
        }
    }
}

impl Ir {
    /// Whether the value's cost grows with the programme: it collects, walks the org
    /// chart, joins lists or lists the scorecard somewhere inside (a block's children
    /// are indexed once per programme: reading them costs the same at any size).
    fn grows(&self) -> bool {
        match self {
            Ir::Collect(..) | Ir::Chart(..) | Ir::Scorecard | Ir::Flatten(_) => true,
            other => {
                let mut any = false;
                other.each_child(&mut |c| any = any || c.grows());
                any
            }
        }
    }

    /// Whether the expression reads the slot.
    pub fn uses_slot(&self, slot: usize) -> bool {
        if let Ir::Slot(s) = self {
            return *s == slot;
        }
        let mut any = false;
        self.each_child(&mut |c| any = any || c.uses_slot(slot));
        any
    }

    /// Whether computing the expression again costs nothing: a value without parts
    /// (a literal, a slot, `self`, a parameter), but not the scorecard, which is a list
    /// made anew each time.
    pub fn costs_nothing(&self) -> bool {
        let mut parts = false;
        self.each_child(&mut |_| parts = true);
        !parts && !matches!(self, Ir::Scorecard)
    }

    /// How many times the expression reads the slot.
    pub fn slot_uses(&self, slot: usize) -> usize {
        if let Ir::Slot(s) = self {
            return usize::from(*s == slot);
        }
        let mut n = 0;
        self.each_child(&mut |c| n += c.slot_uses(slot));
        n
    }

    /// Put `with` where the expression reads the slot (read once at most).
    pub fn put_in_slot(&mut self, slot: usize, with: &mut Option<Ir>) {
        if matches!(self, Ir::Slot(s) if *s == slot) {
            if let Some(w) = with.take() {
                *self = w;
            }
            return;
        }
        self.each_child_mut(&mut |c, _| c.put_in_slot(slot, with));
    }

    /// Call `f` on each direct sub-expression (a lambda's body included).
    fn each_child(&self, f: &mut dyn FnMut(&Ir)) {
        each_child!(self, |c: &Ir, _| f(c), iter, &);
    }

    /// Call `f` on each direct sub-expression, with the slot a lambda binds for its body
    /// (`None` for the others).
    fn each_child_mut(&mut self, f: &mut dyn FnMut(&mut Ir, Option<usize>)) {
        each_child!(self, f, iter_mut, &mut);
    }
}

/// Lifts out of expressions that are evaluated many times (once per checked block, or
/// once per item inside `filter`, `any`, `map`…) every part that is the same each time
/// and whose cost grows with the programme, so it is computed once: a definition such
/// as `hired_for_attitude` used inside `all(front_units, u => covered(u,
/// hired_for_attitude))` would otherwise be recomputed for every unit, which makes a
/// rule quadratic in the programme's size. Each part lifted gets a new slot (numbered
/// from `next`), and `lifted` lists (slot, expression) in the order to evaluate them,
/// before the expressions they were lifted from. Evaluation has no side effects, so
/// computing a part once, even where a condition would have skipped it, gives the same
/// values; only the steps counted can differ.
#[derive(Debug)]
pub struct Hoister {
    pub next: usize,
    pub lifted: Vec<(usize, Ir)>,
}

impl Hoister {
    pub fn new(next: usize) -> Hoister {
        Hoister {
            next,
            lifted: Vec::new(),
        }
    }

    /// Lift from `ir` the parts that depend on none of `varying` (slots that change
    /// between evaluations: `self`-dependent `let`s, and the items of the lambdas
    /// around). `repeated` says whether `ir` itself is evaluated more than once.
    pub fn hoist(&mut self, ir: &mut Ir, varying: &mut Vec<usize>, repeated: bool) {
        if repeated && !matches!(ir, Ir::Slot(_) | Ir::Lit(_)) && ir.grows() && !ir.varies(varying)
        {
            let slot = self.next;
            self.next += 1;
            let part = std::mem::replace(ir, Ir::Slot(slot));
            self.lifted.push((slot, part));
            return;
        }
        ir.each_child_mut(&mut |child, bound| match bound {
            Some(slot) => {
                varying.push(slot);
                self.hoist(child, varying, true);
                varying.pop();
            }
            None => self.hoist(child, varying, repeated),
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lambda(slot: usize, body: Ir) -> Option<Lambda> {
        Some(Lambda {
            slot,
            body: Box::new(body),
        })
    }

    fn children(kind: &'static str) -> Box<Ir> {
        Box::new(Ir::Children(Box::new(Ir::Programme), kind, false))
    }

    /// `all(programme.unit, u => u in map(programme.hiring, h => h.unit))`: the list of
    /// hired units is the same for every unit, so it is lifted; `u` itself is not.
    #[test]
    fn what_is_the_same_for_every_item_is_lifted_once() {
        let hired = Ir::Collect(
            Collect::Map,
            children("hiring"),
            lambda(1, Ir::Attr(Box::new(Ir::Slot(1)), "unit", false)),
        );
        let mut ir = Ir::Collect(
            Collect::All,
            children("unit"),
            lambda(0, Ir::In(Box::new(Ir::Slot(0)), Box::new(hired))),
        );
        let mut h = Hoister::new(2);
        h.hoist(&mut ir, &mut Vec::new(), false);
        assert_eq!(h.lifted.len(), 1);
        assert!(matches!(h.lifted[0], (2, Ir::Collect(Collect::Map, ..))));
        let Ir::Collect(_, list, Some(f)) = &ir else {
            panic!("{ir:?}")
        };
        // The outer list is computed once anyway: left in place.
        assert!(matches!(list.as_ref(), Ir::Children(..)));
        assert!(
            matches!(f.body.as_ref(), Ir::In(x, l) if matches!(**x, Ir::Slot(0)) && matches!(**l, Ir::Slot(2)))
        );
        assert_eq!(h.next, 3);
    }

    /// A slot read inside a lambda's body counts; putting an expression in its place
    /// replaces the one read and leaves the rest.
    #[test]
    fn slots_are_counted_and_filled() {
        let read = |s| Box::new(Ir::Slot(s));
        let mut ir = Ir::And(
            read(3),
            Box::new(Ir::Collect(
                Collect::Any,
                children("unit"),
                lambda(4, Ir::Cmp(BinOp::Eq, read(4), read(3))),
            )),
        );
        assert_eq!(ir.slot_uses(3), 2);
        assert_eq!(ir.slot_uses(4), 1);
        assert_eq!(ir.slot_uses(5), 0);
        let mut single = Ir::Not(read(5));
        single.put_in_slot(5, &mut Some(Ir::SelfNode));
        assert!(matches!(single, Ir::Not(b) if matches!(*b, Ir::SelfNode)));
        // A body that reads the slot of a `Let` is never lifted out of it.
        let grows = Ir::Collect(
            Collect::Filter,
            children("unit"),
            lambda(6, Ir::In(read(6), read(3))),
        );
        ir = Ir::Let(3, Box::new(Ir::SelfNode), Box::new(grows));
        let mut h = Hoister::new(7);
        h.hoist(&mut ir, &mut Vec::new(), true);
        assert!(h.lifted.is_empty(), "{:?}", h.lifted);
    }

    /// A part that reads `self`, a varying `let` or the item is left where it is.
    #[test]
    fn what_varies_stays() {
        let per_unit = |base: Ir| {
            Ir::Collect(
                Collect::Any,
                children("hiring"),
                lambda(
                    1,
                    Ir::Cmp(
                        BinOp::Eq,
                        Box::new(Ir::Attr(Box::new(Ir::Slot(1)), "unit", false)),
                        Box::new(base),
                    ),
                ),
            )
        };
        for base in [Ir::SelfNode, Ir::Slot(5)] {
            let mut ir = per_unit(base);
            let mut h = Hoister::new(6);
            h.hoist(&mut ir, &mut vec![5], true);
            assert!(h.lifted.is_empty(), "{:?}", h.lifted);
        }
    }
}
