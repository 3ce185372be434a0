//! Finding `*.cxp` files: directory walks that skip hidden directories and never hang.
//!
//! Symlinks are not followed (so a symlink loop cannot trap the walk), and only regular
//! files are returned (a FIFO or device named `x.cxp` is skipped, never opened).

use std::path::{Path, PathBuf};

use walkdir::WalkDir;

use crate::model::build::FileInput;

/// What the walk found: the files to lint, and paths that could not be used.
#[derive(Debug, Default)]
pub struct Found {
    pub files: Vec<FileInput>,
    /// (path as given, why) for paths that do not exist or cannot be read: exit 2.
    pub missing: Vec<(String, String)>,
    /// Entries skipped on purpose (not regular files), for `--stats`.
    pub skipped: usize,
    /// Plan files and folders left out because the configuration excludes them.
    pub excluded: usize,
}

/// Collect the `.cxp` files under `paths`, dropping those `excluded` says to skip (it is
/// told whether the path is a folder). A folder given that holds no plan file, and none
/// that the configuration excludes, is reported as missing: a gate pointed at the wrong
/// folder must not pass.
pub fn find(paths: &[String], excluded: &dyn Fn(&Path, bool) -> bool) -> Found {
    let mut found = Found::default();
    for given in paths {
        let before = (found.files.len(), found.excluded, found.missing.len());
        find_one(given, excluded, &mut found);
        let after = (found.files.len(), found.excluded, found.missing.len());
        if after == before && Path::new(given).is_dir() {
            found
                .missing
                .push((given.clone(), "it holds no plan file (*.cxp)".to_string()));
        }
    }
    found.files.sort_by(|a, b| a.display.cmp(&b.display));
    found.files.dedup_by(|a, b| a.display == b.display);
    found
}

fn find_one(given: &str, excluded: &dyn Fn(&Path, bool) -> bool, found: &mut Found) {
    let path = Path::new(given);
    let meta = match std::fs::symlink_metadata(path) {
        Ok(m) => m,
        Err(e) => {
            found.missing.push((given.to_string(), plain_io_error(&e)));
            return;
        }
    };
    if meta.is_dir() {
        walk_dir(given, excluded, found);
        return;
    }
    // A path named explicitly: follow a symlink to see what it is, but only read
    // regular files.
    match std::fs::metadata(path) {
        Ok(m) if m.is_file() => {
            if excluded(path, false) {
                found.excluded += 1;
            } else {
                found
                    .files
                    .push(input(given.to_string(), path.to_path_buf()));
            }
        }
        Ok(m) if m.is_dir() => walk_dir(given, excluded, found),
        Ok(_) => found
            .missing
            .push((given.to_string(), "it is not a regular file".to_string())),
        Err(e) => found.missing.push((given.to_string(), plain_io_error(&e))),
    }
}

fn walk_dir(given: &str, excluded: &dyn Fn(&Path, bool) -> bool, found: &mut Found) {
    let excluded_count = std::cell::Cell::new(0usize);
    let walker = WalkDir::new(given)
        .follow_links(false)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| {
            if e.depth() == 0 || is_hidden(e.file_name()) {
                return e.depth() == 0;
            }
            let is_dir = e.file_type().is_dir();
            let is_plan = e.path().extension().and_then(|x| x.to_str()) == Some("cxp");
            if (is_dir || is_plan) && excluded(e.path(), is_dir) {
                excluded_count.set(excluded_count.get() + 1);
                return false;
            }
            true
        });
    for entry in walker {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                let path = e
                    .path()
                    .map(|p| p.display().to_string())
                    .unwrap_or_else(|| given.to_string());
                if let Some(io) = e.io_error() {
                    // An unreadable directory inside the tree: report it, carry on.
                    found.missing.push((path, plain_io_error(io)));
                }
                continue;
            }
        };
        let ft = entry.file_type();
        if ft.is_dir() {
            continue;
        }
        if entry.path().extension().and_then(|e| e.to_str()) != Some("cxp") {
            continue;
        }
        if !ft.is_file() {
            // Symlinks, FIFOs, sockets, devices: never opened by a walk.
            found.skipped += 1;
            continue;
        }
        let display = display_path(given, entry.path());
        found.files.push(input(display, entry.path().to_path_buf()));
    }
    found.excluded += excluded_count.get();
}

fn input(display: String, path: PathBuf) -> FileInput {
    FileInput { display, path }
}

/// The path shown to the user: as found under the path they gave, without a leading `./`.
fn display_path(given: &str, path: &Path) -> String {
    let text = path.to_string_lossy().into_owned();
    if given == "." {
        text.strip_prefix("./").unwrap_or(&text).to_string()
    } else {
        text
    }
}

fn is_hidden(name: &std::ffi::OsStr) -> bool {
    name.to_str()
        .is_some_and(|n| n.starts_with('.') && n != "." && n != "..")
}

fn plain_io_error(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file or directory".to_string(),
        std::io::ErrorKind::PermissionDenied => "permission denied".to_string(),
        _ => e.to_string(),
    }
}
