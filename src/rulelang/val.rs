//! Values of rule expressions at evaluation time, and how messages show them.

use std::cmp::Ordering;
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use crate::model::{NodeId, Programme, Text, TypedValue};
use crate::rulelang::serial;
use crate::value::{group_thousands, Date, Decimal, Duration, DurationUnit};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Val {
    /// Not written (and no default), or reached through something not written.
    Missing,
    /// The word `none`.
    None,
    Bool(bool),
    Num(#[serde(with = "serial::decimal")] Decimal),
    /// Percent points: `Pct(30)` is 30 %.
    Pct(#[serde(with = "serial::decimal")] Decimal),
    Money(#[serde(with = "serial::decimal")] Decimal, Text),
    Dur(Duration),
    Date(Date),
    Str(Text),
    Word(Text),
    Block(NodeId),
    /// Shared, so that passing a list around does not copy it.
    List(Arc<Vec<Val>>),
    /// The scorecard entry at this index.
    Score(usize),
}

impl Val {
    /// A model value; single references of a list type become one-item lists.
    pub fn from_model(v: &TypedValue) -> Val {
        match v {
            TypedValue::None => Val::None,
            TypedValue::Bool(b) => Val::Bool(*b),
            TypedValue::Num(n) => Val::Num(*n),
            TypedValue::Money { amount, currency } => Val::Money(*amount, currency.clone()),
            TypedValue::Pct(p) => Val::Pct(*p),
            TypedValue::Dur(d) => Val::Dur(*d),
            TypedValue::Date(d) => Val::Date(*d),
            TypedValue::Str(s) => Val::Str(s.clone()),
            TypedValue::Word(w) => Val::Word(w.clone()),
            TypedValue::Ref { target, .. } => Val::Block(*target),
            TypedValue::List(items) => Val::list(items.iter().map(Val::from_model).collect()),
        }
    }

    pub fn list(items: Vec<Val>) -> Val {
        Val::List(Arc::new(items))
    }

    pub fn truthy(&self) -> bool {
        matches!(self, Val::Bool(true))
    }

    /// Missing, `none`, an empty list or an empty text.
    pub fn is_empty(&self) -> bool {
        match self {
            Val::Missing | Val::None => true,
            Val::List(items) => items.is_empty(),
            Val::Str(s) => s.is_empty(),
            _ => false,
        }
    }

    /// Items of a list; missing (or `none`) is an empty list.
    pub fn items(&self) -> &[Val] {
        match self {
            Val::List(items) => items,
            _ => &[],
        }
    }

    /// Order of two values of comparable types; `None` when they cannot be compared
    /// (missing, `none`, different currencies or types).
    pub fn order(&self, other: &Val) -> Option<Ordering> {
        match (self, other) {
            (Val::Num(a), Val::Num(b)) | (Val::Pct(a), Val::Pct(b)) => Some(a.cmp(b)),
            (Val::Money(a, ca), Val::Money(b, cb)) if ca == cb => Some(a.cmp(b)),
            (Val::Money(a, _), Val::Num(b)) | (Val::Num(a), Val::Money(b, _)) => Some(a.cmp(b)),
            (Val::Dur(a), Val::Dur(b)) => Some(a.days().cmp(&b.days())),
            (Val::Date(a), Val::Date(b)) => Some(a.cmp(b)),
            _ => None,
        }
    }

    /// Equality for `==`: `None` when either side is missing (the comparison is false
    /// whichever way it is written).
    pub fn equals(&self, other: &Val) -> Option<bool> {
        match (self, other) {
            (Val::Missing, _) | (_, Val::Missing) => None,
            (Val::None, Val::None) => Some(true),
            (Val::None, _) | (_, Val::None) => Some(false),
            (Val::List(a), Val::List(b)) => {
                if a.len() != b.len() {
                    return Some(false);
                }
                for (x, y) in a.iter().zip(b.iter()) {
                    if x.equals(y) != Some(true) {
                        return Some(false);
                    }
                }
                Some(true)
            }
            (a, b) => match a.order(b) {
                Some(o) => Some(o == Ordering::Equal),
                None => Some(a == b),
            },
        }
    }

    /// How a message shows the value.
    pub fn show(&self, programme: &Programme, scorecard: &[String]) -> String {
        match self {
            Val::Missing => "not given".to_string(),
            Val::None => "none".to_string(),
            Val::Bool(b) => if *b { "yes" } else { "no" }.to_string(),
            Val::Num(n) => group_thousands(round(*n)),
            Val::Pct(p) => format!("{}%", group_thousands(round(*p))),
            Val::Money(a, c) => format!("{} {}", group_thousands(round(*a)), c),
            Val::Dur(d) => Duration {
                amount: round(d.amount),
                unit: d.unit,
            }
            .to_string(),
            Val::Date(d) => d.to_string(),
            Val::Str(s) | Val::Word(s) => s.to_string(),
            Val::Block(id) => show_block(programme, *id),
            Val::List(items) => items
                .iter()
                .map(|v| v.show(programme, scorecard))
                .collect::<Vec<_>>()
                .join(", "),
            Val::Score(i) => scorecard.get(*i).cloned().unwrap_or_default(),
        }
    }
}

/// `pay plan "Field Sales"`, `strategy`.
pub fn show_block(programme: &Programme, id: NodeId) -> String {
    match programme.nodes.get(id) {
        Some(node) => node.in_words(),
        None => "a block".to_string(),
    }
}

/// Two decimals, as people write amounts; a value too small for that keeps two
/// significant digits (0.0000001 USD is not "0 USD", which would read as nothing).
fn round(d: Decimal) -> Decimal {
    let two = d.round_dp(2);
    if two.is_zero() && !d.is_zero() {
        return d.round_sf(2).unwrap_or(d).normalize();
    }
    two.normalize()
}

/// A duration of whole days between two dates.
pub fn days_between(later: &Date, earlier: &Date) -> Duration {
    Duration {
        amount: Decimal::from(later.day_number() - earlier.day_number()),
        unit: DurationUnit::Day,
    }
}
