//! JSON Schemas of `cxlint.yaml` and of rule files, for YAML editors: with them an editor
//! completes the settings and fields, explains each one, and underlines a misspelt key
//! or a wrong value as it is typed. The schemas are committed under `schemas/` (a test
//! checks they are current; `CXLINT_UPDATE_DOCS=1 cargo test --test editor_schemas`
//! writes them).
//!
//! The names of the settings and fields are read from the serde types that read the files
//! ([`fields`]), so a setting added there is in the schema at once; what each one means
//! is written here, and a test checks that every name has its words and no words are left
//! for a name that is gone. The limits, severities, block kinds, parameter types and the
//! built-in rules (their codes, groups and parameters) come from where cxlint keeps them.
//!
//! Over 600 lines on purpose: most of it is the plain-words description of every setting
//! and rule-file field, one table per schema, kept beside the code that checks each name
//! against the serde types so that neither can drift.

use serde::de::{self, DeserializeOwned, Visitor};
use serde_json::{json, Map, Value};

use crate::engine::RuleSet;

const DRAFT: &str = "http://json-schema.org/draft-07/schema#";

/// The field names of a struct as serde reads it (`#[serde(rename)]` applied): serde hands
/// them to the deserializer, which keeps them and reads nothing.
pub fn fields<T: DeserializeOwned>() -> &'static [&'static str] {
    let mut found = None;
    let _ = T::deserialize(Introspect(&mut found));
    found.unwrap_or(&[])
}

struct Introspect<'a>(&'a mut Option<&'static [&'static str]>);

impl<'de> de::Deserializer<'de> for Introspect<'_> {
    type Error = de::value::Error;

    fn deserialize_any<V: Visitor<'de>>(self, _: V) -> Result<V::Value, Self::Error> {
        Err(de::Error::custom("only a struct's field names are read"))
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        fields: &'static [&'static str],
        _visitor: V,
    ) -> Result<V::Value, Self::Error> {
        *self.0 = Some(fields);
        Err(de::Error::custom("only a struct's field names are read"))
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf option unit unit_struct newtype_struct seq tuple
        tuple_struct map enum identifier ignored_any
    }
}

/// One field: its name as serde reads it, whether it must be written, and its schema
/// (with its description).
struct Field {
    name: &'static str,
    required: bool,
    schema: Value,
}

fn field(name: &'static str, required: bool, description: &str, mut schema: Value) -> Field {
    // An empty description keeps the schema's own.
    if let (Value::Object(map), false) = (&mut schema, description.is_empty()) {
        map.insert("description".into(), Value::String(description.into()));
    }
    Field {
        name,
        required,
        schema,
    }
}

/// A closed object of `fields`, in the order serde has them (`names`); a field serde
/// reads that has no words here, or words for a name serde does not read, is named in
/// `missing` (the test of the schemas fails on it).
fn object(
    what: &str,
    names: &[&str],
    described: Vec<Field>,
    missing: &mut Vec<String>,
) -> Map<String, Value> {
    let mut properties = Map::new();
    let mut required = Vec::new();
    for name in names {
        match described.iter().find(|f| f.name == *name) {
            Some(f) => {
                properties.insert(f.name.to_string(), f.schema.clone());
                if f.required {
                    required.push(Value::String(f.name.to_string()));
                }
            }
            None => missing.push(format!("{what}: `{name}` is read but not described")),
        }
    }
    for f in &described {
        if !names.contains(&f.name) {
            missing.push(format!("{what}: `{}` is described but not read", f.name));
        }
    }
    let mut map = Map::new();
    map.insert("type".into(), json!("object"));
    map.insert("additionalProperties".into(), json!(false));
    map.insert("properties".into(), Value::Object(properties));
    if !required.is_empty() {
        map.insert("required".into(), Value::Array(required));
    }
    map
}

/// A value written as in a plan file (`40%`, `9 months`, `2.0`, `yes`): YAML reads some
/// as numbers or booleans, cxlint reads them all as plan text.
fn plan_value() -> Value {
    json!({ "type": ["string", "number", "boolean"] })
}

fn severities() -> Vec<&'static str> {
    use crate::diagnostic::Severity;
    [Severity::Error, Severity::Warning, Severity::Info]
        .iter()
        .map(|s| s.as_str())
        .collect()
}

/// A reference to one of the schema's definitions, in an `allOf` so that a description
/// written beside it is kept (draft 7 ignores what stands beside a `$ref`).
fn reference(definition: &str) -> Value {
    json!({ "allOf": [ { "$ref": format!("#/definitions/{definition}") } ] })
}

fn code_pattern() -> Value {
    json!("^[A-Z]+[0-9]+$")
}

/// The schema of `cxlint.yaml`, for the built-in rules (rule packs add codes of their
/// own, which the schema accepts without completing them), and the names serde reads
/// that it does not describe (none, when the schema is complete).
pub fn config_with_gaps() -> (Value, Vec<String>) {
    let rules = RuleSet::builtin();
    let names = crate::config::setting_names();
    let name_list = |section: &str| -> &'static [&'static str] {
        names
            .iter()
            .find(|(s, _)| *s == section)
            .map(|(_, f)| *f)
            .unwrap_or(&[])
    };
    let mut missing = Vec::new();

    let mut levels = vec!["off"];
    levels.extend(severities());
    let level = json!({
        "description": "off turns it off; error, warning or info turn it on at that severity",
        "anyOf": [
            { "enum": levels },
            { "const": false, "description": "`off` as a YAML 1.1 reader reads it" }
        ]
    });

    // One entry of `rules:` for a rule of unknown parameters (a rule pack's), and one per
    // built-in rule and group.
    let full_entry = |params: Value, what: &str, missing: &mut Vec<String>| -> Value {
        let described = vec![
            field(
                "severity",
                false,
                "off, error, warning or info",
                reference("level"),
            ),
            field("params", false, what, params),
        ];
        Value::Object(object(
            "a rule's settings",
            name_list("rule settings"),
            described,
            missing,
        ))
    };
    let any_params = json!({ "type": "object", "additionalProperties": plan_value() });
    let other_entry = json!({
        "description": "a rule code or group: off | error | warning | info, or { severity: …, params: { … } }",
        "anyOf": [
            { "$ref": "#/definitions/level" },
            full_entry(any_params, "the rule's parameters, each written as in a plan file, such as `40%` or `9 months`", &mut missing),
        ]
    });
    let mut rule_props = Map::new();
    let mut groups: Vec<&str> = rules.rules().iter().map(|r| r.group.as_str()).collect();
    groups.sort_unstable();
    groups.dedup();
    for group in &groups {
        let codes: Vec<&str> = rules
            .rules()
            .iter()
            .filter(|r| r.group == *group)
            .map(|r| r.code.as_str())
            .collect();
        rule_props.insert(
            group.to_string(),
            json!({
                "description": format!(
                    "every rule of the group {group} ({}): off | error | warning | info; a rule's own entry wins over its group's",
                    codes.join(", ")
                ),
                "anyOf": [
                    { "$ref": "#/definitions/level" },
                    {
                        "type": "object",
                        "additionalProperties": false,
                        "properties": { "severity": reference("level") }
                    }
                ]
            }),
        );
    }
    for r in rules.rules() {
        let mut params = Map::new();
        for p in &r.params {
            let mut schema = plan_value();
            schema["description"] = Value::String(format!(
                "{} ({}, {} by default)",
                p.doc,
                param_type_words(&p.ty),
                p.default
            ));
            params.insert(p.name.clone(), schema);
        }
        let params = json!({
            "type": "object",
            "additionalProperties": false,
            "properties": params,
        });
        let mut described = format!(
            "{} {} ({}, {} by default): {}",
            r.code,
            r.name,
            r.group,
            r.severity.as_str(),
            r.summary
        );
        if !r.params.is_empty() {
            let list: Vec<String> = r
                .params
                .iter()
                .map(|p| format!("{} ({})", p.name, p.default))
                .collect();
            described.push_str(&format!("; parameters: {}", list.join(", ")));
        }
        rule_props.insert(
            r.code.clone(),
            json!({
                "description": described,
                "anyOf": [
                    { "$ref": "#/definitions/level" },
                    full_entry(params, "the rule's parameters, each written as in a plan file", &mut missing),
                ]
            }),
        );
    }
    let rules_schema = json!({
        "type": "object",
        "description": "the severity of rules and groups (off | error | warning | info), and rule parameters written as in a plan file, such as `PX01: { params: { min_share: 40% } }`",
        "properties": rule_props,
        "propertyNames": { "pattern": "^([A-Z]+[0-9]+|[a-z][a-z0-9_-]*)$" },
        "additionalProperties": other_entry,
    });

    let glob_list = |what: &str| {
        json!({
            "type": "array",
            "description": what,
            "items": { "type": "string" }
        })
    };

    let override_fields = vec![
        field(
            "paths",
            true,
            "the plans this override applies to: path patterns relative to cxlint.yaml, such as `legacy/**`",
            json!({ "type": "array", "items": { "type": "string" } }),
        ),
        field(
            "rules",
            false,
            "the rules' settings for those plans, written as under the top-level `rules`; a later override wins",
            reference("rules"),
        ),
    ];
    let override_schema = object(
        "overrides",
        name_list("overrides"),
        override_fields,
        &mut missing,
    );

    let mut codes: Vec<&str> = rules.rules().iter().map(|r| r.code.as_str()).collect();
    codes.sort_unstable();
    let waiver_fields = vec![
        field(
            "code",
            true,
            "the code of the rule waived, such as PX01",
            json!({ "anyOf": [ { "enum": codes }, { "type": "string", "pattern": code_pattern() } ] }),
        ),
        field(
            "path",
            true,
            "the plans it applies to: a path or path pattern relative to cxlint.yaml",
            json!({ "type": "string" }),
        ),
        field(
            "block",
            false,
            "only the findings on this block, written as in the plan: kind and label, such as `spend \"CRM suite\"`",
            json!({ "type": "string" }),
        ),
        field(
            "reason",
            true,
            "why the finding is accepted, for the auditors (required)",
            json!({ "type": "string", "minLength": 1 }),
        ),
        field(
            "expires",
            false,
            "the last day the waiver holds, as 2027-06-30; after it the finding is reported again",
            json!({ "type": "string", "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$" }),
        ),
    ];
    let waiver_schema = object("waivers", name_list("waivers"), waiver_fields, &mut missing);

    let limit_fields: Vec<Field> = crate::limits::ALL
        .iter()
        .map(|l| {
            let (what, schema) = if l.bytes {
                (
                    format!(
                        "the largest {}: bytes, or a size such as `64 MiB` or `500 KB`; {} by default, at most {}",
                        l.what,
                        crate::limits::size(l.default),
                        crate::limits::size(l.ceiling)
                    ),
                    json!({ "anyOf": [
                        { "type": "integer", "minimum": 1, "maximum": l.ceiling },
                        { "type": "string", "pattern": "^ *[0-9][0-9_,]* *([bB]|[bB][yY][tT][eE][sS]|[kKmMgG][iI]?[bB])? *$" }
                    ] }),
                )
            } else {
                (
                    format!(
                        "the most {}: a whole number; {} by default, at most {}",
                        l.what, l.default, l.ceiling
                    ),
                    json!({ "anyOf": [
                        { "type": "integer", "minimum": 1, "maximum": l.ceiling },
                        { "type": "string", "pattern": "^ *[0-9][0-9_,]* *$" }
                    ] }),
                )
            };
            field(l.name, false, &what, schema)
        })
        .collect();
    let limits_schema = object("limits", name_list("limits"), limit_fields, &mut missing);

    let mut fail_on = vec!["never"];
    fail_on.extend(severities());
    let top_fields = vec![
        field(
            "fail_on",
            false,
            "the lowest severity that makes `cxlint check` fail: error (the default), warning, info, or never",
            json!({ "enum": fail_on }),
        ),
        field(
            "exclude",
            false,
            "",
            glob_list("paths cxlint skips when it walks folders: path patterns relative to cxlint.yaml, such as `drafts/**`"),
        ),
        field(
            "rules",
            false,
            "the severity of rules and groups (off | error | warning | info), and rule parameters written as in a plan file",
            reference("rules"),
        ),
        field(
            "overrides",
            false,
            "other settings for some plans: each gives `paths` and the `rules` to change there",
            json!({ "type": "array", "items": Value::Object(override_schema) }),
        ),
        field(
            "rule_dirs",
            false,
            "folders of rule packs to load besides the built-in rules, relative to cxlint.yaml and inside its folder",
            json!({ "type": "array", "items": { "type": "string" } }),
        ),
        field(
            "waivers",
            false,
            "findings accepted by your auditors: each names the rule's code, the plans, and why; an expiry date is recommended",
            json!({ "type": "array", "items": Value::Object(waiver_schema) }),
        ),
        field(
            "limits",
            false,
            "limits that keep cxlint fast on hostile or runaway files; each may be lowered freely and raised up to its ceiling",
            Value::Object(limits_schema),
        ),
    ];
    let top = object(
        "cxlint.yaml",
        name_list("cxlint.yaml"),
        top_fields,
        &mut missing,
    );
    let mut schema = Map::new();
    schema.insert("$schema".into(), json!(DRAFT));
    schema.insert("title".into(), json!("cxlint.yaml"));
    schema.insert(
        "description".into(),
        json!("The configuration of cxlint for the plans in this folder and the folders below it. Every setting is optional."),
    );
    schema.extend(top);
    schema.insert(
        "definitions".into(),
        json!({ "level": level, "rules": rules_schema }),
    );
    (Value::Object(schema), missing)
}

/// How a parameter type is named in words.
fn param_type_words(ty: &str) -> String {
    crate::rulelang::types::Ty::of_param(ty)
        .map(|t| t.describe())
        .unwrap_or_else(|| ty.to_string())
}

/// The schema of a rule file (`rules/<group>/<CODE>-<name>.yaml`), and the names serde
/// reads that it does not describe (none, when the schema is complete).
pub fn rule_file_with_gaps() -> (Value, Vec<String>) {
    use crate::engine::file::{CheckFile, ExamplesFile, ParamFile, RuleFile};
    use crate::rulelang::types::Ty;
    let rules = RuleSet::builtin();
    let mut missing = Vec::new();

    let type_words: Vec<String> = Ty::PARAM_TYPES
        .iter()
        .map(|t| format!("{t} ({})", param_type_words(t)))
        .collect();
    let param_fields = vec![
        field(
            "type",
            true,
            &format!("the parameter's type: {}", type_words.join(", ")),
            json!({ "enum": Ty::PARAM_TYPES }),
        ),
        field(
            "default",
            true,
            "its value when cxlint.yaml sets none, written as in a plan file (`25%`, `24 months`, `2.0`)",
            plan_value(),
        ),
        field(
            "doc",
            false,
            "what it sets, in a few words, for `cxlint explain` and the rule's page",
            json!({ "type": "string" }),
        ),
    ];
    let param_schema = object(
        "a rule parameter",
        fields::<ParamFile>(),
        param_fields,
        &mut missing,
    );

    let mut kinds: Vec<&str> = crate::schema::kinds().collect();
    kinds.sort_unstable();
    let check_fields = vec![
        field(
            "for",
            false,
            "run the check once for every block of this kind, wherever it is; without it the check runs once, with `self` the programme",
            json!({ "enum": kinds }),
        ),
        field(
            "let",
            false,
            "named values, evaluated in the order written; each sees the ones before it, and `when`, `at` and `message` see them all",
            json!({ "type": "object", "additionalProperties": { "type": "string" } }),
        ),
        field(
            "when",
            true,
            "the condition, an expression: the rule fires where it holds",
            json!({ "type": ["string", "boolean"] }),
        ),
        field(
            "at",
            false,
            "what the finding points at: a block or an attribute (`self` when not given)",
            json!({ "type": "string" }),
        ),
        field(
            "message",
            true,
            "the finding's message: text with `{expression}` parts; `{{` and `}}` are braces",
            json!({ "type": "string" }),
        ),
        field(
            "help",
            false,
            "what the reader should change, for this check's findings only (the rule's `help` otherwise)",
            json!({ "type": "string" }),
        ),
    ];
    let check_schema = object("a check", fields::<CheckFile>(), check_fields, &mut missing);

    let example_list = |what: &str| {
        json!({ "type": "array", "items": { "type": "string" } }).tap_description(what)
    };
    let example_fields = vec![
        field(
            "bad",
            false,
            "",
            example_list(
                "plans the rule must fire on, exactly where `# expect: CODE` marks a line",
            ),
        ),
        field(
            "good",
            false,
            "",
            example_list("plans the rule must not fire on"),
        ),
        field(
            "currency",
            false,
            "the currency of the programme the examples are wrapped in (USD when not given): three capital letters",
            json!({ "type": "string", "pattern": "^[A-Z]{3}$" }),
        ),
    ];
    let examples_schema = object(
        "examples",
        fields::<ExamplesFile>(),
        example_fields,
        &mut missing,
    );

    let mut groups: Vec<&str> = rules.rules().iter().map(|r| r.group.as_str()).collect();
    groups.sort_unstable();
    groups.dedup();
    let rule_fields = vec![
        field(
            "code",
            true,
            "capital letters then digits, such as PX01; unique across all loaded rules, and the start of the file's name",
            json!({ "type": "string", "pattern": code_pattern() }),
        ),
        field(
            "name",
            true,
            "kebab-case, naming the pattern flagged (not the fix), such as reap-what-you-sow; the end of the file's name",
            json!({ "type": "string", "pattern": "^[a-z][a-z0-9]*(-[a-z0-9]+)*$" }),
        ),
        field(
            "group",
            true,
            "the rule's group, turned on and off together in cxlint.yaml: a built-in group or one of your own",
            json!({ "anyOf": [ { "enum": groups }, { "type": "string", "pattern": "^[a-z][a-z0-9_-]*$" } ] }),
        ),
        field(
            "severity",
            true,
            "its severity unless cxlint.yaml sets another: error, warning or info",
            json!({ "enum": severities() }),
        ),
        field(
            "summary",
            true,
            "one line, for `cxlint rules`",
            json!({ "type": "string" }),
        ),
        field(
            "params",
            false,
            "the values cxlint.yaml may set for this rule, by name",
            json!({
                "type": "object",
                "propertyNames": { "pattern": "^[a-z_][a-z0-9_]*$" },
                "additionalProperties": Value::Object(param_schema),
            }),
        ),
        field(
            "help",
            true,
            "what to do about a finding, in one sentence",
            json!({ "type": "string" }),
        ),
        field(
            "explain",
            true,
            "Markdown, for `cxlint explain`: what the rule looks for, why it matters, what to do",
            json!({ "type": "string" }),
        ),
        field(
            "checks",
            true,
            "the conditions, each firing on its own: one per lettered condition of the rule",
            json!({ "type": "array", "items": Value::Object(check_schema) }),
        ),
        field(
            "examples",
            true,
            "plans the rule fires on (`bad`) and does not (`good`); `cxlint` tests every rule on its examples",
            Value::Object(examples_schema),
        ),
    ];
    let top = object(
        "a rule file",
        fields::<RuleFile>(),
        rule_fields,
        &mut missing,
    );
    let mut schema = Map::new();
    schema.insert("$schema".into(), json!(DRAFT));
    schema.insert("title".into(), json!("cxlint rule file"));
    schema.insert(
        "description".into(),
        json!("One cxlint rule: rules/<group>/<CODE>-<name>.yaml. Every field is checked when the file loads; docs/rule-language.md describes them."),
    );
    schema.extend(top);
    (Value::Object(schema), missing)
}

trait TapDescription {
    fn tap_description(self, description: &str) -> Value;
}

impl TapDescription for Value {
    fn tap_description(mut self, description: &str) -> Value {
        if let Value::Object(map) = &mut self {
            map.insert("description".into(), Value::String(description.into()));
        }
        self
    }
}

/// A schema as committed: pretty JSON ending in a newline.
pub fn text(schema: &Value) -> String {
    let mut s = serde_json::to_string_pretty(schema).unwrap_or_default();
    s.push('\n');
    s
}

/// The committed schemas: their file names under `schemas/` and their text.
pub fn all() -> Vec<(&'static str, String)> {
    vec![
        ("cxlint.schema.json", text(&config_with_gaps().0)),
        ("rule.schema.json", text(&rule_file_with_gaps().0)),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_setting_and_field_is_described() {
        let (_, gaps) = config_with_gaps();
        assert!(gaps.is_empty(), "{gaps:?}");
        let (_, gaps) = rule_file_with_gaps();
        assert!(gaps.is_empty(), "{gaps:?}");
    }

    #[test]
    fn field_names_come_from_serde() {
        use crate::engine::file::CheckFile;
        assert_eq!(
            fields::<CheckFile>(),
            &["for", "let", "when", "at", "message", "help"]
        );
        // Not a struct: nothing.
        assert!(fields::<String>().is_empty());
    }

    #[test]
    fn parameter_types_are_the_compiler_s() {
        for t in crate::rulelang::types::Ty::PARAM_TYPES {
            assert!(crate::rulelang::types::Ty::of_param(t).is_some(), "{t}");
        }
    }
}
