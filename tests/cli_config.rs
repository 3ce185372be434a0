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
    let out = Cli::new()
        .copy(PLAN, "plan.cxp")
        .args(&["check", "--select", "FM6", "plan.cxp"])
        .run();
    assert_eq!(out.code, 2);
    assert!(
        out.stderr.contains("did you mean `FM06`?"),
        "{}",
        out.stderr
    );
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

/// `init DIR` then `check DIR` from outside it: DIR's own `cxlint.yaml` applies, and
/// `--show-config` names it.
#[test]
fn init_then_check_uses_the_folders_configuration() {
    let cli = Cli::new();
    assert_eq!(cli.run_with(&["init", "plans"]).code, 0);
    let config = cli.read("plans/cxlint.yaml");
    let cli = cli.file(
        "plans/cxlint.yaml",
        &format!("{config}\nfail_on: never\n").replace("fail_on: error", "# fail_on"),
    );
    let out = cli.run_with(&["check", "--format", "compact", "plans"]);
    assert_eq!(
        out.code,
        0,
        "fail_on: never of plans/cxlint.yaml: {}",
        out.render()
    );
    assert!(
        out.stdout.contains("plans/programme.cxp"),
        "{}",
        out.render()
    );
    let shown = cli.run_with(&["check", "--show-config", "plans/programme.cxp"]);
    assert_eq!(shown.code, 0, "{}", shown.render());
    assert!(
        shown.stdout.contains("configuration: plans/cxlint.yaml"),
        "{}",
        shown.render()
    );
    assert!(
        shown.stdout.contains("fail_on: never"),
        "{}",
        shown.render()
    );
}

/// A plan in a subfolder with its own `cxlint.yaml` uses that one, not the one above
/// (they never merge); the plans above use theirs.
#[test]
fn a_subfolder_with_its_own_configuration_uses_it() {
    let cli = plan_at("plan.cxp")
        .copy(PLAN, "sub/plan.cxp")
        .file(
            "cxlint.yaml",
            "rules:\n  FM06: { params: { min_customer_weight: 40% } }\n  EB03: off\n",
        )
        .file("sub/cxlint.yaml", "rules:\n  FM06: { severity: warning }\n");
    let out = cli.run_with(&["."]);
    let lines: Vec<&str> = out.stdout.lines().filter(|l| l.contains('[')).collect();
    assert_eq!(
        lines.iter().filter(|l| l.starts_with("plan.cxp")).count(),
        2,
        "Field and Quota fail at 40%, EB03 is off: {}",
        out.render()
    );
    let sub: Vec<&&str> = lines.iter().filter(|l| l.starts_with("sub/")).collect();
    assert_eq!(sub.len(), 2, "Quota's FM06 and EB03: {}", out.render());
    assert!(
        sub.iter().any(|l| l.contains("warning[FM06]")),
        "{}",
        out.render()
    );
    assert!(sub.iter().any(|l| l.contains("[EB03]")), "{}", out.render());
    let shown = cli.run_with(&["--show-config", "sub/plan.cxp"]);
    assert!(
        shown.stdout.contains("configuration: sub/cxlint.yaml"),
        "{}",
        shown.render()
    );
    assert!(
        shown.stdout.contains("min_customer_weight = 25%"),
        "{}",
        shown.render()
    );
}

/// The search stops at the repository root: a `cxlint.yaml` above the folder holding
/// `.git` does not apply (it may belong to someone else).
#[test]
fn the_search_stops_at_the_repository_root() {
    let cli = plan_at("repo/plan.cxp")
        .file("cxlint.yaml", "exclude: [\"**\"]\nrules:\n  FM06: off\n")
        .file("repo/.git/HEAD", "ref: refs/heads/main\n");
    let out = cli.run_with(&["repo"]);
    assert_eq!(out.code, 1, "{}", out.render());
    assert!(out.stdout.contains("[FM06]"), "{}", out.render());
    let shown = cli.run_with(&["--show-config", "repo/plan.cxp"]);
    assert!(shown.stdout.contains("none found"), "{}", shown.render());
}

/// Each plan is judged by its own configuration's `fail_on`; `--fail-on` overrides all.
#[test]
fn fail_on_is_per_plan() {
    let cli = plan_at("lenient/plan.cxp").file("lenient/cxlint.yaml", "fail_on: never\n");
    assert_eq!(cli.run_with(&["lenient"]).code, 0);
    assert_eq!(cli.run_with(&["--fail-on", "error", "lenient"]).code, 1);
    let cli = cli.copy(PLAN, "strict/plan.cxp");
    assert_eq!(cli.run_with(&["lenient", "strict"]).code, 1);
}

/// A folder with no plan is exit 2 (a gate pointed at the wrong folder must not pass); a
/// folder whose plans are all excluded is exit 0 with a note.
#[test]
fn a_folder_without_plans_is_an_error_unless_excluded() {
    let cli = plan_at("plans/drafts/plan.cxp")
        .file("plans/cxlint.yaml", "exclude: [\"drafts/**\"]\n")
        .file("empty/notes.txt", "nothing here\n");
    let out = cli.run_with(&["empty"]);
    assert_eq!(out.code, 2, "{}", out.render());
    assert!(
        out.stderr.contains("empty: it holds no plan file"),
        "{}",
        out.render()
    );
    let out = cli.run_with(&["plans"]);
    assert_eq!(out.code, 0, "{}", out.render());
    assert!(
        out.stderr.contains("excludes every plan file"),
        "{}",
        out.render()
    );
}

/// Standard input linted as a file gives byte for byte the output of linting the file,
/// with its configuration and its includes found from the path given.
#[test]
fn stdin_as_a_file_gives_the_same_output() {
    let root = "programme \"Split\" {\n  currency = USD\n  include \"parts/pay.cxp\"\n  unit \"Sales\" { facing = front }\n}\n";
    let cli = Cli::new()
        .file("plans/main.cxp", root)
        .file("plans/parts/pay.cxp", "pay_plan \"Quota\" {\n  applies_to = \"Sales\"\n  metric \"Bookings\" { type = revenue  weight = 100% }\n}\n")
        .file("plans/cxlint.yaml", "rules:\n  practice: off\n");
    for format in ["human", "json", "compact", "sarif"] {
        let file = cli.run_with(&["check", "--format", format, "plans/main.cxp"]);
        let stdin = cli.run_stdin(
            root.as_bytes(),
            &[
                "check",
                "--format",
                format,
                "--stdin-filename",
                "plans/main.cxp",
                "-",
            ],
        );
        assert_eq!(file.code, 1, "{}", file.render());
        assert_eq!(stdin.render(), file.render(), "format {format}");
    }
    // Edited text, not yet saved, is what is linted.
    let edited = root.replace("facing = front", "facing = nowhere");
    let out = cli.run_stdin(
        edited.as_bytes(),
        &[
            "check",
            "--format",
            "compact",
            "--stdin-filename",
            "plans/main.cxp",
            "-",
        ],
    );
    assert!(out.stdout.contains("[E004]"), "{}", out.render());
}
