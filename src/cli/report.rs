//! `cxlint report`: the ten-choices scorecard per programme and the findings per group,
//! as markdown, JSON or a self-contained HTML page.
//!
//! A little over 600 lines: the aggregation and its three renderers share the per-programme
//! figures; the HTML renderer is the largest part.

use std::collections::{BTreeMap, HashMap};

use serde_json::json;

use crate::config::Waiver;
use crate::model::{Programme, TypedValue};
use crate::value::{group_thousands, Decimal};

use super::{ReportArgs, ReportFormat, FINDINGS, OK, TROUBLE};
use crate::diagnostic::{Diagnostic, Severity};
use crate::engine::ScoreEntry;

struct ProgrammeReport {
    file: String,
    /// Every file of the programme (root and fragments).
    files: Vec<String>,
    name: String,
    scorecard: Vec<ScoreEntry>,
    /// group -> (error, warning, info)
    groups: BTreeMap<String, [usize; 3]>,
    /// Findings accepted by an allow comment or a waiver.
    waived: usize,
    spend: Spend,
}

/// A plan that could not be checked: its E diagnostics (it has no scorecard).
struct Unchecked<'a> {
    file: String,
    errors: Vec<&'a Diagnostic>,
}

/// The plans with E diagnostics that no programme of the report covers, by file.
fn unchecked<'a>(reports: &[ProgrammeReport], diags: &'a [Diagnostic]) -> Vec<Unchecked<'a>> {
    let mut by_file: BTreeMap<String, Vec<&Diagnostic>> = BTreeMap::new();
    for d in diags
        .iter()
        .filter(|d| d.suppressed.is_none() && is_language_error(&d.code))
    {
        let covered = reports.iter().any(|r| r.files.contains(&d.file.path));
        if !covered {
            by_file.entry(d.file.path.clone()).or_default().push(d);
        }
    }
    by_file
        .into_iter()
        .map(|(file, errors)| Unchecked { file, errors })
        .collect()
}

/// `0 open, 3 waived` when every finding of a programme was accepted, else `(no findings)`.
fn no_open_findings(waived: usize) -> String {
    if waived > 0 {
        format!("0 open, {waived} waived")
    } else {
        "(no findings)".to_string()
    }
}

/// Yearly spend of a programme summed for the report's charts (presentation only: the
/// rules make their own judgement of these figures).
#[derive(Default)]
struct Spend {
    currency: String,
    /// (bar label, amount), in chart order.
    by_category: Vec<(&'static str, Decimal)>,
    by_purpose: Vec<(&'static str, Decimal)>,
}

/// Where a suppressed finding was accepted, for the auditor's table.
struct Acceptance<'a> {
    how: &'static str,
    reason: &'a str,
    expires: Option<String>,
}

pub fn run(a: ReportArgs) -> i32 {
    let paths = if a.paths.is_empty() {
        vec![".".to_string()]
    } else {
        a.paths.clone()
    };
    let Some(plans) = super::plans::gather(&a.lint, &paths) else {
        return TROUBLE;
    };
    if plans.resolver.settings.is_empty() && plans.trouble {
        // No configuration in use could be loaded: nothing was checked.
        return TROUBLE;
    }
    let opts = match super::check::options(&a.lint, &plans.rule_sets()) {
        Ok(o) => o,
        Err(m) => {
            eprintln!("cxlint: {m}");
            return TROUBLE;
        }
    };
    let found = &plans.found;
    let mut trouble = plans.trouble;
    for (path, why) in &found.missing {
        eprintln!("cxlint: {path}: {why}");
        trouble = true;
    }
    // One read and parse of every file: the scorecards are taken from the programmes of
    // the lint run itself.
    let scopes = plans.scopes();
    let (lint, mut reports) = crate::lint::run_visiting(
        &found.files,
        &scopes,
        &plans.scope_of,
        &opts,
        &|p: &Programme, scope: crate::lint::Scope<'_>| ProgrammeReport {
            file: p.files[0].path.clone(),
            files: p.files.iter().map(|f| f.path.clone()).collect(),
            name: p.root().label.clone().unwrap_or_default(),
            scorecard: scope.rules.scorecard(p),
            groups: BTreeMap::new(),
            waived: 0,
            spend: spend_of(p),
        },
    );
    let rule_list = plans.rule_sets();
    let waivers: Vec<&crate::config::Waiver> = plans
        .resolver
        .settings
        .iter()
        .flat_map(|s| s.config.waivers.iter())
        .collect();
    let group_of = |code: &str| -> String {
        rule_list
            .iter()
            .flat_map(|rules| rules.rules())
            .find(|r| r.code == code)
            .map(|r| r.group.clone())
            .unwrap_or_else(|| {
                if is_language_error(code) {
                    "errors".into()
                } else {
                    "suppression".into()
                }
            })
    };
    // Findings by programme: each file belongs to the programmes that read it.
    let mut programmes_of: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, r) in reports.iter().enumerate() {
        for f in &r.files {
            programmes_of.entry(f.as_str()).or_default().push(i);
        }
    }
    let mut counts: Vec<BTreeMap<String, [usize; 3]>> = vec![BTreeMap::new(); reports.len()];
    let mut waived = vec![0usize; reports.len()];
    for d in &lint.diagnostics {
        for &i in programmes_of
            .get(d.file.path.as_str())
            .into_iter()
            .flatten()
        {
            if d.suppressed.is_some() {
                waived[i] += 1;
                continue;
            }
            let c = counts[i].entry(group_of(&d.code)).or_default();
            c[2 - d.severity as usize] += 1;
        }
    }
    for ((r, c), w) in reports.iter_mut().zip(counts).zip(waived) {
        r.groups = c;
        r.waived = w;
    }
    // A plan with an E diagnostic could not be checked (it has no scorecard).
    let unchecked = lint
        .diagnostics
        .iter()
        .any(|d| d.suppressed.is_none() && is_language_error(&d.code));
    let text = match a.format {
        ReportFormat::Markdown => markdown(&reports, &lint.diagnostics),
        ReportFormat::Json => json_report(&reports, &lint.diagnostics),
        ReportFormat::Html => html(&reports, &lint.diagnostics, &waivers, &group_of),
    };
    out!("{text}");
    for (path, why) in &lint.unreadable {
        eprintln!("cxlint: {path}: {why}");
    }
    if trouble || !lint.unreadable.is_empty() {
        TROUBLE
    } else if unchecked {
        FINDINGS
    } else {
        OK
    }
}

fn markdown(reports: &[ProgrammeReport], diags: &[Diagnostic]) -> String {
    let mut out = String::from("# Customer programme report\n");
    for r in reports {
        let made = r.scorecard.iter().filter(|e| e.made).count();
        out.push_str(&format!(
            "\n## {} ({})\n\n{} of {} critical choices made.\n\n| # | choice | made |\n|---|---|---|\n",
            md(&r.name),
            md(&r.file),
            made,
            r.scorecard.len()
        ));
        for e in &r.scorecard {
            out.push_str(&format!(
                "| {} | {} | {} |\n",
                e.number,
                md(&e.title),
                if e.made { "yes" } else { "**missing**" }
            ));
        }
        out.push_str("\n| group | errors | warnings | infos |\n|---|---|---|---|\n");
        if r.groups.is_empty() {
            out.push_str(&format!("| {} | 0 | 0 | 0 |\n", no_open_findings(r.waived)));
        }
        for (g, c) in &r.groups {
            out.push_str(&format!("| {} | {} | {} | {} |\n", md(g), c[0], c[1], c[2]));
        }
        if !r.groups.is_empty() && r.waived > 0 {
            out.push_str(&format!("\n{} waived.\n", r.waived));
        }
    }
    for u in unchecked(reports, diags) {
        out.push_str(&format!(
            "\n## {}: not checked, {} error{}\n\nThe plan could not be checked until these are fixed:\n\n| code | where | error |\n|---|---|---|\n",
            md(&u.file),
            u.errors.len(),
            plural(u.errors.len())
        ));
        for d in &u.errors {
            let (line, col) = d.start();
            out.push_str(&format!(
                "| {} | {}:{line}:{col} | {} |\n",
                d.code,
                md(&d.file.path),
                md(&d.message)
            ));
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
                md(&d.file.path),
                line,
                md(d.suppressed.as_deref().unwrap_or(""))
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
                "waived": r.waived,
            })
        })
        .collect();
    let not_checked: Vec<_> = unchecked(reports, diags)
        .iter()
        .map(|u| {
            let errors: Vec<_> = u
                .errors
                .iter()
                .map(|d| {
                    let (line, column) = d.start();
                    json!({"code": d.code, "line": line, "column": column, "message": d.message})
                })
                .collect();
            json!({"file": u.file, "errors": errors})
        })
        .collect();
    let suppressed = diags.iter().filter(|d| d.suppressed.is_some()).count();
    let mut text = serde_json::to_string_pretty(&json!({
        "version": 1,
        "programmes": list,
        "not_checked": not_checked,
        "suppressed": suppressed,
    }))
    .unwrap_or_default();
    text.push('\n');
    text
}

/// Sum the `amount` of every `spend` block by category and by purpose, in the
/// programme's currency (lines in another currency are left out of the charts).
fn spend_of(p: &Programme) -> Spend {
    let currency = match p.root().attr("currency").map(|a| &a.value) {
        Some(TypedValue::Word(c)) | Some(TypedValue::Str(c)) => c.clone(),
        _ => String::new(),
    };
    let mut s = Spend {
        by_category: vec![("people", Decimal::ZERO), ("technology", Decimal::ZERO)],
        by_purpose: vec![("acquisition", Decimal::ZERO), ("retention", Decimal::ZERO)],
        currency,
    };
    for n in p.nodes.iter().filter(|n| n.kind == "spend") {
        let Some(TypedValue::Money { amount, currency }) = n.attr("amount").map(|a| &a.value)
        else {
            continue;
        };
        if s.currency.is_empty() {
            s.currency = currency.clone();
        }
        if *currency != s.currency {
            continue;
        }
        for (key, bars) in [
            ("category", &mut s.by_category),
            ("purpose", &mut s.by_purpose),
        ] {
            if let Some(TypedValue::Word(w)) = n.attr(key).map(|a| &a.value) {
                if let Some(bar) = bars.iter_mut().find(|(name, _)| name == w) {
                    bar.1 += *amount;
                }
            }
        }
    }
    s
}

/// Whether `code` is one of the language's E codes (not a rule such as EB01).
fn is_language_error(code: &str) -> bool {
    crate::codes::Code::from_code(code).is_some_and(|c| c.code().starts_with('E'))
}

/// How a suppressed finding was accepted: by a waiver in the configuration (with its
/// expiry date) when one with this code and reason exists, else by an allow comment.
fn acceptance<'a>(d: &'a Diagnostic, waivers: &[&Waiver]) -> Acceptance<'a> {
    let reason = d.suppressed.as_deref().unwrap_or("");
    match waivers
        .iter()
        .find(|w| w.code == d.code && w.reason == reason)
    {
        Some(w) => Acceptance {
            how: "waiver in cxlint.yaml",
            reason,
            expires: w.expires.map(|e| e.to_string()),
        },
        None => Acceptance {
            how: "allow comment in the plan",
            reason,
            expires: None,
        },
    }
}

/// Escape for HTML text and attribute values; characters a page cannot show are replaced.
fn esc(s: &str) -> String {
    crate::output::junit::escape(s)
}

const STYLE: &str = "body{font-family:'DejaVu Sans',Arial,sans-serif;max-width:70rem;margin:2rem auto;padding:0 1rem;color:#222}\
h1{border-bottom:3px solid #1a4d7a}h2{color:#1a4d7a;margin-top:2.5rem}\
table{border-collapse:collapse;margin:1rem 0}td,th{border:1px solid #ccc;padding:.3rem .6rem;text-align:left;vertical-align:top}\
th{background:#eef3f8}.missing{color:#b00020;font-weight:bold}.made{color:#1b5e20}\
.error{color:#b00020;font-weight:bold}.warning{color:#a15c00;font-weight:bold}.info{color:#1a4d7a}\
.charts{display:flex;gap:2rem;flex-wrap:wrap}figure{margin:0}figcaption{font-weight:bold;margin-bottom:.3rem}\
code{font-family:'DejaVu Sans Mono',monospace}";

fn html(
    reports: &[ProgrammeReport],
    diags: &[Diagnostic],
    waivers: &[&Waiver],
    group_of: &dyn Fn(&str) -> String,
) -> String {
    let mut out = format!(
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
<title>Customer programme report</title>\n<style>{STYLE}</style>\n</head><body>\n\
<h1>Customer programme report</h1>\n"
    );
    let (open, accepted): (Vec<&Diagnostic>, Vec<&Diagnostic>) =
        diags.iter().partition(|d| d.suppressed.is_none());
    out.push_str(&format!(
        "<p>{} programme{}; {} finding{} to act on, {} accepted by an allow comment or a waiver.</p>\n",
        reports.len(),
        plural(reports.len()),
        open.len(),
        plural(open.len()),
        accepted.len()
    ));
    for r in reports {
        programme_section(&mut out, r);
    }
    for u in unchecked(reports, diags) {
        out.push_str(&format!(
            "<section>\n<h2>{} <small>not checked: {} error{}</small></h2>\n<p>The plan could not be checked until these are fixed.</p>\n\
<table><tr><th>code</th><th>where</th><th>error</th></tr>\n",
            esc(&u.file),
            u.errors.len(),
            plural(u.errors.len())
        ));
        for d in &u.errors {
            let (line, col) = d.start();
            out.push_str(&format!(
                "<tr><td class=\"error\"><code>{}</code></td><td><code>{}:{line}:{col}</code></td><td>{}</td></tr>\n",
                esc(&d.code),
                esc(&d.file.path),
                esc(&d.message)
            ));
        }
        out.push_str("</table>\n</section>\n");
    }
    findings_section(&mut out, &open, group_of);
    accepted_section(&mut out, &accepted, waivers);
    out.push_str("</body></html>\n");
    out
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

fn programme_section(out: &mut String, r: &ProgrammeReport) {
    let made = r.scorecard.iter().filter(|e| e.made).count();
    out.push_str(&format!(
        "<section>\n<h2>{} <small>({})</small></h2>\n<p>{made} of {} critical choices made.</p>\n\
<table><tr><th>#</th><th>choice</th><th>made</th></tr>\n",
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
    out.push_str("</table>\n<div class=\"charts\">\n");
    out.push_str(&bar_chart(
        "People and technology spend per year",
        &r.spend.by_category,
        &r.spend.currency,
        ["#2e7d32", "#1565c0"],
    ));
    out.push_str(&bar_chart(
        "Acquisition and retention spend per year",
        &r.spend.by_purpose,
        &r.spend.currency,
        ["#c62828", "#6a1b9a"],
    ));
    out.push_str(
        "</div>\n<table><tr><th>group</th><th>errors</th><th>warnings</th><th>infos</th></tr>\n",
    );
    if r.groups.is_empty() {
        out.push_str(&format!(
            "<tr><td>{}</td><td>0</td><td>0</td><td>0</td></tr>\n",
            no_open_findings(r.waived)
        ));
    }
    for (g, c) in &r.groups {
        out.push_str(&format!(
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>\n",
            esc(g),
            c[0],
            c[1],
            c[2]
        ));
    }
    out.push_str("</table>\n</section>\n");
}

/// A small horizontal bar chart as inline SVG: one bar per (label, amount).
fn bar_chart(title: &str, bars: &[(&str, Decimal)], currency: &str, colours: [&str; 2]) -> String {
    use rust_decimal::prelude::ToPrimitive;
    const WIDTH: f64 = 420.0;
    const LABEL: f64 = 100.0;
    const BAR_SPACE: f64 = 200.0;
    let max = bars
        .iter()
        .filter_map(|(_, a)| a.to_f64())
        .fold(0.0_f64, f64::max);
    let height = 20.0 + 34.0 * bars.len() as f64;
    let mut svg = format!(
        "<figure>\n<figcaption>{}</figcaption>\n<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{WIDTH}\" height=\"{height}\" \
role=\"img\" aria-label=\"{}\" font-family=\"DejaVu Sans, Arial, sans-serif\" font-size=\"13\">\n",
        esc(title),
        esc(title)
    );
    for (i, (label, amount)) in bars.iter().enumerate() {
        let y = 10.0 + 34.0 * i as f64;
        let value = amount.to_f64().unwrap_or(0.0);
        let w = if max > 0.0 {
            (value / max * BAR_SPACE).max(1.0)
        } else {
            1.0
        };
        svg.push_str(&format!(
            "<text x=\"0\" y=\"{:.0}\">{}</text><rect x=\"{LABEL}\" y=\"{y:.0}\" width=\"{w:.1}\" height=\"24\" fill=\"{}\"/>\
<text x=\"{:.1}\" y=\"{:.0}\">{} {}</text>\n",
            y + 17.0,
            esc(label),
            colours[i % 2],
            LABEL + w + 6.0,
            y + 17.0,
            group_thousands(*amount),
            esc(currency)
        ));
    }
    svg.push_str("</svg>\n</figure>\n");
    svg
}

fn findings_section(out: &mut String, open: &[&Diagnostic], group_of: &dyn Fn(&str) -> String) {
    out.push_str("<h2>Findings by group and severity</h2>\n");
    if open.is_empty() {
        out.push_str("<p>No findings to act on.</p>\n");
        return;
    }
    let mut by_group: BTreeMap<String, Vec<&Diagnostic>> = BTreeMap::new();
    for d in open {
        by_group.entry(group_of(&d.code)).or_default().push(d);
    }
    // The groups with the most serious findings first.
    let mut groups: Vec<(String, Vec<&Diagnostic>)> = by_group.into_iter().collect();
    groups.sort_by_key(|(name, list)| {
        let count = |s: Severity| list.iter().filter(|d| d.severity == s).count();
        (
            std::cmp::Reverse((count(Severity::Error), count(Severity::Warning))),
            name.clone(),
        )
    });
    for (group, mut list) in groups {
        list.sort_by_key(|d| std::cmp::Reverse(d.severity));
        out.push_str(&format!(
            "<h3>{}</h3>\n<table><tr><th>severity</th><th>code</th><th>where</th><th>finding</th><th>what to do</th></tr>\n",
            esc(&group)
        ));
        for d in list {
            let (line, col) = d.start();
            let sev = d.severity.as_str();
            out.push_str(&format!(
                "<tr><td class=\"{sev}\">{sev}</td><td><code>{}</code> {}</td><td><code>{}:{line}:{col}</code></td><td>{}</td><td>{}</td></tr>\n",
                esc(&d.code),
                esc(&d.name),
                esc(&d.file.path),
                esc(&d.message),
                esc(d.help.as_deref().unwrap_or(""))
            ));
        }
        out.push_str("</table>\n");
    }
}

fn accepted_section(out: &mut String, accepted: &[&Diagnostic], waivers: &[&Waiver]) {
    out.push_str("<h2>Waived and allowed findings</h2>\n");
    if accepted.is_empty() {
        out.push_str("<p>No finding was waived or allowed.</p>\n");
        return;
    }
    out.push_str(
        "<table><tr><th>code</th><th>where</th><th>finding</th><th>accepted by</th><th>reason</th><th>expires</th></tr>\n",
    );
    for d in accepted {
        let (line, col) = d.start();
        let a = acceptance(d, waivers);
        out.push_str(&format!(
            "<tr><td><code>{}</code></td><td><code>{}:{line}:{col}</code></td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>\n",
            esc(&d.code),
            esc(&d.file.path),
            esc(&d.message),
            a.how,
            esc(a.reason),
            esc(a.expires.as_deref().unwrap_or("never"))
        ));
    }
    out.push_str("</table>\n");
}

/// Text from a plan in Markdown: control characters shown as text, and the characters
/// Markdown would read as markup (tables, emphasis, links, HTML) escaped.
fn md(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in crate::output::plain(s).chars() {
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' => {
                out.push('\\');
                out.push(c);
            }
            '\n' => out.push(' '),
            _ => out.push(c),
        }
    }
    out
}
