//! The parser on arbitrary bytes: it must not panic, and every span it reports (in the
//! tree and in diagnostics) must lie inside the text on character boundaries.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some(text) = cxlint_fuzz::text_of(data) else {
        return;
    };
    let (_, tree, diags) = cxlint_fuzz::parse(&text);
    cxlint_fuzz::assert_tree(&text, &tree, &tree.items);
    cxlint_fuzz::assert_diagnostics(&text, &diags);
    // The parser stops after 100 syntax errors in a file (`limits.syntax_errors`, by default; src/limits.rs).
    assert!(diags.len() <= 100, "{} syntax errors reported", diags.len());
    let _ = cxlint::syntax::comments(&text);
});
