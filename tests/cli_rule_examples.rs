//! The human output of each built-in rule's first bad example, linted with `--select CODE`:
//! what a strategist reads when the rule fires.

mod cli_support;

use cli_support::Cli;
use cxlint::engine::{wrap, RuleSet};

#[test]
fn every_rule_first_bad_example() {
    let rules = RuleSet::builtin();
    let mut failures = Vec::new();
    for meta in rules.rules() {
        let code = meta.code.clone();
        let (bad, _good) = rules.examples(&code);
        let Some(first) = bad.first() else {
            failures.push(format!("{code} has no bad example"));
            continue;
        };
        let out = Cli::new()
            .file("example.cxp", &wrap(first))
            .args(&["check", "--color", "never", "--fail-on", "never"])
            .args(&["--select", &code, "example.cxp"])
            .run();
        if out.code != 0 || !out.stdout.contains(&format!("{code}(")) {
            failures.push(format!("{code} did not fire cleanly:\n{}", out.render()));
        }
        insta::assert_snapshot!(code, out.render());
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
