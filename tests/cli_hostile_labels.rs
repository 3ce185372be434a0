//! Labels and file names in a plan cannot send control sequences to a terminal or CI log.

use std::process::Command;

fn check(dir: &std::path::Path, format: &str) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_cxlint"))
        .current_dir(dir)
        .args(["check", "plan.cxp", "--select", "CC06", "--color", "never"])
        .args(["--format", format])
        .output()
        .expect("cxlint runs");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn escape_sequences_in_labels_are_shown_as_text() {
    let dir = tempfile::tempdir().expect("temporary folder");
    std::fs::write(
        dir.path().join("plan.cxp"),
        "programme \"p\" {\n  currency = USD\n  unit \"a\u{1b}[31mred\u{7}\" { facing = front }\n}\n",
    )
    .expect("plan written");
    for format in ["human", "compact", "github"] {
        let out = check(dir.path(), format);
        assert!(out.contains("CC06"), "{format}: {out}");
        assert!(
            !out.chars().any(|c| c.is_control() && c != '\n'),
            "{format} output carries a control character: {out:?}"
        );
    }
    assert!(check(dir.path(), "compact").contains(r#"unit "a\u{1b}[31mred\u{7}""#));
}

#[test]
fn markdown_report_escapes_names_from_the_plan() {
    let dir = tempfile::tempdir().expect("temporary folder");
    std::fs::write(
        dir.path().join("plan.cxp"),
        "programme \"a|b <script> \u{1b}[31m\" {\n  currency = USD\n}\n",
    )
    .expect("plan written");
    let out = Command::new(env!("CARGO_BIN_EXE_cxlint"))
        .current_dir(dir.path())
        .args(["report", "plan.cxp"])
        .output()
        .expect("cxlint runs");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains(r"## a\|b \<script\> \\u{1b}\[31m (plan.cxp)"),
        "{text}"
    );
    assert!(!text.contains('\u{1b}'));
}
