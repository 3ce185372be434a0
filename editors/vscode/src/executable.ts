// Finding the cxlint program the extension starts, and what to say when it is missing.
// Kept free of the editor's API so that it can be tested on its own.

import * as fs from 'node:fs';
import * as path from 'node:path';

/** Where to look: the parts of the environment that decide which program runs. */
export interface Lookup {
  /** The PATH environment variable. */
  pathEnv?: string;
  /** Windows' PATHEXT (the extensions a bare command name may have). */
  pathExt?: string;
  platform: NodeJS.Platform;
  /** The folder that a relative `cxlint.path` is relative to (the first workspace folder). */
  baseDir?: string;
  /** The home folder, for a `cxlint.path` starting with `~`. */
  home?: string;
}

/**
 * The full path of the program that `cxlint.path` names, or undefined when there is none.
 * A bare name (`cxlint`) is looked up on PATH; a path with a folder in it is used as it is,
 * relative to the workspace folder when it is not absolute.
 */
export function resolveExecutable(configured: string, where: Lookup): string | undefined {
  const windows = where.platform === 'win32';
  const p = windows ? path.win32 : path.posix;
  let name = configured.trim() || 'cxlint';
  if (where.home && (name === '~' || name.startsWith('~/') || (windows && name.startsWith('~\\')))) {
    name = p.join(where.home, name.slice(1));
  }
  const suffixes = windows
    ? ['', ...(where.pathExt || '.COM;.EXE;.BAT;.CMD').split(';').filter((e) => e !== '')]
    : [''];
  const hasFolder = name.includes('/') || (windows && name.includes('\\'));
  if (hasFolder) {
    if (p.isAbsolute(name)) return firstRunnable(name, suffixes, windows);
    return where.baseDir ? firstRunnable(p.resolve(where.baseDir, name), suffixes, windows) : undefined;
  }
  for (const dir of (where.pathEnv ?? '').split(p.delimiter)) {
    if (dir === '') continue;
    const found = firstRunnable(p.join(dir, name), suffixes, windows);
    if (found) return found;
  }
  return undefined;
}

function firstRunnable(base: string, suffixes: string[], windows: boolean): string | undefined {
  for (const suffix of suffixes) {
    const candidate = base + suffix;
    if (isRunnable(candidate, windows)) return candidate;
  }
  return undefined;
}

function isRunnable(file: string, windows: boolean): boolean {
  try {
    if (!fs.statSync(file).isFile()) return false;
    if (!windows) fs.accessSync(file, fs.constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** Windows runs `.cmd` and `.bat` files (such as npm's `cxlint.cmd`) only through a shell. */
export function needsShell(command: string, platform: NodeJS.Platform): boolean {
  return platform === 'win32' && /\.(cmd|bat)$/i.test(command);
}

/** The message shown when the program cannot be found. */
export function notFoundMessage(configured: string): string {
  const name = configured.trim() || 'cxlint';
  const where = name === 'cxlint' ? 'cxlint was not found on your PATH.' : `cxlint was not found at "${name}".`;
  return (
    `${where} Install it with "pipx install cxp-lint" or "npm install -g cxp-lint", ` +
    'then choose Try Again (or reload the window), or set "cxlint.path" in the settings to the cxlint program. ' +
    'Plans are still highlighted; checking, hover and completion need cxlint.'
  );
}

/** The message shown when the program is there but its language server did not start. */
export function startFailedMessage(command: string, reason: string): string {
  return (
    `cxlint (${command}) did not start its language server: ${reason}. ` +
    `Check that "${command} lsp" runs in a terminal; an older cxlint without the "lsp" command ` +
    'needs updating ("pipx upgrade cxp-lint" or "npm install -g cxp-lint").'
  );
}
