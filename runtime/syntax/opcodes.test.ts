import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { OBSOLETE_NAMES, OPCODES, Op, opByName, opId, opInfo } from './opcodes.js';

test('every opcode has a unique id and name, and lookups agree', () => {
  const ids = new Set<number>();
  for (const info of OPCODES) {
    assert.ok(!ids.has(info.id), `duplicate id ${info.id.toString(16)}`);
    ids.add(info.id);
    assert.equal(opInfo(info.id), info);
    assert.equal(opByName(info.name), info);
    assert.equal(info.id, opId(info.prefix, info.code));
    if (info.imm === 'memarg') assert.ok(info.naturalAlign >= 0 && info.naturalAlign <= 3, info.name);
  }
});

test('well-known encodings are right', () => {
  assert.equal(Op['i32.add'], 0x6a);
  assert.equal(Op['f64.copysign'], 0xa6);
  assert.equal(Op['i64.extend32_s'], 0xc4);
  assert.equal(Op['memory.copy'], 0xfc * 0x1000 + 10);
  assert.equal(Op['table.fill'], 0xfc * 0x1000 + 17);
  assert.equal(Op['i64.atomic.rmw32.cmpxchg_u'], 0xfe * 0x1000 + 0x4e);
  assert.equal(Op['i32.atomic.rmw.add'], 0xfe * 0x1000 + 0x1e);
  assert.equal(Op['i64.atomic.rmw8.xchg_u'], 0xfe * 0x1000 + 0x45);
  assert.equal(Op['resume'], 0xe3);
  assert.equal(Op['resume_throw_ref'], 0xe5);
  assert.equal(Op['switch'], 0xe6);
  assert.equal(Op['try_table'], 0x1f);
});

test('obsolete names map to real instructions', () => {
  for (const [, now] of OBSOLETE_NAMES) assert.ok(opByName(now), now);
});

// Op is a string-keyed record, so a misspelt `Op['i32.ad']` would be undefined
// at run time rather than a type error: check every use in the sources.
test("every Op['name'] used in the sources exists", () => {
  const root = join(__dirname, '..', '..');
  const unknown: string[] = [];
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir)) {
      if (name === 'node_modules' || name === 'dist' || name.startsWith('.')) continue;
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (name.endsWith('.ts') && path !== __filename) {
        for (const m of readFileSync(path, 'utf8').matchAll(/\bOp\['([^']+)'\]/g)) {
          if (!opByName(m[1]!)) unknown.push(`${path}: ${m[1]}`);
        }
      }
    }
  };
  for (const top of ['runtime', 'cli', 'debug-adapter', 'extension', 'bench']) {
    try { walk(join(root, top)); } catch { /* folder not there yet */ }
  }
  assert.deepEqual(unknown, []);
});
