//! The documentation page of a rule or code, in Markdown: what it checks, why, what to
//! do, its parameters, and an example it fires on and one it does not. The same text is
//! committed as `docs/rules/<CODE>.md` (a test fails when a page is stale) and carried in
//! the SARIF output as each rule's `help.markdown`.

use crate::codes::Code;
use crate::engine::{RuleMeta, RuleSet};

/// The page of a rule, with its examples (bad, good) from the rule file.
pub fn page(r: &RuleMeta, bad: &[String], good: &[String]) -> String {
    let mut out = format!("# {} {}\n\n", r.code, r.name);
    out.push_str(&format!(
        "**Group:** {} · **Default severity:** {} · **Rule file:** `{}`\n\n",
        r.group,
        r.severity.as_str(),
        r.source
    ));
    out.push_str(&format!("{}.\n\n", sentence(&r.summary)));
    out.push_str(r.explain.trim_end());
    out.push_str("\n\n## What to do\n\n");
    out.push_str(&format!("{}.\n", sentence(&r.help)));
    out.push_str("\n## Parameters\n\n");
    if r.params.is_empty() {
        out.push_str("None.\n");
    } else {
        out.push_str("| parameter | type | default | meaning |\n|---|---|---|---|\n");
        for p in &r.params {
            out.push_str(&format!(
                "| `{}` | {} | `{}` | {} |\n",
                p.name,
                p.ty,
                p.default,
                p.doc.replace('|', "\\|")
            ));
        }
        out.push_str(&format!(
            "\nSet them in `cxlint.yaml`: `rules: {{ {}: {{ params: {{ {}: {} }} }} }}`.\n",
            r.code, r.params[0].name, r.params[0].default
        ));
    }
    if let Some(b) = bad.first() {
        out.push_str(&format!(
            "\n## Fires on\n\n```\n{}\n```\n",
            crate::engine::examples::readable(b)
        ));
    }
    if let Some(g) = good.first() {
        out.push_str(&format!(
            "\n## Does not fire on\n\n```\n{}\n```\n",
            crate::engine::examples::readable(g)
        ));
    }
    out
}

/// The page of an E or S code (always reported; not a rule).
pub fn code_page(c: Code) -> String {
    let (group, why) = if c.code().starts_with('E') {
        (
            "errors",
            "The plan file itself is wrong at this place, so cxlint cannot check the plan. \
An E code is always an error: it cannot be turned off, suppressed or waived.",
        )
    } else {
        (
            "suppression",
            "Something is wrong with the way a finding was accepted (an allow comment in the \
plan or a waiver in cxlint.yaml). It is always reported and cannot itself be suppressed.",
        )
    };
    let head = format!(
        "# {} {}\n\n**Group:** {group} · **Severity:** {} (always reported)\n\n{}.\n\n{why}\n",
        c.code(),
        c.name(),
        code_severity(c).as_str(),
        sentence(c.summary()),
    );
    match code_explained(c) {
        Some(body) => format!("{head}\n{body}"),
        None => format!("{head}\n## What to do\n\n{}.\n", sentence(&code_help(c))),
    }
}

/// What an E or S code means, why it matters, an example that produces it and what to
/// do, in Markdown (for its page and `cxlint explain`).
pub fn code_explained(c: Code) -> Option<String> {
    let e = c.explained()?;
    let mut out = format!(
        "**What it means.** {}\n\n**Why it matters.** {}\n\n## Example\n\n",
        e.means.trim(),
        e.why.trim()
    );
    let plan = crate::engine::examples::readable(&e.example);
    if let Some(config) = &e.config {
        out.push_str(&format!(
            "With this `cxlint.yaml`:\n\n```yaml\n{}\n```\n\nand this plan (`plan.cxp`):\n\n```\n{plan}\n```\n",
            crate::engine::examples::readable(config)
        ));
    } else if let Some(encoding) = &e.saved_as {
        out.push_str(&format!(
            "This plan, saved as {encoding} instead of UTF-8:\n\n```\n{plan}\n```\n"
        ));
    } else {
        out.push_str(&format!("```\n{plan}\n```\n"));
    }
    out.push_str(&format!("\n## What to do\n\n{}\n", e.fix.trim()));
    Some(out)
}

/// The severity an E or S code is reported with.
pub fn code_severity(c: Code) -> crate::diagnostic::Severity {
    use crate::diagnostic::Severity;
    match c {
        Code::S002 | Code::S003 | Code::S004 => Severity::Warning,
        _ => Severity::Error,
    }
}

/// What to do about a code that is not a rule: E codes are problems in the plan file
/// itself, S codes problems in the way findings were accepted.
pub fn code_help(c: Code) -> String {
    match c.code().as_bytes().first() {
        Some(b'E') => format!(
            "{}; fix the plan file at the place shown, it cannot be checked until then",
            c.summary()
        ),
        _ => format!(
            "{}; write allows as `# cxlint: allow CODE -- reason`, and keep waivers in cxlint.yaml current",
            c.summary()
        ),
    }
}

/// Every page of a rule set, by code: its rules, then the E and S codes.
pub fn pages(rules: &RuleSet) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = rules
        .rules()
        .iter()
        .map(|r| {
            let (bad, good) = rules.examples(&r.code);
            (r.code.clone(), page(r, &bad, &good))
        })
        .collect();
    out.extend(
        Code::ALL
            .iter()
            .map(|c| (c.code().to_string(), code_page(*c))),
    );
    out
}

/// The index of the pages: one line per rule, by group, then the codes.
pub fn index(rules: &RuleSet) -> String {
    let mut out = String::from(
        "# Rules\n\nOne page per rule and per code, generated from the rule files in `rules/` \
(`CXLINT_UPDATE_DOCS=1 cargo test --test docs_rules` writes them again; the test fails when \
one is stale). `cxlint explain CODE` shows the same content in a terminal; the SARIF output carries each page as the rule's help.\n",
    );
    let mut groups: Vec<&str> = rules.rules().iter().map(|r| r.group.as_str()).collect();
    groups.sort();
    groups.dedup();
    for g in groups {
        out.push_str(&format!(
            "\n## {g}\n\n| code | name | default severity | summary |\n|---|---|---|---|\n"
        ));
        for r in rules.rules().iter().filter(|r| r.group == g) {
            out.push_str(&format!(
                "| [{}]({}.md) | {} | {} | {} |\n",
                r.code,
                r.code,
                r.name,
                r.severity.as_str(),
                r.summary.replace('|', "\\|")
            ));
        }
    }
    out.push_str(
        "\n## Codes that are always reported\n\n| code | name | severity | summary |\n|---|---|---|---|\n",
    );
    for c in Code::ALL {
        out.push_str(&format!(
            "| [{}]({}.md) | {} | {} | {} |\n",
            c.code(),
            c.code(),
            c.name(),
            code_severity(c).as_str(),
            c.summary()
        ));
    }
    out
}

/// `a plan that…` as a sentence: capital first letter, no final full stop (added by the
/// caller).
fn sentence(s: &str) -> String {
    let s = s.trim().trim_end_matches('.');
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_rule_page_has_every_part() {
        let set = RuleSet::builtin();
        let fm06 = set.rules().iter().find(|r| r.code == "FM06").expect("FM06");
        let (bad, good) = set.examples("FM06");
        let p = page(fm06, &bad, &good);
        for part in [
            "# FM06 reap-what-you-sow",
            "**Default severity:** error",
            "**Why it matters.**",
            "## What to do",
            "| `min_customer_weight` | pct | `25%` |",
            "## Fires on",
            "# FM06 fires here",
            "## Does not fire on",
        ] {
            assert!(p.contains(part), "{part} missing from:\n{p}");
        }
    }

    #[test]
    fn code_pages_say_they_cannot_be_suppressed() {
        let p = code_page(Code::E001);
        assert!(p.starts_with("# E001 syntax-error\n"));
        assert!(p.contains("cannot be turned off, suppressed or waived"));
        assert!(code_page(Code::S003).contains("**Severity:** warning"));
    }
}
