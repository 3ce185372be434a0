//! Checking a parsed `cxlint.yaml` against the loaded rules: every problem (a misspelt
//! key, code or group, a bad severity, parameter, glob, limit or waiver) becomes a
//! diagnostic at its line, and checking goes on so that all of them are reported.

use super::*;

/// What is wrong with a `rules:` entry that is neither a level nor `{ severity, params }`.
pub(super) fn other_entry_problem(key: &str, value: &serde_json::Value) -> String {
    const SETTINGS: [&str; 2] = ["severity", "params"];
    if let serde_json::Value::Object(map) = value {
        for name in map.keys() {
            if !SETTINGS.contains(&name.as_str()) {
                return match crate::suggest::suggest(name, SETTINGS) {
                    Some(s) => format!("`{name}` is not a setting of `{key}`; did you mean `{s}`?"),
                    None => {
                        format!("`{name}` is not a setting of `{key}`; use `severity` and `params`")
                    }
                };
            }
        }
        if let Some(params) = map.get("params") {
            if !params.is_object() {
                return format!("the `params` of `{key}` must be names with values, such as `{{ min_customer_weight: 40% }}`");
            }
            return format!("each parameter of `{key}` takes one value written as in a plan file, such as `40%` or `9 months`");
        }
        return format!("the `severity` of `{key}` is one of off, error, warning or info");
    }
    format!("`{key}` takes off, error, warning or info, or `{{ severity: …, params: {{ … }} }}`")
}

pub(super) struct Validator<'a> {
    pub(super) file: &'a Arc<SourceFile>,
    pub(super) rules: &'a RuleSet,
    pub(super) errors: Vec<Diagnostic>,
}

impl Validator<'_> {
    /// A problem at `line`, underlined from its first non-blank character (YAML keys are
    /// indented; the snippet should start under the key, not under the indentation).
    pub(super) fn error(&mut self, line: u64, message: String) {
        let line = line.max(1) as usize;
        let start = self.file.line_start(line);
        let indent = self.file.text[start..]
            .chars()
            .take_while(|c| *c == ' ' || *c == '\t' || *c == '-')
            .count();
        let span = crate::yaml::location_span(self.file, line, indent + 1);
        self.errors.push(Diagnostic::input(
            crate::codes::InputCode::Config,
            self.file,
            span,
            message,
        ));
    }

    /// A problem with the value at 1-based `line` and `column`, underlined from its key
    /// `key:` when that is written before it on the line (a waiver's `expires`, rather
    /// than the waiver it belongs to).
    pub(super) fn error_at(&mut self, line: u64, column: u64, key: &str, message: String) {
        let line = usize::try_from(line).unwrap_or(1).max(1);
        let column = usize::try_from(column).unwrap_or(1).max(1);
        let start = self.file.line_start(line);
        let text = &self.file.text[start..];
        let text = &text[..text.find('\n').unwrap_or(text.len())];
        let before: String = text.chars().take(column - 1).collect();
        let column = match before.rfind(&format!("{key}:")) {
            Some(at) => before[..at].chars().count() + 1,
            None => column,
        };
        let span = crate::yaml::location_span(self.file, line, column);
        self.errors.push(Diagnostic::input(
            crate::codes::InputCode::Config,
            self.file,
            span,
            message,
        ));
    }

    pub(super) fn groups(&self) -> Vec<String> {
        let mut g: Vec<String> = self.rules.rules().iter().map(|r| r.group.clone()).collect();
        g.sort();
        g.dedup();
        g
    }

    pub(super) fn unknown_code(&self, key: &str) -> String {
        let mut names: Vec<String> = self.rules.rules().iter().map(|r| r.code.clone()).collect();
        names.extend(self.groups());
        let hint = crate::suggest::suggest(key, names.iter().map(String::as_str))
            .map(|s| format!("; did you mean `{s}`?"))
            .unwrap_or_default();
        format!("`{key}` is neither a rule code nor a rule group{hint}")
    }

    /// The setting of one rule or group; `written` is its value as written, when it can
    /// be found (YAML reads `off`, but also `no`, `n` and `false`, as false: only `off`
    /// turns a rule off, the others are refused rather than guessed).
    pub(super) fn entry(
        &mut self,
        key: &str,
        raw: &RawEntry,
        line: u64,
        written: Option<&str>,
    ) -> Option<Entry> {
        let is_code = self.rules.rules().iter().any(|r| r.code == key);
        let is_group = self.groups().iter().any(|g| g == key);
        if !is_code && !is_group {
            let msg = self.unknown_code(key);
            self.error(line, msg);
            return None;
        }
        let mut entry = Entry::default();
        if let (RawEntry::Flag(on), Some(w)) = (raw, written) {
            if !w.eq_ignore_ascii_case("off") {
                let message = if *on {
                    format!("`{key}: {w}` is not a setting; use error, warning or info (or off)")
                } else {
                    format!("`{key}: {w}` is not a setting; write `off` to turn it off")
                };
                self.error(line, message);
                return None;
            }
        }
        let level = match raw {
            RawEntry::Flag(false) => Some("off"),
            RawEntry::Flag(true) => None,
            RawEntry::Level(l) => Some(l.as_str()),
            RawEntry::Full(f) => f.severity.as_deref(),
            RawEntry::Other(value) => {
                let msg = other_entry_problem(key, value);
                self.error(line, msg);
                return None;
            }
        };
        if let Some(l) = level {
            match l.trim() {
                "off" => entry.level = Some(None),
                other => match Severity::parse(other) {
                    Some(s) => entry.level = Some(Some(s)),
                    None => {
                        self.error(
                            line,
                            format!(
                                "`{key}: {other}` is not a setting; use off, error, warning or info"
                            ),
                        );
                        return None;
                    }
                },
            }
        }
        if let RawEntry::Full(f) = raw {
            for (name, value) in &f.params {
                let text = value.text();
                if !is_code {
                    self.error(
                        line,
                        format!("`{key}` is a group; parameters belong to a single rule"),
                    );
                    continue;
                }
                match self.rules.check_param(key, name, &text) {
                    Ok(()) => {
                        entry.params.insert(name.clone(), text);
                        entry
                            .param_lines
                            .insert(name.clone(), param_line(self.file, line, name));
                    }
                    Err(e) if e.contains(key) => self.error(line, e),
                    Err(e) => self.error(line, format!("{key} `{name}`: {e}")),
                }
            }
        }
        Some(entry)
    }

    /// The limits written under `limits:`, each checked against its ceiling; a wrong
    /// value is a problem at its line and leaves the default.
    pub(super) fn limits(&mut self, raw: Option<&RawLimits>) -> Limits {
        let mut limits = Limits::default();
        let Some(raw) = raw else {
            return limits;
        };
        let mut written = raw.written();
        written.sort_by_key(|(_, v)| v.referenced.line());
        for (name, value) in written {
            let Some(limit) = crate::limits::ALL.iter().find(|l| l.name == name) else {
                continue;
            };
            match crate::limits::parse_value(limit, &value.value.text()) {
                Ok(n) => limits.set(name, n),
                Err(message) => self.error(value.referenced.line(), message),
            }
        }
        limits
    }

    pub(super) fn globs(&mut self, globs: &[(String, u64)]) -> Option<GlobSet> {
        let mut b = GlobSetBuilder::new();
        let mut ok = true;
        for (g, line) in globs {
            let pattern = g.trim().trim_start_matches("./");
            match Glob::new(pattern) {
                Ok(glob) => {
                    b.add(glob);
                    // `dir/**` also matches `dir` itself, and a bare directory name its files.
                    if let Ok(glob) = Glob::new(&format!("{}/**", pattern.trim_end_matches('/'))) {
                        b.add(glob);
                    }
                }
                Err(e) => {
                    ok = false;
                    self.error(*line, format!("`{g}` is not a valid path pattern: {e}"));
                }
            }
        }
        if !ok {
            return None;
        }
        b.build().ok()
    }
}

/// The plain scalar written at 1-based `line` and `column` of `file` (up to a comment
/// or the end of the line), unquoted; `None` when it cannot be read simply.
pub(super) fn written_scalar(file: &SourceFile, line: u64, column: u64) -> Option<String> {
    let start = file.line_start(usize::try_from(line).ok()?);
    let text = &file.text[start..];
    let text = &text[..text.find(['\n', '\r']).unwrap_or(text.len())];
    let from = text
        .char_indices()
        .nth(usize::try_from(column).ok()?.checked_sub(1)?)
        .map(|(i, _)| i)?;
    let value = text[from..].split(" #").next()?.trim();
    (!value.is_empty() && !value.starts_with(['"', '\'', '{', '[', '&', '*', '!', '|', '>']))
        .then(|| value.to_string())
}

/// The plain scalar written after `key:` on the first line from `line` on where the key
/// stands (an override's rules, whose places are not kept).
pub(super) fn written_after_key(file: &SourceFile, line: u64, key: &str) -> Option<String> {
    let first = usize::try_from(line).ok()?;
    // Near the override's first line: an entry written elsewhere (in flow style) is
    // read as YAML read it, rather than searched for through the whole file.
    (first..(file.line_count() + 1).min(first + 200)).find_map(|l| {
        let start = file.line_start(l);
        let end = file.line_start(l + 1).max(start);
        let text = file.text[start..end].trim();
        let text = text.strip_prefix("- ").unwrap_or(text).trim_start();
        let rest = text.strip_prefix(key)?.trim_start().strip_prefix(':')?;
        let value = rest.split(" #").next()?.trim();
        (!value.is_empty() && !value.starts_with(['"', '\'', '{', '[', '&', '*', '!', '|', '>']))
            .then(|| value.to_string())
    })
}

/// The line (1-based) where the parameter `name` is written under the entry that starts
/// at `line`: the first line from there on that holds `name:` (the entry's own line when
/// none does nearby).
pub(super) fn param_line(file: &SourceFile, line: u64, name: &str) -> u64 {
    let Ok(first) = usize::try_from(line) else {
        return line;
    };
    let needle = format!("{name}:");
    (first..(file.line_count() + 1).min(first.saturating_add(200)))
        .find(|&l| {
            let start = file.line_start(l);
            let end = file.line_start(l + 1).max(start);
            let text = &file.text[start..end];
            text.match_indices(&needle).any(|(i, _)| {
                !text[..i]
                    .chars()
                    .next_back()
                    .is_some_and(|c| c.is_alphanumeric() || c == '_')
            })
        })
        .map_or(line, |l| l as u64)
}
