//! What a loaded configuration means for one plan: whether it is excluded, which
//! waivers' paths match it, and the effective settings of every rule there (built-in
//! defaults, then `rules`, then matching `overrides`).

use super::*;
use crate::Map;

impl Config {
    /// The path patterns of the waivers as one set (built once per configuration).
    pub fn waiver_paths(&self) -> &WaiverPaths {
        self.waiver_paths.get_or_init(|| {
            let mut b = GlobSetBuilder::new();
            let mut owner = Vec::new();
            for (i, w) in self.waivers.iter().enumerate() {
                let pattern = w.path_text.trim().trim_start_matches("./");
                // As `Validator::globs` compiles it: the pattern, and `pattern/**`.
                let globs = [
                    Glob::new(pattern),
                    Glob::new(&format!("{}/**", pattern.trim_end_matches('/'))),
                ];
                for glob in globs.into_iter().flatten() {
                    b.add(glob);
                    owner.push(i);
                }
            }
            WaiverPaths {
                set: b.build().unwrap_or_else(|_| GlobSet::empty()),
                owner,
            }
        })
    }

    /// `path` relative to the configuration's directory, normalised (no `./`), when it is
    /// inside it.
    pub fn relative(&self, path: &Path) -> Option<String> {
        let abs = crate::files::canonicalize(path)
            .ok()
            .or_else(|| std::env::current_dir().ok().map(|d| d.join(path)))?;
        let dir = crate::files::canonicalize(&self.dir).unwrap_or_else(|_| self.dir.clone());
        let rel = abs.strip_prefix(&dir).ok()?;
        Some(
            rel.components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect::<Vec<_>>()
                .join("/"),
        )
    }

    /// [`Config::is_excluded`] for a path already resolved (links followed): what a walk
    /// asks of every entry, without resolving each one from the root again.
    pub fn is_excluded_real(&self, real: &Path) -> bool {
        let Some(set) = &self.exclude else {
            return false;
        };
        let dir = crate::files::canonicalize(&self.dir).unwrap_or_else(|_| self.dir.clone());
        let Ok(rel) = real.strip_prefix(&dir) else {
            return false;
        };
        let rel = rel
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect::<Vec<_>>()
            .join("/");
        set.is_match(&rel)
    }

    pub fn is_excluded(&self, path: &Path) -> bool {
        // The path is resolved only when there is something to exclude.
        let Some(set) = &self.exclude else {
            return false;
        };
        self.relative(path).is_some_and(|rel| set.is_match(&rel))
    }

    /// The effective settings of every rule for one file: built-in defaults, then the
    /// config's `rules` (groups first, then rules, so a rule's own entry wins), then the
    /// matching `overrides` in order (later wins).
    pub fn settings_for(&self, rules: &RuleSet, path: &Path) -> Map<String, Option<RuleSettings>> {
        self.settings_with(rules, &self.overrides_for(path))
    }

    /// The `overrides` that apply to `path`, in order.
    pub fn overrides_for(&self, path: &Path) -> Vec<&Override> {
        if self.overrides.is_empty() {
            return Vec::new();
        }
        match self.relative(path) {
            Some(rel) => self
                .overrides
                .iter()
                .filter(|o| o.paths.is_match(&rel))
                .collect(),
            None => Vec::new(),
        }
    }

    /// [`Config::settings_for`] a file that `overrides` apply to.
    pub fn settings_with(
        &self,
        rules: &RuleSet,
        overrides: &[&Override],
    ) -> Map<String, Option<RuleSettings>> {
        let mut out: Map<String, Option<RuleSettings>> = rules
            .rules()
            .iter()
            .map(|r| {
                (
                    r.code.clone(),
                    Some(RuleSettings {
                        severity: r.severity,
                        params: BTreeMap::new(),
                    }),
                )
            })
            .collect();
        let mut apply = |entries: &RuleEntries| {
            for pass_groups in [true, false] {
                for (key, entry) in &entries.entries {
                    for r in rules.rules() {
                        let hit = if pass_groups {
                            r.group == *key
                        } else {
                            r.code == *key
                        };
                        if !hit {
                            continue;
                        }
                        let slot = out.get_mut(&r.code).expect("every rule has a slot");
                        let mut params =
                            slot.as_ref().map(|s| s.params.clone()).unwrap_or_default();
                        params.extend(entry.params.clone());
                        let severity = slot.as_ref().map(|s| s.severity).unwrap_or(r.severity);
                        *slot = match entry.level {
                            Some(None) => None,
                            Some(Some(s)) => Some(RuleSettings {
                                severity: s,
                                params,
                            }),
                            None => slot.as_ref().map(|_| RuleSettings { severity, params }),
                        };
                    }
                }
            }
        };
        apply(&self.rules);
        for o in overrides {
            apply(&o.rules);
        }
        out
    }
}

impl Config {
    /// The line of this configuration where the value of `code`'s parameter `param` in
    /// effect for `path` is written: the rule's entry under `rules`, or the last matching
    /// override that sets it.
    fn param_origin(&self, path: &Path, code: &str, param: &str) -> Option<u64> {
        let line_in = |entries: &RuleEntries| {
            entries
                .entries
                .iter()
                .rev()
                .filter(|(key, _)| key == code)
                .find_map(|(_, e)| e.param_lines.get(param).copied())
        };
        let mut found = line_in(&self.rules);
        if !self.overrides.is_empty() {
            if let Some(rel) = self.relative(path) {
                for o in &self.overrides {
                    if o.paths.is_match(&rel) {
                        if let Some(line) = line_in(&o.rules) {
                            found = Some(line);
                        }
                    }
                }
            }
        }
        found
    }

    /// The money parameters of the rules on for `programme` (read from `path`) that are in
    /// another currency than the programme's, each as the code of its rule and a problem
    /// (CONFIG or RULE) at the line the value is written: such a rule could never compare
    /// the amount with the plan's, so it would stay silent.
    pub fn currency_problems(
        &self,
        rules: &RuleSet,
        path: &Path,
        programme: &crate::model::Programme,
        settings: &dyn Fn(&str) -> Option<RuleSettings>,
    ) -> Vec<(String, Diagnostic)> {
        let mut out = Vec::new();
        let foreign = rules.foreign_money(programme, settings);
        if foreign.is_empty() {
            return out;
        }
        let plan = match (
            programme.root().label.as_deref(),
            programme.files.first().map(|f| f.path.as_str()),
        ) {
            (Some(label), Some(file)) => format!("the plan \"{label}\" ({file})"),
            (Some(label), None) => format!("the plan \"{label}\""),
            (None, Some(file)) => format!("the plan in {file}"),
            (None, None) => "a plan".to_string(),
        };
        for f in foreign {
            let message = format!(
                "{}'s parameter `{}` is {}, but {plan} is in {}: amounts in different currencies are never compared, so {} would never fire there",
                f.code, f.param, f.written, f.programme_currency, f.code
            );
            let figure = f.written.trim_end_matches(f.currency.as_str()).trim();
            let example = format!("{}: {figure} {}", f.param, f.programme_currency);
            let place = if f.is_default {
                None
            } else {
                self.file
                    .as_ref()
                    .zip(self.param_origin(path, &f.code, &f.param))
            };
            let diagnostic = match place {
                Some((file, line)) => {
                    let span = param_span(file, line, &f.param);
                    Diagnostic::input(crate::codes::InputCode::Config, file, span, message)
                        .with_help(format!(
                            "write the amount in {} (for example `{example}`, with the figure converted from {}); if some plans are in {} and others in {}, set it for each group of plans under `overrides:`",
                            f.programme_currency, f.currency, f.currency, f.programme_currency
                        ))
                }
                None => {
                    let help = format!(
                        "set the amount in {} for these plans in cxlint.yaml: under `rules:`, write `{}: {{ params: {{ {example} }} }}` with the figure converted from {} (under `overrides:` for only some plans), or change this default",
                        f.programme_currency, f.code, f.currency
                    );
                    match rules.default_place(&f.code, &f.param) {
                        Some((file, span)) => {
                            Diagnostic::input(crate::codes::InputCode::Rule, &file, span, message)
                                .with_help(help)
                        }
                        None => Diagnostic::note(message).with_help(help),
                    }
                }
            };
            out.push((f.code, diagnostic));
        }
        out
    }
}

/// The span of `param:` and its value on `line` of a configuration (the line's text
/// from its first non-blank character when the name is not found there).
fn param_span(file: &SourceFile, line: u64, param: &str) -> std::ops::Range<usize> {
    let line = usize::try_from(line).unwrap_or(1).max(1);
    let start = file.line_start(line);
    let end = file.line_start(line + 1).max(start);
    let text = &file.text[start..end];
    let text_end = start + text.trim_end().len();
    let from = text
        .find(&format!("{param}:"))
        .unwrap_or_else(|| text.len() - text.trim_start().len());
    let from = (start + from).min(text_end);
    // To the end of the value: a comma, a closing brace or a comment ends it.
    let rest = &file.text[from..text_end];
    let after_colon = rest.find(':').map_or(0, |i| i + 1);
    let len = rest[after_colon..]
        .find([',', '}', '#'])
        .map_or(rest.len(), |i| after_colon + i);
    let end = from + rest[..len].trim_end().len();
    from..end.max(from)
}
