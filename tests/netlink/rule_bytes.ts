/**
 * Test helper: hand-built `struct audit_rule_data` bytes for
 * `-a always,exit -F arch=<native> -S <syscall> [-F exe=PATH] -k KEY`,
 * so the netlink tests do not depend on the rule module.
 *
 * @module
 */

const AUDIT_FILTER_EXIT = 0x04;
const AUDIT_ALWAYS = 2;
const AUDIT_ARCH = 11;
const AUDIT_EXE = 112;
const AUDIT_FILTERKEY = 210;
const AUDIT_EQUAL = 0x40000000;
const HEADER = 12 + 4 * 64 * 4 + 4;

/** The native arch's AUDIT_ARCH value and execve syscall number. */
export const NATIVE = Deno.build.arch === "aarch64"
  ? { arch: 0xc00000b7, execve: 221, name: "b64" }
  : { arch: 0xc000003e, execve: 59, name: "b64" };

/** Builds the rule bytes for an always,exit rule on one syscall with a key. */
export function exitRule(syscall: number, key: string, exe?: string): Uint8Array<ArrayBuffer> {
  const enc = new TextEncoder();
  const strings: Uint8Array[] = [];
  const fields: [number, number][] = [[AUDIT_ARCH, NATIVE.arch]];
  if (exe !== undefined) {
    const b = enc.encode(exe);
    strings.push(b);
    fields.push([AUDIT_EXE, b.length]);
  }
  const k = enc.encode(key);
  strings.push(k);
  fields.push([AUDIT_FILTERKEY, k.length]);
  const buflen = strings.reduce((n, s) => n + s.length, 0);
  const out = new Uint8Array(HEADER + buflen);
  const v = new DataView(out.buffer);
  v.setUint32(0, AUDIT_FILTER_EXIT, true);
  v.setUint32(4, AUDIT_ALWAYS, true);
  v.setUint32(8, fields.length, true);
  const mask = 12;
  v.setUint32(mask + Math.floor(syscall / 32) * 4, 1 << (syscall % 32), true);
  fields.forEach(([f, val], i) => {
    v.setUint32(12 + 256 + i * 4, f, true);
    v.setUint32(12 + 512 + i * 4, val >>> 0, true);
    v.setUint32(12 + 768 + i * 4, AUDIT_EQUAL, true);
  });
  v.setUint32(HEADER - 4, buflen, true);
  let off = HEADER;
  for (const s of strings) {
    out.set(s, off);
    off += s.length;
  }
  return out;
}
