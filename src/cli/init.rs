//! `cxlint init [DIR]`: a commented starter programme and `cxlint.yaml`. Never
//! overwrites an existing file.

use std::path::PathBuf;

use super::{InitArgs, OK, TROUBLE};

const PROGRAMME: &str = include_str!("../starter.cxp");
const CONFIG: &str = include_str!("../starter.yaml");

pub fn run(a: InitArgs) -> i32 {
    let dir = a.dir.unwrap_or_else(|| PathBuf::from("."));
    if let Err(e) = std::fs::create_dir_all(&dir) {
        eprintln!("cxlint: cannot create {}: {e}", dir.display());
        return TROUBLE;
    }
    let files = [("programme.cxp", PROGRAMME), ("cxlint.yaml", CONFIG)];
    let existing: Vec<String> = files
        .iter()
        .map(|(n, _)| dir.join(n))
        .filter(|p| p.exists())
        .map(|p| p.display().to_string())
        .collect();
    if !existing.is_empty() {
        let verb = if existing.len() == 1 {
            "exists"
        } else {
            "exist"
        };
        eprintln!(
            "cxlint: {} already {verb}; init writes nothing over existing files",
            existing.join(" and ")
        );
        return TROUBLE;
    }
    for (name, text) in files {
        let path = dir.join(name);
        // create_new: fails rather than replace a file that appeared meanwhile.
        let result = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path)
            .and_then(|mut f| std::io::Write::write_all(&mut f, text.as_bytes()));
        if let Err(e) = result {
            eprintln!("cxlint: cannot write {}: {e}", path.display());
            return TROUBLE;
        }
        outln!("wrote {}", path.display());
    }
    OK
}
