/**
 * ausearch's option names (short and long, as its optiontab spells them) and
 * the number conversions its option parser uses.
 *
 * @module
 */
import { BIARCH_32, MACHINE_NAMES } from "../../parse/tables/lookup.ts";

/** Short options and their long names. */
export const ALIASES: Record<string, string> = {
  "-a": "--event",
  "-c": "--comm",
  "-e": "--exit",
  "-f": "--file",
  "-ga": "--gid-all",
  "-ge": "--gid-effective",
  "-gi": "--gid",
  "-h": "--help",
  "-hn": "--host",
  "-i": "--interpret",
  "-if": "--input",
  "-k": "--key",
  "-l": "--line-buffered",
  "-m": "--message",
  "-n": "--node",
  "-o": "--object",
  "-p": "--pid",
  "-pp": "--ppid",
  "-r": "--raw",
  "-sc": "--syscall",
  "-se": "--context",
  "-su": "--subject",
  "-sv": "--success",
  "-te": "--end",
  "-ts": "--start",
  "-tm": "--terminal",
  "-ua": "--uid-all",
  "-ue": "--uid-effective",
  "-ui": "--uid",
  "-uu": "--uuid",
  "-ul": "--loginuid",
  "-v": "--version",
  "-vm": "--vm-name",
  "-w": "--word",
  "-x": "--executable",
};
/** Every long option. */
export const LONG = new Set([
  ...Object.values(ALIASES),
  "--arch",
  "--checkpoint",
  "--debug",
  "--eoe-timeout",
  "--escape",
  "--extra-keys",
  "--extra-labels",
  "--extra-obj2",
  "--extra-time",
  "--format",
  "--input-logs",
  "--just-one",
  "--session",
]);

/** Whether `s` starts with a digit (C `isdigit(s[0])`). */
export const isDigitStart = (s: string): boolean => s.charCodeAt(0) >= 48 && s.charCodeAt(0) <= 57;

/** `strtoul(s, NULL, 10)` into 32 bits. */
export function ul32(s: string): number {
  const m = /^\s*([+-]?)(\d*)/.exec(s)!;
  const v = Number(m[2] || "0") * (m[1] === "-" ? -1 : 1);
  return ((v % 4294967296) + 4294967296) % 4294967296;
}

/** `strtoll(s, NULL, 0)`. */
export function ll0(s: string): number {
  const m = /^\s*([+-]?)(0[xX][0-9a-fA-F]+|0[0-7]*|\d+)?/.exec(s)!;
  const body = m[2] ?? "0";
  const v = /^0[xX]/.test(body)
    ? parseInt(body.slice(2), 16)
    : body.length > 1 && body[0] === "0"
    ? parseInt(body, 8)
    : Number(body);
  return m[1] === "-" ? -v : v;
}

/** The arch names a machine means, for `--arch` (`b32`/`b64` from `uname -m`). */
export function machineArches(name: string, machine: string): string | undefined {
  const own = MACHINE_NAMES[machine];
  if (name === "b64") return own;
  if (name === "b32") return own === undefined ? undefined : BIARCH_32[own] ?? own;
  return MACHINE_NAMES[name];
}
