//! Reading syntax trees in the syntax tests: a block with its items at hand.

use cxlint::syntax::ast::{Block, File, Item};

/// A block of a tree and the items written in it.
pub struct Read<'t> {
    pub block: &'t Block,
    pub items: &'t [Item],
}

impl std::ops::Deref for Read<'_> {
    type Target = Block;

    fn deref(&self) -> &Block {
        self.block
    }
}

/// `item` of `tree`, which must be a block.
pub fn block<'t>(tree: &'t File, item: &Item) -> Read<'t> {
    match item {
        Item::Block(b) => {
            let block = tree.block(*b);
            Read {
                block,
                items: tree.items_of(block),
            }
        }
        other => panic!("expected a block, got {other:?}"),
    }
}
