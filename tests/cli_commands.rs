//! The commands besides `check`: rules, explain, report, fmt, export, init, test.

mod cli_support;

use cli_support::{Scratch, PLAN};

#[test]
fn rules_lists_every_rule() {
    let r = Scratch::new().run(&["rules"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    insta::assert_snapshot!(r.stdout);
}

#[test]
fn rules_as_json() {
    let r = Scratch::new().run(&["rules", "--format", "json"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).expect("JSON");
    let rules = v["rules"].as_array().expect("rules");
    assert!(rules.iter().any(|r| r["code"] == "FM06"));
    insta::assert_snapshot!(r.stdout);
}

#[test]
fn explain_a_rule() {
    let r = Scratch::new().run(&["explain", "FM06"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(!r.stdout.contains("# expect:"));
    insta::assert_snapshot!(r.stdout);
}

#[test]
fn explain_an_unknown_code_suggests_one() {
    let r = Scratch::new().run(&["explain", "FM6"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("FM06"), "{}", r.stderr);
}

#[test]
fn report_as_markdown() {
    let s = Scratch::new();
    s.file("plan.cxp", PLAN);
    let r = s.run(&["report", "plan.cxp"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    insta::assert_snapshot!(r.stdout);
}

#[test]
fn report_as_json() {
    let s = Scratch::new();
    s.file("plan.cxp", PLAN);
    let r = s.run(&["report", "--format", "json", "plan.cxp"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    serde_json::from_str::<serde_json::Value>(&r.stdout).expect("JSON");
    insta::assert_snapshot!(r.stdout);
}

const MESSY: &str = "programme \"Tidy\" {\n    currency=USD # money\n  horizon = 3 years\n\n\n  unit \"Sales\" {facing = front}\n}\n";

#[test]
fn fmt_check_lists_files_and_writes_nothing() {
    let s = Scratch::new();
    s.file("plan.cxp", MESSY);
    let r = s.run(&["fmt", "--check", "plan.cxp"]);
    assert_eq!(r.code, 1);
    assert_eq!(r.stdout.trim(), "plan.cxp");
    assert_eq!(s.read("plan.cxp"), MESSY);
}

#[test]
fn fmt_rewrites_in_place_and_is_stable() {
    let s = Scratch::new();
    s.file("plan.cxp", MESSY);
    let r = s.run(&["fmt", "plan.cxp"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let formatted = s.read("plan.cxp");
    insta::assert_snapshot!(formatted);
    assert_eq!(s.run(&["fmt", "--check", "plan.cxp"]).code, 0);
}

#[test]
fn fmt_leaves_a_file_with_syntax_errors_alone() {
    let s = Scratch::new();
    let broken = "programme \"Broken\" {\n  currency = \n";
    s.file("plan.cxp", broken);
    let r = s.run(&["fmt", "plan.cxp"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("E001"), "{}", r.stderr);
    assert_eq!(s.read("plan.cxp"), broken);
}

#[test]
fn export_prints_the_model() {
    let s = Scratch::new();
    s.file("plan.cxp", PLAN);
    let r = s.run(&["export", "plan.cxp"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).expect("JSON");
    assert!(r.stdout.contains("\"Quota only\""), "{v}");
}

#[test]
fn export_of_a_missing_file_is_exit_2() {
    let r = Scratch::new().run(&["export", "nothere.cxp"]);
    assert_eq!(r.code, 2);
}

#[test]
fn init_writes_starters_that_lint_and_never_overwrites() {
    let s = Scratch::new();
    let r = s.run(&["init", "new"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(s.join("new/cxlint.yaml").is_file());
    assert!(s.join("new/programme.cxp").is_file());
    let check = s.run(&[
        "check",
        "--config",
        "new/cxlint.yaml",
        "--fail-on",
        "never",
        "new",
    ]);
    assert_eq!(check.code, 0, "{}{}", check.stdout, check.stderr);
    assert!(!check.stdout.contains("× E0"), "{}", check.stdout);
    s.file("new/cxlint.yaml", "# mine\n");
    let again = s.run(&["init", "new"]);
    assert_eq!(again.code, 2);
    assert_eq!(s.read("new/cxlint.yaml"), "# mine\n");
}

#[test]
fn test_runs_the_rule_examples() {
    let r = Scratch::new().run(&["test"]);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    assert!(r.stdout.contains(" passed, 0 failed"), "{}", r.stdout);
}

#[test]
fn test_fails_on_a_pack_whose_example_does_not_fire() {
    let s = Scratch::new();
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
    let r = Scratch::new().run(&["check", "--format", "xml"]);
    assert_eq!(r.code, 2);
}

#[test]
fn a_missing_rule_folder_is_one_plain_line_and_exit_2() {
    let s = Scratch::new();
    s.file("plan.cxp", PLAN);
    let r = s.run(&["check", "--rules", "nodir", "plan.cxp"]);
    assert_eq!(r.code, 2);
    assert_eq!(
        r.stderr.trim(),
        "cxlint: the rule folder `nodir` does not exist"
    );
}
