//! Values written the way people write them in documents rather than the way the
//! language reads them: `3 yrs`, `15/03/2027`, `March 2027`, `900,000 GBP`, `15 %`,
//! `900K GBP`, curly quotes. Each becomes one error whose help gives the exact text to
//! write instead, which parses and has the right kind (never a guess at a decision).

use std::ops::Range;

/// What was misread: the whole span to underline, the message and the help.
pub struct Misread {
    pub span: Range<usize>,
    pub message: String,
    pub help: String,
}

const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// Currency codes common enough that a lower-case one after a figure is surely meant.
const COMMON_CURRENCIES: [&str; 20] = [
    "USD", "EUR", "GBP", "JPY", "CNY", "CHF", "CAD", "AUD", "INR", "SEK", "NOK", "DKK", "SGD",
    "HKD", "NZD", "BRL", "MXN", "ZAR", "KRW", "PLN",
];

/// The month number of an English month name or its three-letter abbreviation.
fn month(word: &str) -> Option<u32> {
    // Read for every word value: compared in place, without a lower-case copy.
    let w = word.trim_end_matches('.');
    MONTHS
        .iter()
        .position(|m| {
            m.eq_ignore_ascii_case(w)
                || (w.len() == 3 && m.get(..3).is_some_and(|p| p.eq_ignore_ascii_case(w)))
        })
        .map(|i| i as u32 + 1)
}

/// A duration unit people write that the language spells otherwise.
fn duration_unit(word: &str) -> Option<&'static str> {
    Some(match word.to_ascii_lowercase().as_str() {
        "y" | "yr" | "yrs" | "yr." | "yrs." | "jahre" | "ans" => "years",
        "mo" | "mos" | "mth" | "mths" | "mon" | "mons" => "months",
        "wk" | "wks" => "weeks",
        "d" | "dy" | "dys" => "days",
        "q" | "qtr" | "qtrs" | "quarter(s)" => "quarters",
        _ => return None,
    })
}

/// The end of the run of characters at `at` that are not white space or a bracket.
fn chunk_end(text: &str, at: usize) -> usize {
    text[at..]
        .find(|c: char| c.is_whitespace() || matches!(c, '}' | ']' | '{' | '[' | '#'))
        .map_or(text.len(), |i| at + i)
}

/// Whether a name at `at` starts an item: followed by `=`, `{` or a label, as the parser
/// tells (`Parser::is_item_start`).
fn starts_item(text: &str, at: usize) -> bool {
    let end = crate::syntax::lexer::name_end(text, at);
    end > at
        && matches!(
            text.as_bytes()
                .get(crate::syntax::lexer::skip_trivia(text, end)),
            Some(b'=' | b'{' | b'"')
        )
}

/// The next run of non-space characters on the same line after `from`, if any.
fn next_on_line(text: &str, from: usize) -> Option<Range<usize>> {
    let rest = &text[from..];
    let skip = rest.find(|c: char| c != ' ' && c != '\t')?;
    let at = from + skip;
    if matches!(text.as_bytes()[at], b'\n' | b'\r') {
        return None;
    }
    let end = chunk_end(text, at);
    (end > at).then_some(at..end)
}

/// A number written as digits at `span` followed on its line by something that shows
/// what was meant, for the attribute `key`.
pub fn after_number(text: &str, key: &str, span: Range<usize>) -> Option<Misread> {
    let number = &text[span.clone()];
    // The next item on the line (`mon = hs`, `unit "A" {`) is not part of the value,
    // however it is spaced: the parser reads it as an item.
    let next = next_on_line(text, span.end).filter(|n| !starts_item(text, n.start));
    // `15/03/2027`, `03/15/2027`: the number is the first part of a date.
    if text[span.end..].starts_with('/') {
        let end = chunk_end(text, span.start);
        let written = &text[span.start..end];
        let parts: Vec<&str> = written.split('/').collect();
        if parts.len() == 3 && parts.iter().all(|p| p.bytes().all(|b| b.is_ascii_digit())) {
            let (a, b, y) = (
                parts[0].parse::<u32>().ok()?,
                parts[1].parse::<u32>().ok()?,
                parts[2],
            );
            let iso = |d: u32, m: u32| format!("{y}-{m:02}-{d:02}");
            let help = if a > 12 && b <= 12 {
                format!("write dates as year-month-day: `{}`", iso(a, b))
            } else if b > 12 && a <= 12 {
                format!("write dates as year-month-day: `{}`", iso(b, a))
            } else {
                format!(
                    "write dates as year-month-day: `{}` if this is day/month, `{}` if month/day",
                    iso(a, b),
                    iso(b, a)
                )
            };
            return Some(Misread {
                span: span.start..end,
                message: format!("`{written}` is not a date cxlint can read for `{key}`"),
                help,
            });
        }
    }
    // `900,000 GBP`: a thousands separator.
    if text[span.end..].starts_with(',')
        && text[span.end + 1..]
            .bytes()
            .take(3)
            .filter(u8::is_ascii_digit)
            .count()
            == 3
    {
        let end = chunk_end(text, span.start);
        let written = &text[span.start..end];
        let digits: String = written.chars().filter(|c| *c != ',').collect();
        let currency = next_on_line(text, end)
            .map(|r| &text[r])
            .filter(|w| w.len() == 3 && w.bytes().all(|b| b.is_ascii_alphabetic()));
        let (whole, shown) = match currency {
            Some(c) => {
                let r = next_on_line(text, end)?;
                (
                    span.start..r.end,
                    format!("`{digits} {}`", c.to_ascii_uppercase()),
                )
            }
            None => (span.start..end, format!("`{digits}`")),
        };
        return Some(Misread {
            span: whole,
            message: format!("`{}` is written with a thousands separator", &text[span.start..end]),
            help: format!("write the figure without separators: {shown} (or with a magnitude, such as `900k`)"),
        });
    }
    let next = next?;
    let word = &text[next.clone()];
    // `15 %`
    if word == "%" {
        return Some(Misread {
            span: span.start..next.end,
            message: format!(
                "`{}` has a space before the `%`",
                &text[span.start..next.end]
            ),
            help: format!("write the percent sign right after the figure: `{number}%`"),
        });
    }
    // `3 yrs`, `2 minutes`
    if let Some(unit) = duration_unit(word) {
        return Some(Misread {
            span: span.start..next.end,
            message: format!("`{word}` is not a unit of time cxlint knows"),
            help: format!(
                "write `{number} {unit}` (the units are days, weeks, months, quarters and years)"
            ),
        });
    }
    if matches!(
        word.to_ascii_lowercase().as_str(),
        "hour" | "hours" | "hrs" | "minute" | "minutes" | "mins" | "second" | "seconds"
    ) {
        return Some(Misread {
            span: span.start..next.end,
            message: format!("durations are counted in whole days at the smallest, not in {word}"),
            help: "write `1 day` (the units are days, weeks, months, quarters and years)".into(),
        });
    }
    // `900000 usd`
    if word.len() == 3 && word.bytes().all(|b| b.is_ascii_lowercase()) {
        let upper = word.to_ascii_uppercase();
        if COMMON_CURRENCIES.contains(&upper.as_str()) {
            return Some(Misread {
                span: span.start..next.end,
                message: format!("the currency code `{word}` is written in small letters"),
                help: format!("write it in capitals: `{number} {upper}`"),
            });
        }
    }
    None
}

/// A month name followed by a year (`March 2027`) written as the value of `key`.
pub fn month_year(text: &str, key: &str, span: Range<usize>) -> Option<Misread> {
    let m = month(&text[span.clone()])?;
    let next = next_on_line(text, span.end)?;
    let year = &text[next.clone()];
    if year.len() != 4 || !year.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some(Misread {
        span: span.start..next.end,
        message: format!(
            "`{}` is not a date cxlint can read for `{key}`",
            &text[span.start..next.end]
        ),
        help: format!("write the month as year-month: `{year}-{m:02}`"),
    })
}

/// A token with the magnitude letter in the wrong case (`900K`, `0.9m`, `2b`).
pub fn magnitude(token: &str) -> Option<String> {
    let last = token.chars().last()?;
    let body = &token[..token.len() - last.len_utf8()];
    let fixed = match last {
        'K' => 'k',
        'm' => 'M',
        'b' => 'B',
        _ => return None,
    };
    let numeric = !body.is_empty()
        && body.bytes().all(|b| b.is_ascii_digit() || b == b'.')
        && body.bytes().next().is_some_and(|b| b.is_ascii_digit());
    numeric.then(|| format!("{body}{fixed}"))
}

/// Quotes a word processor puts in, or single quotes, at `at`.
pub fn odd_quote(text: &str, at: usize) -> bool {
    text[at..].starts_with(['“', '”', '„', '‘', '’', '\''])
}

/// The help for a text in odd quotes at `at`: the same text in straight double quotes.
pub fn quote_help(text: &str, at: usize) -> String {
    let rest = &text[at..];
    let open = rest.chars().next().map_or(0, char::len_utf8);
    let inner_end = rest[open..]
        .find(['“', '”', '„', '‘', '’', '\'', '\n'])
        .map_or(rest.len(), |i| open + i);
    let inner = &rest[open..inner_end];
    format!(
        "use straight double quotes: `\"{inner}\"` (word processors turn them into curly or single quotes)"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Month names and abbreviations in any case, with or without a full stop; nothing
    /// else (a prefix other than the first three letters, other languages, other words).
    #[test]
    fn months_are_read_in_any_case() {
        for (word, m) in [
            ("Jan", Some(1)),
            ("jan.", Some(1)),
            ("JANUARY", Some(1)),
            ("February.", Some(2)),
            ("sep", Some(9)),
            ("Sept", None),
            ("dEc", Some(12)),
            ("ma", None),
            ("Mai", None),
            ("d\u{e9}cembre", None),
            ("decline", None),
            ("", None),
        ] {
            assert_eq!(month(word), m, "{word}");
        }
    }

    fn help(text: &str, key: &str) -> String {
        let at = text.find(|c: char| c.is_ascii_digit()).unwrap();
        let end = at
            + text[at..]
                .find(|c: char| !(c.is_ascii_digit() || c == '.'))
                .unwrap_or(text.len() - at);
        after_number(text, key, at..end)
            .map(|m| m.help)
            .unwrap_or_default()
    }

    #[test]
    fn common_ways_of_writing_values() {
        assert!(help("3 yrs\n", "horizon").contains("`3 years`"));
        assert!(help("2 minutes\n", "every").contains("`1 day`"));
        assert!(help("15/03/2027\n", "due").contains("`2027-03-15`"));
        assert!(help("03/15/2027\n", "due").contains("`2027-03-15`"));
        let both = help("04/05/2027\n", "due");
        assert!(
            both.contains("`2027-05-04`") && both.contains("`2027-04-05`"),
            "{both}"
        );
        assert!(help("900,000 GBP\n", "amount").contains("`900000 GBP`"));
        assert!(help("15 %\n", "weight").contains("`15%`"));
        assert!(help("500 usd\n", "amount").contains("`500 USD`"));
        let m = month_year("March 2027\n", "due", 0..5).unwrap();
        assert!(m.help.contains("`2027-03`"));
        assert_eq!(magnitude("900K").as_deref(), Some("900k"));
        assert_eq!(magnitude("0.9m").as_deref(), Some("0.9M"));
        assert_eq!(magnitude("900k"), None);
        assert!(quote_help("“Curly” {", 0).contains("`\"Curly\"`"));
        assert!(odd_quote("'Single'", 0));
    }
}
