//! `cxlint.yaml`: discovery, severities, parameters, overrides, exclude, waivers,
//! `--select`/`--ignore`, bad entries, and `--no-inline-allows`.

mod cli_support;

use cli_support::Cli;

const PLAN: &str = "tests/fixtures/cli/config/plan.cxp";

/// Under the rules selected here the plan has: pay plan "Field" with 30% on customer
/// outcomes (passes FM06 at its default 25%, fails at 40%) and pay plan "Quota" with
/// nothing on the customer and no company-wide goal (FM06 and EB03).
fn plan_at(path: &str) -> Cli {
    Cli::new()
        .copy(PLAN, path)
        .args(&["check", "--format", "compact", "--select", "FM06,EB03"])
}

fn plan_with_config(config: &str) -> Cli {
    plan_at("plan.cxp").file("cxlint.yaml", config)
}

#[test]
fn without_config() {
    let out = plan_at("plan.cxp").run_with(&["plan.cxp"]);
    insta::assert_snapshot!(out.render());
}

#[test]
fn config_in_a_parent_directory_is_found() {
    let cli = plan_at("team/plans/plan.cxp").file(
        "cxlint.yaml",
        "rules:\n  FM06: { params: { min_customer_weight: 40% } }\n",
    );
    let out = cli.run_in("team/plans", &["plan.cxp"]);
    insta::assert_snapshot!(out.render());
}

#[test]
fn config_flag_beats_discovery() {
    let cli = plan_with_config("rules:\n  FM06: off\n").file(
        "strict.yaml",
        "rules:\n  FM06: { params: { min_customer_weight: 40% } }\n",
    );
    let out = cli.run_with(&["--config", "strict.yaml", "plan.cxp"]);
    insta::assert_snapshot!(out.render());
}

#[test]
fn severity_per_rule_and_group() {
    // The rule's own entry beats its group's, whatever their order.
    let out = plan_with_config("rules:\n  EB03: error\n  fatal: info\n").run_with(&[
        "--fail-on",
        "never",
        "plan.cxp",
    ]);
    insta::assert_snapshot!(out.render());
    let out = plan_with_config("rules:\n  FM06: warning\n  fatal: off\n").run_with(&["plan.cxp"]);
    insta::assert_snapshot!(out.render());
}

#[test]
fn overrides_and_exclude() {
    let cli = plan_at("legacy/old.cxp")
        .copy(PLAN, "drafts/idea.cxp")
        .copy(PLAN, "plan.cxp")
        .file(
            "cxlint.yaml",
            "exclude: [\"drafts/**\"]\noverrides:\n  - paths: [\"legacy/**\"]\n    rules: { FM06: off, EB03: info }\n",
        );
    let out = cli.run_with(&["--fail-on", "never", "."]);
    insta::assert_snapshot!(out.render());
}

#[test]
fn waivers() {
    let config = r#"waivers:
  - code: FM06
    path: "plan.cxp"
    block: 'pay_plan "Quota"'
    reason: "commission fixed by the 2027 union agreement"
    expires: 2027-06-30
  - code: EB03
    path: "**/*.cxp"
    reason: "unit goals are being rewritten this quarter"
"#;
    let cli = Cli::new()
        .copy(PLAN, "plan.cxp")
        .file("cxlint.yaml", config)
        .args(&["check", "--select", "FM06,EB03", "--color", "never"]);
    let before = cli.run_with(&["--today", "2027-01-01", "--format", "json", "plan.cxp"]);
    assert_eq!(before.code, 0, "{}", before.render());
    insta::assert_json_snapshot!("waivers_before_expiry", before.json()["diagnostics"]);
    let after = cli.run_with(&["--today", "2027-07-01", "plan.cxp"]);
    insta::assert_snapshot!("waivers_after_expiry", after.render());
}

#[test]
fn select_and_ignore_take_groups() {
    let cli = Cli::new().copy(PLAN, "plan.cxp").args(&[
        "check",
        "--format",
        "compact",
        "--fail-on",
        "never",
    ]);
    let out = cli.run_with(&["--select", "bond", "plan.cxp"]);
    insta::assert_snapshot!("select_bond", out.render());
    let out = cli.run_with(&[
        "--select",
        "fatal,bond",
        "--ignore",
        "FM06,choices",
        "plan.cxp",
    ]);
    insta::assert_snapshot!("select_fatal_bond_ignore_fm06", out.render());
}

#[test]
fn select_never_turns_on_a_rule_config_turned_off() {
    let out = plan_with_config("rules:\n  FM06: off\n").run_with(&["--select", "FM06", "plan.cxp"]);
    insta::assert_snapshot!(out.render());
}

#[test]
fn misspelled_code_in_config() {
    let out = plan_with_config("fail_on: warning\nrules:\n  FM60: off\n  bnod: warning\n")
        .run_with(&["plan.cxp"]);
    assert_eq!(out.code, 2);
    insta::assert_snapshot!(out.render());
}

#[test]
fn bad_param_in_config() {
    let out = plan_with_config(
        "rules:\n  FM06: { params: { min_customer_weight: lots } }\n  CC10: { params: { max_interval: 9 months } }\n",
    )
    .run_with(&["plan.cxp"]);
    assert_eq!(out.code, 2);
    insta::assert_snapshot!(out.render());
}

#[test]
fn misspelled_code_on_the_command_line() {
    let out = plan_at("plan.cxp").run_with(&["--ignore", "FM6", "plan.cxp"]);
    assert_eq!(out.code, 2);
    insta::assert_snapshot!(out.render());
}

#[test]
fn no_inline_allows() {
    let text = std::fs::read_to_string(cli_support::crate_path(PLAN))
        .expect("the fixture")
        .replace(
            "  pay_plan \"Quota\" {",
            "  # cxlint: allow FM06, EB03 -- quota plan ends in March\n  pay_plan \"Quota\" {",
        );
    let cli = Cli::new()
        .file("plan.cxp", &text)
        .args(&["check", "--select", "FM06,EB03"]);
    let allowed = cli.run_with(&["--format", "compact", "plan.cxp"]);
    insta::assert_snapshot!(allowed.render());
    let out = cli.run_with(&["--no-inline-allows", "--format", "json", "plan.cxp"]);
    assert_eq!(out.code, 1, "{}", out.render());
    insta::assert_json_snapshot!("no_inline_allows_json", out.json());
}

#[test]
fn allow_without_reason_and_unused_allow() {
    let text = r#"programme "Allows" {
  currency = USD
  unit "Sales" { facing = front }
  # cxlint: allow FM06
  pay_plan "No reason given" {
    applies_to = "Sales"
    metric "Bookings" { type = revenue  weight = 100% }
  }
  # cxlint: allow EB03 -- nothing to waive here
  pay_plan "Fine plan" {
    applies_to = "Sales"
    metric "Renewals" { type = retention  weight = 100%  scope = company }
  }
}
"#;
    let out = Cli::new()
        .file("plan.cxp", text)
        .args(&[
            "check",
            "--color",
            "never",
            "--select",
            "FM06,EB03",
            "plan.cxp",
        ])
        .run();
    assert_eq!(out.code, 1);
    insta::assert_snapshot!(out.render());
}
