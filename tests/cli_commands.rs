//! The commands other than `check`: rules, explain, export, report, init, fmt, baseline
//! (a `check` option, with its own file) and test.

mod cli_support;

use cli_support::Cli;

const PLAN: &str = "tests/fixtures/cli/outputs/plan.cxp";

#[test]
fn rules_human() {
    let out = Cli::new().run_with(&["rules"]);
    assert_eq!(out.code, 0);
    insta::assert_snapshot!(out.render());
}

#[test]
fn rules_json_lists_every_code() {
    let out = Cli::new().run_with(&["rules", "--format", "json"]);
    assert_eq!(out.code, 0);
    insta::assert_json_snapshot!(out.json());
}

#[test]
fn explain_fm06() {
    let out = Cli::new().run_with(&["explain", "FM06"]);
    assert_eq!(out.code, 0);
    insta::assert_snapshot!(out.render());
}

#[test]
fn explain_unknown_code() {
    let out = Cli::new().run_with(&["explain", "FM6"]);
    assert_eq!(out.code, 2);
    insta::assert_snapshot!(out.render());
}

#[test]
fn export_follows_includes() {
    let out = Cli::new()
        .copy_dir("tests/fixtures/cli/export", "plans")
        .run_with(&["export", "plans/main.cxp"]);
    assert_eq!(out.code, 0, "{}", out.render());
    insta::assert_json_snapshot!(out.json());
}

#[test]
fn export_of_a_plan_with_errors_exits_1() {
    let out = Cli::new()
        .file("plan.cxp", "programme \"X\" {\n  currency USD\n}\n")
        .run_with(&["export", "plan.cxp"]);
    // E errors count as errors, as in `check`.
    assert_eq!(out.code, 1);
    assert!(out.stdout.is_empty(), "{}", out.stdout);
    assert!(out.stderr.contains("E001"), "{}", out.stderr);
}

/// The report's text with the rule catalogue's fingerprint masked: it changes whenever a
/// rule does, which the report snapshots are not about.
fn mask_catalogue(text: &str) -> String {
    match text.split_once("SHA-256 ") {
        Some((before, after)) => {
            let rest = after.get(12..).unwrap_or("");
            format!("{before}SHA-256 [catalogue]{rest}")
        }
        None => text.to_string(),
    }
}

#[test]
fn report_markdown() {
    let out = Cli::new().copy(PLAN, "plan.cxp").run_with(&[
        "report",
        "plan.cxp",
        "--today",
        "2027-01-15",
    ]);
    assert_eq!(out.code, 0, "{}", out.render());
    insta::assert_snapshot!(mask_catalogue(&out.render()));
}

#[test]
fn report_json() {
    let out = Cli::new().copy(PLAN, "plan.cxp").run_with(&[
        "report",
        "--format",
        "json",
        "plan.cxp",
        "--today",
        "2027-01-15",
    ]);
    assert_eq!(out.code, 0, "{}", out.render());
    let mut doc = out.json();
    doc["run"]["catalogue"]["sha256"] = "[catalogue]".into();
    insta::assert_json_snapshot!(doc);
}

#[test]
fn init_in_an_empty_dir() {
    let cli = Cli::new();
    let out = cli.run_with(&["init", "new"]);
    assert_eq!(out.code, 0, "{}", out.render());
    insta::assert_snapshot!(out.render(), @r"
    exit: 0
    --- stdout
    wrote new/programme.cxp
    wrote new/cxlint.yaml
    ");
    // The starter programme lints with its own config and has no E errors.
    let check = cli.run_in("new", &["check", "--format", "json", "."]);
    let diagnostics = check.json()["diagnostics"].clone();
    let e_codes: Vec<&serde_json::Value> = diagnostics
        .as_array()
        .expect("diagnostics")
        .iter()
        .filter(|d| d["code"].as_str().is_some_and(|c| c.starts_with('E')))
        .collect();
    assert!(e_codes.is_empty(), "{}", check.stdout);
    assert!(check.code < 2, "{}", check.render());
    // A second init writes nothing over the first.
    let before = cli.read("new/programme.cxp");
    let again = cli.run_with(&["init", "new"]);
    assert_eq!(again.code, 2);
    assert_eq!(cli.read("new/programme.cxp"), before);
    insta::assert_snapshot!(again.render(), @r"
    exit: 2
    --- stderr
    cxlint: new/programme.cxp and new/cxlint.yaml already exist; init writes nothing over existing files
    ");
}

#[test]
fn fmt_check_then_fmt() {
    let cli = Cli::new().copy("tests/fixtures/cli/fmt-messy.cxp", "plan.cxp");
    let original = cli.read("plan.cxp");
    let check = cli.run_with(&["fmt", "--check", "plan.cxp"]);
    assert_eq!(check.code, 1);
    assert_eq!(check.stdout.trim(), "plan.cxp");
    assert_eq!(cli.read("plan.cxp"), original, "--check writes nothing");

    let fmt = cli.run_with(&["fmt", "plan.cxp"]);
    assert_eq!(fmt.code, 0, "{}", fmt.render());
    let formatted = cli.read("plan.cxp");
    assert_ne!(formatted, original);
    insta::assert_snapshot!(formatted);

    // Formatting is stable: a second run changes nothing, and --check passes.
    let again = cli.run_with(&["fmt", "plan.cxp"]);
    assert_eq!(again.code, 0);
    assert_eq!(cli.read("plan.cxp"), formatted);
    assert_eq!(cli.run_with(&["fmt", "--check", "plan.cxp"]).code, 0);
}

#[test]
fn fmt_leaves_a_file_with_a_syntax_error_alone() {
    let text: &[u8] = b"programme  \"X\" {\n  currency USD\n}\n";
    let cli = Cli::new().bytes("plan.cxp", text);
    let out = cli.run_with(&["fmt", "plan.cxp"]);
    assert_eq!(out.code, 2);
    assert_eq!(cli.read_bytes("plan.cxp"), text);
    insta::assert_snapshot!(out.render());
}

#[test]
fn baseline_write_then_read() {
    let cli = Cli::new().copy(PLAN, "plan.cxp").args(&[
        "check",
        "--format",
        "compact",
        "--select",
        "FM06,EB03",
    ]);
    let write = cli.run_with(&["--write-baseline", "baseline.json", "plan.cxp"]);
    assert_eq!(write.code, 0, "{}", write.render());
    insta::assert_snapshot!("baseline_file", cli.read("baseline.json"));

    // Everything is in the baseline.
    let read = cli.run_with(&["--baseline", "baseline.json", "plan.cxp"]);
    assert_eq!(read.code, 0, "{}", read.render());
    assert_eq!(read.stdout, "");

    // Move the "Quota" plan up (its lines change) and add a new plan: only the new
    // plan's findings are reported.
    let moved = std::fs::read_to_string(cli_support::crate_path(PLAN))
        .expect("the fixture")
        .replace(
            "  unit \"Sales\" { facing = front }\n",
            "  unit \"Sales\" { facing = front }\n  pay_plan \"Quota\" {\n    applies_to = \"Sales\"\n    metric \"Bookings\" { type = revenue  weight = 100% }\n  }\n  pay_plan \"Bonus\" {\n    applies_to = \"Sales\"\n    metric \"Upsell\" { type = revenue  weight = 100% }\n  }\n",
        )
        .replacen(
            "  pay_plan \"Quota\" {\n    applies_to = \"Sales\"\n    metric \"Bookings\" { type = revenue  weight = 100% }\n  }\n}",
            "}",
            1,
        );
    let cli = cli.file("plan.cxp", &moved);
    let read = cli.run_with(&["--baseline", "baseline.json", "plan.cxp"]);
    assert_eq!(read.code, 1);
    insta::assert_snapshot!("baseline_new_finding", read.render());
}

#[test]
fn test_built_in_rules() {
    let out = Cli::new().run_with(&["test"]);
    assert_eq!(out.code, 0, "{}", out.render());
    let summary = out.stdout.lines().last().expect("a summary line");
    let (passed, failed) = summary.split_once(" passed, ").expect("N passed, N failed");
    assert!(passed.parse::<usize>().expect("a count") > 30, "{summary}");
    assert_eq!(failed, "0 failed");
}

#[test]
fn export_of_a_missing_file_is_exit_2() {
    let r = cli_support::Scratch::new().run(&["export", "nothere.cxp"]);
    assert_eq!(r.code, 2);
}

#[test]
fn test_fails_on_a_pack_whose_example_does_not_fire() {
    let s = cli_support::Scratch::new();
    s.file(
        "pack/XX01-never-fires.yaml",
        r#"code: XX01
name: never-fires
group: custom
severity: warning
summary: a rule whose example is wrong
help: nothing to do
explain: a test pack
checks:
  - for: unit
    when: "false"
    at: self
    message: 'never'
examples:
  bad:
    - |
      unit "Sales" { facing = front }  # expect: XX01
  good:
    - |
      unit "Sales" { facing = front }
"#,
    );
    let r = s.run(&["test", "pack"]);
    assert_eq!(r.code, 1, "{}{}", r.stdout, r.stderr);
    assert!(r.stdout.contains(" passed, 1 failed"), "{}", r.stdout);
    assert!(r.stdout.contains("XX01"), "{}", r.stdout);
}

#[test]
fn bad_command_line_is_exit_2() {
    let r = cli_support::Scratch::new().run(&["check", "--format", "xml"]);
    assert_eq!(r.code, 2);
}

#[test]
fn a_missing_rule_folder_is_one_plain_line_and_exit_2() {
    let s = cli_support::Scratch::new();
    s.file("plan.cxp", cli_support::PLAN);
    let r = s.run(&["check", "--rules", "nodir", "plan.cxp"]);
    assert_eq!(r.code, 2);
    assert_eq!(
        r.stderr.trim(),
        "cxlint: the rule folder `nodir` does not exist"
    );
}
