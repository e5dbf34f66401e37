// The adapter in the extension host (VS Code's DebugAdapterInlineImplementation):
// a session wired to the real engine, with no process or stdio of its own.

import { launch } from '../runtime/debug/target.js';
import { WasmDebugSession } from './session.js';

export { WasmDebugSession } from './session.js';
export type * from './stackChains.js';

export function createDebugSession(): WasmDebugSession {
  return new WasmDebugSession(launch);
}
