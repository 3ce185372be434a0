//! Applying the fixes diagnostics carry: `check --fix` and `--diff`, and the editor's
//! quick fixes. See docs/cli.md for which fixes are safe.
//!
//! A fix is applied whole or not at all. Fixes whose edits overlap one already taken in
//! the same pass are left for the next pass (the text they were made for has changed by
//! then, so they are worked out again from a fresh check).

use std::collections::BTreeMap;

use crate::diagnostic::{Diagnostic, Edit, Fix};

/// The most passes of fix and re-check `check --fix` makes.
pub const MAX_PASSES: usize = 10;

/// The fix `--fix` would apply for `d`: its first safe fix, or with `unsafe_fixes` its
/// first fix of any kind. A suppressed finding is not fixed.
pub fn chosen(d: &Diagnostic, unsafe_fixes: bool) -> Option<&Fix> {
    if d.suppressed.is_some() {
        return None;
    }
    d.fixes.iter().find(|f| f.safe || unsafe_fixes)
}

/// `text` with `fixes` applied (each whole or not at all), and how many were applied.
/// A fix is skipped when one of its edits overlaps an edit already taken, falls outside
/// the text or splits a character; a fix identical to one taken counts once.
pub fn apply(text: &str, fixes: &[&Fix]) -> (String, usize) {
    let mut order: Vec<&Fix> = fixes.to_vec();
    order.sort_by_key(|f| f.edits.iter().map(|e| e.span.start).min().unwrap_or(0));
    // Edits taken so far, by start: start -> (end, text).
    let mut taken: BTreeMap<usize, (usize, &str)> = BTreeMap::new();
    let mut taken_fixes: Vec<&Fix> = Vec::new();
    let mut applied = 0;
    for fix in order {
        if fix.edits.is_empty() || taken_fixes.contains(&fix) {
            continue;
        }
        let fits = fix.edits.iter().enumerate().all(|(i, e)| {
            sound(text, e) && !overlaps(&taken, e) && fix.edits[..i].iter().all(|o| !clash(o, e))
        });
        if !fits {
            continue;
        }
        for e in &fix.edits {
            taken.insert(e.span.start, (e.span.end, e.text.as_str()));
        }
        taken_fixes.push(fix);
        applied += 1;
    }
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for (start, (end, replacement)) in taken {
        out.push_str(&text[at..start]);
        out.push_str(replacement);
        at = end;
    }
    out.push_str(&text[at..]);
    (out, applied)
}

/// The edit lies within the text and on character boundaries.
fn sound(text: &str, e: &Edit) -> bool {
    e.span.start <= e.span.end
        && e.span.end <= text.len()
        && text.is_char_boundary(e.span.start)
        && text.is_char_boundary(e.span.end)
}

/// Two edits touch the same text, or insert at the same place (whose order would be
/// a guess).
fn clash(a: &Edit, b: &Edit) -> bool {
    (a.span.start < b.span.end && b.span.start < a.span.end) || a.span.start == b.span.start
}

fn overlaps(taken: &BTreeMap<usize, (usize, &str)>, e: &Edit) -> bool {
    let before = taken.range(..=e.span.start).next_back();
    let after = taken.range(e.span.start..).next();
    let hit = |(&start, &(end, _)): (&usize, &(usize, &str))| {
        clash(
            &Edit {
                span: start..end,
                text: String::new(),
            },
            e,
        )
    };
    before.is_some_and(hit) || after.is_some_and(hit)
}

/// A unified diff from `old` to `new`, both the text of the plan at `path` (empty when
/// they are the same).
pub fn unified_diff(path: &str, old: &str, new: &str) -> String {
    if old == new {
        return String::new();
    }
    similar::TextDiff::from_lines(old, new)
        .unified_diff()
        .context_radius(3)
        .header(path, path)
        .missing_newline_hint(true)
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fix(start: usize, end: usize, text: &str) -> Fix {
        Fix::replace("f", true, start..end, text)
    }

    #[test]
    fn applies_fixes_that_do_not_overlap() {
        let a = fix(0, 3, "xyz");
        let b = fix(4, 5, "");
        let c = fix(2, 4, "no");
        let (out, n) = apply("abc de", &[&c, &b, &a]);
        assert_eq!((out.as_str(), n), ("xyz e", 2));
    }

    #[test]
    fn identical_fixes_count_once_and_bad_spans_are_skipped() {
        let a = fix(0, 1, "A");
        let far = fix(5, 90, "x");
        let split = fix(1, 2, "x");
        let (out, n) = apply("aé", &[&a, &a.clone(), &far, &split]);
        assert_eq!((out.as_str(), n), ("Aé", 1));
    }

    #[test]
    fn a_diff_names_the_file() {
        let d = unified_diff("plan.cxp", "a\nb\n", "a\nc\n");
        assert!(d.starts_with("--- plan.cxp\n+++ plan.cxp\n"), "{d}");
        assert!(d.contains("-b\n+c\n"), "{d}");
        assert_eq!(unified_diff("p", "a", "a"), "");
    }
}
