//! `cxlint explain CODE`: what a rule looks for, why it matters, its parameters with
//! defaults, and a bad and a good example.

use super::{ExplainArgs, OK, TROUBLE};
use crate::codes::Code;
use crate::output::{plain, plain_lines};

pub fn run(a: ExplainArgs) -> i32 {
    let Some((rules, _)) = super::setup_or_report(a.config.as_deref(), &a.rule_dirs) else {
        return TROUBLE;
    };
    let code = a.code.trim().to_uppercase();
    if let Some(c) = Code::from_code(&code) {
        outln!(
            "# {} {}\n\n{}.",
            c.code(),
            c.name(),
            capitalise(c.summary())
        );
        if let Some(body) = crate::output::rulepage::code_explained(c) {
            outln!("\n{}", body.trim_end());
        }
        outln!("\nThis is always reported and cannot be turned off or suppressed by rules configuration.");
        return OK;
    }
    // A key or block of the language (`explain facing`, `explain unit.facing`).
    let entries = crate::reference::lookup(a.code.trim());
    if !entries.is_empty() && !rules.rules().iter().any(|r| r.code == code) {
        for e in entries {
            outln!("{}\n", crate::output::plain_lines(&e));
        }
        return OK;
    }
    let Some(rule) = rules.rules().iter().find(|r| r.code == code) else {
        let known: Vec<&str> = rules.rules().iter().map(|r| r.code.as_str()).collect();
        let hint = crate::suggest::suggest(&code, known.iter().copied())
            .map(|s| format!("; did you mean {s}?"))
            .unwrap_or_default();
        eprintln!("cxlint: there is no rule {}{hint}", plain(&a.code));
        return TROUBLE;
    };
    // Rule packs are anyone's text: shown escaped, like plan text.
    outln!("# {} {}\n", plain(&rule.code), plain(&rule.name));
    outln!(
        "Group: {}. Default severity: {}.\n",
        plain(&rule.group),
        rule.severity.as_str()
    );
    outln!("{}\n", plain_lines(rule.explain.trim_end()));
    outln!("Help: {}\n", plain(&rule.help));
    if !rule.params.is_empty() {
        outln!("## Parameters\n");
        for p in &rule.params {
            outln!(
                "- `{}` ({}, default `{}`): {}",
                plain(&p.name),
                plain(&p.ty),
                plain(&p.default),
                plain(&p.doc)
            );
        }
        outln!();
    }
    let (bad, good) = rules.examples(&rule.code);
    if let Some(b) = bad.first() {
        outln!(
            "## Fires on\n\n```\n{}\n```\n",
            plain_lines(&crate::engine::examples::readable(b))
        );
    }
    if let Some(g) = good.first() {
        outln!(
            "## Does not fire on\n\n```\n{}\n```",
            plain_lines(&crate::engine::examples::readable(g))
        );
    }
    OK
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}
