/**
 * The keys most records hold, stored by name in `fields.ts` (see
 * {@linkcode KNOWN_KEYS}).
 *
 * @module
 */

/**
 * The keys most records hold. They are stored by name (`storeKnown` in `_store_known.ts`, generated from this list by `tools/gen_tables.ts`):
 * V8 turns an object into a slow dictionary once it gets more than 16
 * properties through computed-key stores (`values[key] = v`), which a SYSCALL
 * record's 24 fields did; named stores keep it a fast object up to 128.
 */
export const KNOWN_KEYS: readonly string[] = [
  "a0",
  "a1",
  "a2",
  "a3",
  "a4",
  "a5",
  "arch",
  "syscall",
  "exit",
  "items",
  "ppid",
  "pid",
  "auid",
  "uid",
  "gid",
  "euid",
  "suid",
  "fsuid",
  "egid",
  "sgid",
  "fsgid",
  "tty",
  "ses",
  "comm",
  "exe",
  "result",
  "item",
  "name",
  "inode",
  "dev",
  "mode",
  "ouid",
  "ogid",
  "rdev",
  "nametype",
  "cap_fp",
  "cap_fi",
  "cap_fe",
  "cap_fver",
  "cap_frootid",
  "fver",
  "fp",
  "fi",
  "fe",
  "old_pp",
  "old_pi",
  "old_pe",
  "old_pa",
  "pp",
  "pi",
  "pe",
  "pa",
  "frootid",
  "proctitle",
  "cwd",
  "argc",
  "family",
  "addr",
  "port",
  "path",
  "op",
  "acct",
  "grantors",
  "hostname",
  "terminal",
  "res",
  "obj",
  "saddr",
  "subj_user",
  "subj_role",
  "subj_domain",
  "subj_level",
  "subj_category",
  "obj_user",
  "obj_role",
  "obj_domain",
  "obj_level",
  "obj_category",
];
const KNOWN_KEY_IDS = new Map(KNOWN_KEYS.map((key, id) => [key, id]));

/** The id of `key` in {@linkcode KNOWN_KEYS}, or -1. */
export function knownKeyId(key: string): number {
  return KNOWN_KEY_IDS.get(key) ?? -1;
}
