//! Files of a megabyte or more are read in parallel chunks. The input, when it reads
//! cleanly as the items of a block, is repeated inside a `programme` block until the file
//! passes that size: the tree must be the input's items repeated (spans aside), exactly as
//! a one-pass read would give, and every span must stay inside the text.
#![no_main]

use cxlint_fuzz::Shape;
use libfuzzer_sys::fuzz_target;

/// Size from which the parser shares a file out (`MIN_BYTES` in src/syntax/parallel.rs).
const PARALLEL_BYTES: usize = 1 << 20;

/// The items of the only block of `text`, spans aside, when it parses cleanly.
fn block_items(text: &str) -> Option<Vec<Shape>> {
    let (_, tree, diags) = cxlint_fuzz::parse(text);
    if !diags.is_empty() || tree.items.len() != 1 {
        return None;
    }
    match cxlint_fuzz::without_spans(&tree).pop() {
        Some(Shape::Block { items, .. }) => Some(items),
        _ => None,
    }
}

fuzz_target!(|data: &[u8]| {
    let Some(piece) = cxlint_fuzz::text_of(data) else {
        return;
    };
    if piece.starts_with('\u{FEFF}') {
        return;
    }
    let head = "programme \"p\" {\n";
    let Some(once) = block_items(&format!("{head}{piece}\n}}\n")) else {
        return;
    };
    // Two copies must read as the items twice; otherwise the copies run into each other
    // (`a = 5` then `months = 1` reads `5\nmonths`) and the comparison says nothing.
    let Some(twice) = block_items(&format!("{head}{piece}\n{piece}\n}}\n")) else {
        return;
    };
    if twice.len() != 2 * once.len() || twice[..once.len()] != once[..] {
        return;
    }

    let copies = PARALLEL_BYTES / (piece.len() + 1) + 1;
    let mut big = String::with_capacity(head.len() + copies * (piece.len() + 1) + 2);
    big.push_str(head);
    for _ in 0..copies {
        big.push_str(&piece);
        big.push('\n');
    }
    big.push_str("}\n");

    let (_, tree, diags) = cxlint_fuzz::parse(&big);
    assert!(
        diags.is_empty(),
        "the large file has a syntax error the small one has not: {}\n--- piece ---\n{piece}",
        diags[0].message
    );
    cxlint_fuzz::assert_tree(&big, &tree, &tree.items);
    let got = cxlint_fuzz::without_spans(&tree);
    let [Shape::Block {
        items: programme, ..
    }] = &got[..]
    else {
        panic!("the large file is not one block\n--- piece ---\n{piece}");
    };
    assert_eq!(
        programme.len(),
        once.len() * copies,
        "item count differs\n--- piece ---\n{piece}"
    );
    for (i, item) in programme.iter().enumerate() {
        assert!(
            *item == once[i % once.len().max(1)],
            "item {i} differs from a one-pass read\n--- piece ---\n{piece}"
        );
    }
});
