// Which .wat/.wasm file the user means: the active text editor's, else the
// active tab's (a .wasm usually opens in a binary or custom editor, which is
// not a text editor and so is invisible to `${file}`).

import * as vscode from 'vscode';

export const DEBUG_TYPE = 'wasmdbg';

const WASM_FILE = /\.(wasm|wat|wast)$/i;

export function isWasmUri(uri: vscode.Uri | undefined): uri is vscode.Uri {
  return !!uri && uri.scheme === 'file' && WASM_FILE.test(uri.path);
}

export function activeWasmUri(): vscode.Uri | undefined {
  const doc = vscode.window.activeTextEditor?.document.uri;
  if (isWasmUri(doc)) return doc;
  const input = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
  if (input instanceof vscode.TabInputText || input instanceof vscode.TabInputCustom) {
    if (isWasmUri(input.uri)) return input.uri;
  }
  return undefined;
}
