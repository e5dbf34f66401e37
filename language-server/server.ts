// The WAT language server's entry point (bundled as dist/languageServer.js).
// The transport comes from the command line: --node-ipc when VS Code's
// language client starts it, --stdio from other editors and the tests.

import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { startService } from './service.js';

startService(createConnection(ProposedFeatures.all));
