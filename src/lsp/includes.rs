//! Which open plans include a fragment, so its diagnostics come with the plans that
//! include it.

use super::*;

pub(super) fn is_fragment(text: &str) -> bool {
    let tree = parse(text);
    analysis::top_kind(&tree) == "programme"
}

pub(super) fn include_targets(tree: &ast::File) -> Vec<String> {
    fn walk(tree: &ast::File, items: &[ast::Item], out: &mut Vec<String>) {
        for item in items {
            match item {
                ast::Item::Include(i) => out.push(i.path.clone()),
                ast::Item::Block(b) => walk(tree, tree.items_of(tree.block(*b)), out),
                ast::Item::Attribute(_) => {}
            }
        }
    }
    let mut out = Vec::new();
    walk(tree, &tree.items, &mut out);
    out
}

/// Root files that include `fragment`, directly or through other fragments: plan files
/// in its folder and the folders above it, up to the repository root (includes never
/// leave the root's folder, so a root is always in one of them).
pub(super) fn roots_including(fragment: &Path, docs: &HashMap<String, Doc>) -> Vec<PathBuf> {
    let target =
        std::fs::canonicalize(fragment).unwrap_or_else(|_| crate::files::absolute(fragment));
    let read = |p: &Path| -> String {
        docs.values()
            .find(|d| d.path == p)
            .map(|d| d.text.clone())
            .unwrap_or_else(|| std::fs::read_to_string(p).unwrap_or_default())
    };
    let mut roots = Vec::new();
    let start = target.parent().map(Path::to_path_buf).unwrap_or_default();
    for (depth, dir) in start.ancestors().enumerate() {
        if depth > 8 {
            break;
        }
        let Ok(entries) = std::fs::read_dir(dir) else {
            continue;
        };
        for entry in entries.flatten() {
            let p = entry.path();
            if p.extension().and_then(|e| e.to_str()) != Some("cxp") || p == target {
                continue;
            }
            let text = read(&p);
            if is_fragment(&text) {
                continue;
            }
            if reaches(&p, &target, &read) {
                roots.push(p);
            }
        }
        if dir.join(".git").exists() {
            break;
        }
    }
    roots.sort();
    roots
}

/// Whether `root`'s includes reach `target` (breadth first, bounded).
pub(super) fn reaches(root: &Path, target: &Path, read: &dyn Fn(&Path) -> String) -> bool {
    let mut queue = vec![root.to_path_buf()];
    let mut seen = HashSet::new();
    while let Some(p) = queue.pop() {
        if seen.len() > 200 || !seen.insert(p.clone()) {
            continue;
        }
        let dir = p.parent().map(Path::to_path_buf).unwrap_or_default();
        for written in include_targets(&parse(&read(&p))) {
            let next =
                std::fs::canonicalize(dir.join(&written)).unwrap_or_else(|_| dir.join(&written));
            if next == target {
                return true;
            }
            queue.push(next);
        }
    }
    false
}
