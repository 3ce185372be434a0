//! The plan language's syntax: a pest grammar (`grammar/cxp.pest`) and a parser that turns
//! text into an [`ast::File`], recovering from errors so a file reports all of them.

pub mod ast;

use std::sync::Arc;

use crate::diagnostic::Diagnostic;
use crate::source::SourceFile;

/// Parse one file. Syntax errors come back as E001 diagnostics; the tree holds everything
/// that could be read (recovery resumes at the next attribute or block and never loses
/// the block structure).
pub fn parse(file: &Arc<SourceFile>) -> (ast::File, Vec<Diagnostic>) {
    // Interface stub: the parser replaces this body.
    let _ = file;
    (ast::File::default(), Vec::new())
}

/// Every comment in `text`: (byte offset of its `#`, whether it stands on its own line,
/// its text from `#` to the end of the line without the line end). Comments inside
/// strings are not comments.
pub fn comments(text: &str) -> Vec<(usize, bool, &str)> {
    // Interface stub: the parser replaces this body.
    let _ = text;
    Vec::new()
}
