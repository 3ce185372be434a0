//! `cxlint fmt` on a plan reached through a symbolic link rewrites the plan, keeping the link.

#[cfg(unix)]
#[test]
fn fmt_through_a_link_rewrites_the_target_and_keeps_the_link() {
    let dir = tempfile::tempdir().expect("temporary folder");
    let plan = dir.path().join("plan.cxp");
    std::fs::write(&plan, "programme \"f\" {\ncurrency=USD\n}\n").expect("plan written");
    std::os::unix::fs::symlink("plan.cxp", dir.path().join("link.cxp")).expect("link made");
    let status = std::process::Command::new(env!("CARGO_BIN_EXE_cxlint"))
        .current_dir(dir.path())
        .args(["fmt", "link.cxp"])
        .status()
        .expect("cxlint runs");
    assert_eq!(status.code(), Some(0));
    let link = std::fs::symlink_metadata(dir.path().join("link.cxp")).expect("link there");
    assert!(link.file_type().is_symlink(), "the link is kept");
    assert_eq!(
        std::fs::read_to_string(&plan).expect("plan read"),
        "programme \"f\" {\n  currency = USD\n}\n"
    );
}
