//! One test per value form and grammar rule of the programme language.

use std::str::FromStr;

mod syntax_support;

use cxlint::source::SourceFile;
use cxlint::syntax::ast::{Item, ValueKind};
use cxlint::syntax::{self, ast};
use cxlint::value::{Decimal, DurationUnit};
use syntax_support::block;

fn parse(text: &str) -> ast::File {
    let file = SourceFile::new("t.cxp", text);
    let (tree, diags) = syntax::parse(&file);
    let messages: Vec<&str> = diags.iter().map(|d| d.message.as_str()).collect();
    assert!(
        messages.is_empty(),
        "unexpected errors for {text:?}: {messages:?}"
    );
    tree
}

fn attribute(item: &Item) -> &ast::Attribute {
    match item {
        Item::Attribute(a) => a,
        other => panic!("expected an attribute, got {other:?}"),
    }
}

/// The value of `x = <text>`.
fn value(text: &str) -> ValueKind {
    let tree = parse(&format!("x = {text}\n"));
    assert_eq!(tree.items.len(), 1, "{text}");
    let a = attribute(&tree.items[0]);
    assert_eq!(a.value.span, 4..4 + text.len(), "value span of {text}");
    a.value.kind.clone()
}

fn dec(text: &str) -> Decimal {
    Decimal::from_str(text).expect("test decimal")
}

fn money(amount: &str, currency: &str) -> ValueKind {
    ValueKind::Money {
        amount: dec(amount),
        currency: currency.into(),
    }
}

fn duration(amount: &str, unit: DurationUnit) -> ValueKind {
    ValueKind::Duration {
        amount: dec(amount),
        unit,
    }
}

#[test]
fn numbers() {
    assert_eq!(value("42"), ValueKind::Number(dec("42")));
    assert_eq!(value("3.5"), ValueKind::Number(dec("3.5")));
    assert_eq!(value("-2"), ValueKind::Number(dec("-2")));
    assert_eq!(value("1_200_000"), ValueKind::Number(dec("1200000")));
    assert_eq!(value("0.000_5"), ValueKind::Number(dec("0.0005")));
}

#[test]
fn money_with_magnitudes() {
    assert_eq!(value("95 USD"), money("95", "USD"));
    assert_eq!(value("300k EUR"), money("300000", "EUR"));
    assert_eq!(value("2.4M USD"), money("2400000", "USD"));
    assert_eq!(value("1.5B GBP"), money("1500000000", "GBP"));
    assert_eq!(value("1_200_000 GBP"), money("1200000", "GBP"));
    assert_eq!(value("-100 USD"), money("-100", "USD"));
    // Exact decimals: 0.6M twice is exactly 1.2M.
    let ValueKind::Money { amount, .. } = value("0.6M USD") else {
        panic!("money expected");
    };
    assert_eq!(amount * Decimal::from(2), dec("1200000"));
}

#[test]
fn percentages() {
    assert_eq!(value("30%"), ValueKind::Percent(dec("30")));
    assert_eq!(value("12.5%"), ValueKind::Percent(dec("12.5")));
    assert_eq!(value("-5%"), ValueKind::Percent(dec("-5")));
}

#[test]
fn every_duration_unit() {
    assert_eq!(value("1 day"), duration("1", DurationUnit::Day));
    assert_eq!(value("90 days"), duration("90", DurationUnit::Day));
    assert_eq!(value("1 week"), duration("1", DurationUnit::Week));
    assert_eq!(value("6 weeks"), duration("6", DurationUnit::Week));
    assert_eq!(value("1 month"), duration("1", DurationUnit::Month));
    assert_eq!(value("18 months"), duration("18", DurationUnit::Month));
    assert_eq!(value("1 quarter"), duration("1", DurationUnit::Quarter));
    assert_eq!(value("2 quarters"), duration("2", DurationUnit::Quarter));
    assert_eq!(value("1 year"), duration("1", DurationUnit::Year));
    assert_eq!(value("3 years"), duration("3", DurationUnit::Year));
    assert_eq!(value("1.5 years"), duration("1.5", DurationUnit::Year));
    assert_eq!(value("-6 months"), duration("-6", DurationUnit::Month));
}

#[test]
fn every_date_form() {
    for date in ["2027-03-15", "2027-03", "2027-Q2"] {
        assert_eq!(value(date), ValueKind::Date(date.into()));
    }
    // Kept as written; whether the day exists is for the model to say.
    assert_eq!(value("2026-13"), ValueKind::Date("2026-13".into()));
    assert_eq!(value("2027-02-30"), ValueKind::Date("2027-02-30".into()));
}

#[test]
fn bool_words() {
    assert_eq!(value("yes"), ValueKind::Bool(true));
    assert_eq!(value("true"), ValueKind::Bool(true));
    assert_eq!(value("no"), ValueKind::Bool(false));
    assert_eq!(value("false"), ValueKind::Bool(false));
    // Words that merely start like one are words.
    assert_eq!(value("none"), ValueKind::Word("none".into()));
    assert_eq!(value("yesterday"), ValueKind::Word("yesterday".into()));
}

#[test]
fn words() {
    assert_eq!(
        value("customer_pleaser"),
        ValueKind::Word("customer_pleaser".into())
    );
    assert_eq!(value("USD"), ValueKind::Word("USD".into()));
}

#[test]
fn strings_and_escapes() {
    assert_eq!(
        value(r#""Customer Care""#),
        ValueKind::Str("Customer Care".into())
    );
    assert_eq!(value(r#""""#), ValueKind::Str(Default::default()));
    assert_eq!(
        value(r#""a \"b\" \\ c\nd\te""#),
        ValueKind::Str("a \"b\" \\ c\nd\te".into())
    );
    assert_eq!(
        value(r#""smile \u{1F600}""#),
        ValueKind::Str("smile 😀".into())
    );
    assert_eq!(
        value(r#""café # not a comment""#),
        ValueKind::Str("café # not a comment".into())
    );
}

#[test]
fn lists() {
    assert_eq!(value("[]"), ValueKind::List(vec![]));
    let ValueKind::List(items) = value(r#"["a", 2, 30%, [b],]"#) else {
        panic!("list expected");
    };
    let kinds: Vec<ValueKind> = items.into_iter().map(|v| v.kind).collect();
    assert_eq!(
        kinds,
        vec![
            ValueKind::Str("a".into()),
            ValueKind::Number(dec("2")),
            ValueKind::Percent(dec("30")),
            ValueKind::List(vec![ast::Value {
                kind: ValueKind::Word("b".into()),
                span: 19..20,
            }]),
        ]
    );
    let ValueKind::List(items) = value("[\n  a,\n  b, # first two\n  c\n]") else {
        panic!("list expected");
    };
    assert_eq!(items.len(), 3);
}

#[test]
fn attribute_spans() {
    let text = "  weight = 40%  \n";
    let tree = parse(text);
    let a = attribute(&tree.items[0]);
    assert_eq!(a.key.name(text), "weight");
    assert_eq!(a.key.span, 2..8);
    assert_eq!(a.value.span, 11..14);
    assert_eq!(a.span(), 2..14);
}

#[test]
fn labelled_and_unlabelled_blocks() {
    let text = "programme \"Acme\" {\n  strategy { identity = end }\n}\n";
    let tree = parse(text);
    let p = block(&tree, &tree.items[0]);
    assert_eq!(p.kind.name, "programme");
    let label = p.label.as_ref().expect("label");
    assert_eq!(label.value, "Acme");
    assert_eq!(&text[label.span.clone()], "\"Acme\"");
    assert_eq!(&text[p.header.clone()], "programme \"Acme\"");
    assert_eq!(p.span, 0..text.trim_end().len());
    let s = block(&tree, &p.items[0]);
    assert!(s.label.is_none());
    assert_eq!(&text[s.header.clone()], "strategy");
    assert_eq!(&text[s.span.clone()], "strategy { identity = end }");
}

#[test]
fn labels_are_unescaped() {
    let tree = parse(r#"unit "The \"A\" team \u{e9}" { }"#);
    let b = block(&tree, &tree.items[0]);
    assert_eq!(
        b.label.as_ref().map(|l| l.value.as_str()),
        Some("The \"A\" team é")
    );
}

#[test]
fn header_and_brace_on_later_lines() {
    let text = "metric\n  \"A\"\n{\n  type = nps\n}";
    let tree = parse(text);
    let b = block(&tree, &tree.items[0]);
    assert_eq!(&text[b.header.clone()], "metric\n  \"A\"");
    assert_eq!(b.span, 0..text.len());
    assert_eq!(b.items.len(), 1);
}

#[test]
fn nested_blocks() {
    let text =
        "programme \"P\" { pay_plan \"S\" { metric \"A\" { weight = 40% } metric \"B\" { } } }";
    let tree = parse(text);
    let p = block(&tree, &tree.items[0]);
    let plan = block(&tree, &p.items[0]);
    assert_eq!(plan.items.len(), 2);
    let a = block(&tree, &plan.items[0]);
    assert_eq!(a.label.as_ref().map(|l| l.value.as_str()), Some("A"));
    assert_eq!(attribute(&a.items[0]).key.name(text), "weight");
    assert!(block(&tree, &plan.items[1]).items.is_empty());
}

#[test]
fn includes_anywhere() {
    let text = "include \"org/units.cxp\"\nprogramme \"P\" {\n  include \"pay.cxp\"\n  unit \"U\" { include \"x.cxp\" }\n}\n";
    let tree = parse(text);
    let Item::Include(top) = &tree.items[0] else {
        panic!("include expected");
    };
    assert_eq!(top.path, "org/units.cxp");
    assert_eq!(&text[top.path_span.clone()], "\"org/units.cxp\"");
    assert_eq!(&text[top.span.clone()], "include \"org/units.cxp\"");
    let p = block(&tree, &tree.items[1]);
    assert!(matches!(&p.items[0], Item::Include(i) if i.path == "pay.cxp"));
    assert!(matches!(&block(&tree, &p.items[1]).items[0], Item::Include(i) if i.path == "x.cxp"));
}

#[test]
fn comments_between_any_two_tokens() {
    let text = "# head\nprogramme # a\n \"P\" # b\n { # c\n x # d\n = # e\n [ # f\n 1 # g\n , # h\n 2.4M # i\n USD # j\n ] # k\n y = 18 # l\n months # m\n } # n\n";
    let tree = parse(text);
    let p = block(&tree, &tree.items[0]);
    assert_eq!(p.label.as_ref().map(|l| l.value.as_str()), Some("P"));
    let x = attribute(&p.items[0]);
    let ValueKind::List(items) = &x.value.kind else {
        panic!("list expected");
    };
    assert_eq!(items[1].kind, money("2400000", "USD"));
    assert_eq!(&text[items[1].span.clone()], "2.4M # i\n USD");
    assert!(text[x.span()].ends_with(']'));
    assert!(text[attribute(&p.items[1]).span()].ends_with("months"));
    assert_eq!(
        attribute(&p.items[1]).value.kind,
        duration("18", DurationUnit::Month)
    );
}

#[test]
fn leading_bom_is_ignored() {
    let tree = parse("\u{FEFF}x = 1\n");
    assert_eq!(attribute(&tree.items[0]).key.span, 3..4);
}

#[test]
fn crlf_line_ends() {
    let text = "programme \"P\" {\r\n  currency = USD # c\r\n  name = \"n\"\r\n}\r\n";
    let tree = parse(text);
    let p = block(&tree, &tree.items[0]);
    assert_eq!(p.items.len(), 2);
    assert_eq!(
        attribute(&p.items[1]).value.kind,
        ValueKind::Str("n".into())
    );
    assert_eq!(syntax::comments(text), vec![(34, false, "# c")]);
}

#[test]
fn attribute_named_like_a_unit_is_not_a_duration() {
    let tree = parse("a = 12\ndays = 3\n");
    assert_eq!(tree.items.len(), 2);
    assert_eq!(
        attribute(&tree.items[0]).value.kind,
        ValueKind::Number(dec("12"))
    );
}

#[test]
fn several_attributes_on_one_line() {
    let tree = parse("metric \"A\" { type = nps  weight = 20%  scope = company }");
    assert_eq!(block(&tree, &tree.items[0]).items.len(), 3);
}

#[test]
fn empty_file_and_only_comments() {
    assert!(parse("").items.is_empty());
    assert!(parse("# nothing here\n\n   \n").items.is_empty());
}

#[test]
fn comments_list() {
    let text = "# own line\nx = \"a # b\" # trailing\n  # indented\r\ny = 1";
    assert_eq!(
        syntax::comments(text),
        vec![
            (0, true, "# own line"),
            (23, false, "# trailing"),
            (36, true, "# indented"),
        ]
    );
}
