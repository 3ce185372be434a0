//! Allow comments (`# cxlint: allow CODES -- reason`) read from a file's text and tree
//! when it is parsed, so later stages never parse the file again to find them.
//!
//! An allow on its own line covers the block that starts on the next line, nested blocks
//! included (when no block starts there, it covers that next line). An allow at the end
//! of a line covers diagnostics that point at that line.

use std::ops::Range;
use std::sync::Arc;

use crate::source::SourceFile;
use crate::syntax::ast::{self, File, Item};

/// One allow comment.
#[derive(Debug, Clone)]
pub struct Allow {
    pub file: Arc<SourceFile>,
    /// The comment's span (for S001/S002).
    pub span: Range<usize>,
    pub codes: Vec<String>,
    /// Where each of `codes` is written, in the file.
    pub code_spans: Vec<Range<usize>>,
    /// Whether the comment stands on its own line (else it ends a line of the plan).
    pub own_line: bool,
    pub reason: Option<String>,
    /// Byte range of the file it covers.
    pub covers: Range<usize>,
}

/// Every allow comment in a file.
pub fn allows(file: &Arc<SourceFile>, tree: &ast::File) -> Vec<Allow> {
    let text = &file.text;
    let mut out = Vec::new();
    for (start, own_line, comment) in crate::syntax::comments(text) {
        let Some((codes, reason)) = parse_allow(comment) else {
            continue;
        };
        let code_spans = spans_of(comment, &codes)
            .into_iter()
            .map(|r| start + r.start..start + r.end)
            .collect();
        let line = file.line(start);
        let covers = if own_line {
            next_block_or_line(file, tree, line)
        } else {
            let s = file.line_start(line);
            s..file.line_start(line + 1)
        };
        out.push(Allow {
            file: file.clone(),
            span: start..start + comment.len(),
            codes,
            code_spans,
            own_line,
            reason,
            covers,
        });
    }
    out
}

/// `# cxlint: allow FM06, EB03 -- reason` -> (codes, reason).
fn parse_allow(comment: &str) -> Option<(Vec<String>, Option<String>)> {
    let body = comment.trim_start_matches('#').trim();
    let rest = body.strip_prefix("cxlint:")?.trim_start();
    let rest = rest.strip_prefix("allow")?;
    if !rest.is_empty() && !rest.starts_with(char::is_whitespace) {
        return None;
    }
    let (codes, reason) = match rest.find("--") {
        Some(i) => (&rest[..i], Some(rest[i + 2..].trim().to_string())),
        None => (rest, None),
    };
    let codes = codes
        .split(|c: char| c == ',' || c.is_whitespace())
        .filter(|c| !c.is_empty())
        .map(str::to_string)
        .collect();
    Some((codes, reason.filter(|r| !r.is_empty())))
}

/// Where each of `codes` (as [`parse_allow`] read them from `comment`) stands in it.
fn spans_of(comment: &str, codes: &[String]) -> Vec<Range<usize>> {
    let Some(at) = comment.find("allow") else {
        return Vec::new();
    };
    let mut from = at + "allow".len();
    let end = comment[from..]
        .find("--")
        .map_or(comment.len(), |i| from + i);
    let mut out = Vec::with_capacity(codes.len());
    for code in codes {
        let Some(i) = comment[from..end].find(code.as_str()) else {
            return Vec::new();
        };
        out.push(from + i..from + i + code.len());
        from += i + code.len();
    }
    out
}

/// The block whose header starts on the first line after `line` that holds something
/// other than blanks and comments; or that line itself when no block starts there.
fn next_block_or_line(file: &SourceFile, tree: &ast::File, line: usize) -> Range<usize> {
    let mut next = line + 1;
    while next <= file.line_count() {
        let s = file.line_start(next);
        let e = file.line_start(next + 1);
        let t = file.text[s..e].trim();
        if !t.is_empty() && !t.starts_with('#') {
            break;
        }
        next += 1;
    }
    let s = file.line_start(next);
    let e = file.line_start(next + 1);
    find_block(tree, &tree.items, s..e).unwrap_or(s..e)
}

fn find_block(tree: &File, items: &[Item], line: Range<usize>) -> Option<Range<usize>> {
    for item in items {
        if let Item::Block(b) = item {
            let b = tree.block(*b);
            if line.contains(&b.kind.span.start) {
                return Some(b.span.start..b.span.end.max(line.end));
            }
            if b.span.start < line.end && line.start < b.span.end {
                if let Some(r) = find_block(tree, tree.items_of(b), line.clone()) {
                    return Some(r);
                }
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_allow_comments() {
        let (codes, reason) = parse_allow("# cxlint: allow FM06, EB03 -- union deal").unwrap();
        assert_eq!(codes, vec!["FM06", "EB03"]);
        assert_eq!(reason.as_deref(), Some("union deal"));
        let (codes, reason) = parse_allow("# cxlint: allow FM06").unwrap();
        assert_eq!(codes, vec!["FM06"]);
        assert_eq!(reason, None);
        assert!(parse_allow("# cxlint: allowance").is_none());
        assert!(parse_allow("# a plain comment").is_none());
        let (_, reason) = parse_allow("# cxlint: allow FM06 --   ").unwrap();
        assert_eq!(reason, None);
        let comment = "# cxlint: allow FM06,EB03  FM6 -- FM06";
        let (codes, _) = parse_allow(comment).unwrap();
        let spans = spans_of(comment, &codes);
        let found: Vec<&str> = spans.iter().map(|r| &comment[r.clone()]).collect();
        assert_eq!(found, vec!["FM06", "EB03", "FM6"]);
    }
}
