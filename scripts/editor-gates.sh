#!/usr/bin/env bash
# The VS Code extension in editors/vscode, checked without VS Code:
#   schemas     schemas/*.json validate the example configurations and every rule file
#               (scripts/check-schemas.py, with jsonschema from PyPI in a venv under target/)
#   npm ci      the locked dependencies (package-lock.json), install scripts off
#   build       the schemas copied in (when schemas/ has them) and tsc in strict mode
#   unit        the extension's own tests (program lookup, folding), node's test runner
#   grammar     the TextMate grammar's assertions (test/grammar/*.cxp.test) and its
#               snapshots over every plan in examples/
#   package     @vscode/vsce packages the .vsix; its contents are checked
# Needs Node.js 20 or later, npm and Python 3; no cxlint binary. Fails loudly on the first failed
# step, naming it, and prints how long each step took.
# Usage: scripts/editor-gates.sh          (leaves editors/vscode/cxlint.vsix)
set -Eeuo pipefail
cd "$(dirname "$0")/.."
EXT=$PWD/editors/vscode

CURRENT="setup"
fail() {
  echo "editor-gates: FAILED at step '$CURRENT': $*" >&2
  exit 1
}
trap 'echo "editor-gates: FAILED at step '"'"'$CURRENT'"'"' (line $LINENO, exit $?)" >&2' ERR

now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }

# Run one named step, timing it.
step() {
  CURRENT=$1
  shift
  echo "== $CURRENT"
  local t0
  t0=$(now)
  "$@" || fail "$* exited $?"
  echo "-- $CURRENT: $(elapsed "$t0") s"
}

command -v node >/dev/null 2>&1 || fail "node not found (Node.js 20 or later is needed)"
command -v npm >/dev/null 2>&1 || fail "npm not found"
major=$(node -p 'process.versions.node.split(".")[0]')
[ "$major" -ge 20 ] || fail "Node.js $(node --version) is too old: 20 or later is needed"

START=$(now)

schema_venv() {
  local venv="${CARGO_TARGET_DIR:-$PWD/target}/schema-venv"
  if ! "$venv/bin/python" -c 'import jsonschema, yaml' >/dev/null 2>&1; then
    echo "-- pip install jsonschema pyyaml (into $venv)"
    python3 -m venv "$venv" &&
      "$venv/bin/python" -m pip install --quiet --disable-pip-version-check jsonschema pyyaml
  fi
  "$venv/bin/python" scripts/check-schemas.py
}
command -v python3 >/dev/null 2>&1 || fail "python3 not found (the schema check needs it)"
step "schemas" schema_venv

cd "$EXT"

# --ignore-scripts: nothing needed here runs an install script, and one dependency of vsce
# (its signing tool, unused when packaging) would try to download a binary.
step "npm ci" npm ci --ignore-scripts --prefer-offline --no-audit --no-fund --loglevel=error
step "build (schemas, tsc)" npm run --silent build
step "unit tests" node --test --test-reporter=spec out/test/
step "grammar tests" npx --no-install vscode-tmgrammar-test -g syntaxes/cxp.tmLanguage.json "test/grammar/*.cxp.test"
step "grammar snapshots of examples/" node scripts/snap-examples.mjs

rm -f cxlint.vsix
# vsce runs the build again (vscode:prepublish) so that a .vsix is never made from stale output.
step "vsce package" npx --no-install vsce package --skip-license --allow-missing-repository --out cxlint.vsix

check_vsix() {
  node - cxlint.vsix <<'JS'
const fs = require('node:fs');
const zlib = require('node:zlib');
// The names in the zip's central directory.
const buf = fs.readFileSync(process.argv[2]);
let eocd = buf.length - 22;
while (eocd >= 0 && buf.readUInt32LE(eocd) !== 0x06054b50) eocd--;
if (eocd < 0) throw new Error('not a zip file');
const count = buf.readUInt16LE(eocd + 10);
let pos = buf.readUInt32LE(eocd + 16);
const names = [];
const entries = {};
for (let i = 0; i < count; i++) {
  const method = buf.readUInt16LE(pos + 10);
  const size = buf.readUInt32LE(pos + 20);
  const nameLen = buf.readUInt16LE(pos + 28);
  const extraLen = buf.readUInt16LE(pos + 30);
  const commentLen = buf.readUInt16LE(pos + 32);
  const local = buf.readUInt32LE(pos + 42);
  const name = buf.toString('utf8', pos + 46, pos + 46 + nameLen);
  names.push(name);
  entries[name] = { method, size, local };
  pos += 46 + nameLen + extraLen + commentLen;
}
const read = (name) => {
  const e = entries[name];
  const start = e.local + 30 + buf.readUInt16LE(e.local + 26) + buf.readUInt16LE(e.local + 28);
  const data = buf.subarray(start, start + e.size);
  return (e.method === 8 ? zlib.inflateRawSync(data) : data).toString('utf8');
};
const must = [
  'extension/package.json',
  'extension/out/extension.js',
  'extension/out/executable.js',
  'extension/out/folding.js',
  'extension/syntaxes/cxp.tmLanguage.json',
  'extension/language-configuration.json',
  'extension/schemas/cxlint.schema.json',
  'extension/schemas/rule.schema.json',
  'extension/node_modules/vscode-languageclient/node.js',
  'extension/node_modules/vscode-languageclient/package.json',
];
const missing = must.filter((n) => !names.includes(n));
const extra = names.filter((n) => /^extension\/(src|test|scripts|out\/test)\//.test(n) || n.endsWith('.ts'));
if (missing.length) throw new Error('missing from the .vsix: ' + missing.join(', '));
if (extra.length) throw new Error('in the .vsix but should not be: ' + extra.slice(0, 10).join(', '));
const manifest = JSON.parse(read('extension/package.json'));
if (manifest.main !== './out/extension.js') throw new Error('main is ' + manifest.main);
JSON.parse(read('extension/syntaxes/cxp.tmLanguage.json'));
// The schemas the manifest points YAML editors at are the repository's, as committed.
for (const v of manifest.contributes.yamlValidation) {
  const inside = 'extension/' + v.url.replace(/^\.\//, '');
  if (!names.includes(inside)) throw new Error(`yamlValidation points at ${v.url}, not in the .vsix`);
  const committed = fs.readFileSync('../../' + v.url.replace(/^\.\//, ''), 'utf8');
  if (read(inside) !== committed) throw new Error(`${inside} differs from the committed schema`);
}
JSON.parse(read('extension/language-configuration.json'));
console.log(`cxlint.vsix: ${names.length} files, ${(buf.length / 1024).toFixed(0)} KB, version ${manifest.version}`);
JS
}
step "check the .vsix" check_vsix

CURRENT="done"
echo "editor-gates: all passed in $(elapsed "$START") s; the extension is $EXT/cxlint.vsix"
