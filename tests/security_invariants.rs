//! The properties the fuzz targets check (fuzz/fuzz_targets), run on every plan file in
//! the repository, among them the inputs that once broke one (tests/data/security):
//! spans inside the text, the formatter idempotent and meaning-preserving.

#[path = "../fuzz/src/lib.rs"]
#[allow(dead_code)]
mod checks;

use std::path::{Path, PathBuf};

/// Every file with one of `extensions` under `dir`, sorted.
fn files_under(dir: &Path, extensions: &[&str]) -> Vec<PathBuf> {
    let mut found: Vec<PathBuf> = walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .map(|e| e.into_path())
        .filter(|p| {
            p.extension()
                .and_then(|e| e.to_str())
                .is_some_and(|e| extensions.contains(&e))
        })
        .collect();
    found.sort();
    found
}

fn plan_files() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = files_under(&root.join("examples"), &["cxp"]);
    files.extend(files_under(&root.join("tests/data"), &["cxp", "bin"]));
    files
}

/// What the `parse` target checks.
fn check_parse(text: &str) {
    let (_, tree, diags) = checks::parse(text);
    checks::assert_tree(text, &tree, &tree.items);
    checks::assert_diagnostics(text, &diags);
    assert!(diags.len() <= 100, "{} syntax errors reported", diags.len());
}

/// What the `fmt` target checks.
fn check_fmt(text: &str) {
    let (_, tree, diags) = checks::parse(text);
    if !diags.is_empty() {
        return;
    }
    let once = cxlint::format::format(text, &tree);
    let (_, tree_once, diags_once) = checks::parse(&once);
    assert!(
        diags_once.is_empty(),
        "formatted text does not parse:\n{once}"
    );
    assert!(
        checks::without_spans(&tree) == checks::without_spans(&tree_once),
        "formatting changed the meaning:\n{once}"
    );
    let before = checks::comment_places(text, &tree);
    let after = checks::comment_places(&once, &tree_once);
    assert_eq!(
        before, after,
        "formatting lost a comment or moved it:\n{once}"
    );
    let twice = cxlint::format::format(&once, &tree_once);
    assert_eq!(once, twice, "formatting is not idempotent");
}

/// The plan files written not to be UTF-8 text (E014's cases); every other one is checked.
const NOT_TEXT: [&str; 1] = ["e014-bytes.cxp"];

#[test]
fn every_plan_file_keeps_the_invariants() {
    let files = plan_files();
    assert!(files.len() > 3, "no plan files found");
    let security = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/security");
    assert!(
        files.iter().filter(|f| f.starts_with(&security)).count() >= 4,
        "the inputs that once broke an invariant are missing from tests/data/security"
    );
    for path in files {
        let bytes = std::fs::read(&path).expect("readable test file");
        let Some(text) = checks::text_of(&bytes) else {
            let name = path
                .file_name()
                .and_then(|n| n.to_str())
                .unwrap_or_default();
            assert!(
                NOT_TEXT.contains(&name),
                "{} is not UTF-8 text",
                path.display()
            );
            continue;
        };
        let run = std::panic::catch_unwind(|| {
            check_parse(&text);
            check_fmt(&text);
        });
        assert!(run.is_ok(), "invariant broken on {}", path.display());
    }
}
