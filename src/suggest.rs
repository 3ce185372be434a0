//! "Did you mean" suggestions for near misses (keys, enum values, references, codes).
//!
//! A candidate is suggested when it is close to the word written: an edit distance
//! (insertions, deletions, substitutions and swaps of two neighbouring characters,
//! ignoring case) of at most a third of the longer word's length (at least 1, at most 8),
//! or when
//! one is a prefix of the other and the shorter has at least three characters
//! (`frontline` -> `front`). The closest candidate wins; ties go to the first given.

/// The candidate closest to `word`, if any is close enough to be what was meant.
pub fn suggest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    closest(word, candidates).map(|(c, _)| c)
}

/// The candidate closest to `word`, and whether it is the one clear candidate: no other
/// is as close (ignoring case, so `Care` and `care` count as two). A fix that writes
/// the candidate is safe only when it is clear.
pub fn closest<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<(&'a str, bool)> {
    let word_lc: Vec<char> = word.chars().flat_map(char::to_lowercase).collect();
    if word_lc.is_empty() {
        return None;
    }
    let mut best: Option<(usize, &'a str)> = None;
    let mut tied = false;
    let mut cand_lc = Vec::new();
    let mut rows = Rows::default();
    for cand in candidates {
        if cand == word {
            continue;
        }
        // Cheap bound first: the length difference alone is a lower bound on the
        // distance, unless one is a prefix of the other.
        let cand_len = cand.chars().count();
        let longer = word_lc.len().max(cand_len);
        let limit = (longer / 3).clamp(1, MAX_EDITS);
        let shorter = word_lc.len().min(cand_len);
        if word_lc.len().abs_diff(cand_len) > limit && shorter < 3 {
            continue;
        }
        cand_lc.clear();
        cand_lc.extend(cand.chars().flat_map(char::to_lowercase));
        let prefix = {
            let (short, long) = if word_lc.len() <= cand_lc.len() {
                (&word_lc[..], &cand_lc[..])
            } else {
                (&cand_lc[..], &word_lc[..])
            };
            short.len() >= 3 && long.starts_with(short)
        };
        let score = if prefix {
            // Rank a prefix match as if it were at the limit: an edit within the limit wins.
            Some(limit)
        } else if word_lc.len().abs_diff(cand_lc.len()) > limit {
            None
        } else {
            rows.distance_within(&word_lc, &cand_lc, limit)
        };
        if let Some(score) = score {
            match best {
                Some((b, _)) if b < score => {}
                Some((b, _)) if b == score => tied = true,
                _ => {
                    best = Some((score, cand));
                    tied = false;
                }
            }
        }
    }
    best.map(|(_, c)| (c, !tied))
}

/// The largest number of edits a suggestion may need, however long the names: beyond
/// it a name is not a near miss, and the check stays in proportion to the names' length.
const MAX_EDITS: usize = 8;

/// Rows of the distance table, reused from one candidate to the next.
#[derive(Default)]
struct Rows {
    prev2: Vec<usize>,
    prev: Vec<usize>,
    cur: Vec<usize>,
}

impl Rows {
    /// Optimal string alignment distance (Levenshtein with adjacent transpositions),
    /// or `None` when it exceeds `limit`. Only the cells within `limit` of the diagonal
    /// are computed (any path leaving that band costs more than `limit`), so the cost is
    /// the length of `a` times `2 * limit + 1`, not the product of the lengths.
    fn distance_within(&mut self, a: &[char], b: &[char], limit: usize) -> Option<usize> {
        if a.len().abs_diff(b.len()) > limit {
            return None;
        }
        let far = limit + 1;
        let w = b.len() + 1;
        for row in [&mut self.prev2, &mut self.prev, &mut self.cur] {
            row.clear();
            row.resize(w, far);
        }
        for (j, cell) in self
            .prev
            .iter_mut()
            .enumerate()
            .take(limit.min(b.len()) + 1)
        {
            *cell = j;
        }
        for i in 1..=a.len() {
            let lo = i.saturating_sub(limit).max(1);
            let hi = (i + limit).min(b.len());
            self.cur[0] = i;
            if lo > 1 {
                self.cur[lo - 1] = far;
            }
            let mut row_min = if lo == 1 { i } else { far };
            for j in lo..=hi {
                let cost = usize::from(a[i - 1] != b[j - 1]);
                let mut v = (self.prev[j] + 1)
                    .min(self.cur[j - 1] + 1)
                    .min(self.prev[j - 1] + cost);
                if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                    v = v.min(self.prev2[j - 2] + 1);
                }
                let v = v.min(far);
                self.cur[j] = v;
                row_min = row_min.min(v);
            }
            if hi < b.len() {
                self.cur[hi + 1] = far;
            }
            if row_min > limit {
                return None;
            }
            std::mem::swap(&mut self.prev2, &mut self.prev);
            std::mem::swap(&mut self.prev, &mut self.cur);
        }
        let d = self.prev[b.len()];
        (d <= limit).then_some(d)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn near_misses() {
        assert_eq!(suggest("Famlies", ["Families", "Care"]), Some("Families"));
        assert_eq!(suggest("facign", ["facing", "head"]), Some("facing"));
        assert_eq!(suggest("frontline", ["front", "back"]), Some("front"));
        assert_eq!(suggest("colour", ["facing", "head", "parent"]), None);
        assert_eq!(suggest("FM6", ["FM06", "FM07"]), Some("FM06"));
        assert_eq!(suggest("", ["y"]), None);
    }

    #[test]
    fn a_tie_is_not_a_clear_candidate() {
        assert_eq!(
            closest("Famlies", ["Families", "Care"]),
            Some(("Families", true))
        );
        assert_eq!(closest("FM0", ["FM06", "FM07"]), Some(("FM06", false)));
        assert_eq!(closest("FM6", ["FM06", "FM07"]), Some(("FM06", true)));
    }

    /// The full table, for checking the banded one.
    fn full_distance(a: &[char], b: &[char]) -> usize {
        let mut d = vec![vec![0; b.len() + 1]; a.len() + 1];
        for (i, row) in d.iter_mut().enumerate() {
            row[0] = i;
        }
        for (j, cell) in d[0].iter_mut().enumerate() {
            *cell = j;
        }
        for i in 1..=a.len() {
            for j in 1..=b.len() {
                let cost = usize::from(a[i - 1] != b[j - 1]);
                let mut v = (d[i - 1][j] + 1)
                    .min(d[i][j - 1] + 1)
                    .min(d[i - 1][j - 1] + cost);
                if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                    v = v.min(d[i - 2][j - 2] + 1);
                }
                d[i][j] = v;
            }
        }
        d[a.len()][b.len()]
    }

    #[test]
    fn banded_distance_agrees_with_the_full_table() {
        // Small words over a three-letter alphabet: many near misses and swaps.
        let mut seed: u32 = 7;
        let mut next = move || {
            seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12_345);
            (seed >> 16) as usize
        };
        let mut rows = Rows::default();
        for _ in 0..3000 {
            let word = |n: &mut dyn FnMut() -> usize| -> Vec<char> {
                let len = n() % 9;
                (0..len).map(|_| ['a', 'b', 'c'][n() % 3]).collect()
            };
            let a = word(&mut next);
            let b = word(&mut next);
            let limit = next() % 5;
            let full = full_distance(&a, &b);
            let banded = rows.distance_within(&a, &b, limit);
            let expected = (full <= limit).then_some(full);
            assert_eq!(banded, expected, "{a:?} {b:?} limit {limit}");
        }
    }

    #[test]
    fn long_names_are_compared_in_proportion_to_their_length() {
        let long_a = format!("{}1", "A".repeat(50_000));
        let long_b = format!("{}1", "B".repeat(50_000));
        let near = format!("{}2", "A".repeat(50_000));
        let start = std::time::Instant::now();
        assert_eq!(suggest(&long_a, [long_b.as_str()]), None);
        assert_eq!(suggest(&long_a, [near.as_str()]), Some(near.as_str()));
        assert!(start.elapsed() < std::time::Duration::from_secs(5));
    }

    #[test]
    fn exact_match_is_not_a_suggestion() {
        assert_eq!(suggest("front", ["front"]), None);
    }
}
