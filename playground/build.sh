#!/usr/bin/env bash
# Build the browser playground: one self-contained page, target/playground/cxlint-playground.html.
#   1. cxlint for wasm32-wasip1, release, optimised for size (opt-level "s", symbols
#      stripped), in its own target folder (target/wasm) so the host build is untouched;
#   2. the page's npm tools from playground/package-lock.json (the WASI shim, esbuild),
#      under target/playground/npm, install scripts off;
#   3. bundle.mjs inlines the style, the example plan, the module and the script.
# Needs the wasm32-wasip1 target (`rustup target add wasm32-wasip1`), Node.js 20+ and npm.
# Prints each step's time; fails loudly naming the step.
set -Eeuo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
TARGET=${CARGO_TARGET_DIR:-$ROOT/target}
OUT_DIR="$TARGET/playground"
NPM_DIR="$OUT_DIR/npm"
WASM_TARGET_DIR="$TARGET/wasm"
EXAMPLE=${PLAYGROUND_EXAMPLE:-examples/saas-growth.cxp}

STEP=""
trap 'echo "playground/build.sh: FAILED at step: ${STEP:-setup} (line $LINENO)" >&2' ERR
step() {
  STEP=$1
  shift
  echo "-- $STEP"
  local t0=$SECONDS
  "$@"
  echo "-- $STEP: $((SECONDS - t0)) s"
}

wasm() {
  rustup target list --installed 2>/dev/null | grep -qx wasm32-wasip1 || {
    echo "the wasm32-wasip1 target is not installed: run 'rustup target add wasm32-wasip1'" >&2
    return 1
  }
  # Size matters more than speed here: the page must stay small.
  CARGO_PROFILE_RELEASE_OPT_LEVEL=s CARGO_PROFILE_RELEASE_STRIP=true \
    cargo build --release --locked --quiet --target wasm32-wasip1 --target-dir "$WASM_TARGET_DIR"
}

npm_tools() {
  command -v npm >/dev/null 2>&1 || { echo "npm not found" >&2; return 1; }
  mkdir -p "$NPM_DIR"
  if ! cmp -s playground/package-lock.json "$NPM_DIR/package-lock.json" ||
    [ ! -d "$NPM_DIR/node_modules/esbuild" ]; then
    cp playground/package.json playground/package-lock.json "$NPM_DIR/"
    (cd "$NPM_DIR" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error)
  fi
}

bundle() {
  PLAYGROUND_NPM="$NPM_DIR" node playground/bundle.mjs \
    "$WASM_TARGET_DIR/wasm32-wasip1/release/cxlint.wasm" "$EXAMPLE" "$OUT_DIR/cxlint-playground.html"
}

step "cxlint for wasm32-wasip1 (cargo build --release, opt-level s)" wasm
step "npm ci (WASI shim, esbuild)" npm_tools
step "bundle the page" bundle
echo "playground: $OUT_DIR/cxlint-playground.html"
