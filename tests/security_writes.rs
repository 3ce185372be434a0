//! cxlint writes only where a command asks it to (`fmt`, `--write-baseline`, `init`), and
//! each write replaces the file whole: a temporary file beside it, then a rename
//! (src/atomic.rs). tests/security_writes_safety.rs has the rest of the promises.

use std::path::Path;

use cxlint::atomic::write as write_atomically;

#[test]
fn a_write_replaces_the_file_whole() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("plan.cxp");
    std::fs::write(&path, "old\n").expect("write");
    write_atomically(&path, b"new\n").expect("atomic write");
    assert_eq!(std::fs::read_to_string(&path).expect("read"), "new\n");
    let left: Vec<_> = std::fs::read_dir(dir.path())
        .expect("list")
        .filter_map(Result::ok)
        .map(|e| e.file_name())
        .collect();
    assert_eq!(left.len(), 1, "temporary files left behind: {left:?}");
}

#[test]
fn a_failed_write_leaves_the_file_alone() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("missing-folder/plan.cxp");
    assert!(write_atomically(&path, b"new\n").is_err());
    assert!(!Path::new(&path).exists());
}

/// Found by review (fixed in src/baseline.rs: the temporary file is created new): the
/// temporary file's name is predictable (`.NAME.PID.tmp` beside the
/// file) and it is opened with `File::create`, which follows a link. Plan folders come
/// from the pull request, so a link committed under that name (process ids in CI
/// containers are small and repeat) made `cxlint fmt` or `--write-baseline` write
/// through it to any file the CI user can write.
#[cfg(unix)]
#[test]
fn a_planted_link_at_the_temporary_name_is_not_followed() {
    let dir = tempfile::tempdir().expect("temp dir");
    let victim = dir.path().join("victim.txt");
    std::fs::write(&victim, "precious\n").expect("write");
    let plans = dir.path().join("plans");
    std::fs::create_dir_all(&plans).expect("plans");
    let path = plans.join("acme.cxp");
    std::fs::write(&path, "old\n").expect("write");
    // Links at every name the next temporary files of this process could take.
    for n in 0..50 {
        let tmp = plans.join(format!(".cxlint-{}-{n}.tmp", std::process::id()));
        std::os::unix::fs::symlink(&victim, &tmp).expect("symlink");
    }
    let _ = write_atomically(&path, b"formatted plan\n");
    assert_eq!(
        std::fs::read_to_string(&victim).expect("read"),
        "precious\n",
        "the write went through the planted link"
    );
}

/// A plan that `fmt` rewrites, large enough that writing it takes a while.
#[cfg(unix)]
fn untidy_plan(units: usize) -> String {
    let mut text = String::from("programme   \"Kill test\"   {\n");
    for i in 0..units {
        text.push_str(&format!(
            "  unit    \"Unit {i}\"   {{   facing=front    parent = \"Unit {}\" }}\n",
            i.saturating_sub(1)
        ));
    }
    text.push_str("}\n");
    text
}

/// The temporary file of an atomic write of `name` in `dir`, while it exists.
#[cfg(unix)]
fn temporary_of(dir: &Path, name: &str) -> Option<std::path::PathBuf> {
    std::fs::read_dir(dir)
        .ok()?
        .filter_map(Result::ok)
        .find_map(|e| {
            let n = e.file_name().to_string_lossy().into_owned();
            // `.cxlint-PID-N.tmp` (src/atomic.rs): any hidden `.tmp` file while `name` is written.
            (!name.is_empty() && n.starts_with('.') && n.ends_with(".tmp")).then(|| e.path())
        })
}

/// `cxlint fmt PATH` started in the background, its output dropped.
#[cfg(unix)]
fn start_fmt(path: &Path) -> std::process::Child {
    use std::process::{Command, Stdio};
    Command::new(env!("CARGO_BIN_EXE_cxlint"))
        .arg("fmt")
        .arg(path)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("cxlint starts")
}

/// `cxlint fmt` killed (SIGKILL, no chance to clean up) while its temporary file is being
/// written: the plan is still either exactly as it was or exactly as formatted, never
/// cut short, and the half-written temporary file is not a plan file.
#[cfg(unix)]
#[test]
fn a_write_killed_half_way_leaves_the_plan_whole() {
    use std::process::Command;
    let original = untidy_plan(60_000);
    let done = tempfile::tempdir().expect("temp dir");
    let reference = done.path().join("plan.cxp");
    std::fs::write(&reference, &original).expect("write");
    let started = std::time::Instant::now();
    let status = Command::new(env!("CARGO_BIN_EXE_cxlint"))
        .arg("fmt")
        .arg(&reference)
        .status()
        .expect("cxlint runs");
    let whole_run = started.elapsed();
    assert!(status.success());
    let formatted = std::fs::read_to_string(&reference).expect("read");
    assert_ne!(
        formatted, original,
        "the test plan must be one that fmt changes"
    );

    let mut killed_mid_write = 0;
    for _attempt in 0..20 {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("plan.cxp");
        std::fs::write(&path, &original).expect("write");
        let mut child = start_fmt(&path);
        // Kill the moment the temporary file appears, i.e. in the middle of the write.
        let mut seen = None;
        while seen.is_none() {
            if child.try_wait().expect("wait").is_some() {
                break;
            }
            seen = temporary_of(dir.path(), "plan.cxp");
        }
        let _ = child.kill();
        let _ = child.wait();
        let now = std::fs::read_to_string(&path).expect("the plan is still there");
        assert!(
            now == original || now == formatted,
            "the plan was left half written ({} of {} bytes)",
            now.len(),
            formatted.len()
        );
        if seen.is_some() && now == original {
            killed_mid_write += 1;
            // What is left is a hidden `.tmp` file, which no directory walk lints.
            if let Some(tmp) = temporary_of(dir.path(), "plan.cxp") {
                assert!(!tmp.to_string_lossy().ends_with(".cxp"));
            }
        }
        if killed_mid_write >= 3 {
            break;
        }
    }
    assert!(
        killed_mid_write > 0,
        "no kill landed while the temporary file was being written"
    );

    // Kills spread over the whole run, wherever they land (reading, formatting, writing).
    for tenth in 1..10 {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("plan.cxp");
        std::fs::write(&path, &original).expect("write");
        let mut child = start_fmt(&path);
        std::thread::sleep(whole_run * tenth / 10);
        let _ = child.kill();
        let _ = child.wait();
        let now = std::fs::read_to_string(&path).expect("the plan is still there");
        assert!(
            now == original || now == formatted,
            "killed at {tenth}/10 of the run, the plan was left half written ({} of {} bytes)",
            now.len(),
            formatted.len()
        );
    }
}
