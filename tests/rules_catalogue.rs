//! The built-in rule catalogue as files: every rule in `rules/<group>/<CODE>-<name>.yaml`
//! is named after its code and name, follows the house style for messages, carries its
//! explain text and examples, and its examples are programmes the language accepts.
//! (Whether each example fires where it says is the engine's test of the examples.)

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use cxlint::source::SourceFile;

#[derive(Debug, Deserialize)]
struct RuleFile {
    code: String,
    name: String,
    group: String,
    severity: String,
    summary: String,
    help: String,
    explain: String,
    #[serde(default)]
    params: BTreeMap<String, Param>,
    checks: Vec<Check>,
    examples: Examples,
}

#[derive(Debug, Deserialize)]
struct Param {
    #[serde(rename = "type")]
    ty: String,
    default: serde_json::Value,
    doc: String,
}

#[derive(Debug, Deserialize)]
struct Check {
    #[serde(rename = "for")]
    for_kind: Option<String>,
    #[serde(default)]
    message: String,
}

#[derive(Debug, Deserialize)]
struct Examples {
    bad: Vec<String>,
    good: Vec<String>,
}

/// Every rule file of the catalogue, with its path relative to the project root.
fn rule_files() -> Vec<(PathBuf, String)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("rules");
    let mut files = Vec::new();
    for group in fs::read_dir(&root).expect("rules/ folder").flatten() {
        if !group.path().is_dir() {
            continue;
        }
        for file in fs::read_dir(group.path()).expect("group folder").flatten() {
            let path = file.path();
            if path.extension().and_then(|e| e.to_str()) == Some("yaml") {
                let text = fs::read_to_string(&path).expect("readable rule file");
                files.push((path, text));
            }
        }
    }
    files.sort();
    files
}

fn read_rule(path: &Path, text: &str) -> RuleFile {
    let file = SourceFile::new(path.display().to_string(), text.to_string());
    match cxlint::yaml::from_str::<RuleFile>(&file) {
        Ok(rule) => rule,
        Err(d) => panic!("{}: {}", path.display(), d.message),
    }
}

fn rules() -> Vec<(PathBuf, RuleFile)> {
    rule_files()
        .into_iter()
        .map(|(path, text)| {
            let rule = read_rule(&path, &text);
            (path, rule)
        })
        .collect()
}

/// The example as the engine runs it: placed inside a programme opened on its first
/// line unless it is a programme itself.
fn as_programme(example: &str) -> String {
    if example.trim_start().starts_with("programme") {
        example.to_string()
    } else {
        format!("programme \"Example\" {{ currency = USD  {example}\n}}\n")
    }
}

/// Codes listed in `# expect:` comments, with their 1-based line.
fn expectations(example: &str) -> Vec<(usize, String)> {
    cxlint::engine::examples::expectations(example)
}

fn house_style(what: &str, text: &str) -> Option<String> {
    let first = text.chars().next()?;
    if first.is_uppercase() {
        return Some(format!("{what} starts with a capital letter: {text:?}"));
    }
    if text.trim_end().ends_with('.') {
        return Some(format!("{what} ends with a period: {text:?}"));
    }
    None
}

const GROUPS: [(&str, &str); 6] = [
    ("fatal", "FM"),
    ("choices", "CC"),
    ("bond", "EB"),
    ("practice", "XP"),
    ("commitment", "CM"),
    ("commitment", "DC"),
];

#[test]
fn every_rule_file_is_named_after_its_code_name_and_group() {
    let mut problems = Vec::new();
    for (path, rule) in rules() {
        let stem = path.file_stem().and_then(|s| s.to_str()).unwrap_or("");
        let folder = path
            .parent()
            .and_then(|p| p.file_name())
            .and_then(|s| s.to_str())
            .unwrap_or("");
        if stem != format!("{}-{}", rule.code, rule.name) {
            problems.push(format!("{}: file name is not CODE-name", path.display()));
        }
        if folder != rule.group {
            problems.push(format!("{}: group is not its folder", path.display()));
        }
        let fits = GROUPS
            .iter()
            .any(|(g, prefix)| *g == rule.group && rule.code.starts_with(prefix));
        if !fits {
            problems.push(format!("{}: code does not fit group", path.display()));
        }
        let kebab = rule
            .name
            .split('-')
            .all(|w| !w.is_empty() && w.chars().all(|c| c.is_ascii_lowercase()));
        if !kebab {
            problems.push(format!("{}: name is not kebab-case", path.display()));
        }
        if !["error", "warning", "info"].contains(&rule.severity.as_str()) {
            problems.push(format!("{}: unknown severity", path.display()));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn texts_follow_the_house_style() {
    let mut problems = Vec::new();
    for (path, rule) in rules() {
        let p = path.display();
        let mut texts = vec![
            ("summary", rule.summary.clone()),
            ("help", rule.help.clone()),
        ];
        for check in &rule.checks {
            texts.push(("message", check.message.clone()));
        }
        for (name, param) in &rule.params {
            texts.push(("param doc", param.doc.clone()));
            if param.ty.is_empty() || param.default.is_null() {
                problems.push(format!("{p}: param {name} has no type or default"));
            }
        }
        for (what, text) in texts {
            if text.trim().is_empty() {
                problems.push(format!("{p}: empty {what}"));
            } else if let Some(problem) = house_style(what, &text) {
                problems.push(format!("{p}: {problem}"));
            }
        }
        for heading in ["What it looks for", "Why it matters", "What to do"] {
            if !rule.explain.contains(heading) {
                problems.push(format!("{p}: explain has no \"{heading}\""));
            }
        }
        if rule.checks.is_empty() {
            problems.push(format!("{p}: no checks"));
        }
        for check in &rule.checks {
            if let Some(kind) = &check.for_kind {
                if cxlint::schema::block(kind).is_none() {
                    problems.push(format!("{p}: `for: {kind}` is not a block kind"));
                }
                // A finding about one block names it.
                if !check.message.contains("{self}") {
                    problems.push(format!(
                        "{p}: a `for: {kind}` message does not name {{self}}"
                    ));
                }
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn every_rule_has_bad_and_good_examples_with_expectations() {
    let mut problems = Vec::new();
    for (path, rule) in rules() {
        let p = path.display();
        if rule.examples.bad.is_empty() || rule.examples.good.is_empty() {
            problems.push(format!("{p}: needs at least one bad and one good example"));
        }
        for (i, bad) in rule.examples.bad.iter().enumerate() {
            let expected = expectations(bad);
            if expected.is_empty() {
                problems.push(format!("{p}: bad example {} expects nothing", i + 1));
            }
            for (line, code) in expected {
                if code != rule.code {
                    problems.push(format!(
                        "{p}: bad example {} expects {code} at line {line}, not this rule",
                        i + 1
                    ));
                }
            }
        }
        for (i, good) in rule.examples.good.iter().enumerate() {
            if !expectations(good).is_empty() {
                problems.push(format!("{p}: good example {} expects a finding", i + 1));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn examples_are_valid_programmes() {
    let mut problems = Vec::new();
    for (path, rule) in rules() {
        let examples = rule.examples.bad.iter().chain(&rule.examples.good);
        for (i, example) in examples.enumerate() {
            let text = as_programme(example);
            let display = format!("{} example {}", path.display(), i + 1);
            let file = SourceFile::new(display.clone(), text.clone());
            let (_, syntax) = cxlint::syntax::parse(&file);
            let outcome = cxlint::model::build::load_text(&display, &text);
            for d in syntax.iter().chain(&outcome.diagnostics) {
                let (line, _) = d.file.line_col(d.span.start);
                problems.push(format!(
                    "{display}: {} at line {line}: {}",
                    d.code, d.message
                ));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn the_validity_check_sees_an_invalid_example() {
    let text = as_programme(
        "unit \"Sales\" { facing = front }\npay_plan \"Quota\" {\n  applies_to = \"Sales\"\n  metric \"Bookings\" { type = revenue  weight = 90% }\n}",
    );
    let outcome = cxlint::model::build::load_text("example", &text);
    assert!(
        outcome.diagnostics.iter().any(|d| d.code == "E008"),
        "weights of 90% must be reported"
    );
}

/// Every lettered condition of a rule (one per check; CM02's checks are one per
/// attribute instead) has a bad example, marked with a comment `# (a) …` naming it.
#[test]
fn every_condition_has_a_bad_example() {
    let mut missing = Vec::new();
    for (path, rule) in rules() {
        let bad = rule.examples.bad.join("\n");
        if rule.code == "CM02" {
            for check in &rule.checks {
                let attr = check.message.split('`').nth(1).unwrap_or_default();
                if !bad.contains(&format!("{attr} ")) {
                    missing.push(format!("{}: no bad example for `{attr}`", path.display()));
                }
            }
            continue;
        }
        if rule.checks.len() < 2 {
            continue;
        }
        for (i, _) in rule.checks.iter().enumerate() {
            let letter = (b'a' + i as u8) as char;
            if !bad.contains(&format!("# ({letter})")) {
                missing.push(format!(
                    "{}: no bad example marked ({letter})",
                    path.display()
                ));
            }
        }
    }
    assert!(missing.is_empty(), "{}", missing.join("\n"));
}
