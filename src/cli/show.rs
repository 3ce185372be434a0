//! `cxlint check --show-config PLAN`: which configuration applies to a plan, and the
//! settings it gives every rule there.

use std::path::Path;

use super::{LintArgs, OK, TROUBLE};
use crate::config::FailOn;

pub fn config(lint: &LintArgs, plan: &Path) -> i32 {
    let mut resolver = crate::resolve::Resolver::new(lint.config.as_deref(), &lint.rule_dirs);
    let setting = resolver.for_plan(plan);
    for note in &resolver.notes {
        eprintln!("cxlint: {note}");
    }
    let Some(i) = setting else {
        super::print_problems(&resolver.problems);
        return TROUBLE;
    };
    let s = &resolver.settings[i];
    let c = &s.config;
    let mut out = String::new();
    let source = match (&c.path, &lint.config) {
        (Some(p), Some(_)) => format!("{} (given with --config)", p.display()),
        (Some(p), None) => p.display().to_string(),
        (None, _) => "none found: the built-in defaults apply".to_string(),
    };
    out.push_str(&format!(
        "plan: {}\nconfiguration: {source}\n",
        plan.display()
    ));
    let fail_on = match c.fail_on {
        None => "error (the default)",
        Some(FailOn::Error) => "error",
        Some(FailOn::Warning) => "warning",
        Some(FailOn::Info) => "info",
        Some(FailOn::Never) => "never",
    };
    out.push_str(&format!(
        "fail_on: {fail_on} (--fail-on on the command line overrides it)\n"
    ));
    let excluded = if c.is_excluded(plan) {
        " (this plan is excluded)"
    } else {
        ""
    };
    out.push_str(&format!(
        "exclude: {}{excluded}\n",
        list(c.exclude_text.iter().map(String::as_str))
    ));
    let dirs: Vec<String> = c
        .rule_dirs
        .iter()
        .map(|d| d.display().to_string())
        .collect();
    let extra: Vec<String> = lint
        .rule_dirs
        .iter()
        .map(|d| d.display().to_string())
        .collect();
    out.push_str(&format!(
        "rule_dirs: {}\n",
        list(dirs.iter().map(String::as_str))
    ));
    if !extra.is_empty() {
        out.push_str(&format!(
            "--rules: {}\n",
            list(extra.iter().map(String::as_str))
        ));
    }
    out.push_str(&format!("waivers: {}\n", c.waivers.len()));
    for w in &c.waivers {
        let block = w
            .block
            .as_deref()
            .map(|b| format!(" at {b}"))
            .unwrap_or_default();
        let expires = w.expires.map(|d| format!(" until {d}")).unwrap_or_default();
        out.push_str(&format!(
            "  {} for {}{block}{expires}: {}\n",
            w.code, w.path_text, w.reason
        ));
    }
    out.push_str("limits:\n");
    for l in crate::limits::ALL {
        let value = c.limits.get(l.name);
        let shown = if l.bytes {
            crate::limits::size(value)
        } else {
            crate::limits::thousands(value)
        };
        let default = if value == l.default { "" } else { " (changed)" };
        out.push_str(&format!("  {}: {shown}{default}\n", l.name));
    }
    out.push_str("rules (after overrides for this plan):\n");
    let settings = c.settings_for(&s.rules, plan);
    for r in s.rules.rules() {
        let line = match settings.get(&r.code).cloned().flatten() {
            None => "off".to_string(),
            Some(set) => {
                let params: Vec<String> = r
                    .params
                    .iter()
                    .map(|p| {
                        let value = set.params.get(&p.name).unwrap_or(&p.default);
                        format!("{} = {}", p.name, value.trim())
                    })
                    .collect();
                let mut line = set.severity.as_str().to_string();
                if !params.is_empty() {
                    line.push_str(&format!("  {}", params.join(", ")));
                }
                line
            }
        };
        out.push_str(&format!("  {:<6} {:<30} {line}\n", r.code, r.name));
    }
    // Reasons, globs and paths come from files anyone may edit: no control characters.
    for line in out.lines() {
        outln!("{}", crate::output::plain(line));
    }
    OK
}

fn list<'a>(items: impl Iterator<Item = &'a str>) -> String {
    let v: Vec<&str> = items.collect();
    if v.is_empty() {
        "none".to_string()
    } else {
        v.join(", ")
    }
}
