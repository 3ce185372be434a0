import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { needsShell, notFoundMessage, resolveExecutable, startFailedMessage } from '../executable';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'cxlint-ext-'));
after(() => fs.rmSync(root, { recursive: true, force: true }));

function file(rel: string, mode: number): string {
  const full = path.join(root, rel);
  fs.mkdirSync(path.dirname(full), { recursive: true });
  fs.writeFileSync(full, '#!/bin/sh\n');
  fs.chmodSync(full, mode);
  return full;
}

const posix = process.platform === 'win32' ? it.skip : it;

describe('resolveExecutable', () => {
  const bin1 = path.join(root, 'bin1');
  const bin2 = path.join(root, 'bin2');
  const runnable = file('bin2/cxlint', 0o755);
  file('bin1/cxlint', 0o644); // not executable: skipped
  fs.mkdirSync(path.join(root, 'bin3/cxlint'), { recursive: true }); // a folder: skipped
  const local = file('project/tools/cxlint', 0o755);
  const where = { platform: 'linux' as const, pathEnv: [bin1, path.join(root, 'bin3'), bin2].join(':') };

  posix('finds a bare name on PATH, skipping files it cannot run', () => {
    assert.equal(resolveExecutable('cxlint', where), runnable);
    assert.equal(resolveExecutable('  ', where), runnable, 'an empty setting means cxlint');
  });

  posix('gives nothing when the program is not on PATH', () => {
    assert.equal(resolveExecutable('cxlint', { platform: 'linux', pathEnv: bin1 }), undefined);
    assert.equal(resolveExecutable('cxlint', { platform: 'linux' }), undefined);
    assert.equal(resolveExecutable('no-such-program', where), undefined);
  });

  posix('uses a path with a folder as it is, relative to the workspace folder', () => {
    assert.equal(resolveExecutable(local, where), local);
    assert.equal(resolveExecutable('tools/cxlint', { ...where, baseDir: path.join(root, 'project') }), local);
    assert.equal(resolveExecutable('./tools/cxlint', { ...where, baseDir: path.join(root, 'project') }), local);
    assert.equal(resolveExecutable('tools/cxlint', where), undefined, 'no workspace folder');
    assert.equal(resolveExecutable(path.join(root, 'bin1/cxlint'), where), undefined, 'not executable');
    assert.equal(resolveExecutable(path.join(root, 'missing/cxlint'), where), undefined);
  });

  posix('expands ~ to the home folder', () => {
    assert.equal(resolveExecutable('~/tools/cxlint', { ...where, home: path.join(root, 'project') }), local);
  });
});

describe('needsShell', () => {
  it('is needed for .cmd and .bat files on Windows only', () => {
    assert.equal(needsShell('C:\\npm\\cxlint.cmd', 'win32'), true);
    assert.equal(needsShell('C:\\npm\\CXLINT.BAT', 'win32'), true);
    assert.equal(needsShell('C:\\tools\\cxlint.exe', 'win32'), false);
    assert.equal(needsShell('/usr/bin/cxlint.cmd', 'linux'), false);
  });
});

describe('messages', () => {
  it('says how to install cxlint when it is not found', () => {
    const m = notFoundMessage('cxlint');
    assert.match(m, /not found on your PATH/);
    assert.match(m, /pipx install cxp-lint/);
    assert.match(m, /npm install -g cxp-lint/);
    assert.match(m, /cxlint\.path/);
    assert.match(notFoundMessage('/opt/cxlint'), /not found at "\/opt\/cxlint"/);
  });

  it('names the program and the command to try when the server does not start', () => {
    const m = startFailedMessage('/usr/bin/cxlint', 'connection closed');
    assert.match(m, /\/usr\/bin\/cxlint lsp/);
    assert.match(m, /connection closed/);
  });
});
