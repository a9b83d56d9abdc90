/**
 * One `-F field=value` pair (and `-k key`), following auditctl 3.0.9's
 * `audit_rule_fieldpair_data`: the field and operator, the value resolved by
 * the field's kind, and the list and kernel-feature checks auditctl makes.
 *
 * @module
 */
import {
  AF_MAX,
  FEATURE,
  FIELD,
  LIST,
  MAX_FIELDS,
  MAX_KEY_LEN,
  OP,
  PATH_MAX,
  PERM,
  UNSET,
} from "./constants.ts";
import { msgTypeNumber } from "./lookup.ts";
import { errnoNumber } from "../parse/tables/lookup.ts";
import {
  ARCH_64BIT,
  FIELD_BY_NAME,
  FILE_TYPES,
  FS_TYPES,
  isStringField,
  type Machine,
  machineByElf,
  machineFor,
  MACHINES,
  OPERATOR_SEARCH_ORDER,
} from "./tables.ts";
import type { Token } from "./tokenize.ts";
import type { RuleField, RuleParseOptions } from "./types.ts";
import { parseSigned, parseUnsigned, startsWithDigit } from "./values.ts";

/** The parts of a line's parse state that a field pair reads and updates. */
export interface FieldPairState {
  readonly options: RuleParseOptions;
  readonly fields: RuleField[];
  syscallAdded: boolean;
  permAdded: boolean;
  exeAdded: boolean;
  filterFsAdded: boolean;
  elf: number | undefined;
  fail(token: Token, reason: string): never;
  defaultMachine(token: Token): Machine;
}

const UID_FIELDS = new Set<number>([
  FIELD.uid,
  FIELD.euid,
  FIELD.suid,
  FIELD.fsuid,
  FIELD.loginuid,
  FIELD.obj_uid,
]);
const GID_FIELDS = new Set<number>([FIELD.gid, FIELD.egid, FIELD.sgid, FIELD.fsgid, FIELD.obj_gid]);
const EXCLUDE_FIELDS = new Set<number>([
  FIELD.pid,
  FIELD.uid,
  FIELD.gid,
  FIELD.loginuid,
  FIELD.msgtype,
  FIELD.subj_user,
  FIELD.subj_role,
  FIELD.subj_type,
  FIELD.subj_sen,
  FIELD.subj_clr,
  FIELD.exe,
]);

/** Adds one field pair to the line's fields, or fails naming the token. */
export function fieldPair(
  p: FieldPairState,
  text: string,
  flags: number,
  at: Token,
  isKey: boolean,
): void {
  const fail: (reason: string) => never = (reason) =>
    p.fail(at, `${isKey ? "-k" : "-F"} ${text}: ${reason}`);
  if (p.fields.length >= MAX_FIELDS - 1) fail(`too many fields (at most ${MAX_FIELDS - 1})`);
  let split = -1, op = 0, symbol = "";
  for (const [s, o] of OPERATOR_SEARCH_ORDER) {
    split = text.indexOf(s);
    if (split >= 0) {
      op = o, symbol = s;
      break;
    }
  }
  if (split < 0) fail("expected field, operator (=, !=, <, >, <=, >=, &, &=) and value");
  const name = text.slice(0, split), value = text.slice(split + symbol.length);
  const valueAt: Token = { text: value, column: at.column + split + symbol.length };
  const failValue: (reason: string) => never = (reason) =>
    p.fail(valueAt, `${isKey ? "-k" : "-F"} ${text}: ${reason}`);
  if (name === "") fail("missing field name before the operator");
  if (value === "") failValue("missing value after the operator");
  const field = FIELD_BY_NAME[name.toLowerCase()] ?? fail(`unknown field '${name}'`);
  const features = p.options.features ?? FEATURE.all;
  const exitOnly = (): void => {
    if (flags !== LIST.exit) fail(`'${name}' can only be used on the exit list`);
  };
  const eqOnly = (): void => {
    if (op !== OP.equal && op !== OP.notEqual) fail(`'${name}' takes only = or !=`);
  };
  if (flags === LIST.exclude) {
    if (!(features & FEATURE.excludeExtend)) {
      if (field !== FIELD.msgtype) fail("this kernel's exclude list takes only msgtype");
    } else if (!EXCLUDE_FIELDS.has(field)) {
      fail("the exclude list takes only msgtype, pid, uid, gid, auid, subj_* and exe fields");
    }
  }
  if (flags === LIST.filesystem && !(features & FEATURE.filterFs)) {
    fail("this kernel has no filesystem list");
  }
  let result: number | string;
  if (UID_FIELDS.has(field)) {
    result = startsWithDigit(value) || /^-[0-9]/.test(value)
      ? parseSigned(value) ?? failValue(`'${value}' is not a valid number`)
      : value === "unset"
      ? UNSET
      : p.options.lookupUser?.(value) ?? failValue(`unknown user '${value}'`);
  } else if (GID_FIELDS.has(field)) {
    result = startsWithDigit(value)
      ? parseUnsigned(value) ?? failValue(`'${value}' is not a valid number`)
      : p.options.lookupGroup?.(value) ?? failValue(`unknown group '${value}'`);
  } else if (field === FIELD.exit) {
    exitOnly();
    if (startsWithDigit(value) || /^-[0-9]/.test(value)) {
      result = parseSigned(value) ?? failValue(`'${value}' is not a valid number`);
    } else {
      const negative = value.startsWith("-");
      const errno = errnoNumber(negative ? value.slice(1) : value) ??
        failValue(`unknown errno '${value}': expected a number or a name like -EPERM`);
      result = negative ? (0x100000000 - errno) % 0x100000000 : errno;
    }
  } else if (field === FIELD.msgtype) {
    if (flags !== LIST.exclude && flags !== LIST.user) {
      fail("msgtype can only be used on the exclude or user list");
    }
    result = startsWithDigit(value)
      ? parseUnsigned(value) ?? failValue(`'${value}' is not a valid number`)
      : msgTypeNumber(value) ?? unknownBracket(value) ??
        failValue(`unknown message type '${value}'`);
  } else if (isStringField(field)) {
    if (
      field === FIELD.obj_user || field === FIELD.obj_role || field === FIELD.obj_type ||
      field === FIELD.obj_lev_low || field === FIELD.obj_lev_high || field === FIELD.watch ||
      field === FIELD.dir
    ) {
      exitOnly();
      if (field === FIELD.watch || field === FIELD.dir) p.permAdded = true;
    }
    if (field === FIELD.exe) {
      if (!(features & FEATURE.executablePath)) fail("this kernel does not support exe");
      eqOnly();
      p.exeAdded = true;
    }
    if (
      field === FIELD.filterkey &&
      !(p.syscallAdded || p.permAdded || p.exeAdded || p.filterFsAdded)
    ) {
      fail("a key needs a watch, syscall (-S) or exe given before it");
    }
    const bytes = new TextEncoder().encode(value).length;
    if (field === FIELD.filterkey ? bytes > MAX_KEY_LEN : bytes > PATH_MAX) {
      failValue("value too long");
    }
    result = value;
  } else if (field === FIELD.arch) {
    if (p.syscallAdded) fail("arch must come before -S (and cannot follow -w)");
    eqOnly();
    p.elf = archValue(p, value, valueAt);
    result = p.elf;
  } else if (field === FIELD.perm) {
    exitOnly();
    if (op !== OP.equal) fail("perm takes only =");
    result = parsePerms(value) ?? failValue(`'${value}': expected up to 4 of r, w, x, a`);
  } else if (field === FIELD.filetype) {
    exitOnly();
    result = FILE_TYPES[value.toLowerCase()] ??
      failValue(`unknown file type '${value}': expected ${Object.keys(FILE_TYPES).join(", ")}`);
  } else if (field === FIELD.fstype) {
    if (flags !== LIST.filesystem) fail("fstype can only be used on the filesystem list");
    eqOnly();
    result = startsWithDigit(value)
      ? parseUnsigned(value) ?? failValue(`'${value}' is not a valid number`)
      : FS_TYPES[value.toLowerCase()] ??
        failValue(`unknown file system type '${value}': expected a number, tracefs or debugfs`);
    p.filterFsAdded = true;
  } else if (field >= FIELD.a0 && field <= FIELD.a3) {
    result = startsWithDigit(value) || /^-[0-9]/.test(value)
      ? parseSigned(value) ?? failValue(`'${value}' is not a valid number`)
      : failValue(`'${value}': expected a number`);
  } else if (field === FIELD.sessionid) {
    if (!(features & FEATURE.sessionidFilter)) fail("this kernel does not support sessionid");
    if (flags !== LIST.exclude && flags !== LIST.user && flags !== LIST.exit) {
      fail("sessionid can only be used on the exclude, user or exit list");
    }
    result = value === "unset"
      ? UNSET
      : parseSigned(value) ?? failValue(`'${value}': expected a number or unset`);
  } else if (field === FIELD.saddr_fam) {
    const family = parseUnsigned(value) ??
      failValue(`'${value}': expected an address family number`);
    if (family >= AF_MAX) {
      failValue(`address family ${value} is too large (at most ${AF_MAX - 1})`);
    }
    result = family;
  } else {
    if (
      (field >= FIELD.devmajor && field <= FIELD.inode) || field === FIELD.success ||
      field === FIELD.ppid
    ) {
      exitOnly();
    }
    if (field === FIELD.inode) eqOnly();
    if (!startsWithDigit(value)) failValue(`'${value}': expected a number`);
    result = parseUnsigned(value) ?? failValue(`'${value}' is not a valid number`);
  }
  p.fields.push({ field, op, value: result });
}

function archValue(p: FieldPairState, value: string, at: Token): number {
  if (startsWithDigit(value)) {
    const elf = parseUnsigned(value);
    if (elf === undefined || machineByElf(elf) === undefined) {
      p.fail(
        at,
        `unknown arch '${value}': expected b32, b64, a machine name or a known AUDIT_ARCH value`,
      );
    }
    return elf;
  }
  const lower = value.toLowerCase();
  let machine: Machine | undefined;
  let bits: "32" | "64" | undefined;
  if (lower === "b64" || lower === "b32") {
    bits = lower === "b64" ? "64" : "32";
    machine = p.defaultMachine(at);
  } else {
    machine = machineFor(lower);
    if (machine === undefined && /^(0x)?[0-9a-f]+$/.test(lower)) {
      machine = machineByElf(parseInt(lower.replace(/^0x/, ""), 16));
    }
  }
  if (machine === undefined) {
    p.fail(at, `unknown arch '${value}': expected b32, b64 or a machine name like x86_64`);
  }
  if (bits === "32" && machine.bits32 !== undefined) machine = MACHINES[machine.bits32]!;
  const is64 = (machine.elf & ARCH_64BIT) !== 0;
  if ((bits === "64" && !is64) || (bits === "32" && machine.only64)) {
    p.fail(at, `arch '${value}': the machine ${machine.name} has no ${bits}-bit syscalls`);
  }
  return machine.elf;
}

function unknownBracket(value: string): number | undefined {
  const m = /^UNKNOWN\[([0-9]{1,7})\]$/i.exec(value);
  return m ? Number(m[1]) : undefined;
}

/** Parses watch permissions (`rwxa`, any case, up to 4 letters). */
export function parsePerms(text: string): number | undefined {
  if (text.length > 4 || text.length === 0) return undefined;
  let value = 0;
  for (const c of text.toLowerCase()) {
    if (c === "r") value |= PERM.read;
    else if (c === "w") value |= PERM.write;
    else if (c === "x") value |= PERM.exec;
    else if (c === "a") value |= PERM.attr;
    else return undefined;
  }
  return value;
}
