//! The report as JSON: the fields of version 1 stay as they were; the facts of the run,
//! each programme's verdict and its findings are added beside them.

use serde_json::{json, Value};

use super::{fails_on, Finding, ProgrammeReport, Report};

/// Write the report, handing the text to `emit` a programme at a time. The document is
/// the one `serde_json::to_string_pretty` writes for the whole report (keys in order),
/// written a part at a time so that it is never held whole.
pub(super) fn render(report: &Report<'_>, emit: &mut dyn FnMut(&str)) {
    let f = &report.facts;
    let not_checked: Vec<_> = report
        .unchecked
        .iter()
        .map(|u| {
            let errors: Vec<_> = u
                .errors
                .iter()
                .map(|d| {
                    let (line, column) = d.start();
                    json!({
                        "code": d.code,
                        "line": line,
                        "column": column,
                        "message": d.message,
                        "rule_page": report.page(d.code),
                    })
                })
                .collect();
            json!({"file": u.file, "errors": errors})
        })
        .collect();
    let suppressed = report
        .diags
        .iter()
        .filter(|d| d.suppressed.is_some())
        .count();
    let run = json!({
        "date": f.stamp.date.to_string(),
        "time": f.stamp.time.map(|(h, m, s)| format!("{h:02}:{m:02}:{s:02}Z")),
        "date_from": f.stamp.source_key(),
        "cxlint_version": env!("CARGO_PKG_VERSION"),
        "catalogue": {
            "rules": f.catalogue.rules,
            "built_in": f.catalogue.built_in,
            "packs": f.catalogue.packs,
            "sha256": f.catalogue.sha256,
        },
        "configurations": f.configs,
        "paths": f.paths,
        "docs_base": f.docs_base,
    });
    // The top-level keys in the order serde_json writes an object's keys (sorted).
    emit(&format!(
        "{{\n  \"not_checked\": {},\n  \"programmes\": ",
        nested(&Value::Array(not_checked), 1)
    ));
    if report.programmes.is_empty() {
        emit("[]");
    } else {
        for (i, r) in report.programmes.iter().enumerate() {
            let lead = if i == 0 { "[\n    " } else { ",\n    " };
            emit(&format!("{lead}{}", nested(&programme(report, r), 2)));
        }
        emit("\n  ]");
    }
    emit(&format!(
        ",\n  \"run\": {},\n  \"suppressed\": {suppressed},\n  \"version\": 1\n}}\n",
        nested(&run, 1)
    ));
}

/// `value` as serde_json's pretty printer writes it `depth` levels deep in a document.
fn nested(value: &Value, depth: usize) -> String {
    crate::output::pretty_json(value, 2 * depth)
}

fn programme(report: &Report<'_>, r: &ProgrammeReport) -> Value {
    let card: Vec<_> = r
        .scorecard()
        .iter()
        .map(|e| json!({"number": e.number, "title": e.title, "made": e.made}))
        .collect();
    let groups: serde_json::Map<String, Value> = r
        .groups
        .iter()
        .map(|(g, c)| {
            (
                g.clone(),
                json!({"error": c[0], "warning": c[1], "info": c[2]}),
            )
        })
        .collect();
    let [error, warning, info] = r.totals;
    let findings: Vec<Value> = report
        .findings_by_group(r)
        .into_iter()
        .flat_map(|(_, list)| list)
        .map(|d| finding(report, &d))
        .collect();
    let accepted: Vec<Value> = report
        .accepted(r)
        .map(|d| {
            let a = report.acceptance(&d);
            let mut v = finding(report, &d);
            v["accepted_by"] = json!(a.kind);
            v["reason"] = json!(a.reason);
            v["expires"] = json!(a.expires);
            v
        })
        .collect();
    json!({
        "file": r.file,
        "programme": r.name,
        "choices_made": r.made(),
        "choices_total": r.choices.len(),
        "scorecard": card,
        "groups": groups,
        "waived": r.waived,
        "configuration": r.config,
        "fail_on": fails_on(r.fail_on),
        "passes_gate": r.passes(),
        "severities": {"error": error, "warning": warning, "info": info},
        "findings": findings,
        "accepted": accepted,
    })
}

/// One finding, with its group and the address of its rule's page.
fn finding(report: &Report<'_>, d: &Finding) -> Value {
    let (line, column) = d.start();
    json!({
        "code": d.code,
        "name": d.name,
        "group": report.group_of(d.code),
        "severity": d.severity.as_str(),
        "file": d.path,
        "line": line,
        "column": column,
        "message": d.message,
        "help": d.help,
        "rule_page": report.page(d.code),
    })
}
