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
    /// Nothing but whitespace before it on its line: an allow comment there covers the
    /// next block, at the end of a line only that line, so this must survive formatting.
    own_line: bool,
    text: &'a str,
}

/// The canonical layout of `text`, whose syntax tree is `file`.
pub fn format(text: &str, file: &File) -> String {
    // A lone carriage return ends a line (language.md §1): the layout below reads line
    // feeds, so it is given one in its place (the same length: the tree's spans hold).
    let normalised;
    let text = if text.contains('\r') {
        normalised = lone_returns_as_line_feeds(text);
        normalised.as_str()
    } else {
        text
    };
    let comments = crate::syntax::comments(text)
        .into_iter()
        .map(|(start, own_line, _)| Comment {
            start,
            own_line,
            text: text[start..].lines().next().unwrap_or("").trim_end(),
        })
        .collect();
    let mut f = Formatter {
        text,
        tree: file,
        comments,
        next_comment: 0,
        // The layout is about the size of the text: one allocation, or a few (`put`).
        out: String::with_capacity(text.len() + text.len() / 8 + 64),
    };
    f.items(&file.items, 0, text.len());
    f.out.truncate(f.out.trim_end().len());
    f.out.push('\n');
    f.out
}

/// `text` with every carriage return not followed by a line feed replaced by one.
fn lone_returns_as_line_feeds(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut last = 0;
    for i in memchr::memchr_iter(b'\r', bytes) {
        if bytes.get(i + 1) != Some(&b'\n') {
            out.push_str(&text[last..i]);
            out.push('\n');
            last = i + 1;
        }
    }
    out.push_str(&text[last..]);
    out
}

struct Formatter<'a> {
    text: &'a str,
    tree: &'a File,
    comments: Vec<Comment<'a>>,
    next_comment: usize,
    out: String,
}

impl<'a> Formatter<'a> {
    /// Append to the layout, which grows by a quarter when full rather than doubling: a
    /// plan near the size limit is not held at twice its size for a few lines more.
    fn put(&mut self, s: &str) {
        if self.out.capacity() - self.out.len() < s.len() {
            self.out.reserve_exact(s.len().max(self.out.capacity() / 4));
        }
        self.out.push_str(s);
    }

    fn put_char(&mut self, c: char) {
        self.put(c.encode_utf8(&mut [0; 4]));
    }

    /// Write `items` at `depth`; comments before `end` that no item claimed follow them.
    fn items(&mut self, items: &[Item], depth: usize, end: usize) {
        let width = key_width(self.text, items);
        let mut prev_end: Option<usize> = None;
        for item in items {
            let span = item_span(self.tree, item);
            let last = self.leading_comments(span.start, depth, prev_end);
            if let Some(p) = last {
                if self.blank_line_between(p, span.start) && !self.out.ends_with("\n\n") {
                    self.put_char('\n');
                }
            }
            self.indent(depth);
            match item {
                Item::Attribute(a) => {
                    let key = a.key.name(self.text);
                    let pad = width.saturating_sub(key.chars().count());
                    self.put(key);
                    self.put(&" ".repeat(pad));
                    let eq = self.find_token(a.key.span.end, b'=');
                    if !self.gap_comments(a.key.span.end, eq, depth) {
                        self.put_char(' ');
                    }
                    self.put_char('=');
                    if !self.gap_comments(eq + 1, a.value.span.start, depth) {
                        self.put_char(' ');
                    }
                    let value = self.value(&a.value);
                    self.put(&value);
                }
                Item::Include(i) => {
                    self.put("include ");
                    self.put(&self.text[i.path_span.clone()]);
                }
                Item::Block(b) => self.block(self.tree.block(*b), depth),
            }
            self.trailing_comment(span.end);
            self.put_char('\n');
            prev_end = Some(span.end);
        }
        self.leading_comments(end, depth, prev_end);
    }

    fn block(&mut self, b: &'a Block, depth: usize) {
        let items = self.tree.items_of(b);
        self.put(&b.kind.name);
        let mut header_end = b.kind.span.end;
        if let Some(label) = &b.label {
            if !self.gap_comments(header_end, label.span.start, depth) {
                self.put_char(' ');
            }
            self.put(&self.text[label.span.clone()]);
            header_end = label.span.end;
        }
        let brace = self.find_token(header_end, b'{');
        if self.gap_comments(header_end, brace, depth) {
            // The brace starts a continuation line; the ` {` below adds a space.
            self.out.truncate(self.out.trim_end_matches(' ').len());
            self.indent(depth + 1);
            self.out.truncate(self.out.len() - 1);
        }
        let one_line = !self.text[b.span.clone()].contains('\n')
            && items.iter().all(|i| matches!(i, Item::Attribute(_)));
        if items.is_empty() && !self.comment_inside(brace, b.span.end) {
            self.put(" { }");
            return;
        }
        if one_line {
            let parts: Vec<String> = items
                .iter()
                .filter_map(|i| match i {
                    Item::Attribute(a) => Some(format!(
                        "{} = {}",
                        a.key.name(self.text),
                        self.value(&a.value)
                    )),
                    _ => None,
                })
                .collect();
            self.put(" { ");
            self.put(&parts.join("  "));
            self.put(" }");
            return;
        }
        self.put(" {");
        self.trailing_comment(brace + 1);
        self.put_char('\n');
        let close = b.span.end.saturating_sub(1);
        self.items(items, depth + 1, close);
        self.indent(depth);
        self.put_char('}');
    }

    /// A value as written, with lists normalised to `[a, b]` (kept verbatim when a comment
    /// sits inside the list, so the comment is not lost).
    fn value(&mut self, v: &Value) -> String {
        match &v.kind {
            ValueKind::List(items) => {
                if self.comment_inside(v.span.start, v.span.end) {
                    self.skip_comments_before(v.span.end);
                    // Line ends are the caller's business (`fmt` keeps CRLF files CRLF).
                    return self.text[v.span.clone()].replace("\r\n", "\n");
                }
                let parts: Vec<String> = items.iter().map(|i| self.value(i)).collect();
                format!("[{}]", parts.join(", "))
            }
            // A comment inside a value (`4 # note` then `weeks` on the next line) stays
            // where it was: the value is kept as written.
            _ if self.comment_inside(v.span.start, v.span.end) => {
                self.skip_comments_before(v.span.end);
                self.text[v.span.clone()].replace("\r\n", "\n")
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
        while let Some(&Comment { start, text, .. }) = self.comments.get(self.next_comment) {
            if start >= before {
                break;
            }
            if let Some(p) = last {
                if self.blank_line_between(p, start) && !self.out.ends_with("\n\n") {
                    self.put_char('\n');
                }
            }
            self.indent(depth);
            self.put(text);
            self.put_char('\n');
            last = Some(start + text.len());
            self.next_comment += 1;
        }
        last
    }

    /// A comment on the same line right after `end` belongs to the item ending there.
    fn trailing_comment(&mut self, end: usize) {
        if let Some(&c) = self.comments.get(self.next_comment) {
            let between = &self.text[end.min(c.start)..c.start];
            if c.start >= end && !between.contains('\n') && is_blank(between) {
                self.put("  ");
                self.put(c.text);
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
        lines.len() > 2 && lines[1..lines.len() - 1].iter().any(|l| is_blank(l))
    }

    /// Where the next `token` is at or after `from`, skipping whitespace and comments
    /// (the parser accepted the text, so it is there).
    fn find_token(&self, from: usize, token: u8) -> usize {
        let bytes = self.text.as_bytes();
        let mut i = from;
        while i < bytes.len() {
            match bytes[i] {
                b if b == token => return i,
                b'#' => {
                    while i < bytes.len() && bytes[i] != b'\n' {
                        i += 1;
                    }
                }
                _ => i += 1,
            }
        }
        from
    }

    /// Write the comments that sit between two tokens of one item (`key # why` `= value`,
    /// `kind # why` `"Label" {`), each where it was: at the end of the line or on a line
    /// of its own; the item continues on the next line, indented one step further.
    /// Returns whether there were any.
    fn gap_comments(&mut self, from: usize, to: usize, depth: usize) -> bool {
        let mut any = false;
        while let Some(&Comment {
            start,
            own_line,
            text,
        }) = self.comments.get(self.next_comment)
        {
            if start < from || start >= to {
                break;
            }
            let at_line_start = self
                .out
                .rsplit('\n')
                .next()
                .is_some_and(|l| l.trim().is_empty());
            if own_line && !at_line_start {
                self.out.truncate(self.out.trim_end_matches(' ').len());
                self.put_char('\n');
                self.indent(depth + 1);
            } else if !own_line {
                self.out.truncate(self.out.trim_end_matches(' ').len());
                self.put("  ");
            }
            self.put(text);
            self.put_char('\n');
            self.indent(depth + 1);
            self.next_comment += 1;
            any = true;
        }
        any
    }

    fn indent(&mut self, depth: usize) {
        for _ in 0..depth {
            self.put("  ");
        }
    }
}

/// Whitespace as the parser sees it: a stray byte-order mark counts too.
fn is_blank(s: &str) -> bool {
    s.chars().all(|c| c.is_whitespace() || c == '\u{FEFF}')
}

fn item_span(tree: &File, item: &Item) -> std::ops::Range<usize> {
    match item {
        Item::Block(b) => tree.block(*b).span.clone(),
        Item::Attribute(a) => a.span(),
        Item::Include(i) => i.span.clone(),
    }
}

/// The widest key among the block's attributes, so their `=` line up.
fn key_width(text: &str, items: &[Item]) -> usize {
    items
        .iter()
        .filter_map(|i| match i {
            Item::Attribute(a) => Some(a.key.name(text).chars().count()),
            _ => None,
        })
        .max()
        .unwrap_or(0)
}
