//! The built-in rules cost in proportion to the programme: the same programme at N and 4N
//! times its blocks takes about 4 times the evaluation steps (a count that does not
//! depend on the machine), not 16. Rules that look, for every block, through a list of
//! the whole programme (every hiring profile for every unit, every training initiative
//! for every unit) made it quadratic: parts that are the same for every block are now
//! computed once (rulelang::ir::Hoister) and a membership test against such a list is
//! one lookup.

use std::collections::BTreeMap;

use cxlint::diagnostic::Severity;
use cxlint::engine::{RuleSet, RuleSettings};
use cxlint::limits::Limits;
use cxlint::model::build::load_text;

/// The programme in tests/data/scaling with the blocks below its marker repeated
/// `copies` times, every quoted text but the top unit's numbered by copy.
fn programme(copies: usize) -> String {
    let base = include_str!("data/scaling/programme.cxp");
    let (head, body) = base
        .split_once("  # repeated from here\n")
        .expect("the marker");
    let body = body
        .trim_end()
        .strip_suffix('}')
        .expect("the closing brace");
    let mut text = head.to_string();
    for copy in 0..copies {
        let mut quoted = false;
        let mut current = String::new();
        for c in body.chars() {
            if c == '"' {
                if quoted {
                    text.push_str(&current);
                    if current != "HQ" {
                        text.push_str(&format!(" {copy}"));
                    }
                    current.clear();
                }
                quoted = !quoted;
                text.push(c);
            } else if quoted {
                current.push(c);
            } else {
                text.push(c);
            }
        }
    }
    text.push_str("}\n");
    text
}

fn steps(copies: usize) -> (u64, usize) {
    let outcome = load_text("scaled.cxp", &programme(copies));
    assert!(
        outcome.diagnostics.is_empty(),
        "{copies} copies: {:?}",
        outcome.diagnostics.first().map(|d| &d.message)
    );
    let rules = RuleSet::builtin();
    let on = |_: &str| {
        Some(RuleSettings {
            severity: Severity::Warning,
            params: BTreeMap::new(),
        })
    };
    let mut findings = 0;
    let mut unfinished = Vec::new();
    let used = rules.evaluate_into(&outcome.programmes[0], &on, &Limits::default(), &mut |d| {
        findings += 1;
        if d.message.contains("evaluation steps") {
            unfinished.push(d.code.clone());
        }
    });
    assert!(
        unfinished.is_empty(),
        "{copies} copies: {unfinished:?} did not finish"
    );
    (used, findings)
}

#[test]
fn every_rule_together_grows_linearly_with_the_programme() {
    let (small, found_small) = steps(10);
    let (large, found_large) = steps(40);
    assert!(found_small > 0 && found_large > found_small);
    let ratio = large as f64 / small as f64;
    println!("steps: {small} at 10 copies, {large} at 40 ({ratio:.2}x)");
    assert!(
        ratio < 4.6,
        "4 times the programme took {ratio:.2} times the steps ({small} -> {large})"
    );
}

/// Steps per rule at N and 4N, to find the rule that grows too fast:
/// `cargo test --test rules_scale -- --ignored --nocapture`.
#[test]
#[ignore]
fn per_rule() {
    let rules = RuleSet::builtin();
    let a = load_text("a.cxp", &programme(10));
    let b = load_text("b.cxp", &programme(40));
    for r in rules.rules() {
        let code = r.code.clone();
        let on = |c: &str| {
            (c == code).then(|| RuleSettings {
                severity: Severity::Warning,
                params: BTreeMap::new(),
            })
        };
        let x = rules.evaluate_into(&a.programmes[0], &on, &Limits::default(), &mut |_| {});
        let y = rules.evaluate_into(&b.programmes[0], &on, &Limits::default(), &mut |_| {});
        println!("{code} {x} {y} {:.2}", y as f64 / x.max(1) as f64);
    }
}
