//! `cxlint check`: exit codes, the walk, configuration errors, which of two waivers wins,
//! and baselines. Selection, waivers and allow comments are in tests/cli_config.rs.

mod cli_support;

use cli_support::{Scratch, PLAN, SELECT};

fn codes(json: &str) -> Vec<(String, u64, bool)> {
    let v: serde_json::Value = serde_json::from_str(json).expect("the JSON report");
    v["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap_or("").to_string(),
                d["line"].as_u64().unwrap_or(0),
                d["suppressed"].as_bool().unwrap_or(false),
            )
        })
        .collect()
}

fn files(json: &str) -> Vec<String> {
    let v: serde_json::Value = serde_json::from_str(json).expect("the JSON report");
    let mut f: Vec<String> = v["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .map(|d| d["file"].as_str().unwrap_or("").to_string())
        .collect();
    f.dedup();
    f
}

#[test]
fn exit_codes_follow_fail_on() {
    let s = Scratch::new();
    s.file("plan.cxp", PLAN);
    let run = |fail_on: &str, select: &str| {
        s.run(&[
            "check",
            "--quiet",
            "--fail-on",
            fail_on,
            "--select",
            select,
            "plan.cxp",
        ])
        .code
    };
    assert_eq!(run("error", SELECT), 1);
    assert_eq!(run("error", "EB03"), 0);
    assert_eq!(run("warning", "EB03"), 1);
    assert_eq!(run("never", SELECT), 0);
}

#[test]
fn a_missing_path_is_exit_2_but_the_others_are_reported() {
    let s = Scratch::new();
    s.file("plan.cxp", PLAN);
    let r = s.run(&[
        "check",
        "--format",
        "json",
        "--select",
        SELECT,
        "nothere.cxp",
        "plan.cxp",
    ]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("nothere.cxp"), "{}", r.stderr);
    assert_eq!(files(&r.stdout), ["plan.cxp"]);
}

#[test]
fn the_walk_skips_hidden_folders_and_excluded_paths() {
    let s = Scratch::new();
    s.file("a/plan.cxp", PLAN)
        .file(".hidden/plan.cxp", PLAN)
        .file("drafts/plan.cxp", PLAN)
        .file("notes.txt", "not a plan")
        .file("cxlint.yaml", "exclude: [\"drafts/**\"]\n");
    let r = s.run(&["check", "--format", "json", "--select", SELECT]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert_eq!(files(&r.stdout), ["a/plan.cxp"]);
}

#[cfg(unix)]
#[test]
fn a_fifo_named_cxp_does_not_hang_the_walk() {
    let s = Scratch::new();
    s.file("plan.cxp", PLAN);
    let fifo = s.join("pipe.cxp");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .is_ok_and(|st| st.success());
    if !made {
        return;
    }
    std::os::unix::fs::symlink(s.path(), s.join("loop")).expect("a symlink loop");
    let r = s.run(&["check", "--format", "json", "--select", SELECT]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert_eq!(files(&r.stdout), ["plan.cxp"]);
}

#[test]
fn a_rule_entry_beats_its_group_and_overrides_win() {
    let s = Scratch::new();
    s.file("plan.cxp", PLAN).file("legacy/plan.cxp", PLAN).file(
        "cxlint.yaml",
        "rules:\n  FM06: warning\n  fatal: off\noverrides:\n  - paths: [\"legacy/**\"]\n    rules: { FM06: off }\n",
    );
    let r = s.run(&["check", "--format", "json", "--select", "FM06"]);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).expect("JSON");
    let diags = v["diagnostics"].as_array().expect("diagnostics");
    assert!(!diags.is_empty());
    for d in diags {
        assert_eq!(d["file"], "plan.cxp");
        assert_eq!(d["severity"], "warning");
    }
    assert_eq!(r.code, 0);
}

#[test]
fn a_bad_config_is_exit_2_pointing_at_its_line() {
    let s = Scratch::new();
    s.file("plan.cxp", PLAN).file(
        "cxlint.yaml",
        "fail_on: error\nrules:\n  FM6: off\n  FM06: { parms: {} }\n  FM01: { params: { min_share: 40 months } }\n",
    );
    let r = s.run(&["check", "plan.cxp"]);
    assert_eq!(r.code, 2);
    insta::assert_snapshot!(r.stderr);
}

#[test]
fn an_unknown_setting_gets_a_suggestion() {
    let s = Scratch::new();
    s.file("plan.cxp", PLAN)
        .file("cxlint.yaml", "fail_onn: warning\n");
    let r = s.run(&["check", "plan.cxp"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("did you mean `fail_on`?"), "{}", r.stderr);
}

#[test]
fn a_waiver_without_reason_is_a_config_error() {
    let s = Scratch::new();
    s.file("plan.cxp", PLAN).file(
        "cxlint.yaml",
        "waivers:\n  - code: FM06\n    path: plan.cxp\n",
    );
    let r = s.run(&["check", "plan.cxp"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("reason"), "{}", r.stderr);
}

#[test]
fn a_baseline_hides_known_findings_even_when_lines_move() {
    let s = Scratch::new();
    s.file("plan.cxp", PLAN);
    let r = s.run(&[
        "check",
        "--quiet",
        "--select",
        SELECT,
        "--write-baseline",
        "base.json",
        "plan.cxp",
    ]);
    assert_eq!(r.code, 0, "recording a baseline succeeds: {}", r.stderr);
    assert!(s.join("base.json").is_file());
    s.file("plan.cxp", &format!("# a new first line\n\n{PLAN}"));
    let r = s.run(&[
        "check",
        "--format",
        "json",
        "--select",
        SELECT,
        "--baseline",
        "base.json",
        "plan.cxp",
    ]);
    assert_eq!(r.code, 0, "{}", r.stdout);
    assert!(codes(&r.stdout)
        .iter()
        .all(|(_, _, suppressed)| *suppressed));
}

#[test]
fn quiet_drops_the_summary_and_stats_go_to_stderr() {
    let s = Scratch::new();
    s.file("plan.cxp", PLAN);
    let r = s.run(&[
        "check", "--quiet", "--stats", "--select", SELECT, "plan.cxp",
    ]);
    assert!(!r.stdout.contains("infos in"), "{}", r.stdout);
    assert!(r.stderr.contains("ms"), "{}", r.stderr);
}

#[test]
fn colour_only_when_asked_or_on_a_terminal() {
    let s = Scratch::new();
    s.file("plan.cxp", PLAN);
    let plain = s.run(&["check", "--select", SELECT, "plan.cxp"]);
    assert!(!plain.stdout.contains('\u{1b}'));
    let always = s.run(&["check", "--color", "always", "--select", SELECT, "plan.cxp"]);
    assert!(always.stdout.contains('\u{1b}'));
}

#[test]
fn a_syntax_error_is_reported_beside_other_files() {
    let s = Scratch::new();
    s.file("a.cxp", PLAN)
        .file("b.cxp", "programme \"Broken\" {\n  currency = \n");
    let r = s.run(&[
        "check", "--format", "json", "--select", SELECT, "--jobs", "2",
    ]);
    assert_eq!(r.code, 1);
    assert_eq!(files(&r.stdout), ["a.cxp", "b.cxp"]);
}

#[test]
fn baseline_and_write_baseline_together_only_shrink_it() {
    let s = Scratch::new();
    s.file("plan.cxp", PLAN);
    let first = s.run(&[
        "check",
        "--quiet",
        "--select",
        "FM06",
        "--no-inline-allows",
        "--write-baseline",
        "base.json",
        "plan.cxp",
    ]);
    assert_eq!(
        first.code, 0,
        "recording a baseline succeeds: {}",
        first.stderr
    );
    let recorded = |s: &Scratch| {
        let v: serde_json::Value = serde_json::from_str(&s.read("base.json")).expect("JSON");
        v["entries"].as_array().map(Vec::len).unwrap_or(0)
    };
    assert_eq!(recorded(&s), 2);
    // One finding fixed (the plan now pays on retention), one new plan added.
    let text = PLAN.replacen("type = revenue", "type = retention", 1).replace(
        "  # cxlint: allow",
        "  pay_plan \"New\" {\n    applies_to = \"Sales\"\n    metric \"B\" { type = revenue  weight = 100% }\n  }\n  # cxlint: allow",
    );
    s.file("plan.cxp", &text);
    let r = s.run(&[
        "check",
        "--format",
        "json",
        "--select",
        "FM06",
        "--no-inline-allows",
        "--baseline",
        "base.json",
        "--write-baseline",
        "base.json",
        "plan.cxp",
    ]);
    assert_eq!(r.code, 1);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).expect("JSON");
    let messages: Vec<&str> = v["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .filter_map(|d| d["message"].as_str())
        .collect();
    assert_eq!(messages.len(), 1, "{messages:?}");
    assert!(messages[0].contains("\"New\""));
    assert_eq!(recorded(&s), 1);
}

#[test]
fn a_waiver_in_force_beats_an_expired_one() {
    let s = Scratch::new();
    s.file("plan.cxp", PLAN).file(
        "cxlint.yaml",
        "waivers:\n  - code: FM06\n    path: plan.cxp\n    reason: old\n    expires: 2020-01-01\n  - code: FM06\n    path: plan.cxp\n    reason: renewed\n    expires: 2030-01-01\n",
    );
    let r = s.run(&[
        "check",
        "--format",
        "json",
        "--select",
        "FM06",
        "--today",
        "2027-01-01",
        "plan.cxp",
    ]);
    assert_eq!(r.code, 0, "{}", r.stdout);
    let found = codes(&r.stdout);
    assert!(
        found.iter().all(|(c, _, sup)| c == "FM06" && *sup),
        "{found:?}"
    );
}

/// Findings are handed on while the run goes on, yet stay sorted when a plan linted late
/// includes a file the walk left out (not a plan file name) whose path sorts before
/// plans already linted: the walk's list of what it left out holds those back.
#[test]
fn findings_stay_sorted_when_a_late_plan_includes_a_file_the_walk_left_out() {
    // Two plans of more than a batch (1 MiB) each, so a/n.cxp and a/z.cxp are linted in
    // different batches, a/n.cxp first.
    let mut big =
        String::from("programme \"Big\" {\n  currency = USD\n  unit \"Top\" { facing = back }\n");
    while big.len() < 1_200_000 {
        big.push_str(&format!(
            "  unit \"U{}\" {{ parent = \"Top\"  facing = back }}\n",
            big.len()
        ));
    }
    big.push_str("}\n");
    let cli = Scratch::new();
    cli.file("a/big.cxp", &big)
        .file(
            "a/n.cxp",
            "programme \"N\" {\n  currency = USD\n  unit \"X\" { facing = sideways }\n}\n",
        )
        .file("a/o.cxp", &big.replace("\"Big\"", "\"Other\""))
        .file("a/m.part", "unit \"Y\" { facing = upwards }\n")
        .file(
            "a/z.cxp",
            "programme \"Z\" {\n  currency = USD\n  include \"m.part\"\n}\n",
        );
    let out = cli.run(&["check", "a", "--select", "FM01", "--format", "compact"]);
    let text = out.stdout;
    let files: Vec<&str> = text
        .lines()
        .filter_map(|l| l.split(':').next())
        .filter(|f| f.starts_with("a/"))
        .collect();
    assert!(
        files.contains(&"a/m.part") && files.contains(&"a/n.cxp"),
        "{text}"
    );
    let mut sorted = files.clone();
    sorted.sort();
    assert_eq!(files, sorted, "{text}");
}
