//! Rule files on arbitrary text: loading a pack made of the built-in definitions and the
//! input (as a rule file, or as a second definitions file when the input starts with `D`)
//! must not panic; a rule that loads must run on its own examples and on a sample programme
//! within its step budget, with every diagnostic inside its file.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let (name, text) = match text.strip_prefix('D') {
        Some(rest) => ("pack/more/definitions.yaml".to_string(), rest),
        // A rule file must be named after its code and name, as the loader checks.
        None => (
            format!(
                "pack/{}-{}.yaml",
                cxlint_fuzz::yaml_field(text, "code"),
                cxlint_fuzz::yaml_field(text, "name")
            ),
            text,
        ),
    };
    let mut rules = cxlint::engine::RuleSet::default();
    let files = vec![
        (
            "rules/definitions.yaml".to_string(),
            cxlint_fuzz::BUILTIN_DEFINITIONS.to_string(),
        ),
        (name.clone(), text.to_string()),
    ];
    match rules.load_files(files) {
        Err(diags) => {
            for d in &diags {
                cxlint_fuzz::assert_diagnostics(&d.file.text, std::slice::from_ref(d));
            }
        }
        Ok(()) => {
            let added: Vec<String> = rules
                .rules()
                .iter()
                .filter(|r| r.source == name)
                .map(|r| r.code.clone())
                .collect();
            if !added.is_empty() {
                let _ = rules.run_examples(Some(&added));
            }
            for d in cxlint_fuzz::evaluate_with(&rules, cxlint_fuzz::sample_programme()) {
                cxlint_fuzz::assert_diagnostics(&d.file.text, std::slice::from_ref(&d));
            }
        }
    }
});
