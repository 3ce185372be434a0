//! Rule packs are YAML files of expressions written by anyone who can open a pull
//! request: reading them must refuse what it cannot handle, never crash or hang.

use cxlint::engine::RuleSet;
use cxlint::rulelang::ast;

/// Parse `text` as a rule expression on a thread with the main thread's usual stack
/// (8 MiB); `None` when the thread died (a stack overflow aborts the whole process, so
/// this only returns at all when the parser copes).
fn parse_on_8_mib(text: String) -> Option<bool> {
    std::thread::Builder::new()
        .stack_size(8 << 20)
        .spawn(move || ast::parse(&text, 0, &|o: usize| o).is_ok())
        .ok()?
        .join()
        .ok()
}

#[test]
fn moderately_nested_expressions_parse() {
    let text = format!("{}1{}", "(".repeat(40), ")".repeat(40));
    assert_eq!(parse_on_8_mib(text), Some(true));
}

/// Found while writing the `rulelang` fuzz target: the expression parser recursed once
/// per bracket, so `when: ((((…1…))))` with 800 parentheses overflowed an 8 MiB stack in a
/// release build (about 20 in a debug build's 2 MiB test thread) and the process aborted.
/// Now refused: brackets nest at most `MAX_BRACKETS` (64) deep, expressions are at most
/// `MAX_LENGTH` (4,000) bytes and their trees `MAX_DEPTH` (32) levels (src/rulelang/ast.rs).
#[test]
fn deeply_nested_expressions_are_refused() {
    for (open, close) in [("(", ")"), ("[", "]"), ("f(", ")"), ("x => ", "")] {
        let text = format!("{}1{}", open.repeat(100_000), close.repeat(100_000));
        assert_eq!(parse_on_8_mib(text), Some(false), "{open}…{close}");
    }
}

#[test]
fn long_chains_of_operators_are_refused_without_deep_recursion() {
    for text in [
        "-".repeat(3_999) + "1",
        "1+".repeat(1_999) + "1",
        "a".to_string() + &".b".repeat(1_999),
        "not ".repeat(999) + "a",
        "1 or ".repeat(799) + "1",
    ] {
        let start = &text[..8];
        assert_eq!(parse_on_8_mib(text.clone()), Some(false), "{start}…");
    }
    assert_eq!(parse_on_8_mib("1".repeat(5_000)), Some(false), "too long");
}

/// A rule file whose only check is `when` on every unit.
fn rule_on_units(when: &str) -> String {
    format!(
        "code: ZZ01\nname: heavy-check\ngroup: custom\nseverity: warning\nsummary: a heavy check\n\
         help: none\nexplain: none\nchecks:\n  - for: unit\n    when: '{when}'\n    message: 'unit {{self.label}}'\n\
         examples:\n  bad: []\n  good: []\n"
    )
}

fn with_definitions(
    files: Vec<(String, String)>,
) -> Result<RuleSet, Vec<cxlint::diagnostic::Diagnostic>> {
    let mut rules = RuleSet::default();
    // The definitions read CC10's parameter (choice 10 of the scorecard).
    let mut all = vec![
        (
            "rules/definitions.yaml".to_string(),
            include_str!("../rules/definitions.yaml").to_string(),
        ),
        (
            "rules/choices/CC10-product-renewal.yaml".to_string(),
            include_str!("../rules/choices/CC10-product-renewal.yaml").to_string(),
        ),
    ];
    all.extend(files);
    rules.load_files(all).map(|()| rules)
}

fn programme_with_units(n: usize) -> cxlint::model::Programme {
    let mut text =
        String::from("programme \"P\" {\n  currency = USD\n  unit \"U0\" { facing = back }\n");
    for i in 1..n {
        text.push_str(&format!(
            "  unit \"U{i}\" {{ parent = \"U0\"  facing = front }}\n"
        ));
    }
    text.push_str("}\n");
    let mut outcome = cxlint::model::build::load_text("t.cxp", &text);
    assert!(
        outcome.diagnostics.is_empty(),
        "{}",
        outcome.diagnostics[0].message
    );
    outcome.programmes.remove(0)
}

#[test]
fn an_evaluation_stops_at_its_step_budget() {
    // Per unit, every pair of units: 200^3 = 8 million comparisons, more with the steps
    // around them.
    let rules = with_definitions(vec![(
        "pack/ZZ01-heavy-check.yaml".to_string(),
        rule_on_units(
            "count(filter(programme.unit, a => count(filter(programme.unit, b => a.label == b.label)) > 0)) > 0",
        ),
    )])
    .expect("the heavy rule loads");
    let programme = programme_with_units(200);
    let mut small = rules.clone();
    small.set_budget(100_000);
    let settings = |code: &str| {
        (code == "ZZ01").then(|| cxlint::engine::RuleSettings {
            severity: cxlint::diagnostic::Severity::Warning,
            params: Default::default(),
        })
    };
    let start = std::time::Instant::now();
    let diags = small.evaluate(&programme, &settings);
    assert!(start.elapsed() < std::time::Duration::from_secs(10));
    assert!(
        diags
            .iter()
            .any(|d| d.message.contains("stopped before finishing")),
        "{:?}",
        diags.iter().map(|d| &d.message).collect::<Vec<_>>()
    );
}

#[test]
fn definitions_that_double_at_each_level_are_refused() {
    // d40 would expand to 2^40 copies of d0.
    let mut defs = String::from("definitions:\n  d0: count(programme.unit)\n");
    for i in 1..=40 {
        defs.push_str(&format!("  d{i}: d{} + d{}\n", i - 1, i - 1));
    }
    let start = std::time::Instant::now();
    let result = with_definitions(vec![
        ("pack/definitions.yaml".to_string(), defs),
        (
            "pack/ZZ01-heavy-check.yaml".to_string(),
            rule_on_units("d40 > 0"),
        ),
    ]);
    assert!(
        start.elapsed() < std::time::Duration::from_secs(10),
        "{:?}",
        start.elapsed()
    );
    let Err(diags) = result else {
        panic!("an exponential definition was accepted");
    };
    assert!(
        diags
            .iter()
            .any(|d| d.message.contains("expand into too large an expression")),
        "{:?}",
        diags.iter().map(|d| &d.message).collect::<Vec<_>>()
    );
}

/// A rule `ZZnn` with the given check on every unit and message template.
fn rule_numbered(n: usize, when: &str, message: &str) -> (String, String) {
    (
        format!("pack/ZZ{n:02}-check-{n}.yaml"),
        format!(
            "code: ZZ{n:02}\nname: check-{n}\ngroup: custom\nseverity: warning\nsummary: a check\n\
             help: none\nexplain: none\nchecks:\n  - for: unit\n    when: '{when}'\n    message: '{message}'\n\
             examples:\n  bad: []\n  good: []\n"
        ),
    )
}

fn all_on(code: &str) -> Option<cxlint::engine::RuleSettings> {
    code.starts_with("ZZ")
        .then(|| cxlint::engine::RuleSettings {
            severity: cxlint::diagnostic::Severity::Warning,
            params: Default::default(),
        })
}

/// Issue: the evaluation budget was per rule, so the number of rules multiplied it (one
/// quadratic rule on a 6.6 MB plan took 154 s, and rules are unbounded in number).
/// `limits.evaluation_steps` now bounds all rules together on one programme: ten rules
/// that each fit the budget alone do not all fit together, and every rule that could
/// not finish says so under its own code, at the programme's header.
#[test]
fn the_evaluation_budget_bounds_all_rules_together() {
    let when = "count(filter(programme.unit, b => b.label == self.label)) == 1";
    let files: Vec<(String, String)> = (1..=10)
        .map(|n| rule_numbered(n, when, "unit {self.label}"))
        .collect();
    let rules = with_definitions(files).expect("the rules load");
    let programme = programme_with_units(60);
    let header = programme.root().header.span.clone();
    // Alone, one rule finishes within the budget.
    let mut one = rules.clone();
    one.set_budget(60_000);
    let alone = one.evaluate(&programme, &|c| (c == "ZZ01").then(|| all_on(c)).flatten());
    assert_eq!(
        alone.len(),
        60,
        "{:?}",
        alone.iter().map(|d| &d.message).collect::<Vec<_>>()
    );
    // Together they share the budget.
    let together = one.evaluate(&programme, &all_on);
    let unfinished: Vec<&cxlint::diagnostic::Diagnostic> = together
        .iter()
        .filter(|d| {
            d.message.contains("could not run") || d.message.contains("stopped before finishing")
        })
        .collect();
    assert!(
        !unfinished.is_empty(),
        "all ten rules ran on one rule's budget"
    );
    let last = unfinished.last().expect("one");
    assert_eq!(last.code, "ZZ10");
    assert!(last.message.contains("could not run"), "{}", last.message);
    for d in &unfinished {
        assert_eq!(d.span, header, "{}", d.code);
    }
    // Every rule either finished (60 findings) or said it did not.
    for n in 1..=10 {
        let code = format!("ZZ{n:02}");
        let findings = together.iter().filter(|d| d.code == code).count();
        let said = unfinished.iter().any(|d| d.code == code);
        assert!(
            findings == 60 || said,
            "{code}: {findings} findings, silent"
        );
    }
}

/// Issue: message templates amplify: a 120 KB rule file and a 20 KB plan produced 1 GB
/// of output. One rendered message is at most 4,096 characters, ending with `…`.
#[test]
fn a_rendered_message_is_cut_at_4096_characters() {
    let template = "{self.label} ".repeat(200);
    let rules = with_definitions(vec![rule_numbered(1, "yes", &template)]).expect("the rule loads");
    let label = "L".repeat(1_000);
    let text = format!(
        "programme \"P\" {{\n  currency = USD\n  unit \"{label}\" {{ facing = back }}\n}}\n"
    );
    let outcome = cxlint::model::build::load_text("t.cxp", &text);
    assert!(outcome.diagnostics.is_empty());
    let found = rules.evaluate(&outcome.programmes[0], &all_on);
    assert_eq!(found.len(), 1);
    let message = &found[0].message;
    assert_eq!(message.chars().count(), cxlint::engine::MAX_MESSAGE_CHARS);
    assert!(message.ends_with('…'));
    assert!(message.starts_with("LLLL"));
}
