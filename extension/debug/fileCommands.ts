// "Debug WebAssembly File" and "Run WebAssembly File" from the editor title
// and the explorer's context menu. Run is a noDebug launch: the adapter runs
// the program without stopping and its output lands in the Debug Console.

import * as vscode from 'vscode';
import { DEBUG_TYPE, activeWasmUri, isWasmUri } from './activeFile.js';

async function launchFile(resource: vscode.Uri | undefined, noDebug: boolean): Promise<void> {
  const uri = isWasmUri(resource) ? resource : activeWasmUri();
  if (!uri) {
    void vscode.window.showErrorMessage('wasmdbg: choose a .wat or .wasm file.');
    return;
  }
  const folder = vscode.workspace.getWorkspaceFolder(uri);
  const name = `${noDebug ? 'Run' : 'Debug'} ${vscode.workspace.asRelativePath(uri, false)}`;
  const config: vscode.DebugConfiguration = { type: DEBUG_TYPE, request: 'launch', name, program: uri.fsPath };
  const started = await vscode.debug.startDebugging(folder, config, { noDebug });
  if (!started) void vscode.window.showErrorMessage(`wasmdbg: could not start ${name}.`);
}

export function registerFileCommands(context: vscode.ExtensionContext): void {
  context.subscriptions.push(
    vscode.commands.registerCommand('wasmdbg.debugFile', (uri?: vscode.Uri) => launchFile(uri, false)),
    vscode.commands.registerCommand('wasmdbg.runFile', (uri?: vscode.Uri) => launchFile(uri, true)),
  );
}
