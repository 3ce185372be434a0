#!/usr/bin/env bash
# The browser playground, built and checked in a real browser:
#   target      rustup's wasm32-wasip1 standard library (Debian's is too old to use)
#   tools       Node.js and npm, Debian's Chromium
#   cxlint      the native release binary, whose findings the page must match
#   build       playground/build.sh: target/playground/cxlint-playground.html
#   test        playground/test/ (node --test, Playwright driving headless Chromium from a
#               file: URL with the network off): the example's findings as on the command
#               line, edits update them, a folder with includes and a cxlint.yaml opened
#               through the picker, the scorecard in the report tab, no request leaves
#               the page, under 3 MB compressed, the time to lint the example. Screenshots
#               in target/playground/*.png.
# Installs what it needs (rustup, apt-get); fails loudly naming the step; prints each
# step's time.
set -Eeuo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
TARGET=${CARGO_TARGET_DIR:-$ROOT/target}

STEP=setup
fail() {
  echo "playground-gates: FAILED at step '$STEP': $*" >&2
  exit 1
}
trap 'echo "playground-gates: FAILED at step '"'"'$STEP'"'"' (line $LINENO, exit $?)" >&2' ERR
START=$SECONDS
step() {
  STEP=$1
  shift
  echo "== playground: $STEP"
  local t0=$SECONDS
  "$@"
  echo "== playground: $STEP: $((SECONDS - t0)) s"
}

# shellcheck source=scripts/lib/as-root.sh
. scripts/lib/as-root.sh

APT_UPDATED=""
apt_install() {
  if [ -z "$APT_UPDATED" ]; then
    as_root apt-get update -qq
    APT_UPDATED=1
  fi
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

wasm_target() {
  command -v rustup >/dev/null 2>&1 || fail "rustup not found: the wasm32-wasip1 target comes from rustup"
  timeout 120 rustup target add wasm32-wasip1 ||
    fail "rustup could not fetch the wasm32-wasip1 target (within 120 s)"
  rustup target list --installed | grep -qx wasm32-wasip1 || fail "wasm32-wasip1 is not installed"
}

tools() {
  if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
    echo "-- apt-get install nodejs npm"
    apt_install nodejs npm
  fi
  local major
  major=$(node -p 'process.versions.node.split(".")[0]')
  [ "$major" -ge 18 ] || fail "Node.js 18 or later is needed, found $(node --version)"
  if [ -z "${CHROMIUM:-}" ]; then
    for c in chromium chromium-browser; do
      if command -v "$c" >/dev/null 2>&1; then
        CHROMIUM=$(command -v "$c")
        break
      fi
    done
  fi
  if [ -z "${CHROMIUM:-}" ]; then
    echo "-- apt-get install chromium"
    apt_install chromium
    CHROMIUM=$(command -v chromium) || fail "no chromium after apt-get install chromium"
  fi
  export CHROMIUM
  echo "node $(node --version), npm $(npm --version), $("$CHROMIUM" --version 2>/dev/null | tail -1)"
}

native() {
  cargo build --release --locked --quiet
  [ -x "$TARGET/release/cxlint" ] || fail "no binary at $TARGET/release/cxlint"
}

page_test() {
  PLAYGROUND_PAGE="$TARGET/playground/cxlint-playground.html" \
    PLAYGROUND_NPM="$TARGET/playground/npm" \
    CXLINT="$TARGET/release/cxlint" \
    node --test --test-reporter=spec --test-concurrency=1 playground/test/
  local shot
  for shot in 1-example 2-edited 3-folder 4-report; do
    [ -s "$TARGET/playground/$shot.png" ] || fail "no screenshot $TARGET/playground/$shot.png"
  done
}

step "rustup target add wasm32-wasip1" wasm_target
step "Node.js, npm and Chromium" tools
step "native cxlint (cargo build --release)" native
step "build the page (playground/build.sh)" playground/build.sh
step "the page in headless Chromium (node --test playground/test/)" page_test
echo "playground-gates: all passed in $((SECONDS - START)) s"
