//! What the builder checks before it offers a fix: whether a block written with an
//! unknown kind would be sound as another kind, where the texts of a value stand, and
//! where the keys written in a block stand.

use super::*;

/// Whether the block `b`, written with an unknown kind, would be sound as a `kind`
/// block: labelled as that kind wants, holding only that kind's attributes and blocks,
/// each attribute once, and every required attribute and block there.
pub(super) fn kind_fits(kind: &str, text: &str, tree: &ast::File, b: &ast::Block) -> bool {
    let items = tree.items_of(b);
    let Some(sch) = schema::block(kind) else {
        return false;
    };
    if sch.labelled != b.label.is_some() {
        return false;
    }
    let mut seen: Vec<&str> = Vec::new();
    for item in items {
        if let ast::Item::Attribute(a) = item {
            let k = a.key.name(text);
            if sch.attr(k).is_none() || seen.contains(&k) {
                return false;
            }
            seen.push(k);
        }
    }
    for item in items {
        match item {
            ast::Item::Block(child)
                if !sch
                    .children
                    .contains(&tree.block(*child).kind.name.as_str()) =>
            {
                return false
            }
            ast::Item::Include(_) => return false,
            _ => {}
        }
    }
    let required_attrs = sch
        .attrs
        .iter()
        .filter(|a| a.required)
        .all(|a| seen.contains(&a.key));
    let required_children = sch.required_children.iter().all(|c| {
        items
            .iter()
            .any(|i| matches!(i, ast::Item::Block(child) if tree.block(*child).kind.name == *c))
    });
    required_attrs && required_children
}

/// The spans of the texts in quotes in `v`, in order (a list's items in turn).
pub(super) fn text_spans(v: &ast::Value, out: &mut Vec<Range<usize>>) {
    match &v.kind {
        ast::ValueKind::Str(_) => out.push(v.span.clone()),
        ast::ValueKind::List(items) => {
            for i in items {
                text_spans(i, out);
            }
        }
        _ => {}
    }
}

/// Where the keys of the attributes written directly among `items` stand in the text.
pub(super) fn written_spans(items: &[ast::Item]) -> Vec<Range<usize>> {
    items
        .iter()
        .filter_map(|i| match i {
            ast::Item::Attribute(a) => Some(a.key.span.clone()),
            _ => None,
        })
        .collect()
}
