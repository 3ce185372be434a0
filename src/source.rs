//! Source files: decoding bytes into text and mapping byte offsets to lines and columns.

use std::sync::Arc;

/// One file's text as cxlint saw it, with its display path (as given on the command line
/// or found by the directory walk).
#[derive(Debug)]
pub struct SourceFile {
    pub path: String,
    /// The decoded text (a leading BOM removed). For a file that is not valid UTF-8 this is
    /// a lossy decoding, kept only so diagnostics can show a snippet.
    pub text: String,
    line_starts: Vec<usize>,
    /// For a file of many lines, made when a place in it is first asked for: the line
    /// each [`BLOCK`]-byte block of the text starts on, so a lookup searches the few lines
    /// of one block instead of the whole table (a file with 10,000 findings is looked up
    /// three times a finding, each search a chain of dependent reads).
    blocks: std::sync::OnceLock<Vec<usize>>,
}

/// The size of the blocks of [`SourceFile::blocks`], in bytes.
const BLOCK: usize = 256;

/// Files of fewer lines than this are searched directly.
const BLOCKS_FROM: usize = 4096;

/// Why a file's bytes are not usable text (E014).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecodeError {
    /// Byte offset of the first bad byte in the file as stored (for the message).
    pub file_offset: usize,
    /// The same place as an offset into the lossy text (for the span).
    pub text_offset: usize,
    pub binary: bool,
}

impl SourceFile {
    pub fn new(path: impl Into<String>, text: impl Into<String>) -> Arc<SourceFile> {
        let text: String = text.into();
        let line_starts = line_starts(text.as_bytes());
        Arc::new(SourceFile {
            path: path.into(),
            text,
            line_starts,
            blocks: std::sync::OnceLock::new(),
        })
    }

    /// 1-based line and column (columns count Unicode scalar values) of a byte offset.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.text.len());
        let line = self.line_index(offset);
        let start = self.line_starts[line];
        let col = self.text[start..self.char_floor(offset)].chars().count() + 1;
        (line + 1, col)
    }

    /// The offset whose line and column [`SourceFile::line_col`] gives: clamped to the
    /// text and moved back to the start of the character it falls in. Of two offsets
    /// into one file, the one with the smaller of these has the earlier line and column,
    /// and equal ones have equal line and column: places compare without a search.
    pub fn char_floor(&self, offset: usize) -> usize {
        let mut at = offset.min(self.text.len());
        while !self.text.is_char_boundary(at) {
            at -= 1;
        }
        at
    }

    /// Byte offset where a 1-based line starts (clamped to the end of the text).
    pub fn line_start(&self, line: usize) -> usize {
        self.line_starts
            .get(line.saturating_sub(1))
            .copied()
            .unwrap_or(self.text.len())
    }

    pub fn line_count(&self) -> usize {
        self.line_starts.len()
    }

    /// Byte offset where the line holding `offset` starts (clamped to the text): the
    /// [`SourceFile::line_start`] of its line, found by looking back from the offset
    /// rather than in the table (quicker for a place in a line just read).
    pub fn start_of_line_at(&self, offset: usize) -> usize {
        let bytes = &self.text.as_bytes()[..offset.min(self.text.len())];
        // Most often only an indentation stands before `offset` on its line: read back
        // over it, not searched for.
        let indent = bytes
            .iter()
            .rev()
            .take_while(|&&b| b == b' ' || b == b'\t')
            .count();
        let at = bytes.len() - indent;
        let lone_cr = |at: usize| self.text.as_bytes().get(at) != Some(&b'\n');
        match at.checked_sub(1).map(|before| bytes[before]) {
            None => return 0,
            Some(b'\n') => return at,
            Some(b'\r') if lone_cr(at) => return at,
            _ => {}
        }
        let mut end = at;
        while let Some(at) = memchr::memrchr2(b'\n', b'\r', &bytes[..end]) {
            // The `\r` of a `\r\n` ends no line: the `\n` after it does.
            if bytes[at] == b'\r' && self.text.as_bytes().get(at + 1) == Some(&b'\n') {
                end = at;
                continue;
            }
            return at + 1;
        }
        0
    }

    /// 1-based number of the line holding a byte offset (clamped to the text): the line
    /// of [`SourceFile::line_col`], without counting the characters before the offset.
    pub fn line(&self, offset: usize) -> usize {
        self.line_index(offset) + 1
    }

    /// 0-based index of the line holding a byte offset (clamped to the text).
    pub fn line_index(&self, offset: usize) -> usize {
        let offset = offset.min(self.text.len());
        let starts = &self.line_starts;
        // The lines between the one the offset's block starts on and the one the next
        // block starts on hold it.
        let (from, to) = if starts.len() < BLOCKS_FROM {
            (0, starts.len())
        } else {
            let blocks = self.blocks.get_or_init(|| self.block_lines());
            let b = offset / BLOCK;
            let from = blocks.get(b).copied().unwrap_or(0);
            let to = blocks.get(b + 1).map_or(starts.len(), |&l| l + 1);
            (from, to.min(starts.len()))
        };
        match starts[from..to].binary_search(&offset) {
            Ok(i) => from + i,
            Err(i) => (from + i).saturating_sub(1),
        }
    }

    /// The line each block of the text starts on (see [`SourceFile::blocks`]).
    fn block_lines(&self) -> Vec<usize> {
        let starts = &self.line_starts;
        let count = self.text.len() / BLOCK + 1;
        let mut blocks = Vec::with_capacity(count);
        let mut line = 0;
        for b in 0..count {
            let at = b * BLOCK;
            while starts.get(line + 1).is_some_and(|&next| next <= at) {
                line += 1;
            }
            blocks.push(line);
        }
        blocks
    }

    /// The byte range of a 0-based line, without its line end, and the line end itself
    /// (`"\n"`, `"\r\n"`, a lone `"\r"`, or empty for the last line).
    pub fn line_span(&self, index: usize) -> (std::ops::Range<usize>, &str) {
        let start = self
            .line_starts
            .get(index)
            .copied()
            .unwrap_or(self.text.len());
        let next = self
            .line_starts
            .get(index + 1)
            .copied()
            .unwrap_or(self.text.len());
        let bytes = self.text.as_bytes();
        let mut end = next;
        if end > start && bytes[end - 1] == b'\n' {
            end -= 1;
            if end > start && bytes[end - 1] == b'\r' {
                end -= 1;
            }
        } else if end > start && bytes[end - 1] == b'\r' {
            end -= 1;
        }
        (start..end, &self.text[end..next])
    }
}

/// Where each line of `bytes` starts: `\n`, `\r\n` and a lone `\r` each end a line
/// (language.md §1). The line ends are found by one vector search over the text, for
/// `\n` alone when the text holds no `\r` (the usual case).
fn line_starts(bytes: &[u8]) -> Vec<usize> {
    // A guess at the number of lines, fitted at the end: the list is kept with the file.
    let mut starts = Vec::with_capacity(bytes.len() / 24 + 2);
    starts.push(0);
    if memchr::memchr(b'\r', bytes).is_none() {
        starts.extend(memchr::memchr_iter(b'\n', bytes).map(|at| at + 1));
    } else {
        // The `\r` of a `\r\n` ends no line: the `\n` after it does.
        let crlf = |at: usize| bytes[at] == b'\r' && bytes.get(at + 1) == Some(&b'\n');
        starts.extend(
            memchr::memchr2_iter(b'\n', b'\r', bytes)
                .filter(|&at| !crlf(at))
                .map(|at| at + 1),
        );
    }
    starts.shrink_to_fit();
    starts
}

/// Decode a file's bytes: strip a leading BOM, reject invalid UTF-8 and binary data (NUL).
/// On error, the lossy text is returned as well so the file can still be shown.
pub fn decode(bytes: &[u8]) -> Result<String, (DecodeError, String)> {
    decode_owned(bytes.to_vec())
}

/// [`decode`], keeping the bytes as the text's own: a plan is held once, not copied.
pub fn decode_owned(bytes: Vec<u8>) -> Result<String, (DecodeError, String)> {
    let bom = if bytes.starts_with(b"\xEF\xBB\xBF") {
        3
    } else {
        0
    };
    match String::from_utf8(bytes) {
        Ok(mut text) => {
            text.drain(..bom);
            if let Some(nul) = memchr::memchr(0, text.as_bytes()) {
                let err = DecodeError {
                    file_offset: bom + nul,
                    text_offset: nul,
                    binary: true,
                };
                return Err((err, text.replace('\0', "\u{FFFD}")));
            }
            Ok(text)
        }
        Err(e) => {
            let body = &e.as_bytes()[bom..];
            let valid = e.utf8_error().valid_up_to() - bom;
            let err = DecodeError {
                file_offset: bom + valid,
                text_offset: valid,
                binary: false,
            };
            Err((err, String::from_utf8_lossy(body).into_owned()))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// In a file of many lines (short, empty, and longer than a block; `\r\n` and lone
    /// `\r`), the line of every offset is what a search of all its lines gives.
    #[test]
    fn lines_found_through_blocks_are_those_of_a_search() {
        let mut text = String::new();
        for i in 0..(BLOCKS_FROM * 2) {
            match i % 7 {
                0 => text.push('\n'),
                1 => text.push_str(&"x".repeat(BLOCK * 2 + 3)),
                2 => text.push_str("short\r\n"),
                3 => text.push_str("é\r"),
                _ => text.push_str("a line of some length\n"),
            }
        }
        let f = SourceFile::new("big", text.as_str());
        assert!(f.line_count() >= BLOCKS_FROM, "the blocks are used");
        let searched = |offset: usize| match f.line_starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i - 1,
        };
        for offset in 0..text.len() + 3 {
            assert_eq!(
                f.line_index(offset),
                searched(offset.min(text.len())),
                "offset {offset}"
            );
        }
    }

    /// The start of an offset's line found by looking back is the table's, with `\n`,
    /// `\r\n` and lone `\r` line ends, empty lines, indentations of spaces and tabs,
    /// and offsets on each end character.
    #[test]
    fn a_line_start_found_by_looking_back_is_the_tables() {
        let text = "ab\n\n  cd\r\nef\rgh\r\r\n\r\n  }\r \t x\r  y \r\n\t z  \n  ";
        let file = SourceFile::new("t.cxp", text);
        for offset in 0..=text.len() + 2 {
            let line = file.line(offset);
            assert_eq!(
                file.start_of_line_at(offset),
                file.line_start(line),
                "offset {offset}"
            );
        }
    }

    /// The lines found by the vector search are those of a byte-by-byte reading, with
    /// line ends at every place in texts short and long enough for its vector steps,
    /// `\r\n` split between two steps, bytes beyond ASCII next to them, and texts
    /// without any `\r`.
    #[test]
    fn line_starts_are_those_read_byte_by_byte() {
        let by_bytes = |bytes: &[u8]| {
            let mut starts = vec![0];
            for (i, &b) in bytes.iter().enumerate() {
                if b == b'\n' || (b == b'\r' && bytes.get(i + 1) != Some(&b'\n')) {
                    starts.push(i + 1);
                }
            }
            starts
        };
        let pieces = [
            "\n",
            "\r",
            "\r\n",
            "a",
            "é",
            "\u{8a}",
            "\u{10a0d}",
            "\n\n",
            "\r\r",
        ];
        // The same pieces, and those without a `\r` (read by the other path).
        let no_cr: Vec<&str> = pieces.into_iter().filter(|p| !p.contains('\r')).collect();
        for (len, pieces) in (0..40).flat_map(|len| [(len, &pieces[..]), (len, &no_cr[..])]) {
            for shift in 0..pieces.len() {
                let text: String = (0..len)
                    .map(|i| pieces[(i * 7 + shift + i / 3) % pieces.len()])
                    .collect();
                assert_eq!(
                    line_starts(text.as_bytes()),
                    by_bytes(text.as_bytes()),
                    "{text:?}"
                );
            }
        }
    }

    #[test]
    fn line_col_counts_scalars() {
        let f = SourceFile::new("a", "ab\nçé x\n");
        assert_eq!(f.line_col(0), (1, 1));
        assert_eq!(f.line_col(3), (2, 1));
        assert_eq!(f.line_col(8), (2, 4));
    }

    #[test]
    fn a_lone_carriage_return_ends_a_line() {
        let f = SourceFile::new("a", "a\rb\r\nc\nd");
        assert_eq!(f.line_count(), 4);
        assert_eq!(f.line_col(2), (2, 1));
        assert_eq!(f.line_col(5), (3, 1));
        assert_eq!(f.line_col(7), (4, 1));
        assert_eq!(f.line_span(0), (0..1, "\r"));
        assert_eq!(f.line_span(1), (2..3, "\r\n"));
        assert_eq!(f.line_span(3), (7..8, ""));
    }

    #[test]
    fn decode_strips_bom_and_finds_bad_byte() {
        assert_eq!(decode(b"\xEF\xBB\xBFhi").unwrap(), "hi");
        let (err, _) = decode(b"ab\n\xff").unwrap_err();
        assert_eq!(err.file_offset, 3);
        assert!(decode(b"a\0b").is_err());
    }
}
