//! `cxlint export`: the resolved model as JSON (language.md §7).
//!
//! Every block is an object:
//! `{kind, name?, file, line, column, attributes, defaulted, blocks}` where `attributes`
//! holds every attribute written plus the defaults filled (their keys listed in
//! `defaulted`), and `blocks` holds the child blocks grouped by kind (every kind the
//! block may hold, `[]` when none), each list in source order. Keys are sorted, so the
//! output is stable. Values:
//! - number, percentage: a JSON number (a percentage in percent points: `30%` -> `30`);
//! - money: `{"amount": "1200000", "currency": "USD"}`, the amount a string holding the
//!   exact decimal, so no binary rounding creeps in;
//! - duration: `{"value": 18, "unit": "month", "days": 547.875}`;
//! - date: `"YYYY-MM-DD"` (a month or quarter as its first day);
//! - text, word: a string; yes/no: a boolean; `none`: `null`;
//! - reference: the label it names; list: an array.

use serde_json::{json, Map, Number, Value};

use crate::model::{Node, Programme, TypedValue};
use crate::value::Decimal;

/// The resolved programme as JSON: includes spliced, defaults filled, money as
/// `{amount, currency}`, durations as `{value, unit, days}`, dates ISO, every block with
/// its `file`, `line` and `column`.
pub fn to_json(programme: &Programme) -> serde_json::Value {
    if programme.nodes.is_empty() {
        return Value::Null;
    }
    block(programme, programme.root())
}

fn block(p: &Programme, node: &Node) -> Value {
    let mut obj = Map::new();
    obj.insert("kind".into(), Value::String(node.kind.to_string()));
    if let Some(label) = &node.label {
        obj.insert("name".into(), Value::String(label.to_string()));
    }
    let file = p.file_of(&node.header);
    let (line, column) = file.line_col(node.header.span.start);
    obj.insert("file".into(), Value::String(file.path.clone()));
    obj.insert("line".into(), json!(line));
    obj.insert("column".into(), json!(column));

    let mut attrs = Map::new();
    let mut defaulted = Vec::new();
    for a in &node.attrs {
        attrs.insert(a.key.to_string(), value(&a.value));
        if a.defaulted {
            defaulted.push(Value::String(a.key.to_string()));
        }
    }
    obj.insert("attributes".into(), Value::Object(attrs));
    obj.insert("defaulted".into(), Value::Array(defaulted));

    let mut blocks = Map::new();
    for kind in node.schema().children {
        let list: Vec<Value> = p
            .children_of_kind(node.id, kind)
            .map(|c| block(p, c))
            .collect();
        blocks.insert(kind.to_string(), Value::Array(list));
    }
    obj.insert("blocks".into(), Value::Object(blocks));
    Value::Object(obj)
}

fn value(v: &TypedValue) -> Value {
    match v {
        TypedValue::None => Value::Null,
        TypedValue::Bool(b) => Value::Bool(*b),
        TypedValue::Num(n) | TypedValue::Pct(n) => number(*n),
        TypedValue::Money { amount, currency } => json!({
            "amount": amount.normalize().to_string(),
            "currency": currency,
        }),
        TypedValue::Dur(d) => json!({
            "value": number(d.amount),
            "unit": d.unit.singular(),
            "days": number(d.days()),
        }),
        TypedValue::Date(d) => Value::String(d.to_string()),
        TypedValue::Str(s) | TypedValue::Word(s) => Value::String(s.to_string()),
        TypedValue::Ref { label, .. } => Value::String(label.to_string()),
        TypedValue::List(items) => Value::Array(items.iter().map(value).collect()),
    }
}

/// An exact decimal as a JSON number: an integer when it is one, otherwise the nearest
/// binary float.
fn number(d: Decimal) -> Value {
    let text = d.normalize().to_string();
    match text.parse::<Number>() {
        Ok(n) => Value::Number(n),
        Err(_) => Value::String(text),
    }
}
