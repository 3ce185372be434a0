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
/// quote, or `Err(end)` at the end of the line when it is not closed. Eight bytes are
/// tested at a time for a quote, a backslash or a line end.
pub fn string_end(text: &str, pos: usize) -> Result<usize, usize> {
    let bytes = text.as_bytes();
    let mut i = pos + 1;
    loop {
        i = special_in_string(bytes, i);
        match bytes.get(i) {
            None => return Err(bytes.len()),
            Some(b'"') => return Ok(i + 1),
            Some(b'\\') if i + 1 < bytes.len() && !matches!(bytes[i + 1], b'\n' | b'\r') => i += 2,
            Some(b'\n' | b'\r') => return Err(i),
            Some(_) => i += 1,
        }
    }
}

/// The first quote, backslash or line end at or after `pos`, or the end of `bytes`.
pub fn special_in_string(bytes: &[u8], mut pos: usize) -> usize {
    while let Some(word) = bytes.get(pos..pos + 8) {
        let word = u64::from_le_bytes(word.try_into().unwrap_or_default());
        let found =
            equal(word, b'"') | equal(word, b'\\') | equal(word, b'\n') | equal(word, b'\r');
        if found != 0 {
            return pos + (found.trailing_zeros() / 8) as usize;
        }
        pos += 8;
    }
    while bytes
        .get(pos)
        .is_some_and(|b| !matches!(b, b'"' | b'\\' | b'\n' | b'\r'))
    {
        pos += 1;
    }
    pos
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
    name_end_from(text, ascii_name_end(text.as_bytes(), pos))
}

/// The end of a name whose ASCII letters, digits and `_` end at `end`
/// ([`ascii_name_end`]): there, or past the other letters that follow.
pub fn name_end_from(text: &str, end: usize) -> usize {
    match text.as_bytes().get(end) {
        Some(b) if !b.is_ascii() => text[end..]
            .char_indices()
            .find(|(_, c)| !(c.is_alphanumeric() || *c == '_'))
            .map_or(text.len(), |(i, _)| end + i),
        _ => end,
    }
}

/// The end of the run of ASCII letters, digits and `_` starting at `pos`, read eight
/// bytes at a time (a name or word is mostly longer than one step, shorter than three).
pub fn ascii_name_end(bytes: &[u8], mut pos: usize) -> usize {
    while let Some(word) = bytes.get(pos..pos + 8) {
        let word = u64::from_le_bytes(word.try_into().unwrap_or_default());
        let others = !name_bytes(word) & HIGH;
        if others != 0 {
            return pos + (others.trailing_zeros() / 8) as usize;
        }
        pos += 8;
    }
    while bytes
        .get(pos)
        .is_some_and(|&b| b.is_ascii_alphanumeric() || b == b'_')
    {
        pos += 1;
    }
    pos
}

/// The high bit of every byte.
const HIGH: u64 = u64::from_ne_bytes([0x80; 8]);
const ONES: u64 = u64::from_ne_bytes([0x01; 8]);

/// The high bit of each byte of `word` that equals `byte`, and no other bit.
#[inline(always)]
fn equal(word: u64, byte: u8) -> u64 {
    const LOW: u64 = u64::from_ne_bytes([0x7F; 8]);
    let x = word ^ (ONES * u64::from(byte));
    !(((x & LOW) + LOW) | x | LOW)
}

/// The high bit of each byte of `word` that is an ASCII letter, digit or `_`.
#[inline(always)]
fn name_bytes(word: u64) -> u64 {
    // Each byte's low seven bits, plus `0x80 - lo`, has its high bit set when the byte
    // is at least `lo`; no sum carries into the next byte.
    let low = word & !HIGH;
    let at_least = |x: u64, lo: u8| x + ONES * u64::from(0x80 - lo);
    // `| 0x20` makes capitals small and leaves small letters as they are.
    let folded = low | (ONES * 0x20);
    let letter = at_least(folded, b'a') & !at_least(folded, b'z' + 1);
    let digit = at_least(low, b'0') & !at_least(low, b'9' + 1);
    // Bytes of 0x80 and above are not ASCII, whatever their low bits say.
    ((letter | digit) & !word | equal(word, b'_')) & HIGH
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
    use super::{line_end, name_end, skip_trivia_lines, string_end};

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

    /// Names and quoted texts read eight bytes at a time end where a byte-by-byte
    /// reading ends: every byte value, at every place in and after the first word, at
    /// every start.
    #[test]
    fn names_and_texts_end_where_a_byte_by_byte_reading_ends() {
        let name_by_bytes = |text: &str, pos: usize| {
            text[pos..]
                .char_indices()
                .find(|(_, c)| !(c.is_alphanumeric() || *c == '_'))
                .map_or(text.len(), |(i, _)| pos + i)
        };
        let string_by_bytes = |text: &str, pos: usize| {
            let bytes = text.as_bytes();
            let mut i = pos + 1;
            while i < bytes.len() {
                match bytes[i] {
                    b'"' => return Ok(i + 1),
                    b'\\' if i + 1 < bytes.len() && !matches!(bytes[i + 1], b'\n' | b'\r') => {
                        i += 2
                    }
                    b'\n' | b'\r' => return Err(i),
                    _ => i += 1,
                }
            }
            Err(bytes.len())
        };
        let chars = (0u32..256)
            .filter_map(char::from_u32)
            .chain(['\u{2014}', '\u{1F600}']);
        for c in chars {
            for len in 0..19 {
                let body = "aZ9_\\x".chars().cycle().take(len).collect::<String>();
                for text in [
                    format!("{body}{c}abc"),
                    format!("\"{body}{c}\\{c}abc\" x"),
                    format!("{body}{c}"),
                ] {
                    for pos in (0..text.len()).filter(|&p| text.is_char_boundary(p)) {
                        assert_eq!(
                            name_end(&text, pos),
                            name_by_bytes(&text, pos),
                            "{text:?} at {pos}"
                        );
                        if text[pos..].starts_with('"') {
                            assert_eq!(
                                string_end(&text, pos),
                                string_by_bytes(&text, pos),
                                "{text:?} at {pos}"
                            );
                        }
                    }
                }
            }
        }
    }
}
