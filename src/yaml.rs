//! The one place YAML is read (configuration and rule files): serde-saphyr with its
//! default resource budgets (alias bombs, depth, size), errors turned into diagnostics
//! that point at the line in the YAML file.

use std::sync::Arc;

use serde::de::DeserializeOwned;

use crate::diagnostic::Diagnostic;
use crate::limits::Limits;
use crate::source::SourceFile;

/// Deserialize `file`'s text under the fixed budget for `cxlint.yaml` (the defaults of
/// [`Limits`]: the budget for reading the configuration cannot come from it). On error, a
/// diagnostic (code `YAML`) at the place the YAML reader names, or at line 1 when it
/// names none.
pub fn from_str<T: DeserializeOwned>(file: &Arc<SourceFile>) -> Result<T, Box<Diagnostic>> {
    read(file, &Limits::for_config_file(), false)
}

/// [`from_str`] under the YAML budgets of `limits` (`yaml_depth`, `yaml_nodes`,
/// `yaml_aliases`), for rule files.
pub fn from_str_with<T: DeserializeOwned>(
    file: &Arc<SourceFile>,
    limits: &Limits,
) -> Result<T, Box<Diagnostic>> {
    read(file, limits, true)
}

fn read<T: DeserializeOwned>(
    file: &Arc<SourceFile>,
    limits: &Limits,
    configurable: bool,
) -> Result<T, Box<Diagnostic>> {
    let mut budget = serde_saphyr::Budget::default();
    budget.max_depth = limits.yaml_depth;
    budget.max_nodes = limits.yaml_nodes;
    budget.max_aliases = limits.yaml_aliases;
    budget.max_anchors = limits.yaml_aliases;
    let mut options = serde_saphyr::Options::default();
    options.budget = Some(budget);
    serde_saphyr::from_str_with_options::<T>(&file.text, options).map_err(|e| {
        let span = match e.location() {
            Some(loc) => location_span(file, loc.line() as usize, loc.column() as usize),
            None => 0..0,
        };
        let message =
            budget_message(&e, limits, configurable).unwrap_or_else(|| first_line(&e.to_string()));
        Box::new(Diagnostic::input(
            crate::codes::InputCode::Yaml,
            file,
            span,
            message,
        ))
    })
}

/// A budget the file broke, in plain words naming the limit.
fn budget_message(e: &serde_saphyr::Error, limits: &Limits, configurable: bool) -> Option<String> {
    use serde_saphyr::budget::BudgetBreach;
    let mut err = e;
    while let serde_saphyr::Error::WithSnippet { error, .. }
    | serde_saphyr::Error::AliasError { error, .. } = err
    {
        err = error;
    }
    let serde_saphyr::Error::Budget { breach, .. } = err else {
        return None;
    };
    let (what, limit, value) = match breach {
        BudgetBreach::Depth { .. } => (
            "this file nests values more than",
            &crate::limits::YAML_DEPTH,
            limits.yaml_depth,
        ),
        BudgetBreach::Nodes { .. } => (
            "this file holds more values than",
            &crate::limits::YAML_NODES,
            limits.yaml_nodes,
        ),
        BudgetBreach::Aliases { .. } | BudgetBreach::Anchors { .. } => (
            "this file uses more anchors (`&name`) or aliases (`*name`) than",
            &crate::limits::YAML_ALIASES,
            limits.yaml_aliases,
        ),
        _ => return None,
    };
    let shown = crate::limits::thousands(value as u64);
    let levels = if limit.name == "yaml_depth" {
        format!("{shown} levels deep")
    } else {
        format!("the {shown} allowed")
    };
    let rule = if configurable {
        format!(
            "limits.{} in cxlint.yaml, at most {}",
            limit.name,
            crate::limits::thousands(limit.ceiling)
        )
    } else {
        "a fixed limit for cxlint.yaml itself".to_string()
    };
    Some(format!("{what} {levels} ({rule})"))
}

/// The byte range of the rest of a 1-based line from a 1-based column (for a span that
/// serde-saphyr reports by line and column).
pub fn location_span(file: &SourceFile, line: usize, column: usize) -> std::ops::Range<usize> {
    let start = file.line_start(line.max(1));
    let line_text = &file.text[start..];
    let line_end = start + line_text.find('\n').unwrap_or(line_text.len());
    let mut offset = start;
    for (n, (i, _)) in file.text[start..line_end].char_indices().enumerate() {
        if n + 1 >= column {
            offset = start + i;
            break;
        }
        offset = line_end;
    }
    let end = file.text[offset..line_end]
        .trim_end()
        .len()
        .max(1)
        .min(line_end - offset);
    offset..offset + end
}

fn first_line(message: &str) -> String {
    message.lines().next().unwrap_or(message).trim().to_string()
}
