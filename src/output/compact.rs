//! `--format compact`: one line per finding, `path:line:col: severity[CODE] message`.

use crate::diagnostic::Diagnostic;

pub fn render(diags: &[Diagnostic]) -> String {
    use std::fmt::Write as _;
    let mut out = String::new();
    for d in diags.iter().filter(|d| d.suppressed.is_none()) {
        let (line, col) = d.start();
        // Writing to a string cannot fail.
        let _ = writeln!(
            out,
            "{}:{}:{}: {}[{}] {}",
            super::plain(&d.file.path),
            line,
            col,
            d.severity.as_str(),
            d.code,
            super::plain(&d.message)
        );
    }
    out
}
