//! `cxlint check`: lint files and directories.

use crate::{Map, Set};
use std::io::IsTerminal;
use std::time::Instant;

use super::{CheckArgs, ColorChoice, FailOnArg, Format, LintArgs, FINDINGS, OK, TROUBLE};
use crate::config::FailOn;
use crate::diagnostic::Severity;
use crate::engine::RuleSet;
use crate::files::Disk;
use crate::lint::{self, Options};
use crate::output::{self, human::Style};
use crate::value::Date;

pub fn run(a: CheckArgs) -> i32 {
    let started = Instant::now();
    if let Some(plan) = &a.show_config {
        return super::show::config(&a.lint, plan);
    }
    let paths = if a.paths.is_empty() {
        vec![".".to_string()]
    } else {
        a.paths.clone()
    };
    if a.unsafe_fixes && !a.fix && !a.diff {
        eprintln!("cxlint: --unsafe-fixes goes with --fix (to apply them) or --diff (to see them)");
        return TROUBLE;
    }
    let stdin_doc = if paths.iter().any(|p| p == "-") {
        match read_stdin(&a, &paths) {
            Ok(doc) => Some(doc),
            Err(message) => {
                eprintln!("cxlint: {message}");
                return TROUBLE;
            }
        }
    } else {
        None
    };
    if a.fix && !a.diff && stdin_doc.is_some() {
        // Read first, so the program writing to cxlint is not cut off.
        eprintln!(
            "cxlint: --fix cannot rewrite standard input; use --diff to see the fixes, or check the file itself"
        );
        return TROUBLE;
    }
    let plans = match &stdin_doc {
        Some((display, _)) => super::plans::single(&a.lint, display),
        None => super::plans::gather(&a.lint, &paths),
    };
    let Some(plans) = plans else {
        return TROUBLE;
    };
    if plans.resolver.settings.is_empty() && plans.trouble {
        // No configuration in use could be loaded: nothing was checked.
        return TROUBLE;
    }
    let opts = match options(&a.lint, &plans.rule_sets()) {
        Ok(o) => o,
        Err(message) => {
            eprintln!("cxlint: {message}");
            return TROUBLE;
        }
    };
    set_jobs(a.lint.jobs);
    let mut trouble = plans.trouble;
    if a.fix || a.diff {
        let fixed = super::fix::passes(&a, &plans, &opts, stdin_doc.as_ref());
        if a.diff {
            let code = super::fix::print_diff(&fixed);
            return if trouble || !plans.found.missing.is_empty() {
                TROUBLE
            } else {
                code
            };
        }
        if !super::fix::write(&fixed, &plans) {
            trouble = true;
        }
    }
    let walked = Instant::now();
    let found = &plans.found;
    let baseline = match &a.baseline {
        Some(path) => match crate::baseline::read(path, largest_file_size(&plans)) {
            Ok(b) => Some(b),
            Err(message) => {
                eprintln!("cxlint: {message}");
                trouble = true;
                None
            }
        },
        None => None,
    };
    let mut absorber = baseline.as_ref().map(|b| b.absorber());
    // Without a baseline to compare with, `--write-baseline` records every finding; with
    // both options the baseline only shrinks: what it absorbed is written back, so fixed
    // findings leave it and new ones are reported rather than recorded.
    let record_all = a.write_baseline.is_some() && a.baseline.is_none();
    let mut recorded = crate::baseline::Recorder::default();
    // The most severe finding left in each file; each file is judged by its own
    // configuration's `fail_on` once the run is over, unless `--fail-on` is given.
    let mut worst: Map<String, Severity> = Map::default();
    let mut shown = 0usize;
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let rule_list = all_rules(&plans.rule_sets());
    let setting = sarif_setting(&a, &plans, &rule_list);
    // After a failed write (a full disk, a closed pipe) nothing more is written, the run
    // goes on (a baseline may still be recorded) and ends with exit 2 (`cli::main`).
    let mut stream = match output::stream::Stream::new(kind(&a), &rule_list, setting, &mut out) {
        Ok(s) => Some(s),
        Err(e) => {
            super::output_failed(&e);
            None
        }
    };
    let scopes = plans.scopes();
    // Every finding's baseline key, numbered before a baseline absorbs any (SARIF
    // fingerprints must not depend on the baseline).
    // Only SARIF prints them (its fingerprints): other formats skip the numbering.
    let mut numbering = crate::baseline::Keys::default();
    let fingerprints = matches!(a.format, Format::Sarif);
    // Problems with a configuration or rule file found once the plans were read (a
    // money parameter in another currency than a plan's): printed with the other
    // problems of the run, exit 2.
    let mut input_problems: Vec<crate::diagnostic::Diagnostic> = Vec::new();
    let mut emit = |chunk: Vec<crate::diagnostic::Diagnostic>| {
        // Most chunks hold no problem with an input: then kept as they are, not copied.
        let chunk = if chunk.iter().any(|d| crate::codes::is_input(&d.code)) {
            let (problems, chunk): (Vec<_>, Vec<_>) = chunk
                .into_iter()
                .partition(|d| crate::codes::is_input(&d.code));
            input_problems.extend(problems);
            chunk
        } else {
            chunk
        };
        let mut keys: Vec<crate::baseline::Entry> = if fingerprints {
            chunk.iter().map(|d| numbering.key(d)).collect()
        } else {
            Vec::new()
        };
        let mut chunk = chunk;
        if let Some(absorber) = absorber.as_mut() {
            let before = chunk.len();
            let mut kept = Vec::with_capacity(before);
            let mut kept_keys = Vec::with_capacity(before);
            let mut given = std::mem::take(&mut keys).into_iter();
            for d in chunk {
                let key = given.next();
                let mut one = vec![d];
                absorber.absorb(&mut one);
                if let Some(d) = one.pop() {
                    kept.push(d);
                    kept_keys.extend(key);
                }
            }
            if let Some(s) = stream.as_mut() {
                s.baselined(before - kept.len());
            }
            chunk = kept;
            keys = kept_keys;
        }
        if record_all {
            recorded.add(&chunk);
        }
        for d in chunk.iter().filter(|d| d.suppressed.is_none()) {
            match worst.get_mut(&d.file.path) {
                Some(w) => *w = (*w).max(d.severity),
                None => {
                    worst.insert(d.file.path.clone(), d.severity);
                }
            }
        }
        shown += chunk.len();
        if let Some(s) = stream.as_mut() {
            if let Err(e) = s.write_keyed(&chunk, &keys) {
                super::output_failed(&e);
                stream = None;
            }
        }
        crate::free_on_every_core(chunk);
    };
    let report = match &stdin_doc {
        Some((display, bytes)) => {
            let scope = scopes[plans.scope_of[0]];
            let documents = [(display.as_str(), bytes.as_slice())];
            let mut report = lint::run_documents(&documents, &Disk, scope, &opts);
            emit(std::mem::take(&mut report.diagnostics));
            report
        }
        None => lint::run_each(
            &found.files,
            &scopes,
            &plans.scope_of,
            &found.least(),
            &opts,
            &mut emit,
        ),
    };
    let linted = Instant::now();
    if found.files.is_empty() && found.excluded > 0 {
        eprintln!(
            "cxlint: no plan checked: the configuration excludes every plan file found ({} left out)",
            found.excluded
        );
    }
    let problems: Vec<(String, String)> = found
        .missing
        .iter()
        .chain(report.unreadable.iter())
        .cloned()
        .collect();
    for (path, why) in &problems {
        eprintln!("cxlint: {}: {why}", output::plain(path));
        trouble = true;
    }
    if !input_problems.is_empty() {
        super::print_problems(&input_problems);
        trouble = true;
    }
    let baseline_unread = a.baseline.is_some() && baseline.is_none();
    if let (Some(path), false) = (&a.write_baseline, baseline_unread) {
        let record = match absorber {
            Some(absorber) => absorber.known,
            None => recorded.entries,
        };
        if let Err(message) = crate::baseline::write(path, record) {
            eprintln!("cxlint: {message}");
            trouble = true;
        }
    }
    let file_names: Vec<String> = found.files.iter().map(|f| f.display.clone()).collect();
    if let Some(mut s) = stream {
        s.unchecked(report.unchecked);
        if let Err(e) = s.finish(report.files, &file_names, &problems) {
            super::output_failed(&e);
        }
    }
    drop(out);
    if a.stats {
        eprintln!(
            "cxlint: {} ({}, {} skipped), {}; walk {:.1} ms, lint {:.1} ms, total {:.1} ms",
            counted(report.files, "file"),
            counted(report.programmes, "programme"),
            found.skipped,
            counted(shown, "diagnostic"),
            (walked - started).as_secs_f64() * 1e3,
            (linted - walked).as_secs_f64() * 1e3,
            started.elapsed().as_secs_f64() * 1e3
        );
    }
    if trouble {
        return TROUBLE;
    }
    if a.write_baseline.is_some() && a.baseline.is_none() {
        // Recording a baseline accepts today's findings: that run's job is done.
        return OK;
    }
    let failing = worst.iter().any(|(file, severity)| {
        let level = cli_fail_on(a.fail_on)
            .or_else(|| report.fail_on.get(file).copied().flatten())
            .unwrap_or(FailOn::Error);
        level.fails(*severity)
    });
    if failing {
        FINDINGS
    } else {
        OK
    }
}

/// The size limit for a baseline: the largest `limits.file_size` among the configurations
/// in use (the default without one).
fn largest_file_size(plans: &super::plans::Plans) -> u64 {
    plans
        .scopes()
        .iter()
        .map(|s| s.config.limits.file_size)
        .max()
        .unwrap_or(crate::limits::FILE_SIZE.default)
}

/// Standard input, read as the plan `--stdin-filename` names (`-` without it), at most
/// one byte more than a plan may have (so a plan too large is reported as such).
fn read_stdin(a: &CheckArgs, paths: &[String]) -> Result<(String, Vec<u8>), String> {
    use std::io::Read as _;
    if paths.len() > 1 {
        return Err("`-` (standard input) cannot be checked together with other paths".into());
    }
    let display = a.stdin_filename.clone().unwrap_or_else(|| "-".to_string());
    let max = crate::limits::FILE_SIZE.ceiling;
    let mut bytes = Vec::new();
    std::io::stdin()
        .lock()
        .take(max.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(|e| format!("cannot read standard input: {e}"))?;
    Ok((display, bytes))
}

/// `--fail-on`, which overrides every configuration's `fail_on`.
fn cli_fail_on(arg: Option<FailOnArg>) -> Option<FailOn> {
    arg.map(|f| match f {
        FailOnArg::Error => FailOn::Error,
        FailOnArg::Warning => FailOn::Warning,
        FailOnArg::Info => FailOn::Info,
        FailOnArg::Never => FailOn::Never,
    })
}

/// Size rayon's pool to `--jobs`, at most 4 threads per core available: more only
/// spin (2,000 took 54 s, 10,000 never finished), so a larger value is lowered, with a
/// note. On the process's main thread, which lasts as long as the run, that thread is
/// one of the pool's: it works on the parallel steps it starts instead of sleeping
/// while they run, so `--jobs 2` is two threads at work rather than three taking turns
/// on two cores (docs/performance.md). On another thread (a test, a program that embeds
/// cxlint), which may end before the pool, the pool keeps threads of its own.
fn set_jobs(jobs: Option<usize>) {
    let jobs = jobs.map(|jobs| {
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        let most = 4 * cores;
        if jobs > most {
            eprintln!(
                "cxlint: --jobs {jobs} is more than 4 per core ({cores} {} available); using {most}",
                if cores == 1 { "core" } else { "cores" }
            );
            most
        } else {
            jobs.max(1)
        }
    });
    let on_main = std::thread::current().name() == Some("main");
    if jobs.is_none() && !on_main {
        // rayon's own pool, one thread per core.
        return;
    }
    // 0: one thread per core.
    let pool = rayon::ThreadPoolBuilder::new().num_threads(jobs.unwrap_or(0));
    let pool = if on_main {
        pool.use_current_thread()
    } else {
        pool
    };
    let _ = pool.build_global();
}

/// The rules of every setting in use, each code once (the first setting's wins), for the
/// outputs that list rules (SARIF).
fn all_rules(sets: &[&RuleSet]) -> Vec<crate::engine::RuleMeta> {
    let mut seen = Set::default();
    let mut out = Vec::new();
    for set in sets {
        for r in set.rules() {
            if seen.insert(r.code.clone()) {
                out.push(r.clone());
            }
        }
    }
    out
}

/// What the SARIF output says about the run besides its results: where it ran, the rule
/// pages, the catalogue and the waivers in use (only worked out for the formats that
/// show them).
fn sarif_setting(
    a: &CheckArgs,
    plans: &super::plans::Plans,
    rules: &[crate::engine::RuleMeta],
) -> output::sarif::Setting {
    let mut pages = Vec::new();
    if matches!(a.format, Format::Sarif) {
        let mut seen = Set::default();
        for set in plans.rule_sets() {
            for (code, page) in output::rulepage::pages(set) {
                if seen.insert(code.clone()) {
                    pages.push((code, page));
                }
            }
        }
    }
    let mut setting = output::sarif::Setting::here(rules, pages);
    setting.waivers = output::acceptance::WaiverNote::of_configs(
        plans.resolver.settings.iter().map(|s| &s.config),
    );
    setting
}

/// The command-line choices of a lint run, checked.
pub(crate) fn options(a: &LintArgs, rule_sets: &[&RuleSet]) -> Result<Options, String> {
    // With no plan found no configuration was loaded: the built-in rules still tell a
    // misspelled code.
    let builtin;
    let rule_sets = if rule_sets.is_empty() {
        builtin = RuleSet::builtin();
        &[&builtin][..]
    } else {
        rule_sets
    };
    // Codes may be written in any case (`--select fm06`), as `explain fm06` accepts;
    // group names are lower case.
    let normal = |l: &[String]| -> Vec<String> {
        l.iter()
            .map(|s| s.trim())
            .filter(|s| !s.is_empty())
            .map(|s| {
                let upper = s.to_uppercase();
                let is_code = rule_sets
                    .iter()
                    .any(|r| r.rules().iter().any(|m| m.code == upper))
                    || crate::codes::Code::from_code(&upper).is_some();
                if is_code {
                    upper
                } else {
                    s.to_string()
                }
            })
            .collect()
    };
    let (select, ignore) = (normal(&a.select), normal(&a.ignore));
    super::check_codes(rule_sets, &[&select, &ignore])?;
    let today = match &a.today {
        Some(t) => Date::parse(t.trim())
            .ok_or_else(|| format!("`--today {t}` is not a date; write it as 2027-06-30"))?,
        None => Date::today(),
    };
    Ok(Options {
        select,
        ignore,
        no_inline_allows: a.no_inline_allows,
        today,
    })
}

/// The output format and its settings.
fn kind(a: &CheckArgs) -> output::stream::Kind {
    use output::stream::Kind;
    match a.format {
        Format::Human => {
            let color = match a.color {
                ColorChoice::Always => true,
                ColorChoice::Never => false,
                ColorChoice::Auto => {
                    std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none()
                }
            };
            Kind::Human {
                style: Style {
                    color,
                    width: super::terminal_width(),
                },
                quiet: a.quiet,
            }
        }
        Format::Compact => Kind::Compact,
        Format::Json => Kind::Json,
        Format::Sarif => Kind::Sarif,
        Format::Junit => Kind::Junit,
        Format::Github => Kind::Github,
    }
}

/// `1 file`, `2 files`.
fn counted(n: usize, word: &str) -> String {
    format!("{n} {word}{}", if n == 1 { "" } else { "s" })
}
