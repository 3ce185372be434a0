//! The whole pipeline on arbitrary bytes: decode, parse, build the model (includes
//! resolved inside a fixed folder holding three fragments), export it, evaluate the
//! built-in rules, apply allow comments and render every output format. No panic; every
//! diagnostic points inside its own file, on character boundaries; machine-readable
//! outputs parse.
#![no_main]

use cxlint::output::{self, Summary};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let outcome = cxlint::model::build::load_text(&cxlint_fuzz::plan_path(), text);
    let mut diags = outcome.diagnostics.clone();
    for programme in &outcome.programmes {
        let _ = cxlint::model::export::to_json(programme);
        diags.extend(cxlint_fuzz::evaluate(programme));
    }
    for d in &diags {
        cxlint_fuzz::assert_diagnostics(&d.file.text, std::slice::from_ref(d));
    }
    // The allow comments the parse read, as the lint applies them.
    let allows: Vec<_> = outcome
        .programmes
        .iter()
        .flat_map(|p| p.allows.iter().cloned())
        .collect();
    let rules = cxlint_fuzz::builtin();
    let codes: Vec<&str> = rules.rules().iter().map(|r| r.code.as_str()).collect();
    let groups: Vec<&str> = rules.rules().iter().map(|r| r.group.as_str()).collect();
    let known = cxlint::suppress::Known {
        codes: &codes,
        groups: &groups,
    };
    cxlint::suppress::apply_allows(&mut diags, &allows, &|_| true, &known, false);
    cxlint::diagnostic::sort(&mut diags);
    for d in &diags {
        cxlint_fuzz::assert_diagnostics(&d.file.text, std::slice::from_ref(d));
    }

    let summary = Summary::of(&diags, outcome.files.len());
    let json = output::json::render(&diags, &summary);
    assert!(
        serde_json::from_str::<serde_json::Value>(&json).is_ok(),
        "invalid JSON"
    );
    // Streamed, the findings are written field by field (debug builds, as fuzzing
    // builds are, compare each with serde_json's text): the same document.
    let mut streamed = Vec::new();
    let mut stream = output::stream::Stream::new(
        output::stream::Kind::Json,
        &[],
        output::sarif::Setting::here(&[], Vec::new()),
        &mut streamed,
    )
    .expect("a stream into memory");
    stream.write(&diags).expect("written");
    stream
        .finish(outcome.files.len(), &[], &[])
        .expect("finished");
    assert_eq!(
        String::from_utf8_lossy(&streamed),
        json,
        "streamed JSON differs"
    );
    // Only the rules that fired: the whole catalogue makes every run slow.
    let fired: Vec<_> = cxlint_fuzz::builtin()
        .rules()
        .iter()
        .filter(|r| diags.iter().any(|d| d.code == r.code))
        .cloned()
        .collect();
    let setting = output::sarif::Setting::here(&fired, Vec::new());
    let files = ["t.cxp".to_string()];
    let closing = output::sarif::Closing {
        files: &files,
        problems: &[],
    };
    let sarif = output::sarif::render(&diags, &fired, &setting, &closing);
    assert!(
        serde_json::from_str::<serde_json::Value>(&sarif).is_ok(),
        "invalid SARIF JSON"
    );
    let _ = output::junit::render(&diags, &["t.cxp".to_string()]);
    let github = output::github::render(&diags);
    assert!(
        github.lines().all(|l| l.starts_with("::")),
        "a workflow command broke its line"
    );
    let _ = output::compact::render(&diags);
    // The width varies with the input, so reports are filled at many widths (debug
    // builds, as fuzzing builds are, compare the direct drawing with miette's).
    let style = output::human::Style {
        color: false,
        width: 20 + data.len() % 160,
    };
    // Drawing a report is slow; a few per input cover it.
    let _ = output::human::render(&diags[..diags.len().min(8)], &summary, style, false);
});
