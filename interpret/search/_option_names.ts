/**
 * ausearch's option names (short and long, as its optiontab spells them), the
 * number conversions its option parser uses, and libaudit 3.0.9's names it
 * takes (`-m` record types, `--arch` machines).
 *
 * @module
 */
import { MACHINE_NAMES } from "../../parse/tables/lookup.ts";
// Light modules only (options are read by every search; auparse's interpreters load for -i).
import { auditMsgTypeToName, auditNameToMsgType } from "../report/msg_types.ts";
import { MACHINES } from "../auparse/tables.ts";
import { elfToMachine, machineName } from "../auparse/_machines.ts";
import { strtoul } from "../auparse/_c.ts";

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

/** Whether `s` is `-` and a digit (ausearch's test for a negative number). */
export const isNegative = (s: string): boolean =>
  s.length >= 2 && s[0] === "-" && isDigitStart(s.slice(1));

/** ASCII letters up- or down-cased, as libaudit's generated `_s2i` lookups do. */
export function asciiCase(s: string, upper: boolean): string {
  return s.replace(upper ? /[a-z]+/g : /[A-Z]+/g, (m) => upper ? m.toUpperCase() : m.toLowerCase());
}

/** The text ausearch prints for a conversion that set `errno` to ERANGE. */
export const ERANGE = "Numerical result out of range";

/**
 * ausearch's `convert_str_to_msg`: a number (`strtoul`, as a C `int`) or a
 * libaudit 3.0.9 record type name (any case, `UNKNOWN[n]`); a string is the
 * error ausearch printed before its list of types, `undefined` an unknown name.
 */
function messageType(text: string): number | string | undefined {
  if (isDigitStart(text)) {
    const v = strtoul(text, 10);
    if (v === undefined) return `Numeric message type conversion error (${ERANGE}) for ${text}`;
    return Number(BigInt.asIntN(32, v));
  }
  const n = auditNameToMsgType(text);
  return n < 0 ? undefined : n;
}

/**
 * ausearch's `-m` value (`optarg`, undefined when missing): the record types
 * of a comma list, `undefined` for `ALL`; refused as ausearch refuses it
 * (`fail` gets the message and the text for stderr, its list of types last).
 */
export function messageTypes(
  arg: string,
  optarg: string | undefined,
  fail: (message: string, stderr: string) => never,
): number[] | undefined {
  if (optarg === undefined) {
    const message = `Argument is required for ${arg}`;
    return fail(message, `${message}\n${messageTypeList()}\n`);
  }
  if (asciiCase(optarg, true) === "ALL") return undefined;
  const types: number[] = [];
  for (const t of optarg.split(",").filter((x) => x !== "")) {
    const n = messageType(t);
    if (typeof n === "number") types.push(n);
    else {
      const list = messageTypeList();
      fail(n ?? list, n === undefined ? `${list}\n` : `${n}\n${list}\n`);
    }
  }
  return types;
}

/** ausearch's list of message types, printed when `-m` is refused. */
function messageTypeList(): string {
  let out = "Valid message types are: ALL ";
  // AUDIT_USER to AUDIT_LAST_VIRT_MSG, skipping AUDIT_WATCH_INS to AUDIT_FIRST_USER_MSG.
  for (let i = 1005; i <= 2999; i++) {
    if (i === 1007) i = 1100;
    const name = auditMsgTypeToName(i);
    if (name !== "(null)") out += name + " ";
  }
  return out;
}

const MACH_X86 = 0, MACH_86_64 = 1, MACH_PPC64 = 3, MACH_PPC = 4, MACH_S390X = 5;
const MACH_S390 = 6, MACH_ARM = 8, MACH_AARCH64 = 9, MACH_PPC64LE = 10;

function machineNumber(name: string): number | undefined {
  const lower = asciiCase(name, false);
  for (const [n, s] of MACHINES) if (s === lower) return n;
  return undefined;
}

/**
 * libaudit 3.0.9's `audit_determine_machine` for `--arch`: `b64`/`b32` of the
 * host's machine (`uname -m`), a machine name (any case) or an `AUDIT_ARCH_*`
 * value in hex; the arch's name (`x86_64`, `i386`, …), or `undefined` when
 * libaudit refuses it.
 */
export function determineMachine(arch: string, host: string): string | undefined {
  const lower = asciiCase(arch, false);
  const bits = lower === "b64" ? 64 : lower === "b32" ? 32 : 0;
  let m = bits !== 0 ? machineNumber(host) : machineNumber(arch);
  if (m === undefined && bits === 0) {
    const v = strtoul(arch, 16);
    const elf = v === undefined ? -1 : elfToMachine(Number(BigInt.asUintN(32, v)));
    if (elf >= 0) m = elf;
  }
  if (m === undefined) return undefined;
  if (bits === 32) {
    m = m === MACH_86_64
      ? MACH_X86
      : m === MACH_PPC64
      ? MACH_PPC
      : m === MACH_S390X
      ? MACH_S390
      : m === MACH_AARCH64
      ? MACH_ARM
      : m;
  }
  const only32 = m === MACH_X86 || m === MACH_PPC || m === MACH_S390 || m === MACH_ARM;
  if (only32 && bits === 64) return undefined;
  if ((m === MACH_PPC64LE || m === MACH_AARCH64) && bits === 32) return undefined;
  if (!only32 && m !== MACH_86_64 && m !== MACH_PPC64 && m !== MACH_S390X) {
    if (m !== MACH_PPC64LE && m !== MACH_AARCH64) return undefined;
  }
  const name = machineName(m);
  return name === undefined ? undefined : MACHINE_NAMES[name];
}
