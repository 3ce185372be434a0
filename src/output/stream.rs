//! Printing a run's diagnostics as they arrive, in any output format, so a long run
//! keeps only what is not printed yet. The text is byte for byte what the format's
//! `render` gives for the whole list; JUnit alone needs every finding before its first
//! line (its totals come first), so it holds their rendered test cases to the end.

use std::io::{self, Write};

use serde_json::Value;

use super::human::Style;
use super::sarif::{Closing, Setting};
use super::Summary;
use crate::baseline::{Entry, Keys};
use crate::diagnostic::Diagnostic;
use crate::engine::RuleMeta;

/// The output formats of `cxlint check`.
#[derive(Debug, Clone, Copy)]
pub enum Kind {
    Human { style: Style, quiet: bool },
    Compact,
    Json,
    Sarif,
    Junit,
    Github,
}

pub struct Stream<'a> {
    kind: Kind,
    out: &'a mut dyn Write,
    summary: Summary,
    /// Items written so far into the JSON array being streamed.
    items: usize,
    sarif: Vec<Value>,
    setting: Setting,
    /// Numbers findings for their baseline keys when the caller gives none.
    keys: Keys,
    /// SARIF only: the files findings were made in (fragments need not be inputs).
    seen: Vec<String>,
    /// JUnit only: the failing test cases, rendered.
    cases: super::junit::Cases,
    /// JSON and SARIF: the text of the items being written, handed on every
    /// [`WRITE_AT`] bytes and reused, so a batch of many findings does not hold its
    /// whole text in fresh memory.
    buf: Vec<u8>,
}

/// How much JSON or SARIF text is gathered before it is written out.
const WRITE_AT: usize = 64 * 1024;

/// Compact and GitHub lines are drawn this many findings at a time.
const LINES_AT_ONCE: usize = 256;

/// Human reports are drawn (on every core) this many at a time.
const REPORTS_AT_ONCE: usize = 4096;

/// Where the streamed array of a pretty-printed JSON document sits: the text before
/// its `[` (included) and after its `]` (included), for the document rendered with
/// the array empty.
fn around<'t>(text: &'t str, key: &str) -> (&'t str, &'t str) {
    let marker = format!("\"{key}\": []");
    let at = text
        .find(&marker)
        .map_or(text.len(), |i| i + marker.len() - 1);
    (&text[..at], &text[at..])
}

/// Pretty JSON of `value`, every line after the first indented by `indent` spaces.
/// The JSON document with no diagnostics, for its opening and closing text.
fn json_frame(summary: &Summary) -> String {
    super::json::render(&[], summary)
}

/// The SARIF document with no results (and, with `closing`, its artifacts and
/// invocations).
fn sarif_frame(
    descriptors: &[Value],
    setting: &Setting,
    closing: Option<(&Closing, &[String])>,
) -> String {
    let mut text = serde_json::to_string_pretty(&super::sarif::document(
        descriptors,
        setting,
        Vec::new(),
        closing,
    ))
    .unwrap_or_default();
    text.push('\n');
    text
}

impl<'a> Stream<'a> {
    /// Start the output (writes the opening text of the JSON formats).
    /// `setting` says what the SARIF tells about the run besides its results.
    pub fn new(
        kind: Kind,
        rules: &[RuleMeta],
        setting: Setting,
        out: &'a mut dyn Write,
    ) -> io::Result<Stream<'a>> {
        let mut s = Stream {
            kind,
            out,
            summary: Summary::default(),
            items: 0,
            sarif: Vec::new(),
            setting,
            keys: Keys::default(),
            seen: Vec::new(),
            cases: Default::default(),
            buf: Vec::new(),
        };
        match kind {
            Kind::Json => {
                let frame = json_frame(&Summary::default());
                s.out
                    .write_all(around(&frame, "diagnostics").0.as_bytes())?;
            }
            Kind::Sarif => {
                s.sarif = super::sarif::descriptors(rules, &s.setting);
                let frame = sarif_frame(&s.sarif, &s.setting, None);
                s.out.write_all(around(&frame, "results").0.as_bytes())?;
            }
            _ => {}
        }
        Ok(s)
    }

    /// Print the next diagnostics (they follow every earlier one in sorted order).
    pub fn write(&mut self, diags: &[Diagnostic]) -> io::Result<()> {
        let keys: Vec<Entry> = diags.iter().map(|d| self.keys.key(d)).collect();
        self.write_keyed(diags, &keys)
    }

    /// Count findings a baseline absorbed (they are not printed).
    pub fn baselined(&mut self, n: usize) {
        self.summary.baselined += n;
    }

    /// [`Stream::write`] with each finding's baseline key, numbered by the caller over
    /// every finding, those a baseline absorbed included (see [`Keys`]).
    pub fn write_keyed(&mut self, diags: &[Diagnostic], keys: &[Entry]) -> io::Result<()> {
        self.summary.add(diags);
        match self.kind {
            Kind::Human { style, .. } => {
                // Drawn a thousand reports at a time: the text of a batch of many
                // findings is not held all at once.
                for chunk in diags.chunks(REPORTS_AT_ONCE) {
                    for part in super::human::render_items_parallel(chunk, style) {
                        self.out.write_all(part.as_bytes())?;
                    }
                }
                Ok(())
            }
            Kind::Compact | Kind::Github => {
                for chunk in diags.chunks(LINES_AT_ONCE) {
                    let text = match self.kind {
                        Kind::Github => super::github::render(chunk),
                        _ => super::compact::render(chunk),
                    };
                    self.out.write_all(text.as_bytes())?;
                }
                Ok(())
            }
            Kind::Junit => {
                for d in diags {
                    self.cases.add(d);
                }
                Ok(())
            }
            Kind::Json => self.items_in_parts(diags.len(), |s, i, text| {
                let entry = super::json::entry(&diags[i], &s.setting.waivers);
                s.item(text, 4, |text| entry.write_pretty(text, 4));
            }),
            Kind::Sarif => self.items_in_parts(diags.len().min(keys.len()), |s, i, text| {
                let d = &diags[i];
                let r = super::sarif::result(d, &keys[i], &s.sarif, &s.setting);
                s.item(text, 8, |text| super::pretty_json_into(text, &r, 8));
                if s.seen.last() != Some(&d.file.path) {
                    s.seen.push(d.file.path.clone());
                }
            }),
        }
    }

    /// Write `n` items of a JSON document's list, `each` writing item `i` into the
    /// text, which is handed on every [`WRITE_AT`] bytes.
    fn items_in_parts(
        &mut self,
        n: usize,
        mut each: impl FnMut(&mut Self, usize, &mut Vec<u8>),
    ) -> io::Result<()> {
        let mut text = std::mem::take(&mut self.buf);
        let mut written = Ok(());
        for i in 0..n {
            each(self, i, &mut text);
            written = self.hand_on(&mut text, WRITE_AT);
            if written.is_err() {
                break;
            }
        }
        written = written.and_then(|()| self.hand_on(&mut text, 0));
        self.buf = text;
        written
    }

    /// Write `text` out and empty it once it holds at least `at` bytes (anything, for 0).
    fn hand_on(&mut self, text: &mut Vec<u8>, at: usize) -> io::Result<()> {
        if text.len() < at.max(1) {
            return Ok(());
        }
        let written = self.out.write_all(text);
        text.clear();
        written
    }

    /// One item of the document's list, `indent` spaces deep, after the ones before:
    /// `write` writes it.
    fn item(&mut self, text: &mut Vec<u8>, indent: usize, write: impl FnOnce(&mut Vec<u8>)) {
        text.extend_from_slice(if self.items == 0 { b"\n" } else { b",\n" });
        text.resize(text.len() + indent, b' ');
        write(text);
        self.items += 1;
    }

    /// Say how many programmes the rules did not run on (errors in the plan), for the
    /// summary line.
    pub fn unchecked(&mut self, programmes: usize) {
        self.summary.unchecked = programmes;
    }

    /// Finish the output: the summary line, the closing text of the JSON formats, or the
    /// whole JUnit report. `files` counts the files read; `names` lists the files checked
    /// (JUnit gives each a test suite, with or without findings); `problems` the paths
    /// that could not be read, with why (JSON `errors`, SARIF notifications).
    pub fn finish(
        mut self,
        files: usize,
        names: &[String],
        problems: &[(String, String)],
    ) -> io::Result<Summary> {
        self.summary.files = files;
        let close = |s: &Stream, frame: &str, key: &str, indent: usize| -> String {
            let rest = around(frame, key).1;
            if s.items == 0 {
                rest.to_string()
            } else {
                format!("\n{}{rest}", " ".repeat(indent - 2))
            }
        };
        let text = match self.kind {
            Kind::Human { quiet: false, .. } => format!("{}\n", self.summary.line()),
            Kind::Human { quiet: true, .. } | Kind::Compact | Kind::Github => String::new(),
            Kind::Junit => {
                // Written straight out: the report is not built a second time in memory.
                let mut out = std::io::BufWriter::new(&mut *self.out);
                std::mem::take(&mut self.cases).write(names, &mut out)?;
                out.flush()?;
                String::new()
            }
            Kind::Json => close(
                &self,
                &super::json::render_with(&[], &self.summary, problems),
                "diagnostics",
                4,
            ),
            Kind::Sarif => {
                let closing = Closing {
                    files: names,
                    problems,
                };
                let frame = sarif_frame(&self.sarif, &self.setting, Some((&closing, &self.seen)));
                close(&self, &frame, "results", 8)
            }
        };
        self.out.write_all(text.as_bytes())?;
        self.out.flush()?;
        Ok(self.summary)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Severity;
    use crate::source::SourceFile;

    fn diags(n: usize) -> Vec<Diagnostic> {
        let file = SourceFile::new("a.cxp", "programme \"A\" {\n  unit \"HQ\" {}\n}\n");
        (0..n)
            .map(|i| {
                let mut d = Diagnostic::new(
                    "FM01",
                    "culture-of-new",
                    if i % 2 == 0 {
                        Severity::Error
                    } else {
                        Severity::Warning
                    },
                    &file,
                    18..29,
                    format!("finding {i} with \"quotes\"\nand a line break"),
                )
                .with_help("do something")
                .with_block("unit \"HQ\"");
                if i == 2 {
                    d.suppressed = Some("a reason".into());
                }
                d
            })
            .collect()
    }

    fn setting() -> Setting {
        Setting::here(&[], Vec::new())
    }

    fn problems() -> Vec<(String, String)> {
        vec![("gone.cxp".to_string(), "no such file".to_string())]
    }

    fn streamed(kind: Kind, all: &[Diagnostic], cut: usize) -> String {
        let mut buf = Vec::new();
        let mut s = Stream::new(kind, &[], setting(), &mut buf).expect("start");
        s.write(&all[..cut]).expect("write");
        s.write(&all[cut..]).expect("write");
        s.finish(1, &["a.cxp".to_string()], &problems())
            .expect("finish");
        String::from_utf8(buf).expect("text")
    }

    #[test]
    fn streaming_prints_what_the_whole_list_renders() {
        let style = Style {
            color: false,
            width: 80,
        };
        for n in [0, 1, 4, 20] {
            let all = diags(n);
            let summary = Summary::of(&all, 1);
            for cut in 0..=n {
                let cases: [(Kind, String); 7] = [
                    (
                        Kind::Json,
                        super::super::json::render_with(&all, &summary, &problems()),
                    ),
                    (
                        Kind::Sarif,
                        super::super::sarif::render(
                            &all,
                            &[],
                            &setting(),
                            &Closing {
                                files: &["a.cxp".to_string()],
                                problems: &problems(),
                            },
                        ),
                    ),
                    (Kind::Compact, super::super::compact::render(&all)),
                    (Kind::Github, super::super::github::render(&all)),
                    (
                        Kind::Junit,
                        super::super::junit::render(&all, &["a.cxp".to_string()]),
                    ),
                    (
                        Kind::Human {
                            style,
                            quiet: false,
                        },
                        super::super::human::render(&all, &summary, style, false),
                    ),
                    (
                        Kind::Human { style, quiet: true },
                        super::super::human::render(&all, &summary, style, true),
                    ),
                ];
                for (kind, whole) in cases {
                    assert_eq!(
                        streamed(kind, &all, cut),
                        whole,
                        "{kind:?}, {n} items, cut at {cut}"
                    );
                }
            }
        }
    }
}
