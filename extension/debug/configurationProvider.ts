// Fills in launch configurations so that F5 on an open .wat/.wasm works
// without a launch.json, and offers the same as a dynamic configuration.

import * as vscode from 'vscode';
import { DEBUG_TYPE, activeWasmUri } from './activeFile.js';

export class WasmConfigurationProvider implements vscode.DebugConfigurationProvider {
  provideDebugConfigurations(): vscode.DebugConfiguration[] {
    return [{ type: DEBUG_TYPE, request: 'launch', name: 'Debug WebAssembly', program: '${file}' }];
  }

  resolveDebugConfiguration(_folder: vscode.WorkspaceFolder | undefined, config: vscode.DebugConfiguration): vscode.DebugConfiguration | undefined {
    // No launch.json at all: VS Code hands an empty configuration.
    if (!config.type && !config.request && !config.name) {
      const uri = activeWasmUri();
      if (!uri) {
        void vscode.window.showInformationMessage('wasmdbg: open a .wat or .wasm file to debug it, or add a launch configuration.');
        return undefined;
      }
      return { type: DEBUG_TYPE, request: 'launch', name: 'Debug WebAssembly', program: uri.fsPath };
    }
    if (!config.program) {
      // `${file}` needs a text editor; a .wasm shown in a binary/custom editor has none, so resolve it here.
      const uri = activeWasmUri();
      if (!uri) {
        void vscode.window.showErrorMessage('wasmdbg: the launch configuration has no "program" and no .wat/.wasm file is open.');
        return undefined;
      }
      config.program = uri.fsPath;
    }
    // Run Without Debugging: nothing may stop the program, not even a stopOnEntry left in launch.json.
    if (config.noDebug) config.stopOnEntry = false;
    return config;
  }

  resolveDebugConfigurationWithSubstitutedVariables(_folder: vscode.WorkspaceFolder | undefined, config: vscode.DebugConfiguration): vscode.DebugConfiguration | undefined {
    // `${file}` resolved to nothing useful (e.g. the active tab is not a file editor): fall back to the active tab.
    if (typeof config.program === 'string' && !/\.(wasm|wat|wast)$/i.test(config.program)) {
      const uri = activeWasmUri();
      if (uri) config.program = uri.fsPath;
    }
    return config;
  }
}
