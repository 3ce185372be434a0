//! A report that cannot be written (a full disk, a closed pipe) is exit 2 with a message
//! where one can still be written, and a failed write to standard error is no crash
//! (docs/security.md, "Output").

use std::fs::{File, OpenOptions};
use std::io::Read as _;
use std::path::Path;
use std::process::{Command, Stdio};

const EXAMPLE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/saas-growth.cxp");

fn dev_full() -> File {
    OpenOptions::new()
        .write(true)
        .open("/dev/full")
        .expect("/dev/full (Linux)")
}

/// A folder with `n` plans, each with findings.
fn plans(n: usize) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("a temporary folder");
    for i in 0..n {
        std::fs::write(
            dir.path().join(format!("p{i:03}.cxp")),
            format!("programme \"P{i}\" {{\n  unit \"U\" {{ parent = \"nope\" }}\n}}\n"),
        )
        .expect("write a plan");
    }
    dir
}

fn cxlint(dir: &Path, args: &[&str]) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_cxlint"));
    c.args(args)
        .current_dir(dir)
        .env("COLUMNS", "100")
        .env("NO_COLOR", "1")
        .stdin(Stdio::null());
    c
}

#[test]
fn a_report_to_a_full_disk_is_exit_2_with_a_message() {
    let dir = plans(3);
    let commands: [&[&str]; 9] = [
        &["check", ".", "--format", "sarif"],
        &["check", ".", "--format", "json"],
        &["check", ".", "--format", "human"],
        &["check", ".", "--format", "compact"],
        &["check", ".", "--format", "junit"],
        &["check", ".", "--format", "github"],
        &["rules"],
        &["explain", "FM01"],
        &["export", EXAMPLE],
    ];
    for args in commands {
        let out = cxlint(dir.path(), args)
            .stdout(dev_full())
            .stderr(Stdio::piped())
            .output()
            .expect("cxlint runs");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(
            stderr.contains("could not be written"),
            "{args:?}: {stderr}"
        );
        assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
    }
}

#[test]
fn a_full_standard_error_is_no_crash() {
    let dir = plans(3);
    for args in [
        &["check", ".", "missing.cxp"][..],
        &["check", "."],
        &["explain", "NOPE"],
        &["fmt", "."],
    ] {
        let out = cxlint(dir.path(), args)
            .stdout(Stdio::null())
            .stderr(dev_full())
            .output()
            .expect("cxlint runs");
        assert_ne!(out.status.code(), Some(101), "{args:?}");
        assert!(out.status.code().is_some(), "{args:?}: ended by a signal");
    }
}

#[test]
fn a_closed_pipe_ends_the_report_with_exit_2() {
    // Enough output that the pipe is closed long before the end, as `| head -1` does.
    let dir = plans(300);
    for (stdout_closed, args) in [
        (true, &["check", "."][..]),
        (true, &["check", ".", "--format", "json"]),
        (false, &["check", ".", "missing.cxp"]),
    ] {
        let mut command = cxlint(dir.path(), args);
        if stdout_closed {
            command.stdout(Stdio::piped()).stderr(Stdio::piped());
        } else {
            command.stdout(Stdio::null()).stderr(Stdio::piped());
        }
        let mut child = command.spawn().expect("cxlint runs");
        // Read one byte of the closed-to-be stream, then close it.
        let mut first = [0u8; 1];
        if stdout_closed {
            let mut stdout = child.stdout.take().expect("stdout");
            let _ = stdout.read(&mut first);
        } else {
            let mut stderr = child.stderr.take().expect("stderr");
            let _ = stderr.read(&mut first);
        }
        let mut rest = String::new();
        if let Some(mut stderr) = child.stderr.take() {
            let _ = stderr.read_to_string(&mut rest);
        }
        let status = child.wait().expect("cxlint ends");
        assert_eq!(status.code(), Some(2), "{args:?}: {rest}");
        assert!(!rest.contains("panicked"), "{rest}");
        if stdout_closed {
            assert!(rest.contains("could not be written"), "{rest}");
        }
    }
}
