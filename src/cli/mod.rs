//! The command line: argument parsing (clap) and one function per command.

//! Output: `out!`/`outln!` write to standard output and remember a failed write (a full
//! disk, a closed pipe), which makes the command exit 2 with a message ([`main`]).
//! `eprintln!`/`eprint!` are shadowed here, for every command, by versions that ignore a
//! failed write to standard error (`2>/dev/full`) instead of panicking: there is nowhere
//! left to say it.

/// `println!` that records a failed write instead of panicking.
macro_rules! outln {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        if let Err(e) = writeln!(std::io::stdout(), $($arg)*) {
            $crate::cli::output_failed(&e);
        }
    }};
}

/// `print!` that records a failed write instead of panicking.
macro_rules! out {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        if let Err(e) = write!(std::io::stdout(), $($arg)*) {
            $crate::cli::output_failed(&e);
        }
    }};
}

/// `eprintln!` that ignores a failed write to standard error.
macro_rules! eprintln {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stderr(), $($arg)*);
    }};
}

/// `eprint!` that ignores a failed write to standard error.
macro_rules! eprint {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = write!(std::io::stderr(), $($arg)*);
    }};
}

mod check;
mod explain;
mod fix;
mod fmt;
mod init;
mod plans;
mod report;
mod rules;
mod show;
mod test;

use std::io::IsTerminal;
use std::path::{Path, PathBuf};

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::config::Config;
use crate::diagnostic::Diagnostic;
use crate::engine::RuleSet;
use crate::output::human::Style;
use crate::output::Summary;

/// Exit codes (cli.md).
pub const OK: i32 = 0;
pub const FINDINGS: i32 = 1;
pub const TROUBLE: i32 = 2;

#[derive(Debug, Parser)]
#[command(
    name = "cxlint",
    version = concat!(env!("CARGO_PKG_VERSION"), " (commit ", env!("CXLINT_BUILD_COMMIT"), ")"),
    about = "A policy linter for customer-experience programmes",
    long_about = "cxlint checks customer-programme plans (.cxp files) against rules drawn from \
customer-strategy practice: the fatal mistakes, the critical choices, the killers of a \
customer's emotional bond."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Lint plan files and directories (default: the current directory)
    Check(CheckArgs),
    /// List every rule: code, name, group, default severity, summary
    Rules(RulesArgs),
    /// Explain a rule: what it looks for, why it matters, its parameters and examples
    Explain(ExplainArgs),
    /// The ten-choices scorecard per programme and the findings per group
    Report(ReportArgs),
    /// Rewrite plan files in the canonical layout, comments kept
    Fmt(FmtArgs),
    /// Print the resolved programme as JSON
    Export(ExportArgs),
    /// Write a commented starter programme and cxlint.yaml
    Init(InitArgs),
    /// Run every rule's own examples (built-in rules and the packs given)
    Test(TestArgs),
    /// Run the language server for editors, over standard input and output
    Lsp,
    /// Print the reference of the plan language: every block and key (Markdown)
    Schema,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Human,
    Compact,
    Json,
    Sarif,
    Junit,
    Github,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FailOnArg {
    Error,
    Warning,
    Info,
    Never,
}

/// Options shared by commands that lint.
#[derive(Debug, Args, Clone)]
pub struct LintArgs {
    /// Configuration file for every plan (default: for each plan, the nearest
    /// cxlint.yaml in its folder or above, up to the repository root)
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Extra rule pack folder (repeatable)
    #[arg(long = "rules", value_name = "DIR")]
    pub rule_dirs: Vec<PathBuf>,
    /// Only these codes or groups, comma-separated (repeatable)
    #[arg(long, value_name = "CODES", value_delimiter = ',')]
    pub select: Vec<String>,
    /// Leave out these codes or groups, comma-separated (repeatable)
    #[arg(long, value_name = "CODES", value_delimiter = ',')]
    pub ignore: Vec<String>,
    /// Ignore every inline allow comment (findings are reported with the allow's reason)
    #[arg(long)]
    pub no_inline_allows: bool,
    /// The date waivers are checked against (default: the system date)
    #[arg(long, value_name = "DATE")]
    pub today: Option<String>,
    /// Worker threads (default: one per core)
    #[arg(long, value_name = "N")]
    pub jobs: Option<usize>,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Files and directories to lint
    #[arg(value_name = "PATH")]
    pub paths: Vec<String>,
    #[arg(long, value_enum, default_value = "human")]
    pub format: Format,
    /// Exit 1 when a finding at or above this level remains (default: error)
    #[arg(long, value_enum)]
    pub fail_on: Option<FailOnArg>,
    /// Report only findings not recorded in this baseline
    #[arg(long, value_name = "FILE")]
    pub baseline: Option<PathBuf>,
    /// Record the current findings as a baseline
    #[arg(long, value_name = "FILE")]
    pub write_baseline: Option<PathBuf>,
    #[arg(long, value_enum, default_value = "auto")]
    pub color: ColorChoice,
    /// No summary line
    #[arg(long, short)]
    pub quiet: bool,
    /// Timings and counts on stderr
    #[arg(long)]
    pub stats: bool,
    /// Lint standard input (given as the path `-`) as if it were the file at PATH:
    /// its configuration and includes are found from PATH
    #[arg(long, value_name = "PATH")]
    pub stdin_filename: Option<String>,
    /// Say which configuration applies to PLAN and its effective settings, then exit
    #[arg(long, value_name = "PLAN")]
    pub show_config: Option<PathBuf>,
    /// Apply the safe fixes to the plan files, then report what is left
    #[arg(long)]
    pub fix: bool,
    /// Print the fixes as a unified diff instead of writing them (exit 1 when there are some)
    #[arg(long, conflicts_with = "write_baseline")]
    pub diff: bool,
    /// With --fix or --diff: also apply the fixes that make a choice for you
    #[arg(long)]
    pub unsafe_fixes: bool,
    #[command(flatten)]
    pub lint: LintArgs,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ListFormat {
    Human,
    Json,
}

#[derive(Debug, Args)]
pub struct RulesArgs {
    #[arg(long, value_enum, default_value = "human")]
    pub format: ListFormat,
    /// Extra rule pack folder (repeatable)
    #[arg(long = "rules", value_name = "DIR")]
    pub rule_dirs: Vec<PathBuf>,
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct ExplainArgs {
    /// A rule code such as FM06, or an E/S code
    pub code: String,
    #[arg(long = "rules", value_name = "DIR")]
    pub rule_dirs: Vec<PathBuf>,
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ReportFormat {
    Markdown,
    Json,
    Html,
}

#[derive(Debug, Args)]
pub struct ReportArgs {
    #[arg(value_name = "PATH")]
    pub paths: Vec<String>,
    #[arg(long, value_enum, default_value = "markdown")]
    pub format: ReportFormat,
    /// Where the rule pages are, for the links from rule codes: a folder relative to
    /// where the report is saved, or a web address (default: $CXLINT_DOCS_URL when set,
    /// else docs/rules)
    #[arg(long, value_name = "PATH_OR_URL")]
    pub docs_base: Option<String>,
    #[command(flatten)]
    pub lint: LintArgs,
}

#[derive(Debug, Args)]
pub struct FmtArgs {
    #[arg(value_name = "PATH")]
    pub paths: Vec<String>,
    /// Write nothing; exit 1 and list the files that would change
    #[arg(long)]
    pub check: bool,
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    /// A root programme file
    pub file: String,
}

#[derive(Debug, Args)]
pub struct InitArgs {
    /// Where to write the starter files (default: the current directory)
    pub dir: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct TestArgs {
    /// Rule pack folders to test besides the built-in rules
    #[arg(value_name = "DIR")]
    pub dirs: Vec<PathBuf>,
}

/// Parse the command line and run the command; returns the exit code.
pub fn main() -> i32 {
    main_from(std::env::args_os())
}

/// [`main`] with the command line given (the program's name first).
pub fn main_from<I, T>(args: I) -> i32
where
    I: IntoIterator<Item = T>,
    T: Into<std::ffi::OsString> + Clone,
{
    let cli = match Cli::try_parse_from(args) {
        Ok(c) => c,
        Err(e) => {
            let code = if e.use_stderr() { TROUBLE } else { OK };
            let _ = e.print();
            return code;
        }
    };
    let code = match cli.command {
        #[cfg(not(target_os = "wasi"))]
        Command::Lsp => return crate::lsp::run(),
        // The WebAssembly build (the browser playground) has no threads or standard
        // input to serve an editor from.
        #[cfg(target_os = "wasi")]
        Command::Lsp => {
            eprintln!(
                "cxlint: the language server (`cxlint lsp`) is not part of the WebAssembly build; install cxlint to use it in an editor"
            );
            return TROUBLE;
        }
        Command::Check(a) => check::run(a),
        Command::Rules(a) => rules::list(a),
        Command::Explain(a) => explain::run(a),
        Command::Report(a) => report::run(a),
        Command::Fmt(a) => fmt::run(a),
        Command::Export(a) => export(a),
        Command::Init(a) => init::run(a),
        Command::Test(a) => test::run(a),
        Command::Schema => {
            out!("{}", crate::reference::markdown());
            OK
        }
    };
    {
        use std::io::Write as _;
        if let Err(e) = std::io::stdout().flush() {
            output_failed(&e);
        }
    }
    match OUTPUT_FAILED.lock().map(|f| f.clone()) {
        Ok(Some(why)) => {
            eprintln!("cxlint: the report could not be written in full ({why}); what was written is incomplete");
            TROUBLE
        }
        _ => code,
    }
}

/// The first failed write to standard output, if any.
static OUTPUT_FAILED: std::sync::Mutex<Option<String>> = std::sync::Mutex::new(None);

/// Record a failed write to standard output: the command exits 2, saying why.
pub(crate) fn output_failed(e: &std::io::Error) {
    if let Ok(mut failed) = OUTPUT_FAILED.lock() {
        failed.get_or_insert_with(|| e.to_string());
    }
}

/// Print diagnostics about cxlint's own inputs (config, rule files) to stderr.
pub(crate) fn print_problems(problems: &[Diagnostic]) {
    let style = Style {
        color: std::io::stderr().is_terminal(),
        width: terminal_width(),
    };
    // A problem with no text to show (a folder that does not exist) reads better as one
    // line than as an empty snippet.
    let (plain, shown): (Vec<&Diagnostic>, Vec<&Diagnostic>) =
        problems.iter().partition(|d| d.file.text.is_empty());
    for d in plain {
        match &d.help {
            Some(help) => eprintln!("cxlint: {} ({help})", d.message),
            None => eprintln!("cxlint: {}", d.message),
        }
    }
    let shown: Vec<Diagnostic> = shown.into_iter().cloned().collect();
    let summary = Summary::default();
    let text = crate::output::human::render(&shown, &summary, style, true);
    eprint!("{text}");
}

pub(crate) fn terminal_width() -> usize {
    std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.parse().ok())
        .filter(|w: &usize| *w >= 40)
        .unwrap_or(100)
}

/// The rules and configuration of a command that is not about particular plans (`rules`,
/// `explain`): the file given, else the one that applies to plans in the current folder.
/// `Err` holds the problems (exit 2).
pub(crate) fn setup(
    config_path: Option<&Path>,
    extra_dirs: &[PathBuf],
) -> Result<(RuleSet, Config), Vec<Diagnostic>> {
    let mut resolver = crate::resolve::Resolver::new(config_path, extra_dirs);
    let found = resolver.for_dir(Path::new("."));
    for note in &resolver.notes {
        eprintln!("cxlint: {note}");
    }
    match found {
        Some(i) => {
            let setting = resolver.settings.swap_remove(i);
            Ok((setting.rules, setting.config))
        }
        None => Err(resolver.problems),
    }
}

/// [`setup`], with its problems printed to stderr; `None` means exit 2.
pub(crate) fn setup_or_report(
    config_path: Option<&Path>,
    extra_dirs: &[PathBuf],
) -> Option<(RuleSet, Config)> {
    setup(config_path, extra_dirs)
        .map_err(|problems| print_problems(&problems))
        .ok()
}

/// Check `--select`/`--ignore` entries: each must be a code or a group.
pub(crate) fn check_codes(rule_sets: &[&RuleSet], lists: &[&[String]]) -> Result<(), String> {
    let mut known: Vec<String> = Vec::new();
    for rules in rule_sets {
        known.extend(rules.rules().iter().map(|r| r.code.clone()));
        known.extend(rules.rules().iter().map(|r| r.group.clone()));
    }
    known.extend(crate::codes::Code::ALL.iter().map(|c| c.code().to_string()));
    for list in lists {
        for item in list.iter() {
            if !known.iter().any(|k| k == item) {
                let hint = crate::suggest::suggest(item, known.iter().map(String::as_str))
                    .map(|s| format!("; did you mean `{s}`?"))
                    .unwrap_or_default();
                return Err(format!(
                    "`{item}` is neither a rule code nor a rule group{hint}"
                ));
            }
        }
    }
    Ok(())
}

fn export(a: ExportArgs) -> i32 {
    let path = Path::new(&a.file);
    let inputs = [crate::model::build::FileInput {
        display: a.file.clone(),
        path: path.to_path_buf(),
    }];
    let mut outcome = crate::model::build::load(&inputs);
    let cap = crate::limits::Limits::default().diagnostics_per_file;
    outcome.diagnostics = crate::cap::cap_per_file(outcome.diagnostics, cap);
    if let Some((p, why)) = outcome.unreadable.first() {
        eprintln!("cxlint: {p}: {why}");
        return TROUBLE;
    }
    if !outcome.diagnostics.is_empty() {
        print_problems(&outcome.diagnostics);
        return FINDINGS;
    }
    match outcome.programmes.first() {
        Some(p) => {
            let json = crate::model::export::to_json(p);
            outln!(
                "{}",
                serde_json::to_string_pretty(&json).unwrap_or_default()
            );
            OK
        }
        None => {
            eprintln!("cxlint: {} holds no programme", a.file);
            FINDINGS
        }
    }
}
