//! The rule language and engine checked against docs/rule-language.md, statement by
//! statement: operators, functions, missing values, type errors pointing into
//! the rule file, parameters, definitions, the scorecard, `at`, the step budget and
//! examples.

use std::collections::BTreeMap;

use cxlint::diagnostic::{Diagnostic, Severity};
use cxlint::engine::{RuleSet, RuleSettings};

const PROGRAMME: &str = r#"programme "Acme" {
  currency = USD
  horizon = 36 months
  updated = 2026-11-01
  strategy { identity = customer_pleaser }
  segment "Homeowners" { stance = serve  values = ["speed", "honesty"] }
  segment "Bargain hunters" { stance = decline  reason = "price only" }
  unit "Company" { facing = back  customer_duty = "keep promises" }
  unit "Field" { parent = "Company"  facing = front  empowerment = 500 USD }
  unit "Care" { parent = "Company"  facing = front  empowerment = none }
  pay_plan "Sales" {
    applies_to = "Field"
    on_target = 120k USD
    metric "Bookings" { type = revenue  weight = 70% }
    metric "NPS" { type = nps  weight = 30%  scope = company }
  }
  spend "Ads" { category = marketing  purpose = acquisition  amount = 1.2M USD }
  spend "Club" { category = service  purpose = retention  amount = 400k USD }
  product "Plan" { release_every = 18 months  last_release = 2025-03-01 }
  relationship "Care" { segment = "Homeowners"  horizon = 2 years  elements = [involvement, choice] }
  listening "Follow-up" { channel = survey  trigger = event  every = 90 days }
  kpi "Retention" { type = retention }
  kpi "Cost" { type = cost }
}
"#;

/// The probe rule (TT01) with one check, written without its final line break.
fn rule_file(params: &str, check: &str) -> String {
    super::rule_file(params, &format!("{check}\n"))
}

fn load_pack(files: &[(&str, &str)]) -> Result<RuleSet, Vec<Diagnostic>> {
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in files {
        let path = dir.path().join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    let mut set = RuleSet::builtin();
    set.load_dir(dir.path())?;
    Ok(set)
}

fn load(rule: &str) -> Result<RuleSet, Vec<Diagnostic>> {
    load_pack(&[("TT01-probe.yaml", rule)])
}

fn run(set: &RuleSet, code: &str, programme: &str, params: &[(&str, &str)]) -> Vec<Diagnostic> {
    let outcome = cxlint::model::build::load_text("test.cxp", programme);
    assert!(outcome.diagnostics.is_empty(), "{:?}", outcome.diagnostics);
    let p = &outcome.programmes[0];
    let params: BTreeMap<String, String> = params
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    set.evaluate(p, &|c: &str| {
        (c == code).then(|| RuleSettings {
            severity: Severity::Info,
            params: params.clone(),
        })
    })
}

/// The value of `expr` on PROGRAMME as a message shows it.
fn value(expr: &str) -> String {
    let check = format!("  - when: yes\n    message: '{{{expr}}}'");
    let set = load(&rule_file("", &check)).unwrap_or_else(|e| panic!("{expr}: {}", messages(&e)));
    let d = run(&set, "TT01", PROGRAMME, &[]);
    assert_eq!(d.len(), 1, "{expr}");
    d[0].message.clone()
}

fn holds(cond: &str) -> bool {
    let check = format!("  - when: '{cond}'\n    message: fired");
    let set = load(&rule_file("", &check)).unwrap_or_else(|e| panic!("{cond}: {}", messages(&e)));
    !run(&set, "TT01", PROGRAMME, &[]).is_empty()
}

/// The load errors of a rule with this one check, as `line:col: message`.
fn errors(check: &str) -> Vec<String> {
    match load(&rule_file("", check)) {
        Ok(_) => Vec::new(),
        Err(e) => e
            .iter()
            .map(|d| {
                let (l, c) = d.start();
                match &d.help {
                    Some(h) => format!("{l}:{c}: {} ({h})", d.message),
                    None => format!("{l}:{c}: {}", d.message),
                }
            })
            .collect(),
    }
}

fn messages(e: &[Diagnostic]) -> String {
    e.iter()
        .map(|d| format!("{}:{:?}: {}", d.file.path, d.start(), d.message))
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn literals_and_arithmetic() {
    assert_eq!(value("1 + 2 * 3"), "7");
    assert_eq!(value("(1 + 2) * 3"), "9");
    assert_eq!(value("10 / 4"), "2.5");
    assert_eq!(value("25% + 5%"), "30%");
    assert_eq!(value("25% * 2"), "50%");
    assert_eq!(value("300k USD * 4"), "1,200,000 USD");
    assert_eq!(value("2.4M USD / 2"), "1,200,000 USD");
    assert_eq!(value("1.2M USD / 400k USD"), "3");
    assert_eq!(value("30% / 10%"), "3");
    assert_eq!(value("18 months"), "18 months");
    assert_eq!(value("6 months * 3"), "18 months");
    assert_eq!(value("2027-03-15"), "2027-03-15");
    assert_eq!(value("2027-Q2"), "2027-04-01");
    assert_eq!(value("2026-11-01 - 2026-03-01"), "245 days");
    assert_eq!(value("days(2 weeks)"), "14");
    assert_eq!(value("-3 + 1"), "-2");
    assert_eq!(value("\"text\""), "text");
}

#[test]
fn comparisons() {
    assert!(holds(
        "1 < 2 and 2 <= 2 and 3 > 2 and 3 >= 3 and 1 == 1 and 1 != 2"
    ));
    assert!(holds("24 months == 2 years"));
    assert!(holds("90 days < 3 months + 1 day"));
    assert!(holds("2027-01-01 > 2026-12-31"));
    assert!(holds("1.2M USD > 1000"));
    assert!(holds(
        "programme.strategy.identity in [customer_pleaser, efficiency_chaser]"
    ));
    assert!(!holds("1 > 2 or not yes"));
    assert!(holds("not (1 > 2)"));
    assert!(holds(
        "any(programme.relationship, r => any(programme.segment, s => r.segment == s))"
    ));
    assert!(!holds(
        "any(programme.relationship, r => all(programme.segment, s => r.segment == s))"
    ));
}

#[test]
fn navigation() {
    assert_eq!(value("programme"), "programme \"Acme\"");
    assert_eq!(value("programme.horizon"), "36 months");
    assert_eq!(value("programme.strategy.identity"), "customer_pleaser");
    assert_eq!(value("programme.strategy"), "strategy");
    assert_eq!(value("count(programme.unit)"), "3");
    assert_eq!(
        value("map(programme.unit, u => u.label)"),
        "Company, Field, Care"
    );
    assert_eq!(
        value("map(programme.pay_plan, p => p.applies_to)"),
        "unit \"Field\""
    );
    assert_eq!(
        value("map(programme.relationship, r => r.segment)"),
        "segment \"Homeowners\""
    );
    assert_eq!(
        value("map(programme.kpi, k => k.type.class)"),
        "customer, efficiency"
    );
    assert!(holds(
        "any(programme.relationship, r => r.segment.stance == serve)"
    ));
}

#[test]
fn collection_functions() {
    assert_eq!(value("count(programme.unit, u => u.facing == front)"), "2");
    assert!(holds("any(programme.unit, u => u.facing == back)"));
    assert!(!holds("all(programme.unit, u => u.facing == back)"));
    assert!(holds("all(programme.objective, o => present(o.owner))"));
    assert_eq!(
        value("filter(programme.unit, u => u.facing == front)"),
        "unit \"Field\", unit \"Care\""
    );
    assert_eq!(
        value("sum(programme.spend, s => s.amount)"),
        "1,600,000 USD"
    );
    assert_eq!(value("sum(programme.objective, o => 1)"), "0");
    assert_eq!(value("sum(map(programme.pay_plan, p => 10%))"), "10%");
    assert_eq!(value("min(programme.spend, s => s.amount)"), "400,000 USD");
    assert_eq!(
        value("max(programme.spend, s => s.amount)"),
        "1,200,000 USD"
    );
    assert_eq!(value("max(programme.objective, o => o.due)"), "not given");
    assert_eq!(
        value(
            "join(map(filter(programme.segment, s => s.stance == decline), s => s.reason), \", \")"
        ),
        "price only"
    );
    assert_eq!(
        value("map(programme.pay_plan, p => class_weight(p, customer))"),
        "30%"
    );
}

#[test]
fn missing_and_none() {
    assert!(holds("missing(programme.strategy.customer_role)"));
    assert!(holds("present(programme.strategy.identity)"));
    assert!(!holds("programme.strategy.customer_role == end"));
    assert!(!holds("programme.strategy.customer_role != end"));
    assert!(holds("any(programme.unit, u => u.empowerment == none)"));
    assert!(holds("any(programme.unit, u => empty(u.empowerment))"));
    assert!(holds("any(programme.unit, u => empty(u.customer_duty))"));
    assert!(holds("count(programme.objective) == 0"));
    assert!(holds("missing(programme.strategy.experience)"));
    assert!(holds(
        "all(programme.pay_plan, p => missing(p.variable * 2))"
    ));
    assert!(holds(
        "all(programme.pay_plan, p => all(p.metric, m => present(m.scope)))"
    ));
    assert!(!holds(
        "any(programme.pay_plan, p => p.variable < 10% or p.variable >= 10%)"
    ));
    assert!(!holds(
        "not missing(programme.strategy.customer_role) and yes"
    ));
    assert!(holds("missing(programme.strategy.customer_role) or no"));
}

#[test]
fn type_errors_point_into_the_rule_file() {
    // The check starts on line 10 of the rule file; `when:` values at column 11.
    let e = errors("  - for: unit\n    when: self.facin == front\n    message: x");
    assert_eq!(e.len(), 1, "{e:?}");
    assert!(
        e[0].starts_with("11:11: a unit has no attribute `facin`"),
        "{e:?}"
    );

    let e = errors("  - for: unit\n    when: self.facing == frnt\n    message: x");
    assert!(
        e[0].starts_with("11:26: `frnt` is not a facing word"),
        "{e:?}"
    );

    let e = errors("  - for: pay_plan\n    when: self.variable < 300k USD\n    message: x");
    assert!(e[0].starts_with("11:11:"), "{e:?}");
    assert!(
        e[0].contains("percentage") && e[0].contains("money"),
        "{e:?}"
    );

    let e = errors("  - when: cont(programme.unit) > 0\n    message: x");
    assert!(e[0].contains("unknown function `cont`"), "{e:?}");

    let e = errors("  - for: pay_plna\n    when: yes\n    message: x");
    assert!(
        e[0].starts_with("10:10: `pay_plna` is not a block kind") && e[0].contains("`pay_plan`"),
        "{e:?}"
    );

    let e = errors("  - when: programme.horizon\n    message: x");
    assert!(e[0].contains("yes or no"), "{e:?}");

    let e = errors("  - when: yes\n    message: 'the {programme.horizn}'");
    assert!(
        e[0].starts_with("11:20: a programme has no attribute `horizn`"),
        "{e:?}"
    );

    let e = errors("  - when: 1 +\n    message: x");
    assert!(e[0].contains("read"), "{e:?}");

    let e = errors("  - when: yes\n    at: 1\n    message: x");
    assert!(e[0].contains("`at` must name a block"), "{e:?}");
}

#[test]
fn rule_fields_are_checked() {
    let bad = rule_file("", "  - when: yes\n    message: x\n    severity: error");
    assert!(load(&bad).is_err());
    let bad = rule_file("", "  - when: yes\n    message: x")
        .replace("severity: warning", "severity: fatal");
    let e = load(&bad).unwrap_err();
    assert!(e[0].message.contains("severity"), "{}", messages(&e));
    let bad = rule_file("", "  - when: yes\n    message: x").replace("code: TT01", "code: xx1");
    assert!(load(&bad).is_err());
    let bad = rule_file("", "  - when: yes\n    message: x").replace("code: TT01", "code: E001");
    assert!(load(&bad).is_err());
    let dup = rule_file("", "  - when: yes\n    message: x").replace("code: TT01", "code: FM06");
    let e = load(&dup).unwrap_err();
    assert!(e[0].message.contains("already used"), "{}", messages(&e));
}

#[test]
fn params_are_typed() {
    let p = "params:\n  limit:\n    type: pct\n    default: 25%\n    doc: a limit\n";
    let set = load(&rule_file(p, "  - for: pay_plan\n    when: class_weight(self, customer) < limit\n    message: '{self} has {class_weight(self, customer)} < {limit}'")).unwrap();
    assert!(run(&set, "TT01", PROGRAMME, &[]).is_empty());
    let d = run(&set, "TT01", PROGRAMME, &[("limit", "40%")]);
    assert_eq!(d[0].message, "pay plan \"Sales\" has 30% < 40%");
    assert_eq!(d[0].severity, Severity::Info);
    assert_eq!(d[0].block.as_deref(), Some("pay_plan \"Sales\""));
    assert_eq!(d[0].help.as_deref(), Some("do better"));
    assert!(set.check_param("TT01", "limit", "40%").is_ok());
    assert!(set.check_param("TT01", "limit", "40").is_err());
    assert!(set.check_param("TT01", "limit", "9 months").is_err());
    assert!(set
        .check_param("TT01", "limt", "40%")
        .unwrap_err()
        .contains("did you mean `limit`"));
    // The built-in rules' parameters are checked in main.rs
    // (`parameters_from_configuration_are_checked`).
    assert!(set
        .check_param("FM01", "max_acquisition_ratio", "2.5%")
        .is_err());
    assert!(set.check_param("ZZ99", "x", "1").is_err());

    let bad = "params:\n  limit:\n    type: pct\n    default: 25 USD\n    doc: a limit\n";
    let e = load(&rule_file(bad, "  - when: yes\n    message: x")).unwrap_err();
    assert!(e[0].message.contains("percentage"), "{}", messages(&e));
    let (l, _) = e[0].start();
    assert_eq!(l, 9);
    let bad = "params:\n  limit:\n    type: percent\n    default: 25%\n";
    assert!(load(&rule_file(bad, "  - when: yes\n    message: x")).is_err());
    let num = "params:\n  ratio:\n    type: num\n    default: 2.0\n";
    let set = load(&rule_file(
        num,
        "  - when: ratio == 2\n    message: '{ratio}'",
    ))
    .unwrap();
    assert_eq!(run(&set, "TT01", PROGRAMME, &[])[0].message, "2");
}

#[test]
fn other_rules_params_and_definitions() {
    let set = load(&rule_file(
        "",
        "  - when: FM06.min_customer_weight == 25%\n    message: '{FM06.min_customer_weight}'",
    ))
    .unwrap();
    assert_eq!(run(&set, "TT01", PROGRAMME, &[])[0].message, "25%");
    let e = errors("  - when: FM06.min_custmer_weight == 25%\n    message: x");
    assert!(e[0].contains("did you mean `min_customer_weight`"), "{e:?}");

    let defs = "definitions:\n  big_spend(s): s.amount > 1M USD\n  fronts: filter(programme.unit, u => u.facing == front)\n";
    let rule = rule_file(
        "",
        "  - for: spend\n    when: big_spend(self) and count(fronts) == 2\n    message: '{self}'",
    );
    let set = load_pack(&[("definitions.yaml", defs), ("TT01-probe.yaml", &rule)]).unwrap();
    let d = run(&set, "TT01", PROGRAMME, &[]);
    assert_eq!(d.len(), 1);
    assert_eq!(d[0].message, "spend \"Ads\"");

    let selfref = "definitions:\n  loop: not loop\n";
    assert!(load_pack(&[
        ("definitions.yaml", selfref),
        (
            "TT01-probe.yaml",
            &rule_file("", "  - when: loop\n    message: x")
        )
    ])
    .is_err());
    let clash = "definitions:\n  choice_identity: yes\n";
    assert!(load_pack(&[
        ("definitions.yaml", clash),
        (
            "TT01-probe.yaml",
            &rule_file("", "  - when: yes\n    message: x")
        )
    ])
    .is_err());
}

#[test]
fn scorecard_entries() {
    // Choice 10 is missed: the product's 18 months exceed CC10's 12.
    let set = load(&rule_file("", "  - when: count(scorecard, c => c.made) == 4\n    message: '{map(filter(scorecard, c => not c.made), c => c.number)}'")).unwrap();
    let d = run(&set, "TT01", PROGRAMME, &[]);
    assert_eq!(
        d.len(),
        1,
        "{:?}",
        RuleSet::builtin()
            .scorecard(&cxlint::model::build::load_text("t", PROGRAMME).programmes[0])
    );
    assert_eq!(d[0].message, "2, 3, 6, 7, 8, 10");
    let card = set.scorecard(&cxlint::model::build::load_text("t", PROGRAMME).programmes[0]);
    assert_eq!(card.len(), 10);
    assert_eq!(card[0].number, 1);
    assert!(card[0].made);
    assert!(!card[1].made);
}

#[test]
fn at_points_at_attributes_and_blocks() {
    let set = load(&rule_file("", "  - for: unit\n    when: self.facing == front\n    at: self.empowerment\n    message: x\n  - when: yes\n    at: programme.strategy.customer_role\n    message: y\n  - when: yes\n    at: programme.horizon\n    message: z")).unwrap();
    let d = run(&set, "TT01", PROGRAMME, &[]);
    let at: Vec<(usize, usize, String)> = d
        .iter()
        .map(|d| {
            let (l, c) = d.start();
            (l, c, d.block.clone().unwrap_or_default())
        })
        .collect();
    assert!(
        at.contains(&(9, 54, "unit \"Field\"".to_string())),
        "{at:?}"
    );
    assert!(
        at.contains(&(10, 53, "unit \"Care\"".to_string())),
        "{at:?}"
    );
    assert!(at.contains(&(5, 3, "strategy".to_string())), "{at:?}");
    assert!(
        at.contains(&(3, 3, "programme \"Acme\"".to_string())),
        "{at:?}"
    );
}

#[test]
fn evaluation_stops_at_its_step_budget() {
    let mut text = String::from("programme \"Big\" {\n  currency = USD\n");
    text.push_str("  unit \"U0\" { facing = front }\n");
    for i in 1..60 {
        text.push_str(&format!(
            "  unit \"U{i}\" {{ parent = \"U0\"  facing = front }}\n"
        ));
    }
    text.push_str("}\n");
    // Each level depends on the ones around it, so nothing can be computed once.
    let deep = "count(programme.unit, a => count(programme.unit, b => count(programme.unit, c => count(programme.unit, d => d == a and c == b) > 0) > 0) > 0) > 0";
    let set = load(&rule_file("", &format!("  - when: {deep}\n    message: x"))).unwrap();
    let outcome = cxlint::model::build::load_text("big.cxp", &text);
    let started = std::time::Instant::now();
    let d = set.evaluate(&outcome.programmes[0], &|c: &str| {
        (c == "TT01").then(|| RuleSettings {
            severity: Severity::Error,
            params: BTreeMap::new(),
        })
    });
    assert_eq!(d.len(), 1);
    assert!(d[0].message.contains("steps"), "{}", d[0].message);
    assert!(started.elapsed().as_secs() < 30);
}

#[test]
fn rules_that_are_off_do_not_run() {
    let set = RuleSet::builtin();
    let outcome = cxlint::model::build::load_text("t.cxp", "programme \"X\" { currency = USD }");
    let d = set.evaluate(&outcome.programmes[0], &|_| None);
    assert!(d.is_empty());
    let d = set.evaluate(&outcome.programmes[0], &|c: &str| {
        (c == "CM01").then(|| RuleSettings {
            severity: Severity::Error,
            params: BTreeMap::new(),
        })
    });
    assert_eq!(d.len(), 1);
    assert_eq!(d[0].code, "CM01");
    assert_eq!(d[0].name, "all-or-nothing");
    assert_eq!(d[0].severity, Severity::Error);
    assert!(
        d[0].message
            .starts_with("0 of 10 critical choices are made; missing: customer pleaser declared"),
        "{}",
        d[0].message
    );
}

fn pack_with_examples(bad: &str, good: &str) -> RuleSet {
    let rule = format!(
        "code: TT01\nname: probe\ngroup: test\nseverity: warning\nsummary: a test\nhelp: h\nexplain: e\nchecks:\n  - for: unit\n    when: self.facing == front\n    message: '{{self}} faces customers'\nexamples:\n  bad:\n    - |\n{}\n  good:\n    - |\n{}\n",
        indent(bad),
        indent(good)
    );
    load(&rule).unwrap_or_else(|e| panic!("{}", messages(&e)))
}

fn indent(text: &str) -> String {
    text.lines()
        .map(|l| format!("      {l}"))
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn examples_must_fire_where_marked() {
    let set = pack_with_examples(
        "unit \"Root\" { facing = back }\nunit \"A\" {  # expect: TT01\n  parent = \"Root\"\n  facing = front\n}",
        "unit \"Root\" { facing = back }",
    );
    let r = set.run_examples(Some(&["TT01".to_string()]));
    assert_eq!(r.len(), 2);
    assert!(r.iter().all(|r| r.passed), "{r:?}");

    // Marked on the wrong line.
    let set = pack_with_examples(
        "unit \"Root\" { facing = back }\nunit \"A\" {\n  parent = \"Root\"  # expect: TT01\n  facing = front\n}",
        "unit \"Root\" { facing = front }",
    );
    let r = set.run_examples(Some(&["TT01".to_string()]));
    assert!(!r[0].passed && !r[1].passed, "{r:?}");
    assert!(
        r[0].problems
            .iter()
            .any(|p| p.contains("line 3") && p.contains("line 2")),
        "{r:?}"
    );
    assert!(r[1].problems[0].contains("line 1"), "{r:?}");

    // An example that is not a valid programme fails with its E diagnostics.
    let set = pack_with_examples(
        "unit \"A\" { facing = sideways }  # expect: TT01",
        "unit \"B\" { facing = back }",
    );
    let r = set.run_examples(None);
    let mine: Vec<_> = r.iter().filter(|r| r.code == "TT01").collect();
    assert!(!mine[0].passed);
    assert!(
        mine[0].diagnostics.iter().any(|d| d.code == "E004"),
        "{mine:?}"
    );
    assert!(mine[1].passed);
}

#[test]
fn lets_use_earlier_lets_and_messages_keep_literal_braces() {
    let check = "  - let:\n      fronts: filter(programme.unit, u => u.facing == front)\n      n: count(fronts)\n    when: n == 2\n    message: '{{n}} is {n}: {fronts}'";
    let set = load(&rule_file("", check)).unwrap_or_else(|e| panic!("{}", messages(&e)));
    let d = run(&set, "TT01", PROGRAMME, &[]);
    assert_eq!(d[0].message, "{n} is 2: unit \"Field\", unit \"Care\"");
}

#[test]
fn packs_that_cannot_be_read_are_errors() {
    let empty = tempfile::tempdir().unwrap();
    let mut set = RuleSet::builtin();
    let before = set.rules().len();
    assert!(set.load_dir(&empty.path().join("absent")).is_err());
    // A YAML error points at its line in the rule file.
    let e = load("code: TT01\nname: [unclosed\n").unwrap_err();
    assert!(
        e[0].file.path.ends_with("TT01-probe.yaml"),
        "{}",
        messages(&e)
    );
    // A failed pack adds nothing.
    assert_eq!(set.rules().len(), before);
    let unknown = rule_file("", "  - when: yes\n    message: x")
        .replace("help: do better\n", "help: do better\nhelpp: typo\n");
    let e = load(&unknown).unwrap_err();
    assert!(e[0].message.contains("helpp"), "{}", messages(&e));
}

#[test]
fn rules_are_sorted_by_code_across_packs() {
    let rule = rule_file("", "  - when: yes\n    message: x").replace("TT01", "AA01");
    let set = load_pack(&[("AA01-probe.yaml", &rule)]).unwrap();
    let codes: Vec<&str> = set.rules().iter().map(|r| r.code.as_str()).collect();
    let mut sorted = codes.clone();
    sorted.sort();
    assert_eq!(codes, sorted);
    assert_eq!(codes[0], "AA01");
}
