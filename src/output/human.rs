//! `--format human`: miette's graphical reports (source snippet, label, help) and a
//! summary line. Colour only when asked for or on a terminal.

use std::fmt;
use std::sync::Arc;

use miette::{
    Diagnostic as MietteDiagnostic, GraphicalReportHandler, GraphicalTheme, LabeledSpan,
    MietteError, SourceCode, SourceSpan, SpanContents,
};

use super::Summary;
use crate::diagnostic::{Diagnostic, Severity};
use crate::source::SourceFile;

/// How to draw: colours, and the width to wrap at.
#[derive(Debug, Clone, Copy)]
pub struct Style {
    pub color: bool,
    pub width: usize,
}

pub fn render(diags: &[Diagnostic], summary: &Summary, style: Style, quiet: bool) -> String {
    let mut out = render_items(diags, style);
    if !quiet {
        out.push_str(&summary.line());
        out.push('\n');
    }
    out
}

/// The reports of the unsuppressed diagnostics, without the summary line.
pub fn render_items(diags: &[Diagnostic], style: Style) -> String {
    let theme = if style.color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    let handler = GraphicalReportHandler::new_themed(theme)
        .with_width(style.width)
        .with_links(false);
    let mut out = String::new();
    for d in diags.iter().filter(|d| d.suppressed.is_none()) {
        let report = Report::new(d);
        if handler.render_report(&mut out, &report).is_err() {
            let (line, col) = d.start();
            out.push_str(&format!(
                "{}:{line}:{col}: {}[{}] {}\n",
                d.file.path,
                d.severity.as_str(),
                d.code,
                super::plain(&d.message)
            ));
        }
        out.push('\n');
    }
    out
}

/// A cxlint diagnostic seen through miette's eyes.
struct Report<'a> {
    d: &'a Diagnostic,
    source: Source,
    code: String,
    help: Option<String>,
    message: String,
}

impl<'a> Report<'a> {
    fn new(d: &'a Diagnostic) -> Report<'a> {
        let mut help = d.help.as_deref().map(|h| super::plain(h).into_owned());
        if let Some(reason) = &d.ignored_allow {
            let note = format!("an allow comment accepts this (\"{reason}\"), but allow comments are ignored in this run");
            help = Some(match help {
                Some(h) => format!("{h}\n{note}"),
                None => note,
            });
        }
        Report {
            d,
            source: Source {
                file: d.file.clone(),
                shown: masked_source(&d.file.text),
            },
            code: format!("{}({})", d.code, d.name),
            help,
            message: super::plain(&d.message).into_owned(),
        }
    }
}

impl fmt::Debug for Report<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.message)
    }
}

impl fmt::Display for Report<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.message)
    }
}

impl std::error::Error for Report<'_> {}

impl MietteDiagnostic for Report<'_> {
    fn code<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        Some(Box::new(&self.code))
    }

    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.d.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
            Severity::Info => miette::Severity::Advice,
        })
    }

    fn help<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        self.help
            .as_ref()
            .map(|h| Box::new(h) as Box<dyn fmt::Display + 'b>)
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        Some(&self.source)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        let text = &self.d.file.text;
        let start = self.d.span.start.min(text.len());
        let end = self.d.span.end.clamp(start, text.len());
        let span = SourceSpan::from(start..end);
        Some(Box::new(std::iter::once(LabeledSpan::new_with_span(
            self.d.label.clone(),
            span,
        ))))
    }
}

/// A source file as miette reads it, named by its display path.
/// `shown` is the text with control characters masked (same byte offsets), when it has
/// any, so a snippet cannot send escape sequences to the terminal.
struct Source {
    file: Arc<SourceFile>,
    shown: Option<String>,
}

/// Each control, bidirectional or invisible character other than newline, tab and the
/// CR of a CRLF becomes as many
/// `?` as it has bytes, so every span still points at the same place.
fn masked_source(text: &str) -> Option<String> {
    let unsafe_char = |c: char| super::unsafe_char(c) && !matches!(c, '\n' | '\t' | '\r');
    if !text.chars().any(|c| unsafe_char(c) || c == '\r') {
        return None;
    }
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    let mut changed = false;
    while let Some(c) = chars.next() {
        let lone_cr = c == '\r' && chars.peek() != Some(&'\n');
        if unsafe_char(c) || lone_cr {
            out.extend(std::iter::repeat('?').take(c.len_utf8()));
            changed = true;
        } else {
            out.push(c);
        }
    }
    changed.then_some(out)
}

impl SourceCode for Source {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        let text: &str = self.shown.as_deref().unwrap_or(&self.file.text);
        let inner = text.read_span(span, context_lines_before, context_lines_after)?;
        Ok(Box::new(miette::MietteSpanContents::new_named(
            super::plain(&self.file.path).into_owned(),
            inner.data(),
            *inner.span(),
            inner.line(),
            inner.column(),
            inner.line_count(),
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::masked_source;

    #[test]
    fn masking_keeps_offsets() {
        assert_eq!(masked_source("plain\r\ntext\t\n"), None);
        let text = "x\u{1b}y\r\nz\rw\u{85}";
        let masked = masked_source(text).expect("masked");
        assert_eq!(masked, "x?y\r\nz?w??");
        assert_eq!(masked.len(), text.len());
    }
}
