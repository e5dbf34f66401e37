// Test helper: builds dist/ when the bundle is older than the adapter's or
// the runtime's sources. Test files run in parallel processes, so the build
// is done under a lock directory: two esbuild runs writing one bundle at once
// could leave a torn file for the other test to spawn.

import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, rmdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

const root = resolve(__dirname, '..');
export const adapterPath = join(root, 'dist', 'debugAdapter.js');

function newestSource(dir: string): number {
  let newest = 0;
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    const st = statSync(path);
    if (st.isDirectory()) newest = Math.max(newest, newestSource(path));
    else if (name.endsWith('.ts')) newest = Math.max(newest, st.mtimeMs);
  }
  return newest;
}

function fresh(): boolean {
  let built = 0;
  try {
    built = statSync(adapterPath).mtimeMs;
  } catch {
    // not built yet
  }
  return built >= Math.max(newestSource(__dirname), newestSource(join(root, 'runtime')));
}

export function ensureBuilt(): void {
  const lock = join(root, 'dist', '.build-lock');
  mkdirSync(join(root, 'dist'), { recursive: true });
  for (let tries = 0; ; tries++) {
    if (fresh()) return;
    try {
      mkdirSync(lock);
    } catch {
      // Another test process is building: wait for it (a stale lock after 2 minutes is taken over).
      assert.ok(tries < 1200, 'timed out waiting for another build of dist/');
      if (tries === 1199) rmdirSync(lock);
      spawnSync('sleep', ['0.1']);
      continue;
    }
    try {
      if (!fresh()) {
        const r = spawnSync(process.execPath, ['build.mjs'], { cwd: root, stdio: 'inherit' });
        assert.equal(r.status, 0, 'node build.mjs failed');
      }
    } finally {
      rmdirSync(lock);
    }
  }
}
