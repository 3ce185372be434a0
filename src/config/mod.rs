//! `cxlint.yaml`: discovery, parsing with spans, validation, effective settings per file.
//!
//! Validation collects every problem instead of stopping at the first; each problem is a
//! diagnostic pointing at the line of `cxlint.yaml` that caused it. What a loaded
//! configuration means for one plan (exclusion, waiver paths, each rule's settings) is in
//! `config/settings.rs`.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use globset::{Glob, GlobSet, GlobSetBuilder};
use serde::Deserialize;
use serde_saphyr::Spanned;

mod settings;
mod validate;

use validate::{written_after_key, written_scalar, Validator};

use crate::diagnostic::{Diagnostic, Severity};
use crate::engine::{RuleSet, RuleSettings};
use crate::limits::{Bounded, Limits};
use crate::source::SourceFile;
use crate::value::Date;

/// The name cxlint looks for in the current directory and its parents.
pub const FILE_NAME: &str = "cxlint.yaml";

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    fail_on: Option<Spanned<String>>,
    #[serde(default)]
    exclude: Vec<Spanned<String>>,
    #[serde(default)]
    rules: HashMap<Spanned<String>, Spanned<RawEntry>>,
    #[serde(default)]
    overrides: Vec<Spanned<RawOverride>>,
    #[serde(default)]
    rule_dirs: Vec<Spanned<String>>,
    #[serde(default)]
    waivers: Vec<Spanned<RawWaiver>>,
    limits: Option<RawLimits>,
}

/// `limits:`: each value a whole number, or a size for `file_size` and `yaml_size`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLimits {
    file_size: Option<Spanned<LimitText>>,
    nesting_depth: Option<Spanned<LimitText>>,
    syntax_errors: Option<Spanned<LimitText>>,
    include_depth: Option<Spanned<LimitText>>,
    includes: Option<Spanned<LimitText>>,
    diagnostics_per_file: Option<Spanned<LimitText>>,
    evaluation_steps: Option<Spanned<LimitText>>,
    yaml_depth: Option<Spanned<LimitText>>,
    yaml_nodes: Option<Spanned<LimitText>>,
    yaml_aliases: Option<Spanned<LimitText>>,
    yaml_size: Option<Spanned<LimitText>>,
}

impl RawLimits {
    /// The values written, by name, in the order of [`crate::limits::ALL`].
    fn written(&self) -> Vec<(&'static str, &Spanned<LimitText>)> {
        let all = [
            ("file_size", &self.file_size),
            ("nesting_depth", &self.nesting_depth),
            ("syntax_errors", &self.syntax_errors),
            ("include_depth", &self.include_depth),
            ("includes", &self.includes),
            ("diagnostics_per_file", &self.diagnostics_per_file),
            ("evaluation_steps", &self.evaluation_steps),
            ("yaml_depth", &self.yaml_depth),
            ("yaml_nodes", &self.yaml_nodes),
            ("yaml_aliases", &self.yaml_aliases),
            ("yaml_size", &self.yaml_size),
        ];
        all.into_iter()
            .filter_map(|(n, v)| v.as_ref().map(|v| (n, v)))
            .collect()
    }
}

/// A limit as YAML read it: `1000` is a number, `64 MiB` a string.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum LimitText {
    Int(i64),
    Float(f64),
    Text(String),
}

impl LimitText {
    fn text(&self) -> String {
        match self {
            LimitText::Int(i) => i.to_string(),
            LimitText::Float(f) => f.to_string(),
            LimitText::Text(t) => t.trim().to_string(),
        }
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawOverride {
    paths: Vec<String>,
    #[serde(default)]
    rules: HashMap<String, RawEntry>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawWaiver {
    code: String,
    path: String,
    block: Option<String>,
    reason: Option<String>,
    expires: Option<Spanned<String>>,
}

/// `off` / `warning`, or `{ severity: …, params: { … } }`.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum RawEntry {
    /// YAML reads a bare `off` as false.
    Flag(bool),
    Level(String),
    Full(RawFull),
    /// Anything else, kept so the problem can be named (`parms:` for `params:`).
    Other(serde_json::Value),
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFull {
    severity: Option<String>,
    #[serde(default)]
    params: BTreeMap<String, ParamText>,
}

/// A parameter value as YAML read it: `40%` and `9 months` are strings, `2.0` a number.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum ParamText {
    Int(i64),
    Float(f64),
    Bool(bool),
    Text(String),
}

impl ParamText {
    fn text(&self) -> String {
        match self {
            ParamText::Int(i) => i.to_string(),
            ParamText::Float(f) => f.to_string(),
            ParamText::Bool(b) => if *b { "yes" } else { "no" }.to_string(),
            ParamText::Text(s) => s.trim().to_string(),
        }
    }
}

/// What one entry under `rules:` does to a rule.
#[derive(Debug, Clone, Default)]
pub struct Entry {
    /// `Some(None)` turns the rule off, `Some(Some(s))` sets its severity (and turns it on).
    pub level: Option<Option<Severity>>,
    pub params: BTreeMap<String, String>,
    /// The line each parameter is written on (1-based).
    pub param_lines: BTreeMap<String, u64>,
}

/// A block of `rules:` entries keyed by rule code or group name.
#[derive(Debug, Clone, Default)]
pub struct RuleEntries {
    pub entries: Vec<(String, Entry)>,
}

#[derive(Debug)]
pub struct Override {
    pub paths: GlobSet,
    pub rules: RuleEntries,
}

#[derive(Debug, Clone)]
pub struct Waiver {
    pub code: String,
    pub path: GlobSet,
    pub path_text: String,
    /// `kind "label"` of the block, as diagnostics name it.
    pub block: Option<String>,
    pub reason: String,
    pub expires: Option<Date>,
    /// Where the waiver is written (for messages).
    pub line: usize,
}

/// A loaded, validated configuration.
#[derive(Debug, Default)]
pub struct Config {
    /// The directory globs and waiver paths are relative to.
    pub dir: PathBuf,
    pub path: Option<PathBuf>,
    /// The configuration file's text (for problems found once the plans are read).
    pub file: Option<Arc<SourceFile>>,
    pub fail_on: Option<FailOn>,
    pub exclude: Option<GlobSet>,
    /// The `exclude` globs as written (for `--show-config`).
    pub exclude_text: Vec<String>,
    pub rules: RuleEntries,
    pub overrides: Vec<Override>,
    pub rule_dirs: Vec<PathBuf>,
    pub waivers: Vec<Waiver>,
    /// `limits:`, checked against their ceilings; the defaults when not written.
    pub limits: Limits,
    /// The paths of every waiver in one set, built when first needed
    /// ([`Config::waiver_paths`]).
    pub waiver_paths: std::sync::OnceLock<WaiverPaths>,
}

/// The path patterns of all waivers in one set, so the waivers that apply to a file are
/// found in one match rather than one per waiver.
#[derive(Debug)]
pub struct WaiverPaths {
    pub set: GlobSet,
    /// The waiver (an index into `waivers`) of each pattern of `set`.
    pub owner: Vec<usize>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FailOn {
    Error,
    Warning,
    Info,
    Never,
}

impl FailOn {
    pub fn parse(s: &str) -> Option<FailOn> {
        match s {
            "error" => Some(FailOn::Error),
            "warning" => Some(FailOn::Warning),
            "info" => Some(FailOn::Info),
            "never" => Some(FailOn::Never),
            _ => None,
        }
    }

    /// Whether a diagnostic of this severity makes the run fail.
    pub fn fails(self, severity: Severity) -> bool {
        match self {
            FailOn::Never => false,
            FailOn::Error => severity >= Severity::Error,
            FailOn::Warning => severity >= Severity::Warning,
            FailOn::Info => true,
        }
    }
}

/// The settings of each part of `cxlint.yaml`, by the name of the part, as serde reads
/// them: what the JSON Schema of the file ([`crate::json_schema`]) describes.
pub fn setting_names() -> [(&'static str, &'static [&'static str]); 5] {
    use crate::json_schema::fields;
    [
        ("cxlint.yaml", fields::<RawConfig>()),
        ("limits", fields::<RawLimits>()),
        ("overrides", fields::<RawOverride>()),
        ("waivers", fields::<RawWaiver>()),
        ("rule settings", fields::<RawFull>()),
    ]
}

/// Read the configuration file itself (for rule packs, which must load before the rest
/// of the configuration can be checked against them).
pub fn read(path: &Path) -> Result<Arc<SourceFile>, String> {
    // A fixed limit: the size of the configuration cannot come from the configuration.
    let max = Limits::for_config_file().yaml_size;
    let bytes = match crate::limits::read_bounded(path, max) {
        Ok(Bounded::Read(bytes)) => bytes,
        Ok(Bounded::TooLarge(size)) => {
            return Err(format!(
                "{} is {}, more than the {} a configuration file may be (a fixed limit); it was not read",
                path.display(),
                crate::limits::size(size),
                crate::limits::size(max)
            ))
        }
        Err(e) => return Err(format!("cannot read {}: {e}", path.display())),
    };
    match crate::source::decode(&bytes) {
        Ok(text) => Ok(SourceFile::new(path.display().to_string(), text)),
        Err((err, _)) => Err(format!(
            "{} is not UTF-8 text (bad byte at offset {})",
            path.display(),
            err.file_offset
        )),
    }
}

/// The `rule_dirs` of a configuration file, resolved against its directory, read before
/// the rest of the file is validated.
///
/// A rule folder must lie inside the configuration's folder (after following links): a
/// configuration in a pull request must not make cxlint read, and show in its
/// diagnostics, files elsewhere on the machine. Packs kept elsewhere are given with
/// `--rules`, which is the caller's own choice.
/// A configuration file read and parsed once; [`rule_dirs`], [`limits`] and [`load`]
/// each take what they need from it.
pub struct Parsed {
    file: Arc<SourceFile>,
    raw: RawConfig,
}

/// Parse a configuration file (its YAML; the settings are checked by [`load`]).
pub fn parse(file: &Arc<SourceFile>) -> Result<Parsed, Vec<Diagnostic>> {
    let raw: RawConfig = crate::yaml::from_str(file).map_err(|d| vec![config_error(*d)])?;
    Ok(Parsed {
        file: file.clone(),
        raw,
    })
}

pub fn rule_dirs(parsed: &Parsed, dir: &Path) -> Result<Vec<PathBuf>, Vec<Diagnostic>> {
    let (file, raw) = (&parsed.file, &parsed.raw);
    let root = crate::files::canonicalize(dir).unwrap_or_else(|_| dir.to_path_buf());
    let mut v = Validator {
        file,
        rules: &RuleSet::default(),
        errors: Vec::new(),
    };
    let mut dirs = Vec::new();
    for d in &raw.rule_dirs {
        let path = dir.join(&d.value);
        match crate::files::canonicalize(&path) {
            Ok(real) if real.starts_with(&root) => dirs.push(path),
            Ok(_) => v.error(
                d.referenced.line(),
                format!(
                    "the rule folder `{}` lies outside the folder of cxlint.yaml; give packs kept elsewhere with `--rules`",
                    d.value
                ),
            ),
            Err(_) => v.error(
                d.referenced.line(),
                format!("the rule folder `{}` does not exist", d.value),
            ),
        }
    }
    if v.errors.is_empty() {
        Ok(dirs)
    } else {
        Err(v.errors)
    }
}

/// The `limits:` of a configuration file, checked against their ceilings, read before the
/// rule packs load (their YAML budgets apply to the packs).
pub fn limits(parsed: &Parsed) -> Result<Limits, Vec<Diagnostic>> {
    let (file, raw) = (&parsed.file, &parsed.raw);
    let mut v = Validator {
        file,
        rules: &RuleSet::default(),
        errors: Vec::new(),
    };
    let limits = v.limits(raw.limits.as_ref());
    if v.errors.is_empty() {
        Ok(limits)
    } else {
        Err(v.errors)
    }
}

fn config_error(mut d: Diagnostic) -> Diagnostic {
    let config = crate::codes::InputCode::Config;
    d.code = config.code().into();
    d.name = config.name().into();
    d.message = plain_yaml_message(&d.message);
    d
}

/// The YAML reader's message in the user's words: no `error: line 1 column 1:` prefix
/// (the snippet shows the place), and a did-you-mean for a misspelt setting.
fn plain_yaml_message(message: &str) -> String {
    let mut text = message.trim();
    if let Some(rest) = text.strip_prefix("error: ") {
        text = rest;
    }
    if let Some(rest) = text.strip_prefix("line ") {
        if let Some(i) = rest.find(": ") {
            if rest[..i]
                .split(' ')
                .all(|w| w == "column" || w.chars().all(|c| c.is_ascii_digit()))
            {
                text = &rest[i + 2..];
            }
        }
    }
    if let Some(rest) = text.strip_prefix("unknown field `") {
        if let Some((name, tail)) = rest.split_once('`') {
            let expected: Vec<&str> = tail
                .split_once("expected one of ")
                .or_else(|| tail.split_once("expected "))
                .map(|(_, list)| {
                    list.split(", ")
                        .map(|w| w.trim().trim_matches('`'))
                        .filter(|w| !w.is_empty())
                        .collect()
                })
                .unwrap_or_default();
            return match crate::suggest::suggest(name, expected.iter().copied()) {
                Some(s) => format!("`{name}` is not a setting here; did you mean `{s}`?"),
                None if !expected.is_empty() => format!(
                    "`{name}` is not a setting here; the settings are {}",
                    expected.join(", ")
                ),
                None => format!("`{name}` is not a setting here"),
            };
        }
    }
    let plain = match text {
        "expected sequence start" => {
            "expected a list here, such as `[\"drafts/**\"]` or lines starting with `- `"
        }
        "expected mapping start" => "expected names with values here, such as `practice: warning`",
        "expected string scalar" => "expected a single word or text here",
        _ => "",
    };
    if !plain.is_empty() {
        return plain.to_string();
    }
    if let Some(rest) = text.strip_prefix("missing field `") {
        if let Some((name, _)) = rest.split_once('`') {
            return format!("`{name}` is missing here");
        }
    }
    text.to_string()
}

/// Parse and validate a configuration against the loaded rules.
pub fn load(parsed: &Parsed, dir: &Path, rules: &RuleSet) -> Result<Config, Vec<Diagnostic>> {
    let (file, raw) = (&parsed.file, &parsed.raw);
    let mut v = Validator {
        file,
        rules,
        errors: Vec::new(),
    };
    let mut config = Config {
        dir: dir.to_path_buf(),
        path: Some(PathBuf::from(&file.path)),
        file: Some(file.clone()),
        ..Config::default()
    };
    if let Some(f) = &raw.fail_on {
        match FailOn::parse(f.value.trim()) {
            Some(x) => config.fail_on = Some(x),
            None => v.error(
                f.referenced.line(),
                format!(
                    "`fail_on: {}` is not a level; use error, warning, info or never",
                    f.value
                ),
            ),
        }
    }
    if !raw.exclude.is_empty() {
        let globs: Vec<(String, u64)> = raw
            .exclude
            .iter()
            .map(|g| (g.value.clone(), g.referenced.line()))
            .collect();
        config.exclude = v.globs(&globs);
        config.exclude_text = raw.exclude.iter().map(|g| g.value.clone()).collect();
    }
    let mut entries: Vec<_> = raw.rules.iter().collect();
    entries.sort_by_key(|(k, _)| k.referenced.line());
    for (key, entry) in entries {
        let written = written_scalar(file, entry.referenced.line(), entry.referenced.column());
        if let Some(e) = v.entry(
            &key.value,
            &entry.value,
            key.referenced.line(),
            written.as_deref(),
        ) {
            config.rules.entries.push((key.value.clone(), e));
        }
    }
    for o in &raw.overrides {
        let line = o.referenced.line();
        let globs: Vec<(String, u64)> = o.value.paths.iter().map(|p| (p.clone(), line)).collect();
        let paths = v.globs(&globs);
        let mut rules = RuleEntries::default();
        let mut list: Vec<_> = o.value.rules.iter().collect();
        list.sort_by(|a, b| a.0.cmp(b.0));
        for (key, entry) in list {
            let written = written_after_key(file, line, key);
            if let Some(e) = v.entry(key, entry, line, written.as_deref()) {
                rules.entries.push((key.clone(), e));
            }
        }
        if let Some(paths) = paths {
            config.overrides.push(Override { paths, rules });
        }
    }
    config.rule_dirs = raw.rule_dirs.iter().map(|d| dir.join(&d.value)).collect();
    config.limits = v.limits(raw.limits.as_ref());
    for w in &raw.waivers {
        let line = w.referenced.line();
        let raw_w = &w.value;
        let known = rules.rules().iter().any(|r| r.code == raw_w.code);
        if !known {
            v.error(line, v.unknown_code(&raw_w.code));
        }
        let reason = raw_w.reason.clone().unwrap_or_default();
        if reason.trim().is_empty() {
            v.error(
                line,
                format!(
                    "the waiver for {} gives no reason; auditors need to know why it is waived",
                    raw_w.code
                ),
            );
        }
        let expires = match &raw_w.expires {
            Some(t) => match Date::parse(t.value.trim()) {
                Some(d) => Some(d),
                None => {
                    // At `expires` itself, not at the start of the waiver.
                    v.error_at(
                        t.referenced.line(),
                        t.referenced.column(),
                        "expires",
                        format!(
                            "`expires: {}` is not a date; write it as 2027-06-30",
                            t.value
                        ),
                    );
                    None
                }
            },
            None => None,
        };
        let path = v.globs(&[(raw_w.path.clone(), line)]);
        if let (Some(path), true) = (path, known) {
            config.waivers.push(Waiver {
                code: raw_w.code.clone(),
                path,
                path_text: raw_w.path.clone(),
                block: raw_w.block.as_ref().map(|b| normalise_block(b)),
                reason,
                expires,
                line: line as usize,
            });
        }
    }
    if v.errors.is_empty() {
        Ok(config)
    } else {
        Err(v.errors)
    }
}

/// `spend   "CRM suite"` -> `spend "CRM suite"`.
fn normalise_block(text: &str) -> String {
    let text = text.trim();
    match text.find(|c: char| c.is_whitespace()) {
        Some(i) => format!("{} {}", &text[..i], text[i..].trim_start()),
        None => text.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::plain_yaml_message;

    #[test]
    fn yaml_messages_in_plain_words() {
        assert_eq!(
            plain_yaml_message(
                "error: line 1 column 1: unknown field `fail_onn`, expected one of fail_on, exclude"
            ),
            "`fail_onn` is not a setting here; did you mean `fail_on`?"
        );
        assert_eq!(
            plain_yaml_message("error: line 2 column 5: missing field `paths`"),
            "`paths` is missing here"
        );
        assert!(
            plain_yaml_message("error: line 1 column 10: expected sequence start")
                .starts_with("expected a list here")
        );
        assert_eq!(plain_yaml_message("something else"), "something else");
    }
}
