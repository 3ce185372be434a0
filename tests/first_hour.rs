//! Values written the way people write them in documents, and quotes, encodings and
//! paths from other tools: each gives one error whose help names the exact text to
//! write, and that text, put in place of what was written, parses and type-checks.

use cxlint::model::build::load_text;

/// A GBP programme with one value left for the case to fill in, at `{}`.
const PLAN: &str = "programme \"Bank\" {\n  currency = GBP\n  updated  = 2026-11-01\n  unit \"HQ\" { facing = back }\n  pay_plan \"P\" {\n    applies_to = \"HQ\"\n    metric \"A\" { type = revenue  weight = 60% }\n    metric \"B\" { type = nps  weight = 40% }\n  }\n  listening \"L\" { channel = survey  trigger = event  every = 60 days }\n  spend \"S\" { category = technology  purpose = experience  amount = 10k GBP  date = 2027-03 }\n}\n";

/// `PLAN` with `from` replaced by `to` (once).
fn with(from: &str, to: &str) -> String {
    assert!(PLAN.contains(from), "{from}");
    PLAN.replacen(from, to, 1)
}

/// The E diagnostics of a plan: (code, message, help).
fn errors(text: &str) -> Vec<(String, String, String)> {
    load_text("plan.cxp", text)
        .diagnostics
        .into_iter()
        .filter(|d| d.code.starts_with('E'))
        .map(|d| (d.code.to_string(), d.message, d.help.unwrap_or_default()))
        .collect()
}

/// The first text in backticks of a help line.
fn suggestion(help: &str) -> String {
    help.split('`').nth(1).unwrap_or_default().to_string()
}

#[test]
fn each_common_mistake_gets_one_error_and_a_suggestion_that_works() {
    // (what the plan holds, what the user wrote instead, the suggestion expected)
    let cases = [
        ("every = 60 days", "every = 3 yrs", "3 years"),
        ("every = 60 days", "every = 2 minutes", "1 day"),
        (
            "updated  = 2026-11-01",
            "updated  = 15/03/2027",
            "2027-03-15",
        ),
        ("updated  = 2026-11-01", "updated  = March 2027", "2027-03"),
        (
            "updated  = 2026-11-01",
            "updated  = \"2027-03-15\"",
            "2027-03-15",
        ),
        ("amount = 10k GBP", "amount = 900,000 GBP", "900000 GBP"),
        ("amount = 10k GBP", "amount = 900000", "900000 GBP"),
        ("amount = 10k GBP", "amount = 900 gbp", "900 GBP"),
        ("weight = 40%", "weight = 0.4", "40%"),
        ("weight = 40%", "weight = 40 %", "40%"),
        ("weight = 40%", "weight = 40", "40%"),
    ];
    for (good, bad, expected) in cases {
        let broken = with(good, bad);
        let found = errors(&broken);
        assert_eq!(found.len(), 1, "{bad}: {found:?}");
        let (_, message, help) = &found[0];
        let fix = suggestion(help);
        assert_eq!(fix, expected, "{bad}: {message} / {help}");
        let key = good.split('=').next().unwrap_or_default();
        let fixed = with(good, &format!("{key}= {fix}"));
        assert!(
            errors(&fixed).is_empty(),
            "{bad} -> {fix}: {:?}",
            errors(&fixed)
        );
    }
}

#[test]
fn magnitudes_quotes_encodings_and_paths() {
    let found = errors(&with("amount = 10k GBP", "amount = 900K GBP"));
    assert!(found[0].2.contains("`900k`"), "{found:?}");
    let found = errors(&with("amount = 10k GBP", "amount = 0.9m GBP"));
    assert!(found[0].2.contains("`0.9M`"), "{found:?}");
    let found = errors(&with("unit \"HQ\"", "unit “HQ”"));
    assert!(found[0].2.contains("`\"HQ\"`"), "{found:?}");
    let found = errors(&with("unit \"HQ\"", "unit 'HQ'"));
    assert!(found[0].2.contains("`\"HQ\"`"), "{found:?}");
    let found = errors(&with(
        "  updated",
        "  include \"org\\units.cxp\"\n  updated",
    ));
    assert!(
        found.iter().any(|e| e.1.contains("`\"org/units.cxp\"`")),
        "{found:?}"
    );
}

#[test]
fn a_utf16_file_is_named_as_such() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("plan.cxp");
    let mut bytes = vec![0xFF, 0xFE];
    for u in "programme \"P\" {}\n".encode_utf16() {
        bytes.extend(u.to_le_bytes());
    }
    std::fs::write(&path, bytes).unwrap();
    let out = cxlint::model::build::load(&[cxlint::files::FileInput {
        display: "plan.cxp".into(),
        path,
    }]);
    let d = &out.diagnostics[0];
    assert_eq!(d.code, "E014");
    assert!(d.message.contains("UTF-16"), "{}", d.message);
    assert!(d.help.as_deref().unwrap_or("").contains("UTF-8"));
}

mod cli_support;

/// One typo stops the rules on its programme: the summary says so, so that "1 error" is
/// not read as "the plan is fine but for one thing".
#[test]
fn the_summary_says_the_rules_did_not_run() {
    let out = cli_support::Cli::new()
        .file("plan.cxp", &with("facing = back", "facing = bak"))
        .run_with(&["check", "--color", "never", "plan.cxp"]);
    assert_eq!(out.code, 1);
    assert!(
        out.stdout
            .contains("the rules did not run on 1 programme because of the errors above"),
        "{}",
        out.render()
    );
}

/// Codes are accepted in any case on the command line.
#[test]
fn select_takes_codes_in_lower_case() {
    let cli = cli_support::Cli::new().copy("examples/saas-growth.cxp", "plan.cxp");
    let lower = cli.run_with(&[
        "check", "--format", "compact", "--select", "fm01", "plan.cxp",
    ]);
    let upper = cli.run_with(&[
        "check", "--format", "compact", "--select", "FM01", "plan.cxp",
    ]);
    assert_eq!(lower.code, 1, "{}", lower.render());
    assert_eq!(lower.render(), upper.render());
}

/// Every block of `items`, depth first.
fn blocks(
    tree: &cxlint::syntax::ast::File,
    items: &[cxlint::syntax::ast::Item],
    out: &mut Vec<cxlint::syntax::ast::Block>,
) {
    for i in items {
        if let cxlint::syntax::ast::Item::Block(b) = i {
            let b = tree.block(*b);
            out.push(b.clone());
            blocks(tree, tree.items_of(b), out);
        }
    }
}

/// Removing any one brace of the example plans gives at most three diagnostics, one of
/// them on the line of the block whose brace is missing, instead of a cascade.
#[test]
fn one_missing_brace_gives_one_clear_error() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut plans = Vec::new();
    for entry in walkdir::WalkDir::new(root.join("examples")) {
        let entry = entry.unwrap();
        if entry.path().extension().is_some_and(|e| e == "cxp") {
            plans.push(entry.path().to_path_buf());
        }
    }
    assert!(plans.len() >= 3);
    let mut checked = 0;
    let mut failures = Vec::new();
    for plan in &plans {
        let text = std::fs::read_to_string(plan).unwrap();
        let file = cxlint::source::SourceFile::new("plan.cxp", text.clone());
        let (tree, _) = cxlint::syntax::parse(&file);
        let mut all = Vec::new();
        blocks(&tree, &tree.items, &mut all);
        for block in &all {
            let open = text[block.header.end..]
                .find('{')
                .map(|i| block.header.end + i);
            let close = block.span.end - 1;
            for at in open.into_iter().chain([close]) {
                let mut broken = text.clone();
                broken.remove(at);
                // The mutated file with the other files of its folder (fragments).
                let dir = tempfile::tempdir().unwrap();
                for other in plans.iter().filter(|p| p.parent() == plan.parent()) {
                    let body = if other == plan {
                        broken.clone()
                    } else {
                        std::fs::read_to_string(other).unwrap()
                    };
                    std::fs::write(dir.path().join(other.file_name().unwrap()), body).unwrap();
                }
                let inputs: Vec<cxlint::files::FileInput> = std::fs::read_dir(dir.path())
                    .unwrap()
                    .map(|e| {
                        let path = e.unwrap().path();
                        cxlint::files::FileInput {
                            display: path.file_name().unwrap().to_string_lossy().into_owned(),
                            path,
                        }
                    })
                    .collect();
                let out = cxlint::model::build::load(&inputs);
                let name = plan.file_name().unwrap().to_string_lossy().into_owned();
                let header_line = file.line_col(block.header.start).0;
                // At the header, or (the file ending before the block is closed) naming it.
                let at_header = out.diagnostics.iter().any(|d| {
                    d.file.path == name
                        && (d.start().0 == header_line
                            || d.message.contains(&format!("(line {header_line})")))
                });
                checked += 1;
                if out.diagnostics.len() > 3 || !at_header {
                    failures.push(format!(
                        "{name}: without the `{}` at line {}: {:?}",
                        &text[at..at + 1],
                        file.line_col(at).0,
                        out.diagnostics
                            .iter()
                            .map(|d| format!("{}:{} {}", d.start().0, d.code, d.message))
                            .collect::<Vec<_>>()
                    ));
                }
            }
        }
    }
    assert!(checked > 100, "{checked}");
    assert!(
        failures.is_empty(),
        "{} of {checked} mutations:\n{}",
        failures.len(),
        failures[..failures.len().min(8)].join("\n")
    );
}

/// `init` decides nothing for the team: identity and customer role are left for them, its
/// placeholders are only where CM02 looks, and a first check passes (exit 0) while
/// listing what is still open.
#[test]
fn init_then_check_passes_and_lists_what_is_open() {
    let cli = cli_support::Cli::new();
    assert_eq!(cli.run_with(&["init", "plans"]).code, 0);
    let plan = cli.read("plans/programme.cxp");
    assert!(!plan.contains("identity      ="), "{plan}");
    let out = cli.run_with(&["check", "--format", "json", "plans"]);
    assert_eq!(out.code, 0, "{}", out.render());
    let json = out.json();
    let codes: Vec<&str> = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["code"].as_str().unwrap())
        .collect();
    for open in ["CC01", "CC02", "CM02", "CM01"] {
        assert!(codes.contains(&open), "{open} in {codes:?}");
    }
    assert!(
        json["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .all(|d| d["severity"] != "error"),
        "{}",
        out.render()
    );
}

/// Messages say "an initiative", "an executive", "a unit", as they are spoken.
#[test]
fn articles_follow_the_word() {
    let text = "programme \"P\" {\n  currency = USD\n  unit \"A\" { facing = back\n    executive \"X\" { background = sales }\n  }\n  initiative \"I\" { kind = training  colour = red }\n}\n";
    let messages: Vec<String> = errors(text).into_iter().map(|e| e.1).collect();
    assert!(
        messages.contains(&"an executive block cannot stand inside a unit block".to_string()),
        "{messages:?}"
    );
    assert!(
        messages.contains(&"an initiative has no attribute `colour`".to_string()),
        "{messages:?}"
    );
}

/// A pack rule with a money parameter (default `1M GBP`) whose examples are in GBP.
const SPEND_RULE: &str = "code: SP01
name: big-spend
group: budget
severity: warning
summary: a spend line above the limit
params:
  max_amount:
    type: money
    default: 1M GBP
    doc: the largest single spend line
help: split the spend or get it approved
explain: |
  Flags a spend line above the limit.
checks:
  - for: spend
    when: self.amount > max_amount
    at: self.amount
    message: 'spend {self.label} is {self.amount}; the limit is {max_amount}'
examples:
  currency: GBP
  bad:
    - |
      spend \"Big\" { category = technology  purpose = experience  amount = 2M GBP  date = 2027-03 }  # expect: SP01
  good:
    - |
      spend \"Small\" { category = technology  purpose = experience  amount = 10k GBP  date = 2027-03 }
";

/// A USD plan with one large spend line.
const USD_PLAN: &str = "programme \"Bank\" {\n  currency = USD\n  unit \"HQ\" { facing = back }\n  spend \"S\" { category = technology  purpose = experience  amount = 3M USD  date = 2027-03 }\n}\n";

/// A money parameter in another currency than a plan's stops the run (exit 2) with a
/// problem at the line the amount is written, naming the plan and both currencies; the
/// plan's own currency makes the rule fire.
#[test]
fn a_money_parameter_in_another_currency_stops_the_run() {
    let cli = cli_support::Cli::new()
        .file("pack/SP01-big-spend.yaml", SPEND_RULE)
        .file("plan.cxp", USD_PLAN)
        .file("cxlint.yaml", "rule_dirs: [pack]\n");
    let check = ["check", "--color", "never", "--select", "SP01", "plan.cxp"];
    // The rule file's default.
    let out = cli.run_with(&check);
    assert_eq!(out.code, 2, "{}", out.render());
    assert!(
        out.stderr.contains("SP01-big-spend.yaml:9:"),
        "{}",
        out.render()
    );
    for words in [
        "`max_amount` is 1M GBP",
        "\"Bank\"",
        "plan.cxp",
        "in USD",
        "SP01: { params: { max_amount: 1M USD } }",
    ] {
        assert!(out.stderr.contains(words), "{words}: {}", out.render());
    }
    // A value in cxlint.yaml: the problem is at its line there.
    let cli = cli.file(
        "cxlint.yaml",
        "rule_dirs: [pack]\nrules:\n  SP01:\n    params:\n      max_amount: 2M EUR\n",
    );
    let out = cli.run_with(&check);
    assert_eq!(out.code, 2, "{}", out.render());
    assert!(out.stderr.contains("cxlint.yaml:5:7"), "{}", out.render());
    assert!(out.stderr.contains("2M EUR"), "{}", out.render());
    // `report` says so too.
    let report = cli.run_with(&["report", "plan.cxp"]);
    assert_eq!(report.code, 2, "{}", report.render());
    assert!(report.stderr.contains("2M EUR"), "{}", report.render());
    // In an override for the plans in USD: the rule runs and fires.
    let cli = cli.file(
        "cxlint.yaml",
        "rule_dirs: [pack]\nrules:\n  SP01:\n    params:\n      max_amount: 2M EUR\noverrides:\n  - paths: [\"plan.cxp\"]\n    rules:\n      SP01: { params: { max_amount: 1M USD } }\n",
    );
    let out = cli.run_with(&check);
    assert_eq!(out.code, 0, "{}", out.render());
    assert!(out.stdout.contains("SP01(big-spend)"), "{}", out.render());
    // Turned off for the plan: nothing to say.
    let cli = cli.file("cxlint.yaml", "rule_dirs: [pack]\nrules:\n  SP01: off\n");
    assert_eq!(cli.run_with(&check).code, 0);
}

/// `examples: currency:` places a pack's examples in a programme of that currency; without
/// it (USD) the test says which line to add.
#[test]
fn a_packs_examples_declare_their_currency() {
    let cli = cli_support::Cli::new().file("pack/SP01-big-spend.yaml", SPEND_RULE);
    let out = cli.run_with(&["test", "pack"]);
    assert_eq!(out.code, 0, "{}", out.render());
    let cli = cli.file(
        "pack/SP01-big-spend.yaml",
        &SPEND_RULE
            .replace("  currency: GBP\n", "")
            .replace(" GBP  date", " USD  date"),
    );
    let out = cli.run_with(&["test", "pack"]);
    assert_eq!(out.code, 1, "{}", out.render());
    assert!(
        out.render()
            .contains("write `currency: GBP` under `examples:`"),
        "{}",
        out.render()
    );
    let cli = cli.file(
        "pack/SP01-big-spend.yaml",
        &SPEND_RULE.replace("currency: GBP", "currency: gbp"),
    );
    let out = cli.run_with(&["test", "pack"]);
    assert_eq!(out.code, 2, "{}", out.render());
    assert!(out.render().contains("`currency: GBP`"), "{}", out.render());
}

/// An error in a waiver's `expires` points at `expires`, not at the waiver.
#[test]
fn a_bad_expiry_points_at_expires() {
    let cli = cli_support::Cli::new()
        .file("plan.cxp", USD_PLAN)
        .file(
            "cxlint.yaml",
            "waivers:\n  - code: FM10\n    path: plan.cxp\n    reason: agreed with finance\n    expires: 2027-13-45\n  - { code: FM10, path: plan.cxp, reason: agreed, expires: soon }\n",
        );
    let out = cli.run_with(&["check", "--color", "never", "plan.cxp"]);
    assert_eq!(out.code, 2, "{}", out.render());
    assert!(out.stderr.contains("cxlint.yaml:5:5]"), "{}", out.render());
    assert!(out.stderr.contains("cxlint.yaml:6:51]"), "{}", out.render());
    assert!(
        out.stderr.contains("`expires: 2027-13-45` is not a date"),
        "{}",
        out.render()
    );
}

/// The human output wraps a message or help at the terminal's width, but never inside a
/// `code span`: what it tells the reader to write stays on one line.
#[test]
fn wrapping_never_breaks_a_code_span() {
    use cxlint::diagnostic::{Diagnostic, Severity};
    use cxlint::output::human::{render_items, Style};
    let file = cxlint::source::SourceFile::new("plan.cxp", "unit \"HQ\" { facing = back\n");
    let spans = [
        "`customer_duty = \"what the unit owes the customer\"`",
        "`}`",
        "`reap-what-you-sow`",
        "`org/units.cxp`",
    ];
    let help = format!(
        "give the unit a {} and close it with {} at the end; see {} and include {} once",
        spans[0], spans[1], spans[2], spans[3]
    );
    let d = Diagnostic::new(
        "E001",
        "syntax-error",
        Severity::Error,
        &file,
        0..4,
        format!(
            "the block is not closed: add {} after {}",
            spans[1], spans[0]
        ),
    )
    .with_help(help);
    for width in 62..=120 {
        let text = render_items(
            std::slice::from_ref(&d),
            Style {
                color: false,
                width,
            },
        );
        for span in spans {
            assert_eq!(
                text.matches(span).count(),
                if span == "`}`" || span == spans[0] {
                    2
                } else {
                    1
                },
                "width {width}: {span} cut:\n{text}"
            );
        }
        assert!(
            text.lines().all(|l| l.chars().count() <= width),
            "width {width}:\n{text}"
        );
    }
}

/// Every E and S code has an explanation with an example, and cxlint really reports the
/// code on that example, on a line the example marks (or, for a file that ends too soon,
/// at its end).
#[test]
fn every_code_is_explained_with_an_example_that_produces_it() {
    use cxlint::codes::{example_text, Code};
    for c in Code::ALL {
        let e = c
            .explained()
            .unwrap_or_else(|| panic!("{} has no explanation", c.code()));
        for part in [&e.means, &e.why, &e.example, &e.fix] {
            assert!(!part.trim().is_empty(), "{}", c.code());
        }
        let text = example_text(&e.example);
        let mut cli = cli_support::Cli::new();
        cli = match e.saved_as.as_deref() {
            Some("UTF-16") => {
                let mut bytes = vec![0xFF, 0xFE];
                for u in text.encode_utf16() {
                    bytes.extend(u.to_le_bytes());
                }
                cli.bytes("plan.cxp", &bytes)
            }
            Some(other) => panic!("{}: no test for files saved as {other}", c.code()),
            None => cli.file("plan.cxp", &text),
        };
        if let Some(config) = &e.config {
            cli = cli.file("cxlint.yaml", config);
        }
        let out = cli.run_with(&["check", "--format", "json", "plan.cxp"]);
        let json = out.json();
        let lines: Vec<u64> = json["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|d| d["code"] == c.code())
            .map(|d| d["line"].as_u64().unwrap_or(0))
            .collect();
        assert!(!lines.is_empty(), "{}: {}", c.code(), out.render());
        let marked = cxlint::engine::expected_lines(&text, c.code());
        let end = text.lines().count() as u64 + 1;
        assert!(
            lines.iter().any(|l| marked.contains(&(*l as usize))
                || (marked.is_empty() && *l == 1)
                || *l == end),
            "{}: reported on {lines:?}, marked {marked:?}",
            c.code()
        );
    }
}

/// FM10's two findings each get the help that fits them: the tool bought before its
/// requirements, and more spent on technology than on people.
#[test]
fn fm10_gives_each_finding_its_own_help() {
    let rules = cxlint::engine::RuleSet::builtin();
    let (bad, _) = rules.examples("FM10");
    let outcome = load_text("plan.cxp", &cxlint::engine::wrap(&bad[0]));
    let only = |c: &str| {
        (c == "FM10").then(|| cxlint::engine::RuleSettings {
            severity: cxlint::diagnostic::Severity::Error,
            params: Default::default(),
        })
    };
    let found = rules.evaluate(&outcome.programmes[0], &only);
    let help_of = |words: &str| {
        found
            .iter()
            .find(|d| d.message.contains(words))
            .and_then(|d| d.help.clone())
            .unwrap_or_else(|| panic!("{words}: {found:?}"))
    };
    let tool = help_of("before its requirements are signed off");
    let people = help_of("more than the");
    assert!(
        tool.contains("`requirements`") && !tool.contains("people"),
        "{tool}"
    );
    assert!(
        people.contains("people") && !people.contains("requirements"),
        "{people}"
    );
}

/// The README's tour shows real output: every `console` block (a `$ cxlint …` line, then
/// what it prints) is run on the examples at the test width (100 columns) and compared
/// line for line. Only what changes by design is normalised: the version and the
/// fingerprint of the rule set. The run over all of `examples/` exits 1, as the README
/// says, because the telecom plan has errors.
#[test]
fn the_readme_tour_matches_real_output() {
    let readme = std::fs::read_to_string(cli_support::crate_path("README.md")).unwrap();
    let cli = cli_support::Cli::new().copy_dir("examples", "examples");
    let normalise = |text: &str| -> String {
        text.lines()
            .map(|line| {
                if line.starts_with("- **cxlint version:**") {
                    "- **cxlint version:** [version]".to_string()
                } else if let Some(at) = line.find("SHA-256 ") {
                    format!("{}SHA-256 [fingerprint]", &line[..at])
                } else {
                    line.trim_end().to_string()
                }
            })
            .collect::<Vec<_>>()
            .join("\n")
    };
    let mut shown = 0;
    let mut rest = readme.as_str();
    while let Some(at) = rest.find("```console\n") {
        let block = &rest[at + "```console\n".len()..];
        let end = block.find("```").expect("a closed block");
        let (command, expected) = block[..end].split_once('\n').expect("a command line");
        rest = &block[end + 3..];
        let args: Vec<&str> = command
            .strip_prefix("$ cxlint ")
            .expect("a block starts with `$ cxlint`")
            .split_whitespace()
            .collect();
        let out = cli.run_with(&args);
        assert_eq!(
            normalise(expected),
            normalise(&out.stdout),
            "`{command}` prints something else than the README shows"
        );
        shown += 1;
    }
    assert!(shown >= 2, "{shown}");
    assert!(readme.contains("it exits 1\nbecause the telecom plan has real problems"));
    let all = cli.run_with(&["check", "--format", "json", "examples"]);
    assert_eq!(all.code, 1, "{}", all.render());
    let json = all.json();
    assert!(json["diagnostics"].as_array().unwrap().iter().any(|d| {
        d["severity"] == "error"
            && d["file"]
                .as_str()
                .is_some_and(|f| f.contains("telecom-cost-cutting"))
    }));
}
