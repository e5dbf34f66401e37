// The inline form of the adapter: the adapter's session, wired to the real
// engine, run in the extension host. Kept in its own module so that the rest
// of the extension does not depend on how debug-adapter/ builds a session.

import type * as vscode from 'vscode';
import { createDebugSession } from '../../debug-adapter/inline.js';

/** An inline adapter: @vscode/debugadapter's sessions speak VS Code's DebugAdapter interface (handleMessage, onDidSendMessage). */
export function createInlineAdapter(): vscode.DebugAdapter | undefined {
  return createDebugSession();
}
