// The extension's activation, run outside VS Code against a small stand-in for the
// `vscode` module: the commands and folding are registered, the language client library
// loads, and a missing cxlint gives the message that says how to install it.

import assert from 'node:assert/strict';
import Module from 'node:module';
import { describe, it } from 'node:test';

interface Recorded {
  errors: string[];
  commands: string[];
  folding?: { provideFoldingRanges(doc: { getText(): string }): Array<{ start: number; end: number }> };
  log: string[];
}

function fakeVscode(configuredPath: string, seen: Recorded): unknown {
  const disposable = { dispose() {} };
  const api = {
    window: {
      createOutputChannel: () => ({
        appendLine: (line: string) => seen.log.push(line),
        show() {},
        dispose() {},
      }),
      showErrorMessage: (message: string) => {
        seen.errors.push(message);
        return Promise.resolve(undefined);
      },
    },
    languages: {
      registerFoldingRangeProvider: (_selector: unknown, provider: Recorded['folding']) => {
        seen.folding = provider;
        return disposable;
      },
    },
    commands: {
      registerCommand: (name: string) => {
        seen.commands.push(name);
        return disposable;
      },
      executeCommand: () => Promise.resolve(),
    },
    workspace: {
      getConfiguration: () => ({ get: (_key: string, fallback: string) => configuredPath || fallback }),
      onDidChangeConfiguration: () => disposable,
      onDidGrantWorkspaceTrust: () => disposable,
      workspaceFolders: undefined,
    },
    FoldingRange: class {
      constructor(
        public start: number,
        public end: number,
      ) {}
    },
  };
  // The language client library reads more of the API when it loads (classes it extends,
  // enums); a plain class stands in for anything not given above.
  return new Proxy(api, {
    get: (target, key) => (key in target ? target[key as keyof typeof target] : class {}),
  });
}

function loadExtension(vscode: unknown): { activate(ctx: { subscriptions: unknown[] }): void } {
  const resolver = Module as unknown as { _resolveFilename: (request: string, ...rest: unknown[]) => string };
  const original = resolver._resolveFilename;
  resolver._resolveFilename = function (request: string, ...rest: unknown[]) {
    return request === 'vscode' ? 'vscode' : original.call(this, request, ...rest);
  };
  require.cache['vscode'] = { id: 'vscode', filename: 'vscode', loaded: true, exports: vscode } as NodeJS.Module;
  for (const key of Object.keys(require.cache)) {
    if (key.includes('vscode-languageclient') || key.endsWith('extension.js')) delete require.cache[key];
  }
  try {
    return require('../extension');
  } finally {
    resolver._resolveFilename = original;
  }
}

async function until(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 100 && !condition(); i++) await new Promise((r) => setTimeout(r, 10));
}

describe('activate', () => {
  it('registers its commands and folding, and says how to install a missing cxlint', async () => {
    const seen: Recorded = { errors: [], commands: [], log: [] };
    const extension = loadExtension(fakeVscode('/nonexistent/bin/cxlint', seen));
    const context = { subscriptions: [] as unknown[] };
    extension.activate(context);
    await until(() => seen.errors.length > 0);

    assert.deepEqual(seen.commands.sort(), ['cxlint.restartServer', 'cxlint.showOutput']);
    assert.ok(context.subscriptions.length >= 5, 'everything it registers is disposed with it');
    assert.equal(seen.errors.length, 1);
    assert.match(seen.errors[0], /not found at "\/nonexistent\/bin\/cxlint"/);
    assert.match(seen.errors[0], /pipx install cxp-lint/);
    assert.match(seen.errors[0], /npm install -g cxp-lint/);
    assert.ok(seen.log.some((l) => l.includes('pipx install cxp-lint')), 'the log says it too');

    const ranges = seen.folding?.provideFoldingRanges({ getText: () => 'unit "A" {\n  x = 1\n  y = 2\n}\n' });
    assert.deepEqual(
      ranges?.map((r) => [r.start, r.end]),
      [[0, 2]],
    );
  });
});
