//! The rule language's parser (expressions in `when`, `let`, `at`, message templates and
//! parameter literals) on arbitrary text: no panic, spans inside the text.
#![no_main]

use cxlint::rulelang::ast;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(expr) = ast::parse(text, 0, &|o: usize| o) {
        cxlint_fuzz::assert_span(text, &expr.pos.span, "expression");
    }
    let _ = ast::parse_literal(text);
    let _ = cxlint::rulelang::parse_template(text, |t: &str, at: usize| {
        ast::parse(t, 0, &move |o: usize| o + at)
    });
    // Offsets of a scalar's value in its file: split the input into the two.
    let cut = text.len() / 2;
    if text.is_char_boundary(cut) {
        let map = cxlint::rulelang::align(&text[cut..], text, cut / 2);
        assert!(
            map.iter().all(|&o| o <= text.len()),
            "offset beyond the file"
        );
    }
});
