// Runs the official spec suites in ../shared/conformance through our own
// `wasmdbg wast`, one child process per file (so a hang or a crash is caught
// and reported, never taking the whole run down), two at a time.
//
// Gate: no file may crash or time out; and no file may fail more checks than
// test/conformance-baseline.json records for it (a ratchet: the baseline only
// ever goes down). Files of the groups the runtime-core issue requires must
// reach zero failures; until then each remaining failure is listed in the
// baseline and in the notes.
//
//   node test/conformance.mjs                 run everything, compare to the baseline
//   node test/conformance.mjs --update-baseline   record the current failures
//   node test/conformance.mjs --group core    only one group

import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const conformance = join(root, '..', 'shared', 'conformance');
const baselinePath = join(root, 'test', 'conformance-baseline.json');
const cli = join(root, 'dist', 'cli.js');
const TIMEOUT_MS = 120_000;
const PARALLEL = 2;

/** Groups the runtime must pass in full (see issue "Runtime core"). */
export const REQUIRED_GROUPS = ['core', 'bulk-memory', 'exceptions', 'legacy-exceptions', 'tail-call', 'multi-memory'];

function listSuites() {
  const files = [];
  const features = readFileSync(join(conformance, 'core', 'FEATURES.tsv'), 'utf8');
  for (const line of features.split('\n')) {
    const [name, group] = line.split('\t');
    if (!name || !group || !name.endsWith('.wast')) continue;
    files.push({ path: join(conformance, 'core', name), group });
  }
  const walk = (dir, group) => {
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name);
      if (name.endsWith('.wast')) files.push({ path, group });
      else if (statSync(path).isDirectory()) walk(path, group);
    }
  };
  walk(join(conformance, 'threads'), 'threads');
  walk(join(conformance, 'stack-switching'), 'stack-switching');
  return files;
}

function runFile(file) {
  return new Promise((resolve) => {
    // The core suite predates stack switching, which lets tags have results.
    const disable = file.group === 'stack-switching' ? [] : ['--disable', 'stack-switching'];
    const child = spawn(process.execPath, [cli, 'wast', '--quiet', '--verbose', ...disable, file.path], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => { out += d; });
    child.stderr.on('data', (d) => { err += d; });
    const started = Date.now();
    const timer = setTimeout(() => child.kill('SIGKILL'), TIMEOUT_MS);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const ms = Date.now() - started;
      const last = out.trim().split('\n').pop() ?? '';
      const m = /^(\d+) passed, (\d+) failed(?:, (\d+) skipped)?$/.exec(last);
      if (signal || !m) {
        const why = signal === 'SIGKILL' ? `timed out after ${TIMEOUT_MS / 1000} s` : `crashed (exit ${code}${signal ? `, ${signal}` : ''})`;
        resolve({ ...file, passed: 0, failed: 0, skipped: 0, broken: `${why}: ${(err || out).trim().split('\n').slice(-3).join(' | ')}`, ms, details: '' });
        return;
      }
      resolve({ ...file, passed: +m[1], failed: +m[2], skipped: +(m[3] ?? 0), ms, details: out });
    });
  });
}

async function main() {
  const args = process.argv.slice(2);
  const update = args.includes('--update-baseline');
  const groupIndex = args.indexOf('--group');
  const onlyGroup = groupIndex >= 0 ? args[groupIndex + 1] : undefined;
  if (!existsSync(cli)) {
    console.error('conformance: dist/cli.js is missing; run `npm run build` first');
    process.exit(2);
  }
  const files = listSuites().filter((f) => !onlyGroup || f.group === onlyGroup);
  const queue = [...files];
  const results = [];
  await Promise.all(Array.from({ length: PARALLEL }, async () => {
    while (queue.length) results.push(await runFile(queue.shift()));
  }));
  results.sort((a, b) => a.path.localeCompare(b.path));

  const baseline = existsSync(baselinePath) ? JSON.parse(readFileSync(baselinePath, 'utf8')) : { files: {} };
  const problems = [];
  const groups = new Map();
  for (const r of results) {
    const key = relative(conformance, r.path);
    const g = groups.get(r.group) ?? { passed: 0, failed: 0, skipped: 0, files: 0, broken: 0 };
    g.passed += r.passed; g.failed += r.failed; g.skipped += r.skipped; g.files++;
    if (r.broken) { g.broken++; problems.push(`${key}: ${r.broken}`); }
    groups.set(r.group, g);
    const allowed = baseline.files[key]?.failed ?? (REQUIRED_GROUPS.includes(r.group) ? 0 : Infinity);
    if (!update && r.failed > allowed) {
      problems.push(`${key}: ${r.failed} failed, baseline allows ${allowed}`);
      const detail = r.details.split('\n').filter((l) => l.startsWith('  ')).slice(0, 5).join('\n');
      if (detail) problems.push(detail);
    }
  }

  console.log('group               files   passed   failed  skipped  broken');
  let passed = 0, failed = 0, skipped = 0;
  for (const [name, g] of [...groups].sort()) {
    console.log(`${name.padEnd(18)} ${String(g.files).padStart(6)} ${String(g.passed).padStart(8)} ${String(g.failed).padStart(8)} ${String(g.skipped).padStart(8)} ${String(g.broken).padStart(7)}${REQUIRED_GROUPS.includes(name) ? '  (required)' : ''}`);
    passed += g.passed; failed += g.failed; skipped += g.skipped;
  }
  mkdirSync(join(root, '.test-artifacts'), { recursive: true });
  writeFileSync(join(root, '.test-artifacts', 'conformance.json'), JSON.stringify(results.map(({ details: _d, ...r }) => r), null, 1));

  if (update) {
    const files = {};
    for (const r of results) if (r.failed > 0) files[relative(conformance, r.path)] = { group: r.group, failed: r.failed, passed: r.passed };
    writeFileSync(baselinePath, JSON.stringify({ note: 'Known failures per file; a run may not exceed them. Lower these as fixes land.', files }, null, 2) + '\n');
    console.log(`baseline written: ${Object.keys(files).length} files with known failures`);
  }
  if (problems.length) {
    console.log('\nproblems:');
    for (const p of problems) console.log(`  ${p}`);
  }
  // The closing line, in the form CI reads.
  console.log(`conformance: ${passed} passed, ${failed} failed, ${skipped} skipped`);
  process.exit(problems.length ? 1 : 0);
}

await main();
