//! The built-in rules: they load, and each carries what users and the test command need.

use cxlint::engine::RuleSet;

#[test]
fn builtin_rules_load_without_errors() {
    if let Err(errors) = RuleSet::builtin_checked() {
        for e in &errors {
            let (l, c) = e.start();
            eprintln!("{}:{}:{}: {} ({:?})", e.file.path, l, c, e.message, e.help);
        }
        panic!("{} problems in the built-in rules", errors.len());
    }
}

#[test]
fn every_builtin_example_passes() {
    let set = RuleSet::builtin();
    let results = set.run_examples(None);
    let mut failed = 0;
    for r in &results {
        if !r.passed {
            failed += 1;
            eprintln!(
                "{} {} example {}: {:?}",
                r.code,
                r.kind.as_str(),
                r.index,
                r.problems
            );
            for d in &r.diagnostics {
                let (l, c) = d.start();
                eprintln!("    {}:{}:{}: {} {}", d.file.path, l, c, d.code, d.message);
            }
        }
    }
    assert_eq!(failed, 0, "{failed} of {} examples failed", results.len());
}

#[test]
fn examples_are_counted() {
    let set = RuleSet::builtin();
    let results = set.run_examples(None);
    let bad = results
        .iter()
        .filter(|r| r.kind == cxlint::engine::ExampleKind::Bad)
        .count();
    assert!(bad >= 30, "only {bad} bad examples ran");
    assert_eq!(set.rules().len(), 30);
}
