//! Embeds every rule file under `rules/` into the binary: writes `builtin_rules.rs` to
//! OUT_DIR with one `(path, include_str!(…))` entry per YAML file, sorted by path, and
//! `FINGERPRINT`, a hash of those files and of the sources of the rule compiler. The
//! precompiled built-in rule set (`src/engine/builtin-rules.json`) is used only when it
//! was made with the same fingerprint.
//!
//! Also sets `CXLINT_BUILD_COMMIT` for `cxlint --version`: the commit the binary was built
//! from (see `commit`). It is not part of the fingerprint.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

#[allow(dead_code)]
#[path = "src/engine/fingerprint.rs"]
mod fingerprint;

/// The sources whose output the precompiled rule set holds (besides the rule files):
/// files, or folders whose files all count.
const COMPILER: &[&str] = &[
    "grammar/rule.pest",
    "src/rulelang",
    "src/engine/load.rs",
    "src/engine/file.rs",
    "src/engine/mod.rs",
    "src/schema.rs",
    "src/value.rs",
    "src/yaml.rs",
];

fn main() {
    println!("cargo:rerun-if-changed=rules");
    let root = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").unwrap_or_default());
    println!("cargo:rustc-env=CXLINT_BUILD_COMMIT={}", commit(&root));
    let mut files = Vec::new();
    collect(&root.join("rules"), &mut files);
    files.sort();
    let mut out = String::from("pub static BUILTIN_RULE_FILES: &[(&str, &str)] = &[\n");
    for file in &files {
        println!("cargo:rerun-if-changed={}", file.display());
        let relative = relative(&root, file);
        out.push_str(&format!(
            "    ({:?}, include_str!({:?})),\n",
            relative,
            file.to_string_lossy()
        ));
    }
    out.push_str("];\n");
    let mut hash = fingerprint::Fnv1a::default();
    hash.piece(
        std::env::var("CARGO_PKG_VERSION")
            .unwrap_or_default()
            .as_bytes(),
    );
    let mut inputs: Vec<PathBuf> = files.clone();
    for item in COMPILER {
        let path = root.join(item);
        println!("cargo:rerun-if-changed={}", path.display());
        if path.is_dir() {
            let mut found = Vec::new();
            collect_all(&path, &mut found);
            found.sort();
            inputs.extend(found);
        } else {
            inputs.push(path);
        }
    }
    for file in &inputs {
        println!("cargo:rerun-if-changed={}", file.display());
        hash.piece(relative(&root, file).as_bytes());
        match fs::read(file) {
            Ok(bytes) => hash.piece(&bytes),
            Err(e) => panic!("cannot read {}: {e}", file.display()),
        }
    }
    out.push_str(&format!(
        "pub const FINGERPRINT: &str = {:?};\n",
        hash.hex()
    ));
    let dest = PathBuf::from(std::env::var("OUT_DIR").unwrap_or_default()).join("builtin_rules.rs");
    if let Err(e) = fs::write(&dest, out) {
        panic!("cannot write {}: {e}", dest.display());
    }
}

/// The commit the binary is built from, for `cxlint --version`: `git rev-parse --short HEAD`
/// when the crate's folder is the top of a git checkout, else the `CXLINT_COMMIT`
/// environment variable (set by whoever builds from a source archive), else the commit
/// `cargo package` recorded in `.cargo_vcs_info.json`, else "unknown". Never fails: a
/// source archive has no git.
fn commit(root: &Path) -> String {
    println!("cargo:rerun-if-env-changed=CXLINT_COMMIT");
    if let Some(commit) = git_commit(root) {
        return commit;
    }
    if let Ok(commit) = std::env::var("CXLINT_COMMIT") {
        let commit = commit.trim();
        if !commit.is_empty() && commit.chars().all(|c| c.is_ascii_graphic()) {
            return commit.to_string();
        }
    }
    let vcs_info = root.join(".cargo_vcs_info.json");
    if let Ok(text) = fs::read_to_string(&vcs_info) {
        println!("cargo:rerun-if-changed={}", vcs_info.display());
        let sha = text
            .split("\"sha1\"")
            .nth(1)
            .and_then(|rest| rest.split('"').nth(1))
            .filter(|sha| sha.len() >= 7 && sha.chars().all(|c| c.is_ascii_hexdigit()));
        if let Some(sha) = sha {
            return sha[..7].to_string();
        }
    }
    "unknown".to_string()
}

/// `git rev-parse --short HEAD`, when git is there and `root` is the top of its checkout
/// (a crate unpacked inside some other repository must not take that repository's
/// commit); watches HEAD and the branch it points at, so a new commit rebuilds.
fn git_commit(root: &Path) -> Option<String> {
    let top = git(root, &["rev-parse", "--show-toplevel"])?;
    if fs::canonicalize(&top).ok()? != fs::canonicalize(root).ok()? {
        return None;
    }
    let commit = git(root, &["rev-parse", "--short", "HEAD"])?;
    let mut watched = vec![
        "HEAD".to_string(),
        "logs/HEAD".to_string(),
        "packed-refs".to_string(),
    ];
    if let Some(branch) = git(root, &["symbolic-ref", "-q", "HEAD"]) {
        watched.push(branch);
    }
    for item in watched {
        if let Some(path) = git(root, &["rev-parse", "--git-path", &item]) {
            let path = root.join(path);
            if path.exists() {
                println!("cargo:rerun-if-changed={}", path.display());
            }
        }
    }
    Some(commit)
}

/// The trimmed output of a successful `git -C root ARGS`, if not empty.
fn git(root: &Path, args: &[&str]) -> Option<String> {
    let output = Command::new("git")
        .arg("-C")
        .arg(root)
        .args(args)
        .output()
        .ok()?;
    if !output.status.success() {
        return None;
    }
    let text = String::from_utf8(output.stdout).ok()?.trim().to_string();
    (!text.is_empty()).then_some(text)
}

/// `file` relative to the crate's folder, with forward slashes.
fn relative(root: &Path, file: &Path) -> String {
    file.strip_prefix(root)
        .unwrap_or(file)
        .to_string_lossy()
        .replace('\\', "/")
}

/// Every rule file (`*.yaml`, `*.yml`) under `dir`.
fn collect(dir: &Path, files: &mut Vec<PathBuf>) {
    collect_where(dir, files, &|path| {
        matches!(
            path.extension().and_then(|e| e.to_str()),
            Some("yaml" | "yml")
        )
    });
}

/// Every file under `dir`.
fn collect_all(dir: &Path, files: &mut Vec<PathBuf>) {
    collect_where(dir, files, &|_| true);
}

/// Every file under `dir` that `keep` accepts; each folder is watched for changes.
fn collect_where(dir: &Path, files: &mut Vec<PathBuf>, keep: &dyn Fn(&Path) -> bool) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            println!("cargo:rerun-if-changed={}", path.display());
            collect_where(&path, files, keep);
        } else if keep(&path) {
            files.push(path);
        }
    }
}
