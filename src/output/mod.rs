//! One formatter per output format: human, compact, json, sarif, junit, github.
//! Each takes the sorted diagnostics of a run and returns the text to print.

pub mod acceptance;
pub mod compact;
pub mod github;
pub mod human;
pub mod json;
pub mod junit;
pub mod provenance;
pub mod rulepage;
pub mod sarif;
pub mod stream;

use std::borrow::Cow;

use crate::diagnostic::{Diagnostic, Severity};

/// Text from a plan (labels, strings) made safe for a terminal or a CI log: control
/// characters are shown as escapes (`\n`, `\u{1b}`), so a plan cannot start lines of its
/// own or send escape sequences.
pub fn plain(text: &str) -> Cow<'_, str> {
    // Printable ASCII is safe as it is (every unsafe character is a control or beyond
    // ASCII): most texts are answered by a look at their bytes.
    if printable_ascii(text.as_bytes()) || !text.chars().any(unsafe_char) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if unsafe_char(c) => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// Whether every byte is printable ASCII (a space to `~`). Every byte is looked at,
/// without stopping at the first that is not, which lets the compiler compare many at
/// once: for the short texts it is asked about, quicker than stopping early.
pub fn printable_ascii(bytes: &[u8]) -> bool {
    bytes
        .iter()
        .fold(true, |all, &b| all & (b.wrapping_sub(0x20) < 0x5f))
}

/// `n` in decimal, written into `buf`: the digits, without a `String` of their own.
pub fn decimal(n: usize, buf: &mut [u8; 20]) -> &str {
    let mut at = buf.len();
    let mut rest = n;
    loop {
        at -= 1;
        buf[at] = b'0' + (rest % 10) as u8;
        rest /= 10;
        if rest == 0 {
            break;
        }
    }
    std::str::from_utf8(&buf[at..]).unwrap_or_default()
}

/// Text of several lines from a rule pack (an explanation, an example) made safe for a
/// terminal or a CI log: line feeds and tabs are kept, every other control, bidirectional
/// or invisible character is shown as an escape (as [`plain`] does), and a line that
/// would start a CI workflow command (`::error::…`) has its first `:` escaped.
pub fn plain_lines(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
        }
        let rest = match line.trim_start().strip_prefix(':') {
            Some(_) => {
                let indent = line.len() - line.trim_start().len();
                out.push_str(&plain_keeping_tabs(&line[..indent]));
                out.push_str("\\u{3a}");
                &line[indent + 1..]
            }
            None => line,
        };
        out.push_str(&plain_keeping_tabs(rest));
    }
    out
}

fn plain_keeping_tabs(text: &str) -> String {
    text.split('\t')
        .map(|part| plain(part).into_owned())
        .collect::<Vec<_>>()
        .join("\t")
}

/// A character no text output sends as it is: control characters, and the bidirectional
/// and invisible characters that make text read differently from what it holds (E015).
pub fn unsafe_char(c: char) -> bool {
    c.is_control() || crate::syntax::hidden::is_hidden(c)
}

/// Counts for the summary line and the JSON `summary`.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Summary {
    pub files: usize,
    pub error: usize,
    pub warning: usize,
    pub info: usize,
    pub suppressed: usize,
    /// Programmes the rules did not run on because of errors in the plan (E codes).
    pub unchecked: usize,
    /// Findings a baseline absorbed (not shown).
    pub baselined: usize,
}

impl Summary {
    pub fn of(diags: &[Diagnostic], files: usize) -> Summary {
        let mut s = Summary {
            files,
            ..Summary::default()
        };
        s.add(diags);
        s
    }

    /// Count more diagnostics.
    pub fn add(&mut self, diags: &[Diagnostic]) {
        for d in diags {
            self.suppressed += d.hidden_suppressed;
            if d.suppressed.is_some() {
                self.suppressed += 1;
                continue;
            }
            match d.severity {
                Severity::Error => self.error += 1,
                Severity::Warning => self.warning += 1,
                Severity::Info => self.info += 1,
            }
        }
    }

    /// `2 errors, 1 warning, 0 infos in 3 files (1 suppressed)`, and `, 4 in the
    /// baseline` inside the brackets when a baseline absorbed findings.
    pub fn line(&self) -> String {
        fn n(count: usize, word: &str) -> String {
            format!("{count} {word}{}", if count == 1 { "" } else { "s" })
        }
        let baselined = if self.baselined > 0 {
            format!(", {} in the baseline", self.baselined)
        } else {
            String::new()
        };
        let mut line = format!(
            "{}, {}, {} in {} ({} suppressed{baselined})",
            n(self.error, "error"),
            n(self.warning, "warning"),
            n(self.info, "info"),
            n(self.files, "file"),
            self.suppressed
        );
        if self.unchecked > 0 {
            line.push_str(&format!(
                "; the rules did not run on {} because of the errors above: fix them to see the findings",
                n(self.unchecked, "programme")
            ));
        }
        line
    }
}

/// `value` as serde_json's pretty printer writes it, each line after the first indented
/// by `indent` more spaces (a value nested in a document written piece by piece),
/// appended to `out`: written in its final layout ([`Indented`]), straight into `out`.
pub fn pretty_json_into(out: &mut Vec<u8>, value: &impl serde::Serialize, indent: usize) {
    let mark = out.len();
    let layout = Indented {
        base: indent,
        level: 0,
        has_value: false,
    };
    let mut serializer = serde_json::Serializer::with_formatter(&mut *out, layout);
    // As the printer to a string did: nothing of a value that cannot be written.
    if value.serialize(&mut serializer).is_err() {
        out.truncate(mark);
    }
}

/// serde_json's pretty layout (`PrettyFormatter`: two spaces a level, `": "` after a
/// key, an empty array or object as `[]` or `{}`), each new line indented `base` more.
struct Indented {
    base: usize,
    level: usize,
    has_value: bool,
}

impl Indented {
    fn new_line<W: ?Sized + std::io::Write>(&self, w: &mut W, first: bool) -> std::io::Result<()> {
        const SPACES: &[u8; 64] = &[b' '; 64];
        w.write_all(if first { b"\n" } else { b",\n" })?;
        let mut n = self.base + 2 * self.level;
        while n > 0 {
            let k = n.min(SPACES.len());
            w.write_all(&SPACES[..k])?;
            n -= k;
        }
        Ok(())
    }

    fn open<W: ?Sized + std::io::Write>(&mut self, w: &mut W, mark: &[u8]) -> std::io::Result<()> {
        self.level += 1;
        self.has_value = false;
        w.write_all(mark)
    }

    fn close<W: ?Sized + std::io::Write>(&mut self, w: &mut W, mark: &[u8]) -> std::io::Result<()> {
        self.level -= 1;
        if self.has_value {
            self.new_line(w, true)?;
        }
        w.write_all(mark)
    }
}

impl serde_json::ser::Formatter for Indented {
    fn begin_array<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.open(w, b"[")
    }

    fn end_array<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.close(w, b"]")
    }

    fn begin_array_value<W: ?Sized + std::io::Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> std::io::Result<()> {
        self.new_line(w, first)
    }

    fn end_array_value<W: ?Sized + std::io::Write>(&mut self, _: &mut W) -> std::io::Result<()> {
        self.has_value = true;
        Ok(())
    }

    fn begin_object<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.open(w, b"{")
    }

    fn end_object<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.close(w, b"}")
    }

    fn begin_object_key<W: ?Sized + std::io::Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> std::io::Result<()> {
        self.new_line(w, first)
    }

    fn begin_object_value<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        w.write_all(b": ")
    }

    fn end_object_value<W: ?Sized + std::io::Write>(&mut self, _: &mut W) -> std::io::Result<()> {
        self.has_value = true;
        Ok(())
    }
}

/// [`pretty_json_into`], as a string of its own.
pub fn pretty_json(value: &impl serde::Serialize, indent: usize) -> String {
    let mut out = Vec::new();
    pretty_json_into(&mut out, value, indent);
    String::from_utf8(out).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::pretty_json;

    /// The layout written directly is serde_json's pretty print, every line after the
    /// first indented by the base: empty and nested arrays and objects, texts with
    /// newlines, numbers, nulls, at several depths (one deeper than the spaces written
    /// at a time).
    #[test]
    fn pretty_json_is_serde_jsons_layout_indented() {
        let value = serde_json::json!({
            "a": [],
            "b": {},
            "c": [1, [2, []], {"d": null, "e": "x\ny"}],
            "f": {"g": {"h": [true, false, 1.5]}},
            "i": "text \"quoted\" \u{7f} é",
        });
        for base in [0, 2, 4, 70, 200] {
            let theirs = serde_json::to_string_pretty(&value).unwrap();
            let expected = theirs.replace('\n', &format!("\n{}", " ".repeat(base)));
            assert_eq!(pretty_json(&value, base), expected, "base {base}");
        }
        assert_eq!(pretty_json(&Vec::<u8>::new(), 4), "[]");
        assert_eq!(pretty_json(&"just a text", 4), "\"just a text\"");
    }
}
