// The cxlint extension: highlighting comes from the grammar in syntaxes/; everything else
// (checks as you type, hover, completion, go to definition, rename, formatting, fixes)
// comes from the cxlint language server, `cxlint lsp`, which this file starts.

import * as os from 'node:os';
import * as vscode from 'vscode';
import { LanguageClient, LanguageClientOptions, ServerOptions } from 'vscode-languageclient/node';
import { needsShell, notFoundMessage, resolveExecutable, startFailedMessage } from './executable';
import { braceFoldingRanges } from './folding';

let client: LanguageClient | undefined;
let output: vscode.OutputChannel;
let starting: Promise<void> = Promise.resolve();

export function activate(context: vscode.ExtensionContext): void {
  output = vscode.window.createOutputChannel('cxlint');
  context.subscriptions.push(
    output,
    vscode.languages.registerFoldingRangeProvider(
      { language: 'cxp' },
      {
        provideFoldingRanges: (document) =>
          braceFoldingRanges(document.getText()).map((r) => new vscode.FoldingRange(r.start, r.end)),
      },
    ),
    vscode.commands.registerCommand('cxlint.restartServer', () => restart()),
    vscode.commands.registerCommand('cxlint.showOutput', () => output.show()),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('cxlint.path')) void restart();
    }),
    // A trusted folder may name its own cxlint in its settings.
    vscode.workspace.onDidGrantWorkspaceTrust(() => void restart()),
  );
  // Not awaited: a server that is slow to start must not hold up the editor.
  void restart();
}

export async function deactivate(): Promise<void> {
  await starting;
  await stopClient();
}

/** Stops the server, if one runs, and starts it again with the current settings. */
function restart(): Promise<void> {
  starting = starting.then(async () => {
    await stopClient();
    await startClient();
  });
  return starting;
}

async function stopClient(): Promise<void> {
  const running = client;
  client = undefined;
  if (running) {
    try {
      await running.stop();
    } catch (err) {
      output.appendLine(`stopping the language server: ${String(err)}`);
    }
  }
}

async function startClient(): Promise<void> {
  const configured = vscode.workspace.getConfiguration('cxlint').get<string>('path', 'cxlint');
  const command = resolveExecutable(configured, {
    pathEnv: process.env.PATH,
    pathExt: process.env.PATHEXT,
    platform: process.platform,
    baseDir: vscode.workspace.workspaceFolders?.[0]?.uri.fsPath,
    home: os.homedir(),
  });
  if (!command) {
    const message = notFoundMessage(configured);
    output.appendLine(message);
    void vscode.window.showErrorMessage(message, 'Open Settings', 'Try Again').then((choice) => {
      if (choice === 'Open Settings') {
        void vscode.commands.executeCommand('workbench.action.openSettings', 'cxlint.path');
      } else if (choice === 'Try Again') {
        void restart();
      }
    });
    return;
  }

  output.appendLine(`starting ${command} lsp`);
  const serverOptions: ServerOptions = {
    command,
    args: ['lsp'],
    options: { shell: needsShell(command, process.platform) },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: 'file', language: 'cxp' },
      { scheme: 'untitled', language: 'cxp' },
    ],
    // Plans are checked with the cxlint.yaml that applies to them, their rule packs and
    // the files they include: the server hears when any of these change on disk.
    synchronize: {
      fileEvents: vscode.workspace.createFileSystemWatcher('**/{*.cxp,*.yaml,*.yml}'),
    },
    outputChannel: output,
  };
  const next = new LanguageClient('cxlint', 'cxlint', serverOptions, clientOptions);
  try {
    await next.start();
    client = next;
  } catch (err) {
    const message = startFailedMessage(command, err instanceof Error ? err.message : String(err));
    output.appendLine(message);
    try {
      await next.stop();
    } catch {
      // It never ran.
    }
    void vscode.window.showErrorMessage(message, 'Show Log', 'Open Settings').then((choice) => {
      if (choice === 'Show Log') output.show();
      else if (choice === 'Open Settings') {
        void vscode.commands.executeCommand('workbench.action.openSettings', 'cxlint.path');
      }
    });
  }
}
