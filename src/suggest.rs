//! "Did you mean" suggestions for near misses (keys, enum values, references, codes).
//!
//! A candidate is suggested when it is close to the word written: an edit distance
//! (insertions, deletions, substitutions and swaps of two neighbouring characters,
//! ignoring case) of at most a third of the longer word's length (at least 1), or when
//! one is a prefix of the other and the shorter has at least three characters
//! (`frontline` -> `front`). The closest candidate wins; ties go to the first given.

/// The candidate closest to `word`, if any is close enough to be what was meant.
pub fn suggest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let word_lc: Vec<char> = word.to_lowercase().chars().collect();
    if word_lc.is_empty() {
        return None;
    }
    let mut best: Option<(usize, &'a str)> = None;
    let mut buf = Vec::new();
    for cand in candidates {
        if cand == word {
            continue;
        }
        buf.clear();
        buf.extend(cand.to_lowercase().chars());
        // Cheap bound first: the length difference alone is a lower bound on the distance.
        let longer = word_lc.len().max(buf.len());
        let limit = (longer / 3).max(1);
        let prefix = {
            let (short, long) = if word_lc.len() <= buf.len() {
                (&word_lc[..], &buf[..])
            } else {
                (&buf[..], &word_lc[..])
            };
            short.len() >= 3 && long.starts_with(short)
        };
        let score = if prefix {
            // Rank a prefix match as if it were at the limit: an edit within the limit wins.
            Some(limit)
        } else if word_lc.len().abs_diff(buf.len()) > limit {
            None
        } else {
            let d = distance(&word_lc, &buf);
            (d <= limit).then_some(d)
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

/// Optimal string alignment distance (Levenshtein with adjacent transpositions).
fn distance(a: &[char], b: &[char]) -> usize {
    let w = b.len() + 1;
    let mut prev2 = vec![0usize; w];
    let mut prev: Vec<usize> = (0..w).collect();
    let mut cur = vec![0usize; w];
    for i in 1..=a.len() {
        cur[0] = i;
        for j in 1..w {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut v = (prev[j] + 1).min(cur[j - 1] + 1).min(prev[j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                v = v.min(prev2[j - 2] + 1);
            }
            cur[j] = v;
        }
        std::mem::swap(&mut prev2, &mut prev);
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
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
