//! The one diagnostic type every stage produces and every output format consumes.

use std::ops::Range;
use std::sync::Arc;

use crate::source::SourceFile;

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }

    pub fn parse(s: &str) -> Option<Severity> {
        match s {
            "info" => Some(Severity::Info),
            "warning" => Some(Severity::Warning),
            "error" => Some(Severity::Error),
            _ => None,
        }
    }
}

/// A finding: what is wrong, where, and what to do about it.
#[derive(Debug, Clone)]
pub struct Diagnostic {
    /// `E001`, `S002`, `FM06`, ...
    pub code: crate::model::Text,
    /// Kebab-case name of the code (`syntax-error`, `reap-what-you-sow`).
    pub name: crate::model::Text,
    pub severity: Severity,
    pub message: String,
    pub help: Option<String>,
    /// The file the span points into.
    pub file: Arc<SourceFile>,
    /// Byte range in `file.text`.
    pub span: Range<usize>,
    /// Short text shown under the underlined span (optional).
    pub label: Option<String>,
    /// Kind and label of the block the diagnostic is about (`pay_plan "Field Sales"`), or
    /// `programme "Name"`; used by baselines and waivers, which must not depend on lines.
    pub block: Option<String>,
    /// The block's path: its kind and label and those of every block enclosing it below
    /// the programme (`pay_plan "Field Sales" / metric "Calls"`); baselines match on it.
    /// `None` where it is `block` itself.
    pub block_path: Option<String>,
    /// `Some(reason)` when an allow comment or a waiver suppressed this diagnostic.
    pub suppressed: Option<String>,
    /// The reason of an allow comment that `--no-inline-allows` ignored: the finding is
    /// reported, with the reason its authors gave.
    pub ignored_allow: Option<String>,
    /// Changes to the text that would correct the finding, the first the likeliest.
    pub fixes: Vec<Fix>,
    /// For the finding that stands for those the per-file cap did not show: how many it
    /// stands for (0 for every other finding).
    pub hidden: usize,
    /// ... and how many of them were suppressed, besides itself, so the summary counts
    /// every one.
    pub hidden_suppressed: usize,
}

/// A change to the text that corrects a finding: one or more edits in the diagnostic's
/// own file. A safe fix does what the writer plainly meant (a misspelt name with one
/// clear candidate, a missing unit) and `check --fix` applies it; a fix that is not safe
/// makes a choice for the writer and is applied only with `--unsafe-fixes`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fix {
    /// What the fix does, in words (`write \`weight\``).
    pub title: String,
    pub safe: bool,
    /// Non-overlapping edits, in the order of their position.
    pub edits: Vec<Edit>,
}

/// Replace the bytes `span` of the file with `text`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edit {
    pub span: Range<usize>,
    pub text: String,
}

impl Fix {
    /// A fix made of one edit.
    pub fn replace(
        title: impl Into<String>,
        safe: bool,
        span: Range<usize>,
        text: impl Into<String>,
    ) -> Fix {
        Fix {
            title: title.into(),
            safe,
            edits: vec![Edit {
                span,
                text: text.into(),
            }],
        }
    }
}

impl Diagnostic {
    pub fn new(
        code: &str,
        name: &str,
        severity: Severity,
        file: &Arc<SourceFile>,
        span: Range<usize>,
        message: impl Into<String>,
    ) -> Diagnostic {
        Diagnostic {
            code: code.into(),
            name: name.into(),
            severity,
            message: message.into(),
            help: None,
            file: file.clone(),
            span,
            label: None,
            block: None,
            block_path: None,
            suppressed: None,
            ignored_allow: None,
            fixes: Vec::new(),
            hidden: 0,
            hidden_suppressed: 0,
        }
    }

    /// An always-error semantic diagnostic (E001-E014) with its registered name.
    pub fn error(
        code: crate::codes::Code,
        file: &Arc<SourceFile>,
        span: Range<usize>,
        message: impl Into<String>,
    ) -> Diagnostic {
        Diagnostic::new(
            code.code(),
            code.name(),
            Severity::Error,
            file,
            span,
            message,
        )
    }

    /// A problem in a configuration or rule file (CONFIG, RULE, YAML), with its registered
    /// name.
    pub fn input(
        code: crate::codes::InputCode,
        file: &Arc<SourceFile>,
        span: Range<usize>,
        message: impl Into<String>,
    ) -> Diagnostic {
        Diagnostic::new(
            code.code(),
            code.name(),
            Severity::Error,
            file,
            span,
            message,
        )
    }

    /// A problem with cxlint's own inputs that has no text to show (a configuration that
    /// cannot be read): printed as one line.
    pub fn note(message: impl Into<String>) -> Diagnostic {
        let file = crate::source::SourceFile::new(String::new(), String::new());
        Diagnostic::input(crate::codes::InputCode::Config, &file, 0..0, message)
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub fn with_label(mut self, label: impl Into<String>) -> Self {
        self.label = Some(label.into());
        self
    }

    pub fn with_fix(mut self, fix: Fix) -> Self {
        self.fixes.push(fix);
        self
    }

    pub fn with_fixes(mut self, fixes: impl IntoIterator<Item = Fix>) -> Self {
        self.fixes.extend(fixes);
        self
    }

    pub fn with_block(mut self, block: impl Into<String>) -> Self {
        self.block = Some(block.into());
        self
    }

    /// [`Diagnostic::with_block`] and [`Diagnostic::with_block_path`] for a block of
    /// `programme`.
    pub fn with_block_and_path(
        self,
        programme: &crate::model::Programme,
        node: &crate::model::Node,
    ) -> Self {
        let (key, path) = crate::model::key_and_path(programme, node);
        self.with_block(key).with_block_path(path)
    }

    pub fn with_block_path(mut self, path: impl Into<String>) -> Self {
        self.block_path = Some(path.into());
        self
    }

    /// 1-based (line, column) of the start of the span.
    pub fn start(&self) -> (usize, usize) {
        self.file.line_col(self.span.start)
    }

    /// 1-based (line, column) of the end of the span.
    pub fn end(&self) -> (usize, usize) {
        self.file.line_col(self.span.end)
    }
}

/// Sort diagnostics by file, line, column, code (stable for equal keys): the order every
/// output uses.
pub fn sort(diags: &mut [Diagnostic]) {
    use rayon::prelude::*;
    // A long list (the findings of a batch of files, sorted as they are handed on) is
    // ordered on every core: the thread that writes the output is not left alone with it.
    const ON_EVERY_CORE: usize = 1024;
    let parallel = diags.len() >= ON_EVERY_CORE;
    // Without copying each path and code: compared where they lie, and the list put in
    // that order. Findings in one file compare by offset (`char_floor`), in the order of
    // their line and column without finding them.
    let mut order: Vec<usize> = (0..diags.len()).collect();
    let by_place = |&a: &usize, &b: &usize| {
        let (x, y) = (&diags[a], &diags[b]);
        let place = if Arc::ptr_eq(&x.file, &y.file) {
            let file = &x.file;
            file.char_floor(x.span.start)
                .cmp(&file.char_floor(y.span.start))
        } else {
            // Two reads of one path (a file changed during the run) compare by line.
            x.file
                .path
                .cmp(&y.file.path)
                .then_with(|| x.start().cmp(&y.start()))
        };
        place.then_with(|| x.code.cmp(&y.code))
    };
    // Both sorts are stable: the same order either way.
    if parallel {
        order.par_sort_by(by_place);
    } else {
        order.sort_by(by_place);
    }
    // Position j takes what was at order[j], one cycle of the permutation at a time.
    for i in 0..order.len() {
        let mut j = i;
        loop {
            let k = order[j];
            order[j] = j;
            if k == i {
                break;
            }
            diags.swap(j, k);
            j = k;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Short lists and long ones (sorted on every core) come out in the same order: by
    /// file, line, column and code, findings equal in all four in the order given.
    #[test]
    fn sorting_is_by_place_and_stable_at_every_length() {
        // Two texts under one path (a file read twice, changed in between), places
        // inside a character and past the end.
        let files: Vec<Arc<SourceFile>> = [
            ("b.cxp", "ab\ncd\r\né\n"),
            ("a.cxp", "ab\ncd\ré\n"),
            ("c/a.cxp", "é\n\n"),
            ("a.cxp", "\nxy\n"),
        ]
        .iter()
        .map(|(name, text)| SourceFile::new(*name, text.repeat(30)))
        .collect();
        for n in [10, 2000] {
            let diags: Vec<Diagnostic> = (0..n)
                .map(|i| {
                    let file = &files[i * 7 % files.len()];
                    let at = (i * 13) % (file.text.len() + 5);
                    let code = ["FM01", "E001", "CC02"][i % 3];
                    Diagnostic::new(code, "x", Severity::Info, file, at..at, format!("{i}"))
                })
                .collect();
            let mut expected = diags.clone();
            expected.sort_by(|x, y| {
                (x.file.path.as_str(), x.start(), x.code.as_str()).cmp(&(
                    y.file.path.as_str(),
                    y.start(),
                    y.code.as_str(),
                ))
            });
            let mut sorted = diags;
            sort(&mut sorted);
            let shown =
                |v: &[Diagnostic]| -> Vec<String> { v.iter().map(|d| d.message.clone()).collect() };
            assert_eq!(shown(&sorted), shown(&expected), "{n} findings");
        }
    }
}
