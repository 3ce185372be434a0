#!/usr/bin/env bash
# The integrations checked against the real tools that consume them:
#   sarif       the official SARIF 2.1.0 schema, with check-jsonschema; Microsoft's SARIF
#               multitool (npm @microsoft/sarif-multitool) `validate` with the rule kinds
#               Sarif and Ghas (GitHub code scanning): no error and no warning, on plans
#               given by relative and by absolute paths, and of the shared acceptance
#               cases (both ways) when ../shared is beside the checkout
#   junit       junitparser reads the JUnit XML of plans with hostile labels
#   pre-commit  a temporary repository using .pre-commit-hooks.yaml: a bad plan blocks
#               the commit with readable output, a good plan passes
#   html        headless Chromium reads the auditor's report (facts of the run, verdicts,
#               code spans as code, no script) and renders it; the screenshot is not blank
# Installs what it needs (pip, apt-get), fails loudly on the first failed check.
# Usage: scripts/gates.sh [sarif|junit|pre-commit|html]...   (default: all)
set -Eeuo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD

fail() {
  echo "gates: FAILED: $*" >&2
  exit 1
}
trap 'echo "gates: FAILED (line $LINENO, exit $?)" >&2' ERR

WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

# --- tools -----------------------------------------------------------------------------
# pre-commit, check-jsonschema and junitparser (and PyYAML, which pre-commit brings).
# Installed into a virtual environment under target/ when missing: Debian's own Python
# refuses `pip install` outside one.
PY=python3
python_tools() {
  local venv="${CARGO_TARGET_DIR:-$ROOT/target}/gates-venv"
  if [ -x "$venv/bin/python" ]; then
    PY="$venv/bin/python"
    export PATH="$venv/bin:$PATH"
  fi
  if command -v pre-commit >/dev/null 2>&1 && command -v check-jsonschema >/dev/null 2>&1 &&
    "$PY" -c 'import junitparser, yaml' >/dev/null 2>&1 && [ -z "${GATES_FRESH_VENV:-}" ]; then
    return
  fi
  echo "-- pip install pre-commit check-jsonschema junitparser (into $venv)"
  if [ ! -x "$venv/bin/python" ]; then
    if ! python3 -m venv "$venv" 2>/dev/null; then
      echo "-- apt-get install python3-venv"
      as_root apt-get update -qq
      as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-venv
      rm -rf "$venv"
      python3 -m venv "$venv" || fail "cannot make a virtual environment"
    fi
  fi
  PY="$venv/bin/python"
  export PATH="$venv/bin:$PATH"
  "$PY" -m pip install --quiet --disable-pip-version-check pre-commit check-jsonschema junitparser
}

# shellcheck source=scripts/lib/as-root.sh
. scripts/lib/as-root.sh

# Microsoft's SARIF multitool, installed with npm under target/ when missing. Its package
# ships the binary; the chmod its install script would do is done here, so it works with
# install scripts disabled too.
MULTITOOL=""
sarif_multitool() {
  local dir="${CARGO_TARGET_DIR:-$ROOT/target}/gates-npm"
  local bin="$dir/node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool"
  if [ ! -e "$bin" ]; then
    command -v npm >/dev/null 2>&1 || {
      echo "-- apt-get install npm"
      as_root apt-get update -qq
      as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq npm
    }
    echo "-- npm install @microsoft/sarif-multitool (into $dir)"
    mkdir -p "$dir"
    npm install --prefix "$dir" --no-audit --no-fund --loglevel=error @microsoft/sarif-multitool@5 >&2
  fi
  [ -e "$bin" ] || fail "no SARIF multitool at $bin"
  chmod u+x "$bin"
  MULTITOOL="$bin"
}

# Validate SARIF files with the multitool (rule kinds Sarif and Ghas, every level), print
# what it reports, and fail on any error or warning: the multitool itself exits 0 even
# when it reports errors, so its own SARIF output is read.
multitool_validate() {
  local f out bad=0
  for f in "$@"; do
    out="$f.validation.sarif"
    DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1 "$MULTITOOL" validate --rule-kind "Sarif;Ghas" \
      --level "Error;Warning;Note" --log ForceOverwrite -o "$out" "$f" >"$f.validation.log" 2>&1 ||
      { cat "$f.validation.log"; fail "the SARIF multitool could not validate $f"; }
    "$PY" - "$out" "${f##*/}" <<'EOF' || bad=1
import collections, json, sys
log = json.load(open(sys.argv[1]))
results = [r for run in log["runs"] for r in run.get("results", [])]
counts = collections.Counter((r.get("level", "warning"), r["ruleId"]) for r in results)
summary = ", ".join(f"{n} {level} {rule}" for (level, rule), n in sorted(counts.items())) or "nothing"
print(f"multitool on {sys.argv[2]}: {summary}")
bad = [r for r in results if r.get("level", "warning") in ("error", "warning")]
for r in bad[:20]:
    print(f"  {r.get('level', 'warning')} {r['ruleId']}: {r['message'].get('text', r['message'])}")
sys.exit(1 if bad else 0)
EOF
  done
  return "$bad"
}

chromium_bin() {
  for c in chromium chromium-browser google-chrome; do
    if command -v "$c" >/dev/null 2>&1; then
      echo "$c"
      return
    fi
  done
  echo "-- apt-get install chromium" >&2
  as_root apt-get update -qq >&2
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >&2
  echo chromium
}

echo "-- building cxlint"
cargo build --quiet
BIN_DIR="${CARGO_TARGET_DIR:-$ROOT/target}/debug"
CXLINT="$BIN_DIR/cxlint"
[ -x "$CXLINT" ] || fail "no binary at $CXLINT"
HOSTILE=tests/data/gates/hostile
HOSTILE_CFG=(--config "$HOSTILE/cxlint.yaml")

# Run cxlint expecting one of the given exit codes (findings are exit 1, not a failure).
lint() {
  local want=$1
  shift
  local rc=0
  "$CXLINT" "$@" || rc=$?
  case " $want " in
    *" $rc "*) ;;
    *) fail "cxlint $* exited $rc, expected one of: $want" ;;
  esac
}

# --- SARIF: valid against the official schema ----------------------------------------------
check_sarif() {
  echo "== SARIF against the official 2.1.0 schema (check-jsonschema)"
  lint "0 1" check examples --format sarif >"$WORK/examples.sarif"
  lint "0 1" check "$HOSTILE" "${HOSTILE_CFG[@]}" --format sarif >"$WORK/hostile.sarif"
  lint "1" check tests/data/gates/broken --format sarif >"$WORK/broken.sarif"
  lint "1" check tests/data/gates/fixable --format sarif >"$WORK/fixable.sarif"
  check-jsonschema --schemafile tests/schemas/sarif-schema-2.1.0.json \
    "$WORK/examples.sarif" "$WORK/hostile.sarif" "$WORK/broken.sarif" "$WORK/fixable.sarif"
  "$PY" - "$WORK/hostile.sarif" <<'EOF'
import json, sys
run = json.load(open(sys.argv[1]))["runs"][0]
rules = run["tool"]["driver"]["rules"]
assert all(r.get("help", {}).get("text") for r in rules), "a rule without help"
kinds = sorted(s["kind"] for r in run["results"] for s in r.get("suppressions", []))
assert kinds == ["external", "inSource"], kinds
assert all(s["justification"] for r in run["results"] for s in r.get("suppressions", []))
print(f"{len(rules)} rules with help, {len(run['results'])} results, suppressions: {kinds}")
EOF
  echo "== SARIF checked by Microsoft's SARIF multitool (Sarif;Ghas)"
  sarif_multitool
  lint "0 1" check "$ROOT/examples" --format sarif >"$WORK/examples-absolute.sarif"
  (cd examples && lint "0 1" check . --format sarif) >"$WORK/examples-dot.sarif"
  # The shared acceptance cases, given by an absolute path and by a relative one.
  local cases=()
  if [ -d "$ROOT/../shared/acceptance/cases" ]; then
    local shared
    shared="$(cd "$ROOT/../shared/acceptance" && pwd)"
    lint "0 1" check "$shared/cases" --format sarif >"$WORK/cases-absolute.sarif"
    (cd "$shared" && lint "0 1" check cases --format sarif) >"$WORK/cases-relative.sarif"
    cases=("$WORK/cases-absolute.sarif" "$WORK/cases-relative.sarif")
  fi
  multitool_validate "$WORK/examples.sarif" "$WORK/examples-absolute.sarif" \
    "$WORK/examples-dot.sarif" "$WORK/hostile.sarif" "$WORK/broken.sarif" \
    "$WORK/fixable.sarif" "${cases[@]}" ||
    fail "the SARIF multitool reports errors or warnings"
  "$PY" - "$WORK/examples.sarif" "$WORK/examples-absolute.sarif" "$WORK/examples-dot.sarif" <<'EOF'
import json, sys
def results(path):
    run = json.load(open(path))["runs"][0]
    return [(r["ruleId"], r["locations"][0]["physicalLocation"]["artifactLocation"],
             r["partialFingerprints"]) for r in run["results"]]
first = results(sys.argv[1])
for other in sys.argv[2:]:
    assert results(other) == first, f"{other}: addresses or fingerprints depend on the path form"
print(f"{len(first)} results: the same addresses and fingerprints for relative, absolute and ./ paths")
EOF
}

# --- JUnit: junitparser reads it, labels intact ------------------------------------------
check_junit() {
  echo "== JUnit XML read by junitparser"
  lint "1" check "$HOSTILE" "${HOSTILE_CFG[@]}" --format junit >"$WORK/hostile.xml"
  lint "0 1" check examples --format junit >"$WORK/examples.xml"
  lint "1" check tests/data/gates/broken --format junit >"$WORK/broken.xml"
  "$PY" - "$WORK/hostile.xml" "$WORK/examples.xml" "$WORK/broken.xml" <<'EOF'
import sys
from junitparser import JUnitXml, Failure
for path in sys.argv[1:]:
    xml = JUnitXml.fromfile(path)
    cases = [c for suite in xml for c in suite]
    failures = [r for c in cases for r in c.result if isinstance(r, Failure)]
    assert cases, f"{path}: no test cases"
    print(f"{path.rsplit('/', 1)[-1]}: {len(cases)} cases, {len(failures)} failures")
    if "hostile" in path:
        names = " ".join(c.name for c in cases)
        texts = " ".join((f.message or "") + (f.text or "") for f in failures)
        assert 'Agents <"night" & day>' in texts, "label with markup lost"
        assert "\U0001F600" in texts, "emoji lost"
        assert "FM06 reap-what-you-sow at 73:" in names, "finding missing from JUnit"
        for allowed in ("FM06 reap-what-you-sow at 65:", "FM10 technology-shortcut at 94:"):
            assert allowed not in names, f"suppressed finding in JUnit: {allowed}"
EOF
}

# --- pre-commit: the shipped hook blocks a bad plan, passes a good one ----------------------
check_pre_commit() {
  echo "== pre-commit with .pre-commit-hooks.yaml"
  pre-commit validate-manifest .pre-commit-hooks.yaml
  local repo="$WORK/policy-repo"
  mkdir -p "$repo"
  # The shipped hooks, as a local repository: language `system` runs the binary built
  # above instead of building it again inside pre-commit's environment.
  "$PY" - "$ROOT/.pre-commit-hooks.yaml" "$repo/.pre-commit-config.yaml" <<'EOF'
import sys, yaml
hooks = yaml.safe_load(open(sys.argv[1]))
for h in hooks:
    h["language"] = "system"
yaml.safe_dump({"repos": [{"repo": "local", "hooks": hooks}]}, open(sys.argv[2], "w"))
EOF
  (
    cd "$repo"
    export PATH="$BIN_DIR:$PATH" PRE_COMMIT_HOME="$WORK/pre-commit-home"
    git init -q .
    git config user.email gate@example.com
    git config user.name gate
    git add .pre-commit-config.yaml
    git commit -qm "config" --no-verify
    pre-commit install >/dev/null

    cp "$ROOT/examples/telecom-cost-cutting.cxp" plan.cxp
    git add plan.cxp
    if git commit -qm "bad plan" >"$WORK/bad.out" 2>&1; then
      cat "$WORK/bad.out"
      fail "pre-commit let a plan with errors through"
    fi
    grep -q "FM06" "$WORK/bad.out" || fail "pre-commit output does not name FM06"
    grep -q "Failed" "$WORK/bad.out" || fail "pre-commit output does not say Failed"
    if grep -q $'\e\[' "$WORK/bad.out"; then fail "colour codes in pre-commit output"; fi
    echo "bad plan blocked; pre-commit says:"
    sed -n '1,12p' "$WORK/bad.out"

    git rm -q --cached plan.cxp
    rm plan.cxp
    mkdir plans
    cp "$ROOT"/examples/retailer/*.cxp plans/
    git add plans
    git commit -qm "good plan" >"$WORK/good.out" 2>&1 || {
      cat "$WORK/good.out"
      fail "pre-commit blocked a plan without errors"
    }
    echo "good plan committed"

    # Changing only a fragment: the whole-repository hook checks it with its programme.
    echo "# a note" >>plans/org.cxp
    git add plans/org.cxp
    SKIP=cxlint git commit -qm "fragment" >"$WORK/fragment.out" 2>&1 || {
      cat "$WORK/fragment.out"
      fail "cxlint-all blocked a fragment of a good programme"
    }
    echo "fragment change committed (cxlint-all)"
  )
}

# --- HTML report: renders in a real browser -------------------------------------------
check_html() {
  echo "== HTML report rendered by headless Chromium"
  local chromium
  chromium=$(chromium_bin)
  lint "0" report examples "$HOSTILE" "${HOSTILE_CFG[@]}" --format html --today 2027-01-15 \
    >"$WORK/report.html"
  if grep -Eiq '(src|href)="(https?:)?//' "$WORK/report.html"; then
    fail "the report refers to something outside the page"
  fi
  # The page as the browser reads it: the facts of the run and the verdicts at the top,
  # rule text's code spans as code, and nothing from the hostile plan run as markup.
  timeout 120 "$chromium" --headless --no-sandbox --disable-gpu --dump-dom \
    "file://$WORK/report.html" >"$WORK/report.dom" 2>"$WORK/chromium-dom.log" || {
    cat "$WORK/chromium-dom.log"
    fail "chromium could not read the report"
  }
  grep -q "<dt>Run on</dt><dd>2027-01-15" "$WORK/report.dom" || fail "no date of the run at the top"
  grep -q "<h2>Verdict per programme</h2>" "$WORK/report.dom" || fail "no verdict table"
  grep -q "<code>customer_impact</code>" "$WORK/report.dom" || fail "code spans not shown as code"
  if grep -q "<script" "$WORK/report.dom"; then fail "a script element in the report"; fi
  echo "report read by chromium: facts, verdicts and code spans in place"
  timeout 120 "$chromium" --headless --no-sandbox --disable-gpu --hide-scrollbars \
    --screenshot="$WORK/report.png" --window-size=1200,1600 \
    "file://$WORK/report.html" >"$WORK/chromium.log" 2>&1 || {
    cat "$WORK/chromium.log"
    fail "chromium could not render the report"
  }
  [ -s "$WORK/report.png" ] || fail "no screenshot"
  python3 - "$WORK/report.png" <<'EOF'
import struct, sys, zlib
data = open(sys.argv[1], "rb").read()
assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
pos, idat, width, height = 8, b"", 0, 0
while pos < len(data):
    n, kind = struct.unpack(">I4s", data[pos:pos + 8])
    body = data[pos + 8:pos + 8 + n]
    if kind == b"IHDR":
        width, height, depth, colour = struct.unpack(">IIBB", body[:10])
        assert depth == 8 and colour in (2, 6), f"unexpected PNG format {depth}/{colour}"
        bpp = 3 if colour == 2 else 4
    elif kind == b"IDAT":
        idat += body
    pos += 12 + n
raw = zlib.decompress(idat)
stride = width * bpp
colours, prev, non_white = set(), bytearray(stride), 0
i = 0
for _ in range(height):
    f, line = raw[i], bytearray(raw[i + 1:i + 1 + stride])
    i += 1 + stride
    for x in range(stride):
        a = line[x - bpp] if x >= bpp else 0
        b, c = prev[x], prev[x - bpp] if x >= bpp else 0
        if f == 1: line[x] = (line[x] + a) & 255
        elif f == 2: line[x] = (line[x] + b) & 255
        elif f == 3: line[x] = (line[x] + (a + b) // 2) & 255
        elif f == 4:
            p = a + b - c
            pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
            line[x] = (line[x] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
    prev = line
    for x in range(0, stride, bpp * 4):
        px = bytes(line[x:x + 3])
        colours.add(px)
        non_white += px != b"\xff\xff\xff"
share = non_white / (height * width / 4)
print(f"{width}x{height} screenshot, {len(colours)} colours, {share:.1%} of sampled pixels not white")
assert len(colours) >= 8, "the page looks blank"
assert share > 0.02, "the page is almost empty"
EOF
}

checks=("$@")
[ ${#checks[@]} -gt 0 ] || checks=(sarif junit pre-commit html)
python_tools
for c in "${checks[@]}"; do
  case "$c" in
    sarif) check_sarif ;;
    junit) check_junit ;;
    pre-commit) check_pre_commit ;;
    html) check_html ;;
    *) fail "unknown check: $c" ;;
  esac
done
echo "gates: all passed (${checks[*]})"
