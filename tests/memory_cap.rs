//! Memory under the per-file cap (limits.diagnostics_per_file), measured by counting the
//! bytes allocated and not yet freed: a number that does not depend on the machine.
//! Findings past the cap are not held, so a plan with tens of thousands of findings
//! needs much less memory under the default cap than under the highest one; and memory
//! grows in proportion to the plan.

use cxlint::engine::RuleSet;
use cxlint::files::Nowhere;
use cxlint::lint::{self, Options, Scope};

mod counting;

#[global_allocator]
static ALLOCATOR: counting::Counting = counting::Counting;

/// A plan with `units` front-line units and nothing else: each gets findings (no hiring
/// profile, no training), about two per unit.
fn plan(units: usize) -> String {
    let mut text = String::from(
        "programme \"Many\" {\n  currency = USD\n  unit \"Root\" { facing = back  customer_duty = \"Lead\" }\n",
    );
    for i in 0..units {
        text.push_str(&format!(
            "  unit \"U{i}\" {{ parent = \"Root\"  facing = front  customer_duty = \"Serve region {i}\" }}\n"
        ));
    }
    text.push_str("}\n");
    text
}

/// Peak bytes held while linting `text` under `cap`, above what was held before; and the
/// number of diagnostics reported.
fn peak(rules: &RuleSet, text: &str, cap: usize) -> (usize, usize) {
    let mut config = cxlint::config::Config::default();
    config.limits.diagnostics_per_file = cap;
    let opts = Options::as_of(cxlint::value::Date::new(2027, 1, 1).unwrap());
    let scope = Scope {
        rules,
        config: &config,
    };
    let (peak, report) = counting::peak_during(|| {
        lint::run_documents(&[("many.cxp", text.as_bytes())], &Nowhere, scope, &opts)
    });
    (peak, report.diagnostics.len())
}

// One test in this binary, so no other test allocates while it measures.
#[test]
fn findings_past_the_cap_are_not_held() {
    let rules = RuleSet::builtin();
    let text = plan(20_000);
    let (capped, shown) = peak(&rules, &text, 1_000);
    let (all, shown_all) = peak(&rules, &text, 100_000);
    eprintln!("20,000 units: {capped} bytes under the cap, {all} with every finding kept");
    assert_eq!(
        shown, 1_001,
        "1,000 findings and the one that counts the rest"
    );
    assert!(shown_all > 30_000, "{shown_all} findings");
    assert!(
        capped * 10 < all * 7,
        "under the cap {capped} bytes, with every finding kept {all} bytes"
    );

    // In proportion to the plan: four times the units, at most about four times the bytes.
    let (small, _) = peak(&rules, &plan(5_000), 1_000);
    assert!(
        capped < small * 5,
        "5,000 units: {small} bytes; 20,000 units: {capped} bytes"
    );

    // The same for errors of the plan language: 40,000 unknown blocks.
    let mut text = String::from("programme \"Errors\" {\n  currency = USD\n");
    for _ in 0..40_000 {
        text.push_str("  x {}\n");
    }
    text.push_str("}\n");
    let (capped, shown) = peak(&rules, &text, 1_000);
    let (all, shown_all) = peak(&rules, &text, 100_000);
    eprintln!("40,000 errors: {capped} bytes under the cap, {all} with every error kept");
    assert_eq!((shown, shown_all), (1_001, 40_000));
    assert!(
        capped * 10 < all * 5,
        "under the cap {capped} bytes, with every error kept {all} bytes"
    );
}
