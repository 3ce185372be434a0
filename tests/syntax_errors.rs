//! Syntax errors (E001): what is reported, where, and how parsing recovers.

mod syntax_support;

use cxlint::source::SourceFile;
use cxlint::syntax::ast::{Item, ValueKind};
use cxlint::syntax::{self, ast};
use syntax_support::block;

/// Parse `text`; the errors as (line, column, message).
fn errors(text: &str) -> (ast::File, Vec<(usize, usize, String)>) {
    let file = SourceFile::new("t.cxp", text);
    let (tree, diags) = syntax::parse(&file);
    let found = diags
        .iter()
        .map(|d| {
            assert_eq!(d.code, "E001");
            let (line, col) = d.start();
            (line, col, d.message.clone())
        })
        .collect();
    (tree, found)
}

fn lines(found: &[(usize, usize, String)]) -> Vec<usize> {
    found.iter().map(|(line, _, _)| *line).collect()
}

fn only_error(text: &str) -> (usize, usize, String) {
    let (_, found) = errors(text);
    assert_eq!(found.len(), 1, "{text:?}: {found:?}");
    found[0].clone()
}

fn attribute(item: &Item) -> &ast::Attribute {
    match item {
        Item::Attribute(a) => a,
        other => panic!("expected an attribute, got {other:?}"),
    }
}

#[test]
fn acceptance_case_lines() {
    let text = include_str!("data/syntax/e001-syntax.cxp");
    let (tree, found) = errors(text);
    assert_eq!(lines(&found), vec![7, 12]);
    assert_eq!(found[0].2, "expected `=` after `facing`, found `front`");
    assert_eq!(found[0].1, 12);
    assert_eq!(found[1].2, "unexpected `12` after the value of `headcount`");
    // The block structure survives: three units inside the programme.
    let p = block(&tree, &tree.items[0]);
    assert_eq!(tree.items.len(), 1);
    let units = p
        .items
        .iter()
        .filter(|i| matches!(i, Item::Block(_)))
        .count();
    assert_eq!(units, 3);
    // `headcount = 12` is kept.
    let sales = block(&tree, &p.items[3]);
    assert!(sales
        .items
        .iter()
        .any(|i| attribute(i).key.name(text) == "headcount"));
}

#[test]
fn missing_equals() {
    let e = only_error("unit \"A\" {\n  facing front\n}");
    assert_eq!((e.0, e.1), (2, 10));
    assert_eq!(e.2, "expected `=` after `facing`, found `front`");
    // The attribute counts as present.
    let text = "unit \"A\" {\n  facing front\n}";
    let (tree, _) = errors(text);
    let a = attribute(&block(&tree, &tree.items[0]).items[0]);
    assert_eq!(a.key.name(text), "facing");
    assert_eq!(a.value.kind, ValueKind::Invalid);
}

#[test]
fn missing_value_keeps_the_attribute() {
    let text = "metric \"A\" {\n  weight =\n  scope = team\n}";
    let (tree, found) = errors(text);
    assert_eq!(found.len(), 1);
    assert_eq!(
        found[0].2,
        "expected a value after `weight =`, found `scope`"
    );
    assert_eq!(found[0].0, 3);
    let m = block(&tree, &tree.items[0]);
    assert_eq!(m.items.len(), 2);
    assert_eq!(attribute(&m.items[0]).value.kind, ValueKind::Invalid);
    assert_eq!(attribute(&m.items[1]).key.name(text), "scope");

    let e = only_error("unit \"A\" { x = }");
    assert_eq!(e.2, "expected a value after `x =`, found `}`");
}

#[test]
fn unreadable_value_is_invalid_and_present() {
    let text = "x = 12k\ny = @\nz = 1";
    let (tree, found) = errors(text);
    assert_eq!(lines(&found), vec![1, 2]);
    assert_eq!(found[0].2, "`12k` is not a value `x` can hold");
    let keys: Vec<&str> = tree
        .items
        .iter()
        .map(|i| attribute(i).key.name(text))
        .collect();
    assert_eq!(keys, vec!["x", "y", "z"]);
    assert_eq!(attribute(&tree.items[0]).value.kind, ValueKind::Invalid);
}

#[test]
fn unclosed_text() {
    let (tree, found) = errors("x = \"abc\ny = 2\n");
    assert_eq!(found.len(), 1);
    assert_eq!(
        found[0].2,
        "the text \"abc is not closed before the end of the line"
    );
    assert_eq!(tree.items.len(), 2);

    // A label missing its closing quote still opens its block.
    let (tree, found) = errors("programme \"P\" {\n  unit \"Care {\n    facing = front\n  }\n}\n");
    assert_eq!(lines(&found), vec![2]);
    let care = block(&tree, &block(&tree, &tree.items[0]).items[0]);
    assert_eq!(care.label.as_ref().map(|l| l.value.as_str()), Some("Care"));
    assert_eq!(care.items.len(), 1);
}

#[test]
fn bad_lists() {
    assert_eq!(
        only_error("x = [1 2]").2,
        "expected `,` or `]` in the list of `x`, found `2`"
    );
    assert_eq!(
        only_error("x = [1, ,]").2,
        "expected a value or `]` in the list of `x`, found `,`"
    );
    let (tree, found) = errors("x = [1, 2\ny = 2\n");
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].0, 2);
    assert_eq!(tree.items.len(), 2);
    assert_eq!(
        only_error("x = [1] 2").2,
        "unexpected `2` after the value of `x`"
    );
    let e = only_error("x = [1, 12k, 3]\ny = 2");
    assert_eq!(
        (e.1, e.2.as_str()),
        (9, "`12k` is not a value in the list of `x`")
    );
    let e = only_error("x = [\"a\", b c]");
    assert_eq!(
        (e.1, e.2.as_str()),
        (13, "expected `,` or `]` in the list of `x`, found `c`")
    );
    let e = only_error("x = [1, [2, 3]\ny = 2");
    assert_eq!(
        (e.0, e.2.as_str()),
        (2, "expected `,` or `]` in the list of `x`, found `y`")
    );
    let e = only_error("x = [1, \"abc, 3]\ny = 2");
    assert_eq!(
        e.2,
        "the text \"abc, 3] is not closed before the end of the line"
    );
}

#[test]
fn bad_escapes() {
    let e = only_error(r#"x = "a\qb""#);
    assert_eq!(e.1, 7);
    assert!(e.2.starts_with("`\\q` is not a known escape"), "{}", e.2);
    assert!(only_error(r#"x = "\u{110000}""#)
        .2
        .contains("character code"));
    assert!(only_error(r#"x = "\u1F600""#).2.contains("character code"));
    let e = only_error(r#"x = "\u{ééééééé}""#);
    assert!(e.2.contains("character code"));
    assert_eq!(e.1, 6);
}

#[test]
fn numbers_too_large() {
    let e = only_error("x = 99999999999999999999999999999999");
    assert!(e.2.contains("too large"), "{}", e.2);
    assert!(only_error("x = 80000000000000000000B USD")
        .2
        .contains("too large"));
}

#[test]
fn stray_braces() {
    let (_, found) = errors("}\nx = 1 }");
    assert_eq!(lines(&found), vec![1, 2]);
    assert_eq!(found[0].2, "this `}` closes nothing");
    let (tree, found) = errors("{ x = 1 }\ny = 2");
    assert_eq!(found[0].2, "this `{` opens a block with no kind");
    assert_eq!(tree.items.len(), 1);
}

#[test]
fn unclosed_block_at_end_of_file() {
    let (tree, found) = errors("programme \"Half\" {\n  unit \"A\" {\n    x = 1\n");
    assert_eq!(found.len(), 1);
    assert_eq!(
        found[0].2,
        "the file ends before `unit \"A\"` (line 2) is closed: a `}` is missing"
    );
    let p = block(&tree, &tree.items[0]);
    assert_eq!(block(&tree, &p.items[0]).items.len(), 1);
}

#[test]
fn broken_header_still_opens_its_block() {
    let (tree, found) = errors("unit \"A\" \"B\" { x = 1 }\ny = 2");
    assert_eq!(found[0].2, "expected `{` after `unit \"A\"`, found `\"B\"`");
    assert_eq!(found.len(), 1);
    assert_eq!(tree.items.len(), 2);
    assert_eq!(block(&tree, &tree.items[0]).items.len(), 1);
}

#[test]
fn names_must_be_lower_case() {
    let (tree, found) = errors("Facing = front");
    assert_eq!(found[0].2, "`Facing` is not a valid name");
    assert_eq!(tree.items.len(), 1);
}

#[test]
fn include_needs_a_path() {
    assert!(only_error("include x")
        .2
        .starts_with("expected the path of the included file"));
}

#[test]
fn several_errors_are_all_reported_and_structure_is_kept() {
    let text = "programme \"P\" {\n  unit \"A\" {\n    facing front\n    headcount = 12 12\n  }\n  unit \"B\" {\n    x = [1 2\n    y = \"open\n  }\n  spend \"S\" { amount = }\n  z = 3\n}\n";
    let (tree, found) = errors(text);
    assert_eq!(lines(&found), vec![3, 4, 7, 8, 10]);
    assert_eq!(tree.items.len(), 1);
    let p = block(&tree, &tree.items[0]);
    let kinds: Vec<&str> = p
        .items
        .iter()
        .map(|i| match i {
            Item::Block(b) => tree.block(*b).kind.name.as_str(),
            Item::Attribute(a) => a.key.name(text),
            Item::Include(_) => "include",
        })
        .collect();
    assert_eq!(kinds, vec!["unit", "unit", "spend", "z"]);
}

#[test]
fn errors_are_capped_per_file() {
    let text = "x = @\n".repeat(500);
    let (_, found) = errors(&text);
    assert_eq!(found.len(), 100);
}

#[test]
fn messages_follow_the_house_style() {
    let text =
        "x = @\n}\n{\nFacing front\ny = [1 2\nz = \"a\\q\"\nunit \"A\" \"B\"\nw = \"open\nv =\n";
    let (_, found) = errors(text);
    assert!(found.len() >= 7, "{found:?}");
    for (_, _, message) in found {
        let first = message.chars().next().unwrap_or('a');
        assert!(!first.is_uppercase(), "{message}");
        assert!(!message.ends_with('.'), "{message}");
        assert!(!message.contains("Rule::"), "{message}");
    }
}

#[test]
fn malformed_dates_and_amounts() {
    assert_eq!(
        only_error("x = 2027-1-5").2,
        "`2027-1-5` is not a value `x` can hold"
    );
    let file = SourceFile::new("t.cxp", "x = 95 usd");
    let (_, diags) = syntax::parse(&file);
    assert_eq!(diags.len(), 1);
    assert_eq!(
        diags[0].message,
        "the currency code `usd` is written in small letters"
    );
    assert!(diags[0]
        .help
        .as_deref()
        .is_some_and(|h| h.contains("95 USD")));
}

#[test]
fn label_with_bad_escape_still_opens_its_block() {
    let (tree, found) = errors("unit \"A\\q\" {\n  x = 1\n}\ny = 2");
    assert_eq!(found.len(), 1);
    assert_eq!(tree.items.len(), 2);
    assert_eq!(block(&tree, &tree.items[0]).items.len(), 1);
}

#[test]
fn missing_brace_is_located_by_indentation() {
    let text = "programme \"P\" {\n  unit \"A\" {\n    facing = front\n\n  unit \"B\" {\n    facing = back\n  }\n}\n";
    let file = SourceFile::new("t.cxp", text);
    let (_, diags) = syntax::parse(&file);
    // One error, at the block that lost its `}`, and nothing else: the rest of the file
    // is read as written.
    assert_eq!(diags.len(), 1);
    assert_eq!(
        diags[0].message,
        "`unit \"A\"` opened here is not closed before `unit \"B\"` (line 5)"
    );
    assert_eq!(diags[0].start().0, 2);
    // With balanced braces, nesting a unit in a unit is not a missing brace: the model
    // says where units go (E002, with help on `parent`).
    let nested = "programme \"P\" {\n  unit \"A\" {\n    facing = front\n  unit \"B\" { facing = back }\n  }\n}\n";
    let (_, diags) = syntax::parse(&SourceFile::new("t.cxp", nested));
    assert!(diags.is_empty(), "{:?}", diags.first().map(|d| &d.message));
}
