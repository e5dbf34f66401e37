// Registers the debugger contribution's providers and commands.

import * as vscode from 'vscode';
import { DEBUG_TYPE } from './activeFile.js';
import { WasmAdapterFactory } from './adapterFactory.js';
import { WasmConfigurationProvider } from './configurationProvider.js';
import { registerFileCommands } from './fileCommands.js';

export function registerDebugger(context: vscode.ExtensionContext, log: vscode.OutputChannel): void {
  const provider = new WasmConfigurationProvider();
  context.subscriptions.push(
    vscode.debug.registerDebugConfigurationProvider(DEBUG_TYPE, provider),
    // Listed in the "select and start debugging" picker even without a launch.json.
    vscode.debug.registerDebugConfigurationProvider(DEBUG_TYPE, provider, vscode.DebugConfigurationProviderTriggerKind.Dynamic),
    vscode.debug.registerDebugAdapterDescriptorFactory(DEBUG_TYPE, new WasmAdapterFactory(context, log)),
  );
  registerFileCommands(context);
}
