//! `cxlint test [DIR…]`: run every rule's own examples; `N passed, N failed`.

use super::{TestArgs, FINDINGS, OK, TROUBLE};
use crate::engine::RuleSet;

pub fn run(a: TestArgs) -> i32 {
    let mut rules = RuleSet::builtin();
    let mut problems = Vec::new();
    for d in &a.dirs {
        if let Err(p) = rules.load_dir(d) {
            if p.is_empty() {
                eprintln!("cxlint: cannot load the rule pack {}", d.display());
            }
            problems.extend(p);
        }
    }
    if !problems.is_empty() {
        super::print_problems(&problems);
        return TROUBLE;
    }
    let results = rules.run_examples(None);
    let mut passed = 0;
    let mut failed = 0;
    for r in &results {
        if r.passed {
            passed += 1;
            continue;
        }
        failed += 1;
        outln!(
            "FAIL {} {} example {} ({})",
            r.code,
            r.kind.as_str(),
            r.index,
            r.source
        );
        for p in &r.problems {
            outln!("     {p}");
        }
        for d in &r.diagnostics {
            let (line, col) = d.start();
            outln!(
                "     line {line}:{col}: {}[{}] {}",
                d.severity.as_str(),
                d.code,
                d.message
            );
        }
    }
    outln!("{passed} passed, {failed} failed");
    if failed > 0 {
        FINDINGS
    } else {
        OK
    }
}
