// The inline form of the adapter: the adapter's session class, run in the
// extension host. Kept in its own module so that the rest of the extension
// does not depend on which session class debug-adapter/ exports.

import type * as vscode from 'vscode';

/** An inline adapter, or undefined while this build has no session class to run inline. */
export function createInlineAdapter(): vscode.DebugAdapter | undefined {
  return undefined;
}
