//! `cxlint.yaml` on arbitrary text: reading the rule folders and loading and validating
//! the configuration against the built-in rules must not panic; every problem points
//! inside the file; a configuration that loads gives settings for any path.
#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let plan = cxlint_fuzz::plan_path();
    let dir = Path::new(&plan).parent().unwrap_or(Path::new("."));
    let file = cxlint::source::SourceFile::new(
        dir.join("cxlint.yaml").to_string_lossy().into_owned(),
        text,
    );
    let parsed = match cxlint::config::parse(&file) {
        Ok(p) => p,
        Err(diags) => {
            for d in &diags {
                cxlint_fuzz::assert_diagnostics(&file.text, std::slice::from_ref(d));
            }
            return;
        }
    };
    if let Err(diags) = cxlint::config::rule_dirs(&parsed, dir) {
        for d in &diags {
            cxlint_fuzz::assert_diagnostics(&file.text, std::slice::from_ref(d));
        }
    }
    let rules = cxlint_fuzz::builtin();
    match cxlint::config::load(&parsed, dir, rules) {
        Err(diags) => {
            for d in &diags {
                cxlint_fuzz::assert_diagnostics(&file.text, std::slice::from_ref(d));
            }
        }
        Ok(config) => {
            for path in [
                plan.as_str(),
                "t.cxp",
                "plans/legacy/old.cxp",
                "../x.cxp",
                "",
            ] {
                let _ = config.settings_for(rules, Path::new(path));
                let _ = config.is_excluded(Path::new(path));
            }
        }
    }
});
