//! `cxlint fmt [PATH…] [--check]`: rewrite plan files in the canonical layout. A file
//! with syntax errors, or one that formatting would take past its configuration's size
//! limit, is left untouched (exit 2, the reason shown). Writes are atomic and
//! keep the file's metadata; a file that changed during the run is left alone
//! (src/atomic.rs).

use super::{FmtArgs, FINDINGS, OK, TROUBLE};
use crate::output::plain;
use crate::source::{decode_owned, SourceFile};

pub fn run(a: FmtArgs) -> i32 {
    let paths = if a.paths.is_empty() {
        vec![".".to_string()]
    } else {
        a.paths.clone()
    };
    let found = crate::walk::find(&paths, &|_, _| false);
    // Each plan's size limit is its configuration's (`limits.file_size`), so that `fmt`
    // never writes a plan that `check` would then refuse; the default where none loads.
    let mut resolver = crate::resolve::Resolver::new(None, &[]);
    let mut trouble = false;
    let mut changed = 0;
    for (path, why) in &found.missing {
        eprintln!("cxlint: {}: {why}", plain(path));
        trouble = true;
    }
    for f in &found.files {
        let max = resolver
            .for_plan(&f.path)
            .map_or(crate::limits::Limits::default().file_size, |i| {
                resolver.settings[i].config.limits.file_size
            });
        let mut read = match crate::atomic::read_regular(&f.path, max) {
            Ok(read) => read,
            Err(crate::atomic::ReadError::TooLarge(size)) => {
                eprintln!(
                    "cxlint: {}: this plan file is {}, more than the {} a plan may have (limits.file_size); left untouched",
                    plain(&f.display),
                    crate::limits::size(size),
                    crate::limits::size(max)
                );
                trouble = true;
                continue;
            }
            Err(e) => {
                eprintln!("cxlint: {}: {e}", plain(&f.display));
                trouble = true;
                continue;
            }
        };
        // The text takes the bytes over: a plan is held once while it is formatted.
        let had_bom = read.bytes.starts_with(b"\xEF\xBB\xBF");
        let text = match decode_owned(std::mem::take(&mut read.bytes)) {
            Ok(t) => t,
            Err((err, _)) => {
                eprintln!(
                    "cxlint: {}: not UTF-8 text (bad byte at offset {}); left untouched",
                    f.display, err.file_offset
                );
                trouble = true;
                continue;
            }
        };
        let file = SourceFile::new(f.display.clone(), text);
        let (tree, errors) = crate::syntax::parse(&file);
        if !errors.is_empty() {
            super::print_problems(&errors);
            eprintln!(
                "cxlint: {}: has syntax errors; left untouched",
                plain(&f.display)
            );
            trouble = true;
            continue;
        }
        let formatted = crate::format::format(&file.text, &tree);
        // The tree is the largest thing held for a plan: free it before the copies below.
        drop(tree);
        let crlf = file.text.contains("\r\n");
        let mut out = if crlf {
            formatted.replace('\n', "\r\n")
        } else {
            formatted
        };
        if had_bom {
            out.insert(0, '\u{FEFF}');
        }
        let unchanged = if had_bom {
            out.strip_prefix('\u{FEFF}') == Some(file.text.as_str())
        } else {
            out == file.text
        };
        if unchanged {
            continue;
        }
        if out.len() as u64 > max {
            // Written, the plan would be one `check` refuses.
            eprintln!(
                "cxlint: {}: formatted, this plan would be {}, more than the {} a plan may have (limits.file_size); left untouched",
                plain(&f.display),
                crate::limits::size(out.len() as u64),
                crate::limits::size(max)
            );
            trouble = true;
            continue;
        }
        changed += 1;
        if a.check {
            outln!("{}", plain(&f.display));
            continue;
        }
        // A plan reached through a symbolic link is rewritten where it lives; replacing
        // the link with a copy would cut it off from the file it stands for.
        let target = match std::fs::symlink_metadata(&f.path) {
            Ok(m) if m.file_type().is_symlink() => match std::fs::canonicalize(&f.path) {
                Ok(t) => t,
                Err(e) => {
                    eprintln!("cxlint: cannot follow the link {}: {e}", plain(&f.display));
                    trouble = true;
                    continue;
                }
            },
            _ => f.path.clone(),
        };
        // The file is replaced only if it is still the one that was read, keeping its
        // owner, group, permissions and attributes (src/atomic.rs).
        if let Err(why) = crate::atomic::replace(&target, &read, out.as_bytes()) {
            eprintln!("cxlint: {}: not formatted: {why}", plain(&f.display));
            trouble = true;
        }
    }
    if trouble {
        TROUBLE
    } else if a.check && changed > 0 {
        FINDINGS
    } else {
        OK
    }
}
