//! The block-structure walker: reads items one at a time, keeps a stack of open blocks
//! (no recursion, so deep nesting cannot overflow the stack), asks the pest grammar for
//! names, labels and values, and recovers from errors at the next attribute or block.
//!
//! Over 600 lines on purpose: the walker and its error recovery share one state (the
//! stack of open blocks, the brace balance, the last recovery); values and the common
//! misreadings of values are in `parser/values.rs` and `parser/misread.rs`.

use std::sync::Arc;

use pest::Parser as _;

use super::ast::{
    Attribute, Block, File, Ident, Include, Item, Items, Key, Label, Span, Value, ValueKind,
};
use super::grammar::{self, CxpParser, Rule};

mod misread;
mod values;
use super::lexer::{
    describe, is_ident, name_end, skip_trivia, skip_trivia_lines, string_end, token_end,
};
use crate::codes::Code;
use crate::diagnostic::Diagnostic;
use crate::source::SourceFile;

// The deepest nesting of blocks and lists, and the syntax errors reported per file, are
// `limits.nesting_depth` and `limits.syntax_errors` (src/limits.rs).

/// A block whose `{` has been read and whose `}` has not.
struct Open {
    kind: Ident,
    label: Option<Label>,
    header: Span,
    /// Beyond the depth cap, or opened by a stray `{`: its items are dropped.
    phantom: bool,
    /// Where its items start in [`Parser::held`].
    first: usize,
    /// Where its items start in [`Parser::nested`] while they are written there
    /// directly: the innermost block, until a block opens inside it (see
    /// [`Parser::push`]).
    direct: Option<usize>,
    /// Where the line holding its header starts (found once, read by the layout checks
    /// of the blocks inside it and of its own `}`).
    line_start: usize,
    /// Its kind's schema, if it is a kind of block (looked up once).
    schema: Option<&'static crate::schema::BlockSchema>,
}

/// A block header read before an error; the `{` found by recovery opens it.
struct Header {
    kind: Ident,
    label: Option<Label>,
    header: Span,
}

pub struct Parser<'a> {
    text: &'a str,
    file: &'a Arc<SourceFile>,
    pos: usize,
    stack: Vec<Open>,
    /// Open blocks that count towards the depth cap.
    depth: usize,
    items: Vec<Item>,
    /// The file's blocks and their items, as the tree holds them ([`File::blocks`],
    /// [`File::nested`]): the items this parser read are the first list, those of chunks
    /// read by other parsers ([`Parser::extend`]) the next ones.
    blocks: Vec<Block>,
    nested: Vec<Item>,
    lists: Vec<Vec<Item>>,
    /// The items of the open blocks that hold a block, outermost first: one list for
    /// all of them, so such a block's items are moved once, side by side into `nested`,
    /// when it closes. A block holding none (most blocks) writes its items straight
    /// into `nested`, where they stay.
    held: Vec<Item>,
    diags: Vec<Diagnostic>,
    pending: Option<Header>,
    /// Where the last recovery stopped: a `{` found there belongs to the broken item.
    recovered_at: Option<usize>,
    too_deep_reported: bool,
    /// A guess at which block lost its `}` (see `note_indentation`).
    suspect: Option<String>,
    /// Deepest nesting of blocks and of lists (`limits.nesting_depth`).
    max_depth: usize,
    /// Syntax errors reported before the parser stops (`limits.syntax_errors`).
    max_errors: usize,
    /// `{` minus `}` over the whole file (outside texts and comments): above zero a `}`
    /// is missing somewhere, below zero a `{`. Recovery uses it to tell a forgotten brace
    /// from a block written where it does not belong. Counted the first time recovery
    /// asks (see [`Parser::balance`]): a file that needs no recovery is not scanned for it.
    balance: Option<i64>,
    /// A block whose `}` seems to have been taken by the block around it (see `close`).
    lost_close: Option<(Span, String)>,
}

impl<'a> Parser<'a> {
    #[cfg(test)]
    pub fn new(file: &'a Arc<SourceFile>) -> Parser<'a> {
        Parser::with_limits(file, &crate::limits::Limits::default())
    }

    pub fn with_limits(file: &'a Arc<SourceFile>, limits: &crate::limits::Limits) -> Parser<'a> {
        let text: &str = &file.text;
        Parser {
            text,
            file,
            pos: 0,
            stack: Vec::new(),
            depth: 0,
            items: Vec::new(),
            blocks: Vec::new(),
            nested: Vec::new(),
            lists: Vec::new(),
            held: Vec::new(),
            diags: Vec::new(),
            pending: None,
            recovered_at: None,
            too_deep_reported: false,
            suspect: None,
            max_depth: limits.nesting_depth,
            max_errors: limits.syntax_errors,
            balance: None,
            lost_close: None,
        }
    }

    /// `{` minus `}` over the whole file, less what recovery has accounted for.
    fn balance(&mut self) -> i64 {
        let text = self.text;
        *self.balance.get_or_insert_with(|| brace_balance(text))
    }

    /// Recovery accounted for one brace: `by` is added to the balance.
    fn account(&mut self, by: i64) {
        let balance = self.balance() + by;
        self.balance = Some(balance);
    }

    /// Parse the whole file.
    pub fn run(mut self) -> (File, Vec<Diagnostic>) {
        self.make_room(0..self.text.len());
        self.items_until(self.text.len());
        self.finish()
    }

    /// Room in the tree's lists for what the text at `range` most likely holds: about an
    /// item per line, a block for every few (the lists are fitted to what they hold at
    /// the end), so they are not copied again and again as they grow. The held items
    /// are mostly the blocks of the programme: room for as many as there are blocks.
    fn make_room(&mut self, range: std::ops::Range<usize>) {
        let lines = self.file.line_index(range.end) - self.file.line_index(range.start) + 1;
        self.nested.reserve(lines);
        self.blocks.reserve(lines / 4);
        self.held.reserve(lines / 4);
    }

    /// Read items from the current position until `end` (an item boundary), the end of
    /// the file or the error cap.
    pub fn items_until(&mut self, end: usize) {
        let text = self.text;
        loop {
            if self.diags.len() >= self.max_errors {
                break;
            }
            self.pos = skip_trivia(text, self.pos);
            if self.pos >= end {
                break;
            }
            let Some(&byte) = text.as_bytes().get(self.pos) else {
                break;
            };
            match byte {
                b'}' => self.close(),
                b'{' => self.stray_open(),
                _ if byte.is_ascii_alphabetic() => self.item(),
                _ => {
                    let at = self.pos;
                    self.error(
                        self.token(at),
                        format!(
                            "expected an attribute (`name = value`), a block or `}}`, found {}",
                            describe(text, at)
                        ),
                    );
                    self.recover(token_end(text, at));
                }
            }
        }
    }

    /// A parser for the items of one chunk of a large file, which sit `depth` blocks deep.
    pub fn chunk(
        file: &'a Arc<SourceFile>,
        range: std::ops::Range<usize>,
        depth: usize,
        limits: &crate::limits::Limits,
    ) -> Parser<'a> {
        let mut parser = Parser::with_limits(file, limits);
        parser.make_room(range.clone());
        parser.pos = range.start;
        parser.depth = depth;
        parser
    }

    /// Whether everything read so far was well-formed, with `open` blocks still open.
    pub fn clean(&self, open: usize) -> bool {
        self.diags.is_empty() && self.stack.len() == open && self.pending.is_none()
    }

    /// Add the items of parts read elsewhere, in turn, to the innermost open block.
    pub fn extend(&mut self, parts: Vec<File>) {
        // Room for all their blocks at once, and the blocks still open: no list of
        // blocks copied as it grows.
        let more: usize = parts.iter().map(|p| p.blocks.len()).sum();
        self.blocks.reserve_exact(more + self.stack.len());
        for part in parts {
            self.extend_one(part);
        }
    }

    /// Add the items of a part read elsewhere to the innermost open block. Its blocks
    /// now stand after the ones already read, and its lists of items after this parser's:
    /// moved, not copied.
    fn extend_one(&mut self, part: File) {
        let blocks = self.blocks.len();
        let lists = 1 + self.lists.len();
        let moved = |item: &mut Item| {
            if let Item::Block(id) = item {
                *id += blocks;
            }
        };
        for mut list in part.nested {
            list.iter_mut().for_each(moved);
            self.lists.push(list);
        }
        self.blocks.extend(part.blocks.into_iter().map(|mut b| {
            b.items.list += lists;
            b
        }));
        for mut item in part.items {
            moved(&mut item);
            self.push(item);
        }
    }

    /// What was read (a chunk's items, or the whole tree), its lists sized to what they
    /// hold: the tree is kept while the plan is linted or formatted.
    pub fn into_part(mut self) -> File {
        self.nested.shrink_to_fit();
        self.blocks.shrink_to_fit();
        let mut nested = Vec::with_capacity(1 + self.lists.len());
        nested.push(self.nested);
        nested.append(&mut self.lists);
        File {
            items: self.items,
            nested,
            blocks: self.blocks,
        }
    }

    pub fn set_pos(&mut self, pos: usize) {
        self.pos = pos;
    }

    pub fn finish(mut self) -> (File, Vec<Diagnostic>) {
        let end = self.text.len();
        if let Some(open) = self.stack.iter().rev().find(|o| !o.phantom) {
            if self.diags.len() < self.max_errors {
                // The block whose `}` the last one seems to have taken, else the one open.
                let (header, name) = self.lost_close.take().unwrap_or_else(|| {
                    (
                        open.header.clone(),
                        block_name(&open.kind, open.label.as_ref()),
                    )
                });
                let line = self.file.line(header.start);
                let message = format!(
                    "the file ends before {name} (line {line}) is closed: a `}}` is missing"
                );
                self.error(end..end, message);
                if let (Some(help), Some(d)) = (self.suspect.take(), self.diags.last_mut()) {
                    d.help = Some(help);
                }
            }
        }
        while !self.stack.is_empty() {
            self.pop(end);
        }
        let diags = std::mem::take(&mut self.diags);
        (self.into_part(), diags)
    }

    fn error(&mut self, span: Span, message: impl Into<String>) {
        if self.diags.len() < self.max_errors {
            let mut d = Diagnostic::error(Code::E001, self.file, span, message);
            if self.diags.len() + 1 == self.max_errors {
                d.help = Some(format!(
                    "cxlint stops reading a file after {} syntax errors (limits.syntax_errors in cxlint.yaml)",
                    self.max_errors
                ));
            }
            self.diags.push(d);
        }
    }

    fn error_with_help(&mut self, span: Span, message: impl Into<String>, help: &str) {
        let before = self.diags.len();
        self.error(span, message);
        if self.diags.len() > before {
            if let Some(d) = self.diags.last_mut() {
                d.help = Some(match d.help.take() {
                    Some(stop) => format!("{help}; {stop}"),
                    None => help.to_string(),
                });
            }
        }
    }

    /// The span of the token at `pos` (empty at the end of the file).
    fn token(&self, pos: usize) -> Span {
        pos..token_end(self.text, pos)
    }

    fn push(&mut self, item: Item) {
        match self.stack.last_mut() {
            Some(open) if open.phantom => {}
            Some(open) if open.direct.is_some() => self.nested.push(item),
            Some(_) => self.held.push(item),
            None => self.items.push(item),
        }
    }

    /// Skip tokens from `from` up to the next `}`, `{`, attribute or block.
    fn recover(&mut self, from: usize) {
        let text = self.text;
        let mut p = from;
        loop {
            p = skip_trivia(text, p);
            match text.as_bytes().get(p) {
                None | Some(b'}') | Some(b'{') => break,
                Some(b) if b.is_ascii_alphabetic() && self.is_item_start(p) => break,
                Some(_) => p = token_end(text, p).max(p + 1),
            }
        }
        self.pos = p;
        self.recovered_at = Some(p);
    }

    /// Whether a name at `pos` starts an attribute (`name =`) or a block (`name {`,
    /// `name "label"`).
    fn is_item_start(&self, pos: usize) -> bool {
        self.item_follows(name_end(self.text, pos))
    }

    /// Whether what follows a name ending at `end` makes it an item's.
    fn item_follows(&self, end: usize) -> bool {
        let after = skip_trivia(self.text, end);
        matches!(self.text.as_bytes().get(after), Some(b'=' | b'{' | b'"'))
    }

    fn close(&mut self) {
        let at = self.pos;
        self.pos += 1;
        self.pending = None;
        if self.stack.is_empty() {
            self.error(at..at + 1, "this `}` closes nothing");
        } else {
            // In a file short of a `}`, a `}` indented less than the block it closes most
            // likely belongs to the block around it: this block is the one that lost its
            // `}`, which a later error names.
            if self.lost_close.is_none() {
                let lost = self.stack.last().filter(|o| !o.phantom).and_then(|top| {
                    // Where the lines start, not their numbers: a `}` on a later line.
                    let line = self.file.start_of_line_at(at);
                    let header_line = top.line_start;
                    (line > header_line && self.indent_from(line) < self.indent_from(header_line))
                        .then(|| {
                            (
                                top.header.clone(),
                                block_name(&top.kind, top.label.as_ref()),
                            )
                        })
                });
                if lost.is_some() && self.balance() > 0 {
                    self.lost_close = lost;
                }
            }
            self.pop(at + 1);
        }
    }

    fn pop(&mut self, end: usize) {
        let Some(open) = self.stack.pop() else {
            return;
        };
        if open.phantom {
            return;
        }
        self.depth -= 1;
        let first = match open.direct {
            Some(first) => first,
            None => {
                let first = self.nested.len();
                self.nested.extend(self.held.drain(open.first..));
                first
            }
        };
        let id = self.blocks.len();
        self.blocks.push(Block {
            span: open.kind.span.start..end,
            kind: open.kind,
            label: open.label,
            header: open.header,
            items: Items {
                list: 0,
                start: first,
                end: self.nested.len(),
            },
        });
        self.push(Item::Block(id));
    }

    /// A `{` where an item should start: it opens the block whose header was broken, or
    /// a block with no kind (whose contents are dropped, but whose `}` still matches).
    fn stray_open(&mut self) {
        let at = self.pos;
        self.pos += 1;
        if let Some(h) = self.pending.take() {
            self.open(h.kind, h.label, h.header);
            return;
        }
        if self.recovered_at != Some(at) {
            self.error_with_help(
                at..at + 1,
                "this `{` opens a block with no kind",
                "a block starts with its kind and label, like `unit \"Sales\" {`",
            );
        }
        self.stack.push(Open {
            kind: Ident {
                name: Default::default(),
                span: at..at,
            },
            label: None,
            header: at..at,
            phantom: true,
            first: self.held.len(),
            direct: None,
            line_start: self.file.start_of_line_at(at),
            schema: None,
        });
    }

    fn open(&mut self, kind: Ident, label: Option<Label>, header: Span) {
        let schema = crate::schema::block(&kind.name);
        if schema.is_some() {
            self.close_forgotten(&kind, label.as_ref(), &header);
        }
        let inside_phantom = self.stack.last().is_some_and(|o| o.phantom);
        let phantom = inside_phantom || self.depth >= self.max_depth;
        if phantom && !inside_phantom && !self.too_deep_reported {
            self.too_deep_reported = true;
            self.error_with_help(
                header.clone(),
                format!(
                    "blocks are nested too deeply here (more than {} levels)",
                    self.max_depth
                ),
                &depth_help(),
            );
        }
        let line_start = self.file.start_of_line_at(header.start);
        if !phantom {
            self.depth += 1;
            self.note_indentation(&kind, label.as_ref(), &header, line_start);
            // The items written so far by the block around this one move aside: this
            // block's items now follow them in `nested`.
            if let Some(outer) = self.stack.last_mut() {
                if let Some(from) = outer.direct.take() {
                    self.held.extend(self.nested.drain(from..));
                }
            }
        }
        self.stack.push(Open {
            kind,
            label,
            header,
            phantom,
            first: self.held.len(),
            direct: (!phantom).then_some(self.nested.len()),
            line_start,
            schema,
        });
    }

    /// In a file short of a `}`, a block that cannot stand inside the open block but can
    /// inside one around it shows where the `}` was forgotten: say so once, at the header
    /// of the block left open, and close it (and any open inside it) there, so the rest of
    /// the file is read as written instead of as a cascade of misplaced blocks.
    /// `kind` is a kind of block.
    fn close_forgotten(&mut self, kind: &Ident, label: Option<&Label>, header: &Span) {
        self.close_before(&kind.name, || block_name(kind, label), header);
    }

    /// [`Self::close_forgotten`] for an item of kind `item` (a block kind, or `include`,
    /// which stands only in a programme), shown as `shown()` says, starting at `header`.
    fn close_before(&mut self, item: &str, shown: impl FnOnce() -> String, header: &Span) {
        // Whether a block of a known kind may hold the item.
        let allows = |schema: &crate::schema::BlockSchema| {
            if item == "include" {
                schema.kind == "programme"
            } else {
                schema.children.contains(&item)
            }
        };
        let Some(top) = self.stack.last() else {
            return;
        };
        if top.phantom || top.schema.map_or(true, allows) {
            return;
        }
        if self.balance() <= 0 {
            return;
        }
        // The open block that may hold the item; in a fragment (no programme block), the
        // top level of the file, where a programme's items stand.
        let keep = match self
            .stack
            .iter()
            .rposition(|o| !o.phantom && o.schema.is_some_and(allows))
        {
            Some(i) => i + 1,
            None if self.stack[0].kind.name != "programme"
                && crate::schema::block("programme").is_some_and(allows) =>
            {
                0
            }
            None => return,
        };
        let unclosed = &self.stack[keep];
        let line = self.file.line(header.start);
        // Only where the layout agrees: the item starts on a later line, indented no
        // deeper than the block left open (as if written beside it).
        let open_line = self.file.line(unclosed.header.start);
        if line <= open_line || self.indent(line) > self.indent(open_line) {
            return;
        }
        let (at, name) = match self.lost_close.take() {
            Some(lost) => lost,
            None => (
                unclosed.header.clone(),
                block_name(&unclosed.kind, unclosed.label.as_ref()),
            ),
        };
        let message = format!(
            "{name} opened here is not closed before {} (line {line})",
            shown()
        );
        let help = format!("add the `}}` that ends {name} after its last line");
        self.error_with_help(at, message, &help);
        // One brace is accounted for: a second forgotten one is reported on its own.
        self.account(-1);
        self.suspect = None;
        let end = self.text[..header.start].trim_end().len();
        while self.stack.len() > keep {
            self.pop(end);
        }
    }

    /// A block opened on a later line but indented no deeper than the block around it
    /// suggests that block lost its `}`: remembered for the end-of-file error. `start` is
    /// where the line of the new block's header starts.
    fn note_indentation(
        &mut self,
        kind: &Ident,
        label: Option<&Label>,
        header: &Span,
        start: usize,
    ) {
        if self.suspect.is_some() {
            return;
        }
        let Some(parent) = self.stack.last().filter(|o| !o.phantom) else {
            return;
        };
        // Where the lines start, not their numbers: those only for the message.
        let parent_start = parent.line_start;
        if start > parent_start && self.indent_from(start) <= self.indent_from(parent_start) {
            let parent_line = self.file.line(parent.header.start);
            let line = self.file.line(header.start);
            self.suspect = Some(format!(
                "{} (line {parent_line}) may be missing its `}}`: {} on line {line} is \
                 indented like it",
                block_name(&parent.kind, parent.label.as_ref()),
                block_name(kind, label),
            ));
        }
    }

    /// How many spaces and tabs start a line.
    fn indent(&self, line: usize) -> usize {
        self.indent_from(self.file.line_start(line))
    }

    /// How many spaces and tabs start the line that starts at byte `start`.
    fn indent_from(&self, start: usize) -> usize {
        self.text[start..]
            .bytes()
            .take_while(|b| matches!(b, b' ' | b'\t'))
            .count()
    }

    /// An item starting with a name at `self.pos`.
    fn item(&mut self) {
        let text = self.text;
        self.pending = None;
        let start = self.pos;
        let end = name_end(text, start);
        let name = &text[start..end];
        if !is_ident(name) {
            self.error_with_help(
                start..end,
                format!("`{name}` is not a valid name"),
                "names of blocks and attributes use lower-case letters, digits and `_`, \
                 and start with a letter",
            );
        }
        // A block's kind keeps its name; an attribute's key is only where it stands.
        let ident = || Ident {
            name: name.into(),
            span: start..end,
        };
        let (after, line_ended) = skip_trivia_lines(text, end);
        match text.as_bytes().get(after) {
            Some(b'=') => self.attribute(Key { span: start..end }, after),
            Some(b'"') => self.labelled(ident(), after),
            Some(b'{') => {
                self.pos = after + 1;
                self.open(ident(), None, start..end);
            }
            _ if name == "include" => {
                self.error(
                    self.token(after),
                    format!(
                        "expected the path of the included file in quotes after `include`, \
                         found {}",
                        describe(text, after)
                    ),
                );
                self.recover(after);
            }
            Some(b)
                if b.is_ascii_alphabetic()
                    && self.is_item_start(after)
                    && crate::schema::block(name).is_some_and(|s| !s.labelled)
                    && self.balance() < 0 =>
            {
                // `strategy` followed by its attributes: the `{` was forgotten.
                self.error_with_help(
                    end..end,
                    format!("the `{{` that opens `{name}` is missing"),
                    &format!("write `{{` after `{name}`, on the same line"),
                );
                self.account(1);
                self.pos = end;
                self.open(ident(), None, start..end);
            }
            _ if misread::odd_quote(text, after) && crate::schema::block(name).is_some() => {
                // `segment “Families” {`: a label in curly or single quotes.
                let help = misread::quote_help(text, after);
                self.error_with_help(
                    self.token(after),
                    format!("the label of this {name} is not in straight double quotes"),
                    &help,
                );
                self.recover(after);
            }
            _ => {
                self.error_with_help(
                    self.token(after),
                    format!(
                        "expected `=` after `{name}`, found {}",
                        describe(text, after)
                    ),
                    "an attribute is written `name = value`; a block `kind \"Label\" { ... }`",
                );
                self.recover(after);
                // Most likely an attribute missing its `=`: it counts as present, its
                // value being the token in place of the `=` when on the same line.
                let same_line = !line_ended;
                let value_span = match text.as_bytes().get(after) {
                    Some(b) if same_line && *b != b'}' => self.token(after),
                    _ => end..end,
                };
                let value = Value {
                    kind: ValueKind::Invalid,
                    span: value_span,
                };
                let key = Key { span: start..end };
                self.push(Item::Attribute(Attribute { key, value }));
            }
        }
    }

    /// `kind "label" {` or `include "path"`, the label starting at `at`.
    fn labelled(&mut self, kind: Ident, at: usize) {
        let text = self.text;
        let end = match string_end(text, at) {
            Ok(end) => end,
            Err(eol) => return self.unclosed_label(kind, at, eol),
        };
        let label = self.label_text(at, end);
        let after = skip_trivia(text, label.span.end);
        if text.as_bytes().get(after) == Some(&b'{') {
            self.pos = after + 1;
            let header = kind.span.start..label.span.end;
            self.open(kind, Some(label), header);
        } else if kind.name == "include" {
            self.pos = label.span.end;
            let span = kind.span.start..label.span.end;
            self.close_before("include", || "`include`".to_string(), &span);
            self.push(Item::Include(Include {
                path: label.value.into(),
                path_span: label.span,
                span,
            }));
            self.check_line_end();
        } else if text
            .as_bytes()
            .get(after)
            .is_some_and(u8::is_ascii_alphabetic)
            && (text[label.span.end..after].contains('\n') || self.is_item_start(after))
            && self.balance() < 0
        {
            // The file is short of a `{` and the header ends its line, its contents
            // following: the `{` was forgotten. Read the block as if it were there.
            let name = block_name(&kind, Some(&label));
            self.error_with_help(
                label.span.end..label.span.end,
                format!("the `{{` that opens {name} is missing"),
                &format!("write `{{` after {name}, on the same line"),
            );
            self.account(1);
            self.pos = label.span.end;
            let header = kind.span.start..label.span.end;
            self.open(kind, Some(label), header);
        } else {
            let name = block_name(&kind, Some(&label));
            self.error(
                self.token(after),
                format!(
                    "expected `{{` after {name}, found {}",
                    describe(text, after)
                ),
            );
            self.pending = Some(Header {
                header: kind.span.start..label.span.end,
                kind,
                label: Some(label),
            });
            self.recover(after);
            if text.as_bytes().get(self.pos) != Some(&b'{') {
                self.pending = None;
            }
        }
    }

    /// A label whose closing quote is missing. When its line holds a `{` (`unit "Care {`)
    /// the label ends before the `{`, which opens the block.
    fn unclosed_label(&mut self, kind: Ident, at: usize, eol: usize) {
        let text = self.text;
        self.unclosed_string(at, eol);
        let Some(brace) = text[at..eol].find('{').map(|i| at + i) else {
            self.recover(eol);
            return;
        };
        let label_end = text[..brace].trim_end().len();
        self.pending = Some(Header {
            header: kind.span.start..label_end,
            kind,
            label: Some(Label {
                value: text[at + 1..label_end].into(),
                span: at..label_end,
            }),
        });
        self.pos = brace;
        self.recovered_at = Some(brace);
    }

    /// The label `text[at..end]` (quotes included), its escapes decoded. A bad escape is
    /// reported and the label kept as written, so its block still opens.
    fn label_text(&mut self, at: usize, end: usize) -> Label {
        let quoted = &self.text[at..end];
        // Without escapes, a text closed on its line is what the grammar reads.
        if !quoted.contains('\\') {
            return Label {
                value: quoted[1..quoted.len() - 1].into(),
                span: at..end,
            };
        }
        let read =
            CxpParser::parse(Rule::string, quoted).is_ok_and(|p| p.as_str().len() == quoted.len());
        let decoded = if read {
            grammar::unescape(quoted, at).map_err(|e| (e.span, e.message))
        } else {
            Err((at..end, "this text cannot be read".to_string()))
        };
        let value = decoded.unwrap_or_else(|(span, message)| {
            self.error(span, message);
            quoted.trim_matches('"').to_string()
        });
        Label {
            value: value.into(),
            span: at..end,
        }
    }

    fn unclosed_string(&mut self, at: usize, eol: usize) {
        let shown: String = self.text[at..eol].chars().take(40).collect();
        let more = if shown.len() < eol - at { "..." } else { "" };
        self.error_with_help(
            at..eol,
            format!("the text {shown}{more} is not closed before the end of the line"),
            "add the closing `\"`; a text cannot run over several lines (write `\\n` for a \
             line break)",
        );
    }
}

/// What to do about nesting beyond `limits.nesting_depth`.
fn depth_help() -> String {
    format!(
        "nest blocks and lists less deeply, or raise limits.nesting_depth in cxlint.yaml (at most {})",
        crate::limits::NESTING_DEPTH.ceiling
    )
}

/// `unit "Care"`, or `strategy` for an unlabelled block.
fn block_name(kind: &Ident, label: Option<&Label>) -> String {
    match label {
        Some(l) => format!("`{} \"{}\"`", kind.name, l.value),
        None => format!("`{}`", kind.name),
    }
}

/// `{` minus `}` in `text`, outside quoted texts and comments.
fn brace_balance(text: &str) -> i64 {
    let bytes = text.as_bytes();
    let mut balance = 0i64;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'{' => balance += 1,
            b'}' => balance -= 1,
            b'#' => {
                i = super::lexer::line_end(text, i);
                continue;
            }
            b'"' => {
                i = string_end(text, i).unwrap_or_else(|eol| eol);
                continue;
            }
            _ => {}
        }
        i += 1;
    }
    balance
}
