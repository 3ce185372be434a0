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
