//! The report as one self-contained HTML page: no scripts, nothing fetched; the only
//! links are those from rule codes to their pages. Every text from a plan, a
//! configuration or a rule is escaped; a rule's `code spans` are shown as code.

use rust_decimal::prelude::ToPrimitive;

use super::{fails_on, no_open_findings, plural, Finding, ProgrammeReport, Report};
use crate::value::{group_thousands, Decimal};

const STYLE: &str = "body{font-family:'DejaVu Sans',Arial,sans-serif;max-width:70rem;margin:2rem auto;padding:0 1rem;color:#222}\
h1{border-bottom:3px solid #1a4d7a}h2{color:#1a4d7a;margin-top:2.5rem}\
section{border-top:1px solid #ccc;margin-top:2rem}\
table{border-collapse:collapse;margin:1rem 0}td,th{border:1px solid #ccc;padding:.3rem .6rem;text-align:left;vertical-align:top}\
th{background:#eef3f8}.missing{color:#b00020;font-weight:bold}.made{color:#1b5e20}\
.error{color:#b00020;font-weight:bold}.warning{color:#a15c00;font-weight:bold}.info{color:#1a4d7a}\
.fails{color:#b00020;font-weight:bold}.passes{color:#1b5e20;font-weight:bold}\
dl.facts{display:grid;grid-template-columns:max-content auto;gap:.2rem 1rem}dl.facts dt{font-weight:bold}dl.facts dd{margin:0}\
.charts{display:flex;gap:2rem;flex-wrap:wrap}figure{margin:0}figcaption{font-weight:bold;margin-bottom:.3rem}\
.note{color:#555;font-size:.9rem;margin:.3rem 0}\
code{font-family:'DejaVu Sans Mono',monospace}a{color:#1a4d7a}";

/// Write the report, handing the text to `emit` a programme at a time.
pub(super) fn render(report: &Report<'_>, emit: &mut dyn FnMut(&str)) {
    let mut out = format!(
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
<title>Customer programme report</title>\n<style>{STYLE}</style>\n</head><body>\n\
<h1>Customer programme report</h1>\n"
    );
    facts(&mut out, report);
    let open = report
        .diags
        .iter()
        .filter(|d| d.suppressed.is_none())
        .count();
    let accepted = report.diags.len() - open;
    out.push_str(&format!(
        "<p>{} programme{}; {} finding{} to act on, {} accepted by an allow comment or a waiver.</p>\n",
        report.programmes.len(),
        plural(report.programmes.len()),
        open,
        plural(open),
        accepted
    ));
    verdicts(&mut out, report);
    for r in &report.programmes {
        programme(&mut out, report, r);
        emit(&out);
        out.clear();
    }
    for u in &report.unchecked {
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
                "<tr><td class=\"error\">{}</td><td><code>{}:{line}:{col}</code></td><td>{}</td></tr>\n",
                code(report, d),
                esc(d.path),
                rich(d.message)
            ));
        }
        out.push_str("</table>\n</section>\n");
    }
    out.push_str("</body></html>\n");
    emit(&out);
}

fn facts(out: &mut String, report: &Report<'_>) {
    let f = &report.facts;
    let configs: Vec<String> = f
        .configs
        .iter()
        .map(|c| match c {
            Some(path) => format!("<code>{}</code>", esc(path)),
            None => "built-in defaults (no <code>cxlint.yaml</code>)".to_string(),
        })
        .collect();
    let paths: Vec<String> = f
        .paths
        .iter()
        .map(|p| format!("<code>{}</code>", esc(p)))
        .collect();
    out.push_str(&format!(
        "<dl class=\"facts\">\n<dt>Run on</dt><dd>{} ({}); waivers are judged as of this date</dd>\n\
<dt>cxlint version</dt><dd>{}</dd>\n<dt>Rules</dt><dd>{}</dd>\n\
<dt>Configuration{}</dt><dd>{}</dd>\n<dt>Paths checked</dt><dd>{}</dd>\n</dl>\n",
        esc(&f.stamp.when()),
        esc(f.stamp.origin()),
        esc(env!("CARGO_PKG_VERSION")),
        esc(&f.catalogue.line()),
        plural(configs.len()),
        if configs.is_empty() {
            "none could be loaded".to_string()
        } else {
            configs.join(", ")
        },
        paths.join(", ")
    ));
}

fn verdicts(out: &mut String, report: &Report<'_>) {
    out.push_str(
        "<h2>Verdict per programme</h2>\n<p>A programme passes when <code>cxlint check</code> \
would not fail on it: no finding left open at or above the level its configuration sets with \
<code>fail_on</code> (error unless set otherwise). Findings that were waived or allowed do \
not count.</p>\n<table><tr><th>programme</th><th>file</th><th>check fails on</th>\
<th>verdict</th><th>errors</th><th>warnings</th><th>infos</th><th>waived</th>\
<th>choices made</th></tr>\n",
    );
    for r in &report.programmes {
        let [e, w, i] = r.totals;
        let (class, word) = if r.passes() {
            ("passes", "passes")
        } else {
            ("fails", "fails")
        };
        out.push_str(&format!(
            "<tr><td>{}</td><td><code>{}</code></td><td>{}</td><td class=\"{class}\">{word}</td>\
<td>{e}</td><td>{w}</td><td>{i}</td><td>{}</td><td>{} of {}</td></tr>\n",
            esc(&r.name),
            esc(&r.file),
            fails_on(r.fail_on),
            r.waived,
            r.made(),
            r.choices.len()
        ));
    }
    for u in &report.unchecked {
        out.push_str(&format!(
            "<tr><td>—</td><td><code>{}</code></td><td>—</td><td class=\"fails\">not checked</td>\
<td>{}</td><td>—</td><td>—</td><td>—</td><td>—</td></tr>\n",
            esc(&u.file),
            u.errors.len()
        ));
    }
    out.push_str("</table>\n");
}

fn programme(out: &mut String, report: &Report<'_>, r: &ProgrammeReport) {
    let config = match &r.config {
        Some(path) => format!("<code>{}</code>", esc(path)),
        None => "built-in defaults".to_string(),
    };
    let (class, word) = if r.passes() {
        ("passes", "passes")
    } else {
        ("fails", "fails")
    };
    out.push_str(&format!(
        "<section>\n<h2>{} <small>({})</small></h2>\n\
<p>Configuration: {config}; <code>cxlint check</code> fails on: {}. Verdict: <span class=\"{class}\">{word}</span>.</p>\n\
<p>{} of {} critical choices made.</p>\n\
<table><tr><th>#</th><th>choice</th><th>made</th></tr>\n",
        esc(&r.name),
        esc(&r.file),
        fails_on(r.fail_on),
        r.made(),
        r.choices.len()
    ));
    for e in &r.scorecard() {
        let (class, word) = if e.made {
            ("made", "yes")
        } else {
            ("missing", "missing")
        };
        out.push_str(&format!(
            "<tr><td>{}</td><td>{}</td><td class=\"{class}\">{word}</td></tr>\n",
            e.number,
            esc(e.title)
        ));
    }
    out.push_str("</table>\n<div class=\"charts\">\n");
    out.push_str(&bar_chart(
        "People and technology spend per year",
        "category",
        &r.spend.by_category,
        &r.spend.currency,
        ["#2e7d32", "#1565c0"],
    ));
    out.push_str(&bar_chart(
        "Acquisition and retention spend per year",
        "purpose",
        &r.spend.by_purpose,
        &r.spend.currency,
        ["#c62828", "#6a1b9a"],
    ));
    out.push_str(&format!(
        "</div>\n<p class=\"note\">The charts add up only the <code>amount</code> of the plan's \
<code>spend</code> blocks{}. Salaries, headcount and any cost written elsewhere in the plan \
are not in them, so a missing bar means no <code>spend</code> block of that kind, not \
that nothing is spent.</p>\n",
        if r.spend.currency.is_empty() {
            String::new()
        } else {
            format!(" in {}", esc(&r.spend.currency))
        }
    ));
    out.push_str("<table><tr><th>group</th><th>errors</th><th>warnings</th><th>infos</th></tr>\n");
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
    out.push_str("</table>\n<h3>Findings to act on</h3>\n");
    findings(out, report, r);
    out.push_str("<h3>Waived and allowed findings</h3>\n");
    accepted(out, report, r);
    out.push_str("</section>\n");
}

/// A small horizontal bar chart as inline SVG: one bar per kind that has spend; a kind
/// no `spend` block has gets a sentence, not a bar of zero.
fn bar_chart(
    title: &str,
    key: &str,
    bars: &[(&str, Decimal)],
    currency: &str,
    colours: [&str; 2],
) -> String {
    const WIDTH: f64 = 420.0;
    const LABEL: f64 = 100.0;
    const BAR_SPACE: f64 = 200.0;
    let shown: Vec<(usize, &str, Decimal)> = bars
        .iter()
        .enumerate()
        .filter(|(_, (_, amount))| *amount > Decimal::ZERO)
        .map(|(i, (label, amount))| (i, *label, *amount))
        .collect();
    let absent: Vec<&str> = bars
        .iter()
        .filter(|(_, amount)| *amount <= Decimal::ZERO)
        .map(|(label, _)| *label)
        .collect();
    let mut svg = format!("<figure>\n<figcaption>{}</figcaption>\n", esc(title));
    if !shown.is_empty() {
        let max = shown
            .iter()
            .filter_map(|(_, _, a)| a.to_f64())
            .fold(0.0_f64, f64::max);
        let height = 20.0 + 34.0 * shown.len() as f64;
        svg.push_str(&format!(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{WIDTH}\" height=\"{height}\" \
role=\"img\" aria-label=\"{}\" font-family=\"DejaVu Sans, Arial, sans-serif\" font-size=\"13\">\n",
            esc(title)
        ));
        for (row, (i, label, amount)) in shown.iter().enumerate() {
            let y = 10.0 + 34.0 * row as f64;
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
        svg.push_str("</svg>\n");
    }
    for label in absent {
        svg.push_str(&format!(
            "<p class=\"note\">No <code>spend</code> block with {key} {}.</p>\n",
            esc(label)
        ));
    }
    svg.push_str("</figure>\n");
    svg
}

fn findings(out: &mut String, report: &Report<'_>, r: &ProgrammeReport) {
    let groups = report.findings_by_group(r);
    if groups.is_empty() {
        let text = if r.waived > 0 {
            format!("None: {}, listed below.", no_open_findings(r.waived))
        } else {
            "None.".to_string()
        };
        out.push_str(&format!("<p>{text}</p>\n"));
        return;
    }
    for (group, list) in groups {
        out.push_str(&format!(
            "<h4>{}</h4>\n<table><tr><th>severity</th><th>code</th><th>where</th><th>finding</th><th>what to do</th></tr>\n",
            esc(group)
        ));
        for d in list {
            let (line, col) = d.start();
            let sev = d.severity.as_str();
            out.push_str(&format!(
                "<tr><td class=\"{sev}\">{sev}</td><td>{} {}</td><td><code>{}:{line}:{col}</code></td><td>{}</td><td>{}</td></tr>\n",
                code(report, &d),
                esc(d.name),
                esc(d.path),
                rich(d.message),
                rich(d.help.unwrap_or(""))
            ));
        }
        out.push_str("</table>\n");
    }
}

fn accepted(out: &mut String, report: &Report<'_>, r: &ProgrammeReport) {
    if r.accepted.is_empty() {
        out.push_str("<p>None.</p>\n");
        return;
    }
    out.push_str(
        "<table><tr><th>code</th><th>where</th><th>finding</th><th>accepted by</th><th>reason</th><th>expires</th></tr>\n",
    );
    for d in report.accepted(r) {
        let (line, col) = d.start();
        let a = report.acceptance(&d);
        out.push_str(&format!(
            "<tr><td>{}</td><td><code>{}:{line}:{col}</code></td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>\n",
            code(report, &d),
            esc(d.path),
            rich(d.message),
            a.how,
            esc(a.reason),
            esc(a.expires.as_deref().unwrap_or("never"))
        ));
    }
    out.push_str("</table>\n");
}

/// A finding's code as code, linked to its page when it has one.
fn code(report: &Report<'_>, d: &Finding) -> String {
    match report.page(d.code) {
        Some(page) => format!(
            "<a href=\"{}\"><code>{}</code></a>",
            esc(&page),
            esc(d.code)
        ),
        None => format!("<code>{}</code>", esc(d.code)),
    }
}

/// Escape for HTML text and attribute values; characters a page cannot show are replaced.
fn esc(s: &str) -> String {
    crate::output::junit::escape(s)
}

/// Text of a rule's message or help: everything escaped, and each span between a pair of
/// backticks shown as code (a backtick without a partner is shown as it is).
fn rich(s: &str) -> String {
    let parts: Vec<&str> = s.split('`').collect();
    // An odd number of backticks leaves the last one without a partner.
    let unpaired_last = parts.len() % 2 == 0;
    let mut out = String::with_capacity(s.len() + 16);
    for (i, part) in parts.iter().enumerate() {
        let inside = i % 2 == 1;
        if inside && !(unpaired_last && i == parts.len() - 1) && !part.is_empty() {
            out.push_str("<code>");
            out.push_str(&esc(part));
            out.push_str("</code>");
        } else {
            if inside {
                out.push('`');
                if part.is_empty() && !(unpaired_last && i == parts.len() - 1) {
                    out.push('`');
                }
            }
            out.push_str(&esc(part));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::rich;

    #[test]
    fn code_spans_are_shown_as_code_and_the_rest_escaped() {
        assert_eq!(
            rich("add `customer_duty` to <units>"),
            "add <code>customer_duty</code> to &lt;units&gt;"
        );
        assert_eq!(
            rich("`<script>` & `a`"),
            "<code>&lt;script&gt;</code> &amp; <code>a</code>"
        );
        assert_eq!(rich("one ` alone"), "one ` alone");
        assert_eq!(rich("a `b` c ` d"), "a <code>b</code> c ` d");
        assert_eq!(rich("empty `` pair"), "empty `` pair");
        assert_eq!(rich("`"), "`");
        assert_eq!(rich(""), "");
    }
}
