//! `cxlint report` as an auditor reads it: a plan that cannot be checked is listed with
//! its errors (never dropped) and the run exits 1; a programme whose findings were all
//! accepted says so instead of "(no findings)".

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
        md.stdout.contains("| E004 | bad.cxp:3:17 |"),
        "{}",
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
