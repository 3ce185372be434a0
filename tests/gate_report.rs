//! The auditor's HTML report: one self-contained page with the facts of the run and a
//! verdict per programme, then per programme the scorecard, two spend charts, findings
//! by group and severity, and every accepted finding with its reason and expiry.
//! `scripts/gates.sh html` renders it in headless Chromium.

use std::process::Command;

fn report_html(args: &[&str]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_cxlint"))
        .arg("report")
        .args(args)
        .args(["--format", "html", "--today", "2027-01-15"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("cxlint runs");
    assert_eq!(out.status.code(), Some(0), "report exits 0");
    String::from_utf8(out.stdout).expect("UTF-8")
}

fn hostile() -> String {
    report_html(&[
        "tests/data/gates/hostile",
        "--config",
        "tests/data/gates/hostile/cxlint.yaml",
    ])
}

#[test]
fn the_page_is_self_contained() {
    let html = report_html(&["examples"]);
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(html.trim_end().ends_with("</html>"));
    for outside in ["src=", "<script", "<link", "@import", "url("] {
        assert!(!html.contains(outside), "the page refers out: {outside}");
    }
    // The only links: from rule codes to their pages, relative to the page.
    let links: Vec<&str> = html.split("href=\"").skip(1).collect();
    assert!(!links.is_empty(), "rule codes are linked");
    for link in links {
        let target = link.split('"').next().unwrap_or("");
        let code = target
            .strip_prefix("docs/rules/")
            .and_then(|t| t.strip_suffix(".md"))
            .unwrap_or_else(|| panic!("a link that is not to a rule page: {target}"));
        assert!(
            code.len() == 4 && code.chars().all(|c| c.is_ascii_alphanumeric()),
            "{target}"
        );
        assert!(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join(target)
                .is_file(),
            "the page {target} exists"
        );
    }
}

#[test]
fn every_programme_has_a_scorecard_and_two_spend_charts() {
    let html = report_html(&["examples"]);
    assert_eq!(html.matches("<section>").count(), 3, "three programmes");
    assert_eq!(html.matches("<svg ").count(), 6, "two charts each");
    assert_eq!(html.matches("critical choices made").count(), 3);
    // The SaaS plan: people 5.4M USD (its only people line), technology 250k USD.
    let saas = html
        .split("<section>")
        .skip(1)
        .find(|s| s.contains("examples/saas-growth.cxp"))
        .expect("SaaS programme");
    assert!(saas.contains(">5,400,000 USD<"), "people spend");
    assert!(saas.contains(">250,000 USD<"), "technology spend");
}

#[test]
fn spend_sums_by_purpose() {
    let html = hostile();
    // The telecom plan: 14M acquisition, 4.5M retention, 2.2M technology, no people.
    assert!(html.contains(">14,000,000 EUR<"));
    assert!(html.contains(">4,500,000 EUR<"));
    assert!(html.contains(">2,200,000 EUR<"));
}

#[test]
fn a_kind_of_spend_no_block_has_gets_a_sentence_not_a_zero_bar() {
    // The telecom plan has 1,020 staff but no `spend` block for people: the chart must
    // not read as "nothing is spent on people".
    let html = hostile();
    assert!(!html.contains(">0 EUR<"), "a bar of zero");
    assert!(!html.contains(">people</text>"), "a people bar");
    assert!(html.contains("No <code>spend</code> block with category people."));
    assert!(html.contains(
        "add up only the <code>amount</code> of the plan's <code>spend</code> blocks in EUR"
    ));
    let people_chart = html
        .split("People and technology spend per year</figcaption>")
        .nth(1)
        .and_then(|s| s.split("</figure>").next())
        .expect("the people and technology chart");
    assert_eq!(people_chart.matches("<rect ").count(), 1, "technology only");
}

#[test]
fn findings_are_grouped_with_severity_and_location() {
    let html = hostile();
    for group in ["fatal", "bond", "choices"] {
        assert!(html.contains(&format!("<h4>{group}</h4>")), "group {group}");
    }
    assert!(html.contains("<td class=\"error\">error</td>"));
    let fatal_at = html.find("<h4>fatal</h4>").unwrap_or(usize::MAX);
    let bond_at = html.find("<h4>bond</h4>").unwrap_or(0);
    assert!(fatal_at < bond_at, "the group with errors comes first");
    assert!(html.contains("tests/data/gates/hostile/plan.cxp:73:3"));
    let fatal = html
        .split("<h4>fatal</h4>")
        .nth(1)
        .and_then(|s| s.split("</table>").next())
        .expect("fatal table");
    let first_warning = fatal.find("class=\"warning\"").unwrap_or(fatal.len());
    let last_error = fatal.rfind("class=\"error\"").unwrap_or(0);
    assert!(last_error < first_warning, "errors come before warnings");
}

#[test]
fn accepted_findings_show_reason_and_expiry() {
    let html = hostile();
    let accepted = html
        .split("Waived and allowed findings")
        .nth(1)
        .expect("accepted section");
    assert!(accepted.contains("allow comment in the plan"));
    assert!(accepted.contains(
        "pay for &quot;shop &lt;staff&gt;&quot; &amp; agents is fixed by the 2027 agreement"
    ));
    assert!(accepted.contains("waiver in cxlint.yaml"));
    assert!(accepted.contains("2099-06-30"));
    assert!(accepted.contains("tests/data/gates/hostile/plan.cxp:94:3"));
    // Accepted findings are not counted again among those to act on.
    assert!(!html
        .split("Waived and allowed findings")
        .next()
        .unwrap_or("")
        .contains("plan.cxp:94:3"));
}
