//! The report in Markdown: text from the plans is escaped so it reads as written.

use super::{fails_on, no_open_findings, plural, Finding, ProgrammeReport, Report};

/// Write the report, handing the text to `emit` a programme at a time.
pub(super) fn render(report: &Report<'_>, emit: &mut dyn FnMut(&str)) {
    let mut out = String::from("# Customer programme report\n\n");
    let f = &report.facts;
    out.push_str(&format!(
        "- **Run on:** {} ({}); waivers are judged as of this date\n",
        f.stamp.when(),
        f.stamp.origin()
    ));
    out.push_str(&format!(
        "- **cxlint version:** {}\n",
        env!("CARGO_PKG_VERSION")
    ));
    out.push_str(&format!("- **Rules:** {}\n", md(&f.catalogue.line())));
    let configs: Vec<String> = f.configs.iter().map(config_name).collect();
    out.push_str(&format!(
        "- **Configuration{}:** {}\n",
        plural(configs.len()),
        if configs.is_empty() {
            "none could be loaded".to_string()
        } else {
            configs.join(", ")
        }
    ));
    let paths: Vec<String> = f.paths.iter().map(|p| md(p)).collect();
    out.push_str(&format!("- **Paths checked:** {}\n", paths.join(", ")));
    verdicts(&mut out, report);
    for r in &report.programmes {
        programme(&mut out, report, r);
        emit(&out);
        out.clear();
    }
    for u in &report.unchecked {
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
                code(report, d),
                md(d.path),
                md(d.message)
            ));
        }
    }
    emit(&out);
}

/// `cxlint.yaml`, or the words for the built-in defaults.
fn config_name(c: &Option<String>) -> String {
    match c {
        Some(path) => md(path),
        None => "built-in defaults (no cxlint.yaml)".to_string(),
    }
}

fn verdicts(out: &mut String, report: &Report<'_>) {
    out.push_str(
        "\n## Verdict per programme\n\n\
A programme passes when `cxlint check` would not fail on it: no finding left open at or \
above the level its configuration sets with `fail_on` (error unless set otherwise). \
Findings that were waived or allowed do not count.\n\n\
| programme | file | check fails on | verdict | errors | warnings | infos | waived | choices made |\n\
|---|---|---|---|---|---|---|---|---|\n",
    );
    for r in &report.programmes {
        let [e, w, i] = r.totals;
        out.push_str(&format!(
            "| {} | {} | {} | {} | {e} | {w} | {i} | {} | {} of {} |\n",
            md(&r.name),
            md(&r.file),
            fails_on(r.fail_on),
            if r.passes() { "passes" } else { "**fails**" },
            r.waived,
            r.made(),
            r.choices.len()
        ));
    }
    for u in &report.unchecked {
        out.push_str(&format!(
            "| — | {} | — | **not checked** | {} | — | — | — | — |\n",
            md(&u.file),
            u.errors.len()
        ));
    }
}

fn programme(out: &mut String, report: &Report<'_>, r: &ProgrammeReport) {
    out.push_str(&format!(
        "\n## {} ({})\n\nConfiguration: {}. {} of {} critical choices made.\n\n| # | choice | made |\n|---|---|---|\n",
        md(&r.name),
        md(&r.file),
        config_name(&r.config),
        r.made(),
        r.choices.len()
    ));
    for e in &r.scorecard() {
        out.push_str(&format!(
            "| {} | {} | {} |\n",
            e.number,
            md(e.title),
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
    let groups = report.findings_by_group(r);
    if !groups.is_empty() {
        out.push_str("\n### Findings to act on\n");
    }
    for (group, list) in groups {
        out.push_str(&format!(
            "\n#### {}\n\n| severity | code | where | finding | what to do |\n|---|---|---|---|---|\n",
            md(group)
        ));
        for d in list {
            let (line, col) = d.start();
            out.push_str(&format!(
                "| {} | {} | {}:{line}:{col} | {} | {} |\n",
                d.severity.as_str(),
                code(report, &d),
                md(d.path),
                md(d.message),
                md(d.help.unwrap_or(""))
            ));
        }
    }
    if r.accepted.is_empty() {
        return;
    }
    out.push_str(
        "\n### Waived and allowed findings\n\n| code | where | accepted by | reason | expires |\n|---|---|---|---|---|\n",
    );
    for d in report.accepted(r) {
        let (line, col) = d.start();
        let a = report.acceptance(&d);
        out.push_str(&format!(
            "| {} | {}:{line}:{col} | {} | {} | {} |\n",
            code(report, &d),
            md(d.path),
            a.how,
            md(a.reason),
            md(a.expires.as_deref().unwrap_or("never"))
        ));
    }
}

/// A finding's code, linked to its page when it has one.
fn code(report: &Report<'_>, d: &Finding) -> String {
    match report.page(d.code) {
        Some(page) => format!("[{}]({page})", md(d.code)),
        None => md(d.code),
    }
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
