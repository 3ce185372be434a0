//! Build a [`Programme`] from syntax trees, reporting E002-E015.
//!
//! Loading runs in three steps: every file given is read, decoded and parsed (in
//! parallel); every `programme` block found becomes a root and is built (in parallel),
//! following its includes; files that hold no programme and that no root included are
//! reported (E013). See docs/model.md for the choices made where the spec is silent.
//!
//! The jobs are split by file: reading one file (`read`), walking a root's tree
//! (`walk`), following includes (`include`), typing values (`typing`) and the checks
//! across a whole programme (`checks`); this file runs them in order.

use std::collections::{HashMap, HashSet};
use std::ops::Range;
use std::path::{Component, Path, PathBuf};
use std::sync::{Arc, Mutex};

use rayon::prelude::*;

use crate::codes::Code;
use crate::diagnostic::{self, Diagnostic, Fix};
use crate::limits::{self, Bounded, Limits};
use crate::model::{Attr, Loc, Node, NodeId, Programme, TypedValue};
use crate::schema::{self, AttrSchema, BlockSchema, Ty};
use crate::source::{self, SourceFile};
use crate::suggest;
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

mod checks;
mod fixable;
mod include;
mod labels;
mod read;
mod typing;
mod walk;

use self::{checks::*, read::*, typing::*, walk::*};
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
    outcome.diagnostics =
        crate::cap::cap_per_file(outcome.diagnostics, limits.diagnostics_per_file);
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
    // Capped per file by the caller, once, with the rules' findings (src/cap.rs).
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
