//! cxlint writes only where a command asks it to (`fmt`, `--write-baseline`, `init`), and
//! each write replaces the file whole: a temporary file beside it, then a rename.

use std::path::Path;

use cxlint::baseline::write_atomically;

#[test]
fn a_write_replaces_the_file_whole() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("plan.cxp");
    std::fs::write(&path, "old\n").expect("write");
    write_atomically(&path, b"new\n").expect("atomic write");
    assert_eq!(std::fs::read_to_string(&path).expect("read"), "new\n");
    let left: Vec<_> = std::fs::read_dir(dir.path())
        .expect("list")
        .filter_map(Result::ok)
        .map(|e| e.file_name())
        .collect();
    assert_eq!(left.len(), 1, "temporary files left behind: {left:?}");
}

#[test]
fn a_failed_write_leaves_the_file_alone() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("missing-folder/plan.cxp");
    assert!(write_atomically(&path, b"new\n").is_err());
    assert!(!Path::new(&path).exists());
}

/// Found by review (fixed in src/baseline.rs: the temporary file is created new): the
/// temporary file's name is predictable (`.NAME.PID.tmp` beside the
/// file) and it is opened with `File::create`, which follows a link. Plan folders come
/// from the pull request, so a link committed under that name (process ids in CI
/// containers are small and repeat) made `cxlint fmt` or `--write-baseline` write
/// through it to any file the CI user can write.
#[cfg(unix)]
#[test]
fn a_planted_link_at_the_temporary_name_is_not_followed() {
    let dir = tempfile::tempdir().expect("temp dir");
    let victim = dir.path().join("victim.txt");
    std::fs::write(&victim, "precious\n").expect("write");
    let plans = dir.path().join("plans");
    std::fs::create_dir_all(&plans).expect("plans");
    let path = plans.join("acme.cxp");
    std::fs::write(&path, "old\n").expect("write");
    let tmp = plans.join(format!(".acme.cxp.{}.tmp", std::process::id()));
    std::os::unix::fs::symlink(&victim, &tmp).expect("symlink");
    let _ = write_atomically(&path, b"formatted plan\n");
    assert_eq!(
        std::fs::read_to_string(&victim).expect("read"),
        "precious\n",
        "the write went through the planted link"
    );
}
