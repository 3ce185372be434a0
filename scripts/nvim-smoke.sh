#!/usr/bin/env bash
# Headless Neovim smoke test of the language server: Neovim's own LSP client starts
# `$CXLINT lsp`, opens a plan and must receive its diagnostics (editors/nvim/smoke.lua).
# Installs Debian's neovim (0.7) with apt-get when nvim is missing.
# Usage: CXLINT=/path/to/cxlint scripts/nvim-smoke.sh [PLAN]   (default: examples/saas-growth.cxp)
# Exit 0 when at least one diagnostic arrived within 20 s; 1 otherwise, with the reason.
set -Eeuo pipefail
cd "$(dirname "$0")/.."

fail() {
  echo "nvim-smoke: FAILED: $*" >&2
  exit 1
}
trap 'echo "nvim-smoke: FAILED (line $LINENO, exit $?)" >&2' ERR

# shellcheck source=scripts/lib/as-root.sh
. scripts/lib/as-root.sh

[ -n "${CXLINT:-}" ] || fail "set CXLINT to the cxlint program: CXLINT=target/debug/cxlint $0"
case "$CXLINT" in
  */*)
    dir=$(cd "$(dirname "$CXLINT")" 2>/dev/null && pwd) || fail "CXLINT=$CXLINT: no such folder"
    CXLINT=$dir/$(basename "$CXLINT")
    ;;
  *)
    found=$(command -v "$CXLINT") || fail "CXLINT=$CXLINT is not on PATH (give a path with a folder, e.g. ./$CXLINT)"
    CXLINT=$found
    ;;
esac
if [ ! -f "$CXLINT" ] || [ ! -x "$CXLINT" ]; then
  fail "CXLINT=$CXLINT is not a program that can be run"
fi
export CXLINT
if [ $# -gt 0 ]; then
  export CXLINT_PLAN=$1
fi

if ! command -v nvim >/dev/null 2>&1; then
  echo "-- apt-get install neovim"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq neovim >/dev/null
fi
echo "-- $(nvim --version | head -1), server: $CXLINT lsp"

# A clean Neovim: no user configuration, no shada, its LSP log in a folder of its own.
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
export XDG_CONFIG_HOME=$WORK/config XDG_DATA_HOME=$WORK/data XDG_CACHE_HOME=$WORK/cache XDG_STATE_HOME=$WORK/state

# smoke.lua exits by itself (20 s at most waiting for diagnostics). The outer timeout
# and the trailing `cquit 3` (run only if the script returned without exiting, e.g. on
# an error in it) keep a broken script from hanging the run.
start=$(date +%s.%N)
rc=0
timeout 60 nvim --headless -u NONE -i NONE -n \
  -c 'luafile editors/nvim/smoke.lua' -c 'cquit 3' </dev/null || rc=$?
took=$(awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN { printf "%.2f", b - a }')
case $rc in
  0) echo "nvim-smoke: passed in $took s" ;;
  124) fail "Neovim did not finish within 60 s" ;;
  3) fail "editors/nvim/smoke.lua stopped without an exit code (an error in the script?)" ;;
  *) fail "no diagnostics reached Neovim (exit $rc, $took s)" ;;
esac
