//! The checked form of an expression, ready to evaluate: names resolved to slots,
//! parameters and model navigation, definitions expanded.

use crate::rulelang::ast::BinOp;
use crate::rulelang::val::Val;

#[derive(Debug, Clone)]
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
    Attr(Box<Ir>, &'static str, bool),
    /// Child blocks of a kind; `single` when the kind appears at most once.
    Children(Box<Ir>, &'static str, bool),
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
}

#[derive(Debug, Clone)]
pub struct Lambda {
    pub slot: usize,
    pub body: Box<Ir>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
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

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Zero {
    Num,
    Pct,
    Money,
    Dur,
    Unknown,
}

/// A checked expression with the size of the frame it needs.
#[derive(Debug, Clone)]
pub struct Compiled {
    pub ir: Ir,
    pub slots: usize,
}
