//! `cxlint check`: lint files and directories.

use std::io::{IsTerminal, Write};
use std::time::Instant;

use super::{CheckArgs, ColorChoice, FailOnArg, Format, LintArgs, FINDINGS, OK, TROUBLE};
use crate::config::FailOn;
use crate::engine::RuleSet;
use crate::lint::{self, Options, Report};
use crate::output::{self, human::Style, Summary};
use crate::value::Date;

pub fn run(a: CheckArgs) -> i32 {
    let started = Instant::now();
    let Some((rules, config)) = super::setup_or_report(a.lint.config.as_deref(), &a.lint.rule_dirs)
    else {
        return TROUBLE;
    };
    let opts = match options(&a.lint, &rules) {
        Ok(o) => o,
        Err(message) => {
            eprintln!("cxlint: {message}");
            return TROUBLE;
        }
    };
    if let Some(jobs) = a.lint.jobs {
        let _ = rayon::ThreadPoolBuilder::new()
            .num_threads(jobs.max(1))
            .build_global();
    }
    let paths = if a.paths.is_empty() {
        vec![".".to_string()]
    } else {
        a.paths.clone()
    };
    let found = crate::walk::find(&paths, &|p| config.is_excluded(p));
    let walked = Instant::now();
    let mut report = lint::run(&found.files, &rules, &config, &opts);
    let linted = Instant::now();
    let mut trouble = false;
    for (path, why) in found.missing.iter().chain(report.unreadable.iter()) {
        eprintln!("cxlint: {path}: {why}");
        trouble = true;
    }
    // With both options the baseline only shrinks: what it absorbed is written back, so
    // fixed findings leave it and new ones are reported rather than recorded.
    let mut to_record = None;
    if let Some(path) = &a.baseline {
        match crate::baseline::read(path) {
            Ok(b) => to_record = Some(b.filter(&mut report.diagnostics)),
            Err(message) => {
                eprintln!("cxlint: {message}");
                trouble = true;
            }
        }
    }
    let baseline_unread = a.baseline.is_some() && to_record.is_none();
    if let (Some(path), false) = (&a.write_baseline, baseline_unread) {
        let record = to_record.as_deref().unwrap_or(&report.diagnostics);
        if let Err(message) = crate::baseline::write(path, record) {
            eprintln!("cxlint: {message}");
            trouble = true;
        }
    }
    let file_names: Vec<String> = found.files.iter().map(|f| f.display.clone()).collect();
    print(&a, &report, &rules, &file_names);
    if a.stats {
        eprintln!(
            "cxlint: {} ({}, {} skipped), {}; walk {:.1} ms, lint {:.1} ms, total {:.1} ms",
            counted(report.files, "file"),
            counted(report.programmes, "programme"),
            found.skipped,
            counted(report.diagnostics.len(), "diagnostic"),
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
    let fail_on = match a.fail_on {
        Some(FailOnArg::Error) => FailOn::Error,
        Some(FailOnArg::Warning) => FailOn::Warning,
        Some(FailOnArg::Info) => FailOn::Info,
        Some(FailOnArg::Never) => FailOn::Never,
        None => config.fail_on.unwrap_or(FailOn::Error),
    };
    let failing = report
        .diagnostics
        .iter()
        .any(|d| d.suppressed.is_none() && fail_on.fails(d.severity));
    if failing {
        FINDINGS
    } else {
        OK
    }
}

/// The command-line choices of a lint run, checked.
pub(crate) fn options(a: &LintArgs, rules: &RuleSet) -> Result<Options, String> {
    super::check_codes(rules, &[&a.select, &a.ignore])?;
    let today = match &a.today {
        Some(t) => Date::parse(t.trim())
            .ok_or_else(|| format!("`--today {t}` is not a date; write it as 2027-06-30"))?,
        None => system_today(),
    };
    let clean = |l: &[String]| -> Vec<String> {
        l.iter()
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty())
            .collect()
    };
    Ok(Options {
        select: clean(&a.select),
        ignore: clean(&a.ignore),
        no_inline_allows: a.no_inline_allows,
        today,
    })
}

/// Today's date from the system clock (UTC).
pub(crate) fn system_today() -> Date {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0);
    let days = secs.div_euclid(86_400);
    // Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
    Date::new(year, month, day).unwrap_or_else(|| Date::new(1970, 1, 1).expect("a real day"))
}

fn print(a: &CheckArgs, report: &Report, rules: &RuleSet, files: &[String]) {
    let summary = Summary::of(&report.diagnostics, report.files);
    let text = match a.format {
        Format::Human => {
            let color = match a.color {
                ColorChoice::Always => true,
                ColorChoice::Never => false,
                ColorChoice::Auto => {
                    std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none()
                }
            };
            let style = Style {
                color,
                width: super::terminal_width(),
            };
            output::human::render(&report.diagnostics, &summary, style, a.quiet)
        }
        Format::Compact => output::compact::render(&report.diagnostics),
        Format::Json => output::json::render(&report.diagnostics, &summary),
        Format::Sarif => output::sarif::render(&report.diagnostics, rules.rules()),
        Format::Junit => output::junit::render(&report.diagnostics, files),
        Format::Github => output::github::render(&report.diagnostics),
    };
    let mut out = std::io::stdout().lock();
    let _ = out.write_all(text.as_bytes());
    let _ = out.flush();
}

/// `1 file`, `2 files`.
fn counted(n: usize, word: &str) -> String {
    format!("{n} {word}{}", if n == 1 { "" } else { "s" })
}
