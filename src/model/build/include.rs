//! Following `include`s (E011): paths, depth, cycles, fragments spliced once.

use super::*;

impl Builder<'_> {
    pub(super) fn include(&mut self, inc: &ast::Include, file: usize, open: &mut Open) {
        let id = open.id;
        let e = |b: &mut Self, message: String, help: Option<String>| {
            b.error(Code::E011, file, inc.span.clone(), id, message, help);
        };
        let written = inc.path.as_str();
        let path = Path::new(written);
        if path.is_absolute() || written.starts_with('/') || written.starts_with('\\') {
            e(
                self,
                format!(
                    "cannot include \"{written}\": include paths must be relative, not absolute"
                ),
                Some("write the path relative to this file".into()),
            );
            return;
        }
        let max_depth = self.cache.limits.include_depth;
        if self.stack.len() > max_depth {
            e(
                self,
                format!("cannot include \"{written}\": includes nest more than {max_depth} deep"),
                Some(format!(
                    "include the files from fewer levels, or raise limits.include_depth in cxlint.yaml (at most {})",
                    limits::INCLUDE_DEPTH.ceiling
                )),
            );
            return;
        }
        let max_includes = self.cache.limits.includes;
        if self.include_count >= max_includes {
            e(
                self,
                format!("cannot include \"{written}\": a programme may follow at most {max_includes} includes"),
                Some(format!(
                    "join fragments into fewer files, or raise limits.includes in cxlint.yaml (at most {})",
                    limits::thousands(limits::INCLUDES.ceiling)
                )),
            );
            return;
        }
        self.include_count += 1;
        let (Some(dir), Some(root_dir)) = (self.dirs[file].clone(), self.root_dir.clone()) else {
            e(
                self,
                format!("cannot include \"{written}\": this text was not read from a file"),
                None,
            );
            return;
        };
        let display = join_display(&self.files[file].path, written);
        let canonical = match self.cache.reader.canonicalize(&dir.join(path)) {
            Ok(c) => c,
            Err(_) => {
                e(
                    self,
                    format!("cannot include \"{written}\": there is no such file (looked for {display})"),
                    Some("check the path: it is relative to the file that holds the include".into()),
                );
                return;
            }
        };
        // The path as written must stay in the root's folder too, not only the file it
        // leads to: a path that climbs out and back through a link would name the fragment
        // outside the folder (and out of the order the run's output is sorted in).
        if !canonical.starts_with(&root_dir)
            || !display.starts_with(&folder_of(&self.files[0].path))
        {
            e(
                self,
                format!(
                    "cannot include \"{written}\": it is outside the folder of the root file {}",
                    self.files[0].path
                ),
                Some("included files must sit in the root file's folder or below it".into()),
            );
            return;
        }
        if let Some(pos) = self.stack.iter().position(|p| *p == canonical) {
            let mut chain: Vec<String> = self.stack[pos..]
                .iter()
                .map(|p| self.display_of(p))
                .collect();
            chain.push(self.display_of(&canonical));
            e(
                self,
                format!("include cycle: {}", chain.join(" includes ")),
                Some("remove one of the includes so no file includes itself".into()),
            );
            return;
        }
        if let Some(first) = self.included_at.get(&canonical).cloned() {
            let line = self.line_of(&first);
            let place = self.place(&first, file);
            e(
                self,
                format!("\"{written}\" is already included (line {line}{place})"),
                Some("include each file once".into()),
            );
            return;
        }
        let loaded = match self.cache.get_or_read(&canonical, &display) {
            Ok(l) => l,
            Err(reason) => {
                e(
                    self,
                    format!("cannot include \"{written}\": {reason}"),
                    None,
                );
                return;
            }
        };
        if loaded.programmes > 0 {
            e(
                self,
                format!("cannot include \"{written}\": it holds a programme of its own"),
                Some(
                    "a fragment holds only the items to splice in, with no programme block".into(),
                ),
            );
            return;
        }
        self.included_at
            .insert(canonical.clone(), self.loc(file, &inc.span));
        self.diags.extend(loaded.diags.iter().cloned());
        let Some(tree) = &loaded.ast else {
            return;
        };
        let idx = self.files.len();
        self.allows.extend(loaded.allows.iter().cloned());
        self.files.push(loaded.file.clone());
        self.dirs.push(loaded.dir.clone());
        self.canon.push(Some(canonical.clone()));
        self.stack.push(canonical);
        self.nodes.reserve(tree.blocks.len());
        self.items(tree, &tree.items, idx, open);
        self.stack.pop();
    }

    pub(super) fn display_of(&self, canonical: &Path) -> String {
        self.canon
            .iter()
            .position(|c| c.as_deref() == Some(canonical))
            .map(|i| self.files[i].path.clone())
            .unwrap_or_else(|| canonical.display().to_string())
    }
}

/// The folder of a plan as its fragments' paths start: `plans/a/main.cxp` -> `plans/a/`,
/// `main.cxp` -> `` (written the way [`join_display`] writes paths, so every fragment a
/// root can include has a path that starts with it).
pub fn folder_of(display: &str) -> String {
    // A plain path (no `.`, `..` or empty step, `/` between steps) is its own folder up
    // to its last `/`: no path to build. Asked for every input, several times a run.
    let steps = display.strip_prefix('/').unwrap_or(display);
    let plain = std::path::MAIN_SEPARATOR == '/'
        && steps
            .split('/')
            .all(|step| !matches!(step, "" | "." | ".."));
    if plain {
        return display[..display.rfind('/').map_or(0, |at| at + 1)].to_string();
    }
    let mut joined = join_display(display, "x");
    joined.pop();
    joined
}

/// `dir/of/including.cxp` + `pay/sales.cxp` -> `dir/of/pay/sales.cxp`, lexically.
pub(super) fn join_display(including: &str, written: &str) -> String {
    let base = Path::new(including).parent().unwrap_or(Path::new(""));
    let joined = base.join(written);
    let mut parts: Vec<Component> = Vec::new();
    for c in joined.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => match parts.last() {
                Some(Component::Normal(_)) => {
                    parts.pop();
                }
                _ => parts.push(c),
            },
            other => parts.push(other),
        }
    }
    let p: PathBuf = parts.iter().collect();
    p.to_string_lossy().into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_paths_join_lexically() {
        assert_eq!(join_display("./main.cxp", "org/units.cxp"), "org/units.cxp");
        assert_eq!(join_display("a/main.cxp", "../b/x.cxp"), "b/x.cxp");
        assert_eq!(join_display("main.cxp", "./x.cxp"), "x.cxp");
        assert_eq!(folder_of("plans/a/main.cxp"), "plans/a/");
        assert_eq!(folder_of("./main.cxp"), "");
    }

    /// A plain path's folder, read off its text, is the one a lexical join gives.
    #[test]
    fn plain_folders_are_those_of_a_join() {
        let by_join = |display: &str| {
            let mut joined = join_display(display, "x");
            joined.pop();
            joined
        };
        for display in [
            "main.cxp",
            "a/main.cxp",
            "plans/a/b/main.cxp",
            "/abs/plans/main.cxp",
            "/main.cxp",
            "./main.cxp",
            "a/./main.cxp",
            "a/../b/main.cxp",
            "../main.cxp",
            "a//main.cxp",
            "a/b/",
            "",
            ".",
            "..",
            "a/..",
            "//x/main.cxp",
            "a b/é/main.cxp",
        ] {
            assert_eq!(folder_of(display), by_join(display), "{display:?}");
        }
        assert_eq!(folder_of("main.cxp"), "");
        assert_eq!(folder_of("../b/main.cxp"), "../b/");
    }
}
