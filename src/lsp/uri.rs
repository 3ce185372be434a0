//! `file://` URIs and paths, both ways (percent-encoding as RFC 3986 has it).

use std::path::{Path, PathBuf};

/// The path of a `file://` URI (any other URI becomes a path of its own text, which
/// names no file: such a document is linted from memory alone).
pub fn to_path(uri: &str) -> PathBuf {
    let Some(rest) = uri.strip_prefix("file://") else {
        return PathBuf::from(uri);
    };
    // `file:///path` or `file://host/path`: the path starts at the first `/`.
    let path = match rest.find('/') {
        Some(i) => &rest[i..],
        None => rest,
    };
    PathBuf::from(decode(path))
}

/// The `file://` URI of an absolute path.
pub fn from_path(path: &Path) -> String {
    let abs = crate::files::absolute(path);
    let mut out = String::from("file://");
    for b in abs.to_string_lossy().bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' => {
                out.push(b as char)
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

fn decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() && s.is_char_boundary(i + 3) {
            if let Ok(b) = u8::from_str_radix(&s[i + 1..i + 3], 16) {
                out.push(b);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_with_spaces_and_chinese() {
        let path = Path::new("/plans/客户 plan %.cxp");
        let uri = from_path(path);
        assert_eq!(uri, "file:///plans/%E5%AE%A2%E6%88%B7%20plan%20%25.cxp");
        assert_eq!(to_path(&uri), path);
        assert_eq!(to_path("file://localhost/a/b.cxp"), Path::new("/a/b.cxp"));
        assert_eq!(to_path("file:///a%2"), Path::new("/a%2"));
    }
}
