//! Build a [`Programme`] from syntax trees, reporting E002-E014.
//!
//! Loading runs in three steps: every file given is read, decoded and parsed (in
//! parallel); every `programme` block found becomes a root and is built (in parallel),
//! following its includes; files that hold no programme and that no root included are
//! reported (E013). See docs/model.md for the choices made where the spec is silent.

use std::collections::{HashMap, HashSet};
use std::ops::Range;
use std::path::{Component, Path, PathBuf};
use std::sync::{Arc, Mutex};

use rayon::prelude::*;

use crate::codes::Code;
use crate::diagnostic::{self, Diagnostic};
use crate::limits::{self, Bounded, Limits};
use crate::model::{Attr, Loc, Node, NodeId, Programme, TypedValue};
use crate::schema::{self, AttrSchema, BlockSchema, Ty};
use crate::source::{self, SourceFile};
use crate::suggest::suggest;
use crate::syntax::allows::Allow;
use crate::syntax::{self, ast};
use crate::value::{Date, Decimal, Duration, DurationUnit};

/// Deepest chain of includes followed from one root, by default (`limits.include_depth`).
pub const MAX_INCLUDE_DEPTH: usize = crate::limits::INCLUDE_DEPTH.default as usize;
/// Most includes followed for one root, by default (`limits.includes`).
pub const MAX_INCLUDES: usize = crate::limits::INCLUDES.default as usize;
/// Broken references per programme that get a "did you mean".
const MAX_REFERENCE_SUGGESTIONS: usize = 100;
/// Wrong items reported per list.
const MAX_ITEM_ERRORS: usize = 3;

pub use crate::files::FileInput;
use crate::files::{Disk, Reader};

/// The result of loading a set of files: every root programme that was built without E
/// diagnostics, and all diagnostics (E001-E014), each pointing into its own file.
#[derive(Debug, Default)]
pub struct Outcome {
    /// One entry per root file: the programme, when it had no E diagnostic.
    pub programmes: Vec<Programme>,
    /// Every E diagnostic found, across all files.
    pub diagnostics: Vec<Diagnostic>,
    /// Every file that was read (roots and fragments), for suppression comments and the
    /// file count.
    pub files: Vec<Arc<SourceFile>>,
    /// Paths that could not be opened at all (exit 2), with the reason.
    pub unreadable: Vec<(String, String)>,
    /// Programme blocks found that were not built because of E diagnostics: the rules
    /// did not run on them.
    pub unchecked: usize,
}

/// Load the given files as one lint run: roots are files with a `programme` block;
/// fragments they include are spliced (and not linted on their own); a file with no
/// programme that nothing includes is E013.
pub fn load(inputs: &[FileInput]) -> Outcome {
    load_with(inputs, &Limits::default())
}

/// [`load`] under the given limits (file size, nesting, includes, diagnostics per file).
pub fn load_with(inputs: &[FileInput], limits: &Limits) -> Outcome {
    load_from(inputs, limits, &Disk)
}

/// [`load_with`], reading roots and fragments through `reader` only (documents held in
/// memory, or the disk).
pub fn load_from(inputs: &[FileInput], limits: &Limits, reader: &dyn Reader) -> Outcome {
    let loaded: Vec<Result<Arc<Loaded>, String>> = inputs
        .par_iter()
        .map(|input| read(reader, &input.display, &input.path, limits).map(Arc::new))
        .collect();
    let mut unreadable = Vec::new();
    let mut files = Vec::new();
    for (input, l) in inputs.iter().zip(loaded) {
        match l {
            Ok(l) => files.push(l),
            Err(reason) => unreadable.push((input.display.clone(), reason)),
        }
    }
    let mut outcome = run(files, limits, reader);
    outcome.unreadable = unreadable;
    outcome
}

/// Load one programme from text already in memory (rule examples, tests), its
/// diagnostics capped per file. Includes are resolved relative to `path`'s directory
/// when it is given.
pub fn load_text(display: &str, text: &str) -> Outcome {
    let path = Path::new(display);
    let canonical = std::fs::canonicalize(path).ok();
    let dir = match &canonical {
        Some(c) => c.parent().map(Path::to_path_buf),
        None => {
            let parent = path.parent().unwrap_or(Path::new(""));
            let parent = if parent.as_os_str().is_empty() {
                Path::new(".")
            } else {
                parent
            };
            std::fs::canonicalize(parent).ok()
        }
    };
    let limits = Limits::default();
    let loaded = from_text(display, text.to_string(), canonical, dir, &limits);
    let mut outcome = run(vec![Arc::new(loaded)], &limits, &Disk);
    outcome.diagnostics = limits::cap_per_file(outcome.diagnostics, limits.diagnostics_per_file);
    outcome
}

/// One file read, decoded and parsed.
#[derive(Debug)]
struct Loaded {
    file: Arc<SourceFile>,
    /// `None` when the bytes are not text (E014): the file is not parsed.
    ast: Option<ast::File>,
    /// E001 and E014.
    diags: Vec<Diagnostic>,
    /// The real path, for include checks; `None` for text not read from disk.
    canonical: Option<PathBuf>,
    /// The real directory includes are resolved against.
    dir: Option<PathBuf>,
    /// Number of top-level `programme` blocks.
    programmes: usize,
    /// The allow comments, read with the parse.
    allows: Vec<Allow>,
}

impl Loaded {
    /// A file that is not parsed (E014), with the diagnostic that says why.
    fn unparsed(
        file: Arc<SourceFile>,
        diag: Diagnostic,
        canonical: Option<PathBuf>,
        dir: Option<PathBuf>,
    ) -> Loaded {
        Loaded {
            file,
            ast: None,
            diags: vec![diag],
            canonical,
            dir,
            programmes: 0,
            allows: Vec::new(),
        }
    }
}

fn read(
    reader: &dyn Reader,
    display: &str,
    path: &Path,
    limits: &Limits,
) -> Result<Loaded, String> {
    let read = reader.read(path, limits.file_size)?;
    let canonical = reader.canonicalize(path).ok();
    let dir = canonical
        .as_ref()
        .and_then(|c| c.parent().map(Path::to_path_buf));
    match read {
        Bounded::Read(bytes) => Ok(from_bytes(display, &bytes, canonical, dir, limits)),
        Bounded::TooLarge(size) => {
            let head = reader.head(path, 200);
            Ok(too_large(display, &head, size, limits, canonical, dir))
        }
    }
}

/// A plan file larger than `limits.file_size`: one E014 at line 1; only its first line
/// is read, to show it.
fn too_large(
    display: &str,
    head: &[u8],
    size: u64,
    limits: &Limits,
    canonical: Option<PathBuf>,
    dir: Option<PathBuf>,
) -> Loaded {
    let line: String = String::from_utf8_lossy(head)
        .lines()
        .next()
        .unwrap_or("")
        .chars()
        .filter(|c| !c.is_control())
        .collect();
    let file = SourceFile::new(display, line);
    let limit = limits::size(limits.file_size);
    let message = if size > limits.file_size + 1 {
        format!(
            "this plan file is {}, more than the {limit} limit (limits.file_size in cxlint.yaml); it was not read",
            limits::size(size)
        )
    } else {
        format!(
            "this plan file is larger than the {limit} limit (limits.file_size in cxlint.yaml); it was not read"
        )
    };
    let diag = Diagnostic::error(Code::E014, &file, first_line(&file), message).with_help(format!(
        "split it into files joined by `include`, or raise limits.file_size in cxlint.yaml (at most {})",
        limits::size(limits::FILE_SIZE.ceiling)
    ));
    Loaded::unparsed(file, diag, canonical, dir)
}

fn from_bytes(
    display: &str,
    bytes: &[u8],
    canonical: Option<PathBuf>,
    dir: Option<PathBuf>,
    limits: &Limits,
) -> Loaded {
    match source::decode(bytes) {
        Ok(text) => from_text(display, text, canonical, dir, limits),
        Err((err, lossy)) => {
            let file = SourceFile::new(display, lossy);
            let start = err.text_offset.min(file.text.len());
            let end = file.text[start..]
                .chars()
                .next()
                .map_or(start, |c| start + c.len_utf8());
            let message = if let Some(order) = utf16(bytes) {
                format!(
                    "this file is saved as UTF-16 text ({order}); cxlint reads plan files saved as UTF-8"
                )
            } else if err.binary {
                format!(
                    "this file holds a NUL byte at byte offset {}: it looks like binary data, not a programme",
                    err.file_offset
                )
            } else {
                format!(
                    "this file is not valid UTF-8 text: the byte at offset {} cannot be read",
                    err.file_offset
                )
            };
            let help = if utf16(bytes).is_some() {
                "open it and save it again as UTF-8 (in Notepad: File, Save as, Encoding: UTF-8)"
            } else {
                "save the file as UTF-8 text"
            };
            let diag = Diagnostic::error(Code::E014, &file, start..end, message).with_help(help);
            Loaded::unparsed(file, diag, canonical, dir)
        }
    }
}

/// Whether `bytes` look like UTF-16 text (a byte-order mark, or a zero byte beside every
/// character of the first line), and in which byte order.
fn utf16(bytes: &[u8]) -> Option<&'static str> {
    match bytes {
        [0xFF, 0xFE, ..] => return Some("little-endian"),
        [0xFE, 0xFF, ..] => return Some("big-endian"),
        _ => {}
    }
    let head = &bytes[..bytes.len().min(64) & !1];
    if head.len() < 8 {
        return None;
    }
    let zeros = |odd: bool| {
        head.iter()
            .skip(usize::from(odd))
            .step_by(2)
            .all(|b| *b == 0)
    };
    if zeros(true) {
        Some("little-endian")
    } else if zeros(false) {
        Some("big-endian")
    } else {
        None
    }
}

fn from_text(
    display: &str,
    text: String,
    canonical: Option<PathBuf>,
    dir: Option<PathBuf>,
    limits: &Limits,
) -> Loaded {
    let file = SourceFile::new(display, text);
    let (tree, mut diags) = syntax::parse_with(&file, limits);
    diags.extend(syntax::hidden::check(&file));
    let programmes = tree
        .items
        .iter()
        .filter(|i| matches!(i, ast::Item::Block(b) if b.kind.name == "programme"))
        .count();
    let allows = if file.text.contains("cxlint:") {
        syntax::allows::allows(&file, &tree)
    } else {
        Vec::new()
    };
    Loaded {
        file,
        ast: Some(tree),
        diags,
        canonical,
        dir,
        programmes,
        allows,
    }
}

/// Fragments read while following includes, shared by the roots built in parallel so a
/// fragment included by several roots is read once.
struct Cache<'l> {
    map: Mutex<HashMap<PathBuf, Arc<Loaded>>>,
    limits: &'l Limits,
    reader: &'l dyn Reader,
}

impl Cache<'_> {
    fn get_or_read(&self, canonical: &Path, display: &str) -> Result<Arc<Loaded>, String> {
        if let Some(l) = self.lock().get(canonical) {
            return Ok(l.clone());
        }
        let loaded = Arc::new(read(self.reader, display, canonical, self.limits)?);
        let mut map = self.lock();
        Ok(map.entry(canonical.to_path_buf()).or_insert(loaded).clone())
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<PathBuf, Arc<Loaded>>> {
        self.map.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// What building one root gave.
struct Built {
    input: usize,
    programme: Option<Programme>,
    diags: Vec<Diagnostic>,
    /// Fragments spliced (real path and file), in order of first inclusion.
    fragments: Vec<(Option<PathBuf>, Arc<SourceFile>)>,
}

fn run(inputs: Vec<Arc<Loaded>>, limits: &Limits, reader: &dyn Reader) -> Outcome {
    let cache = Cache {
        map: Mutex::default(),
        limits,
        reader,
    };
    {
        let mut map = cache.lock();
        for l in &inputs {
            if let Some(c) = &l.canonical {
                map.entry(c.clone()).or_insert_with(|| l.clone());
            }
        }
    }
    let mut roots: Vec<(usize, &ast::Block)> = Vec::new();
    for (i, l) in inputs.iter().enumerate() {
        if let Some(tree) = &l.ast {
            for item in &tree.items {
                if let ast::Item::Block(b) = item {
                    if b.kind.name == "programme" {
                        roots.push((i, b));
                    }
                }
            }
        }
    }
    let built: Vec<Built> = roots
        .par_iter()
        .map(|&(i, block)| build_root(&inputs[i], i, block, &cache))
        .collect();

    let included: HashSet<&Path> = built
        .iter()
        .flat_map(|b| b.fragments.iter().filter_map(|(c, _)| c.as_deref()))
        .collect();

    let mut diags: Vec<Diagnostic> = Vec::new();
    let mut poisoned: HashSet<usize> = HashSet::new();
    for (i, l) in inputs.iter().enumerate() {
        let is_included = l.canonical.as_deref().is_some_and(|c| included.contains(c));
        if l.ast.is_none() || l.programmes >= 1 || !is_included {
            diags.extend(l.diags.iter().cloned());
        }
        if l.programmes >= 1 {
            let stray = stray_items(l);
            if !stray.is_empty() {
                poisoned.insert(i);
                diags.extend(stray);
            }
        }
        if l.programmes > 1 {
            poisoned.insert(i);
            diags.push(
                Diagnostic::error(
                    Code::E013,
                    &l.file,
                    first_line(&l.file),
                    format!(
                        "this file holds {} programme blocks; a file holds exactly one",
                        l.programmes
                    ),
                )
                .with_help("put each programme in a file of its own"),
            );
        } else if l.programmes == 0 && l.ast.is_some() && !is_included {
            diags.push(
                Diagnostic::error(
                    Code::E013,
                    &l.file,
                    first_line(&l.file),
                    "this file has no programme block, and no programme in this run includes it",
                )
                .with_help(format!(
                    "include it from its programme with `include \"{}\"`, or wrap it in `programme \"Name\" {{ … }}`",
                    file_name(&l.file.path)
                )),
            );
        }
    }

    let mut programmes = Vec::new();
    let found_programmes = built.len();
    let mut files: Vec<Arc<SourceFile>> = inputs.iter().map(|l| l.file.clone()).collect();
    let mut seen_files: HashSet<PathBuf> =
        inputs.iter().filter_map(|l| l.canonical.clone()).collect();
    for b in built {
        for (c, f) in &b.fragments {
            match c {
                Some(c) if !seen_files.insert(c.clone()) => {}
                _ => files.push(f.clone()),
            }
        }
        let clean = b.diags.is_empty() && !poisoned.contains(&b.input);
        diags.extend(b.diags);
        if clean {
            if let Some(p) = b.programme {
                programmes.push(p);
            }
        }
    }
    // The syntax trees are no longer needed: free them on every core, not only this one.
    let mut trees: Vec<Arc<Loaded>> = cache
        .map
        .into_inner()
        .unwrap_or_else(|e| e.into_inner())
        .into_values()
        .collect();
    trees.extend(inputs);
    trees.into_par_iter().for_each(drop);
    // Capped per file by the caller, once, with the rules' findings (limits::cap_per_file).
    let mut diagnostics = dedupe(diags);
    diagnostic::sort(&mut diagnostics);
    Outcome {
        unchecked: found_programmes - programmes.len(),
        programmes,
        diagnostics,
        files,
        unreadable: Vec::new(),
    }
}

/// The span of a file's first line, without its line end (E013 points there).
fn first_line(file: &SourceFile) -> Range<usize> {
    let end = file.line_start(2).min(file.text.len());
    0..file.text[..end].trim_end_matches(['\n', '\r']).len()
}

/// Items of a root file outside its programme block (E002).
fn stray_items(l: &Loaded) -> Vec<Diagnostic> {
    let Some(tree) = &l.ast else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for item in &tree.items {
        let (span, what) = match item {
            ast::Item::Block(b) if b.kind.name == "programme" => continue,
            ast::Item::Block(b) => (
                b.header.clone(),
                format!("this {} block", schema::kind_words(&b.kind.name)),
            ),
            ast::Item::Attribute(a) => (a.span.clone(), format!("`{}`", a.key.name)),
            ast::Item::Include(inc) => (inc.span.clone(), "this include".to_string()),
        };
        out.push(
            Diagnostic::error(
                Code::E002,
                &l.file,
                span,
                format!("{what} stands outside the programme block"),
            )
            .with_help("move it inside `programme \"…\" { … }`; only a fragment holds items at its top level"),
        );
    }
    out
}

fn file_name(path: &str) -> &str {
    Path::new(path)
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or(path)
}

/// Drop diagnostics reported twice (a fragment included by two roots).
fn dedupe(diags: Vec<Diagnostic>) -> Vec<Diagnostic> {
    let mut seen = HashSet::new();
    diags
        .into_iter()
        .filter(|d| {
            seen.insert((
                d.file.path.clone(),
                d.span.start,
                d.span.end,
                d.code.clone(),
                d.message.clone(),
            ))
        })
        .collect()
}

fn build_root(loaded: &Arc<Loaded>, input: usize, block: &ast::Block, cache: &Cache) -> Built {
    let mut b = Builder {
        cache,
        programme_currency: None,
        nodes: Vec::new(),
        files: vec![loaded.file.clone()],
        dirs: vec![loaded.dir.clone()],
        canon: vec![loaded.canonical.clone()],
        root_dir: loaded.dir.clone(),
        stack: loaded.canonical.iter().cloned().collect(),
        include_count: 0,
        included_at: HashMap::new(),
        labels: HashMap::new(),
        pending: Vec::new(),
        written_parent: HashSet::new(),
        counts: HashMap::new(),
        diags: loaded.diags.clone(),
        allows: loaded.allows.clone(),
    };
    b.block(block, 0, None);
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
    let programme = b.diags.is_empty().then(|| Programme {
        nodes: std::mem::take(&mut b.nodes),
        files: b.files.clone(),
        allows: std::mem::take(&mut b.allows),
    });
    Built {
        input,
        programme,
        diags: b.diags,
        fragments,
    }
}

struct Builder<'c> {
    cache: &'c Cache<'c>,
    /// The programme's currency once read, for the help of an amount written without one.
    programme_currency: Option<String>,
    /// The allow comments of the programme's files.
    allows: Vec<Allow>,
    nodes: Vec<Node>,
    /// The files of the programme (root first), with their real directory and path.
    files: Vec<Arc<SourceFile>>,
    dirs: Vec<Option<PathBuf>>,
    canon: Vec<Option<PathBuf>>,
    root_dir: Option<PathBuf>,
    /// Real paths of the files being included, root first (cycle detection).
    stack: Vec<PathBuf>,
    include_count: usize,
    /// Fragment already spliced -> the include that spliced it.
    included_at: HashMap<PathBuf, Loc>,
    /// (parent, kind) -> label -> node: duplicate labels and reference targets.
    labels: HashMap<(NodeId, &'static str), HashMap<String, NodeId>>,
    /// Attributes holding references, resolved once every block is known.
    pending: Vec<(NodeId, usize)>,
    /// Blocks of a kind with a maximum (`strategy`) seen per parent.
    counts: HashMap<(NodeId, &'static str), usize>,
    /// Units with a `parent` attribute written, even one that did not type.
    written_parent: HashSet<NodeId>,
    diags: Vec<Diagnostic>,
}

/// A block being built: its schema and what its items gave so far.
struct Open {
    id: NodeId,
    schema: &'static BlockSchema,
    attrs: Vec<Attr>,
    /// Keys written (valid or not) and where, for E005 and E010.
    present: Vec<(&'static str, Loc)>,
    /// Keys suggested for misspelt ones: not reported missing as well (E010).
    meant: Vec<&'static str>,
}

/// Where an attribute's value is being typed, for messages.
struct At {
    file: usize,
    span: Range<usize>,
    key: &'static str,
    node: NodeId,
    kind: &'static str,
    /// Typing one item of a list.
    item: bool,
}

impl Builder<'_> {
    fn loc(&self, file: usize, span: &Range<usize>) -> Loc {
        Loc {
            file,
            span: span.clone(),
        }
    }

    fn error(
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
            .with_block_path(super::block_path(&self.nodes, node));
        d.help = help;
        self.diags.push(d);
    }

    fn line_of(&self, loc: &Loc) -> usize {
        self.files[loc.file].line_col(loc.span.start).0
    }

    /// Build a block (known to be allowed where it is) and its children.
    fn block(&mut self, b: &ast::Block, file: usize, parent: Option<NodeId>) -> NodeId {
        let schema = schema::block(&b.kind.name).unwrap_or(&schema::PROGRAMME);
        let id = self.nodes.len();
        let label = if schema.labelled {
            b.label.as_ref().map(|l| l.value.clone())
        } else {
            None
        };
        let node = Node {
            id,
            kind: schema.kind,
            label,
            parent,
            children: Vec::new(),
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
            attrs: Vec::new(),
            present: Vec::new(),
            meant: Vec::new(),
        };
        self.items(&b.items, file, &mut open);
        self.finish(b, file, open);
        id
    }

    fn check_label(
        &mut self,
        b: &ast::Block,
        file: usize,
        schema: &'static BlockSchema,
        id: NodeId,
        parent: NodeId,
    ) {
        let words = || schema::kind_words(schema.kind);
        match (&b.label, schema.labelled) {
            (None, true) => self.error(
                Code::E010,
                file,
                b.header.clone(),
                id,
                format!("this {} has no name", words()),
                Some(format!("name it: `{} \"Name\" {{ … }}`", schema.kind)),
            ),
            (Some(l), false) => self.error(
                Code::E002,
                file,
                l.span.clone(),
                id,
                format!("a {} block takes no name", words()),
                Some(format!("write `{} {{ … }}`", schema.kind)),
            ),
            (Some(l), true) => {
                let map = self.labels.entry((parent, schema.kind)).or_default();
                if let Some(&first) = map.get(l.value.as_str()) {
                    let first_loc = self.nodes[first].header.clone();
                    let line = self.line_of(&first_loc);
                    let place = self.place(&first_loc, file);
                    let within = if schema.kind == "metric" {
                        " in this pay plan"
                    } else {
                        ""
                    };
                    self.error(
                        Code::E005,
                        file,
                        b.header.clone(),
                        id,
                        format!(
                            "there is already a {} called \"{}\"{within} (line {line}{place})",
                            words(),
                            l.value
                        ),
                        Some(format!("give each {} its own name", words())),
                    );
                } else {
                    map.insert(l.value.clone(), id);
                }
            }
            (None, false) => {}
        }
        if let Some(max) = schema.max {
            if parent != usize::MAX {
                let count = self.counts.entry((parent, schema.kind)).or_default();
                *count += 1;
                if *count > max {
                    self.error(
                        Code::E005,
                        file,
                        b.header.clone(),
                        id,
                        format!(
                            "a programme holds at most one {} block; this is another",
                            words()
                        ),
                        Some(format!("merge the {} blocks into one", words())),
                    );
                }
            }
        }
    }

    /// ` of org/units.cxp` when `loc` is in another file than `file`.
    fn place(&self, loc: &Loc, file: usize) -> String {
        if loc.file == file {
            String::new()
        } else {
            format!(" of {}", self.files[loc.file].path)
        }
    }

    fn items(&mut self, items: &[ast::Item], file: usize, open: &mut Open) {
        for item in items {
            match item {
                ast::Item::Attribute(a) => self.attribute(a, file, open),
                ast::Item::Block(b) => self.child_block(b, file, open),
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
                                "an include cannot stand inside a {} block",
                                schema::kind_words(open.schema.kind)
                            ),
                            Some("put the include directly inside the programme block".into()),
                        );
                    }
                }
            }
        }
    }

    fn child_block(&mut self, b: &ast::Block, file: usize, open: &mut Open) {
        let name = b.kind.name.as_str();
        let known = schema::block(name);
        if known.is_some_and(|s| open.schema.children.contains(&s.kind)) {
            self.block(b, file, Some(open.id));
            return;
        }
        let here = schema::kind_words(open.schema.kind);
        match known {
            Some(s) => {
                let message = if s.kind == "programme" {
                    "a programme cannot stand inside another block".to_string()
                } else {
                    format!(
                        "a {} block cannot stand inside a {here} block",
                        schema::kind_words(s.kind)
                    )
                };
                let help = if s.parent.is_empty() {
                    "a programme block stands alone at the top of its file".to_string()
                } else if s.kind == "unit" && open.schema.kind == "unit" {
                    "the org chart is not drawn by nesting: write this unit beside the other, \
                     inside the programme, with `parent = \"…\"` naming the unit above it"
                        .to_string()
                } else {
                    format!("move it into a {} block", schema::kind_words(s.parent))
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
                let help = match suggest(name, open.schema.children.iter().copied()) {
                    Some(s) => format!("did you mean `{s}`?"),
                    None if open.schema.children.is_empty() => {
                        format!("a {here} block holds no blocks")
                    }
                    None => format!(
                        "a {here} block may hold: {}",
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
            }
        }
    }

    fn attribute(&mut self, a: &ast::Attribute, file: usize, open: &mut Open) {
        let name = a.key.name.as_str();
        let Some(sch) = open.schema.attr(name) else {
            let here = schema::kind_words(open.schema.kind);
            let keys = || open.schema.attrs.iter().map(|s| s.key);
            let suggestion = suggest(name, keys());
            if let Some(s) = suggestion {
                open.meant.push(s);
            }
            let help = match suggestion {
                Some(s) => format!("did you mean `{s}`?"),
                None if open.schema.children.contains(&name) => {
                    format!("`{name}` is a block: write `{name} \"Name\" {{ … }}`")
                }
                None => format!("a {here} takes: {}", keys().collect::<Vec<_>>().join(", ")),
            };
            self.error(
                Code::E002,
                file,
                a.span.clone(),
                open.id,
                format!("a {here} has no attribute `{name}`"),
                Some(help),
            );
            return;
        };
        let loc = self.loc(file, &a.span);
        if let Some((_, first)) = open.present.iter().find(|(k, _)| *k == sch.key) {
            let line = self.line_of(first);
            let place = self.place(first, file);
            self.error(
                Code::E005,
                file,
                a.span.clone(),
                open.id,
                format!(
                    "`{}` is given twice in {} (first on line {line}{place})",
                    sch.key,
                    named(&self.nodes[open.id])
                ),
                Some("keep one of them".into()),
            );
            return;
        }
        open.present.push((sch.key, loc.clone()));
        let at = At {
            file,
            span: a.span.clone(),
            key: sch.key,
            node: open.id,
            kind: open.schema.kind,
            item: false,
        };
        let typed = if open.schema.kind == "programme" && sch.key == "currency" {
            self.currency(&a.value, &at)
        } else {
            self.typed(&sch.ty, &a.value, &at)
        };
        if let Some(value) = typed {
            if has_ref(&value) {
                self.pending.push((open.id, open.attrs.len()));
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
    fn finish(&mut self, b: &ast::Block, file: usize, mut open: Open) {
        let header = b.header.clone();
        for sch in open.schema.attrs {
            if open.present.iter().any(|(k, _)| *k == sch.key) {
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
                        named(&self.nodes[open.id]),
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
        if open.schema.kind == "segment" {
            let declines = open
                .attrs
                .iter()
                .any(|a| a.key == "stance" && a.value == TypedValue::Word("decline".into()));
            let has_reason = open.present.iter().any(|(k, _)| *k == "reason");
            if declines && !has_reason {
                self.error(
                    Code::E010,
                    file,
                    header.clone(),
                    open.id,
                    format!(
                        "{} is declined but gives no `reason`",
                        named(&self.nodes[open.id])
                    ),
                    Some("add `reason = \"…\"`: why these customers are given up".into()),
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
                    format!("{} has no {cw}", named(&self.nodes[open.id])),
                    Some(format!("add at least one `{child} \"Name\" {{ … }}` block")),
                );
            }
        }
        if open.schema.kind == "pay_plan" {
            self.check_weights(&open, file, &header);
        }
        self.check_date_order(&open);
        self.nodes[open.id].attrs = open.attrs;
    }

    /// E012 for dates of one block out of the order the schema gives them.
    fn check_date_order(&mut self, open: &Open) {
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
                            named(&self.nodes[open.id])
                        ),
                        Some(format!(
                            "check the dates: `{later}` cannot be earlier than `{earlier}`"
                        )),
                    );
                }
            }
        }
    }

    fn check_weights(&mut self, open: &Open, file: usize, header: &Range<usize>) {
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
                    named(&self.nodes[open.id]),
                    sum.normalize()
                ),
                Some("a plan's metric weights share out all of its variable pay: make them sum to 100%".into()),
            );
        }
    }

    fn include(&mut self, inc: &ast::Include, file: usize, open: &mut Open) {
        let id = open.id;
        let e = |b: &mut Self, message: String, help: Option<String>| {
            b.error(Code::E011, file, inc.span.clone(), id, message, help);
        };
        let written = inc.path.as_str();
        let path = Path::new(written);
        if path.is_absolute() || written.starts_with('/') || written.starts_with('\\') {
            e(
                self,
                format!(
                    "cannot include \"{written}\": include paths must be relative, not absolute"
                ),
                Some("write the path relative to this file".into()),
            );
            return;
        }
        let max_depth = self.cache.limits.include_depth;
        if self.stack.len() > max_depth {
            e(
                self,
                format!("cannot include \"{written}\": includes nest more than {max_depth} deep"),
                Some(format!(
                    "include the files from fewer levels, or raise limits.include_depth in cxlint.yaml (at most {})",
                    limits::INCLUDE_DEPTH.ceiling
                )),
            );
            return;
        }
        let max_includes = self.cache.limits.includes;
        if self.include_count >= max_includes {
            e(
                self,
                format!("cannot include \"{written}\": a programme may follow at most {max_includes} includes"),
                Some(format!(
                    "join fragments into fewer files, or raise limits.includes in cxlint.yaml (at most {})",
                    limits::thousands(limits::INCLUDES.ceiling)
                )),
            );
            return;
        }
        self.include_count += 1;
        let (Some(dir), Some(root_dir)) = (self.dirs[file].clone(), self.root_dir.clone()) else {
            e(
                self,
                format!("cannot include \"{written}\": this text was not read from a file"),
                None,
            );
            return;
        };
        let display = join_display(&self.files[file].path, written);
        let canonical = match self.cache.reader.canonicalize(&dir.join(path)) {
            Ok(c) => c,
            Err(_) => {
                e(
                    self,
                    format!("cannot include \"{written}\": there is no such file (looked for {display})"),
                    Some("check the path: it is relative to the file that holds the include".into()),
                );
                return;
            }
        };
        if !canonical.starts_with(&root_dir) {
            e(
                self,
                format!(
                    "cannot include \"{written}\": it is outside the folder of the root file {}",
                    self.files[0].path
                ),
                Some("included files must sit in the root file's folder or below it".into()),
            );
            return;
        }
        if let Some(pos) = self.stack.iter().position(|p| *p == canonical) {
            let mut chain: Vec<String> = self.stack[pos..]
                .iter()
                .map(|p| self.display_of(p))
                .collect();
            chain.push(self.display_of(&canonical));
            e(
                self,
                format!("include cycle: {}", chain.join(" includes ")),
                Some("remove one of the includes so no file includes itself".into()),
            );
            return;
        }
        if let Some(first) = self.included_at.get(&canonical).cloned() {
            let line = self.line_of(&first);
            let place = self.place(&first, file);
            e(
                self,
                format!("\"{written}\" is already included (line {line}{place})"),
                Some("include each file once".into()),
            );
            return;
        }
        let loaded = match self.cache.get_or_read(&canonical, &display) {
            Ok(l) => l,
            Err(reason) => {
                e(
                    self,
                    format!("cannot include \"{written}\": {reason}"),
                    None,
                );
                return;
            }
        };
        if loaded.programmes > 0 {
            e(
                self,
                format!("cannot include \"{written}\": it holds a programme of its own"),
                Some(
                    "a fragment holds only the items to splice in, with no programme block".into(),
                ),
            );
            return;
        }
        self.included_at
            .insert(canonical.clone(), self.loc(file, &inc.span));
        self.diags.extend(loaded.diags.iter().cloned());
        let Some(tree) = &loaded.ast else {
            return;
        };
        let idx = self.files.len();
        self.allows.extend(loaded.allows.iter().cloned());
        self.files.push(loaded.file.clone());
        self.dirs.push(loaded.dir.clone());
        self.canon.push(Some(canonical.clone()));
        self.stack.push(canonical);
        self.items(&tree.items, idx, open);
        self.stack.pop();
    }

    fn display_of(&self, canonical: &Path) -> String {
        self.canon
            .iter()
            .position(|c| c.as_deref() == Some(canonical))
            .map(|i| self.files[i].path.clone())
            .unwrap_or_else(|| canonical.display().to_string())
    }

    /// The programme's currency: a three-letter upper-case code.
    fn currency(&mut self, v: &ast::Value, at: &At) -> Option<TypedValue> {
        match &v.kind {
            ast::ValueKind::Word(w)
                if w.len() == 3 && w.bytes().all(|b| b.is_ascii_uppercase()) =>
            {
                self.programme_currency = Some(w.clone());
                Some(TypedValue::Word(w.clone()))
            }
            ast::ValueKind::Invalid => None,
            _ => {
                let help = match &v.kind {
                    ast::ValueKind::Str(s)
                        if s.len() == 3 && s.bytes().all(|b| b.is_ascii_alphabetic()) =>
                    {
                        format!(
                            "write it without quotes: `currency = {}`",
                            s.to_ascii_uppercase()
                        )
                    }
                    _ => "write the ISO code in capitals, e.g. `currency = USD`".to_string(),
                };
                self.wrong_type(
                    v,
                    at,
                    "a three-letter currency code such as USD",
                    Some(help),
                );
                None
            }
        }
    }

    fn wrong_type(&mut self, v: &ast::Value, at: &At, expected: &str, help: Option<String>) {
        let text = self.snippet(at.file, &v.span);
        self.error(
            Code::E003,
            at.file,
            at.span.clone(),
            at.node,
            if at.item {
                format!(
                    "each item of `{}` should be {expected}, but {} was written (`{text}`)",
                    at.key,
                    v.kind.describe()
                )
            } else {
                format!(
                    "`{}` expects {expected}, but {} was written (`{text}`)",
                    at.key,
                    v.kind.describe()
                )
            },
            help,
        );
    }

    fn snippet(&self, file: usize, span: &Range<usize>) -> String {
        let text = &self.files[file].text;
        let s = text.get(span.clone()).unwrap_or("");
        let s = s.lines().next().unwrap_or("");
        if s.chars().count() > 40 {
            let cut: String = s.chars().take(40).collect();
            format!("{cut}…")
        } else {
            s.to_string()
        }
    }

    /// Type a value by the schema; reports E003/E004/E012 and returns `None` on error
    /// (an unreadable value was already reported as E001).
    fn typed(&mut self, ty: &Ty, v: &ast::Value, at: &At) -> Option<TypedValue> {
        use ast::ValueKind as V;
        if let V::Invalid = v.kind {
            return None;
        }
        match (ty, &v.kind) {
            (Ty::OrNone(_), V::Word(w)) if w == "none" => Some(TypedValue::None),
            (Ty::OrNone(inner), _) => self.typed(inner, v, at),
            (_, V::Word(w)) if w == "none" => {
                self.error(
                    Code::E003,
                    at.file,
                    at.span.clone(),
                    at.node,
                    format!("`{}` cannot be `none`: it expects {}", at.key, expected(ty)),
                    Some(format!("leave `{}` out instead of writing none", at.key)),
                );
                None
            }
            (Ty::Str, V::Str(s)) => Some(TypedValue::Str(s.clone())),
            (Ty::Num, V::Number(n)) => {
                if *n < Decimal::ZERO && at.key == "headcount" {
                    self.out_of_range(
                        at,
                        format!("`headcount` cannot be negative ({})", n.normalize()),
                        "a headcount is a number of people: zero or more",
                    );
                    return None;
                }
                Some(TypedValue::Num(*n))
            }
            (Ty::Money, V::Money { amount, currency }) => {
                if *amount < Decimal::ZERO {
                    self.out_of_range(
                        at,
                        format!(
                            "`{}` cannot be a negative amount ({} {currency})",
                            at.key,
                            crate::value::group_thousands(*amount)
                        ),
                        "write the amount as a positive figure",
                    );
                    return None;
                }
                Some(TypedValue::Money {
                    amount: *amount,
                    currency: currency.clone(),
                })
            }
            (Ty::Pct, V::Percent(p)) => {
                let share = matches!(
                    (at.kind, at.key),
                    ("metric", "weight") | ("pay_plan", "variable")
                );
                if share && (*p > Decimal::from(100) || *p < Decimal::ZERO) {
                    self.out_of_range(
                        at,
                        format!(
                            "`{}` is a share and must lie between 0% and 100%, not {}%",
                            at.key,
                            p.normalize()
                        ),
                        "a share of pay lies between 0% and 100%",
                    );
                    return None;
                }
                Some(TypedValue::Pct(*p))
            }
            (Ty::Dur, V::Duration { amount, unit }) => self.duration(*amount, *unit, at),
            (Ty::Date, V::Date(s)) => match Date::parse(s) {
                Some(d) => Some(TypedValue::Date(d)),
                None => {
                    self.out_of_range(
                        at,
                        format!("`{}` is {s}, which is not a real date", at.key),
                        "months run from 01 to 12, quarters from Q1 to Q4, and the day must exist in its month",
                    );
                    None
                }
            },
            (Ty::Bool, V::Bool(b)) => Some(TypedValue::Bool(*b)),
            (Ty::Word, V::Word(w)) => Some(TypedValue::Word(w.clone())),
            (Ty::Enum(def), V::Word(w)) => {
                if def.values.contains(&w.as_str()) {
                    Some(TypedValue::Word(w.clone()))
                } else {
                    let allowed = def.values.join(", ");
                    let help = match suggest(w, def.values.iter().copied()) {
                        Some(s) => format!("did you mean `{s}`? the choices are: {allowed}"),
                        None => format!("the choices are: {allowed}"),
                    };
                    self.error(
                        Code::E004,
                        at.file,
                        at.span.clone(),
                        at.node,
                        format!("`{w}` is not one of the choices for `{}`", at.key),
                        Some(help),
                    );
                    None
                }
            }
            (Ty::Ref(kind), V::Str(s)) => Some(TypedValue::Ref {
                kind,
                label: s.clone(),
                target: usize::MAX,
            }),
            (Ty::RefOrList(kind), V::Str(_)) => {
                Some(TypedValue::List(vec![self.typed(&Ty::Ref(kind), v, at)?]))
            }
            (Ty::RefOrList(kind), V::List(_)) => {
                let inner = Ty::Ref(kind);
                self.list(&inner, v, at)
            }
            (Ty::List(inner), V::List(_)) => self.list(inner, v, at),
            (Ty::OneOf(tys), _) => {
                let fits = tys.iter().find(|t| {
                    matches!(
                        (t, &v.kind),
                        (Ty::Num, V::Number(_))
                            | (Ty::Pct, V::Percent(_))
                            | (Ty::Money, V::Money { .. })
                            | (Ty::Dur, V::Duration { .. })
                            | (Ty::Str, V::Str(_))
                            | (Ty::Date, V::Date(_))
                            | (Ty::Bool, V::Bool(_))
                    )
                });
                match fits {
                    Some(t) => self.typed(t, v, at),
                    None => {
                        self.wrong_type(v, at, &expected(ty), None);
                        None
                    }
                }
            }
            _ => {
                let help = conversion_help(ty, v, self.programme_currency.as_deref());
                self.wrong_type(v, at, &expected(ty), help);
                None
            }
        }
    }

    fn duration(&mut self, amount: Decimal, unit: DurationUnit, at: &At) -> Option<TypedValue> {
        let d = Duration { amount, unit };
        if amount < Decimal::ZERO {
            self.out_of_range(
                at,
                format!("`{}` cannot be a negative duration ({d})", at.key),
                "write the duration as a positive figure",
            );
            return None;
        }
        Some(TypedValue::Dur(d))
    }

    fn list(&mut self, inner: &Ty, v: &ast::Value, at: &At) -> Option<TypedValue> {
        let ast::ValueKind::List(items) = &v.kind else {
            return None;
        };
        let at = At {
            file: at.file,
            span: at.span.clone(),
            key: at.key,
            node: at.node,
            kind: at.kind,
            item: true,
        };
        let mut out = Vec::with_capacity(items.len());
        let mut failed = 0;
        for item in items {
            match self.typed(inner, item, &at) {
                Some(t) => out.push(t),
                None => failed += 1,
            }
            // A few wrong items tell the story; a huge list of them would drown it.
            if failed == MAX_ITEM_ERRORS {
                break;
            }
        }
        let ok = failed == 0;
        ok.then_some(TypedValue::List(out))
    }

    fn out_of_range(&mut self, at: &At, message: String, help: &str) {
        self.error(
            Code::E012,
            at.file,
            at.span.clone(),
            at.node,
            message,
            Some(help.to_string()),
        );
    }

    /// Resolve every reference to its block (E006).
    fn resolve_references(&mut self) {
        let pending = std::mem::take(&mut self.pending);
        let mut suggested = 0;
        let labels = std::mem::take(&mut self.labels);
        for (id, idx) in pending {
            let mut value =
                std::mem::replace(&mut self.nodes[id].attrs[idx].value, TypedValue::None);
            let mut missing: Vec<(&'static str, String)> = Vec::new();
            resolve(&mut value, &labels, &mut missing);
            self.nodes[id].attrs[idx].value = value;
            for (kind, label) in missing {
                let loc = self.nodes[id].attrs[idx].loc.clone();
                let words = schema::kind_words(kind);
                // Each suggestion compares against every label of the kind: a file full
                // of broken references gets suggestions for the first ones only.
                let candidates = labels
                    .get(&(0, kind))
                    .filter(|_| suggested < MAX_REFERENCE_SUGGESTIONS);
                suggested += 1;
                let help =
                    match candidates.and_then(|m| suggest(&label, m.keys().map(String::as_str))) {
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
            }
        }
        self.labels = labels;
    }

    /// Money in another currency than the programme's (E009).
    fn check_currency(&mut self) {
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
    fn check_org_chart(&mut self) {
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
        let mut parent_of: HashMap<NodeId, NodeId> = HashMap::with_capacity(units.len());
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
        let mut state: HashMap<NodeId, u8> = HashMap::with_capacity(units.len());
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
                    named(node)
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

/// `pay plan "Field Sales"`, `strategy`: a block named in a message.
fn named(node: &Node) -> String {
    let words = schema::kind_words(node.kind);
    match &node.label {
        Some(l) => format!("{words} \"{l}\""),
        None => words,
    }
}

fn has_ref(v: &TypedValue) -> bool {
    match v {
        TypedValue::Ref { .. } => true,
        TypedValue::List(items) => items.iter().any(has_ref),
        _ => false,
    }
}

fn resolve(
    v: &mut TypedValue,
    labels: &HashMap<(NodeId, &'static str), HashMap<String, NodeId>>,
    missing: &mut Vec<(&'static str, String)>,
) {
    match v {
        TypedValue::Ref {
            kind,
            label,
            target,
        } => match labels.get(&(0, *kind)).and_then(|m| m.get(label.as_str())) {
            Some(&id) => *target = id,
            None => missing.push((kind, label.clone())),
        },
        TypedValue::List(items) => {
            for i in items {
                resolve(i, labels, missing);
            }
        }
        _ => {}
    }
}

/// A default written as in a file (`individual`, `no`), typed.
fn default_value(sch: &AttrSchema, text: &str) -> Option<TypedValue> {
    match sch.ty {
        Ty::Bool => Some(TypedValue::Bool(matches!(text, "yes" | "true"))),
        Ty::Enum(_) | Ty::Word => Some(TypedValue::Word(text.to_string())),
        Ty::Str => Some(TypedValue::Str(text.to_string())),
        _ => None,
    }
}

/// What a type expects, in words.
fn expected(ty: &Ty) -> String {
    match ty {
        Ty::Str => "a text in quotes".into(),
        Ty::Num => "a number".into(),
        Ty::Money => "an amount of money such as `95 USD`".into(),
        Ty::Pct => "a percentage such as `30%`".into(),
        Ty::Dur => "a duration such as `18 months`".into(),
        Ty::Date => "a date such as `2027-03-15`, `2027-03` or `2027-Q2`".into(),
        Ty::Bool => "yes or no".into(),
        Ty::Word => "a word".into(),
        Ty::Enum(def) => format!("one of: {}", def.values.join(", ")),
        Ty::Ref(kind) => format!("the name of a {} in quotes", schema::kind_words(kind)),
        Ty::List(inner) => format!("a list in [ ] of {}", plural(inner)),
        Ty::OrNone(inner) => format!("{} or none", expected(inner)),
        Ty::OneOf(tys) => {
            let parts: Vec<String> = tys.iter().map(expected).collect();
            match parts.split_last() {
                Some((last, rest)) if !rest.is_empty() => {
                    format!("{} or {last}", rest.join(", "))
                }
                _ => parts.join(""),
            }
        }
        Ty::RefOrList(kind) => format!(
            "the name of a {} in quotes, or a list of them",
            schema::kind_words(kind)
        ),
    }
}

fn plural(ty: &Ty) -> String {
    match ty {
        Ty::Str => "texts in quotes".into(),
        Ty::Word => "words".into(),
        Ty::Enum(def) => format!("these words: {}", def.values.join(", ")),
        Ty::Ref(kind) => format!("{} names in quotes", schema::kind_words(kind)),
        other => expected(other),
    }
}

/// An example value for a required attribute's help.
fn example(ty: &Ty) -> String {
    match ty {
        Ty::Enum(def) if def.values.len() <= 4 => def.values.join(" | "),
        Ty::Enum(def) => format!("{} | …", def.values[..3].join(" | ")),
        Ty::Ref(_) | Ty::RefOrList(_) => "\"Name\"".into(),
        Ty::Money => "95 USD".into(),
        Ty::Pct => "30%".into(),
        Ty::Dur => "12 months".into(),
        Ty::Date => "2027-03".into(),
        Ty::Str => "\"…\"".into(),
        Ty::List(inner) => format!("[{}]", example(inner)),
        Ty::Word => "USD".into(),
        _ => "…".into(),
    }
}

/// Help for a near-miss of type: a number where a percentage was meant, and so on.
fn conversion_help(ty: &Ty, v: &ast::Value, currency: Option<&str>) -> Option<String> {
    use ast::ValueKind as V;
    match (ty, &v.kind) {
        // A share written as a fraction (`0.4`) is most likely 40 %.
        (Ty::Pct, V::Number(n)) if *n > Decimal::ZERO && *n < Decimal::ONE => Some(format!(
            "write `{}%` (or `{}%` if you meant less than one percent)",
            (*n * Decimal::from(100)).normalize(),
            n.normalize()
        )),
        (Ty::Pct, V::Number(n)) => Some(format!("write `{}%`", n.normalize())),
        (Ty::Money, V::Number(n)) => Some(match currency {
            Some(c) => format!(
                "add the currency code: `{} {c}` (the programme's currency)",
                n.normalize()
            ),
            None => format!(
                "add the programme's currency code after the figure, e.g. `{} USD` for dollars",
                n.normalize()
            ),
        }),
        (Ty::Date, V::Str(s)) if crate::value::Date::parse(s.trim()).is_some() => {
            Some(format!("write the date without quotes: `{}`", s.trim()))
        }
        (Ty::Dur, V::Number(n)) => Some(format!(
            "add a unit: `{} months` (days, weeks, months, quarters or years)",
            n.normalize()
        )),
        (Ty::Str | Ty::Ref(_) | Ty::RefOrList(_), V::Word(w)) => {
            Some(format!("put it in quotes: `\"{w}\"`"))
        }
        (Ty::Enum(def), V::Str(s)) if def.values.contains(&s.as_str()) => {
            Some(format!("write it without quotes: `{s}`"))
        }
        (Ty::Word, V::Str(s))
            if s.starts_with(|c: char| c.is_ascii_lowercase())
                && s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_') =>
        {
            Some(format!("write it without quotes: `{s}`"))
        }
        (Ty::Num, V::Str(_)) => Some("write the figure as digits, without quotes".into()),
        (Ty::List(_), _) => Some("write a list in brackets, e.g. `[a, b]`".into()),
        _ => None,
    }
}

/// `dir/of/including.cxp` + `pay/sales.cxp` -> `dir/of/pay/sales.cxp`, lexically.
fn join_display(including: &str, written: &str) -> String {
    let base = Path::new(including).parent().unwrap_or(Path::new(""));
    let joined = base.join(written);
    let mut parts: Vec<Component> = Vec::new();
    for c in joined.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => match parts.last() {
                Some(Component::Normal(_)) => {
                    parts.pop();
                }
                _ => parts.push(c),
            },
            other => parts.push(other),
        }
    }
    let p: PathBuf = parts.iter().collect();
    p.to_string_lossy().into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_paths_join_lexically() {
        assert_eq!(join_display("./main.cxp", "org/units.cxp"), "org/units.cxp");
        assert_eq!(join_display("a/main.cxp", "../b/x.cxp"), "b/x.cxp");
        assert_eq!(join_display("main.cxp", "./x.cxp"), "x.cxp");
    }
}
