// The adapter as its own process: DAP over stdin/stdout (or a socket with
// --server=PORT), as VS Code runs `node dist/debugAdapter.js`.

import { DebugSession } from '@vscode/debugadapter';
import { launch } from '../runtime/debug/target.js';
import { WasmDebugSession } from './session.js';

/** The session class the library's runner instantiates with no launcher argument. */
class StandaloneSession extends WasmDebugSession {
  constructor() {
    super(launch);
  }
}

DebugSession.run(StandaloneSession);
