#!/usr/bin/env python3
"""The language server under an editor's load, measured in one run; prints markdown.

    benches/lsp.py [--size-kb 1024] [--edits 10000] [--bin target/release/cxlint]

1. A plan of about SIZE KB (the SaaS example's blocks repeated under new labels) is
   opened; each request an editor sends (hover, completion, definition, references,
   document symbols, formatting, code action) is timed 20 times: median and worst, in ms.
2. EDITS full-text changes of that plan are sent back to back (as fast typing does);
   the server's resident memory (VmRSS) is read before them and every 1,000 edits: it
   should stay flat.
Times are wall clock on a shared machine: read the medians, not single runs.
"""
import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


class Client:
    def __init__(self, cmd):
        self.proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE)
        self.next_id = 0

    def send(self, payload):
        body = json.dumps(payload).encode()
        self.proc.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.proc.stdin.flush()

    def read(self):
        length = 0
        while True:
            line = self.proc.stdout.readline()
            if line in (b"\r\n", b"\n", b""):
                break
            if line.lower().startswith(b"content-length:"):
                length = int(line.split(b":")[1])
        return json.loads(self.proc.stdout.read(length))

    def request(self, method, params):
        self.next_id += 1
        rid = self.next_id
        self.send({"jsonrpc": "2.0", "id": rid, "method": method, "params": params})
        while True:
            msg = self.read()
            if msg.get("id") == rid and "method" not in msg:
                return msg.get("result")
            if "method" in msg and "id" in msg:  # a request from the server
                self.send({"jsonrpc": "2.0", "id": msg["id"], "result": None})

    def notify(self, method, params):
        self.send({"jsonrpc": "2.0", "method": method, "params": params})

    def rss_kb(self):
        status = Path(f"/proc/{self.proc.pid}/status").read_text()
        return int(re.search(r"VmRSS:\s+(\d+)", status).group(1))


def big_plan(size_kb):
    """The SaaS example's blocks repeated, each copy under labels of its own."""
    text = (ROOT / "examples" / "saas-growth.cxp").read_text()
    start = text.index("{", text.index("programme")) + 1
    end = text.rindex("}")
    body = text[start:end]
    parts, n = [], 0
    while sum(len(p) for p in parts) < size_kb * 1024:
        parts.append(re.sub(r'"([^"]*)"', lambda m, n=n: f'"{m.group(1)} {n}"', body))
        n += 1
    return text[:start] + "".join(parts) + text[end:]


def position(text, needle):
    i = text.index(needle)
    line = text.count("\n", 0, i)
    col = len(text[text.rfind("\n", 0, i) + 1 : i].encode("utf-16-le")) // 2
    return {"line": line, "character": col + 1}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--size-kb", type=int, default=1024)
    ap.add_argument("--edits", type=int, default=10000)
    ap.add_argument("--bin", default=str(ROOT / "target" / "release" / "cxlint"))
    a = ap.parse_args()
    text = big_plan(a.size_kb)
    path = Path("/tmp") / f"cxlint-lsp-bench-{os.getpid()}.cxp"
    path.write_text(text)
    uri = path.as_uri()
    c = Client([a.bin, "lsp"])
    c.request("initialize", {"capabilities": {}, "rootUri": None})
    c.notify("initialized", {})
    c.notify("textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": "cxp", "version": 1, "text": text}})
    doc = {"uri": uri}
    unit = position(text, 'unit "Sales 7"')
    ref = position(text, 'applies_to = "Sales 7"')
    ref["character"] += len('applies_to = "')
    requests = {
        "hover": ("textDocument/hover", {"textDocument": doc, "position": unit}),
        "completion": ("textDocument/completion", {"textDocument": doc, "position": ref}),
        "definition": ("textDocument/definition", {"textDocument": doc, "position": ref}),
        "references": ("textDocument/references", {"textDocument": doc, "position": ref, "context": {"includeDeclaration": True}}),
        "documentSymbol": ("textDocument/documentSymbol", {"textDocument": doc}),
        "formatting": ("textDocument/formatting", {"textDocument": doc, "options": {"tabSize": 2, "insertSpaces": True}}),
        "codeAction": ("textDocument/codeAction", {"textDocument": doc, "range": {"start": unit, "end": unit}, "context": {"diagnostics": []}}),
    }
    print(f"## Language server: a {len(text) // 1024} KB plan, `{Path(a.bin).name} lsp`\n")
    print("| request | median ms | worst ms |\n|---|---|---|")
    for name, (method, params) in requests.items():
        times = []
        for _ in range(20):
            t0 = time.perf_counter()
            c.request(method, params)
            times.append((time.perf_counter() - t0) * 1000)
        print(f"| {name} | {statistics.median(times):.1f} | {max(times):.1f} |")
    print(f"\n{a.edits} edits, resident memory before the first and every 1,000 (KB):")
    samples = [c.rss_kb()]
    for v in range(2, a.edits + 2):
        changed = text.replace('weight = 60%', f'weight = {60 - v % 2}%', 1) if v % 2 else text
        c.notify("textDocument/didChange", {"textDocument": {"uri": uri, "version": v}, "contentChanges": [{"text": changed}]})
        if v % 1000 == 0:
            c.request("textDocument/hover", requests["hover"][1])  # let the queue drain
            samples.append(c.rss_kb())
    print(" ".join(str(s) for s in samples))
    growth = samples[-1] / samples[0] if samples else 1.0
    print(f"\nlast / first: {growth:.2f}")
    c.request("shutdown", None)
    c.notify("exit", None)
    c.proc.wait(timeout=10)
    path.unlink()
    return 0


if __name__ == "__main__":
    sys.exit(main())
