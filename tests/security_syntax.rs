//! Inputs on which fuzzing found the syntax layer at fault (fuzz targets `parse`, `fmt`).
//! Each test reproduces one finding through the library API.

use cxlint::source::SourceFile;
use cxlint::syntax;

/// The parser reads a byte-order mark (U+FEFF) as whitespace wherever it stands; comment
/// finding read one past the start of the file as a token, so a comment after it on its
/// own line counted as the end of a line, and an allow comment there covered that line
/// instead of the next block. Found by `fmt`.
#[test]
fn a_stray_byte_order_mark_is_whitespace_for_comments_too() {
    let text = "a {\n\u{FEFF}# cxlint: allow FM06 -- kept\n  b = 1\n}\n";
    let comments = syntax::comments(text);
    assert_eq!(comments.len(), 1);
    assert!(comments[0].1, "the comment stands on its own line");

    let file = SourceFile::new("t.cxp", text);
    let (_, diags) = syntax::parse(&file);
    assert!(diags.is_empty(), "{}", diags[0].message);

    // After a value on the same line it is still an end-of-line comment.
    let comments = syntax::comments("x = 1\u{FEFF}# c\n");
    assert!(!comments[0].1);
}

/// Issue: a lone carriage return inside a comment hid the next line from the parser,
/// while a terminal shows it: a pay plan after `# ok\r` was never checked. A lone CR
/// ends a line (language.md §1), for the parser, for comments and for line numbers.
#[test]
fn a_lone_carriage_return_ends_a_comment_and_a_line() {
    let text = "programme \"P\" {\n  currency = USD\n  unit \"Sales\" { facing = front }\n  # ok\r  pay_plan \"Quota only\" {\n    applies_to = \"Sales\"\n    metric \"Bookings\" { type = revenue  weight = 100% }\n  }\n}\n";
    let comments = syntax::comments(text);
    assert_eq!(comments.len(), 1);
    assert_eq!(comments[0].2, "# ok");
    let file = SourceFile::new("t.cxp", text);
    // The pay plan starts on line 5, column 3.
    let at = text.find("pay_plan").expect("pay plan");
    assert_eq!(file.line_col(at), (5, 3));
    let (tree, diags) = syntax::parse(&file);
    assert!(diags.is_empty(), "{}", diags[0].message);
    let programme = match &tree.items[0] {
        cxlint::syntax::ast::Item::Block(b) => tree.block(*b),
        other => panic!("{other:?}"),
    };
    assert!(
        tree.items_of(programme).iter().any(
            |i| matches!(i, cxlint::syntax::ast::Item::Block(b) if tree.block(*b).kind.name == "pay_plan")
        ),
        "the pay plan is read"
    );
    // The whole pipeline finds what the pay plan holds.
    let rules = cxlint::engine::RuleSet::builtin();
    let config = cxlint::config::Config::default();
    let outcome = cxlint::model::build::load_text("t.cxp", text);
    assert!(outcome.diagnostics.is_empty());
    let settings = config.settings_for(&rules, std::path::Path::new("t.cxp"));
    let found = rules.evaluate(&outcome.programmes[0], &|c| {
        settings.get(c).cloned().flatten()
    });
    let fm06: Vec<_> = found.iter().filter(|d| d.code == "FM06").collect();
    assert_eq!(
        fm06.len(),
        1,
        "{:?}",
        found.iter().map(|d| &d.code).collect::<Vec<_>>()
    );
    assert_eq!(fm06[0].start().0, 5);
    // The formatter keeps the comment on its own line, before the pay plan.
    let formatted = cxlint::format::format(text, &tree);
    assert!(
        formatted.contains("  # ok\n  pay_plan \"Quota only\" {"),
        "{formatted}"
    );
}
