//! Answers to the editor's requests about a place in a plan: hover, completion, go to
//! definition, references, rename, document symbols, formatting and code actions.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use lsp_types as lsp;
use serde_json::{json, Value};

use super::position::Lines;
use super::{analysis, include_targets, is_fragment, parse, roots_including, uri, Doc, Server};
use crate::syntax::ast;

impl Server<'_> {
    /// The document and byte offset a text-document-position request points at.
    pub(super) fn at(&self, params: &Value) -> Option<(&Doc, usize)> {
        let uri = params.pointer("/textDocument/uri")?.as_str()?;
        let pos: lsp::Position = serde_json::from_value(params.get("position")?.clone()).ok()?;
        let doc = self.docs.get(uri)?;
        let offset = Lines::new(&doc.text).offset(&doc.text, pos);
        Some((doc, offset))
    }

    pub(super) fn rules_for(&mut self, path: &Path) -> crate::engine::RuleSet {
        match self.resolver.for_plan(path) {
            Some(i) => self.resolver.settings[i].rules.clone(),
            None => crate::engine::RuleSet::builtin(),
        }
    }

    pub(super) fn hover(&mut self, params: Value) -> Value {
        let Some((doc, offset)) = self.at(&params) else {
            return Value::Null;
        };
        let (text, path) = (doc.text.clone(), doc.path.clone());
        let tree = parse(&text);
        let rules = self.rules_for(&path);
        // On a reference: the block it names.
        if let Some(m) = self.mention_at(&path, &text, &tree, offset) {
            if !m.defines {
                if let Some(def) = self.definitions_of(&path, &m).first() {
                    let header = line_of(&self.text_of(&def.path), def.span.start);
                    return json!({ "contents": { "kind": "markdown", "value": format!(
                        "{} \"{}\"\n\n```\n{}\n```", crate::schema::kind_words(def.kind), def.label, header.trim()) } });
                }
            }
        }
        match analysis::hover(&text, &tree, offset, &rules) {
            Some(markdown) => json!({ "contents": { "kind": "markdown", "value": markdown } }),
            None => Value::Null,
        }
    }

    pub(super) fn completion(&mut self, params: Value) -> Value {
        let Some((doc, offset)) = self.at(&params) else {
            return json!([]);
        };
        let (text, path) = (doc.text.clone(), doc.path.clone());
        let tree = parse(&text);
        let rules = self.rules_for(&path);
        let mentions = self.programme_mentions(&path);
        let labels = |kind: &str| {
            let mut v: Vec<String> = mentions
                .iter()
                .filter(|m| m.defines && m.kind == kind)
                .map(|m| m.label.clone())
                .collect();
            v.dedup();
            v
        };
        let items: Vec<Value> = analysis::complete(&text, &tree, offset, &rules, &labels)
            .into_iter()
            .map(|c| {
                let kind = match c.kind {
                    analysis::CompletionKind::Block => 7,
                    analysis::CompletionKind::Key => 10,
                    analysis::CompletionKind::Word => 20,
                    analysis::CompletionKind::Label => 18,
                    analysis::CompletionKind::Rule => 21,
                };
                json!({
                    "label": c.label,
                    "detail": c.detail,
                    "kind": kind,
                    "insertText": c.insert.unwrap_or(c.label.clone()),
                })
            })
            .collect();
        json!(items)
    }

    pub(super) fn text_of(&self, path: &Path) -> String {
        self.docs
            .values()
            .find(|d| d.path == path)
            .map(|d| d.text.clone())
            .unwrap_or_else(|| std::fs::read_to_string(path).unwrap_or_default())
    }

    /// Every labelled block and reference in the programme `path` belongs to: the file,
    /// the files it includes and, for a fragment, its roots and everything they include.
    pub(super) fn programme_mentions(&self, path: &Path) -> Vec<analysis::Mention> {
        let text = self.text_of(path);
        let mut roots = vec![path.to_path_buf()];
        if is_fragment(&text) {
            roots.extend(roots_including(path, &self.docs));
        }
        let mut seen: HashSet<PathBuf> = HashSet::new();
        let mut out = Vec::new();
        let mut stack = roots;
        while let Some(p) = stack.pop() {
            let key = std::fs::canonicalize(&p).unwrap_or_else(|_| p.clone());
            if !seen.insert(key) || seen.len() > 1000 {
                continue;
            }
            let text = self.text_of(&p);
            let tree = parse(&text);
            analysis::mentions(&p, &text, &tree, analysis::top_kind(&tree), &mut out);
            let dir = p.parent().map(Path::to_path_buf).unwrap_or_default();
            for written in include_targets(&tree) {
                stack.push(dir.join(written));
            }
        }
        out
    }

    pub(super) fn mention_at(
        &self,
        path: &Path,
        text: &str,
        tree: &ast::File,
        offset: usize,
    ) -> Option<analysis::Mention> {
        let mut here = Vec::new();
        analysis::mentions(path, text, tree, analysis::top_kind(tree), &mut here);
        here.into_iter()
            .find(|m| m.span.start <= offset && offset <= m.span.end)
    }

    pub(super) fn definitions_of(
        &self,
        path: &Path,
        m: &analysis::Mention,
    ) -> Vec<analysis::Mention> {
        self.programme_mentions(path)
            .into_iter()
            .filter(|d| d.defines && d.kind == m.kind && d.label == m.label)
            .collect()
    }

    pub(super) fn location(&self, m: &analysis::Mention) -> Value {
        let text = self.text_of(&m.path);
        let lines = Lines::new(&text);
        json!({ "uri": self.uri_of(&m.path), "range": lines.range(&text, &m.span) })
    }

    pub(super) fn uri_of(&self, path: &Path) -> String {
        self.docs
            .iter()
            .find(|(_, d)| d.path == path)
            .map(|(u, _)| u.clone())
            .unwrap_or_else(|| uri::from_path(path))
    }

    pub(super) fn definition(&mut self, params: Value) -> Value {
        let Some((doc, offset)) = self.at(&params) else {
            return Value::Null;
        };
        let (text, path) = (doc.text.clone(), doc.path.clone());
        let tree = parse(&text);
        let Some(m) = self.mention_at(&path, &text, &tree, offset) else {
            return Value::Null;
        };
        let defs: Vec<Value> = self
            .definitions_of(&path, &m)
            .iter()
            .map(|d| self.location(d))
            .collect();
        json!(defs)
    }

    /// Every mention of the label under the cursor (its definition included).
    pub(super) fn same_label(&self, params: &Value) -> Option<Vec<analysis::Mention>> {
        let (doc, offset) = self.at(params)?;
        let (text, path) = (doc.text.clone(), doc.path.clone());
        let tree = parse(&text);
        let m = self.mention_at(&path, &text, &tree, offset)?;
        Some(
            self.programme_mentions(&path)
                .into_iter()
                .filter(|x| x.kind == m.kind && x.label == m.label)
                .collect(),
        )
    }

    pub(super) fn references(&mut self, params: Value) -> Value {
        let include_declaration = params
            .pointer("/context/includeDeclaration")
            .and_then(Value::as_bool)
            .unwrap_or(true);
        let Some(all) = self.same_label(&params) else {
            return json!([]);
        };
        let locations: Vec<Value> = all
            .iter()
            .filter(|m| include_declaration || !m.defines)
            .map(|m| self.location(m))
            .collect();
        json!(locations)
    }

    pub(super) fn rename(&mut self, params: Value) -> Value {
        let Some(new_name) = params.get("newName").and_then(Value::as_str) else {
            return Value::Null;
        };
        let Some(all) = self.same_label(&params) else {
            return Value::Null;
        };
        let escaped = new_name.replace('\\', "\\\\").replace('"', "\\\"");
        let mut changes: HashMap<String, Vec<Value>> = HashMap::new();
        for m in &all {
            let text = self.text_of(&m.path);
            let lines = Lines::new(&text);
            changes
                .entry(self.uri_of(&m.path))
                .or_default()
                .push(json!({ "range": lines.range(&text, &m.span), "newText": escaped }));
        }
        self.show_message_info(
            "cxlint: renamed; waivers in cxlint.yaml and baseline entries that name the old label no longer match it",
        );
        json!({ "changes": changes })
    }

    pub(super) fn show_message_info(&self, message: &str) {
        self.notify(
            "window/showMessage",
            json!({ "type": 3, "message": message }),
        );
    }

    /// The outline of a document, as JSON text: made once per text, then answered again
    /// as it is.
    pub(super) fn symbols(&mut self, params: Value) -> std::rc::Rc<str> {
        let Some(uri) = params.pointer("/textDocument/uri").and_then(Value::as_str) else {
            return "[]".into();
        };
        let Some(doc) = self.docs.get(uri) else {
            return "[]".into();
        };
        let tree = parse(&doc.text);
        if let Some((made_from, json)) = &self.outline {
            if std::rc::Rc::ptr_eq(made_from, &tree) {
                return json.clone();
            }
        }
        let lines = Lines::new(&doc.text);
        let json: std::rc::Rc<str> =
            serde_json::to_string(&symbols_of(&tree, &tree.items, &doc.text, &lines))
                .unwrap_or_else(|_| "[]".into())
                .into();
        self.outline = Some((tree, json.clone()));
        json
    }

    pub(super) fn formatting(&mut self, params: Value) -> Value {
        let Some(uri) = params.pointer("/textDocument/uri").and_then(Value::as_str) else {
            return Value::Null;
        };
        let Some(doc) = self.docs.get(uri) else {
            return Value::Null;
        };
        let file = crate::source::SourceFile::new(doc.path.display().to_string(), doc.text.clone());
        let (tree, errors) = crate::syntax::parse_with(&file, &crate::limits::Limits::default());
        if !errors.is_empty() {
            // A file with syntax errors is left alone, as `cxlint fmt` does.
            return json!([]);
        }
        let formatted = crate::format::format(&doc.text, &tree);
        if formatted == doc.text {
            return json!([]);
        }
        let lines = Lines::new(&doc.text);
        let end = lines.position(&doc.text, doc.text.len());
        json!([{ "range": { "start": { "line": 0, "character": 0 }, "end": end }, "newText": formatted }])
    }

    /// Each finding's fixes as quick fixes (a safe one preferred), then "allow this
    /// finding": an allow comment on the line above the finding's block, for the author
    /// to complete with the reason (cxlint never writes one).
    pub(super) fn code_actions(&mut self, params: Value) -> Value {
        let Some(uri) = params.pointer("/textDocument/uri").and_then(Value::as_str) else {
            return json!([]);
        };
        let Some(doc) = self.docs.get(uri) else {
            return json!([]);
        };
        let diagnostics: Vec<lsp::Diagnostic> = params
            .pointer("/context/diagnostics")
            .and_then(|d| serde_json::from_value(d.clone()).ok())
            .unwrap_or_default();
        let lines = Lines::new(&doc.text);
        let mut actions = Vec::new();
        for d in diagnostics {
            let fixes = d
                .data
                .as_ref()
                .and_then(|data| data.get("fixes"))
                .and_then(Value::as_array)
                .cloned()
                .unwrap_or_default();
            for f in fixes {
                let (Some(title), Some(edits)) = (
                    f.get("title").and_then(Value::as_str),
                    f.get("edits").filter(|e| e.is_array()),
                ) else {
                    continue;
                };
                let safe = f.get("safe").and_then(Value::as_bool).unwrap_or(false);
                let title = if safe {
                    format!("Fix: {title}")
                } else {
                    format!("Fix: {title} (check it is what you mean)")
                };
                actions.push(json!({
                    "title": title,
                    "kind": "quickfix",
                    "diagnostics": [d],
                    "isPreferred": safe,
                    "edit": { "changes": { uri: edits } }
                }));
            }
            let Some(lsp::NumberOrString::String(code)) = d.code.clone() else {
                continue;
            };
            if crate::codes::Code::from_code(&code).is_some() {
                continue;
            }
            let line_start = lines.offset(&doc.text, lsp::Position::new(d.range.start.line, 0));
            let indent: String = doc.text[line_start..]
                .chars()
                .take_while(|c| *c == ' ' || *c == '\t')
                .collect();
            let insert = format!("{indent}# cxlint: allow {code} -- \n");
            let at = lsp::Position::new(d.range.start.line, 0);
            actions.push(json!({
                "title": format!("Allow {code} here (write the reason after --)"),
                "kind": "quickfix",
                "diagnostics": [d],
                "edit": { "changes": { uri: [ { "range": { "start": at, "end": at }, "newText": insert } ] } }
            }));
        }
        json!(actions)
    }
}

/// The outline of `items`: one symbol per block, its blocks as children. Typed, so the
/// answer is turned into JSON once (a 1 MB plan has some 20,000 blocks).
pub(super) fn symbols_of(
    tree: &ast::File,
    items: &[ast::Item],
    text: &str,
    lines: &Lines,
) -> Vec<lsp::DocumentSymbol> {
    items
        .iter()
        .filter_map(|i| match i {
            ast::Item::Block(b) => {
                let b = tree.block(*b);
                let name = match &b.label {
                    Some(l) => format!("{} \"{}\"", b.kind.name, l.value),
                    None => b.kind.name.to_string(),
                };
                let kind = match b.kind.name.as_str() {
                    "programme" => lsp::SymbolKind::NAMESPACE,
                    "unit" => lsp::SymbolKind::CLASS,
                    "pay_plan" | "metric" => lsp::SymbolKind::FUNCTION,
                    _ => lsp::SymbolKind::STRUCT,
                };
                let children = symbols_of(tree, tree.items_of(b), text, lines);
                #[allow(deprecated)] // `deprecated` is a field the protocol keeps for old clients
                Some(lsp::DocumentSymbol {
                    name,
                    detail: None,
                    kind,
                    tags: None,
                    deprecated: None,
                    range: lines.range(text, &b.span),
                    selection_range: lines.range(text, &b.header),
                    // A leaf has no `children` at all rather than an empty list.
                    children: (!children.is_empty()).then_some(children),
                })
            }
            _ => None,
        })
        .collect()
}

/// The text of the line holding `offset`.
pub(super) fn line_of(text: &str, offset: usize) -> String {
    let offset = offset.min(text.len());
    let start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    let end = text[offset..].find('\n').map_or(text.len(), |i| offset + i);
    text[start..end].to_string()
}
