//! "Did you mean" for names in rule files (the shared suggestion rule of cxlint).

/// The candidate closest to `word`, when it is close enough to be a likely misspelling.
pub fn did_you_mean<'a>(word: &str, candidates: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    crate::suggest::suggest(word, candidates)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn near_misses() {
        let words = ["front", "back"];
        assert_eq!(did_you_mean("fornt", words.iter().copied()), Some("front"));
        assert_eq!(did_you_mean("sideways", words.iter().copied()), None);
    }
}
