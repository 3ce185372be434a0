#!/usr/bin/env python3
"""cxlint against regorus on the same programmes and the same four rules (FM06, FM10,
CC06, EB01), one thread each, CPU seconds. Run by hand, not in CI:

    python3 benches/peers/regorus/compare.py [--files 10000] [--folders 20] [--runs 5]
        [--interleave N]

It builds cxlint and the regorus harness (release), writes the benchmark corpus with
benches/gen_corpus.py (into target/bench, as benches/run.py does), exports the root
programmes of the first FOLDERS folders to JSON with `cxlint export`, then times:
regorus reading that JSON and evaluating cxlint.rego, regorus evaluating alone, and
cxlint checking the same folders from source with the same four rules, `--jobs 1`.

With `--interleave N` it then runs N pairs, one harness run (`--runs 1`) followed by one
cxlint run, and prints the medians, the ratio of the medians and the median of the
paired ratios: on a shared machine the pairs see the same load, which the medians of
two separate series do not.
"""
import re
import statistics
import argparse
import resource
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
HERE = Path(__file__).resolve().parent
BIN = ROOT / "target" / "release" / "cxlint"


def cpu_of(cmd):
    """CPU seconds (user + system) of one run of cmd, and its output."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    out = subprocess.run(cmd, capture_output=True, text=True)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime), out


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--files", type=int, default=10_000)
    p.add_argument("--folders", type=int, default=20)
    p.add_argument("--runs", type=int, default=5)
    p.add_argument("--interleave", type=int, default=0)
    a = p.parse_args()
    subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=ROOT, check=True)
    subprocess.run(["cargo", "build", "--release", "--quiet", "--manifest-path",
                    str(HERE / "Cargo.toml")], check=True)
    harness = HERE / "target" / "release" / "cxlint-regorus-peer"
    corpus = ROOT / "target" / "bench" / f"corpus-{a.files}"
    if not (corpus / ".done").exists():
        subprocess.run([sys.executable, ROOT / "benches" / "gen_corpus.py", "corpus", corpus,
                        "--files", str(a.files)], check=True, stdout=subprocess.DEVNULL)
        (corpus / ".done").touch()
    folders = sorted(d for d in corpus.iterdir() if d.is_dir())[: a.folders]
    json_dir = ROOT / "target" / "bench" / f"regorus-{a.files}-{a.folders}"
    json_dir.mkdir(parents=True, exist_ok=True)
    roots = [f for d in folders for f in sorted(d.rglob("*.cxp"))
             if f.parent.name.startswith("org") or f.name == "main.cxp"]
    for f in roots:
        target = json_dir / (str(f.relative_to(corpus)).replace("/", "_") + ".json")
        if not target.exists():
            out = subprocess.run([str(BIN), "export", str(f)], capture_output=True)
            if out.returncode == 0:
                target.write_bytes(out.stdout)
    size = sum(f.stat().st_size for d in folders for f in d.rglob("*.cxp"))
    print(f"{len(roots)} programmes in {len(folders)} folders, {size / 1e6:.1f} MB of plans")
    _, out = cpu_of([str(harness), str(HERE / "cxlint.rego"), str(json_dir), str(a.runs)])
    print(out.stdout.strip() or out.stderr.strip())
    four = [str(BIN), "check", "--quiet", "--fail-on", "never", "--format", "compact", "--jobs", "1",
            "--select", "FM06,FM10,CC06,EB01"] + [str(d) for d in folders]
    times = sorted(cpu_of(four)[0] for _ in range(a.runs))
    print(f"cxlint, same 4 rules, from source, one job: {times[len(times) // 2]:.3f} CPU s "
          f"(median of {a.runs})")
    if a.interleave:
        interleaved(harness, json_dir, four, a.interleave)


def interleaved(harness, json_dir, four, pairs):
    """One harness run, then one cxlint run, `pairs` times: medians and paired ratios."""
    both, evaluation, cxlint = [], [], []
    for _ in range(pairs):
        _, out = cpu_of([str(harness), str(HERE / "cxlint.rego"), str(json_dir), "1"])
        m = re.search(r"JSON read ([\d.]+) s, evaluation ([\d.]+) s", out.stdout)
        both.append(float(m.group(1)) + float(m.group(2)))
        evaluation.append(float(m.group(2)))
        cxlint.append(cpu_of(four)[0])
    med = statistics.median
    print(f"interleaved, {pairs} pairs: regorus with its JSON {med(both):.3f} s, evaluation "
          f"{med(evaluation):.3f} s; cxlint {med(cxlint):.3f} CPU s")
    for name, theirs in (("regorus with its JSON", both), ("regorus's evaluation alone", evaluation)):
        paired = med([t / c for t, c in zip(theirs, cxlint)])
        print(f"cxlint faster than {name}: {med(theirs) / med(cxlint):.2f}x "
              f"(ratio of medians), {paired:.2f}x (median of paired ratios)")


if __name__ == "__main__":
    main()
