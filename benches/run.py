#!/usr/bin/env python3
"""cxlint benchmarks, measured in one run on one machine; prints markdown.

    benches/run.py [--files N] [--runs R]     (default 10,000 files, 5 runs; CI uses 200)

1. one small file, whole process (the pre-commit case);
2. the corpus with every rule on, `--jobs 1` and all cores, in compact and in human
   format: files/s, MB/s, peak RSS, CPU time;
3. the scaling series (1x, 10x, 100x): time against programme size;
4. one plan of about 840 KB with about 10,000 findings (gen_corpus.py findings), in
   compact and in human format: median CPU time of each;
5. peers: `cat` of the corpus (the floor) and, when installed
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


def median_cpu(cmd, runs, **kw):
    """Median CPU time (user + system, s) of R runs, after one to warm the page cache."""
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, **kw)
    cpus = []
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, **kw)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append((after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime))
    return statistics.median(cpus)


def peak_rss_mb(cmd):
    """Peak RSS (MB) and CPU time (user + system, s) of one run, of that process alone
    (os.wait4 gives its own resource usage, not the largest of every child so far)."""
    child = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, _, usage = os.wait4(child.pid, 0)
    child.returncode = 0
    return usage.ru_maxrss / 1024, usage.ru_utime + usage.ru_stime


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--files", type=int, default=10_000)
    p.add_argument("--runs", type=int, default=5)
    p.add_argument("--work", default=str(ROOT / "target" / "bench"))
    p.add_argument("--peer-files", type=int, default=2000,
                   help="programmes in the Spectral comparison (the first folders of the corpus)")
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
    subprocess.run([sys.executable, ROOT / "benches" / "gen_corpus.py", "scaling", scaling,
                    "--factors", "1,10,100,300"],
                   check=True, stdout=subprocess.DEVNULL)
    files = sorted(corpus.rglob("*.cxp"))
    size = sum(f.stat().st_size for f in files)
    cpus = os.cpu_count() or 1
    check = [str(BIN), "check", "--fail-on", "never", "--quiet", "--format", "compact"]
    human = [str(BIN), "check", "--fail-on", "never", "--quiet", "--format", "human"]

    print("## Machine")
    model = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "?")
    print(f"- {cpus} cores ({model}), {platform.system()} {platform.release()}")
    print(f"- corpus: {len(files)} files, {size / 1e6:.1f} MB; medians of {a.runs} runs\n")

    print("## 1. One small file, whole process")
    small = median(check + [str(ROOT / "examples" / "saas-growth.cxp")], max(a.runs, 20))
    print(f"- `cxlint check examples/saas-growth.cxp`: median {small * 1000:.1f} ms\n")

    print("## 2. Corpus, every rule on")
    print("| format | jobs | median s | files/s | MB/s | peak RSS MB | CPU s | MB per CPU s |\n"
          "|---|---|---|---|---|---|---|---|")
    results, cpu_of = {}, {}
    for fmt, base in (("compact", check), ("human", human)):
        for jobs in sorted({1, cpus}):
            cmd = base + ["--jobs", str(jobs), str(corpus)]
            t = median(cmd, a.runs)
            results[fmt, jobs] = t
            rss, cpu = peak_rss_mb(cmd)
            cpu_of[fmt, jobs] = cpu
            print(f"| {fmt} | {jobs} | {t:.2f} | {len(files) / t:.0f} | {size / 1e6 / t:.1f} | {rss:.0f} "
                  f"| {cpu:.2f} | {size / 1e6 / cpu:.1f} |")
    print()
    if cpus > 1:
        for fmt in ("compact", "human"):
            print(f"- all cores vs one, {fmt}: {results[fmt, 1] / results[fmt, cpus]:.2f}x")
    print(f"- human vs compact, CPU s on one core: {cpu_of['human', 1] / cpu_of['compact', 1]:.2f}x")
    # `report` against `check` in JSON, all cores: CPU and peak memory.
    as_json = [str(BIN), "check", "--fail-on", "never", "--quiet", "--format", "json", str(corpus)]
    report = [str(BIN), "report", "--format", "json", str(corpus)]
    rss_c, cpu_c = peak_rss_mb(as_json)
    rss_r, cpu_r = peak_rss_mb(report)
    print(f"- `check --format json`: {cpu_c:.2f} CPU s, {rss_c:.0f} MB; `report --format json`: "
          f"{cpu_r:.2f} CPU s, {rss_r:.0f} MB: report vs check {cpu_r / cpu_c:.2f}x the CPU")
    print()

    print("## 3. Scaling")
    print("| programme | KB | median ms | vs 1x |\n|---|---|---|---|")
    base = None
    for f in sorted(scaling.glob("scale-*.cxp"), key=lambda f: int(f.stem.split("-")[1])):
        t = median(check + [str(f)], a.runs)
        base = base or t
        print(f"| {f.name} | {f.stat().st_size / 1000:.0f} | {t * 1000:.1f} | {t / base:.1f}x |")
    print()

    print("## 4. Many findings")
    many = work / "findings"
    subprocess.run([sys.executable, ROOT / "benches" / "gen_corpus.py", "findings", many],
                   check=True, stdout=subprocess.DEVNULL)
    plan = many / "findings.cxp"
    shown = subprocess.run(check + [str(plan)], capture_output=True, cwd=many).stdout.count(b"\n")
    print(f"- `{plan.name}`: {plan.stat().st_size / 1000:.0f} KB, {shown} findings; "
          f"median CPU s of {max(a.runs, 5)} runs")
    cpu = {fmt: median_cpu(base + [str(plan)], max(a.runs, 5), cwd=many)
           for fmt, base in (("compact", check), ("human", human))}
    print(f"- compact {cpu['compact']:.3f} CPU s, human {cpu['human']:.3f} CPU s: "
          f"human vs compact {cpu['human'] / cpu['compact']:.2f}x\n")

    print("## 5. Peers")
    t_cat = median(["sh", "-c", f"find '{corpus}' -name '*.cxp' -exec cat {{}} + >/dev/null"], a.runs)
    print(f"- `cat` of the corpus (the floor): median {t_cat:.2f} s")
    spectral = shutil.which("spectral")
    if not spectral:
        print("- Spectral not installed (`npm i -g @stoplight/spectral-cli`): skipped")
        return
    # Spectral needs minutes and gigabytes for thousands of documents, so the comparison
    # runs on the first folders of the corpus, about --peer-files programmes, and cxlint
    # checks exactly those folders from source.
    folders = sorted(d for d in corpus.iterdir() if d.is_dir())
    chosen, count = [], 0
    for d in folders:
        if count >= a.peer_files:
            break
        chosen.append(d)
        count += sum(1 for e in d.iterdir() if e.suffix == ".cxp" or e.is_dir())
    peer_files = [f for d in chosen for f in sorted(d.rglob("*.cxp"))]
    roots = [f for f in peer_files if f.parent.name.startswith("org") or f.name == "main.cxp"]
    json_dir = work / f"json-{a.files}-{len(chosen)}"
    if not (json_dir / ".done").exists():
        shutil.rmtree(json_dir, ignore_errors=True)
        json_dir.mkdir(parents=True)
        for f in roots:
            out = subprocess.run([str(BIN), "export", str(f)], capture_output=True)
            if out.returncode == 0:
                (json_dir / (str(f.relative_to(corpus)).replace("/", "_") + ".json")).write_bytes(out.stdout)
        (json_dir / ".done").touch()
    runs = int(os.environ.get("SPECTRAL_RUNS", "1"))
    sp_cmd = [spectral, "lint", "--quiet", "--ruleset", str(ROOT / "benches" / "peers" / "spectral.yaml"),
              str(json_dir / "*.json")]
    t_sp = median(sp_cmd, runs)
    _, cpu_sp = peak_rss_mb(sp_cmd)
    dirs = [str(d) for d in chosen]
    every = check + ["--jobs", str(cpus)] + dirs
    four = check + ["--jobs", str(cpus), "--select", "FM06,FM10,CC06,EB01"] + dirs
    t_cx = median(every, a.runs)
    t_four = median(four, a.runs)
    _, cpu_cx = peak_rss_mb(every)
    _, cpu_four = peak_rss_mb(four)
    n = len(list(json_dir.glob("*.json")))
    print(f"- Spectral, 4 rules, on {n} exported programmes ({len(chosen)} folders, {len(peer_files)} files): "
          f"median {t_sp:.2f} s ({runs} runs), {cpu_sp:.1f} CPU s")
    print(f"- cxlint, the same 4 rules, same programmes from source: median {t_four:.2f} s, {cpu_four:.2f} CPU s: "
          f"**{t_sp / t_four:.0f}x faster** ({cpu_sp / cpu_four:.0f}x in CPU time)")
    print(f"- cxlint, every rule, same programmes from source: median {t_cx:.2f} s, {cpu_cx:.2f} CPU s: "
          f"**{t_sp / t_cx:.0f}x faster** ({cpu_sp / cpu_cx:.0f}x in CPU time)")


if __name__ == "__main__":
    main()
