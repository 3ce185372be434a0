//! Rule packs are YAML files of expressions written by anyone who can open a pull
//! request: reading them must refuse what it cannot handle, never crash or hang.

use cxlint::rulelang::ast;

/// Parse `text` as a rule expression on a thread with the main thread's usual stack
/// (8 MiB); `None` when the thread died (a stack overflow aborts the whole process, so
/// this only returns at all when the parser copes).
fn parse_on_8_mib(text: String) -> Option<bool> {
    std::thread::Builder::new()
        .stack_size(8 << 20)
        .spawn(move || ast::parse(&text, 0, &|o: usize| o).is_ok())
        .ok()?
        .join()
        .ok()
}

#[test]
fn moderately_nested_expressions_parse() {
    let text = format!("{}1{}", "(".repeat(40), ")".repeat(40));
    assert_eq!(parse_on_8_mib(text), Some(true));
}

/// Found while writing the `rulelang` fuzz target: the expression parser recursed once
/// per bracket, so `when: ((((…1…))))` with 800 parentheses overflowed an 8 MiB stack in a
/// release build (about 20 in a debug build's 2 MiB test thread) and the process aborted.
/// Now refused: brackets nest at most `MAX_BRACKETS` (64) deep, expressions are at most
/// `MAX_LENGTH` (4,000) bytes and their trees `MAX_DEPTH` (32) levels (src/rulelang/ast.rs).
#[test]
fn deeply_nested_expressions_are_refused() {
    for (open, close) in [("(", ")"), ("[", "]"), ("f(", ")"), ("x => ", "")] {
        let text = format!("{}1{}", open.repeat(100_000), close.repeat(100_000));
        assert_eq!(parse_on_8_mib(text), Some(false), "{open}…{close}");
    }
}

#[test]
fn long_chains_of_operators_are_refused_without_deep_recursion() {
    for text in [
        "-".repeat(3_999) + "1",
        "1+".repeat(1_999) + "1",
        "a".to_string() + &".b".repeat(1_999),
        "not ".repeat(999) + "a",
        "1 or ".repeat(799) + "1",
    ] {
        let start = &text[..8];
        assert_eq!(parse_on_8_mib(text.clone()), Some(false), "{start}…");
    }
    assert_eq!(parse_on_8_mib("1".repeat(5_000)), Some(false), "too long");
}
