//! Meta-tests of the built-in catalogue: every rule carries its documentation and
//! examples, codes are unique (the registry of cxlint's own codes is snapshotted), messages follow the house style, the acceptance cases of
//! the reference rules pass, and no Rust source names a built-in rule.

use std::collections::{BTreeMap, HashSet};
use std::path::Path;

use cxlint::diagnostic::Diagnostic;
use cxlint::engine::{RuleSet, RuleSettings};
use cxlint::model::build::load_text;

#[test]
fn every_rule_has_help_explain_summary_and_examples() {
    let set = RuleSet::builtin();
    let mut codes = HashSet::new();
    for rule in set.rules() {
        assert!(
            codes.insert(rule.code.clone()),
            "{} is used twice",
            rule.code
        );
        assert!(!rule.help.trim().is_empty(), "{} has no help", rule.code);
        assert!(
            !rule.explain.trim().is_empty(),
            "{} has no explain",
            rule.code
        );
        assert!(
            !rule.summary.trim().is_empty(),
            "{} has no summary",
            rule.code
        );
        let (bad, good) = set.examples(&rule.code);
        assert!(!bad.is_empty(), "{} has no bad example", rule.code);
        assert!(!good.is_empty(), "{} has no good example", rule.code);
        assert!(
            cxlint::codes::registry()
                .iter()
                .all(|(code, name, _)| *code != rule.code && *name != rule.name),
            "{} ({}) reuses one of cxlint's own codes or names",
            rule.code,
            rule.name
        );
        assert!(
            rule.source
                .ends_with(&format!("/{}-{}.yaml", rule.code, rule.name)),
            "{} lives in {}",
            rule.code,
            rule.source
        );
    }
    let sorted: Vec<&str> = set.rules().iter().map(|r| r.code.as_str()).collect();
    let mut again = sorted.clone();
    again.sort();
    assert_eq!(sorted, again, "rules() is sorted by code");
}

fn defaults(set: &RuleSet, only: &[&str]) -> impl Fn(&str) -> Option<RuleSettings> {
    let map: BTreeMap<String, RuleSettings> = set
        .rules()
        .iter()
        .filter(|r| {
            only.is_empty() || only.contains(&r.code.as_str()) || only.contains(&r.group.as_str())
        })
        .map(|r| {
            (
                r.code.clone(),
                RuleSettings {
                    severity: r.severity,
                    params: BTreeMap::new(),
                },
            )
        })
        .collect();
    move |code: &str| map.get(code).cloned()
}

/// The codes cxlint owns, one per line: a change to the list (a code added, renamed or
/// reworded) shows in review.
#[test]
fn the_registry_of_codes() {
    let all = cxlint::codes::registry();
    let codes: HashSet<&str> = all.iter().map(|c| c.0).collect();
    let names: HashSet<&str> = all.iter().map(|c| c.1).collect();
    assert_eq!(codes.len(), all.len(), "a code is registered twice");
    assert_eq!(names.len(), all.len(), "a name is registered twice");
    let list: Vec<String> = all
        .iter()
        .map(|(code, name, summary)| format!("{code:<6} {name:<28} {summary}"))
        .collect();
    insta::assert_snapshot!(list.join("\n"));
}

#[test]
fn messages_follow_the_house_style() {
    let set = RuleSet::builtin();
    for rule in set.rules() {
        let (bad, _) = set.examples(&rule.code);
        for example in bad {
            let outcome = load_text("example.cxp", &cxlint::engine::wrap(&example));
            for p in &outcome.programmes {
                for d in set.evaluate(p, &defaults(&set, &[&rule.code])) {
                    let first = d.message.chars().next().unwrap_or('x');
                    assert!(
                        !first.is_uppercase(),
                        "{}: `{}` starts with a capital",
                        d.code,
                        d.message
                    );
                    assert!(
                        !d.message.ends_with('.'),
                        "{}: `{}` ends with a period",
                        d.code,
                        d.message
                    );
                    // The rule's help, or its check's own (FM10's two cases), in the
                    // same style.
                    let help = d.help.as_deref().unwrap_or("");
                    assert!(!help.is_empty(), "{}: a finding without help", d.code);
                    let first = help.chars().next().unwrap_or('x');
                    assert!(
                        !first.is_uppercase() && !help.ends_with('.'),
                        "{}: help `{help}` is not in the house style",
                        d.code
                    );
                    assert!(d.block.is_some());
                }
            }
        }
    }
}

/// The lines and codes an acceptance case marks with `# expect:`.
fn expected(text: &str) -> Vec<(usize, String)> {
    let mut out = cxlint::engine::examples::expectations(text);
    out.sort();
    out
}

fn selection(text: &str) -> Option<Vec<String>> {
    text.lines()
        .find_map(|l| l.trim().strip_prefix("# select:"))
        .map(|s| {
            s.split([' ', ','])
                .filter(|w| !w.is_empty())
                .map(str::to_string)
                .collect()
        })
}

/// Run one case the way `cxlint check --select …` would, without configuration.
fn check_case(set: &RuleSet, path: &Path) -> Result<(), String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    // A case without `# select:` runs every rule.
    let select =
        selection(&text).unwrap_or_else(|| set.rules().iter().map(|r| r.code.clone()).collect());
    let only: Vec<&str> = select.iter().map(|s| s.as_str()).collect();
    let outcome = load_text(&path.display().to_string(), &text);
    let mut found: Vec<Diagnostic> = outcome.diagnostics.clone();
    for p in &outcome.programmes {
        found.extend(set.evaluate(p, &defaults(set, &only)));
    }
    let mut actual: Vec<(usize, String)> = found
        .iter()
        .map(|d| (d.start().0, d.code.to_string()))
        .collect();
    actual.sort();
    if actual == expected(&text) {
        Ok(())
    } else {
        let shown: Vec<String> = found
            .iter()
            .map(|d| format!("{}:{} {}", d.start().0, d.code, d.message))
            .collect();
        Err(format!(
            "{}: expected {:?}, found {:?}",
            path.display(),
            expected(&text),
            shown
        ))
    }
}

#[test]
fn acceptance_cases_of_the_reference_rules() {
    let set = RuleSet::builtin();
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/engine");
    let mut entries: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .collect();
    entries.sort();
    assert!(entries.len() >= 6);
    for path in entries {
        if let Err(e) = check_case(&set, &path) {
            panic!("{e}");
        }
    }
}

#[test]
fn the_reference_rules_say_what_they_found() {
    let set = RuleSet::builtin();
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/engine");
    let run = |name: &str, code: &str| -> Vec<String> {
        let text = std::fs::read_to_string(dir.join(name)).unwrap();
        let outcome = load_text(name, &text);
        set.evaluate(&outcome.programmes[0], &defaults(&set, &[code]))
            .into_iter()
            .map(|d| d.message)
            .collect()
    };
    assert_eq!(
        run("fm06-reap.cxp", "FM06"),
        [
            "pay plan \"Quota only\" puts 0% of variable pay on customer outcomes; the minimum is 25%",
            "pay plan \"Just short\" puts 24% of variable pay on customer outcomes; the minimum is 25%",
        ]
    );
    assert_eq!(
        run("cc01-contradiction.cxp", "CC01"),
        ["the strategy says customer pleaser, but none of its pay plans (Quota) puts 25% or more of variable pay on customer outcomes"]
    );
    let cm01 = run("cm01-partial.cxp", "CM01");
    assert_eq!(cm01.len(), 1);
    assert!(
        cm01[0].starts_with("7 of 10 critical choices are made; missing: customers given up"),
        "{}",
        cm01[0]
    );
}

/// Rule logic lives in rules/; no Rust source outside comments and unit tests names a
/// built-in rule code.
#[test]
fn no_source_file_names_a_builtin_rule() {
    let set = RuleSet::builtin();
    let codes: Vec<String> = set.rules().iter().map(|r| r.code.clone()).collect();
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut offenders = Vec::new();
    for entry in walkdir::WalkDir::new(&root).into_iter().flatten() {
        if entry.path().extension().and_then(|e| e.to_str()) != Some("rs") {
            continue;
        }
        let text = std::fs::read_to_string(entry.path()).unwrap_or_default();
        let body = text.split("#[cfg(test)]").next().unwrap_or("");
        for (no, line) in body.lines().enumerate() {
            let code_part = line.split("//").next().unwrap_or("");
            for code in &codes {
                if contains_word(code_part, code) {
                    offenders.push(format!(
                        "{}:{}: {}",
                        entry.path().display(),
                        no + 1,
                        line.trim()
                    ));
                }
            }
        }
    }
    assert!(
        offenders.is_empty(),
        "rule codes in Rust sources:\n{}",
        offenders.join("\n")
    );
}

fn contains_word(text: &str, word: &str) -> bool {
    text.match_indices(word).any(|(i, _)| {
        let before = text[..i].chars().next_back();
        let after = text[i + word.len()..].chars().next();
        !before.is_some_and(|c| c.is_ascii_alphanumeric())
            && !after.is_some_and(|c| c.is_ascii_alphanumeric())
    })
}
