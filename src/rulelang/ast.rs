//! The syntax tree of rule expressions and its parser (grammar/rule.pest).

use std::ops::Range;

use pest::iterators::Pair;
use pest::Parser as _;

use serde::{Deserialize, Serialize};

use crate::rulelang::serial;
use crate::value::{Date, Decimal, Duration, DurationUnit};

#[derive(pest_derive::Parser)]
#[grammar = "grammar/rule.pest"]
struct RuleParser;

/// Where an expression was written: a source of the rule set (a rule or definitions
/// file) and a byte range in that file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Pos {
    pub src: usize,
    pub span: Range<usize>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Expr {
    pub kind: ExprKind,
    pub pos: Pos,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum ExprKind {
    Num(#[serde(with = "serial::decimal")] Decimal),
    Pct(#[serde(with = "serial::decimal")] Decimal),
    Money(#[serde(with = "serial::decimal")] Decimal, String),
    Dur(Duration),
    Date(Date),
    Str(String),
    /// A name: `self`, a parameter, a `let`, a definition, or an enum word.
    Name(String),
    /// `FM06.min_customer_weight`.
    RuleParam(String, String),
    Field(Box<Expr>, String),
    Call(String, Vec<Expr>),
    Lambda(String, Box<Expr>),
    List(Vec<Expr>),
    Not(Box<Expr>),
    Neg(Box<Expr>),
    Binary(BinOp, Box<Expr>, Box<Expr>),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum BinOp {
    And,
    Or,
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
    In,
    Add,
    Sub,
    Mul,
    Div,
}

impl BinOp {
    pub fn symbol(self) -> &'static str {
        match self {
            BinOp::And => "and",
            BinOp::Or => "or",
            BinOp::Eq => "==",
            BinOp::Ne => "!=",
            BinOp::Lt => "<",
            BinOp::Le => "<=",
            BinOp::Gt => ">",
            BinOp::Ge => ">=",
            BinOp::In => "in",
            BinOp::Add => "+",
            BinOp::Sub => "-",
            BinOp::Mul => "*",
            BinOp::Div => "/",
        }
    }
}

/// A parse error: where (a byte offset into the text) and what was expected.
#[derive(Debug, Clone)]
pub struct SyntaxError {
    pub offset: usize,
    pub message: String,
}

/// Maps byte offsets of the expression text to byte offsets in its file.
pub trait OffsetMap: Sync {
    fn map(&self, offset: usize) -> usize;
}

impl<F: Fn(usize) -> usize + Sync> OffsetMap for F {
    fn map(&self, offset: usize) -> usize {
        self(offset)
    }
}

/// The longest expression accepted, in bytes.
pub const MAX_LENGTH: usize = 4_000;
/// The deepest nesting accepted in the syntax tree.
pub const MAX_DEPTH: usize = 32;
/// The deepest nesting of brackets and functions `x => …` accepted. Each level costs the
/// parser a deep recursion; beyond [`SHALLOW`] levels it parses on a thread with a stack
/// large enough for this many, whatever thread the rules are loaded on.
pub const MAX_BRACKETS: usize = 64;
const SHALLOW: usize = 8;
const DEEP_STACK: usize = 64 << 20;

/// Parse one expression. Spans in the result are offsets in the file (through `map`).
pub fn parse(text: &str, src: usize, map: &dyn OffsetMap) -> Result<Expr, SyntaxError> {
    if text.len() > MAX_LENGTH {
        return Err(SyntaxError {
            offset: 0,
            message: format!(
                "the expression is longer than {MAX_LENGTH} characters; split it with `let`"
            ),
        });
    }
    let nesting = bracket_depth(text)?;
    let expr = if nesting <= SHALLOW {
        parse_unchecked(text, src, map)?
    } else {
        let spawned = std::thread::scope(|scope| {
            std::thread::Builder::new()
                .stack_size(DEEP_STACK)
                .spawn_scoped(scope, || parse_unchecked(text, src, map))
                .ok()
                .and_then(|h| h.join().ok())
        });
        spawned.unwrap_or_else(|| {
            Err(SyntaxError {
                offset: 0,
                message: "the expression is nested too deeply to be read".to_string(),
            })
        })?
    };
    if depth_over(&expr, MAX_DEPTH) {
        return Err(SyntaxError {
            offset: 0,
            message: format!(
                "the expression is nested more than {MAX_DEPTH} levels deep; split it with `let`"
            ),
        });
    }
    Ok(expr)
}

/// The nesting of brackets and functions in `text`; refused beyond [`MAX_BRACKETS`]
/// before the parser sees it.
fn bracket_depth(text: &str) -> Result<usize, SyntaxError> {
    let mut depth = 0usize;
    let mut deepest = 0usize;
    let mut lambdas = 0usize;
    let mut in_string = false;
    let mut escaped = false;
    for (i, c) in text.char_indices() {
        if in_string {
            match c {
                _ if escaped => escaped = false,
                '\\' => escaped = true,
                '"' => in_string = false,
                _ => {}
            }
            continue;
        }
        match c {
            '"' => in_string = true,
            // A function `x => …` nests what follows it, like a bracket.
            '=' if text[i..].starts_with("=>") => {
                lambdas += 1;
                if lambdas > MAX_BRACKETS {
                    return Err(SyntaxError {
                        offset: i,
                        message: format!(
                            "more than {MAX_BRACKETS} functions `x => …` in one expression"
                        ),
                    });
                }
            }
            '(' | '[' => {
                depth += 1;
                deepest = deepest.max(depth);
                if depth > MAX_BRACKETS {
                    return Err(SyntaxError {
                        offset: i,
                        message: format!(
                            "brackets are nested more than {MAX_BRACKETS} levels deep"
                        ),
                    });
                }
            }
            ')' | ']' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    Ok(deepest + lambdas)
}

/// Whether the tree is deeper than `limit` (stops looking once it is).
fn depth_over(e: &Expr, limit: usize) -> bool {
    if limit == 0 {
        return true;
    }
    let over = |x: &Expr| depth_over(x, limit - 1);
    match &e.kind {
        ExprKind::Field(b, _) | ExprKind::Lambda(_, b) | ExprKind::Not(b) | ExprKind::Neg(b) => {
            over(b)
        }
        ExprKind::Binary(_, a, b) => over(a) || over(b),
        ExprKind::Call(_, items) | ExprKind::List(items) => items.iter().any(over),
        _ => false,
    }
}

fn parse_unchecked(text: &str, src: usize, map: &dyn OffsetMap) -> Result<Expr, SyntaxError> {
    let mut pairs = RuleParser::parse(Rule::expression, text).map_err(syntax_error)?;
    let root = pairs.next().and_then(|p| p.into_inner().next());
    let builder = Builder { src, map };
    match root {
        Some(pair) => builder.expr(pair),
        None => Err(SyntaxError {
            offset: 0,
            message: "an expression is expected".to_string(),
        }),
    }
}

/// Parse a literal written as in a `.cxp` file (`25%`, `24 months`, `2.0`, `yes`).
pub fn parse_literal(text: &str) -> Result<Expr, SyntaxError> {
    let trimmed = text.trim();
    if let Some(b) = parse_bool(trimmed) {
        return Ok(Expr {
            kind: ExprKind::Name(if b { "yes" } else { "no" }.to_string()),
            pos: Pos {
                src: 0,
                span: 0..trimmed.len(),
            },
        });
    }
    let mut pairs = RuleParser::parse(Rule::literal_only, trimmed).map_err(syntax_error)?;
    let mut inner = pairs
        .next()
        .map(|p| p.into_inner())
        .into_iter()
        .flatten()
        .filter(|p| p.as_rule() != Rule::EOI);
    let builder = Builder {
        src: 0,
        map: &|o: usize| o,
    };
    let first = inner.next().ok_or_else(|| SyntaxError {
        offset: 0,
        message: "a value is expected".to_string(),
    })?;
    if first.as_rule() == Rule::neg {
        let lit = inner.next().ok_or_else(|| SyntaxError {
            offset: 1,
            message: "a value is expected after `-`".to_string(),
        })?;
        let e = builder.expr(lit)?;
        let pos = e.pos.clone();
        return Ok(Expr {
            kind: ExprKind::Neg(Box::new(e)),
            pos,
        });
    }
    builder.expr(first)
}

pub fn parse_bool(text: &str) -> Option<bool> {
    match text {
        "yes" | "true" => Some(true),
        "no" | "false" => Some(false),
        _ => None,
    }
}

fn syntax_error(e: pest::error::Error<Rule>) -> SyntaxError {
    let offset = match e.location {
        pest::error::InputLocation::Pos(p) => p,
        pest::error::InputLocation::Span((s, _)) => s,
    };
    let message = match &e.variant {
        pest::error::ErrorVariant::ParsingError { positives, .. } => {
            let mut words: Vec<&str> = positives.iter().filter_map(|r| describe(*r)).collect();
            words.dedup();
            if words.is_empty() {
                "this expression cannot be read here".to_string()
            } else {
                format!("expected {}", join_or(&words))
            }
        }
        pest::error::ErrorVariant::CustomError { message } => message.clone(),
    };
    SyntaxError { offset, message }
}

fn join_or(words: &[&str]) -> String {
    match words {
        [] => String::new(),
        [one] => one.to_string(),
        [init @ .., last] => format!("{} or {}", init.join(", "), last),
    }
}

fn describe(rule: Rule) -> Option<&'static str> {
    Some(match rule {
        Rule::EOI => "the end of the expression",
        Rule::expr | Rule::lambda | Rule::or_expr | Rule::and_expr | Rule::not_expr => {
            "an expression"
        }
        Rule::cmp_expr | Rule::add_expr | Rule::mul_expr | Rule::unary | Rule::postfix => "a value",
        Rule::name | Rule::call | Rule::rule_param | Rule::code => "a name",
        Rule::field => "an attribute name after `.`",
        Rule::or_op | Rule::and_op => "`and` or `or`",
        Rule::cmp_op | Rule::in_op => "a comparison",
        Rule::add_op | Rule::mul_op => "an operator",
        Rule::list => "a list",
        Rule::string | Rule::string_raw => "a text in quotes",
        Rule::number | Rule::num_text => "a number",
        Rule::percent | Rule::money | Rule::duration | Rule::date | Rule::amount => "a value",
        Rule::currency => "a currency code",
        Rule::unit_word => "a duration unit",
        _ => return None,
    })
}

struct Builder<'m> {
    src: usize,
    map: &'m dyn OffsetMap,
}

impl Builder<'_> {
    fn pos(&self, span: pest::Span<'_>) -> Pos {
        let start = self.map.map(span.start());
        let end = self.map.map(span.end()).max(start);
        Pos {
            src: self.src,
            span: start..end,
        }
    }

    fn err(&self, span: pest::Span<'_>, message: String) -> SyntaxError {
        SyntaxError {
            offset: span.start(),
            message,
        }
    }

    fn expr(&self, pair: Pair<'_, Rule>) -> Result<Expr, SyntaxError> {
        let span = pair.as_span();
        let pos = self.pos(span);
        let rule = pair.as_rule();
        let text = pair.as_str();
        let mut inner = pair.into_inner();
        let kind = match rule {
            Rule::expr | Rule::cmp_expr => {
                let first = self.next(&mut inner, span)?;
                let Some(op) = inner.next() else {
                    return Ok(first);
                };
                let op = cmp_op(op.as_str());
                let right = self.next(&mut inner, span)?;
                ExprKind::Binary(op, Box::new(first), Box::new(right))
            }
            Rule::or_expr | Rule::and_expr | Rule::add_expr | Rule::mul_expr => {
                let mut left = self.next(&mut inner, span)?;
                while let Some(op) = inner.next() {
                    let op = match op.as_str().trim() {
                        "or" => BinOp::Or,
                        "and" => BinOp::And,
                        "+" => BinOp::Add,
                        "-" => BinOp::Sub,
                        "*" => BinOp::Mul,
                        _ => BinOp::Div,
                    };
                    let right = self.next(&mut inner, span)?;
                    let joined = Pos {
                        src: self.src,
                        span: left.pos.span.start..right.pos.span.end,
                    };
                    left = Expr {
                        kind: ExprKind::Binary(op, Box::new(left), Box::new(right)),
                        pos: joined,
                    };
                }
                return Ok(left);
            }
            Rule::not_expr | Rule::unary => {
                let parts: Vec<Pair<'_, Rule>> = inner.collect();
                let Some((last, prefixes)) = parts.split_last() else {
                    return Err(self.err(span, "a value is expected".to_string()));
                };
                let mut e = self.expr(last.clone())?;
                for p in prefixes.iter().rev() {
                    let pos = Pos {
                        src: self.src,
                        span: self.map.map(p.as_span().start())..e.pos.span.end,
                    };
                    e = Expr {
                        kind: if p.as_rule() == Rule::not_op {
                            ExprKind::Not(Box::new(e))
                        } else {
                            ExprKind::Neg(Box::new(e))
                        },
                        pos,
                    };
                }
                return Ok(e);
            }
            Rule::postfix => {
                let mut e = self.next(&mut inner, span)?;
                for f in inner {
                    let end = self.map.map(f.as_span().end());
                    let pos = Pos {
                        src: self.src,
                        span: e.pos.span.start..end,
                    };
                    e = Expr {
                        kind: ExprKind::Field(Box::new(e), f.as_str().to_string()),
                        pos,
                    };
                }
                return Ok(e);
            }
            Rule::lambda => {
                let name = self.text_of(&mut inner, span)?;
                let body = self.next(&mut inner, span)?;
                ExprKind::Lambda(name, Box::new(body))
            }
            Rule::call => {
                let name = self.text_of(&mut inner, span)?;
                let args = inner.map(|a| self.expr(a)).collect::<Result<_, _>>()?;
                ExprKind::Call(name, args)
            }
            Rule::list => ExprKind::List(inner.map(|a| self.expr(a)).collect::<Result<_, _>>()?),
            Rule::rule_param => {
                let code = self.text_of(&mut inner, span)?;
                let name = self.text_of(&mut inner, span)?;
                ExprKind::RuleParam(code, name)
            }
            Rule::name => ExprKind::Name(text.to_string()),
            Rule::number => ExprKind::Num(self.decimal(text, span)?),
            Rule::percent => ExprKind::Pct(self.decimal(text.trim_end_matches('%'), span)?),
            Rule::money => {
                let amount = self.text_of(&mut inner, span)?;
                let currency = self.text_of(&mut inner, span)?;
                let (digits, factor) = match amount.as_bytes().last() {
                    Some(b'k') => (&amount[..amount.len() - 1], 1_000u64),
                    Some(b'M') => (&amount[..amount.len() - 1], 1_000_000),
                    Some(b'B') => (&amount[..amount.len() - 1], 1_000_000_000),
                    _ => (amount.as_str(), 1),
                };
                let value = self
                    .decimal(digits, span)?
                    .checked_mul(Decimal::from(factor))
                    .ok_or_else(|| self.err(span, "this amount is too large".to_string()))?;
                ExprKind::Money(value.normalize(), currency)
            }
            Rule::duration => {
                let amount = self.text_of(&mut inner, span)?;
                let unit = self.text_of(&mut inner, span)?;
                let unit = DurationUnit::parse(&unit)
                    .ok_or_else(|| self.err(span, "unknown duration unit".to_string()))?;
                ExprKind::Dur(Duration {
                    amount: self.decimal(&amount, span)?,
                    unit,
                })
            }
            Rule::date => ExprKind::Date(
                Date::parse(text)
                    .ok_or_else(|| self.err(span, format!("`{text}` is not a real date")))?,
            ),
            Rule::string => ExprKind::Str(unescape(&text[1..text.len() - 1])),
            _ => {
                return Err(self.err(span, "this expression cannot be read here".to_string()));
            }
        };
        Ok(Expr { kind, pos })
    }

    fn next(
        &self,
        inner: &mut pest::iterators::Pairs<'_, Rule>,
        span: pest::Span<'_>,
    ) -> Result<Expr, SyntaxError> {
        match inner.next() {
            Some(p) => self.expr(p),
            None => Err(self.err(span, "a value is expected".to_string())),
        }
    }

    fn text_of(
        &self,
        inner: &mut pest::iterators::Pairs<'_, Rule>,
        span: pest::Span<'_>,
    ) -> Result<String, SyntaxError> {
        inner
            .next()
            .map(|p| p.as_str().to_string())
            .ok_or_else(|| self.err(span, "this expression cannot be read here".to_string()))
    }

    fn decimal(&self, text: &str, span: pest::Span<'_>) -> Result<Decimal, SyntaxError> {
        let clean: String = text.chars().filter(|c| *c != '_').collect();
        Decimal::from_str_exact(&clean)
            .map_err(|_| self.err(span, format!("the number `{text}` is too large")))
    }
}

fn cmp_op(text: &str) -> BinOp {
    match text.trim() {
        "==" => BinOp::Eq,
        "!=" => BinOp::Ne,
        "<=" => BinOp::Le,
        ">=" => BinOp::Ge,
        "<" => BinOp::Lt,
        ">" => BinOp::Gt,
        _ => BinOp::In,
    }
}

fn unescape(body: &str) -> String {
    let mut out = String::with_capacity(body.len());
    let mut chars = body.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n') => out.push('\n'),
            Some('t') => out.push('\t'),
            Some(other) => out.push(other),
            None => {}
        }
    }
    out
}
