//! `cxlint report` grows in proportion to the plans it reads, in every format: the
//! report over 4N plans costs about four times what N plans cost above a report of one
//! plan, counted as allocations made (a number that does not depend on the machine) and
//! as CPU time with a wide margin. The report once compared every programme with every
//! finding, which allocates nothing but made the time grow with the square of the plans.
#![cfg(unix)]

use std::os::fd::AsFd;
use std::path::Path;

mod counting;

#[global_allocator]
static ALLOCATOR: counting::Counting = counting::Counting;

/// A folder of `n` programmes, each a copy of the telecom example (36 findings) under
/// its own name, in folders of ten.
fn plans(root: &Path, n: usize) {
    let text = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/telecom-cost-cutting.cxp"),
    )
    .unwrap();
    for i in 0..n {
        let dir = root.join(format!("org{:02}", i / 10));
        std::fs::create_dir_all(&dir).unwrap();
        let renamed = text.replacen("programme \"", &format!("programme \"P{i} "), 1);
        std::fs::write(dir.join(format!("plan{i}.cxp")), renamed).unwrap();
    }
}

/// The CPU time of the process so far, every thread's.
fn cpu() -> std::time::Duration {
    let t = rustix::time::clock_gettime(rustix::time::ClockId::ProcessCPUTime);
    std::time::Duration::new(t.tv_sec as u64, t.tv_nsec as u32)
}

/// Allocations made and CPU time taken by `cxlint report --format FORMAT DIR`, its output
/// sent to /dev/null.
fn cost(format: &str, dir: &Path) -> (usize, f64) {
    let args = [
        "cxlint",
        "report",
        "--jobs",
        "1",
        "--today",
        "2027-01-01",
        "--format",
        format,
        dir.to_str().unwrap(),
    ]
    .map(std::ffi::OsString::from);
    let saved = rustix::io::dup(std::io::stdout().as_fd()).unwrap();
    let null = std::fs::OpenOptions::new()
        .write(true)
        .open("/dev/null")
        .unwrap();
    rustix::stdio::dup2_stdout(&null).unwrap();
    let started = cpu();
    let (made, code) = counting::allocations_during(|| cxlint::cli::main_from(args));
    let took = (cpu() - started).as_secs_f64();
    use std::io::Write as _;
    std::io::stdout().flush().unwrap();
    rustix::stdio::dup2_stdout(&saved).unwrap();
    assert_eq!(code, 0, "the report is made");
    (made, took)
}

// One test in this binary, so no other test allocates while it counts.
#[test]
fn report_costs_grow_in_proportion_to_the_plans() {
    let one = tempfile::tempdir().unwrap();
    let n = tempfile::tempdir().unwrap();
    let four_n = tempfile::tempdir().unwrap();
    plans(one.path(), 1);
    plans(n.path(), 20);
    plans(four_n.path(), 80);
    for format in ["markdown", "json", "html"] {
        let base = cost(format, one.path());
        let small = cost(format, n.path());
        let large = cost(format, four_n.path());
        let (small_allocs, large_allocs) = (small.0 - base.0, large.0 - base.0);
        let ratio = large_allocs as f64 / small_allocs as f64;
        eprintln!(
            "{format}: {small_allocs} allocations and {:.3} CPU s for 19 more plans, {large_allocs} and {:.3} s for 79 more ({ratio:.2}x)",
            small.1 - base.1,
            large.1 - base.1
        );
        // 79 plans over 19 is 4.16 times the plans; allow a little for the larger
        // folder's bookkeeping, far below what a square would give (17x).
        assert!(
            ratio < 4.8,
            "{format}: {small_allocs} allocations for 19 more plans, {large_allocs} for 79 more"
        );
        // CPU time is noisier: a wide margin, still far below a square.
        let time_ratio = (large.1 - base.1) / (small.1 - base.1).max(1e-3);
        assert!(
            time_ratio < 9.0,
            "{format}: {:.3} CPU s for 19 more plans, {:.3} for 79 more",
            small.1 - base.1,
            large.1 - base.1
        );
    }
}
