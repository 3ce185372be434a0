//! The acceptance cases about the model (E diagnostics) loaded through `model::build::load`:
//! each must give exactly the E codes its `# expect` comments name, at those lines.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use cxlint::model::build::{load, FileInput};

fn data(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/model")
        .join(rel)
}

/// (file relative to the case, line, code) -> count, from `# expect:` and `# expect-at:`.
fn expectations(path: &Path, rel: &str, out: &mut BTreeMap<(String, usize, String), usize>) {
    let text = String::from_utf8_lossy(&std::fs::read(path).unwrap()).into_owned();
    for (line, code) in cxlint::engine::examples::expectations(&text) {
        if is_e_code(&code) {
            *out.entry((rel.to_string(), line, code)).or_default() += 1;
        }
    }
    for line in text.lines() {
        let mut rest = line;
        while let Some(pos) = rest.find("# expect-at:") {
            rest = &rest[pos + 12..];
            let spec = rest.split_whitespace().next().unwrap_or("");
            if let Some((code, at)) = spec.split_once('@') {
                if is_e_code(code) {
                    let at: usize = at.parse().unwrap();
                    *out.entry((rel.to_string(), at, code.to_string()))
                        .or_default() += 1;
                }
            }
        }
    }
}

fn is_e_code(code: &str) -> bool {
    code.len() == 4 && code.starts_with('E') && code[1..].bytes().all(|b| b.is_ascii_digit())
}

fn loose(path: &Path) -> Vec<String> {
    let Ok(bytes) = std::fs::read(path) else {
        return Vec::new();
    };
    let text = String::from_utf8_lossy(&bytes).into_owned();
    text.lines()
        .filter_map(|l| l.trim().strip_prefix("# loose:"))
        .flat_map(|l| l.split([',', ' ']).map(str::trim).filter(|s| !s.is_empty()))
        .map(str::to_string)
        .collect()
}

fn check_case(case: &Path) -> Result<(), String> {
    let (root, files): (PathBuf, Vec<PathBuf>) = if case.is_dir() {
        let mut files: Vec<PathBuf> = walk(case);
        files.sort();
        (case.to_path_buf(), files)
    } else {
        (
            case.parent().unwrap().to_path_buf(),
            vec![case.to_path_buf()],
        )
    };
    let inputs: Vec<FileInput> = files
        .iter()
        .map(|f| FileInput {
            display: f.strip_prefix(&root).unwrap().display().to_string(),
            path: f.clone(),
        })
        .collect();
    let mut expected = BTreeMap::new();
    for (f, i) in files.iter().zip(&inputs) {
        expectations(f, &i.display, &mut expected);
    }
    let main = if case.is_dir() {
        case.join("main.cxp")
    } else {
        case.to_path_buf()
    };
    let loose = loose(&main);
    let outcome = load(&inputs);
    let mut got = BTreeMap::new();
    for d in &outcome.diagnostics {
        let (line, _) = d.start();
        *got.entry((d.file.path.clone(), line, d.code.to_string()))
            .or_insert(0) += 1;
    }
    let mut problems = Vec::new();
    for (k, n) in &expected {
        let g = got.get(k).copied().unwrap_or(0);
        if g < *n {
            problems.push(format!("missing {} at {}:{}", k.2, k.0, k.1));
        }
    }
    for (k, n) in &got {
        let e = expected.get(k).copied().unwrap_or(0);
        if *n > e && !loose.contains(&k.2) {
            let d = outcome
                .diagnostics
                .iter()
                .find(|d| d.code == k.2 && d.start().0 == k.1)
                .unwrap();
            problems.push(format!(
                "unexpected {} at {}:{}: {}",
                k.2, k.0, k.1, d.message
            ));
        }
    }
    let has_e = !expected.is_empty();
    if !has_e && outcome.programmes.is_empty() {
        problems.push("a clean case gave no programme".into());
    }
    if has_e && !outcome.programmes.is_empty() {
        problems.push("a case with E diagnostics still gave a programme".into());
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(format!("{}:\n  {}", case.display(), problems.join("\n  ")))
    }
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            out.extend(walk(&p));
        } else if p.extension().is_some_and(|e| e == "cxp") {
            out.push(p);
        }
    }
    out
}

#[test]
fn acceptance_cases_give_their_e_diagnostics() {
    let dir = data("acceptance");
    let mut cases: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    cases.sort();
    let failures: Vec<String> = cases.iter().filter_map(|c| check_case(c).err()).collect();
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn examples_load_without_diagnostics() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut cases = vec![data("spec-example.cxp")];
    for e in std::fs::read_dir(root.join("examples")).unwrap() {
        cases.push(e.unwrap().path());
    }
    let failures: Vec<String> = cases.iter().filter_map(|c| check_case(c).err()).collect();
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
