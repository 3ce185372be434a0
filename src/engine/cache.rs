//! The precompiled built-in rule set: the compiled [`RuleSet`] as JSON, stamped with the
//! fingerprint of the rule files and compiler it was made from (build.rs). A cache with
//! another fingerprint, or one that cannot be read, is not used: the rules are then
//! compiled from their files, which is slower but gives the same set.

use std::collections::BTreeMap;

use crate::Map;
use std::fmt;
use std::sync::Arc;

use serde::de::{DeserializeSeed, Error as _, IgnoredAny, MapAccess, Visitor};
use serde::{Deserializer, Serialize, Serializer};

use crate::engine::RuleSet;

/// A map written in key order, so that the cache is the same bytes on every run.
pub(super) fn sorted_map<V: Serialize, S: Serializer>(
    map: &Arc<Map<String, V>>,
    s: S,
) -> Result<S::Ok, S::Error> {
    let sorted: BTreeMap<&String, &V> = map.iter().collect();
    sorted.serialize(s)
}

#[derive(Serialize)]
struct Stamped<'a> {
    fingerprint: &'a str,
    rules: &'a RuleSet,
}

/// The cache text of `set`: one line of JSON, the fingerprint first.
pub(super) fn write(set: &RuleSet, fingerprint: &str) -> String {
    let stamped = Stamped {
        fingerprint,
        rules: set,
    };
    match serde_json::to_string(&stamped) {
        Ok(mut text) => {
            text.push('\n');
            text
        }
        // Every value of a rule set can be written; an empty cache is simply not used.
        Err(_) => String::new(),
    }
}

/// The rule set in `text` when it carries `fingerprint` and reads completely; its
/// `sources` are left empty. Reading stops at the fingerprint when it differs.
pub(super) fn read(text: &str, fingerprint: &str) -> Option<RuleSet> {
    let mut de = serde_json::Deserializer::from_str(text);
    let set = Expect(fingerprint).deserialize(&mut de).ok()?;
    de.end().ok()?;
    Some(set)
}

struct Expect<'a>(&'a str);

impl<'de> DeserializeSeed<'de> for Expect<'_> {
    type Value = RuleSet;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<RuleSet, D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for Expect<'_> {
    type Value = RuleSet;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a fingerprint followed by the rules")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<RuleSet, A::Error> {
        if map.next_key::<String>()?.as_deref() != Some("fingerprint") {
            return Err(A::Error::custom(
                "the cache does not start with its fingerprint",
            ));
        }
        let found: String = map.next_value()?;
        if found != self.0 {
            return Err(A::Error::custom("the cache was made from other rules"));
        }
        if map.next_key::<String>()?.as_deref() != Some("rules") {
            return Err(A::Error::custom("the cache holds no rules"));
        }
        let set: RuleSet = map.next_value()?;
        if map.next_key::<IgnoredAny>()?.is_some() {
            return Err(A::Error::custom("the cache holds more than the rules"));
        }
        Ok(set)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cache_is_used_only_with_its_fingerprint() {
        let set = RuleSet::builtin_checked().expect("the built-in rules load");
        let text = write(&set, "0123");
        let back = read(&text, "0123").expect("the cache reads");
        assert_eq!(back.rules.len(), set.rules.len());
        assert_eq!(write(&back, "0123"), text);
        assert!(read(&text, "4567").is_none());
        assert!(read("", "0123").is_none());
        assert!(read("{}", "0123").is_none());
        assert!(read(&text[..text.len() / 2], "0123").is_none());
        assert!(read(&text.replace("\"Attr\"", "\"Nope\""), "0123").is_none());
    }

    #[test]
    fn unknown_schema_names_fail_the_read() {
        let set = RuleSet::builtin_checked().expect("the built-in rules load");
        let text = write(&set, "0123");
        let kind = "\"for_kind\":\"";
        assert!(text.contains(kind), "some check has a `for`");
        let broken = text.replacen(kind, "\"for_kind\":\"no_such_kind", 1);
        assert!(read(&broken, "0123").is_none());
    }
}
