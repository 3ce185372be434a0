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
    /// `lower(text)`, `trim(text)`.
    Text(TextOp, Box<Ir>),
    /// `starts_with(text, prefix)`.
    StartsWith(Box<Ir>, Box<Ir>),
    /// `above(unit)`, `below(unit)`: the units above a unit in the org chart (nearest
    /// first) or below it (depth first, in source order).
    Chart(Toward, Box<Ir>),
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
}

impl Ir {
    /// Whether the value can differ from one checked block to the next: it mentions
    /// `self`, or a slot in `varying`.
    pub fn varies(&self, varying: &[usize]) -> bool {
        let v = |ir: &Ir| ir.varies(varying);
        match self {
            Ir::SelfNode => true,
            Ir::Slot(s) => varying.contains(s),
            Ir::Lit(_) | Ir::Programme | Ir::Param(_) | Ir::OtherParam(..) | Ir::Scorecard => false,
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
            | Ir::Text(_, b)
            | Ir::Chart(_, b) => v(b),
            Ir::And(a, b)
            | Ir::Or(a, b)
            | Ir::Cmp(_, a, b)
            | Ir::In(a, b)
            | Ir::Arith(_, a, b)
            | Ir::Join(a, b)
            | Ir::StartsWith(a, b) => v(a) || v(b),
            Ir::List(items) => items.iter().any(v),
            Ir::Collect(_, list, f) => v(list) || f.as_ref().is_some_and(|f| v(&f.body)),
        }
    }
}
