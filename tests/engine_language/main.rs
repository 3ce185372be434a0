//! The rule language: parsing, type errors with their places, each operator and
//! function, missing values, messages, locations and the step budget. `from_the_docs`
//! checks the same language against docs/rule-language.md, on one whole programme.

mod from_the_docs;

use std::collections::BTreeMap;

use cxlint::diagnostic::{Diagnostic, Severity};
use cxlint::engine::{RuleSet, RuleSettings};
use cxlint::model::build::load_text;

/// A rule file `TT01-probe.yaml` with the given `params:` and `checks:` blocks.
fn rule_file(params: &str, checks: &str) -> String {
    format!(
        "code: TT01\nname: probe\ngroup: test\nseverity: warning\nsummary: a probe\n{params}help: do better\nexplain: |\n  a probe\nchecks:\n{checks}examples:\n  bad: []\n  good: []\n"
    )
}

fn load(params: &str, checks: &str) -> Result<RuleSet, Vec<Diagnostic>> {
    let mut set = RuleSet::builtin();
    set.load_files(vec![(
        "pack/TT01-probe.yaml".to_string(),
        rule_file(params, checks),
    )])?;
    Ok(set)
}

fn errors(params: &str, checks: &str) -> Vec<Diagnostic> {
    match load(params, checks) {
        Ok(_) => panic!("the rule loaded, but errors were expected"),
        Err(e) => e,
    }
}

/// (line, column) of a diagnostic, with its message and help.
fn place(d: &Diagnostic) -> (usize, usize) {
    d.start()
}

fn only_probe(code: &str) -> Option<RuleSettings> {
    (code == "TT01").then(|| RuleSettings {
        severity: Severity::Warning,
        params: BTreeMap::new(),
    })
}

/// Run the probe rule on a programme body; messages of its diagnostics with lines.
fn run(set: &RuleSet, body: &str) -> Vec<(usize, String)> {
    let text = cxlint::engine::wrap(body);
    let outcome = load_text("probe.cxp", &text);
    assert!(
        outcome.diagnostics.is_empty(),
        "the test programme is invalid: {:?}",
        outcome
            .diagnostics
            .iter()
            .map(|d| &d.message)
            .collect::<Vec<_>>()
    );
    let p = &outcome.programmes[0];
    set.evaluate(p, &only_probe)
        .into_iter()
        .map(|d| (d.start().0, d.message))
        .collect()
}

/// Whether a programme-level condition holds on the programme body.
fn holds(condition: &str, body: &str) -> bool {
    let checks = format!(
        "  - when: '{}'\n    message: 'it holds'\n",
        condition.replace('\'', "''")
    );
    let set = load("", &checks).unwrap_or_else(|e| panic!("{condition}: {}", e[0].message));
    !run(&set, body).is_empty()
}

/// The message of a programme-level check whose message is `template`.
fn message(template: &str, body: &str) -> String {
    let checks = format!(
        "  - when: yes\n    message: '{}'\n",
        template.replace('\'', "''")
    );
    let set = load("", &checks).unwrap_or_else(|e| panic!("{template}: {}", e[0].message));
    run(&set, body).remove(0).1
}

const PLANS: &str = r#"unit "Sales" { facing = front  customer_duty = "Serve" }
unit "Care" { parent = "Sales"  facing = front  empowerment = 500 USD }
pay_plan "Field Sales" {
  applies_to = ["Sales", "Care"]
  on_target  = 1.2M USD
  metric "Bookings" { type = revenue  weight = 90% }
  metric "CSAT" { type = satisfaction  weight = 10%  scope = company }
}
spend "CRM" { category = technology  amount = 300k USD  date = 2027-03 }
spend "Coaching" { category = people  amount = 100k USD }
product "App" { release_every = 18 months  last_release = 2026-01-15 }
"#;

// ---------------------------------------------------------------- loading errors

#[test]
fn a_syntax_error_points_into_the_rule_file() {
    let e = errors("", "  - when: self.facing ==\n    message: 'x'\n");
    assert_eq!(e.len(), 1);
    assert!(e[0].message.contains("cannot be read"), "{}", e[0].message);
    assert_eq!(e[0].file.path, "pack/TT01-probe.yaml");
    assert_eq!(place(&e[0]).0, 10);
}

#[test]
fn a_misspelled_attribute_is_named_with_a_suggestion() {
    let e = errors(
        "",
        "  - for: unit\n    when: self.facng == front\n    message: 'x'\n",
    );
    assert_eq!(e.len(), 1);
    assert!(
        e[0].message.contains("no attribute `facng`"),
        "{}",
        e[0].message
    );
    assert_eq!(e[0].help.as_deref(), Some("did you mean `facing`?"));
    assert_eq!(place(&e[0]), (11, 11));
}

#[test]
fn a_misspelled_block_kind_is_named() {
    let e = errors("", "  - for: unitt\n    when: yes\n    message: 'x'\n");
    assert!(e[0].message.contains("`unitt` is not a block kind"));
    assert_eq!(e[0].help.as_deref(), Some("did you mean `unit`?"));
    assert_eq!(place(&e[0]), (10, 10));
}

#[test]
fn an_unknown_function_is_named() {
    let e = errors("", "  - when: cout(programme.unit) > 0\n    message: 'x'\n");
    assert!(e[0].message.contains("unknown function `cout`"));
    assert_eq!(e[0].help.as_deref(), Some("did you mean `count`?"));
    assert_eq!(place(&e[0]), (10, 11));
}

#[test]
fn an_enum_word_must_belong_to_the_compared_enum() {
    let e = errors(
        "",
        "  - for: unit\n    when: self.facing == frnt\n    message: 'x'\n",
    );
    assert!(
        e[0].message.contains("`frnt` is not a facing word"),
        "{}",
        e[0].message
    );
    assert_eq!(e[0].help.as_deref(), Some("did you mean `front`?"));
    assert_eq!(place(&e[0]), (11, 26));
    // A word of another enum is refused too.
    let e = errors(
        "",
        "  - for: spend\n    when: self.category == retention\n    message: 'x'\n",
    );
    assert!(e[0].message.contains("not a spend category word"));
}

#[test]
fn percentages_and_amounts_do_not_compare() {
    let e = errors(
        "",
        "  - for: metric\n    when: self.weight < 100 USD\n    message: 'x'\n",
    );
    assert!(e[0]
        .message
        .contains("cannot compare a percentage and an amount of money"));
    let e = errors(
        "",
        "  - for: metric\n    when: self.weight < 30\n    message: 'x'\n",
    );
    assert_eq!(e[0].help.as_deref(), Some("write `30%` for a percentage"));
}

#[test]
fn a_bad_parameter_default_is_refused() {
    let params = "params:\n  floor:\n    type: pct\n    default: 25\n    doc: a floor\n";
    let e = errors(params, "  - when: yes\n    message: 'x'\n");
    assert!(
        e[0].message.contains("the default of `floor`"),
        "{}",
        e[0].message
    );
    assert_eq!(place(&e[0]).0, 9);
    let params = "params:\n  floor:\n    type: pcnt\n    default: 25%\n";
    let e = errors(params, "  - when: yes\n    message: 'x'\n");
    assert_eq!(e[0].help.as_deref(), Some("did you mean `pct`?"));
}

#[test]
fn every_error_of_a_file_is_reported() {
    let checks = "  - for: unit\n    when: self.facng == front\n    message: '{self.lable}'\n  - when: cout(programme.unit) > 0\n    message: 'x'\n";
    let e = errors("", checks);
    assert_eq!(
        e.len(),
        3,
        "{:?}",
        e.iter().map(|d| &d.message).collect::<Vec<_>>()
    );
}

#[test]
fn unknown_fields_are_errors() {
    let text = rule_file("", "  - when: yes\n    message: 'x'\n    wen: no\n");
    let mut set = RuleSet::default();
    let e = set
        .load_files(vec![("pack/TT01-probe.yaml".to_string(), text)])
        .unwrap_err();
    assert_eq!(e[0].code, "YAML");
}

#[test]
fn codes_are_unique_across_packs() {
    let text = rule_file("", "  - when: yes\n    message: 'x'\n")
        .replace("TT01", "FM06")
        .replace("name: probe", "name: reap-what-you-sow");
    let mut set = RuleSet::builtin();
    let e = set
        .load_files(vec![("pack/FM06-reap-what-you-sow.yaml".to_string(), text)])
        .unwrap_err();
    assert!(e[0].message.contains("already used"), "{}", e[0].message);
}

#[test]
fn another_rules_parameter_must_exist() {
    let e = errors(
        "",
        "  - when: 10% < FM06.min_customer_weigth\n    message: 'x'\n",
    );
    assert!(e[0].message.contains("FM06 has no parameter"));
    assert_eq!(e[0].help, None);
    assert!(e[0].message.contains("did you mean `min_customer_weight`"));
}

#[test]
fn a_definition_may_not_refer_to_itself() {
    let mut set = RuleSet::default();
    let e = set
        .load_files(vec![(
            "pack/definitions.yaml".to_string(),
            "definitions:\n  loop: not loop\n".to_string(),
        )])
        .unwrap_err();
    assert!(e[0].message.contains("refers to itself"));
}

#[test]
fn self_is_not_allowed_in_a_definition() {
    let mut set = RuleSet::default();
    let e = set
        .load_files(vec![(
            "pack/definitions.yaml".to_string(),
            "definitions:\n  mine: present(self.facing)\n".to_string(),
        )])
        .unwrap_err();
    assert!(e[0]
        .message
        .contains("`self` cannot be used in a definition"));
}

#[test]
fn at_must_name_a_block_or_attribute() {
    let e = errors(
        "",
        "  - when: yes\n    at: count(programme.unit)\n    message: 'x'\n",
    );
    assert!(e[0].message.contains("`at` must name a block"));
}

#[test]
fn file_names_follow_the_code_and_name() {
    let mut set = RuleSet::default();
    let e = set
        .load_files(vec![(
            "pack/probe.yaml".to_string(),
            rule_file("", "  - when: yes\n    message: 'x'\n"),
        )])
        .unwrap_err();
    assert!(e[0].message.contains("TT01-probe.yaml"));
}

#[test]
fn parameters_from_configuration_are_checked() {
    let set = RuleSet::builtin();
    assert!(set
        .check_param("FM06", "min_customer_weight", "40%")
        .is_ok());
    let e = set
        .check_param("FM06", "min_customer_weight", "40")
        .unwrap_err();
    assert!(e.contains("expected a percentage"), "{e}");
    assert!(set
        .check_param("CC10", "max_release_interval", "9 months")
        .is_ok());
    assert!(set
        .check_param("FM01", "max_acquisition_ratio", "2.5")
        .is_ok());
    let e = set
        .check_param("FM06", "min_customer_weigth", "40%")
        .unwrap_err();
    assert!(e.contains("did you mean `min_customer_weight`"), "{e}");
    assert!(set.check_param("ZZ99", "x", "1").is_err());
}

// ---------------------------------------------------------------- evaluation

#[test]
fn comparisons_with_units() {
    assert!(holds("2 years == 24 months", ""));
    assert!(holds("1 quarter < 100 days", ""));
    assert!(holds("25% > 24.5%", ""));
    assert!(holds("300k USD == 300000 USD", ""));
    assert!(holds("300k USD > 0", ""));
    assert!(holds("2027-Q2 == 2027-04-01", ""));
    assert!(holds("2027-03-15 > 2027-03", ""));
    assert!(holds("\"a\" != \"b\"", ""));
    assert!(holds("yes == true and not (no == yes)", ""));
    assert!(holds("1 < 2 or 1 > 2", ""));
}

#[test]
fn arithmetic_with_units() {
    assert!(holds("1.2M USD * 2 == 2400000 USD", ""));
    assert!(holds("2 * 300k USD == 600k USD", ""));
    assert!(holds("100% * (1 / 4) == 25%", ""));
    assert!(holds("30% + 20% == 50%", ""));
    assert!(holds("6 months * 2 == 1 year", ""));
    assert!(holds("1 year - 6 months == 6 months", ""));
    assert!(holds("2026-11-01 - 2026-03-01 == 245 days", ""));
    assert!(holds("600k USD / 300k USD == 2", ""));
    assert!(holds("600k USD / 2 == 300k USD", ""));
    assert!(holds("50% / 25% == 2", ""));
    assert!(holds("10% * 1M USD == 100k USD", ""));
    assert!(holds("-2 < 0", ""));
    assert!(holds("missing(1 / 0)", ""));
}

#[test]
fn navigation_references_and_classes() {
    assert!(holds("count(programme.unit) == 2", PLANS));
    assert!(holds(
        "all(programme.pay_plan, p => count(p.applies_to) == 2)",
        PLANS
    ));
    assert!(holds(
        "any(programme.unit, u => u.parent.label == \"Sales\")",
        PLANS
    ));
    assert!(holds(
        "any(programme.pay_plan, p => any(p.metric, m => m.type.class == customer))",
        PLANS
    ));
    assert!(holds(
        "all(programme.pay_plan, p => any(p.metric, m => m.scope == individual))",
        PLANS
    ));
    assert!(holds("missing(programme.strategy)", PLANS));
    assert!(holds("missing(programme.strategy.identity)", PLANS));
}

#[test]
fn blocks_compare_by_identity() {
    assert!(holds(
        "any(programme.unit, u => any(programme.unit, v => v.parent == u))",
        PLANS
    ));
    assert!(holds("not any(programme.unit, u => u.parent == u)", PLANS));
}

#[test]
fn collection_functions() {
    assert!(holds(
        "count(programme.spend, s => s.category == people) == 1",
        PLANS
    ));
    assert!(holds(
        "sum(programme.spend, s => s.amount) == 400k USD",
        PLANS
    ));
    assert!(holds(
        "sum(filter(programme.spend, s => s.category == service), s => s.amount) == 0",
        PLANS
    ));
    assert!(holds(
        "sum(map(programme.pay_plan, p => sum(p.metric, m => m.weight))) == 100%",
        PLANS
    ));
    assert!(holds(
        "max(programme.spend, s => s.amount) == 300k USD",
        PLANS
    ));
    assert!(holds(
        "min(programme.spend, s => s.amount) == 100k USD",
        PLANS
    ));
    assert!(holds("missing(min(programme.kpi, k => k.target))", PLANS));
    assert!(holds("all(programme.kpi, k => k.type == nps)", PLANS));
    assert!(holds("not any(programme.kpi, k => k.type == nps)", PLANS));
    assert!(holds(
        "join(map(programme.unit, u => u.label), \"+\") == \"Sales+Care\"",
        PLANS
    ));
    assert!(holds("days(2 weeks) == 14", PLANS));
    assert!(holds("\"b\" in [\"a\", \"b\"]", PLANS));
    assert!(holds(
        "any(programme.pay_plan, p => any(p.metric, m => m.type in [revenue, nps]))",
        PLANS
    ));
    assert!(holds(
        "any(programme.pay_plan, p => \"Care\" in map(p.applies_to, u => u.label))",
        PLANS
    ));
    assert!(holds("count([1, 2, 3]) == 3 and count([]) == 0", PLANS));
}

#[test]
fn missing_values() {
    // Comparisons with missing are false, whichever way they are written.
    assert!(!holds("programme.horizon < 5 years", ""));
    assert!(!holds("programme.horizon >= 5 years", ""));
    assert!(!holds("programme.horizon == 5 years", ""));
    assert!(!holds("programme.horizon != 5 years", ""));
    assert!(holds("not (programme.horizon < 5 years)", ""));
    assert!(holds("missing(programme.horizon)", ""));
    assert!(holds("missing(programme.horizon + 1 year)", ""));
    assert!(holds("missing(programme.strategy.identity)", ""));
    // Defaults are present; `none` is present but empty.
    assert!(holds(
        "all(programme.pay_plan, p => all(p.metric, m => present(m.scope)))",
        PLANS
    ));
    let none = "unit \"Stores\" { facing = front  empowerment = none }\n";
    assert!(holds("all(programme.unit, u => present(u.empowerment) and empty(u.empowerment) and u.empowerment == none)", none));
    assert!(holds(
        "all(programme.unit, u => not (u.empowerment > 0))",
        none
    ));
    assert!(holds(
        "all(programme.unit, u => empty(u.customer_duty))",
        none
    ));
    // A missing list is empty for the collection functions.
    assert!(holds(
        "count(programme.segment) == 0 and all(programme.segment, s => no)",
        ""
    ));
    assert!(holds(
        "all(programme.unit, u => missing(u.parent.parent.parent.label))",
        none
    ));
}

#[test]
fn messages_show_values_for_people() {
    assert_eq!(
        message("{sum(programme.spend, s => s.amount) * 3}", PLANS),
        "1,200,000 USD"
    );
    assert_eq!(message("{10%} and {12.5%}", PLANS), "10% and 12.5%");
    assert_eq!(
        message("{max(programme.product, p => p.release_every)}", PLANS),
        "18 months"
    );
    assert_eq!(
        message("{programme.pay_plan}", PLANS),
        "pay plan \"Field Sales\""
    );
    assert_eq!(message("{programme}", PLANS), "programme \"Example\"");
    assert_eq!(
        message("{map(programme.unit, u => u.label)}", PLANS),
        "Sales, Care"
    );
    assert_eq!(message("{2026-03}", PLANS), "2026-03-01");
    assert_eq!(message("{100% * (2 / 3)}", PLANS), "66.67%");
    assert_eq!(message("{{literal}}", PLANS), "{literal}");
}

#[test]
fn at_points_at_an_attribute_or_its_block() {
    let checks = "  - for: unit\n    when: yes\n    at: self.empowerment\n    message: '{self}'\n";
    let set = load("", checks).unwrap();
    let body = "unit \"A\" { facing = front }\nunit \"B\" {\n  parent = \"A\"\n  facing = front\n  empowerment = 5 USD\n}\n";
    let found = run(&set, body);
    assert_eq!(
        found,
        vec![(1, "unit \"A\"".to_string()), (5, "unit \"B\"".to_string())]
    );
    // Navigation through a missing block falls back to the last block reached.
    let checks = "  - when: yes\n    at: programme.strategy.identity\n    message: 'x'\n";
    let set = load("", checks).unwrap();
    let text = "programme \"P\" {\n  currency = USD\n}\n";
    let outcome = load_text("p.cxp", text);
    let d = set.evaluate(&outcome.programmes[0], &only_probe);
    assert_eq!(d[0].start(), (1, 1));
    assert_eq!(d[0].block.as_deref(), Some("programme \"P\""));
}

#[test]
fn lets_parameters_and_other_rules_parameters() {
    let params = "params:\n  floor:\n    type: pct\n    default: 25%\n    doc: a floor\n";
    let checks = "  - for: pay_plan\n    let:\n      customer: class_weight(self, customer)\n      double: customer * 2\n    when: double < floor and customer < FM06.min_customer_weight\n    message: '{self} {customer} {double} {floor}'\n";
    let set = load(params, checks).unwrap();
    assert_eq!(
        run(&set, PLANS),
        vec![(3, "pay plan \"Field Sales\" 10% 20% 25%".to_string())]
    );
    // A parameter set in configuration replaces the default.
    let text = cxlint::engine::wrap(PLANS);
    let outcome = load_text("p.cxp", &text);
    let settings = |code: &str| {
        (code == "TT01").then(|| RuleSettings {
            severity: Severity::Error,
            params: BTreeMap::from([("floor".to_string(), "15%".to_string())]),
        })
    };
    assert!(set.evaluate(&outcome.programmes[0], &settings).is_empty());
}

#[test]
fn a_let_may_share_its_name_with_an_enum_word() {
    let checks = "  - let:\n      technology: sum(filter(programme.spend, s => s.category == technology), s => s.amount)\n    when: technology > 0\n    message: '{technology}'\n";
    let set = load("", checks).unwrap();
    assert_eq!(run(&set, PLANS), vec![(1, "300,000 USD".to_string())]);
}

#[test]
fn the_scorecard_is_a_list() {
    assert!(holds("count(scorecard) == 10", ""));
    assert!(holds("count(scorecard, c => c.made) == 0", ""));
    assert_eq!(
        message(
            "{map(filter(scorecard, c => c.number == 1), c => c.title)}",
            ""
        ),
        "customer pleaser declared (not an efficiency chaser)"
    );
}

#[test]
fn evaluation_stops_at_its_step_budget() {
    let checks = "  - when: any(programme.unit, a => any(programme.unit, b => any(programme.unit, c => a == b and b == c and no)))\n    message: 'x'\n";
    let mut set = load("", checks).unwrap();
    set.set_budget(5_000);
    let mut body = String::from("unit \"U0\" { facing = back }\n");
    for i in 1..60 {
        body.push_str(&format!(
            "unit \"U{i}\" {{ parent = \"U0\"  facing = back }}\n"
        ));
    }
    let found = run(&set, &body);
    assert_eq!(found.len(), 1);
    assert!(found[0].1.contains("stopped before finishing"));
}

#[test]
fn rule_sets_are_send_and_sync() {
    fn check<T: Send + Sync>() {}
    check::<RuleSet>();
}

// ---------------------------------------------------------------- hostile rule files

#[test]
fn deeply_nested_expressions_are_refused() {
    let deep = format!("{}yes{}", "(".repeat(1_500), ")".repeat(1_500));
    let e = errors("", &format!("  - when: {deep}\n    message: 'x'\n"));
    assert!(
        e[0].message.contains("nested more than"),
        "{}",
        e[0].message
    );
    let nots = "not ".repeat(900);
    let e = errors("", &format!("  - when: {nots}yes\n    message: 'x'\n"));
    assert!(
        e[0].message.contains("nested more than"),
        "{}",
        e[0].message
    );
    let long = "1 + ".repeat(2_000);
    let e = errors("", &format!("  - when: {long}1 > 0\n    message: 'x'\n"));
    assert!(e[0].message.contains("longer than"), "{}", e[0].message);
}

#[test]
fn definitions_that_grow_without_bound_are_refused() {
    let mut defs = String::from("definitions:\n");
    for i in 0..40 {
        defs.push_str(&format!("  d{i}: d{} and d{}\n", i + 1, i + 1));
    }
    defs.push_str("  d40: yes\n");
    let mut set = RuleSet::default();
    let e = set
        .load_files(vec![("pack/definitions.yaml".to_string(), defs)])
        .unwrap_err();
    assert!(e[0].message.contains("too large"), "{}", e[0].message);
}

#[test]
fn places_inside_quoted_and_block_values() {
    // In a quoted message, after a doubled quote.
    let e = errors(
        "",
        "  - for: unit\n    when: yes\n    message: 'it''s {self.lable}'\n",
    );
    assert!(e[0].message.contains("no attribute `lable`"));
    assert_eq!(place(&e[0]), (12, 22));
    // In a block scalar, on its second line.
    let e = errors("", "  - for: unit\n    when: >-\n      self.facing == front\n      and self.headcont > 3\n    message: 'x'\n");
    assert!(e[0].message.contains("no attribute `headcont`"));
    assert_eq!(place(&e[0]), (13, 11));
}

#[test]
fn hostile_nesting_is_refused_before_parsing() {
    use cxlint::rulelang::ast;
    for (open, close) in [
        ("(", ")"),
        ("[", "]"),
        ("f(", ")"),
        ("x => ", ""),
        ("not ", ""),
        ("- ", ""),
    ] {
        let text = format!("{}1{}", open.repeat(100_000), close.repeat(100_000));
        assert!(
            ast::parse(&text, 0, &|o: usize| o).is_err(),
            "{open}…{close}"
        );
        let text = format!("{}1{}", open.repeat(1_000), close.repeat(1_000));
        assert!(
            ast::parse(&text, 0, &|o: usize| o).is_err(),
            "{open}…{close}"
        );
    }
    let text = format!("{}1{}", "(".repeat(60), ")".repeat(60));
    assert!(ast::parse(&text, 0, &|o: usize| o).is_ok());
    let text = format!("{}1{}", "f(x => ".repeat(6), ")".repeat(6));
    assert!(ast::parse(&text, 0, &|o: usize| o).is_ok());
}

#[test]
fn a_let_name_given_twice_is_an_error() {
    let e = errors(
        "",
        "  - let:\n      a: 1\n      a: 2\n    when: a > 0\n    message: 'x'\n",
    );
    assert!(!e.is_empty());
    assert!(
        e[0].message.contains("twice") || e[0].code == "YAML",
        "{}",
        e[0].message
    );
}

#[test]
fn places_after_non_ascii_text() {
    let e = errors(
        "",
        "  - for: unit\n    when: yes\n    message: 'café ☕ {self.lable}'\n",
    );
    assert_eq!(place(&e[0]), (12, 23));
    let snippet = &e[0].file.text[e[0].span.clone()];
    assert_eq!(snippet, "self.lable");
    let e = errors("", "  - when: \"é\" == \n    message: 'x'\n");
    assert!(e[0].file.text.is_char_boundary(e[0].span.start));
    assert!(e[0].file.text.is_char_boundary(e[0].span.end));
}

/// The forms the evaluator answers through an index on long lists (`x in list`,
/// `filter(list, x => v in x.key)`, `filter(list, x => x in other)`) give what testing
/// every item gives, in the same order, on short and long lists alike; `flatten` joins
/// lists in order.
#[test]
fn indexed_lookups_give_what_testing_every_item_gives() {
    for n in [5, 60] {
        let mut body = String::from("unit \"Top\" { facing = back }\n");
        for i in 0..n {
            body.push_str(&format!(
                "unit \"U{i}\" {{ parent = \"Top\"  facing = front }}\n"
            ));
        }
        for i in 0..n {
            let kind = if i % 3 == 0 {
                "training"
            } else {
                "process_change"
            };
            body.push_str(&format!(
                "initiative \"I{i}\" {{ kind = {kind}  affects = [\"U{}\", \"U{}\"] }}\n",
                (i * 7) % n,
                (i * 7 + 1) % n
            ));
        }
        for i in 0..n / 2 {
            body.push_str(&format!(
                "promise \"P{i}\" {{ channel = advertising  backed_by = [\"I{}\"] }}\n",
                (i * 3) % n
            ));
        }
        // Each pair: an indexed form, and the same written so that no index applies.
        let pairs = [
            (
                "{map(filter(programme.initiative, i => self in i.affects), i => i.label)}",
                "{map(filter(programme.initiative, i => yes and self in i.affects), i => i.label)}",
            ),
            (
                "{self in flatten(map(filter(programme.initiative, i => i.kind == training), i => i.affects))}",
                "{any(filter(programme.initiative, i => i.kind == training), i => self in i.affects)}",
            ),
            (
                "{map(filter(programme.initiative, i => i in flatten(map(programme.promise, p => p.backed_by))), i => i.label)}",
                "{map(filter(programme.initiative, i => any(programme.promise, p => i in p.backed_by)), i => i.label)}",
            ),
        ];
        for (indexed, plain) in pairs {
            // Once in a message (computed for each finding), once in a `let` (where the
            // parts the same for every unit are computed once).
            let checks = |m: &str| {
                let e = m.trim_start_matches('{').trim_end_matches('}');
                format!(
                    "  - for: unit\n    when: self.facing == front\n    message: '{}'\n  - for: unit\n    let:\n      t: \"{}\"\n    when: self.facing == front\n    message: '{{t}}'\n",
                    m.replace('\'', "''"),
                    e.replace('"', "\\\"")
                )
            };
            let a = run(&load("", &checks(indexed)).expect("loads"), &body);
            let b = run(&load("", &checks(plain)).expect("loads"), &body);
            assert_eq!(a.len(), 2 * n, "{indexed}");
            assert_eq!(a, b, "{indexed} on {n} units");
        }
    }
    assert!(holds(
        "flatten([[1, 2], [3]]) == [1, 2, 3] and count(flatten([])) == 0",
        ""
    ));
}
