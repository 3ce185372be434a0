//! Where plan text comes from: the disk, or documents held in memory (an editor's open
//! buffers, standard input, a browser page), behind one [`Reader`].
//!
//! The model builder reads roots and the fragments they include only through a reader,
//! so a programme can be linted without touching the disk, and a test can prove it.

use std::collections::HashMap;
use std::path::{Component, Path, PathBuf};

use crate::limits::{self, Bounded};

/// A file to lint: the path to show (as given on the command line or found by the walk)
/// and the path to read.
#[derive(Debug, Clone)]
pub struct FileInput {
    pub display: String,
    pub path: PathBuf,
}

/// Reads plan files for the model builder. Implementations must be cheap to share across
/// threads.
pub trait Reader: Sync {
    /// The real path of `path` (links followed), which identifies a file in include
    /// checks; an error when there is no such file.
    fn canonicalize(&self, path: &Path) -> std::io::Result<PathBuf>;

    /// The bytes of the regular file at `path`, at most `max` of them; `Err` holds a
    /// reason in plain words ("no such file", "it is a directory").
    fn read(&self, path: &Path, max: u64) -> Result<Bounded, String>;

    /// The first `n` bytes of the file at `path` (to show the first line of a file too
    /// large to read); empty when they cannot be read.
    fn head(&self, path: &Path, n: u64) -> Vec<u8>;
}

/// The real path of `path`, as [`std::fs::canonicalize`] gives it.
#[cfg(not(target_os = "wasi"))]
pub fn canonicalize(path: &Path) -> std::io::Result<PathBuf> {
    std::fs::canonicalize(path)
}

/// The real path of `path`. WASI preview 1 (the browser playground) has no `realpath`:
/// there the path is made absolute and cleaned of `.` and `..` by its text, once it is
/// known to exist (the playground's in-memory files have no links).
#[cfg(target_os = "wasi")]
pub fn canonicalize(path: &Path) -> std::io::Result<PathBuf> {
    std::fs::metadata(path)?;
    let mut real = PathBuf::new();
    for part in std::env::current_dir()?.join(path).components() {
        match part {
            Component::CurDir => {}
            Component::ParentDir => {
                real.pop();
            }
            other => real.push(other),
        }
    }
    Ok(real)
}

/// The file system: only regular files are read (a pipe or a device could block or never
/// end), never more than the size limit.
#[derive(Debug, Clone, Copy, Default)]
pub struct Disk;

impl Reader for Disk {
    fn canonicalize(&self, path: &Path) -> std::io::Result<PathBuf> {
        canonicalize(path)
    }

    fn read(&self, path: &Path, max: u64) -> Result<Bounded, String> {
        let meta = std::fs::metadata(path).map_err(|e| plain_io_error(&e))?;
        if meta.is_dir() {
            return Err("it is a directory".to_string());
        }
        if !meta.is_file() {
            return Err("it is not a regular file".to_string());
        }
        limits::read_bounded(path, max).map_err(|e| plain_io_error(&e))
    }

    fn head(&self, path: &Path, n: u64) -> Vec<u8> {
        use std::io::Read as _;
        let mut head = Vec::new();
        if let Ok(f) = std::fs::File::open(path) {
            let _ = f.take(n).read_to_end(&mut head);
        }
        head
    }
}

/// Documents held in memory, in front of another reader (the disk, or [`Nowhere`]):
/// a document given here hides the file of the same path.
pub struct Overlay<'a> {
    documents: HashMap<PathBuf, &'a [u8]>,
    behind: &'a dyn Reader,
}

impl<'a> Overlay<'a> {
    /// `documents` are (path, bytes) pairs; relative paths are taken relative to the
    /// current directory.
    pub fn new(documents: &[(&'a str, &'a [u8])], behind: &'a dyn Reader) -> Overlay<'a> {
        Overlay {
            documents: documents
                .iter()
                .map(|(path, text)| (absolute(Path::new(path)), *text))
                .collect(),
            behind,
        }
    }
}

impl Reader for Overlay<'_> {
    fn canonicalize(&self, path: &Path) -> std::io::Result<PathBuf> {
        let abs = absolute(path);
        if self.documents.contains_key(&abs) {
            return Ok(abs);
        }
        self.behind.canonicalize(path)
    }

    fn read(&self, path: &Path, max: u64) -> Result<Bounded, String> {
        match self.documents.get(&absolute(path)) {
            Some(text) if text.len() as u64 > max => Ok(Bounded::TooLarge(text.len() as u64)),
            Some(text) => Ok(Bounded::Read(text.to_vec())),
            None => self.behind.read(path, max),
        }
    }

    fn head(&self, path: &Path, n: u64) -> Vec<u8> {
        match self.documents.get(&absolute(path)) {
            Some(text) => text[..text.len().min(n as usize)].to_vec(),
            None => self.behind.head(path, n),
        }
    }
}

/// A reader with no files at all: behind an [`Overlay`], it makes sure nothing but the
/// documents given is ever read.
#[derive(Debug, Clone, Copy, Default)]
pub struct Nowhere;

impl Reader for Nowhere {
    fn canonicalize(&self, _: &Path) -> std::io::Result<PathBuf> {
        Err(std::io::ErrorKind::NotFound.into())
    }

    fn read(&self, _: &Path, _: u64) -> Result<Bounded, String> {
        Err("no such file".to_string())
    }

    fn head(&self, _: &Path, _: u64) -> Vec<u8> {
        Vec::new()
    }
}

/// `path` made absolute against the current directory and cleaned of `.` and `..`
/// without asking the file system (for documents that need not exist on disk).
pub fn absolute(path: &Path) -> PathBuf {
    let joined = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir()
            .unwrap_or_else(|_| PathBuf::from("/"))
            .join(path)
    };
    clean(&joined)
}

/// `path` cleaned of `.` and `..` without asking the file system.
pub fn clean(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other.as_os_str()),
        }
    }
    out
}

/// An I/O error in plain words.
pub fn plain_io_error(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file".to_string(),
        std::io::ErrorKind::PermissionDenied => "permission denied".to_string(),
        _ => e.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_overlay_hides_the_reader_behind_it() {
        let docs: [(&str, &[u8]); 1] = [("plans/a.cxp", b"programme \"A\" {}\n")];
        let r = Overlay::new(&docs, &Nowhere);
        let canonical = r
            .canonicalize(Path::new("./plans/x/../a.cxp"))
            .expect("found");
        assert_eq!(canonical, absolute(Path::new("plans/a.cxp")));
        assert!(
            matches!(r.read(&canonical, 1000), Ok(Bounded::Read(b)) if b.starts_with(b"programme"))
        );
        assert!(matches!(r.read(&canonical, 3), Ok(Bounded::TooLarge(_))));
        assert!(r.canonicalize(Path::new("plans/b.cxp")).is_err());
        assert_eq!(
            r.read(Path::new("plans/b.cxp"), 10).err().as_deref(),
            Some("no such file")
        );
    }
}

/// Which plan files a run reads and parses, counted where it happens (the one place plan
/// bytes are read, [`crate::limits::read_bounded`], and the parser), while a trace is on:
/// the test that nothing is read or parsed twice. Off, it costs one flag read per file.
#[doc(hidden)]
pub mod trace {
    use std::path::{Path, PathBuf};
    use std::sync::atomic::{AtomicBool, Ordering};
    use std::sync::Mutex;

    static ON: AtomicBool = AtomicBool::new(false);
    static READS: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());
    static PARSES: Mutex<Vec<String>> = Mutex::new(Vec::new());

    /// Start counting (what was counted before is dropped).
    pub fn start() {
        take();
        ON.store(true, Ordering::SeqCst);
    }

    /// Stop counting; the paths read and the files parsed (by the path shown), in order.
    pub fn stop() -> (Vec<PathBuf>, Vec<String>) {
        ON.store(false, Ordering::SeqCst);
        take()
    }

    fn take() -> (Vec<PathBuf>, Vec<String>) {
        let reads = std::mem::take(&mut *READS.lock().unwrap_or_else(|e| e.into_inner()));
        let parses = std::mem::take(&mut *PARSES.lock().unwrap_or_else(|e| e.into_inner()));
        (reads, parses)
    }

    pub(crate) fn read(path: &Path) {
        if ON.load(Ordering::Relaxed) {
            READS
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .push(path.to_path_buf());
        }
    }

    pub(crate) fn parsed(display: &str) {
        if ON.load(Ordering::Relaxed) {
            PARSES
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .push(display.to_string());
        }
    }
}
