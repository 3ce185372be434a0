//! Finding `*.cxp` files: directory walks that skip hidden directories and never hang.
//!
//! Symlinks are not followed (so a symlink loop cannot trap the walk), and only regular
//! files are returned (a FIFO or device named `x.cxp` is skipped, never opened).

use std::path::{Path, PathBuf};

use walkdir::WalkDir;

use crate::model::build::{folder_of, FileInput};

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
    /// What a walk saw and did not take, by the path shown: files that are not plans,
    /// links, hidden, excluded and unreadable entries. An include may still reach them;
    /// see [`Found::least`].
    pub left_out: Vec<String>,
    /// Files named on the command line rather than found by a walk.
    pub named: Vec<String>,
}

impl Found {
    /// For each file, the least path a diagnostic found by linting it can name: its own,
    /// or that of a fragment it includes that is not among the files (those lie in its
    /// folder). For a file a walk found, only what the walk left out in its folder can be
    /// such a fragment; for a file named alone, anything in its folder. What lets a run
    /// hand on findings before it ends (`lint::run_each`).
    pub fn least(&self) -> Vec<String> {
        let mut left_out: Vec<String> = self
            .left_out
            .iter()
            .flat_map(|o| [o.clone(), normal(o)])
            .collect();
        left_out.sort_unstable();
        left_out.dedup();
        let named: std::collections::HashSet<&str> =
            self.named.iter().map(String::as_str).collect();
        self.files
            .iter()
            .map(|f| {
                let folder = folder_of(&f.display);
                let least = if named.contains(f.display.as_str()) {
                    Some(folder)
                } else {
                    let at = left_out.partition_point(|o| o.as_str() < folder.as_str());
                    left_out.get(at).filter(|o| o.starts_with(&folder)).cloned()
                };
                match least {
                    Some(l) if l < f.display => l,
                    _ => f.display.clone(),
                }
            })
            .collect()
    }
}

/// `path` written as an include's path is shown: `./a/../b` -> `b`.
fn normal(path: &str) -> String {
    let mut folder = folder_of(&format!("{path}/x"));
    folder.pop();
    folder
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
    found.left_out.sort_unstable();
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
                found.named.push(given.to_string());
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
    let left_out = std::cell::RefCell::new(Vec::new());
    let walker = WalkDir::new(given)
        .follow_links(false)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| {
            if e.depth() == 0 {
                return true;
            }
            let is_dir = e.file_type().is_dir();
            let is_plan = e.path().extension().and_then(|x| x.to_str()) == Some("cxp");
            let keep = !is_hidden(e.file_name())
                && !((is_dir || is_plan) && excluded(e.path(), is_dir) && {
                    excluded_count.set(excluded_count.get() + 1);
                    true
                });
            if !keep {
                left_out.borrow_mut().push(display_path(given, e.path()));
            }
            keep
        });
    for entry in walker {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                let path = e
                    .path()
                    .map(|p| p.display().to_string())
                    .unwrap_or_else(|| given.to_string());
                if let Some(p) = e.path() {
                    left_out.borrow_mut().push(display_path(given, p));
                }
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
        let display = display_path(given, entry.path());
        if entry.path().extension().and_then(|e| e.to_str()) != Some("cxp") {
            left_out.borrow_mut().push(display);
            continue;
        }
        if !ft.is_file() {
            // Symlinks, FIFOs, sockets, devices: never opened by a walk.
            found.skipped += 1;
            left_out.borrow_mut().push(display);
            continue;
        }
        found.files.push(input(display, entry.path().to_path_buf()));
    }
    found.excluded += excluded_count.get();
    found.left_out.extend(left_out.into_inner());
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

#[cfg(test)]
mod tests {
    use super::*;

    fn found(files: &[&str], left_out: &[&str], named: &[&str]) -> Found {
        Found {
            files: files
                .iter()
                .map(|f| input(f.to_string(), PathBuf::from(f)))
                .collect(),
            left_out: left_out.iter().map(|s| s.to_string()).collect(),
            named: named.iter().map(|s| s.to_string()).collect(),
            ..Found::default()
        }
    }

    #[test]
    fn the_least_path_is_what_the_walk_left_out_in_the_folder() {
        let f = found(
            &["a/n.cxp", "a/z.cxp", "b/x.cxp", "c/d/e.cxp"],
            &["a/m.part", "b/y.txt", "./c/d/.hidden", "c/.other"],
            &[],
        );
        assert_eq!(
            f.least(),
            ["a/m.part", "a/m.part", "b/x.cxp", "c/d/.hidden"]
        );
        // A file named alone may include anything in its folder.
        let f = found(&["a/n.cxp", "top.cxp"], &[], &["a/n.cxp", "top.cxp"]);
        assert_eq!(f.least(), ["a/", ""]);
    }
}
