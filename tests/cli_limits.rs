//! `limits:` in `cxlint.yaml`: for each limit, the default holds, a lower value takes
//! effect with a message naming the limit, and a value above its ceiling is refused
//! (exit 2, at its line).

mod cli_support;

use cli_support::Cli;
use cxlint::limits::Limits;
use cxlint::source::SourceFile;

const SAAS: &str = "examples/saas-growth.cxp";
const PACK: &str = "tests/packs/hiring/HR01-frontline-without-hiring-profile.yaml";

/// A check of `files` with `config` as cxlint.yaml, in JSON.
fn check(cli: Cli, config: &str, paths: &[&str]) -> cli_support::Output {
    let cli = cli.file("cxlint.yaml", config);
    let mut args = vec!["check", "--format", "json"];
    args.extend(paths);
    cli.run_with(&args)
}

fn diagnostics(out: &cli_support::Output) -> Vec<serde_json::Value> {
    out.json()["diagnostics"]
        .as_array()
        .cloned()
        .unwrap_or_default()
}

/// Messages and help of every diagnostic, one text.
fn texts(out: &cli_support::Output) -> String {
    diagnostics(out)
        .iter()
        .map(|d| format!("{} {} | {}\n", d["code"], d["message"], d["help"]))
        .collect()
}

/// A value above the ceiling of `name` is refused at its line, naming the ceiling.
fn refused(name: &str, value: &str, ceiling: &str) {
    let config = format!("fail_on: error\nlimits:\n  {name}: {value}\n");
    let out = Cli::new()
        .copy(SAAS, "plan.cxp")
        .file("cxlint.yaml", &config)
        .run_with(&["check", "plan.cxp"]);
    assert_eq!(out.code, 2, "{name}: {}", out.render());
    assert!(
        out.stderr.contains(&format!(
            "`limits.{name}: {value}` is more than cxlint allows: at most {ceiling}"
        )),
        "{}",
        out.stderr
    );
    assert!(out.stderr.contains("cxlint.yaml:3:3"), "{}", out.stderr);
}

#[test]
fn values_above_the_ceilings_are_refused() {
    refused("file_size", "1 GiB", "256 MiB");
    refused("nesting_depth", "257", "256");
    refused("syntax_errors", "10001", "10,000");
    refused("include_depth", "129", "128");
    refused("includes", "10001", "10,000");
    refused("diagnostics_per_file", "100001", "100,000");
    refused("evaluation_steps", "200000001", "200,000,000");
    refused("yaml_depth", "129", "128");
    refused("yaml_nodes", "2500001", "2,500,000");
    refused("yaml_aliases", "500001", "500,000");
    refused("yaml_size", "65 MiB", "64 MiB");
}

#[test]
fn values_at_the_ceilings_are_accepted() {
    let config = "limits:\n  file_size: 256 MiB\n  nesting_depth: 256\n  syntax_errors: 10000\n  include_depth: 128\n  includes: 10000\n  diagnostics_per_file: 100000\n  evaluation_steps: 200000000\n  yaml_depth: 128\n  yaml_nodes: 2500000\n  yaml_aliases: 500000\n  yaml_size: 64 MiB\n";
    let out = check(Cli::new().copy(SAAS, "plan.cxp"), config, &["plan.cxp"]);
    assert_eq!(out.code, 1, "{}", out.render());
    assert_eq!(diagnostics(&out).len(), 2);
}

#[test]
fn a_misspelt_limit_gets_a_suggestion_and_a_bad_value_a_plain_message() {
    let out = Cli::new()
        .copy(SAAS, "plan.cxp")
        .file("cxlint.yaml", "limits:\n  nesting_depht: 10\n")
        .run_with(&["check", "plan.cxp"]);
    insta::assert_snapshot!(out.render());
    let out = Cli::new()
        .copy(SAAS, "plan.cxp")
        .file(
            "cxlint.yaml",
            "limits:\n  file_size: 10 parsecs\n  includes: 0\n  nesting_depth: -3\n",
        )
        .run_with(&["check", "plan.cxp"]);
    insta::assert_snapshot!(out.render());
}

#[test]
fn file_size() {
    // Lowered: the plan is larger than 1 KiB, and gets one E014 at line 1.
    let out = check(
        Cli::new().copy(SAAS, "plan.cxp"),
        "limits:\n  file_size: 1 KiB\n",
        &["plan.cxp"],
    );
    assert_eq!(out.code, 1);
    let d = diagnostics(&out);
    assert_eq!(d.len(), 1, "{}", texts(&out));
    assert_eq!(d[0]["code"], "E014");
    assert_eq!(d[0]["line"], 1);
    let bytes = std::fs::metadata(cli_support::crate_path(SAAS))
        .unwrap()
        .len();
    assert_eq!(
        d[0]["message"],
        format!(
            "this plan file is {}, more than the 1 KiB limit (limits.file_size in cxlint.yaml); it was not read",
            cxlint::limits::size(bytes)
        )
    );
    assert!(d[0]["help"]
        .as_str()
        .unwrap()
        .contains("split it into files joined by `include`, or raise limits.file_size"));

    // Included fragments too.
    let cli = Cli::new()
        .file(
            "plan.cxp",
            "programme \"P\" {\n  currency = USD\n  include \"big.cxp\"\n}\n",
        )
        .file("big.cxp", &format!("# {}\n", "x".repeat(3000)));
    let out = check(cli, "limits:\n  file_size: 2 KiB\n", &["plan.cxp"]);
    let d = diagnostics(&out);
    assert!(
        d.iter()
            .any(|d| d["code"] == "E014" && d["file"] == "big.cxp" && d["line"] == 1),
        "{}",
        texts(&out)
    );

    // The same plan under the default limit.
    let out = check(
        Cli::new().copy(SAAS, "plan.cxp"),
        "fail_on: error\n",
        &["plan.cxp"],
    );
    assert!(!texts(&out).contains("E014"));
}

#[test]
fn a_huge_file_is_refused_unread() {
    // Sparse files: nothing is written, and reading one whole would take seconds and
    // its size in memory.
    let cli = Cli::new().file("cxlint.yaml", "fail_on: error\n");
    for (name, size) in [("just-over.cxp", (64 << 20) + 1), ("huge.cxp", 8u64 << 30)] {
        let f = std::fs::File::create(cli.path().join(name)).expect("create");
        f.set_len(size).expect("a sparse file");
    }
    let start = std::time::Instant::now();
    let out = cli.run_with(&["check", "--format", "json", "just-over.cxp", "huge.cxp"]);
    assert!(start.elapsed() < std::time::Duration::from_secs(20));
    let d = diagnostics(&out);
    assert_eq!(d.len(), 2, "{}", texts(&out));
    assert_eq!(
        d[0]["message"],
        "this plan file is 8 GiB, more than the 64 MiB limit (limits.file_size in cxlint.yaml); it was not read"
    );
    assert_eq!(
        d[1]["message"],
        "this plan file is larger than the 64 MiB limit (limits.file_size in cxlint.yaml); it was not read"
    );
    assert_eq!(out.code, 1);
}

fn nested_blocks(n: usize) -> String {
    format!("{}{}", "a {\n".repeat(n), "}\n".repeat(n))
}

fn nested_list(n: usize) -> String {
    format!(
        "programme \"P\" {{\n  currency = USD\n  x = {}1{}\n}}\n",
        "[".repeat(n),
        "]".repeat(n)
    )
}

#[test]
fn nesting_depth() {
    let deep =
        |config: &str, text: &str| check(Cli::new().file("plan.cxp", text), config, &["plan.cxp"]);
    // Default: 64 levels.
    let out = deep("fail_on: error\n", &nested_blocks(65));
    assert!(texts(&out).contains("blocks are nested too deeply here (more than 64 levels)"));
    let out = deep("fail_on: error\n", &nested_list(65));
    assert!(texts(&out).contains("nested too deeply (more than 64 levels)"));
    let out = deep("fail_on: error\n", &nested_list(64));
    assert!(
        !texts(&out).contains("nested too deeply"),
        "{}",
        texts(&out)
    );

    // Lowered.
    let out = deep("limits:\n  nesting_depth: 3\n", &nested_blocks(4));
    let t = texts(&out);
    assert!(
        t.contains("blocks are nested too deeply here (more than 3 levels)"),
        "{t}"
    );
    assert!(
        t.contains("raise limits.nesting_depth in cxlint.yaml (at most 256)"),
        "{t}"
    );
    let out = deep("limits:\n  nesting_depth: 3\n", &nested_list(4));
    let t = texts(&out);
    assert!(
        t.contains("the list of `x` is nested too deeply (more than 3 levels)"),
        "{t}"
    );
    assert!(t.contains("limits.nesting_depth"), "{t}");

    // Raised, up to the ceiling: the whole run (parser, model, rules) holds at that depth.
    let out = deep("limits:\n  nesting_depth: 256\n", &nested_list(256));
    assert!(
        !texts(&out).contains("nested too deeply"),
        "{}",
        texts(&out)
    );
    let blocks = format!(
        "programme \"P\" {{\n  currency = USD\n{}}}\n",
        nested_blocks(255)
    );
    let out = deep("limits:\n  nesting_depth: 256\n", &blocks);
    assert!(
        !texts(&out).contains("nested too deeply"),
        "{}",
        texts(&out)
    );
    assert_eq!(out.code, 1, "{}", out.render());
}

#[test]
fn syntax_errors() {
    let broken =
        "programme \"P\" {\n  currency = USD\n".to_string() + &"  x = @\n".repeat(150) + "}\n";
    let errors = |config: &str| {
        let out = check(Cli::new().file("plan.cxp", &broken), config, &["plan.cxp"]);
        let d = diagnostics(&out);
        let e001: Vec<_> = d.into_iter().filter(|d| d["code"] == "E001").collect();
        e001
    };
    assert_eq!(errors("fail_on: error\n").len(), 100);
    let low = errors("limits:\n  syntax_errors: 5\n");
    assert_eq!(low.len(), 5);
    assert!(low[4]["help"].as_str().unwrap().contains(
        "cxlint stops reading a file after 5 syntax errors (limits.syntax_errors in cxlint.yaml)"
    ));
    assert_eq!(errors("limits:\n  syntax_errors: 120\n").len(), 120);
}

/// A root including a chain of `n` fragments, each including the next.
fn include_chain(n: usize) -> Cli {
    let mut cli = Cli::new().file(
        "plan.cxp",
        "programme \"P\" {\n  currency = USD\n  include \"f0.cxp\"\n}\n",
    );
    for i in 0..n {
        cli = cli.file(
            &format!("f{i}.cxp"),
            &format!("include \"f{}.cxp\"\n", i + 1),
        );
    }
    cli.file(&format!("f{n}.cxp"), "")
}

#[test]
fn include_depth() {
    let out = check(include_chain(40), "fail_on: error\n", &["plan.cxp"]);
    assert!(
        texts(&out).contains("includes nest more than 32 deep"),
        "{}",
        texts(&out)
    );
    let out = check(
        include_chain(40),
        "limits:\n  include_depth: 5\n",
        &["plan.cxp"],
    );
    let t = texts(&out);
    assert!(
        t.contains("cannot include \\\"f5.cxp\\\": includes nest more than 5 deep"),
        "{t}"
    );
    assert!(
        t.contains("raise limits.include_depth in cxlint.yaml (at most 128)"),
        "{t}"
    );
    let out = check(
        include_chain(40),
        "limits:\n  include_depth: 50\n",
        &["plan.cxp"],
    );
    assert!(!texts(&out).contains("E011"), "{}", texts(&out));
}

#[test]
fn includes() {
    let wide = |n: usize| {
        let mut root = String::from("programme \"P\" {\n  currency = USD\n");
        let mut cli = Cli::new();
        for i in 0..n {
            root.push_str(&format!("  include \"f{i}.cxp\"\n"));
            cli = cli.file(&format!("f{i}.cxp"), "");
        }
        root.push_str("}\n");
        cli.file("plan.cxp", &root)
    };
    let out = check(wide(1_001), "fail_on: error\n", &["plan.cxp"]);
    let t = texts(&out);
    assert!(
        t.contains(
            "cannot include \\\"f1000.cxp\\\": a programme may follow at most 1000 includes"
        ),
        "{t}"
    );
    let out = check(wide(6), "limits:\n  includes: 4\n", &["plan.cxp"]);
    let t = texts(&out);
    assert!(
        t.contains("cannot include \\\"f4.cxp\\\": a programme may follow at most 4 includes"),
        "{t}"
    );
    assert!(
        t.contains("raise limits.includes in cxlint.yaml (at most 10,000)"),
        "{t}"
    );
    let out = check(wide(6), "limits:\n  includes: 6\n", &["plan.cxp"]);
    assert!(!texts(&out).contains("E011"), "{}", texts(&out));
}

#[test]
fn diagnostics_per_file() {
    // Default: 1,000 per file, then one that counts the rest.
    let mut text = String::from("programme \"P\" {\n  currency = USD\n");
    for i in 0..1_200 {
        text.push_str(&format!("  wrong_{i} = 1\n"));
    }
    text.push_str("}\n");
    let out = check(
        Cli::new().file("plan.cxp", &text),
        "fail_on: error\n",
        &["plan.cxp"],
    );
    let d = diagnostics(&out);
    assert_eq!(d.len(), 1_001, "{}", d.len());
    let summary: Vec<_> = d
        .iter()
        .filter(|d| d["message"].as_str().unwrap().contains("not shown"))
        .collect();
    assert_eq!(summary.len(), 1);
    assert_eq!(
        summary[0]["message"],
        "200 more findings in this file are not shown, the first error among them here: cxlint shows at most 1,000 findings per file"
    );
    assert_eq!(out.code, 1);

    // Lowered: the finding shown is a warning, the one not shown an error: the run still
    // fails, as it would with every finding shown.
    let config = "rules:\n  FM01: warning\n  XP03: error\nlimits:\n  diagnostics_per_file: 1\n";
    let out = check(Cli::new().copy(SAAS, "plan.cxp"), config, &["plan.cxp"]);
    let d = diagnostics(&out);
    assert_eq!(d.len(), 2, "{}", texts(&out));
    assert_eq!(d[0]["code"], "FM01");
    assert_eq!(d[0]["severity"], "warning");
    assert_eq!(d[1]["code"], "XP03");
    assert_eq!(d[1]["severity"], "error");
    assert_eq!(
        d[1]["message"],
        "1 more finding in this file is not shown, an error here: cxlint shows at most 1 finding per file"
    );
    assert!(d[1]["help"]
        .as_str()
        .unwrap()
        .contains("raise limits.diagnostics_per_file in cxlint.yaml (at most 100,000)"));
    assert_eq!(out.code, 1, "{}", out.render());
    // With `--fail-on never` nothing fails, as before.
    let cli = Cli::new()
        .copy(SAAS, "plan.cxp")
        .file("cxlint.yaml", config);
    assert_eq!(
        cli.run_with(&["check", "--fail-on", "never", "plan.cxp"])
            .code,
        0
    );

    // The human rendering of the summary.
    let out = Cli::new()
        .copy(SAAS, "plan.cxp")
        .file("cxlint.yaml", config)
        .run_with(&["check", "plan.cxp"]);
    insta::assert_snapshot!(out.render());
}

#[test]
fn evaluation_steps() {
    let stopped = |out: &cli_support::Output| texts(out).contains("stopped before finishing");
    let out = check(
        Cli::new().copy(SAAS, "plan.cxp"),
        "fail_on: error\n",
        &["plan.cxp"],
    );
    assert!(!stopped(&out), "{}", texts(&out));
    let out = check(
        Cli::new().copy(SAAS, "plan.cxp"),
        "limits:\n  evaluation_steps: 10\n",
        &["plan.cxp", "--select", "FM01"],
    );
    let t = texts(&out);
    assert!(
        t.contains("this rule stopped before finishing: the rules together need more than 10 evaluation steps on this programme"),
        "{t}"
    );
    assert!(
        t.contains("limits.evaluation_steps in cxlint.yaml (at most 200,000,000)"),
        "{t}"
    );
}

#[test]
fn yaml_depth_by_default_and_raised() {
    // Rule files are typed, so nesting deeper than their shape is refused anyway; the
    // budget is checked here on the reader rule files go through.
    let read = |depth: usize, limits: &Limits| {
        let text = format!("x: {}1{}\n", "[".repeat(depth), "]".repeat(depth));
        let file = SourceFile::new("pack/r.yaml", text);
        cxlint::yaml::from_str_with::<serde_json::Value>(&file, limits).map_err(|d| d.message)
    };
    let defaults = Limits::default();
    assert!(read(60, &defaults).is_ok());
    assert_eq!(
        read(70, &defaults).unwrap_err(),
        "this file nests values more than 64 levels deep (limits.yaml_depth in cxlint.yaml, at most 128)"
    );
    let raised = Limits {
        yaml_depth: 100,
        ..Limits::default()
    };
    assert!(read(70, &raised).is_ok());
}

/// A check with the hiring pack (its file possibly replaced by `rule`) as `rule_dirs`.
fn with_pack(config: &str, rule: Option<&str>) -> cli_support::Output {
    // The SaaS example without its sales hiring profile: HR01 fires on Sales.
    let plan = std::fs::read_to_string(cli_support::crate_path(SAAS)).expect("the example");
    let start = plan
        .find("  hiring \"Account executives\"")
        .expect("the profile");
    let end = start + plan[start..].find("}\n").expect("its end") + 2;
    let plan = format!("{}{}", &plan[..start], &plan[end..]);
    let mut cli = Cli::new().file("plan.cxp", &plan);
    cli = match rule {
        Some(text) => cli.file("pack/HR01-frontline-without-hiring-profile.yaml", text),
        None => cli.copy(PACK, "pack/HR01-frontline-without-hiring-profile.yaml"),
    };
    cli.file("cxlint.yaml", &format!("rule_dirs: [\"pack\"]\n{config}"))
        .run_with(&["check", "--format", "compact", "plan.cxp"])
}

/// The text of the pack's rule file.
fn pack_text() -> String {
    std::fs::read_to_string(cli_support::crate_path(PACK)).expect("the pack")
}

#[test]
fn yaml_budgets_for_rule_files() {
    // The pack loads under the defaults.
    let out = with_pack("", None);
    assert_eq!(out.code, 1, "{}", out.render());
    assert!(out.stdout.contains("HR01"), "{}", out.render());

    // Lowered: depth, values, anchors and size.
    let out = with_pack("limits:\n  yaml_depth: 2\n", None);
    assert_eq!(out.code, 2);
    assert!(
        out.stderr
            .contains("more than 2 levels deep (limits.yaml_depth"),
        "{}",
        out.stderr
    );
    let out = with_pack("limits:\n  yaml_nodes: 10\n", None);
    assert_eq!(out.code, 2);
    assert!(
        out.stderr
            .contains("this file holds more values than the 10 allowed (limits.yaml_nodes"),
        "{}",
        out.stderr
    );
    let anchored = pack_text()
        .replace("summary: a front", "summary: &s a front")
        .replace("help: write", "help: &h write");
    assert_eq!(with_pack("", Some(&anchored)).code, 1);
    let out = with_pack("limits:\n  yaml_aliases: 1\n", Some(&anchored));
    assert_eq!(out.code, 2);
    assert!(
        out.stderr.contains("(limits.yaml_aliases in cxlint.yaml"),
        "{}",
        out.stderr
    );
    let out = with_pack("limits:\n  yaml_size: 1 KiB\n", None);
    assert_eq!(out.code, 2);
    assert!(
        out.stderr.contains("more than the 1 KiB limit; it was not read (raise limits.yaml_size in cxlint.yaml, at most 64 MiB)"),
        "{}",
        out.stderr
    );
}

#[test]
fn the_budget_for_cxlint_yaml_itself_is_fixed() {
    // `yaml_depth` in cxlint.yaml does not raise the budget cxlint.yaml is read with.
    let config = format!(
        "limits:\n  yaml_depth: 128\nrules:\n  FM06: {}\"x\"{}\n",
        "[".repeat(70),
        "]".repeat(70)
    );
    let out = Cli::new()
        .copy(SAAS, "plan.cxp")
        .file("cxlint.yaml", &config)
        .run_with(&["check", "plan.cxp"]);
    assert_eq!(out.code, 2);
    assert!(
        out.stderr
            .contains("this file nests values more than 64 levels deep (a fixed limit"),
        "{}",
        out.stderr
    );
    // Nor its size.
    let big = format!("fail_on: error\n# {}\n", "x".repeat(5 << 20));
    let out = Cli::new()
        .copy(SAAS, "plan.cxp")
        .file("cxlint.yaml", &big)
        .run_with(&["check", "plan.cxp"]);
    assert_eq!(out.code, 2);
    assert!(
        out.stderr
            .contains("cxlint.yaml is 5.0 MiB, more than the 4 MiB a configuration file may be"),
        "{}",
        out.stderr
    );
}

/// The per-file cap is applied once, to the language's and the rules' findings together:
/// a fragment shared by two programmes never shows more than the cap plus the one line
/// that counts the rest.
#[test]
fn the_cap_is_applied_once_per_file() {
    let units: String = (0..15)
        .map(|i| format!("unit \"U{i}\" {{ facing = back }}\n"))
        .collect();
    let root = |name: &str| {
        format!("programme \"{name}\" {{\n  currency = USD\n  include \"parts/org.cxp\"\n}}\n")
    };
    let cli = Cli::new()
        .file("a.cxp", &root("A"))
        .file("b.cxp", &root("B"))
        .file("parts/org.cxp", &units);
    let out = check(
        cli,
        "limits:\n  diagnostics_per_file: 10\n",
        &["--select", "CC06", "a.cxp", "b.cxp"],
    );
    let in_fragment = diagnostics(&out)
        .iter()
        .filter(|d| d["file"] == "parts/org.cxp")
        .count();
    assert_eq!(in_fragment, 11, "{}", texts(&out));
}

/// `fmt` uses each plan's configured size limit: it never writes a plan `check` would
/// then refuse for its size, and it reads no plan above the limit.
#[test]
fn fmt_keeps_plans_within_their_size_limit() {
    // 1,000 bytes written tightly; formatted with indentation and spacing it is larger.
    let mut plan = String::from("programme \"P\" {\ncurrency = USD\n");
    while plan.len() < 1000 {
        plan.push_str(&format!("unit \"U{}\" {{facing = back}}\n", plan.len()));
    }
    plan.push_str("}\n");
    let cli = Cli::new()
        .file("plan.cxp", &plan)
        .file("cxlint.yaml", "limits:\n  file_size: 1 KiB\n");
    let out = cli.run_with(&["fmt", "plan.cxp"]);
    assert_eq!(out.code, 2, "{}", out.render());
    assert!(
        out.stderr.contains("formatted, this plan would be")
            && out
                .stderr
                .contains("more than the 1 KiB a plan may have (limits.file_size)"),
        "{}",
        out.stderr
    );
    assert_eq!(cli.read("plan.cxp"), plan, "the plan was changed");

    // Above the configured limit, the plan is not read at all.
    let cli = Cli::new()
        .file("plan.cxp", &format!("# {}\n", "x".repeat(3000)))
        .file("cxlint.yaml", "limits:\n  file_size: 2 KiB\n");
    let out = cli.run_with(&["fmt", "plan.cxp"]);
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("more than the 2 KiB"), "{}", out.stderr);

    // With room to spare, it is formatted.
    let cli = Cli::new()
        .file("plan.cxp", &plan)
        .file("cxlint.yaml", "limits:\n  file_size: 8 KiB\n");
    assert_eq!(cli.run_with(&["fmt", "plan.cxp"]).code, 0);
    assert_ne!(cli.read("plan.cxp"), plan);
}

/// The summary counts every finding the cap did not show among the suppressed ones:
/// ten findings waived, at most two shown, all ten suppressed in the summary.
#[test]
fn the_summary_counts_suppressed_findings_the_cap_did_not_show() {
    let mut text = String::from(
        "programme \"P\" {\n  currency = USD\n  unit \"HQ\" { facing = back  customer_duty = \"Lead\" }\n",
    );
    for i in 0..10 {
        text.push_str(&format!(
            "  unit \"U{i}\" {{ parent = \"HQ\"  facing = front  customer_duty = \"Serve\" }}\n"
        ));
    }
    text.push_str("}\n");
    let waiver = "waivers:\n  - code: CC07\n    path: plan.cxp\n    reason: hiring profiles are being written\n";
    let run = |config: &str| {
        check(
            Cli::new().file("plan.cxp", &text),
            config,
            &["--select", "CC07", "plan.cxp"],
        )
    };
    let all = run(waiver);
    let waived = diagnostics(&all)
        .iter()
        .filter(|d| d["suppressed"] == true)
        .count();
    assert_eq!(waived, 10, "{}", texts(&all));
    let capped = run(&format!("limits:\n  diagnostics_per_file: 2\n{waiver}"));
    assert_eq!(diagnostics(&capped).len(), 3, "{}", texts(&capped));
    assert_eq!(
        capped.json()["summary"]["suppressed"],
        10,
        "{}",
        texts(&capped)
    );
}
