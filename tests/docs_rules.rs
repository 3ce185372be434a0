//! docs/rules/: one committed page per rule and per E and S code, and an index, generated
//! from the rule files. The test fails when a page is stale or missing, or when a page is
//! left for a code that no longer exists; `CXLINT_UPDATE_DOCS=1 cargo test --test
//! docs_rules` writes them again.

use std::path::Path;

use cxlint::engine::RuleSet;
use cxlint::output::rulepage;

#[test]
fn rule_pages_are_current() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/rules");
    let rules = RuleSet::builtin();
    let mut want: Vec<(String, String)> = rulepage::pages(&rules)
        .into_iter()
        .map(|(code, page)| (format!("{code}.md"), page))
        .collect();
    want.push(("README.md".to_string(), rulepage::index(&rules)));
    let update = std::env::var_os("CXLINT_UPDATE_DOCS").is_some();
    if update {
        std::fs::create_dir_all(&dir).expect("create docs/rules");
    }
    let mut stale = Vec::new();
    for (name, text) in &want {
        let path = dir.join(name);
        if std::fs::read_to_string(&path).ok().as_deref() != Some(text.as_str()) {
            if update {
                std::fs::write(&path, text).expect("write a rule page");
            } else {
                stale.push(name.clone());
            }
        }
    }
    for entry in std::fs::read_dir(&dir).expect("docs/rules exists") {
        let name = entry
            .expect("an entry")
            .file_name()
            .to_string_lossy()
            .into_owned();
        if !want.iter().any(|(n, _)| *n == name) {
            if update {
                std::fs::remove_file(dir.join(&name)).expect("remove a stale page");
            } else {
                stale.push(format!("{name} (no such rule)"));
            }
        }
    }
    assert!(
        stale.is_empty(),
        "docs/rules is out of date: {stale:?}; run `CXLINT_UPDATE_DOCS=1 cargo test --test docs_rules`"
    );
}
