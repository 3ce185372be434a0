//! schemas/: the JSON Schemas of cxlint.yaml and of rule files that YAML editors use
//! (the VS Code extension carries copies), generated from the types that read those files.
//! The test fails when a committed schema is stale or missing; `CXLINT_UPDATE_DOCS=1
//! cargo test --test editor_schemas` writes them again. That the example configurations
//! and every rule file validate against them is checked by scripts/check-schemas.py (run
//! by scripts/editor-gates.sh), with a JSON Schema validator. (tests/schemas/ holds the
//! SARIF schema, for another test.)

use std::path::Path;

#[test]
fn schemas_are_current() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("schemas");
    let update = std::env::var_os("CXLINT_UPDATE_DOCS").is_some();
    if update {
        std::fs::create_dir_all(&dir).expect("create schemas/");
    }
    let mut stale = Vec::new();
    for (name, text) in cxlint::json_schema::all() {
        let path = dir.join(name);
        if std::fs::read_to_string(&path).ok().as_deref() != Some(text.as_str()) {
            if update {
                std::fs::write(&path, text).expect("write a schema");
            } else {
                stale.push(name);
            }
        }
    }
    assert!(
        stale.is_empty(),
        "schemas/ is out of date: {stale:?}; run `CXLINT_UPDATE_DOCS=1 cargo test --test editor_schemas`"
    );
}

#[test]
fn every_setting_and_rule_file_field_is_described() {
    let (_, gaps) = cxlint::json_schema::config_with_gaps();
    assert!(gaps.is_empty(), "cxlint.yaml: {gaps:?}");
    let (_, gaps) = cxlint::json_schema::rule_file_with_gaps();
    assert!(gaps.is_empty(), "rule files: {gaps:?}");
}
