// The stack switching examples run through `wasmdbg run` and print what
// their `.expected` files say (stdout; for a trap also the exit code and the
// message, with the file's path written as <file>).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCommand } from './run.js';

const dir = join(__dirname, '..', 'examples', 'stack-switching');

/** Runs the CLI's `run` command on `path`, capturing what it prints. */
async function runCaptured(path: string): Promise<string> {
  const out: string[] = [];
  const { log, error } = console;
  console.log = (...a: unknown[]) => { out.push(a.join(' ')); };
  console.error = (...a: unknown[]) => { out.push(`stderr: ${a.join(' ').replaceAll(path, '<file>')}`); };
  let code: number;
  try {
    code = await runCommand([path]);
  } finally {
    console.log = log;
    console.error = error;
  }
  if (code !== 0) out.push(`exit: ${code}`);
  return out.join('\n') + '\n';
}

for (const name of readdirSync(dir).filter((f) => f.endsWith('.wat')).sort()) {
  test(`examples/stack-switching/${name}`, async () => {
    const expected = readFileSync(join(dir, name.replace(/\.wat$/, '.expected')), 'utf8');
    assert.equal(await runCaptured(join(dir, name)), expected);
  });
}
