//! Running a rule's own examples (`cxlint test`): each bad example must fire the rule
//! exactly on the lines marked `# expect: CODE`, each good one must not fire it.

use std::collections::BTreeMap;

use crate::diagnostic::Diagnostic;
use crate::engine::{RuleSet, RuleSettings};
use crate::model::build::load_text;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExampleKind {
    Bad,
    Good,
}

impl ExampleKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ExampleKind::Bad => "bad",
            ExampleKind::Good => "good",
        }
    }
}

/// The outcome of one example.
#[derive(Debug, Clone)]
pub struct ExampleResult {
    pub code: String,
    /// The rule file.
    pub source: String,
    pub kind: ExampleKind,
    /// From 1, within its kind.
    pub index: usize,
    pub passed: bool,
    /// What went wrong, in plain words (empty when it passed).
    pub problems: Vec<String>,
    /// The example's E diagnostics, or the rule's diagnostics when they were not the
    /// expected ones.
    pub diagnostics: Vec<Diagnostic>,
}

/// The currency of the programme examples are placed in when their rule file names none.
pub const DEFAULT_CURRENCY: &str = "USD";

/// The text linted for an example: as written when it starts with `programme` (after
/// blank and comment lines), else
/// placed inside `programme "Example" { currency = USD … }` opened on its first line.
pub fn wrap(example: &str) -> String {
    wrap_in(example, DEFAULT_CURRENCY)
}

/// [`wrap`] in a programme of the given currency (`examples: currency:` of a rule file).
pub fn wrap_in(example: &str, currency: &str) -> String {
    let first = example
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty() && !l.starts_with('#'))
        .unwrap_or("");
    if first.starts_with("programme") {
        example.to_string()
    } else {
        format!("programme \"Example\" {{ currency = {currency}  {example}\n}}\n")
    }
}

/// The marker of a test expectation in an example or a test plan.
const EXPECT: &str = "# expect:";

/// Every `# expect: CODE, CODE` marker of a text, as (1-based line, code), in order: the
/// one reader of the marker, for the rule examples, their pages and the tests.
pub fn expectations(text: &str) -> Vec<(usize, String)> {
    let mut found = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let Some(at) = line.find(EXPECT) else {
            continue;
        };
        for c in line[at + EXPECT.len()..].split(',') {
            found.push((i + 1, c.trim().to_string()));
        }
    }
    found
}

/// Lines marked `# expect: CODE, CODE` for `code`, each as often as it is listed.
pub fn expected_lines(example: &str, code: &str) -> Vec<usize> {
    expectations(example)
        .into_iter()
        .filter(|(_, c)| c == code)
        .map(|(line, _)| line)
        .collect()
}

/// An example as a reader wants it: the test markers (`# expect: FM06`) say in words
/// where the rule fires.
pub fn readable(example: &str) -> String {
    example
        .trim_end()
        .lines()
        .map(|line| match line.find(EXPECT) {
            Some(i) => {
                let codes = line[i + EXPECT.len()..].trim();
                format!("{}# {codes} fires here", &line[..i])
            }
            None => line.to_string(),
        })
        .collect::<Vec<_>>()
        .join("\n")
}

impl RuleSet {
    /// Run the examples of the rules whose codes are given (all rules when `None`).
    pub fn run_examples(&self, codes: Option<&[String]>) -> Vec<ExampleResult> {
        let mut results = Vec::new();
        for meta in &self.rules {
            if codes.is_some_and(|c| !c.contains(&meta.code)) {
                continue;
            }
            let (bad, good) = self.examples(&meta.code);
            for (kind, list) in [(ExampleKind::Bad, bad), (ExampleKind::Good, good)] {
                for (i, text) in list.iter().enumerate() {
                    results.push(self.run_example(&meta.code, &meta.source, kind, i + 1, text));
                }
            }
        }
        results
    }

    fn run_example(
        &self,
        code: &str,
        source: &str,
        kind: ExampleKind,
        index: usize,
        text: &str,
    ) -> ExampleResult {
        let mut result = ExampleResult {
            code: code.to_string(),
            source: source.to_string(),
            kind,
            index,
            passed: false,
            problems: Vec::new(),
            diagnostics: Vec::new(),
        };
        let display = format!("{source} ({} example {index})", kind.as_str());
        let outcome = load_text(&display, &wrap_in(text, self.examples_currency(code)));
        if !outcome.diagnostics.is_empty() {
            result
                .problems
                .push("the example is not a valid programme".to_string());
            result.diagnostics = outcome.diagnostics;
            return result;
        }
        let Some(programme) = outcome.programmes.first() else {
            result
                .problems
                .push("the example holds no programme".to_string());
            return result;
        };
        let Some(meta) = self.rules.iter().find(|m| m.code == code) else {
            return result;
        };
        let severity = meta.severity;
        let only = |c: &str| {
            (c == code).then(|| RuleSettings {
                severity,
                params: BTreeMap::new(),
            })
        };
        for foreign in self.foreign_money(programme, &only) {
            result.problems.push(format!(
                "the parameter `{}` is {} but the example's programme is in {}, so {code} cannot fire as it should; write `currency: {}` under `examples:` in the rule file (or give the parameter in {})",
                foreign.param,
                foreign.written,
                foreign.programme_currency,
                foreign.currency,
                foreign.programme_currency,
            ));
        }
        let diagnostics: Vec<Diagnostic> = self
            .evaluate(programme, &only)
            .into_iter()
            .filter(|d| d.code == code)
            .collect();
        let mut actual: Vec<usize> = diagnostics.iter().map(|d| d.start().0).collect();
        actual.sort_unstable();
        let mut expected = match kind {
            ExampleKind::Bad => expected_lines(text, code),
            ExampleKind::Good => Vec::new(),
        };
        expected.sort_unstable();
        if kind == ExampleKind::Bad && expected.is_empty() {
            result.problems.push(format!(
                "the bad example marks no line with `# expect: {code}`"
            ));
        }
        if actual != expected {
            let show = |v: &[usize]| {
                if v.is_empty() {
                    "nowhere".to_string()
                } else {
                    let lines: Vec<String> = v.iter().map(|l| l.to_string()).collect();
                    format!("on line {}", lines.join(", "))
                }
            };
            result.problems.push(format!(
                "{code} should fire {} but fired {}",
                show(&expected),
                show(&actual)
            ));
            result.diagnostics = diagnostics;
        }
        result.passed = result.problems.is_empty();
        result
    }
}
