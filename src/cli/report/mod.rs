//! `cxlint report`: what an auditor keeps as evidence of a run. At the top, when and how
//! the plans were judged (date, cxlint version, rule catalogue, configurations, paths)
//! and a verdict per programme; then each programme on its own: the ten-choices
//! scorecard, the findings counted by group, the findings to act on by group and
//! severity, and the findings that were waived or allowed.
//!
//! This file gathers the figures from one lint run; `markdown.rs`, `html.rs` and
//! `json.rs` write them out, and `stamp.rs` dates the report.

mod findings;
mod html;
mod json;
mod markdown;
mod stamp;

use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::Arc;

use crate::config::FailOn;
use crate::diagnostic::{Diagnostic, Severity};
use crate::engine::RuleMeta;
use crate::model::{Programme, TypedValue};
use crate::output::provenance::Catalogue;
use crate::value::Decimal;

use findings::{Finding, Findings};
use stamp::Stamp;

use super::{ReportArgs, ReportFormat, FINDINGS, OK, TROUBLE};

/// One programme of the report, with its figures.
struct ProgrammeReport {
    file: String,
    /// Every file of the programme (root and fragments).
    files: Vec<String>,
    name: String,
    /// The scorecard's titles (shared) and whether each choice is made.
    titles: Arc<Vec<String>>,
    choices: Vec<bool>,
    /// The configuration file that applies to it (`None`: the built-in defaults).
    config: Option<String>,
    /// The level at which `cxlint check` fails on it (its configuration's `fail_on`).
    fail_on: FailOn,
    /// group -> (error, warning, info), open findings only.
    groups: BTreeMap<String, [usize; 3]>,
    /// Open findings by severity: (error, warning, info).
    totals: [usize; 3],
    /// Findings accepted by an allow comment or a waiver.
    waived: usize,
    /// Indices into the run's diagnostics: the findings to act on and the accepted ones,
    /// each in file, line and column order.
    open: Vec<usize>,
    accepted: Vec<usize>,
    spend: Spend,
}

impl ProgrammeReport {
    fn made(&self) -> usize {
        self.choices.iter().filter(|&&m| m).count()
    }

    /// The scorecard, entry by entry.
    fn scorecard(&self) -> Vec<ScoreEntry<'_>> {
        self.titles
            .iter()
            .zip(&self.choices)
            .enumerate()
            .map(|(i, (title, &made))| ScoreEntry {
                number: i + 1,
                title,
                made,
            })
            .collect()
    }

    /// Whether `cxlint check` would pass this programme: no open finding at or above its
    /// `fail_on` level.
    fn passes(&self) -> bool {
        let [e, w, i] = self.totals;
        !((e > 0 && self.fail_on.fails(Severity::Error))
            || (w > 0 && self.fail_on.fails(Severity::Warning))
            || (i > 0 && self.fail_on.fails(Severity::Info)))
    }
}

/// One line of a programme's scorecard.
struct ScoreEntry<'a> {
    number: usize,
    title: &'a str,
    made: bool,
}

/// A plan that could not be checked: its E diagnostics (it has no scorecard).
struct Unchecked<'a> {
    file: String,
    errors: Vec<Finding<'a>>,
}

/// Yearly spend of a programme summed for the report's charts (presentation only: the
/// rules make their own judgement of these figures).
#[derive(Default)]
struct Spend {
    currency: String,
    /// (bar label, amount), in chart order.
    by_category: Vec<(&'static str, Decimal)>,
    by_purpose: Vec<(&'static str, Decimal)>,
}

/// What the report says about the run itself.
struct Facts {
    stamp: Stamp,
    catalogue: Catalogue,
    /// The configuration files in use (`None`: the built-in defaults).
    configs: Vec<Option<String>>,
    paths: Vec<String>,
    /// Where the rule pages are, for links (ends with `/`).
    docs_base: String,
}

/// Everything the renderers need.
struct Report<'a> {
    facts: Facts,
    programmes: Vec<ProgrammeReport>,
    unchecked: Vec<Unchecked<'a>>,
    diags: &'a Findings,
    /// Rule code -> group.
    group: HashMap<String, String>,
    /// Codes that have a page in docs/rules/ (built-in rules, E and S codes).
    pages: HashSet<String>,
    /// (code, reason) -> the expiry date of the waiver with that code and reason.
    waivers: HashMap<(String, String), Option<String>>,
}

impl Report<'_> {
    fn group_of(&self, code: &str) -> &str {
        match self.group.get(code) {
            Some(g) => g,
            None => fallback_group(code),
        }
    }

    /// The address of a code's page, when it has one.
    fn page(&self, code: &str) -> Option<String> {
        self.pages.contains(code).then(|| {
            format!(
                "{}{}.md",
                self.facts.docs_base,
                crate::output::provenance::encode(code)
            )
        })
    }

    /// How a suppressed finding was accepted: by a waiver in a configuration (with its
    /// expiry date) when one with this code and reason exists, else by an allow comment.
    fn acceptance<'d>(&self, d: &Finding<'d>) -> Acceptance<'d> {
        let reason = d.suppressed.unwrap_or("");
        match self.waivers.get(&(d.code.to_string(), reason.to_string())) {
            Some(expires) => Acceptance {
                how: "waiver in cxlint.yaml",
                kind: "waiver",
                reason,
                expires: expires.clone(),
            },
            None => Acceptance {
                how: "allow comment in the plan",
                kind: "allow",
                reason,
                expires: None,
            },
        }
    }

    /// A programme's open findings by group: the groups with the most serious findings
    /// first, and in each group errors, then warnings, then infos (file order within).
    fn findings_by_group(&self, r: &ProgrammeReport) -> Vec<(&str, Vec<Finding<'_>>)> {
        let mut by_group: BTreeMap<&str, Vec<Finding<'_>>> = BTreeMap::new();
        for &i in &r.open {
            let d = self.diags.get(i);
            by_group.entry(self.group_of(d.code)).or_default().push(d);
        }
        let mut groups: Vec<(&str, Vec<Finding<'_>>)> = by_group.into_iter().collect();
        for (_, list) in &mut groups {
            list.sort_by_key(|d| std::cmp::Reverse(d.severity));
        }
        groups.sort_by_key(|(name, list)| {
            let count = |s: Severity| list.iter().filter(|d| d.severity == s).count();
            (
                std::cmp::Reverse((count(Severity::Error), count(Severity::Warning))),
                *name,
            )
        });
        groups
    }

    fn accepted<'s>(&'s self, r: &'s ProgrammeReport) -> impl Iterator<Item = Finding<'s>> {
        r.accepted.iter().map(|&i| self.diags.get(i))
    }
}

/// Where a suppressed finding was accepted, for the auditor's table.
struct Acceptance<'a> {
    how: &'static str,
    kind: &'static str,
    reason: &'a str,
    expires: Option<String>,
}

pub fn run(a: ReportArgs) -> i32 {
    let paths = if a.paths.is_empty() {
        vec![".".to_string()]
    } else {
        a.paths.clone()
    };
    let docs_base = match docs_base(a.docs_base.as_deref()) {
        Ok(b) => b,
        Err(m) => {
            eprintln!("cxlint: {m}");
            return TROUBLE;
        }
    };
    let epoch = std::env::var("SOURCE_DATE_EPOCH").ok();
    let stamp = match Stamp::of(a.lint.today.as_deref(), epoch.as_deref()) {
        Ok(s) => s,
        Err(m) => {
            eprintln!("cxlint: {m}");
            return TROUBLE;
        }
    };
    let Some(plans) = super::plans::gather(&a.lint, &paths) else {
        return TROUBLE;
    };
    if plans.resolver.settings.is_empty() && plans.trouble {
        // No configuration in use could be loaded: nothing was checked.
        return TROUBLE;
    }
    let mut opts = match super::check::options(&a.lint, &plans.rule_sets()) {
        Ok(o) => o,
        Err(m) => {
            eprintln!("cxlint: {m}");
            return TROUBLE;
        }
    };
    // Waivers are judged as of the report's own date, so a report made again with the
    // same date says the same.
    opts.today = stamp.date;
    let found = &plans.found;
    let mut trouble = plans.trouble;
    for (path, why) in &found.missing {
        eprintln!("cxlint: {path}: {why}");
        trouble = true;
    }
    // One read and parse of every file: the scorecards are taken from the programmes of
    // the lint run itself.
    let scopes = plans.scopes();
    // Problems with a configuration or rule file found once the plans were read (exit
    // 2) are kept whole, to be shown with their snippet; of the findings, only what the
    // report prints.
    let mut input_problems: Vec<Diagnostic> = Vec::new();
    let mut findings = Findings::default();
    let (lint, programmes) = crate::lint::run_visiting(
        &found.files,
        &scopes,
        &plans.scope_of,
        &found.least(),
        &opts,
        &mut |chunk| {
            for d in chunk {
                if crate::codes::is_input(&d.code) {
                    input_problems.push(d);
                    continue;
                }
                findings.push(d);
            }
        },
        &|p: &Programme, scope: crate::lint::Scope<'_>| {
            let (titles, choices) = scope.rules.choices(p);
            ProgrammeReport {
                file: p.files[0].path.clone(),
                files: p.files.iter().map(|f| f.path.clone()).collect(),
                name: p.root().label.as_deref().unwrap_or_default().to_string(),
                titles,
                choices,
                config: scope.config.path.as_ref().map(|p| p.display().to_string()),
                fail_on: scope.config.fail_on.unwrap_or(FailOn::Error),
                groups: BTreeMap::new(),
                totals: [0; 3],
                waived: 0,
                open: Vec::new(),
                accepted: Vec::new(),
                spend: spend_of(p),
            }
        },
    );
    if !input_problems.is_empty() {
        super::print_problems(&input_problems);
        trouble = true;
    }
    let rules = rules_in_use(&plans.rule_sets());
    let facts = Facts {
        stamp,
        catalogue: Catalogue::of(&rules),
        configs: plans
            .resolver
            .settings
            .iter()
            .map(|s| s.config.path.as_ref().map(|p| p.display().to_string()))
            .collect(),
        paths,
        docs_base,
    };
    let mut waivers = HashMap::new();
    for w in plans
        .resolver
        .settings
        .iter()
        .flat_map(|s| s.config.waivers.iter())
    {
        waivers
            .entry((w.code.clone(), w.reason.clone()))
            .or_insert_with(|| w.expires.map(|e| e.to_string()));
    }
    let mut pages: HashSet<String> = crate::engine::RuleSet::builtin()
        .rules()
        .iter()
        .map(|r| r.code.clone())
        .collect();
    pages.extend(crate::codes::Code::ALL.iter().map(|c| c.code().to_string()));
    let mut report = Report {
        facts,
        programmes,
        unchecked: Vec::new(),
        diags: &findings,
        group: rules
            .iter()
            .map(|r| (r.code.clone(), r.group.clone()))
            .collect(),
        pages,
        waivers,
    };
    tally(&mut report);
    // A plan with an E diagnostic could not be checked (it has no scorecard).
    let unchecked = findings
        .iter()
        .any(|d| d.suppressed.is_none() && is_language_error(d.code));
    // Written out a programme at a time, never held whole.
    let mut emit = |text: &str| out!("{text}");
    match a.format {
        ReportFormat::Markdown => markdown::render(&report, &mut emit),
        ReportFormat::Json => json::render(&report, &mut emit),
        ReportFormat::Html => html::render(&report, &mut emit),
    }
    for (path, why) in &lint.unreadable {
        eprintln!("cxlint: {path}: {why}");
    }
    if trouble || !lint.unreadable.is_empty() {
        TROUBLE
    } else if unchecked {
        FINDINGS
    } else {
        OK
    }
}

/// Share the run's diagnostics out to the programmes whose files they are in (a fragment
/// read by two programmes counts for both), and list the plans that could not be checked.
fn tally<'a>(report: &mut Report<'a>) {
    let diags: &'a Findings = report.diags;
    let mut programmes_of: HashMap<String, Vec<usize>> = HashMap::new();
    for (i, r) in report.programmes.iter().enumerate() {
        for f in &r.files {
            programmes_of.entry(f.clone()).or_default().push(i);
        }
    }
    let mut groups: Vec<BTreeMap<String, [usize; 3]>> =
        vec![BTreeMap::new(); report.programmes.len()];
    let mut uncovered: BTreeMap<String, Vec<Finding<'a>>> = BTreeMap::new();
    for (at, d) in diags.iter().enumerate() {
        let Some(owners) = programmes_of.get(d.path) else {
            if d.suppressed.is_none() && is_language_error(d.code) {
                uncovered.entry(d.path.to_string()).or_default().push(d);
            }
            continue;
        };
        let column = 2 - d.severity as usize;
        let group = report.group_of(d.code).to_string();
        for &i in owners {
            let r = &mut report.programmes[i];
            if d.suppressed.is_some() {
                r.waived += 1;
                r.accepted.push(at);
                continue;
            }
            r.totals[column] += 1;
            r.open.push(at);
            groups[i].entry(group.clone()).or_default()[column] += 1;
        }
    }
    for (r, g) in report.programmes.iter_mut().zip(groups) {
        r.groups = g;
    }
    report.unchecked = uncovered
        .into_iter()
        .map(|(file, errors)| Unchecked { file, errors })
        .collect();
}

/// The group of a code that is no rule's: E codes count under `errors`, S codes under
/// `suppression`.
fn fallback_group(code: &str) -> &'static str {
    if is_language_error(code) {
        "errors"
    } else {
        "suppression"
    }
}

/// The rules of every setting in use, each code once (the first setting's wins).
fn rules_in_use(sets: &[&crate::engine::RuleSet]) -> Vec<RuleMeta> {
    let mut seen = HashSet::new();
    sets.iter()
        .flat_map(|s| s.rules())
        .filter(|r| seen.insert(r.code.clone()))
        .cloned()
        .collect()
}

/// Where the rule pages are, for the report's links: `--docs-base` when given, else the
/// public address in `CXLINT_DOCS_URL` when set, else `docs/rules/` (relative to the
/// report). A base is a relative path or an `http(s)` address, made of the characters an
/// address may hold without quoting.
fn docs_base(given: Option<&str>) -> Result<String, String> {
    let Some(base) = given else {
        return Ok(crate::output::provenance::docs_url().unwrap_or_else(|| "docs/rules/".into()));
    };
    let b = base.trim();
    let safe = |c: char| c.is_ascii_alphanumeric() || "-._~/:%#?&=+@!$,;".contains(c);
    let scheme = b.split('/').next().unwrap_or("").contains(':');
    let web = b.starts_with("https://") || b.starts_with("http://");
    if b.is_empty() || !b.chars().all(safe) || (scheme && !web) || b.starts_with("//") {
        return Err(format!(
            "`--docs-base {}` is not a folder or web address for the rule pages; write a relative path such as docs/rules or an address such as https://example.org/cxlint/docs/rules",
            crate::output::plain(base)
        ));
    }
    Ok(format!("{}/", b.trim_end_matches('/')))
}

/// The words for a `fail_on` level in the verdict table.
fn fails_on(level: FailOn) -> &'static str {
    match level {
        FailOn::Error => "error",
        FailOn::Warning => "warning",
        FailOn::Info => "info",
        FailOn::Never => "never",
    }
}

/// `0 open, 3 waived` when every finding of a programme was accepted, else `(no findings)`.
fn no_open_findings(waived: usize) -> String {
    if waived > 0 {
        format!("0 open, {waived} waived")
    } else {
        "(no findings)".to_string()
    }
}

/// Sum the `amount` of every `spend` block by category and by purpose, in the
/// programme's currency (lines in another currency are left out of the charts).
fn spend_of(p: &Programme) -> Spend {
    let currency = match p.root().attr("currency").map(|a| &a.value) {
        Some(TypedValue::Word(c)) | Some(TypedValue::Str(c)) => c.to_string(),
        _ => String::new(),
    };
    let mut s = Spend {
        by_category: vec![("people", Decimal::ZERO), ("technology", Decimal::ZERO)],
        by_purpose: vec![("acquisition", Decimal::ZERO), ("retention", Decimal::ZERO)],
        currency,
    };
    for n in p.nodes.iter().filter(|n| n.kind == "spend") {
        let Some(TypedValue::Money { amount, currency }) = n.attr("amount").map(|a| &a.value)
        else {
            continue;
        };
        if s.currency.is_empty() {
            s.currency = currency.to_string();
        }
        if *currency != s.currency {
            continue;
        }
        for (key, bars) in [
            ("category", &mut s.by_category),
            ("purpose", &mut s.by_purpose),
        ] {
            if let Some(TypedValue::Word(w)) = n.attr(key).map(|a| &a.value) {
                if let Some(bar) = bars.iter_mut().find(|(name, _)| name == w) {
                    bar.1 += *amount;
                }
            }
        }
    }
    s
}

/// Whether `code` is one of the language's E codes (not a rule such as EB01).
fn is_language_error(code: &str) -> bool {
    crate::codes::Code::from_code(code).is_some_and(|c| c.code().starts_with('E'))
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_docs_base_is_a_relative_path_or_a_web_address() {
        assert_eq!(docs_base(Some("docs/rules")).as_deref(), Ok("docs/rules/"));
        assert_eq!(
            docs_base(Some("../cxlint/docs/rules/")).as_deref(),
            Ok("../cxlint/docs/rules/")
        );
        assert_eq!(
            docs_base(Some("https://example.org/rules")).as_deref(),
            Ok("https://example.org/rules/")
        );
        for bad in [
            "",
            "javascript:alert(1)",
            "//evil.example/x",
            "a\"b",
            "a b",
            "a<b",
            "data:text/html,x",
        ] {
            assert!(docs_base(Some(bad)).is_err(), "{bad}");
        }
    }
}
