//! `cxlint rules`: every rule with its code, name, group, default severity and summary.

use serde_json::json;

use crate::output::plain;

use super::{ListFormat, RulesArgs, OK, TROUBLE};

pub fn list(a: RulesArgs) -> i32 {
    let Some((rules, _)) = super::setup_or_report(a.config.as_deref(), &a.rule_dirs) else {
        return TROUBLE;
    };
    match a.format {
        ListFormat::Json => {
            let list: Vec<_> = rules
                .rules()
                .iter()
                .map(|r| {
                    let params: Vec<_> = r
                        .params
                        .iter()
                        .map(|p| json!({"name": p.name, "type": p.ty, "default": p.default, "doc": p.doc}))
                        .collect();
                    json!({
                        "code": r.code,
                        "name": r.name,
                        "group": r.group,
                        "severity": r.severity.as_str(),
                        "summary": r.summary,
                        "help": r.help,
                        "params": params,
                    })
                })
                .collect();
            outln!(
                "{}",
                serde_json::to_string_pretty(&json!({ "version": 1, "rules": list }))
                    .unwrap_or_default()
            );
        }
        ListFormat::Human => {
            for r in rules.rules() {
                outln!(
                    "{:<5} {:<28} {:<11} {:<8} {}",
                    plain(&r.code),
                    plain(&r.name),
                    plain(&r.group),
                    r.severity.as_str(),
                    plain(&r.summary)
                );
            }
        }
    }
    OK
}
