//! What a loaded configuration means for one plan: whether it is excluded, which
//! waivers' paths match it, and the effective settings of every rule there (built-in
//! defaults, then `rules`, then matching `overrides`).

use super::*;

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
    pub fn settings_for(
        &self,
        rules: &RuleSet,
        path: &Path,
    ) -> HashMap<String, Option<RuleSettings>> {
        let mut out: HashMap<String, Option<RuleSettings>> = rules
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
        if !self.overrides.is_empty() {
            if let Some(rel) = self.relative(path) {
                for o in &self.overrides {
                    if o.paths.is_match(&rel) {
                        apply(&o.rules);
                    }
                }
            }
        }
        out
    }
}
