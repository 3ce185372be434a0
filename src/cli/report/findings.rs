//! What the report keeps of the run's findings: what it prints (code, name, severity,
//! message, help, place, acceptance), not the diagnostics, which hold their plan's whole
//! text. Texts many findings share (codes, names, help lines, paths, reasons) are held
//! once and messages side by side in one text, so a report over many plans costs about
//! forty bytes a finding besides its message.

use std::collections::HashMap;
use std::sync::Arc;

use crate::diagnostic::{Diagnostic, Severity};

/// Every finding of the run, in the order they were handed on (file, line, column).
#[derive(Default)]
pub(super) struct Findings {
    kept: Vec<Kept>,
    /// Texts shared between findings, by number.
    texts: Vec<Arc<str>>,
    numbers: HashMap<Arc<str>, u32>,
    /// Every message, one after the other.
    messages: String,
}

/// One finding: numbers of shared texts, and where its message lies in `messages`.
struct Kept {
    code: u32,
    name: u32,
    help: u32,
    path: u32,
    suppressed: u32,
    message: (usize, usize),
    line: u32,
    column: u32,
    severity: Severity,
}

/// No text (`help`, `suppressed`).
const NONE: u32 = u32::MAX;

/// A finding as the renderers read it.
#[derive(Clone, Copy)]
pub(super) struct Finding<'a> {
    pub code: &'a str,
    pub name: &'a str,
    pub severity: Severity,
    pub message: &'a str,
    pub help: Option<&'a str>,
    /// The file's path as shown.
    pub path: &'a str,
    line: u32,
    column: u32,
    /// Why it was accepted (allow comment or waiver), when it was.
    pub suppressed: Option<&'a str>,
}

impl Finding<'_> {
    /// 1-based line and column where it starts.
    pub fn start(&self) -> (usize, usize) {
        (self.line as usize, self.column as usize)
    }
}

impl Findings {
    pub fn push(&mut self, d: Diagnostic) {
        let (line, column) = d.start();
        let start = self.messages.len();
        self.messages.push_str(&d.message);
        let kept = Kept {
            code: self.number(&d.code),
            name: self.number(&d.name),
            help: d.help.as_deref().map_or(NONE, |h| self.number(h)),
            path: self.number(&d.file.path),
            suppressed: d.suppressed.as_deref().map_or(NONE, |s| self.number(s)),
            message: (start, self.messages.len()),
            line: u32::try_from(line).unwrap_or(u32::MAX),
            column: u32::try_from(column).unwrap_or(u32::MAX),
            severity: d.severity,
        };
        self.kept.push(kept);
    }

    fn number(&mut self, text: &str) -> u32 {
        if let Some(&n) = self.numbers.get(text) {
            return n;
        }
        let n = u32::try_from(self.texts.len()).unwrap_or(NONE - 1);
        let t: Arc<str> = Arc::from(text);
        self.texts.push(t.clone());
        self.numbers.insert(t, n);
        n
    }

    fn text(&self, n: u32) -> Option<&str> {
        self.texts.get(n as usize).map(|t| &**t)
    }

    pub fn len(&self) -> usize {
        self.kept.len()
    }

    pub fn get(&self, i: usize) -> Finding<'_> {
        let k = &self.kept[i];
        Finding {
            code: self.text(k.code).unwrap_or(""),
            name: self.text(k.name).unwrap_or(""),
            severity: k.severity,
            message: &self.messages[k.message.0..k.message.1],
            help: self.text(k.help),
            path: self.text(k.path).unwrap_or(""),
            line: k.line,
            column: k.column,
            suppressed: self.text(k.suppressed),
        }
    }

    pub fn iter(&self) -> impl Iterator<Item = Finding<'_>> {
        (0..self.len()).map(|i| self.get(i))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::codes::Code;
    use crate::source::SourceFile;

    #[test]
    fn a_finding_reads_back_as_it_was_given() {
        let file = SourceFile::new("plans/a.cxp", "programme \"P\" {\n  currency = USD\n}\n");
        let mut all = Findings::default();
        let mut d = Diagnostic::error(Code::E002, &file, 18..26, "the message".to_string())
            .with_help("the help");
        all.push(d.clone());
        d.suppressed = Some("a reason".into());
        d.help = None;
        d.message = "another".into();
        all.push(d);
        let (a, b) = (all.get(0), all.get(1));
        assert_eq!(
            (a.code, a.path, a.message, a.help, a.suppressed, a.start()),
            (
                "E002",
                "plans/a.cxp",
                "the message",
                Some("the help"),
                None,
                (2, 3)
            )
        );
        assert_eq!(
            (b.message, b.help, b.suppressed),
            ("another", None, Some("a reason"))
        );
        assert_eq!(all.iter().count(), 2);
        // Shared texts are held once.
        assert_eq!(all.texts.len(), 5);
    }
}
