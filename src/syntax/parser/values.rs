//! Attribute values: reading one with the grammar, checking what follows it, and saying
//! in plain words why a value could not be read.
//!
//! A little over 600 lines, a third of it the test that checks the direct reading of
//! values against the grammar, value by value.

use super::misread;
use pest::Parser as _;

use super::Parser;
use crate::syntax::ast::{Attribute, Item, Key, Value, ValueKind};
use crate::syntax::grammar::{self, CxpParser, Rule};
use crate::syntax::lexer::{
    ascii_name_end, describe, line_end, name_end_from, skip_trivia, skip_trivia_lines,
    special_in_string, string_end, token_end,
};
use crate::value::DurationUnit;

/// The word (or yes/no) written at `at..end`.
fn word_value(text: &str, at: usize, end: usize) -> Value {
    let kind = match &text[at..end] {
        "yes" | "true" => ValueKind::Bool(true),
        "no" | "false" => ValueKind::Bool(false),
        word => ValueKind::Word(word.into()),
    };
    Value {
        kind,
        span: at..end,
    }
}

const VALUE_HELP: &str = "a value is a number (`12`), an amount (`95 USD`), a percentage \
    (`30%`), a duration (`18 months`), a date (`2027-03-15`), yes/no, a text in quotes, \
    a word or a list in `[ ]`";

const AMOUNT_HELP: &str = "an amount of money is written `2.4M USD` (an optional magnitude \
    k, M or B, then a three-letter currency code in capitals); a duration `18 months`; a \
    date `2027-03-15`, `2027-03` or `2027-Q2`";

impl Parser<'_> {
    /// `key = value`, the `=` at `eq`.
    pub(super) fn attribute(&mut self, key: Key, eq: usize) {
        let text = self.text;
        let at = skip_trivia(text, eq + 1);
        let mut value = match self.value(&key, eq, at) {
            Some(value) => value,
            None => Value {
                kind: ValueKind::Invalid,
                span: at..self.pos.max(at),
            },
        };
        // A value written as people write it in documents (`3 yrs`, `15/03/2027`):
        // one error with the exact text to write, instead of a type error and a syntax
        // error about the rest.
        let misread = match &value.kind {
            ValueKind::Number(_) => misread::after_number(text, key.name(text), value.span.clone()),
            ValueKind::Word(_) => misread::month_year(text, key.name(text), value.span.clone()),
            _ => None,
        };
        if let Some(m) = misread {
            self.error_with_help(m.span.clone(), m.message, &m.help);
            value = Value {
                kind: ValueKind::Invalid,
                span: m.span.clone(),
            };
            self.push(Item::Attribute(Attribute { key, value }));
            self.recover(m.span.end);
            return;
        }
        let ok = !matches!(value.kind, ValueKind::Invalid);
        let number = matches!(value.kind, ValueKind::Number(_));
        let name = key.span.clone();
        self.push(Item::Attribute(Attribute { key, value }));
        if ok {
            self.check_line_end_after(name, number);
        }
    }

    /// After an include: anything but the next item or `}` is out of place.
    pub(super) fn check_line_end(&mut self) {
        self.check_line_end_after(0..0, false);
    }

    /// After a complete item, the next token must start an item or close a block.
    fn check_line_end_after(&mut self, key: std::ops::Range<usize>, number: bool) {
        let text = self.text;
        // What is skipped here is not read again: the next item starts at `next`.
        let (next, new_line) = skip_trivia_lines(text, self.pos);
        match text.as_bytes().get(next) {
            None | Some(b'}') => self.pos = next,
            // A name on a later line starts the next item, which reports its own error if
            // it is not one; on the same line it must start one.
            Some(b) if b.is_ascii_alphabetic() && (new_line || self.is_item_start(next)) => {
                self.pos = next;
            }
            Some(_) => {
                let key = &text[key];
                let message = if key.is_empty() {
                    format!("unexpected {} after the include", describe(text, next))
                } else {
                    format!(
                        "unexpected {} after the value of `{key}`",
                        describe(text, next)
                    )
                };
                let help = if number && text.as_bytes()[next].is_ascii_alphabetic() {
                    "an amount of money is written with a currency code in capitals \
                     (`95 USD`), a duration with a unit (`18 months`)"
                } else {
                    "each attribute takes one value; a list is written `[a, b]`"
                };
                self.error_with_help(self.token(next), message, help);
                self.recover(next);
            }
        }
    }

    /// The value at `at` of `key`; `None` after reporting an error (recovery has run).
    fn value(&mut self, key: &Key, eq: usize, at: usize) -> Option<Value> {
        let text = self.text;
        let name = key.name(text);
        let next = text.as_bytes().get(at);
        // A word is read once: where it ends says both whether it is the next item's
        // name (the value is missing) and which word the value is.
        let word_end = next
            .filter(|b| b.is_ascii_alphabetic())
            .map(|_| ascii_name_end(text.as_bytes(), at));
        let missing = next.is_none()
            || matches!(next, Some(b'}' | b'{' | b'='))
            || word_end.is_some_and(|end| self.item_follows(name_end_from(text, end)));
        if missing {
            // `weight =` followed by the next attribute or the end of the block.
            self.error_with_help(
                self.token(at),
                format!(
                    "expected a value after `{name} =`, found {}",
                    describe(text, at)
                ),
                VALUE_HELP,
            );
            self.pos = eq + 1;
            self.recover(at);
            return Some(Value {
                kind: ValueKind::Invalid,
                span: eq + 1..eq + 1,
            });
        }
        if text.as_bytes()[at] == b'[' {
            if let Err(stop) = self.check_list_depth(at) {
                self.error_with_help(
                    at..at + 1,
                    format!(
                        "the list of `{name}` is nested too deeply (more than {} levels)",
                        self.max_depth
                    ),
                    &super::depth_help(),
                );
                self.recover(stop);
                return None;
            }
        }
        // A word of ASCII letters, digits and `_` (the usual one), as `simple_value`
        // reads it; one followed by another letter is left to the grammar.
        let other_letter = |end: usize| text.as_bytes().get(end).is_some_and(|b| !b.is_ascii());
        if let Some(end) = word_end.filter(|&end| !other_letter(end)) {
            self.pos = end;
            return Some(word_value(text, at, end));
        }
        if let Some(value) = self.simple_value(at) {
            self.pos = value.span.end;
            return Some(value);
        }
        // pest's error report scans the whole input it was given, so it gets only the
        // stretch the value can occupy.
        match CxpParser::parse(Rule::value, &text[at..value_limit(text, at)]) {
            Ok(mut pairs) => {
                let pair = pairs.next()?;
                let mut errors = Vec::new();
                let value = grammar::value(pair, at, &mut errors);
                for e in errors {
                    self.error(e.span, e.message);
                }
                self.pos = value.span.end;
                Some(value)
            }
            Err(_) => {
                if text.as_bytes()[at] == b'[' {
                    self.list_error(name, at);
                } else {
                    self.scalar_error(name, at, "");
                }
                None
            }
        }
    }

    /// The common values read directly, exactly as the grammar would read them: a text
    /// without escapes, a word or yes/no, a plain number with nothing that could make it
    /// an amount, a duration, a percentage or a date. `None`: let the grammar decide.
    fn simple_value(&mut self, at: usize) -> Option<Value> {
        let text = self.text;
        let bytes = text.as_bytes();
        let first = *bytes.get(at)?;
        let word_char = |b: u8| b.is_ascii_alphanumeric() || b == b'_';
        if first == b'"' {
            // Closed by a quote before any backslash or line end: a text without escapes.
            let close = special_in_string(bytes, at + 1);
            if bytes.get(close) != Some(&b'"') {
                return None;
            }
            return Some(Value {
                kind: ValueKind::Str(text[at + 1..close].into()),
                span: at..close + 1,
            });
        }
        if first.is_ascii_alphabetic() {
            return Some(word_value(text, at, ascii_name_end(bytes, at)));
        }
        if first == b'[' {
            return self.simple_list(at);
        }
        if let Some(end) = date_end(bytes, at) {
            return Some(Value {
                kind: ValueKind::Date(text[at..end].into()),
                span: at..end,
            });
        }
        let mut p = at + usize::from(first == b'-');
        let digits = |mut p: usize| -> Option<usize> {
            if !bytes.get(p)?.is_ascii_digit() {
                return None;
            }
            p += 1;
            loop {
                match (bytes.get(p), bytes.get(p + 1)) {
                    (Some(d), _) if d.is_ascii_digit() => p += 1,
                    (Some(b'_'), Some(d)) if d.is_ascii_digit() => p += 2,
                    _ => return Some(p),
                }
            }
        };
        p = digits(p)?;
        if bytes.get(p) == Some(&b'.') {
            p = digits(p + 1)?;
        }
        let number = &text[at..p];
        // The grammar tries an amount, a percentage, a duration, a date, a number.
        let mut amount_end = p;
        if matches!(bytes.get(p), Some(b'k' | b'M' | b'B'))
            && !bytes.get(p + 1).is_some_and(|&b| word_char(b))
        {
            amount_end = p + 1;
        }
        if !bytes
            .get(amount_end)
            .is_some_and(|&b| word_char(b) || b == b'.')
        {
            let c = skip_trivia(text, amount_end);
            let upper = bytes
                .get(c..c + 3)
                .is_some_and(|w| w.iter().all(u8::is_ascii_uppercase));
            if upper && !bytes.get(c + 3).is_some_and(|&b| word_char(b)) {
                let amount = grammar::money_amount(&text[at..amount_end], &(at..amount_end));
                let kind = match amount {
                    Ok(amount) => ValueKind::Money {
                        amount,
                        currency: text[c..c + 3].into(),
                    },
                    Err(e) => {
                        self.error(e.span, e.message);
                        ValueKind::Invalid
                    }
                };
                return Some(Value {
                    kind,
                    span: at..c + 3,
                });
            }
        }
        if amount_end != p {
            return None;
        }
        if bytes.get(p) == Some(&b'%') {
            return Some(self.decimal_value(number, at..p + 1, ValueKind::Percent));
        }
        if bytes
            .get(p)
            .is_some_and(|&b| word_char(b) || matches!(b, b'.' | b'-'))
        {
            return None;
        }
        let c = skip_trivia(text, p);
        let unit_end = c + bytes[c..].iter().take_while(|&&b| word_char(b)).count();
        let unit = &text[c..unit_end];
        let units = [
            "days", "day", "weeks", "week", "months", "month", "quarters", "quarter", "years",
            "year",
        ];
        if units.contains(&unit) {
            let next = bytes.get(skip_trivia(text, unit_end));
            if let (false, Some(unit)) = (
                matches!(next, Some(b'=' | b'{' | b'"')),
                DurationUnit::parse(unit),
            ) {
                let kind = match grammar::decimal(number, &(at..p)) {
                    Ok(amount) => ValueKind::Duration { amount, unit },
                    Err(e) => {
                        self.error(e.span, e.message);
                        ValueKind::Invalid
                    }
                };
                return Some(Value {
                    kind,
                    span: at..unit_end,
                });
            }
        }
        Some(self.decimal_value(number, at..p, ValueKind::Number))
    }

    /// A number read exactly, or an error at `span` and an invalid value.
    fn decimal_value(
        &mut self,
        number: &str,
        span: std::ops::Range<usize>,
        make: fn(crate::value::Decimal) -> ValueKind,
    ) -> Value {
        let kind = match grammar::decimal(number, &span) {
            Ok(d) => make(d),
            Err(e) => {
                self.error(e.span, e.message);
                ValueKind::Invalid
            }
        };
        Value { kind, span }
    }

    /// A list of texts and words, read directly; `None` for anything else.
    fn simple_list(&mut self, at: usize) -> Option<Value> {
        let text = self.text;
        let bytes = text.as_bytes();
        let mut items = Vec::new();
        let mut p = skip_trivia(text, at + 1);
        loop {
            if bytes.get(p) == Some(&b']') {
                break;
            }
            if !matches!(bytes.get(p), Some(b'"')) && !bytes.get(p)?.is_ascii_alphabetic() {
                return None;
            }
            let item = self.simple_value(p)?;
            p = skip_trivia(text, item.span.end);
            items.push(item);
            match bytes.get(p) {
                Some(b']') => break,
                Some(b',') => p = skip_trivia(text, p + 1),
                _ => return None,
            }
        }
        Some(Value {
            kind: ValueKind::List(items),
            span: at..p + 1,
        })
    }

    /// Report why the value at `at` (not a list) could not be read; `place` says where
    /// it sits (" in the list of `x`") or is empty.
    fn scalar_error(&mut self, name: &str, at: usize, place: &str) {
        let text = self.text;
        if text.as_bytes().get(at) == Some(&b'"') {
            if let Err(eol) = string_end(text, at) {
                self.unclosed_string(at, eol);
                self.recover(eol);
                return;
            }
        }
        let end = token_end(text, at).max(at + 1).min(text.len());
        let token = &text[at..end];
        let numeric = token.starts_with(|c: char| c.is_ascii_digit() || c == '-');
        let magnitude = misread::magnitude(token).map(|fixed| {
            format!(
                "the magnitude letters are `k` (thousand), `M` (million) and `B` (billion): write `{fixed}` followed by the currency code"
            )
        });
        let quotes = misread::odd_quote(text, at).then(|| misread::quote_help(text, at));
        let help = match (&magnitude, &quotes) {
            (Some(h), _) | (None, Some(h)) => h.as_str(),
            _ if numeric && token[1..].contains(|c: char| c.is_alphabetic() || c == '-') => {
                AMOUNT_HELP
            }
            _ => VALUE_HELP,
        };
        let message = if place.is_empty() {
            format!("{} is not a value `{name}` can hold", describe(text, at))
        } else {
            format!("{} is not a value{place}", describe(text, at))
        };
        self.error_with_help(at..end, message, help);
        self.recover(end);
    }

    /// Walk the list at `at` item by item to find what the grammar could not read: a
    /// missing `,` or `]`, or an item that is not a value.
    fn list_error(&mut self, name: &str, at: usize) {
        let text = self.text;
        let place = format!(" in the list of `{name}`");
        let mut depth = 0usize;
        let mut expect_value = true;
        let mut p = at;
        loop {
            p = skip_trivia(text, p);
            let byte = text.as_bytes().get(p).copied();
            match (expect_value, byte) {
                (_, Some(b']')) => {
                    depth = depth.saturating_sub(1);
                    p += 1;
                    expect_value = false;
                    if depth == 0 {
                        break;
                    }
                }
                (true, Some(b'[')) => {
                    depth += 1;
                    p += 1;
                }
                (false, Some(b',')) => {
                    expect_value = true;
                    p += 1;
                }
                (true, Some(b)) if !matches!(b, b'}' | b'{' | b'=' | b',') => {
                    let limit = value_limit(text, p);
                    match CxpParser::parse(Rule::value, &text[p..limit]) {
                        Ok(pairs) => {
                            p += pairs.as_str().len().max(1);
                            expect_value = false;
                        }
                        Err(_) => {
                            self.scalar_error(name, p, &place);
                            return;
                        }
                    }
                }
                (true, _) => {
                    self.error_with_help(
                        self.token(p),
                        format!(
                            "expected a value or `]`{place}, found {}",
                            describe(text, p)
                        ),
                        VALUE_HELP,
                    );
                    self.recover(p);
                    return;
                }
                (false, _) => {
                    self.error_with_help(
                        self.token(p),
                        format!("expected `,` or `]`{place}, found {}", describe(text, p)),
                        "items of a list are separated by `,` and the list ends with `]`",
                    );
                    self.recover(p);
                    return;
                }
            }
        }
        // The walk found the whole list well-formed; something right after it is not.
        self.error(
            self.token(p),
            format!(
                "unexpected {} after the list of `{name}`",
                describe(text, p)
            ),
        );
        self.recover(p);
    }

    /// Check that the list at `at` nests at most `max_depth` deep before the grammar's
    /// recursive descent sees it. `Err(p)`: too deep; `p` is where to resume.
    fn check_list_depth(&self, at: usize) -> Result<(), usize> {
        let text = self.text;
        let bytes = text.as_bytes();
        let mut depth = 0usize;
        let mut p = at;
        let mut too_deep = false;
        while p < bytes.len() {
            match bytes[p] {
                b'[' => {
                    depth += 1;
                    too_deep |= depth > self.max_depth;
                }
                b']' => {
                    depth = depth.saturating_sub(1);
                    if depth == 0 {
                        return if too_deep { Err(p + 1) } else { Ok(()) };
                    }
                }
                b'{' | b'}' | b'=' => break,
                b'#' => {
                    p = line_end(text, p);
                    continue;
                }
                b'"' => {
                    p = match string_end(text, p) {
                        Ok(end) | Err(end) => end,
                    };
                    continue;
                }
                _ => {}
            }
            p += 1;
        }
        if too_deep {
            Err(p)
        } else {
            Ok(())
        }
    }
}

/// An end beyond which the value at `at` cannot reach: just past the first `=`, `{` or
/// `}` outside texts and comments (the character is included so the grammar can look
/// at it), or the end of the file.
fn value_limit(text: &str, at: usize) -> usize {
    let bytes = text.as_bytes();
    let mut p = at;
    while p < bytes.len() {
        match bytes[p] {
            b'=' | b'{' | b'}' => return p + 1,
            b'"' => {
                p = match string_end(text, p) {
                    Ok(end) | Err(end) => end,
                };
            }
            b'#' => p = line_end(text, p),
            _ => p += 1,
        }
    }
    bytes.len()
}

/// Where a date starting at `at` ends, read as the grammar's `date` rule reads it
/// (`2027-03-15`, `2027-03`, `2027-Q2`, not followed by a letter, digit, `_`, `-` or
/// `.`); `None` when it is not one. No amount, percentage, duration or number can be
/// read from such a text (a digit run followed by `-` is none of them), so the grammar
/// would reach its `date` rule too.
fn date_end(b: &[u8], at: usize) -> Option<usize> {
    let digit = |i: usize| b.get(i).is_some_and(u8::is_ascii_digit);
    if !(at..at + 4).all(digit) || b.get(at + 4) != Some(&b'-') {
        return None;
    }
    let mut p = at + 5;
    if b.get(p) == Some(&b'Q') {
        p += 1;
        if !digit(p) {
            return None;
        }
        while digit(p) {
            p += 1;
        }
    } else {
        if !(digit(p) && digit(p + 1)) {
            return None;
        }
        p += 2;
        if b.get(p) == Some(&b'-') && digit(p + 1) && digit(p + 2) {
            p += 3;
        }
    }
    let stop = b
        .get(p)
        .is_some_and(|&c| c.is_ascii_alphanumeric() || matches!(c, b'_' | b'-' | b'.'));
    (!stop).then_some(p)
}

#[cfg(test)]
mod tests {
    use pest::Parser as _;

    use crate::source::SourceFile;
    use crate::syntax::ast::Item;
    use crate::syntax::grammar::{self, CxpParser, Rule};

    /// Values read directly come out exactly as the grammar reads them.
    #[test]
    fn direct_reading_matches_the_grammar() {
        let values = [
            "\"plain\"",
            "\"a\\\"b\"",
            "front",
            "yes",
            "no",
            "true",
            "falsey",
            "a_b1",
            "12",
            "-12",
            "1_000",
            "1.5",
            "12.",
            "1__0",
            "12 USD",
            "12USD",
            "2.4M USD",
            "12k USD",
            "12kUSD",
            "12 M USD",
            "-5 EUR",
            "12 # c\n USD",
            "30%",
            "-2.5%",
            "18 months",
            "1 day",
            "2 dayss",
            "3 weeks # c\n",
            "12\nmonths = 3",
            "12 months {",
            "2027-03-15",
            "2027-Q2",
            "2027-03",
            "2027-Q12",
            "2027-Q",
            "2027-Qx",
            "2027-3",
            "2027-03-1",
            "2027-03-15-",
            "2027-03-15.5",
            "2027-03-15x",
            "2027-03-15_",
            "2027-03x",
            "2027-03-",
            "2027-03-15 # c",
            "2027-03-15}",
            "2027-03-15 months",
            "12345-01-01",
            "202-01-01",
            "2027--01",
            "2027-13-45",
            "2027-Q2.",
            "[2027-03, 2027-04]",
            "[]",
            "[a]",
            "[a, b,]",
            "[\"x\", y]",
            "[a b]",
            "[, ]",
            "[a, [b]]",
            "[a, # c\n b]",
            "[1, 2]",
            "99999999999999999999999999999999",
            "99999999999999999999999999999999 USD",
            "99999999999999999999999999999999%",
            "99999999999999999999999999999999 days",
            "12 USDX",
            "7 quarters",
        ];
        for v in values {
            let text = format!("x = {v}\n");
            let file = SourceFile::new("t.cxp", text.clone());
            let (tree, diags) = super::Parser::new(&file).run();
            let Some(Item::Attribute(a)) = tree.items.first() else {
                panic!("{v}: no attribute");
            };
            let limit = super::value_limit(&text, 4);
            match CxpParser::parse(Rule::value, &text[4..limit]) {
                Ok(mut pairs) => {
                    let mut errors = Vec::new();
                    let expected = grammar::value(pairs.next().expect("a pair"), 4, &mut errors);
                    assert_eq!(format!("{:?}", a.value), format!("{expected:?}"), "{v}");
                    let first = diags.first().map(|d| (d.span.clone(), d.message.clone()));
                    let want = errors.first().map(|e| (e.span.clone(), e.message.clone()));
                    if want.is_some() {
                        assert_eq!(first, want, "{v}");
                    }
                }
                Err(_) => assert!(!diags.is_empty(), "{v}: the grammar rejects it"),
            }
        }
    }
}
