//! `--format json`: the shape fixed by the specification, `version: 1`. Written from
//! structs so the fields come in the order the specification shows them. Fields are
//! added, never removed: `block` and `block_path` (the baseline's key), `suppression`
//! (how a suppressed finding was accepted: allow comment or waiver, where, until when),
//! `summary.baselined` (findings a baseline absorbed), `errors` (paths that could
//! not be read) and `fixes` (the changes that would correct a finding).

use serde::Serialize;
use serde_json::Value;

use super::acceptance::{self, Acceptance, WaiverNote};
use super::Summary;
use crate::diagnostic::Diagnostic;

#[derive(Serialize)]
struct Document<'a> {
    version: u32,
    diagnostics: Vec<Entry<'a>>,
    summary: Counts,
    /// Paths that could not be read (the run exits 2).
    errors: Vec<Problem<'a>>,
}

#[derive(Serialize)]
struct Problem<'a> {
    path: &'a str,
    message: &'a str,
}

#[derive(Serialize)]
pub(crate) struct Entry<'a> {
    code: &'a str,
    name: &'a str,
    severity: &'static str,
    message: &'a str,
    help: Option<&'a str>,
    file: &'a str,
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
    suppressed: bool,
    reason: Option<&'a str>,
    /// `kind "label"` of the block the finding is about (for baselines and waivers).
    block: Option<&'a str>,
    /// The block's path below the programme (what baselines match on).
    block_path: Option<&'a str>,
    /// How a suppressed finding was accepted (`null` when it is not suppressed).
    suppression: Option<Acceptance>,
    /// Changes to the text that would correct the finding (`check --fix` applies the
    /// safe ones).
    fixes: Vec<FixEntry<'a>>,
}

#[derive(Serialize)]
pub(crate) struct FixEntry<'a> {
    title: &'a str,
    safe: bool,
    edits: Vec<EditEntry<'a>>,
}

/// One edit: the text from (line, column) to (end_line, end_column), 1-based as the
/// diagnostic's own, and from byte `start` to byte `end` of the file, becomes `text`.
#[derive(Serialize)]
pub(crate) struct EditEntry<'a> {
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
    start: usize,
    end: usize,
    text: &'a str,
}

#[derive(Serialize)]
struct Counts {
    files: usize,
    error: usize,
    warning: usize,
    info: usize,
    suppressed: usize,
    /// Findings a baseline absorbed (not listed).
    baselined: usize,
}

fn document<'a>(
    diags: &'a [Diagnostic],
    summary: &Summary,
    problems: &'a [(String, String)],
) -> Document<'a> {
    Document {
        version: 1,
        diagnostics: diags.iter().map(|d| entry(d, &[])).collect(),
        summary: Counts {
            files: summary.files,
            error: summary.error,
            warning: summary.warning,
            info: summary.info,
            suppressed: summary.suppressed,
            baselined: summary.baselined,
        },
        errors: problems
            .iter()
            .map(|(path, message)| Problem { path, message })
            .collect(),
    }
}

pub fn value(diags: &[Diagnostic], summary: &Summary) -> Value {
    serde_json::to_value(document(diags, summary, &[])).unwrap_or(Value::Null)
}

pub fn render(diags: &[Diagnostic], summary: &Summary) -> String {
    render_with(diags, summary, &[])
}

/// [`render`] with the paths that could not be read.
pub fn render_with(
    diags: &[Diagnostic],
    summary: &Summary,
    problems: &[(String, String)],
) -> String {
    let mut text =
        serde_json::to_string_pretty(&document(diags, summary, problems)).unwrap_or_default();
    text.push('\n');
    text
}

/// One diagnostic; `waivers` are those of the configurations in use (for a waiver's
/// file, line and expiry).
impl Entry<'_> {
    /// The entry as [`super::pretty_json_into`] writes it `indent` spaces deep, written
    /// field by field: the flat fields directly (texts escaped as serde_json escapes
    /// them), the nested ones (`suppression`, `fixes`) by serde_json. Debug builds check
    /// it against serde_json's text for every entry.
    pub(crate) fn write_pretty(&self, out: &mut Vec<u8>, indent: usize) {
        #[cfg(debug_assertions)]
        let mark = out.len();
        let field = |out: &mut Vec<u8>, key: &str, first: bool| {
            out.extend_from_slice(if first { b"{\n" } else { b",\n" });
            out.resize(out.len() + indent + 2, b' ');
            out.push(b'"');
            out.extend_from_slice(key.as_bytes());
            out.extend_from_slice(b"\": ");
        };
        let text = |out: &mut Vec<u8>, value: Option<&str>| match value {
            Some(v) => json_text(out, v),
            None => out.extend_from_slice(b"null"),
        };
        let number = |out: &mut Vec<u8>, n: usize| {
            out.extend_from_slice(super::decimal(n, &mut [0; 20]).as_bytes());
        };
        field(out, "code", true);
        json_text(out, self.code);
        field(out, "name", false);
        json_text(out, self.name);
        field(out, "severity", false);
        json_text(out, self.severity);
        field(out, "message", false);
        json_text(out, self.message);
        field(out, "help", false);
        text(out, self.help);
        field(out, "file", false);
        json_text(out, self.file);
        field(out, "line", false);
        number(out, self.line);
        field(out, "column", false);
        number(out, self.column);
        field(out, "end_line", false);
        number(out, self.end_line);
        field(out, "end_column", false);
        number(out, self.end_column);
        field(out, "suppressed", false);
        out.extend_from_slice(if self.suppressed { b"true" } else { b"false" });
        field(out, "reason", false);
        text(out, self.reason);
        field(out, "block", false);
        text(out, self.block);
        field(out, "block_path", false);
        text(out, self.block_path);
        field(out, "suppression", false);
        match &self.suppression {
            Some(s) => super::pretty_json_into(out, s, indent + 2),
            None => out.extend_from_slice(b"null"),
        }
        field(out, "fixes", false);
        if self.fixes.is_empty() {
            out.extend_from_slice(b"[]");
        } else {
            super::pretty_json_into(out, &self.fixes, indent + 2);
        }
        out.push(b'\n');
        out.resize(out.len() + indent, b' ');
        out.push(b'}');
        #[cfg(debug_assertions)]
        {
            let mut theirs = Vec::new();
            super::pretty_json_into(&mut theirs, self, indent);
            assert_eq!(
                String::from_utf8_lossy(&out[mark..]),
                String::from_utf8_lossy(&theirs),
                "a JSON entry written field by field differs from serde_json's"
            );
        }
    }
}

/// `text` as a JSON string, escaped as serde_json escapes it: `"` and `\`, the control
/// characters below U+0020 (`\b`, `\t`, `\n`, `\f` and `\r` by name, the others as
/// `\u00XX`); everything else as it is.
pub(crate) fn json_text(out: &mut Vec<u8>, text: &str) {
    out.push(b'"');
    let bytes = text.as_bytes();
    // Every byte is looked at (which vectorises) for the rare control character; in
    // a text without one only `"` and `\` are escaped, found by memchr.
    if !bytes.iter().fold(false, |any, &b| any | (b < 0x20)) {
        let mut from = 0;
        for i in memchr::memchr2_iter(b'"', b'\\', bytes) {
            out.extend_from_slice(&bytes[from..i]);
            out.push(b'\\');
            out.push(bytes[i]);
            from = i + 1;
        }
        out.extend_from_slice(&bytes[from..]);
    } else {
        let mut from = 0;
        for (i, &b) in bytes.iter().enumerate() {
            let named: &[u8] = match b {
                b'"' => b"\\\"",
                b'\\' => b"\\\\",
                0x08 => b"\\b",
                0x0c => b"\\f",
                b'\n' => b"\\n",
                b'\r' => b"\\r",
                b'\t' => b"\\t",
                0..=0x1f => b"",
                _ => continue,
            };
            out.extend_from_slice(&bytes[from..i]);
            if named.is_empty() {
                const HEX: &[u8; 16] = b"0123456789abcdef";
                out.extend_from_slice(b"\\u00");
                out.push(HEX[usize::from(b >> 4)]);
                out.push(HEX[usize::from(b & 0xf)]);
            } else {
                out.extend_from_slice(named);
            }
            from = i + 1;
        }
        out.extend_from_slice(&bytes[from..]);
    }
    out.push(b'"');
}

pub(crate) fn entry<'a>(d: &'a Diagnostic, waivers: &[WaiverNote]) -> Entry<'a> {
    let (line, column) = d.start();
    let (end_line, end_column) = d.end();
    Entry {
        code: &d.code,
        name: &d.name,
        severity: d.severity.as_str(),
        message: &d.message,
        help: d.help.as_deref(),
        file: &d.file.path,
        line,
        column,
        end_line,
        end_column,
        suppressed: d.suppressed.is_some(),
        reason: d.suppressed.as_deref().or(d.ignored_allow.as_deref()),
        block: d.block.as_deref(),
        block_path: d.block_path.as_deref().or(d.block.as_deref()),
        suppression: acceptance::of(d, waivers),
        fixes: d
            .fixes
            .iter()
            .map(|f| FixEntry {
                title: &f.title,
                safe: f.safe,
                edits: f
                    .edits
                    .iter()
                    .map(|e| {
                        let (line, column) = d.file.line_col(e.span.start);
                        let (end_line, end_column) = d.file.line_col(e.span.end);
                        EditEntry {
                            line,
                            column,
                            end_line,
                            end_column,
                            start: e.span.start,
                            end: e.span.end,
                            text: &e.text,
                        }
                    })
                    .collect(),
            })
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::json_text;

    /// Every ASCII character, quotes and backslashes among others, characters beyond
    /// ASCII, and texts mixing them: escaped as serde_json escapes them.
    #[test]
    fn texts_are_escaped_as_serde_json_escapes_them() {
        let mut texts: Vec<String> = (0u8..0x80).map(|b| char::from(b).to_string()).collect();
        texts.extend(
            [
                "",
                "plain text",
                "a \"quoted\" \\ path\\to",
                "line\nnext\r\n\ttab \u{8}\u{c}\u{1}\u{1f}\u{7f}",
                "é 顾客 \u{2028} \u{202e}",
            ]
            .map(String::from),
        );
        for text in &texts {
            let mut ours = Vec::new();
            json_text(&mut ours, text);
            let theirs = serde_json::to_string(text).unwrap();
            assert_eq!(String::from_utf8(ours).unwrap(), theirs, "{text:?}");
        }
    }
}
