//! The one place YAML is read (configuration and rule files): serde-saphyr with its
//! default resource budgets (alias bombs, depth, size), errors turned into diagnostics
//! that point at the line in the YAML file.

use std::sync::Arc;

use serde::de::DeserializeOwned;

use crate::diagnostic::{Diagnostic, Severity};
use crate::source::SourceFile;

/// Deserialize `file`'s text. On error, a diagnostic (code `YAML`) at the place the YAML
/// reader names, or at line 1 when it names none.
pub fn from_str<T: DeserializeOwned>(file: &Arc<SourceFile>) -> Result<T, Box<Diagnostic>> {
    serde_saphyr::from_str::<T>(&file.text).map_err(|e| {
        let span = match e.location() {
            Some(loc) => location_span(file, loc.line() as usize, loc.column() as usize),
            None => 0..0,
        };
        let message = first_line(&e.to_string());
        Box::new(Diagnostic::new(
            "YAML",
            "invalid-yaml",
            Severity::Error,
            file,
            span,
            message,
        ))
    })
}

/// The byte range of the rest of a 1-based line from a 1-based column (for a span that
/// serde-saphyr reports by line and column).
pub fn location_span(file: &SourceFile, line: usize, column: usize) -> std::ops::Range<usize> {
    let start = file.line_start(line.max(1));
    let line_text = &file.text[start..];
    let line_end = start + line_text.find('\n').unwrap_or(line_text.len());
    let mut offset = start;
    for (n, (i, _)) in file.text[start..line_end].char_indices().enumerate() {
        if n + 1 >= column {
            offset = start + i;
            break;
        }
        offset = line_end;
    }
    let end = file.text[offset..line_end]
        .trim_end()
        .len()
        .max(1)
        .min(line_end - offset);
    offset..offset + end
}

fn first_line(message: &str) -> String {
    message.lines().next().unwrap_or(message).trim().to_string()
}
