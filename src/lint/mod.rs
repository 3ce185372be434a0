//! One lint run: load files, evaluate rules in parallel, apply suppressions and waivers, sort.
//!
//! The public ways in are here, with the linting of one programme; a run over many files
//! in batches (one configuration per batch, every file read once, fragments met across
//! batches) is in `lint/batch.rs`, the sorted order findings are handed on in is in
//! `lint/order.rs`.

use crate::{Map, Set};
use std::path::{Path, PathBuf};

use crate::config::{Config, FailOn};
use crate::diagnostic::{self, Diagnostic};
use crate::engine::{RuleSet, RuleSettings};
use crate::files::{Disk, Overlay, Reader};
use crate::model::build::{self, FileInput};
use crate::model::Programme;
use crate::suppress;
use crate::value::Date;

mod batch;
mod order;

use batch::{lint_batch, run_batched_from};

/// Choices of one run that come from the command line.
#[derive(Debug, Clone)]
pub struct Options {
    /// Codes and group names `--select` keeps (empty: all).
    pub select: Vec<String>,
    /// Codes and group names `--ignore` drops.
    pub ignore: Vec<String>,
    pub no_inline_allows: bool,
    pub today: Date,
}

impl Options {
    /// Every code, allow comments honoured, waivers judged as of `today`: what a run
    /// without command-line choices (the language server, a test) lints with.
    pub fn as_of(today: Date) -> Options {
        Options {
            select: Vec::new(),
            ignore: Vec::new(),
            no_inline_allows: false,
            today,
        }
    }
}

/// Everything a run found.
#[derive(Debug, Default)]
pub struct Report {
    /// Sorted by file, line, column, code; suppressed ones included (marked).
    pub diagnostics: Vec<Diagnostic>,
    /// Files read (roots and fragments).
    pub files: usize,
    /// Paths that could not be opened (exit 2).
    pub unreadable: Vec<(String, String)>,
    pub programmes: usize,
    /// Programmes the rules did not run on because of E diagnostics.
    pub unchecked: usize,
    /// The `fail_on` of the configuration that applies to each file read (a fragment
    /// takes its root's), so a run can judge every plan by its own level.
    pub fail_on: Map<String, Option<FailOn>>,
}

/// The rules and configuration that apply to some of a run's plans.
#[derive(Clone, Copy)]
pub struct Scope<'a> {
    pub rules: &'a RuleSet,
    pub config: &'a Config,
}

/// Files are loaded and linted in batches of about this many bytes, so memory follows
/// the largest batch rather than the whole run.
const BATCH_BYTES: u64 = 1 << 20;

/// Lint `inputs` with `rules` under `config`, keeping every diagnostic (sorted) in the
/// report. See [`run_each`] for a run that hands diagnostics on as they are ready.
pub fn run(inputs: &[FileInput], rules: &RuleSet, config: &Config, opts: &Options) -> Report {
    let scopes = [Scope { rules, config }];
    let mut all = Vec::new();
    let mut report = run_each(
        inputs,
        &scopes,
        &vec![0; inputs.len()],
        &[],
        opts,
        &mut |chunk| all.extend(chunk),
    );
    report.diagnostics = all;
    report
}

/// Lint documents held in memory, as (path, bytes) pairs: includes are read through
/// `behind` (the disk, or [`crate::files::Nowhere`] to read nothing else), and every
/// diagnostic is kept in the report. This is the whole pipeline for callers that hold
/// their text themselves: an editor, standard input, a browser page.
pub fn run_documents(
    documents: &[(&str, &[u8])],
    behind: &dyn Reader,
    scope: Scope<'_>,
    opts: &Options,
) -> Report {
    let reader = Overlay::new(documents, behind);
    let inputs: Vec<FileInput> = documents
        .iter()
        .map(|(path, _)| FileInput {
            display: path.to_string(),
            path: PathBuf::from(path),
        })
        .collect();
    let mut report = Report::default();
    let store = build::Store::default();
    let (mut found, pending) = lint_batch(
        &inputs,
        scope,
        opts,
        &reader,
        &store,
        &mut report,
        &|_, _| (),
        &mut Vec::new(),
    );
    for p in pending {
        found.extend(crate::cap::cap_per_file(
            store.unclaimed(&p),
            scope.config.limits.diagnostics_per_file,
        ));
        report.files += 1;
        report
            .fail_on
            .insert(p.file.path.clone(), scope.config.fail_on);
    }
    diagnostic::sort(&mut found);
    report.diagnostics = found;
    report
}

/// Lint `inputs`, each under the scope `scope_of` names for it (an index into `scopes`),
/// handing the diagnostics to `emit` in runs that together are the sorted list [`run`]
/// returns (file, line, column, code). The report's `diagnostics` stays empty.
///
/// The inputs are split into batches that never separate a file from the files it
/// includes or that include it (so every batch loads exactly as the whole run would);
/// each batch is loaded, linted and dropped before the next. A fragment is linted under
/// its root's scope. When every included file is itself one of the inputs (a directory
/// walk), the diagnostics of a file are handed on as soon as every input whose path
/// sorts before it is done, so memory follows the batch, not the run; otherwise (a root
/// given alone, its fragments found through it) they are held to the end and sorted once.
pub fn run_each(
    inputs: &[FileInput],
    scopes: &[Scope<'_>],
    scope_of: &[usize],
    least: &[String],
    opts: &Options,
    emit: &mut dyn FnMut(Vec<Diagnostic>),
) -> Report {
    run_batched_from(
        inputs,
        scopes,
        scope_of,
        least,
        opts,
        BATCH_BYTES,
        &Disk,
        emit,
        &|_, _| (),
    )
    .0
}

/// [`run_each`], also handing every programme built, with its scope, to `visit` (in the
/// worker threads, before the programme is freed): what `report` needs besides the
/// diagnostics, from the same single read and parse of each file. The results are in
/// the order of the programmes' root files.
pub fn run_visiting<T: Send>(
    inputs: &[FileInput],
    scopes: &[Scope<'_>],
    scope_of: &[usize],
    least: &[String],
    opts: &Options,
    emit: &mut dyn FnMut(Vec<Diagnostic>),
    visit: &(dyn Fn(&Programme, Scope<'_>) -> T + Sync),
) -> (Report, Vec<T>) {
    let (report, mut seen) = run_batched_from(
        inputs,
        scopes,
        scope_of,
        least,
        opts,
        BATCH_BYTES,
        &Disk,
        emit,
        visit,
    );
    seen.sort_by(|a, b| a.0.cmp(&b.0));
    (report, seen.into_iter().map(|(_, t)| t).collect())
}

/// [`run_each`], reading plans and fragments through `reader` (texts held in memory in
/// front of the disk, say, as `check --fix` does between its passes).
pub fn run_each_from(
    inputs: &[FileInput],
    scopes: &[Scope<'_>],
    scope_of: &[usize],
    least: &[String],
    opts: &Options,
    reader: &dyn Reader,
    emit: &mut dyn FnMut(Vec<Diagnostic>),
) -> Report {
    run_batched_from(
        inputs,
        scopes,
        scope_of,
        least,
        opts,
        BATCH_BYTES,
        reader,
        emit,
        &|_, _| (),
    )
    .0
}

/// Whether `code` of `group` survives `--select` / `--ignore`.
pub fn selected(opts: &Options, code: &str, group: &str) -> bool {
    let hit = |list: &[String]| list.iter().any(|s| s == code || s == group);
    (opts.select.is_empty() || hit(&opts.select)) && !hit(&opts.ignore)
}

/// The settings of every rule (`None`: not run) for a plan that `overrides` apply to,
/// with `--select` and `--ignore` applied.
fn plan_settings(
    rules: &RuleSet,
    config: &Config,
    opts: &Options,
    overrides: &[&crate::config::Override],
) -> Map<String, Option<RuleSettings>> {
    let mut settings = config.settings_with(rules, overrides);
    for r in rules.rules() {
        if !selected(opts, &r.code, &r.group) {
            settings.insert(r.code.clone(), None);
        }
    }
    settings
}

/// Lint one programme; `base` is [`plan_settings`] with no override, the settings of
/// most plans, made once for many.
fn lint_programme(
    programme: &Programme,
    path: &Path,
    rules: &RuleSet,
    config: &Config,
    opts: &Options,
    base: &Map<String, Option<RuleSettings>>,
) -> crate::cap::Capped {
    let overrides = config.overrides_for(path);
    let mut settings = if overrides.is_empty() {
        std::borrow::Cow::Borrowed(base)
    } else {
        std::borrow::Cow::Owned(plan_settings(rules, config, opts, &overrides))
    };
    // A money parameter in another currency than the plan's: the rule is not run there,
    // and the run says so (exit 2) rather than stay silent.
    let foreign = {
        let lookup = |code: &str| settings.get(code).cloned().flatten();
        config.currency_problems(rules, path, programme, &lookup)
    };
    for (code, _) in &foreign {
        settings.to_mut().insert(code.clone(), None);
    }
    let lookup = |code: &str| -> Option<RuleSettings> { settings.get(code).cloned().flatten() };
    // Each finding is judged by the allows and waivers as it is made and then goes to
    // the per-file cap, so past the cap findings are not held.
    let mut allows = suppress::Allows::new(&programme.allows, opts.no_inline_allows);
    let mut waivers = suppress::Waivers::new(config, opts.today);
    let mut capped = crate::cap::Capped::new(config.limits.diagnostics_per_file);
    rules.evaluate_into(programme, &lookup, &config.limits, &mut |mut d| {
        allows.apply(&mut d);
        waivers.apply(&mut d);
        capped.push(d);
    });
    let ran: Set<&str> = settings
        .iter()
        .filter(|(_, s)| s.is_some())
        .map(|(c, _)| c.as_str())
        .collect();
    let codes: Vec<&str> = rules.rules().iter().map(|r| r.code.as_str()).collect();
    let groups: Vec<&str> = rules.rules().iter().map(|r| r.group.as_str()).collect();
    let known = suppress::Known {
        codes: &codes,
        groups: &groups,
    };
    for d in allows.finish(&|c| ran.contains(c), &known) {
        capped.push(d);
    }
    for d in waivers.finish() {
        capped.push(d);
    }
    for (_, d) in foreign {
        capped.push(d);
    }
    capped
}
