//! Memory of `cxlint fmt`, measured by counting the bytes allocated and not yet freed (a
//! number that does not depend on the machine): formatting a plan holds its text once,
//! its syntax tree and the formatted copy, a small multiple of the plan, and grows in
//! proportion to it. A plan near the 64 MiB limit must not need gigabytes.

mod counting;

#[global_allocator]
static ALLOCATOR: counting::Counting = counting::Counting;

/// A plan of `units` units written one attribute per line, as people write them, but
/// laid out badly (so `fmt` has to rewrite it): the most items per byte a real plan has.
fn plan(units: usize) -> String {
    let mut text = String::from("programme \"Many\" {\ncurrency = USD\n");
    for i in 0..units {
        text.push_str(&format!(
            "unit \"Unit {i}\" {{\nparent = \"Unit {}\"\nheadcount = {}\nfacing = front\ncustomer_duty = \"Answers for region {i}\"\n}}\n\n",
            i / 2,
            100 + i % 300
        ));
    }
    text.push_str("}\n");
    text
}

/// Peak bytes held by `cxlint fmt --check` on `text`, above what was held before.
fn peak(dir: &std::path::Path, text: &str) -> usize {
    let path = dir.join("plan.cxp");
    std::fs::write(&path, text).unwrap();
    let args = ["cxlint", "fmt", "--check", path.to_str().unwrap()].map(std::ffi::OsString::from);
    let (peak, code) = counting::peak_during(|| cxlint::cli::main_from(args));
    assert_eq!(code, 1, "the plan is laid out badly: fmt --check finds it");
    peak
}

// One test in this binary, so no other test allocates while it measures.
#[test]
fn fmt_holds_a_small_multiple_of_the_plan() {
    let dir = tempfile::tempdir().unwrap();
    let small = plan(10_000);
    let large = plan(40_000);
    let (p_small, p_large) = (peak(dir.path(), &small), peak(dir.path(), &large));
    let ratio = |p: usize, t: &str| p as f64 / t.len() as f64;
    eprintln!(
        "{} bytes: {p_small} bytes held ({:.1}x); {} bytes: {p_large} bytes held ({:.1}x)",
        small.len(),
        ratio(p_small, &small),
        large.len(),
        ratio(p_large, &large)
    );
    // Text, tree and formatted copy: under ten times the plan (it was 13.1 times, and
    // this test failed, when the text was held three times and every name had its own
    // allocation).
    assert!(
        ratio(p_large, &large) < 10.0,
        "{p_large} bytes held for a plan of {} bytes",
        large.len()
    );
    // In proportion: four times the plan, at most about four times the bytes.
    assert!(
        p_large < p_small * 9 / 2,
        "{p_small} bytes for the plan, {p_large} for four times the plan"
    );
}
