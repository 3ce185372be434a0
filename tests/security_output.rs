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
