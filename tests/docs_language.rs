//! docs/language.md is the output of `cxlint schema`, the reference of every block and
//! key generated from the schema; this test fails when it is stale
//! (`CXLINT_UPDATE_DOCS=1 cargo test --test docs_language` writes it again).

mod cli_support;

#[test]
fn the_language_reference_is_current() {
    let out = cli_support::Cli::new().run_with(&["schema"]);
    assert_eq!(out.code, 0, "{}", out.render());
    let path = cli_support::crate_path("docs/language.md");
    if std::env::var_os("CXLINT_UPDATE_DOCS").is_some() {
        std::fs::write(&path, &out.stdout).expect("write docs/language.md");
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == out.stdout,
        "docs/language.md is out of date; run `CXLINT_UPDATE_DOCS=1 cargo test --test docs_language`"
    );
}

#[test]
fn explain_takes_a_key_or_a_block() {
    let cli = cli_support::Cli::new();
    let out = cli.run_with(&["explain", "unit.facing"]);
    assert_eq!(out.code, 0, "{}", out.render());
    assert!(
        out.stdout.contains("front") && out.stdout.contains("back"),
        "{}",
        out.stdout
    );
    let out = cli.run_with(&["explain", "backed_by"]);
    assert!(out.stdout.contains("promise"), "{}", out.stdout);
    // A rule code still explains the rule.
    let out = cli.run_with(&["explain", "fm06"]);
    assert!(out.stdout.contains("reap-what-you-sow"), "{}", out.stdout);
}
