//! `cxlint --version`: the version and the commit the binary was built from.

mod cli_support;

use std::process::Command;

use cli_support::Cli;

#[test]
fn version_names_the_commit_it_was_built_from() {
    let out = Cli::new().run_with(&["--version"]);
    assert_eq!(out.code, 0, "{out:?}");
    let commit = env!("CXLINT_BUILD_COMMIT");
    assert_eq!(
        out.stdout,
        format!("cxlint {} (commit {commit})\n", env!("CARGO_PKG_VERSION"))
    );
    assert!(!commit.is_empty() && !commit.contains(char::is_whitespace));
    // In a git checkout of the crate, the commit is its HEAD (build.rs reruns on commits).
    let root = env!("CARGO_MANIFEST_DIR");
    let git = |args: &[&str]| {
        Command::new("git")
            .arg("-C")
            .arg(root)
            .args(args)
            .output()
            .ok()
            .filter(|o| o.status.success())
            .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
    };
    let top = git(&["rev-parse", "--show-toplevel"]);
    let same_root = top.as_deref().and_then(|t| std::fs::canonicalize(t).ok())
        == std::fs::canonicalize(root).ok();
    if let (true, Some(head)) = (same_root, git(&["rev-parse", "--short", "HEAD"])) {
        assert_eq!(commit, head);
    }
}
