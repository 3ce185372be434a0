//! Settings in `cxlint.yaml` are checked for what they mean, not only for their type, and
//! values too small to round are still shown (docs/security.md, "Findings").

mod cli_support;

use cli_support::Scratch;

const PLAN: &str = "programme \"P\" {\n  currency = USD\n  unit \"U\" { facing = front }\n}\n";

/// Issue: `FM01: n`, `no` or `false` silently meant off (YAML reads them as false). Only
/// `off` turns a rule off; the others are exit 2 saying to write `off`.
#[test]
fn only_off_turns_a_rule_off() {
    let s = Scratch::new();
    s.file("plan.cxp", PLAN);
    for word in ["n", "no", "false", "N", "No", "FALSE"] {
        s.file("cxlint.yaml", &format!("rules:\n  FM01: {word}\n"));
        let run = s.run(&["check", "plan.cxp"]);
        assert_eq!(run.code, 2, "{word}: {}", run.stderr);
        assert!(run.stderr.contains("write `off`"), "{word}: {}", run.stderr);
        s.file(
            "cxlint.yaml",
            &format!("overrides:\n  - paths: [\"*.cxp\"]\n    rules:\n      FM01: {word}\n"),
        );
        let run = s.run(&["check", "plan.cxp"]);
        assert_eq!(run.code, 2, "override, {word}: {}", run.stderr);
        assert!(run.stderr.contains("write `off`"), "{}", run.stderr);
    }
    for word in ["yes", "on", "true"] {
        s.file("cxlint.yaml", &format!("rules:\n  FM01: {word}\n"));
        assert_eq!(s.run(&["check", "plan.cxp"]).code, 2, "{word}");
    }
    for word in ["off", "Off", "OFF", "off  # not today", "warning"] {
        s.file("cxlint.yaml", &format!("rules:\n  FM01: {word}\n"));
        let run = s.run(&["check", "plan.cxp"]);
        assert_ne!(run.code, 2, "{word}: {}", run.stderr);
    }
}

/// Issue: parameter values were not range-checked: `min_customer_weight: -5%` or `400%`
/// was accepted. A share is 0–100 %, amounts and durations are not negative.
#[test]
fn parameter_values_are_range_checked() {
    let s = Scratch::new();
    s.file("plan.cxp", PLAN);
    let set = |code: &str, param: &str, value: &str| {
        s.file(
            "cxlint.yaml",
            &format!("rules:\n  {code}:\n    params:\n      {param}: {value}\n"),
        );
        s.run(&["check", "plan.cxp"])
    };
    for (value, said) in [
        ("-5%", "a share"),
        ("400%", "a share"),
        ("100.5%", "a share"),
    ] {
        let run = set("FM06", "min_customer_weight", value);
        assert_eq!(run.code, 2, "{value}: {}", run.stderr);
        assert!(run.stderr.contains(said), "{value}: {}", run.stderr);
    }
    for value in ["0%", "100%", "25%"] {
        let run = set("FM06", "min_customer_weight", value);
        assert_ne!(run.code, 2, "{value}: {}", run.stderr);
    }
    // Every amount and duration parameter of the built-in rules refuses a negative value.
    let rules = cxlint::engine::RuleSet::builtin();
    let mut checked = 0;
    for rule in rules.rules() {
        for p in &rule.params {
            let negative = match p.ty.as_str() {
                "money" => "-5 USD",
                "dur" => "-3 months",
                _ => continue,
            };
            let err = rules
                .check_param(&rule.code, &p.name, negative)
                .expect_err(&format!("{} {} accepted {negative}", rule.code, p.name));
            assert!(err.contains("negative"), "{err}");
            assert!(rules.check_param(&rule.code, &p.name, &p.default).is_ok());
            checked += 1;
        }
    }
    assert!(
        checked > 0,
        "the built-in rules have amount or duration parameters"
    );
}

/// Issue: amounts of 1e-28 printed as "0 USD … more than 0 USD". A value too small for
/// two decimals keeps two significant digits.
#[test]
fn tiny_amounts_are_not_shown_as_zero() {
    let s = Scratch::new();
    s.file(
        "plan.cxp",
        "programme \"P\" {\n  currency = USD\n  spend \"Ads\" { category = marketing  purpose = acquisition  amount = 0.0000000000000000000000000001 USD }\n}\n",
    );
    let run = s.run(&[
        "check", "plan.cxp", "--select", "FM01", "--format", "compact",
    ]);
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    assert!(
        run.stdout
            .contains("spends 0.0000000000000000000000000001 USD a year on winning customers"),
        "{}",
        run.stdout
    );
}
