//! The wording of every E diagnostic the acceptance cases produce, as one snapshot:
//! message, help and the block it names, so changes to the words are reviewed.

use std::fmt::Write as _;
use std::path::Path;

use cxlint::model::build::{load, FileInput};

#[test]
fn e_diagnostic_wording() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/model/acceptance");
    let mut cases: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file())
        .collect();
    cases.sort();
    let mut out = String::new();
    for case in cases {
        let name = case.file_name().unwrap().to_string_lossy().into_owned();
        let outcome = load(&[FileInput {
            display: name,
            path: case.clone(),
        }]);
        // E001 belongs to the parser, which has its own tests.
        for d in outcome.diagnostics.iter().filter(|d| d.code != "E001") {
            let (line, col) = d.start();
            writeln!(out, "{}:{line}:{col} {} {}", d.file.path, d.code, d.name).unwrap();
            writeln!(out, "  message: {}", d.message).unwrap();
            if let Some(h) = &d.help {
                writeln!(out, "  help: {h}").unwrap();
            }
            if let Some(b) = &d.block {
                writeln!(out, "  block: {b}").unwrap();
            }
        }
    }
    insta::assert_snapshot!(out);
}
