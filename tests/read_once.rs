//! `check` and `report` read and parse every plan file once, roots and fragments alike,
//! counted where plan bytes are read and where they are parsed (`cxlint::files::trace`):
//! a fragment sorted before its root, one shared by roots in different batches, one that
//! is not a walked input, a plan under its own configuration, one nothing includes.
//! One test in this target, so nothing else runs while the counters are on.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

fn write(root: &Path, name: &str, text: &str) -> PathBuf {
    let path = root.join(name);
    std::fs::create_dir_all(path.parent().expect("parent")).expect("folder");
    std::fs::write(&path, text).expect("write");
    std::fs::canonicalize(&path).expect("real path")
}

fn counts<T: std::hash::Hash + Eq + Clone>(items: &[T]) -> HashMap<T, usize> {
    let mut out = HashMap::new();
    for i in items {
        *out.entry(i.clone()).or_insert(0) += 1;
    }
    out
}

#[test]
fn check_and_report_read_and_parse_each_plan_once() {
    let dir = tempfile::tempdir().expect("temporary folder");
    let root = dir.path();
    // More than a batch (1 MiB) on its own, so the roots after it are in other batches.
    let mut big = String::from("programme \"Big\" {\n  currency = USD\n");
    while big.len() < 1_300_000 {
        big.push_str(&format!(
            "  unit \"Unit {}\" {{ facing = back }}\n",
            big.len()
        ));
    }
    big.push_str("}\n");
    let files = [
        write(root, "a/big.cxp", &big),
        write(root, "a/frag.cxp", "unit \"Desk\" { facing = front }\n"),
        write(
            root,
            "a/main.cxp",
            "programme \"A\" {\n  currency = USD\n  include \"frag.cxp\"\n  include \"shared.cxp\"\n}\n",
        ),
        write(root, "a/shared.cxp", "unit \"Shared\" { facing = back }\n"),
        write(root, "lonely.cxp", "unit \"Nobody\" { facing = back }\n"),
        write(root, "sub/plan.cxp", "programme \"S\" {\n  currency = EUR\n}\n"),
        write(
            root,
            "top.cxp",
            "programme \"T\" {\n  currency = USD\n  include \"a/shared.cxp\"\n  include \"extra/part.inc\"\n}\n",
        ),
        // Not a plan file name, so not an input of the walk: read through the include.
        write(root, "extra/part.inc", "unit \"Part\" { facing = back }\n"),
    ];
    write(root, "sub/cxlint.yaml", "fail_on: never\n");
    let folder = root.display().to_string();
    for command in ["check", "report"] {
        cxlint::files::trace::start();
        let code = cxlint::cli::main_from([
            "cxlint", command, &folder, "--format", "json", "--select", "E013",
        ]);
        let (reads, parses) = cxlint::files::trace::stop();
        assert_eq!(code, 1, "{command}: lonely.cxp is E013");
        let reads: Vec<PathBuf> = reads
            .iter()
            .filter(|p| p.extension().is_some_and(|e| e == "cxp" || e == "inc"))
            .map(|p| std::fs::canonicalize(p).expect("real path"))
            .collect();
        let read = counts(&reads);
        let parsed = counts(
            &parses
                .iter()
                .map(|p| std::fs::canonicalize(p).expect("real path"))
                .collect::<Vec<_>>(),
        );
        for file in &files {
            assert_eq!(
                read.get(file),
                Some(&1),
                "{command}: reads of {}",
                file.display()
            );
            assert_eq!(
                parsed.get(file),
                Some(&1),
                "{command}: parses of {}",
                file.display()
            );
        }
        assert_eq!(reads.len(), files.len(), "{command}: {reads:?}");
        assert_eq!(parses.len(), files.len(), "{command}: {parses:?}");
    }
}
