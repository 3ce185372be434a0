//! Includes: splicing, path checks, cycles, fragments shared by roots, orphans, and
//! files that cannot be read.

use std::path::{Path, PathBuf};

use cxlint::model::build::{load, FileInput, Outcome};

fn write(dir: &Path, rel: &str, text: &str) -> PathBuf {
    let p = dir.join(rel);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(&p, text).unwrap();
    p
}

fn input(dir: &Path, rel: &str) -> FileInput {
    FileInput {
        display: rel.to_string(),
        path: dir.join(rel),
    }
}

/// (file, line, code) of every diagnostic.
fn found(out: &Outcome) -> Vec<(String, usize, String)> {
    out.diagnostics
        .iter()
        .map(|d| (d.file.path.clone(), d.start().0, d.code.to_string()))
        .collect()
}

fn t(file: &str, line: usize, code: &str) -> (String, usize, String) {
    (file.to_string(), line, code.to_string())
}

const UNITS: &str =
    "unit \"Top\" { facing = back }\nunit \"Sales\" {\n  parent = \"Top\"\n  facing = front\n}\n";

#[test]
fn fragments_are_spliced_in_place() {
    let d = tempfile::tempdir().unwrap();
    write(
        d.path(),
        "main.cxp",
        "programme \"P\" {\n  currency = USD\n  include \"org/units.cxp\"\n}\n",
    );
    write(d.path(), "org/units.cxp", UNITS);
    let out = load(&[
        input(d.path(), "main.cxp"),
        input(d.path(), "org/units.cxp"),
    ]);
    assert!(out.diagnostics.is_empty(), "{:?}", found(&out));
    assert_eq!(out.programmes.len(), 1);
    let p = &out.programmes[0];
    assert_eq!(p.files.len(), 2);
    assert_eq!(p.children_of_kind(0, "unit").count(), 2);
    let sales = p.children_of_kind(0, "unit").nth(1).unwrap();
    assert_eq!(sales.header.file, 1);
    assert_eq!(out.files.len(), 2);
}

#[test]
fn problems_in_a_fragment_point_into_it() {
    let d = tempfile::tempdir().unwrap();
    write(
        d.path(),
        "main.cxp",
        "programme \"P\" {\n  currency = USD\n  include \"units.cxp\"\n}\n",
    );
    write(
        d.path(),
        "units.cxp",
        "unit \"Top\" {\n  facing = sideways\n}\n",
    );
    // The fragment is not given: it is found through the include.
    let out = load(&[input(d.path(), "main.cxp")]);
    assert_eq!(found(&out), vec![t("units.cxp", 2, "E004")]);
    assert!(out.programmes.is_empty());
    assert_eq!(out.files.len(), 2);
}

#[test]
fn missing_outside_and_absolute_includes() {
    let d = tempfile::tempdir().unwrap();
    let root = d.path().join("root");
    write(d.path(), "outside.cxp", UNITS);
    write(
        &root,
        "main.cxp",
        "programme \"P\" {\n  currency = USD\n  include \"nope.cxp\"\n  include \"../outside.cxp\"\n  include \"/etc/passwd\"\n}\n",
    );
    let out = load(&[input(&root, "main.cxp")]);
    assert_eq!(
        found(&out),
        vec![
            t("main.cxp", 3, "E011"),
            t("main.cxp", 4, "E011"),
            t("main.cxp", 5, "E011")
        ]
    );
    assert!(out.diagnostics[1].message.contains("outside"));
}

#[test]
fn dot_dot_inside_the_root_folder_is_fine() {
    let d = tempfile::tempdir().unwrap();
    write(
        d.path(),
        "main.cxp",
        "programme \"P\" {\n  currency = USD\n  include \"a/one.cxp\"\n}\n",
    );
    write(d.path(), "a/one.cxp", "include \"../b/two.cxp\"\n");
    write(d.path(), "b/two.cxp", UNITS);
    let out = load(&[input(d.path(), "main.cxp")]);
    assert!(out.diagnostics.is_empty(), "{:?}", found(&out));
    assert_eq!(out.programmes.len(), 1);
}

#[cfg(unix)]
#[test]
fn a_symlink_cannot_escape_the_root_folder() {
    let d = tempfile::tempdir().unwrap();
    let root = d.path().join("root");
    write(d.path(), "secret/units.cxp", UNITS);
    write(
        &root,
        "main.cxp",
        "programme \"P\" {\n  currency = USD\n  include \"link/units.cxp\"\n}\n",
    );
    std::os::unix::fs::symlink(d.path().join("secret"), root.join("link")).unwrap();
    let out = load(&[input(&root, "main.cxp")]);
    assert_eq!(found(&out), vec![t("main.cxp", 3, "E011")]);
}

/// A path that climbs out of the root's folder as written and back in through a link
/// reaches a file inside, but would show it outside (and out of the order findings are
/// printed in): refused like a file outside.
#[cfg(unix)]
#[test]
fn an_include_path_may_not_climb_out_and_back_through_a_link() {
    let d = tempfile::tempdir().unwrap();
    let plans = d.path().join("plans");
    write(&plans, "a/sub/units.cxp", UNITS);
    write(
        &plans,
        "a/main.cxp",
        "programme \"P\" {\n  currency = USD\n  include \"../b/units.cxp\"\n}\n",
    );
    std::os::unix::fs::symlink(plans.join("a/sub"), plans.join("b")).unwrap();
    let main = FileInput {
        display: "plans/a/main.cxp".into(),
        path: plans.join("a/main.cxp"),
    };
    let out = load(std::slice::from_ref(&main));
    assert_eq!(found(&out), vec![t("plans/a/main.cxp", 3, "E011")]);
    assert!(out.diagnostics[0].message.contains("outside"));
    // Written inside, the same file is fine.
    write(
        &plans,
        "a/main.cxp",
        "programme \"P\" {\n  currency = USD\n  include \"sub/../sub/units.cxp\"\n}\n",
    );
    assert_eq!(found(&load(&[main])), vec![]);
}

#[test]
fn include_cycle_is_reported_where_it_closes() {
    let d = tempfile::tempdir().unwrap();
    write(
        d.path(),
        "main.cxp",
        "programme \"P\" {\n  currency = USD\n  include \"a.cxp\"\n}\n",
    );
    write(
        d.path(),
        "a.cxp",
        "unit \"Top\" { facing = back }\ninclude \"b.cxp\"\n",
    );
    write(d.path(), "b.cxp", "# b\ninclude \"a.cxp\"\n");
    let out = load(&[input(d.path(), "main.cxp")]);
    assert_eq!(found(&out), vec![t("b.cxp", 2, "E011")]);
    assert!(out.diagnostics[0].message.contains("cycle"));
    // Including the root itself is a cycle too.
    write(
        d.path(),
        "self.cxp",
        "programme \"Q\" {\n  currency = USD\n  include \"self.cxp\"\n}\n",
    );
    let out = load(&[input(d.path(), "self.cxp")]);
    assert_eq!(found(&out), vec![t("self.cxp", 3, "E011")]);
}

#[test]
fn a_fragment_shared_by_two_roots_reports_once() {
    let d = tempfile::tempdir().unwrap();
    for name in ["one", "two"] {
        write(
            d.path(),
            &format!("{name}.cxp"),
            &format!("programme \"{name}\" {{\n  currency = USD\n  include \"shared.cxp\"\n}}\n"),
        );
    }
    write(
        d.path(),
        "shared.cxp",
        "unit \"Top\" {\n  facing = back\n  colour = 1\n}\n",
    );
    let out = load(&[
        input(d.path(), "one.cxp"),
        input(d.path(), "shared.cxp"),
        input(d.path(), "two.cxp"),
    ]);
    assert_eq!(found(&out), vec![t("shared.cxp", 3, "E002")]);
    assert!(out.programmes.is_empty());
    assert_eq!(out.files.len(), 3);
}

#[test]
fn syntax_errors_in_a_fragment_block_its_root() {
    let d = tempfile::tempdir().unwrap();
    write(
        d.path(),
        "main.cxp",
        "programme \"P\" {\n  currency = USD\n  include \"bad.cxp\"\n}\n",
    );
    write(d.path(), "bad.cxp", "unit \"Top\" {\n  facing back\n}\n");
    let out = load(&[input(d.path(), "main.cxp"), input(d.path(), "bad.cxp")]);
    assert!(found(&out)
        .iter()
        .all(|(f, _, c)| f == "bad.cxp" && c == "E001"));
    assert!(!out.diagnostics.is_empty());
    assert!(out.programmes.is_empty());
}

#[test]
fn orphan_fragments_and_files_with_two_programmes() {
    let d = tempfile::tempdir().unwrap();
    write(
        d.path(),
        "orphan.cxp",
        "# nobody includes me\nunit \"A\" { facing = back }\n",
    );
    write(
        d.path(),
        "two.cxp",
        "programme \"A\" { currency = USD }\nprogramme \"B\" { currency = USD }\n",
    );
    let out = load(&[input(d.path(), "orphan.cxp"), input(d.path(), "two.cxp")]);
    assert_eq!(
        found(&out),
        vec![t("orphan.cxp", 1, "E013"), t("two.cxp", 1, "E013")]
    );
    assert!(out.programmes.is_empty());
}

#[test]
fn including_a_programme_or_the_same_file_twice() {
    let d = tempfile::tempdir().unwrap();
    write(
        d.path(),
        "main.cxp",
        "programme \"P\" {\n  currency = USD\n  include \"other.cxp\"\n  include \"units.cxp\"\n  include \"./units.cxp\"\n}\n",
    );
    write(
        d.path(),
        "other.cxp",
        "programme \"O\" { currency = USD }\n",
    );
    write(d.path(), "units.cxp", UNITS);
    let out = load(&[input(d.path(), "main.cxp")]);
    assert_eq!(
        found(&out),
        vec![t("main.cxp", 3, "E011"), t("main.cxp", 5, "E011")]
    );
}

#[test]
fn deep_include_chains_stop() {
    let d = tempfile::tempdir().unwrap();
    write(
        d.path(),
        "main.cxp",
        "programme \"P\" {\n  currency = USD\n  include \"f0.cxp\"\n}\n",
    );
    for i in 0..40 {
        write(
            d.path(),
            &format!("f{i}.cxp"),
            &format!("include \"f{}.cxp\"\n", i + 1),
        );
    }
    write(d.path(), "f40.cxp", "");
    let out = load(&[input(d.path(), "main.cxp")]);
    let f = found(&out);
    assert_eq!(f.len(), 1, "{f:?}");
    assert_eq!(f[0].2, "E011");
}

#[test]
fn unreadable_paths_do_not_stop_the_others() {
    let d = tempfile::tempdir().unwrap();
    write(d.path(), "ok.cxp", "programme \"P\" { currency = USD }\n");
    let out = load(&[input(d.path(), "missing.cxp"), input(d.path(), "ok.cxp")]);
    assert_eq!(out.unreadable.len(), 1);
    assert_eq!(out.unreadable[0].0, "missing.cxp");
    assert_eq!(out.programmes.len(), 1);
}

#[test]
fn bytes_that_are_not_text() {
    let d = tempfile::tempdir().unwrap();
    std::fs::write(
        d.path().join("nul.cxp"),
        b"programme \"P\" {\n  currency = USD\0\n}\n",
    )
    .unwrap();
    std::fs::write(
        d.path().join("bad.cxp"),
        b"programme \"P\" {\n\n  x = \"\xff\"\n}\n",
    )
    .unwrap();
    let out = load(&[input(d.path(), "nul.cxp"), input(d.path(), "bad.cxp")]);
    assert_eq!(
        found(&out),
        vec![t("bad.cxp", 3, "E014"), t("nul.cxp", 2, "E014")]
    );
    let nul = &out.diagnostics[1];
    assert!(
        nul.message.contains("binary") && nul.message.contains("32"),
        "{}",
        nul.message
    );
    assert!(
        out.diagnostics[0].message.contains("24"),
        "{}",
        out.diagnostics[0].message
    );
    assert!(out.programmes.is_empty());
}

/// A reader that fails the test on any access: behind the documents, it proves that
/// linting from memory never touches the disk.
struct NoDisk;

impl cxlint::files::Reader for NoDisk {
    fn canonicalize(&self, path: &Path) -> std::io::Result<PathBuf> {
        panic!("the disk was asked for {}", path.display())
    }
    fn read(&self, path: &Path, _: u64) -> Result<cxlint::limits::Bounded, String> {
        panic!("the disk was read for {}", path.display())
    }
    fn head(&self, path: &Path, _: u64) -> Vec<u8> {
        panic!("the disk was read for {}", path.display())
    }
}

/// A programme split across files is linted entirely from memory (what an editor and
/// the browser build do), with the same diagnostics as the same files on disk.
#[test]
fn a_programme_with_includes_lints_from_memory() {
    use cxlint::engine::RuleSet;
    use cxlint::lint::{self, Options, Scope};
    let root = "programme \"Split\" {\n  currency = USD\n  include \"parts/org.cxp\"\n  include \"parts/pay.cxp\"\n}\n";
    let org = "unit \"Sales\" { facing = front }\nunit \"Ops\" { facing = nowhere }\n";
    let pay = "pay_plan \"Quota\" {\n  applies_to = \"Sales\"\n  metric \"Bookings\" { type = revenue  weight = 100% }\n}\n";
    // Paths that exist nowhere on disk.
    let base = "/nonexistent-cxlint-memory-test/plans";
    let (r, o, p) = (
        format!("{base}/main.cxp"),
        format!("{base}/parts/org.cxp"),
        format!("{base}/parts/pay.cxp"),
    );
    let documents: Vec<(&str, &[u8])> = vec![
        (r.as_str(), root.as_bytes()),
        (o.as_str(), org.as_bytes()),
        (p.as_str(), pay.as_bytes()),
    ];
    let rules = RuleSet::builtin();
    let config = cxlint::config::Config::default();
    let opts = Options::as_of(cxlint::value::Date::new(2027, 1, 1).unwrap());
    let scope = Scope {
        rules: &rules,
        config: &config,
    };
    let memory = lint::run_documents(&documents, &NoDisk, scope, &opts);
    let key = |d: &cxlint::diagnostic::Diagnostic| {
        let file = d
            .file
            .path
            .rsplit("plans/")
            .next()
            .unwrap_or("")
            .to_string();
        (file, d.start(), d.code.clone(), d.message.clone())
    };
    let from_memory: Vec<_> = memory.diagnostics.iter().map(key).collect();
    assert!(
        from_memory
            .iter()
            .any(|k| k.0 == "parts/org.cxp" && k.2 == "E004"),
        "{from_memory:?}"
    );
    assert_eq!(memory.files, 3);

    // Only the root given, with nothing behind it: the fragments are missing (E011).
    let only_root = lint::run_documents(&documents[..1], &cxlint::files::Nowhere, scope, &opts);
    assert!(
        only_root.diagnostics.iter().any(|d| d.code == "E011"),
        "{:?}",
        only_root.diagnostics
    );

    let dir = tempfile::tempdir().unwrap();
    let paths = [
        write(dir.path(), "plans/main.cxp", root),
        write(dir.path(), "plans/parts/org.cxp", org),
        write(dir.path(), "plans/parts/pay.cxp", pay),
    ];
    let inputs: Vec<FileInput> = paths
        .iter()
        .map(|p| FileInput {
            display: p.display().to_string(),
            path: p.clone(),
        })
        .collect();
    let disk = lint::run(&inputs, &rules, &config, &opts);
    let from_disk: Vec<_> = disk.diagnostics.iter().map(key).collect();
    assert_eq!(from_memory, from_disk);
}
