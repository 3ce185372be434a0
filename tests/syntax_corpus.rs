//! Every example programme, the reference programme and every acceptance case parse
//! without syntax errors (except the case written to have them).

use std::path::{Path, PathBuf};

use cxlint::source::SourceFile;
use cxlint::syntax::{self, ast};

fn cxp_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            cxp_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "cxp") {
            out.push(path);
        }
    }
}

fn corpus() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    cxp_files(&root.join("examples"), &mut files);
    cxp_files(&root.join("tests/data/syntax/corpus"), &mut files);
    files.sort();
    files
}

/// The blocks reachable from `items`, at every depth.
fn count_blocks(tree: &ast::File, items: &[ast::Item]) -> usize {
    items
        .iter()
        .map(|i| match i {
            ast::Item::Block(b) => 1 + count_blocks(tree, tree.items_of(tree.block(*b))),
            _ => 0,
        })
        .sum()
}

#[test]
fn corpus_parses_cleanly() {
    let files = corpus();
    assert!(files.len() > 5, "corpus not found");
    for path in files {
        let bytes = std::fs::read(&path).expect("readable corpus file");
        let Ok(text) = cxlint::source::decode(&bytes) else {
            // Only E014's case is written not to be text; any other file must parse.
            assert!(
                path.ends_with("e014-bytes.cxp"),
                "{} is not UTF-8 text",
                path.display()
            );
            continue;
        };
        let file = SourceFile::new(path.display().to_string(), text.as_str());
        let (tree, diags) = syntax::parse(&file);
        let messages: Vec<String> = diags
            .iter()
            .map(|d| format!("{:?} {}", d.start(), d.message))
            .collect();
        assert!(messages.is_empty(), "{}: {messages:?}", path.display());
        let mut code = text.clone();
        for (start, _, comment) in syntax::comments(&text).into_iter().rev() {
            code.replace_range(start..start + comment.len(), "");
        }
        let blocks = code.matches('{').count();
        assert_eq!(
            count_blocks(&tree, &tree.items),
            blocks,
            "{}",
            path.display()
        );
        // The tree's list of blocks holds those and nothing else.
        assert_eq!(tree.blocks.len(), blocks, "{}", path.display());
    }
}

/// The items of `items` as `key`, `kind[…]` and `include`, blocks with their items, in
/// the order written.
fn shape(text: &str, tree: &ast::File, items: &[ast::Item]) -> String {
    let parts: Vec<String> = items
        .iter()
        .map(|i| match i {
            ast::Item::Attribute(a) => a.key.name(text).to_string(),
            ast::Item::Include(_) => "include".to_string(),
            ast::Item::Block(b) => {
                let b = tree.block(*b);
                format!("{}[{}]", b.kind.name, shape(text, tree, tree.items_of(b)))
            }
        })
        .collect();
    parts.join(" ")
}

/// Each block keeps its own items in the order written, whether it holds blocks or not,
/// with attributes before, between and after its blocks, and a block opened by a stray
/// `{` (whose items are dropped) inside one.
#[test]
fn blocks_keep_their_items_in_order() {
    let text = "programme \"P\" {\n  currency = USD\n  unit \"A\" {\n    purpose = \"x\"\n    { stray = 1 }\n    facing = back\n  }\n  pay_plan \"Q\" {\n    role = \"r\"\n    metric \"M\" { weight = 50% }\n    base = 1 USD\n    metric \"N\" { weight = 50%  class = customer }\n    variable = 2 USD\n  }\n  include \"more.cxp\"\n  strategy { }\n}\n";
    let file = SourceFile::new("t.cxp".to_string(), text);
    let (tree, diags) = syntax::parse(&file);
    let messages: Vec<_> = diags.iter().map(|d| d.message.as_str()).collect();
    assert_eq!(messages, ["unexpected `{` after the value of `purpose`"]);
    assert_eq!(
        shape(text, &tree, &tree.items),
        "programme[currency unit[purpose facing] pay_plan[role metric[weight] base \
         metric[weight class] variable] include strategy[]]"
    );
}
