//! Baselines: record findings and report only new ones. Entries match on code, file and
//! the block's kind and label (not on lines), so a block that moves or gains unrelated
//! lines stays baselined. Written atomically (temporary file, then rename).

use std::collections::HashMap;
use std::io::Write;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::diagnostic::Diagnostic;

#[derive(Debug, Serialize, Deserialize, PartialEq, Eq, Hash, Clone, PartialOrd, Ord)]
pub struct Entry {
    pub code: String,
    pub file: String,
    /// `pay_plan "Field Sales"`; for a finding about no block in particular, its message.
    pub block: String,
}

#[derive(Debug, Serialize, Deserialize, Default)]
pub struct Baseline {
    pub version: u32,
    pub entries: Vec<Entry>,
}

fn entry(d: &Diagnostic) -> Entry {
    Entry {
        code: d.code.clone(),
        file: d.file.path.trim_start_matches("./").to_string(),
        block: d.block.clone().unwrap_or_else(|| d.message.clone()),
    }
}

impl Baseline {
    /// Something that drops every finding the baseline records from the diagnostics
    /// given to it, run after run (each entry absorbs as many findings as it was
    /// recorded for), and keeps what it dropped.
    pub fn absorber(&self) -> Absorber<'_> {
        let mut left: HashMap<&Entry, usize> = HashMap::new();
        for e in &self.entries {
            *left.entry(e).or_default() += 1;
        }
        Absorber {
            left,
            known: Vec::new(),
        }
    }
}

pub struct Absorber<'b> {
    left: HashMap<&'b Entry, usize>,
    /// The entries of the findings dropped so far.
    pub known: Vec<Entry>,
}

impl Absorber<'_> {
    /// Drop the findings the baseline records.
    pub fn absorb(&mut self, diags: &mut Vec<Diagnostic>) {
        diags.retain(|d| {
            if d.suppressed.is_some() {
                return true;
            }
            let e = entry(d);
            match self.left.get_mut(&e) {
                Some(n) if *n > 0 => {
                    *n -= 1;
                    self.known.push(e);
                    false
                }
                _ => true,
            }
        });
    }
}

/// The baseline entries of the unsuppressed findings.
pub fn entries(diags: &[Diagnostic]) -> Vec<Entry> {
    diags
        .iter()
        .filter(|d| d.suppressed.is_none())
        .map(entry)
        .collect()
}

pub fn read(path: &Path) -> Result<Baseline, String> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("cannot read the baseline {}: {e}", path.display()))?;
    serde_json::from_str(&text)
        .map_err(|e| format!("{} is not a cxlint baseline: {e}", path.display()))
}

/// Record findings (their entries, in any order).
pub fn write(path: &Path, mut entries: Vec<Entry>) -> Result<(), String> {
    entries.sort();
    let baseline = Baseline {
        version: 1,
        entries,
    };
    let mut text = serde_json::to_string_pretty(&baseline).map_err(|e| e.to_string())?;
    text.push('\n');
    write_atomically(path, text.as_bytes())
        .map_err(|e| format!("cannot write the baseline {}: {e}", path.display()))
}

/// Write `bytes` to a temporary file beside `path`, then rename it over `path`, so a
/// reader never sees a half-written file and an interrupted write loses nothing.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "out".to_string());
    let tmp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let result = (|| {
        // create_new: never write through a file or link that is already there.
        let _ = std::fs::remove_file(&tmp);
        let mut f = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        if let Ok(meta) = std::fs::metadata(path) {
            let _ = std::fs::set_permissions(&tmp, meta.permissions());
        }
        std::fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}
