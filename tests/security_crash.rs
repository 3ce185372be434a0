//! No input may end in a panic, and a fault on one file must not hide the findings of the
//! others (docs/security.md, "No crash on any input").

mod cli_support;

use cli_support::Scratch;

/// Spaces enough to put what follows them past column 65,536, the widest padding the
/// report drawing can write.
fn far() -> String {
    " ".repeat(70_000)
}

fn no_panic(run: &cli_support::Run) {
    assert!(
        !run.stderr.contains("panicked") && run.code != 101,
        "exit {}: {}",
        run.code,
        &run.stderr[..run.stderr.len().min(2000)]
    );
}

#[test]
fn a_finding_past_column_65536_is_shown_with_its_line_cut() {
    let s = Scratch::new();
    s.file(
        "a.cxp",
        &format!(
            "programme \"A\" {{\n  currency = USD\n{}bogus = 1\n}}\n",
            far()
        ),
    );
    s.file(
        "b.cxp",
        "programme \"B\" {\n  currency = USD\n  unit \"U\" { parent = \"nope\"  facing = front }\n}\n",
    );
    for format in ["human", "compact", "json", "sarif", "junit", "github"] {
        let run = s.run(&["check", ".", "--format", format]);
        no_panic(&run);
        assert_eq!(run.code, 1, "{format}");
        assert!(run.stdout.contains("bogus"), "{format}");
        // The file sorted after the long line keeps its findings.
        assert!(run.stdout.contains("nope"), "{format}");
    }
    let run = s.run(&["check", "."]);
    // The line is shown cut around the finding, the heading keeps the real column.
    assert!(run.stdout.contains("[a.cxp:3:70001]"), "{}", run.stdout);
    assert!(run.stdout.contains("…"));
    assert!(run.stdout.lines().all(|l| l.chars().count() < 1_000));
}

#[test]
fn a_long_span_and_a_long_line_before_it_are_cut() {
    let s = Scratch::new();
    // A label of 70,000 characters: the underline is cut with the line.
    let long = "x".repeat(70_000);
    s.file(
        "a.cxp",
        &format!(
            "programme \"A\" {{\n  currency = USD\n  # {long}\n  unit \"U\" {{ parent = \"{long}\"  facing = front }}\n}}\n"
        ),
    );
    let run = s.run(&["check", "a.cxp"]);
    no_panic(&run);
    assert_eq!(run.code, 1);
    assert!(run.stdout.lines().all(|l| l.chars().count() < 1_000));
}

#[test]
fn fmt_and_export_report_an_error_past_column_65536() {
    let s = Scratch::new();
    s.file("a.cxp", &format!("programme \"A\" {{\n{}= 1\n}}\n", far()));
    let run = s.run(&["fmt", "a.cxp"]);
    no_panic(&run);
    assert_eq!(run.code, 2, "{}", run.stderr);
    let run = s.run(&["export", "a.cxp"]);
    no_panic(&run);
    assert_ne!(run.code, 0);
    assert!(run.stderr.contains("E001"), "{}", run.stderr);
}

#[test]
fn a_configuration_key_of_70000_characters_is_an_error_not_a_crash() {
    let s = Scratch::new();
    s.file("cxlint.yaml", &format!("{}: 1\n", "k".repeat(70_000)));
    s.file("a.cxp", "programme \"A\" {\n  currency = USD\n}\n");
    let run = s.run(&["check", "a.cxp"]);
    no_panic(&run);
    assert_eq!(run.code, 2);
    let run = s.run(&["check", "a.cxp", "--format", "json"]);
    no_panic(&run);
    assert_eq!(run.code, 2);
}
