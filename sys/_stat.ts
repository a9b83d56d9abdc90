/**
 * `statx(2)` of an open descriptor: the facts `sys/open.ts` checks, read
 * from the descriptor so that no path can be swapped between check and use.
 *
 * @module
 */
import { cString, libc } from "./_libc.ts";
import { check } from "./errors.ts";

/** `AT_EMPTY_PATH`: statx the descriptor itself. */
const AT_EMPTY_PATH = 0x1000;
/** `STATX_BASIC_STATS`. */
const STATX_BASIC_STATS = 0x7ff;
/** `sizeof(struct statx)`, the same on every architecture. */
const STATX_SIZE = 256;

/** `S_IFMT` and the file types of `st_mode`. */
export const S_IFMT = 0o170000;
/** A regular file. */
export const S_IFREG = 0o100000;
/** A directory. */
export const S_IFDIR = 0o040000;

/** What `statx` reports about an open descriptor. */
export interface DescriptorFacts {
  /** `st_mode`: type and permission bits. */
  readonly mode: number;
  /** The owner's uid. */
  readonly uid: number;
  /** The group's gid. */
  readonly gid: number;
  /** The number of hard links. */
  readonly nlink: number;
  /** The inode number. */
  readonly ino: bigint;
  /** The device, encoded as glibc's `makedev` (what `Deno.FileInfo.dev` holds). */
  readonly dev: bigint;
}

const EMPTY = cString("");

/** `makedev(major, minor)` as glibc encodes it. */
function makedev(major: number, minor: number): bigint {
  const ma = BigInt(major >>> 0);
  const mi = BigInt(minor >>> 0);
  return ((ma & 0xfffff000n) << 32n) | ((ma & 0xfffn) << 8n) | ((mi & 0xffffff00n) << 12n) |
    (mi & 0xffn);
}

/** `statx(fd, "", AT_EMPTY_PATH)`; throws `SysError` naming `what`. */
export function fstatx(fd: number, what: string): DescriptorFacts {
  const buf = new Uint8Array(STATX_SIZE);
  check(libc().statx(fd, EMPTY, AT_EMPTY_PATH, STATX_BASIC_STATS, buf), `statx ${what}`);
  const v = new DataView(buf.buffer);
  return {
    nlink: v.getUint32(16, true),
    uid: v.getUint32(20, true),
    gid: v.getUint32(24, true),
    mode: v.getUint16(28, true),
    ino: v.getBigUint64(32, true),
    dev: makedev(v.getUint32(136, true), v.getUint32(140, true)),
  };
}
