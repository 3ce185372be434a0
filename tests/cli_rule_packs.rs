//! A user-written rule pack (tests/packs/hiring: HR01, a rule no built-in has) used
//! through `check --rules DIR`, `rule_dirs`, `rules`, `explain` and `cxlint test DIR`;
//! and a broken pack whose errors point into the rule file.

mod cli_support;

use cli_support::Cli;

fn with_packs() -> Cli {
    Cli::new()
        .copy_dir("tests/packs/hiring", "packs/hiring")
        .copy_dir("tests/packs/broken", "packs/broken")
        .copy("tests/fixtures/cli/packs/plan.cxp", "plan.cxp")
}

#[test]
fn pack_rule_fires_where_expected() {
    let out = with_packs()
        .args(&["check", "--color", "never", "--rules", "packs/hiring"])
        .args(&["--select", "hiring", "plan.cxp"])
        .run();
    assert_eq!(out.code, 0, "a warning does not fail by default");
    insta::assert_snapshot!(out.render());
}

#[test]
fn pack_listed_in_config_rule_dirs() {
    let cli = with_packs()
        .file(
            "cxlint.yaml",
            "rule_dirs: [\"packs/hiring\"]\nrules:\n  HR01: error\n",
        )
        .args(&[
            "check",
            "--format",
            "compact",
            "--select",
            "HR01,CC07",
            "plan.cxp",
        ]);
    let out = cli.run();
    insta::assert_snapshot!(out.render(), @r#"
    exit: 1
    --- stdout
    plan.cxp:5:3: warning[CC07] unit "Call centre" serves customers, but no hiring profile, for it or a unit above it, selects its people for attitude, passion, empathy or values
    plan.cxp:5:3: error[HR01] unit "Call centre" serves customers directly but has no hiring profile, so nobody decides whom it hires
    "#);
}

#[test]
fn without_the_pack_its_code_is_unknown() {
    let out = with_packs()
        .args(&["check", "--select", "HR01", "plan.cxp"])
        .run();
    assert_eq!(out.code, 2, "{}", out.render());
}

#[test]
fn pack_rules_are_listed_and_explained() {
    let cli = with_packs();
    let rules = cli.run_with(&["rules", "--rules", "packs/hiring", "--format", "json"]);
    assert_eq!(rules.code, 0);
    let listed = rules.json()["rules"]
        .as_array()
        .expect("a list of rules")
        .iter()
        .any(|r| r["code"] == "HR01" && r["group"] == "hiring");
    assert!(listed, "{}", rules.stdout);
    let explain = cli.run_with(&["explain", "HR01", "--rules", "packs/hiring"]);
    assert_eq!(explain.code, 0, "{}", explain.render());
    insta::assert_snapshot!(explain.render());
}

#[test]
fn test_command_passes_on_the_pack() {
    let out = with_packs().run_with(&["test", "packs/hiring"]);
    assert_eq!(out.code, 0, "{}", out.render());
    assert!(
        out.stdout.trim_end().ends_with(" passed, 0 failed"),
        "{}",
        out.stdout
    );
}

#[test]
fn test_command_catches_a_wrong_expectation() {
    // The pack's bad example marks the wrong line: `cxlint test` says where it fired.
    let text = std::fs::read_to_string(cli_support::crate_path(
        "tests/packs/hiring/HR01-frontline-without-hiring-profile.yaml",
    ))
    .expect("the pack");
    let wrong = text.replacen(
        "unit \"Call centre\" { parent = \"Company\"  facing = front }  # expect: HR01",
        "unit \"Call centre\" { parent = \"Company\"  facing = front }",
        1,
    );
    assert_ne!(wrong, text);
    let out = Cli::new()
        .file("pack/HR01-frontline-without-hiring-profile.yaml", &wrong)
        .run_with(&["test", "pack"]);
    assert_eq!(out.code, 1);
    assert!(
        out.stdout.trim_end().ends_with(" passed, 1 failed"),
        "{}",
        out.stdout
    );
    let failures: Vec<&str> = out
        .stdout
        .lines()
        .filter(|l| !l.starts_with("ok") && !l.contains(" passed, "))
        .collect();
    insta::assert_snapshot!(failures.join("\n"));
}

#[test]
fn broken_pack_in_check() {
    let out = with_packs()
        .args(&["check", "--rules", "packs/broken", "plan.cxp"])
        .run();
    assert_eq!(out.code, 2);
    assert!(out.stdout.is_empty(), "{}", out.stdout);
    insta::assert_snapshot!(out.render());
}

#[test]
fn broken_pack_in_test() {
    let out = with_packs().run_with(&["test", "packs/broken"]);
    assert_eq!(out.code, 2);
    assert!(
        out.stderr.contains("broken/BX01-broken-pack.yaml:11:11"),
        "{}",
        out.stderr
    );
}

#[test]
fn pack_code_may_not_clash_with_a_built_in() {
    let text = std::fs::read_to_string(cli_support::crate_path(
        "tests/packs/hiring/HR01-frontline-without-hiring-profile.yaml",
    ))
    .expect("the pack")
    .replace("HR01", "FM06");
    let out = Cli::new()
        .file("pack/FM06-frontline-without-hiring-profile.yaml", &text)
        .copy("tests/fixtures/cli/packs/plan.cxp", "plan.cxp")
        .run_with(&["check", "--rules", "pack", "plan.cxp"]);
    assert_eq!(out.code, 2);
    insta::assert_snapshot!(out.render());
}
