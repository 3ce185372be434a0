//! Times regorus on the programmes exported to JSON in a folder: reading the JSON into
//! regorus values, and evaluating `data.cxlint.findings` of cxlint.rego on each, one
//! thread, medians of several runs.
//!
//! cargo run --release --manifest-path benches/peers/regorus/Cargo.toml -- \
//!     benches/peers/regorus/cxlint.rego JSON_DIR [RUNS]

use std::time::Instant;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let (Some(policy), Some(dir)) = (args.get(1), args.get(2)) else {
        return Err("usage: cxlint-regorus-peer POLICY.rego JSON_DIR [RUNS]".into());
    };
    let runs: usize = args.get(3).map_or(Ok(3), |r| r.parse())?;
    let mut paths: Vec<_> = std::fs::read_dir(dir)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    paths.sort();
    let texts: Vec<String> = paths
        .iter()
        .map(std::fs::read_to_string)
        .collect::<Result<_, _>>()?;
    let bytes: usize = texts.iter().map(String::len).sum();
    let (mut parse, mut eval, mut findings) = (Vec::new(), Vec::new(), 0);
    for _ in 0..runs {
        let started = Instant::now();
        let inputs = texts
            .iter()
            .map(|t| regorus::Value::from_json_str(t))
            .collect::<Result<Vec<_>, _>>()?;
        parse.push(started.elapsed().as_secs_f64());
        let mut engine = regorus::Engine::new();
        engine.add_policy_from_file(policy)?;
        let started = Instant::now();
        findings = 0;
        for input in inputs {
            engine.set_input(input);
            let found = engine.eval_rule("data.cxlint.findings".to_string())?;
            findings += found.as_set().map(|s| s.len()).unwrap_or(0);
        }
        eval.push(started.elapsed().as_secs_f64());
    }
    let median = |v: &mut Vec<f64>| {
        v.sort_by(f64::total_cmp);
        v[v.len() / 2]
    };
    let (p, e) = (median(&mut parse), median(&mut eval));
    println!(
        "regorus: {} programmes, {:.1} MB of JSON, {findings} findings; JSON read {p:.3} s, evaluation {e:.3} s, both {:.3} s (medians of {runs}, one thread)",
        texts.len(),
        bytes as f64 / 1e6,
        p + e
    );
    Ok(())
}
