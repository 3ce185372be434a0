//! Safe writes where there is no Unix (WASI, the browser playground): what can be kept
//! is the content; there are no owners or attributes to keep.

use std::fs::{File, Metadata, OpenOptions};

use super::Moved;

pub fn no_waiting(_options: &mut OpenOptions) {}

pub fn no_following(_options: &mut OpenOptions) {}

pub fn mode(_options: &mut OpenOptions, _mode: u32) {}

pub fn permissions(meta: &Metadata) -> u32 {
    if meta.permissions().readonly() {
        0o444
    } else {
        0o666
    }
}

pub fn set_permissions(_file: &File, _mode: u32) -> Result<(), String> {
    Ok(())
}

pub fn refusal(meta: &Metadata) -> Option<String> {
    // WASI preview 1 (the browser playground) reports no permissions, which std reads
    // as read-only: there the host alone decides what may be written.
    if cfg!(target_os = "wasi") {
        return None;
    }
    meta.permissions().readonly().then(|| {
        "it is read-only, so cxlint leaves it untouched; make it writable to let cxlint rewrite it".to_string()
    })
}

pub fn keep_owner(_original: &Metadata, _new: &File) -> Result<(), String> {
    Ok(())
}

pub fn same_version(a: &Metadata, b: &Metadata) -> bool {
    a.len() == b.len() && a.modified().ok() == b.modified().ok()
}

pub fn copy_attributes(_from: &File, _to: &File) -> Result<(), String> {
    Ok(())
}

pub fn unchanged(a: &Metadata, b: &Metadata) -> bool {
    same_version(a, b)
}

/// Without inodes nothing tells two files apart; only asked after an exchange, which
/// these systems do not make.
pub fn same_file(_a: &Metadata, _b: &Metadata) -> bool {
    true
}

pub fn exchange(_a: &std::path::Path, _b: &std::path::Path) -> Moved {
    Moved::Unsupported
}

pub fn rename_new(_from: &std::path::Path, _to: &std::path::Path) -> Moved {
    Moved::Unsupported
}
