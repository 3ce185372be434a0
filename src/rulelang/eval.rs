//! Evaluating checked expressions on a programme. Every step counts against a budget,
//! so evaluation ends even on a programme built to make a rule work hard.

use crate::model::{NodeId, Text};
use crate::rulelang::ast::BinOp;
use crate::rulelang::ir::{Collect, Ir, Lambda, TextOp, Toward, Zero};
use crate::rulelang::val::{days_between, Val};
use crate::schema;
use crate::value::{Decimal, Duration, DurationUnit};

/// The evaluation ran out of steps.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OutOfSteps;

pub type Result<T> = std::result::Result<T, OutOfSteps>;

mod context;
mod lookup;

pub use context::{Context, OrgChart};

pub struct Evaluator<'c, 'p> {
    pub ctx: &'c Context<'p>,
    /// The rule being evaluated (its index in load order), for `Param`.
    pub rule: usize,
    pub self_node: NodeId,
    pub frame: Vec<Val>,
    pub steps_left: u64,
    /// Long lists of blocks met before, indexed (src/rulelang/eval/lookup.rs).
    lookups: lookup::Lookups,
}

impl<'c, 'p> Evaluator<'c, 'p> {
    pub fn new(ctx: &'c Context<'p>, rule: usize, slots: usize, budget: u64) -> Self {
        Evaluator {
            ctx,
            rule,
            self_node: 0,
            frame: vec![Val::Missing; slots],
            steps_left: budget,
            lookups: lookup::Lookups::default(),
        }
    }

    fn step(&mut self) -> Result<()> {
        self.charge(1)
    }

    /// Count `n` steps (building a list of `n` items costs `n`).
    fn charge(&mut self, n: usize) -> Result<()> {
        let n = n as u64;
        if self.steps_left < n {
            self.steps_left = 0;
            return Err(OutOfSteps);
        }
        self.steps_left -= n;
        Ok(())
    }

    pub fn eval(&mut self, ir: &Ir) -> Result<Val> {
        self.step()?;
        let p = self.ctx.programme;
        Ok(match ir {
            Ir::Lit(v) => v.clone(),
            Ir::Slot(s) => self.frame.get(*s).cloned().unwrap_or(Val::Missing),
            Ir::SelfNode => Val::Block(self.self_node),
            Ir::Programme => Val::Block(0),
            Ir::Param(i) => self.param(self.rule, *i),
            Ir::OtherParam(r, i) => self.param(*r, *i),
            Ir::Scorecard => {
                self.charge(self.ctx.scorecard.len())?;
                Val::list((0..self.ctx.scorecard.len()).map(Val::Score).collect())
            }
            Ir::Attr(base, key, is_list) => match self.eval(base)? {
                Val::Block(id) => match p.nodes.get(id).and_then(|n| n.attr(key)) {
                    Some(a) => {
                        if let crate::model::TypedValue::List(items) = &a.value {
                            self.charge(items.len())?;
                        }
                        let v = Val::from_model(&a.value);
                        match v {
                            Val::List(_) | Val::None => v,
                            other if *is_list => Val::list(vec![other]),
                            other => other,
                        }
                    }
                    None => Val::Missing,
                },
                _ => Val::Missing,
            },
            Ir::Children(base, kind, single) => match self.eval(base)? {
                Val::Block(id) => {
                    let list = self.ctx.children(id, kind);
                    if *single {
                        list.items().first().cloned().unwrap_or(Val::Missing)
                    } else {
                        list
                    }
                }
                _ => Val::Missing,
            },
            Ir::Label(base) => match self.eval(base)? {
                Val::Block(id) => match p.nodes.get(id).and_then(|n| n.label.clone()) {
                    Some(l) => Val::Str(l),
                    None => Val::Missing,
                },
                _ => Val::Missing,
            },
            Ir::Class(base) => match self.eval(base)? {
                Val::Word(w) => match schema::metric_class(&w) {
                    Some(c) => Val::Word(c.into()),
                    None => Val::Missing,
                },
                _ => Val::Missing,
            },
            Ir::ScoreTitle(base) => match self.eval(base)? {
                Val::Score(i) => Val::Str(
                    self.ctx
                        .titles
                        .get(i)
                        .map_or_else(Text::default, |t| t.into()),
                ),
                _ => Val::Missing,
            },
            Ir::ScoreNumber(base) => match self.eval(base)? {
                Val::Score(i) => Val::Num(Decimal::from(i as u64 + 1)),
                _ => Val::Missing,
            },
            Ir::ScoreMade(base) => match self.eval(base)? {
                Val::Score(i) => Val::Bool(self.made(i)?),
                _ => Val::Missing,
            },
            Ir::Not(x) => Val::Bool(!self.eval(x)?.truthy()),
            Ir::Neg(x) => match self.eval(x)? {
                Val::Num(n) => Val::Num(-n),
                Val::Pct(n) => Val::Pct(-n),
                Val::Money(a, c) => Val::Money(-a, c),
                Val::Dur(d) => Val::Dur(Duration {
                    amount: -d.amount,
                    unit: d.unit,
                }),
                _ => Val::Missing,
            },
            Ir::And(a, b) => Val::Bool(self.eval(a)?.truthy() && self.eval(b)?.truthy()),
            Ir::Or(a, b) => Val::Bool(self.eval(a)?.truthy() || self.eval(b)?.truthy()),
            Ir::Cmp(op, a, b) => Val::Bool(self.pair(a, b, |a, b| compare(*op, a, b))?),
            // A list written in the rule (`s in ["tbd", "n/a"]`) holds no blocks: the
            // value is compared with its items where they are written.
            Ir::In(x, list) if matches!(list.as_ref(), Ir::Lit(_)) => {
                Val::Bool(self.pair(x, list, |x, list| {
                    list.items().iter().any(|i| x.equals(i) == Some(true))
                })?)
            }
            Ir::In(x, list) => {
                let x = self.eval(x)?;
                let list = self.eval(list)?;
                Val::Bool(self.member(&x, &list))
            }
            Ir::Flatten(lists) => {
                let lists = self.eval(lists)?;
                let mut out = Vec::new();
                for inner in lists.items() {
                    match inner {
                        Val::List(items) => {
                            self.charge(items.len())?;
                            out.extend(items.iter().cloned());
                        }
                        Val::Missing | Val::None => {}
                        other => out.push(other.clone()),
                    }
                }
                Val::list(out)
            }
            Ir::Arith(op, a, b) => {
                let (a, b) = (self.eval(a)?, self.eval(b)?);
                arith(*op, &a, &b)
            }
            Ir::List(items) => {
                let mut out = Vec::with_capacity(items.len());
                for i in items {
                    out.push(self.eval(i)?);
                }
                Val::list(out)
            }
            Ir::Collect(kind, list, f) => {
                let list = self.eval(list)?;
                match (kind, f) {
                    (Collect::Filter, Some(f)) => match self.filter_by_key(&list, f)? {
                        Some(found) => found,
                        None => self.collect(*kind, list.items(), Some(f))?,
                    },
                    _ => self.collect(*kind, list.items(), f.as_ref())?,
                }
            }
            Ir::Present(x) => Val::Bool(self.read(x, |x| *x != Val::Missing)?),
            Ir::Missing(x) => Val::Bool(self.read(x, |x| *x == Val::Missing)?),
            Ir::Empty(x) => Val::Bool(self.read(x, Val::is_empty)?),
            Ir::Join(list, sep) => {
                let list = self.eval(list)?;
                self.charge(list.items().len())?;
                let sep = match self.eval(sep)? {
                    Val::Str(s) => s,
                    _ => ", ".into(),
                };
                Val::Str(
                    list.items()
                        .iter()
                        .map(|v| v.show(p, self.ctx.titles))
                        .collect::<Vec<_>>()
                        .join(&sep)
                        .into(),
                )
            }
            Ir::Days(x) => match self.eval(x)? {
                Val::Dur(d) => Val::Num(d.days()),
                _ => Val::Missing,
            },
            Ir::Text(op, x) => match self.eval(x)? {
                Val::Str(s) => {
                    self.charge(s.len() / 64)?;
                    Val::Str(match op {
                        TextOp::Lower if s.is_ascii() => {
                            let mut s = s;
                            s.make_ascii_lowercase();
                            s
                        }
                        TextOp::Lower => s.as_str().to_lowercase().into(),
                        TextOp::Trim if s.trim().len() == s.len() => s,
                        TextOp::Trim => s.trim().into(),
                    })
                }
                _ => Val::Missing,
            },
            Ir::StartsWith(text, prefix) => self.pair(text, prefix, |t, p| match (t, p) {
                (Val::Str(t), Val::Str(p)) => Val::Bool(t.starts_with(p.as_str())),
                _ => Val::Missing,
            })?,
            Ir::Let(slot, value, body) => {
                let v = self.eval(value)?;
                if let Some(s) = self.frame.get_mut(*slot) {
                    *s = v;
                }
                self.eval(body)?
            }
            Ir::Chart(toward, unit) => match self.eval(unit)? {
                Val::Block(id) => self.chart(*toward, id)?,
                _ => Val::list(Vec::new()),
            },
        })
    }

    /// `f` of the value of `ir`: read where it is held when `ir` is a literal or a
    /// slot, not copied. Counts the steps [`Evaluator::eval`] would.
    fn read<R>(&mut self, ir: &Ir, f: impl FnOnce(&Val) -> R) -> Result<R> {
        match ir {
            Ir::Lit(v) => {
                self.step()?;
                Ok(f(v))
            }
            Ir::Slot(s) => {
                self.step()?;
                Ok(f(self.frame.get(*s).unwrap_or(&Val::Missing)))
            }
            _ => Ok(f(&self.eval(ir)?)),
        }
    }

    /// `f` of the values of `a` and then `b`, each read where it is held when it is a
    /// literal or a slot ([`Evaluator::read`]).
    fn pair<R>(&mut self, a: &Ir, b: &Ir, f: impl FnOnce(&Val, &Val) -> R) -> Result<R> {
        match b {
            // Nothing is computed for `b`: `a`'s value is read as it is.
            Ir::Lit(bv) => {
                let r = self.read(a, |av| f(av, bv))?;
                self.step()?;
                Ok(r)
            }
            Ir::Slot(_) => {
                let a = match a {
                    Ir::Lit(av) => {
                        self.step()?;
                        std::borrow::Cow::Borrowed(av)
                    }
                    _ => std::borrow::Cow::Owned(self.eval(a)?),
                };
                self.read(b, |bv| f(&a, bv))
            }
            _ => {
                let a = self.eval(a)?;
                self.read(b, |bv| f(&a, bv))
            }
        }
    }

    /// The units above `unit` (nearest first) or below it (depth first, in source
    /// order), from the org chart indexed once per programme; each unit costs a step.
    fn chart(&mut self, toward: Toward, unit: NodeId) -> Result<Val> {
        let chart = self.ctx.chart();
        let mut out = Vec::new();
        match toward {
            Toward::Above => {
                let mut at = chart.parent.get(&unit).copied();
                while let Some(u) = at {
                    // The model has no cycles (E007); never loop longer than the chart.
                    if out.len() > chart.parent.len() {
                        break;
                    }
                    self.step()?;
                    out.push(Val::Block(u));
                    at = chart.parent.get(&u).copied();
                }
            }
            Toward::Below => {
                let mut stack: Vec<NodeId> = chart.kids(unit).iter().rev().copied().collect();
                while let Some(u) = stack.pop() {
                    if out.len() > chart.parent.len() {
                        break;
                    }
                    self.step()?;
                    out.push(Val::Block(u));
                    stack.extend(chart.kids(u).iter().rev().copied());
                }
            }
        }
        Ok(Val::list(out))
    }

    fn param(&self, rule: usize, index: usize) -> Val {
        self.ctx
            .params
            .get(rule)
            .and_then(|ps| ps.get(index))
            .cloned()
            .unwrap_or(Val::Missing)
    }

    /// Whether scorecard entry `i` is made (evaluated in its own frame).
    pub fn made(&mut self, i: usize) -> Result<bool> {
        let Some(entry) = self.ctx.scorecard.get(i) else {
            return Ok(false);
        };
        if let Some(known) = self.ctx.made.get(i).and_then(|m| m.get()) {
            return Ok(known);
        }
        let saved = std::mem::replace(&mut self.frame, vec![Val::Missing; entry.slots]);
        let result = self
            .lifted(&entry.lifted)
            .and_then(|()| self.eval(&entry.ir));
        self.frame = saved;
        let made = result?.truthy();
        if let Some(m) = self.ctx.made.get(i) {
            m.set(Some(made));
        }
        Ok(made)
    }

    /// Compute parts lifted out of an expression into their slots, in order.
    pub fn lifted(&mut self, lifted: &[(usize, Ir)]) -> Result<()> {
        for (slot, ir) in lifted {
            let v = self.eval(ir)?;
            if let Some(s) = self.frame.get_mut(*slot) {
                *s = v;
            }
        }
        Ok(())
    }

    fn apply(&mut self, f: &Lambda, item: &Val) -> Result<Val> {
        if let Some(slot) = self.frame.get_mut(f.slot) {
            *slot = item.clone();
        }
        self.eval(&f.body)
    }

    fn collect(&mut self, kind: Collect, items: &[Val], f: Option<&Lambda>) -> Result<Val> {
        match kind {
            Collect::Count | Collect::Any | Collect::All | Collect::Filter => {
                self.test_each(kind, items, f)
            }
            Collect::Map | Collect::Sum(_) | Collect::Min | Collect::Max => {
                self.fold(kind, items, f)
            }
        }
    }

    /// `map`, `sum`, `min` and `max`: every item's result kept, then combined.
    fn fold(&mut self, kind: Collect, items: &[Val], f: Option<&Lambda>) -> Result<Val> {
        let mut mapped = Vec::with_capacity(items.len());
        for item in items {
            self.step()?;
            mapped.push(match f {
                Some(f) => self.apply(f, item)?,
                None => item.clone(),
            });
        }
        Ok(match kind {
            Collect::Map => Val::list(mapped),
            Collect::Sum(zero) => {
                let mut total = match zero {
                    Zero::Num | Zero::Unknown => Val::Num(Decimal::ZERO),
                    Zero::Pct => Val::Pct(Decimal::ZERO),
                    Zero::Money => Val::Money(Decimal::ZERO, self.ctx.currency.as_str().into()),
                    Zero::Dur => Val::Dur(Duration {
                        amount: Decimal::ZERO,
                        unit: DurationUnit::Day,
                    }),
                };
                let mut first = true;
                for v in mapped
                    .iter()
                    .filter(|v| !matches!(v, Val::Missing | Val::None))
                {
                    total = if first {
                        v.clone()
                    } else {
                        arith(BinOp::Add, &total, v)
                    };
                    first = false;
                }
                total
            }
            // `min` and `max`.
            _ => {
                let mut best: Option<Val> = None;
                for v in mapped {
                    if matches!(v, Val::Missing | Val::None) {
                        continue;
                    }
                    best = match best {
                        None => Some(v),
                        Some(b) => {
                            let better = match v.order(&b) {
                                Some(o) if kind == Collect::Min => o.is_lt(),
                                Some(o) => o.is_gt(),
                                None => false,
                            };
                            Some(if better { v } else { b })
                        }
                    };
                }
                best.unwrap_or(Val::Missing)
            }
        })
    }

    /// `count`, `any`, `all` and `filter`: each item tested (a step each, every item, as
    /// for the other collections), keeping only what the answer needs, not every result.
    fn test_each(&mut self, kind: Collect, items: &[Val], f: Option<&Lambda>) -> Result<Val> {
        let mut passed = 0usize;
        let mut kept = Vec::new();
        for item in items {
            self.step()?;
            let pass = match f {
                Some(f) => self.apply(f, item)?.truthy(),
                None => item.truthy(),
            };
            if pass {
                passed += 1;
                if kind == Collect::Filter {
                    kept.push(item.clone());
                }
            }
        }
        Ok(match kind {
            Collect::Count if f.is_some() => Val::Num(Decimal::from(passed as u64)),
            Collect::Count => Val::Num(Decimal::from(items.len() as u64)),
            Collect::Any => Val::Bool(passed > 0),
            Collect::All => Val::Bool(passed == items.len()),
            // `filter`.
            _ => Val::list(kept),
        })
    }
}

/// `==`, `!=` and the orderings; anything involving missing is false.
pub fn compare(op: BinOp, a: &Val, b: &Val) -> bool {
    match op {
        BinOp::Eq => a.equals(b) == Some(true),
        BinOp::Ne => a.equals(b) == Some(false),
        _ => match a.order(b) {
            Some(o) => match op {
                BinOp::Lt => o.is_lt(),
                BinOp::Le => o.is_le(),
                BinOp::Gt => o.is_gt(),
                _ => o.is_ge(),
            },
            None => false,
        },
    }
}

/// Arithmetic on values; missing (or an overflow, or a division by zero) gives missing.
pub fn arith(op: BinOp, a: &Val, b: &Val) -> Val {
    use Val::*;
    let dur = |amount: Option<Decimal>, unit: DurationUnit| match amount {
        Some(amount) => Dur(Duration { amount, unit }),
        Option::None => Missing,
    };
    let wrap = |r: Option<Decimal>, f: &dyn Fn(Decimal) -> Val| r.map(f).unwrap_or(Missing);
    let hundred = Decimal::from(100);
    match (op, a, b) {
        (BinOp::Add, Num(x), Num(y)) => wrap(x.checked_add(*y), &Num),
        (BinOp::Sub, Num(x), Num(y)) => wrap(x.checked_sub(*y), &Num),
        (BinOp::Add, Pct(x), Pct(y)) => wrap(x.checked_add(*y), &Pct),
        (BinOp::Sub, Pct(x), Pct(y)) => wrap(x.checked_sub(*y), &Pct),
        (BinOp::Add, Money(x, c), Money(y, d)) if c == d => {
            wrap(x.checked_add(*y), &|v| Money(v, c.clone()))
        }
        (BinOp::Sub, Money(x, c), Money(y, d)) if c == d => {
            wrap(x.checked_sub(*y), &|v| Money(v, c.clone()))
        }
        (BinOp::Add | BinOp::Sub, Dur(x), Dur(y)) => {
            let sub = op == BinOp::Sub;
            if x.unit == y.unit {
                let r = if sub {
                    x.amount.checked_sub(y.amount)
                } else {
                    x.amount.checked_add(y.amount)
                };
                dur(r, x.unit)
            } else {
                let r = if sub {
                    x.days().checked_sub(y.days())
                } else {
                    x.days().checked_add(y.days())
                };
                dur(r, DurationUnit::Day)
            }
        }
        (BinOp::Sub, Date(x), Date(y)) => Dur(days_between(x, y)),
        (BinOp::Mul, Num(x), Num(y)) => wrap(x.checked_mul(*y), &Num),
        (BinOp::Mul, Money(x, c), Num(y)) | (BinOp::Mul, Num(y), Money(x, c)) => {
            wrap(x.checked_mul(*y), &|v| Money(v, c.clone()))
        }
        (BinOp::Mul, Pct(x), Num(y)) | (BinOp::Mul, Num(y), Pct(x)) => {
            wrap(x.checked_mul(*y), &Pct)
        }
        (BinOp::Mul, Dur(x), Num(y)) | (BinOp::Mul, Num(y), Dur(x)) => {
            dur(x.amount.checked_mul(*y), x.unit)
        }
        (BinOp::Mul, Pct(p), Money(x, c)) | (BinOp::Mul, Money(x, c), Pct(p)) => wrap(
            x.checked_mul(*p).and_then(|v| v.checked_div(hundred)),
            &|v| Money(v, c.clone()),
        ),
        (BinOp::Div, Num(x), Num(y)) | (BinOp::Div, Pct(x), Pct(y)) => {
            wrap(x.checked_div(*y), &Num)
        }
        (BinOp::Div, Money(x, c), Money(y, d)) if c == d => wrap(x.checked_div(*y), &Num),
        (BinOp::Div, Money(x, c), Num(y)) => wrap(x.checked_div(*y), &|v| Money(v, c.clone())),
        (BinOp::Div, Pct(x), Num(y)) => wrap(x.checked_div(*y), &Pct),
        (BinOp::Div, Dur(x), Dur(y)) => wrap(x.days().checked_div(y.days()), &Num),
        (BinOp::Div, Dur(x), Num(y)) => dur(x.amount.checked_div(*y), x.unit),
        _ => Missing,
    }
}

#[cfg(test)]
mod tests;
