//! `--format json`: the shape fixed by the specification, `version: 1`. Written from
//! structs so the fields come in the order the specification shows them.

use serde::Serialize;
use serde_json::Value;

use super::Summary;
use crate::diagnostic::Diagnostic;

#[derive(Serialize)]
struct Document<'a> {
    version: u32,
    diagnostics: Vec<Entry<'a>>,
    summary: Counts,
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
}

#[derive(Serialize)]
struct Counts {
    files: usize,
    error: usize,
    warning: usize,
    info: usize,
    suppressed: usize,
}

fn document<'a>(diags: &'a [Diagnostic], summary: &Summary) -> Document<'a> {
    Document {
        version: 1,
        diagnostics: diags.iter().map(entry).collect(),
        summary: Counts {
            files: summary.files,
            error: summary.error,
            warning: summary.warning,
            info: summary.info,
            suppressed: summary.suppressed,
        },
    }
}

pub fn value(diags: &[Diagnostic], summary: &Summary) -> Value {
    serde_json::to_value(document(diags, summary)).unwrap_or(Value::Null)
}

pub fn render(diags: &[Diagnostic], summary: &Summary) -> String {
    let mut text = serde_json::to_string_pretty(&document(diags, summary)).unwrap_or_default();
    text.push('\n');
    text
}

pub(crate) fn entry(d: &Diagnostic) -> Entry<'_> {
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
    }
}
