// The binary modules of the official spec suites: every one inside an
// assert_malformed must be rejected with (a message containing) the spec's
// message, and every other one must decode (or be refused as not supported,
// or, inside assert_invalid, as invalid).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { CompileError } from '../errors.js';
import { decodeModule } from './decode.js';
import { encodeModule } from './encode.js';
import { stripOffsets } from './codec.testutil.js';
import { binariesInWast } from './wast-binaries.testutil.js';
import type { WastBinary } from './wast-binaries.testutil.js';

const SUITES = '/work/shared/conformance';

function wastFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...wastFiles(path));
    else if (name.endsWith('.wast')) out.push(path);
  }
  return out;
}

const cases: WastBinary[] = wastFiles(SUITES).flatMap(binariesInWast);

function where(c: WastBinary): string {
  return `${c.file.slice(SUITES.length + 1)}:${c.line}`;
}

function outcome(bytes: Uint8Array): CompileError | undefined {
  try {
    decodeModule(bytes);
    return undefined;
  } catch (e) {
    if (e instanceof CompileError) return e;
    throw e;
  }
}

test('spec suites contain binary modules', { skip: !existsSync(SUITES) && 'no conformance suites' }, () => {
  assert.ok(cases.length > 500, `only ${cases.length} binary modules found`);
});

test('assert_malformed binaries are rejected with the spec message', () => {
  const failures: string[] = [];
  let checked = 0;
  for (const c of cases.filter((x) => x.context === 'assert_malformed')) {
    const err = outcome(c.bytes);
    if (err?.kind === 'unsupported') continue;
    checked++;
    if (!err) failures.push(`${where(c)}: decoded, expected "${c.expected}"`);
    else if (err.kind !== 'malformed' || !err.message.includes(c.expected ?? '')) {
      failures.push(`${where(c)}: ${err.kind} "${err.message}", expected "${c.expected}"`);
    }
  }
  assert.ok(checked > 500);
  assert.deepEqual(failures, []);
});

test('other binary modules decode', () => {
  const failures: string[] = [];
  for (const c of cases.filter((x) => x.context !== 'assert_malformed')) {
    const err = outcome(c.bytes);
    if (!err || err.kind === 'unsupported') continue;
    if (err.kind === 'invalid' && c.context === 'assert_invalid') continue;
    failures.push(`${where(c)} (${c.context || 'module'}): ${err.kind} "${err.message}" at ${JSON.stringify(err.location)}`);
  }
  assert.deepEqual(failures, []);
});

test('spec binaries that decode survive encode → decode unchanged', () => {
  let checked = 0;
  for (const c of cases.filter((x) => x.context !== 'assert_malformed')) {
    let m;
    try {
      m = decodeModule(c.bytes);
    } catch {
      continue;
    }
    const again = decodeModule(encodeModule(m));
    assert.deepEqual(stripOffsets(again), stripOffsets(m), where(c));
    checked++;
  }
  assert.ok(checked > 80, `only ${checked} round trips`);
});
