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

/// [`Node::key`] and [`block_path`] of one block, the key written once: a block right
/// below the programme (most blocks) is its own path.
pub fn key_and_path(programme: &Programme, node: &Node) -> (String, String) {
    let key = node.key();
    let nested = node
        .parent
        .and_then(|p| programme.nodes.get(p))
        .is_some_and(|p| p.parent.is_some());
    let path = if nested {
        block_path(&programme.nodes, node.id)
    } else {
        key.clone()
    };
    (key, path)
}

/// The path of block `id` as baselines name it: its key and the keys of every block
/// enclosing it below the programme, outermost first, joined by ` / `
/// (`pay_plan "Field Sales" / metric "Calls"`); the programme's own key for the programme.
pub fn block_path(nodes: &[Node], id: NodeId) -> String {
    let mut chain = vec![id];
    let mut at = nodes[id].parent;
    while let Some(p) = at {
        if nodes[p].parent.is_none() {
            break;
        }
        chain.push(p);
        at = nodes[p].parent;
    }
    let mut out = String::new();
    for (i, &n) in chain.iter().rev().enumerate() {
        if i > 0 {
            out.push_str(" / ");
        }
        nodes[n].write_key(&mut out);
    }
    out
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
        let mut out = String::new();
        self.write_key(&mut out);
        out
    }

    /// `pay plan "Field Sales"`, `strategy`: the block named in a message, its kind in
    /// words.
    pub fn in_words(&self) -> String {
        let label = self.label.as_deref();
        let mut out = String::with_capacity(self.kind.len() + label.map_or(0, |l| l.len() + 3));
        schema::push_kind_words(&mut out, self.kind);
        if let Some(label) = label {
            out.push_str(" \"");
            out.push_str(label);
            out.push('"');
        }
        out
    }

    /// [`Node::key`], appended to `out`.
    pub fn write_key(&self, out: &mut String) {
        out.reserve(self.kind.len() + self.label.as_ref().map_or(0, |l| l.len() + 3));
        out.push_str(self.kind);
        let Some(l) = &self.label else {
            return;
        };
        out.push(' ');
        // The label quoted as Rust's `{:?}` quotes it; printable ASCII other than `"`
        // and `\` needs no escape, so most labels are copied between quotes.
        if l.bytes()
            .all(|b| (0x20..0x7f).contains(&b) && b != b'"' && b != b'\\')
        {
            out.push('"');
            out.push_str(l);
            out.push('"');
        } else {
            use std::fmt::Write as _;
            // Writing to a string cannot fail.
            let _ = write!(out, "{:?}", l.as_str());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The key and path written together are [`Node::key`] and [`block_path`], for the
    /// programme, blocks right below it and nested ones (a pay plan's metrics).
    #[test]
    fn key_and_path_are_the_key_and_the_block_path() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/saas-growth.cxp");
        let text = std::fs::read_to_string(path).expect("example");
        let out = crate::model::build::load_text("saas-growth.cxp", &text);
        let p = &out.programmes[0];
        let mut nested = 0;
        for n in &p.nodes {
            let (key, path) = key_and_path(p, n);
            assert_eq!(key, n.key());
            assert_eq!(path, block_path(&p.nodes, n.id));
            nested += usize::from(path.contains(" / "));
        }
        assert!(nested > 0, "the example has nested blocks");
    }

    /// A block's key quotes its label as `{:?}` does, with or without the fast path.
    #[test]
    fn keys_quote_labels_as_debug_does() {
        let loc = Loc {
            file: 0,
            span: 0..0,
        };
        for label in [
            "Field Sales",
            "",
            "say \"hi\"",
            "back\\slash",
            "tab\there",
            "caf\u{e9}",
            "\u{202e}evil",
            "it's",
            "~`{}",
        ] {
            let node = Node {
                id: 0,
                kind: "unit",
                label: Some(label.into()),
                parent: None,
                children: Vec::new(),
                attrs: Vec::new(),
                header: loc.clone(),
                full: loc.clone(),
            };
            assert_eq!(node.key(), format!("unit {label:?}"));
        }
    }
}
