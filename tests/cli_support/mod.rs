//! Running the built `cxlint` binary in a scratch directory for the command-line tests.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;

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
