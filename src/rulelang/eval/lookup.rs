//! Lookups in long lists of blocks: `x in list`, `filter(list, x => v in x.key)` and
//! `filter(list, x => x in other)` on a list met again (one computed once for every
//! checked block, say) are answered through an index of the list instead of testing
//! every item, which keeps a rule that joins two kinds of blocks linear. Each gives what
//! testing every item gives, in the same order.

use crate::Map;
use std::sync::Arc;

use super::{Evaluator, Result};
use crate::model::NodeId;
use crate::rulelang::ir::{Ir, Lambda};
use crate::rulelang::val::Val;

/// Lists shorter than this are looked through item by item.
const INDEX_FROM: usize = 32;
/// Lists remembered at most (then forgotten, all at once).
const LOOKED_MAX: usize = 256;

/// The long lists met so far, by address and key: the attribute an index is by, or ""
/// for an index of the list's own blocks.
#[derive(Default)]
pub(super) struct Lookups(Map<(usize, &'static str), Keyed>);

/// A list met, kept so that no other list can take its address while it is remembered,
/// with its blocks indexed once it is met again: block -> positions of the items that
/// name it in the key (or are it).
struct Keyed {
    _kept: Arc<Vec<Val>>,
    /// `None` until met again; then the index, or `None` inside when the list holds
    /// items other than blocks and is looked through item by item.
    index: Option<Option<Map<NodeId, Vec<usize>>>>,
}

impl Evaluator<'_, '_> {
    /// Whether `x` is in `list` (`x in list`): one lookup in a long list of blocks met
    /// before, what keeps `u in hired_for_attitude` for every unit linear.
    pub(super) fn member(&mut self, x: &Val, list: &Val) -> bool {
        if let (Val::Block(id), Val::List(items)) = (x, list) {
            if let Some(index) = self.index(items, "", false) {
                return index.contains_key(id);
            }
        }
        list.items().iter().any(|i| x.equals(i) == Some(true))
    }

    /// Two forms of `filter` on a long list of blocks met before are answered through an
    /// index of the list (built the second time the list is met) instead of testing
    /// every item: `filter(list, x => v in x.key)`, the blocks whose `key` names `v`,
    /// and `filter(list, x => x in other)`, the blocks of the list that are in `other`.
    /// Either gives the same list, in the same order, as testing every item would; `None`
    /// when the filter has neither form or the list is not indexed yet, for the caller to
    /// test every item.
    pub(super) fn filter_by_key(&mut self, list: &Val, f: &Lambda) -> Result<Option<Val>> {
        let Ir::In(value, within) = f.body.as_ref() else {
            return Ok(None);
        };
        // The attribute named (`x.key`), or the item itself (`x in other`, key "").
        let (key, is_list, probe) = match within.as_ref() {
            Ir::Attr(base, key, is_list)
                if matches!(base.as_ref(), Ir::Slot(s) if *s == f.slot)
                    && !value.uses_slot(f.slot) =>
            {
                let key: &'static str = key;
                (key, *is_list, value.as_ref())
            }
            other
                if matches!(value.as_ref(), Ir::Slot(s) if *s == f.slot)
                    && !other.uses_slot(f.slot) =>
            {
                ("", false, other)
            }
            _ => return Ok(None),
        };
        let Val::List(items) = list else {
            return Ok(None);
        };
        // `v` (or `other`) is the same for every item: computed once. The blocks to look
        // up are `v`, or every block of `other`: anything but a block is never equal to a
        // block.
        let probe = self.eval(probe)?;
        let wanted: Option<Vec<NodeId>> = match (&probe, key) {
            (Val::Block(id), k) if !k.is_empty() => Some(vec![*id]),
            (_, "") => Some(
                probe
                    .items()
                    .iter()
                    .filter_map(|v| match v {
                        Val::Block(b) => Some(*b),
                        _ => None,
                    })
                    .collect(),
            ),
            _ => None,
        };
        let found = wanted.as_ref().and_then(|wanted| {
            let index = self.index(items, key, is_list)?;
            let mut positions: Vec<usize> = wanted
                .iter()
                .filter_map(|b| index.get(b))
                .flatten()
                .copied()
                .collect();
            positions.sort_unstable();
            positions.dedup();
            Some(positions)
        });
        if let (Some(wanted), Some(positions)) = (&wanted, found) {
            self.charge(wanted.len() + 1 + positions.len())?;
            return Ok(Some(Val::list(
                positions
                    .into_iter()
                    .map(|pos| items[pos].clone())
                    .collect(),
            )));
        }
        // Not indexed (yet): every item tested, `v` or `other` computed once.
        let mut kept = Vec::new();
        for item in items.iter() {
            self.step()?;
            let hit = if key.is_empty() {
                self.member(item, &probe)
            } else {
                if let Some(slot) = self.frame.get_mut(f.slot) {
                    *slot = item.clone();
                }
                let named = self.eval(within)?;
                self.member(&probe, &named)
            };
            if hit {
                kept.push(item.clone());
            }
        }
        Ok(Some(Val::list(kept)))
    }

    /// The index of a long list by `key` (block -> positions of the items that name it
    /// in `key`, or, for key "", that are it), built now if the list was met before;
    /// `None` for a short list, one met the first time, or one that cannot be indexed.
    fn index(
        &mut self,
        items: &Arc<Vec<Val>>,
        key: &'static str,
        is_list: bool,
    ) -> Option<&Map<NodeId, Vec<usize>>> {
        if items.len() < INDEX_FROM {
            return None;
        }
        let at = (Arc::as_ptr(items) as usize, key);
        let programme = self.ctx.programme;
        let lists = &mut self.lookups.0;
        if !lists.contains_key(&at) {
            if lists.len() >= LOOKED_MAX {
                lists.clear();
            }
            lists.insert(
                at,
                Keyed {
                    _kept: items.clone(),
                    index: None,
                },
            );
            return None;
        }
        let keyed = lists.get_mut(&at)?;
        if keyed.index.is_none() {
            keyed.index = Some(build(programme, items, key, is_list));
        }
        keyed.index.as_ref()?.as_ref()
    }
}

/// The index of `items` by `key` (see [`Evaluator::index`]); `None` when key is "" and
/// an item is not a block (`x in other` may hold for it).
fn build(
    programme: &crate::model::Programme,
    items: &[Val],
    key: &'static str,
    is_list: bool,
) -> Option<Map<NodeId, Vec<usize>>> {
    let mut index: Map<NodeId, Vec<usize>> = Map::default();
    let mut add = |b: NodeId, pos: usize| {
        let at = index.entry(b).or_default();
        if at.last() != Some(&pos) {
            at.push(pos);
        }
    };
    for (pos, item) in items.iter().enumerate() {
        let Val::Block(id) = item else {
            if key.is_empty() {
                return None;
            }
            continue;
        };
        if key.is_empty() {
            add(*id, pos);
            continue;
        }
        // What `x.key` gives for this item, as evaluating it would.
        let Some(a) = programme.nodes.get(*id).and_then(|n| n.attr(key)) else {
            continue;
        };
        let named = match Val::from_model(&a.value) {
            Val::List(named) => named,
            Val::None => continue,
            other if is_list => Arc::new(vec![other]),
            _ => continue,
        };
        for n in named.iter() {
            if let Val::Block(b) = n {
                add(*b, pos);
            }
        }
    }
    Some(index)
}
