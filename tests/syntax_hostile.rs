//! Hostile input: nothing may panic, overflow the stack or hang.

use std::time::Instant;

use cxlint::source::SourceFile;
use cxlint::syntax::{self, ast};

fn parse(text: &str) -> (ast::File, Vec<cxlint::diagnostic::Diagnostic>) {
    let file = SourceFile::new("t.cxp", text);
    syntax::parse(&file)
}

/// A deterministic stream of pseudo-random numbers (xorshift).
struct Noise(u64);

impl Noise {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
}

fn depth(tree: &ast::File, items: &[ast::Item]) -> usize {
    items
        .iter()
        .map(|i| match i {
            ast::Item::Block(b) => 1 + depth(tree, tree.items_of(tree.block(*b))),
            _ => 0,
        })
        .max()
        .unwrap_or(0)
}

#[test]
fn deeply_nested_lists() {
    let text = format!("x = {}\ny = 1\n", "[".repeat(200_000));
    let (tree, diags) = parse(&text);
    assert!(!diags.is_empty());
    assert!(
        diags[0].message.contains("nested too deeply"),
        "{}",
        diags[0].message
    );
    assert!(tree.items.len() <= 2);

    let closed = format!("x = {}{}\n", "[".repeat(200_000), "]".repeat(200_000));
    let (_, diags) = parse(&closed);
    assert_eq!(diags.len(), 1);
}

#[test]
fn lists_nested_up_to_the_cap_parse() {
    let text = format!("x = {}{}\n", "[".repeat(64), "]".repeat(64));
    let (_, diags) = parse(&text);
    assert!(diags.is_empty(), "{:?}", diags.first().map(|d| &d.message));
}

#[test]
fn deeply_nested_blocks() {
    let n = 50_000;
    let text = format!("{}{}", "a {\n".repeat(n), "}\n".repeat(n));
    let (tree, diags) = parse(&text);
    assert_eq!(diags.len(), 1);
    assert_eq!(
        diags[0].message,
        "blocks are nested too deeply here (more than 64 levels)"
    );
    assert_eq!(diags[0].start().0, 65);
    assert_eq!(depth(&tree, &tree.items), 64);

    // Unclosed, and with labels.
    let text = "unit \"x\" { ".repeat(n);
    let (tree, diags) = parse(&text);
    assert_eq!(diags.len(), 2);
    assert_eq!(depth(&tree, &tree.items), 64);
}

#[test]
fn deeply_nested_blocks_in_a_large_file() {
    // Large enough for the parallel reader, which must hand over to the one-pass reader.
    let n = 300_000;
    let text = format!("{}{}", "a {\n".repeat(n), "}\n".repeat(n));
    let (tree, diags) = parse(&text);
    assert_eq!(diags.len(), 1);
    assert_eq!(depth(&tree, &tree.items), 64);
}

#[test]
fn blocks_nested_up_to_the_cap_parse() {
    let text = format!("{}{}", "a {\n".repeat(64), "}\n".repeat(64));
    let (tree, diags) = parse(&text);
    assert!(diags.is_empty());
    assert_eq!(depth(&tree, &tree.items), 64);
}

#[test]
fn random_ascii_and_unicode() {
    let alphabet: Vec<char> = "{}[]=\",#\\\n\r\t abcxyzQ019_.-%kMBUSD\u{FEFF}é😀"
        .chars()
        .collect();
    let mut noise = Noise(0x9E37_79B9_7F4A_7C15);
    for round in 0..20 {
        let text: String = (0..10_000)
            .map(|_| {
                let r = noise.next();
                if round % 2 == 0 {
                    alphabet[(r % alphabet.len() as u64) as usize]
                } else {
                    char::from_u32((r % 0x11_0000) as u32).unwrap_or('?')
                }
            })
            .collect();
        let (_, diags) = parse(&text);
        assert!(diags.len() <= 100);
        for d in &diags {
            assert!(d.span.start <= d.span.end && d.span.end <= text.len());
            assert!(text.is_char_boundary(d.span.start) && text.is_char_boundary(d.span.end));
        }
        let _ = syntax::comments(&text);
    }
}

#[test]
fn random_text_of_200_kb() {
    let mut noise = Noise(42);
    let text: String = (0..200_000)
        .map(|_| char::from_u32((noise.next() % 0x80) as u32).unwrap_or(' '))
        .collect();
    let start = Instant::now();
    let (_, diags) = parse(&text);
    assert!(diags.len() <= 100);
    assert!(start.elapsed().as_secs() < 20);
}

#[test]
fn broken_tokens_everywhere() {
    // Every prefix of a valid programme parses without panicking.
    let text = include_str!("data/syntax/corpus/00-clean.cxp");
    for (end, _) in text.char_indices().step_by(7) {
        let _ = parse(&text[..end]);
    }
}

#[test]
fn many_unclosed_texts_and_stray_braces() {
    let text = "x = \"\n}\n{\n]\n".repeat(10_000);
    let (_, diags) = parse(&text);
    assert_eq!(diags.len(), 100);
}

/// A large programme: `cargo test --release --test syntax_hostile -- --ignored`.
#[test]
#[ignore = "takes a release build; run by hand"]
fn fifty_megabytes() {
    let unit = "  unit \"Field Service {n}\" {\n    parent        = \"Company\"\n    head          = \"VP Field Service\"\n    headcount     = 1_200\n    facing        = front # who they serve\n    customer_duty = \"Fixes the problem on the first visit\"\n    empowerment   = 2.5k USD\n    values        = [\"speed\", \"honest pricing\", 30%, 18 months, 2027-Q2]\n  }\n";
    let mut text = String::from("programme \"Big\" {\n  currency = USD\n");
    let mut n = 0;
    while text.len() < 50_000_000 {
        text.push_str(&unit.replace("{n}", &n.to_string()));
        n += 1;
    }
    text.push_str("}\n");
    let start = Instant::now();
    let (tree, diags) = parse(&text);
    let elapsed = start.elapsed();
    println!("{} bytes, {n} blocks: {elapsed:?}", text.len());
    assert!(diags.is_empty());
    assert_eq!(tree.items.len(), 1);
    let start = Instant::now();
    let comments = syntax::comments(&text);
    println!("comments: {:?}", start.elapsed());
    assert_eq!(comments.len(), n);
    assert!(elapsed.as_secs() < 10);
}

#[test]
fn many_errors_on_one_long_line() {
    // Each error must cost no more than its own surroundings.
    let text = "x = 12k y = @ z = [1 2] ".repeat(100_000);
    let (_, diags) = parse(&text);
    assert_eq!(diags.len(), 100);
    let text = format!("x = 12k {}", "y".repeat(2_000_000));
    let (_, diags) = parse(&text);
    assert!(!diags.is_empty());
}

/// Every span in the tree lies inside the text, on character boundaries.
fn check_spans(text: &str, tree: &ast::File, items: &[ast::Item]) {
    let ok = |s: &std::ops::Range<usize>| {
        s.start <= s.end
            && s.end <= text.len()
            && text.is_char_boundary(s.start)
            && text.is_char_boundary(s.end)
    };
    fn values(v: &ast::Value, out: &mut Vec<std::ops::Range<usize>>) {
        out.push(v.span.clone());
        if let ast::ValueKind::List(items) = &v.kind {
            for i in items {
                values(i, out);
            }
        }
    }
    for item in items {
        let mut spans = Vec::new();
        match item {
            ast::Item::Block(b) => {
                let b = tree.block(*b);
                spans.extend([b.span.clone(), b.header.clone(), b.kind.span.clone()]);
                if let Some(l) = &b.label {
                    spans.push(l.span.clone());
                }
                check_spans(text, tree, tree.items_of(b));
            }
            ast::Item::Attribute(a) => {
                spans.extend([a.span(), a.key.span.clone()]);
                values(&a.value, &mut spans);
            }
            ast::Item::Include(i) => spans.extend([i.span.clone(), i.path_span.clone()]),
        }
        for s in spans {
            assert!(ok(&s), "bad span {s:?} in {text:?}");
        }
    }
}

#[test]
fn mutated_programmes() {
    let originals = [
        include_str!("data/syntax/corpus/example.cxp"),
        include_str!("data/syntax/corpus/00-clean.cxp"),
    ];
    let pieces = [
        "", "{", "}", "[", "]", "\"", "=", ",", "#", "\n", "\\", "é", "😀", "12k", "-", "%",
        "\u{FEFF}", "\r\n", "include", " x ", "\"\\u{", "2027-", "\t",
    ];
    let mut noise = Noise(7);
    for round in 0..600 {
        let original = originals[round % originals.len()];
        let mut text = original.to_string();
        for _ in 0..(1 + noise.next() % 4) {
            let mut at = (noise.next() as usize) % (text.len() + 1);
            while !text.is_char_boundary(at) {
                at -= 1;
            }
            let mut cut = at + (noise.next() as usize % 6);
            cut = cut.min(text.len());
            while !text.is_char_boundary(cut) {
                cut -= 1;
            }
            let piece = pieces[(noise.next() as usize) % pieces.len()];
            text.replace_range(at..cut.max(at), piece);
        }
        let (tree, diags) = parse(&text);
        check_spans(&text, &tree, &tree.items);
        for d in &diags {
            assert!(
                d.span.start <= d.span.end && d.span.end <= text.len(),
                "{text:?}"
            );
            assert!(text.is_char_boundary(d.span.start) && text.is_char_boundary(d.span.end));
        }
    }
}
