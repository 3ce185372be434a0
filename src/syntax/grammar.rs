//! The pest grammar (`grammar/cxp.pest`) and the conversion of its value pairs into
//! syntax-tree values.

use pest::iterators::Pair;

use super::ast::{Span, Value, ValueKind};
use crate::value::{Decimal, DurationUnit};

#[derive(pest_derive::Parser)]
#[grammar = "grammar/cxp.pest"]
pub struct CxpParser;

/// A problem found while turning a matched value into its meaning (a number too large,
/// an unknown escape): where and what, in plain words.
pub struct ValueError {
    pub span: Span,
    pub message: String,
}

/// Convert a `value` pair; `base` is the offset of the parsed slice in the file.
pub fn value(pair: Pair<'_, Rule>, base: usize, errors: &mut Vec<ValueError>) -> Value {
    let span = shift(pair.as_span(), base);
    let inner = match pair.into_inner().next() {
        Some(p) => p,
        None => {
            return Value {
                kind: ValueKind::Invalid,
                span,
            }
        }
    };
    let kind = match kind(inner, base, errors) {
        Ok(kind) => kind,
        Err(e) => {
            errors.push(e);
            ValueKind::Invalid
        }
    };
    Value { kind, span }
}

fn kind(
    pair: Pair<'_, Rule>,
    base: usize,
    errors: &mut Vec<ValueError>,
) -> Result<ValueKind, ValueError> {
    let span = shift(pair.as_span(), base);
    let rule = pair.as_rule();
    let text = pair.as_str();
    let mut inner = pair.into_inner();
    Ok(match rule {
        Rule::list => ValueKind::List(inner.map(|v| value(v, base, errors)).collect()),
        Rule::number => ValueKind::Number(decimal(text, &span)?),
        Rule::percent => ValueKind::Percent(decimal(text.trim_end_matches('%'), &span)?),
        Rule::money => {
            let amount = inner.next().map(|a| (a.as_str(), shift(a.as_span(), base)));
            let currency = inner.next().map(|c| super::ast::Text::from(c.as_str()));
            let ((amount_text, amount_span), currency) = match (amount, currency) {
                (Some(a), Some(c)) => (a, c),
                _ => return Err(unreadable(span)),
            };
            ValueKind::Money {
                amount: money_amount(amount_text, &amount_span)?,
                currency,
            }
        }
        Rule::duration => {
            let number = inner.next().map(|n| (n.as_str(), shift(n.as_span(), base)));
            let unit = inner.next().and_then(|u| DurationUnit::parse(u.as_str()));
            match (number, unit) {
                (Some((n, n_span)), Some(unit)) => ValueKind::Duration {
                    amount: decimal(n, &n_span)?,
                    unit,
                },
                _ => return Err(unreadable(span)),
            }
        }
        Rule::date => ValueKind::Date(text.into()),
        Rule::bool => ValueKind::Bool(matches!(text, "yes" | "true")),
        Rule::string => ValueKind::Str(unescape(text, span.start)?.into()),
        Rule::word => ValueKind::Word(text.into()),
        _ => return Err(unreadable(span)),
    })
}

fn unreadable(span: Span) -> ValueError {
    ValueError {
        span,
        message: "this value cannot be read".to_string(),
    }
}

fn shift(span: pest::Span<'_>, base: usize) -> Span {
    base + span.start()..base + span.end()
}

/// An exact decimal from digits written with optional `_` separators.
pub(crate) fn decimal(text: &str, span: &Span) -> Result<Decimal, ValueError> {
    // Most numbers have no `_` to take out: they are read as written, without a copy.
    let read = if text.contains('_') {
        let clean: String = text.chars().filter(|c| *c != '_').collect();
        Decimal::from_str_exact(&clean)
    } else {
        Decimal::from_str_exact(text)
    };
    read.map_err(|_| ValueError {
        span: span.clone(),
        message: format!("the number `{text}` is too large or too precise to be read exactly"),
    })
}

/// `2.4M` -> 2400000: the number times its magnitude (`k`, `M`, `B`).
pub(crate) fn money_amount(text: &str, span: &Span) -> Result<Decimal, ValueError> {
    let (digits, factor) = match text.as_bytes().last() {
        Some(b'k') => (&text[..text.len() - 1], 1_000u64),
        Some(b'M') => (&text[..text.len() - 1], 1_000_000),
        Some(b'B') => (&text[..text.len() - 1], 1_000_000_000),
        _ => (text, 1),
    };
    let amount = decimal(digits, span)?;
    if factor == 1 {
        return Ok(amount);
    }
    amount
        .checked_mul(Decimal::from(factor))
        .map(|a| a.normalize())
        .ok_or_else(|| ValueError {
            span: span.clone(),
            message: format!("the amount `{text}` is too large to be read exactly"),
        })
}

/// The text of a quoted string (quotes included in `quoted`) with its escapes decoded.
/// `start` is the offset of the opening quote in the file.
pub fn unescape(quoted: &str, start: usize) -> Result<String, ValueError> {
    let body = quoted
        .strip_prefix('"')
        .and_then(|s| s.strip_suffix('"'))
        .unwrap_or(quoted);
    let base = start + 1;
    // A Windows path in an include (`"org\units.cxp"`): say so rather than explain escapes.
    if body.contains('\\') && body.ends_with(".cxp") {
        let at = body.find('\\').unwrap_or(0);
        return Err(ValueError {
            span: base + at..base + at + 1,
            message: format!(
                "folders in a path are separated by `/`, not `\\`: write `\"{}\"`",
                body.replace("\\\\", "/").replace('\\', "/")
            ),
        });
    }
    let mut out = String::with_capacity(body.len());
    let mut chars = body.char_indices();
    while let Some((i, c)) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        let escaped = chars.next();
        match escaped {
            Some((_, '"')) => out.push('"'),
            Some((_, '\\')) => out.push('\\'),
            Some((_, 'n')) => out.push('\n'),
            Some((_, 't')) => out.push('\t'),
            Some((_, 'u')) => {
                let rest = &body[i + 2..];
                let code = rest
                    .strip_prefix('{')
                    .and_then(|r| r.find('}').map(|end| &r[..end]))
                    .filter(|hex| (1..=6).contains(&hex.len()))
                    .and_then(|hex| u32::from_str_radix(hex, 16).ok())
                    .and_then(char::from_u32);
                let Some(decoded) = code else {
                    // Underline `\u{...}` when it is short, else just `\u`.
                    let end = match rest.find('}') {
                        Some(e) if e < 10 => e + 1,
                        _ => 0,
                    };
                    return Err(ValueError {
                        span: base + i..base + i + 2 + end,
                        message: "`\\u` must be followed by a character code in braces, \
                                  like `\\u{1F600}`"
                            .to_string(),
                    });
                };
                out.push(decoded);
                let close = rest.find('}').unwrap_or(0);
                // Skip `{hex}`.
                for _ in 0..=close {
                    chars.next();
                }
            }
            Some((j, other)) => {
                return Err(ValueError {
                    span: base + i..base + j + other.len_utf8(),
                    message: format!(
                        "`\\{other}` is not a known escape in text; use `\\\"`, `\\\\`, \
                         `\\n`, `\\t` or `\\u{{...}}`"
                    ),
                })
            }
            None => return Err(unreadable(base + i..base + i + 1)),
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use pest::Parser as _;

    use super::{CxpParser, Rule};

    fn cxp_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
        for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.is_dir() {
                cxp_files(&path, out);
            } else if path.extension().is_some_and(|e| e == "cxp") {
                out.push(path);
            }
        }
    }

    /// The `file` rule documents the whole language: it accepts every well-formed file the
    /// block walker accepts.
    #[test]
    fn file_rule_accepts_the_corpus() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut files = Vec::new();
        cxp_files(&root.join("examples"), &mut files);
        cxp_files(&root.join("tests/data/syntax/corpus"), &mut files);
        assert!(files.len() > 5);
        for path in files {
            let Ok(text) = std::fs::read_to_string(&path) else {
                continue;
            };
            if let Err(e) = CxpParser::parse(Rule::file, &text) {
                panic!("{}: {e}", path.display());
            }
        }
    }

    #[test]
    fn file_rule_rejects_broken_files() {
        for text in [
            "x =",
            "a { ",
            "}",
            "x = 12k",
            "x = \"open\n\"",
            "facing front",
        ] {
            assert!(CxpParser::parse(Rule::file, text).is_err(), "{text}");
        }
    }
}
