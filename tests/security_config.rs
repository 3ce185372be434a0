//! `cxlint.yaml` is written by anyone who can open a pull request: it may turn rules off
//! (that is what review is for), but it must not make cxlint read files outside the
//! repository.

use std::path::Path;

use cxlint::engine::RuleSet;
use cxlint::source::SourceFile;

const SECRET: &str = "token: the-secret-value\n";

fn write(path: &Path, text: &str) {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).expect("create folder");
    }
    std::fs::write(path, text).expect("write file");
}

/// Load the rule folders a configuration in `repo` names, as `cxlint check` does
/// (src/resolve.rs `load_setting`); every text that ended up in a rule or a diagnostic.
fn texts_read(repo: &Path, config: &str) -> Vec<String> {
    let file = SourceFile::new(repo.join("cxlint.yaml").display().to_string(), config);
    let Ok(parsed) = cxlint::config::parse(&file) else {
        return Vec::new();
    };
    let Ok(dirs) = cxlint::config::rule_dirs(&parsed, repo) else {
        return Vec::new();
    };
    let mut texts = Vec::new();
    for dir in dirs {
        let mut rules = RuleSet::builtin();
        match rules.load_dir(&dir) {
            Ok(()) => texts.extend(rules.rules().iter().map(|r| r.source.clone())),
            Err(diags) => {
                for d in diags {
                    texts.push(d.file.text.to_string());
                    texts.push(d.message);
                }
            }
        }
    }
    texts
}

#[test]
fn rule_folders_inside_the_repository_load() {
    let dir = tempfile::tempdir().expect("temp dir");
    let repo = dir.path().join("repo");
    write(&repo.join("policy/rules/bad.yaml"), "code: [\n");
    let texts = texts_read(&repo, "rule_dirs: [\"policy/rules\"]\n");
    assert!(texts.iter().any(|t| t.contains("code: [")), "{texts:?}");
}

/// Found by review of the `config` fuzz target's entry points: `rule_dirs` are joined to
/// the configuration's folder as written, so `../outside` or `/etc` are read, and a YAML
/// file there that is not a rule comes back as a diagnostic whose snippet shows its
/// lines: a pull request can print files of the CI machine into the build log
/// (`cxlint check .` with `rule_dirs: ["../outside"]` prints `token: the-secret-value`
/// from `../outside/secrets.yaml` under a YAML error).
/// Expected: rule folders outside the configuration's folder (after following links)
/// refused with a CONFIG diagnostic.
#[test]
fn rule_folders_outside_the_repository_are_refused() {
    let dir = tempfile::tempdir().expect("temp dir");
    let repo = dir.path().join("repo");
    let outside = dir.path().join("outside");
    write(&outside.join("secrets.yaml"), SECRET);
    std::fs::create_dir_all(&repo).expect("repo");
    let absolute = outside.display().to_string();
    let configs = vec![
        "rule_dirs: [\"../outside\"]\n".to_string(),
        format!("rule_dirs: [{absolute:?}]\n"),
    ];
    #[cfg(unix)]
    let configs = {
        let mut c = configs;
        std::os::unix::fs::symlink(&outside, repo.join("link")).expect("symlink");
        c.push("rule_dirs: [\"link\"]\n".to_string());
        c
    };
    for config in configs {
        let texts = texts_read(&repo, &config);
        assert!(
            !texts.iter().any(|t| t.contains("the-secret-value")),
            "{config}read a file outside the repository"
        );
    }
}

/// The uid the tests run as: the owner of a file they create.
#[cfg(unix)]
fn my_uid(dir: &Path) -> u32 {
    use std::os::unix::fs::MetadataExt as _;
    let probe = dir.join(".uid-probe");
    std::fs::write(&probe, "").expect("write a probe");
    let uid = std::fs::metadata(&probe).expect("probe").uid();
    std::fs::remove_file(&probe).expect("remove the probe");
    uid
}

/// Issue: a `cxlint.yaml` in any parent folder applied, even one another user can write:
/// in a sticky world-writable folder (`/tmp`), another user's `exclude: ["**"]` turned a
/// failing gate into "0 files", exit 0. Outside any repository a configuration must
/// belong to the user running cxlint or to root. As root (CI), the file is given to
/// another uid; otherwise the tester cannot give a file away and only the accepted case
/// runs.
#[cfg(unix)]
#[test]
fn a_configuration_of_another_user_outside_a_repository_is_refused() {
    use std::os::unix::fs::PermissionsExt as _;
    let dir = tempfile::tempdir().expect("temp dir");
    let shared = dir.path().join("shared");
    let work = shared.join("work");
    std::fs::create_dir_all(&work).expect("folders");
    std::fs::set_permissions(&shared, std::fs::Permissions::from_mode(0o1777))
        .expect("sticky, world-writable");
    write(&shared.join("cxlint.yaml"), "exclude: [\"**\"]\n");
    write(
        &work.join("plan.cxp"),
        "programme \"P\" {\n  unit \"U\" { parent = \"nobody\" }\n}\n",
    );
    let run = || {
        std::process::Command::new(env!("CARGO_BIN_EXE_cxlint"))
            .args(["check", "."])
            .current_dir(&work)
            .env("NO_COLOR", "1")
            .output()
            .expect("cxlint runs")
    };
    // The tester's own configuration applies: everything is excluded.
    let out = run();
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    if my_uid(dir.path()) != 0 {
        return;
    }
    // As root: the same file belonging to another user is not read, and the plan fails.
    std::os::unix::fs::chown(shared.join("cxlint.yaml"), Some(12345), Some(12345))
        .expect("give the file away");
    let out = run();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("belongs to another user"), "{stderr}");
    // A link of the tester's own to that file is refused too.
    std::fs::rename(shared.join("cxlint.yaml"), shared.join("theirs.yaml")).expect("rename");
    std::os::unix::fs::symlink("theirs.yaml", shared.join("cxlint.yaml")).expect("link");
    let out = run();
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    // Inside a repository the search stops at its root and never reaches the file.
    std::fs::create_dir(work.join(".git")).expect("a repository");
    let out = run();
    assert_eq!(out.status.code(), Some(1), "{out:?}");
}
