//! Large files: the items of the one top-level block are read in parallel chunks. A quick
//! scan finds the item boundaries; when anything looks wrong (several top-level blocks,
//! unbalanced braces, any syntax error in a chunk) the caller parses the file in one
//! sequence instead, so errors are always reported by the same code path.

use std::ops::Range;
use std::sync::Arc;

use rayon::prelude::*;

use super::ast::File;
use super::lexer::{line_end, string_end};
use super::parser::Parser;
use crate::diagnostic::Diagnostic;
use crate::limits::Limits;
use crate::source::SourceFile;

/// Files smaller than this are parsed in one sequence.
pub const MIN_BYTES: usize = 1 << 20;
/// Rough size of one chunk.
const CHUNK_BYTES: usize = 256 << 10;

/// Where the items to share out are: the items of the one top-level block (level 1), or
/// the top-level items of a file with several blocks (level 0, a fragment).
struct Layout {
    level: usize,
    /// After the top-level block's `{` (level 1), or the start of the file.
    body_start: usize,
    /// Just after each `}` that closes a block directly at that level.
    boundaries: Vec<usize>,
    /// The top-level block's closing `}` (level 1), or the end of the file.
    close: usize,
}

pub fn parse(file: &Arc<SourceFile>, limits: &Limits) -> Option<(File, Vec<Diagnostic>)> {
    let text: &str = &file.text;
    let layout = scan(text)?;

    let mut head = Parser::with_limits(file, limits);
    head.items_until(layout.body_start);
    if !head.clean(layout.level) {
        return None;
    }

    let chunks = chunks(&layout);
    let parts: Vec<Option<File>> = chunks
        .par_iter()
        .map(|range| {
            let mut parser = Parser::chunk(file, range.clone(), layout.level, limits);
            parser.items_until(range.end);
            parser.clean(0).then(|| parser.into_part())
        })
        .collect();
    head.extend(parts.into_iter().collect::<Option<Vec<File>>>()?);

    head.set_pos(layout.close);
    head.items_until(text.len());
    if !head.clean(0) {
        return None;
    }
    Some(head.finish())
}

/// Group the item boundaries into chunks of about `CHUNK_BYTES`.
fn chunks(layout: &Layout) -> Vec<Range<usize>> {
    let mut chunks = Vec::new();
    let mut start = layout.body_start;
    for &b in &layout.boundaries {
        if b - start >= CHUNK_BYTES {
            chunks.push(start..b);
            start = b;
        }
    }
    chunks.push(start..layout.close);
    chunks
}

/// Find the top-level blocks and the boundaries after each block directly inside the
/// only one, or after each top-level block when there are several; texts and comments are
/// skipped. `None` when the braces do not balance.
fn scan(text: &str) -> Option<Layout> {
    let bytes = text.as_bytes();
    let mut depth = 0usize;
    let mut top_blocks = 0;
    let mut body_start = 0;
    let mut close = 0;
    let mut inner = Vec::new();
    let mut outer = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'"' => {
                i = string_end(text, i).ok()?;
                continue;
            }
            b'#' => {
                i = line_end(text, i);
                continue;
            }
            b'{' => {
                if depth == 0 {
                    top_blocks += 1;
                    body_start = i + 1;
                }
                depth += 1;
            }
            b'}' => {
                depth = depth.checked_sub(1)?;
                match depth {
                    0 => {
                        close = i;
                        outer.push(i + 1);
                    }
                    1 => inner.push(i + 1),
                    _ => {}
                }
            }
            _ => {}
        }
        i += 1;
    }
    if depth != 0 || top_blocks == 0 {
        return None;
    }
    Some(if top_blocks == 1 {
        Layout {
            level: 1,
            body_start,
            boundaries: inner,
            close,
        }
    } else {
        Layout {
            level: 0,
            body_start: 0,
            boundaries: outer,
            close: text.len(),
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn big(extra: &str) -> Arc<SourceFile> {
        big_file(extra, true)
    }

    fn big_file(extra: &str, programme: bool) -> Arc<SourceFile> {
        let mut text = String::from("# big\n");
        if programme {
            text.push_str("programme \"Big\" {\n  currency = USD\n");
        }
        let mut n = 0;
        while text.len() < MIN_BYTES + 100_000 {
            text.push_str(&format!(
                "  unit \"U{n}\" {{ # {{\n    parent = \"Company }}\"\n    empowerment = 2.5k USD\n    values = [1, \"a\", 18 months]\n    metric \"m\" {{ weight = 40% }}\n  }}\n  x{n} = {n}\n"
            ));
            n += 1;
            if n == 5000 {
                text.push_str(extra);
            }
        }
        if programme {
            text.push_str("}\n");
        }
        text.push_str("# end\n");
        SourceFile::new("big.cxp", text)
    }

    #[test]
    fn chunks_give_the_same_tree_as_one_pass() {
        let file = big("");
        let (tree, diags) = parse(&file, &Limits::default()).expect("parallel path taken");
        assert!(diags.is_empty());
        let (expected, _) = Parser::new(&file).run();
        assert_eq!(tree, expected);
    }

    #[test]
    fn fragments_are_shared_out_too() {
        let file = big_file("", false);
        let layout = scan(&file.text).expect("balanced");
        assert_eq!(layout.level, 0);
        let (tree, diags) = parse(&file, &Limits::default()).expect("parallel path taken");
        assert!(diags.is_empty());
        let (expected, _) = Parser::new(&file).run();
        assert_eq!(tree, expected);
    }

    #[test]
    fn errors_fall_back_to_one_pass() {
        let file = big("  facing front\n");
        assert!(parse(&file, &Limits::default()).is_none());
        let (_, diags) = crate::syntax::parse(&file);
        assert_eq!(diags.len(), 1);
        assert_eq!(file.line_col(diags[0].span.start).0, 7 * 5000 + 3 + 1);
    }

    #[test]
    fn other_shapes_fall_back() {
        assert_eq!(scan("a { } b { }").map(|l| l.level), Some(0));
        assert!(scan("a { } }").is_none());
        assert!(scan("a { { }").is_none());
        assert!(scan("x = 1").is_none());
        assert!(scan("a { \"}\" } # }").is_some());
    }
}
