//! Reading one plan file: bytes through a [`Reader`], decoded (E014 for bytes that are not
//! UTF-8 text, UTF-16 named as such), parsed, with its allow comments and E015.

use super::*;

/// Read the plan at `path` (whose real path, `canonical`, the caller found already).
pub(super) fn read_at(
    reader: &dyn Reader,
    display: &str,
    path: &Path,
    canonical: Option<PathBuf>,
    limits: &Limits,
) -> Result<Loaded, String> {
    let read = reader.read(path, limits.file_size)?;
    let dir = canonical
        .as_ref()
        .and_then(|c| c.parent().map(Path::to_path_buf));
    match read {
        Bounded::Read(bytes) => Ok(from_bytes(display, bytes, canonical, dir, limits)),
        Bounded::TooLarge(size) => {
            let head = reader.head(path, 200);
            Ok(too_large(display, &head, size, limits, canonical, dir))
        }
    }
}

/// A plan file larger than `limits.file_size`: one E014 at line 1; only its first line
/// is read, to show it.
pub(super) fn too_large(
    display: &str,
    head: &[u8],
    size: u64,
    limits: &Limits,
    canonical: Option<PathBuf>,
    dir: Option<PathBuf>,
) -> Loaded {
    let line: String = String::from_utf8_lossy(head)
        .lines()
        .next()
        .unwrap_or("")
        .chars()
        .filter(|c| !c.is_control())
        .collect();
    let file = SourceFile::new(display, line);
    let limit = limits::size(limits.file_size);
    let message = if size > limits.file_size + 1 {
        format!(
            "this plan file is {}, more than the {limit} limit (limits.file_size in cxlint.yaml); it was not read",
            limits::size(size)
        )
    } else {
        format!(
            "this plan file is larger than the {limit} limit (limits.file_size in cxlint.yaml); it was not read"
        )
    };
    let diag = Diagnostic::error(Code::E014, &file, first_line(&file), message).with_help(format!(
        "split it into files joined by `include`, or raise limits.file_size in cxlint.yaml (at most {})",
        limits::size(limits::FILE_SIZE.ceiling)
    ));
    Loaded::unparsed(file, diag, canonical, dir)
}

pub(super) fn from_bytes(
    display: &str,
    bytes: Vec<u8>,
    canonical: Option<PathBuf>,
    dir: Option<PathBuf>,
    limits: &Limits,
) -> Loaded {
    // Only a file that cannot be read needs its bytes again: the text takes them over.
    let utf16 = utf16(&bytes);
    match source::decode_owned(bytes) {
        Ok(text) => from_text(display, text, canonical, dir, limits),
        Err((err, lossy)) => {
            let file = SourceFile::new(display, lossy);
            let start = err.text_offset.min(file.text.len());
            let end = file.text[start..]
                .chars()
                .next()
                .map_or(start, |c| start + c.len_utf8());
            let message = if let Some(order) = utf16 {
                format!(
                    "this file is saved as UTF-16 text ({order}); cxlint reads plan files saved as UTF-8"
                )
            } else if err.binary {
                format!(
                    "this file holds a NUL byte at byte offset {}: it looks like binary data, not a programme",
                    err.file_offset
                )
            } else {
                format!(
                    "this file is not valid UTF-8 text: the byte at offset {} cannot be read",
                    err.file_offset
                )
            };
            let help = if utf16.is_some() {
                "open it and save it again as UTF-8 (in Notepad: File, Save as, Encoding: UTF-8)"
            } else {
                "save the file as UTF-8 text"
            };
            let diag = Diagnostic::error(Code::E014, &file, start..end, message).with_help(help);
            Loaded::unparsed(file, diag, canonical, dir)
        }
    }
}

/// Whether `bytes` look like UTF-16 text (a byte-order mark, or a zero byte beside every
/// character of the first line), and in which byte order.
pub(super) fn utf16(bytes: &[u8]) -> Option<&'static str> {
    match bytes {
        [0xFF, 0xFE, ..] => return Some("little-endian"),
        [0xFE, 0xFF, ..] => return Some("big-endian"),
        _ => {}
    }
    let head = &bytes[..bytes.len().min(64) & !1];
    if head.len() < 8 {
        return None;
    }
    let zeros = |odd: bool| {
        head.iter()
            .skip(usize::from(odd))
            .step_by(2)
            .all(|b| *b == 0)
    };
    if zeros(true) {
        Some("little-endian")
    } else if zeros(false) {
        Some("big-endian")
    } else {
        None
    }
}

pub(super) fn from_text(
    display: &str,
    text: String,
    canonical: Option<PathBuf>,
    dir: Option<PathBuf>,
    limits: &Limits,
) -> Loaded {
    let file = SourceFile::new(display, text);
    let (tree, mut diags) = syntax::parse_with(&file, limits);
    diags.extend(syntax::hidden::check(&file));
    let programmes = tree.programmes().count();
    // Most plans hold no allow comment: one quick search (vectorised) says so.
    let allows = if memchr::memmem::find(file.text.as_bytes(), b"cxlint:").is_some() {
        syntax::allows::allows(&file, &tree)
    } else {
        Vec::new()
    };
    Loaded {
        file,
        ast: Some(tree),
        diags,
        canonical,
        dir,
        programmes,
        allows,
    }
}
