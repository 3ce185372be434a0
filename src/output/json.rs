//! `--format json`: the shape fixed by the specification, `version: 1`.

use serde_json::{json, Value};

use super::Summary;
use crate::diagnostic::Diagnostic;

pub fn value(diags: &[Diagnostic], summary: &Summary) -> Value {
    let list: Vec<Value> = diags.iter().map(diagnostic).collect();
    json!({
        "version": 1,
        "diagnostics": list,
        "summary": {
            "files": summary.files,
            "error": summary.error,
            "warning": summary.warning,
            "info": summary.info,
            "suppressed": summary.suppressed,
        }
    })
}

pub fn render(diags: &[Diagnostic], summary: &Summary) -> String {
    let mut text = serde_json::to_string_pretty(&value(diags, summary)).unwrap_or_default();
    text.push('\n');
    text
}

fn diagnostic(d: &Diagnostic) -> Value {
    let (line, column) = d.start();
    let (end_line, end_column) = d.end();
    let reason = d.suppressed.clone().or_else(|| d.ignored_allow.clone());
    json!({
        "code": d.code,
        "name": d.name,
        "severity": d.severity.as_str(),
        "message": d.message,
        "help": d.help,
        "file": d.file.path,
        "line": line,
        "column": column,
        "end_line": end_line,
        "end_column": end_column,
        "suppressed": d.suppressed.is_some(),
        "reason": reason,
        "block": d.block,
    })
}
