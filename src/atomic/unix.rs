//! The Unix side of safe writes: permissions, owners, extended attributes, and the
//! atomic exchange of two names where the system has it.

use std::fs::{File, Metadata, OpenOptions, Permissions};
use std::path::Path;

use super::Moved;
use std::os::unix::fs::{MetadataExt, OpenOptionsExt, PermissionsExt};

pub fn no_waiting(options: &mut OpenOptions) {
    options.custom_flags(rustix::fs::OFlags::NONBLOCK.bits() as i32);
}

pub fn no_following(options: &mut OpenOptions) {
    options
        .custom_flags((rustix::fs::OFlags::NONBLOCK | rustix::fs::OFlags::NOFOLLOW).bits() as i32);
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

/// Same content as far as the metadata of one open file tell: its size and modification
/// time. (Its change time moves when it is renamed or loses a name, so it is not asked.)
pub fn unchanged(a: &Metadata, b: &Metadata) -> bool {
    a.len() == b.len() && a.mtime() == b.mtime() && a.mtime_nsec() == b.mtime_nsec()
}

/// The same file (device and inode).
pub fn same_file(a: &Metadata, b: &Metadata) -> bool {
    a.dev() == b.dev() && a.ino() == b.ino()
}

#[cfg(any(target_os = "linux", target_os = "android"))]
fn rename_with(from: &Path, to: &Path, flags: rustix::fs::RenameFlags) -> Moved {
    use rustix::io::Errno;
    let refused = if flags.contains(rustix::fs::RenameFlags::EXCHANGE) {
        Errno::NOENT
    } else {
        Errno::EXIST
    };
    match rustix::fs::renameat_with(rustix::fs::CWD, from, rustix::fs::CWD, to, flags) {
        Ok(()) => Moved::Done,
        // ENOENT also when `from` is gone: only the destination's absence is a refusal.
        Err(e) if e == refused && (e != Errno::NOENT || from.exists()) => Moved::Refused,
        Err(Errno::INVAL | Errno::NOSYS | Errno::NOTSUP) => Moved::Unsupported,
        Err(e) => Moved::Failed(e.into()),
    }
}

/// Give `a` the file named `b` and `b` the file named `a`, atomically.
#[cfg(any(target_os = "linux", target_os = "android"))]
pub fn exchange(a: &Path, b: &Path) -> Moved {
    rename_with(a, b, rustix::fs::RenameFlags::EXCHANGE)
}

/// Rename `from` to `to` unless something is at `to`, atomically.
#[cfg(any(target_os = "linux", target_os = "android"))]
pub fn rename_new(from: &Path, to: &Path) -> Moved {
    rename_with(from, to, rustix::fs::RenameFlags::NOREPLACE)
}

#[cfg(not(any(target_os = "linux", target_os = "android")))]
pub fn exchange(_a: &Path, _b: &Path) -> Moved {
    Moved::Unsupported
}

#[cfg(not(any(target_os = "linux", target_os = "android")))]
pub fn rename_new(_from: &Path, _to: &Path) -> Moved {
    Moved::Unsupported
}
