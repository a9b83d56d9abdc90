/**
 * Opening outputs that an unprivileged user cannot redirect or read
 * (issue 10 item 13): `open(2)` with `O_NOFOLLOW`, new files created with
 * `O_EXCL`, checks and `fchmod`/`fchown` on the descriptor itself, never by
 * path.
 *
 * @module
 */
import { cString, libc } from "./_libc.ts";
import { type DescriptorFacts, fstatx, S_IFDIR, S_IFMT, S_IFREG } from "./_stat.ts";
import { check, SysError } from "./errors.ts";
import { errno } from "./dlopen.ts";

const ARM64 = Deno.build.arch === "aarch64";
const O_RDONLY = 0;
const O_WRONLY = 0o1;
const O_CREAT = 0o100;
const O_EXCL = 0o200;
const O_NOCTTY = 0o400;
const O_APPEND = 0o2000;
const O_NONBLOCK = 0o4000;
const O_DIRECTORY = ARM64 ? 0o40000 : 0o200000;
const O_NOFOLLOW = ARM64 ? 0o100000 : 0o400000;
const O_CLOEXEC = 0o2000000;

const EEXIST = 17;
const ENOENT = 2;
const ELOOP = 40;
const ENXIO = 6;
const ENOTDIR = 20;
/** `(gid_t)-1`: leave the owner unchanged in `fchown`. */
const UNCHANGED = 0xffffffff;

/** An output or directory refused because another user could redirect or read it. */
export class UnsafePathError extends Error {
  /** The path refused. */
  readonly path: string;
  /** Why, e.g. "is a symbolic link" or "is owned by uid 65534, not 0". */
  readonly reason: string;
  /** Creates the error for `path`. */
  constructor(path: string, reason: string) {
    super(`refusing ${path}: it ${reason}`);
    this.name = "UnsafePathError";
    this.path = path;
    this.reason = reason;
  }
}

/** Options of {@linkcode openPrivateFile}. */
export interface PrivateFileOptions {
  /** The permission bits set with `fchmod` (default `0o600`); never group- or other-writable. */
  readonly mode?: number;
  /** A group to give the file with `fchown` (e.g. for `mode: 0o640`). */
  readonly group?: number;
  /** Append (default `true`); `false` truncates the file after the checks. */
  readonly append?: boolean;
  /**
   * Another uid whose existing file is accepted too: the user a later
   * privilege switch (`--user`) runs as, who created it in an earlier run.
   */
  readonly owner?: number;
}

function typeName(mode: number): string {
  switch (mode & S_IFMT) {
    case 0o140000:
      return "a socket";
    case 0o120000:
      return "a symbolic link";
    case 0o060000:
      return "a block device";
    case 0o040000:
      return "a directory";
    case 0o020000:
      return "a character device";
    case 0o010000:
      return "a FIFO";
    default:
      return "not a regular file";
  }
}

function octal(mode: number): string {
  return `0${(mode & 0o7777).toString(8).padStart(3, "0")}`;
}

/** Why an existing output may not be used, or undefined when it may. */
function refusal(facts: DescriptorFacts, euid: number, owner?: number): string | undefined {
  if ((facts.mode & S_IFMT) !== S_IFREG) return `is ${typeName(facts.mode)}`;
  if (facts.uid !== euid && facts.uid !== owner) {
    return `is owned by uid ${facts.uid}, not ${euid}${owner === undefined ? "" : ` or ${owner}`}`;
  }
  if ((facts.mode & 0o022) !== 0) {
    return `is group- or other-writable (mode ${octal(facts.mode)})`;
  }
  if (facts.nlink !== 1) return `has ${facts.nlink} hard links`;
  return undefined;
}

/** Opens `path` once; on `EEXIST`/`ENOENT` races returns the errno instead. */
function openRaw(path: string, real: string, flags: number, mode: number): number {
  const fd = libc().open(cString(real), flags, mode);
  if (fd >= 0) return fd;
  const e = errno();
  if (e === EEXIST || e === ENOENT) return -e;
  if (e === ELOOP) throw new UnsafePathError(path, "is a symbolic link");
  // O_NONBLOCK: a FIFO without a reader answers ENXIO instead of blocking.
  if (e === ENXIO) throw new UnsafePathError(path, "is not a regular file");
  throw new SysError(`open ${path}`, e);
}

/** The real directory of `path` (symbolic links resolved) joined with its last component. */
function realPathOf(path: string): { dir: string; full: string } {
  const slash = path.lastIndexOf("/");
  const base = slash < 0 ? path : path.slice(slash + 1);
  if (base === "" || base === "." || base === "..") {
    throw new UnsafePathError(path, "does not name a file");
  }
  const dir = Deno.realPathSync(slash < 0 ? "." : slash === 0 ? "/" : path.slice(0, slash));
  return { dir, full: `${dir === "/" ? "" : dir}/${base}` };
}

/**
 * Opens `path` for writing so that no other user can redirect or read it.
 *
 * - Its directory must pass {@linkcode checkPrivateDirectory} (so no other
 *   user can swap the file by name).
 * - The last component is never followed (`O_NOFOLLOW`); a new file is
 *   created with `O_EXCL`.
 * - An existing file is refused ({@linkcode UnsafePathError}) unless it is
 *   a regular file with one link, owned by the effective uid, and neither
 *   group- nor other-writable.
 * - The mode (default `0o600`) and `group` are set with `fchmod`/`fchown` on
 *   the checked descriptor.
 * - Deno cannot adopt a raw descriptor (and `/proc/self/fd` needs
 *   `--allow-all`), so the file is then opened again by its real path and
 *   kept only if it is the same inode; the raw descriptor is closed.
 *
 * Needs `--allow-ffi`, and `--allow-read`/`--allow-write` for the path.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { openPrivateFile } from "./open.ts";
 * const path = `${Deno.makeTempDirSync()}/events.json`; // e.g. /var/log/libaudit/events.json
 * {
 *   using out = openPrivateFile(path);
 *   out.writeSync(new TextEncoder().encode("{}\n"));
 * }
 * assert.equal(Deno.readTextFileSync(path), "{}\n");
 * assert.equal(Deno.statSync(path).mode! & 0o777, 0o600);
 * ```
 */
export function openPrivateFile(path: string, options: PrivateFileOptions = {}): Deno.FsFile {
  const mode = options.mode ?? 0o600;
  const append = options.append ?? true;
  if ((mode & ~0o7777) !== 0 || (mode & 0o022) !== 0) {
    throw new RangeError(`mode ${octal(mode)} for ${path} must not be group- or other-writable`);
  }
  const { dir, full } = realPathOf(path);
  checkPrivateDirectory(dir, options.owner);
  const base = O_WRONLY | O_APPEND | O_NOFOLLOW | O_CLOEXEC | O_NOCTTY | O_NONBLOCK;
  let fd = -1;
  let created = false;
  for (let attempt = 0; attempt < 8 && fd < 0; attempt++) {
    fd = openRaw(path, full, base | O_CREAT | O_EXCL, mode & 0o700);
    if (fd >= 0) {
      created = true;
    } else if (fd === -EEXIST) {
      fd = openRaw(path, full, base, 0); // -ENOENT: removed in between, try again
    } else {
      throw new SysError(`open ${path}`, -fd);
    }
  }
  if (fd < 0) throw new SysError(`open ${path}`, -fd, "the file kept changing");
  const c = libc();
  let file: Deno.FsFile | undefined;
  try {
    const facts = fstatx(fd, path);
    const why = refusal(facts, c.geteuid(), options.owner);
    if (why !== undefined && !(created && (facts.mode & S_IFMT) === S_IFREG)) {
      throw new UnsafePathError(path, why);
    }
    if (options.group !== undefined) {
      check(c.fchown(fd, UNCHANGED, options.group), `fchown ${path} to gid ${options.group}`);
    }
    check(c.fchmod(fd, mode), `fchmod ${path} to ${octal(mode)}`);
    if (!append) check(c.ftruncate(fd, 0n), `ftruncate ${path}`);
    file = Deno.openSync(full, { write: true, append });
    const info = file.statSync();
    if (BigInt(info.ino ?? -1) !== facts.ino || BigInt(info.dev) !== facts.dev) {
      throw new UnsafePathError(path, "was replaced while it was opened");
    }
    return file;
  } catch (e) {
    file?.close();
    throw e;
  } finally {
    c.close(fd);
  }
}

/** What {@linkcode checkPrivateDirectory} found. */
export interface PrivateDirectory {
  /** The owner's uid (the effective uid or root). */
  readonly uid: number;
  /** The group's gid. */
  readonly gid: number;
  /** The permission bits. */
  readonly mode: number;
}

/**
 * Checks that an output directory (where rotation renames files) is safe:
 * not a symbolic link, a directory owned by the effective uid, root or
 * `owner` (the user a later `--user` switch runs as), and not writable by
 * group or others unless sticky (as `/tmp`: others cannot then rename or
 * remove our files). Throws {@linkcode UnsafePathError}.
 */
export function checkPrivateDirectory(path: string, owner?: number): PrivateDirectory {
  const c = libc();
  const fd = c.open(cString(path), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC, 0);
  if (fd < 0) {
    const e = errno();
    if (e === ELOOP) throw new UnsafePathError(path, "is a symbolic link");
    if (e === ENOTDIR) {
      // O_DIRECTORY answers ENOTDIR before O_NOFOLLOW's ELOOP for a link to a directory.
      const link = Deno.lstatSync(path).isSymlink;
      throw new UnsafePathError(path, link ? "is a symbolic link" : "is not a directory");
    }
    throw new SysError(`open directory ${path}`, e);
  }
  try {
    const facts = fstatx(fd, path);
    if ((facts.mode & S_IFMT) !== S_IFDIR) throw new UnsafePathError(path, "is not a directory");
    const euid = c.geteuid();
    if (facts.uid !== euid && facts.uid !== 0 && facts.uid !== owner) {
      const also = owner === undefined ? "" : `, ${owner}`;
      throw new UnsafePathError(path, `is owned by uid ${facts.uid}, not ${euid}${also} or root`);
    }
    if ((facts.mode & 0o022) !== 0 && (facts.mode & 0o1000) === 0) {
      throw new UnsafePathError(
        path,
        `is group- or other-writable without the sticky bit (mode ${octal(facts.mode)})`,
      );
    }
    return { uid: facts.uid, gid: facts.gid, mode: facts.mode & 0o7777 };
  } finally {
    c.close(fd);
  }
}
