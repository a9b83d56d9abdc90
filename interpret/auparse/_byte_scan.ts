/**
 * Reading a record's bytes for the `-i` writer: bounded searches, hex and
 * decimal digits, and the numbers ausearch reads before printing a SYSCALL
 * record (`arch=`, `syscall=`, `a0=`, `a1=`) as `strtoul` reads them.
 *
 * @module
 */

import { strtoul, uint32 } from "./_c.ts";
import { isXDigit } from "../_cstr.ts";
import { findByte } from "../_bytes.ts";
import { elfToMachine } from "./_args.ts";
import { asciiText } from "./_record_text.ts";

/** The value of a hex digit. */
export function nibble(c: number): number {
  return c <= 57 ? c - 48 : (c | 32) - 87;
}

/** Whether `b[start..end)` is all below 0x80. */
export function isAscii(b: Uint8Array, start: number, end: number): boolean {
  for (let k = start; k < end; k++) if (b[k]! >= 0x80) return false;
  return true;
}

/** Writes `ausearch -i` record lines into {@linkcode buf}. */

/** The value of decimal digits `b[start..end)` (1 to 15 of them), else -1. */
export function digitsValue(b: Uint8Array, start: number, end: number): number {
  if (end <= start || end - start > 15) return -1;
  let v = 0;
  for (let k = start; k < end; k++) {
    const d = b[k]! - 48;
    if (d < 0 || d > 9) return -1;
    v = v * 10 + d;
  }
  return v;
}

/** The machine of `arch=` (`strtoul` base 16), `undefined` on overflow. */
export function archMachine(b: Uint8Array, vs: number, ve: number): number | undefined {
  if (ve > vs && ve - vs <= 8) {
    let v = 0;
    let k = vs;
    for (; k < ve && isXDigit(b[k]!); k++) v = v * 16 + nibble(b[k]!);
    if (k === ve) return elfToMachine(v);
  }
  const v = strtoul(asciiText(b, vs, ve), 16);
  return v === undefined ? undefined : elfToMachine(uint32(v));
}

/** The number of `syscall=` (`strtoul` base 10 as an `int`), `undefined` on overflow. */
export function syscallNumber(b: Uint8Array, vs: number, ve: number): number | undefined {
  if (ve > vs && ve - vs <= 9) {
    const v = digitsValue(b, vs, ve);
    if (v >= 0) return v;
  }
  const v = strtoul(asciiText(b, vs, ve), 10);
  return v === undefined ? undefined : Number(BigInt.asIntN(32, v));
}

/** ausearch's `a0=`/`a1=` (hex, up to a space), 0 when absent: `digit` is `0` or `1`. */
export function hexArg(b: Uint8Array, from: number, end: number, digit: number): bigint {
  let at = -1;
  for (let k = from; k + 2 < end; k++) {
    if (b[k] === 97 && b[k + 1] === digit && b[k + 2] === 61) {
      at = k;
      break;
    }
  }
  if (at < 0) return 0n;
  const sp = findByte(b, 32, at, end);
  if (sp < 0) return 0n;
  const n = sp - at - 3;
  if (n > 0 && n <= 13) {
    let v = 0;
    let k = at + 3;
    for (; k < sp && isXDigit(b[k]!); k++) v = v * 16 + nibble(b[k]!);
    if (k === sp) return BigInt(v);
  }
  return strtoul(asciiText(b, at + 3, sp), 16) ?? 0n;
}
