// The extension's entry point: the WAT language client, and the debugger
// contribution (launch configurations, the adapter, file commands, the
// Stack Chains view).

import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { createWatLanguageClient } from './languageClient.js';
import { registerDebugger } from './debug/register.js';
import { StackChainsController } from './stackChains/controller.js';

let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const log = vscode.window.createOutputChannel('wasmdbg');
  context.subscriptions.push(log);
  // The debugger parts first: a language server that fails to start must not take F5 down with it.
  registerDebugger(context, log);
  new StackChainsController(log).register(context);
  client = createWatLanguageClient(context);
  await client.start();
}

export async function deactivate(): Promise<void> {
  const c = client;
  client = undefined;
  await c?.stop();
}
