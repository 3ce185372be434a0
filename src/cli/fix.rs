//! `check --fix`, `--diff` and `--unsafe-fixes`: apply the fixes diagnostics carry.
//!
//! The passes run on texts held in memory: each pass checks every plan (the texts fixed
//! so far in front of the disk), applies the chosen fix of each finding whose edits do
//! not overlap another's, and goes again until nothing changes, at most
//! [`fix::MAX_PASSES`] times. Then `--diff` prints the changes as a unified diff, and
//! `--fix` writes each changed file once, atomically and only if it is still the file
//! that was read (src/atomic.rs); the check that follows reports what is left.

use std::collections::BTreeMap;
use std::path::PathBuf;

use super::plans::Plans;
use super::CheckArgs;
use crate::diagnostic::Diagnostic;
use crate::files::{Disk, Overlay};
use crate::fix;
use crate::lint::{self, Options};
use crate::output::plain;

/// One plan the fixes changed.
struct Changed {
    /// Where it is read and written.
    path: PathBuf,
    /// Its text when it was first checked, and now.
    original: String,
    text: String,
    /// Fixes applied to it.
    applied: usize,
}

/// What the passes did.
pub(super) struct Outcome {
    /// Changed plans by their path as shown.
    changed: BTreeMap<String, Changed>,
    /// Fixes applied, over all passes.
    applied: usize,
    /// Whether the last pass still had fixes to apply.
    unfinished: bool,
}

/// Run the fix passes over the plans (or over standard input, `stdin`).
pub(super) fn passes(
    a: &CheckArgs,
    plans: &Plans,
    opts: &Options,
    stdin: Option<&(String, Vec<u8>)>,
) -> Outcome {
    let found = &plans.found.files;
    let least = plans.found.least();
    let scopes = plans.scopes();
    let path_of = |display: &str| -> PathBuf {
        found
            .iter()
            .find(|f| f.display == display)
            .map(|f| f.path.clone())
            .unwrap_or_else(|| PathBuf::from(display))
    };
    let mut out = Outcome {
        changed: BTreeMap::new(),
        applied: 0,
        unfinished: false,
    };
    for pass in 0..fix::MAX_PASSES {
        let keys: Vec<(String, Vec<u8>)> = out
            .changed
            .values()
            .map(|c| {
                (
                    c.path.to_string_lossy().into_owned(),
                    c.text.as_bytes().to_vec(),
                )
            })
            .collect();
        let mut documents: Vec<(&str, &[u8])> = keys
            .iter()
            .map(|(p, t)| (p.as_str(), t.as_slice()))
            .collect();
        let mut diags: Vec<Diagnostic> = Vec::new();
        match stdin {
            Some((display, bytes)) => {
                let text = out.changed.get(display).map(|c| c.text.as_bytes());
                documents.retain(|(p, _)| p != display);
                let behind = Overlay::new(&documents, &Disk);
                let doc = [(display.as_str(), text.unwrap_or(bytes.as_slice()))];
                let scope = scopes[plans.scope_of[0]];
                diags = lint::run_documents(&doc, &behind, scope, opts).diagnostics;
            }
            None => {
                let reader = Overlay::new(&documents, &Disk);
                lint::run_each_from(
                    found,
                    &scopes,
                    &plans.scope_of,
                    &least,
                    opts,
                    &reader,
                    &mut |c| diags.extend(c),
                );
            }
        }
        // The chosen fix of each finding, by file.
        let mut by_file: BTreeMap<String, (std::sync::Arc<crate::source::SourceFile>, Vec<_>)> =
            BTreeMap::new();
        for d in &diags {
            if let Some(f) = fix::chosen(d, a.unsafe_fixes) {
                by_file
                    .entry(d.file.path.clone())
                    .or_insert_with(|| (d.file.clone(), Vec::new()))
                    .1
                    .push(f);
            }
        }
        let mut progress = false;
        for (display, (file, fixes)) in by_file {
            let (text, n) = fix::apply(&file.text, &fixes);
            if n == 0 || text == *file.text {
                continue;
            }
            progress = true;
            out.applied += n;
            out.changed
                .entry(display.clone())
                .or_insert_with(|| Changed {
                    path: path_of(&display),
                    original: file.text.to_string(),
                    text: String::new(),
                    applied: 0,
                });
            let c = out.changed.get_mut(&display).expect("just entered");
            c.text = text;
            c.applied += n;
        }
        if !progress {
            break;
        }
        out.unfinished = pass + 1 == fix::MAX_PASSES;
    }
    out.changed.retain(|_, c| c.text != c.original);
    out
}

/// `--diff`: print the changes as a unified diff; exit 1 when there are some.
pub(super) fn print_diff(out: &Outcome) -> i32 {
    let mut diff = String::new();
    for (display, c) in &out.changed {
        diff.push_str(&fix::unified_diff(&plain(display), &c.original, &c.text));
    }
    out!("{diff}");
    note(out.changed.values(), out.unfinished, "would fix");
    if out.changed.is_empty() {
        super::OK
    } else {
        super::FINDINGS
    }
}

/// `--fix`: write the changed plans; false when one could not be written (each that
/// could is written all the same).
pub(super) fn write(out: &Outcome, plans: &Plans) -> bool {
    let max = plans
        .scopes()
        .iter()
        .map(|s| s.config.limits.file_size)
        .max()
        .unwrap_or(crate::limits::FILE_SIZE.default);
    let mut written = Vec::new();
    for (display, c) in &out.changed {
        match write_one(c, max) {
            Ok(()) => written.push(c),
            Err(why) => eprintln!("cxlint: {}: not fixed: {why}", plain(display)),
        }
    }
    note(written.iter().copied(), out.unfinished, "fixed");
    written.len() == out.changed.len()
}

fn write_one(c: &Changed, max: u64) -> Result<(), String> {
    // A plan reached through a symbolic link is left alone: the link may be shared, and
    // the fix belongs in the file it leads to, checked as itself.
    if std::fs::symlink_metadata(&c.path).is_ok_and(|m| m.file_type().is_symlink()) {
        return Err(
            "it is a symbolic link, and --fix does not write through links; check the file it leads to"
                .into(),
        );
    }
    let read = crate::atomic::read_regular(&c.path, max).map_err(|e| e.to_string())?;
    let same = crate::source::decode(&read.bytes).is_ok_and(|t| t == c.original);
    if !same {
        return Err("it changed while it was being checked; left as it now is".into());
    }
    let mut bytes = Vec::with_capacity(c.text.len() + 3);
    if read.bytes.starts_with(b"\xEF\xBB\xBF") {
        bytes.extend_from_slice(b"\xEF\xBB\xBF");
    }
    bytes.extend_from_slice(c.text.as_bytes());
    crate::atomic::replace(&c.path, &read, &bytes)
}

/// One line on stderr: how many fixes were made (or would be), in how many files.
fn note<'a>(changed: impl Iterator<Item = &'a Changed>, unfinished: bool, done: &str) {
    let (mut files, mut applied) = (0, 0);
    for c in changed {
        files += 1;
        applied += c.applied;
    }
    if files == 0 {
        return;
    }
    eprintln!(
        "cxlint: {done} {} in {}{}",
        counted(applied, "finding"),
        counted(files, "file"),
        if unfinished {
            format!(
                " (stopped after {} passes: run it again to go on)",
                fix::MAX_PASSES
            )
        } else {
            String::new()
        }
    );
}

fn counted(n: usize, word: &str) -> String {
    format!("{n} {word}{}", if n == 1 { "" } else { "s" })
}
