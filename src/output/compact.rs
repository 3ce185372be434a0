//! `--format compact`: one line per finding, `path:line:col: severity[CODE] message`.

use crate::diagnostic::Diagnostic;

pub fn render(diags: &[Diagnostic]) -> String {
    let mut out = String::new();
    let mut digits = [0u8; 20];
    // Written piece by piece: the same line `format!` would give, without its machinery.
    for d in diags.iter().filter(|d| d.suppressed.is_none()) {
        let (line, col) = d.start();
        let path = super::plain(&d.file.path);
        let message = super::plain(&d.message);
        out.reserve(path.len() + message.len() + d.code.len() + 40);
        out.push_str(&path);
        out.push(':');
        out.push_str(super::decimal(line, &mut digits));
        out.push(':');
        out.push_str(super::decimal(col, &mut digits));
        out.push_str(": ");
        out.push_str(d.severity.as_str());
        out.push('[');
        out.push_str(&d.code);
        out.push_str("] ");
        out.push_str(&message);
        out.push('\n');
    }
    out
}
