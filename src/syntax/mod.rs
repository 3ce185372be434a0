//! The plan language's syntax: a pest grammar (`grammar/cxp.pest`) and a parser that turns
//! text into an [`ast::File`], recovering from errors so a file reports all of them.

pub mod allows;
pub mod ast;
mod grammar;
pub mod hidden;
mod lexer;
mod parallel;
mod parser;

use std::sync::Arc;

use crate::diagnostic::Diagnostic;
use crate::limits::Limits;
use crate::source::SourceFile;

/// Parse one file. Syntax errors come back as E001 diagnostics; the tree holds everything
/// that could be read (recovery resumes at the next attribute or block and never loses
/// the block structure).
pub fn parse(file: &Arc<SourceFile>) -> (ast::File, Vec<Diagnostic>) {
    parse_with(file, &Limits::default())
}

/// [`parse`] under the given limits (nesting depth, syntax errors per file).
pub fn parse_with(file: &Arc<SourceFile>, limits: &Limits) -> (ast::File, Vec<Diagnostic>) {
    crate::files::trace::parsed(&file.path);
    if file.text.len() >= parallel::MIN_BYTES {
        if let Some(parsed) = parallel::parse(file, limits) {
            return parsed;
        }
    }
    parser::Parser::with_limits(file, limits).run()
}

/// Every comment in `text`: (byte offset of its `#`, whether it stands on its own line,
/// its text from `#` to the end of the line without the line end). Comments inside
/// strings are not comments.
pub fn comments(text: &str) -> Vec<(usize, bool, &str)> {
    let bytes = text.as_bytes();
    let mut found = Vec::new();
    let mut pos = 0;
    let mut line_has_token = false;
    while pos < bytes.len() {
        match bytes[pos] {
            // `\n`, `\r\n` and a lone `\r` all end a line.
            b'\n' | b'\r' => {
                line_has_token = false;
                pos += 1;
            }
            b' ' | b'\t' => pos += 1,
            b'#' => {
                let end = lexer::line_end(text, pos);
                let comment = text[pos..end].strip_suffix('\r').unwrap_or(&text[pos..end]);
                found.push((pos, !line_has_token, comment));
                pos = end;
            }
            b'"' => {
                line_has_token = true;
                pos = match lexer::string_end(text, pos) {
                    Ok(end) | Err(end) => end,
                };
            }
            // A byte-order mark is whitespace wherever it stands, as for the parser.
            0xEF if text[pos..].starts_with('\u{FEFF}') => pos += 3,
            _ => {
                line_has_token = true;
                pos += 1;
            }
        }
    }
    found
}

/// The paths of every `include "path"` in `text`, found without parsing: every
/// `include` followed by a quoted path counts, even inside texts and comments, so the
/// list holds at least every include the parser would read. `None` when a path holds an
/// escape (it cannot be read without parsing).
pub fn include_paths(text: &str) -> Option<Vec<String>> {
    let mut found = Vec::new();
    for (at, word) in text.match_indices("include") {
        let after = lexer::skip_trivia(text, at + word.len());
        if text.as_bytes().get(after) != Some(&b'"') {
            continue;
        }
        // An unclosed path includes nothing.
        let Ok(end) = lexer::string_end(text, after) else {
            continue;
        };
        let path = &text[after + 1..end - 1];
        if path.contains('\\') {
            return None;
        }
        found.push(path.to_string());
    }
    Some(found)
}
