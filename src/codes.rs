//! The registry of codes cxlint itself owns: semantic errors (E) and suppression
//! diagnostics (S) about plans, and the codes of problems in cxlint's other inputs
//! (CONFIG, RULE, YAML). Rule codes come from rule files; the registry test
//! (tests/engine_meta.rs) checks that every code and name is used once and keeps a
//! snapshot of the list.

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Code {
    E001,
    E002,
    E003,
    E004,
    E005,
    E006,
    E007,
    E008,
    E009,
    E010,
    E011,
    E012,
    E013,
    E014,
    E015,
    S001,
    S002,
    S003,
    S004,
}

impl Code {
    pub const ALL: [Code; 19] = [
        Code::E001,
        Code::E002,
        Code::E003,
        Code::E004,
        Code::E005,
        Code::E006,
        Code::E007,
        Code::E008,
        Code::E009,
        Code::E010,
        Code::E011,
        Code::E012,
        Code::E013,
        Code::E014,
        Code::E015,
        Code::S001,
        Code::S002,
        Code::S003,
        Code::S004,
    ];

    pub fn code(self) -> &'static str {
        self.info().0
    }

    pub fn name(self) -> &'static str {
        self.info().1
    }

    pub fn summary(self) -> &'static str {
        self.info().2
    }

    /// What the code means, why it matters, an example that produces it and the fix
    /// (from `src/codes-explained.yaml`).
    pub fn explained(self) -> Option<&'static Explained> {
        explained_all().get(self.code())
    }

    pub fn from_code(code: &str) -> Option<Code> {
        Code::ALL.into_iter().find(|c| c.code() == code)
    }

    fn info(self) -> (&'static str, &'static str, &'static str) {
        match self {
            Code::E001 => (
                "E001",
                "syntax-error",
                "the text does not follow the plan language",
            ),
            Code::E002 => (
                "E002",
                "unknown-name",
                "unknown block kind or attribute, or one where it is not allowed",
            ),
            Code::E003 => ("E003", "wrong-type", "a value of the wrong type"),
            Code::E004 => (
                "E004",
                "unknown-choice",
                "a word that is not one of the allowed values",
            ),
            Code::E005 => (
                "E005",
                "duplicate",
                "a label used twice for one kind, or an attribute given twice",
            ),
            Code::E006 => (
                "E006",
                "unknown-reference",
                "a reference to a block that does not exist",
            ),
            Code::E007 => (
                "E007",
                "org-chart",
                "the org chart has a cycle, no root, or several roots",
            ),
            Code::E008 => (
                "E008",
                "weights-not-100",
                "a pay plan's metric weights do not add up to 100 %",
            ),
            Code::E009 => (
                "E009",
                "foreign-currency",
                "money in a currency other than the programme's",
            ),
            Code::E010 => (
                "E010",
                "missing-required",
                "a required attribute or block is missing",
            ),
            Code::E011 => (
                "E011",
                "include-error",
                "an include that cannot be followed",
            ),
            Code::E012 => ("E012", "out-of-range", "a value outside its possible range"),
            Code::E013 => (
                "E013",
                "programme-count",
                "a file with no programme that nothing includes, or with several programmes",
            ),
            Code::E014 => ("E014", "not-text", "the file cannot be read as UTF-8 text"),
            Code::E015 => (
                "E015",
                "hidden-characters",
                "a bidirectional control or invisible character that can make the text read differently from what cxlint sees",
            ),
            Code::S001 => (
                "S001",
                "suppression-without-reason",
                "an allow comment without a reason",
            ),
            Code::S002 => (
                "S002",
                "unused-suppression",
                "an allow comment that suppressed nothing",
            ),
            Code::S003 => ("S003", "expired-waiver", "a waiver past its expiry date"),
            Code::S004 => (
                "S004",
                "unknown-code-in-allow",
                "an allow comment naming a code that is no loaded rule, an E or S code, or a group",
            ),
        }
    }
}

/// The explanation of an E or S code, kept in `src/codes-explained.yaml` beside this
/// registry.
#[derive(Debug, Clone, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Explained {
    /// What the code means, in plain words.
    pub means: String,
    /// Why it matters.
    pub why: String,
    /// A plan that produces the code, lines marked `# expect: CODE`; an invisible
    /// character is written as `<U+202E>` (see [`example_text`]).
    pub example: String,
    /// The cxlint.yaml the example is checked under, when it needs one.
    #[serde(default)]
    pub config: Option<String>,
    /// The encoding the example is saved in, when it is not UTF-8 (`UTF-16`).
    #[serde(default)]
    pub saved_as: Option<String>,
    /// What to do about it.
    pub fix: String,
}

const EXPLAINED: &str = include_str!("codes-explained.yaml");

/// Every explanation by code, read once (none when the file cannot be read, which its
/// test rules out).
fn explained_all() -> &'static std::collections::BTreeMap<String, Explained> {
    static ALL: std::sync::OnceLock<std::collections::BTreeMap<String, Explained>> =
        std::sync::OnceLock::new();
    ALL.get_or_init(|| serde_saphyr::from_str(EXPLAINED).unwrap_or_default())
}

/// An example as it is saved: each `<U+XXXX>` replaced by that character.
pub fn example_text(example: &str) -> String {
    let mut out = String::with_capacity(example.len());
    let mut rest = example;
    while let Some(at) = rest.find("<U+") {
        out.push_str(&rest[..at]);
        let after = &rest[at + 3..];
        let hex: String = after
            .chars()
            .take_while(|c| c.is_ascii_hexdigit())
            .collect();
        let ch = u32::from_str_radix(&hex, 16).ok().and_then(char::from_u32);
        match (ch, after[hex.len()..].starts_with('>')) {
            (Some(c), true) if !hex.is_empty() => {
                out.push(c);
                rest = &after[hex.len() + 1..];
            }
            _ => {
                out.push_str("<U+");
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// A problem in one of cxlint's inputs other than plans: the configuration, a rule file,
/// or the YAML either is written in. These stop the run (exit 2); they are not findings
/// about a plan, so they cannot be selected, ignored or allowed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum InputCode {
    Config,
    Rule,
    Yaml,
}

impl InputCode {
    pub const ALL: [InputCode; 3] = [InputCode::Config, InputCode::Rule, InputCode::Yaml];

    pub fn code(self) -> &'static str {
        self.info().0
    }

    pub fn name(self) -> &'static str {
        self.info().1
    }

    pub fn summary(self) -> &'static str {
        self.info().2
    }

    fn info(self) -> (&'static str, &'static str, &'static str) {
        match self {
            InputCode::Config => (
                "CONFIG",
                "invalid-config",
                "a configuration file (cxlint.yaml) or command-line setting that cannot be used",
            ),
            InputCode::Rule => (
                "RULE",
                "invalid-rule",
                "a rule file that cannot be loaded: a missing field, an unknown name, a type error",
            ),
            InputCode::Yaml => (
                "YAML",
                "invalid-yaml",
                "a configuration or rule file that is not valid YAML, or exceeds a reading limit",
            ),
        }
    }
}

/// Whether `code` is one of the input codes (CONFIG, RULE, YAML): a problem that stops
/// the run rather than a finding about a plan.
pub fn is_input(code: &str) -> bool {
    InputCode::ALL.iter().any(|c| c.code() == code)
}

/// Every code cxlint owns, as (code, name, summary): the plan codes, then the input codes.
pub fn registry() -> Vec<(&'static str, &'static str, &'static str)> {
    let plan = Code::ALL
        .into_iter()
        .map(|c| (c.code(), c.name(), c.summary()));
    let input = InputCode::ALL
        .into_iter()
        .map(|c| (c.code(), c.name(), c.summary()));
    plan.chain(input).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn every_code_is_explained() {
        let all: std::collections::BTreeMap<String, Explained> =
            serde_saphyr::from_str(EXPLAINED).unwrap_or_else(|e| panic!("{e}"));
        for c in Code::ALL {
            assert!(all.contains_key(c.code()), "{} is not explained", c.code());
        }
        assert_eq!(all.len(), Code::ALL.len());
    }

    #[test]
    fn codes_and_names_are_unique() {
        let all = registry();
        let codes: HashSet<_> = all.iter().map(|c| c.0).collect();
        let names: HashSet<_> = all.iter().map(|c| c.1).collect();
        assert_eq!(codes.len(), all.len());
        assert_eq!(names.len(), all.len());
        for c in Code::ALL {
            assert_eq!(Code::from_code(c.code()), Some(c));
        }
    }
}
