//! Plan files may include other files. Whatever a plan names, cxlint reads nothing outside
//! the root file's directory, follows no link out of it, and never hangs on a device or a
//! cycle.

use std::path::Path;
use std::time::{Duration, Instant};

use cxlint::model::build::{load, FileInput, Outcome};

const SECRET: &str = "programme \"Secret\" { currency = USD }\n# the secret text\n";

fn write(path: &Path, text: &str) {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).expect("create folder");
    }
    std::fs::write(path, text).expect("write file");
}

/// Load `root/main.cxp`, which includes `include`, with a secret file beside `root`.
fn load_including(include: &str, setup: impl FnOnce(&Path, &Path)) -> Outcome {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path().join("repo");
    let outside = dir.path().join("outside");
    write(&outside.join("secret.cxp"), SECRET);
    write(
        &root.join("main.cxp"),
        &format!("programme \"P\" {{\n  currency = USD\n  include \"{include}\"\n}}\n"),
    );
    setup(&root, &outside);
    let main = root.join("main.cxp");
    let start = Instant::now();
    let outcome = load(&[FileInput {
        display: "main.cxp".into(),
        path: main,
    }]);
    assert!(
        start.elapsed() < Duration::from_secs(20),
        "loading took {:?}",
        start.elapsed()
    );
    outcome
}

/// The outcome names an E011 and shows nothing of the secret file.
fn refused(outcome: &Outcome) {
    assert!(
        outcome.diagnostics.iter().any(|d| d.code == "E011"),
        "no E011: {:?}",
        outcome
            .diagnostics
            .iter()
            .map(|d| (&d.code, &d.message))
            .collect::<Vec<_>>()
    );
    for file in &outcome.files {
        assert!(
            !file.text.contains("the secret text"),
            "{} was read",
            file.path
        );
    }
    for d in &outcome.diagnostics {
        assert!(!d.message.contains("the secret text"));
    }
}

#[test]
fn an_include_may_not_climb_out_of_the_root_directory() {
    refused(&load_including("../outside/secret.cxp", |_, _| {}));
    refused(&load_including(
        "sub/../../outside/secret.cxp",
        |root, _| {
            std::fs::create_dir_all(root.join("sub")).expect("sub");
        },
    ));
}

#[test]
fn an_include_may_not_be_an_absolute_path() {
    let dir = tempfile::tempdir().expect("temp dir");
    let secret = dir.path().join("secret.cxp");
    write(&secret, SECRET);
    let path = secret.to_string_lossy().replace('\\', "/");
    refused(&load_including(&path, |_, _| {}));
}

#[cfg(unix)]
#[test]
fn an_include_may_not_follow_a_link_out_of_the_root_directory() {
    refused(&load_including("link.cxp", |root, outside| {
        std::os::unix::fs::symlink(outside.join("secret.cxp"), root.join("link.cxp"))
            .expect("symlink");
    }));
    refused(&load_including("dir/secret.cxp", |root, outside| {
        std::os::unix::fs::symlink(outside, root.join("dir")).expect("symlink");
    }));
}

#[cfg(unix)]
#[test]
fn an_include_of_a_device_does_not_hang_or_fill_memory() {
    // A link committed to the repository can point anywhere: /dev/zero never ends.
    let outcome = load_including("zero.cxp", |root, _| {
        std::os::unix::fs::symlink("/dev/zero", root.join("zero.cxp")).expect("symlink");
    });
    assert!(!outcome.diagnostics.is_empty() || !outcome.unreadable.is_empty());
}

#[test]
fn include_cycles_end() {
    let outcome = load_including("a.cxp", |root, _| {
        write(&root.join("a.cxp"), "include \"b.cxp\"\n");
        write(&root.join("b.cxp"), "include \"a.cxp\"\n");
    });
    assert!(outcome.diagnostics.iter().any(|d| d.code == "E011"));
    let outcome = load_including("main.cxp", |_, _| {});
    assert!(outcome.diagnostics.iter().any(|d| d.code == "E011"));
}

#[test]
fn a_long_chain_of_includes_ends() {
    let outcome = load_including("f0.cxp", |root, _| {
        for i in 0..2_000 {
            write(
                &root.join(format!("f{i}.cxp")),
                &format!("include \"f{}.cxp\"\n", i + 1),
            );
        }
        write(&root.join("f2000.cxp"), "unit \"U\" { facing = front }\n");
    });
    // Refused past `MAX_INCLUDE_DEPTH` (32) levels, without overflowing the stack.
    assert!(
        outcome
            .diagnostics
            .iter()
            .any(|d| d.code == "E011" && d.message.contains("nest more than 32")),
        "{:?}",
        outcome
            .diagnostics
            .iter()
            .map(|d| &d.message)
            .collect::<Vec<_>>()
    );
    assert!(
        outcome.files.len() <= 40,
        "{} files read",
        outcome.files.len()
    );
}

#[test]
fn at_most_a_thousand_includes_are_followed() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut main = String::from("programme \"P\" {\n  currency = USD\n");
    for i in 0..1_500 {
        write(
            &dir.path().join(format!("f{i}.cxp")),
            &format!("unit \"U{i}\" {{ facing = front }}\n"),
        );
        main.push_str(&format!("  include \"f{i}.cxp\"\n"));
    }
    main.push_str("}\n");
    write(&dir.path().join("main.cxp"), &main);
    let outcome = load(&[FileInput {
        display: "main.cxp".into(),
        path: dir.path().join("main.cxp"),
    }]);
    assert!(outcome
        .diagnostics
        .iter()
        .any(|d| d.code == "E011" && d.message.contains("at most 1000 includes")));
    assert!(
        outcome.files.len() <= 1_001,
        "{} files read",
        outcome.files.len()
    );
}

#[test]
fn a_wide_tree_of_includes_reads_each_file_once() {
    // Each fragment includes the next two: 2^20 paths to the last one if files are read
    // once per path instead of once each.
    let start = Instant::now();
    let outcome = load_including("g0.cxp", |root, _| {
        for i in 0..20 {
            write(
                &root.join(format!("g{i}.cxp")),
                &format!("include \"g{}.cxp\"\ninclude \"h{i}.cxp\"\n", i + 1),
            );
            write(
                &root.join(format!("h{i}.cxp")),
                &format!("include \"g{}.cxp\"\n", i + 1),
            );
        }
        write(&root.join("g20.cxp"), "unit \"U\" { facing = front }\n");
    });
    assert!(start.elapsed() < Duration::from_secs(20));
    assert!(
        outcome.files.len() < 100,
        "{} files read",
        outcome.files.len()
    );
}

#[cfg(unix)]
#[test]
fn a_directory_walk_opens_only_regular_files_and_follows_no_link() {
    let dir = tempfile::tempdir().expect("temp dir");
    let repo = dir.path().join("repo");
    write(
        &repo.join("plans/main.cxp"),
        "programme \"P\" { currency = USD }\n",
    );
    write(&dir.path().join("outside/secret.cxp"), SECRET);
    let link = |target: &Path, name: &str| {
        std::os::unix::fs::symlink(target, repo.join(name)).expect("symlink");
    };
    link(Path::new("/dev/zero"), "plans/zero.cxp");
    link(&dir.path().join("outside/secret.cxp"), "plans/secret.cxp");
    link(&dir.path().join("outside"), "plans/outside");
    link(&repo, "plans/loop");
    let given = repo.display().to_string();
    let start = Instant::now();
    let found = cxlint::walk::find(&[given], &|_, _| false);
    assert!(start.elapsed() < Duration::from_secs(10));
    let names: Vec<&str> = found.files.iter().map(|f| f.display.as_str()).collect();
    assert_eq!(names.len(), 1, "{names:?}");
    assert!(names[0].ends_with("plans/main.cxp"), "{names:?}");
    assert_eq!(found.skipped, 2, "the two links named .cxp are skipped");
}

/// `cxlint check DIR` over a folder holding a pipe named `*.cxp` (opening it would wait
/// for a writer forever), a plan whose file name is not UTF-8, and a plan nobody may
/// read: the run ends, the readable plans are linted, nothing hangs.
#[cfg(unix)]
#[test]
fn check_over_a_pipe_an_odd_name_and_an_unreadable_plan_ends() {
    use std::os::unix::ffi::OsStrExt;
    use std::os::unix::fs::PermissionsExt;
    use std::process::{Command, Stdio};

    let dir = tempfile::tempdir().expect("temp dir");
    let plans = dir.path().join("plans");
    write(
        &plans.join("main.cxp"),
        "programme \"P\" {\n  currency = USD\n  unit \"HQ\" { facing = sideways }\n}\n",
    );
    let odd = plans.join(std::ffi::OsStr::from_bytes(b"caf\xe9.cxp"));
    std::fs::write(
        &odd,
        "programme \"Odd\" {\n  unit \"HQ\" { facing = nowhere }\n}\n",
    )
    .expect("write a file with a non-UTF-8 name");
    let pipe = plans.join("pipe.cxp");
    let made = Command::new("mkfifo").arg(&pipe).status();
    assert!(made.is_ok_and(|s| s.success()), "mkfifo makes the pipe");
    let locked = plans.join("locked.cxp");
    write(&locked, "programme \"Locked\" { currency = USD }\n");
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o000)).expect("chmod");
    // Whoever runs as root reads it anyway; the test then checks only that it ends.
    let unreadable = std::fs::read(&locked).is_err();

    let mut child = Command::new(env!("CARGO_BIN_EXE_cxlint"))
        .args(["check", "--format", "compact"])
        .arg(&plans)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("cxlint starts");
    let start = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait") {
            break status;
        }
        if start.elapsed() > Duration::from_secs(30) {
            let _ = child.kill();
            panic!("cxlint check did not end within 30 seconds");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let out = child.wait_with_output().expect("output");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stdout.contains("main.cxp:3:"),
        "the readable plan is linted: {stdout}"
    );
    assert!(
        stdout.contains("caf"),
        "the oddly named plan is linted: {stdout}"
    );
    assert!(
        !stdout.contains("pipe.cxp") && !stderr.contains("pipe.cxp"),
        "the pipe is skipped"
    );
    if unreadable {
        assert!(
            stderr.contains("locked.cxp"),
            "the unreadable plan is named: {stderr}"
        );
        assert_eq!(
            status.code(),
            Some(2),
            "a plan that cannot be read is exit 2"
        );
    } else {
        assert_eq!(
            status.code(),
            Some(1),
            "findings in the plans: {stdout}{stderr}"
        );
    }
    let _ = std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o644));
}
