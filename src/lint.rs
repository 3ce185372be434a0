//! One lint run: load files, evaluate rules in parallel, apply suppressions and waivers, sort.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::config::Config;
use crate::diagnostic::{self, Diagnostic};
use crate::engine::{RuleSet, RuleSettings};
use crate::model::build::{self, FileInput};
use crate::model::Programme;
use crate::suppress;
use crate::value::Date;

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
}

/// Lint `inputs` with `rules` under `config`.
pub fn run(inputs: &[FileInput], rules: &RuleSet, config: &Config, opts: &Options) -> Report {
    let outcome = build::load(inputs);
    let paths: HashMap<&str, &PathBuf> = inputs
        .iter()
        .map(|i| (i.display.as_str(), &i.path))
        .collect();
    let mut diagnostics = outcome.diagnostics;
    let found: Vec<Vec<Diagnostic>> = outcome
        .programmes
        .par_iter()
        .map(|p| {
            let display = p.files.first().map(|f| f.path.as_str()).unwrap_or("");
            let path = paths
                .get(display)
                .map(|p| p.as_path())
                .unwrap_or_else(|| Path::new(display));
            lint_programme(p, path, rules, config, opts)
        })
        .collect();
    diagnostics.extend(found.into_iter().flatten());
    diagnostic::sort(&mut diagnostics);
    Report {
        diagnostics,
        files: outcome.files.len(),
        unreadable: outcome.unreadable,
        programmes: outcome.programmes.len(),
    }
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
) -> Vec<Diagnostic> {
    let mut settings = config.settings_for(rules, path);
    for r in rules.rules() {
        if !selected(opts, &r.code, &r.group) {
            settings.insert(r.code.clone(), None);
        }
    }
    let lookup = |code: &str| -> Option<RuleSettings> { settings.get(code).cloned().flatten() };
    let mut diags = rules.evaluate(programme, &lookup);
    let ran: HashSet<&str> = settings
        .iter()
        .filter(|(_, s)| s.is_some())
        .map(|(c, _)| c.as_str())
        .collect();
    for file in &programme.files {
        if !file.text.contains("cxlint:") {
            continue;
        }
        let (tree, _) = crate::syntax::parse(file);
        let allows = suppress::allows(file, &tree);
        suppress::apply_allows(
            &mut diags,
            &allows,
            &|c| ran.contains(c),
            opts.no_inline_allows,
        );
    }
    if !config.waivers.is_empty() {
        suppress::apply_waivers(&mut diags, config, opts.today);
    }
    diags
}
