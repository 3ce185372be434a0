//! The syntax tree of one `.cxp` file: what was written, with byte spans, before any
//! meaning is given to kinds and keys.

use std::ops::Range;

use crate::value::{Decimal, DurationUnit};

pub type Span = Range<usize>;

/// A name, label or word as written: up to 24 bytes held inline, without an allocation.
pub type Text = compact_str::CompactString;

/// A parsed file: its top-level items (a `programme` block, or a fragment's items).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct File {
    pub items: Vec<Item>,
}

/// How many blocks `items` hold, at every depth: room for them is made once when a
/// model is built from them.
pub fn count_blocks(items: &[Item]) -> usize {
    items
        .iter()
        .map(|i| match i {
            Item::Block(b) => 1 + count_blocks(&b.items),
            _ => 0,
        })
        .sum()
}

#[derive(Debug, Clone, PartialEq)]
pub enum Item {
    /// Boxed: an attribute, the most common item, is then no larger than it must be.
    Block(Box<Block>),
    Attribute(Attribute),
    Include(Include),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Ident {
    pub name: Text,
    pub span: Span,
}

/// `KIND "label"? { items }`
#[derive(Debug, Clone, PartialEq)]
pub struct Block {
    pub kind: Ident,
    pub label: Option<Label>,
    pub items: Vec<Item>,
    /// From the kind keyword to the end of the label (or of the kind when unlabelled):
    /// what a diagnostic about the block underlines.
    pub header: Span,
    /// From the kind keyword to the closing brace (or where the block was cut off).
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Label {
    pub value: Text,
    pub span: Span,
}

/// `key = value`
#[derive(Debug, Clone, PartialEq)]
pub struct Attribute {
    pub key: Ident,
    pub value: Value,
}

impl Attribute {
    /// From the key to the end of the value.
    pub fn span(&self) -> Span {
        self.key.span.start..self.value.span.end.max(self.key.span.end)
    }
}

/// `include "path"`
#[derive(Debug, Clone, PartialEq)]
pub struct Include {
    pub path: String,
    pub path_span: Span,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Value {
    pub kind: ValueKind,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub enum ValueKind {
    Number(Decimal),
    /// Amount with its magnitude applied (`2.4M USD` -> 2400000).
    Money {
        amount: Decimal,
        currency: Text,
    },
    Percent(Decimal),
    Duration {
        amount: Decimal,
        unit: DurationUnit,
    },
    /// A date-shaped value as written (`2027-03-15`, `2027-03`, `2027-Q2`); whether it
    /// names a real day is checked by the model (E012).
    Date(Text),
    Bool(bool),
    Str(Text),
    Word(Text),
    List(Vec<Value>),
    /// A value that could not be parsed; a syntax error was already reported for it.
    /// The attribute still counts as present.
    Invalid,
}

impl ValueKind {
    /// What the value is, in words, for messages ("a number", "a list").
    pub fn describe(&self) -> &'static str {
        match self {
            ValueKind::Number(_) => "a number",
            ValueKind::Money { .. } => "an amount of money",
            ValueKind::Percent(_) => "a percentage",
            ValueKind::Duration { .. } => "a duration",
            ValueKind::Date(_) => "a date",
            ValueKind::Bool(_) => "yes/no",
            ValueKind::Str(_) => "a text in quotes",
            ValueKind::Word(_) => "a word",
            ValueKind::List(_) => "a list",
            ValueKind::Invalid => "an unreadable value",
        }
    }
}
