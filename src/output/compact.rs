//! `--format compact`: one line per finding, `path:line:col: severity[CODE] message`.

use super::printable;
use crate::diagnostic::Diagnostic;

pub fn render(diags: &[Diagnostic]) -> String {
    let mut out = String::new();
    for d in diags.iter().filter(|d| d.suppressed.is_none()) {
        let (line, col) = d.start();
        out.push_str(&format!(
            "{}:{}:{}: {}[{}] {}\n",
            printable(&d.file.path),
            line,
            col,
            d.severity.as_str(),
            d.code,
            printable(&d.message).replace('\n', " ")
        ));
    }
    out
}
