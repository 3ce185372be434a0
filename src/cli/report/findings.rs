//! What the report keeps of the run's findings: what it prints (code, name, severity,
//! message, help, place, acceptance), not the diagnostics, which hold their plan's whole
//! text. Texts many findings share (codes, names, help lines, paths, reasons) are held
//! once and messages side by side in pages of text, so a report over many plans costs
//! about forty bytes a finding besides its message. Findings and messages are held in
//! pages that are never moved: the lists grow without being copied, so a report never
//! holds a large list twice while it grows.

use std::collections::HashMap;
use std::sync::Arc;

use crate::diagnostic::{Diagnostic, Severity};

/// Every finding of the run, in the order they were handed on (file, line, column).
#[derive(Default)]
pub(super) struct Findings {
    /// Pages of [`FINDINGS_PER_PAGE`] findings.
    kept: Vec<Vec<Kept>>,
    len: usize,
    /// Texts shared between findings, by number.
    texts: Vec<Arc<str>>,
    numbers: HashMap<Arc<str>, u32>,
    /// Every message, one after the other, in pages of [`MESSAGE_PAGE`] bytes (a longer
    /// message has a page of its own).
    messages: Vec<String>,
}

/// Findings in one page of [`Findings::kept`].
const FINDINGS_PER_PAGE: usize = 1 << 14;

/// Bytes of messages in one page of [`Findings::messages`].
const MESSAGE_PAGE: usize = 1 << 18;

/// One finding: numbers of shared texts, and where its message lies in `messages`.
struct Kept {
    code: u32,
    name: u32,
    help: u32,
    path: u32,
    suppressed: u32,
    /// Page of [`Findings::messages`], and the message's range in it.
    message: (u32, u32, u32),
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
        let message = self.message(&d.message);
        let kept = Kept {
            code: self.number(&d.code),
            name: self.number(&d.name),
            help: d.help.as_deref().map_or(NONE, |h| self.number(h)),
            path: self.number(&d.file.path),
            suppressed: d.suppressed.as_deref().map_or(NONE, |s| self.number(s)),
            message,
            line: u32::try_from(line).unwrap_or(u32::MAX),
            column: u32::try_from(column).unwrap_or(u32::MAX),
            severity: d.severity,
        };
        match self.kept.last_mut() {
            Some(page) if page.len() < FINDINGS_PER_PAGE => page.push(kept),
            _ => {
                let mut page = Vec::with_capacity(FINDINGS_PER_PAGE);
                page.push(kept);
                self.kept.push(page);
            }
        }
        self.len += 1;
    }

    /// Keep a message: its page and its range in that page.
    fn message(&mut self, message: &str) -> (u32, u32, u32) {
        let fits = |page: &String| page.capacity() - page.len() >= message.len();
        if !self.messages.last().is_some_and(fits) {
            self.messages
                .push(String::with_capacity(MESSAGE_PAGE.max(message.len())));
        }
        let page = self.messages.len() - 1;
        let text = &mut self.messages[page];
        let start = text.len();
        text.push_str(message);
        let at = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
        (at(page), at(start), at(text.len()))
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
        self.len
    }

    pub fn get(&self, i: usize) -> Finding<'_> {
        let k = &self.kept[i / FINDINGS_PER_PAGE][i % FINDINGS_PER_PAGE];
        let (page, start, end) = k.message;
        Finding {
            code: self.text(k.code).unwrap_or(""),
            name: self.text(k.name).unwrap_or(""),
            severity: k.severity,
            message: self
                .messages
                .get(page as usize)
                .and_then(|text| text.get(start as usize..end as usize))
                .unwrap_or_default(),
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

    /// Past the first page of findings and of messages (one message longer than a
    /// page), every finding reads back with its own message.
    #[test]
    fn findings_over_many_pages_read_back_in_order() {
        let file = SourceFile::new("a.cxp", "programme \"P\" {\n}\n");
        let message = |i: usize| match i {
            5 => "x".repeat(MESSAGE_PAGE + 10),
            _ => format!("finding {i} {}", "y".repeat(i % 40)),
        };
        let mut all = Findings::default();
        let n = FINDINGS_PER_PAGE * 2 + 3;
        for i in 0..n {
            all.push(Diagnostic::error(Code::E002, &file, 0..1, message(i)));
        }
        assert_eq!(all.len(), n);
        assert_eq!(all.kept.len(), 3);
        assert!(all.messages.len() > 2);
        for (i, f) in all.iter().enumerate() {
            assert_eq!(f.message, message(i), "finding {i}");
        }
    }
}
