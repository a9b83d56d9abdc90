/**
 * User lookup by name through libc's NSS (`getpwnam_r`, `getgrouplist`), so
 * LDAP, SSSD and systemd users resolve as they do for `id NAME`.
 *
 * @module
 */
import { cString, libc } from "./_libc.ts";
import { SysError } from "./errors.ts";

const ERANGE = 34;
/** `sizeof(struct passwd)` on 64-bit Linux. */
const PASSWD_SIZE = 48;

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

function cStringAt(v: DataView, offset: number): string {
  const p = Deno.UnsafePointer.create(v.getBigUint64(offset, true));
  return p === null ? "" : Deno.UnsafePointerView.getCString(p);
}

/**
 * Looks `name` up with `getpwnam_r` and its groups with `getgrouplist`;
 * undefined when there is no such user. Throws `SysError` when the user
 * database fails. Needs `--allow-ffi`.
 */
export function lookupUser(name: string): SystemUser | undefined {
  const c = libc();
  const cname = cString(name);
  const pwd = new Uint8Array(PASSWD_SIZE);
  const result = new BigUint64Array(1);
  let size = 4096;
  for (;;) {
    const buf = new Uint8Array(size);
    const rc = c.getpwnam_r(cname, pwd, buf, BigInt(size), new Uint8Array(result.buffer));
    if (rc === ERANGE && size < 1 << 20) {
      size *= 4;
      continue;
    }
    if (rc !== 0) throw new SysError(`getpwnam_r ${name}`, rc);
    if (result[0] === 0n) return undefined;
    const v = new DataView(pwd.buffer);
    const uid = v.getUint32(16, true);
    const gid = v.getUint32(20, true);
    const home = cStringAt(v, 32);
    const login = cStringAt(v, 0);
    return { name: login, uid, gid, groups: groupList(cname, gid), home };
  }
}

function groupList(cname: Uint8Array<ArrayBuffer>, gid: number): number[] {
  const c = libc();
  let n = 32;
  for (let attempt = 0; attempt < 4; attempt++) {
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
