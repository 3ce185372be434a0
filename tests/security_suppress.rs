//! Allow comments and waivers cost in proportion to the plan and the configuration, not
//! to their product (docs/security.md, "Bounded time and memory"). The measure is the
//! number of (allow, diagnostic) and (waiver, finding) pairs examined
//! (`suppress::pairs_examined`), counted on the calling thread, so it does not depend on
//! the machine: from N to 4N it must grow about 4 times (a product grows 16 times).

use std::sync::Arc;

use cxlint::diagnostic::{Diagnostic, Severity};
use cxlint::engine::RuleSet;
use cxlint::source::SourceFile;
use cxlint::suppress::{self, Known};

/// A plan of `n` units, each under its own allow comment, and one FM01 finding per unit.
fn allows_and_findings(n: usize) -> (Vec<Diagnostic>, Vec<suppress::Allow>) {
    let mut text =
        String::from("programme \"P\" {\n  currency = USD\n  unit \"Top\" { facing = back }\n");
    for i in 0..n {
        text.push_str(&format!(
            "  # cxlint: allow FM01 -- accepted {i}\n  unit \"U{i}\" {{ parent = \"Top\"  facing = front }}\n"
        ));
    }
    text.push_str("}\n");
    let outcome = cxlint::model::build::load_text("p.cxp", &text);
    let messages: Vec<&String> = outcome.diagnostics.iter().map(|d| &d.message).collect();
    assert!(messages.is_empty(), "{messages:?}");
    let programme = outcome.programmes.into_iter().next().expect("a programme");
    let file: Arc<SourceFile> = programme.files[0].clone();
    let diags: Vec<Diagnostic> = file
        .text
        .match_indices("unit \"U")
        .map(|(at, _)| {
            Diagnostic::new(
                "FM01",
                "culture-of-new",
                Severity::Error,
                &file,
                at..at + 4,
                "x",
            )
        })
        .collect();
    assert_eq!(diags.len(), n);
    assert_eq!(programme.allows.len(), n);
    (diags, programme.allows)
}

fn allow_work(n: usize) -> u64 {
    let (mut diags, allows) = allows_and_findings(n);
    let rules = RuleSet::builtin();
    let codes: Vec<&str> = rules.rules().iter().map(|r| r.code.as_str()).collect();
    let groups: Vec<&str> = rules.rules().iter().map(|r| r.group.as_str()).collect();
    let known = Known {
        codes: &codes,
        groups: &groups,
    };
    let before = suppress::pairs_examined();
    suppress::apply_allows(&mut diags, &allows, &|_| true, &known, false);
    let work = suppress::pairs_examined() - before;
    // Every finding is suppressed by its own allow, and no allow is unused.
    assert!(diags.iter().all(|d| d.suppressed.is_some()));
    assert_eq!(diags.len(), n);
    work
}

/// Issue: allow comments were matched allows × diagnostics: 40,000 units with allow
/// comments took 24 s, 80,000 took 95 s.
#[test]
fn allow_comments_cost_in_proportion() {
    let (small, large) = (allow_work(500), allow_work(2_000));
    assert!(small > 0);
    assert!(
        large <= small * 5,
        "pairs examined: {small} for 500 allows, {large} for 2,000"
    );
}

fn waiver_work(n: usize) -> u64 {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let mut yaml = String::from("waivers:\n");
    for i in 0..n {
        yaml.push_str(&format!(
            "  - code: FM06\n    path: p.cxp\n    block: 'pay_plan \"Plan {i}\"'\n    reason: accepted {i}\n"
        ));
    }
    let rules = RuleSet::builtin();
    let file = SourceFile::new("cxlint.yaml", yaml);
    let parsed = cxlint::config::parse(&file).expect("YAML");
    let config = cxlint::config::load(&parsed, dir.path(), &rules).expect("a configuration");
    assert_eq!(config.waivers.len(), n);
    let plan = SourceFile::new(dir.path().join("p.cxp").display().to_string(), "x\n");
    std::fs::write(dir.path().join("p.cxp"), "x\n").expect("write the plan");
    let mut diags: Vec<Diagnostic> = (0..n)
        .map(|i| {
            Diagnostic::new("FM06", "pay-for-revenue", Severity::Error, &plan, 0..1, "x")
                .with_block(format!("pay_plan \"Plan {i}\""))
        })
        .collect();
    let today = cxlint::value::Date::new(2027, 1, 1).expect("a day");
    let before = suppress::pairs_examined();
    suppress::apply_waivers(&mut diags, &config, today);
    let work = suppress::pairs_examined() - before;
    assert!(diags.iter().all(|d| d.suppressed.is_some()));
    work
}

/// Issue: waivers were matched waivers × findings: 20,000 waivers against 20,000
/// findings took 60 s.
#[test]
fn waivers_cost_in_proportion() {
    let (small, large) = (waiver_work(500), waiver_work(2_000));
    assert!(small > 0);
    assert!(
        large <= small * 5,
        "pairs examined: {small} for 500 waivers, {large} for 2,000"
    );
}
