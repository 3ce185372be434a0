//! `--format junit`: one testsuite per file, one failing testcase per finding. Valid XML
//! whatever the text holds: markup characters are escaped and characters XML 1.0 cannot
//! carry (most control characters) are replaced.

use std::collections::BTreeMap;

use crate::diagnostic::Diagnostic;

pub fn render(diags: &[Diagnostic], files: &[String]) -> String {
    let mut cases = Cases::default();
    for d in diags {
        cases.add(d);
    }
    let mut out = Vec::new();
    // Writing into memory cannot fail.
    let _ = cases.write(files, &mut out);
    String::from_utf8(out).unwrap_or_default()
}

/// The failing test cases of a run, rendered as they arrive and grouped by file: what
/// the report needs of each finding, without the finding itself (which keeps its file's
/// whole text alive), since the totals at the top wait for the last one. What it holds
/// is the report's own text, once.
#[derive(Default)]
pub struct Cases {
    /// Per file: how many cases, and their XML.
    by_file: BTreeMap<String, (usize, String)>,
}

impl Cases {
    /// Add one finding; suppressed findings are not test failures.
    pub fn add(&mut self, d: &Diagnostic) {
        if d.suppressed.is_some() {
            return;
        }
        let file = d.file.path.as_str();
        let (line, col) = d.start();
        let mut body = format!("{}:{line}:{col}: {}", super::plain(file), d.message);
        if let Some(help) = &d.help {
            body.push_str(&format!("\nhelp: {help}"));
        }
        let case = format!(
            "    <testcase name=\"{}\" classname=\"{}\" file=\"{}\" line=\"{line}\">\n      <failure message=\"{}\" type=\"{}\">{}</failure>\n    </testcase>\n",
            escape(&format!("{} {} at {line}:{col}", d.code, d.name)),
            escape(file),
            escape(file),
            escape(&d.message),
            d.severity.as_str(),
            escape(&body)
        );
        let entry = match self.by_file.get_mut(file) {
            Some(entry) => entry,
            None => self.by_file.entry(file.to_string()).or_default(),
        };
        entry.0 += 1;
        entry.1.push_str(&case);
    }

    /// Write the whole report: one test suite per file in `files` or with a finding.
    pub fn write(mut self, files: &[String], out: &mut dyn std::io::Write) -> std::io::Result<()> {
        for f in files {
            self.by_file.entry(f.clone()).or_default();
        }
        let total: usize = self.by_file.values().map(|(n, _)| (*n).max(1)).sum();
        let failures: usize = self.by_file.values().map(|(n, _)| n).sum();
        writeln!(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>")?;
        writeln!(
            out,
            "<testsuites name=\"cxlint\" tests=\"{total}\" failures=\"{failures}\">"
        )?;
        for (file, (n, cases)) in std::mem::take(&mut self.by_file) {
            writeln!(
                out,
                "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{n}\">",
                escape(&file),
                n.max(1),
            )?;
            if n == 0 {
                writeln!(
                    out,
                    "    <testcase name=\"no findings\" classname=\"{}\"/>",
                    escape(&file)
                )?;
            }
            out.write_all(cases.as_bytes())?;
            writeln!(out, "  </testsuite>")?;
        }
        writeln!(out, "</testsuites>")
    }
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

    /// What the report holds until its end does not grow with the files' text, and keeps
    /// none of it alive: 4x the text, the same bytes held.
    #[test]
    fn held_cases_keep_nothing_of_the_files() {
        let held = |text_len: usize| {
            let file =
                crate::source::SourceFile::new("p.cxp", format!("x\n{}", "#".repeat(text_len)));
            let d = Diagnostic::new(
                "E002",
                "unknown-name",
                crate::diagnostic::Severity::Error,
                &file,
                0..1,
                "unknown block kind `x`",
            );
            let mut cases = Cases::default();
            cases.add(&d);
            drop(d);
            assert_eq!(std::sync::Arc::strong_count(&file), 1, "the file is kept");
            cases
                .by_file
                .values()
                .map(|(_, xml)| xml.len())
                .sum::<usize>()
        };
        assert_eq!(held(250_000), held(1_000_000));
    }

    #[test]
    fn escapes_markup_and_control_characters() {
        assert_eq!(
            escape("a<b & \"c\"\u{1}"),
            "a&lt;b &amp; &quot;c&quot;\u{FFFD}"
        );
        assert_eq!(escape("😀"), "😀");
    }
}
