//! Writes with an edit, a deletion or a replacement made at each moment of the write.

use super::*;
use std::os::unix::fs::{MetadataExt as _, PermissionsExt as _};

const OLD: &str = "programme \"A\" {\n}\n";
const NEW: &str = "programme \"A\" {}\n";
const EDIT: &str = "# added by a colleague\n";

/// A plan read for rewriting, in a new folder, with permissions 640.
fn plan() -> (tempfile::TempDir, PathBuf, ReadFile) {
    let dir = tempfile::tempdir().expect("folder");
    let path = dir.path().join("plan.cxp");
    std::fs::write(&path, OLD).expect("plan");
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o640)).expect("mode");
    let read = read_regular(&path, 1 << 20).expect("read");
    (dir, path, read)
}

fn append(path: &Path) {
    let mut f = OpenOptions::new().append(true).open(path).expect("open");
    f.write_all(EDIT.as_bytes()).expect("append");
}

fn text(path: &Path) -> String {
    std::fs::read_to_string(path).expect("text")
}

/// Only the plan is left: no temporary file, no second name.
fn only_the_plan(dir: &Path) {
    let names: Vec<_> = std::fs::read_dir(dir)
        .expect("list")
        .map(|e| e.expect("entry").file_name())
        .collect();
    assert_eq!(names, ["plan.cxp"]);
}

#[test]
fn a_plain_rewrite_keeps_the_permissions() {
    let (dir, path, read) = plan();
    replace(&path, &read, NEW.as_bytes()).expect("replaced");
    assert_eq!(text(&path), NEW);
    let meta = std::fs::metadata(&path).expect("meta");
    assert_eq!(meta.mode() & 0o777, 0o640);
    assert_ne!(meta.ino(), read.original.meta.ino());
    only_the_plan(dir.path());
}

/// Run `edit` on `path` once, when the write has found it as it was read and is about
/// to put the new file in place.
fn just_before_placing(path: &Path, edit: impl Fn(&Path) + 'static) -> testing::Guard {
    let target = path.to_path_buf();
    let mut done = false;
    testing::on(move |stage| {
        if stage == Stage::Placing && !done {
            done = true;
            edit(&target);
        }
    })
}

/// An edit made after the last check and before the new file is put in place.
#[test]
fn an_edit_just_before_the_new_file_is_put_in_place_is_kept() {
    let (dir, path, read) = plan();
    let _hook = just_before_placing(&path, |target| {
        append(target);
    });
    let why = replace(&path, &read, NEW.as_bytes()).expect_err("refused");
    assert_eq!(why, CHANGED);
    assert_eq!(text(&path), format!("{OLD}{EDIT}"));
    only_the_plan(dir.path());
}

/// A colleague's editor opened the plan before the new file was put in place and
/// writes after: while the old file still has a name, the edit is put back.
#[test]
fn an_edit_through_a_handle_opened_before_is_put_back() {
    for when in [Stage::Exchanged, Stage::Unnamed] {
        let (dir, path, read) = plan();
        let target = path.clone();
        let mut handle = None;
        let mut written = false;
        // Once: putting the edit back is a write of its own, with the same stages.
        let _hook = testing::on(move |stage| {
            if stage == Stage::Placing && handle.is_none() {
                handle = Some(OpenOptions::new().append(true).open(&target).expect("open"));
            }
            if stage == when && !written {
                let f = handle.as_mut().expect("opened");
                f.write_all(EDIT.as_bytes()).expect("write");
                written = true;
            }
        });
        let why = replace(&path, &read, NEW.as_bytes()).expect_err("refused");
        assert_eq!(why, CHANGED, "{when:?}");
        assert_eq!(text(&path), format!("{OLD}{EDIT}"), "{when:?}");
        let mode = std::fs::metadata(&path).expect("meta").mode() & 0o777;
        assert_eq!(mode, 0o640, "{when:?}");
        only_the_plan(dir.path());
    }
}

#[test]
fn a_plan_deleted_just_before_is_not_created_again() {
    let (dir, path, read) = plan();
    let _hook = just_before_placing(&path, |target| {
        std::fs::remove_file(target).expect("deleted");
    });
    let why = replace(&path, &read, NEW.as_bytes()).expect_err("refused");
    assert_eq!(why, DELETED);
    assert_eq!(std::fs::read_dir(dir.path()).expect("list").count(), 0);
}

/// Another program saved the plan by renaming its own file over it.
#[test]
fn a_plan_replaced_just_before_is_left_as_replaced() {
    let (dir, path, read) = plan();
    let _hook = just_before_placing(&path, |target| {
        let theirs = target.with_file_name("theirs");
        std::fs::write(&theirs, EDIT).expect("theirs");
        std::fs::rename(&theirs, target).expect("renamed");
    });
    let why = replace(&path, &read, NEW.as_bytes()).expect_err("refused");
    assert_eq!(why, CHANGED);
    assert_eq!(text(&path), EDIT);
    only_the_plan(dir.path());
}

#[test]
fn a_file_that_appears_just_before_a_new_one_is_written_is_left() {
    let dir = tempfile::tempdir().expect("folder");
    let path = dir.path().join("plan.cxp");
    let _hook = just_before_placing(&path, |target| {
        std::fs::write(target, EDIT).expect("theirs");
    });
    let why = write(&path, NEW.as_bytes()).expect_err("refused");
    assert_eq!(why, APPEARED);
    assert_eq!(text(&path), EDIT);
    only_the_plan(dir.path());
}

#[test]
fn temporary_names() {
    assert!(is_temporary_name(".cxlint-12-0.tmp"));
    assert!(!is_temporary_name(".cxlint-12-.tmp"));
    assert!(!is_temporary_name(".cxlint-12-0-1.tmp"));
    assert!(!is_temporary_name(".plan.cxp.12.tmp"));
    assert!(!is_temporary_name("cxlint-12-0.tmp"));
}
