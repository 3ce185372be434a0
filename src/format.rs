//! `cxlint fmt`: rewrite a plan file in canonical layout, keeping every comment.
//!
//! Layout: two-space indentation; one item per line; the `=` of consecutive attributes
//! aligned within a block; a block written on one line with only attributes stays on one
//! line (`metric "A" { type = revenue  weight = 40% }`); at most one blank line between
//! items, kept where the author put one; lists as `[a, b, c]`. Scalars are kept exactly as
//! written (`2.4M USD` stays `2.4M USD`). Comments stay with the item they precede, or at
//! the end of the line they ended. A file with syntax errors is left alone.

use crate::syntax::ast::{Block, File, Item, Value, ValueKind};

/// A comment in the source: where its `#` is and its full text (`# ...`).
#[derive(Clone, Copy)]
struct Comment<'a> {
    start: usize,
    text: &'a str,
}

/// The canonical layout of `text`, whose syntax tree is `file`.
pub fn format(text: &str, file: &File) -> String {
    let comments = crate::syntax::comments(text)
        .into_iter()
        .map(|(start, _, _)| Comment {
            start,
            text: text[start..].lines().next().unwrap_or("").trim_end(),
        })
        .collect();
    let mut f = Formatter {
        text,
        comments,
        next_comment: 0,
        out: String::new(),
    };
    f.items(&file.items, 0, text.len());
    f.out.truncate(f.out.trim_end().len());
    f.out.push('\n');
    f.out
}

struct Formatter<'a> {
    text: &'a str,
    comments: Vec<Comment<'a>>,
    next_comment: usize,
    out: String,
}

impl<'a> Formatter<'a> {
    /// Write `items` at `depth`; comments before `end` that no item claimed follow them.
    fn items(&mut self, items: &[Item], depth: usize, end: usize) {
        let width = key_width(items);
        let mut prev_end: Option<usize> = None;
        for item in items {
            let span = item_span(item);
            let last = self.leading_comments(span.start, depth, prev_end);
            if let Some(p) = last {
                if self.blank_line_between(p, span.start) && !self.out.ends_with("\n\n") {
                    self.out.push('\n');
                }
            }
            self.indent(depth);
            match item {
                Item::Attribute(a) => {
                    let pad = width.saturating_sub(a.key.name.chars().count());
                    self.out.push_str(&a.key.name);
                    self.out.push_str(&" ".repeat(pad));
                    self.out.push_str(" = ");
                    let value = self.value(&a.value);
                    self.out.push_str(&value);
                }
                Item::Include(i) => {
                    self.out.push_str("include ");
                    self.out.push_str(&self.text[i.path_span.clone()]);
                }
                Item::Block(b) => self.block(b, depth),
            }
            self.trailing_comment(span.end);
            self.out.push('\n');
            prev_end = Some(span.end);
        }
        self.leading_comments(end, depth, prev_end);
    }

    fn block(&mut self, b: &Block, depth: usize) {
        self.out.push_str(&b.kind.name);
        if let Some(label) = &b.label {
            self.out.push(' ');
            self.out.push_str(&self.text[label.span.clone()]);
        }
        let one_line = !self.text[b.span.clone()].contains('\n')
            && b.items.iter().all(|i| matches!(i, Item::Attribute(_)));
        if b.items.is_empty() {
            self.out.push_str(" { }");
            return;
        }
        if one_line {
            let parts: Vec<String> = b
                .items
                .iter()
                .filter_map(|i| match i {
                    Item::Attribute(a) => {
                        Some(format!("{} = {}", a.key.name, self.value(&a.value)))
                    }
                    _ => None,
                })
                .collect();
            self.out.push_str(" { ");
            self.out.push_str(&parts.join("  "));
            self.out.push_str(" }");
            return;
        }
        self.out.push_str(" {");
        let open_end = self.text[b.header.end..b.span.end]
            .find('{')
            .map(|i| b.header.end + i + 1)
            .unwrap_or(b.header.end);
        self.trailing_comment(open_end);
        self.out.push('\n');
        let close = b.span.end.saturating_sub(1);
        self.items(&b.items, depth + 1, close);
        self.indent(depth);
        self.out.push('}');
    }

    /// A value as written, with lists normalised to `[a, b]` (kept verbatim when a comment
    /// sits inside the list, so the comment is not lost).
    fn value(&mut self, v: &Value) -> String {
        match &v.kind {
            ValueKind::List(items) => {
                if self.comment_inside(v.span.start, v.span.end) {
                    self.skip_comments_before(v.span.end);
                    return self.text[v.span.clone()].to_string();
                }
                let parts: Vec<String> = items.iter().map(|i| self.value(i)).collect();
                format!("[{}]", parts.join(", "))
            }
            _ => self.text[v.span.clone()].to_string(),
        }
    }

    /// Write the comments before `before`; returns where the last written thing ended.
    fn leading_comments(
        &mut self,
        before: usize,
        depth: usize,
        prev_end: Option<usize>,
    ) -> Option<usize> {
        let mut last = prev_end;
        while let Some(&Comment { start, text }) = self.comments.get(self.next_comment) {
            if start >= before {
                break;
            }
            if let Some(p) = last {
                if self.blank_line_between(p, start) && !self.out.ends_with("\n\n") {
                    self.out.push('\n');
                }
            }
            self.indent(depth);
            self.out.push_str(text);
            self.out.push('\n');
            last = Some(start + text.len());
            self.next_comment += 1;
        }
        last
    }

    /// A comment on the same line right after `end` belongs to the item ending there.
    fn trailing_comment(&mut self, end: usize) {
        if let Some(c) = self.comments.get(self.next_comment) {
            let between = &self.text[end.min(c.start)..c.start];
            if c.start >= end && !between.contains('\n') && between.trim().is_empty() {
                self.out.push_str("  ");
                self.out.push_str(c.text);
                self.next_comment += 1;
            }
        }
    }

    fn comment_inside(&self, start: usize, end: usize) -> bool {
        self.comments[self.next_comment..]
            .iter()
            .any(|c| c.start > start && c.start < end)
    }

    fn skip_comments_before(&mut self, end: usize) {
        while self
            .comments
            .get(self.next_comment)
            .is_some_and(|c| c.start < end)
        {
            self.next_comment += 1;
        }
    }

    /// Whether a whole empty line lies between two positions.
    fn blank_line_between(&self, from: usize, to: usize) -> bool {
        let lines: Vec<&str> = self.text[from.min(to)..to].split('\n').collect();
        lines.len() > 2
            && lines[1..lines.len() - 1]
                .iter()
                .any(|l| l.trim().is_empty())
    }

    fn indent(&mut self, depth: usize) {
        for _ in 0..depth {
            self.out.push_str("  ");
        }
    }
}

fn item_span(item: &Item) -> std::ops::Range<usize> {
    match item {
        Item::Block(b) => b.span.clone(),
        Item::Attribute(a) => a.span.clone(),
        Item::Include(i) => i.span.clone(),
    }
}

/// The widest key among the block's attributes, so their `=` line up.
fn key_width(items: &[Item]) -> usize {
    items
        .iter()
        .filter_map(|i| match i {
            Item::Attribute(a) => Some(a.key.name.chars().count()),
            _ => None,
        })
        .max()
        .unwrap_or(0)
}
