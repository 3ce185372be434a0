//! `cxlint report`: the ten-choices scorecard per programme and the findings per group,
//! as markdown, JSON or a self-contained HTML page.

use std::collections::BTreeMap;

use serde_json::json;

use super::{ReportArgs, ReportFormat, OK, TROUBLE};
use crate::diagnostic::Diagnostic;
use crate::engine::ScoreEntry;
use crate::model::build;

struct ProgrammeReport {
    file: String,
    name: String,
    scorecard: Vec<ScoreEntry>,
    /// group -> (error, warning, info)
    groups: BTreeMap<String, [usize; 3]>,
}

pub fn run(a: ReportArgs) -> i32 {
    let (rules, config) = match super::setup(a.lint.config.as_deref(), &a.lint.rule_dirs) {
        Ok(x) => x,
        Err(p) => {
            super::print_problems(&p);
            return TROUBLE;
        }
    };
    let opts = match super::check::options(&a.lint, &rules) {
        Ok(o) => o,
        Err(m) => {
            eprintln!("cxlint: {m}");
            return TROUBLE;
        }
    };
    let paths = if a.paths.is_empty() {
        vec![".".to_string()]
    } else {
        a.paths.clone()
    };
    let found = crate::walk::find(&paths, &|p| config.is_excluded(p));
    let mut trouble = false;
    for (path, why) in &found.missing {
        eprintln!("cxlint: {path}: {why}");
        trouble = true;
    }
    let outcome = build::load(&found.files);
    let lint = crate::lint::run(&found.files, &rules, &config, &opts);
    let group_of = |code: &str| -> String {
        rules
            .rules()
            .iter()
            .find(|r| r.code == code)
            .map(|r| r.group.clone())
            .unwrap_or_else(|| {
                if crate::codes::Code::from_code(code).is_some_and(|c| c.code().starts_with('E')) {
                    "errors".into()
                } else {
                    "suppression".into()
                }
            })
    };
    let mut reports = Vec::new();
    for p in &outcome.programmes {
        let file = p.files[0].path.clone();
        let mut groups: BTreeMap<String, [usize; 3]> = BTreeMap::new();
        for d in lint
            .diagnostics
            .iter()
            .filter(|d| d.suppressed.is_none() && in_programme(d, p))
        {
            let counts = groups.entry(group_of(&d.code)).or_default();
            counts[2 - d.severity as usize] += 1;
        }
        reports.push(ProgrammeReport {
            file,
            name: p.root().label.clone().unwrap_or_default(),
            scorecard: rules.scorecard(p),
            groups,
        });
    }
    let text = match a.format {
        ReportFormat::Markdown => markdown(&reports, &lint.diagnostics),
        ReportFormat::Json => json_report(&reports, &lint.diagnostics),
        ReportFormat::Html => html(&reports, &lint.diagnostics),
    };
    out!("{text}");
    if trouble || !lint.unreadable.is_empty() {
        TROUBLE
    } else {
        OK
    }
}

fn in_programme(d: &Diagnostic, p: &crate::model::Programme) -> bool {
    p.files.iter().any(|f| f.path == d.file.path)
}

fn markdown(reports: &[ProgrammeReport], diags: &[Diagnostic]) -> String {
    let mut out = String::from("# Customer programme report\n");
    for r in reports {
        let made = r.scorecard.iter().filter(|e| e.made).count();
        out.push_str(&format!(
            "\n## {} ({})\n\n{} of {} critical choices made.\n\n| # | choice | made |\n|---|---|---|\n",
            r.name,
            r.file,
            made,
            r.scorecard.len()
        ));
        for e in &r.scorecard {
            out.push_str(&format!(
                "| {} | {} | {} |\n",
                e.number,
                e.title,
                if e.made { "yes" } else { "**missing**" }
            ));
        }
        out.push_str("\n| group | errors | warnings | infos |\n|---|---|---|---|\n");
        if r.groups.is_empty() {
            out.push_str("| (no findings) | 0 | 0 | 0 |\n");
        }
        for (g, c) in &r.groups {
            out.push_str(&format!("| {g} | {} | {} | {} |\n", c[0], c[1], c[2]));
        }
    }
    let waived: Vec<&Diagnostic> = diags.iter().filter(|d| d.suppressed.is_some()).collect();
    if !waived.is_empty() {
        out.push_str(
            "\n## Waived and allowed findings\n\n| code | where | reason |\n|---|---|---|\n",
        );
        for d in waived {
            let (line, _) = d.start();
            out.push_str(&format!(
                "| {} | {}:{} | {} |\n",
                d.code,
                d.file.path,
                line,
                d.suppressed.as_deref().unwrap_or("").replace('|', "\\|")
            ));
        }
    }
    out
}

fn json_report(reports: &[ProgrammeReport], diags: &[Diagnostic]) -> String {
    let list: Vec<_> = reports
        .iter()
        .map(|r| {
            let card: Vec<_> = r
                .scorecard
                .iter()
                .map(|e| json!({"number": e.number, "title": e.title, "made": e.made}))
                .collect();
            let groups: serde_json::Map<String, serde_json::Value> = r
                .groups
                .iter()
                .map(|(g, c)| {
                    (
                        g.clone(),
                        json!({"error": c[0], "warning": c[1], "info": c[2]}),
                    )
                })
                .collect();
            json!({
                "file": r.file,
                "programme": r.name,
                "choices_made": r.scorecard.iter().filter(|e| e.made).count(),
                "scorecard": card,
                "groups": groups,
            })
        })
        .collect();
    let suppressed = diags.iter().filter(|d| d.suppressed.is_some()).count();
    let mut text = serde_json::to_string_pretty(&json!({
        "version": 1,
        "programmes": list,
        "suppressed": suppressed,
    }))
    .unwrap_or_default();
    text.push('\n');
    text
}

fn html(reports: &[ProgrammeReport], diags: &[Diagnostic]) -> String {
    let esc = crate::output::junit::escape;
    let mut out = String::from(
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Customer programme report</title>\n\
<style>body{font-family:sans-serif;max-width:60rem;margin:2rem auto;color:#222}table{border-collapse:collapse;margin:1rem 0}\
td,th{border:1px solid #ccc;padding:.3rem .6rem;text-align:left}.missing{color:#b00020;font-weight:bold}.made{color:#1b5e20}</style>\n\
</head><body>\n<h1>Customer programme report</h1>\n",
    );
    for r in reports {
        let made = r.scorecard.iter().filter(|e| e.made).count();
        out.push_str(&format!(
            "<h2>{} <small>({})</small></h2>\n<p>{made} of {} critical choices made.</p>\n<table><tr><th>#</th><th>choice</th><th>made</th></tr>\n",
            esc(&r.name),
            esc(&r.file),
            r.scorecard.len()
        ));
        for e in &r.scorecard {
            let (class, word) = if e.made {
                ("made", "yes")
            } else {
                ("missing", "missing")
            };
            out.push_str(&format!(
                "<tr><td>{}</td><td>{}</td><td class=\"{class}\">{word}</td></tr>\n",
                e.number,
                esc(&e.title)
            ));
        }
        out.push_str("</table>\n<table><tr><th>group</th><th>errors</th><th>warnings</th><th>infos</th></tr>\n");
        for (g, c) in &r.groups {
            out.push_str(&format!(
                "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>\n",
                esc(g),
                c[0],
                c[1],
                c[2]
            ));
        }
        out.push_str("</table>\n");
    }
    out.push_str("<h2>Findings</h2>\n<table><tr><th>code</th><th>severity</th><th>where</th><th>message</th><th>waived because</th></tr>\n");
    for d in diags {
        let (line, col) = d.start();
        out.push_str(&format!(
            "<tr><td>{}</td><td>{}</td><td>{}:{line}:{col}</td><td>{}</td><td>{}</td></tr>\n",
            esc(&d.code),
            d.severity.as_str(),
            esc(&d.file.path),
            esc(&d.message),
            esc(d.suppressed.as_deref().unwrap_or(""))
        ));
    }
    out.push_str("</table>\n</body></html>\n");
    out
}
