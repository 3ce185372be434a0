//! `--format sarif`: SARIF 2.1.0, one run; every loaded rule in `tool.driver.rules`,
//! suppressed findings carried with `suppressions` and their justification.

use serde_json::{json, Value};

use crate::codes::Code;
use crate::diagnostic::{Diagnostic, Severity};
use crate::engine::RuleMeta;

pub fn render(diags: &[Diagnostic], rules: &[RuleMeta]) -> String {
    let descriptors = descriptors(rules);
    let results: Vec<Value> = diags.iter().map(|d| result(d, &descriptors)).collect();
    let mut text =
        serde_json::to_string_pretty(&document(&descriptors, results)).unwrap_or_default();
    text.push('\n');
    text
}

/// The SARIF document around its results.
pub(crate) fn document(descriptors: &[Value], results: Vec<Value>) -> Value {
    json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {
                "driver": {
                    "name": "cxlint",
                    "version": env!("CARGO_PKG_VERSION"),
                    "rules": descriptors,
                }
            },
            "results": results,
        }]
    })
}

/// One descriptor per loaded rule, then one per E and S code.
pub(crate) fn descriptors(rules: &[RuleMeta]) -> Vec<Value> {
    let mut descriptors: Vec<Value> = rules
        .iter()
        .map(|r| {
            json!({
                "id": r.code,
                "name": r.name,
                "shortDescription": { "text": r.summary },
                "fullDescription": { "text": r.explain },
                "help": { "text": r.help, "markdown": r.explain },
                "defaultConfiguration": { "level": level(r.severity) },
                "properties": { "group": r.group },
            })
        })
        .collect();
    for c in Code::ALL {
        let severity = match c {
            Code::S002 | Code::S003 | Code::S004 => Severity::Warning,
            _ => Severity::Error,
        };
        descriptors.push(json!({
            "id": c.code(),
            "name": c.name(),
            "shortDescription": { "text": c.summary() },
            "fullDescription": { "text": c.summary() },
            "help": { "text": code_help(c) },
            "defaultConfiguration": { "level": level(severity) },
            "properties": { "group": if c.code().starts_with('E') { "errors" } else { "suppression" } },
        }));
    }
    descriptors
}

/// One SARIF result.
pub(crate) fn result(d: &Diagnostic, descriptors: &[Value]) -> Value {
    let index = |code: &str| descriptors.iter().position(|d| d["id"] == code);
    let (line, col) = d.start();
    let (end_line, end_col) = d.end();
    let mut message = d.message.clone();
    if let Some(help) = &d.help {
        message.push_str(&format!("\nhelp: {help}"));
    }
    let mut r = json!({
        "ruleId": d.code,
        "level": level(d.severity),
        "message": { "text": message },
        "locations": [{
            "physicalLocation": {
                "artifactLocation": { "uri": uri(&d.file.path) },
                "region": {
                    "startLine": line,
                    "startColumn": col,
                    "endLine": end_line,
                    "endColumn": end_col,
                }
            }
        }],
    });
    if let Some(i) = index(&d.code) {
        r["ruleIndex"] = json!(i);
    }
    if let Some(reason) = &d.suppressed {
        r["suppressions"] = json!([{
            "kind": suppression_kind(d, reason),
            "status": "accepted",
            "justification": reason,
        }]);
    }
    r
}

/// What to do about a code that is not a rule: E codes are problems in the plan file
/// itself, S codes problems in the way findings were accepted.
fn code_help(c: Code) -> String {
    match c.code().as_bytes().first() {
        Some(b'E') => format!(
            "{}; fix the plan file at the place shown, it cannot be checked until then",
            c.summary()
        ),
        _ => format!(
            "{}; write allows as `# cxlint: allow CODE -- reason`, and keep waivers in cxlint.yaml current",
            c.summary()
        ),
    }
}

/// `inSource` when the reason is written in the plan file (an allow comment), `external`
/// when it comes from a waiver in the configuration.
fn suppression_kind(d: &Diagnostic, reason: &str) -> &'static str {
    let in_comment = d
        .file
        .text
        .lines()
        .any(|l| l.contains("cxlint:") && l.contains(reason));
    if in_comment {
        "inSource"
    } else {
        "external"
    }
}

fn level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// A relative URI reference for a path: forward slashes, spaces and other reserved
/// characters percent-encoded.
fn uri(path: &str) -> String {
    let mut out = String::new();
    for b in path.trim_start_matches("./").bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' => {
                out.push(b as char)
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}
