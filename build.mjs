// Bundles every entry point into dist/ with esbuild. One bundle per entry so
// that `node dist/cli.js` needs nothing from node_modules at run time.
import * as esbuild from 'esbuild';
import { existsSync } from 'node:fs';

const entries = {
  cli: 'cli/main.ts',
  bench: 'bench/main.ts',
  debugAdapter: 'debug-adapter/main.ts',
  extension: 'extension/extension.ts',
  languageServer: 'language-server/server.ts',
};

const present = Object.fromEntries(Object.entries(entries).filter(([, file]) => existsSync(file)));

await esbuild.build({
  entryPoints: present,
  outdir: 'dist',
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: true,
  external: ['vscode'],
  logLevel: 'warning',
});
