//! E015: characters that make a plan read differently from what cxlint sees —
//! bidirectional controls (U+202A–U+202E, U+2066–U+2069) and invisible characters
//! (U+200B, U+2060, and U+FEFF anywhere but at the start). One diagnostic per line.

use std::sync::Arc;

use crate::codes::Code;
use crate::diagnostic::Diagnostic;
use crate::source::SourceFile;

/// What a hidden character is, in words, or `None` for an ordinary character.
fn hidden(c: char) -> Option<&'static str> {
    Some(match c {
        '\u{202A}' => "a left-to-right embedding",
        '\u{202B}' => "a right-to-left embedding",
        '\u{202C}' => "a pop-directional-formatting mark",
        '\u{202D}' => "a left-to-right override",
        '\u{202E}' => "a right-to-left override",
        '\u{2066}' => "a left-to-right isolate",
        '\u{2067}' => "a right-to-left isolate",
        '\u{2068}' => "a first-strong isolate",
        '\u{2069}' => "a pop-directional-isolate mark",
        '\u{200B}' => "a zero-width space",
        '\u{2060}' => "a word joiner",
        '\u{FEFF}' => "a zero-width no-break space",
        _ => return None,
    })
}

/// Whether `c` is one of the characters E015 reports.
pub fn is_hidden(c: char) -> bool {
    hidden(c).is_some()
}

/// E015 for every line of `file` that holds a hidden character (at the first one).
pub fn check(file: &Arc<SourceFile>) -> Vec<Diagnostic> {
    let text = &file.text;
    // All of them are encoded with a lead byte of 0xE2 or 0xEF: most files have neither.
    if memchr::memchr2(0xE2, 0xEF, text.as_bytes()).is_none() {
        return Vec::new();
    }
    let mut out = Vec::new();
    let mut last_line = 0;
    for (at, c) in text.char_indices() {
        let Some(what) = hidden(c) else {
            continue;
        };
        if c == '\u{FEFF}' && at == 0 {
            continue;
        }
        let line = file.line(at);
        if line == last_line {
            continue;
        }
        last_line = line;
        out.push(
            Diagnostic::error(
                Code::E015,
                file,
                at..at + c.len_utf8(),
                format!(
                    "this line holds {what} (U+{:04X}), an invisible character that can make the text read differently from what cxlint checks",
                    c as u32
                ),
            )
            .with_help("delete the character; if the text around it looks wrong once it is gone, retype it"),
        );
    }
    out
}
