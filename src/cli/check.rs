//! `cxlint check`: lint files and directories.

use std::io::IsTerminal;
use std::time::Instant;

use super::{CheckArgs, ColorChoice, FailOnArg, Format, LintArgs, FINDINGS, OK, TROUBLE};
use crate::config::FailOn;
use crate::engine::RuleSet;
use crate::lint::{self, Options};
use crate::output::{self, human::Style};
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
    let mut trouble = false;
    let baseline = match &a.baseline {
        Some(path) => match crate::baseline::read(path) {
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
    let mut recorded = Vec::new();
    let fail_on = match a.fail_on {
        Some(FailOnArg::Error) => FailOn::Error,
        Some(FailOnArg::Warning) => FailOn::Warning,
        Some(FailOnArg::Info) => FailOn::Info,
        Some(FailOnArg::Never) => FailOn::Never,
        None => config.fail_on.unwrap_or(FailOn::Error),
    };
    let mut failing = false;
    let mut shown = 0usize;
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    // Output errors (a closed pipe) do not change the verdict: the run goes on.
    let mut stream = output::stream::Stream::new(kind(&a), rules.rules(), &mut out).ok();
    let report = lint::run_each(&found.files, &rules, &config, &opts, &mut |mut chunk| {
        if let Some(absorber) = absorber.as_mut() {
            absorber.absorb(&mut chunk);
        }
        if record_all {
            recorded.extend(crate::baseline::entries(&chunk));
        }
        failing |= chunk
            .iter()
            .any(|d| d.suppressed.is_none() && fail_on.fails(d.severity));
        shown += chunk.len();
        if let Some(s) = stream.as_mut() {
            if s.write(&chunk).is_err() {
                stream = None;
            }
        }
    });
    let linted = Instant::now();
    for (path, why) in found.missing.iter().chain(report.unreadable.iter()) {
        eprintln!("cxlint: {path}: {why}");
        trouble = true;
    }
    let baseline_unread = a.baseline.is_some() && baseline.is_none();
    if let (Some(path), false) = (&a.write_baseline, baseline_unread) {
        let record = match absorber {
            Some(absorber) => absorber.known,
            None => recorded,
        };
        if let Err(message) = crate::baseline::write(path, record) {
            eprintln!("cxlint: {message}");
            trouble = true;
        }
    }
    let file_names: Vec<String> = found.files.iter().map(|f| f.display.clone()).collect();
    if let Some(s) = stream {
        let _ = s.finish(report.files, &file_names);
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
