//! `--format github`: GitHub Actions workflow commands, escaped as GitHub requires.

use crate::diagnostic::{Diagnostic, Severity};

pub fn render(diags: &[Diagnostic]) -> String {
    let mut out = String::new();
    for d in diags.iter().filter(|d| d.suppressed.is_none()) {
        let level = match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "notice",
        };
        let (line, col) = d.start();
        let (end_line, end_col) = d.end();
        let mut message = format!("{} {}", d.code, printable(&d.message));
        if let Some(help) = &d.help {
            message.push_str(&format!("\nhelp: {}", printable(help)));
        }
        out.push_str(&format!(
            "::{level} file={},line={line},col={col},endLine={end_line},endColumn={end_col},title={}::{}\n",
            property(&printable(&d.file.path)),
            property(&format!("{} {}", d.code, d.name)),
            data(&message)
        ));
    }
    out
}

/// Text from a plan with control characters shown as `\u{1b}`, except newlines, carriage
/// returns and tabs, which the workflow-command escaping below carries.
fn printable(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if super::unsafe_char(c) && !matches!(c, '\n' | '\r' | '\t') {
            out.push_str(&format!("\\u{{{:x}}}", c as u32));
        } else {
            out.push(c);
        }
    }
    out
}

/// Escaping for the message part of a workflow command.
fn data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escaping for a property value (`file=…`, `title=…`).
fn property(s: &str) -> String {
    data(s).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_like_github() {
        assert_eq!(data("50% done\r\nnext"), "50%25 done%0D%0Anext");
        assert_eq!(property("a:b,c%"), "a%3Ab%2Cc%25");
    }
}
