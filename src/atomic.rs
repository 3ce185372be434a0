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
//!   now is, and a file deleted meanwhile is not brought back. Where the system can, the
//!   rename is an exchange of names, checked and undone if the old file changed; and the
//!   old file is watched until its last name is gone, an edit that reached it put back
//!   (see [`put_over`]).
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
    install(path, bytes, Some(Keep::of(&read.original)), Late::Restore)
}

/// Write `bytes` to `path`: a new file, or in place of the regular file there (keeping
/// its metadata, as [`replace`] does). Anything else at `path`, a link included, is
/// refused and left as it is.
pub fn write(path: &Path, bytes: &[u8]) -> Result<(), String> {
    match std::fs::symlink_metadata(path) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            install(path, bytes, None, Late::Restore)
        }
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
            install(
                path,
                bytes,
                Some(Keep::of(&Original { file, meta })),
                Late::Restore,
            )
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

/// The file being replaced: the handle whose extended attributes the new file copies,
/// the metadata it takes its owner and permissions from and that `path` must still match,
/// and the handle on the file whose text is being replaced, watched for late edits.
#[derive(Clone, Copy)]
struct Keep<'a> {
    attributes: &'a File,
    meta: &'a Metadata,
    watched: &'a File,
}

impl<'a> Keep<'a> {
    fn of(o: &'a Original) -> Self {
        Keep {
            attributes: &o.file,
            meta: &o.meta,
            watched: &o.file,
        }
    }
}

/// What came of a late edit found once the new file is in place.
#[derive(Clone, Copy, PartialEq)]
enum Late {
    /// Put the edited text back (the first attempt).
    Restore,
    /// Report it (the text being put back was itself edited meanwhile).
    Report,
}

const CHANGED: &str =
    "the file changed while cxlint was working on it; it is left as it now is (run cxlint again)";

/// Write `bytes` to a new temporary file beside `path`, give it the metadata of `keep`
/// (or none, for a new file), check that `path` is still what it was, and put it in place.
fn install(path: &Path, bytes: &[u8], keep: Option<Keep>, late: Late) -> Result<(), String> {
    let folder = folder_of(path);
    let mode = keep.map_or(0o666, |k| unix::permissions(k.meta) & 0o777);
    let (tmp, mut file) = create_temporary(folder, mode)?;
    remove_stale(folder, &tmp);
    let ready = (|| {
        if let Some(k) = keep {
            unix::keep_owner(k.meta, &file)?;
            unix::copy_attributes(k.attributes, &file)?;
        }
        file.write_all(bytes).map_err(|e| e.to_string())?;
        if let Some(k) = keep {
            // After the owner: a change of owner clears the set-id bits.
            unix::set_permissions(&file, unix::permissions(k.meta))?;
        }
        file.sync_all().map_err(|e| e.to_string())?;
        still_there(path, keep)
    })();
    let result = match ready {
        Ok(()) => {
            testing::at(Stage::Placing);
            match keep {
                None => put_new(&tmp, path),
                Some(k) => put_over(&tmp, path, k, &file, late),
            }
        }
        Err(why) => {
            let _ = std::fs::remove_file(&tmp);
            Err(why)
        }
    };
    forget(&tmp);
    if result.is_ok() {
        // The rename itself reaches the disk with the folder.
        if let Ok(dir) = File::open(folder) {
            let _ = dir.sync_all();
        }
    }
    result
}

/// Rename the new file `tmp` to `path`, where nothing was. Where the system can, a file
/// that appeared at `path` since [`still_there`] looked is refused in the same step.
fn put_new(tmp: &Path, path: &Path) -> Result<(), String> {
    let outcome = match unix::rename_new(tmp, path) {
        Moved::Done => Ok(()),
        Moved::Refused => Err(APPEARED.to_string()),
        Moved::Unsupported => std::fs::rename(tmp, path).map_err(|e| e.to_string()),
        Moved::Failed(e) => Err(e.to_string()),
    };
    if outcome.is_err() {
        let _ = std::fs::remove_file(tmp);
    }
    outcome
}

/// Put the new file `tmp` (open as `new`) in place of the file at `path`, which
/// [`still_there`] found to be the one that was read.
///
/// Where the system can, the two names are exchanged in one step, so a file deleted since
/// the check is not created again, and the file taken out of place is checked once more:
/// if it is not the one read, or was edited, the exchange is undone. Whatever the system,
/// the file replaced is watched until its name is gone: an edit that reached it by then
/// (written through a handle opened before the exchange) is put back in place of the new
/// text. Only a program that keeps the old file open and writes to it after that writes
/// to a file that no longer has a name, as with every program that saves by renaming.
fn put_over(tmp: &Path, path: &Path, keep: Keep, new: &File, late: Late) -> Result<(), String> {
    match unix::exchange(tmp, path) {
        Moved::Done => {
            // `tmp` now names the file that was at `path`.
            testing::at(Stage::Exchanged);
            let replaced = std::fs::symlink_metadata(tmp);
            let watched = keep.watched.metadata();
            let same = match (&replaced, &watched) {
                (Ok(r), Ok(w)) => unix::same_file(r, keep.meta) && unix::unchanged(keep.meta, w),
                _ => false,
            };
            if !same {
                return match unix::exchange(tmp, path) {
                    Moved::Done => {
                        let _ = std::fs::remove_file(tmp);
                        Err(CHANGED.to_string())
                    }
                    _ => Err(format!(
                        "the file changed while cxlint was working on it; the new text is now at this path and the file as it was changed is kept as {}",
                        tmp.display()
                    )),
                };
            }
            // Its last name: an edit landing after this is found below.
            let _ = std::fs::remove_file(tmp);
            testing::at(Stage::Unnamed);
        }
        Moved::Refused => {
            let _ = std::fs::remove_file(tmp);
            return Err(DELETED.to_string());
        }
        Moved::Unsupported => {
            if let Err(e) = std::fs::rename(tmp, path) {
                let _ = std::fs::remove_file(tmp);
                return Err(e.to_string());
            }
        }
        Moved::Failed(e) => {
            let _ = std::fs::remove_file(tmp);
            return Err(e.to_string());
        }
    }
    let edited = keep
        .watched
        .metadata()
        .map_or(true, |now| !unix::unchanged(keep.meta, &now));
    if !edited {
        return Ok(());
    }
    if late == Late::Report {
        return Err("the file was edited again while cxlint was putting back an edit made during its run; the latest text is at this path, an earlier edit may be missing".into());
    }
    put_back(path, keep, new)
}

/// The file replaced was edited after the check: put its text (read through the handle
/// still open on it) in place of the new text, keeping the same metadata.
fn put_back(path: &Path, keep: Keep, new: &File) -> Result<(), String> {
    use std::io::Seek as _;
    let mut text = Vec::new();
    let mut old = keep.watched;
    let read = old
        .seek(std::io::SeekFrom::Start(0))
        .and_then(|_| old.read_to_end(&mut text));
    let meta = new.metadata();
    let (Ok(_), Ok(meta)) = (read, meta) else {
        return Err("the file was edited while cxlint was writing it, and the edited text could not be read back; the new text is at this path".into());
    };
    let again = Keep {
        attributes: keep.attributes,
        meta: &meta,
        watched: new,
    };
    match install(path, &text, Some(again), Late::Report) {
        Ok(()) => Err(CHANGED.to_string()),
        Err(why) => Err(format!(
            "the file was edited while cxlint was writing it, and the edited text could not be put back ({why})"
        )),
    }
}

/// The moments of a write where tests make an edit of their own.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Stage {
    /// The path was found as it was read; the new file is about to be put in place.
    Placing,
    /// Exchanged: the temporary name now leads to the file that was in place.
    Exchanged,
    /// The file that was in place has lost its last name.
    Unnamed,
}

/// What tests do at each [`Stage`] (nothing, outside unit tests).
#[cfg(not(test))]
mod testing {
    pub fn at(_stage: super::Stage) {}
}

#[cfg(test)]
mod testing {
    use std::cell::RefCell;

    type Hook = Box<dyn FnMut(super::Stage)>;

    thread_local! {
        static HOOK: RefCell<Option<Hook>> = RefCell::new(None);
    }

    pub fn at(stage: super::Stage) {
        HOOK.with(|h| {
            if let Some(hook) = h.borrow_mut().as_mut() {
                hook(stage);
            }
        });
    }

    /// Run `hook` at every stage of this thread's writes until the guard is dropped.
    pub fn on(hook: impl FnMut(super::Stage) + 'static) -> Guard {
        HOOK.with(|h| *h.borrow_mut() = Some(Box::new(hook)));
        Guard
    }

    pub struct Guard;

    impl Drop for Guard {
        fn drop(&mut self) {
            HOOK.with(|h| *h.borrow_mut() = None);
        }
    }
}

const APPEARED: &str =
    "a file appeared at this path while cxlint was writing it; it is left as it is";
const DELETED: &str =
    "the file was deleted while cxlint was working on it; it is not created again";

/// `path` is still the file that was read (or, for a new file, still absent).
fn still_there(path: &Path, keep: Option<Keep>) -> Result<(), String> {
    let now = std::fs::symlink_metadata(path);
    match (keep, now) {
        (None, Err(e)) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        (None, Ok(_)) => Err(APPEARED.into()),
        (Some(_), Err(e)) if e.kind() == std::io::ErrorKind::NotFound => Err(DELETED.into()),
        (_, Err(e)) => Err(e.to_string()),
        (Some(k), Ok(now)) => {
            if unix::same_version(k.meta, &now) {
                Ok(())
            } else {
                Err(CHANGED.into())
            }
        }
    }
}

/// What came of moving one name to another in a single step.
pub enum Moved {
    Done,
    /// Exchanging: nothing is at the destination (any more). Moving a new file: something
    /// is there now.
    Refused,
    /// The system or the file system cannot do it in one step.
    Unsupported,
    Failed(std::io::Error),
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
mod unix;

#[cfg(not(unix))]
#[path = "atomic/other.rs"]
mod unix;

#[cfg(all(test, unix))]
mod tests;
