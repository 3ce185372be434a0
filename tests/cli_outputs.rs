//! Every output format of `cxlint check` on one small fixture, as snapshots.

mod cli_support;

use cli_support::{Scratch, PLAN, SELECT};

fn check(format: &str) -> cli_support::Run {
    let s = Scratch::new();
    s.file("plan.cxp", PLAN);
    s.run(&["check", "--format", format, "--select", SELECT, "plan.cxp"])
}

#[test]
fn human() {
    let r = check("human");
    assert_eq!(r.code, 1, "{}", r.stderr);
    insta::assert_snapshot!(r.stdout);
}

#[test]
fn compact() {
    let r = check("compact");
    assert_eq!(r.code, 1, "{}", r.stderr);
    insta::assert_snapshot!(r.stdout);
}

#[test]
fn json() {
    let r = check("json");
    assert_eq!(r.code, 1, "{}", r.stderr);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).expect("valid JSON");
    assert_eq!(v["version"], 1);
    insta::assert_snapshot!(r.stdout);
}

#[test]
fn sarif() {
    let r = check("sarif");
    assert_eq!(r.code, 1, "{}", r.stderr);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).expect("valid JSON");
    assert_eq!(v["version"], "2.1.0");
    let results = v["runs"][0]["results"].as_array().expect("results");
    assert!(results.iter().any(|r| r["suppressions"][0]["justification"]
        .as_str()
        .is_some_and(|j| j.contains("2027 agreement"))));
    insta::assert_snapshot!(r.stdout);
}

#[test]
fn junit() {
    let r = check("junit");
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.stdout.starts_with("<?xml"));
    insta::assert_snapshot!(r.stdout);
}

#[test]
fn github() {
    let r = check("github");
    assert_eq!(r.code, 1, "{}", r.stderr);
    insta::assert_snapshot!(r.stdout);
}

#[test]
fn junit_escapes_control_characters_and_markup() {
    let s = Scratch::new();
    s.file(
        "plan.cxp",
        &PLAN.replace("Quota only", "Quota <&> \\\"x\\\" \u{7}bell"),
    );
    let r = s.run(&["check", "--format", "junit", "--select", SELECT, "plan.cxp"]);
    assert!(!r.stdout.contains('\u{7}'), "{}", r.stdout);
    assert!(!r.stdout.contains("<&>"), "{}", r.stdout);
}

#[test]
fn github_escapes_newlines_and_percent() {
    let s = Scratch::new();
    s.file("plan.cxp", &PLAN.replace("Quota only", "100% quota"));
    let r = s.run(&[
        "check", "--format", "github", "--select", SELECT, "plan.cxp",
    ]);
    assert!(r.stdout.contains("100%25 quota"), "{}", r.stdout);
}
