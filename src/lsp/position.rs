//! Positions: the protocol counts columns in UTF-16 code units, cxlint in bytes (and its
//! diagnostics in Unicode scalar values). Conversions both ways, clamped to the text.

use lsp_types::{Position, Range};

/// Byte offsets of the start of every line (`\n`, `\r\n` and a lone `\r` end a line, as
/// the language says).
pub struct Lines {
    starts: Vec<usize>,
}

impl Lines {
    pub fn new(text: &str) -> Lines {
        let bytes = text.as_bytes();
        let mut starts = vec![0];
        let mut i = 0;
        while i < bytes.len() {
            match bytes[i] {
                b'\n' => starts.push(i + 1),
                b'\r' if bytes.get(i + 1) != Some(&b'\n') => starts.push(i + 1),
                _ => {}
            }
            i += 1;
        }
        Lines { starts }
    }

    /// The protocol position of byte `offset` of `text`.
    pub fn position(&self, text: &str, offset: usize) -> Position {
        let offset = floor_char(text, offset.min(text.len()));
        let line = self.starts.partition_point(|&s| s <= offset) - 1;
        let start = self.starts[line];
        let character: usize = text[start..offset].chars().map(char::len_utf16).sum();
        Position::new(line as u32, character as u32)
    }

    /// The byte offset of protocol position `pos` in `text` (the end of the line when the
    /// column is past it; the end of the text when the line is).
    pub fn offset(&self, text: &str, pos: Position) -> usize {
        let Some(&start) = self.starts.get(pos.line as usize) else {
            return text.len();
        };
        let end = self
            .starts
            .get(pos.line as usize + 1)
            .copied()
            .unwrap_or(text.len());
        let line = &text[start..end];
        let mut units = 0usize;
        for (i, c) in line.char_indices() {
            if units >= pos.character as usize || c == '\n' || c == '\r' {
                return start + i;
            }
            units += c.len_utf16();
        }
        end
    }

    pub fn range(&self, text: &str, span: &std::ops::Range<usize>) -> Range {
        Range::new(
            self.position(text, span.start),
            self.position(text, span.end),
        )
    }
}

/// The largest char boundary at or before `i`.
fn floor_char(text: &str, mut i: usize) -> usize {
    while i > 0 && !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf16_columns_both_ways() {
        // A Chinese label (one UTF-16 unit, three bytes each) and an emoji (two units,
        // four bytes), on a second line after a CRLF and a lone CR.
        let text = "a\r\nb\runit \"客户服务😀\" { facing = front }\n";
        let lines = Lines::new(text);
        let brace = text.find('{').unwrap();
        let pos = lines.position(text, brace);
        assert_eq!(pos, Position::new(2, 14));
        assert_eq!(lines.offset(text, pos), brace);
        let emoji = text.find('😀').unwrap();
        assert_eq!(lines.position(text, emoji), Position::new(2, 10));
        assert_eq!(lines.offset(text, Position::new(2, 10)), emoji);
        // Past the end of a line: its end; past the last line: the end of the text.
        assert_eq!(lines.offset(text, Position::new(0, 99)), 1);
        assert_eq!(lines.offset(text, Position::new(99, 0)), text.len());
        assert_eq!(lines.position(text, 1), Position::new(0, 1));
        assert_eq!(lines.position(text, 3), Position::new(1, 0));
    }
}
