//! The syntax tree of one `.cxp` file: what was written, with byte spans, before any
//! meaning is given to kinds and keys.

use std::ops::Range;

use crate::value::{Decimal, DurationUnit};

pub type Span = Range<usize>;

/// A name, label or word as written: up to 24 bytes held inline, without an allocation.
pub type Text = compact_str::CompactString;

/// A parsed file: its top-level items (a `programme` block, or a fragment's items).
/// Its blocks, and the items inside them, are held in lists for the whole file, which the
/// blocks point into: a tree is a few allocations, not two for every block, and is freed
/// as a whole. Two trees are equal when they say the same at the same places, however
/// their lists are laid out.
#[derive(Debug, Clone, Default)]
pub struct File {
    pub items: Vec<Item>,
    /// The items of every block, each block's side by side in one of these lists (see
    /// [`Block::items`]): one list, or one for each chunk of a file read in parallel.
    pub nested: Vec<Vec<Item>>,
    /// Every block of the file (see [`Item::Block`]).
    pub blocks: Vec<Block>,
}

impl File {
    /// The block an [`Item::Block`] stands for.
    pub fn block(&self, id: BlockId) -> &Block {
        &self.blocks[id]
    }

    /// The `programme` blocks at the top of the file (a root file has one).
    pub fn programmes(&self) -> impl Iterator<Item = &Block> {
        self.items.iter().filter_map(|i| match i {
            Item::Block(b) => Some(self.block(*b)).filter(|b| b.kind.name == "programme"),
            _ => None,
        })
    }

    /// The items written inside a block of this file.
    pub fn items_of(&self, block: &Block) -> &[Item] {
        let Items { list, start, end } = block.items;
        self.nested
            .get(list)
            .and_then(|items| items.get(start..end))
            .unwrap_or_default()
    }
}

impl PartialEq for File {
    fn eq(&self, other: &File) -> bool {
        same_items(self, &self.items, other, &other.items)
    }
}

fn same_items(a: &File, items_a: &[Item], b: &File, items_b: &[Item]) -> bool {
    items_a.len() == items_b.len()
        && items_a.iter().zip(items_b).all(|pair| match pair {
            (Item::Block(x), Item::Block(y)) => {
                let (x, y) = (a.block(*x), b.block(*y));
                x.kind == y.kind
                    && x.label == y.label
                    && x.header == y.header
                    && x.span == y.span
                    && same_items(a, a.items_of(x), b, b.items_of(y))
            }
            (Item::Block(_), _) | (_, Item::Block(_)) => false,
            (x, y) => x == y,
        })
}

/// Where a block's items stand: `start..end` of list `list` of [`File::nested`].
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Items {
    pub list: usize,
    pub start: usize,
    pub end: usize,
}

/// Where a block stands in [`File::blocks`].
pub type BlockId = usize;

#[derive(Debug, Clone, PartialEq)]
pub enum Item {
    /// A block, held in the file's list of blocks: an attribute, the most common item, is
    /// then no larger than it must be.
    Block(BlockId),
    Attribute(Attribute),
    Include(Include),
}

/// A block's kind as written, with its name.
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
    /// Where its items stand in [`File::nested`] ([`File::items_of`]).
    pub items: Items,
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

/// An attribute's key: where it is written. Its name is the text there (the parser
/// reads no other), so the tree holds no copy of it.
#[derive(Debug, Clone, PartialEq)]
pub struct Key {
    pub span: Span,
}

impl Key {
    /// The key as written in `text`, the file's text.
    pub fn name<'t>(&self, text: &'t str) -> &'t str {
        text.get(self.span.clone()).unwrap_or_default()
    }
}

/// `key = value`
#[derive(Debug, Clone, PartialEq)]
pub struct Attribute {
    pub key: Key,
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
