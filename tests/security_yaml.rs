//! Configuration and rule files are YAML written by anyone who can open a pull request:
//! the reader refuses alias bombs, deep nesting and huge node counts quickly instead of
//! exhausting memory or the stack.

use std::time::{Duration, Instant};

use cxlint::source::SourceFile;

/// Read `text` as YAML into a generic value; returns whether it was refused, and how long
/// reading took.
fn read(text: String) -> (bool, Duration) {
    let file = SourceFile::new("cxlint.yaml", text);
    let start = Instant::now();
    let refused = cxlint::yaml::from_str::<serde_json::Value>(&file).is_err();
    (refused, start.elapsed())
}

#[test]
fn an_alias_bomb_is_refused() {
    // Ten levels of ten aliases each would expand to 10^10 strings.
    let mut text = String::from("a0: &a0 [\"lol\", \"lol\", \"lol\", \"lol\", \"lol\"]\n");
    for level in 1..=10 {
        let prev = format!("*a{}", level - 1);
        let items = vec![prev; 10].join(", ");
        text.push_str(&format!("a{level}: &a{level} [{items}]\n"));
    }
    let (refused, took) = read(text);
    assert!(refused, "the alias bomb was read");
    assert!(took < Duration::from_secs(10), "took {took:?}");
}

#[test]
fn deep_nesting_is_refused_without_overflowing_the_stack() {
    for text in [
        format!("{}1{}", "[".repeat(100_000), "]".repeat(100_000)),
        format!("{}1{}", "{a: ".repeat(100_000), "}".repeat(100_000)),
        (0..10_000)
            .map(|i| format!("{}-\n", "  ".repeat(i)))
            .collect(),
    ] {
        let (refused, took) = read(text);
        assert!(refused, "deep nesting was read");
        assert!(took < Duration::from_secs(10), "took {took:?}");
    }
}

#[test]
fn a_million_nodes_are_refused() {
    let text = format!("[{}]", vec!["1"; 1_000_000].join(","));
    let (refused, took) = read(text);
    assert!(refused, "a million nodes were read");
    assert!(took < Duration::from_secs(20), "took {took:?}");
}

#[test]
fn many_documents_are_refused() {
    let text = "---\na: 1\n".repeat(5_000);
    let (refused, _) = read(text);
    assert!(refused);
}

#[test]
fn include_tags_read_no_file() {
    // `!include` support is not compiled in: the tag is not followed.
    let file = SourceFile::new("cxlint.yaml", "a: !include /etc/passwd\n");
    let read = cxlint::yaml::from_str::<serde_json::Value>(&file);
    if let Ok(value) = read {
        assert!(!value.to_string().contains("root:"), "{value}");
    }
}
