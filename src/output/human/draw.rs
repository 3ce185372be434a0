//! The common report drawn directly: the same text miette's graphical handler draws
//! (no colour, its unicode theme), without going through its general machinery.
//!
//! Most reports have one shape: one label on one line of plain ASCII text, a message
//! and a help. For those, miette's drawing (reading the snippet again, splitting it into
//! lines, formatting each part through `fmt`) and textwrap's filling of the message and
//! help cost about 80,000 instructions a report, four times the rest of the run on a
//! plan with many findings. Here the same report is written straight into the output:
//! the snippet's lines come from the excerpt cut for it, and the message and help are
//! filled with the steps textwrap's first-fit filling takes (the same words, the same
//! splitting at hyphens, the same breaking of words wider than a line).
//!
//! Any other report (colour, a span over several lines, tabs or characters beyond ASCII
//! in the snippet, a label of several lines) is left to miette: [`Drawer::draw`] says so
//! before writing anything. Debug builds draw every report both ways and compare them
//! (see `item` in the parent module), so every test and fuzz run checks the two agree;
//! the tests below compare them on many shapes and widths.

use super::words::{has_hyphen, hyphen_points, word_bounds};
use super::Report;
use crate::diagnostic::Severity;

/// What drawing needs across reports: the indents and their widths, and room for the
/// pieces of a line being filled.
pub(super) struct Drawer {
    /// The width miette fills to (the terminal's width less 2).
    fill: usize,
    header: [(String, usize); 3],
    rest: (String, usize),
    help: (String, usize),
    help_rest: (String, usize),
    pieces: Vec<Piece>,
    /// Helps already filled, and how: a rule's help is the same text for each of its
    /// findings. Emptied when it holds [`HELPS_KEPT`] texts.
    helps: crate::Map<String, String>,
}

/// How many filled helps a [`Drawer`] keeps.
const HELPS_KEPT: usize = 256;

/// One piece of a line being filled, as textwrap's `Word`: `start..end` is the text,
/// `end..gap` the spaces after it; `hyphen` when a `-` is added if the line ends there.
#[derive(Clone, Copy)]
struct Piece {
    start: usize,
    end: usize,
    gap: usize,
    width: usize,
    hyphen: bool,
}

fn indent(text: String) -> (String, usize) {
    let width = textwrap::core::display_width(&text);
    (text, width)
}

impl Drawer {
    pub(super) fn new(width: usize) -> Drawer {
        // miette's unicode theme: ×, ⚠ and ☞ for the severities, │ to continue.
        let header = |icon: &str| indent(format!("  {icon} "));
        Drawer {
            fill: width.saturating_sub(2),
            header: [header("×"), header("⚠"), header("☞")],
            rest: indent("  │ ".to_string()),
            help: indent("  help: ".to_string()),
            help_rest: indent(" ".repeat(8)),
            pieces: Vec::new(),
            helps: crate::Map::default(),
        }
    }

    /// Draws `report` into `out` as miette would, if it has the common shape; false,
    /// with nothing written, if not.
    pub(super) fn draw(&mut self, report: &Report<'_>, out: &mut String) -> bool {
        let Some(snippet) = Snippet::of(report) else {
            return false;
        };
        let fillable = |text: &str| {
            text_or_newlines(text) || !text.chars().any(|c| c.is_control() && c != '\n')
        };
        if !fillable(&report.message)
            || report.message.contains('\n')
            || !report.help.as_deref().map_or(true, fillable)
        {
            return false;
        }
        out.reserve(256 + report.message.len() + snippet.text.len());
        out.push_str(&report.code);
        out.push_str("\n\n");
        let at = match report.d.severity {
            Severity::Error => 0,
            Severity::Warning => 1,
            Severity::Info => 2,
        };
        let (first, rest) = (&self.header[at], &self.rest);
        fill(
            out,
            &report.message,
            self.fill,
            first,
            rest,
            &mut self.pieces,
        );
        out.push('\n');
        snippet.draw(report, out);
        if let Some(help) = &report.help {
            match self.helps.get(help.as_ref()) {
                Some(filled) => out.push_str(filled),
                None => {
                    let mut filled = String::new();
                    let (first, rest) = (&self.help, &self.help_rest);
                    fill(&mut filled, help, self.fill, first, rest, &mut self.pieces);
                    out.push_str(&filled);
                    if self.helps.len() >= HELPS_KEPT {
                        self.helps.clear();
                    }
                    self.helps.insert(help.to_string(), filled);
                }
            }
            out.push('\n');
        }
        true
    }
}

/// The snippet of a report of the common shape: the excerpt's lines (each printable
/// ASCII), and the label's span within one of them.
struct Snippet<'r> {
    text: &'r str,
    /// The label's span in `text`, on one line, not into its line end.
    span: std::ops::Range<usize>,
    label: Option<&'r str>,
}

impl<'r> Snippet<'r> {
    fn of(report: &'r Report<'_>) -> Option<Snippet<'r>> {
        let text = report.source.text.as_ref();
        let span = report.span.clone();
        let printable = text_or_newlines(text);
        let label = report.d.label.as_deref();
        // A span starting at the very end of the excerpt is drawn without an underline
        // by miette; left to it.
        let one_line = span.start < text.len()
            && span.end <= text.len()
            && !text[span.clone()].contains('\n')
            && label.map_or(true, |l| !l.contains('\n'));
        (printable && one_line && !text.is_empty()).then_some(Snippet { text, span, label })
    }

    fn draw(&self, report: &Report<'_>, out: &mut String) {
        let source = &report.source;
        let first = source.first_line + 1;
        let bytes = self.text.as_bytes();
        let breaks = memchr::memchr_iter(b'\n', bytes).count();
        let last = first + breaks + usize::from(!bytes.ends_with(b"\n")) - 1;
        let digits = last.checked_ilog10().unwrap_or(0) as usize + 1;
        let margin = |out: &mut String, mark: &str| {
            out.push(' ');
            push_spaces(out, digits);
            out.push(' ');
            out.push_str(mark);
        };
        push_spaces(out, digits + 2);
        out.push_str("╭─[");
        out.push_str(&source.path);
        out.push(':');
        push_number(out, source.start.0 + 1, 0);
        out.push(':');
        push_number(out, source.start.1 + 1, 0);
        out.push_str("]\n");
        let mut offset = 0;
        for (number, line) in (first..).zip(self.text.split_inclusive('\n')) {
            let shown = line.strip_suffix('\n').unwrap_or(line);
            out.push(' ');
            push_number(out, number, digits);
            out.push_str(" │ ");
            out.push_str(shown);
            out.push('\n');
            let next = offset + line.len();
            // The label is drawn under the line its span starts on (miette: the span
            // starts in the line, the line end included).
            if (offset..next).contains(&self.span.start) {
                let start = self.span.start - offset;
                let end = if self.span.is_empty() {
                    start + 1
                } else {
                    (self.span.end - offset).max(start + 1)
                };
                let middle = (start + end) / 2;
                margin(out, "· ");
                push_spaces(out, start);
                push_rule(out, middle - start);
                out.push_str(if self.span.is_empty() {
                    "▲"
                } else if self.label.is_some() {
                    "┬"
                } else {
                    "─"
                });
                push_rule(out, end - middle - 1);
                out.push('\n');
                if let Some(label) = self.label {
                    margin(out, "· ");
                    push_spaces(out, middle);
                    out.push_str("╰── ");
                    out.push_str(label);
                    out.push('\n');
                }
            }
            offset = next;
        }
        push_spaces(out, digits + 2);
        out.push_str("╰────\n");
    }
}

/// Whether `text` is printable ASCII and line feeds (every byte looked at, as in
/// [`crate::output::printable_ascii`]).
fn text_or_newlines(text: &str) -> bool {
    text.bytes().fold(true, |all, b| {
        all & (b.wrapping_sub(0x20) < 0x5f || b == b'\n')
    })
}

/// `n` in decimal, right-aligned in `width` columns.
fn push_number(out: &mut String, n: usize, width: usize) {
    let mut buf = [0; 20];
    let digits = crate::output::decimal(n, &mut buf);
    push_spaces(out, width.saturating_sub(digits.len()));
    out.push_str(digits);
}

fn push_spaces(out: &mut String, mut n: usize) {
    const SPACES: &str = "                                                                ";
    while n > 0 {
        let k = n.min(SPACES.len());
        out.push_str(&SPACES[..k]);
        n -= k;
    }
}

/// `n` times `─`.
fn push_rule(out: &mut String, mut n: usize) {
    const RULE: &str = "────────────────────────────────";
    const WIDE: usize = RULE.len() / '─'.len_utf8();
    while n > 0 {
        let k = n.min(WIDE);
        out.push_str(&RULE[..k * '─'.len_utf8()]);
        n -= k;
    }
}

/// `text` filled to `width` as `textwrap::fill` fills it with miette's options (the
/// first line after `first`, the others after `rest`; words and hyphen points as the
/// parent module gives them; words wider than a line broken; first fit), appended to
/// `out` without a final line end.
fn fill(
    out: &mut String,
    text: &str,
    width: usize,
    first: &(String, usize),
    rest: &(String, usize),
    pieces: &mut Vec<Piece>,
) {
    let widths = [width.saturating_sub(first.1), width.saturating_sub(rest.1)];
    // In ASCII text (most of it) a character is a column.
    let ascii = text.is_ascii();
    let width_of = |text: &str| {
        if ascii {
            text.len()
        } else {
            textwrap::core::display_width(text)
        }
    };
    let mut lines_out = 0usize;
    for line in text.split('\n') {
        pieces.clear();
        // textwrap puts an empty word first when the first line has an indent, so the
        // first word may go to the second line.
        pieces.push(Piece {
            start: 0,
            end: 0,
            gap: 0,
            width: 0,
            hyphen: false,
        });
        let bytes = line.as_bytes();
        word_bounds(line, |start, gap| {
            // The spaces after the word (a space is one byte in UTF-8).
            let mut end = gap;
            while end > start && bytes[end - 1] == b' ' {
                end -= 1;
            }
            let word = &line[start..end];
            // Most words: ASCII, no hyphen, narrower than a line.
            if ascii && end - start <= widths[1] && !has_hyphen(&bytes[start..end]) {
                pieces.push(Piece {
                    start,
                    end,
                    gap,
                    width: end - start,
                    hyphen: false,
                });
                return;
            }
            let mut prev = 0;
            hyphen_points(word, |at| {
                let piece = Piece {
                    start: start + prev,
                    end: start + at,
                    gap: start + at,
                    width: width_of(&word[prev..at]),
                    hyphen: !word[..at].ends_with('-'),
                };
                break_apart(line, piece, widths[1], pieces);
                prev = at;
            });
            if prev < word.len() || prev == 0 {
                let piece = Piece {
                    start: start + prev,
                    end,
                    gap,
                    width: width_of(&word[prev..]),
                    hyphen: false,
                };
                break_apart(line, piece, widths[1], pieces);
            }
        });
        // First fit: a piece goes on the current line if it and its hyphen fit.
        let mut from = 0;
        let mut used = 0;
        let mut lines_here = 0;
        let mut idx = 0;
        for at in 0..pieces.len() {
            let piece = pieces[at];
            let room = widths[lines_here.min(1)];
            if used + piece.width + usize::from(piece.hyphen) > room && at > from {
                emit(
                    out,
                    line,
                    &pieces[from..at],
                    &mut idx,
                    lines_out,
                    first,
                    rest,
                );
                lines_out += 1;
                lines_here += 1;
                from = at;
                used = 0;
            }
            used += piece.width + (piece.gap - piece.end);
        }
        emit(out, line, &pieces[from..], &mut idx, lines_out, first, rest);
        lines_out += 1;
    }
}

/// One filled line: its indent, its pieces' text (without the spaces after the last)
/// and the hyphen if the last piece wants one.
fn emit(
    out: &mut String,
    line: &str,
    pieces: &[Piece],
    idx: &mut usize,
    lines_out: usize,
    first: &(String, usize),
    rest: &(String, usize),
) {
    if lines_out > 0 {
        out.push('\n');
    }
    out.push_str(if lines_out == 0 { &first.0 } else { &rest.0 });
    let len: usize = pieces.iter().map(|p| p.gap - p.start).sum();
    let last = pieces[pieces.len() - 1];
    out.push_str(&line[*idx..*idx + len - (last.gap - last.end)]);
    if last.hyphen {
        out.push('-');
    }
    *idx += len;
}

/// A piece wider than `room` cut into pieces of at most `room` columns (the last keeps
/// the spaces and hyphen), as textwrap breaks long words; others as they are.
fn break_apart(line: &str, piece: Piece, room: usize, pieces: &mut Vec<Piece>) {
    if piece.width <= room {
        pieces.push(piece);
        return;
    }
    let text = &line[piece.start..piece.end];
    let mut from = 0;
    let mut width = 0;
    for (i, c) in text.char_indices() {
        let w = if c.is_ascii() {
            1
        } else {
            textwrap::core::display_width(c.encode_utf8(&mut [0; 4]))
        };
        if width > 0 && width + w > room {
            pieces.push(Piece {
                start: piece.start + from,
                end: piece.start + i,
                gap: piece.start + i,
                width,
                hyphen: false,
            });
            from = i;
            width = w;
        } else {
            width += w;
        }
    }
    if from < text.len() {
        pieces.push(Piece {
            start: piece.start + from,
            width,
            ..piece
        });
    }
}

#[cfg(test)]
mod tests {
    use super::super::{handler, Report, Style};
    use crate::diagnostic::{Diagnostic, Severity};
    use crate::source::SourceFile;

    /// A small deterministic generator, so a failure can be replayed.
    struct Dice(u64);

    impl Dice {
        fn next(&mut self, n: usize) -> usize {
            self.0 = self
                .0
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            ((self.0 >> 33) as usize) % n
        }
    }

    const WORDS: &[&str] = &[
        "the",
        "programme",
        "a",
        "customer",
        "all-or-nothing",
        "`stance = decline`",
        "KPI",
        "front-line",
        "retention,",
        "(NPS)",
        "…",
        "engagement…",
        "customer-first-and-always",
        "`code`",
        "`unit \"Sales\" { facing = front }`",
        "supercalifragilisticexpialidocious",
        "x",
        "-",
        "--",
        "a-",
        "-b",
        "co-op.",
        "顾客",
        "é-é",
        "`",
        "tab-\u{b7}-dot",
        "",
        "lifetime-value-of-a-customer-measured-over-years",
    ];

    fn text(dice: &mut Dice, words: usize) -> String {
        let mut out = String::new();
        for i in 0..words {
            if i > 0 {
                out.push_str([" ", " ", " ", "  ", "\n", " \n "][dice.next(6)]);
            }
            out.push_str(WORDS[dice.next(WORDS.len())]);
        }
        out
    }

    const PLAN: &str = "programme \"P\" {\n  currency = USD\n\n  unit \"Sales\" { facing = front }\n  unit \"Care\" {\n    facing = front\n  }\n  kpi \"NPS\" { type = nps }\n  kpi \"Revenue\" { type = revenue }\n  initiative \"I\" { owner = \"Sales\" }\n  promise \"P\" { text = \"We answer within a day\" }\n}";

    /// Every report the direct drawing takes on is drawn as miette draws it: random
    /// messages and helps (hyphens, code spans, long words, characters beyond ASCII,
    /// several lines), every kind of one-line span (empty, at a line's start or end,
    /// whole lines, line numbers crossing 9 and 10), labels, severities and widths.
    #[test]
    fn draws_what_miette_draws() {
        let file = SourceFile::new("plans/p.cxp", PLAN.to_string());
        let mut dice = Dice(7);
        let mut drawn = 0;
        for round in 0..3_000 {
            let width = [2, 8, 12, 20, 30, 40, 60, 80, 100, 200][round % 10];
            let style = Style {
                color: false,
                width,
            };
            let mut handler = handler(style);
            let start = dice.next(PLAN.len() + 1);
            let len = [0, 1, 3, 8, 40][dice.next(5)];
            let end = (start + len).min(PLAN.len());
            let severity = [Severity::Error, Severity::Warning, Severity::Info][dice.next(3)];
            let words = 1 + dice.next(30);
            let message = text(&mut dice, words).replace('\n', " ");
            let mut d = Diagnostic::new("CC01", "a-name", severity, &file, start..end, message);
            if dice.next(4) > 0 {
                let words = 1 + dice.next(40);
                d = d.with_help(text(&mut dice, words));
            }
            match dice.next(3) {
                0 => {}
                1 => d = d.with_label(""),
                _ => d = d.with_label("the label"),
            }
            let report = Report::new(&d);
            let mut ours = String::new();
            let direct = handler.direct.as_mut().expect("no colour");
            if direct.draw(&report, &mut ours) {
                drawn += 1;
                let mut theirs = String::new();
                handler
                    .wrapping
                    .render_report(&mut theirs, &report)
                    .expect("miette draws it");
                assert_eq!(ours, theirs, "round {round}, width {width}");
            } else {
                assert!(ours.is_empty(), "nothing written when declined");
            }
        }
        // Most of these reports have the common shape: the comparison is not empty.
        assert!(drawn > 2_000, "{drawn} of 3,000 drawn directly");
    }

    #[test]
    fn leaves_other_shapes_to_miette() {
        let file = SourceFile::new("p.cxp", "a\tb\nc\u{e9}d\nefg\nhij\nklm\n".to_string());
        let style = Style {
            color: false,
            width: 80,
        };
        let mut drawing = handler(style);
        let mut declined = |span: std::ops::Range<usize>, message: &str| {
            let d = Diagnostic::new("E001", "x", Severity::Error, &file, span, message);
            let report = Report::new(&d);
            let mut out = String::new();
            !drawing.direct.as_mut().unwrap().draw(&report, &mut out) && out.is_empty()
        };
        assert!(declined(0..1, "a tab in the snippet"));
        assert!(declined(4..5, "a character beyond ASCII in the snippet"));
        assert!(declined(9..12, "a span over two lines"));
        assert!(!declined(17..18, "the common shape"));
        assert!(handler(Style {
            color: true,
            width: 80
        })
        .direct
        .is_none());
    }
}
