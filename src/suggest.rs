//! "Did you mean" suggestions for near misses (keys, enum values, references, codes).
//!
//! A candidate is suggested when it is close to the word written: an edit distance
//! (insertions, deletions, substitutions and swaps of two neighbouring characters,
//! ignoring case) of at most a third of the longer word's length (at least 1), or when
//! one is a prefix of the other and the shorter has at least three characters
//! (`frontline` -> `front`). The closest candidate wins; ties go to the first given.

/// The candidate closest to `word`, if any is close enough to be what was meant.
pub fn suggest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let word_lc: Vec<char> = word.chars().flat_map(char::to_lowercase).collect();
    if word_lc.is_empty() {
        return None;
    }
    let mut best: Option<(usize, &'a str)> = None;
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
        let limit = (longer / 3).max(1);
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
                Some((b, _)) if b <= score => {}
                _ => best = Some((score, cand)),
            }
        }
    }
    best.map(|(_, c)| c)
}

/// Rows of the distance table, reused from one candidate to the next.
#[derive(Default)]
struct Rows {
    prev2: Vec<usize>,
    prev: Vec<usize>,
    cur: Vec<usize>,
}

impl Rows {
    /// Optimal string alignment distance (Levenshtein with adjacent transpositions),
    /// or `None` as soon as it must exceed `limit`.
    fn distance_within(&mut self, a: &[char], b: &[char], limit: usize) -> Option<usize> {
        let w = b.len() + 1;
        self.prev2.clear();
        self.prev2.resize(w, 0);
        self.prev.clear();
        self.prev.extend(0..w);
        self.cur.clear();
        self.cur.resize(w, 0);
        for i in 1..=a.len() {
            self.cur[0] = i;
            let mut row_min = i;
            for j in 1..w {
                let cost = usize::from(a[i - 1] != b[j - 1]);
                let mut v = (self.prev[j] + 1)
                    .min(self.cur[j - 1] + 1)
                    .min(self.prev[j - 1] + cost);
                if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                    v = v.min(self.prev2[j - 2] + 1);
                }
                self.cur[j] = v;
                row_min = row_min.min(v);
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
    fn exact_match_is_not_a_suggestion() {
        assert_eq!(suggest("front", ["front"]), None);
    }
}
