//! Where the time of one large plan goes: reading and parsing, the model, and each
//! built-in rule on its own. Prints medians; asserts nothing.
//!
//!     cargo bench --bench phases -- PLAN.cxp [RUNS]
//!
//! Without a plan it times the largest example programme. The corpus benchmarks
//! (benches/run.py) measure whole runs; this one says which stage to look at.

use std::time::{Duration, Instant};

use cxlint::engine::{RuleSet, RuleSettings};
use cxlint::model::build::load_text;
use cxlint::source::SourceFile;

fn median(runs: usize, mut f: impl FnMut()) -> Duration {
    let mut times: Vec<Duration> = (0..runs.max(1))
        .map(|_| {
            let t = Instant::now();
            f();
            t.elapsed()
        })
        .collect();
    times.sort();
    times[times.len() / 2]
}

fn main() {
    // `cargo bench` passes `--bench`; the plan and the run count are the other arguments.
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with("--"))
        .collect();
    let path = args.first().cloned().unwrap_or_else(|| {
        concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/examples/telecom-cost-cutting.cxp"
        )
        .into()
    });
    let runs: usize = args.get(1).and_then(|r| r.parse().ok()).unwrap_or(5);
    let text = match std::fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("cannot read {path}: {e}");
            std::process::exit(2);
        }
    };
    println!("{path}: {} bytes, medians of {runs} runs", text.len());

    let parse = median(runs, || {
        let file = SourceFile::new(path.clone(), text.clone());
        std::hint::black_box(cxlint::syntax::parse(&file));
    });
    let model = median(runs, || {
        std::hint::black_box(load_text(&path, &text));
    });
    println!("parse            {parse:>12.3?}");
    println!("parse and model  {model:>12.3?}");

    let outcome = load_text(&path, &text);
    let Some(programme) = outcome.programmes.first() else {
        println!("no programme: {} diagnostics", outcome.diagnostics.len());
        return;
    };
    let set = RuleSet::builtin();
    for rule in set.rules() {
        let only = |code: &str| {
            (code == rule.code).then(|| RuleSettings {
                severity: rule.severity,
                params: Default::default(),
            })
        };
        let mut found = 0;
        let time = median(runs, || found = set.evaluate(programme, &only).len());
        println!("{:<16} {time:>12.3?}  {found} findings", rule.code);
    }
}
