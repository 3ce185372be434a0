//! Every output format on one small plan with findings (one of them waived inline), the
//! summary line, `--quiet`, and the exit codes.

mod cli_support;

use cli_support::{Cli, Output};

const PLAN: &str = "tests/fixtures/cli/outputs/plan.cxp";

/// The plan with an error, two warnings, an info and a suppressed error under the rules
/// selected here.
fn plan() -> Cli {
    Cli::new().copy(PLAN, "plan.cxp").args(&[
        "check",
        "--color",
        "never",
        "--select",
        "FM06,EB03,XP01",
    ])
}

fn format(name: &str) -> Output {
    plan().run_with(&["--format", name, "plan.cxp"])
}

#[test]
fn human() {
    let out = format("human");
    assert_eq!(out.code, 1);
    assert!(out
        .stdout
        .ends_with("1 error, 2 warnings, 1 info in 1 file (1 suppressed)\n"));
    insta::assert_snapshot!(out.render());
}

#[test]
fn human_quiet_has_no_summary() {
    let loud = format("human");
    let quiet = plan().run_with(&["--quiet", "plan.cxp"]);
    assert_eq!(quiet.code, 1);
    assert!(!quiet.stdout.contains(" in 1 file"), "{}", quiet.stdout);
    let (body, _summary) = loud
        .stdout
        .trim_end()
        .rsplit_once('\n')
        .expect("a summary line");
    assert_eq!(quiet.stdout.trim_end(), body.trim_end());
}

#[test]
fn compact() {
    let out = format("compact");
    assert_eq!(out.code, 1);
    insta::assert_snapshot!(out.render());
}

#[test]
fn json() {
    let out = format("json");
    assert_eq!(out.code, 1);
    assert_eq!(out.json()["version"], 1);
    // The text itself, so the field order of the specification is kept too.
    insta::assert_snapshot!(out.stdout);
}

#[test]
fn sarif() {
    let out = format("sarif");
    assert_eq!(out.code, 1);
    let sarif = out.json();
    assert_eq!(sarif["version"], "2.1.0");
    let run = &sarif["runs"][0];
    // Every result points at its rule in the driver's list of rules.
    let rules = run["tool"]["driver"]["rules"]
        .as_array()
        .expect("driver rules");
    for result in run["results"].as_array().expect("results") {
        let index = result["ruleIndex"].as_u64().expect("a rule index") as usize;
        assert_eq!(rules[index]["id"], result["ruleId"]);
        assert!(rules[index]["help"]["text"].is_string());
    }
    insta::assert_json_snapshot!(run["results"]);
}

#[test]
fn junit() {
    let out = format("junit");
    assert_eq!(out.code, 1);
    insta::assert_snapshot!(out.render());
}

#[test]
fn github() {
    let out = format("github");
    assert_eq!(out.code, 1);
    insta::assert_snapshot!(out.render());
}

#[test]
fn fail_on_levels() {
    let codes: Vec<(&str, i32)> = ["error", "warning", "info", "never"]
        .into_iter()
        .map(|level| {
            (
                level,
                plan().run_with(&["--fail-on", level, "plan.cxp"]).code,
            )
        })
        .collect();
    assert_eq!(
        codes,
        [("error", 1), ("warning", 1), ("info", 1), ("never", 0)]
    );
    // With only warnings and infos left, the default level passes and `warning` fails.
    let warnings = |extra: &[&str]| {
        Cli::new()
            .copy(PLAN, "plan.cxp")
            .args(&["check", "--select", "EB03,XP01", "--quiet"])
            .run_with(extra)
            .code
    };
    assert_eq!(warnings(&["plan.cxp"]), 0);
    assert_eq!(warnings(&["--fail-on", "warning", "plan.cxp"]), 1);
    // Only an info left: `info` fails, `warning` passes.
    let infos = |level: &str| {
        Cli::new()
            .copy(PLAN, "plan.cxp")
            .args(&["check", "--select", "XP01", "--quiet", "--fail-on", level])
            .run_with(&["plan.cxp"])
            .code
    };
    assert_eq!((infos("warning"), infos("info")), (0, 1));
}

#[test]
fn clean_plan_exits_0() {
    let out = Cli::new()
        .copy(PLAN, "plan.cxp")
        .args(&["check", "--color", "never", "--select", "XP06", "plan.cxp"])
        .run();
    insta::assert_snapshot!(out.render(), @r"
    exit: 0
    --- stdout
    0 errors, 0 warnings, 0 infos in 1 file (0 suppressed)
    ");
}

#[test]
fn missing_path_still_reports_the_other_files() {
    let out = plan().run_with(&["--format", "compact", "plan.cxp", "nothere.cxp"]);
    assert_eq!(out.code, 2);
    insta::assert_snapshot!(out.render());
}

#[test]
fn bad_config_exits_2() {
    let out = plan()
        .file("cxlint.yaml", "fail_on: sometimes\n")
        .run_with(&["plan.cxp"]);
    assert_eq!(out.code, 2);
    assert!(out.stdout.is_empty(), "{}", out.stdout);
    insta::assert_snapshot!(out.render());
}

#[test]
fn unknown_format_is_a_command_line_error() {
    let out = plan().run_with(&["--format", "xml", "plan.cxp"]);
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("xml"), "{}", out.stderr);
}

#[test]
fn junit_escapes_control_characters_and_markup() {
    let s = cli_support::Scratch::new();
    s.file(
        "plan.cxp",
        &cli_support::PLAN.replace("Quota only", "Quota <&> \\\"x\\\" \u{7}bell"),
    );
    let r = s.run(&[
        "check",
        "--format",
        "junit",
        "--select",
        cli_support::SELECT,
        "plan.cxp",
    ]);
    assert!(!r.stdout.contains('\u{7}'), "{}", r.stdout);
    assert!(!r.stdout.contains("<&>"), "{}", r.stdout);
}

#[test]
fn github_escapes_newlines_and_percent() {
    let s = cli_support::Scratch::new();
    s.file(
        "plan.cxp",
        &cli_support::PLAN.replace("Quota only", "100% quota"),
    );
    let r = s.run(&[
        "check",
        "--format",
        "github",
        "--select",
        cli_support::SELECT,
        "plan.cxp",
    ]);
    assert!(r.stdout.contains("100%25 quota"), "{}", r.stdout);
}

#[test]
fn human_without_inline_allows_shows_the_allow_reason() {
    let s = cli_support::Scratch::new();
    s.file("plan.cxp", cli_support::PLAN);
    let r = s.run(&[
        "check",
        "--select",
        "FM06",
        "--no-inline-allows",
        "plan.cxp",
    ]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.stdout.contains("2027 agreement"), "{}", r.stdout);
    insta::assert_snapshot!(r.stdout);
}
