// The numbers of the wasi_snapshot_preview1 ABI: errno values, file types,
// rights, flag bits and enums, exactly as the witx definitions number them.
// Everything the guest sees goes through these names, never a bare literal.

/** errno: the result of every call. Numbered in witx order; ENOTCAPABLE is last. */
export const Errno = {
  SUCCESS: 0, '2BIG': 1, ACCES: 2, ADDRINUSE: 3, ADDRNOTAVAIL: 4, AFNOSUPPORT: 5, AGAIN: 6,
  ALREADY: 7, BADF: 8, BADMSG: 9, BUSY: 10, CANCELED: 11, CHILD: 12, CONNABORTED: 13,
  CONNREFUSED: 14, CONNRESET: 15, DEADLK: 16, DESTADDRREQ: 17, DOM: 18, DQUOT: 19, EXIST: 20,
  FAULT: 21, FBIG: 22, HOSTUNREACH: 23, IDRM: 24, ILSEQ: 25, INPROGRESS: 26, INTR: 27,
  INVAL: 28, IO: 29, ISCONN: 30, ISDIR: 31, LOOP: 32, MFILE: 33, MLINK: 34, MSGSIZE: 35,
  MULTIHOP: 36, NAMETOOLONG: 37, NETDOWN: 38, NETRESET: 39, NETUNREACH: 40, NFILE: 41,
  NOBUFS: 42, NODEV: 43, NOENT: 44, NOEXEC: 45, NOLCK: 46, NOLINK: 47, NOMEM: 48, NOMSG: 49,
  NOPROTOOPT: 50, NOSPC: 51, NOSYS: 52, NOTCONN: 53, NOTDIR: 54, NOTEMPTY: 55,
  NOTRECOVERABLE: 56, NOTSOCK: 57, NOTSUP: 58, NOTTY: 59, NXIO: 60, OVERFLOW: 61,
  OWNERDEAD: 62, PERM: 63, PIPE: 64, PROTO: 65, PROTONOSUPPORT: 66, PROTOTYPE: 67, RANGE: 68,
  ROFS: 69, SPIPE: 70, SRCH: 71, STALE: 72, TIMEDOUT: 73, TXTBSY: 74, XDEV: 75,
  NOTCAPABLE: 76,
} as const;
export type ErrnoName = keyof typeof Errno;

/** filetype (u8). */
export const FileType = {
  UNKNOWN: 0,
  BLOCK_DEVICE: 1,
  CHARACTER_DEVICE: 2,
  DIRECTORY: 3,
  REGULAR_FILE: 4,
  SOCKET_DGRAM: 5,
  SOCKET_STREAM: 6,
  SYMBOLIC_LINK: 7,
} as const;

/** rights (u64). Kept as bigint because the upper bits matter to the guest's masks. */
export const Rights = {
  FD_DATASYNC: 1n << 0n,
  FD_READ: 1n << 1n,
  FD_SEEK: 1n << 2n,
  FD_FDSTAT_SET_FLAGS: 1n << 3n,
  FD_SYNC: 1n << 4n,
  FD_TELL: 1n << 5n,
  FD_WRITE: 1n << 6n,
  FD_ADVISE: 1n << 7n,
  FD_ALLOCATE: 1n << 8n,
  PATH_CREATE_DIRECTORY: 1n << 9n,
  PATH_CREATE_FILE: 1n << 10n,
  PATH_LINK_SOURCE: 1n << 11n,
  PATH_LINK_TARGET: 1n << 12n,
  PATH_OPEN: 1n << 13n,
  FD_READDIR: 1n << 14n,
  PATH_READLINK: 1n << 15n,
  PATH_RENAME_SOURCE: 1n << 16n,
  PATH_RENAME_TARGET: 1n << 17n,
  PATH_FILESTAT_GET: 1n << 18n,
  PATH_FILESTAT_SET_SIZE: 1n << 19n,
  PATH_FILESTAT_SET_TIMES: 1n << 20n,
  FD_FILESTAT_GET: 1n << 21n,
  FD_FILESTAT_SET_SIZE: 1n << 22n,
  FD_FILESTAT_SET_TIMES: 1n << 23n,
  PATH_SYMLINK: 1n << 24n,
  PATH_REMOVE_DIRECTORY: 1n << 25n,
  PATH_UNLINK_FILE: 1n << 26n,
  POLL_FD_READWRITE: 1n << 27n,
  SOCK_SHUTDOWN: 1n << 28n,
  SOCK_ACCEPT: 1n << 29n,
} as const;

function union(...bits: bigint[]): bigint {
  return bits.reduce((a, b) => a | b, 0n);
}

/** What an open regular file can ever be allowed to do. */
export const FILE_RIGHTS = union(
  Rights.FD_DATASYNC, Rights.FD_READ, Rights.FD_SEEK, Rights.FD_FDSTAT_SET_FLAGS, Rights.FD_SYNC,
  Rights.FD_TELL, Rights.FD_WRITE, Rights.FD_ADVISE, Rights.FD_ALLOCATE, Rights.FD_FILESTAT_GET,
  Rights.FD_FILESTAT_SET_SIZE, Rights.FD_FILESTAT_SET_TIMES, Rights.POLL_FD_READWRITE,
);

/** What an open directory can ever be allowed to do itself (not what it hands down). */
export const DIRECTORY_RIGHTS = union(
  Rights.FD_FDSTAT_SET_FLAGS, Rights.FD_SYNC, Rights.FD_ADVISE, Rights.PATH_CREATE_DIRECTORY,
  Rights.PATH_CREATE_FILE, Rights.PATH_LINK_SOURCE, Rights.PATH_LINK_TARGET, Rights.PATH_OPEN,
  Rights.FD_READDIR, Rights.PATH_READLINK, Rights.PATH_RENAME_SOURCE, Rights.PATH_RENAME_TARGET,
  Rights.PATH_FILESTAT_GET, Rights.PATH_FILESTAT_SET_SIZE, Rights.PATH_FILESTAT_SET_TIMES,
  Rights.FD_FILESTAT_GET, Rights.FD_FILESTAT_SET_TIMES, Rights.PATH_SYMLINK,
  Rights.PATH_REMOVE_DIRECTORY, Rights.PATH_UNLINK_FILE,
);

/** A directory hands down both: rights for subdirectories and for files opened below it. */
export const DIRECTORY_INHERITING_RIGHTS = DIRECTORY_RIGHTS | FILE_RIGHTS;

/** Rights of the standard streams (character devices, no seeking). */
export const STDIN_RIGHTS = union(
  Rights.FD_READ, Rights.FD_FDSTAT_SET_FLAGS, Rights.FD_FILESTAT_GET, Rights.POLL_FD_READWRITE,
);
export const STDOUT_RIGHTS = union(
  Rights.FD_WRITE, Rights.FD_DATASYNC, Rights.FD_SYNC, Rights.FD_FDSTAT_SET_FLAGS,
  Rights.FD_FILESTAT_GET, Rights.POLL_FD_READWRITE,
);

/** fdflags (u16). */
export const FdFlags = { APPEND: 1, DSYNC: 2, NONBLOCK: 4, RSYNC: 8, SYNC: 16 } as const;
export const FDFLAGS_ALL = 31;

/** oflags (u16) of path_open. */
export const OFlags = { CREAT: 1, DIRECTORY: 2, EXCL: 4, TRUNC: 8 } as const;

/** lookupflags (u32). */
export const LookupFlags = { SYMLINK_FOLLOW: 1 } as const;

/** fstflags (u16) of the set_times calls. */
export const FstFlags = { ATIM: 1, ATIM_NOW: 2, MTIM: 4, MTIM_NOW: 8 } as const;

/** whence (u8) of fd_seek. */
export const Whence = { SET: 0, CUR: 1, END: 2 } as const;

/** clockid (u32). */
export const ClockId = { REALTIME: 0, MONOTONIC: 1, PROCESS_CPUTIME_ID: 2, THREAD_CPUTIME_ID: 3 } as const;

/** eventtype (u8) of subscriptions and events. */
export const EventType = { CLOCK: 0, FD_READ: 1, FD_WRITE: 2 } as const;

/** subclockflags (u16). */
export const SubclockFlags = { SUBSCRIPTION_CLOCK_ABSTIME: 1 } as const;

/** eventrwflags (u16). */
export const EventRwFlags = { FD_READWRITE_HANGUP: 1 } as const;

/** advice (u8): NORMAL .. NOREUSE. Only validated; the host has no use for hints. */
export const ADVICE_MAX = 5;

/** preopentype (u8). */
export const PreopenType = { DIR: 0 } as const;

/** signal (u8): NONE .. SYS. */
export const SIGNAL_MAX = 30;
