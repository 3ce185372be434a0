//! Inputs on which fuzzing found the formatter at fault (fuzz target `fmt`). Each test
//! reproduces one finding through the library API.

use cxlint::source::SourceFile;
use cxlint::syntax;

/// Format `text`, which must parse cleanly.
fn format(text: &str) -> String {
    let file = SourceFile::new("t.cxp", text);
    let (tree, diags) = syntax::parse(&file);
    assert!(diags.is_empty(), "{}", diags[0].message);
    cxlint::format::format(text, &tree)
}

/// A comment inside an empty block was written after the block, on its own line: an
/// allow comment there would then cover the next block instead (fixed in src/format.rs).
/// Found by `fmt` (input `pay_plan "Quota" {  # expe FM% }\n}`), minimised.
/// Whether the first comment of `out` lies before the first `}` (inside block `a`).
fn comment_stays_in_first_block(out: &str) -> bool {
    match (out.find('#'), out.find('}')) {
        (Some(comment), Some(close)) => comment < close,
        _ => false,
    }
}

#[test]
fn comment_inside_an_empty_block_stays_inside() {
    for text in [
        "a {\n  # cxlint: allow FM06 -- kept\n}\nb { }\n",
        "a { # c\n}\n",
        "pay_plan \"Quota\" {  # expe FM% }\n}\n",
    ] {
        let out = format(text);
        assert!(
            comment_stays_in_first_block(&out),
            "the comment left its block:\n{out}"
        );
    }
}

/// A comment at the end of a line, after a stray byte-order mark (U+FEFF, which the
/// parser reads as whitespace), was written on a line of its own (fixed in src/format.rs). Found by `fmt` (input
/// `programme "Hnums" {\n    identity = customer_firs\u{FEFF}#ep xect CC04\n\n}`), minimised.
#[test]
fn comment_after_a_stray_byte_order_mark_stays_on_its_line() {
    let out = format("a {\n  b = 1\u{FEFF}# c\n}\n");
    let line = out
        .lines()
        .find(|l| l.contains("# c"))
        .expect("comment kept");
    assert!(line.contains("b = 1"), "the comment left its line:\n{out}");
}

/// A comment between a key and its value (or inside a block header) was written after
/// the item on a line of its own, where an allow comment covers the next block instead of
/// its line (fixed in src/format.rs). Found by `fmt` (input `\n  updated  =  # expect: C4C5\n    release_eve\n`),
/// minimised.
#[test]
fn comment_inside_an_item_stays_on_its_line() {
    for text in ["a = # c\n  b\n", "k \"x\" # c\n{ a = 1 }\n"] {
        let out = format(text);
        let line = out
            .lines()
            .find(|l| l.contains("# c"))
            .expect("comment kept");
        assert!(
            line.trim_start() != "# c",
            "the comment stands alone:\n{out}"
        );
    }
}

/// Found by review of `cxlint fmt` against the `fmt` target: in a file with CRLF line ends
/// a list holding a comment is kept as written (its `\r\n` included), then every `\n` of
/// the output became `\r\n`, so each run added one `\r` inside the list: formatting is
/// not idempotent and the file grew at every run (fixed in src/cli/fmt.rs).
#[test]
fn formatting_a_crlf_file_twice_changes_nothing() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("p.cxp");
    std::fs::write(&path, "x {\r\n  a = [1, # c\r\n    2]\r\n}\r\n").expect("write");
    let fmt = || {
        let status = std::process::Command::new(env!("CARGO_BIN_EXE_cxlint"))
            .arg("fmt")
            .arg(&path)
            .status()
            .expect("cxlint runs");
        assert!(status.success());
        std::fs::read(&path).expect("read")
    };
    let once = fmt();
    let twice = fmt();
    assert_eq!(
        String::from_utf8_lossy(&once),
        String::from_utf8_lossy(&twice)
    );
    assert!(
        !once.windows(2).any(|w| w == b"\r\r"),
        "{:?}",
        String::from_utf8_lossy(&once)
    );
}

/// Found by `fmt` in the recorded run (input `progrogrmme= -4  #i\nweek`), minimised: a
/// value whose parts straddle a comment (`4 # c` then `weeks` on the next line, read as
/// the duration `4 weeks`) is written as it stands, comment included, and the comment is
/// written once more after it: the output holds the comment twice, and each run adds
/// another copy.
#[test]
fn a_comment_inside_a_value_is_written_once() {
    let out = format("a = 4 # c\nweeks\n");
    assert_eq!(out.matches("# c").count(), 1, "{out}");
    assert_eq!(format(&out), out, "not idempotent");
}

/// Found by `fmt` (a product with `release_every = 18 mon=hs`), minimised: a number
/// followed on its line by an attribute whose name looks like a unit of time read as two
/// items, but formatted with spaces around `=` it read as a misspelt duration.
#[test]
fn an_attribute_after_a_number_stays_an_attribute_however_spaced() {
    for text in [
        "p { release_every = 18 mon=hs }\n",
        "p { release_every = 18 mon = hs }\n",
        "p { a = 3 yrs { } }\n",
    ] {
        let out = format(text);
        assert_eq!(format(&out), out, "not idempotent");
    }
}
