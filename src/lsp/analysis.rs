//! What the editor asks about a place in a plan: the block and attribute around it,
//! hover text from the schema and the rules, completions, labels and the references to
//! them. Everything here reads syntax trees, so it works on half-typed text.

use std::ops::Range;
use std::path::{Path, PathBuf};

use crate::engine::RuleSet;
use crate::schema::{self, AttrSchema, BlockSchema, Ty};
use crate::syntax::ast::{self, Block, Item, ValueKind};

/// The blocks around `offset`, outermost first (a block counts from its kind keyword to
/// its closing brace).
pub fn blocks_at(file: &ast::File, offset: usize) -> Vec<&Block> {
    let mut out = Vec::new();
    let mut items = file.items.as_slice();
    'outer: loop {
        for item in items {
            if let Item::Block(b) = item {
                let b = file.block(*b);
                if b.span.start <= offset && offset <= b.span.end {
                    out.push(b);
                    items = file.items_of(b);
                    continue 'outer;
                }
            }
        }
        return out;
    }
}

/// The attribute whose key or value holds `offset`, among `items`.
fn attribute_at(items: &[Item], offset: usize) -> Option<&ast::Attribute> {
    items.iter().find_map(|i| match i {
        Item::Attribute(a) if a.span().start <= offset && offset <= a.span().end => Some(a),
        _ => None,
    })
}

/// The identifier-like word (letters, digits, `_`) around `offset`, with its span.
pub fn word_at(text: &str, offset: usize) -> Option<(Range<usize>, &str)> {
    let ok = |c: char| c.is_ascii_alphanumeric() || c == '_';
    let offset = offset.min(text.len());
    let start = text[..offset]
        .char_indices()
        .rev()
        .take_while(|&(_, c)| ok(c))
        .last()
        .map_or(offset, |(i, _)| i);
    let end = text[offset..]
        .char_indices()
        .find(|&(_, c)| !ok(c))
        .map_or(text.len(), |(i, _)| offset + i);
    (start < end).then(|| (start..end, &text[start..end]))
}

pub use crate::reference::type_words;

fn block_hover(s: &BlockSchema) -> String {
    let mut out = format!("**{}** — {}", s.kind, s.meaning);
    let keys: Vec<String> = s
        .attrs
        .iter()
        .map(|a| {
            if a.required {
                format!("`{}` (required)", a.key)
            } else {
                format!("`{}`", a.key)
            }
        })
        .collect();
    if !keys.is_empty() {
        out.push_str(&format!("\n\nKeys: {}", keys.join(", ")));
    }
    if !s.children.is_empty() {
        out.push_str(&format!("\n\nBlocks inside: {}", s.children.join(", ")));
    }
    out
}

fn key_hover(block: &BlockSchema, a: &AttrSchema) -> String {
    let mut out = crate::reference::key_text(block, a);
    if a.key == "type" && block.kind != "programme" {
        out.push_str("\n\nEach metric type belongs to a class (acquisition, volume, efficiency, customer, employee, step) that the rules read.");
    }
    out
}

/// Hover text (Markdown) for `offset` in `text` (parsed as `file`), with the rules for
/// codes in allow comments.
pub fn hover(text: &str, file: &ast::File, offset: usize, rules: &RuleSet) -> Option<String> {
    // A rule code in a comment (an allow comment, or one naming a finding).
    let line_start = text[..offset.min(text.len())]
        .rfind(['\n', '\r'])
        .map_or(0, |i| i + 1);
    if let Some(hash) = text[line_start..offset.min(text.len())].find('#') {
        let _ = hash;
        let (_, word) = word_at(text, offset)?;
        let rule = rules.rules().iter().find(|r| r.code == word)?;
        return Some(format!(
            "**{} {}** ({}, {} by default)\n\n{}\n\n{}",
            rule.code,
            rule.name,
            rule.group,
            rule.severity.as_str(),
            rule.summary,
            rule.explain.trim_end()
        ));
    }
    let chain = blocks_at(file, offset);
    let block = chain.last()?;
    if block.kind.span.start <= offset && offset <= block.kind.span.end {
        return schema::block(&block.kind.name).map(block_hover);
    }
    let s = schema::block(&block.kind.name)?;
    let attr = attribute_at(file.items_of(block), offset)?;
    let a = s.attr(attr.key.name(text))?;
    if attr.key.span.start <= offset && offset <= attr.key.span.end {
        return Some(key_hover(s, a));
    }
    // On a value: what the key takes, and for a metric type its class.
    let mut out = key_hover(s, a);
    if let ValueKind::Word(w) = &attr.value.kind {
        if let Some(class) = schema::metric_class(w) {
            out.push_str(&format!("\n\n`{w}` is of class **{class}**."));
        }
    }
    Some(out)
}

/// A completion: the text to insert, a short description, and its kind.
#[derive(Debug, Clone, PartialEq)]
pub struct Completion {
    pub label: String,
    pub detail: String,
    pub kind: CompletionKind,
    /// Text inserted in place of the label (a snippet-free template), when different.
    pub insert: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CompletionKind {
    Block,
    Key,
    Word,
    Label,
    Rule,
}

/// Completions at `offset`: rule codes after `# cxlint: allow`; after `key =`, the words
/// or labels the key takes; elsewhere inside a block, its keys not yet written and the
/// blocks it may hold. `labels` gives the labels of a block kind in the programme.
pub fn complete(
    text: &str,
    file: &ast::File,
    offset: usize,
    rules: &RuleSet,
    labels: &dyn Fn(&str) -> Vec<String>,
) -> Vec<Completion> {
    let offset = offset.min(text.len());
    let line_start = text[..offset].rfind(['\n', '\r']).map_or(0, |i| i + 1);
    let before = &text[line_start..offset];
    if let Some(at) = before.find('#') {
        if before[at..].contains("cxlint:") {
            return rules
                .rules()
                .iter()
                .map(|r| Completion {
                    label: r.code.clone(),
                    detail: format!("{}: {}", r.name, r.summary),
                    kind: CompletionKind::Rule,
                    insert: None,
                })
                .collect();
        }
        return Vec::new();
    }
    let chain = blocks_at(file, offset);
    let Some(block) = chain.last() else {
        return top_level(file);
    };
    let Some(s) = schema::block(&block.kind.name) else {
        return Vec::new();
    };
    // `key = …` before the cursor on this line: the value.
    if let Some(eq) = before.rfind('=') {
        let key = before[..eq].trim();
        let key = key
            .rsplit(|c: char| c.is_whitespace() || c == '{')
            .next()
            .unwrap_or(key);
        if let Some(a) = s.attr(key) {
            return values(&a.ty, labels);
        }
        return Vec::new();
    }
    let written: Vec<&str> = file
        .items_of(block)
        .iter()
        .filter_map(|i| match i {
            Item::Attribute(a) => Some(a.key.name(text)),
            _ => None,
        })
        .collect();
    let mut out: Vec<Completion> = s
        .attrs
        .iter()
        .filter(|a| !written.contains(&a.key))
        .map(|a| Completion {
            label: a.key.to_string(),
            detail: format!("{} ({})", a.meaning, type_words(&a.ty)),
            kind: CompletionKind::Key,
            insert: Some(format!("{} = ", a.key)),
        })
        .collect();
    out.extend(s.children.iter().filter_map(|k| block_completion(k)));
    out
}

fn block_completion(kind: &str) -> Option<Completion> {
    let b = schema::block(kind)?;
    let insert = if b.labelled {
        format!("{kind} \"\" {{\n}}")
    } else {
        format!("{kind} {{\n}}")
    };
    Some(Completion {
        label: kind.to_string(),
        detail: b.meaning.to_string(),
        kind: CompletionKind::Block,
        insert: Some(insert),
    })
}

/// At the top of a file: `programme` when there is none yet, and what a fragment holds.
fn top_level(file: &ast::File) -> Vec<Completion> {
    if file.programmes().next().is_some() {
        return Vec::new();
    }
    let mut out: Vec<Completion> = block_completion("programme").into_iter().collect();
    out.extend(
        schema::PROGRAMME
            .children
            .iter()
            .filter_map(|k| block_completion(k)),
    );
    out.push(Completion {
        label: "include".into(),
        detail: "splice another file of this programme in here".into(),
        kind: CompletionKind::Key,
        insert: Some("include \"\"".into()),
    });
    out
}

fn values(ty: &Ty, labels: &dyn Fn(&str) -> Vec<String>) -> Vec<Completion> {
    let word = |w: &str, detail: &str| Completion {
        label: w.to_string(),
        detail: detail.to_string(),
        kind: CompletionKind::Word,
        insert: None,
    };
    match ty {
        Ty::Enum(def) => def
            .values
            .iter()
            .map(|v| {
                let class = schema::metric_class(v)
                    .map(|c| format!("{} (class {c})", def.name))
                    .unwrap_or_else(|| def.name.to_string());
                word(v, &class)
            })
            .collect(),
        Ty::Bool => vec![word("yes", "yes"), word("no", "no")],
        Ty::Ref(kind) | Ty::RefOrList(kind) => labels(kind)
            .into_iter()
            .map(|l| Completion {
                label: format!("\"{l}\""),
                detail: schema::kind_words(kind),
                kind: CompletionKind::Label,
                insert: None,
            })
            .collect(),
        Ty::List(inner) => values(inner, labels),
        Ty::OrNone(inner) => {
            let mut v = values(inner, labels);
            v.push(word("none", "explicitly nothing"));
            v
        }
        Ty::OneOf(tys) => tys.iter().flat_map(|t| values(t, labels)).collect(),
        _ => Vec::new(),
    }
}

/// A labelled block or a reference to one, found in a file.
#[derive(Debug, Clone, PartialEq)]
pub struct Mention {
    pub path: PathBuf,
    pub kind: &'static str,
    pub label: String,
    /// The label's text, quotes excluded.
    pub span: Range<usize>,
    /// A block's own label (a definition) rather than a reference to it.
    pub defines: bool,
}

/// The block kind a reference attribute of type `ty` names.
fn referenced_kind(ty: &Ty) -> Option<&'static str> {
    match ty {
        Ty::Ref(k) | Ty::RefOrList(k) => Some(k),
        Ty::List(inner) | Ty::OrNone(inner) => referenced_kind(inner),
        _ => None,
    }
}

/// Every labelled block and every reference in `file` (at `path`).
pub fn mentions(
    path: &Path,
    text: &str,
    file: &ast::File,
    parent_kind: &str,
    out: &mut Vec<Mention>,
) {
    mentions_in(path, text, file, &file.items, parent_kind, out);
}

fn mentions_in(
    path: &Path,
    text: &str,
    file: &ast::File,
    items: &[Item],
    parent_kind: &str,
    out: &mut Vec<Mention>,
) {
    let parent = schema::block(parent_kind);
    for item in items {
        match item {
            Item::Block(b) => {
                let b = file.block(*b);
                if let (Some(s), Some(l)) = (schema::block(&b.kind.name), &b.label) {
                    out.push(Mention {
                        path: path.to_path_buf(),
                        kind: s.kind,
                        label: l.value.to_string(),
                        span: inner(&l.span),
                        defines: true,
                    });
                }
                mentions_in(path, text, file, file.items_of(b), &b.kind.name, out);
            }
            Item::Attribute(a) => {
                let Some(kind) = parent
                    .and_then(|p| p.attr(a.key.name(text)))
                    .and_then(|s| referenced_kind(&s.ty))
                else {
                    continue;
                };
                let mut strings = Vec::new();
                match &a.value.kind {
                    ValueKind::Str(s) => strings.push((s.clone(), a.value.span.clone())),
                    ValueKind::List(items) => {
                        for v in items {
                            if let ValueKind::Str(s) = &v.kind {
                                strings.push((s.clone(), v.span.clone()));
                            }
                        }
                    }
                    _ => {}
                }
                for (label, span) in strings {
                    out.push(Mention {
                        path: path.to_path_buf(),
                        kind,
                        label: label.to_string(),
                        span: inner(&span),
                        defines: false,
                    });
                }
            }
            Item::Include(_) => {}
        }
    }
}

/// A quoted span without its quotes.
fn inner(span: &Range<usize>) -> Range<usize> {
    if span.end >= span.start + 2 {
        span.start + 1..span.end - 1
    } else {
        span.clone()
    }
}

/// The top-level kind a file's items belong to: `programme` for a fragment (its items
/// are spliced into the programme), none for a root file (its one item is the programme).
pub fn top_kind(file: &ast::File) -> &'static str {
    if file.programmes().next().is_some() {
        ""
    } else {
        "programme"
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::SourceFile;

    fn parse(text: &str) -> ast::File {
        let file = SourceFile::new("t.cxp", text.to_string());
        crate::syntax::parse_with(&file, &crate::limits::Limits::default()).0
    }

    #[test]
    fn completes_keys_words_labels_and_codes() {
        let text = "programme \"P\" {\n  currency = USD\n  unit \"Care\" { facing = front }\n  unit \"Ops\" {\n    parent = \n    \n  }\n  # cxlint: allow \n}\n";
        let file = parse(text);
        let rules = RuleSet::builtin();
        let labels = |k: &str| {
            if k == "unit" {
                vec!["Care".to_string(), "Ops".to_string()]
            } else {
                Vec::new()
            }
        };
        let at = |needle: &str| text.find(needle).unwrap() + needle.len();
        let parent = complete(text, &file, at("parent = "), &rules, &labels);
        assert!(parent.iter().any(|c| c.label == "\"Care\""), "{parent:?}");
        let blank = at("parent = \n    ");
        let keys = complete(text, &file, blank, &rules, &labels);
        assert!(keys.iter().any(|c| c.label == "facing"));
        assert!(!keys.iter().any(|c| c.label == "parent"), "already written");
        let facing = complete(
            "programme \"P\" {\n  unit \"A\" { facing = f }\n}\n",
            &parse("programme \"P\" {\n  unit \"A\" { facing = f }\n}\n"),
            "programme \"P\" {\n  unit \"A\" { facing = ".len(),
            &rules,
            &labels,
        );
        assert!(facing.iter().any(|c| c.label == "front"));
        let codes = complete(text, &file, at("allow "), &rules, &labels);
        assert!(codes.iter().any(|c| c.label == "FM06"));
        let top = complete("", &parse(""), 0, &rules, &labels);
        assert!(top.iter().any(|c| c.label == "programme"));
    }

    #[test]
    fn hovers_on_kinds_keys_values_and_codes() {
        let text = "programme \"P\" {\n  currency = USD\n  pay_plan \"Q\" {\n    metric \"M\" { type = nps  weight = 100% }\n  }\n  # cxlint: allow FM06 -- union deal\n}\n";
        let file = parse(text);
        let rules = RuleSet::builtin();
        let on = |needle: &str| hover(text, &file, text.find(needle).unwrap() + 1, &rules);
        assert!(on("pay_plan").unwrap().contains("pay_plan"));
        assert!(on("weight").unwrap().contains("percentage"));
        assert!(on("nps").unwrap().contains("class **customer**"));
        assert!(on("FM06").unwrap().contains("reap-what-you-sow"));
    }

    #[test]
    fn labels_and_references() {
        let text = "programme \"P\" {\n  unit \"Care\" { facing = front }\n  initiative \"Coach\" { kind = training  affects = [\"Care\"] }\n  promise \"Help\" { backed_by = [\"Coach\"] }\n}\n";
        let file = parse(text);
        let mut out = Vec::new();
        mentions(Path::new("t.cxp"), text, &file, top_kind(&file), &mut out);
        let care: Vec<_> = out.iter().filter(|m| m.label == "Care").collect();
        assert_eq!(care.len(), 2);
        assert!(care[0].defines && !care[1].defines);
        assert_eq!(&text[care[1].span.clone()], "Care");
        assert!(out.iter().any(|m| m.kind == "initiative" && !m.defines));
    }
}
