// Starts the WAT language client against the bundled server
// (dist/languageServer.js, next to this extension's own bundle), talking IPC.

import * as path from 'node:path';
import type * as vscode from 'vscode';
import { LanguageClient, type LanguageClientOptions, type ServerOptions, TransportKind } from 'vscode-languageclient/node';

export function createWatLanguageClient(context: vscode.ExtensionContext): LanguageClient {
  const module = context.asAbsolutePath(path.join('dist', 'languageServer.js'));
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    // Source maps make the bundled server's stack traces readable while debugging it.
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--enable-source-maps', '--inspect=6010'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [{ language: 'wat' }],
  };
  return new LanguageClient('wasmdbg.wat', 'WebAssembly Text', serverOptions, clientOptions);
}
