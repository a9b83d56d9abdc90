/**
 * User and group lookups by id and by name through libc's NSS
 * (`getpwuid_r`, `getgrgid_r`, `getpwnam_r`, `getgrnam_r`, `getgrouplist`),
 * so LDAP, SSSD and systemd users and groups resolve as they do for `id` and
 * `ausearch -i`. Needs `--allow-ffi`. No caching here (see the CLI's
 * `TtlCache` use).
 *
 * @module
 */
import { cString, libc } from "./_libc.ts";
import { SysError } from "./errors.ts";

const ERANGE = 34;
/** `sizeof(struct passwd)` on 64-bit Linux (name, passwd, uid, gid, gecos, dir, shell). */
const PASSWD_SIZE = 48;
/** `sizeof(struct group)` on 64-bit Linux (name, passwd, gid, mem). */
const GROUP_SIZE = 32;

type Call = (entry: Uint8Array, buf: Uint8Array, size: bigint, result: Uint8Array) => number;

/**
 * Runs a `get*_r` call, growing the buffer on ERANGE; the entry's fixed part,
 * or `undefined` when there is none. The entry's strings point into the
 * buffer, so `call` reads them before it is dropped.
 */
function lookup(operation: string, entrySize: number, call: Call): DataView | undefined {
  const entry = new Uint8Array(entrySize);
  const result = new BigUint64Array(1);
  for (let size = 1024; size <= 1 << 22; size *= 4) {
    const buf = new Uint8Array(size);
    const rc = call(entry, buf, BigInt(size), new Uint8Array(result.buffer));
    if (rc === ERANGE) continue;
    // ENOENT, ESRCH, EBADF, EPERM: "not found" for some NSS modules (getpwnam_r(3)).
    if (rc === 2 || rc === 3 || rc === 9 || rc === 1) return undefined;
    if (rc !== 0) throw new SysError(operation, rc);
    if (result[0] === 0n) return undefined;
    return new DataView(entry.buffer);
  }
  throw new SysError(operation, ERANGE, "the entry kept growing");
}

function cStringAt(v: DataView, offset: number): string {
  const p = Deno.UnsafePointer.create(v.getBigUint64(offset, true));
  return p === null ? "" : Deno.UnsafePointerView.getCString(p);
}

/** The name of user `uid`, or `undefined` when the user database has none. */
export function userNameById(uid: number): string | undefined {
  const c = libc();
  let name: string | undefined;
  lookup(`getpwuid_r ${uid}`, PASSWD_SIZE, (e, b, n, r) => {
    const rc = c.getpwuid_r(uid, e, b, n, r);
    if (rc === 0 && new BigUint64Array(r.buffer)[0] !== 0n) {
      name = cStringAt(new DataView(e.buffer), 0);
    }
    return rc;
  });
  return name;
}

/** The name of group `gid`, or `undefined`. */
export function groupNameById(gid: number): string | undefined {
  const c = libc();
  let name: string | undefined;
  lookup(`getgrgid_r ${gid}`, GROUP_SIZE, (e, b, n, r) => {
    const rc = c.getgrgid_r(gid, e, b, n, r);
    if (rc === 0 && new BigUint64Array(r.buffer)[0] !== 0n) {
      name = cStringAt(new DataView(e.buffer), 0);
    }
    return rc;
  });
  return name;
}

/** A user of the system's user database. */
export interface SystemUser {
  /** The login name. */
  readonly name: string;
  /** The uid. */
  readonly uid: number;
  /** The primary gid. */
  readonly gid: number;
  /** Every group the user is in, the primary one included (`getgrouplist`). */
  readonly groups: number[];
  /** The home directory. */
  readonly home: string;
}

/**
 * Looks `name` up with `getpwnam_r` and its groups with `getgrouplist`, as
 * `id NAME` does; `undefined` when there is no such user. Throws `SysError`
 * when the user database fails.
 */
export function lookupUser(name: string): SystemUser | undefined {
  const c = libc();
  const cname = cString(name);
  let user: Omit<SystemUser, "groups"> | undefined;
  lookup(`getpwnam_r ${name}`, PASSWD_SIZE, (e, b, n, r) => {
    const rc = c.getpwnam_r(cname, e, b, n, r);
    if (rc === 0 && new BigUint64Array(r.buffer)[0] !== 0n) {
      const v = new DataView(e.buffer);
      // The strings point into the buffer: read them before it is dropped.
      user = {
        name: cStringAt(v, 0),
        uid: v.getUint32(16, true),
        gid: v.getUint32(20, true),
        home: cStringAt(v, 32),
      };
    }
    return rc;
  });
  return user === undefined ? undefined : { ...user, groups: groupsOf(name, user.gid) };
}

/** The uid and primary gid of user `name`, or `undefined`. */
export function userByName(name: string): { uid: number; gid: number } | undefined {
  const c = libc();
  const cname = cString(name);
  const v = lookup(
    `getpwnam_r ${name}`,
    PASSWD_SIZE,
    (e, b, n, r) => c.getpwnam_r(cname, e, b, n, r),
  );
  return v === undefined ? undefined : { uid: v.getUint32(16, true), gid: v.getUint32(20, true) };
}

/** The gid of group `name`, or `undefined`. */
export function groupIdByName(name: string): number | undefined {
  const c = libc();
  const cname = cString(name);
  const v = lookup(
    `getgrnam_r ${name}`,
    GROUP_SIZE,
    (e, b, n, r) => c.getgrnam_r(cname, e, b, n, r),
  );
  return v === undefined ? undefined : v.getUint32(16, true);
}

/** Every gid user `name` (primary group `gid`) is in (`getgrouplist`). */
export function groupsOf(name: string, gid: number): number[] {
  const c = libc();
  const cname = cString(name);
  let n = 32;
  for (let attempt = 0; attempt < 6; attempt++) {
    const groups = new Uint32Array(n);
    const count = new Int32Array([n]);
    const rc = c.getgrouplist(
      cname,
      gid,
      new Uint8Array(groups.buffer),
      new Uint8Array(count.buffer),
    );
    if (rc >= 0) return [...groups.subarray(0, count[0]!)];
    n = Math.max(count[0]!, n * 2);
  }
  throw new SysError("getgrouplist", ERANGE, "the group list kept growing");
}
