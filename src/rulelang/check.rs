//! Type-checking rule expressions against the schema, producing [`Ir`].
//! Every problem becomes a diagnostic pointing at the expression in its file; checking
//! goes on after an error so that a file's problems are all reported at once.
//!
//! Over 600 lines on purpose: the checker is one recursive walk over the expression
//! grammar (names, operators, calls, definitions); its parts call each other and share the
//! scope, so it stays in one file.

use crate::Map;
use std::sync::Arc;

use crate::diagnostic::Diagnostic;
use crate::rulelang::ast::{BinOp, Expr, ExprKind, Pos};
use crate::rulelang::ir::{Collect, Ir, Lambda, TextOp, Toward, Zero};
use crate::rulelang::suggest::did_you_mean;
use crate::rulelang::types::Ty;
use crate::rulelang::val::Val;
use crate::schema::{self, METRIC_CLASS, METRIC_TYPE};
use crate::source::SourceFile;

/// A named expression from a `definitions.yaml` file.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct Definition {
    pub name: String,
    pub params: Vec<String>,
    /// `None` when the body could not be parsed (already reported).
    pub body: Option<Expr>,
    pub pos: Pos,
}

/// Another rule's parameter, for `FM06.min_customer_weight`.
pub struct ParamInfo {
    pub rule: usize,
    pub index: usize,
    pub ty: Ty,
}

/// Everything names can resolve to outside the expression itself.
pub struct Globals<'a> {
    pub sources: &'a [Arc<SourceFile>],
    pub definitions: &'a Map<String, Definition>,
    /// Looks up `CODE.param`: the parameter, or a message saying what is wrong.
    pub other_param: &'a dyn Fn(&str, &str) -> Result<ParamInfo, String>,
    /// Number of scorecard entries (0 while the scorecard itself is being checked).
    pub scorecard: bool,
}

/// The built-in functions of the rule language (a definition may not take their names).
pub const FUNCTIONS: &[&str] = &[
    "count",
    "any",
    "all",
    "filter",
    "map",
    "sum",
    "min",
    "max",
    "present",
    "missing",
    "empty",
    "join",
    "flatten",
    "days",
    "lower",
    "trim",
    "starts_with",
    "above",
    "below",
];
/// Names an expression gives a meaning of their own (no definition or parameter may
/// take them).
pub const RESERVED: &[&str] = &[
    "self",
    "programme",
    "scorecard",
    "yes",
    "no",
    "true",
    "false",
    "none",
];

#[derive(Clone)]
enum Binding {
    Slot(usize, Ty),
    /// A definition's argument that is a bare word: typed where the body uses it.
    Word(String, Pos),
    /// A definition's argument, checked in the caller's scope.
    Arg(Ir, Ty),
}

pub struct Checker<'a> {
    globals: &'a Globals<'a>,
    /// This rule's parameters (name, type); empty in definitions.
    params: &'a [(String, Ty)],
    /// The kind `self` is, or `None` where `self` is not allowed.
    self_kind: Option<&'static str>,
    scope: Vec<(String, Binding)>,
    /// Definitions being expanded (to refuse self-reference).
    expanding: Vec<String>,
    slots: usize,
    /// Definition expansions left (a chain of definitions each using the next twice
    /// would otherwise grow without bound).
    expansions_left: usize,
    pub errors: Vec<Diagnostic>,
}

/// Expansions of definitions one check may need.
const MAX_EXPANSIONS: usize = 5_000;

type Typed = Option<(Ir, Ty)>;

impl<'a> Checker<'a> {
    pub fn new(
        globals: &'a Globals<'a>,
        params: &'a [(String, Ty)],
        self_kind: Option<&'static str>,
    ) -> Checker<'a> {
        Checker {
            globals,
            params,
            self_kind,
            scope: Vec::new(),
            expanding: Vec::new(),
            slots: 0,
            expansions_left: MAX_EXPANSIONS,
            errors: Vec::new(),
        }
    }

    pub fn slots(&self) -> usize {
        self.slots
    }

    /// Bind a `let` name to a new slot; later expressions see it.
    pub fn bind_let(&mut self, name: &str, ty: Ty) -> usize {
        let slot = self.new_slot();
        self.scope.push((name.to_string(), Binding::Slot(slot, ty)));
        slot
    }

    fn new_slot(&mut self) -> usize {
        self.slots += 1;
        self.slots - 1
    }

    pub fn error(&mut self, pos: &Pos, message: impl Into<String>, help: Option<String>) {
        let Some(file) = self.globals.sources.get(pos.src) else {
            return;
        };
        let mut d = Diagnostic::input(
            crate::codes::InputCode::Rule,
            file,
            pos.span.clone(),
            message,
        );
        if let Some(h) = help {
            d = d.with_help(h);
        }
        let duplicate = self
            .errors
            .iter()
            .any(|e| e.span == d.span && e.message == d.message && Arc::ptr_eq(&e.file, &d.file));
        if !duplicate {
            self.errors.push(d);
        }
    }

    /// Check an expression that must be a yes/no value.
    pub fn condition(&mut self, e: &Expr) -> Option<Ir> {
        let (ir, ty) = self.expr(e, Some(&Ty::Bool))?;
        if !matches!(ty, Ty::Bool | Ty::Any) {
            self.error(
                &e.pos,
                format!(
                    "a condition must be yes or no, but this is {}",
                    ty.describe()
                ),
                None,
            );
            return None;
        }
        Some(ir)
    }

    /// Check an `at:` expression: a block, or an attribute of a block.
    pub fn location(&mut self, e: &Expr) -> Option<Ir> {
        let (ir, ty) = self.expr(e, None)?;
        // What a definition's body gives, its arguments computed first.
        let mut last = &ir;
        while let Ir::Let(_, _, body) = last {
            last = body;
        }
        match (last, &ty) {
            (Ir::Attr(..), _) | (_, Ty::Block(_)) => Some(ir),
            _ => {
                self.error(
                    &e.pos,
                    format!(
                        "`at` must name a block or one of its attributes, but this is {}",
                        ty.describe()
                    ),
                    None,
                );
                None
            }
        }
    }

    /// Check any expression.
    pub fn value(&mut self, e: &Expr) -> Typed {
        self.expr(e, None)
    }

    fn expr(&mut self, e: &Expr, expected: Option<&Ty>) -> Typed {
        let lit = |v: Val, t: Ty| Some((Ir::Lit(v), t));
        match &e.kind {
            ExprKind::Num(n) => lit(Val::Num(*n), Ty::Num),
            ExprKind::Pct(n) => lit(Val::Pct(*n), Ty::Pct),
            ExprKind::Money(a, c) => lit(Val::Money(*a, c.as_str().into()), Ty::Money),
            ExprKind::Dur(d) => lit(Val::Dur(*d), Ty::Dur),
            ExprKind::Date(d) => lit(Val::Date(*d), Ty::Date),
            ExprKind::Str(s) => lit(Val::Str(s.as_str().into()), Ty::Str),
            ExprKind::Name(n) => self.name(n, &e.pos, expected),
            ExprKind::RuleParam(code, name) => match (self.globals.other_param)(code, name) {
                Ok(p) => Some((Ir::OtherParam(p.rule, p.index), p.ty)),
                Err(message) => {
                    self.error(&e.pos, message, None);
                    None
                }
            },
            ExprKind::Field(base, name) => self.field(e, base, name),
            ExprKind::Call(name, args) => self.call(e, name, args),
            ExprKind::Lambda(..) => {
                self.error(
                    &e.pos,
                    "a function `x => …` can only be given to count, any, all, filter, map, sum, min or max",
                    None,
                );
                None
            }
            ExprKind::List(items) => self.list(items, expected),
            ExprKind::Not(inner) => {
                let ir = self.condition(inner)?;
                Some((Ir::Not(Box::new(ir)), Ty::Bool))
            }
            ExprKind::Neg(inner) => {
                let (ir, ty) = self.expr(inner, None)?;
                if !matches!(ty, Ty::Num | Ty::Pct | Ty::Money | Ty::Dur | Ty::Any) {
                    self.error(
                        &e.pos,
                        format!(
                            "`-` needs a number, percentage, amount or duration, not {}",
                            ty.describe()
                        ),
                        None,
                    );
                    return None;
                }
                Some((Ir::Neg(Box::new(ir)), ty))
            }
            ExprKind::Binary(op, l, r) => self.binary(e, *op, l, r),
        }
    }

    fn lookup(&self, name: &str) -> Option<Binding> {
        self.scope
            .iter()
            .rev()
            .find(|(n, _)| n == name)
            .map(|(_, b)| b.clone())
    }

    /// Whether `e` is a bare word (a name that resolves to nothing): its type comes from
    /// what it is compared with.
    fn is_word(&self, e: &Expr) -> bool {
        match &e.kind {
            ExprKind::Name(n) => {
                if RESERVED.contains(&n.as_str()) {
                    return false;
                }
                match self.lookup(n) {
                    Some(Binding::Word(..)) => true,
                    Some(_) => false,
                    None => {
                        !self.params.iter().any(|(p, _)| p == n)
                            && !self.globals.definitions.contains_key(n)
                    }
                }
            }
            ExprKind::List(items) => !items.is_empty() && items.iter().all(|i| self.is_word(i)),
            _ => false,
        }
    }

    fn name(&mut self, n: &str, pos: &Pos, expected: Option<&Ty>) -> Typed {
        // A word of the expected enum wins over a name whose type cannot be compared
        // with it (`s.purpose == acquisition` inside a `let` called `acquisition`).
        let word_fits = matches!(expected, Some(Ty::Word(Some(def))) if def.values.contains(&n));
        match n {
            "self" => {
                return match self.self_kind {
                    Some(kind) => Some((Ir::SelfNode, Ty::Block(kind))),
                    None => {
                        self.error(
                            pos,
                            "`self` cannot be used in a definition; give the block as a parameter",
                            None,
                        );
                        None
                    }
                };
            }
            "programme" => return Some((Ir::Programme, Ty::Block("programme"))),
            "scorecard" => {
                if !self.globals.scorecard {
                    self.error(pos, "the scorecard cannot refer to itself", None);
                    return None;
                }
                return Some((Ir::Scorecard, Ty::List(Box::new(Ty::Score))));
            }
            "yes" | "true" => return Some((Ir::Lit(Val::Bool(true)), Ty::Bool)),
            "no" | "false" => return Some((Ir::Lit(Val::Bool(false)), Ty::Bool)),
            "none" => return Some((Ir::Lit(Val::None), Ty::None)),
            _ => {}
        }
        if let Some(b) = self.lookup(n) {
            match b {
                Binding::Word(w, wpos) => return self.word(&w, &wpos, expected),
                Binding::Arg(ir, ty) => return Some((ir, ty)),
                Binding::Slot(slot, ty) => {
                    if !word_fits || ty.compatible(expected.unwrap_or(&Ty::Any)) {
                        return Some((Ir::Slot(slot), ty));
                    }
                }
            }
        }
        if let Some(i) = self.params.iter().position(|(p, _)| p == n) {
            let ty = self.params[i].1.clone();
            if !word_fits || ty.compatible(expected.unwrap_or(&Ty::Any)) {
                return Some((Ir::Param(i), ty));
            }
        }
        if let Some(def) = self.globals.definitions.get(n) {
            if !word_fits {
                let def = def.clone();
                return self.expand(&def, &[], pos);
            }
        }
        self.word(n, pos, expected)
    }

    fn word(&mut self, w: &str, pos: &Pos, expected: Option<&Ty>) -> Typed {
        match expected {
            Some(Ty::Word(Some(def))) => {
                if def.values.contains(&w) {
                    Some((Ir::Lit(Val::Word(w.into())), Ty::Word(Some(def))))
                } else {
                    let help = did_you_mean(w, def.values.iter().copied())
                        .map(|s| format!("did you mean `{s}`?"))
                        .or_else(|| {
                            Some(format!(
                                "the {} words are: {}",
                                def.name,
                                def.values.join(", ")
                            ))
                        });
                    self.error(
                        pos,
                        format!("`{w}` is not {}", Ty::Word(Some(def)).describe()),
                        help,
                    );
                    None
                }
            }
            Some(Ty::Word(None)) | Some(Ty::Any) => {
                Some((Ir::Lit(Val::Word(w.into())), Ty::Word(None)))
            }
            _ => {
                let mut candidates: Vec<String> =
                    self.scope.iter().map(|(n, _)| n.clone()).collect();
                candidates.extend(self.params.iter().map(|(n, _)| n.clone()));
                candidates.extend(self.globals.definitions.keys().cloned());
                candidates.extend(RESERVED.iter().map(|s| s.to_string()));
                let help = did_you_mean(w, candidates.iter().map(|s| s.as_str()))
                    .map(|s| format!("did you mean `{s}`?"));
                self.error(
                    pos,
                    format!("unknown name `{w}`: not a parameter, `let` or definition, and not compared with anything that makes it a word"),
                    help,
                );
                None
            }
        }
    }

    fn field(&mut self, e: &Expr, base: &Expr, name: &str) -> Typed {
        let (ir, ty) = self.expr(base, None)?;
        let b = Box::new(ir);
        match &ty {
            Ty::Block(kind) => {
                if name == "label" {
                    return Some((Ir::Label(b), Ty::Str));
                }
                let block = schema::block(kind)?;
                if let Some(attr) = block.attr(name) {
                    let t = Ty::of_schema(&attr.ty);
                    let is_list = t.is_list();
                    return Some((Ir::Attr(b, attr.key, is_list), t));
                }
                if let Some(child) = block.children.iter().find(|c| **c == name) {
                    let single = schema::block(child).and_then(|s| s.max) == Some(1);
                    let t = if single {
                        Ty::Block(child)
                    } else {
                        Ty::List(Box::new(Ty::Block(child)))
                    };
                    return Some((Ir::Children(b, child, single), t));
                }
                let mut names: Vec<&str> = block.attrs.iter().map(|a| a.key).collect();
                names.extend(block.children.iter().copied());
                names.push("label");
                let help = did_you_mean(name, names.iter().copied())
                    .map(|s| format!("did you mean `{s}`?"))
                    .or_else(|| {
                        Some(format!(
                            "{} {} has: {}",
                            schema::article(kind),
                            schema::kind_words(kind),
                            names.join(", ")
                        ))
                    });
                let what = if schema::block(name).is_some() {
                    format!(
                        "{} {} holds no {} blocks",
                        schema::article(kind),
                        schema::kind_words(kind),
                        schema::kind_words(name)
                    )
                } else {
                    format!(
                        "{} {} has no attribute `{name}`",
                        schema::article(kind),
                        schema::kind_words(kind)
                    )
                };
                self.error(&e.pos, what, help);
                None
            }
            Ty::Word(Some(def)) if def.name == METRIC_TYPE.name && name == "class" => {
                Some((Ir::Class(b), Ty::Word(Some(&METRIC_CLASS))))
            }
            Ty::Score => match name {
                "title" => Some((Ir::ScoreTitle(b), Ty::Str)),
                "number" => Some((Ir::ScoreNumber(b), Ty::Num)),
                "made" => Some((Ir::ScoreMade(b), Ty::Bool)),
                _ => {
                    let help = did_you_mean(name, ["title", "number", "made"].into_iter())
                        .map(|s| format!("did you mean `{s}`?"));
                    self.error(
                        &e.pos,
                        format!("a scorecard entry has no `{name}` (it has title, number, made)"),
                        help,
                    );
                    None
                }
            },
            Ty::List(_) => {
                self.error(
                    &e.pos,
                    format!(
                        "`.{name}` on {}: use any, all, map or filter to look at its items",
                        ty.describe()
                    ),
                    None,
                );
                None
            }
            Ty::Any => Some((Ir::Lit(Val::Missing), Ty::Any)),
            other => {
                let help = (matches!(other, Ty::Word(Some(def)) if def.name == METRIC_TYPE.name))
                    .then(|| "a metric type has `.class`".to_string());
                self.error(
                    &e.pos,
                    format!("{} has no `.{name}`", other.describe()),
                    help,
                );
                None
            }
        }
    }

    fn list(&mut self, items: &[Expr], expected: Option<&Ty>) -> Typed {
        let mut elem = match expected {
            Some(Ty::List(t)) => (**t).clone(),
            _ => Ty::Any,
        };
        let mut irs = Vec::new();
        let mut ok = true;
        // Items that are not bare words first, so words get their type from them.
        let mut order: Vec<usize> = (0..items.len())
            .filter(|i| !self.is_word(&items[*i]))
            .collect();
        order.extend((0..items.len()).filter(|i| self.is_word(&items[*i])));
        let mut compiled: Vec<Option<Ir>> = vec![None; items.len()];
        for i in order {
            let item = &items[i];
            let exp = if matches!(elem, Ty::Any) {
                None
            } else {
                Some(&elem)
            };
            let exp = exp.cloned();
            match self.expr(item, exp.as_ref()) {
                Some((ir, t)) => {
                    if !elem.compatible(&t) {
                        self.error(
                            &item.pos,
                            format!(
                                "a list's items must be of one type: this is {}, the others {}",
                                t.describe(),
                                elem.describe()
                            ),
                            None,
                        );
                        ok = false;
                    } else {
                        elem = elem.unify(&t);
                    }
                    compiled[i] = Some(ir);
                }
                None => ok = false,
            }
        }
        if !ok {
            return None;
        }
        irs.extend(compiled.into_iter().flatten());
        // A list of literals (`["tbd", "tba"]`) is the same list at every evaluation:
        // built once, here, and shared.
        let values: Vec<Val> = irs
            .iter()
            .filter_map(|i| match i {
                Ir::Lit(v) => Some(v.clone()),
                _ => None,
            })
            .collect();
        let ir = if values.len() == irs.len() {
            Ir::Lit(Val::list(values))
        } else {
            Ir::List(irs)
        };
        Some((ir, Ty::List(Box::new(elem))))
    }

    fn binary(&mut self, e: &Expr, op: BinOp, l: &Expr, r: &Expr) -> Typed {
        match op {
            BinOp::And | BinOp::Or => {
                let a = self.condition(l);
                let b = self.condition(r);
                let (a, b) = (Box::new(a?), Box::new(b?));
                Some((
                    if op == BinOp::And {
                        Ir::And(a, b)
                    } else {
                        Ir::Or(a, b)
                    },
                    Ty::Bool,
                ))
            }
            BinOp::In => {
                let (x, list) = if self.is_word(l) && !self.is_word(r) {
                    let (rl, rt) = self.expr(r, None)?;
                    let elem = match &rt {
                        Ty::List(t) => (**t).clone(),
                        _ => Ty::Any,
                    };
                    let (li, lt) = self.expr(l, Some(&elem))?;
                    ((li, lt), (rl, rt))
                } else {
                    let (li, lt) = self.expr(l, None)?;
                    let (rl, rt) = self.expr(r, Some(&Ty::List(Box::new(lt.clone()))))?;
                    ((li, lt), (rl, rt))
                };
                match &list.1 {
                    Ty::List(t) if t.compatible(&x.1) => {}
                    Ty::List(t) => {
                        self.error(
                            &e.pos,
                            format!(
                                "`in` looks for {} in a list of {}",
                                x.1.describe(),
                                t.describe()
                            ),
                            None,
                        );
                        return None;
                    }
                    Ty::Any => {}
                    other => {
                        self.error(
                            &r.pos,
                            format!("`in` needs a list on its right, not {}", other.describe()),
                            None,
                        );
                        return None;
                    }
                }
                Some((Ir::In(Box::new(x.0), Box::new(list.0)), Ty::Bool))
            }
            BinOp::Eq | BinOp::Ne | BinOp::Lt | BinOp::Le | BinOp::Gt | BinOp::Ge => {
                let ((li, lt), (ri, rt)) = self.pair(l, r)?;
                let ok = match op {
                    BinOp::Eq | BinOp::Ne => {
                        (lt.compatible(&rt) && !matches!((&lt, &rt), (Ty::None, Ty::None)))
                            || matches!((&lt, &rt), (Ty::Money, Ty::Num) | (Ty::Num, Ty::Money))
                    }
                    _ => ordered(&lt, &rt),
                };
                if !ok {
                    self.error(
                        &e.pos,
                        mismatch("compare", &lt, &rt),
                        unit_hint(&lt, &rt, r),
                    );
                    return None;
                }
                Some((Ir::Cmp(op, Box::new(li), Box::new(ri)), Ty::Bool))
            }
            BinOp::Add | BinOp::Sub | BinOp::Mul | BinOp::Div => {
                let (li, lt) = self.expr(l, None)?;
                let (ri, rt) = self.expr(r, None)?;
                match arith(op, &lt, &rt) {
                    Some(t) => Some((Ir::Arith(op, Box::new(li), Box::new(ri)), t)),
                    None => {
                        let verb = match op {
                            BinOp::Add => "add",
                            BinOp::Sub => "subtract",
                            BinOp::Mul => "multiply",
                            _ => "divide",
                        };
                        self.error(&e.pos, mismatch(verb, &lt, &rt), unit_hint(&lt, &rt, r));
                        None
                    }
                }
            }
        }
    }

    /// Check both sides of a comparison; a bare word takes the other side's type.
    fn pair(&mut self, l: &Expr, r: &Expr) -> Option<((Ir, Ty), (Ir, Ty))> {
        if self.is_word(l) && !self.is_word(r) {
            let right = self.expr(r, None)?;
            let left = self.expr(l, Some(&right.1))?;
            Some((left, right))
        } else {
            let left = self.expr(l, None)?;
            let right = self.expr(r, Some(&left.1))?;
            Some((left, right))
        }
    }

    fn call(&mut self, e: &Expr, name: &str, args: &[Expr]) -> Typed {
        if let Some(def) = self.globals.definitions.get(name) {
            let def = def.clone();
            return self.expand(&def, args, &e.pos);
        }
        let arity_error = |c: &mut Self, want: &str| {
            c.error(&e.pos, format!("`{name}` takes {want}"), None);
            None
        };
        match name {
            "count" | "any" | "all" | "filter" | "map" | "sum" | "min" | "max" => {
                if args.is_empty() || args.len() > 2 {
                    return arity_error(self, "a list and, optionally, a function `x => …`");
                }
                self.collect(e, name, &args[0], args.get(1))
            }
            "present" | "missing" | "empty" => {
                if args.len() != 1 {
                    return arity_error(self, "one value");
                }
                let (ir, _) = self.expr(&args[0], None)?;
                let b = Box::new(ir);
                let ir = match name {
                    "present" => Ir::Present(b),
                    "missing" => Ir::Missing(b),
                    _ => Ir::Empty(b),
                };
                Some((ir, Ty::Bool))
            }
            "join" => {
                if args.len() != 2 {
                    return arity_error(self, "a list and a separator text");
                }
                let list = self.expr(&args[0], None);
                let sep = self.expr(&args[1], Some(&Ty::Str));
                let ((li, lt), (si, st)) = (list?, sep?);
                if !lt.is_list() && lt != Ty::Any {
                    self.error(
                        &args[0].pos,
                        format!("`join` needs a list, not {}", lt.describe()),
                        None,
                    );
                    return None;
                }
                if st != Ty::Str {
                    self.error(
                        &args[1].pos,
                        format!("the separator must be a text, not {}", st.describe()),
                        None,
                    );
                    return None;
                }
                Some((Ir::Join(Box::new(li), Box::new(si)), Ty::Str))
            }
            "flatten" => {
                if args.len() != 1 {
                    return arity_error(self, "one list of lists");
                }
                let (ir, t) = self.expr(&args[0], None)?;
                let item = match &t {
                    Ty::List(inner) => match inner.as_ref() {
                        Ty::List(item) => Some(item.as_ref().clone()),
                        Ty::Any => Some(Ty::Any),
                        _ => None,
                    },
                    Ty::Any => Some(Ty::Any),
                    _ => None,
                };
                let Some(item) = item else {
                    self.error(
                        &args[0].pos,
                        format!("`flatten` needs a list of lists, not {}", t.describe()),
                        Some("`flatten(map(blocks, b => b.list_attribute))` joins the lists of several blocks".into()),
                    );
                    return None;
                };
                Some((Ir::Flatten(Box::new(ir)), Ty::List(Box::new(item))))
            }
            "days" => {
                if args.len() != 1 {
                    return arity_error(self, "one duration");
                }
                let (ir, t) = self.expr(&args[0], None)?;
                if !matches!(t, Ty::Dur | Ty::Any) {
                    self.error(
                        &args[0].pos,
                        format!("`days` needs a duration, not {}", t.describe()),
                        None,
                    );
                    return None;
                }
                Some((Ir::Days(Box::new(ir)), Ty::Num))
            }
            "lower" | "trim" => {
                if args.len() != 1 {
                    return arity_error(self, "one text");
                }
                let ir = self.text_arg(name, &args[0])?;
                let op = if name == "lower" {
                    TextOp::Lower
                } else {
                    TextOp::Trim
                };
                Some((Ir::Text(op, Box::new(ir)), Ty::Str))
            }
            "starts_with" => {
                if args.len() != 2 {
                    return arity_error(self, "a text and the beginning to look for");
                }
                let text = self.text_arg(name, &args[0]);
                let prefix = self.text_arg(name, &args[1]);
                let (text, prefix) = (text?, prefix?);
                Some((Ir::StartsWith(Box::new(text), Box::new(prefix)), Ty::Bool))
            }
            "above" | "below" => {
                if args.len() != 1 {
                    return arity_error(self, "one unit");
                }
                let (ir, t) = self.expr(&args[0], None)?;
                let is_unit = matches!(&t, Ty::Block(k) if *k == "unit") || t == Ty::Any;
                if !is_unit {
                    self.error(
                        &args[0].pos,
                        format!("`{name}` needs a unit, not {}", t.describe()),
                        None,
                    );
                    return None;
                }
                let toward = if name == "above" {
                    Toward::Above
                } else {
                    Toward::Below
                };
                Some((
                    Ir::Chart(toward, Box::new(ir)),
                    Ty::List(Box::new(Ty::Block("unit"))),
                ))
            }
            _ => {
                let mut names: Vec<&str> = FUNCTIONS.to_vec();
                names.extend(self.globals.definitions.keys().map(|s| s.as_str()));
                let help =
                    did_you_mean(name, names.into_iter()).map(|s| format!("did you mean `{s}`?"));
                self.error(&e.pos, format!("unknown function `{name}`"), help);
                None
            }
        }
    }

    /// An argument that must be a text.
    fn text_arg(&mut self, name: &str, arg: &Expr) -> Option<Ir> {
        let (ir, t) = self.expr(arg, Some(&Ty::Str))?;
        if !matches!(t, Ty::Str | Ty::Any) {
            self.error(
                &arg.pos,
                format!("`{name}` needs a text, not {}", t.describe()),
                None,
            );
            return None;
        }
        Some(ir)
    }

    fn collect(&mut self, e: &Expr, name: &str, list: &Expr, f: Option<&Expr>) -> Typed {
        let (li, lt) = self.expr(list, None)?;
        let elem = match &lt {
            Ty::List(t) => (**t).clone(),
            Ty::Any => Ty::Any,
            other => {
                self.error(
                    &list.pos,
                    format!("`{name}` needs a list, but this is {}", other.describe()),
                    None,
                );
                return None;
            }
        };
        let lambda = match f {
            None => None,
            Some(Expr {
                kind: ExprKind::Lambda(var, body),
                ..
            }) => {
                let slot = self.new_slot();
                self.scope
                    .push((var.clone(), Binding::Slot(slot, elem.clone())));
                let checked = self.expr(body, None);
                self.scope.pop();
                let (ir, t) = checked?;
                Some((
                    Lambda {
                        slot,
                        body: Box::new(ir),
                    },
                    t,
                    body.pos.clone(),
                ))
            }
            Some(other) => {
                self.error(&other.pos, format!("the second argument of `{name}` must be a function such as `x => x.weight`"), None);
                return None;
            }
        };
        let needs_bool = matches!(name, "count" | "any" | "all" | "filter");
        if let Some((_, t, pos)) = &lambda {
            if needs_bool && !matches!(t, Ty::Bool | Ty::Any) {
                self.error(
                    pos,
                    format!(
                        "the function given to `{name}` must give yes or no, not {}",
                        t.describe()
                    ),
                    None,
                );
                return None;
            }
        } else if matches!(name, "filter" | "map") {
            self.error(
                &e.pos,
                format!("`{name}` needs a function `x => …` as its second argument"),
                None,
            );
            return None;
        } else if matches!(name, "any" | "all") && !matches!(elem, Ty::Bool | Ty::Any) {
            self.error(
                &e.pos,
                format!("`{name}` needs a function `x => …` that gives yes or no for each item"),
                None,
            );
            return None;
        }
        let item_ty = lambda
            .as_ref()
            .map(|(_, t, _)| t.clone())
            .unwrap_or(elem.clone());
        let (kind, ty) = match name {
            "count" => (Collect::Count, Ty::Num),
            "any" => (Collect::Any, Ty::Bool),
            "all" => (Collect::All, Ty::Bool),
            "filter" => (Collect::Filter, lt.clone()),
            "map" => (Collect::Map, Ty::List(Box::new(item_ty.clone()))),
            "sum" => {
                let zero = match item_ty {
                    Ty::Num => Zero::Num,
                    Ty::Pct => Zero::Pct,
                    Ty::Money => Zero::Money,
                    Ty::Dur => Zero::Dur,
                    Ty::Any => Zero::Unknown,
                    ref other => {
                        self.error(
                            &e.pos,
                            format!(
                                "`sum` adds numbers, percentages, amounts or durations, not {}",
                                other.describe()
                            ),
                            None,
                        );
                        return None;
                    }
                };
                (Collect::Sum(zero), item_ty.clone())
            }
            _ => {
                if !matches!(
                    item_ty,
                    Ty::Num | Ty::Pct | Ty::Money | Ty::Dur | Ty::Date | Ty::Any
                ) {
                    self.error(&e.pos, format!("`{name}` compares numbers, percentages, amounts, durations or dates, not {}", item_ty.describe()), None);
                    return None;
                }
                (
                    if name == "min" {
                        Collect::Min
                    } else {
                        Collect::Max
                    },
                    item_ty.clone(),
                )
            }
        };
        Some((
            Ir::Collect(kind, Box::new(li), lambda.map(|(l, _, _)| l)),
            ty,
        ))
    }

    /// Expand a definition where it is used: its arguments are checked here, its body
    /// with the arguments bound to its parameters.
    fn expand(&mut self, def: &Definition, args: &[Expr], pos: &Pos) -> Typed {
        if args.len() != def.params.len() {
            let want = match def.params.len() {
                0 => "no arguments".to_string(),
                1 => format!("1 argument ({})", def.params[0]),
                n => format!("{n} arguments ({})", def.params.join(", ")),
            };
            self.error(pos, format!("`{}` takes {want}", def.name), None);
            return None;
        }
        if self.expanding.contains(&def.name) {
            self.error(
                &def.pos,
                format!("the definition `{}` refers to itself", def.name),
                None,
            );
            return None;
        }
        if self.expansions_left == 0 || self.expanding.len() >= 8 {
            self.error(
                pos,
                format!(
                    "the definitions used here expand into too large an expression (at `{}`)",
                    def.name
                ),
                None,
            );
            return None;
        }
        self.expansions_left -= 1;
        let mut bindings = Vec::new();
        // Arguments given a slot of their own: computed once if the body reads them
        // more than once (`placeholder(t)` reads `t` seven times).
        let mut once: Vec<(usize, Ir)> = Vec::new();
        for (p, a) in def.params.iter().zip(args) {
            let b = if self.is_word(a) {
                match &a.kind {
                    ExprKind::Name(w) => match self.lookup(w) {
                        Some(Binding::Word(w, wpos)) => Binding::Word(w, wpos),
                        _ => Binding::Word(w.clone(), a.pos.clone()),
                    },
                    _ => {
                        let (ir, t) = self.expr(a, None)?;
                        Binding::Arg(ir, t)
                    }
                }
            } else if let ExprKind::Lambda(..) = a.kind {
                self.error(
                    &a.pos,
                    "a function `x => …` cannot be given to a definition",
                    None,
                );
                return None;
            } else {
                let (ir, t) = self.expr(a, None)?;
                self.argument(ir, t, &mut once)
            };
            bindings.push((p.clone(), b));
        }
        let body = def.body.as_ref()?;
        let saved_scope = std::mem::replace(&mut self.scope, bindings);
        let saved_self = self.self_kind.take();
        let saved_params = std::mem::take(&mut self.params);
        self.expanding.push(def.name.clone());
        let result = self.expr(body, None);
        self.expanding.pop();
        self.params = saved_params;
        self.self_kind = saved_self;
        self.scope = saved_scope;
        let (mut ir, ty) = result?;
        for (slot, arg) in once.into_iter().rev() {
            ir = match ir.slot_uses(slot) {
                0 => ir,
                1 => {
                    ir.put_in_slot(slot, &mut Some(arg));
                    ir
                }
                _ => Ir::Let(slot, Box::new(arg), Box::new(ir)),
            };
        }
        Some((ir, ty))
    }

    /// How a definition's body sees an argument checked as `ir`: the expression itself
    /// when it costs nothing to compute again, else a new slot, noted in `once` for
    /// [`Checker::expand`] to fill.
    fn argument(&mut self, ir: Ir, ty: Ty, once: &mut Vec<(usize, Ir)>) -> Binding {
        if ir.costs_nothing() {
            return Binding::Arg(ir, ty);
        }
        let slot = self.new_slot();
        once.push((slot, ir));
        Binding::Arg(Ir::Slot(slot), ty)
    }
}

/// Whether `<`, `<=`, `>`, `>=` apply.
fn ordered(a: &Ty, b: &Ty) -> bool {
    use Ty::*;
    matches!(
        (a, b),
        (Num, Num)
            | (Pct, Pct)
            | (Money, Money)
            | (Money, Num)
            | (Num, Money)
            | (Dur, Dur)
            | (Date, Date)
    ) || (matches!(a, Any) && !matches!(b, Bool | Str | Word(_) | Block(_) | List(_) | Score))
        || (matches!(b, Any) && !matches!(a, Bool | Str | Word(_) | Block(_) | List(_) | Score))
}

/// The type of an arithmetic result, or `None` when the operation does not apply.
pub fn arith(op: BinOp, a: &Ty, b: &Ty) -> Option<Ty> {
    use Ty::*;
    let numeric = |t: &Ty| matches!(t, Num | Pct | Money | Dur | Date | Any);
    if matches!(a, Any) || matches!(b, Any) {
        return (numeric(a) && numeric(b)).then_some(Any);
    }
    Some(match (op, a, b) {
        (BinOp::Add | BinOp::Sub, Num, Num) => Num,
        (BinOp::Add | BinOp::Sub, Pct, Pct) => Pct,
        (BinOp::Add | BinOp::Sub, Money, Money) => Money,
        (BinOp::Add | BinOp::Sub, Dur, Dur) => Dur,
        (BinOp::Sub, Date, Date) => Dur,
        (BinOp::Mul, Num, Num) => Num,
        (BinOp::Mul, Money, Num) | (BinOp::Mul, Num, Money) => Money,
        (BinOp::Mul, Pct, Num) | (BinOp::Mul, Num, Pct) => Pct,
        (BinOp::Mul, Dur, Num) | (BinOp::Mul, Num, Dur) => Dur,
        (BinOp::Mul, Pct, Money) | (BinOp::Mul, Money, Pct) => Money,
        (BinOp::Div, Num, Num) | (BinOp::Div, Money, Money) | (BinOp::Div, Pct, Pct) => Num,
        (BinOp::Div, Dur, Dur) => Num,
        (BinOp::Div, Money, Num) => Money,
        (BinOp::Div, Pct, Num) => Pct,
        (BinOp::Div, Dur, Num) => Dur,
        _ => return Option::None,
    })
}

fn mismatch(verb: &str, a: &Ty, b: &Ty) -> String {
    format!("cannot {verb} {} and {}", a.describe(), b.describe())
}

/// "write `30%`" when a bare number stands where a percentage is meant, and the like.
fn unit_hint(a: &Ty, b: &Ty, right: &Expr) -> Option<String> {
    let ExprKind::Num(n) = right.kind else {
        return None;
    };
    match (a, b) {
        (Ty::Pct, Ty::Num) => Some(format!("write `{n}%` for a percentage")),
        (Ty::Dur, Ty::Num) => Some(format!(
            "write a duration with its unit, such as `{n} months`"
        )),
        _ => None,
    }
}
