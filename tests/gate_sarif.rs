//! The SARIF output as GitHub code scanning and an auditor read it: stable fingerprints
//! from the baseline key, addresses relative to the repository root whatever form the
//! paths were given in, each file's SHA-256, the working directory and the paths that
//! could not be read, and rule descriptors within GitHub's limits. Microsoft's SARIF
//! multitool itself runs in `scripts/gates.sh sarif`.

mod cli_support;

use cli_support::Cli;
use serde_json::Value;
use sha2::{Digest, Sha256};

/// Two XP08 findings (a) and (b) on one block.
const PLAN: &str = "programme \"P\" {\n  currency = USD\n  segment \"Families\" { stance = serve }\n  relationship \"Family for life\" {\n    segment = \"Families\"\n    horizon = 5 years\n  }\n}\n";

fn run_of(out: &cli_support::Output) -> Value {
    let doc = out.json();
    assert_eq!(doc["version"], "2.1.0");
    doc["runs"][0].clone()
}

fn fingerprints(run: &Value) -> Vec<String> {
    run["results"]
        .as_array()
        .expect("results")
        .iter()
        .map(|r| {
            r["partialFingerprints"]["cxlintBlockPathHash/v1"]
                .as_str()
                .expect("a fingerprint")
                .to_string()
        })
        .collect()
}

fn sarif(cli: &Cli, extra: &[&str]) -> Value {
    let mut args = vec!["check", "--select", "XP08", "--format", "sarif"];
    args.extend_from_slice(extra);
    run_of(&cli.run_with(&args))
}

#[test]
fn fingerprints_survive_moved_lines_and_keep_two_findings_of_one_block_apart() {
    let cli = Cli::new().file("plan.cxp", PLAN);
    let run = sarif(&cli, &["plan.cxp"]);
    let first = fingerprints(&run);
    assert_eq!(first.len(), 2, "XP08 (a) and (b)");
    assert_ne!(
        first[0], first[1],
        "two findings on one block do not collide"
    );

    // Lines added above the block: the lines change, the fingerprints do not.
    let moved = PLAN.replacen(
        "  currency = USD\n",
        "  currency = USD\n\n  # a note\n\n",
        1,
    );
    let cli = Cli::new().file("plan.cxp", &moved);
    let run2 = sarif(&cli, &["plan.cxp"]);
    assert_eq!(fingerprints(&run2), first);
    assert_ne!(
        run["results"][0]["locations"][0]["physicalLocation"]["region"]["startLine"],
        run2["results"][0]["locations"][0]["physicalLocation"]["region"]["startLine"]
    );
}

#[test]
fn fingerprints_do_not_depend_on_a_baseline() {
    let cli = Cli::new().file("plan.cxp", PLAN);
    let all = fingerprints(&sarif(&cli, &["plan.cxp"]));
    // A baseline that records the first of the two findings only.
    let out = cli.run_with(&[
        "check",
        "--select",
        "XP08",
        "--write-baseline",
        "base.json",
        "plan.cxp",
    ]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let mut base: Value = serde_json::from_str(&cli.read("base.json")).expect("baseline");
    base["entries"].as_array_mut().expect("entries").truncate(1);
    let cli = cli.file("base.json", &base.to_string());
    let run = sarif(&cli, &["--baseline", "base.json", "plan.cxp"]);
    let left = fingerprints(&run);
    assert_eq!(left.len(), 1);
    assert!(
        all.contains(&left[0]),
        "the finding left keeps its own fingerprint"
    );
    let absorbed_one = base["entries"][0]["occurrence"]
        .as_u64()
        .expect("occurrence");
    assert_eq!(left[0], all[if absorbed_one == 1 { 1 } else { 0 }]);
}

#[test]
fn addresses_are_relative_to_the_root_whatever_form_the_paths_have() {
    let cli = Cli::new().file("plans/plan.cxp", PLAN);
    let abs = cli.path().join("plans/plan.cxp");
    let abs = abs.to_str().expect("UTF-8 path");
    let forms = [
        sarif(&cli, &["plans/plan.cxp"]),
        sarif(&cli, &["./plans/plan.cxp"]),
        sarif(&cli, &[abs]),
        sarif(&cli, &["plans"]),
    ];
    for run in &forms {
        let loc = &run["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"];
        assert_eq!(loc["uri"], "plans/plan.cxp");
        assert_eq!(loc["uriBaseId"], "%SRCROOT%");
        assert_eq!(fingerprints(run), fingerprints(&forms[0]));
        let root = run["originalUriBaseIds"]["%SRCROOT%"]["uri"]
            .as_str()
            .expect("the root's URI");
        assert!(
            root.starts_with("file:///") && root.ends_with('/'),
            "{root}"
        );
        let cwd = run["invocations"][0]["workingDirectory"]["uri"]
            .as_str()
            .expect("workingDirectory");
        assert_eq!(cwd, root, "no .git: the root is the working directory");
        assert_eq!(run["invocations"][0]["executionSuccessful"], true);
    }
}

#[test]
fn the_root_is_the_folder_holding_git_and_files_outside_it_are_absolute() {
    let cli = Cli::new()
        .file("repo/.git/HEAD", "ref: refs/heads/main\n")
        .file("repo/sub/plan.cxp", PLAN)
        .file("outside/plan.cxp", PLAN);
    let out = cli.run_in(
        "repo/sub",
        &[
            "check",
            "--select",
            "XP08",
            "--format",
            "sarif",
            "plan.cxp",
            "../../outside/plan.cxp",
        ],
    );
    let run = run_of(&out);
    let uris: Vec<(&str, Option<&str>)> = run["results"]
        .as_array()
        .expect("results")
        .iter()
        .map(|r| {
            let loc = &r["locations"][0]["physicalLocation"]["artifactLocation"];
            (loc["uri"].as_str().unwrap_or(""), loc["uriBaseId"].as_str())
        })
        .collect();
    assert!(
        uris.contains(&("sub/plan.cxp", Some("%SRCROOT%"))),
        "{uris:?}"
    );
    let outside = uris
        .iter()
        .find(|(u, _)| u.ends_with("/outside/plan.cxp"))
        .expect("the file outside the repository");
    assert!(outside.0.starts_with("file:///"), "{outside:?}");
    assert_eq!(outside.1, None);
    let root = run["originalUriBaseIds"]["%SRCROOT%"]["uri"]
        .as_str()
        .unwrap_or("");
    assert!(root.ends_with("/repo/"), "{root}");
    let cwd = run["invocations"][0]["workingDirectory"]["uri"]
        .as_str()
        .unwrap_or("");
    assert!(cwd.ends_with("/repo/sub/"), "{cwd}");
}

#[test]
fn artifacts_carry_each_files_sha256() {
    let cli = Cli::new().file("plans/plan.cxp", PLAN).file(
        "plans/clean.cxp",
        "programme \"Q\" {\n  currency = EUR\n}\n",
    );
    let run = sarif(&cli, &["plans"]);
    let artifacts = run["artifacts"].as_array().expect("artifacts");
    assert_eq!(artifacts.len(), 2, "files with and without findings");
    for a in artifacts {
        let uri = a["location"]["uri"].as_str().expect("uri");
        let bytes = cli.read_bytes(uri);
        let want: String = Sha256::digest(&bytes)
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        assert_eq!(a["hashes"]["sha-256"], want.as_str(), "{uri}");
        assert_eq!(a["length"], bytes.len());
        assert_eq!(a["location"]["uriBaseId"], "%SRCROOT%");
    }
}

#[test]
fn unreadable_paths_are_in_the_stored_report() {
    let cli = Cli::new().file("plan.cxp", PLAN);
    let out = cli.run_with(&[
        "check",
        "--select",
        "XP08",
        "--format",
        "sarif",
        "plan.cxp",
        "missing.cxp",
    ]);
    assert_eq!(out.code, 2);
    let run = run_of(&out);
    let inv = &run["invocations"][0];
    assert_eq!(inv["executionSuccessful"], false);
    let notes = inv["toolExecutionNotifications"]
        .as_array()
        .expect("notifications");
    assert_eq!(notes.len(), 1);
    assert_eq!(notes[0]["level"], "error");
    assert!(notes[0]["message"]["text"]
        .as_str()
        .unwrap_or("")
        .starts_with("missing.cxp: "));
    assert_eq!(run["results"].as_array().map(Vec::len), Some(2));

    let out = cli.run_with(&[
        "check",
        "--select",
        "XP08",
        "--format",
        "json",
        "plan.cxp",
        "missing.cxp",
    ]);
    assert_eq!(out.code, 2);
    let errors = out.json()["errors"].clone();
    assert_eq!(errors[0]["path"], "missing.cxp");
    assert!(errors[0]["message"].as_str().unwrap_or("").len() > 3);
}

#[test]
fn rule_descriptors_meet_githubs_requirements() {
    let cli = Cli::new().file("plan.cxp", PLAN);
    let run = sarif(&cli, &["plan.cxp"]);
    let driver = &run["tool"]["driver"];
    assert_eq!(driver["semanticVersion"], driver["version"]);
    assert!(driver["informationUri"]
        .as_str()
        .unwrap_or("")
        .starts_with("https://"));
    assert_eq!(run["automationDetails"]["id"], "cxlint/check/");
    assert_eq!(run["columnKind"], "unicodeCodePoints");
    let catalogue = &driver["properties"]["catalogue"];
    assert!(catalogue["rules"].as_u64().unwrap_or(0) > 30);
    assert_eq!(catalogue["rules"], catalogue["builtIn"]);
    assert_eq!(catalogue["sha256"].as_str().map(str::len), Some(64));
    let rules = driver["rules"].as_array().expect("rules");
    for r in rules {
        let id = r["id"].as_str().expect("id");
        let full = r["fullDescription"]["text"]
            .as_str()
            .expect("fullDescription");
        assert!(!full.is_empty() && full.chars().count() < 1024, "{id}");
        let markdown = r["help"]["markdown"].as_str().unwrap_or("");
        assert!(
            markdown.starts_with(&format!("# {id} ")),
            "{id}: {markdown}"
        );
        let name = r["name"].as_str().expect("name");
        assert!(
            name.chars().next().is_some_and(|c| c.is_ascii_uppercase())
                && name.chars().all(|c| c.is_ascii_alphanumeric()),
            "{id}: {name} is not Pascal case"
        );
        let props = &r["properties"];
        assert_eq!(props["tags"][0], props["group"]);
        assert_eq!(props["precision"], "very-high");
        assert!(["error", "warning", "recommendation"]
            .contains(&props["problem.severity"].as_str().unwrap_or("")));
        assert!(
            r.get("helpUri").is_none(),
            "no helpUri without a public address"
        );
    }
    let fm01 = rules.iter().find(|r| r["id"] == "FM01").expect("FM01");
    assert!(fm01["help"]["markdown"]
        .as_str()
        .unwrap_or("")
        .contains("## Fires on"));
    let e001 = rules.iter().find(|r| r["id"] == "E001").expect("E001");
    assert!(e001["help"]["markdown"]
        .as_str()
        .unwrap_or("")
        .contains("cannot be turned off"));
}

#[test]
fn help_uris_are_written_only_for_a_public_address() {
    let cli = Cli::new().file("plan.cxp", PLAN);
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_cxlint"))
        .args(["check", "--select", "XP08", "--format", "sarif", "plan.cxp"])
        .current_dir(cli.path())
        .env("CXLINT_DOCS_URL", "https://example.org/cxlint/docs/rules")
        .output()
        .expect("cxlint runs");
    let doc: Value = serde_json::from_slice(&out.stdout).expect("SARIF");
    let rules = doc["runs"][0]["tool"]["driver"]["rules"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    let xp08 = rules.iter().find(|r| r["id"] == "XP08").expect("XP08");
    assert_eq!(
        xp08["helpUri"],
        "https://example.org/cxlint/docs/rules/XP08.md"
    );

    let out = std::process::Command::new(env!("CARGO_BIN_EXE_cxlint"))
        .args(["check", "--select", "XP08", "--format", "sarif", "plan.cxp"])
        .current_dir(cli.path())
        .env("CXLINT_DOCS_URL", "docs/rules")
        .output()
        .expect("cxlint runs");
    let doc: Value = serde_json::from_slice(&out.stdout).expect("SARIF");
    assert!(doc["runs"][0]["tool"]["driver"]["rules"][0]
        .get("helpUri")
        .is_none());
}

#[test]
fn the_summary_counts_findings_absorbed_by_the_baseline() {
    let cli = Cli::new().file("plan.cxp", PLAN);
    let out = cli.run_with(&[
        "check",
        "--select",
        "XP08",
        "--write-baseline",
        "base.json",
        "plan.cxp",
    ]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let json = cli
        .run_with(&[
            "check",
            "--select",
            "XP08",
            "--baseline",
            "base.json",
            "--format",
            "json",
            "plan.cxp",
        ])
        .json();
    assert_eq!(json["summary"]["baselined"], 2);
    assert_eq!(json["diagnostics"].as_array().map(Vec::len), Some(0));
    let human = cli.run_with(&[
        "check",
        "--select",
        "XP08",
        "--baseline",
        "base.json",
        "--color",
        "never",
        "plan.cxp",
    ]);
    assert!(
        human.stdout.contains("(0 suppressed, 2 in the baseline)"),
        "{}",
        human.stdout
    );
}

#[test]
fn json_says_how_a_suppressed_finding_was_accepted() {
    let plan = PLAN.replacen(
        "  relationship",
        "  # cxlint: allow XP08 -- memory is kept in the CRM project\n  relationship",
        1,
    );
    let cli = Cli::new().file("plan.cxp", &plan);
    let json = cli
        .run_with(&["check", "--select", "XP08", "--format", "json", "plan.cxp"])
        .json();
    let d = &json["diagnostics"][0];
    assert_eq!(d["suppressed"], true);
    assert_eq!(d["suppression"]["kind"], "allow");
    assert_eq!(d["suppression"]["file"], "plan.cxp");
    assert_eq!(d["suppression"]["line"], 4);
    let run = sarif(&cli, &["plan.cxp"]);
    let s = &run["results"][0]["suppressions"][0];
    assert_eq!(s["kind"], "inSource");
    assert_eq!(s["location"]["physicalLocation"]["region"]["startLine"], 4);
    assert_eq!(s["properties"]["acceptedBy"], "allow");
}
