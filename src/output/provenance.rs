//! What a stored report says about the run that made it, so that an auditor can tell
//! later what was judged, where and by which rules: the working directory and the
//! repository root that file addresses are relative to, the SHA-256 of each file, and
//! the catalogue of rules in use.

use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use crate::engine::RuleMeta;

/// Where a run took place: its working directory and the root that file addresses are
/// written relative to (the repository root: the first folder holding `.git` at or above
/// the working directory; without one, the working directory itself).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Site {
    pub cwd: PathBuf,
    pub root: PathBuf,
}

/// A file's address in a report: relative to the site's root, or absolute.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Address {
    /// A relative URI reference under the root (`plans/acme.cxp`).
    UnderRoot(String),
    /// An absolute `file://` URI, for a file outside the root.
    Absolute(String),
}

impl Site {
    /// The site of this process.
    pub fn here() -> Site {
        let cwd = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("/"));
        Site::at(cwd)
    }

    /// The site of a run in `cwd` (an absolute path).
    pub fn at(cwd: PathBuf) -> Site {
        let cwd = crate::files::clean(&cwd);
        let root = cwd
            .ancestors()
            .find(|dir| dir.join(".git").exists())
            .unwrap_or(&cwd)
            .to_path_buf();
        Site { cwd, root }
    }

    /// `path` (as given on the command line or found by the walk: relative to the
    /// working directory, or absolute) made absolute and cleaned of `.` and `..`.
    pub fn absolute(&self, path: &str) -> PathBuf {
        let p = Path::new(path);
        if p.is_absolute() {
            crate::files::clean(p)
        } else {
            crate::files::clean(&self.cwd.join(p))
        }
    }

    /// The address of `path` in a report.
    pub fn address(&self, path: &str) -> Address {
        let abs = self.absolute(path);
        let under = |p: &Path, root: &Path| -> Option<String> {
            let rel = p.strip_prefix(root).ok()?;
            let parts: Vec<String> = rel
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect();
            (!parts.is_empty()).then(|| encode(&parts.join("/")))
        };
        if let Some(rel) = under(&abs, &self.root) {
            return Address::UnderRoot(rel);
        }
        // A path through a link (`/tmp` for `/private/tmp`): the real one may be inside.
        if let (Ok(real), Ok(root)) = (abs.canonicalize(), self.root.canonicalize()) {
            if let Some(rel) = under(&real, &root) {
                return Address::UnderRoot(rel);
            }
        }
        Address::Absolute(file_uri(&abs, false))
    }
}

/// The `file://` URI of an absolute path; `dir` adds the final `/` a base URI needs.
pub fn file_uri(path: &Path, dir: bool) -> String {
    let mut text = path.to_string_lossy().replace('\\', "/");
    if !text.starts_with('/') {
        // A Windows drive path (`C:/plans`).
        text.insert(0, '/');
    }
    if dir && !text.ends_with('/') {
        text.push('/');
    }
    format!("file://{}", encode(&text))
}

/// A path as a URI reference: forward slashes kept, spaces and other reserved characters
/// percent-encoded (byte by byte, so any text is safe).
pub fn encode(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' | b':' => {
                out.push(b as char)
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// SHA-256 of `bytes`, as lower-case hex (what `sha256sum` prints).
pub fn sha256(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// A file's SHA-256 and length, read again from the disk (`None` when it cannot be read:
/// standard input, or a file gone since).
pub fn file_digest(path: &Path) -> Option<(String, u64)> {
    let meta = std::fs::metadata(path).ok()?;
    if !meta.is_file() {
        return None;
    }
    let mut file = std::fs::File::open(path).ok()?;
    let mut hasher = Sha256::new();
    let length = std::io::copy(&mut file, &mut hasher).ok()?;
    let hex = hasher
        .finalize()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    Some((hex, length))
}

/// The catalogue of rules that judged the plans: how many rules, how many of them are
/// built in, the packs the others came from, and a SHA-256 over every rule's code, name,
/// group, default severity, parameters and source file, so two reports can be told apart
/// when their rules differ.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Catalogue {
    pub rules: usize,
    #[serde(rename = "builtIn")]
    pub built_in: usize,
    /// The rule files of rules that are not built in.
    pub packs: Vec<String>,
    pub sha256: String,
}

impl Catalogue {
    pub fn of(rules: &[RuleMeta]) -> Catalogue {
        let builtin = crate::engine::RuleSet::builtin();
        let is_builtin = |r: &RuleMeta| {
            builtin
                .rules()
                .iter()
                .any(|b| b.code == r.code && b.source == r.source)
        };
        let mut sorted: Vec<&RuleMeta> = rules.iter().collect();
        sorted.sort_by(|a, b| a.code.cmp(&b.code));
        let mut text = String::new();
        for r in &sorted {
            text.push_str(&format!(
                "{}\u{0}{}\u{0}{}\u{0}{}\u{0}{}\u{0}",
                r.code,
                r.name,
                r.group,
                r.severity.as_str(),
                r.source
            ));
            for p in &r.params {
                text.push_str(&format!("{}={}\u{0}", p.name, p.default));
            }
            text.push('\n');
        }
        let mut packs: Vec<String> = sorted
            .iter()
            .filter(|r| !is_builtin(r))
            .map(|r| r.source.clone())
            .collect();
        packs.sort();
        packs.dedup();
        Catalogue {
            rules: sorted.len(),
            built_in: sorted.iter().filter(|r| is_builtin(r)).count(),
            packs,
            sha256: sha256(text.as_bytes()),
        }
    }

    /// `55 rules (55 built in), sha256 1f2e…` for a report's header.
    pub fn line(&self) -> String {
        let mut s = format!(
            "{} rules ({} built in), SHA-256 {}",
            self.rules,
            self.built_in,
            &self.sha256[..12]
        );
        if !self.packs.is_empty() {
            s.push_str(&format!("; rule packs: {}", self.packs.join(", ")));
        }
        s
    }
}

/// The public address of the rule pages (docs/rules/ as published), from
/// `CXLINT_DOCS_URL`; only an absolute `http(s)` address counts.
pub fn docs_url() -> Option<String> {
    let url = std::env::var("CXLINT_DOCS_URL").ok()?;
    let url = url.trim();
    let ok = (url.starts_with("https://") || url.starts_with("http://"))
        && url.len() > "https://".len()
        && !url.chars().any(|c| c.is_whitespace() || c.is_control());
    ok.then(|| format!("{}/", url.trim_end_matches('/')))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site(cwd: &str, root: &str) -> Site {
        Site {
            cwd: PathBuf::from(cwd),
            root: PathBuf::from(root),
        }
    }

    #[test]
    fn addresses_are_relative_to_the_root_whatever_form_the_path_has() {
        let s = site("/repo/sub", "/repo");
        let want = Address::UnderRoot("sub/plans/a%20b.cxp".into());
        assert_eq!(s.address("plans/a b.cxp"), want);
        assert_eq!(s.address("./plans/a b.cxp"), want);
        assert_eq!(s.address("/repo/sub/plans/a b.cxp"), want);
        assert_eq!(s.address("../sub/plans/../plans/a b.cxp"), want);
        assert_eq!(
            s.address("/elsewhere/x.cxp"),
            Address::Absolute("file:///elsewhere/x.cxp".into())
        );
        assert_eq!(
            s.address("../../outside.cxp"),
            Address::Absolute("file:///outside.cxp".into())
        );
    }

    #[test]
    fn uris_encode_reserved_characters() {
        assert_eq!(encode("a b/#c%.cxp"), "a%20b/%23c%25.cxp");
        assert_eq!(
            file_uri(Path::new("/srv/my plans"), true),
            "file:///srv/my%20plans/"
        );
    }

    #[test]
    fn sha256_matches_the_standard() {
        assert_eq!(
            sha256(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }

    #[test]
    fn the_catalogue_tells_built_in_rules_from_packs() {
        let builtin = crate::engine::RuleSet::builtin();
        let mut rules = builtin.rules().to_vec();
        let c = Catalogue::of(&rules);
        assert_eq!(c.rules, c.built_in);
        assert!(c.packs.is_empty());
        rules[0].source = "policy/rules/XX01.yaml".into();
        let d = Catalogue::of(&rules);
        assert_eq!(d.built_in, d.rules - 1);
        assert_eq!(d.packs, vec!["policy/rules/XX01.yaml".to_string()]);
        assert_ne!(c.sha256, d.sha256);
    }
}
