/**
 * Field interpretation as auparse 3.0.9 does it (`auparse_interp_adjust_type`
 * and `auparse_do_interpretation`): the field's type from its name and
 * record type, then the type's printer, then escaping.
 *
 * @module
 */

import { ERRNO_NAMES } from "../../parse/tables/errno.ts";
import {
  elfToMachine,
  printA0,
  printA1,
  printA2,
  printA3,
  printArch,
  printSyscall,
} from "./_args.ts";
import type { ArgContext } from "./_args.ts";
import { int32, isHexString, isIntString, strtoul } from "./_c.ts";
import { escapeFor, escapeKeys } from "./_escape.ts";
import * as P from "./_print.ts";
import { L } from "./_print.ts";
import { printSockaddr } from "./_sockaddr.ts";
import { printTtyData } from "./_tty.ts";
import { FIELD_TYPES } from "./tables.ts";
import type { EscapeMode, FieldContext, FieldType, NameResolver } from "./types.ts";

P.setErrnoNames((n) => ERRNO_NAMES[n]);

import { msgTypeName, msgTypeNumber, nameToMsgType } from "./_msg_type_names.ts";
export { msgTypeName, msgTypeNumber, nameToMsgType };

const T = {
  EXECVE: msgTypeNumber("EXECVE"),
  AVC: msgTypeNumber("AVC"),
  USER_TTY: msgTypeNumber("USER_TTY"),
  NETFILTER_PKT: msgTypeNumber("NETFILTER_PKT"),
  PATH: msgTypeNumber("PATH"),
  MQ_OPEN: msgTypeNumber("MQ_OPEN"),
  CRYPTO_KEY_USER: msgTypeNumber("CRYPTO_KEY_USER"),
  ADD_GROUP: msgTypeNumber("ADD_GROUP"),
  GRP_MGMT: msgTypeNumber("GRP_MGMT"),
  DEL_GROUP: msgTypeNumber("DEL_GROUP"),
  TRUSTED_APP: msgTypeNumber("TRUSTED_APP"),
  KERN_MODULE: msgTypeNumber("KERN_MODULE"),
};

/** The record type numbers the interpreter treats specially. */
export const RECORD = T;

/**
 * auparse's type of a field (`auparse_interp_adjust_type`): from the field
 * name (typetab), corrected for names used twice (`saddr` in AVC, `acct` by
 * its value, `id` in group records, `a*` in EXECVE, …).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { fieldType } from "@libaudit/libaudit/interpret";
 * assert.equal(fieldType(1300, "a1", "80000"), "A1");
 * assert.equal(fieldType(1116, "id", "1001"), "GID");
 * ```
 */
export function fieldType(recordType: number, name: string, value: string): FieldType {
  switch (recordType) {
    case T.EXECVE:
      if (name[0] === "a" && name !== "argc" && !name.includes("_len")) return "ESCAPED";
      break;
    case T.AVC:
      if (name === "saddr") return "UNCLASSIFIED";
      break;
    case T.USER_TTY:
      if (name === "msg") return "ESCAPED";
      break;
    case T.NETFILTER_PKT:
      if (name === "saddr") return "ADDR";
      break;
  }
  if (name === "acct") {
    if (value[0] === '"' || isHexString(value)) return "ESCAPED";
    return "UNCLASSIFIED";
  }
  switch (recordType) {
    case T.PATH:
      if (name === "flags") return "FLAGS";
      break;
    case T.MQ_OPEN:
      if (name === "mode") return "MODE_SHORT";
      break;
    case T.CRYPTO_KEY_USER:
      if (name === "fp") return "UNCLASSIFIED";
      break;
    case T.ADD_GROUP:
    case T.GRP_MGMT:
    case T.DEL_GROUP:
      if (name === "id") return "GID";
      break;
    case T.TRUSTED_APP:
      if (value[0] === '"') return "ESCAPED";
      if (isIntString(value)) return "UNCLASSIFIED";
      if (isHexString(value)) return "ESCAPED";
      return "UNCLASSIFIED";
    case T.KERN_MODULE:
      if (name === "name") return "ESCAPED";
      break;
  }
  return fieldTypes().get(name) ?? "UNCLASSIFIED";
}

let typeMap: Map<string, FieldType> | undefined;

function fieldTypes(): Map<string, FieldType> {
  return typeMap ??= new Map(Object.entries(FIELD_TYPES) as [string, FieldType][]);
}

const X86_64 = 0xc000003e;

function defaultProtocol(proto: number): string | undefined {
  return L.proto.get(proto);
}

/** A {@linkcode FieldContext} resolved once: stable shape for fast access. */
export class FieldState implements ArgContext {
  /** libaudit machine of the record's arch, -1 when none. */
  machine = -1;
  /** The syscall number. */
  syscall = 0;
  /** a0 of the record. */
  a0 = 0n;
  /** a1 of the record. */
  a1 = 0n;
  /** Id names. */
  resolver: NameResolver | undefined = undefined;
  /** Protocol names. */
  protocolName: (proto: number) => string | undefined = defaultProtocol;
  /** Escape mode. */
  escape: EscapeMode = "tty";
  /** The machine assumed without arch. */
  hostMachine: number = elfToMachine(X86_64);
  /** ENRICHED translations. */
  interpretations: ReadonlyMap<string, string> | undefined = undefined;
  /** Working directory for names. */
  cwd: string | undefined = undefined;

  /** Fills the state from a context. */
  static of(c: FieldContext): FieldState {
    const s = new FieldState();
    if (c.arch !== undefined) s.machine = elfToMachine(c.arch);
    s.syscall = c.syscall ?? 0;
    s.a0 = c.a0 ?? 0n;
    s.a1 = c.a1 ?? 0n;
    s.resolver = c.resolver;
    if (c.protocolName !== undefined) s.protocolName = c.protocolName;
    if (c.escape !== undefined) s.escape = c.escape;
    if (c.hostArch !== undefined) s.hostMachine = elfToMachine(c.hostArch);
    s.interpretations = c.interpretations;
    s.cwd = c.cwd;
    return s;
  }
}

/**
 * The interpreted text of a value of type `type` (auparse's
 * `auparse_do_interpretation`), escaped per `context.escape` (default
 * `tty`). `name` is the field name (for ENRICHED interpretations and the
 * key separator).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { interpretTyped } from "@libaudit/libaudit/interpret";
 * assert.equal(interpretTyped("MODE", "mode", "040755"), "dir,755");
 * ```
 */
export function interpretTyped(
  type: FieldType,
  name: string,
  value: string,
  context: FieldContext = {},
): string {
  return interpretWithState(type, name, value, FieldState.of(context));
}

/** {@linkcode interpretTyped} with a prepared state (the record walk reuses one). */
export function interpretWithState(
  type: FieldType,
  name: string,
  value: string,
  s: FieldState,
): string {
  // Values whose text depends on nothing but the value repeat a lot (paths,
  // titles, addresses, exit codes): remember them, unless an ENRICHED tail
  // could override them.
  let cache: Map<string, string> | undefined;
  if (s.interpretations !== undefined) {
    // auparse returns an ENRICHED translation as it is, before escaping
    // (auparse_do_interpretation), unless it reads `unknown-…`
    const pre = s.interpretations.get(name);
    if (pre !== undefined && !pre.startsWith("unknown-")) {
      return type === "UID" || type === "GID" ? P.printEscaped(pre) : pre;
    }
  } else {
    if (
      PURE_TYPES.has(type) &&
      (s.cwd === undefined || (type !== "ESCAPED" && type !== "ESCAPED_FILE")) &&
      (type !== "SOCKADDR" || s.resolver?.ifName === undefined)
    ) cache = cacheIn(caches, type, s.escape);
    else if (
      (type === "UID" || type === "GID" || type === "SOCKADDR") && s.resolver?.stable === true
    ) {
      // Ids (and interface names) with a resolver whose answers do not
      // change: remembered per resolver.
      let root = idCaches.get(s.resolver);
      if (root === undefined) idCaches.set(s.resolver, root = new Map());
      cache = cacheIn(root, type, s.escape);
    }
    const hit = cache?.get(value);
    if (hit !== undefined) return hit;
  }
  const mode = s.escape;
  const raw = interpretRaw(type, value, s);
  const out = mode === "raw"
    ? raw
    : type === "ESCAPED_KEY"
    ? escapeKeys(raw, mode)
    : escapeFor(raw, mode);
  if (cache !== undefined) {
    if (cache.size >= 4096) cache.clear();
    cache.set(value, out);
  }
  return out;
}

/** Types whose interpretation is a function of the value alone (no ids, syscall, arch). */
const PURE_TYPES: ReadonlySet<FieldType> = new Set<FieldType>([
  "EXIT",
  "ESCAPED",
  "ESCAPED_FILE",
  "ESCAPED_KEY",
  "PERM",
  "MODE",
  "MODE_SHORT",
  "SOCKADDR",
  "FLAGS",
  "PROMISC",
  "CAPABILITY",
  "SUCCESS",
  "SIGNAL",
  "LIST",
  "TTY_DATA",
  "SESSION",
  "CAP_BITMAP",
  "NFPROTO",
  "ICMPTYPE",
  "PERSONALITY",
  "SECCOMP",
  "OFLAG",
  "MMAP",
  "PROCTITLE",
  "HOOK",
  "NETACTION",
  "MACPROTO",
  "IOCTL_REQ",
  "FANOTIFY",
  "NLMCGRP",
  "RESOLVE",
]);

type Caches = Map<EscapeMode, Map<FieldType, Map<string, string>>>;
/** Interpretations of pure types by value, one map per escape mode and type. */
const caches: Caches = new Map();
/** The same for ids, per stable resolver. */
const idCaches = new WeakMap<NameResolver, Caches>();

function cacheIn(caches: Caches, type: FieldType, mode: EscapeMode): Map<string, string> {
  let byType = caches.get(mode);
  if (byType === undefined) caches.set(mode, byType = new Map());
  let cache = byType.get(type);
  if (cache === undefined) byType.set(type, cache = new Map());
  return cache;
}

function interpretRaw(type: FieldType, val: string, c: FieldState): string {
  const r = c.resolver;
  switch (type) {
    case "UID":
      return P.printUid(val, 10, r);
    case "GID":
      return P.printGid(val, 10, r);
    case "SYSCALL":
      return printSyscall(val, c, c.hostMachine);
    case "ARCH":
      return printArch(val, c.machine);
    case "EXIT":
      return P.printExit(val);
    case "ESCAPED":
    case "ESCAPED_FILE":
      return P.printEscapedExt(val, c.cwd);
    case "ESCAPED_KEY":
      return P.printEscaped(val);
    case "PERM":
      return P.printPerm(val);
    case "MODE":
      return P.printMode(val, 8);
    case "MODE_SHORT":
      return P.printModeShort(val, 8);
    case "SOCKADDR":
      return printSockaddr(val, r?.ifName === undefined ? undefined : (i) => r.ifName!(i));
    case "FLAGS":
      return P.printFlags(val);
    case "PROMISC":
      return P.printPromiscuous(val);
    case "CAPABILITY":
      return P.printCapabilities(val, 10);
    case "SUCCESS":
      return P.printSuccess(val);
    case "A0":
      return printA0(val, c);
    case "A1":
      return printA1(val, c);
    case "A2":
      return printA2(val, c);
    case "A3":
      return printA3(val, c);
    case "SIGNAL":
      return P.printSignals(val, 10);
    case "LIST":
      return P.printList(val);
    case "TTY_DATA":
      return printTtyData(val);
    case "SESSION":
      return P.printSession(val);
    case "CAP_BITMAP":
      return P.printCapBitmap(val);
    case "NFPROTO":
      return P.printNamed(val, 10, L.nfproto, () => `unknown-netfilter-protocol(${val})`);
    case "ICMPTYPE":
      return P.printNamed(val, 10, L.icmp, () => `unknown-icmp-type(${val})`);
    case "PROTOCOL": {
      const v = strtoul(val, 10);
      if (v === undefined) return P.convErr(val);
      return c.protocolName(int32(v)) ?? "undefined protocol";
    }
    case "ADDR":
      return val;
    case "PERSONALITY":
      return P.printPersonality(val);
    case "SECCOMP":
      return P.printSeccomp(val);
    case "OFLAG":
      return P.printOpenFlags(val);
    case "MMAP":
      return P.printMmap(val);
    case "PROCTITLE":
      return P.printProctitle(val);
    case "HOOK":
      return P.printNamed(val, 16, L.hook, () => `unknown-hook(${val})`);
    case "NETACTION":
      return P.printNamed(val, 16, L.netaction, () => `unknown-action(${val})`);
    case "MACPROTO":
      return P.printMacproto(val);
    case "IOCTL_REQ":
      return P.printNamed(val, 16, L.ioctl, (v) => `0x${(v >>> 0).toString(16)}`);
    case "FANOTIFY":
      return P.printFanotify(val);
    case "NLMCGRP":
      return P.printNlmcgrp(val);
    case "RESOLVE":
      return P.printResolve(val);
    default:
      return val;
  }
}

/**
 * Interprets one field as `ausearch -i` and auparse's
 * `auparse_interpret_field` do: ids to names (`unset`, `root`,
 * `unknown(N)`), syscall, arch, `exit` errno text, `mode` (`file,755`),
 * `perm`, `a0`–`a3` by syscall (open, socket, clone, mmap, ioctl, prctl,
 * ptrace, fcntl…), capabilities and `cap_*` sets, `saddr`, `proctitle` and
 * hex strings, signals, `res`/`success`, `ses`, seccomp codes and more;
 * unknown fields come back as they are. The result is escaped per
 * `context.escape` (default `tty`: control characters as `\ooo`).
 *
 * @param recordType The record type number (e.g. 1300 for SYSCALL).
 * @param name The field name as in the log (`a1`, `uid`, `saddr`).
 * @param value The value as in the log (quotes included for quoted strings).
 * @param context The record's arch, syscall, a0, a1, an id resolver….
 * @returns The interpreted text.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { interpretField } from "@libaudit/libaudit/interpret";
 * const ctx = { arch: 0xc000003e, syscall: 257 };
 * assert.equal(interpretField(1300, "a2", "80000", ctx), "O_RDONLY|O_CLOEXEC");
 * assert.equal(interpretField(1302, "mode", "0100755"), "file,755");
 * assert.equal(interpretField(1300, "exit", "-2"), "ENOENT(No such file or directory)");
 * assert.equal(interpretField(1327, "proctitle", "6C73002D6C"), "ls -l");
 * ```
 */
export function interpretField(
  recordType: number,
  name: string,
  value: string,
  context: FieldContext = {},
): string {
  return interpretWithState(
    fieldType(recordType, name, value),
    name,
    value,
    FieldState.of(context),
  );
}
