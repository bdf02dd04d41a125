/**
 * Numeric constants of the `wasi_snapshot_preview1` ABI (witx: typenames.witx), with the
 * struct layouts the shim reads and writes in guest memory. Values are the ABI's, not the
 * host's: errno 76 is always ENOTCAPABLE, whatever the host OS calls it.
 */

/** WASI errno values (`$errno`, u16). */
export const Errno = {
  SUCCESS: 0,
  TOOBIG: 1,
  ACCES: 2,
  ADDRINUSE: 3,
  ADDRNOTAVAIL: 4,
  AFNOSUPPORT: 5,
  AGAIN: 6,
  ALREADY: 7,
  BADF: 8,
  BADMSG: 9,
  BUSY: 10,
  CANCELED: 11,
  CHILD: 12,
  CONNABORTED: 13,
  CONNREFUSED: 14,
  CONNRESET: 15,
  DEADLK: 16,
  DESTADDRREQ: 17,
  DOM: 18,
  DQUOT: 19,
  EXIST: 20,
  FAULT: 21,
  FBIG: 22,
  HOSTUNREACH: 23,
  IDRM: 24,
  ILSEQ: 25,
  INPROGRESS: 26,
  INTR: 27,
  INVAL: 28,
  IO: 29,
  ISCONN: 30,
  ISDIR: 31,
  LOOP: 32,
  MFILE: 33,
  MLINK: 34,
  MSGSIZE: 35,
  MULTIHOP: 36,
  NAMETOOLONG: 37,
  NETDOWN: 38,
  NETRESET: 39,
  NETUNREACH: 40,
  NFILE: 41,
  NOBUFS: 42,
  NODEV: 43,
  NOENT: 44,
  NOEXEC: 45,
  NOLCK: 46,
  NOLINK: 47,
  NOMEM: 48,
  NOMSG: 49,
  NOPROTOOPT: 50,
  NOSPC: 51,
  NOSYS: 52,
  NOTCONN: 53,
  NOTDIR: 54,
  NOTEMPTY: 55,
  NOTRECOVERABLE: 56,
  NOTSOCK: 57,
  NOTSUP: 58,
  NOTTY: 59,
  NXIO: 60,
  OVERFLOW: 61,
  OWNERDEAD: 62,
  PERM: 63,
  PIPE: 64,
  PROTO: 65,
  PROTONOSUPPORT: 66,
  PROTOTYPE: 67,
  RANGE: 68,
  ROFS: 69,
  SPIPE: 70,
  SRCH: 71,
  STALE: 72,
  TIMEDOUT: 73,
  TXTBSY: 74,
  XDEV: 75,
  NOTCAPABLE: 76,
} as const;
export type Errno = (typeof Errno)[keyof typeof Errno];

/** `$filetype` (u8). */
export const Filetype = {
  UNKNOWN: 0,
  BLOCK_DEVICE: 1,
  CHARACTER_DEVICE: 2,
  DIRECTORY: 3,
  REGULAR_FILE: 4,
  SOCKET_DGRAM: 5,
  SOCKET_STREAM: 6,
  SYMBOLIC_LINK: 7,
} as const;
export type Filetype = (typeof Filetype)[keyof typeof Filetype];

/**
 * `$rights` bits. All 30 defined bits fit in a JS int32, so rights are plain numbers inside
 * the shim; the u64 the guest passes is reduced by {@link rightsFromU64}.
 */
export const Rights = {
  FD_DATASYNC: 1 << 0,
  FD_READ: 1 << 1,
  FD_SEEK: 1 << 2,
  FD_FDSTAT_SET_FLAGS: 1 << 3,
  FD_SYNC: 1 << 4,
  FD_TELL: 1 << 5,
  FD_WRITE: 1 << 6,
  FD_ADVISE: 1 << 7,
  FD_ALLOCATE: 1 << 8,
  PATH_CREATE_DIRECTORY: 1 << 9,
  PATH_CREATE_FILE: 1 << 10,
  PATH_LINK_SOURCE: 1 << 11,
  PATH_LINK_TARGET: 1 << 12,
  PATH_OPEN: 1 << 13,
  FD_READDIR: 1 << 14,
  PATH_READLINK: 1 << 15,
  PATH_RENAME_SOURCE: 1 << 16,
  PATH_RENAME_TARGET: 1 << 17,
  PATH_FILESTAT_GET: 1 << 18,
  PATH_FILESTAT_SET_SIZE: 1 << 19,
  PATH_FILESTAT_SET_TIMES: 1 << 20,
  FD_FILESTAT_GET: 1 << 21,
  FD_FILESTAT_SET_SIZE: 1 << 22,
  FD_FILESTAT_SET_TIMES: 1 << 23,
  PATH_SYMLINK: 1 << 24,
  PATH_REMOVE_DIRECTORY: 1 << 25,
  PATH_UNLINK_FILE: 1 << 26,
  POLL_FD_READWRITE: 1 << 27,
  SOCK_SHUTDOWN: 1 << 28,
  SOCK_ACCEPT: 1 << 29,
} as const;

/** Every right the ABI defines. */
export const ALL_RIGHTS = (1 << 30) - 1;

/** Rights that mean something on a regular file (or a character device / stream). */
export const FILE_RIGHTS =
  Rights.FD_DATASYNC |
  Rights.FD_READ |
  Rights.FD_SEEK |
  Rights.FD_FDSTAT_SET_FLAGS |
  Rights.FD_SYNC |
  Rights.FD_TELL |
  Rights.FD_WRITE |
  Rights.FD_ADVISE |
  Rights.FD_ALLOCATE |
  Rights.FD_FILESTAT_GET |
  Rights.FD_FILESTAT_SET_SIZE |
  Rights.FD_FILESTAT_SET_TIMES |
  Rights.POLL_FD_READWRITE;

/** Rights that mean something on a directory (reading and writing bytes are not among them). */
export const DIRECTORY_RIGHTS =
  Rights.FD_DATASYNC |
  Rights.FD_FDSTAT_SET_FLAGS |
  Rights.FD_SYNC |
  Rights.FD_ADVISE |
  Rights.PATH_CREATE_DIRECTORY |
  Rights.PATH_CREATE_FILE |
  Rights.PATH_LINK_SOURCE |
  Rights.PATH_LINK_TARGET |
  Rights.PATH_OPEN |
  Rights.FD_READDIR |
  Rights.PATH_READLINK |
  Rights.PATH_RENAME_SOURCE |
  Rights.PATH_RENAME_TARGET |
  Rights.PATH_FILESTAT_GET |
  Rights.PATH_FILESTAT_SET_SIZE |
  Rights.PATH_FILESTAT_SET_TIMES |
  Rights.FD_FILESTAT_GET |
  Rights.FD_FILESTAT_SET_TIMES |
  Rights.PATH_SYMLINK |
  Rights.PATH_REMOVE_DIRECTORY |
  Rights.PATH_UNLINK_FILE;

/** Rights a directory hands to what is opened through it: anything a file or directory can hold. */
export const DIRECTORY_INHERITING_RIGHTS = FILE_RIGHTS | DIRECTORY_RIGHTS;

/** Rights of standard input / output streams. */
export const STDIN_RIGHTS = Rights.FD_READ | Rights.FD_FDSTAT_SET_FLAGS | Rights.FD_FILESTAT_GET | Rights.POLL_FD_READWRITE;
export const STDOUT_RIGHTS = Rights.FD_WRITE | Rights.FD_FDSTAT_SET_FLAGS | Rights.FD_FILESTAT_GET | Rights.POLL_FD_READWRITE;

/**
 * Reduces a guest-supplied u64 rights mask to the defined bits. `unknownBits` tells callers
 * whether the guest asked for something no descriptor can hold (fd_fdstat_set_rights refuses).
 */
export function rightsFromU64(value: bigint): { rights: number; unknownBits: boolean } {
  const masked = BigInt.asUintN(64, value);
  const defined = masked & BigInt(ALL_RIGHTS);
  return { rights: Number(defined), unknownBits: defined !== masked };
}

/** `$whence` (u8). */
export const Whence = { SET: 0, CUR: 1, END: 2 } as const;

/** `$fdflags` (u16). */
export const Fdflags = { APPEND: 1, DSYNC: 2, NONBLOCK: 4, RSYNC: 8, SYNC: 16 } as const;
export const ALL_FDFLAGS = 0x1f;

/** `$oflags` (u16). */
export const Oflags = { CREAT: 1, DIRECTORY: 2, EXCL: 4, TRUNC: 8 } as const;
export const ALL_OFLAGS = 0xf;

/** `$lookupflags` (u32). */
export const Lookupflags = { SYMLINK_FOLLOW: 1 } as const;

/** `$fstflags` (u16). */
export const Fstflags = { ATIM: 1, ATIM_NOW: 2, MTIM: 4, MTIM_NOW: 8 } as const;
export const ALL_FSTFLAGS = 0xf;

/** `$clockid` (u32). */
export const ClockId = { REALTIME: 0, MONOTONIC: 1, PROCESS_CPUTIME_ID: 2, THREAD_CPUTIME_ID: 3 } as const;

/** `$eventtype` (u8). */
export const EventType = { CLOCK: 0, FD_READ: 1, FD_WRITE: 2 } as const;

/** `$subclockflags` (u16). */
export const SUBCLOCK_ABSTIME = 1;

/** `$eventrwflags` (u16). */
export const EVENT_FD_READWRITE_HANGUP = 1;

/** `$advice` values are 0..5 (normal, sequential, random, willneed, dontneed, noreuse). */
export const MAX_ADVICE = 5;

/** `$preopentype` (u8). */
export const PREOPENTYPE_DIR = 0;

/** `$signal` values are 0..30. */
export const MAX_SIGNAL = 30;

/** `$sdflags` (u8). */
export const SDFLAGS_ALL = 0x3;

/** Byte sizes and field offsets of the ABI structs the shim touches. */
export const Layout = {
  IOVEC_SIZE: 8,
  FDSTAT_SIZE: 24,
  FILESTAT_SIZE: 64,
  PRESTAT_SIZE: 8,
  DIRENT_HEADER_SIZE: 24,
  SUBSCRIPTION_SIZE: 48,
  EVENT_SIZE: 32,
} as const;

/** Same limit as Linux and cap-std: more symlink expansions than this in one lookup is ELOOP. */
export const MAX_SYMLINK_EXPANSIONS = 40;
