//! Byte-level helpers shared by the parser and `comments`: skipping whitespace and
//! comments, finding the extent of a token, describing a token in a message.

/// The offset of the first byte at or after `pos` that is not whitespace or part of a
/// comment.
#[inline(always)]
pub fn skip_trivia(text: &str, pos: usize) -> usize {
    skip_trivia_lines(text, pos).0
}

/// [`skip_trivia`], and whether what it skipped holds a line end. Always inlined: it
/// runs between every two tokens, mostly over a space, or a line end and an indentation.
#[inline(always)]
pub fn skip_trivia_lines(text: &str, mut pos: usize) -> (usize, bool) {
    let bytes = text.as_bytes();
    let mut line_end_seen = false;
    while let Some(&b) = bytes.get(pos) {
        match b {
            b' ' => pos = skip_spaces(bytes, pos + 1),
            b'\t' => pos += 1,
            b'\r' | b'\n' => {
                line_end_seen = true;
                pos += 1;
            }
            _ => match trivia_end(text, pos) {
                Some(end) => pos = end,
                None => break,
            },
        }
    }
    (pos, line_end_seen)
}

/// Past the spaces starting at `pos`, eight at a time (an indentation is read in one or
/// two steps, not a byte at a time).
#[inline(always)]
fn skip_spaces(bytes: &[u8], mut pos: usize) -> usize {
    const SPACES: u64 = u64::from_ne_bytes([b' '; 8]);
    if bytes.get(pos) != Some(&b' ') {
        return pos;
    }
    while let Some(word) = bytes.get(pos..pos + 8) {
        let other = u64::from_le_bytes(word.try_into().unwrap_or_default()) ^ SPACES;
        if other != 0 {
            return pos + (other.trailing_zeros() / 8) as usize;
        }
        pos += 8;
    }
    while bytes.get(pos) == Some(&b' ') {
        pos += 1;
    }
    pos
}

/// The end of a comment or byte order mark at `pos`, or `None` where a token starts.
fn trivia_end(text: &str, pos: usize) -> Option<usize> {
    match text.as_bytes().get(pos) {
        Some(b'#') => Some(line_end(text, pos)),
        Some(0xEF) if text[pos..].starts_with('\u{FEFF}') => Some(pos + 3),
        _ => None,
    }
}

/// The offset of the line end (`\n`, `\r\n` or a lone `\r`: language.md §1) of the line
/// that holds `pos`, or the end of the text.
pub fn line_end(text: &str, pos: usize) -> usize {
    memchr::memchr2(b'\n', b'\r', &text.as_bytes()[pos..]).map_or(text.len(), |i| pos + i)
}

/// Where a quoted text starting at `pos` (a `"`) ends: `Ok(end)` just past the closing
/// quote, or `Err(end)` at the end of the line when it is not closed.
pub fn string_end(text: &str, pos: usize) -> Result<usize, usize> {
    let bytes = text.as_bytes();
    let mut i = pos + 1;
    while i < bytes.len() {
        match bytes[i] {
            b'"' => return Ok(i + 1),
            b'\\' if i + 1 < bytes.len() && !matches!(bytes[i + 1], b'\n' | b'\r') => i += 2,
            b'\n' | b'\r' => return Err(i),
            _ => i += 1,
        }
    }
    Err(bytes.len())
}

/// Whether a character belongs to a word-like token (names, numbers, dates, amounts).
pub fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || matches!(c, '_' | '.' | '-' | '%')
}

/// The end of the token starting at `pos` (which is not trivia): a quoted text, a run of
/// word characters, or a single other character.
pub fn token_end(text: &str, pos: usize) -> usize {
    let rest = &text[pos..];
    let mut chars = rest.char_indices();
    match chars.next() {
        None => pos,
        Some((_, '"')) => match string_end(text, pos) {
            Ok(end) | Err(end) => end,
        },
        Some((_, c)) if is_word_char(c) => rest
            .char_indices()
            .find(|(_, c)| !is_word_char(*c))
            .map_or(text.len(), |(i, _)| pos + i),
        Some((_, c)) => pos + c.len_utf8(),
    }
}

/// The end of a name (`[A-Za-z0-9_]` and other letters) starting at `pos`.
pub fn name_end(text: &str, pos: usize) -> usize {
    // ASCII names byte by byte, through a table; any other character decoded.
    const NAME_BYTE: [bool; 256] = {
        let mut table = [false; 256];
        let mut b = 0;
        while b < 256 {
            let c = b as u8;
            table[b] = c.is_ascii_alphanumeric() || c == b'_';
            b += 1;
        }
        table
    };
    let bytes = text.as_bytes();
    let rest = bytes.get(pos..).unwrap_or_default();
    let Some(stop) = rest.iter().position(|&b| !NAME_BYTE[usize::from(b)]) else {
        return text.len();
    };
    let end = pos + stop;
    if rest[stop].is_ascii() {
        return end;
    }
    text[end..]
        .char_indices()
        .find(|(_, c)| !(c.is_alphanumeric() || *c == '_'))
        .map_or(text.len(), |(i, _)| end + i)
}

/// Whether `name` is a valid identifier: `[a-z][a-z0-9_]*`.
pub fn is_ident(name: &str) -> bool {
    let mut bytes = name.bytes();
    matches!(bytes.next(), Some(b'a'..=b'z'))
        && bytes.all(|b| matches!(b, b'a'..=b'z' | b'0'..=b'9' | b'_'))
}

/// A token as quoted in a message: `` `12` ``, shortened when long, or "the end of the
/// file".
pub fn describe(text: &str, pos: usize) -> String {
    if pos >= text.len() {
        return "the end of the file".to_string();
    }
    let end = token_end(text, pos);
    let token = &text[pos..end];
    let short: String = token.chars().take(30).collect();
    if short.len() < token.len() {
        format!("`{short}...`")
    } else {
        format!("`{short}`")
    }
}

#[cfg(test)]
mod tests {
    use super::{line_end, name_end, skip_trivia_lines};

    /// Trivia skipped with spaces read eight at a time ends where a byte-by-byte reading
    /// ends, and says whether it crossed a line end, for runs of every length up to past
    /// two words, tabs, comments and a byte order mark.
    #[test]
    fn trivia_ends_where_a_byte_by_byte_reading_ends() {
        let by_bytes = |text: &str, mut pos: usize| {
            let mut seen = false;
            loop {
                match text.as_bytes().get(pos) {
                    Some(b' ' | b'\t') => pos += 1,
                    Some(b'\n' | b'\r') => {
                        seen = true;
                        pos += 1;
                    }
                    Some(b'#') => pos = line_end(text, pos),
                    Some(0xEF) if text[pos..].starts_with('\u{FEFF}') => pos += 3,
                    _ => return (pos, seen),
                }
            }
        };
        for spaces in 0..20 {
            let run = " ".repeat(spaces);
            for text in [
                format!("{run}x"),
                run.clone(),
                format!("\n{run}key = 1"),
                format!("{run}\t{run}# note\r\n{run}}}"),
                format!("{run}\u{FEFF}{run}é"),
            ] {
                for pos in 0..text.len() {
                    if text.is_char_boundary(pos) {
                        assert_eq!(
                            skip_trivia_lines(&text, pos),
                            by_bytes(&text, pos),
                            "{text:?} at {pos}"
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn names_end_where_letters_digits_and_underscores_stop() {
        assert_eq!(name_end("abc_1 = 2", 0), 5);
        assert_eq!(name_end("x=1", 0), 1);
        assert_eq!(name_end("abc", 1), 3);
        assert_eq!(name_end("", 0), 0);
        assert_eq!(name_end("{", 0), 0);
        // Letters beyond ASCII belong to the name; other characters end it.
        assert_eq!(name_end("caf\u{e9}_2 x", 0), 7);
        assert_eq!(name_end("\u{e9}t\u{e9}", 0), 5);
        assert_eq!(name_end("ab\u{2014}c", 0), 2);
        assert_eq!(name_end("ab\u{1F600}", 0), 2);
    }
}
