// Runs the grammar over every plan in the repository's examples/ and compares the tokens
// with the snapshots committed under test/grammar/examples/ (vscode-tmgrammar-snap), so a
// grammar change that alters how a real plan is highlighted shows up as a diff.
//
// The plans are copied to a temporary folder next to their snapshots, because the
// snapshot tool keeps each snapshot beside its source file and examples/ stays clean.
// Also fails when a plan has a token marked invalid or a visible character the grammar
// gives no scope: the examples are valid plans, so neither should happen.
//
// Usage: node scripts/snap-examples.mjs [--update]
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const update = process.argv.includes('--update');
const ext = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const examples = path.resolve(ext, '../../examples');
const snaps = path.join(ext, 'test/grammar/examples');
const grammar = path.join(ext, 'syntaxes/cxp.tmLanguage.json');
const snapTool = createRequire(import.meta.url).resolve('vscode-tmgrammar-test/dist/snapshot.js');

const listFiles = (dir, suffix) =>
  fs.existsSync(dir)
    ? fs
        .readdirSync(dir, { recursive: true })
        .map(String)
        .filter((f) => f.endsWith(suffix))
        .map((f) => f.split(path.sep).join('/'))
        .sort()
    : [];

const plans = listFiles(examples, '.cxp');
if (plans.length === 0) {
  console.error(`snap-examples: no .cxp files under ${examples}`);
  process.exit(1);
}
const stale = listFiles(snaps, '.cxp.snap').filter((s) => !plans.includes(s.slice(0, -'.snap'.length)));
const missing = plans.filter((p) => !fs.existsSync(path.join(snaps, p + '.snap')));
if (!update && (stale.length > 0 || missing.length > 0)) {
  for (const p of missing) console.error(`snap-examples: no snapshot for examples/${p}`);
  for (const s of stale) console.error(`snap-examples: snapshot without a plan: test/grammar/examples/${s}`);
  console.error('snap-examples: run `npm run snap:update` in editors/vscode and review the new snapshots');
  process.exit(1);
}

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cxp-snap-'));
try {
  for (const p of plans) {
    fs.mkdirSync(path.dirname(path.join(tmp, p)), { recursive: true });
    fs.copyFileSync(path.join(examples, p), path.join(tmp, p));
    if (!update) fs.copyFileSync(path.join(snaps, p + '.snap'), path.join(tmp, p + '.snap'));
  }
  const args = [snapTool, '-g', grammar, '-s', 'source.cxp', ...(update ? ['-u'] : [])];
  const run = spawnSync(process.execPath, [...args, ...plans.map((p) => path.join(tmp, p))], {
    stdio: 'inherit',
  });
  if (run.status !== 0) {
    console.error(`snap-examples: the grammar's tokens differ from the snapshots (exit ${run.status})`);
    console.error('snap-examples: if the change is intended, run `npm run snap:update` in editors/vscode');
    process.exit(1);
  }

  const problems = [];
  for (const p of plans) {
    const snap = fs.readFileSync(path.join(tmp, p + '.snap'), 'utf8');
    problems.push(...unscoped(p, snap));
    if (update) {
      fs.mkdirSync(path.dirname(path.join(snaps, p)), { recursive: true });
      fs.copyFileSync(path.join(tmp, p + '.snap'), path.join(snaps, p + '.snap'));
    }
  }
  if (update) {
    for (const s of stale) fs.rmSync(path.join(snaps, s));
  }
  if (problems.length > 0) {
    for (const m of problems) console.error(`snap-examples: ${m}`);
    process.exit(1);
  }
  console.log(`snap-examples: ${plans.length} example plans match their snapshots`);
} finally {
  fs.rmSync(tmp, { recursive: true, force: true });
}

// A snapshot holds each source line (`>text`) followed by one line per token: carets
// under the token and its scopes. Report tokens marked invalid, and visible text that has
// no scope but the file's own.
function unscoped(plan, snap) {
  const out = [];
  let source = '';
  let lineNo = 0;
  for (const line of snap.split('\n')) {
    if (line.startsWith('>')) {
      source = line.slice(1);
      lineNo += 1;
      continue;
    }
    const m = /^#(\s*)(\^+) (.*)$/.exec(line);
    if (!m) continue;
    const start = m[1].length;
    const text = source.slice(start, start + m[2].length);
    const scopes = m[3].trim();
    if (scopes.includes('invalid.')) {
      out.push(`examples/${plan}:${lineNo}: ${JSON.stringify(text)} is marked invalid (${scopes})`);
    } else if (scopes === 'source.cxp' && text.trim() !== '') {
      out.push(`examples/${plan}:${lineNo}: ${JSON.stringify(text)} has no scope`);
    }
  }
  return out;
}
