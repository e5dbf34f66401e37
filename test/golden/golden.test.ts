// Golden transcripts of the terminal debugger: each scenario runs
// `node dist/cli.js debug PROGRAM --commands FILE` from the repository root
// and its stdout must equal the committed test/golden/NAME.out. Runs are
// deterministic (seeded scheduler, stable thread and continuation ids,
// paths relative to the repo), so any difference is a change to look at.
// `UPDATE_GOLDEN=1 node test/run-tests.mjs test/golden` rewrites the files.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(__dirname, '..', '..');
const cli = join(root, 'dist', 'cli.js');
const update = process.env.UPDATE_GOLDEN === '1';

interface Scenario {
  readonly name: string;
  readonly program: string;
  /** The command file, relative to the repo; test/golden/NAME.commands unless given. */
  readonly commands?: string;
  readonly options?: readonly string[];
}

const scenarios: readonly Scenario[] = [
  { name: 'demo', program: 'examples/demo/demo.wat', commands: 'examples/demo/demo.commands' },
  { name: 'thread-breakpoint', program: 'examples/threads/worker-pool.wat' },
  { name: 'thread-condition', program: 'examples/threads/worker-pool.wat', },
  { name: 'generator-chain', program: 'examples/stack-switching/generator.wat' },
  { name: 'step-resume-suspend', program: 'examples/stack-switching/generator.wat' },
  { name: 'trap', program: 'test/golden/trap-in-generator.wat' },
  { name: 'set-result', program: 'examples/demo/demo.wat' },
  { name: 'log-points', program: 'examples/demo/demo.wat' },
];

/** The transcript, with anything that depends on where the repo lives made neutral. */
function transcript(s: Scenario): string {
  const commands = s.commands ?? `test/golden/${s.name}.commands`;
  const r = spawnSync(process.execPath, [cli, 'debug', s.program, '--commands', commands, ...(s.options ?? [])], {
    cwd: root, encoding: 'utf8', timeout: 60_000,
  });
  assert.equal(r.error, undefined, String(r.error));
  assert.equal(r.status, 0, `exit ${r.status}; stderr:\n${r.stderr}`);
  return r.stdout.replaceAll(root, '<repo>');
}

test('the bundle exists (npm test builds it first)', () => {
  assert.ok(existsSync(cli), 'run `npm run build` first');
});

for (const s of scenarios) {
  test(`golden: ${s.name}`, () => {
    const actual = transcript(s);
    const file = join(root, 'test', 'golden', `${s.name}.out`);
    if (update || !existsSync(file)) {
      writeFileSync(file, actual);
      if (!update) assert.fail(`${file} did not exist; written — review and commit it`);
      return;
    }
    assert.equal(actual, readFileSync(file, 'utf8'), `differs from test/golden/${s.name}.out (UPDATE_GOLDEN=1 rewrites it)`);
  });
}
