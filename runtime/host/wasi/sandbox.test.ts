import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Errno } from './constants.js';
import { errnoOf as errnoOfThrown } from './errors.js';
import { isInside, MAX_SYMLINKS, openResolved, preopenRoot, resolvePath, symlinkTargetStaysInside, type SandboxLocation } from './sandbox.js';

let base: string;
let root: string;
let at: SandboxLocation;

before(() => {
  base = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'wasi-sandbox-')));
  root = path.join(base, 'root');
  fs.mkdirSync(path.join(root, 'a', 'b'), { recursive: true });
  fs.writeFileSync(path.join(root, 'a', 'file.txt'), 'x');
  fs.writeFileSync(path.join(base, 'outside.txt'), 'secret');
  fs.mkdirSync(path.join(base, 'outdir'));
  fs.symlinkSync('a/file.txt', path.join(root, 'link-in'));
  fs.symlinkSync('../outside.txt', path.join(root, 'link-out'));
  fs.symlinkSync('../../outdir', path.join(root, 'a', 'link-outdir'));
  fs.symlinkSync(path.join(root, 'a'), path.join(root, 'link-abs'));
  fs.symlinkSync('loop2', path.join(root, 'loop1'));
  fs.symlinkSync('loop1', path.join(root, 'loop2'));
  fs.symlinkSync('b/../..', path.join(root, 'a', 'link-up')); // a/b/../.. = root: allowed
  at = { root: preopenRoot(root), rel: [] };
});
after(() => fs.rmSync(base, { recursive: true, force: true }));

function errnoOf(fn: () => unknown): number {
  try {
    fn();
  } catch (e) {
    const errno = errnoOfThrown(e); // a WasiError, or a host error such as ELOOP from O_NOFOLLOW
    if (errno === undefined) throw e;
    return errno;
  }
  return Errno.SUCCESS;
}
const follow = { followFinal: true };
const noFollow = { followFinal: false };

test('plain, dotted and nested paths resolve below the root', () => {
  const r = resolvePath(at, 'a/./b/../file.txt', follow);
  assert.deepEqual(r.rel, ['a', 'file.txt']);
  assert.equal(r.hostPath, path.join(root, 'a', 'file.txt'));
  assert.ok(r.stat?.isFile());
  assert.equal(r.endsInName, true);
  assert.deepEqual(resolvePath(at, '.', follow).rel, []);
  assert.deepEqual(resolvePath(at, 'a/..', follow).rel, []);
  assert.equal(resolvePath(at, 'a/..', follow).endsInName, false);
});

test('a missing final component resolves with stat null; a missing middle one is ENOENT', () => {
  const r = resolvePath(at, 'a/new.txt', noFollow);
  assert.equal(r.stat, null);
  assert.equal(errnoOf(() => resolvePath(at, 'nope/x', noFollow)), Errno.NOENT);
  assert.equal(errnoOf(() => resolvePath(at, 'a/file.txt/x', noFollow)), Errno.NOTDIR);
  assert.equal(errnoOf(() => resolvePath(at, '', noFollow)), Errno.NOENT);
  assert.equal(errnoOf(() => resolvePath(at, 'a\0b', noFollow)), Errno.INVAL);
});

test('climbing above the root and absolute paths are ENOTCAPABLE', () => {
  for (const p of ['..', '../x', '../root/a', 'a/../../x', 'a/b/../../../outside.txt', '/etc/passwd', '/']) {
    assert.equal(errnoOf(() => resolvePath(at, p, follow)), Errno.NOTCAPABLE, p);
  }
  // From a subdirectory, '..' once is fine, twice is out.
  const sub: SandboxLocation = { root: at.root, rel: ['a'] };
  assert.deepEqual(resolvePath(sub, '../a/file.txt', follow).rel, ['a', 'file.txt']);
  assert.equal(errnoOf(() => resolvePath(sub, '../../x', follow)), Errno.NOTCAPABLE);
});

test('symlinks inside the root are followed by hand; the final one only when asked', () => {
  const followed = resolvePath(at, 'link-in', follow);
  assert.deepEqual(followed.rel, ['a', 'file.txt']);
  const kept = resolvePath(at, 'link-in', noFollow);
  assert.deepEqual(kept.rel, ['link-in']);
  assert.ok(kept.stat?.isSymbolicLink());
  assert.deepEqual(resolvePath(at, 'a/link-up/a/file.txt', follow).rel, ['a', 'file.txt']);
  // A trailing slash insists on a directory and so follows the final link.
  assert.equal(errnoOf(() => resolvePath(at, 'link-in/', noFollow)), Errno.NOTDIR);
});

test('symlinks leading out of the root are ENOTCAPABLE, whether relative or absolute', () => {
  assert.equal(errnoOf(() => resolvePath(at, 'link-out', follow)), Errno.NOTCAPABLE);
  assert.equal(errnoOf(() => resolvePath(at, 'a/link-outdir/anything', noFollow)), Errno.NOTCAPABLE);
  assert.equal(errnoOf(() => resolvePath(at, 'a/link-outdir', follow)), Errno.NOTCAPABLE);
  assert.equal(errnoOf(() => resolvePath(at, 'link-abs/file.txt', noFollow)), Errno.NOTCAPABLE);
  // Not following the final link leaves the link itself, which is inside.
  assert.deepEqual(resolvePath(at, 'link-out', noFollow).rel, ['link-out']);
});

test('symlink cycles end in ELOOP', () => {
  assert.equal(errnoOf(() => resolvePath(at, 'loop1', follow)), Errno.LOOP);
  assert.equal(errnoOf(() => resolvePath(at, 'loop1/x', noFollow)), Errno.LOOP);
  assert.ok(MAX_SYMLINKS >= 8);
});

test('symlinkTargetStaysInside reads link targets lexically from the link location', () => {
  assert.equal(symlinkTargetStaysInside(['l'], 'a/file.txt'), true);
  assert.equal(symlinkTargetStaysInside(['l'], '../x'), false);
  assert.equal(symlinkTargetStaysInside(['a', 'l'], '../x'), true);
  assert.equal(symlinkTargetStaysInside(['a', 'l'], '../../x'), false);
  assert.equal(symlinkTargetStaysInside(['a', 'l'], '/etc/passwd'), false);
  assert.equal(symlinkTargetStaysInside(['l'], ''), false);
});

test('isInside compares whole components', () => {
  assert.equal(isInside('/r', '/r'), true);
  assert.equal(isInside('/r', '/r/x'), true);
  assert.equal(isInside('/r', '/r2/x'), false);
  assert.equal(isInside('/', '/etc'), true);
});

test('openResolved refuses an entry swapped for a symlink or another file after resolution', () => {
  fs.writeFileSync(path.join(root, 'swap.txt'), 'inside');
  const r = resolvePath(at, 'swap.txt', follow);
  fs.rmSync(path.join(root, 'swap.txt'));
  fs.symlinkSync('../outside.txt', path.join(root, 'swap.txt'));
  assert.equal(errnoOf(() => openResolved(r, fs.constants.O_RDONLY)), Errno.LOOP);

  fs.mkdirSync(path.join(root, 'd'));
  fs.writeFileSync(path.join(root, 'd', 'f'), 'inside');
  const r2 = resolvePath(at, 'd/f', follow);
  fs.renameSync(path.join(root, 'd'), path.join(root, 'd-old'));
  fs.symlinkSync('../outdir-race', path.join(root, 'd'));
  fs.mkdirSync(path.join(base, 'outdir-race'));
  fs.writeFileSync(path.join(base, 'outdir-race', 'f'), 'outside');
  assert.equal(errnoOf(() => openResolved(r2, fs.constants.O_RDONLY)), Errno.NOTCAPABLE);
  // A file created by the open is checked on its real path as well.
  const r3 = resolvePath(at, 'd-old/new', noFollow);
  fs.renameSync(path.join(root, 'd-old'), path.join(root, 'd-old2'));
  fs.symlinkSync('../outdir-race', path.join(root, 'd-old'));
  assert.equal(errnoOf(() => openResolved(r3, fs.constants.O_RDWR | fs.constants.O_CREAT)), Errno.NOTCAPABLE);
});
