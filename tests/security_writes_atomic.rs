//! src/atomic.rs step by step: a file changed, replaced or deleted between the read and
//! the write is never overwritten, with no timing involved (the change is made between
//! the two calls). tests/security_writes_safety.rs shows the same through `cxlint fmt`.
#![cfg(unix)]

use std::fs;
use std::io::Write;

use cxlint::atomic::{read_regular, replace, write, ReadError};

const LIMIT: u64 = 1 << 20;

fn plan(dir: &tempfile::TempDir) -> std::path::PathBuf {
    let path = dir.path().join("plan.cxp");
    fs::write(&path, "old\n").expect("plan");
    path
}

#[test]
fn an_unchanged_file_is_replaced() {
    let dir = tempfile::tempdir().expect("dir");
    let path = plan(&dir);
    let read = read_regular(&path, LIMIT).expect("read");
    replace(&path, &read, b"new\n").expect("replaced");
    assert_eq!(fs::read_to_string(&path).expect("read"), "new\n");
}

#[test]
fn a_file_appended_to_after_the_read_is_left_as_it_now_is() {
    let dir = tempfile::tempdir().expect("dir");
    let path = plan(&dir);
    let read = read_regular(&path, LIMIT).expect("read");
    let mut f = fs::OpenOptions::new()
        .append(true)
        .open(&path)
        .expect("open");
    f.write_all(b"edit\n").expect("append");
    let why = replace(&path, &read, b"new\n").expect_err("refused");
    assert!(why.contains("changed while"), "{why}");
    assert_eq!(fs::read_to_string(&path).expect("read"), "old\nedit\n");
}

#[test]
fn a_file_edited_in_place_with_the_same_size_is_left_as_it_now_is() {
    let dir = tempfile::tempdir().expect("dir");
    let path = plan(&dir);
    let read = read_regular(&path, LIMIT).expect("read");
    // Same size, same inode; the change time moves (and the modification time is set
    // back to the old one, as a careless tool might).
    let old_mtime = fs::metadata(&path)
        .expect("meta")
        .modified()
        .expect("mtime");
    let f = fs::OpenOptions::new()
        .write(true)
        .open(&path)
        .expect("open");
    (&f).write_all(b"OLD\n").expect("write");
    f.set_modified(old_mtime).expect("mtime");
    drop(f);
    assert!(replace(&path, &read, b"new\n").is_err());
    assert_eq!(fs::read_to_string(&path).expect("read"), "OLD\n");
}

#[test]
fn a_file_replaced_by_another_after_the_read_is_left_as_it_now_is() {
    let dir = tempfile::tempdir().expect("dir");
    let path = plan(&dir);
    let read = read_regular(&path, LIMIT).expect("read");
    let other = dir.path().join("other");
    fs::write(&other, "old\n").expect("other");
    fs::rename(&other, &path).expect("swapped");
    assert!(replace(&path, &read, b"new\n").is_err());
    assert_eq!(fs::read_to_string(&path).expect("read"), "old\n");
}

#[test]
fn a_file_deleted_after_the_read_is_not_created_again() {
    let dir = tempfile::tempdir().expect("dir");
    let path = plan(&dir);
    let read = read_regular(&path, LIMIT).expect("read");
    fs::remove_file(&path).expect("deleted");
    let why = replace(&path, &read, b"new\n").expect_err("refused");
    assert!(why.contains("deleted"), "{why}");
    assert!(!path.exists());
    let left: Vec<_> = fs::read_dir(dir.path()).expect("list").collect();
    assert!(left.is_empty(), "the temporary file is removed: {left:?}");
}

#[test]
fn a_file_larger_than_the_limit_is_not_read() {
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("big");
    fs::File::create(&path)
        .expect("create")
        .set_len(LIMIT + 1)
        .expect("size");
    assert!(matches!(
        read_regular(&path, LIMIT),
        Err(ReadError::TooLarge(n)) if n == LIMIT + 1
    ));
}

#[test]
fn only_regular_files_are_read() {
    assert!(matches!(
        read_regular(std::path::Path::new("/dev/zero"), LIMIT),
        Err(ReadError::NotRegular("a device"))
    ));
    let dir = tempfile::tempdir().expect("dir");
    assert!(matches!(
        read_regular(dir.path(), LIMIT),
        Err(ReadError::NotRegular("a folder"))
    ));
}

#[test]
fn a_new_file_is_written_and_a_folder_is_not_replaced() {
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("base.json");
    write(&path, b"{}\n").expect("written");
    assert_eq!(fs::read_to_string(&path).expect("read"), "{}\n");
    let sub = dir.path().join("sub");
    fs::create_dir(&sub).expect("folder");
    let why = write(&sub, b"{}\n").expect_err("refused");
    assert!(why.contains("a folder"), "{why}");
    assert!(sub.is_dir());
}
