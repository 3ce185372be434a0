//! The language reference for plan writers, generated from the schema so it can never
//! drift from what cxlint accepts: every block, its keys with their values, whether they
//! are required, their defaults, the allowed words and the class of every metric type.
//! `cxlint schema` prints it (docs/language.md is its output); `cxlint explain KEY` and
//! the editor's hovers show the part about one key.

use crate::schema::{self, AttrSchema, BlockSchema, Ty};

/// A value type in words.
pub fn type_words(ty: &Ty) -> String {
    match ty {
        Ty::Str => "a text in quotes".into(),
        Ty::Num => "a number".into(),
        Ty::Money => "an amount of money (`250k USD`)".into(),
        Ty::Pct => "a percentage (`30%`)".into(),
        Ty::Dur => "a duration (`18 months`)".into(),
        Ty::Date => "a date (`2027-03-15`, `2027-03` or `2027-Q2`)".into(),
        Ty::Bool => "yes or no".into(),
        Ty::Word => "a word".into(),
        Ty::Enum(def) => format!("one of: {}", def.values.join(", ")),
        Ty::Ref(kind) => format!("the label of a {}", schema::kind_words(kind)),
        Ty::List(inner) => format!("a list of {}", type_words(inner)),
        Ty::OrNone(inner) => format!("{}, or `none`", type_words(inner)),
        Ty::OneOf(tys) => tys.iter().map(type_words).collect::<Vec<_>>().join(", or "),
        Ty::RefOrList(kind) => format!(
            "the label of a {k}, or a list of them",
            k = schema::kind_words(kind)
        ),
    }
}

/// A value of the type, as it is written in a plan.
fn sample(ty: &Ty) -> String {
    match ty {
        Ty::Str => "\"In one sentence\"".into(),
        Ty::Num => "12".into(),
        Ty::Money => "250k USD".into(),
        Ty::Pct => "30%".into(),
        Ty::Dur => "18 months".into(),
        Ty::Date => "2027-03".into(),
        Ty::Bool => "yes".into(),
        Ty::Word => "onboarding".into(),
        Ty::Enum(def) => def.values[0].to_string(),
        Ty::Ref(kind) | Ty::RefOrList(kind) => format!("\"{}\"", label_of(kind)),
        Ty::List(inner) => format!("[{}]", sample(inner)),
        Ty::OrNone(inner) => sample(inner),
        Ty::OneOf(tys) => tys.first().map(sample).unwrap_or_default(),
    }
}

/// A label for a sample block of `kind`.
fn label_of(kind: &str) -> &'static str {
    match kind {
        "segment" => "Families",
        "unit" => "Customer care",
        "executive" => "Chief customer officer",
        "pay_plan" => "Field sales",
        "metric" => "Renewals",
        "spend" => "CRM suite",
        "product" => "Home plan",
        "relationship" => "Family for life",
        "listening" => "Customer panel",
        "kpi" => "Retention",
        "hiring" => "Care advisers",
        "initiative" => "Care coaching",
        "promise" => "A person when it matters",
        "previous_strategy" => "Cheapest in town",
        "objective" => "Keep 90% of families",
        "programme" => "Our customer programme",
        _ => "Name",
    }
}

/// The part of the reference about one key of a block.
pub fn key_text(block: &BlockSchema, a: &AttrSchema) -> String {
    let mut out = format!(
        "`{}` in {}: {}. Value: {}.",
        a.key,
        schema::kind_words(block.kind),
        a.meaning,
        type_words(&a.ty)
    );
    if a.required {
        out.push_str(" Required.");
    } else if let Some(d) = a.default {
        out.push_str(&format!(" Default: `{d}`."));
    } else {
        out.push_str(" Optional.");
    }
    out
}

/// A sample block of `s`: its required keys with sample values.
fn sample_block(s: &BlockSchema) -> String {
    let header = if s.labelled {
        format!("{} \"{}\"", s.kind, label_of(s.kind))
    } else {
        s.kind.to_string()
    };
    let keys: Vec<String> = s
        .attrs
        .iter()
        .filter(|a| a.required)
        .map(|a| {
            // The currency is a word of its own kind: a three-letter code.
            let value = if a.key == "currency" {
                "USD".to_string()
            } else {
                sample(&a.ty)
            };
            format!("  {} = {value}", a.key)
        })
        .collect();
    if keys.is_empty() {
        format!("{header} {{\n}}")
    } else {
        format!("{header} {{\n{}\n}}", keys.join("\n"))
    }
}

/// The whole reference, as Markdown.
pub fn markdown() -> String {
    let mut out = String::from(
        "# The plan language: every block and key\n\n\
         Generated from cxlint's schema by `cxlint schema`; it lists exactly what cxlint \
         accepts. `cxlint explain KEY` (or `cxlint explain unit.facing`) prints one entry.\n\n\
         A plan holds one `programme` block; the blocks below stand inside it (or inside the \
         block named), and a fragment file included with `include \"path\"` holds them too.\n",
    );
    for s in schema::BLOCKS {
        out.push_str(&format!("\n## {}\n\n{}", s.kind, capital(s.meaning)));
        if !s.parent.is_empty() {
            out.push_str(&format!(
                "; it stands inside a {}",
                schema::kind_words(s.parent)
            ));
        }
        if s.max == Some(1) {
            out.push_str(", at most once");
        }
        out.push_str(if s.labelled {
            ", and takes a label in quotes.\n\n"
        } else {
            ", with no label.\n\n"
        });
        if !s.attrs.is_empty() {
            out.push_str("| key | value | | meaning |\n|---|---|---|---|\n");
            for a in s.attrs {
                let need = if a.required {
                    "required".to_string()
                } else if let Some(d) = a.default {
                    format!("default `{d}`")
                } else {
                    "optional".to_string()
                };
                out.push_str(&format!(
                    "| `{}` | {} | {need} | {} |\n",
                    a.key,
                    type_words(&a.ty).replace('|', "\\|"),
                    a.meaning
                ));
            }
            out.push('\n');
        }
        if !s.children.is_empty() {
            let kinds: Vec<String> = s.children.iter().map(|k| format!("`{k}`")).collect();
            out.push_str(&format!("Blocks inside: {}.\n\n", kinds.join(", ")));
        }
        out.push_str(&format!("```\n{}\n```\n", sample_block(s)));
    }
    out.push_str(
        "\n## Metric types and their classes\n\n\
         The class of a metric type decides how the rules read it: the weight of pay on \
         class `customer` and on class `acquisition`, the share of KPIs of class \
         `efficiency` and `volume`, and pay on class `step` (a step of the process rather \
         than an outcome). `cxlint explain CODE` says which rule reads which.\n\n\
         | type | class |\n|---|---|\n",
    );
    for t in schema::METRIC_TYPE.values {
        let class = schema::metric_class(t).unwrap_or("");
        out.push_str(&format!("| `{t}` | {class} |\n"));
    }
    out
}

fn capital(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// The entries for `name`: `kind.key`, or a key alone (every block that has it), or a
/// block kind.
pub fn lookup(name: &str) -> Vec<String> {
    let (kind, key) = match name.split_once('.') {
        Some((k, key)) => (Some(k), key),
        None => (None, name),
    };
    let mut out = Vec::new();
    for s in schema::BLOCKS {
        if kind.is_some_and(|k| k != s.kind) {
            continue;
        }
        if let Some(a) = s.attr(key) {
            out.push(key_text(s, a));
        }
    }
    if out.is_empty() && kind.is_none() {
        if let Some(s) = schema::block(key) {
            let keys: Vec<String> = s.attrs.iter().map(|a| format!("`{}`", a.key)).collect();
            out.push(format!(
                "`{}`: {}. Keys: {}.\n\n{}",
                s.kind,
                s.meaning,
                keys.join(", "),
                sample_block(s)
            ));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every sample block in the reference is a block the language accepts.
    #[test]
    fn the_samples_parse_and_type_check() {
        for s in schema::BLOCKS.iter().filter(|s| s.kind != "programme") {
            let body = sample_block(s);
            let body = match s.parent {
                "programme" => body,
                parent => {
                    let p = schema::block(parent).expect("a parent");
                    let outer = sample_block(p);
                    let cut = outer.rfind('}').expect("a brace");
                    format!("{}{body}\n{}", &outer[..cut], &outer[cut..])
                }
            };
            let text = format!("programme \"P\" {{\n  currency = USD\n{body}\n}}\n");
            let out = crate::model::build::load_text("t.cxp", &text);
            let wrong: Vec<&str> = out
                .diagnostics
                .iter()
                .filter(|d| !matches!(d.code.as_str(), "E006" | "E008" | "E010"))
                .map(|d| d.message.as_str())
                .collect();
            assert!(wrong.is_empty(), "{}: {wrong:?}\n{text}", s.kind);
        }
    }

    #[test]
    fn lookup_finds_keys_and_kinds() {
        assert!(lookup("unit.facing")[0].contains("front"));
        assert!(lookup("facing")[0].contains("unit"));
        assert!(lookup("hiring")[0].contains("criteria"));
        assert!(lookup("nothing").is_empty());
    }
}
