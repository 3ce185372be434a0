//! `cxlint report` as an auditor reads it: the facts of the run at the top (date, version,
//! rules, configurations, paths) and a verdict per programme that agrees with `cxlint
//! check`; findings grouped by programme first; a plan that cannot be checked is listed
//! with its errors (never dropped) and the run exits 1; a programme whose findings were
//! all accepted says so instead of "(no findings)"; rule codes link to their pages; rule
//! text shows its code spans as code in HTML, safely.

mod cli_support;

use cli_support::Cli;

const GOOD: &str = "programme \"P\" {\n  currency = USD\n  segment \"Families\" { stance = serve }\n  relationship \"Family for life\" {\n    segment = \"Families\"\n    horizon = 5 years\n  }\n}\n";
const BROKEN: &str =
    "programme \"Broken\" {\n  currency = USD\n  segment \"F\" { stance = nonsense }\n}\n";

#[test]
fn a_plan_with_errors_is_listed_as_not_checked_in_every_format() {
    let cli = Cli::new().file("good.cxp", GOOD).file("bad.cxp", BROKEN);
    let md = cli.run_with(&["report", ".", "--format", "markdown"]);
    assert_eq!(md.code, 1, "{}", md.stderr);
    assert!(
        md.stdout.contains("## bad.cxp: not checked, 1 error"),
        "{}",
        md.stdout
    );
    assert!(
        md.stdout
            .contains("| [E004](docs/rules/E004.md) | bad.cxp:3:17 |"),
        "{}",
        md.stdout
    );
    assert!(
        md.stdout
            .contains("| — | bad.cxp | — | **not checked** | 1 | — | — | — | — |"),
        "the verdict table lists it: {}",
        md.stdout
    );

    let json = cli.run_with(&["report", ".", "--format", "json"]);
    assert_eq!(json.code, 1);
    let doc = json.json();
    assert_eq!(doc["not_checked"][0]["file"], "bad.cxp");
    assert_eq!(doc["not_checked"][0]["errors"][0]["code"], "E004");
    assert_eq!(doc["programmes"].as_array().map(Vec::len), Some(1));

    let html = cli.run_with(&["report", ".", "--format", "html"]);
    assert_eq!(html.code, 1);
    assert!(
        html.stdout.contains("not checked: 1 error"),
        "{}",
        html.stdout
    );
    assert!(html.stdout.contains("<code>E004</code>"));
}

#[test]
fn a_programme_with_every_finding_waived_says_so() {
    let plan = GOOD.replacen(
        "  relationship",
        "  # cxlint: allow XP08 -- memory is kept in the CRM project\n  relationship",
        1,
    );
    let cli = Cli::new().file("plan.cxp", &plan);
    let md = cli.run_with(&["report", ".", "--select", "XP08", "--format", "markdown"]);
    assert_eq!(md.code, 0, "{}", md.stderr);
    assert!(
        md.stdout.contains("| 0 open, 2 waived | 0 | 0 | 0 |"),
        "{}",
        md.stdout
    );
    let json = cli.run_with(&["report", ".", "--select", "XP08", "--format", "json"]);
    assert_eq!(json.json()["programmes"][0]["waived"], 2);
    let html = cli.run_with(&["report", ".", "--select", "XP08", "--format", "html"]);
    assert!(html.stdout.contains("<td>0 open, 2 waived</td>"));
}

/// Run `cxlint` in the folder of `cli` with `SOURCE_DATE_EPOCH` set.
fn run_at_epoch(cli: &Cli, epoch: &str, args: &[&str]) -> (i32, String) {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_cxlint"))
        .args(args)
        .current_dir(cli.path())
        .env("SOURCE_DATE_EPOCH", epoch)
        .env_remove("CXLINT_DOCS_URL")
        .output()
        .expect("cxlint runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
    )
}

#[test]
fn the_top_says_when_with_what_and_on_what_the_plans_were_judged() {
    let cli = Cli::new()
        .file(".git/HEAD", "")
        .file("plans/cxlint.yaml", "fail_on: warning\n")
        .file("plans/good.cxp", GOOD);
    let args = ["report", "plans", "--today", "2027-06-30"];
    let md = cli.run_with(&args);
    assert_eq!(md.code, 0, "{}", md.stderr);
    let top = md.stdout.split("## Verdict").next().unwrap_or("");
    assert!(
        top.contains("**Run on:** 2027-06-30 (the date given with --today)"),
        "{top}"
    );
    assert!(top.contains(&format!(
        "**cxlint version:** {}",
        env!("CARGO_PKG_VERSION")
    )));
    assert!(
        top.contains("**Rules:** 36 rules (36 built in), SHA-256 "),
        "{top}"
    );
    assert!(
        top.contains("**Configuration:** plans/cxlint.yaml"),
        "{top}"
    );
    assert!(top.contains("**Paths checked:** plans"), "{top}");

    let json = cli.run_with(&[&args[..], &["--format", "json"]].concat());
    let run = &json.json()["run"];
    assert_eq!(run["date"], "2027-06-30");
    assert_eq!(run["time"], serde_json::Value::Null);
    assert_eq!(run["date_from"], "today_option");
    assert_eq!(run["cxlint_version"], env!("CARGO_PKG_VERSION"));
    assert_eq!(run["catalogue"]["rules"], 36);
    assert_eq!(run["catalogue"]["sha256"].as_str().map(str::len), Some(64));
    assert_eq!(run["configurations"][0], "plans/cxlint.yaml");
    assert_eq!(run["paths"][0], "plans");

    let html = cli.run_with(&[&args[..], &["--format", "html"]].concat());
    assert!(html
        .stdout
        .contains("<dt>Run on</dt><dd>2027-06-30 (the date given with --today)"));
    assert!(html
        .stdout
        .contains("<dt>Configuration</dt><dd><code>plans/cxlint.yaml</code></dd>"));
}

#[test]
fn source_date_epoch_fixes_the_date_and_the_waivers_are_judged_as_of_it() {
    let config = "waivers:\n  - code: CC01\n    path: \"good.cxp\"\n    reason: \"identity is set by the board\"\n    expires: 2025-01-01\n";
    let cli = Cli::new()
        .file(".git/HEAD", "")
        .file("cxlint.yaml", config)
        .file("good.cxp", GOOD);
    let args = ["report", ".", "--select", "CC01", "--format", "json"];
    // 2023-11-14 22:13:20 UTC: the waiver still holds.
    let (code, first) = run_at_epoch(&cli, "1700000000", &args);
    assert_eq!(code, 0);
    let (_, again) = run_at_epoch(&cli, "1700000000", &args);
    assert_eq!(first, again, "the same date gives the same report");
    let doc: serde_json::Value = serde_json::from_str(&first).expect("JSON");
    assert_eq!(doc["run"]["date"], "2023-11-14");
    assert_eq!(doc["run"]["time"], "22:13:20Z");
    assert_eq!(doc["run"]["date_from"], "source_date_epoch");
    assert_eq!(doc["programmes"][0]["waived"], 1);
    assert_eq!(doc["programmes"][0]["accepted"][0]["accepted_by"], "waiver");
    assert_eq!(doc["programmes"][0]["accepted"][0]["expires"], "2025-01-01");
    // --today wins over SOURCE_DATE_EPOCH: in 2026 the waiver has expired (S003).
    let (_, later) = run_at_epoch(
        &cli,
        "1700000000",
        &[&args[..], &["--today", "2026-01-01"]].concat(),
    );
    let doc: serde_json::Value = serde_json::from_str(&later).expect("JSON");
    assert_eq!(doc["run"]["date_from"], "today_option");
    assert_eq!(doc["programmes"][0]["waived"], 0);
    let codes: Vec<&str> = doc["programmes"][0]["findings"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|f| f["code"].as_str())
        .collect();
    assert!(codes.contains(&"S003"), "{codes:?}");

    let (md_code, md) = run_at_epoch(&cli, "1700000000", &["report", ".", "--select", "CC01"]);
    assert_eq!(md_code, 0);
    assert!(
        md.contains("**Run on:** 2023-11-14 22:13:20 UTC (from SOURCE_DATE_EPOCH)"),
        "{md}"
    );
    let (bad, _) = run_at_epoch(&cli, "next tuesday", &args);
    assert_eq!(bad, 2, "a SOURCE_DATE_EPOCH that is not a time is refused");
}

/// Two programmes under two configurations: `strict` fails on warnings, `lenient` uses
/// the built-in defaults (fails on errors). Only warnings are selected.
fn two_programmes() -> Cli {
    Cli::new()
        .file(".git/HEAD", "")
        .file("strict/cxlint.yaml", "fail_on: warning\n")
        .file("strict/plan.cxp", &GOOD.replace("\"P\"", "\"Strict\""))
        .file("lenient/plan.cxp", &GOOD.replace("\"P\"", "\"Lenient\""))
}

#[test]
fn the_verdict_of_each_programme_is_what_check_would_say() {
    let cli = two_programmes();
    let select = ["--select", "CC01,CC02,XP01"];
    for (dir, passes) in [("strict", false), ("lenient", true)] {
        let check = cli.run_with(&[&["check", dir][..], &select[..]].concat());
        assert_eq!(check.code, if passes { 0 } else { 1 }, "{}", check.render());
    }
    let json = cli.run_with(&[&["report", ".", "--format", "json"][..], &select[..]].concat());
    assert_eq!(json.code, 0, "{}", json.stderr);
    let doc = json.json();
    let programmes = doc["programmes"].as_array().cloned().unwrap_or_default();
    assert_eq!(programmes.len(), 2);
    for p in &programmes {
        let strict = p["file"] == "strict/plan.cxp";
        assert_eq!(p["passes_gate"], !strict, "{p}");
        assert_eq!(p["fail_on"], if strict { "warning" } else { "error" });
        assert_eq!(
            p["configuration"],
            if strict {
                serde_json::json!("strict/cxlint.yaml")
            } else {
                serde_json::Value::Null
            }
        );
        assert_eq!(p["severities"]["warning"], 2);
        assert_eq!(p["severities"]["info"], 1);
        assert_eq!(p["choices_total"], 10);
    }
    let configs = doc["run"]["configurations"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    assert!(
        configs.contains(&serde_json::json!("strict/cxlint.yaml")),
        "{configs:?}"
    );
    assert!(configs.contains(&serde_json::Value::Null), "{configs:?}");

    let md = cli.run_with(&[&["report", "."][..], &select[..]].concat());
    assert!(
        md.stdout
            .contains("| Lenient | lenient/plan.cxp | error | passes | 0 | 2 | 1 | 0 | 1 of 10 |"),
        "{}",
        md.stdout
    );
    assert!(
        md.stdout.contains(
            "| Strict | strict/plan.cxp | warning | **fails** | 0 | 2 | 1 | 0 | 1 of 10 |"
        ),
        "{}",
        md.stdout
    );
    let html = cli.run_with(&[&["report", ".", "--format", "html"][..], &select[..]].concat());
    assert!(html.stdout.contains("<td>Strict</td><td><code>strict/plan.cxp</code></td><td>warning</td><td class=\"fails\">fails</td>"), "{}", html.stdout);
}

#[test]
fn findings_are_grouped_by_programme_first() {
    let cli = two_programmes();
    let select = ["--select", "CC01,CC02,XP01"];
    let html = cli.run_with(&[&["report", ".", "--format", "html"][..], &select[..]].concat());
    let sections: Vec<&str> = html.stdout.split("<section>").skip(1).collect();
    assert_eq!(sections.len(), 2);
    for (section, own, other) in [
        (sections[0], "lenient/plan.cxp:", "strict/plan.cxp:"),
        (sections[1], "strict/plan.cxp:", "lenient/plan.cxp:"),
    ] {
        assert!(section.contains(&format!("{own}1:1")), "{section}");
        assert!(section.contains(&format!("{own}3:3")), "{section}");
        assert!(!section.contains(other), "{section}");
        // Then by group (choices before practice: it has warnings) and severity.
        let choices = section.find("<h4>choices</h4>").unwrap_or(usize::MAX);
        let practice = section.find("<h4>practice</h4>").unwrap_or(0);
        assert!(choices < practice, "{section}");
    }
    let md = cli.run_with(&[&["report", "."][..], &select[..]].concat());
    let strict_at = md.stdout.find("## Strict (strict/plan.cxp)").unwrap_or(0);
    let (lenient, strict) = md.stdout.split_at(strict_at);
    assert!(
        lenient.contains("| warning | [CC01](docs/rules/CC01.md) | lenient/plan.cxp:1:1 |"),
        "{lenient}"
    );
    assert!(!lenient.contains("strict/plan.cxp:1:1"));
    assert!(
        strict.contains("| info | [XP01](docs/rules/XP01.md) | strict/plan.cxp:3:3 |"),
        "{strict}"
    );
    assert!(!strict.contains("lenient/plan.cxp:"));
    let json = cli.run_with(&[&["report", ".", "--format", "json"][..], &select[..]].concat());
    let findings = &json.json()["programmes"][0]["findings"];
    assert_eq!(findings[0]["code"], "CC01");
    assert_eq!(findings[0]["group"], "choices");
    assert_eq!(findings[0]["rule_page"], "docs/rules/CC01.md");
    assert_eq!(findings[2]["severity"], "info");
}

#[test]
fn rule_codes_link_to_their_pages_where_docs_base_says() {
    let cli = Cli::new().file("good.cxp", GOOD);
    let base = ["report", ".", "--select", "CC01", "--format", "html"];
    let html = cli.run_with(&base);
    assert!(html
        .stdout
        .contains("<a href=\"docs/rules/CC01.md\"><code>CC01</code></a>"));
    let web = cli.run_with(
        &[
            &base[..],
            &["--docs-base", "https://example.org/cxlint/docs/rules/"],
        ]
        .concat(),
    );
    assert!(web
        .stdout
        .contains("<a href=\"https://example.org/cxlint/docs/rules/CC01.md\">"));
    let up = cli.run_with(&[
        "report",
        ".",
        "--select",
        "CC01",
        "--docs-base",
        "../cxlint/docs/rules",
    ]);
    assert!(
        up.stdout.contains("[CC01](../cxlint/docs/rules/CC01.md)"),
        "{}",
        up.stdout
    );
    for bad in [
        "javascript:alert(1)",
        "x\" onclick=\"alert(1)",
        "//evil.example/rules",
    ] {
        let out = cli.run_with(&[&base[..], &["--docs-base", bad]].concat());
        assert_eq!(out.code, 2, "{bad}: {}", out.render());
        assert!(out.stdout.is_empty());
        assert!(out.stderr.contains("--docs-base"), "{}", out.stderr);
    }
}

#[test]
fn code_spans_in_rule_text_are_shown_as_code_and_labels_stay_text() {
    let plan = "programme \"P\" {\n  currency = USD\n  unit \"Sales\" { facing = front }\n  pay_plan \"`</code><script>alert(1)</script>`\" {\n    applies_to = \"Sales\"\n    metric \"Bookings\" { type = revenue  weight = 100% }\n  }\n  initiative \"Close shops\" { kind = cost_reduction  affects = [\"Sales\"] }\n}\n";
    let cli = Cli::new().file("plan.cxp", plan);
    let html = cli.run_with(&["report", ".", "--select", "FM04,FM06", "--format", "html"]);
    assert!(html.stdout.contains("FM06"), "{}", html.render());
    assert!(!html.stdout.contains("<script"), "{}", html.stdout);
    assert!(html
        .stdout
        .contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert_eq!(
        html.stdout.matches("<code>").count(),
        html.stdout.matches("</code>").count(),
        "code spans are balanced"
    );
    assert!(
        html.stdout.contains("<code>customer_impact</code>"),
        "{}",
        html.stdout
    );
    assert!(!html.stdout.contains("`customer_impact`"));
}
