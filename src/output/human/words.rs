//! The words the message and help of a report are wrapped at, for miette's filling and
//! the direct drawing alike: runs of spaces end a word, except inside a `code span`, and
//! a word too long for its line may be split after a hyphen between letters.

/// The byte offsets of the backticks of `line` that open or close a code span (an
/// unmatched last one is an ordinary character).
fn code_ticks(line: &str) -> Vec<usize> {
    let mut ticks: Vec<usize> = line.match_indices('`').map(|(i, _)| i).collect();
    if ticks.len() % 2 == 1 {
        ticks.pop();
    }
    ticks
}

/// Whether byte `at` of a line whose code-span backticks are `ticks` is inside a span.
fn in_code(ticks: &[usize], at: usize) -> bool {
    ticks.chunks(2).any(|pair| pair[0] < at && at < pair[1])
}

/// The words a line of a message or help is wrapped at: split after runs of spaces,
/// except inside a `code span`, which stays whole on one line (unless it is wider than
/// the line itself) so that what it tells the reader to write is never cut in two.
pub(super) fn words_keeping_code(
    line: &str,
) -> Box<dyn Iterator<Item = textwrap::core::Word<'_>> + '_> {
    let mut words = Vec::new();
    word_bounds(line, |start, end| {
        words.push(textwrap::core::Word::from(&line[start..end]))
    });
    Box::new(words.into_iter())
}

/// The byte ranges of [`words_keeping_code`]'s words (each with the spaces after it),
/// in order: together they cover the line.
pub(super) fn word_bounds(line: &str, mut each: impl FnMut(usize, usize)) {
    // A space is a byte of its own in UTF-8, so the line is read byte by byte.
    let ticks = if line.contains('`') {
        code_ticks(line)
    } else {
        Vec::new()
    };
    let mut start = 0;
    let mut in_space = false;
    for (i, &b) in line.as_bytes().iter().enumerate() {
        let space = b == b' ' && (ticks.is_empty() || !in_code(&ticks, i));
        if in_space && !space {
            each(start, i);
            start = i;
        }
        in_space = space;
    }
    if start < line.len() {
        each(start, line.len());
    }
}

/// Where a word too long for its line may be split: after a hyphen between letters, as
/// miette does by default, but never inside a `code span`.
pub(super) fn hyphens_outside_code(word: &str) -> Vec<usize> {
    let mut points = Vec::new();
    hyphen_points(word, |i| points.push(i));
    points
}

/// Whether a word holds a hyphen. Words are short: a plain loop over their bytes is
/// quicker than `contains` (memchr), measured on the many-findings plan (280.8 M
/// against 288.4 M instructions for the whole run).
#[allow(clippy::manual_contains)]
pub(super) fn has_hyphen(word: &[u8]) -> bool {
    word.iter().any(|&b| b == b'-')
}

/// [`hyphens_outside_code`]'s points, in order.
pub(super) fn hyphen_points(word: &str, mut each: impl FnMut(usize)) {
    // Asked of every word wrapped: most have no hyphen at all.
    if !has_hyphen(word.as_bytes()) {
        return;
    }
    let ticks = code_ticks(word);
    let mut chars = word.char_indices();
    let (mut before, mut at) = (chars.next(), chars.next());
    for after in chars {
        if let (Some((_, b)), Some((i, '-'))) = (before, at) {
            if b.is_alphanumeric() && after.1.is_alphanumeric() && !in_code(&ticks, i) {
                each(after.0);
            }
        }
        (before, at) = (at, Some(after));
    }
}
