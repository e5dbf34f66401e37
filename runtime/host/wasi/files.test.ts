import { test, beforeEach, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Errno, FdFlags, FileType, FstFlags, OFlags, Rights, Whence } from './constants.js';
import { FakeGuest } from './testing.js';

const PRE = 3; // the first preopen's fd
let dir: string;
let g: FakeGuest;

beforeEach(() => {
  dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'wasi-files-')));
  g = new FakeGuest({ preopens: [{ hostPath: dir, guestPath: '/sandbox' }] });
});
afterEach(() => {
  g.host.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const CREATE = OFlags.CREAT;

test('the preopen is announced through fd_prestat_get / fd_prestat_dir_name', () => {
  const pre = g.alloc(8);
  assert.equal(g.call('fd_prestat_get', PRE, pre), Errno.SUCCESS);
  assert.equal(g.bytes[pre], 0);
  assert.equal(g.u32(pre + 4), 8);
  const name = g.alloc(8);
  assert.equal(g.call('fd_prestat_dir_name', PRE, name, 8), Errno.SUCCESS);
  assert.equal(g.text(name, 8), '/sandbox');
  assert.equal(g.call('fd_prestat_dir_name', PRE, name, 3), Errno.NAMETOOLONG);
  assert.equal(g.call('fd_prestat_get', PRE + 1, pre), Errno.BADF);
  const st = g.alloc(24);
  assert.equal(g.call('fd_fdstat_get', PRE, st), Errno.SUCCESS);
  assert.equal(g.bytes[st], FileType.DIRECTORY);
});

test('create, write, seek, read back, tell', () => {
  const [e, fd] = g.open(PRE, 'hello.txt', { oflags: CREATE });
  assert.equal(e, Errno.SUCCESS);
  assert.ok(fd > PRE);
  assert.deepEqual(g.write(fd, 'hello world'), [Errno.SUCCESS, 11]);
  assert.equal(fs.readFileSync(path.join(dir, 'hello.txt'), 'utf8'), 'hello world');
  const off = g.alloc(8);
  assert.equal(g.call('fd_tell', fd, off), Errno.SUCCESS);
  assert.equal(g.u64(off), 11n);
  assert.equal(g.call('fd_seek', fd, 6n, Whence.SET, off), Errno.SUCCESS);
  assert.deepEqual(g.read(fd, 100), [Errno.SUCCESS, 'world']);
  assert.deepEqual(g.read(fd, 100), [Errno.SUCCESS, '']);
  assert.equal(g.call('fd_seek', fd, -5n, Whence.END, off), Errno.SUCCESS);
  assert.equal(g.u64(off), 6n);
  assert.equal(g.call('fd_seek', fd, BigInt.asUintN(64, -2n), Whence.CUR, off), Errno.SUCCESS);
  assert.equal(g.u64(off), 4n);
  assert.deepEqual(g.read(fd, 3), [Errno.SUCCESS, 'o w']);
  assert.equal(g.call('fd_seek', fd, -100n, Whence.CUR, off), Errno.INVAL);
  assert.equal(g.call('fd_seek', fd, 0n, 7, off), Errno.INVAL);
  assert.equal(g.call('fd_close', fd), Errno.SUCCESS);
  assert.equal(g.call('fd_close', fd), Errno.BADF);
});

test('pread/pwrite do not move the position; append writes at the end', () => {
  fs.writeFileSync(path.join(dir, 'f'), 'abcdef');
  const [, fd] = g.open(PRE, 'f');
  const [iovs, n] = g.iov('XY');
  const out = g.alloc(4);
  assert.equal(g.call('fd_pwrite', fd, iovs, n, 2n, out), Errno.SUCCESS);
  assert.equal(fs.readFileSync(path.join(dir, 'f'), 'utf8'), 'abXYef');
  const [riovs, rn, buf] = g.readIov(3);
  assert.equal(g.call('fd_pread', fd, riovs, rn, 3n, out), Errno.SUCCESS);
  assert.equal(g.text(buf, g.u32(out)), 'Yef');
  assert.deepEqual(g.read(fd, 2), [Errno.SUCCESS, 'ab']);
  assert.equal(g.call('fd_fdstat_set_flags', fd, FdFlags.APPEND), Errno.SUCCESS);
  g.write(fd, '!');
  assert.equal(fs.readFileSync(path.join(dir, 'f'), 'utf8'), 'abXYef!');
  const st = g.alloc(24);
  g.call('fd_fdstat_get', fd, st);
  assert.equal(g.bytes[st], FileType.REGULAR_FILE);
  assert.equal(g.view.getUint16(st + 2, true), FdFlags.APPEND);
  assert.equal(g.call('fd_fdstat_set_flags', fd, 64), Errno.INVAL);
});

test('oflags: EXCL, TRUNC, DIRECTORY; missing files are ENOENT', () => {
  fs.writeFileSync(path.join(dir, 'f'), 'content');
  assert.equal(g.open(PRE, 'f', { oflags: CREATE | OFlags.EXCL })[0], Errno.EXIST);
  assert.equal(g.open(PRE, 'nope')[0], Errno.NOENT);
  assert.equal(g.open(PRE, 'f', { oflags: OFlags.DIRECTORY })[0], Errno.NOTDIR);
  const [e] = g.open(PRE, 'f', { oflags: OFlags.TRUNC });
  assert.equal(e, Errno.SUCCESS);
  assert.equal(fs.readFileSync(path.join(dir, 'f'), 'utf8'), '');
  fs.mkdirSync(path.join(dir, 'd'));
  assert.equal(g.open(PRE, 'd', { oflags: OFlags.DIRECTORY, rights: Rights.FD_READDIR | Rights.PATH_OPEN })[0], Errno.SUCCESS);
  assert.equal(g.open(PRE, 'd', { rights: Rights.FD_WRITE })[0], Errno.ISDIR);
  assert.equal(g.open(PRE, 'f', { oflags: 16 })[0], Errno.INVAL);
});

test('rights: a file opened read-only cannot be written; rights only shrink', () => {
  fs.writeFileSync(path.join(dir, 'f'), 'ro');
  const [, fd] = g.open(PRE, 'f', { rights: Rights.FD_READ | Rights.FD_SEEK });
  assert.equal(g.write(fd, 'x')[0], Errno.NOTCAPABLE);
  assert.deepEqual(g.read(fd, 10), [Errno.SUCCESS, 'ro']);
  assert.equal(g.call('fd_fdstat_set_rights', fd, Rights.FD_READ, 0n), Errno.SUCCESS);
  assert.equal(g.call('fd_seek', fd, 0n, Whence.SET, g.alloc(8)), Errno.NOTCAPABLE);
  assert.equal(g.call('fd_fdstat_set_rights', fd, Rights.FD_READ | Rights.FD_WRITE, 0n), Errno.NOTCAPABLE);
  assert.equal(fs.readFileSync(path.join(dir, 'f'), 'utf8'), 'ro');
});

test('fd_filestat_get, path_filestat_get, set_size, set_times, allocate', () => {
  const [, fd] = g.open(PRE, 'f', { oflags: CREATE });
  g.write(fd, '12345');
  const st = g.alloc(64);
  assert.equal(g.call('fd_filestat_get', fd, st), Errno.SUCCESS);
  assert.equal(g.bytes[st + 16], FileType.REGULAR_FILE);
  assert.equal(g.u64(st + 32), 5n);
  assert.equal(g.u64(st + 24), 1n);
  assert.equal(g.u64(st + 8), fs.statSync(path.join(dir, 'f'), { bigint: true }).ino);
  assert.equal(g.call('fd_filestat_set_size', fd, 2n), Errno.SUCCESS);
  assert.equal(fs.readFileSync(path.join(dir, 'f'), 'utf8'), '12');
  assert.equal(g.call('fd_allocate', fd, 0n, 10n), Errno.SUCCESS);
  assert.equal(fs.statSync(path.join(dir, 'f')).size, 10);
  const t = 1_600_000_000_123_000_000n;
  assert.equal(g.call('fd_filestat_set_times', fd, t, t, FstFlags.ATIM | FstFlags.MTIM), Errno.SUCCESS);
  // Node's utimes takes seconds as a double: about a microsecond of precision at today's dates.
  const setNs = fs.statSync(path.join(dir, 'f'), { bigint: true }).mtimeNs;
  assert.ok(setNs - t < 1000n && t - setNs < 1000n, `${setNs} vs ${t}`);
  assert.equal(g.call('fd_filestat_set_times', fd, t, t, FstFlags.ATIM | FstFlags.ATIM_NOW), Errno.INVAL);
  const [p, l] = g.str('f');
  const t2 = 1_500_000_000_000_000_000n;
  assert.equal(g.call('path_filestat_set_times', PRE, 1, p, l, 0n, t2, FstFlags.MTIM), Errno.SUCCESS);
  assert.equal(g.call('path_filestat_get', PRE, 1, p, l, st), Errno.SUCCESS);
  assert.ok(g.u64(st + 48) - t2 < 1000n && t2 - g.u64(st + 48) < 1000n);
  assert.equal(g.u64(st + 32), 10n);
  const [dp, dl] = g.str('.');
  assert.equal(g.call('path_filestat_get', PRE, 0, dp, dl, st), Errno.SUCCESS);
  assert.equal(g.bytes[st + 16], FileType.DIRECTORY);
  assert.equal(g.call('fd_advise', fd, 0n, 0n, 9), Errno.INVAL);
  assert.equal(g.call('fd_advise', fd, 0n, 0n, 1), Errno.SUCCESS);
  assert.equal(g.call('fd_sync', fd), Errno.SUCCESS);
  assert.equal(g.call('fd_datasync', fd), Errno.SUCCESS);
});

/** Decodes fd_readdir output: [next, ino, type, name] per complete entry. */
function dirents(buf: number, used: number): [bigint, bigint, number, string][] {
  const out: [bigint, bigint, number, string][] = [];
  let at = buf;
  while (at + 24 <= buf + used) {
    const len = g.u32(at + 16);
    if (at + 24 + len > buf + used) break;
    out.push([g.u64(at), g.u64(at + 8), g.bytes[at + 20]!, g.text(at + 24, len)]);
    at += 24 + len;
  }
  return out;
}

test('fd_readdir: dirent layout, cookies, and buffers too small for all entries', () => {
  fs.writeFileSync(path.join(dir, 'b.txt'), '');
  fs.mkdirSync(path.join(dir, 'a-dir'));
  fs.symlinkSync('b.txt', path.join(dir, 'c-link'));
  const [, d] = g.open(PRE, '.', { oflags: OFlags.DIRECTORY, rights: Rights.FD_READDIR });
  const buf = g.alloc(1024);
  const used = g.alloc(4);
  assert.equal(g.call('fd_readdir', d, buf, 1024, 0n, used), Errno.SUCCESS);
  const all = dirents(buf, g.u32(used));
  assert.ok(g.u32(used) < 1024);
  assert.deepEqual(all.map((e) => e[3]), ['.', '..', 'a-dir', 'b.txt', 'c-link']);
  assert.deepEqual(all.map((e) => e[0]), [1n, 2n, 3n, 4n, 5n]);
  assert.deepEqual(all.map((e) => e[2]), [FileType.DIRECTORY, FileType.DIRECTORY, FileType.DIRECTORY, FileType.REGULAR_FILE, FileType.SYMBOLIC_LINK]);
  assert.equal(all[3]![1], fs.statSync(path.join(dir, 'b.txt'), { bigint: true }).ino);
  // Resume from a cookie.
  assert.equal(g.call('fd_readdir', d, buf, 1024, 3n, used), Errno.SUCCESS);
  assert.deepEqual(dirents(buf, g.u32(used)).map((e) => e[3]), ['b.txt', 'c-link']);
  // A small buffer is filled completely; the last entry is cut short.
  assert.equal(g.call('fd_readdir', d, buf, 30, 0n, used), Errno.SUCCESS);
  assert.equal(g.u32(used), 30);
  assert.deepEqual(dirents(buf, 30).map((e) => e[3]), ['.']);
  assert.equal(g.call('fd_readdir', d, buf, 1024, 99n, used), Errno.SUCCESS);
  assert.equal(g.u32(used), 0);
  const [, f] = g.open(PRE, 'b.txt');
  assert.equal(g.call('fd_readdir', f, buf, 1024, 0n, used), Errno.NOTDIR);
});

test('directories, renames, links, symlinks, readlink, unlink, rmdir inside the preopen', () => {
  const call = (name: string, ...paths: (string | number)[]): number =>
    g.call(name, ...paths.flatMap((p) => (typeof p === 'string' ? g.str(p) : [p])));
  assert.equal(call('path_create_directory', PRE, 'sub'), Errno.SUCCESS);
  assert.ok(fs.statSync(path.join(dir, 'sub')).isDirectory());
  assert.equal(call('path_create_directory', PRE, 'sub'), Errno.EXIST);
  const [, fd] = g.open(PRE, 'sub/f', { oflags: CREATE });
  g.write(fd, 'data');
  assert.equal(call('path_rename', PRE, 'sub/f', PRE, 'g'), Errno.SUCCESS);
  assert.equal(fs.readFileSync(path.join(dir, 'g'), 'utf8'), 'data');
  assert.equal(call('path_link', PRE, 0, 'g', PRE, 'sub/hard'), Errno.SUCCESS);
  assert.equal(fs.statSync(path.join(dir, 'g')).nlink, 2);
  assert.equal(call('path_symlink', '../g', PRE, 'sub/soft'), Errno.SUCCESS);
  assert.equal(fs.readlinkSync(path.join(dir, 'sub/soft')), '../g');
  const [sp, sl] = g.str('sub/soft');
  const buf = g.alloc(16);
  const used = g.alloc(4);
  assert.equal(g.call('path_readlink', PRE, sp, sl, buf, 16, used), Errno.SUCCESS);
  assert.equal(g.text(buf, g.u32(used)), '../g');
  assert.equal(g.call('path_readlink', PRE, sp, sl, buf, 2, used), Errno.SUCCESS);
  assert.equal(g.text(buf, g.u32(used)), '..');
  const [, viaLink] = g.open(PRE, 'sub/soft');
  assert.deepEqual(g.read(viaLink, 10), [Errno.SUCCESS, 'data']);
  assert.equal(g.open(PRE, 'sub/soft', { follow: false })[0], Errno.LOOP);
  // Paths relative to an opened subdirectory.
  const [, sub] = g.open(PRE, 'sub', { oflags: OFlags.DIRECTORY, rights: Rights.PATH_OPEN | Rights.PATH_UNLINK_FILE });
  assert.deepEqual(g.read(g.open(sub, 'hard')[1], 10), [Errno.SUCCESS, 'data']);
  assert.equal(call('path_unlink_file', sub, 'hard'), Errno.SUCCESS);
  assert.equal(call('path_create_directory', sub, 'x'), Errno.NOTCAPABLE); // not among the rights asked for
  assert.equal(call('path_remove_directory', PRE, 'sub'), Errno.NOTEMPTY);
  assert.equal(call('path_unlink_file', PRE, 'sub'), Errno.ISDIR);
  assert.equal(call('path_unlink_file', PRE, 'sub/soft'), Errno.SUCCESS);
  assert.ok(fs.existsSync(path.join(dir, 'g')), 'unlinking a symlink leaves its target');
  assert.equal(call('path_remove_directory', PRE, 'sub'), Errno.SUCCESS);
  assert.equal(call('path_remove_directory', PRE, '.'), Errno.INVAL);
  assert.equal(call('path_remove_directory', PRE, 'g'), Errno.NOTDIR);
  assert.equal(call('path_unlink_file', PRE, 'missing'), Errno.NOENT);
});

test('fd_renumber moves an open file onto another fd', () => {
  const [, a] = g.open(PRE, 'a', { oflags: CREATE });
  const [, b] = g.open(PRE, 'b', { oflags: CREATE });
  assert.equal(g.call('fd_renumber', a, b), Errno.SUCCESS);
  g.write(b, 'to a');
  assert.equal(fs.readFileSync(path.join(dir, 'a'), 'utf8'), 'to a');
  assert.equal(g.call('fd_close', a), Errno.BADF);
  assert.equal(g.call('fd_renumber', b, 77), Errno.BADF);
});

test('a directory fd moved by a rename is ESTALE rather than silently another directory', () => {
  fs.mkdirSync(path.join(dir, 'd1'));
  const [, d] = g.open(PRE, 'd1', { oflags: OFlags.DIRECTORY });
  fs.renameSync(path.join(dir, 'd1'), path.join(dir, 'd2'));
  fs.mkdirSync(path.join(dir, 'd1'));
  assert.equal(g.open(d, 'x', { oflags: CREATE })[0], Errno.STALE);
  assert.equal(fs.readdirSync(path.join(dir, 'd1')).length, 0);
});
