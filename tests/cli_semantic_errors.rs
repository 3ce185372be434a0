//! Each E code, E001 to E015, from a small plan: its human rendering and its JSON output.

mod cli_support;

use cli_support::Cli;

/// Lint `plan.cxp` (and whatever else `cli` holds) and snapshot both renderings.
fn check(name: &str, cli: Cli) {
    let cli = cli.args(&["check", "--color", "never", "plan.cxp"]);
    let human = cli.run();
    assert_eq!(human.code, 1, "{name} should fail:\n{}", human.render());
    assert!(
        human.stdout.contains(&name[..4].to_uppercase())
            || human.stderr.contains(&name[..4].to_uppercase()),
        "{name} not reported:\n{}",
        human.render()
    );
    insta::assert_snapshot!(format!("{name}_human"), human.render());
    let json = cli.run_with(&["--format", "json"]);
    assert_eq!(json.code, 1);
    insta::assert_json_snapshot!(format!("{name}_json"), json.json());
}

fn plan(text: &str) -> Cli {
    Cli::new().file("plan.cxp", text)
}

#[test]
fn e001_syntax_error() {
    check(
        "e001",
        plan(
            r#"programme "Typos" {
  currency = USD
  unit "Care" {
    facing front
  }
}
"#,
        ),
    );
}

#[test]
fn e002_unknown_name() {
    check(
        "e002",
        plan(
            r#"programme "Unknowns" {
  currency = USD
  unit "Care" {
    facing = front
    colour = "blue"
  }
}
"#,
        ),
    );
}

#[test]
fn e003_wrong_type() {
    check(
        "e003",
        plan(
            r#"programme "Types" {
  currency = USD
  unit "Care" {
    facing    = front
    headcount = "forty"
  }
}
"#,
        ),
    );
}

#[test]
fn e004_unknown_choice() {
    check(
        "e004",
        plan(
            r#"programme "Enums" {
  currency = USD
  unit "Care" {
    facing = frontline
  }
}
"#,
        ),
    );
}

#[test]
fn e005_duplicate() {
    check(
        "e005",
        plan(
            r#"programme "Duplicates" {
  currency = USD
  unit "Company" { facing = back }
  unit "Care" { parent = "Company"  facing = front }
  unit "Care" { parent = "Company"  facing = back }
}
"#,
        ),
    );
}

#[test]
fn e006_unknown_reference() {
    check(
        "e006",
        plan(
            r#"programme "References" {
  currency = USD
  segment "Families" { stance = serve }
  relationship "Family for life" {
    segment = "Famlies"
    horizon = 5 years
  }
}
"#,
        ),
    );
}

#[test]
fn e007_org_chart_cycle() {
    check(
        "e007",
        plan(
            r#"programme "Loop" {
  currency = USD
  unit "Company" { facing = back }
  unit "North" {
    parent = "South"
    facing = back
  }
  unit "South" {
    parent = "North"
    facing = back
  }
}
"#,
        ),
    );
}

#[test]
fn e008_weights_not_100() {
    check(
        "e008",
        plan(
            r#"programme "Weights" {
  currency = USD
  unit "Sales" { facing = front }
  pay_plan "Over" {
    applies_to = "Sales"
    metric "A" { type = revenue  weight = 60% }
    metric "B" { type = retention  weight = 50% }
  }
}
"#,
        ),
    );
}

#[test]
fn e009_foreign_currency() {
    check(
        "e009",
        plan(
            r#"programme "Currencies" {
  currency = USD
  spend "Hosting" {
    category = technology
    amount   = 200k EUR
  }
}
"#,
        ),
    );
}

#[test]
fn e010_missing_required() {
    check(
        "e010",
        plan(
            r#"programme "Missing" {
  currency = USD
  unit "Care" { }
}
"#,
        ),
    );
}

#[test]
fn e011_include_error() {
    check(
        "e011",
        plan(
            r#"programme "Split" {
  currency = USD
  include "org/units.cxp"
}
"#,
        ),
    );
}

#[test]
fn e012_out_of_range() {
    check(
        "e012",
        plan(
            r#"programme "Ranges" {
  currency = USD
  unit "Care" {
    facing    = front
    headcount = -4
  }
}
"#,
        ),
    );
}

#[test]
fn e013_programme_count() {
    check(
        "e013",
        plan(
            r#"programme "One" { currency = USD }
programme "Two" { currency = USD }
"#,
        ),
    );
}

#[test]
fn e014_not_text() {
    check(
        "e014",
        Cli::new().bytes(
            "plan.cxp",
            b"programme \"Bytes\" {\n  currency = \"\xff\xfe\"\n}\n",
        ),
    );
}

#[test]
fn e015_hidden_characters() {
    // A right-to-left override inside a label and a zero-width space in a duty (twice on
    // one line: one finding per line).
    check(
        "e015",
        plan(
            "programme \"Hidden\" {\n  currency = USD\n  unit \"Care\u{202E}\" { facing = back }\n  unit \"Sales\" { facing = back  customer_duty = \"a\u{200B}b\u{200B}c\" }\n}\n",
        ),
    );
}

/// Every E code has its pair of snapshots here, so a new code cannot go untested.
#[test]
fn every_e_code_has_a_snapshot() {
    let missing: Vec<&str> = cxlint::codes::Code::ALL
        .iter()
        .map(|c| c.code())
        .filter(|c| c.starts_with('E'))
        .filter(|c| {
            let name = c.to_lowercase();
            ["human", "json"].iter().any(|kind| {
                !cli_support::crate_path(&format!(
                    "tests/snapshots/cli_semantic_errors__{name}_{kind}.snap"
                ))
                .is_file()
            })
        })
        .collect();
    assert!(missing.is_empty(), "no snapshot for {missing:?}");
}
