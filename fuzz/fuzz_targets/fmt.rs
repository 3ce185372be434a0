//! The formatter on every input that parses cleanly: its output must parse cleanly too,
//! to the same tree (spans aside), and formatting it again must change nothing.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some(text) = cxlint_fuzz::text_of(data) else {
        return;
    };
    let (_, tree, diags) = cxlint_fuzz::parse(&text);
    if !diags.is_empty() {
        return;
    }
    let once = cxlint::format::format(&text, &tree);
    let (_, tree_once, diags_once) = cxlint_fuzz::parse(&once);
    assert!(
        diags_once.is_empty(),
        "formatted text does not parse: {}\n--- input ---\n{text}\n--- formatted ---\n{once}",
        diags_once[0].message
    );
    assert!(
        cxlint_fuzz::without_spans(&tree) == cxlint_fuzz::without_spans(&tree_once),
        "formatting changed the meaning\n--- input ---\n{text}\n--- formatted ---\n{once}"
    );
    let before = cxlint_fuzz::comment_places(&text, &tree);
    let after = cxlint_fuzz::comment_places(&once, &tree_once);
    assert!(
        before == after,
        "formatting lost a comment or moved it to another block or line\n--- input ---\n{text}\n--- formatted ---\n{once}\n--- before ---\n{before:?}\n--- after ---\n{after:?}"
    );
    let twice = cxlint::format::format(&once, &tree_once);
    assert!(
        once == twice,
        "formatting is not idempotent\n--- input ---\n{text}\n--- once ---\n{once}\n--- twice ---\n{twice}"
    );
});
