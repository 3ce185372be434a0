//! The rule engine: loads rule files (YAML, one rule each), type-checks their checks
//! against the schema, and evaluates them on a [`Programme`](crate::model::Programme).
//! It knows no rule by name.

use std::collections::BTreeMap;

use crate::diagnostic::Severity;

/// What the rest of cxlint needs to know about a rule, whatever its source.
#[derive(Debug, Clone)]
pub struct RuleMeta {
    pub code: String,
    pub name: String,
    pub group: String,
    pub severity: Severity,
    pub summary: String,
    pub help: String,
    /// Markdown.
    pub explain: String,
    pub params: Vec<ParamMeta>,
    /// The rule file it came from (`rules/fatal/FM06-reap-what-you-sow.yaml` for built-ins).
    pub source: String,
}

#[derive(Debug, Clone)]
pub struct ParamMeta {
    pub name: String,
    /// `pct`, `dur`, `num`, `money`, `date`, `str`, `bool`.
    pub ty: String,
    /// Written as in a `.cxp` file (`25%`, `24 months`).
    pub default: String,
    pub doc: String,
}

/// The effective settings of one rule for one file, after configuration.
#[derive(Debug, Clone)]
pub struct RuleSettings {
    pub severity: Severity,
    /// Parameter overrides, written as in a `.cxp` file; validated by
    /// `RuleSet::check_param` when the configuration is loaded.
    pub params: BTreeMap<String, String>,
}

/// The rules of one run: the built-in catalogue plus any packs, compiled once.
/// Interface (the engine fills it in):
/// - `RuleSet::builtin() -> RuleSet` (rule files compiled into the binary)
/// - `RuleSet::load_dir(&mut self, dir: &Path) -> Result<(), Vec<Diagnostic>>` (a pack;
///   errors point into the rule files)
/// - `RuleSet::rules(&self) -> &[RuleMeta]` (sorted by code)
/// - `RuleSet::check_param(&self, code, param, text) -> Result<(), String>`
/// - `RuleSet::evaluate(&self, programme, settings: &dyn Fn(&str) -> Option<RuleSettings>)
///   -> Vec<Diagnostic>` (`None` = the rule is off for this programme)
/// - `RuleSet::scorecard(&self, programme) -> Vec<ScoreEntry>`
/// - `RuleSet::run_examples(&self, codes) -> Vec<ExampleResult>` (for `cxlint test`)
/// - `RuleSet::examples(&self, code) -> (Vec<String>, Vec<String>)` (bad, good)
#[derive(Debug, Default)]
pub struct RuleSet {
    rules: Vec<RuleMeta>,
}

impl RuleSet {
    pub fn rules(&self) -> &[RuleMeta] {
        &self.rules
    }
}
