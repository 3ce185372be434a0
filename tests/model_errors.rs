//! Typing by the schema: each E code at the line the spec names, with plain messages.

use cxlint::model::build::load_text;
use cxlint::model::TypedValue;

/// (line, code, message, help) of every diagnostic for a programme text.
fn diags(text: &str) -> Vec<(usize, String, String, String)> {
    let out = load_text("t.cxp", text);
    out.diagnostics
        .iter()
        .map(|d| {
            (
                d.start().0,
                d.code.to_string(),
                d.message.clone(),
                d.help.clone().unwrap_or_default(),
            )
        })
        .collect()
}

fn codes(text: &str) -> Vec<(usize, String)> {
    diags(text).into_iter().map(|(l, c, _, _)| (l, c)).collect()
}

fn wrap(body: &str) -> String {
    format!("programme \"P\" {{\n  currency = USD\n{body}\n}}\n")
}

fn one(body: &str) -> (usize, String, String, String) {
    let d = diags(&wrap(body));
    assert_eq!(d.len(), 1, "{d:#?}");
    d.into_iter().next().unwrap()
}

#[test]
fn number_where_a_percentage_is_meant() {
    let (line, code, msg, help) = one(
        "  unit \"S\" { facing = front }\n  pay_plan \"X\" {\n    applies_to = \"S\"\n    metric \"A\" { type = revenue\n weight = 30 }\n  }",
    );
    assert_eq!((line, code.as_str()), (7, "E003"));
    assert!(msg.contains("percentage") && msg.contains("30"), "{msg}");
    assert_eq!(help, "write `30%`");
}

#[test]
fn none_only_where_the_type_allows_it() {
    assert!(codes(&wrap("  unit \"S\" { facing = front  empowerment = none }")).is_empty());
    let (_, code, msg, _) = one("  unit \"S\" { facing = front  head = none }");
    assert_eq!(code, "E003");
    assert!(msg.contains("none"), "{msg}");
}

#[test]
fn share_above_100_is_out_of_range() {
    let d = codes(&wrap(
        "  unit \"S\" { facing = front }\n  pay_plan \"X\" {\n    applies_to = \"S\"\n    variable = 120%\n    metric \"A\" { type = revenue  weight = 100% }\n  }",
    ));
    assert_eq!(d, vec![(6, "E012".to_string())]);
    // A KPI target is not a share.
    assert!(codes(&wrap("  kpi \"K\" { type = nps  target = 150% }")).is_empty());
}

#[test]
fn impossible_dates() {
    let d = codes(&wrap(
        "  product \"A\" {\n    release_every = 6 months\n    last_release = 2027-02-30\n  }\n  objective \"O\" { due = 2027-Q5 }",
    ));
    assert_eq!(d, vec![(5, "E012".into()), (7, "E012".into())]);
    assert!(codes(&wrap("  objective \"O\" { due = 2028-02-29 }")).is_empty());
}

#[test]
fn negative_durations_and_headcounts() {
    let d = codes(&wrap(
        "  unit \"S\" { facing = front\n headcount = -1 }\n  product \"A\" { release_every = -6 months }",
    ));
    assert_eq!(d, vec![(4, "E012".into()), (5, "E012".into())]);
}

#[test]
fn unknown_keys_and_kinds_get_suggestions() {
    let (_, code, _, help) = one("  unit \"S\" { facign = front }");
    assert_eq!(code, "E002");
    assert_eq!(help, "did you mean `facing`?");
    let (_, code, msg, help) = one("  unti \"S\" { facing = front }");
    assert_eq!(code, "E002");
    assert!(msg.contains("unti"));
    assert_eq!(help, "did you mean `unit`?");
}

#[test]
fn blocks_where_they_are_not_allowed() {
    let (line, code, msg, _) = one("  metric \"A\" { type = revenue  weight = 100% }");
    assert_eq!((line, code.as_str()), (3, "E002"));
    assert!(msg.contains("metric"), "{msg}");
    let (_, code, _, _) = one("  strategy \"Mine\" { identity = customer_pleaser }");
    assert_eq!(code, "E002");
    let (_, code, _, _) = one("  unit \"S\" { facing = front\n include \"x.cxp\" }");
    assert_eq!(code, "E002");
}

#[test]
fn second_strategy_is_a_duplicate() {
    let d = codes(&wrap(
        "  strategy { identity = customer_pleaser }\n  strategy { }",
    ));
    assert_eq!(d, vec![(4, "E005".into())]);
}

#[test]
fn labels_are_unique_per_kind_and_parent() {
    let text = wrap(
        "  unit \"Sales\" { facing = front }\n  pay_plan \"Sales\" {\n    applies_to = \"Sales\"\n    metric \"A\" { type = revenue  weight = 50% }\n    metric \"B\" { type = nps  weight = 50% }\n  }\n  pay_plan \"Other\" {\n    applies_to = [\"Sales\"]\n    metric \"A\" { type = revenue  weight = 100% }\n  }",
    );
    assert!(codes(&text).is_empty(), "{:?}", diags(&text));
    let d = codes(&wrap(
        "  unit \"S\" { facing = front }\n  pay_plan \"X\" {\n    applies_to = \"S\"\n    metric \"A\" { type = revenue  weight = 50% }\n    metric \"A\" { type = nps  weight = 50% }\n  }",
    ));
    assert_eq!(d, vec![(7, "E005".into())]);
}

#[test]
fn org_chart_cycles_and_roots() {
    // A three-unit circle with no root at all: one E007, at the first unit's parent.
    let d = diags(&wrap(
        "  unit \"A\" {\n    parent = \"C\"\n    facing = back\n  }\n  unit \"B\" { parent = \"A\"\n facing = back }\n  unit \"C\" { parent = \"B\"\n facing = back }",
    ));
    assert_eq!(d.len(), 1, "{d:#?}");
    assert_eq!((d[0].0, d[0].1.as_str()), (4, "E007"));
    assert!(d[0].2.contains("\"A\""), "{}", d[0].2);
    // Reporting to itself.
    let d = codes(&wrap(
        "  unit \"Top\" { facing = back }\n  unit \"A\" { parent = \"A\"\n facing = back }",
    ));
    assert_eq!(d, vec![(4, "E007".into())]);
    // No units: no org chart, no error.
    assert!(codes(&wrap("  segment \"S\" { stance = serve }")).is_empty());
    // A broken parent is reported once (E006), not again as a second root.
    let d = codes(&wrap(
        "  unit \"Top\" { facing = back }\n  unit \"A\" { parent = \"Nope\"\n facing = back }",
    ));
    assert_eq!(d, vec![(4, "E006".into())]);
}

#[test]
fn weights_within_a_hundredth() {
    let d = codes(&wrap(
        "  unit \"S\" { facing = front }\n  pay_plan \"X\" {\n    applies_to = \"S\"\n    metric \"A\" { type = revenue  weight = 50% }\n    metric \"B\" { type = nps  weight = 49.995% }\n  }",
    ));
    assert!(d.is_empty(), "{d:?}");
    let d = codes(&wrap(
        "  unit \"S\" { facing = front }\n  pay_plan \"X\" {\n    applies_to = \"S\"\n    metric \"A\" { type = revenue  weight = 50% }\n    metric \"B\" { type = nps  weight = 49.98% }\n  }",
    ));
    assert_eq!(d, vec![(4, "E008".into())]);
}

#[test]
fn foreign_currency_anywhere() {
    let d = codes(&wrap(
        "  unit \"S\" { facing = front  empowerment = 50 EUR }\n  kpi \"K\" { type = cost  target = 80 GBP }",
    ));
    assert_eq!(d, vec![(3, "E009".into()), (4, "E009".into())]);
}

#[test]
fn required_and_present_but_invalid() {
    let d = codes(&wrap(
        "  unit \"S\" { facing = front }\n  pay_plan \"X\" { applies_to = \"S\" }",
    ));
    assert_eq!(d, vec![(4, "E010".into())]);
    // facing is present but not a choice: E004 only, no E010.
    let d = codes(&wrap("  unit \"S\" { facing = sideways }"));
    assert_eq!(d, vec![(3, "E004".into())]);
    // An unreadable value counts as present: E001 only.
    let d = codes(&wrap("  unit \"S\" {\n    facing = @@\n  }"));
    assert!(d.iter().all(|(_, c)| c == "E001"), "{d:?}");
}

#[test]
fn a_block_on_several_lines_points_at_its_kind() {
    let d = codes("programme\n  \"P\"\n  {\n  currency = USD\n  unit\n \"S\" { }\n}\n");
    assert_eq!(d, vec![(5, "E010".into())]);
}

#[test]
fn enum_values_list_the_choices() {
    let (_, code, msg, help) = one("  unit \"S\" { facing = frontline }");
    assert_eq!(code, "E004");
    assert!(msg.contains("frontline"));
    assert!(help.contains("did you mean `front`?") && help.contains("front, back"));
}

#[test]
fn references_resolve_and_defaults_fill() {
    let out = load_text(
        "t.cxp",
        &wrap(
            "  unit \"Top\" { facing = back }\n  unit \"S\" { parent = \"Top\"\n facing = front }\n  executive \"CEO\" { background = sales }\n  pay_plan \"X\" {\n    applies_to = \"S\"\n    metric \"A\" { type = revenue  weight = 100% }\n  }",
        ),
    );
    assert!(out.diagnostics.is_empty(), "{:?}", out.diagnostics);
    let p = &out.programmes[0];
    let s = p
        .nodes
        .iter()
        .find(|n| n.label.as_deref() == Some("S"))
        .unwrap();
    match &s.attr("parent").unwrap().value {
        TypedValue::Ref { target, .. } => assert_eq!(p.node(*target).label.as_deref(), Some("Top")),
        other => panic!("{other:?}"),
    }
    let plan = p.children_of_kind(0, "pay_plan").next().unwrap();
    match &plan.attr("applies_to").unwrap().value {
        TypedValue::List(items) => assert_eq!(items.len(), 1),
        other => panic!("{other:?}"),
    }
    let metric = p.children_of_kind(plan.id, "metric").next().unwrap();
    let scope = metric.attr("scope").unwrap();
    assert!(scope.defaulted);
    assert_eq!(scope.value, TypedValue::Word("individual".into()));
    let ceo = p.children_of_kind(0, "executive").next().unwrap();
    assert_eq!(ceo.attr("sponsor").unwrap().value, TypedValue::Bool(false));
    assert_eq!(
        metric.attr("weight").unwrap().value,
        TypedValue::Pct(100.into())
    );
}

#[test]
fn diagnostics_name_their_block() {
    let out = load_text("t.cxp", &wrap("  unit \"S\" { facing = sideways }"));
    assert_eq!(out.diagnostics[0].block.as_deref(), Some("unit \"S\""));
    assert!(out.programmes.is_empty());
}

#[test]
fn messages_follow_the_house_style() {
    let text = wrap(
        "  horizon = 36\n  unit \"S\" { facing = sideways  colour = 1  headcount = -3 }\n  unit \"S\" { facing = front }\n  team \"T\" { }\n  spend \"X\" { category = people  amount = 5 EUR }",
    );
    for (_, code, msg, help) in diags(&text) {
        for m in [&msg, &help] {
            if m.is_empty() {
                continue;
            }
            let first = m.chars().next().unwrap();
            assert!(!first.is_uppercase(), "{code}: {m}");
            assert!(!m.ends_with('.'), "{code}: {m}");
        }
    }
}

#[test]
fn items_outside_the_programme_block() {
    let d = codes(
        "unit \"A\" { facing = back }\nprogramme \"P\" {\n  currency = USD\n}\nhorizon = 3 years\n",
    );
    assert_eq!(d, vec![(1, "E002".into()), (5, "E002".into())]);
    assert!(load_text(
        "t.cxp",
        "programme \"P\" { currency = USD }\nunit \"A\" { facing = back }\n"
    )
    .programmes
    .is_empty());
}

#[test]
fn hostile_repetition_stays_linear_and_quiet() {
    let strategies = "  strategy { }\n".repeat(20_000);
    let t = std::time::Instant::now();
    // 19,999 E002: the first 1,000 are shown (`limits.diagnostics_per_file`), and one
    // more counts the rest.
    let out = load_text("t.cxp", &wrap(&strategies));
    assert_eq!(out.diagnostics.len(), 1_001);
    assert!(out.diagnostics.iter().any(|d| d
        .message
        .starts_with("18,999 more findings in this file are not shown")));
    let items = vec!["nope"; 100_000].join(", ");
    let d = codes(&wrap(&format!(
        "  unit \"U\" {{ facing = back }}\n  hiring \"H\" {{ unit = \"U\"  criteria = [{items}] }}"
    )));
    // Identical reports at one place are merged; a list reports at most a few items.
    assert_eq!(d, vec![(4, "E004".to_string())]);
    assert!(t.elapsed().as_secs() < 20);
}

#[test]
fn many_broken_references_stay_fast() {
    let mut body = String::from("  unit \"Top\" { facing = back }\n");
    for i in 0..5000 {
        body.push_str(&format!(
            "  unit \"Unit {i}\" {{ parent = \"Missing {i}\"  facing = back }}\n"
        ));
    }
    let t = std::time::Instant::now();
    let out = load_text("t.cxp", &wrap(&body));
    // 5,000 E006: 1,000 shown (`limits.diagnostics_per_file`), one counts the rest.
    assert_eq!(out.diagnostics.len(), 1_001);
    assert!(out.diagnostics.iter().all(|d| d.code == "E006"));
    assert!(out.diagnostics.iter().any(|d| d
        .message
        .starts_with("4,000 more findings in this file are not shown")));
    assert!(t.elapsed().as_secs() < 20);
}

/// Labels are compared as Unicode says (E005): equal after NFC normalisation, or the same
/// confusable skeleton (a Cyrillic letter in place of a Latin one); labels that mix
/// scripts but look different stay silent.
#[test]
fn look_alike_labels_are_duplicates() {
    let plan = |a: &str, b: &str| {
        format!(
            "programme \"P\" {{\n  currency = USD\n  unit \"{a}\" {{ facing = back }}\n  unit \"{b}\" {{ parent = \"{a}\"  facing = front }}\n}}\n"
        )
    };
    let e005 = |text: String| {
        cxlint::model::build::load_text("t.cxp", &text)
            .diagnostics
            .iter()
            .filter(|d| d.code == "E005")
            .map(|d| d.message.clone())
            .collect::<Vec<_>>()
    };
    // "Café" composed and decomposed.
    let nfc = e005(plan("Caf\u{e9}", "Cafe\u{301}"));
    assert_eq!(nfc.len(), 1, "{nfc:?}");
    assert!(nfc[0].contains("already a unit"), "{nfc:?}");
    // A Cyrillic "а" in place of the Latin "a".
    let cyrillic = e005(plan("Care", "C\u{430}re"));
    assert_eq!(cyrillic.len(), 1, "{cyrillic:?}");
    assert!(cyrillic[0].contains("looks the same"), "{cyrillic:?}");
    // Latin and Chinese together, and distinct names: nothing.
    assert!(e005(plan("客服 Care", "Care")).is_empty());
    assert!(e005(plan("Stores", "Online")).is_empty());
    // A reference written in the other normal form finds its unit.
    let text = "programme \"P\" {\n  currency = USD\n  unit \"Caf\u{e9}\" { facing = back }\n  unit \"Bar\" { parent = \"Cafe\u{301}\"  facing = front }\n}\n";
    let out = cxlint::model::build::load_text("t.cxp", text);
    assert!(
        out.diagnostics.is_empty(),
        "{:?}",
        out.diagnostics.first().map(|d| &d.message)
    ); // A third label like the second is reported against the first, which it looks like;
       // a reference only finds the label it names, not one that looks like it.
    let text = "programme \"P\" {\n  currency = USD\n  unit \"Care\" { facing = back }\n  unit \"C\u{430}re\" { facing = back }\n  unit \"C\u{430}re\" { facing = back }\n  unit \"Bar\" { parent = \"C\u{430}re\"  facing = front }\n}\n";
    let out = cxlint::model::build::load_text("t.cxp", text);
    let found: Vec<_> = out
        .diagnostics
        .iter()
        .filter(|d| d.code != "E007")
        .map(|d| (d.code.as_str(), d.message.as_str()))
        .collect();
    assert_eq!(found.len(), 3, "{found:?}");
    assert!(found[..2]
        .iter()
        .all(|(c, m)| *c == "E005"
            && m.contains("looks the same as the unit called \"Care\" (line 3)")));
    assert_eq!(found[2].0, "E006", "{found:?}");
}

/// A reference to a missing block suggests the closest label; between labels as close
/// as each other, the one written first, on every run.
#[test]
fn reference_suggestions_are_the_same_on_every_run() {
    let text = "programme \"P\" {\n  currency = USD\n  unit \"Unit B\" { facing = back }\n  unit \"Unit A\" { facing = back }\n  unit \"Bar\" { parent = \"Unit\"  facing = front }\n}\n";
    for _ in 0..8 {
        let out = cxlint::model::build::load_text("t.cxp", text);
        let e006: Vec<_> = out
            .diagnostics
            .iter()
            .filter(|d| d.code == "E006")
            .collect();
        let helps: Vec<_> = e006.iter().map(|d| d.help.clone()).collect();
        assert_eq!(
            helps,
            vec![Some("did you mean \"Unit B\"?".to_string())],
            "{e006:?}"
        );
        // Neither is clear, so the rewrite is offered as unsafe only.
        assert!(e006[0].fixes.iter().all(|f| !f.safe));
    }
}
