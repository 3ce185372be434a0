//! `--format sarif`: SARIF 2.1.0, one run; every loaded rule in `tool.driver.rules`,
//! suppressed findings carried with `suppressions` and their justification.

use serde_json::{json, Value};

use crate::codes::Code;
use crate::diagnostic::{Diagnostic, Severity};
use crate::engine::RuleMeta;

pub fn render(diags: &[Diagnostic], rules: &[RuleMeta]) -> String {
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
            Code::S002 | Code::S003 => Severity::Warning,
            _ => Severity::Error,
        };
        descriptors.push(json!({
            "id": c.code(),
            "name": c.name(),
            "shortDescription": { "text": c.summary() },
            "defaultConfiguration": { "level": level(severity) },
        }));
    }
    let index = |code: &str| descriptors.iter().position(|d| d["id"] == code);
    let results: Vec<Value> = diags
        .iter()
        .map(|d| {
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
                r["suppressions"] = json!([{ "kind": "inSource", "justification": reason }]);
            }
            r
        })
        .collect();
    let doc = json!({
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
    });
    let mut text = serde_json::to_string_pretty(&doc).unwrap_or_default();
    text.push('\n');
    text
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
