//! Building the model of a hostile plan: time and memory stay in proportion to the file.

use std::time::{Duration, Instant};

use cxlint::model::build::load_text;

/// `n` units with labels of `len` characters, each naming as parent a unit that does not
/// exist but whose name is as long.
fn long_unknown_references(n: usize, len: usize) -> String {
    let mut text = String::from("programme \"P\" {\n  currency = USD\n");
    for i in 0..n {
        text.push_str(&format!(
            "  unit \"{}{i}\" {{\n    facing = front\n    parent = \"{}{i}\"\n  }}\n",
            "A".repeat(len),
            "B".repeat(len)
        ));
    }
    text.push_str("}\n");
    text
}

#[test]
fn short_unknown_references_are_suggested_for_quickly() {
    let text = long_unknown_references(200, 8);
    let start = Instant::now();
    let outcome = load_text("t.cxp", &text);
    assert!(outcome.diagnostics.iter().any(|d| d.code == "E006"));
    assert!(start.elapsed() < Duration::from_secs(10));
}

/// Found by review while fuzzing `check`, confirmed with the fuzz build: "did you mean"
/// compares each unknown reference with every label by a full edit distance, which costs
/// the product of the two lengths. Ten units with 5,000-character labels and unknown
/// parents (a 100 KB file) take over two minutes to load (128 s in the fuzz build), 20 of
/// them (200 KB) five minutes: time out of proportion to the input. Expected: a distance
/// bounded by the largest edit that would still be suggested, or no suggestion for long
/// names.
#[test]
fn long_unknown_references_load_in_proportion() {
    let text = long_unknown_references(10, 5_000);
    let start = Instant::now();
    let outcome = load_text("t.cxp", &text);
    assert!(outcome.diagnostics.iter().any(|d| d.code == "E006"));
    assert!(
        start.elapsed() < Duration::from_secs(10),
        "took {:?}",
        start.elapsed()
    );
}
