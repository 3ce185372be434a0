#!/usr/bin/env python3
"""cxlint benchmarks, measured in one run on one machine; prints markdown.

    benches/run.py [--files N] [--runs R]     (default 10,000 files, 5 runs; CI uses 200)

1. one small file, whole process (the pre-commit case);
2. the corpus with every rule on, `--jobs 1` and all cores: files/s, MB/s, peak RSS;
3. the scaling series (1x, 10x, 100x): time against programme size;
4. peers: `cat` of the corpus (the floor) and, when installed
   (`npm i -g @stoplight/spectral-cli`), Spectral on the exported JSON with the
   four-rule ruleset in benches/peers/.
Times are medians of R runs (wall clock); peak RSS from getrusage of the child.
"""
import argparse
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = ROOT / "target" / "release" / "cxlint"


def run_once(cmd, **kw):
    t0 = time.perf_counter()
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, **kw)
    return time.perf_counter() - t0


def median(cmd, runs, **kw):
    run_once(cmd, **kw)  # warm the page cache
    return statistics.median(run_once(cmd, **kw) for _ in range(runs))


def peak_rss_mb(cmd):
    """Peak RSS (MB) and CPU time (user + system, s) of one run. The peak is exact only
    while it exceeds every earlier child's, as getrusage keeps the largest."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return after.ru_maxrss / 1024, cpu


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--files", type=int, default=10_000)
    p.add_argument("--runs", type=int, default=5)
    p.add_argument("--work", default=str(ROOT / "target" / "bench"))
    a = p.parse_args()
    subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=ROOT, check=True)
    work = Path(a.work)
    corpus = work / f"corpus-{a.files}"
    if not (corpus / ".done").exists():
        shutil.rmtree(corpus, ignore_errors=True)
        subprocess.run([sys.executable, ROOT / "benches" / "gen_corpus.py", "corpus", corpus,
                        "--files", str(a.files)], check=True, stdout=subprocess.DEVNULL)
        (corpus / ".done").touch()
    scaling = work / "scaling"
    subprocess.run([sys.executable, ROOT / "benches" / "gen_corpus.py", "scaling", scaling],
                   check=True, stdout=subprocess.DEVNULL)
    files = sorted(corpus.rglob("*.cxp"))
    size = sum(f.stat().st_size for f in files)
    cpus = os.cpu_count() or 1
    check = [str(BIN), "check", "--fail-on", "never", "--quiet", "--format", "compact"]

    print("## Machine")
    model = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "?")
    print(f"- {cpus} cores ({model}), {platform.system()} {platform.release()}")
    print(f"- corpus: {len(files)} files, {size / 1e6:.1f} MB; medians of {a.runs} runs\n")

    print("## 1. One small file, whole process")
    small = median(check + [str(ROOT / "examples" / "saas-growth.cxp")], max(a.runs, 20))
    print(f"- `cxlint check examples/saas-growth.cxp`: median {small * 1000:.1f} ms\n")

    print("## 2. Corpus, every rule on")
    print("| jobs | median s | files/s | MB/s | peak RSS MB | CPU s | MB per CPU s |\n|---|---|---|---|---|---|---|")
    results = {}
    for jobs in sorted({1, cpus}):
        cmd = check + ["--jobs", str(jobs), str(corpus)]
        t = median(cmd, a.runs)
        results[jobs] = t
        rss, cpu = peak_rss_mb(cmd)
        print(f"| {jobs} | {t:.2f} | {len(files) / t:.0f} | {size / 1e6 / t:.1f} | {rss:.0f} "
              f"| {cpu:.2f} | {size / 1e6 / cpu:.1f} |")
    if cpus > 1:
        print(f"\nall cores vs one: {results[1] / results[cpus]:.2f}x")
    print()

    print("## 3. Scaling")
    print("| programme | KB | median ms | vs 1x |\n|---|---|---|---|")
    base = None
    for f in sorted(scaling.glob("scale-*.cxp"), key=lambda f: int(f.stem.split("-")[1])):
        t = median(check + [str(f)], a.runs)
        base = base or t
        print(f"| {f.name} | {f.stat().st_size / 1000:.0f} | {t * 1000:.1f} | {t / base:.1f}x |")
    print()

    print("## 4. Peers")
    t_cat = median(["sh", "-c", f"find '{corpus}' -name '*.cxp' -exec cat {{}} + >/dev/null"], a.runs)
    print(f"- `cat` of the corpus (the floor): median {t_cat:.2f} s")
    spectral = shutil.which("spectral")
    if not spectral:
        print("- Spectral not installed (`npm i -g @stoplight/spectral-cli`): skipped")
        return
    json_dir = work / f"json-{a.files}"
    roots = [f for f in files if f.parent.name.startswith("org") or f.name == "main.cxp"]
    if not (json_dir / ".done").exists():
        shutil.rmtree(json_dir, ignore_errors=True)
        json_dir.mkdir(parents=True)
        for f in roots:
            out = subprocess.run([str(BIN), "export", str(f)], capture_output=True)
            if out.returncode == 0:
                (json_dir / (str(f.relative_to(corpus)).replace("/", "_") + ".json")).write_bytes(out.stdout)
        (json_dir / ".done").touch()
    runs = int(os.environ.get("SPECTRAL_RUNS", "1"))
    t_sp = median([spectral, "lint", "--quiet", "--ruleset", str(ROOT / "benches" / "peers" / "spectral.yaml"),
                   str(json_dir / "*.json")], runs)
    t_cx = results[cpus]
    t_four = median(check + ["--jobs", str(cpus), "--select", "FM06,FM10,CC06,EB01", str(corpus)], a.runs)
    print(f"- Spectral, 4 rules, on the {len(list(json_dir.glob('*.json')))} exported programmes: median {t_sp:.2f} s ({runs} runs)")
    print(f"- cxlint, the same 4 rules, same programmes from source: median {t_four:.2f} s: **{t_sp / t_four:.0f}x faster**")
    print(f"- cxlint, every rule, same programmes from source: median {t_cx:.2f} s: **{t_sp / t_cx:.0f}x faster**")


if __name__ == "__main__":
    main()
