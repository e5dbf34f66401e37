// Escape attempts: every way a guest might reach outside its preopen is
// refused, and the host file system outside the preopen is never touched.
// A spy on node:fs records every path the host hands to it while the guest
// runs; all of them must lie inside the preopen.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Errno, FileType, FstFlags, OFlags, Rights } from './constants.js';
import { isInside } from './sandbox.js';
import { FakeGuest } from './testing.js';

const PRE = 3;
let base: string;
let root: string;
let sentinel: string;
let sentinelBefore: fs.BigIntStats;
let g: FakeGuest;
const touched: { fn: string; path: string }[] = [];
const originals = new Map<string, unknown>();
// Only the host's own fs calls count, not the test's checks in between.
let hostRunning = false;
function asHost<T>(fn: () => T): T {
  hostRunning = true;
  try {
    return fn();
  } finally {
    hostRunning = false;
  }
}

// The fs functions the host uses with paths, and which of their arguments are paths.
const PATH_ARGS: Record<string, number[]> = {
  openSync: [0], lstatSync: [0], statSync: [0], readlinkSync: [0], readdirSync: [0], renameSync: [0, 1],
  linkSync: [0, 1], symlinkSync: [1], unlinkSync: [0], rmdirSync: [0], mkdirSync: [0], realpathSync: [0],
  utimesSync: [0], lutimesSync: [0], truncateSync: [0], existsSync: [0], accessSync: [0], readFileSync: [0],
  writeFileSync: [0], opendirSync: [0], rmSync: [0], chmodSync: [0],
};

function spy(): void {
  const target = fs as unknown as Record<string, (...a: unknown[]) => unknown>;
  for (const [name, positions] of Object.entries(PATH_ARGS)) {
    const original = target[name]!;
    originals.set(name, original);
    target[name] = function (this: unknown, ...args: unknown[]) {
      for (const i of positions) if (hostRunning && typeof args[i] === 'string') touched.push({ fn: name, path: path.resolve(args[i] as string) });
      return original.apply(this, args);
    };
  }
}
function unspy(): void {
  const target = fs as unknown as Record<string, unknown>;
  for (const [name, original] of originals) target[name] = original;
  originals.clear();
}

before(() => {
  base = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'wasi-escape-')));
  root = path.join(base, 'root');
  sentinel = path.join(base, 'sentinel.txt');
  fs.mkdirSync(path.join(root, 'sub'), { recursive: true });
  fs.mkdirSync(path.join(base, 'outdir'));
  fs.mkdirSync(path.join(base, 'root2'));
  fs.writeFileSync(path.join(base, 'outdir', 'secret.txt'), 'secret');
  fs.writeFileSync(path.join(base, 'root2', 'x'), 'sibling');
  fs.writeFileSync(sentinel, 'SENTINEL');
  fs.writeFileSync(path.join(root, 'inner.txt'), 'inner');
  fs.symlinkSync('../sentinel.txt', path.join(root, 'link-file-out'));
  fs.symlinkSync('../outdir', path.join(root, 'link-dir-out'));
  fs.symlinkSync(sentinel, path.join(root, 'link-abs'));
  fs.symlinkSync('sub/../link-file-out', path.join(root, 'chain'));
  fs.symlinkSync('../root2/x', path.join(root, 'link-sibling'));
  fs.symlinkSync('../../sentinel.txt', path.join(root, 'sub', 'deep-out'));
  fs.utimesSync(sentinel, 1_000_000, 1_000_000);
  sentinelBefore = fs.statSync(sentinel, { bigint: true });
  spy();
  g = asHost(() => new FakeGuest({ preopens: [{ hostPath: root, guestPath: '/' }] }));
  for (const f of Object.values(g.fns)) {
    const original = f.call.bind(f);
    (f as { call: typeof f.call }).call = (args) => asHost(() => original(args));
  }
});

after(() => {
  unspy();
  g.host.close();
  fs.rmSync(base, { recursive: true, force: true });
});

const call = (name: string, ...args: (string | number | bigint)[]): number =>
  g.call(name, ...args.flatMap((a) => (typeof a === 'string' ? g.str(a) : [a])));

const FOLLOW = 1;
const NOFOLLOW = 0;

test('parent-directory and absolute paths are refused', () => {
  for (const p of ['../sentinel.txt', 'sub/../../sentinel.txt', '..', '../outdir/secret.txt', '/etc/passwd', sentinel, '../root2/x']) {
    assert.equal(g.open(PRE, p)[0], Errno.NOTCAPABLE, p);
    assert.equal(g.open(PRE, p, { oflags: OFlags.CREAT | OFlags.TRUNC })[0], Errno.NOTCAPABLE, p);
  }
  assert.equal(g.open(PRE, '../created.txt', { oflags: OFlags.CREAT })[0], Errno.NOTCAPABLE);
  assert.equal(fs.existsSync(path.join(base, 'created.txt')), false);
  const [, sub] = g.open(PRE, 'sub', { oflags: OFlags.DIRECTORY });
  assert.equal(g.open(sub, '../../sentinel.txt')[0], Errno.NOTCAPABLE);
  assert.equal(g.open(sub, '../inner.txt')[0], Errno.SUCCESS);
});

test('a symlink to a file outside: read, write and stat through it are refused', () => {
  for (const link of ['link-file-out', 'link-abs', 'chain', 'sub/deep-out', 'link-sibling']) {
    assert.equal(g.open(PRE, link)[0], Errno.NOTCAPABLE, `read ${link}`);
    assert.equal(g.open(PRE, link, { oflags: OFlags.TRUNC, rights: Rights.FD_WRITE })[0], Errno.NOTCAPABLE, `write ${link}`);
    assert.equal(g.open(PRE, link, { oflags: OFlags.CREAT })[0], Errno.NOTCAPABLE, `create ${link}`);
    assert.equal(g.open(PRE, link, { follow: false })[0], Errno.LOOP, `open nofollow ${link}`);
    assert.equal(call('path_filestat_get', PRE, FOLLOW, link, g.alloc(64)), Errno.NOTCAPABLE, `stat ${link}`);
    assert.equal(call('path_filestat_set_times', PRE, FOLLOW, link, 0n, 0n, FstFlags.ATIM_NOW | FstFlags.MTIM_NOW), Errno.NOTCAPABLE);
    assert.equal(call('path_link', PRE, FOLLOW, link, PRE, `hard-${link.replace('/', '-')}`), Errno.NOTCAPABLE);
  }
  // Without following, the link itself (which is inside) can be looked at.
  const st = g.alloc(64);
  assert.equal(call('path_filestat_get', PRE, NOFOLLOW, 'link-file-out', st), Errno.SUCCESS);
  assert.equal(g.bytes[st + 16], FileType.SYMBOLIC_LINK);
});

test('a symlink to a directory outside cannot be entered, listed or written into', () => {
  assert.equal(g.open(PRE, 'link-dir-out', { oflags: OFlags.DIRECTORY })[0], Errno.NOTCAPABLE);
  assert.equal(g.open(PRE, 'link-dir-out/secret.txt')[0], Errno.NOTCAPABLE);
  assert.equal(g.open(PRE, 'link-dir-out/new.txt', { oflags: OFlags.CREAT })[0], Errno.NOTCAPABLE);
  assert.equal(call('path_create_directory', PRE, 'link-dir-out/newdir'), Errno.NOTCAPABLE);
  assert.equal(call('path_unlink_file', PRE, 'link-dir-out/secret.txt'), Errno.NOTCAPABLE);
  assert.equal(call('path_filestat_get', PRE, NOFOLLOW, 'link-dir-out/secret.txt', g.alloc(64)), Errno.NOTCAPABLE);
  assert.equal(call('path_symlink', 'x', PRE, 'link-dir-out/l'), Errno.NOTCAPABLE);
  assert.deepEqual(fs.readdirSync(path.join(base, 'outdir')), ['secret.txt']);
});

test('renames, links and removals whose source or target is outside are refused', () => {
  assert.equal(call('path_rename', PRE, 'inner.txt', PRE, '../stolen.txt'), Errno.NOTCAPABLE);
  assert.equal(call('path_rename', PRE, 'inner.txt', PRE, 'link-dir-out/stolen.txt'), Errno.NOTCAPABLE);
  assert.equal(call('path_rename', PRE, '../sentinel.txt', PRE, 'mine.txt'), Errno.NOTCAPABLE);
  assert.equal(call('path_rename', PRE, 'link-dir-out/secret.txt', PRE, 'mine.txt'), Errno.NOTCAPABLE);
  assert.equal(call('path_link', PRE, NOFOLLOW, 'inner.txt', PRE, '../hard.txt'), Errno.NOTCAPABLE);
  assert.equal(call('path_link', PRE, NOFOLLOW, '../sentinel.txt', PRE, 'hard.txt'), Errno.NOTCAPABLE);
  assert.equal(call('path_link', PRE, NOFOLLOW, 'inner.txt', PRE, 'link-dir-out/hard.txt'), Errno.NOTCAPABLE);
  assert.equal(call('path_symlink', '../sentinel.txt', PRE, 'evil'), Errno.NOTCAPABLE);
  assert.equal(call('path_symlink', '/etc/passwd', PRE, 'evil'), Errno.NOTCAPABLE);
  assert.equal(call('path_symlink', '../../x', PRE, 'sub/evil'), Errno.NOTCAPABLE);
  assert.equal(call('path_symlink', 'x', PRE, '../evil'), Errno.NOTCAPABLE);
  assert.equal(call('path_unlink_file', PRE, '../sentinel.txt'), Errno.NOTCAPABLE);
  assert.equal(call('path_remove_directory', PRE, '../outdir'), Errno.NOTCAPABLE);
  assert.equal(call('path_create_directory', PRE, '../newdir'), Errno.NOTCAPABLE);
  assert.equal(call('path_readlink', PRE, '../x', g.alloc(8), 8, g.alloc(4)), Errno.NOTCAPABLE);
  assert.equal(fs.readFileSync(path.join(root, 'inner.txt'), 'utf8'), 'inner');
  for (const name of ['stolen.txt', 'hard.txt', 'evil', 'newdir']) assert.equal(fs.existsSync(path.join(base, name)), false, name);
  // Renaming or unlinking the link itself is fine: it lives inside; its target is untouched.
  assert.equal(call('path_rename', PRE, 'link-file-out', PRE, 'sub/moved-link'), Errno.SUCCESS);
  assert.equal(call('path_unlink_file', PRE, 'sub/moved-link'), Errno.SUCCESS);
  assert.equal(fs.existsSync(sentinel), true);
});

test('listing the preopen root does not look at its parent', () => {
  const buf = g.alloc(2048);
  const used = g.alloc(4);
  assert.equal(g.call('fd_readdir', PRE, buf, 2048, 0n, used), Errno.SUCCESS);
  assert.ok(g.u32(used) > 0);
});

test('nothing outside the preopen was opened, stat\'ed, listed or changed', () => {
  unspy();
  const outside = touched.filter((t) => !isInside(root, t.path));
  assert.deepEqual(outside, [], 'host fs calls outside the preopen');
  assert.ok(touched.some((t) => t.fn === 'lstatSync'), 'the spy saw the host at work');
  const now = fs.statSync(sentinel, { bigint: true });
  assert.equal(fs.readFileSync(sentinel, 'utf8'), 'SENTINEL');
  assert.equal(now.ino, sentinelBefore.ino);
  assert.equal(now.mtimeNs, sentinelBefore.mtimeNs);
  assert.equal(now.atimeNs, sentinelBefore.atimeNs);
  assert.equal(now.nlink, 1n);
  assert.deepEqual(fs.readdirSync(base).sort(), ['outdir', 'root', 'root2', 'sentinel.txt']);
  assert.equal(fs.readFileSync(path.join(base, 'root2', 'x'), 'utf8'), 'sibling');
});
