//! `--format json`: the shape fixed by the specification, `version: 1`. Written from
//! structs so the fields come in the order the specification shows them. Fields are
//! added, never removed: `block` and `block_path` (the baseline's key), `suppression`
//! (how a suppressed finding was accepted: allow comment or waiver, where, until when),
//! `summary.baselined` (findings a baseline absorbed), `errors` (paths that could
//! not be read) and `fixes` (the changes that would correct a finding).

use serde::Serialize;
use serde_json::Value;

use super::acceptance::{self, Acceptance, WaiverNote};
use super::Summary;
use crate::diagnostic::Diagnostic;

#[derive(Serialize)]
struct Document<'a> {
    version: u32,
    diagnostics: Vec<Entry<'a>>,
    summary: Counts,
    /// Paths that could not be read (the run exits 2).
    errors: Vec<Problem<'a>>,
}

#[derive(Serialize)]
struct Problem<'a> {
    path: &'a str,
    message: &'a str,
}

#[derive(Serialize)]
pub(crate) struct Entry<'a> {
    code: &'a str,
    name: &'a str,
    severity: &'static str,
    message: &'a str,
    help: Option<&'a str>,
    file: &'a str,
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
    suppressed: bool,
    reason: Option<&'a str>,
    /// `kind "label"` of the block the finding is about (for baselines and waivers).
    block: Option<&'a str>,
    /// The block's path below the programme (what baselines match on).
    block_path: Option<&'a str>,
    /// How a suppressed finding was accepted (`null` when it is not suppressed).
    suppression: Option<Acceptance>,
    /// Changes to the text that would correct the finding (`check --fix` applies the
    /// safe ones).
    fixes: Vec<FixEntry<'a>>,
}

#[derive(Serialize)]
pub(crate) struct FixEntry<'a> {
    title: &'a str,
    safe: bool,
    edits: Vec<EditEntry<'a>>,
}

/// One edit: the text from (line, column) to (end_line, end_column), 1-based as the
/// diagnostic's own, and from byte `start` to byte `end` of the file, becomes `text`.
#[derive(Serialize)]
pub(crate) struct EditEntry<'a> {
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
    start: usize,
    end: usize,
    text: &'a str,
}

#[derive(Serialize)]
struct Counts {
    files: usize,
    error: usize,
    warning: usize,
    info: usize,
    suppressed: usize,
    /// Findings a baseline absorbed (not listed).
    baselined: usize,
}

fn document<'a>(
    diags: &'a [Diagnostic],
    summary: &Summary,
    problems: &'a [(String, String)],
) -> Document<'a> {
    Document {
        version: 1,
        diagnostics: diags.iter().map(|d| entry(d, &[])).collect(),
        summary: Counts {
            files: summary.files,
            error: summary.error,
            warning: summary.warning,
            info: summary.info,
            suppressed: summary.suppressed,
            baselined: summary.baselined,
        },
        errors: problems
            .iter()
            .map(|(path, message)| Problem { path, message })
            .collect(),
    }
}

pub fn value(diags: &[Diagnostic], summary: &Summary) -> Value {
    serde_json::to_value(document(diags, summary, &[])).unwrap_or(Value::Null)
}

pub fn render(diags: &[Diagnostic], summary: &Summary) -> String {
    render_with(diags, summary, &[])
}

/// [`render`] with the paths that could not be read.
pub fn render_with(
    diags: &[Diagnostic],
    summary: &Summary,
    problems: &[(String, String)],
) -> String {
    let mut text =
        serde_json::to_string_pretty(&document(diags, summary, problems)).unwrap_or_default();
    text.push('\n');
    text
}

/// One diagnostic; `waivers` are those of the configurations in use (for a waiver's
/// file, line and expiry).
pub(crate) fn entry<'a>(d: &'a Diagnostic, waivers: &[WaiverNote]) -> Entry<'a> {
    let (line, column) = d.start();
    let (end_line, end_column) = d.end();
    Entry {
        code: &d.code,
        name: &d.name,
        severity: d.severity.as_str(),
        message: &d.message,
        help: d.help.as_deref(),
        file: &d.file.path,
        line,
        column,
        end_line,
        end_column,
        suppressed: d.suppressed.is_some(),
        reason: d.suppressed.as_deref().or(d.ignored_allow.as_deref()),
        block: d.block.as_deref(),
        block_path: d.block_path.as_deref().or(d.block.as_deref()),
        suppression: acceptance::of(d, waivers),
        fixes: d
            .fixes
            .iter()
            .map(|f| FixEntry {
                title: &f.title,
                safe: f.safe,
                edits: f
                    .edits
                    .iter()
                    .map(|e| {
                        let (line, column) = d.file.line_col(e.span.start);
                        let (end_line, end_column) = d.file.line_col(e.span.end);
                        EditEntry {
                            line,
                            column,
                            end_line,
                            end_column,
                            start: e.span.start,
                            end: e.span.end,
                            text: &e.text,
                        }
                    })
                    .collect(),
            })
            .collect(),
    }
}
