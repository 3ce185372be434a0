//! Typing attribute values by the schema (E003, E004, E012), and the help that names
//! the exact text to write when a value does not fit.

use super::*;
use crate::schema::Bound;

impl Builder<'_> {
    /// The programme's currency: a three-letter upper-case code.
    pub(super) fn currency(&mut self, v: &ast::Value, at: &At) -> Option<TypedValue> {
        match &v.kind {
            ast::ValueKind::Word(w)
                if w.len() == 3 && w.bytes().all(|b| b.is_ascii_uppercase()) =>
            {
                self.programme_currency = Some(w.to_string());
                Some(TypedValue::Word(w.clone()))
            }
            ast::ValueKind::Invalid => None,
            _ => {
                let help = match &v.kind {
                    ast::ValueKind::Str(s)
                        if s.len() == 3 && s.bytes().all(|b| b.is_ascii_alphabetic()) =>
                    {
                        format!(
                            "write it without quotes: `currency = {}`",
                            s.to_ascii_uppercase()
                        )
                    }
                    _ => "write the ISO code in capitals, e.g. `currency = USD`".to_string(),
                };
                self.wrong_type(
                    v,
                    at,
                    "a three-letter currency code such as USD",
                    Some(help),
                );
                if let ast::ValueKind::Str(s) = &v.kind {
                    if s.len() == 3 && s.bytes().all(|b| b.is_ascii_alphabetic()) {
                        let code = s.to_ascii_uppercase();
                        self.fix_last(Fix::replace(
                            format!("write `{code}` without quotes"),
                            true,
                            v.span.clone(),
                            code,
                        ));
                    }
                }
                None
            }
        }
    }

    pub(super) fn wrong_type(
        &mut self,
        v: &ast::Value,
        at: &At,
        expected: &str,
        help: Option<String>,
    ) {
        let text = self.snippet(at.file, &v.span);
        self.error(
            Code::E003,
            at.file,
            at.span.clone(),
            at.node,
            if at.item {
                format!(
                    "each item of `{}` should be {expected}, but {} was written (`{text}`)",
                    at.key,
                    v.kind.describe()
                )
            } else {
                format!(
                    "`{}` expects {expected}, but {} was written (`{text}`)",
                    at.key,
                    v.kind.describe()
                )
            },
            help,
        );
    }

    pub(super) fn snippet(&self, file: usize, span: &Range<usize>) -> String {
        let text = &self.files[file].text;
        let s = text.get(span.clone()).unwrap_or("");
        let s = s.lines().next().unwrap_or("");
        if s.chars().count() > 40 {
            let cut: String = s.chars().take(40).collect();
            format!("{cut}…")
        } else {
            s.to_string()
        }
    }

    /// Type a value by the schema; reports E003/E004/E012 and returns `None` on error
    /// (an unreadable value was already reported as E001).
    pub(super) fn typed(&mut self, ty: &Ty, v: &ast::Value, at: &At) -> Option<TypedValue> {
        use ast::ValueKind as V;
        if let V::Invalid = v.kind {
            return None;
        }
        match (ty, &v.kind) {
            (Ty::OrNone(_), V::Word(w)) if w == "none" => Some(TypedValue::None),
            (Ty::OrNone(inner), _) => self.typed(inner, v, at),
            (_, V::Word(w)) if w == "none" => {
                self.error(
                    Code::E003,
                    at.file,
                    at.span.clone(),
                    at.node,
                    format!("`{}` cannot be `none`: it expects {}", at.key, expected(ty)),
                    Some(format!("leave `{}` out instead of writing none", at.key)),
                );
                None
            }
            (Ty::Str, V::Str(s)) => Some(TypedValue::Str(s.clone())),
            (Ty::Num, V::Number(n)) => {
                if let Bound::Count { help } = at.bound {
                    if *n < Decimal::ZERO {
                        self.out_of_range(
                            at,
                            format!("`{}` cannot be negative ({})", at.key, n.normalize()),
                            help,
                        );
                        return None;
                    }
                }
                Some(TypedValue::Num(*n))
            }
            (Ty::Money, V::Money { amount, currency }) => {
                if *amount < Decimal::ZERO {
                    self.out_of_range(
                        at,
                        format!(
                            "`{}` cannot be a negative amount ({} {currency})",
                            at.key,
                            crate::value::group_thousands(*amount)
                        ),
                        "write the amount as a positive figure",
                    );
                    return None;
                }
                Some(TypedValue::Money {
                    amount: *amount,
                    currency: currency.clone(),
                })
            }
            (Ty::Pct, V::Percent(p)) => {
                if let Bound::Share { help } = at.bound {
                    if *p > Decimal::from(100) || *p < Decimal::ZERO {
                        self.out_of_range(
                            at,
                            format!(
                                "`{}` is a share and must lie between 0% and 100%, not {}%",
                                at.key,
                                p.normalize()
                            ),
                            help,
                        );
                        return None;
                    }
                }
                Some(TypedValue::Pct(*p))
            }
            (Ty::Dur, V::Duration { amount, unit }) => self.duration(*amount, *unit, at),
            (Ty::Date, V::Date(s)) => match Date::parse(s) {
                Some(d) => Some(TypedValue::Date(d)),
                None => {
                    self.out_of_range(
                        at,
                        format!("`{}` is {s}, which is not a real date", at.key),
                        "months run from 01 to 12, quarters from Q1 to Q4, and the day must exist in its month",
                    );
                    None
                }
            },
            (Ty::Bool, V::Bool(b)) => Some(TypedValue::Bool(*b)),
            (Ty::Word, V::Word(w)) => Some(TypedValue::Word(w.clone())),
            (Ty::Enum(def), V::Word(w)) => {
                if def.values.contains(&w.as_str()) {
                    Some(TypedValue::Word(w.clone()))
                } else {
                    let allowed = def.values.join(", ");
                    let closest = suggest::closest(w, def.values.iter().copied());
                    let help = match closest {
                        Some((s, _)) => format!("did you mean `{s}`? the choices are: {allowed}"),
                        None => format!("the choices are: {allowed}"),
                    };
                    self.error(
                        Code::E004,
                        at.file,
                        at.span.clone(),
                        at.node,
                        format!("`{w}` is not one of the choices for `{}`", at.key),
                        Some(help),
                    );
                    if let Some((s, clear)) = closest {
                        self.fix_last(Fix::replace(
                            format!("write `{s}`"),
                            clear,
                            v.span.clone(),
                            s,
                        ));
                    }
                    None
                }
            }
            (Ty::Ref(kind), V::Str(s)) => Some(TypedValue::Ref {
                kind,
                label: s.clone(),
                target: usize::MAX,
            }),
            (Ty::RefOrList(kind), V::Str(_)) => {
                Some(TypedValue::List(vec![self.typed(&Ty::Ref(kind), v, at)?]))
            }
            (Ty::RefOrList(kind), V::List(_)) => {
                let inner = Ty::Ref(kind);
                self.list(&inner, v, at)
            }
            (Ty::List(inner), V::List(_)) => self.list(inner, v, at),
            (Ty::OneOf(tys), _) => {
                let fits = tys.iter().find(|t| {
                    matches!(
                        (t, &v.kind),
                        (Ty::Num, V::Number(_))
                            | (Ty::Pct, V::Percent(_))
                            | (Ty::Money, V::Money { .. })
                            | (Ty::Dur, V::Duration { .. })
                            | (Ty::Str, V::Str(_))
                            | (Ty::Date, V::Date(_))
                            | (Ty::Bool, V::Bool(_))
                    )
                });
                match fits {
                    Some(t) => self.typed(t, v, at),
                    None => {
                        self.wrong_type(v, at, &expected(ty), None);
                        None
                    }
                }
            }
            _ => {
                let help = conversion_help(ty, v, self.programme_currency.as_deref());
                self.wrong_type(v, at, &expected(ty), help);
                let share = matches!(
                    (at.kind, at.key),
                    ("metric", "weight") | ("pay_plan", "variable")
                );
                for fix in conversion_fixes(ty, v, self.programme_currency.as_deref(), share) {
                    self.fix_last(fix);
                }
                None
            }
        }
    }

    pub(super) fn duration(
        &mut self,
        amount: Decimal,
        unit: DurationUnit,
        at: &At,
    ) -> Option<TypedValue> {
        let d = Duration { amount, unit };
        if amount < Decimal::ZERO {
            self.out_of_range(
                at,
                format!("`{}` cannot be a negative duration ({d})", at.key),
                "write the duration as a positive figure",
            );
            return None;
        }
        Some(TypedValue::Dur(d))
    }

    pub(super) fn list(&mut self, inner: &Ty, v: &ast::Value, at: &At) -> Option<TypedValue> {
        let ast::ValueKind::List(items) = &v.kind else {
            return None;
        };
        let at = At {
            file: at.file,
            span: at.span.clone(),
            key: at.key,
            node: at.node,
            kind: at.kind,
            bound: at.bound,
            item: true,
        };
        let mut out = Vec::with_capacity(items.len());
        let mut failed = 0;
        for item in items {
            match self.typed(inner, item, &at) {
                Some(t) => out.push(t),
                None => failed += 1,
            }
            // A few wrong items tell the story; a huge list of them would drown it.
            if failed == MAX_ITEM_ERRORS {
                break;
            }
        }
        let ok = failed == 0;
        ok.then_some(TypedValue::List(out))
    }

    pub(super) fn out_of_range(&mut self, at: &At, message: String, help: &str) {
        self.error(
            Code::E012,
            at.file,
            at.span.clone(),
            at.node,
            message,
            Some(help.to_string()),
        );
    }
}

/// A default written as in a file (`individual`, `no`), typed.
pub(super) fn default_value(sch: &AttrSchema, text: &str) -> Option<TypedValue> {
    match sch.ty {
        Ty::Bool => Some(TypedValue::Bool(matches!(text, "yes" | "true"))),
        Ty::Enum(_) | Ty::Word => Some(TypedValue::Word(text.into())),
        Ty::Str => Some(TypedValue::Str(text.into())),
        _ => None,
    }
}

/// What a type expects, in words.
pub(super) fn expected(ty: &Ty) -> String {
    match ty {
        Ty::Str => "a text in quotes".into(),
        Ty::Num => "a number".into(),
        Ty::Money => "an amount of money such as `95 USD`".into(),
        Ty::Pct => "a percentage such as `30%`".into(),
        Ty::Dur => "a duration such as `18 months`".into(),
        Ty::Date => "a date such as `2027-03-15`, `2027-03` or `2027-Q2`".into(),
        Ty::Bool => "yes or no".into(),
        Ty::Word => "a word".into(),
        Ty::Enum(def) => format!("one of: {}", def.values.join(", ")),
        Ty::Ref(kind) => format!("the name of a {} in quotes", schema::kind_words(kind)),
        Ty::List(inner) => format!("a list in [ ] of {}", plural(inner)),
        Ty::OrNone(inner) => format!("{} or none", expected(inner)),
        Ty::OneOf(tys) => {
            let parts: Vec<String> = tys.iter().map(expected).collect();
            match parts.split_last() {
                Some((last, rest)) if !rest.is_empty() => {
                    format!("{} or {last}", rest.join(", "))
                }
                _ => parts.join(""),
            }
        }
        Ty::RefOrList(kind) => format!(
            "the name of a {} in quotes, or a list of them",
            schema::kind_words(kind)
        ),
    }
}

pub(super) fn plural(ty: &Ty) -> String {
    match ty {
        Ty::Str => "texts in quotes".into(),
        Ty::Word => "words".into(),
        Ty::Enum(def) => format!("these words: {}", def.values.join(", ")),
        Ty::Ref(kind) => format!("{} names in quotes", schema::kind_words(kind)),
        other => expected(other),
    }
}

/// An example value for a required attribute's help.
pub(super) fn example(ty: &Ty) -> String {
    match ty {
        Ty::Enum(def) if def.values.len() <= 4 => def.values.join(" | "),
        Ty::Enum(def) => format!("{} | …", def.values[..3].join(" | ")),
        Ty::Ref(_) | Ty::RefOrList(_) => "\"Name\"".into(),
        Ty::Money => "95 USD".into(),
        Ty::Pct => "30%".into(),
        Ty::Dur => "12 months".into(),
        Ty::Date => "2027-03".into(),
        Ty::Str => "\"…\"".into(),
        Ty::List(inner) => format!("[{}]", example(inner)),
        Ty::Word => "USD".into(),
        _ => "…".into(),
    }
}

/// Help for a near-miss of type: a number where a percentage was meant, and so on.
pub(super) fn conversion_help(ty: &Ty, v: &ast::Value, currency: Option<&str>) -> Option<String> {
    use ast::ValueKind as V;
    match (ty, &v.kind) {
        // A share written as a fraction (`0.4`) is most likely 40 %.
        (Ty::Pct, V::Number(n)) if *n > Decimal::ZERO && *n < Decimal::ONE => Some(format!(
            "write `{}%` (or `{}%` if you meant less than one percent)",
            (*n * Decimal::from(100)).normalize(),
            n.normalize()
        )),
        (Ty::Pct, V::Number(n)) => Some(format!("write `{}%`", n.normalize())),
        (Ty::Money, V::Number(n)) => Some(match currency {
            Some(c) => format!(
                "add the currency code: `{} {c}` (the programme's currency)",
                n.normalize()
            ),
            None => format!(
                "add the programme's currency code after the figure, e.g. `{} USD` for dollars",
                n.normalize()
            ),
        }),
        (Ty::Date, V::Str(s)) if crate::value::Date::parse(s.trim()).is_some() => {
            Some(format!("write the date without quotes: `{}`", s.trim()))
        }
        (Ty::Dur, V::Number(n)) => Some(format!(
            "add a unit: `{} months` (days, weeks, months, quarters or years)",
            n.normalize()
        )),
        (Ty::Str | Ty::Ref(_) | Ty::RefOrList(_), V::Word(w)) => {
            Some(format!("put it in quotes: `\"{w}\"`"))
        }
        (Ty::Enum(def), V::Str(s)) if def.values.contains(&s.as_str()) => {
            Some(format!("write it without quotes: `{s}`"))
        }
        (Ty::Word, V::Str(s))
            if s.starts_with(|c: char| c.is_ascii_lowercase())
                && s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_') =>
        {
            Some(format!("write it without quotes: `{s}`"))
        }
        (Ty::Num, V::Str(_)) => Some("write the figure as digits, without quotes".into()),
        (Ty::List(_), _) => Some("write a list in brackets, e.g. `[a, b]`".into()),
        _ => None,
    }
}

/// The fixes for a near-miss of type, as [`conversion_help`] describes them; each writes
/// a value the type accepts. Safe where the writer plainly meant it: a unit on a share
/// of pay (`30` -> `30%`), the programme's currency on an amount, quotes taken off a date
/// or a choice, or put around a text. Not safe where it picks a reading or a unit: a
/// fraction as a percentage, a percentage that is not a share, a duration's unit.
/// A value that would then be out of range gets no fix.
pub(super) fn conversion_fixes(
    ty: &Ty,
    v: &ast::Value,
    currency: Option<&str>,
    share: bool,
) -> Vec<Fix> {
    use ast::ValueKind as V;
    let span = v.span.clone();
    let one = |title: String, safe: bool, text: String| {
        vec![Fix::replace(title, safe, span.clone(), text)]
    };
    let hundred = Decimal::from(100);
    match (ty, &v.kind) {
        (Ty::Pct, V::Number(n)) if *n > Decimal::ZERO && *n < Decimal::ONE => {
            let times = format!("{}%", (*n * hundred).normalize());
            let as_is = format!("{}%", n.normalize());
            vec![
                Fix::replace(format!("write `{times}`"), false, span.clone(), times),
                Fix::replace(format!("write `{as_is}`"), false, span.clone(), as_is),
            ]
        }
        (Ty::Pct, V::Number(n)) if !share || (*n >= Decimal::ZERO && *n <= hundred) => {
            let text = format!("{}%", n.normalize());
            one(format!("write `{text}`"), share, text)
        }
        (Ty::Money, V::Number(n)) if *n >= Decimal::ZERO => match currency {
            Some(c) => {
                let text = format!("{} {c}", n.normalize());
                one(format!("write `{text}`"), true, text)
            }
            None => Vec::new(),
        },
        (Ty::Date, V::Str(s)) => match crate::value::Date::parse(s.trim()) {
            Some(_) => {
                let text = s.trim().to_string();
                one(format!("write `{text}` without quotes"), true, text)
            }
            None => Vec::new(),
        },
        (Ty::Dur, V::Number(n)) if *n >= Decimal::ZERO => {
            let text = format!("{} months", n.normalize());
            one(format!("write `{text}`"), false, text)
        }
        (Ty::Str, V::Word(w)) => {
            let text = format!("\"{w}\"");
            one(format!("write `{text}`"), true, text)
        }
        (Ty::Enum(def), V::Str(s)) if def.values.contains(&s.as_str()) => {
            one(format!("write `{s}` without quotes"), true, s.to_string())
        }
        _ => Vec::new(),
    }
}
