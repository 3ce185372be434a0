//! Walking the syntax tree of one root: blocks, keys (E002), required attributes (E010),
//! with the state the other parts of the builder share. Labels are checked in
//! `labels.rs`.

use super::fixable::{kind_fits, text_spans, written_spans};
use super::*;

pub(super) fn build_root(
    loaded: &Arc<Loaded>,
    tree: &ast::File,
    block: &ast::Block,
    cache: &Cache,
) -> Built {
    // Room for every block of the root file (an include makes room for its own), and
    // for each one's label.
    let blocks = tree.blocks.len();
    let mut b = Builder {
        cache,
        programme_currency: None,
        nodes: Vec::with_capacity(blocks),
        files: vec![loaded.file.clone()],
        dirs: vec![loaded.dir.clone()],
        canon: vec![loaded.canonical.clone()],
        root_dir: loaded.dir.clone(),
        stack: loaded.canonical.iter().cloned().collect(),
        include_count: 0,
        included_at: HashMap::new(),
        labels: super::labels::Labels::with_capacity(blocks),
        pending: Vec::new(),
        pending_spans: Vec::new(),
        spare: Vec::new(),
        written_parent: Set::default(),
        counts: Map::default(),
        diags: loaded.diags.clone(),
        allows: loaded.allows.clone(),
        capped: crate::cap::Capped::new(cache.limits.diagnostics_per_file),
        trial: false,
    };
    b.block(tree, block, 0, None);
    b.resolve_references();
    b.check_currency();
    b.check_org_chart();
    let fragments = b
        .canon
        .iter()
        .cloned()
        .zip(b.files.iter().cloned())
        .skip(1)
        .collect();
    if !b.capped.is_empty() {
        for d in std::mem::take(&mut b.diags) {
            b.capped.push(d);
        }
        b.diags = std::mem::replace(&mut b.capped, crate::cap::Capped::new(0)).finish();
    }
    let programme = b.diags.is_empty().then(|| Programme {
        nodes: std::mem::take(&mut b.nodes),
        files: b.files.clone(),
        allows: std::mem::take(&mut b.allows),
    });
    Built {
        programme,
        diags: b.diags,
        fragments,
    }
}

pub(super) struct Builder<'c> {
    pub(super) cache: &'c Cache<'c>,
    /// The programme's currency once read, for the help of an amount written without one.
    pub(super) programme_currency: Option<String>,
    /// The allow comments of the programme's files.
    pub(super) allows: Vec<Allow>,
    pub(super) nodes: Vec<Node>,
    /// The files of the programme (root first), with their real directory and path.
    pub(super) files: Vec<Arc<SourceFile>>,
    pub(super) dirs: Vec<Option<PathBuf>>,
    pub(super) canon: Vec<Option<PathBuf>>,
    pub(super) root_dir: Option<PathBuf>,
    /// Real paths of the files being included, root first (cycle detection).
    pub(super) stack: Vec<PathBuf>,
    pub(super) include_count: usize,
    /// Fragment already spliced -> the include that spliced it.
    pub(super) included_at: HashMap<PathBuf, Loc>,
    /// The first block of each label by parent and kind, and how it looks: duplicate
    /// and look-alike labels, and reference targets. One map for every parent and
    /// kind, not a map for each.
    pub(super) labels: Labels,
    /// Attributes holding references, resolved once every block is known. Each with
    /// where the spans of its names in quotes, in order, stand in `pending_spans` (for
    /// the fixes of E006): one list for all of them.
    pub(super) pending: Vec<(NodeId, usize, Range<usize>)>,
    pub(super) pending_spans: Vec<Range<usize>>,
    /// Lists of keys written, emptied, for the next block to fill (see [`Open::present`]):
    /// a block does not allocate its own.
    pub(super) spare: Vec<Vec<(&'static str, Loc)>>,
    /// Blocks of a kind with a maximum (`strategy`) seen per parent.
    pub(super) counts: Map<(NodeId, &'static str), usize>,
    /// Units with a `parent` attribute written, even one that did not type.
    pub(super) written_parent: Set<NodeId>,
    pub(super) diags: Vec<Diagnostic>,
    /// Diagnostics moved out of `diags` under the per-file cap, so a file with millions
    /// of errors does not hold them all (see [`Builder::error`]).
    pub(super) capped: crate::cap::Capped,
    /// While a value is typed on trial (a fix checked), `diags` must stay as it is.
    pub(super) trial: bool,
}

pub(super) use super::labels::Labels;

/// A block being built: its schema and what its items gave so far.
pub(super) struct Open<'t> {
    pub(super) id: NodeId,
    pub(super) schema: &'static BlockSchema,
    pub(super) attrs: Vec<Attr>,
    /// Keys written (valid or not) and where, for E005 and E010; `seen` has the bit of
    /// each one's place in the schema's attributes.
    pub(super) present: Vec<(&'static str, Loc)>,
    pub(super) seen: u64,
    /// Keys suggested for misspelt ones: not reported missing as well (E010).
    pub(super) meant: Vec<&'static str>,
    /// The items written directly in the block: a misspelt key is only corrected to a
    /// key the block does not hold already.
    pub(super) items: &'t [ast::Item],
}

/// Where an attribute's value is being typed, for messages.
pub(super) struct At {
    pub(super) file: usize,
    pub(super) span: Range<usize>,
    pub(super) key: &'static str,
    pub(super) node: NodeId,
    pub(super) kind: &'static str,
    /// The range the value must lie in (the schema's).
    pub(super) bound: crate::schema::Bound,
    /// Typing one item of a list.
    pub(super) item: bool,
}

impl Builder<'_> {
    pub(super) fn loc(&self, file: usize, span: &Range<usize>) -> Loc {
        Loc {
            file,
            span: span.clone(),
        }
    }

    pub(super) fn error(
        &mut self,
        code: Code,
        file: usize,
        span: Range<usize>,
        node: NodeId,
        message: impl Into<String>,
        help: Option<String>,
    ) {
        let mut d = Diagnostic::error(code, &self.files[file], span, message)
            .with_block(self.nodes[node].key())
            .with_block_path(crate::model::block_path(&self.nodes, node));
        d.help = help;
        // Past a few times the cap, what is held goes through the cap, so memory follows
        // the cap and not the number of errors. Not on trial, nor the last one reported
        // (a fix may still be attached to it).
        let flush_at = self
            .cache
            .limits
            .diagnostics_per_file
            .saturating_mul(4)
            .max(4096);
        if !self.trial && self.diags.len() >= flush_at {
            for held in self.diags.drain(..) {
                self.capped.push(held);
            }
        }
        self.diags.push(d);
    }

    /// Attach a fix to the diagnostic just reported.
    pub(super) fn fix_last(&mut self, fix: Fix) {
        if let Some(d) = self.diags.last_mut() {
            d.fixes.push(fix);
        }
    }

    /// Whether the value of `a` would be accepted under the key `key` of the open block:
    /// it is typed there and then, and whatever that reports is dropped.
    pub(super) fn would_type(
        &mut self,
        a: &ast::Attribute,
        key: &str,
        file: usize,
        open: &Open,
    ) -> bool {
        let Some(sch) = open.schema.attr(key) else {
            return false;
        };
        let reported = self.diags.len();
        let currency = self.programme_currency.clone();
        let trial = std::mem::replace(&mut self.trial, true);
        let typed = self.type_attribute(a, sch, file, open);
        self.trial = trial;
        self.programme_currency = currency;
        let clean = self.diags.len() == reported;
        self.diags.truncate(reported);
        typed.is_some() && clean
    }

    /// The value of `a` typed as the attribute `sch` of the open block.
    fn type_attribute(
        &mut self,
        a: &ast::Attribute,
        sch: &'static crate::schema::AttrSchema,
        file: usize,
        open: &Open,
    ) -> Option<TypedValue> {
        let at = At {
            file,
            span: a.span(),
            key: sch.key,
            node: open.id,
            kind: open.schema.kind,
            bound: sch.bound,
            item: false,
        };
        if std::ptr::eq(open.schema, &schema::PROGRAMME) && sch.key == "currency" {
            self.currency(&a.value, &at)
        } else {
            self.typed(&sch.ty, &a.value, &at)
        }
    }

    pub(super) fn line_of(&self, loc: &Loc) -> usize {
        self.files[loc.file].line(loc.span.start)
    }

    /// Build a block (known to be allowed where it is) and its children.
    pub(super) fn block(
        &mut self,
        tree: &ast::File,
        b: &ast::Block,
        file: usize,
        parent: Option<NodeId>,
    ) -> NodeId {
        let items = tree.items_of(b);
        let schema = schema::block(&b.kind.name).unwrap_or(&schema::PROGRAMME);
        let id = self.nodes.len();
        let label = if schema.labelled {
            b.label.as_ref().map(|l| l.value.clone())
        } else {
            None
        };
        // Room for every child block written here (an include may add more) and every
        // attribute the block can end up with (those written, and defaults).
        let (blocks, attributes) = items.iter().fold((0, 0), |(n, a), i| match i {
            ast::Item::Block(_) => (n + 1, a),
            ast::Item::Attribute(_) => (n, a + 1),
            ast::Item::Include(_) => (n, a),
        });
        let node = Node {
            id,
            kind: schema.kind,
            label,
            parent,
            children: Vec::with_capacity(blocks),
            attrs: Vec::new(),
            header: self.loc(file, &b.header),
            full: self.loc(file, &b.span),
        };
        self.nodes.push(node);
        if let Some(p) = parent {
            self.nodes[p].children.push(id);
        }
        self.check_label(b, file, schema, id, parent.unwrap_or(usize::MAX));

        let mut open = Open {
            id,
            schema,
            attrs: Vec::with_capacity((attributes + schema.defaults()).min(schema.attrs.len())),
            present: self.spare.pop().unwrap_or_default(),
            seen: 0,
            meant: Vec::new(),
            items,
        };
        self.items(tree, items, file, &mut open);
        self.finish(b, file, open);
        id
    }

    /// ` of org/units.cxp` when `loc` is in another file than `file`.
    pub(super) fn place(&self, loc: &Loc, file: usize) -> String {
        if loc.file == file {
            String::new()
        } else {
            format!(" of {}", self.files[loc.file].path)
        }
    }

    pub(super) fn items(
        &mut self,
        tree: &ast::File,
        items: &[ast::Item],
        file: usize,
        open: &mut Open,
    ) {
        for item in items {
            match item {
                ast::Item::Attribute(a) => self.attribute(a, file, open),
                ast::Item::Block(b) => self.child_block(tree, tree.block(*b), file, open),
                ast::Item::Include(inc) => {
                    if open.schema.kind == "programme" {
                        self.include(inc, file, open);
                    } else {
                        self.error(
                            Code::E002,
                            file,
                            inc.span.clone(),
                            open.id,
                            format!(
                                "an include cannot stand inside {} {} block",
                                schema::article(open.schema.kind),
                                schema::kind_words(open.schema.kind)
                            ),
                            Some("put the include directly inside the programme block".into()),
                        );
                    }
                }
            }
        }
    }

    pub(super) fn child_block(
        &mut self,
        tree: &ast::File,
        b: &ast::Block,
        file: usize,
        open: &mut Open,
    ) {
        let name = b.kind.name.as_str();
        let known = schema::block(name);
        if known.is_some_and(|s| open.schema.children.contains(&s.kind)) {
            self.block(tree, b, file, Some(open.id));
            return;
        }
        let here = schema::kind_words(open.schema.kind);
        match known {
            Some(s) => {
                let message = if s.kind == "programme" {
                    "a programme cannot stand inside another block".to_string()
                } else {
                    format!(
                        "{} {} block cannot stand inside {} {here} block",
                        schema::article(s.kind),
                        schema::kind_words(s.kind),
                        schema::article(&here)
                    )
                };
                let help = if s.parent.is_empty() {
                    "a programme block stands alone at the top of its file".to_string()
                } else if s.kind == "unit" && open.schema.kind == "unit" {
                    "the org chart is not drawn by nesting: write this unit beside the other, \
                     inside the programme, with `parent = \"…\"` naming the unit above it"
                        .to_string()
                } else {
                    format!(
                        "move it into {} {} block",
                        schema::article(s.parent),
                        schema::kind_words(s.parent)
                    )
                };
                self.error(
                    Code::E002,
                    file,
                    b.header.clone(),
                    open.id,
                    message,
                    Some(help),
                );
            }
            None => {
                let closest = suggest::closest(name, open.schema.children.iter().copied());
                let help = match closest.map(|(s, _)| s) {
                    Some(s) => format!("did you mean `{s}`?"),
                    None if open.schema.children.is_empty() => {
                        format!("{} {here} block holds no blocks", schema::article(&here))
                    }
                    None => format!(
                        "{} {here} block may hold: {}",
                        schema::article(&here),
                        open.schema.children.join(", ")
                    ),
                };
                self.error(
                    Code::E002,
                    file,
                    b.header.clone(),
                    open.id,
                    format!("`{name}` is not a kind of block"),
                    Some(help),
                );
                if let Some((s, clear)) = closest {
                    if kind_fits(s, &self.files[file].text, tree, b) {
                        self.fix_last(Fix::replace(
                            format!("write `{s}`"),
                            clear,
                            b.kind.span.clone(),
                            s,
                        ));
                    }
                }
            }
        }
    }

    pub(super) fn attribute(&mut self, a: &ast::Attribute, file: usize, open: &mut Open) {
        let Some((at, sch)) = open.schema.attr_at(a.key.name(&self.files[file].text)) else {
            // The text, held apart from the builder, which reports below.
            let source = Arc::clone(&self.files[file]);
            let name = a.key.name(&source.text);
            let here = schema::kind_words(open.schema.kind);
            let keys = || open.schema.attrs.iter().map(|s| s.key);
            let closest = suggest::closest(name, keys());
            let suggestion = closest.map(|(s, _)| s);
            if let Some(s) = suggestion {
                open.meant.push(s);
            }
            let help = match suggestion {
                Some(s) => format!("did you mean `{s}`?"),
                None if open.schema.children.contains(&name) => {
                    format!("`{name}` is a block: write `{name} \"Name\" {{ … }}`")
                }
                None => format!(
                    "{} {here} takes: {}",
                    schema::article(&here),
                    keys().collect::<Vec<_>>().join(", ")
                ),
            };
            self.error(
                Code::E002,
                file,
                a.span(),
                open.id,
                format!(
                    "{} {here} has no attribute `{name}`",
                    schema::article(&here)
                ),
                Some(help),
            );
            if let Some((s, clear)) = closest {
                let text = &self.files[file].text;
                let key = |r: &Range<usize>| text.get(r.clone()).unwrap_or_default();
                let written = written_spans(open.items);
                let once = written.iter().filter(|r| key(r) == name).count() == 1;
                let taken = written.iter().any(|r| key(r) == s);
                if once && !taken && self.would_type(a, s, file, open) {
                    self.fix_last(Fix::replace(
                        format!("write `{s}`"),
                        clear,
                        a.key.span.clone(),
                        s,
                    ));
                }
            }
            return;
        };
        let loc = self.loc(file, &a.span());
        let bit = 1u64 << at;
        if let Some((_, first)) = (open.seen & bit != 0)
            .then(|| open.present.iter().find(|(k, _)| *k == sch.key))
            .flatten()
        {
            let line = self.line_of(first);
            let place = self.place(first, file);
            self.error(
                Code::E005,
                file,
                a.span(),
                open.id,
                format!(
                    "`{}` is given twice in {} (first on line {line}{place})",
                    sch.key,
                    self.nodes[open.id].in_words()
                ),
                Some("keep one of them".into()),
            );
            return;
        }
        open.seen |= bit;
        open.present.push((sch.key, loc.clone()));
        let typed = self.type_attribute(a, sch, file, open);
        if let Some(value) = typed {
            if has_ref(&value) {
                let from = self.pending_spans.len();
                text_spans(&a.value, &mut self.pending_spans);
                let spans = from..self.pending_spans.len();
                self.pending.push((open.id, open.attrs.len(), spans));
            }
            open.attrs.push(Attr {
                key: sch.key,
                value,
                loc,
                defaulted: false,
            });
        }
    }

    /// Close a block: requirements, defaults, weights.
    pub(super) fn finish(&mut self, b: &ast::Block, file: usize, mut open: Open) {
        let header = b.header.clone();
        for (at, sch) in open.schema.attrs.iter().enumerate() {
            if open.seen & (1 << at) != 0 {
                continue;
            }
            if sch.required && !open.meant.contains(&sch.key) {
                self.error(
                    Code::E010,
                    file,
                    header.clone(),
                    open.id,
                    format!(
                        "{} is missing `{}`, which is required",
                        self.nodes[open.id].in_words(),
                        sch.key
                    ),
                    Some(format!(
                        "add `{} = {}` ({})",
                        sch.key,
                        example(&sch.ty),
                        sch.meaning
                    )),
                );
            } else if let Some(text) = sch.default {
                if let Some(value) = default_value(sch, text) {
                    open.attrs.push(Attr {
                        key: sch.key,
                        value,
                        loc: self.loc(file, &header),
                        defaulted: true,
                    });
                }
            }
        }
        if open.schema.kind == "unit" && open.present.iter().any(|(k, _)| *k == "parent") {
            self.written_parent.insert(open.id);
        }
        for (at, sch) in open.schema.attrs.iter().enumerate() {
            let Some(when) = sch.required_when else {
                continue;
            };
            let applies = open.attrs.iter().any(|a| {
                a.key == when.key && matches!(&a.value, TypedValue::Word(w) if w == when.word)
            });
            if applies && open.seen & (1 << at) == 0 {
                self.error(
                    Code::E010,
                    file,
                    header.clone(),
                    open.id,
                    format!("{} {}", self.nodes[open.id].in_words(), when.missing),
                    Some(when.help.into()),
                );
            }
        }
        for child in open.schema.required_children {
            let has = self.nodes[open.id]
                .children
                .iter()
                .any(|&c| self.nodes[c].kind == *child);
            if !has {
                let cw = schema::kind_words(child);
                self.error(
                    Code::E010,
                    file,
                    header.clone(),
                    open.id,
                    format!("{} has no {cw}", self.nodes[open.id].in_words()),
                    Some(format!("add at least one `{child} \"Name\" {{ … }}` block")),
                );
            }
        }
        if open.schema.kind == "pay_plan" {
            self.check_weights(&open, file, &header);
        }
        self.check_date_order(&open);
        self.nodes[open.id].attrs = open.attrs;
        open.present.clear();
        self.spare.push(open.present);
    }
}
