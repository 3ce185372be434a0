//! Build a [`Programme`] from syntax trees, reporting E002-E015.
//!
//! Loading runs in three steps: every file given is read, decoded and parsed (in
//! parallel); every `programme` block found becomes a root and is built (in parallel),
//! following its includes; files that hold no programme and that no root included are
//! reported (E013). See docs/model.md for the choices made where the spec is silent.
//!
//! The jobs are split by file: reading one file (`read`), walking a root's tree
//! (`walk`), following includes (`include`), typing values (`typing`) and the checks
//! across a whole programme (`checks`); the run's files and the order of the steps
//! over a batch are in `store`; this file holds what a load gives and its entry points.

use std::collections::HashMap;
use std::ops::Range;
use std::path::{Component, Path, PathBuf};
use std::sync::{Arc, Mutex};

use rayon::prelude::*;

use crate::codes::Code;
use crate::diagnostic::{self, Diagnostic, Fix};
use crate::limits::{self, Bounded, Limits};
use crate::model::{Attr, Loc, Node, NodeId, Programme, Text, TypedValue};
use crate::schema::{self, AttrSchema, BlockSchema, Ty};
use crate::source::{self, SourceFile};
use crate::suggest;
use crate::syntax::allows::Allow;
use crate::syntax::{self, ast};
use crate::value::{Date, Decimal, Duration, DurationUnit};
use crate::{Map, Set};

/// Deepest chain of includes followed from one root, by default (`limits.include_depth`).
pub const MAX_INCLUDE_DEPTH: usize = crate::limits::INCLUDE_DEPTH.default as usize;
/// Most includes followed for one root, by default (`limits.includes`).
pub const MAX_INCLUDES: usize = crate::limits::INCLUDES.default as usize;
/// Broken references per programme that get a "did you mean".
const MAX_REFERENCE_SUGGESTIONS: usize = 100;
/// Wrong items reported per list.
const MAX_ITEM_ERRORS: usize = 3;

pub use crate::files::FileInput;
pub use include::folder_of;

mod checks;
mod fixable;
mod include;
mod labels;
mod read;
mod store;
mod typing;
mod walk;

pub use self::store::{Pending, Store};
use self::{checks::*, read::*, store::*, typing::*, walk::*};
use crate::files::{Disk, Reader};

/// The result of loading a set of files: every root programme that was built without E
/// diagnostics (or what a step run on each as it was built made of it, see
/// [`Store::load`]), and all diagnostics (E001-E014), each pointing into its own file.
#[derive(Debug)]
pub struct Outcome<P = Programme> {
    /// One entry per root file: the programme, when it had no E diagnostic.
    pub programmes: Vec<P>,
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

impl<P> Default for Outcome<P> {
    fn default() -> Self {
        Outcome {
            programmes: Vec::new(),
            diagnostics: Vec::new(),
            files: Vec::new(),
            unreadable: Vec::new(),
            unchecked: 0,
        }
    }
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
    let store = Store::default();
    let (mut outcome, pending) = store.load(inputs, limits, reader, &|p| p);
    for p in &pending {
        outcome.diagnostics.extend(store.unclaimed(p));
        outcome.files.push(p.file.clone());
    }
    diagnostic::sort(&mut outcome.diagnostics);
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
    let store = Store::default();
    let (mut outcome, pending) =
        store.run_fresh(vec![(Arc::new(loaded), true)], &limits, &Disk, &|p| p);
    for p in &pending {
        outcome.diagnostics.extend(store.unclaimed(p));
        outcome.files.push(p.file.clone());
    }
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
    /// What the rest of a run needs of a file with a programme, or one that is not text,
    /// once its batch is done: that it holds a programme (an include of it is refused).
    fn stub(&self) -> Loaded {
        Loaded {
            file: SourceFile::new(&self.file.path, String::new()),
            ast: None,
            diags: Vec::new(),
            canonical: self.canonical.clone(),
            dir: self.dir.clone(),
            programmes: self.programmes,
            allows: Vec::new(),
        }
    }

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
