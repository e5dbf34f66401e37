// The extension's entry point. For now it runs the WAT language client;
// the debugger contribution registers here too when it lands.

import type * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { createWatLanguageClient } from './languageClient.js';

let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  client = createWatLanguageClient(context);
  await client.start();
}

export async function deactivate(): Promise<void> {
  const c = client;
  client = undefined;
  await c?.stop();
}
