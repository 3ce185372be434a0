//! Inline allow comments (`# cxlint: allow CODES -- reason`) and config waivers; S001-S004.
//!
//! An allow on its own line covers the block that starts on the next line, nested blocks
//! included (when no block starts there, it covers that next line). An allow at the end
//! of a line covers diagnostics that point at that line. E codes are never suppressed.

use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::sync::Arc;

use crate::codes::Code;
use crate::config::Config;
use crate::diagnostic::{Diagnostic, Severity};

use crate::value::Date;

pub use crate::syntax::allows::{allows, Allow};

/// Apply allows to one file's diagnostics. `ran(code)` says whether a rule ran on this
/// file (S002 is only for those). With `ignore_allows`, allows suppress nothing and give
/// no S001/S002; the findings carry the allow's reason instead.
pub fn apply_allows(
    diags: &mut Vec<Diagnostic>,
    allows: &[Allow],
    ran: &dyn Fn(&str) -> bool,
    known: &Known<'_>,
    ignore_allows: bool,
) {
    let mut extra = Vec::new();
    for allow in allows {
        let same_file =
            |d: &Diagnostic| Arc::ptr_eq(&d.file, &allow.file) || d.file.path == allow.file.path;
        let covered = |d: &Diagnostic| {
            same_file(d)
                && allow.covers.contains(&d.span.start)
                && allow.codes.contains(&d.code)
                && Code::from_code(&d.code).is_none()
        };
        if ignore_allows {
            for d in diags.iter_mut().filter(|d| covered(d)) {
                d.ignored_allow = Some(allow.reason.clone().unwrap_or_default());
            }
            continue;
        }
        let Some(reason) = &allow.reason else {
            extra.push(
                Diagnostic::new(
                    Code::S001.code(),
                    Code::S001.name(),
                    Severity::Error,
                    &allow.file,
                    allow.span.clone(),
                    format!(
                        "this allow for {} gives no reason, so it suppresses nothing",
                        allow.codes.join(", ")
                    ),
                )
                .with_help(
                    "add the reason after `--`: `# cxlint: allow CODE -- why this is accepted`",
                ),
            );
            continue;
        };
        for code in &allow.codes {
            if let Some(d) = unknown_code(allow, code, known) {
                extra.push(d);
            }
        }
        let mut used: HashSet<&str> = HashSet::new();
        for d in diags.iter_mut() {
            if d.suppressed.is_none() && covered(d) {
                d.suppressed = Some(reason.clone());
                used.insert(
                    allow
                        .codes
                        .iter()
                        .find(|c| **c == d.code)
                        .map(String::as_str)
                        .unwrap_or(""),
                );
            }
        }
        for code in &allow.codes {
            let is_rule = known.codes.contains(&code.as_str());
            if is_rule && !used.contains(code.as_str()) && ran(code) {
                extra.push(
                    Diagnostic::new(
                        Code::S002.code(),
                        Code::S002.name(),
                        Severity::Warning,
                        &allow.file,
                        allow.span.clone(),
                        format!("the allow for {code} suppresses nothing here"),
                    )
                    .with_help("remove the code from the allow comment, or the whole comment"),
                );
            }
        }
    }
    diags.extend(extra);
}

/// The rule codes and group names loaded, for S004.
pub struct Known<'a> {
    pub codes: &'a [&'a str],
    pub groups: &'a [&'a str],
}

/// S004 when `code` in an allow is not a loaded rule's code: a language (E) or
/// suppression (S) code, which can never be suppressed, a group name, or a typo.
fn unknown_code(allow: &Allow, code: &str, known: &Known<'_>) -> Option<Diagnostic> {
    if known.codes.contains(&code) {
        return None;
    }
    let (message, help) = if let Some(c) = Code::from_code(code) {
        (
            format!(
                "{code} ({}) cannot be suppressed: cxlint always reports it",
                c.name()
            ),
            "remove it from the allow comment and fix what it reports".to_string(),
        )
    } else if known.groups.contains(&code) {
        (
            format!("`{code}` is a group of rules; an allow names the codes it accepts"),
            "list the codes of the findings you accept (`cxlint rules` lists them)".to_string(),
        )
    } else {
        let hint = crate::suggest::suggest(code, known.codes.iter().copied())
            .map(|s| format!("; did you mean {s}?"))
            .unwrap_or_default();
        (
            format!("the allow names {code}, which is not a rule{hint}"),
            "correct the code (`cxlint rules` lists them), or remove it".to_string(),
        )
    };
    Some(
        Diagnostic::new(
            Code::S004.code(),
            Code::S004.name(),
            Severity::Warning,
            &allow.file,
            allow.span.clone(),
            message,
        )
        .with_help(help),
    )
}

/// Apply config waivers to the rule findings of one programme. Waiver paths match the
/// finding's file relative to the configuration's directory. Expired waivers suppress
/// nothing and give S003 at the finding.
pub fn apply_waivers(diags: &mut Vec<Diagnostic>, config: &Config, today: Date) {
    let mut extra = Vec::new();
    let mut rel_cache: HashMap<String, Option<String>> = HashMap::new();
    for d in diags.iter_mut() {
        if d.suppressed.is_some() || Code::from_code(&d.code).is_some() {
            continue;
        }
        let rel = rel_cache
            .entry(d.file.path.clone())
            .or_insert_with(|| config.relative(Path::new(&d.file.path)));
        let Some(rel) = rel.as_deref() else {
            continue;
        };
        let matching = config.waivers.iter().filter(|w| {
            w.code == d.code
                && w.path.is_match(rel)
                && w.block
                    .as_ref()
                    .map_or(true, |b| d.block.as_deref() == Some(b.as_str()))
        });
        // A waiver still in force wins over an expired one for the same finding, whatever
        // their order in the file.
        let mut expired = None;
        let mut in_force = None;
        for w in matching {
            match w.expires {
                Some(exp) if exp < today => {
                    expired.get_or_insert(w);
                }
                _ => {
                    in_force.get_or_insert(w);
                }
            }
        }
        if let Some(w) = in_force {
            d.suppressed = Some(w.reason.clone());
        } else if let Some(w) = expired {
            let exp = w.expires.map(|e| e.to_string()).unwrap_or_default();
            extra.push(
                Diagnostic::new(
                    Code::S003.code(),
                    Code::S003.name(),
                    Severity::Warning,
                    &d.file,
                    d.span.clone(),
                    format!(
                        "the waiver for {} on {} expired on {exp}, so it no longer suppresses this finding",
                        w.code, w.path_text
                    ),
                )
                .with_help(
                    "renew the waiver with a new reason and date in cxlint.yaml, or fix the finding",
                ),
            );
        }
    }
    diags.extend(extra);
}
