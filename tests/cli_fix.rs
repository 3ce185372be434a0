//! `check --fix`, `--diff` and `--unsafe-fixes`, the fixes in JSON and SARIF, and the
//! property every fix must have: applied, it removes its finding and brings no E code.

mod cli_support;

use std::collections::BTreeMap;

use cli_support::{crate_path, Cli};
use serde_json::Value;

/// The retailer example (clean: exit 0) with three mistakes: a misspelt choice and a
/// share without its percent sign (both safely fixable), and a share written as a
/// fraction (fixable only by a choice: 20% or 0.2%).
fn retailer() -> Cli {
    let cli = Cli::new()
        .copy_dir("examples/retailer", "plans")
        .args(&["check", "--color", "never"]);
    edit(
        &cli,
        "plans/org.cxp",
        "facing        = front",
        "facing        = frnt",
    );
    edit(&cli, "plans/pay.cxp", "weight = 40% }", "weight = 40 }");
    edit(&cli, "plans/pay.cxp", "weight = 20%", "weight = 0.2");
    cli
}

/// Replace the first `from` in the file at `path` with `to`.
fn edit(cli: &Cli, path: &str, from: &str, to: &str) {
    let text = cli.read(path);
    assert!(text.contains(from), "{path} holds {from:?}");
    std::fs::write(cli.path().join(path), text.replacen(from, to, 1)).expect("write");
}

fn original(path: &str) -> String {
    std::fs::read_to_string(crate_path(&format!("examples/retailer/{path}"))).expect("example")
}

#[test]
fn fix_applies_the_safe_fixes_and_reports_what_is_left() {
    let cli = retailer();
    let o = cli.run_with(&["--format", "compact", "--fix", "plans"]);
    assert_eq!(o.code, 1, "{}", o.render());
    assert!(
        o.stderr.contains("fixed 2 findings in 2 files"),
        "{}",
        o.render()
    );
    // What is left: the fraction, which needs a choice.
    assert!(o.stdout.contains("error[E003]"), "{}", o.render());
    assert!(!o.stdout.contains("E004"), "{}", o.render());
    assert_eq!(cli.read("plans/org.cxp"), original("org.cxp"));
    let pay = cli.read("plans/pay.cxp");
    assert!(
        pay.contains("weight = 40% }") && pay.contains("weight = 0.2"),
        "{pay}"
    );
    // A second run has nothing left to fix safely.
    let again = cli.run_with(&["--format", "compact", "--fix", "plans"]);
    assert_eq!(again.code, 1);
    assert!(!again.stderr.contains("fixed"), "{}", again.render());
}

#[test]
fn unsafe_fixes_apply_the_rest() {
    let cli = retailer();
    let o = cli.run_with(&["--format", "compact", "--fix", "--unsafe-fixes", "plans"]);
    assert_eq!(o.code, 0, "{}", o.render());
    assert!(
        o.stderr.contains("fixed 3 findings in 2 files"),
        "{}",
        o.render()
    );
    for f in ["org.cxp", "pay.cxp", "programme.cxp"] {
        assert_eq!(cli.read(&format!("plans/{f}")), original(f), "{f}");
    }
}

#[test]
fn unsafe_fixes_alone_is_a_usage_error() {
    let o = retailer().run_with(&["--unsafe-fixes", "plans"]);
    assert_eq!(o.code, 2);
    assert!(
        o.stderr.contains("--unsafe-fixes goes with --fix"),
        "{}",
        o.render()
    );
}

#[test]
fn diff_prints_the_fixes_and_writes_nothing() {
    let cli = retailer();
    let before = (cli.read("plans/org.cxp"), cli.read("plans/pay.cxp"));
    let o = cli.run_with(&["--diff", "plans"]);
    assert_eq!(o.code, 1, "{}", o.render());
    assert!(
        o.stdout
            .starts_with("--- plans/org.cxp\n+++ plans/org.cxp\n@@ "),
        "{}",
        o.stdout
    );
    assert!(
        o.stdout
            .contains("-  facing        = frnt\n+  facing        = front\n"),
        "{}",
        o.stdout
    );
    assert!(o.stdout.contains("+++ plans/pay.cxp\n"), "{}", o.stdout);
    assert!(
        !o.stdout.contains("+  metric \"Company satisfaction\""),
        "{}",
        o.stdout
    );
    assert!(
        o.stderr.contains("would fix 2 findings in 2 files"),
        "{}",
        o.render()
    );
    assert_eq!(
        (cli.read("plans/org.cxp"), cli.read("plans/pay.cxp")),
        before
    );
    let all = cli.run_with(&["--diff", "--unsafe-fixes", "plans"]);
    assert_eq!(all.code, 1);
    assert!(all.stdout.contains("weight = 20%"), "{}", all.stdout);
    assert_eq!(
        (cli.read("plans/org.cxp"), cli.read("plans/pay.cxp")),
        before
    );
    // Nothing to fix: no diff, exit 0.
    let clean = Cli::new()
        .copy_dir("examples/retailer", "plans")
        .args(&["check", "--diff", "plans"])
        .run();
    assert_eq!(
        (clean.code, clean.stdout.as_str()),
        (0, ""),
        "{}",
        clean.render()
    );
}

#[test]
fn an_allow_that_suppresses_nothing_is_removed() {
    let cli = Cli::new()
        .copy_dir("examples/retailer", "plans")
        .args(&["check", "--color", "never", "--format", "compact", "plans"]);
    let text = cli.read("plans/pay.cxp");
    let allowed = text.replacen(
        "pay_plan",
        "# cxlint: allow FM06 -- agreed with the union\npay_plan",
        1,
    );
    std::fs::write(cli.path().join("plans/pay.cxp"), &allowed).expect("write");
    let o = cli.run();
    assert!(o.stdout.contains("S002"), "{}", o.render());
    let fixed = cli.run_with(&["--fix"]);
    assert_eq!(fixed.code, 0, "{}", fixed.render());
    assert_eq!(cli.read("plans/pay.cxp"), original("pay.cxp"));
}

#[cfg(unix)]
#[test]
fn a_read_only_plan_is_left_alone_and_the_others_are_fixed() {
    use std::os::unix::fs::PermissionsExt as _;
    let cli = retailer();
    let org = cli.path().join("plans/org.cxp");
    std::fs::set_permissions(&org, std::fs::Permissions::from_mode(0o444)).expect("chmod");
    let before = cli.read("plans/org.cxp");
    let o = cli.run_with(&["--format", "compact", "--fix", "plans"]);
    assert_eq!(o.code, 2, "{}", o.render());
    assert!(
        o.stderr
            .contains("plans/org.cxp: not fixed: it is read-only"),
        "{}",
        o.render()
    );
    assert_eq!(cli.read("plans/org.cxp"), before);
    assert!(cli.read("plans/pay.cxp").contains("weight = 40% }"));
}

#[cfg(unix)]
#[test]
fn a_plan_reached_through_a_link_is_left_alone() {
    let cli = Cli::new()
        .file(
            "real.cxp",
            "programme \"L\" {\n  currency = USD\n  unit \"A\" { facing = frnt }\n}\n",
        )
        .args(&["check", "--format", "compact"]);
    std::os::unix::fs::symlink("real.cxp", cli.path().join("link.cxp")).expect("link");
    let before = cli.read("real.cxp");
    let o = cli.run_with(&["--fix", "link.cxp"]);
    assert_eq!(o.code, 2, "{}", o.render());
    assert!(
        o.stderr
            .contains("link.cxp: not fixed: it is a symbolic link"),
        "{}",
        o.render()
    );
    assert_eq!(cli.read("real.cxp"), before);
    let link = std::fs::symlink_metadata(cli.path().join("link.cxp")).expect("link there");
    assert!(link.file_type().is_symlink());
}

#[test]
fn standard_input_gets_a_diff_but_is_not_rewritten() {
    let text = "programme \"S\" {\n  currency = USD\n  unit \"A\" { facing = frnt }\n}\n";
    let cli = Cli::new().args(&["check", "--stdin-filename", "plan.cxp"]);
    let refused = cli.run_stdin(text.as_bytes(), &["--fix", "-"]);
    assert_eq!(refused.code, 2);
    assert!(refused
        .stderr
        .contains("--fix cannot rewrite standard input"));
    let diff = cli.run_stdin(text.as_bytes(), &["--diff", "-"]);
    assert_eq!(diff.code, 1, "{}", diff.render());
    assert!(
        diff.stdout.contains("+  unit \"A\" { facing = front }"),
        "{}",
        diff.stdout
    );
}

#[test]
fn json_and_sarif_carry_the_fixes() {
    let cli = retailer().args(&["plans"]);
    let json = cli.run_with(&["--format", "json"]).json();
    let fixes: Vec<&Value> = json["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .flat_map(|d| d["fixes"].as_array().expect("fixes").iter())
        .collect();
    let safe: Vec<&str> = fixes
        .iter()
        .filter(|f| f["safe"] == true)
        .map(|f| f["edits"][0]["text"].as_str().expect("text"))
        .collect();
    assert_eq!(safe, vec!["front", "40%"]);
    assert!(fixes
        .iter()
        .any(|f| f["safe"] == false && f["edits"][0]["text"] == "20%"));
    let sarif = cli.run_with(&["--format", "sarif"]).json();
    let results = sarif["runs"][0]["results"].as_array().expect("results");
    let with_fix = results
        .iter()
        .find(|r| r["ruleId"] == "E004")
        .expect("the E004 result");
    let fix = &with_fix["fixes"][0];
    assert_eq!(fix["description"]["text"], "write `front`");
    let change = &fix["artifactChanges"][0];
    assert_eq!(
        change["artifactLocation"],
        with_fix["locations"][0]["physicalLocation"]["artifactLocation"]
    );
    let r = &change["replacements"][0];
    assert_eq!(r["insertedContent"]["text"], "front");
    assert_eq!(r["deletedRegion"]["startLine"], 11);
}

// --- The property: a fix removes its finding and brings no E code ---------------------

/// The plans of the snapshot cases E002 to E012 (tests/cli_semantic_errors.rs), read
/// from that file: each case's files, by name.
fn semantic_cases() -> Vec<(String, BTreeMap<String, String>)> {
    let source = std::fs::read_to_string(crate_path("tests/cli_semantic_errors.rs"))
        .expect("the snapshot cases");
    let mut cases = Vec::new();
    for part in source.split("\nfn e0").skip(1) {
        let n: u32 = part[..2].parse().expect("a case number");
        if !(2..=12).contains(&n) {
            continue;
        }
        let body = part.split("\n#[test]").next().unwrap_or(part);
        let mut files = BTreeMap::new();
        let mut rest = body;
        while let Some(at) = rest.find("r#\"") {
            let before = &rest[..at];
            let name = match before.rfind(".file(\"") {
                Some(f) if !before[f..].contains("r#\"") && before[f..].contains("\",") => {
                    let s = &before[f + 7..];
                    s[..s.find('"').expect("a name")].to_string()
                }
                _ => "plan.cxp".to_string(),
            };
            let text = &rest[at + 3..];
            let end = text.find("\"#").expect("the end of a plan");
            files.insert(name, text[..end].to_string());
            rest = &text[end..];
        }
        cases.push((format!("e0{:02}", n), files));
    }
    cases
}

/// Cases of every kind of fix, beside the snapshot cases.
fn fix_cases() -> Vec<(String, BTreeMap<String, String>)> {
    let plans = [
        "programme \"K\" {\n  currency = USD\n  unit \"A\" { facign = front }\n}\n",
        "programme \"C\" {\n  currency = USD\n  unit \"A\" { facing = frnt }\n}\n",
        "programme \"R\" {\n  currency = USD\n  unit \"Head\" { facing = back }\n  unit \"Shop\" { facing = front  parent = \"Haed\" }\n}\n",
        "programme \"M\" {\n  currency = \"usd\"\n  unit \"A\" { facing = front }\n}\n",
        "programme \"A\" {\n  currency = USD\n  # cxlint: allow FM6 -- agreed\n  unit \"A\" { facing = front }\n}\n",
        "programme \"B\" {\n  currency = USD\n  unit \"A\" { facing = front } # cxlint: allow FM06, E002 -- agreed\n}\n",
    ];
    let mut cases: Vec<(String, BTreeMap<String, String>)> = plans
        .iter()
        .enumerate()
        .map(|(i, p)| {
            (
                format!("extra {i}"),
                BTreeMap::from([("plan.cxp".to_string(), p.to_string())]),
            )
        })
        .collect();
    let cli = retailer();
    let mut files = BTreeMap::new();
    for f in ["org.cxp", "pay.cxp", "programme.cxp"] {
        files.insert(f.to_string(), cli.read(&format!("plans/{f}")));
    }
    cases.push(("retailer".into(), files));
    cases
}

/// (file, code, message) of each diagnostic, counted.
fn findings(json: &Value) -> BTreeMap<(String, String, String), usize> {
    let mut out = BTreeMap::new();
    for d in json["diagnostics"].as_array().expect("diagnostics") {
        let key = (
            d["file"].as_str().unwrap_or("").to_string(),
            d["code"].as_str().unwrap_or("").to_string(),
            d["message"].as_str().unwrap_or("").to_string(),
        );
        *out.entry(key).or_insert(0) += 1;
    }
    out
}

fn check_json(files: &BTreeMap<String, String>) -> Value {
    let mut cli = Cli::new();
    for (name, text) in files {
        cli = cli.file(name, text);
    }
    let root = if files.contains_key("programme.cxp") {
        "programme.cxp"
    } else {
        "plan.cxp"
    };
    cli.args(&["check", "--format", "json", root]).run().json()
}

#[test]
fn every_fix_removes_its_finding_and_brings_no_e_code() {
    let mut fixes_seen = 0;
    let mut cases = semantic_cases();
    assert!(cases.len() >= 10, "the snapshot cases are read");
    cases.extend(fix_cases());
    for (name, files) in cases {
        let json = check_json(&files);
        let before = findings(&json);
        for d in json["diagnostics"].as_array().expect("diagnostics") {
            for fix in d["fixes"].as_array().expect("fixes") {
                fixes_seen += 1;
                let file = d["file"].as_str().expect("file");
                let mut bytes = files[file].clone().into_bytes();
                let mut edits: Vec<&Value> =
                    fix["edits"].as_array().expect("edits").iter().collect();
                edits.sort_by_key(|e| std::cmp::Reverse(e["start"].as_u64()));
                for e in edits {
                    let (s, t) = (
                        e["start"].as_u64().unwrap() as usize,
                        e["end"].as_u64().unwrap() as usize,
                    );
                    bytes.splice(s..t, e["text"].as_str().unwrap().bytes());
                }
                let mut fixed = files.clone();
                fixed.insert(file.to_string(), String::from_utf8(bytes).expect("text"));
                let after = findings(&check_json(&fixed));
                let key = (
                    file.to_string(),
                    d["code"].as_str().unwrap().to_string(),
                    d["message"].as_str().unwrap().to_string(),
                );
                assert!(
                    after.get(&key).copied().unwrap_or(0) < before[&key],
                    "{name}: the fix {} left {key:?}:\n{}",
                    fix["title"],
                    fixed[file]
                );
                for (k, n) in &after {
                    // A language error: `E` and digits (`EB01` is a rule).
                    if k.1.starts_with('E') && k.1[1..].bytes().all(|b| b.is_ascii_digit()) {
                        assert!(
                            before.get(k).copied().unwrap_or(0) >= *n,
                            "{name}: the fix {} brought {k:?}:\n{}",
                            fix["title"],
                            fixed[file]
                        );
                    }
                }
            }
        }
    }
    assert!(fixes_seen >= 10, "only {fixes_seen} fixes were tried");
}
