//! Types of rule expressions, derived from the schema of the plan language.

use serde::{Deserialize, Serialize};

use crate::rulelang::serial;
use crate::schema::{self, article, EnumDef};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Ty {
    Bool,
    Num,
    Pct,
    Money,
    Dur,
    Date,
    Str,
    /// A word: of a closed set (`facing`), or free (`stages`) when `None`.
    Word(#[serde(with = "serial::enum_opt")] Option<&'static EnumDef>),
    /// A block of this kind.
    Block(#[serde(with = "serial::kind")] serial::SchemaName),
    List(Box<Ty>),
    /// An entry of the scorecard.
    Score,
    /// The word `none`.
    None,
    /// One of several types (`kpi.target`), or an empty list's items: checked when used.
    Any,
}

impl Ty {
    /// The type of an attribute as the model holds it.
    pub fn of_schema(ty: &schema::Ty) -> Ty {
        match ty {
            schema::Ty::Str => Ty::Str,
            schema::Ty::Num => Ty::Num,
            schema::Ty::Money => Ty::Money,
            schema::Ty::Pct => Ty::Pct,
            schema::Ty::Dur => Ty::Dur,
            schema::Ty::Date => Ty::Date,
            schema::Ty::Bool => Ty::Bool,
            schema::Ty::Word => Ty::Word(None),
            schema::Ty::Enum(def) => Ty::Word(Some(def)),
            schema::Ty::Ref(kind) => Ty::Block(kind),
            schema::Ty::List(inner) => Ty::List(Box::new(Ty::of_schema(inner))),
            schema::Ty::OrNone(inner) => Ty::of_schema(inner),
            schema::Ty::OneOf(_) => Ty::Any,
            schema::Ty::RefOrList(kind) => Ty::List(Box::new(Ty::Block(kind))),
        }
    }

    /// Every parameter type name a rule file may write, in the order messages list them.
    pub const PARAM_TYPES: [&'static str; 7] =
        ["num", "pct", "money", "dur", "date", "str", "bool"];

    /// A parameter type name (`pct`) as written in a rule file.
    pub fn of_param(name: &str) -> Option<Ty> {
        Some(match name {
            "num" => Ty::Num,
            "pct" => Ty::Pct,
            "money" => Ty::Money,
            "dur" => Ty::Dur,
            "date" => Ty::Date,
            "str" => Ty::Str,
            "bool" => Ty::Bool,
            _ => return None,
        })
    }

    /// In words, for messages: "a percentage", "a list of pay plans".
    pub fn describe(&self) -> String {
        match self {
            Ty::Bool => "a yes/no value".to_string(),
            Ty::Num => "a number".to_string(),
            Ty::Pct => "a percentage".to_string(),
            Ty::Money => "an amount of money".to_string(),
            Ty::Dur => "a duration".to_string(),
            Ty::Date => "a date".to_string(),
            Ty::Str => "a text".to_string(),
            Ty::Word(Some(def)) => format!("{} {} word", article(def.name), def.name),
            Ty::Word(None) => "a word".to_string(),
            Ty::Block(kind) => format!("{} {}", article(kind), schema::kind_words(kind)),
            Ty::List(inner) => match inner.as_ref() {
                Ty::Block(kind) => format!("a list of {}s", schema::kind_words(kind)),
                Ty::Any => "a list".to_string(),
                other => format!("a list of {}", other.plural()),
            },
            Ty::Score => "a scorecard entry".to_string(),
            Ty::None => "the word `none`".to_string(),
            Ty::Any => "a value".to_string(),
        }
    }

    fn plural(&self) -> String {
        match self {
            Ty::Bool => "yes/no values".to_string(),
            Ty::Num => "numbers".to_string(),
            Ty::Pct => "percentages".to_string(),
            Ty::Money => "amounts of money".to_string(),
            Ty::Dur => "durations".to_string(),
            Ty::Date => "dates".to_string(),
            Ty::Str => "texts".to_string(),
            Ty::Word(Some(def)) => format!("{} words", def.name),
            Ty::Word(None) => "words".to_string(),
            Ty::Score => "scorecard entries".to_string(),
            other => format!("values ({})", other.describe()),
        }
    }

    /// Whether values of the two types may be compared with `==` or stand in one list.
    pub fn compatible(&self, other: &Ty) -> bool {
        match (self, other) {
            (Ty::Any, _) | (_, Ty::Any) | (Ty::None, _) | (_, Ty::None) => true,
            (Ty::Word(None), Ty::Word(_)) | (Ty::Word(_), Ty::Word(None)) => true,
            (Ty::Word(Some(a)), Ty::Word(Some(b))) => a.name == b.name,
            (Ty::List(a), Ty::List(b)) => a.compatible(b),
            (a, b) => a == b,
        }
    }

    /// The more precise of two compatible types.
    pub fn unify(&self, other: &Ty) -> Ty {
        match (self, other) {
            (Ty::Any, t) | (Ty::None, t) => t.clone(),
            (Ty::Word(None), t @ Ty::Word(_)) => t.clone(),
            (Ty::List(a), Ty::List(b)) => Ty::List(Box::new(a.unify(b))),
            (t, _) => t.clone(),
        }
    }

    pub fn is_list(&self) -> bool {
        matches!(self, Ty::List(_))
    }
}
