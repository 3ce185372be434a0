//! One lint run: load files, evaluate rules in parallel, apply suppressions and waivers, sort.
//!
//! How the inputs are split into batches (includes kept together, one configuration per
//! batch) is in `lint/batch.rs`.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use rayon::prelude::*;

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

use batch::batches;
use order::Frontier;

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
    pub fail_on: HashMap<String, Option<FailOn>>,
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
    run_batched(
        inputs,
        scopes,
        scope_of,
        least,
        opts,
        BATCH_BYTES,
        emit,
        &|_, _| (),
    )
    .0
}

/// [`run`] under per-plan scopes, also handing every programme built, with its scope,
/// to `visit` (in the worker threads, before the programme is freed): what `report`
/// needs besides the diagnostics, from the same single read and parse of each file.
/// The results are in the order of the programmes' root files.
pub fn run_visiting<T: Send>(
    inputs: &[FileInput],
    scopes: &[Scope<'_>],
    scope_of: &[usize],
    least: &[String],
    opts: &Options,
    visit: &(dyn Fn(&Programme, Scope<'_>) -> T + Sync),
) -> (Report, Vec<T>) {
    let mut all = Vec::new();
    let (mut report, mut seen) = run_batched(
        inputs,
        scopes,
        scope_of,
        least,
        opts,
        BATCH_BYTES,
        &mut |chunk| all.extend(chunk),
        visit,
    );
    report.diagnostics = all;
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

#[allow(clippy::too_many_arguments)]
fn run_batched<T: Send>(
    inputs: &[FileInput],
    scopes: &[Scope<'_>],
    scope_of: &[usize],
    least: &[String],
    opts: &Options,
    batch_bytes: u64,
    emit: &mut dyn FnMut(Vec<Diagnostic>),
    visit: &(dyn Fn(&Programme, Scope<'_>) -> T + Sync),
) -> (Report, Vec<(String, T)>) {
    run_batched_from(
        inputs,
        scopes,
        scope_of,
        least,
        opts,
        batch_bytes,
        &Disk,
        emit,
        visit,
    )
}

#[allow(clippy::too_many_arguments)]
fn run_batched_from<T: Send>(
    inputs: &[FileInput],
    scopes: &[Scope<'_>],
    scope_of: &[usize],
    least: &[String],
    opts: &Options,
    batch_bytes: u64,
    reader: &dyn Reader,
    emit: &mut dyn FnMut(Vec<Diagnostic>),
    visit: &(dyn Fn(&Programme, Scope<'_>) -> T + Sync),
) -> (Report, Vec<(String, T)>) {
    let mut visited = Vec::new();
    // Every file is read and parsed once in the run: what a later batch needs of an
    // earlier one's files (fragments) stays in the store.
    let store = build::Store::default();
    let mut order = Frontier::new(inputs, least);
    let mut report = Report::default();
    let mut unreadable: Vec<(usize, (String, String))> = Vec::new();
    // Inputs with no programme that no root has included yet: (input, file, scope).
    let mut waiting: Vec<(usize, build::Pending, usize)> = Vec::new();
    // Inputs not linted yet, by folder: only a root in a folder above a file can include
    // it, so the store forgets a file once none is left there.
    let mut to_come: HashMap<String, usize> = HashMap::new();
    for i in inputs {
        *to_come.entry(build::folder_of(&i.display)).or_insert(0) += 1;
    }
    for (batch, scope) in &batches(inputs, scope_of, batch_bytes) {
        for &i in batch {
            if let Some(n) = to_come.get_mut(&build::folder_of(&inputs[i].display)) {
                *n -= 1;
            }
        }
        let folders = to_come.len();
        to_come.retain(|_, n| *n > 0);
        let folder_done = to_come.len() < folders;
        let chunk: Vec<FileInput> = batch.iter().map(|&i| inputs[i].clone()).collect();
        let mut part = Report::default();
        let (found, pending) = lint_batch(
            &chunk,
            scopes[*scope],
            opts,
            reader,
            &store,
            &mut part,
            visit,
            &mut visited,
        );
        report.files += part.files;
        report.programmes += part.programmes;
        report.unchecked += part.unchecked;
        report.fail_on.extend(part.fail_on);
        // Unreadable paths keep the order of the inputs.
        let mut at = batch.iter().copied();
        for entry in part.unreadable {
            let index = at
                .by_ref()
                .find(|&i| inputs[i].display == entry.0)
                .unwrap_or(usize::MAX);
            unreadable.push((index, entry));
        }
        let held: HashSet<usize> = pending.iter().map(|p| batch[p.index]).collect();
        let mut done: Vec<usize> = batch
            .iter()
            .copied()
            .filter(|i| !held.contains(i))
            .collect();
        // Fragments an earlier batch held that a root of this one included: linted with
        // it, under its configuration.
        waiting.retain(|(i, p, _)| {
            if !store.is_included(&p.canonical) {
                return true;
            }
            done.push(*i);
            report.files += 1;
            report
                .fail_on
                .insert(p.file.path.clone(), scopes[*scope].config.fail_on);
            false
        });
        waiting.extend(pending.into_iter().map(|p| (batch[p.index], p, *scope)));
        order.done(&done, found, emit);
        if folder_done {
            store.forget(&|path| {
                let folder = build::folder_of(path);
                to_come.contains_key("")
                    || folder
                        .match_indices(['/', std::path::MAIN_SEPARATOR])
                        .any(|(at, sep)| to_come.contains_key(&folder[..at + sep.len()]))
            });
        }
    }
    // What no root included: its own diagnostics and E013, under its own configuration.
    for (i, p, scope) in waiting {
        let config = scopes[scope].config;
        let found =
            crate::cap::cap_per_file(store.unclaimed(&p), config.limits.diagnostics_per_file);
        report.files += 1;
        report.fail_on.insert(p.file.path.clone(), config.fail_on);
        order.done(&[i], found, emit);
    }
    order.finish(emit);
    unreadable.sort_by_key(|(i, _)| *i);
    report.unreadable = unreadable.into_iter().map(|(_, e)| e).collect();
    (report, visited)
}

/// Load, lint and free one batch under one scope; counts go to `report`, and what
/// `visit` says of each programme to `visited`, with the programme's root file. Returns
/// the findings, and the inputs (by index in `chunk`) that hold no programme and that no
/// root has included so far.
#[allow(clippy::too_many_arguments)]
fn lint_batch<T: Send>(
    chunk: &[FileInput],
    scope: Scope<'_>,
    opts: &Options,
    reader: &dyn Reader,
    store: &build::Store,
    report: &mut Report,
    visit: &(dyn Fn(&Programme, Scope<'_>) -> T + Sync),
    visited: &mut Vec<(String, T)>,
) -> (Vec<Diagnostic>, Vec<build::Pending>) {
    let paths: HashMap<&str, &PathBuf> = chunk
        .iter()
        .map(|i| (i.display.as_str(), &i.path))
        .collect();
    let loaded = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        store.load(chunk, &scope.config.limits, reader)
    }));
    let (outcome, pending) = match loaded {
        Ok(loaded) => loaded,
        Err(_) if chunk.len() > 1 => {
            // One file of the batch could not be read to the end: each is read alone, so
            // the others are still checked.
            let mut found = Vec::new();
            let mut held = Vec::new();
            for (j, input) in chunk.iter().enumerate() {
                let (f, pending) = lint_batch(
                    std::slice::from_ref(input),
                    scope,
                    opts,
                    reader,
                    store,
                    report,
                    visit,
                    visited,
                );
                found.extend(f);
                held.extend(
                    pending
                        .into_iter()
                        .map(|p| build::Pending { index: j, ..p }),
                );
            }
            return (found, held);
        }
        Err(_) => {
            report
                .unreadable
                .push((chunk[0].display.clone(), unfinished()));
            return (Vec::new(), Vec::new());
        }
    };
    // The one place the per-file cap applies: to the language's and the rules' findings
    // together, as they are made.
    let mut found = crate::cap::Capped::new(scope.config.limits.diagnostics_per_file);
    for d in outcome.diagnostics {
        found.push(d);
    }
    // Per programme: its findings and what `visit` said, or the root file it failed on.
    type Linted<T> = Result<(crate::cap::Capped, (String, T)), String>;
    let linted: Vec<Linted<T>> = outcome
        .programmes
        .par_iter()
        .map(|p| {
            let display = p.files.first().map(|f| f.path.as_str()).unwrap_or("");
            let path = paths
                .get(display)
                .map(|p| p.as_path())
                .unwrap_or_else(|| Path::new(display));
            // A programme the rules cannot finish (a fault in cxlint) is reported as such
            // (exit 2) and the others are still checked.
            std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                let diags = lint_programme(p, path, scope.rules, scope.config, opts);
                (diags, (display.to_string(), visit(p, scope)))
            }))
            .map_err(|_| display.to_string())
        })
        .collect();
    for result in linted {
        match result {
            Ok((diags, seen)) => {
                found.merge(diags);
                visited.push(seen);
            }
            Err(display) => report.unreadable.push((display, unfinished())),
        }
    }
    let found = found.finish();
    report.files += outcome.files.len();
    report.programmes += outcome.programmes.len();
    report.unchecked += outcome.unchecked;
    for f in &outcome.files {
        report.fail_on.insert(f.path.clone(), scope.config.fail_on);
    }
    report.unreadable.extend(outcome.unreadable);
    // The batch's programmes are freed on every core, not only this one.
    outcome.programmes.into_par_iter().for_each(drop);
    (found, pending)
}

/// What is said of a file whose check ended in an internal fault (exit 2).
fn unfinished() -> String {
    "cxlint stopped on an internal fault while checking this file, so it was not fully \
     checked; the other files were (please report this, with the file if you can)"
        .to_string()
}

/// Whether `code` of `group` survives `--select` / `--ignore`.
pub fn selected(opts: &Options, code: &str, group: &str) -> bool {
    let hit = |list: &[String]| list.iter().any(|s| s == code || s == group);
    (opts.select.is_empty() || hit(&opts.select)) && !hit(&opts.ignore)
}

fn lint_programme(
    programme: &Programme,
    path: &Path,
    rules: &RuleSet,
    config: &Config,
    opts: &Options,
) -> crate::cap::Capped {
    let mut settings = config.settings_for(rules, path);
    for r in rules.rules() {
        if !selected(opts, &r.code, &r.group) {
            settings.insert(r.code.clone(), None);
        }
    }
    // A money parameter in another currency than the plan's: the rule is not run there,
    // and the run says so (exit 2) rather than stay silent.
    let foreign = {
        let lookup = |code: &str| settings.get(code).cloned().flatten();
        config.currency_problems(rules, path, programme, &lookup)
    };
    for (code, _) in &foreign {
        settings.insert(code.clone(), None);
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
    let ran: HashSet<&str> = settings
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

#[cfg(test)]
mod tests {
    use super::{batches, run_batched, FileInput, Options};
    use crate::config::Config;
    use crate::engine::RuleSet;

    #[test]
    fn findings_stream_in_sorted_order() {
        let dir = tempfile::tempdir().expect("temporary folder");
        // Names whose walk order differs from their sorted order ("a-b" sorts before
        // "a/"), a root with its fragment, and files with and without findings.
        let plan = "programme \"P\" {\n  identity = efficiency_chaser\n  unit \"HQ\" { facing = front }\n  spend \"Tools\" { category = technology  amount = 5M USD }\n}\n";
        let names = [
            "a/x.cxp",
            "a-b.cxp",
            "b/c/d.cxp",
            "b/c.cxp",
            "c.cxp",
            "z.cxp",
            "m.cxp",
        ];
        let mut inputs = Vec::new();
        for name in names {
            let path = dir.path().join(name);
            std::fs::create_dir_all(path.parent().expect("parent")).expect("folder");
            let text = if name == "m.cxp" {
                "programme \"M\" {\n  include \"parts/f.cxp\"\n}\n".to_string()
            } else {
                plan.to_string()
            };
            std::fs::write(&path, text).expect("write");
            inputs.push(FileInput {
                display: name.to_string(),
                path,
            });
        }
        let frag = dir.path().join("parts/f.cxp");
        std::fs::create_dir_all(frag.parent().expect("parent")).expect("folder");
        std::fs::write(&frag, "unit \"Ops\" { facing = nowhere }\n").expect("write");
        inputs.push(FileInput {
            display: "parts/f.cxp".to_string(),
            path: frag,
        });
        let rules = RuleSet::builtin();
        let config = Config::default();
        let opts = Options {
            select: Vec::new(),
            ignore: Vec::new(),
            no_inline_allows: false,
            today: crate::value::Date::new(2027, 1, 1).expect("a day"),
        };
        let key = |d: &crate::diagnostic::Diagnostic| {
            format!("{}:{:?}:{}:{}", d.file.path, d.start(), d.code, d.message)
        };
        let mut whole = Vec::new();
        let scopes = [super::Scope {
            rules: &rules,
            config: &config,
        }];
        let zero = vec![0; inputs.len()];
        run_batched(
            &inputs,
            &scopes,
            &zero,
            &[],
            &opts,
            1 << 30,
            &mut |c| whole.extend(c.iter().map(key)),
            &|_, _| (),
        );
        let mut chunks = 0;
        let mut streamed = Vec::new();
        run_batched(
            &inputs,
            &scopes,
            &zero,
            &[],
            &opts,
            1,
            &mut |c| {
                chunks += 1;
                streamed.extend(c.iter().map(key))
            },
            &|_, _| (),
        );
        assert!(whole.len() > names.len(), "the plans have findings");
        assert!(whole.iter().any(|k| k.starts_with("parts/f.cxp")));
        assert_eq!(streamed, whole);
        assert!(chunks > 1, "findings were handed on before the end");
    }

    #[test]
    fn batches_follow_input_order_size_and_configuration() {
        let dir = tempfile::tempdir().expect("temporary folder");
        let inputs: Vec<FileInput> = ["a.cxp", "b.cxp", "c.cxp", "d.cxp"]
            .iter()
            .map(|name| {
                let path = dir.path().join(name);
                std::fs::write(&path, "programme \"P\" {\n}\n").expect("write");
                FileInput {
                    display: name.to_string(),
                    path,
                }
            })
            .collect();
        assert_eq!(
            batches(&inputs, &[0, 0, 0, 0], 1),
            vec![(vec![0], 0), (vec![1], 0), (vec![2], 0), (vec![3], 0)]
        );
        assert_eq!(
            batches(&inputs, &[0, 0, 0, 0], 1 << 20),
            vec![(vec![0, 1, 2, 3], 0)]
        );
        // Plans under different configurations never share a batch.
        assert_eq!(
            batches(&inputs, &[1, 1, 0, 1], 1 << 20),
            vec![(vec![0, 1], 1), (vec![2], 0), (vec![3], 1)]
        );
    }

    /// A fragment split from its root by the batching, before it or after it, is read
    /// once and linted with its root; one that no root includes is E013, in its place.
    #[test]
    fn fragments_meet_their_roots_across_batches() {
        let dir = tempfile::tempdir().expect("temporary folder");
        let write = |name: &str, text: &str| {
            let path = dir.path().join(name);
            std::fs::create_dir_all(path.parent().expect("parent")).expect("folder");
            std::fs::write(&path, text).expect("write");
            FileInput {
                display: name.to_string(),
                path,
            }
        };
        let inputs = vec![
            write("a/early.cxp", "unit \"Ops\" { facing = nowhere }\n"),
            write("a/main.cxp", "programme \"A\" {\n  include \"early.cxp\"\n  include \"late.cxp\"\n  include \"shared.cxp\"\n}\n"),
            write("a/shared.cxp", "unit \"Shared\" { facing = sideways }\n"),
            write("a/z.cxp", "programme \"Z\" {\n  include \"shared.cxp\"\n}\n"),
            write("a/zz/late.cxp", "unit \"Late\" { facing = up }\n"),
            write("b/alone.cxp", "unit \"Alone\" { facing = front }\n"),
        ];
        // `late.cxp` is not where main.cxp looks: main.cxp gets an E011, zz/late.cxp E013.
        let rules = RuleSet::builtin();
        let config = Config::default();
        let opts = Options {
            select: vec!["E".into()],
            ignore: Vec::new(),
            no_inline_allows: false,
            today: crate::value::Date::new(2027, 1, 1).expect("a day"),
        };
        let scopes = [super::Scope {
            rules: &rules,
            config: &config,
        }];
        let zero = vec![0; inputs.len()];
        let run = |size: u64| {
            let mut seen = Vec::new();
            let (report, _) = run_batched(
                &inputs,
                &scopes,
                &zero,
                &[],
                &opts,
                size,
                &mut |c| {
                    seen.extend(
                        c.iter()
                            .map(|d| format!("{}:{}:{}", d.file.path, d.start().0, d.code)),
                    )
                },
                &|_, _| (),
            );
            (seen, report.files, report.fail_on.len())
        };
        let whole = run(1 << 30);
        assert_eq!(
            whole.0,
            [
                "a/early.cxp:1:E004",
                "a/main.cxp:1:E010",
                "a/main.cxp:3:E011",
                "a/shared.cxp:1:E007",
                "a/shared.cxp:1:E004",
                "a/z.cxp:1:E010",
                "a/zz/late.cxp:1:E013",
                "b/alone.cxp:1:E013",
            ]
        );
        assert_eq!((whole.1, whole.2), (6, 6));
        assert_eq!(run(1), whole);
    }
}
