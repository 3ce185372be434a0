//! Splitting a run's inputs into batches: files joined by an include always share one,
//! a batch holds plans under one configuration, and batches fill up to a size so memory
//! follows the batch rather than the run.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::files::FileInput;

/// How a run's inputs are split: batches of input indices, and whether every file an
/// include reaches is itself an input (`closed`), so no diagnostic can name a file
/// outside the inputs.
#[derive(Debug, PartialEq, Eq)]
pub(super) struct Plan {
    /// Input indices, and the scope they are linted under.
    pub(super) batches: Vec<(Vec<usize>, usize)>,
    pub(super) closed: bool,
}

/// Indices of `inputs` grouped into batches of about `limit` bytes, in input order within each batch. Files
/// linked by an include (read from the text, following fragments outside the inputs
/// too) always share a batch; when an include path cannot be read simply, everything
/// goes into one batch.
pub(super) fn batches(
    inputs: &[FileInput],
    scope_of: &[usize],
    limit: u64,
    file_size: u64,
) -> Plan {
    // Without the includes at hand: one batch per scope, in the order scopes first appear.
    let one = || {
        let mut batches: Vec<(Vec<usize>, usize)> = Vec::new();
        for (i, &s) in scope_of.iter().enumerate().take(inputs.len()) {
            match batches.iter_mut().find(|(_, scope)| *scope == s) {
                Some((members, _)) => members.push(i),
                None => batches.push((vec![i], s)),
            }
        }
        Plan {
            batches,
            closed: true,
        }
    };
    if inputs.len() < 2 {
        return one();
    }
    let scanned: Vec<Option<Scan>> = inputs
        .par_iter()
        .map(|i| scan(&i.path, file_size))
        .collect();
    let mut groups = Groups::default();
    let mut keys: Vec<Option<usize>> = Vec::with_capacity(inputs.len());
    let mut pending: Vec<(usize, PathBuf)> = Vec::new();
    for s in &scanned {
        match s {
            Some(s) => {
                let key = groups.key(&s.canonical);
                if s.includes.is_none() {
                    return one();
                }
                pending.push((key, s.canonical.clone()));
                keys.push(Some(key));
            }
            None => keys.push(None),
        }
    }
    // Follow includes, reading fragments that are not inputs themselves.
    let mut closed = true;
    let mut seen: HashSet<usize> = HashSet::new();
    let mut included: HashSet<usize> = HashSet::new();
    let mut scans: HashMap<usize, &Scan> = HashMap::new();
    for (k, s) in keys.iter().zip(&scanned) {
        if let (Some(k), Some(s)) = (k, s) {
            scans.insert(*k, s);
        }
    }
    while let Some((key, canonical)) = pending.pop() {
        if !seen.insert(key) {
            continue;
        }
        let includes = match scans.get(&key) {
            Some(s) => s.includes.clone(),
            None => {
                closed = false;
                scan(&canonical, file_size).map_or(Some(Vec::new()), |s| s.includes)
            }
        };
        let Some(includes) = includes else {
            return one();
        };
        let dir = canonical
            .parent()
            .map(Path::to_path_buf)
            .unwrap_or_default();
        for written in includes {
            if let Ok(target) = std::fs::canonicalize(dir.join(&written)) {
                let t = groups.key(&target);
                groups.union(key, t);
                included.insert(t);
                pending.push((t, target));
            }
        }
    }
    let sizes: Vec<u64> = scanned
        .iter()
        .map(|s| s.as_ref().map_or(0, |s| s.bytes))
        .collect();
    // Components in order of their first input, each under the scope of its first root
    // (a member nothing includes; the first member when every one is included);
    // batches of one scope fill up to BATCH_BYTES.
    let mut component_of: HashMap<usize, usize> = HashMap::new();
    let mut components: Vec<(Vec<usize>, u64, Option<usize>)> = Vec::new();
    for (i, key) in keys.iter().enumerate() {
        let c = match key {
            Some(k) => {
                let root = groups.find(*k);
                *component_of.entry(root).or_insert_with(|| {
                    components.push((Vec::new(), 0, None));
                    components.len() - 1
                })
            }
            None => {
                components.push((Vec::new(), 0, None));
                components.len() - 1
            }
        };
        let is_root = !matches!(key, Some(k) if included.contains(k));
        let component = &mut components[c];
        component.0.push(i);
        component.1 += sizes[i];
        if is_root && component.2.is_none() {
            component.2 = Some(scope_of[i]);
        }
    }
    let mut out: Vec<(Vec<usize>, usize)> = Vec::new();
    let mut size = 0u64;
    for (members, bytes, scope) in components {
        let scope = scope.unwrap_or(scope_of[members[0]]);
        match out.last_mut() {
            Some((last, s)) if *s == scope && (size + bytes <= limit || last.is_empty()) => {
                last.extend(members);
                size += bytes;
            }
            _ => {
                out.push((members, scope));
                size = bytes;
            }
        }
    }
    for (b, _) in &mut out {
        b.sort_unstable();
    }
    Plan {
        batches: out,
        closed,
    }
}

/// What the batching needs of one file: its real path, size and include paths (`None`
/// when one cannot be read simply).
pub(super) struct Scan {
    canonical: PathBuf,
    bytes: u64,
    includes: Option<Vec<String>>,
}

pub(super) fn scan(path: &Path, file_size: u64) -> Option<Scan> {
    let canonical = std::fs::canonicalize(path).ok()?;
    let meta = std::fs::metadata(&canonical).ok()?;
    if !meta.is_file() {
        return None;
    }
    // A file above the size a plan may have is refused by the loader unread: it includes
    // nothing. Most plans include nothing either: no need to decode them to know it.
    let includes = match crate::limits::read_bounded(&canonical, file_size).ok()? {
        crate::limits::Bounded::Read(bytes) => {
            if memchr::memmem::find(&bytes, b"include").is_none() {
                Some(Vec::new())
            } else {
                crate::syntax::include_paths(&String::from_utf8_lossy(&bytes))
            }
        }
        crate::limits::Bounded::TooLarge(_) => Some(Vec::new()),
    };
    Some(Scan {
        canonical,
        bytes: meta.len(),
        includes,
    })
}

/// Union-find over real paths.
#[derive(Default)]
pub(super) struct Groups {
    index: HashMap<PathBuf, usize>,
    parent: Vec<usize>,
}

impl Groups {
    pub(super) fn key(&mut self, path: &Path) -> usize {
        if let Some(&k) = self.index.get(path) {
            return k;
        }
        let k = self.parent.len();
        self.parent.push(k);
        self.index.insert(path.to_path_buf(), k);
        k
    }

    pub(super) fn find(&mut self, mut k: usize) -> usize {
        while self.parent[k] != k {
            self.parent[k] = self.parent[self.parent[k]];
            k = self.parent[k];
        }
        k
    }

    pub(super) fn union(&mut self, a: usize, b: usize) {
        let (a, b) = (self.find(a), self.find(b));
        if a != b {
            self.parent[b] = a;
        }
    }
}
