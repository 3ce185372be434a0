//! The precompiled built-in rules (`src/engine/builtin-rules.json`): the committed file is
//! what the rule files compile to, and the rules read from it behave exactly like the
//! rules compiled from the files.
//!
//! After changing a rule file or the rule compiler, refresh the file with
//! `CXLINT_UPDATE_RULE_CACHE=1 cargo test --test rule_cache`.

use std::path::{Path, PathBuf};

use cxlint::config::Config;
use cxlint::diagnostic::Diagnostic;
use cxlint::engine::{ExampleResult, RuleSet};
use cxlint::lint::{self, Options};
use cxlint::model::build::FileInput;

const UPDATE: &str = "CXLINT_UPDATE_RULE_CACHE";
const REFRESH: &str = "CXLINT_UPDATE_RULE_CACHE=1 cargo test --test rule_cache";

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn compiled() -> RuleSet {
    match RuleSet::builtin_checked() {
        Ok(set) => set,
        Err(errors) => panic!(
            "the built-in rules do not load ({} problems; see the engine_rules test)",
            errors.len()
        ),
    }
}

#[test]
fn the_committed_cache_is_current() {
    let path = root().join("src/engine/builtin-rules.json");
    let text = compiled().cache_text();
    assert!(!text.is_empty(), "the built-in rules could not be written");
    if std::env::var_os(UPDATE).is_some() {
        let temporary = path.with_extension("json.tmp");
        std::fs::write(&temporary, &text).expect("write the new cache");
        std::fs::rename(&temporary, &path).expect("put the new cache in place");
        eprintln!("wrote {}", path.display());
        return;
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed.trim_end() == text.trim_end(),
        "src/engine/builtin-rules.json does not match the built-in rule files and the rule \
         compiler; refresh it with: {REFRESH}"
    );
}

fn diagnostic_key(d: &Diagnostic) -> String {
    format!(
        "{} {} {} {:?} {:?} {} | {:?} {:?} {:?} {:?}",
        d.code,
        d.name,
        d.file.path,
        d.span,
        d.severity,
        d.message,
        d.help,
        d.label,
        d.block,
        d.suppressed
    )
}

fn example_key(r: &ExampleResult) -> String {
    let diagnostics: Vec<String> = r.diagnostics.iter().map(diagnostic_key).collect();
    format!(
        "{} {} {} {} {} {:?} {:?}",
        r.code,
        r.source,
        r.kind.as_str(),
        r.index,
        r.passed,
        r.problems,
        diagnostics
    )
}

fn plans() -> Vec<FileInput> {
    let mut paths: Vec<PathBuf> = Vec::new();
    for dir in ["examples", "tests/data"] {
        for entry in walkdir::WalkDir::new(root().join(dir)).sort_by_file_name() {
            let entry = entry.expect("read the plan folders");
            if entry.file_type().is_file()
                && entry.path().extension().and_then(|e| e.to_str()) == Some("cxp")
            {
                paths.push(entry.path().to_path_buf());
            }
        }
    }
    paths
        .into_iter()
        .map(|path| FileInput {
            display: path
                .strip_prefix(root())
                .unwrap_or(&path)
                .display()
                .to_string(),
            path,
        })
        .collect()
}

fn lint_keys(rules: &RuleSet, inputs: &[FileInput]) -> Vec<String> {
    let opts = Options::as_of(cxlint::value::Date::new(2027, 1, 1).expect("a day"));
    let report = lint::run(inputs, rules, &Config::default(), &opts);
    report.diagnostics.iter().map(diagnostic_key).collect()
}

fn load_keys(base: &RuleSet, files: Vec<(String, String)>) -> Result<String, Vec<String>> {
    let mut set = base.clone();
    match set.load_files(files) {
        Ok(()) => Ok(format!("{:?}", set.rules())),
        Err(errors) => Err(errors.iter().map(diagnostic_key).collect()),
    }
}

#[test]
fn the_cached_rules_behave_like_the_rule_files() {
    if std::env::var_os(UPDATE).is_some() {
        eprintln!("the cache is being refreshed; run the tests again without {UPDATE}");
        return;
    }
    assert!(
        RuleSet::builtin_from_cache().is_some(),
        "the precompiled built-in rules are not used (stale or unreadable); refresh them \
         with: {REFRESH}"
    );
    let cached = RuleSet::builtin();
    let files = compiled();

    assert_eq!(
        format!("{:?}", cached.rules()),
        format!("{:?}", files.rules())
    );

    let inputs = plans();
    assert!(inputs.len() > 20, "the example plans are found");
    let from_cache = lint_keys(&cached, &inputs);
    assert!(!from_cache.is_empty(), "the plans have findings");
    assert_eq!(from_cache, lint_keys(&files, &inputs));

    let examples =
        |set: &RuleSet| -> Vec<String> { set.run_examples(None).iter().map(example_key).collect() };
    assert_eq!(examples(&cached), examples(&files));

    for code in cached.rules().iter().map(|r| r.code.clone()) {
        assert_eq!(cached.examples(&code), files.examples(&code));
        assert_eq!(
            cached.check_param(&code, "no_such_param", "1"),
            files.check_param(&code, "no_such_param", "1")
        );
    }
}

#[test]
fn packs_load_on_the_cached_rules_as_on_the_rule_files() {
    if std::env::var_os(UPDATE).is_some() {
        return;
    }
    let cached = RuleSet::builtin();
    let files = compiled();
    for pack in ["tests/packs/hiring", "tests/packs/broken"] {
        let mut a = cached.clone();
        let mut b = files.clone();
        let ra = a
            .load_dir(&root().join(pack))
            .map_err(|e| e.iter().map(diagnostic_key).collect::<Vec<_>>());
        let rb = b
            .load_dir(&root().join(pack))
            .map_err(|e| e.iter().map(diagnostic_key).collect::<Vec<_>>());
        assert_eq!(ra, rb, "{pack}");
        assert_eq!(format!("{:?}", a.rules()), format!("{:?}", b.rules()));
    }
    // A pack that misuses a built-in definition: the problem is found inside the
    // definition's body, in the built-in definitions file.
    let rule = |when: &str| {
        vec![(
            "pack/PK01-misused-definition.yaml".to_string(),
            format!(
                "code: PK01\nname: misused-definition\ngroup: pack\nseverity: warning\n\
                 summary: s\nhelp: h\nexplain: e\nchecks:\n  - for: pay_plan\n    when: {when}\n    \
                 message: m\nexamples:\n  bad: []\n  good: []\n"
            ),
        )]
    };
    let mut into_definitions = 0;
    for when in [
        "class_weight(self, acquisition) > FM06.min_customer_weight",
        "class_weight(programme, acquisition) > 10%",
        "class_weight(self.label, 3) > 10%",
        "choice_identity and class_weight(self) > 1",
    ] {
        let a = load_keys(&cached, rule(when));
        let b = load_keys(&files, rule(when));
        assert_eq!(a, b, "{when}");
        if let Err(errors) = &a {
            into_definitions += errors
                .iter()
                .filter(|e| e.contains(" rules/definitions.yaml "))
                .count();
        }
    }
    assert!(
        into_definitions > 0,
        "some problem points into the built-in definitions file"
    );
}
