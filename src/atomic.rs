//! Safe writes: how cxlint replaces a file it rewrites (`cxlint fmt`) or records
//! (`--write-baseline`), and how it reads a file it will rewrite or trust.
//!
//! What is promised (docs/security.md lists each promise with its test):
//!
//! - The new text goes to a temporary file in the same folder, then is renamed over the
//!   file: a reader sees the old file or the new one, never a mix, and a run stopped at any
//!   moment leaves one or the other. The temporary file is created new (never through a
//!   file or link already there), with the final permissions from the start, and named
//!   `.cxlint-PID-N.tmp`: short, so a file whose own name fills the folder's limit can
//!   still be written.
//! - Only a regular file is replaced. A symbolic link, device, pipe, socket or folder at
//!   the path is refused (`fmt` follows a link itself and rewrites the file it leads to).
//! - The file keeps its owner, group and permissions, its `user.*` extended attributes
//!   and its access list. If any of them cannot be kept (cxlint runs as another user than
//!   the owner, say) the file is left untouched. Set-user-id and set-group-id bits are
//!   kept only together with the owner and group they belong to.
//! - A read-only file (its owner may not write it) is left untouched, and so is a file
//!   with several names (hard links): a rename gives one name a new file and leaves the
//!   others on the old one.
//! - Just before the rename the file must still be the one that was read: same device,
//!   inode, size, modification and change times. A file edited meanwhile is left as it
//!   now is, and a file deleted meanwhile is not brought back.
//! - When cxlint is stopped by SIGINT, SIGTERM or SIGHUP while writing, it removes its
//!   temporary files before it exits (status 130). A run killed outright (SIGKILL) cannot;
//!   the next write cxlint makes in that folder removes temporary files of its naming
//!   that are more than [`STALE_AFTER`] old.

use std::fs::{File, Metadata, OpenOptions};
use std::io::{Read as _, Write as _};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, MutexGuard};
use std::time::Duration;

/// How old a temporary file of cxlint's naming must be before another run removes it.
/// A write in progress keeps its file's modification time fresh.
pub const STALE_AFTER: Duration = Duration::from_secs(10 * 60);

/// The status cxlint exits with when a signal stops it during a write.
pub const INTERRUPTED: i32 = 130;

/// A regular file as it was read, to be rewritten with [`replace`].
pub struct ReadFile {
    pub bytes: Vec<u8>,
    original: Original,
}

/// The open file and what its metadata were when it was read.
struct Original {
    file: File,
    meta: Metadata,
}

/// Why a file was not read.
#[derive(Debug)]
pub enum ReadError {
    /// Larger than the limit (its size); nothing past the limit was read.
    TooLarge(u64),
    /// Not a regular file: what it is (`a named pipe (FIFO)`).
    NotRegular(&'static str),
    Io(std::io::Error),
}

impl std::fmt::Display for ReadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ReadError::TooLarge(size) => write!(f, "it is {}", crate::limits::size(*size)),
            ReadError::NotRegular(what) => write!(f, "it is {what}, not a regular file"),
            ReadError::Io(e) => write!(f, "{e}"),
        }
    }
}

/// What a file that is not a regular file is, in the words of messages.
pub fn what_it_is(meta: &Metadata) -> &'static str {
    let t = meta.file_type();
    if t.is_dir() {
        return "a folder";
    }
    if t.is_symlink() {
        return "a symbolic link";
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if t.is_fifo() {
            return "a named pipe (FIFO)";
        }
        if t.is_socket() {
            return "a socket";
        }
        if t.is_char_device() || t.is_block_device() {
            return "a device";
        }
    }
    "a special file"
}

/// Read the regular file at `path` (a link to one is followed), at most `limit` bytes.
/// Anything else is refused before it is opened, and checked again once open (opened
/// without waiting, so a pipe swapped in meanwhile cannot hang the run).
pub fn read_regular(path: &Path, limit: u64) -> Result<ReadFile, ReadError> {
    let before = std::fs::metadata(path).map_err(ReadError::Io)?;
    if !before.is_file() {
        return Err(ReadError::NotRegular(what_it_is(&before)));
    }
    let mut options = OpenOptions::new();
    options.read(true);
    unix::no_waiting(&mut options);
    let file = options.open(path).map_err(ReadError::Io)?;
    let meta = file.metadata().map_err(ReadError::Io)?;
    if !meta.is_file() {
        return Err(ReadError::NotRegular(what_it_is(&meta)));
    }
    if meta.len() > limit {
        return Err(ReadError::TooLarge(meta.len()));
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    (&file)
        .take(limit.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(ReadError::Io)?;
    if bytes.len() as u64 > limit {
        return Err(ReadError::TooLarge(bytes.len() as u64));
    }
    Ok(ReadFile {
        bytes,
        original: Original { file, meta },
    })
}

/// Replace the file `read` was read from, found at `path` (the file itself, not a link to
/// it), with `bytes`, keeping its metadata. The error is a sentence about the file, which
/// is then as it was (or as someone else has since made it).
pub fn replace(path: &Path, read: &ReadFile, bytes: &[u8]) -> Result<(), String> {
    refusal(&read.original.meta).map_or(Ok(()), Err)?;
    install(path, bytes, Some(&read.original))
}

/// Write `bytes` to `path`: a new file, or in place of the regular file there (keeping
/// its metadata, as [`replace`] does). Anything else at `path`, a link included, is
/// refused and left as it is.
pub fn write(path: &Path, bytes: &[u8]) -> Result<(), String> {
    match std::fs::symlink_metadata(path) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => install(path, bytes, None),
        Err(e) => Err(e.to_string()),
        Ok(meta) if !meta.is_file() => Err(format!(
            "there is {} at this path, and cxlint writes only a new file or over a regular file",
            what_it_is(&meta)
        )),
        Ok(_) => {
            let mut options = OpenOptions::new();
            options.read(true);
            unix::no_following(&mut options);
            let file = options.open(path).map_err(|e| e.to_string())?;
            let meta = file.metadata().map_err(|e| e.to_string())?;
            refusal(&meta).map_or(Ok(()), Err)?;
            install(path, bytes, Some(&Original { file, meta }))
        }
    }
}

/// Why a regular file is not rewritten, if it is not.
fn refusal(meta: &Metadata) -> Option<String> {
    if !meta.is_file() {
        return Some(format!("it is {}, not a regular file", what_it_is(meta)));
    }
    unix::refusal(meta)
}

/// The folder a file is in (`.` for a bare name).
fn folder_of(path: &Path) -> &Path {
    match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    }
}

/// Write `bytes` to a new temporary file beside `path`, give it the metadata of `keep`
/// (or none, for a new file), check that `path` is still what it was, and rename.
fn install(path: &Path, bytes: &[u8], keep: Option<&Original>) -> Result<(), String> {
    let folder = folder_of(path);
    let mode = keep.map_or(0o666, |o| unix::permissions(&o.meta) & 0o777);
    let (tmp, mut file) = create_temporary(folder, mode)?;
    remove_stale(folder, &tmp);
    let result = (|| {
        if let Some(o) = keep {
            unix::keep_owner(&o.meta, &file)?;
            unix::copy_attributes(&o.file, &file)?;
        }
        file.write_all(bytes).map_err(|e| e.to_string())?;
        if let Some(o) = keep {
            // After the owner: a change of owner clears the set-id bits.
            unix::set_permissions(&file, unix::permissions(&o.meta))?;
        }
        file.sync_all().map_err(|e| e.to_string())?;
        still_there(path, keep)?;
        std::fs::rename(&tmp, path).map_err(|e| e.to_string())
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    forget(&tmp);
    if result.is_ok() {
        // The rename itself reaches the disk with the folder.
        if let Ok(dir) = File::open(folder) {
            let _ = dir.sync_all();
        }
    }
    result
}

/// `path` is still the file that was read (or, for a new file, still absent).
fn still_there(path: &Path, keep: Option<&Original>) -> Result<(), String> {
    let now = std::fs::symlink_metadata(path);
    match (keep, now) {
        (None, Err(e)) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        (None, Ok(_)) => Err(
            "a file appeared at this path while cxlint was writing it; it is left as it is".into(),
        ),
        (Some(_), Err(e)) if e.kind() == std::io::ErrorKind::NotFound => Err(
            "the file was deleted while cxlint was working on it; it is not created again".into(),
        ),
        (_, Err(e)) => Err(e.to_string()),
        (Some(o), Ok(now)) => {
            if unix::same_version(&o.meta, &now) {
                Ok(())
            } else {
                Err("the file changed while cxlint was working on it; it is left as it now is (run cxlint again)".into())
            }
        }
    }
}

/// Temporary files being written, removed by the signal handler.
static PENDING: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());
static COUNTER: AtomicU64 = AtomicU64::new(0);

fn pending() -> MutexGuard<'static, Vec<PathBuf>> {
    PENDING.lock().unwrap_or_else(|e| e.into_inner())
}

/// The name of cxlint's temporary files: `.cxlint-PID-N.tmp`.
pub fn is_temporary_name(name: &str) -> bool {
    let Some(middle) = name
        .strip_prefix(".cxlint-")
        .and_then(|n| n.strip_suffix(".tmp"))
    else {
        return false;
    };
    let mut parts = middle.split('-');
    let digits =
        |p: Option<&str>| p.is_some_and(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()));
    digits(parts.next()) && digits(parts.next()) && parts.next().is_none()
}

/// The process id in temporary names. WASI has none (std panics on asking), and only one
/// program runs in the browser playground's file system: 0 there.
fn process_id() -> u32 {
    #[cfg(target_os = "wasi")]
    return 0;
    #[cfg(not(target_os = "wasi"))]
    std::process::id()
}

/// Create a new temporary file in `folder` with permissions `mode`, registered so that a
/// signal removes it.
fn create_temporary(folder: &Path, mode: u32) -> Result<(PathBuf, File), String> {
    install_handler();
    let mut last = None;
    for _ in 0..100 {
        let n = COUNTER.fetch_add(1, Ordering::Relaxed);
        let tmp = folder.join(format!(".cxlint-{}-{n}.tmp", process_id()));
        let mut options = OpenOptions::new();
        // `create_new`: fails on anything already there, links included, never follows one.
        options.write(true).create_new(true);
        unix::mode(&mut options, mode);
        // Registered under the lock, so a signal never finds it created and unlisted.
        let mut list = pending();
        match options.open(&tmp) {
            Ok(file) => {
                list.push(tmp.clone());
                return Ok((tmp, file));
            }
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => last = Some(e),
            Err(e) => {
                return Err(format!(
                    "cannot create a temporary file in {}: {e}",
                    folder.display()
                ))
            }
        }
    }
    Err(format!(
        "cannot create a temporary file in {}: {}",
        folder.display(),
        last.map_or_else(String::new, |e| e.to_string())
    ))
}

fn forget(tmp: &Path) {
    pending().retain(|p| p != tmp);
}

/// On SIGINT, SIGTERM or SIGHUP: remove the temporary files being written, then exit.
#[cfg(not(target_os = "wasi"))]
fn install_handler() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        // If the program already has a handler, it keeps it.
        let _ = ctrlc::set_handler(|| {
            let list = pending();
            for tmp in list.iter() {
                let _ = std::fs::remove_file(tmp);
            }
            // Standard error may be gone (a closed pipe): nothing to do about it then.
            let _ = std::io::Write::write_all(
                &mut std::io::stderr(),
                b"cxlint: stopped; files being written were left as they were\n",
            );
            std::process::exit(INTERRUPTED);
        });
    });
}

/// WASI (the browser playground) has no signals: nothing to install.
#[cfg(target_os = "wasi")]
fn install_handler() {}

/// Remove temporary files of cxlint's naming older than [`STALE_AFTER`] from `folder`,
/// once per folder and run. Only regular files are removed (a link of that name is left).
fn remove_stale(folder: &Path, own: &Path) {
    static DONE: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());
    {
        let mut done = DONE.lock().unwrap_or_else(|e| e.into_inner());
        if done.iter().any(|d| d == folder) {
            return;
        }
        done.push(folder.to_path_buf());
    }
    let Ok(entries) = std::fs::read_dir(folder) else {
        return;
    };
    let now = std::time::SystemTime::now();
    for entry in entries.flatten() {
        let name = entry.file_name();
        if !name.to_str().is_some_and(is_temporary_name) || entry.path() == own {
            continue;
        }
        let Ok(meta) = std::fs::symlink_metadata(entry.path()) else {
            continue;
        };
        let old = meta
            .modified()
            .ok()
            .and_then(|m| now.duration_since(m).ok())
            .is_some_and(|age| age > STALE_AFTER);
        if meta.is_file() && old {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

#[cfg(unix)]
mod unix {
    use std::fs::{File, Metadata, OpenOptions, Permissions};
    use std::os::unix::fs::{MetadataExt, OpenOptionsExt, PermissionsExt};

    pub fn no_waiting(options: &mut OpenOptions) {
        options.custom_flags(rustix::fs::OFlags::NONBLOCK.bits() as i32);
    }

    pub fn no_following(options: &mut OpenOptions) {
        options.custom_flags(
            (rustix::fs::OFlags::NONBLOCK | rustix::fs::OFlags::NOFOLLOW).bits() as i32,
        );
    }

    pub fn mode(options: &mut OpenOptions, mode: u32) {
        options.mode(mode);
    }

    pub fn permissions(meta: &Metadata) -> u32 {
        meta.mode() & 0o7777
    }

    pub fn set_permissions(file: &File, mode: u32) -> Result<(), String> {
        file.set_permissions(Permissions::from_mode(mode))
            .map_err(|e| format!("cannot give the new file the permissions {mode:o}: {e}"))
    }

    pub fn refusal(meta: &Metadata) -> Option<String> {
        if meta.mode() & 0o200 == 0 {
            return Some(format!(
                "it is read-only (permissions {:o}), so cxlint leaves it untouched; give its owner write permission to let cxlint rewrite it",
                meta.mode() & 0o7777
            ));
        }
        if meta.nlink() > 1 {
            return Some(format!(
                "it has {} names (hard links), and rewriting it would give this name a new file and leave the others on the old one, so cxlint leaves it untouched",
                meta.nlink()
            ));
        }
        None
    }

    /// Give `new` the owner and group of the original, or fail.
    pub fn keep_owner(original: &Metadata, new: &File) -> Result<(), String> {
        let now = new.metadata().map_err(|e| e.to_string())?;
        if now.uid() == original.uid() && now.gid() == original.gid() {
            return Ok(());
        }
        std::os::unix::fs::fchown(new, Some(original.uid()), Some(original.gid())).map_err(|e| {
            format!(
                "the new file cannot keep the owner and group of the old one (user {}, group {}): {e}; cxlint leaves it untouched",
                original.uid(),
                original.gid()
            )
        })
    }

    /// Same file, same content as far as the metadata tell.
    pub fn same_version(a: &Metadata, b: &Metadata) -> bool {
        a.dev() == b.dev()
            && a.ino() == b.ino()
            && a.len() == b.len()
            && a.mtime() == b.mtime()
            && a.mtime_nsec() == b.mtime_nsec()
            && a.ctime() == b.ctime()
            && a.ctime_nsec() == b.ctime_nsec()
    }

    /// Copy the `user.*` extended attributes and the access list of `from` to `to`.
    /// Other namespaces (`security.*`, `trusted.*`) are the system's to set.
    #[cfg(any(target_os = "linux", target_os = "android", target_vendor = "apple"))]
    pub fn copy_attributes(from: &File, to: &File) -> Result<(), String> {
        use rustix::io::Errno;
        // The largest list and the largest value Linux allows (64 KiB each).
        let mut list = vec![0u8; 1 << 16];
        let n = match rustix::fs::flistxattr(from, &mut list[..]) {
            Ok(n) => n,
            Err(Errno::NOTSUP) => return Ok(()),
            Err(e) => {
                return Err(format!(
                    "cannot list the extended attributes of the file: {e}"
                ))
            }
        };
        let mut value = vec![0u8; 1 << 16];
        for name in list[..n].split(|b| *b == 0).filter(|n| !n.is_empty()) {
            let wanted = name.starts_with(b"user.") || name == b"system.posix_acl_access";
            if !wanted {
                continue;
            }
            let shown = String::from_utf8_lossy(name);
            let len = rustix::fs::fgetxattr(from, name, &mut value[..])
                .map_err(|e| format!("cannot read the extended attribute {shown}: {e}"))?;
            rustix::fs::fsetxattr(to, name, &value[..len], rustix::fs::XattrFlags::empty())
                .map_err(|e| {
                    format!(
                        "the new file cannot keep the extended attribute {shown}: {e}; cxlint leaves it untouched"
                    )
                })?;
        }
        Ok(())
    }

    #[cfg(not(any(target_os = "linux", target_os = "android", target_vendor = "apple")))]
    pub fn copy_attributes(_from: &File, _to: &File) -> Result<(), String> {
        Ok(())
    }
}

#[cfg(not(unix))]
mod unix {
    use std::fs::{File, Metadata, OpenOptions};

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
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn temporary_names() {
        assert!(is_temporary_name(".cxlint-12-0.tmp"));
        assert!(!is_temporary_name(".cxlint-12-.tmp"));
        assert!(!is_temporary_name(".cxlint-12-0-1.tmp"));
        assert!(!is_temporary_name(".plan.cxp.12.tmp"));
        assert!(!is_temporary_name("cxlint-12-0.tmp"));
    }
}
