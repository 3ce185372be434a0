//! Labels and texts in a plan are the author's: whatever they hold, the output formats
//! must not let them pass for cxlint's own output (fake lines, a fake summary) or reach a
//! terminal as control sequences.

use cxlint::diagnostic::Diagnostic;
use cxlint::model::build::load_text;
use cxlint::output::{self, Summary};

/// A plan whose unknown reference (E006, quoted in the message and the help) holds line
/// breaks, a carriage return and terminal escape sequences, written with `\u{…}` escapes.
const HOSTILE: &str = "programme \"P\" {\n  currency = USD\n  unit \"Top\" { facing = back }\n  unit \"U\" {\n    parent = \"Nobody\\n\\n0 errors, 0 warnings, 0 infos in 1 file\\u{D}\\u{1B}[2K\\u{1B}[1A\\u{7}\"\n    facing = front\n  }\n}\n";

fn diagnostics() -> Vec<Diagnostic> {
    let outcome = load_text("t.cxp", HOSTILE);
    assert!(
        outcome.diagnostics.iter().any(|d| d.code == "E006"),
        "{:?}",
        outcome
            .diagnostics
            .iter()
            .map(|d| &d.message)
            .collect::<Vec<_>>()
    );
    outcome.diagnostics
}

/// Control characters other than the line feeds that end lines.
fn controls(text: &str) -> Vec<char> {
    text.chars()
        .filter(|c| c.is_control() && *c != '\n')
        .collect()
}

#[test]
fn json_escapes_everything() {
    let diags = diagnostics();
    let text = output::json::render(&diags, &Summary::of(&diags, 1));
    assert!(controls(&text).is_empty());
    let parsed: serde_json::Value = serde_json::from_str(&text).expect("valid JSON");
    assert!(parsed["diagnostics"][0]["message"]
        .as_str()
        .is_some_and(|m| m.contains('\u{1B}')));
}

#[test]
fn junit_is_valid_xml_text() {
    let diags = diagnostics();
    let text = output::junit::render(&diags, &["t.cxp".to_string()]);
    assert!(controls(&text).is_empty(), "{:?}", controls(&text));
}

#[test]
fn github_commands_stay_one_line_each() {
    let diags = diagnostics();
    let text = output::github::render(&diags);
    assert_eq!(text.lines().count(), diags.len());
    assert!(text.lines().all(|l| l.starts_with("::")));
    assert!(!text.contains('\r'));
}

/// Found by review of the output formats while fuzzing `check`: the text of a quoted
/// value, escapes decoded, is copied into messages and help, and `compact` replaces only
/// line feeds: a carriage return, `ESC [2K` (erase the line) or `ESC [1A` (cursor up)
/// reach the terminal or the CI log as they are.
#[test]
fn compact_output_has_one_plain_line_per_finding() {
    let diags = diagnostics();
    let text = output::compact::render(&diags);
    assert_eq!(text.lines().count(), diags.len());
    assert!(controls(&text).is_empty(), "{:?}", controls(&text));
}

/// Found with the previous one: in `human` output a line break inside a quoted value
/// starts a new line of the report, so a plan can print lines of its choosing (here a
/// fake summary `0 errors, 0 warnings, 0 infos in 1 file`), and escape sequences reach
/// the terminal even without colour.
#[test]
fn human_output_shows_plan_texts_escaped() {
    let diags = diagnostics();
    let style = output::human::Style {
        color: false,
        width: 100,
    };
    let text = output::human::render(&diags, &Summary::of(&diags, 1), style, false);
    assert!(controls(&text).is_empty(), "{:?}", controls(&text));
    assert!(
        !text.lines().any(|l| l.trim_start().starts_with("0 errors")),
        "a plan text printed a line of its own:\n{text}"
    );
}

/// Runs the `cxlint` binary in `dir`; (exit code, stdout, stderr).
fn run_cxlint(dir: &std::path::Path, args: &[&str]) -> (Option<i32>, String, String) {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_cxlint"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .env("COLUMNS", "100")
        .output()
        .expect("cxlint runs");
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// Issue: compact output printed file names raw: a file named
/// `a.cxp:1:1: error[E999] FAKE\nb.cxp` forged a finding line, and an escape character
/// in a file name reached the terminal. File names are escaped in every text format.
#[cfg(unix)]
#[test]
fn file_names_cannot_forge_lines_or_reach_the_terminal() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let name = "a.cxp:1:1: error[E999] FAKE\nb\u{1b}[2K.cxp";
    std::fs::write(
        dir.path().join(name),
        "programme \"P\" {\n  currency = USD\n  unit \"U\" { parent = \"nope\"  facing = front }\n}\n",
    )
    .expect("a plan with a hostile name");
    for format in ["compact", "human", "github", "junit"] {
        let (code, stdout, stderr) = run_cxlint(dir.path(), &["check", ".", "--format", format]);
        assert_eq!(code, Some(1), "{format}: {stderr}");
        assert!(!stdout.contains('\u{1b}'), "{format}: {stdout}");
        assert!(
            !stdout.lines().any(|l| l.starts_with("b")),
            "{format}: a line of the file name's own:\n{stdout}"
        );
        if format == "compact" {
            assert_eq!(stdout.lines().count(), 1, "{stdout}");
            assert!(stdout.starts_with("a.cxp:1:1: error[E999] FAKE\\nb\\u{1b}[2K.cxp:3:"));
        }
        if format == "junit" {
            // The failure text names the file escaped, so a CI page shows one line.
            assert!(stdout.contains("FAKE\\nb\\u{1b}[2K.cxp:3:"), "{stdout}");
        }
    }
    // `fmt --check` lists the file escaped too.
    let (_, stdout, _) = run_cxlint(dir.path(), &["fmt", "--check", "."]);
    assert!(
        !stdout.contains('\u{1b}') && stdout.lines().count() <= 1,
        "{stdout}"
    );
}

/// Issue: rule-pack text (summary, help, explanation, parameter notes) was printed raw by
/// `rules` and `explain`: escape sequences reached the terminal, and a line break could
/// start a `::error::` line in a CI log. It is escaped like plan text.
#[test]
fn rule_pack_text_is_escaped_in_rules_and_explain() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let pack = dir.path().join("pack");
    std::fs::create_dir_all(&pack).expect("a pack folder");
    std::fs::write(
        pack.join("ZZ01-hostile-text.yaml"),
        "code: ZZ01\nname: hostile-text\ngroup: custom\nseverity: warning\n\
         summary: \"a summary\\e[2K\\n::error::forged\"\n\
         help: \"help\\e]0;title\\a\\n::error::forged\"\n\
         explain: \"first line\\n::error file=x::forged\\nthird \\e[31mred\"\n\
         checks:\n  - for: unit\n    when: self.facing == front\n    message: '{self} is front'\n\
         examples:\n  bad:\n    - |\n      unit \"Care\" { facing = front }  # expect: ZZ01\n  good:\n    - |\n      unit \"Care\" { facing = back }\n",
    )
    .expect("a rule file");
    let (code, rules, stderr) = run_cxlint(dir.path(), &["rules", "--rules", "pack"]);
    assert_eq!(code, Some(0), "{stderr}");
    let (code, explain, stderr) = run_cxlint(dir.path(), &["explain", "ZZ01", "--rules", "pack"]);
    assert_eq!(code, Some(0), "{stderr}");
    for text in [&rules, &explain] {
        assert!(
            !text.contains('\u{1b}') && !text.contains('\u{7}'),
            "{text}"
        );
        assert!(
            !text.lines().any(|l| l.trim_start().starts_with("::")),
            "a line starts a workflow command:\n{text}"
        );
    }
    assert!(
        rules.contains("a summary\\u{1b}[2K\\n::error::forged"),
        "{rules}"
    );
    assert!(
        explain.contains("first line\n\\u{3a}:error file=x::forged"),
        "{explain}"
    );
}
