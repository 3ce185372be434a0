//! The checks across a whole programme once its tree is walked: references (E006),
//! currencies (E009), the org chart (E007), pay-plan weights (E008), dates in order (E012).

use super::labels::{nfc, same_label};
use super::*;

impl Builder<'_> {
    /// E012 for dates of one block out of the order the schema gives them.
    pub(super) fn check_date_order(&mut self, open: &Open) {
        let date = |key: &str| {
            open.attrs
                .iter()
                .find_map(|a| match (&a.value, a.key == key) {
                    (TypedValue::Date(d), true) => Some((*d, a.loc.clone())),
                    _ => None,
                })
        };
        for &(kind, earlier, later) in schema::DATE_ORDER {
            if kind != open.schema.kind {
                continue;
            }
            if let (Some((first, _)), Some((second, loc))) = (date(earlier), date(later)) {
                if second < first {
                    self.error(
                        Code::E012,
                        loc.file,
                        loc.span,
                        open.id,
                        format!(
                            "{} is {later} on {second}, before it was {earlier} on {first}",
                            self.nodes[open.id].in_words()
                        ),
                        Some(format!(
                            "check the dates: `{later}` cannot be earlier than `{earlier}`"
                        )),
                    );
                }
            }
        }
    }

    pub(super) fn check_weights(&mut self, open: &Open, file: usize, header: &Range<usize>) {
        let mut sum = Decimal::ZERO;
        let mut count = 0;
        for &c in &self.nodes[open.id].children {
            let node = &self.nodes[c];
            if node.kind != "metric" {
                continue;
            }
            match node.attr("weight").map(|a| &a.value) {
                Some(TypedValue::Pct(p)) => sum += *p,
                // A missing or unreadable weight is reported on its own.
                _ => return,
            }
            count += 1;
        }
        if count == 0 {
            return;
        }
        let hundred = Decimal::from(100);
        if (sum - hundred).abs() > Decimal::new(1, 2) {
            self.error(
                Code::E008,
                file,
                header.clone(),
                open.id,
                format!(
                    "the metric weights of {} add up to {}%, not 100%",
                    self.nodes[open.id].in_words(),
                    sum.normalize()
                ),
                Some("a plan's metric weights share out all of its variable pay: make them sum to 100%".into()),
            );
        }
    }

    /// Resolve every reference to its block (E006).
    pub(super) fn resolve_references(&mut self) {
        let pending = std::mem::take(&mut self.pending);
        let mut suggested = 0;
        let labels = std::mem::take(&mut self.labels);
        let spans_of = std::mem::take(&mut self.pending_spans);
        for (id, idx, spans) in pending {
            let spans = &spans_of[spans];
            let mut value =
                std::mem::replace(&mut self.nodes[id].attrs[idx].value, TypedValue::None);
            let mut missing: Vec<(&'static str, String, usize)> = Vec::new();
            resolve(&mut value, &labels, &self.nodes, &mut missing, &mut 0);
            self.nodes[id].attrs[idx].value = value;
            for (kind, label, nth) in missing {
                let loc = self.nodes[id].attrs[idx].loc.clone();
                let words = schema::kind_words(kind);
                // Each suggestion compares against every label of the kind: a file full
                // of broken references gets suggestions for the first ones only.
                let of_kind = if suggested < MAX_REFERENCE_SUGGESTIONS {
                    targets(&self.nodes, &labels, kind)
                } else {
                    Vec::new()
                };
                let closest = suggest::closest(&label, of_kind.iter().map(Text::as_str));
                suggested += 1;
                let fix = closest.zip(spans.get(nth)).map(|((s, clear), span)| {
                    let text = quoted(s);
                    Fix::replace(format!("write {text}"), clear, span.clone(), text)
                });
                let help = match closest.map(|(s, _)| s) {
                    Some(s) => format!("did you mean \"{s}\"?"),
                    None => format!(
                        "define it with `{kind} \"{label}\" {{ … }}`, or name an existing {words}"
                    ),
                };
                self.error(
                    Code::E006,
                    loc.file,
                    loc.span,
                    id,
                    format!("there is no {words} called \"{label}\""),
                    Some(help),
                );
                if let Some(fix) = fix {
                    self.fix_last(fix);
                }
            }
        }
        self.labels = labels;
    }

    /// Money in another currency than the programme's (E009).
    pub(super) fn check_currency(&mut self) {
        let Some(TypedValue::Word(currency)) = self
            .nodes
            .first()
            .and_then(|n| n.attr("currency"))
            .map(|a| &a.value)
        else {
            return;
        };
        let currency = currency.clone();
        let mut found = Vec::new();
        for node in &self.nodes {
            for a in &node.attrs {
                if let TypedValue::Money { currency: c, .. } = &a.value {
                    if *c != currency {
                        found.push((a.loc.clone(), node.id, a.key, c.clone()));
                    }
                }
            }
        }
        for (loc, id, attr, c) in found {
            self.error(
                Code::E009,
                loc.file,
                loc.span,
                id,
                format!("`{attr}` is in {c}, but the programme's currency is {currency}"),
                Some(format!("write every amount in {currency}")),
            );
        }
    }

    /// The org chart (E007): no cycle through `parent`, exactly one root.
    pub(super) fn check_org_chart(&mut self) {
        let units: Vec<NodeId> = self
            .nodes
            .iter()
            .filter(|n| n.kind == "unit" && n.parent == Some(0))
            .map(|n| n.id)
            .collect();
        if units.is_empty() {
            return;
        }
        // parent of each unit: Some(target) when resolved, None when it has no parent
        // attribute; units whose parent is present but broken are left out.
        let mut parent_of: Map<NodeId, NodeId> =
            Map::with_capacity_and_hasher(units.len(), Default::default());
        let mut roots = Vec::new();
        for &u in &units {
            let node = &self.nodes[u];
            match node.attr("parent").map(|a| &a.value) {
                Some(TypedValue::Ref { target, .. }) if *target != usize::MAX => {
                    parent_of.insert(u, *target);
                }
                Some(_) => {}
                None if !self.written_parent.contains(&u) => roots.push(u),
                None => {}
            }
        }
        // Cycles: walk up from each unit, colouring (0 new, 1 on current path, 2 done).
        let mut state: Map<NodeId, u8> =
            Map::with_capacity_and_hasher(units.len(), Default::default());
        let mut cycles: Vec<Vec<NodeId>> = Vec::new();
        for &start in &units {
            let mut path = Vec::new();
            let mut cur = start;
            loop {
                match state.get(&cur).copied().unwrap_or(0) {
                    0 => {
                        state.insert(cur, 1);
                        path.push(cur);
                        match parent_of.get(&cur) {
                            Some(&p) => cur = p,
                            None => break,
                        }
                    }
                    1 => {
                        if let Some(pos) = path.iter().position(|&n| n == cur) {
                            cycles.push(path[pos..].to_vec());
                        }
                        break;
                    }
                    _ => break,
                }
            }
            for n in path {
                state.insert(n, 2);
            }
        }
        let no_root = roots.is_empty();
        for cycle in cycles {
            let Some(&first) = cycle.iter().min() else {
                continue;
            };
            let pos = cycle.iter().position(|&n| n == first).unwrap_or(0);
            let names: Vec<String> = cycle[pos..]
                .iter()
                .chain(&cycle[..pos])
                .map(|&n| format!("\"{}\"", self.nodes[n].label.as_deref().unwrap_or("")))
                .collect();
            let first_name = names[0].clone();
            let Some(attr) = self.nodes[first].attr("parent") else {
                continue;
            };
            let loc = attr.loc.clone();
            let message = if cycle.len() == 1 {
                format!("unit {} reports to itself", names[0])
            } else {
                format!(
                    "the org chart goes round in a circle: unit {} reports to {}, which reports back to {first_name}",
                    first_name,
                    names[1..].join(", which reports to ")
                )
            };
            let help = if no_root {
                "no unit is left at the top: give the top unit no `parent`, so the org chart has one root"
            } else {
                "one unit in the circle must report to a unit outside it"
            };
            self.error(
                Code::E007,
                loc.file,
                loc.span,
                first,
                message,
                Some(help.into()),
            );
        }
        if roots.len() > 1 {
            let first_label = self.nodes[roots[0]].label.clone().unwrap_or_default();
            for &r in &roots[1..] {
                let node = &self.nodes[r];
                let loc = node.header.clone();
                let message = format!(
                    "{} has no parent, but unit \"{first_label}\" is already the top of the org chart",
                    node.in_words()
                );
                self.error(
                    Code::E007,
                    loc.file,
                    loc.span,
                    r,
                    message,
                    Some("give it a `parent`, so the org chart has exactly one root".into()),
                );
            }
        }
    }
}

pub(super) fn has_ref(v: &TypedValue) -> bool {
    match v {
        TypedValue::Ref { .. } => true,
        TypedValue::List(items) => items.iter().any(has_ref),
        _ => false,
    }
}

pub(super) fn resolve(
    v: &mut TypedValue,
    labels: &super::walk::Labels,
    nodes: &[Node],
    missing: &mut Vec<(&'static str, String, usize)>,
    nth: &mut usize,
) {
    match v {
        TypedValue::Ref {
            kind,
            label,
            target,
        } => {
            // The first block whose label looks like this one, if it is this label.
            let found = labels
                .find(nodes, 0, kind, label)
                .filter(|&id| same_label(nodes[id].label.as_deref().unwrap_or_default(), label));
            match found {
                Some(id) => *target = id,
                None => missing.push((kind, label.to_string(), *nth)),
            }
            *nth += 1;
        }
        TypedValue::List(items) => {
            for i in items {
                resolve(i, labels, nodes, missing, nth);
            }
        }
        _ => {}
    }
}

/// The labels (in NFC) a reference to a `kind` may name, in the order they are written:
/// one for each block a reference finds.
fn targets(nodes: &[Node], labels: &super::walk::Labels, kind: &str) -> Vec<Text> {
    let Some(root) = nodes.first() else {
        return Vec::new();
    };
    root.children
        .iter()
        .filter(|&&c| nodes[c].kind == kind)
        .filter_map(|&c| {
            let label = nodes[c].label.as_deref()?;
            (labels.find(nodes, 0, nodes[c].kind, label) == Some(c)).then(|| nfc(label))
        })
        .collect()
}

/// `label` as a text in quotes, escaped so that it reads back as `label`.
pub(super) fn quoted(label: &str) -> String {
    let mut out = String::with_capacity(label.len() + 2);
    out.push('"');
    for c in label.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}
