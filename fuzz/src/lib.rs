//! Checks shared by the fuzz targets: span invariants and tree comparison without spans.

use std::ops::Range;
use std::sync::Arc;

use cxlint::diagnostic::Diagnostic;
use cxlint::source::SourceFile;
use cxlint::syntax::ast::{File, Item, Value, ValueKind};

/// Decode fuzzed bytes the way the linter does; `None` when the bytes are not text (the
/// linter reports E014 and never parses them).
pub fn text_of(bytes: &[u8]) -> Option<String> {
    cxlint::source::decode(bytes).ok()
}

/// Parse `text` as `t.cxp`.
pub fn parse(text: &str) -> (Arc<SourceFile>, File, Vec<Diagnostic>) {
    let file = SourceFile::new("t.cxp", text);
    let (tree, diags) = cxlint::syntax::parse(&file);
    (file, tree, diags)
}

/// Panics unless `span` lies inside `text` and starts and ends on character boundaries.
pub fn assert_span(text: &str, span: &Range<usize>, what: &str) {
    assert!(
        span.start <= span.end
            && span.end <= text.len()
            && text.is_char_boundary(span.start)
            && text.is_char_boundary(span.end),
        "{what} span {span:?} is outside the text or off a character boundary (text of {} bytes)",
        text.len()
    );
}

/// Every diagnostic's span lies inside `text` on character boundaries, and points into
/// the file that was parsed.
pub fn assert_diagnostics(text: &str, diags: &[Diagnostic]) {
    for d in diags {
        assert_span(
            text,
            &d.span,
            &format!("diagnostic {} ({})", d.code, d.message),
        );
        assert!(
            !d.message.is_empty(),
            "diagnostic {} has no message",
            d.code
        );
        // Line and column must be computable for every diagnostic.
        let _ = d.start();
        let _ = d.end();
    }
}

/// Every span of the tree lies inside `text` on character boundaries.
pub fn assert_tree(text: &str, tree: &File, items: &[Item]) {
    for item in items {
        match item {
            Item::Block(b) => {
                let b = tree.block(*b);
                assert_span(text, &b.span, "block");
                assert_span(text, &b.header, "block header");
                assert_span(text, &b.kind.span, "block kind");
                if let Some(l) = &b.label {
                    assert_span(text, &l.span, "label");
                }
                assert_tree(text, tree, tree.items_of(b));
            }
            Item::Attribute(a) => {
                assert_span(text, &a.span(), "attribute");
                assert_span(text, &a.key.span, "key");
                assert_value(text, &a.value);
            }
            Item::Include(i) => {
                assert_span(text, &i.span, "include");
                assert_span(text, &i.path_span, "include path");
            }
        }
    }
}

fn assert_value(text: &str, v: &Value) {
    assert_span(text, &v.span, "value");
    if let ValueKind::List(items) = &v.kind {
        for i in items {
            assert_value(text, i);
        }
    }
}

/// What an item of a tree says, spans aside, with a block's items inside it: two trees
/// compare by meaning alone, however their blocks are laid out.
#[derive(Debug, Clone, PartialEq)]
pub enum Shape {
    Block {
        kind: String,
        label: Option<String>,
        items: Vec<Shape>,
    },
    /// An attribute or an include, every span set to `0..0`.
    Item(Item),
}

/// The top-level items of the tree as [`Shape`]s.
pub fn without_spans(file: &File) -> Vec<Shape> {
    shapes(file, &file.items)
}

fn shapes(file: &File, items: &[Item]) -> Vec<Shape> {
    items
        .iter()
        .map(|i| match i {
            Item::Block(b) => {
                let b = file.block(*b);
                Shape::Block {
                    kind: b.kind.name.to_string(),
                    label: b.label.as_ref().map(|l| l.value.to_string()),
                    items: shapes(file, file.items_of(b)),
                }
            }
            Item::Attribute(a) => {
                let mut a = a.clone();
                a.key.span = 0..0;
                clear_value(&mut a.value);
                Shape::Item(Item::Attribute(a))
            }
            Item::Include(inc) => {
                let mut inc = inc.clone();
                inc.span = 0..0;
                inc.path_span = 0..0;
                Shape::Item(Item::Include(inc))
            }
        })
        .collect()
}

fn clear_value(v: &mut Value) {
    v.span = 0..0;
    if let ValueKind::List(items) = &mut v.kind {
        items.iter_mut().for_each(clear_value);
    }
}

/// Each comment with what gives it meaning: whether it stands on its own line (an allow
/// comment on its own line covers the next block, at the end of a line that line) and
/// the blocks around it (kind and label, outermost first). Formatting keeps all three.
pub fn comment_places(text: &str, tree: &File) -> Vec<(String, bool, Vec<String>)> {
    cxlint::syntax::comments(text)
        .into_iter()
        .map(|(start, own_line, c)| {
            let mut path = Vec::new();
            let mut items = &tree.items[..];
            'descend: loop {
                for i in items {
                    if let Item::Block(b) = i {
                        let b = tree.block(*b);
                        if b.span.start < start && start < b.span.end {
                            let label = b.label.as_ref().map(|l| l.value.as_str());
                            path.push(format!("{} {:?}", b.kind.name, label));
                            items = tree.items_of(b);
                            continue 'descend;
                        }
                    }
                }
                break;
            }
            (c.trim_end().to_string(), own_line, path)
        })
        .collect()
}

/// Fragments the `check` target's plans may include (`include "org/units.cxp"`).
const FRAGMENTS: &[(&str, &str)] = &[
    (
        "org/units.cxp",
        "unit \"Company\" { facing = back }\nunit \"Sales\" {\n  parent = \"Company\"\n  facing = front\n}\n",
    ),
    (
        "pay/sales.cxp",
        "pay_plan \"Quota\" {\n  applies_to = \"Sales\"\n  metric \"Bookings\" { type = revenue  weight = 100% }\n}\n",
    ),
    ("broken.cxp", "unit \"B\" { facing = \n"),
];

/// The path under which the `check` target loads its plan: `t.cxp` in a folder made once
/// per run, holding [`FRAGMENTS`] and nothing else, so includes read only those.
pub fn plan_path() -> String {
    static DIR: std::sync::OnceLock<std::path::PathBuf> = std::sync::OnceLock::new();
    let dir = DIR.get_or_init(|| {
        let dir = std::env::temp_dir().join("cxlint-fuzz-plans");
        for (path, text) in FRAGMENTS {
            let path = dir.join(path);
            if let Some(parent) = path.parent() {
                let _ = std::fs::create_dir_all(parent);
            }
            let _ = std::fs::write(path, text);
        }
        dir
    });
    dir.join("t.cxp").to_string_lossy().into_owned()
}

/// The built-in rules, loaded once per run.
pub fn builtin() -> &'static cxlint::engine::RuleSet {
    static RULES: std::sync::OnceLock<cxlint::engine::RuleSet> = std::sync::OnceLock::new();
    RULES.get_or_init(cxlint::engine::RuleSet::builtin)
}

/// Evaluate every rule of `rules`, each at its default severity and parameters, on
/// `programme`; also compute the scorecard.
pub fn evaluate_with(
    rules: &cxlint::engine::RuleSet,
    programme: &cxlint::model::Programme,
) -> Vec<Diagnostic> {
    let settings = |code: &str| {
        rules
            .rules()
            .iter()
            .find(|r| r.code == code)
            .map(|r| cxlint::engine::RuleSettings {
                severity: r.severity,
                params: Default::default(),
            })
    };
    let diags = rules.evaluate(programme, &settings);
    let _ = rules.scorecard(programme);
    diags
}

/// Evaluate the built-in rules on `programme` (see [`evaluate_with`]).
pub fn evaluate(programme: &cxlint::model::Programme) -> Vec<Diagnostic> {
    evaluate_with(builtin(), programme)
}

/// A programme that sets off many rules, for evaluating fuzzed rules on.
pub fn sample_programme() -> &'static cxlint::model::Programme {
    static PROGRAMME: std::sync::OnceLock<cxlint::model::Programme> = std::sync::OnceLock::new();
    PROGRAMME.get_or_init(|| {
        let mut outcome = cxlint::model::build::load_text("sample.cxp", SAMPLE);
        assert!(
            outcome.diagnostics.is_empty(),
            "the sample programme does not load: {}",
            outcome.diagnostics[0].message
        );
        outcome.programmes.remove(0)
    })
}

const SAMPLE: &str = include_str!("../../examples/saas-growth.cxp");

/// The value of a top-level `key: value` line of a YAML text, or `x` when there is none.
pub fn yaml_field<'a>(text: &'a str, key: &str) -> &'a str {
    text.lines()
        .find_map(|l| l.strip_prefix(key)?.strip_prefix(':'))
        .map(|v| v.trim().trim_matches(['"', '\'']))
        .filter(|v| !v.is_empty() && !v.contains(['/', '\\']))
        .unwrap_or("x")
}

/// The definitions the built-in rules use, so a built-in rule file loads as a seed.
pub const BUILTIN_DEFINITIONS: &str = include_str!("../../rules/definitions.yaml");
