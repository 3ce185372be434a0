//! A run over many files in batches. Splitting the inputs: in input order, a batch holds plans under one
//! configuration and fills up to a size, so memory follows the batch rather than the run.
//! No plan is read for it (only its size is asked): files joined by an include may land
//! in different batches, and the run's [`crate::model::build::Store`] keeps what a later
//! batch needs of an earlier one's files.

use crate::{Map, Set};
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use super::order::Frontier;
use super::{lint_programme, plan_settings, Options, Report, Scope};
use crate::diagnostic::Diagnostic;
use crate::files::{FileInput, Reader};
use crate::model::build;
use crate::model::Programme;

/// Indices of `inputs` grouped into batches of about `limit` bytes (a file larger than
/// that is a batch of its own), in input order, each with the scope its plans are
/// linted under.
pub(super) fn batches(
    inputs: &[FileInput],
    scope_of: &[usize],
    limit: u64,
) -> Vec<(Vec<usize>, usize)> {
    let sizes: Vec<u64> = inputs
        .par_iter()
        .map(|i| std::fs::metadata(&i.path).map_or(0, |m| m.len()))
        .collect();
    let mut out: Vec<(Vec<usize>, usize)> = Vec::new();
    let mut size = 0u64;
    for (i, &bytes) in sizes.iter().enumerate() {
        let scope = scope_of[i];
        match out.last_mut() {
            Some((members, s)) if *s == scope && size.saturating_add(bytes) <= limit => {
                members.push(i);
                size += bytes;
            }
            _ => {
                out.push((vec![i], scope));
                size = bytes;
            }
        }
    }
    out
}

#[allow(clippy::too_many_arguments)]
pub(super) fn run_batched_from<T: Send>(
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
    let mut to_come: Map<String, usize> = Map::default();
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
        let held: Set<usize> = pending.iter().map(|p| batch[p.index]).collect();
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
pub(super) fn lint_batch<T: Send>(
    chunk: &[FileInput],
    scope: Scope<'_>,
    opts: &Options,
    reader: &dyn Reader,
    store: &build::Store,
    report: &mut Report,
    visit: &(dyn Fn(&Programme, Scope<'_>) -> T + Sync),
    visited: &mut Vec<(String, T)>,
) -> (Vec<Diagnostic>, Vec<build::Pending>) {
    let paths: Map<&str, &PathBuf> = chunk
        .iter()
        .map(|i| (i.display.as_str(), &i.path))
        .collect();
    // The settings of the plans no override applies to.
    let base = plan_settings(scope.rules, scope.config, opts, &[]);
    // Per programme: its findings and what `visit` said, or the root file it failed on.
    type Linted<T> = Result<(crate::cap::Capped, (String, T)), String>;
    // Each programme is linted, and freed, in the task that built it.
    let lint = |p: Programme| -> Linted<T> {
        let display = p.files.first().map(|f| f.path.as_str()).unwrap_or("");
        let path = paths
            .get(display)
            .map(|p| p.as_path())
            .unwrap_or_else(|| Path::new(display));
        // A programme the rules cannot finish (a fault in cxlint) is reported as such
        // (exit 2) and the others are still checked.
        std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            let diags = lint_programme(&p, path, scope.rules, scope.config, opts, &base);
            (diags, (display.to_string(), visit(&p, scope)))
        }))
        .map_err(|_| display.to_string())
    };
    let loaded = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        store.load(chunk, &scope.config.limits, reader, &lint)
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
    let programmes = outcome.programmes.len();
    for result in outcome.programmes {
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
    report.programmes += programmes;
    report.unchecked += outcome.unchecked;
    for f in &outcome.files {
        report.fail_on.insert(f.path.clone(), scope.config.fail_on);
    }
    report.unreadable.extend(outcome.unreadable);
    (found, pending)
}

/// What is said of a file whose check ended in an internal fault (exit 2).
fn unfinished() -> String {
    "cxlint stopped on an internal fault while checking this file, so it was not fully \
     checked; the other files were (please report this, with the file if you can)"
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::batches;
    use super::run_batched_from;
    use crate::config::Config;
    use crate::engine::RuleSet;
    use crate::files::FileInput;
    use crate::lint::Options;

    /// Lint `inputs` with every built-in rule under the default configuration in batches
    /// of `size` bytes: the findings as `show` writes them, in the order handed on, how
    /// many hand-overs there were, and the run's report.
    fn run_in_batches(
        inputs: &[FileInput],
        opts: &Options,
        size: u64,
        show: &dyn Fn(&crate::diagnostic::Diagnostic) -> String,
    ) -> (Vec<String>, usize, crate::lint::Report) {
        let rules = RuleSet::builtin();
        let config = Config::default();
        let scopes = [crate::lint::Scope {
            rules: &rules,
            config: &config,
        }];
        let (mut found, mut chunks) = (Vec::new(), 0);
        let (report, _) = run_batched_from(
            inputs,
            &scopes,
            &vec![0; inputs.len()],
            &[],
            opts,
            size,
            &crate::files::Disk,
            &mut |c| {
                chunks += 1;
                found.extend(c.iter().map(show))
            },
            &|_, _| (),
        );
        (found, chunks, report)
    }

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
        let opts = Options::as_of(crate::value::Date::new(2027, 1, 1).expect("a day"));
        let key = |d: &crate::diagnostic::Diagnostic| {
            format!("{}:{:?}:{}:{}", d.file.path, d.start(), d.code, d.message)
        };
        let run = |size: u64| {
            let (found, chunks, _) = run_in_batches(&inputs, &opts, size, &key);
            (found, chunks)
        };
        let (whole, _) = run(1 << 30);
        let (streamed, chunks) = run(1);
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
        let opts = Options {
            select: vec!["E".into()],
            ..Options::as_of(crate::value::Date::new(2027, 1, 1).expect("a day"))
        };
        let show = |d: &crate::diagnostic::Diagnostic| {
            format!("{}:{}:{}", d.file.path, d.start().0, d.code)
        };
        let run = |size: u64| {
            let (seen, _, report) = run_in_batches(&inputs, &opts, size, &show);
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
