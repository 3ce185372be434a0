//! The whole pipeline on arbitrary bytes: decode, parse, build the model (includes
//! resolved inside a fixed folder holding two fragments), export it, and evaluate the
//! built-in rules. No panic; every diagnostic points inside its own file, on character
//! boundaries.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let outcome = cxlint::model::build::load_text(&cxlint_fuzz::plan_path(), text);
    for d in &outcome.diagnostics {
        cxlint_fuzz::assert_diagnostics(&d.file.text, std::slice::from_ref(d));
    }
    for programme in &outcome.programmes {
        let _ = cxlint::model::export::to_json(programme);
        for d in cxlint_fuzz::evaluate(programme) {
            cxlint_fuzz::assert_diagnostics(&d.file.text, std::slice::from_ref(&d));
        }
    }
});
