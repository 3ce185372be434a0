//! One formatter per output format: human, compact, json, sarif, junit, github.
//! Each takes the sorted diagnostics of a run and returns the text to print.

pub mod compact;
pub mod github;
pub mod human;
pub mod json;
pub mod junit;
pub mod sarif;

use std::borrow::Cow;

use crate::diagnostic::{Diagnostic, Severity};

/// Text from a plan (labels in messages, file names) made safe for a terminal or a CI log:
/// control characters other than newline and tab are shown as `\u{1b}` rather than sent
/// raw, so a label cannot move the cursor, recolour or rewrite what the reader sees.
pub fn printable(s: &str) -> Cow<'_, str> {
    shown(s, is_unsafe_control)
}

/// As [`printable`], but carriage returns are kept, for formats that encode them
/// (GitHub workflow commands write them as `%0D`).
pub fn printable_keeping_cr(s: &str) -> Cow<'_, str> {
    shown(s, |c| is_unsafe_control(c) && c != '\r')
}

fn shown(s: &str, unsafe_char: impl Fn(char) -> bool) -> Cow<'_, str> {
    if !s.chars().any(&unsafe_char) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if unsafe_char(c) {
            out.push_str(&format!("\\u{{{:x}}}", c as u32));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// The same for source text shown in a snippet, keeping every byte offset: each unsafe
/// control character becomes as many `?` as it has bytes.
pub fn printable_source(s: &str) -> Cow<'_, str> {
    if !s.chars().any(|c| is_unsafe_control(c) && c != '\r') {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        let lone_cr = c == '\r' && chars.peek() != Some(&'\n');
        if (is_unsafe_control(c) && c != '\r') || lone_cr {
            out.extend(std::iter::repeat('?').take(c.len_utf8()));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

fn is_unsafe_control(c: char) -> bool {
    c.is_control() && c != '\n' && c != '\t'
}

/// Counts for the summary line and the JSON `summary`.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Summary {
    pub files: usize,
    pub error: usize,
    pub warning: usize,
    pub info: usize,
    pub suppressed: usize,
}

impl Summary {
    pub fn of(diags: &[Diagnostic], files: usize) -> Summary {
        let mut s = Summary {
            files,
            ..Summary::default()
        };
        for d in diags {
            if d.suppressed.is_some() {
                s.suppressed += 1;
                continue;
            }
            match d.severity {
                Severity::Error => s.error += 1,
                Severity::Warning => s.warning += 1,
                Severity::Info => s.info += 1,
            }
        }
        s
    }

    /// `2 errors, 1 warning, 0 infos in 3 files (1 suppressed)`
    pub fn line(&self) -> String {
        fn n(count: usize, word: &str) -> String {
            format!("{count} {word}{}", if count == 1 { "" } else { "s" })
        }
        format!(
            "{}, {}, {} in {} ({} suppressed)",
            n(self.error, "error"),
            n(self.warning, "warning"),
            n(self.info, "info"),
            n(self.files, "file"),
            self.suppressed
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_are_shown_not_sent() {
        assert_eq!(printable("plain\ttext\n"), "plain\ttext\n");
        assert_eq!(printable("a\u{1b}[31mb\u{7}"), "a\\u{1b}[31mb\\u{7}");
        assert_eq!(printable("c1\u{9b}"), "c1\\u{9b}");
        assert_eq!(printable("a\r\nb"), "a\\u{d}\nb");
        assert_eq!(printable_keeping_cr("a\r\n\u{1b}"), "a\r\n\\u{1b}");
        let masked = printable_source("x\u{1b}y\r\nz\rw\u{85}");
        assert_eq!(masked, "x?y\r\nz?w??");
        assert_eq!(masked.len(), "x\u{1b}y\r\nz\rw\u{85}".len());
    }
}
