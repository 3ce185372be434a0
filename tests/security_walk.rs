//! The search for each plan's configuration costs a few filesystem queries per folder,
//! whatever the depth of the tree (docs/security.md, "Bounded time and memory").
//! Measured by `resolve::filesystem_queries`, a count that does not depend on the
//! machine; it is process-wide, so this file holds one test.

use std::cell::RefCell;
use std::path::Path;

use cxlint::resolve::{filesystem_queries, Resolver};

/// Queries made finding the configuration of every folder of a chain `depth` folders
/// deep, with a plan at the bottom, as `cxlint check` walks it (src/cli/plans.rs
/// `gather`), under a configuration that excludes a folder or not.
fn queries(depth: usize, exclude: bool) -> u64 {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let mut bottom = dir.path().join("top");
    for _ in 0..depth {
        bottom.push("d");
    }
    std::fs::create_dir_all(&bottom).expect("folders");
    std::fs::write(bottom.join("plan.cxp"), "programme \"P\" {\n}\n").expect("a plan");
    if exclude {
        std::fs::write(
            dir.path().join("cxlint.yaml"),
            "exclude: [\"elsewhere/**\"]\n",
        )
        .expect("a configuration");
    }
    let resolver = RefCell::new(Resolver::new(None, &[]));
    let before = filesystem_queries();
    let root = dir.path().join("top").display().to_string();
    let found = cxlint::walk::find(&[root], &|path: &Path, is_dir: bool| {
        resolver.borrow_mut().excludes(path, is_dir)
    });
    assert_eq!(found.files.len(), 1);
    filesystem_queries() - before
}

/// Issue: directory depth was cubic (1,000 levels 4 s, 2,500 levels 38 s): every folder
/// was searched up to the root, and every path resolved, even without `exclude`.
#[test]
fn a_deep_tree_costs_in_proportion_to_its_depth() {
    for exclude in [false, true] {
        let (small, large) = (queries(150, exclude), queries(600, exclude));
        assert!(small > 0);
        assert!(
            large <= small * 5,
            "filesystem queries: {small} for 150 levels, {large} for 600 (exclude: {exclude})"
        );
    }
}
