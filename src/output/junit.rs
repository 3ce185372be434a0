//! `--format junit`: one testsuite per file, one failing testcase per finding. Valid XML
//! whatever the text holds: markup characters are escaped and characters XML 1.0 cannot
//! carry (most control characters) are replaced.

use std::collections::BTreeMap;

use crate::diagnostic::Diagnostic;

pub fn render(diags: &[Diagnostic], files: &[String]) -> String {
    let mut by_file: BTreeMap<&str, Vec<&Diagnostic>> = BTreeMap::new();
    for f in files {
        by_file.entry(f.as_str()).or_default();
    }
    for d in diags.iter().filter(|d| d.suppressed.is_none()) {
        by_file.entry(d.file.path.as_str()).or_default().push(d);
    }
    let total: usize = by_file.values().map(|v| v.len().max(1)).sum();
    let failures: usize = by_file.values().map(Vec::len).sum();
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    out.push_str(&format!(
        "<testsuites name=\"cxlint\" tests=\"{total}\" failures=\"{failures}\">\n"
    ));
    for (file, list) in &by_file {
        out.push_str(&format!(
            "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{}\">\n",
            escape(file),
            list.len().max(1),
            list.len()
        ));
        if list.is_empty() {
            out.push_str(&format!(
                "    <testcase name=\"no findings\" classname=\"{}\"/>\n",
                escape(file)
            ));
        }
        for d in list {
            let (line, col) = d.start();
            out.push_str(&format!(
                "    <testcase name=\"{}\" classname=\"{}\" file=\"{}\" line=\"{line}\">\n",
                escape(&format!("{} {} at {line}:{col}", d.code, d.name)),
                escape(file),
                escape(file)
            ));
            let mut body = format!("{}:{line}:{col}: {}", super::plain(file), d.message);
            if let Some(help) = &d.help {
                body.push_str(&format!("\nhelp: {help}"));
            }
            out.push_str(&format!(
                "      <failure message=\"{}\" type=\"{}\">{}</failure>\n",
                escape(&d.message),
                d.severity.as_str(),
                escape(&body)
            ));
            out.push_str("    </testcase>\n");
        }
        out.push_str("  </testsuite>\n");
    }
    out.push_str("</testsuites>\n");
    out
}

/// Escape for XML text and attribute values.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\n' => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            '\t' => out.push_str("&#9;"),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_control_characters() {
        assert_eq!(
            escape("a<b & \"c\"\u{1}"),
            "a&lt;b &amp; &quot;c&quot;\u{FFFD}"
        );
        assert_eq!(escape("😀"), "😀");
    }
}
