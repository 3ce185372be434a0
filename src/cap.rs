//! The per-file cap on diagnostics (`limits.diagnostics_per_file`): each file shows at
//! most that many findings, and one more that counts the rest. Applied as diagnostics
//! are made, so memory follows the cap and not the number of findings.

use crate::diagnostic::Diagnostic;
use crate::limits::{counted, thousands, DIAGNOSTICS_PER_FILE};

/// Keep at most `max` diagnostics per file. When a file has more, the rest are dropped
/// and one diagnostic takes their place, saying how many were not shown. It carries the
/// highest severity among the dropped findings that are not suppressed, so a run that
/// should fail still fails; if every dropped finding was suppressed, it is suppressed
/// too. Findings not suppressed are kept before suppressed ones. The result is sorted
/// when something was dropped, else in the order given.
pub fn cap_per_file(diags: Vec<Diagnostic>, max: usize) -> Vec<Diagnostic> {
    let mut capped = Capped::new(max);
    for d in diags {
        capped.push(d);
    }
    capped.finish()
}

/// The per-file cap applied as diagnostics are made: each file holds at most `max` of
/// them (the first in the order they are shown) and, of those it drops, only their
/// number and the one the closing summary points at. Memory follows the cap, not the
/// number of findings.
pub struct Capped {
    max: usize,
    seq: u64,
    files: crate::Map<String, FileCap>,
}

#[derive(Default)]
struct FileCap {
    /// What came while fewer than `max` did: kept in the order given, nothing to compare.
    fresh: Vec<Held>,
    /// Once `max` came, what is kept, the last to show on top (`fresh` is then empty).
    kept: std::collections::BinaryHeap<Held>,
    dropped: usize,
    /// Of the dropped, how many were suppressed.
    dropped_suppressed: usize,
    /// The first of the most severe dropped findings not suppressed, and of the
    /// suppressed ones (which the summary points at when no other was dropped).
    open: Option<Held>,
    any: Option<Held>,
}

/// A diagnostic with its place in the order of a file's findings: not suppressed before
/// suppressed, then line, column, code, and the order they came in.
struct Held {
    /// Suppressed, line, column; then the code (the diagnostic's) and `seq`. Found
    /// (the line and column cost a search of the file's lines) only once the order
    /// matters: when the file reaches the cap, or a capped run is sorted.
    key: Option<(bool, usize, usize)>,
    seq: u64,
    /// Boxed: a diagnostic is some 300 bytes, and the lists of a run move their items
    /// as they grow and merge.
    d: Box<Diagnostic>,
}

impl PartialEq for Held {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other).is_eq()
    }
}

impl Eq for Held {}

impl PartialOrd for Held {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Held {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.key
            .cmp(&other.key)
            .then_with(|| self.d.code.cmp(&other.d.code))
            .then(self.seq.cmp(&other.seq))
    }
}

impl Held {
    fn new(d: Box<Diagnostic>, seq: u64) -> Held {
        Held { key: None, seq, d }
    }

    /// Find the key, if not found yet.
    fn place(&mut self) {
        if self.key.is_none() {
            let (line, col) = self.d.start();
            self.key = Some((self.d.suppressed.is_some(), line, col));
        }
    }
}

/// Whether `a` comes before `b` as the one a summary points at: more severe, then first.
fn points_before(a: &Held, b: &Held) -> bool {
    std::cmp::Reverse(a.d.severity)
        .cmp(&std::cmp::Reverse(b.d.severity))
        .then_with(|| a.cmp(b))
        .is_lt()
}

impl FileCap {
    fn drop_one(&mut self, held: Held) {
        self.dropped += 1;
        self.dropped_suppressed += usize::from(held.d.suppressed.is_some());
        if held.d.suppressed.is_none() {
            if !self.open.as_ref().is_some_and(|o| !points_before(&held, o)) {
                self.open = Some(held);
            }
        } else if !self.any.as_ref().is_some_and(|o| !points_before(&held, o)) {
            self.any = Some(held);
        }
    }
}

impl Capped {
    pub fn new(max: usize) -> Capped {
        Capped {
            max,
            seq: 0,
            files: crate::Map::default(),
        }
    }

    pub fn push(&mut self, d: Diagnostic) {
        self.push_boxed(Box::new(d));
    }

    /// [`Capped::push`] of a diagnostic already boxed (merging moves the box).
    fn push_boxed(&mut self, d: Box<Diagnostic>) {
        if d.hidden > 0 {
            self.push_hidden(d);
            return;
        }
        self.seq += 1;
        let mut held = Held::new(d, self.seq);
        let file = match self.files.get_mut(held.d.file.path.as_str()) {
            Some(file) => file,
            None => self.files.entry(held.d.file.path.clone()).or_default(),
        };
        if file.kept.is_empty() && file.fresh.len() < self.max {
            file.fresh.push(held);
            return;
        }
        held.place();
        if !file.fresh.is_empty() {
            let mut fresh = std::mem::take(&mut file.fresh);
            fresh.iter_mut().for_each(Held::place);
            file.kept = fresh.into();
        }
        if file.kept.len() < self.max {
            file.kept.push(held);
        } else if file.kept.peek().is_some_and(|last| held < *last) {
            let out = file.kept.pop();
            file.kept.push(held);
            if let Some(out) = out {
                file.drop_one(out);
            }
        } else {
            file.drop_one(held);
        }
    }

    /// A finding that already stands for others not shown (an earlier cap's summary):
    /// they count as dropped here, and it is the candidate the new summary points at.
    fn push_hidden(&mut self, d: Box<Diagnostic>) {
        self.seq += 1;
        let file = self.files.entry(d.file.path.clone()).or_default();
        // `drop_one` counts the finding itself once.
        file.dropped += d.hidden - 1;
        file.dropped_suppressed += d.hidden_suppressed;
        let mut held = Held::new(d, self.seq);
        held.place();
        file.drop_one(held);
    }

    /// Whether nothing was kept or dropped.
    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }

    /// Add what another collector kept and dropped (for files linted apart).
    pub fn merge(&mut self, other: Capped) {
        // Numbered after everything here, in the other's order: what pushing them one
        // by one would give.
        let base = self.seq;
        self.seq += other.seq;
        for (path, mut file) in other.files {
            if other.max == self.max && !self.files.contains_key(path.as_str()) {
                // A file only the other collector saw (the usual case: programmes
                // linted apart share no file) is taken as it is, already capped.
                for held in file
                    .fresh
                    .iter_mut()
                    .chain(&mut file.open)
                    .chain(&mut file.any)
                {
                    held.seq += base;
                }
                file.kept = std::mem::take(&mut file.kept)
                    .into_iter()
                    .map(|mut held| {
                        held.seq += base;
                        held
                    })
                    .collect();
                self.files.insert(path, file);
                continue;
            }
            let mut kept = std::mem::take(&mut file.fresh);
            kept.append(&mut std::mem::take(&mut file.kept).into_vec());
            kept.sort_unstable_by_key(|h| h.seq);
            for held in kept {
                self.push_boxed(held.d);
            }
            let mine = self.files.entry(path).or_default();
            mine.dropped += file.dropped;
            mine.dropped_suppressed += file.dropped_suppressed;
            for held in [file.open, file.any].into_iter().flatten() {
                // Counted above; only the candidate for the summary is compared.
                mine.dropped -= 1;
                mine.dropped_suppressed -= usize::from(held.d.suppressed.is_some());
                mine.drop_one(held);
            }
        }
    }

    /// The diagnostics kept, with a summary per file that dropped some: sorted when any
    /// was dropped, else in the order they came.
    pub fn finish(self) -> Vec<Diagnostic> {
        let max = self.max;
        let capped = self.files.values().any(|f| f.dropped > 0);
        let total = self
            .files
            .values()
            .map(|f| f.fresh.len() + f.kept.len())
            .sum();
        let mut out: Vec<Held> = Vec::with_capacity(total);
        let mut summaries = Vec::new();
        for (_, file) in self.files {
            out.extend(file.fresh);
            out.extend(file.kept.into_vec());
            let all_suppressed = file.open.is_none();
            if let Some(first) = file.open.or(file.any) {
                let mut d = summary(file.dropped, &first.d, all_suppressed, max);
                // The summary counts itself once; the suppressed it stands for are added.
                d.hidden = file.dropped;
                d.hidden_suppressed = file.dropped_suppressed - usize::from(all_suppressed);
                summaries.push(d);
            }
        }
        if !capped {
            out.sort_unstable_by_key(|h| h.seq);
            return out.into_iter().map(|h| *h.d).collect();
        }
        out.iter_mut().for_each(Held::place);
        out.sort_unstable();
        let mut sorted: Vec<Diagnostic> = Vec::with_capacity(out.len() + summaries.len());
        sorted.extend(out.into_iter().map(|h| *h.d));
        sorted.extend(summaries);
        crate::diagnostic::sort(&mut sorted);
        sorted
    }
}

/// The one diagnostic that stands for the `n` dropped ones of a file: at `first`, the
/// first of the most severe of them that are not suppressed (of all, when every one
/// was), with its code and block.
fn summary(n: usize, first: &Diagnostic, all_suppressed: bool, max: usize) -> Diagnostic {
    let severity = first.severity;
    let worst = severity.as_str();
    let more = if n == 1 {
        let article = if severity == crate::diagnostic::Severity::Warning {
            "a"
        } else {
            "an"
        };
        format!("1 more finding in this file is not shown, {article} {worst} here")
    } else {
        format!(
            "{} more findings in this file are not shown, the first {worst} among them here",
            thousands(n as u64)
        )
    };
    let mut d = Diagnostic::new(
        &first.code,
        &first.name,
        severity,
        &first.file,
        first.span.clone(),
        format!(
            "{more}: cxlint shows at most {} per file",
            counted(max as u64, "finding")
        ),
    )
    .with_help(format!(
        "fix the findings shown and run again, or raise limits.diagnostics_per_file in cxlint.yaml (at most {})",
        thousands(DIAGNOSTICS_PER_FILE.ceiling)
    ));
    d.block = first.block.clone();
    d.block_path = first.block_path.clone();
    if all_suppressed {
        d.suppressed =
            Some("every finding not shown was accepted by an allow comment or a waiver".into());
    }
    d
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Severity;
    use crate::output::Summary;
    use crate::source::SourceFile;

    fn finding(file: &std::sync::Arc<SourceFile>, at: usize, severity: Severity) -> Diagnostic {
        Diagnostic::new("XX01", "x", severity, file, at..at + 1, "m")
    }

    #[test]
    fn the_cap_keeps_the_worst_severity_of_what_it_drops() {
        let file = SourceFile::new("a.cxp", "x\n".repeat(20));
        let other = SourceFile::new("b.cxp", "x\n".repeat(20));
        let mut diags: Vec<Diagnostic> = (0..5)
            .map(|i| finding(&file, i * 2, Severity::Info))
            .collect();
        diags.push(finding(&file, 30, Severity::Error));
        diags.push(finding(&other, 0, Severity::Warning));
        let out = cap_per_file(diags.clone(), 3);
        let in_a: Vec<_> = out.iter().filter(|d| d.file.path == "a.cxp").collect();
        assert_eq!(in_a.len(), 4);
        let summary = in_a
            .iter()
            .find(|d| d.message.contains("not shown"))
            .unwrap();
        assert_eq!(summary.severity, Severity::Error);
        assert!(summary.message.starts_with("3 more findings"));
        assert_eq!(out.iter().filter(|d| d.file.path == "b.cxp").count(), 1);
        assert_eq!(cap_per_file(diags.clone(), 10).len(), diags.len());

        // Suppressed findings give way to the others, and a summary of suppressed ones
        // only is suppressed too.
        let mut diags: Vec<Diagnostic> = (0..4)
            .map(|i| {
                let mut d = finding(&file, i * 2, Severity::Error);
                d.suppressed = Some("r".into());
                d
            })
            .collect();
        diags.push(finding(&file, 30, Severity::Warning));
        let out = cap_per_file(diags, 2);
        assert_eq!(out.len(), 3);
        assert!(out
            .iter()
            .any(|d| d.suppressed.is_none() && d.span.start == 30));
        let summary = out
            .iter()
            .find(|d| d.message.contains("not shown"))
            .unwrap();
        assert!(summary.suppressed.is_some());
    }

    /// Capping what a cap gave again (the model builder's errors, then the run's) gives
    /// what one cap gives, counts of what was not shown included; so does splitting the
    /// findings between two collectors and merging them.
    #[test]
    fn a_cap_of_a_cap_is_the_same_cap() {
        let file = SourceFile::new("a.cxp", "x\n".repeat(40));
        let diags: Vec<Diagnostic> = (0..30)
            .map(|i| {
                let severity = [Severity::Info, Severity::Warning, Severity::Error][i % 3];
                let mut d = finding(&file, (i * 7) % 40, severity);
                if i % 4 == 0 {
                    d.suppressed = Some("r".into());
                }
                d
            })
            .collect();
        let shown = |out: &[Diagnostic]| -> Vec<(usize, String, bool, usize, usize)> {
            out.iter()
                .map(|d| {
                    let (message, hidden) = (d.message.clone(), d.hidden);
                    (
                        d.span.start,
                        message,
                        d.suppressed.is_some(),
                        hidden,
                        d.hidden_suppressed,
                    )
                })
                .collect()
        };
        let once = cap_per_file(diags.clone(), 5);
        assert_eq!(once.len(), 6);
        assert_eq!(shown(&cap_per_file(once.clone(), 5)), shown(&once));
        let mut first = Capped::new(5);
        let mut second = Capped::new(5);
        for (i, d) in diags.iter().enumerate() {
            if i < 12 {
                first.push(d.clone())
            } else {
                second.push(d.clone())
            }
        }
        first.merge(second);
        assert_eq!(shown(&first.finish()), shown(&once));
        let mut summary = Summary::default();
        summary.add(&once);
        let mut all = Summary::default();
        all.add(&diags);
        assert_eq!(summary.suppressed, all.suppressed);
    }

    /// Merging collectors gives what one collector given everything gives, whether the
    /// files they saw overlap or not, and in each file in the same order: findings at the
    /// same place keep the order they came in.
    #[test]
    fn merging_collectors_is_pushing_in_turn() {
        let files: Vec<_> = ["a.cxp", "b.cxp", "c.cxp"]
            .iter()
            .map(|name| SourceFile::new(*name, "x\n".repeat(40)))
            .collect();
        let diags: Vec<Diagnostic> = (0..90)
            .map(|i| {
                let severity = [Severity::Info, Severity::Warning, Severity::Error][i % 3];
                let mut d = finding(&files[i / 30], (i * 7) % 20, severity);
                d.message = format!("m{i}");
                if i % 4 == 0 {
                    d.suppressed = Some("r".into());
                }
                d
            })
            .collect();
        // Across files the order is not kept (a run sorts by file), within a file it is.
        let shown = |out: Vec<Diagnostic>| -> Vec<(String, usize, String, usize)> {
            let mut out: Vec<_> = out
                .into_iter()
                .map(|d| (d.file.path.clone(), d.span.start, d.message, d.hidden))
                .collect();
            out.sort_by(|a, b| a.0.cmp(&b.0));
            out
        };
        for max in [5, 100] {
            let mut one = Capped::new(max);
            diags.iter().for_each(|d| one.push(d.clone()));
            let whole = shown(one.finish());
            // The first sees all of a.cxp and part of b.cxp; the second the rest of
            // b.cxp and most of c.cxp, which the first never saw; the last of c.cxp come
            // after the merge.
            let (mut first, mut second) = (Capped::new(max), Capped::new(max));
            for d in &diags[..40] {
                first.push(d.clone());
            }
            for d in &diags[40..80] {
                second.push(d.clone());
            }
            first.merge(second);
            for d in &diags[80..] {
                first.push(d.clone());
            }
            assert_eq!(shown(first.finish()), whole, "at most {max} per file");
        }
    }
}
