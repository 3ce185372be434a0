//! The built-in rules: they load, and each carries what users and the test command need.

use cxlint::engine::RuleSet;

#[test]
fn builtin_rules_load_without_errors() {
    if let Err(errors) = RuleSet::builtin_checked() {
        for e in &errors {
            let (l, c) = e.start();
            eprintln!("{}:{}:{}: {} ({:?})", e.file.path, l, c, e.message, e.help);
        }
        panic!("{} problems in the built-in rules", errors.len());
    }
}

#[test]
fn every_builtin_example_passes() {
    let set = RuleSet::builtin();
    let results = set.run_examples(None);
    let mut failed = 0;
    for r in &results {
        if !r.passed {
            failed += 1;
            eprintln!(
                "{} {} example {}: {:?}",
                r.code,
                r.kind.as_str(),
                r.index,
                r.problems
            );
            for d in &r.diagnostics {
                let (l, c) = d.start();
                eprintln!("    {}:{}:{}: {} {}", d.file.path, l, c, d.code, d.message);
            }
        }
    }
    assert_eq!(failed, 0, "{failed} of {} examples failed", results.len());
}

#[test]
fn examples_are_counted() {
    let set = RuleSet::builtin();
    let results = set.run_examples(None);
    let bad = results
        .iter()
        .filter(|r| r.kind == cxlint::engine::ExampleKind::Bad)
        .count();
    assert!(bad >= 36, "only {bad} bad examples ran");
    assert_eq!(set.rules().len(), 36);
}

use std::path::Path;

use cxlint::engine::ExampleKind;
use cxlint::model::build::load_text;

const PACK_RULE: &str = r#"code: PX01
name: no-retention-kpi
group: policy
severity: error
summary: no KPI measures retention
params:
  min_kpis:
    type: num
    default: 1
    doc: how many retention KPIs there must be
help: add a KPI of type retention
explain: |
  Our policy: retention is on the scorecard.
checks:
  - when: count(programme.kpi, k => k.type == retention) < min_kpis and choice_identity
    message: '{programme} has no retention KPI'
examples:
  bad:
    - |
      programme "P" {  # expect: PX01
        currency = USD
        strategy { identity = customer_pleaser }
      }
    - |
      strategy { identity = customer_pleaser }
      kpi "Ret" { type = retention }  # expect: PX01
  good:
    - |
      kpi "Ret" { type = retention }
    - |
      kpi "Ret" { type = retention  weight = 3 }
"#;

/// A pack of one rule file and a definitions file in `policy/` of a new folder, and the
/// built-in rules with the pack loaded.
fn pack(file: &str, rule: &str, definitions: &str) -> (tempfile::TempDir, RuleSet) {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("policy");
    std::fs::create_dir_all(&folder).unwrap();
    std::fs::write(folder.join(file), rule).unwrap();
    std::fs::write(
        folder.join("definitions.yaml"),
        format!("definitions:\n  {definitions}\n"),
    )
    .unwrap();
    let mut set = RuleSet::builtin();
    set.load_dir(dir.path()).unwrap();
    (dir, set)
}

#[test]
fn a_pack_loads_from_a_folder_and_uses_builtin_definitions() {
    let (dir, mut set) = pack(
        "PX01-no-retention-kpi.yaml",
        PACK_RULE,
        "has_retention: any(programme.kpi, k => k.type == retention)",
    );
    assert_eq!(set.rules().len(), 37);
    let meta = set.rules().iter().find(|r| r.code == "PX01").unwrap();
    assert_eq!(meta.params[0].default, "1");
    assert!(set.check_param("PX01", "min_kpis", "2").is_ok());

    let results = set.run_examples(Some(&["PX01".to_string()]));
    assert_eq!(results.len(), 4);
    // The first bad example and the first good one pass.
    assert!(results[0].passed, "{:?}", results[0].problems);
    assert!(results[2].passed, "{:?}", results[2].problems);
    // The second bad example marks a line where the rule does not fire.
    assert!(!results[1].passed);
    assert_eq!(results[1].kind, ExampleKind::Bad);
    assert_eq!(
        results[1].problems,
        ["PX01 should fire on line 2 but fired nowhere"]
    );
    // The second good example is not a valid programme.
    assert!(!results[3].passed);
    assert!(!results[3].diagnostics.is_empty());
    assert!(results[3]
        .diagnostics
        .iter()
        .all(|d| d.code.starts_with('E')));

    // The same codes again are refused.
    let e = set.load_dir(dir.path()).unwrap_err();
    assert!(e.iter().any(|d| d.message.contains("already used")));
    assert!(e.iter().any(|d| d.message.contains("defined twice")));
    assert!(set.load_dir(Path::new("/no/such/folder")).is_err());
}

const SMALL_RULE: &str = r#"code: PX02
name: small-unit
group: policy
severity: warning
summary: a unit has one to three people
help: staff the unit with at least four people
explain: |
  Our policy: a unit has at least four people.
checks:
  - for: unit
    when: small(self.headcount)
    at: self.headcount
    message: '{self} has {self.headcount} people'
examples:
  bad:
    - |
      unit "Support" { facing = front  customer_duty = "answer within a day"  headcount = 2 }  # expect: PX02
  good:
    - |
      unit "Support" { facing = front  customer_duty = "answer within a day"  headcount = 7 }
    - |
      unit "Support" { facing = front  customer_duty = "answer within a day" }
"#;

#[test]
fn a_definition_reading_its_argument_several_times_finds_the_same() {
    let (_dir, set) = pack(
        "PX02-small-unit.yaml",
        SMALL_RULE,
        "small(n): present(n) and n >= 1 and n <= 3",
    );
    let results = set.run_examples(Some(&["PX02".to_string()]));
    assert_eq!(results.len(), 3);
    for r in &results {
        assert!(r.passed, "{:?} {:?}", r.kind, r.problems);
    }
    // Where it fires: at the weight, as `at: self.weight` says.
    let text = "programme \"P\" {\n  currency = USD\n  unit \"Support\" { facing = front  headcount = 2 }\n}\n";
    let outcome = load_text("plan.cxp", text);
    assert!(outcome.diagnostics.is_empty(), "{:?}", outcome.diagnostics);
    let found: Vec<_> = set
        .evaluate(&outcome.programmes[0], &every_rule(&set))
        .into_iter()
        .filter(|d| d.code == "PX02")
        .collect();
    assert_eq!(found.len(), 1);
    assert_eq!(&text[found[0].span.clone()], "headcount = 2");
    assert_eq!(found[0].message, "unit \"Support\" has 2 people");
}

/// Every rule of `set` on, at its own severity and default parameters.
fn every_rule(set: &RuleSet) -> impl Fn(&str) -> Option<cxlint::engine::RuleSettings> + '_ {
    |code: &str| {
        set.rules()
            .iter()
            .find(|r| r.code == code)
            .map(|r| cxlint::engine::RuleSettings {
                severity: r.severity,
                params: Default::default(),
            })
    }
}

#[test]
fn the_scorecard_of_the_example_programme_is_complete() {
    let set = RuleSet::builtin();
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/engine/cm01-complete.cxp");
    let text = std::fs::read_to_string(path).unwrap();
    let outcome = load_text("cm01-complete.cxp", &text);
    let card = set.scorecard(&outcome.programmes[0]);
    assert_eq!(card.len(), 10);
    assert!(card.iter().all(|e| e.made), "{card:?}");
    assert_eq!(card[0].number, 1);
    let empty = load_text("e.cxp", "programme \"E\" { currency = USD }\n");
    let card = set.scorecard(&empty.programmes[0]);
    assert!(card.iter().all(|e| !e.made));
}

#[test]
fn the_complete_example_fires_nothing() {
    let set = RuleSet::builtin();
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/engine/example.cxp");
    let text = std::fs::read_to_string(path).unwrap();
    let outcome = load_text("example.cxp", &text);
    assert!(outcome.diagnostics.is_empty());
    let all = every_rule(&set);
    let found: Vec<String> = set
        .evaluate(&outcome.programmes[0], &all)
        .into_iter()
        .map(|d| format!("{} {}: {}", d.code, d.start().0, d.message))
        .collect();
    assert!(found.is_empty(), "{found:#?}");
    assert!(set.scorecard(&outcome.programmes[0]).iter().all(|e| e.made));
}

#[test]
fn examples_are_wrapped_on_their_first_line() {
    let wrapped =
        cxlint::engine::wrap("unit \"A\" { facing = back }\nunit \"B\" { facing = back }\n");
    assert!(wrapped.starts_with("programme \"Example\" { currency = USD  unit \"A\""));
    assert_eq!(wrapped.lines().nth(1), Some("unit \"B\" { facing = back }"));
    let own = "# a comment\nprogramme \"Mine\" { currency = EUR }\n";
    assert_eq!(cxlint::engine::wrap(own), own);
    assert_eq!(
        cxlint::engine::expected_lines("a\nb  # expect: FM06, FM06, CC01\n", "FM06"),
        [2, 2]
    );
}
