//! The shape of rule files and `definitions.yaml` files, read with serde. Every field is
//! documented in docs/rule-language.md; unknown fields are errors.

use std::fmt;
use std::marker::PhantomData;

use serde::de::{Deserialize, Deserializer, MapAccess, Visitor};
use serde_saphyr::Spanned;

pub type Text = Spanned<String>;

/// One rule: `rules/<group>/<CODE>-<name>.yaml`.
#[derive(Debug, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleFile {
    /// Letters then digits (`FM06`); unique across all loaded rules.
    pub code: Text,
    /// Kebab-case; names the pattern flagged.
    pub name: Text,
    pub group: Text,
    /// `error`, `warning` or `info`.
    pub severity: Text,
    /// One line, for `cxlint rules`.
    pub summary: String,
    #[serde(default)]
    pub params: Ordered<ParamFile>,
    pub help: String,
    /// Markdown.
    pub explain: String,
    pub checks: Vec<CheckFile>,
    pub examples: ExamplesFile,
}

#[derive(Debug, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ParamFile {
    /// `num`, `pct`, `money`, `dur`, `date`, `str` or `bool`.
    #[serde(rename = "type")]
    pub ty: Text,
    /// Written as in a `.cxp` file.
    pub default: Text,
    #[serde(default)]
    pub doc: String,
}

#[derive(Debug, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CheckFile {
    /// A block kind: the check runs once per block of that kind; else once per programme.
    #[serde(rename = "for")]
    pub for_kind: Option<Text>,
    /// Named values, in order; each sees the ones before it.
    #[serde(rename = "let", default)]
    pub lets: Ordered<Text>,
    pub when: Text,
    pub at: Option<Text>,
    pub message: Text,
    /// The help of this check's findings, when the rule's `help` does not fit them.
    pub help: Option<String>,
}

#[derive(Debug, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExamplesFile {
    /// The currency of the programme the examples are placed in (`USD` when not
    /// written); a three-letter code in capitals.
    pub currency: Option<Text>,
    #[serde(default)]
    pub bad: Vec<Text>,
    #[serde(default)]
    pub good: Vec<Text>,
}

/// `definitions.yaml`: named expressions and the scorecard.
#[derive(Debug, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DefinitionsFile {
    #[serde(default)]
    pub definitions: Ordered<Text>,
    #[serde(default)]
    pub scorecard: Vec<ScoreFile>,
}

#[derive(Debug, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScoreFile {
    pub title: String,
    pub made: Text,
}

/// A YAML mapping read in the order it was written, keys with their places.
#[derive(Debug)]
pub struct Ordered<T>(pub Vec<(Text, T)>);

impl<T> Default for Ordered<T> {
    fn default() -> Self {
        Ordered(Vec::new())
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Ordered<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct OrderedVisitor<T>(PhantomData<T>);
        impl<'de, T: Deserialize<'de>> Visitor<'de> for OrderedVisitor<T> {
            type Value = Ordered<T>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a mapping of names to values")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                let mut out = Vec::new();
                while let Some(key) = map.next_key::<Text>()? {
                    let value = map.next_value::<T>()?;
                    out.push((key, value));
                }
                Ok(Ordered(out))
            }
        }
        deserializer.deserialize_map(OrderedVisitor(PhantomData))
    }
}
