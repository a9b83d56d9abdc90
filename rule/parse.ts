/**
 * auditctl rule syntax → {@linkcode Rule}, following auditctl 3.0.9's
 * `setopt`, `audit_rule_fieldpair_data` and friends step by step, so that
 * the same text gives the same bytes and the same refusals.
 *
 * @module
 */
import {
  ACTION,
  BITMASK_SIZE,
  FIELD,
  FILTER_MASK,
  FILTER_PREPEND,
  KEY_SEPARATOR,
  LIST,
  MAX_FIELDS,
  MAX_KEY_LEN,
  OP,
  PATH_MAX,
  PERM,
} from "./constants.ts";
import { RuleSyntaxError } from "./errors.ts";
import { type Option, type Place, readOptions } from "./options.ts";
import {
  ACTION_BY_NAME,
  compareValue,
  FIELD_BY_NAME,
  LIST_BY_NAME,
  type Machine,
  machineFor,
} from "./tables.ts";
import { fieldPair, type FieldPairState, parsePerms } from "./_field_pair.ts";
import { addSyscalls, type SyscallState } from "./_syscalls.ts";
import { type Token, tokenize, tokensOfArgs } from "./tokenize.ts";
import type { ControlLine, Rule, RuleField, RuleOperation, RuleParseOptions } from "./types.ts";
import { parseUnsigned } from "./values.ts";

/** What one line of auditctl options holds: control actions and at most one rule. */
export interface ParsedLine {
  /** Control actions in the order given (`-D`, `-b 8192`, `-e 1`, …). */
  readonly controls: ControlLine[];
  /** The rule to add or delete, if the line has one. */
  readonly rule: Rule | undefined;
  /** Warnings auditctl would print (the line is still valid). */
  readonly warnings: RuleSyntaxError[];
}

const NAME_MAX = 255;

class LineParser implements FieldPairState, SyscallState {
  add: number | undefined;
  del: number | undefined;
  action: number | undefined;
  operations = 0;
  syscallAdded = false;
  permAdded = false;
  exeAdded = false;
  filterFsAdded = false;
  elf: number | undefined;
  mask: number[] = new Array(BITMASK_SIZE).fill(0);
  fields: RuleField[] = [];
  key = "";
  readonly controls: ControlLine[] = [];
  readonly warnings: RuleSyntaxError[] = [];

  constructor(readonly options: RuleParseOptions, readonly place: Place) {}

  fail(token: Token, reason: string): never {
    throw new RuleSyntaxError({ ...this.place, column: token.column, token: token.text, reason });
  }

  get list(): number | undefined {
    if (this.add !== undefined) return this.add & FILTER_MASK;
    if (this.del !== undefined) return this.del & FILTER_MASK;
    return undefined;
  }

  defaultMachine(token: Token): Machine {
    const name = this.options.machine ?? "x86_64";
    return machineFor(name) ?? this.fail(token, `unknown machine type '${name}'`);
  }

  run(options: readonly Option[]): ParsedLine {
    const [first, second] = options;
    if (
      options.length === 2 && second?.name === "k" && (first?.name === "D" || first?.name === "l")
    ) {
      const key = second.arg ?? "";
      this.controls.push(first.name === "D" ? { kind: "delete_all", key } : { kind: "list", key });
      return { controls: this.controls, rule: undefined, warnings: this.warnings };
    }
    for (const option of options) this.option(option, options.length);
    const last = options[options.length - 1];
    if (this.key !== "" && last !== undefined) {
      fieldPair(this, `key=${this.key}`, this.list ?? LIST.user, last.argToken, true);
    }
    if (this.add === undefined && this.del === undefined) {
      if (this.syscallAdded && last !== undefined) {
        this.fail(last.token, "no list given: expected -a list,action (or -d) with -S");
      }
      return { controls: this.controls, rule: undefined, warnings: this.warnings };
    }
    const list = this.list!;
    if (list !== LIST.task && !this.syscallAdded) this.mask.fill(0xffffffff);
    const operation: RuleOperation = this.del !== undefined
      ? "delete"
      : (this.add! & FILTER_PREPEND ? "prepend" : "append");
    const rule: Rule = {
      operation,
      list,
      action: this.action ?? ACTION.always,
      mask: this.mask,
      fields: this.fields,
    };
    return { controls: this.controls, rule, warnings: this.warnings };
  }

  option(option: Option, count: number): void {
    const arg = option.arg ?? "";
    const at = option.argToken;
    switch (option.name) {
      case "a":
      case "A":
        return this.setupList(option, "add");
      case "d":
        return this.setupList(option, "del");
      case "S":
        return addSyscalls(this, arg, at);
      case "F":
        return this.field(arg, at);
      case "C":
        return this.compare(arg, at);
      case "w":
        if (this.add !== undefined || this.del !== undefined) {
          this.fail(option.token, "-w cannot be combined with -a, -A or -d");
        }
        this.add = LIST.exit;
        return this.watch(arg, at);
      case "W":
        this.del = LIST.exit;
        return this.watch(arg, at);
      case "k":
        if (
          !(this.syscallAdded || this.permAdded || this.exeAdded || this.filterFsAdded) ||
          (this.add === undefined && this.del === undefined)
        ) {
          this.fail(option.token, "-k needs a watch (-w), syscall (-S) or exe given before it");
        }
        return this.addKey(arg, at);
      case "p":
        if (this.add === undefined && this.del === undefined) {
          this.fail(option.token, "-p needs a watch (-w) or rule given before it");
        }
        return this.perms(arg, at);
      case "D":
        if (count !== 1) this.fail(option.token, "-D takes no other options (except -k KEY)");
        this.controls.push({ kind: "delete_all" });
        return;
      case "e":
      case "f":
        if (!["0", "1", "2"].includes(arg)) {
          this.fail(at, `-${option.name} value '${arg}': expected 0, 1 or 2`);
        }
        this.controls.push({
          kind: option.name === "e" ? "enabled" : "failure",
          value: Number(arg),
        });
        return;
      case "b":
      case "r":
      case "backlog_wait_time": {
        const value = parseUnsigned(arg);
        const label = option.name.length === 1 ? `-${option.name}` : `--${option.name}`;
        if (value === undefined) this.fail(at, `${label} value '${arg}': expected a number`);
        const kind = option.name === "b"
          ? "backlog_limit"
          : option.name === "r"
          ? "rate_limit"
          : "backlog_wait_time";
        this.controls.push({ kind, value });
        return;
      }
      case "loginuid-immutable":
        this.controls.push({ kind: "loginuid_immutable" });
        return;
      case "reset-lost":
        this.controls.push({ kind: "reset_lost" });
        return;
      case "c":
        this.controls.push({ kind: "continue_on_error" });
        return;
      case "i":
        this.controls.push({ kind: "ignore_errors" });
        return;
      case "l":
        if (count !== 1) this.fail(option.token, "-l takes no other options here (except -k KEY)");
        this.controls.push({ kind: "list" });
        return;
      case "s":
        if (count !== 1) this.fail(option.token, "-s takes no other options here");
        this.controls.push({ kind: "status" });
        return;
      case "R":
        this.fail(option.token, "-R: nested rules files are not supported");
        break;
      default:
        this.fail(
          option.token,
          `option '${option.token.text}' is not supported in rules (expected -a, -A, -d, -w, -W, ` +
            "-S, -F, -C, -k, -p or a control option such as -D, -b, -e, -f, -r)",
        );
    }
  }

  setupList(option: Option, which: "add" | "del"): void {
    const text = option.arg ?? "";
    const at = option.argToken;
    if (++this.operations !== 1) {
      this.fail(option.token, "only one of -a, -A, -d, -w or -W per rule");
    }
    if (which === "add" && text.includes("task") && this.syscallAdded) {
      this.fail(at, "syscalls (-S) cannot be audited on the task list");
    }
    const parts = text.split(",");
    const expected = "expected list,action: a list of exit, task, user, exclude, filesystem, " +
      "io_uring and an action of always or never";
    if (parts.length !== 2) this.fail(at, `'${text}': ${expected}`);
    let list: number | undefined, action: number | undefined;
    for (const part of parts as [string, string]) {
      if (part === "possible") {
        this.fail(at, `'${text}': the action 'possible' is deprecated; expected always or never`);
      }
      if (part in ACTION_BY_NAME && action === undefined) action = ACTION_BY_NAME[part];
      else if (part in LIST_BY_NAME && list === undefined) list = LIST_BY_NAME[part];
      else this.fail(at, `'${text}': unknown '${part}'; ${expected}`);
    }
    if (list === undefined || action === undefined) this.fail(at, `'${text}': ${expected}`);
    this.action = action;
    if (which === "del") this.del = list;
    else this.add = option.name === "A" ? list | FILTER_PREPEND : list;
  }

  field(text: string, at: Token): void {
    const list = this.list;
    if (list === undefined) {
      this.fail(at, `-F ${text}: the list (-a list,action) must come before -F`);
    }
    if (text.startsWith("key=")) {
      return this.addKey(text.slice(4), { text: text.slice(4), column: at.column + 4 });
    }
    fieldPair(this, text, list, at, false);
    const last = this.fields[this.fields.length - 1]?.field;
    if (last === FIELD.perm) this.permAdded = true;
    if (last === FIELD.exe) this.exeAdded = true;
  }

  addKey(key: string, at: Token): void {
    if (key === "") this.fail(at, "empty key: expected a key after -k or key=");
    if (key.length + this.key.length + (this.key ? 1 : 0) > MAX_KEY_LEN) {
      this.fail(at, `key '${key}' makes the keys longer than ${MAX_KEY_LEN} bytes`);
    }
    if (key.includes(KEY_SEPARATOR)) {
      this.fail(at, `key '${key}' contains the key separator \\x01`);
    }
    const bad = ["!=", ">=", "<=", "&="].find((op) => key.includes(op));
    if (bad !== undefined) {
      this.fail(at, `key '${key}': auditctl cannot send a key containing '${bad}'`);
    }
    this.key = this.key ? `${this.key}${KEY_SEPARATOR}${key}` : key;
  }

  compare(text: string, at: Token): void {
    const flags = this.list;
    if (this.fields.length >= MAX_FIELDS - 1) this.fail(at, `-C ${text}: too many fields in rule`);
    let op: number, split: number, width: number;
    if ((split = text.indexOf("!=")) >= 0) op = OP.notEqual, width = 2;
    else if ((split = text.indexOf("=")) >= 0) op = OP.equal, width = 1;
    else this.fail(at, `-C ${text}: expected field=field or field!=field`);
    const left = text.slice(0, split), right = text.slice(split + width);
    if (left === "") this.fail(at, `-C ${text}: missing field name before the operator`);
    if (right === "") {
      this.fail(at, `-C ${text}: missing field name after the operator`);
    }
    const a = FIELD_BY_NAME[left.toLowerCase()] ??
      this.fail(at, `-C ${text}: unknown field '${left}'`);
    const b = FIELD_BY_NAME[right.toLowerCase()] ??
      this.fail(
        { text: right, column: at.column + split + width },
        `-C ${text}: unknown field '${right}'`,
      );
    if (flags !== LIST.exit) this.fail(at, `-C ${text}: comparisons work only on the exit list`);
    const value = compareValue(a, b);
    if (value === undefined) {
      this.fail(
        at,
        `-C ${text}: '${left}' and '${right}' cannot be compared (uid fields compare with ` +
          "uid, euid, suid, fsuid, auid, obj_uid; gid fields with gid, egid, sgid, fsgid, obj_gid)",
      );
    }
    this.fields.push({ field: FIELD.field_compare, op, value });
  }

  watch(path: string, at: Token): void {
    this.syscallAdded = true;
    this.action = ACTION.always;
    if (path === "") this.fail(at, "the watch needs a path");
    if (path.length >= PATH_MAX) this.fail(at, "the watched path is too long");
    if (!path.startsWith("/")) {
      this.fail(
        at,
        `watch path '${path}': expected an absolute path starting with '/'` +
          (/^["']/.test(path)
            ? " (auditctl does not understand quotes; write '\\ ' for a space)"
            : ""),
      );
    }
    if (path.length > 2) path = path.replace(/(.)\/+$/, "$1");
    const base = path.slice(path.lastIndexOf("/") + 1);
    if (new TextEncoder().encode(base).length > NAME_MAX) {
      this.fail(at, `watch path '${path}': the base name is longer than ${NAME_MAX} bytes`);
    }
    if (this.fields.length > 0) this.fail(at, "-w must come before the rule's other fields");
    const isDir = this.options.isDirectory?.(path) ?? false;
    this.mask.fill(0xffffffff);
    this.fields = [
      { field: isDir ? FIELD.dir : FIELD.watch, op: OP.equal, value: path },
      { field: FIELD.perm, op: OP.equal, value: PERM.read | PERM.write | PERM.exec | PERM.attr },
    ];
    this.permAdded = true;
  }

  perms(text: string, at: Token): void {
    const value = parsePerms(text);
    if (value === undefined) this.fail(at, `permissions '${text}': expected up to 4 of r, w, x, a`);
    if (this.fields.length < 1) this.fail(at, "-p needs a watch or field given before it");
    let done = false;
    this.fields = this.fields.map((f) => {
      if (f.field !== FIELD.perm) return f;
      done = true;
      return { ...f, value };
    });
    if (!done) {
      if (this.fields.length >= MAX_FIELDS - 1) this.fail(at, "too many fields in rule");
      this.fields.push({ field: FIELD.perm, op: OP.equal, value });
    }
    this.permAdded = true;
  }
}

/**
 * Parses one line of auditctl options (a rule and/or control options such as
 * `-D`, `-b 8192`). Throws {@linkcode RuleSyntaxError} for what auditctl
 * would refuse.
 */
export function parseLine(
  text: string | readonly string[],
  options: RuleParseOptions = {},
  place: Place = {},
): ParsedLine {
  const tokens = typeof text === "string" ? tokenize(text) : tokensOfArgs(text);
  const opts = readOptions(tokens, place);
  if (opts.length === 0) {
    throw new RuleSyntaxError({
      ...place,
      token: "",
      reason: "empty rule: expected auditctl options",
    });
  }
  return new LineParser(options, place).run(opts);
}

/**
 * Parses one rule in auditctl syntax, for example
 * `-a always,exit -F arch=b64 -S openat -F exit=-EACCES -k access` or
 * `-w /etc/passwd -p wa -k identity`. Pass a string (split like a rules file
 * line: on spaces, `\ ` for a space) or the arguments already split.
 *
 * @throws {RuleSyntaxError} when auditctl would refuse the rule.
 */
export function parseRule(text: string | readonly string[], options: RuleParseOptions = {}): Rule {
  const { rule, controls } = parseLine(text, options);
  if (rule === undefined || controls.length > 0) {
    const first = typeof text === "string" ? text.trim().split(" ")[0] ?? "" : text[0] ?? "";
    throw new RuleSyntaxError({
      column: 1,
      token: first,
      reason: rule === undefined
        ? `'${first}' is not a rule: expected -a, -A, -d, -w or -W`
        : "control options cannot be mixed into a single rule",
    });
  }
  return rule;
}
