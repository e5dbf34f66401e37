// Chooses where the debug adapter runs: inside the extension host (inline,
// the default: no process to start, nothing to serialise twice) or as its own
// Node process over stdio (`wasmdbg.adapter.mode: process`), which keeps an
// adapter crash away from the extension host.

import * as fs from 'node:fs';
import * as vscode from 'vscode';
import { createInlineAdapter } from './inlineAdapter.js';

export type AdapterMode = 'inline' | 'process';

export function adapterMode(): AdapterMode {
  return vscode.workspace.getConfiguration('wasmdbg').get<AdapterMode>('adapter.mode', 'inline') === 'process' ? 'process' : 'inline';
}

export class WasmAdapterFactory implements vscode.DebugAdapterDescriptorFactory {
  constructor(private readonly context: vscode.ExtensionContext, private readonly log: vscode.OutputChannel) {}

  createDebugAdapterDescriptor(session: vscode.DebugSession): vscode.ProviderResult<vscode.DebugAdapterDescriptor> {
    if (adapterMode() === 'inline') {
      const inline = createInlineAdapter();
      if (inline) {
        this.log.appendLine(`session ${session.id}: inline adapter`);
        return new vscode.DebugAdapterInlineImplementation(inline);
      }
      this.log.appendLine(`session ${session.id}: inline adapter not available in this build; starting the adapter process`);
    }
    return this.executable(session);
  }

  private executable(session: vscode.DebugSession): vscode.DebugAdapterExecutable {
    const script = this.context.asAbsolutePath('dist/debugAdapter.js');
    if (!fs.existsSync(script)) throw new Error(`wasmdbg: the debug adapter is missing from this build (${script})`);
    this.log.appendLine(`session ${session.id}: ${process.execPath} ${script}`);
    // The extension host's own executable runs the adapter: no separate Node install is needed.
    // In Electron builds of VS Code that executable is Electron, which acts as Node with this variable.
    return new vscode.DebugAdapterExecutable(process.execPath, ['--enable-source-maps', script], {
      env: { ELECTRON_RUN_AS_NODE: '1' },
    });
  }
}
