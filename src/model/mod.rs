//! The typed model of one programme: every block of language.md §4 as a node, with
//! attributes typed by the schema, defaults filled, references resolved to nodes and
//! includes spliced. Every node and attribute keeps where it was written.

pub mod build;
pub mod export;

use std::ops::Range;
use std::sync::Arc;

use crate::schema::{self, BlockSchema};
use crate::source::SourceFile;
pub use crate::syntax::ast::Text;
use crate::value::{Date, Decimal, Duration};

pub type NodeId = usize;

/// Where something was written: a file of the programme and a byte range in it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Loc {
    pub file: usize,
    pub span: Range<usize>,
}

/// A resolved programme. `nodes[0]` is the `programme` block.
#[derive(Debug)]
pub struct Programme {
    pub nodes: Vec<Node>,
    /// The root file first, then every included fragment (indexed by `Loc::file`).
    pub files: Vec<Arc<SourceFile>>,
    /// The allow comments of those files, read when they were parsed.
    pub allows: Vec<crate::syntax::allows::Allow>,
}

#[derive(Debug)]
pub struct Node {
    pub id: NodeId,
    pub kind: &'static str,
    pub label: Option<Text>,
    pub parent: Option<NodeId>,
    /// Child blocks in source order (includes spliced in place).
    pub children: Vec<NodeId>,
    /// Attributes as written, plus defaults (marked `defaulted`).
    pub attrs: Vec<Attr>,
    /// The header: kind keyword to the end of the label.
    pub header: Loc,
    /// The whole block, to its closing brace.
    pub full: Loc,
}

#[derive(Debug)]
pub struct Attr {
    pub key: &'static str,
    pub value: TypedValue,
    /// The whole attribute, key to value (for a default: the block header).
    pub loc: Loc,
    pub defaulted: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub enum TypedValue {
    /// The word `none`: explicitly nothing.
    None,
    Bool(bool),
    Num(Decimal),
    Money {
        amount: Decimal,
        currency: Text,
    },
    Pct(Decimal),
    Dur(Duration),
    Date(Date),
    Str(Text),
    /// An enum word or a free word.
    Word(Text),
    /// A resolved reference.
    Ref {
        kind: &'static str,
        label: Text,
        target: NodeId,
    },
    List(Vec<TypedValue>),
}

impl Programme {
    pub fn root(&self) -> &Node {
        &self.nodes[0]
    }

    pub fn node(&self, id: NodeId) -> &Node {
        &self.nodes[id]
    }

    /// Child blocks of `id` of one kind, in source order.
    pub fn children_of_kind<'a>(
        &'a self,
        id: NodeId,
        kind: &'a str,
    ) -> impl Iterator<Item = &'a Node> + 'a {
        self.nodes[id]
            .children
            .iter()
            .map(move |c| &self.nodes[*c])
            .filter(move |n| n.kind == kind)
    }

    pub fn file_of(&self, loc: &Loc) -> &Arc<SourceFile> {
        &self.files[loc.file]
    }
}

/// The path of block `id` as baselines name it: its key and the keys of every block
/// enclosing it below the programme, outermost first, joined by ` / `
/// (`pay_plan "Field Sales" / metric "Calls"`); the programme's own key for the programme.
pub fn block_path(nodes: &[Node], id: NodeId) -> String {
    let mut keys = vec![nodes[id].key()];
    let mut at = nodes[id].parent;
    while let Some(p) = at {
        if nodes[p].parent.is_none() {
            break;
        }
        keys.push(nodes[p].key());
        at = nodes[p].parent;
    }
    keys.reverse();
    keys.join(" / ")
}

impl Node {
    pub fn attr(&self, key: &str) -> Option<&Attr> {
        self.attrs.iter().find(|a| a.key == key)
    }

    pub fn schema(&self) -> &'static BlockSchema {
        schema::block(self.kind).expect("model nodes have schema kinds")
    }

    /// `pay_plan "Field Sales"`, `strategy`: how baselines and waivers name a block.
    pub fn key(&self) -> String {
        match &self.label {
            Some(l) => format!("{} {:?}", self.kind, l),
            None => self.kind.to_string(),
        }
    }
}
