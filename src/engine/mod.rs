//! The rule engine: loads rule files (YAML, one rule each), type-checks their checks
//! against the schema, and evaluates them on a [`Programme`](crate::model::Programme).
//! It knows no rule by name.

mod cache;
pub mod examples;
pub(crate) mod file;
pub mod fingerprint;
mod load;
mod run;

use std::collections::BTreeMap;

use crate::Map;
use std::path::Path;
use std::sync::{Arc, OnceLock};

use serde::{Deserialize, Serialize};

use crate::diagnostic::{Diagnostic, Severity};
use crate::limits::Limits;
use crate::model::{Loc, NodeId, Programme};
use crate::rulelang::check::Definition;
use crate::rulelang::eval::{Context, Evaluator, OutOfSteps};
use crate::rulelang::ir::{Compiled, Ir};
use crate::rulelang::types::Ty;
use crate::rulelang::val::Val;
use crate::rulelang::{serial, Piece};
use crate::source::SourceFile;
use crate::value::Decimal;

pub use examples::{expected_lines, wrap, wrap_in, ExampleKind, ExampleResult};

/// What the rest of cxlint needs to know about a rule, whatever its source.
#[derive(Debug, Clone, Serialize, Deserialize)]
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

#[derive(Debug, Clone, Serialize, Deserialize)]
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

/// One line of the ten-choices scorecard for one programme.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScoreEntry {
    /// From 1.
    pub number: usize,
    pub title: String,
    pub made: bool,
}

/// Steps all the rules together may take on one programme before they are stopped (at
/// least; large programmes get [`STEPS_PER_BLOCK`] per block), by default:
/// `limits.evaluation_steps` ([`Limits::step_budget`]).
pub const STEP_BUDGET: u64 = crate::limits::EVALUATION_STEPS.default;
pub const STEPS_PER_BLOCK: u64 = STEP_BUDGET / crate::limits::BLOCKS_PER_BUDGET;

/// The longest message a rule's template may render, in characters: a longer one is cut
/// and ends with `…` (a template that repeats a long label many times cannot fill the
/// output).
pub const MAX_MESSAGE_CHARS: usize = 4_096;

/// A rule ready to evaluate.
#[derive(Debug, Serialize, Deserialize)]
pub(crate) struct CompiledRule {
    pub meta: RuleMeta,
    pub param_types: Vec<(String, Ty)>,
    pub defaults: Vec<Val>,
    pub checks: Vec<CompiledCheck>,
    pub bad: Vec<String>,
    pub good: Vec<String>,
    /// Where each parameter's default is written in the rule file (in the order of
    /// `param_types`), for the problems a configured plan finds with it.
    #[serde(default)]
    pub default_spans: Vec<std::ops::Range<usize>>,
    /// The currency of the programme the examples are placed in (`examples: currency:`);
    /// USD when not written.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub examples_currency: Option<String>,
}

/// A money parameter of a rule that is on for a programme, in another currency than the
/// programme's: amounts in different currencies never compare, so the rule cannot fire
/// there as it should.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ForeignMoney {
    pub code: String,
    pub param: String,
    /// The value as written (`1M GBP`).
    pub written: String,
    /// The parameter's currency.
    pub currency: String,
    /// The programme's currency.
    pub programme_currency: String,
    /// Whether the value is the rule file's default (else it was configured).
    pub is_default: bool,
}

#[derive(Debug, Serialize, Deserialize)]
pub(crate) struct CompiledCheck {
    #[serde(with = "serial::kind_opt")]
    pub for_kind: Option<serial::SchemaName>,
    /// `let`s that are the same for every block checked: evaluated once.
    pub fixed_lets: Vec<(usize, Ir)>,
    /// `let`s that depend on `self`: evaluated for each block.
    pub lets: Vec<(usize, Ir)>,
    pub when: Ir,
    pub at: Option<Ir>,
    pub message: Vec<Piece<Ir>>,
    pub slots: usize,
    /// The help of this check's findings (`help:` of the check); the rule's when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub help: Option<String>,
}

/// The rules of one run: the built-in catalogue plus any packs, compiled once.
/// - `RuleSet::builtin() -> RuleSet` (rule files compiled into the binary)
/// - `RuleSet::load_dir(&mut self, dir: &Path) -> Result<(), Vec<Diagnostic>>` (a pack;
///   errors point into the rule files)
/// - `RuleSet::rules(&self) -> &[RuleMeta]` (sorted by code)
/// - `RuleSet::check_param(&self, code, param, text) -> Result<(), String>`
/// - `RuleSet::evaluate(&self, programme, settings: &dyn Fn(&str) -> Option<RuleSettings>)
///   -> Vec<Diagnostic>` (`None` = the rule is off for this programme)
/// - `RuleSet::scorecard(&self, programme) -> Vec<ScoreEntry>`
/// - `RuleSet::run_examples(&self, codes: Option<&[String]>) -> Vec<ExampleResult>` (for
///   `cxlint test`; `None` = every rule)
/// - `RuleSet::examples(&self, code) -> (Vec<String>, Vec<String>)` (bad, good)
///
/// Also: `builtin_checked` (the built-in rules or their problems, always compiled from
/// the rule files), `builtin_from_cache` (the precompiled built-in rules, when current),
/// `cache_text` (the text of that precompiled form), `load_files` (a pack given as
/// texts), `set_budget` (evaluation steps, for tests), and [`wrap`] /
/// [`expected_lines`] (how examples are placed in a programme and what they expect).
/// Problems in rule files are diagnostics with code `RULE` (`invalid-rule`), or `YAML`
/// when the file is not the YAML it should be.
///
/// The built-in rules are compiled ahead of time: `src/engine/builtin-rules.json` holds
/// the compiled set (everything but `sources` and `budget`) with the fingerprint of the
/// rule files and compiler it came from; see the `cache` module.
#[derive(Debug, Default, Clone, Serialize, Deserialize)]
pub struct RuleSet {
    /// Sorted by code.
    rules: Vec<RuleMeta>,
    /// In load order (indices used by compiled `CODE.param` references).
    compiled: Vec<Arc<CompiledRule>>,
    #[serde(serialize_with = "cache::sorted_map")]
    definitions: Arc<Map<String, Definition>>,
    scorecard: Arc<Vec<Compiled>>,
    score_titles: Arc<Vec<String>>,
    /// Every rule and definitions file read, for diagnostics.
    #[serde(skip)]
    sources: Vec<Arc<SourceFile>>,
    #[serde(skip)]
    budget: Option<u64>,
}

static BUILTIN: OnceLock<RuleSet> = OnceLock::new();

/// The precompiled built-in rule set (see [`RuleSet::cache_text`]).
const CACHE: &str = include_str!("builtin-rules.json");

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/builtin_rules.rs"));
}

impl RuleSet {
    /// The built-in rules (compiled into the binary), read once per process: from their
    /// precompiled form when it is current, else compiled from the rule files.
    pub fn builtin() -> RuleSet {
        BUILTIN
            .get_or_init(|| match RuleSet::builtin_from_cache() {
                Some(set) => set,
                None => RuleSet::builtin_compiled(),
            })
            .clone()
    }

    /// The built-in rules read from their precompiled form, or `None` when it was made
    /// from other rule files or another compiler, or cannot be read.
    pub fn builtin_from_cache() -> Option<RuleSet> {
        let mut set = cache::read(CACHE, embedded::FINGERPRINT)?;
        set.sources = embedded::BUILTIN_RULE_FILES
            .iter()
            .map(|(path, text)| SourceFile::new(*path, *text))
            .collect();
        Some(set)
    }

    /// The text of the precompiled form of this rule set (`src/engine/builtin-rules.json`
    /// for the built-in rules), stamped with the current fingerprint.
    pub fn cache_text(&self) -> String {
        cache::write(self, embedded::FINGERPRINT)
    }

    fn builtin_compiled() -> RuleSet {
        match RuleSet::builtin_checked() {
            Ok(set) => set,
            Err(errors) => {
                let first = errors
                    .first()
                    .map(|d| format!("{}: {}", d.file.path, d.message))
                    .unwrap_or_default();
                panic!("the built-in rules do not load: {first}");
            }
        }
    }

    /// The built-in rules, or every problem found in them (for the test suite).
    pub fn builtin_checked() -> Result<RuleSet, Vec<Diagnostic>> {
        let mut set = RuleSet::default();
        let files: Vec<(String, String)> = embedded::BUILTIN_RULE_FILES
            .iter()
            .map(|(p, t)| (p.to_string(), t.to_string()))
            .collect();
        set.load_files(files)?;
        Ok(set)
    }

    /// Load a pack: every `*.yaml` under `dir` (a `definitions.yaml` in any folder holds
    /// definitions). Codes must be unique across all loaded rules. On error nothing of
    /// the pack is added.
    pub fn load_dir(&mut self, dir: &Path) -> Result<(), Vec<Diagnostic>> {
        self.load_dir_with(dir, &Limits::default())
    }

    /// [`RuleSet::load_dir`] under the given limits (size and YAML budgets of rule files).
    pub fn load_dir_with(&mut self, dir: &Path, limits: &Limits) -> Result<(), Vec<Diagnostic>> {
        let files = load::read_dir(dir, limits)?;
        self.load_files_with(files, limits)
    }

    /// Load rule and definitions files given as (path, text).
    pub fn load_files(&mut self, files: Vec<(String, String)>) -> Result<(), Vec<Diagnostic>> {
        self.load_files_with(files, &Limits::default())
    }

    /// [`RuleSet::load_files`] under the given limits (YAML budgets of rule files).
    pub fn load_files_with(
        &mut self,
        files: Vec<(String, String)>,
        limits: &Limits,
    ) -> Result<(), Vec<Diagnostic>> {
        let loaded = load::load(self, files, limits)?;
        *self = loaded;
        Ok(())
    }

    /// Limit the steps one rule may take on one programme (tests).
    pub fn set_budget(&mut self, steps: u64) {
        self.budget = Some(steps);
    }

    pub fn rules(&self) -> &[RuleMeta] {
        &self.rules
    }

    fn rule(&self, code: &str) -> Option<&Arc<CompiledRule>> {
        self.compiled.iter().find(|r| r.meta.code == code)
    }

    /// Check a parameter value written as in a `.cxp` file (`40%`, `9 months`) against
    /// the rule's parameter. The error says what is wrong, in plain words.
    pub fn check_param(&self, code: &str, param: &str, text: &str) -> Result<(), String> {
        let rule = self
            .rule(code)
            .ok_or_else(|| format!("there is no rule `{code}`"))?;
        let Some((_, ty)) = rule.param_types.iter().find(|(n, _)| n == param) else {
            let names: Vec<&str> = rule.param_types.iter().map(|(n, _)| n.as_str()).collect();
            let hint = crate::rulelang::suggest::did_you_mean(param, names.iter().copied())
                .map(|s| format!("; did you mean `{s}`?"))
                .unwrap_or_else(|| {
                    if names.is_empty() {
                        format!("; {code} has no parameters")
                    } else {
                        format!("; its parameters are: {}", names.join(", "))
                    }
                });
            return Err(format!("{code} has no parameter `{param}`{hint}"));
        };
        match load::param_value(ty, text)? {
            Val::Pct(p) if p < Decimal::ZERO || p > Decimal::ONE_HUNDRED => Err(format!(
                "a share is between 0% and 100%, found `{}`",
                text.trim()
            )),
            Val::Money(a, _) if a < Decimal::ZERO => Err(format!(
                "an amount cannot be negative, found `{}`",
                text.trim()
            )),
            Val::Dur(d) if d.amount < Decimal::ZERO => Err(format!(
                "a duration cannot be negative, found `{}`",
                text.trim()
            )),
            _ => Ok(()),
        }
    }

    /// Every money parameter of the rules that are on for `programme` (per `settings`)
    /// whose currency differs from the programme's, in rule order.
    pub fn foreign_money(
        &self,
        programme: &Programme,
        settings: &dyn Fn(&str) -> Option<RuleSettings>,
    ) -> Vec<ForeignMoney> {
        let mut out = Vec::new();
        if programme.nodes.is_empty() {
            return out;
        }
        let currency = currency_of(programme);
        if currency.is_empty() {
            return out;
        }
        for rule in &self.compiled {
            // Most rules take no amount: their settings are not looked up.
            if !rule.param_types.iter().any(|(_, ty)| *ty == Ty::Money) {
                continue;
            }
            let Some(setting) = settings(&rule.meta.code) else {
                continue;
            };
            for (i, (name, ty)) in rule.param_types.iter().enumerate() {
                if *ty != Ty::Money {
                    continue;
                }
                let configured = setting.params.get(name);
                let value = configured
                    .and_then(|text| load::param_value(ty, text).ok())
                    .or_else(|| rule.defaults.get(i).cloned());
                let Some(Val::Money(_, c)) = value else {
                    continue;
                };
                if c == currency {
                    continue;
                }
                let written = match configured {
                    Some(text) => text.trim().to_string(),
                    None => rule
                        .meta
                        .params
                        .iter()
                        .find(|p| p.name == *name)
                        .map(|p| p.default.clone())
                        .unwrap_or_default(),
                };
                out.push(ForeignMoney {
                    code: rule.meta.code.clone(),
                    param: name.clone(),
                    written,
                    currency: c.to_string(),
                    programme_currency: currency.clone(),
                    is_default: configured.is_none(),
                });
            }
        }
        out
    }

    /// The rule file of `code` and where the default of its parameter `param` is written
    /// there.
    pub fn default_place(
        &self,
        code: &str,
        param: &str,
    ) -> Option<(Arc<SourceFile>, std::ops::Range<usize>)> {
        let rule = self.rule(code)?;
        let file = self
            .sources
            .iter()
            .find(|f| f.path == rule.meta.source)?
            .clone();
        let index = rule.param_types.iter().position(|(n, _)| n == param)?;
        let span = rule
            .default_spans
            .get(index)
            .filter(|s| {
                s.start <= s.end
                    && s.end <= file.text.len()
                    && file.text.is_char_boundary(s.start)
                    && file.text.is_char_boundary(s.end)
            })
            .cloned()
            .unwrap_or(0..0);
        Some((file, span))
    }

    /// The bad and good examples of a rule, as written in its file.
    pub fn examples(&self, code: &str) -> (Vec<String>, Vec<String>) {
        match self.rule(code) {
            Some(r) => (r.bad.clone(), r.good.clone()),
            None => (Vec::new(), Vec::new()),
        }
    }

    /// The currency of the programme a rule's examples are placed in (USD unless the
    /// rule file's `examples:` says otherwise).
    pub fn examples_currency(&self, code: &str) -> &str {
        self.rule(code)
            .and_then(|r| r.examples_currency.as_deref())
            .unwrap_or(examples::DEFAULT_CURRENCY)
    }

    /// Run the rules on one programme. `settings(code)` gives a rule's effective
    /// severity and parameters, or `None` when it is off for this programme.
    pub fn evaluate(
        &self,
        programme: &Programme,
        settings: &dyn Fn(&str) -> Option<RuleSettings>,
    ) -> Vec<Diagnostic> {
        self.evaluate_with(programme, settings, &Limits::default())
    }

    /// [`RuleSet::evaluate`] under the given limits (`limits.evaluation_steps`).
    pub fn evaluate_with(
        &self,
        programme: &Programme,
        settings: &dyn Fn(&str) -> Option<RuleSettings>,
        limits: &Limits,
    ) -> Vec<Diagnostic> {
        let mut out = Vec::new();
        self.evaluate_into(programme, settings, limits, &mut |d| out.push(d));
        out
    }

    /// [`RuleSet::evaluate_with`], handing each finding to `out` as soon as it is made,
    /// so the caller need not hold them all. Returns the evaluation steps the rules took
    /// together (what `limits.evaluation_steps` bounds; a measure of their cost that
    /// does not depend on the machine).
    pub fn evaluate_into(
        &self,
        programme: &Programme,
        settings: &dyn Fn(&str) -> Option<RuleSettings>,
        limits: &Limits,
        out: &mut dyn FnMut(Diagnostic),
    ) -> u64 {
        if programme.nodes.is_empty() || programme.files.is_empty() {
            return 0;
        }
        let effective: Vec<Option<RuleSettings>> = self
            .compiled
            .iter()
            .map(|r| settings(&r.meta.code))
            .collect();
        let params: Vec<Vec<Val>> = self
            .compiled
            .iter()
            .zip(&effective)
            .map(|(r, s)| r.effective_params(s.as_ref()))
            .collect();
        let ctx = self.context(programme, &params);
        let mut by_kind: Map<&str, Vec<NodeId>> =
            Map::with_capacity_and_hasher(crate::schema::BLOCKS.len(), Default::default());
        for n in &programme.nodes {
            by_kind.entry(n.kind).or_default().push(n.id);
        }
        // One budget for all the rules together on this programme: a rule takes what
        // the rules before it left. Once it is used up, every rule still to finish says
        // so under its own code, so nothing is silently skipped.
        let budget = self
            .budget
            .unwrap_or_else(|| limits.step_budget(programme.nodes.len()));
        let mut left = budget;
        for (index, rule) in self.compiled.iter().enumerate() {
            let Some(setting) = &effective[index] else {
                continue;
            };
            let message = if left == 0 {
                format!(
                    "this rule could not run: the rules before it used up the {} evaluation steps this programme may take",
                    crate::limits::thousands(budget)
                )
            } else {
                let mut ev = Evaluator::new(&ctx, index, 0, left);
                let result = rule.run(&mut ev, &by_kind, setting.severity, out);
                left = ev.steps_left;
                if result.is_ok() {
                    continue;
                }
                left = 0;
                format!(
                    "this rule stopped before finishing: the rules together need more than {} evaluation steps on this programme",
                    crate::limits::thousands(budget)
                )
            };
            let root = programme.root();
            out(Diagnostic::new(
                &rule.meta.code,
                &rule.meta.name,
                setting.severity,
                programme.file_of(&root.header),
                root.header.span.clone(),
                message,
            )
            .with_help(format!(
                "the limit is limits.evaluation_steps in cxlint.yaml (at most {})",
                crate::limits::thousands(crate::limits::EVALUATION_STEPS.ceiling)
            ))
            .with_block(root.key()));
        }
        budget - left
    }

    /// What every evaluation on `programme` reads: the model, the effective parameters,
    /// the scorecard definitions and the indexes built once per programme.
    fn context<'a>(&'a self, programme: &'a Programme, params: &'a [Vec<Val>]) -> Context<'a> {
        Context::new(
            programme,
            params,
            &self.scorecard,
            &self.score_titles,
            currency_of(programme),
        )
    }

    /// The scorecard (the ten critical choices) for one programme.
    pub fn scorecard(&self, programme: &Programme) -> Vec<ScoreEntry> {
        let (titles, made) = self.choices(programme);
        titles
            .iter()
            .zip(made)
            .enumerate()
            .map(|(i, (title, made))| ScoreEntry {
                number: i + 1,
                title: title.clone(),
                made,
            })
            .collect()
    }

    /// The scorecard's titles (shared by every programme) and, for each, whether
    /// `programme` makes that choice: [`RuleSet::scorecard`] without a copy of the titles.
    pub fn choices(&self, programme: &Programme) -> (Arc<Vec<String>>, Vec<bool>) {
        if programme.nodes.is_empty() {
            return (Arc::default(), Vec::new());
        }
        let params: Vec<Vec<Val>> = self
            .compiled
            .iter()
            .map(|r| r.effective_params(None))
            .collect();
        let ctx = self.context(programme, &params);
        let mut ev = Evaluator::new(&ctx, 0, 0, self.budget.unwrap_or(STEP_BUDGET));
        let made = (0..self.score_titles.len())
            .map(|i| ev.made(i).unwrap_or(false))
            .collect();
        (self.score_titles.clone(), made)
    }
}

fn currency_of(programme: &Programme) -> String {
    match programme.root().attr("currency").map(|a| &a.value) {
        Some(crate::model::TypedValue::Word(w)) => w.to_string(),
        _ => String::new(),
    }
}
