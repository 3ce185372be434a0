//! `--format human`: miette's graphical reports (source snippet, label, help) and a
//! summary line. Colour only when asked for or on a terminal. Reports of the common
//! shape are written directly, the same text miette draws (see `draw`).

use std::borrow::Cow;
use std::fmt;

use miette::{
    Diagnostic as MietteDiagnostic, GraphicalReportHandler, GraphicalTheme, LabeledSpan,
    MietteError, SourceCode, SourceSpan, SpanContents,
};

mod draw;
mod words;

use words::{hyphens_outside_code, words_keeping_code};

use super::Summary;
use crate::diagnostic::{Diagnostic, Severity};

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
    let mut handler = handler(style);
    let mut out = String::new();
    for d in diags.iter().filter(|d| d.suppressed.is_none()) {
        item(&mut handler, d, &mut out);
    }
    out
}

/// [`render_items`], the reports drawn in the worker threads (rayon's pool, sized by
/// `--jobs`): the same text, in parts to be written in order (not joined, which would
/// copy it all again on the thread that writes), the cost spread over every core.
pub fn render_items_parallel(diags: &[Diagnostic], style: Style) -> Vec<String> {
    use rayon::prelude::*;
    // A few reports are drawn here: handing them out would cost more than it saves.
    if diags.len() < 8 {
        return vec![render_items(diags, style)];
    }
    // In runs of reports, so each thread fills one text for many of them.
    diags
        .par_chunks(64)
        .map_init(
            || handler(style),
            |handler, chunk| {
                let mut text = String::new();
                for d in chunk.iter().filter(|d| d.suppressed.is_none()) {
                    item(handler, d, &mut text);
                }
                text
            },
        )
        .collect()
}

/// The ways of drawing a report: directly, for the common shape without colour
/// ([`draw::Drawer`]); otherwise with miette, wrapping its message and help to the width,
/// or, for a report whose message and help each fit on their first line, not wrapping
/// them (the same text, without the cost of filling lines that need no filling).
struct Handler {
    direct: Option<draw::Drawer>,
    wrapping: GraphicalReportHandler,
    unwrapped: GraphicalReportHandler,
    width: usize,
}

fn handler(style: Style) -> Handler {
    let theme = if style.color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    let wrapping = GraphicalReportHandler::new_themed(theme)
        .with_width(style.width)
        .with_links(false)
        .with_word_separator(textwrap::WordSeparator::Custom(words_keeping_code))
        .with_word_splitter(textwrap::WordSplitter::Custom(hyphens_outside_code));
    Handler {
        direct: (!style.color).then(|| draw::Drawer::new(style.width)),
        unwrapped: wrapping.clone().with_wrap_lines(false),
        wrapping,
        width: style.width,
    }
}

/// Whether wrapping `text` at `width` would leave it as it is: one line, no tab, no
/// space at either end, and narrow enough to stand after miette's widest indent
/// (`  help: `, 8 columns) within the width miette wraps at (`width - 2`). Then filling
/// gives the indent and the text, exactly what drawing without wrapping gives.
fn fits(text: &str, width: usize) -> bool {
    const INDENT: usize = 8;
    !text.is_empty()
        && !text.contains(['\n', '\r', '\t'])
        && !text.starts_with(char::is_whitespace)
        && !text.ends_with(char::is_whitespace)
        && textwrap::core::display_width(text) + INDENT + 2 <= width
}

/// The report of one diagnostic, and the blank line after it, appended to `out`.
fn item(handler: &mut Handler, d: &Diagnostic, out: &mut String) {
    let mark = out.len();
    // Should the drawing fail, or panic on an input nobody foresaw, what it wrote is
    // taken back and the diagnostic is still reported, on one line.
    let drawn = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        let report = Report::new(d);
        if let Some(direct) = &mut handler.direct {
            if direct.draw(&report, out) {
                // Debug builds (every test, every fuzz run) check the direct drawing
                // against miette's, and stop at once (not a panic, which would be
                // caught here) if they differ.
                #[cfg(debug_assertions)]
                {
                    let mut theirs = String::new();
                    let _ = handler.wrapping.render_report(&mut theirs, &report);
                    if out[mark..] != theirs {
                        eprintln!("direct drawing:\n{}\nmiette's:\n{theirs}", &out[mark..]);
                        std::process::abort();
                    }
                }
                return Ok(());
            }
        }
        let fit = fits(&report.message, handler.width)
            && report
                .help
                .as_deref()
                .map_or(true, |h| fits(h, handler.width));
        let drawing = if fit {
            &handler.unwrapped
        } else {
            &handler.wrapping
        };
        drawing.render_report(out, &report)
    }));
    if !matches!(drawn, Ok(Ok(()))) {
        out.truncate(mark);
        let (line, col) = d.start();
        out.push_str(&format!(
            "{}:{line}:{col}: {}[{}] {}\n",
            super::plain(&d.file.path),
            d.severity.as_str(),
            d.code,
            super::plain(&d.message)
        ));
    }
    out.push('\n');
}

std::thread_local! {
    /// Bytes of source text the renderer has read on this thread: the file's lines it
    /// cuts the snippet from, and the snippet text miette is handed and walks. Machine
    /// independent, so tests can hold the cost of a report to the lines it shows.
    static SOURCE_BYTES: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

fn count_source(bytes: usize) {
    SOURCE_BYTES.with(|c| c.set(c.get() + bytes));
}

/// Bytes of source text read by the renderer on this thread so far (see
/// `SOURCE_BYTES`); [`render_items`] draws on the calling thread.
pub fn source_bytes_read() -> usize {
    SOURCE_BYTES.with(std::cell::Cell::get)
}

/// A cxlint diagnostic seen through miette's eyes.
struct Report<'a> {
    d: &'a Diagnostic,
    source: Source<'a>,
    /// The diagnostic's span in `source.text`.
    span: std::ops::Range<usize>,
    code: String,
    help: Option<Cow<'a, str>>,
    message: Cow<'a, str>,
}

impl<'a> Report<'a> {
    fn new(d: &'a Diagnostic) -> Report<'a> {
        let mut help = d.help.as_deref().map(super::plain);
        if let Some(reason) = &d.ignored_allow {
            let note = format!("an allow comment accepts this (\"{reason}\"), but allow comments are ignored in this run");
            help = Some(Cow::Owned(match help {
                Some(h) => format!("{h}\n{note}"),
                None => note,
            }));
        }
        let (source, span) = Source::excerpt(d);
        Report {
            d,
            source,
            span,
            code: [d.code.as_str(), "(", d.name.as_str(), ")"].concat(),
            help,
            message: super::plain(&d.message),
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
        let span = SourceSpan::from(self.span.clone());
        Some(Box::new(std::iter::once(LabeledSpan::new_with_span(
            self.d.label.clone(),
            span,
        ))))
    }
}

/// The lines of a file a snippet shows, as miette reads them: the lines of the span and
/// one on either side, each line end kept, named by the file's display path. Control,
/// bidirectional and invisible characters are masked (`masked_source`), and a line longer
/// than [`MAX_SHOWN`] characters is cut to that many around the span, marked with `…`:
/// the renderer pads the underline with the column, which it cannot do beyond 65,535, and
/// nobody reads such a line whole. Working on these few lines rather than the whole text
/// also keeps the cost of a diagnostic independent of the size of its file.
struct Source<'a> {
    path: Cow<'a, str>,
    text: Cow<'a, str>,
    /// 0-based number of the first line shown.
    first_line: usize,
    /// Where the span starts in the file: its 0-based line and byte column, for the
    /// heading (`file:line:column`).
    start: (usize, usize),
    /// The span's start in `text`.
    start_in_text: usize,
}

/// The longest line a snippet shows whole, in characters.
const MAX_SHOWN: usize = 500;
/// How much of a cut line is shown before the span, in characters.
const SHOWN_BEFORE: usize = 60;

impl<'a> Source<'a> {
    /// The snippet's text for `d`, and the span of `d` in it.
    fn excerpt(d: &'a Diagnostic) -> (Source<'a>, std::ops::Range<usize>) {
        let file = &d.file;
        let text: &str = &file.text;
        let floor = |mut i: usize| {
            i = i.min(text.len());
            while !text.is_char_boundary(i) {
                i -= 1;
            }
            i
        };
        let start = floor(d.span.start);
        let end = floor(d.span.end).max(start);
        let (start_line, end_line) = (file.line_index(start), file.line_index(end));
        let first = start_line.saturating_sub(1);
        let last = (end_line + 1).min(file.line_count().saturating_sub(1));
        let path = super::plain(&file.path);
        let start_col = start - file.line_span(start_line).0.start;
        // Most snippets are shown as they are in the file (no line cut, nothing masked,
        // no lone carriage return): then they are borrowed from it.
        let region = file.line_span(first).0.start..{
            let (range, ending) = file.line_span(last);
            range.end + ending.len()
        };
        let whole = (first..=last).all(|index| {
            let (range, ending) = file.line_span(index);
            range.len() <= MAX_SHOWN && ending != "\r"
        });
        if whole && masked_source(&text[region.clone()]).is_none() {
            count_source(region.len());
            let source = Source {
                path,
                text: Cow::Borrowed(&text[region.clone()]),
                first_line: first,
                start: (start_line, start_col),
                start_in_text: start - region.start,
            };
            return (source, start - region.start..end - region.start);
        }
        let mut out = String::new();
        let (mut new_start, mut new_end) = (0, 0);
        for index in first..=last {
            let (range, ending) = file.line_span(index);
            let line = &text[range.clone()];
            // The part of the line shown, as a byte range of the file.
            // A line of at most MAX_SHOWN bytes has at most as many characters.
            let (from, to) = if line.len() <= MAX_SHOWN || line.chars().nth(MAX_SHOWN).is_none() {
                (range.start, range.end)
            } else {
                let anchor = if index == start_line {
                    start
                } else if index == end_line {
                    end
                } else {
                    range.start
                };
                let before = text[range.start..anchor]
                    .char_indices()
                    .rev()
                    .nth(SHOWN_BEFORE - 1)
                    .map_or(range.start, |(i, _)| range.start + i);
                let after = text[before..range.end]
                    .char_indices()
                    .nth(MAX_SHOWN)
                    .map_or(range.end, |(i, _)| before + i);
                (before, after)
            };
            count_source(to - from + ending.len());
            let line_at = out.len();
            if from > range.start {
                out.push('…');
            }
            let shown_at = out.len();
            let part = &text[from..to];
            out.push_str(&masked_source(part).unwrap_or_else(|| part.to_string()));
            if to < range.end {
                out.push('…');
            }
            let map = |offset: usize| -> usize {
                if offset > range.end {
                    // In the line end.
                    out.len() + (offset - range.end).min(ending.len())
                } else if offset >= to && to < range.end {
                    shown_at + (to - from)
                } else {
                    shown_at + offset.clamp(from, to) - from
                }
            };
            if index == start_line {
                new_start = map(start).max(line_at);
            }
            if index == end_line {
                new_end = map(end);
            }
            // A line end is shown as it is, except a lone carriage return, shown as a
            // line feed (miette reads both, and would show the return).
            out.push_str(if ending == "\r" { "\n" } else { ending });
        }
        let source = Source {
            path,
            text: Cow::Owned(out),
            first_line: first,
            start: (start_line, start_col),
            start_in_text: new_start,
        };
        (source, new_start..new_end.max(new_start))
    }
}

/// Each control, bidirectional or invisible character other than newline, tab and the
/// CR of a CRLF becomes as many
/// `?` as it has bytes, so every span still points at the same place.
fn masked_source(text: &str) -> Option<String> {
    let unsafe_char = |c: char| super::unsafe_char(c) && !matches!(c, '\n' | '\t' | '\r');
    // Every byte looked at (which vectorises): printable ASCII, line feeds and tabs.
    let plain_ascii = text.bytes().fold(true, |all, b| {
        all & (b.wrapping_sub(0x20) < 0x5f || b == b'\n' || b == b'\t')
    });
    if plain_ascii || !text.chars().any(|c| unsafe_char(c) || c == '\r') {
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

impl SourceCode for Source<'_> {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        // miette reads the snippet from its first byte.
        count_source(self.text.len());
        let inner =
            self.text
                .as_ref()
                .read_span(span, context_lines_before, context_lines_after)?;
        // Lines and columns are the file's, not the excerpt's.
        let column = if context_lines_before == 0 && span.offset() == self.start_in_text {
            self.start.1
        } else {
            inner.column()
        };
        Ok(Box::new(miette::MietteSpanContents::new_named(
            self.path.to_string(),
            inner.data(),
            *inner.span(),
            inner.line() + self.first_line,
            column,
            inner.line_count(),
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::SourceFile;
    use std::sync::Arc;

    const STYLE: Style = Style {
        color: false,
        width: 80,
    };

    /// A programme of `units` front-line units, each on its own line, the line padded
    /// to `width` characters; and one finding on each unit.
    fn findings(units: usize, width: usize) -> (Arc<SourceFile>, Vec<Diagnostic>) {
        let mut text = String::from("programme \"P\" {\n");
        let mut spans = Vec::new();
        for i in 0..units {
            let line = format!("  unit \"U{i}\" {{ facing = front }}");
            let start = text.len() + 2;
            spans.push(start..start + 4);
            text.push_str(&line);
            text.push_str(&" ".repeat(width.saturating_sub(line.len())));
            text.push('\n');
        }
        text.push_str("}\n");
        let file = SourceFile::new("p.cxp", text);
        let diags = spans
            .into_iter()
            .map(|span| {
                Diagnostic::new(
                    "CC06",
                    "duty-to-customer",
                    Severity::Warning,
                    &file,
                    span,
                    "unit has no stated responsibility to the customer".to_string(),
                )
                .with_help("state it")
            })
            .collect();
        (file, diags)
    }

    /// Source bytes the renderer reads for `diags`, and the text it draws.
    fn cost(diags: &[Diagnostic]) -> (usize, String) {
        let before = source_bytes_read();
        let text = render_items(diags, STYLE);
        (source_bytes_read() - before, text)
    }

    #[test]
    fn a_report_reads_the_lines_it_shows_not_the_file() {
        // N findings in a plan of N units, and 4N in one of 4N: four times the bytes.
        let (_, small) = findings(500, 40);
        let (_, large) = findings(2000, 40);
        let (n, _) = cost(&small);
        let (n4, _) = cost(&large);
        assert!(n > 0);
        assert!(
            n4 <= 4 * n + 4 * 200,
            "{n} bytes for N findings, {n4} for 4N"
        );
        // One finding, at the end of a plan of N units and of one of 4N: the same bytes.
        let (_, small) = findings(500, 40);
        let (_, large) = findings(2000, 40);
        let (one, text) = cost(&small[499..]);
        let (one4, text4) = cost(&large[1999..]);
        assert_eq!(one, one4, "one finding, N and 4N lines");
        assert!(one < 4 * 200, "{one} bytes for one finding");
        assert!(text.contains("U499") && text4.contains("U1999"));
        // A line N and 4N characters long: the snippet is cut, the same bytes are read.
        let (_, long) = findings(3, 20_000);
        let (_, longer) = findings(3, 80_000);
        let (cut, _) = cost(&long[1..2]);
        let (cut4, _) = cost(&longer[1..2]);
        assert_eq!(cut, cut4, "one finding on lines of N and 4N characters");
        // Three lines of at most MAX_SHOWN characters (and the marks of the cut), read
        // when cut and then by miette, which reads the snippet three times.
        assert!(
            cut <= 4 * 3 * (MAX_SHOWN + 10),
            "{cut} bytes for a finding on long lines"
        );
    }

    #[test]
    fn drawn_in_parallel_the_text_is_the_same() {
        let (_, mut diags) = findings(300, 40);
        diags[7].suppressed = Some("a reason".into());
        for n in [0, 1, 7, 8, 9, 100, 300] {
            assert_eq!(
                render_items_parallel(&diags[..n], STYLE).concat(),
                render_items(&diags[..n], STYLE),
                "{n} findings"
            );
        }
    }

    #[test]
    fn masking_keeps_offsets() {
        assert_eq!(masked_source("plain\r\ntext\t\n"), None);
        let text = "x\u{1b}y\r\nz\rw\u{85}";
        let masked = masked_source(text).expect("masked");
        assert_eq!(masked, "x?y\r\nz?w??");
        assert_eq!(masked.len(), text.len());
    }
}
