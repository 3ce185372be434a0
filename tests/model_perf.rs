//! Timing of the model build against the parse alone, on a file named by
//! `CXLINT_PERF_FILE` (run with `--ignored --nocapture`).

use std::time::Instant;

use cxlint::model::build::{load, FileInput};
use cxlint::source::SourceFile;

#[test]
#[ignore = "timing; needs CXLINT_PERF_FILE"]
fn model_build_costs_little_beyond_the_parse() {
    let Ok(path) = std::env::var("CXLINT_PERF_FILE") else {
        return;
    };
    let text = std::fs::read_to_string(&path).unwrap();
    let t = Instant::now();
    let file = SourceFile::new(path.clone(), text.clone());
    let (_tree, diags) = cxlint::syntax::parse(&file);
    let parse = t.elapsed();
    let t = Instant::now();
    let out = load(&[FileInput {
        display: path.clone(),
        path: path.into(),
    }]);
    let all = t.elapsed();
    println!(
        "{} bytes: parse {:?}, read+parse+model {:?}, {} parse diags, {} model diags, {} programmes",
        text.len(),
        parse,
        all,
        diags.len(),
        out.diagnostics.len(),
        out.programmes.len()
    );
}
