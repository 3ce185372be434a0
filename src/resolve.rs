//! Which configuration applies to a plan: the nearest `cxlint.yaml` in the plan's folder
//! or above it, stopping at the repository root (the first folder that holds `.git`),
//! or the one file given with `--config`. Configurations never merge: each one found is
//! loaded once, with its own rule packs, and every plan under it is linted with it.

use crate::Map;
use std::path::{Path, PathBuf};

use crate::config::{self, Config, FILE_NAME};
use crate::diagnostic::Diagnostic;
use crate::engine::RuleSet;
use crate::lint::Scope;

/// One configuration in force: the rules it loads and its settings.
pub struct Setting {
    pub rules: RuleSet,
    pub config: Config,
}

impl Setting {
    pub fn scope(&self) -> Scope<'_> {
        Scope {
            rules: &self.rules,
            config: &self.config,
        }
    }
}

/// What the search for a plan's configuration found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Found {
    /// A configuration file to read (the path where it was found, links not followed).
    File(PathBuf),
    /// A configuration file that is not read, and why (a link leading outside the
    /// repository, something that is not a regular file).
    Refused(PathBuf, String),
    /// None: the built-in defaults apply.
    None,
}

/// The configuration that applies to plans in `dir`: the nearest `cxlint.yaml` from
/// `dir` up to the repository root (the first folder holding `.git`; without one, the
/// filesystem root). A `cxlint.yaml` that is a symbolic link is read only when its
/// target lies inside the repository (or, outside any repository, inside its own
/// folder). Outside any repository, a `cxlint.yaml` (and the file a link leads to) is
/// read only when it belongs to the user running cxlint or to root: in a folder others
/// may write (`/tmp`), another user could otherwise turn the checks off.
pub fn discover(dir: &Path) -> Found {
    Search::default().discover(dir)
}

/// How many filesystem queries (a path resolved, a file looked up) the searches for
/// configurations have made in this process: a measure of their work that does not
/// depend on the machine, for the test that checks it follows the number of folders.
pub fn filesystem_queries() -> u64 {
    QUERIES.load(std::sync::atomic::Ordering::Relaxed)
}

static QUERIES: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);

fn query() {
    queries(1);
}

fn queries(n: usize) {
    QUERIES.fetch_add(n as u64, std::sync::atomic::Ordering::Relaxed);
}

/// [`crate::files::canonicalize`], counted as one query per component of the path (the C
/// library resolves a path one component at a time).
fn canonicalize(path: &Path) -> std::io::Result<PathBuf> {
    queries(path.components().count().max(1));
    crate::files::canonicalize(path)
}

/// [`discover`] for many folders, remembering what it found in each real folder it went
/// through: a folder is then settled by looking at it alone when its parent was searched
/// before, so a walk costs a few queries per folder whatever its depth (searching from
/// every folder up to the root made a deep tree cost the cube of its depth).
#[derive(Default)]
pub struct Search {
    /// Real folder -> the nearest configuration from it.
    nearest: Map<PathBuf, Found>,
    /// Real folder -> whether it lies in a repository.
    in_repository: Map<PathBuf, bool>,
    /// Folder as given -> its real path.
    real: Map<PathBuf, PathBuf>,
}

impl Search {
    /// The real path of `path` (links followed, no `.` or `..`). A folder whose parent
    /// was resolved before and that is not a link is its parent's real path and its
    /// name: one query rather than one per component of the path.
    pub fn real_path(&mut self, path: &Path) -> Option<PathBuf> {
        if let Some(real) = self.real.get(path) {
            return Some(real.clone());
        }
        let derived = match (path.parent(), path.components().next_back()) {
            (Some(parent), Some(std::path::Component::Normal(name))) => {
                match self.real.get(parent) {
                    Some(real_parent) => {
                        query();
                        std::fs::symlink_metadata(path)
                            .ok()
                            .filter(|m| !m.file_type().is_symlink())
                            .map(|_| real_parent.join(name))
                    }
                    None => None,
                }
            }
            _ => None,
        };
        let real = match derived {
            Some(real) => real,
            None => canonicalize(path).ok()?,
        };
        self.real.insert(path.to_path_buf(), real.clone());
        Some(real)
    }

    /// [`discover`], remembering what it finds.
    pub fn discover(&mut self, dir: &Path) -> Found {
        let Some(start) = self.real_path(dir) else {
            return Found::None;
        };
        let found = self.nearest(&start);
        match &found {
            Found::File(path) if !self.in_repository(&start) => match foreign_owner(path) {
                Some(why) => Found::Refused(path.clone(), why),
                None => found,
            },
            _ => found,
        }
    }

    /// The nearest `cxlint.yaml` from `start` (a real path) up to the repository root.
    fn nearest(&mut self, start: &Path) -> Found {
        let mut visited = Vec::new();
        let mut found = Found::None;
        for d in start.ancestors() {
            if let Some(known) = self.nearest.get(d) {
                found = known.clone();
                break;
            }
            visited.push(d.to_path_buf());
            if let Some(here) = in_folder(d) {
                found = here;
                break;
            }
            query();
            if d.join(".git").exists() {
                break;
            }
        }
        for d in visited {
            self.nearest.insert(d, found.clone());
        }
        found
    }

    /// Whether a folder holding `.git` lies at or above `start`.
    fn in_repository(&mut self, start: &Path) -> bool {
        let mut visited = Vec::new();
        let mut inside = false;
        for d in start.ancestors() {
            if let Some(&known) = self.in_repository.get(d) {
                inside = known;
                break;
            }
            visited.push(d.to_path_buf());
            query();
            if d.join(".git").exists() {
                inside = true;
                break;
            }
        }
        for d in visited {
            self.in_repository.insert(d, inside);
        }
        inside
    }
}

/// Why a configuration file outside any repository is not trusted: it (or the link to
/// it) belongs to someone other than the user running cxlint and root.
#[cfg(unix)]
fn foreign_owner(path: &Path) -> Option<String> {
    use std::os::unix::fs::MetadataExt as _;
    let me = rustix::process::geteuid().as_raw();
    let trusted = |uid: u32| uid == me || uid == 0;
    let link = std::fs::symlink_metadata(path).ok()?;
    let target = std::fs::metadata(path).ok()?;
    if trusted(link.uid()) && trusted(target.uid()) {
        return None;
    }
    Some(
        "it lies outside any repository and belongs to another user (only your own or \
         root's configuration is used there)"
            .to_string(),
    )
}

#[cfg(not(unix))]
fn foreign_owner(_path: &Path) -> Option<String> {
    None
}

/// The `cxlint.yaml` in the real folder `d`, if there is one (or something by that name).
fn in_folder(d: &Path) -> Option<Found> {
    let candidate = d.join(FILE_NAME);
    query();
    let meta = std::fs::symlink_metadata(&candidate).ok()?;
    if meta.file_type().is_symlink() {
        let root = repository_root(d).unwrap_or_else(|| d.to_path_buf());
        return Some(match std::fs::canonicalize(&candidate) {
            Ok(target) if !target.starts_with(&root) => Found::Refused(
                candidate,
                "it is a link to a file outside the repository".to_string(),
            ),
            Ok(target) if target.is_file() => Found::File(candidate),
            Ok(_) => Found::Refused(
                candidate,
                "it is a link to something that is not a regular file".to_string(),
            ),
            Err(_) => Found::Refused(candidate, "it is a broken link".to_string()),
        });
    }
    if meta.is_file() {
        return Some(Found::File(candidate));
    }
    Some(Found::Refused(
        candidate,
        "it is not a regular file".to_string(),
    ))
}

/// The first folder from `dir` up that holds `.git`.
pub fn repository_root(dir: &Path) -> Option<PathBuf> {
    dir.ancestors()
        .find(|d| d.join(".git").exists())
        .map(Path::to_path_buf)
}

/// Finds and loads the configurations of a run's plans, each once.
pub struct Resolver {
    /// `--config FILE`: the one setting for every plan.
    fixed: bool,
    extra_dirs: Vec<PathBuf>,
    cwd: Option<PathBuf>,
    /// Plan folder (as given) -> index into `settings`, `None` when its configuration
    /// could not be loaded.
    by_dir: Map<PathBuf, Option<usize>>,
    /// Configuration file (as found) -> index into `settings`.
    by_file: Map<PathBuf, Option<usize>>,
    /// The built-in defaults, once loaded.
    defaults: Option<usize>,
    pub settings: Vec<Setting>,
    /// Problems with configurations and rule packs, to print (exit 2).
    pub problems: Vec<Diagnostic>,
    /// One-line messages about configurations (refused files), to print.
    pub notes: Vec<String>,
    search: Search,
}

impl Resolver {
    /// A resolver for one run: with `config` given, that file applies to every plan;
    /// `extra_dirs` are `--rules` packs, loaded in every setting.
    pub fn new(config: Option<&Path>, extra_dirs: &[PathBuf]) -> Resolver {
        let mut r = Resolver {
            fixed: config.is_some(),
            extra_dirs: extra_dirs.to_vec(),
            cwd: std::env::current_dir()
                .ok()
                .and_then(|d| crate::files::canonicalize(&d).ok()),
            by_dir: Map::default(),
            by_file: Map::default(),
            defaults: None,
            settings: Vec::new(),
            problems: Vec::new(),
            notes: Vec::new(),
            search: Search::default(),
        };
        if let Some(path) = config {
            let loaded = r.load(Some(path.to_path_buf()));
            r.defaults = loaded;
            r.by_file.insert(path.to_path_buf(), loaded);
        }
        r
    }

    /// Whether every plan uses one configuration given on the command line, and it could
    /// not be loaded.
    pub fn fixed_failed(&self) -> bool {
        self.fixed && self.defaults.is_none()
    }

    /// The setting for plans in `dir` (a plan's folder), `None` when its configuration
    /// is broken (the problem is in `problems`).
    pub fn for_dir(&mut self, dir: &Path) -> Option<usize> {
        if self.fixed {
            return self.defaults;
        }
        if let Some(&s) = self.by_dir.get(dir) {
            return s;
        }
        let found = match self.search.discover(if dir.as_os_str().is_empty() {
            Path::new(".")
        } else {
            dir
        }) {
            Found::File(path) => Some(self.shown(&path)),
            Found::Refused(path, why) => {
                let shown = self.shown(&path);
                let note = format!(
                    "{} was not read: {why}; the plans below it use the built-in defaults",
                    shown.display()
                );
                if !self.notes.contains(&note) {
                    self.notes.push(note);
                }
                None
            }
            Found::None => None,
        };
        let s = match found {
            Some(path) => match self.by_file.get(&path) {
                Some(&s) => s,
                None => {
                    let s = self.load(Some(path.clone()));
                    self.by_file.insert(path, s);
                    s
                }
            },
            None => self.defaults(),
        };
        self.by_dir.insert(dir.to_path_buf(), s);
        s
    }

    /// The real path of a folder or plan met in a walk (see [`Search::real_path`]).
    pub fn real_path(&mut self, path: &Path) -> Option<PathBuf> {
        self.search.real_path(path)
    }

    /// Whether the configuration that applies to `path` (a plan file, or a folder met in
    /// a walk: the one that applies inside it) excludes it.
    pub fn excludes(&mut self, path: &Path, is_dir: bool) -> bool {
        let setting = if is_dir {
            self.for_dir(path)
        } else {
            self.for_plan(path)
        };
        let Some(i) = setting else {
            return false;
        };
        if self.settings[i].config.exclude.is_none() {
            return false;
        }
        self.real_path(path)
            .is_some_and(|real| self.settings[i].config.is_excluded_real(&real))
    }

    /// The setting for the plan at `path`.
    pub fn for_plan(&mut self, path: &Path) -> Option<usize> {
        self.for_dir(path.parent().unwrap_or(Path::new("")))
    }

    fn defaults(&mut self) -> Option<usize> {
        if self.defaults.is_none() {
            self.defaults = self.load(None);
        }
        self.defaults
    }

    /// Load one setting; `None` (with its problems recorded) when it is broken.
    fn load(&mut self, path: Option<PathBuf>) -> Option<usize> {
        match load_setting(path.as_deref(), &self.extra_dirs) {
            Ok(setting) => {
                self.settings.push(setting);
                Some(self.settings.len() - 1)
            }
            Err(problems) => {
                self.problems.extend(problems);
                None
            }
        }
    }

    /// `path` as the user would write it from the current folder: relative when it lies
    /// below it or in a folder above it, else absolute.
    fn shown(&self, path: &Path) -> PathBuf {
        let Some(cwd) = &self.cwd else {
            return path.to_path_buf();
        };
        if let Ok(rel) = path.strip_prefix(cwd) {
            return rel.to_path_buf();
        }
        let Some(dir) = path.parent() else {
            return path.to_path_buf();
        };
        match cwd.strip_prefix(dir) {
            Ok(up) => {
                let mut rel = PathBuf::new();
                for _ in up.components() {
                    rel.push("..");
                }
                rel.push(path.file_name().unwrap_or_default());
                rel
            }
            Err(_) => path.to_path_buf(),
        }
    }
}

/// The rules and configuration of one setting: built-in rules, the config's `rule_dirs`,
/// `--rules` packs, then the config validated against all of them. `Err` holds the
/// problems (exit 2); a problem already printed leaves it empty.
pub fn load_setting(
    path: Option<&Path>,
    extra_dirs: &[PathBuf],
) -> Result<Setting, Vec<Diagnostic>> {
    let mut rules = RuleSet::builtin();
    let loaded = match path {
        Some(path) => match config::read(path) {
            Ok(file) => {
                let dir = path
                    .parent()
                    .map(Path::to_path_buf)
                    .filter(|p| !p.as_os_str().is_empty())
                    .unwrap_or_else(|| PathBuf::from("."));
                // Parsed once: the rule folders, the limits and the settings come from it.
                Some((config::parse(&file)?, dir))
            }
            Err(message) => return Err(vec![Diagnostic::note(message)]),
        },
        None => None,
    };
    let mut dirs = Vec::new();
    let mut limits = crate::limits::Limits::default();
    if let Some((file, dir)) = &loaded {
        dirs.extend(config::rule_dirs(file, dir)?);
        // The packs are read under the configuration's YAML budgets.
        limits = config::limits(file)?;
    }
    dirs.extend(extra_dirs.iter().cloned());
    let mut problems = Vec::new();
    for d in &dirs {
        if let Err(p) = rules.load_dir_with(d, &limits) {
            if p.is_empty() {
                problems.push(Diagnostic::note(format!(
                    "cannot load the rule pack {}",
                    d.display()
                )));
            }
            problems.extend(p);
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let config = match &loaded {
        Some((file, dir)) => config::load(file, dir, &rules)?,
        None => Config {
            dir: PathBuf::from("."),
            ..Config::default()
        },
    };
    Ok(Setting { rules, config })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_search_stops_at_the_repository_root() {
        let dir = tempfile::tempdir().expect("temporary folder");
        let root = dir.path();
        std::fs::write(root.join(FILE_NAME), "fail_on: never\n").expect("write");
        std::fs::create_dir_all(root.join("repo/.git")).expect("folder");
        std::fs::create_dir_all(root.join("repo/plans/sub")).expect("folder");
        assert_eq!(discover(&root.join("repo/plans/sub")), Found::None);
        std::fs::write(root.join("repo/plans/cxlint.yaml"), "").expect("write");
        let found = discover(&root.join("repo/plans/sub"));
        let real = std::fs::canonicalize(root.join("repo/plans")).expect("real");
        assert_eq!(found, Found::File(real.join(FILE_NAME)));
        // Outside any repository the search goes up to the filesystem root.
        std::fs::create_dir_all(root.join("loose/a")).expect("folder");
        let real = std::fs::canonicalize(root).expect("real");
        assert_eq!(
            discover(&root.join("loose/a")),
            Found::File(real.join(FILE_NAME))
        );
    }

    #[cfg(unix)]
    #[test]
    fn a_linked_configuration_outside_the_repository_is_not_read() {
        let dir = tempfile::tempdir().expect("temporary folder");
        let root = dir.path();
        std::fs::write(root.join("secret.yaml"), "password: hunter2\n").expect("write");
        std::fs::create_dir_all(root.join("repo/.git")).expect("folder");
        std::fs::write(root.join("repo/inside.yaml"), "fail_on: never\n").expect("write");
        std::fs::create_dir_all(root.join("repo/a")).expect("folder");
        std::fs::create_dir_all(root.join("repo/b")).expect("folder");
        std::os::unix::fs::symlink(root.join("secret.yaml"), root.join("repo/a/cxlint.yaml"))
            .expect("link");
        std::os::unix::fs::symlink("../inside.yaml", root.join("repo/b/cxlint.yaml"))
            .expect("link");
        assert!(
            matches!(discover(&root.join("repo/a")), Found::Refused(_, why) if why.contains("outside"))
        );
        assert!(matches!(discover(&root.join("repo/b")), Found::File(_)));
    }
}
