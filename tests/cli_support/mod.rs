//! A small builder for the command-line tests: write files into a temporary directory,
//! run the real `cxlint` binary there, and capture what it printed and how it exited.
//!
//! The binary runs with the temporary directory as its working directory, paths given
//! relative to it, `--color never`-friendly settings and `COLUMNS=100`, so snapshots hold
//! no absolute paths and no terminal-dependent layout.

#![allow(dead_code)]

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

/// A temporary directory with files in it, and the command line to run there.
pub struct Cli {
    dir: tempfile::TempDir,
    args: Vec<String>,
}

/// What one run of `cxlint` produced.
#[derive(Debug)]
pub struct Output {
    pub stdout: String,
    pub stderr: String,
    pub code: i32,
}

impl Default for Cli {
    fn default() -> Self {
        Self::new()
    }
}

impl Cli {
    pub fn new() -> Cli {
        Cli {
            dir: tempfile::tempdir().expect("a temporary directory"),
            args: Vec::new(),
        }
    }

    /// Write `contents` to `path` (relative to the directory), creating parent folders.
    pub fn file(self, path: &str, contents: &str) -> Cli {
        self.bytes(path, contents.as_bytes())
    }

    /// Write raw bytes to `path`, for files that are not valid text.
    pub fn bytes(self, path: &str, contents: &[u8]) -> Cli {
        let full = self.dir.path().join(path);
        if let Some(parent) = full.parent() {
            fs::create_dir_all(parent).expect("create parent folders");
        }
        fs::write(&full, contents).expect("write a test file");
        self
    }

    /// Copy a file from the crate (e.g. `tests/packs/hiring/HR01-….yaml`) into the directory.
    pub fn copy(self, from_crate: &str, to: &str) -> Cli {
        let text = fs::read(crate_path(from_crate)).expect("read a crate file");
        self.bytes(to, &text)
    }

    /// Copy a whole folder of the crate into the directory.
    pub fn copy_dir(mut self, from_crate: &str, to: &str) -> Cli {
        let root = crate_path(from_crate);
        let mut stack = vec![root.clone()];
        while let Some(dir) = stack.pop() {
            for entry in fs::read_dir(&dir).expect("read a crate folder") {
                let path = entry.expect("a folder entry").path();
                if path.is_dir() {
                    stack.push(path);
                } else {
                    let rel = path.strip_prefix(&root).expect("inside the folder");
                    let target = Path::new(to).join(rel);
                    self = self.copy(
                        path.strip_prefix(crate_path(""))
                            .expect("inside the crate")
                            .to_str()
                            .expect("a UTF-8 path"),
                        target.to_str().expect("a UTF-8 path"),
                    );
                }
            }
        }
        self
    }

    /// Add arguments to the command line.
    pub fn args(mut self, args: &[&str]) -> Cli {
        self.args.extend(args.iter().map(|a| a.to_string()));
        self
    }

    /// The temporary directory.
    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// Read a file of the directory back.
    pub fn read(&self, path: &str) -> String {
        fs::read_to_string(self.dir.path().join(path)).expect("read a test file")
    }

    /// Read a file of the directory back as bytes.
    pub fn read_bytes(&self, path: &str) -> Vec<u8> {
        fs::read(self.dir.path().join(path)).expect("read a test file")
    }

    /// Run `cxlint` with the arguments given so far (which are kept, so `run` may be
    /// called again after changing files).
    pub fn run(&self) -> Output {
        self.run_with(&[])
    }

    /// Run `cxlint` with the arguments given so far followed by `extra`.
    pub fn run_with(&self, extra: &[&str]) -> Output {
        self.run_in(".", extra)
    }

    /// Run `cxlint` from the folder `subdir` of the directory, with the arguments given
    /// so far followed by `extra`.
    pub fn run_in(&self, subdir: &str, extra: &[&str]) -> Output {
        self.run_full(subdir, extra, None)
    }

    /// Run `cxlint` with `input` on its standard input, with the arguments given so far
    /// followed by `extra`.
    pub fn run_stdin(&self, input: &[u8], extra: &[&str]) -> Output {
        self.run_full(".", extra, Some(input))
    }

    fn run_full(&self, subdir: &str, extra: &[&str], input: Option<&[u8]>) -> Output {
        use std::io::Write as _;
        use std::process::Stdio;
        let mut child = Command::new(env!("CARGO_BIN_EXE_cxlint"))
            .args(&self.args)
            .args(extra)
            .current_dir(self.dir.path().join(subdir))
            .env("COLUMNS", "100")
            .env("NO_COLOR", "1")
            .env_remove("CLICOLOR_FORCE")
            .env_remove("GITHUB_ACTIONS")
            .stdin(if input.is_some() {
                Stdio::piped()
            } else {
                Stdio::null()
            })
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("run cxlint");
        if let (Some(input), Some(mut stdin)) = (input, child.stdin.take()) {
            stdin.write_all(input).expect("write standard input");
        }
        let out = child.wait_with_output().expect("run cxlint");
        Output {
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
            code: out.status.code().unwrap_or(-1),
        }
    }
}

impl Output {
    /// Exit code, stdout and stderr in one text, for a snapshot.
    pub fn render(&self) -> String {
        let mut text = format!("exit: {}\n", self.code);
        if !self.stdout.is_empty() {
            text.push_str("--- stdout\n");
            text.push_str(&self.stdout);
        }
        if !self.stderr.is_empty() {
            text.push_str("--- stderr\n");
            text.push_str(&self.stderr);
        }
        text
    }

    /// The stdout parsed as JSON.
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.stdout)
            .unwrap_or_else(|e| panic!("stdout is not JSON ({e}):\n{}", self.stdout))
    }
}

/// A path inside the crate.
pub fn crate_path(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(rel)
}

// The scratch-directory runner used by tests/cli_check.rs and the escaping tests:
// it replaces the scratch path in the output with `[DIR]`.

/// A scratch directory with files in it, where `cxlint` runs.
pub struct Scratch {
    pub dir: tempfile::TempDir,
}

/// What one run of `cxlint` printed and returned.
#[derive(Debug)]
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Scratch {
    pub fn new() -> Scratch {
        Scratch {
            dir: tempfile::tempdir().expect("a scratch directory"),
        }
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// Write `text` to `name` (folders created as needed).
    pub fn file(&self, name: &str, text: &str) -> &Scratch {
        let path = self.dir.path().join(name);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).expect("folders");
        }
        std::fs::write(path, text).expect("write a scratch file");
        self
    }

    pub fn read(&self, name: &str) -> String {
        std::fs::read_to_string(self.dir.path().join(name)).expect("read a scratch file")
    }

    pub fn join(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// Run `cxlint ARGS` in the scratch directory, without colour, at a fixed width.
    pub fn run(&self, args: &[&str]) -> Run {
        let out = Command::new(env!("CARGO_BIN_EXE_cxlint"))
            .args(args)
            .current_dir(self.dir.path())
            .env("COLUMNS", "100")
            .env("NO_COLOR", "1")
            .output()
            .expect("cxlint runs");
        let root = self.dir.path().to_string_lossy().into_owned();
        let canonical = std::fs::canonicalize(self.dir.path())
            .map(|p| p.to_string_lossy().into_owned())
            .unwrap_or_else(|_| root.clone());
        let clean = |b: &[u8]| {
            String::from_utf8_lossy(b)
                .replace(&canonical, "[DIR]")
                .replace(&root, "[DIR]")
        };
        Run {
            code: out.status.code().unwrap_or(-1),
            stdout: clean(&out.stdout),
            stderr: clean(&out.stderr),
        }
    }
}

/// A small programme with a few findings: two pay plans that pay on revenue only, one of
/// them waived by an allow comment with a reason.
pub const PLAN: &str = r#"programme "Small" {
  currency = USD
  unit "Sales" { facing = front }
  pay_plan "Quota only" {
    applies_to = "Sales"
    metric "Bookings" { type = revenue  weight = 100% }
  }
  # cxlint: allow FM06 -- comp fixed by the 2027 agreement <until> "renegotiation" & more
  pay_plan "Union plan" {
    applies_to = "Sales"
    metric "Bookings" { type = revenue  weight = 100% }
  }
}
"#;

/// The rules the output snapshots are limited to, so they stay short.
pub const SELECT: &str = "FM06,EB03";
