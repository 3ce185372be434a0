//! The plans of a `check` or `report` run and the configuration each one is linted under.

use std::cell::RefCell;
use std::path::Path;

use super::LintArgs;
use crate::engine::RuleSet;
use crate::lint::Scope;
use crate::resolve::Resolver;
use crate::walk::Found;

/// The plans found under the paths given, each with the index of its setting.
pub(crate) struct Plans {
    pub resolver: Resolver,
    /// The files to lint (those whose configuration could be loaded), and the paths that
    /// could not be used.
    pub found: Found,
    /// For each file, the index of its setting in `resolver.settings`.
    pub scope_of: Vec<usize>,
    /// A configuration or rule pack could not be loaded (already printed): exit 2.
    pub trouble: bool,
}

impl Plans {
    pub fn scopes(&self) -> Vec<Scope<'_>> {
        self.resolver.settings.iter().map(|s| s.scope()).collect()
    }

    /// Every rule set in use (to check `--select` and `--ignore` against).
    pub fn rule_sets(&self) -> Vec<&RuleSet> {
        self.resolver.settings.iter().map(|s| &s.rules).collect()
    }
}

/// Walk `paths` and find the configuration of every plan (`--config` for all of them when
/// given). Problems with configurations are printed here; `None` means the one
/// configuration given cannot be used (exit 2, nothing to lint).
pub(crate) fn gather(lint: &LintArgs, paths: &[String]) -> Option<Plans> {
    let resolver = Resolver::new(lint.config.as_deref(), &lint.rule_dirs);
    if resolver.fixed_failed() {
        super::print_problems(&resolver.problems);
        return None;
    }
    let cell = RefCell::new(resolver);
    let found = crate::walk::find(paths, &|path: &Path, is_dir: bool| {
        cell.borrow_mut().excludes(path, is_dir)
    });
    let mut resolver = cell.into_inner();
    let mut files = Vec::with_capacity(found.files.len());
    let mut scope_of = Vec::with_capacity(found.files.len());
    let mut left_out = found.left_out;
    for f in found.files {
        if let Some(i) = resolver.for_plan(&f.path) {
            files.push(f);
            scope_of.push(i);
        } else {
            // Under a configuration that cannot be used: not checked, but another plan
            // may still include it.
            left_out.push(f.display);
        }
    }
    for note in &resolver.notes {
        eprintln!("cxlint: {note}");
    }
    let trouble = !resolver.problems.is_empty();
    if trouble {
        super::print_problems(&resolver.problems);
        if !files.is_empty() {
            eprintln!(
                "cxlint: the plans under a configuration that cannot be used were not checked; the others were"
            );
        }
    }
    Some(Plans {
        resolver,
        found: Found {
            files,
            left_out,
            ..found
        },
        scope_of,
        trouble,
    })
}

/// The one plan `display` (standard input linted as if it were that file, which need
/// not exist), with the configuration that applies to its folder.
pub(crate) fn single(lint: &LintArgs, display: &str) -> Option<Plans> {
    let mut resolver = Resolver::new(lint.config.as_deref(), &lint.rule_dirs);
    let setting = resolver.for_plan(Path::new(display));
    for note in &resolver.notes {
        eprintln!("cxlint: {note}");
    }
    let Some(i) = setting else {
        super::print_problems(&resolver.problems);
        return None;
    };
    let file = crate::files::FileInput {
        display: display.to_string(),
        path: display.into(),
    };
    Some(Plans {
        resolver,
        found: Found {
            named: vec![file.display.clone()],
            files: vec![file],
            ..Found::default()
        },
        scope_of: vec![i],
        trouble: false,
    })
}
