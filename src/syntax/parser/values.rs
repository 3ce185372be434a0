//! Attribute values: reading one with the grammar, checking what follows it, and saying
//! in plain words why a value could not be read.

use pest::Parser as _;

use super::{Parser, MAX_DEPTH};
use crate::syntax::ast::{Attribute, Ident, Item, Value, ValueKind};
use crate::syntax::grammar::{self, CxpParser, Rule};
use crate::syntax::lexer::{describe, line_end, skip_trivia, string_end, token_end};

const VALUE_HELP: &str = "a value is a number (`12`), an amount (`95 USD`), a percentage \
    (`30%`), a duration (`18 months`), a date (`2027-03-15`), yes/no, a text in quotes, \
    a word or a list in `[ ]`";

impl Parser<'_> {
    /// `key = value`, the `=` at `eq`.
    pub(super) fn attribute(&mut self, key: Ident, eq: usize) {
        let text = self.text;
        let at = skip_trivia(text, eq + 1);
        let value = match self.value(&key, eq, at) {
            Some(value) => value,
            None => Value {
                kind: ValueKind::Invalid,
                span: at..self.pos.max(at),
            },
        };
        let span = key.span.start..value.span.end;
        let ok = !matches!(value.kind, ValueKind::Invalid);
        let number = matches!(value.kind, ValueKind::Number(_));
        let name = key.name.clone();
        self.push(Item::Attribute(Attribute { key, value, span }));
        if ok {
            self.check_line_end_after(name, number);
        }
    }

    /// After an include: anything but the next item or `}` is out of place.
    pub(super) fn check_line_end(&mut self) {
        self.check_line_end_after(String::new(), false);
    }

    /// After a complete item, the next token must start an item or close a block.
    fn check_line_end_after(&mut self, key: String, number: bool) {
        let text = self.text;
        let next = skip_trivia(text, self.pos);
        let new_line = text[self.pos..next].contains('\n');
        match text.as_bytes().get(next) {
            None | Some(b'}') => {}
            Some(b) if b.is_ascii_alphabetic() && self.is_item_start(next) => {}
            // A name on a later line starts the next item, which reports its own error.
            Some(b) if b.is_ascii_alphabetic() && new_line => {}
            Some(_) => {
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
    fn value(&mut self, key: &Ident, eq: usize, at: usize) -> Option<Value> {
        let text = self.text;
        let name = &key.name;
        let missing = |p: &Self| {
            let next = text.as_bytes().get(at);
            next.is_none()
                || matches!(next, Some(b'}' | b'{' | b'='))
                || (next.is_some_and(|b| b.is_ascii_alphabetic()) && p.is_item_start(at))
        };
        if missing(self) {
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
                self.error(
                    at..at + 1,
                    format!(
                        "the list of `{name}` is nested too deeply (more than {MAX_DEPTH} levels)"
                    ),
                );
                self.recover(stop);
                return None;
            }
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
            Err(e) => {
                let fail = match e.location {
                    pest::error::InputLocation::Pos(p) => at + p,
                    pest::error::InputLocation::Span((s, _)) => at + s,
                };
                self.value_error(name, at, fail.min(text.len()));
                None
            }
        }
    }

    /// Report why the value at `at` could not be read (pest stopped at `fail`).
    fn value_error(&mut self, name: &str, at: usize, fail: usize) {
        let text = self.text;
        // Walk the tokens up to the failure: an unclosed text explains it best.
        let mut p = at;
        let mut last: Option<u8> = None;
        let mut depth = 0usize;
        while p < fail.max(at + 1) && p < text.len() {
            let b = text.as_bytes()[p];
            if b == b'"' {
                if let Err(eol) = string_end(text, p) {
                    self.unclosed_string(p, eol);
                    self.recover(eol);
                    return;
                }
            }
            match b {
                b'[' => depth += 1,
                b']' => depth = depth.saturating_sub(1),
                _ => {}
            }
            last = Some(b);
            p = skip_trivia(text, token_end(text, p).max(p + 1));
        }
        let fail = skip_trivia(text, fail);
        if fail > at && text.as_bytes()[at] == b'[' {
            if depth == 0 {
                // A complete list followed by something that is not part of it.
                self.error(
                    self.token(fail),
                    format!(
                        "unexpected {} after the list of `{name}`",
                        describe(text, fail)
                    ),
                );
            } else if matches!(last, Some(b'[' | b',')) {
                self.error_with_help(
                    self.token(fail),
                    format!(
                        "expected a value or `]` in the list of `{name}`, found {}",
                        describe(text, fail)
                    ),
                    VALUE_HELP,
                );
            } else {
                self.error_with_help(
                    self.token(fail),
                    format!(
                        "expected `,` or `]` in the list of `{name}`, found {}",
                        describe(text, fail)
                    ),
                    "items of a list are separated by `,` and the list ends with `]`",
                );
            }
            self.recover(fail);
            return;
        }
        let token = describe(text, at);
        let help = if text[at..token_end(text, at)].ends_with(['k', 'M', 'B']) {
            "an amount of money needs its currency, like `300k EUR`"
        } else {
            VALUE_HELP
        };
        self.error_with_help(
            self.token(at),
            format!("{token} is not a value `{name}` can hold"),
            help,
        );
        self.recover(token_end(text, at).max(at + 1));
    }

    /// Check that the list at `at` nests at most `MAX_DEPTH` deep before the grammar's
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
                    too_deep |= depth > MAX_DEPTH;
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
