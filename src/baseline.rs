//! Baselines: record findings and report only new ones.
//!
//! Version 2 (what cxlint writes): an entry is a finding's code, file, block path (the
//! kind and label of its block and of every block enclosing it below the programme:
//! `pay_plan "Field Sales" / metric "Calls"`) and occurrence (1 for the first finding of
//! that code in that block, 2 for the second, in the order of the file). Never lines, so
//! a block that moves or gains unrelated lines stays baselined, and a finding in another
//! pay plan's metric of the same name is new.
//!
//! Version 1 (still read): code, file and the last block alone; each entry absorbs one
//! finding with that key. `--write-baseline` writes version 2 whatever it read.
//!
//! A baseline is read only from a regular file (a link to one is followed), within a size
//! limit; it is written through src/atomic.rs, never over a link or a special file.

use std::collections::HashMap;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::diagnostic::Diagnostic;

/// The version cxlint writes.
pub const VERSION: u32 = 2;

#[derive(Debug, Serialize, Deserialize, PartialEq, Eq, Hash, Clone, PartialOrd, Ord)]
pub struct Entry {
    pub code: String,
    pub file: String,
    /// The block path (`pay_plan "Field Sales" / metric "Calls"`; in version 1 the last
    /// block alone); for a finding about no block in particular, its message.
    pub block: String,
    /// Which finding of this code in this block, from 1 in the order of the file (0 in
    /// a version-1 file, which has none).
    #[serde(default)]
    pub occurrence: u32,
}

#[derive(Debug, Serialize, Deserialize, Default)]
pub struct Baseline {
    pub version: u32,
    pub entries: Vec<Entry>,
}

/// A finding's block path, or what stands for it.
fn path_of(d: &Diagnostic) -> String {
    d.block_path
        .clone()
        .or_else(|| d.block.clone())
        .unwrap_or_else(|| d.message.clone())
}

fn file_of(d: &Diagnostic) -> String {
    d.file.path.trim_start_matches("./").to_string()
}

/// The version-1 key of a finding: its last block only, no occurrence.
fn entry_v1(d: &Diagnostic) -> Entry {
    Entry {
        code: d.code.to_string(),
        file: file_of(d),
        block: d.block.clone().unwrap_or_else(|| d.message.clone()),
        occurrence: 0,
    }
}

/// Numbers the findings of one code in one block, in the order they are handed over
/// (the order of the file: `cxlint check` hands them over sorted).
#[derive(Default)]
pub struct Occurrences(crate::Map<(String, String, String), u32>);

impl Occurrences {
    /// The version-2 entry of the next finding (the one `--write-baseline` records).
    pub fn entry(&mut self, d: &Diagnostic) -> Entry {
        let (code, file, block) = (d.code.to_string(), file_of(d), path_of(d));
        let n = self
            .0
            .entry((code.clone(), file.clone(), block.clone()))
            .or_default();
        *n += 1;
        Entry {
            code,
            file,
            block,
            occurrence: *n,
        }
    }
}

impl Baseline {
    /// Something that drops every finding the baseline records from the diagnostics
    /// given to it, run after run, and keeps (as version-2 entries) what it dropped.
    pub fn absorber(&self) -> Absorber<'_> {
        let mut left: HashMap<&Entry, usize> = HashMap::new();
        for e in &self.entries {
            *left.entry(e).or_default() += 1;
        }
        Absorber {
            v1: self.version == 1,
            left,
            numbers: Occurrences::default(),
            known: Vec::new(),
        }
    }
}

pub struct Absorber<'b> {
    /// Match on the version-1 key (last block, no occurrence).
    v1: bool,
    left: HashMap<&'b Entry, usize>,
    numbers: Occurrences,
    /// The entries (version 2) of the findings dropped so far.
    pub known: Vec<Entry>,
}

impl Absorber<'_> {
    /// Drop the findings the baseline records.
    pub fn absorb(&mut self, diags: &mut Vec<Diagnostic>) {
        diags.retain(|d| {
            if d.suppressed.is_some() {
                return true;
            }
            let e = self.numbers.entry(d);
            let key = if self.v1 { entry_v1(d) } else { e.clone() };
            match self.left.get_mut(&key) {
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

/// The version-2 key of every finding handed over, suppressed or not: unsuppressed
/// findings are numbered exactly as `--write-baseline` records them, suppressed ones
/// apart (so accepting one finding does not renumber the others). SARIF fingerprints
/// are made from these keys; hand findings over before a baseline absorbs any, so the
/// numbers do not depend on the baseline.
///
/// Findings come file by file (a run hands them on sorted), and a key names its file, so
/// the counts of a file are forgotten once the next file starts: memory follows one
/// file's findings, not the run's.
#[derive(Default)]
pub struct Keys {
    open: Occurrences,
    suppressed: Occurrences,
    file: String,
}

impl Keys {
    pub fn key(&mut self, d: &Diagnostic) -> Entry {
        if d.file.path != self.file {
            self.file.clone_from(&d.file.path);
            self.open.0.clear();
            self.suppressed.0.clear();
        }
        if d.suppressed.is_some() {
            self.suppressed.entry(d)
        } else {
            self.open.entry(d)
        }
    }
}

/// Collects the entries of every unsuppressed finding handed to it, numbered.
#[derive(Default)]
pub struct Recorder {
    numbers: Occurrences,
    pub entries: Vec<Entry>,
}

impl Recorder {
    pub fn add(&mut self, diags: &[Diagnostic]) {
        for d in diags.iter().filter(|d| d.suppressed.is_none()) {
            let e = self.numbers.entry(d);
            self.entries.push(e);
        }
    }
}

/// The baseline entries of the unsuppressed findings, numbered in the order given.
pub fn entries(diags: &[Diagnostic]) -> Vec<Entry> {
    let mut r = Recorder::default();
    r.add(diags);
    r.entries
}

/// Read the baseline at `path`: a regular file (or a link to one) of at most `limit`
/// bytes, of version 1 or 2.
pub fn read(path: &Path, limit: u64) -> Result<Baseline, String> {
    let shown = path.display();
    let bytes = match crate::atomic::read_regular(path, limit) {
        Ok(read) => read.bytes,
        Err(crate::atomic::ReadError::TooLarge(size)) => {
            return Err(format!(
                "the baseline {shown} is {}, more than the {} cxlint reads (limits.file_size in cxlint.yaml)",
                crate::limits::size(size),
                crate::limits::size(limit)
            ))
        }
        Err(e) => return Err(format!("cannot read the baseline {shown}: {e}")),
    };
    let text = std::str::from_utf8(&bytes)
        .map_err(|e| format!("{shown} is not a cxlint baseline: not UTF-8 text ({e})"))?;
    #[derive(Deserialize)]
    struct Head {
        version: u32,
    }
    let head: Head =
        serde_json::from_str(text).map_err(|e| format!("{shown} is not a cxlint baseline: {e}"))?;
    if head.version != 1 && head.version != VERSION {
        return Err(format!(
            "{shown} is a baseline of version {}, which this cxlint cannot read (it reads versions 1 and 2); record it again with --write-baseline",
            head.version
        ));
    }
    serde_json::from_str(text).map_err(|e| format!("{shown} is not a cxlint baseline: {e}"))
}

/// Record findings (their entries, in any order) as a version-2 baseline.
pub fn write(path: &Path, mut entries: Vec<Entry>) -> Result<(), String> {
    entries.sort();
    let baseline = Baseline {
        version: VERSION,
        entries,
    };
    let mut text = serde_json::to_string_pretty(&baseline).map_err(|e| e.to_string())?;
    text.push('\n');
    crate::atomic::write(path, text.as_bytes())
        .map_err(|why| format!("cannot write the baseline {}: {why}", path.display()))
}
